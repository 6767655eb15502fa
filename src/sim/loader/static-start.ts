// What a statically linked program does before main (csu/libc-start.c, csu/libc-tls.c, elf/dl-support.c of
// libc.a): there is no ld.so, so the program's own copy of libc sets up TLS and the thread pointer, finds its
// origin and initialises the dynamic-loading search paths (which mallocs: the heap appears before main), then
// makes RELRO read-only. As the process's traced system calls, so strace and pmap show what the real ones do.
//  - glibc 2.36 (Debian 12, captured here with `setarch -R strace ./hello-static`):
//      brk(NULL) = 0x4ad000; brk(0x4add00)              TLS block and TCB, _dl_early_allocate (raw brk: libc's
//                                                       __curbrk stays unset, so malloc asks brk(NULL) again)
//      arch_prctl(ARCH_SET_FS, 0x4ad380); set_tid_address(0x4ad650); set_robust_list(0x4ad660, 24);
//      rseq(0x4adca0, 0x20, 0, 0x53053053); prlimit64(0, RLIMIT_STACK, NULL, {...});
//      readlink("/proc/self/exe", ...)                   _dl_non_dynamic_init: _dl_get_origin
//      getrandom(..., 8, GRND_NONBLOCK); brk(NULL); brk(+0x21000); brk(page)   the first malloc (ptmalloc_init)
//      mprotect(RELRO, PROT_READ)                        _dl_relocate_static_pie / _dl_protect_relro
//    The heap then holds, in use, the origin string and four chunks of _dl_init_paths and _dl_important_hwcaps
//    (0x4e0, 0x30, 0x150, 0xb0 bytes), walked on the real heap: a program's first malloc(16) lands 0x9d0 + the
//    origin's chunk past the heap's start.
//  - glibc 2.27 (Ubuntu 18.04, no machine to capture on): __libc_setup_tls takes the TLS block with __sbrk
//    (0x11c0 bytes, thread pointer at +0x880), which sets __curbrk, so malloc's first sbrk needs no brk(NULL);
//    _dl_discover_osversion calls uname; no getrandom (tcache keys came with 2.34) and no RELRO mprotect (the
//    chapter's hello-static shows one 24K rw- data mapping). The heap then spans 140K, as the chapter's pmap.
import { stackLimitText } from '../kernel/rlimits.ts';
import type { Syscalls } from '../kernel/syscalls.ts';
import { PROT_READ, pageAlignDown } from '../kernel/mm.ts';
import { fmt } from '../kernel/trace.ts';
import type { ElfInfo } from './elf.ts';
import type { ProfileName } from './profiles.ts';

export interface StaticLibc {
  /** malloc in the program's libc (not reported to ltrace: a static program has no PLT for it to hook). */
  malloc(size: number): void;
  /** Tells malloc where the break is (glibc 2.27: __curbrk set by the TLS __sbrk). */
  setBrk(addr: number): void;
}

/** Chunks _dl_init_paths and _dl_important_hwcaps leave in use (requests giving 0x4e0, 0x30, 0x150, 0xb0). */
const INIT_PATHS_MALLOCS = [0x4d8, 0x28, 0x148, 0xa8];

export function startStatic(sys: Syscalls, profile: ProfileName, elf: ElfInfo, exePath: string, libc: StaticLibc) {
  const v236 = profile !== 'ubuntu-18.04';
  const b0 = sys.brk(0);
  const tlsSize = v236 ? 0xd00 : 0x11c0;
  const tp = b0 + (v236 ? 0x380 : 0x880);
  sys.brk(b0 + tlsSize);
  sys.mm.touch(b0, tlsSize, true);
  if (!v236) libc.setBrk(b0 + tlsSize);
  sys.note('arch_prctl', ['ARCH_SET_FS', fmt.hex(tp)], '0');
  if (v236) {
    sys.note('set_tid_address', [fmt.hex(b0 + 0x650)], String(sys.proc.pid));
    sys.note('set_robust_list', [fmt.hex(b0 + 0x660), '24'], '0');
    sys.note('rseq', [fmt.hex(b0 + 0xca0), '0x20', '0', '0x53053053'], '0');
    sys.note('prlimit64', ['0', 'RLIMIT_STACK', 'NULL', stackLimitText(sys.proc)], '0');
  } else {
    const info = sys.kernel.info;
    sys.note('uname', [`{sysname=${JSON.stringify(info.sysname)}, nodename=${JSON.stringify(info.nodename)}, ...}`], '0');
  }
  const exe = new TextEncoder().encode(exePath);
  sys.note('readlink', [fmt.str('/proc/self/exe'), fmt.str(exe), '4096'], String(exe.length));
  // _dl_get_origin: the directory of the executable, malloc'ed; then the search paths
  const dir = exePath.slice(0, Math.max(1, exePath.lastIndexOf('/')));
  libc.malloc(new TextEncoder().encode(dir).length + 1);
  for (const n of INIT_PATHS_MALLOCS) libc.malloc(n);
  if (v236) {
    const relro = elf.phdrs.find((p) => p.type === 'GNU_RELRO');
    if (relro) {
      const start = pageAlignDown(relro.vaddr);
      const end = pageAlignDown(relro.vaddr + relro.memsz);
      if (end > start) sys.mprotect(start, end - start, PROT_READ);
    }
  }
}
