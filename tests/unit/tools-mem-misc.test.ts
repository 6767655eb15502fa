// ldd, setarch, getconf and free against the real ones (Debian 12), /proc/meminfo following the processes'
// memory, and the /proc/PID/stat fields pmap and ps read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { background, capture, capturedRuns, memMachine } from './tools-mem-helpers.ts';
import { runTool } from './harness.ts';
import type { Machine } from '../../src/sim/machine.ts';

const T = 60_000;
let m: Machine;
beforeAll(async () => { m = await memMachine('debian-12', true); }, T);
afterAll(() => m?.dispose());
const run = (argv: string[], uid?: number) => runTool(argv, { machine: m, uid });

describe('ldd', () => {
  it('setarch -R ldd lists what ld.so maps, at the addresses the real one prints', async () => {
    for (const name of ['sleep', 'bash']) {
      const r = await run(['setarch', '-R', 'ldd', `/usr/bin/${name}`]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(capture(`ldd-R-${name}.txt`));
    }
  }, T);

  it('with ASLR the addresses move; several files get a header each', async () => {
    const a = await run(['ldd', '/usr/bin/sleep']), b = await run(['ldd', '/usr/bin/sleep']);
    expect(a.stdout).toMatch(/^\tlinux-vdso\.so\.1 \(0x00007f[0-9a-f]{10}\)\n\tlibc\.so\.6 => \/lib\/x86_64-linux-gnu\/libc\.so\.6 \(0x00007f[0-9a-f]{10}\)\n\t\/lib64\/ld-linux-x86-64\.so\.2 \(0x00007f[0-9a-f]{10}\)\n$/);
    expect(a.stdout).not.toBe(b.stdout);
    const two = await run(['setarch', '-R', 'ldd', '/usr/bin/sleep', '/usr/bin/bash']);
    expect(two.stdout).toBe(`/usr/bin/sleep:\n${capture('ldd-R-sleep.txt')}/usr/bin/bash:\n${capture('ldd-R-bash.txt')}`);
  }, T);

  it('LD_TRACE_LOADED_OBJECTS=1 makes a program list its objects and exit 0 before it runs', async () => {
    const r = await runTool(['env', 'LD_TRACE_LOADED_OBJECTS=1', 'setarch', '-R', 'sleep', '1000'], { machine: m });
    expect(r.status).toBe(0);
    // setarch is traced itself (the real one prints setarch's libraries too): it never gets to run sleep.
    expect(r.stdout).toMatch(/^\tlinux-vdso\.so\.1 \(0x[0-9a-f]{16}\)\n\tlibc\.so\.6 => \/lib\/x86_64-linux-gnu\/libc\.so\.6 \(0x[0-9a-f]{16}\)\n/);
  }, T);

  const runs = capturedRuns();
  for (const cmd of ['ldd nosuch', 'ldd /etc/passwd', 'ldd', 'ldd /tmp']) {
    it(cmd, async () => {
      const want = runs.get(cmd)!;
      const r = await run(cmd.split(' '));
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: want.status, stdout: want.stdout, stderr: want.stderr });
    }, T);
  }
});

describe('setarch and getconf', () => {
  const runs = capturedRuns();
  for (const cmd of [...runs.keys()].filter((c) => /^(setarch|getconf)/.test(c))) {
    it(cmd, async () => {
      const want = runs.get(cmd)!;
      const r = await run(cmd.split(' '));
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: want.status, stdout: want.stdout, stderr: want.stderr });
    }, T);
  }

  it('setarch -R switches ASLR off for the program and its children only; x86_64 and linux64 are setarch', async () => {
    const maps = async (argv: string[]) => (await run(argv)).stdout.split('\n')[0]!.split('-')[0];
    expect(await maps(['setarch', '-R', 'cat', '/proc/self/maps'])).toBe('555555554000');
    expect(await maps(['x86_64', '-R', 'cat', '/proc/self/maps'])).toBe('555555554000');
    expect(await maps(['linux64', '--addr-no-randomize', 'env', 'cat', '/proc/self/maps'])).toBe('555555554000');
    expect(await maps(['cat', '/proc/self/maps'])).not.toBe('555555554000');
  }, T);
});

