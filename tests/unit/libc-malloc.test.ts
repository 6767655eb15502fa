// ptmalloc2 against real glibc 2.36: each scenario of tests/fidelity/captures/debian-12/malloc was compiled with
// gcc and run with `setarch -R strace -e trace=brk,mmap,munmap,write` on a terminal; the model, driven with the
// same calls, must produce the same system calls and addresses after the loader's part, and the same output.
import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withLibc, disposeMachines, type LibcRun } from './libc-harness.ts';

const DIR = path.join(import.meta.dirname, '../fidelity/captures/debian-12/malloc');
const SCENARIOS = JSON.parse(fs.readFileSync(path.join(DIR, 'scenarios.json'), 'utf8')) as Record<string, (string | number)[][]>;
afterAll(() => disposeMachines());

/** The capture's lines after the loader's (up to its munmap of ld.so.cache), without the exit line. */
function expected(name: string): string[] {
  const lines = fs.readFileSync(path.join(DIR, `${name}.strace`), 'utf8').trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith('munmap(') );
  return lines.slice(at + 1).filter((l) => !l.startsWith('+++'));
}

/** Replays a scenario as its C program does it. */
export async function replay(r: LibcRun, ops: (string | number)[][]) {
  const p: number[] = [];
  const pr = async (f: string, ...args: number[]) => r.call('printf', r.lit(f), ...args.map((v) => ({ t: 'p' as const, v })));
  for (const [op, a, b, c] of ops as [string, number, number, number][]) {
    switch (op) {
      case 'm': p[a] = Number((await r.call('malloc', b))!.v); await pr(`p${a}=%p\n`, p[a]!); break;
      case 'c': p[a] = Number((await r.call('calloc', b, c))!.v); await pr(`p${a}=%p\n`, p[a]!); break;
      case 'r': p[a] = Number((await r.call('realloc', { t: 'p', v: p[a]! }, b))!.v); await pr(`p${a}=%p\n`, p[a]!); break;
      case 'f': await r.call('free', { t: 'p', v: p[a]! }); await r.call('printf', r.lit(`f${a}\n`)); break;
      case 'a': {
        const slot = r.lit('12345678');
        await r.call('posix_memalign', { t: 'p', v: slot }, b, c);
        p[a] = r.libc.rd64(slot); await pr(`p${a}=%p\n`, p[a]!); break;
      }
      case 'A': p[a] = Number((await r.call('aligned_alloc', b, c))!.v); await pr(`p${a}=%p\n`, p[a]!); break;
      case 'M': p[a] = Number((await r.call('memalign', b, c))!.v); await pr(`p${a}=%p\n`, p[a]!); break;
      case 'u': { const u = Number((await r.call('malloc_usable_size', { t: 'p', v: p[a]! }))!.v); await r.call('printf', r.lit(`u${a}=%zu\n`), u); break; }
      case 'o': { const v = Number((await r.call('mallopt', a, b))!.v); await r.call('printf', r.lit('o=%d\n'), v); break; }
      case 's': await r.call('malloc_stats'); break;
    }
  }
}

describe('malloc replays the real glibc 2.36 runs call for call', () => {
  for (const [name, ops] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const res = await withLibc('debian-12', 'tty', (r) => replay(r, ops));
      const got = res.strace.filter((l) => /^(brk|mmap|munmap|write)\(/.test(l));
      expect(got.join('\n')).toBe(expected(name).join('\n'));
      expect(res.output).toBe(fs.readFileSync(path.join(DIR, `${name}.out`), 'utf8').replace(/\r\n/g, '\n'));
    }, 30_000);
  }
});
