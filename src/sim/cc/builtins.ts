// gcc's folding of the stdio builtins, which it does even at -O0 (gimple_fold_builtin_printf, _fprintf, _fputs),
// on the checked AST before code generation, so the imports, .rodata and .text change as they really do. Only a
// call whose value is unused (an expression statement, the operand of a (void) cast, a comma's discarded side,
// a for step) is folded, and only with a string-literal format and exactly the arguments the format takes:
//   printf("")  → nothing          printf("c") → putchar('c')          printf("text\n") → puts("text")
//   printf("%s\n", p) → puts(p)     printf("%c", i) → putchar(i)        printf("%s", "lit") → as printf("lit")
//   printf("text") stays printf (there is no stdout to hand to fputs)
//   fprintf(f, "text") → fputs("text", f), fprintf(f, "%s", p) → fputs(p, f), fprintf(f, "%c", i) → fputc(i, f)
//   fputs("", f) → nothing, fputs("c", f) → fputc('c', f), fputs("text", f) → fwrite("text", 1, 4, f)
// A format literal no call uses any more leaves .rodata; "text" made from "text\n" is a new literal (shared with
// an identical one), placed after the one it comes from.
import type { Expr, Stmt, Sym, Unit } from './ast.ts';
import { T, ptr, type CType } from './types.ts';

type Call = Extract<Expr, { e: 'call' }>;
type FnT = Extract<CType, { k: 'fn' }>;

