// What a student did on the page, as one plain object: edited lab files, knob values, the profile, terminal
// history. It is saved in localStorage (so a reload keeps it) and is what a permalink encodes. Views change it
// through updateScenario and learn of changes through onScenario; none of them talks to storage itself.
import { isProfileName, type ProfileName } from '../sim/loader/profiles.ts';
import { localStore, memoryStore } from './persistence.ts';
import { showNotice } from './notices.ts';

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

export const SCENARIO_VERSION = 1;
/** Lines kept per terminal: enough to recall a session's work, small enough for a link. */
export const MAX_HISTORY = 100;
/** Limits that keep a scenario a scenario (a link or localStorage entry is never megabytes). */
const MAX_FILES = 64;
const MAX_FILE_CHARS = 256 * 1024;
const MAX_LINE_CHARS = 4096;

export function emptyScenario(): Scenario { return { v: 1, files: {}, knobs: {}, history: {} }; }

/** Why a stored or linked scenario was refused. `version` is a well-formed scenario of another format version. */
export class ScenarioError extends Error {
  readonly kind: 'version' | 'invalid';
  constructor(kind: 'version' | 'invalid', message: string) {
    super(message);
    this.kind = kind;
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Checks untrusted data (localStorage, a link anyone could have crafted) and returns a fresh Scenario with only
 * the known fields; throws ScenarioError saying what is wrong. File paths must be absolute and plain (no `..`):
 * file text only ever goes to the editor and the machine, but a path is still shown to the reader.
 */
export function parseScenario(x: unknown): Scenario {
  const bad = (what: string): never => { throw new ScenarioError('invalid', what); };
  if (!isRecord(x)) return bad('not an object');
  if (x.v !== SCENARIO_VERSION) throw new ScenarioError('version', `format version ${JSON.stringify(x.v)}, expected ${SCENARIO_VERSION}`);
  const s = emptyScenario();
  if (x.profile !== undefined) {
    if (typeof x.profile !== 'string' || !isProfileName(x.profile)) return bad(`unknown profile ${JSON.stringify(x.profile)}`);
    s.profile = x.profile;
  }
  if (!isRecord(x.files)) return bad('files is not an object');
  const files = Object.entries(x.files);
  if (files.length > MAX_FILES) return bad(`more than ${MAX_FILES} files`);
  for (const [path, text] of files) {
    if (!/^\/[\w.+@-]+(\/[\w.+@-]+)*$/.test(path) || path.split('/').some((p) => p === '..' || p === '.')) return bad(`bad file path ${JSON.stringify(path)}`);
    if (typeof text !== 'string') return bad(`file ${path} is not text`);
    if (text.length > MAX_FILE_CHARS) return bad(`file ${path} is too large`);
    s.files[path] = text;
  }
  if (!isRecord(x.knobs)) return bad('knobs is not an object');
  for (const [id, value] of Object.entries(x.knobs)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return bad(`knob ${id} is not a number`);
    s.knobs[id] = value;
  }
  if (!isRecord(x.history)) return bad('history is not an object');
  for (const [name, lines] of Object.entries(x.history)) {
    if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string' && l.length <= MAX_LINE_CHARS)) return bad(`history of ${name} is not a list of lines`);
    s.history[name] = (lines as string[]).slice(-MAX_HISTORY);
  }
  return s;
}

const listeners = new Set<(s: Scenario) => void>();
let current: Scenario | undefined;
let store: ScenarioStore | undefined;
let ready: Promise<unknown> = Promise.resolve();

/** Where the scenario is kept (persistence.ts provides the localStorage one; tests give their own). */
export interface ScenarioStore {
  load(): Scenario;
  save(s: Scenario): void;
}

export function useStore(s: ScenarioStore) { store = s; current = undefined; }

/** The page's scenario (loaded from the store on first use: localStorage in a page, unless a link was opened). */
export function scenario(): Scenario {
  store ??= pageStore();
  current ??= store ? store.load() : emptyScenario();
  return current;
}

function pageStore(): ScenarioStore | undefined {
  if (typeof window === 'undefined') return undefined; // Node: the CLI and unit tests keep nothing
  try {
    return localStore(window.localStorage, (text) => showNotice(text, [], 'storage'));
  } catch {
    // localStorage itself can throw (storage disabled): the page still works, for this visit.
    showNotice('This browser does not let the page save your work: changes last until you leave the page.', [], 'storage');
    return memoryStore(emptyScenario());
  }
}

/**
 * The page's scenario once anything that may replace it has settled (a permalink being decoded): the machine
 * waits for this before it writes the scenario's files.
 */
export async function scenarioReady(): Promise<Scenario> {
  await ready.catch(() => {});
  return scenario();
}

/** Registers work that may replace the scenario before the machine uses it (see scenarioReady). */
export function settleFirst(work: Promise<unknown>) {
  const before = ready;
  ready = Promise.all([before, work]);
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
