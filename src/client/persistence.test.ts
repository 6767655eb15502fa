// The localStorage store: round trips, and saved state that is damaged, of an old format or unsaveable is
// dropped with a notice rather than used or thrown.
import { describe, expect, it } from 'vitest';
import { clearSaved, localStore, NOTICE_DAMAGED, NOTICE_OLD, NOTICE_UNSAVED, savedKeys, STORAGE_KEY, type KeyValueStorage } from './persistence.ts';
import { emptyScenario, type Scenario } from './scenario.ts';

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  full = false;
  get length() { return this.map.size; }
  key(i: number) { return [...this.map.keys()][i] ?? null; }
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) { this.map.delete(k); }
}

const edited = (): Scenario => ({
  v: 1,
  profile: 'debian-12',
  files: { '/home/student/chapters/data/x/alloc_size.c': '#define ALLOC_SIZE_KB\t256\n' },
  knobs: { 'alloc_size/ALLOC_SIZE_KB': 256 },
  history: { 'name:run': ['make', './alloc_size'] },
});

function setup() {
  const storage = new MapStorage();
  const notices: string[] = [];
  return { storage, notices, store: localStore(storage, (t) => notices.push(t)) };
}

describe('localStore', () => {
  it('saves under a versioned key and loads the same scenario back', () => {
    const { storage, notices, store } = setup();
    expect(store.load()).toEqual(emptyScenario());
    store.save(edited());
    expect([...storage.map.keys()]).toEqual([STORAGE_KEY]);
    expect(STORAGE_KEY).toBe('memsim:scenario:v1');
    expect(store.load()).toEqual(edited());
    expect(notices).toEqual([]);
  });

  it('keeps nothing for an empty scenario', () => {
    const { storage, store } = setup();
    store.save(edited());
    store.save(emptyScenario());
    expect(storage.map.size).toBe(0);
  });

  it('drops damaged JSON with a notice', () => {
    const { storage, notices, store } = setup();
    storage.setItem(STORAGE_KEY, '{"v":1,"files":');
    expect(store.load()).toEqual(emptyScenario());
    expect(notices).toEqual([NOTICE_DAMAGED]);
    expect(storage.map.size).toBe(0);
  });

  it('drops well-formed JSON that is not a scenario (a file that is not text, a relative path)', () => {
    for (const bad of [{ v: 1, files: { '/a': 42 }, knobs: {}, history: {} }, { v: 1, files: { 'a/b': 'x' }, knobs: {}, history: {} }, [1, 2]]) {
      const { storage, notices, store } = setup();
      storage.setItem(STORAGE_KEY, JSON.stringify(bad));
      expect(store.load()).toEqual(emptyScenario());
      expect(notices).toEqual([NOTICE_DAMAGED]);
    }
  });

  it('drops state of another format version, under its own key or inside this one, saying so', () => {
    const { storage, notices, store } = setup();
    storage.setItem('memsim:scenario:v0', '{"edits":{}}');
    storage.setItem('unrelated', 'kept');
    expect(store.load()).toEqual(emptyScenario());
    expect(notices).toEqual([NOTICE_OLD]);
    expect([...storage.map.keys()]).toEqual(['unrelated']);

    const second = setup();
    second.storage.setItem(STORAGE_KEY, JSON.stringify({ ...edited(), v: 2 }));
    expect(second.store.load()).toEqual(emptyScenario());
    expect(second.notices).toEqual([NOTICE_OLD]);
  });

  it('tells the reader once when the browser refuses to save', () => {
    const { storage, notices, store } = setup();
    storage.full = true;
    store.save(edited());
    store.save(edited());
    expect(notices).toEqual([NOTICE_UNSAVED]);
  });

  it('clearSaved removes every saved scenario and nothing else', () => {
    const { storage, store } = setup();
    store.save(edited());
    storage.setItem('memsim:scenario:v0', '{}');
    storage.setItem('other', 'x');
    expect(savedKeys(storage).sort()).toEqual(['memsim:scenario:v0', STORAGE_KEY]);
    clearSaved(storage);
    expect([...storage.map.keys()]).toEqual(['other']);
  });
});
