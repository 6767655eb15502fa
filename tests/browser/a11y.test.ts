// axe-core on the pages as built, and on the chapter with a live terminal: no serious or critical violations.
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHAPTER, consoles, openSite, waitForScreen, type Site } from './site.ts';

interface AxeViolation { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: AxeViolation[] }> } }).axe.run;
    return (await run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

describe('accessibility', () => {
  let site: Site;
  beforeAll(async () => { site = await openSite(); });
  afterAll(async () => { await site?.close(); });

  for (const scheme of ['light', 'dark'] as const) {
    it(`chapter and index pages, ${scheme} scheme`, async () => {
      const page = await site.browser.newPage({ colorScheme: scheme });
      for (const path of ['/', CHAPTER]) {
        await page.goto(site.url + path);
        expect(await seriousViolations(page), path).toEqual([]);
      }
      await page.close();
    });
  }

  it('chapter with a live terminal', async () => {
    const page = await site.browser.newPage();
    await page.goto(site.url + CHAPTER);
    const block = consoles(page).first();
    await block.getByRole('button', { name: /^Run/ }).click();
    await waitForScreen(block, (s) => s.length > 0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('phone width: the contents fold away and the skip link works', async () => {
    const page = await site.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(site.url + CHAPTER);
    expect(await page.locator('#toc').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
