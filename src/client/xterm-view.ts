// An xterm terminal in a box of our own, so that a shared terminal can move from one console block to another
// (its DOM goes along; the screen and scrollback stay). Sized to the block: as wide as it is, `rows` tall.
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
// As a string, injected when this (lazy) chunk runs: imported as a stylesheet, the bundler would hoist it into
// every page's <head>, render-blocking, for a terminal most readers never open.
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import { darkScheme, fontFor, themeFor } from './theme.ts';

const SCREEN_READER_KEY = 'memsim:screen-reader-mode';
const views = new Set<XtermView>();

export function screenReaderMode(): boolean {
  try { return localStorage.getItem(SCREEN_READER_KEY) === 'on'; } catch { return false; }
}

/** Turns xterm's screen reader mode on or off in every terminal on the page, and remembers the choice. */
export function setScreenReaderMode(on: boolean) {
  try { localStorage.setItem(SCREEN_READER_KEY, on ? 'on' : 'off'); } catch { /* private mode: this page only */ }
  for (const v of views) v.term.options.screenReaderMode = on;
}

let styled = false;
function injectXtermCss() {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  style.dataset.memsim = 'xterm';
  style.textContent = xtermCss;
  document.head.append(style);
  darkScheme().addEventListener('change', () => { for (const v of views) v.restyle(); });
}

/**
 * The size a terminal will have in `container` (its font, its width; `rows` rows), computed without xterm: the
 * shell can start while xterm sets itself up. Within a column of what the fit addon settles on.
 */
export function estimateSize(container: HTMLElement, rows: number): { cols: number; rows: number } {
  const { fontFamily, fontSize } = fontFor(container);
  const ctx = document.createElement('canvas').getContext('2d');
  let cell = fontSize * 0.6;
  if (ctx) {
    ctx.font = `${fontSize}px ${fontFamily}`;
    cell = ctx.measureText('0'.repeat(64)).width / 64 || cell;
  }
  const css = getComputedStyle(container);
  const width = container.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight);
  return { cols: Math.max(20, Math.floor(width / cell)), rows };
}

export class XtermView {
  readonly term: Terminal;
  /** The box that moves between blocks; xterm renders inside it. */
  readonly element: HTMLDivElement;
  private readonly fit = new FitAddon();
  private readonly observer = new ResizeObserver(() => this.refit());
  private label: string;
  /** Escape was the last key: a Tab now leaves the terminal (Tab alone is bash's completion, so no trap). */
  private escaped = false;

  /** `label` names the terminal for assistive technology ("Terminal run"). */
  constructor(opts: { rows: number; label: string }) {
    injectXtermCss();
    this.element = document.createElement('div');
    this.element.className = 'console-xterm';
    this.element.style.setProperty('--rows', String(opts.rows));
    this.term = new Terminal({
      rows: opts.rows,
      scrollback: 5000,
      screenReaderMode: screenReaderMode(),
      cursorBlink: false,
    });
    this.term.loadAddon(this.fit);
    this.term.attachCustomKeyEventHandler((ev) => this.keyFilter(ev));
    this.label = opts.label;
    views.add(this);
  }

  /** Shows the terminal in `container` (the first call opens it; later calls move it there). */
  mount(container: HTMLElement) {
    container.append(this.element);
    if (!this.term.element) {
      this.restyle();
      this.term.open(this.element);
      this.term.textarea?.setAttribute('aria-label', this.textareaLabel());
    }
    this.observer.disconnect();
    this.observer.observe(this.element);
    this.refit();
  }

  focus() { this.term.focus(); }

  setLabel(label: string) {
    this.label = label;
    this.term.textarea?.setAttribute('aria-label', this.textareaLabel());
  }

  /** A new height in rows: the box resizes, the fit addon follows. */
  setRows(rows: number) { this.element.style.setProperty('--rows', String(rows)); }

  onResize(cb: (cols: number, rows: number) => void) {
    return this.term.onResize(({ cols, rows }) => cb(cols, rows));
  }

  /** Fonts and colours follow the surrounding console (and the colour scheme). */
  restyle() {
    const host = this.element.parentElement ?? document.documentElement;
    const { fontFamily, fontSize } = fontFor(host);
    this.term.options.fontFamily = fontFamily;
    this.term.options.fontSize = fontSize;
    this.term.options.theme = themeFor(host);
  }

  private textareaLabel() {
    return `${this.label}: type commands here. Press Escape, then Tab, to leave the terminal.`;
  }

  private refit() {
    // Hidden (display: none) boxes measure 0x0: fitting then would shrink the terminal to nothing.
    if (!this.element.isConnected || this.element.clientWidth === 0) return;
    this.fit.fit();
  }

  private keyFilter(ev: KeyboardEvent): boolean {
    if (ev.type !== 'keydown') return true;
    if (ev.key === 'Tab' && this.escaped && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
      this.escaped = false;
      return false; // not for the terminal: the browser moves the focus
    }
    this.escaped = ev.key === 'Escape';
    return true;
  }
}
