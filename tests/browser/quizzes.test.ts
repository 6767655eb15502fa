// The chapter's quizzes: checked by mouse and by keyboard, readable without JavaScript, their code loaded only
// on the first Check, and the predictions answered by the system calls the program really makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CHAPTER, collectErrors, consoles, openSite, type Site } from './site.ts';

const IDS = ['half-page', 'granularity', 'data-page', 'malloc-small', 'malloc-large', 'mmap-copy'];

describe('quizzes', () => {
  let site: Site;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];
  const quiz = (id: string) => page.locator(`#quiz-${id}`);
  const feedback = (q: Locator) => q.locator('[data-quiz-feedback]');

  beforeAll(async () => {
    site = await openSite();
    page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectErrors(page);
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(site.url + CHAPTER);
  });
  afterAll(async () => { await site?.close(); });

  it('are all on the page, in the chapter\'s order, with their answers folded away', async () => {
    const ids = await page.locator('form[data-quiz]').evaluateAll((els) => els.map((e) => e.id));
    expect(ids).toEqual(IDS.map((id) => `quiz-${id}`));
    for (const id of IDS) {
      expect(await quiz(id).getByRole('button', { name: /^(Check|Predict)$/ }).isVisible(), id).toBe(true);
      expect(await quiz(id).locator('details').isHidden(), id).toBe(true);
      expect(await quiz(id).getByRole('group').count(), id).toBe(1); // the fieldset, named by its legend
    }
    expect(requested.some((p) => /\/quiz\.[\w-]+\.js$/.test(p))).toBe(false); // not before the first Check
  });

  it('says "Not quite" with the right answer for a wrong one, "Right." for the right one, with the why', async () => {
    const q = quiz('granularity');
    await q.getByLabel('1 KiB').check();
    await q.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => feedback(q).textContent()).toMatch(/^Not quite: the right answer is 4 KiB\. The kernel maps memory in pages/);
    expect(requested.some((p) => /\/quiz\.[\w-]+\.js$/.test(p))).toBe(true);
    await q.getByLabel('4 KiB').check();
    await q.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => feedback(q).textContent()).toMatch(/^Right\. The kernel maps memory in pages/);
    expect(await feedback(q).getAttribute('role')).toBe('status');
  });

  it('asks for an answer before checking, and checks a choose-all question by its whole set', async () => {
    const q = quiz('mmap-copy');
    await q.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => feedback(q).textContent()).toBe('Choose an answer first.');
    await q.getByRole('checkbox').nth(0).check();
    await q.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => feedback(q).textContent()).toMatch(/^Not quite: the right answers are A read and a write system call for every 8 KiB\.; Copying each block/);
    await q.getByRole('checkbox').nth(1).check();
    await q.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => feedback(q).textContent()).toMatch(/^Right\. With the files mapped/);
  });

  it('works from the keyboard alone: arrows choose, Tab reaches Check, Enter checks', async () => {
    const q = quiz('half-page');
    // Tab from the paragraph before the quiz into its radio group.
    await q.evaluate((el) => {
      const before = document.createElement('button');
      before.textContent = 'start';
      before.id = 'kbd-start';
      el.before(before);
    });
    await page.focus('#kbd-start');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('quiz-half-page');
    await page.keyboard.press('ArrowDown'); // selects the second option
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Check');
    await page.keyboard.press('Enter');
    await expect.poll(() => feedback(q).textContent()).toMatch(/^Right\. Permissions belong to pages/);
    await page.locator('#kbd-start').evaluate((el) => el.remove());
  });

  it('predict, then run: reads the answer from the system calls alloc_size really makes', async () => {
    const blocks = consoles(page);
    const firsts = await blocks.evaluateAll((els) => els.map((el) => (JSON.parse((el as HTMLElement).dataset.commands!) as string[])[0]));
    const make = blocks.nth(firsts.indexOf('make', firsts.indexOf('pmap $(pidof hello)'))); // alloc_size's
    const small = blocks.nth(firsts.indexOf('ltrace ./alloc_size'));
    const large = blocks.nth(firsts.findIndex((c) => c?.startsWith('sed -i')));
    const runButton = (b: Locator) => b.locator('[data-action="run"]');
    const readingIn = async (b: Locator) => expect.poll(() => b.locator('[data-status]').textContent(), { timeout: 30_000 }).toMatch(/is reading the terminal/);
    const enterIn = async (b: Locator) => { await b.locator('.xterm').click(); await page.keyboard.press('Enter'); };

    // Build alloc_size as the chapter does.
    await runButton(make).click();
    await expect.poll(() => runButton(make).textContent(), { timeout: 30_000 }).toMatch(/^Run again/);

    // A wrong prediction: mmap for the 32 KiB blocks.
    const q1 = quiz('malloc-small');
    await q1.getByRole('radio', { name: /^mmap/ }).check();
    await q1.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => feedback(q1).textContent()).toMatch(/^Noted: you predict mmap\./);
    expect(await q1.locator('details').isVisible()).toBe(true); // the answer without running, for those who won't
    await runButton(small).click();
    await readingIn(small);
    await enterIn(small); // "Press key to allocate": now the mallocs run
    await expect.poll(() => feedback(q1).textContent(), { timeout: 15_000 })
      .toMatch(/^You predicted mmap; the program called brk\((0x[0-9a-f]+)\) = \1 instead\. Blocks below the mmap threshold/);

    // The student lets the program finish (two more keys) before the next console.
    await enterIn(small);
    await page.waitForTimeout(150);
    await enterIn(small);
    await expect.poll(() => runButton(small).textContent(), { timeout: 15_000 }).toMatch(/^Run next/);

    // A right one: mmap for 256 KiB, after the console's sed and make.
    const q2 = quiz('malloc-large');
    await q2.getByRole('radio', { name: /^mmap/ }).check();
    await q2.getByRole('button', { name: 'Predict' }).click();
    await expect.poll(() => feedback(q2).textContent()).toMatch(/^Noted: you predict mmap\./);
    await runButton(large).click(); // takes terminal "run" over
    await readingIn(large);
    await enterIn(large);
    await expect.poll(() => feedback(q2).textContent(), { timeout: 15_000 })
      .toMatch(/^You predicted mmap; the program called mmap\(NULL, 266240, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x7f[0-9a-f]+\. Right\. 256 KiB is above/);
    // The first prediction is settled: it did not change when the second program ran.
    expect(await feedback(q1).textContent()).toMatch(/called brk/);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });

  it('without JavaScript: each question readable, its answer in a <details>, no dead buttons', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const p = await context.newPage();
    await p.goto(site.url + CHAPTER);
    expect(await p.locator('form[data-quiz]').count()).toBe(IDS.length);
    expect(await p.locator('.quiz-check:visible').count()).toBe(0);
    const q = p.locator('#quiz-malloc-large');
    expect(await q.locator('legend').textContent()).toContain('With ALLOC_SIZE_KB set to 256');
    await q.getByText('Show the answer without running it').click();
    expect(await q.locator('details').textContent()).toContain('Right answer: mmap: each block gets a mapping of its own.');
    await context.close();
  });
});
