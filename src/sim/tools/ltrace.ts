// ltrace(1) 0.7.3: runs a program and shows its calls into the C library, as the C library model reports them
// (LibcHost.traceLibcall → Kernel.traceLibcall/traceLibcallEnter → Tracer.libcallEnter/libcallExit). Line
// layout as ltrace's output.c: `name(args` at entry, `) = ret` at exit after tabbing to the alignment column
// (COLUMNS or the terminal's width × 5/8, else 50: `%-48s = %s` on a pipe), ltrace counting only its own output,
// so what the program prints while in printf lands inside the line exactly as on Linux. A call cut by another
// line ends in ` <unfinished ...>` and comes back as `<... name resumed> ) = ret`. -S adds the system calls as
// `SYS_name(args) = ret` with ltrace's raw numeric arguments.
//
// Known gap: the system's programs (bash, sleep, cat...) are TypeScript in this simulator and make no library
// calls, so `ltrace sleep 1` shows only `+++ exited (status 0) +++` (with -S, their system calls). Only programs
// built by the simulated gcc, which run on the C library model, have library calls to show.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { Interrupted } from '../kernel/process.ts';
import { O_CREAT, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import type { TraceArg, Tracer } from '../kernel/trace.ts';
import { SIG, WEXITSTATUS, WIFSIGNALED, WTERMSIG, signalDescription, signalName } from '../kernel/signals.ts';
import { UsageError, findInPath, getopt, type OptionTable } from './lib.ts';

const OPTIONS: OptionTable = {
  flags: 'cCfhiLrStTVbd',
  withArg: 'aAeospnuDlwxF',
  stopAtOperand: true,
  long: {
    align: { key: 'a', arg: true }, demangle: { key: 'C' }, help: { key: 'h' }, output: { key: 'o', arg: true },
    version: { key: 'V' }, indent: { key: 'n', arg: true }, library: { key: 'l', arg: true },
  },
};

/** ltrace's string lens: printable ASCII as is, the usual C escapes, other bytes as 3-digit octal; cut at `max` with `...`. */
export function ltraceString(b: Uint8Array, max = 32, nulTerminated = true): string {
  let end = b.length;
  if (nulTerminated) { const z = b.indexOf(0); if (z >= 0) end = z; }
  const n = Math.min(end, max);
  let out = '"';
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    const esc: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f', 0x0b: '\\v', 0x07: '\\a' };
    if (esc[c]) out += esc[c];
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\' + c.toString(8).padStart(3, '0');
  }
  return out + '"' + (end > max ? '...' : '');
}

// -S: the system calls as ltrace 0.7.3 prints them without prototypes files: raw numbers (decimal when small,
// else hex), its own names for a few (pread64 → SYS_pread; the ones it does not know by number: SYS_318).
const SYS_NAME: Record<string, string> = { pread64: 'pread', getrandom: '318', rseq: '334' };
const SYS_ARITY: Record<string, number> = { brk: 1, close: 1, exit_group: 1, munmap: 2, mprotect: 3, read: 3, write: 3, access: 2,
  pread64: 4, openat: 4, newfstatat: 4, mmap: 4, set_tid_address: 4, set_robust_list: 4, prlimit64: 4, arch_prctl: 4 };
const NAMED: Record<string, number> = {
  NULL: 0, AT_FDCWD: 0xffffff9c, PROT_NONE: 0, PROT_READ: 1, PROT_WRITE: 2, PROT_EXEC: 4, MAP_SHARED: 1, MAP_PRIVATE: 2,
  MAP_FIXED: 0x10, MAP_ANONYMOUS: 0x20, MAP_DENYWRITE: 0x800, MAP_NORESERVE: 0x4000, MAP_STACK: 0x20000,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 0o100, O_EXCL: 0o200, O_NOCTTY: 0o400, O_TRUNC: 0o1000, O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000, O_DIRECTORY: 0o200000, O_CLOEXEC: 0o2000000, ARCH_SET_FS: 4098, RLIMIT_STACK: 3, GRND_NONBLOCK: 1,
  AT_EMPTY_PATH: 4096, CLOCK_REALTIME: 0, CLOCK_MONOTONIC: 1, FUTEX_WAKE_PRIVATE: 129, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
};
const ERRNO: Record<string, number> = { EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, EBADF: 9, ECHILD: 10, EAGAIN: 11,
  ENOMEM: 12, EACCES: 13, EFAULT: 14, EEXIST: 17, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENOTTY: 25, ESPIPE: 29, EPIPE: 32 };

function rawNumber(v: number): string { return v >= 0 && v < 10000 ? String(v) : '0x' + (v < 0 ? v >>> 0 : v).toString(16); }

