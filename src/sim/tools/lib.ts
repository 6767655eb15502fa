// Shared helpers for the tools: GNU getopt-style option parsing from one table per tool, error messages in
// coreutils' format ("prog: path: strerror"), and reading operands or stdin.
import { SysError } from '../kernel/errno.ts';
import type { Sys } from '../kernel/sys.ts';

export interface OptionTable {
  /** Short flags without argument, e.g. 'alh'. */
  flags?: string;
  /** Short options taking an argument, e.g. 'n'. */
  withArg?: string;
  /** Long options: name → the short key it sets (or a long-only key), and whether it takes an argument. */
  long?: Record<string, { key: string; arg?: boolean | 'optional' }>;
  /** Stop at the first operand (POSIX mode, as env, sudo, sh do). */
  stopAtOperand?: boolean;
  /** Treat "-<digits>" as an option value (head -5). */
  numericShorthand?: string;
}

export interface ParsedOptions {
  /** Each option in order: [key, value | true]. */
  list: [string, string | true][];
  operands: string[];
  has(key: string): boolean;
  get(key: string): string | undefined;
  count(key: string): number;
}

export class UsageError extends Error {}

/** Parses argv[1..] like GNU getopt_long with permutation. Throws UsageError with coreutils' wording. */
export function getopt(prog: string, args: string[], t: OptionTable): ParsedOptions {
  const list: [string, string | true][] = [];
  const operands: string[] = [];
  const flags = t.flags ?? '';
  const withArg = t.withArg ?? '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { operands.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--') && t.long) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const matches = Object.keys(t.long).filter((k) => k === name || k.startsWith(name));
      const exact = matches.find((k) => k === name);
      const key = exact ?? (matches.length === 1 ? matches[0] : undefined);
      if (!key) {
        if (matches.length > 1) throw new UsageError(`${prog}: option '${a}' is ambiguous`);
        throw new UsageError(`${prog}: unrecognized option '${a}'`);
      }
      const spec = t.long[key]!;
      if (spec.arg === true) {
        const v = inline ?? args[++i];
        if (v === undefined) throw new UsageError(`${prog}: option '--${key}' requires an argument`);
        list.push([spec.key, v]);
      } else if (spec.arg === 'optional') list.push([spec.key, inline ?? true]);
      else {
        if (inline !== undefined) throw new UsageError(`${prog}: option '--${key}' doesn't allow an argument`);
        list.push([spec.key, true]);
      }
      continue;
    }
    if (t.numericShorthand && /^-\d+$/.test(a)) { list.push([t.numericShorthand, a.slice(1)]); continue; }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (withArg.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) throw new UsageError(`${prog}: option requires an argument -- '${c}'`);
          list.push([c, v]);
          break;
        }
        if (!flags.includes(c)) throw new UsageError(`${prog}: invalid option -- '${c}'`);
        list.push([c, true]);
      }
      continue;
    }
    operands.push(a);
    if (t.stopAtOperand) { operands.push(...args.slice(i + 1)); break; }
  }
  return {
    list, operands,
    has: (k) => list.some(([key]) => key === k),
    get: (k) => { for (let i = list.length - 1; i >= 0; i--) if (list[i]![0] === k) { const v = list[i]![1]; return v === true ? undefined : v; } return undefined; },
    count: (k) => list.filter(([key]) => key === k).length,
  };
}

/** Runs a tool body, turning UsageError into the GNU "Try 'prog --help'" message and status. */
export async function withUsage(sys: Sys, prog: string, body: () => Promise<number>, usageStatus = 1): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      await sys.err(`${e.message}\nTry '${prog} --help' for more information.\n`);
      return usageStatus;
    }
    throw e;
  }
}

/** "prog: path: No such file or directory" (coreutils quotes names with spaces: 'a b'). */
export function errMsg(prog: string, path: string, e: unknown): string {
  if (e instanceof SysError) return `${prog}: ${quoteName(path)}: ${strerr(e)}\n`;
  throw e;
}
function strerr(e: SysError) { const m = e.message; const i = m.lastIndexOf(': '); return i >= 0 ? m.slice(i + 2) : m; }
export function sysErrText(e: unknown): string {
  if (e instanceof SysError) return strerr(e);
  throw e;
}

