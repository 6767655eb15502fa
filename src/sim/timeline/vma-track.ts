// One process's address-space history: enough to rebuild its VMA list at any recorded moment.
//
// Storage: immutable VMA records (columns), the list of record ids that mirrors the live mm.vmas, deltas (at
// seq S, replace `remove` ids at index `at` with `n` new ids) and checkpoints (the whole id list at a seq). A
// change costs one delta plus a record per VMA it created or altered (a windowed diff against the live list,
// so a 10 000-VMA process does not pay for its size); a checkpoint is written every max(32, n/2) deltas, so
// rebuilding any moment applies at most that many splices. RSS and Dirty are sampled (pages are touched with
// no event): a record holds them as they were when it was written; checkpoints re-sample every region
// (refreshed records), so a past moment's RSS is as of the region's last change or the last checkpoint.
import type { AddressSpace, FileBacking, Vma, VmaChange } from '../kernel/mm.ts';
import { Column, f64, i32 } from './columns.ts';

/** Record bits: PROT_* in the low 3 bits, then MAP_SHARED, MAP_GROWSDOWN, made-by-brk, the special name, made-by-mmap. */
const SHARED = 8, GROWSDOWN = 16, BRK = 32, SPECIAL_SHIFT = 6, MMAP = 256;
const SPECIALS = [undefined, '[vvar]', '[vvar_vclock]', '[vdso]'] as const;
export type Special = Exclude<(typeof SPECIALS)[number], undefined>;

/** What a delta did (VmaChange's op, plus the whole-list replacements). */
export const OPS = ['map', 'unmap', 'protect', 'brk', 'grow', 'resync'] as const;
export type DeltaOp = (typeof OPS)[number];

/** Interned file backings: records hold a small id instead of a reference. */
export class FileTable {
  readonly files: FileBacking[] = [];
  private readonly ids = new Map<string, number>();
  /** Backing objects already seen (a VMA keeps its backing object: no key to build on the hot path). */
  private readonly seen = new WeakMap<FileBacking, number>();
  id(f: FileBacking | undefined): number {
    if (!f) return -1;
    let id = this.seen.get(f);
    if (id !== undefined) return id;
    const key = `${f.dev}:${f.ino}:${f.path}`;
    id = this.ids.get(key);
    if (id === undefined) { id = this.files.length; this.files.push(f); this.ids.set(key, id); }
    this.seen.set(f, id);
    return id;
  }
  get(id: number): FileBacking | undefined { return id >= 0 ? this.files[id] : undefined; }
}

/** One recorded VMA, decoded. Pages are 4 KiB pages. */
export interface VmaRecord {
  start: number; end: number; prot: number; shared: boolean; growsdown: boolean; brkArea: boolean;
  special: Special | undefined; offset: number; file: number;
  /** Made (or grown) by an mmap/mremap call, or split from such a mapping. */
  byMmap: boolean;
  /** Seq of the event that created or last changed it (0: unknown). */
  cause: number;
  rssPages: number; dirtyPages: number;
}

/** The process-wide facts a snapshot needs beyond its VMAs (from the mm and the process at exec). */
export interface TrackLayout { startBrk: number; mmapBase: number; startStack: number; exe: string; comm: string; }

/** A rebuilt moment: the id list, the layout, the break, and where the deltas stand (to walk forward). */
export interface TrackState {
  ids: number[];
  layout: TrackLayout | undefined;
  /** Index of the next delta not yet applied. */
  delta: number;
  /** insPool offset of that delta's inserted ids. */
  ins: number;
}

/** An applied delta, as steps() reports it. */
export interface AppliedDelta { seq: number; op: DeltaOp; start: number; end: number; removed: number[]; inserted: number[] }

function residency(v: Vma) {
  let dirty = 0;
  for (const p of v.pages.values()) if (p.dirty) dirty++;
  return { rss: v.pages.size, dirty };
}

/** Column storage of one track (swapped wholesale when the track is rebased on a later checkpoint). */
class Store {
  // records
  rStart = f64(); rEnd = f64(); rOff = f64(); rBits = i32(); rFile = i32(); rCause = i32(); rRss = i32(); rDirty = i32();
  // deltas: seq, index, removed count, inserted count * 8 + op, touched range
  dSeq = i32(); dAt = i32(); dRemove = i32(); dIns = i32(); dStart = f64(); dEnd = f64();
  insPool = i32();
  // checkpoints: seq, first delta after it, insPool offset there, id list in ckPool, whole-list replacement?, layout
  cSeq = i32(); cDelta = i32(); cIns = i32(); cList = i32(); cLen = i32(); cFull = i32(); cLayout = i32();
  ckPool = i32();
  layouts: (TrackLayout | undefined)[] = [];
  // the program break over time
  bSeq = i32(); bVal = f64();

