// touch(1) of coreutils: creates missing files (unless -c) and sets their access and modification times to
// now, to -d DATE, -t [[CC]YY]MMDDhhmm[.ss] or -r FILE's times; -a / -m change only one of the two.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { O_CREAT, O_WRONLY } from '../kernel/files.ts';
import { UsageError, errText, getopt, quoteLocale, shellQuote, withUsage, usageText } from './lib.ts';
import { parseDate } from './date.ts';

const OPTIONS = {
  flags: 'acfhm',
  withArg: 'drt',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    'no-create': { key: 'c' }, date: { key: 'd', arg: true }, reference: { key: 'r', arg: true },
    'no-dereference': { key: 'h' }, time: { key: 'time', arg: true },
  },
};

/** touch -t: [[CC]YY]MMDDhhmm[.ss] (two-digit years 69-99 are 19YY). */
function parseStamp(s: string): number | undefined {
  const m = /^(\d{8}|\d{10}|\d{12})(?:\.(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const d = m[1]!;
  let year: number, rest: string;
  if (d.length === 12) { year = +d.slice(0, 4); rest = d.slice(4); }
  else if (d.length === 10) { const yy = +d.slice(0, 2); year = (yy < 69 ? 2000 : 1900) + yy; rest = d.slice(2); }
  else return undefined; // MMDDhhmm alone takes the current year; callers pass it through parseStampNow
  const mo = +rest.slice(0, 2) - 1, day = +rest.slice(2, 4), h = +rest.slice(4, 6), mi = +rest.slice(6, 8), se = m[2] ? +m[2] : 0;
  if (mo > 11 || day < 1 || day > new Date(Date.UTC(year, mo + 1, 0)).getUTCDate() || h > 23 || mi > 59 || se > 60) return undefined;
  return Date.UTC(year, mo, day, h, mi, se);
}

export default async function touch(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'touch';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'touch')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (!o.operands.length) throw new UsageError(`${prog}: missing file operand`);
    let onlyAtime = o.has('a'), onlyMtime = o.has('m');
    const timeWord = o.get('time');
    if (timeWord !== undefined) {
      if (['atime', 'access', 'use'].includes(timeWord)) onlyAtime = true;
      else if (['mtime', 'modify'].includes(timeWord)) onlyMtime = true;
      else throw new UsageError(`${prog}: invalid argument ${quoteLocale(timeWord)} for ${quoteLocale('--time')}\nValid arguments are:\n  - ${quoteLocale('atime')}, ${quoteLocale('access')}, ${quoteLocale('use')}\n  - ${quoteLocale('mtime')}, ${quoteLocale('modify')}`);
    }
    const setA = onlyAtime || !onlyMtime, setM = onlyMtime || !onlyAtime;
    let atime: number | undefined, mtime: number | undefined;
    const ref = o.get('r'), dArg = o.get('d'), tArg = o.get('t');
    if (dArg !== undefined && tArg !== undefined) {
      await sys.err(`${prog}: cannot specify times from more than one source\nTry '${prog} --help' for more information.\n`);
      return 1;
    }
    if (ref !== undefined) {
      try { const st = sys.stat(ref); atime = st.atimeMs; mtime = st.mtimeMs; } catch (e) {
        await sys.err(`${prog}: failed to get attributes of ${shellQuote(ref)}: ${errText(e)}\n`);
        return 1;
      }
    }
    if (dArg !== undefined) {
      const t = parseDate(dArg, sys.now());
      if (t === undefined) { await sys.err(`${prog}: invalid date format ${quoteLocale(dArg)}\n`); return 1; }
      atime = mtime = t;
    }
    if (tArg !== undefined) {
      const t = /^\d{8}(\.\d{2})?$/.test(tArg) ? parseStamp(String(new Date(sys.now()).getUTCFullYear()) + tArg) : parseStamp(tArg);
      if (t === undefined) { await sys.err(`${prog}: invalid date format ${quoteLocale(tArg)}\n`); return 1; }
      atime = mtime = t;
    }
    const explicit = atime !== undefined;
    let status = 0;
    for (const file of o.operands) {
      // GNU first opens the file O_CREAT (unless -c); that open's error is the one reported when the times
      // cannot be set either.
      let openErr: unknown;
      if (!o.has('c') && file !== '-') {
        try { sys.close(sys.open(file, O_WRONLY | O_CREAT, 0o666)); } catch (e) { openErr = e; }
      }
      try {
        if (file === '-') continue;
        let a = setA ? atime : undefined, m = setM ? mtime : undefined;
        if (!setA || !setM || !explicit) {
          // Keep the time not being changed (utimensat's UTIME_OMIT).
          const st = sys.stat(file);
          if (!setA) a = st.atimeMs;
          if (!setM) m = st.mtimeMs;
        }
        if (!explicit && setA && setM) sys.utimes(file); else sys.utimes(file, a ?? sys.now(), m ?? sys.now());
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (o.has('c') && e.code === 'ENOENT' && !openErr) continue;
        const err = openErr ?? e;
        const msg = openErr ? `cannot touch ${shellQuote(file)}` : `setting times of ${shellQuote(file)}`;
        await sys.err(`${prog}: ${msg}: ${errText(err)}\n`);
        status = 1;
      }
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: touch [OPTION]... FILE...
Update the access and modification times of each FILE to the current time.

A FILE argument that does not exist is created empty, unless -c or -h
is supplied.

A FILE argument string of - is handled specially and causes touch to
change the times of the file associated with standard output.

Mandatory arguments to long options are mandatory for short options too.
  -a                     change only the access time
  -c, --no-create        do not create any files
  -d, --date=STRING      parse STRING and use it instead of current time
  -f                     (ignored)
  -h, --no-dereference   affect each symbolic link instead of any referenced
                         file (useful only on systems that can change the
                         timestamps of a symlink)
  -m                     change only the modification time
  -r, --reference=FILE   use this file's times instead of current time
  -t STAMP               use [[CC]YY]MMDDhhmm[.ss] instead of current time
      --time=WORD        change the specified time:
                           WORD is access, atime, or use: equivalent to -a
                           WORD is modify or mtime: equivalent to -m
      --help        display this help and exit
      --version     output version information and exit

Note that the -d and -t options accept different time-date formats.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/touch>
or available locally via: info '(coreutils) touch invocation'
`;
const VERSION_TEXT = `touch (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Rubin, Arnold Robbins, Jim Kingdon,
David MacKenzie, and Randy Smith.
`;
