// stdio against real glibc 2.36: printf's conversions (tests/fidelity/captures/debian-12/libc/printf-table.c),
// buffering on a terminal, a pipe and a file (buffering.c under strace -e trace=write), errno texts.
import { afterAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withLibc, disposeMachines } from './libc-harness.ts';
import type { CValue } from '../../src/sim/libc/abi.ts';

const DIR = path.join(import.meta.dirname, '../fidelity/captures/debian-12/libc');
const cap = (n: string) => fs.readFileSync(path.join(DIR, n), 'utf8');
afterAll(() => disposeMachines());
const i = (v: number | bigint): CValue => ({ t: 'i', v });
const f = (v: number): CValue => ({ t: 'f', v });
const p = (v: number): CValue => ({ t: 'p', v });

describe('printf formatting', () => {
  it('matches glibc 2.36 for the table of conversions', async () => {
    const res = await withLibc('debian-12', 'pipe', async (r) => {
      const s = (x: string) => p(r.lit(x));
      await r.call('printf', '[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%i]\n', i(42), i(42), i(42), i(42), i(42), i(42), i(7), i(-17));
      await r.call('printf', '[%u] [%x] [%X] [%#x] [%o] [%#o] [%08.3x]\n', i(4000000000), i(255), i(255), i(255), i(8), i(8), i(255));
      await r.call('printf', '[%ld] [%lu] [%lld] [%hhd] [%hd] [%zu] [%lx]\n', i(-9000000000), i(18446744073709551615n), i(123456789012), i(300), i(70000), i(12), i(0x7fffffffe000));
      await r.call('printf', '[%c] [%3c] [%-3c] [%s] [%10s] [%-10s] [%.2s] [%%]\n', i(65), i(66), i(67), s('hello'), s('hi'), s('hi'), s('hello'));
      await r.call('printf', '[%p] [%p] [%20p] [%-20p]\n', p(0x555555559000), p(0), p(0x1234), p(0x1234));
      await r.call('printf', '[%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%.3E] [%g] [%g] [%g] [%G]\n', f(3.14159), f(2.675), f(-1.5), f(0.25), f(123456.789), f(0.000123), f(100000), f(1000000), f(0.0001), f(1e-10));
      await r.call('printf', '[%.0f] [%.0f] [%#.0f] [%+.1e] [%g] [%.3g] [%#g] [%f]\n', f(0.5), f(1.5), f(2), f(12345), f(0), f(3.14159), f(1), f(-0));
      await r.call('printf', '[%*d] [%-*d] [%.*f] [%s]\n', i(6), i(1), i(6), i(2), i(2), f(1.005), p(0));
    });
    expect(res.output).toBe(cap('printf-table.out'));
  }, 30_000);

  it('sprintf, snprintf return the full length and terminate', async () => {
    await withLibc('debian-12', 'pipe', async (r) => {
      const buf = r.lit('x'.repeat(64));
      expect((await r.call('snprintf', p(buf), 5, '%d-%s', i(12345), 'abc'))!.v).toBe(9);
      expect(r.libc.str(buf)).toBe('1234');
      expect((await r.call('sprintf', p(buf), '%05.1f|%x', f(3.14159), i(48879)))!.v).toBe(10);
      expect(r.libc.str(buf)).toBe('003.1|beef');
    });
  }, 30_000);
});

describe('stdio buffering as glibc', () => {
  const prog = async (r: Parameters<Parameters<typeof withLibc>[2]>[0]) => {
    for (let k = 0; k < 5; k++) await r.call('printf', 'line %d\n', i(k));
    await r.call('fputs', 'partial', p(r.libc.rd64(r.libc.symbol('stdout')!)));
    await r.call('fprintf', p(r.libc.rd64(r.libc.symbol('stderr')!)), 'err %d\n', i(1));
    await r.call('puts', ' end');
  };
  const writes = (strace: string[]) => strace.filter((l) => l.startsWith('write('));
  const want = (n: string) => cap(n).trimEnd().split('\n').filter((l) => l.startsWith('write('));
  it('terminal: one write per line; stderr unbuffered', async () => {
    const res = await withLibc('debian-12', 'tty', prog);
    expect(writes(res.strace)).toEqual(want('buffering-tty.strace'));
  }, 30_000);
  it('pipe: one write at exit (4096-byte buffer)', async () => {
    const res = await withLibc('debian-12', 'pipe', prog);
    expect(writes(res.strace)).toEqual(want('buffering-pipe.strace'));
  }, 30_000);
  it('file: one write at exit', async () => {
    const res = await withLibc('debian-12', 'file', prog);
    expect(writes(res.strace)).toEqual(want('buffering-file.strace'));
    expect(res.output).toBe('err 1\nline 0\nline 1\nline 2\nline 3\nline 4\npartial end\n');
  }, 30_000);
  it('stdout buffer is malloc\'ed at the first output: 1024 on a terminal, 4096 on a pipe', async () => {
    for (const [kind, next] of [['tty', 0x5555555596b0], ['pipe', 0x55555555a2b0]] as const) {
      await withLibc('debian-12', kind, async (r) => {
        await r.call('puts', 'x');
        expect((await r.call('malloc', 16))!.v).toBe(next);
      });
    }
  }, 30_000);
});

describe('errno, strerror, perror', () => {
  it('texts as glibc', async () => {
    const res = await withLibc('debian-12', 'pipe', async (r) => {
      const fd = (await r.call('open', '/nonexistent', 0))!.v;
      expect(fd).toBe(-1);
      const loc = Number((await r.call('__errno_location'))!.v);
      expect(r.libc.host.mm.read(loc, 4)[0]).toBe(2);
      await r.call('perror', 'open');
      expect(r.libc.str(Number((await r.call('strerror', 12))!.v))).toBe('Cannot allocate memory');
      expect(r.libc.str(Number((await r.call('strerror', 999))!.v))).toBe('Unknown error 999');
    });
    expect(res.output).toBe('open: No such file or directory\n');
    expect(res.strace).toContain('openat(AT_FDCWD, "/nonexistent", O_RDONLY) = -1 ENOENT (No such file or directory)');
  }, 30_000);
});

describe('stdlib', () => {
  it('rand() after srand(1) and srand(42) as glibc', async () => {
    await withLibc('debian-12', 'pipe', async (r) => {
      const seq = async () => { const o: number[] = []; for (let k = 0; k < 3; k++) o.push(Number((await r.call('rand'))!.v)); return o; };
      expect(await seq()).toEqual([1804289383, 846930886, 1681692777]);
      await r.call('srand', 42);
      expect(await seq()).toEqual([71876166, 708592740, 1483128881]);
    });
  }, 30_000);
  it('strtol, atoi, string functions', async () => {
    await withLibc('debian-12', 'pipe', async (r) => {
      expect((await r.call('atoi', '  -123abc'))!.v).toBe(-123);
      expect((await r.call('strtol', '0x1f', p(0), 0))!.v).toBe(31);
      expect((await r.call('strlen', 'hello'))!.v).toBe(5);
      expect(Math.sign(Number((await r.call('strcmp', 'abc', 'abd'))!.v))).toBe(-1);
      const d = Number((await r.call('strdup', 'copy me'))!.v);
      expect(r.libc.str(d)).toBe('copy me');
      expect((await r.call('sysconf', 30))!.v).toBe(4096);
    });
  }, 30_000);
});
