// A terminal's command history through the Machine: what the page saves (shellHistory) and gives back to a new
// login shell after a reload (addShellHistory), which Up then recalls and `history` lists, as lines read from
// ~/.bash_history at bash's start would be.
import { describe, expect, it } from 'vitest';
import { terminal } from './harness.ts';

const UP = '\x1b[A';

describe('shell history through the Machine', () => {
  it('lists the command lines entered, oldest first', async () => {
    const t = await terminal();
    await t.waitFor('$ ');
    t.type('echo one\r');
    await t.waitFor(/one\n[^\n]*\$ $/);
    t.type('true &&\rtrue\r'); // a two-line command is one entry, as bash's cmdhist makes it
    await t.waitFor(/> true\n[^\n]*\$ $/);
    expect(t.machine.shellHistory(t.tty)).toEqual(['echo one', 'true && true']);
    t.machine.dispose();
  });

  it('gives saved lines to a shell already at its prompt: Up recalls them, history lists them first', async () => {
    const t = await terminal();
    await t.waitFor('$ ');
    t.machine.addShellHistory(t.tty, ['echo saved-1', 'echo saved-2']);
    t.type(UP);
    await t.waitFor('echo saved-2');
    t.type(UP);
    await t.waitFor('echo saved-1');
    t.type('\r');
    await t.waitFor(/saved-1\n[^\n]*\$ $/);
    const from = t.screen.length;
    t.type('history\r');
    const out = await t.waitFor(/history\n[^]*\$ $/, 3000, from);
    expect(out).toMatch(/ {4}1 {2}echo saved-1\n {4}2 {2}echo saved-2\n {4}3 {2}echo saved-1\n {4}4 {2}history\n/);
    expect(t.machine.shellHistory(t.tty)).toEqual(['echo saved-1', 'echo saved-2', 'echo saved-1', 'history']);
    t.machine.dispose();
  });

  it('gives saved lines to a shell that has not started yet (the login shell adopts them)', async () => {
    const t = await terminal();
    t.machine.addShellHistory(t.tty, ['make']); // before the first prompt
    await t.waitFor('$ ');
    t.type(UP);
    await t.waitFor(/\$ make/);
    t.machine.dispose();
  });

  it('keeps a child bash\'s history out of the login shell\'s', async () => {
    const t = await terminal();
    await t.waitFor('$ ');
    t.type('bash\r');
    await t.waitFor(/bash\n[^\n]*\$ $/);
    t.type('echo inner\r');
    await t.waitFor(/inner\n[^\n]*\$ $/);
    expect(t.machine.shellHistory(t.tty)).toEqual(['bash']);
    t.machine.dispose();
  });
});
