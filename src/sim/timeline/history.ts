// The machine's recorded history: every event the Machine streams, logged compactly with a sequence number
// (seq, from 1), so that a view can show any past moment: the memory map of a process (snapshot.ts), the strace
// line of a system call, and what a terminal showed then.
//
// Opt-in: `recordHistory(machine)` subscribes a History to the machine (the worker when its first terminal
// opens, the CLI and tests when they need it). What is kept per event:
//   - syscall: pid, name, the line as `strace` prints it, kept as its `name(args)` head and its result: heads
//     repeat (a malloc loop's mmap calls, a polling read) and are stored once while they stay in a small cache;
//   - signal: pid, signal, strace's `--- SIG... {...} ---` line;
//   - spawn (fork / posix_spawn) with the parent's pid, exit with the wait status;
//   - fault: a VMA change made by a page fault (stack growth), not by a system call;
//   - output: the terminal and the byte range of its output in a per-terminal byte log;
//   - VMA changes: per process (vma-track.ts), attributed to the system call they happen in (mm.onChange fires
//     inside the call, before the call's record is emitted: a change is filed under the seq that record gets).
// Bounds: at most `maxEvents` events (default 400 000) and `maxTextBytes` of strace lines (default 12 MiB);
// past either, the oldest half is dropped: events and lines below the cut go, processes that ended before it
// are forgotten, and live processes' VMA histories are rebased on their last checkpoint before it. Each
// terminal keeps its last `maxTtyBytes` (default 1 MiB) of output.
import type { Machine, MachineEvent } from '../machine.ts';
import type { SyscallRecord } from '../kernel/trace.ts';
import type { VmaChange } from '../kernel/mm.ts';
import { signalName } from '../kernel/signals.ts';
import { straceHead, straceJoin } from '../tools/strace-format.ts';
import { ByteLog, Column, f64, i32, u8 } from './columns.ts';
import { FileTable, VmaTrack, type TrackLayout } from './vma-track.ts';
import { mapAt, outputAt, steps, type StepOptions } from './snapshot.ts';
import type { HistoryStep, MapSnapshot, TerminalOutput } from './types.ts';

/** Event kinds in the log. */
export const EV = { syscall: 1, signal: 2, spawn: 3, exit: 4, output: 5, fault: 6 } as const;

export interface HistoryOptions {
  maxEvents?: number;
  maxTextBytes?: number;
  maxTtyBytes?: number;
}

/** A terminal's output: its bytes, and per output event the seq and the end offset after it. */
export class TtyLog {
  readonly bytes = new ByteLog(64 << 10);
  readonly seqs = i32();
  readonly ends = f64();
}

const dec = new TextDecoder();
/** Longest strace head or result kept (an execve with a huge argv is cut). */
const MAX_LINE = 4096;
/** Heads remembered for reuse (cleared when full: a cache, not an index). */
const HEAD_CACHE = 1024;

export class History {
  readonly machine: Machine;
  // The event log, one entry per seq (seq = index + 1).
  readonly kinds = u8();
  readonly pids = i32();
  /** syscall: offset and length of its result in `text`; output: offset and length in the terminal's log. */
  readonly offs = f64();
  readonly lens = i32();
  /** syscall: its head's id; signal: its line's (a head with no result). */
  readonly heads = i32();
  /** Heads (`mmap(NULL, 266240, ...)`) in `text`: offset and length by id, and the recent ones by text. */
  private readonly headOffs = f64();
  private readonly headLens = i32();
  private headCache = new Map<string, number>();
  /** syscall: name id; signal: signal number; spawn: parent pid; exit: wait status; output: tty. */
  readonly extras = i32();
  readonly text = new ByteLog(256 << 10);
  readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  readonly tracks = new Map<number, VmaTrack>();
  readonly ttys = new Map<number, TtyLog>();
  readonly files = new FileTable();
  private readonly opts: Required<HistoryOptions>;
  private readonly listeners = new Set<(pid: number, seq: number) => void>();
  private readonly unsubscribe: () => void;

