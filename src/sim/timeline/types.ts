// The contract between the machine's recorded history (src/sim/timeline, in the worker) and the memory-map
// views (src/components/MemoryMap*, src/client/memory-map*). Everything a view draws is computed on the
// machine side from the kernel's own state and events; the view only lays it out.
// Owner: the timeline (sim) side. Extend it; do not change a field's meaning without updating both sides.
//
// Moments are named by `seq`: every event the machine records (a system call, a signal, a process's spawn or
// exit, a page fault that changed the map, a chunk of terminal output) gets the next number, from 1. "The map
// at seq N" is the address space after event N (and everything before it) took effect.

/**
 * What a region is, for colour and the legend, decided on the machine side:
 * - 'stack' ([stack]), 'vvar' ([vvar] and [vvar_vclock]), 'vdso', 'vsyscall' (the gate page pmap lists last),
 *   'heap' (made by brk);
 * - the program's own file mappings by protection: 'text' (executable), 'rodata' (read-only), 'data' (writable);
 *   'bss': the anonymous mapping just after the program's writable segment (execve's set_brk);
 * - 'ld': ld.so's mappings and the anonymous one right after them; 'lib': a shared library's mappings
 *   (including its PROT_NONE gap) and the anonymous .bss right after them;
 * - 'file': another file mapped with mmap; 'mmap': an anonymous mapping made by mmap (malloc's big chunks,
 *   ld.so's TLS); 'anon': any other anonymous mapping.
 */
export type RegionKind =
  | 'stack' | 'vvar' | 'vdso' | 'vsyscall' | 'ld' | 'lib' | 'mmap' | 'heap' | 'bss' | 'data' | 'rodata' | 'text'
  | 'file' | 'anon';

export interface Region {
  /**
   * Addresses as numbers: x86-64 user addresses are below 2^47, exact in a double; the vsyscall page
   * (0xffffffffff600000) is above 2^53 but a multiple of 4096, which doubles of that size still hold exactly.
   */
  start: number;
  end: number;
  kind: RegionKind;
  /** As pmap -x prints them: mapping name without pmap's indent ('alloc_size', 'libc-2.27.so', '[ anon ]', '[ stack ]'), mode ('r-x--'). */
  name: string;
  mode: string;
  kbytes: number;
  /**
   * Resident and dirty KiB (pmap -x's RSS and Dirty). Exact in live snapshots. In past ones they are sampled:
   * as they were when the region was last changed or at the process's last checkpoint before that moment
   * (every 32+ VMA changes, its exec and its exit), whichever is later — pages are touched with no event.
   */
  rssKb: number;
  dirtyKb: number;
  /** The row exactly as the machine's `pmap -x PID` prints it (no newline), and the /proc/PID/maps line. */
  pmapRow: string;
  mapsLine: string;
  /**
   * The event that created or last changed this region: usually a system call and its strace line (execve for
   * what the kernel mapped at exec; in a forked child, the parent's call that made the region), or a page
   * fault ('page fault: the stack grew'). Absent when that event has been dropped from the bounded log.
   */
  cause?: { seq: number; line: string };
}

/** One process's address space at one moment of the recorded history. */
export interface MapSnapshot {
  pid: number;
  comm: string;
  /** The history position this snapshot is at (the last event applied); live snapshots carry the newest. */
  seq: number;
  /** Read from the kernel now (exact RSS) rather than rebuilt from the history. Always set by the machine. */
  live?: boolean;
  /** The process had ended by then (the map is its last one). Always set by the machine. */
  exited?: boolean;
  /** In address order, lowest first, as pmap prints them; the [vsyscall] gate page is last. */
  regions: Region[];
  /** Program break and its start (heap), and the top-down mmap base. */
  brk: number;
  startBrk: number;
  mmapBase: number;
  /** pmap -x's "total kB" (Kbytes column: every region, [vsyscall] included), and its RSS and Dirty totals (always set by the machine). */
  totalKb: number;
  totalRssKb?: number;
  totalDirtyKb?: number;
}

/** One step of a process's history that the scrubber can stop at. */
export interface HistoryStep {
  seq: number;
  pid: number;
  /**
   * 'syscall' (any system call but execve), 'exec' (execve: the map was replaced), 'signal', 'spawn' (the
   * process was created: fork copies the parent's map, posix_spawn starts empty until its execve), 'exit',
   * 'fault' (a page fault changed the map: the stack grew). Terminal output is not a step: outputAt() gives
   * what a terminal showed at any seq.
   */
  kind: 'syscall' | 'exec' | 'signal' | 'spawn' | 'exit' | 'fault';
  /** Syscall name for syscall and exec steps ('brk', 'mmap', 'execve', ...). */
  name?: string;
  /** The strace line (syscall, exec), strace's `--- SIGSEGV {...} ---` (signal), `+++ exited with 0 +++` (exit). */
  line: string;
  /** Address ranges this step changed in the address space (for highlighting); empty when the whole map was replaced. */
  touched: { start: number; end: number }[];
  /** A sentence for screen readers: "brk grew the heap from 132K to 452K". Empty when nothing changed. */
  summary: string;
}

/** What steps() returns (the worker's `steps(pid, opts)`). */
export interface StepOptions {
  /** First seq to include (default: the oldest kept); with `backward`, the last seq to include (default: now). */
  from?: number;
  /** How many steps at most (default 100). */
  count?: number;
  /** 'memory': only the memory system calls (brk, mmap, munmap, mprotect, mremap, madvise, execve), spawns and page faults — every step that can change the map. */
  filter?: 'all' | 'memory';
  /** Steps at or before `from`, the nearest ones (still returned oldest first): the scrubber's "previous". */
  backward?: boolean;
}

/** What a terminal had shown by a moment: the last `maxBytes` of its output, as the terminal received it. */
export interface TerminalOutput {
  tty: number;
  seq: number;
  /** Raw terminal text (\r\n line ends, escape sequences as written). */
  text: string;
  /** Byte offsets of `text` in the terminal's whole output stream. */
  start: number;
  end: number;
  /** Earlier output exists that is not in `text` (cut by maxBytes or dropped from the bounded log). */
  truncated: boolean;
}

/** The worker's notice that a watched process's map changed (posted outside Comlink, batched per tick). */
export interface MapChangedMessage {
  kind: 'memsim:map';
  pid: number;
  /** The newest seq at which the map changed; request mapAt(pid) (or mapAt(pid, seq)) to draw it. */
  seq: number;
  /** The summary of the step that made the change ('' when not known). */
  summary: string;
  /** The live map at `seq` (sent along: cheaper than a mapAt round trip); absent once the process is gone. */
  snapshot?: MapSnapshot;
}
