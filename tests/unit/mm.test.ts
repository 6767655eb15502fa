// The address-space model against Linux's rules, and property tests against a page-level reference model:
// whatever sequence of mmap/munmap/mprotect/brk, VMAs stay sorted and disjoint, no page is lost or invented,
// and every mapped page has the protection the reference says.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AddressSpace, Fault, MAP_ANONYMOUS, MAP_FIXED, MAP_GROWSDOWN, MAP_PRIVATE, MAP_SHARED, PAGE_SIZE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE } from '../../src/sim/kernel/mm.ts';
import { SysError } from '../../src/sim/kernel/errno.ts';

const RW = PROT_READ | PROT_WRITE;
const ANON = MAP_PRIVATE | MAP_ANONYMOUS;
const BASE = 0x7ffff7fff000;

function fresh() {
  const mm = new AddressSpace();
  mm.setLayout({ mmapBase: BASE, startBrk: 0x555555560000, startStack: 0x7fffffffe800, stackRlimit: 8 << 20 });
  mm.mmap(0x7ffffffde000, 0x21000, RW, ANON | MAP_GROWSDOWN | MAP_FIXED);
  return mm;
}
const errno = (f: () => unknown) => { try { f(); return 'ok'; } catch (e) { return e instanceof SysError ? e.code : e instanceof Fault ? e.kind : String(e); } };

describe('mmap placement and merging', () => {
  it('places anonymous mappings top-down, each directly below the previous', () => {
    const mm = fresh();
    const a = mm.mmap(0, 266240, RW, ANON);
    const b = mm.mmap(0, 266240, RW, ANON);
    expect(a).toBe(BASE - 266240);
    expect(b).toBe(a - 266240);
    // Same protection and flags: merged into one VMA (as pmap shows for consecutive anonymous mmaps).
    expect(mm.vmas.filter((v) => v.anonymous && !(v.flags & MAP_GROWSDOWN))).toHaveLength(1);
  });
  it('rounds lengths up to pages and honours MAP_FIXED over existing mappings', () => {
    const mm = fresh();
    const a = mm.mmap(0, 10, RW, ANON);
    expect(mm.find(a)!.size).toBe(PAGE_SIZE);
    const big = mm.mmap(0, 8 * PAGE_SIZE, PROT_READ, ANON);
    mm.mmap(big + 2 * PAGE_SIZE, PAGE_SIZE, RW, ANON | MAP_FIXED);
    expect(mm.vmas.filter((v) => v.start >= big && v.end <= big + 8 * PAGE_SIZE).map((v) => v.size / PAGE_SIZE)).toEqual([2, 1, 5]);
  });
  it('returns Linux errnos', () => {
    const mm = fresh();
    expect(errno(() => mm.mmap(0, 0, RW, ANON))).toBe('EINVAL');
    expect(errno(() => mm.mmap(0, 4096, RW, MAP_ANONYMOUS))).toBe('EINVAL'); // neither private nor shared
    expect(errno(() => mm.mmap(0x1001, 4096, RW, ANON | MAP_FIXED))).toBe('EINVAL');
    expect(errno(() => mm.mmap(0x1000, 4096, RW, ANON | MAP_FIXED))).toBe('EPERM'); // below mmap_min_addr
    expect(errno(() => mm.munmap(0x1001, 4096))).toBe('EINVAL');
    expect(errno(() => mm.mprotect(0x600000000000, 4096, PROT_READ))).toBe('ENOMEM'); // not mapped
    expect(errno(() => mm.mmap(0, 2 ** 47, RW, ANON))).toBe('ENOMEM');
  });
});