  constructor(machine: Machine, opts: HistoryOptions = {}) {
    this.machine = machine;
    this.opts = { maxEvents: 400_000, maxTextBytes: 12 << 20, maxTtyBytes: 1 << 20, ...opts };
    this.unsubscribe = machine.subscribe((e) => this.onEvent(e));
  }

  /** Seq of the newest event (0: none yet). */
  get lastSeq() { return this.kinds.length; }
  /** Seq of the oldest event still kept. */
  get firstSeq() { return this.kinds.first + 1; }

  /** Called with (pid, seq) whenever a process's VMAs or break change (the worker's watchMap). */
  onMapChange(fn: (pid: number, seq: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  stop() { this.unsubscribe(); this.listeners.clear(); }

  // ---- queries (snapshot.ts) -----------------------------------------------------------------------------
  mapAt(pid: number, seq?: number): MapSnapshot | undefined { return mapAt(this, pid, seq); }
  steps(pid: number, opts: StepOptions = {}): HistoryStep[] { return steps(this, pid, opts); }
  outputAt(tty: number, seq?: number, opts: { maxBytes?: number } = {}): TerminalOutput { return outputAt(this, tty, seq, opts); }

  /**
   * The program in a console: the newest live process of terminal `tty`'s foreground process group (a
   * pipeline's last-started command; the login shell itself while it is at its prompt). Undefined for no such
   * terminal or an empty group.
   */
  foregroundPid(tty: number): number | undefined {
    const k = this.machine.kernel;
    const t = k.ttys[tty];
    if (!t) return undefined;
    let best: number | undefined;
    for (const p of k.procs.values()) if (p.pgid === t.fgPgrp && !p.dead && p.pid !== 1 && (best === undefined || p.pid > best)) best = p.pid;
    return best;
  }

  /** Bytes the history holds (typed-array chunks; the bench's budget figure). */
  get bytes(): number {
    let n = this.kinds.bytes + this.pids.bytes + this.offs.bytes + this.lens.bytes + this.extras.bytes + this.heads.bytes +
      this.headOffs.bytes + this.headLens.bytes + this.text.bytes;
    for (const t of this.tracks.values()) n += t.bytes;
    for (const t of this.ttys.values()) n += t.bytes.bytes + t.seqs.bytes + t.ends.bytes;
    return n;
  }

  // ---- the log ------------------------------------------------------------------------------------------------
  /** The strace line (syscall) or siginfo line (signal) of event `seq`, if still kept. */
  line(seq: number): string | undefined {
    const i = seq - 1;
    if (i < this.kinds.first || i >= this.kinds.length) return undefined;
    const k = this.kinds.get(i);
    if (k !== EV.syscall && k !== EV.signal) return undefined;
    const h = this.heads.get(i);
    if (h < this.headOffs.first) return undefined;
    const hOff = this.headOffs.get(h);
    if (hOff < this.text.start) return undefined;
    const head = dec.decode(this.text.read(hOff, hOff + this.headLens.get(h)));
    if (k === EV.signal) return head;
    const off = this.offs.get(i);
    if (off < this.text.start) return undefined;
    return straceJoin(head, dec.decode(this.text.read(off, off + this.lens.get(i))));
  }

  kindAt(seq: number): number { const i = seq - 1; return i >= this.kinds.first && i < this.kinds.length ? this.kinds.get(i) : 0; }
  pidAt(seq: number): number { return this.pids.get(seq - 1); }
  extraAt(seq: number): number { return this.extras.get(seq - 1); }
  /** The system call name of event `seq` (undefined for other kinds). */
  nameAt(seq: number): string | undefined { return this.kindAt(seq) === EV.syscall ? this.names[this.extras.get(seq - 1)] : undefined; }

  private log(kind: number, pid: number, off: number, len: number, extra: number, head = -1): number {
    this.kinds.push(kind); this.pids.push(pid); this.offs.push(off); this.lens.push(len); this.extras.push(extra); this.heads.push(head);
    const seq = this.kinds.length;
    if (kind !== EV.output) this.track(pid).events.push(seq);
    return seq;
  }

  /** A syscall (head and result) or a signal (its line as the head, no result). */
  private logText(kind: number, pid: number, head: string, ret: string, extra: number): number {
    const id = this.headId(head);
    const [off, len] = ret ? this.text.appendString(ret.length > MAX_LINE ? ret.slice(0, MAX_LINE) : ret) : [0, 0];
    return this.log(kind, pid, off, len, extra, id);
  }

  private headId(head: string): number {
    let id = this.headCache.get(head);
    if (id !== undefined && id >= this.headOffs.first && this.headOffs.get(id) >= this.text.start) return id;
    const [off, len] = this.text.appendString(head.length > MAX_LINE ? head.slice(0, MAX_LINE) : head);
    this.headOffs.push(off); this.headLens.push(len);
    id = this.headOffs.length - 1;
    if (this.headCache.size >= HEAD_CACHE) this.headCache = new Map();
    this.headCache.set(head, id);
    return id;
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) { id = this.names.length; this.names.push(name); this.nameIds.set(name, id); }
    return id;
  }

  track(pid: number): VmaTrack {
    let t = this.tracks.get(pid);
    if (!t) { t = new VmaTrack(pid, this.files); this.tracks.set(pid, t); }
    return t;
  }

  /** The process's layout facts now (for snapshots and checkpoints). */
  private layoutOf(pid: number): TrackLayout | undefined {
    const p = this.machine.kernel.procs.get(pid);
    const mm = p?.mm;
    if (!p || !mm) return undefined;
    return { startBrk: mm.startBrk, mmapBase: mm.mmapBase, startStack: mm.startStack, exe: p.exe, comm: p.comm };
  }

  /**
   * Keeps the track on the process's current mm: a different one (execve's new address space, or none after
   * exec of an image without ELF facts) replaces the whole list, filed under the execve when it is the latest.
   */
  private follow(t: VmaTrack, pid: number, seqIfNew: number): boolean {
    const mm = this.machine.kernel.procs.get(pid)?.mm;
    if (mm === t.mm || !t.alive) return false;
    const seq = t.lastExecSeq > t.lastSeq ? t.lastExecSeq : seqIfNew;
    t.snapshot(mm, seq, this.layoutOf(pid));
    this.notify(pid, seq);
    return true;
  }

  private notify(pid: number, seq: number) { for (const l of this.listeners) l(pid, seq); }

  private onEvent(e: MachineEvent) {
    switch (e.type) {
      case 'syscall': this.onSyscall(e.record); break;
      case 'vma': this.onVma(e.pid, e.change); break;
      case 'signal': this.logText(EV.signal, e.pid, `--- ${signalName(e.sig) ?? e.sig} ${e.info} ---`, '', e.sig); break;
      case 'spawn': {
        const seq = this.log(EV.spawn, e.pid, 0, 0, e.ppid);
        const t = this.track(e.pid);
        const parent = this.tracks.get(e.ppid);
        const mm = this.machine.kernel.procs.get(e.pid)?.mm;
        // fork's copy: each region keeps the cause it had in the parent (the child made none of them).
        const inherit = parent && parent.current.length === (mm?.vmas.length ?? -1) ? (i: number) => parent.record(parent.current[i]!) : undefined;
        t.snapshot(mm, seq, this.layoutOf(e.pid), inherit);
        this.notify(e.pid, seq);
        break;
      }
      case 'exit': {
        const t = this.track(e.pid);
        this.follow(t, e.pid, this.lastSeq + 1);
        const seq = this.log(EV.exit, e.pid, 0, 0, e.status);
        t.finish(seq);
        break;
      }
      case 'output': {
        let tl = this.ttys.get(e.tty);
        if (!tl) { tl = new TtyLog(); this.ttys.set(e.tty, tl); }
        const off = tl.bytes.appendStream(e.data);
        const seq = this.log(EV.output, -1, off, e.data.length, e.tty);
        tl.seqs.push(seq); tl.ends.push(tl.bytes.end);
        if (tl.bytes.end - tl.bytes.start > this.opts.maxTtyBytes * 2) {
          tl.bytes.dropBelow(tl.bytes.end - this.opts.maxTtyBytes);
          const keep = tl.ends.lowerBound(tl.bytes.start);
          tl.seqs.dropBelow(keep); tl.ends.dropBelow(keep);
        }
        break;
      }
      default: return;
    }
    this.bound();
  }

  private onSyscall(r: SyscallRecord) {
    const t = this.track(r.pid);
    this.follow(t, r.pid, this.lastSeq + 1);
    const seq = this.logText(EV.syscall, r.pid, straceHead(r.name, r.args), r.ret, this.nameId(r.name));
    if (r.name === 'execve' && !r.ret.startsWith('-1')) t.lastExecSeq = seq;
    // brk within the heap's last page moves the break without a VMA change.
    else if (r.name === 'brk' && t.noteBrk(seq)) this.notify(r.pid, seq);
  }

  private onVma(pid: number, c: VmaChange) {
    const t = this.track(pid);
    const mm = this.machine.kernel.procs.get(pid)?.mm;
    // A page fault (stack growth) is its own event; a change inside a system call is filed under the seq its
    // record is about to get; execve's changes under the execve.
    const seq = c.origin === 'stack growth' ? this.log(EV.fault, pid, 0, 0, 0)
      : c.origin === 'execve' && t.lastExecSeq >= t.lastSeq && t.lastExecSeq > 0 ? t.lastExecSeq : this.lastSeq + 1;
    if (this.follow(t, pid, seq) || !mm) return;
    const layout = this.layoutOf(pid);
    const changed = t.change(mm, c, seq);
    // ld.so run as a program moves the break start (load.ts): a new layout gets a checkpoint of its own.
    if (layout && t.layout && (layout.startBrk !== t.layout.startBrk || layout.mmapBase !== t.layout.mmapBase || layout.startStack !== t.layout.startStack)) {
      t.layout = layout;
      t.checkpoint(seq, false);
    }
    if (changed) this.notify(pid, seq);
  }

  /** Keeps the log within its bounds by dropping the oldest half (see the file comment). */
  private bound() {
    const n = this.kinds.length - this.kinds.first;
    const textBytes = this.text.end - this.text.start;
    if (n <= this.opts.maxEvents && textBytes <= this.opts.maxTextBytes) return;
    const cutIndex = this.kinds.first + Math.floor(n / 2);
    for (const c of [this.kinds, this.pids, this.offs, this.lens, this.extras, this.heads] as Column<Float64Array | Int32Array | Uint8Array>[]) c.dropBelow(cutIndex);
    const cutSeq = this.kinds.first + 1;
    // The oldest text a kept event refers to (its result, or a head it reuses) bounds the text log; when that
    // would keep too much, the oldest lines go anyway (their events then have no line).
    let textCut = this.text.end, headCut = this.headOffs.length;
    for (let i = this.kinds.first; i < this.kinds.length; i++) {
      const k = this.kinds.get(i);
      if (k !== EV.syscall && k !== EV.signal) continue;
      const h = this.heads.get(i);
      headCut = Math.min(headCut, h);
      textCut = Math.min(textCut, this.headOffs.get(h), k === EV.syscall ? this.offs.get(i) : Infinity);
    }
    this.headOffs.dropBelow(headCut); this.headLens.dropBelow(headCut);
    if (this.text.end - textCut > this.opts.maxTextBytes / 2) textCut = this.text.end - this.opts.maxTextBytes / 2;
    this.text.dropBelow(textCut);
    this.headCache = new Map();
    for (const [pid, t] of this.tracks) {
      const last = t.events.length > t.events.first ? t.events.last : t.lastSeq;
      if (!t.alive && last < cutSeq) this.tracks.delete(pid);
      else t.rebase(cutSeq);
    }
  }
}

/** Starts recording `machine`'s history (from now on). */
export function recordHistory(machine: Machine, opts?: HistoryOptions): History {
  return new History(machine, opts);
}
