// The shell's tokenizer. Shell lexing depends on context (quotes, $(...) nesting, here-documents), so the
// lexer scans the source on demand: the parser asks for the next token, and words come out already split
// into quoted/unquoted parts. $(...) bodies are parsed by the parser itself (bash does the same: it runs
// the parser recursively to find the closing parenthesis), through the `subParse` hook.
import type { Heredoc, List, Part, Word } from './ast.ts';

export type Token =
  | { kind: 'word'; word: Word; start: number; end: number }
  | { kind: 'op'; op: string; start: number; end: number }
  /** A number right before a redirection operator (2>, 10<). */
  | { kind: 'io'; fd: number; start: number; end: number }
  | { kind: 'newline'; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

/** A syntax error. `incomplete` means more input could complete it (an interactive shell then prompts PS2). */
export class ParseError extends Error {
  readonly incomplete: boolean;
  /** 'token': near unexpected token; 'eof': unexpected end of file; 'quote': unterminated quote; 'other'. */
  readonly kind: 'token' | 'eof' | 'quote' | 'other';
  readonly token: string;
  /** What dash says it was expecting at end of file ("fi", "done"). */
  readonly expecting: string;
  line: number;
  /** dash's line for the error (end of file: the last line, not the one after). */
  dashLine: number | undefined;
  constructor(kind: 'token' | 'eof' | 'quote' | 'other', token: string, line: number, incomplete: boolean, expecting = '') {
    super(kind === 'token' ? `syntax error near unexpected token \`${token}'`
      : kind === 'eof' ? 'syntax error: unexpected end of file'
        : kind === 'quote' ? `unexpected EOF while looking for matching \`${token}'` : token);
    this.kind = kind;
    this.token = token;
    this.line = line;
    this.incomplete = incomplete;
    this.expecting = expecting;
  }
}

const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const OPS = ['&>>', ';;&', '<<<', '<<-', '&&', '||', ';;', ';&', '|&', '<<', '>>', '<&', '>&', '<>', '>|', '&>',
  ';', '&', '|', '<', '>', '(', ')'];

export const isName = (s: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);

export type SubParse = (src: string, pos: number, lineBase: number) => { body: List; end: number };

export class Lexer {
  readonly src: string;
  pos: number;
  readonly subParse: SubParse;
  private readonly lineBase: number;
  /** Here-documents whose bodies start after the next newline. */
  pending: Heredoc[] = [];
  constructor(src: string, pos: number, subParse: SubParse, lineBase = 1) {
    this.src = src;
    this.pos = pos;
    this.subParse = subParse;
    this.lineBase = lineBase;
  }

  /** The line number (1-based) of a source position. */
  lineAt(pos: number): number {
    let n = this.lineBase;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) n++;
    return n;
  }

  private err(kind: 'token' | 'eof' | 'quote', token: string, incomplete: boolean): ParseError {
    return new ParseError(kind, token, this.lineAt(this.pos), incomplete);
  }

  /** Skips blanks, line continuations and comments. */
  private skipBlanks() {
    const s = this.src;
    for (;;) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t') { this.pos++; continue; }
      if (c === '\\' && s[this.pos + 1] === '\n') { this.pos += 2; continue; }
      if (c === '#') { while (this.pos < s.length && s[this.pos] !== '\n') this.pos++; continue; }
      return;
    }
  }

  next(): Token {
    this.skipBlanks();
    const s = this.src;
    const start = this.pos;
    if (this.pos >= s.length) {
      if (this.pending.length) this.readHeredocBodies();
      return { kind: 'eof', start, end: start };
    }
    const c = s[this.pos]!;
    if (c === '\n') {
      this.pos++;
      if (this.pending.length) this.readHeredocBodies();
      return { kind: 'newline', start, end: this.pos };
    }
    if (META.has(c)) {
      for (const op of OPS) {
        if (s.startsWith(op, this.pos)) { this.pos += op.length; return { kind: 'op', op, start, end: this.pos }; }
      }
    }
    // An all-digit word right before < or > is the fd of a redirection.
    const m = /^\d+(?=[<>])/.exec(s.slice(this.pos, this.pos + 12));
    if (m) { this.pos += m[0].length; return { kind: 'io', fd: Number(m[0]), start, end: this.pos }; }
    const word = this.readWord();
    return { kind: 'word', word, start, end: this.pos };
  }

  // ---- words ---------------------------------------------------------------------------------------------
  private readWord(): Word {
    const s = this.src;
    const start = this.pos;
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: 'lit', v: lit }); lit = ''; } };
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (META.has(c)) {
        // name=( ... ) array assignment: kept literally as one word (arrays are parsed by the executor).
        if (c === '(' && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(lit) && parts.length === 0) {
          const end = this.matchParen(this.pos);
          lit += s.slice(this.pos, end);
          this.pos = end;
          continue;
        }
        break;
      }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') { this.pos += 2; continue; }
        flush();
        if (n === undefined) { parts.push({ t: 'lit', v: '\\' }); this.pos++; continue; }
        parts.push({ t: 'sq', v: n });
        this.pos += 2;
        continue;
      }
      if (c === "'") {
        flush();
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) { this.pos = s.length; throw this.err('quote', "'", true); }
        parts.push({ t: 'sq', v: s.slice(this.pos + 1, end) });
        this.pos = end + 1;
        continue;
      }
      if (c === '"') { flush(); this.pos++; parts.push({ t: 'dq', parts: this.readDq() }); continue; }
      if (c === '$') {
        const p = this.readDollar(false);
        if (p) { flush(); parts.push(p); } else { lit += '$'; }
        continue;
      }
      if (c === '`') { flush(); parts.push(this.readBackquote(false)); continue; }
      lit += c;
      this.pos++;
    }
    flush();
    return { parts, raw: s.slice(start, this.pos) };
  }

  /** Finds the end of a balanced (...) starting at `pos` (quotes respected); returns the index after ')'. */
  private matchParen(pos: number): number {
    const s = this.src;
    let depth = 0;
    for (let i = pos; i < s.length; i++) {
      const c = s[i];
      if (c === '\\') { i++; continue; }
      if (c === "'") { const e = s.indexOf("'", i + 1); if (e < 0) break; i = e; continue; }
      if (c === '"') { i++; while (i < s.length && s[i] !== '"') { if (s[i] === '\\') i++; i++; } continue; }
      if (c === '(') depth++;
      else if (c === ')') { depth--; if (depth === 0) return i + 1; }
    }
    this.pos = s.length;
    throw this.err('token', '(', true);
  }

  /** Inside "...": returns the parts up to the closing quote (consumed). */
  private readDq(): Part[] {
    const s = this.src;
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: 'sq', v: lit }); lit = ''; } };
    for (;;) {
      if (this.pos >= s.length) throw this.err('quote', '"', true);
      const c = s[this.pos]!;
      if (c === '"') { this.pos++; break; }
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') { this.pos += 2; continue; }
        // In double quotes a backslash only escapes $ ` " \ and newline (bash(1) QUOTING).
        if (n !== undefined && '$`"\\'.includes(n)) { lit += n; this.pos += 2; continue; }
        lit += '\\';
        this.pos++;
        continue;
      }
      if (c === '$') {
        const p = this.readDollar(true);
        if (p) { flush(); parts.push(p); } else lit += '$';
        continue;
      }
      if (c === '`') { flush(); parts.push(this.readBackquote(true)); continue; }
      lit += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  /** At a `$`: the expansion it starts, or undefined when it is a literal dollar sign (pos then moved past it). */
  private readDollar(inDq: boolean): Part | undefined {
    const s = this.src;
    const n = s[this.pos + 1];
    if (n === '(') {
      if (s[this.pos + 2] === '(') {
        const arith = this.tryArith(this.pos + 3);
        if (arith) return arith;
      }
      const r = this.subParseOrQuote(s, this.pos + 2, this.lineBase, ')');
      const src = s.slice(this.pos + 2, r.end - 1);
      this.pos = r.end;
      return { t: 'cmd', body: r.body, src };
    }
    if (n === '{') { this.pos += 2; return this.readBraceParam(inDq); }
    if (n === '[') {
      // $[expr]: the obsolete arithmetic expansion bash still accepts
      let depth = 0;
      for (let i = this.pos + 2; i < s.length; i++) {
        if (s[i] === '[') depth++;
        else if (s[i] === ']') {
          if (depth-- > 0) continue;
          const text = s.slice(this.pos + 2, i);
          this.pos = i + 1;
          return { t: 'arith', expr: this.template(text, 'arith') };
        }
      }
    }
    if (n === "'" && !inDq) {
      this.pos += 2;
      const { text, end } = ansiC(s, this.pos);
      if (end < 0) { this.pos = s.length; throw this.err('quote', "'", true); }
      this.pos = end;
      return { t: 'sq', v: text };
    }
    if (n === '"' && !inDq) { this.pos += 2; return { t: 'dq', parts: this.readDq() }; }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.pos + 1))!;
      this.pos += 1 + m[0].length;
      return { t: 'param', name: m[0], op: '' };
    }
    if (n !== undefined && /[0-9@*#?$!\-]/.test(n)) {
      this.pos += 2;
      return { t: 'param', name: n, op: '' };
    }
    this.pos++;
    return undefined;
  }

  /** $(( ... )): when the text up to the matching "))" balances, an arithmetic expansion. */
  private tryArith(from: number): Part | undefined {
    const s = this.src;
    let depth = 0;
    for (let i = from; i < s.length; i++) {
      const c = s[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) {
          if (s[i + 1] !== ')') return undefined; // $( (subshell) ... )
          const text = s.slice(from, i);
          this.pos = i + 2;
          return { t: 'arith', expr: this.template(text, 'arith') };
        }
        depth--;
      }
    }
    if (from >= s.length || !s.slice(from).includes(')')) { this.pos = s.length; throw this.err('quote', '(', true); }
    return undefined;
  }

  /** Parses text where only $, ` and \ are special (here-document bodies, arithmetic). */
  template(text: string, mode: 'heredoc' | 'arith'): Word {
    const sub = new Lexer(text, 0, this.subParse, this.lineBase);
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: 'sq', v: lit }); lit = ''; } };
    while (sub.pos < text.length) {
      const c = text[sub.pos]!;
      if (c === '\\') {
        const n = text[sub.pos + 1];
        if (n === '\n') { sub.pos += 2; continue; }
        if (n !== undefined && '$`\\'.includes(n)) { lit += n; sub.pos += 2; continue; }
        lit += '\\';
        sub.pos++;
        continue;
      }
      if (c === '$') {
        const p = sub.readDollar(true);
        if (p) { flush(); parts.push(p); } else lit += '$';
        continue;
      }
      if (c === '`') { flush(); parts.push(sub.readBackquote(mode === 'heredoc')); continue; }
      if (mode === 'arith' && c === '"') { flush(); sub.pos++; parts.push({ t: 'dq', parts: sub.readDq() }); continue; }
      lit += c;
      sub.pos++;
    }
    flush();
    return { parts, raw: text };
  }

  private readBackquote(inDq: boolean): Part {
    const s = this.src;
    let i = this.pos + 1;
    let text = '';
    for (;;) {
      if (i >= s.length) { this.pos = s.length; throw this.err('quote', '`', true); }
      const c = s[i]!;
      if (c === '`') break;
      if (c === '\\') {
        const n = s[i + 1];
        // Inside backquotes a backslash keeps its literal meaning except before $ ` \ (and " in "...").
        if (n !== undefined && ('$`\\'.includes(n) || (inDq && n === '"'))) { text += n; i += 2; continue; }
      }
      text += c;
      i++;
    }
    this.pos = i + 1;
    const r = this.subParse(text + '\n)', 0, this.lineAt(this.pos));
    return { t: 'cmd', body: r.body, src: text };
  }

  /** Parses a $(...) body; running out of input reads as an unterminated ( (bash's message). */
  private subParseOrQuote(s: string, pos: number, lineBase: number, close: string) {
    try {
      return this.subParse(s, pos, lineBase);
    } catch (e) {
      if (e instanceof ParseError && e.kind === 'eof') throw new ParseError('quote', close, e.line, true);
      throw e;
    }
  }

  /** ${...}: pos is after "${". */
  private readBraceParam(inDq: boolean): Part {
    const s = this.src;
    let indirect = false;
    let op = '';
    if (s[this.pos] === '#' && s[this.pos + 1] !== '}' && !/^#[-=?+:#%/]/.test(s.slice(this.pos)) ) {
      op = 'len';
      this.pos++;
    } else if (s[this.pos] === '#' && s[this.pos + 1] === '#' && s[this.pos + 2] === '}') {
      op = 'len'; // ${##}
      this.pos++;
    } else if (s[this.pos] === '!' && /[A-Za-z_0-9@*#?]/.test(s[this.pos + 1] ?? '')) {
      indirect = true;
      this.pos++;
    }
    let name: string;
    const m = /^([A-Za-z_][A-Za-z0-9_]*|\d+|[@*#?$!\-])/.exec(s.slice(this.pos));
    if (!m) {
      // ${} or ${%}: bash reports "bad substitution" at run time; keep the text for the message.
      const end = s.indexOf('}', this.pos);
      const bad = end < 0 ? s.slice(this.pos) : s.slice(this.pos, end);
      if (end < 0) { this.pos = s.length; throw this.err('quote', '{', true); }
      this.pos = end + 1;
      return { t: 'param', name: '', op: 'bad', arg: { parts: [], raw: `\${${bad}}` } };
    }
    name = m[1]!;
    this.pos += name.length;
    // ${a[0]} / ${a[@]}: array subscripts are part of the name.
    if (s[this.pos] === '[') {
      const close = s.indexOf(']', this.pos);
      if (close > 0) { name += s.slice(this.pos, close + 1); this.pos = close + 1; }
    }
    if (op === 'len') {
      if (s[this.pos] !== '}') return this.badSubst(name, '#');
      this.pos++;
      return { t: 'param', name, op: 'len' };
    }
    const c = s[this.pos];
    if (c === '}') { this.pos++; return { t: 'param', name, op: '', ...(indirect ? { indirect } : {}) }; }
    let o = '';
    for (const cand of [':-', ':=', ':?', ':+', '##', '%%', '//', '/#', '/%', '^^', ',,', '-', '=', '?', '+', '#', '%', '/', '^', ',', ':']) {
      if (s.startsWith(cand, this.pos)) { o = cand; break; }
    }
    if (!o) return this.badSubst(name, '');
    this.pos += o.length;
    const base = { t: 'param' as const, name, ...(indirect ? { indirect } : {}) };
    if (o === ':') {
      const off = this.readParamWord(':}', inDq);
      let len: Word | undefined;
      if (s[this.pos] === ':') { this.pos++; len = this.readParamWord('}', inDq); }
      this.pos++;
      return { ...base, op: 'sub', arg: off, ...(len ? { arg2: len } : {}) };
    }
    if (o === '/' || o === '//' || o === '/#' || o === '/%') {
      // patterns are read with quotes active even inside "..." (bash)
      const pat = this.readParamWord('/}', false);
      let rep: Word | undefined;
      if (s[this.pos] === '/') { this.pos++; rep = this.readParamWord('}', inDq); }
      this.pos++;
      return { ...base, op: o, arg: pat, ...(rep ? { arg2: rep } : {}) };
    }
    // In "${x:-'a'}" the single quotes are literal; in patterns (# %) they quote (bash behaviour).
    const pattern = '#%^,'.includes(o[0]!);
    const arg = this.readParamWord('}', inDq && !pattern);
    this.pos++;
    return { ...base, op: o, arg };
  }

  private badSubst(name: string, pre: string): Part {
    const s = this.src;
    const end = s.indexOf('}', this.pos);
    if (end < 0) { this.pos = s.length; throw this.err('quote', '{', true); }
    const text = `\${${pre}${name}${s.slice(this.pos, end)}}`;
    this.pos = end + 1;
    return { t: 'param', name, op: 'bad', arg: { parts: [], raw: text } };
  }

  /** A word inside ${...} up to one of `stops` at brace depth 0 (not consumed). */
  private readParamWord(stops: string, literalSingleQuotes: boolean): Word {
    const s = this.src;
    const start = this.pos;
    const parts: Part[] = [];
    let lit = '';
    const flush = () => { if (lit) { parts.push({ t: literalSingleQuotes ? 'sq' : 'lit', v: lit }); lit = ''; } };
    let depth = 0;
    for (;;) {
      if (this.pos >= s.length) throw this.err('quote', '{', true);
      const c = s[this.pos]!;
      if (depth === 0 && stops.includes(c)) break;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (c === '\\') {
        const n = s[this.pos + 1];
        if (n === '\n') { this.pos += 2; continue; }
        flush();
        if (n === undefined) { this.pos++; continue; }
        if (literalSingleQuotes && !'$`"\\}'.includes(n)) lit += '\\';
        parts.push({ t: 'sq', v: n });
        this.pos += 2;
        continue;
      }
      if (c === "'" && !literalSingleQuotes) {
        flush();
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) { this.pos = s.length; throw this.err('quote', "'", true); }
        parts.push({ t: 'sq', v: s.slice(this.pos + 1, end) });
        this.pos = end + 1;
        continue;
      }
      if (c === '"') { flush(); this.pos++; parts.push({ t: 'dq', parts: this.readDq() }); continue; }
      if (c === '$') {
        const p = this.readDollar(literalSingleQuotes);
        if (p) { flush(); parts.push(p); } else lit += '$';
        continue;
      }
      if (c === '`') { flush(); parts.push(this.readBackquote(literalSingleQuotes)); continue; }
      lit += c;
      this.pos++;
    }
    flush();
    return { parts, raw: s.slice(start, this.pos) };
  }

  // ---- here-documents ----------------------------------------------------------------------------------
  private readHeredocBodies() {
    const s = this.src;
    for (const h of this.pending) {
      let body = '';
      let found = false;
      while (this.pos < s.length) {
        let nl = s.indexOf('\n', this.pos);
        if (nl < 0) nl = s.length;
        let line = s.slice(this.pos, nl);
        this.pos = Math.min(nl + 1, s.length);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) { found = true; break; }
        body += line + '\n';
      }
      if (!found) {
        // Interactive shells keep reading; scripts accept end of file with a warning.
        const e = new ParseError('other', `here-document at line ${this.lineAt(this.pos)} delimited by end-of-file (wanted \`${h.delim}')`, this.lineAt(this.pos), true);
        this.heredocEof = e;
      }
      h.body = h.quoted ? { parts: [{ t: 'sq', v: body }], raw: body } : this.template(body, 'heredoc');
    }
    this.pending = [];
  }
  /** Set when a here-document ran to the end of the input without its delimiter. */
  heredocEof: ParseError | undefined;
}

