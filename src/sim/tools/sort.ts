// sort(1) of coreutils 9.1: sort lines of all inputs. Keys (-k POS1[,POS2]) with per-key options, field
// separator -t, numeric (-n), human (-h), general (-g), month (-M), version (-V) orders, -f -d -i -b -r,
// -u (unique by key), -s (stable: no last-resort comparison), -c/-C (check), -o (output file, may be an
// input), -z. The locale is C.UTF-8, whose collation is code point order (= byte order of UTF-8).
import type { Sys } from '../kernel/sys.ts';
import { O_CREAT, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import { compareCodePoints, getopt, isDirMode, quoteArg, sysErrText, UsageError, withUsage } from './lib.ts';
import { SysError } from '../kernel/errno.ts';

const OPTIONS = {
  flags: 'bcCdfghiMmnRrsuVz',
  withArg: 'kotST',
  long: {
    'ignore-leading-blanks': { key: 'b' }, 'dictionary-order': { key: 'd' }, 'ignore-case': { key: 'f' },
    'general-numeric-sort': { key: 'g' }, 'ignore-nonprinting': { key: 'i' }, 'month-sort': { key: 'M' },
    'human-numeric-sort': { key: 'h' }, 'numeric-sort': { key: 'n' }, 'random-sort': { key: 'R' },
    'reverse': { key: 'r' }, 'version-sort': { key: 'V' }, sort: { key: 'sort', arg: true },
    check: { key: 'c', arg: 'optional' }, key: { key: 'k', arg: true }, merge: { key: 'm' },
    output: { key: 'o', arg: true }, stable: { key: 's' }, 'field-separator': { key: 't', arg: true },
    unique: { key: 'u' }, 'zero-terminated': { key: 'z' }, 'buffer-size': { key: 'S', arg: true },
    'temporary-directory': { key: 'T', arg: true }, parallel: { key: 'parallel', arg: true },
    'random-source': { key: 'random-source', arg: true }, debug: { key: 'debug' },
    'files0-from': { key: 'files0-from', arg: true }, help: { key: 'help' }, version: { key: 'version' },
  },
} as const;

const ORDER_FLAGS = 'bdfgiMhnRrV';

interface Key {
  sf: number; sc: number; ef: number; ec: number; // fields 0-based, chars 0-based; ef -1: end of line
  skipStart: boolean; skipEnd: boolean;
  numeric: boolean; human: boolean; general: boolean; month: boolean; version: boolean; random: boolean;
  fold: boolean; dict: boolean; nonprint: boolean; reverse: boolean;
}

class Fatal extends Error {}

function parseKey(spec: string, global: string): Key {
  const bad = (why: string) => new Fatal(`sort: ${why}: invalid field specification ${quoteArg(spec)}`);
  const m = /^(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*))?$/.exec(spec);
  if (!m) {
    if (/^\d+(\.\d+)?[a-zA-Z]*(,|$)/.test(spec) || /^\d/.test(spec)) throw new Fatal(`sort: stray character in field spec: invalid field specification ${quoteArg(spec)}`);
    throw bad('invalid number at field start');
  }
  const sf = Number(m[1]);
  if (sf === 0) throw bad('field number is zero');
  if (m[2] !== undefined && Number(m[2]) === 0) throw bad('character offset is zero');
  const opts = (m[3] ?? '') + (m[6] ?? '');
  const eff = opts.replace(/b/g, '') ? opts : opts + global.replace(/b/g, '');
  const has = (c: string) => eff.includes(c);
  const startB = (m[3] ?? '').includes('b') || (!opts.replace(/b/g, '') && !(m[3] ?? '').includes('b') && global.includes('b'));
  const endB = (m[6] ?? '').includes('b') || (!opts.replace(/b/g, '') && global.includes('b'));
  return {
    sf: sf - 1, sc: m[2] ? Number(m[2]) - 1 : 0,
    ef: m[4] !== undefined ? Number(m[4]) - 1 : -1, ec: m[5] !== undefined ? Number(m[5]) : 0,
    skipStart: startB, skipEnd: endB,
    numeric: has('n'), human: has('h'), general: has('g'), month: has('M'), version: has('V'), random: has('R'),
    fold: has('f'), dict: has('d'), nonprint: has('i'), reverse: has('r'),
  };
}

const isBlank = (c: string) => c === ' ' || c === '\t';

