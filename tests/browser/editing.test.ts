// Lab files on the page: Edit in Monaco, Save to the machine (make rebuilds), edits and terminal history kept
// across reloads, Reset, permalinks opened in a fresh browser, damaged saved state, and axe with the editor open.
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { CHAPTER, collectErrors, consoles, openSite, screen, typeInto, waitForScreen, type Site } from './site.ts';

const ALLOC = 'process-memory/drills/tasks/alloc_size/support/alloc_size.c';
const labFile = (page: Page, path: string) => page.locator(`figure[data-lab-file][data-path="/home/student/chapters/data/${path}"]`);
/** The first console of the alloc_size section (`make`, terminal "run"). */
const makeBlock = (page: Page) => consoles(page).filter({ hasText: 'alloc_size/support$ make' }).first();

async function newPage(site: Site, context?: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = context ? await context.newPage() : await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectErrors(page);
  page.on('dialog', (d) => { void d.accept(); }); // Reset's confirmation
  await page.goto(site.url + CHAPTER);
  return { page, errors };
}

/** Opens the editor of `lab` and waits for Monaco; returns how long that took. */
async function openEditor(lab: Locator): Promise<number> {
  const t0 = Date.now();
  await lab.getByRole('button', { name: /^Edit / }).click();
  await lab.locator('.monaco-editor .view-lines').waitFor({ timeout: 20_000 });
  return Date.now() - t0;
}

