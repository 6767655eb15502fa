import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { run, terminal } from './harness.ts';

const CAP = new URL('../fidelity/captures/debian-12/', import.meta.url);
const cap = (name: string) => readFileSync(new URL(name, CAP), 'utf8');
const d12 = { profile: 'debian-12' } as const;
// What differs between any two runs, real or simulated: the environment's size, the pid, getrandom's bytes.
const mask = (s: string) => s
  .replace(/^execve\((.*?)\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\)/m, 'execve($1], ENV)')
  .replace(/(set_tid_address\(0x[0-9a-f]+\)\s+= )\d+/, '$1PID')
  .replace(/getrandom\("(\\x[0-9a-f]{2})+"/, 'getrandom("RANDOM"');

describe('strace (debian-12, setarch -R)', () => {
  it('strace sleep 0: the loader and libc start-up are line for line the real ones', async () => {
    const { out } = await run('setarch -R strace sleep 0', d12);
    const real = mask(cap('strace-sleep.txt')).split('\n');
    const sim = mask(out).split('\n');
    // Real coreutils ends with close_stdout's close(1), close(2): not modelled (the tools are TypeScript).
    const realProgram = real.filter((l) => !/^close\([12]\)/.test(l));
    expect(sim).toEqual(realProgram);
  });
  it('-e trace=%memory, -e trace=brk,mmap,munmap,write, -s 8 -e trace=read,pread64: identical to the real runs', async () => {
    expect((await run('setarch -R strace -e trace=%memory sleep 0', d12)).out).toBe(cap('strace-e-memory-sleep.txt'));
    expect((await run('setarch -R strace -e trace=brk,mmap,munmap,write sleep 0', d12)).out).toBe(cap('strace-e-brk-mmap-munmap-write-sleep.txt'));
    expect((await run('setarch -R strace -s 8 -e trace=read,pread64 sleep 0', d12)).out).toBe(cap('strace-s8-read-sleep.txt'));
    expect((await run('setarch -R strace -e brk sleep 0', d12)).out).toBe(
      'brk(NULL)                               = 0x55555555f000\nbrk(NULL)                               = 0x55555555f000\n'
      + 'brk(0x555555580000)                     = 0x555555580000\n+++ exited with 0 +++\n');
  });
  it('-c: the summary table laid out as strace 6.1 (times from the simulated clock: 0 like the capture)', async () => {
    const { out } = await run('setarch -R strace -c sleep 0', d12);
    const real = cap('strace-c-sleep.txt').split('\n');
    const sim = out.split('\n');
    expect(sim.length).toBe(real.length);
    // Only close (close_stdout's two) and the totals differ.
    sim.forEach((l, i) => { if (!/ (close|total)$/.test(l)) expect(l).toBe(real[i]); });
    expect(sim).toContain('  0.00    0.000000           0        17           close');
    expect(sim).toContain('100.00    0.000000           0       107        14 total');
  });
  it('-o FILE: the trace in the file, the program output on the terminal', async () => {
    const { out } = await run('setarch -R strace -o /tmp/t -e trace=close,write echo hi; cat /tmp/t', d12);
    const closes = cap('strace-o-close-sleep.txt').split('\n').filter((l) => l.startsWith('close(3)')).join('\n');
    expect(out).toBe(`hi\n${closes}\nwrite(1, "hi\\n", 3)                     = 3\n+++ exited with 0 +++\n`);
  });
  it('errors: unknown program, unknown syscall, no program', async () => {
    expect((await run('strace nosuch; echo $?', d12)).out).toBe("strace: Can't stat 'nosuch': No such file or directory\n1\n");
    expect((await run('strace -e trace=nosuch true; echo $?', d12)).out).toBe("strace: invalid system call 'nosuch'\n1\n");
    expect((await run('strace', d12)).out).toBe("strace: must have PROG [ARGS] or -p PID\nTry 'strace -h' for more information.\n");
  });
  it('strings: C escapes and octal as strace quotes them, cut at -s', async () => {
    const { out } = await run(`strace -e trace=write printf 'a\\tb\\\\c"d\\001\\177\\303\\251e\\rf\\n'`, d12);
    expect(out).toContain('write(1, "a\\tb\\\\c\\"d\\1\\177\\303\\251e\\rf\\n", 15');
    expect((await run('strace -e trace=write -s 5 echo hello', d12)).out).toBe('hello\nwrite(1, "hello"..., 6)                 = 6\n+++ exited with 0 +++\n'.replace(/^hello\n(.*), 6\)/, '$1, 6hello\n)'));
  });
  it('signals: --- SIGSEGV --- then +++ killed by SIGSEGV +++ (no core on Debian); -e signal=none hides the line', async () => {
    const { out } = await run('strace -e trace=none sleep 5 & sleep 1; kill -SEGV $(pidof -s sleep); wait', d12);
    expect(out).toMatch(/^--- SIGSEGV \{si_signo=SIGSEGV, si_code=SI_USER, si_pid=\d+, si_uid=1000\} ---\n\+\+\+ killed by SIGSEGV \+\+\+\n/);
    const q = await run('strace -e trace=none -e signal=none sleep 5 & sleep 1; kill -INT $(pidof -s sleep); wait', d12);
    expect(q.out).toMatch(/^\+\+\+ killed by SIGINT \+\+\+\n/);
  });
  it('-f: children traced with [pid  N] prefixes while several processes are traced', async () => {
    const { out } = await run('strace -f -e trace=execve,write bash -c "sleep 0; echo hi; true"', d12);
    expect(out).toMatch(/^execve\("\/usr\/bin\/bash", .*\n/);
    expect(out).toMatch(/\nstrace: Process (\d+) attached\n\[pid +\1\] execve\("\/usr\/bin\/sleep", \["sleep", "0"\], .*\n\[pid +\1\] \+\+\+ exited with 0 \+\+\+\n/);
    expect(out).toContain('write(1, "hi\\n", 3hi\n)                     = 3\n+++ exited with 0 +++\n');
  });
  it('-q / -qq: -qq drops the exit line', async () => {
    expect((await run('strace -qq -e trace=none true', d12)).out).toBe('');
    expect((await run('strace -q -e trace=none true', d12)).out).toBe('+++ exited with 0 +++\n');
  });
  it('a read on the terminal is printed in two parts, strace counting its own column (the seed\'s read(0,)', async () => {
    const t = await terminal({ profile: 'debian-12', time: 'virtual' });
    await t.waitFor('$ ');
    const from = t.screen.length;
    t.type('strace -e trace=read,write cat\r');
    await t.waitFor('read(0, ', 3000, from);
    t.type('hi\r');
    await t.waitFor('= 3\n', 3000, from);
    await t.waitFor('write(1, "hi\\n", 3hi\n)                     = 3\n', 3000, from);
    expect(t.screen.slice(from)).toContain('read(0, hi\n"hi\\n", 131072)                 = 3\n');
    t.type('\x04');
    await t.waitFor('+++ exited with 0 +++', 3000, from);
    expect(t.screen.slice(from)).toContain('read(0, "", 131072)                     = 0\n');
  });
});
