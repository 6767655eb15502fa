// The page's first download: the JavaScript a reader gets before any click — page scripts, the terminal code
// and the machine worker that nearing a console brings, the worker's boot — stays within 150 KB gzip (README
// "Budgets"; bench/site.ts prints the figure). What only a running terminal needs (the history recorder, the
// lab files) comes with the first terminal, and then the machine has them from its first event.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { serveDist, type StaticServer } from './serve.ts';
import { CHAPTER, collectErrors, consoles, DIST, typeInto, waitForScreen } from './site.ts';

const BUDGET_GZIP = 150 * 1024;
/** The chunk of src/worker/use-kit.ts: the history recorder and the lab files. */
const KIT = /\/use-kit-[\w-]+\.js$/;

describe('first download', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];
  const scripts = () => [...new Set(requested.filter((p) => p.endsWith('.js')))];

  beforeAll(async () => {
    server = await serveDist(DIST, (path) => requested.push(path));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    errors = collectErrors(page);
    await page.goto(server.url + CHAPTER, { waitUntil: 'load' });
    await consoles(page).first().scrollIntoViewIfNeeded();
    // Nearing a console loads the terminal code and boots the machine; then the page prepares a terminal.
    await page.waitForFunction(() => performance.getEntriesByName('memsim:machine-boot').length > 0, undefined, { timeout: 30_000 });
    await page.waitForTimeout(1000);
  });
  afterAll(async () => { await browser?.close(); await server?.close(); });

  it('is at most 150 KB of JavaScript (gzip) before any click, the booted machine included', () => {
    const files = scripts();
    expect(files.some((p) => /machine\.worker/.test(p))).toBe(true); // the worker was counted
    const gz = files.reduce((n, p) => n + gzipSync(readFileSync(DIST + p.replace(/^\//, '')), { level: 9 }).length, 0);
    expect(gz, `${(gz / 1024).toFixed(1)} KB gzip in ${files.join(', ')}`).toBeLessThanOrEqual(BUDGET_GZIP);
    expect(files.filter((p) => KIT.test(p))).toEqual([]);
  });

  it('loads the history and the labs with the first terminal, and the labs are in place for its commands', async () => {
    const first = consoles(page).first();
    await first.getByRole('button', { name: 'Run this command' }).click();
    await waitForScreen(first, (s) => /total\s+\d+K\nstudent@os:~\$$/.test(s));
    expect(scripts().filter((p) => KIT.test(p))).toHaveLength(1);
    await typeInto(page, first, 'ls chapters/data');
    await waitForScreen(first, (s) => /\$ ls chapters\/data\ncommon\s+process-memory\s+working-with-memory\nstudent@os:~\$$/.test(s));
    // (tests/browser/memory-map.test.ts steps that terminal's history back to before a program's first malloc.)
    expect(errors).toEqual([]);
  });
});