/** Sets the ALLOC_SIZE_KB define (line 12 of alloc_size.c) to `kb` with the keyboard, as a reader would. */
async function setAllocSize(page: Page, lab: Locator, kb: string) {
  await lab.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  for (let i = 0; i < 2; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(kb);
}

/** Runs a command line in the block's terminal and returns the screen once the prompt is back. */
async function runLine(page: Page, block: Locator, line: string, ok: (s: string) => boolean): Promise<string> {
  await typeInto(page, block, line);
  return waitForScreen(block, (s) => ok(s) && /\nstudent@os:[^\n]*\$$/.test(s), 20_000);
}

/** Presses the make block's Run and waits for its build to finish. */
async function runMake(block: Locator) {
  await block.getByRole('button', { name: /^Run/ }).click();
  // xterm paints only while on screen (the click scrolls just the button into view).
  await block.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await waitForScreen(block, (s) => /alloc_size\/support\$ make[\s\S]*\nstudent@os:[^\n]*\$$/.test(s), 30_000);
}

const DEFINE = "grep 'define ALLOC_SIZE_KB' alloc_size.c";

describe('editing lab files', () => {
  let site: Site;
  beforeAll(async () => { site = await openSite(); });
  afterAll(async () => { await site?.close(); });

  it('Edit → Save → make rebuilds with the change; a reload keeps the edit and the history; Reset restores', async () => {
    const { page, errors } = await newPage(site);
    const lab = labFile(page, ALLOC);
    await expect.poll(() => lab.getByRole('button', { name: /^Edit alloc_size\.c/ }).isVisible()).toBe(true);
    await openEditor(lab);
    await setAllocSize(page, lab, '256');
    await page.keyboard.press('Control+s');
    await expect.poll(() => lab.locator('[data-status]').textContent(), { timeout: 10_000 }).toMatch(/^Saved alloc_size\.c/);
    expect(await lab.locator('[data-edited]').isVisible()).toBe(true);
    await page.keyboard.press('Escape'); // closes the editor, focus back on Edit
    expect(await lab.locator('.monaco-editor').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-lab-action'))).toBe('edit');

    const block = makeBlock(page);
    await runMake(block);
    expect(await screen(block)).toMatch(/\ncc [^\n]*-c -o alloc_size\.o alloc_size\.c/);
    // The rebuilt program allocates 256 KiB blocks: each malloc is an mmap of its own (M_MMAP_THRESHOLD).
    const text = await runLine(page, block, "printf '\\n\\n' | ltrace ./alloc_size 2>&1 | grep -c 'malloc(262144)'", (s) => /\n10\n/.test(s));
    expect(text).toMatch(/\n10\nstudent@os/);

    // A reload: the edit is still shown, and it is what the new machine has.
    await page.reload();
    await expect.poll(() => lab.locator('[data-edited]').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await lab.locator('[data-code]').textContent()).toMatch(/#define ALLOC_SIZE_KB\t256/);
    await runMake(block);
    await runLine(page, block, DEFINE, (s) => /ALLOC_SIZE_KB\t?\s*256/.test(s));
    // The terminal's history came back: the ltrace line typed before the reload is listed.
    await runLine(page, block, 'history', (s) => /\d+ +printf[^\n]*ltrace \.\/alloc_size/.test(s));

    // Reset: the original is back on the page and on the machine.
    await lab.getByRole('button', { name: /^Reset alloc_size\.c/ }).click();
    await expect.poll(() => lab.locator('[data-status]').textContent(), { timeout: 10_000 }).toMatch(/^Restored/);
    expect(await lab.locator('[data-edited]').isVisible()).toBe(false);
    await runLine(page, block, DEFINE, (s) => /ALLOC_SIZE_KB\t?\s*32\n/.test(s));
    await page.reload();
    expect(await lab.locator('[data-code]').textContent()).toMatch(/#define ALLOC_SIZE_KB\t32/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Diff shows the change against the original', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, errors } = await newPage(site, context);
    const lab = labFile(page, ALLOC);
    await lab.getByRole('button', { name: /^Diff/ }).click();
    await expect.poll(() => lab.locator('[data-status]').textContent(), { timeout: 20_000 }).toMatch(/No changes/);
    await openEditor(lab);
    await setAllocSize(page, lab, '64');
    await lab.getByRole('button', { name: /^Diff/ }).click();
    await lab.locator('.monaco-diff-editor').waitFor();
    await expect.poll(() => lab.locator('[data-status]').textContent()).toMatch(/1 line of the original replaced by 1/);
    await page.keyboard.press('Escape'); // back to the editor, unsaved text intact
    expect(await lab.locator('.monaco-diff-editor').count()).toBe(0);
    expect(await lab.locator('.monaco-editor .view-lines').textContent()).toContain('64');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a permalink opened in a fresh browser restores the scenario as data, and leaves the reader\'s own alone', async () => {
    const mine = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page } = await newPage(site, mine);
    const lab = labFile(page, ALLOC);
    await openEditor(lab);
    await setAllocSize(page, lab, '128');
    await lab.getByRole('button', { name: /^Save/ }).click();
    await expect.poll(() => lab.locator('[data-status]').textContent(), { timeout: 10_000 }).toMatch(/^Saved/);
    const block = makeBlock(page);
    await runMake(block);
    await runLine(page, block, 'echo shared-$((6*7))', (s) => /\nshared-42\n/.test(s));
    await page.getByRole('button', { name: 'Copy link to this scenario' }).click();
    const link = await page.locator('input[data-scenario-link]').inputValue();
    expect(link).toMatch(/#scenario=[\w-]+$/);
    await mine.close();

    const fresh = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await fresh.newPage();
    const errors = collectErrors(other);
    await other.goto(link);
    await expect.poll(() => other.getByText('Opened a shared scenario').count(), { timeout: 10_000 }).toBe(1);
    const otherLab = labFile(other, ALLOC);
    await expect.poll(() => otherLab.locator('[data-code]').textContent()).toMatch(/#define ALLOC_SIZE_KB\t128/);
    // Nothing ran: the terminals are still transcripts until the reader presses Run.
    expect(await other.locator('figure[data-console] .xterm').count()).toBe(0);
    const otherBlock = makeBlock(other);
    await runMake(otherBlock);
    await runLine(other, otherBlock, DEFINE, (s) => /ALLOC_SIZE_KB\t?\s*128/.test(s));
    // The link's commands are in the terminal's history (Up recalls them); they did not run.
    await runLine(other, otherBlock, 'history', (s) => / {2}echo shared-\$\(\(6\*7\)\)\n[^]* {2}history\n/.test(s));
    expect(await screen(otherBlock)).not.toMatch(/shared-42/);
    // Looking at a shared scenario saves nothing over the reader's own work.
    expect(await other.evaluate(() => localStorage.getItem('memsim:scenario:v1'))).toBeNull();
    await other.getByRole('button', { name: 'Back to my saved work' }).click();
    await other.waitForURL((u) => !u.hash);
    await expect.poll(() => otherLab.locator('[data-code]').textContent()).toMatch(/#define ALLOC_SIZE_KB\t32/);
    expect(errors).toEqual([]);
    await fresh.close();
  });

  it('damaged saved state or a damaged link: a notice, and the page works', async () => {
    const context = await site.browser.newContext();
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        localStorage.setItem('memsim:scenario:v1', '{"v":1,"files":{"/etc/x":42}');
        localStorage.setItem('memsim:scenario:v0', '{}');
        sessionStorage.setItem('seeded', '1');
      }
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(site.url + CHAPTER);
    await expect.poll(() => page.getByText(/could not be read|older version/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('memsim:scenario:')))).toEqual([]);
    const block = consoles(page).first();
    await block.getByRole('button', { name: /^Run/ }).click();
    await waitForScreen(block, (s) => /total\s+\d+K/.test(s));

    await page.close();
    const linked = await context.newPage();
    const linkErrors = collectErrors(linked);
    await linked.goto(site.url + CHAPTER + '#scenario=not-a-scenario');
    await expect.poll(() => linked.getByText(/link's scenario could not be opened/).count(), { timeout: 10_000 }).toBe(1);
    expect(await labFile(linked, ALLOC).locator('[data-code]').textContent()).toMatch(/ALLOC_SIZE_KB\t32/);
    expect(new URL(linked.url()).hash).toBe(''); // the damaged fragment is dropped
    expect([...errors, ...linkErrors]).toEqual([]);
    await context.close();
  });

  it('Reset everything (after a confirmation) clears the saved work and reloads the labs as shipped', async () => {
    const context = await site.browser.newContext();
    const { page, errors } = await newPage(site, context);
    const lab = labFile(page, ALLOC);
    const original = (await lab.getAttribute('data-original'))!;
    await page.evaluate(([path, text]) => localStorage.setItem('memsim:scenario:v1', JSON.stringify({
      v: 1, files: { [path!]: text }, knobs: {}, history: { 'name:run': ['make'] },
    })), [`/home/student/chapters/data/${ALLOC}`, original.replace('ALLOC_SIZE_KB\t32', 'ALLOC_SIZE_KB\t64')]);
    await page.reload();
    await expect.poll(() => lab.locator('[data-edited]').isVisible(), { timeout: 10_000 }).toBe(true);
    const dialogs: string[] = [];
    page.on('dialog', (d) => dialogs.push(d.message()));
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reset everything' }).click()]);
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toMatch(/Reset everything\?$/);
    expect(await lab.locator('[data-edited]').isVisible()).toBe(false);
    expect(await lab.locator('[data-code]').textContent()).toMatch(/ALLOC_SIZE_KB\t32/);
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('axe finds nothing serious with the editor open', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await site.browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
      await page.goto(site.url + CHAPTER);
      const lab = labFile(page, ALLOC);
      await openEditor(lab);
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        type V = { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] };
        const run = (window as unknown as { axe: { run(ctx: Element): Promise<{ violations: V[] }> } }).axe.run;
        return (await run(document.querySelector('main')!)).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
      });
      expect(violations, scheme).toEqual([]);
      await page.close();
    }
  });
});