/** coreutils' shell-escape quoting of file names in diagnostics. */
export function quoteName(name: string): string {
  if (/^[A-Za-z0-9_.\/+@%,-]+$/.test(name)) return name; // = : ^ are quoted, as quotearg shell-escape does
  if (!name.includes("'")) return `'${name}'`;
  return `"${name.replace(/(["\\$`])/g, '\\$1')}"`;
}

/** Reads each operand (or stdin for none or "-"), calling `each`; errors are reported and set status 1. */
export async function forEachInput(sys: Sys, prog: string, operands: string[],
  each: (data: Uint8Array, name: string) => Promise<void> | void): Promise<number> {
  let status = 0;
  const names = operands.length ? operands : ['-'];
  for (const name of names) {
    try {
      if (name === '-') { await each(await sys.readAll(0), name); continue; }
      const st = sys.stat(name);
      if ((st.mode & 0o170000) === 0o040000) { await sys.err(`${prog}: ${quoteName(name)}: Is a directory\n`); status = 1; continue; }
      await each(await sys.readFile(name), name);
    } catch (e) {
      await sys.err(errMsg(prog, name, e));
      status = 1;
    }
  }
  return status;
}

export const textDecoder = new TextDecoder();
export const textEncoder = new TextEncoder();
/** Splits text into lines, keeping whether the last one ended with a newline. */
export function splitLines(text: string): { lines: string[]; trailingNewline: boolean } {
  if (text === '') return { lines: [], trailingNewline: false };
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, trailingNewline };
}

// ---- streaming helpers for the text tools (head, grep, sed, ...) ----------------------------------------

/** Buffered stdout: text tools collect output and write it in blocks (like stdio on a pipe), flushing before
 *  they block on input so an interactive `grep x` still answers line by line. */
export class OutBuf {
  // Text is kept as strings and encoded once per flush (encoding line by line costs more than the matching).
  private parts: (string | Uint8Array)[] = [];
  private size = 0;
  private readonly sys: Sys;
  private readonly fd: number;
  constructor(sys: Sys, fd = 1) { this.sys = sys; this.fd = fd; }
  /** Queues text or bytes without writing (callers flush at least once per input chunk). */
  push(s: string | Uint8Array) {
    if (!s.length) return;
    this.parts.push(s);
    this.size += s.length;
  }
  /** Queues text or bytes; writes once about 64 KiB are waiting. */
  async put(s: string | Uint8Array) {
    this.push(s);
    if (this.size >= 65536) await this.flush();
  }
  async flush() {
    if (!this.size) return;
    const parts = this.parts;
    this.parts = [];
    this.size = 0;
    const chunks: Uint8Array[] = [];
    let text = '';
    for (const p of parts) {
      if (typeof p === 'string') { text += p; continue; }
      if (text) { chunks.push(textEncoder.encode(text)); text = ''; }
      chunks.push(p);
    }
    if (text) chunks.push(textEncoder.encode(text));
    await this.sys.write(this.fd, concatBytes(chunks));
  }
}

