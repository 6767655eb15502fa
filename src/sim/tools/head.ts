// head(1) of coreutils 9.1: the first lines or bytes of each input. -n/-c take a count with an optional
// size suffix; a leading '-' means "all but the last N". Works a chunk at a time so `yes | head -1` ends.
import type { Sys } from '../kernel/sys.ts';
import {
  closeInput, concatBytes, getopt, sysErrText, isDirMode, openInput, parseSize, quoteArg, quoteAlways, UsageError,
  withUsage,
} from './lib.ts';

const OPTIONS = {
  flags: 'qvz0123456789',
  withArg: 'cn',
  long: {
    bytes: { key: 'c', arg: true }, lines: { key: 'n', arg: true }, quiet: { key: 'q' }, silent: { key: 'q' },
    verbose: { key: 'v' }, 'zero-terminated': { key: 'z' }, help: { key: 'help' }, version: { key: 'version' },
  },
} as const;

const MAX = 2n ** 63n - 1n;

/** head's count: "N" (first N) or "-N" (all but the last N); exits 1 with coreutils' message if invalid. */
function parseCount(v: string, what: 'lines' | 'bytes'): { n: number; allBut: boolean } {
  const allBut = v.startsWith('-');
  const s = allBut ? v.slice(1) : v;
  const n = parseSize(s);
  if (n === undefined) {
    // xstrtoumax takes only digits then a suffix: "2x" is an invalid suffix, "x" no number at all.
    throw new CountError(`head: invalid number of ${what}: ${quoteArg(s)}`);
  }
  if (n > MAX) throw new CountError(`head: invalid number of ${what}: ${quoteArg(s)}: Value too large for defined data type`);
  return { n: Number(n), allBut };
}
class CountError extends Error {}

export default async function head(sys: Sys): Promise<number> {
  return withUsage(sys, 'head', async () => {
    let args = sys.argv.slice(1);
    // The obsolete "-5", "-5c", "-2v" form is recognized only as the first argument (head.c).
    const obs = args[0] !== undefined ? /^-(\d+)([cbkmlqvz]*)$/.exec(args[0]) : null;
    const pre: string[] = [];
    if (obs) {
      const letters = obs[2]!;
      const unit = letters.match(/[bkm]/)?.[0] ?? '';
      pre.push(letters.includes('c') || unit ? '-c' : '-n', obs[1]! + (unit === 'm' ? 'M' : unit === 'k' ? 'K' : unit));
      if (letters.includes('q')) pre.push('-q');
      if (letters.includes('v')) pre.push('-v');
      if (letters.includes('z')) pre.push('-z');
      args = [...pre, ...args.slice(1)];
    }
    const o = getopt('head', args, OPTIONS);
    for (const [k] of o.list) if (/^\d$/.test(k)) throw new UsageError(`head: invalid trailing option -- ${k}`);
    if (o.has('help')) { await sys.out('Usage: head [OPTION]... [FILE]...\n'); return 0; }
    if (o.has('version')) { await sys.out('head (GNU coreutils) 9.1\n'); return 0; }

    let mode: 'lines' | 'bytes' = 'lines';
    let count = { n: 10, allBut: false };
    let verbose = false;
    try {
      for (const [k, v] of o.list) {
        if (k === 'n') { mode = 'lines'; count = parseCount(v as string, 'lines'); }
        else if (k === 'c') { mode = 'bytes'; count = parseCount(v as string, 'bytes'); }
        else if (k === 'q') verbose = false;
        else if (k === 'v') verbose = true;
      }
    } catch (e) {
      if (e instanceof CountError) { await sys.err(e.message + '\n'); return 1; }
      throw e;
    }
    const quietSet = o.has('q') && !verbose;
    const sep = o.has('z') ? 0 : 10;
    const names = o.operands.length ? o.operands : ['-'];
    const headers = verbose || (!quietSet && names.length > 1);
    let status = 0;
    let first = true;
    for (const name of names) {
      let fd: number;
      try { fd = openInput(sys, name); } catch (e) {
        await sys.err(`head: cannot open ${quoteAlways(name)} for reading: ${sysErrText(e)}\n`);
        status = 1;
        continue;
      }
      const label = name === '-' ? 'standard input' : name;
      if (headers) await sys.out(`${first ? '' : '\n'}==> ${label} <==\n`);
      first = false;
      try {
        if (name !== '-' && isDirMode(sys.fstat(fd).mode)) throw new ReadError('Is a directory');
        await copyHead(sys, fd, mode, count, sep);
      } catch (e) {
        const text = e instanceof ReadError ? e.message : sysErrText(e);
        await sys.err(`head: error reading ${quoteAlways(name)}: ${text}\n`);
        status = 1;
      } finally {
        closeInput(sys, fd);
      }
    }
    return status;
  });
}
class ReadError extends Error {}

async function copyHead(sys: Sys, fd: number, mode: 'lines' | 'bytes', count: { n: number; allBut: boolean }, sep: number) {
  if (!count.allBut) {
    let left = count.n;
    while (left > 0) {
      const chunk = await sys.read(fd, 65536);
      if (!chunk.length) return;
      if (mode === 'bytes') {
        const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= part.length;
        await sys.write(1, part);
        continue;
      }
      let end = chunk.length;
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === sep && --left === 0) { end = i + 1; break; }
      }
      await sys.write(1, chunk.subarray(0, end));
    }
    return;
  }
  // All but the last N: hold back N bytes (or N lines) and write whatever falls out of that window.
  if (mode === 'bytes') {
    let held: Uint8Array = new Uint8Array(0);
    for (;;) {
      const chunk = await sys.read(fd, 65536);
      if (!chunk.length) return;
      const all = concatBytes([held, chunk], held.length + chunk.length);
      const out = Math.max(0, all.length - count.n);
      if (out) await sys.write(1, all.slice(0, out));
      held = all.slice(out);
    }
  }
  const lines: Uint8Array[] = []; // complete lines still held back
  let partial: Uint8Array[] = [];
  let partialLen = 0;
  for (;;) {
    const chunk = await sys.read(fd, 65536);
    if (!chunk.length) break;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== sep) continue;
      partial.push(chunk.subarray(start, i + 1));
      lines.push(concatBytes(partial, partialLen + i + 1 - start));
      partial = [];
      partialLen = 0;
      start = i + 1;
    }
    if (start < chunk.length) { partial.push(chunk.slice(start)); partialLen += chunk.length - start; }
    if (lines.length > count.n) {
      const out = lines.splice(0, lines.length - count.n);
      await sys.write(1, concatBytes(out));
    }
  }
  // An unterminated last line counts as a line.
  if (partialLen) lines.push(concatBytes(partial, partialLen));
  if (lines.length > count.n) await sys.write(1, concatBytes(lines.slice(0, lines.length - count.n)));
}
