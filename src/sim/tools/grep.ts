// grep(1) of GNU grep 3.8: print lines matching PATTERNS. POSIX basic (-G, default) and extended (-E)
// regular expressions are translated to JavaScript RegExps (exported for sed); -F fixed strings; -P is
// taken as a JavaScript regex. Input streams line by line; output is block-buffered and flushed whenever
// grep is about to wait for more input, so `tail -f`-like pipes and a terminal still see lines promptly.
// Exit status: 0 a line was selected, 1 none, 2 an error (unless -q found a match).
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { closeInput, getopt, isDirMode, OutBuf, quoteName, sysErrText, UsageError } from './lib.ts';

const OPTIONS = {
  flags: 'EFGHILPRTUVZabchilnoqrsuvwxyz',
  withArg: 'ABCDdefmX',
  long: {
    'extended-regexp': { key: 'E' }, 'fixed-strings': { key: 'F' }, 'basic-regexp': { key: 'G' },
    'perl-regexp': { key: 'P' }, regexp: { key: 'e', arg: true }, file: { key: 'f', arg: true },
    'ignore-case': { key: 'i' }, 'no-ignore-case': { key: 'no-i' }, 'word-regexp': { key: 'w' },
    'line-regexp': { key: 'x' }, 'null-data': { key: 'z' }, 'no-messages': { key: 's' },
    'invert-match': { key: 'v' }, version: { key: 'V' }, help: { key: 'help' },
    'max-count': { key: 'm', arg: true }, 'byte-offset': { key: 'b' }, 'line-number': { key: 'n' },
    'line-buffered': { key: 'line-buffered' }, 'with-filename': { key: 'H' }, 'no-filename': { key: 'h' },
    label: { key: 'label', arg: true }, 'only-matching': { key: 'o' }, quiet: { key: 'q' }, silent: { key: 'q' },
    'binary-files': { key: 'binary-files', arg: true }, text: { key: 'a' }, directories: { key: 'd', arg: true },
    devices: { key: 'D', arg: true }, recursive: { key: 'r' }, 'dereference-recursive': { key: 'R' },
    include: { key: 'include', arg: true }, exclude: { key: 'exclude', arg: true },
    'exclude-dir': { key: 'exclude-dir', arg: true }, 'files-without-match': { key: 'L' },
    'files-with-matches': { key: 'l' }, count: { key: 'c' }, 'initial-tab': { key: 'T' }, null: { key: 'Z' },
    'before-context': { key: 'B', arg: true }, 'after-context': { key: 'A', arg: true },
    context: { key: 'C', arg: true }, color: { key: 'color', arg: 'optional' }, colour: { key: 'color', arg: 'optional' },
    binary: { key: 'U' },
  },
} as const;

// ---- POSIX regular expressions → JavaScript ----------------------------------------------------------------

export class RegexError extends Error {}

/** A word constituent for \w, \<, \>, \b and -w: letters, digits, underscore (in any script). */
const WORD = '[\\p{L}\\p{N}_]';
const NOT_WORD = '[^\\p{L}\\p{N}_]';

const CLASSES: Record<string, string> = {
  alpha: '\\p{L}', digit: '0-9', alnum: '\\p{L}\\p{Nd}', upper: '\\p{Lu}', lower: '\\p{Ll}',
  space: '\\s', blank: ' \\t\\u1680\\u2000-\\u2006\\u2008-\\u200a\\u205f\\u3000', punct: '!-\\/:-@\\[-`{-~\\p{P}\\p{S}',
  print: '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}\\p{Zs}', graph: '\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}', cntrl: '\\p{Cc}',
  xdigit: '0-9A-Fa-f',
};

export interface Translated { source: string; groups: number; alternation: boolean; warnings: string[]; }

export interface TranslateOptions {
  ere: boolean;
  /** Backreferences are renumbered by this (several patterns joined into one RegExp). */
  groupOffset?: number;
  /** sed: \n \t and friends are characters; a newline may appear in the text. */
  sed?: boolean;
  /** Program name for "X at start of expression" warnings (grep's dfa). */
  prog?: string;
}

function lit(c: string): string { return /[\^$\\.*+?()[\]{}|\/]/.test(c) ? '\\' + c : c; }
function classLit(c: string): string { return /[\\\]\[^\-]/.test(c) ? '\\' + c : c; }

