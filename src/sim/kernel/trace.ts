// System-call records: every modelled syscall a process makes (the loader's, libc's, the program's) is
// emitted as one of these, so strace, ltrace -S and the memory-map view can show them. Arguments are kept
// as strace prints them, except strings, kept as bytes so `strace -s N` can cut them as the real one does, and
// writev's vector (its buffers, each cut alike).
export type TraceArg = string | { bytes: Uint8Array } | { iov: Uint8Array[] };

export interface SyscallRecord {
  pid: number;
  name: string;
  args: TraceArg[];
  /** The return value as strace prints it ('0', '0x555555559000', '-1 ENOENT (No such file or directory)', '?'). */
  ret: string;
  /** Simulated time of the call (ms since boot). */
  at: number;
}

/**
 * A tracer attached to processes (what ptrace gives strace): told of every system call of a traced process at
 * entry and at exit, of signals and of the process's end. Calls are synchronous, so a tracer writing to a
 * terminal interleaves with the tracee's own output exactly as strace's lines do.
 */
export interface Tracer {
  /** Follow forks (strace -f): children of a traced process are traced too. */
  readonly follow: boolean;
  /** Entry of a call; `args` are those known before it runs (all of them for most calls). */
  enter(pid: number, name: string, args: TraceArg[]): void;
  /** Exit of the call: the remaining arguments (filled by the kernel, e.g. read's buffer) and the result. */
  exit(pid: number, name: string, rest: TraceArg[], ret: string): void;
  /** A signal delivered to a traced process (siginfo as strace prints it). */
  signal?(pid: number, sig: number, info: string): void;
  /** A traced process ended (wait status). */
  exited?(pid: number, status: number): void;
  /** A traced process started a child that is now traced too (follow). */
  attached?(parent: number, child: number): void;
  /**
   * A library call of a traced process (ltrace; the C library model reports them through LibcHost.traceLibcall):
   * its entry, with the arguments as ltrace prints them (strings may be given as bytes, cut by the tracer)...
   */
  libcallEnter?(pid: number, name: string, args: TraceArg[]): void;
  /** ...and its return as ltrace prints it ('<void>' for a void function). Output and system calls made by the
   *  function come between the two, as ltrace shows them (`printf("...\n", 0x55...New allocation...\n) = 33`). */
  libcallExit?(pid: number, name: string, ret: string): void;
}

const hex = (n: number) => '0x' + n.toString(16);
export const fmt = {
  hex,
  ptr: (n: number) => (n === 0 ? 'NULL' : hex(n)),
  str: (s: string | Uint8Array): TraceArg => ({ bytes: typeof s === 'string' ? new TextEncoder().encode(s) : s }),
  prot(p: number) {
    if (p === 0) return 'PROT_NONE';
    return [[1, 'PROT_READ'], [2, 'PROT_WRITE'], [4, 'PROT_EXEC']].filter(([b]) => p & (b as number)).map(([, n]) => n).join('|');
  },
  mapFlags(f: number) {
    const names: [number, string][] = [[0x01, 'MAP_SHARED'], [0x02, 'MAP_PRIVATE'], [0x10, 'MAP_FIXED'], [0x20, 'MAP_ANONYMOUS'],
      [0x100, 'MAP_GROWSDOWN'], [0x800, 'MAP_DENYWRITE'], [0x4000, 'MAP_NORESERVE'], [0x8000, 'MAP_POPULATE'],
      [0x20000, 'MAP_STACK'], [0x100000, 'MAP_FIXED_NOREPLACE']];
    return names.filter(([b]) => f & b).map(([, n]) => n).join('|') || '0';
  },
  off: (n: number) => (n === 0 ? '0' : hex(n)),
  err: (name: string, text: string) => `-1 ${name} (${text})`,
};
