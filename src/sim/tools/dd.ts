// dd(1) of coreutils: copies if= (or stdin) to of= (or stdout) in ibs/obs-sized blocks (bs= sets both and
// writes each input block as it comes), count/skip/seek in blocks (or bytes with iflag=count_bytes,
// skip_bytes, oflag=seek_bytes), conv=notrunc,noerror,sync,ucase,lcase,swab,excl,nocreat,fsync,
// status=none/noxfer/progress. On stderr, the "N+M records in/out" lines and the transfer line exactly as
// GNU prints them, timed with CLOCK_MONOTONIC (sys.uptime()). ^C (SIGINT) prints the statistics and stops.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { Interrupted } from '../kernel/process.ts';
import { O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import {
  HUMAN_AUTOSCALE, HUMAN_B, HUMAN_BASE_1024, HUMAN_ROUND, HUMAN_SI, HUMAN_SPACE, UsageError, errText, humanReadable,
  quoteLocale, shellQuote, usageText, withUsage,
} from './lib.ts';

/** Operands (dd takes NAME=VALUE words, not options). */
const OPERANDS = ['if', 'of', 'ibs', 'obs', 'bs', 'cbs', 'skip', 'iseek', 'seek', 'oseek', 'count', 'conv', 'iflag', 'oflag', 'status'];
const CONVS = ['ascii', 'ebcdic', 'ibm', 'block', 'unblock', 'lcase', 'ucase', 'sparse', 'swab', 'sync', 'excl', 'nocreat', 'notrunc', 'noerror', 'fdatasync', 'fsync'];
const FLAGS = ['append', 'binary', 'cio', 'count_bytes', 'direct', 'directory', 'dsync', 'fullblock', 'noatime', 'nocache', 'noctty', 'nofollow', 'nolinks', 'nonblock', 'seek_bytes', 'skip_bytes', 'sync', 'text'];
const STATUS = ['none', 'noxfer', 'progress'];

const MULT: Record<string, number> = { c: 1, w: 2, b: 512, k: 1024, K: 1024 };
const POWERS = 'KMGTPEZYRQ';

/** dd's parse_integer: N with an optional suffix (c w b k K kB KiB M MB MiB ...), or products NxM. */
function parseNumber(s: string): number | undefined {
  const parts = s.split('x');
  let total = 1;
  for (const p of parts) {
    const m = /^(\d+)(.*)$/.exec(p);
    if (!m) return undefined;
    let n = Number(m[1]);
    const suf = m[2]!;
    if (suf) {
      if (suf in MULT) n *= MULT[suf]!;
      else {
        const pm = /^([KMGTPEZYRQ])(B|iB)?$/.exec(suf.replace(/^k(?=B$)/, 'K'));
        if (!pm || (suf.startsWith('k') && suf !== 'kB')) return undefined;
        const base = pm[2] === 'B' ? 1000 : 1024;
        n *= base ** (POWERS.indexOf(pm[1]!) + 1);
      }
    }
    total *= n;
  }
  return Number.isSafeInteger(total) ? total : undefined;
}

/** C's "%g" (6 significant digits, trailing zeros dropped, e-05 style exponents). */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const [mant, expText] = x.toExponential(5).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const m = mant.replace(/\.?0+$/, '');
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return x.toFixed(5 - exp).replace(/\.?0+$/, '');
}

