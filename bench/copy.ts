// The copy lab at 32 MiB: how long the simulator takes (host wall time) to run mmap_copy and read_write_copy on
// a 32 MiB in.dat, warm and after drop_caches, and what the programs print (the cost model's figures,
// kernel/cost.ts). Target: each 32 MiB copy well under 5 s of host time, so the chapter's console stays usable.
import { Machine } from '../src/sim/machine.ts';
import { loadProfileImages } from '../src/sim/loader/images/index.ts';
import { labFiles } from '../tests/unit/lab-files.ts';

const LAB = 'process-memory/drills/tasks/copy/solution';

export async function runCopyBench(print: (l: string) => void) {
  await loadProfileImages('ubuntu-18.04');
  // The whole labs/ tree: the copy programs include common/utils/utils.h and link common/utils/log.
  const m = new Machine({ time: 'virtual', labs: labFiles() });
  let out = '';
  m.subscribe((e) => { if (e.type === 'output') out += new TextDecoder().decode(e.data); });
  const cwd = `/home/student/chapters/data/${LAB}`;
  const run = async (line: string) => {
    out = '';
    const t0 = performance.now();
    await m.runCommand(line, { cwd });
    return { ms: performance.now() - t0, text: out.trim().replace(/\r/g, '') };
  };
  await run('make -s && make -s in.dat 2>/dev/null');
  const drop = 'sudo sh -c "sync; echo 3 > /proc/sys/vm/drop_caches"';
  for (const [label, line] of [
    ['mmap_copy warm', './mmap_copy'], ['read_write_copy warm', './read_write_copy'],
    ['mmap_copy cold', `${drop}; ./mmap_copy`], ['read_write_copy cold', `${drop}; ./read_write_copy`],
  ] as const) {
    const r = await run(line);
    print(`${label} (32 MiB): simulator ${r.ms.toFixed(0)} ms host time (target < 5000 ms); prints "${r.text.split('\n').pop()}"`);
  }
  m.dispose();
}

// `npx node bench/copy.ts` runs it on its own (e.g. under --cpu-prof)
if (import.meta.url === `file://${process.argv[1]}`) await runCopyBench(console.log);
