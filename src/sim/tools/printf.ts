// printf(1) of coreutils 9.1: FORMAT is reused while arguments remain; %d %i %u %o %x %X %c %s %b %q %f %F
// %e %E %g %G %a %A %%, flags, width and precision (also '*'), backslash escapes. Numbers are converted as
// coreutils does: integers as intmax_t (strtoimax, 'c char constants), floats as x86 long double (64-bit
// mantissa), then printed with exact decimal arithmetic so "%.20f 0.1" matches glibc digit for digit.
// The float engine (LongDouble, parseLongDouble, formatFloat) is shared with seq(1).
import type { Sys } from '../kernel/sys.ts';
import { quoteArg } from './lib.ts';

// ---- x86 long double arithmetic: value = m * 2^e with m < 2^64 ---------------------------------------------

export type LongDouble = { kind: 'num'; neg: boolean; m: bigint; e: number } | { kind: 'inf'; neg: boolean } | { kind: 'nan'; neg: boolean };

const M_BITS = 64;

function bitLength(n: bigint): number { return n === 0n ? 0 : n.toString(2).length; }

/** Rounds m * 2^e (m ≥ 0) to a 64-bit mantissa, ties to even. */
function round64(neg: boolean, m: bigint, e: number): LongDouble {
  if (m === 0n) return { kind: 'num', neg, m: 0n, e: 0 };
  const extra = bitLength(m) - M_BITS;
  if (extra > 0) {
    const q = m >> BigInt(extra);
    const r = m - (q << BigInt(extra));
    const half = 1n << BigInt(extra - 1);
    let mm = q;
    if (r > half || (r === half && (q & 1n) === 1n)) mm++;
    m = mm;
    e += extra;
  }
  if (e > 16384) return { kind: 'inf', neg };
  return { kind: 'num', neg, m, e };
}

/** Rounds the rational num/den (positive) to a long double. */
function fromRational(neg: boolean, num: bigint, den: bigint): LongDouble {
  if (num === 0n) return { kind: 'num', neg, m: 0n, e: 0 };
  // Scale so the quotient has 66+ bits, keep a sticky bit for exact rounding.
  let k = M_BITS + 2 - (bitLength(num) - bitLength(den));
  const n2 = k >= 0 ? num << BigInt(k) : num;
  const d2 = k >= 0 ? den : den << BigInt(-k);
  let q = n2 / d2;
  const sticky = n2 % d2 !== 0n ? 1n : 0n;
  q = (q << 1n) | sticky;
  k += 1;
  return round64(neg, q, -k);
}

export function ldFromInt(n: bigint): LongDouble { return round64(n < 0n, n < 0n ? -n : n, 0); }

export function ldMul(a: LongDouble, b: LongDouble): LongDouble {
  const neg = a.neg !== b.neg;
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan', neg };
  if (a.kind === 'inf' || b.kind === 'inf') return { kind: 'inf', neg };
  return round64(neg, a.m * b.m, a.e + b.e);
}

export function ldAdd(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 'nan' || b.kind === 'nan') return { kind: 'nan', neg: false };
  if (a.kind === 'inf') return a;
  if (b.kind === 'inf') return b;
  const e = Math.min(a.e, b.e);
  const am = (a.m << BigInt(a.e - e)) * (a.neg ? -1n : 1n);
  const bm = (b.m << BigInt(b.e - e)) * (b.neg ? -1n : 1n);
  const s = am + bm;
  return round64(s < 0n || (s === 0n && a.neg && b.neg), s < 0n ? -s : s, e);
}

/** Compares two long doubles (NaN compares as equal; callers reject NaN first). */
export function ldCmp(a: LongDouble, b: LongDouble): number {
  const sa = ldSign(a), sb = ldSign(b);
  if (a.kind === 'inf' || b.kind === 'inf') {
    const va = a.kind === 'inf' ? (a.neg ? -2 : 2) : sa, vb = b.kind === 'inf' ? (b.neg ? -2 : 2) : sb;
    if (a.kind === 'inf' && b.kind === 'inf') return va - vb;
    if (a.kind === 'inf') return va;
    return -vb;
  }
  if (a.kind !== 'num' || b.kind !== 'num') return 0;
  const d = ldAdd(a, { ...b, neg: !b.neg });
  return ldSign(d);
}
function ldSign(a: LongDouble): number { return a.kind === 'num' && a.m === 0n ? 0 : a.neg ? -1 : 1; }
export function ldIsZero(a: LongDouble) { return a.kind === 'num' && a.m === 0n; }
export function ldToNumber(a: LongDouble): number {
  if (a.kind === 'nan') return NaN;
  if (a.kind === 'inf') return a.neg ? -Infinity : Infinity;
  const v = Number(a.m) * 2 ** a.e;
  return a.neg ? -v : v;
}

