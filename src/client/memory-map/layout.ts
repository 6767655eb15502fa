// The memory map's geometry: a MapSnapshot (computed by the machine) → boxes stacked top (high addresses) to
// bottom, gaps between them, and the brk / mmap_base lines. Pure and DOM-free, so it is unit-tested in Node.
//
// Heights are log-scaled: a box is PAGE_PX tall for one 4 KiB page and PX_PER_DOUBLING taller each time the
// size doubles. Linearly, libc's 1948K text would be 487 times as tall as a 4K vdso and the 16 EiB hole below
// the vsyscall page would need the height of a galaxy; on a log scale both stay readable and size order is kept.
// Unmapped gaps of COLLAPSE_BYTES or more are drawn as a fixed-height break mark labelled with their size.
import type { MapSnapshot, Region, RegionKind } from '../../sim/timeline/types.ts';

export const PAGE_PX = 18;
export const PX_PER_DOUBLING = 6;
/** Gaps this big or bigger become a break mark; smaller ones a thin spacer (both labelled with their size). */
export const COLLAPSE_BYTES = 1 << 20;
export const BREAK_PX = 26;
export const SPACER_PX = 6;
const PAGE = 4096;

/** How the picture's heights relate to sizes, in words (shown under the picture). */
export const SCALE_TEXT =
  `Heights are log-scaled: a 4K page is ${PAGE_PX} px, each doubling of size adds ${PX_PER_DOUBLING} px. ` +
  `Unmapped gaps of 1 MiB or more are collapsed into a break mark labelled with their size.`;

export interface RegionBox {
  type: 'region';
  /** Index of the region in the snapshot's `regions` (address order). */
  index: number;
  region: Region;
  y: number;
  height: number;
  /** Resident share of the region, 0..1 (RSS over size), drawn as a fill. */
  resident: number;
  /** "libc-2.27.so · 1948K · r-x--" */
  label: string;
  /** Stable across snapshots while the region keeps its start: lets the view animate a box that grows. */
  key: string;
}

export interface GapBox {
  type: 'gap';
  start: number;
  end: number;
  y: number;
  height: number;
  /** Drawn as a break mark (the gap is far taller than it is drawn). */
  collapsed: boolean;
  /** "unmapped · 2.0 GiB" */
  label: string;
  key: string;
}

export type MapItem = RegionBox | GapBox;

export interface Marker {
  name: 'brk' | 'mmap_base';
  address: number;
  y: number;
  /** The line's name as drawn ('brk'); its address is in `address`. */
  label: string;
}

export interface MapLayout {
  /** Top to bottom: highest address first. */
  items: MapItem[];
  markers: Marker[];
  height: number;
}

export const KIND_LABEL: Record<RegionKind, string> = {
  stack: 'stack', vvar: 'vvar', vdso: 'vdso', vsyscall: 'vsyscall', ld: 'ld.so', lib: 'shared library',
  mmap: 'mmap area', heap: 'heap', bss: 'bss', data: 'data', rodata: 'rodata', text: 'text',
  file: 'file mapping', anon: 'anonymous',
};

/** Legend order: as the kinds usually appear, top to bottom. */
export const KIND_ORDER: RegionKind[] = ['vsyscall', 'stack', 'vvar', 'vdso', 'ld', 'lib', 'file', 'mmap', 'anon', 'heap', 'bss', 'data', 'rodata', 'text'];

/** Box height of a region of `bytes` bytes (at least one page). */
export function regionHeight(bytes: number): number {
  const pages = Math.max(1, bytes / PAGE);
  return PAGE_PX + PX_PER_DOUBLING * Math.log2(pages);
}

/** Sizes as a person reads them: 4K, 132K, 1.9M, 2.0G, 16.0E (binary units). */
export function sizeText(bytes: number): string {
  const units = ['K', 'M', 'G', 'T', 'P', 'E'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const digits = u === 0 || v >= 100 || Number.isInteger(v) ? 0 : 1;
  return `${v.toFixed(digits)}${units[u]}`;
}

/** An address as /proc/PID/maps prints it (lowercase hex, no 0x). Exact: user addresses are below 2^53. */
export const hex = (n: number) => n.toString(16);

export function regionLabel(r: Region): string {
  return `${r.name.trim()} · ${r.kbytes}K · ${r.mode}`;
}

/** The picture of one snapshot. Regions may come in any order; they must not overlap (the kernel's VMAs never do). */
export function layoutMap(snapshot: MapSnapshot): MapLayout {
  const order = snapshot.regions.map((r, index) => ({ r, index })).sort((a, b) => b.r.start - a.r.start);
  const items: MapItem[] = [];
  let y = 0;
  let below: number | undefined; // start of the item drawn just above (the next one up in address)
  for (const { r, index } of order) {
    if (r.end <= r.start) throw new Error(`memory map: region ${hex(r.start)}-${hex(r.end)} is empty`);
    if (below !== undefined && r.end > below) throw new Error(`memory map: regions overlap at ${hex(below)}`);
    if (below !== undefined && r.end < below) {
      const size = below - r.end;
      const collapsed = size >= COLLAPSE_BYTES;
      const height = collapsed ? BREAK_PX : SPACER_PX;
      items.push({ type: 'gap', start: r.end, end: below, y, height, collapsed, label: `unmapped · ${sizeText(size)}`, key: `gap:${hex(r.end)}` });
      y += height;
    }
    const height = regionHeight(r.end - r.start);
    const resident = r.kbytes > 0 ? Math.min(1, Math.max(0, r.rssKb / r.kbytes)) : 0;
    items.push({ type: 'region', index, region: r, y, height, resident, label: regionLabel(r), key: `r:${hex(r.start)}` });
    y += height;
    below = r.start;
  }
  const markers: Marker[] = [];
  const mark = (name: Marker['name'], address: number) => {
    if (!address) return;
    const at = yOf(items, address);
    if (at !== undefined) markers.push({ name, address, y: at, label: name });
  };
  mark('brk', snapshot.brk);
  mark('mmap_base', snapshot.mmapBase);
  return { items, markers, height: y };
}

/**
 * Where an address falls in the picture: linear inside the box or gap holding it (high addresses up), at an
 * edge when it is the boundary of two. Undefined outside the picture.
 */
export function yOf(items: MapItem[], address: number): number | undefined {
  for (const it of items) {
    const [start, end] = it.type === 'region' ? [it.region.start, it.region.end] : [it.start, it.end];
    if (address > end || address < start) continue;
    return it.y + it.height * ((end - address) / (end - start));
  }
  return undefined;
}

/** The items an address range overlaps (a step's `touched` ranges → what to highlight). */
export function itemsTouching(layout: MapLayout, ranges: { start: number; end: number }[]): MapItem[] {
  return layout.items.filter((it) => {
    const [start, end] = it.type === 'region' ? [it.region.start, it.region.end] : [it.start, it.end];
    return ranges.some((t) => t.start < end && t.end > start);
  });
}
