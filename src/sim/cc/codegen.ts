// Code generation: the typed AST → JavaScript source (async functions V8 compiles), one "object" per
// translation unit. Scalar locals whose address is never taken live in JS variables (registers); everything
// else lives in simulated memory: frames on the process's stack, globals in .data/.bss/.rodata. Every load
// and store goes through the runtime's page-checked accessors (vm.ts). 64-bit integers are numbers while
// they fit 53 bits and BigInt beyond; loops and calls count down a budget and yield to the kernel.
// Two synchronous fast paths keep V8's optimising compiler on the hot code (an async function with an await
// inside a loop is never optimised on stack replacement): a function that has no loop, calls no library
// function nor a function pointer, and calls only such functions of its unit (no recursion) is a plain JS
// function (it always ends in bounded time); an innermost loop with no await in it becomes a plain "region"
// function beside its own that runs a bounded chunk of iterations and returns, so that the async caller can
// yield between chunks (registers travel in as arguments and back through a per-unit array).
import type { Expr, FnDef, Stmt, Sym, Unit } from './ast.ts';
import { isZeroInit } from './parse.ts';
import { T, alignOf, sizeOf, type CType } from './types.ts';

export interface ObjData {
  js: string;
  name: string;
  size: number;
  align: number;
  section: 'data' | 'bss' | 'rodata';
  bytes?: number[];
  relocs: { off: number; target: string; add: number }[];
  global: boolean;
}
export interface ObjFn {
  name: string; js: string; global: boolean; textSize: number;
  /** A variadic function: its count of named parameters (callers pass the extras' kinds after them, see va()). */
  fixed?: number;
}

/** A compiled translation unit (what `gcc -c` writes into a .o). */
export interface CObject {
  file: string;
  src: string;
  fns: ObjFn[];
  data: ObjData[];
  /** Names this unit calls or references but does not define. */
  undefinedFns: string[];
  undefinedData: string[];
  /** Estimated machine-code bytes (for .text). */
  textSize: number;
  /** .eh_frame FDEs (one per function). */
}

let unitCounter = 0;

type LV = { reg: string; t: CType } | { addr: string; t: CType };

/**
 * -fstack-protector*: which functions get a canary (gcc's stack_protect_decl_phase). Ubuntu's gcc defaults to
 * -fstack-protector-strong (Debian's gcc has no default): a function with a local array (of any type, also
 * inside a struct) or a local whose address is taken is protected; plain -fstack-protector only protects char
 * arrays of 8 bytes or more (--param ssp-buffer-size=8); -all protects every function.
 */
export type StackProtector = 'none' | 'basic' | 'strong' | 'all';

const hasArray = (t: CType, charOnly: boolean): boolean =>
  t.k === 'arr' ? (!charOnly || (t.of.k === 'int' && t.of.size === 1 && sizeOf(t) >= 8)) || hasArray(t.of, charOnly)
    : t.k === 'struct' ? (t.def.fields ?? []).some((f) => hasArray(f.type, charOnly)) : false;

function protectedFn(f: FnDef, sp: StackProtector): boolean {
  if (sp === 'none') return false;
  if (sp === 'all') return true;
  const locals = f.locals.filter((s) => s.kind === 'local' && !s.staticLocal);
  if (sp === 'basic') return locals.some((s) => hasArray(s.t, true));
  return locals.some((s) => hasArray(s.t, false) || !!s.addrTaken);
}

/** x86-64 bytes of the canary: `mov %fs:0x28,%rax; mov %rax,-0x8(%rbp); xor %eax,%eax` (15) on entry,
 * `mov -0x8(%rbp),%rdx; xor %fs:0x28,%rdx; je 1f; call __stack_chk_fail` (20) before the epilogue. */
const CANARY_BYTES = 35;

