// With JavaScript off the chapter is still complete: every console's transcript is there as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAPTER, consoles, openSite, type Site } from './site.ts';

// One distinctive line (or command) per console block, in the chapter's order.
const DISTINCTIVE = [
  '000055fb4d77d000   1040K r-x-- /bin/bash',
  ' 1127  1968  24364',
  'static-dynamic/support$ ./hello-static &',
  '0000000000400000    876K r-x-- hello-static',
  '893333   20996    7128  921457   e0f71 hello-static',
  'modify-areas/support$ make -C ../../memory-areas/support',
  '  13131   17128   33592   63851    f96b hello',
  '000055beffb99000    324K rw---   [ anon ]',
  'alloc_size/support$ make',
  'Press key to allocate ...',
  '000055de9deea000    452K rw---   [ anon ]',
  'malloc(32768)',
  'mmap(NULL, 266240, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7feee19f2000',
  'Benchmarking mmap_copy on in.dat',
];

describe('the chapter without JavaScript', () => {
  let site: Site;
  beforeAll(async () => { site = await openSite(); });
  afterAll(async () => { await site?.close(); });

  it('renders every console transcript as text, with no dead Run buttons', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url + CHAPTER);
    const blocks = consoles(page);
    expect(await blocks.count()).toBe(DISTINCTIVE.length);
    for (const [i, line] of DISTINCTIVE.entries()) {
      const text = await blocks.nth(i).locator('pre').textContent();
      expect(text, `console ${i + 1}`).toContain(line);
    }
    // Prompt and command are marked up apart (the command as keyboard input).
    expect(await blocks.first().locator('pre kbd').first().textContent()).toBe('pmap -p $$');
    expect(await blocks.first().locator('pre .prompt').first().textContent()).toBe('student@os:~$ ');
    expect(await page.locator('[data-action="run"]:visible').count()).toBe(0);
    // The table of contents lists the seven sections.
    expect(await page.locator('nav[aria-label="Chapter contents"] a').count()).toBe(7);
    await context.close();
  });

  it('links the chapter from the index page', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.url + '/');
    await page.getByRole('link', { name: /Process Memory/ }).click();
    expect(new URL(page.url()).pathname).toBe(CHAPTER);
    await context.close();
  });
});
