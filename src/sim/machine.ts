// Machine: the only door into the simulator. Transport-neutral and deterministic given a seed: the browser
// worker, the CLI and the tests all drive this same class. It streams events (terminal output, process
// starts and exits); hosts feed keys in.
import { Kernel, type KernelEvent, type Program } from './kernel/kernel.ts';
import type { TimeMode } from './kernel/clock.ts';
import { O_RDWR } from './kernel/files.ts';
import { SysError } from './kernel/errno.ts';
import { DEFAULT_PROFILE, getProfile, type ProfileName } from './loader/profiles.ts';
import { decodeImage, type Image } from './loader/image.ts';
import type { ElfInfo } from './loader/elf.ts';
import type { ProfileImages } from './loader/images/types.ts';
import type { FileInode } from './fs/inode.ts';
import { bootFilesystem, installFiles, LABS_ROOT, STUDENT } from './boot.ts';
import { TOOLS } from './tools/registry.ts';
import type { ProcTunables } from './fs/procfs.ts';
import { shellStatus } from './kernel/signals.ts';
import { profileImages } from './loader/images/index.ts';
import { loadImage } from './loader/load.ts';

/**
 * What the machine streams: terminal bytes, process starts and ends, terminals waiting for input (a `tty-wait`
 * for the terminal's shell pid means it is at its prompt), every modelled system call, and VMA changes.
 */
export type MachineEvent = KernelEvent | { type: 'tty-exit'; tty: number; status: number };

export interface MachineOptions {
  profile?: ProfileName;
  seed?: number;
  /** 'real' (default): sleeps take real time. 'virtual': time jumps when every process waits (tests, CLI -c). */
  time?: TimeMode;
  /** Files under labs/ (relative paths) to install at ~/chapters/data/. */
  labs?: Record<string, string | Uint8Array>;
  /** Extra files: relative to the home directory, or absolute. */
  files?: Record<string, string | Uint8Array>;
}

export interface TerminalOptions { cols?: number; rows?: number; cwd?: string; }

/** Environment of a login on the course machine (what `env` shows). */
function loginEnv(cwd: string, lang: string): string[] {
  return [
    `HOME=${STUDENT.home}`, `USER=${STUDENT.name}`, `LOGNAME=${STUDENT.name}`, 'SHELL=/bin/bash',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm-256color', `LANG=${lang}`,
    `PWD=${cwd}`,
  ];
}

export class Machine {
  readonly kernel: Kernel;
  readonly profile: ProfileName;
  private listeners = new Set<(e: MachineEvent) => void>();
  private shells = new Map<number, number>(); // tty → login shell pid
  /** /proc/sys knobs; writing 1 or 3 to drop_caches empties the page cache's clean pages (pagecache.ts). */
  readonly tunables: ProcTunables = { randomizeVaSpace: 2, dropCaches: (level) => { if (level & 1) this.kernel.dropPageCache(); } };

  constructor(opts: MachineOptions = {}) {
    const profile = getProfile(opts.profile ?? DEFAULT_PROFILE);
    this.profile = profile.name;
    // The profile's ELF data must have been loaded (await loadProfileImages(name)); without it processes
    // run with no address-space model.
    const images = profileImages(profile.name);
    this.kernel = new Kernel({
      seed: opts.seed ?? 1,
      info: profile.info,
      time: opts.time ?? 'real',
      bootEpochMs: Date.UTC(2026, 9, 5, 9, 0, 0) + ((opts.seed ?? 1) % 1000) * 1000,
      firstPid: profile.firstPid,
      loadProgram: (image, path) => loadProgram(image, path),
      emit: (e: KernelEvent) => this.emit(e),
      elfOf: (node, path) => elfOfFile(node, path, images),
      loadImage: images ? (proc, prepared) => loadImage(
        { kernel: this.kernel, profile: profile.name, images, randomizeVaSpace: () => this.tunables.randomizeVaSpace }, proc, prepared) : undefined,
    });
    bootFilesystem(this.kernel, profile, this.tunables, images);
    if (opts.labs) installFiles(this.kernel, LABS_ROOT, opts.labs);
    if (opts.files) installFiles(this.kernel, STUDENT.home, opts.files);
  }

