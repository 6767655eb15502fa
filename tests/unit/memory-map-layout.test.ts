// The memory map's layout (src/client/memory-map/layout.ts) on snapshots of real processes of the machine.
import { beforeAll, describe, expect, it } from 'vitest';
import { BREAK_PX, COLLAPSE_BYTES, itemsTouching, layoutMap, PAGE_PX, PX_PER_DOUBLING, regionHeight, sizeText, SPACER_PX, yOf, type RegionBox } from '../../src/client/memory-map/layout.ts';
import type { MapSnapshot } from '../../src/sim/timeline/types.ts';
import { pmapRows, recordedMachine, startInBackground, STATIC_DYNAMIC } from './map-fixture.ts';

describe('memory map layout', () => {
  let snap: MapSnapshot;
  let rows: string[];
  beforeAll(async () => {
    const { machine, history } = recordedMachine();
    const pid = await startInBackground(machine, STATIC_DYNAMIC, 'hello-dynamic');
    snap = history.mapAt(pid)!;
    rows = await pmapRows(machine, pid);
  }, 60_000);

  it('stacks the regions top (high addresses) to bottom, the reverse of pmap, one box per pmap row', () => {
    const boxes = layoutMap(snap).items.filter((i): i is RegionBox => i.type === 'region');
    expect(boxes.map((b) => b.region.pmapRow)).toEqual([...rows].reverse());
    expect(boxes[0]!.region.kind).toBe('vsyscall');
    expect(boxes.at(-1)!.region.kind).toBe('text');
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.height);
  });

  it('scales heights by log2 of the size: a 4K page and 1948K of libc text both visible, bigger is taller', () => {
    expect(regionHeight(4096)).toBe(PAGE_PX);
    expect(regionHeight(8192)).toBe(PAGE_PX + PX_PER_DOUBLING);
    const boxes = layoutMap(snap).items.filter((i): i is RegionBox => i.type === 'region');
    const libcText = boxes.find((b) => b.region.kind === 'lib' && b.region.mode === 'r-x--')!;
    expect(libcText.region.kbytes).toBe(1948);
    expect(libcText.height).toBeCloseTo(PAGE_PX + PX_PER_DOUBLING * Math.log2(1948 / 4));
    const vdso = boxes.find((b) => b.region.kind === 'vdso')!;
    expect(vdso.height).toBe(PAGE_PX);
    for (const a of boxes) for (const b of boxes) if (a.region.kbytes < b.region.kbytes) expect(a.height).toBeLessThan(b.height);
  });

  it('collapses huge gaps into labelled breaks and keeps small ones as thin spacers', () => {
    const { items } = layoutMap(snap);
    const gaps = items.filter((i) => i.type === 'gap');
    expect(gaps.length).toBeGreaterThan(3);
    for (const g of gaps) {
      expect(g.collapsed).toBe(g.end - g.start >= COLLAPSE_BYTES);
      expect(g.height).toBe(g.collapsed ? BREAK_PX : SPACER_PX);
      expect(g.label).toBe(`unmapped · ${sizeText(g.end - g.start)}`);
    }
    // The hole between user space and the vsyscall page (~16 EiB) is the first item's neighbour.
    expect(items[1]).toMatchObject({ type: 'gap', collapsed: true });
    expect(items[1]!.label).toMatch(/E$/);
    // Adjacent regions (libc's four mappings) have no gap between them.
    const libc = items.filter((i) => i.type === 'region' && i.region.name === 'libc-2.27.so');
    expect(libc).toHaveLength(4);
    const at = items.indexOf(libc[0]!);
    expect(items.slice(at, at + 4)).toEqual(libc);
  });

  it('marks brk at the top of the heap and mmap_base above the libraries', () => {
    const layout = layoutMap(snap);
    const heap = layout.items.find((i): i is RegionBox => i.type === 'region' && i.region.kind === 'heap')!;
    const brk = layout.markers.find((m) => m.name === 'brk')!;
    expect(snap.brk).toBe(heap.region.end);
    expect(brk.y).toBeCloseTo(heap.y);
    const base = layout.markers.find((m) => m.name === 'mmap_base')!;
    const ld = layout.items.filter((i): i is RegionBox => i.type === 'region' && i.region.kind !== 'stack' && i.region.start < snap.mmapBase);
    expect(base.y).toBeLessThanOrEqual(ld[0]!.y + 0.001);
    expect(yOf(layout.items, 1)).toBeUndefined();
  });

  it('finds the boxes a step touched', () => {
    const layout = layoutMap(snap);
    const heap = layout.items.find((i): i is RegionBox => i.type === 'region' && i.region.kind === 'heap')!;
    expect(itemsTouching(layout, [{ start: heap.region.start, end: heap.region.start + 4096 }])).toEqual([heap]);
  });

  it('refuses overlapping regions with a clear error', () => {
    const r = snap.regions.find((x) => x.kbytes > 4)!;
    expect(() => layoutMap({ ...snap, regions: [r, { ...r, start: r.start + 4096, end: r.end + 4096 }] })).toThrow(/overlap/);
  });

  it('prints sizes as a person reads them', () => {
    expect(sizeText(4096)).toBe('4K');
    expect(sizeText(132 * 1024)).toBe('132K');
    expect(sizeText(1.5 * 2 ** 20)).toBe('1.5M');
    expect(sizeText(2 ** 31)).toBe('2G');
  });
});