/** Translates one POSIX BRE/ERE (GNU flavour) into JavaScript RegExp source (for the 'u' flag). */
export function translate(pat: string, o: TranslateOptions): Translated {
  const ere = o.ere;
  const offset = o.groupOffset ?? 0;
  const warnings: string[] = [];
  let groups = 0;
  let alternation = false;
  interface Frame { parts: string[]; quant: boolean[]; group: number; }
  const stack: Frame[] = [{ parts: [], quant: [], group: 0 }];
  let atStart = true; // start of an expression: after the beginning, ( or |, or a leading ^
  const top = () => stack[stack.length - 1]!;
  const atom = (s: string) => { top().parts.push(s); top().quant.push(false); atStart = false; };
  const anchor = (s: string) => { top().parts.push(s); top().quant.push(true); };
  const quantify = (q: string, shown: string): boolean => {
    const f = top();
    if (atStart || !f.parts.length) {
      if (!ere) return false; // BRE: a leading * is an ordinary character
      warnings.push(`${o.prog ?? 'grep'}: warning: ${shown} at start of expression`);
      return true; // ERE: ignored
    }
    const k = f.parts.length - 1;
    // JavaScript refuses a** or a{2}{3}: the already-quantified atom is grouped first.
    f.parts[k] = f.quant[k] ? `(?:${f.parts[k]})${q}` : f.parts[k] + q;
    f.quant[k] = true;
    return true;
  };
  /** An interval's contents after the opening brace; null when (ERE) it is not an interval at all. */
  const interval = (i: number): { q: string; end: number } | null => {
    const close = ere ? '}' : '\\}';
    const m = /^(\d*)(,(\d*))?/.exec(pat.slice(i))!;
    let j = i + m[0].length;
    if (!pat.startsWith(close, j)) {
      if (ere) return null;
      if (j >= pat.length) throw new RegexError('Unmatched \\{');
      throw new RegexError('Invalid content of \\{\\}');
    }
    j += close.length;
    if (m[1] === '' && m[2] === undefined) { if (ere) return null; throw new RegexError('Invalid content of \\{\\}'); }
    const lo = m[1] === '' ? 0 : Number(m[1]);
    const hi = m[2] === undefined ? lo : m[3] === '' ? Infinity : Number(m[3]);
    if (hi < lo) throw new RegexError('Invalid content of \\{\\}');
    if (lo > 32767 || (hi !== Infinity && hi > 32767)) throw new RegexError('Regular expression too big');
    return { q: m[2] === undefined ? `{${lo}}` : hi === Infinity ? `{${lo},}` : `{${lo},${hi}}`, end: j };
  };
  const openGroup = () => { groups++; stack.push({ parts: [], quant: [], group: groups }); atStart = true; };
  const closeGroup = () => {
    const f = stack.pop()!;
    atom(`(${f.parts.join('')})`);
  };
  const alt = () => { alternation = true; top().parts.push('|'); top().quant.push(true); atStart = true; };

  let i = 0;
  while (i < pat.length) {
    const c = pat[i]!;
    if (c === '\\') {
      const d = pat[i + 1];
      if (d === undefined) throw new RegexError('Trailing backslash');
      i += 2;
      if (!ere && d === '(') { openGroup(); continue; }
      if (!ere && d === ')') { if (stack.length === 1) throw new RegexError('Unmatched ) or \\)'); closeGroup(); continue; }
      if (!ere && d === '|') { alt(); continue; }
      if (!ere && d === '{') {
        if (atStart || !top().parts.length) throw new RegexError('Invalid preceding regular expression');
        const iv = interval(i)!;
        quantify(iv.q, '{...}');
        i = iv.end;
        continue;
      }
      if (!ere && (d === '+' || d === '?')) { if (!quantify(d, d)) atom(lit(d)); continue; }
      if (d >= '1' && d <= '9') {
        const n = Number(d);
        if (n > groups) throw new RegexError('Invalid back reference');
        atom(`\\${n + offset}`);
        continue;
      }
      switch (d) {
        case 'w': atom(WORD); continue;
        case 'W': atom(NOT_WORD); continue;
        case 's': atom('\\s'); continue;
        case 'S': atom('\\S'); continue;
        case '<': anchor(`(?<!${WORD})(?=${WORD})`); continue;
        case '>': anchor(`(?<=${WORD})(?!${WORD})`); continue;
        case 'b': anchor(`(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`); continue;
        case 'B': anchor(`(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`); continue;
        case '`': anchor('(?<![\\s\\S])'); continue;
        case "'": anchor('(?![\\s\\S])'); continue;
      }
      if (o.sed && d === 'n') { atom('\\n'); continue; }
      atom(lit(d));
      continue;
    }
    if (c === '[') { const b = bracket(pat, i); atom(b.source); i = b.end; continue; }
    if (c === '.') { atom('.'); i++; continue; }
    if (c === '*') { if (!quantify('*', '*')) atom('\\*'); i++; continue; }
    if (c === '^') {
      // BRE: an anchor only at the start of an expression; ERE: always.
      if (ere || (atStart && !(top().parts.length && top().parts[top().parts.length - 1] === '^'))) { anchor('^'); i++; continue; }
      atom('\\^'); i++; continue;
    }
    if (c === '$') {
      const rest = pat.slice(i + 1);
      if (ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|')) { anchor('$'); atStart = false; i++; continue; }
      atom('\\$'); i++; continue;
    }
    if (ere) {
      if (c === '(') { openGroup(); i++; continue; }
      if (c === ')') {
        if (stack.length === 1) { atom('\\)'); i++; continue; } // an unmatched ) is ordinary in ERE
        closeGroup(); i++; continue;
      }
      if (c === '|') { alt(); i++; continue; }
      if (c === '+' || c === '?') { quantify(c, c); i++; continue; }
      if (c === '{') {
        const iv = interval(i + 1);
        if (!iv) { atom('\\{'); i++; continue; }
        quantify(iv.q, '{...}');
        i = iv.end;
        continue;
      }
    }
    atom(lit(c));
    i++;
  }
  if (stack.length > 1) throw new RegexError('Unmatched ( or \\(');
  return { source: stack[0]!.parts.join(''), groups, alternation, warnings };
}

/** A bracket expression at pat[i] === '[' → a JavaScript class. */
function bracket(pat: string, i: number): { source: string; end: number } {
  let j = i + 1;
  let neg = false;
  if (pat[j] === '^') { neg = true; j++; }
  const contentStart = j;
  const items: string[] = [];
  let first = true;
  const unmatched = () => new RegexError('Unmatched [, [^, [:, [., or [=');
  /** One endpoint: a character, [.c.] or [=c=]; or a [:class:] (not usable in a range). */
  const element = (): { ch?: string; cls?: string } => {
    if (j >= pat.length) throw unmatched();
    const c = pat[j]!;
    if (c === '[' && (pat[j + 1] === ':' || pat[j + 1] === '=' || pat[j + 1] === '.')) {
      const kind = pat[j + 1]!;
      const close = pat.indexOf(kind + ']', j + 2);
      if (close < 0) throw unmatched();
      const name = pat.slice(j + 2, close);
      j = close + 2;
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined) throw new RegexError('Invalid character class name');
        return { cls };
      }
      const cps = [...name];
      if (cps.length !== 1) throw new RegexError('Invalid collation character');
      return { ch: cps[0]! };
    }
    const cp = String.fromCodePoint(pat.codePointAt(j)!);
    j += cp.length;
    return { ch: cp };
  };
  for (;;) {
    if (j >= pat.length) throw unmatched();
    if (pat[j] === ']' && !first) break;
    first = false;
    const a = element();
    if (a.cls !== undefined) { items.push(a.cls); continue; }
    if (pat[j] === '-' && pat[j + 1] !== ']' && j + 1 < pat.length) {
      j++;
      const b = element();
      if (b.cls !== undefined) throw new RegexError('Invalid range end');
      if (b.ch!.codePointAt(0)! < a.ch!.codePointAt(0)!) throw new RegexError('Invalid range end');
      items.push(`${classLit(a.ch!)}-${classLit(b.ch!)}`);
      continue;
    }
    items.push(classLit(a.ch!));
  }
  const content = pat.slice(contentStart, j);
  if (/^:.*:$/s.test(content) && content.length >= 2 && !neg) {
    throw new RegexError(`character class syntax is [[:space:]], not [:space:]`);
  }
  return { source: `[${neg ? '^' : ''}${items.join('')}]`, end: j + 1 };
}

