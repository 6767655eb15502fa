// The interactive login shell on a terminal (real time): prompt, line editing, completion, history, job
// control and Ctrl-C. Expected screens follow bash 5.2 in a terminal (checked with a pty on Debian 12).
import { afterEach, describe, expect, it } from 'vitest';
import { terminal } from './harness.ts';

type Term = Awaited<ReturnType<typeof terminal>>;
let open: Term[] = [];
afterEach(() => { for (const t of open) t.machine.dispose(); open = []; });

const PROMPT = '\x1b[01;32mstudent@os\x1b[00m:\x1b[01;34m~\x1b[00m$ ';
/** The screen without colour sequences. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

async function term(): Promise<Term> {
  const t = await terminal({ profile: 'debian-12' });
  open.push(t);
  await t.waitFor('$ ');
  return t;
}

/** Waits for `text` on the screen (colours removed) after offset `from`. */
async function waitPlain(t: Term, text: string, from: number, timeout = 3000) {
  const t0 = Date.now();
  while (!plain(t.screen.slice(from)).includes(text)) {
    if (Date.now() - t0 > timeout) throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${t.screen}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Types a line and waits until the next prompt shows (after `from`). */
async function cmd(t: Term, line: string, timeout = 3000): Promise<string> {
  const from = t.screen.length;
  t.type(line + '\r');
  await t.waitFor(/\$ $/, timeout, from + line.length);
  return plain(t.screen.slice(from));
}

describe('interactive shell: prompt', () => {
  it("uses ~/.bashrc's PS1 with colours, \\w and PROMPT_DIRTRIM", async () => {
    const t = await term();
    expect(t.screen).toBe(PROMPT);
    await cmd(t, 'mkdir -p ~/chapters/data/process-memory/drills/tasks/alloc_size/support');
    const out = await cmd(t, 'cd ~/chapters/data/process-memory/drills/tasks/alloc_size/support');
    expect(out.endsWith('student@os:~/.../drills/tasks/alloc_size/support$ ')).toBe(true);
    expect(await cmd(t, 'cd /tmp')).toBe('cd /tmp\nstudent@os:/tmp$ ');
  });
  it('defaults to bash-5.2$ without a .bashrc, and dash prompts "$ "', async () => {
    const t = await term();
    await cmd(t, 'rm ~/.bashrc; bash');
    expect(t.screen.endsWith('bash-5.2$ ')).toBe(true);
    expect(await cmd(t, 'exit')).toBe('exit\nexit\nstudent@os:~$ ');
    const from = t.screen.length;
    t.type('sh\r');
    await t.waitFor('\n$ ', 3000, from);
    t.type('echo $0\r');
    await t.waitFor('sh\n$ ', 3000, from);
  });
});

describe('interactive shell: commands and errors', () => {
  it('runs commands and reports errors without line numbers', async () => {
    const t = await term();
    expect(await cmd(t, 'echo hi')).toBe('echo hi\nhi\nstudent@os:~$ ');
    expect(await cmd(t, 'foo')).toBe('foo\nbash: foo: command not found\nstudent@os:~$ ');
    expect(await cmd(t, 'cd nope')).toBe('cd nope\nbash: cd: nope: No such file or directory\nstudent@os:~$ ');
    expect(await cmd(t, 'echo )')).toBe("echo )\nbash: syntax error near unexpected token `)'\nstudent@os:~$ ");
    expect(await cmd(t, 'echo $?')).toBe('echo $?\n2\nstudent@os:~$ ');
  });
  it('$$ is the login shell pid', async () => {
    const t = await term();
    const out = await cmd(t, 'echo $$');
    expect(out).toBe(`echo $$\n${t.machine.shellPid(t.tty)}\nstudent@os:~$ `);
  });
  it('continues incomplete commands with PS2', async () => {
    const t = await term();
    let from = t.screen.length;
    t.type('if true\r');
    await waitPlain(t, 'if true\n> ', from);
    from = t.screen.length;
    t.type('then echo yes\r');
    await waitPlain(t, 'then echo yes\n> ', from);
    const out = await cmd(t, 'fi');
    expect(out).toBe('fi\nyes\nstudent@os:~$ ');
    from = t.screen.length;
    t.type('echo "a\r');
    await waitPlain(t, 'echo "a\n> ', from);
    from = t.screen.length;
    t.type('b" |\r');
    await waitPlain(t, 'b" |\n> ', from);
    expect(await cmd(t, 'cat')).toBe('cat\na\nb\nstudent@os:~$ ');
  });
  it('handles typed-ahead lines in one chunk', async () => {
    const t = await term();
    const from = t.screen.length;
    t.type('echo one\recho two\r');
    await waitPlain(t, 'two\nstudent@os:~$ ', from);
    expect(plain(t.screen.slice(from))).toBe('echo one\none\nstudent@os:~$ echo two\ntwo\nstudent@os:~$ ');
  });
  it('exits with exit N, and on Ctrl-D printing "exit"', async () => {
    const t = await term();
    const status = new Promise<number>((resolve) => t.machine.subscribe((e) => { if (e.type === 'tty-exit') resolve(e.status); }));
    t.type('\x04');
    expect(await status).toBe(0);
    expect(t.screen.endsWith('exit\n')).toBe(true);
    const u = await term();
    const st2 = new Promise<number>((resolve) => u.machine.subscribe((e) => { if (e.type === 'tty-exit') resolve(e.status); }));
    u.type('exit 3\r');
    expect(await st2).toBe(3);
  });
});

describe('interactive shell: job control', () => {
  it('Ctrl-C stops a foreground program quickly and returns to the prompt with 130', async () => {
    const t = await term();
    t.type('sleep 100\r');
    await new Promise((r) => setTimeout(r, 150));
    const t0 = Date.now();
    t.type('\x03');
    await waitPlain(t, '^C\nstudent@os:~$ ', 0, 2000);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(await cmd(t, 'echo $?')).toBe('echo $?\n130\nstudent@os:~$ ');
  });
  it('Ctrl-C stops a builtin-only loop in the shell itself within 100 ms', async () => {
    const t = await term();
    t.type('while true; do :; done\r');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    t.type('\x03');
    await t.waitFor('^C\n', 1000, t.screen.indexOf('done'));
    await t.waitFor(/\$ $/, 1000, t.screen.indexOf('^C'));
    expect(Date.now() - t0).toBeLessThan(300);
    expect(await cmd(t, 'echo $?')).toBe('echo $?\n130\nstudent@os:~$ ');
  });
  it('Ctrl-C stops a loop of programs, and bash -c loops die by SIGINT', async () => {
    const t = await term();
    t.type('while true; do sleep 1; done\r');
    await new Promise((r) => setTimeout(r, 200));
    t.type('\x03');
    await t.waitFor(/\^C\n.*\$ $/, 2000, t.screen.indexOf('done'));
    t.type("bash -c 'while :; do :; done'\r");
    await new Promise((r) => setTimeout(r, 300));
    const from = t.screen.length;
    t.type('\x03');
    await t.waitFor(/\$ $/, 2000, from);
    expect(await cmd(t, 'echo $?')).toBe('echo $?\n130\nstudent@os:~$ ');
  });
  it('background jobs: [1] pid, jobs, wait, Done notice', async () => {
    const t = await term();
    const started = await cmd(t, 'sleep 1 &');
    expect(started).toMatch(/^sleep 1 &\n\[1\] \d+\nstudent@os:~\$ $/);
    expect(await cmd(t, 'jobs')).toBe('jobs\n[1]+  Running                 sleep 1 &\nstudent@os:~$ ');
    expect(await cmd(t, 'wait', 4000)).toBe('wait\n[1]+  Done                    sleep 1\nstudent@os:~$ ');
    expect(await cmd(t, 'jobs')).toBe('jobs\nstudent@os:~$ ');
  });
  it('reports a finished job before the next prompt', async () => {
    const t = await term();
    await cmd(t, 'sleep 0.2 &');
    await new Promise((r) => setTimeout(r, 500));
    expect(await cmd(t, '')).toBe('\n[1]+  Done                    sleep 0.2\nstudent@os:~$ ');
  });
  it('kill %N, Terminated and Killed, Exit N', async () => {
    const t = await term();
    await cmd(t, 'sleep 100 &');
    await cmd(t, 'sleep 200 &');
    expect(await cmd(t, 'jobs')).toBe('jobs\n[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &\nstudent@os:~$ ');
    expect(await cmd(t, 'kill %1')).toBe('kill %1\n[1]-  Terminated              sleep 100\nstudent@os:~$ ');
    expect(await cmd(t, 'kill -9 %2')).toBe('kill -9 %2\n[2]+  Killed                  sleep 200\nstudent@os:~$ ');
    const from = t.screen.length;
    await cmd(t, '(exit 3) &');
    await new Promise((r) => setTimeout(r, 200));
    await cmd(t, '');
    // reported before the first prompt after it ended, in bash's canonical text (script -qc 'bash -i' here: "( exit 3 )")
    expect(plain(t.screen.slice(from))).toContain('\n[1]+  Exit 3                  ( exit 3 )\nstudent@os:~$ ');
    expect(await cmd(t, 'kill %7')).toBe('kill %7\nbash: kill: %7: no such job\nstudent@os:~$ ');
  });
  it('prints the signal of a foreground program that died', async () => {
    const t = await term();
    expect(await cmd(t, "sh -c 'kill -SEGV $$'")).toBe("sh -c 'kill -SEGV $$'\nSegmentation fault\nstudent@os:~$ "); // Debian: no core
    expect(await cmd(t, "sh -c 'kill -9 $$'")).toBe("sh -c 'kill -9 $$'\nKilled\nstudent@os:~$ ");
    expect(await cmd(t, 'echo $?')).toBe('echo $?\n137\nstudent@os:~$ ');
  });
  it('gives the terminal to the foreground job and takes it back', async () => {
    const t = await term();
    const tty = t.machine.kernel.ttys[t.tty]!;
    const shell = t.machine.shellPid(t.tty)!;
    expect(tty.fgPgrp).toBe(shell);
    t.type('sleep 100\r');
    await new Promise((r) => setTimeout(r, 200));
    const sleeper = t.machine.processes().find((p) => p.comm === 'sleep')!;
    expect(tty.fgPgrp).toBe(sleeper.pid);
    t.type('\x03');
    await t.waitFor(/\$ $/, 2000, t.screen.indexOf('sleep 100'));
    expect(tty.fgPgrp).toBe(shell);
  });
});

describe('interactive shell: line editing', () => {
  it('Ctrl-C abandons the line with ^C and $? = 130', async () => {
    const t = await term();
    t.type('abc\x03');
    await t.waitFor('abc^C\n' + PROMPT);
    expect(await cmd(t, 'echo $?')).toBe('echo $?\n130\nstudent@os:~$ ');
  });
  it('inserts at the cursor after Left/Right/Home/End', async () => {
    const t = await term();
    expect((await cmd(t, 'echo abc\x1b[D\x1b[DX\x1b[F!')).split('\n').slice(-2).join('\n')).toBe('aXbc!\nstudent@os:~$ ');
    expect((await cmd(t, 'cho 1\x1b[He')).split('\n').slice(-2).join('\n')).toBe('1\nstudent@os:~$ ');
    expect((await cmd(t, 'cho 2\x1bOHe\x1bOF3')).split('\n').slice(-2).join('\n')).toBe('23\nstudent@os:~$ ');
    expect((await cmd(t, 'cho 4\x1b[1~e\x1b[4~5')).split('\n').slice(-2).join('\n')).toBe('45\nstudent@os:~$ ');
  });
  it('Backspace, Delete, ^A ^E ^U ^K ^W', async () => {
    const t = await term();
    const last = async (keys: string) => (await cmd(t, keys)).split('\n').slice(-2)[0];
    expect(await last('echo abcd\x7f\x7f')).toBe('ab');
    expect(await last('echo xabc\x01\x1b[C\x1b[C\x1b[C\x1b[C\x1b[C\x1b[3~')).toBe('abc');
    expect(await last('junk\x15echo clean')).toBe('clean');
    expect(await last('echo keep drop\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x0b')).toBe('keep');
    expect(await last('echo one two\x17three')).toBe('one three');
    expect(await last('cho end\x01e\x05!')).toBe('end!');
  });
  it('Ctrl-L clears the screen and redraws the line', async () => {
    const t = await term();
    t.type('echo x\x0c');
    await t.waitFor('\x1b[H\x1b[2J' + PROMPT + 'echo x');
  });
  it('Up/Down walk the history; history lists it', async () => {
    const t = await term();
    await cmd(t, 'echo first');
    await cmd(t, 'echo second');
    expect((await cmd(t, '\x1b[A\x1b[A')).split('\n').slice(-2)[0]).toBe('first');
    expect((await cmd(t, '\x1b[A\x1b[A\x1b[B')).split('\n').slice(-2)[0]).toBe('first');
    const h = await cmd(t, 'history');
    expect(h).toBe('history\n    1  echo first\n    2  echo second\n    3  echo first\n    4  echo first\n    5  history\nstudent@os:~$ ');
  });
});

describe('interactive shell: Tab completion', () => {
  it('completes a command name with a space', async () => {
    const t = await term();
    t.type('ech\t');
    await t.waitFor(PROMPT + 'echo ');
    expect(await cmd(t, 'ok')).toBe('ok\nok\nstudent@os:~$ ');
  });
  it('completes directories with / and files with a space', async () => {
    const t = await term();
    await cmd(t, 'mkdir -p ~/somedir; touch ~/somefile.txt');
    t.type('ls -d som\t');
    await t.waitFor(PROMPT + 'ls -d som\x07e', 2000, t.screen.lastIndexOf(PROMPT));
    t.type('d\t');
    await t.waitFor('ls -d som\x07edir/', 2000, t.screen.lastIndexOf(PROMPT));
    t.type('\x15cat somef\t');
    await t.waitFor('cat somefile.txt ', 2000, t.screen.lastIndexOf(PROMPT));
  });
  it('lists candidates in columns on a second Tab and redraws the line', async () => {
    const t = await term();
    await cmd(t, 'touch ~/alpha1 ~/alpha2 ~/alpha3');
    const from = t.screen.length;
    t.type('cat alp\t');
    await t.waitFor('cat alp\x07ha', 2000, from);
    // like readline: the Tab after a partial completion rings, the next one lists
    t.type('\t');
    await t.waitFor('cat alp\x07ha\x07', 2000, from);
    t.type('\t');
    await t.waitFor('\nalpha1  alpha2  alpha3  \n' + PROMPT + 'cat alpha', 2000, from);
  });
});