describe('munmap and mprotect split VMAs', () => {
  it('punches a hole in the middle of a mapping', () => {
    const mm = fresh();
    const a = mm.mmap(0, 4 * PAGE_SIZE, RW, ANON);
    mm.munmap(a + PAGE_SIZE, PAGE_SIZE);
    const parts = mm.vmas.filter((v) => v.start >= a && v.end <= a + 4 * PAGE_SIZE);
    expect(parts.map((v) => [v.start - a, v.size])).toEqual([[0, PAGE_SIZE], [2 * PAGE_SIZE, 2 * PAGE_SIZE]]);
  });
  it('mprotect splits, and merges back when protections match again', () => {
    const mm = fresh();
    const a = mm.mmap(0, 3 * PAGE_SIZE, RW, ANON);
    mm.mprotect(a + PAGE_SIZE, PAGE_SIZE, PROT_READ);
    expect(mm.vmas.filter((v) => v.start >= a && v.end <= a + 3 * PAGE_SIZE)).toHaveLength(3);
    mm.mprotect(a + PAGE_SIZE, PAGE_SIZE, RW);
    expect(mm.vmas.filter((v) => v.start >= a && v.end <= a + 3 * PAGE_SIZE)).toHaveLength(1);
  });
});

describe('brk', () => {
  it('grows and shrinks the heap, returns the old break when it cannot move', () => {
    const mm = fresh();
    const b0 = mm.brk;
    expect(mm.setBrk(b0 + 0x21000)).toBe(b0 + 0x21000);
    expect(mm.heap!.size).toBe(0x21000);
    expect(mm.nameOf(mm.heap!)).toBe('[heap]');
    expect(mm.setBrk(b0 + 0x1000)).toBe(b0 + 0x1000);
    expect(mm.heap!.size).toBe(0x1000);
    expect(mm.setBrk(b0 - 0x1000)).toBe(b0 + 0x1000); // below start_brk: unchanged
    mm.mmap(b0 + 0x10000, PAGE_SIZE, RW, ANON | MAP_FIXED);
    expect(mm.setBrk(b0 + 0x20000)).toBe(b0 + 0x1000); // would overlap a mapping
  });
});

describe('faults', () => {
  it('SIGSEGV kinds: unmapped (MAPERR), write to read-only and exec of data (ACCERR)', () => {
    const mm = fresh();
    const ro = mm.mmap(0, PAGE_SIZE, PROT_READ, ANON);
    expect(errno(() => mm.fault(0, false))).toBe('SEGV_MAPERR');
    expect(errno(() => mm.fault(ro, true))).toBe('SEGV_ACCERR');
    expect(errno(() => mm.fault(ro, false, true))).toBe('SEGV_ACCERR');
    expect(errno(() => mm.fault(ro, false))).toBe('ok');
  });
  it('grows the stack on demand up to RLIMIT_STACK', () => {
    const mm = fresh();
    const stack = mm.vmas.find((v) => v.flags & MAP_GROWSDOWN)!;
    mm.write(stack.start - 100 * 1024, new Uint8Array([1]));
    expect(stack.size).toBe(0x21000 + 100 * 1024 + (PAGE_SIZE - (100 * 1024) % PAGE_SIZE) % PAGE_SIZE);
    expect(errno(() => mm.write(stack.end - (8 << 20) - PAGE_SIZE, new Uint8Array([1])))).toBe('SEGV_MAPERR');
  });
  it('tracks resident and dirty pages; reading untouched memory costs nothing', () => {
    const mm = fresh();
    const a = mm.mmap(0, 16 * PAGE_SIZE, RW, ANON);
    expect(mm.find(a)!.residency()).toEqual({ rss: 0, dirty: 0, anon: 0 });
    mm.read(a, PAGE_SIZE);
    mm.write(a + 4 * PAGE_SIZE, new Uint8Array(10).fill(7));
    expect(mm.find(a)!.residency()).toMatchObject({ rss: 2, dirty: 1 });
    expect([...mm.read(a + 4 * PAGE_SIZE, 11)]).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0]);
  });
  it('keeps pages filled with one byte value compact', () => {
    const mm = fresh();
    const a = mm.mmap(0, 1024 * PAGE_SIZE, RW, ANON);
    mm.fill(a, 0xab, 1024 * PAGE_SIZE);
    const pages = [...mm.find(a)!.pages.values()];
    expect(pages.every((p) => p.data === undefined && p.fill === 0xab)).toBe(true);
    expect(mm.read(a + 5000, 2)).toEqual(new Uint8Array([0xab, 0xab]));
  });
});

// ---- property test against a reference model of pages ------------------------------------------------------
type Op =
  | { op: 'mmap'; page: number; pages: number; prot: number; fixed: boolean }
  | { op: 'munmap'; page: number; pages: number }
  | { op: 'mprotect'; page: number; pages: number; prot: number }
  | { op: 'touch'; page: number };