  get bytes() {
    let n = 0;
    for (const c of Object.values(this)) if (c instanceof Column) n += c.bytes;
    return n + this.layouts.length * 64;
  }
}

export class VmaTrack {
  readonly pid: number;
  private readonly files: FileTable;
  private s = new Store();
  /** Record ids mirroring the live mm.vmas (in address order). */
  current: number[] = [];
  /** The address space the mirror follows (dropped at exit so a dead process's pages can be freed). */
  mm: AddressSpace | undefined;
  layout: TrackLayout | undefined;
  private sinceCheckpoint = 0;
  /** Seqs of this process's logged events (syscalls, signals, its spawn and exit, faults). */
  readonly events = i32();
  /** Seq of its latest execve (what execve-made changes are attributed to). */
  lastExecSeq = 0;
  /** Seq of the latest entry written (deltas and checkpoints must not go back in time). */
  lastSeq = 0;
  alive = true;

  constructor(pid: number, files: FileTable) { this.pid = pid; this.files = files; }

  get bytes() { return this.s.bytes + this.events.bytes + this.current.length * 8; }

  // ---- records --------------------------------------------------------------------------------------------
  private addRecord(v: Vma, cause: number, byMmap = false): number {
    const s = this.s;
    const special = v.special ? SPECIALS.indexOf(v.special) : 0;
    const bits = (v.prot & 7) | (v.shared ? SHARED : 0) | (v.flags & 0x100 ? GROWSDOWN : 0) | (v.brkArea ? BRK : 0) | (special << SPECIAL_SHIFT) | (byMmap ? MMAP : 0);
    const r = residency(v);
    s.rStart.push(v.start); s.rEnd.push(v.end); s.rOff.push(v.file ? v.offset : 0); s.rBits.push(bits);
    s.rFile.push(this.files.id(v.file)); s.rCause.push(cause); s.rRss.push(r.rss); s.rDirty.push(r.dirty);
    return s.rStart.length - 1;
  }

  private copyRecord(from: Store, id: number, rss = from.rRss.get(id), dirty = from.rDirty.get(id)): number {
    const s = this.s;
    s.rStart.push(from.rStart.get(id)); s.rEnd.push(from.rEnd.get(id)); s.rOff.push(from.rOff.get(id));
    s.rBits.push(from.rBits.get(id)); s.rFile.push(from.rFile.get(id)); s.rCause.push(from.rCause.get(id));
    s.rRss.push(rss); s.rDirty.push(dirty);
    return s.rStart.length - 1;
  }

  /** Whether record `id` still describes `v` (same range, protection, flags, backing). */
  private same(id: number, v: Vma): boolean {
    const s = this.s;
    if (s.rStart.get(id) !== v.start || s.rEnd.get(id) !== v.end) return false;
    const special = v.special ? SPECIALS.indexOf(v.special) : 0;
    const bits = (v.prot & 7) | (v.shared ? SHARED : 0) | (v.flags & 0x100 ? GROWSDOWN : 0) | (v.brkArea ? BRK : 0) | (special << SPECIAL_SHIFT);
    return (s.rBits.get(id) & ~MMAP) === bits && s.rOff.get(id) === (v.file ? v.offset : 0) && s.rFile.get(id) === this.files.id(v.file);
  }

  record(id: number): VmaRecord {
    const s = this.s;
    const bits = s.rBits.get(id);
    return {
      start: s.rStart.get(id), end: s.rEnd.get(id), prot: bits & 7, shared: !!(bits & SHARED), growsdown: !!(bits & GROWSDOWN),
      brkArea: !!(bits & BRK), special: SPECIALS[(bits >> SPECIAL_SHIFT) & 3], offset: s.rOff.get(id), file: s.rFile.get(id), byMmap: !!(bits & MMAP),
      cause: s.rCause.get(id), rssPages: s.rRss.get(id), dirtyPages: s.rDirty.get(id),
    };
  }
  recordStart(id: number) { return this.s.rStart.get(id); }
  recordEnd(id: number) { return this.s.rEnd.get(id); }
  recordCause(id: number) { return this.s.rCause.get(id); }

