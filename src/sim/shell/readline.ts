// Interactive line editing (a small GNU readline): the terminal is put in raw mode while a line is read and
// the editor echoes and redraws itself. Emacs keys: Left/Right, Home/End (all the sequences xterm sends),
// Backspace, Delete, ^A ^E ^B ^F ^U ^K ^W ^Y ^L ^C ^D, Up/Down (^P/^N) history, Tab completion. Input is read
// one byte at a time so that typed-ahead text stays in the terminal for the command that runs next.
import type { Shell } from './exec.ts';
import { Interrupted } from '../kernel/process.ts';
import { complete, formatColumns, type Completion } from './complete.ts';
import { visibleWidth } from './prompt.ts';

const dec = new TextDecoder();

export type ReadResult = { line: string } | { eof: true } | { interrupted: true };

export class Readline {
  private readonly sh: Shell;
  private buf: string[] = [];
  private pos = 0;
  private prompt = '';
  private promptWidth = 0;
  private histIndex = 0;
  private browsing = false;
  private saved: string[] = [];
  private kill = '';
  private lastKeyTab = false;
  private pendingBytes: number[] = [];
  private out = '';

  constructor(sh: Shell) { this.sh = sh; }

  private get sys() { return this.sh.sys; }
  private get cols() { try { return this.sys.winsize(0).cols || 80; } catch { return 80; } }

  /** Reads one line; `history` is the list Up/Down walk through. */
  async readLine(prompt: string, history: string[]): Promise<ReadResult> {
    this.buf = [];
    this.pos = 0;
    this.prompt = prompt;
    this.promptWidth = visibleWidth(prompt);
    this.histIndex = history.length;
    this.browsing = false;
    this.saved = [];
    this.lastKeyTab = false;
    let old;
    try { old = this.sys.tcgetattr(0); this.sys.tcsetattr(0, { icanon: false, echo: false, isig: false }); } catch { old = undefined; }
    try {
      this.write(stripMarkers(prompt));
      await this.flush();
      for (;;) {
        const key = await this.readKey();
        if (key === undefined) {
          if (!this.buf.length) return { eof: true };
          this.write('\n');
          return { line: this.buf.join('') };
        }
        const r = await this.handle(key, history);
        await this.flush();
        if (r) return r;
      }
    } finally {
      await this.flush();
      if (old) try { this.sys.tcsetattr(0, { ...old, icanon: true, echo: true, isig: true }); } catch { /* gone */ }
    }
  }

  private write(s: string) { this.out += s; }
  private async flush() {
    if (!this.out) return;
    const s = this.out;
    this.out = '';
    try { await this.sys.write(2, s); } catch { /* terminal gone */ }
  }

  private async readByte(): Promise<number | undefined> {
    if (this.pendingBytes.length) return this.pendingBytes.shift();
    for (;;) {
      try {
        const b = await this.sys.read(0, 1);
        return b.length ? b[0] : undefined;
      } catch (e) {
        if (e instanceof Interrupted) continue;
        throw e;
      }
    }
  }

  private hasInput(): boolean {
    if (this.pendingBytes.length) return true;
    try { return this.sys.ttyHasInput(0); } catch { return false; }
  }

  /** One key: a character, or an escape sequence (ESC [ ... final, ESC O x, ESC x). */
  private async readKey(): Promise<string | undefined> {
    const b = await this.readByte();
    if (b === undefined) return undefined;
    if (b === 0x1b) {
      if (!this.hasInput()) return '\x1b';
      const n = await this.readByte();
      if (n === undefined) return '\x1b';
      if (n === 0x5b /* [ */) {
        let seq = '\x1b[';
        for (;;) {
          const c = await this.readByte();
          if (c === undefined) return seq;
          seq += String.fromCharCode(c);
          if (c >= 0x40 && c <= 0x7e) return seq;
          if (seq.length > 16) return seq;
        }
      }
      if (n === 0x4f /* O */) {
        const c = await this.readByte();
        return '\x1bO' + (c === undefined ? '' : String.fromCharCode(c));
      }
      return '\x1b' + String.fromCharCode(n);
    }
    if (b < 0x80) return String.fromCharCode(b);
    // UTF-8 multi-byte character
    const bytes = [b];
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    while (bytes.length < need) {
      const c = await this.readByte();
      if (c === undefined) break;
      bytes.push(c);
    }
    return dec.decode(new Uint8Array(bytes));
  }

