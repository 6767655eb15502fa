// Parser and type checker for the C subset: declarations (with typedef, struct/union/enum, arrays, pointers,
// function pointers, initialisers), statements and every C operator, producing the typed AST of ast.ts and
// gcc 12's diagnostics for the mistakes students make.
import { CompileError, unescape, type Token } from './lex.ts';
import type { Diags } from './diag.ts';
import { expandTabs } from './diag.ts';
import type { Expr, FnDef, GlobalInit, Reloc, Stmt, Sym, Unit } from './ast.ts';
import { T, alignOf, common, decay, isArith, isComplete, isFloat, isInt, isPtr, isScalar, promote, ptr, qualified, sameType, sizeOf, typeName, unqual, type CType, type Field, type ParamLoc, type StructDef } from './types.ts';
import { checkFormat } from './format.ts';

type FnT = Extract<CType, { k: 'fn' }>;

/** Where gcc suggests a declaration comes from (implicit declaration notes). */
export const HEADER_OF: Record<string, string> = {
  printf: 'stdio.h', puts: 'stdio.h', putchar: 'stdio.h', fprintf: 'stdio.h', sprintf: 'stdio.h', snprintf: 'stdio.h',
  scanf: 'stdio.h', fgets: 'stdio.h', fopen: 'stdio.h', fclose: 'stdio.h', getchar: 'stdio.h', perror: 'stdio.h', fflush: 'stdio.h',
  fputs: 'stdio.h', fread: 'stdio.h', fwrite: 'stdio.h',
  malloc: 'stdlib.h', free: 'stdlib.h', calloc: 'stdlib.h', realloc: 'stdlib.h', exit: 'stdlib.h', atoi: 'stdlib.h', abort: 'stdlib.h',
  strtol: 'stdlib.h', rand: 'stdlib.h', srand: 'stdlib.h', atexit: 'stdlib.h', abs: 'stdlib.h',
  strlen: 'string.h', strcpy: 'string.h', strcmp: 'string.h', memcpy: 'string.h', memset: 'string.h', strncpy: 'string.h',
  strcat: 'string.h', strdup: 'string.h', memmove: 'string.h', memcmp: 'string.h', strerror: 'string.h', strchr: 'string.h',
};
/** gcc's built-ins whose implicit `int f()` declaration is incompatible. */
const BUILTIN_MISMATCH = new Set(['printf', 'fprintf', 'sprintf', 'snprintf', 'scanf', 'malloc', 'calloc', 'realloc', 'strlen', 'strcpy', 'strncpy',
  'strcat', 'strdup', 'memcpy', 'memset', 'memmove', 'exit', 'abort', 'strchr', 'fputs', 'fwrite', 'fread', 'free']);

interface Scope { vars: Map<string, Sym>; tags: Map<string, CType>; syms: Sym[]; }

let nextId = 1;

export class Parser {
  private toks: Token[];
  private p = 0;
  private scopes: Scope[] = [];
  private diags: Diags;
  private readonly wall: boolean;
  private readonly wextra: boolean;
  private unit: Unit;
  private fn: { def: FnDef; ret: CType; reported: Set<string>; name: string } | undefined;
  private strIds = new Map<string, number>();
  private suggestedHeaders = new Set<string>();
  /** Deferred diagnostics emitted after the front end (-Wreturn-type, as gcc's middle end does). */
  readonly late: (() => void)[] = [];
  private mainFile: string;
  private lastIncludeLine = 0;
  private loopDepth = 0;
  private switchDepth = 0;

  constructor(toks: Token[], diags: Diags, file: string, opts: { wall: boolean; wextra: boolean; lastIncludeLine: number }) {
    this.toks = toks;
    this.diags = diags;
    this.wall = opts.wall;
    this.wextra = opts.wextra;
    this.mainFile = file;
    this.lastIncludeLine = opts.lastIncludeLine;
    this.unit = { file, fns: [], globals: [], strings: [], externs: [] };
    this.scopes.push({ vars: new Map(), tags: new Map(), syms: [] });
  }

  // ---- token helpers ---------------------------------------------------------------------------------------
  private get t(): Token { return this.toks[this.p]!; }
  private peek(o = 1): Token { return this.toks[Math.min(this.p + o, this.toks.length - 1)]!; }
  private is(v: string) { const t = this.t; return t.v === v && (t.k === 'punct' || t.k === 'id'); }
  private next(): Token { const t = this.t; if (this.p < this.toks.length - 1) this.p++; return t; }
  private accept(v: string): boolean { if (this.is(v)) { this.p++; return true; } return false; }
  private desc(t: Token) { return t.k === 'eof' ? 'end of input' : t.k === 'id' && KEYWORDS.has(t.v) ? `‘${t.v}’` : t.k === 'id' ? 'identifier' : t.k === 'num' ? 'numeric constant' : t.k === 'str' ? 'string constant' : `‘${t.v}’ token`; }
  private expect(v: string, what?: string): Token {
    if (this.is(v)) return this.next();
    const t = this.t;
    if (v === ';' || v === ')' || v === ']') {
      // gcc points just after the previous token for a missing ';'
      const prev = this.toks[this.p - 1];
      if (v === ';' && prev && prev.line !== t.line) {
        throw new CompileError({ file: prev.file, line: prev.line, col: prev.col + prev.len }, `expected ‘;’ before ${this.desc(t)}`);
      }
      throw new CompileError(t, `expected ‘${v}’ before ${this.desc(t)}`, t.len);
    }
    throw new CompileError(t, `expected ${what ?? `‘${v}’`} before ${this.desc(t)}`, t.len);
  }
  private unsupported(t: Token, what: string): never { throw new CompileError(t, `${what} not supported by this simulator`, t.len); }

