// The kernel: the process table, fork/exec/exit/wait, signals, and the glue between processes, files and
// ttys. Programs are async functions over a Sys (their system-call surface); the kernel runs them, tears
// them down when a signal kills them, and reaps them as Linux does (zombies until the parent waits; orphans
// re-parented to init, which reaps at once).
import { SysError } from './errno.ts';
import { Clock, type HostTimers, type TimeMode } from './clock.ts';
import { DeviceFile, DirFile, InodeFile, type OpenFile, O_ACCMODE, O_APPEND, O_CREAT, O_DIRECTORY, O_EXCL, O_RDONLY, O_TRUNC, O_WRONLY } from './files.ts';
import { ExitRequest, IllegalInstruction, Interrupted, Killed, Process, basename } from './process.ts';
import { Random } from './random.ts';
import { SIG, dumpsCore, exitedStatus, ignoredByDefault, signalName } from './signals.ts';
import { copyRlimits, defaultRlimits } from './rlimits.ts';
import { Tty } from './tty.ts';
import { WaitQueue } from './waitqueue.ts';
import { R_OK, Vfs, W_OK, X_OK } from '../fs/vfs.ts';
import type { Credentials, FileInode } from '../fs/inode.ts';
import { decodeImage, type Image } from '../loader/image.ts';
import { Sys } from './sys.ts';
import type { SyscallRecord, TraceArg, Tracer } from './trace.ts';
import { Fault, PAGE_SIZE, type PagingHooks, type VmaChange } from './mm.ts';
import { PageCache } from './pagecache.ts';
import { CostModel } from './cost.ts';
import type { ElfInfo } from '../loader/elf.ts';

export type Program = (sys: Sys) => Promise<number>;

export type KernelEvent =
  | { type: 'output'; tty: number; data: Uint8Array }
  | { type: 'spawn'; pid: number; ppid: number; argv: string[] }
  | { type: 'exit'; pid: number; status: number }
  /** A process blocked reading a terminal (the shell at its prompt, a program waiting for Enter). */
  | { type: 'tty-wait'; tty: number; pid: number }
  | { type: 'syscall'; record: SyscallRecord }
  /** A signal delivered with its siginfo as strace prints it (--- SIGSEGV {...} ---). */
  | { type: 'signal'; pid: number; sig: number; info: string }
  | { type: 'vma'; pid: number; change: VmaChange };

/** What uname(2) and the profile say about the machine. */
export interface MachineInfo {
  sysname: string; nodename: string; release: string; version: string; machine: string;
  /** The distro profile: 'ubuntu-18.04' or 'debian-12'. */
  profile: string;
  /** /etc/os-release PRETTY_NAME. */
  prettyName: string;
  /** procps pid column width (strlen of pid_max). */
  pidMax: number;
}

export interface KernelOptions {
  seed: number;
  info: MachineInfo;
  time: TimeMode;
  bootEpochMs: number;
  firstPid: number;
  hostTimers?: HostTimers;
  /** Finds the program an executable image runs (the tool registry, later the C VM). */
  loadProgram(image: Image, path: string): Promise<Program>;
  emit(e: KernelEvent): void;
  /** Builds the new address space of a process that execs `prepared` (the ELF loader; see Machine). */
  loadImage?(proc: Process, prepared: PreparedExec): void;
  /** The ELF facts of a file (what parsing its headers would give), for size, readelf, file, ldd. */
  elfOf?(node: FileInode, path: string): ElfInfo | undefined;
}

/** An executable resolved by execve, ready to replace a process image. */
export interface PreparedExec {
  program: Program;
  argv: string[];
  /** The executable's canonical path (/proc/PID/exe). */
  exe: string;
  /** The path as the caller gave it to execve (bprm->filename: AT_EXECFN; a script's own name, not its interpreter's). */
  filename: string;
  image: Image;
  node: FileInode;
  /** Effective uid for a set-user-ID executable. */
  setuid?: number;
}

