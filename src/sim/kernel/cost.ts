// The cost model: what the machine's work costs in time, so that a program timing itself (clock_gettime,
// time(), bash's `time`, dd's rate) measures the model rather than the host's JavaScript speed. Every figure
// is in the one table below, with where it comes from. Charges are deterministic: the same commands on the
// same seed print the same microseconds, in both time modes.
//
// How time flows (see uptime()): each process accrues the modelled time of what it does (system calls,
// page faults, copies, disk reads). While it runs without waiting, its clock readings advance by exactly
// that; once it has waited (sleep, terminal input, a pipe, a child), its next reading catches up with the
// machine's clock. In 'virtual' time the machine's clock itself also advances by every charge, so later
// commands, file times and `time`'s real see the work; in 'real' time the machine's clock is the host's.
//
// Deliberately simple (README "Cost model"): one CPU, no CPU caches or TLBs beyond the one copy-rate rule,
// no contention between processes, and the instructions of a C program's own code cost nothing.
import type { Clock } from './clock.ts';
import type { Process } from './process.ts';
import type { Lookup } from './pagecache.ts';

export const PAGE_BYTES = 4096;

/**
 * The cost table, in nanoseconds. Ground truth measured on the machine this project is developed on (AMD EPYC
 * VM, Linux 6.x, glibc 2.36, virtio disk; the copy lab built with real gcc: see README "Cost model") and
 * typical figures for a current x86-64 laptop with an NVMe SSD; the table favours round typical values.
 */
export const COST = {
  /** syscall entry and exit with Spectre/Meltdown mitigations (getppid loop: ~100-300 ns on bare metal, 550 here). */
  syscallNs: 200,
  /** clock_gettime/time through the vDSO, no kernel entry (measured: 74-93 ns here, ~20-40 ns bare metal). */
  vdsoNs: 30,
  /** mmap/munmap beyond the system call: VMA allocation, merging, page-table teardown and TLB flush. */
  mmapNs: 1000,
  /** A page fault whose page is already in memory (trap, page-table walk, PTE install); file read faults measured ~250-300 ns/page here with fault-around. */
  faultNs: 500,
  /** A fresh page: allocate and zero 4 KiB (anonymous first touch, a hole in a file, copy-on-write). */
  pageAllocNs: 400,
  /** First write to a file page: mark it dirty, reserve its disk block (ext4 write_begin / page_mkwrite). */
  dirtyNs: 200,
  /**
   * Copying memory, per byte, while source and destination fit in the last-level cache (memcpy of 1-4 MiB:
   * 0.035-0.06 ns/B measured here) and once they do not and every byte goes to DRAM (32-64 MiB: 0.13-0.26).
   */
  copyCachedNsPerByte: 0.05,
  copyDramNsPerByte: 0.25,
  /** The last-level cache the copy rule compares a data set with (this machine's L3: 32 MiB). */
  llcBytes: 32 << 20,
  /** Reading 4 KiB from an SSD when streaming (sequential, ~2 GB/s NVMe). */
  diskPageNs: 2000,
  /** A disk request's latency: paid in full by a read that does not continue a stream (NVMe ~20-100 µs). */
  diskLatencyNs: 50000,
  /** Linux's default readahead window (read_ahead_kb = 128): a major fault in a stream waits 1/32 of a latency per page. */
  readaheadPages: 32,
  /** Writing back 4 KiB (sync). */
  diskWritePageNs: 2000,
  /** /dev/urandom, per byte: the kernel's ChaCha20 generator (~330 MB/s on one core; 25-30 MB/s measured in this loaded VM). */
  urandomNsPerByte: 3,
} as const;

/**
 * Per-byte cost of a copy whose data set is `workingSetBytes`: from the cache while it fits in the LLC, from
 * DRAM beyond. A memcpy's data set is its source plus its destination (twice its length); a read() or write()
 * works on the regular files the process has open (the lab's in.dat and out.dat), the user buffer being small.
 * This one rule is why the extra copy of read/write hardly matters for small files and dominates large ones.
 */
export function copyNsPerByte(workingSetBytes: number): number {
  return workingSetBytes > COST.llcBytes ? COST.copyDramNsPerByte : COST.copyCachedNsPerByte;
}

/** A page fault as the model prices it: what the page-cache lookup found, and the kind of access. */
export interface FaultInfo {
  /** 'anon' for anonymous memory; otherwise the page cache's answer for the file page. */
  found: Lookup | 'anon';
  write: boolean;
  /** A MAP_SHARED file mapping (a write dirties the file's page) rather than a private one (a write copies it). */
  shared: boolean;
  /** The fault continues a sequential stream through the file (readahead has the next pages in flight). */
  sequential: boolean;
}

