// whoami(1) of coreutils: the user name of the effective uid (getpwuid over /etc/passwd).
import type { Sys } from '../kernel/sys.ts';
import { UsageError, UserDb, getopt, quoteLocale, withUsage, usageText } from './lib.ts';

const OPTIONS = { long: { help: { key: 'help' }, version: { key: 'version' } } };

export default async function whoami(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'whoami';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'whoami')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (o.operands.length) throw new UsageError(`${prog}: extra operand ${quoteLocale(o.operands[0]!)}`);
    const user = (await UserDb.load(sys)).userById(sys.euid);
    if (!user) { await sys.err(`${prog}: cannot find name for user ID ${sys.euid}\n`); return 1; }
    await sys.out(user.name + '\n');
    return 0;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: whoami [OPTION]...
Print the user name associated with the current effective user ID.
Same as id -un.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/whoami>
or available locally via: info '(coreutils) whoami invocation'
`;
const VERSION_TEXT = `whoami (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Richard Mlynarik.
`;
