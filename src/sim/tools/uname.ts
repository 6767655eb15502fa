// uname(1) of coreutils: the fields of uname(2) from the machine's profile. -p and -i print "unknown" (as
// Debian's coreutils does) and are left out of -a when unknown; -o is the fixed "GNU/Linux".
import type { Sys } from '../kernel/sys.ts';
import { UsageError, getopt, quoteLocale, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'asnrvmpio',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    all: { key: 'a' }, 'kernel-name': { key: 's' }, nodename: { key: 'n' }, 'kernel-release': { key: 'r' },
    'kernel-version': { key: 'v' }, machine: { key: 'm' }, processor: { key: 'p' }, 'hardware-platform': { key: 'i' },
    'operating-system': { key: 'o' },
  },
};

export default async function uname(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'uname';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'uname')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (o.operands.length) throw new UsageError(`${prog}: extra operand ${quoteLocale(o.operands[0]!)}`);
    const m = sys.machine;
    const all = o.has('a');
    // The order of the output is fixed (GNU's), whatever the order of the options.
    const fields: [string, string, boolean][] = [
      ['s', m.sysname, true], ['n', m.nodename, true], ['r', m.release, true], ['v', m.version, true],
      ['m', m.machine, true], ['p', 'unknown', false], ['i', 'unknown', false], ['o', 'GNU/Linux', true],
    ];
    const any = fields.some(([k]) => o.has(k));
    const out = fields.filter(([k, , inAll]) => o.has(k) || (all && inAll) || (!any && !all && k === 's')).map(([, v]) => v);
    await sys.out(out.join(' ') + '\n');
    return 0;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: uname [OPTION]...
Print certain system information.  With no OPTION, same as -s.

  -a, --all                print all information, in the following order,
                             except omit -p and -i if unknown:
  -s, --kernel-name        print the kernel name
  -n, --nodename           print the network node hostname
  -r, --kernel-release     print the kernel release
  -v, --kernel-version     print the kernel version
  -m, --machine            print the machine hardware name
  -p, --processor          print the processor type (non-portable)
  -i, --hardware-platform  print the hardware platform (non-portable)
  -o, --operating-system   print the operating system
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/uname>
or available locally via: info '(coreutils) uname invocation'
`;
const VERSION_TEXT = `uname (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie.
`;