/** The price of one fault in ns (exported for tests and the README's worked example). */
export function faultNs(f: FaultInfo): number {
  let ns = COST.faultNs;
  if (f.found === 'anon' || f.found === 'hole') ns += COST.pageAllocNs;
  if (f.found === 'disk') ns += COST.diskPageNs + (f.sequential ? COST.diskLatencyNs / COST.readaheadPages : COST.diskLatencyNs);
  if (f.write && f.found !== 'anon') ns += f.shared ? COST.dirtyNs : COST.pageAllocNs + PAGE_BYTES * COST.copyCachedNsPerByte;
  return ns;
}

export type CostKind = 'user' | 'sys';

export class CostModel {
  private readonly clock: Clock;
  constructor(clock: Clock) { this.clock = clock; }

  /** Accrues `ns` of modelled time to `proc` (user or system time) and, in virtual time, to the machine's clock. */
  charge(proc: Process, ns: number, kind: CostKind = 'sys') {
    if (!(ns > 0)) return;
    const ms = ns / 1e6;
    proc.ranNs += ns;
    if (kind === 'user') proc.utimeMs += ms; else proc.stimeMs += ms;
    this.clock.charge(ms);
  }

  /**
   * CLOCK_MONOTONIC as `proc` reads it (ms since boot): its last synchronised reading plus what it ran since,
   * or, after it waited, the machine's clock (never going backwards). Readings are whole nanoseconds counted
   * from a whole-nanosecond base, so the difference of two readings does not depend on the base (in real
   * time the host's clock): the same work always measures the same.
   */
  uptime(proc: Process): number {
    if (proc.clockSyncNs === undefined || proc.waited) {
      const own = proc.clockSyncNs === undefined ? 0 : proc.clockSyncNs + Math.round(proc.ranNs);
      proc.clockSyncNs = Math.max(Math.round(this.clock.uptime() * 1e6), own);
      proc.ranNs = 0;
      proc.waited = false;
      return proc.clockSyncNs / 1e6;
    }
    return (proc.clockSyncNs + Math.round(proc.ranNs)) / 1e6;
  }

  /** CLOCK_REALTIME as `proc` reads it (ms since the epoch). */
  now(proc: Process): number { return this.clock.bootEpochMs + this.uptime(proc); }

  syscall(proc: Process) { this.charge(proc, COST.syscallNs); }
  vdso(proc: Process) { this.charge(proc, COST.vdsoNs, 'user'); }
  mmap(proc: Process) { this.charge(proc, COST.mmapNs); }

  /** A memcpy/memmove/memset of `bytes` in user space (its data set: source and destination). */
  memcpy(proc: Process, bytes: number) { this.charge(proc, bytes * copyNsPerByte(2 * bytes), 'user'); }

  /** copy_to_user/copy_from_user of `bytes` for a device, pipe or terminal (a small, cache-resident data set). */
  copy(proc: Process, bytes: number) { this.charge(proc, bytes * COST.copyCachedNsPerByte); }

  /** Bytes generated by /dev/urandom (dd if=/dev/urandom, head -c N /dev/urandom). */
  random(proc: Process, bytes: number) { this.charge(proc, bytes * COST.urandomNsPerByte); }

  fault(proc: Process, f: FaultInfo) { this.charge(proc, faultNs(f)); }

  /** read(2) of a regular file: the copy out of the page cache, and the disk for the pages that were missing. */
  fileRead(proc: Process, bytes: number, workingSet: number, diskPages: number, sequential: boolean) {
    let ns = bytes * copyNsPerByte(workingSet);
    if (diskPages) ns += diskPages * COST.diskPageNs + (sequential ? 0 : COST.diskLatencyNs);
    this.charge(proc, ns);
  }

  /** write(2) to a regular file: the copy into the page cache; pages new to the cache are allocated and dirtied. */
  fileWrite(proc: Process, bytes: number, workingSet: number, freshPages: number) {
    this.charge(proc, bytes * copyNsPerByte(workingSet) + freshPages * (COST.pageAllocNs + COST.dirtyNs));
  }

  /** sync(2) waits for the dirty pages to reach the disk. */
  sync(proc: Process, pages: number) { this.charge(proc, pages * COST.diskWritePageNs); }
}
