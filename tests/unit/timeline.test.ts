// The machine's recorded history (src/sim/timeline): memory-map snapshots read exactly as pmap -x prints them,
// the steps a scrubber walks, terminal output at a moment, and past maps rebuilt equal to what was live then.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newMachine, run } from './harness.ts';
import { labFiles } from './lab-files.ts';
import { recordHistory, type History } from '../../src/sim/timeline/history.ts';
import type { MapSnapshot } from '../../src/sim/timeline/types.ts';
import type { Machine } from '../../src/sim/machine.ts';
import type { ProfileName } from '../../src/sim/loader/profiles.ts';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../src/sim/kernel/mm.ts';
import { Syscalls } from '../../src/sim/kernel/syscalls.ts';

const LABS = labFiles();
const HELLO = 'chapters/data/working-with-memory/guides/static-dynamic/support';
const ALLOC = 'chapters/data/process-memory/drills/tasks/alloc_size/support';

function pmapRows(out: string) { return out.split('\n').filter((l) => /^[0-9a-f]{16} /.test(l)); }
function pmapTotal(out: string) { return Number(/^total kB\s+(\d+)/m.exec(out)![1]); }

/** What a past snapshot must equal the live one in: everything but the sampled RSS/Dirty. */
function shape(s: MapSnapshot, withCause = true) {
  return {
    brk: s.brk, startBrk: s.startBrk, mmapBase: s.mmapBase, totalKb: s.totalKb, comm: s.comm,
    regions: s.regions.map((r) => ({ start: r.start, end: r.end, kind: r.kind, name: r.name, mode: r.mode, kbytes: r.kbytes, mapsLine: r.mapsLine, cause: withCause ? r.cause?.seq : 0 })),
  };
}

