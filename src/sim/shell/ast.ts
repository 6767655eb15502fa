// The shell's syntax tree. Words keep their quoting structure (parts) so that expansion can tell quoted text
// (never split or globbed) from unquoted text, as POSIX word expansion requires.

export interface Word {
  parts: Part[];
  /** The word as typed (reserved-word checks, job texts, error messages such as "ambiguous redirect"). */
  raw: string;
}

export type Part =
  /** Unquoted text: subject to tilde expansion (at the start), globbing. */
  | { t: 'lit'; v: string }
  /** Quoted text ('...', $'...', \c, the literal text inside "..."): taken as is. */
  | { t: 'sq'; v: string }
  | { t: 'dq'; parts: Part[] }
  /** $name, ${name}, ${name<op><arg>}; op '' for none, 'len' for ${#name}, 'sub' for ${name:off:len}. */
  | { t: 'param'; name: string; op: string; arg?: Word; arg2?: Word; indirect?: boolean }
  /** $(...) or `...`. */
  | { t: 'cmd'; body: List; src: string }
  /** $((...)): the expression text is itself expanded (parameters, command substitutions) first. */
  | { t: 'arith'; expr: Word };

export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

export interface Heredoc {
  delim: string;
  quoted: boolean;
  strip: boolean;
  /** Filled in by the lexer once it reaches the body (after the next newline). */
  body: Word | null;
}

export interface Redir {
  /** The fd written before the operator (2>), or undefined for the operator's default. */
  fd: number | undefined;
  op: RedirOp;
  target: Word;
  heredoc?: Heredoc;
}

export interface Assign { name: string; value: Word; append: boolean; }

interface Base { redirs: Redir[]; line: number; }

export type Command =
  | ({ type: 'simple'; assigns: Assign[]; words: Word[] } & Base)
  | ({ type: 'subshell'; body: List } & Base)
  | ({ type: 'group'; body: List } & Base)
  | ({ type: 'if'; clauses: { cond: List; body: List }[]; elseBody: List | null } & Base)
  | ({ type: 'loop'; until: boolean; cond: List; body: List } & Base)
  | ({ type: 'for'; name: string; words: Word[] | null; body: List } & Base)
  | ({ type: 'arithfor'; init: Word; cond: Word; step: Word; body: List } & Base)
  | ({ type: 'case'; word: Word; items: CaseItem[] } & Base)
  | ({ type: 'func'; name: string; body: Command; src: string } & Base)
  | ({ type: 'arith'; expr: Word } & Base)
  | ({ type: 'cond'; expr: CondExpr } & Base);

export interface CaseItem { patterns: Word[]; body: List; term: ';;' | ';&' | ';;&'; }

export type CondExpr =
  | { op: 'and' | 'or'; l: CondExpr; r: CondExpr }
  | { op: 'not'; e: CondExpr }
  | { op: 'unary'; flag: string; arg: Word }
  | { op: 'binary'; cmp: string; l: Word; r: Word }
  | { op: 'word'; w: Word };

export interface Pipeline {
  cmds: Command[];
  bang: boolean;
  /** `time` keyword (with -p: POSIX format). */
  time: false | 'bash' | 'posix';
  /** The source text (job listings, `time` has none). */
  src: string;
}

export interface AndOr { first: Pipeline; rest: { op: '&&' | '||'; pipe: Pipeline }[]; src: string; }

export interface List { items: { andor: AndOr; async: boolean }[]; }
