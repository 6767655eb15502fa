// env(1) of coreutils: prints the environment, or runs a command in a modified one (-i empty, -u NAME
// unset, NAME=value set, -C DIR working directory, -S split a string into arguments). The command replaces
// env (execvp, with the PATH of the new environment); 127 when it is not found, 126 when not executable.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { errText, getopt, quoteLocale, shellQuote, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'i0v',
  withArg: 'uCS',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    'ignore-environment': { key: 'i' }, null: { key: '0' }, unset: { key: 'u', arg: true }, chdir: { key: 'C', arg: true },
    'split-string': { key: 'S', arg: true }, debug: { key: 'v' },
  },
  stopAtOperand: true,
};

/** -S: split a string on whitespace, with '...', "..." and backslash escapes as env's parser takes them. */
function splitString(s: string): string[] {
  const out: string[] = [];
  let cur = '', has = false, q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (q) {
      if (c === q) q = null;
      else if (c === '\\' && q === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') { q = c; has = true; }
    else if (c === '\\' && i + 1 < s.length) { cur += s[++i]; has = true; }
    else if (/\s/.test(c)) { if (has || cur) out.push(cur); cur = ''; has = false; }
    else cur += c;
  }
  if (has || cur) out.push(cur);
  return out;
}

export default async function env(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'env';
  return withUsage(sys, prog, async () => {
    // env treats a leading "-" alone as -i.
    const args = sys.argv.slice(1).map((a, i, all) => (a === '-' && all.slice(0, i).every((x) => x.startsWith('-') && x !== '--') ? '-i' : a));
    const o = getopt(prog, args, OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'env')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    let environ = o.has('i') ? [] : [...sys.environ];
    for (const [k, v] of o.list) {
      if (k !== 'u' || v === true) continue;
      if (v === '' || v.includes('=')) { await sys.err(`${prog}: cannot unset ${quoteLocale(v)}: Invalid argument\n`); return 125; }
      environ = environ.filter((e) => !e.startsWith(v + '='));
    }
    let operands = o.operands;
    const split = o.get('S');
    if (split !== undefined) operands = [...splitString(split), ...operands];
    let i = 0;
    for (; i < operands.length; i++) {
      const a = operands[i]!;
      const eq = a.indexOf('=');
      if (eq <= 0) break;
      const name = a.slice(0, eq);
      const at = environ.findIndex((e) => e.startsWith(name + '='));
      if (at >= 0) environ[at] = a; else environ.push(a);
    }
    const cmd = operands.slice(i);
    const dir = o.get('C');
    if (!cmd.length) {
      if (dir !== undefined) { await sys.err(`${prog}: must specify command with --chdir (-C)\nTry '${prog} --help' for more information.\n`); return 125; }
      const sep = o.has('0') ? '\0' : '\n';
      await sys.out(environ.map((e) => e + sep).join(''));
      return 0;
    }
    if (o.has('0')) { await sys.err(`${prog}: cannot specify --null (-0) with command\nTry '${prog} --help' for more information.\n`); return 125; }
    if (dir !== undefined) {
      try { sys.chdir(dir); } catch (e) {
        await sys.err(`${prog}: cannot change directory to ${shellQuote(dir)}: ${errText(e)}\n`);
        return 125;
      }
    }
    const name = cmd[0]!;
    const pathVar = environ.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/usr/local/bin:/usr/bin:/bin';
    // execvp: try each PATH entry; remember a permission failure, report ENOENT only if nothing else came up.
    const candidates = name.includes('/') ? [name] : pathVar.split(':').map((d) => `${d || '.'}/${name}`);
    let failure: SysError | undefined;
    for (const path of candidates) {
      try {
        return await sys.exec(path, cmd, environ);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (e.code === 'ENOEXEC') {
          // Not a binary nor a #! script: execvp hands it to the shell.
          try { return await sys.exec('/bin/sh', ['/bin/sh', path, ...cmd.slice(1)], environ); } catch (e2) { if (!(e2 instanceof SysError)) throw e2; failure = e2; }
        } else if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') failure = e;
        else failure ??= e;
      }
    }
    const code = failure?.code ?? 'ENOENT';
    await sys.err(`${prog}: ${quoteLocale(name)}: ${errText(failure ?? new SysError('ENOENT'))}\n`);
    return code === 'ENOENT' || code === 'ENOTDIR' ? 127 : 126;
  }, 125);
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]
Set each NAME to VALUE in the environment and run COMMAND.

Mandatory arguments to long options are mandatory for short options too.
  -i, --ignore-environment  start with an empty environment
  -0, --null           end each output line with NUL, not newline
  -u, --unset=NAME     remove variable from the environment
  -C, --chdir=DIR      change working directory to DIR
  -S, --split-string=S  process and split S into separate arguments;
                        used to pass multiple arguments on shebang lines
      --block-signal[=SIG]    block delivery of SIG signal(s) to COMMAND
      --default-signal[=SIG]  reset handling of SIG signal(s) to the default
      --ignore-signal[=SIG]   set handling of SIG signal(s) to do nothing
      --list-signal-handling  list non default signal handling to stderr
  -v, --debug          print verbose information for each processing step
      --help        display this help and exit
      --version     output version information and exit

A mere - implies -i.  If no COMMAND, print the resulting environment.

SIG may be a signal name like 'PIPE', or a signal number like '13'.
Without SIG, all known signals are included.  Multiple signals can be
comma-separated.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/env>
or available locally via: info '(coreutils) env invocation'
`;
const VERSION_TEXT = `env (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Richard Mlynarik, David MacKenzie, and Assaf Gordon.
`;
