// Starting a program built by the simulated gcc: find where the loader put the executable, create the process's
// C library (src/sim/libc) and run the program's main on the VM. A statically linked program has no ld.so: its
// own copy of libc starts up first (src/sim/loader/static-start.ts), and its library data lives in its .bss.
import type { Sys } from '../kernel/sys.ts';
import type { Image } from '../loader/image.ts';
import type { ElfInfo } from '../loader/elf.ts';
import { Syscalls } from '../kernel/syscalls.ts';
import { pageAlignDown } from '../kernel/mm.ts';
import type { LibcFactory } from '../libc/abi.ts';
import type { ProfileName } from '../loader/profiles.ts';
import { startStatic } from '../loader/static-start.ts';
import { runProgram } from './vm.ts';
import type { CProgram } from './link.ts';

export async function runC(sys: Sys, image: Image, factory?: LibcFactory): Promise<number> {
  const prog = image.program as CProgram | undefined;
  const elf = image.elf as ElfInfo | undefined;
  const mm = sys.proc.mm;
  if (!prog || !elf || !mm) { await sys.err(`${sys.argv[0]}: cannot execute binary file: Exec format error\n`); return 126; }
  const exe = sys.proc.exe;
  const first = elf.phdrs.find((p) => p.type === 'LOAD')!;
  const lowest = mm.vmas.find((v) => v.file?.path === exe);
  const base = elf.type === 'DYN' ? (lowest ? lowest.start - pageAlignDown(first.vaddr) : 0x555555554000) : 0;
  const isStatic = !elf.interp;
  const create = factory ?? (await import('../libc/index.ts')).createLibc;
  const syscalls = new Syscalls(sys.kernel, sys.proc);
  // ltrace hooks PLT slots: a static program's calls into its own libc are not library calls it can see
  const libc = create({
    mm, syscalls, sys, profile: sys.profile as ProfileName,
    dataBase: isStatic && prog.libcData !== undefined ? base + prog.libcData : undefined,
    traceLibcall: isStatic ? () => {} : (name, args, ret) => sys.kernel.traceLibcall(sys.proc, name, args, ret),
    traceLibcallEnter: isStatic ? undefined : (name, args) => sys.kernel.traceLibcallEnter(sys.proc, name, args),
  });
  if (isStatic) {
    const m = (libc as { malloc?: { presetBrk?(a: number): void } }).malloc;
    startStatic(syscalls, sys.profile as ProfileName, elf, exe, {
      malloc: (n) => { void libc.call('malloc', [{ t: 'i', v: n }]); },
      setBrk: (a) => m?.presetBrk?.(a),
    });
  }
  sys.untraced = true; // the C library traces its own read/write/nanosleep (Sys would trace them again)
  return runProgram(prog, { sys, mm, libc, base });
}
