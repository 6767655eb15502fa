// pidof(1) of procps-ng 4: finds processes by program name, scanning /proc/[0-9]*: a process matches when
// the name equals its argv[0], the basename of argv[0], or the basename of its /proc/PID/exe link (and, with
// -x, the script a shell runs). Prints the pids highest first, space separated; status 1 when none.
// -s one pid only, -q quiet, -o omits pids (%PPID is pidof's parent), -S/-d a separator.
import type { Sys } from '../kernel/sys.ts';
import { getopt, UsageError } from './lib.ts';

const OPTIONS = {
  flags: 'scnqxwtmhV',
  withArg: 'doS',
  long: {
    'check-root': { key: 'c' }, 'single-shot': { key: 's' }, 'omit-pid': { key: 'o', arg: true }, separator: { key: 'S', arg: true },
    quiet: { key: 'q' }, 'with-workers': { key: 'w' }, lightweight: { key: 't' }, help: { key: 'h' }, version: { key: 'V' },
  },
};

const USAGE = `
Usage:
 pidof [options] [program [...]]

Options:
 -s, --single-shot         return one PID only
 -c, --check-root          omit processes with different root
 -q,                       quiet mode, only set the exit code
 -w, --with-workers        show kernel workers too
 -x                        also find shells running the named scripts
 -o, --omit-pid <PID,...>  omit processes with PID
 -t, --lightweight         list threads too
 -S, --separator SEP       use SEP as separator put between PIDs
 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see pidof(1).
`;

const base = (s: string) => s.slice(s.lastIndexOf('/') + 1);

export default async function pidof(sys: Sys): Promise<number> {
  let o;
  try {
    o = getopt('pidof', sys.argv.slice(1), OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    await sys.err(`${e.message}${USAGE}`);
    return 1;
  }
  if (o.has('h')) { await sys.out(USAGE); return 0; }
  if (o.has('V')) { await sys.out('pidof from procps-ng 4.0.2\n'); return 0; }
  const quiet = o.has('q');
  const single = o.has('s') || quiet;
  let separator = ' ';
  const omitted = new Set<number>();
  for (const [k, v] of o.list) {
    if ((k === 'S' || k === 'd') && v !== true) separator = v;
    if (k === 'o' && v !== true) {
      for (const item of v.split(/[,;:]/).filter(Boolean)) {
        if (item === '%PPID') omitted.add(sys.ppid);
        else if (/^\d+$/.test(item)) omitted.add(Number(item));
        else await sys.err(`pidof: illegal omit pid value (${item})!\n\n`);
      }
    }
  }
  const pids = sys.readdir('/proc').filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  const read = async (p: string) => { try { return await sys.readText(p); } catch { return undefined; } };
  // Each process once, in /proc order (ascending pids).
  const procs: { pid: number; argv: string[]; exe: string; comm: string }[] = [];
  for (const pid of pids) {
    const cmd = await read(`/proc/${pid}/cmdline`);
    if (cmd === undefined) continue;
    let exe = '';
    try { exe = sys.readlink(`/proc/${pid}/exe`); } catch { /* not readable */ }
    const stat = (await read(`/proc/${pid}/stat`)) ?? '';
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    procs.push({ pid, argv: cmd ? cmd.replace(/\0$/, '').split('\0') : [], exe, comm });
  }
  let found = false;
  let out = '';
  for (const program of o.operands) {
    if (!program) continue;
    const programBase = base(program);
    const matches: number[] = [];
    for (const p of procs) {
      if (omitted.has(p.pid)) continue;
      if (!p.argv.length && !o.has('w')) continue;
      let arg0 = p.argv[0] ?? '';
      if (arg0.startsWith('-')) arg0 = arg0.slice(1); // login shells
      let match = program === base(arg0) || programBase === arg0 || program === arg0 || (o.has('w') && program === p.comm)
        || (p.exe !== '' && (program === base(p.exe) || program === p.exe));
      if (!match && o.has('x') && p.argv[1]) {
        const arg1 = p.argv[1];
        if (base(arg1).startsWith(p.comm) && (program === base(arg1) || programBase === arg1 || program === arg1)) match = true;
      }
      if (!match && arg0.includes(' ')) match = program === p.comm;
      if (match) matches.push(p.pid);
    }
    if (!matches.length) continue;
    found = true;
    for (let i = matches.length - 1; i >= 0; i--) {
      if (!quiet) out += (out ? separator : '') + matches[i];
      if (single) break;
    }
  }
  if (!quiet && found) await sys.out(out + '\n');
  return found ? 0 : 1;
}
