// The contract between the machine's recorded history (src/sim/timeline, in the worker) and the memory-map
// views (src/components/MemoryMap*, src/client/memory-map*). Everything a view draws is computed on the
// machine side from the kernel's own state and events; the view only lays it out.
// Owner: the timeline (sim) side. Extend it; do not change a field's meaning without updating both sides.

/** What a region is, for colour and the legend (decided from the VMA and its file, as pmap names it). */
export type RegionKind =
  | 'stack' | 'vvar' | 'vdso' | 'vsyscall' | 'ld' | 'lib' | 'mmap' | 'heap' | 'bss' | 'data' | 'rodata' | 'text'
  | 'file' | 'anon';

export interface Region {
  /** Addresses as numbers: x86-64 user addresses are below 2^47, exact in a double. */
  start: number;
  end: number;
  kind: RegionKind;
  /** As pmap -x prints it: mapping name ('alloc_size', 'libc-2.27.so', '[ anon ]', '[ stack ]'), mode ('r-x--'). */
  name: string;
  mode: string;
  kbytes: number;
  rssKb: number;
  dirtyKb: number;
  /** The row exactly as the machine's `pmap -x PID` prints it, and the /proc/PID/maps line. */
  pmapRow: string;
  mapsLine: string;
  /** The system call that created or last changed this region (strace-formatted), when it was seen. */
  cause?: { seq: number; line: string };
}

/** One process's address space at one moment of the recorded history. */
export interface MapSnapshot {
  pid: number;
  comm: string;
  /** The history position this snapshot is at (the last event applied); live snapshots carry the newest. */
  seq: number;
  regions: Region[];
  /** Program break and its start (heap), and the top-down mmap base. */
  brk: number;
  startBrk: number;
  mmapBase: number;
  totalKb: number;
}

/** One step of a process's history that the scrubber can stop at. */
export interface HistoryStep {
  seq: number;
  pid: number;
  kind: 'syscall' | 'signal' | 'exec' | 'exit' | 'output';
  /** Syscall name for syscall steps ('brk', 'mmap', ...). */
  name?: string;
  /** The strace line (syscalls), the siginfo line (signals) or the text written (output). */
  line: string;
  /** Address ranges this step changed in the address space (for highlighting). */
  touched: { start: number; end: number }[];
  /** A sentence for screen readers: "brk grew the heap from 132K to 452K". Empty when nothing changed. */
  summary: string;
}
