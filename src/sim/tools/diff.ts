// diff(1) of GNU diffutils 3.8: compare files line by line. The comparison follows GNU's analyze.c so the
// hunks come out the same: identical prefix/suffix trimmed, lines matching nothing in the other file
// discarded first, Myers' O(ND) middle-snake search (with its cost cut-off for huge inputs), then change
// boundaries shifted to merge runs. Output: normal (1c1 / < / --- / >), unified (-u, -U N) with
// "--- a<TAB>2026-10-05 09:00:00.000000000 +0000" headers, context (-c, -C N), brief (-q).
// Exit 0 same, 1 different, 2 trouble.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { getopt, isDirMode, quoteArg, sysErrText, UsageError } from './lib.ts';
import { baseName } from './basename.ts';

const OPTIONS = {
  flags: 'abBcdeEfHiNnpqrsStTuvwy',
  withArg: 'CUIxXFDLW',
  long: {
    brief: { key: 'q' }, 'report-identical-files': { key: 's' }, unified: { key: 'U', arg: 'optional' },
    context: { key: 'C', arg: 'optional' }, 'ignore-case': { key: 'i' }, 'ignore-all-space': { key: 'w' },
    'ignore-space-change': { key: 'b' }, 'ignore-blank-lines': { key: 'B' }, 'ignore-trailing-space': { key: 'Z' },
    text: { key: 'a' }, recursive: { key: 'r' }, 'new-file': { key: 'N' }, minimal: { key: 'd' },
    label: { key: 'label', arg: true }, 'expand-tabs': { key: 't' }, 'initial-tab': { key: 'T' },
    normal: { key: 'normal' }, 'strip-trailing-cr': { key: 'strip-trailing-cr' }, color: { key: 'color', arg: 'optional' },
    'speed-large-files': { key: 'H' }, help: { key: 'help' }, version: { key: 'v' },
  },
} as const;

class Trouble extends Error {}

// ---- the comparison (analyze.c's algorithm) ------------------------------------------------------------------

interface Change { line0: number; line1: number; deleted: number; inserted: number; }

/** Marks changed lines of x and y (equivalence class numbers) and returns the edit script. */
export function analyze(x: number[], y: number[], opts: { horizon: number; minimal: boolean }): Change[] {
  const n0 = x.length, n1 = y.length;
  // Identical prefix and suffix stay out of the comparison, except `horizon` lines of context (io.c).
  let pre = 0;
  while (pre < n0 && pre < n1 && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < n0 - pre && suf < n1 - pre && x[n0 - 1 - suf] === y[n1 - 1 - suf]) suf++;
  const start = pre - Math.min(pre, opts.horizon);
  const keepSuf = Math.min(suf, opts.horizon + 1);
  const end0 = n0 - suf + keepSuf, end1 = n1 - suf + keepSuf;
  const bx = x.slice(start, end0), by = y.slice(start, end1);
  const changed0 = new Uint8Array(n0 + 2), changed1 = new Uint8Array(n1 + 2); // index i+1 ↔ line i
  const ch0 = new Uint8Array(bx.length + 2), ch1 = new Uint8Array(by.length + 2);
  const c0 = ch0.subarray(1), c1 = ch1.subarray(1);

  // discard_confusing_lines
  const { undiscarded: ux, real: rx } = discard(bx, by, c0, opts.minimal);
  const { undiscarded: uy, real: ry } = discard(by, bx, c1, opts.minimal);

  compareseq(ux, uy, rx, ry, c0, c1, opts.minimal);
  shiftBoundaries(bx, c0, c1);
  shiftBoundaries(by, c1, c0);
  for (let i = 0; i < bx.length; i++) changed0[start + i + 1] = c0[i]!;
  for (let i = 0; i < by.length; i++) changed1[start + i + 1] = c1[i]!;

  // build_script: forward list of changes.
  const script: Change[] = [];
  let i0 = 0, i1 = 0;
  const C0 = changed0.subarray(1), C1 = changed1.subarray(1);
  while (i0 < n0 || i1 < n1) {
    if (C0[i0] || C1[i1]) {
      const l0 = i0, l1 = i1;
      while (C0[i0]) i0++;
      while (C1[i1]) i1++;
      script.push({ line0: l0, line1: l1, deleted: i0 - l0, inserted: i1 - l1 });
    }
    i0++; i1++;
  }
  return script;
}