export interface SpawnOptions {
  argv: string[];
  env: string[];
  /** fd number in the child → fd number in the parent (default: 0,1,2 inherited). */
  fds?: Record<number, number>;
  pgid?: number; // 0: a new group led by the child
  cwd?: string;
  /** Trace the child from its execve on (strace CMD, ltrace CMD). */
  tracer?: Tracer;
}

const MAX_FDS = 1024;

export class Kernel {
  readonly clock: Clock;
  /** Which file pages are in memory (pagecache.ts) and what work costs in time (cost.ts). */
  readonly pageCache = new PageCache();
  readonly cost: CostModel;
  readonly vfs: Vfs;
  readonly random: Random;
  readonly procs = new Map<number, Process>();
  readonly ttys: Tty[] = [];
  readonly init: Process;
  private nextPid: number;
  private readonly childExit = new Map<number, WaitQueue>(); // parent pid → waiters
  private idleScheduled = false;
  private lastYield = 0;
  private nextPipeIno = 40000;
  /** The process whose system call is being served (procfs's /proc/self reads it). */
  current: Process | undefined;

  get info() { return this.opts.info; }

  readonly opts: KernelOptions;

  constructor(opts: KernelOptions) {
    this.opts = opts;
    this.clock = new Clock(opts.time, opts.bootEpochMs, opts.hostTimers);
    this.cost = new CostModel(this.clock);
    this.vfs = new Vfs(() => this.clock.now());
    this.random = new Random(opts.seed);
    this.init = new Process(1, 0, 0, { uid: 0, gid: 0, argv: ['/sbin/init'], env: [], cwd: '/', exe: '/sbin/init' });
    this.init.rlimits = defaultRlimits(opts.info.profile);
    this.init.state = 'S';
    this.procs.set(1, this.init);
    this.nextPid = opts.firstPid;
  }

  // ---- ttys ----------------------------------------------------------------------------------------------
  newTty(cols: number, rows: number): Tty {
    const index = this.ttys.length;
    const tty = new Tty(index, cols, rows, {
      output: (data) => this.opts.emit({ type: 'output', tty: index, data }),
      signalGroup: (pgrp, sig) => this.killGroup(pgrp, sig),
      waiting: (pid) => this.opts.emit({ type: 'tty-wait', tty: index, pid }),
    });
    this.ttys.push(tty);
    return tty;
  }

  // ---- processes -----------------------------------------------------------------------------------------
  allocPid(): number {
    while (this.procs.has(this.nextPid)) this.nextPid++;
    return this.nextPid++;
  }

  /** A new process with nothing running in it yet (the caller then runs a program in it). */
  createProcess(parent: Process, init: ConstructorParameters<typeof Process>[3]): Process {
    const p = new Process(this.allocPid(), parent.pid, this.clock.uptime(), init);
    p.uid = parent.uid; p.gid = parent.gid; p.euid = parent.euid; p.egid = parent.egid;
    p.umask = parent.umask;
    p.rlimits = copyRlimits(parent.rlimits);
    p.tty = parent.tty;
    p.personality = parent.personality;
    parent.children.add(p);
    this.procs.set(p.pid, p);
    return p;
  }

  /** fork(2): a child sharing the parent's open files, running `fn` (the "child branch" of the fork). */
  fork(parent: Process, fn: Program, opts: { pgid?: number; fds?: Record<number, number> } = {}): Process {
    const child = this.createProcess(parent, {
      uid: parent.uid, gid: parent.gid, argv: [...parent.argv], env: [...parent.env], cwd: parent.cwd,
      exe: parent.exe, pgid: parent.pgid, sid: parent.sid,
    });
    child.comm = parent.comm;
    child.dispositions = new Map(parent.dispositions);
    child.mm = parent.mm?.clone();
    if (child.mm) child.mm.paging = this.pagingFor(child);
    this.inheritTracer(parent, child);
    this.inheritFds(parent, child, opts.fds);
    if (opts.pgid !== undefined) child.pgid = opts.pgid === 0 ? child.pid : opts.pgid;
    this.opts.emit({ type: 'spawn', pid: child.pid, ppid: parent.pid, argv: child.argv });
    this.run(child, fn);
    return child;
  }