describe('free and /proc/meminfo', () => {
  const meminfo = async () => {
    const text = (await run(['cat', '/proc/meminfo'])).stdout;
    return Object.fromEntries([...text.matchAll(/^([^:]+):\s+(\d+)/gm)].map((x) => [x[1], Number(x[2])]));
  };

  it('free\'s columns and units as procps-ng 4.0.2 prints them, from /proc/meminfo', async () => {
    const want = capturedRuns().get('free -k -m')!;
    const bad = await run(['free', '-k', '-m']);
    expect({ status: bad.status, stderr: bad.stderr }).toEqual({ status: want.status, stderr: want.stderr });
    const mi = await meminfo();
    expect(mi.MemTotal).toBe(4015756);
    const r = await run(['free']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('               total        used        free      shared  buff/cache   available');
    const mem = lines[1]!.split(/\s+/);
    expect(mem[0]).toBe('Mem:');
    expect(Number(mem[1])).toBe(mi.MemTotal);
    expect(Number(mem[2])).toBe(mi.MemTotal! - Number(mem[6])); // used = total - available (procps 4)
    expect(lines[1]!.length).toBe(lines[0]!.length);
    expect(lines[2]).toBe('Swap:              0           0           0');
    expect((await run(['free', '-h'])).stdout).toMatch(/^Mem: {11}3\.8Gi +\d+Mi +\d\.\dGi +\d\.\dMi +\d+Mi +\d\.\dGi\nSwap: +0B +0B +0B\n$/m);
    const w = (await run(['free', '-w', '-t'])).stdout.split('\n');
    expect(w[0]).toBe('               total        used        free      shared     buffers       cache   available');
    expect(w[3]).toMatch(/^Total: +\d+ +\d+ +\d+$/);
  }, T);

  it('a process touching memory moves AnonPages, MemFree and free\'s used; file pages count once in Mapped', async () => {
    const before = await meminfo();
    const pid = await background(m, ['sleep', '1000']);
    const during = await meminfo();
    expect(during.AnonPages! - before.AnonPages!).toBeGreaterThanOrEqual(80); // sleep's anonymous pages (~104K)
    expect(during.AnonPages! - before.AnonPages!).toBeLessThanOrEqual(160);
    expect(before.MemFree! - during.MemFree!).toBeGreaterThan(80);
    // Its libc pages were already mapped by the other processes? Only new file pages add to Mapped.
    expect(during.Mapped!).toBeGreaterThanOrEqual(before.Mapped!);
    // A big anonymous mapping touched page by page (the model's pages) shows at once.
    const proc = m.kernel.procs.get(pid)!;
    const addr = proc.mm!.mmap(0, 64 << 20, 3, 0x22);
    proc.mm!.fill(addr, 1, 64 << 20);
    const after = await meminfo();
    expect(after.AnonPages! - during.AnonPages!).toBe(65536);
    expect(during.MemFree! - after.MemFree!).toBe(65536);
    m.kernel.kill(m.kernel.init, pid, 9);
  }, T);

  it('drop_caches empties the page cache (root only)', async () => {
    const before = await meminfo();
    const denied = await runTool(['tee', '/proc/sys/vm/drop_caches'], { machine: m, stdin: '3\n' });
    expect(denied.status).not.toBe(0);
    expect((await runTool(['tee', '/proc/sys/vm/drop_caches'], { machine: m, stdin: '3\n', uid: 0 })).status).toBe(0);
    const after = await meminfo();
    expect(after.Cached!).toBeLessThan(before.Cached! / 2);
    expect(after.MemFree!).toBeGreaterThan(before.MemFree!);
  }, T);
});

describe('/proc/PID/stat and maps permissions', () => {
  it('startcode, endcode, startstack, start_data, end_data and start_brk are those of the real sleep', async () => {
    const mm = await memMachine('debian-12');
    try {
      const pid = await background(mm, ['sleep', '1000']);
      const stat = (await runTool(['cat', `/proc/${pid}/stat`], { machine: mm, uid: 0 })).stdout.trim().split(' ');
      const real = capture('stat.txt').trim().split(' ');
      expect(stat.length).toBe(real.length);
      for (const f of [23, 26, 27, 45, 46, 47]) expect(stat[f - 1], `field ${f}`).toBe(real[f - 1]);
      const stack = Number(stat[27]);
      expect(stack).toBeGreaterThan(0x7ffffffde000);
      expect(stack).toBeLessThan(0x7ffffffff000);
      // Another user sees 1 and 0 there (ptrace_may_access), and cannot open maps or smaps.
      const other = (await runTool(['cat', `/proc/${pid}/stat`], { machine: mm })).stdout.trim().split(' ');
      expect([other[25], other[26], other[27]]).toEqual(['1', '1', '0']);
      const maps = await runTool(['cat', `/proc/${pid}/maps`], { machine: mm });
      expect(maps.stderr).toBe(`cat: /proc/${pid}/maps: Permission denied\n`);
    } finally { mm.dispose(); }
  }, T);
});
