// The browser-side terminal logic against the real simulator (no worker, no xterm): the shell's tty-wait
// events must drive the feed exactly as the page relies on.
import { beforeAll, describe, expect, it } from 'vitest';
import { Machine } from '../sim/machine.ts';
import { loadProfileImages } from '../sim/loader/images/index.ts';
import { isTtyEvent } from '../worker/protocol.ts';
import { CommandFeeder, type FeedState } from './feeder.ts';
import type { MachinePort, TtyEvent } from './machine-client.ts';
import { TerminalSession, type TerminalLike } from './session.ts';

const dec = new TextDecoder();

/**
 * The page's view of a machine, over a Machine in this process. Events arrive a task later, as they do from the
 * worker (a host that types synchronously inside a tty-wait listener races the reader going to sleep).
 */
function port(m: Machine): MachinePort {
  const listeners = new Map<number, (e: TtyEvent) => void>();
  m.subscribe((e) => {
    if (!isTtyEvent(e)) return;
    const copy = e.type === 'output' ? { ...e, data: e.data.slice() } : e;
    setTimeout(() => listeners.get(e.tty)?.(copy), 0);
  });
  return {
    async openTerminal(opts) { const tty = await m.openTerminal(opts); return { tty, shellPid: m.shellPid(tty)! }; },
    input: (tty, data) => m.input(tty, data),
    resize: (tty, cols, rows) => m.resize(tty, cols, rows),
    processes: async () => m.processes(),
    onTty(tty, l) { listeners.set(tty, l); return () => listeners.delete(tty); },
  };
}

function screen() {
  let text = '';
  let typed: (d: string) => void = () => {};
  const term: TerminalLike & { text(): string; type(d: string): void } = {
    cols: 100, rows: 30,
    write: (d) => { text += typeof d === 'string' ? d : dec.decode(d, { stream: true }); },
    onData: (cb) => { typed = cb; return { dispose() {} }; },
    text: () => text.replace(/\r\n/g, '\n'),
    type: (d) => typed(d),
  };
  return term;
}

const until = async (ok: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('feeding a real shell', () => {
  beforeAll(async () => { await loadProfileImages('ubuntu-18.04'); });

  it('types at each prompt, hands over to a program reading the terminal, and resumes when asked', async () => {
    const m = new Machine({ time: 'real' });
    const term = screen();
    const session = new TerminalSession(port(m), term, '/home/student');
    await session.start();
    const f = new CommandFeeder(session, ['echo one', 'cat', 'echo two']);
    const states: FeedState['kind'][] = [];
    f.onChange((s) => states.push(s.kind));
    await until(() => session.atPrompt);
    f.start();
    await until(() => f.state.kind === 'interactive');
    expect(term.text()).toContain('one\n');
    term.type('hello\r');
    await until(() => term.text().includes('hello\nhello'));
    term.type('\x04'); // EOF: cat ends, the prompt returns
    await until(() => f.state.kind === 'paused');
    f.next();
    await until(() => f.state.kind === 'done');
    expect(term.text()).toMatch(/\$ echo two\ntwo\n/);
    expect(states).toEqual(['typing', 'typing', 'interactive', 'paused', 'typing', 'done']);
    m.dispose();
  });

  it('shares the process table between terminals, and Ctrl-C brings the prompt back', async () => {
    const m = new Machine({ time: 'real' });
    const a = screen(), b = screen();
    const sa = new TerminalSession(port(m), a, '/home/student');
    const sb = new TerminalSession(port(m), b, '/tmp');
    await Promise.all([sa.start(), sb.start()]);
    await until(() => sa.atPrompt && sb.atPrompt);
    sa.type('sleep 1000 &');
    await until(() => sa.atPrompt && /\[1\] \d+/.test(a.text()));
    const pid = /\[1\] (\d+)/.exec(a.text())![1];
    sb.type('pidof sleep');
    await until(() => sb.atPrompt && b.text().includes(`${pid}\n`));
    expect(await sb.shellCwd()).toBe('/tmp');

    sa.type('sleep 100');
    await new Promise((r) => setTimeout(r, 50));
    expect(sa.activity).toBe('busy');
    const t0 = Date.now();
    a.type('\x03');
    await until(() => sa.atPrompt, 1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(a.text()).toMatch(/\^C\n.*\$ $/);
    m.dispose();
  });
});
