// glibc's printf conversions: flags (-+ #0'), width and precision (numbers or *), length modifiers
// (hh h l ll z j t L q), conversions d i u x X o c s p f F e E g G a % n. Arguments come as CValues in the
// order the VM passed them; strings are read from the process's memory.
import type { CValue } from './abi.ts';

export interface FormatEnv {
  /** Reads a NUL-terminated string at addr (at most `max` bytes). */
  readString(addr: number, max?: number): Uint8Array;
  /** %n: stores the count so far at addr with the given size in bytes. */
  storeCount?(addr: number, count: number, size: number): void;
}

const enc = new TextEncoder();

function toBig(v: CValue | undefined): bigint {
  if (!v) return 0n;
  if (v.t === 'f') return BigInt(Math.trunc(v.v));
  return typeof v.v === 'bigint' ? v.v : BigInt(Math.trunc(v.v));
}
function toNum(v: CValue | undefined): number {
  if (!v) return 0;
  return typeof v.v === 'bigint' ? Number(v.v) : v.v;
}

/** Wraps an integer to `bits` (signed or unsigned). */
function wrap(x: bigint, bits: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(bits, x) : BigInt.asUintN(bits, x);
}

function pad(s: string, width: number, left: boolean, zero: boolean, prefixLen = 0): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) return s.slice(0, prefixLen) + '0'.repeat(width - s.length) + s.slice(prefixLen);
  return ' '.repeat(width - s.length) + s;
}

/** %e digits as glibc: exact decimal rounding of the binary double (round-half-even on exact ties). */
function expForm(x: number, prec: number, upper: boolean): string {
  let s = x.toExponential(Math.min(prec, 100));
  if (prec > 100) s = s.replace(/e/, '0'.repeat(prec - 100) + 'e');
  let [mant, exp] = s.split('e') as [string, string];
  const sign = exp[0] === '-' ? '-' : '+';
  let digits = exp.replace(/^[+-]/, '');
  if (digits.length < 2) digits = '0' + digits;
  mant = mant!;
  const out = `${mant}e${sign}${digits}`;
  return upper ? out.toUpperCase() : out;
}

/** %f digits from the exact binary value of the double, rounded half to even as glibc does. */
function fixedForm(x: number, prec: number): string {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0), lo = dv.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074; else { mant |= 1n << 52n; e = bexp - 1075; }
  const scale = 10n ** BigInt(prec);
  let q: bigint;
  if (e >= 0) q = (mant << BigInt(e)) * scale;
  else {
    const num = mant * scale, den = 1n << BigInt(-e);
    q = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  }
  const digits = q.toString().padStart(prec + 1, '0');
  return prec ? `${digits.slice(0, -prec)}.${digits.slice(-prec)}` : digits;
}

function gForm(x: number, prec: number, alt: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) {
    const z = alt ? (p > 1 ? '0.' + '0'.repeat(p - 1) : '0.') : '0';
    return z;
  }
  const e = expForm(x, p - 1, false);
  const exp = Number(e.split('e')[1]);
  let s: string;
  if (exp < -4 || exp >= p) {
    s = e;
    if (!alt) s = s.replace(/\.?0+e/, 'e');
  } else {
    s = fixedForm(x, p - 1 - exp);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
    if (alt && !s.includes('.')) s += '.';
  }
  return upper ? s.toUpperCase() : s;
}

