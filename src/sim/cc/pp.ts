// The C preprocessor: #include ("..." relative to the including file, then -I, then the system directories;
// <...> in -I then the system directories), object- and function-like #define with # and ##, #undef,
// #if/#ifdef/#ifndef/#elif/#else/#endif with defined(), #error, #warning, #pragma (ignored), #line (ignored),
// __FILE__, __LINE__ and the predefined macros gcc has on x86-64 Linux.
import { CompileError, lexFile, type Line, type Token } from './lex.ts';
import type { Diags } from './diag.ts';

interface Macro {
  name: string;
  params?: string[];
  variadic?: boolean;
  body: Token[];
  builtin?: boolean;
}

export interface PpOptions {
  /** Reads a file; undefined when it does not exist. */
  readFile(path: string): string | undefined;
  includeDirs: string[];
  systemDirs: string[];
  defines: [string, string][];
  undefs?: string[];
}

const PREDEFINED: [string, string][] = [
  ['__STDC__', '1'], ['__STDC_VERSION__', '201710L'], ['__STDC_HOSTED__', '1'], ['__GNUC__', '12'], ['__GNUC_MINOR__', '2'],
  ['__x86_64__', '1'], ['__x86_64', '1'], ['__linux__', '1'], ['__linux', '1'], ['linux', '1'], ['__unix__', '1'], ['unix', '1'],
  ['__ELF__', '1'], ['__LP64__', '1'], ['_LP64', '1'], ['__CHAR_BIT__', '8'], ['__SIZEOF_INT__', '4'], ['__SIZEOF_LONG__', '8'],
  ['__SIZEOF_POINTER__', '8'], ['__SIZEOF_LONG_LONG__', '8'], ['__SIZEOF_SHORT__', '2'], ['__INT_MAX__', '0x7fffffff'],
  ['__LONG_MAX__', '0x7fffffffffffffffL'], ['__SCHAR_MAX__', '0x7f'], ['__SHRT_MAX__', '0x7fff'], ['__ORDER_LITTLE_ENDIAN__', '1234'],
  ['__BYTE_ORDER__', '1234'], ['__ORDER_BIG_ENDIAN__', '4321'], ['__memsim__', '1'], ['__OPTIMIZE__', ''],
];

export class Preprocessor {
  private macros = new Map<string, Macro>();
  private out: Token[] = [];
  private readonly opts: PpOptions;
  private readonly diags: Diags;
  private depth = 0;
  /** Every file read, in order (for make's dependency output and diagnostics). */
  readonly files: string[] = [];

  constructor(opts: PpOptions, diags: Diags) {
    this.opts = opts;
    this.diags = diags;
    for (const [n, v] of PREDEFINED) this.define(n, v);
    this.macros.delete('__OPTIMIZE__');
    for (const b of ['__FILE__', '__LINE__', '__DATE__', '__TIME__', '__COUNTER__']) this.macros.set(b, { name: b, body: [], builtin: true });
    for (const [n, v] of opts.defines) this.define(n, v);
    for (const n of opts.undefs ?? []) this.macros.delete(n);
  }

  private define(name: string, value: string) {
    const lines = lexFile(`${name} ${value}`, '<command-line>');
    this.defineFrom(lines[0]!.toks, '<command-line>');
  }

  /** Preprocesses a main file; returns the token stream ending in eof. */
  run(path: string, text: string): Token[] {
    this.file(path, text);
    const last = this.out[this.out.length - 1];
    this.out.push({ k: 'eof', v: '', file: path, line: last ? last.line : 1, col: last ? last.col + last.len : 1, len: 1, space: true });
    return this.out;
  }

