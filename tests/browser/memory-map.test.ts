// The memory map beside the chapter's consoles: it shows what pmap shows, in the same order (top = highest
// address); its table twin matches the picture; the scrubber travels back to before the first malloc; the
// 256 KiB run's ten mmap calls each land in an mmap region; strace lines link to the map; axe finds nothing.
import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { CHAPTER, collectErrors, consoles, openSite, typeInto, waitForScreen, type Site } from './site.ts';

const maps = (page: Page) => page.locator('figure[data-memory-map]');

/** The table twin's rows: [address or gap text, Kbytes, Mapping, Kind] (gap rows have one text cell). */
async function tableRows(map: Locator): Promise<string[][]> {
  return map.locator('.memmap-table tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => (c.textContent ?? '').trim())));
}

/** Kbytes of the table's heap row (undefined when there is none). */
async function heapKb(map: Locator): Promise<number | undefined> {
  const row = (await tableRows(map)).find((r) => r[6] === 'heap');
  return row ? Number(row[1]) : undefined;
}

async function waitForMapOf(map: Locator, comm: string) {
  await map.scrollIntoViewIfNeeded();
  await expect.poll(() => map.locator('.memmap-title').textContent(), { timeout: 20_000 }).toContain(comm);
  await map.locator('.memmap-table summary').click().catch(() => {});
  await expect.poll(async () => (await tableRows(map)).length, { timeout: 10_000 }).toBeGreaterThan(5);
}

/** xterm stops painting a terminal that is out of view: the block goes to the middle of the viewport. */
async function centre(block: Locator) {
  await block.evaluate((el) => el.scrollIntoView({ block: 'center' }));
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    type V = { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] };
    const run = (window as unknown as { axe: { run(ctx: Element): Promise<{ violations: V[] }> } }).axe.run;
    return (await run(document.querySelector('figure[data-memory-map] .memmap-body:not([hidden])')?.closest('figure') ?? document.body)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`);
}

describe('memory map', () => {
  let site: Site;
  let page: Page;
  let errors: string[];
  beforeAll(async () => { site = await openSite(); });
  afterAll(async () => { await site?.close(); });

  it('without a running console: a static explanation, no picture', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const p = await context.newPage();
    await p.goto(site.url + CHAPTER);
    expect(await maps(p).count()).toBe(4);
    expect(await maps(p).first().textContent()).toContain('Run the console to see the map');
    await context.close();
  });

  describe('live', () => {
    beforeAll(async () => {
      page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
      errors = collectErrors(page);
      await page.goto(site.url + CHAPTER);
    });

    it('shows hello-dynamic with the regions pmap lists, in pmap order read bottom-up; the table twin matches', async () => {
      const block = consoles(page).filter({ hasText: './hello-dynamic &' }).first();
      await block.getByRole('button', { name: /^Run/ }).click();
      await waitForScreen(block, (s) => (s.match(/Hello, world!/g) ?? []).length >= 2, 30_000);
      await expect.poll(() => block.getByRole('button', { name: /Run again/ }).count(), { timeout: 10_000 }).toBe(1);
      const map = maps(page).nth(0);
      await waitForMapOf(map, 'hello-dynamic');

      // pmap's rows as address:size pairs, on one (wrapped) line so they fit on the terminal's screen.
      await typeInto(page, block, `pmap $(pidof hello-dynamic) | while read a s rest; do printf '%s:%s ' $a $s; done; echo`);
      const text = (await waitForScreen(block, (s) => /total:\d+K\s*\n[^\n]*\$ ?$/.test(s))).replace(/\n/g, '');
      const pmap = [...text.matchAll(/\b([0-9a-f]{16}):(\d+K)/g)].map((m) => `${m[1]}:${m[2]}`);
      expect(pmap.length).toBeGreaterThanOrEqual(17);

      const rows = (await tableRows(map)).filter((r) => r.length > 2);
      expect(rows.map((r) => `${r[0]}:${r[1]}K`)).toEqual([...pmap].reverse());
      // The picture: the same regions, the same order, gaps where the table has gap rows.
      const picture = await map.locator('.memmap-picture > .memmap-region .memmap-addr').allTextContents();
      expect(picture).toEqual(rows.map((r) => r[0]));
      const pictureGaps = await map.locator('.memmap-picture > .memmap-gap').count();
      expect(pictureGaps).toBe((await tableRows(map)).filter((r) => r.length === 2).length);
      // Labels carry pmap's name, size and mode; the brk and mmap_base lines are drawn.
      expect(await map.locator('.memmap-region.k-lib .memmap-text', { hasText: 'libc' }).first().textContent()).toMatch(/^libc-2\.27\.so · \d+K · [r-][w-][x-]-- \(shared library\)$/);
      expect(await map.locator('.memmap-marker').allTextContents()).toEqual(['brk', 'mmap_base']);
      expect(await map.locator('.memmap-lines').textContent()).toMatch(/^brk 0x[0-9a-f]+ .* mmap_base 0x[0-9a-f]+$/);
      // Focus a region: its pmap -x row and maps line are shown.
      await map.locator('.memmap-region.k-heap').focus();
      const details = await map.locator('.memmap-details').textContent();
      expect(details).toMatch(/pmap -x \d+.*\[ anon \]/s);
      expect(details).toContain('[heap]');
      expect(details).toMatch(/brk\(0x[0-9a-f]+\)/);
    }, 120_000);

    it('steps back to before the first malloc: the 132K heap', async () => {
      const make = consoles(page).filter({ hasText: 'alloc_size/support$ make' }).first();
      await make.getByRole('button', { name: /^Run/ }).click();
      await centre(make);
      await waitForScreen(make, (s) => /alloc_size\/support\$ ?$/.test(s), 90_000);
      const block = consoles(page).filter({ hasText: 'Press key to allocate ...' }).first();
      await block.getByRole('button', { name: /^Run/ }).click();
      await waitForScreen(block, (s) => s.includes('Press key to allocate'), 20_000);
      const map = maps(page).nth(2);
      await waitForMapOf(map, 'alloc_size');
      await expect.poll(() => heapKb(map)).toBe(132);

      await block.locator('.xterm').click();
      await page.keyboard.press('Enter');
      await waitForScreen(block, (s) => s.includes('Press key to deallocate'), 10_000);
      await expect.poll(() => heapKb(map), { timeout: 10_000 }).toBe(452);
      await expect.poll(() => map.locator('.memmap-status').textContent()).toMatch(/brk grew the heap/);

      // { steps back through the brk calls (each outlines the heap it changed) to the one that made the 132K
      // heap: the program's output then has no allocation yet.
      await map.locator('.memmap-slider').focus();
      const position = () => map.locator('.memmap-position').textContent();
      let heap: number | undefined;
      for (let i = 0; i < 12 && heap !== 132; i++) {
        const was = await position();
        await page.keyboard.press('{');
        await expect.poll(position).not.toBe(was);
        await expect.poll(() => map.locator('.memmap-position code').textContent()).toMatch(/^(brk|mmap|munmap|mprotect|execve)\(/);
        heap = await heapKb(map);
        if (heap !== undefined && heap > 132) expect(await map.locator('.memmap-region.k-heap.is-touched').count()).toBe(1);
      }
      expect(heap).toBe(132);
      expect(await map.locator('.memmap-position code').textContent()).toMatch(/^brk\(0x/);
      expect(await map.locator('.memmap-output').textContent()).not.toContain('New allocation at');
      // End: live again.
      await page.keyboard.press('End');
      await expect.poll(() => heapKb(map)).toBe(452);
      expect(await map.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('true');
      // Replay walks the memory changes from the start, then stops at live.
      await map.getByRole('button', { name: 'Replay' }).click();
      await expect.poll(() => map.locator('.memmap-position').textContent()).toMatch(/^Step \d+ of \d+/);
      expect(await map.getByRole('button', { name: 'Stop replay' }).getAttribute('aria-pressed')).toBe('true');
      await map.getByRole('button', { name: 'Stop replay' }).click();
      await page.keyboard.press('End');
      await block.locator('.xterm').click();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
    }, 180_000);

    it('ALLOC_SIZE_KB 256: ten mmap calls, each highlighting an mmap region; strace lines link to the map', async () => {
      const block = consoles(page).filter({ hasText: 'Press key to allocate ...' }).first();
      await block.locator('.xterm').click();
      await page.keyboard.press('Control+C');
      await waitForScreen(block, (s) => /alloc_size\/support\$ ?$/.test(s), 10_000);
      await typeInto(page, block, `clear; sed -i '/define ALLOC_SIZE_KB/s/32/256/' alloc_size.c && make && ./alloc_size`);
      await waitForScreen(block, (s) => s.includes('Press key to allocate'), 90_000);
      await page.keyboard.press('Enter');
      await waitForScreen(block, (s) => s.includes('Press key to deallocate'), 10_000);
      const map = maps(page).nth(3);
      await waitForMapOf(map, 'alloc_size');
      await map.locator('.memmap-slider').focus();
      const seen = new Set<string>();
      for (let i = 0; i < 30 && seen.size < 10; i++) {
        await page.keyboard.press('{');
        const line = (await map.locator('.memmap-position code').textContent()) ?? '';
        if (!line.startsWith('mmap(NULL, 266240,')) continue;
        seen.add(line);
        await expect.poll(() => map.locator('.memmap-picture .memmap-region.k-mmap.is-touched').count()).toBe(1);
      }
      expect(seen.size).toBe(10);
      await page.keyboard.press('End');
      await block.locator('.xterm').click();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await waitForScreen(block, (s) => /alloc_size\/support\$ ?$/.test(s), 10_000);

      // strace's mmap line in the terminal is a link: clicking it takes the map to that step.
      // The map beside the ./alloc_size console (maps out of view do not redraw: they catch up when seen).
      const near = maps(page).nth(2);
      await centre(block);
      const shown = await near.locator('.memmap-title').textContent();
      await typeInto(page, block, 'clear; strace ./alloc_size');
      await waitForScreen(block, (s) => s.includes('Press key to allocate'), 20_000);
      await page.keyboard.press('Enter');
      await waitForScreen(block, (s) => s.includes('Press key to deallocate'), 10_000);
      await expect.poll(() => near.locator('.memmap-title').textContent(), { timeout: 10_000 }).not.toBe(shown);
      const row = block.locator('.xterm-rows > div', { hasText: 'mmap(NULL, 266240' }).last();
      const box = (await row.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + box.height / 2);
      await page.waitForTimeout(200); // xterm looks for links under the pointer
      await page.mouse.click(box.x + 30, box.y + box.height / 2);
      // The map nearest the terminal goes there (the terminal now shows in the ./alloc_size block).
      const linked = maps(page).filter({ has: page.locator('.memmap-position code', { hasText: /^mmap\(NULL, 266240/ }) });
      await expect.poll(() => linked.count(), { timeout: 10_000 }).toBe(1);
      expect(await linked.locator('.memmap-region.k-mmap.is-touched').count()).toBe(1);
      await block.locator('.xterm').click();
      await page.keyboard.press('Control+C');
    }, 180_000);

    it('is clean for axe and logged no errors', async () => {
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  for (const [name, opts] of [
    ['dark scheme', { colorScheme: 'dark' as const, viewport: { width: 1280, height: 900 } }],
    ['phone width', { colorScheme: 'light' as const, viewport: { width: 390, height: 844 } }],
  ] as const) {
    it(`axe: a live map, ${name}`, async () => {
      const p = await site.browser.newPage(opts);
      await p.goto(site.url + CHAPTER);
      const block = consoles(p).filter({ hasText: './hello-dynamic &' }).first();
      await block.scrollIntoViewIfNeeded();
      await block.getByRole('button', { name: /^Run/ }).click();
      await waitForScreen(block, (s) => (s.match(/Hello, world!/g) ?? []).length >= 2, 30_000);
      const map = maps(p).nth(0);
      await waitForMapOf(map, 'hello-dynamic');
      if (name === 'phone width') {
        // Stacked: the side panel is under the picture, and nothing is wider than the screen.
        const [pic, side] = await Promise.all([map.locator('.memmap-main').boundingBox(), map.locator('.memmap-side').boundingBox()]);
        expect(side!.y).toBeGreaterThan(pic!.y + pic!.height - 1);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      }
      expect(await seriousViolations(p)).toEqual([]);
      await p.close();
    });
  }
});
