// Word expansion in bash's order: tilde, parameters, command substitution and arithmetic (left to right),
// then field splitting on $IFS (only of unquoted expansion results), pathname expansion (globbing: * ? [...],
// a pattern with no match stays as typed) and quote removal. A field carries both its text and a glob pattern
// in which quoted characters are escaped, so quoted "*" never globs.
import type { List, Part, Word } from './ast.ts';
import type { Sys } from '../kernel/sys.ts';

export interface ExpandHost {
  readonly sys: Sys;
  /** A parameter's value (special parameters included); undefined when unset. */
  getParam(name: string): string | undefined;
  setVar(name: string, value: string): void;
  positional(): string[];
  /** The elements of an indexed array (a plain variable is a one-element array). */
  getArray(name: string): string[] | undefined;
  commandSubst(body: List, src: string): Promise<string>;
  arith(expr: string): bigint;
  readonly nounset: boolean;
  readonly noglob: boolean;
  /** {a,b} expansion (bash; dash has none). */
  readonly braceExpansion: boolean;
  homeOf(user: string): Promise<string | undefined>;
}

/** An expansion error (bad substitution, ${x:?}, unbound variable): the message without the "bash: " prefix. */
export class ExpansionError extends Error {
  /** ${x:?} and unbound variables make a non-interactive shell exit. */
  readonly fatal: boolean;
  constructor(msg: string, fatal = false) { super(msg); this.fatal = fatal; }
}

interface Field { s: string; p: string; glob: boolean; keep: boolean; }
const newField = (): Field => ({ s: '', p: '', glob: false, keep: false });

