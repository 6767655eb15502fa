// tail(1) of coreutils 9.1: the last lines or bytes of each input (-n N, -c N), or everything from line/byte
// N on (-n +N). Input streams through a window of the last N units, so a pipe need not fit in memory twice.
// Following a growing file (-f/-F) is not simulated: the tail is printed, then a clear error.
import type { Sys } from '../kernel/sys.ts';
import {
  closeInput, concatBytes, getopt, isDirMode, openInput, parseSize, quoteAlways, quoteArg, sysErrText,
  withUsage,
} from './lib.ts';

const OPTIONS = {
  flags: 'fFqvz0123456789',
  withArg: 'cns',
  long: {
    bytes: { key: 'c', arg: true }, lines: { key: 'n', arg: true }, follow: { key: 'f', arg: 'optional' },
    quiet: { key: 'q' }, silent: { key: 'q' }, verbose: { key: 'v' }, 'zero-terminated': { key: 'z' },
    'sleep-interval': { key: 's', arg: true }, pid: { key: 'pid', arg: true }, retry: { key: 'retry' },
    'max-unchanged-stats': { key: 'mus', arg: true }, help: { key: 'help' }, version: { key: 'version' },
  },
} as const;

const MAX = 2n ** 63n - 1n;
class Fatal extends Error {}

interface Count { n: number; fromStart: boolean; }

function parseCount(v: string, what: 'lines' | 'bytes'): Count {
  const fromStart = v.startsWith('+');
  const s = v.startsWith('+') || v.startsWith('-') ? v.slice(1) : v;
  const n = parseSize(s);
  if (n === undefined || s.startsWith('+')) throw new Fatal(`tail: invalid number of ${what}: ${quoteArg(v)}`);
  return { n: Number(n > MAX ? MAX : n), fromStart };
}

/** The historical "tail -5", "tail +5", "tail -3c f" form (tail.c's parse_obsolete_option). */
function obsolete(args: string[]): { count: Count; bytes: boolean; follow: boolean; rest: string[] } | undefined {
  const ok = args.length === 1 || (args.length === 2 && !(args[1]!.startsWith('-') && args[1]!.length > 1))
    || ((args.length === 2 || args.length === 3) && args[1] === '--');
  if (!ok) return undefined;
  const m = /^([+-])(\d*)([bcl]?)(f?)$/.exec(args[0]!);
  if (!m) return undefined;
  const body = args[0]!.slice(1);
  if (m[1] === '-' && (body === '' || body === 'c')) return undefined; // "-" is stdin, "-c" an option
  const unit = m[3]!;
  let n = m[2] ? Number(m[2]) : 10;
  if (unit === 'b') n *= 512;
  return { count: { n, fromStart: m[1] === '+' }, bytes: unit === 'b' || unit === 'c', follow: !!m[4], rest: args.slice(1) };
}