  // ---- writing ----------------------------------------------------------------------------------------------
  /** Replaces the whole list: a new address space (execve, fork's copy) or a lost mirror (resync). */
  snapshot(mm: AddressSpace | undefined, seq: number, layout: TrackLayout | undefined, inherit?: (i: number) => VmaRecord | undefined) {
    seq = Math.max(seq, this.lastSeq);
    this.mm = mm;
    this.layout = mm ? layout : undefined;
    this.current = mm ? mm.vmas.map((v, i) => { const r = inherit?.(i); return this.addRecord(v, r?.cause ?? seq, r?.byMmap); }) : [];
    this.checkpoint(seq, true);
    this.noteBrk(seq);
  }

  /** One VMA change of the followed mm (mm.onChange), attributed to the event at `seq`. */
  change(mm: AddressSpace, c: VmaChange, seq: number): boolean {
    seq = Math.max(seq, this.lastSeq);
    const vmas = mm.vmas, cur = this.current, s = this.s;
    // The window: what touches the changed range (merges reach the neighbours), widened to whole VMAs of both
    // lists, then everything in the old and new lists overlapping it.
    let lo = c.start, hi = c.end;
    const liveFirst = (a: number, touch: boolean) => lowerBoundBy(vmas.length, (i) => (touch ? vmas[i]!.end < a : vmas[i]!.end <= a));
    const oldFirst = (a: number, touch: boolean) => lowerBoundBy(cur.length, (i) => (touch ? s.rEnd.get(cur[i]!) < a : s.rEnd.get(cur[i]!) <= a));
    let la = liveFirst(lo, true), oa = oldFirst(lo, true);
    if (la < vmas.length && vmas[la]!.start <= hi) lo = Math.min(lo, vmas[la]!.start);
    if (oa < cur.length && s.rStart.get(cur[oa]!) <= hi) lo = Math.min(lo, s.rStart.get(cur[oa]!));
    let lb = la; while (lb < vmas.length && vmas[lb]!.start <= hi) lb++;
    let ob = oa; while (ob < cur.length && s.rStart.get(cur[ob]!) <= hi) ob++;
    if (lb > la) hi = Math.max(hi, vmas[lb - 1]!.end);
    if (ob > oa) hi = Math.max(hi, s.rEnd.get(cur[ob - 1]!));
    la = liveFirst(lo, false); oa = oldFirst(lo, false);
    lb = la; while (lb < vmas.length && vmas[lb]!.start < hi) lb++;
    ob = oa; while (ob < cur.length && s.rStart.get(cur[ob]!) < hi) ob++;
    const op = OPS.indexOf(c.op as DeltaOp);
    if (la !== oa || vmas.length - lb !== cur.length - ob) {
      // The mirror no longer matches outside the window (a change that emitted no event): replace everything.
      return this.pushDelta(seq, OPS.indexOf('resync'), c.start, c.end, 0, cur.length, vmas.map((v) => this.addRecord(v, seq)));
    }
    // Reuse the ids of VMAs the change left as they were; trim the unchanged ends of the window.
    // A new record is "made by mmap" when this call is an mmap/mremap reaching it, or when it comes from one.
    const mmapCall = c.origin.startsWith('mmap') || c.origin.startsWith('mremap');
    const fromMmap = (v: Vma) => {
      if (mmapCall && v.start < c.end && c.start < v.end) return true;
      for (let j = oa; j < ob; j++) {
        const id = cur[j]!;
        if (s.rStart.get(id) < v.end && v.start < s.rEnd.get(id) && s.rBits.get(id) & MMAP) return true;
      }
      return false;
    };
    const ids: number[] = [];
    let k = oa;
    for (let i = la; i < lb; i++) {
      const v = vmas[i]!;
      while (k < ob && s.rStart.get(cur[k]!) < v.start) k++;
      ids.push(k < ob && this.same(cur[k]!, v) ? cur[k]! : this.addRecord(v, seq, fromMmap(v)));
    }
    let at = oa, remove = ob - oa, from = 0, to = ids.length;
    while (from < to && remove > 0 && ids[from] === cur[at]) { from++; at++; remove--; }
    while (to > from && remove > 0 && ids[to - 1] === cur[at + remove - 1]) { to--; remove--; }
    return this.pushDelta(seq, op, c.start, c.end, at, remove, ids.slice(from, to));
  }

