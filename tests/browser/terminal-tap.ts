// Everything a page's terminals were given to display, per terminal, for tests that follow a whole chapter.
// A terminal's screen shows its last rows only (pmap of bash is 50 lines, a console 24 rows), so the flows read
// the bytes the page's terminals received from the machine worker: an init script wraps the page's Worker and
// listens to the same `memsim:events` messages the terminals are written from (listening does not consume them).
import type { Page } from 'playwright-core';
import { CHAPTER, collectErrors, type Site } from './site.ts';

interface TapWindow { __memsimTap: { tty: number; text: string }[] }

/** Installs the tap; call before page.goto. */
export async function installTap(page: Page) {
  await page.addInitScript(() => {
    const tap: { tty: number; text: string }[] = [];
    (window as unknown as TapWindow).__memsimTap = tap;
    const decoders = new Map<number, TextDecoder>();
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        this.addEventListener('message', (ev: MessageEvent) => {
          const d = ev.data as { kind?: string; events?: { type: string; tty: number; data?: Uint8Array }[] };
          if (d?.kind !== 'memsim:events' || !d.events) return;
          for (const e of d.events) {
            if (e.type !== 'output' || !e.data) continue;
            const dec = decoders.get(e.tty) ?? decoders.set(e.tty, new TextDecoder()).get(e.tty)!;
            tap.push({ tty: e.tty, text: dec.decode(e.data, { stream: true }) });
          }
        });
      }
    };
  });
}

/** A position in the tap: what arrived after it is "since". */
export async function tapMark(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as TapWindow).__memsimTap.length);
}

/** Terminal text per tty that arrived since `mark`, without escape sequences and carriage returns. */
export async function tapSince(page: Page, mark: number): Promise<Map<number, string>> {
  const chunks = await page.evaluate((m) => (window as unknown as TapWindow).__memsimTap.slice(m), mark);
  const out = new Map<number, string>();
  for (const c of chunks) out.set(c.tty, (out.get(c.tty) ?? '') + c.text);
  for (const [tty, text] of out) out.set(tty, plain(text));
  return out;
}

/** The terminal (tty) whose output since `mark` echoes `command` (typed at its prompt). */
export async function ttyOf(page: Page, mark: number, command: string): Promise<number> {
  const all = await tapSince(page, mark);
  for (const [tty, text] of all) if (text.includes(`${command}\n`)) return tty;
  throw new Error(`no terminal echoed "${command}" since the mark; they show:\n${[...all.values()].join('\n----\n')}`);
}

/** What that terminal showed since `mark`. */
export async function outputOf(page: Page, mark: number, command: string): Promise<string> {
  const tty = await ttyOf(page, mark, command);
  return (await tapSince(page, mark)).get(tty)!;
}

// CSI/OSC sequences and \r of a terminal stream, and backspace-erase pairs, as a reader sees the result.
function plain(text: string): string {
  return text
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[()][0-9A-Z]/g, '')
    .replace(/ \r(?!\n)/g, '') // readline's wrap of a long command line at the last column (readline.ts)
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '');
}

/** A desktop-sized page of the chapter with the tap installed and its errors collected (the chapter-long tests). */
export async function openTappedChapter(site: Site): Promise<{ page: Page; errors: string[] }> {
  const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectErrors(page);
  await installTap(page);
  await page.goto(site.url + CHAPTER);
  return { page, errors };
}