const GLOB_CHARS = /[*?[]/;
export const escapeGlob = (s: string) => s.replace(/[\\*?[\]]/g, '\\$&');

class Builder {
  fields: Field[] = [];
  cur = newField();
  pending = false;
  readonly ifs: string;
  readonly split: boolean;
  /** How quoted text is protected in the pattern (glob escapes; regex escapes for [[ =~ ]]). */
  readonly esc: (s: string) => string;
  constructor(ifs: string, split: boolean, esc: (s: string) => string = escapeGlob) { this.ifs = ifs; this.split = split; this.esc = esc; }
  private brk() {
    if (this.pending) { this.fields.push(this.cur); this.cur = newField(); this.pending = false; }
  }
  quoted(text: string) {
    this.brk();
    this.cur.s += text;
    this.cur.p += this.esc(text);
    this.cur.keep = true;
  }
  literal(text: string) {
    if (!text) return;
    this.brk();
    this.cur.s += text;
    this.cur.p += text.replace(/\\/g, '\\\\');
    if (GLOB_CHARS.test(text)) this.cur.glob = true;
  }
  /** An unquoted expansion result: split on IFS (POSIX 2.6.5), pieces still subject to globbing. */
  expansion(text: string) {
    if (!this.split || this.ifs === '') {
      this.brk();
      this.cur.s += text;
      this.cur.p += text;
      if (GLOB_CHARS.test(text)) this.cur.glob = true;
      return;
    }
    const ws = [...this.ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').join('');
    let i = 0;
    let piece = '';
    const emit = () => {
      if (!piece) return;
      this.brk();
      this.cur.s += piece;
      this.cur.p += piece;
      if (GLOB_CHARS.test(piece)) this.cur.glob = true;
      piece = '';
    };
    while (i < text.length) {
      const c = text[i]!;
      if (!this.ifs.includes(c)) { piece += c; i++; continue; }
      emit();
      if (ws.includes(c)) {
        while (i < text.length && ws.includes(text[i]!)) i++;
        if (i < text.length && this.ifs.includes(text[i]!) && !ws.includes(text[i]!)) {
          this.nonWsDelim();
          i++;
          while (i < text.length && ws.includes(text[i]!)) i++;
        } else if (this.cur.s || this.cur.keep) this.pending = true;
        continue;
      }
      this.nonWsDelim();
      i++;
      while (i < text.length && ws.includes(text[i]!)) i++;
    }
    emit();
  }
  private nonWsDelim() {
    if (this.pending) { this.fields.push(this.cur); this.cur = newField(); }
    this.cur.keep = true;
    this.pending = true;
  }
  /** Starts a new field ("$@" between parameters). */
  forceBreak() { this.fields.push(this.cur); this.cur = newField(); this.pending = false; }
  finish(): Field[] {
    if (this.cur.s || this.cur.keep) this.fields.push(this.cur);
    return this.fields;
  }
}

export class Expander {
  readonly host: ExpandHost;
  constructor(host: ExpandHost) { this.host = host; }

  private get ifs() { return this.host.getParam('IFS') ?? ' \t\n'; }

  /** Full expansion of command words: may yield zero or several fields. */
  async words(words: Word[]): Promise<string[]> {
    const out: string[] = [];
    for (const w of words) for (const b of this.host.braceExpansion ? braceExpand(w) : [w]) out.push(...await this.word(b));
    return out;
  }

  async word(w: Word): Promise<string[]> {
    const b = new Builder(this.ifs, true);
    await this.parts(w.parts, b, false, true);
    const fields = b.finish();
    const out: string[] = [];
    for (const f of fields) {
      if (f.glob && !this.host.noglob && hasUnescapedGlob(f.p)) {
        const matches = await globPaths(this.host.sys, f.p);
        if (matches.length) { out.push(...matches); continue; }
      }
      out.push(f.s);
    }
    return out;
  }

  /** Expansion without splitting or globbing (assignments, case words, here-strings, [[ ]]). */
  async string(w: Word, assignment = false): Promise<string> {
    const b = new Builder('', false);
    await this.parts(w.parts, b, false, true, assignment);
    return b.finish().map((f) => f.s).join(' ');
  }

  /** The right side of [[ x =~ re ]]: quoted parts match literally (bash 3.2+). */
  async regex(w: Word): Promise<string> {
    const b = new Builder('', false, (s) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
    await this.parts(w.parts, b, false, true);
    return b.finish().map((f) => f.p).join(' ');
  }

  /** Expansion into a glob pattern (case patterns, ${x#pattern}): quoted characters escaped. */
  async pattern(w: Word): Promise<string> {
    const b = new Builder('', false);
    await this.parts(w.parts, b, false, true);
    return b.finish().map((f) => f.p).join(' ');
  }

  /** `splitLiterals`: unquoted text of ${x:-a b} is split like an expansion result (bash does). */
  private async parts(parts: Part[], b: Builder, inDq: boolean, wordStart: boolean, assignment = false, splitLiterals = false): Promise<void> {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      switch (p.t) {
        case 'lit': {
          let v = p.v;
          if (!inDq && (i === 0 && wordStart) && v.startsWith('~')) v = await this.tilde(v, b);
          if (assignment && v.includes(':~')) {
            const segs = v.split(':');
            for (let j = 1; j < segs.length; j++) if (segs[j]!.startsWith('~')) segs[j] = await this.tildeText(segs[j]!);
            v = segs.join(':');
          }
          if (inDq) b.quoted(v); else if (splitLiterals) b.expansion(v); else b.literal(v);
          break;
        }
        case 'sq': b.quoted(p.v); break;
        case 'dq': {
          const at = p.parts.some((q) => q.t === 'param' && /^(@|[A-Za-z_][A-Za-z0-9_]*\[@\])$/.test(q.name) && (q.op === '' || q.op === 'sub'));
          if (!at) b.quoted('');
          await this.parts(p.parts, b, true, false);
          break;
        }
        case 'param': await this.param(p, b, inDq); break;
        case 'cmd': {
          const out = (await this.host.commandSubst(p.body, p.src)).replace(/\n+$/, '');
          if (inDq) b.quoted(out); else b.expansion(out);
          break;
        }
        case 'arith': {
          const text = await this.string(p.expr);
          const v = String(this.host.arith(text));
          if (inDq) b.quoted(v); else b.expansion(v);
          break;
        }
      }
    }
  }

  /** ~, ~user, ~+, ~- at the start of a word; the expansion itself is quoted (never split). */
  private async tilde(v: string, b: Builder): Promise<string> {
    const slash = v.indexOf('/');
    const prefix = slash < 0 ? v : v.slice(0, slash);
    const home = await this.tildePrefix(prefix.slice(1));
    if (home === undefined) return v;
    b.quoted(home);
    return slash < 0 ? '' : v.slice(slash);
  }
  private async tildeText(seg: string): Promise<string> {
    const slash = seg.indexOf('/');
    const prefix = slash < 0 ? seg : seg.slice(0, slash);
    const home = await this.tildePrefix(prefix.slice(1));
    return home === undefined ? seg : home + (slash < 0 ? '' : seg.slice(slash));
  }
  private async tildePrefix(user: string): Promise<string | undefined> {
    if (user === '') return this.host.getParam('HOME') ?? this.host.homeOf('');
    if (user === '+') return this.host.getParam('PWD');
    if (user === '-') return this.host.getParam('OLDPWD');
    return this.host.homeOf(user);
  }

  private async param(p: Extract<Part, { t: 'param' }>, b: Builder, inDq: boolean): Promise<void> {
    const h = this.host;
    const emit = (v: string) => { if (inDq) b.quoted(v); else b.expansion(v); };
    if (p.op === 'bad') throw new ExpansionError(`${p.arg!.raw}: bad substitution`);
    let name = p.name;
    const keysM = p.indirect ? /^([A-Za-z_][A-Za-z0-9_]*)\[([@*])\]$/.exec(name) : null;
    if (keysM) {
      // ${!arr[@]}: the indices of an array
      const arr = h.getArray(keysM[1]!) ?? [];
      this.emitList(arr.map((_, i) => String(i)), keysM[2]!, b, inDq);
      return;
    }
    if (p.indirect) {
      const target = h.getParam(name) ?? '';
      if (!/^([A-Za-z_][A-Za-z0-9_]*|\d+|[@*#?$!\-])$/.test(target)) throw new ExpansionError(`${target}: invalid indirect expansion`);
      name = target;
    }
    const arrM = /^([A-Za-z_][A-Za-z0-9_]*)\[([@*])\]$/.exec(name);
    const multi = name === '@' || name === '*' || !!arrM;
    const listOf = () => (arrM ? h.getArray(arrM[1]!) ?? [] : h.positional());
    if (p.op === 'len') {
      if (multi) { emit(String(listOf().length)); return; }
      const v = this.get(name);
      emit(String([...(v ?? '')].length));
      return;
    }
    if (multi && (p.op === '' || p.op === 'sub')) {
      let list = listOf();
      if (p.op === 'sub') {
        const off = Number(h.arith(await this.string(p.arg!)));
        const all = arrM ? list : [h.getParam('0') ?? '', ...list];
        let start = off < 0 ? all.length + off : off;
        if (start < 0) start = 0;
        let sel = all.slice(start);
        if (p.arg2) {
          const len = Number(h.arith(await this.string(p.arg2)));
          sel = len < 0 ? sel.slice(0, Math.max(0, sel.length + len)) : sel.slice(0, len);
        }
        list = sel;
      }
      this.emitList(list, arrM ? arrM[2]! : name, b, inDq);
      return;
    }
    const value = multi ? this.joinStar() : this.get(name);
    const unsetOrNull = (colon: boolean) => value === undefined || (colon && value === '');
    switch (p.op) {
      case '':
        if (value === undefined && h.nounset && !/^[@*]$/.test(name)) throw new ExpansionError(`${name}: unbound variable`, true);
        emit(value ?? '');
        return;
      case '-': case ':-':
        if (unsetOrNull(p.op === ':-')) await this.parts(p.arg!.parts, b, inDq, false, false, !inDq);
        else emit(value!);
        return;
      case '+': case ':+':
        if (!unsetOrNull(p.op === ':+')) await this.parts(p.arg!.parts, b, inDq, false, false, !inDq);
        else if (inDq) b.quoted('');
        return;
      case '=': case ':=': {
        if (!unsetOrNull(p.op === ':=')) { emit(value!); return; }
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ExpansionError(`$${name}: cannot assign in this way`);
        const v = await this.string(p.arg!);
        h.setVar(name, v);
        emit(v);
        return;
      }
      case '?': case ':?': {
        if (!unsetOrNull(p.op === ':?')) { emit(value!); return; }
        const msg = p.arg && p.arg.parts.length ? await this.string(p.arg) : (p.op === ':?' ? 'parameter null or not set' : 'parameter not set');
        throw new ExpansionError(`${name}: ${msg}`, true);
      }
    }
    if (value === undefined && h.nounset) throw new ExpansionError(`${name}: unbound variable`, true);
    const v = value ?? '';
    switch (p.op) {
      case '#': case '##': case '%': case '%%': {
        const pat = await this.pattern(p.arg!);
        emit(trimPattern(v, pat, p.op));
        return;
      }
      case '/': case '//': case '/#': case '/%': {
        const pat = await this.pattern(p.arg!);
        const rep = p.arg2 ? await this.string(p.arg2) : '';
        emit(replacePattern(v, pat, rep, p.op));
        return;
      }
      case 'sub': {
        const chars = [...v];
        let off = Number(h.arith(await this.string(p.arg!)));
        if (off < 0) {
          // an offset before the start gives nothing (bash)
          if (-off > chars.length) { emit(''); return; }
          off = chars.length + off;
        }
        let end = chars.length;
        if (p.arg2) {
          const len = Number(h.arith(await this.string(p.arg2)));
          if (len < 0) {
            end = chars.length + len;
            if (end < off) throw new ExpansionError(`${len}: substring expression < 0`);
          } else end = Math.min(chars.length, off + len);
        }
        emit(chars.slice(off, end).join(''));
        return;
      }
      case '^^': emit(v.toUpperCase()); return;
      case ',,': emit(v.toLowerCase()); return;
      case '^': emit(v.slice(0, 1).toUpperCase() + v.slice(1)); return;
      case ',': emit(v.slice(0, 1).toLowerCase() + v.slice(1)); return;
    }
    throw new ExpansionError(`\${${name}}: bad substitution`);
  }

  private get(name: string): string | undefined { return this.host.getParam(name); }

  private joinStar(): string {
    const ifs = this.host.getParam('IFS');
    const sep = ifs === undefined ? ' ' : ifs.slice(0, 1);
    return this.host.positional().join(sep);
  }

  private emitList(list: string[], name: string, b: Builder, inDq: boolean) {
    if (inDq) {
      if (name === '*') { const ifs = this.host.getParam('IFS'); b.quoted(list.join(ifs === undefined ? ' ' : ifs.slice(0, 1))); return; }
      list.forEach((v, i) => { if (i > 0) b.forceBreak(); b.quoted(v); });
      return;
    }
    list.forEach((v, i) => {
      if (i > 0 && (b.cur.s || b.cur.keep)) b.pending = true;
      b.expansion(v);
    });
  }
}

// ---- brace expansion ---------------------------------------------------------------------------------

/** {a,b} and {1..5} / {a..e} / {01..10..2}: bash expands them first, on the unquoted text of a word. */
export function braceExpand(w: Word): Word[] {
  for (let i = 0; i < w.parts.length; i++) {
    const p = w.parts[i]!;
    if (p.t !== 'lit' || !p.v.includes('{')) continue;
    const m = findBrace(p.v);
    if (!m) continue;
    const pre = p.v.slice(0, m.start), post = p.v.slice(m.end);
    return m.alts.flatMap((alt) => braceExpand({
      parts: [...w.parts.slice(0, i), { t: 'lit', v: pre + alt + post }, ...w.parts.slice(i + 1)], raw: w.raw,
    }));
  }
  return [w];
}

function findBrace(s: string): { start: number; end: number; alts: string[] } | undefined {
  for (let start = s.indexOf('{'); start >= 0; start = s.indexOf('{', start + 1)) {
    if (start > 0 && s[start - 1] === '$') continue;
    let depth = 0;
    const commas: number[] = [];
    let end = -1;
    for (let i = start; i < s.length; i++) {
      if (s[i] === '{') depth++;
      else if (s[i] === '}') { depth--; if (depth === 0) { end = i; break; } }
      else if (s[i] === ',' && depth === 1) commas.push(i);
    }
    if (end < 0) return undefined;
    const body = s.slice(start + 1, end);
    if (commas.length) {
      const alts: string[] = [];
      let from = start + 1;
      for (const c of [...commas, end]) { alts.push(s.slice(from, c)); from = c + 1; }
      return { start, end: end + 1, alts };
    }
    const seq = sequence(body);
    if (seq) return { start, end: end + 1, alts: seq };
  }
  return undefined;
}

function sequence(body: string): string[] | undefined {
  let m = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  if (m) {
    const a = Number(m[1]), b = Number(m[2]);
    let step = Math.abs(Number(m[3] ?? 1)) || 1;
    if (a > b) step = -step;
    const width = /^-?0\d/.test(m[1]!) || /^-?0\d/.test(m[2]!) ? Math.max(m[1]!.length, m[2]!.length) : 0;
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) {
      out.push(width ? (v < 0 ? '-' + String(-v).padStart(width - 1, '0') : String(v).padStart(width, '0')) : String(v));
      if (out.length > 100000) break;
    }
    return out;
  }
  m = /^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/.exec(body);
  if (m) {
    const a = m[1]!.charCodeAt(0), b = m[2]!.charCodeAt(0);
    let step = Math.abs(Number(m[3] ?? 1)) || 1;
    if (a > b) step = -step;
    const out: string[] = [];
    for (let v = a; step > 0 ? v <= b : v >= b; v += step) out.push(String.fromCharCode(v));
    return out;
  }
  return undefined;
}

// ---- patterns --------------------------------------------------------------------------------------------

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
  word: 'a-zA-Z0-9_',
};

/** A glob pattern (backslash escapes quoted characters) as a regular expression source. */
export function globToRegex(pat: string, pathname = false): string {
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') { i++; if (i < pat.length) re += escapeRe(pat[i]!); else re += '\\\\'; continue; }
    if (c === '*') { re += pathname ? '[^/]*' : '[\\s\\S]*'; continue; }
    if (c === '?') { re += pathname ? '[^/]' : '[\\s\\S]'; continue; }
    if (c === '[') {
      const r = bracket(pat, i);
      if (r) { re += r.re; i = r.end; continue; }
      re += '\\[';
      continue;
    }
    re += escapeRe(c);
  }
  return re;
}

function bracket(pat: string, start: number): { re: string; end: number } | undefined {
  let i = start + 1;
  let neg = false;
  if (pat[i] === '!' || pat[i] === '^') { neg = true; i++; }
  let body = '';
  let first = true;
  for (; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === ']' && !first) return { re: `[${neg ? '^' : ''}${body}]`, end: i };
    first = false;
    if (c === '[' && pat[i + 1] === ':') {
      const close = pat.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[pat.slice(i + 2, close)];
        if (cls !== undefined) { body += cls; i = close + 1; continue; }
      }
    }
    if (c === '\\' && i + 1 < pat.length) { i++; body += escapeRe(pat[i]!); continue; }
    if (c === '-' ) { body += '-'; continue; }
    body += escapeRe(c);
  }
  return undefined;
}

