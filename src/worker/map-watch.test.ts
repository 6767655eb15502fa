// The memory-map feed: one `memsim:map` message per tick for the watched pid only, with the newest seq, the
// step's summary and the live map; nothing once unwatched.
import { describe, expect, it } from 'vitest';
import { newMachine, run } from '../../tests/unit/harness.ts';
import { recordHistory } from '../sim/timeline/history.ts';
import { Syscalls } from '../sim/kernel/syscalls.ts';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../sim/kernel/mm.ts';
import type { MapChangedMessage } from '../sim/timeline/types.ts';
import { MapWatch } from './map-watch.ts';

const tick = () => new Promise((r) => setTimeout(r, 40));

describe('MapWatch', () => {
  it('batches a burst of changes of the watched pid into one message with the live map', async () => {
    const m = newMachine({ profile: 'debian-12', time: 'real' });
    const h = recordHistory(m);
    await run('sleep 1000 & sleep 0.05', { machine: m });
    const proc = [...m.kernel.procs.values()].find((p) => p.comm === 'sleep' && !p.dead)!;
    const sys = new Syscalls(m.kernel, proc);
    const got: MapChangedMessage[] = [];
    const watch = new MapWatch((msg) => got.push(msg));
    watch.attach(h);
    watch.watch(proc.pid);
    await tick();
    expect(got).toHaveLength(1); // the first picture
    got.length = 0;
    let last = 0;
    for (let i = 0; i < 5; i++) last = sys.mmap(0, 8192 * (i + 1), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sys.brk(0); // not a change
    await tick();
    expect(got).toHaveLength(1);
    const msg = got[0]!;
    expect(msg.kind).toBe('memsim:map');
    expect(msg.pid).toBe(proc.pid);
    expect(msg.summary).toBe(`mmap mapped 40K anonymous at 0x${last.toString(16)}`);
    expect(msg.snapshot!.live).toBe(true);
    expect(msg.snapshot!.regions.some((r) => r.start <= last && last < r.end)).toBe(true);
    expect(msg.seq).toBe(h.lastSeq - 1); // the last mmap: the brk(NULL) after it changed nothing
    expect(h.steps(proc.pid, { from: msg.seq, count: 1 })[0]!.name).toBe('mmap');
    // another process's changes and an unwatched pid post nothing
    got.length = 0;
    await run('true', { machine: m });
    await tick();
    expect(got).toHaveLength(0);
    watch.watch(null);
    sys.mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    await tick();
    expect(got).toHaveLength(0);
    m.dispose();
  });
});
