// The VM a compiled C program runs on: the program's JS (codegen.ts) instantiated against the process's
// address space. Loads and stores go through a small software TLB over the AddressSpace's pages (a miss
// takes the real fault path: protections, stack growth, SIGSEGV); integer helpers give 64-bit semantics;
// library calls go to the LibcInstance by name; SIGFPE for division by zero; a budget makes long loops yield.
import type { AddressSpace, Page } from '../kernel/mm.ts';
import { Fault, PAGE_SIZE, PROT_EXEC } from '../kernel/mm.ts';
import type { Sys } from '../kernel/sys.ts';
import { IllegalInstruction, Killed } from '../kernel/process.ts';
import type { CValue, LibcInstance } from '../libc/abi.ts';
import { VA_HANDLE, VA_INDEX } from '../libc/va.ts';
import type { CProgram } from './link.ts';

const MAXS = 9007199254740991;
const B2_64 = 1n << 64n;

const norm = (x: bigint): number | bigint => (x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x);
const big = (x: number | bigint): bigint => (typeof x === 'bigint' ? x : BigInt(x));
const s64 = (x: number | bigint): number | bigint => (typeof x === 'number' ? (x <= MAXS && x >= -MAXS ? x : norm(BigInt.asIntN(64, BigInt(Math.trunc(x))))) : norm(BigInt.asIntN(64, x)));
const u64 = (x: number | bigint): number | bigint => (typeof x === 'number' && x >= 0 && x <= MAXS ? x : norm(BigInt.asUintN(64, big(typeof x === 'number' ? Math.trunc(x) : x))));

