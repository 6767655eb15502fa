// sleep(1) of coreutils: the sum of its operands, each a floating-point number with an optional unit
// (s, m, h, d). Uses nanosleep (sys.sleep), so a signal such as ^C's SIGINT ends it.
import type { Sys } from '../kernel/sys.ts';
import { UsageError, getopt, quoteLocale, withUsage, usageText } from './lib.ts';

const OPTIONS = { long: { help: { key: 'help' }, version: { key: 'version' } } };
const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
/** Longest single timer: host timers overflow past 2^31-1 ms, so long sleeps go in steps. */
const STEP_MS = 1_000_000_000;

/** xstrtod in the C locale: decimal or hex floats, inf/infinity, nan. */
function parseSeconds(arg: string): number | undefined {
  const m = /^\s*([+-]?(?:0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|\d*\.?\d*(?:[eE][+-]?\d+)?|inf(?:inity)?|nan))([smhd]?)$/i.exec(arg);
  if (!m || !/[0-9]|inf|nan/i.test(m[1]!)) return undefined;
  const num = m[1]!;
  let v: number;
  if (/inf/i.test(num)) v = num.startsWith('-') ? -Infinity : Infinity;
  else if (/nan/i.test(num)) v = NaN;
  else if (/0x/i.test(num)) {
    const h = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?\d+))?$/.exec(num);
    if (!h || !(h[2]! + h[3]!)) return undefined;
    v = (parseInt(h[2]! || '0', 16) + (h[3] ? parseInt(h[3], 16) / 16 ** h[3].length : 0)) * 2 ** Number(h[4] ?? 0);
    if (h[1] === '-') v = -v;
  } else v = Number(num);
  if (Number.isNaN(v) || v < 0) return undefined;
  return v * UNIT[m[2]!.toLowerCase()]!;
}

export default async function sleep(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'sleep';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'sleep')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (!o.operands.length) throw new UsageError(`${prog}: missing operand`);
    let seconds = 0;
    const bad: string[] = [];
    for (const a of o.operands) {
      const s = parseSeconds(a);
      if (s === undefined) bad.push(a); else seconds += s;
    }
    if (bad.length) {
      // Every bad operand is reported, then one "Try" line.
      const lines = bad.map((a) => `${prog}: invalid time interval ${quoteLocale(a)}`);
      throw new UsageError(lines.join('\n'));
    }
    // One nanosleep even for 0 (strace shows clock_nanosleep(..., {tv_sec=0, tv_nsec=0}, ...)).
    let remaining = seconds * 1000;
    do {
      const step = Math.min(remaining, STEP_MS);
      await sys.sleep(step);
      if (Number.isFinite(remaining)) remaining -= step;
    } while (remaining > 0);
    return 0;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: sleep NUMBER[SUFFIX]...
  or:  sleep OPTION
Pause for NUMBER seconds.  SUFFIX may be 's' for seconds (the default),
'm' for minutes, 'h' for hours or 'd' for days.  NUMBER need not be an
integer.  Given two or more arguments, pause for the amount of time
specified by the sum of their values.

      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/sleep>
or available locally via: info '(coreutils) sleep invocation'
`;
const VERSION_TEXT = `sleep (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Jim Meyering and Paul Eggert.
`;