  subscribe(fn: (e: MachineEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private emit(e: MachineEvent) { for (const l of this.listeners) l(e); }

  /**
   * Installs lab files (relative paths under labs/) at ~/chapters/data/ after the boot, as `labs` in the options
   * does at boot: the page's worker loads them with the first terminal, to keep them out of the first download.
   */
  installLabs(labs: Record<string, string | Uint8Array>) { installFiles(this.kernel, LABS_ROOT, labs); }

  /** Opens a terminal with a login bash on it; returns the tty number (pts/N). */
  async openTerminal(opts: TerminalOptions = {}): Promise<number> {
    return this.startOnTty(['/bin/bash'], opts);
  }

  /**
   * Runs one command line non-interactively on a fresh terminal (`bash -c LINE`), as the CLI's -c does.
   * Resolves with the line's exit status once the shell has ended.
   */
  async runCommand(line: string, opts: TerminalOptions = {}): Promise<{ tty: number; status: number }> {
    const done = new Promise<{ tty: number; status: number }>((resolve) => {
      const off = this.subscribe((e) => {
        if (e.type === 'tty-exit' && e.tty === ttyRef.tty) { off(); resolve({ tty: e.tty, status: e.status }); }
      });
    });
    const ttyRef = { tty: -1 };
    ttyRef.tty = await this.startOnTty(['/bin/bash', '-c', line], opts);
    return done;
  }

  private async startOnTty(argv: string[], opts: TerminalOptions): Promise<number> {
    const cols = opts.cols ?? 80, rows = opts.rows ?? 24;
    const k = this.kernel;
    const tty = k.newTty(cols, rows);
    const cwd = opts.cwd ?? STUDENT.home;
    // The session leader is spawned from init with the terminal as fds 0-2, as login/sshd would.
    const login = k.createProcess(k.init, { uid: STUDENT.uid, gid: STUDENT.gid, argv: ['login'], env: [], cwd, exe: '/bin/login' });
    login.uid = login.euid = STUDENT.uid; login.gid = login.egid = STUDENT.gid;
    login.tty = tty;
    const devPath = `/dev/pts/${tty.minor}`;
    k.vfs.putNode(devPath, Object.assign(k.vfs.newDevice(tty, 0o620, STUDENT.uid, 5)));
    const f = k.openFile(login, devPath, O_RDWR);
    login.fds = [f, f, f];
    f.refs = 3;
    tty.sid = login.pid;
    try {
      const prepared = await k.prepareExec(login, argv[0]!, argv, cwd);
      login.argv = prepared.argv;
      login.env = loginEnv(cwd, this.profile === 'ubuntu-18.04' ? 'en_US.UTF-8' : 'C.UTF-8');
      login.exe = prepared.exe;
      login.comm = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
      tty.setForeground(login.pgid);
      this.shells.set(tty.minor, login.pid);
      const off = this.subscribe((e) => {
        if (e.type === 'exit' && e.pid === login.pid) {
          off();
          this.emit({ type: 'tty-exit', tty: tty.minor, status: shellStatus(e.status) });
        }
      });
      k.startImage(login, prepared);
    } catch (e) {
      k.exit(login, 127 << 8);
      throw e;
    }
    return tty.minor;
  }

  /** Keys typed on terminal `tty` (xterm's onData strings). */
  input(tty: number, data: string) {
    const t = this.kernel.ttys[tty];
    if (!t) throw new SysError('ENXIO');
    t.input(data);
  }

  resize(tty: number, cols: number, rows: number) { this.kernel.ttys[tty]?.resize(cols, rows); }

  /**
   * Virtual time only: while held, the clock stands still when every process waits (Clock.held). `memsim check`
   * holds it between the commands it types, so programs started in the background (`sleep 100 &`) are still
   * there for the next command. Releasing it lets a waiting machine jump to its next timer again.
   */
  holdTime(held: boolean) {
    this.kernel.clock.held = held;
    if (!held) this.kernel.scheduleIdleCheck();
  }

  /** Whether every process waits (for input, a timer, a child): nothing happens until the host or a timer acts. */
  idle(): boolean { return this.kernel.allBlocked(); }

  /** Pid of the login shell on a terminal (for `$$` checks and the UI). */
  shellPid(tty: number) { return this.shells.get(tty); }

  /** The command lines entered in a terminal's login shell, oldest first (what its `history` lists). */
  shellHistory(tty: number): string[] {
    const pid = this.shells.get(tty);
    return [...((pid !== undefined && this.kernel.procs.get(pid)?.shellHistory) || [])];
  }

  /**
   * Gives a terminal's login shell earlier command lines (the page's saved history): they come before the
   * lines entered since, and Up recalls them, as lines read from ~/.bash_history at bash's start would be.
   */
  addShellHistory(tty: number, lines: string[]) {
    const pid = this.shells.get(tty);
    const proc = pid === undefined ? undefined : this.kernel.procs.get(pid);
    if (!proc || !lines.length) return;
    // Before bash reaches its prompt the list is the process's; bash adopts it (src/sim/shell/main.ts).
    if (proc.shellHistory) proc.shellHistory.unshift(...lines);
    else proc.shellHistory = [...lines];
  }

  /**
   * A file's text as a program would read it (the editor and knobs use this); undefined when there is no such
   * regular file. Relative paths are from the student's home.
   */
  readFile(path: string): string | undefined {
    const node = this.lookupFile(path);
    return node ? new TextDecoder().decode(node.data.subarray(0, node.size)) : undefined;
  }

  /**
   * Saves a file as an editor does: the same inode (open descriptors see the new bytes), the new size, and a new
   * mtime from the machine's clock so `make` sees it as newer than its targets. Missing parents are created.
   */
  writeFile(path: string, text: string) {
    const abs = path.startsWith('/') ? path : `${STUDENT.home}/${path}`;
    const bytes = new TextEncoder().encode(text);
    const node = this.lookupFile(abs);
    if (!node) { installFiles(this.kernel, STUDENT.home, { [abs]: bytes }); return; }
    node.data = bytes;
    node.size = bytes.length;
    node.mtimeMs = node.ctimeMs = this.kernel.vfs.now();
  }

  private lookupFile(path: string): FileInode | undefined {
    const abs = path.startsWith('/') ? path : `${STUDENT.home}/${path}`;
    try {
      const { node } = this.kernel.vfs.resolve(abs, '/', { uid: 0, gid: 0 });
      return node?.kind === 'file' ? node : undefined;
    } catch { return undefined; }
  }

  /** A snapshot of the process table (pid, ppid, tty, command line, working directory) for views and tests. */
  processes() {
    return [...this.kernel.procs.values()].filter((p) => p.pid !== 1 && !p.dead)
      .map((p) => ({ pid: p.pid, ppid: p.ppid, tty: p.tty?.minor, comm: p.comm, argv: [...p.argv], cwd: p.cwd, state: p.state }));
  }

  dispose() { this.kernel.dispose(); this.listeners.clear(); }
}

/** ELF facts of a file: a program image carries or names them; libraries are found by their real path. */
function elfOfFile(node: FileInode, path: string, images: ProfileImages | undefined): ElfInfo | undefined {
  const img = decodeImage(node.data.subarray(0, Math.min(node.data.length, 1 << 20)));
  if (img?.kind === 'c') return img.elf as ElfInfo | undefined;
  if (img?.kind === 'tool' && img.tool) return images?.programs[img.tool]?.elf;
  if (!images) return undefined;
  if (path === images.ldso.path || path === images.ldso.path.replace(/^\/lib\//, '/usr/lib/')) return images.ldso.elf;
  for (const lib of Object.values(images.libraries)) {
    if (lib.realPath === path || lib.realPath.replace(/^\/lib\//, '/usr/lib/') === path) return lib.elf;
  }
  return undefined;
}

async function loadProgram(image: Image, path: string): Promise<Program> {
  if (image.kind === 'tool' && image.tool && TOOLS[image.tool]) return (await TOOLS[image.tool]!.load()).default;
  if (image.kind === 'c' && image.program) { const { runC } = await import('./cc/run.ts'); return (sys) => runC(sys, image); }
  throw new SysError('ENOEXEC', path);
}