/** Integer helpers with C's 64-bit semantics (values: number when safe, bigint otherwise). */
function int64Helpers(fpe: () => never) {
  const add64s = (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= MAXS && r >= -MAXS) return r; }
    return norm(BigInt.asIntN(64, big(a) + big(b)));
  };
  const add64u = (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number') { const r = a + b; if (r <= MAXS && r >= 0) return r; }
    return norm(BigInt.asUintN(64, big(a) + big(b)));
  };
  const sub64s = (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r <= MAXS && r >= -MAXS) return r; }
    return norm(BigInt.asIntN(64, big(a) - big(b)));
  };
  const sub64u = (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number') { const r = a - b; if (r <= MAXS && r >= 0) return r; }
    return norm(BigInt.asUintN(64, big(a) - big(b)));
  };
  const mul64s = (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r <= MAXS && r >= -MAXS) return r === 0 ? 0 : r; }
    return norm(BigInt.asIntN(64, big(a) * big(b)));
  };
  const mul64u = (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number') { const r = a * b; if (r <= MAXS && r >= 0) return r; }
    return norm(BigInt.asUintN(64, big(a) * big(b)));
  };
  const div64s = (a: number | bigint, b: number | bigint) => {
    if (b == 0) fpe();
    if (typeof a === 'number' && typeof b === 'number') return (a - (a % b)) / b;
    const bb = big(b), ba = big(a);
    if (bb === -1n && ba === -(1n << 63n)) fpe();
    return norm(BigInt.asIntN(64, ba / bb));
  };
  const div64u = (a: number | bigint, b: number | bigint) => {
    if (b == 0) fpe();
    if (typeof a === 'number' && typeof b === 'number') return (a - (a % b)) / b;
    return norm(big(a) / big(b));
  };
  const mod64s = (a: number | bigint, b: number | bigint) => {
    if (b == 0) fpe();
    if (typeof a === 'number' && typeof b === 'number') { const r = a % b; return r === 0 ? 0 : r; }
    return norm(big(a) % big(b));
  };
  const mod64u = (a: number | bigint, b: number | bigint) => {
    if (b == 0) fpe();
    if (typeof a === 'number' && typeof b === 'number') return a % b;
    return norm(big(a) % big(b));
  };
  const bit = (f: (x: bigint, y: bigint) => bigint, signed: boolean) => (a: number | bigint, b: number | bigint) => {
    if (typeof a === 'number' && typeof b === 'number' && a >= -0x80000000 && a <= 0x7fffffff && b >= -0x80000000 && b <= 0x7fffffff) {
      const r = Number(f(BigInt(a), BigInt(b)));
      return r;
    }
    const r = f(big(a), big(b));
    return norm(signed ? BigInt.asIntN(64, r) : BigInt.asUintN(64, r));
  };
  const and64s = (a: number | bigint, b: number | bigint) => (typeof a === 'number' && typeof b === 'number' && (a | 0) === a && (b | 0) === b ? a & b : norm(BigInt.asIntN(64, big(a) & big(b))));
  const and64u = (a: number | bigint, b: number | bigint) => (typeof a === 'number' && typeof b === 'number' && a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff ? a & b : norm(BigInt.asUintN(64, big(a) & big(b))));
  const or64s = bit((x, y) => x | y, true), or64u = bit((x, y) => x | y, false);
  const xor64s = bit((x, y) => x ^ y, true), xor64u = bit((x, y) => x ^ y, false);
  const shl64s = (a: number | bigint, b: number | bigint) => {
    const n = Number(b) & 63;
    if (typeof a === 'number') { const r = a * 2 ** n; if (r <= MAXS && r >= -MAXS) return r; }
    return norm(BigInt.asIntN(64, big(a) << BigInt(n)));
  };
  const shl64u = (a: number | bigint, b: number | bigint) => {
    const n = Number(b) & 63;
    if (typeof a === 'number') { const r = a * 2 ** n; if (r <= MAXS && r >= 0) return r; }
    return norm(BigInt.asUintN(64, big(a) << BigInt(n)));
  };
  const shr64s = (a: number | bigint, b: number | bigint) => {
    const n = Number(b) & 63;
    if (typeof a === 'number') return Math.floor(a / 2 ** n);
    return norm(a >> BigInt(n));
  };
  const shr64u = (a: number | bigint, b: number | bigint) => {
    const n = Number(b) & 63;
    if (typeof a === 'number') return Math.floor(a / 2 ** n);
    return norm(a >> BigInt(n));
  };
  const neg64s = (a: number | bigint) => (typeof a === 'number' && a !== 0 ? -a : typeof a === 'number' ? 0 : norm(BigInt.asIntN(64, -a)));
  const neg64u = (a: number | bigint) => (a == 0 ? 0 : norm(BigInt.asUintN(64, -big(a))));
  const not64s = (a: number | bigint) => (typeof a === 'number' ? -a - 1 : norm(BigInt.asIntN(64, ~a)));
  const not64u = (a: number | bigint) => norm(BigInt.asUintN(64, ~big(a)));
  const lo32 = (a: number | bigint) => (typeof a === 'number' ? (a <= 0x7fffffff && a >= -0x80000000 ? a : Number(BigInt.asIntN(32, BigInt(Math.trunc(a))))) : Number(BigInt.asIntN(32, a)));
  const f2i32 = (x: number) => (x >= -2147483648 && x < 2147483648 ? Math.trunc(x) | 0 : -2147483648);
  const f2i64 = (x: number) => (Number.isFinite(x) && Math.abs(x) < 9.2e18 ? s64(Math.trunc(x)) : norm(-(1n << 63n)));
  const f2u64 = (x: number) => (Number.isFinite(x) && x >= 0 && x < 1.8e19 ? u64(BigInt(Math.trunc(x))) : x < 0 && x > -9.2e18 ? u64(BigInt(Math.trunc(x))) : norm(1n << 63n));
  const div32 = (a: number, b: number) => { if (b === 0 || (b === -1 && a === -2147483648)) fpe(); return (a / b) | 0; };
  const mod32 = (a: number, b: number) => { if (b === 0 || (b === -1 && a === -2147483648)) fpe(); return (a % b) | 0; };
  const divu32 = (a: number, b: number) => { if (b === 0) fpe(); return (a / b) >>> 0; };
  const modu32 = (a: number, b: number) => { if (b === 0) fpe(); return (a % b) >>> 0; };
  /** Pointer from a 64-bit integer. */
  const pn = (x: number | bigint) => (typeof x === 'number' ? (x < 0 ? Number(BigInt.asUintN(64, BigInt(x))) : x) : Number(BigInt.asUintN(64, x)));
  const padd = (p: number, i: number | bigint, size: number) => (typeof i === 'number' ? p + i * size : Number(BigInt.asUintN(64, BigInt(p) + i * BigInt(size))));
  const pdiff = (a: number, b: number, size: number) => { const d = a - b; return size === 1 ? d : Math.trunc(d / size); };
  return { add64s, add64u, sub64s, sub64u, mul64s, mul64u, div64s, div64u, mod64s, mod64u, and64s, and64u, or64s, or64u, xor64s, xor64u,
    shl64s, shl64u, shr64s, shr64u, neg64s, neg64u, not64s, not64u, lo32, f2i32, f2i64, f2u64, div32, mod32, divu32, modu32, pn, padd, pdiff, s64, u64 };
}

