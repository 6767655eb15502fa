// Resource limits (getrlimit(2)/setrlimit(2), bash's `ulimit`): one soft and one hard value per resource, in the
// kernel's units (bytes, seconds, counts), inherited by fork and kept across execve. The table is bash's own
// (ulimit.c): the option letter, the description `ulimit -a` prints, the unit it shows values in.
// The model enforces RLIMIT_STACK (stack growth, loader/exec.ts and kernel/mm.ts), RLIMIT_AS (mmap, brk and
// mremap fail with ENOMEM), RLIMIT_NOFILE (EMFILE) and RLIMIT_CORE (whether a core dump is reported); the
// others are kept and shown but do not act (README, Known gaps).
import { getProfile, isProfileName } from '../loader/profiles.ts';

export type Resource = 'CPU' | 'FSIZE' | 'DATA' | 'STACK' | 'CORE' | 'RSS' | 'NPROC' | 'NOFILE' | 'MEMLOCK' | 'AS' | 'LOCKS'
  | 'SIGPENDING' | 'MSGQUEUE' | 'NICE' | 'RTPRIO' | 'RTTIME' | 'PIPE';

export interface Limit { cur: number; max: number; }

/** The resources by their RLIMIT_* number (<sys/resource.h>). */
export const RESOURCE_ORDER: Resource[] = ['CPU', 'FSIZE', 'DATA', 'STACK', 'CORE', 'RSS', 'NPROC', 'NOFILE', 'MEMLOCK', 'AS', 'LOCKS',
  'SIGPENDING', 'MSGQUEUE', 'NICE', 'RTPRIO', 'RTTIME'];
export type Rlimits = Record<Resource, Limit>;

export interface UlimitOption {
  option: string;
  resource: Resource;
  description: string;
  /** What `ulimit -a` shows in parentheses, if anything. */
  units?: string;
  /** Bytes (or the kernel's unit) per shown unit. */
  factor: number;
  /** Shown by bash 5 only (bash 4.4 has no -R). */
  bash5?: boolean;
}

/** In bash's order (`ulimit -a`). The pipe size is no limit at all: bash shows PIPE_BUF / 512, fixed. */
export const ULIMIT_OPTIONS: UlimitOption[] = [
  { option: 'R', resource: 'RTTIME', description: 'real-time non-blocking time', units: 'microseconds', factor: 1, bash5: true },
  { option: 'c', resource: 'CORE', description: 'core file size', units: 'blocks', factor: 1024 },
  { option: 'd', resource: 'DATA', description: 'data seg size', units: 'kbytes', factor: 1024 },
  { option: 'e', resource: 'NICE', description: 'scheduling priority', factor: 1 },
  { option: 'f', resource: 'FSIZE', description: 'file size', units: 'blocks', factor: 1024 },
  { option: 'i', resource: 'SIGPENDING', description: 'pending signals', factor: 1 },
  { option: 'l', resource: 'MEMLOCK', description: 'max locked memory', units: 'kbytes', factor: 1024 },
  { option: 'm', resource: 'RSS', description: 'max memory size', units: 'kbytes', factor: 1024 },
  { option: 'n', resource: 'NOFILE', description: 'open files', factor: 1 },
  { option: 'p', resource: 'PIPE', description: 'pipe size', units: '512 bytes', factor: 512 },
  { option: 'q', resource: 'MSGQUEUE', description: 'POSIX message queues', units: 'bytes', factor: 1 },
  { option: 'r', resource: 'RTPRIO', description: 'real-time priority', factor: 1 },
  { option: 's', resource: 'STACK', description: 'stack size', units: 'kbytes', factor: 1024 },
  { option: 't', resource: 'CPU', description: 'cpu time', units: 'seconds', factor: 1 },
  { option: 'u', resource: 'NPROC', description: 'max user processes', factor: 1 },
  { option: 'v', resource: 'AS', description: 'virtual memory', units: 'kbytes', factor: 1024 },
  { option: 'x', resource: 'LOCKS', description: 'file locks', factor: 1 },
];