const escapeRe = (c: string) => c.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&');

export function globMatch(pat: string, s: string): boolean {
  try { return new RegExp(`^${globToRegex(pat)}$`, 'u').test(s); } catch { return pat === s; }
}

function trimPattern(v: string, pat: string, op: string): string {
  const re = globToRegex(pat);
  const chars = [...v];
  const n = chars.length;
  let rx: RegExp;
  try { rx = new RegExp(`^(?:${re})$`, 'u'); } catch { return v; }
  if (op === '#' || op === '##') {
    const lens = op === '#' ? range(0, n) : range(n, 0);
    for (const k of lens) if (rx.test(chars.slice(0, k).join(''))) return chars.slice(k).join('');
    return v;
  }
  const lens = op === '%' ? range(n, 0) : range(0, n);
  for (const k of lens) if (rx.test(chars.slice(k).join(''))) return chars.slice(0, k).join('');
  return v;
}
function range(a: number, b: number): number[] {
  const out: number[] = [];
  if (a <= b) for (let i = a; i <= b; i++) out.push(i); else for (let i = a; i >= b; i--) out.push(i);
  return out;
}

function replacePattern(v: string, pat: string, rep: string, op: string): string {
  if (pat === '') return v;
  let rx: RegExp;
  try { rx = new RegExp(`^(?:${globToRegex(pat)})$`, 'u'); } catch { return v; }
  const chars = [...v];
  const n = chars.length;
  const longestAt = (i: number): number => {
    for (let k = n; k >= i; k--) if (rx.test(chars.slice(i, k).join(''))) return k;
    return -1;
  };
  if (op === '/#') { const k = longestAt(0); return k < 0 ? v : rep + chars.slice(k).join(''); }
  if (op === '/%') {
    for (let i = 0; i <= n; i++) if (rx.test(chars.slice(i).join(''))) return chars.slice(0, i).join('') + rep;
    return v;
  }
  let out = '';
  let i = 0;
  let done = false;
  while (i < n) {
    const k = done ? -1 : longestAt(i);
    if (k > i) {
      out += rep;
      i = k;
      if (op === '/') done = true;
      continue;
    }
    out += chars[i];
    i++;
  }
  return out;
}