const TLB = 256;
/**
 * A program runs this long before it lets the kernel (other processes, the terminal, a pending SIGINT) have a
 * turn; every turn costs a timer's delay of idle time, about 1 ms.
 */
const SLICE_MS = 16;

/**
 * Page-checked memory accessors over an AddressSpace with a direct-mapped TLB per access kind. An entry is
 * tagged with its page's address; the slot is bits 12-19 of the address, so the hit path is two int32
 * operations, a compare and a typed-array access (no division, no floating-point modulo), small enough for
 * V8 to inline into the program's code. A miss, or an access that crosses a page, takes the slow path: the
 * AddressSpace's fault (protections, stack growth, copy-on-write, SIGSEGV).
 */
export function memory(mm: AddressSpace) {
  const rTag = new Float64Array(TLB).fill(-1), wTag = new Float64Array(TLB).fill(-1);
  const empty = new Uint8Array(PAGE_SIZE), emptyView = new DataView(empty.buffer);
  const rData: Uint8Array[] = new Array(TLB).fill(empty);
  const wData: Uint8Array[] = new Array(TLB).fill(empty);
  const rView: DataView[] = new Array(TLB).fill(emptyView);
  const wView: DataView[] = new Array(TLB).fill(emptyView);
  const materialise = (p: Page) => {
    if (!p.data) { p.data = new Uint8Array(PAGE_SIZE); if (p.fill) p.data.fill(p.fill); p.fill = 0; }
    return p.data;
  };
  const flush = () => { rTag.fill(-1); wTag.fill(-1); };
  const fillR = (a: number): number => {
    const pg = Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    const p = mm.fault(pg, false);
    const i = (pg >>> 12) & (TLB - 1);
    const d = materialise(p);
    rTag[i] = pg; rData[i] = d; rView[i] = new DataView(d.buffer, d.byteOffset, PAGE_SIZE);
    // a later write must go through the write path (copy-on-write, dirty)
    return i;
  };
  const fillW = (a: number): number => {
    const pg = Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    const p = mm.fault(pg, true);
    const i = (pg >>> 12) & (TLB - 1);
    const d = materialise(p);
    const v = new DataView(d.buffer, d.byteOffset, PAGE_SIZE);
    wTag[i] = pg; wData[i] = d; wView[i] = v;
    // the read entry may point at the pre-copy page
    rTag[i] = pg; rData[i] = d; rView[i] = v;
    return i;
  };
  const rdSlow = (a: number, n: number): number[] => { const out: number[] = []; for (let k = 0; k < n; k++) out.push(r8u(a + k)); return out; };
  const r8slow = (a: number): number => rData[fillR(a)]![a - Math.floor(a / PAGE_SIZE) * PAGE_SIZE]!;
  const r8u = (a: number): number => {
    const o = a & 4095, i = (a >>> 12) & 255;
    return rTag[i] === a - o ? rData[i]![o]! : r8slow(a);
  };
  const r8s = (a: number) => (r8u(a) << 24) >> 24;
  /** The read view and offset for n bytes at a, or undefined when they cross a page. */
  const view = (a: number, n: number): [DataView, number] | undefined => {
    const off = a - Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    if (off > PAGE_SIZE - n) return undefined;
    let i = (a >>> 12) & 255;
    if (rTag[i] !== a - off) i = fillR(a);
    return [rView[i]!, off];
  };
  const wview = (a: number, n: number): [DataView, number] | undefined => {
    const off = a - Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
    if (off > PAGE_SIZE - n) return undefined;
    let i = (a >>> 12) & 255;
    if (wTag[i] !== a - off) i = fillW(a);
    return [wView[i]!, off];
  };
  const bytesToNum = (b: number[], signed: boolean) => {
    let v = 0n;
    for (let k = b.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(b[k]!);
    return norm(signed ? BigInt.asIntN(b.length * 8, v) : v);
  };
  const r16sSlow = (a: number) => { const v = view(a, 2); return v ? v[0].getInt16(v[1], true) : Number(bytesToNum(rdSlow(a, 2), true)); };
  const r16uSlow = (a: number) => { const v = view(a, 2); return v ? v[0].getUint16(v[1], true) : Number(bytesToNum(rdSlow(a, 2), false)); };
  const r32sSlow = (a: number) => { const v = view(a, 4); return v ? v[0].getInt32(v[1], true) : Number(bytesToNum(rdSlow(a, 4), true)); };
  const r32uSlow = (a: number) => { const v = view(a, 4); return v ? v[0].getUint32(v[1], true) : Number(bytesToNum(rdSlow(a, 4), false)); };
  const r16s = (a: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    return rTag[i] === a - o && o <= 4094 ? rView[i]!.getInt16(o, true) : r16sSlow(a);
  };
  const r16u = (a: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    return rTag[i] === a - o && o <= 4094 ? rView[i]!.getUint16(o, true) : r16uSlow(a);
  };
  const r32s = (a: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    return rTag[i] === a - o && o <= 4092 ? rView[i]!.getInt32(o, true) : r32sSlow(a);
  };
  const r32u = (a: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    return rTag[i] === a - o && o <= 4092 ? rView[i]!.getUint32(o, true) : r32uSlow(a);
  };
  const r64Slow = (a: number, signed: boolean): number | bigint => {
    const v = view(a, 8);
    if (!v) return bytesToNum(rdSlow(a, 8), signed);
    return join64(v[0].getUint32(v[1], true), v[0].getInt32(v[1] + 4, true), signed);
  };
  const join64 = (lo: number, hi: number, signed: boolean): number | bigint => {
    if (!signed) hi = hi >>> 0;
    if (hi < 0x200000 && hi >= -0x200000) return hi * 4294967296 + lo;
    return norm(signed ? BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)) : (BigInt(hi) << 32n) | BigInt(lo));
  };
  const r64s = (a: number): number | bigint => {
    const o = a & 4095, i = (a >>> 12) & 255;
    if (rTag[i] === a - o && o <= 4088) {
      const v = rView[i]!, lo = v.getUint32(o, true), hi = v.getInt32(o + 4, true);
      return hi < 0x200000 && hi >= -0x200000 ? hi * 4294967296 + lo : join64(lo, hi, true);
    }
    return r64Slow(a, true);
  };
  const r64u = (a: number): number | bigint => {
    const o = a & 4095, i = (a >>> 12) & 255;
    if (rTag[i] === a - o && o <= 4088) {
      const v = rView[i]!, lo = v.getUint32(o, true), hi = v.getInt32(o + 4, true);
      return hi < 0x200000 && hi >= 0 ? hi * 4294967296 + lo : join64(lo, hi, false);
    }
    return r64Slow(a, false);
  };
  const rp = (a: number) => { const v = r64u(a); return typeof v === 'number' ? v : Number(v); };
  const rf32 = (a: number) => { const v = view(a, 4); if (v) return v[0].getFloat32(v[1], true); const b = new Uint8Array(rdSlow(a, 4)); return new DataView(b.buffer).getFloat32(0, true); };
  const rf64 = (a: number) => { const v = view(a, 8); if (v) return v[0].getFloat64(v[1], true); const b = new Uint8Array(rdSlow(a, 8)); return new DataView(b.buffer).getFloat64(0, true); };
  const w8slow = (a: number, x: number) => { wData[fillW(a)]![a - Math.floor(a / PAGE_SIZE) * PAGE_SIZE] = x; return x; };
  const w8 = (a: number, x: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    if (wTag[i] === a - o) { wData[i]![o] = x; return x; }
    return w8slow(a, x);
  };
  const wSlow = (a: number, bytes: Uint8Array) => { for (let k = 0; k < bytes.length; k++) w8(a + k, bytes[k]!); };
  const tmp = new DataView(new ArrayBuffer(8));
  const w16slow = (a: number, x: number) => { const v = wview(a, 2); if (v) v[0].setInt16(v[1], x, true); else { tmp.setInt16(0, x, true); wSlow(a, new Uint8Array(tmp.buffer, 0, 2)); } return x; };
  const w16 = (a: number, x: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    if (wTag[i] === a - o && o <= 4094) { wView[i]!.setInt16(o, x, true); return x; }
    return w16slow(a, x);
  };
  const w32slow = (a: number, x: number) => { const v = wview(a, 4); if (v) v[0].setInt32(v[1], x, true); else { tmp.setInt32(0, x, true); wSlow(a, new Uint8Array(tmp.buffer, 0, 4)); } return x; };
  const w32 = (a: number, x: number) => {
    const o = a & 4095, i = (a >>> 12) & 255;
    if (wTag[i] === a - o && o <= 4092) { wView[i]!.setInt32(o, x, true); return x; }
    return w32slow(a, x);
  };
  const w64parts = (a: number, lo: number, hi: number) => {
    const v = wview(a, 8);
    if (v) { v[0].setUint32(v[1], lo, true); v[0].setInt32(v[1] + 4, hi, true); }
    else { tmp.setUint32(0, lo, true); tmp.setInt32(4, hi, true); wSlow(a, new Uint8Array(tmp.buffer, 0, 8)); }
  };
  const w64big = (a: number, x: number | bigint) => {
    const b = BigInt.asUintN(64, big(typeof x === 'number' ? Math.trunc(x) : x));
    w64parts(a, Number(b & 0xffffffffn), Number(b >> 32n) | 0);
    return x;
  };
  const w64 = (a: number, x: number | bigint) => {
    if (typeof x !== 'number' || !(x <= MAXS && x >= -MAXS)) return w64big(a, x);
    const lo = x >>> 0;
    let hi = Math.floor(x / 4294967296) | 0;
    if (x < 0 && lo === 0 && x % 4294967296 === 0) hi = x / 4294967296;
    const o = a & 4095, i = (a >>> 12) & 255;
    if (wTag[i] === a - o && o <= 4088) { const v = wView[i]!; v.setUint32(o, lo, true); v.setInt32(o + 4, hi, true); }
    else w64parts(a, lo, hi);
    return x;
  };
  const wf32 = (a: number, x: number) => { const v = wview(a, 4); if (v) v[0].setFloat32(v[1], x, true); else { tmp.setFloat32(0, x, true); wSlow(a, new Uint8Array(tmp.buffer, 0, 4)); } return x; };
  const wf64 = (a: number, x: number) => { const v = wview(a, 8); if (v) v[0].setFloat64(v[1], x, true); else { tmp.setFloat64(0, x, true); wSlow(a, new Uint8Array(tmp.buffer, 0, 8)); } return x; };
  const cpy = (d: number, s: number, n: number) => {
    if (n <= 0) return d;
    const buf = mm.read(s, n);
    mm.write(d, buf);
    flush();
    return d;
  };
  const zero = (a: number, n: number) => { if (n > 0) { mm.fill(a, 0, n); flush(); } return a; };
  const wbytes = (a: number, b: number[]) => { for (let k = 0; k < b.length; k++) w8(a + k, b[k]!); };
  return { r8u, r8s, r16s, r16u, r32s, r32u, r64s, r64u, rp, rf32, rf64, w8, w16, w32, w64, wf32, wf64, cpy, zero, wbytes, flush };
}