  // ---- scopes ---------------------------------------------------------------------------------------------
  private lookup(name: string): Sym | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) { const s = this.scopes[i]!.vars.get(name); if (s) return s; }
    return undefined;
  }
  private lookupTag(name: string): CType | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) { const s = this.scopes[i]!.tags.get(name); if (s) return s; }
    return undefined;
  }
  private get scope() { return this.scopes[this.scopes.length - 1]!; }
  private pushScope() { this.scopes.push({ vars: new Map(), tags: new Map(), syms: [] }); }
  private popScope() {
    const s = this.scopes.pop()!;
    if (!this.fn || !this.wall) return;
    for (const sym of [...s.syms].reverse()) {
      if (sym.kind !== 'local') continue;
      if (!sym.used && !sym.set && !sym.addrTaken) this.diags.warning(sym.loc, `unused variable ‘${sym.name}’`, '-Wunused-variable', sym.loc.len);
      else if (!sym.used && sym.set && !sym.addrTaken && sym.t.k !== 'arr' && sym.t.k !== 'struct') this.diags.warning(sym.loc, `variable ‘${sym.name}’ set but not used`, '-Wunused-but-set-variable', sym.loc.len);
    }
  }
  private isTypedefName(t: Token) { if (t.k !== 'id') return false; const s = this.lookup(t.v); return s?.kind === 'typedef'; }
  private startsType(t: Token = this.t) { return (t.k === 'id' && TYPE_WORDS.has(t.v)) || this.isTypedefName(t); }

  // ---- translation unit -------------------------------------------------------------------------------------
  parseUnit(): Unit {
    while (this.t.k !== 'eof') {
      if (this.accept(';')) continue;
      this.externalDecl();
    }
    for (const s of this.scopes[0]!.syms) {
      if (s.kind === 'fn' && !s.defined) this.unit.externs.push(s);
      if (s.kind === 'global' && !s.defined && s.isExtern) this.unit.externs.push(s);
      if (this.wall && s.kind === 'fn' && s.isStatic && s.defined && !s.used && s.name !== 'main') {
        this.diags.add({ sev: 'warning', loc: s.loc, msg: `‘${s.name}’ defined but not used`, len: s.loc.len, opt: '-Wunused-function', fn: '' });
      }
    }
    return this.unit;
  }

  private externalDecl() {
    const start = this.t;
    const spec = this.declSpec();
    if (this.accept(';')) return;
    for (;;) {
      const d = this.declarator(spec.t);
      if (!d.name) throw new CompileError(this.t, `expected identifier or ‘(’ before ${this.desc(this.t)}`, this.t.len);
      if (spec.typedef) { this.declareTypedef(d.name, d.t, d.tok); }
      else if (d.t.k === 'fn' && this.is('{')) { this.functionDef(d.name, d.t, d.tok, spec, d.params ?? [], start); return; }
      else if (d.t.k === 'fn') this.declareFn(d.name, d.t, d.tok, spec.storage === 'static');
      else this.globalVar(d.name, d.t, d.tok, spec.storage);
      if (this.accept(',')) continue;
      this.expect(';');
      return;
    }
  }

  private declareTypedef(name: string, t: CType, tok: Token) {
    const s: Sym = { name, t: { ...t, td: name } as CType, kind: 'typedef', id: nextId++, loc: tok };
    this.scope.vars.set(name, s);
  }

  private declareFn(name: string, t: FnT, tok: Token, isStatic: boolean): Sym {
    const prev = this.scopes[0]!.vars.get(name);
    if (prev && prev.kind === 'fn') {
      if (!sameType(prev.t, t) && !prev.implicit) {
        this.diags.error(tok, `conflicting types for ‘${name}’; have ‘${typeName(t)}’`, tok.len);
        this.diags.note(prev.loc, `previous declaration of ‘${name}’ with type ‘${typeName(prev.t)}’`, prev.loc.len);
      }
      if (prev.implicit) { prev.implicit = false; }
      if ((t as FnT).proto) prev.t = t;
      return prev;
    }
    const s: Sym = { name, t, kind: 'fn', id: nextId++, loc: tok, isStatic };
    this.scopes[0]!.vars.set(name, s);
    this.scopes[0]!.syms.push(s);
    return s;
  }

  private globalVar(name: string, t: CType, tok: Token, storage: string | undefined) {
    let s = this.scopes[0]!.vars.get(name);
    if (s && s.kind === 'global') {
      if (!sameType(unqual(s.t), unqual(t)) && !(s.t.k === 'arr' && t.k === 'arr')) {
        this.diags.error(tok, `conflicting types for ‘${name}’; have ‘${typeName(t)}’`, tok.len);
      }
      if (t.k === 'arr' && t.n !== undefined) s.t = t;
    } else {
      s = { name, t, kind: 'global', id: nextId++, loc: tok, isStatic: storage === 'static', isExtern: storage === 'extern' };
      this.scopes[0]!.vars.set(name, s);
      this.scopes[0]!.syms.push(s);
    }
    if (storage !== 'extern') { s.defined = true; s.isExtern = false; if (!this.unit.globals.includes(s)) this.unit.globals.push(s); }
    if (this.accept('=')) {
      if (s.init && s.init !== ZERO_INIT) this.diags.error(tok, `redefinition of ‘${name}’`, tok.len);
      s.defined = true;
      s.isExtern = false;
      if (!this.unit.globals.includes(s)) this.unit.globals.push(s);
      s.init = this.staticInit(s);
    } else if (storage !== 'extern' && !s.init) s.init = ZERO_INIT;
    if (s.defined && !isComplete(s.t)) {
      if (s.t.k === 'arr' && s.t.n === undefined) s.t = { ...s.t, n: 1 };
      else if (s.t.k === 'struct') this.diags.error(tok, `storage size of ‘${name}’ isn’t known`, tok.len);
    }
  }

  // ---- declarations -----------------------------------------------------------------------------------------
  private declSpec(): { t: CType; storage?: string; typedef: boolean; inline?: boolean; startCol: number } {
    const startCol = this.t.col;
    let storage: string | undefined;
    let typedef = false;
    let isConst = false;
    let signed: boolean | undefined;
    let base: string | undefined;
    let longs = 0, shorts = 0;
    let t: CType | undefined;
    let any = false;
    for (;;) {
      const tok = this.t;
      if (tok.k !== 'id') break;
      const v = tok.v;
      if (v === 'typedef') { typedef = true; this.next(); any = true; continue; }
      if (v === 'static' || v === 'extern' || v === 'auto' || v === 'register') { storage = v; this.next(); any = true; continue; }
      if (v === 'inline' || v === '__inline' || v === '__inline__' || v === '_Noreturn' || v === '__extension__') { this.next(); continue; }
      if (v === 'const' || v === '__const') { isConst = true; this.next(); any = true; continue; }
      if (v === 'volatile' || v === 'restrict' || v === '__restrict' || v === '__restrict__') { this.next(); any = true; continue; }
      if (v === '__attribute__') { this.skipAttribute(); continue; }
      if (v === 'signed' || v === '__signed__') { signed = true; this.next(); any = true; continue; }
      if (v === 'unsigned') { signed = false; this.next(); any = true; continue; }
      if (v === 'long') { longs++; this.next(); any = true; continue; }
      if (v === 'short') { shorts++; this.next(); any = true; continue; }
      if (v === 'int' || v === 'char' || v === 'void' || v === 'float' || v === 'double' || v === '_Bool') {
        if (base || t) throw new CompileError(tok, `two or more data types in declaration specifiers`, tok.len);
        base = v; this.next(); any = true; continue;
      }
      if (v === 'struct' || v === 'union') { if (t || base) break; t = this.structSpec(); any = true; continue; }
      if (v === 'enum') { if (t || base) break; t = this.enumSpec(); any = true; continue; }
      if (v === '_Complex' || v === '_Atomic' || v === '_Thread_local' || v === '__thread' || v === '_Alignas' || v === 'typeof' || v === '__typeof__' || v === '_Generic' || v === '_Static_assert') {
        this.unsupported(tok, `‘${v}’`);
      }
      if (!t && !base && signed === undefined && !longs && !shorts) {
        const s = this.lookup(v);
        if (s && s.kind === 'typedef') { t = s.t; this.next(); any = true; continue; }
      }
      break;
    }
    if (!any && !t && !base) throw new CompileError(this.t, `expected declaration specifiers before ${this.desc(this.t)}`, this.t.len);
    if (!t) {
      if (base === 'void') t = T.void;
      else if (base === 'char') t = signed === undefined ? T.char : signed ? T.schar : T.uchar;
      else if (base === 'float') t = T.float;
      else if (base === 'double') t = longs ? T.ldouble : T.double;
      else if (base === '_Bool') t = T.bool;
      else if (shorts) t = signed === false ? T.ushort : T.short;
      else if (longs >= 2) t = signed === false ? T.ullong : T.llong;
      else if (longs === 1) t = signed === false ? T.ulong : T.long;
      else t = signed === false ? T.uint : T.int;
      if (t === T.ldouble) this.unsupported(this.toks[this.p - 1]!, '‘long double’');
    }
    return { t: qualified(t, isConst), storage, typedef, startCol };
  }

  private skipAttribute() {
    this.next();
    let depth = 0;
    do {
      const t = this.next();
      if (t.v === '(') depth++;
      else if (t.v === ')') depth--;
      if (t.k === 'eof') break;
    } while (depth > 0);
  }

  private structSpec(): CType {
    const kw = this.next();
    const union = kw.v === 'union';
    let tag = '';
    if (this.t.k === 'id' && !this.is('{')) tag = this.next().v;
    if (this.is('{')) {
      let st = tag ? this.scope.tags.get(tag) : undefined;
      if (!st || st.k !== 'struct') {
        st = { k: 'struct', tag, union, def: { fields: undefined, size: 0, align: 1, id: nextId++ } };
        if (tag) this.scope.tags.set(tag, st);
      } else if (st.def.fields) this.diags.error(kw, `redefinition of ‘${union ? 'union' : 'struct'} ${tag}’`, kw.len);
      this.next();
      const fields: Field[] = [];
      let off = 0, align = 1, size = 0;
      while (!this.accept('}')) {
        const spec = this.declSpec();
        if (this.accept(';')) {
          if (spec.t.k === 'struct' && !spec.t.tag) { // anonymous member struct/union
            const a = alignOf(spec.t);
            off = union ? 0 : Math.ceil(off / a) * a;
            for (const f of spec.t.def.fields ?? []) fields.push({ ...f, offset: off + f.offset });
            align = Math.max(align, a);
            size = Math.max(size, off + sizeOf(spec.t));
            if (!union) off += sizeOf(spec.t);
          }
          continue;
        }
        for (;;) {
          const d = this.declarator(spec.t);
          if (this.is(':')) this.unsupported(this.t, 'bit-fields are');
          const ft = d.t;
          if (ft.k === 'arr' && ft.n === undefined) {
            // flexible array member
          } else if (!isComplete(ft)) this.diags.error(d.tok, `field ‘${d.name}’ has incomplete type`, d.tok.len);
          const a = alignOf(ft);
          if (union) off = 0; else off = Math.ceil(off / a) * a;
          fields.push({ name: d.name!, type: ft, offset: off });
          align = Math.max(align, a);
          if (union) size = Math.max(size, sizeOf(ft)); else { off += sizeOf(ft); size = off; }
          if (!this.accept(',')) break;
        }
        this.expect(';');
      }
      st.def.fields = fields;
      st.def.align = align;
      st.def.size = Math.ceil(size / align) * align;
      return st;
    }
    if (!tag) throw new CompileError(this.t, `expected ‘{’ before ${this.desc(this.t)}`, this.t.len);
    const found = this.lookupTag(tag);
    if (found && found.k === 'struct') return found;
    const st: CType = { k: 'struct', tag, union, def: { fields: undefined, size: 0, align: 1, id: nextId++ } };
    this.scope.tags.set(tag, st);
    return st;
  }

  private enumSpec(): CType {
    this.next();
    let tag = '';
    if (this.t.k === 'id' && !this.is('{')) tag = this.next().v;
    const et: CType = { ...T.uint, name: 'unsigned int', td: tag ? `enum ${tag}` : undefined } as CType;
    if (tag) this.scope.tags.set('enum ' + tag, et);
    if (this.accept('{')) {
      let v = 0;
      while (!this.accept('}')) {
        const nt = this.next();
        if (nt.k !== 'id') throw new CompileError(nt, `expected identifier before ${this.desc(nt)}`, nt.len);
        if (this.accept('=')) v = Number(this.constExpr());
        const s: Sym = { name: nt.v, t: T.int, kind: 'enumconst', id: nextId++, loc: nt, value: v };
        this.scope.vars.set(nt.v, s);
        v++;
        if (!this.accept(',')) { this.expect('}'); break; }
      }
    }
    return et;
  }

  /** A declarator around `base`: pointers, a name (optional), arrays, function parameter lists. */
  private declarator(base: CType, abstract = false): { name?: string; tok: Token; t: CType; params?: Sym[] } {
    let t = base;
    while (this.is('*')) {
      this.next();
      let c = false;
      while (this.t.k === 'id' && ['const', 'volatile', 'restrict', '__restrict', '__restrict__'].includes(this.t.v)) { if (this.t.v === 'const') c = true; this.next(); }
      t = qualified(ptr(t), c);
    }
    while (this.is('__attribute__')) this.skipAttribute();
    let name: string | undefined;
    let tok = this.t;
    let inner: ((t: CType) => CType) | undefined;
    let innerParams: Sym[] | undefined;
    if (this.t.k === 'id' && !KEYWORDS.has(this.t.v) && !(abstract && this.isTypedefName(this.t))) { tok = this.next(); name = tok.v; }
    else if (this.is('(') && (this.peek().v === '*' || this.peek().v === '(' || (this.peek().k === 'id' && !this.startsType(this.peek()) && !abstract) || (this.peek().v === '^'))) {
      // parenthesised declarator: (*name)(...) — parse the inside against a placeholder
      this.next();
      const save = this.p;
      const probe = this.declarator(T.void, abstract);
      this.expect(')');
      const end = this.p;
      name = probe.name; tok = probe.tok;
      innerParams = probe.params;
      inner = (outer: CType) => {
        const keep = this.p;
        this.p = save;
        const r = this.declarator(outer, abstract);
        this.p = keep;
        void end;
        return r.t;
      };
    } else if (!abstract && !this.is('(') && !this.is('[')) {
      return { tok: this.t, t };
    }
    let params: Sym[] | undefined;
    const suffix: ((t: CType) => CType)[] = [];
    for (;;) {
      if (this.is('[')) {
        const lb = this.next();
        let n: number | undefined;
        if (!this.is(']')) {
          const e = this.assignExpr();
          const v = this.constValue(e);
          if (v === undefined) this.unsupported(lb, 'variable-length arrays are');
          n = Number(v);
          if (n < 0) this.diags.error(tok, `size of array ‘${name}’ is negative`, tok.len);
        }
        this.expect(']');
        suffix.push((x) => ({ k: 'arr', of: x, n }));
        continue;
      }
      if (this.is('(')) {
        this.next();
        const r = this.paramList();
        if (!params) params = r.syms;
        const paramLocs = r.syms.map((s) => ({ file: s.loc.file, line: s.loc.line, col: s.loc.col, len: s.loc.len, declCol: s.declCol ?? s.loc.col }));
        suffix.push((x) => ({ k: 'fn', ret: x, params: r.types, variadic: r.variadic, proto: r.proto, names: r.syms.map((s) => s.name), paramLocs }));
        continue;
      }
      break;
    }
    for (let i = suffix.length - 1; i >= 0; i--) t = suffix[i]!(t);
    if (inner) { t = inner(t); params = innerParams ?? params; }
    if (t.k === 'fn' && (t.ret.k === 'arr' || t.ret.k === 'fn')) throw new CompileError(tok, `‘${name ?? ''}’ declared as function returning ${t.ret.k === 'arr' ? 'an array' : 'a function'}`, tok.len);
    return { name, tok, t, params: inner ? innerParams : params };
  }

  private paramList(): { types: CType[]; syms: Sym[]; variadic: boolean; proto: boolean } {
    const types: CType[] = [], syms: Sym[] = [];
    if (this.accept(')')) return { types, syms, variadic: false, proto: false };
    if (this.is('void') && this.peek().v === ')') { this.next(); this.next(); return { types, syms, variadic: false, proto: true }; }
    let variadic = false;
    for (;;) {
      if (this.accept('...')) { variadic = true; break; }
      if (this.t.k === 'id' && !this.startsType()) {
        this.unsupported(this.t, 'old-style (K&R) parameter lists are');
      }
      const spec = this.declSpec();
      const d = this.declarator(spec.t, true);
      let pt = d.t;
      if (pt.k === 'arr') pt = qualified(ptr(pt.of), !!pt.c);
      else if (pt.k === 'fn') pt = ptr(pt);
      types.push(pt);
      syms.push({ name: d.name ?? '', t: pt, kind: 'param', id: nextId++, loc: d.tok, declCol: spec.startCol });
      if (!this.accept(',')) break;
    }
    this.expect(')');
    return { types, syms, variadic, proto: true };
  }

  private typeName(): CType {
    const spec = this.declSpec();
    return this.declarator(spec.t, true).t;
  }

  // ---- functions ---------------------------------------------------------------------------------------------
  private functionDef(name: string, t: FnT, tok: Token, spec: { storage?: string }, params: Sym[], _start: Token) {
    const sym = this.declareFn(name, t, tok, spec.storage === 'static');
    if (sym.defined) { this.diags.error(tok, `redefinition of ‘${name}’`, tok.len); this.diags.note(sym.loc, `previous definition of ‘${name}’ with type ‘${typeName(sym.t)}’`, sym.loc.len); }
    sym.defined = true;
    sym.loc = tok;
    sym.t = t;
    const def: FnDef = { sym, params, locals: [], body: { s: 'empty' }, tok };
    this.fn = { def, ret: t.ret, reported: new Set(), name };
    this.diags.currentFn = name;
    this.pushScope();
    for (const p of params) {
      if (!p.name) { this.diags.error(p.loc, 'parameter name omitted', p.loc.len); continue; }
      this.scope.vars.set(p.name, p);
      def.locals.push(p);
    }
    const body = this.block(false);
    // -Wextra: unused parameters, reported once the body is done
    const unusedParams = this.wextra ? params.filter((p) => p.name && !p.used && !p.set && !p.addrTaken) : [];
    this.popScope();
    for (const p of unusedParams) {
      this.diags.add({ sev: 'warning', loc: p.loc, msg: `unused parameter ‘${p.name}’`, len: p.loc.len, opt: '-Wunused-parameter', extra: undefined, fn: name });
      const d = this.diags.list[this.diags.list.length - 1]!;
      (d as { rangeStart?: number }).rangeStart = p.declCol;
    }
    def.body = body;
    this.unit.fns.push(def);
    const closing = this.toks[this.p - 1]!;
    if (this.wall && t.ret.k !== 'void' && name !== 'main' && this.canFallThrough(body)) {
      this.late.push(() => this.diags.add({ sev: 'warning', loc: closing, msg: 'control reaches end of non-void function', len: 1, opt: '-Wreturn-type', fn: name }));
    }
    this.fn = undefined;
    this.diags.currentFn = '';
  }

  private canFallThrough(s: Stmt): boolean {
    switch (s.s) {
      case 'return': return false;
      case 'block': return s.list.length === 0 ? true : this.canFallThrough(s.list[s.list.length - 1]!);
      case 'if': return !s.b || this.canFallThrough(s.a) || this.canFallThrough(s.b);
      case 'while': case 'for': {
        const c = s.s === 'while' ? s.c : s.c;
        const infinite = !c || (c.e === 'num' && c.v !== 0);
        return !infinite || this.hasBreak(s.body);
      }
      case 'do': return !(s.c.e === 'num' && s.c.v !== 0) || this.hasBreak(s.body);
      case 'expr': return !(s.e.e === 'call' && s.e.f.e === 'var' && ['exit', 'abort', '_exit'].includes(s.e.f.sym.name));
      default: return true;
    }
  }
  private hasBreak(s: Stmt): boolean {
    switch (s.s) {
      case 'break': return true;
      case 'block': return s.list.some((x) => this.hasBreak(x));
      case 'if': return this.hasBreak(s.a) || (!!s.b && this.hasBreak(s.b));
      default: return false;
    }
  }

  // ---- statements --------------------------------------------------------------------------------------------
  private block(scope = true): Stmt {
    this.expect('{');
    if (scope) this.pushScope();
    const list: Stmt[] = [];
    while (!this.is('}')) {
      if (this.t.k === 'eof') throw new CompileError(this.t, 'expected declaration or statement at end of input', 1);
      if (this.startsType() && !(this.peek().v === ':' && this.t.k === 'id' && !TYPE_WORDS.has(this.t.v))) list.push(...this.localDecl());
      else list.push(this.stmt());
    }
    this.next();
    if (scope) this.popScope();
    return { s: 'block', list };
  }

  private localDecl(): Stmt[] {
    const spec = this.declSpec();
    const out: Stmt[] = [];
    if (this.accept(';')) return out;
    for (;;) {
      const d = this.declarator(spec.t);
      if (!d.name) throw new CompileError(this.t, `expected identifier or ‘(’ before ${this.desc(this.t)}`, this.t.len);
      if (spec.typedef) this.declareTypedef(d.name, d.t, d.tok);
      else if (d.t.k === 'fn' || spec.storage === 'extern') {
        if (d.t.k === 'fn') this.scope.vars.set(d.name, this.declareFn(d.name, d.t, d.tok, false));
        else { this.globalVar(d.name, d.t, d.tok, 'extern'); const g = this.scopes[0]!.vars.get(d.name)!; this.scope.vars.set(d.name, g); }
      } else {
        const prev = this.scope.vars.get(d.name);
        if (prev && prev.kind !== 'typedef') {
          this.diags.error(d.tok, `redeclaration of ‘${d.name}’ with no linkage`, d.tok.len);
          this.diags.note(prev.loc, `previous declaration of ‘${d.name}’ with type ‘${typeName(prev.t)}’`, prev.loc.len);
        }
        if (spec.storage === 'static') {
          const s: Sym = { name: d.name, t: d.t, kind: 'global', id: nextId++, loc: d.tok, isStatic: true, staticLocal: true, defined: true };
          this.scope.vars.set(d.name, s);
          this.unit.globals.push(s);
          s.init = this.accept('=') ? this.staticInit(s) : ZERO_INIT;
          s.used = true; // gcc warns differently for statics; keep quiet
        } else {
          const s: Sym = { name: d.name, t: d.t, kind: 'local', id: nextId++, loc: d.tok };
          this.scope.vars.set(d.name, s);
          this.scope.syms.push(s);
          this.fn!.def.locals.push(s);
          if (this.accept('=')) { out.push(this.localInit(s)); s.set = true; }
          else if (s.t.k === 'arr' && s.t.n === undefined) this.diags.error(d.tok, `array size missing in ‘${d.name}’`, d.tok.len);
          if (!isComplete(s.t) && !(s.t.k === 'arr' && s.t.n === undefined)) this.diags.error(d.tok, `storage size of ‘${d.name}’ isn’t known`, d.tok.len);
        }
      }
      if (this.accept(',')) continue;
      if (!this.is(';')) throw new CompileError(this.t, `expected ‘,’ or ‘;’ before ${this.desc(this.t)}`, this.t.len);
      this.next();
      return out;
    }
  }

  private stmt(): Stmt {
    const t = this.t;
    if (t.k === 'punct' && t.v === '{') return this.block();
    if (t.k === 'punct' && t.v === ';') { this.next(); return { s: 'empty' }; }
    if (t.k === 'id') {
      switch (t.v) {
        case 'if': {
          this.next(); this.expect('(');
          const c = this.condition(this.expr());
          this.expect(')');
          const a = this.stmt();
          const b = this.accept('else') ? this.stmt() : undefined;
          return { s: 'if', c, a, b };
        }
        case 'while': {
          this.next(); this.expect('(');
          const c = this.condition(this.expr());
          this.expect(')');
          this.loopDepth++;
          const body = this.stmt();
          this.loopDepth--;
          return { s: 'while', c, body };
        }
        case 'do': {
          this.next();
          this.loopDepth++;
          const body = this.stmt();
          this.loopDepth--;
          if (!this.is('while')) throw new CompileError(this.t, `expected ‘while’ before ${this.desc(this.t)}`, this.t.len);
          this.next(); this.expect('(');
          const c = this.condition(this.expr());
          this.expect(')'); this.expect(';');
          return { s: 'do', c, body };
        }
        case 'for': {
          this.next(); this.expect('(');
          this.pushScope();
          let init: Stmt | undefined;
          if (this.startsType()) { const d = this.localDecl(); init = { s: 'block', list: d }; }
          else if (!this.accept(';')) { init = { s: 'expr', e: this.expr() }; this.expect(';'); }
          const c = this.is(';') ? undefined : this.condition(this.expr());
          this.expect(';');
          const step = this.is(')') ? undefined : this.expr();
          this.expect(')');
          this.loopDepth++;
          const body = this.stmt();
          this.loopDepth--;
          this.popScope();
          return { s: 'for', init, c, step, body };
        }
        case 'return': {
          this.next();
          const fn = this.fn!;
          if (this.accept(';')) {
            if (fn.ret.k !== 'void' && this.wall) this.diags.warning(t, '‘return’ with no value, in function returning non-void', '-Wreturn-type', t.len);
            return { s: 'return', tok: t };
          }
          const e0 = this.expr();
          if (e0.e === 'var') e0.sym.used = true; // `return p;` reads p
          this.expect(';');
          if (fn.ret.k === 'void') {
            if (e0.t.k !== 'void') this.diags.add({ sev: 'warning', loc: e0.tok, msg: '‘return’ with a value, in function returning void', len: 1, opt: '-Wreturn-type' });
            return { s: 'return', tok: t };
          }
          return { s: 'return', e: this.assignConv(e0, fn.ret, 'return'), tok: t };
        }
        case 'break':
          this.next();
          if (!this.loopDepth && !this.switchDepth) this.diags.error(t, 'break statement not within loop or switch', t.len);
          this.expect(';'); return { s: 'break' };
        case 'continue':
          this.next();
          if (!this.loopDepth) this.diags.error(t, 'continue statement not within a loop', t.len);
          this.expect(';'); return { s: 'continue' };
        case 'switch': {
          this.next(); this.expect('(');
          let e = this.rvalue(this.expr());
          if (!isInt(e.t)) this.diags.error(e.tok, 'switch quantity not an integer', e.tok.len);
          e = this.conv(e, promote(e.t));
          this.expect(')');
          this.switchDepth++;
          const body = this.stmt();
          this.switchDepth--;
          return { s: 'switch', e, body };
        }
        case 'case': {
          this.next();
          const v = this.constExpr();
          this.expect(':', '‘:’');
          if (!this.switchDepth) this.diags.error(t, 'case label not within a switch statement', t.len);
          return { s: 'block', list: [{ s: 'case', v, tok: t }, this.stmtAfterLabel()] };
        }
        case 'default':
          this.next(); this.expect(':');
          return { s: 'block', list: [{ s: 'default' }, this.stmtAfterLabel()] };
        case 'goto': this.unsupported(t, '‘goto’');
      }
      if (this.peek().v === ':' && !KEYWORDS.has(t.v)) this.unsupported(t, 'labels and ‘goto’ are');
    }
    const e = this.expr();
    this.expect(';');
    this.checkUnusedValue(e);
    return { s: 'expr', e };
  }
  private stmtAfterLabel(): Stmt {
    if (this.is('}')) return { s: 'empty' };
    if (this.startsType()) return { s: 'block', list: this.localDecl() };
    return this.stmt();
  }

  private checkUnusedValue(e: Expr) {
    if (!this.wall) return;
    if (e.e === 'bin' || e.e === 'cmp' || (e.e === 'var') || e.e === 'num' || e.e === 'deref') {
      if (e.t.k === 'void') return;
      this.diags.add({ sev: 'warning', loc: e.tok, msg: 'statement with no effect', len: e.tok.len, opt: '-Wunused-value' });
    }
  }

  // ---- initialisers -----------------------------------------------------------------------------------------
  private localInit(s: Sym): Stmt {
    const t = s.t;
    if (t.k === 'arr' || t.k === 'struct') {
      if (t.k === 'arr' && this.t.k === 'str' && isInt(t.of) && sizeOf(t.of) === 1) {
        const bytes = this.stringBytes();
        if (t.n === undefined) s.t = { ...t, n: bytes.length + 1 };
        return { s: 'init', sym: s, strBytes: bytes, zero: true };
      }
      if (t.k === 'struct' && !this.is('{')) {
        const e = this.rvalue(this.assignExpr());
        return { s: 'init', sym: s, e: this.assignConv(e, t, 'init') };
      }
      const items: { off: number; e: Expr; t: CType }[] = [];
      const n = this.braceInit(t, 0, items, false);
      if (t.k === 'arr' && t.n === undefined) s.t = { ...t, n };
      return { s: 'init', sym: s, items, zero: true };
    }
    const e = this.is('{') ? this.scalarBrace(t) : this.rvalue(this.assignExpr());
    return { s: 'init', sym: s, e: this.assignConv(e, t, 'init') };
  }

  private scalarBrace(_t: CType): Expr {
    this.next();
    const e = this.rvalue(this.assignExpr());
    this.accept(',');
    this.expect('}');
    return e;
  }

  private stringBytes(): number[] {
    const bytes: number[] = [];
    while (this.t.k === 'str') { const t = this.next(); bytes.push(...unescape(t.v.slice(1, -1), t)); }
    return bytes;
  }

  /** Parses a brace initialiser for `t` at `base`, collecting scalar items. Returns the element count for arrays. */
  private braceInit(t: CType, base: number, items: { off: number; e: Expr; t: CType }[], nested: boolean): number {
    if (t.k === 'arr' && this.t.k === 'str' && isInt(t.of) && sizeOf(t.of) === 1) {
      const tok = this.t;
      const bytes = this.stringBytes();
      const n = t.n ?? bytes.length + 1;
      for (let i = 0; i < Math.min(bytes.length, n); i++) items.push({ off: base + i, e: this.num(bytes[i]! << 24 >> 24, T.char, tok), t: T.char });
      if (t.n !== undefined && bytes.length > t.n) this.diags.warning(tok, 'initializer-string for array of ‘char’ is too long', '', tok.len);
      return n;
    }
    if (!this.is('{')) {
      if (!nested) throw new CompileError(this.t, 'invalid initializer', this.t.len);
      // brace elision: fill this aggregate from the flat list
      return this.initList(t, base, items, false);
    }
    this.next();
    const n = this.initList(t, base, items, true);
    return n;
  }

  private initList(t: CType, base: number, items: { off: number; e: Expr; t: CType }[], braced: boolean): number {
    if (t.k === 'arr') {
      const es = sizeOf(t.of);
      let i = 0, max = 0;
      while (!this.is('}')) {
        if (this.is('[')) {
          this.next(); i = Number(this.constExpr()); this.expect(']'); this.expect('=');
        }
        if (t.n !== undefined && i >= t.n) {
          if (!braced) break;
          this.diags.warning(this.t, 'excess elements in array initializer', '', this.t.len);
          this.assignExpr();
        } else this.initElem(t.of, base + i * es, items);
        i++;
        max = Math.max(max, i);
        if (!braced && t.n !== undefined && i >= t.n) break;
        if (!this.accept(',')) break;
        if (!braced && this.is('}')) break;
      }
      if (braced) this.expect('}');
      return t.n ?? max;
    }
    if (t.k === 'struct') {
      const fields = t.def.fields ?? [];
      let fi = 0;
      while (!this.is('}')) {
        if (this.is('.')) {
          this.next();
          const nt = this.next();
          fi = fields.findIndex((f) => f.name === nt.v);
          if (fi < 0) throw new CompileError(nt, `‘${typeName(t)}’ has no member named ‘${nt.v}’`, nt.len);
          this.expect('=');
        }
        const f = fields[fi];
        if (!f) { if (!braced) break; this.diags.warning(this.t, `excess elements in ${t.union ? 'union' : 'struct'} initializer`, '', this.t.len); this.assignExpr(); }
        else this.initElem(f.type, base + f.offset, items);
        fi++;
        if (t.union && !braced) break;
        if (!braced && fi >= fields.length) break;
        if (!this.accept(',')) break;
        if (!braced && this.is('}')) break;
      }
      if (braced) this.expect('}');
      return 1;
    }
    // scalar in braces
    this.initElem(t, base, items);
    this.accept(',');
    if (braced) this.expect('}');
    return 1;
  }

  private initElem(t: CType, off: number, items: { off: number; e: Expr; t: CType }[]) {
    if (t.k === 'arr' || t.k === 'struct') {
      if (t.k === 'struct' && !this.is('{')) {
        // a struct value or brace elision
        const save = this.p;
        const e = this.assignExpr();
        if (e.t.k === 'struct') { items.push({ off, e: this.rvalue(e), t }); return; }
        this.p = save;
      }
      this.braceInit(t, off, items, true);
      return;
    }
    const e = this.is('{') ? this.scalarBrace(t) : this.rvalue(this.assignExpr());
    items.push({ off, e: this.assignConv(e, t, 'init'), t });
  }

  /** A global's initialiser as bytes plus relocations (address constants). */
  private staticInit(s: Sym): GlobalInit {
    const t0 = s.t;
    const items: { off: number; e: Expr; t: CType }[] = [];
    let strBytes: number[] | undefined;
    if (t0.k === 'arr' && this.t.k === 'str' && isInt(t0.of) && sizeOf(t0.of) === 1) {
      strBytes = this.stringBytes();
      if (t0.n === undefined) s.t = { ...t0, n: strBytes.length + 1 };
    } else if (t0.k === 'arr' || t0.k === 'struct') {
      const n = this.braceInit(t0, 0, items, false);
      if (t0.k === 'arr' && t0.n === undefined) s.t = { ...t0, n };
    } else {
      const e = this.is('{') ? this.scalarBrace(t0) : this.rvalue(this.assignExpr());
      items.push({ off: 0, e: this.assignConv(e, t0, 'init'), t: t0 });
    }
    const bytes = new Uint8Array(sizeOf(s.t));
    const relocs: Reloc[] = [];
    if (strBytes) bytes.set(strBytes.slice(0, bytes.length));
    const dv = new DataView(bytes.buffer);
    for (const it of items) {
      const c = this.constInit(it.e);
      if (c === undefined) {
        this.diags.error(it.e.tok, 'initializer element is not constant', it.e.tok.len);
        continue;
      }
      if (typeof c === 'object' && 'kind' in c) { relocs.push({ off: it.off, kind: c.kind, target: c.target, add: c.add }); continue; }
      if (it.t.k === 'float') { if (it.t.size === 4) dv.setFloat32(it.off, Number(c), true); else dv.setFloat64(it.off, Number(c), true); continue; }
      const size = it.t.k === 'ptr' ? 8 : sizeOf(it.t);
      if (it.t.k === 'struct') continue;
      const big = BigInt.asUintN(64, BigInt(typeof c === 'number' ? Math.trunc(c) : c));
      for (let i = 0; i < size; i++) bytes[it.off + i] = Number((big >> BigInt(8 * i)) & 0xffn);
    }
    return { bytes, relocs };
  }

  /** A constant for a static initialiser: a number, or an address (string literal / global symbol + offset). */
  private constInit(e: Expr): number | bigint | { kind: 'str' | 'sym'; target: number; add: number } | undefined {
    const v = this.constValue(e);
    if (v !== undefined) return v;
    const a = this.addrConst(e);
    return a;
  }
  private addrConst(e: Expr): { kind: 'str' | 'sym'; target: number; add: number } | undefined {
    switch (e.e) {
      case 'cast': return isPtr(e.t) || (isInt(e.t) && sizeOf(e.t) === 8) ? this.addrConst(e.x) : undefined;
      case 'str': return { kind: 'str', target: e.id, add: 0 };
      case 'addr': return this.lvalueAddr(e.x);
      case 'var': if (e.sym.kind === 'fn') return { kind: 'sym', target: e.sym.id, add: 0 }; return undefined;
      case 'ptradd': {
        const b = this.addrConst(e.p), i = this.constValue(e.i);
        if (!b || i === undefined) return undefined;
        return { ...b, add: b.add + Number(i) * e.size * (e.sub ? -1 : 1) };
      }
      default: return undefined;
    }
  }
  private lvalueAddr(x: Expr): { kind: 'str' | 'sym'; target: number; add: number } | undefined {
    if (x.e === 'var' && (x.sym.kind === 'global' || x.sym.kind === 'fn')) { this.noteGlobalRef(x.sym); return { kind: 'sym', target: x.sym.id, add: 0 }; }
    if (x.e === 'deref') return this.addrConst(x.a);
    if (x.e === 'str') return { kind: 'str', target: x.id, add: 0 };
    return undefined;
  }
  private noteGlobalRef(_s: Sym) { /* globals referenced from initialisers are kept */ }

  // ---- constants -------------------------------------------------------------------------------------------
  private constExpr(): number | bigint {
    const e = this.condExpr();
    const v = this.constValue(e);
    if (v === undefined) { this.diags.error(e.tok, 'expression in static assertion is not constant', e.tok.len); return 0; }
    return v;
  }

  /** Folds an integer/float constant expression; undefined when not constant. */
  constValue(e: Expr): number | bigint | undefined {
    switch (e.e) {
      case 'num': return e.v;
      case 'cast': {
        const v = this.constValue(e.x);
        if (v === undefined) return undefined;
        return convertConst(v, e.x.t, e.t);
      }
      case 'un': {
        const v = this.constValue(e.x);
        if (v === undefined) return undefined;
        if (e.op === '!') return isZero(v) ? 1 : 0;
        if (isFloat(e.t)) return -Number(v);
        return convertConst(e.op === '-' ? -BigInt(v) : ~BigInt(v), T.llong, e.t);
      }
      case 'bin': {
        const l = this.constValue(e.l), r = this.constValue(e.r);
        if (l === undefined || r === undefined) return undefined;
        if (isFloat(e.t)) {
          const a = Number(l), b = Number(r);
          switch (e.op) { case '+': return a + b; case '-': return a - b; case '*': return a * b; case '/': return a / b; default: return undefined; }
        }
        const a = BigInt(l), b = BigInt(r);
        const unsigned = e.t.k === 'int' && !e.t.signed;
        let v: bigint;
        switch (e.op) {
          case '+': v = a + b; break; case '-': v = a - b; break; case '*': v = a * b; break;
          case '/': if (!b) return undefined; v = a / b; break;
          case '%': if (!b) return undefined; v = a % b; break;
          case '&': v = a & b; break; case '|': v = a | b; break; case '^': v = a ^ b; break;
          case '<<': v = a << b; break;
          case '>>': v = unsigned ? BigInt.asUintN(sizeOf(e.t) * 8, a) >> b : a >> b; break;
          default: return undefined;
        }
        return convertConst(v, T.llong, e.t);
      }
      case 'cmp': {
        const l = this.constValue(e.l), r = this.constValue(e.r);
        if (l === undefined || r === undefined) return undefined;
        const a = Number(l), b = Number(r);
        switch (e.op) { case '<': return a < b ? 1 : 0; case '>': return a > b ? 1 : 0; case '<=': return a <= b ? 1 : 0; case '>=': return a >= b ? 1 : 0; case '==': return a === b ? 1 : 0; default: return a !== b ? 1 : 0; }
      }
      case 'logic': {
        const l = this.constValue(e.l), r = this.constValue(e.r);
        if (l === undefined || r === undefined) return undefined;
        return e.op === '&&' ? (!isZero(l) && !isZero(r) ? 1 : 0) : (!isZero(l) || !isZero(r) ? 1 : 0);
      }
      case 'cond': {
        const c = this.constValue(e.c);
        if (c === undefined) return undefined;
        return this.constValue(isZero(c) ? e.b : e.a);
      }
      default: return undefined;
    }
  }

  private num(v: number | bigint, t: CType, tok: Token): Expr { return { e: 'num', v, t, tok }; }

  // ---- expressions ---------------------------------------------------------------------------------------
  expr(): Expr {
    let e = this.assignExpr();
    while (this.is(',')) {
      const tok = this.next();
      const r = this.assignExpr();
      e = { e: 'comma', l: e, r: this.rvalue(r), t: this.rvalue(r).t, tok };
    }
    return e;
  }

  private assignExpr(): Expr {
    const l = this.condExpr();
    const t = this.t;
    if (t.k === 'punct' && ASSIGN_OPS.has(t.v)) {
      this.next();
      const r = this.rvalue(this.assignExpr());
      return this.assign(t, t.v, l, r);
    }
    return l;
  }

  private checkModifiable(l: Expr, op: Token, what: 'assignment' | 'increment' | 'decrement'): boolean {
    if (!isLvalue(l)) {
      this.diags.error(op, what === 'assignment' ? 'lvalue required as left operand of assignment' : `lvalue required as ${what} operand`, op.len);
      return false;
    }
    if (l.t.k === 'arr') { this.diags.error(op, `assignment to expression with array type`, op.len); return false; }
    const ro = l.t.c || (l.t.k === 'struct' && (l.t.def.fields ?? []).some((f) => f.type.c));
    if (ro) {
      const kind = what === 'assignment' ? 'assignment of' : what === 'increment' ? 'increment of' : 'decrement of';
      if (l.e === 'var') this.diags.error(op, `${kind} read-only variable ‘${l.sym.name}’`, op.len);
      else if (l.e === 'deref' && l.a.e === 'ptradd' && l.a.p.e === 'addr' && (l as { member?: string }).member) this.diags.error(op, `${kind} read-only member ‘${(l as { member?: string }).member}’`, op.len);
      else if ((l as { member?: string }).member) this.diags.error(op, `${kind} read-only member ‘${(l as { member?: string }).member}’`, op.len);
      else this.diags.error(op, `${kind} read-only location ‘${this.exprText(l)}’`, op.len);
      return false;
    }
    return true;
  }

  private exprText(e: Expr): string {
    switch (e.e) {
      case 'var': return e.sym.name;
      case 'deref': {
        const a = e.a;
        if (a.e === 'ptradd' && !a.sub) return `${this.exprText(a.p.e === 'cast' ? a.p.x : a.p)}[${this.exprText(a.i.e === 'cast' ? a.i.x : a.i)}]`;
        return `*${this.exprText(a)}`;
      }
      case 'num': return String(e.v);
      case 'cast': return this.exprText(e.x);
      default: return '...';
    }
  }

  private assign(tok: Token, op: string, l: Expr, r: Expr): Expr {
    const ok = this.checkModifiable(l, tok, 'assignment');
    if (l.e === 'var') { l.sym.set = true; if (op !== '=' ) l.sym.used = l.sym.used || false; }
    if (!ok) return { e: 'assign', op: '=', l, r, t: l.t, tok };
    if (op === '=') return { e: 'assign', op, l, r: this.assignConv(r, l.t, 'assign', tok), t: unqual(l.t), tok };
    const bop = op.slice(0, -1);
    if (isPtr(l.t) && (bop === '+' || bop === '-')) {
      if (!isInt(r.t)) this.diags.error(tok, `invalid operands to binary ${bop}`, tok.len);
      return { e: 'assign', op, l, r: this.conv(r, T.long), t: unqual(l.t), tok, ptrSize: this.elemSize(l.t, tok) };
    }
    if (!isArith(l.t) || !isArith(r.t)) { this.diags.error(tok, `invalid operands to binary ${bop} (have ‘${typeName(l.t)}’ and ‘${typeName(r.t)}’)`, tok.len); return { e: 'assign', op: '=', l, r: this.num(0, l.t, tok), t: l.t, tok }; }
    let opT = bop === '<<' || bop === '>>' ? promote(l.t) : common(l.t, r.t);
    if ((bop === '%' || bop === '&' || bop === '|' || bop === '^' || bop === '<<' || bop === '>>') && (isFloat(l.t) || isFloat(r.t))) {
      this.diags.error(tok, `invalid operands to binary ${bop} (have ‘${typeName(l.t)}’ and ‘${typeName(r.t)}’)`, tok.len);
      opT = T.int;
    }
    const rr = bop === '<<' || bop === '>>' ? this.conv(r, promote(r.t)) : this.conv(r, opT);
    return { e: 'assign', op, l, r: rr, t: unqual(l.t), tok, opT };
  }

  /** Conversion as if by assignment, with gcc's diagnostics for incompatible pointers and integers. */
  assignConv(e: Expr, t: CType, ctx: 'assign' | 'init' | 'return' | 'arg', tok?: Token, argInfo?: { n: number; fn: string; decl?: Token }): Expr {
    const et = e.t;
    const target = unqual(t);
    if (target.k === 'struct') {
      if (et.k !== 'struct' || et.def !== target.def) this.diags.error(tok ?? e.tok, `incompatible types when ${ctx === 'init' ? 'initializing' : ctx === 'return' ? 'returning' : 'assigning to'} type ‘${typeName(t)}’ from type ‘${typeName(et)}’`, (tok ?? e.tok).len);
      return e;
    }
    if (target.k === 'void') return e;
    if (et.k === 'struct' || et.k === 'void') {
      if (et.k === 'void') this.diags.error(tok ?? e.tok, 'void value not ignored as it ought to be', (tok ?? e.tok).len);
      else this.diags.error(tok ?? e.tok, `incompatible types when ${ctx === 'init' ? 'initializing' : ctx === 'return' ? 'returning' : 'assigning to'} type ‘${typeName(t)}’ from type ‘${typeName(et)}’`, (tok ?? e.tok).len);
      return this.num(0, target, e.tok);
    }
    const where = (s: string) => {
      const verb = ctx === 'init' ? 'initialization of' : ctx === 'return' ? 'returning' : ctx === 'arg' ? 'passing argument' : 'assignment to';
      if (ctx === 'arg') return `passing argument ${argInfo!.n} of ‘${argInfo!.fn}’ ${s}`;
      if (ctx === 'return') return `returning ‘${typeName(et)}’ from a function with return type ‘${typeName(t)}’ ${s}`;
      return `${verb} ‘${typeName(t)}’ from ‘${typeName(et)}’ ${s}`;
    };
    if (target.k === 'ptr' && et.k === 'ptr') {
      const a = target.to, b = et.to;
      if (a.k !== 'void' && b.k !== 'void' && !sameType(unqual(a), unqual(b))) {
        this.diags.warning(tok ?? e.tok, where('from incompatible pointer type'), '-Wincompatible-pointer-types', (tok ?? e.tok).len);
      } else if (b.c && !a.c) {
        const msg = ctx === 'arg' ? `passing argument ${argInfo!.n} of ‘${argInfo!.fn}’ discards ‘const’ qualifier from pointer target type`
          : ctx === 'return' ? 'return discards ‘const’ qualifier from pointer target type'
          : `${ctx === 'init' ? 'initialization' : 'assignment'} discards ‘const’ qualifier from pointer target type`;
        this.diags.warning(tok ?? e.tok, msg, '-Wdiscarded-qualifiers', (tok ?? e.tok).len);
      }
      return this.conv(e, target);
    }
    if (target.k === 'ptr' && isInt(et)) {
      const v = this.constValue(e);
      if (v === undefined || !isZero(v)) this.diags.warning(tok ?? e.tok, where('makes pointer from integer without a cast'), '-Wint-conversion', (tok ?? e.tok).len);
      return this.conv(e, target);
    }
    if (isInt(target) && et.k === 'ptr') {
      this.diags.warning(tok ?? e.tok, where('makes integer from pointer without a cast'), '-Wint-conversion', (tok ?? e.tok).len);
      return this.conv(e, target);
    }
    if (target.k === 'ptr' && isFloat(et) || isFloat(target) && et.k === 'ptr') {
      this.diags.error(tok ?? e.tok, `incompatible types when ${ctx === 'init' ? 'initializing' : 'assigning to'} type ‘${typeName(t)}’ from type ‘${typeName(et)}’`, (tok ?? e.tok).len);
      return this.num(0, target, e.tok);
    }
    return this.conv(e, target);
  }

  /** Implicit or explicit conversion node (none when the types already agree). */
  conv(e: Expr, t: CType): Expr {
    const a = unqual(e.t), b = unqual(t);
    if (sameType(a, b) && !(a.k === 'int' && b.k === 'int' && a.name !== b.name && a.size === 1)) { return e.t === t ? e : { ...e, t: b } as Expr; }
    if (e.e === 'num' && (b.k === 'int' || b.k === 'float')) return this.num(convertConst(e.v, e.t, b), b, e.tok);
    return { e: 'cast', x: e, t: b, tok: e.tok };
  }

  /** An lvalue used as a value: arrays and functions decay, variables count as used. */
  rvalue(e: Expr): Expr {
    if (e.e === 'var') {
      e.sym.used = true;
    }
    if (e.t.k === 'arr') return { e: 'addr', x: e, t: ptr(e.t.of), tok: e.tok };
    if (e.t.k === 'fn') return { e: 'addr', x: e, t: ptr(e.t), tok: e.tok };
    return e;
  }

  private condition(e: Expr): Expr {
    const r = this.rvalue(e);
    if (!isScalar(r.t)) this.diags.error(r.tok, `used ${r.t.k === 'struct' ? 'struct' : typeName(r.t)} type value where scalar is required`, r.tok.len);
    if (this.wall && e.e === 'assign' && e.op === '=' && !(e as { paren?: boolean }).paren) {
      this.diags.warning(e.tok, 'suggest parentheses around assignment used as truth value', '-Wparentheses', e.tok.len);
    }
    return r;
  }

  private condExpr(): Expr {
    const c = this.binExpr(1);
    if (!this.is('?')) return c;
    const tok = this.next();
    const cc = this.rvalue(c);
    const a = this.rvalue(this.expr());
    this.expect(':', '‘:’');
    const b = this.rvalue(this.condExpr());
    let t: CType;
    if (isArith(a.t) && isArith(b.t)) t = common(a.t, b.t);
    else if (a.t.k === 'ptr' && b.t.k === 'ptr') t = a.t.to.k === 'void' ? b.t : a.t;
    else if (a.t.k === 'ptr') t = a.t;
    else if (b.t.k === 'ptr') t = b.t;
    else if (a.t.k === 'void' || b.t.k === 'void') t = T.void;
    else if (a.t.k === 'struct' && b.t.k === 'struct') t = a.t;
    else { this.diags.error(tok, 'type mismatch in conditional expression', tok.len); t = a.t; }
    return { e: 'cond', c: cc, a: t.k === 'void' || t.k === 'struct' ? a : this.conv(a, t), b: t.k === 'void' || t.k === 'struct' ? b : this.conv(b, t), t, tok };
  }

  private binExpr(min: number): Expr {
    let l = this.castExpr();
    for (;;) {
      const t = this.t;
      const pr = t.k === 'punct' ? BIN_PREC[t.v] : undefined;
      if (!pr || pr < min) return l;
      this.next();
      const r = this.binExpr(pr + 1);
      l = this.binary(t, t.v, l, r);
    }
  }

  private elemSize(pt: CType, tok: Token): number {
    if (pt.k !== 'ptr') return 1;
    const to = pt.to;
    if (to.k === 'void') { if (this.wall) { /* gcc -Wpointer-arith is not in -Wall */ } return 1; }
    if (to.k === 'fn') return 1;
    if (!isComplete(to)) { this.diags.error(tok, `invalid use of undefined type ‘${typeName(to)}’`, tok.len); return 1; }
    return sizeOf(to);
  }

  binary(tok: Token, op: string, l0: Expr, r0: Expr): Expr {
    const l = this.rvalue(l0), r = this.rvalue(r0);
    const bad = (): Expr => {
      this.diags.error(tok, `invalid operands to binary ${op} (have ‘${typeName(l.t)}’ and ‘${typeName(r.t)}’)`, tok.len, undefined);
      return this.num(0, T.int, tok);
    };
    if (op === '&&' || op === '||') {
      if (!isScalar(l.t) || !isScalar(r.t)) return bad();
      return { e: 'logic', op, l, r, t: T.int, tok };
    }
    if (['<', '>', '<=', '>=', '==', '!='].includes(op)) {
      if (isArith(l.t) && isArith(r.t)) {
        const ct = common(l.t, r.t);
        if (this.wextra && isInt(l.t) && isInt(r.t) && (op !== '==' && op !== '!=')) {
          const ls = promote(l.t), rs = promote(r.t);
          if (ls.k === 'int' && rs.k === 'int' && ls.signed !== rs.signed && ct.k === 'int' && !ct.signed) {
            const signedSide = ls.signed ? l : r;
            if (this.constValue(signedSide) === undefined) this.diags.warning(tok, 'comparison of integer expressions of different signedness: ‘' + typeName(l.t) + '’ and ‘' + typeName(r.t) + '’', '-Wsign-compare', tok.len);
          }
        }
        return { e: 'cmp', op, l: this.conv(l, ct), r: this.conv(r, ct), t: T.int, tok };
      }
      if (l.t.k === 'ptr' && r.t.k === 'ptr') {
        if (l.t.to.k !== 'void' && r.t.to.k !== 'void' && !sameType(unqual(l.t.to), unqual(r.t.to))) this.diags.warning(tok, 'comparison of distinct pointer types lacks a cast', '', tok.len);
        return { e: 'cmp', op, l: this.conv(l, T.ulong), r: this.conv(r, T.ulong), t: T.int, tok };
      }
      if ((l.t.k === 'ptr' && isInt(r.t)) || (isInt(l.t) && r.t.k === 'ptr')) {
        const iside = l.t.k === 'ptr' ? r : l;
        const v = this.constValue(iside);
        if (v === undefined || !isZero(v)) this.diags.warning(tok, 'comparison between pointer and integer', '', tok.len);
        return { e: 'cmp', op, l: this.conv(l, T.ulong), r: this.conv(r, T.ulong), t: T.int, tok };
      }
      return bad();
    }
    if (op === '+' || op === '-') {
      if (l.t.k === 'ptr' && isInt(r.t)) return { e: 'ptradd', p: l, i: this.conv(r, T.long), size: this.elemSize(l.t, tok), sub: op === '-', t: l.t, tok };
      if (op === '+' && isInt(l.t) && r.t.k === 'ptr') return { e: 'ptradd', p: r, i: this.conv(l, T.long), size: this.elemSize(r.t, tok), sub: false, t: r.t, tok };
      if (op === '-' && l.t.k === 'ptr' && r.t.k === 'ptr') {
        if (!sameType(unqual(l.t.to), unqual(r.t.to))) { this.diags.error(tok, 'invalid operands to binary - (have ‘' + typeName(l.t) + '’ and ‘' + typeName(r.t) + '’)', tok.len); }
        return { e: 'ptrdiff', l, r, size: this.elemSize(l.t, tok), t: T.long, tok };
      }
    }
    if (!isArith(l.t) || !isArith(r.t)) return bad();
    if (op === '<<' || op === '>>') {
      if (!isInt(l.t) || !isInt(r.t)) return bad();
      const t = promote(l.t);
      return { e: 'bin', op, l: this.conv(l, t), r: this.conv(r, promote(r.t)), t, tok };
    }
    if ((op === '%' || op === '&' || op === '|' || op === '^') && (!isInt(l.t) || !isInt(r.t))) return bad();
    const t = common(l.t, r.t);
    if ((op === '/' || op === '%') && isInt(t)) {
      const rv = this.constValue(r);
      if (rv !== undefined && isZero(rv) && this.wall !== undefined) this.diags.warning(tok, 'division by zero', '-Wdiv-by-zero', tok.len);
    }
    return { e: 'bin', op, l: this.conv(l, t), r: this.conv(r, t), t, tok };
  }

  private castExpr(): Expr {
    if (this.is('(') && this.startsType(this.peek())) {
      const tok = this.next();
      const t = this.typeName();
      this.expect(')');
      if (this.is('{')) this.unsupported(this.t, 'compound literals are');
      const x = this.rvalue(this.castExpr());
      if (t.k === 'void') return { e: 'cast', x, t: T.void, tok };
      if (t.k === 'struct' || t.k === 'arr') { this.diags.error(tok, `conversion to non-scalar type requested`, tok.len); return x; }
      if (!isScalar(x.t)) { this.diags.error(tok, `${x.t.k === 'void' ? 'void value not ignored as it ought to be' : 'aggregate value used where a' + (isInt(t) ? 'n integer' : ' scalar') + ' was expected'}`, tok.len); return this.num(0, t, tok); }
      if ((isFloat(t) && x.t.k === 'ptr') || (t.k === 'ptr' && isFloat(x.t))) { this.diags.error(tok, `${isFloat(t) ? 'pointer value used where a floating-point was expected' : 'cannot convert to a pointer type'}`, tok.len); return this.num(0, t, tok); }
      const r = this.conv(x, unqual(t));
      return r === x ? { e: 'cast', x, t: unqual(t), tok } : { ...r, tok } as Expr;
    }
    return this.unary();
  }

  private unary(): Expr {
    const t = this.t;
    if (t.k === 'punct') {
      switch (t.v) {
        case '++': case '--': {
          this.next();
          const x = this.unary();
          return this.incdec(t, x, true, t.v === '++');
        }
        case '&': {
          this.next();
          const x = this.castExpr();
          if (x.e === 'var' && x.sym.kind === 'fn') { x.sym.used = true; return { e: 'addr', x, t: ptr(x.t), tok: t }; }
          if (!isLvalue(x)) { this.diags.error(t, 'lvalue required as unary ‘&’ operand', t.len); return this.num(0, ptr(x.t), t); }
          if (x.e === 'var') { x.sym.addrTaken = true; x.sym.used = true; }
          markAddrTaken(x);
          return { e: 'addr', x, t: ptr(x.t), tok: t };
        }
        case '*': {
          this.next();
          const x = this.rvalue(this.castExpr());
          if (x.t.k !== 'ptr') { this.diags.error(t, `invalid type argument of unary ‘*’ (have ‘${typeName(x.t)}’)`, t.len); return this.num(0, T.int, t); }
          if (x.t.to.k === 'fn') return x; // *fp is the function designator: keep the pointer
          if (x.t.to.k === 'void' && this.wall) this.diags.warning(t, 'dereferencing ‘void *’ pointer', '', t.len);
          return { e: 'deref', a: x, t: x.t.to, tok: t };
        }
        case '-': case '+': case '~': case '!': {
          this.next();
          const x = this.rvalue(this.castExpr());
          if (t.v === '!') {
            if (!isScalar(x.t)) { this.diags.error(t, `wrong type argument to unary exclamation mark`, t.len); return this.num(0, T.int, t); }
            return { e: 'un', op: '!', x, t: T.int, tok: t };
          }
          if (!isArith(x.t) || (t.v === '~' && !isInt(x.t))) { this.diags.error(t, `wrong type argument to ${t.v === '~' ? 'bit-complement' : 'unary ' + (t.v === '-' ? 'minus' : 'plus')}`, t.len); return this.num(0, T.int, t); }
          const pt = promote(x.t);
          if (t.v === '+') return this.conv(x, pt);
          return { e: 'un', op: t.v as '-' | '~', x: this.conv(x, pt), t: pt, tok: t };
        }
      }
    }
    if (t.k === 'id' && (t.v === 'sizeof' || t.v === '_Alignof' || t.v === '__alignof__')) {
      this.next();
      let ty: CType;
      if (this.is('(') && this.startsType(this.peek())) { this.next(); ty = this.typeName(); this.expect(')'); }
      else { const x = this.unary(); ty = x.t; if (x.e === 'var') x.sym.used = true; }
      if (ty.k === 'fn' || (!isComplete(ty) && ty.k !== 'void')) this.diags.error(t, `invalid application of ‘sizeof’ to incomplete type ‘${typeName(ty)}’`, t.len);
      return this.num(t.v === 'sizeof' ? sizeOf(ty) : alignOf(ty), T.ulong, t);
    }
    return this.postfix();
  }

  private incdec(tok: Token, x: Expr, pre: boolean, inc: boolean): Expr {
    if (!this.checkModifiable(x, tok, inc ? 'increment' : 'decrement')) return this.num(0, x.t, tok);
    if (!isScalar(x.t)) { this.diags.error(tok, `wrong type argument to ${inc ? 'increment' : 'decrement'}`, tok.len); return this.num(0, T.int, tok); }
    if (x.e === 'var') { x.sym.set = true; }
    const step = x.t.k === 'ptr' ? this.elemSize(x.t, tok) : 1;
    return { e: 'incdec', pre, inc, x, step, t: unqual(x.t), tok };
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.t;
      if (t.k !== 'punct') return e;
      if (t.v === '[') {
        this.next();
        const i = this.rvalue(this.expr());
        this.expect(']');
        const b = this.rvalue(e);
        let p: Expr, idx: Expr;
        if (b.t.k === 'ptr') { p = b; idx = i; } else if (i.t.k === 'ptr') { p = i; idx = b; }
        else { this.diags.error(t, 'subscripted value is neither array nor pointer nor vector', t.len); return this.num(0, T.int, t); }
        if (!isInt(idx.t)) { this.diags.error(t, 'array subscript is not an integer', t.len); idx = this.num(0, T.int, t); }
        if (this.wall && idx.t.k === 'int' && idx.t.name === 'char') this.diags.warning(t, 'array subscript has type ‘char’', '-Wchar-subscripts', t.len);
        const to = (p.t as { to: CType }).to;
        const a: Expr = { e: 'ptradd', p, i: this.conv(idx, T.long), size: this.elemSize(p.t, t), sub: false, t: p.t, tok: e.tok };
        e = { e: 'deref', a, t: to, tok: e.tok };
        continue;
      }
      if (t.v === '.' || t.v === '->') {
        this.next();
        const nt = this.next();
        if (nt.k !== 'id') throw new CompileError(nt, `expected identifier before ${this.desc(nt)}`, nt.len);
        let base: Expr;
        let st: CType;
        if (t.v === '->') {
          const pe = this.rvalue(e);
          if (pe.t.k !== 'ptr' || pe.t.to.k !== 'struct') { this.diags.error(t, `invalid type argument of ‘->’ (have ‘${typeName(pe.t)}’)`, t.len); return this.num(0, T.int, t); }
          base = pe; st = pe.t.to;
        } else {
          if (e.t.k !== 'struct') { this.diags.error(t, `request for member ‘${nt.v}’ in something not a structure or union`, t.len); return this.num(0, T.int, t); }
          if (!isLvalue(e)) {
            if (e.e === 'call') this.unsupported(t, 'member access on a returned structure is');
          }
          if (e.e === 'var') { e.sym.used = true; }
          markAddrTaken(e);
          base = { e: 'addr', x: e, t: ptr(e.t), tok: e.tok };
          st = e.t;
        }
        if (st.k !== 'struct') return e;
        if (!st.def.fields) { this.diags.error(t, `invalid use of undefined type ‘${typeName(st)}’`, t.len); return this.num(0, T.int, t); }
        const f = st.def.fields.find((x) => x.name === nt.v);
        if (!f) { this.diags.error(nt, `‘${typeName(unqual(st))}’ has no member named ‘${nt.v}’`, nt.len); return this.num(0, T.int, nt); }
        const ft = qualified(f.type, !!st.c || !!f.type.c);
        const addr: Expr = { e: 'ptradd', p: { e: 'cast', x: base, t: ptr(T.char), tok: e.tok }, i: this.num(f.offset, T.long, nt), size: 1, sub: false, t: ptr(T.char), tok: e.tok };
        const d: Expr = { e: 'deref', a: { e: 'cast', x: addr, t: ptr(ft), tok: e.tok }, t: ft, tok: e.tok };
        (d as { member?: string }).member = f.name;
        e = d;
        continue;
      }
      if (t.v === '(') { e = this.call(e, t); continue; }
      if (t.v === '++' || t.v === '--') { this.next(); e = this.incdec(t, e, false, t.v === '++'); continue; }
      return e;
    }
  }

  private call(f0: Expr, lp: Token): Expr {
    this.next();
    const args: Expr[] = [];
    const argToks: Token[] = [];
    if (!this.is(')')) {
      for (;;) {
        argToks.push(this.t);
        args.push(this.rvalue(this.assignExpr()));
        if (!this.accept(',')) break;
      }
    }
    this.expect(')');
    const f = this.rvalue(f0);
    let ft: FnT;
    if (f.t.k === 'ptr' && f.t.to.k === 'fn') ft = f.t.to;
    else { this.diags.error(f0.tok, `called object ${f0.e === 'var' ? `‘${f0.sym.name}’ ` : ''}is not a function or function pointer`, f0.tok.len); return this.num(0, T.int, lp); }
    const name = f0.e === 'var' ? f0.sym.name : f0.e === 'deref' || f0.e === 'cast' ? '' : '';
    const decl = f0.e === 'var' ? f0.sym.loc : undefined;
    const out: Expr[] = [];
    if (ft.proto) {
      const np = ft.params.length;
      if (args.length < np || (args.length > np && !ft.variadic)) {
        const few = args.length < np;
        this.diags.error(f0.tok, `too ${few ? 'few' : 'many'} arguments to function ${name ? `‘${name}’` : `‘${this.exprText(f0)}’`}`, f0.tok.len);
        if (decl && f0.e === 'var' && !f0.sym.implicit) this.diags.note(decl, 'declared here', decl.len);
        return { e: 'call', f, args: [], ft, t: ft.ret, tok: f0.tok };
      }
      for (let i = 0; i < args.length; i++) {
        if (i < np) {
          const before = this.diags.list.length;
          out.push(this.assignConv(args[i]!, ft.params[i]!, 'arg', argToks[i], { n: i + 1, fn: name || this.exprText(f0), decl }));
          this.argumentNotes(before, args[i]!.t, ft.params[i]!, argToks[i], ft.paramLocs?.[i]);
        }
        else out.push(this.defaultPromote(args[i]!));
      }
      if (name && (FORMAT_FNS[name] !== undefined)) checkFormat(this.diags, name, FORMAT_FNS[name]!, out, argToks, this.wall, lp);
    } else {
      for (const a of args) out.push(this.defaultPromote(a));
    }
    return { e: 'call', f, args: out, ft, t: ft.ret, tok: f0.tok };
  }

  /**
   * gcc's <stdarg.h> builtins: `__builtin_va_start(ap, last)` (only in a function with `...`), `__builtin_va_arg(ap,
   * type)`, `__builtin_va_end(ap)`, `__builtin_va_copy(dest, src)`. `ap` must be a va_list: an array of the
   * __va_list_tag struct (decays to its address) or a va_list parameter (already a pointer).
   */
  private vaBuiltin(t: Token, op: 'start' | 'arg' | 'end' | 'copy'): Expr {
    const name = `va_${op}`;
    const vaList = this.lookup('__builtin_va_list')?.t;
    if (!vaList || vaList.k !== 'arr') this.unsupported(t, `‘__builtin_${name}’ without <stdarg.h> is`);
    const vaPtr = ptr(vaList.of);
    this.expect('(');
    const apTok = this.t;
    let ap = this.rvalue(this.assignExpr());
    const isVaList = (e: Expr) => e.t.k === 'ptr' && e.t.to.k === 'struct' && e.t.to.tag === '__va_list_tag';
    // va_arg is an operator (an error); the others are builtin functions taking a __builtin_va_list (a conversion)
    if (op === 'arg' && !isVaList(ap)) this.diags.error(apTok, `first argument to ‘${name}’ not of type ‘va_list’`, apTok.len);
    else if (op !== 'arg') {
      const before = this.diags.list.length;
      const apT = ap.t;
      ap = this.assignConv(ap, vaPtr, 'arg', apTok, { n: 1, fn: `__builtin_${name}` });
      this.argumentNotes(before, apT, vaPtr, apTok, undefined, true);
      for (const d of this.diags.list.slice(before)) d.includedFrom = this.stdargInclude(t, name);
    }
    const none = (ty: CType): Expr => ({ e: 'va', op, ap, t: ty, tok: t });
    if (op === 'end') { this.expect(')'); return none(T.void); }
    this.expect(',');
    if (op === 'arg') {
      const tyTok = this.t;
      const ty = this.typeName();
      this.expect(')');
      if (ty.k === 'struct' || ty.k === 'arr' || ty.k === 'fn' || ty.k === 'void') this.unsupported(t, `va_arg of type ‘${typeName(ty)}’ is`);
      // A type that `...` promotes cannot arrive as itself: gcc warns and compiles a trap (ud2) in its place.
      const promoted = ty.k === 'int' && ty.size < 4 ? T.int : ty.k === 'float' && ty.size === 4 ? T.double : undefined;
      if (promoted) {
        const loc = tyTok;
        const msgs: [('warning' | 'note'), string][] = [
          ['warning', `‘${typeName(ty)}’ is promoted to ‘${typeName(promoted)}’ when passed through ‘...’`],
          ['note', `(so you should pass ‘${typeName(promoted)}’ not ‘${typeName(ty)}’ to ‘va_arg’)`],
          ['note', 'if this code is reached, the program will abort'],
        ];
        for (const [sev, msg] of msgs) this.diags.add({ sev, loc, msg, len: 1, noSource: sev === 'note', includedFrom: sev === 'warning' ? this.stdargInclude(t, name) : undefined });
        return { e: 'va', op: 'trap', ap, t: ty, tok: t };
      }
      return none(ty);
    }
    const secondTok = this.t;
    const second = this.rvalue(this.assignExpr());
    this.expect(')');
    if (op === 'copy') return { e: 'va', op, ap, src: this.assignConv(second, vaPtr, 'arg', secondTok, { n: 2, fn: '__builtin_va_copy' }), t: T.void, tok: t };
    const fnT = this.fn?.def.sym.t;
    // gcc finds this when it expands the builtin, after the whole file is parsed: reported last (parseUnit)
    const fnName = this.fn?.name ?? '';
    const includedFrom = this.stdargInclude(t, name);
    if (!fnT || fnT.k !== 'fn' || !fnT.variadic) this.late.push(() => this.diags.add({ sev: 'error', loc: t, msg: '‘va_start’ used in function with fixed arguments', len: t.len, fn: fnName, includedFrom }));
    return none(T.void);
  }

  /** `t.c:N` when the builtin came out of <stdarg.h>'s macro (`va_start`), the main file including it on line N. */
  private stdargInclude(t: Token, macro: string): string | undefined {
    if (!t.hide?.has(macro)) return undefined;
    const lines = this.diags.sources.get(this.mainFile) ?? [];
    const n = lines.findIndex((l) => /^\s*#\s*include\s*<stdarg\.h>/.test(l));
    return n < 0 ? undefined : `${this.mainFile}:${n + 1}`;
  }

  /**
   * What gcc adds to a "passing argument N of ‘f’ …" diagnostic (those added since `before`): the argument's type
   * as a label under it (not for a discarded qualifier), then a note at the parameter's declaration, "expected ‘T’ but argument is of type ‘U’",
   * underlined from the declaration's start with the caret on the name. A parameter of a system header's prototype
   * gets no note here: ours are reduced headers, and the real note quotes glibc's own line (README, Known gaps).
   */
  private argumentNotes(before: number, argT: CType, paramT: CType, tok: Token | undefined, param: ParamLoc | undefined, builtin = false) {
    const added = this.diags.list.slice(before).filter((d) => d.sev !== 'note' && d.msg.startsWith('passing argument '));
    if (!added.length || !tok) return;
    const pad = '      | ' + ' '.repeat(Math.max(0, tok.col - 1));
    // (a discarded qualifier gets the note but no label)
    for (const d of added) if (!d.msg.includes('discards')) d.extra = [...(d.extra ?? []), `${pad}|`, `${pad}${typeName(argT)}`];
    // a builtin has no declaration: its note stands at the argument, without a source line
    if (builtin) {
      this.diags.add({ sev: 'note', loc: tok, msg: `expected ‘${typeName(paramT)}’ but argument is of type ‘${typeName(argT)}’`, len: 1, noSource: true });
      return;
    }
    if (!param || param.file.startsWith('/usr/include/')) return;
    this.diags.add({ sev: 'note', loc: { file: param.file, line: param.line, col: param.col }, msg: `expected ‘${typeName(paramT)}’ but argument is of type ‘${typeName(argT)}’`, len: param.len });
    const note = this.diags.list[this.diags.list.length - 1]!;
    (note as { rangeStart?: number }).rangeStart = param.declCol;
  }

  private defaultPromote(a: Expr): Expr {
    if (a.t.k === 'float' && a.t.size === 4) return this.conv(a, T.double);
    if (a.t.k === 'int' && a.t.size < 4) return this.conv(a, T.int);
    return a;
  }

  private primary(): Expr {
    const t = this.t;
    if (t.k === 'num') { this.next(); return this.number(t); }
    if (t.k === 'chr') {
      this.next();
      const b = unescape(t.v.slice(1, -1), t);
      if (b.length === 0) throw new CompileError(t, 'empty character constant', t.len);
      let v = 0;
      for (const x of b) v = ((v << 8) | x) | 0;
      return this.num(b.length === 1 ? (b[0]! << 24 >> 24) : v, T.int, t);
    }
    if (t.k === 'str') {
      const bytes = this.stringBytes();
      return this.stringLit(bytes, t);
    }
    if (t.k === 'punct' && t.v === '(') {
      this.next();
      if (this.is('{')) this.unsupported(this.t, 'statement expressions are');
      const e = this.expr();
      this.expect(')');
      (e as { paren?: boolean }).paren = true;
      return e;
    }
    if (t.k === 'id' && !KEYWORDS.has(t.v)) {
      this.next();
      if (t.v === '__func__' || t.v === '__FUNCTION__' || t.v === '__PRETTY_FUNCTION__') {
        return this.stringLit([...new TextEncoder().encode(this.fn?.name ?? '')], t);
      }
      if (t.v.startsWith('__builtin_va_') && ['start', 'arg', 'end', 'copy'].includes(t.v.slice(13))) return this.vaBuiltin(t, t.v.slice(13) as 'start' | 'arg' | 'end' | 'copy');
      const s = this.lookup(t.v);
      if (!s) {
        if (this.is('(')) return this.implicitFn(t);
        if (this.fn) {
          if (!this.fn.reported.has(t.v)) {
            this.diags.error(t, `‘${t.v}’ undeclared (first use in this function)`, t.len);
            if (this.fn.reported.size === 0) this.diags.note(t, 'each undeclared identifier is reported only once for each function it appears in', t.len, undefined, true);
            this.fn.reported.add(t.v);
          }
        } else this.diags.error(t, `‘${t.v}’ undeclared here (not in a function)`, t.len);
        return this.num(0, T.int, t);
      }
      if (s.kind === 'enumconst') return this.num(s.value!, T.int, t);
      if (s.kind === 'typedef') throw new CompileError(t, `expected expression before ‘${t.v}’`, t.len);
      return { e: 'var', sym: s, t: s.t, tok: t };
    }
    throw new CompileError(t, `expected expression before ${this.desc(t)}`, t.len);
  }

  private stringLit(bytes: number[], t: Token): Expr {
    const key = bytes.join(',');
    let id = this.strIds.get(key);
    if (id === undefined) { id = this.unit.strings.length; this.unit.strings.push({ bytes }); this.strIds.set(key, id); }
    return { e: 'str', id, t: { k: 'arr', of: T.char, n: bytes.length + 1 }, tok: t };
  }

  private implicitFn(t: Token): Expr {
    const name = t.v;
    this.diags.warning(t, `implicit declaration of function ‘${name}’`, '-Wimplicit-function-declaration', t.len);
    const h = HEADER_OF[name];
    if (h) {
      if (!this.suggestedHeaders.has(h)) {
        this.suggestedHeaders.add(h);
        const line = this.lastIncludeLine + 1;
        const extra: string[] = [];
        const src = this.diags.sourceLine(this.mainFile, line);
        if (this.lastIncludeLine > 0) extra.push(`${String(this.lastIncludeLine).padStart(5)} | ${expandTabs(this.diags.sourceLine(this.mainFile, this.lastIncludeLine) ?? '')}`);
        extra.push(`  +++ |+#include <${h}>`);
        if (src !== undefined) extra.push(`${String(line).padStart(5)} | ${expandTabs(src)}`);
        this.diags.note({ file: this.mainFile, line, col: 1 }, `include ‘<${h}>’ or provide a declaration of ‘${name}’`, 1, extra, true);
      } else this.diags.note(t, `include ‘<${h}>’ or provide a declaration of ‘${name}’`, t.len, undefined, true);
      if (BUILTIN_MISMATCH.has(name)) {
        this.diags.warning(t, `incompatible implicit declaration of built-in function ‘${name}’`, '-Wbuiltin-declaration-mismatch', t.len);
        this.diags.note(t, `include ‘<${h}>’ or provide a declaration of ‘${name}’`, t.len, undefined, true);
      }
    }
    const ft: FnT = { k: 'fn', ret: T.int, params: [], variadic: false, proto: false };
    const s: Sym = { name, t: ft, kind: 'fn', id: nextId++, loc: t, implicit: true };
    const existing = this.scopes[0]!.vars.get(name);
    if (existing) return { e: 'var', sym: existing, t: existing.t, tok: t };
    this.scopes[0]!.vars.set(name, s);
    this.scopes[0]!.syms.push(s);
    return { e: 'var', sym: s, t: ft, tok: t };
  }

  private number(t: Token): Expr {
    const s = t.v;
    if (/^(0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*[pP][+-]?\d+|(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?)[fFlL]?$/.test(s) && (/[.eEpP]/.test(s) && !/^0[xX][0-9a-fA-F]+$/.test(s.replace(/[uUlL]+$/, '')))) {
      const isF = /[fF]$/.test(s);
      const body = s.replace(/[fFlL]$/, '');
      const v = /^0[xX]/.test(body) ? parseHexFloat(body) : Number(body);
      return this.num(isF ? Math.fround(v) : v, isF ? T.float : T.double, t);
    }
    const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uU]?[lL]{0,2}[uU]?)$/.exec(s);
    if (!m || /[lL][uU][lL]/.test(m[2]!) || (m[2]!.match(/[uU]/g)?.length ?? 0) > 1) throw new CompileError(t, /^0[0-9]+$/.test(s) ? `invalid digit "${s.match(/[89]/)?.[0]}" in octal constant` : `invalid suffix "${s.replace(/^[0-9a-fA-Fx.]+/, '')}" on integer constant`, t.len);
    const digits = m[1]!;
    const v = BigInt(/^0[0-7]+$/.test(digits) ? '0o' + digits.slice(1) : digits);
    const suf = m[2]!.toLowerCase();
    const u = suf.includes('u');
    const l = (suf.match(/l/g) ?? []).length;
    const dec = !/^0/.test(digits) || digits === '0';
    const fits = (ty: CType) => { const it = ty as { size: number; signed: boolean }; const bits = BigInt(it.size * 8 - (it.signed ? 1 : 0)); return v < (1n << bits); };
    const cands: CType[] = [];
    if (l === 0) cands.push(...(u ? [T.uint, T.ulong] : dec ? [T.int, T.long] : [T.int, T.uint, T.long, T.ulong]));
    else if (l === 1) cands.push(...(u ? [T.ulong] : dec ? [T.long] : [T.long, T.ulong]));
    else cands.push(...(u ? [T.ullong] : dec ? [T.llong] : [T.llong, T.ullong]));
    let ty = cands.find(fits);
    if (!ty) {
      ty = T.ulong;
      if (v >= (1n << 64n)) this.diags.error(t, 'integer constant is too large for its type', t.len);
      else this.diags.warning(t, 'integer constant is so large that it is unsigned', '', t.len);
    }
    const nv = v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : BigInt.asUintN(64, v);
    return this.num(nv, ty, t);
  }
}

