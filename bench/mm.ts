// Memory-model benchmarks (issue: the simulated kernel). Prints figures next to their targets; never fails.
//   pmap of a process with 10 000 VMAs ≤ 50 ms · 100 000 mmap/munmap calls ≤ 1 s ·
//   a process that maps and touches 4 GiB keeps the JS heap ≤ 256 MB
import { AddressSpace, MAP_ANONYMOUS, MAP_FIXED, MAP_GROWSDOWN, MAP_PRIVATE, PAGE_SIZE, PROT_READ, PROT_WRITE } from '../src/sim/kernel/mm.ts';
import { mapsText } from '../src/sim/fs/procmem.ts';

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;

function fresh() {
  const mm = new AddressSpace();
  mm.setLayout({ mmapBase: 0x7ffff7fff000, startBrk: 0x555555560000, startStack: 0x7fffffffe800, stackRlimit: 8 << 20 });
  mm.mmap(0x7ffffffde000, 0x21000, RW, ANON | MAP_GROWSDOWN | MAP_FIXED);
  return mm;
}

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
}

export function runMmBench(print: (line: string) => void) {
  // 10 000 VMAs: alternate protections so nothing merges.
  const mm = fresh();
  for (let i = 0; i < 10_000; i++) mm.mmap(0, PAGE_SIZE, i % 2 ? PROT_READ : RW, ANON);
  mapsText(mm); // warm up
  const [text, ms] = time(() => mapsText(mm));
  print(`pmap-equivalent /proc/PID/maps of ${mm.vmas.length} VMAs (${text.length} bytes): ${ms.toFixed(1)} ms   (target ≤ 50 ms)`);

  const mm2 = fresh();
  const [, ms2] = time(() => {
    for (let i = 0; i < 50_000; i++) {
      const a = mm2.mmap(0, 266240, RW, ANON);
      mm2.munmap(a, 266240);
    }
  });
  print(`100 000 mmap/munmap calls: ${ms2.toFixed(0)} ms   (target ≤ 1000 ms)`);

  const mm3 = fresh();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const [, ms3] = time(() => {
    const len = 4 * 1024 ** 3;
    const a = mm3.mmap(0, len, RW, ANON);
    mm3.fill(a, 0x5a, len); // memset(p, 0x5a, 4 GiB): every page touched and dirty
  });
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const rss = mm3.vmas.reduce((n, v) => n + v.pages.size, 0) * 4;
  print(`map and touch 4 GiB (${(rss / 1024 / 1024).toFixed(1)} GiB resident in the model): JS heap +${((after - before) / 1e6).toFixed(0)} MB, ${ms3.toFixed(0)} ms   (target ≤ 256 MB)`);
}

if (import.meta.url === `file://${process.argv[1]}`) runMmBench(console.log);