  /** posix_spawn: fork + execve in one, failing in the caller if the exec would fail. */
  async spawn(parent: Process, path: string, opts: SpawnOptions): Promise<Process> {
    const prepared = await this.prepareExec(parent, path, opts.argv, opts.cwd ?? parent.cwd);
    const child = this.createProcess(parent, {
      uid: parent.uid, gid: parent.gid, argv: prepared.argv, env: opts.env, cwd: opts.cwd ?? parent.cwd,
      exe: prepared.exe, pgid: parent.pgid, sid: parent.sid,
    });
    for (const [sig, d] of parent.dispositions) if (d === 'ignore') child.dispositions.set(sig, 'ignore');
    child.comm = basename(path).slice(0, 15);
    if (prepared.setuid !== undefined) child.euid = prepared.setuid;
    this.inheritTracer(parent, child);
    if (opts.tracer) this.tracers.set(child.pid, opts.tracer);
    this.inheritFds(parent, child, opts.fds);
    if (opts.pgid !== undefined) child.pgid = opts.pgid === 0 ? child.pid : opts.pgid;
    this.opts.emit({ type: 'spawn', pid: child.pid, ppid: parent.pid, argv: child.argv });
    this.startImage(child, prepared);
    return child;
  }

  private inheritTracer(parent: Process, child: Process) {
    const t = this.tracers.get(parent.pid);
    if (t?.follow) { this.tracers.set(child.pid, t); t.attached?.(parent.pid, child.pid); }
  }

  private inheritFds(parent: Process, child: Process, map?: Record<number, number>) {
    if (map) {
      for (const [to, from] of Object.entries(map)) {
        const f = parent.fds[from];
        if (!f) throw new SysError('EBADF');
        f.refs++;
        child.fds[Number(to)] = f;
      }
      return;
    }
    parent.fds.forEach((f, i) => { if (f && !parent.cloexec.has(i)) { f.refs++; child.fds[i] = f; } });
  }

  /** Resolves an executable for execve: permission checks, #! scripts, image decoding, program loading. */
  async prepareExec(proc: Process, path: string, argv: string[], cwd: string, depth = 0, filename = path):
    Promise<PreparedExec> {
    const look = this.vfs.resolve(path, cwd, proc.cred);
    const node = look.node;
    if (node.kind === 'dir') throw new SysError('EACCES', path);
    if (node.kind !== 'file') throw new SysError('EACCES', path);
    if (!this.vfs.permits(node, proc.cred, X_OK)) throw new SysError('EACCES', path);
    const bytes = Vfs.contents(node);
    if (bytes[0] === 0x23 && bytes[1] === 0x21) { // "#!"
      if (depth > 4) throw new SysError('ELOOP', path);
      const first = new TextDecoder().decode(bytes.subarray(2, Math.min(bytes.length, 258))).split('\n')[0]!.trim();
      const [interp, ...rest] = first.split(/\s+/);
      if (!interp) throw new SysError('ENOEXEC', path);
      const arg = rest.length ? [rest.join(' ')] : [];
      return this.prepareExec(proc, interp, [interp, ...arg, path, ...argv.slice(1)], cwd, depth + 1, filename);
    }
    const image = decodeImage(bytes);
    if (!image) throw new SysError('ENOEXEC', path);
    const program = await this.opts.loadProgram(image, look.path);
    // A set-user-ID executable (sudo) runs with its owner as effective user.
    return { program, argv, exe: look.path, filename, image, node, ...(node.mode & 0o4000 ? { setuid: node.uid } : {}) };
  }

