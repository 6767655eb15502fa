// Sys: the system-call surface a simulated program sees (one per program run). Every call first checks that
// the process is still alive and still runs this image; blocking calls park the process in the kernel.
// Errors are thrown as SysError (errno names), like -1 with errno set.
import type { Limit, Resource } from './rlimits.ts';
import { SysError, strerror } from './errno.ts';
import { ExitRequest, Killed, type Disposition, type Process } from './process.ts';
import { DeviceFile, InodeFile, O_CLOEXEC, O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY, O_APPEND, PipeEnd, type OpenFile } from './files.ts';
import { PageCache } from './pagecache.ts';
import { Pipe } from './pipe.ts';
import type { Kernel, Program, SpawnOptions } from './kernel.ts';
import type { Stat } from '../fs/inode.ts';
import type { ElfInfo } from '../loader/elf.ts';
import { fmt, type TraceArg, type Tracer } from './trace.ts';
import { Vfs, toBytes } from '../fs/vfs.ts';
import { Tty, type Termios } from './tty.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface DirEntry { name: string; stat: Stat; }

export class Sys {
  readonly kernel: Kernel;
  readonly proc: Process;
  private readonly generation: number;
  constructor(kernel: Kernel, proc: Process, generation: number) {
    this.kernel = kernel;
    this.proc = proc;
    this.generation = generation;
  }

  private enter() {
    if (this.proc.dead || this.proc.generation !== this.generation) throw new Killed();
    this.kernel.current = this.proc;
  }
  private fd(fd: number): OpenFile {
    this.enter();
    const f = this.proc.fds[fd];
    if (!f) throw new SysError('EBADF');
    return f;
  }
  private get vfs() { return this.kernel.vfs; }

  /**
   * Set by code that traces its own system calls (the C library model, through Syscalls): otherwise read, write
   * and sleep report themselves to an attached tracer (strace of the system's programs), and only then.
   */
  untraced = false;
  /** Entry of a traced call when a tracer is attached (else undefined): the returned function reports the exit. */
  private traceEntry(name: string, args: TraceArg[]) {
    if (this.untraced || !this.kernel.tracers.has(this.proc.pid)) return undefined;
    return this.kernel.traceBlocking(this.proc, name, args);
  }
  private static errRet(e: unknown) { return e instanceof SysError ? fmt.err(e.code, strerror(e.code)) : undefined; }

  // ---- identity ---------------------------------------------------------------------------------------------
  get pid() { return this.proc.pid; }
  get ppid() { return this.proc.ppid; }
  get argv() { return this.proc.argv; }
  get uid() { return this.proc.uid; }
  get euid() { return this.proc.euid; }
  get gid() { return this.proc.gid; }
  get pgid() { return this.proc.pgid; }
  get sid() { return this.proc.sid; }
  /** The environment as NAME=value strings (execve's envp). */
  get environ() { return this.proc.env; }
  getenv(name: string): string | undefined {
    const pre = name + '=';
    const e = this.proc.env.find((s) => s.startsWith(pre));
    return e?.slice(pre.length);
  }
  setuid(uid: number, gid = uid) {
    this.enter();
    if (this.proc.euid !== 0) throw new SysError('EPERM');
    this.proc.uid = this.proc.euid = uid;
    this.proc.gid = this.proc.egid = gid;
  }
  setpgid(pid: number, pgid: number) {
    this.enter();
    const p = pid === 0 ? this.proc : this.kernel.procs.get(pid);
    if (!p) throw new SysError('ESRCH');
    p.pgid = pgid === 0 ? p.pid : pgid;
  }
  setsid() { this.enter(); this.proc.sid = this.proc.pgid = this.proc.pid; return this.proc.pid; }
  /** getrlimit(2) */
  getrlimit(resource: Resource): Limit { return { ...this.proc.rlimits[resource] }; }
  /** setrlimit(2): the soft limit up to the hard one; raising the hard limit needs root (CAP_SYS_RESOURCE). */
  setrlimit(resource: Resource, limit: Limit) {
    this.enter();
    if (limit.cur > limit.max) throw new SysError('EINVAL');
    const old = this.proc.rlimits[resource];
    if (limit.max > old.max && this.proc.euid !== 0) throw new SysError('EPERM');
    this.proc.rlimits[resource] = { ...limit };
    // stack growth and may_expand_vm read the current limits
    if (resource === 'STACK' && this.proc.mm) this.proc.mm.stackRlimit = limit.cur;
    if (resource === 'AS' && this.proc.mm) this.proc.mm.asLimit = limit.cur;
  }
  umask(mask?: number) {
    const old = this.proc.umask;
    if (mask !== undefined) this.proc.umask = mask & 0o777;
    return old;
  }