/** Start offsets of each field: with -t, after each separator; else each field starts at its leading blanks. */
function fieldStarts(line: string, tab: string | undefined): number[] {
  const starts = [0];
  if (tab !== undefined) {
    for (let i = line.indexOf(tab); i >= 0; i = line.indexOf(tab, i + 1)) starts.push(i + 1);
    return starts;
  }
  let i = 0;
  while (i < line.length) {
    while (i < line.length && isBlank(line[i]!)) i++;
    while (i < line.length && !isBlank(line[i]!)) i++;
    if (i < line.length) starts.push(i);
  }
  return starts;
}

/** The key's text. As in sort.c (without POSIX_UNSPECIFIED), a character offset may run past its field. */
function extract(line: string, k: Key, tab: string | undefined): string {
  const starts = fieldStarts(line, tab);
  const fieldEnd = (f: number) => (f + 1 < starts.length ? starts[f + 1]! - (tab !== undefined ? 1 : 0) : line.length);
  let s: number;
  if (k.sf >= starts.length) s = line.length;
  else {
    s = starts[k.sf]!;
    if (k.skipStart) while (s < line.length && isBlank(line[s]!)) s++;
    s = Math.min(s + k.sc, line.length);
  }
  let e: number;
  if (k.ef < 0 || k.ef >= starts.length) e = line.length;
  else if (k.ec === 0) e = fieldEnd(k.ef);
  else {
    let p = starts[k.ef]!;
    if (k.skipEnd) while (p < line.length && isBlank(line[p]!)) p++;
    e = Math.min(p + k.ec, line.length);
  }
  return e > s ? line.slice(s, e) : '';
}

function numPrefix(s: string): number {
  const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?/.exec(s)!;
  if (!m[2] && !m[3]) return 0;
  const v = Number(`${m[2] || '0'}.${m[3] || '0'}`);
  return m[1] ? -v : v;
}
const SUFFIX = ' KMGTPEZYRQ';
function humanKey(s: string): [number, number] {
  const m = /^[ \t]*(-?)(\d*)(?:\.(\d*))?([KMGTPEZYRQk]?)/.exec(s)!;
  const v = (m[2] || m[3]) ? Number(`${m[2] || '0'}.${m[3] || '0'}`) * (m[1] ? -1 : 1) : 0;
  const mag = m[4] ? SUFFIX.indexOf(m[4].toUpperCase()) : 0;
  const sign = v < 0 ? -1 : v > 0 ? 1 : 0;
  return [sign * (mag + 1), v];
}
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
function monthKey(s: string): number { return MONTHS.indexOf(s.trimStart().slice(0, 3).toUpperCase()) + 1; }

/** filevercmp-like version comparison: digit runs numerically, the rest by character. */
function versionCmp(a: string, b: string): number {
  const ra = a.match(/\d+|\D+/g) ?? [], rb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const x = ra[i]!, y = rb[i]!;
    if (/^\d/.test(x) && /^\d/.test(y)) { const d = Number(x) - Number(y); if (d) return d; }
    else { const c = compareCodePoints(x, y); if (c) return c; }
  }
  return ra.length - rb.length;
}

function compareKey(a: string, b: string, k: Key): number {
  let r: number;
  if (k.numeric) r = numPrefix(a) - numPrefix(b);
  else if (k.human) { const x = humanKey(a), y = humanKey(b); r = x[0] - y[0] || x[1] - y[1]; }
  else if (k.general) {
    const x = parseFloat(a), y = parseFloat(b);
    const nx = Number.isNaN(x), ny = Number.isNaN(y);
    r = nx || ny ? Number(ny) - Number(nx) : x < y ? -1 : x > y ? 1 : 0;
  } else if (k.month) r = monthKey(a) - monthKey(b);
  else if (k.version) r = versionCmp(a, b);
  else {
    if (k.dict) { a = a.replace(/[^ \t\p{L}\p{N}]/gu, ''); b = b.replace(/[^ \t\p{L}\p{N}]/gu, ''); }
    if (k.nonprint) { a = a.replace(/\p{C}/gu, ''); b = b.replace(/\p{C}/gu, ''); }
    if (k.fold) { a = a.replace(/[a-z]/g, (c) => c.toUpperCase()); b = b.replace(/[a-z]/g, (c) => c.toUpperCase()); }
    r = compareCodePoints(a, b);
  }
  return k.reverse ? -r : r;
}

