// The copy benchmark's console block (Memory Mapping): in the page's worker, in real time, the programs print
// the cost model's figures — the same microseconds as the transcript the chapter shows (kernel/cost.ts makes
// them deterministic in both time modes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHAPTER, collectErrors, consoles, openSite, waitForScreen, type Site } from './site.ts';

describe('copy lab console', () => {
  let site: Site;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    site = await openSite();
    page = await site.browser.newPage({ viewport: { width: 1280, height: 1200 } });
    errors = collectErrors(page);
    await page.goto(site.url + CHAPTER);
  });
  afterAll(async () => { await site?.close(); });

  it('make benchmark and the warm runs print the transcript\'s figures', async () => {
    const block = consoles(page).filter({ hasText: 'make benchmark' });
    expect(await block.count()).toBe(1);
    const transcript = (await block.locator('pre').textContent()) ?? '';
    const want = [...transcript.matchAll(/time passed \d+ microseconds/g)].map((m) => m[0]);
    expect(want).toHaveLength(4);
    await block.scrollIntoViewIfNeeded();
    await block.getByRole('button', { name: /Run/ }).first().click();
    const text = await waitForScreen(block, (s) => /read_write_copy\ntime passed \d+ microseconds\nstudent@os/.test(s), 120_000);
    expect([...text.matchAll(/time passed \d+ microseconds/g)].map((m) => m[0]).slice(-2), text).toEqual(want.slice(-2));
    expect(errors).toEqual([]);
  }, 180_000);
});