export function concatBytes(parts: Uint8Array[], total = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/** Pulls lines out of an fd a chunk at a time (UTF-8 decoded). Each line keeps its terminator, so callers
 *  know whether the last one had a newline. `before` runs before every read that may block (flush output). */
export class LineReader {
  private readonly sys: Sys;
  private readonly fd: number;
  private readonly before?: () => Promise<void>;
  private readonly sep: string;
  private readonly dec = new TextDecoder();
  private buf = '';
  private pos = 0;
  private eof = false;
  /** Bytes seen so far (grep -b needs offsets; approximate for invalid UTF-8). */
  constructor(sys: Sys, fd: number, before?: () => Promise<void>, sep = '\n') {
    this.sys = sys; this.fd = fd; this.before = before; this.sep = sep;
  }
  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    if (this.before) await this.before();
    const chunk = await this.sys.read(this.fd, 65536);
    if (!chunk.length) {
      this.eof = true;
      const tail = this.dec.decode();
      if (tail) { this.buf = this.buf.slice(this.pos) + tail; this.pos = 0; }
      return !!tail;
    }
    this.buf = this.buf.slice(this.pos) + this.dec.decode(chunk, { stream: true });
    this.pos = 0;
    return true;
  }
  /** The next line with its separator (absent on an unterminated last line), or null at end of input. */
  async next(): Promise<string | null> {
    for (;;) {
      const i = this.buf.indexOf(this.sep, this.pos);
      if (i >= 0) { const line = this.buf.slice(this.pos, i + 1); this.pos = i + 1; return line; }
      if (!(await this.fill())) {
        if (this.pos < this.buf.length) { const line = this.buf.slice(this.pos); this.pos = this.buf.length; return line; }
        return null;
      }
    }
  }
  /** Whether input is exhausted (may read ahead; sed's `$` needs to know). */
  async atEnd(): Promise<boolean> {
    for (;;) {
      if (this.pos < this.buf.length) return false;
      if (!(await this.fill())) return true;
    }
  }
}

/** Opens an input operand ("-" is stdin) for reading; throws SysError (EISDIR for directories when asked). */
export function openInput(sys: Sys, name: string): number {
  if (name === '-') return 0;
  return sys.open(name);
}

export function closeInput(sys: Sys, fd: number) {
  if (fd > 2) try { sys.close(fd); } catch { /* already closed */ }
}

/** Whether a stat mode is a directory. */
export function isDirMode(mode: number) { return (mode & 0o170000) === 0o040000; }

/** Code point order of two strings (C.UTF-8 strcoll, and byte order of their UTF-8): JS's < compares UTF-16
 *  units, which puts astral characters before U+E000..U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x += x >= 0xe000 ? -0x800 : 0x2000;
    if (y >= 0xd800) y += y >= 0xe000 ? -0x800 : 0x2000;
    return x - y;
  }
  return a.length - b.length;
}

/** coreutils' quote() in a UTF-8 locale: ‘name’ (used for option arguments in diagnostics). */
export function quoteArg(s: string): string { return `\u2018${s}\u2019`; }

/** xstrtoumax-style size suffixes (head -c 2K, tail -n 1M): b=512, kB=1000, K=KiB=1024, ... */
export function parseSize(s: string, suffixes = 'bkKmMGTPEZY'): bigint | undefined {
  const m = /^\s*\+?(\d+)([A-Za-z]*)$/.exec(s);
  if (!m) return undefined;
  let n = BigInt(m[1]!);
  const suf = m[2]!;
  if (!suf) return n;
  const c = suf[0]!;
  if (!suffixes.includes(c)) return undefined;
  let base = 1024n;
  const rest = suf.slice(1);
  if (rest === 'B') base = 1000n; else if (rest === 'iB' || rest === '') base = 1024n; else return undefined;
  if (c === 'b') { if (rest) return undefined; return n * 512n; }
  if (c === 'k' || c === 'K') { if (c === 'k' && rest === 'iB') return undefined; return n * base; }
  const pow = ' KMGTPEZY'.indexOf(c.toUpperCase());
  if (pow < 1) return undefined;
  for (let i = 0; i < pow; i++) n *= base;
  return n;
}

/** coreutils' quoteaf(): shell-escape quoting that always quotes ('nope'), as in "cannot open 'x' for reading". */
export function quoteAlways(name: string): string {
  const q = quoteName(name);
  return q.startsWith("'") || q.startsWith('"') ? q : `'${q}'`;
}

// ---- helpers shared by the system and file tools (ls, stat, id, ps, chmod, dd, date, ...) -------------------

/**
 * coreutils' quoteaf() in full: shell-escape-always quoting, the style of "ls: cannot access 'x'" and
 * "cp -v". Single quotes unless the name has a quote (then double quotes, `"it's"`), control characters
 * as $'\n' segments.
 */
