// The scenario in localStorage, so a reload keeps the reader's edits, knobs and terminal history. What is stored
// is untrusted on the way back in (another tab, an older site, a hand-edited entry): it is checked with
// parseScenario, and anything that fails is removed with a notice, never half-used and never a broken page.
import { emptyScenario, parseScenario, ScenarioError, SCENARIO_VERSION, type Scenario, type ScenarioStore } from './scenario.ts';

/** One key per format version: a newer site never misreads an older format, it sees a key it does not know. */
const PREFIX = 'memsim:scenario:';
export const STORAGE_KEY = `${PREFIX}v${SCENARIO_VERSION}`;

/** The part of Storage used here (localStorage in the page, a Map-backed fake in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export const NOTICE_OLD = 'Your saved work on this page came from an older version of the site and could not be kept: the labs start fresh.';
export const NOTICE_DAMAGED = 'Your saved work on this page could not be read (it was damaged), so it was cleared: the labs start fresh.';
export const NOTICE_UNSAVED = 'This browser did not let the page save your changes (storage is full or turned off): they last until you leave the page.';

/** Keys of saved scenarios, of any format version (the eager page script checks this before loading the rest). */
export function savedKeys(storage: KeyValueStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX)) keys.push(k);
  }
  return keys;
}

/** Removes every saved scenario ("Reset everything"). */
export function clearSaved(storage: KeyValueStorage) {
  for (const k of savedKeys(storage)) storage.removeItem(k);
}

const isEmpty = (s: Scenario) =>
  s.profile === undefined && !Object.keys(s.files).length && !Object.keys(s.knobs).length && !Object.keys(s.history).length;

/** A ScenarioStore over `storage`; `notify` shows the reader why saved state was dropped or cannot be saved. */
export function localStore(storage: KeyValueStorage, notify: (text: string) => void): ScenarioStore {
  let warnedUnsaved = false;
  return {
    load() {
      let notice: string | undefined;
      for (const k of savedKeys(storage)) {
        if (k !== STORAGE_KEY) { storage.removeItem(k); notice = NOTICE_OLD; }
      }
      let s = emptyScenario();
      const raw = storage.getItem(STORAGE_KEY);
      if (raw !== null) {
        try {
          s = parseScenario(JSON.parse(raw));
        } catch (err) {
          storage.removeItem(STORAGE_KEY);
          notice = err instanceof ScenarioError && err.kind === 'version' ? NOTICE_OLD : NOTICE_DAMAGED;
          console.warn(`memsim: discarded the saved scenario: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      if (notice) notify(notice);
      return s;
    },
    save(s) {
      try {
        if (isEmpty(s)) storage.removeItem(STORAGE_KEY);
        else storage.setItem(STORAGE_KEY, JSON.stringify(s));
      } catch (err) {
        // QuotaExceededError, or storage disabled by the browser's settings.
        console.warn('memsim: could not save the scenario', err);
        if (!warnedUnsaved) notify(NOTICE_UNSAVED);
        warnedUnsaved = true;
      }
    },
  };
}

/** A store that keeps nothing beyond the page (a shared scenario being looked at must not overwrite the reader's). */
export function memoryStore(initial: Scenario): ScenarioStore {
  let kept = initial;
  return { load: () => kept, save: (s) => { kept = s; } };
}
