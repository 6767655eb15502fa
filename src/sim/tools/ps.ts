// ps(1) of procps-ng 4: reads only /proc (stat, status, cmdline) like the real one. Selection: the default
// (processes with ps's own euid and terminal), -e/-A, -a, -d, -N, -p/--pid, --ppid, -u/-U, -t, -C, -s, and
// the BSD a/x/p lists; formats: the default PID TTY TIME CMD, -f, -F, -l, -j, BSD u/j/l and -o lists with
// procps's header names and widths (pid columns as wide as /proc/sys/kernel/pid_max has digits), --sort,
// --no-headers. Columns are laid out by a port of procps's show_one_proc: values wider than their column
// push the rest right, the last (unlimited) column is cut at the terminal width when stdout is a terminal.
import type { Sys } from '../kernel/sys.ts';
import { UserDb, strftime } from './lib.ts';

const HZ = 100;
const SPACE_AMOUNT = 144;
const OUTBUF_SIZE = 8192;

type Just = 'right' | 'left' | 'user' | 'unlimited' | 'wchan';

interface ProcInfo {
  pid: number; comm: string; state: string; ppid: number; pgid: number; sid: number; ttyNr: number; tpgid: number;
  flags: number; utime: number; stime: number; priority: number; nice: number; nlwp: number; start: number;
  vsize: number; rssPages: number; ruid: number; euid: number; rgid: number; egid: number; cmdline: string[];
  exe: string;
}

interface Ctx {
  db: UserDb; uptime: number; nowSec: number; bootSec: number; unixF: boolean; bsdC: boolean; userIsNumber: boolean;
  memTotalKb: number;
}

interface Spec { head: string; width: number | 'pid'; just: Just; pr: (p: ProcInfo, c: Ctx) => string; sort?: (p: ProcInfo, c: Ctx) => number | string; }

const major = (dev: number) => (dev >> 8) & 0xfff;
const minor = (dev: number) => (dev & 0xff) | ((dev >> 12) & 0xfff00);
function ttyName(nr: number): string {
  if (!nr) return '?';
  const ma = major(nr), mi = minor(nr);
  if (ma === 136) return `pts/${mi}`;
  if (ma === 4) return mi < 64 ? `tty${mi}` : `ttyS${mi - 64}`;
  if (ma === 5 && mi === 1) return 'console';
  return '?';
}
/** escape_str: control characters shown as '?' (procps never prints them raw). */
// eslint-disable-next-line no-control-regex
const esc = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, '?');
/** The command line, or "[comm]" when there is none (kernel threads, zombies: "[sleep] <defunct>"). */
const args = (p: ProcInfo) => (p.cmdline.length ? p.cmdline.join(' ') : `[${p.comm}]${p.state === 'Z' ? ' <defunct>' : ''}`);
const comm = (p: ProcInfo) => p.comm + (p.state === 'Z' ? ' <defunct>' : '');
const elapsed = (p: ProcInfo, c: Ctx) => Math.max(0, Math.floor(c.uptime - p.start / HZ));
const cpuSecs = (p: ProcInfo) => Math.floor((p.utime + p.stime) / HZ);
const pcpuTenths = (p: ProcInfo, c: Ctx) => {
  const secs = c.uptime - p.start / HZ;
  return secs > 0 ? Math.floor(((p.utime + p.stime) * 1000) / HZ / secs) : 0;
};
const rssKb = (p: ProcInfo) => p.rssPages * 4;
const vszKb = (p: ProcInfo) => Math.floor(p.vsize / 1024);
const startSec = (p: ProcInfo, c: Ctx) => c.bootSec + Math.floor(p.start / HZ);
const pad2 = (n: number) => String(n).padStart(2, '0');

function hms(t: number, withDays: boolean): string {
  const ss = t % 60, mm = Math.floor(t / 60) % 60, hh = Math.floor(t / 3600) % 24, dd = Math.floor(t / 86400);
  if (withDays) return (dd ? `${dd}-` : '') + `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}`;
  return (dd ? `${dd}-` : '') + (dd || hh ? `${pad2(hh)}:` : '') + `${pad2(mm)}:${pad2(ss)}`;
}
function userName(c: Ctx, uid: number) { return c.userIsNumber ? String(uid) : c.db.userById(uid)?.name ?? String(uid); }
function groupName(c: Ctx, gid: number) { return c.userIsNumber ? String(gid) : c.db.groupById(gid)?.name ?? String(gid); }
function stime(p: ProcInfo, c: Ctx) {
  const t = startSec(p, c) * 1000, now = new Date(c.nowSec * 1000), d = new Date(t);
  if (now.getUTCFullYear() !== d.getUTCFullYear()) return strftime('%Y', t);
  const yday = (x: Date) => Math.floor((Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate()) - Date.UTC(x.getUTCFullYear(), 0, 1)) / 86400000);
  return yday(now) !== yday(d) ? strftime('%b%d', t) : strftime('%H:%M', t);
}
function statFlags(p: ProcInfo): string {
  let s = p.state;
  if (p.nice < 0) s += '<';
  if (p.nice > 0) s += 'N';
  if (p.sid === p.pid) s += 's';
  if (p.nlwp > 1) s += 'l';
  if (p.pgid === p.tpgid) s += '+';
  return s;
}

