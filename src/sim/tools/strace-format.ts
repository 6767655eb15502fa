// How strace prints one system call, shared by strace(1) (tools/strace.ts, loaded when someone runs it) and the
// machine's recorded history (sim/timeline), which keeps every call's line as `strace` would have shown it.
import type { TraceArg } from '../kernel/trace.ts';

/** strace's default -s (string limit) and -a (column of ` = `). */
export const STRACE_STRING_LIMIT = 32;
export const STRACE_COLUMN = 40;

/** Arguments that are paths: strace prints them whole (printpath), not cut at -s. */
export const PATH_ARGS: Record<string, number> = { open: 0, openat: 1, access: 0, faccessat: 1, faccessat2: 1, execve: 0, stat: 0, lstat: 0,
  newfstatat: 1, statx: 1, unlink: 0, unlinkat: 1, mkdir: 0, mkdirat: 1, rmdir: 0, chdir: 0, readlink: 0, readlinkat: 1,
  chmod: 0, truncate: 0, creat: 0, rename: 0, link: 0, symlink: 0, statfs: 0 };

/** strace's string_quote(): printable ASCII as is, \t \n \v \f \r \" \\, octal (shortest unless a digit follows). */
export function quoteBytes(b: Uint8Array, limit: number, hex = false): string {
  const n = Math.min(b.length, limit);
  let out = '"';
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (hex) { out += '\\x' + c.toString(16).padStart(2, '0'); continue; }
    switch (c) {
      case 0x22: out += '\\"'; continue;
      case 0x5c: out += '\\\\'; continue;
      case 0x0c: out += '\\f'; continue;
      case 0x0a: out += '\\n'; continue;
      case 0x0d: out += '\\r'; continue;
      case 0x09: out += '\\t'; continue;
      case 0x0b: out += '\\v'; continue;
    }
    if (c >= 0x20 && c < 0x7f) { out += String.fromCharCode(c); continue; }
    const next = i + 1 < n ? b[i + 1]! : -1;
    if (next >= 0x30 && next <= 0x37) out += '\\' + c.toString(8).padStart(3, '0');
    else out += '\\' + c.toString(8);
  }
  return out + '"' + (b.length > limit ? '...' : '');
}

/** One argument as strace prints it: strings quoted and cut at `limit` (paths whole, getrandom's buffer in hex). */
export function traceArgText(name: string, a: TraceArg, i: number, limit: number): string {
  if (typeof a === 'string') return a;
  if ('iov' in a) return `[${a.iov.map((b) => `{iov_base=${quoteBytes(b, limit)}, iov_len=${b.length}}`).join(', ')}]`;
  if (name === 'getrandom' && i === 0) return quoteBytes(a.bytes, limit, true);
  if (PATH_ARGS[name] === i) return quoteBytes(a.bytes, Infinity);
  return quoteBytes(a.bytes, limit);
}

/**
 * A finished call on one line, as `strace CMD` prints it with default options: `name(args)`, padded so that
 * ` = ` starts at column 40 (tabto(): one space when the call is longer), then the result.
 */
export function straceLine(name: string, args: readonly TraceArg[], ret: string, limit = STRACE_STRING_LIMIT): string {
  return straceJoin(straceHead(name, args, limit), ret);
}

/** The `name(args)` part of a line. */
export function straceHead(name: string, args: readonly TraceArg[], limit = STRACE_STRING_LIMIT): string {
  let head = name + '(';
  for (let i = 0; i < args.length; i++) head += (i ? ', ' : '') + traceArgText(name, args[i]!, i, limit);
  return head + ')';
}

/** `name(args)` and the result as one line, ` = ` at column 40 (tabto()). */
export function straceJoin(head: string, ret: string): string {
  const pad = head.length < STRACE_COLUMN - 1 ? ' '.repeat(STRACE_COLUMN - 1 - head.length) : '';
  return `${head}${pad} = ${ret}`;
}
