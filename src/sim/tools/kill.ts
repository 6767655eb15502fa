// kill(1) of procps-ng 4 (/bin/kill, not bash's builtin): sends SIGTERM or the given signal (-9, -KILL,
// -SIGKILL, -s NAME, --signal NAME) to each pid; -l lists signal names (or converts one, either way), -L
// prints the table. Failures read "kill: (123): No such process" and make the status 1.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { errText } from './lib.ts';

/** procps's sigtable: the 31 classic signals of x86-64 Linux, in number order. */
const SIGNALS = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'POLL', 'PWR', 'SYS'];
const SIGRTMIN = 34;

/** signal_name_to_number(): a name with or without SIG (any case), CLD/IO/IOT, RTMIN+n, or a number. */
export function signalNameToNumber(nameIn: string): number {
  let name = nameIn;
  if (/^sig/i.test(name)) name = name.slice(3);
  const up = name.toUpperCase();
  if (up === 'CLD') return 17;
  if (up === 'IO') return 29;
  if (up === 'IOT') return 6;
  const i = SIGNALS.indexOf(up);
  if (i >= 0) return i + 1;
  if (up === 'RTMIN') return SIGRTMIN;
  if (up === 'EXIT' || up === 'NULL') return 0;
  let offset = 0;
  if (up.startsWith('RTMIN+')) { name = name.slice(6); offset = SIGRTMIN; }
  if (!/^[+-]?\d+$/.test(name)) return -1;
  const val = Number(name);
  if (val + SIGRTMIN > 127) return -1;
  return val + offset;
}

/** strtosig(): "9" → "KILL", "kill"/"SIGKILL" → "9"; undefined when unknown. */
function strtosig(s: string): string | undefined {
  let p = s.toUpperCase();
  if (p.startsWith('SIG')) p = p.slice(3);
  if (/^\d/.test(p)) {
    if (!/^\d+$/.test(s)) return undefined;
    const n = Number(s);
    return n >= 1 && n <= SIGNALS.length ? SIGNALS[n - 1] : undefined;
  }
  const i = SIGNALS.indexOf(p);
  return i >= 0 ? String(i + 1) : undefined;
}

function usage(): string {
  return `
Usage:
 kill [options] <pid> [...]

Options:
 <pid> [...]            send signal to every <pid> listed
 -<signal>, -s, --signal <signal>
                        specify the <signal> to be sent
 -q, --queue <value>    integer value to be sent with the signal
 -l, --list=[<signal>]  list all signal names, or convert one to a name
 -L, --table            list all signal names in a nice table

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see kill(1).
`;
}

export default async function kill(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'kill';
  const args = sys.argv.slice(1);
  if (!args.length) { await sys.err(usage()); return 1; }
  // skill_sig_option: the first "-SIGNAL" anywhere is the signal, removed before option parsing.
  let signo = -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') && a !== '-' && !a.startsWith('--')) {
      const n = signalNameToNumber(a.slice(1));
      if (n > -1) { signo = n; args.splice(i, 1); break; }
    }
  }
  if (signo < 0) signo = 15;
  const pids: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { pids.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const long = ['list', 'table', 'signal', 'help', 'version', 'queue'].filter((l) => l.startsWith(name));
      if (long.length !== 1) { await sys.err(`${prog}: invalid argument ${a[2] ?? '-'}\n${usage()}`); return 1; }
      const opt = long[0]!;
      if (opt === 'list') return listSignals(sys, prog, inline ?? (args[i + 1] && !args[i + 1]!.startsWith('-') ? args[i + 1] : undefined));
      if (opt === 'table') return table(sys);
      if (opt === 'help') { await sys.out(usage()); return 0; }
      if (opt === 'version') { await sys.out('kill from procps-ng 4.0.2\n'); return 0; }
      const v = inline ?? args[++i];
      if (v === undefined) { await sys.err(`${prog}: invalid argument ${opt[0]}\n${usage()}`); return 1; }
      if (opt === 'signal') signo = signalNameToNumber(v);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const c = a[1]!;
      const rest = a.slice(2);
      if (c === 'l') return listSignals(sys, prog, rest || (args[i + 1] && !args[i + 1]!.startsWith('-') ? args[i + 1] : undefined));
      if (c === 'L') return table(sys);
      if (c === 'h') { await sys.out(usage()); return 0; }
      if (c === 'V') { await sys.out('kill from procps-ng 4.0.2\n'); return 0; }
      if (c === 's' || c === 'q') {
        const v = rest || args[++i];
        if (v === undefined) { await sys.err(`${prog}: invalid argument ${c}\n${usage()}`); return 1; }
        if (c === 's') signo = signalNameToNumber(v);
        continue;
      }
      if (/\d/.test(c)) {
        // A negative pid (a process group) that is not also a signal number.
        pids.push(a, ...args.slice(i + 1));
        break;
      }
      await sys.err(`${prog}: invalid argument ${c}\n${usage()}`);
      return 1;
    }
    pids.push(a);
  }
  if (!pids.length) { await sys.err(usage()); return 1; }
  let status = 0;
  for (const a of pids) {
    if (!/^\s*[+-]?\d+$/.test(a)) { await sys.err(`${prog}: failed to parse argument: '${a}'\n`); return 1; }
    const pid = Number(a);
    try {
      if (signo < 0) throw new SysError('EINVAL');
      sys.kill(pid, signo);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sys.err(`${prog}: (${pid}): ${errText(e)}\n`);
      status = 1;
    }
  }
  return status;
}

async function listSignals(sys: Sys, prog: string, which: string | undefined): Promise<number> {
  if (which !== undefined) {
    const s = strtosig(which);
    if (s) await sys.out(s + '\n'); else await sys.err(`${prog}: unknown signal name ${which}\n`);
    return 0;
  }
  // unix_print_signals: names separated by spaces, a new line once past column 73.
  let out = '', pos = 0;
  SIGNALS.forEach((name, i) => {
    if (i) { if (pos > 73) { out += '\n'; pos = 0; } else { out += ' '; pos++; } }
    out += name;
    pos += name.length;
  });
  await sys.out(out + '\n');
  return 0;
}

async function table(sys: Sys): Promise<number> {
  let out = '';
  SIGNALS.forEach((name, idx) => {
    const i = idx + 1;
    const cell = `${String(i).padStart(2)} ${name}`;
    // Each cell is padded to 11 columns (procps prints a slice of an 11-space string).
    out += i % 7 ? cell + ' '.repeat(Math.max(0, 11 - cell.length)) : cell + '\n';
  });
  if (SIGNALS.length % 7) out += '\n';
  await sys.out(out);
  return 0;
}
