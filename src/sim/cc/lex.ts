// The C lexer: source text → tokens with gcc's display columns (tabs to the next multiple of 8), so that
// diagnostics point where gcc points.

export interface Loc { file: string; line: number; col: number; }

export type TokKind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'eof' | 'other';

export interface Token {
  k: TokKind;
  v: string;
  file: string;
  line: number;
  /** Display column (1-based), as gcc 12 reports it. */
  col: number;
  /** Display width of the token (for the ~~~ range under the caret). */
  len: number;
  /** Whitespace precedes the token (for # stringification and spacing). */
  space: boolean;
  /** Macro names this token came out of (hide set). */
  hide?: Set<string>;
  /** Where the macro that produced it was invoked. */
  exp?: Token;
}

export class CompileError extends Error {
  readonly loc: Loc;
  readonly len: number;
  constructor(loc: Loc, msg: string, len = 1) { super(msg); this.loc = loc; this.len = len; }
}

const PUNCTS = ['>>=', '<<=', '...', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=',
  '&=', '^=', '|=', '##', '[', ']', '(', ')', '{', '}', '.', '&', '*', '+', '-', '~', '!', '/', '%', '<', '>', '^', '|', '?', ':',
  ';', '=', ',', '#'];

/** Splits a file into logical lines (backslash-newline joined), each with its tokens. */
export interface Line { toks: Token[]; line: number; }

function isIdStart(c: string) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$'; }
function isIdChar(c: string) { return isIdStart(c) || (c >= '0' && c <= '9'); }

/** Tokenises a whole file into lines; comments removed. Unterminated comments and strings are diagnosed. */
export function lexFile(text: string, file: string): Line[] {
  const lines: Line[] = [];
  let cur: Token[] = [];
  let curLine = 1;
  let line = 1, col = 1, i = 0;
  let space = false;
  const n = text.length;
  const adv = () => {
    const c = text[i]!;
    i++;
    if (c === '\n') { line++; col = 1; } else if (c === '\t') col = (Math.floor((col - 1) / 8) + 1) * 8 + 1; else col++;
  };
  // backslash-newline splicing: skip it wherever it occurs
  const peek = (o = 0): string => {
    let j = i, k = o;
    for (;;) {
      while (text[j] === '\\' && text[j + 1] === '\n') j += 2;
      if (k === 0) return text[j] ?? '';
      j++; k--;
    }
  };
  const step = () => { while (text[i] === '\\' && text[i + 1] === '\n') { adv(); adv(); } adv(); };
  const endLine = () => { lines.push({ toks: cur, line: curLine }); cur = []; };
  while (i < n) {
    while (text[i] === '\\' && text[i + 1] === '\n') { adv(); adv(); }
    if (i >= n) break;
    const c = text[i]!;
    if (c === '\n') { adv(); endLine(); curLine = line; space = false; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { adv(); space = true; continue; }
    if (c === '/' && peek(1) === '/') {
      while (i < n && text[i] !== '\n') step();
      space = true; continue;
    }
    if (c === '/' && peek(1) === '*') {
      const sl = line, sc = col;
      step(); step();
      for (;;) {
        if (i >= n) throw new CompileError({ file, line: sl, col: sc }, 'unterminated comment');
        if (text[i] === '*' && peek(1) === '/') { step(); step(); break; }
        step();
      }
      space = true; continue;
    }
    const sl = line, sc = col, start = i;
    let k: TokKind, v = '';
    if (isIdStart(c)) {
      while (i < n && isIdChar(peek())) { v += peek(); step(); }
      k = 'id';
      if ((v === 'L' || v === 'u' || v === 'U' || v === 'u8') && (peek() === '"' || peek() === "'")) {
        throw new CompileError({ file, line: sl, col: sc }, 'wide character and string literals not supported by this simulator', v.length + 1);
      }
    } else if ((c >= '0' && c <= '9') || (c === '.' && peek(1) >= '0' && peek(1) <= '9')) {
      while (i < n) {
        const d = peek();
        if (isIdChar(d) || d === '.' || ((d === '+' || d === '-') && /[eEpP]$/.test(v) && !/^0[xX]/.test(v + 'x') ) || ((d === '+' || d === '-') && /^0[xX]/.test(v) && /[pP]$/.test(v))) { v += d; step(); }
        else break;
      }
      k = 'num';
    } else if (c === '"' || c === "'") {
      v = c; step();
      for (;;) {
        const d = peek();
        if (i >= n || d === '\n' || d === '') {
          throw new CompileError({ file, line: sl, col: sc }, `missing terminating ${c} character`);
        }
        if (d === '\\') { v += d; step(); v += peek(); step(); continue; }
        v += d; step();
        if (d === c) break;
      }
      k = c === '"' ? 'str' : 'chr';
    } else {
      let p = '';
      for (const cand of PUNCTS) {
        let ok = true;
        for (let q = 0; q < cand.length; q++) if (peek(q) !== cand[q]) { ok = false; break; }
        if (ok) { p = cand; break; }
      }
      if (p) { for (let q = 0; q < p.length; q++) step(); v = p; k = 'punct'; }
      else { v = c; step(); k = 'other'; }
    }
    void start;
    cur.push({ k, v, file, line: sl, col: sc, len: Math.max(1, (line === sl ? col - sc : v.length)), space });
    space = false;
  }
  endLine();
  return lines;
}

/** The value of a C character constant's or string's escape sequences, as bytes (UTF-8 for non-ASCII). */
export function unescape(body: string, loc: Loc): number[] {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      const code = c.charCodeAt(0);
      if (code < 0x80) out.push(code);
      else {
        const cp = body.codePointAt(i)!;
        if (cp > 0xffff) i++;
        out.push(...enc.encode(String.fromCodePoint(cp)));
      }
      continue;
    }
    const d = body[++i]!;
    switch (d) {
      case 'n': out.push(10); break;
      case 't': out.push(9); break;
      case 'r': out.push(13); break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        let v = 0, k = 0;
        while (k < 3 && /[0-7]/.test(body[i] ?? '')) { v = v * 8 + Number(body[i]); i++; k++; }
        i--;
        out.push(v & 0xff);
        break;
      }
      case 'x': {
        let v = 0; i++;
        const s = i;
        while (/[0-9a-fA-F]/.test(body[i] ?? '')) { v = v * 16 + parseInt(body[i]!, 16); i++; }
        if (i === s) throw new CompileError(loc, '\\x used with no following hex digits');
        i--;
        out.push(v & 0xff);
        break;
      }
      case 'a': out.push(7); break;
      case 'b': out.push(8); break;
      case 'f': out.push(12); break;
      case 'v': out.push(11); break;
      case 'e': out.push(27); break;
      case '\\': out.push(92); break;
      case "'": out.push(39); break;
      case '"': out.push(34); break;
      case '?': out.push(63); break;
      default: out.push(d.charCodeAt(0) & 0xff);
    }
  }
  return out;
}
