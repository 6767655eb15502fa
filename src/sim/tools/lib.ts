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
  if (/^[A-Za-z0-9_.\/+:=@%^,-]+$/.test(name)) return name;
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
