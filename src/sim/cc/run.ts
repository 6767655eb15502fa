// Starting a program built by the simulated gcc: find where the loader put the executable, create the process's
// C library (src/sim/libc) and run the program's main on the VM.
import type { Sys } from '../kernel/sys.ts';
import type { Image } from '../loader/image.ts';
import type { ElfInfo } from '../loader/elf.ts';
import { Syscalls } from '../kernel/syscalls.ts';
import { pageAlignDown } from '../kernel/mm.ts';
import type { LibcFactory } from '../libc/abi.ts';
import type { ProfileName } from '../loader/profiles.ts';
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
  const create = factory ?? (await import('../libc/index.ts')).createLibc;
  const libc = create({
    mm, syscalls: new Syscalls(sys.kernel, sys.proc), sys, profile: sys.profile as ProfileName,
    traceLibcall: (name, args, ret) => sys.kernel.traceLibcall(sys.proc, name, args, ret),
    traceLibcallEnter: (name, args) => sys.kernel.traceLibcallEnter(sys.proc, name, args),
  });
  sys.untraced = true; // the C library traces its own read/write/nanosleep (Sys would trace them again)
  return runProgram(prog, { sys, mm, libc, base });
}