export function shellQuote(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) {
    let out = '';
    let run = '';
    const flush = () => { if (run) out += `'${run.replace(/'/g, `'\\''`)}'`; run = ''; };
    for (const ch of name) {
      const c = ch.charCodeAt(0);
      if (c < 0x20 || c === 0x7f) {
        flush();
        const esc: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'E' };
        out += `$'\\${esc[c] ?? c.toString(8).padStart(3, '0')}'`;
      } else run += ch;
    }
    flush();
    return out.replace(/^''/, '').replace(/''$/, '') || "''";
  }
  if (!name.includes("'")) return `'${name}'`;
  if (!/["$`\\]/.test(name)) return `"${name}"`;
  return `'${name.replace(/'/g, `'\\''`)}'`;
}

/** Whether shell-escape quoting would quote `name` (quotearg's shell special characters). */
export function needsShellQuote(name: string): boolean {
  if (name === '' || name === '{' || name === '}') return true;
  if (/^[#~]/.test(name)) return true;
  // eslint-disable-next-line no-control-regex
  return /[\s!"$&'()*:;<=>?[\\^`|\x00-\x1f\x7f]/.test(name);
}

/** coreutils' quotef(): shell-escape quoting, only when the name needs it ("cat: a: No such file"). */
export function quoteIfNeeded(name: string): string {
  return needsShellQuote(name) ? shellQuote(name) : name;
}

/** coreutils' quote(): locale quoting, ‘x’ in a UTF-8 locale ("sleep: invalid time interval ‘x’"). */
export function quoteLocale(s: string): string {
  const esc: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
  // eslint-disable-next-line no-control-regex
  return `‘${s.replace(/[\\\n\t\r\x07\b\f\v]|[\x00-\x1f\x7f]/g, (c) => esc[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}’`;
}

/** The text of a failed call's errno (strerror), e.g. "No such file or directory". */
export function errText(e: unknown): string { return sysErrText(e); }

// ---- users and groups (getpwuid/getgrgid over /etc/passwd and /etc/group) ----------------------------------

export interface PasswdEntry { name: string; uid: number; gid: number; gecos: string; home: string; shell: string; }
export interface GroupEntry { name: string; gid: number; members: string[]; }

export class UserDb {
  readonly users: PasswdEntry[];
  readonly groups: GroupEntry[];
  constructor(users: PasswdEntry[], groups: GroupEntry[]) { this.users = users; this.groups = groups; }
  static async load(sys: Sys): Promise<UserDb> {
    const read = async (p: string) => { try { return await sys.readText(p); } catch { return ''; } };
    const users = (await read('/etc/passwd')).split('\n').filter(Boolean).map((l) => {
      const f = l.split(':');
      return { name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), gecos: f[4] ?? '', home: f[5] ?? '/', shell: f[6] ?? '/bin/sh' };
    });
    const groups = (await read('/etc/group')).split('\n').filter(Boolean).map((l) => {
      const f = l.split(':');
      return { name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) };
    });
    return new UserDb(users, groups);
  }
  userById(uid: number) { return this.users.find((u) => u.uid === uid); }
  userByName(name: string) { return this.users.find((u) => u.name === name); }
  groupById(gid: number) { return this.groups.find((g) => g.gid === gid); }
  groupByName(name: string) { return this.groups.find((g) => g.name === name); }
  /** The name for a uid, or the number as text (ls -l, stat). */
  userName(uid: number) { return this.userById(uid)?.name ?? String(uid); }
  groupName(gid: number) { return this.groupById(gid)?.name ?? String(gid); }
  /** getgrouplist(): the primary group, then every group listing the user as a member, in /etc/group order. */
  groupList(user: string, primary: number): number[] {
    const out = [primary];
    for (const g of this.groups) if (g.members.includes(user) && !out.includes(g.gid)) out.push(g.gid);
    return out;
  }
}

// ---- file modes ---------------------------------------------------------------------------------------------