export default async function sort(sys: Sys): Promise<number> {
  return withUsage(sys, 'sort', async () => {
    const o = getopt('sort', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: sort [OPTION]... [FILE]...\n'); return 0; }
    if (o.has('version')) { await sys.out('sort (GNU coreutils) 9.1\n'); return 0; }
    try {
      return await run(sys, o);
    } catch (e) {
      if (e instanceof Fatal) { await sys.err(e.message + '\n'); return 2; }
      throw e;
    }
  }, 2);
}

async function run(sys: Sys, o: ReturnType<typeof getopt>): Promise<number> {
  let global = '';
  for (const [k, v] of o.list) {
    if (ORDER_FLAGS.includes(k) && k.length === 1) global += k;
    if (k === 'sort') {
      const map: Record<string, string> = { general: 'g', human: 'h', month: 'M', numeric: 'n', random: 'R', version: 'V' };
      if (!map[v as string]) throw new UsageError(`sort: invalid argument ${quoteArg(v as string)} for '--sort'`);
      global += map[v as string];
    }
  }
  const incompatible = [...new Set(global.replace(/[^ghMnRV]/g, ''))];
  if (incompatible.length > 1) throw new Fatal(`sort: options '-${incompatible.sort((a, b) => 'dfghiMnRV'.indexOf(a) - 'dfghiMnRV'.indexOf(b)).join('')}' are incompatible`);
  let tab: string | undefined;
  const tv = o.get('t');
  if (tv !== undefined) {
    if (tv === '\\0') tab = '\0';
    else if ([...tv].length > 1) throw new Fatal(`sort: multi-character tab ${quoteArg(tv)}`);
    else if (tv === '') throw new Fatal('sort: empty tab');
    else tab = tv;
  }
  const keys = o.list.filter(([k]) => k === 'k').map(([, v]) => parseKey(v as string, global));
  const unique = o.has('u');
  const stable = o.has('s');
  const reverse = global.includes('r');
  const sep = o.has('z') ? '\0' : '\n';
  const wholeKey: Key = parseKey('1', global);
  wholeKey.sf = 0; wholeKey.ef = -1;
  const useKeys = keys.length ? keys : [wholeKey];

  const cmp = (a: string, b: string): number => {
    for (const k of useKeys) {
      const r = k === wholeKey && !k.skipStart ? compareKey(a, b, k) : compareKey(extract(a, k, tab), extract(b, k, tab), k);
      if (r) return r;
    }
    if (stable || unique) return 0;
    const r = compareCodePoints(a, b);
    return reverse ? -r : r;
  };

  // Read everything (sort must), each input in turn.
  const names = o.operands.length ? o.operands : ['-'];
  const lines: string[] = [];
  for (const name of names) {
    let data: Uint8Array;
    try {
      if (name === '-') data = await sys.readAll(0);
      else {
        const st = sys.stat(name);
        if (isDirMode(st.mode)) throw new Fatal(`sort: read failed: ${name}: Is a directory`);
        data = await sys.readFile(name);
      }
    } catch (e) {
      if (e instanceof SysError) throw new Fatal(`sort: cannot read: ${name}: ${sysErrText(e)}`);
      throw e;
    }
    let text = new TextDecoder().decode(data);
    if (!text) continue;
    if (text.endsWith(sep)) text = text.slice(0, -1);
    for (const l of text.split(sep)) lines.push(l); // (a spread of 10^5 arguments overflows the stack)
  }

  const check = o.list.find(([k]) => k === 'c' || k === 'C');
  if (check) {
    const quietCheck = check[0] === 'C' || check[1] === 'quiet' || check[1] === 'silent';
    for (let i = 1; i < lines.length; i++) {
      const r = cmp(lines[i - 1]!, lines[i]!);
      if (r > 0 || (unique && r === 0)) {
        if (!quietCheck) await sys.err(`sort: ${names[0] === '-' ? '-' : names[0]}:${i + 1}: disorder: ${lines[i]}\n`);
        return 1;
      }
    }
    return 0;
  }

  // Array.prototype.sort is stable, so equal lines keep input order (as -s requires).
  const sorted = lines.map((l, i) => ({ l, i })).sort((x, y) => cmp(x.l, y.l) || x.i - y.i).map((x) => x.l);
  let outLines = sorted;
  if (unique) {
    outLines = [];
    for (const l of sorted) if (!outLines.length || cmp(outLines[outLines.length - 1]!, l) !== 0) outLines.push(l);
  }
  const text = outLines.map((l) => l + sep).join('');
  const outName = o.get('o');
  if (outName !== undefined) {
    let fd: number;
    try { fd = sys.open(outName, O_WRONLY | O_CREAT | O_TRUNC, 0o666); } catch (e) {
      if (e instanceof SysError) throw new Fatal(`sort: open failed: ${outName}: ${sysErrText(e)}`);
      throw e;
    }
    try { await sys.write(fd, text); } finally { sys.close(fd); }
    return 0;
  }
  const enc = new TextEncoder().encode(text);
  for (let off = 0; off < enc.length; off += 65536) await sys.write(1, enc.subarray(off, off + 65536));
  return 0;
}
