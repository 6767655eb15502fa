// The scenario into the machine: files after boot (or a reboot when a link names another profile), and each
// terminal's history given to new shells and saved at each prompt.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyScenario, replaceScenario, scenario, useStore, type Scenario } from './scenario.ts';
import { memoryStore } from './persistence.ts';
import type { ShellActivity } from './session.ts';

// A page without a shared link (restore reads location.hash; page-state, the link's code, is not needed).
vi.stubGlobal('location', { hash: '' });
const { keepHistory, restoreScenario } = await import('./restore.ts');

function use(s: Scenario) { useStore(memoryStore(s)); replaceScenario(s); }

describe('restoreScenario', () => {
  beforeEach(() => use(emptyScenario()));

  it('writes every edited file into the machine that booted', async () => {
    use({ ...emptyScenario(), files: { '/home/student/a.c': 'A', '/home/student/b.c': 'B' } });
    const writes: [string, string][] = [];
    const profile = await restoreScenario({ writeFile: (p, t) => { writes.push([p, t]); }, reboot: () => Promise.reject(new Error('no')) }, 'ubuntu-18.04');
    expect(profile).toBe('ubuntu-18.04');
    expect(writes.sort()).toEqual([['/home/student/a.c', 'A'], ['/home/student/b.c', 'B']]);
  });

  it('reboots into the scenario\'s profile, with its files, when it differs', async () => {
    use({ ...emptyScenario(), profile: 'debian-12', files: { '/home/student/a.c': 'A' } });
    const reboots: unknown[] = [];
    const profile = await restoreScenario({ writeFile: () => { throw new Error('not expected'); }, reboot: async (p, f) => { reboots.push([p, f]); } }, 'ubuntu-18.04');
    expect(profile).toBe('debian-12');
    expect(reboots).toEqual([['debian-12', { '/home/student/a.c': 'A' }]]);
  });
});

describe('keepHistory', () => {
  beforeEach(() => use(emptyScenario()));

  function fakes(shellLines: string[]) {
    const listeners = new Set<(a: ShellActivity) => void>();
    const session = { tty: -1, onActivity(cb: (a: ShellActivity) => void) { listeners.add(cb); return () => listeners.delete(cb); } };
    const given: [number, string[]][] = [];
    const machine = {
      shellHistory: async () => [...shellLines],
      addShellHistory: (tty: number, lines: string[]) => { given.push([tty, lines]); shellLines.unshift(...lines); },
    };
    const emit = (a: ShellActivity) => { for (const l of listeners) l(a); };
    return { session, machine, given, emit };
  }

  it('gives a new shell the saved lines once, and saves the list at each prompt', async () => {
    use({ ...emptyScenario(), history: { 'name:run': ['make'] } });
    const shell: string[] = [];
    const { session, machine, given, emit } = fakes(shell);
    keepHistory('name:run', session, machine);
    emit('starting');
    expect(given).toEqual([]); // no terminal yet
    session.tty = 3;
    emit('prompt');
    expect(given).toEqual([[3, ['make']]]);
    shell.push('ls');
    emit('busy');
    emit('prompt');
    await new Promise((r) => setTimeout(r, 0));
    expect(given).toHaveLength(1);
    expect(scenario().history['name:run']).toEqual(['make', 'ls']);
  });

  it('gives the lines again to the shell of a restarted terminal', () => {
    use({ ...emptyScenario(), history: { 'name:run': ['make'] } });
    const { session, machine, given, emit } = fakes([]);
    session.tty = 1;
    keepHistory('name:run', session, machine);
    session.tty = 2; // the shell exited; Restart opened a new terminal
    emit('prompt');
    expect(given.map(([tty]) => tty)).toEqual([1, 2]);
  });
});
