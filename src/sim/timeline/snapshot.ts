// Queries over the recorded history: a process's memory map at any seq (live from the kernel's AddressSpace
// for the newest moment, rebuilt from the VMA track for past ones), the steps a scrubber walks through, and
// what a terminal had shown. Rows are printed with pmap's and /proc/PID/maps's own formatters, so a snapshot
// reads exactly as `pmap -x PID` and `cat /proc/PID/maps` would have at that moment.
import type { AddressSpace } from '../kernel/mm.ts';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../kernel/mm.ts';
import { devString, formatMapsLine, VSYSCALL } from '../fs/procmem.ts';
import { pmapExtendedRow, pmapMappingName, pmapMode } from '../tools/pmap-format.ts';
import { WEXITSTATUS, WIFSIGNALED, WTERMSIG, WCOREDUMP, signalName } from '../kernel/signals.ts';
import type { History } from './history.ts';
import { EV } from './history.ts';
import type { AppliedDelta, TrackLayout, VmaRecord, VmaTrack } from './vma-track.ts';
import type { HistoryStep, MapSnapshot, Region, RegionKind, StepOptions, TerminalOutput } from './types.ts';

/** What a snapshot row is made from: a live Vma or a recorded one, in one shape. */
interface RowFacts {
  start: number; end: number; prot: number; shared: boolean; brkArea: boolean; special: string | undefined;
  offset: number; path: string | undefined; dev: number; ino: number;
  rssPages: number; dirtyPages: number; cause: number; byMmap: boolean;
}

const MEMORY_CALLS = new Set(['brk', 'mmap', 'munmap', 'mprotect', 'mremap', 'madvise', 'execve']);
const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const isLd = (path: string) => /^ld[-.]/.test(base(path));
const isLib = (path: string) => /\.so(\.[0-9]+)*$/.test(base(path));
const hex = (n: number) => '0x' + n.toString(16);
const kib = (bytes: number) => `${Math.round(bytes / 1024)}K`;

function facts(h: History, r: VmaRecord): RowFacts {
  const f = h.files.get(r.file);
  return {
    start: r.start, end: r.end, prot: r.prot, shared: r.shared, brkArea: r.brkArea, special: r.special, offset: r.offset,
    path: f?.path, dev: f?.dev ?? 0, ino: f?.ino ?? 0, rssPages: r.rssPages, dirtyPages: r.dirtyPages, cause: r.cause,
    byMmap: r.byMmap,
  };
}

/** The name /proc/PID/maps prints (AddressSpace.nameOf over recorded facts). */
function mapsName(f: RowFacts, startStack: number): string {
  if (f.path) return f.path;
  if (f.special) return f.special;
  if (f.start <= startStack && startStack < f.end) return '[stack]';
  if (f.brkArea) return '[heap]';
  return '';
}

function kindOf(h: History, f: RowFacts, prev: RowFacts | undefined, layout: TrackLayout | undefined, name: string): RegionKind {
  if (f.special === '[vdso]') return 'vdso';
  if (f.special) return 'vvar';
  if (name === '[stack]') return 'stack';
  if (f.brkArea) return 'heap';
  if (f.path) {
    if (layout && f.path === layout.exe) return f.prot & PROT_EXEC ? 'text' : f.prot & PROT_WRITE ? 'data' : 'rodata';
    if (isLd(f.path)) return 'ld';
    return isLib(f.path) ? 'lib' : 'file';
  }
  // Anonymous: the .bss that follows a writable file segment belongs to that object (set_brk, ld.so's zero fill).
  if (prev && prev.end === f.start && prev.path && prev.prot & PROT_WRITE) {
    if (layout && prev.path === layout.exe) return 'bss';
    if (isLd(prev.path)) return 'ld';
    if (isLib(prev.path)) return 'lib';
  }
  return f.byMmap ? 'mmap' : 'anon';
}

function causeOf(h: History, seq: number): Region['cause'] {
  if (!seq) return undefined;
  const line = h.line(seq) ?? (h.kindAt(seq) === EV.fault ? 'page fault: the stack grew' : undefined);
  return line === undefined ? undefined : { seq, line };
}

