// date(1) of coreutils: the time from clock_gettime(CLOCK_REALTIME) (sys.now()), in the default format
// "Thu Nov 26 23:17:31 UTC 2026" or +FORMAT (strftime with GNU's flags), -d a date string (get_date's
// common forms: @EPOCH, ISO 8601, "Nov 26 2026", times, "yesterday", "2 days ago", "next week"), -r FILE,
// -u, -R, -I[FMT], --rfc-3339=FMT. The machine's zone is UTC, so -u changes nothing. Setting the clock
// (date -s, date MMDDhhmm) fails as clock_settime(2) does in a container: EPERM.
import type { Sys } from '../kernel/sys.ts';
import { UsageError, errText, getopt, quoteLocale, strftime, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'uR',
  withArg: 'drsf',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    date: { key: 'd', arg: true }, file: { key: 'f', arg: true }, reference: { key: 'r', arg: true },
    set: { key: 's', arg: true }, utc: { key: 'u' }, universal: { key: 'u' }, 'rfc-email': { key: 'R' },
    'rfc-822': { key: 'R' }, 'rfc-2822': { key: 'R' }, 'iso-8601': { key: 'I', arg: 'optional' as const },
    'rfc-3339': { key: 'rfc3339', arg: true }, debug: { key: 'debug' },
  },
};

const DEFAULT_FORMAT = '%a %b %e %H:%M:%S %Z %Y';
const ISO_FORMATS: [string, string][] = [
  ['hours', '%Y-%m-%dT%H%:z'], ['minutes', '%Y-%m-%dT%H:%M%:z'], ['date', '%Y-%m-%d'],
  ['seconds', '%Y-%m-%dT%H:%M:%S%:z'], ['ns', '%Y-%m-%dT%H:%M:%S,%N%:z'],
];
const RFC3339_FORMATS: [string, string][] = [
  ['date', '%Y-%m-%d'], ['seconds', '%Y-%m-%d %H:%M:%S%:z'], ['ns', '%Y-%m-%d %H:%M:%S.%N%:z'],
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const UNITS: Record<string, [('y' | 'mo' | 'ms'), number]> = {
  year: ['y', 1], month: ['mo', 1], fortnight: ['ms', 14 * 86400000], week: ['ms', 7 * 86400000],
  day: ['ms', 86400000], hour: ['ms', 3600000], minute: ['ms', 60000], min: ['ms', 60000],
  second: ['ms', 1000], sec: ['ms', 1000],
};

function monthIndex(w: string): number {
  const i = MONTHS.indexOf(w.slice(0, 3));
  if (i < 0) return -1;
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][i]!;
  return full.startsWith(w) || w === 'sept' ? i : -1;
}
function weekdayIndex(w: string): number {
  const names = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  const i = WEEKDAYS.indexOf(w.slice(0, 3));
  return i >= 0 && (names[i]!.startsWith(w) || w === 'tues' || w === 'wednes' || w === 'thur' || w === 'thurs') ? i : -1;
}

/**
 * A subset of gnulib's parse_datetime: returns ms since the epoch, or undefined for "invalid date".
 * Items may come in any order, as get_date allows; a date without a time means midnight.
 */
