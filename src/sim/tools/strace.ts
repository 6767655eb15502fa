// strace(1), 6.1 on debian-12 (4.21 on ubuntu-18.04: the same line format for what the simulator shows).
// `strace [opts] CMD ARGS...` runs CMD traced from its execve; `-p PID` attaches to a running process. The
// lines come from the kernel's tracer interface (kernel/trace.ts): every system call the loader, the C library
// model and the system's programs make, as strace prints them. strace's layout rules are kept exactly:
// `name(args)` padded so that ` = ` starts at column 40 (one space when the line is longer), a call that blocks
// printed in two parts (`read(0, ` at entry, the rest at exit, strace counting its own column across whatever
// the terminal showed in between), other processes' lines cutting in as ` <unfinished ...>` / `<... read
// resumed>`, `[pid  N] ` prefixes once more than one process is traced, strings quoted as strace quotes them
// (C escapes, octal for the rest) and cut at -s N as `"..."...`. Output goes to strace's stderr (or -o FILE)
// with Sys.writeNow, so it interleaves with the program's own output exactly as on a terminal.
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import { Interrupted } from '../kernel/process.ts';
import { O_CREAT, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import type { TraceArg, Tracer } from '../kernel/trace.ts';
import { SIG, WCOREDUMP, WEXITSTATUS, WIFSIGNALED, WTERMSIG, signalName, signalNumber } from '../kernel/signals.ts';
import { UsageError, findInPath, getopt, type OptionTable } from './lib.ts';
import { quoteBytes, traceArgText } from './strace-format.ts';

export { quoteBytes };

/** strace's options (the ones the simulator implements; the rest are refused as unknown). */
const OPTIONS: OptionTable = {
  flags: 'fFcCqwhVkyirtTvxZ',
  withArg: 'eopsSaIEuOPX',
  stopAtOperand: true,
  long: {
    'follow-forks': { key: 'f' }, summary: { key: 'C' }, 'summary-only': { key: 'c' }, quiet: { key: 'q', arg: 'optional' },
    'summary-wall-clock': { key: 'w' }, help: { key: 'h' }, version: { key: 'V' }, output: { key: 'o', arg: true },
    attach: { key: 'p', arg: true }, 'string-limit': { key: 's', arg: true }, 'summary-sort-by': { key: 'S', arg: true },
    columns: { key: 'a', arg: true }, trace: { key: 'trace', arg: true }, signal: { key: 'signal', arg: true },
    expr: { key: 'e', arg: true },
  },
};

// System calls (x86-64 numbers: `strace -c` orders equal times by number) and their classes (strace's
// syscallent flags: D desc, F file, M memory, P process, S signal, N network).
const SYSCALLS: Record<string, [number, string]> = {
  read: [0, 'D'], write: [1, 'D'], open: [2, 'DF'], close: [3, 'D'], stat: [4, 'F'], fstat: [5, 'D'], lstat: [6, 'F'],
  poll: [7, 'D'], lseek: [8, 'D'], mmap: [9, 'DM'], mprotect: [10, 'M'], munmap: [11, 'M'], brk: [12, 'M'],
  rt_sigaction: [13, 'S'], rt_sigprocmask: [14, 'S'], rt_sigreturn: [15, 'S'], ioctl: [16, 'D'], pread64: [17, 'D'],
  pwrite64: [18, 'D'], readv: [19, 'D'], writev: [20, 'D'], access: [21, 'F'], pipe: [22, 'D'], select: [23, 'D'],
  sched_yield: [24, ''], mremap: [25, 'M'], msync: [26, 'M'], mincore: [27, 'M'], madvise: [28, 'M'],
  dup: [32, 'D'], dup2: [33, 'D'], pause: [34, 'S'], nanosleep: [35, ''], getitimer: [36, ''], alarm: [37, ''],
  setitimer: [38, ''], getpid: [39, ''], sendfile: [40, 'DN'], socket: [41, 'DN'], connect: [42, 'DN'],
  accept: [43, 'DN'], sendto: [44, 'DN'], recvfrom: [45, 'DN'], sendmsg: [46, 'DN'], recvmsg: [47, 'DN'],
  shutdown: [48, 'DN'], bind: [49, 'DN'], listen: [50, 'DN'], getsockname: [51, 'DN'], getpeername: [52, 'DN'],
  socketpair: [53, 'DN'], setsockopt: [54, 'DN'], getsockopt: [55, 'DN'], clone: [56, 'P'], fork: [57, 'P'],
  vfork: [58, 'P'], execve: [59, 'FP'], exit: [60, 'P'], wait4: [61, 'P'], kill: [62, 'SP'], uname: [63, ''],
  fcntl: [72, 'D'], flock: [73, 'D'], fsync: [74, 'D'], fdatasync: [75, 'D'], truncate: [76, 'F'],
  ftruncate: [77, 'D'], getdents: [78, 'D'], getcwd: [79, 'F'], chdir: [80, 'F'], fchdir: [81, 'D'],
  rename: [82, 'F'], mkdir: [83, 'F'], rmdir: [84, 'F'], creat: [85, 'DF'], link: [86, 'F'], unlink: [87, 'F'],
  symlink: [88, 'F'], readlink: [89, 'F'], chmod: [90, 'F'], fchmod: [91, 'D'], chown: [92, 'F'], fchown: [93, 'D'],
  lchown: [94, 'F'], umask: [95, ''], gettimeofday: [96, ''], getrlimit: [97, ''], getrusage: [98, ''],
  sysinfo: [99, ''], times: [100, ''], ptrace: [101, ''], getuid: [102, ''], getgid: [104, ''], setuid: [105, ''],
  setgid: [106, ''], geteuid: [107, ''], getegid: [108, ''], setpgid: [109, ''], getppid: [110, ''],
  getpgrp: [111, ''], setsid: [112, ''], getgroups: [115, ''], rt_sigpending: [127, 'S'],
  rt_sigtimedwait: [128, 'S'], rt_sigqueueinfo: [129, 'S'], rt_sigsuspend: [130, 'S'], sigaltstack: [131, 'S'],
  statfs: [137, 'F'], fstatfs: [138, 'D'], personality: [135, ''], prctl: [157, ''], arch_prctl: [158, ''],
  setrlimit: [160, ''], chroot: [161, 'F'], sync: [162, ''], gettid: [186, ''], tkill: [200, 'SP'],
  time: [201, ''], futex: [202, ''], getdents64: [217, 'D'], set_tid_address: [218, ''],
  restart_syscall: [219, ''], fadvise64: [221, 'D'], clock_gettime: [228, ''], clock_getres: [229, ''],
  clock_nanosleep: [230, ''], exit_group: [231, 'P'], epoll_wait: [232, 'D'], epoll_ctl: [233, 'D'],
  tgkill: [234, 'SP'], utimes: [235, 'F'], waitid: [247, 'P'], openat: [257, 'DF'], mkdirat: [258, 'DF'],
  mknodat: [259, 'DF'], fchownat: [260, 'DF'], newfstatat: [262, 'DF'], unlinkat: [263, 'DF'],
  renameat: [264, 'DF'], linkat: [265, 'DF'], symlinkat: [266, 'DF'], readlinkat: [267, 'DF'],
  fchmodat: [268, 'DF'], faccessat: [269, 'DF'], pselect6: [270, 'D'], ppoll: [271, 'D'],
  set_robust_list: [273, ''], get_robust_list: [274, ''], utimensat: [280, 'DF'], epoll_pwait: [281, 'D'],
  accept4: [288, 'DN'], eventfd2: [290, 'D'], epoll_create1: [291, 'D'], dup3: [292, 'D'], pipe2: [293, 'D'],
  prlimit64: [302, ''], getrandom: [318, ''], memfd_create: [319, 'D'], execveat: [322, 'DFP'],
  mlock2: [325, 'M'], statx: [332, 'DF'], rseq: [334, ''], pkey_mprotect: [329, 'M'], clone3: [435, 'P'],
  close_range: [436, ''], faccessat2: [439, 'DF'], mlock: [149, 'M'], munlock: [150, 'M'], mlockall: [151, 'M'],
  munlockall: [152, 'M'], remap_file_pages: [216, 'M'], mbind: [237, 'M'], set_mempolicy: [238, 'M'],
  get_mempolicy: [239, 'M'], shmat: [30, 'M'], shmdt: [67, 'M'],
};
const CLASSES: Record<string, string> = { '%desc': 'D', '%file': 'F', '%memory': 'M', '%process': 'P', '%signal': 'S', '%network': 'N', '%net': 'N' };
const STAT_CALLS = ['stat', 'fstat', 'lstat', 'newfstatat', 'statx'];

/** Calls whose last arguments strace prints at exit (the buffer read, the status waited for), by arity: when a
 *  call is entered with fewer arguments, strace has printed the known ones and the separator, `read(0, `. */
const ARITY: Record<string, number> = { read: 3, pread64: 4, readv: 3, preadv: 4, recvfrom: 6, recvmsg: 3, wait4: 4, waitid: 5,
  nanosleep: 2, clock_nanosleep: 4, poll: 3, ppoll: 5, select: 5, pselect6: 6, epoll_wait: 4, epoll_pwait: 5, accept: 3,
  accept4: 4, rt_sigtimedwait: 4, getdents64: 3, getrandom: 3, readlink: 3, readlinkat: 4, getcwd: 2, pipe2: 2,
  write: 3, writev: 3, pwrite64: 4, sendto: 6, sendmsg: 3, connect: 3, pause: 0, rt_sigsuspend: 2 };
const splitAtEntry = (name: string, n: number) => n > 0 && n < (ARITY[name] ?? n);
/** The selection of -e trace= (a set of names; undefined: all). Throws UsageError on unknown names. */
function parseTraceSet(spec: string, current: Set<string> | undefined): Set<string> | undefined {
  let neg = false;
  let s = spec;
  while (s.startsWith('!')) { neg = !neg; s = s.slice(1); }
  const names = new Set<string>();
  let all = false;
  for (const item of s.split(',')) {
    if (item === 'all') { all = true; continue; }
    if (item === 'none') continue;
    const cls = CLASSES[item] ?? (item.startsWith('%') ? undefined : CLASSES['%' + item.replace(/^%/, '')]);
    if (item === '%stat' || item === '%fstat' || item === '%lstat') {
      for (const n of STAT_CALLS) names.add(n);
      continue;
    }
    if (item.startsWith('%') || (cls && item in CLASSES)) {
      if (!cls) throw new UsageError(`strace: invalid system call '${item}'`);
      for (const [n, [, c]] of Object.entries(SYSCALLS)) if (c.includes(cls)) names.add(n);
      continue;
    }
    if (item.startsWith('/')) {
      let re: RegExp;
      try { re = new RegExp(item.slice(1)); } catch { throw new UsageError(`strace: invalid system call '${item}'`); }
      for (const n of Object.keys(SYSCALLS)) if (re.test(n)) names.add(n);
      continue;
    }
    if (!(item in SYSCALLS)) throw new UsageError(`strace: invalid system call '${item}'`);
    names.add(item);
  }
  void current;
  if (all) return neg ? new Set() : undefined;
  if (!neg) return names;
  return new Set(Object.keys(SYSCALLS).filter((n) => !names.has(n)));
}

/** -e signal=SET: signal numbers shown (undefined: all). */
function parseSignalSet(spec: string): Set<number> | undefined {
  let neg = false;
  let s = spec;
  while (s.startsWith('!')) { neg = !neg; s = s.slice(1); }
  const set = new Set<number>();
  let all = false;
  for (const item of s.split(',')) {
    if (item === 'all') { all = true; continue; }
    if (item === 'none') continue;
    const n = signalNumber(item);
    if (n === undefined) throw new UsageError(`strace: invalid signal '${item}'`);
    set.add(n);
  }
  if (all) return neg ? new Set() : undefined;
  if (!neg) return set;
  const out = new Set<number>();
  for (let i = 1; i < 65; i++) if (!set.has(i)) out.add(i);
  return out;
}

interface Count { calls: number; errors: number; ms: number; }

/** One strace run: the tracer the kernel calls, and the output it writes. */
class Strace implements Tracer {
  readonly follow: boolean;
  private readonly sys: Sys;
  private readonly fd: number;
  private readonly limit: number;
  private readonly column: number;
  private readonly trace: Set<string> | undefined;
  private readonly signals: Set<number> | undefined;
  private readonly count: boolean;
  private readonly countAndTrace: boolean;
  private readonly quiet: number;
  private readonly wall: boolean;
  /** Traced processes still alive (the [pid N] prefixes appear while there are several). */
  readonly live = new Set<number>();
  /** The line left open by a call that has not returned: its process and call. */
  private open: { pid: number; name: string; split: boolean; n: number } | undefined;
  /** Calls entered and not yet exited, by pid (entry time for -c -w, whether shown). */
  private readonly pending = new Map<number, { name: string; at: number; shown: boolean }>();
  private col = 0;
  readonly counts = new Map<string, Count>();
  /** Called when the last traced process has ended. */
  onEmpty: (() => void) | undefined;

  constructor(sys: Sys, fd: number, o: {
    follow: boolean; limit: number; column: number; trace: Set<string> | undefined; signals: Set<number> | undefined;
    count: boolean; countAndTrace: boolean; quiet: number; wall: boolean;
  }) {
    this.sys = sys; this.fd = fd; this.follow = o.follow; this.limit = o.limit; this.column = o.column;
    this.trace = o.trace; this.signals = o.signals; this.count = o.count; this.countAndTrace = o.countAndTrace;
    this.quiet = o.quiet; this.wall = o.wall;
  }

  private get printing() { return !this.count || this.countAndTrace; }

  write(s: string) {
    if (!s) return;
    const nl = s.lastIndexOf('\n');
    this.col = nl >= 0 ? s.length - nl - 1 : this.col + s.length;
    this.sys.writeNow(this.fd, s);
  }

  private prefix(pid: number) { return this.live.size > 1 ? `[pid ${String(pid).padStart(5)}] ` : ''; }

  /** Ends a line left open by another process's call (` <unfinished ...>`). */
  private interruptOpen() {
    if (!this.open) return;
    this.write(' <unfinished ...>\n');
    this.open = undefined;
  }

  private arg(name: string, a: TraceArg, i: number): string {
    return traceArgText(name, a, i, this.limit);
  }

  private shown(name: string) { return !this.trace || this.trace.has(name); }

  /** strace's tabto() then ` = RET`. */
  private finish(ret: string) {
    const pad = this.col < this.column - 1 ? ' '.repeat(this.column - 1 - this.col) : '';
    this.write(`${pad} = ${ret}\n`);
  }

  enter(pid: number, name: string, args: TraceArg[]) {
    const shown = this.shown(name);
    this.pending.set(pid, { name, at: this.sys.uptime(), shown });
    if (!shown || !this.printing) return;
    this.interruptOpen();
    const text = args.map((a, i) => this.arg(name, a, i)).join(', ');
    const split = splitAtEntry(name, args.length);
    this.write(`${this.prefix(pid)}${name}(${text}${split ? ', ' : ''}`);
    this.open = { pid, name, split, n: args.length };
  }

  exit(pid: number, name: string, rest: TraceArg[], ret: string) {
    const p = this.pending.get(pid);
    this.pending.delete(pid);
    const shown = p ? p.shown : this.shown(name);
    if (shown && ret !== '?') { // a call that never returns (exit_group) is not counted, as strace counts at exit
      const c = this.counts.get(name) ?? { calls: 0, errors: 0, ms: 0 };
      c.calls++;
      if (ret.startsWith('-1 ')) c.errors++;
      if (this.wall && p) c.ms += this.sys.uptime() - p.at;
      this.counts.set(name, c);
    }
    if (!shown || !this.printing) return;
    const entered = p ? (this.open?.pid === pid ? 'open' : 'cut') : 'unseen';
    const first = this.open?.pid === pid ? this.open.n : 1;
    const restText = rest.map((a, i) => this.arg(name, a, first + i)).join(', ');
    if (entered === 'open') {
      const sep = rest.length && !this.open!.split && this.open!.n ? ', ' : '';
      this.write(`${sep}${restText})`);
    } else {
      this.interruptOpen();
      // A call entered before strace attached resumes as the kernel restarts it.
      if (entered === 'unseen') this.write(`${this.prefix(pid)}restart_syscall(<... resuming interrupted ${name} ...>)`);
      else this.write(`${this.prefix(pid)}<... ${name} resumed>${restText})`);
    }
    this.open = undefined;
    this.finish(ret);
  }

  signal(pid: number, sig: number, info: string) {
    if (this.signals && !this.signals.has(sig)) return;
    if (!this.printing) return;
    this.interruptOpen();
    this.write(`${this.prefix(pid)}--- ${signalName(sig) ?? sig} ${info} ---\n`);
  }

  attached(_parent: number, child: number) {
    this.live.add(child);
    if (this.quiet < 1) {
      const cut = !!this.open;
      this.write(`strace: Process ${child} attached\n`);
      if (cut) this.col = 0;
    }
  }

  exited(pid: number, status: number) {
    if (this.printing) {
      if (this.pending.get(pid)?.shown && this.open?.pid === pid) {
        // Killed inside a call: strace closes the line it left open.
        this.write(' <unfinished ...>)');
        this.open = undefined;
        this.finish('?');
      }
      if (this.quiet < 2) {
        const what = WIFSIGNALED(status)
          ? `killed by ${signalName(WTERMSIG(status)) ?? WTERMSIG(status)}${WCOREDUMP(status) ? ' (core dumped)' : ''}`
          : `exited with ${WEXITSTATUS(status)}`;
        this.interruptOpen();
        this.write(`${this.prefix(pid)}+++ ${what} +++\n`);
      }
    }
    this.pending.delete(pid);
    this.live.delete(pid);
    if (!this.live.size) this.onEmpty?.();
  }

  /** strace detaching (Ctrl-C, or the end of -p): the message, and ` <detached ...>` under a cut call. */
  detach(pid: number) {
    this.sys.detachTracer(pid);
    const cut = this.open?.pid === pid;
    if (this.quiet < 1 || cut) this.write(`strace: Process ${pid} detached\n`);
    if (cut) { this.write(' <detached ...>\n'); this.open = undefined; }
    this.pending.delete(pid);
    this.live.delete(pid);
  }

  /** The -c table (count.c's call_summary_pers): time descending, then system call number. */
  summary(sortBy: string): string {
    const rows = [...this.counts.entries()];
    const num = (n: string) => SYSCALLS[n]?.[0] ?? 1000;
    const byNum = (a: [string, Count], b: [string, Count]) => num(a[0]) - num(b[0]) || (a[0] < b[0] ? -1 : 1);
    const cmp: Record<string, (a: [string, Count], b: [string, Count]) => number> = {
      time: (a, b) => b[1].ms - a[1].ms || byNum(a, b),
      calls: (a, b) => b[1].calls - a[1].calls || byNum(a, b),
      errors: (a, b) => b[1].errors - a[1].errors || byNum(a, b),
      name: (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
      nothing: byNum,
    };
    rows.sort(cmp[sortBy] ?? cmp.time!);
    const total = rows.reduce((t, [, c]) => t + c.ms, 0);
    const dash = '------ ----------- ----------- --------- --------- ----------------\n';
    let out = '% time     seconds  usecs/call     calls    errors syscall\n' + dash;
    const line = (pct: number, ms: number, calls: number, errors: number, name: string) =>
      `${pct.toFixed(2).padStart(6)} ${(ms / 1000).toFixed(6).padStart(11)} ${String(calls ? Math.floor((ms * 1000) / calls) : 0).padStart(11)} `
      + `${String(calls).padStart(9)} ${(errors ? String(errors) : '').padStart(9)} ${name}\n`;
    let calls = 0, errors = 0;
    for (const [name, c] of rows) {
      out += line(total ? (100 * c.ms) / total : 0, c.ms, c.calls, c.errors, name);
      calls += c.calls; errors += c.errors;
    }
    return out + dash + line(100, total, calls, errors, 'total');
  }
}

const VERSION: Record<string, string> = {
  'debian-12': `strace -- version 6.1
Copyright (c) 1991-2022 The strace developers <https://strace.io>.
This is free software; see the source for copying conditions.  There is NO
warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.

Optional features enabled: stack-trace=libunwind stack-demangle m32-mpers mx32-mpers
`,
  'ubuntu-18.04': `strace -- version 4.21
Copyright (c) 1991-2018 The strace developers <https://strace.io>.
This is free software; see the source for copying conditions.  There is NO
warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.

Optional features enabled: stack-unwind stack-demangle m32-mpers mx32-mpers
`,
};

const HELP = `Usage: strace [-ACdffhiqqrtttTvVwxxyyzZ] [-I N] [-b execve] [-e EXPR]...
              [-a COLUMN] [-o FILE] [-s STRSIZE] [-X FORMAT] [-O OVERHEAD]
              [-S SORTBY] [-P PATH]... [-p PID]... [-U COLUMNS] [--seccomp-bpf]
              [--secontext[=FORMAT]]
              { -p PID | [-DDD] [-E VAR=VAL]... [-u USERNAME] PROG [ARGS] }
   or: strace -c[dfwzZ] [-I N] [-b execve] [-e EXPR]... [-O OVERHEAD]
              [-S SORTBY] [-P PATH]... [-p PID]... [-U COLUMNS] [--seccomp-bpf]
              { -p PID | [-DDD] [-E VAR=VAL]... [-u USERNAME] PROG [ARGS] }
`;

export default async function strace(sys: Sys): Promise<number> {
  const say = (s: string) => sys.writeNow(2, s);
  let o;
  try {
    o = getopt('strace', sys.argv.slice(1), OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`${e.message}\nTry 'strace -h' for more information.\n`);
    return 1;
  }
  if (o.has('h')) { await sys.out(HELP); return 0; }
  if (o.has('V')) { await sys.out(VERSION[sys.profile] ?? VERSION['debian-12']!); return 0; }
  const fail = (msg: string) => { say(`strace: ${msg}\n`); return 1; };

  let trace: Set<string> | undefined;
  let signals: Set<number> | undefined;
  let quiet = 0;
  const pids: number[] = [];
  try {
    for (const [k, v] of o.list) {
      if (k === 'q') quiet++;
      else if (k === 'p' && typeof v === 'string') {
        for (const p of v.split(/[\s,]+/).filter(Boolean)) {
          if (!/^\d+$/.test(p) || Number(p) <= 0) throw new UsageError(`strace: Invalid process id: '${p}'`);
          if (Number(p) === sys.pid) throw new UsageError(`strace: I'm sorry, I can't let you do that, Dave.`);
          pids.push(Number(p));
        }
      } else if ((k === 'e' || k === 'trace' || k === 'signal') && typeof v === 'string') {
        const m = k === 'e' ? /^(?:(trace|t|signal|signals|s|abbrev|a|verbose|v|raw|x|read|r|write|w|quiet|silent|silence|q)=)?(.*)$/s.exec(v)! : [v, k, v];
        const what = m[1] ?? 'trace';
        if (what === 'trace' || what === 't') trace = parseTraceSet(m[2]!, trace);
        else if (what === 'signal' || what === 'signals' || what === 's') signals = parseSignalSet(m[2]!);
        else if (what === 'quiet' || what === 'silent' || what === 'silence' || what === 'q') quiet = 2;
        // abbrev, verbose, raw, read, write: accepted, no effect on what the simulator shows.
      }
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return fail(e.message.replace(/^strace: /, ''));
  }
  const limitText = o.get('s');
  if (limitText !== undefined && !/^\d+$/.test(limitText)) return fail(`Invalid -s argument: '${limitText}'`);
  const colText = o.get('a');
  if (colText !== undefined && !/^\d+$/.test(colText)) return fail(`Invalid -a argument: '${colText}'`);
  const sortBy = o.get('S') ?? 'time';
  const sortKey = ({ time: 'time', 'time-percent': 'time', 'time-total': 'time', 'total-time': 'time', calls: 'calls', count: 'calls',
    errors: 'errors', error: 'errors', name: 'name', syscall: 'name', 'syscall-name': 'name', nothing: 'nothing', none: 'nothing' } as Record<string, string>)[sortBy];
  if (!sortKey) return fail(`invalid sortby: '${sortBy}'`);
  if (!o.operands.length && !pids.length) {
    say(`strace: must have PROG [ARGS] or -p PID\nTry 'strace -h' for more information.\n`);
    return 1;
  }

  // Resolve the program before anything is traced (strace stats it first, then forks).
  let path: string | undefined;
  if (o.operands.length) {
    const name = o.operands[0]!;
    path = findInPath(sys, name);
    if (!path || !sys.exists(path)) return fail(`Can't stat '${name}': No such file or directory`);
  }

  let out = 2;
  const file = o.get('o');
  if (file !== undefined) {
    try { out = sys.open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o666); sys.setCloexec(out); } catch (e) {
      if (e instanceof SysError) return fail(`Can't fopen '${file}': ${strerror(e.code)}`);
      throw e;
    }
  }
  const count = o.has('c');
  const tracer = new Strace(sys, out, {
    follow: o.has('f') || o.has('F'), limit: limitText !== undefined ? Number(limitText) : 32,
    column: colText !== undefined ? Number(colText) : 40, trace, signals, count, countAndTrace: o.has('C'), quiet, wall: o.has('w'),
  });

  // strace waits for its tracees on a pipe the tracer writes to when the last one ends (-p tracees are not its
  // children), and turns SIGINT/SIGTERM/SIGHUP/SIGQUIT into a detach, as its interrupt handler does.
  const [wakeR, wakeW] = sys.pipe();
  sys.setCloexec(wakeR); sys.setCloexec(wakeW);
  let finished = false;
  tracer.onEmpty = () => { finished = true; sys.writeNow(wakeW, 'x'); };
  let interrupted = 0;
  const onSignal = (sig: number) => {
    if (interrupted) return;
    interrupted = sig;
    for (const pid of [...tracer.live]) tracer.detach(pid);
    finished = true;
  };
  for (const sig of [SIG.SIGINT, SIG.SIGTERM, SIG.SIGHUP, SIG.SIGQUIT]) sys.sigaction(sig, onSignal);

  let child: number | undefined;
  if (path) {
    try {
      child = await sys.spawn(path, { argv: o.operands, env: sys.environ, tracer });
    } catch (e) {
      if (e instanceof SysError) return fail(`exec: ${strerror(e.code)}`);
      throw e;
    }
    tracer.live.add(child);
  }
  for (const pid of pids) {
    try {
      sys.attachTracer(pid, tracer);
      tracer.live.add(pid);
      if (quiet < 1) tracer.write(`strace: Process ${pid} attached\n`);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      tracer.write(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): ${strerror(e.code)}\n`);
    }
  }
  if (!tracer.live.size && !finished) { if (child === undefined) return 1; }

  while (!finished && tracer.live.size) {
    try { await sys.read(wakeR, 1); } catch (e) { if (!(e instanceof Interrupted)) throw e; }
  }
  let status = 0;
  if (child !== undefined) {
    for (;;) {
      try { const w = await sys.waitpid(child, !!interrupted); if (w) status = w.status; break; } catch (e) {
        if (e instanceof Interrupted) continue;
        if (e instanceof SysError) break;
        throw e;
      }
    }
  }
  if (count) tracer.write(tracer.summary(sortKey));
  if (out !== 2) sys.close(out);
  // strace ends as its program did: the same exit code, or killed by the same signal (or the one that stopped it).
  const sig = interrupted || (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  if (sig) {
    sys.sigaction(sig, 'default');
    sys.kill(sys.pid, sig);
    await sys.yield();
  }
  return WEXITSTATUS(status);
}