/** Pathname expansion of one pattern; sorted matches, or [] for none. */
export async function globPaths(sys: Sys, pattern: string): Promise<string[]> {
  const comps = pattern.split('/');
  let bases: string[] = [pattern.startsWith('/') ? '/' : ''];
  const startAt = pattern.startsWith('/') ? 1 : 0;
  for (let ci = startAt; ci < comps.length; ci++) {
    const comp = comps[ci]!;
    const last = ci === comps.length - 1;
    if (comp === '') {
      // "dir/" (trailing slash: directories only) or "a//b"
      if (last) bases = bases.filter((b) => isDir(sys, b || '.')).map((b) => b.endsWith('/') ? b : b + '/');
      continue;
    }
    const join = (b: string, n: string) => (b === '' ? n : b.endsWith('/') ? b + n : `${b}/${n}`);
    if (!hasUnescapedGlob(comp)) {
      const lit = comp.replace(/\\(.)/g, '$1');
      bases = bases.map((b) => join(b, lit)).filter((p) => (last ? existsL(sys, p) : isDir(sys, p)));
      continue;
    }
    let rx: RegExp;
    try { rx = new RegExp(`^${globToRegex(comp, true)}$`, 'u'); } catch { return []; }
    const dotOk = comp.startsWith('.') || comp.startsWith('\\.');
    const next: string[] = [];
    for (const b of bases) {
      let names: string[];
      try { names = sys.readdir(b || '.'); } catch { continue; }
      const matched = names.filter((n) => (dotOk || !n.startsWith('.')) && rx.test(n)).sort(collate);
      for (const n of matched) {
        const p = join(b, n);
        if (!last && !isDir(sys, p)) continue;
        next.push(p);
      }
    }
    bases = next;
    if (!bases.length) return [];
  }
  return bases.sort(collate);
}

/** Sort order of glob results (C.UTF-8: code point order). */
function collate(a: string, b: string) { return a < b ? -1 : a > b ? 1 : 0; }

function hasUnescapedGlob(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') { i++; continue; }
    if (s[i] === '*' || s[i] === '?') return true;
    if (s[i] === '[' && bracket(s, i)) return true;
  }
  return false;
}
function isDir(sys: Sys, p: string) {
  try { return (sys.stat(p).mode & 0o170000) === 0o040000; } catch { return false; }
}
function existsL(sys: Sys, p: string) {
  try { sys.lstat(p); return true; } catch { return false; }
}