/** Arguments ltrace shows as strings (it knows read, write and access take buffers or paths it can print). */
const STRING_ARGS: Record<string, number> = { read: 1, write: 1, access: 0 };

/** One strace-formatted argument as ltrace's raw value. */
function rawArg(a: TraceArg, limit: number, name: string, i: number): string {
  if (typeof a !== 'string') {
    if (STRING_ARGS[name] === i && 'bytes' in a) return ltraceString(a.bytes, limit, name !== 'write');
    return '0x7fffffffd900'; // a buffer or path ltrace has no prototype for: the pointer
  }
  if (name === 'access' && /^[RWXF]_OK$/.test(a)) return '0' + (NAMED[a] ?? 0).toString(8);
  if (/^-?\d+$/.test(a)) return rawNumber(Number(a));
  if (/^0x[0-9a-f]+$/i.test(a)) return rawNumber(parseInt(a, 16));
  if (/^[A-Z_|0-9]+$/.test(a) && a.split('|').every((p) => p in NAMED)) return rawNumber(a.split('|').reduce((t, p) => (t | NAMED[p]!) >>> 0, 0));
  return '0x7fffffffd900'; // a structure: ltrace shows the pointer
}

function rawRet(ret: string): string {
  const m = /^-1 ([A-Z0-9]+)/.exec(ret);
  if (m) return String(-(ERRNO[m[1]!] ?? 1));
  if (/^-?\d+$/.test(ret)) return rawNumber(Number(ret));
  if (/^0x[0-9a-f]+$/i.test(ret)) return ret;
  return ret;
}

interface Count { calls: number; ms: number; }

class Ltrace implements Tracer {
  readonly follow: boolean;
  private readonly sys: Sys;
  private readonly fd: number;
  private readonly align: number;
  private readonly limit: number;
  private readonly syscalls: boolean;
  private readonly filter: ((name: string) => boolean) | undefined;
  private readonly prefixName: string | undefined;
  private readonly count: boolean;
  private col = 0;
  private open: { pid: number; name: string } | undefined;
  private readonly entered = new Map<number, { name: string; at: number; shown: boolean }[]>();
  readonly counts = new Map<string, Count>();
  readonly live = new Set<number>();
  onEmpty: (() => void) | undefined;

  constructor(sys: Sys, fd: number, o: { follow: boolean; align: number; limit: number; syscalls: boolean;
    filter: ((name: string) => boolean) | undefined; prefixName: string | undefined; count: boolean; }) {
    this.sys = sys; this.fd = fd; this.follow = o.follow; this.align = o.align; this.limit = o.limit;
    this.syscalls = o.syscalls; this.filter = o.filter; this.prefixName = o.prefixName; this.count = o.count;
  }

  write(s: string) {
    if (!s) return;
    const nl = s.lastIndexOf('\n');
    this.col = nl >= 0 ? s.length - nl - 1 : this.col + s.length;
    this.sys.writeNow(this.fd, s);
  }

  private pfx(pid: number) { return this.live.size > 1 ? `[pid ${pid}] ` : ''; }

  private cut() {
    if (!this.open) return;
    this.write(' <unfinished ...>\n');
    this.open = undefined;
  }

  private begin(pid: number, name: string, text: string, shown: boolean) {
    const stack = this.entered.get(pid) ?? [];
    stack.push({ name, at: this.sys.uptime(), shown });
    this.entered.set(pid, stack);
    if (!shown || this.count) return;
    this.cut();
    this.write(`${this.pfx(pid)}${text}`);
    this.open = { pid, name };
  }

  private end(pid: number, name: string, ret: string, countName: string) {
    const e = this.entered.get(pid)?.pop();
    if (!e?.shown) return;
    const c = this.counts.get(countName) ?? { calls: 0, ms: 0 };
    c.calls++;
    c.ms += this.sys.uptime() - e.at;
    this.counts.set(countName, c);
    if (this.count) return;
    if (this.open?.pid === pid && this.open.name === name) this.write(')');
    else { this.cut(); this.write(`${this.pfx(pid)}<... ${name} resumed> )`); }
    this.open = undefined;
    const pad = this.col < this.align - 1 ? ' '.repeat(this.align - 1 - this.col) : '';
    this.write(`${pad}= ${ret}\n`);
  }

  libcallEnter(pid: number, name: string, args: TraceArg[]) {
    const shown = !this.filter || this.filter(name);
    const text = args.map((a) => (typeof a === 'string' ? a : 'bytes' in a ? ltraceString(a.bytes, this.limit) : '0x7fffffffd900')).join(', ');
    this.begin(pid, name, `${this.prefixName ? this.prefixName + '->' : ''}${name}(${text}`, shown);
  }
  libcallExit(pid: number, name: string, ret: string) { this.end(pid, name, ret, name); }

