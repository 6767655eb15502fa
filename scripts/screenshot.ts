// Takes the README's screenshot: the chapter page with its first console run (npm run build first).
//   npx node scripts/screenshot.ts docs/screenshot.png
import { openSite, consoles, waitForScreen, CHAPTER } from '../tests/browser/site.ts';

const out = process.argv[2] ?? 'docs/screenshot.png';
const site = await openSite();
try {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(site.url + CHAPTER);
  const first = consoles(page).first();
  await first.scrollIntoViewIfNeeded();
  await first.getByRole('button', { name: /^Run/ }).first().click();
  await waitForScreen(first, (t) => /total +\d+K/.test(t), 20_000);
  await page.waitForTimeout(300);
  await first.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await site.close();
}