  private file(path: string, text: string) {
    if (this.depth > 200) throw new CompileError({ file: path, line: 1, col: 1 }, '#include nested depth 200 exceeds maximum of 200 (use -fmax-include-depth=DEPTH to increase the maximum)');
    this.depth++;
    this.files.push(path);
    this.diags.sources.set(path, text.split('\n'));
    const lines = lexFile(text, path);
    // conditional stack: [active, taken, sawElse]
    const cond: { active: boolean; taken: boolean; sawElse: boolean; tok: Token }[] = [];
    const active = () => cond.every((c) => c.active);
    let pending: Token[] = [];
    const flush = () => { if (pending.length) { this.expandInto(pending, this.out); pending = []; } };
    for (let li = 0; li < lines.length; li++) {
      const ln: Line = lines[li]!;
      const t = ln.toks;
      if (t.length && t[0]!.v === '#' && t[0]!.k === 'punct') {
        const d = t[1];
        const name = d?.v ?? '';
        if (['if', 'ifdef', 'ifndef'].includes(name)) {
          if (!active()) { cond.push({ active: false, taken: true, sawElse: false, tok: d! }); continue; }
          flush();
          let v: boolean;
          if (name === 'if') v = this.evalIf(t.slice(2), d!);
          else {
            if (!t[2] || t[2].k !== 'id') throw new CompileError(d!, `no macro name given in #${name} directive`, d!.len);
            v = this.macros.has(t[2].v) === (name === 'ifdef');
          }
          cond.push({ active: v, taken: v, sawElse: false, tok: d! });
          continue;
        }
        if (name === 'elif') {
          const c = cond[cond.length - 1];
          if (!c) throw new CompileError(d!, '#elif without #if', d!.len);
          if (c.sawElse) throw new CompileError(d!, '#elif after #else', d!.len);
          const outer = cond.slice(0, -1).every((x) => x.active);
          if (c.taken || !outer) c.active = false;
          else { flush(); c.active = this.evalIf(t.slice(2), d!); c.taken = c.active; }
          continue;
        }
        if (name === 'else') {
          const c = cond[cond.length - 1];
          if (!c) throw new CompileError(d!, '#else without #if', d!.len);
          if (c.sawElse) throw new CompileError(d!, '#else after #else', d!.len);
          c.sawElse = true;
          c.active = !c.taken;
          c.taken = true;
          continue;
        }
        if (name === 'endif') {
          if (!cond.length) throw new CompileError(d!, '#endif without #if', d!.len);
          cond.pop();
          continue;
        }
        if (!active()) continue;
        flush();
        if (!d) continue; // null directive
        switch (name) {
          case 'define': this.defineFrom(t.slice(2), path, d); break;
          case 'undef': if (t[2]) this.macros.delete(t[2].v); break;
          case 'include': this.include(t.slice(2), path, d); break;
          case 'error': throw new CompileError(d, `#error ${t.slice(2).map((x, i) => (i && x.space ? ' ' : '') + x.v).join('')}`, d.len);
          case 'warning':
            this.diags.warning(d, `#warning ${t.slice(2).map((x, i) => (i && x.space ? ' ' : '') + x.v).join('')}`, '-Wcpp', d.len);
            break;
          case 'pragma': case 'line': case 'ident': break;
          default:
            if (d.k === 'num') break; // # 1 "file" line markers
            throw new CompileError(d, `invalid preprocessing directive #${name}`, d.len);
        }
        continue;
      }
      if (active()) for (const tok of t) pending.push(tok);
    }
    flush();
    if (cond.length) {
      const c = cond[cond.length - 1]!;
      throw new CompileError({ file: path, line: c.tok.line, col: c.tok.col - 1 }, `unterminated #${c.tok.v}`, c.tok.len + 1);
    }
    this.depth--;
  }

