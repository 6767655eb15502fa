// Shell arithmetic ($((...)), ((...)), let, for ((;;))): bash's C-like expressions over 64-bit signed
// integers, with every C operator, assignment operators, ++/--, ** and base#number constants. Variables
// holding expressions are evaluated recursively, as bash does. Errors carry bash's wording.

export interface ArithEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

export class ArithError extends Error {
  /** The whole expression and the text from the failing token on (bash: "(error token is "...")"). */
  readonly expr: string;
  readonly token: string;
  readonly what: string;
  constructor(expr: string, what: string, token: string) {
    super(`${expr}: ${what} (error token is "${token}")`);
    this.expr = expr;
    this.what = what;
    this.token = token;
  }
}

type Node =
  | { k: 'num'; v: bigint; pos: number }
  | { k: 'var'; name: string; pos: number }
  | { k: 'un'; op: string; e: Node }
  | { k: 'pre' | 'post'; op: '++' | '--'; name: string }
  | { k: 'bin'; op: string; l: Node; r: Node; at: number }
  | { k: 'assign'; op: string; name: string; e: Node }
  | { k: 'cond'; c: Node; t: Node; f: Node }
  | { k: 'comma'; l: Node; r: Node };

const OPS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=',
  '&=', '^=', '|=', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '=', '(', ')', ','];

interface Tok { t: 'num' | 'id' | 'op' | 'end'; v: string; at: number; }

const wrap = (n: bigint) => BigInt.asIntN(64, n);
/** bash reports the expression with leading blanks removed (trailing ones kept: "1/0 "). */
const lstrip = (s: string) => s.replace(/^\s+/, '');

export function evalArith(expr: string, env: ArithEnv, depth = 0): bigint {
  if (depth > 64) throw new ArithError(expr, 'expression recursion level exceeded', lstrip(expr));
  const toks = tokenize(expr);
  let i = 0;
  const peek = () => toks[i]!;
  const rest = (t: Tok) => expr.slice(t.at);
  const fail = (what: string, t: Tok = peek()): never => {
    throw new ArithError(lstrip(expr), what, t.t === 'end' ? lastTokText() : rest(t));
  };
  const lastTokText = () => { const t = toks[Math.max(0, i - 1)]!; return t.t === 'end' ? '' : rest(t); };
  const isOp = (v: string) => peek().t === 'op' && peek().v === v;
  const take = () => toks[i++]!;

  if (toks.length === 1) return 0n; // empty expression is 0

  const comma = (): Node => {
    let l = assign();
    while (isOp(',')) { take(); l = { k: 'comma', l, r: assign() }; }
    return l;
  };
  const assign = (): Node => {
    const t = peek();
    const n = toks[i + 1];
    if (t.t === 'id' && n && n.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '^=', '|='].includes(n.v)) {
      i += 2;
      return { k: 'assign', op: n.v, name: t.v, e: assign() };
    }
    return ternary();
  };
  const ternary = (): Node => {
    const c = binary(0);
    if (!isOp('?')) return c;
    take();
    const t = comma();
    if (!isOp(':')) fail("`:' expected for conditional expression");
    take();
    const f = assign();
    return { k: 'cond', c, t, f };
  };
  const LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  const binary = (level: number): Node => {
    if (level === LEVELS.length) return power();
    let l = binary(level + 1);
    for (;;) {
      const t = peek();
      if (t.t !== 'op' || !LEVELS[level]!.includes(t.v)) return l;
      take();
      if (peek().t === 'end') fail('syntax error: operand expected', t);
      l = { k: 'bin', op: t.v, l, r: binary(level + 1), at: t.at };
    }
  };
  const power = (): Node => {
    const l = unary();
    if (isOp('**')) {
      const t = take();
      return { k: 'bin', op: '**', l, r: power(), at: t.at };
    }
    return l;
  };
  const unary = (): Node => {
    const t = peek();
    if (t.t === 'op') {
      if (t.v === '++' || t.v === '--') {
        take();
        const n = peek();
        if (n.t !== 'id') {
          // "--5" is two negations in bash
          return { k: 'un', op: t.v[0]!, e: { k: 'un', op: t.v[0]!, e: unary() } };
        }
        take();
        return { k: 'pre', op: t.v, name: n.v };
      }
      if (['-', '+', '!', '~'].includes(t.v)) { take(); return { k: 'un', op: t.v, e: unary() }; }
    }
    return postfix();
  };
  const postfix = (): Node => {
    const t = peek();
    if (t.t === 'id') {
      take();
      if (isOp('++') || isOp('--')) return { k: 'post', op: take().v as '++' | '--', name: t.v };
      return { k: 'var', name: t.v, pos: t.at };
    }
    if (t.t === 'num') { take(); return { k: 'num', v: parseNumber(t.v, expr, t), pos: t.at }; }
    if (isOp('(')) {
      take();
      const e = comma();
      if (!isOp(')')) fail("missing `)'");
      take();
      return e;
    }
    return fail('syntax error: operand expected');
  };

  const tree = comma();
  if (peek().t !== 'end') fail('syntax error in expression');

  const value = (name: string): bigint => {
    const v = env.get(name);
    if (v === undefined || v.trim() === '') return 0n;
    const s = v.trim();
    if (/^-?\d+$/.test(s)) return wrap(BigInt(s));
    return evalArith(v, env, depth + 1);
  };
  const store = (name: string, v: bigint) => { env.set(name, String(v)); return v; };
  const ev = (n: Node): bigint => {
    switch (n.k) {
      case 'num': return n.v;
      case 'var': return value(n.name);
      case 'pre': return store(n.name, wrap(value(n.name) + (n.op === '++' ? 1n : -1n)));
      case 'post': { const v = value(n.name); store(n.name, wrap(v + (n.op === '++' ? 1n : -1n))); return v; }
      case 'un': {
        const v = ev(n.e);
        switch (n.op) {
          case '-': return wrap(-v);
          case '+': return v;
          case '!': return v === 0n ? 1n : 0n;
          default: return wrap(~v);
        }
      }
      case 'comma': ev(n.l); return ev(n.r);
      case 'cond': return ev(n.c) !== 0n ? ev(n.t) : ev(n.f);
      case 'assign': {
        const r = ev(n.e);
        if (n.op === '=') return store(n.name, r);
        return store(n.name, binop(n.op.slice(0, -1), value(n.name), r, expr, n.e));
      }
      case 'bin': {
        if (n.op === '&&') return ev(n.l) !== 0n && ev(n.r) !== 0n ? 1n : 0n;
        if (n.op === '||') return ev(n.l) !== 0n || ev(n.r) !== 0n ? 1n : 0n;
        return binop(n.op, ev(n.l), ev(n.r), expr, n.r);
      }
    }
  };
  return ev(tree);
}

