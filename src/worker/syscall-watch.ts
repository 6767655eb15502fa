// System calls the page asked to hear about (a quiz waiting to see whether malloc calls brk or mmap): the
// machine emits every call, the worker passes on only the watched names, as plain strings, once per tick.
// Kept apart from the terminals' `memsim:events` stream so a watch costs nothing when nobody watches.
import type { MachineEvent } from '../sim/machine.ts';
import type { TraceArg } from '../sim/kernel/trace.ts';
import type { SyscallMessage, WatchedSyscall } from './protocol.ts';

type Post = (message: SyscallMessage) => void;
/** One argument as strace prints it (strace-format.ts's traceArgText: the worker loads it with the first watch,
 * so that the formatter is not part of what every page downloads before a click). */
export type ArgFormat = (name: string, a: TraceArg, i: number) => string;

export class SyscallWatch {
  private readonly watches = new Map<number, Set<string>>();
  private format: ArgFormat = (_name, a) => (typeof a === 'string' ? a : '?');
  private nextId = 1;
  private pending: { watch: number; call: WatchedSyscall }[] = [];
  private scheduled = false;
  private readonly post: Post;
  /** The comm of a pid (the machine's process table): quizzes watch one program. */
  private readonly commOf: (pid: number) => string | undefined;

  constructor(post: Post, commOf: (pid: number) => string | undefined) {
    this.post = post;
    this.commOf = commOf;
  }

  add(names: string[], format?: ArgFormat): number {
    if (format) this.format = format;
    const id = this.nextId++;
    this.watches.set(id, new Set(names));
    return id;
  }

  remove(id: number) { this.watches.delete(id); }

  /** The machine's event listener: cheap for every call nobody watches. */
  onEvent(e: MachineEvent) {
    if (e.type !== 'syscall' || !this.watches.size) return;
    const r = e.record;
    let call: WatchedSyscall | undefined;
    for (const [id, names] of this.watches) {
      if (!names.has(r.name)) continue;
      call ??= { pid: r.pid, comm: this.commOf(r.pid) ?? '', name: r.name, args: r.args.map((a, i) => this.format(r.name, a, i)), ret: r.ret };
      this.pending.push({ watch: id, call });
    }
    if (call && !this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), 0);
    }
  }

  private flush() {
    this.scheduled = false;
    const calls = this.pending;
    this.pending = [];
    if (calls.length) this.post({ kind: 'memsim:syscalls', calls });
  }
}
