// The scenario going into the machine, in one place: the edited files are written right after the machine boots
// (MachineClient waits for this before any terminal can open, so no command ever sees the originals), and each
// terminal gets its saved command history back when its shell starts, then keeps it saved as commands run.
import { MAX_HISTORY, scenario, updateScenario } from './scenario.ts';
import type { ShellActivity } from './session.ts';

/** What restoring needs from the machine (the worker's API, or a fake in tests). */
export interface RestoreTarget {
  writeFile(path: string, text: string): Promise<unknown> | unknown;
  reboot(profile: string, files: Record<string, string>): Promise<unknown>;
}

/**
 * Puts the page's scenario into a machine that has just booted in `profile`: its edited files, or — when the
 * scenario (a shared link decoded meanwhile) names another profile — a reboot into that profile with the files.
 * Resolves with the profile the machine now runs.
 */
export async function restoreScenario(machine: RestoreTarget, profile: string): Promise<string> {
  // A shared link's scenario replaces the saved one once decoded; without a link the saved one is read directly
  // (page-state.ts, the link and notice code, then stays out of the page's first download).
  if (/^#scenario=/.test(location.hash)) await (await import('./page-state.ts')).initPageState();
  const s = scenario();
  if (s.profile && s.profile !== profile) {
    await machine.reboot(s.profile, s.files);
    return s.profile;
  }
  await Promise.all(Object.entries(s.files).map(async ([path, text]) => {
    try { await machine.writeFile(path, text); } catch (err) { console.warn(`memsim: could not restore ${path}`, err); }
  }));
  return profile;
}

export interface HistoryMachine {
  shellHistory(tty: number): Promise<string[]>;
  addShellHistory(tty: number, lines: string[]): void;
}

export interface HistorySession {
  readonly tty: number;
  onActivity(cb: (a: ShellActivity) => void): () => void;
}

/**
 * Keeps the command history of the terminal `key` (a terminal name) in the scenario: gives each new shell on the
 * session the saved lines (Up recalls them), and saves the shell's list whenever it is back at its prompt.
 */
export function keepHistory(key: string, session: HistorySession, machine: HistoryMachine): () => void {
  let given = -1;
  const give = () => {
    if (session.tty < 0 || session.tty === given) return;
    given = session.tty;
    const saved = scenario().history[key];
    if (saved?.length) machine.addShellHistory(session.tty, saved);
  };
  give();
  return session.onActivity((a) => {
    give();
    if (a !== 'prompt') return;
    const tty = session.tty;
    machine.shellHistory(tty).then((lines) => {
      const kept = lines.slice(-MAX_HISTORY);
      const before = scenario().history[key] ?? [];
      if (kept.length === before.length && kept.every((l, i) => l === before[i])) return;
      updateScenario((s) => { s.history[key] = kept; });
    }, () => {});
  });
}
