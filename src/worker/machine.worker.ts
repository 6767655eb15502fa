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
import { TOOLS } from '../sim/tools/registry.ts';
import type { History } from '../sim/timeline/history.ts';
import type { StepOptions } from '../sim/timeline/snapshot.ts';
import { isTtyEvent, type BootReport, type OpenedTerminal, type ProcessInfo } from './protocol.ts';

const SEED = 1; // fixed: every visitor's machine starts identical (pids, addresses), like the chapter's
const scriptMs = performance.now();
const outbox = new EventOutbox((message, transfer) => self.postMessage(message, transfer));
// The quizzes' watches outlive a reboot: they listen to whichever machine runs.
const syscallWatch = new SyscallWatch((message) => self.postMessage(message), (pid) => machine?.kernel.procs.get(pid)?.comm);
// The memory-map view's feed (`memsim:map` messages) follows whichever machine runs.
const mapWatch = new MapWatch((message) => self.postMessage(message));
let machine: Machine | undefined;
/** The machine's recorded history (memory maps at any moment, steps, terminal output), from its first use on. */
let history: History | undefined;
let booting: Promise<BootReport> | undefined;
let unsubscribe = () => {};

function need(): Machine {
  if (!machine) throw new Error('machine worker: boot() first');
  return machine;
}

/**
 * Code a machine needs only once it is used, not to boot: the history recorder and the lab files (use-kit.ts,
 * one chunk, ~16 KB gzip with its two formatters). The page boots the machine before any click, so whatever the boot loads counts
 * against the page's first-download budget; these load with the first terminal instead (or the first file or
 * history call: a reader's restored edits, a memory-map view). Nothing runs on the machine before a terminal
 * opens — no process, no system call, no output — so a history that starts recording then has missed no event
 * (time travel loses nothing), and no program can have looked for a lab file before they are installed (only
 * their mtime is later: the moment of first use instead of the boot).
 */
interface UseKit { recordHistory: (m: Machine) => History; labs: Record<string, string> }
let kit: UseKit | undefined;
let kitLoad: Promise<UseKit> | undefined;
/** The machine that has its labs installed and its history recording. */
let equipped: Machine | undefined;

function loadKit(): Promise<UseKit> {
  if (kitLoad) return kitLoad;
  // The two formatters the history's chunk imports are chunks of their own (shared with strace and pmap):
  // asked for at once, not when the history's chunk has arrived (a second round trip on the first Run).
  void import('../sim/tools/strace-format.ts').catch(() => {});
  void import('../sim/tools/pmap-format.ts').catch(() => {});
  kitLoad = import('./use-kit.ts').then(
    (m) => (kit = { recordHistory: (machine) => m.recordHistory(machine), labs: m.labs }),
    (err: unknown) => { kitLoad = undefined; throw err; }, // the next use fetches again
  );
  return kitLoad;
}

/** Installs the labs and starts the history on the running machine, once (once the kit is loaded). */
function equip() {
  if (!machine || !kit || equipped === machine) return;
  equipped = machine;
  machine.installLabs(kit.labs);
  history = kit.recordHistory(machine);
  mapWatch.attach(history);
}

/** The machine, ready for use: its labs installed and its history recording (see UseKit above). */
async function ready(): Promise<Machine> {
  need();
  await loadKit();
  equip();
  return need();
}

async function boot(profile: ProfileName): Promise<BootReport> {
  // The profile's ELF facts (a large generated module, its own chunk) must be loaded before the Machine exists.
  await loadProfileImages(profile);
  machine = new Machine({ profile, seed: SEED, time: 'real' });
  equip(); // after a reboot the kit is usually loaded: labs and history from the new machine's boot
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
  if (Object.keys(files).length) { await loadKit(); equip(); } // the edited files go over the labs' originals
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
    // bash's code (the terminal's login shell) is fetched alongside the kit, not after it: its entry and the
    // shell's shared chunk (main.ts, which bash.ts imports; a request only once the entry has loaded otherwise).
    const [m] = await Promise.all([ready(), TOOLS.bash!.load(), import('../sim/shell/main.ts')]);
    const tty = await m.openTerminal(opts);
    return { tty, shellPid: m.shellPid(tty)! };
  },
  input(tty: number, data: string) { need().input(tty, data); },
  resize(tty: number, cols: number, rows: number) { need().resize(tty, cols, rows); },
  shellPid(tty: number) { return need().shellPid(tty); },
  processes(): ProcessInfo[] { return need().processes(); },
  /** A file's text (undefined when missing); relative paths are from ~. */
  async readFile(path: string): Promise<string | undefined> { return (await ready()).readFile(path); },
  /** Saves a file with a new mtime (the editor, the knobs). */
  async writeFile(path: string, text: string) { (await ready()).writeFile(path, text); },
  /** Starts posting the named system calls of every process (`memsim:syscalls` messages); returns the watch's id. */
  async watchSyscalls(names: string[]): Promise<number> {
    const { STRACE_STRING_LIMIT, traceArgText } = await import('../sim/tools/strace-format.ts');
    return syscallWatch.add(names, (name, a, i) => traceArgText(name, a, i, STRACE_STRING_LIMIT));
  },
  unwatchSyscalls(id: number) { syscallWatch.remove(id); },
  /** Command lines entered in a terminal's shell, and earlier ones given back after a reload. */
  shellHistory(tty: number): string[] { return need().shellHistory(tty); },
  addShellHistory(tty: number, lines: string[]) { need().addShellHistory(tty, lines); },
  /** A process's memory map at history position `seq` (default: now); undefined when it had none. */
  async mapAt(pid: number, seq?: number) { return (await readyHistory()).mapAt(pid, seq); },
  /** The process's steps (system calls, signals, exec, exit...) from or back from a seq, oldest first. */
  async steps(pid: number, opts: StepOptions = {}) { return (await readyHistory()).steps(pid, opts); },
  /** What terminal `tty` had shown at `seq` (default: now), its last `maxBytes`. */
  async outputAt(tty: number, seq?: number, opts: { maxBytes?: number } = {}) { return (await readyHistory()).outputAt(tty, seq, opts); },
  /** Posts `memsim:map` messages while `pid`'s map changes (null: stop). */
  async watchMap(pid: number | null) { await readyHistory(); mapWatch.watch(pid); },
  /** The program in a console: the terminal's foreground process (its login shell at the prompt). */
  async foregroundPid(tty: number): Promise<number | undefined> { return (await readyHistory()).foregroundPid(tty); },
  /** The newest history position. */
  async historySeq(): Promise<number> { return (await readyHistory()).lastSeq; },
};

async function readyHistory(): Promise<History> {
  await ready();
  if (!history) throw new Error('machine worker: no history');
  return history;
}

export type MachineWorkerApi = typeof api;
Comlink.expose(api);
