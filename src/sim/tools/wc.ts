// wc(1) of coreutils 9.1: newline, word, character, byte counts and the longest line's width. Counts are
// taken a chunk at a time over raw bytes, decoding UTF-8 as wc does in a UTF-8 locale (invalid bytes count
// as bytes only). Column width follows wc.c's compute_number_width: from the total size of the regular
// files named, at least 7 when one input is not a regular file (a pipe), and 1 for a single count of one input.
import type { Sys } from '../kernel/sys.ts';
import { closeInput, getopt, isDirMode, openInput, quoteName, sysErrText, withUsage } from './lib.ts';

const OPTIONS = {
  flags: 'clLmw',
  long: {
    bytes: { key: 'c' }, chars: { key: 'm' }, lines: { key: 'l' }, words: { key: 'w' },
    'max-line-length': { key: 'L' }, 'files0-from': { key: 'files0', arg: true },
    help: { key: 'help' }, version: { key: 'version' },
  },
} as const;

interface Counts { lines: number; words: number; chars: number; bytes: number; maxLine: number; }

/** Characters glibc's iswspace/iswnbspace call blank and iswprint printable (word separators). */
const SPACE_RE = /[\u1680\u2000-\u200a\u2028\u2029\u205f\u3000\u00a0\u2007\u202f\u2060]/u;
const NONPRINT_RE = /[\p{Cc}\p{Cs}\p{Cn}]/u;
const ZERO_WIDTH_RE = /[\p{Mn}\p{Me}\p{Cf}]/u;

/** wcwidth(3) for the characters a course is likely to see: combining marks 0, East Asian wide 2. */
export function wcwidth(cp: number): number {
  if (cp === 0) return 0;
  const ch = String.fromCodePoint(cp);
  if (NONPRINT_RE.test(ch)) return -1;
  if (ZERO_WIDTH_RE.test(ch)) return cp === 0xad ? 1 : 0;
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)) return 2;
  return 1;
}

/** A counter fed chunk by chunk; a UTF-8 sequence cut by a chunk boundary is carried to the next one. */
class Counter {
  c: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
  private inWord = false;
  private linePos = 0;
  private carry = new Uint8Array(0);
  private readonly full: boolean;
  constructor(full: boolean) { this.full = full; }

  feed(chunk: Uint8Array, last = false) {
    this.c.bytes += chunk.length;
    if (!this.full) { for (const b of chunk) if (b === 10) this.c.lines++; return; }
    let buf = chunk;
    if (this.carry.length) { buf = new Uint8Array(this.carry.length + chunk.length); buf.set(this.carry); buf.set(chunk, this.carry.length); }
    let i = 0;
    const n = buf.length;
    while (i < n) {
      const b = buf[i]!;
      let cp: number;
      let len = 1;
      if (b < 0x80) cp = b;
      else {
        len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? (b <= 0xef ? 3 : 0) : b >= 0xc2 ? 2 : 0;
        if (len === 0) { i++; continue; } // invalid lead byte: skipped, like mbrtowc's EILSEQ
        if (i + len > n) {
          if (!last) { this.carry = buf.slice(i); return; }
          i++;
          continue;
        }
        cp = b & (0xff >> (len + 1));
        let ok = true;
        for (let k = 1; k < len; k++) {
          const cb = buf[i + k]!;
          if ((cb & 0xc0) !== 0x80) { ok = false; break; }
          cp = (cp << 6) | (cb & 0x3f);
        }
        if (!ok || cp < [0, 0, 0x80, 0x800, 0x10000][len]! || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) { i++; continue; }
      }
      i += len;
      this.c.chars++;
      this.char(cp);
    }
    this.carry = new Uint8Array(0);
  }