function buildRegions(h: History, rows: RowFacts[], layout: TrackLayout | undefined): Region[] {
  const startStack = layout?.startStack ?? 0;
  const out: Region[] = [];
  rows.forEach((f, i) => {
    const perms = (f.prot & PROT_READ ? 'r' : '-') + (f.prot & PROT_WRITE ? 'w' : '-') + (f.prot & PROT_EXEC ? 'x' : '-') + (f.shared ? 's' : 'p');
    const name = mapsName(f, startStack);
    const mapsLine = formatMapsLine(f.start, f.end, perms, f.path ? f.offset : 0, f.path ? devString(f.dev) : '00:00', f.path ? f.ino : 0, name);
    const kbytes = (f.end - f.start) / 1024;
    const pname = pmapMappingName(mapsLine, BigInt(startStack), BigInt(f.start), BigInt(f.end - f.start), false);
    const mode = pmapMode(perms);
    const region: Region = {
      start: f.start, end: f.end, kind: kindOf(h, f, rows[i - 1], layout, name), name: pname.trim(), mode, kbytes,
      rssKb: f.rssPages * 4, dirtyKb: f.dirtyPages * 4,
      pmapRow: pmapExtendedRow(BigInt(f.start), kbytes, f.rssPages * 4, f.dirtyPages * 4, mode, pname),
      mapsLine,
    };
    const cause = causeOf(h, f.cause);
    if (cause) region.cause = cause;
    out.push(region);
  });
  // The gate page every x86-64 process shows last (pmap counts it in its total).
  const gStart = Number(BigInt('0x' + VSYSCALL.start)), gEnd = Number(BigInt('0x' + VSYSCALL.end));
  const gateLine = `${VSYSCALL.start}-${VSYSCALL.end} ${VSYSCALL.perms} 00000000 00:00 0 `.padEnd(73) + '[vsyscall]';
  const gMode = pmapMode(VSYSCALL.perms);
  out.push({
    start: gStart, end: gEnd, kind: 'vsyscall', name: '[ anon ]', mode: gMode, kbytes: 4, rssKb: 0, dirtyKb: 0,
    pmapRow: pmapExtendedRow(BigInt('0x' + VSYSCALL.start), 4, 0, 0, gMode, '  [ anon ]'), mapsLine: gateLine,
  });
  return out;
}

function snapshotOf(pid: number, comm: string, seq: number, live: boolean, exited: boolean, regions: Region[],
  brk: number, layout: TrackLayout | undefined): MapSnapshot {
  let totalKb = 0, totalRssKb = 0, totalDirtyKb = 0;
  for (const r of regions) { totalKb += r.kbytes; totalRssKb += r.rssKb; totalDirtyKb += r.dirtyKb; }
  return {
    pid, comm, seq, live, exited, regions, brk, startBrk: layout?.startBrk ?? 0, mmapBase: layout?.mmapBase ?? 0,
    totalKb, totalRssKb, totalDirtyKb,
  };
}

function liveRows(mm: AddressSpace, t: VmaTrack | undefined): RowFacts[] {
  const mirrored = t && t.mm === mm && t.current.length === mm.vmas.length;
  return mm.vmas.map((v, i) => {
    let dirty = 0;
    for (const p of v.pages.values()) if (p.dirty) dirty++;
    const id = mirrored ? t.current[i]! : -1;
    const r = id >= 0 && t!.recordStart(id) === v.start && t!.recordEnd(id) === v.end ? t!.record(id) : undefined;
    return {
      start: v.start, end: v.end, prot: v.prot, shared: v.shared, brkArea: v.brkArea, special: v.special, offset: v.offset,
      path: v.file?.path, dev: v.file?.dev ?? 0, ino: v.file?.ino ?? 0, rssPages: v.pages.size, dirtyPages: dirty,
      cause: r?.cause ?? 0, byMmap: r?.byMmap ?? false,
    };
  });
}

/**
 * A process's map at `seq` (default: now). The newest moment of a live process is read from its AddressSpace;
 * earlier ones are rebuilt. Undefined when the process had no address space then (or is unknown).
 */
