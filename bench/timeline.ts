// The recorded history (src/sim/timeline) — issue 6's machine side. Prints figures next to their targets:
//   map update after a system call, for a process with 200 VMAs: mapAt + the structured clone postMessage
//   makes (the worker's share of the ≤ 16 ms a view update may take, the drawing being the view's) ·
//   the history of 100 000 system calls ≤ 20 MB · what recording costs each system call.
import v8 from 'node:v8';
import vm from 'node:vm';
import { Machine } from '../src/sim/machine.ts';
import { loadProfileImages } from '../src/sim/loader/images/index.ts';
import { Syscalls } from '../src/sim/kernel/syscalls.ts';
import { MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE } from '../src/sim/kernel/mm.ts';
import { recordHistory } from '../src/sim/timeline/history.ts';

type Print = (line: string) => void;
const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A live process (a backgrounded sleep) on a fresh machine, and its system-call door. */
async function sleeper(record: boolean) {
  const m = new Machine({ profile: 'debian-12', time: 'real' });
  const h = record ? recordHistory(m) : undefined;
  await m.runCommand('sleep 1000 & sleep 0.05');
  const proc = [...m.kernel.procs.values()].find((p) => p.comm === 'sleep' && !p.dead);
  if (!proc?.mm) throw new Error('no sleeping process');
  return { m, h, proc, sys: new Syscalls(m.kernel, proc) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

export async function runTimelineBench(print: Print) {
  await loadProfileImages('debian-12');

  // ---- map update after a syscall, 200 VMAs -------------------------------------------------------------
  {
    const { m, h, proc, sys } = await sleeper(true);
    while (proc.mm!.vmas.length < 200) sys.mmap(0, PAGE_SIZE, proc.mm!.vmas.length % 2 ? PROT_READ : RW, ANON, -1, 0);
    const live: number[] = [], past: number[] = [], clone: number[] = [], step: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 300; i++) {
      const a = sys.mmap(0, 3 * PAGE_SIZE, i % 2 ? PROT_READ : RW, ANON, -1, 0); // the system call
      let t0 = performance.now();
      const snap = h!.mapAt(proc.pid)!;
      live.push(performance.now() - t0);
      t0 = performance.now();
      const copy = structuredClone(snap); // what postMessage does to it
      clone.push(performance.now() - t0);
      bytes = JSON.stringify(copy).length;
      t0 = performance.now();
      h!.steps(proc.pid, { from: h!.lastSeq, count: 1, backward: true, filter: 'memory' });
      step.push(performance.now() - t0);
      t0 = performance.now();
      h!.mapAt(proc.pid, h!.lastSeq - 1 - (i % 50));
      past.push(performance.now() - t0);
      sys.munmap(a, 3 * PAGE_SIZE);
    }
    const n = h!.mapAt(proc.pid)!.regions.length;
    print(`map update after a syscall, ${n} regions: mapAt ${median(live).toFixed(2)} ms (p95 ${p95(live).toFixed(2)}) + structured clone ` +
      `${median(clone).toFixed(2)} ms (~${(bytes / 1024).toFixed(0)} KB) + step summary ${median(step).toFixed(2)} ms = ` +
      `${(median(live) + median(clone) + median(step)).toFixed(2)} ms   (the worker's part of ≤ 16 ms)`);
    print(`past map (rebuilt from the history), ${n} regions: ${median(past).toFixed(2)} ms (p95 ${p95(past).toFixed(2)})`);
    m.dispose();
  }

  // ---- 100 000 system calls: history size and recording cost ---------------------------------------------
  const run = async (record: boolean) => {
    const s = await sleeper(record);
    gc();
    const before = process.memoryUsage();
    const seq0 = s.h?.lastSeq ?? 0;
    const t0 = performance.now();
    for (let i = 0; i < 50_000; i++) {
      const a = s.sys.mmap(0, 266240, RW, ANON, -1, 0);
      s.sys.munmap(a, 266240);
    }
    const ms = performance.now() - t0;
    gc();
    const after = process.memoryUsage();
    const grew = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1e6;
    return { ...s, ms, grew, events: (s.h?.lastSeq ?? 0) - seq0 };
  };
  const plain = await run(false);
  plain.m.dispose();
  const rec = await run(true);
  print(`history of ${rec.events} events (100 000 mmap/munmap): ${(rec.h!.bytes / 1e6).toFixed(1)} MB held; JS heap + array buffers ` +
    `+${rec.grew.toFixed(1)} MB   (target ≤ 20 MB)`);
  print(`100 000 mmap/munmap: ${plain.ms.toFixed(0)} ms without the history, ${rec.ms.toFixed(0)} ms recorded ` +
    `(+${(((rec.ms - plain.ms) / 100_000) * 1000).toFixed(2)} µs a call)`);
  const t0 = performance.now();
  const mid = rec.h!.mapAt(rec.proc.pid, rec.h!.lastSeq - 50_001)!;
  print(`a map 50 000 calls back: ${(performance.now() - t0).toFixed(2)} ms (${mid.regions.length} regions)`);
  rec.h!.stop();
  rec.m.dispose();
}

if (import.meta.url === `file://${process.argv[1]}`) await runTimelineBench(console.log);
