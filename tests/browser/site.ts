// Browser-test plumbing: the built site on a local server, chromium, and helpers to drive a page's consoles.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { serveDist } from './serve.ts';

// MEMSIM_DIST lets several builds coexist (e.g. `astro build --outDir /tmp/x` then MEMSIM_DIST=/tmp/x/).
export const DIST = process.env.MEMSIM_DIST ? process.env.MEMSIM_DIST.replace(/\/?$/, '/') : fileURLToPath(new URL('../../dist/', import.meta.url));
export const CHAPTER = '/process-memory/';

export interface Site {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function openSite(): Promise<Site> {
  if (!existsSync(`${DIST}${CHAPTER}index.html`)) throw new Error('dist/ has no chapter: run `npm run build` first');
  const server = await serveDist(DIST);
  const browser = await launchChromium();
  return {
    url: server.url,
    browser,
    async close() { await browser.close(); await server.close(); },
  };
}

/** Console errors and uncaught exceptions of a page, collected for a final "none" check. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** The chapter's console blocks, in page order. */
export const consoles = (page: Page) => page.locator('figure[data-console]');

/** What a console's live terminal shows (its visible rows, trailing blanks trimmed). */
export async function screen(block: Locator): Promise<string> {
  return block.evaluate((el) => {
    const rows = el.querySelector('.xterm-rows');
    if (!rows) return '';
    return [...rows.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).join('\n').trimEnd();
  });
}

/** Waits until the terminal's screen satisfies `ok`; fails with the screen in the message. */
export async function waitForScreen(block: Locator, ok: (text: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const t0 = Date.now();
  let text = '';
  while (Date.now() - t0 < timeoutMs) {
    text = await screen(block);
    if (ok(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`terminal did not show what was expected within ${timeoutMs} ms; it shows:\n${text}`);
}

/** The top of a terminal's scrollback, scrolled to with the mouse wheel as a reader would (then back down). */
export async function scrollbackTop(page: Page, block: Locator): Promise<string> {
  await block.locator('.xterm').hover();
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, -1000);
  await page.waitForTimeout(200); // xterm repaints on the next frame
  const text = await screen(block);
  for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 1000);
  await page.waitForTimeout(200);
  return text;
}

/** Types a command line into a console's terminal as a user would (focus, keys, Enter). */
export async function typeInto(page: Page, block: Locator, line: string) {
  await block.locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** The number of shell prompts on the screen (a new one means the previous command line finished). */
export const prompts = (text: string) => text.match(/student@os:[^\n]*\$/g)?.length ?? 0;