  /** execve(2) inside a running process: the old program is torn down at its next system call. */
  async exec(proc: Process, path: string, argv: string[], env: string[]): Promise<never> {
    const prepared = await this.prepareExec(proc, path, argv, proc.cwd);
    proc.generation++;
    proc.argv = prepared.argv;
    proc.env = env;
    proc.exe = prepared.exe;
    proc.comm = basename(path).slice(0, 15); // Linux takes comm from the name passed to execve
    if (prepared.setuid !== undefined) proc.euid = prepared.setuid;
    for (const fd of proc.cloexec) this.closeFd(proc, fd);
    proc.cloexec.clear();
    for (const [sig, d] of proc.dispositions) if (typeof d === 'function') proc.dispositions.set(sig, 'default');
    this.startImage(proc, prepared);
    throw new Killed();
  }

  /** execve's last step: the new address space (the loader may kill the process, e.g. a missing library), then the program. */
  startImage(proc: Process, prepared: PreparedExec) {
    try {
      this.opts.loadImage?.(proc, prepared);
    } catch (e) {
      // The loader may end the process itself (ld.so's LD_TRACE_LOADED_OBJECTS listing: _exit(0)).
      if (e instanceof ExitRequest) { this.exit(proc, exitedStatus(e.code)); return; }
      // Past execve's point of no return (no room left under RLIMIT_AS or RLIMIT_STACK): SIGSEGV, not an error.
      if (e instanceof SysError && e.code === 'ENOMEM') { this.segv(proc, new Fault(0, 'SI_KERNEL')); return; }
      if (e instanceof Fault) { this.segv(proc, e); return; }
      const msg = `${prepared.argv[0] ?? prepared.exe}: ${e instanceof Error ? e.message : String(e)}\n`;
      void proc.fds[2]?.write(new TextEncoder().encode(msg), proc);
      this.exit(proc, exitedStatus(127));
      return;
    }
    this.run(proc, prepared.program);
  }

  /**
   * A fault the CPU raised kills the process (force_sig_fault): tracers and the event stream see its siginfo.
   * Returns the wait status of that death.
   */
  private faultDeath(proc: Process, sig: number, info: string): number {
    this.tracers.get(proc.pid)?.signal?.(proc.pid, sig, info);
    this.opts.emit({ type: 'signal', pid: proc.pid, sig, info });
    return this.signaledStatus(sig, proc);
  }

  /** A bad memory access: SIGSEGV with the faulting address. */
  private segvDeath(proc: Process, e: Fault): number {
    const addr = e.addr === 0 ? 'NULL' : '0x' + e.addr.toString(16);
    return this.faultDeath(proc, SIG.SIGSEGV, `{si_signo=SIGSEGV, si_code=${e.kind}, si_addr=${addr}}`);
  }

  /** The process dies of SIGSEGV for `e`. */
  private segv(proc: Process, e: Fault) {
    this.exit(proc, this.segvDeath(proc, e));
  }