export interface Matcher {
  re: RegExp;
  /** POSIX wants the leftmost-longest match; JavaScript gives leftmost-first. They differ only with |. */
  longest: boolean;
}

export interface MatchResult { index: number; end: number; groups: (string | undefined)[]; }

/** The leftmost(-longest) match at or after `from`. */
export function execAt(m: Matcher, s: string, from: number): MatchResult | null {
  m.re.lastIndex = from;
  const r = m.re.exec(s);
  if (!r) return null;
  let best: MatchResult = { index: r.index, end: r.index + r[0].length, groups: [...r] };
  if (m.longest && best.end < s.length) {
    // Try each longer end, longest first (bounded: lines in a course are short).
    const limit = Math.min(s.length, best.end + 512);
    for (let end = limit; end > best.end; end--) {
      const re = anchoredEnd(m, s.length - end);
      re.lastIndex = best.index;
      const r2 = re.exec(s);
      if (r2 && r2.index === best.index) { best = { index: r2.index, end, groups: [...r2] }; break; }
    }
  }
  return best;
}
const endCache = new WeakMap<RegExp, Map<number, RegExp>>();
function anchoredEnd(m: Matcher, rest: number): RegExp {
  let cache = endCache.get(m.re);
  if (!cache) endCache.set(m.re, (cache = new Map()));
  let re = cache.get(rest);
  if (!re) {
    re = new RegExp(`(?:${m.re.source})(?=[\\s\\S]{${rest}}(?![\\s\\S]))`, m.re.flags.replace('g', '') + 'y');
    cache.set(rest, re);
  }
  return re;
}