/** Lines of `f` that match nothing in `other` are marked changed and left out; so are runs of lines that
 *  match very many (provisional discards), except where that would break up a run. */
function discard(f: number[], other: number[], changed: Uint8Array, minimal: boolean) {
  const counts = new Map<number, number>();
  for (const e of other) counts.set(e, (counts.get(e) ?? 0) + 1);
  const end = f.length;
  const d = new Uint8Array(end);
  let many = 5;
  for (let tem = end >> 6; (tem >>= 2) > 0;) many *= 2;
  for (let i = 0; i < end; i++) {
    const nmatch = counts.get(f[i]!) ?? 0;
    if (nmatch === 0) d[i] = 1;
    else if (nmatch > many) d[i] = 2;
  }
  for (let i = 0; i < end; i++) {
    if (d[i] === 2) { d[i] = 0; continue; }
    if (d[i] === 0) continue;
    let j = i;
    let provisional = 0;
    for (; j < end; j++) {
      if (d[j] === 0) break;
      if (d[j] === 2) provisional++;
    }
    while (j > i && d[j - 1] === 2) { d[--j] = 0; provisional--; }
    const length = j - i;
    if (provisional * 4 > length) {
      while (j > i) if (d[--j] === 2) d[j] = 0;
    } else {
      let minimum = 1;
      for (let tem = length >> 2; (tem >>= 2) > 0;) minimum <<= 1;
      minimum++;
      let consec = 0;
      for (j = 0; j < length; j++) {
        if (d[i + j] !== 2) consec = 0;
        else if (minimum === ++consec) j -= consec;
        else if (minimum < consec) d[i + j] = 0;
      }
      consec = 0;
      for (j = 0; j < length; j++) {
        if (j >= 8 && d[i + j] === 1) break;
        if (d[i + j] === 2) { consec = 0; d[i + j] = 0; } else if (d[i + j] === 0) consec = 0; else consec++;
        if (consec === 3) break;
      }
      i += length - 1;
      consec = 0;
      for (j = 0; j < length; j++) {
        if (j >= 8 && d[i - j] === 1) break;
        if (d[i - j] === 2) { consec = 0; d[i - j] = 0; } else if (d[i - j] === 0) consec = 0; else consec++;
        if (consec === 3) break;
      }
    }
  }
  const undiscarded: number[] = [];
  const real: number[] = [];
  for (let i = 0; i < end; i++) {
    if (minimal || d[i] === 0) { undiscarded.push(f[i]!); real.push(i); } else changed[i] = 1;
  }
  return { undiscarded, real };
}

