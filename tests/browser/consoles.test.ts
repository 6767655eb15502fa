// The live consoles: Run types a block's commands into a terminal on the page's one machine; terminals share
// that machine's process table; Ctrl-C works; nothing logs an error along the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CHAPTER, collectErrors, consoles, openSite, prompts, screen, scrollbackTop, typeInto, waitForScreen, type Site } from './site.ts';

describe('live consoles', () => {
  let site: Site;
  let page: Page;
  let errors: string[];
  let first: Locator; // terminal "run", in ~
  let inspect: Locator; // terminal "inspect" (the pmap block of the static/dynamic section)

  beforeAll(async () => {
    site = await openSite();
    page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectErrors(page);
    await page.goto(site.url + CHAPTER);
    first = consoles(page).nth(0);
    inspect = consoles(page).nth(3);
  });
  afterAll(async () => { await site?.close(); });

  it('starts with no terminal code in the page: one small module script, no xterm stylesheet', async () => {
    const html = await (await fetch(site.url + CHAPTER)).text();
    // The consoles' loader, the chapter layout's (lab files' buttons, saved work: state-controls.ts), and the
    // quizzes' (quiz-loader.ts: the checking code loads on the first Check).
    expect(html.match(/<script type="module"/g)).toHaveLength(3);
    expect(html).not.toMatch(/<link[^>]+stylesheet/); // the page's own CSS is inlined; xterm's comes with its chunk
    expect(html).not.toContain('xterm-helper-textarea'); // a rule of xterm.css
  });

  it('runs the first block: a prompt, the command, its output, and the prompt again', async () => {
    const run = first.getByRole('button', { name: 'Run this command' });
    await run.click();
    // pmap's last line, then the prompt again; the command and the start of its output are in the scrollback.
    await waitForScreen(first, (s) => /total\s+\d+K\nstudent@os:~\$$/.test(s));
    expect(await scrollbackTop(page, first)).toMatch(/^student@os:~\$ pmap -p \$\$\n\d+: +-?\/bin\/bash/);
    await expect.poll(() => first.getByRole('button', { name: /Run again/ }).count()).toBe(1);
    expect(await first.locator('pre').isHidden()).toBe(true); // the terminal replaced the transcript
  });

  it('shares one process table between terminals', async () => {
    await typeInto(page, first, 'sleep 1000 &');
    await waitForScreen(first, (s) => /\[1\] \d+/.test(s));

    await inspect.getByRole('button', { name: /Run/ }).click();
    await waitForScreen(inspect, (s) => prompts(s) >= 1);
    await expect.poll(() => inspect.getByRole('button', { name: /Run again|Run next/ }).count(), { timeout: 15_000 }).toBe(1);
    const before = prompts(await screen(inspect));
    await typeInto(page, inspect, 'pidof sleep');
    const pid = (await screen(first)).match(/\[1\] (\d+)/)![1]!;
    const text = await waitForScreen(inspect, (s) => prompts(s) > before);
    expect(text).toContain(`pidof sleep\n${pid}`);
  });

  it('interrupts a foreground sleep with Ctrl-C', async () => {
    await typeInto(page, first, 'sleep 100');
    await page.waitForTimeout(200);
    const before = prompts(await screen(first));
    const t0 = Date.now();
    await page.keyboard.press('Control+C');
    const text = await waitForScreen(first, (s) => prompts(s) > before, 1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(text).toMatch(/\^C\s*\nstudent@os:~\$ ?$/);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
