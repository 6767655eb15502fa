// The C VM against native gcc -O0 (when gcc is on the host): a scalar compute loop (target: within 5×) and a
// loop writing 256 MiB (target: within 20×). Prints; never fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine } from '../src/sim/machine.ts';
import { loadProfileImages } from '../src/sim/loader/images/index.ts';

const PROGRAMS: Record<string, { src: string; target: number }> = {
  'scalar loop': { target: 5, src: '#include <stdio.h>\nint main(void)\n{\n\tunsigned int x = 1, s = 0;\n\tfor (int i = 0; i < 50000000; i++) { x = x * 1103515245u + 12345u; s += x >> 16; }\n\tprintf("%u\\n", s);\n\treturn 0;\n}\n' },
  'write 256 MiB': { target: 20, src: '#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tlong n = 256L << 20;\n\tchar *p = malloc(n);\n\tfor (long i = 0; i < n; i++) p[i] = (char)i;\n\tprintf("%d\\n", p[n - 1]);\n\treturn 0;\n}\n' },
};

export async function runCcBench(print: (l: string) => void, only = '') {
  await loadProfileImages('debian-12');
  const dir = mkdtempSync(join(tmpdir(), 'ccbench-'));
  for (const [name, { src, target }] of Object.entries(PROGRAMS)) {
    if (only && !name.includes(only)) continue;
    let native: number | undefined;
    try {
      writeFileSync(join(dir, 'p.c'), src);
      execFileSync('gcc', ['-O0', '-o', join(dir, 'p'), join(dir, 'p.c')]);
      const t0 = performance.now(); execFileSync(join(dir, 'p')); native = performance.now() - t0;
    } catch { native = undefined; }
    const m = new Machine({ profile: 'debian-12', time: 'virtual', files: { 'p.c': src } });
    await m.runCommand('gcc -o p p.c');
    const t0 = performance.now();
    await m.runCommand('./p');
    const sim = performance.now() - t0;
    m.dispose();
    print(`${name}: simulator ${sim.toFixed(0)} ms` + (native !== undefined ? `, native gcc -O0 ${native.toFixed(0)} ms, ratio ${(sim / native).toFixed(1)}× (target ${target}×)` : ', no native gcc here'));
  }
}

// `npx node bench/cc.ts [name filter]` runs it on its own (e.g. under --cpu-prof)
if (import.meta.url === `file://${process.argv[1]}`) await runCcBench(console.log, process.argv.slice(2).join(' '));