  private include(toks: Token[], from: string, d: Token) {
    let ts = toks;
    if (ts[0] && ts[0].k === 'id') { const o: Token[] = []; this.expandInto(ts, o); ts = o; }
    let name: string, system: boolean;
    const first = ts[0];
    if (first?.k === 'str') { name = first.v.slice(1, -1); system = false; }
    else if (first?.v === '<') {
      name = '';
      let i = 1;
      for (; i < ts.length && ts[i]!.v !== '>'; i++) name += (ts[i]!.space && name ? ' ' : '') + ts[i]!.v;
      if (i >= ts.length) throw new CompileError(d, 'missing terminating > character', d.len);
      system = true;
    } else throw new CompileError(first ?? d, '#include expects "FILENAME" or <FILENAME>', (first ?? d).len);
    const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
    const cands = [...(system ? [] : [dir + name]), ...this.opts.includeDirs.map((p) => `${p.replace(/\/$/, '')}/${name}`),
      ...this.opts.systemDirs.map((p) => `${p}/${name}`)];
    for (const c of cands) {
      const text = this.opts.readFile(c);
      if (text !== undefined) { this.file(c.startsWith('./') ? c.slice(2) : c, text); return; }
    }
    const tokLen = first ? (first.k === 'str' ? first.len : (ts[ts.length - 1]!.col + ts[ts.length - 1]!.len - first.col)) : 1;
    const e = new CompileError(first ?? d, `${name}: No such file or directory`, tokLen);
    (e as CompileError & { fatal?: boolean }).fatal = true;
    throw e;
  }

  private defineFrom(t: Token[], _file: string, d?: Token) {
    const nameTok = t[0];
    if (!nameTok || nameTok.k !== 'id') throw new CompileError(nameTok ?? d!, 'macro names must be identifiers', (nameTok ?? d!).len);
    const m: Macro = { name: nameTok.v, body: [] };
    let i = 1;
    if (t[1] && t[1].v === '(' && !t[1].space) {
      m.params = [];
      i = 2;
      for (;;) {
        const p = t[i];
        if (!p) throw new CompileError(nameTok, 'missing \')\' in macro parameter list');
        if (p.v === ')') { i++; break; }
        if (p.v === '...') { m.variadic = true; m.params.push('__VA_ARGS__'); i++; continue; }
        if (p.k === 'id') m.params.push(p.v);
        else if (p.v !== ',') throw new CompileError(p, `expected parameter name, found "${p.v}"`, p.len);
        i++;
      }
    }
    m.body = t.slice(i);
    this.macros.set(m.name, m);
  }