/** filemode(): the 10-character "drwxr-xr-x" of ls -l and stat, with s/S and t/T. */
export function modeString(mode: number): string {
  const type = mode & 0o170000;
  const t = type === 0o040000 ? 'd' : type === 0o120000 ? 'l' : type === 0o020000 ? 'c' : type === 0o060000 ? 'b'
    : type === 0o010000 ? 'p' : type === 0o140000 ? 's' : '-';
  return t + permString(mode);
}
/** The 9 permission characters ("rw-r--r--"), as chmod -v prints them. */
export function permString(mode: number): string {
  const bit = (b: number, c: string) => (mode & b ? c : '-');
  const special = (x: boolean, s: boolean, lower: string) => (s ? (x ? lower : lower.toUpperCase()) : x ? 'x' : '-');
  return bit(0o400, 'r') + bit(0o200, 'w') + special(!!(mode & 0o100), !!(mode & 0o4000), 's')
    + bit(0o040, 'r') + bit(0o020, 'w') + special(!!(mode & 0o010), !!(mode & 0o2000), 's')
    + bit(0o004, 'r') + bit(0o002, 'w') + special(!!(mode & 0o001), !!(mode & 0o1000), 't');
}

/** One compiled clause of a chmod mode (gnulib modechange.c). */
interface ModeChange { op: '=' | '+' | '-'; flag: 'ordinary' | 'copy' | 'x-if-any-x'; affected: number; value: number; mentioned: number; }
export interface CompiledMode { changes: ModeChange[]; /** Symbolic without a "who": the umask applies. */ usesUmask: boolean; }

/** mode_compile(): an octal ("755") or symbolic ("u+x,go-w", "+X", "a=r") mode; undefined when invalid. */
export function compileMode(spec: string): CompiledMode | undefined {
  const ALL = 0o7777;
  if (/^[0-7]/.test(spec)) {
    if (!/^[0-7]+$/.test(spec)) return undefined;
    const n = parseInt(spec, 8);
    if (n > ALL) return undefined;
    // Up to 4 digits leave a directory's set-user/group-ID bits alone unless they are being set.
    const mentioned = spec.length < 5 ? (n & 0o6000) | 0o1000 | 0o777 : ALL;
    return { changes: [{ op: '=', flag: 'ordinary', affected: ALL, value: n, mentioned }], usesUmask: false };
  }
  const changes: ModeChange[] = [];
  let usesUmask = false;
  let i = 0;
  for (;;) {
    let affected = 0;
    for (; i < spec.length && 'ugoa'.includes(spec[i]!); i++) {
      const c = spec[i]!;
      affected |= c === 'u' ? 0o4700 : c === 'g' ? 0o2070 : c === 'o' ? 0o1007 : ALL;
    }
    if (!affected) usesUmask = true;
    if (i >= spec.length || !'=+-'.includes(spec[i]!)) return undefined;
    while (i < spec.length && '=+-'.includes(spec[i]!)) {
      const op = spec[i++] as ModeChange['op'];
      let value = 0;
      let flag: ModeChange['flag'] = 'ordinary';
      const c = spec[i];
      if (c === 'u' || c === 'g' || c === 'o') {
        value = c === 'u' ? 0o700 : c === 'g' ? 0o070 : 0o007;
        flag = 'copy';
        i++;
      } else {
        for (; i < spec.length && 'rwxXst'.includes(spec[i]!); i++) {
          switch (spec[i]) {
            case 'r': value |= 0o444; break;
            case 'w': value |= 0o222; break;
            case 'x': value |= 0o111; break;
            case 'X': flag = 'x-if-any-x'; break;
            case 's': value |= 0o6000; break;
            case 't': value |= 0o1000; break;
          }
        }
      }
      changes.push({ op, flag, affected, value, mentioned: affected ? affected & value : value });
    }
    if (i >= spec.length) break;
    if (spec[i] !== ',') return undefined;
    i++;
  }
  return { changes, usesUmask };
}