export interface VmOptions {
  sys: Sys;
  mm: AddressSpace;
  libc: LibcInstance;
  /** Load bias of the executable. */
  base: number;
}

/** Writes the initial contents of .data/.rodata (the file's bytes) into the mapped pages, as if paged in from the file. */
export function loadSections(mm: AddressSpace, prog: CProgram, base: number, addrOf: (js: string) => number) {
  const spans = new Map<number, Uint8Array>();
  const page = (vpn: number) => {
    let d = spans.get(vpn);
    if (!d) { d = new Uint8Array(PAGE_SIZE); spans.set(vpn, d); }
    return d;
  };
  const put = (addr: number, bytes: ArrayLike<number>) => {
    for (let k = 0; k < bytes.length; k++) { const a = addr + k; page(Math.floor(a / PAGE_SIZE))[a % PAGE_SIZE] = bytes[k]!; }
  };
  // whole pages of .rodata and .data are the file's: zero unless an object says otherwise
  for (const [start, end] of prog.fileRanges) for (let a = Math.floor((base + start) / PAGE_SIZE); a * PAGE_SIZE < base + end; a++) page(a);
  for (const d of prog.data) {
    if (!d.bytes) continue;
    const bytes = Uint8Array.from(d.bytes);
    const dv = new DataView(bytes.buffer);
    for (const r of d.relocs) {
      const v = addrOf(r.target) + r.add;
      dv.setUint32(r.off, v % 4294967296, true);
      dv.setUint32(r.off + 4, Math.floor(v / 4294967296), true);
    }
    put(base + d.off, bytes);
  }
  for (const [vpn, bytes] of spans) {
    const v = mm.find(vpn * PAGE_SIZE);
    if (!v) continue;
    // page in without a write fault: the page is the file's, clean
    const p = v.pages.get(vpn) ?? (mm.fault(vpn * PAGE_SIZE, false), v.pages.get(vpn)!);
    if (!p) continue;
    p.data = bytes.some((b) => b !== 0) ? bytes : undefined;
    p.fill = 0;
  }
}