/** procps's format_array, for the specifiers this machine can fill in. */
const FORMATS: Record<string, Spec> = {
  '%cpu': { head: '%CPU', width: 4, just: 'right', pr: (p, c) => { const v = pcpuTenths(p, c); return v > 999 ? String(Math.floor(v / 10)) : `${Math.floor(v / 10)}.${v % 10}`; }, sort: (p, c) => pcpuTenths(p, c) },
  '%mem': { head: '%MEM', width: 4, just: 'right', pr: (p, c) => { const v = Math.min(999, Math.floor((rssKb(p) * 1000) / c.memTotalKb)); return `${String(Math.floor(v / 10)).padStart(2)}.${v % 10}`; }, sort: (p) => p.rssPages },
  addr: { head: 'ADDR', width: 4, just: 'right', pr: () => '-' },
  addr_1: { head: 'ADDR', width: 1, just: 'left', pr: () => '-' },
  args: { head: 'COMMAND', width: 27, just: 'unlimited', pr: (p, c) => (c.bsdC ? comm(p) : args(p)), sort: (p) => args(p) },
  bsdstart: { head: 'START', width: 6, just: 'right', pr: (p, c) => { const t = startSec(p, c) * 1000; return c.nowSec - startSec(p, c) > 86400 ? strftime('%b %e', t) : ' ' + strftime('%H:%M', t); } },
  bsdtime: { head: 'TIME', width: 6, just: 'right', pr: (p) => { const u = cpuSecs(p); return `${String(Math.floor(u / 60)).padStart(3)}:${pad2(u % 60)}`; }, sort: cpuSecs },
  c: { head: 'C', width: 2, just: 'right', pr: (p, c) => String(Math.min(99, Math.floor(pcpuTenths(p, c) / 10))).padStart(2), sort: (p, c) => pcpuTenths(p, c) },
  cmd: { head: 'CMD', width: 27, just: 'unlimited', pr: (p, c) => (c.bsdC ? comm(p) : args(p)), sort: (p) => args(p) },
  comm: { head: 'COMMAND', width: 15, just: 'unlimited', pr: (p, c) => (c.unixF ? args(p) : comm(p)), sort: (p) => p.comm },
  command: { head: 'COMMAND', width: 27, just: 'unlimited', pr: (p, c) => (c.bsdC ? comm(p) : args(p)), sort: (p) => args(p) },
  cputime: { head: 'TIME', width: 8, just: 'right', pr: (p) => hms(cpuSecs(p), true), sort: cpuSecs },
  egid: { head: 'EGID', width: 5, just: 'right', pr: (p) => String(p.egid), sort: (p) => p.egid },
  egroup: { head: 'EGROUP', width: 8, just: 'user', pr: (p, c) => groupName(c, p.egid), sort: (p) => p.egid },
  etime: { head: 'ELAPSED', width: 11, just: 'right', pr: (p, c) => hms(elapsed(p, c), false), sort: (p, c) => elapsed(p, c) },
  etimes: { head: 'ELAPSED', width: 7, just: 'right', pr: (p, c) => String(elapsed(p, c)), sort: (p, c) => elapsed(p, c) },
  euid: { head: 'EUID', width: 5, just: 'right', pr: (p) => String(p.euid), sort: (p) => p.euid },
  euser: { head: 'EUSER', width: 8, just: 'user', pr: (p, c) => userName(c, p.euid), sort: (p) => p.euid },
  exe: { head: 'EXE', width: 27, just: 'unlimited', pr: (p) => p.exe || '-' },
  f: { head: 'F', width: 1, just: 'right', pr: (p) => ((p.flags >> 6) & 7).toString(8) },
  flag: { head: 'F', width: 1, just: 'right', pr: (p) => ((p.flags >> 6) & 7).toString(8) },
  flags: { head: 'F', width: 1, just: 'right', pr: (p) => ((p.flags >> 6) & 7).toString(8) },
  fname: { head: 'COMMAND', width: 8, just: 'left', pr: (p) => p.comm.slice(0, 8) },
  gid: { head: 'GID', width: 5, just: 'right', pr: (p) => String(p.egid), sort: (p) => p.egid },
  group: { head: 'GROUP', width: 8, just: 'user', pr: (p, c) => groupName(c, p.egid), sort: (p) => p.egid },
  lstart: { head: 'STARTED', width: 24, just: 'right', pr: (p, c) => strftime('%a %b %e %H:%M:%S %Y', startSec(p, c) * 1000), sort: (p) => p.start },
  lwp: { head: 'LWP', width: 'pid', just: 'right', pr: (p) => String(p.pid), sort: (p) => p.pid },
  ni: { head: 'NI', width: 3, just: 'right', pr: (p) => String(p.nice), sort: (p) => p.nice },
  nice: { head: 'NI', width: 3, just: 'right', pr: (p) => String(p.nice), sort: (p) => p.nice },
  nlwp: { head: 'NLWP', width: 4, just: 'right', pr: (p) => String(p.nlwp) },
  opri: { head: 'PRI', width: 3, just: 'right', pr: (p) => String(60 + p.priority) },
  pcpu: { head: '%CPU', width: 4, just: 'right', pr: (p, c) => { const v = pcpuTenths(p, c); return v > 999 ? String(Math.floor(v / 10)) : `${Math.floor(v / 10)}.${v % 10}`; }, sort: (p, c) => pcpuTenths(p, c) },
  pgid: { head: 'PGID', width: 'pid', just: 'right', pr: (p) => String(p.pgid), sort: (p) => p.pgid },
  pgrp: { head: 'PGRP', width: 'pid', just: 'right', pr: (p) => String(p.pgid), sort: (p) => p.pgid },
  pid: { head: 'PID', width: 'pid', just: 'right', pr: (p) => String(p.pid), sort: (p) => p.pid },
  pmem: { head: '%MEM', width: 4, just: 'right', pr: (p, c) => { const v = Math.min(999, Math.floor((rssKb(p) * 1000) / c.memTotalKb)); return `${String(Math.floor(v / 10)).padStart(2)}.${v % 10}`; }, sort: (p) => p.rssPages },
  ppid: { head: 'PPID', width: 'pid', just: 'right', pr: (p) => String(p.ppid), sort: (p) => p.ppid },
  pri: { head: 'PRI', width: 3, just: 'right', pr: (p) => String(39 - p.priority) },
  priority: { head: 'PRI', width: 3, just: 'right', pr: (p) => String(p.priority) },
  psr: { head: 'PSR', width: 3, just: 'right', pr: () => '0' },
  rgid: { head: 'RGID', width: 5, just: 'right', pr: (p) => String(p.rgid), sort: (p) => p.rgid },
  rgroup: { head: 'RGROUP', width: 8, just: 'user', pr: (p, c) => groupName(c, p.rgid), sort: (p) => p.rgid },
  rss: { head: 'RSS', width: 5, just: 'right', pr: (p) => String(rssKb(p)), sort: (p) => p.rssPages },
  rssize: { head: 'RSS', width: 5, just: 'right', pr: (p) => String(rssKb(p)), sort: (p) => p.rssPages },
  rsz: { head: 'RSZ', width: 5, just: 'right', pr: (p) => String(rssKb(p)), sort: (p) => p.rssPages },
  ruid: { head: 'RUID', width: 5, just: 'right', pr: (p) => String(p.ruid), sort: (p) => p.ruid },
  ruser: { head: 'RUSER', width: 8, just: 'user', pr: (p, c) => userName(c, p.ruid), sort: (p) => p.ruid },
  s: { head: 'S', width: 1, just: 'left', pr: (p) => p.state, sort: (p) => p.state },
  sess: { head: 'SESS', width: 'pid', just: 'right', pr: (p) => String(p.sid), sort: (p) => p.sid },
  session: { head: 'SESS', width: 'pid', just: 'right', pr: (p) => String(p.sid), sort: (p) => p.sid },
  sid: { head: 'SID', width: 'pid', just: 'right', pr: (p) => String(p.sid), sort: (p) => p.sid },
  spid: { head: 'SPID', width: 'pid', just: 'right', pr: (p) => String(p.pid), sort: (p) => p.pid },
  start: { head: 'STARTED', width: 8, just: 'right', pr: (p, c) => { const t = startSec(p, c); return t + 86400 > c.nowSec ? strftime('%H:%M:%S', t * 1000) : '  ' + strftime('%b %d', t * 1000); }, sort: (p) => p.start },
  start_time: { head: 'START', width: 5, just: 'right', pr: stime, sort: (p) => p.start },
  stat: { head: 'STAT', width: 4, just: 'left', pr: statFlags, sort: (p) => p.state },
  state: { head: 'S', width: 1, just: 'left', pr: (p) => p.state, sort: (p) => p.state },
  stime: { head: 'STIME', width: 5, just: 'right', pr: stime, sort: (p) => p.start },
  sz: { head: 'SZ', width: 5, just: 'right', pr: (p) => String(Math.floor(vszKb(p) / 4)), sort: (p) => p.vsize },
  tgid: { head: 'TGID', width: 'pid', just: 'right', pr: (p) => String(p.pid), sort: (p) => p.pid },
  thcount: { head: 'THCNT', width: 5, just: 'right', pr: (p) => String(p.nlwp) },
  tid: { head: 'TID', width: 'pid', just: 'right', pr: (p) => String(p.pid), sort: (p) => p.pid },
  time: { head: 'TIME', width: 8, just: 'right', pr: (p) => hms(cpuSecs(p), true), sort: cpuSecs },
  times: { head: 'TIME', width: 8, just: 'right', pr: (p) => String(cpuSecs(p)), sort: cpuSecs },
  tname: { head: 'TTY', width: 8, just: 'left', pr: (p) => ttyName(p.ttyNr), sort: (p) => p.ttyNr },
  tpgid: { head: 'TPGID', width: 'pid', just: 'right', pr: (p) => String(p.tpgid), sort: (p) => p.tpgid },
  tt: { head: 'TT', width: 8, just: 'left', pr: (p) => ttyName(p.ttyNr), sort: (p) => p.ttyNr },
  tty: { head: 'TT', width: 8, just: 'left', pr: (p) => ttyName(p.ttyNr), sort: (p) => p.ttyNr },
  ucmd: { head: 'CMD', width: 15, just: 'unlimited', pr: (p, c) => (c.unixF ? args(p) : comm(p)), sort: (p) => p.comm },
  ucomm: { head: 'COMMAND', width: 15, just: 'unlimited', pr: (p, c) => (c.unixF ? args(p) : comm(p)), sort: (p) => p.comm },
  uid: { head: 'UID', width: 5, just: 'right', pr: (p) => String(p.euid), sort: (p) => p.euid },
  uid_hack: { head: 'UID', width: 8, just: 'user', pr: (p, c) => userName(c, p.euid), sort: (p) => p.euid },
  uname: { head: 'USER', width: 8, just: 'user', pr: (p, c) => userName(c, p.euid), sort: (p) => p.euid },
  user: { head: 'USER', width: 8, just: 'user', pr: (p, c) => userName(c, p.euid), sort: (p) => p.euid },
  vsize: { head: 'VSZ', width: 6, just: 'right', pr: (p) => String(vszKb(p)), sort: (p) => p.vsize },
  vsz: { head: 'VSZ', width: 6, just: 'right', pr: (p) => String(vszKb(p)), sort: (p) => p.vsize },
  wchan: { head: 'WCHAN', width: 6, just: 'wchan', pr: () => '-' },
};
/** Sort keys that are not also format names (procps's long sort names). */
const SORT_ALIASES: Record<string, string> = { cmd: 'cmd', 'start_time': 'start_time', resident: 'rss', size: 'vsz', 'cutime': 'time', utime: 'time' };

const USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

const HELP_SIMPLE = `
Usage:
 ps [options]

Basic options:
 -A, -e               all processes
 -a                   all with tty, except session leaders
  a                   all with tty, including other users
 -d                   all except session leaders
 -N, --deselect       negate selection
  r                   only running processes
  T                   all processes on this terminal
  x                   processes without controlling ttys

 --help <simple|list|output|threads|misc|all>
                      display help and exit
For more details see ps(1).
`;

class PsError extends Error {}

interface Column { spec: Spec; name: string; width: number; }

export default async function ps(sys: Sys): Promise<number> {
  try {
    return await run(sys);
  } catch (e) {
    if (e instanceof PsError) {
      await sys.err(`error: ${e.message}\n${USAGE}`);
      return 1;
    }
    throw e;
  }
}

async function run(sys: Sys): Promise<number> {
  const argv = sys.argv.slice(1);
  // ---- parsing (procps's arg_type: "-x" SysV, "x" BSD, "--x" GNU, digits a BSD pid list) ----
  let all = false, negate = false, runningOnly = false;
  const simple = new Set<string>(); // 'Ua' -a, 'Ud' -d, 'Ba' a, 'Bx' x, 'BT' T
  let preferBsd = false;
  let unixF = false, bsdC = false, userIsNumber = false, noHeaders = false;
  let formatFlag: 'f' | 'F' | 'l' | 'j' | 'Bu' | 'Bj' | 'Bl' | 'Bv' | 'fl' | undefined;
  let jMod = false;
  const formatLists: string[] = [];
  const sortKeys: string[] = [];
  let wCount = 0;
  let colsOpt: number | undefined;
  const lists: { kind: 'pid' | 'ppid' | 'euid' | 'ruid' | 'tty' | 'comm' | 'sid' | 'pgid'; values: (number | string)[] }[] = [];
  const db = await UserDb.load(sys);

  const parseList = (arg: string | undefined, missing: string, parse: (s: string) => number | string) => {
    if (arg === undefined || arg === '') throw new PsError(missing);
    const items = arg.split(/[ ,\t]/);
    if (items.some((i) => i === '')) throw new PsError('improper list');
    return items.map(parse);
  };
  const pidParse = (s: string) => {
    if (!/^\d+$/.test(s)) throw new PsError('process ID list syntax error');
    const n = Number(s);
    if (n < 1 || n > 0x7fffffff) throw new PsError('process ID out of range');
    return n;
  };
  const ppidParse = (s: string) => {
    if (!/^\d+$/.test(s)) throw new PsError('process ID list syntax error');
    return Number(s);
  };
  const userParse = (s: string) => {
    if (/^\d+$/.test(s)) return Number(s);
    const u = db.userByName(s);
    if (!u) throw new PsError('user name does not exist');
    return u.uid;
  };
  const ttyParse = (s: string) => {
    const name = s.replace(/^\/dev\//, '');
    let m: RegExpExecArray | null;
    if ((m = /^(?:pts\/)?(\d+)$/.exec(name)) && sys.exists(`/dev/pts/${m[1]}`)) return (136 << 8) | Number(m[1]);
    if (name === '-' || name === '?') return 0;
    throw new PsError('TTY could not be found');
  };
  const takeArg = (cluster: string, j: number, i: number): [string | undefined, number, boolean] => {
    // A list argument: the rest of the cluster, or else the next argument.
    if (j + 1 < cluster.length) return [cluster.slice(j + 1), i, true];
    return [argv[i + 1], i + 1, true];
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^--/.test(a)) {
      if (a === '--') throw new PsError('garbage option');
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const val = () => { if (inline !== undefined) return inline; return argv[++i]; };
      switch (name) {
        case 'pid': lists.push({ kind: 'pid', values: parseList(val(), 'list of process IDs must follow --pid', pidParse) }); break;
        case 'ppid': lists.push({ kind: 'ppid', values: parseList(val(), 'list of process IDs must follow --ppid', ppidParse) }); break;
        case 'user': lists.push({ kind: 'euid', values: parseList(val(), 'list of effective users must follow --user', userParse) }); break;
        case 'User': lists.push({ kind: 'ruid', values: parseList(val(), 'list of real users must follow --User', userParse) }); break;
        case 'sid': lists.push({ kind: 'sid', values: parseList(val(), 'some sid thing(s) must follow --sid', pidParse) }); break;
        case 'tty': lists.push({ kind: 'tty', values: parseList(val(), 'list of ttys must follow --tty', ttyParse) }); break;
        case 'format': { const v = val(); if (!v) throw new PsError('format specification must follow --format'); formatLists.push(v); break; }
        case 'sort': { const v = val(); if (!v) throw new PsError('long sort specification must follow --sort'); sortKeys.push(...v.split(',')); break; }
        case 'no-headers': case 'no-heading': noHeaders = true; break;
        case 'headers': case 'heading': break;
        case 'deselect': negate = true; break;
        case 'cols': case 'columns': case 'width': {
          const v = val();
          if (!v || !/^\d+$/.test(v)) throw new PsError('number of columns must follow --cols, --width, or --columns');
          colsOpt = Number(v);
          break;
        }
        case 'lines': case 'rows': val(); break;
        case 'forest': case 'cumulative': break;
        case 'help': await sys.out(HELP_SIMPLE); return 0;
        case 'version': case 'info': await sys.out('ps from procps-ng 4.0.2\n'); return 0;
        default: throw new PsError('unknown gnu long option');
      }
      continue;
    }
    if (/^\d/.test(a)) { lists.push({ kind: 'pid', values: parseList(a, 'process ID list syntax error', pidParse) }); preferBsd = true; continue; }
    if (/^-[A-Za-z]/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        let arg: string | undefined, consumed: boolean;
        switch (c) {
          case 'A': case 'e': all = true; break;
          case 'a': simple.add('Ua'); break;
          case 'd': simple.add('Ud'); break;
          case 'N': negate = true; break;
          case 'f': unixF = true; formatFlag = formatFlag === 'l' ? 'fl' : 'f'; break;
          case 'F': unixF = true; formatFlag = 'F'; break;
          case 'l': formatFlag = formatFlag === 'f' ? 'fl' : 'l'; break;
          case 'j': jMod = true; break;
          case 'H': case 'L': case 'T': case 'm': case 'M': case 'c': case 'y': case 'Z': case 'P': case 'V': break;
          case 'w': wCount++; break;
          case 'n': break;
          case 'o': case 'p': case 'u': case 'U': case 't': case 'C': case 's': case 'g': case 'G': case 'O': case 'q': {
            [arg, i, consumed] = takeArg(a, j, i);
            j = a.length;
            void consumed;
            if (c === 'o' || c === 'O') { if (!arg) throw new PsError('format specification must follow -o'); formatLists.push(c === 'O' ? `pid,${arg},s,tname,time,cmd` : arg); }
            else if (c === 'p' || c === 'q') lists.push({ kind: 'pid', values: parseList(arg, 'list of process IDs must follow -p', pidParse) });
            else if (c === 'u') lists.push({ kind: 'euid', values: parseList(arg, 'list of users must follow -u', userParse) });
            else if (c === 'U') lists.push({ kind: 'ruid', values: parseList(arg, 'list of real users must follow -U', userParse) });
            else if (c === 't') lists.push({ kind: 'tty', values: parseList(arg, 'list of terminals (pty, tty...) must follow -t', ttyParse) });
            else if (c === 'C') lists.push({ kind: 'comm', values: parseList(arg, 'list of command names must follow -C', (s) => s) });
            else if (c === 's') lists.push({ kind: 'sid', values: parseList(arg, 'list of session IDs must follow -s', pidParse) });
            else lists.push({ kind: 'pgid', values: parseList(arg, 'list of session leaders OR effective group names must follow -g', pidParse) });
            break;
          }
          default: throw new PsError('unsupported SysV option');
        }
      }
      continue;
    }
    if (/^[A-Za-z]/.test(a)) {
      preferBsd = true;
      for (let j = 0; j < a.length; j++) {
        const c = a[j]!;
        let arg: string | undefined;
        switch (c) {
          case 'a': simple.add('Ba'); break;
          case 'x': simple.add('Bx'); break;
          case 'g': simple.add('Bg'); break;
          case 'T': lists.push({ kind: 'tty', values: [ownTty(sys)] }); break;
          case 'r': runningOnly = true; break;
          case 'u': formatFlag = 'Bu'; break;
          case 'j': formatFlag = 'Bj'; break;
          case 'l': formatFlag = 'Bl'; break;
          case 'v': formatFlag = 'Bv'; break;
          case 'c': bsdC = true; break;
          case 'n': userIsNumber = true; break;
          case 'w': wCount++; break;
          case 'h': noHeaders = true; break;
          case 'e': case 'f': case 'S': case 'm': case 'H': case 'L': case 'V': case 'X': case 's': break;
          case 'o': case 'O': case 'p': case 'q': case 'U': case 't': case 'k': {
            [arg, i] = takeArg(a, j, i);
            j = a.length;
            if (c === 'o' || c === 'O') { if (!arg) throw new PsError('format specification must follow o'); formatLists.push(arg); }
            else if (c === 'p') lists.push({ kind: 'pid', values: parseList(arg, 'list of process IDs must follow p', pidParse) });
            else if (c === 'q') { if (!arg) throw new PsError('List of process IDs must follow q.'); lists.push({ kind: 'pid', values: parseList(arg, 'List of process IDs must follow q.', pidParse) }); }
            else if (c === 'U') lists.push({ kind: 'euid', values: parseList(arg, 'list of users must follow U', userParse) });
            else if (c === 't') lists.push({ kind: 'tty', values: parseList(arg, 'list of terminals (pty, tty...) must follow t', ttyParse) });
            else { if (!arg) throw new PsError("long sort specification must follow 'k'"); sortKeys.push(...arg.split(',')); }
            break;
          }
          default: throw new PsError('unsupported option (BSD syntax)');
        }
      }
      continue;
    }
    throw new PsError('garbage option');
  }

  // ---- the format ----
  let fmt: string[];
  if (formatLists.length) fmt = [];
  else if (formatFlag === 'Bu') fmt = ['user', 'pid', '%cpu', '%mem', 'vsz', 'rss', 'tname', 'stat', 'start_time', 'bsdtime', 'args'];
  else if (formatFlag === 'Bj') fmt = ['ppid', 'pid', 'pgid', 'sid', 'tname', 'tpgid', 'stat', 'uid', 'bsdtime', 'args'];
  else if (formatFlag === 'Bl') fmt = ['flags', 'uid', 'pid', 'ppid', 'priority', 'nice', 'vsz', 'rss', 'wchan', 'stat', 'tname', 'bsdtime', 'args'];
  else if (formatFlag === 'Bv') fmt = ['pid', 'tname', 'stat', 'bsdtime', 'args'];
  else {
    // generate_sysv_list, built back to front as procps does.
    const f = formatFlag === 'f' || formatFlag === 'F' || formatFlag === 'fl';
    const l = formatFlag === 'l' || formatFlag === 'fl';
    const list: string[] = [];
    const push = (s: string) => list.unshift(s);
    if (preferBsd) { push(formatFlag ? 'cmd' : 'args'); push('bsdtime'); if (!l) push('stat'); }
    else { push(f ? 'cmd' : 'ucmd'); push('time'); }
    push('tname');
    if (f) push('stime');
    if (formatFlag === 'F') { push('psr'); push('rss'); }
    if (l) push('wchan');
    if (formatFlag === 'F' || l) push('sz');
    if (l) push('addr_1');
    if (l) { push('ni'); push('opri'); }
    if (f || l) push('c');
    if (jMod) { push('sid'); push('pgid'); }
    if (f || l) push('ppid');
    push('pid');
    if (f) push('uid_hack'); else if (l) push('uid');
    if (l) { push('s'); push('f'); }
    fmt = list;
  }
  const pidWidth = await pidLength(sys);
  const columns: Column[] = [];
  const addSpec = (name: string, header?: string, width?: number) => {
    const spec = FORMATS[name];
    if (!spec) throw new PsError(`unknown user-defined format specifier "${name}"`);
    let w = spec.width === 'pid' ? Math.max(pidWidth, spec.head.length) : spec.width;
    if (header !== undefined) w = Math.max(w, header.length);
    if (width !== undefined) w = width;
    columns.push({ spec, name: header ?? spec.head, width: w });
  };
  for (const f of fmt) addSpec(f);
  for (const list of formatLists) {
    // "pid,comm=COMMAND" — a header runs to the next comma; "pid:10" sets a width.
    for (const item of list.split(/[,\s]+/).filter(Boolean)) {
      const eq = item.indexOf('=');
      const base = eq < 0 ? item : item.slice(0, eq);
      const [name, w] = base.split(':') as [string, string | undefined];
      if (w !== undefined && !/^\d+$/.test(w)) throw new PsError(`unknown user-defined format specifier "${base}"`);
      addSpec(name, eq < 0 ? undefined : item.slice(eq + 1), w !== undefined ? Number(w) : undefined);
    }
  }
  if (!columns.length) throw new PsError('format specification must follow -o');
  const sorters: { pr: NonNullable<Spec['sort']>; dir: number }[] = [];
  for (const key of sortKeys) {
    const m = /^([+-]?)(.+)$/.exec(key)!;
    const name = SORT_ALIASES[m[2]!] ?? m[2]!;
    const spec = FORMATS[name];
    if (!spec?.sort) throw new PsError('unknown sort specifier');
    sorters.push({ pr: spec.sort, dir: m[1] === '-' ? -1 : 1 });
  }

  // ---- the processes ----
  // ps's own terminal, from /proc/self/stat as procps reads it.
  const me = (await readProc(sys, 'self'))?.ttyNr ?? 0;
  const cachedEuid = sys.euid;
  const uptime = Number((await readText(sys, '/proc/uptime')).split(' ')[0]) || sys.uptime() / 1000;
  const nowSec = Math.floor(sys.now() / 1000);
  const ctx: Ctx = { db, uptime, nowSec, bootSec: nowSec - Math.floor(uptime), unixF, bsdC, userIsNumber, memTotalKb: await memTotal(sys) };

  // select_setup
  let selMyEuid = false, selMyTty = false, selNoLeader = false, selHasTty = false;
  const key = [...simple].filter((s) => s !== 'Bg').sort().join('+');
  switch (key) {
    case '': selMyEuid = true; if (preferBsd) selHasTty = true; else selMyTty = true; break;
    case 'Ua': selNoLeader = true; selHasTty = true; break;
    case 'Ud': case 'Ua+Ud': selNoLeader = true; break;
    case 'Ba': selHasTty = true; break;
    case 'Bx': selMyEuid = true; break;
    case 'Ba+Bx': all = true; break;
    default: throw new PsError('process selection options conflict');
  }
  const simpleAccept = (p: ProcInfo) => !(selMyEuid && p.euid !== cachedEuid) && !(selMyTty && p.ttyNr !== me)
    && !(selNoLeader && p.sid === p.pid) && !(selHasTty && p.ttyNr === 0);
  const listed = (p: ProcInfo) => lists.some((l) => l.values.some((v) => {
    switch (l.kind) {
      case 'pid': return p.pid === v;
      case 'ppid': return p.ppid === v;
      case 'euid': return p.euid === v;
      case 'ruid': return p.ruid === v;
      case 'tty': return p.ttyNr === v;
      case 'sid': return p.sid === v;
      case 'pgid': return p.pgid === v;
      case 'comm': return p.comm === String(v).slice(0, 15) || (p.comm.length === 15 && String(v).startsWith(p.comm));
    }
  }));
  const want = (p: ProcInfo) => {
    let ok = all || ((simple.size > 0 || !lists.length) && simpleAccept(p)) || listed(p);
    if (runningOnly && p.state !== 'R' && p.state !== 'D') ok = false;
    return negate ? !ok : ok;
  };

  const procs: ProcInfo[] = [];
  let names: string[] = [];
  try { names = sys.readdir('/proc'); } catch { /* no /proc: nothing to show */ }
  for (const n of names.filter((x) => /^\d+$/.test(x)).sort((a, b) => Number(a) - Number(b))) {
    const p = await readProc(sys, n);
    if (p && want(p)) procs.push(p);
  }
  if (sorters.length) {
    procs.sort((a, b) => {
      for (const s of sorters) {
        const x = s.pr(a, ctx), y = s.pr(b, ctx);
        const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
        if (c) return c * s.dir;
      }
      return 0;
    });
  }

  // ---- output (show_one_proc) ----
  const tty = sys.isatty(1);
  let screenCols = 80;
  try { screenCols = sys.winsize(1).cols; } catch { try { screenCols = sys.winsize(2).cols; } catch { try { screenCols = sys.winsize(0).cols; } catch { /* 80 */ } } }
  if (!tty) screenCols = OUTBUF_SIZE;
  const envCols = sys.getenv('COLUMNS');
  if (envCols && /^\d+$/.test(envCols) && Number(envCols) > 0 && Number(envCols) < OUTBUF_SIZE) screenCols = Number(envCols);
  if (colsOpt !== undefined && colsOpt > 0) screenCols = colsOpt;
  if (wCount && screenCols < 132) screenCols = 132;
  if (wCount > 1) screenCols = OUTBUF_SIZE;
  // check_header_width: the line may span several screen widths.
  let total = 0, wasNormal = 0;
  columns.forEach((c, i) => {
    if (c.spec.just === 'unlimited') total += i < columns.length - 1 ? c.width : 3;
    else total += c.width;
    total += wasNormal;
    wasNormal = 1;
  });
  let activeCols = screenCols;
  for (let i = 1; ; i++) { activeCols = screenCols * i; if (activeCols >= total || screenCols * i >= OUTBUF_SIZE / 2) break; }

  const line = (p: ProcInfo | undefined): string => {
    let out = '';
    let correct = 0, actual = 0, dospace = 0;
    for (let i = 0; i < columns.length; i++) {
      const col = columns[i]!;
      const last = i === columns.length - 1;
      let maxRight: number, tmpspace: number;
      if (!last) { maxRight = col.width; tmpspace = 0; }
      else {
        tmpspace = correct - actual;
        if (tmpspace < 1) { tmpspace = dospace; maxRight = activeCols - actual - tmpspace; }
        else maxRight = activeCols - Math.max(correct, actual);
      }
      maxRight = Math.max(0, Math.min(maxRight, OUTBUF_SIZE - 1));
      let text: string;
      if (p) {
        text = esc(col.spec.pr(p, ctx));
        if (col.spec.just === 'unlimited' || col.spec.just === 'wchan') text = [...text].slice(0, maxRight).join('');
        else if (col.spec.just === 'user' && !userIsNumber && text.length > maxRight) text = maxRight >= 1 ? text.slice(0, maxRight - 1) + '+' : text;
      } else text = col.name;
      let leftpad = 0;
      switch (col.spec.just) {
        case 'right': leftpad = Math.max(0, col.width - text.length); break;
        case 'user': leftpad = userIsNumber ? Math.max(0, col.width - text.length) : 0; break;
        case 'unlimited': case 'wchan': if (activeCols - actual - tmpspace < 1) text = text.slice(0, 1); break;
      }
      let space = correct - actual + leftpad;
      if (space < 1) space = dospace;
      if (space > SPACE_AMOUNT) space = SPACE_AMOUNT;
      out += ' '.repeat(space) + text;
      if (last) { out += '\n'; break; }
      actual += space + [...text].length;
      correct += col.width + 1;
      dospace = 1;
    }
    return out;
  };
  // A header made only of empty names (-o pid=) is left out.
  const headerWanted = !noHeaders && columns.some((c) => c.name !== '');
  let out = headerWanted ? line(undefined) : '';
  for (const p of procs) out += line(p);
  await sys.out(out);
  return procs.length ? 0 : 1;
}

