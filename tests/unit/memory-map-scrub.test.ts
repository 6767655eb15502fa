// The memory map's pure helpers beside the layout: where the scrubber's keys go, which process is "the program
// in that console", and which strace lines become links.
import { describe, expect, it } from 'vitest';
import { target } from '../../src/client/memory-map/scrubber.ts';
import { programOfShell } from '../../src/client/memory-map/process-pick.ts';
import type { HistoryStep } from '../../src/sim/timeline/types.ts';
import type { ProcessInfo } from '../../src/worker/protocol.ts';
import { isMemoryCall } from '../../src/client/memory-map/strace-line.ts';
import { newMachine, run } from './harness.ts';
import { labFiles } from './lab-files.ts';

// Steps shaped as the timeline records them (a memory step has touched ranges); the scrubber reads no more.
const step = (seq: number, name: string, mem: boolean): HistoryStep =>
  ({ seq, pid: 1, kind: 'syscall', name, line: `${name}(...)`, touched: mem ? [{ start: 0x1000, end: 0x2000 }] : [], summary: '' });
const steps = [step(1, 'execve', true), step(2, 'write', false), step(3, 'brk', true), step(4, 'write', false), step(5, 'read', false)];
const mem = new Set(steps.filter((s) => s.touched.length).map((s) => s.seq));

describe('scrubber moves', () => {
  it('steps one system call back and forth, with live just past the last', () => {
    expect(target(steps, undefined, 'prev', mem)).toBe(4);
    expect(target(steps, 4, 'next', mem)).toBeUndefined();
    expect(target(steps, 0, 'prev', mem)).toBe(0);
    expect(target(steps, 1, 'next', mem)).toBe(2);
    expect(target(steps, 3, 'first', mem)).toBe(0);
    expect(target(steps, 3, 'live', mem)).toBeUndefined();
  });
  it('jumps between the steps that changed the address space', () => {
    expect(target(steps, undefined, 'prev-mem', mem)).toBe(2);
    expect(target(steps, 2, 'prev-mem', mem)).toBe(0);
    expect(target(steps, 0, 'prev-mem', mem)).toBe(0); // nothing earlier: stays
    expect(target(steps, 0, 'next-mem', mem)).toBe(2);
    expect(target(steps, 2, 'next-mem', mem)).toBeUndefined(); // none later: live
    expect(target([], undefined, 'prev', mem)).toBeUndefined();
  });
});

describe('the program in that console', () => {
  it('is the newest living descendant of the console shell (a traced program, not its tracer)', async () => {
    const m = newMachine();
    let procs: ProcessInfo[] = [];
    let shell = 0;
    const off = m.subscribe((e) => { if (e.type === 'spawn' && e.argv[0] === 'sleep') procs = m.processes(); });
    await run('sleep 5 & strace -o /dev/null sleep 1; wait', { machine: m });
    off();
    shell = procs.find((p) => p.comm === 'bash')!.pid;
    const picked = programOfShell(procs, shell)!;
    expect(picked.comm).toBe('sleep');
    expect(procs.find((p) => p.pid === picked.ppid)?.comm).toBe('strace');
    expect(programOfShell(procs, 99999)).toBeUndefined();
  });
});

describe('strace lines that become links to the map', () => {
  it('are the brk, mmap and munmap lines of a real strace run, and no others', async () => {
    const dir = 'chapters/data/process-memory/drills/tasks/alloc_size/support';
    const m = newMachine({ labs: labFiles() });
    const { out } = await run(`cd ${dir} && make >/dev/null && printf '\\n\\n\\n' | strace ./alloc_size 2>&1`, { machine: m });
    const lines = out.split('\n');
    const linked = lines.filter(isMemoryCall);
    expect(linked.length).toBeGreaterThan(5);
    expect(linked.some((l) => l.startsWith('brk(0x'))).toBe(true);
    expect(linked.some((l) => l.startsWith('mmap(NULL,'))).toBe(true);
    expect(lines.filter((l) => /^(brk|mmap|munmap)\(/.test(l) && !/= -1/.test(l))).toEqual(linked.filter((l) => !l.startsWith('mprotect')));
    expect(isMemoryCall('write(1, "brk(0x1) = 0x1", 14) = 14')).toBe(false);
    expect(isMemoryCall('mprotect(0x7f1ea51bb000, 16384, PROT_READ) = 0')).toBe(true);
  });
});
