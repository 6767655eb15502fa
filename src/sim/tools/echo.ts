// echo(1) of coreutils (/bin/echo): -n, -e, -E; escapes as coreutils interprets them with -e.
import type { Sys } from '../kernel/sys.ts';

export function echoArgs(args: string[]): { text: string; newline: boolean } {
  let newline = true, escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) { if (c === 'n') newline = false; else if (c === 'e') escapes = true; else escapes = false; }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const cut = text.indexOf('\\c');
    if (cut >= 0) { text = text.slice(0, cut); newline = false; }
    text = unescapeC(text);
  }
  return { text, newline };
}

/** Backslash escapes of echo -e / printf %b. */
export function unescapeC(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|[abefnrtv\\])/g, (_, e: string) => {
    switch (e[0]) {
      case '0': return String.fromCharCode(parseInt(e.slice(1) || '0', 8));
      case 'x': return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'a': return '\x07'; case 'b': return '\b'; case 'e': return '\x1b'; case 'f': return '\f';
      case 'n': return '\n'; case 'r': return '\r'; case 't': return '\t'; case 'v': return '\v';
      default: return '\\';
    }
  });
}

export default async function echo(sys: Sys): Promise<number> {
  const { text, newline } = echoArgs(sys.argv.slice(1));
  await sys.out(newline ? text + '\n' : text);
  return 0;
}
