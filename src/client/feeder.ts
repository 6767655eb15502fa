// Types a console block's commands into its terminal, one at a time: each line goes in only when the shell is
// back at its prompt. A program that reads the terminal (./alloc_size waiting for Enter) hands the keyboard to
// the reader; a block can also pause between commands (the chapter's three pmap runs happen at different
// moments of another program).
import type { ShellActivity } from './session.ts';

/** The part of a TerminalSession the feeder drives (a fake in unit tests). */
export interface Shell {
  readonly activity: ShellActivity;
  type(line: string): void;
  onActivity(cb: (a: ShellActivity) => void): () => void;
}

export type FeedState =
  | { kind: 'waiting' } // for the shell's prompt: something else still runs in this terminal
  | { kind: 'typing'; index: number } // commands[index] was entered and runs
  | { kind: 'interactive'; index: number } // commands[index] started a program that reads the terminal
  | { kind: 'paused'; next: number } // until next(): the reader decides when commands[next] runs
  | { kind: 'done' }
  | { kind: 'exited' } // the shell exited under us
  | { kind: 'cancelled' };

export interface FeedOptions {
  /** Whether to stop after commands[i] and wait for next() (step-by-step blocks). */
  pauseAfter?: (i: number) => boolean;
}

export class CommandFeeder {
  state: FeedState = { kind: 'waiting' };
  readonly commands: readonly string[];
  private readonly shell: Shell;
  private readonly pauseAfter: (i: number) => boolean;
  private readonly listeners = new Set<(s: FeedState) => void>();
  private off = () => {};
  /** Where a 'waiting' feed resumes: 0 at start, or the command after a pause. */
  private resumeAt = 0;

  constructor(shell: Shell, commands: readonly string[], opts: FeedOptions = {}) {
    this.shell = shell;
    this.commands = commands;
    this.pauseAfter = opts.pauseAfter ?? (() => false);
  }

  start() {
    this.off = this.shell.onActivity((a) => this.onActivity(a));
    if (this.shell.activity === 'exited') this.set({ kind: 'exited' });
    else if (this.shell.activity === 'prompt') this.typeNext(0);
    else this.set({ kind: 'waiting' });
  }

  /** Continues a paused feed. */
  next() {
    if (this.state.kind !== 'paused') return;
    this.resumeAt = this.state.next;
    if (this.shell.activity === 'prompt') this.typeNext(this.resumeAt);
    else this.set({ kind: 'waiting' }); // typeNext on the next prompt
  }

  cancel() {
    if (this.finished) return;
    this.off();
    this.set({ kind: 'cancelled' });
  }

  get finished() { return ['done', 'exited', 'cancelled'].includes(this.state.kind); }

  onChange(cb: (s: FeedState) => void): () => void {
    this.listeners.add(cb);
    return () => { this.listeners.delete(cb); };
  }

  /** The command the feed would type next, if any. */
  get upcoming(): number {
    const s = this.state;
    if (s.kind === 'paused') return s.next;
    if (s.kind === 'typing' || s.kind === 'interactive') return s.index + 1;
    return this.resumeAt;
  }

  private onActivity(a: ShellActivity) {
    const s = this.state;
    if (a === 'exited') { this.off(); this.set({ kind: 'exited' }); return; }
    if (a === 'input' && s.kind === 'typing') { this.set({ kind: 'interactive', index: s.index }); return; }
    if (a !== 'prompt') return;
    // Back at the prompt: the running command (or the program the user was talking to) has finished.
    if (s.kind === 'waiting') this.typeNext(this.resumeAt);
    else if (s.kind === 'typing' || s.kind === 'interactive') {
      const next = s.index + 1;
      if (next >= this.commands.length) { this.off(); this.set({ kind: 'done' }); }
      // After an interactive program, wait for the reader too: they were busy in the terminal.
      else if (s.kind === 'interactive' || this.pauseAfter(s.index)) this.set({ kind: 'paused', next });
      else this.typeNext(next);
    }
  }

  private typeNext(i: number) {
    if (i >= this.commands.length) { this.off(); this.set({ kind: 'done' }); return; }
    this.resumeAt = i;
    this.set({ kind: 'typing', index: i });
    this.shell.type(this.commands[i]!);
  }

  private set(s: FeedState) {
    this.state = s;
    for (const l of this.listeners) l(s);
  }
}