  // ---- files ------------------------------------------------------------------------------------------------
  open(path: string, flags = O_RDONLY, mode = 0o666): number {
    this.enter();
    const f = this.kernel.openFile(this.proc, path, flags, mode);
    const fd = this.kernel.installFd(this.proc, f);
    if (flags & O_CLOEXEC) this.proc.cloexec.add(fd);
    return fd;
  }
  close(fd: number) {
    this.enter();
    if (!this.kernel.closeFd(this.proc, fd)) throw new SysError('EBADF');
  }
  dup(fd: number, min = 0): number {
    const f = this.fd(fd);
    f.refs++;
    return this.kernel.installFd(this.proc, f, min);
  }
  dup2(oldfd: number, newfd: number): number {
    const f = this.fd(oldfd);
    if (oldfd === newfd) return newfd;
    this.kernel.closeFd(this.proc, newfd);
    f.refs++;
    this.proc.fds[newfd] = f;
    return newfd;
  }
  setCloexec(fd: number, on = true) { this.fd(fd); if (on) this.proc.cloexec.add(fd); else this.proc.cloexec.delete(fd); }
  isOpen(fd: number) { this.enter(); return !!this.proc.fds[fd]; }
  pipe(): [number, number] {
    this.enter();
    const p = new Pipe(this.kernel.newPipeIno());
    const r = this.kernel.installFd(this.proc, new PipeEnd(p, 'r'));
    const w = this.kernel.installFd(this.proc, new PipeEnd(p, 'w'));
    return [r, w];
  }

  /** read(2): up to `max` bytes; an empty array at end of file. May block (pipes, ttys). */
  async read(fd: number, max = 65536): Promise<Uint8Array> {
    const f = this.fd(fd);
    const done = this.traceEntry('read', [String(fd)]);
    try {
      if (!f.readable) throw new SysError('EBADF');
      await this.kernel.maybeYield();
      this.enter();
      const r = f.read(max, this.proc);
      let out: Uint8Array;
      if (r instanceof Promise) {
        this.kernel.scheduleIdleCheck();
        out = await r;
        this.enter();
      } else out = r;
      this.account(f, out.length, false);
      done?.([fmt.str(out), String(max)], String(out.length));
      return out;
    } catch (e) {
      const ret = Sys.errRet(e);
      if (ret) done?.(['0x7fffffffd000', String(max)], ret);
      throw e;
    }
  }

  /** write(2) of all the bytes (a string is UTF-8 encoded). EPIPE also raises SIGPIPE, as Linux does. */
  async write(fd: number, data: Uint8Array | string): Promise<number> {
    const f = this.fd(fd);
    const bytes = toBytes(data);
    const done = this.traceEntry('write', [String(fd), fmt.str(bytes), String(bytes.length)]);
    if (!f.writable) { done?.([], fmt.err('EBADF', strerror('EBADF'))); throw new SysError('EBADF'); }
    await this.kernel.maybeYield();
    this.enter();
    try {
      const r = f.write(bytes, this.proc);
      // A write may block (a full pipe): virtual time must notice when that leaves every process waiting.
      if (r instanceof Promise) this.kernel.scheduleIdleCheck();
      const n = r instanceof Promise ? await r : r;
      this.enter();
      this.account(f, n, true);
      done?.([], String(n));
      return n;
    } catch (e) {
      const ret = Sys.errRet(e);
      if (ret) done?.([], ret);
      if (e instanceof SysError && e.code === 'EPIPE') this.kernel.signal(this.proc, 13);
      this.enter();
      throw e;
    }
  }

  /**
   * What a read or write of `n` bytes just done through `f` costs (cost.ts): a regular file's bytes go through
   * the page cache (misses wait for the disk; new pages are allocated and dirtied), anything else is a copy.
   * The C library charges its own system-call entries; the system's programs are charged here.
   */
  private account(f: OpenFile, n: number, write: boolean) {
    const { cost, pageCache } = this.kernel;
    if (!this.untraced) cost.syscall(this.proc);
    if (!(f instanceof InodeFile) || !PageCache.caches(f.node)) {
      const dev = f instanceof DeviceFile ? f.node.device : undefined;
      if (!write && dev?.major === 1 && (dev.minor === 8 || dev.minor === 9)) cost.random(this.proc, n); // /dev/(u)random
      else cost.copy(this.proc, n);
      return;
    }
    const off = f.pos - n;
    const ws = this.openFileBytes();
    if (write) cost.fileWrite(this.proc, n, ws, pageCache.write(f.node, off, n));
    else { const r = pageCache.read(f.node, off, n); cost.fileRead(this.proc, n, ws, r.disk, r.sequential); }
  }

