// What a student did on the page, as one plain object: edited lab files, knob values, the profile, terminal
// history. It is saved in localStorage (so a reload keeps it) and is what a permalink encodes. Views change it
// through updateScenario and learn of changes through onScenario; none of them talks to storage itself.
import type { ProfileName } from '../sim/loader/profiles.ts';

export interface Scenario {
  /** Format version: stored state of another version is discarded (with a notice), never half-read. */
  v: 1;
  /** The machine's profile when the reader switched it; undefined = the page's default. */
  profile?: ProfileName;
  /** Edited files, absolute path on the machine → full text. Files not here are the labs' originals. */
  files: Record<string, string>;
  /** Knob values by knob id (e.g. `alloc_size/ALLOC_SIZE_KB`). */
  knobs: Record<string, number>;
  /** Commands typed per terminal name, oldest first. */
  history: Record<string, string[]>;
}

export function emptyScenario(): Scenario { return { v: 1, files: {}, knobs: {}, history: {} }; }

const listeners = new Set<(s: Scenario) => void>();
let current: Scenario | undefined;
let store: ScenarioStore | undefined;

/** Where the scenario is kept (persistence.ts provides the localStorage one; tests give their own). */
export interface ScenarioStore {
  load(): Scenario;
  save(s: Scenario): void;
}

export function useStore(s: ScenarioStore) { store = s; current = undefined; }

/** The page's scenario (loaded from the store on first use). */
export function scenario(): Scenario {
  current ??= store ? store.load() : emptyScenario();
  return current;
}

/** Changes the scenario, saves it and tells the views. */
export function updateScenario(change: (s: Scenario) => void) {
  const s = scenario();
  change(s);
  store?.save(s);
  for (const l of listeners) l(s);
}

/** Replaces the whole scenario (a permalink opened, "Reset everything"). */
export function replaceScenario(next: Scenario) {
  current = next;
  store?.save(next);
  for (const l of listeners) l(next);
}

export function onScenario(fn: (s: Scenario) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