describe.each(['ubuntu-18.04', 'debian-12'] as ProfileName[])('hello-dynamic on %s', (profile) => {
  it('the live snapshot is pmap -x row for row, and so is the one rebuilt at that moment', { timeout: 60_000 }, async () => {
    // Real time, so that the program sleeping in the background is still there when its map is read.
    const m = newMachine({ profile, labs: LABS, time: 'real' });
    const h = recordHistory(m);
    const r = await run(`cd ${HELLO} && make -s >/dev/null && { ./hello-dynamic >/dev/null & sleep 0.3; echo PID=$!; pmap -x $!; }`, { machine: m });
    const pid = Number(/PID=(\d+)/.exec(r.out)![1]);
    const rows = pmapRows(r.out);
    expect(rows.length).toBeGreaterThan(15);
    const live = h.mapAt(pid)!;
    expect(live.live).toBe(true);
    expect(live.regions.map((x) => x.pmapRow)).toEqual(rows);
    expect(live.totalKb).toBe(pmapTotal(r.out));
    expect(live.totalRssKb).toBe(Number(/^total kB\s+\d+\s+(\d+)/m.exec(r.out)![1]));
    // names and modes as pmap's columns, kinds from the layout
    expect(live.regions.map((x) => x.name)).toEqual(rows.map((row) => row.slice(47).trim()));
    const kinds = live.regions.map((x) => x.kind);
    expect(kinds[0]).toBe(profile === 'ubuntu-18.04' ? 'text' : 'rodata');
    expect(kinds).toContain('lib');
    expect(kinds).toContain('ld');
    expect(kinds).toContain('heap');
    expect(kinds.slice(-1)).toEqual(['vsyscall']);
    expect(live.regions.find((x) => x.kind === 'stack')?.name).toBe('[ stack ]');
    // every region was caused by something recorded: the execve or ld.so's calls
    for (const x of live.regions.slice(0, -1)) expect(x.cause?.line).toMatch(/^(execve|mmap|mprotect|brk|munmap)\(/);
    expect(live.regions.find((x) => x.kind === 'heap')!.cause!.line).toMatch(/^brk\(0x[0-9a-f]+\)\s+= 0x/);
    // /proc/PID/maps, line for line
    const maps = (await run(`cat /proc/${pid}/maps`, { machine: m })).out.trimEnd().split('\n');
    expect(live.regions.map((x) => x.mapsLine)).toEqual(maps);
    // the same moment rebuilt from the history (the process has made no call since it went to sleep)
    const past = h.mapAt(pid, h.lastSeq - 1)!;
    expect(past.live).toBe(false);
    expect(shape(past)).toEqual(shape(live));
    h.stop();
    m.dispose();
  });
});

/** alloc_size with ALLOC_SIZE_KB 256 on ubuntu-18.04, keys fed; its pid and the history. */
async function allocSize256(): Promise<{ m: Machine; h: History; pid: number; out: string }> {
  const m = newMachine({ profile: 'ubuntu-18.04', labs: LABS });
  const src = m.readFile(`${ALLOC}/alloc_size.c`)!;
  m.writeFile(`${ALLOC}/alloc_size.c`, src.replace(/#define ALLOC_SIZE_KB\s+32/, '#define ALLOC_SIZE_KB\t256'));
  await run(`cd ${ALLOC} && make -s`, { machine: m });
  const h = recordHistory(m);
  const r = await run(`cd ${ALLOC} && printf '\\n\\n\\n' | ./alloc_size`, { machine: m });
  const spawnPid = [...h.tracks.values()].find((t) => {
    const s = h.steps(t.pid, { filter: 'memory', count: 1000 });
    return s.some((x) => x.kind === 'exec' && /^execve\("[^"]*\/alloc_size"/.test(x.line));
  })!.pid;
  return { m, h, pid: spawnPid, out: r.out };
}

describe('alloc_size, ALLOC_SIZE_KB 256 (ubuntu-18.04)', () => {
  it('ten mmap steps of 260K, the 132K heap before the first malloc, one munmap', { timeout: 60_000 }, async () => {
    const { m, h, pid, out } = await allocSize256();
    expect(out).toContain('New allocation at 0x');
    const all = h.steps(pid, { count: 10_000 });
    const mem = h.steps(pid, { filter: 'memory', count: 10_000 });
    expect(mem.every((s) => s.kind !== 'syscall' || ['brk', 'mmap', 'munmap', 'mprotect', 'mremap', 'madvise'].includes(s.name!))).toBe(true);
    expect(mem.length).toBeLessThan(all.length);
    // the program's own mmaps: after its first read of the terminal (the key before allocating)
    const firstRead = all.find((s) => s.name === 'read' && s.line.startsWith('read(0,'))!;
    const mmaps = mem.filter((s) => s.seq > firstRead.seq && s.name === 'mmap');
    expect(mmaps).toHaveLength(10);
    for (const s of mmaps) {
      expect(s.line).toMatch(/^mmap\(NULL, 266240, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x[0-9a-f]+$/);
      const addr = Number(s.line.split('= ')[1]);
      expect(s.touched).toEqual([{ start: addr, end: addr + 266240 }]);
      expect(s.summary).toBe(`mmap mapped 260K anonymous at 0x${addr.toString(16)}`);
      // the step's map has a region holding the new range (Linux merges it with an anonymous neighbour)
      const snap = h.mapAt(pid, s.seq)!;
      const holder = snap.regions.find((r) => r.start <= addr && addr + 266240 <= r.end)!;
      expect(holder.mode).toBe('rw---');
      expect(['mmap', 'anon', 'ld', 'lib']).toContain(holder.kind);
      // and the map just before did not
      expect(h.mapAt(pid, s.seq - 1)!.regions.some((r) => r.start <= addr && addr < r.end)).toBe(false);
    }
    const first = mmaps[0]!;
    expect(h.mapAt(pid, first.seq)!.regions.find((r) => r.start === Number(first.line.split('= ')[1]))?.cause?.seq).toBe(first.seq);
    // before the first malloc: the 132K heap malloc's first brk made
    const before = h.mapAt(pid, firstRead.seq)!;
    const heap = before.regions.find((r) => r.kind === 'heap')!;
    expect(heap.kbytes).toBe(132);
    expect(heap.name).toBe('[ anon ]');
    expect(before.brk - before.startBrk).toBe(132 * 1024);
    const brkStep = mem.find((s) => s.name === 'brk' && s.summary)!;
    expect(brkStep.summary).toBe('brk created the heap: 132K at 0x' + before.startBrk.toString(16));
    // the free of the last block
    const unmap = mem.filter((s) => s.name === 'munmap' && s.seq > firstRead.seq);
    expect(unmap).toHaveLength(1);
    expect(unmap[0]!.summary).toBe(`munmap unmapped 260K at ${mmaps[9]!.line.split('= ')[1]}`);
    // the exit, and the map after it is the last one
    expect(all.at(-1)!.kind).toBe('exit');
    expect(all.at(-1)!.line).toBe('+++ exited with 0 +++');
    expect(h.mapAt(pid)!.exited).toBe(true);
    // the terminal showed the first allocation's line by the first mmap's write
    const write = all.find((s) => s.seq > first.seq && s.name === 'write')!;
    const shown = h.outputAt(0 + ttyOf(h, write.seq), write.seq);
    expect(shown.text).toContain('New allocation at ');
    expect(h.outputAt(ttyOf(h, write.seq), first.seq).text).not.toContain('New allocation at ');
    h.stop();
    m.dispose();
  });

  it('backward steps end at the seq given', { timeout: 60_000 }, async () => {
    const { m, h, pid } = await allocSize256();
    const mem = h.steps(pid, { filter: 'memory', count: 10_000 });
    const mid = mem[Math.floor(mem.length / 2)]!;
    const back = h.steps(pid, { filter: 'memory', from: mid.seq, count: 3, backward: true });
    expect(back.map((s) => s.seq)).toEqual(mem.slice(mem.indexOf(mid) - 2, mem.indexOf(mid) + 1).map((s) => s.seq));
    expect(back.map((s) => s.summary)).toEqual(mem.slice(mem.indexOf(mid) - 2, mem.indexOf(mid) + 1).map((s) => s.summary));
    h.stop();
    m.dispose();
  });
});

/** The terminal the output event nearest before `seq` went to (the test's one terminal). */
function ttyOf(h: History, _seq: number): number { return [...h.ttys.keys()].at(-1)!; }

describe('rebuilding the past', () => {
  it('the map rebuilt at seq N equals the live map taken at N, for random mmap/munmap/mprotect/brk sequences', { timeout: 60_000 }, async () => {
    const m = newMachine({ profile: 'debian-12', time: 'real' });
    const h = recordHistory(m);
    await run(`sleep 1000 & sleep 0.05`, { machine: m });
    const proc = [...m.kernel.procs.values()].find((p) => p.comm === 'sleep' && !p.dead)!;
    const sys = new Syscalls(m.kernel, proc);
    const op = fc.oneof(
      fc.record({ k: fc.constant('mmap' as const), pages: fc.integer({ min: 1, max: 64 }), prot: fc.constantFrom(PROT_READ, PROT_READ | PROT_WRITE) }),
      fc.record({ k: fc.constant('munmap' as const), pick: fc.nat(), off: fc.integer({ min: 0, max: 8 }), pages: fc.integer({ min: 1, max: 16 }) }),
      fc.record({ k: fc.constant('mprotect' as const), pick: fc.nat(), off: fc.integer({ min: 0, max: 8 }), pages: fc.integer({ min: 1, max: 8 }), prot: fc.constantFrom(0, PROT_READ, PROT_READ | PROT_WRITE) }),
      fc.record({ k: fc.constant('brk' as const), delta: fc.integer({ min: -40000, max: 200000 }) }),
      fc.record({ k: fc.constant('touch' as const), pick: fc.nat() }),
    );
    const mine: number[] = [];
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
      const taken: { seq: number; snap: MapSnapshot }[] = [];
      for (const o of ops) {
        const mm = proc.mm!;
        try {
          if (o.k === 'mmap') mine.push(sys.mmap(0, o.pages * 4096, o.prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
          else if (o.k === 'brk') sys.brk(Math.max(mm.startBrk, mm.brk + o.delta));
          else if (o.k === 'touch') { const v = mm.vmas[o.pick % mm.vmas.length]!; if (v.prot & PROT_WRITE) mm.touch(v.start, Math.min(v.size, 3 * 4096), true); }
          else if (mine.length) {
            const a = mine[o.pick % mine.length]! + o.off * 4096;
            if (o.k === 'munmap') sys.munmap(a, o.pages * 4096); else sys.mprotect(a, o.pages * 4096, o.prot);
          }
        } catch { /* ENOMEM and the like: traced, nothing changed */ }
        taken.push({ seq: h.lastSeq, snap: h.mapAt(proc.pid)! });
      }
      for (const { seq, snap } of taken) {
        expect(snap.live).toBe(true);
        expect(snap.seq).toBe(seq);
        expect(shape(h.mapAt(proc.pid, seq)!)).toEqual(shape(snap));
      }
    }), { numRuns: 40, seed: 6 });
    // The steps of those calls carry their touched ranges and a summary when the map changed.
    const st = h.steps(proc.pid, { filter: 'memory', count: 100_000 });
    expect(st.some((s) => s.name === 'mprotect' && /^mprotect made \d+K at 0x[0-9a-f]+ (r--|rw-|---)$/.test(s.summary))).toBe(true);
    expect(st.some((s) => s.name === 'brk' && /^brk (grew|shrank) the heap from \d+K to \d+K$/.test(s.summary))).toBe(true);
    h.stop();
    m.dispose();
  });

  it('stays within its bounds: old events dropped, live maps still rebuilt after the cut', { timeout: 60_000 }, async () => {
    const m = newMachine({ profile: 'debian-12', time: 'real' });
    const h = recordHistory(m, { maxEvents: 1000 });
    await run(`sleep 1000 & sleep 0.05`, { machine: m });
    const proc = [...m.kernel.procs.values()].find((p) => p.comm === 'sleep' && !p.dead)!;
    const sys = new Syscalls(m.kernel, proc);
    const checks: { seq: number; snap: MapSnapshot }[] = [];
    for (let i = 0; i < 2500; i++) {
      const a = sys.mmap(0, 4096 * (1 + (i % 7)), PROT_READ | (i % 2 ? PROT_WRITE : 0), MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (i % 3) sys.munmap(a, 4096);
      if (i % 250 === 0) checks.push({ seq: h.lastSeq, snap: h.mapAt(proc.pid)! });
    }
    expect(h.lastSeq - h.firstSeq + 1).toBeLessThanOrEqual(1000);
    const recent = checks.filter((c) => c.seq >= h.tracks.get(proc.pid)!.firstSeq);
    expect(recent.length).toBeGreaterThan(0);
    // (the events that caused old regions may be gone: causes are left out of the comparison)
    for (const c of recent) expect(shape(h.mapAt(proc.pid, c.seq)!, false)).toEqual(shape(c.snap, false));
    // forgotten moments say so rather than inventing a map
    expect(h.mapAt(proc.pid, 1)).toBeUndefined();
    h.stop();
    m.dispose();
  });
});
