// yes(1) of coreutils 9.1: print the arguments (or "y") forever. Writes a block of copies at a time and awaits
// each write, so it yields to the host (Ctrl-C) and dies of SIGPIPE when its reader goes away.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { getopt, withUsage } from './lib.ts';

// Only --help and --version are options (parse_gnu_standard_options_only); "-n" is invalid, "-- -n" prints -n.
const OPTIONS = { long: { help: { key: 'help' }, version: { key: 'version' } } } as const;

export default async function yes(sys: Sys): Promise<number> {
  return withUsage(sys, 'yes', async () => {
    const o = getopt('yes', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: yes [STRING]...\n  or:  yes OPTION\n'); return 0; }
    if (o.has('version')) { await sys.out('yes (GNU coreutils) 9.1\n'); return 0; }
    const line = (o.operands.length ? o.operands.join(' ') : 'y') + '\n';
    // About 8 KiB per write, like yes's BUFSIZ-filled buffer.
    const block = new TextEncoder().encode(line.repeat(Math.max(1, Math.floor(8192 / line.length))));
    for (;;) {
      try {
        await sys.write(1, block);
      } catch (e) {
        // Only reached when SIGPIPE is ignored (otherwise the signal already ended us).
        if (e instanceof SysError) { await sys.err(`yes: standard output: ${e.message}\n`).catch(() => 0); return 1; }
        throw e;
      }
    }
  });
}
