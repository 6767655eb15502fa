// Time: the simulated wall clock and timers. In 'real' mode time follows the host (a sleep takes as long as
// it says); in 'virtual' mode time jumps to the next timer as soon as every process is blocked, so tests and
// the CLI are deterministic and instant.
export type TimeMode = 'real' | 'virtual';

interface Timer { id: number; at: number; fn: () => void; }

export interface HostTimers {
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}

export const defaultHostTimers: HostTimers = {
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Clock {
  private timers: Timer[] = [];
  private nextId = 1;
  private virtualElapsed = 0;
  private readonly t0: number;
  private hostHandle: unknown;

  readonly mode: TimeMode;
  readonly bootEpochMs: number;
  private readonly host: HostTimers;

  constructor(mode: TimeMode, bootEpochMs: number, host: HostTimers = defaultHostTimers) {
    this.mode = mode;
    this.bootEpochMs = bootEpochMs;
    this.host = host;
    this.t0 = host.monotonic();
  }

  /** Milliseconds since boot (CLOCK_MONOTONIC). */
  uptime(): number {
    return this.mode === 'real' ? this.host.monotonic() - this.t0 : this.virtualElapsed;
  }
  /** Wall clock, ms since the epoch (CLOCK_REALTIME). */
  now(): number { return this.bootEpochMs + this.uptime(); }

  addTimer(ms: number, fn: () => void): number {
    const id = this.nextId++;
    const t: Timer = { id, at: this.uptime() + Math.max(0, ms), fn };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > t.at) i--;
    this.timers.splice(i, 0, t);
    if (this.mode === 'real') this.armHost();
    return id;
  }

  cancel(id: number) {
    const i = this.timers.findIndex((t) => t.id === id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  get pending() { return this.timers.length; }

  /**
   * Modelled work (cost.ts) took `ms`: in virtual mode the clock moves on by it (due timers still fire only in
   * advance(), when every process waits); in real mode the host's clock is the machine's and this does nothing.
   */
  charge(ms: number) {
    if (this.mode === 'virtual' && ms > 0) this.virtualElapsed += ms;
  }

  /**
   * Virtual mode: while held, the clock does not jump when every process waits. A host typing commands one after
   * another (`memsim check`) holds it between them: on the page a reader's pause between two commands is short
   * next to the chapter's `sleep 3600` programs, which must still be there for the next command's `pmap`.
   */
  held = false;

  /** Virtual mode: jump to the earliest timer and fire everything due. Returns whether any fired. */
  advance(): boolean {
    if (this.mode !== 'virtual' || this.held || !this.timers.length) return false;
    this.virtualElapsed = Math.max(this.virtualElapsed, this.timers[0]!.at);
    this.fireDue();
    return true;
  }

  private fireDue() {
    const now = this.uptime();
    while (this.timers.length && this.timers[0]!.at <= now) this.timers.shift()!.fn();
  }

  private armHost() {
    if (this.hostHandle !== undefined) this.host.clearTimeout(this.hostHandle);
    this.hostHandle = undefined;
    if (!this.timers.length) return;
    const delay = Math.max(0, this.timers[0]!.at - this.uptime());
    this.hostHandle = this.host.setTimeout(() => {
      this.hostHandle = undefined;
      this.fireDue();
      this.armHost();
    }, delay);
  }

  dispose() {
    if (this.hostHandle !== undefined) this.host.clearTimeout(this.hostHandle);
    this.timers = [];
  }
}