  /** Starts `program` in `proc` and turns how it ends into an exit status. */
  run(proc: Process, program: Program) {
    const gen = proc.generation;
    const sys = new Sys(this, proc, gen);
    void (async () => {
      let status: number;
      try {
        const code = await program(sys);
        // Every program ends in exit_group(2); strace shows it (the C library traces its own).
        if (!proc.exitTraced && !proc.dead && proc.generation === gen) this.traceSyscall(proc, 'exit_group', [String(code & 0xff)], '?');
        status = exitedStatus(code);
      } catch (e) {
        if (e instanceof Killed || proc.dead || proc.generation !== gen) return;
        if (e instanceof ExitRequest) {
          if (!proc.exitTraced && !proc.dead) this.traceSyscall(proc, 'exit_group', [String(e.code & 0xff)], '?');
          status = exitedStatus(e.code);
        }
        else if (e instanceof SysError && e.code === 'EPIPE') status = this.signaledStatus(SIG.SIGPIPE, proc);
        else if (e instanceof RangeError && /call stack/i.test(e.message) && proc.mm) {
          // The VM runs C calls on the host's stack, which is exhausted long before an 8 MiB simulated stack
          // would be (README: Known gaps): a runaway recursion ends as on Linux, by SIGSEGV at the stack guard.
          const stack = proc.mm.vmas.find((v) => proc.mm!.nameOf(v) === '[stack]');
          status = this.segvDeath(proc, new Fault(stack ? stack.start - 8 : 0, 'SEGV_MAPERR'));
        }
        else if (e instanceof Fault) status = this.segvDeath(proc, e);
        else if (e instanceof IllegalInstruction) {
          status = this.faultDeath(proc, SIG.SIGILL, `{si_signo=SIGILL, si_code=ILL_ILLOPN, si_addr=0x${e.addr.toString(16)}}`);
        }
        else {
          // A bug in a simulated program must not take the machine down: report it like a crash.
          const msg = `memsim: internal error in ${proc.comm}: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`;
          try { await sys.write(2, msg); } catch { /* stderr gone */ }
          status = this.signaledStatus(SIG.SIGABRT, proc);
        }
      }
      if (proc.generation === gen && !proc.dead) this.exit(proc, status);
    })();
  }

  /** The end of a process: files closed, children to init, parent told (SIGCHLD, wait queue). */
  exit(proc: Process, status: number) {
    if (proc.dead) return;
    proc.dead = true;
    proc.state = 'Z';
    proc.status = status;
    proc.interrupt(new Killed());
    proc.mm?.writeBackShared(); // MAP_SHARED file pages reach the file when the address space goes away
    proc.fds.forEach((_, fd) => this.closeFd(proc, fd));
    proc.fds = [];
    for (const c of proc.children) {
      c.ppid = 1;
      this.init.children.add(c);
      if (c.dead) this.reap(c);
    }
    proc.children.clear();
    this.opts.emit({ type: 'exit', pid: proc.pid, status });
    const tracer = this.tracers.get(proc.pid);
    if (tracer) { this.tracers.delete(proc.pid); tracer.exited?.(proc.pid, status); }
    // Every exit may leave only blocked processes behind, an orphan's too (the intermittent hang of the static
    // hello under strace: a backgrounded copy, reparented to init, woke from its sleep and exited; no idle check
    // followed, so the traced copy's timer never fired).
    this.scheduleIdleCheck();
    const parent = this.procs.get(proc.ppid);
    if (!parent || parent === this.init || parent.dead) { this.reap(proc); return; }
    this.childExit.get(parent.pid)?.wakeAll();
    this.signal(parent, SIG.SIGCHLD);
  }

  private reap(proc: Process) {
    proc.reaped = true;
    const parent = this.procs.get(proc.ppid);
    if (parent) { parent.cutimeMs += proc.utimeMs + proc.cutimeMs; parent.cstimeMs += proc.stimeMs + proc.cstimeMs; }
    this.procs.delete(proc.pid);
    this.procs.get(proc.ppid)?.children.delete(proc);
    this.init.children.delete(proc);
  }

  /** waitpid(2). pid -1: any child; pid > 0: that child. Returns undefined with nohang and none ready. */
  async wait(proc: Process, pid: number, nohang: boolean): Promise<{ pid: number; status: number } | undefined> {
    for (;;) {
      const candidates = [...proc.children].filter((c) => pid === -1 || c.pid === pid || (pid < -1 && c.pgid === -pid));
      if (!candidates.length) throw new SysError('ECHILD');
      const done = candidates.find((c) => c.dead);
      if (done) {
        this.reap(done);
        return { pid: done.pid, status: done.status! };
      }
      if (nohang) return undefined;
      let q = this.childExit.get(proc.pid);
      if (!q) this.childExit.set(proc.pid, (q = new WaitQueue()));
      await this.blockOn(q, proc);
    }
  }