  // ---- macro expansion --------------------------------------------------------------------------------
  private expandInto(input: Token[], out: Token[]) {
    const stack = input.slice().reverse(); // next token at the end
    while (stack.length) {
      const t = stack.pop()!;
      if (t.k !== 'id') { out.push(t); continue; }
      const m = this.macros.get(t.v);
      if (!m || t.hide?.has(t.v)) { out.push(t); continue; }
      const origin = t.exp ?? t;
      if (m.builtin) {
        let v: Token;
        if (m.name === '__FILE__') v = { ...t, k: 'str', v: JSON.stringify(origin.file) };
        else if (m.name === '__LINE__') v = { ...t, k: 'num', v: String(origin.line) };
        else if (m.name === '__DATE__') v = { ...t, k: 'str', v: '"Oct  5 2026"' };
        else if (m.name === '__TIME__') v = { ...t, k: 'str', v: '"09:00:00"' };
        else v = { ...t, k: 'num', v: '0' };
        out.push(v);
        continue;
      }
      const hide = new Set(t.hide ?? []);
      hide.add(m.name);
      if (!m.params) {
        const body = m.body.map((b, i) => ({ ...b, hide, exp: origin, space: i === 0 ? t.space : b.space, line: origin.line, col: origin.col, file: origin.file, len: origin.len }));
        const pasted = this.paste(body);
        for (let i = pasted.length - 1; i >= 0; i--) stack.push(pasted[i]!);
        continue;
      }
      // function-like: needs '(' next
      const next = stack[stack.length - 1];
      if (!next || next.v !== '(') { out.push(t); continue; }
      stack.pop();
      const args: Token[][] = [[]];
      let depth = 0;
      for (;;) {
        const a = stack.pop();
        if (!a) throw new CompileError(t, `unterminated argument list invoking macro "${m.name}"`, t.len);
        if (a.v === '(') depth++;
        else if (a.v === ')') { if (depth === 0) break; depth--; }
        else if (a.v === ',' && depth === 0 && !(m.variadic && args.length >= m.params.length)) { args.push([]); continue; }
        args[args.length - 1]!.push(a);
      }
      if (args.length === 1 && args[0]!.length === 0 && m.params.length === 0) args.pop();
      if (m.variadic && args.length === m.params.length - 1) args.push([]);
      if (args.length !== m.params.length) {
        throw new CompileError(t, `macro "${m.name}" ${args.length > m.params.length ? 'passed' : 'requires'} ${args.length > m.params.length ? args.length : m.params.length} arguments, but ${args.length > m.params.length ? 'takes just' : 'only'} ${args.length > m.params.length ? m.params.length : args.length}${args.length > m.params.length ? '' : ' given'}`, t.len);
      }
      const expandedArgs = new Map<number, Token[]>();
      const expArg = (i: number) => {
        let e = expandedArgs.get(i);
        if (!e) { e = []; this.expandInto(args[i]!, e); expandedArgs.set(i, e); }
        return e;
      };
      const body: Token[] = [];
      const b = m.body;
      for (let i = 0; i < b.length; i++) {
        const bt = b[i]!;
        if (bt.v === '#' && b[i + 1] && m.params.includes(b[i + 1]!.v)) {
          const arg = args[m.params.indexOf(b[i + 1]!.v)]!;
          const s = arg.map((x, j) => (j && x.space ? ' ' : '') + x.v).join('');
          body.push({ ...bt, k: 'str', v: JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), space: bt.space });
          i++;
          continue;
        }
        const pi = bt.k === 'id' ? m.params.indexOf(bt.v) : -1;
        if (pi >= 0) {
          const pasteNext = b[i + 1]?.v === '##';
          const pastePrev = b[i - 1]?.v === '##';
          const toks = pasteNext || pastePrev ? args[pi]! : expArg(pi);
          if (!toks.length && (pasteNext || pastePrev)) { body.push({ ...bt, k: 'other', v: '', space: bt.space }); continue; }
          toks.forEach((x, j) => body.push({ ...x, space: j === 0 ? bt.space : x.space, fromArg: true } as Token));
          continue;
        }
        body.push(bt);
      }
      // A macro's own tokens are reported where it was invoked; an argument's keep their place in the source (gcc's
      // spelling location: `va_arg(ap, char)`'s warning points at `char`).
      const placed = body.map((x) => ((x as { fromArg?: boolean }).fromArg && !x.exp
        ? { ...x, hide: new Set([...(x.hide ?? []), ...hide]), exp: origin }
        : { ...x, hide: new Set([...(x.hide ?? []), ...hide]), exp: origin, line: origin.line, col: origin.col, file: origin.file, len: origin.len }));
      if (placed[0]) placed[0].space = t.space;
      const pasted = this.paste(placed).filter((x) => !(x.k === 'other' && x.v === ''));
      for (let i = pasted.length - 1; i >= 0; i--) stack.push(pasted[i]!);
    }
  }

  private paste(toks: Token[]): Token[] {
    if (!toks.some((t) => t.v === '##')) return toks;
    const out: Token[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.v === '##' && out.length && toks[i + 1]) {
        const l = out.pop()!;
        const r = toks[++i]!;
        if (l.v === ',' && r.v === '') { out.push(l); continue; } // , ## __VA_ARGS__ with nothing: gcc drops the comma
        const text = l.v + r.v;
        const lexed = lexFile(text, l.file)[0]!.toks;
        if (lexed.length === 1) out.push({ ...l, k: lexed[0]!.k, v: text });
        else if (text === '') out.push({ ...l, k: 'other', v: '' });
        else throw new CompileError(l, `pasting "${l.v}" and "${r.v}" does not give a valid preprocessing token`, l.len);
        continue;
      }
      out.push(t);
    }
    // `, ## __VA_ARGS__` with empty args: drop the comma
    return out.filter((t, i) => !(t.v === ',' && out[i + 1]?.k === 'other' && out[i + 1]?.v === '' && toks.some((x) => x.v === '##')));
  }

  // ---- #if expressions ------------------------------------------------------------------------------------
  private evalIf(toks: Token[], d: Token): boolean {
    if (!toks.length) throw new CompileError(d, '#if with no expression', d.len);
    // defined X / defined(X) before expansion
    const pre: Token[] = [];
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.v === 'defined') {
        let name: Token | undefined;
        if (toks[i + 1]?.v === '(') { name = toks[i + 2]; i += 3; } else { name = toks[i + 1]; i += 1; }
        if (!name || name.k !== 'id') throw new CompileError(t, 'operator "defined" requires an identifier', t.len);
        pre.push({ ...t, k: 'num', v: this.macros.has(name.v) ? '1' : '0' });
        continue;
      }
      pre.push(t);
    }
    const ex: Token[] = [];
    this.expandInto(pre, ex);
    let p = 0;
    const peek = () => ex[p];
    const num = (t: Token): bigint => {
      if (t.k === 'id') return 0n;
      if (t.k === 'chr') return BigInt(t.v.charCodeAt(1));
      if (t.k !== 'num') throw new CompileError(t, `token "${t.v}" is not valid in preprocessor expressions`, t.len);
      const s = t.v.replace(/[uUlL]+$/, '');
      try { return BigInt(/^0[0-7]+$/.test(s) ? '0o' + s.slice(1) : s); } catch { throw new CompileError(t, `invalid integer constant in #if`); }
    };
    const prec: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 };
    const unary = (): bigint => {
      const t = ex[p++];
      if (!t) throw new CompileError(d, '#if with no expression', d.len);
      if (t.v === '(') { const v = cond(); if (ex[p]?.v !== ')') throw new CompileError(t, "missing ')' in expression", t.len); p++; return v; }
      if (t.v === '!') return unary() ? 0n : 1n;
      if (t.v === '-') return -unary();
      if (t.v === '+') return unary();
      if (t.v === '~') return ~unary();
      return num(t);
    };
    const bin = (min: number): bigint => {
      let l = unary();
      for (;;) {
        const op = peek()?.v ?? '';
        const pr = prec[op];
        if (!pr || pr < min || peek()!.k !== 'punct') return l;
        p++;
        const r = bin(pr + 1);
        switch (op) {
          case '||': l = l || r ? 1n : 0n; break;
          case '&&': l = l && r ? 1n : 0n; break;
          case '|': l |= r; break; case '^': l ^= r; break; case '&': l &= r; break;
          case '==': l = l === r ? 1n : 0n; break; case '!=': l = l !== r ? 1n : 0n; break;
          case '<': l = l < r ? 1n : 0n; break; case '>': l = l > r ? 1n : 0n; break;
          case '<=': l = l <= r ? 1n : 0n; break; case '>=': l = l >= r ? 1n : 0n; break;
          case '<<': l <<= r; break; case '>>': l >>= r; break;
          case '+': l += r; break; case '-': l -= r; break; case '*': l *= r; break;
          case '/': if (!r) throw new CompileError(d, 'division by zero in #if', d.len); l /= r; break;
          case '%': if (!r) throw new CompileError(d, 'division by zero in #if', d.len); l %= r; break;
        }
      }
    };
    const cond = (): bigint => {
      const c = bin(1);
      if (peek()?.v === '?') {
        p++;
        const a = cond();
        if (peek()?.v !== ':') throw new CompileError(d, "'?' without following ':'", d.len);
        p++;
        const b = cond();
        return c ? a : b;
      }
      return c;
    };
    const v = cond();
    if (p < ex.length) throw new CompileError(ex[p]!, `missing binary operator before token "${ex[p]!.v}"`, ex[p]!.len);
    return v !== 0n;
  }
}