export default async function dd(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'dd';
  return withUsage(sys, prog, async () => {
    const ops: Record<string, string> = {};
    const conv = new Set<string>(), iflag = new Set<string>(), oflag = new Set<string>();
    let status = 'default';
    for (const arg of sys.argv.slice(1)) {
      if (arg === '--') continue;
      if (arg === '--help') { await sys.out(usageText(HELP_TEXT, prog, 'dd')); return 0; }
      if (arg === '--version') { await sys.out(VERSION_TEXT); return 0; }
      if (arg.startsWith('-') && arg.length > 1) {
        throw new UsageError(arg.startsWith('--') ? `${prog}: unrecognized option '${arg}'` : `${prog}: invalid option -- '${arg[1]}'`);
      }
      const eq = arg.indexOf('=');
      const key = eq < 0 ? '' : arg.slice(0, eq);
      if (!OPERANDS.includes(key)) throw new UsageError(`${prog}: unrecognized operand ${quoteLocale(arg)}`);
      const value = arg.slice(eq + 1);
      const list = (set: Set<string>, allowed: string[], what: string) => {
        for (const v of value.split(',')) {
          if (!allowed.includes(v)) throw new UsageError(`${prog}: invalid ${what}: ${quoteLocale(v)}`);
          set.add(v);
        }
      };
      if (key === 'conv') list(conv, CONVS, 'conversion');
      else if (key === 'iflag') list(iflag, FLAGS, 'input flag');
      else if (key === 'oflag') list(oflag, FLAGS, 'output flag');
      else if (key === 'status') {
        if (!STATUS.includes(value)) throw new UsageError(`${prog}: invalid status level: ${quoteLocale(value)}`);
        status = value;
      } else ops[key === 'iseek' ? 'skip' : key === 'oseek' ? 'seek' : key] = value;
    }
    const num = async (key: string, positive: boolean): Promise<number | undefined> => {
      const v = ops[key];
      if (v === undefined) return undefined;
      const n = parseNumber(v);
      if (n === undefined || (positive && n === 0)) throw Object.assign(new Error('invalid number'), { bad: v });
      return n;
    };
    let bs: number | undefined, ibs: number, obs: number, count: number | undefined, skip: number, seek: number;
    try {
      bs = await num('bs', true);
      ibs = bs ?? (await num('ibs', true)) ?? 512;
      obs = bs ?? (await num('obs', true)) ?? 512;
      await num('cbs', true);
      count = await num('count', false);
      skip = (await num('skip', false)) ?? 0;
      seek = (await num('seek', false)) ?? 0;
    } catch (e) {
      const bad = (e as { bad?: string }).bad;
      if (bad === undefined) throw e;
      await sys.err(`${prog}: invalid number: ${quoteLocale(bad)}\n`);
      return 1;
    }
    if (conv.has('excl') && conv.has('nocreat')) { await sys.err(`${prog}: cannot combine excl and nocreat\n`); return 1; }
    if (conv.has('lcase') && conv.has('ucase')) { await sys.err(`${prog}: cannot combine lcase and ucase\n`); return 1; }

    const inName = ops['if'], outName = ops['of'];
    let inFd = 0, outFd = 1;
    if (inName !== undefined) {
      try { inFd = sys.open(inName, O_RDONLY); } catch (e) { await sys.err(`${prog}: failed to open ${shellQuote(inName)}: ${errText(e)}\n`); return 1; }
    }
    const seekBytes = oflag.has('seek_bytes') ? seek : seek * obs;
    if (outName !== undefined) {
      const flags = O_WRONLY | (conv.has('nocreat') ? 0 : O_CREAT) | (conv.has('excl') ? O_EXCL : 0)
        | (seek || conv.has('notrunc') ? 0 : O_TRUNC) | (oflag.has('append') ? O_APPEND : 0);
      try { outFd = sys.open(outName, flags, 0o666); } catch (e) { await sys.err(`${prog}: failed to open ${shellQuote(outName)}: ${errText(e)}\n`); return 1; }
      if (seek && !conv.has('notrunc')) {
        try { if ((sys.fstat(outFd).mode & 0o170000) === 0o100000) sys.ftruncate(outFd, seekBytes); } catch { /* devices ignore it */ }
      }
    }
    const inLabel = inName === undefined ? 'standard input' : shellQuote(inName);
    const outLabel = outName === undefined ? 'standard output' : shellQuote(outName);

    // ^C: GNU prints the statistics before dying of the signal.
    let interrupted = false;
    sys.sigaction(2, () => { interrupted = true; });

    const start = sys.uptime();
    let rFull = 0, rPartial = 0, wFull = 0, wPartial = 0, wBytes = 0;
    let failed = 0;
    const stats = async () => {
      if (status === 'none') return;
      let text = `${rFull}+${rPartial} records in\n${wFull}+${wPartial} records out\n`;
      if (status !== 'noxfer') {
        const opts = HUMAN_AUTOSCALE | HUMAN_ROUND | HUMAN_SPACE | HUMAN_SI | HUMAN_B;
        const si = humanReadable(wBytes, opts);
        const iec = humanReadable(wBytes, opts | HUMAN_BASE_1024);
        const deltaNs = Math.round((sys.uptime() - start) * 1e6);
        const rate = deltaNs > 0 ? humanReadable(wBytes, opts, 1e9, deltaNs) + '/s' : 'Infinity B/s';
        const secs = formatG(deltaNs / 1e9) + ' s';
        const noPrefix = (s: string) => / B$/.test(s) || /^\d+ B$/.test(s);
        text += noPrefix(si) ? `${wBytes} byte${wBytes === 1 ? '' : 's'} copied, ${secs}, ${rate}\n`
          : noPrefix(iec) ? `${wBytes} bytes (${si}) copied, ${secs}, ${rate}\n`
            : `${wBytes} bytes (${si}, ${iec}) copied, ${secs}, ${rate}\n`;
      }
      await sys.err(text);
    };

    const readSome = async (max: number): Promise<Uint8Array> => {
      if (!iflag.has('fullblock')) return sys.read(inFd, max);
      const parts: Uint8Array[] = [];
      let got = 0;
      while (got < max) {
        const c = await sys.read(inFd, max - got);
        if (!c.length) break;
        parts.push(c);
        got += c.length;
      }
      const out = new Uint8Array(got);
      let off = 0;
      for (const p of parts) { out.set(p, off); off += p.length; }
      return out;
    };

    // Output side: with bs= each block is written as read; otherwise bytes gather into obs-sized writes.
    let pending = new Uint8Array(0);
    const writeOut = async (data: Uint8Array) => {
      await sys.write(outFd, data);
      wBytes += data.length;
      if (data.length === obs) wFull++; else wPartial++;
    };
    const emit = async (data: Uint8Array, flush: boolean) => {
      if (bs !== undefined) {
        if (data.length) await writeOut(data);
        return;
      }
      const joined = new Uint8Array(pending.length + data.length);
      joined.set(pending);
      joined.set(data, pending.length);
      let off = 0;
      while (joined.length - off >= obs) { await writeOut(joined.subarray(off, off + obs)); off += obs; }
      pending = joined.slice(off);
      if (flush && pending.length) { await writeOut(pending); pending = new Uint8Array(0); }
    };

    try {
      // skip=: seek when the input allows it, read and discard otherwise.
      const skipBytes = iflag.has('skip_bytes') ? skip : skip * ibs;
      if (skipBytes) {
        let seeked = false;
        try { if (inFd !== 0 || inName !== undefined) { const st = sys.fstat(inFd); if ((st.mode & 0o170000) === 0o100000) { sys.lseek(inFd, skipBytes, 1); seeked = true; } } } catch { /* not seekable */ }
        if (!seeked) {
          let left = skipBytes;
          while (left > 0) { const c = await sys.read(inFd, Math.min(left, ibs)); if (!c.length) break; left -= c.length; }
        }
      }
      if (seekBytes && outName !== undefined) {
        try { sys.lseek(outFd, seekBytes, 0); } catch { /* a device: nothing to skip */ }
      }
      const limitBytes = iflag.has('count_bytes') && count !== undefined ? count : undefined;
      let readBytes = 0;
      for (;;) {
        if (interrupted) break;
        if (count !== undefined && limitBytes === undefined && rFull + rPartial >= count) break;
        let want = ibs;
        if (limitBytes !== undefined) { if (readBytes >= limitBytes) break; want = Math.min(ibs, limitBytes - readBytes); }
        let block: Uint8Array;
        try { block = await readSome(want); } catch (e) {
          if (e instanceof Interrupted) { interrupted = true; break; }
          if (!(e instanceof SysError)) throw e;
          await sys.err(`${prog}: error reading ${inLabel}: ${errText(e)}\n`);
          failed = 1;
          if (!conv.has('noerror')) break;
          rPartial++;
          continue;
        }
        if (!block.length) break;
        readBytes += block.length;
        if (block.length === ibs) rFull++; else rPartial++;
        let data = block;
        if (conv.has('sync') && data.length < ibs) { const padded = new Uint8Array(ibs); padded.set(data); data = padded; }
        if (conv.has('swab')) { data = data.slice(); for (let i = 0; i + 1 < data.length; i += 2) { const t = data[i]!; data[i] = data[i + 1]!; data[i + 1] = t; } }
        if (conv.has('ucase') || conv.has('lcase')) {
          data = data.slice();
          for (let i = 0; i < data.length; i++) {
            const b = data[i]!;
            if (conv.has('ucase') && b >= 97 && b <= 122) data[i] = b - 32;
            if (conv.has('lcase') && b >= 65 && b <= 90) data[i] = b + 32;
          }
        }
        try { await emit(data, false); } catch (e) {
          if (e instanceof Interrupted) { interrupted = true; break; }
          if (!(e instanceof SysError)) throw e;
          await sys.err(`${prog}: error writing ${outLabel}: ${errText(e)}\n`);
          failed = 1;
          break;
        }
      }
      if (!failed) {
        try { await emit(new Uint8Array(0), true); } catch (e) {
          if (!(e instanceof SysError)) throw e;
          await sys.err(`${prog}: error writing ${outLabel}: ${errText(e)}\n`);
          failed = 1;
        }
      }
    } finally {
      if (inName !== undefined) try { sys.close(inFd); } catch { /* closed */ }
      if (outName !== undefined) try { sys.close(outFd); } catch { /* closed */ }
    }
    await stats();
    if (interrupted) {
      sys.sigaction(2, 'default');
      sys.kill(sys.pid, 2);
    }
    return failed;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: dd [OPERAND]...
  or:  dd OPTION
Copy a file, converting and formatting according to the operands.

  bs=BYTES        read and write up to BYTES bytes at a time (default: 512);
                  overrides ibs and obs
  cbs=BYTES       convert BYTES bytes at a time
  conv=CONVS      convert the file as per the comma separated symbol list
  count=N         copy only N input blocks
  ibs=BYTES       read up to BYTES bytes at a time (default: 512)
  if=FILE         read from FILE instead of stdin
  iflag=FLAGS     read as per the comma separated symbol list
  obs=BYTES       write BYTES bytes at a time (default: 512)
  of=FILE         write to FILE instead of stdout
  oflag=FLAGS     write as per the comma separated symbol list
  seek=N          (or oseek=N) skip N obs-sized output blocks
  skip=N          (or iseek=N) skip N ibs-sized input blocks
  status=LEVEL    The LEVEL of information to print to stderr;
                  'none' suppresses everything but error messages,
                  'noxfer' suppresses the final transfer statistics,
                  'progress' shows periodic transfer statistics

N and BYTES may be followed by the following multiplicative suffixes:
c=1, w=2, b=512, kB=1000, K=1024, MB=1000*1000, M=1024*1024, xM=M,
GB=1000*1000*1000, G=1024*1024*1024, and so on for T, P, E, Z, Y.
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.
If N ends in 'B', it counts bytes not blocks.

Each CONV symbol may be:

  ascii     from EBCDIC to ASCII
  ebcdic    from ASCII to EBCDIC
  ibm       from ASCII to alternate EBCDIC
  block     pad newline-terminated records with spaces to cbs-size
  unblock   replace trailing spaces in cbs-size records with newline
  lcase     change upper case to lower case
  ucase     change lower case to upper case
  sparse    try to seek rather than write all-NUL output blocks
  swab      swap every pair of input bytes
  sync      pad every input block with NULs to ibs-size; when used
            with block or unblock, pad with spaces rather than NULs
  excl      fail if the output file already exists
  nocreat   do not create the output file
  notrunc   do not truncate the output file
  noerror   continue after read errors
  fdatasync  physically write output file data before finishing
  fsync     likewise, but also write metadata

Each FLAG symbol may be:

  append    append mode (makes sense only for output; conv=notrunc suggested)
  direct    use direct I/O for data
  directory  fail unless a directory
  dsync     use synchronized I/O for data
  sync      likewise, but also for metadata
  fullblock  accumulate full blocks of input (iflag only)
  nonblock  use non-blocking I/O
  noatime   do not update access time
  nocache   Request to drop cache.  See also oflag=sync
  noctty    do not assign controlling terminal from file
  nofollow  do not follow symlinks

Sending a USR1 signal to a running 'dd' process makes it
print I/O statistics to standard error and then resume copying.

Options are:

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/dd>
or available locally via: info '(coreutils) dd invocation'
`;
const VERSION_TEXT = `dd (coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Rubin, David MacKenzie, and Stuart Kemp.
`;
