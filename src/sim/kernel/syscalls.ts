// The memory and file system calls as a traced table, for the code that runs "in user space" of a simulated
// process: the dynamic loader model, the libc model and the programs. Each call acts on the process (its
// address space, its fds) with Linux's semantics and emits a SyscallRecord shaped as strace prints it.
import { SysError, strerror, ERRNO } from './errno.ts';
import { InodeFile, O_ACCMODE, O_RDONLY, O_RDWR, O_WRONLY, O_CLOEXEC } from './files.ts';
import type { Kernel } from './kernel.ts';
import type { Process } from './process.ts';
import { AddressSpace, MAP_ANONYMOUS, MAP_SHARED, PROT_WRITE, type FileBacking } from './mm.ts';
import { fmt, type TraceArg } from './trace.ts';
import { Vfs } from '../fs/vfs.ts';
import { PageCache } from './pagecache.ts';
import type { Sys } from './sys.ts';

const OPEN_FLAG_NAMES: [number, string][] = [[0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o400, 'O_NOCTTY'], [0o1000, 'O_TRUNC'],
  [0o2000, 'O_APPEND'], [0o4000, 'O_NONBLOCK'], [0o200000, 'O_DIRECTORY'], [0o2000000, 'O_CLOEXEC']];

export function openFlags(f: number): string {
  const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR'][f & O_ACCMODE]!;
  return [acc, ...OPEN_FLAG_NAMES.filter(([b]) => f & b).map(([, n]) => n)].join('|');
}

function errRet(e: SysError) { return fmt.err(e.code, strerror(e.code)); }

export class Syscalls {
  readonly kernel: Kernel;
  readonly proc: Process;
  constructor(kernel: Kernel, proc: Process) { this.kernel = kernel; this.proc = proc; }

  get mm(): AddressSpace {
    if (!this.proc.mm) throw new SysError('EFAULT');
    return this.proc.mm;
  }

  trace(name: string, args: TraceArg[], ret: string) { this.kernel.traceSyscall(this.proc, name, args, ret); }

  /** Runs `body`, tracing its result or its errno; rethrows errors. */
  private call<T>(name: string, args: TraceArg[], body: () => T, show: (r: T) => string): T {
    try {
      const r = body();
      this.trace(name, args, show(r));
      return r;
    } catch (e) {
      if (e instanceof SysError) this.trace(name, args, errRet(e));
      throw e;
    }
  }

  brk(addr: number): number {
    return this.call('brk', [fmt.ptr(addr)], () => (addr === 0 ? this.mm.brk : this.mm.setBrk(addr)), fmt.hex);
  }

  mmap(addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
    const args = [fmt.ptr(addr), String(length), fmt.prot(prot), fmt.mapFlags(flags), String(fd), fmt.off(offset)];
    return this.call('mmap', args, () => {
      let backing: FileBacking | undefined;
      if (!(flags & MAP_ANONYMOUS)) {
        const f = this.proc.fds[fd];
        if (!f) throw new SysError('EBADF');
        if (!(f instanceof InodeFile)) throw new SysError('ENODEV');
        const acc = f.flags & O_ACCMODE;
        if (acc === O_WRONLY) throw new SysError('EACCES');
        if ((flags & MAP_SHARED) && (prot & PROT_WRITE) && acc !== O_RDWR) throw new SysError('EACCES');
        backing = { path: f.path, node: f.node, dev: f.node.dev, ino: f.node.ino };
      }
      this.kernel.cost.mmap(this.proc);
      return this.mm.mmap(addr, length, prot, flags, backing, offset, `mmap(${args.slice(0, 2).join(', ')}, …)`);
    }, fmt.hex);
  }

  munmap(addr: number, length: number) {
    this.call('munmap', [fmt.hex(addr), String(length)], () => { this.kernel.cost.mmap(this.proc); this.mm.munmap(addr, length); }, () => '0');
  }

  /** mremap(2); flags 1 = MREMAP_MAYMOVE (glibc's realloc of an mmapped chunk). */
  mremap(addr: number, oldLen: number, newLen: number, flags: number): number {
    return this.call('mremap', [fmt.hex(addr), String(oldLen), String(newLen), flags & 1 ? 'MREMAP_MAYMOVE' : '0'],
      () => this.mm.mremap(addr, oldLen, newLen, (flags & 1) !== 0), fmt.hex);
  }

  mprotect(addr: number, length: number, prot: number) {
    this.call('mprotect', [fmt.hex(addr), String(length), fmt.prot(prot)], () => this.mm.mprotect(addr, length, prot), () => '0');
  }

  openat(path: string, flags: number): number {
    return this.call('openat', ['AT_FDCWD', fmt.str(path), openFlags(flags)], () => {
      const f = this.kernel.openFile(this.proc, path, flags);
      const fd = this.kernel.installFd(this.proc, f);
      if (flags & O_CLOEXEC) this.proc.cloexec.add(fd);
      return fd;
    }, String);
  }

  /** openat that reports ENOENT as a traced -1 and returns -1 (the loader probes paths this way). */
  tryOpenat(path: string, flags = O_RDONLY | O_CLOEXEC): number {
    try { return this.openat(path, flags); } catch (e) { if (e instanceof SysError) return -1; throw e; }
  }