export function generate(unit: Unit, opts: { stackProtector?: StackProtector } = {}): CObject {
  const u = `u${++unitCounter}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  const data: ObjData[] = [];
  const fns: ObjFn[] = [];
  const definedFns = new Set(unit.fns.map((f) => f.sym.name));
  const undefinedFns = new Set<string>();
  const undefinedData = new Set<string>();
  const jsOf = (s: Sym) => {
    if (s.kind === 'fn') return s.isStatic ? `F_${s.name}$${u}` : `F_${s.name}`;
    if (s.staticLocal) return `G_${s.name}$${s.id}$${u}`;
    return s.isStatic ? `G_${s.name}$${u}` : `G_${s.name}`;
  };
  const strJs = (id: number) => `S_${id}$${u}`;
  const strOrder = unit.strings.flatMap((s, i) => (s.after === undefined ? [i, ...unit.strings.flatMap((x, j) => (x.after === i ? [j] : []))] : []));
  let nLC = 0;
  for (const i of strOrder) {
    const s = unit.strings[i]!;
    if (!s.dead) data.push({ js: strJs(i), name: '.LC' + nLC++, size: s.bytes.length + 1, align: 1, section: 'rodata', bytes: [...s.bytes, 0], relocs: [], global: false });
  }
  const symById = new Map<number, Sym>();
  for (const g of unit.globals) symById.set(g.id, g);
  for (const f of unit.fns) symById.set(f.sym.id, f.sym);
  for (const e of unit.externs) symById.set(e.id, e);
  for (const g of unit.globals) {
    const zero = isZeroInit(g.init);
    const ro = !!g.t.c || (g.t.k === 'arr' && !!g.t.of.c);
    const section = zero && !ro ? 'bss' : ro && !(g.init?.relocs.length) ? 'rodata' : 'data';
    const size = sizeOf(g.t);
    let align = alignOf(g.t);
    // ix86_data_alignment (-malign-data=compat): an aggregate, array or struct, of 32 bytes or more is 32-aligned
    // (what gcc ≤ 4.8 assumed), one of 16 bytes or more 16-aligned (the x86-64 ABI's rule for arrays)
    const aggregate = g.t.k === 'arr' || g.t.k === 'struct';
    if (aggregate && size >= 32) align = Math.max(align, 32);
    else if (aggregate && size >= 16) align = Math.max(align, 16);
    const bytes = zero ? undefined : [...(g.init!.bytes.length ? g.init!.bytes : new Uint8Array(size))];
    const relocs = (g.init?.relocs ?? []).map((r) => ({ off: r.off, target: r.kind === 'str' ? strJs(r.target) : jsOf(symById.get(r.target)!), add: r.add }));
    for (const r of g.init?.relocs ?? []) if (r.kind === 'sym') { const s = symById.get(r.target)!; if (s.kind === 'fn' && !definedFns.has(s.name)) undefinedFns.add(s.name); }
    data.push({ js: jsOf(g), name: g.name, size, align, section, bytes, relocs, global: !g.isStatic });
  }
  const syncFns = syncFunctions(unit.fns);
  let src = `const RS$${u} = [], YT$${u} = R.YT;\nlet RV$${u};\n`;
  let totalText = 0;
  for (const f of unit.fns) {
    const g = new FnGen(f, jsOf, strJs, (name) => { if (!definedFns.has(name)) undefinedFns.add(name); }, (name) => undefinedData.add(name), syncFns, u);
    const canary = protectedFn(f, opts.stackProtector ?? 'none');
    const code = g.run(canary);
    // the failure path calls into libc: one more import
    if (canary && !definedFns.has('__stack_chk_fail')) undefinedFns.add('__stack_chk_fail');
    src += code + '\n';
    const ts = g.textEstimate();
    totalText += ts;
    const ft = f.sym.t.k === 'fn' ? f.sym.t : undefined;
    fns.push({ name: f.sym.name, js: jsOf(f.sym), global: !f.sym.isStatic, textSize: ts, ...(ft?.variadic ? { fixed: ft.params.length } : {}) });
  }
  for (const e of unit.externs) if (e.kind === 'global' && e.used) undefinedData.add(e.name);
  return { file: unit.file, src, fns, data, undefinedFns: [...undefinedFns], undefinedData: [...undefinedData], textSize: totalText };
}

const isI = (t: CType): t is Extract<CType, { k: 'int' }> => t.k === 'int';
const is64 = (t: CType) => (t.k === 'int' && t.size === 8);

class FnGen {
  private f: FnDef;
  private jsOf: (s: Sym) => string;
  private strJs: (id: number) => string;
  private useFn: (name: string) => void;
  private useData: (name: string) => void;
  private frame = 0;
  private slots = new Map<number, number>(); // sym id → offset below bp
  private regs = new Set<number>();
  private regTypes = new Map<string, CType>();
  private tmpN = 0;
  private insns = 0;
  private loopN = 0;
  private syncFns: Set<string>;
  private u: string;
  /** This function is compiled as a plain (non-async) JS function. */
  private sync: boolean;
  /** Region functions generated for this function's innermost loops (module-level code). */
  private regions: string[] = [];

  constructor(f: FnDef, jsOf: (s: Sym) => string, strJs: (id: number) => string, useFn: (n: string) => void, useData: (n: string) => void, syncFns: Set<string>, u: string) {
    this.f = f; this.jsOf = jsOf; this.strJs = strJs; this.useFn = useFn; this.useData = useData;
    this.syncFns = syncFns; this.u = u; this.sync = syncFns.has(f.sym.name);
  }

  textEstimate() { return this.insns; }

  private slot(size: number, align: number): number {
    this.frame = Math.ceil((this.frame + size) / align) * align;
    return this.frame;
  }
  private tmp() { return `t${this.tmpN++}`; }

  run(canary = false): string {
    const f = this.f;
    // the guard sits right below the saved frame pointer, above every local
    if (canary) { this.slot(8, 8); this.insns += CANARY_BYTES; }
    // storage: scalars whose address is never taken are registers, the rest get frame slots (gcc -O0 gives
    // every local a slot: the frame size counts them all). gcc stores the parameters below the locals, and with a
    // stack protector puts the arrays right under the canary, so that a buffer overrun reaches the guard (or, without
    // one, the saved frame pointer and return address) before any other variable.
    const own = f.locals.filter((s) => s.kind !== 'param');
    const order = [
      ...(canary ? own.filter((s) => hasArray(s.t, false)) : []),
      ...own.filter((s) => !canary || !hasArray(s.t, false)),
      ...f.locals.filter((s) => s.kind === 'param'),
    ];
    for (const s of order) {
      const size = Math.max(1, sizeOf(s.t));
      const off = this.slot(size, Math.min(16, alignOf(s.t) >= 16 || size >= 16 ? 16 : alignOf(s.t)));
      const scalar = s.t.k === 'int' || s.t.k === 'float' || s.t.k === 'ptr';
      if (scalar && !s.addrTaken) { this.regs.add(s.id); this.regTypes.set(`v${s.id}`, s.t); }
      else this.slots.set(s.id, off);
    }
    // A frame that holds an array or an addressed variable can be overrun by the function's own writes: its return
    // checks the canary (if any, __stack_chk_fail) and the saved return address (`ret` to what overwrote it faults).
    const guarded = protectedFn(f, 'strong');
    const epilogue = guarded ? `EPI(bp, ${canary ? 1 : 0}); ` : '';
    const body = this.stmt(f.body).replaceAll(RET, `${epilogue}SP = bp; return r;`);
    const fsize = Math.ceil(this.frame / 16) * 16;
    const params = f.params.map((p) => `v${p.id}`);
    if (f.sym.t.k === 'fn' && f.sym.t.variadic) {
      params.push('K$', '...A$'); // the extra arguments and their kinds (va())
      this.insns += 81; // the register save area: five GPRs and, when %al says so, eight XMM registers (gcc 12 -O0)
    }
    let pro = `let ${['bp = SP', ...this.tmpsDecl()].join(', ')};\n`;
    pro += `SP = bp - ${fsize + 16};\n${this.sync ? '' : 'if (--Q.b < 0) await Y();\n'}w64(bp - 8, RA);\n`;
    if (canary) pro += 'w32(bp - 24, CG0); w32(bp - 20, CG1);\n'; // mov %fs:0x28,%rax; mov %rax,-0x8(%rbp)
    const regLocals = f.locals.filter((s) => this.regs.has(s.id) && s.kind !== 'param').map((s) => `v${s.id} = 0`);
    if (regLocals.length) pro += `let ${regLocals.join(', ')};\n`;
    for (const p of f.params) {
      if (this.slots.has(p.id)) {
        const addr = `bp - ${this.slots.get(p.id)! + 16}`;
        pro += p.t.k === 'struct' ? `cpy(${addr}, v${p.id}, ${sizeOf(p.t)});\n` : `${this.store(p.t, addr, `v${p.id}`)};\n`;
      }
    }
    const sret = f.sym.t.k === 'fn' && f.sym.t.ret.k === 'struct' ? 'sret, ' : '';
    this.insns += 12 + f.params.length * 4;
    return `${this.regions.join('')}${this.sync ? '' : 'async '}function ${this.jsOf(f.sym)}(${sret}${params.join(', ')}) {\n${pro}${body}${epilogue}SP = bp;\n${f.sym.name === 'main' ? 'return 0;' : ''}\n}`;
  }

  private tmpsDecl(): string[] { const out: string[] = []; for (let i = 0; i < this.tmpN; i++) out.push(`t${i}`); return out; }

  // ---- statements -----------------------------------------------------------------------------------------
  private stmt(s: Stmt): string {
    switch (s.s) {
      case 'empty': return '';
      case 'expr': this.insns += 1; return `${this.expr(s.e, true)};\n`;
      case 'block': return s.list.map((x) => this.stmt(x)).join('');
      case 'init': return this.init(s);
      case 'if': this.insns += 3; return `if (${this.truth(s.c)}) {\n${this.stmt(s.a)}}${s.b ? ` else {\n${this.stmt(s.b)}}` : ''}\n`;
      case 'while': {
        this.insns += 4;
        const c = this.truth(s.c), body = this.stmt(s.body);
        return this.region('', c, '', body, false) ?? `while (${c}) {\n${this.budget()}${body}}\n`;
      }
      case 'do': {
        this.insns += 4;
        const body = this.stmt(s.body), c = this.truth(s.c);
        return this.region('', c, '', body, true) ?? `do {\n${this.budget()}${body}} while (${c});\n`;
      }
      case 'for': {
        this.insns += 5;
        const init = s.init ? this.stmt(s.init) : '';
        const c = s.c ? this.truth(s.c) : 'true';
        const step = s.step ? this.expr(s.step, true) : '';
        const body = this.stmt(s.body);
        return this.region(init, c, step, body, false) ?? `${init}for (; ${c}; ${step}) {\n${this.budget()}${body}}\n`;
      }
      case 'return': {
        this.insns += 3;
        // RET: `SP = bp; return r;` in the function itself, handing r back from a loop region
        if (!s.e) return `{ const r = undefined; ${RET} }\n`;
        const rt = s.e.t;
        if (rt.k === 'struct') return `{ const r = cpy(sret, ${this.expr(s.e)}, ${sizeOf(rt)}); ${RET} }\n`;
        return `{ const r = ${this.expr(s.e)}; ${RET} }\n`;
      }
      case 'break': this.insns += 1; return 'break;\n';
      case 'continue': this.insns += 1; return 'continue;\n';
      case 'switch': {
        this.insns += 6;
        const body = s.body.s === 'block' ? s.body.list : [s.body];
        let out = `switch (${this.expr(s.e)}) {\n`;
        const emit = (x: Stmt) => {
          if (x.s === 'case') { this.insns += 3; out += `case ${lit(x.v)}:\n`; return; }
          if (x.s === 'default') { out += 'default:\n'; return; }
          if (x.s === 'block' && x.list[0] && (x.list[0].s === 'case' || x.list[0].s === 'default')) { for (const y of x.list) emit(y); return; }
          out += this.stmt(x);
        };
        for (const x of body) emit(x);
        return out + '}\n';
      }
      case 'case': case 'default': return '';
    }
  }

  /** `v = <v as its C type's JS machine type>;` for a register, or '' (64-bit integers: number or BigInt). */
  private typed(r: string): string {
    const t = this.regTypes.get(r);
    if (!t) return '';
    if (t.k === 'int' && t.size <= 4) return t.signed ? `${r} = ${r} | 0;` : `${r} = ${r} >>> 0;`;
    if (t.k === 'float' || t.k === 'ptr') return `${r} = +${r};`;
    return '';
  }

  private budget() { return `if (--Q.b < 0) await Y();\n`; }

  /**
   * An innermost loop whose code has no await becomes a region: a plain function beside this one running
   * up to REGION_CHUNK iterations per call. It returns 0 when the loop ends, 1 when the chunk is spent (the
   * caller yields if its time slice is over, then calls again: the loop resumes where it paused), 2 for a
   * C return (the value in RV). The pause point is at the top of an iteration, before the condition (after
   * the step) for while and for, after the condition for do; a fresh call never pauses before one iteration.
   * Registers the loop uses come in as arguments and go back through RS. Undefined when the loop awaits.
   */
  private region(init: string, c: string, step: string, body: string, isDo: boolean): string | undefined {
    if (this.sync) return undefined; // (a sync function has no loops)
    if (/\bawait\b/.test(c + step + body)) return undefined;
    const code = c + '\n' + step + '\n' + body;
    const regs = [...new Set(code.match(/\bv\d+\b/g) ?? [])];
    const tmps = [...new Set(code.match(/\bt\d+\b/g) ?? [])];
    const name = `L${this.loopN++}$${this.jsOf(this.f.sym)}`;
    const u = this.u;
    const hasSret = this.f.sym.t.k === 'fn' && this.f.sym.t.ret.k === 'struct';
    const params = ['bp', ...(hasSret ? ['sret'] : []), ...regs];
    const save = regs.map((r, k) => `RS$${u}[${k}] = ${r};`).join(' ');
    const load = regs.map((r, k) => `${r} = RS$${u}[${k}];`).join(' ');
    const pause = `if (--b < 0) { ${save} return 1; }`;
    const b = body.replaceAll(RET, `RV$${u} = r; return 2;`);
    const loop = isDo
      ? `do {\n${pause}\n${b}} while (${c});\n`
      : `for (;; ${step}) {\n${pause}\nif (!${c}) break;\n${b}}\n`;
    // the arguments arrive tagged (a uint32 above 2^31 boxed): converting them once tells V8 the register's
    // machine type, so the loop's phis stay unboxed word32/float64 instead of allocating on every iteration
    const entry = regs.map((r) => this.typed(r)).filter(Boolean).join(' ');
    this.regions.push(`function ${name}(${params.join(', ')}) {\nlet b = ${REGION_CHUNK}${tmps.map((t) => `, ${t}`).join('')};\n${entry}\n${loop}${save}\nreturn 0;\n}\n`);
    return `${init}for (;;) {\nconst k = ${name}(${params.join(', ')});\n${load}\nif (k === 0) break;\nif (k === 2) { const r = RV$${u}; ${RET} }\nif (YT$${u}()) await Y();\n}\n`;
  }

  private init(s: Extract<Stmt, { s: 'init' }>): string {
    const sym = s.sym;
    const size = sizeOf(sym.t);
    if (this.regs.has(sym.id)) { this.insns += 2; return `v${sym.id} = ${this.expr(s.e!)};\n`; }
    const addr = this.symAddr(sym);
    let out = '';
    if (s.strBytes) {
      this.insns += 4;
      const n = Math.min(s.strBytes.length, size);
      out += `zero(${addr}, ${size});\n`;
      out += `wbytes(${addr}, [${s.strBytes.slice(0, n).join(',')}]);\n`;
      return out;
    }
    if (s.items) {
      out += `zero(${addr}, ${size});\n`;
      this.insns += 3;
      for (const it of s.items) {
        this.insns += 2;
        if (it.t.k === 'struct') out += `cpy(${addr} + ${it.off}, ${this.expr(it.e)}, ${sizeOf(it.t)});\n`;
        else out += `${this.store(it.t, `${addr} + ${it.off}`, this.expr(it.e))};\n`;
      }
      return out;
    }
    this.insns += 2;
    if (sym.t.k === 'struct') return `cpy(${addr}, ${this.expr(s.e!)}, ${size});\n`;
    return `${this.store(sym.t, addr, this.expr(s.e!))};\n`;
  }

  // ---- expressions ---------------------------------------------------------------------------------------
  private truth(e: Expr): string {
    if (e.e === 'cmp' || e.e === 'logic' || (e.e === 'un' && e.op === '!')) return this.boolExpr(e);
    const v = this.expr(e);
    if (e.t.k === 'int' && e.t.size === 8) return `(${v} != 0)`;
    return `(${v})`;
  }

  private boolExpr(e: Expr): string {
    if (e.e === 'cmp') {
      const l = this.expr(e.l), r = this.expr(e.r);
      this.insns += 3;
      const wide = is64(e.l.t);
      const op = e.op === '==' ? (wide ? '==' : '===') : e.op === '!=' ? (wide ? '!=' : '!==') : e.op;
      return `(${l} ${op} ${r})`;
    }
    if (e.e === 'logic') { this.insns += 2; return `(${this.truth(e.l)} ${e.op} ${this.truth(e.r)})`; }
    if (e.e === 'un' && e.op === '!') { this.insns += 2; return `!${this.truth(e.x)}`; }
    return this.truth(e);
  }

  private symAddr(s: Sym): string {
    if (s.kind === 'global' || s.kind === 'fn') {
      if (s.kind === 'global' && !s.defined) this.useData(s.name);
      if (s.kind === 'fn') { this.useFn(s.name); return `A_${this.jsOf(s)}`; }
      return this.jsOf(s);
    }
    const off = this.slots.get(s.id);
    if (off === undefined) throw new Error(`internal: no slot for ${s.name}`);
    return `(bp - ${off + 16})`;
  }

  private lv(e: Expr): LV {
    if (e.e === 'var') {
      if (this.regs.has(e.sym.id)) return { reg: `v${e.sym.id}`, t: e.t };
      return { addr: this.symAddr(e.sym), t: e.t };
    }
    if (e.e === 'deref') return { addr: this.expr(e.a), t: e.t };
    if (e.e === 'str') return { addr: this.strJs(e.id), t: e.t };
    throw new Error('internal: not an lvalue');
  }

  private load(t: CType, a: string): string {
    this.insns += 4;
    switch (t.k) {
      case 'int':
        if (t.size === 1) return t.signed ? `r8s(${a})` : `r8u(${a})`;
        if (t.size === 2) return t.signed ? `r16s(${a})` : `r16u(${a})`;
        if (t.size === 4) return t.signed ? `r32s(${a})` : `r32u(${a})`;
        return t.signed ? `r64s(${a})` : `r64u(${a})`;
      case 'float': return t.size === 4 ? `rf32(${a})` : `rf64(${a})`;
      case 'ptr': return `rp(${a})`;
      default: return a; // aggregates: their address
    }
  }
  private store(t: CType, a: string, v: string): string {
    this.insns += 4;
    switch (t.k) {
      case 'int': return t.size === 1 ? `w8(${a}, ${v})` : t.size === 2 ? `w16(${a}, ${v})` : t.size === 4 ? `w32(${a}, ${v})` : `w64(${a}, ${v})`;
      case 'float': return t.size === 4 ? `wf32(${a}, ${v})` : `wf64(${a}, ${v})`;
      case 'ptr': return `w64(${a}, ${v})`;
      case 'struct': return `cpy(${a}, ${v}, ${sizeOf(t)})`;
      default: return `(${v})`;
    }
  }

  /** Converts the JS value `v` of C type `from` to C type `to`. */
  private cvt(v: string, from: CType, to: CType): string {
    if (to.k === 'void') return v;
    if (to.k === 'int' && to.bool) return from.k === 'float' ? `(${v} ? 1 : 0)` : `(${v} != 0 ? 1 : 0)`;
    const fromInt = from.k === 'int' || from.k === 'ptr';
    const fromSize = from.k === 'int' ? from.size : from.k === 'ptr' ? 8 : 0;
    const fromSigned = from.k === 'int' ? from.signed : false;
    if (to.k === 'float') {
      const n = fromInt && fromSize === 8 ? `Number(${v})` : v;
      return to.size === 4 ? `Math.fround(${n})` : n;
    }
    if (to.k === 'ptr') {
      if (from.k === 'ptr') return v;
      if (fromInt) return fromSize === 8 ? `pn(${v})` : fromSigned ? `pn(${v})` : v;
      return `pn(f2i64(${v}))`;
    }
    if (to.k !== 'int') return v;
    // to an integer
    let lo32: string;
    if (from.k === 'float') {
      if (to.size === 8) return to.signed ? `f2i64(${v})` : `f2u64(${v})`;
      lo32 = `f2i32(${v})`;
    } else if (fromSize === 8) {
      if (to.size === 8) return to.signed === fromSigned || from.k === 'ptr' && !to.signed ? v : to.signed ? `s64(${v})` : `u64(${v})`;
      lo32 = `lo32(${v})`;
    } else {
      if (to.size === 8) return to.signed || !fromSigned ? v : `u64(${v})`;
      lo32 = v;
    }
    switch (to.size) {
      case 1: return to.signed ? `(${lo32} << 24 >> 24)` : `(${lo32} & 255)`;
      case 2: return to.signed ? `(${lo32} << 16 >> 16)` : `(${lo32} & 65535)`;
      case 4: return to.signed ? (fromSize === 4 && fromSigned ? lo32 : `(${lo32} | 0)`) : (fromSize === 4 && !fromSigned ? lo32 : `(${lo32} >>> 0)`);
    }
    return v;
  }

  /** Arithmetic in type t on JS values a, b. */
  private arith(op: string, t: CType, a: string, b: string): string {
    this.insns += op === '/' || op === '%' ? 6 : 3;
    if (t.k === 'float') {
      const r = op === '+' ? `(${a} + ${b})` : op === '-' ? `(${a} - ${b})` : op === '*' ? `(${a} * ${b})` : `(${a} / ${b})`;
      return t.size === 4 ? `Math.fround${r}` : r;
    }
    if (t.k !== 'int') return a;
    if (t.size === 8) {
      const s = t.signed ? 's' : 'u';
      const name = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '&': 'and', '|': 'or', '^': 'xor', '<<': 'shl', '>>': 'shr' }[op]!;
      return `${name}64${s}(${a}, ${b})`;
    }
    // 32-bit
    if (t.signed) {
      switch (op) {
        case '+': return `((${a} + ${b}) | 0)`;
        case '-': return `((${a} - ${b}) | 0)`;
        case '*': return `Math.imul(${a}, ${b})`;
        case '/': return `div32(${a}, ${b})`;
        case '%': return `mod32(${a}, ${b})`;
        case '&': return `(${a} & ${b})`;
        case '|': return `(${a} | ${b})`;
        case '^': return `(${a} ^ ${b})`;
        case '<<': return `(${a} << ${this.shiftCount(b)})`;
        case '>>': return `(${a} >> ${this.shiftCount(b)})`;
      }
    } else {
      switch (op) {
        // a register holding a uint32 above 2^31 makes V8's on-stack-replaced code box it on every
        // iteration when it feeds an addition; its int32 alias (congruent mod 2^32) does not
        case '+': return `((${i32(a)} + ${i32(b)}) >>> 0)`;
        case '-': return `((${i32(a)} - ${i32(b)}) >>> 0)`;
        case '*': return `(Math.imul(${a}, ${b}) >>> 0)`;
        case '/': return `divu32(${a}, ${b})`;
        case '%': return `modu32(${a}, ${b})`;
        case '&': return `((${a} & ${b}) >>> 0)`;
        case '|': return `((${a} | ${b}) >>> 0)`;
        case '^': return `((${a} ^ ${b}) >>> 0)`;
        case '<<': return `((${a} << ${this.shiftCount(b)}) >>> 0)`;
        case '>>': return `(${a} >>> ${this.shiftCount(b)})`;
      }
    }
    return a;
  }
  private shiftCount(b: string) { return /^\d+$/.test(b) ? b : `lo32(${b})`; }

  private ptrAdd(p: string, i: Expr, size: number, sub: boolean): string {
    this.insns += 3;
    const small = i.e === 'cast' && i.x.t.k === 'int' && i.x.t.size <= 4 || i.e === 'num' && typeof i.v === 'number';
    const iv = i.e === 'cast' && small ? this.expr(i.x) : this.expr(i);
    if (small) {
      const scaled = size === 1 ? iv : `${iv} * ${size}`;
      return `(${p} ${sub ? '-' : '+'} ${scaled})`;
    }
    return `padd(${p}, ${iv}, ${sub ? -size : size})`;
  }

  /** JS expression for e's value. `discard`: the value is not used. */
  expr(e: Expr, discard = false): string {
    switch (e.e) {
      case 'num': return lit(e.v);
      case 'str': return this.strJs(e.id);
      case 'var': {
        const s = e.sym;
        if (s.kind === 'fn') { this.useFn(s.name); return `A_${this.jsOf(s)}`; }
        if (this.regs.has(s.id)) return `v${s.id}`;
        return this.load(e.t, this.symAddr(s));
      }
      case 'deref': return this.load(e.t, this.expr(e.a));
      case 'addr': {
        const x = e.x;
        if (x.e === 'var' && x.sym.kind === 'fn') { this.useFn(x.sym.name); return `A_${this.jsOf(x.sym)}`; }
        if (x.e === 'var') return this.symAddr(x.sym);
        if (x.e === 'deref') return this.expr(x.a);
        if (x.e === 'str') return this.strJs(x.id);
        return this.expr(x);
      }
      case 'un': {
        const x = this.expr(e.x);
        this.insns += 2;
        if (e.op === '!') return `(${this.truth(e.x)} ? 0 : 1)`;
        if (e.t.k === 'float') return `(-${x})`;
        const t = e.t as Extract<CType, { k: 'int' }>;
        if (t.size === 8) return e.op === '-' ? `neg64${t.signed ? 's' : 'u'}(${x})` : `not64${t.signed ? 's' : 'u'}(${x})`;
        if (e.op === '-') return t.signed ? `(-${x} | 0)` : `((-${x}) >>> 0)`;
        return t.signed ? `(~${x})` : `((~${x}) >>> 0)`;
      }
      case 'bin': return this.arith(e.op, e.t, this.expr(e.l), this.expr(e.r));
      case 'cmp': case 'logic': return `(${this.boolExpr(e)} ? 1 : 0)`;
      case 'ptradd': return this.ptrAdd(this.expr(e.p), e.i, e.size, e.sub);
      case 'ptrdiff': this.insns += 5; return `pdiff(${this.expr(e.l)}, ${this.expr(e.r)}, ${e.size})`;
      case 'cond': this.insns += 4; return `(${this.truth(e.c)} ? ${this.expr(e.a)} : ${this.expr(e.b)})`;
      case 'comma': return `(${this.expr(e.l, true)}, ${this.expr(e.r)})`;
      case 'cast': {
        if (e.t.k === 'void') return `(${this.expr(e.x, true)}, undefined)`;
        this.insns += 1;
        return this.cvt(this.expr(e.x), e.x.t, e.t);
      }
      case 'assign': return this.assign(e, discard);
      case 'incdec': return this.incdec(e, discard);
      case 'call': return this.call(e);
      case 'zero': return '0';
      case 'va': return this.va(e);
    }
  }

  /**
   * <stdarg.h>. A variadic function receives its extra arguments as `...A$` with their kinds in `K$` (call()
   * passes them); va_start registers them with the C library (VS), which keeps them by a handle written into the
   * va_list with the next argument's index, so that va_copy is a copy of the 24 bytes and vprintf can read them.
   */
  private va(e: Extract<Expr, { e: 'va' }>): string {
    const ap = this.expr(e.ap);
    // gcc 12 -O0's inline code, measured with `size` on one-function objects: va_start 45 bytes, va_arg 72 (84 for
    // a double: the fp_offset path), va_copy 36, va_end none
    this.insns += e.op === 'start' ? 45 : e.op === 'arg' ? (e.t.k === 'float' ? 84 : 72) : e.op === 'copy' ? 36 : 0;
    switch (e.op) {
      case 'start': return `VS(${ap}, K$, A$)`;
      case 'end': return `(${ap}, undefined)`;
      case 'copy': return `cpy(${ap}, ${this.expr(e.src!)}, 24)`;
      case 'arg': return this.cvt(`VA(${ap})`, e.t.k === 'float' ? T.double : T.long, e.t);
      case 'trap': this.insns += 2; return `TRAP(A_${this.jsOf(this.f.sym)} + ${this.insns})`; // ud2
    }
  }

  private assign(e: Extract<Expr, { e: 'assign' }>, _discard: boolean): string {
    const lv = this.lv(e.l);
    const t = e.l.t;
    if (e.op === '=') {
      const r = this.expr(e.r);
      if ('reg' in lv) { this.insns += 2; return `(${lv.reg} = ${r})`; }
      return this.store(t, lv.addr, r);
    }
    const bop = e.op.slice(0, -1);
    const compute = (cur: string) => {
      if (e.ptrSize !== undefined) return this.ptrAdd(cur, e.r, e.ptrSize, bop === '-');
      const opT = e.opT ?? t;
      const shift = bop === '<<' || bop === '>>';
      const val = this.arith(bop, opT, this.cvt(cur, t, opT), shift ? this.expr(e.r) : this.expr(e.r));
      return this.cvt(val, opT, t);
    };
    if ('reg' in lv) return `(${lv.reg} = ${compute(lv.reg)})`;
    const a = this.tmp();
    return `(${a} = ${lv.addr}, ${this.store(t, a, compute(this.load(t, a)))})`;
  }

  private incdec(e: Extract<Expr, { e: 'incdec' }>, discard: boolean): string {
    const lv = this.lv(e.x);
    const t = e.x.t;
    const stepped = (cur: string) => {
      if (t.k === 'ptr') return `(${cur} ${e.inc ? '+' : '-'} ${e.step})`;
      if (t.k === 'float') return t.size === 4 ? `Math.fround(${cur} ${e.inc ? '+' : '-'} 1)` : `(${cur} ${e.inc ? '+' : '-'} 1)`;
      const pt = isI(t) && t.size < 4 ? T.int : t;
      return this.cvt(this.arith(e.inc ? '+' : '-', pt, cur, '1'), pt, t);
    };
    if ('reg' in lv) {
      if (discard || e.pre) return `(${lv.reg} = ${stepped(lv.reg)})`;
      const o = this.tmp();
      return `(${o} = ${lv.reg}, ${lv.reg} = ${stepped(o)}, ${o})`;
    }
    const a = this.tmp();
    if (discard || e.pre) return `(${a} = ${lv.addr}, ${this.store(t, a, stepped(this.load(t, a)))})`;
    const o = this.tmp();
    return `(${a} = ${lv.addr}, ${o} = ${this.load(t, a)}, ${this.store(t, a, stepped(o))}, ${o})`;
  }

  private call(e: Extract<Expr, { e: 'call' }>): string {
    this.insns += 5 + e.args.length * 3;
    const args = e.args.map((a) => this.expr(a));
    const ret = e.ft.ret;
    let sret = '';
    if (ret.k === 'struct') {
      const off = this.slot(sizeOf(ret), Math.max(8, alignOf(ret)));
      sret = `bp - ${off + 16}`;
    }
    const direct = e.f.e === 'addr' && e.f.x.e === 'var' && e.f.x.sym.kind === 'fn' ? e.f.x.sym : undefined;
    const kinds = e.args.map((a) => kindOf(a.t)).join('');
    const rk = kindOf(ret);
    // a variadic function of the program gets the kinds of its extra arguments before them (see va())
    if (direct && direct.defined && e.ft.variadic) args.splice(e.ft.params.length, 0, JSON.stringify(kinds.slice(e.ft.params.length)));
    let call: string;
    if (direct && direct.defined && this.syncFns.has(direct.name)) call = `${this.jsOf(direct)}(${[sret, ...args].filter(Boolean).join(', ')})`;
    else if (direct && direct.defined) call = `(await ${this.jsOf(direct)}(${[sret, ...args].filter(Boolean).join(', ')}))`;
    else if (direct) {
      this.useFn(direct.name);
      call = `(await X_${direct.name}(${JSON.stringify(kinds)}, [${[sret, ...args].filter(Boolean).join(', ')}], ${JSON.stringify(rk)}))`;
    } else call = `(await CP(${this.expr(e.f)}, ${JSON.stringify(kinds)}, [${[sret, ...args].filter(Boolean).join(', ')}], ${JSON.stringify(rk)}))`;
    if (ret.k === 'int' || ret.k === 'ptr') {
      // values from the library arrive as 64-bit: narrow them to the declared type
      if (!(direct && direct.defined)) return this.cvt(call, T.long, ret);
    }
    return call;
  }
}

