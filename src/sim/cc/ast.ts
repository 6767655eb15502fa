// The typed AST the parser produces and the code generator consumes. Every expression carries its C type;
// implicit conversions are explicit 'cast' nodes; member access and indexing are lowered to address
// arithmetic and 'deref'.
import type { Token } from './lex.ts';
import type { CType } from './types.ts';

export interface Sym {
  name: string;
  t: CType;
  kind: 'global' | 'local' | 'param' | 'fn' | 'enumconst' | 'typedef';
  id: number;
  loc: Token;
  /** Start column of the declaration (for -Wunused-parameter's range). */
  declCol?: number;
  addrTaken?: boolean;
  used?: boolean;
  set?: boolean;
  isStatic?: boolean;
  isExtern?: boolean;
  /** Functions: a body was given. Globals: a definition (not only extern). */
  defined?: boolean;
  /** enum constants. */
  value?: number;
  /** Globals: the initial bytes and relocations. */
  init?: GlobalInit;
  /** Functions declared implicitly (call before any declaration). */
  implicit?: boolean;
  /** Static locals live with the globals under a unique name. */
  staticLocal?: boolean;
  /** Function parameters that arrive in memory (their address is taken, or aggregates). */
  frameOff?: number;
}

export interface Reloc { off: number; kind: 'str' | 'sym'; target: number; add: number; }
export interface GlobalInit { bytes: Uint8Array; relocs: Reloc[]; }

export type Expr = { t: CType; tok: Token } & (
  | { e: 'num'; v: number | bigint }
  | { e: 'str'; id: number }
  | { e: 'var'; sym: Sym }
  | { e: 'deref'; a: Expr }
  | { e: 'addr'; x: Expr }
  | { e: 'un'; op: '-' | '~' | '!'; x: Expr }
  | { e: 'bin'; op: string; l: Expr; r: Expr }
  | { e: 'cmp'; op: string; l: Expr; r: Expr }
  | { e: 'ptradd'; p: Expr; i: Expr; size: number; sub: boolean }
  | { e: 'ptrdiff'; l: Expr; r: Expr; size: number }
  | { e: 'logic'; op: '&&' | '||'; l: Expr; r: Expr }
  | { e: 'cond'; c: Expr; a: Expr; b: Expr }
  | { e: 'assign'; op: string; l: Expr; r: Expr; opT?: CType; ptrSize?: number }
  | { e: 'incdec'; pre: boolean; inc: boolean; x: Expr; step: number }
  | { e: 'cast'; x: Expr }
  | { e: 'call'; f: Expr; args: Expr[]; ft: Extract<CType, { k: 'fn' }> }
  | { e: 'comma'; l: Expr; r: Expr }
  /** <stdarg.h>: va_start(ap, last), va_arg(ap, T) (the node's type is T), va_end(ap), va_copy(ap, src); `ap` is
   *  the va_list's address (the array decayed, or a va_list parameter). 'trap': va_arg of a promoted type, which
   *  gcc compiles to ud2 (SIGILL when reached). */
  | { e: 'va'; op: 'start' | 'arg' | 'end' | 'copy' | 'trap'; ap: Expr; src?: Expr }
  | { e: 'zero' } // an aggregate of zeros (void expression placeholder)
);

export type Stmt =
  | { s: 'expr'; e: Expr }
  | { s: 'init'; sym: Sym; e?: Expr; items?: { off: number; e: Expr; t: CType }[]; zero?: boolean; strBytes?: number[] }
  | { s: 'if'; c: Expr; a: Stmt; b?: Stmt }
  | { s: 'while'; c: Expr; body: Stmt }
  | { s: 'do'; c: Expr; body: Stmt }
  | { s: 'for'; init?: Stmt; c?: Expr; step?: Expr; body: Stmt }
  | { s: 'block'; list: Stmt[] }
  | { s: 'return'; e?: Expr; tok: Token }
  | { s: 'break' }
  | { s: 'continue' }
  | { s: 'switch'; e: Expr; body: Stmt }
  | { s: 'case'; v: number | bigint; tok: Token }
  | { s: 'default' }
  | { s: 'empty' };

export interface FnDef {
  sym: Sym;
  params: Sym[];
  locals: Sym[];
  body: Stmt;
  /** The function calls va_start (variadic user functions: not supported). */
  tok: Token;
}

export interface StrLit {
  bytes: number[];
  /** Made by a builtin fold from literal `after`: .rodata places it right after that one. */
  after?: number;
  /** A builtin fold took away every use: not emitted. */
  dead?: boolean;
}

export interface Unit {
  file: string;
  fns: FnDef[];
  globals: Sym[];
  strings: StrLit[];
  /** Functions called or referenced but not defined here (imports, or other objects' definitions). */
  externs: Sym[];
}
