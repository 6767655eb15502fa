// The user-space half of starting a dynamically linked program: a model of glibc's ld.so that makes the
// same system calls in the same order as the real one of the profile (rtld.c, dl-load.c, dl-map-segments.h),
// so that strace shows them and the address space ends up as pmap shows it: ld.so.cache mapped and later
// unmapped, each DT_NEEDED library opened, reserved with one mmap and overlaid segment by segment, holes
// made PROT_NONE (glibc 2.27 with 2 MiB-aligned libraries), .bss as anonymous memory, TLS, RELRO mprotects.
import { stackLimitText } from '../kernel/rlimits.ts';
import type { Syscalls } from '../kernel/syscalls.ts';
import { MAP_ANONYMOUS, MAP_DENYWRITE, MAP_FIXED, MAP_PRIVATE, PAGE_SIZE, PROT_NONE, PROT_READ, PROT_WRITE, pageAlignDown, pageAlignUp } from '../kernel/mm.ts';
import { O_CLOEXEC, O_RDONLY } from '../kernel/files.ts';
import { fmt } from '../kernel/trace.ts';
import { ERRNO, SysError, strerror } from '../kernel/errno.ts';
import type { ElfInfo, Phdr } from './elf.ts';
import { loads, protOf } from './exec.ts';
import type { ProfileImages, ResidentFigures } from './images/types.ts';
import type { ProfileName } from './profiles.ts';

export interface LoadedObject {
  name: string;
  path: string;
  elf: ElfInfo;
  base: number;
}

export interface LinkResult {
  objects: LoadedObject[];
  /** Address of the thread pointer (fs base): libc's TLS lives below it. */
  tp: number;
}

const EHDR_READ = 832; // glibc reads this much of the file first (sizeof(ElfW(Ehdr)) + room for phdrs)
const PHDR_SIZE = 56;

/** Libraries to load: breadth-first over DT_NEEDED, each once (as _dl_map_object_deps orders them). */
export function dependencyOrder(exe: ElfInfo, images: ProfileImages): string[] {
  const order: string[] = [];
  const queue = [...exe.needed];
  while (queue.length) {
    const name = queue.shift()!;
    if (order.includes(name) || name === 'ld-linux-x86-64.so.2') continue;
    const lib = images.libraries[name];
    if (!lib) throw new Error(`error while loading shared libraries: ${name}: cannot open shared object file: No such file or directory`);
    order.push(name);
    queue.push(...lib.elf.needed);
  }
  return order;
}

function relro(elf: ElfInfo): Phdr | undefined { return elf.phdrs.find((p) => p.type === 'GNU_RELRO'); }

/** mprotect of a RELRO segment, as _dl_protect_relro computes its page range. */
export function protectRelro(sys: Syscalls, base: number, elf: ElfInfo) {
  const r = relro(elf);
  if (!r) return;
  const start = pageAlignDown(base + r.vaddr);
  const end = pageAlignDown(base + r.vaddr + r.memsz);
  if (end > start) sys.mprotect(start, end - start, PROT_READ);
}

/** The contents of a library's first 832 bytes as the loader's read() shows them. */
function ehdrBytes(sys: Syscalls, fd: number) { return sys.pread(fd, EHDR_READ, undefined); }