export function parseDate(input: string, nowMs: number): number | undefined {
  const s = input.trim().toLowerCase();
  if (s.startsWith('@')) {
    const m = /^@\s*([+-]?\d+(?:[.,]\d+)?)$/.exec(s);
    return m ? Number(m[1]!.replace(',', '.')) * 1000 : undefined;
  }
  const now = new Date(nowMs);
  let year: number | undefined, month: number | undefined, day: number | undefined;
  let hour: number | undefined, minute = 0, second = 0, fracMs = 0;
  let zoneMin = 0;
  let relY = 0, relMo = 0, relMs = 0, weekday: number | undefined, weekdayOrd = 0;
  let timeSeen = false;
  // Tokens: words, numbers (with their sign), punctuation-separated date and time forms.
  const tokens = s.replace(/(\d)t(\d)/, '$1 $2').replace(/,/g, ' ').match(/[+-]?\d+(?:[-/:.]\d+)*(?:\s*(?:am|pm|a\.m\.|p\.m\.))?|[a-z]+\.?|[+-]\d+|\S/g) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let m: RegExpExecArray | null;
    if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) { year = +m[1]!; month = +m[2]! - 1; day = +m[3]!; continue; }
    if ((m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d+))?$/.exec(t))) {
      month = +m[1]! - 1; day = +m[2]!;
      if (m[3]) year = m[3].length <= 2 ? (+m[3] < 69 ? 2000 : 1900) + +m[3] : +m[3];
      continue;
    }
    if ((m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.](\d+))?)?(?:\s*(am|pm|a\.m\.|p\.m\.))?$/.exec(t))) {
      hour = +m[1]!; minute = +m[2]!; second = m[3] ? +m[3] : 0; fracMs = m[4] ? Number('0.' + m[4]) * 1000 : 0;
      const ampm = m[5]?.[0];
      if (ampm) { if (hour < 1 || hour > 12) return undefined; hour = (hour % 12) + (ampm === 'p' ? 12 : 0); }
      timeSeen = true;
      // A zone right after the time: +HH[:MM] / -HHMM
      const z = tokens[i + 1];
      if (z && (m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(z))) {
        zoneMin = (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + (m[3] ? +m[3] : 0));
        i++;
      }
      continue;
    }
    if (/^(utc|gmt|z|ut)$/.test(t)) continue;
    if (t === 'now' || t === 'today' || t === 'this') continue;
    if (t === 'tomorrow') { relMs += 86400000; continue; }
    if (t === 'yesterday') { relMs -= 86400000; continue; }
    if (t === 'ago') { relY = -relY; relMo = -relMo; relMs = -relMs; continue; }
    const unitOf = (w: string | undefined) => (w ? UNITS[w.replace(/s$/, '')] : undefined);
    if ((m = /^([+-]?\d+)$/.exec(t)) && unitOf(tokens[i + 1])) {
      const [kind, mult] = unitOf(tokens[++i])!;
      const n = +m[1]!;
      if (kind === 'y') relY += n; else if (kind === 'mo') relMo += n; else relMs += n * mult;
      continue;
    }
    if (t === 'next' || t === 'last') {
      const n = t === 'next' ? 1 : -1;
      const w = tokens[i + 1];
      const u = unitOf(w);
      if (u) { i++; if (u[0] === 'y') relY += n; else if (u[0] === 'mo') relMo += n; else relMs += n * u[1]; continue; }
      if (w && weekdayIndex(w) >= 0) { i++; weekday = weekdayIndex(w); weekdayOrd = n; continue; }
      return undefined;
    }
    const u = unitOf(t);
    if (u) { if (u[0] === 'y') relY += 1; else if (u[0] === 'mo') relMo += 1; else relMs += u[1]; continue; }
    const wd = weekdayIndex(t.replace(/\.$/, ''));
    if (wd >= 0) { if (weekday === undefined) { weekday = wd; weekdayOrd = 0; } continue; }
    const mi = monthIndex(t.replace(/\.$/, ''));
    if (mi >= 0) {
      month = mi;
      // "Nov 26 [2026]" or "26 Nov [2026]" (the day may have come before the month).
      const next = tokens[i + 1];
      if (day === undefined && next && /^\d{1,2}$/.test(next)) { day = +next; i++; }
      const after = tokens[i + 1];
      if (after && /^\d{4}$/.test(after)) { year = +after; i++; }
      continue;
    }
    if ((m = /^(\d{1,2})$/.exec(t)) && monthIndex(tokens[i + 1] ?? '') >= 0) { day = +m[1]!; continue; }
    if ((m = /^(\d{4})$/.exec(t)) && (month !== undefined || timeSeen)) { year = +m[1]!; continue; }
    if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) { year = +m[1]!; month = +m[2]! - 1; day = +m[3]!; continue; }
    if ((m = /^([+-])(\d{2}):?(\d{2})$/.exec(t))) { zoneMin = (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +m[3]!); continue; }
    return undefined;
  }
  const dateGiven = month !== undefined || day !== undefined || year !== undefined;
  const Y = year ?? now.getUTCFullYear();
  const Mo = month ?? now.getUTCMonth();
  const D = day ?? (dateGiven ? 1 : now.getUTCDate());
  if (Mo < 0 || Mo > 11 || D < 1 || D > new Date(Date.UTC(Y, Mo + 1, 0)).getUTCDate()) return undefined;
  if (hour !== undefined && (hour > 24 || minute > 59 || second > 60)) return undefined;
  if (hour === 24 && (minute || second)) return undefined;
  let h: number, mi: number, se: number, frac: number;
  if (hour !== undefined) { h = hour; mi = minute; se = second; frac = fracMs; }
  else if (dateGiven || weekday !== undefined) { h = 0; mi = 0; se = 0; frac = 0; } // a calendar date or weekday alone means midnight
  else { h = now.getUTCHours(); mi = now.getUTCMinutes(); se = now.getUTCSeconds(); frac = nowMs % 1000; }
  let t = Date.UTC(Y + relY, Mo + relMo, D, h, mi, se) + frac - zoneMin * 60000;
  if (weekday !== undefined) {
    const cur = new Date(t).getUTCDay();
    let delta = (weekday - cur + 7) % 7;
    if (weekdayOrd > 0 && delta === 0) delta = 7;
    if (weekdayOrd < 0) delta = delta === 0 ? -7 : delta - 7;
    t += delta * 86400000;
  }
  return t + relMs;
}

