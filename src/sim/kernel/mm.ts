// A process's address space (Linux's mm_struct): VMAs sorted by address, 4 KiB pages tracked per VMA as
// they become resident (touched) and dirty (written), brk, the mmap layout, and the memory system calls
// with Linux's semantics and errno values (mm/mmap.c, mm/mprotect.c, mm/madvise.c).
// Pages cost nothing until touched; a touched page that holds one byte value everywhere stays a number.
import { SysError } from './errno.ts';
import type { FileInode } from '../fs/inode.ts';

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
export const PROT_NONE = 0, PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
export const MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_FIXED = 0x10, MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x100, MAP_DENYWRITE = 0x800, MAP_NORESERVE = 0x4000, MAP_POPULATE = 0x8000;
export const MAP_STACK = 0x20000, MAP_FIXED_NOREPLACE = 0x100000;
export const MADV_DONTNEED = 4;

/** x86-64 with 4-level paging: user space ends at 0x7ffffffff000 (TASK_SIZE_MAX). */
export const TASK_SIZE = 0x7ffffffff000;
/** vm.mmap_min_addr default (65536): nothing may be mapped below it. */
export const MMAP_MIN_ADDR = 0x10000;
/** The guard gap Linux keeps below a stack VMA (stack_guard_gap = 256 pages). */
export const STACK_GUARD_GAP = 256 * PAGE_SIZE;

export const pageAlignDown = (a: number) => a - (a % PAGE_SIZE);
export const pageAlignUp = (a: number) => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

export interface FileBacking {
  /** Absolute path (what /proc/PID/maps prints). */
  path: string;
  node: FileInode;
  /** Device and inode numbers for maps (major:minor inode). */
  dev: number;
  ino: number;
}

/** Kernel-named special mappings. [heap] and [stack] are derived from brk and the stack's position. */
export type SpecialName = '[vvar]' | '[vvar_vclock]' | '[vdso]';

/** A resident page: its bytes (materialised on the first write of a varied value) or one fill byte. */
export interface Page {
  data: Uint8Array | undefined;
  fill: number;
  dirty: boolean;
  /** Still the file's page (page cache), not a private anonymous copy. */
  file: boolean;
}