/** Maps one shared object the way _dl_map_segments does for the profile's glibc. */
export function mapObject(sys: Syscalls, fd: number, elf: ElfInfo, glibc: '2.27' | '2.36'): number {
  const segs = loads(elf);
  const first = segs[0]!;
  const last = segs[segs.length - 1]!;
  const mapStart = pageAlignDown(first.vaddr);
  const mapLength = last.vaddr + last.memsz - mapStart;
  const base = sys.mmap(0, mapLength, protOf(first.flags), MAP_PRIVATE | MAP_DENYWRITE, fd, pageAlignDown(first.offset)) - mapStart;
  let prevEnd = base + pageAlignUp(first.vaddr + first.filesz);
  // The holes between segments stay reserved but inaccessible (glibc 2.27: mprotect PROT_NONE right away).
  if (glibc === '2.27' && segs.length > 1) {
    const next = base + pageAlignDown(segs[1]!.vaddr);
    if (next > prevEnd) sys.mprotect(prevEnd, next - prevEnd, PROT_NONE);
  }
  segs.forEach((ph, i) => {
    const start = base + pageAlignDown(ph.vaddr);
    const fileEnd = base + pageAlignUp(ph.vaddr + ph.filesz);
    if (i > 0) {
      if (glibc === '2.36' && start > prevEnd) sys.mprotect(prevEnd, start - prevEnd, PROT_NONE);
      sys.mmap(start, fileEnd - start, protOf(ph.flags), MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE, fd, pageAlignDown(ph.offset));
    }
    if (ph.memsz > ph.filesz) {
      const zeroEnd = base + ph.vaddr + ph.memsz;
      const dataEnd = base + ph.vaddr + ph.filesz;
      if (dataEnd % PAGE_SIZE && protOf(ph.flags) & PROT_WRITE) sys.mm.touch(dataEnd, 1, true); // memset of the partial page
      if (zeroEnd > fileEnd) sys.mmap(fileEnd, zeroEnd - fileEnd, protOf(ph.flags), MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
    }
    prevEnd = base + pageAlignUp(ph.vaddr + ph.memsz);
  });
  return base;
}

/**
 * Touches each segment as a typical run does (measured resident sizes), so RSS and Dirty look real. `fig`: the
 * figures measured for this object in the running program (ProfileImages.residentByProgram), which win.
 */
export function touchResident(sys: Syscalls, base: number, elf: ElfInfo, fig?: ResidentFigures) {
  const segs = loads(elf);
  const resident = fig?.residentKiB ?? elf.residentKiB;
  const bssKiB = fig ? fig.residentBssKiB : elf.residentBssKiB;
  segs.forEach((ph, i) => {
    const kib = resident?.[i];
    const start = base + pageAlignDown(ph.vaddr);
    const fileEnd = base + pageAlignUp(ph.vaddr + ph.filesz);
    const span = fileEnd - start;
    const bytes = Math.min(span, kib === undefined ? span : kib * 1024);
    if (bytes > 0) sys.mm.touch(start, bytes, false);
  });
  const r = relro(elf);
  if (r) sys.mm.touch(base + r.vaddr, r.memsz, true); // relocations write RELRO before it is protected
  for (const ph of segs) {
    if (!(protOf(ph.flags) & PROT_WRITE)) continue;
    const start = base + ph.vaddr;
    const relroEnd = r ? base + r.vaddr + r.memsz : start;
    const from = Math.max(start, relroEnd);
    const end = base + ph.vaddr + ph.filesz;
    if (end > from) sys.mm.touch(from, end - from, true); // .data, .got written at startup
  }
  // The anonymous .bss pages past the last segment's file pages that the run wrote (libc's 52K: 20K resident).
  const last = segs[segs.length - 1];
  if (last && bssKiB) {
    const fileEnd = base + pageAlignUp(last.vaddr + last.filesz);
    const memEnd = base + pageAlignUp(last.vaddr + last.memsz);
    if (memEnd > fileEnd) sys.mm.touch(fileEnd, Math.min(memEnd - fileEnd, bssKiB * 1024), true);
  }
}

/**
 * Runs the dynamic loader for `exe` (already mapped by execve at `exeBase`, with ld.so at `interpBase`).
 * Every system call goes through `sys`, so it is traced.
 */
export function runLdso(sys: Syscalls, profile: ProfileName, images: ProfileImages, exe: ElfInfo, exeBase: number, interpBase: number,
  measured?: Record<string, ResidentFigures>, exePath?: string, traceOnly = false): LinkResult {
  const glibc = profile === 'ubuntu-18.04' ? '2.27' : '2.36';
  const cacheSize = images.ldSoCacheSize;
  const objects: LoadedObject[] = [];
  sys.brk(0);
  let rtldHeap = 0;
  if (glibc === '2.36') rtldHeap = sys.mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  else sys.note('access', [fmt.str('/etc/ld.so.nohwcap'), 'F_OK'], sys.errnoOf('ENOENT'));
  sys.note('access', [fmt.str('/etc/ld.so.preload'), 'R_OK'], sys.errnoOf('ENOENT'));
  // Without the cache (no descriptor left: `ulimit -n`), ld.so goes on to its search path; so does the model.
  const cfd = ldTry(() => sys.openat('/etc/ld.so.cache', O_RDONLY | O_CLOEXEC));
  let cache = 0;
  if (cfd !== undefined) {
    sys.fstat(cfd, glibc === '2.36' ? 'newfstatat' : 'fstat');
    cache = sys.mmap(0, cacheSize, PROT_READ, MAP_PRIVATE, cfd, 0);
    sys.close(cfd);
  }

  for (const name of dependencyOrder(exe, images)) {
    const lib = images.libraries[name]!;
    if (glibc === '2.27') sys.note('access', [fmt.str('/etc/ld.so.nohwcap'), 'F_OK'], sys.errnoOf('ENOENT'));
    const fd = ldTry(() => sys.openat(lib.path, O_RDONLY | O_CLOEXEC), (code) => `${name}: cannot open shared object file: ${ldStrerror(code)}`)!;
    ehdrBytes(sys, fd);
    const phdrsFit = 64 + lib.elf.phdrs.length * PHDR_SIZE <= EHDR_READ;
    if (!phdrsFit) sys.pread(fd, lib.elf.phdrs.length * PHDR_SIZE, 64);
    sys.fstat(fd, glibc === '2.36' ? 'newfstatat' : 'fstat');
    if (!phdrsFit) sys.pread(fd, lib.elf.phdrs.length * PHDR_SIZE, 64);
    if (glibc === '2.27' && !rtldHeap) rtldHeap = sys.mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    const base = ldTry(() => mapObject(sys, fd, lib.elf, glibc), () => `${name}: failed to map segment from shared object`)!;
    sys.close(fd);
    objects.push({ name, path: lib.realPath, elf: lib.elf, base });
  }
  // glibc 2.27's minimal malloc (dl-minimal.c) mmaps "another page plus one extra" when its page runs out:
  // with three or more libraries the link maps and scope arrays overflow the first 8K, and the next 12K land
  // right below it (one 20K anonymous row in the chapter's bash, 8K in hello-dynamic).
  if (glibc === '2.27' && objects.length >= 3) sys.mmap(0, 12288, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  // Static TLS and the thread control block: glibc 2.36 mmaps them, 2.27 takes them from rtld's heap page.
  let tp: number;
  if (glibc === '2.36') {
    const tls = sys.mmap(0, 12288, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    tp = tls + 0x740;
    sys.mm.touch(tls, 8192, true);
    sys.note('arch_prctl', ['ARCH_SET_FS', fmt.hex(tp)], '0');
    sys.note('set_tid_address', [fmt.hex(tls + 0xa10)], String(sys.proc.pid));
    sys.note('set_robust_list', [fmt.hex(tls + 0xa20), '24'], '0');
    sys.note('rseq', [fmt.hex(tls + 0x1060), '0x20', '0', '0x53053053'], '0');
  } else {
    tp = rtldHeap + 0x14c0;
    sys.mm.touch(rtldHeap, 8192, true);
    sys.note('arch_prctl', ['ARCH_SET_FS', fmt.hex(tp)], '0');
  }
  if (glibc === '2.36') sys.mm.touch(rtldHeap, 4096, true); // rtld's malloc has used one page of it
  // LD_TRACE_LOADED_OBJECTS: ld.so lists the objects and exits before relocating anything.
  if (traceOnly) return { objects, tp };

  // Relocation done: RELRO becomes read-only, libraries in reverse load order, then the program, then ld.so.
  for (const o of [...objects].reverse()) { touchResident(sys, o.base, o.elf, measured?.[o.path]); protectRelro(sys, o.base, o.elf); }
  touchResident(sys, exeBase, exe, exePath ? measured?.[exePath] : undefined);
  protectRelro(sys, exeBase, exe);
  touchResident(sys, interpBase, images.ldso.elf, measured?.[images.libraries['ld-linux-x86-64.so.2']?.realPath ?? images.ldso.path]);
  protectRelro(sys, interpBase, images.ldso.elf);
  if (glibc === '2.36') sys.note('prlimit64', ['0', 'RLIMIT_STACK', 'NULL', stackLimitText(sys.proc)], '0');
  if (cache) sys.munmap(cache, cacheSize);
  return { objects, tp };
}

/**
 * A loader step that may fail for want of a resource (EMFILE under `ulimit -n`, ENOMEM under `ulimit -v`): with
 * `message`, the failure is ld.so's fatal "error while loading shared libraries" (the process exits 127);
 * without, it is skipped (undefined).
 */
function ldTry<T>(step: () => T, message?: (code: string) => string): T | undefined {
  try {
    return step();
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    if (message) throw new Error(`error while loading shared libraries: ${message(e.code)}`);
    return undefined;
  }
}

/** ld.so's own short strerror: the common errors by name, the others as "Error N" (as `ulimit -n 3; cat` shows). */
function ldStrerror(code: string): string {
  return code === 'ENOENT' || code === 'EACCES' ? strerror(code as 'ENOENT') : `Error ${ERRNO[code as keyof typeof ERRNO]}`;
}