/** The error token of a failed operation: the text from its right operand on. */
function rightText(expr: string, n: Node): string {
  const at = 'at' in n && typeof n.at === 'number' ? n.at : (n as { pos?: number }).pos;
  return at === undefined ? '' : expr.slice(at);
}

function binop(op: string, a: bigint, b: bigint, expr: string, right: Node): bigint {
  switch (op) {
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(a * b);
    case '/': case '%':
      if (b === 0n) throw new ArithError(lstrip(expr), 'division by 0', rightText(expr, right));
      if (a === -(2n ** 63n) && b === -1n) return op === '/' ? a : 0n;
      return wrap(op === '/' ? a / b : a % b);
    case '**':
      if (b < 0n) throw new ArithError(lstrip(expr), 'exponent less than 0', rightText(expr, right));
      return wrap(a ** b);
    case '<<': return wrap(a << (b & 63n));
    case '>>': return wrap(a >> (b & 63n));
    case '<': return a < b ? 1n : 0n;
    case '>': return a > b ? 1n : 0n;
    case '<=': return a <= b ? 1n : 0n;
    case '>=': return a >= b ? 1n : 0n;
    case '==': return a === b ? 1n : 0n;
    case '!=': return a !== b ? 1n : 0n;
    case '&': return wrap(a & b);
    case '|': return wrap(a | b);
    case '^': return wrap(a ^ b);
  }
  throw new Error(`arith: unknown operator ${op}`);
}

function tokenize(expr: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9A-Za-z_@#]*/.exec(expr.slice(i))!;
      out.push({ t: 'num', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i))!;
      out.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) {
      throw new ArithError(lstrip(expr), 'syntax error: invalid arithmetic operator', expr.slice(i));
    }
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  out.push({ t: 'end', v: '', at: expr.length });
  return out;
}

function parseNumber(s: string, expr: string, t: Tok): bigint {
  const bad = (): never => { throw new ArithError(lstrip(expr), 'value too great for base', expr.slice(t.at)); };
  let m: RegExpExecArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(s))) return wrap(BigInt('0x' + m[1]));
  if ((m = /^(\d+)#([0-9A-Za-z@_]+)$/.exec(s))) {
    const base = Number(m[1]);
    if (base < 2 || base > 64) throw new ArithError(lstrip(expr), 'invalid arithmetic base', expr.slice(t.at));
    let v = 0n;
    for (const ch of m[2]!) {
      let d: number;
      if (/[0-9]/.test(ch)) d = ch.charCodeAt(0) - 48;
      else if (/[a-z]/.test(ch)) d = ch.charCodeAt(0) - 97 + 10;
      else if (/[A-Z]/.test(ch)) d = ch.charCodeAt(0) - 65 + (base <= 36 ? 10 : 36);
      else d = ch === '@' ? 62 : 63;
      if (d >= base) bad();
      v = v * BigInt(base) + BigInt(d);
    }
    return wrap(v);
  }
  if (/^0[0-7]*$/.test(s)) return wrap(BigInt('0o' + (s.slice(1) || '0')));
  if (/^0\d+$/.test(s)) bad();
  if (/^\d+$/.test(s)) return wrap(BigInt(s));
  return bad();
}