function argmatch(prog: string, opt: string, value: string, choices: [string, string][]): string {
  const exact = choices.find(([k]) => k === value);
  const matches = choices.filter(([k]) => k.startsWith(value));
  const hit = exact ?? (matches.length === 1 ? matches[0] : undefined);
  if (hit && value) return hit[1];
  const kind = matches.length > 1 && value ? 'ambiguous' : 'invalid';
  throw new UsageError(`${prog}: ${kind} argument ${quoteLocale(value)} for ${quoteLocale(opt)}\nValid arguments are:\n${choices.map(([k]) => `  - ${quoteLocale(k)}`).join('\n')}`);
}

/** POSIX date's set operand: MMDDhhmm[[CC]YY][.ss]. */
function parsePosixSet(s: string, nowMs: number): number | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}|\d{4})?(?:\.(\d{2}))?$/.exec(s);
  if (!m) return undefined;
  const now = new Date(nowMs);
  let y = now.getUTCFullYear();
  if (m[5]) y = m[5].length === 4 ? +m[5] : (+m[5] < 69 ? 2000 : 1900) + +m[5];
  const mo = +m[1]! - 1, d = +m[2]!, h = +m[3]!, mi = +m[4]!, se = m[6] ? +m[6] : 0;
  if (mo > 11 || d < 1 || d > new Date(Date.UTC(y, mo + 1, 0)).getUTCDate() || h > 23 || mi > 59 || se > 60) return undefined;
  return Date.UTC(y, mo, d, h, mi, se);
}

