// The page's handle on its one machine: starts the worker, forwards calls through Comlink, and routes the
// worker's batched events to whoever listens to each terminal.
import * as Comlink from 'comlink';
import type { MachineWorkerApi } from '../worker/machine.worker.ts';
import { scenario } from './scenario.ts';
import { restoreScenario } from './restore.ts';
import { isSyscallMessage, isWorkerEventMessage, type BootReport, type OpenedTerminal, type ProcessInfo, type TtyEvent, type WatchedSyscall } from '../worker/protocol.ts';
import { isMapChangedMessage, type MapChangedMessage } from '../worker/protocol.ts';
import type { HistoryStep, MapSnapshot, TerminalOutput } from '../sim/timeline/types.ts';
import type { StepOptions } from '../sim/timeline/snapshot.ts';

export type { TtyEvent };

/** What a terminal session needs from a machine: small enough to fake in tests. */
export interface MachinePort {
  openTerminal(opts: { cols: number; rows: number; cwd: string }): Promise<OpenedTerminal>;
  input(tty: number, data: string): void;
  resize(tty: number, cols: number, rows: number): void;
  processes(): Promise<ProcessInfo[]>;
  /** Events for one terminal, including any that arrived before this call. Returns an unsubscribe. */
  onTty(tty: number, listener: (e: TtyEvent) => void): () => void;
}

export interface BootTimes extends BootReport {
  /** Page clock (performance.now()) when the worker was created and when the machine reported ready. */
  createdAt: number;
  readyAt: number;
}

export class MachineClient implements MachinePort {
  booted: Promise<BootTimes>;
  /** The profile of the machine running now (or booting). */
  profile: string;
  private isBooted = false;
  private readonly api: Comlink.Remote<MachineWorkerApi>;
  private readonly listeners = new Map<number, Set<(e: TtyEvent) => void>>();
  /** Events for a terminal nobody listens to yet: its shell can print before openTerminal's reply lands. */
  private readonly early = new Map<number, TtyEvent[]>();
  /** Listeners of watchSyscalls, by the worker's watch id. */
  private readonly syscallListeners = new Map<number, (call: WatchedSyscall) => void>();
  /** The memory-map view's listener of `memsim:map` messages (one watched pid at a time). */
  private mapListener: ((m: MapChangedMessage) => void) | undefined;