export function mapAt(h: History, pid: number, seq?: number): MapSnapshot | undefined {
  const t = h.tracks.get(pid);
  const proc = h.machine.kernel.procs.get(pid);
  const mm = proc && !proc.dead ? proc.mm : undefined;
  if (mm && (seq === undefined || seq >= h.lastSeq)) {
    const layout: TrackLayout = { startBrk: mm.startBrk, mmapBase: mm.mmapBase, startStack: mm.startStack, exe: proc!.exe, comm: proc!.comm };
    return snapshotOf(pid, proc!.comm, h.lastSeq, true, false, buildRegions(h, liveRows(mm, t), layout), mm.brk, layout);
  }
  if (!t) return undefined;
  const at = Math.min(seq ?? h.lastSeq, h.lastSeq);
  const st = t.stateAt(at);
  if (!st || !st.layout) return undefined;
  const rows = st.ids.map((id) => facts(h, t.record(id)));
  const exitSeq = t.alive ? Infinity : lastEventSeq(h, t);
  return snapshotOf(pid, st.layout.comm, at, false, at >= exitSeq, buildRegions(h, rows, st.layout), t.brkAt(at), st.layout);
}

function lastEventSeq(h: History, t: VmaTrack): number {
  for (let i = t.events.length - 1; i >= t.events.first; i--) if (h.kindAt(t.events.get(i)) === EV.exit) return t.events.get(i);
  return Infinity;
}

export type { StepOptions };

/** The process's steps from (or back from) a seq, oldest first, each with what it changed in the map. */
export function steps(h: History, pid: number, opts: StepOptions = {}): HistoryStep[] {
  const t = h.tracks.get(pid);
  if (!t) return [];
  const count = Math.max(0, opts.count ?? 100);
  const memory = opts.filter === 'memory';
  const ev = t.events;
  // Which of the process's events qualify, in order.
  const picked: number[] = [];
  const qualifies = (seq: number) => {
    if (!memory) return true;
    const k = h.kindAt(seq);
    if (k === EV.spawn || k === EV.fault) return true;
    if (k === EV.syscall) return MEMORY_CALLS.has(h.nameAt(seq)!);
    return false;
  };
  if (opts.backward) {
    const last = ev.lowerBound((opts.from ?? h.lastSeq) + 1) - 1;
    for (let i = last; i >= ev.first && picked.length < count; i--) if (qualifies(ev.get(i))) picked.unshift(ev.get(i));
  } else {
    for (let i = ev.lowerBound(opts.from ?? 0); i < ev.length && picked.length < count; i++) if (qualifies(ev.get(i))) picked.push(ev.get(i));
  }
  if (!picked.length) return [];
  // Walk the VMA history from just before the first step, collecting each step's deltas.
  const st = t.stateAt(picked[0]! - 1) ?? { ids: [], layout: undefined, delta: 0, ins: 0 };
  const out: HistoryStep[] = [];
  for (const seq of picked) {
    const before = st.ids.slice();
    const deltas: AppliedDelta[] = [];
    const full = t.fullReplacementsIn(seq - 1, seq).length > 0;
    if (full) {
      const fresh = t.stateAt(seq);
      if (fresh) Object.assign(st, fresh);
    } else t.advance(st, seq, (d) => deltas.push(d));
    out.push(stepOf(h, t, pid, seq, deltas, before, st.ids, full));
  }
  return out;
}

function stepOf(h: History, t: VmaTrack, pid: number, seq: number, deltas: AppliedDelta[], before: number[], after: number[], full: boolean): HistoryStep {
  const k = h.kindAt(seq);
  const name = h.nameAt(seq);
  const kind: HistoryStep['kind'] = k === EV.syscall ? (name === 'execve' ? 'exec' : 'syscall')
    : k === EV.signal ? 'signal' : k === EV.spawn ? 'spawn' : k === EV.exit ? 'exit' : 'fault';
  let line = h.line(seq) ?? '';
  if (k === EV.exit) line = exitLine(h.extraAt(seq));
  if (k === EV.spawn) line = `(child of ${h.extraAt(seq)})`;
  if (k === EV.fault) line = '(page fault below the stack)';
  const touched = full ? [] : deltas.filter((d) => d.end > d.start).map((d) => ({ start: d.start, end: d.end }));
  const step: HistoryStep = { seq, pid, kind, line, touched, summary: summarize(h, t, seq, kind, name, deltas, before, after, full) };
  if (name) step.name = name;
  return step;
}

/** strace's end-of-process line. */
function exitLine(status: number): string {
  return WIFSIGNALED(status)
    ? `+++ killed by ${signalName(WTERMSIG(status)) ?? WTERMSIG(status)}${WCOREDUMP(status) ? ' (core dumped)' : ''} +++`
    : `+++ exited with ${WEXITSTATUS(status)} +++`;
}

function heapBytes(t: VmaTrack, ids: number[]): number {
  let n = 0;
  for (const id of ids) { const r = t.record(id); if (r.brkArea) n += r.end - r.start; }
  return n;
}

