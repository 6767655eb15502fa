// `npm run bench`: every benchmark under bench/, one after the other. Each prints its figures next to their
// targets; a benchmark that breaks is reported and the others still run. Nothing here fails the process.
// Add a benchmark: a file under bench/ exporting `(print) => void | Promise<void>`, and a line below.
// `npm run bench -- site` runs only the benchmarks whose name contains "site".

export {}; // a module: top-level await

type Print = (line: string) => void;
interface Bench { name: string; load(): Promise<(print: Print) => void | Promise<void>>; }

const BENCHES: Bench[] = [
  { name: 'site (built pages in Chromium)', load: async () => (await import('./site.ts')).runSiteBench },
  { name: 'memory map (built pages in Chromium)', load: async () => (await import('./memory-map.ts')).runMapBench },
  { name: 'memory model', load: async () => (await import('./mm.ts')).runMmBench },
  { name: 'timeline (recorded history, memory-map snapshots)', load: async () => (await import('./timeline.ts')).runTimelineBench },
  { name: 'C compiler VM', load: async () => (await import('./cc.ts')).runCcBench },
  { name: 'copy lab, 32 MiB (page cache and cost model)', load: async () => (await import('./copy.ts')).runCopyBench },
];

const only = process.argv.slice(2).join(' ').toLowerCase();
for (const bench of BENCHES) {
  if (only && !bench.name.toLowerCase().includes(only)) continue;
  console.log(`\n== ${bench.name}`);
  const print: Print = (line) => console.log(`  ${line}`);
  const t0 = performance.now();
  try {
    await (await bench.load())(print);
  } catch (err) {
    print(`FAILED TO RUN: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
  print(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