/** Runs a linked program's main in the process; resolves with main's return value. */
/** A protected function found its canary changed on return: glibc's __stack_chk_fail runs. */
class StackSmashed extends Error {}

/** The stack guard's two 32-bit halves, from AT_RANDOM in the auxiliary vector above argc at `sp`. */
function stackGuard(mem: { r32u: (a: number) => number }, sp: number): [number, number] {
  let p = sp + 8 * (mem.r32u(sp) + 2); // past argc, argv[] and its NULL
  while (mem.r32u(p) || mem.r32u(p + 4)) p += 8; // envp[]
  for (p += 8; mem.r32u(p) !== 0; p += 16) {
    if (mem.r32u(p) !== 25) continue; // AT_RANDOM
    const at = mem.r32u(p + 8) + mem.r32u(p + 12) * 2 ** 32;
    return [(mem.r32u(at) & ~0xff) >>> 0, mem.r32u(at + 4)];
  }
  return [0, 0];
}

export async function runProgram(prog: CProgram, opts: VmOptions): Promise<number> {
  const { sys, mm, libc, base } = opts;
  const mem = memory(mm);
  const fpe = (): never => {
    sys.kernel.signal(sys.proc, 8, '{si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=' + '0x' + (base + (prog.fns[0]?.off ?? 0)).toString(16) + '}');
    throw new Killed();
  };
  const ints = int64Helpers(fpe);
  const Q = { b: 20000 };
  let last = performance.now();
  /** Whether this time slice is over (loop regions ask between chunks). */
  const YT = () => performance.now() - last >= SLICE_MS;
  const Y = async () => {
    Q.b = 20000;
    const t = performance.now();
    if (t - last >= SLICE_MS) { last = t; await sys.yield(); mem.flush(); }
  };
  const toC = (k: string, v: unknown): CValue => {
    if (k === 'p') return { t: 'p', v: v as number };
    if (k === 'f' || k === 'g') return { t: 'f', v: v as number };
    return { t: 'i', v: v as number | bigint };
  };
  const fromC = (r: CValue | undefined, rk: string): unknown => {
    if (!r || rk === 'v') return undefined;
    if (rk === 'f' || rk === 'g') return r.t === 'f' ? r.v : Number(r.v);
    if (rk === 'p') return typeof r.v === 'bigint' ? Number(BigInt.asUintN(64, r.v)) : r.v < 0 ? Number(BigInt.asUintN(64, BigInt(r.v))) : r.v;
    return typeof r.v === 'bigint' ? norm(r.v) : r.v;
  };
  const LC = async (name: string, kinds: string, args: unknown[], rk: string) => {
    const cargs: CValue[] = [];
    for (let k = 0; k < args.length; k++) cargs.push(toC(kinds[k] ?? 'i', args[k]));
    let r = libc.call(name, cargs);
    if (r instanceof Promise) r = await r;
    mem.flush();
    return fromC(r, rk);
  };
  const byAddr = new Map<number, { fn?: (...a: unknown[]) => Promise<unknown>; lib?: string; fixed?: number }>();
  const CP = async (addr: number, kinds: string, args: unknown[], rk: string) => {
    const f = byAddr.get(addr);
    if (f?.fn && f.fixed !== undefined) return f.fn(...args.slice(0, f.fixed), kinds.slice(f.fixed), ...args.slice(f.fixed));
    if (f?.fn) return f.fn(...args);
    if (f?.lib) return LC(f.lib, kinds, args, rk);
    // not a function: executing it faults (NX data, or nothing mapped)
    const v = mm.find(addr);
    if (!v) throw new Fault(addr, 'SEGV_MAPERR');
    if (!(v.prot & PROT_EXEC)) throw new Fault(addr, 'SEGV_ACCERR');
    throw new Fault(addr, 'SEGV_ACCERR');
  };
  const dataSym = (name: string) => libc.symbol(name) ?? 0;
  // The saved return address every frame holds (a call site in main: the VM returns through the host's stack, so
  // the slot only tells whether something overwrote it) and glibc's stack guard for -fstack-protector's canary
  // (_dl_setup_stack_chk_guard: AT_RANDOM's first 8 bytes with the lowest one zeroed, so a string copy stops there).
  const RA = base + (prog.fns.find((f) => f.name === 'main')?.off ?? prog.fns[0]?.off ?? 0) + 0x1e;
  const [CG0, CG1] = stackGuard(mem, mm.startStack);
  const RA0 = RA % 2 ** 32, RA1 = Math.floor(RA / 2 ** 32); // compared at every guarded return
  const EPI = (bp: number, canary: number) => {
    if (canary && (mem.r32u(bp - 24) !== CG0 || mem.r32u(bp - 20) !== CG1)) throw new StackSmashed();
    const lo = mem.r32u(bp - 8), hi = mem.r32u(bp - 4);
    if (lo === RA0 && hi === RA1) return;
    // `ret` to whatever overwrote the address: a non-canonical one is a general-protection fault (SIGSEGV with
    // si_code SI_KERNEL, no address); a canonical one faults where it points (the VM cannot run the code it might find)
    if (hi >= 0x8000 && hi < 0xffff8000) throw new Fault(0, 'SI_KERNEL');
    const to = hi * 2 ** 32 + lo;
    throw new Fault(to, mm.find(to) ? 'SEGV_ACCERR' : 'SEGV_MAPERR');
  };
  // <stdarg.h> (codegen's va(), libc/va.ts): va_start registers the extra arguments, va_arg takes the next one
  const VS = (ap: number, kinds: string, vals: unknown[]) => {
    mem.w32(ap + VA_INDEX, 0);
    mem.w32(ap + 4, 0);
    mem.w64(ap + VA_HANDLE, libc.va.add(kinds, vals));
    mem.w64(ap + 16, 0);
  };
  const VA = (ap: number): unknown => {
    const i = mem.r32u(ap + VA_INDEX);
    const list = libc.va.get(mem.r32u(ap + VA_HANDLE));
    mem.w32(ap + VA_INDEX, i + 1);
    return list?.vals[i] ?? 0; // past the last argument: what happens to be there (0 here)
  };
  // ud2 (gcc's trap for code that must not be reached): SIGILL at that instruction
  const TRAP = (addr: number): never => { throw new IllegalInstruction(addr); };
  const R = { ...mem, ...ints, Q, Y, YT, LC, CP, EPI, RA, CG0, CG1, VS, VA, TRAP, base, dataSym, byAddr };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function('R', prog.js) as (r: typeof R) => { main: (...a: unknown[]) => Promise<unknown>; setSP(v: number): void; addrOf(js: string): number };
  const m = factory(R);
  loadSections(mm, prog, base, (js) => m.addrOf(js));
  mem.flush();
  // atexit handlers and other callbacks from the library
  (libc as { callPointer?: (addr: number, args: CValue[]) => Promise<CValue | undefined> }).callPointer = async (addr, args) => {
    const r = await CP(addr, args.map((a) => a.t === 'p' ? 'p' : a.t === 'f' ? 'f' : 'l').join(''), args.map((a) => a.v), 'l');
    return r === undefined ? undefined : { t: 'i', v: r as number | bigint };
  };
  // The initial stack execve wrote (loader/initial-stack.ts): argc at startStack, then argv[], NULL, envp[].
  const sp = mm.startStack;
  const argc = mem.r32u(sp); // the low half of its 8-byte slot
  const arr = sp;
  m.setSP(sp - 0x100); // __libc_start_main's frames
  let code: unknown;
  try {
    code = await m.main(argc, arr + 8, arr + 16 + 8 * argc);
  } catch (e) {
    if (e instanceof StackSmashed) await libc.stackChkFail();
    throw e;
  }
  const c = typeof code === 'number' ? code : 0;
  await LC('exit', 'i', [c | 0], 'v');
  return c;
}