/** Myers' divide and conquer over the undiscarded lines (gnulib diffseq.h's compareseq/diag). */
function compareseq(xv: number[], yv: number[], rx: number[], ry: number[], c0: Uint8Array, c1: Uint8Array, minimal: boolean) {
  const nx = xv.length, ny = yv.length;
  const size = nx + ny + 3;
  const fdArr = new Int32Array(size), bdArr = new Int32Array(size);
  const off = ny + 1; // diagonal k is stored at k + off
  let tooExpensive = 1;
  for (let diags = size; diags !== 0; diags >>= 2) tooExpensive <<= 1;
  tooExpensive = Math.max(4096, tooExpensive);
  const BIG = 0x7fffffff;

  const diag = (xoff: number, xlim: number, yoff: number, ylim: number, findMinimal: boolean) => {
    const fd = (k: number) => fdArr[k + off]!;
    const bd = (k: number) => bdArr[k + off]!;
    const setF = (k: number, v: number) => { fdArr[k + off] = v; };
    const setB = (k: number, v: number) => { bdArr[k + off] = v; };
    const dmin = xoff - ylim, dmax = xlim - yoff;
    const fmid = xoff - yoff, bmid = xlim - ylim;
    let fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    setF(fmid, xoff);
    setB(bmid, xlim);
    for (let c = 1; ; c++) {
      if (fmin > dmin) setF(--fmin - 1, -1); else fmin++;
      if (fmax < dmax) setF(++fmax + 1, -1); else fmax--;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd(d - 1), thi = fd(d + 1);
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0, y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) { x++; y++; }
        setF(d, x);
        if (odd && bmin <= d && d <= bmax && bd(d) <= x) return { xmid: x, ymid: y, lo: true, hi: true };
      }
      if (bmin > dmin) setB(--bmin - 1, BIG); else bmin++;
      if (bmax < dmax) setB(++bmax + 1, BIG); else bmax--;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd(d - 1), thi = bd(d + 1);
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0, y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) { x--; y--; }
        setB(d, x);
        if (!odd && fmin <= d && d <= fmax && x <= fd(d)) return { xmid: x, ymid: y, lo: true, hi: true };
      }
      if (findMinimal) continue;
      if (c >= tooExpensive) {
        // Give up on the optimum: split halfway between the best diagonals found so far.
        let fxybest = -1, fxbest = 0;
        for (let d = fmax; d >= fmin; d -= 2) {
          let x = Math.min(fd(d), xlim), y = x - d;
          if (ylim < y) { x = ylim + d; y = ylim; }
          if (fxybest < x + y) { fxybest = x + y; fxbest = x; }
        }
        let bxybest = BIG, bxbest = 0;
        for (let d = bmax; d >= bmin; d -= 2) {
          let x = Math.max(xoff, bd(d)), y = x - d;
          if (y < yoff) { x = yoff + d; y = yoff; }
          if (x + y < bxybest) { bxybest = x + y; bxbest = x; }
        }
        if ((xlim + ylim) - bxybest < fxybest - (xoff + yoff)) return { xmid: fxbest, ymid: fxybest - fxbest, lo: true, hi: false };
        return { xmid: bxbest, ymid: bxybest - bxbest, lo: false, hi: true };
      }
    }
  };

  // Iterative version of the recursion (deep inputs must not overflow the JS stack).
  const stack: [number, number, number, number, boolean][] = [[0, nx, 0, ny, minimal]];
  while (stack.length) {
    let [xoff, xlim, yoff, ylim, fm] = stack.pop()!;
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) { xoff++; yoff++; }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) { xlim--; ylim--; }
    if (xoff === xlim) { while (yoff < ylim) c1[ry[yoff++]!] = 1; continue; }
    if (yoff === ylim) { while (xoff < xlim) c0[rx[xoff++]!] = 1; continue; }
    const p = diag(xoff, xlim, yoff, ylim, fm);
    // The low half is done first in GNU; order does not change the result, only marks.
    stack.push([p.xmid, xlim, p.ymid, ylim, p.hi]);
    stack.push([xoff, p.xmid, yoff, p.ymid, p.lo]);
  }
}

/** analyze.c's shift_boundaries: slide each run of changes so runs merge, and end where the other file's
 *  changes are. `changed` has a 0 guard at index -1 and at the end (the caller's arrays are offset by 1). */
