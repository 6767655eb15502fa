/// <reference lib="webworker" />
// The page's one simulated machine, in a module worker so a busy simulated program never blocks scrolling or
// typing. Calls arrive through Comlink; machine events leave as batched plain messages (see protocol.ts).
import * as Comlink from 'comlink';
import { Machine, type MachineEvent } from '../sim/machine.ts';
import { DEFAULT_PROFILE, isProfileName, type ProfileName } from '../sim/loader/profiles.ts';
import { loadProfileImages } from '../sim/loader/images/index.ts';
import { EventOutbox } from './outbox.ts';
import { isTtyEvent, type BootReport, type OpenedTerminal, type ProcessInfo } from './protocol.ts';

// The chapter's lab folders, bundled with the worker: /labs/x/y.c → x/y.c (installed at ~/chapters/data/x/y.c).
const labs: Record<string, string> = {};
const globbed: Record<string, string> = import.meta.glob('/labs/**/*', { query: '?raw', import: 'default', eager: true });
for (const [path, text] of Object.entries(globbed)) labs[path.replace(/^\/labs\//, '')] = text;

const SEED = 1; // fixed: every visitor's machine starts identical (pids, addresses), like the chapter's
const scriptMs = performance.now();
const outbox = new EventOutbox((message, transfer) => self.postMessage(message, transfer));
let machine: Machine | undefined;
let booting: Promise<BootReport> | undefined;

function need(): Machine {
  if (!machine) throw new Error('machine worker: boot() first');
  return machine;
}

async function boot(profile: ProfileName): Promise<BootReport> {
  // The profile's ELF facts (a large generated module, its own chunk) must be loaded before the Machine exists.
  await loadProfileImages(profile);
  machine = new Machine({ profile, seed: SEED, time: 'real', labs });
  machine.subscribe((e: MachineEvent) => { if (isTtyEvent(e)) outbox.push(e); });
  return { scriptMs, readyMs: performance.now() };
}

const api = {
  /** Creates the machine (once; later calls get the same report). */
  boot(profile: string): Promise<BootReport> {
    booting ??= boot(isProfileName(profile) ? profile : DEFAULT_PROFILE);
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
};

export type MachineWorkerApi = typeof api;
Comlink.expose(api);