  // ---- signals ---------------------------------------------------------------------------------------------
  /**
   * The wait status of a death by `sig`, with the core-dump bit when the kernel wrote a core: Ubuntu 18.04 pipes
   * cores to apport (a piped core_pattern ignores RLIMIT_CORE 0, so bash says "(core dumped)"); Debian's pattern
   * is a file `core` and its soft limit 0, so no core and no bit (`ulimit -c` 0 on both).
   */
  signaledStatus(sig: number, proc?: Process): number {
    return (sig & 0x7f) | (dumpsCore(sig) && this.writesCore(proc) ? 0x80 : 0);
  }

  /**
   * Whether a core dump happens (do_coredump): apport's pipe takes it whatever RLIMIT_CORE says but 1 (its guard
   * against recursion); a core file needs RLIMIT_CORE of a page at least (`ulimit -c 4` or more). No file is written.
   */
  private writesCore(proc: Process | undefined): boolean {
    const limit = proc?.rlimits.CORE.cur ?? 0;
    return this.opts.info.profile === 'ubuntu-18.04' ? limit !== 1 : limit >= 4096;
  }

  kill(sender: Process, pid: number, sig: number, code: 'SI_USER' | 'SI_TKILL' = 'SI_USER') {
    if (sig < 0 || sig > 64) throw new SysError('EINVAL');
    const targets = pid > 0 ? [this.procs.get(pid)].filter((p): p is Process => !!p)
      : pid === 0 ? this.group(sender.pgid)
        : pid === -1 ? [...this.procs.values()].filter((p) => p.pid > 1 && p !== sender)
          : this.group(-pid);
    if (!targets.length) throw new SysError('ESRCH');
    const allowed = targets.filter((t) => sender.euid === 0 || sender.uid === t.uid || sender.euid === t.uid);
    if (!allowed.length) throw new SysError('EPERM');
    if (sig === 0) return;
    const name = signalName(sig) ?? String(sig);
    for (const t of allowed) this.signal(t, sig, `{si_signo=${name}, si_code=${code}, si_pid=${sender.pid}, si_uid=${sender.uid}}`);
  }

  private group(pgid: number) { return [...this.procs.values()].filter((p) => p.pgid === pgid && !p.dead); }

  killGroup(pgrp: number, sig: number) { for (const p of this.group(pgrp)) this.signal(p, sig); }

  /** Delivers a signal: default action (terminate, ignore), ignore, or a handler that interrupts a blocked call. */
  signal(proc: Process, sig: number, info?: string) {
    if (proc.dead || proc === this.init) return;
    const tracer = this.tracers.get(proc.pid);
    if (tracer?.signal && sig !== SIG.SIGKILL) {
      const name = signalName(sig) ?? String(sig);
      tracer.signal(proc.pid, sig, info ?? `{si_signo=${name}, si_code=SI_KERNEL}`);
    }
    const d = sig === SIG.SIGKILL ? 'default' : proc.dispositions.get(sig) ?? 'default';
    if (d === 'ignore') return;
    if (d === 'default') {
      if (ignoredByDefault(sig)) return;
      if (sig === SIG.SIGCONT) return;
      this.exit(proc, this.signaledStatus(sig, proc));
      return;
    }
    d(sig);
    proc.interrupt(new Interrupted(sig));
  }

  // ---- files -----------------------------------------------------------------------------------------------
  installFd(proc: Process, f: OpenFile, min = 0): number {
    const limit = Math.min(MAX_FDS, proc.rlimits.NOFILE.cur); // RLIMIT_NOFILE
    for (let fd = min; fd < limit; fd++) {
      if (!proc.fds[fd]) { proc.fds[fd] = f; return fd; }
    }
    throw new SysError('EMFILE');
  }

  closeFd(proc: Process, fd: number) {
    const f = proc.fds[fd];
    if (!f) return false;
    proc.fds[fd] = undefined;
    proc.cloexec.delete(fd);
    if (--f.refs === 0) f.release();
    return true;
  }