export default async function tail(sys: Sys): Promise<number> {
  return withUsage(sys, 'tail', async () => {
    let args = sys.argv.slice(1);
    let mode: 'lines' | 'bytes' = 'lines';
    let count: Count = { n: 10, fromStart: false };
    let follow = false;
    let verbose: boolean | undefined;
    const obs = args.length ? obsolete(args) : undefined;
    if (obs) {
      mode = obs.bytes ? 'bytes' : 'lines';
      count = obs.count;
      follow = obs.follow;
      args = obs.rest;
    }
    const o = getopt('tail', args, OPTIONS);
    for (const [k] of o.list) {
      if (/^\d$/.test(k)) { await sys.err(`tail: option used in invalid context -- ${k}\n`); return 1; }
    }
    if (o.has('help')) { await sys.out('Usage: tail [OPTION]... [FILE]...\n'); return 0; }
    if (o.has('version')) { await sys.out('tail (GNU coreutils) 9.1\n'); return 0; }
    try {
      for (const [k, v] of o.list) {
        if (k === 'n') { mode = 'lines'; count = parseCount(v as string, 'lines'); }
        else if (k === 'c') { mode = 'bytes'; count = parseCount(v as string, 'bytes'); }
        else if (k === 'q') verbose = false;
        else if (k === 'v') verbose = true;
        else if (k === 'f' || k === 'F') follow = true;
      }
    } catch (e) {
      if (e instanceof Fatal) { await sys.err(e.message + '\n'); return 1; }
      throw e;
    }
    const sep = o.has('z') ? 0 : 10;
    const names = o.operands.length ? o.operands : ['-'];
    const headers = verbose ?? names.length > 1;
    let status = 0;
    let first = true;
    for (const name of names) {
      let fd: number;
      try { fd = openInput(sys, name); } catch (e) {
        await sys.err(`tail: cannot open ${quoteAlways(name)} for reading: ${sysErrText(e)}\n`);
        status = 1;
        continue;
      }
      if (headers) await sys.out(`${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`);
      first = false;
      try {
        if (name !== '-' && isDirMode(sys.fstat(fd).mode)) throw new Fatal('Is a directory');
        await copyTail(sys, fd, mode, count, sep);
      } catch (e) {
        await sys.err(`tail: error reading ${quoteAlways(name)}: ${e instanceof Fatal ? e.message : sysErrText(e)}\n`);
        status = 1;
      } finally {
        closeInput(sys, fd);
      }
    }
    if (follow) {
      // A simulated file never grows behind tail's back in a way worth waiting for; say so instead of hanging.
      await sys.err('tail: following files (-f, -F) is not supported on this machine\n');
      return 1;
    }
    return status;
  });
}

async function copyTail(sys: Sys, fd: number, mode: 'lines' | 'bytes', count: Count, sep: number) {
  if (count.fromStart) {
    // Skip the first N-1 units, copy the rest as it comes.
    let skip = Math.max(0, count.n - 1);
    for (;;) {
      const chunk = await sys.read(fd, 65536);
      if (!chunk.length) return;
      let start = 0;
      if (skip > 0) {
        if (mode === 'bytes') { start = Math.min(skip, chunk.length); skip -= start; }
        else {
          start = chunk.length;
          for (let i = 0; i < chunk.length; i++) if (chunk[i] === sep && --skip === 0) { start = i + 1; break; }
        }
      }
      if (start < chunk.length) await sys.write(1, chunk.subarray(start));
    }
  }
  if (count.n === 0) { while ((await sys.read(fd, 65536)).length) { /* drain */ } return; }
  if (mode === 'bytes') {
    let held: Uint8Array = new Uint8Array(0);
    for (;;) {
      const chunk = await sys.read(fd, 65536);
      if (!chunk.length) break;
      const all = concatBytes([held, chunk], held.length + chunk.length);
      held = all.length > count.n ? all.slice(all.length - count.n) : all;
    }
    await sys.write(1, held);
    return;
  }
  // Keep chunks holding at most the last N line ends (plus the unterminated tail).
  const chunks: Uint8Array[] = [];
  let ends = 0;
  for (;;) {
    const chunk = await sys.read(fd, 65536);
    if (!chunk.length) break;
    chunks.push(chunk);
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === sep) ends++;
    // Drop whole leading chunks while the rest still has more than N line ends.
    while (chunks.length > 1) {
      let n0 = 0;
      for (const b of chunks[0]!) if (b === sep) n0++;
      if (ends - n0 <= count.n) break;
      chunks.shift();
      ends -= n0;
    }
  }
  const all = concatBytes(chunks);
  // The last N lines start after the (N+1)-th separator from the end, not counting a final terminator.
  let pos = 0;
  let lines = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    if (all[i] === sep && i !== all.length - 1) {
      lines++;
      if (lines === count.n) { pos = i + 1; break; }
    }
  }
  await sys.write(1, all.subarray(pos));
}