  private async handle(key: string, history: string[]): Promise<ReadResult | undefined> {
    const wasTab = this.lastKeyTab;
    this.lastKeyTab = false;
    switch (key) {
      case '\r': case '\n':
        this.moveTo(this.buf.length);
        this.write('\n');
        return { line: this.buf.join('') };
      case '\x03': // ^C: bash prints ^C, abandons the line, $? = 130
        this.moveTo(this.buf.length);
        this.write('^C\n');
        return { interrupted: true };
      case '\x04':
        if (!this.buf.length) { this.write(this.sh.dash ? '\n' : 'exit\n'); return { eof: true }; }
        if (this.pos < this.buf.length) this.edit(() => { this.buf.splice(this.pos, 1); });
        return;
      case '\x7f': case '\b':
        if (this.pos === 0) return;
        if (this.pos === this.buf.length && !this.wraps(this.buf.length)) {
          this.buf.pop();
          this.pos--;
          this.write('\b \b');
          return;
        }
        this.edit(() => { this.buf.splice(this.pos - 1, 1); this.pos--; });
        return;
      case '\x1b[3~':
        if (this.pos < this.buf.length) this.edit(() => { this.buf.splice(this.pos, 1); });
        return;
      case '\x01': case '\x1b[H': case '\x1bOH': case '\x1b[1~': case '\x1b[7~':
        this.moveTo(0); return;
      case '\x05': case '\x1b[F': case '\x1bOF': case '\x1b[4~': case '\x1b[8~':
        this.moveTo(this.buf.length); return;
      case '\x02': case '\x1b[D': case '\x1bOD':
        if (this.pos > 0) this.moveTo(this.pos - 1);
        return;
      case '\x06': case '\x1b[C': case '\x1bOC':
        if (this.pos < this.buf.length) this.moveTo(this.pos + 1);
        return;
      case '\x1bb': case '\x1b[1;5D': case '\x1b[1;3D':
        this.moveTo(this.wordStart(this.pos)); return;
      case '\x1bf': case '\x1b[1;5C': case '\x1b[1;3C': {
        let p = this.pos;
        while (p < this.buf.length && !isWordChar(this.buf[p]!)) p++;
        while (p < this.buf.length && isWordChar(this.buf[p]!)) p++;
        this.moveTo(p);
        return;
      }
      case '\x15': // ^U: kill to the start of the line
        if (!this.pos) return;
        this.kill = this.buf.slice(0, this.pos).join('');
        this.edit(() => { this.buf.splice(0, this.pos); this.pos = 0; });
        return;
      case '\x0b': // ^K
        this.kill = this.buf.slice(this.pos).join('');
        this.edit(() => { this.buf.splice(this.pos); });
        return;
      case '\x17': { // ^W: previous whitespace-delimited word
        let p = this.pos;
        while (p > 0 && this.buf[p - 1] === ' ') p--;
        while (p > 0 && this.buf[p - 1] !== ' ') p--;
        if (p === this.pos) return;
        this.kill = this.buf.slice(p, this.pos).join('');
        this.edit(() => { this.buf.splice(p, this.pos - p); this.pos = p; });
        return;
      }
      case '\x1b\x7f': case '\x1b\b': { // M-Backspace: previous word
        const p = this.wordStart(this.pos);
        this.kill = this.buf.slice(p, this.pos).join('');
        this.edit(() => { this.buf.splice(p, this.pos - p); this.pos = p; });
        return;
      }
      case '\x19': // ^Y
        if (this.kill) this.insert(this.kill);
        return;
      case '\x0c': // ^L: clear the screen, redraw
        this.write('\x1b[H\x1b[2J');
        this.write(stripMarkers(this.prompt) + this.buf.join(''));
        this.placeCursorFrom(this.buf.length, this.pos);
        return;
      case '\x10': case '\x1b[A': case '\x1bOA':
        this.historyMove(-1, history); return;
      case '\x0e': case '\x1b[B': case '\x1bOB':
        this.historyMove(1, history); return;
      case '\t':
        await this.tab(wasTab);
        return;
    }
    if (key.length === 1 && key < ' ') return; // other control keys: ignored
    if (key.startsWith('\x1b')) return; // unknown escape sequences
    this.insert(key);
    return;
  }

  private wordStart(from: number) {
    let p = from;
    while (p > 0 && !isWordChar(this.buf[p - 1]!)) p--;
    while (p > 0 && isWordChar(this.buf[p - 1]!)) p--;
    return p;
  }

