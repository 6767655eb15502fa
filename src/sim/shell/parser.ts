// Recursive-descent parser for the bash grammar a student types: lists, and-or lists, pipelines, simple
// commands with assignments and redirections, compound commands (if, while/until, for, for ((;;)), case,
// { }, ( ), (( )), [[ ]]) and function definitions. Like bash, a script is parsed one complete command
// (one line's worth) at a time, so earlier lines run before a later syntax error is reported.
import type { AndOr, Assign, CaseItem, Command, CondExpr, List, Pipeline, Redir, RedirOp, Word } from './ast.ts';
import { Lexer, ParseError, isName, type Token } from './lexer.ts';

const REDIR_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '&>', '&>>', '<<', '<<-', '<<<']);
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for',
  'function', 'in', '{', '}', '!', '[[', ']]', 'time']);
const UNARY_TESTS = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w',
  '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-o', '-v']);
const BINARY_TESTS = new Set(['==', '=', '!=', '=~', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export class Parser {
  readonly lex: Lexer;
  private tok: Token | undefined;
  private lastEnd = 0;

  constructor(src: string, pos = 0, lineBase = 1) {
    this.lex = new Lexer(src, pos, subParse, lineBase);
    this.lastEnd = pos;
  }

  private peek(): Token { return (this.tok ??= this.lex.next()); }
  private take(): Token {
    const t = this.peek();
    this.tok = undefined;
    this.lastEnd = t.end;
    return t;
  }
  private line(t: Token) { return this.lex.lineAt(t.start); }

  private isWord(t: Token, w: string): boolean { return t.kind === 'word' && t.word.raw === w; }
  private isOp(t: Token, op: string): boolean { return t.kind === 'op' && t.op === op; }

  /** An error at token `t`: incomplete (interactive PS2) at end of input. */
  private unexpected(t: Token, expecting = ''): ParseError {
    if (t.kind === 'eof') {
      // bash counts the end of input as one more line; dash reports the last line
      const e = new ParseError('eof', '', this.lex.lineAt(this.lex.src.length) + (this.lex.src.endsWith('\n') ? 0 : 1), true, expecting);
      e.dashLine = this.lex.lineAt(this.lex.src.length);
      return e;
    }
    const text = t.kind === 'newline' ? 'newline' : t.kind === 'op' ? t.op : t.kind === 'io' ? String(t.fd) : t.word.raw;
    return new ParseError('token', text, this.line(t), false, expecting);
  }

  private skipNewlines() { while (this.peek().kind === 'newline') this.take(); }

  /** The next complete command of a script or -c string, or null at the end. */
  next(): List | null {
    this.skipNewlines();
    if (this.peek().kind === 'eof') return null;
    const list = this.lineList();
    const t = this.peek();
    if (t.kind === 'newline') this.take();
    else if (t.kind !== 'eof') throw this.unexpected(t);
    return list;
  }

  /** The body of $(...): a compound list up to the matching ')', which is consumed. */
  parseUntilParen(): List {
    const body = this.compoundList([], true);
    const t = this.peek();
    if (t.kind !== 'op' || t.op !== ')') throw this.unexpected(t);
    this.tok = undefined;
    return body;
  }

  /** Everything in the input (an interactive shell's accumulated lines). */
  all(): List[] {
    const out: List[] = [];
    for (let l = this.next(); l; l = this.next()) out.push(l);
    return out;
  }

  /** A list ended by a newline (a complete command). */
  private lineList(): List {
    const items: List['items'] = [];
    for (;;) {
      const andor = this.andOr();
      const t = this.peek();
      if (this.isOp(t, ';') || this.isOp(t, '&')) {
        this.take();
        items.push({ andor, async: t.kind === 'op' && t.op === '&' });
        const n = this.peek();
        if (n.kind === 'newline' || n.kind === 'eof') break;
        continue;
      }
      items.push({ andor, async: false });
      break;
    }
    return { items };
  }

  /** compound_list: and-or lists separated by ; & or newlines, up to one of `stops` (not consumed). */
  private compoundList(stops: string[], allowEmpty = false): List {
    const items: List['items'] = [];
    this.skipNewlines();
    for (;;) {
      const t = this.peek();
      if (this.isStop(t, stops)) break;
      const andor = this.andOr();
      const s = this.peek();
      if (this.isOp(s, ';') || this.isOp(s, '&')) {
        this.take();
        items.push({ andor, async: s.kind === 'op' && s.op === '&' });
        this.skipNewlines();
        continue;
      }
      if (s.kind === 'newline') { this.take(); items.push({ andor, async: false }); this.skipNewlines(); continue; }
      items.push({ andor, async: false });
      break;
    }
    if (!items.length && !allowEmpty) throw this.unexpected(this.peek(), stops[stops.length - 1]);
    return { items };
  }

  private isStop(t: Token, stops: string[]): boolean {
    if (t.kind === 'eof') return true;
    if (t.kind === 'op') return [')', ';;', ';&', ';;&'].includes(t.op);
    return t.kind === 'word' && stops.includes(t.word.raw);
  }

  private andOr(): AndOr {
    const start = this.peek().start;
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (!(this.isOp(t, '&&') || this.isOp(t, '||'))) break;
      this.take();
      this.skipNewlines();
      rest.push({ op: (t as { op: '&&' | '||' }).op, pipe: this.pipeline() });
    }
    return { first, rest, src: this.lex.src.slice(start, this.lastEnd) };
  }

  private pipeline(): Pipeline {
    const start = this.peek().start;
    let time: Pipeline['time'] = false;
    let bang = false;
    if (this.isWord(this.peek(), 'time')) {
      this.take();
      time = 'bash';
      if (this.isWord(this.peek(), '-p')) { this.take(); time = 'posix'; }
    }
    while (this.isWord(this.peek(), '!')) { this.take(); bang = !bang; }
    const cmds: Command[] = [];
    const t = this.peek();
    if (time && (t.kind === 'newline' || t.kind === 'eof' || this.isOp(t, ';') || this.isOp(t, '&'))) {
      return { cmds, bang, time, src: '' };
    }
    cmds.push(this.command());
    for (;;) {
      const p = this.peek();
      if (!(this.isOp(p, '|') || this.isOp(p, '|&'))) break;
      this.take();
      if (p.kind === 'op' && p.op === '|&') {
        cmds[cmds.length - 1]!.redirs.push({ fd: 2, op: '>&', target: { parts: [{ t: 'lit', v: '1' }], raw: '1' } });
      }
      this.skipNewlines();
      cmds.push(this.command());
    }
    return { cmds, bang, time, src: this.lex.src.slice(start, this.lastEnd) };
  }

  private command(): Command {
    const t = this.peek();
    const line = this.line(t);
    if (t.kind === 'eof') throw this.unexpected(t);
    if (t.kind === 'op' && t.op === '(') {
      this.take();
      if (this.lex.src[t.end] === '(' && this.peek().kind === 'op' && (this.peek() as { op: string }).op === '(') {
        const arith = this.tryArithCommand(t.end + 1, line);
        if (arith) return arith;
      }
      const body = this.compoundList([')']);
      this.expectOp(')');
      return { type: 'subshell', body, redirs: this.redirs(), line };
    }
    if (t.kind === 'word') {
      switch (t.word.raw) {
        case '{': {
          this.take();
          const body = this.compoundList(['}']);
          this.expectWord('}');
          return { type: 'group', body, redirs: this.redirs(), line };
        }
        case 'if': return this.ifCommand(line);
        case 'while': case 'until': {
          this.take();
          const cond = this.compoundList(['do']);
          this.expectWord('do');
          const body = this.compoundList(['done']);
          this.expectWord('done');
          return { type: 'loop', until: t.word.raw === 'until', cond, body, redirs: this.redirs(), line };
        }
        case 'for': return this.forCommand(line);
        case 'case': return this.caseCommand(line);
        case 'function': {
          this.take();
          const n = this.take();
          if (n.kind !== 'word') throw this.unexpected(n);
          if (this.isOp(this.peek(), '(')) { this.take(); this.expectOp(')'); }
          return this.funcBody(n.word.raw, line, t.start);
        }
        case '[[': return this.condCommand(line);
        case 'then': case 'else': case 'elif': case 'fi': case 'do': case 'done': case 'esac': case '}': case 'in':
        case ']]':
          throw this.unexpected(t);
      }
      // name () compound-command
      if (isName(t.word.raw) || /^[^\s'"$`=]+$/.test(t.word.raw)) {
        const save = { pos: this.lex.pos, tok: this.tok };
        this.take();
        if (this.isOp(this.peek(), '(')) {
          this.take();
          this.expectOp(')');
          return this.funcBody(t.word.raw, line, t.start);
        }
        // not a function: rewind (the lexer is positional; here-documents are not involved before a '(')
        this.lex.pos = save.pos;
        this.tok = save.tok;
      }
    }
    if (t.kind === 'word' || t.kind === 'io' || (t.kind === 'op' && REDIR_OPS.has(t.op))) return this.simple(line);
    throw this.unexpected(t);
  }

  private funcBody(name: string, line: number, start: number): Command {
    this.skipNewlines();
    const body = this.command();
    if (body.type === 'simple') throw this.unexpected({ kind: 'word', word: body.words[0] ?? { parts: [], raw: '' }, start: 0, end: 0 });
    return { type: 'func', name, body, redirs: [], line, src: this.lex.src.slice(start, this.lastEnd) };
  }

  private tryArithCommand(from: number, line: number): Command | undefined {
    const s = this.lex.src;
    let depth = 0;
    for (let i = from; i < s.length; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')') {
        if (depth > 0) { depth--; continue; }
        if (s[i + 1] !== ')') return undefined;
        this.tok = undefined;
        this.lex.pos = i + 2;
        this.lastEnd = i + 2;
        return { type: 'arith', expr: this.lex.template(s.slice(from, i), 'arith'), redirs: this.redirs(), line };
      }
    }
    this.lex.pos = s.length;
    this.tok = undefined;
    throw new ParseError('eof', '', this.lex.lineAt(s.length), true, '))');
  }

  private expectWord(w: string) {
    const t = this.peek();
    if (!this.isWord(t, w)) throw this.unexpected(t, w);
    this.take();
  }
  private expectOp(op: string) {
    const t = this.peek();
    if (!this.isOp(t, op)) throw this.unexpected(t, op);
    this.take();
  }

  private ifCommand(line: number): Command {
    this.take();
    const clauses: { cond: List; body: List }[] = [];
    let elseBody: List | null = null;
    for (;;) {
      const cond = this.compoundList(['then']);
      this.expectWord('then');
      const body = this.compoundList(['elif', 'else', 'fi']);
      clauses.push({ cond, body });
      const t = this.peek();
      if (this.isWord(t, 'elif')) { this.take(); continue; }
      if (this.isWord(t, 'else')) { this.take(); elseBody = this.compoundList(['fi']); }
      this.expectWord('fi');
      break;
    }
    return { type: 'if', clauses, elseBody, redirs: this.redirs(), line };
  }

  private forCommand(line: number): Command {
    this.take();
    const t = this.peek();
    if (this.isOp(t, '(') && this.lex.src[t.end] === '(') {
      this.take();
      const s = this.lex.src;
      let depth = 0;
      let i = t.end + 1;
      for (; i < s.length; i++) {
        if (s[i] === '(') depth++;
        else if (s[i] === ')') { if (depth === 0) break; depth--; }
      }
      if (i >= s.length || s[i + 1] !== ')') { this.lex.pos = s.length; this.tok = undefined; throw new ParseError('eof', '', this.lex.lineAt(s.length), true, '))'); }
      const inner = s.slice(t.end + 1, i).split(';');
      if (inner.length !== 3) throw new ParseError('token', '(', line, false);
      this.tok = undefined;
      this.lex.pos = i + 2;
      const [init, cond, step] = inner.map((x) => this.lex.template(x, 'arith')) as [Word, Word, Word];
      const n = this.peek();
      if (this.isOp(n, ';')) this.take();
      this.skipNewlines();
      const body = this.loopBody();
      return { type: 'arithfor', init, cond, step, body, redirs: this.redirs(), line };
    }
    const n = this.take();
    if (n.kind !== 'word' || !isName(n.word.raw)) throw this.unexpected(n);
    let words: Word[] | null = null;
    this.skipNewlines();
    if (this.isWord(this.peek(), 'in')) {
      this.take();
      words = [];
      for (;;) {
        const w = this.peek();
        if (w.kind !== 'word') break;
        words.push(w.word);
        this.take();
      }
      const s = this.peek();
      if (this.isOp(s, ';') || s.kind === 'newline') this.take();
      else throw this.unexpected(s);
    } else if (this.isOp(this.peek(), ';')) this.take();
    this.skipNewlines();
    const body = this.loopBody();
    return { type: 'for', name: n.word.raw, words, body, redirs: this.redirs(), line };
  }

  /** do ... done (bash also accepts { ... } as a for body). */
  private loopBody(): List {
    if (this.isWord(this.peek(), '{')) {
      this.take();
      const body = this.compoundList(['}']);
      this.expectWord('}');
      return body;
    }
    this.expectWord('do');
    const body = this.compoundList(['done']);
    this.expectWord('done');
    return body;
  }

  private caseCommand(line: number): Command {
    this.take();
    const w = this.take();
    if (w.kind !== 'word') throw this.unexpected(w);
    this.skipNewlines();
    this.expectWord('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      let t = this.peek();
      if (this.isWord(t, 'esac')) { this.take(); break; }
      if (this.isOp(t, '(')) { this.take(); t = this.peek(); }
      const patterns: Word[] = [];
      for (;;) {
        const p = this.take();
        if (p.kind !== 'word') throw this.unexpected(p, 'esac');
        patterns.push(p.word);
        if (this.isOp(this.peek(), '|')) { this.take(); continue; }
        break;
      }
      this.expectOp(')');
      const body = this.compoundList(['esac'], true);
      const s = this.peek();
      let term: CaseItem['term'] = ';;';
      if (s.kind === 'op' && (s.op === ';;' || s.op === ';&' || s.op === ';;&')) { this.take(); term = s.op; }
      else if (!this.isWord(s, 'esac')) throw this.unexpected(s, 'esac');
      items.push({ patterns, body, term });
    }
    return { type: 'case', word: w.word, items, redirs: this.redirs(), line };
  }

  private condCommand(line: number): Command {
    this.take();
    const expr = this.condOr();
    this.expectWord(']]');
    return { type: 'cond', expr, redirs: this.redirs(), line };
  }
  private condOr(): CondExpr {
    let l = this.condAnd();
    while (this.isOp(this.peek(), '||')) { this.take(); this.skipNewlines(); l = { op: 'or', l, r: this.condAnd() }; }
    return l;
  }
  private condAnd(): CondExpr {
    let l = this.condNot();
    while (this.isOp(this.peek(), '&&')) { this.take(); this.skipNewlines(); l = { op: 'and', l, r: this.condNot() }; }
    return l;
  }
  private condNot(): CondExpr {
    if (this.isWord(this.peek(), '!')) { this.take(); return { op: 'not', e: this.condNot() }; }
    return this.condPrimary();
  }
  private condPrimary(): CondExpr {
    const t = this.peek();
    if (this.isOp(t, '(')) {
      this.take();
      const e = this.condOr();
      this.expectOp(')');
      return e;
    }
    if (t.kind !== 'word' || t.word.raw === ']]') throw this.unexpected(t);
    this.take();
    const n = this.peek();
    if (UNARY_TESTS.has(t.word.raw) && n.kind === 'word' && n.word.raw !== ']]') {
      this.take();
      return { op: 'unary', flag: t.word.raw, arg: n.word };
    }
    if ((n.kind === 'word' && BINARY_TESTS.has(n.word.raw)) || this.isOp(n, '<') || this.isOp(n, '>')) {
      this.take();
      const cmp = n.kind === 'word' ? n.word.raw : (n as { op: string }).op;
      const r = cmp === '=~' ? this.regexWord() : this.take();
      if (r.kind !== 'word') throw this.unexpected(r);
      return { op: 'binary', cmp, l: t.word, r: r.word };
    }
    return { op: 'word', w: t.word };
  }
  /** The right side of =~: bash reads it up to blanks, with ( ) | taken literally. */
  private regexWord(): Token {
    this.tok = undefined;
    const s = this.lex.src;
    let i = this.lex.pos;
    while (s[i] === ' ' || s[i] === '\t') i++;
    const start = i;
    let depth = 0;
    let text = '';
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '\\' && i + 1 < s.length) { text += c + s[i + 1]; i++; continue; }
      if (c === '(') depth++;
      if (c === ')') { if (depth === 0) break; depth--; }
      if (depth === 0 && (c === ' ' || c === '\t' || c === '\n')) break;
      text += c;
    }
    // Re-lex the text as a word (quotes inside it still quote).
    const sub = new Lexer(text, 0, subParse, this.lex.lineAt(start));
    const tok = sub.next();
    this.lex.pos = i;
    this.lastEnd = i;
    if (tok.kind !== 'word') return { kind: 'word', word: { parts: [{ t: 'lit', v: text }], raw: text }, start, end: i };
    return { kind: 'word', word: tok.kind === 'word' && sub.pos === text.length ? tok.word : { parts: [{ t: 'lit', v: text }], raw: text }, start, end: i };
  }

  private simple(line: number): Command {
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'io') {
        this.take();
        const op = this.peek();
        if (op.kind !== 'op' || !REDIR_OPS.has(op.op)) throw this.unexpected(op);
        redirs.push(this.redir(t.fd));
        continue;
      }
      if (t.kind === 'op' && REDIR_OPS.has(t.op)) { redirs.push(this.redir(undefined)); continue; }
      if (t.kind !== 'word') break;
      if (!words.length) {
        const a = asAssignment(t.word);
        if (a) { assigns.push(a); this.take(); continue; }
      }
      words.push(t.word);
      this.take();
    }
    return { type: 'simple', assigns, words, redirs, line };
  }

  private redirs(): Redir[] {
    const out: Redir[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'io') { this.take(); out.push(this.redir(t.fd)); continue; }
      if (t.kind === 'op' && REDIR_OPS.has(t.op)) { out.push(this.redir(undefined)); continue; }
      return out;
    }
  }

  private redir(fd: number | undefined): Redir {
    const op = (this.take() as { op: string }).op as RedirOp;
    const t = this.peek();
    if (t.kind !== 'word') {
      if (t.kind === 'eof') throw new ParseError('token', 'newline', this.line(t), false);
      throw this.unexpected(t);
    }
    this.take();
    if (op === '<<' || op === '<<-') {
      const quoted = t.word.parts.some((p) => p.t !== 'lit');
      const delim = unquotedText(t.word);
      const heredoc = { delim, quoted, strip: op === '<<-', body: null };
      this.lex.pending.push(heredoc);
      return { fd, op, target: t.word, heredoc };
    }
    return { fd, op, target: t.word };
  }
}