  enter(pid: number, name: string, args: TraceArg[]) {
    const sysName = `SYS_${SYS_NAME[name] ?? name}`;
    const n = SYS_ARITY[name] ?? 4;
    if (name === 'execve') return; // ltrace starts tracing once the program is loaded
    const raw = args.slice(0, n).map((a, i) => rawArg(a, this.limit, name, i));
    while (raw.length < n && n <= 4 && raw.length >= 3) raw.push('0'); // the registers ltrace reads anyway
    const text = raw.join(', ');
    this.begin(pid, sysName, `${sysName}(${text}`, this.syscalls);
  }
  exit(pid: number, name: string, _rest: TraceArg[], ret: string) {
    if (name === 'execve') return;
    const sysName = `SYS_${SYS_NAME[name] ?? name}`;
    if (ret === '?') {
      // exit_group never returns: ltrace says so and the exit line follows.
      const e = this.entered.get(pid)?.pop();
      if (e?.shown && !this.count) { if (this.open?.pid === pid) this.write(' <no return ...>\n'); this.open = undefined; }
      return;
    }
    this.end(pid, sysName, rawRet(ret), sysName);
  }

  signal(pid: number, sig: number) {
    if (this.count) return;
    this.cut();
    this.write(`${this.pfx(pid)}--- ${signalName(sig) ?? sig} (${signalDescription(sig)}) ---\n`);
  }

  attached(_parent: number, child: number) { this.live.add(child); }

  exited(pid: number, status: number) {
    if (!this.count) {
      this.cut();
      this.write(`${this.pfx(pid)}+++ ${WIFSIGNALED(status) ? `killed by ${signalName(WTERMSIG(status)) ?? WTERMSIG(status)}` : `exited (status ${WEXITSTATUS(status)})`} +++\n`);
    }
    this.live.delete(pid);
    if (!this.live.size) this.onEmpty?.();
  }

  /** -c: ltrace's summary (time descending). */
  summary(): string {
    const rows = [...this.counts.entries()].sort((a, b) => b[1].ms - a[1].ms || b[1].calls - a[1].calls || (a[0] < b[0] ? -1 : 1));
    const total = rows.reduce((t, [, c]) => t + c.ms, 0);
    const calls = rows.reduce((t, [, c]) => t + c.calls, 0);
    const dash = '------ ----------- ----------- --------- --------------------\n';
    let out = '% time     seconds  usecs/call     calls      function\n' + dash;
    for (const [name, c] of rows) {
      out += `${(total ? (100 * c.ms) / total : 0).toFixed(2).padStart(6)} ${(c.ms / 1000).toFixed(6).padStart(11)} `
        + `${String(Math.floor((c.ms * 1000) / c.calls)).padStart(11)} ${String(c.calls).padStart(9)} ${name}\n`;
    }
    return out + dash + `100.00 ${(total / 1000).toFixed(6).padStart(11)}             ${String(calls).padStart(9)} total\n`;
  }
}

