// dirname(1) of coreutils 9.1: each NAME without its last component ("." when there is none).
import type { Sys } from '../kernel/sys.ts';
import { getopt, UsageError, withUsage } from './lib.ts';

const OPTIONS = {
  flags: 'z',
  long: { zero: { key: 'z' }, help: { key: 'help' }, version: { key: 'version' } },
} as const;

/** gnulib's dir_len: drop the last component and the slashes before it, keeping a leading "/". */
export function dirName(path: string): string {
  const lead = path.startsWith('/') ? 1 : 0;
  // Start of the last component (trailing slashes ignored), as last_component() finds it.
  let base = 0;
  while (path[base] === '/') base++;
  let lastWasSlash = false;
  for (let p = base; p < path.length; p++) {
    if (path[p] === '/') lastWasSlash = true;
    else if (lastWasSlash) { base = p; lastWasSlash = false; }
  }
  let len = base;
  while (len > lead && path[len - 1] === '/') len--;
  return len === 0 ? '.' : path.slice(0, len);
}

export default async function dirname(sys: Sys): Promise<number> {
  return withUsage(sys, 'dirname', async () => {
    const o = getopt('dirname', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: dirname [OPTION] NAME...\n'); return 0; }
    if (o.has('version')) { await sys.out('dirname (GNU coreutils) 9.1\n'); return 0; }
    if (!o.operands.length) throw new UsageError('dirname: missing operand');
    const end = o.has('z') ? '\0' : '\n';
    await sys.out(o.operands.map((n) => dirName(n) + end).join(''));
    return 0;
  });
}