  private pushDelta(seq: number, op: number, start: number, end: number, at: number, remove: number, ins: number[]): boolean {
    const s = this.s;
    if (!remove && !ins.length) { this.noteBrk(seq); return false; }
    s.dSeq.push(seq); s.dAt.push(at); s.dRemove.push(remove); s.dIns.push(ins.length * 8 + op);
    s.dStart.push(start); s.dEnd.push(end);
    for (const id of ins) s.insPool.push(id);
    this.current.splice(at, remove, ...ins);
    this.lastSeq = seq;
    this.noteBrk(seq);
    if (++this.sinceCheckpoint >= Math.max(32, this.current.length >> 1)) this.checkpoint(seq, false);
    return true;
  }

  /** Records the break when it moved (brk inside the last heap page changes no VMA). */
  noteBrk(seq: number): boolean {
    const s = this.s;
    const brk = this.mm ? this.mm.brk : 0;
    if (s.bVal.length && s.bVal.last === brk) return false;
    s.bSeq.push(Math.max(seq, this.lastSeq)); s.bVal.push(brk);
    return true;
  }

  /**
   * Writes a checkpoint: the id list as it is, with every region's RSS re-sampled from the live mm (regions
   * whose resident count moved get a refreshed record, their Dirty recounted then: counting dirty pages walks
   * them all, too slow to do for every region every 32 changes). `full`: the list was replaced (exec, fork).
   */
  checkpoint(seq: number, full: boolean) {
    const s = this.s;
    const mm = this.mm;
    if (mm && mm.vmas.length === this.current.length) {
      const cur = this.current;
      for (let i = 0; i < cur.length; i++) {
        const v = mm.vmas[i]!, id = cur[i]!;
        if (v.pages.size === s.rRss.get(id)) continue;
        const r = residency(v);
        cur[i] = this.copyRecord(s, id, r.rss, r.dirty);
      }
    }
    s.cSeq.push(seq); s.cDelta.push(s.dSeq.length); s.cIns.push(s.insPool.length);
    s.cList.push(s.ckPool.length); s.cLen.push(this.current.length); s.cFull.push(full ? 1 : 0);
    const prev = s.layouts.length ? s.layouts[s.layouts.length - 1] : undefined;
    if (!s.layouts.length || !sameLayout(prev, this.layout)) s.layouts.push(this.layout ? { ...this.layout } : undefined);
    s.cLayout.push(s.layouts.length - 1);
    for (const id of this.current) s.ckPool.push(id);
    this.sinceCheckpoint = 0;
    this.lastSeq = Math.max(this.lastSeq, seq);
  }

  /** The process ended: a last checkpoint with its final RSS, then the mm is let go. */
  finish(seq: number) {
    if (this.mm) this.checkpoint(seq, false);
    this.mm = undefined;
    this.alive = false;
  }

  // ---- reading ----------------------------------------------------------------------------------------------
  /** The list as it was after every entry with seq <= `seq`; undefined before the first one. */
  stateAt(seq: number): TrackState | undefined {
    const s = this.s;
    const ck = s.cSeq.lowerBound(seq + 1) - 1;
    if (ck < s.cSeq.first) return undefined;
    const off = s.cList.get(ck), len = s.cLen.get(ck);
    const ids: number[] = new Array(len);
    for (let i = 0; i < len; i++) ids[i] = s.ckPool.get(off + i);
    const st: TrackState = { ids, layout: s.layouts[s.cLayout.get(ck)], delta: s.cDelta.get(ck), ins: s.cIns.get(ck) };
    this.advance(st, seq);
    return st;
  }

  /** Applies the deltas with seq <= `seq` to `st`, reporting each. */
  advance(st: TrackState, seq: number, each?: (d: AppliedDelta) => void) {
    const s = this.s;
    while (st.delta < s.dSeq.length && s.dSeq.get(st.delta) <= seq) {
      const i = st.delta;
      const packed = s.dIns.get(i), n = packed >> 3;
      const ins: number[] = new Array(n);
      for (let j = 0; j < n; j++) ins[j] = s.insPool.get(st.ins + j);
      const removed = st.ids.splice(s.dAt.get(i), s.dRemove.get(i), ...ins);
      each?.({ seq: s.dSeq.get(i), op: OPS[packed & 7]!, start: s.dStart.get(i), end: s.dEnd.get(i), removed, inserted: ins });
      st.delta++;
      st.ins += n;
    }
  }

