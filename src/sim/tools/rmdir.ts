// rmdir(1) of coreutils: removes empty directories; -p also each parent named in the operand, -v reports,
// --ignore-fail-on-non-empty stays quiet about directories that still hold something.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, errText, getopt, shellQuote, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'pv',
  long: { help: { key: 'help' }, version: { key: 'version' }, parents: { key: 'p' }, verbose: { key: 'v' }, 'ignore-fail-on-non-empty': { key: 'ignore' } },
};

export default async function rmdir(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'rmdir';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'rmdir')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (!o.operands.length) throw new UsageError(`${prog}: missing operand`);
    let status = 0;
    const one = async (dir: string): Promise<boolean> => {
      if (o.has('v')) await sys.out(`${prog}: removing directory, ${shellQuote(dir)}\n`);
      try { sys.rmdir(dir); return true; } catch (e) {
        if (e instanceof SysError && e.code === 'ENOTEMPTY' && o.has('ignore')) return false;
        await sys.err(`${prog}: failed to remove ${shellQuote(dir)}: ${errText(e)}\n`);
        status = 1;
        return false;
      }
    };
    for (const operand of o.operands) {
      if (!(await one(operand)) || !o.has('p')) continue;
      // -p: "a/b/c" then "a/b" then "a" (trailing slashes and repeated slashes ignored).
      let dir = operand.replace(/\/+$/, '');
      for (;;) {
        const i = dir.lastIndexOf('/');
        if (i <= 0) break;
        dir = dir.slice(0, i).replace(/\/+$/, '');
        if (!dir) break;
        if (!(await one(dir))) break;
      }
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: rmdir [OPTION]... DIRECTORY...
Remove the DIRECTORY(ies), if they are empty.

      --ignore-fail-on-non-empty
                    ignore each failure that is solely because a directory
                    is non-empty

  -p, --parents     remove DIRECTORY and its ancestors; e.g., 'rmdir -p a/b/c'
                    is similar to 'rmdir a/b/c a/b a'

  -v, --verbose     output a diagnostic for every directory processed
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/rmdir>
or available locally via: info '(coreutils) rmdir invocation'
`;
const VERSION_TEXT = `rmdir (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie.
`;
