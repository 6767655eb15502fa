// Takes the README's memory-map picture: the alloc_size console with the program paused after its allocations,
// and the map beside it (npm run build first; MEMSIM_DIST picks another build).
//   npx node scripts/screenshot-memory-map.ts docs/memory-map.png
import { openSite, consoles, waitForScreen, CHAPTER } from '../tests/browser/site.ts';

const out = process.argv[2] ?? 'docs/memory-map.png';
const site = await openSite();
try {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 1400 }, deviceScaleFactor: 1 });
  await page.goto(site.url + CHAPTER);
  const make = consoles(page).filter({ hasText: 'alloc_size/support$ make' }).first();
  await make.scrollIntoViewIfNeeded();
  await make.getByRole('button', { name: /^Run/ }).click();
  await waitForScreen(make, (s) => /alloc_size\/support\$ ?$/.test(s), 30_000);
  const run = consoles(page).filter({ hasText: 'Press key to allocate ...' }).first();
  await run.getByRole('button', { name: /^Run/ }).click();
  await waitForScreen(run, (s) => s.includes('Press key to allocate'), 20_000);
  await run.locator('.xterm').click();
  await page.keyboard.press('Enter');
  await waitForScreen(run, (s) => s.includes('Press key to deallocate'), 10_000);
  const map = page.locator('figure[data-memory-map]').nth(2);
  await map.scrollIntoViewIfNeeded();
  await map.locator('.memmap-region.k-heap').waitFor({ timeout: 20_000 });
  await page.waitForTimeout(600); // the heap's growth animation
  await run.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await map.locator('.memmap-region.k-heap').hover(); // its pmap -x row, maps line and brk in the side panel
  await page.waitForTimeout(300);
  // Page coordinates (the hover may have scrolled): from the console's top to the scrubber's bottom.
  const [top, bottom] = await Promise.all([run, map.locator('.memmap-scrub')].map((l) => l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  })));
  await page.screenshot({ path: out, fullPage: true, clip: { x: top!.x - 8, y: Math.max(0, top!.y - 8), width: top!.width + 16, height: bottom!.y + bottom!.height - top!.y + 16 } });
  console.log(`wrote ${out}`);
} finally {
  await site.close();
}
