// ubuntu-18.04 (glibc 2.27): the chapter's alloc_size runs are the truth — ALLOC_SIZE_KB 32: the heap grows
// with brk (132K → 452K, one brk among the first blocks), then 420K after freeing the last block; ALLOC_SIZE_KB
// 256: ten mmap(NULL, 266240, ...) and one munmap of the last. No getrandom; stdout's buffer 1024 on a terminal.
import { afterAll, describe, expect, it } from 'vitest';
import { withLibc, disposeMachines, type LibcRun } from './libc-harness.ts';

afterAll(() => disposeMachines());

async function allocSize(r: LibcRun, kib: number, heapKiB: number[]) {
  const heap = () => (r.libc.host.mm.heap?.size ?? 0) / 1024;
  const buf = Number((await r.call('malloc', 128))!.v); // stands for main's char buf[128] (a stack array in the C program)
  await r.call('free', { t: 'p', v: buf });
  await r.call('printf', r.lit('Press key to allocate ...'));
  await r.call('fgets', { t: 'p', v: buf }, 128, { t: 'p', v: r.libc.symbol('stdin')! });
  heapKiB.push(heap());
  const p: number[] = [];
  for (let i = 0; i < 10; i++) {
    p.push(Number((await r.call('malloc', kib * 1024))!.v));
    await r.call('printf', r.lit('New allocation at %p\n'), { t: 'p', v: p[i]! });
  }
  heapKiB.push(heap());
  await r.call('printf', r.lit('Press key to deallocate ...'));
  await r.call('fgets', { t: 'p', v: buf }, 128, { t: 'p', v: r.libc.symbol('stdin')! });
  await r.call('free', { t: 'p', v: p[9]! });
  heapKiB.push(heap());
}

describe('alloc_size on ubuntu-18.04', () => {
  it('32 KiB: brk, heap 132K → 452K → 420K', async () => {
    const heap: number[] = [];
    const res = await withLibc('ubuntu-18.04', 'tty', (r) => allocSize(r, 32, heap), { keys: '\n\n\n' });
    expect(heap).toEqual([132, 452, 420]);
    expect(res.strace.some((l) => l.startsWith('getrandom'))).toBe(false);
    expect(res.strace.filter((l) => l.startsWith('mmap('))).toEqual([]);
    expect(res.strace.some((l) => /^read\(0, "\\n", 1024\) += 1$/.test(l))).toBe(true);
    expect(res.strace).toContain('write(1, "Press key to deallocate ...", 27) = 27');
    expect(res.ltrace.filter((l) => l.startsWith('malloc(32768)')).length).toBe(10);
    expect(res.ltrace.find((l) => l.startsWith('printf("New allocation at %p\\n", 0x'))).toMatch(/ = 33$/);
    // one brk while the first blocks are allocated, as the seed's strace shows
    const writesBeforeBrk = res.strace.slice(0, res.strace.findIndex((l, i) => i > 2 && l.startsWith('brk('))).filter((l) => l.startsWith('write(1, "New'));
    expect(writesBeforeBrk.length).toBeGreaterThan(0);
  }, 30_000);

  it('256 KiB: ten mmap(NULL, 266240) and a munmap of the last', async () => {
    const heap: number[] = [];
    const res = await withLibc('ubuntu-18.04', 'tty', (r) => allocSize(r, 256, heap), { keys: '\n\n\n' });
    const maps = res.strace.filter((l) => l.startsWith('mmap(NULL, 266240, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x'));
    expect(maps.length).toBe(10);
    const last = maps[9]!.split('= ')[1]!;
    expect(res.strace.filter((l) => l.startsWith('munmap('))).toEqual([`munmap(${last}, 266240)`.padEnd(39) + ' = 0']);
    expect(heap).toEqual([132, 132, 132]);
  }, 30_000);
});
