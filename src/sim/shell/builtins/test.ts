// test / [ (and the file and string tests of [[ ]]): POSIX's argument-count rules for up to four arguments,
// then -a / -o / ! / ( ) precedence parsing, with bash's messages ("integer expression expected").
import type { Shell } from '../exec.ts';
import { SysError } from '../../kernel/errno.ts';

class TestError extends Error {}

const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x',
  '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-o', '-v']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export async function testBuiltin(sh: Shell, argv: string[]): Promise<number> {
  let args = argv.slice(1);
  const name = argv[0]!;
  if (name === '[') {
    if (args[args.length - 1] !== ']') { await sh.error(`[: missing \`]'`); return 2; }
    args = args.slice(0, -1);
  }
  return testExpr(sh, args, name);
}

/** Evaluates test arguments: 0 true, 1 false, 2 error (message printed). */
export async function testExpr(sh: Shell, args: string[], name: string): Promise<number> {
  dashMode = sh.dash;
  try {
    return evaluate(sh, args) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) { await sh.error(`${name}: ${e.message}`); return 2; }
    throw e;
  }
}

function evaluate(sh: Shell, a: string[]): boolean {
  switch (a.length) {
    case 0: return false;
    case 1: return a[0] !== '';
    case 2:
      if (a[0] === '!') return a[1] === '';
      if (UNARY.has(a[0]!)) return unary(sh, a[0]!, a[1]!);
      throw new TestError(`${a[0]}: unary operator expected`);
    case 3:
      if (BINARY.has(a[1]!) || a[1] === '-a' || a[1] === '-o') {
        if (a[1] === '-a') return a[0] !== '' && a[2] !== '';
        if (a[1] === '-o') return a[0] !== '' || a[2] !== '';
        return binary(sh, a[0]!, a[1]!, a[2]!);
      }
      if (a[0] === '!') return !evaluate(sh, a.slice(1));
      if (a[0] === '(' && a[2] === ')') return a[1] !== '';
      throw new TestError(`${a[1]}: binary operator expected`);
    case 4:
      if (a[0] === '!') return !evaluate(sh, a.slice(1));
      if (a[0] === '(' && a[3] === ')') return evaluate(sh, a.slice(1, 3));
  }
  const p = new ExprParser(sh, a);
  const v = p.or();
  if (p.i < a.length) throw new TestError(`${a[p.i]}: ${p.i === 0 ? 'unary' : 'binary'} operator expected`);
  return v;
}

class ExprParser {
  i = 0;
  readonly sh: Shell;
  readonly a: string[];
  constructor(sh: Shell, a: string[]) { this.sh = sh; this.a = a; }
  or(): boolean {
    let v = this.and();
    while (this.a[this.i] === '-o') { this.i++; const r = this.and(); v = v || r; }
    return v;
  }
  and(): boolean {
    let v = this.not();
    while (this.a[this.i] === '-a') { this.i++; const r = this.not(); v = v && r; }
    return v;
  }
  not(): boolean {
    if (this.a[this.i] === '!') { this.i++; return !this.not(); }
    return this.primary();
  }
  primary(): boolean {
    const a = this.a;
    const t = a[this.i];
    if (t === undefined) throw new TestError('argument expected');
    if (t === '(') {
      this.i++;
      const v = this.or();
      if (a[this.i] !== ')') throw new TestError(`\`)' expected`);
      this.i++;
      return v;
    }
    if (BINARY.has(a[this.i + 1] ?? '') && this.i + 2 < a.length) {
      this.i += 3;
      return binary(this.sh, t, a[this.i - 2]!, a[this.i - 1]!);
    }
    if (UNARY.has(t) && this.i + 1 < a.length) {
      this.i += 2;
      return unary(this.sh, t, a[this.i - 1]!);
    }
    this.i++;
    return t !== '';
  }
}

let dashMode = false;
function int(s: string): bigint {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new TestError(dashMode ? `Illegal number: ${s}` : `${s}: integer expression expected`);
  return BigInt(t);
}

function statOf(sh: Shell, p: string, follow = true) {
  try { return follow ? sh.sys.stat(p) : sh.sys.lstat(p); } catch (e) { if (e instanceof SysError) return undefined; throw e; }
}
const type = (mode: number) => mode & 0o170000;

function unary(sh: Shell, op: string, arg: string): boolean {
  switch (op) {
    case '-z': return arg === '';
    case '-n': return arg !== '';
    case '-v': return sh.getParam(arg) !== undefined;
    case '-o': return (sh.opts as unknown as Record<string, boolean>)[arg] === true;
    case '-t': {
      const fd = Number(arg);
      return Number.isInteger(fd) && sh.sys.isOpen(fd) && sh.sys.isatty(fd);
    }
    case '-h': case '-L': { const st = statOf(sh, arg, false); return !!st && type(st.mode) === 0o120000; }
  }
  if (arg === '') return false;
  const st = statOf(sh, arg);
  if (!st) return false;
  switch (op) {
    case '-e': case '-a': return true;
    case '-f': return type(st.mode) === 0o100000;
    case '-d': return type(st.mode) === 0o040000;
    case '-b': return type(st.mode) === 0o060000;
    case '-c': return type(st.mode) === 0o020000;
    case '-p': return type(st.mode) === 0o010000;
    case '-S': return type(st.mode) === 0o140000;
    case '-s': return st.size > 0;
    case '-u': return (st.mode & 0o4000) !== 0;
    case '-g': return (st.mode & 0o2000) !== 0;
    case '-k': return (st.mode & 0o1000) !== 0;
    case '-O': return st.uid === sh.sys.euid;
    case '-G': return st.gid === sh.sys.gid;
    case '-N': return st.mtimeMs > st.atimeMs;
    case '-r': case '-w': case '-x': {
      const mode = op === '-r' ? 4 : op === '-w' ? 2 : 1;
      try { sh.sys.access(arg, mode); } catch { return false; }
      // root may execute only what has some x bit
      if (op === '-x' && sh.sys.euid === 0) return type(st.mode) === 0o040000 || (st.mode & 0o111) !== 0;
      return true;
    }
  }
  return false;
}

function binary(sh: Shell, l: string, op: string, r: string): boolean {
  switch (op) {
    case '=': case '==': return l === r;
    case '!=': return l !== r;
    case '<': return l < r;
    case '>': return l > r;
    case '-eq': return int(l) === int(r);
    case '-ne': return int(l) !== int(r);
    case '-lt': return int(l) < int(r);
    case '-le': return int(l) <= int(r);
    case '-gt': return int(l) > int(r);
    case '-ge': return int(l) >= int(r);
    case '-nt': case '-ot': {
      const a = statOf(sh, l), b = statOf(sh, r);
      if (op === '-nt') return !!a && (!b || a.mtimeMs > b.mtimeMs);
      return !!b && (!a || a.mtimeMs < b.mtimeMs);
    }
    case '-ef': {
      const a = statOf(sh, l), b = statOf(sh, r);
      return !!a && !!b && a.ino === b.ino && a.dev === b.dev;
    }
  }
  throw new TestError(`${op}: binary operator expected`);
}
