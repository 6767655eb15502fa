// ptmalloc2 of glibc 2.36 (debian-12) and 2.27 (ubuntu-18.04), main arena only (the simulated programs are
// single-threaded): the algorithm of malloc.c modelled step by step — chunk headers in the process's memory,
// tcache, fastbins, the unsorted/small/large bins with their orderings, consolidation, the top chunk, sysmalloc
// via brk (top_pad, the page-aligning second sbrk) or mmap (threshold with its dynamic adjustment), systrim,
// mremap of mmapped chunks — so returned addresses and every brk/mmap/munmap match the real library.
// The bin lists themselves are kept here (their links are also written into the free chunks, as glibc does);
// sizes and flags are always read from the simulated memory, so a program that corrupts the heap meets
// glibc's checks and messages ("free(): invalid pointer" and SIGABRT).
import type { LibcHost } from './abi.ts';
import { SysError } from '../kernel/errno.ts';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../kernel/mm.ts';
import { fmt } from '../kernel/trace.ts';

const SIZE_SZ = 8;
const ALIGN = 16;
const MASK = ALIGN - 1;
const HDR = 2 * SIZE_SZ;
const MINSIZE = 32;
const PAGE = 4096;
const PREV_INUSE = 1, IS_MMAPPED = 2, NON_MAIN_ARENA = 4, FLAGS = 7;
const NBINS = 128;
const NFASTBINS = 10;
const MIN_LARGE_SIZE = 1024;
const TCACHE_BINS = 64;
const FASTBIN_CONSOLIDATION_THRESHOLD = 65536;
const DEFAULT_MMAP_THRESHOLD_MAX = 32 << 20;
const HEAP_MAX_SIZE = 2 * DEFAULT_MMAP_THRESHOLD_MAX;
const MAX_SIZE = 2 ** 63; // PTRDIFF_MAX + 1, as a double
export const M_MXFAST = 1, M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3, M_MMAP_MAX = -4;
export const M_CHECK_ACTION = -5, M_PERTURB = -6, M_ARENA_TEST = -7, M_ARENA_MAX = -8;

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;
const alignDown = (n: number, a: number) => Math.floor(n / a) * a;
export const request2size = (req: number) => (req + SIZE_SZ + MASK < MINSIZE ? MINSIZE : alignDown(req + SIZE_SZ + MASK, ALIGN));
const smallbinIndex = (sz: number) => Math.floor(sz / 16);
const inSmallbinRange = (sz: number) => sz < MIN_LARGE_SIZE;
function largebinIndex(sz: number): number {
  if (Math.floor(sz / 64) <= 48) return 48 + Math.floor(sz / 64);
  if (Math.floor(sz / 512) <= 20) return 91 + Math.floor(sz / 512);
  if (Math.floor(sz / 4096) <= 10) return 110 + Math.floor(sz / 4096);
  if (Math.floor(sz / 32768) <= 4) return 119 + Math.floor(sz / 32768);
  if (Math.floor(sz / 262144) <= 2) return 124 + Math.floor(sz / 262144);
  return 126;
}
const binIndex = (sz: number) => (inSmallbinRange(sz) ? smallbinIndex(sz) : largebinIndex(sz));
const fastbinIndex = (sz: number) => Math.floor(sz / 16) - 2;
const csize2tidx = (sz: number) => Math.floor((sz - MINSIZE + ALIGN - 1) / ALIGN);

/** malloc_printerr: the message glibc writes before abort(). */
export class MallocError extends Error {
  readonly text: string;
  constructor(text: string) { super(text); this.text = text; }
}

export interface MallocHooks {
  /** errno = ENOMEM / EINVAL. */
  setErrno(name: 'ENOMEM' | 'EINVAL'): void;
}

export class Malloc {
  private readonly host: LibcHost;
  private readonly hooks: MallocHooks;
  private readonly v236: boolean;
  private readonly dv = new DataView(new ArrayBuffer(8));
  // mp_
  trimThreshold = 128 * 1024;
  topPad = 128 * 1024;
  mmapThreshold = 128 * 1024;
  nMmapsMax = 65536;
  noDynThreshold = false;
  nMmaps = 0;
  maxNMmaps = 0;
  mmappedMem = 0;
  maxMmappedMem = 0;
  sbrkBase = 0;
  perturb = 0;
  // main_arena
  private initialized = false;
  private top = 0; // 0: initial_top (no chunk yet)
  systemMem = 0;
  maxSystemMem = 0;
  private lastRemainder = 0;
  private haveFastchunks = false;
  private maxFast = 0x80;
  private readonly fast: number[][] = Array.from({ length: NFASTBINS }, () => []); // [0] = head
  private readonly bins: number[][] = Array.from({ length: NBINS }, () => []); // [0] = fd end, last = bk end
  private readonly where = new Map<number, number>(); // free chunk → bin index
  // tcache
  private tcache = 0; // address of tcache_perthread_struct (its mem), 0 = not yet
  private tcacheShuttingDown = false;
  private readonly tc: number[][] = Array.from({ length: TCACHE_BINS }, () => []); // last = head
  private tcacheKey: Uint8Array = new Uint8Array(8);
  private curbrk: number | undefined;

