// The memory maps of a page, started (lazily, by ../memory-map-loader.ts) when one nears the viewport: each
// follows the console terminal it names once a block has started that terminal, and strace lines in that
// terminal that change the address space (brk, mmap, munmap, mremap, mprotect with an address) become links that
// take the map to that step.
import type { ILink, Terminal } from '@xterm/xterm';
import { pageMachine } from '../machine-client.ts';
import { terminalNamed } from '../terminals.ts';
import { machineSource } from './source-machine.ts';
import { isMemoryCall } from './strace-line.ts';
import { MemoryMapView } from './view.ts';

const views = new Map<HTMLElement, MemoryMapView>();
const linked = new WeakSet<Terminal>();
const WAIT_MS = 500;


export function mountMap(figure: HTMLElement) {
  if (views.has(figure)) return;
  const view = new MemoryMapView(figure, machineSource(pageMachine()));
  views.set(figure, view);
  const name = figure.dataset.terminal ?? 'run';
  // The named terminal appears when a block using it first runs (and gets a new shell after a restart, which
  // the view notices through the session): look for it now and then until it is there.
  const look = () => {
    const t = terminalNamed(name);
    if (t) {
      view.follow(t);
      linkStraceLines(t.view.term, name);
    }
    setTimeout(look, t ? WAIT_MS * 4 : WAIT_MS);
  };
  look();
}

/** Links on memory system calls in a terminal's strace output: activating one moves the nearest map there. */
function linkStraceLines(term: Terminal, terminalName: string) {
  if (linked.has(term)) return;
  linked.add(term);
  term.registerLinkProvider({
    provideLinks(y, callback) {
      const text = wrappedLine(term, y - 1);
      if (!text || !isMemoryCall(text.text)) { callback(undefined); return; }
      const link: ILink = {
        range: { start: { x: 1, y: text.first + 1 }, end: { x: text.lastLength, y: text.first + text.rows } },
        text: text.text,
        decorations: { pointerCursor: true, underline: true },
        activate: () => { void nearestView(terminalName, term)?.focusLine(text.text); },
      };
      callback([link]);
    },
  });
}

/** The logical line (wrapped rows joined) that buffer row `row` is part of. */
function wrappedLine(term: Terminal, row: number): { text: string; first: number; rows: number; lastLength: number } | undefined {
  const buf = term.buffer.active;
  let first = row;
  while (first > 0 && buf.getLine(first)?.isWrapped) first--;
  let text = '';
  let last = first;
  for (let r = first; ; r++) {
    const line = buf.getLine(r);
    if (!line || (r > first && !line.isWrapped)) break;
    text += line.translateToString(false);
    last = r;
  }
  const lastRow = buf.getLine(last)?.translateToString(true) ?? '';
  return { text: text.trimEnd(), first, rows: last - first + 1, lastLength: Math.max(1, lastRow.length) };
}

/** The map following `terminalName` closest to the terminal on the page. */
function nearestView(terminalName: string, term: Terminal): MemoryMapView | undefined {
  const at = term.element?.getBoundingClientRect().top ?? 0;
  let best: MemoryMapView | undefined;
  let bestDistance = Infinity;
  for (const [figure, view] of views) {
    if (figure.dataset.terminal !== terminalName) continue;
    const d = Math.abs(figure.getBoundingClientRect().top - at);
    if (d < bestDistance) { best = view; bestDistance = d; }
  }
  return best;
}