function shiftBoundaries(equivs: number[], changed: Uint8Array, other: Uint8Array) {
  const iEnd = equivs.length;
  const ch = (k: number) => (k < 0 ? 0 : changed[k] ?? 0);
  const oc = (k: number) => (k < 0 ? 0 : other[k] ?? 0);
  let i = 0, j = 0;
  for (;;) {
    while (i < iEnd && !ch(i)) { while (oc(j++)) { /* skip */ } i++; }
    if (i === iEnd) break;
    let start = i;
    while (ch(++i)) { /* to the end of the run */ }
    while (oc(j)) j++;
    let runlength: number;
    let corresponding: number;
    do {
      runlength = i - start;
      while (start && equivs[start - 1] === equivs[i - 1]) {
        changed[--start] = 1;
        changed[--i] = 0;
        while (ch(start - 1)) start--;
        while (oc(--j)) { /* back */ }
      }
      corresponding = oc(j - 1) ? i : iEnd;
      while (i !== iEnd && equivs[start] === equivs[i]) {
        changed[start++] = 0;
        changed[i++] = 1;
        while (ch(i)) i++;
        while (oc(++j)) corresponding = i;
      }
    } while (runlength !== i - start);
    while (corresponding < i) {
      changed[--start] = 1;
      changed[--i] = 0;
      while (oc(--j)) { /* back */ }
    }
  }
}

// ---- input ----------------------------------------------------------------------------------------------------

interface FileData { name: string; label: string; lines: string[]; missingNl: boolean; mtimeMs: number; bytes: Uint8Array; }

function splitFile(bytes: Uint8Array): { lines: string[]; missingNl: boolean } {
  const text = new TextDecoder().decode(bytes);
  if (!text) return { lines: [], missingNl: false };
  const missingNl = !text.endsWith('\n');
  const lines = (missingNl ? text : text.slice(0, -1)).split('\n');
  return { lines, missingNl };
}