  access(path: string, mode: 'F_OK' | 'R_OK'): boolean {
    try {
      this.call('access', [fmt.str(path), mode], () => {
        const { node } = this.kernel.vfs.resolve(path, this.proc.cwd, this.proc.cred);
        if (mode === 'R_OK' && !this.kernel.vfs.permits(node, this.proc.cred, 4)) throw new SysError('EACCES');
      }, () => '0');
      return true;
    } catch (e) { if (e instanceof SysError) return false; throw e; }
  }

  close(fd: number) {
    this.call('close', [String(fd)], () => { if (!this.kernel.closeFd(this.proc, fd)) throw new SysError('EBADF'); }, () => '0');
  }

  /** read/pread64 of a regular file, traced with the bytes read (the loader reads ELF headers). */
  pread(fd: number, count: number, offset: number | undefined): Uint8Array {
    const f = this.proc.fds[fd];
    const name = offset === undefined ? 'read' : 'pread64';
    const data = f instanceof InodeFile
      ? Vfs.contents(f.node).slice(offset ?? f.pos, (offset ?? f.pos) + count)
      : new Uint8Array(0);
    if (f instanceof InodeFile && offset === undefined) f.pos += data.length;
    if (f instanceof InodeFile && PageCache.caches(f.node) && data.length) {
      const r = this.kernel.pageCache.read(f.node, offset ?? f.pos - data.length, data.length);
      this.kernel.cost.fileRead(this.proc, data.length, f.node.size, r.disk, r.sequential);
    }
    const args: TraceArg[] = [String(fd), fmt.str(data), String(count)];
    if (offset !== undefined) args.push(String(offset));
    this.trace(name, args, f ? String(data.length) : fmt.err('EBADF', strerror('EBADF')));
    return data;
  }

  /** fstat as glibc 2.33+ issues it (newfstatat with AT_EMPTY_PATH) or as older glibc (fstat). */
  fstat(fd: number, style: 'newfstatat' | 'fstat') {
    const f = this.proc.fds[fd];
    if (!f) throw new SysError('EBADF');
    const st = f.stat();
    const type = (st.mode & 0o170000) === 0o040000 ? 'S_IFDIR' : (st.mode & 0o170000) === 0o020000 ? 'S_IFCHR' : 'S_IFREG';
    const desc = type === 'S_IFCHR'
      ? `{st_mode=${type}|0${(st.mode & 0o7777).toString(8)}, st_rdev=makedev(0x${(st.rdev >> 8).toString(16)}, 0x${(st.rdev & 0xff).toString(16)}), ...}`
      : `{st_mode=${type}|0${(st.mode & 0o7777).toString(8)}, st_size=${st.size}, ...}`;
    if (style === 'newfstatat') this.trace('newfstatat', [String(fd), fmt.str(''), desc, 'AT_EMPTY_PATH'], '0');
    else this.trace('fstat', [String(fd), desc], '0');
    return st;
  }

  /**
   * write(2) through `sys`, traced in two parts as strace shows it: the call at entry, the result after the
   * bytes went out (so a tracer's line holds the program's own output: `write(1, "hi\n", 3hi\n) = 3`).
   */
  write(sys: Sys, fd: number, data: Uint8Array): Promise<number> {
    return this.outputCall('write', [String(fd), fmt.str(data), String(data.length)], () => sys.write(fd, data));
  }

  /** writev(2) through `sys`, in two parts like write: the buffers go out as one write. */
  writev(sys: Sys, fd: number, parts: Uint8Array[]): Promise<number> {
    const all = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
    parts.reduce((at, b) => { all.set(b, at); return at + b.length; }, 0);
    return this.outputCall('writev', [String(fd), { iov: parts }, String(parts.length)], () => sys.write(fd, all));
  }

  private async outputCall(name: string, args: TraceArg[], go: () => Promise<number>): Promise<number> {
    this.kernel.cost.syscall(this.proc);
    const done = this.kernel.traceBlocking(this.proc, name, args);
    try {
      const n = await go();
      done([], String(n));
      return n;
    } catch (e) {
      if (e instanceof SysError) done([], errRet(e));
      throw e;
    }
  }

  /** read(2) through `sys`: `read(fd, ` at entry, the bytes read and the result at exit. */
  async read(sys: Sys, fd: number, count: number, bufAddr: number): Promise<Uint8Array> {
    this.kernel.cost.syscall(this.proc);
    const done = this.kernel.traceBlocking(this.proc, 'read', [String(fd)]);
    try {
      const data = await sys.read(fd, count);
      done([fmt.str(data), String(count)], String(data.length));
      return data;
    } catch (e) {
      if (e instanceof SysError) done([fmt.hex(bufAddr), String(count)], errRet(e));
      throw e;
    }
  }

  /** exit_group(2) as the C library's _exit issues it: traced once; the caller then ends the process. */
  exitGroup(code: number) {
    this.trace('exit_group', [String(code & 0xff)], '?');
    this.proc.exitTraced = true;
  }

  /** A call with no effect on the model that still shows in strace (arch_prctl, set_tid_address, ...). */
  note(name: string, args: TraceArg[], ret: string) { this.trace(name, args, ret); }

  errnoOf(code: keyof typeof ERRNO) { return fmt.err(code, strerror(code)); }
}
