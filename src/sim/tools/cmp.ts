// cmp(1) of GNU diffutils 3.8: compare two files byte by byte. Prints the first difference ("a b differ:
// byte 5, line 1"), or every one with -l, or nothing with -s; "cmp: EOF on b after byte 3, in line 1" when
// one file is a prefix of the other. Exit 0 same, 1 different, 2 trouble.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { getopt, isDirMode, quoteArg, sysErrText, UsageError } from './lib.ts';

const OPTIONS = {
  flags: 'blsv',
  withArg: 'in',
  long: {
    'print-bytes': { key: 'b' }, 'ignore-initial': { key: 'i', arg: true }, verbose: { key: 'l' },
    bytes: { key: 'n', arg: true }, quiet: { key: 's' }, silent: { key: 's' }, version: { key: 'v' },
    help: { key: 'help' },
  },
} as const;

class Trouble extends Error {}

/** SKIP values: a number with an optional suffix (kB, K, MiB, ...). */
function parseSkip(v: string): number {
  const m = /^(\d+)(?:([kKMGTPEZY])(iB|B)?)?$/.exec(v);
  if (!m) throw new Trouble(`cmp: invalid --ignore-initial value '${v}'\ncmp: Try 'cmp --help' for more information.`);
  let n = Number(m[1]);
  if (m[2]) n *= (m[3] === 'B' ? 1000 : 1024) ** (' KMGTPEZY'.indexOf(m[2].toUpperCase()));
  return n;
}

/** The printable form of a byte for -b, as cmp's sprintc: ^X for controls, M- for high bytes. */
function showByte(b: number): string {
  let s = '';
  if (b >= 128) { s = 'M-'; b -= 128; }
  if (b < 32) s += '^' + String.fromCharCode(b + 64);
  else if (b === 127) s += '^?';
  else s += String.fromCharCode(b);
  return s;
}

export default async function cmp(sys: Sys): Promise<number> {
  let o: ReturnType<typeof getopt>;
  try { o = getopt('cmp', sys.argv.slice(1), OPTIONS); } catch (e) {
    if (e instanceof UsageError) { await sys.err(`${e.message}\ncmp: Try 'cmp --help' for more information.\n`); return 2; }
    throw e;
  }
  if (o.has('help')) { await sys.out('Usage: cmp [OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]\n'); return 0; }
  if (o.has('v')) { await sys.out('cmp (GNU diffutils) 3.8\n'); return 0; }
  try {
    const ops = o.operands;
    if (!ops.length) throw new Trouble("cmp: missing operand after 'cmp'\ncmp: Try 'cmp --help' for more information.");
    if (ops[2] !== undefined) parseSkip(ops[2]);
    if (ops[3] !== undefined) parseSkip(ops[3]);
    if (ops.length > 4) throw new Trouble(`cmp: extra operand ${quoteArg(ops[4]!)}\ncmp: Try 'cmp --help' for more information.`);
    const names = [ops[0]!, ops[1] ?? '-'];
    const iv = o.get('i');
    let skip = [0, 0];
    if (iv !== undefined) {
      const [a, b] = iv.split(':');
      skip = [parseSkip(a!), parseSkip(b ?? a!)];
    }
    if (ops[2] !== undefined) skip[0] = parseSkip(ops[2]);
    if (ops[3] !== undefined) skip[1] = parseSkip(ops[3]);
    const limit = o.get('n') !== undefined ? parseSkip(o.get('n')!) : Infinity;
    const silent = o.has('s');
    const verbose = o.has('l');
    const bytes = o.has('b');

    // Read both (whole: files in a course are small, and cmp must see both anyway).
    const data: Uint8Array[] = [];
    for (const name of names) {
      try {
        if (name === '-') { data.push(await sys.readAll(0)); continue; }
        if (isDirMode(sys.stat(name).mode)) throw new Trouble(`cmp: ${name}: Is a directory`);
        data.push(await sys.readFile(name));
      } catch (e) {
        if (e instanceof SysError) throw new Trouble(`cmp: ${name}: ${sysErrText(e)}`);
        throw e;
      }
    }
    const a = data[0]!.subarray(Math.min(skip[0]!, data[0]!.length));
    const b = data[1]!.subarray(Math.min(skip[1]!, data[1]!.length));
    const n = Math.min(a.length, b.length, limit);
    let out = '';
    let line = 1;
    let differ = false;
    const width = String(Math.min(Math.max(a.length, b.length), limit)).length;
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) {
        differ = true;
        if (silent) break;
        if (!verbose) {
          out += `${names[0]} ${names[1]} differ: byte ${i + 1}, line ${line}`;
          if (bytes) out += ` is ${a[i]!.toString(8).padStart(3)} ${showByte(a[i]!)} ${b[i]!.toString(8).padStart(3)} ${showByte(b[i]!)}`;
          out += '\n';
          break;
        }
        out += `${String(i + 1).padStart(width)} ${a[i]!.toString(8).padStart(3)}`;
        out += bytes ? ` ${showByte(a[i]!).padEnd(4)} ${b[i]!.toString(8).padStart(3)} ${showByte(b[i]!)}\n` : ` ${b[i]!.toString(8).padStart(3)}\n`;
      }
      if (a[i] === 10) line++;
    }
    if (out) await sys.out(out);
    // One file ended first (within the compared range).
    if ((!differ || verbose) && a.length !== b.length && n < limit) {
      const short = a.length < b.length ? 0 : 1;
      const s = short === 0 ? a : b;
      if (!silent) {
        let msg: string;
        if (!s.length) msg = `cmp: EOF on ${names[short]} which is empty`;
        else if (verbose) msg = `cmp: EOF on ${names[short]} after byte ${s.length}`;
        else {
          let nl = 0;
          for (const c of s) if (c === 10) nl++;
          msg = s[s.length - 1] === 10 ? `cmp: EOF on ${names[short]} after byte ${s.length}, line ${nl}`
            : `cmp: EOF on ${names[short]} after byte ${s.length}, in line ${nl + 1}`;
        }
        await sys.err(msg + '\n');
      }
      return 1;
    }
    return differ ? 1 : 0;
  } catch (e) {
    if (e instanceof Trouble) { await sys.err(e.message + '\n'); return 2; }
    throw e;
  }
}
