import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { TraceArg } from '../sim/kernel/trace.ts';
import { STRACE_STRING_LIMIT, traceArgText } from '../sim/tools/strace-format.ts';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newMachine, run } from '../../tests/unit/harness.ts';
import { SyscallWatch } from './syscall-watch.ts';
import type { SyscallMessage } from './protocol.ts';

const labsDir = fileURLToPath(new URL('../../labs/', import.meta.url));
function readTree(dir: string, out: Record<string, Uint8Array> = {}): Record<string, Uint8Array> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) readTree(p, out);
    else out[relative(labsDir, p)] = readFileSync(p);
  }
  return out;
}

describe('SyscallWatch', () => {
  it('posts the watched calls of the machine, once per tick, with the process name and strace-shaped args', async () => {
    const machine = newMachine({ profile: 'ubuntu-18.04', labs: readTree(labsDir) });
    const posted: SyscallMessage[] = [];
    const watch = new SyscallWatch((m) => posted.push(m), (pid) => machine.kernel.procs.get(pid)?.comm);
    machine.subscribe((e) => watch.onEvent(e));
    const format = (name: string, a: TraceArg, i: number) => traceArgText(name, a, i, STRACE_STRING_LIMIT);
    const id = watch.add(['mmap', 'read'], format);
    const other = watch.add(['brk']);
    const dir = '~/chapters/data/process-memory/drills/tasks/alloc_size/support';
    await run(`cd ${dir} && make -s && sed -i '/define ALLOC_SIZE_KB/s/32/256/' alloc_size.c && touch -d '+1 min' alloc_size.c && make -s && printf '\\n\\n\\n' | ./alloc_size > /dev/null`, { machine });
    await new Promise((r) => setTimeout(r, 5));
    const calls = posted.flatMap((m) => m.calls);
    const mine = calls.filter((c) => c.call.comm === 'alloc_size');
    expect(mine.some((c) => c.watch === other && c.call.name === 'brk')).toBe(true);
    expect(mine.filter((c) => c.watch === id).map((c) => c.call.name)).not.toContain('brk');
    const big = mine.filter((c) => c.call.name === 'mmap' && c.call.args[1] === '266240');
    expect(big).toHaveLength(10);
    expect(big[0]!.call.args).toEqual(['NULL', '266240', 'PROT_READ|PROT_WRITE', 'MAP_PRIVATE|MAP_ANONYMOUS', '-1', '0']);
    expect(big[0]!.call.ret).toMatch(/^0x7f[0-9a-f]+$/);
    // stdio's one read of the pipe (all three lines at once), quoted as strace does.
    expect(mine.find((c) => c.call.name === 'read' && c.call.args[0] === '0')?.call.args[1]).toBe('"\\n\\n\\n"');
    // Fewer messages than calls: batched per tick.
    expect(posted.length).toBeLessThan(calls.length);

    watch.remove(id);
    watch.remove(other);
    const before = posted.length;
    await run('true', { machine });
    await new Promise((r) => setTimeout(r, 5));
    expect(posted.length).toBe(before);
  });
});