  /** Whether the cursor offset `i` in the line sits at a wrapped position (needs the full redraw). */
  private wraps(i: number) { return (this.promptWidth + i) % this.cols === 0 || this.promptWidth + this.buf.length >= this.cols; }

  private insert(text: string) {
    const chars = [...text];
    if (this.pos === this.buf.length) {
      this.buf.push(...chars);
      this.pos += chars.length;
      this.write(text);
      // At the right margin xterm waits to wrap; readline moves to the next row so its cursor model holds.
      if ((this.promptWidth + this.pos) % this.cols === 0) this.write(' \r');
      return;
    }
    this.edit(() => { this.buf.splice(this.pos, 0, ...chars); this.pos += chars.length; });
  }

  /** Applies a change and redraws the line from the start of the prompt. */
  private edit(change: () => void) {
    const oldPos = this.pos;
    change();
    this.redraw(oldPos);
  }

  private redraw(oldPos: number) {
    const cols = this.cols;
    const rowsUp = Math.floor((this.promptWidth + oldPos) / cols);
    if (rowsUp > 0) this.write(`\x1b[${rowsUp}A`);
    this.write('\r' + stripMarkers(this.prompt) + this.buf.join('') + '\x1b[J');
    this.placeCursorFrom(this.buf.length, this.pos);
  }

  /** After writing up to offset `end` of the line, moves the cursor to `target`. */
  private placeCursorFrom(end: number, target: number) {
    const cols = this.cols;
    const endOff = this.promptWidth + end;
    if (endOff > 0 && endOff % cols === 0) this.write(' \r'); // leave xterm's pending-wrap state
    const endRow = Math.floor(endOff / cols);
    const tOff = this.promptWidth + target;
    const tRow = Math.floor(tOff / cols);
    if (endRow > tRow) this.write(`\x1b[${endRow - tRow}A`);
    this.write('\r');
    if (tOff % cols) this.write(`\x1b[${tOff % cols}C`);
  }

  private moveTo(p: number) {
    if (p === this.pos) return;
    const cols = this.cols;
    const a = this.promptWidth + this.pos, b = this.promptWidth + p;
    if (Math.floor(a / cols) === Math.floor(b / cols) && a % cols !== 0 || (Math.floor(a / cols) === Math.floor(b / cols))) {
      if (b < a) this.write(a - b === 1 ? '\b' : `\x1b[${a - b}D`);
      else this.write(`\x1b[${b - a}C`);
    } else {
      const up = Math.floor(a / cols) - Math.floor(b / cols);
      if (up > 0) this.write(`\x1b[${up}A`); else this.write(`\x1b[${-up}B`);
      this.write('\r');
      if (b % cols) this.write(`\x1b[${b % cols}C`);
    }
    this.pos = p;
  }

  private historyMove(dir: number, history: string[]) {
    // Not browsing yet: start from the list's end as it is now (lines can be added while the prompt waits,
    // when the page gives a reopened terminal its saved history).
    if (!this.browsing) { this.histIndex = history.length; this.browsing = true; }
    const next = this.histIndex + dir;
    if (next < 0 || next > history.length) return;
    if (this.histIndex === history.length) this.saved = [...this.buf];
    this.histIndex = next;
    const text = next === history.length ? this.saved : [...history[next]!];
    this.edit(() => { this.buf = [...text]; this.pos = this.buf.length; });
  }

  private async tab(second: boolean) {
    const line = this.buf.join('');
    const before = this.buf.slice(0, this.pos).join('');
    const c: Completion = await complete(this.sh, line, before.length);
    if (!c.candidates.length) { this.write('\x07'); return; }
    if (c.insert) {
      // readline rings the bell when the completion is still ambiguous (then inserts the common part)
      if (c.candidates.length > 1) this.write('\x07');
      this.insert(c.insert);
      return;
    }
    if (!second) { this.lastKeyTab = true; this.write('\x07'); return; }
    // Second Tab: list the candidates below, then the prompt and line again.
    this.moveTo(this.buf.length);
    this.write('\n' + formatColumns(c.display, this.cols));
    this.write(stripMarkers(this.prompt) + this.buf.join(''));
    this.placeCursorFrom(this.buf.length, this.pos);
    this.lastKeyTab = true;
  }
}

function isWordChar(c: string) { return /[A-Za-z0-9_]/.test(c) || c > '\x7f'; }

/** The prompt without readline's \x01 \x02 markers. */
export function stripMarkers(s: string) { return s.replace(/[\x01\x02]/g, ''); }