const ZERO_INIT: GlobalInit = { bytes: new Uint8Array(0), relocs: [] };
export const isZeroInit = (i: GlobalInit | undefined) => !i || i === ZERO_INIT || (i.relocs.length === 0 && i.bytes.every((b) => b === 0));

function parseHexFloat(s: string): number {
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s)!;
  const mant = parseInt((m[1] || '0') + (m[2] || ''), 16) / 16 ** (m[2]?.length ?? 0);
  return mant * 2 ** Number(m[3]);
}

function isZero(v: number | bigint) { return typeof v === 'bigint' ? v === 0n : v === 0; }

function isLvalue(e: Expr): boolean {
  return e.e === 'var' && e.sym.kind !== 'fn' || e.e === 'deref' || e.e === 'str';
}
function markAddrTaken(e: Expr) {
  if (e.e === 'var') e.sym.addrTaken = true;
}

/** Converts a constant from type `from` to type `to` (wrapping integers, truncating floats). */
export function convertConst(v: number | bigint, from: CType, to: CType): number | bigint {
  if (to.k === 'float') return to.size === 4 ? Math.fround(Number(v)) : Number(v);
  if (to.k === 'int' || to.k === 'ptr') {
    const size = to.k === 'ptr' ? 8 : to.size;
    const signed = to.k === 'int' ? to.signed : false;
    if (to.k === 'int' && to.bool) return isZero(v) ? 0 : 1;
    let b: bigint;
    if (typeof v === 'number') { if (!Number.isFinite(v)) return 0; b = BigInt(Math.trunc(v)); } else b = v;
    void from;
    const w = signed ? BigInt.asIntN(size * 8, b) : BigInt.asUintN(size * 8, b);
    return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
  }
  return v;
}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);
const BIN_PREC: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 };
const TYPE_WORDS = new Set(['void', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', '_Bool', 'struct', 'union', 'enum',
  'const', 'volatile', 'static', 'extern', 'typedef', 'auto', 'register', 'inline', '__inline', '__inline__', 'restrict', '__restrict', '__restrict__', '__extension__', '_Noreturn', '__attribute__', '__signed__', '__const',
  '_Complex', '_Atomic', '_Thread_local', '__thread', '_Alignas']);
const KEYWORDS = new Set([...TYPE_WORDS, 'if', 'else', 'while', 'do', 'for', 'return', 'break', 'continue', 'switch', 'case', 'default', 'goto', 'sizeof', '_Alignof', '__alignof__']);

/** printf-like functions: index of the format argument. */
export const FORMAT_FNS: Record<string, number> = { printf: 0, fprintf: 1, sprintf: 1, snprintf: 2, dprintf: 1, scanf: -1 };

export function decayType(t: CType) { return decay(t); }