  /** The data set of the process's file I/O (cost.ts copy rule): the sizes of the regular files it has open. */
  private openFileBytes(): number {
    const seen = new Set<unknown>();
    let total = 0;
    for (const f of this.proc.fds) {
      if (!(f instanceof InodeFile) || seen.has(f.node) || !PageCache.caches(f.node)) continue;
      seen.add(f.node);
      total += f.node.size;
    }
    return total;
  }

  /** sync(2): the page cache's dirty pages are written to disk; the caller waits for them. */
  sync() {
    this.enter();
    this.kernel.cost.syscall(this.proc);
    this.kernel.cost.sync(this.proc, this.kernel.pageCache.sync());
  }

  lseek(fd: number, off: number, whence: 0 | 1 | 2) { return this.fd(fd).seek(off, whence); }
  fstat(fd: number): Stat { return this.fd(fd).stat(); }
  isatty(fd: number): boolean { this.enter(); return !!this.proc.fds[fd]?.isTty; }
  /** The path an fd was opened with (for /proc/PID/fd and error messages). */
  fdPath(fd: number) { return this.fd(fd).path; }

  // ---- paths ------------------------------------------------------------------------------------------------
  stat(path: string): Stat {
    this.enter();
    return this.vfs.stat(this.vfs.resolve(path, this.proc.cwd, this.proc.cred).node);
  }
  lstat(path: string): Stat {
    this.enter();
    return this.vfs.stat(this.vfs.resolve(path, this.proc.cwd, this.proc.cred, false).node);
  }
  exists(path: string): boolean {
    try { this.stat(path); return true; } catch (e) { if (e instanceof SysError) return false; throw e; }
  }
  access(path: string, mode: number): void {
    this.enter();
    const { node } = this.vfs.resolve(path, this.proc.cwd, { uid: this.proc.uid, gid: this.proc.gid });
    if (mode && !this.vfs.permits(node, { uid: this.proc.uid, gid: this.proc.gid }, mode)) throw new SysError('EACCES', path);
  }
  /** Directory entries without . and .., in creation order (ls sorts). */
  readdir(path: string): string[] {
    this.enter();
    const { node } = this.vfs.resolve(path, this.proc.cwd, this.proc.cred);
    if (node.kind !== 'dir') throw new SysError('ENOTDIR', path);
    this.vfs.check(node, this.proc.cred, 4, path);
    return this.vfs.list(node);
  }
  readlink(path: string): string {
    this.enter();
    const { node } = this.vfs.resolve(path, this.proc.cwd, this.proc.cred, false);
    if (node.kind !== 'symlink') throw new SysError('EINVAL', path);
    return typeof node.target === 'string' ? node.target : node.target();
  }
  /** The canonical absolute path (realpath(3)). */
  realpath(path: string): string {
    this.enter();
    return this.vfs.resolve(path, this.proc.cwd, this.proc.cred).path;
  }
  mkdir(path: string, mode = 0o777) { this.enter(); this.vfs.mkdir(path, this.proc.cwd, this.proc.cred, mode & ~this.proc.umask); }
  rmdir(path: string) { this.enter(); this.vfs.rmdir(path, this.proc.cwd, this.proc.cred); }
  unlink(path: string) { this.enter(); this.vfs.unlink(path, this.proc.cwd, this.proc.cred); }
  rename(from: string, to: string) { this.enter(); this.vfs.rename(from, to, this.proc.cwd, this.proc.cred); }
  symlink(target: string, path: string) {
    this.enter();
    const { dir, name } = this.vfs.resolveParent(path, this.proc.cwd, this.proc.cred);
    this.vfs.link(dir, name, this.vfs.newSymlink(target, this.proc.euid, this.proc.egid), this.proc.cred, path);
  }
  /** link(2): another name for a file (never a directory). With protected_hardlinks, as on Debian and Ubuntu,
   *  only the owner (or root) may link a file they cannot both read and write. */
  link(oldPath: string, newPath: string) {
    this.enter();
    const { node } = this.vfs.resolve(oldPath, this.proc.cwd, this.proc.cred, false);
    if (node.kind === 'dir') throw new SysError('EPERM', newPath);
    const cred = this.proc.cred;
    if (cred.uid !== 0 && cred.uid !== node.uid && (node.kind !== 'file' || !this.vfs.permits(node, cred, 6))) throw new SysError('EPERM', newPath);
    const { dir, name } = this.vfs.resolveParent(newPath, this.proc.cwd, cred);
    this.vfs.link(dir, name, node, cred, newPath);
    node.nlink++;
    node.ctimeMs = this.kernel.clock.now();
  }
  chmod(path: string, mode: number) {
    this.enter();
    this.vfs.chmod(this.vfs.resolve(path, this.proc.cwd, this.proc.cred).node, mode, this.proc.cred, path);
  }
  /** utimensat(2); times in ms since the epoch (undefined: now). */
  utimes(path: string, atimeMs?: number, mtimeMs?: number) {
    this.enter();
    const { node } = this.vfs.resolve(path, this.proc.cwd, this.proc.cred);
    if (this.proc.euid !== 0 && this.proc.euid !== node.uid) {
      if (atimeMs !== undefined || mtimeMs !== undefined) throw new SysError('EPERM', path);
      this.vfs.check(node, this.proc.cred, 2, path);
    }
    const now = this.kernel.clock.now();
    node.atimeMs = atimeMs ?? now;
    node.mtimeMs = mtimeMs ?? now;
    node.ctimeMs = now;
  }
  ftruncate(fd: number, len: number) {
    const f = this.fd(fd);
    const node = f.inode;
    if (!node || node.kind !== 'file') throw new SysError('EINVAL');
    if (!f.writable) throw new SysError('EINVAL');
    this.vfs.truncate(node, len);
    this.kernel.pageCache.truncate(node, len);
  }
  chdir(path: string) {
    this.enter();
    const look = this.vfs.resolve(path, this.proc.cwd, this.proc.cred);
    if (look.node.kind !== 'dir') throw new SysError('ENOTDIR', path);
    this.vfs.check(look.node, this.proc.cred, 1, path);
    this.proc.cwd = look.path;
  }
  getcwd() { this.enter(); return this.proc.cwd; }