/** mode_adjust(): the permission bits after applying `m` to `oldMode` (`umask` used when no "who"). */
export function adjustMode(oldMode: number, isDir: boolean, umask: number, m: CompiledMode): number {
  let mode = oldMode & 0o7777;
  for (const ch of m.changes) {
    const omit = (isDir ? 0o6000 : 0) & ~ch.mentioned;
    let value = ch.value;
    if (ch.flag === 'copy') {
      value &= mode;
      value |= (value & 0o444 ? 0o444 : 0) | (value & 0o222 ? 0o222 : 0) | (value & 0o111 ? 0o111 : 0);
    } else if (ch.flag === 'x-if-any-x' && ((mode & 0o111) || isDir)) value |= 0o111;
    value &= (ch.affected ? ch.affected : ~umask) & ~omit;
    if (ch.op === '=') {
      const preserved = (ch.affected ? ~ch.affected : 0) | omit;
      mode = (mode & preserved) | value;
    } else if (ch.op === '+') mode |= value;
    else mode &= ~value;
  }
  return mode & 0o7777;
}

// ---- numbers --------------------------------------------------------------------------------------------------

export const HUMAN_AUTOSCALE = 16, HUMAN_SI = 32, HUMAN_BASE_1024 = 64, HUMAN_SPACE = 128, HUMAN_B = 256;
export const HUMAN_CEILING = 0, HUMAN_ROUND = 1, HUMAN_FLOOR = 2;
const POWER_LETTER = ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y', 'R', 'Q'];

/**
 * gnulib human_readable(): `n` units of `from` bytes shown in units of `to`, e.g. ls -h "4.0K" (autoscale,
 * SI letters, base 1024, rounding up) and dd's "2.1 MB" (round to nearest, space, B). Ported step by step
 * (integer arithmetic when exact, else floating point) so the roundings agree digit for digit.
 */
export function humanReadable(n: number, opts: number, from = 1, to = 1): string {
  const inexact = opts & 3;
  const base = opts & HUMAN_BASE_1024 ? 1024 : 1000;
  const expMax = POWER_LETTER.length - 1;
  let exponent = -1;
  let text: string;
  let amt: number, tenths: number, rounding: number;
  const integer = (): string => {
    let prefix = '';
    if (opts & HUMAN_AUTOSCALE) {
      exponent = 0;
      if (base <= amt) {
        do {
          const r10 = (amt % base) * 10 + tenths;
          const r2 = (r10 % base) * 2 + (rounding >> 1);
          amt = Math.floor(amt / base);
          tenths = Math.floor(r10 / base);
          rounding = r2 < base ? (r2 + rounding !== 0 ? 1 : 0) : 2 + (base < r2 + rounding ? 1 : 0);
          exponent++;
        } while (base <= amt && exponent < expMax);
        if (amt < 10) {
          if (inexact === HUMAN_ROUND ? 2 < rounding + (tenths & 1) : inexact === HUMAN_CEILING && 0 < rounding) {
            tenths++;
            rounding = 0;
            if (tenths === 10) { amt++; tenths = 0; }
          }
          if (amt < 10) { prefix = '.' + tenths; tenths = rounding = 0; }
        }
      }
    }
    if (inexact === HUMAN_ROUND ? 5 < tenths + (0 < rounding + (amt & 1) ? 1 : 0) : inexact === HUMAN_CEILING && 0 < tenths + rounding) {
      amt++;
      if ((opts & HUMAN_AUTOSCALE) && amt === base && exponent < expMax) { exponent++; prefix = '.0'; amt = 1; }
    }
    return String(amt) + prefix;
  };
  if (to <= from && from % to === 0) {
    amt = n * (from / to); tenths = 0; rounding = 0;
    text = integer();
  } else if (from !== 0 && to > from && to % from === 0) {
    const divisor = to / from;
    const r10 = (n % divisor) * 10;
    const r2 = (r10 % divisor) * 2;
    amt = Math.floor(n / divisor);
    tenths = Math.floor(r10 / divisor);
    rounding = r2 < divisor ? (0 < r2 ? 1 : 0) : 2 + (divisor < r2 ? 1 : 0);
    text = integer();
  } else {
    let damt = n * (from / to);
    const adjust = (v: number) => (inexact !== HUMAN_ROUND ? Math.trunc(v) + (inexact === HUMAN_CEILING && Math.trunc(v) !== v ? 1 : 0) : v);
    if (!(opts & HUMAN_AUTOSCALE)) text = adjust(damt).toFixed(0);
    else {
      let e = 1;
      exponent = 0;
      do { e *= base; exponent++; } while (e * base <= damt && exponent < expMax);
      damt /= e;
      text = adjust(damt).toFixed(1);
      if (1 + 2 + (opts & HUMAN_BASE_1024 ? 0 : 1) < text.length) text = (adjust(damt * 10) / 10).toFixed(0);
    }
  }
  let suffix = '';
  if (opts & HUMAN_SI) {
    if (exponent < 0) { exponent = 0; for (let p = 1; p < to; p *= base) if (++exponent === expMax) break; }
    if ((exponent || (opts & HUMAN_B)) && (opts & HUMAN_SPACE)) suffix += ' ';
    if (exponent) suffix += !(opts & HUMAN_BASE_1024) && exponent === 1 ? 'k' : POWER_LETTER[exponent];
    if (opts & HUMAN_B) { if ((opts & HUMAN_BASE_1024) && exponent) suffix += 'i'; suffix += 'B'; }
  }
  return text + suffix;
}