/** "2026-10-05 09:00:00.000000000 +0000" (diff -u/-c headers; the machine runs in UTC). */
function stamp(ms: number): string {
  const d = new Date(Math.floor(ms));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const ns = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(ns, 9)} +0000`;
}

// ---- output -----------------------------------------------------------------------------------------------

export default async function diff(sys: Sys): Promise<number> {
  let o: ReturnType<typeof getopt>;
  try { o = getopt('diff', sys.argv.slice(1), OPTIONS); } catch (e) {
    if (e instanceof UsageError) { await sys.err(`${e.message}\ndiff: Try 'diff --help' for more information.\n`); return 2; }
    throw e;
  }
  if (o.has('help')) { await sys.out('Usage: diff [OPTION]... FILES\n'); return 0; }
  if (o.has('v')) { await sys.out('diff (GNU diffutils) 3.8\n'); return 0; }
  try {
    return await run(sys, o);
  } catch (e) {
    if (e instanceof Trouble) { await sys.err(e.message + '\n'); return 2; }
    throw e;
  }
}

async function run(sys: Sys, o: ReturnType<typeof getopt>): Promise<number> {
  const ops = o.operands;
  if (ops.length < 2) throw new Trouble(`diff: missing operand after '${ops[0] ?? 'diff'}'\ndiff: Try 'diff --help' for more information.`);
  if (ops.length > 2) throw new Trouble(`diff: extra operand '${ops[2]}'\ndiff: Try 'diff --help' for more information.`);
  let style: 'normal' | 'unified' | 'context' | 'ed' = 'normal';
  let context = 3;
  if (o.has('y')) throw new Trouble('diff: side-by-side output (-y) is not supported on this machine');
  for (const [k, v] of o.list) {
    if (k === 'e') style = 'ed';
    else if (k === 'u') { style = 'unified'; }
    else if (k === 'c') { style = 'context'; }
    else if (k === 'U' || k === 'C') {
      style = k === 'U' ? 'unified' : 'context';
      if (v !== true) {
        if (!/^\d+$/.test(v)) throw new Trouble(`diff: invalid context length ${quoteArg(v)}\ndiff: Try 'diff --help' for more information.`);
        context = Number(v);
      }
    } else if (k === 'normal') style = 'normal';
  }
  const labels = o.list.filter(([k]) => k === 'label').map(([, v]) => v as string);

  // A directory operand against a file means the file of the same name inside it.
  let [n0, n1] = [ops[0]!, ops[1]!];
  const st = (n: string) => { try { return n === '-' ? sys.fstat(0) : sys.stat(n); } catch (e) { if (e instanceof SysError) throw new Trouble(`diff: ${n}: ${sysErrText(e)}`); throw e; } };
  const s0 = st(n0), s1 = st(n1);
  if (isDirMode(s0.mode) && isDirMode(s1.mode)) return diffDirs(sys, o, n0, n1);
  if (isDirMode(s0.mode)) n0 = `${n0.replace(/\/+$/, '')}/${baseName(n1)}`;
  else if (isDirMode(s1.mode)) n1 = `${n1.replace(/\/+$/, '')}/${baseName(n0)}`;
  const read = async (name: string, label: string | undefined): Promise<FileData> => {
    try {
      const bytes = name === '-' ? await sys.readAll(0) : await sys.readFile(name);
      const { lines, missingNl } = splitFile(bytes);
      const mtimeMs = name === '-' ? sys.now() : sys.stat(name).mtimeMs;
      return { name, label: label ?? name, lines, missingNl, mtimeMs, bytes };
    } catch (e) {
      if (e instanceof SysError) throw new Trouble(`diff: ${name}: ${sysErrText(e)}`);
      throw e;
    }
  };
  const f0 = await read(n0, labels[0]);
  const f1 = await read(n1, labels[1]);
  const status = await compareFiles(sys, o, f0, f1, style, context, undefined);
  return status;
}

async function diffDirs(sys: Sys, o: ReturnType<typeof getopt>, d0: string, d1: string): Promise<number> {
  const l0 = sys.readdir(d0), l1 = sys.readdir(d1);
  const all = [...new Set([...l0, ...l1])].sort();
  let status = 0;
  const j = (d: string, n: string) => `${d.replace(/\/+$/, '')}/${n}`;
  for (const name of all) {
    if (!l1.includes(name)) { await sys.out(`Only in ${d0.replace(/\/+$/, '')}: ${name}\n`); status = 1; continue; }
    if (!l0.includes(name)) { await sys.out(`Only in ${d1.replace(/\/+$/, '')}: ${name}\n`); status = 1; continue; }
    const a = j(d0, name), b = j(d1, name);
    const da = isDirMode(sys.stat(a).mode), db = isDirMode(sys.stat(b).mode);
    if (da && db) {
      if (o.has('r')) status = Math.max(status, await diffDirs(sys, o, a, b));
      else await sys.out(`Common subdirectories: ${a} and ${b}\n`);
      continue;
    }
    if (da !== db) {
      await sys.out(`File ${da ? a : b} is a directory while file ${da ? b : a} is a regular file\n`);
      status = 1;
      continue;
    }
    const fa = await sys.readFile(a), fb = await sys.readFile(b);
    let style: 'normal' | 'unified' | 'context' = 'normal';
    let context = 3;
    for (const [k, v] of o.list) {
      if (k === 'u') style = 'unified'; else if (k === 'c') style = 'context';
      else if (k === 'U' || k === 'C') { style = k === 'U' ? 'unified' : 'context'; if (v !== true) context = Number(v); }
    }
    const mk = (n: string, bytes: Uint8Array): FileData => ({ name: n, label: n, ...splitFile(bytes), mtimeMs: sys.stat(n).mtimeMs, bytes });
    const cmdline = o.has('q') ? '' : `diff ${o.list.map(([k, v]) => (k.length === 1 ? `-${k}${v === true ? '' : v}` : `--${k}${v === true ? '' : '=' + v}`)).join(' ')}${o.list.length ? ' ' : ''}${a} ${b}\n`;
    status = Math.max(status, await compareFiles(sys, o, mk(a, fa), mk(b, fb), style, context, cmdline));
  }
  return status;
}

async function compareFiles(sys: Sys, o: ReturnType<typeof getopt>, f0: FileData, f1: FileData,
  style: 'normal' | 'unified' | 'context' | 'ed', context: number, header: string | undefined): Promise<number> {
  const binary = !o.has('a') && (f0.bytes.subarray(0, 4096).includes(0) || f1.bytes.subarray(0, 4096).includes(0));
  const same = f0.bytes.length === f1.bytes.length && f0.bytes.every((b, i) => b === f1.bytes[i]);
  if (same) {
    if (o.has('s')) await sys.out(`Files ${f0.label} and ${f1.label} are identical\n`);
    return 0;
  }
  if (binary) {
    await sys.out(`${header ?? ''}Binary files ${f0.label} and ${f1.label} differ\n`);
    return 1;
  }
  // Equivalence classes: lines equal under -i/-w/-b/-Z get one number. The last line without a newline
  // is a different line from the same text with one.
  const norm = (s: string) => {
    if (o.has('w')) s = s.replace(/[ \t\f\v\r]+/g, '');
    else if (o.has('b')) s = s.replace(/[ \t\f\v\r]+$/, '').replace(/[ \t\f\v\r]+/g, ' ');
    else if (o.has('Z')) s = s.replace(/[ \t\f\v\r]+$/, '');
    if (o.has('i')) s = s.toLowerCase();
    return s;
  };
  const classes = new Map<string, number>();
  const eq = (f: FileData) => f.lines.map((l, i) => {
    const key = norm(l) + (i === f.lines.length - 1 && f.missingNl && !o.has('w') && !o.has('b') ? '\u0000nonl' : '');
    let c = classes.get(key);
    if (c === undefined) classes.set(key, (c = classes.size + 1));
    return c;
  });
  const x = eq(f0), y = eq(f1);
  const script = analyze(x, y, { horizon: style === 'normal' ? 0 : context, minimal: o.has('d') });
  let hunks = script;
  if (o.has('B')) hunks = script.filter((c) => !(f0.lines.slice(c.line0, c.line0 + c.deleted).every((l) => !l.trim()) && f1.lines.slice(c.line1, c.line1 + c.inserted).every((l) => !l.trim())));
  if (!hunks.length) { if (o.has('s')) await sys.out(`Files ${f0.label} and ${f1.label} are identical\n`); return 0; }
  if (o.has('q')) { await sys.out(`${header ?? ''}Files ${f0.label} and ${f1.label} differ\n`); return 1; }

  let out = header ?? '';
  // --label replaces the name and drops the date.
  const head0 = f0.label !== f0.name ? f0.label : `${f0.label}\t${stamp(f0.mtimeMs)}`;
  const head1 = f1.label !== f1.name ? f1.label : `${f1.label}\t${stamp(f1.mtimeMs)}`;
  const tab = o.has('T') ? '\t' : '';
  const line = (f: FileData, i: number, mark: string) =>
    `${mark}${tab}${f.lines[i]}\n${i === f.lines.length - 1 && f.missingNl ? '\\ No newline at end of file\n' : ''}`;
  if (style === 'ed') {
    // An ed script: changes from the end backwards so earlier line numbers stay valid.
    const range = (a: number, n: number) => (n <= 1 ? `${a + 1}` : `${a + 1},${a + n}`);
    for (const c of [...hunks].reverse()) {
      if (c.deleted && c.inserted) out += `${range(c.line0, c.deleted)}c\n`;
      else if (c.deleted) { out += `${range(c.line0, c.deleted)}d\n`; continue; }
      else out += `${c.line0}a\n`;
      for (let i = 0; i < c.inserted; i++) out += `${f1.lines[c.line1 + i]}\n`;
      out += '.\n';
    }
  } else if (style === 'normal') {
    const range = (a: number, n: number) => (n <= 1 ? `${a + (n ? 1 : 0)}` : `${a + 1},${a + n}`);
    for (const c of hunks) {
      if (c.deleted && c.inserted) out += `${range(c.line0, c.deleted)}c${range(c.line1, c.inserted)}\n`;
      else if (c.deleted) out += `${range(c.line0, c.deleted)}d${c.line1}\n`;
      else out += `${c.line0}a${range(c.line1, c.inserted)}\n`;
      for (let i = 0; i < c.deleted; i++) out += line(f0, c.line0 + i, '< ');
      if (c.deleted && c.inserted) out += '---\n';
      for (let i = 0; i < c.inserted; i++) out += line(f1, c.line1 + i, '> ');
    }
  } else {
    // Changes closer than 2*context lines share a hunk.
    const groups: Change[][] = [];
    for (const c of hunks) {
      const g = groups[groups.length - 1];
      const last = g?.[g.length - 1];
      if (g && last && c.line0 - (last.line0 + last.deleted) <= 2 * context) g.push(c); else groups.push([c]);
    }
    if (style === 'unified') {
      out += `--- ${head0}\n+++ ${head1}\n`;
      const range = (start: number, n: number) => (n === 1 ? `${start + 1}` : n === 0 ? `${start},0` : `${start + 1},${n}`);
      for (const g of groups) {
        const first = g[0]!, last = g[g.length - 1]!;
        const s0 = Math.max(0, first.line0 - context), s1 = Math.max(0, first.line1 - context);
        const e0 = Math.min(f0.lines.length, last.line0 + last.deleted + context);
        const e1 = Math.min(f1.lines.length, last.line1 + last.inserted + context);
        out += `@@ -${range(s0, e0 - s0)} +${range(s1, e1 - s1)} @@\n`;
        let i0 = s0;
        for (const c of g) {
          for (; i0 < c.line0; i0++) out += line(f0, i0, ' ');
          for (let k = 0; k < c.deleted; k++) out += line(f0, c.line0 + k, '-');
          for (let k = 0; k < c.inserted; k++) out += line(f1, c.line1 + k, '+');
          i0 = c.line0 + c.deleted;
        }
        for (; i0 < e0; i0++) out += line(f0, i0, ' ');
      }
    } else {
      out += `*** ${head0}\n--- ${head1}\n`;
      const range = (start: number, end: number) => (end - start <= 1 ? `${end - start === 1 ? start + 1 : start}` : `${start + 1},${end}`);
      for (const g of groups) {
        const first = g[0]!, last = g[g.length - 1]!;
        const s0 = Math.max(0, first.line0 - context), s1 = Math.max(0, first.line1 - context);
        const e0 = Math.min(f0.lines.length, last.line0 + last.deleted + context);
        const e1 = Math.min(f1.lines.length, last.line1 + last.inserted + context);
        out += '***************\n';
        out += `*** ${range(s0, e0)} ****\n`;
        if (g.some((c) => c.deleted)) {
          let i0 = s0;
          for (const c of g) {
            for (; i0 < c.line0; i0++) out += line(f0, i0, '  ');
            for (let k = 0; k < c.deleted; k++) out += line(f0, c.line0 + k, c.inserted ? '! ' : '- ');
            i0 = c.line0 + c.deleted;
          }
          for (; i0 < e0; i0++) out += line(f0, i0, '  ');
        }
        out += `--- ${range(s1, e1)} ----\n`;
        if (g.some((c) => c.inserted)) {
          let i1 = s1;
          for (const c of g) {
            for (; i1 < c.line1; i1++) out += line(f1, i1, '  ');
            for (let k = 0; k < c.inserted; k++) out += line(f1, c.line1 + k, c.deleted ? '! ' : '+ ');
            i1 = c.line1 + c.inserted;
          }
          for (; i1 < e1; i1++) out += line(f1, i1, '  ');
        }
      }
    }
  }
  await sys.out(out);
  return 1;
}