  /** open(2) semantics on the vfs: O_CREAT/O_EXCL/O_TRUNC/O_APPEND, permission checks, devices. */
  openFile(proc: Process, path: string, flags: number, mode = 0o666): OpenFile {
    const cred: Credentials = proc.cred;
    let node;
    let resolvedPath = path;
    try {
      const look = this.vfs.resolve(path, proc.cwd, cred);
      node = look.node;
      resolvedPath = look.path;
      if ((flags & O_CREAT) && (flags & O_EXCL)) throw new SysError('EEXIST', path);
    } catch (e) {
      if (!(e instanceof SysError) || e.code !== 'ENOENT' || !(flags & O_CREAT)) throw e;
      node = this.vfs.create(path, proc.cwd, cred, mode & ~proc.umask);
      this.pageCache.created(node);
      resolvedPath = path.startsWith('/') ? path : `${proc.cwd}/${path}`.replace(/\/+/g, '/');
    }
    const acc = flags & O_ACCMODE;
    if (node.kind === 'dir') {
      if (acc !== O_RDONLY) throw new SysError('EISDIR', path);
    } else if (flags & O_DIRECTORY) throw new SysError('ENOTDIR', path);
    const want = (acc === O_RDONLY ? R_OK : acc === O_WRONLY ? W_OK : R_OK | W_OK);
    if (node.kind === 'file' && node.onWrite && acc !== O_RDONLY && cred.uid !== 0 && !(node.mode & 0o002)) {
      throw new SysError('EACCES', path);
    }
    this.vfs.check(node, cred, want, path);
    switch (node.kind) {
      case 'file':
        if ((flags & O_TRUNC) && acc !== O_RDONLY && !node.onWrite) { this.vfs.truncate(node, 0); this.pageCache.truncate(node, 0); }
        return new InodeFile(node, flags, resolvedPath, this.vfs, cred);
      case 'chr':
        return new DeviceFile(node, flags, resolvedPath, this.vfs);
      case 'dir':
        return new DirFile(node, flags, resolvedPath, this.vfs);
      default:
        throw new SysError('ELOOP', path);
    }
  }

  newPipeIno() { return this.nextPipeIno++; }

  /** Emits one system call of `proc` (strace, ltrace -S and the memory-map view listen). */
  traceSyscall(proc: Process, name: string, args: TraceArg[], ret: string) {
    this.cost.syscall(proc);
    const t = this.tracers.get(proc.pid);
    if (t) { t.enter(proc.pid, name, args); t.exit(proc.pid, name, [], ret); }
    this.opts.emit({ type: 'syscall', record: { pid: proc.pid, name, args, ret, at: this.clock.uptime() } });
  }

  /**
   * A call that may block (read from a terminal, wait4): the tracer sees its entry now with the arguments
   * known so far; the returned function reports its exit with the rest of the arguments and the result.
   */
  traceBlocking(proc: Process, name: string, args: TraceArg[]): (rest: TraceArg[], ret: string) => void {
    this.tracers.get(proc.pid)?.enter(proc.pid, name, args);
    return (rest, ret) => {
      this.tracers.get(proc.pid)?.exit(proc.pid, name, rest, ret);
      this.opts.emit({ type: 'syscall', record: { pid: proc.pid, name, args: [...args, ...rest], ret, at: this.clock.uptime() } });
    };
  }

  /**
   * A library call of `proc` (ltrace): the tracer sees its entry now; the returned function reports its return.
   * Calls that write or make system calls (printf, malloc growing the heap) report their entry before running,
   * so their output lands inside ltrace's line as on Linux.
   */
  traceLibcallEnter(proc: Process, name: string, args: TraceArg[]): (ret: string) => void {
    this.tracers.get(proc.pid)?.libcallEnter?.(proc.pid, name, args);
    return (ret) => this.tracers.get(proc.pid)?.libcallExit?.(proc.pid, name, ret);
  }