/** strtold: the longest prefix that is a number (decimal, hex with p exponent, inf, nan); `end` is where it stops. */
export function parseLongDouble(s: string): { value: LongDouble; end: number } {
  let i = 0;
  while (i < s.length && /[ \t\n\v\f\r]/.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  const rest = s.slice(i);
  let m = /^(infinity|inf)/i.exec(rest);
  if (m) return { value: { kind: 'inf', neg }, end: i + m[0].length };
  m = /^nan(\([0-9A-Za-z_]*\))?/i.exec(rest);
  if (m) return { value: { kind: 'nan', neg }, end: i + m[0].length };
  m = /^0[xX](?=\.?[0-9a-fA-F])([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?/.exec(rest);
  if (m) {
    const int = m[1] ?? '', frac = m[2] ?? '';
    const mant = BigInt('0x' + ((int + frac) || '0'));
    const exp = (m[3] ? Number(m[3]) : 0) - 4 * frac.length;
    return { value: exp >= 0 ? round64(neg, mant << BigInt(exp), 0) : fromRational(neg, mant, 1n << BigInt(-exp)), end: i + m[0].length };
  }
  m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?/.exec(rest);
  if (!m || (!m[1] && !m[2])) return { value: { kind: 'num', neg: false, m: 0n, e: 0 }, end: 0 };
  // "1e" or "1e+" : the exponent part is not consumed.
  let len = m[0].length;
  let expStr = m[3];
  if (expStr === undefined) { const em = /[eE]/.exec(m[0]); if (em) len = em.index; }
  const int = m[1] ?? '', frac = m[2] ?? '';
  const digits = BigInt((int + frac) || '0');
  const exp = (expStr ? Math.max(-100000, Math.min(100000, Number(expStr))) : 0) - frac.length;
  const value = exp >= 0 ? fromRational(neg, digits * 10n ** BigInt(exp), 1n) : fromRational(neg, digits, 10n ** BigInt(-exp));
  return { value, end: i + len };
}

// ---- formatting ------------------------------------------------------------------------------------------

/** round(|v| * 10^p) ties-to-even, exactly (glibc's printf rounding). */
function scaledRound(v: { m: bigint; e: number }, p: number): bigint {
  let num = v.m, den = 1n;
  if (v.e >= 0) num <<= BigInt(v.e); else den <<= BigInt(-v.e);
  if (p >= 0) num *= 10n ** BigInt(p); else den *= 10n ** BigInt(-p);
  const q = num / den, r = num % den;
  if (2n * r > den || (2n * r === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Decimal exponent of the value as %e with precision p would print it, and its digits. */
function toExp(v: { m: bigint; e: number }, p: number): { digits: string; exp: number } {
  if (v.m === 0n) return { digits: '0'.repeat(p + 1), exp: 0 };
  const approx = Math.floor(Math.log10(Number(v.m)) + v.e * Math.log10(2));
  for (let exp = approx - 1; ; exp++) {
    const q = scaledRound(v, p - exp);
    const s = q.toString();
    if (s.length === p + 1) return { digits: s, exp };
    if (s.length > p + 1) {
      // Rounded up to a power of ten (9.99 → 10.0): one more in the exponent.
      const q2 = scaledRound(v, p - exp - 1);
      const s2 = q2.toString();
      if (s2.length === p + 1) return { digits: s2, exp: exp + 1 };
    }
  }
}

export interface Spec { flags: string; width?: number; prec?: number; conv: string; }

function pad(body: string, sign: string, spec: Spec, zeroOk: boolean): string {
  const w = spec.width ?? 0;
  const len = sign.length + body.length;
  if (len >= w) return sign + body;
  if (spec.flags.includes('-')) return sign + body + ' '.repeat(w - len);
  if (spec.flags.includes('0') && zeroOk) {
    // Zeros go after the sign and any 0x prefix.
    const pre = /^0[xX]/.test(body) ? body.slice(0, 2) : '';
    return sign + pre + '0'.repeat(w - len) + body.slice(pre.length);
  }
  return ' '.repeat(w - len) + sign + body;
}

/** One floating conversion (f F e E g G a A) of a long double, as glibc prints it. */
export function formatFloat(v: LongDouble, spec: Spec): string {
  const conv = spec.conv;
  const upper = conv === conv.toUpperCase();
  const sign = v.neg ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  const alt = spec.flags.includes('#');
  if (v.kind !== 'num') {
    const t = v.kind === 'inf' ? 'inf' : 'nan';
    return pad(upper ? t.toUpperCase() : t, sign, spec, false);
  }
  let body: string;
  const lc = conv.toLowerCase();
  if (lc === 'f') body = fixed(v, spec.prec ?? 6, alt);
  else if (lc === 'e') body = expo(v, spec.prec ?? 6, alt);
  else if (lc === 'g') {
    let p = spec.prec ?? 6;
    if (p === 0) p = 1;
    const { exp } = toExp(v, p - 1);
    if (p > exp && exp >= -4) body = fixed(v, p - 1 - exp, alt);
    else body = expo(v, p - 1, alt);
    if (!alt) {
      // Trailing zeros of the fraction (and a bare point) are removed.
      body = body.replace(/^([^e]*\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
    }
  } else body = hexFloat(v, spec.prec, alt);
  if (upper) body = body.toUpperCase();
  return pad(body, sign, spec, true);
}

function fixed(v: { m: bigint; e: number }, p: number, alt: boolean): string {
  const s = scaledRound(v, p).toString().padStart(p + 1, '0');
  const int = s.slice(0, s.length - p), frac = s.slice(s.length - p);
  return p ? `${int}.${frac}` : alt ? `${int}.` : int;
}

function expo(v: { m: bigint; e: number }, p: number, alt: boolean): string {
  const { digits, exp } = toExp(v, p);
  const mant = p ? `${digits[0]}.${digits.slice(1)}` : alt ? `${digits}.` : digits;
  return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** %La on x86: the explicit integer bit makes the leading hex digit 8..f (1.0 → 0x8p-3). */
function hexFloat(v: { m: bigint; e: number }, prec: number | undefined, alt: boolean): string {
  if (v.m === 0n) return prec ? `0x0.${'0'.repeat(prec)}p+0` : alt ? '0x0.p+0' : '0x0p+0';
  let m = v.m << BigInt(M_BITS - bitLength(v.m));
  // value = (m / 2^60) * 2^(e + 60): the first hex digit holds the top four bits.
  let e = v.e - (M_BITS - bitLength(v.m)) + 60 + 3;
  let hex = m.toString(16); // 16 digits, first is 8..f
  let frac = hex.slice(1);
  if (prec !== undefined && prec < frac.length) {
    const drop = (frac.length - prec) * 4;
    const q = m >> BigInt(drop), r = m - (q << BigInt(drop)), half = 1n << BigInt(drop - 1);
    m = q + (r > half || (r === half && (q & 1n) === 1n) ? 1n : 0n);
    hex = m.toString(16);
    if (hex.length > prec + 1) { e += 4; hex = hex.slice(0, prec + 1); }
    frac = hex.slice(1);
  } else {
    frac = frac.replace(/0+$/, '');
    if (prec !== undefined) frac = frac.padEnd(prec, '0');
  }
  return `0x${hex[0]}${frac || alt ? '.' : ''}${frac}p${e - 3 < 0 ? '-' : '+'}${Math.abs(e - 3)}`;
}

/** An integer conversion (d i u o x X) of a 64-bit value. */
export function formatInt(n: bigint, spec: Spec): string {
  const conv = spec.conv;
  let sign = '';
  let mag: bigint;
  if (conv === 'd' || conv === 'i') {
    mag = n < 0n ? -n : n;
    sign = n < 0n ? '-' : spec.flags.includes('+') ? '+' : spec.flags.includes(' ') ? ' ' : '';
  } else mag = BigInt.asUintN(64, n);
  let digits = conv === 'o' ? mag.toString(8) : conv === 'x' ? mag.toString(16) : conv === 'X' ? mag.toString(16).toUpperCase() : mag.toString();
  if (spec.prec !== undefined) {
    if (spec.prec === 0 && mag === 0n) digits = '';
    digits = digits.padStart(spec.prec, '0');
  }
  if (spec.flags.includes('#')) {
    if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
    if ((conv === 'x' || conv === 'X') && mag !== 0n) digits = (conv === 'x' ? '0x' : '0X') + digits;
  }
  return pad(digits, sign, spec, spec.prec === undefined);
}

// ---- the printf program ------------------------------------------------------------------------------------

const enc = new TextEncoder();
const INT_MAX = 2n ** 63n - 1n, INT_MIN = -(2n ** 63n), UINT_MAX = 2n ** 64n - 1n;

/** Output is bytes: %c takes the first byte of its argument and widths count bytes, as in C. */
class Bytes {
  parts: Uint8Array[] = [];
  str(s: string) { this.parts.push(enc.encode(s)); }
  bytes(b: Uint8Array) { this.parts.push(b); }
  byte(n: number) { this.parts.push(Uint8Array.of(n & 0xff)); }
}

class Stop extends Error {} // \c: no further output at all

export default async function printf(sys: Sys): Promise<number> {
  let args = sys.argv.slice(1);
  const prog = 'printf';
  if (args[0] === '--help') { await sys.out('Usage: printf FORMAT [ARGUMENT]...\n  or:  printf OPTION\n'); return 0; }
  if (args[0] === '--version') { await sys.out('printf (GNU coreutils) 9.1\n'); return 0; }
  if (args[0] === '--') args = args.slice(1);
  if (!args.length) { await sys.err(`${prog}: missing operand\nTry '${prog} --help' for more information.\n`); return 1; }
  const format = args[0]!;
  const operands = args.slice(1);
  const out = new Bytes();
  const errs: string[] = [];
  let status = 0;
  const warn = (m: string) => { errs.push(`${prog}: ${m}\n`); status = 1; };

  /** strtoimax/strtoumax with coreutils' checks; 'x and "x are character codes. */
  const toInt = (s: string, unsigned: boolean): bigint => {
    if (s.startsWith('"') || s.startsWith("'")) {
      const cps = [...s.slice(1)];
      if (!cps.length) return 0n;
      if (cps.length > 1) errs.push(`${prog}: warning: ${cps.slice(1).join('')}: character(s) following character constant have been ignored\n`);
      return BigInt(cps[0]!.codePointAt(0)!);
    }
    const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(s);
    if (!m) {
      if (s !== '') warn(`${quoteArg(s)}: expected a numeric value`);
      return 0n;
    }
    let v = BigInt(m[2]!.length > 1 && m[2]![0] === '0' && !/[xX]/.test(m[2]!) ? '0o' + m[2]!.slice(1) : m[2]!);
    if (m[1] === '-') v = -v;
    if (unsigned ? (v > UINT_MAX || v < -UINT_MAX) : (v > INT_MAX || v < INT_MIN)) {
      warn(`${quoteArg(s)}: Numerical result out of range`);
      v = unsigned ? (v < 0n ? 0n : UINT_MAX) : v < 0n ? INT_MIN : INT_MAX;
    } else if (m[0].length < s.length) warn(`${quoteArg(s)}: value not completely converted`);
    return v;
  };
  const toFloat = (s: string): LongDouble => {
    if (s.startsWith('"') || s.startsWith("'")) return ldFromInt(toInt(s, false));
    const { value, end } = parseLongDouble(s);
    if (end === 0 && s !== '') warn(`${quoteArg(s)}: expected a numeric value`);
    else if (end < s.length) warn(`${quoteArg(s)}: value not completely converted`);
    return value;
  };

  try {
    let ai = 0;
    for (;;) {
      const used = formatOnce(format, operands, ai, out, toInt, toFloat);
      if (used.error) { await flushAll(); await sys.err(`${prog}: ${used.error}\n`); return 1; }
      const consumed = used.next - ai;
      ai = used.next;
      if (ai >= operands.length) break;
      if (consumed === 0) {
        errs.push(`${prog}: warning: ignoring excess arguments, starting with ${quoteArg(operands[ai]!)}\n`);
        break;
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  await flushAll();
  return status;

  async function flushAll() {
    const total = out.parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let off = 0;
    for (const p of out.parts) { all.set(p, off); off += p.length; }
    out.parts = [];
    if (all.length) await sys.write(1, all);
    for (const e of errs) await sys.err(e);
    errs.length = 0;
  }
}

/** Backslash escape at s[i] (s[i] === '\\'): bytes to emit and how many characters it used. In %b
 *  arguments octal is \0NNN as well as \NNN; in the format, \NNN. */
function escape(s: string, i: number, inB: boolean, out: Bytes): number {
  const c = s[i + 1];
  if (c === undefined) { out.str('\\'); return 1; }
  const simple: Record<string, number> = { '\\': 92, a: 7, b: 8, e: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34 };
  if (c in simple) { out.byte(simple[c]!); return 2; }
  if (c === 'c') throw new Stop();
  if (/[0-7]/.test(c)) {
    let j = i + 1;
    if (inB && c === '0') j++;
    const m = /^[0-7]{1,3}/.exec(s.slice(j));
    if (!m) { out.byte(0); return j - i; }
    out.byte(parseInt(m[0], 8));
    return j - i + m[0].length;
  }
  if (c === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2));
    if (!m) throw new FormatError('missing hexadecimal number in escape');
    out.byte(parseInt(m[0], 16));
    return 2 + m[0].length;
  }
  if (c === 'u' || c === 'U') {
    const n = c === 'u' ? 4 : 8;
    const h = s.slice(i + 2, i + 2 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new FormatError('missing hexadecimal number in escape');
    out.str(String.fromCodePoint(parseInt(h, 16)));
    return 2 + n;
  }
  out.str('\\' + c);
  return 2;
}
class FormatError extends Error {}

/** %q: shell-quoted (coreutils' shell-escape style). */
function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_.\/+:=@%^,-]+$/.test(s)) return s;
  if (!s.includes("'")) return `'${s}'`;
  if (!/["\\$`]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** One pass over the format; returns the index of the next unused argument. */
function formatOnce(fmt: string, args: string[], ai: number, out: Bytes,
  toInt: (s: string, u: boolean) => bigint, toFloat: (s: string) => LongDouble): { next: number; error?: string } {
  const next = () => (ai < args.length ? args[ai++]! : undefined);
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === '\\') {
      try { i += escape(fmt, i, false, out); } catch (e) {
        if (e instanceof FormatError) return { next: ai, error: e.message };
        throw e;
      }
      continue;
    }
    if (c !== '%') {
      let j = i;
      while (j < fmt.length && fmt[j] !== '%' && fmt[j] !== '\\') j++;
      out.str(fmt.slice(i, j));
      i = j;
      continue;
    }
    const start = i;
    i++;
    if (fmt[i] === '%') { out.str('%'); i++; continue; }
    let flags = '';
    while (i < fmt.length && "-+ #0'".includes(fmt[i]!)) flags += fmt[i++];
    let width: number | undefined;
    let prec: number | undefined;
    if (fmt[i] === '*') {
      i++;
      const a = next();
      width = a === undefined ? 0 : Number(toInt(a, false));
      if (width < 0) { flags += '-'; width = -width; }
    } else {
      const m = /^\d+/.exec(fmt.slice(i));
      if (m) { width = Number(m[0]); i += m[0].length; }
    }
    if (fmt[i] === '.') {
      i++;
      if (fmt[i] === '*') {
        i++;
        const a = next();
        prec = a === undefined ? 0 : Number(toInt(a, false));
        if (prec < 0) prec = undefined;
      } else {
        const m = /^\d*/.exec(fmt.slice(i))!;
        prec = m[0] ? Number(m[0]) : 0;
        i += m[0].length;
      }
    }
    while (i < fmt.length && 'hlLjzt'.includes(fmt[i]!)) i++;
    const conv = fmt[i];
    if (conv === undefined || !'diouxXcsbqfFeEgGaA'.includes(conv)) {
      return { next: ai, error: `${fmt.slice(start, conv === undefined ? i : i + 1)}: invalid conversion specification` };
    }
    i++;
    const spec: Spec = { flags, width, prec, conv };
    const arg = next();
    switch (conv) {
      case 'd': case 'i': out.str(formatInt(toInt(arg ?? '0', false), spec)); break;
      case 'o': case 'u': case 'x': case 'X': out.str(formatInt(toInt(arg ?? '0', true), spec)); break;
      case 'c': {
        const b = enc.encode(arg ?? '').subarray(0, 1);
        padBytes(out, arg === undefined || arg === '' ? Uint8Array.of(0) : b, spec, true);
        break;
      }
      case 's': padBytes(out, enc.encode(arg ?? ''), spec, false); break;
      case 'q': padBytes(out, enc.encode(shellQuote(arg ?? '')), spec, false); break;
      case 'b': {
        const sub = new Bytes();
        const s = arg ?? '';
        let k = 0;
        try {
          while (k < s.length) {
            if (s[k] === '\\') k += escape(s, k, true, sub);
            else { let j = k; while (j < s.length && s[j] !== '\\') j++; sub.str(s.slice(k, j)); k = j; }
          }
        } catch (e) {
          if (e instanceof Stop) { padBytes(out, concat(sub.parts), spec, false); throw e; }
          if (e instanceof FormatError) return { next: ai, error: e.message };
          throw e;
        }
        padBytes(out, concat(sub.parts), spec, false);
        break;
      }
      default: out.str(formatFloat(toFloat(arg ?? '0'), spec));
    }
  }
  return { next: ai };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  return all;
}

function padBytes(out: Bytes, b: Uint8Array, spec: Spec, isChar: boolean) {
  if (!isChar && spec.prec !== undefined && b.length > spec.prec) b = b.subarray(0, spec.prec);
  const w = spec.width ?? 0;
  const fill = w > b.length ? ' '.repeat(w - b.length) : '';
  if (spec.flags.includes('-')) { out.bytes(b); out.str(fill); } else { out.str(fill); out.bytes(b); }
}
