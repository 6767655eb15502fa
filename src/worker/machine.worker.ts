/// <reference lib="webworker" />
// The page's one simulated machine, in a module worker so a busy simulated program never blocks scrolling or
// typing. Calls arrive through Comlink; machine events leave as batched plain messages (see protocol.ts).
import * as Comlink from 'comlink';
import { Machine, type MachineEvent } from '../sim/machine.ts';
import { DEFAULT_PROFILE, isProfileName, type ProfileName } from '../sim/loader/profiles.ts';
import { loadProfileImages } from '../sim/loader/images/index.ts';
import { EventOutbox } from './outbox.ts';
import { SyscallWatch } from './syscall-watch.ts';
import { MapWatch } from './map-watch.ts';
import type { History } from '../sim/timeline/history.ts';
import type { StepOptions } from '../sim/timeline/snapshot.ts';
import { isTtyEvent, type BootReport, type OpenedTerminal, type ProcessInfo } from './protocol.ts';

// The chapter's lab folders, bundled with the worker: /labs/x/y.c → x/y.c (installed at ~/chapters/data/x/y.c).
const labs: Record<string, string> = {};
const globbed: Record<string, string> = import.meta.glob('/labs/**/*', { query: '?raw', import: 'default', eager: true });
for (const [path, text] of Object.entries(globbed)) labs[path.replace(/^\/labs\//, '')] = text;

const SEED = 1; // fixed: every visitor's machine starts identical (pids, addresses), like the chapter's
const scriptMs = performance.now();
const outbox = new EventOutbox((message, transfer) => self.postMessage(message, transfer));
// The quizzes' watches outlive a reboot: they listen to whichever machine runs.
const syscallWatch = new SyscallWatch((message) => self.postMessage(message), (pid) => machine?.kernel.procs.get(pid)?.comm);
// The memory-map view's feed (`memsim:map` messages) follows whichever machine runs.
const mapWatch = new MapWatch((message) => self.postMessage(message));
let machine: Machine | undefined;
/** The machine's recorded history (memory maps at any moment, steps, terminal output), from its boot on. */
let history: History | undefined;
let booting: Promise<BootReport> | undefined;
let unsubscribe = () => {};

function need(): Machine {
  if (!machine) throw new Error('machine worker: boot() first');
  return machine;
}

async function boot(profile: ProfileName): Promise<BootReport> {
  // The profile's ELF facts (a large generated module, its own chunk) must be loaded before the Machine exists.
  // The history's code is a chunk of its own, loaded alongside; it records from the machine's first event.
  const [, timeline] = await Promise.all([loadProfileImages(profile), import('../sim/timeline/history.ts')]);
  machine = new Machine({ profile, seed: SEED, time: 'real', labs });
  history = timeline.recordHistory(machine);
  mapWatch.attach(history);
  unsubscribe = machine.subscribe((e: MachineEvent) => {
    if (isTtyEvent(e)) outbox.push(e);
    else syscallWatch.onEvent(e);
  });
  return { scriptMs, readyMs: performance.now() };
}

/**
 * Replaces the machine with a fresh one of `profile` (the page's profile switch), with `files` (the reader's
 * edited files, absolute path → text) saved into it before any terminal opens. The old machine's pending output
 * leaves first and nothing after: its terminals are gone, and the page opens new ones.
 */
async function reboot(profile: ProfileName, files: Record<string, string>): Promise<BootReport> {
  await booting?.catch(() => {});
  unsubscribe();
  history?.stop();
  history = undefined;
  mapWatch.attach(undefined);
  machine?.kernel.dispose(); // stops its clock: a `sleep 1000` of the old machine wakes nobody
  machine = undefined;
  outbox.flush();
  const report = await boot(profile);
  for (const [path, text] of Object.entries(files)) machine!.writeFile(path, text);
  return report;
}

const api = {
  /** Creates the machine (once; later calls get the same report). */
  boot(profile: string): Promise<BootReport> {
    booting ??= boot(isProfileName(profile) ? profile : DEFAULT_PROFILE);
    return booting;
  },
  /** A new machine in `profile` replaces the current one (see reboot above). */
  reboot(profile: string, files: Record<string, string>): Promise<BootReport> {
    booting = reboot(isProfileName(profile) ? profile : DEFAULT_PROFILE, files);
    return booting;
  },
  async openTerminal(opts: { cols: number; rows: number; cwd: string }): Promise<OpenedTerminal> {
    const m = need();
    const tty = await m.openTerminal(opts);
    return { tty, shellPid: m.shellPid(tty)! };
  },
  input(tty: number, data: string) { need().input(tty, data); },
  resize(tty: number, cols: number, rows: number) { need().resize(tty, cols, rows); },
  shellPid(tty: number) { return need().shellPid(tty); },
  processes(): ProcessInfo[] { return need().processes(); },
  /** A file's text (undefined when missing); relative paths are from ~. */
  readFile(path: string): string | undefined { return need().readFile(path); },
  /** Saves a file with a new mtime (the editor, the knobs). */
  writeFile(path: string, text: string) { need().writeFile(path, text); },
  /** Starts posting the named system calls of every process (`memsim:syscalls` messages); returns the watch's id. */
  watchSyscalls(names: string[]): number { return syscallWatch.add(names); },
  unwatchSyscalls(id: number) { syscallWatch.remove(id); },
  /** Command lines entered in a terminal's shell, and earlier ones given back after a reload. */
  shellHistory(tty: number): string[] { return need().shellHistory(tty); },
  addShellHistory(tty: number, lines: string[]) { need().addShellHistory(tty, lines); },
  /** A process's memory map at history position `seq` (default: now); undefined when it had none. */
  mapAt(pid: number, seq?: number) { return needHistory().mapAt(pid, seq); },
  /** The process's steps (system calls, signals, exec, exit...) from or back from a seq, oldest first. */
  steps(pid: number, opts: StepOptions = {}) { return needHistory().steps(pid, opts); },
  /** What terminal `tty` had shown at `seq` (default: now), its last `maxBytes`. */
  outputAt(tty: number, seq?: number, opts: { maxBytes?: number } = {}) { return needHistory().outputAt(tty, seq, opts); },
  /** Posts `memsim:map` messages while `pid`'s map changes (null: stop). */
  watchMap(pid: number | null) { needHistory(); mapWatch.watch(pid); },
  /** The program in a console: the terminal's foreground process (its login shell at the prompt). */
  foregroundPid(tty: number): number | undefined { return needHistory().foregroundPid(tty); },
  /** The newest history position. */
  historySeq(): number { return needHistory().lastSeq; },
};

function needHistory(): History {
  need();
  if (!history) throw new Error('machine worker: no history');
  return history;
}

export type MachineWorkerApi = typeof api;
Comlink.expose(api);
