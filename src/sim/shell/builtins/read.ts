// read [-r] [-p prompt] [-s] [-n N] [-N N] [-d delim] [-t timeout] [-a array] [-u fd] [name ...]: reads one
// line a byte at a time (so the rest of the input stays for the next reader, as bash does on pipes), splits it
// on $IFS into the names (the last takes the rest), REPLY when no name is given.
import type { Shell } from '../exec.ts';
import { Interrupted } from '../../kernel/process.ts';
import { SysError } from '../../kernel/errno.ts';

const dec = new TextDecoder();

export async function read(sh: Shell, argv: string[]): Promise<number> {
  let raw = false, silent = false;
  let prompt: string | undefined;
  let nchars: number | undefined;
  let exact = false;
  let delim = '\n';
  let timeout: number | undefined;
  let arrayName: string | undefined;
  let fd = 0;
  const names: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (names.length || !a.startsWith('-') || a === '-') { names.push(a); continue; }
    if (a === '--') { names.push(...args.slice(i + 1)); break; }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const val = () => { const v = a.slice(j + 1) || args[++i]; j = a.length; return v; };
      switch (c) {
        case 'r': raw = true; break;
        case 's': silent = true; break;
        case 'e': break;
        case 'p': prompt = val(); break;
        case 'n': nchars = Number(val()); break;
        case 'N': nchars = Number(val()); exact = true; break;
        case 'd': delim = (val() ?? '').slice(0, 1); if (!delim) delim = '\0'; break;
        case 't': timeout = Number(val()); break;
        case 'a': arrayName = val(); break;
        case 'u': fd = Number(val()); break;
        default:
          await sh.error(`read: -${c}: invalid option`);
          await sh.sys.write(2, 'read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n');
          return 2;
      }
    }
  }
  for (const n of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) { await sh.error(`read: \`${n}': not a valid identifier`); return 1; }
  }
  const tty = sh.sys.isOpen(fd) && sh.sys.isatty(fd);
  if (prompt !== undefined && tty) await sh.sys.write(2, prompt);
  let restore: (() => void) | undefined;
  if (tty && (silent || nchars !== undefined)) {
    const old = sh.sys.tcgetattr(fd);
    sh.sys.tcsetattr(fd, { ...(silent ? { echo: false } : {}), ...(nchars !== undefined ? { icanon: false } : {}) });
    restore = () => sh.sys.tcsetattr(fd, old);
  }
  let line = '';
  let bytes: number[] = [];
  let gotDelim = false;
  let eof = false;
  const deadline = timeout !== undefined ? sh.sys.uptime() + timeout * 1000 : undefined;
  try {
    for (;;) {
      if (nchars !== undefined && [...line].length >= nchars) break;
      if (deadline !== undefined) {
        // -t on a terminal: wait for keys until the deadline (bash returns 128 + SIGALRM on timeout)
        while (tty && !sh.sys.ttyHasInput(fd) && sh.sys.uptime() < deadline) {
          try { await sh.sys.sleep(Math.min(10, deadline - sh.sys.uptime())); } catch (e) { if (!(e instanceof Interrupted)) throw e; sh.checkInterrupt(); }
        }
        if (sh.sys.uptime() >= deadline && !(tty && sh.sys.ttyHasInput(fd))) {
          if (names.length) names.forEach((n, i) => sh.setVar(n, i === 0 ? line : ''));
          return 142;
        }
      }
      let chunk: Uint8Array;
      try {
        chunk = await sh.sys.read(fd, 1);
      } catch (e) {
        if (e instanceof Interrupted) { sh.checkInterrupt(); continue; }
        if (e instanceof SysError) { await sh.error(`read: read error: ${fd}: ${e.message}`); return 1; }
        throw e;
      }
      if (!chunk.length) { eof = true; break; }
      bytes.push(chunk[0]!);
      const ch = dec.decode(new Uint8Array(bytes), { stream: true });
      if (!ch) continue;
      bytes = [];
      if (!exact && ch === delim) { gotDelim = true; break; }
      if (!raw && ch === '\\') {
        const n = await sh.sys.read(fd, 1);
        if (!n.length) { eof = true; break; }
        const nc = dec.decode(n);
        if (nc === '\n') continue; // line continuation
        line += '\\' + nc; // the backslash marks the char as quoted; removed below
        continue;
      }
      line += ch;
    }
  } finally { restore?.(); }
  if (silent && tty && delim === '\n') await sh.sys.write(2, '\n');
  // Split on IFS; backslash-escaped characters (without -r) are never separators.
  const ifs = sh.getParam('IFS') ?? ' \t\n';
  const fields = splitRead(line, ifs, arrayName ? Infinity : Math.max(1, names.length), raw);
  if (arrayName) {
    sh.vars.set(arrayName, { value: fields[0] ?? '', exported: false, readonly: false, array: fields });
  } else if (!names.length) {
    sh.setVar('REPLY', raw ? line : unescape(line));
  } else {
    names.forEach((n, i) => sh.setVar(n, fields[i] ?? ''));
  }
  return eof && !gotDelim && !(nchars !== undefined && line.length) ? 1 : 0;
}

function unescape(s: string) { return s.replace(/\\(.)/gs, '$1'); }

function splitRead(line: string, ifs: string, max: number, raw: boolean): string[] {
  const ws = [...ifs].filter((c) => ' \t\n'.includes(c));
  const isWs = (c: string) => ws.includes(c);
  const isSep = (c: string) => ifs.includes(c);
  // tokenise into [char, escaped]
  const chars: [string, boolean][] = [];
  for (let i = 0; i < line.length; i++) {
    if (!raw && line[i] === '\\' && i + 1 < line.length) { chars.push([line[i + 1]!, true]); i++; } else chars.push([line[i]!, false]);
  }
  let i = 0;
  while (i < chars.length && !chars[i]![1] && isWs(chars[i]![0])) i++;
  const out: string[] = [];
  while (i < chars.length) {
    if (out.length === max - 1) {
      // the last name takes the rest, minus trailing IFS whitespace
      let end = chars.length;
      while (end > i && !chars[end - 1]![1] && isWs(chars[end - 1]![0])) end--;
      out.push(chars.slice(i, end).map((c) => c[0]).join(''));
      return out;
    }
    let f = '';
    while (i < chars.length && (chars[i]![1] || !isSep(chars[i]![0]))) { f += chars[i]![0]; i++; }
    out.push(f);
    // skip one separator: whitespace run, optionally one non-ws sep and more whitespace
    while (i < chars.length && !chars[i]![1] && isWs(chars[i]![0])) i++;
    if (i < chars.length && !chars[i]![1] && isSep(chars[i]![0]) && !isWs(chars[i]![0])) {
      i++;
      while (i < chars.length && !chars[i]![1] && isWs(chars[i]![0])) i++;
    }
  }
  return out;
}
