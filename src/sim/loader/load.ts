// execve's image loading for the simulated machine: the kernel half (exec.ts), then — for dynamically linked
// programs — the ld.so model (ldso.ts) and the program's libc start-up (runtime.ts), all as the process's
// own traced system calls. C programs built by the simulated gcc carry their ELF facts in their image;
// the system's programs take theirs from the profile's image data.
import type { Kernel, PreparedExec } from '../kernel/kernel.ts';
import { ExitRequest, type Process } from '../kernel/process.ts';
import { Syscalls } from '../kernel/syscalls.ts';
import { fmt } from '../kernel/trace.ts';
import { Fault, PAGE_SIZE, TASK_SIZE, pageAlignDown, type AddressSpace, type FileBacking } from '../kernel/mm.ts';
import { ADDR_NO_RANDOMIZE, execLayout, loads, totalMappingSize } from './exec.ts';
import { O_CLOEXEC, O_RDONLY } from '../kernel/files.ts';
import { mapObject, runLdso, type LoadedObject } from './ldso.ts';
import { runtimeOf, startTool } from './runtime.ts';
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
  const { mm, exeBase, interpBase } = execLayout({
    profile: ctx.profile, randomize, random: ctx.kernel.random, exe: { elf, file: exeFile }, interp,
    args: { filename: prepared.filename, argv: prepared.argv, envp: proc.env }, stackLimit: proc.rlimits.STACK.cur,
    cred: { uid: proc.uid, euid: proc.euid, gid: proc.gid, egid: proc.egid }, asLimit: proc.rlimits.AS.cur,
  });
  checkStartupStack(mm, elf, prepared, proc.rlimits.STACK.cur);
  proc.mm = mm;
  mm.paging = ctx.kernel.pagingFor(proc); // from here on, faults go through the page cache and cost time
  mm.onChange = (change) => ctx.kernel.opts.emit({ type: 'vma', pid: proc.pid, change });
  // execve's new address space as one change (the kernel built it before anyone listened): the memory-map
  // history snapshots it here, attributed to the execve, before ld.so's own mmaps follow.
  mm.onChange({ op: 'map', start: 0, end: TASK_SIZE, origin: 'execve' });
  if (interp && interpBase !== undefined) {
    const tool = prepared.image.kind === 'tool' ? prepared.image.tool : undefined;
    const measured = tool ? ctx.images.residentByProgram?.[tool] : undefined;
    const traceObjects = envValue(proc.env, 'LD_TRACE_LOADED_OBJECTS');
    const tracing = traceObjects !== undefined && traceObjects !== '';
    // `ld.so PROGRAM` (how ldd runs a program, argv[0] being the loader): the kernel maps only ld.so and ld.so
    // maps the program itself, below the vDSO like a library, so every later mapping sits lower by its size.
    let base = exeBase;
    if (tracing && prepared.argv[0] === elf.interp) base = mapProgramAsRtld(sys, ctx, prepared, elf, exeBase, interpBase);
    const link = runLdso(sys, ctx.profile, ctx.images, elf, base, interpBase, measured, prepared.exe, tracing);
    if (tracing) traceLoadedObjects(sys, proc, ctx.images, elf, link.objects, interpBase);
    if (prepared.image.kind === 'tool') {
      const glibc = ctx.profile === 'ubuntu-18.04' ? '2.27' : '2.36';
      startTool(sys, ctx.profile, ctx.images, prepared.image.tool, (s, fd, e) => mapObject(s, fd, e, glibc));
    }
  }
}

/** rtld.c run as a program: the executable mapped by _dl_map_object, not by the kernel. Returns its new load bias. */
function mapProgramAsRtld(sys: Syscalls, ctx: LoaderContext, prepared: PreparedExec, elf: ElfInfo, exeBase: number, interpBase: number): number {
  const mm = sys.mm;
  const first = loads(elf)[0]!;
  mm.munmap(exeBase + pageAlignDown(first.vaddr), totalMappingSize(elf), 'execve');
  const ldEnd = interpBase + totalMappingSize(ctx.images.ldso.elf);
  mm.startBrk = mm.brk = ldEnd; // the kernel's program is ld.so: the break follows it
  const fd = sys.openat(prepared.exe, O_RDONLY | O_CLOEXEC);
  sys.pread(fd, 832, undefined);
  sys.fstat(fd, ctx.profile === 'ubuntu-18.04' ? 'fstat' : 'newfstatat');
  const base = mapObject(sys, fd, elf, ctx.profile === 'ubuntu-18.04' ? '2.27' : '2.36');
  sys.close(fd);
  return base;
}

/**
 * The stack the start-up code needs below execve's tables before `main` (ld.so's and libc's frames; a system
 * program's set-up), measured here with `setarch -R env -i bash -c 'ulimit -s N; PROG'`: a dynamically linked C
 * program, true, sleep or ps fail at 4K and run at 8K, a static one runs at 4K, ls needs 12K. The model does not touch
 * those pages (their resident figures are measured), it only checks that RLIMIT_STACK leaves room for them: where
 * it does not, the first push beyond the limit is SIGSEGV, as on Linux.
 */
function checkStartupStack(mm: AddressSpace, elf: ElfInfo, prepared: PreparedExec, limit: number) {
  if (limit === Infinity) return;
  const tool = prepared.image.kind === 'tool' ? prepared.image.tool : undefined;
  const need = (tool ? runtimeOf(tool).stackKiB ?? 5 : elf.interp ? 5 : 2) * 1024;
  const stack = mm.vmas.find((v) => v.start <= mm.startStack && mm.startStack < v.end);
  if (!stack) return;
  const floor = stack.end - Math.floor(limit / PAGE_SIZE) * PAGE_SIZE;
  if (mm.startStack - need < floor) throw new Fault(pageAlignDown(floor - 1), 'SEGV_MAPERR');
}

function envValue(env: string[], name: string): string | undefined {
  const e = env.find((s) => s.startsWith(name + '='));
  return e?.slice(name.length + 1);
}

/**
 * ld.so's answer to LD_TRACE_LOADED_OBJECTS (what ldd prints, rtld.c): the vDSO, each loaded library as
 * `name => path (load address)`, then the loader itself; written to stdout, then _exit(0) before the program
 * runs (thrown as ExitRequest for the kernel's startImage to end the process with).
 */
function traceLoadedObjects(sys: Syscalls, proc: Process, images: ProfileImages, exe: ElfInfo, objects: LoadedObject[], interpBase: number): never {
  const addr = (n: number) => `0x${n.toString(16).padStart(16, '0')}`;
  let text = '';
  const vdso = proc.mm?.vmas.find((v) => v.special === '[vdso]');
  if (vdso) text += `\tlinux-vdso.so.1 (${addr(vdso.start)})\n`;
  for (const o of objects) {
    const lib = images.libraries[o.name];
    text += `\t${o.name} => ${lib?.path ?? o.path} (${addr(o.base + pageAlignDown(loads(o.elf)[0]!.vaddr))})\n`;
  }
  text += `\t${exe.interp ?? images.interp} (${addr(interpBase + pageAlignDown(loads(images.ldso.elf)[0]!.vaddr))})\n`;
  const bytes = new TextEncoder().encode(text);
  sys.trace('write', ['1', fmt.str(bytes), String(bytes.length)], String(bytes.length));
  void proc.fds[1]?.write(bytes, proc);
  sys.trace('exit_group', ['0'], '?');
  throw new ExitRequest(0);
}