  private char(cp: number) {
    switch (cp) {
      case 10: case 13: case 12:
        if (cp === 10) this.c.lines++; // a newline, CR or FF ends the line's display width
        if (this.linePos > this.c.maxLine) this.c.maxLine = this.linePos;
        this.linePos = 0;
        this.sep();
        return;
      case 9: this.linePos += 8 - (this.linePos % 8); this.sep(); return;
      case 32: this.linePos++; this.sep(); return;
      case 11: this.sep(); return;
    }
    const w = cp < 0x7f ? (cp < 32 ? -1 : 1) : wcwidth(cp);
    if (w < 0) return; // non-printable: neither part of a word nor a separator (wc 9.1)
    this.linePos += w;
    if (cp >= 0xa0 && SPACE_RE.test(String.fromCodePoint(cp))) { this.sep(); return; }
    this.inWord = true;
  }
  private sep() { if (this.inWord) this.c.words++; this.inWord = false; }
  finish() {
    if (this.full) this.feed(new Uint8Array(0), true);
    if (this.inWord) this.c.words++;
    this.inWord = false;
    if (this.linePos > this.c.maxLine) this.c.maxLine = this.linePos;
  }
}

export default async function wc(sys: Sys): Promise<number> {
  return withUsage(sys, 'wc', async () => {
    const o = getopt('wc', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: wc [OPTION]... [FILE]...\n'); return 0; }
    if (o.has('version')) { await sys.out('wc (GNU coreutils) 9.1\n'); return 0; }
    let show = { l: o.has('l'), w: o.has('w'), m: o.has('m'), c: o.has('c'), L: o.has('L') };
    if (!show.l && !show.w && !show.m && !show.c && !show.L) show = { l: true, w: true, m: false, c: true, L: false };
    const nShown = Object.values(show).filter(Boolean).length;
    const explicit = o.operands.length > 0;
    const names = explicit ? o.operands : ['-'];

    // Width: stat every input first, as wc does before reading.
    let width = 1;
    const stats = names.map((name) => {
      try { return name === '-' ? sys.fstat(0) : sys.stat(name); } catch { return undefined; }
    });
    if (!(names.length === 1 && nShown === 1) && stats[0]) {
      let total = 0;
      let min = 1;
      for (const st of stats) {
        if (!st) continue;
        if ((st.mode & 0o170000) === 0o100000) total += st.size; else min = 7;
      }
      width = Math.max(String(total).length, min);
    }
    const fmt = (c: Counts, name?: string) => {
      const cols: number[] = [];
      if (show.l) cols.push(c.lines);
      if (show.w) cols.push(c.words);
      if (show.m) cols.push(c.chars);
      if (show.c) cols.push(c.bytes);
      if (show.L) cols.push(c.maxLine);
      return cols.map((n) => String(n).padStart(width)).join(' ') + (name !== undefined ? ` ${name}` : '') + '\n';
    };

    const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, maxLine: 0 };
    let status = 0;
    const full = show.w || show.m || show.L;
    for (const name of names) {
      let fd: number;
      try { fd = openInput(sys, name); } catch (e) {
        await sys.err(`wc: ${quoteName(name)}: ${sysErrText(e)}\n`);
        status = 1;
        continue;
      }
      const counter = new Counter(full);
      try {
        if (name !== '-' && isDirMode(sys.fstat(fd).mode)) throw new Error('Is a directory');
        for (;;) {
          const chunk = await sys.read(fd, 65536);
          if (!chunk.length) break;
          counter.feed(chunk);
        }
      } catch (e) {
        const text = e instanceof Error && e.message === 'Is a directory' ? e.message : sysErrText(e);
        await sys.err(`wc: ${quoteName(name)}: ${text}\n`);
        status = 1;
      } finally {
        closeInput(sys, fd);
      }
      counter.finish();
      const c = counter.c;
      await sys.out(fmt(c, explicit ? name : undefined));
      total.lines += c.lines; total.words += c.words; total.chars += c.chars; total.bytes += c.bytes;
      total.maxLine = Math.max(total.maxLine, c.maxLine);
    }
    if (names.length > 1) await sys.out(fmt(total, 'total'));
    return status;
  });
}
