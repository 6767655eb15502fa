import { describe, expect, it } from 'vitest';
import { CommandFeeder, type FeedState, type Shell } from './feeder.ts';
import type { ShellActivity } from './session.ts';

/** A shell driven by hand: the test decides when the prompt comes back. */
function fakeShell(initial: ShellActivity = 'prompt') {
  const listeners = new Set<(a: ShellActivity) => void>();
  const typed: string[] = [];
  const shell: Shell & { set(a: ShellActivity): void; typed: string[] } = {
    activity: initial,
    typed,
    type(line) {
      if (shell.activity !== 'prompt') throw new Error('typed while not at the prompt');
      typed.push(line);
      shell.set('busy');
    },
    onActivity(cb) { listeners.add(cb); return () => listeners.delete(cb); },
    set(a) { (shell as { activity: ShellActivity }).activity = a; for (const l of listeners) l(a); },
  };
  return shell;
}

function track(f: CommandFeeder) {
  const states: FeedState['kind'][] = [];
  f.onChange((s) => states.push(s.kind));
  return states;
}

describe('CommandFeeder', () => {
  it('types each command once the shell is back at its prompt', () => {
    const shell = fakeShell();
    const f = new CommandFeeder(shell, ['make', './run']);
    f.start();
    expect(shell.typed).toEqual(['make']);
    shell.set('prompt');
    expect(shell.typed).toEqual(['make', './run']);
    shell.set('prompt');
    expect(f.state).toEqual({ kind: 'done' });
    shell.set('prompt');
    expect(shell.typed).toHaveLength(2);
  });

  it('waits for the prompt when the terminal is busy', () => {
    const shell = fakeShell('busy');
    const f = new CommandFeeder(shell, ['ls']);
    f.start();
    expect(f.state.kind).toBe('waiting');
    expect(shell.typed).toEqual([]);
    shell.set('prompt');
    expect(shell.typed).toEqual(['ls']);
  });

  it('hands the keyboard over when a program reads the terminal, then pauses before the next command', () => {
    const shell = fakeShell();
    const f = new CommandFeeder(shell, ['ltrace ./alloc_size', 'strace ./alloc_size']);
    const states = track(f);
    f.start();
    shell.set('input');
    expect(f.state).toEqual({ kind: 'interactive', index: 0 });
    shell.set('input'); // it reads again: still the user's turn
    shell.set('prompt');
    expect(f.state).toEqual({ kind: 'paused', next: 1 });
    expect(shell.typed).toEqual(['ltrace ./alloc_size']);
    f.next();
    expect(shell.typed).toEqual(['ltrace ./alloc_size', 'strace ./alloc_size']);
    expect(states).toEqual(['typing', 'interactive', 'paused', 'typing']);
  });

  it('finishes after an interactive last command', () => {
    const shell = fakeShell();
    const f = new CommandFeeder(shell, ['./alloc_size']);
    f.start();
    shell.set('input');
    shell.set('prompt');
    expect(f.state.kind).toBe('done');
  });

  it('pauses where asked, and resumes at the next prompt if the terminal was busy', () => {
    const shell = fakeShell();
    const f = new CommandFeeder(shell, ['cd x', 'pmap 1', 'pmap 2'], { pauseAfter: (i) => i >= 1 });
    f.start();
    shell.set('prompt');
    expect(shell.typed).toEqual(['cd x', 'pmap 1']);
    shell.set('prompt');
    expect(f.state).toEqual({ kind: 'paused', next: 2 });
    shell.set('busy'); // the user ran something in between
    f.next();
    expect(f.state.kind).toBe('waiting');
    shell.set('prompt');
    expect(shell.typed).toEqual(['cd x', 'pmap 1', 'pmap 2']);
  });

  it('stops when the shell exits or the feed is cancelled', () => {
    const shell = fakeShell();
    const f = new CommandFeeder(shell, ['exit', 'ls']);
    f.start();
    shell.set('exited');
    expect(f.state.kind).toBe('exited');

    const shell2 = fakeShell();
    const g = new CommandFeeder(shell2, ['a', 'b']);
    g.start();
    g.cancel();
    shell2.set('prompt');
    expect(g.state.kind).toBe('cancelled');
    expect(shell2.typed).toEqual(['a']);
  });
});
