// End to end on debian-12: each malloc scenario's C source, compiled by the simulated gcc and run under the
// simulated strace with ASLR off on a terminal, gives the same brk/mmap/munmap/write lines, byte for byte, as
// the real gcc 12 + glibc 2.36 + strace 6.1 run captured on Debian 12 (tests/fidelity/captures/debian-12/malloc).
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { newMachine, run } from './harness.ts';
import { Vfs } from '../../src/sim/fs/vfs.ts';

const DIR = new URL('../fidelity/captures/debian-12/malloc/', import.meta.url);
const scenarios = readdirSync(DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2));

describe('malloc scenarios compiled and traced in the simulator = real Debian 12', () => {
  it('has the captured scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(12));
  for (const name of scenarios) {
    it(name, async () => {
      const m = newMachine({ profile: 'debian-12', files: { [`${name}.c`]: readFileSync(new URL(`${name}.c`, DIR)) } });
      const r = await run(`gcc -o prog ${name}.c && setarch -R strace -o trace.txt -e trace=brk,mmap,munmap,write ./prog`, { machine: m });
      expect(r.status, r.out).toBe(0);
      const trace = m.kernel.vfs.resolve('/home/student/trace.txt', '/', { uid: 0, gid: 0 }).node;
      const text = new TextDecoder().decode(Vfs.contents(trace as Parameters<typeof Vfs.contents>[0]));
      expect(text).toBe(readFileSync(new URL(`${name}.strace`, DIR), 'utf8'));
      m.dispose();
    }, 30_000);
  }
});