/** $'...' (ANSI-C quoting): returns the text and the index after the closing quote (-1 if unterminated). */
export function ansiC(s: string, from: number): { text: string; end: number } {
  let out = '';
  let i = from;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "'") return { text: out, end: i + 1 };
    if (c !== '\\') { out += c; i++; continue; }
    const n = s[i + 1];
    i += 2;
    switch (n) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'e': case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case "'": out += "'"; break;
      case '"': out += '"'; break;
      case '?': out += '?'; break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i));
        if (m) { out += String.fromCharCode(parseInt(m[0], 16)); i += m[0].length; } else out += '\\x';
        break;
      }
      case 'u': case 'U': {
        const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(s.slice(i));
        if (m) { out += String.fromCodePoint(parseInt(m[0], 16)); i += m[0].length; } else out += '\\' + n;
        break;
      }
      case 'c': {
        const ch = s[i];
        if (ch !== undefined) { out += String.fromCharCode(ch.toUpperCase().charCodeAt(0) ^ 0x40); i++; }
        break;
      }
      default:
        if (n !== undefined && /[0-7]/.test(n)) {
          const m = /^[0-7]{1,3}/.exec(s.slice(i - 1))!;
          out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
          i += m[0].length - 1;
        } else out += '\\' + (n ?? '');
    }
  }
  return { text: out, end: -1 };
}