function describe(h: History, t: VmaTrack, id: number): string {
  const r = t.record(id);
  const f = h.files.get(r.file);
  return f ? `of ${base(f.path)}` : r.special ? r.special : 'anonymous';
}

/** One sentence saying what the step did to the map ('' when it changed nothing). */
function summarize(h: History, t: VmaTrack, seq: number, kind: HistoryStep['kind'], name: string | undefined, deltas: AppliedDelta[],
  before: number[], after: number[], full: boolean): string {
  const total = (ids: number[]) => ids.reduce((n, id) => n + t.recordEnd(id) - t.recordStart(id), 0);
  if (full) {
    if (kind === 'spawn') return after.length ? `fork copied the parent's ${after.length} regions (${kib(total(after))})` : '';
    return `${name ?? 'execve'} loaded a new program: ${after.length} regions, ${kib(total(after))}`;
  }
  if (!deltas.length) {
    // brk inside the heap's last page moves the break and maps nothing.
    const b0 = t.brkAt(seq - 1), b1 = t.brkAt(seq);
    return name === 'brk' && b0 && b1 !== b0 ? `brk moved the break to ${hex(b1)}; the heap stays ${kib(heapBytes(t, after))}` : '';
  }
  const d = deltas[0]!;
  const size = d.end - d.start;
  switch (name ?? kind) {
    case 'brk': {
      const a = heapBytes(t, before), b = heapBytes(t, after);
      if (!a) return `brk created the heap: ${kib(b)} at ${hex(d.start)}`;
      return b >= a ? `brk grew the heap from ${kib(a)} to ${kib(b)}` : `brk shrank the heap from ${kib(a)} to ${kib(b)}`;
    }
    case 'mmap': {
      const inserted = deltas.flatMap((x) => x.inserted).find((id) => t.recordStart(id) <= d.start && d.start < t.recordEnd(id));
      return `mmap mapped ${kib(size)} ${inserted === undefined ? 'anonymous' : describe(h, t, inserted)} at ${hex(d.start)}`;
    }
    case 'munmap': return `munmap unmapped ${kib(size)} at ${hex(d.start)}`;
    case 'mprotect': {
      const id = after.find((x) => t.recordStart(x) <= d.start && d.start < t.recordEnd(x));
      const r = id === undefined ? undefined : t.record(id);
      const perms = r ? (r.prot & PROT_READ ? 'r' : '-') + (r.prot & PROT_WRITE ? 'w' : '-') + (r.prot & PROT_EXEC ? 'x' : '-') : '?';
      return `mprotect made ${kib(size)} at ${hex(d.start)} ${perms}`;
    }
    case 'mremap': {
      const unmap = deltas.find((x) => x.op === 'unmap'), map = deltas.find((x) => x.op === 'map');
      if (unmap && map) return `mremap moved ${kib(unmap.end - unmap.start)} from ${hex(unmap.start)} to ${hex(map.start)} (${kib(map.end - map.start)})`;
      return map ? `mremap grew a mapping by ${kib(size)} at ${hex(d.start)}` : `mremap shrank a mapping by ${kib(size)} at ${hex(d.start)}`;
    }
    case 'fault': {
      const stack = after.find((x) => t.recordStart(x) === d.start);
      return `a page fault below the stack grew it to ${kib(stack === undefined ? size : t.recordEnd(stack) - t.recordStart(stack))}`;
    }
    default:
      return `${name ?? kind} changed ${kib(size)} at ${hex(d.start)}`;
  }
}

/** What terminal `tty` had shown after event `seq` (default: now): its last `maxBytes` (default 64 KiB). */
export function outputAt(h: History, tty: number, seq?: number, opts: { maxBytes?: number } = {}): TerminalOutput {
  const at = Math.min(seq ?? h.lastSeq, h.lastSeq);
  const tl = h.ttys.get(tty);
  if (!tl) return { tty, seq: at, text: '', start: 0, end: 0, truncated: false };
  const i = tl.seqs.lowerBound(at + 1) - 1;
  const end = i >= tl.seqs.first ? tl.ends.get(i) : tl.bytes.start;
  const max = opts.maxBytes ?? 64 << 10;
  const start = Math.max(tl.bytes.start, end - max);
  const text = new TextDecoder().decode(tl.bytes.read(start, end));
  return { tty, seq: at, text, start, end, truncated: start > 0 };
}