/** Parses text where only $, ` and \ are special (prompt strings after escape decoding). */
export function parseTemplate(text: string): Word {
  return new Parser(text).lex.template(text, 'heredoc');
}

/** The text of a word with its quotes removed (here-document delimiters). */
function unquotedText(w: Word): string {
  let s = '';
  for (const p of w.parts) {
    if (p.t === 'lit' || p.t === 'sq') s += p.v;
    else if (p.t === 'dq') s += unquotedText({ parts: p.parts, raw: '' });
    else if (p.t === 'param') s += '$' + p.name;
  }
  return s;
}

/** NAME=value / NAME+=value at the start of a simple command. */
function asAssignment(w: Word): Assign | undefined {
  const first = w.parts[0];
  if (!first || first.t !== 'lit') return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?(\+?)=/.exec(first.v);
  if (!m) return undefined;
  const rest = first.v.slice(m[0].length);
  const parts = rest ? [{ t: 'lit' as const, v: rest }, ...w.parts.slice(1)] : w.parts.slice(1);
  return { name: m[1]! + (m[2] ?? ''), value: { parts, raw: w.raw.slice(m[0].length) }, append: m[3] === '+' };
}

/** The lexer's hook for $(...): parse a compound list up to the matching ')'. */
function subParse(src: string, pos: number, lineBase: number): { body: List; end: number } {
  const p = new Parser(src, pos, lineBase);
  const body = p.parseUntilParen();
  return { body, end: p.lex.pos };
}

export { ParseError, RESERVED };