export function foldBuiltins(unit: Unit): void {
  const defined = new Set(unit.fns.map((f) => f.sym.name));
  const strKey = (b: number[]) => b.join(',');
  const strIds = new Map<string, number>();
  unit.strings.forEach((s, i) => { if (!strIds.has(strKey(s.bytes))) strIds.set(strKey(s.bytes), i); });
  const formats = new Set<number>(); // literals a folded call stopped using
  let nextSymId = -1;

  const callee = (e: Call) => (e.f.e === 'addr' && e.f.x.e === 'var' && e.f.x.sym.kind === 'fn' ? e.f.x.sym : undefined);
  /** The id of the string literal e is (through its conversions), if it is one. */
  const literal = (e: Expr): number | undefined => {
    while (e.e === 'cast' && e.t.k === 'ptr') e = e.x;
    if (e.e === 'addr' && e.x.e === 'str') return e.x.id;
    return e.e === 'str' ? e.id : undefined;
  };
  const intern = (bytes: number[], from: number): number => {
    const k = strKey(bytes);
    let id = strIds.get(k);
    if (id === undefined) { id = unit.strings.length; unit.strings.push({ bytes, after: from }); strIds.set(k, id); }
    return id;
  };
  const strExpr = (id: number, tok: Expr['tok']): Expr => {
    const t: CType = { k: 'arr', of: T.char, n: unit.strings[id]!.bytes.length + 1 };
    return { e: 'addr', x: { e: 'str', id, t, tok }, t: ptr(T.char), tok };
  };
  const num = (v: number, t: CType, tok: Expr['tok']): Expr => ({ e: 'num', v, t, tok });
  const fnSym = (name: string, ft: FnT): Sym => {
    const s = unit.fns.find((f) => f.sym.name === name)?.sym ?? unit.externs.find((x) => x.kind === 'fn' && x.name === name);
    if (s) return s;
    const sym: Sym = { name, t: ft, kind: 'fn', id: nextSymId--, loc: { k: 'id', v: name, file: unit.file, line: 0, col: 0, len: name.length } as Sym['loc'], used: true, isExtern: true };
    unit.externs.push(sym);
    return sym;
  };
  const fn = (ret: CType, params: CType[]): FnT => ({ k: 'fn', ret, params, variadic: false, proto: true });
  const callTo = (name: string, ft: FnT, args: Expr[], tok: Expr['tok']): Expr => {
    const sym = fnSym(name, ft);
    const t = sym.t.k === 'fn' ? sym.t : ft;
    return { e: 'call', f: { e: 'addr', x: { e: 'var', sym, t, tok }, t: ptr(t), tok }, args, ft: t, t: t.ret, tok };
  };
  const cstr = ptr({ ...T.char, c: true });
  const isIntT = (t: CType) => t.k === 'int' && t.size === 4 && t.signed && !t.bool;
  const sbyte = (b: number) => (b > 127 ? b - 256 : b);

  /** fputs(str, f) with str a literal (gimple_fold_builtin_fputs). null: the call goes. */
  const foldFputs = (e: Call, sid: number, f: Expr): Expr | null => {
    const b = unit.strings[sid]!.bytes;
    formats.add(sid);
    if (b.length === 0) return null;
    const file = f.t;
    if (b.length === 1) return callTo('fputc', fn(T.int, [T.int, file]), [num(sbyte(b[0]!), T.int, e.tok), f], e.tok);
    return callTo('fwrite', fn(T.ulong, [ptr({ k: 'void', c: true }), T.ulong, T.ulong, file]), [strExpr(sid, e.tok), num(1, T.ulong, e.tok), num(b.length, T.ulong, e.tok), f], e.tok);
  };
  /** printf of the text of literal sid (no conversions). undefined: it stays. */
  const printText = (e: Call, sid: number): Expr | null | undefined => {
    const b = unit.strings[sid]!.bytes;
    if (b.length === 0) return null;
    if (b.length === 1) return callTo('putchar', fn(T.int, [T.int]), [num(sbyte(b[0]!), T.int, e.tok)], e.tok);
    if (b[b.length - 1] === 10) return callTo('puts', fn(T.int, [cstr]), [strExpr(intern(b.slice(0, -1), sid), e.tok)], e.tok);
    return undefined;
  };

  /** The replacement for an unused call (undefined: none; null: nothing at all). */
  const fold = (e: Call): Expr | null | undefined => {
    const s = callee(e);
    if (!s || defined.has(s.name) || s.isStatic) return undefined;
    const { args } = e;
    if (s.name === 'fputs' && args.length === 2) {
      const sid = literal(args[0]!);
      return sid === undefined || unit.strings[sid]!.bytes.includes(0) ? undefined : foldFputs(e, sid, args[1]!);
    }
    const fi = s.name === 'printf' ? 0 : s.name === 'fprintf' ? 1 : -1;
    if (fi < 0 || args.length <= fi) return undefined;
    const fid = literal(args[fi]!);
    if (fid === undefined) return undefined;
    const fmt = unit.strings[fid]!.bytes;
    if (fmt.includes(0)) return undefined;
    const text = String.fromCharCode(...fmt);
    const nArgs = args.length - fi - 1;
    const arg = args[fi + 1];
    if (fi === 0) {
      let r: Expr | null | undefined;
      if (!text.includes('%')) r = nArgs === 0 ? printText(e, fid) : undefined;
      else if (nArgs !== 1) r = undefined;
      else if (text === '%s') {
        const aid = arg!.t.k === 'ptr' ? literal(arg!) : undefined;
        r = aid === undefined || unit.strings[aid]!.bytes.includes(0) ? undefined : printText(e, aid);
        if (r !== undefined) formats.add(aid!);
      } else if (text === '%s\n') r = arg!.t.k === 'ptr' ? callTo('puts', fn(T.int, [cstr]), [arg!], e.tok) : undefined;
      else if (text === '%c') r = isIntT(arg!.t) ? callTo('putchar', fn(T.int, [T.int]), [arg!], e.tok) : undefined;
      if (r !== undefined) formats.add(fid);
      return r;
    }
    const f = args[0]!;
    if (!text.includes('%')) return nArgs === 0 ? foldFputs(e, fid, f) : undefined;
    if (nArgs !== 1) return undefined;
    let r: Expr | null | undefined;
    if (text === '%s' && arg!.t.k === 'ptr') {
      const aid = literal(arg!);
      r = aid !== undefined && !unit.strings[aid]!.bytes.includes(0) ? foldFputs(e, aid, f) : callTo('fputs', fn(T.int, [cstr, f.t]), [arg!, f], e.tok);
    } else if (text === '%c' && isIntT(arg!.t)) r = callTo('fputc', fn(T.int, [T.int, f.t]), [arg!, f], e.tok);
    if (r !== undefined) formats.add(fid);
    return r;
  };

  // ---- the walk: fold the unused calls, then count what still refers to each literal ----------------------
  const zero = (tok: Expr['tok']): Expr => num(0, T.int, tok);
  const ex = (e: Expr, unused: boolean): Expr => {
    switch (e.e) {
      case 'call': {
        e.f = ex(e.f, false);
        e.args = e.args.map((a) => ex(a, false));
        if (!unused) return e;
        const r = fold(e);
        return r === undefined ? e : r ?? zero(e.tok);
      }
      case 'cast': e.x = ex(e.x, unused && e.t.k === 'void'); return e;
      case 'comma': e.l = ex(e.l, true); e.r = ex(e.r, unused); return e;
      case 'deref': e.a = ex(e.a, false); return e;
      case 'addr': case 'un': case 'incdec': e.x = ex(e.x, false); return e;
      case 'bin': case 'cmp': case 'ptrdiff': case 'logic': case 'assign': e.l = ex(e.l, false); e.r = ex(e.r, false); return e;
      case 'ptradd': e.p = ex(e.p, false); e.i = ex(e.i, false); return e;
      case 'cond': e.c = ex(e.c, false); e.a = ex(e.a, false); e.b = ex(e.b, false); return e;
      case 'va': e.ap = ex(e.ap, false); if (e.src) e.src = ex(e.src, false); return e;
      case 'num': case 'str': case 'var': case 'zero': return e;
    }
  };
  const st = (s: Stmt): Stmt => {
    switch (s.s) {
      case 'expr': {
        const e = ex(s.e, true);
        return e.e === 'num' && s.e.e === 'call' ? { s: 'empty' } : (s.e = e, s);
      }
      case 'init': if (s.e) s.e = ex(s.e, false); s.items?.forEach((it) => { it.e = ex(it.e, false); }); return s;
      case 'if': s.c = ex(s.c, false); s.a = st(s.a); if (s.b) s.b = st(s.b); return s;
      case 'while': case 'do': s.c = ex(s.c, false); s.body = st(s.body); return s;
      case 'for': if (s.init) s.init = st(s.init); if (s.c) s.c = ex(s.c, false); if (s.step) s.step = ex(s.step, true); s.body = st(s.body); return s;
      case 'block': s.list = s.list.map(st); return s;
      case 'return': if (s.e) s.e = ex(s.e, false); return s;
      case 'switch': s.e = ex(s.e, false); s.body = st(s.body); return s;
      case 'break': case 'continue': case 'case': case 'default': case 'empty': return s;
    }
  };
  for (const f of unit.fns) f.body = st(f.body);
  if (!formats.size) return;

  const refs = new Set<number>();
  const countE = (e: Expr): void => {
    switch (e.e) {
      case 'str': refs.add(e.id); return;
      case 'call': countE(e.f); e.args.forEach(countE); return;
      case 'cast': case 'addr': case 'un': case 'incdec': countE(e.x); return;
      case 'deref': countE(e.a); return;
      case 'comma': case 'bin': case 'cmp': case 'ptrdiff': case 'logic': case 'assign': countE(e.l); countE(e.r); return;
      case 'ptradd': countE(e.p); countE(e.i); return;
      case 'cond': countE(e.c); countE(e.a); countE(e.b); return;
      case 'num': case 'var': case 'zero': return;
    }
  };
  const countS = (s: Stmt | undefined): void => {
    if (!s) return;
    switch (s.s) {
      case 'expr': countE(s.e); return;
      case 'init': if (s.e) countE(s.e); s.items?.forEach((it) => countE(it.e)); return;
      case 'if': countE(s.c); countS(s.a); countS(s.b); return;
      case 'while': case 'do': countE(s.c); countS(s.body); return;
      case 'for': countS(s.init); if (s.c) countE(s.c); if (s.step) countE(s.step); countS(s.body); return;
      case 'block': s.list.forEach(countS); return;
      case 'return': if (s.e) countE(s.e); return;
      case 'switch': countE(s.e); countS(s.body); return;
      default: return;
    }
  };
  for (const f of unit.fns) countS(f.body);
  for (const g of unit.globals) for (const r of g.init?.relocs ?? []) if (r.kind === 'str') refs.add(r.target);
  for (const id of formats) if (!refs.has(id)) unit.strings[id]!.dead = true;
}
