// sync(1) of coreutils: flush file system buffers. sync(2) writes the page cache's dirty pages to disk
// (kernel/pagecache.ts) and waits for them; with FILE operands it checks they exist (as sync FILE does with fsync)
// and syncs everything (the model has no per-file writeback).
import type { Sys } from '../kernel/sys.ts';
import { errText, getopt, shellQuote, withUsage, usageText } from './lib.ts';

const OPTIONS = { flags: 'df', long: { help: { key: 'help' }, version: { key: 'version' }, data: { key: 'd' }, 'file-system': { key: 'f' } } };

export default async function sync(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'sync';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'sync')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (o.has('d') && o.has('f')) { await sys.err(`${prog}: cannot specify both --data and --file-system\n`); return 1; }
    if (o.has('d') && !o.operands.length) { await sys.err(`${prog}: --data needs at least one argument\n`); return 1; }
    let status = 0;
    for (const f of o.operands) {
      try { sys.stat(f); } catch (e) {
        await sys.err(`${prog}: error opening ${shellQuote(f)}: ${errText(e)}\n`);
        status = 1;
      }
    }
    sys.sync();
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: sync [OPTION] [FILE]...
Synchronize cached writes to persistent storage

If one or more files are specified, sync only them,
or their containing file systems.

  -d, --data             sync only file data, no unneeded metadata
  -f, --file-system      sync the file systems that contain the files
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/sync>
or available locally via: info '(coreutils) sync invocation'
`;
const VERSION_TEXT = `sync (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Jim Meyering and Giuseppe Scrivano.
`;
