// pwd(1) of coreutils (/bin/pwd; bash has its own builtin): -P prints the physical directory (the default
// here, as POSIXLY_CORRECT is unset), -L the logical $PWD when it names the same directory.
import type { Sys } from '../kernel/sys.ts';
import { getopt, withUsage, usageText } from './lib.ts';

const OPTIONS = { flags: 'LP', long: { help: { key: 'help' }, version: { key: 'version' }, logical: { key: 'L' }, physical: { key: 'P' } } };

export default async function pwd(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'pwd';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'pwd')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (o.operands.length) await sys.err(`${prog}: ignoring non-option arguments\n`);
    const last = [...o.list].reverse().find(([k]) => k === 'L' || k === 'P')?.[0];
    const physical = sys.getcwd();
    if (last === 'L') {
      const env = sys.getenv('PWD');
      // $PWD counts only when absolute, free of . and .. components, and the same directory as ".".
      if (env && env.startsWith('/') && !/(^|\/)\.\.?(\/|$)/.test(env)) {
        try {
          const a = sys.stat(env), b = sys.stat('.');
          if (a.ino === b.ino && a.dev === b.dev) { await sys.out(env + '\n'); return 0; }
        } catch { /* fall back to the physical name */ }
      }
    }
    await sys.out(physical + '\n');
    return 0;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: pwd [OPTION]...
Print the full filename of the current working directory.

  -L, --logical   use PWD from environment, even if it contains symlinks
  -P, --physical  avoid all symlinks
      --help        display this help and exit
      --version     output version information and exit

If no option is specified, -P is assumed.

NOTE: your shell may have its own version of pwd, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/pwd>
or available locally via: info '(coreutils) pwd invocation'
`;
const VERSION_TEXT = `pwd (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Jim Meyering.
`;