const REGION = 64; // pages in the window the operations aim at
const WINDOW = BASE - 0x10000000;
const prots = fc.constantFrom(PROT_NONE, PROT_READ, RW, PROT_READ | PROT_EXEC);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('mmap' as const), page: fc.integer({ min: 0, max: REGION - 1 }), pages: fc.integer({ min: 1, max: 8 }), prot: prots, fixed: fc.boolean() }),
  fc.record({ op: fc.constant('munmap' as const), page: fc.integer({ min: 0, max: REGION - 1 }), pages: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('mprotect' as const), page: fc.integer({ min: 0, max: REGION - 1 }), pages: fc.integer({ min: 1, max: 8 }), prot: prots }),
  fc.record({ op: fc.constant('touch' as const), page: fc.integer({ min: 0, max: REGION - 1 }) }),
);

describe('VMA operations (property)', () => {
  it('match a page-level reference: no overlap, no lost page, protections exact', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const mm = new AddressSpace();
      mm.setLayout({ mmapBase: WINDOW + REGION * PAGE_SIZE, startBrk: 0x555555560000, startStack: 0x7fffffffe800, stackRlimit: 8 << 20 });
      const ref = new Map<number, { prot: number; touched: boolean }>(); // page → state
      for (const o of ops) {
        const addr = WINDOW + o.page * PAGE_SIZE;
        if (o.op === 'mmap') {
          let at: number;
          try { at = mm.mmap(o.fixed ? addr : 0, o.pages * PAGE_SIZE, o.prot, ANON | (o.fixed ? MAP_FIXED : 0)); } catch { continue; }
          for (let i = 0; i < o.pages; i++) ref.set((at - WINDOW) / PAGE_SIZE + i, { prot: o.prot, touched: false });
        } else if (o.op === 'munmap') {
          mm.munmap(addr, o.pages * PAGE_SIZE);
          for (let i = 0; i < o.pages; i++) ref.delete(o.page + i);
        } else if (o.op === 'mprotect') {
          const all = Array.from({ length: o.pages }, (_, i) => ref.has(o.page + i)).every(Boolean);
          const r = errno(() => mm.mprotect(addr, o.pages * PAGE_SIZE, o.prot));
          expect(r).toBe(all ? 'ok' : 'ENOMEM');
          if (all) for (let i = 0; i < o.pages; i++) ref.get(o.page + i)!.prot = o.prot;
        } else {
          const st = ref.get(o.page);
          const r = errno(() => mm.fault(addr, false));
          expect(r).toBe(!st ? 'SEGV_MAPERR' : st.prot & PROT_READ ? 'ok' : 'SEGV_ACCERR');
          if (st && st.prot & PROT_READ) st.touched = true;
        }
        // invariants
        for (let i = 1; i < mm.vmas.length; i++) expect(mm.vmas[i]!.start).toBeGreaterThanOrEqual(mm.vmas[i - 1]!.end);
        for (const v of mm.vmas) expect(v.start).toBeLessThan(v.end);
      }
      // every reference page is mapped with its protection; nothing else is mapped; touched pages stay resident
      const mapped = new Map<number, number>();
      for (const v of mm.vmas) for (let a = v.start; a < v.end; a += PAGE_SIZE) mapped.set((a - WINDOW) / PAGE_SIZE, v.prot);
      expect(new Set(mapped.keys())).toEqual(new Set(ref.keys()));
      for (const [page, st] of ref) {
        expect(mapped.get(page)).toBe(st.prot);
        const v = mm.find(WINDOW + page * PAGE_SIZE)!;
        expect(v.pages.has((WINDOW + page * PAGE_SIZE) / PAGE_SIZE)).toBe(st.touched);
      }
    }), { numRuns: 300 });
  });
  it('shared mappings never merge with private ones', () => {
    const mm = fresh();
    const a = mm.mmap(0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS);
    mm.mmap(a - PAGE_SIZE, PAGE_SIZE, RW, ANON | MAP_FIXED);
    expect(mm.find(a)!.start).toBe(a);
  });
});