  constructor(profile: string) {
    this.profile = profile;
    const createdAt = performance.now();
    const worker = new Worker(new URL('../worker/machine.worker.ts', import.meta.url), { type: 'module', name: 'memsim-machine' });
    worker.addEventListener('message', (ev: MessageEvent) => {
      if (isWorkerEventMessage(ev.data)) for (const e of ev.data.events) this.dispatch(e);
      else if (isSyscallMessage(ev.data)) for (const { watch, call } of ev.data.calls) this.syscallListeners.get(watch)?.(call);
      else if (isMapChangedMessage(ev.data)) this.mapListener?.(ev.data);
    });
    this.api = Comlink.wrap<MachineWorkerApi>(worker);
    // Comlink never settles a call whose worker died, so a worker that fails to load or throws outside a call
    // must fail the boot here (every call waits for the boot), or be reported if it happens later.
    const died = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (ev) => {
        const err = new Error(`memsim: the machine worker failed: ${ev.message || 'it could not be loaded'}`);
        if (this.isBooted) console.error(err); else reject(err);
      });
    });
    // The reader's scenario (edited files) is written before the boot counts as done: every terminal waits for
    // the boot, so no command ever sees the labs' originals in place of the reader's edits (restore.ts).
    const restored = this.api.boot(profile).then(async (report) => {
      this.profile = await restoreScenario(this.api, profile);
      return report;
    });
    this.booted = Promise.race([restored, died]).then((report) => {
      this.isBooted = true;
      const readyAt = performance.now();
      // For devtools and the bench: worker created → machine ready, with the worker's own timings as detail.
      performance.measure('memsim:machine-boot', { start: createdAt, end: readyAt, detail: report });
      return { ...report, createdAt, readyAt };
    });
    // A prefetch nobody awaits must not become an unhandled rejection: a failed boot is reported by the first
    // call that needs the machine (openTerminal, on Run).
    this.booted.catch(() => {});
  }

  private dispatch(e: TtyEvent) {
    const set = this.listeners.get(e.tty);
    if (set?.size) for (const l of set) l(e);
    else (this.early.get(e.tty) ?? this.early.set(e.tty, []).get(e.tty)!).push(e);
  }

  onTty(tty: number, listener: (e: TtyEvent) => void) {
    const set = this.listeners.get(tty) ?? this.listeners.set(tty, new Set()).get(tty)!;
    set.add(listener);
    const queued = this.early.get(tty);
    if (queued) {
      this.early.delete(tty);
      for (const e of queued) listener(e);
    }
    return () => { set.delete(listener); };
  }

  openTerminal(opts: { cols: number; rows: number; cwd: string }): Promise<OpenedTerminal> {
    // Once booted, the request leaves now, synchronously: the worker starts the shell while the page is still
    // busy building the terminal's view (the two take about as long as each other).
    return this.isBooted ? this.api.openTerminal(opts) : this.booted.then(() => this.api.openTerminal(opts));
  }

  // Keys and resizes are fire-and-forget: Comlink keeps them in order, and nothing waits on a reply. They can
  // only fail for a terminal that has just gone away, which the session learns from its tty-exit event.
  input(tty: number, data: string) { this.api.input(tty, data).catch(warn); }
  resize(tty: number, cols: number, rows: number) { this.api.resize(tty, cols, rows).catch(warn); }

  async processes() {
    await this.booted;
    return this.api.processes();
  }

  /**
   * Replaces the machine with a fresh one in `profile`, with `files` (absolute path → text) saved into it before
   * it is ready. Every terminal of the old machine is gone: their sessions must start new shells. Calls made
   * meanwhile wait for the new machine.
   */
  reboot(profile: string, files: Record<string, string>): Promise<BootTimes> {
    const createdAt = performance.now();
    this.profile = profile;
    this.isBooted = false;
    this.booted = this.booted.catch(() => {}).then(() => this.api.reboot(profile, files)).then((report) => {
      // The old machine's last output was posted before this reply: nothing queued or listening belongs to the
      // new machine (whose tty numbers start over).
      this.listeners.clear();
      this.early.clear();
      this.isBooted = true;
      return { ...report, createdAt, readyAt: performance.now() };
    });
    return this.booted;
  }

  /** A file's text on the machine (undefined when missing); relative paths are from ~. */
  async readFile(path: string): Promise<string | undefined> {
    await this.booted;
    return this.api.readFile(path);
  }

  /** Saves a file on the machine with a new mtime, so `make` rebuilds what depends on it. */
  async writeFile(path: string, text: string): Promise<void> {
    await this.booted;
    return this.api.writeFile(path, text);
  }

  /** The command lines entered in a terminal's shell (what its `history` lists). */
  async shellHistory(tty: number): Promise<string[]> {
    await this.booted;
    return this.api.shellHistory(tty);
  }

  /** Gives a terminal's shell earlier command lines (saved before a reload): Up recalls them. */
  addShellHistory(tty: number, lines: string[]) { this.api.addShellHistory(tty, lines).catch(warn); }

  /**
   * Calls `listener` with every later system call named in `names`, of any process (a quiz checks what
   * alloc_size called). Resolves, once the watch is on, with the function that ends it.
   */
  async watchSyscalls(names: string[], listener: (call: WatchedSyscall) => void): Promise<() => void> {
    await this.booted;
    const id = await this.api.watchSyscalls(names);
    this.syscallListeners.set(id, listener);
    return () => {
      this.syscallListeners.delete(id);
      this.api.unwatchSyscalls(id).catch(warn);
    };
  }

  // ---- the recorded history (memory-map views; src/sim/timeline/types.ts) ----------------------------------
  /** A process's memory map at history position `seq` (default: now); undefined when it had none then. */
  async mapAt(pid: number, seq?: number): Promise<MapSnapshot | undefined> {
    await this.booted;
    return this.api.mapAt(pid, seq);
  }

  /** The process's steps from (or, with `backward`, back from) a seq, oldest first. */
  async steps(pid: number, opts: StepOptions = {}): Promise<HistoryStep[]> {
    await this.booted;
    return this.api.steps(pid, opts);
  }

  /** What terminal `tty` had shown at `seq` (default: now): its last `maxBytes`. */
  async outputAt(tty: number, seq?: number, opts: { maxBytes?: number } = {}): Promise<TerminalOutput> {
    await this.booted;
    return this.api.outputAt(tty, seq, opts);
  }

  /** The program in a console: the terminal's foreground process (its login shell at the prompt). */
  async foregroundPid(tty: number): Promise<number | undefined> {
    await this.booted;
    return this.api.foregroundPid(tty);
  }

  /**
   * Calls `listener` while `pid`'s map changes (batched, at most once per ~16 ms, with the live map); a first
   * call follows at once. One watch at a time: a new one replaces the previous. Resolves with the function
   * that ends it.
   */
  async watchMap(pid: number, listener: (m: MapChangedMessage) => void): Promise<() => void> {
    await this.booted;
    this.mapListener = listener;
    await this.api.watchMap(pid);
    return () => {
      if (this.mapListener !== listener) return;
      this.mapListener = undefined;
      this.api.watchMap(null).catch(warn);
    };
  }
}

function warn(err: unknown) { console.warn('memsim:', err); }

let shared: MachineClient | undefined;

/**
 * The page's machine, started on first use: in the profile the reader chose (the scenario's), else the page's
 * (`<html data-memsim-profile>`).
 */
export function pageMachine(): MachineClient {
  shared ??= new MachineClient(scenario().profile ?? document.documentElement.dataset.memsimProfile ?? 'ubuntu-18.04');
  return shared;
}
