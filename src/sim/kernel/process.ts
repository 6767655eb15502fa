// A process: identity, credentials, file descriptors, signal dispositions and its lifecycle state.
// Programs are coroutines; a blocked system call parks in `block()` and is woken by the waker or torn down
// by a signal (Killed when the process dies, Interrupted when a handler ran: EINTR).
import { defaultRlimits, type Rlimits } from './rlimits.ts';
import type { OpenFile } from './files.ts';
import type { Tty } from './tty.ts';
import type { AddressSpace } from './mm.ts';

/** Thrown into a program's coroutine when its process has died (killed, or exec'd over). */
/** An instruction the CPU refuses (ud2, a compiler's trap): the kernel turns it into SIGILL. */
export class IllegalInstruction extends Error {
  readonly addr: number;
  constructor(addr: number) { super(`illegal instruction at 0x${addr.toString(16)}`); this.addr = addr; }
}

export class Killed extends Error {
  constructor() { super('process is gone'); }
}
/** A blocked call was interrupted by a signal whose handler ran (EINTR). */
export class Interrupted extends Error {
  readonly sig: number;
  constructor(sig: number) { super('Interrupted system call'); this.sig = sig; }
}
/** Unwinds a program that called exit(). */
export class ExitRequest extends Error {
  readonly code: number;
  constructor(code: number) { super(`exit(${code})`); this.code = code; }
}

export type Disposition = 'default' | 'ignore' | ((sig: number) => void);
export type ProcState = 'R' | 'S' | 'T' | 'Z';

export class Process {
  readonly pid: number;
  ppid: number;
  readonly startMs: number;
  pgid: number;
  sid: number;
  uid: number; gid: number; euid: number; egid: number;
  argv: string[];
  env: string[];
  cwd: string;
  comm: string;
  exe: string;
  fds: (OpenFile | undefined)[] = [];
  cloexec = new Set<number>();
  tty: Tty | undefined;
  state: ProcState = 'R';
  /** wait(2) status once a zombie. */
  status: number | undefined;
  readonly children = new Set<Process>();
  dispositions = new Map<number, Disposition>();
  /** Incremented at each exec: a coroutine of an older image gets Killed at its next system call. */
  generation = 0;
  dead = false;
  reaped = false;
  umask = 0o022;
  /** Resource limits (kernel/rlimits.ts): a copy of the parent's, set at fork. */
  rlimits: Rlimits = defaultRlimits('');
  /** Modelled user and system time (cost.ts), and that of the children it reaped (getrusage RUSAGE_CHILDREN). */
  utimeMs = 0;
  stimeMs = 0;
  cutimeMs = 0;
  cstimeMs = 0;
  /** The process's own clock (cost.ts): its last synchronised reading (whole ns of uptime), the modelled time
   * it ran since (ns), and whether it has waited since (its next reading then catches up with the machine's clock). */
  clockSyncNs: number | undefined;
  ranNs = 0;
  waited = false;
  /** The address space (undefined for kernel-side helpers that never exec'd an image). */
  mm: AddressSpace | undefined;
  /** personality(2) flags: ADDR_NO_RANDOMIZE (0x0040000) is what `setarch -R` sets; inherited across fork/exec. */
  personality = 0;
  /** exit_group was already traced (by the C library's exit); otherwise the kernel traces it at the end. */
  exitTraced = false;
  /**
   * An interactive bash's history list (what `history` prints, what Up recalls), shared by reference so the
   * Machine can hand it to the page, which keeps it across reloads, and give it back to a new login shell:
   * the page's stand-in for ~/.bash_history (see README, Known gaps). Not inherited: a child bash has its own.
   */
  shellHistory: string[] | undefined;
  /** Cancel functions of the calls this process is blocked in (a JS program may await several at once). */
  private readonly blockers = new Set<(err: Error) => void>();

  constructor(
    pid: number,
    ppid: number,
    startMs: number,
    init: { uid: number; gid: number; argv: string[]; env: string[]; cwd: string; exe: string; pgid?: number; sid?: number },
  ) {
    this.pid = pid;
    this.ppid = ppid;
    this.startMs = startMs;
    this.uid = this.euid = init.uid;
    this.gid = this.egid = init.gid;
    this.argv = init.argv;
    this.env = init.env;
    this.cwd = init.cwd;
    this.exe = init.exe;
    this.comm = basename(init.exe).slice(0, 15);
    this.pgid = init.pgid ?? pid;
    this.sid = init.sid ?? pid;
  }

  get cred() { return { uid: this.euid, gid: this.egid }; }
  get blocked() { return this.blockers.size > 0; }

  /**
   * Parks the process until `wake` is called. `register` hooks the waker somewhere and returns an unhook.
   * The state reads 'S' while parked, as /proc shows a sleeping task.
   */
  block(register: (wake: () => void) => () => void, onPark?: (parked: boolean) => void): Promise<void> {
    if (this.dead) return Promise.reject(new Killed());
    return new Promise<void>((resolve, reject) => {
      let unhook: () => void = () => {};
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        this.blockers.delete(finish);
        if (this.state === 'S' && this.blockers.size === 0) this.state = 'R';
        unhook();
        onPark?.(false);
        if (err) reject(err); else resolve();
      };
      this.blockers.add(finish);
      this.waited = true;
      this.state = 'S';
      onPark?.(true);
      unhook = register(() => finish());
    });
  }

  /** Tears down the current blocking call with `err` (a signal arrived). */
  interrupt(err: Error) { for (const cancel of [...this.blockers]) cancel(err); }
}

export function basename(p: string): string {
  const t = p.replace(/\/+$/, '');
  return t.slice(t.lastIndexOf('/') + 1) || t;
}