  constructor(host: LibcHost, hooks: MallocHooks) {
    this.host = host;
    this.hooks = hooks;
    this.v236 = host.profile !== 'ubuntu-18.04';
  }

  // ---- memory ------------------------------------------------------------------------------------------
  private rd(addr: number): number {
    const b = this.host.mm.read(addr, 8);
    const lo = b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);
    const hi = b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24);
    return (hi >>> 0) * 2 ** 32 + (lo >>> 0);
  }
  private wr(addr: number, v: number) {
    const lo = v % 2 ** 32, hi = Math.floor(v / 2 ** 32);
    this.dv.setUint32(0, lo >>> 0, true);
    this.dv.setUint32(4, hi >>> 0, true);
    this.host.mm.write(addr, new Uint8Array(this.dv.buffer.slice(0)));
  }
  private sizeNomask(p: number) { return this.rd(p + 8); }
  private chunksize(p: number) { const s = this.rd(p + 8); return s - (s % 8); }
  private prevInuse(p: number) { return this.rd(p + 8) % 2 === 1; }
  private isMmapped(p: number) { return (this.rd(p + 8) & IS_MMAPPED) !== 0; }
  private setHead(p: number, v: number) { this.wr(p + 8, v); }
  private setHeadSize(p: number, s: number) { this.wr(p + 8, s + (this.rd(p + 8) % 8)); }
  private setFoot(p: number, s: number) { this.wr(p + s, s); }
  private inuseAt(p: number, off: number) { return this.prevInuse(p + off); }
  private setInuseAt(p: number, off: number) { const q = p + off; const s = this.rd(q + 8); if (s % 2 === 0) this.wr(q + 8, s + 1); }
  private clearInuseAt(p: number, off: number) { const q = p + off; const s = this.rd(q + 8); if (s % 2 === 1) this.wr(q + 8, s - 1); }
  private err(text: string): never { throw new MallocError(text); }

  // ---- init ------------------------------------------------------------------------------------------
  /** ptmalloc_init: glibc ≥ 2.34 draws the tcache key (getrandom) on the first call of any malloc function. */
  private init() {
    if (this.initialized) return;
    this.initialized = true;
    if (this.v236) {
      const bytes = this.host.sys.randomBytes(8);
      this.tcacheKey = bytes;
      this.host.syscalls.note('getrandom', [fmt.str(bytes), '8', 'GRND_NONBLOCK'], '8');
    }
  }
  private maybeInitTcache() {
    if (this.tcache || this.tcacheShuttingDown) return;
    // tcache_perthread_struct: uint16_t counts since 2.30 (640 bytes, chunk 0x290); char counts in 2.27 (576, 0x250)
    const size = this.v236 ? 640 : 576;
    const victim = this.intMalloc(size);
    if (!victim) return;
    this.tcache = victim;
    this.host.mm.fill(victim, 0, size);
  }

  /** The break as libc already knows it (a static glibc 2.27 program's TLS __sbrk set __curbrk): no brk(NULL). */
  presetBrk(addr: number) { this.curbrk = addr; }

  // ---- sbrk / mmap -----------------------------------------------------------------------------------
  private sbrk(inc: number): number {
    if (this.curbrk === undefined) this.curbrk = this.host.syscalls.brk(0);
    if (inc === 0) return this.curbrk;
    const old = this.curbrk;
    const got = this.host.syscalls.brk(old + inc);
    this.curbrk = got;
    if (got !== old + inc) return -1;
    return old;
  }
  private mmap(size: number): number {
    try { return this.host.syscalls.mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); } catch (e) {
      if (e instanceof SysError) return -1;
      throw e;
    }
  }

  // ---- bins ------------------------------------------------------------------------------------------
  private writeLinks(p: number, fd: number, bk: number) { this.wr(p + 16, fd); this.wr(p + 24, bk); }
  private binAddr(i: number) { return 0x7ffff7fa3c80 + i * 16; } // where main_arena's bins would be: only written into chunks
  /** Inserts at the front of bin i (the unsorted bin is 1). */
  private binFront(i: number, p: number) {
    const b = this.bins[i]!;
    this.writeLinks(p, b[0] ?? this.binAddr(i), this.binAddr(i));
    b.unshift(p);
    this.where.set(p, i);
  }
  private unlinkChunk(p: number) {
    const sz = this.chunksize(p);
    if (sz !== this.rd(p + sz)) this.err('corrupted size vs. prev_size');
    const i = this.where.get(p);
    if (i === undefined) this.err('corrupted double-linked list');
    const b = this.bins[i]!;
    b.splice(b.indexOf(p), 1);
    this.where.delete(p);
  }
  private placeInBin(victim: number, size: number) {
    if (inSmallbinRange(size)) { this.binFront(smallbinIndex(size), victim); return; }
    const i = largebinIndex(size);
    const b = this.bins[i]!;
    let pos: number;
    if (!b.length || size < this.chunksize(b[b.length - 1]!)) pos = b.length;
    else {
      pos = 0;
      while (size < this.chunksize(b[pos]!)) pos++;
      if (size === this.chunksize(b[pos]!)) pos++; // after the head of its size group
    }
    this.writeLinks(victim, b[pos] ?? this.binAddr(i), b[pos - 1] ?? this.binAddr(i));
    b.splice(pos, 0, victim);
    this.where.set(victim, i);
  }

  // ---- tcache ----------------------------------------------------------------------------------------
  private tcachePut(p: number, idx: number) {
    const e = p + HDR;
    const list = this.tc[idx]!;
    const next = list.length ? list[list.length - 1]! : 0;
    this.wr(e, this.v236 ? xor(Math.floor(e / 4096), next) : next);
    if (this.v236) this.host.mm.write(e + 8, this.tcacheKey);
    list.push(e);
    if (this.tcache) this.wrU16(this.tcache + 2 * idx, list.length);
  }
  private tcacheGet(idx: number): number {
    const e = this.tc[idx]!.pop()!;
    if (this.v236 && e % ALIGN) this.err('malloc(): unaligned tcache chunk detected');
    if (this.v236) this.wr(e + 8, 0);
    if (this.tcache) this.wrU16(this.tcache + 2 * idx, this.tc[idx]!.length);
    return e;
  }
  private wrU16(addr: number, v: number) {
    if (this.v236) this.host.mm.write(addr, new Uint8Array([v & 0xff, v >> 8]));
    else this.host.mm.write(this.tcache + (addr - this.tcache) / 2, new Uint8Array([v & 0xff]));
  }

  // ---- public API --------------------------------------------------------------------------------------
  malloc(bytes: number): number {
    this.init();
    if (bytes >= MAX_SIZE) { this.hooks.setErrno('ENOMEM'); return 0; }
    const nb = request2size(bytes);
    const tcIdx = csize2tidx(nb);
    this.maybeInitTcache();
    if (tcIdx < TCACHE_BINS && this.tcache && this.tc[tcIdx]!.length > 0) return this.tcacheGet(tcIdx);
    const m = this.intMalloc(bytes);
    if (!m) this.hooks.setErrno('ENOMEM');
    return m;
  }

  free(mem: number) {
    if (mem === 0) return;
    this.init();
    const p = mem - HDR;
    if (this.isMmapped(p)) {
      const nomask = this.sizeNomask(p);
      if (!this.noDynThreshold && nomask > this.mmapThreshold && nomask <= DEFAULT_MMAP_THRESHOLD_MAX) {
        this.mmapThreshold = this.chunksize(p);
        this.trimThreshold = 2 * this.mmapThreshold;
      }
      this.munmapChunk(p);
      return;
    }
    this.maybeInitTcache();
    this.intFree(p);
  }

  calloc(n: number, elem: number): number {
    this.init();
    const bytes = n * elem;
    if (bytes >= MAX_SIZE || (n && bytes / n !== elem)) { this.hooks.setErrno('ENOMEM'); return 0; }
    this.maybeInitTcache();
    const oldtop = this.top;
    let oldtopsize = oldtop ? this.chunksize(oldtop) : 0;
    if (this.perturb === 0 && oldtop && oldtopsize < this.sbrkBase + this.maxSystemMem - oldtop) oldtopsize = this.sbrkBase + this.maxSystemMem - oldtop;
    const mem = this.intMalloc(bytes);
    if (!mem) { this.hooks.setErrno('ENOMEM'); return 0; }
    const p = mem - HDR;
    if (this.isMmapped(p)) return mem; // fresh pages are zero
    let csz = this.chunksize(p);
    if (p === oldtop && csz > oldtopsize) csz = oldtopsize; // only the part that was top before the sbrk
    this.host.mm.fill(mem, 0, Math.max(0, csz - SIZE_SZ));
    return mem;
  }

  realloc(oldmem: number, bytes: number): number {
    this.init();
    if (bytes === 0 && oldmem !== 0) { this.free(oldmem); return 0; }
    if (oldmem === 0) return this.malloc(bytes);
    const oldp = oldmem - HDR;
    const oldsize = this.chunksize(oldp);
    if (oldp > 2 ** 64 - oldsize || oldp % ALIGN) this.err('realloc(): invalid pointer');
    if (bytes >= MAX_SIZE) { this.hooks.setErrno('ENOMEM'); return 0; }
    const nb = request2size(bytes);
    if (this.isMmapped(oldp)) {
      const np = this.mremapChunk(oldp, nb);
      if (np) return np + HDR;
      if (oldsize - SIZE_SZ >= nb) return oldmem;
      const newmem = this.malloc(bytes);
      if (!newmem) return 0;
      this.copy(newmem, oldmem, oldsize - 2 * SIZE_SZ);
      this.munmapChunk(oldp);
      return newmem;
    }
    const r = this.intRealloc(oldp, oldsize, nb);
    if (!r) this.hooks.setErrno('ENOMEM');
    return r;
  }

  memalign(alignment: number, bytes: number): number {
    this.init();
    if (alignment <= ALIGN) return this.malloc(bytes);
    if (alignment < MINSIZE) alignment = MINSIZE;
    if (alignment > 2 ** 63) { this.hooks.setErrno('EINVAL'); return 0; }
    if (alignment & (alignment - 1)) { let a = MINSIZE; while (a < alignment) a *= 2; alignment = a; }
    const r = this.intMemalign(alignment, bytes);
    if (!r) this.hooks.setErrno('ENOMEM');
    return r;
  }

  /** posix_memalign: 0 or an errno number; the pointer through `out`. */
  posixMemalign(alignment: number, size: number): { err: number; mem: number } {
    if (alignment % SIZE_SZ !== 0 || alignment === 0 || ((alignment / SIZE_SZ) & (alignment / SIZE_SZ - 1)) !== 0) return { err: 22, mem: 0 };
    const mem = this.memalign(alignment, size);
    return mem ? { err: 0, mem } : { err: 12, mem: 0 };
  }

  usableSize(mem: number): number {
    if (!mem) return 0;
    const p = mem - HDR;
    if (this.isMmapped(p)) return this.chunksize(p) - HDR;
    if (this.inuseAt(p, this.chunksize(p))) return this.chunksize(p) - SIZE_SZ;
    return 0;
  }

  mallopt(param: number, value: number): number {
    this.init();
    this.mallocConsolidate();
    switch (param) {
      case M_MXFAST:
        if (value >= 0 && value <= 160) { this.maxFast = value === 0 ? MINSIZE / 2 : alignDown(value + SIZE_SZ, ALIGN); return 1; }
        return 0;
      case M_TRIM_THRESHOLD: this.trimThreshold = value >>> 0 === value ? value : value + 2 ** 64; this.noDynThreshold = true; return 1;
      case M_TOP_PAD: this.topPad = value; this.noDynThreshold = true; return 1;
      case M_MMAP_THRESHOLD:
        if ((value >>> 0) > HEAP_MAX_SIZE / 2 || value < 0) return 0;
        this.mmapThreshold = value; this.noDynThreshold = true; return 1;
      case M_MMAP_MAX: this.nMmapsMax = value; this.noDynThreshold = true; return 1;
      case M_PERTURB: this.perturb = value; return 1;
      case M_CHECK_ACTION: case M_ARENA_TEST: case M_ARENA_MAX: return 1;
      default: return 1;
    }
  }

  /** int_mallinfo of the main arena: [system bytes, in-use bytes, free bytes]. */
  mallinfo() {
    let avail = this.top ? this.chunksize(this.top) : 0;
    for (const f of this.fast) for (const p of f) avail += this.chunksize(p);
    for (let i = 1; i < NBINS; i++) for (const p of this.bins[i]!) avail += this.chunksize(p);
    return { arena: this.systemMem, uordblks: this.systemMem - avail, fordblks: avail, hblks: this.nMmaps, hblkhd: this.mmappedMem,
      keepcost: this.top ? this.chunksize(this.top) : 0 };
  }

  /** The lines malloc_stats() prints on stderr, one fprintf each. */
  statsLines(): string[] {
    this.init();
    const mi = this.mallinfo();
    const u = (n: number) => String(n >>> 0).padStart(10);
    return ['Arena 0:\n', `system bytes     = ${u(mi.arena)}\n`, `in use bytes     = ${u(mi.uordblks)}\n`, 'Total (incl. mmap):\n',
      `system bytes     = ${u(mi.arena + this.mmappedMem)}\n`, `in use bytes     = ${u(mi.uordblks + this.mmappedMem)}\n`,
      `max mmap regions = ${u(this.maxNMmaps)}\n`, `max mmap bytes   = ${String(this.maxMmappedMem).padStart(10)}\n`];
  }

  /** malloc_trim(pad). */
  trim(pad: number): number {
    this.init();
    this.mallocConsolidate();
    return this.systrim(pad);
  }

  // ---- the algorithm -----------------------------------------------------------------------------------
  private intMalloc(bytes: number): number {
    if (bytes >= MAX_SIZE) return 0;
    const nb = request2size(bytes);
    const tcIdx = csize2tidx(nb);
    const useTc = this.tcache !== 0 && tcIdx < TCACHE_BINS;
    if (nb <= this.maxFast) {
      const idx = fastbinIndex(nb);
      const fb = this.fast[idx]!;
      if (fb.length) {
        const victim = fb.shift()!;
        if (fastbinIndex(this.chunksize(victim)) !== idx) this.err('malloc(): memory corruption (fast)');
        if (useTc) {
          while (this.tc[tcIdx]!.length < 7 && fb.length) this.tcachePut(fb.shift()!, tcIdx);
        }
        return victim + HDR;
      }
    }
    let idx: number;
    if (inSmallbinRange(nb)) {
      idx = smallbinIndex(nb);
      const b = this.bins[idx]!;
      if (b.length) {
        const victim = b.pop()!;
        this.where.delete(victim);
        this.setInuseAt(victim, nb);
        if (useTc) {
          while (this.tc[tcIdx]!.length < 7 && b.length) {
            const tcv = b.pop()!;
            this.where.delete(tcv);
            this.setInuseAt(tcv, nb);
            this.tcachePut(tcv, tcIdx);
          }
        }
        return victim + HDR;
      }
    } else {
      idx = largebinIndex(nb);
      if (this.haveFastchunks) this.mallocConsolidate();
    }

    let returnCached = false;
    for (;;) {
      const unsorted = this.bins[1]!;
      let iters = 0;
      while (unsorted.length) {
        const victim = unsorted[unsorted.length - 1]!;
        const size = this.chunksize(victim);
        const next = victim + size;
        if (size <= HDR || size > this.systemMem) this.err('malloc(): invalid size (unsorted)');
        const nsize = this.chunksize(next);
        if (nsize < HDR || nsize > this.systemMem) this.err('malloc(): invalid next size (unsorted)');
        if (this.rd(next) !== size) this.err('malloc(): mismatching next->prev_size (unsorted)');
        if (this.prevInuse(next)) this.err('malloc(): invalid next->prev_inuse (unsorted)');
        if (inSmallbinRange(nb) && unsorted.length === 1 && victim === this.lastRemainder && size > nb + MINSIZE) {
          const rsize = size - nb;
          const rem = victim + nb;
          unsorted.length = 0;
          this.where.delete(victim);
          this.lastRemainder = rem;
          this.setHead(victim, nb | PREV_INUSE);
          this.setHead(rem, rsize | PREV_INUSE);
          this.setFoot(rem, rsize);
          this.binFront(1, rem);
          return victim + HDR;
        }
        unsorted.pop();
        this.where.delete(victim);
        if (size === nb) {
          this.setInuseAt(victim, size);
          if (useTc && this.tc[tcIdx]!.length < 7) { this.tcachePut(victim, tcIdx); returnCached = true; continue; }
          return victim + HDR;
        }
        this.placeInBin(victim, size);
        if (++iters >= 10000) break;
      }
      if (returnCached) return this.tcacheGet(tcIdx);

      if (!inSmallbinRange(nb)) {
        const b = this.bins[idx]!;
        if (b.length && this.chunksize(b[0]!) >= nb) {
          // the smallest size group that fits; its second chunk when there is one (keeps the nextsize head)
          let k = b.length - 1;
          while (this.chunksize(b[k]!) < nb) k--;
          const sz = this.chunksize(b[k]!);
          while (k > 0 && this.chunksize(b[k - 1]!) === sz) k--;
          if (k !== b.length - 1 && this.chunksize(b[k + 1]!) === sz) k++;
          const victim = b[k]!;
          return this.takeAndSplit(victim, nb, false) + HDR;
        }
      }
      for (let i = idx + 1; i < NBINS; i++) {
        const b = this.bins[i]!;
        if (!b.length) continue;
        const victim = b[b.length - 1]!;
        return this.takeAndSplit(victim, nb, inSmallbinRange(nb)) + HDR;
      }

      // use_top
      const victim = this.top;
      const size = victim ? this.chunksize(victim) : 0;
      if (size > this.systemMem) this.err('malloc(): corrupted top size');
      if (victim && size >= nb + MINSIZE) {
        const rem = victim + nb;
        this.top = rem;
        this.setHead(victim, nb | PREV_INUSE);
        this.setHead(rem, (size - nb) | PREV_INUSE);
        return victim + HDR;
      }
      if (this.haveFastchunks) {
        this.mallocConsolidate();
        idx = inSmallbinRange(nb) ? smallbinIndex(nb) : largebinIndex(nb);
        continue;
      }
      return this.sysmalloc(nb);
    }
  }

  /** Takes a chunk out of its bin, exhausting it or splitting off a remainder into the unsorted bin. */
  private takeAndSplit(victim: number, nb: number, setLastRemainder: boolean): number {
    const size = this.chunksize(victim);
    const rsize = size - nb;
    this.unlinkChunk(victim);
    if (rsize < MINSIZE) {
      this.setInuseAt(victim, size);
    } else {
      const rem = victim + nb;
      if (setLastRemainder) this.lastRemainder = rem;
      this.setHead(victim, nb | PREV_INUSE);
      this.setHead(rem, rsize | PREV_INUSE);
      this.setFoot(rem, rsize);
      this.binFront(1, rem);
    }
    return victim;
  }

  private sysmalloc(nb: number): number {
    if (nb >= this.mmapThreshold && this.nMmaps < this.nMmapsMax) {
      const size = alignUp(nb + SIZE_SZ, PAGE);
      if (size > nb) {
        const mm = this.mmap(size);
        if (mm !== -1) {
          this.wr(mm, 0);
          this.setHead(mm, size | IS_MMAPPED);
          this.nMmaps++;
          if (this.nMmaps > this.maxNMmaps) this.maxNMmaps = this.nMmaps;
          this.mmappedMem += size;
          if (this.mmappedMem > this.maxMmappedMem) this.maxMmappedMem = this.mmappedMem;
          return mm + HDR;
        }
      }
    }
    const oldTop = this.top;
    let oldSize = oldTop ? this.chunksize(oldTop) : 0;
    const oldEnd = oldTop + oldSize;
    if (oldTop && !(oldSize >= MINSIZE && this.prevInuse(oldTop) && oldEnd % PAGE === 0)) this.err('sysmalloc: assertion failed');
    let size = nb + this.topPad + MINSIZE;
    size -= oldSize;
    size = alignUp(size, PAGE);
    let brk = -1, sndBrk = -1;
    if (size > 0) brk = this.sbrk(size);
    if (brk === -1) {
      // MMAP_AS_MORECORE: a non-contiguous mmap'ed region; old top's size added back. 2.36's
      // sysmalloc_mmap_fallback is called with its page size and minimum swapped, so it rounds to 1 MiB (what
      // strace shows here: mmap(NULL, 105906176, …) for a 100 MiB malloc under `ulimit -v`); 2.27 rounds to a page.
      let msize = alignUp(size + oldSize, this.v236 ? 1 << 20 : PAGE);
      msize = Math.max(msize, 1 << 20);
      const m = this.mmap(msize);
      if (m !== -1) { brk = m; sndBrk = m + msize; }
    }
    if (brk !== -1) {
      if (!this.sbrkBase) this.sbrkBase = brk;
      this.systemMem += size;
      if (brk === oldEnd && sndBrk === -1 && oldTop) {
        this.setHead(oldTop, (size + oldSize) | PREV_INUSE);
      } else if (oldSize && brk < oldEnd) {
        this.err('break adjusted to free malloc space');
      } else {
        let correction = 0;
        let alignedBrk = brk;
        if (sndBrk === -1) {
          if (oldSize) this.systemMem += brk - oldEnd;
          const frontMisalign = (brk + HDR) % ALIGN;
          if (frontMisalign) { correction = ALIGN - frontMisalign; alignedBrk += correction; }
          correction += oldSize;
          const endMisalign = brk + size + correction;
          correction += alignUp(endMisalign, PAGE) - endMisalign;
          sndBrk = this.sbrk(correction); // the old break: where the correction starts
          if (sndBrk === -1) { correction = 0; sndBrk = this.sbrk(0); }
        }
        this.top = alignedBrk;
        this.setHead(alignedBrk, (sndBrk - alignedBrk + correction) | PREV_INUSE);
        this.systemMem += correction;
        if (oldSize !== 0) {
          oldSize = (oldSize - 2 * HDR) & ~MASK;
          this.setHead(oldTop, oldSize | PREV_INUSE);
          this.setHead(oldTop + oldSize, HDR | PREV_INUSE);
          this.setHead(oldTop + oldSize + HDR, HDR | PREV_INUSE);
          if (oldSize >= MINSIZE) this.intFree(oldTop);
        }
      }
    }
    if (this.systemMem > this.maxSystemMem) this.maxSystemMem = this.systemMem;
    const p = this.top;
    const tsize = p ? this.chunksize(p) : 0;
    if (p && tsize >= nb + MINSIZE) {
      const rem = p + nb;
      this.top = rem;
      this.setHead(p, nb | PREV_INUSE);
      this.setHead(rem, (tsize - nb) | PREV_INUSE);
      return p + HDR;
    }
    return 0;
  }

  private systrim(pad: number): number {
    if (!this.top) return 0;
    const topSize = this.chunksize(this.top);
    const topArea = topSize - MINSIZE - 1;
    if (topArea <= pad) return 0;
    const extra = alignDown(topArea - pad, PAGE);
    if (extra === 0) return 0;
    const cur = this.sbrk(0);
    if (cur === this.top + topSize) {
      this.sbrk(-extra);
      const nw = this.sbrk(0);
      const released = cur - nw;
      if (released) {
        this.systemMem -= released;
        this.setHead(this.top, (topSize - released) | PREV_INUSE);
        return 1;
      }
    }
    return 0;
  }

  private intFree(p: number) {
    const size = this.chunksize(p);
    if (p > 2 ** 64 - size || p % ALIGN) this.err('free(): invalid pointer');
    if (size < MINSIZE || size % ALIGN) this.err('free(): invalid size');
    const tcIdx = csize2tidx(size);
    if (this.tcache && tcIdx < TCACHE_BINS) {
      const e = p + HDR;
      if (this.v236) {
        const key = this.host.mm.read(e + 8, 8);
        if (key.every((b, i) => b === this.tcacheKey[i])) {
          const list = this.tc[tcIdx]!;
          if (list.length >= 7 + 1) this.err('free(): too many chunks detected in tcache');
          if (list.includes(e)) this.err('free(): double free detected in tcache 2');
        }
      }
      if (this.tc[tcIdx]!.length < 7) { this.tcachePut(p, tcIdx); return; }
    }
    if (size <= this.maxFast) {
      const nsz = this.sizeNomask(p + size);
      if (nsz <= HDR || this.chunksize(p + size) >= this.systemMem) this.err('free(): invalid next size (fast)');
      this.perturbFree(p, size);
      this.haveFastchunks = true;
      const fb = this.fast[fastbinIndex(size)]!;
      if (fb[0] === p) this.err('double free or corruption (fasttop)');
      if (fb.length && fastbinIndex(this.chunksize(fb[0]!)) !== fastbinIndex(size)) this.err('invalid fastbin entry (free)');
      const old = fb[0] ?? 0;
      this.wr(p + HDR, this.v236 ? xor(Math.floor((p + HDR) / 4096), old ? old + HDR : 0) : (old ? old + HDR : 0));
      fb.unshift(p);
      return;
    }
    if (this.isMmapped(p)) { this.munmapChunk(p); return; }
    const next = p + size;
    if (p === this.top) this.err('double free or corruption (top)');
    if (next >= this.top + this.chunksize(this.top)) this.err('double free or corruption (out)');
    if (!this.prevInuse(next)) this.err('double free or corruption (!prev)');
    const nextsize = this.chunksize(next);
    if (this.sizeNomask(next) <= HDR || nextsize >= this.systemMem) this.err('free(): invalid next size (normal)');
    this.perturbFree(p, size);
    this.mergeChunk(p, size);
  }

  private perturbFree(p: number, size: number) {
    if (this.perturb) this.host.mm.fill(p + HDR, this.perturb & 0xff, size - HDR);
  }

  /** _int_free_merge_chunk + _int_free_create_chunk + _int_free_maybe_consolidate. */
  private mergeChunk(p0: number, size0: number) {
    const size = this.coalesce(p0, size0, 'corrupted size vs. prev_size while consolidating');
    if (size >= FASTBIN_CONSOLIDATION_THRESHOLD) {
      if (this.haveFastchunks) this.mallocConsolidate();
      if (this.chunksize(this.top) >= this.trimThreshold) this.systrim(this.topPad);
    }
  }

  /**
   * Merges a free chunk with its free neighbours, then puts it in the unsorted bin or into top (the step free
   * and malloc_consolidate share in glibc). Returns the merged size; `prevError` is the caller's corruption text.
   */
  private coalesce(p0: number, size0: number, prevError: string): number {
    let p = p0, size = size0;
    const next = p0 + size0;
    const nextsize = this.chunksize(next);
    if (!this.prevInuse(p)) {
      const prevsize = this.rd(p);
      size += prevsize;
      p -= prevsize;
      if (this.chunksize(p) !== prevsize) this.err(prevError);
      this.unlinkChunk(p);
    }
    if (next !== this.top) {
      if (!this.inuseAt(next, nextsize)) { this.unlinkChunk(next); size += nextsize; } else this.clearInuseAt(next, 0);
      this.setHead(p, size | PREV_INUSE);
      this.setFoot(p, size);
      this.binFront(1, p);
    } else {
      size += nextsize;
      this.setHead(p, size | PREV_INUSE);
      this.top = p;
    }
    return size;
  }

  private mallocConsolidate() {
    this.haveFastchunks = false;
    for (let i = 0; i < NFASTBINS; i++) {
      const fb = this.fast[i]!;
      for (const p of fb.splice(0)) {
        if (fastbinIndex(this.chunksize(p)) !== i) this.err('malloc_consolidate(): invalid chunk size');
        this.coalesce(p, this.chunksize(p), 'corrupted size vs. prev_size in fastbins');
      }
    }
  }

  private intRealloc(oldp: number, oldsize: number, nb: number): number {
    if (this.sizeNomask(oldp) <= HDR || oldsize >= this.systemMem) this.err('realloc(): invalid old size');
    const next = oldp + oldsize;
    const nextsize = this.chunksize(next);
    if (this.sizeNomask(next) <= HDR || nextsize >= this.systemMem) this.err('realloc(): invalid next size');
    let newp: number, newsize: number;
    if (oldsize >= nb) { newp = oldp; newsize = oldsize; }
    else if (next === this.top && oldsize + nextsize >= nb + MINSIZE) {
      this.setHeadSize(oldp, nb);
      this.top = oldp + nb;
      this.setHead(this.top, (oldsize + nextsize - nb) | PREV_INUSE);
      return oldp + HDR;
    } else if (next !== this.top && !this.inuseAt(next, nextsize) && oldsize + nextsize >= nb) {
      newp = oldp; newsize = oldsize + nextsize;
      this.unlinkChunk(next);
    } else {
      const newmem = this.intMalloc(nb - ALIGN);
      if (!newmem) return 0;
      const np = newmem - HDR;
      if (np === next) { newsize = this.chunksize(np) + oldsize; newp = oldp; }
      else {
        this.copy(newmem, oldp + HDR, oldsize - SIZE_SZ);
        this.intFree(oldp);
        return newmem;
      }
    }
    const rsize = newsize - nb;
    if (rsize < MINSIZE) {
      this.setHeadSize(newp, newsize);
      this.setInuseAt(newp, newsize);
    } else {
      const rem = newp + nb;
      this.setHeadSize(newp, nb);
      this.setHead(rem, rsize | PREV_INUSE);
      this.setInuseAt(rem, rsize);
      this.intFree(rem);
    }
    return newp + HDR;
  }

  private intMemalign(alignment: number, bytes: number): number {
    if (bytes >= MAX_SIZE) return 0;
    const nb = request2size(bytes);
    const m = this.intMalloc(nb + alignment + MINSIZE);
    if (!m) return 0;
    let p = m - HDR;
    if (m % alignment !== 0) {
      let brk = alignUp(m, alignment) - HDR;
      if (brk - p < MINSIZE) brk += alignment;
      const newp = brk;
      const leadsize = brk - p;
      const newsize = this.chunksize(p) - leadsize;
      if (this.isMmapped(p)) {
        this.wr(newp, this.rd(p) + leadsize);
        this.setHead(newp, newsize | IS_MMAPPED);
        return newp + HDR;
      }
      this.setHead(newp, newsize | PREV_INUSE);
      this.setInuseAt(newp, newsize);
      this.setHeadSize(p, leadsize);
      this.intFree(p);
      p = newp;
    }
    if (!this.isMmapped(p)) {
      const size = this.chunksize(p);
      if (size > nb + MINSIZE) {
        const rem = p + nb;
        this.setHead(rem, (size - nb) | PREV_INUSE);
        this.setHeadSize(p, nb);
        this.intFree(rem);
      }
    }
    return p + HDR;
  }

  private munmapChunk(p: number) {
    const size = this.chunksize(p);
    const prev = this.rd(p);
    const block = p - prev;
    const total = prev + size;
    if ((block | total) % PAGE !== 0 || block % PAGE || total % PAGE) this.err('munmap_chunk(): invalid pointer');
    this.nMmaps--;
    this.mmappedMem -= total;
    this.host.syscalls.munmap(block, total);
  }

  private mremapChunk(p: number, nbIn: number): number {
    const offset = this.rd(p);
    const size = this.chunksize(p);
    if ((p - offset) % PAGE || (size + offset) % PAGE) this.err('mremap_chunk(): invalid pointer');
    const newSize = alignUp(nbIn + offset + SIZE_SZ, PAGE);
    if (size + offset === newSize) return p;
    let cp: number;
    try { cp = this.host.syscalls.mremap(p - offset, size + offset, newSize, 1); } catch (e) {
      if (e instanceof SysError) return 0;
      throw e;
    }
    const np = cp + offset;
    this.setHead(np, (newSize - offset) | IS_MMAPPED);
    this.mmappedMem += newSize - size - offset;
    if (this.mmappedMem > this.maxMmappedMem) this.maxMmappedMem = this.mmappedMem;
    return np;
  }

  private copy(dst: number, src: number, n: number) {
    if (n > 0) this.host.mm.write(dst, this.host.mm.read(src, n));
  }
}

/** 64-bit xor of two addresses below 2^53 (PROTECT_PTR). */
function xor(a: number, b: number): number {
  const hiA = Math.floor(a / 2 ** 32), hiB = Math.floor(b / 2 ** 32);
  return ((hiA ^ hiB) >>> 0) * 2 ** 32 + (((a >>> 0) ^ (b >>> 0)) >>> 0);
}

export { NON_MAIN_ARENA, FLAGS };