  // ---- conveniences built on the calls above ------------------------------------------------------------
  async readAll(fd: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = await this.read(fd, 1 << 20);
      if (!chunk.length) break;
      parts.push(chunk);
      total += chunk.length;
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const p of parts) { out.set(p, off); off += p.length; }
    return out;
  }
  async readFile(path: string): Promise<Uint8Array> {
    const fd = this.open(path, O_RDONLY);
    try { return await this.readAll(fd); } finally { this.close(fd); }
  }
  async readText(path: string): Promise<string> { return dec.decode(await this.readFile(path)); }
  async writeFile(path: string, data: Uint8Array | string, append = false, mode = 0o666) {
    const fd = this.open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), mode);
    try { await this.write(fd, data); } finally { this.close(fd); }
  }
  /** Text to stdout / stderr. */
  out(s: string | Uint8Array) { return this.write(1, typeof s === 'string' ? enc.encode(s) : s); }
  err(s: string) { return this.write(2, s); }

  // ---- processes -------------------------------------------------------------------------------------------
  /** fork(2) whose child runs `fn` (the shell's subshells and pipeline stages). Returns the child's pid. */
  fork(fn: Program, opts: { pgid?: number; fds?: Record<number, number> } = {}): number {
    this.enter();
    return this.kernel.fork(this.proc, fn, opts).pid;
  }
  /** fork + execve (posix_spawn). Fails here, not in the child, when the program cannot be executed. */
  async spawn(path: string, opts: SpawnOptions): Promise<number> {
    this.enter();
    const child = await this.kernel.spawn(this.proc, path, opts);
    return child.pid;
  }
  async exec(path: string, argv: string[], env: string[] = this.proc.env): Promise<never> {
    this.enter();
    return this.kernel.exec(this.proc, path, argv, env);
  }
  /** waitpid(2): pid -1 any child, -pgid a group. Undefined when `nohang` and nothing has ended. */
  async waitpid(pid: number, nohang = false) {
    this.enter();
    const r = await this.kernel.wait(this.proc, pid, nohang);
    this.enter();
    return r;
  }
  kill(pid: number, sig: number) { this.enter(); this.kernel.kill(this.proc, pid, sig); }
  /** tgkill(2) (one process, one thread here): the signal's si_code says SI_TKILL. */
  tgkill(tgid: number, tid: number, sig: number) {
    this.enter();
    if (tgid !== tid) throw new SysError('ESRCH');
    this.kernel.kill(this.proc, tid, sig, 'SI_TKILL');
  }
  sigaction(sig: number, d: Disposition): Disposition {
    this.enter();
    const old = this.proc.dispositions.get(sig) ?? 'default';
    this.proc.dispositions.set(sig, d);
    return old;
  }
  exit(code: number): never { throw new ExitRequest(code & 0xff); }
  /** nanosleep(2), interruptible by a signal. */
  async sleep(ms: number) {
    this.enter();
    const sec = Math.floor(ms / 1000);
    const done = this.traceEntry('clock_nanosleep',
      ['CLOCK_REALTIME', '0', `{tv_sec=${sec}, tv_nsec=${Math.round((ms - sec * 1000) * 1e6)}}`]);
    await this.kernel.sleep(this.proc, ms);
    this.enter();
    done?.(['0x7fffffffe630'], '0');
  }
  /** Gives other processes and the host a turn (long loops call this). */
  async yield() { await this.kernel.maybeYield(); this.enter(); }
  /** CLOCK_REALTIME in ms, as this process's clock reads it (cost.ts: its modelled work advances it). */
  now() { return this.kernel.cost.now(this.proc); }
  /** CLOCK_MONOTONIC in ms, as this process's clock reads it. */
  uptime() { return this.kernel.cost.uptime(this.proc); }
  randomBytes(n: number) { return this.kernel.random.bytes(n); }

  // ---- terminals ---------------------------------------------------------------------------------------------
  private ttyOf(fd: number): Tty {
    const f = this.fd(fd);
    const node = f.inode;
    if (!node || node.kind !== 'chr' || !node.device.isTty) throw new SysError('ENOTTY');
    const tty = node.device instanceof Tty ? node.device : this.proc.tty; // /dev/tty → the controlling one
    if (!tty) throw new SysError('ENOTTY');
    return tty;
  }
  tcgetattr(fd: number): Termios { return { ...this.ttyOf(fd).termios }; }
  tcsetattr(fd: number, t: Partial<Termios>) { this.ttyOf(fd).setTermios(t); }
  tcgetpgrp(fd: number) { return this.ttyOf(fd).fgPgrp; }
  tcsetpgrp(fd: number, pgrp: number) { this.ttyOf(fd).setForeground(pgrp); }
  winsize(fd: number) { const t = this.ttyOf(fd); return { cols: t.cols, rows: t.rows }; }
  ttyName(fd: number) { return `/dev/${this.ttyOf(fd).name}`; }
  /** Whether keys are waiting on the terminal (readline's typeahead check). */
  ttyHasInput(fd: number) { return this.ttyOf(fd).hasInput; }

  /**
   * The ELF facts of a file, as parsing its headers would give them (size, readelf, file, ldd use it).
   * Undefined when the file is not an ELF object the machine knows. Path errors throw as open(2) would.
   */
  readElf(path: string): ElfInfo | undefined {
    this.enter();
    const look = this.vfs.resolve(path, this.proc.cwd, this.proc.cred);
    if (look.node.kind !== 'file') return undefined;
    this.vfs.check(look.node, this.proc.cred, 4, path);
    return this.kernel.opts.elfOf?.(look.node, look.path);
  }

  /** Attaches a tracer to a running process (strace -p PID): same user or root, as ptrace requires. */
  attachTracer(pid: number, tracer: Tracer) {
    this.enter();
    const p = this.kernel.procs.get(pid);
    if (!p || p.dead) throw new SysError('ESRCH');
    if (this.proc.euid !== 0 && (p.uid !== this.proc.uid || p.euid !== this.proc.uid)) throw new SysError('EPERM');
    this.kernel.attachTracer(pid, tracer);
  }
  detachTracer(pid: number) { this.kernel.tracers.delete(pid); }

  /**
   * Writes now, without yielding: for a tracer's output, which must interleave with the tracee's own output
   * at the exact moment of each call (terminal and regular files; a pipe takes it asynchronously).
   */
  writeNow(fd: number, data: Uint8Array | string) {
    const f = this.fd(fd);
    const r = f.write(toBytes(data), this.proc);
    if (r instanceof Promise) r.catch(() => { /* reader gone: strace would get EPIPE too */ });
  }

  /** personality(2): returns the old value; `setarch -R` sets ADDR_NO_RANDOMIZE (0x0040000) before exec. */
  personality(persona?: number): number {
    this.enter();
    const old = this.proc.personality;
    if (persona !== undefined && persona !== 0xffffffff) this.proc.personality = persona;
    return old;
  }

  /** The simulated-machine's memory facts for free(1) and /proc/meminfo readers. */
  get profile() { return this.kernel.info.profile; }

  // ---- machine facts (uname, users) ---------------------------------------------------------------------------
  get machine() { return this.kernel.info; }
}

export { Vfs };
