// execve's image loading for the simulated machine: the kernel half (exec.ts), then — for dynamically linked
// programs — the ld.so model (ldso.ts) and the program's libc start-up (runtime.ts), all as the process's
// own traced system calls. C programs built by the simulated gcc carry their ELF facts in their image;
// the system's programs take theirs from the profile's image data.
import type { Kernel, PreparedExec } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import { Syscalls } from '../kernel/syscalls.ts';
import { fmt } from '../kernel/trace.ts';
import type { FileBacking } from '../kernel/mm.ts';
import { ADDR_NO_RANDOMIZE, execLayout } from './exec.ts';
import { mapObject, runLdso } from './ldso.ts';
import { startTool } from './runtime.ts';
import type { ElfInfo } from './elf.ts';
import type { ProfileImages } from './images/types.ts';
import type { ProfileName } from './profiles.ts';

export interface LoaderContext {
  kernel: Kernel;
  profile: ProfileName;
  images: ProfileImages;
  /** /proc/sys/kernel/randomize_va_space. */
  randomizeVaSpace(): number;
}

/** The ELF facts an image runs with. */
export function elfOf(ctx: LoaderContext, prepared: PreparedExec): ElfInfo | undefined {
  const img = prepared.image;
  if (img.kind === 'tool') return img.tool ? ctx.images.programs[img.tool]?.elf : undefined;
  return img.elf as ElfInfo | undefined;
}

function backing(ctx: LoaderContext, proc: Process, path: string): FileBacking {
  const look = ctx.kernel.vfs.resolve(path, '/', proc.cred);
  if (look.node.kind !== 'file') throw new Error(`${path}: not a regular file`);
  return { path: look.path, node: look.node, dev: look.node.dev, ino: look.node.ino };
}

export function loadImage(ctx: LoaderContext, proc: Process, prepared: PreparedExec) {
  const elf = elfOf(ctx, prepared);
  const sys = new Syscalls(ctx.kernel, proc);
  sys.trace('execve', [fmt.str(prepared.exe), `[${prepared.argv.map((a) => JSON.stringify(a)).join(', ')}]`,
    `0x7fffffffe${(0x800 - 8 * proc.env.length).toString(16)} /* ${proc.env.length} vars */`], '0');
  if (!elf) { proc.mm = undefined; return; }
  const randomize = ctx.randomizeVaSpace() !== 0 && !(proc.personality & ADDR_NO_RANDOMIZE);
  const exeFile: FileBacking = { path: prepared.exe, node: prepared.node, dev: prepared.node.dev, ino: prepared.node.ino };
  const interp = elf.interp ? { elf: ctx.images.ldso.elf, file: backing(ctx, proc, ctx.images.ldso.path) } : undefined;
  const { mm, exeBase, interpBase } = execLayout({ profile: ctx.profile, randomize, random: ctx.kernel.random, exe: { elf, file: exeFile }, interp });
  proc.mm = mm;
  mm.onChange = (change) => ctx.kernel.opts.emit({ type: 'vma', pid: proc.pid, change });
  if (interp && interpBase !== undefined) {
    runLdso(sys, ctx.profile, ctx.images, elf, exeBase, interpBase);
    if (prepared.image.kind === 'tool') {
      const glibc = ctx.profile === 'ubuntu-18.04' ? '2.27' : '2.36';
      startTool(sys, ctx.profile, ctx.images, prepared.image.tool, (s, fd, e) => mapObject(s, fd, e, glibc));
    }
  }
}