/** Whether every byte is zero, a 32-bit word at a time (a file's hole faults in a page of them: 32 MiB of them in the copy lab). */
function allZero(b: Uint8Array): boolean {
  let i = 0;
  if (b.byteOffset % 4 === 0) {
    const words = new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2);
    for (let k = 0; k < words.length; k++) if (words[k] !== 0) return false;
    i = words.length << 2;
  }
  for (; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

export class Vma {
  start: number;
  end: number;
  prot: number;
  /** MAP_SHARED or MAP_PRIVATE, plus MAP_GROWSDOWN for the stack. */
  flags: number;
  file: FileBacking | undefined;
  /** File offset of `start` (bytes). */
  offset: number;
  special: SpecialName | undefined;
  /** Resident pages by virtual page number. */
  pages = new Map<number, Page>();
  /** The syscall that created or last changed this VMA (for the memory-map view). */
  origin = '';
  /** Made by brk: Linux keeps it apart from the executable's .bss mapping even when they touch. */
  brkArea = false;
  /** VM_ACCOUNT: a private mapping that is or was writable (smaps VmFlags "ac"). */
  account = false;
  /** Mapped with MAP_DENYWRITE (executables and libraries; Linux 4.15 shows "dw"). */
  denywrite = false;

  constructor(start: number, end: number, prot: number, flags: number, file?: FileBacking, offset = 0, special?: SpecialName) {
    this.start = start;
    this.end = end;
    this.prot = prot;
    this.flags = flags;
    this.file = file;
    this.offset = offset;
    this.special = special;
  }
  get size() { return this.end - this.start; }
  get shared() { return (this.flags & MAP_SHARED) !== 0; }
  get anonymous() { return !this.file && !this.special; }
  /** Counts of resident and dirty pages (pmap -x RSS and Dirty columns). */
  residency() {
    let dirty = 0, anon = 0;
    for (const p of this.pages.values()) { if (p.dirty) dirty++; if (!p.file) anon++; }
    return { rss: this.pages.size, dirty, anon };
  }
  /** Whether `next` (starting at our end) could be merged into this VMA (vma_merge's conditions). */
  canMerge(next: Vma): boolean {
    if (next.start !== this.end || next.prot !== this.prot || next.flags !== this.flags || next.special || this.special) return false;
    if (this.brkArea !== next.brkArea || this.account !== next.account) return false;
    if (!this.file && !next.file) return true;
    return !!this.file && !!next.file && this.file.node === next.file.node && this.offset + this.size === next.offset;
  }
  /** Splits at `addr`, returning the upper part (pages move with their addresses). */
  splitAt(addr: number): Vma {
    const upper = new Vma(addr, this.end, this.prot, this.flags, this.file, this.offset + (addr - this.start), this.special);
    upper.origin = this.origin;
    upper.brkArea = this.brkArea;
    upper.account = this.account;
    upper.denywrite = this.denywrite;
    const firstUpper = addr / PAGE_SIZE;
    for (const [vpn, p] of this.pages) if (vpn >= firstUpper) { upper.pages.set(vpn, p); this.pages.delete(vpn); }
    this.end = addr;
    return upper;
  }
}

export interface Layout {
  /** Top of the mmap area (top-down allocation starts below it). */
  mmapBase: number;
  /** Start of the program break (end of bss, page-aligned, randomised with ASLR). */
  startBrk: number;
  /** Address of the initial stack pointer's page region (the VMA holding it is [stack]). */
  startStack: number;
  /** RLIMIT_STACK (8 MiB). */
  stackRlimit: number;
}

/** SI_KERNEL: a general-protection fault (a jump to a non-canonical address), reported without an address. */
export type FaultKind = 'SEGV_MAPERR' | 'SEGV_ACCERR' | 'SI_KERNEL';
/** A memory access the process may not make: the kernel turns it into SIGSEGV. */
export class Fault extends Error {
  readonly addr: number;
  readonly kind: FaultKind;
  constructor(addr: number, kind: FaultKind) { super(`fault at 0x${addr.toString(16)} (${kind})`); this.addr = addr; this.kind = kind; }
}

/**
 * The kernel's side of paging (kernel.ts gives each process's address space one): the page cache decides
 * whether a file page is in memory, the cost model charges the fault. Bare address spaces (unit tests) have none.
 */
export interface PagingHooks {
  /** A page became resident: `file` undefined for anonymous memory, `index` its page in the file. True: major fault. */
  fault(file: FileInode | undefined, index: number, write: boolean, shared: boolean): boolean;
  /** A dirty MAP_SHARED page reached its file (munmap, exit): its page-cache page is dirty now. */
  wroteBack(file: FileInode, index: number): void;
}

export type VmaChange = { op: 'map' | 'unmap' | 'protect' | 'brk' | 'grow'; start: number; end: number; origin: string };

export class AddressSpace {
  /** VMAs sorted by start, never overlapping. */
  vmas: Vma[] = [];
  mmapBase = 0;
  startBrk = 0;
  brk = 0;
  startStack = 0;
  stackRlimit = 8 << 20;
  /** RLIMIT_AS in bytes (Infinity: none); set at exec from the process's limits, checked as may_expand_vm does. */
  asLimit = Infinity;
  /** Faults that found their page in memory (minflt) or had to read it from disk (majflt): /proc/PID/stat. */
  minflt = 0;
  majflt = 0;
  /** The page cache and the cost model (set by the kernel when the process execs or forks). */
  paging: PagingHooks | undefined;
  /** Listener for VMA changes (the machine's event stream). */
  onChange: ((c: VmaChange) => void) | undefined;

  setLayout(l: Layout) {
    this.mmapBase = l.mmapBase;
    this.startBrk = this.brk = l.startBrk;
    this.startStack = l.startStack;
    this.stackRlimit = l.stackRlimit;
  }

  // ---- lookup --------------------------------------------------------------------------------------------
  /** Index of the first VMA whose end is above `addr` (find_vma). */
  private indexAbove(addr: number): number {
    let lo = 0, hi = this.vmas.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vmas[mid]!.end <= addr) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  /** The VMA containing `addr`, if any. */
  find(addr: number): Vma | undefined {
    const v = this.vmas[this.indexAbove(addr)];
    return v && v.start <= addr ? v : undefined;
  }
  get totalBytes() { let t = 0; for (const v of this.vmas) t += v.size; return t; }

  /** may_expand_vm: whether `bytes` more of address space stay within RLIMIT_AS (`freed`: what the call unmaps). */
  private mayExpand(bytes: number, freed = 0): boolean {
    return this.asLimit === Infinity || this.totalBytes - freed + bytes <= this.asLimit;
  }

  private overlap(start: number, end: number): number {
    let n = 0;
    for (const v of this.vmas) n += Math.max(0, Math.min(end, v.end) - Math.max(start, v.start));
    return n;
  }
  get heap(): Vma | undefined {
    const v = this.find(this.startBrk);
    return v && v.brkArea ? v : undefined;
  }
  /** The name /proc/PID/maps prints for a VMA. */
  nameOf(v: Vma): string {
    if (v.file) return v.file.path;
    if (v.special) return v.special;
    if (v.start <= this.startStack && this.startStack < v.end) return '[stack]';
    if (v.brkArea) return '[heap]';
    return '';
  }

  // ---- placement -----------------------------------------------------------------------------------------
  /** get_unmapped_area, top-down: the highest gap below mmap_base that fits `len`; or the hint if free. */
  unmappedArea(len: number, hint = 0): number {
    if (len > TASK_SIZE - MMAP_MIN_ADDR) throw new SysError('ENOMEM');
    if (hint) {
      const a = pageAlignDown(hint);
      if (a >= MMAP_MIN_ADDR && a + len <= TASK_SIZE && this.isFree(a, a + len)) return a;
    }
    let high = this.mmapBase;
    let i = this.vmas.length - 1;
    while (i >= 0 && this.vmas[i]!.start >= high) i--; // VMAs above mmap_base (stack, ld.so) are not gaps
    for (;;) {
      const prev = i >= 0 ? this.vmas[i]! : undefined;
      if (prev && prev.end > high) { high = prev.start; i--; continue; }
      const low = Math.max(prev ? prev.end : 0, MMAP_MIN_ADDR);
      const above = this.vmas[i + 1];
      const top = above && above.flags & MAP_GROWSDOWN && above.start === high ? high - STACK_GUARD_GAP : high;
      if (top - low >= len) return top - len;
      if (!prev) break;
      high = prev.start;
      i--;
    }
    throw new SysError('ENOMEM');
  }

  isFree(start: number, end: number): boolean {
    const v = this.vmas[this.indexAbove(start)];
    return !v || v.start >= end;
  }

  // ---- the system calls ------------------------------------------------------------------------------
  /** mmap(2). Returns the address. `file` must be given for file mappings (fd checks done by the caller). */
  mmap(addr: number, length: number, prot: number, flags: number, file?: FileBacking, offset = 0, origin = 'mmap'): number {
    if (length <= 0) throw new SysError('EINVAL');
    if (offset % PAGE_SIZE) throw new SysError('EINVAL');
    const type = flags & (MAP_SHARED | MAP_PRIVATE);
    if (type !== MAP_SHARED && type !== MAP_PRIVATE) throw new SysError('EINVAL');
    const len = pageAlignUp(length);
    let start: number;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
      if (addr % PAGE_SIZE) throw new SysError('EINVAL');
      if (addr < MMAP_MIN_ADDR && addr + len > 0) throw new SysError('EPERM');
      if (addr + len > TASK_SIZE) throw new SysError('ENOMEM');
      if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !this.isFree(addr, addr + len)) throw new SysError('EEXIST');
      if (!this.mayExpand(len, this.asLimit === Infinity ? 0 : this.overlap(addr, addr + len))) throw new SysError('ENOMEM');
      start = addr;
      this.unmapRange(start, start + len);
    } else {
      if (!this.mayExpand(len)) throw new SysError('ENOMEM');
      start = this.unmappedArea(len, addr);
    }
    const keep = flags & (MAP_SHARED | MAP_PRIVATE | MAP_GROWSDOWN);
    const v = new Vma(start, start + len, prot, keep, flags & MAP_ANONYMOUS ? undefined : file, flags & MAP_ANONYMOUS ? 0 : offset);
    v.origin = origin;
    v.account = !(flags & MAP_SHARED) && (prot & PROT_WRITE) !== 0;
    v.denywrite = (flags & MAP_DENYWRITE) !== 0;
    this.insert(v);
    this.onChange?.({ op: 'map', start, end: start + len, origin });
    return start;
  }

  /** A kernel-made mapping (vvar/vdso, the executable's segments during execve). */
  mapSpecial(start: number, len: number, prot: number, name: SpecialName, origin = 'execve') {
    const v = new Vma(start, start + len, prot, MAP_PRIVATE, undefined, 0, name);
    v.origin = origin;
    this.insert(v, false);
  }

  munmap(addr: number, length: number, origin = 'munmap') {
    if (addr % PAGE_SIZE || length <= 0 || addr + length > TASK_SIZE) throw new SysError('EINVAL');
    const end = addr + pageAlignUp(length);
    this.unmapRange(addr, end);
    this.onChange?.({ op: 'unmap', start: addr, end, origin });
  }

  mprotect(addr: number, length: number, prot: number, origin = 'mprotect') {
    if (addr % PAGE_SIZE) throw new SysError('EINVAL');
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) throw new SysError('EINVAL');
    const end = addr + pageAlignUp(length);
    if (end === addr) return;
    // The whole range must be mapped (ENOMEM otherwise), checked before anything changes.
    let cursor = addr;
    for (let i = this.indexAbove(addr); cursor < end; i++) {
      const v = this.vmas[i];
      if (!v || v.start > cursor) throw new SysError('ENOMEM');
      cursor = v.end;
    }
    for (const v of this.slice(addr, end)) {
      if ((prot & PROT_WRITE) && v.shared && v.file && !(v.file.node.mode & 0o222) && !(v.prot & PROT_WRITE)) throw new SysError('EACCES');
      v.prot = prot;
      v.origin = origin;
      if (!v.shared && prot & PROT_WRITE) v.account = true;
    }
    this.mergeAround(addr, end);
    this.onChange?.({ op: 'protect', start: addr, end, origin });
  }

  /**
   * mremap(2) of a whole private anonymous or file mapping: shrinks in place, grows in place when the pages
   * above are free, else (MREMAP_MAYMOVE) moves the VMA and its pages to a new area (get_unmapped_area).
   */
  mremap(addr: number, oldLen: number, newLen: number, mayMove: boolean, origin = 'mremap'): number {
    if (addr % PAGE_SIZE || newLen <= 0) throw new SysError('EINVAL');
    const oldEnd = addr + pageAlignUp(oldLen), len = pageAlignUp(newLen);
    const v = this.find(addr);
    if (!v || v.end < oldEnd) throw new SysError('EFAULT');
    if (len <= oldEnd - addr) {
      if (len < oldEnd - addr) this.munmap(addr + len, oldEnd - addr - len, origin);
      return addr;
    }
    if (!this.mayExpand(len - (oldEnd - addr))) throw new SysError('ENOMEM');
    if (v.end === oldEnd && this.isFree(oldEnd, addr + len) && addr + len <= TASK_SIZE) {
      const [part] = this.slice(addr, oldEnd);
      part!.end = addr + len;
      this.mergeAround(addr, addr + len);
      this.onChange?.({ op: 'map', start: oldEnd, end: addr + len, origin });
      return addr;
    }
    if (!mayMove) throw new SysError('ENOMEM');
    const to = this.unmappedArea(len);
    const [part] = this.slice(addr, oldEnd);
    const moved = new Vma(to, to + len, part!.prot, part!.flags, part!.file, part!.offset);
    moved.origin = origin;
    moved.account = part!.account;
    for (const [vpn, pg] of part!.pages) moved.pages.set(vpn - addr / PAGE_SIZE + to / PAGE_SIZE, pg);
    this.unmapRange(addr, oldEnd);
    this.insert(moved);
    this.onChange?.({ op: 'unmap', start: addr, end: oldEnd, origin });
    this.onChange?.({ op: 'map', start: to, end: to + len, origin });
    return to;
  }

  /** brk(2): returns the new break, or the old one when the request cannot be met (as Linux does). */
  setBrk(newBrk: number, origin = 'brk'): number {
    if (newBrk < this.startBrk) return this.brk;
    const oldEnd = pageAlignUp(this.brk), newEnd = pageAlignUp(newBrk);
    if (newEnd === oldEnd) { this.brk = newBrk; return this.brk; }
    if (newEnd < oldEnd) {
      this.unmapRange(newEnd, oldEnd);
      this.brk = newBrk;
      this.onChange?.({ op: 'brk', start: newEnd, end: oldEnd, origin });
      return this.brk;
    }
    // Growing: within RLIMIT_AS, and the new pages must be free with a page of room (check_brk_limits /
    // find_vma_intersection).
    if (!this.mayExpand(newEnd - oldEnd)) return this.brk;
    const next = this.vmas[this.indexAbove(oldEnd)];
    if (next && next.start < newEnd + PAGE_SIZE) return this.brk;
    const prev = this.find(oldEnd - 1);
    if (prev && prev.brkArea && prev.end === oldEnd) {
      prev.end = newEnd;
      prev.origin = origin;
    } else {
      const v = new Vma(oldEnd, newEnd, PROT_READ | PROT_WRITE, MAP_PRIVATE);
      v.origin = origin;
      v.brkArea = true;
      v.account = true;
      this.insert(v);
    }
    this.brk = newBrk;
    this.onChange?.({ op: 'brk', start: oldEnd, end: newEnd, origin });
    return this.brk;
  }

  madvise(addr: number, length: number, advice: number) {
    if (addr % PAGE_SIZE) throw new SysError('EINVAL');
    const end = addr + pageAlignUp(length);
    if (advice !== MADV_DONTNEED) return; // other advice changes nothing we model
    let mapped = false;
    for (const v of this.vmas) {
      if (v.end <= addr || v.start >= end) continue;
      mapped = true;
      for (let vpn = Math.max(v.start, addr) / PAGE_SIZE; vpn < Math.min(v.end, end) / PAGE_SIZE; vpn++) v.pages.delete(vpn);
    }
    if (!mapped) throw new SysError('ENOMEM');
  }

  // ---- faults and memory contents ---------------------------------------------------------------------
  /**
   * Makes the page holding `addr` resident for an access (handle_mm_fault), growing the stack down when the
   * access is just below it. Throws Fault for SIGSEGV.
   */
  fault(addr: number, write: boolean, exec = false): Page {
    let v = this.find(addr);
    if (!v) v = this.growStack(addr);
    if (!v) throw new Fault(addr, 'SEGV_MAPERR');
    const need = exec ? PROT_EXEC : write ? PROT_WRITE : PROT_READ;
    if (!(v.prot & need)) throw new Fault(addr, 'SEGV_ACCERR');
    const vpn = Math.floor(addr / PAGE_SIZE);
    const p = v.pages.get(vpn) ?? this.populate(v, vpn, write);
    if (write) {
      if (p.file && !v.shared) { p.file = false; if (p.data) p.data = p.data.slice(); } // copy-on-write
      p.dirty = true;
    }
    return p;
  }

  /** A new resident page: zero for anonymous memory, the file's bytes for a file mapping. */
  private populate(v: Vma, vpn: number, write: boolean): Page {
    const index = v.file ? (v.offset + (vpn * PAGE_SIZE - v.start)) / PAGE_SIZE : vpn;
    if (this.paging?.fault(v.file?.node, index, write, v.shared)) this.majflt++; else this.minflt++;
    const p: Page = { data: undefined, fill: 0, dirty: false, file: !!v.file };
    if (v.file) {
      const bytes = v.file.node.data;
      const off = v.offset + (vpn * PAGE_SIZE - v.start);
      if (off < bytes.length && off < v.file.node.size) {
        const chunk = bytes.subarray(off, Math.min(off + PAGE_SIZE, v.file.node.size));
        if (!allZero(chunk)) { p.data = new Uint8Array(PAGE_SIZE); p.data.set(chunk); }
      }
    }
    v.pages.set(vpn, p);
    return p;
  }

  /**
   * Touches `len` bytes from `addr` for reading or writing (the loader and program models use it). Same
   * semantics as a fault per page, but looks each VMA up once: starting a program touches thousands of pages.
   */
  touch(addr: number, len: number, write: boolean) {
    let a = pageAlignDown(addr);
    const end = addr + len;
    while (a < end) {
      const v = this.find(a);
      if (!v) { this.fault(a, write); a += PAGE_SIZE; continue; } // stack growth or SIGSEGV
      if (!(v.prot & (write ? PROT_WRITE : PROT_READ))) throw new Fault(a, 'SEGV_ACCERR');
      const stop = Math.min(end, v.end);
      for (; a < stop; a += PAGE_SIZE) {
        const vpn = a / PAGE_SIZE;
        const p = v.pages.get(vpn) ?? this.populate(v, vpn, write);
        if (write) {
          if (p.file && !v.shared) { p.file = false; if (p.data) p.data = p.data.slice(); }
          p.dirty = true;
        }
      }
    }
  }

  read(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let off = 0;
    while (off < len) {
      const a = addr + off;
      const p = this.fault(a, false);
      const inPage = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - inPage, len - off);
      if (p.data) out.set(p.data.subarray(inPage, inPage + n), off); else if (p.fill) out.fill(p.fill, off, off + n);
      off += n;
    }
    return out;
  }

  write(addr: number, bytes: Uint8Array) {
    let off = 0;
    while (off < bytes.length) {
      const a = addr + off;
      const p = this.fault(a, true);
      const inPage = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - inPage, bytes.length - off);
      const src = bytes.subarray(off, off + n);
      if (!p.data) {
        // A whole page of one value stays compact (memset of a big buffer costs a number per page).
        if (n === PAGE_SIZE && src.every((b) => b === src[0])) { p.fill = src[0]!; off += n; continue; }
        p.data = new Uint8Array(PAGE_SIZE);
        if (p.fill) p.data.fill(p.fill);
      }
      p.data.set(src, inPage);
      off += n;
    }
  }

  /** memset: fills without materialising whole pages. */
  fill(addr: number, value: number, len: number) {
    let off = 0;
    while (off < len) {
      const a = addr + off;
      const p = this.fault(a, true);
      const inPage = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - inPage, len - off);
      if (n === PAGE_SIZE) { p.data = undefined; p.fill = value & 0xff; }
      else {
        if (!p.data) { p.data = new Uint8Array(PAGE_SIZE); if (p.fill) p.data.fill(p.fill); }
        p.data.fill(value, inPage, inPage + n);
      }
      off += n;
    }
  }

  /** fork: a copy of every VMA; pages are shared copy-on-write (both sides copy before writing). */
  clone(): AddressSpace {
    const mm = new AddressSpace();
    mm.mmapBase = this.mmapBase; mm.startBrk = this.startBrk; mm.brk = this.brk;
    mm.startStack = this.startStack; mm.stackRlimit = this.stackRlimit; mm.asLimit = this.asLimit;
    mm.paging = this.paging; // the kernel gives the child its own at fork
    for (const v of this.vmas) {
      const c = new Vma(v.start, v.end, v.prot, v.flags, v.file, v.offset, v.special);
      c.origin = v.origin;
      c.brkArea = v.brkArea;
      c.account = v.account;
      c.denywrite = v.denywrite;
      for (const [vpn, p] of v.pages) {
        const copy = { ...p, data: p.data ? p.data.slice() : undefined };
        c.pages.set(vpn, copy);
      }
      mm.vmas.push(c);
    }
    return mm;
  }

  // ---- internals -----------------------------------------------------------------------------------------
  /** Stack growth (expand_stack): an access below the stack VMA within RLIMIT_STACK extends it. */
  private growStack(addr: number): Vma | undefined {
    const i = this.indexAbove(addr);
    const v = this.vmas[i];
    if (!v || !(v.flags & MAP_GROWSDOWN) || addr >= v.start) return undefined;
    const newStart = pageAlignDown(addr);
    if (v.end - newStart > this.stackRlimit || !this.mayExpand(v.start - newStart)) return undefined; // acct_stack_growth
    const prev = this.vmas[i - 1];
    if (prev && newStart - prev.end < STACK_GUARD_GAP && !(prev.flags & MAP_GROWSDOWN)) return undefined;
    v.start = newStart;
    this.onChange?.({ op: 'grow', start: newStart, end: v.end, origin: 'stack growth' });
    return v;
  }

  /** Inserts a VMA (its range must be free) and merges it with compatible anonymous neighbours. */
  private insert(v: Vma, merge = true) {
    const i = this.indexAbove(v.start);
    this.vmas.splice(i, 0, v);
    if (merge) this.mergeAround(v.start, v.end);
  }

  /** Splits VMAs at `start` and `end` and returns those inside [start, end). */
  private slice(start: number, end: number): Vma[] {
    let i = this.indexAbove(start);
    const out: Vma[] = [];
    for (; i < this.vmas.length; i++) {
      let v = this.vmas[i]!;
      if (v.start >= end) break;
      if (v.start < start) {
        const upper = v.splitAt(start);
        this.vmas.splice(i + 1, 0, upper);
        continue; // the upper part is examined next
      }
      if (v.end > end) {
        const upper = v.splitAt(end);
        this.vmas.splice(i + 1, 0, upper);
        v = this.vmas[i]!;
      }
      out.push(v);
    }
    return out;
  }

  /**
   * Writes the dirty pages of MAP_SHARED file mappings back into their files (what munmap, msync and exit
   * achieve through the page cache), never past the file's current size.
   */
  writeBackShared(vmas: Iterable<Vma> = this.vmas) {
    for (const v of vmas) {
      if (!v.shared || !v.file) continue;
      const node = v.file.node;
      for (const [vpn, p] of v.pages) {
        if (!p.dirty) continue;
        const off = v.offset + (vpn * PAGE_SIZE - v.start);
        const n = Math.min(PAGE_SIZE, node.size - off);
        if (n <= 0) continue;
        if (off + n > node.data.length) {
          const grown = new Uint8Array(node.size);
          grown.set(node.data.subarray(0, Math.min(node.data.length, node.size)));
          node.data = grown;
        }
        if (p.data) node.data.set(p.data.subarray(0, n), off); else node.data.fill(p.fill, off, off + n);
        p.dirty = false;
        this.paging?.wroteBack(node, off / PAGE_SIZE);
      }
    }
  }

  private unmapRange(start: number, end: number) {
    const doomed = new Set(this.slice(start, end));
    this.writeBackShared(doomed);
    if (doomed.size) this.vmas = this.vmas.filter((v) => !doomed.has(v));
  }

  /** vma_merge: joins neighbours in [start-1, end+1] that are compatible. */
  private mergeAround(start: number, end: number) {
    let i = Math.max(0, this.indexAbove(start) - 1);
    while (i < this.vmas.length - 1) {
      const a = this.vmas[i]!, b = this.vmas[i + 1]!;
      if (a.start > end) break;
      if (a.canMerge(b)) {
        for (const [vpn, p] of b.pages) a.pages.set(vpn, p);
        a.end = b.end;
        this.vmas.splice(i + 1, 1);
      } else i++;
    }
  }
}