// ---- time -------------------------------------------------------------------------------------------------------

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Splits ms since the epoch into whole seconds and nanoseconds (ms may carry a fraction). */
export function splitTime(ms: number): { sec: number; nsec: number } {
  const sec = Math.floor(ms / 1000);
  const nsec = Math.min(999999999, Math.max(0, Math.round((ms - sec * 1000) * 1e6)));
  return { sec, nsec };
}

function isoWeek(d: Date): { year: number; week: number } {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  t.setUTCDate(t.getUTCDate() - day + 3); // the Thursday of this week decides the year
  const year = t.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((t.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return { year, week };
}

/**
 * strftime() of GNU date in the C locale and UTC (the machine has no time zone): %a %b %e %H:%M:%S %Z %Y and
 * the rest, with GNU's flags (- _ 0 ^ #) and widths; %N takes a width as digits of precision. Unknown
 * conversions are copied as they are, as GNU does.
 */
export function strftime(fmt: string, ms: number, zone = 'UTC'): string {
  const { sec, nsec } = splitTime(ms);
  const d = new Date(sec * 1000);
  const Y = d.getUTCFullYear(), mo = d.getUTCMonth(), day = d.getUTCDate(), H = d.getUTCHours(), M = d.getUTCMinutes(), S = d.getUTCSeconds();
  const wd = d.getUTCDay();
  const yday = Math.floor((Date.UTC(Y, mo, day) - Date.UTC(Y, 0, 1)) / 86400000);
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') { out += c; continue; }
    const start = i;
    let flag = '';
    while ('-_0^#'.includes(fmt[i + 1] ?? 'x') && i + 1 < fmt.length) flag += fmt[++i];
    let widthText = '';
    while (/[0-9]/.test(fmt[i + 1] ?? '')) widthText += fmt[++i];
    let colons = 0;
    while (fmt[i + 1] === ':') { colons++; i++; }
    while (fmt[i + 1] === 'E' || fmt[i + 1] === 'O') i++;
    const conv = fmt[++i];
    if (conv === undefined) { out += fmt.slice(start); break; }
    const width = widthText ? Number(widthText) : undefined;
    // num: a number with its default padding; txt: a word (uppercase with ^, case-swapped with #).
    const num = (v: number, w: number, pad: '0' | ' ' = '0') => {
      const p = flag.includes('-') ? '' : flag.includes('_') ? ' ' : flag.includes('0') ? '0' : pad;
      const s = String(Math.abs(v));
      const ww = width ?? w;
      const body = p ? s.padStart(v < 0 ? ww - 1 : ww, p) : s;
      return (v < 0 ? '-' : '') + body;
    };
    const txt = (s: string, swapToUpper = true) => {
      let r = flag.includes('^') ? s.toUpperCase() : flag.includes('#') ? (swapToUpper ? s.toUpperCase() : s.toLowerCase()) : s;
      if (width !== undefined && r.length < width) r = r.padStart(width, flag.includes('0') ? '0' : ' ');
      return r;
    };
    const sub = (f: string) => txt(strftime(f, ms, zone));
    const h12 = H % 12 || 12;
    switch (conv) {
      case 'a': out += txt(DAYS[wd]!.slice(0, 3)); break;
      case 'A': out += txt(DAYS[wd]!); break;
      case 'b': case 'h': out += txt(MONTHS[mo]!.slice(0, 3)); break;
      case 'B': out += txt(MONTHS[mo]!); break;
      case 'c': out += sub('%a %b %e %H:%M:%S %Y'); break;
      case 'C': out += num(Math.floor(Y / 100), 2); break;
      case 'd': out += num(day, 2); break;
      case 'D': out += sub('%m/%d/%y'); break;
      case 'e': out += num(day, 2, ' '); break;
      case 'F': out += sub('%Y-%m-%d'); break;
      case 'g': out += num(isoWeek(d).year % 100, 2); break;
      case 'G': out += num(isoWeek(d).year, 4); break;
      case 'H': out += num(H, 2); break;
      case 'I': out += num(h12, 2); break;
      case 'j': out += num(yday + 1, 3); break;
      case 'k': out += num(H, 2, ' '); break;
      case 'l': out += num(h12, 2, ' '); break;
      case 'm': out += num(mo + 1, 2); break;
      case 'M': out += num(M, 2); break;
      case 'n': out += '\n'; break;
      case 'N': {
        const digits = String(nsec).padStart(9, '0');
        out += width !== undefined ? digits.slice(0, width).padEnd(width, '0') : digits;
        break;
      }
      case 'p': out += flag.includes('#') ? (H < 12 ? 'am' : 'pm') : txt(H < 12 ? 'AM' : 'PM'); break;
      case 'P': out += txt(H < 12 ? 'am' : 'pm'); break;
      case 'q': out += num(Math.floor(mo / 3) + 1, 1); break;
      case 'r': out += sub('%I:%M:%S %p'); break;
      case 'R': out += sub('%H:%M'); break;
      case 's': out += num(sec, 1); break;
      case 'S': out += num(S, 2); break;
      case 't': out += '\t'; break;
      case 'T': out += sub('%H:%M:%S'); break;
      case 'u': out += num(wd === 0 ? 7 : wd, 1); break;
      case 'U': out += num(Math.floor((yday + 7 - wd) / 7), 2); break;
      case 'V': out += num(isoWeek(d).week, 2); break;
      case 'w': out += num(wd, 1); break;
      case 'W': out += num(Math.floor((yday + 7 - ((wd + 6) % 7)) / 7), 2); break;
      case 'x': out += sub('%m/%d/%y'); break;
      case 'X': out += sub('%H:%M:%S'); break;
      case 'y': out += num(Y % 100, 2); break;
      case 'Y': out += num(Y, 4); break;
      case 'z': out += colons === 0 ? '+0000' : colons === 1 ? '+00:00' : colons === 2 ? '+00:00:00' : '+00'; break;
      case 'Z': out += txt(zone, false); break;
      case '%': out += '%'; break;
      default: out += fmt.slice(start, i + 1);
    }
  }
  return out;
}

// ---- programs ---------------------------------------------------------------------------------------------------

/** execvp's PATH search: the first `dir/name` that is a regular file the caller may execute. */
export function findInPath(sys: Sys, name: string, path = sys.getenv('PATH') ?? '/usr/local/bin:/usr/bin:/bin'): string | undefined {
  if (name.includes('/')) return name;
  for (const dir of path.split(':')) {
    const p = `${dir || '.'}/${name}`;
    try {
      const st = sys.stat(p);
      if ((st.mode & 0o170000) !== 0o100000) continue;
      sys.access(p, 1);
      return p;
    } catch { /* not here */ }
  }
  return undefined;
}

/** A coreutils --help text with the program named as invoked (GNU prints argv[0] in its Usage lines). */
export function usageText(help: string, prog: string, name: string): string {
  if (prog === name) return help;
  return help.replace(new RegExp(`^(Usage: |  or:  )${name}(?= |$)`, 'gm'), `$1${prog}`);
}
