import { describe, expect, it } from 'vitest';
import type { MachinePort, TtyEvent } from './machine-client.ts';
import { TerminalSession, type TerminalLike } from './session.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

function fakes() {
  const inputs: string[] = [];
  let emit: (e: TtyEvent) => void = () => {};
  const machine: MachinePort = {
    async openTerminal() { return { tty: 3, shellPid: 1127 }; },
    input: (_tty, data) => { inputs.push(data); },
    resize: () => {},
    processes: async () => [{ pid: 1127, ppid: 1, tty: 3, comm: 'bash', argv: ['-bash'], cwd: '/home/student', state: 'S' }],
    onTty: (_tty, l) => { emit = l; return () => { emit = () => {}; }; },
  };
  let screen = '';
  let onData: (d: string) => void = () => {};
  const term: TerminalLike = {
    cols: 80, rows: 24,
    write: (d) => { screen += typeof d === 'string' ? d : dec.decode(d); },
    onData: (cb) => { onData = cb; return { dispose() {} }; },
  };
  return { machine, term, inputs, emit: (e: TtyEvent) => emit(e), type: (d: string) => onData(d), screen: () => screen };
}

describe('TerminalSession', () => {
  it('follows the shell: prompt, busy, a program reading, exit', async () => {
    const f = fakes();
    const s = new TerminalSession(f.machine, f.term, '/home/student');
    const seen: string[] = [];
    s.onActivity((a) => seen.push(a));
    await s.start();
    f.emit({ type: 'output', tty: 3, data: enc.encode('student@os:~$ ') });
    f.emit({ type: 'tty-wait', tty: 3, pid: 1127 });
    expect(s.atPrompt).toBe(true);
    s.type('./alloc_size');
    expect(f.inputs).toEqual(['./alloc_size\r']);
    f.emit({ type: 'tty-wait', tty: 3, pid: 1200 });
    expect(s.activity).toBe('input');
    expect(s.readerPid).toBe(1200);
    f.type('\r'); // the user answers the program: keys go through, the shell is still not at its prompt
    expect(f.inputs.at(-1)).toBe('\r');
    expect(s.activity).toBe('input');
    f.emit({ type: 'tty-wait', tty: 3, pid: 1127 });
    f.type('ls\r'); // the user's own command line
    expect(s.activity).toBe('busy');
    f.emit({ type: 'tty-exit', tty: 3, status: 0 });
    expect(s.activity).toBe('exited');
    expect(f.screen()).toContain('student@os:~$ ');
    expect(f.screen()).toContain('[process exited]');
    expect(seen).toEqual(['starting', 'prompt', 'busy', 'input', 'prompt', 'busy', 'exited']);
    expect(() => s.type('ls')).toThrow();
    expect(await s.shellCwd()).toBe('/home/student');
  });

  it('answers a waiting program with Enter and resolves at its next read of the terminal', async () => {
    const f = fakes();
    const s = new TerminalSession(f.machine, f.term, '/home/student');
    await s.start();
    f.emit({ type: 'tty-wait', tty: 3, pid: 1127 });
    expect(await s.answer()).toBe('prompt'); // nothing waits: no key is sent
    expect(f.inputs).toEqual([]);
    s.type('./alloc_size');
    f.emit({ type: 'tty-wait', tty: 3, pid: 1200 }); // "Press key to allocate ..."
    let settled = false;
    const answered = s.answer().then((a) => { settled = true; return a; });
    expect(f.inputs.at(-1)).toBe('\r');
    await Promise.resolve();
    expect(settled).toBe(false); // the program is still allocating
    f.emit({ type: 'tty-wait', tty: 3, pid: 1200 }); // "Press key to deallocate ..."
    expect(await answered).toBe('input');
    const last = s.answer();
    f.emit({ type: 'tty-wait', tty: 3, pid: 1127 }); // the program ended: the shell's prompt
    expect(await last).toBe('prompt');
  });
});