const RET = '\u0001RET\u0001';
/** Iterations a loop region runs per call before its caller may yield. */
const REGION_CHUNK = 16384;

const i32 = (v: string) => (/^v\d+$/.test(v) ? `(${v} | 0)` : v);

/**
 * The functions compiled as plain JS: no loop, no call to the library or through a pointer, direct calls
 * only to such functions of the unit and no recursion; main never (the runtime awaits it).
 */
function syncFunctions(fns: FnDef[]): Set<string> {
  const byName = new Map(fns.map((f) => [f.sym.name, f]));
  const info = new Map<string, { ok: boolean; callees: Set<string> }>();
  for (const f of fns) {
    const callees = new Set<string>();
    let ok = f.sym.name !== 'main';
    const ex = (e: Expr | undefined): void => {
      if (!e || !ok) return;
      switch (e.e) {
        case 'call': {
          const d = e.f.e === 'addr' && e.f.x.e === 'var' && e.f.x.sym.kind === 'fn' ? e.f.x.sym : undefined;
          if (d && d.defined && byName.has(d.name)) callees.add(d.name); else ok = false;
          e.args.forEach(ex);
          return;
        }
        case 'deref': ex(e.a); return;
        case 'addr': case 'un': case 'cast': ex(e.x); return;
        case 'bin': case 'cmp': case 'ptrdiff': case 'logic': case 'assign': case 'comma': ex(e.l); ex(e.r); return;
        case 'ptradd': ex(e.p); ex(e.i); return;
        case 'cond': ex(e.c); ex(e.a); ex(e.b); return;
        case 'incdec': ex(e.x); return;
        case 'va': ex(e.ap); ex(e.src); return;
        default: return;
      }
    };
    const st = (s: Stmt | undefined): void => {
      if (!s || !ok) return;
      switch (s.s) {
        case 'while': case 'do': case 'for': ok = false; return;
        case 'expr': ex(s.e); return;
        case 'init': ex(s.e); s.items?.forEach((it) => ex(it.e)); return;
        case 'if': ex(s.c); st(s.a); st(s.b); return;
        case 'block': s.list.forEach(st); return;
        case 'return': ex(s.e); return;
        case 'switch': ex(s.e); st(s.body); return;
        default: return;
      }
    };
    st(f.body);
    info.set(f.sym.name, { ok, callees });
  }
  // sync when ok and every callee is sync, with no cycle (recursion must be able to yield)
  const state = new Map<string, 'visiting' | boolean>();
  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 'visiting') return false;
    if (s !== undefined) return s;
    state.set(name, 'visiting');
    const i = info.get(name)!;
    let r = i.ok;
    for (const c of i.callees) if (!visit(c)) r = false;
    state.set(name, r);
    return r;
  };
  const out = new Set<string>();
  for (const f of fns) if (visit(f.sym.name)) out.add(f.sym.name);
  return out;
}

function kindOf(t: CType): string {
  if (t.k === 'float') return t.size === 4 ? 'g' : 'f';
  if (t.k === 'ptr' || t.k === 'arr') return 'p';
  if (t.k === 'void') return 'v';
  if (t.k === 'struct') return 's';
  if (t.k === 'int') return t.size === 8 ? (t.signed ? 'l' : 'L') : t.signed ? 'i' : 'I';
  return 'i';
}

function lit(v: number | bigint): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (Object.is(v, -0)) return '-0';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  return v < 0 ? `(${v})` : String(v);
}
