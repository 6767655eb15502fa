import { describe, expect, it } from 'vitest';
import { newMachine, run } from './harness.ts';
import type { Sys } from '../../src/sim/kernel/sys.ts';

const dec = new TextDecoder();
const d12 = { profile: 'debian-12' } as const;

/**
 * A fake C program (the C library model had not landed): it reports library calls through the kernel's libcall
 * hook as the libc will (entry, its own output and system calls, return), once `ltrace -p` has attached.
 * Its stdout and ltrace's stderr share one pipe, as they share a terminal.
 */
async function traceFake(ltraceArgs: string[], body: (sys: Sys) => Promise<void>, env: string[] = []) {
  const m = newMachine(d12);
  const k = m.kernel;
  const parent = k.createProcess(k.init, { uid: 1000, gid: 1000, argv: ['harness'], env: [], cwd: '/', exe: '/harness' });
  return new Promise<string>((resolve, reject) => {
    k.run(parent, async (sys) => {
      try {
        const [r, w] = sys.pipe();
        const fake = sys.fork(async (c) => {
          c.untraced = true; // the polling sleeps are not part of the fake program
          while (!k.tracers.has(c.pid)) await c.sleep(1);
          c.untraced = false;
          await body(c);
          return 0;
        }, { fds: { 0: r, 1: w, 2: w } });
        const lt = await sys.spawn('/usr/bin/ltrace', { argv: ['ltrace', ...ltraceArgs, '-p', String(fake)], env, fds: { 0: r, 1: w, 2: w } });
        sys.close(w);
        const out = sys.readAll(r);
        await sys.waitpid(fake);
        await sys.waitpid(lt);
        const text = await out; // only then close: readAll may still be between two reads
        sys.close(r);
        resolve(dec.decode(text));
      } catch (e) { reject(e); }
      return 0;
    });
  });
}

const printfAlloc = async (sys: Sys, addr: string) => {
  const k = sys.kernel;
  k.traceLibcallEnter(sys.proc, 'malloc', ['32768'])(addr);
  const done = k.traceLibcallEnter(sys.proc, 'printf', [{ bytes: new TextEncoder().encode('New allocation at %p\n') }, addr]);
  await sys.write(1, `New allocation at ${addr}\n`);
  done('33');
  k.traceLibcall(sys.proc, 'free', [addr], '<void>');
};

describe('ltrace 0.7.3', () => {
  it('library calls as the seed shows them: printf\'s output inside its line, = at the terminal width × 5/8', async () => {
    const out = await traceFake([], (s) => printfAlloc(s, '0x55e33f490b10'), ['COLUMNS=183']);
    // The seed's lines, byte for byte (its terminal was 183 columns wide: align 114).
    expect(out).toBe(
      'malloc(32768)' + ' '.repeat(100) + '= 0x55e33f490b10\n'
      + 'printf("New allocation at %p\\n", 0x55e33f490b10New allocation at 0x55e33f490b10\n)' + ' '.repeat(65) + '= 33\n'
      + 'free(0x55e33f490b10)' + ' '.repeat(93) + '= <void>\n'
      + '+++ exited (status 0) +++\n');
  });
  it('on a pipe: %-48s = %s', async () => {
    const out = await traceFake([], (s) => printfAlloc(s, '0x5555555592a0'));
    expect(out.split('\n')[0]).toBe('malloc(32768)                                    = 0x5555555592a0');
    expect(out.split('\n')[3]).toBe('free(0x5555555592a0)                             = <void>');
  });
  it('-e malloc+free filters (the object name prefixed, as ltrace does with -e), -c summarises', async () => {
    const out = await traceFake(['-e', 'malloc+free'], (s) => printfAlloc(s, '0x5555555592a0'));
    expect(out).toBe('New allocation at 0x5555555592a0\nmalloc(32768)                                    = 0x5555555592a0\n'
      .replace(/^(.*\n)(malloc.*\n)$/, '$2$1')
      + 'free(0x5555555592a0)                             = <void>\n+++ exited (status 0) +++\n');
    const c = await traceFake(['-c'], (s) => printfAlloc(s, '0x5555555592a0'));
    expect(c).toBe('New allocation at 0x5555555592a0\n% time     seconds  usecs/call     calls      function\n'
      + '------ ----------- ----------- --------- --------------------\n'
      + '  0.00    0.000000           0         1 free\n  0.00    0.000000           0         1 malloc\n'
      + '  0.00    0.000000           0         1 printf\n'
      + '------ ----------- ----------- --------- --------------------\n'
      + '100.00    0.000000                     3 total\n');
  });
  it('-S: system calls as SYS_name(raw args); a library call cut by one ends <unfinished ...> and resumes', async () => {
    const out = await traceFake(['-S'], async (sys) => {
      const done = sys.kernel.traceLibcallEnter(sys.proc, 'malloc', ['32768']);
      sys.kernel.traceSyscall(sys.proc, 'brk', ['NULL'], '0x555555559000');
      sys.kernel.traceSyscall(sys.proc, 'brk', ['0x55555557a000'], '0x55555557a000');
      done('0x5555555592a0');
    });
    expect(out).toBe('malloc(32768 <unfinished ...>\n'
      + 'SYS_brk(0)                                       = 0x555555559000\n'
      + 'SYS_brk(0x55555557a000)                          = 0x55555557a000\n'
      + '<... malloc resumed> )                           = 0x5555555592a0\n'
      + 'SYS_exit_group(0 <no return ...>\n'
      + '+++ exited (status 0) +++\n');
  });
  it('the system\'s programs make no library calls in this simulator (known gap): only the exit line', async () => {
    expect((await run('ltrace sleep 0', d12)).out).toBe('+++ exited (status 0) +++\n');
    // On the 120-column test terminal ltrace aligns at 120 × 5/8 = 75.
    const s = (await run('setarch -R ltrace -S -e none true', d12)).out;
    expect(s).toMatch(/^SYS_brk\(0\) {64}= 0x555555[0-9a-f]+\n/);
    expect(s).toContain('SYS_access("/etc/ld.so.preload", 04)');
    expect(s).toContain('SYS_openat(0xffffff9c, 0x7fffffffd900, 0x80000, 0)');
    expect(s).toContain('SYS_read(3, "\\177ELF\\002\\001\\001\\003", 832)');
    expect(s).toMatch(/SYS_exit_group\(0 <no return \.\.\.>\n\+\+\+ exited \(status 0\) \+\+\+\n$/);
    expect((await run('ltrace nosuch; echo $?', d12)).out).toMatch(/^Can't execute `nosuch': No such file or directory\nfailed to initialize process \d+: No such file or directory\ncouldn't open program 'nosuch': No such file or directory\n1\n$/);
  });
});
