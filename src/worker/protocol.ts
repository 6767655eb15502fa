// What travels between the page and the machine worker. Calls go through Comlink (`MachineWorkerApi`);
// the event stream does not: the worker batches machine events and posts them as plain messages, so a burst of
// terminal output costs one message per tick instead of one awaited round trip per chunk.
import type { MachineEvent } from '../sim/machine.ts';
import type { MapChangedMessage } from '../sim/timeline/types.ts';

/**
 * The events the page gets: its terminals' output and state. The machine also streams every system call and
 * address-space change; those stay in the worker until a view needs them (cloning each one would cost more than
 * running it).
 */
export type TtyEvent = Extract<MachineEvent, { type: 'output' | 'tty-wait' | 'tty-exit' }>;

export function isTtyEvent(e: MachineEvent): e is TtyEvent {
  return e.type === 'output' || e.type === 'tty-wait' || e.type === 'tty-exit';
}

export interface OpenedTerminal {
  tty: number;
  /** The login shell's pid: a `tty-wait` from this pid means the shell is at its prompt. */
  shellPid: number;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  tty: number | undefined;
  comm: string;
  argv: string[];
  cwd?: string;
  /** /proc/PID/stat's state: R running, S sleeping, T stopped, Z zombie. */
  state: string;
}

/** Timings the worker measures on itself, in ms since the worker was created. */
export interface BootReport {
  /** The worker's module finished evaluating (fetch + parse + the labs). */
  scriptMs: number;
  /** The Machine exists: its filesystem is built and terminals can be opened. */
  readyMs: number;
}

/** Worker → page messages outside Comlink. Comlink ignores them: they carry no `id`. */
export type WorkerEventMessage = { kind: 'memsim:events'; events: TtyEvent[] };

export function isWorkerEventMessage(data: unknown): data is WorkerEventMessage {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'memsim:events';
}

/** One system call a page watch asked for (`watchSyscalls`), as strace would print its parts. */
export interface WatchedSyscall {
  pid: number;
  /** The process's name (`alloc_size`), as ps shows it. */
  comm: string;
  name: string;
  args: string[];
  ret: string;
}

/** Worker → page: the watched calls of one tick, each with the id `watchSyscalls` returned. */
export type SyscallMessage = { kind: 'memsim:syscalls'; calls: { watch: number; call: WatchedSyscall }[] };

export function isSyscallMessage(data: unknown): data is SyscallMessage {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'memsim:syscalls';
}

/** Worker → page: the watched process's map changed (`watchMap`); see MapChangedMessage in sim/timeline/types.ts. */
export type { MapChangedMessage };

export function isMapChangedMessage(data: unknown): data is MapChangedMessage {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === 'memsim:map';
}