export function formatPrintf(fmtBytes: Uint8Array, args: CValue[], env: FormatEnv): Uint8Array {
  const out: number[] = [];
  const push = (s: string | Uint8Array) => { const b = typeof s === 'string' ? enc.encode(s) : s; for (const c of b) out.push(c); };
  let ai = 0;
  const next = () => args[ai++];
  const f = fmtBytes;
  let i = 0;
  while (i < f.length) {
    const c = f[i]!;
    if (c !== 0x25) { out.push(c); i++; continue; }
    const start = i;
    i++;
    let left = false, plus = false, space = false, alt = false, zero = false;
    for (;; i++) {
      const ch = String.fromCharCode(f[i] ?? 0);
      if (ch === '-') left = true; else if (ch === '+') plus = true; else if (ch === ' ') space = true;
      else if (ch === '#') alt = true; else if (ch === '0') zero = true; else if (ch === "'") { /* grouping: C locale */ } else break;
    }
    let width = 0;
    if (f[i] === 0x2a) { width = Number(wrap(toBig(next()), 32, true)); if (width < 0) { left = true; width = -width; } i++; }
    else while (f[i]! >= 0x30 && f[i]! <= 0x39) width = width * 10 + f[i++]! - 0x30;
    let prec = -1;
    if (f[i] === 0x2e) {
      i++;
      prec = 0;
      if (f[i] === 0x2a) { prec = Number(wrap(toBig(next()), 32, true)); if (prec < 0) prec = -1; i++; }
      else while (f[i]! >= 0x30 && f[i]! <= 0x39) prec = prec * 10 + f[i++]! - 0x30;
    }
    let len = '';
    for (;;) {
      const ch = String.fromCharCode(f[i] ?? 0);
      if ('hlLqjzt'.includes(ch) && ch !== '\0') { len += ch; i++; } else break;
    }
    const conv = String.fromCharCode(f[i] ?? 0);
    i++;
    const bits = len === 'hh' ? 8 : len === 'h' ? 16 : len === '' ? 32 : 64;
    switch (conv) {
      case '%': out.push(0x25); break;
      case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
        const signed = conv === 'd' || conv === 'i';
        const v = wrap(toBig(next()), bits, signed);
        const neg = v < 0n;
        let digits = (neg ? -v : v).toString(conv === 'x' || conv === 'X' ? 16 : conv === 'o' ? 8 : 10);
        if (conv === 'X') digits = digits.toUpperCase();
        if (prec >= 0) { if (prec === 0 && v === 0n) digits = ''; digits = digits.padStart(prec, '0'); }
        let prefix = '';
        if (signed) prefix = neg ? '-' : plus ? '+' : space ? ' ' : '';
        if (alt && conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
        if (alt && v !== 0n && (conv === 'x' || conv === 'X')) prefix = conv === 'x' ? '0x' : '0X';
        push(pad(prefix + digits, width, left, zero && prec < 0, prefix.length));
        break;
      }
      case 'c': {
        const b = Number(wrap(toBig(next()), 8, false));
        const s = new Uint8Array([b]);
        if (!left && width > 1) push(' '.repeat(width - 1));
        push(s);
        if (left && width > 1) push(' '.repeat(width - 1));
        break;
      }
      case 's': {
        const a = next();
        const addr = toNum(a);
        let bytes: Uint8Array;
        if (addr === 0) bytes = prec < 0 || prec >= 6 ? enc.encode('(null)') : new Uint8Array(0);
        else bytes = env.readString(addr, prec >= 0 ? prec : undefined);
        if (prec >= 0 && bytes.length > prec) bytes = bytes.subarray(0, prec);
        const padN = Math.max(0, width - bytes.length);
        if (!left) push(' '.repeat(padN));
        push(bytes);
        if (left) push(' '.repeat(padN));
        break;
      }
      case 'p': {
        const v = toNum(next());
        const s = v === 0 ? '(nil)' : (plus ? '+' : space ? ' ' : '') + '0x' + v.toString(16);
        push(pad(s, width, left, zero && v !== 0, s.startsWith('0x') ? 2 : 3));
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
        const a = next();
        const x = a ? (a.t === 'f' ? a.v : Number(a.v)) : 0;
        const p = prec < 0 ? 6 : prec;
        const neg = x < 0 || Object.is(x, -0);
        const ax = Math.abs(x);
        let body: string;
        const upper = conv === conv.toUpperCase();
        if (!Number.isFinite(ax)) body = Number.isNaN(ax) ? 'nan' : 'inf';
        else if (conv === 'f' || conv === 'F') { body = fixedForm(ax, p); if (alt && p === 0) body += '.'; }
        else if (conv === 'e' || conv === 'E') { body = expForm(ax, p, false); if (alt && p === 0) body = body.replace('e', '.e'); }
        else if (conv === 'g' || conv === 'G') body = gForm(ax, p, alt, false);
        else body = hexFloat(ax, prec);
        if (upper) body = body.toUpperCase();
        const prefix = neg ? '-' : plus ? '+' : space ? ' ' : '';
        push(pad(prefix + body, width, left, zero && Number.isFinite(ax), prefix.length));
        break;
      }
      case 'n': {
        const a = toNum(next());
        env.storeCount?.(a, out.length, len === 'hh' ? 1 : len === 'h' ? 2 : len === '' ? 4 : 8);
        break;
      }
      case 'm': push('Success'); break;
      default:
        // unknown conversion: printed as is
        for (let k = start; k < i; k++) out.push(f[k]!);
    }
  }
  return new Uint8Array(out);
}

function hexFloat(x: number, prec: number): string {
  if (x === 0) return '0x0p+0';
  let e = Math.floor(Math.log2(x));
  let m = x / 2 ** e;
  if (m >= 2) { m /= 2; e++; }
  if (m < 1) { m *= 2; e--; }
  let frac = '';
  let f = m - 1;
  for (let k = 0; k < 13; k++) { f *= 16; const d = Math.floor(f); frac += d.toString(16); f -= d; }
  frac = frac.replace(/0+$/, '');
  if (prec >= 0) frac = frac.padEnd(prec, '0').slice(0, prec);
  return `0x1${frac ? '.' + frac : ''}p${e >= 0 ? '+' : ''}${e}`;
}