export const RLIM_INFINITY = Infinity;
const inf = (): Limit => ({ cur: RLIM_INFINITY, max: RLIM_INFINITY });
const both = (n: number): Limit => ({ cur: n, max: n });

/**
 * A login's limits on the profile's machine: the kernel's defaults (include/asm-generic/resource.h), what
 * systemd sets for a session (open files 1024 soft; the hard figure of that systemd version) and the
 * RAM-derived ones (max_threads = RAM pages / 32; RLIMIT_NPROC and RLIMIT_SIGPENDING half of it).
 */
export function defaultRlimits(profile: string): Rlimits {
  const memKiB = isProfileName(profile) ? getProfile(profile).memTotalKiB : 4015756;
  const threads = Math.floor(Math.floor(memKiB / 4) / 32 / 2);
  const ubuntu = profile === 'ubuntu-18.04';
  return {
    CPU: inf(), FSIZE: inf(), DATA: inf(), STACK: { cur: 8 << 20, max: RLIM_INFINITY }, CORE: { cur: 0, max: RLIM_INFINITY },
    RSS: inf(), NPROC: both(threads), NOFILE: { cur: 1024, max: ubuntu ? 1048576 : 524288 },
    MEMLOCK: both(ubuntu ? 16 << 20 : 8 << 20), AS: inf(), LOCKS: inf(), SIGPENDING: both(threads), MSGQUEUE: both(819200),
    NICE: both(0), RTPRIO: both(0), RTTIME: inf(), PIPE: both(4096),
  };
}

export function copyRlimits(r: Rlimits): Rlimits {
  const out = {} as Rlimits;
  for (const k of Object.keys(r) as Resource[]) out[k] = { ...r[k] };
  return out;
}

/** glibc's start-up reads RLIMIT_STACK (prlimit64): its value as strace prints it. */
export function stackLimitText(proc: { rlimits: Rlimits }): string { return limitText(proc.rlimits.STACK); }

/** A struct rlimit as strace prints it: `{rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}`. */
export function limitText(l: Limit): string {
  return `{rlim_cur=${straceLimit(l.cur)}, rlim_max=${straceLimit(l.max)}}`;
}

/** A limit as strace prints it in prlimit64: `8192*1024`, `RLIM64_INFINITY`. */
export function straceLimit(n: number): string {
  if (n === RLIM_INFINITY) return 'RLIM64_INFINITY';
  return n % 1024 === 0 && n > 0 ? `${n / 1024}*1024` : String(n);
}

/** /proc/PID/limits (proc_pid_limits): the kernel's names and units, in RLIMIT_* order. */
const PROC_LIMITS: [Resource, string, string][] = [
  ['CPU', 'Max cpu time', 'seconds'], ['FSIZE', 'Max file size', 'bytes'], ['DATA', 'Max data size', 'bytes'],
  ['STACK', 'Max stack size', 'bytes'], ['CORE', 'Max core file size', 'bytes'], ['RSS', 'Max resident set', 'bytes'],
  ['NPROC', 'Max processes', 'processes'], ['NOFILE', 'Max open files', 'files'], ['MEMLOCK', 'Max locked memory', 'bytes'],
  ['AS', 'Max address space', 'bytes'], ['LOCKS', 'Max file locks', 'locks'], ['SIGPENDING', 'Max pending signals', 'signals'],
  ['MSGQUEUE', 'Max msgqueue size', 'bytes'], ['NICE', 'Max nice priority', ''], ['RTPRIO', 'Max realtime priority', ''],
  ['RTTIME', 'Max realtime timeout', 'us'],
];

export function procLimitsText(r: Rlimits): string {
  const v = (n: number) => (n === RLIM_INFINITY ? 'unlimited' : String(n)).padEnd(20);
  let out = `${'Limit'.padEnd(25)} ${'Soft Limit'.padEnd(20)} ${'Hard Limit'.padEnd(20)} ${'Units'.padEnd(10)}\n`;
  for (const [res, name, unit] of PROC_LIMITS) out += `${name.padEnd(25)} ${v(r[res].cur)} ${v(r[res].max)} ${unit ? unit.padEnd(10) : ''}\n`;
  return out;
}