async function readText(sys: Sys, path: string): Promise<string> {
  try { return await sys.readText(path); } catch { return ''; }
}

/** procps_pid_length(): the digits of /proc/sys/kernel/pid_max (5 when unreadable). */
async function pidLength(sys: Sys): Promise<number> {
  const t = (await readText(sys, '/proc/sys/kernel/pid_max')).trim();
  return /^\d+$/.test(t) ? t.length : 5;
}

async function memTotal(sys: Sys): Promise<number> {
  const m = /MemTotal:\s+(\d+)/.exec(await readText(sys, '/proc/meminfo'));
  return m ? Number(m[1]) : 4039588; // a 4 GiB machine when the memory model gives no /proc/meminfo
}

function ownTty(sys: Sys): number {
  try {
    const name = sys.ttyName(0);
    const m = /^\/dev\/pts\/(\d+)$/.exec(name);
    return m ? (136 << 8) | Number(m[1]) : 0;
  } catch { return 0; }
}

/** One /proc/PID: stat (fields after the parenthesized comm), status (uids, gids), cmdline, exe. */
async function readProc(sys: Sys, pid: string): Promise<ProcInfo | undefined> {
  const stat = await readText(sys, `/proc/${pid}/stat`);
  if (!stat) return undefined;
  const open = stat.indexOf('('), close = stat.lastIndexOf(')');
  const f = stat.slice(close + 2).trim().split(/\s+/).map((x) => x);
  const num = (i: number) => Number(f[i] ?? 0);
  const status = await readText(sys, `/proc/${pid}/status`);
  const ids = (label: string) => (new RegExp(`^${label}:\\s+(\\d+)\\s+(\\d+)`, 'm').exec(status) ?? []).slice(1).map(Number);
  const [ruid = 0, euid = 0] = ids('Uid');
  const [rgid = 0, egid = 0] = ids('Gid');
  const raw = await readText(sys, `/proc/${pid}/cmdline`);
  const cmdline = raw ? raw.replace(/\0$/, '').split('\0') : [];
  let exe = '';
  try { exe = sys.readlink(`/proc/${pid}/exe`); } catch { /* not ours to read */ }
  return {
    pid: Number(stat.slice(0, open).trim()), comm: stat.slice(open + 1, close), state: f[0] ?? '?', ppid: num(1), pgid: num(2), sid: num(3),
    ttyNr: num(4), tpgid: num(5), flags: num(6), utime: num(11), stime: num(12), priority: num(15), nice: num(16), nlwp: num(17),
    start: num(19), vsize: num(20), rssPages: num(21), ruid, euid, rgid, egid, cmdline, exe,
  };
}
