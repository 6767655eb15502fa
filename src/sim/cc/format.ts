// -Wformat (in -Wall): printf-family format strings checked against the arguments' types, with gcc 12's
// labelled carets (the conversion underlined, the argument underlined, both types printed below them) and
// its fix-it suggestion.
import type { Diags } from './diag.ts';
import type { Expr } from './ast.ts';
import type { Token } from './lex.ts';
import { T, typeName, unqual, type CType } from './types.ts';

interface Conv { start: number; end: number; conv: string; len: string; flags: string; star: number; }

function parseFormat(s: string): Conv[] {
  const out: Conv[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') continue;
    const start = i;
    i++;
    if (s[i] === '%') continue;
    let flags = '', star = 0;
    while ('-+ #0\''.includes(s[i] ?? 'x') && i < s.length) flags += s[i++];
    if (s[i] === '*') { star++; i++; } else while (/[0-9]/.test(s[i] ?? '')) i++;
    if (s[i] === '.') { i++; if (s[i] === '*') { star++; i++; } else while (/[0-9]/.test(s[i] ?? '')) i++; }
    let len = '';
    while ('hlLqjzt'.includes(s[i] ?? 'x') && i < s.length) len += s[i++];
    const conv = s[i] ?? '';
    out.push({ start, end: i, conv, len, flags, star });
  }
  return out;
}

function expected(c: Conv): CType | 'any' | undefined {
  const { conv, len } = c;
  if ('di'.includes(conv)) return len === 'l' ? T.long : len === 'll' ? T.llong : len === 'z' ? { ...T.ulong, td: 'size_t' } as CType : T.int;
  if ('uxXo'.includes(conv)) return len === 'l' ? T.ulong : len === 'll' ? T.ullong : len === 'z' ? T.ulong : T.uint;
  if ('feEgGaA'.includes(conv)) return T.double;
  if (conv === 'c') return T.int;
  if (conv === 's') return { k: 'ptr', to: T.char };
  if (conv === 'p') return { k: 'ptr', to: T.void };
  if (conv === 'n') return { k: 'ptr', to: T.int };
  return undefined;
}

function compatible(exp: CType, act: CType, conv: string): boolean {
  const a = unqual(act);
  if (exp.k === 'ptr') {
    if (a.k !== 'ptr') return false;
    if (conv === 'p') return true;
    if (conv === 's') return a.to.k === 'int' && a.to.size === 1;
    return true;
  }
  if (exp.k === 'float') return a.k === 'float';
  if (exp.k === 'int') {
    if (a.k !== 'int') return false;
    if (a.size !== exp.size) return false;
    if (a.size === 8 && exp.size === 8) {
      const el = exp.name.includes('long long'), al = a.name.includes('long long');
      if (el !== al) return false;
    }
    return true; // signedness mismatches are -Wformat-signedness, not in -Wall
  }
  return true;
}

function suggestion(c: Conv, act: CType): string | undefined {
  const a = unqual(act);
  const base = '%' + c.flags;
  if (a.k === 'int') {
    const l = a.size === 8 ? (a.name.includes('long long') ? 'll' : 'l') : a.size === 2 ? '' : '';
    const conv = 'diuxXoc'.includes(c.conv) ? (c.conv === 'c' ? 'd' : c.conv) : a.signed ? 'd' : 'u';
    return base + l + conv;
  }
  if (a.k === 'float') return base + 'f';
  if (a.k === 'ptr') return a.to.k === 'int' && a.to.size === 1 ? base + 's' : base + 'p';
  return undefined;
}

/** Checks a call's format string. `fmtIndex`: which argument is the format. */
export function checkFormat(diags: Diags, _fn: string, fmtIndex: number, args: Expr[], argToks: Token[], wall: boolean, _lp: Token) {
  if (!wall || fmtIndex < 0) return;
  let f = args[fmtIndex];
  while (f && f.e === 'cast') f = f.x;
  if (f && f.e === 'addr') f = f.x;
  if (!f || f.e !== 'str') return;
  const tok = argToks[fmtIndex]!;
  const text = (f as { e: 'str'; id: number }).id;
  void text;
  // recover the literal's source text from the token (escapes matter for columns)
  const raw = tok.k === 'str' ? tok.v.slice(1, -1) : '';
  if (tok.k !== 'str') return;
  const convs = parseFormat(raw);
  let argi = fmtIndex + 1;
  const col0 = tok.col + 1;
  for (const c of convs) {
    if (!c.conv) continue;
    for (let s = 0; s < c.star; s++) argi++;
    const exp = expected(c);
    if (!exp || exp === 'any') { argi++; continue; }
    const pctCol = col0 + c.start, convCol = col0 + c.end;
    const spec = raw.slice(c.start, c.end + 1);
    const expName = typeName(exp);
    const arg = args[argi];
    const line = (cols: [number, string][]) => {
      let s = '      | ';
      let pos = 1;
      for (const [col, txt] of cols.sort((x, y) => x[0] - y[0])) {
        if (col < pos) continue;
        s += ' '.repeat(col - pos) + txt;
        pos = col + txt.length;
      }
      return s;
    };
    if (!arg) {
      const extra = [
        line([[pctCol, '~'.repeat(convCol - pctCol) + '^']]),
        line([[convCol, '|']]),
        line([[convCol, expName]]),
      ];
      diags.add({ sev: 'warning', loc: { file: tok.file, line: tok.line, col: convCol }, msg: `format ‘${spec}’ expects a matching ‘${expName}’ argument`, len: 1, opt: '-Wformat=', extra, noSource: false });
      markCustom(diags);
      argi++;
      continue;
    }
    let at = arg.t;
    let inner: Expr = arg;
    while (inner.e === 'cast' && (inner as { implicitPromo?: boolean }).implicitPromo) inner = inner.x;
    at = inner.t;
    if (!compatible(exp, at, c.conv)) {
      const atok = argToks[argi]!;
      const sameLine = atok.line === tok.line;
      const argName = typeName(at);
      const sug = suggestion(c, at);
      const extra = sameLine ? [
        line([[pctCol, '~'.repeat(convCol - pctCol) + '^'], [atok.col, '~'.repeat(Math.max(1, atok.len))]]),
        line([[convCol, '|'], [atok.col, '|']]),
        line([[convCol, expName], [atok.col, argName]]),
      ] : [
        line([[pctCol, '~'.repeat(convCol - pctCol) + '^']]),
        line([[convCol, '|']]),
        line([[convCol, expName]]),
      ];
      if (sug) extra.push(line([[pctCol, sug]]));
      diags.add({ sev: 'warning', loc: { file: tok.file, line: tok.line, col: convCol }, msg: `format ‘${spec}’ expects argument of type ‘${expName}’, but argument ${argi + 1} has type ‘${argName}’`, len: 1, opt: '-Wformat=', extra });
      markCustom(diags);
    }
    argi++;
  }
  if (argi < args.length) {
    diags.add({ sev: 'warning', loc: { file: tok.file, line: tok.line, col: tok.col }, msg: 'too many arguments for format', len: tok.len, opt: '-Wformat-extra-args' });
  }
}

/** The last diagnostic prints its own caret lines (the labelled ones) instead of the plain caret. */
function markCustom(diags: Diags) {
  const d = diags.list[diags.list.length - 1]!;
  (d as { customCaret?: boolean }).customCaret = true;
}