export default async function date(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'date';
  return withUsage(sys, prog, async () => {
    // -I takes its argument only when attached (-Ins), like an optional getopt argument.
    const args = sys.argv.slice(1).map((a) => (/^-I/.test(a) ? (a.length > 2 ? `--iso-8601=${a.slice(2)}` : '--iso-8601') : a));
    const o = getopt(prog, args, OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'date')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    let format: string | undefined;
    const formats: string[] = [];
    for (const [k, v] of o.list) {
      if (k === 'I') formats.push(v === true ? '%Y-%m-%d' : argmatch(prog, '--iso-8601', v, ISO_FORMATS));
      else if (k === 'rfc3339') formats.push(argmatch(prog, '--rfc-3339', String(v), RFC3339_FORMATS));
      else if (k === 'R') formats.push('%a, %d %b %Y %H:%M:%S %z');
    }
    let operands = o.operands;
    if (operands.length && operands[0]!.startsWith('+')) {
      if (operands.length > 1) throw new UsageError(`${prog}: extra operand ${quoteLocale(operands[1]!)}`);
      formats.push(operands[0]!.slice(1));
      operands = [];
    } else if (operands.length > 1) throw new UsageError(`${prog}: extra operand ${quoteLocale(operands[1]!)}`);
    if (formats.length > 1) { await sys.err(`${prog}: multiple output formats specified\n`); return 1; }
    format = formats[0] ?? DEFAULT_FORMAT;
    const dateArg = o.get('d'), ref = o.get('r'), set = o.get('s');
    if ([dateArg, ref, set].filter((x) => x !== undefined).length > 1) {
      throw new UsageError(`${prog}: the options to specify dates for printing are mutually exclusive`);
    }
    if (operands.length && (dateArg !== undefined || ref !== undefined || set !== undefined)) {
      throw new UsageError(`${prog}: the argument ${quoteLocale(operands[0]!)} lacks a leading '+';\nwhen using an option to specify date(s), any non-option\nargument must be a format string beginning with '+'`);
    }
    const nowMs = sys.now();
    let when = nowMs;
    let status = 0;
    if (dateArg !== undefined) {
      const t = parseDate(dateArg, nowMs);
      if (t === undefined) { await sys.err(`${prog}: invalid date ${quoteLocale(dateArg)}\n`); return 1; }
      when = t;
    } else if (ref !== undefined) {
      try { when = sys.stat(ref).mtimeMs; } catch (e) { await sys.err(`${prog}: ${ref}: ${errText(e)}\n`); return 1; }
    } else if (set !== undefined || operands.length) {
      const t = set !== undefined ? parseDate(set, nowMs) : parsePosixSet(operands[0]!, nowMs);
      if (t === undefined) { await sys.err(`${prog}: invalid date ${quoteLocale(set ?? operands[0]!)}\n`); return 1; }
      // clock_settime(2) needs CAP_SYS_TIME, which the simulated machine's users never have.
      await sys.err(`${prog}: cannot set date: Operation not permitted\n`);
      status = 1;
      when = t;
    }
    await sys.out(strftime(format, when) + '\n');
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: date [OPTION]... [+FORMAT]
  or:  date [-u|--utc|--universal] [MMDDhhmm[[CC]YY][.ss]]
Display date and time in the given FORMAT.
With -s, or with [MMDDhhmm[[CC]YY][.ss]], set the date and time.

Mandatory arguments to long options are mandatory for short options too.
  -d, --date=STRING          display time described by STRING, not 'now'
      --debug                annotate the parsed date,
                              and warn about questionable usage to stderr
  -f, --file=DATEFILE        like --date; once for each line of DATEFILE
  -I[FMT], --iso-8601[=FMT]  output date/time in ISO 8601 format.
                               FMT='date' for date only (the default),
                               'hours', 'minutes', 'seconds', or 'ns'
                               for date and time to the indicated precision.
                               Example: 2006-08-14T02:34:56-06:00
  --resolution               output the available resolution of timestamps
                               Example: 0.000000001
  -R, --rfc-email            output date and time in RFC 5322 format.
                               Example: Mon, 14 Aug 2006 02:34:56 -0600
      --rfc-3339=FMT         output date/time in RFC 3339 format.
                               FMT='date', 'seconds', or 'ns'
                               for date and time to the indicated precision.
                               Example: 2006-08-14 02:34:56-06:00
  -r, --reference=FILE       display the last modification time of FILE
  -s, --set=STRING           set time described by STRING
  -u, --utc, --universal     print or set Coordinated Universal Time (UTC)
      --help        display this help and exit
      --version     output version information and exit

FORMAT controls the output.  Interpreted sequences are:

  %%   a literal %
  %a   locale's abbreviated weekday name (e.g., Sun)
  %A   locale's full weekday name (e.g., Sunday)
  %b   locale's abbreviated month name (e.g., Jan)
  %B   locale's full month name (e.g., January)
  %c   locale's date and time (e.g., Thu Mar  3 23:05:25 2005)
  %C   century; like %Y, except omit last two digits (e.g., 20)
  %d   day of month (e.g., 01)
  %D   date; same as %m/%d/%y
  %e   day of month, space padded; same as %_d
  %F   full date; like %+4Y-%m-%d
  %g   last two digits of year of ISO week number (see %G)
  %G   year of ISO week number (see %V); normally useful only with %V
  %h   same as %b
  %H   hour (00..23)
  %I   hour (01..12)
  %j   day of year (001..366)
  %k   hour, space padded ( 0..23); same as %_H
  %l   hour, space padded ( 1..12); same as %_I
  %m   month (01..12)
  %M   minute (00..59)
  %n   a newline
  %N   nanoseconds (000000000..999999999)
  %p   locale's equivalent of either AM or PM; blank if not known
  %P   like %p, but lower case
  %q   quarter of year (1..4)
  %r   locale's 12-hour clock time (e.g., 11:11:04 PM)
  %R   24-hour hour and minute; same as %H:%M
  %s   seconds since the Epoch (1970-01-01 00:00 UTC)
  %S   second (00..60)
  %t   a tab
  %T   time; same as %H:%M:%S
  %u   day of week (1..7); 1 is Monday
  %U   week number of year, with Sunday as first day of week (00..53)
  %V   ISO week number, with Monday as first day of week (01..53)
  %w   day of week (0..6); 0 is Sunday
  %W   week number of year, with Monday as first day of week (00..53)
  %x   locale's date representation (e.g., 12/31/99)
  %X   locale's time representation (e.g., 23:13:48)
  %y   last two digits of year (00..99)
  %Y   year
  %z   +hhmm numeric time zone (e.g., -0400)
  %:z  +hh:mm numeric time zone (e.g., -04:00)
  %::z  +hh:mm:ss numeric time zone (e.g., -04:00:00)
  %:::z  numeric time zone with : to necessary precision (e.g., -04, +05:30)
  %Z   alphabetic time zone abbreviation (e.g., EDT)

By default, date pads numeric fields with zeroes.
The following optional flags may follow '%':

  -  (hyphen) do not pad the field
  _  (underscore) pad with spaces
  0  (zero) pad with zeros
  +  pad with zeros, and put '+' before future years with >4 digits
  ^  use upper case if possible
  #  use opposite case if possible

After any flags comes an optional field width, as a decimal number;
then an optional modifier, which is either
E to use the locale's alternate representations if available, or
O to use the locale's alternate numeric symbols if available.

Examples:
Convert seconds since the Epoch (1970-01-01 UTC) to a date
  $ date --date='@2147483647'

Show the time on the west coast of the US (use tzselect(1) to find TZ)
  $ TZ='America/Los_Angeles' date

Show the local time for 9AM next Friday on the west coast of the US
  $ date --date='TZ="America/Los_Angeles" 09:00 next Fri'

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/date>
or available locally via: info '(coreutils) date invocation'
`;
const VERSION_TEXT = `date (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie.
`;
