// One terminal on the machine, bound to a terminal view: bytes out to the view, keys in to the tty, and what
// the shell is doing right now (at its prompt, running something, or a program reading the terminal).
import type { MachinePort, TtyEvent } from './machine-client.ts';
import type { OpenedTerminal } from '../worker/protocol.ts';

export interface Disposable { dispose(): void; }

/**
 * The seam between a session and whatever draws it (xterm in the page, a fake in tests) — the shape of
 * tutorialkit's terminal interface, which xterm's Terminal satisfies as is.
 */
export interface TerminalLike {
  readonly cols: number;
  readonly rows: number;
  write(data: string | Uint8Array): void;
  onData(cb: (data: string) => void): Disposable;
}

/** A terminal the machine is opening, and the size its shell was started with. */
export interface PendingTerminal {
  opened: Promise<OpenedTerminal>;
  cols: number;
  rows: number;
}

/** What the shell on the terminal is doing. */
export type ShellActivity =
  | 'starting' // the login shell has not reached its first prompt
  | 'prompt' // the shell waits for a command line
  | 'busy' // a command line was entered and has not finished
  | 'input' // a program other than the shell waits for terminal input (./alloc_size's "Press key")
  | 'exited'; // the shell is gone: the terminal shows [process exited]

export class TerminalSession {
  activity: ShellActivity = 'starting';
  tty = -1;
  shellPid = -1;
  /** Pid of the program waiting for input while activity is 'input'. */
  readerPid = -1;
  private readonly machine: MachinePort;
  private readonly term: TerminalLike;
  /** Where a new shell of this session starts (a restart after `exit`). */
  cwd: string;
  private readonly listeners = new Set<(a: ShellActivity) => void>();
  private unsubscribe = () => {};
  private readonly keys: Disposable;

  constructor(machine: MachinePort, term: TerminalLike, cwd: string) {
    this.machine = machine;
    this.term = term;
    this.cwd = cwd;
    this.keys = term.onData((data) => this.userInput(data));
  }

  /** Asks the machine for a terminal in this session's directory; the request leaves at once. */
  open({ cols, rows }: { cols: number; rows: number }): PendingTerminal {
    return { cols, rows, opened: this.machine.openTerminal({ cols, rows, cwd: this.cwd }) };
  }

  /**
   * Attaches to a terminal being opened (by default a new one at the view's size; after an exit, again). The
   * shell may have been started before the view had its final size: the tty then gets the view's size.
   */
  async start(pending: PendingTerminal = this.open(this.term)) {
    this.unsubscribe();
    this.set('starting');
    const { tty, shellPid } = await pending.opened;
    this.tty = tty;
    this.shellPid = shellPid;
    this.unsubscribe = this.machine.onTty(tty, (e) => this.onEvent(e));
    if (this.term.cols !== pending.cols || this.term.rows !== pending.rows) this.machine.resize(tty, this.term.cols, this.term.rows);
  }

  get atPrompt() { return this.activity === 'prompt'; }

  /** Enters one command line, as if typed. Only at the prompt: anything else would go to the running program. */
  type(line: string) {
    if (!this.atPrompt) throw new Error(`terminal ${this.tty}: not at the shell prompt (${this.activity})`);
    this.set('busy');
    this.machine.input(this.tty, line + '\r');
  }

  /**
   * Presses Enter for the program reading the terminal (./alloc_size at "Press key ..."), as the reader would.
   * Resolves once the terminal is read again (the program's next prompt, or the shell's) or the shell exits, so
   * a command run elsewhere afterwards sees what the program did; after `timeoutMs` for a program that keeps
   * computing. Does nothing unless a program other than the shell waits for input.
   */
  answer(keys = '\r', timeoutMs = 5000): Promise<ShellActivity> {
    if (this.activity !== 'input') return Promise.resolve(this.activity);
    return new Promise((resolve) => {
      const done = () => { off(); clearTimeout(timer); resolve(this.activity); };
      const off = this.onActivity((a) => { if (a !== 'busy') done(); });
      const timer = setTimeout(done, timeoutMs);
      this.machine.input(this.tty, keys);
    });
  }

  /** Ctrl-C, as typed: the tty sends SIGINT to whatever runs in the foreground. */
  interrupt() {
    if (this.tty >= 0 && this.activity !== 'exited') this.machine.input(this.tty, '\x03');
  }

  resize(cols: number, rows: number) {
    if (this.tty >= 0 && this.activity !== 'exited') this.machine.resize(this.tty, cols, rows);
  }

  /** The shell's current directory, from the process table (the user may have typed `cd`). */
  async shellCwd(): Promise<string | undefined> {
    return (await this.machine.processes()).find((p) => p.pid === this.shellPid)?.cwd;
  }

  onActivity(cb: (a: ShellActivity) => void): () => void {
    this.listeners.add(cb);
    return () => { this.listeners.delete(cb); };
  }

  dispose() {
    this.unsubscribe();
    this.keys.dispose();
    this.listeners.clear();
  }

  private userInput(data: string) {
    if (this.tty < 0 || this.activity === 'exited') return;
    // Enter at the prompt starts a command line: until the shell reads the terminal again it is not at a prompt,
    // so nothing may be auto-typed into whatever the user started.
    if (this.activity === 'prompt' && data.includes('\r')) this.set('busy');
    this.machine.input(this.tty, data);
  }

  private onEvent(e: TtyEvent) {
    switch (e.type) {
      case 'output':
        this.term.write(e.data);
        return;
      case 'tty-wait':
        if (e.pid === this.shellPid) this.set('prompt');
        else { this.readerPid = e.pid; this.set('input'); }
        return;
      case 'tty-exit':
        this.term.write('\r\n[process exited]\r\n');
        this.unsubscribe();
        this.set('exited');
        return;
    }
  }

  /** Listeners hear every prompt, even a repeated one: a prompt is also "the previous command finished". */
  private set(a: ShellActivity) {
    this.activity = a;
    for (const l of this.listeners) l(a);
  }
}