  /** Checkpoints with seq in (after, upTo] that replaced the whole list (exec, fork): their seqs. */
  fullReplacementsIn(after: number, upTo: number): number[] {
    const s = this.s, out: number[] = [];
    for (let ck = s.cSeq.lowerBound(after + 1); ck < s.cSeq.length && s.cSeq.get(ck) <= upTo; ck++) if (s.cFull.get(ck)) out.push(s.cSeq.get(ck));
    return out;
  }

  /** The checkpoint state at exactly `seq` when one replaced the list then (for fork/exec steps). */
  layoutAt(seq: number): TrackLayout | undefined {
    const s = this.s;
    const ck = s.cSeq.lowerBound(seq + 1) - 1;
    return ck >= s.cSeq.first ? s.layouts[s.cLayout.get(ck)] : undefined;
  }

  brkAt(seq: number): number {
    const s = this.s;
    const i = s.bSeq.lowerBound(seq + 1) - 1;
    return i >= s.bSeq.first ? s.bVal.get(i) : 0;
  }

  /** Seq of the oldest moment that can still be rebuilt (0: nothing recorded). */
  get firstSeq(): number { const s = this.s; return s.cSeq.length > s.cSeq.first ? s.cSeq.get(s.cSeq.first) : 0; }

  /**
   * Forgets history before `seq` (the log's bound): keeps the last checkpoint at or before it and everything
   * after, copied into fresh columns so that records nothing refers to any more are freed.
   */
  rebase(seq: number) {
    const old = this.s;
    const ck0 = old.cSeq.lowerBound(seq + 1) - 1;
    if (ck0 <= old.cSeq.first) return;
    const fresh = new Store();
    this.s = fresh;
    const remap = new Map<number, number>();
    const copy = (id: number) => { let n = remap.get(id); if (n === undefined) { n = this.copyRecord(old, id); remap.set(id, n); } return n; };
    const d0 = old.cDelta.get(ck0), i0 = old.cIns.get(ck0);
    for (let ck = ck0; ck < old.cSeq.length; ck++) {
      fresh.cSeq.push(old.cSeq.get(ck)); fresh.cDelta.push(old.cDelta.get(ck) - d0); fresh.cIns.push(old.cIns.get(ck) - i0);
      fresh.cList.push(fresh.ckPool.length); fresh.cLen.push(old.cLen.get(ck)); fresh.cFull.push(old.cFull.get(ck));
      const off = old.cList.get(ck);
      for (let j = 0; j < old.cLen.get(ck); j++) fresh.ckPool.push(copy(old.ckPool.get(off + j)));
      const layout = old.layouts[old.cLayout.get(ck)];
      if (!fresh.layouts.length || fresh.layouts[fresh.layouts.length - 1] !== layout) fresh.layouts.push(layout);
      fresh.cLayout.push(fresh.layouts.length - 1);
    }
    for (let d = d0; d < old.dSeq.length; d++) {
      fresh.dSeq.push(old.dSeq.get(d)); fresh.dAt.push(old.dAt.get(d)); fresh.dRemove.push(old.dRemove.get(d));
      fresh.dIns.push(old.dIns.get(d)); fresh.dStart.push(old.dStart.get(d)); fresh.dEnd.push(old.dEnd.get(d));
    }
    for (let j = i0; j < old.insPool.length; j++) fresh.insPool.push(copy(old.insPool.get(j)));
    const firstCk = old.cSeq.get(ck0);
    const b0 = Math.max(old.bSeq.first, old.bSeq.lowerBound(firstCk + 1) - 1);
    for (let b = b0; b < old.bSeq.length; b++) { fresh.bSeq.push(old.bSeq.get(b)); fresh.bVal.push(old.bVal.get(b)); }
    this.current = this.current.map(copy);
    this.events.dropBelow(this.events.lowerBound(firstCk));
  }
}

function sameLayout(a: TrackLayout | undefined, b: TrackLayout | undefined) {
  if (!a || !b) return a === b;
  return a.startBrk === b.startBrk && a.mmapBase === b.mmapBase && a.startStack === b.startStack && a.exe === b.exe && a.comm === b.comm;
}

/** First index in [0, n) for which `before(i)` is false (before is true on a prefix). */
function lowerBoundBy(n: number, before: (i: number) => boolean): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1; else hi = mid;
  }
  return lo;
}
