// clear(1) of ncurses for TERM=xterm-256color: home, erase the screen, erase the scrollback (E3); -x keeps
// the scrollback. A terminal type without those capabilities (dumb) gets nothing.
import type { Sys } from '../kernel/sys.ts';
import { getopt, UsageError } from './lib.ts';

const OPTIONS = { flags: 'Vx', withArg: 'T' };

const USAGE = `Usage: clear [options]

Options:
  -T TERM     use this instead of $TERM
  -V          print curses-version
  -x          do not try to clear scrollback
`;

export default async function clear(sys: Sys): Promise<number> {
  let o;
  try {
    o = getopt('clear', sys.argv.slice(1), OPTIONS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    await sys.err(USAGE);
    return 1;
  }
  if (o.operands.length) { await sys.err(USAGE); return 1; }
  if (o.has('V')) { await sys.out('ncurses 6.4.20221231\n'); return 0; }
  const term = o.get('T') ?? sys.getenv('TERM');
  if (!term) { await sys.err('TERM environment variable not set.\n'); return 1; }
  if (term === 'dumb') return 0;
  await sys.out(o.has('x') ? '\x1b[H\x1b[2J' : '\x1b[H\x1b[2J\x1b[3J');
  return 0;
}