/** -e: ltrace's filter expression, `malloc+free`, `-malloc`, `*alloc` globs (symbol part only). */
function parseFilter(exprs: string[]): (name: string) => boolean {
  const rules: { keep: boolean; re: RegExp }[] = [];
  for (const e of exprs) {
    for (const m of e.matchAll(/([+-]?)([^+-]+)/g)) {
      const sym = m[2]!.replace(/@.*/, '');
      const re = new RegExp('^' + sym.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
      rules.push({ keep: m[1] !== '-', re });
    }
  }
  const startsEmpty = rules[0]?.keep ?? true;
  return (name) => {
    let on = !startsEmpty;
    for (const r of rules) if (r.re.test(name)) on = r.keep;
    return on;
  };
}

const HELP = `Usage: ltrace [option ...] [command [arg ...]]
Trace library calls of a given program.

  -a, --align=COLUMN  align return values in a secific column.
  -A MAXELTS          maximum number of array elements to print.
  -b, --no-signals    don't print signals.
  -c                  count time and calls, and report a summary on exit.
  -C, --demangle      decode low-level symbol names into user-level names.
  -D, --debug=MASK    enable debugging (see -Dh or --debug=help).
  -Dh, --debug=help   show help on debugging.
  -e FILTER           modify which library calls to trace.
  -f                  trace children (fork() and clone()).
  -F, --config=FILE   load alternate configuration file (may be repeated).
  -h, --help          display this help and exit.
  -i                  print instruction pointer at time of library call.
  -l, --library=LIBRARY_PATTERN only trace symbols implemented by this library.
  -L                  do NOT display library calls.
  -n, --indent=NR     indent output by NR spaces for each call level nesting.
  -o, --output=FILENAME write the trace output to file with given name.
  -p PID              attach to the process with the process ID pid.
  -r                  print relative timestamps.
  -s STRSIZE          specify the maximum string size to print.
  -S                  trace system calls as well as library calls.
  -t, -tt, -ttt       print absolute timestamps.
  -T                  show the time spent inside each call.
  -u USERNAME         run command with the userid, groupid of username.
  -V, --version       output version information and exit.
  -w, --where=NR      print backtrace showing NR stack frames at most.
  -x FILTER           modify which static functions to trace.

Report bugs to ltrace-devel@lists.alioth.debian.org
`;
const VERSION = `ltrace version 0.7.3.
Copyright (C) 1997-2009 Juan Cespedes <cespedes@debian.org>.
This is free software; see the GNU General Public Licence
version 2 or later for copying conditions.  There is NO warranty.
`;

export default async function ltrace(sys: Sys): Promise<number> {
  const say = (s: string) => sys.writeNow(2, s);
  let o;
  try {
    o = getopt('ltrace', sys.argv.slice(1), OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(`${e.message}\nTry \`ltrace --help' for more information.\n`);
    return 1;
  }
  if (o.has('h')) { await sys.out(HELP); return 0; }
  if (o.has('V')) { await sys.out(VERSION); return 0; }
  if (!o.operands.length && !o.has('p')) { say(`ltrace: too few arguments\nTry \`ltrace --help' for more information.\n`); return 1; }

  // Alignment: -a, else COLUMNS, else the width of the terminal on stdout or stderr × 5/8, else 50.
  let align = 50;
  const cols = Number(sys.getenv('COLUMNS'));
  if (o.get('a') !== undefined) align = Number(o.get('a')) || 0;
  else if (cols > 0 && Number.isInteger(cols)) align = Math.floor((cols * 5) / 8);
  else {
    for (const fd of [1, 2]) {
      try { if (sys.isatty(fd)) { align = Math.floor((sys.winsize(fd).cols * 5) / 8); break; } } catch { /* not a tty */ }
    }
  }
  const filters = o.list.filter(([k]) => k === 'e').map(([, v]) => String(v));

  let out = 2;
  const file = o.get('o');
  if (file !== undefined) {
    try { out = sys.open(file, O_WRONLY | O_CREAT | O_TRUNC, 0o666); sys.setCloexec(out); } catch (e) {
      if (e instanceof SysError) { say(`can't open ${file} for writing: ${e.message.replace(/^.*: /, '')}\n`); return 1; }
      throw e;
    }
  }

  let pid: number | undefined;
  const name = o.operands[0];
  const tracer = new Ltrace(sys, out, {
    follow: o.has('f'), align, limit: o.get('s') !== undefined ? Number(o.get('s')) : 32, syscalls: o.has('S'),
    filter: filters.length ? parseFilter(filters) : undefined,
    prefixName: filters.length && name ? name.replace(/.*\//, '') : undefined, count: o.has('c'),
  });
  const [wakeR, wakeW] = sys.pipe();
  sys.setCloexec(wakeR); sys.setCloexec(wakeW);
  let finished = false;
  tracer.onEmpty = () => { finished = true; sys.writeNow(wakeW, 'x'); };
  let interrupted = 0;
  const onSignal = (sig: number) => { interrupted = sig; finished = true; for (const p of [...tracer.live]) sys.detachTracer(p); tracer.live.clear(); };
  for (const sig of [SIG.SIGINT, SIG.SIGTERM]) sys.sigaction(sig, onSignal);

  if (name) {
    const path = findInPath(sys, name);
    try {
      if (!path) throw new SysError('ENOENT');
      pid = await sys.spawn(path, { argv: o.operands, env: sys.environ, tracer });
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      const text = e.message.replace(/^.*: /, '');
      const fake = sys.pid + 1;
      say(`Can't execute \`${name}': ${text}\nfailed to initialize process ${fake}: ${text}\ncouldn't open program '${name}': ${text}\n`);
      return 1;
    }
    tracer.live.add(pid);
  } else {
    const target = Number(o.get('p'));
    try { sys.attachTracer(target, tracer); tracer.live.add(target); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      say(`Cannot attach to pid ${target}: Operation not permitted\ncouldn't open program '/proc/${target}/exe': No such file or directory\n`);
      return 1;
    }
  }
  while (!finished && tracer.live.size) {
    try { await sys.read(wakeR, 1); } catch (e) { if (!(e instanceof Interrupted)) throw e; }
  }
  if (pid !== undefined) {
    for (;;) {
      try { await sys.waitpid(pid, !!interrupted); break; } catch (e) {
        if (e instanceof Interrupted) continue;
        if (e instanceof SysError) break;
        throw e;
      }
    }
  }
  if (o.has('c')) tracer.write(tracer.summary());
  if (out !== 2) sys.close(out);
  // ltrace 0.7.3 exits 0 whatever became of the program.
  return 0;
}