/** Compiles grep's pattern list; throws RegexError with glibc's message. */
export function compilePatterns(patterns: string[], opt: { mode: 'G' | 'E' | 'F' | 'P'; icase: boolean; word: boolean; line: boolean; prog?: string }): { matcher: Matcher; warnings: string[] } {
  const warnings: string[] = [];
  const sources: string[] = [];
  let groups = 0;
  let alternation = patterns.length > 1;
  for (const p of patterns) {
    if (opt.mode === 'F') { sources.push([...p].map(lit).join('')); continue; }
    if (opt.mode === 'P') {
      try { new RegExp(p, 'u'); } catch (e) { throw new RegexError((e as Error).message); }
      sources.push(p);
      alternation = true;
      continue;
    }
    const t = translate(p, { ere: opt.mode === 'E', groupOffset: groups, prog: opt.prog });
    groups += t.groups;
    alternation ||= t.alternation;
    warnings.push(...t.warnings);
    sources.push(t.source);
  }
  let source = sources.length ? sources.map((s) => (sources.length > 1 ? `(?:${s})` : s)).join('|') : '(?!)';
  if (opt.line) source = `^(?:${source})$`;
  else if (opt.word) source = `(?<!${WORD})(?:${source})(?!${WORD})`;
  const flags = 'gu' + (opt.icase ? 'i' : '');
  try {
    return { matcher: { re: new RegExp(source, flags), longest: alternation && opt.mode !== 'P' }, warnings };
  } catch (e) {
    throw new RegexError((e as Error).message);
  }
}

// ---- the grep program ----------------------------------------------------------------------------------------

class Usage2 extends Error {}
// GREP_COLORS defaults: matched text, file name, line/byte number, separator.
const MT = '01;31', FN = '35', LN = '32', SE = '36';
const USAGE = 'Usage: grep [OPTION]... PATTERNS [FILE]...\nTry \'grep --help\' for more information.\n';