  /** A library call reported once it has returned (LibcHost.traceLibcall). */
  traceLibcall(proc: Process, name: string, args: TraceArg[], ret: string) {
    const t = this.tracers.get(proc.pid);
    if (!t) return;
    t.libcallEnter?.(proc.pid, name, args);
    t.libcallExit?.(proc.pid, name, ret);
  }

  /** Tracers by traced pid (strace, ltrace -S). */
  readonly tracers = new Map<number, Tracer>();

  /** Attaches `tracer` to a process (PTRACE_ATTACH / PTRACE_TRACEME before exec). */
  attachTracer(pid: number, tracer: Tracer) {
    if (!this.procs.has(pid)) throw new SysError('ESRCH');
    this.tracers.set(pid, tracer);
  }

  // ---- paging -------------------------------------------------------------------------------------------------
  /** The page cache and the cost model as `proc`'s address space sees them (its faults are charged to it). */
  pagingFor(proc: Process): PagingHooks {
    return {
      fault: (file, index, write, shared) => {
        if (!file || !PageCache.caches(file)) {
          this.cost.fault(proc, { found: file ? 'hit' : 'anon', write, shared, sequential: true });
          return false;
        }
        const { found, sequential } = this.pageCache.fault(file, index);
        this.cost.fault(proc, { found, write, shared, sequential });
        return found === 'disk';
      },
      wroteBack: (file, index) => { if (PageCache.caches(file)) this.pageCache.wroteBack(file, index); },
    };
  }

  /** drop_caches: clean, unmapped pages leave the page cache (pages some process maps stay). */
  dropPageCache() {
    const mapped = new Set<string>();
    for (const p of this.procs.values()) {
      if (p.dead || !p.mm) continue;
      for (const v of p.mm.vmas) {
        if (!v.file) continue;
        for (const vpn of v.pages.keys()) mapped.add(`${v.file.ino}:${(v.offset + vpn * PAGE_SIZE - v.start) / PAGE_SIZE}`);
      }
    }
    this.pageCache.drop((node, index) => mapped.has(`${node.ino}:${index}`));
  }

  // ---- scheduling --------------------------------------------------------------------------------------------
  /** Parks `proc` on a wait queue, keeping the idle accounting for virtual time. */
  blockOn(q: WaitQueue, proc: Process) {
    const p = q.wait(proc);
    this.scheduleIdleCheck();
    return p;
  }

  sleep(proc: Process, ms: number): Promise<void> {
    let id = 0;
    const p = proc.block((wake) => {
      id = this.clock.addTimer(ms, wake);
      return () => this.clock.cancel(id);
    });
    this.scheduleIdleCheck();
    return p;
  }

  /** Whether every live process waits (for input, a timer, a child): nothing happens until the host or a timer acts. */
  allBlocked(): boolean {
    for (const p of this.procs.values()) if (p !== this.init && !p.dead && !p.blocked) return false;
    return true;
  }

  /** In virtual time: when every live process is blocked, jump the clock to the next timer. */
  scheduleIdleCheck() {
    if (this.clock.mode !== 'virtual' || this.idleScheduled) return;
    this.idleScheduled = true;
    setTimeout(() => {
      this.idleScheduled = false;
      // If someone is still running, nothing to do: every path into a wait (blockOn, sleep, a blocking read or write) and every
      // exit schedules the next check. Checked by running the whole unit suite with a yield at every system call.
      if (this.allBlocked()) { if (this.clock.advance()) this.scheduleIdleCheck(); }
    }, 0);
  }

  /** Long-running programs call this at system calls: every ~8 ms, let the host handle input (Ctrl-C). */
  async maybeYield() {
    const t = performance.now();
    if (t - this.lastYield < 8) return;
    this.lastYield = t;
    await new Promise<void>((r) => setTimeout(r, 0));
  }

  dispose() { this.clock.dispose(); }
}

export { O_APPEND, O_CREAT, O_TRUNC };
