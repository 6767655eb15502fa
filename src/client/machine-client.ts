// The page's handle on its one machine: starts the worker, forwards calls through Comlink, and routes the
// worker's batched events to whoever listens to each terminal.
import * as Comlink from 'comlink';
import type { MachineWorkerApi } from '../worker/machine.worker.ts';
import { isWorkerEventMessage, type BootReport, type OpenedTerminal, type ProcessInfo, type TtyEvent } from '../worker/protocol.ts';

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
  readonly booted: Promise<BootTimes>;
  private isBooted = false;
  private readonly api: Comlink.Remote<MachineWorkerApi>;
  private readonly listeners = new Map<number, Set<(e: TtyEvent) => void>>();
  /** Events for a terminal nobody listens to yet: its shell can print before openTerminal's reply lands. */
  private readonly early = new Map<number, TtyEvent[]>();

  constructor(profile: string) {
    const createdAt = performance.now();
    const worker = new Worker(new URL('../worker/machine.worker.ts', import.meta.url), { type: 'module', name: 'memsim-machine' });
    worker.addEventListener('message', (ev: MessageEvent) => {
      if (isWorkerEventMessage(ev.data)) for (const e of ev.data.events) this.dispatch(e);
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
    this.booted = Promise.race([this.api.boot(profile), died]).then((report) => {
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
}

function warn(err: unknown) { console.warn('memsim:', err); }

let shared: MachineClient | undefined;

/** The page's machine, started on first use (the profile comes from `<html data-memsim-profile>`). */
export function pageMachine(): MachineClient {
  shared ??= new MachineClient(document.documentElement.dataset.memsimProfile ?? 'ubuntu-18.04');
  return shared;
}