export default async function grep(sys: Sys): Promise<number> {
  // "-5" is -C 5 (digits accumulate into a context length).
  const argv = sys.argv.slice(1).map((a) => a);
  const args: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === '--') { args.push(...argv.slice(k)); break; }
    if (/^-\d+$/.test(a)) args.push('-C', a.slice(1)); else args.push(a);
  }
  let o: ReturnType<typeof getopt>;
  try { o = getopt('grep', args, OPTIONS); } catch (e) {
    if (e instanceof UsageError) { await sys.err(`${e.message}\n${USAGE}`); return 2; }
    throw e;
  }
  if (o.has('help')) { await sys.out(USAGE.split('\n')[0] + '\nSearch for PATTERNS in each FILE.\n'); return 0; }
  if (o.has('V')) { await sys.out('grep (GNU grep) 3.8\n'); return 0; }

  const err = async (m: string) => { await out.flush(); await sys.err(m); };
  const out = new OutBuf(sys);
  try {
    return await run();
  } catch (e) {
    if (e instanceof Usage2) { await out.flush(); await sys.err(e.message); return 2; }
    throw e;
  }

  async function run(): Promise<number> {
    const opts = o;
    // Matcher selection: -E -F -G -P, conflicting ones refused.
    const modes = opts.list.filter(([k]) => 'EFGP'.includes(k) && k.length === 1).map(([k]) => k);
    if (new Set(modes).size > 1) throw new Usage2('grep: conflicting matchers specified\n');
    const mode = (modes[0] ?? 'G') as 'G' | 'E' | 'F' | 'P';
    let icase = false;
    for (const [k] of opts.list) { if (k === 'i' || k === 'y') icase = true; if (k === 'no-i') icase = false; }

    const num = (k: string, msg: (v: string) => string): number | undefined => {
      const v = opts.get(k);
      if (v === undefined) return undefined;
      if (!/^\s*\+?\d+$/.test(v)) throw new Usage2(msg(v));
      return Number(v);
    };
    const maxCount = (() => {
      const v = opts.get('m');
      if (v === undefined) return Infinity;
      if (!/^\s*[-+]?\d+$/.test(v)) throw new Usage2('grep: invalid max count\n');
      const n = Number(v);
      return n < 0 ? Infinity : n;
    })();
    const ctxMsg = (v: string) => `grep: ${v}: invalid context length argument\n`;
    const ctx = num('C', ctxMsg) ?? 0;
    const after = num('A', ctxMsg) ?? ctx;
    const before = num('B', ctxMsg) ?? ctx;

    // Patterns: every -e, every line of every -f file, else the first operand.
    const patterns: string[] = [];
    let havePatterns = false;
    const operands = [...opts.operands];
    for (const [k, v] of opts.list) {
      if (k === 'e') { patterns.push(...(v as string).split('\n')); havePatterns = true; }
      if (k === 'f') {
        havePatterns = true;
        try {
          const text = v === '-' ? new TextDecoder().decode(await sys.readAll(0)) : await sys.readText(v as string);
          const lines = text.split('\n');
          if (text.endsWith('\n')) lines.pop();
          if (text !== '') for (const l of lines) patterns.push(l);
        } catch (e) {
          if (e instanceof SysError) { await err(`grep: ${quoteName(v as string)}: ${sysErrText(e)}\n`); return 2; }
          throw e;
        }
      }
    }
    if (!havePatterns) {
      if (!operands.length) throw new Usage2(USAGE);
      patterns.push(...operands.shift()!.split('\n'));
    }

    let compiled;
    try {
      compiled = compilePatterns(patterns, { mode, icase, word: opts.has('w'), line: opts.has('x') });
    } catch (e) {
      if (e instanceof RegexError) { await err(`grep: ${e.message}\n`); return 2; }
      throw e;
    }
    for (const w of compiled.warnings) await err(w + '\n');
    const matcher = compiled.matcher;

    const invert = opts.has('v');
    const count = opts.has('c');
    const quiet = opts.has('q');
    const listMatch = opts.has('l');
    const listNon = opts.has('L');
    const only = opts.has('o');
    const lineNo = opts.has('n');
    const byteOff = opts.has('b');
    const noMsgs = opts.has('s');
    const nullName = opts.has('Z');
    const text = opts.has('a') || opts.get('binary-files') === 'text';
    const binaryNoMatch = opts.get('binary-files') === 'without-match';
    const recursive = opts.has('r') || opts.has('R');
    const sep = opts.has('z') ? '\0' : '\n';
    const label = opts.get('label') ?? '(standard input)';
    const directories = opts.get('d') ?? (recursive ? 'recurse' : 'read');
    const initialTab = opts.has('T');
    // --color: always; auto (or bare --color) only on a terminal whose TERM is not dumb. GNU's default colours.
    const colorOpt = opts.list.findLast(([k]) => k === 'color')?.[1];
    const colorWhen = colorOpt === undefined ? 'never' : colorOpt === true ? 'auto' : colorOpt;
    const term = sys.getenv('TERM');
    const color = ['always', 'yes', 'force'].includes(colorWhen)
      || (['auto', 'tty', 'if-tty'].includes(colorWhen) && sys.isatty(1) && !!term && term !== 'dumb');
    const paint = (sgr: string, s: string) => (color && s ? `\x1b[${sgr}m\x1b[K${s}\x1b[m\x1b[K` : s);

    const files = operands.length ? operands : [recursive ? '.' : '-'];
    const implicitDot = !operands.length && recursive;
    let withName = files.length > 1 || recursive;
    for (const [k] of opts.list) { if (k === 'H') withName = true; if (k === 'h') withName = false; }
    if (recursive && files.length === 1 && !operands.length) withName = !opts.has('h') || opts.list.findLast(([k]) => k === 'H' || k === 'h')?.[0] === 'H';

    let status = 1;
    let errors = false;
    const matches = (line: string) => { matcher.re.lastIndex = 0; return matcher.re.test(line) !== invert; };

    const searchFile = async (fd: number, name: string): Promise<boolean> => {
      const shown = name;
      const prefix = (n: number, off: number, s: ':' | '-') => {
        let p = '';
        if (withName) p += paint(FN, shown) + (nullName ? '\0' : paint(SE, s));
        if (lineNo) p += paint(LN, String(n)) + paint(SE, s);
        if (byteOff) p += paint(LN, String(off)) + paint(SE, s);
        return p && initialTab ? p + '\t' : p;
      };
      /** A selected line with its matches highlighted (--color). */
      const highlight = (line: string) => {
        if (!color || invert) return line;
        let outText = '';
        let copied = 0;
        for (let from = 0; from <= line.length;) {
          const m = execAt(matcher, line, from);
          if (!m) break;
          if (m.end === m.index) { from = m.index + 1; continue; }
          outText += line.slice(copied, m.index) + paint(MT, line.slice(m.index, m.end));
          copied = from = m.end;
        }
        return outText + line.slice(copied);
      };
      const dec = new TextDecoder();
      const strict = new TextDecoder('utf-8', { fatal: true });
      const enc = new TextEncoder();
      let buf = '';
      let binary = false;
      let selected = 0;
      let n = 0;
      let offset = 0;
      let lastPrinted = 0; // line number of the last line printed (for -- separators)
      let afterLeft = 0;
      const held: { n: number; off: number; line: string }[] = []; // before-context
      let stop = false;
      const outputs = !quiet && !listMatch && !listNon && !count;
      const emitLine = (ln: number, off: number, line: string, s: ':' | '-') => {
        if ((before || after) && lastPrinted && ln > lastPrinted + 1) out.push(paint(SE, '--') + '\n');
        lastPrinted = ln;
        out.push(prefix(ln, off, s) + (s === ':' ? highlight(line) : line) + sep);
      };
      /** One line (synchronous: output is queued and written once per input chunk); false once nothing more
       *  of this file matters. */
      const handle = (line: string): boolean => {
        n++;
        const off = offset;
        if (byteOff) offset += enc.encode(line).length + 1;
        if (!outputs) {
          if (selected >= maxCount) return false;
          if (!matches(line)) return true;
          selected++;
          if (quiet || listMatch || listNon) return false;
          return selected < maxCount;
        }
        const sel = matches(line);
        if (selected >= maxCount) {
          // -m reached: only trailing context is left, up to the next selected line.
          if (sel || afterLeft <= 0) return false;
          afterLeft--;
          emitLine(n, off, line, '-');
          return afterLeft > 0;
        }
        if (sel) {
          selected++;
          if (binary && !text) { stop = true; return false; }
          for (const h of held) emitLine(h.n, h.off, h.line, '-');
          held.length = 0;
          if (!only) emitLine(n, off, line, ':');
          else if (!invert) {
            if ((before || after) && lastPrinted && n > lastPrinted + 1) out.push(paint(SE, '--') + '\n');
            lastPrinted = n;
            for (let from = 0; from <= line.length;) {
              const m = execAt(matcher, line, from);
              if (!m) break;
              if (m.end === m.index) { from = m.index + 1; continue; } // empty matches are not printed
              const moff = off + enc.encode(line.slice(0, m.index)).length;
              out.push(prefix(n, moff, ':') + paint(MT, line.slice(m.index, m.end)) + sep);
              from = m.end;
            }
          }
          afterLeft = after;
          return selected < maxCount || after > 0;
        }
        if (afterLeft > 0) {
          afterLeft--;
          if (!only) emitLine(n, off, line, '-');
          return true;
        }
        if (before && !only) { held.push({ n, off, line }); if (held.length > before) held.shift(); }
        return true;
      };
      let going = true;
      for (;;) {
        await out.flush();
        const chunk = await sys.read(fd, 65536);
        if (!chunk.length) break;
        if (!binary && !text) {
          if (chunk.includes(0)) binary = true;
          else try { strict.decode(chunk, { stream: true }); } catch { binary = true; }
        }
        buf += dec.decode(chunk, { stream: true });
        let start = 0;
        for (let k = buf.indexOf(sep); k >= 0; k = buf.indexOf(sep, start)) {
          const line = buf.slice(start, k);
          start = k + 1;
          if (!(going = handle(line))) break;
        }
        buf = buf.slice(start);
        if (!going) break;
      }
      if (going) { buf += dec.decode(); if (buf) handle(buf); }
      if (stop || (binary && !text && selected && outputs)) {
        if (!binaryNoMatch) await err(`grep: ${name}: binary file matches\n`);
      }
      if (count) await out.put((withName ? paint(FN, shown) + (nullName ? '\0' : paint(SE, ':')) : '') + `${selected}\n`);
      if (listMatch && selected) await out.put(paint(FN, shown) + (nullName ? '\0' : '\n'));
      if (listNon && !selected) await out.put(paint(FN, shown) + (nullName ? '\0' : '\n'));
      return selected > 0;
    };

    const visit = async (path: string, shown: string, top: boolean): Promise<boolean> => {
      if (path === '-') return searchFile(0, label);
      let st;
      try { st = sys.stat(path); } catch (e) {
        if (!noMsgs) await err(`grep: ${quoteName(shown)}: ${sysErrText(e)}\n`);
        errors = true;
        return false;
      }
      if (isDirMode(st.mode)) {
        if (directories === 'skip') return false;
        if (directories !== 'recurse') {
          if (!noMsgs) await err(`grep: ${quoteName(shown)}: Is a directory\n`);
          errors = true;
          return false;
        }
        let found = false;
        let names: string[];
        try { names = sys.readdir(path); } catch (e) {
          if (!noMsgs) await err(`grep: ${quoteName(shown)}: ${sysErrText(e)}\n`);
          errors = true;
          return false;
        }
        for (const nm of names) {
          const child = path === '/' ? `/${nm}` : `${path}/${nm}`;
          const childShown = top && implicitDot ? nm : shown.endsWith('/') ? shown + nm : `${shown}/${nm}`;
          let cst;
          try { cst = sys.lstat(child); } catch { continue; }
          if ((cst.mode & 0o170000) === 0o120000 && !opts.has('R')) continue; // -r skips symlinks below the top
          if (!isDirMode(cst.mode) && !included(nm)) continue;
          if (isDirMode(cst.mode) && opts.list.some(([k, v]) => k === 'exclude-dir' && globMatch(v as string, nm))) continue;
          if (await visit(child, childShown, false)) found = true;
          if (found && quiet) return true;
        }
        return found;
      }
      let fd: number;
      try { fd = sys.open(path); } catch (e) {
        if (!noMsgs) await err(`grep: ${quoteName(shown)}: ${sysErrText(e)}\n`);
        errors = true;
        return false;
      }
      try { return await searchFile(fd, shown); } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (!noMsgs) await err(`grep: ${quoteName(shown)}: ${sysErrText(e)}\n`);
        errors = true;
        return false;
      } finally { closeInput(sys, fd); }
    };
    const included = (nm: string) => {
      const inc = opts.list.filter(([k]) => k === 'include').map(([, v]) => v as string);
      const exc = opts.list.filter(([k]) => k === 'exclude').map(([, v]) => v as string);
      if (exc.some((g) => globMatch(g, nm))) return false;
      return !inc.length || inc.some((g) => globMatch(g, nm));
    };

    for (const f of files) {
      if (await visit(f, f, true)) {
        status = 0;
        if (quiet) break; // -q: the first match decides
      }
    }
    await out.flush();
    if (quiet && status === 0) return 0;
    return errors ? 2 : status;
  }
}

/** fnmatch(3) for --include/--exclude: * ? [...] */
function globMatch(glob: string, name: string): boolean {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') { const j = glob.indexOf(']', i + 2); if (j < 0) src += '\\['; else { src += '[' + glob.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']'; i = j; } }
    else src += lit(c);
  }
  return new RegExp(`^${src}$`, 'su').test(name);
}
