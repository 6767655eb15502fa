// sed(1) of GNU sed 4.9: a stream editor. The script (from -e/-f/the first operand) is compiled once into a
// list of commands with addresses; input lines stream through the pattern space, so `yes | sed q` ends and
// big files are never held whole (except with -i, which rewrites each file when it is done).
// Regular expressions are POSIX BRE (ERE with -E/-r), translated by grep's translator; matching is
// leftmost-longest where JavaScript's leftmost-first could differ, and s///g follows GNU's rules for empty
// matches. Error messages copy GNU's, including "-e expression #1, char 5:" positions.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { O_CREAT, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import { isDirMode, LineReader, OutBuf, sysErrText, textEncoder } from './lib.ts';
import { execAt, RegexError, translate, type Matcher, type MatchResult } from './grep.ts';
import { baseName } from './basename.ts';

/** Options, parsed by hand because -i takes an optional suffix glued to it (-i.bak; -in means suffix "n"). */
const OPTIONS = {
  flags: 'nrEsuz',
  withArg: 'efl',
  optionalArg: 'i',
  long: {
    quiet: 'n', silent: 'n', 'regexp-extended': 'E', separate: 's', unbuffered: 'u', 'null-data': 'z',
    'zero-terminated': 'z', expression: 'e=', file: 'f=', 'line-length': 'l=', 'in-place': 'i?', posix: 'posix',
    debug: 'debug', sandbox: 'sandbox', 'follow-symlinks': 'follow', help: 'help', version: 'version',
  } as Record<string, string>,
};

const USAGE = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

class Fatal extends Error {
  readonly status: number;
  constructor(msg: string, status = 1) { super(msg); this.status = status; }
}

// ---- the compiled script ---------------------------------------------------------------------------------

type Addr =
  | { t: 'line'; n: number }
  | { t: 'last' }
  | { t: 're'; re: Regex | null }
  | { t: 'step'; first: number; step: number }
  | { t: 'zero' }
  | { t: 'plus'; n: number }
  | { t: 'mult'; n: number };

interface Regex { m: Matcher; groups: number; }

interface Cmd {
  a1?: Addr;
  a2?: Addr;
  neg: boolean;
  name: string;
  /** Range state: active, and for +N/~N/line ends, the last line. */
  active: boolean;
  end: number;
  text?: string; // a i c
  label?: string; // b t T :
  target?: number; // resolved jump / block end
  file?: string; // r R w W, s///w
  code?: number; // q Q
  re?: Regex | null; // s
  repl?: Repl[]; // s
  global?: boolean;
  nth?: number;
  print?: number;
  eval?: boolean;
  from?: string[]; to?: string[]; // y
  width?: number; // l
}

type Repl = { t: 'lit'; s: string } | { t: 'ref'; n: number } | { t: 'case'; c: 'L' | 'U' | 'l' | 'u' | 'E' };

interface Source { text: string; kind: 'e' | 'f'; index: number; name?: string }

class Compiler {
  private readonly src: string;
  private i = 0;
  readonly cmds: Cmd[] = [];
  private readonly blocks: number[] = [];
  private readonly ere: boolean;
  private readonly where: (pos: number) => string;
  quietFromScript = false;
  constructor(src: string, ere: boolean, where: (pos: number) => string) {
    this.src = src; this.ere = ere; this.where = where;
  }
  private fail(msg: string, pos = this.i): never { throw new Fatal(`sed: ${this.where(pos)}: ${msg}`); }
  private peek() { return this.src[this.i]; }
  private skipWs() { while (this.i < this.src.length && /[ \t]/.test(this.src[this.i]!)) this.i++; }
  private skipWsNl() { while (this.i < this.src.length && /[ \t\n;]/.test(this.src[this.i]!)) this.i++; }

  compile(): Cmd[] {
    if (this.src.startsWith('#n\n') || this.src === '#n') this.quietFromScript = true;
    for (;;) {
      this.skipWsNl();
      if (this.i >= this.src.length) break;
      this.command();
    }
    if (this.blocks.length) this.fail("unmatched `{'", 0);
    return this.cmds;
  }

  private number(): number {
    const m = /^\d+/.exec(this.src.slice(this.i))!;
    this.i += m[0].length;
    return Number(m[0]);
  }

  /** A regex between delimiters, with \delim meaning the delimiter itself and \n a newline. */
  private delimited(delim: string, what: string, isRegex = false): string {
    let out = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) this.fail(what);
      this.i++;
      if (c === '[' && isRegex) {
        // A bracket expression may hold the delimiter: s/[/]/x/ (as GNU's match_slash allows).
        let j = this.i;
        if (this.src[j] === '^') j++;
        if (this.src[j] === ']') j++;
        for (; j < this.src.length && this.src[j] !== ']'; j++) {
          if (this.src[j] === '[' && /[:.=]/.test(this.src[j + 1] ?? '')) {
            const close = this.src.indexOf(this.src[j + 1]! + ']', j + 2);
            if (close >= 0) j = close + 1;
          }
          if (this.src[j] === '\n') break;
        }
        if (j < this.src.length && this.src[j] === ']') {
          out += this.src.slice(this.i - 1, j + 1);
          this.i = j + 1;
          continue;
        }
        if (j >= this.src.length) { this.i = j; this.fail(what); }
      }
      if (c === delim) return out;
      if (c === '\n' && what !== "unterminated `y' command" && what !== "unterminated `s' command") this.fail(what);
      if (c === '\\') {
        const d = this.src[this.i];
        if (d === undefined) this.fail(what);
        this.i++;
        if (d === delim) out += delim === '&' ? '\\&' : delim;
        else if (d === '\n') out += '\n';
        else out += '\\' + d;
        continue;
      }
      out += c;
    }
  }

  private sawRegex = false;
  private regex(pat: string, flags: string): Regex | null {
    if (pat === '') { // the last regex used (at run time)
      if (!this.sawRegex) this.fail('no previous regular expression', 0);
      return null;
    }
    this.sawRegex = true;
    try {
      const t = translate(sedEscapes(pat), { ere: this.ere, sed: true, prog: 'sed' });
      const f = 'gsu' + (flags.includes('I') ? 'i' : '') + (flags.includes('M') ? 'm' : '');
      return { m: { re: new RegExp(t.source, f), longest: t.alternation }, groups: t.groups };
    } catch (e) {
      if (e instanceof RegexError) this.fail(e.message);
      throw e;
    }
  }

  private address(): Addr | undefined {
    const c = this.peek();
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const n = this.number();
      if (this.peek() === '~') {
        this.i++;
        const step = /\d/.test(this.peek() ?? '') ? this.number() : 0;
        return { t: 'step', first: n, step };
      }
      return n === 0 ? { t: 'zero' } : { t: 'line', n };
    }
    if (c === '$') { this.i++; return { t: 'last' }; }
    if (c === '/' || c === '\\') {
      this.i++;
      let delim = '/';
      if (c === '\\') { delim = this.src[this.i++] ?? ''; if (!delim || delim === '\n' || delim === '\\') this.fail('unterminated address regex'); }
      const pat = this.delimited(delim, 'unterminated address regex', true);
      let flags = '';
      while (this.peek() === 'I' || this.peek() === 'M') flags += this.src[this.i++];
      return { t: 're', re: this.regex(pat, flags) };
    }
    return undefined;
  }

  private command() {
    const cmd: Cmd = { neg: false, name: '', active: false, end: 0 };
    cmd.a1 = this.address();
    if (cmd.a1) {
      this.skipWs();
      if (this.peek() === ',') {
        this.i++;
        this.skipWs();
        const c = this.peek();
        if (c === '+' || c === '~') {
          this.i++;
          if (!/\d/.test(this.peek() ?? '')) this.fail("expected newer version of sed");
          const n = this.number();
          cmd.a2 = c === '+' ? { t: 'plus', n } : { t: 'mult', n };
        } else {
          const a2 = this.address();
          if (!a2) this.fail("unexpected `,'");
          cmd.a2 = a2.t === 'zero' ? (this.fail('invalid usage of line address 0'), a2) : a2.t === 'step' ? { t: 'line', n: a2.first } : a2;
        }
      }
    }
    this.skipWs();
    while (this.peek() === '!') {
      this.i++;
      if (cmd.neg) this.fail("multiple `!'s");
      cmd.neg = true;
      this.skipWs();
    }
    const name = this.src[this.i++];
    if (cmd.a1?.t === 'zero' && !(cmd.a2 && cmd.a2.t === 're')) this.fail('invalid usage of line address 0');
    if (name === undefined || name === '\n' || name === ';') this.fail('missing command', name === undefined ? this.i - 1 : this.i);
    cmd.name = name;
    const noAddr = () => { if (cmd.a1) this.fail(name === '}' ? "} doesn't want any addresses" : name === '#' ? "comments don't accept any addresses" : `: doesn't want any addresses`); };
    const oneAddr = () => { if (cmd.a2) this.fail('command only uses one address'); };
    switch (name) {
      case '{':
        this.blocks.push(this.cmds.length);
        this.cmds.push(cmd);
        return;
      case '}': {
        if (!this.blocks.length) this.fail("unexpected `}'");
        if (cmd.a1) this.fail("} doesn't want any addresses");
        const open = this.blocks.pop()!;
        this.cmds.push(cmd);
        this.cmds[open]!.target = this.cmds.length;
        this.endOfCommand();
        return;
      }
      case '#':
        noAddr();
        while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++;
        return;
      case ':': {
        if (cmd.a1) this.fail(": doesn't want any addresses");
        this.skipWs();
        const label = this.label();
        if (!label) this.fail('":" lacks a label');
        cmd.label = label;
        this.cmds.push(cmd);
        return;
      }
      case 'a': case 'i': case 'c':
        cmd.text = this.text();
        this.cmds.push(cmd);
        return;
      case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'n': case 'N': case 'p': case 'P':
      case 'x': case 'z': case 'F':
        this.cmds.push(cmd);
        this.endOfCommand();
        return;
      case 'l': case 'L':
        this.skipWs();
        if (/\d/.test(this.peek() ?? '')) cmd.width = this.number();
        this.cmds.push(cmd);
        this.endOfCommand();
        return;
      case 'q': case 'Q':
        oneAddr();
        this.skipWs();
        cmd.code = /\d/.test(this.peek() ?? '') ? this.number() : 0;
        this.cmds.push(cmd);
        this.endOfCommand();
        return;
      case 'b': case 't': case 'T':
        this.skipWs();
        cmd.label = this.label();
        this.cmds.push(cmd);
        return;
      case 'r': case 'R': case 'w': case 'W':
        cmd.file = this.filename();
        this.cmds.push(cmd);
        return;
      case 'e':
        this.fail('e command not supported on this machine');
        return;
      case 'v':
        this.label();
        return;
      case 's': return this.substitute(cmd);
      case 'y': return this.transliterate(cmd);
      default:
        this.fail(`unknown command: \`${name}'`);
    }
  }

  private label(): string {
    const start = this.i;
    while (this.i < this.src.length && !/[\n;]/.test(this.src[this.i]!)) this.i++;
    const l = this.src.slice(start, this.i).replace(/[ \t]+$/, '');
    if (this.src[this.i] === ';') this.i++;
    return l;
  }

  private filename(): string {
    this.skipWs();
    const start = this.i;
    while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++;
    const f = this.src.slice(start, this.i);
    if (!f) this.fail('missing filename in r/R/w/W commands');
    return f;
  }

  /** After a command: spaces, then ; or newline or } or # or the end. */
  private endOfCommand() {
    this.skipWs();
    const c = this.peek();
    if (c === undefined || c === '\n' || c === ';') { if (c) this.i++; return; }
    if (c === '}' || c === '#') return;
    this.i++;
    this.fail('extra characters after command');
  }

  /** Text of a, i, c: GNU's one-liner "a text" or the POSIX "a\<newline>text" form. */
  private text(): string {
    this.skipWs();
    if (this.peek() === '\\') {
      this.i++;
      if (this.peek() === '\n') this.i++;
    } else if (this.i >= this.src.length) this.fail("expected \\ after `a', `c' or `i'");
    let out = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) break;
      this.i++;
      if (c === '\n') break;
      if (c === '\\') {
        const d = this.src[this.i];
        if (d === undefined) break;
        this.i++;
        out += d;
        continue;
      }
      out += c;
    }
    return out;
  }

  private substitute(cmd: Cmd) {
    const delim = this.src[this.i++];
    if (delim === undefined || delim === '\n' || delim === '\\') this.fail("unterminated `s' command");
    const pat = this.delimited(delim, "unterminated `s' command", true);
    const replRaw = this.delimited(delim, "unterminated `s' command");
    let flags = '';
    cmd.print = 0;
    for (;;) {
      const c = this.peek();
      if (c === undefined) break;
      if (c === 'g') { if (cmd.global) this.fail("multiple `g' options to `s' command", this.i + 1); cmd.global = true; this.i++; continue; }
      if (c === 'p') { if (cmd.print) this.fail("multiple `p' options to `s' command", this.i + 1); cmd.print++; this.i++; continue; }
      if (c === 'i' || c === 'I') { flags += 'I'; this.i++; continue; }
      if (c === 'm' || c === 'M') { flags += 'M'; this.i++; continue; }
      if (c === 'e') { this.fail('e command not supported on this machine'); }
      if (/\d/.test(c)) {
        if (cmd.nth !== undefined) this.fail("multiple number options to `s' command", this.i + 1);
        const n = this.number();
        if (n === 0) this.fail("number option to `s' command may not be zero");
        cmd.nth = n;
        continue;
      }
      if (c === 'w') { this.i++; cmd.file = this.filename(); break; }
      if (c === '}' || c === '#' || c === '\n' || c === ';' || c === ' ' || c === '\t') { this.endOfCommand(); break; }
      this.i++;
      this.fail("unknown option to `s'");
    }
    cmd.re = this.regex(pat, flags);
    cmd.repl = parseReplacement(replRaw);
    const maxRef = Math.max(0, ...cmd.repl.map((r) => (r.t === 'ref' ? r.n : 0)));
    const groups = cmd.re ? cmd.re.groups : undefined;
    if (groups !== undefined && maxRef > groups) this.fail(`invalid reference \\${maxRef} on \`s' command's RHS`);
    this.cmds.push(cmd);
  }

  private transliterate(cmd: Cmd) {
    const delim = this.src[this.i++];
    if (delim === undefined || delim === '\n' || delim === '\\') this.fail("unterminated `y' command");
    const unesc = (s: string) => {
      const out: string[] = [];
      for (let k = 0; k < s.length; k++) {
        if (s[k] === '\\') {
          const d = s[++k];
          if (d === 'n') out.push('\n'); else if (d === 't') out.push('\t'); else if (d === '\\') out.push('\\');
          else if (d === 'r') out.push('\r'); else if (d === 'f') out.push('\f'); else if (d === 'v') out.push('\v'); else if (d === 'a') out.push('\x07');
          else this.fail("unknown option to `s'");
          continue;
        }
        const cp = String.fromCodePoint(s.codePointAt(k)!);
        out.push(cp);
        k += cp.length - 1;
      }
      return out;
    };
    const from = unesc(this.delimited(delim, "unterminated `y' command"));
    const to = unesc(this.delimited(delim, "unterminated `y' command"));
    if (from.length !== to.length) this.fail("strings for `y' command are different lengths");
    cmd.from = from; cmd.to = to;
    this.cmds.push(cmd);
    this.endOfCommand();
  }
}

/** GNU sed's escapes inside a regex: \t \n \f \v \a \r \d### \o### \x## become the characters. */
function sedEscapes(p: string): string {
  return p.replace(/\\(\\|t|f|v|a|r|d\d{3}|o[0-7]{3}|x[0-9a-fA-F]{2}|[^])/g, (m, e: string) => {
    const ch = (n: number) => { const c = String.fromCharCode(n); return /[\^$\\.*+?()[\]{}|\/]/.test(c) ? '\\' + c : c; };
    switch (e[0]) {
      case 't': return '\t'; case 'f': return '\f'; case 'v': return '\v'; case 'a': return '\x07'; case 'r': return '\r';
      case 'd': return e.length === 4 ? ch(parseInt(e.slice(1), 10)) : m;
      case 'o': return e.length === 4 ? ch(parseInt(e.slice(1), 8)) : m;
      case 'x': return e.length === 3 ? ch(parseInt(e.slice(1), 16)) : m;
      default: return m;
    }
  });
}

function parseReplacement(s: string): Repl[] {
  const out: Repl[] = [];
  let lit = '';
  const flush = () => { if (lit) { out.push({ t: 'lit', s: lit }); lit = ''; } };
  for (let k = 0; k < s.length; k++) {
    const c = s[k]!;
    if (c === '&') { flush(); out.push({ t: 'ref', n: 0 }); continue; }
    if (c !== '\\') { lit += c; continue; }
    const d = s[++k];
    if (d === undefined) { lit += '\\'; break; }
    if (/[0-9]/.test(d)) { flush(); out.push({ t: 'ref', n: Number(d) }); continue; }
    if ('LUluE'.includes(d)) { flush(); out.push({ t: 'case', c: d as 'L' }); continue; }
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07' };
    lit += map[d] ?? d;
  }
  flush();
  return out;
}

// ---- running it --------------------------------------------------------------------------------------------

interface Input { name: string; fd: number; reader: LineReader; }

export default async function sed(sys: Sys): Promise<number> {
  const out = new OutBuf(sys);
  try {
    return await main(sys, out);
  } catch (e) {
    if (e instanceof Fatal) { await out.flush(); await sys.err(e.message + '\n'); return e.status; }
    throw e;
  }
}

async function main(sys: Sys, out: OutBuf): Promise<number> {
  // ---- options
  const args = sys.argv.slice(1);
  const scripts: Source[] = [];
  const operands: string[] = [];
  let quiet = false, ere = false, separate = false, zero = false;
  let inPlace: string | undefined;
  let lineLen = 70;
  let nE = 0;
  const usage = (m: string) => new Fatal(`sed: ${m}\n${USAGE.slice(0, -1)}`, 1);
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '--') { operands.push(...args.slice(k + 1)); break; }
    if (a.startsWith('--')) {
      const [nm, val] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const keys = Object.keys(OPTIONS.long).filter((x) => x.startsWith(nm));
      const key = keys.includes(nm) ? nm : keys.length === 1 ? keys[0] : undefined;
      if (!key) throw usage(keys.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'`);
      const spec = OPTIONS.long[key]!;
      const short = spec.replace(/[=?]$/, '');
      let v = val;
      if (spec.endsWith('=') && v === undefined) { v = args[++k]; if (v === undefined) throw usage(`option '--${key}' requires an argument`); }
      if (short === 'help') { await sys.out(USAGE); return 0; }
      if (short === 'version') { await sys.out('sed (GNU sed) 4.9\n'); return 0; }
      if (short === 'i') inPlace = v ?? '';
      else if (short === 'posix') { /* accepted; the GNU extensions stay on */ }
      else if (short.length === 1) applyShort(short, v);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (OPTIONS.withArg.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++k];
          if (v === undefined) throw usage(`option requires an argument -- '${c}'`);
          applyShort(c, v);
          break;
        }
        if (c === 'i') { inPlace = a.slice(j + 1); break; }
        if (!OPTIONS.flags.includes(c)) throw usage(`invalid option -- '${c}'`);
        applyShort(c, undefined);
      }
      continue;
    }
    operands.push(a);
  }
  function applyShort(c: string, v: string | undefined) {
    switch (c) {
      case 'n': quiet = true; break;
      case 'r': case 'E': ere = true; break;
      case 's': separate = true; break;
      case 'z': zero = true; break;
      case 'u': break;
      case 'e': scripts.push({ text: v!, kind: 'e', index: ++nE }); break;
      case 'f': scripts.push({ text: v!, kind: 'f', index: 0, name: v }); break;
      case 'l': lineLen = Number(v); break;
    }
  }
  if (!scripts.length) {
    if (!operands.length) { await sys.err(USAGE); return 1; }
    scripts.push({ text: operands.shift()!, kind: 'e', index: ++nE });
  }
  if (inPlace !== undefined) separate = true;

  // ---- compile: -e pieces are joined by newlines (so "a\" -e "text" works); -f files are read.
  let script = '';
  const pieces: { start: number; src: Source }[] = [];
  for (const s of scripts) {
    let text = s.text;
    if (s.kind === 'f') {
      try { text = s.text === '-' ? new TextDecoder().decode(await sys.readAll(0)) : await sys.readText(s.text); } catch (e) {
        if (e instanceof SysError) throw new Fatal(`sed: couldn't open file ${s.text}: ${sysErrText(e)}`, 4);
        throw e;
      }
      if (text.endsWith('\n')) text = text.slice(0, -1);
    }
    pieces.push({ start: script.length, src: s });
    script += text + '\n';
  }
  script = script.slice(0, -1);
  const where = (pos: number) => {
    let p = pieces[0]!;
    for (const q of pieces) if (q.start <= pos) p = q;
    const rel = pos - p.start;
    if (p.src.kind === 'f') {
      const before = script.slice(p.start, pos);
      return `file ${p.src.name} line ${before.split('\n').length}`;
    }
    return `-e expression #${p.src.index}, char ${rel}`;
  };
  const compiler = new Compiler(script, ere, where);
  const cmds = compiler.compile();
  if (compiler.quietFromScript && scripts[0]!.text.startsWith('#n')) quiet = true;
  // Resolve labels.
  const labels = new Map<string, number>();
  cmds.forEach((c, k) => { if (c.name === ':') labels.set(c.label!, k); });
  for (const c of cmds) {
    if ('btT'.includes(c.name) && c.name.length === 1) {
      if (!c.label) c.target = cmds.length;
      else if (labels.has(c.label)) c.target = labels.get(c.label)!;
      else throw new Fatal(`sed: can't find label for jump to \`${c.label}'`, 4);
    }
  }

  // ---- output files (w, s///w) are created before any input is read
  const wfiles = new Map<string, number>();
  for (const c of cmds) {
    if ((c.name === 'w' || c.name === 'W' || (c.name === 's' && c.file)) && c.file && !wfiles.has(c.file)) {
      if (c.file === '/dev/stdout' || c.file === '/dev/stderr') continue;
      try { wfiles.set(c.file, sys.open(c.file, O_WRONLY | O_CREAT | O_TRUNC, 0o666)); } catch (e) {
        throw new Fatal(`sed: couldn't open file ${c.file}: ${sysErrText(e)}`, 4);
      }
    }
  }

  const sep = zero ? '\0' : '\n';
  let status = 0;
  let lastRegex: Regex | null = null;
  const useRe = (r: Regex | null | undefined): Regex => {
    if (r) { lastRegex = r; return r; }
    if (!lastRegex) throw new Fatal('sed: no previous regular expression');
    return lastRegex;
  };
  const test = (r: Regex | null, s: string) => { const rx = useRe(r); rx.m.re.lastIndex = 0; return rx.m.re.test(s); };

  // ---- input: one stream of lines over all files (each file on its own with -s / -i)
  const files = operands.length ? operands : ['-'];
  let fileIdx = 0;
  let cur: Input | undefined;
  let lineNo = 0;
  let inPlaceBuf: Uint8Array[] = [];
  let target: { write(s: string): Promise<void> } = { write: (s) => out.put(s) };
  const missingNl = { pending: false };

  const openNext = async (): Promise<boolean> => {
    while (fileIdx < files.length) {
      const name = files[fileIdx++]!;
      if (name === '-' && inPlace === undefined) {
        cur = { name: '-', fd: 0, reader: new LineReader(sys, 0, () => out.flush(), sep) };
        return true;
      }
      try {
        const st = sys.stat(name);
        if (isDirMode(st.mode)) {
          if (inPlace !== undefined) await errOut(`sed: couldn't edit ${name}: not a regular file\n`);
          else await errOut(`sed: read error on ${name}: Is a directory\n`);
          status = inPlace !== undefined ? 4 : 2;
          continue;
        }
        const fd = sys.open(name);
        cur = { name, fd, reader: new LineReader(sys, fd, () => out.flush(), sep) };
        if (inPlace !== undefined) startInPlace();
        return true;
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await errOut(`sed: can't read ${name}: ${sysErrText(e)}\n`);
        status = 2;
      }
    }
    return false;
  };
  const errOut = async (m: string) => { await out.flush(); await sys.err(m); };
  const startInPlace = () => {
    inPlaceBuf = [];
    target = { write: async (s) => { inPlaceBuf.push(textEncoder.encode(s)); } };
  };
  const finishFile = async () => {
    if (!cur) return;
    if (cur.fd > 2) try { sys.close(cur.fd); } catch { /* closed */ }
    if (inPlace !== undefined && cur.name !== '-') {
      // Write the edited text over the file; a suffix first keeps the original (a * in it is the file name).
      if (inPlace) {
        const bak = inPlace.includes('*') ? (() => {
          const slash = cur.name.lastIndexOf('/');
          const dir = slash >= 0 ? cur.name.slice(0, slash + 1) : '';
          const b = inPlace.replace(/\*/g, baseName(cur.name));
          return b.includes('/') ? b : dir + b;
        })() : cur.name + inPlace;
        await sys.writeFile(bak, await sys.readFile(cur.name));
      }
      const fd = sys.open(cur.name, O_WRONLY | O_TRUNC);
      try { for (const b of inPlaceBuf) await sys.write(fd, b); } finally { sys.close(fd); }
      inPlaceBuf = [];
      missingNl.pending = false;
    }
    cur = undefined;
  };
  /** The next input line (without its terminator) or null at the end of all input. */
  const readLine = async (): Promise<{ text: string; nl: boolean } | null> => {
    for (;;) {
      if (!cur) {
        if (!(await openNext())) return null;
        if (separate) lineNo = 0;
      }
      const l = await cur!.reader.next();
      if (l !== null) {
        lineNo++;
        return l.endsWith(sep) ? { text: l.slice(0, -1), nl: true } : { text: l, nl: false };
      }
      if (separate) return null; // the caller moves to the next file between cycles
      await finishFile();
    }
  };
  /** Whether the current line is the last ($): of this file with -s/-i, else of all input. */
  const isLast = async (): Promise<boolean> => {
    if (cur && !(await cur.reader.atEnd())) return false;
    if (separate) return true;
    // Look through the following files for any line at all.
    while (fileIdx < files.length || cur) {
      if (cur && !(await cur.reader.atEnd())) return false;
      await finishFile();
      if (!(await openNext())) return true;
    }
    return true;
  };

  // ---- write helpers
  const emit = async (s: string, nl = true) => {
    if (missingNl.pending) { await target.write('\n'); missingNl.pending = false; }
    await target.write(s + (nl ? sep : ''));
    if (!nl) missingNl.pending = true;
  };
  const writeTo = async (file: string, s: string) => {
    if (file === '/dev/stdout') { await emit(s); return; }
    if (file === '/dev/stderr') { await out.flush(); await sys.err(s + '\n'); return; }
    await sys.write(wfiles.get(file)!, s + '\n');
  };
  const rfiles = new Map<string, LineReader | null>();

  // ---- the cycle
  let PS = '';
  let HS = '';
  let lineHadNl = true;
  let quitCode: number | undefined;
  const append: ({ t: 'text'; s: string } | { t: 'file'; f: string } | { t: 'line'; f: string })[] = [];
  const flushAppend = async () => {
    for (const a of append) {
      if (a.t === 'text') await emit(a.s);
      else if (a.t === 'file') {
        try {
          const st = sys.stat(a.f);
          if (isDirMode(st.mode)) continue;
          const data = await sys.readFile(a.f);
          if (data.length) {
            if (missingNl.pending) { await target.write('\n'); missingNl.pending = false; }
            const text = new TextDecoder().decode(data);
            await target.write(text);
            if (!text.endsWith('\n')) missingNl.pending = true;
          }
        } catch (e) { if (!(e instanceof SysError)) throw e; }
      } else {
        let r = rfiles.get(a.f);
        if (r === undefined) {
          try { r = new LineReader(sys, sys.open(a.f)); } catch { r = null; }
          rfiles.set(a.f, r);
        }
        const l = r ? await r.next() : null;
        if (l !== null) await emit(l.endsWith('\n') ? l.slice(0, -1) : l);
      }
    }
    append.length = 0;
  };

  const matchAddr = async (a: Addr): Promise<boolean> => {
    switch (a.t) {
      case 'line': return lineNo === a.n;
      case 'last': return isLast();
      case 're': return test(a.re, PS);
      case 'step': return a.step <= 0 ? lineNo === a.first : lineNo >= a.first && (lineNo - a.first) % a.step === 0;
      case 'zero': return false;
      default: return false;
    }
  };
  const selected = async (c: Cmd): Promise<boolean> => {
    if (!c.a1) return true;
    if (!c.a2) return (await matchAddr(c.a1)) !== c.neg;
    let r: boolean;
    if (c.active) {
      const a2 = c.a2;
      if (a2.t === 're') { if (test(a2.re, PS)) c.active = false; r = true; }
      else if (a2.t === 'last') { if (await isLast()) c.active = false; r = true; }
      else {
        // line, +N, ~N: c.end is the last line of the range.
        if (lineNo >= c.end) c.active = false;
        r = lineNo <= c.end;
        if (!r) c.active = false;
      }
    } else {
      const start = c.a1.t === 'zero' ? lineNo === 1 && !c.end : await matchAddr(c.a1);
      if (c.a1.t === 'zero' && lineNo === 1) c.end = -1; // 0,/re/ starts once
      if (start) {
        r = true;
        const a2 = c.a2;
        c.active = true;
        if (a2.t === 'line') { c.end = a2.n; if (a2.n <= lineNo) c.active = false; }
        else if (a2.t === 'plus') { c.end = lineNo + a2.n; if (a2.n === 0) c.active = false; }
        else if (a2.t === 'mult') { c.end = a2.n <= 0 ? lineNo : Math.ceil(lineNo / a2.n) * a2.n; if (c.end <= lineNo) c.active = false; }
        else if (a2.t === 're' && c.a1.t === 'zero') { if (test(a2.re, PS)) c.active = false; }
        else if (a2.t === 'last') { if (await isLast()) c.active = false; }
      } else r = false;
    }
    return r !== c.neg;
  };

  const substitute = (c: Cmd): boolean => {
    const rx = useRe(c.re);
    const m = rx.m;
    let result = '';
    let copied = 0;
    let count = 0;
    let did = false;
    let prevEnd = -1;
    for (let pos = 0; pos <= PS.length;) {
      const r = execAt(m, PS, pos);
      if (!r) break;
      // GNU: an empty match right after the previous match does not count.
      if (r.end === r.index && r.index === prevEnd) { pos = r.index + 1; if (pos > PS.length) break; continue; }
      count++;
      if (count >= (c.nth ?? 1)) {
        result += PS.slice(copied, r.index) + expand(c.repl!, r);
        copied = r.end;
        did = true;
        if (!c.global) break;
      }
      prevEnd = r.end;
      pos = r.end > r.index ? r.end : r.index + 1;
    }
    if (!did) return false;
    PS = result + PS.slice(copied);
    return true;
  };

  let tFlag = false;
  let restartWithoutRead = false;
  cycle: for (;;) {
    if (!restartWithoutRead) {
      const l = await readLine();
      if (l === null) {
        if (separate && cur) { await finishFile(); if (fileIdx < files.length) continue; }
        break;
      }
      PS = l.text;
      lineHadNl = l.nl;
      tFlag = false;
    }
    restartWithoutRead = false;
    let autoprint = !quiet;
    let pc = 0;
    exec: while (pc < cmds.length) {
      const c = cmds[pc]!;
      if (c.name === '}' || c.name === ':') { pc++; continue; }
      if (!(await selected(c))) { pc = c.name === '{' ? c.target! : pc + 1; continue; }
      switch (c.name) {
        case '{': break;
        case '=': await emit(String(lineNo), true); break;
        case 'a': append.push({ t: 'text', s: c.text! }); break;
        case 'i': if (c.text !== '') await emit(c.text!); break;
        case 'c':
          if (!c.a2 || !c.active || c.neg) await emit(c.text!);
          autoprint = false;
          break exec;
        case 'd': autoprint = false; break exec;
        case 'D': {
          const k = PS.indexOf('\n');
          if (k < 0) { autoprint = false; break exec; }
          PS = PS.slice(k + 1);
          await flushAppend();
          restartWithoutRead = true;
          autoprint = false;
          continue cycle;
        }
        case 'g': PS = HS; break;
        case 'G': PS += '\n' + HS; break;
        case 'h': HS = PS; break;
        case 'H': HS += '\n' + PS; break;
        case 'x': [PS, HS] = [HS, PS]; break;
        case 'z': PS = ''; break;
        case 'F': await emit(cur?.name ?? '-'); break;
        case 'l': case 'L': await emit(visible(PS, c.width ?? lineLen)); break;
        case 'p': await emit(PS, lineHadNl); break;
        case 'P': { const k = PS.indexOf('\n'); await emit(k < 0 ? PS : PS.slice(0, k)); break; }
        case 'n': {
          if (quitCode !== undefined) break;
          // GNU (unlike POSIX) prints the pattern space when n has no next line to read: end the cycle.
          if (await isLast()) break exec;
          if (!quiet) await emit(PS, lineHadNl);
          await flushAppend();
          const l = await readLine();
          if (l === null) { autoprint = false; break exec; }
          PS = l.text; lineHadNl = l.nl;
          break;
        }
        case 'N': {
          if (await isLast()) break exec; // GNU prints the pattern space when there is no next line
          await flushAppend();
          const l = await readLine();
          if (l === null) break exec;
          PS += '\n' + l.text; lineHadNl = l.nl;
          break;
        }
        case 'q': quitCode = c.code; break exec;
        case 'Q': quitCode = c.code; autoprint = false; append.length = 0; break exec;
        case 'r': append.push({ t: 'file', f: c.file! }); break;
        case 'R': append.push({ t: 'line', f: c.file! }); break;
        case 'w': await writeTo(c.file!, PS); break;
        case 'W': { const k = PS.indexOf('\n'); await writeTo(c.file!, k < 0 ? PS : PS.slice(0, k)); break; }
        case 's':
          if (substitute(c)) {
            tFlag = true;
            if (c.print) await emit(PS);
            if (c.file) await writeTo(c.file, PS);
          }
          break;
        case 'y': {
          const map = new Map<string, string>();
          c.from!.forEach((f, k) => { if (!map.has(f)) map.set(f, c.to![k]!); });
          PS = [...PS].map((ch) => map.get(ch) ?? ch).join('');
          break;
        }
        case 'b': pc = c.target!; continue exec;
        case 't': if (tFlag) { tFlag = false; pc = c.target!; continue exec; } break;
        case 'T': if (!tFlag) { pc = c.target!; continue exec; } tFlag = false; break;
      }
      pc++;
    }
    if (autoprint) await emit(PS, lineHadNl);
    await flushAppend();
    if (quitCode !== undefined) break;
  }
  if (cur) await finishFile();
  await out.flush();
  for (const fd of wfiles.values()) try { sys.close(fd); } catch { /* closed */ }
  return quitCode ?? status;
}

/** The `l` command: C escapes, \ooo for other non-printables (per UTF-8 byte), lines wrapped with \. */
function visible(s: string, width: number): string {
  let out = '';
  let col = 0;
  const pieces: string[] = [];
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    let piece: string;
    const esc: Record<string, string> = { '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
    if (esc[ch]) piece = esc[ch]!;
    else if (code < 32 || code === 127 || code > 127) {
      piece = [...textEncoder.encode(ch)].map((b) => '\\' + b.toString(8).padStart(3, '0')).join('');
    } else piece = ch;
    pieces.push(piece);
  }
  for (const p of pieces) {
    const w = p.length;
    if (width > 1 && col + w > width - 1) { out += '\\\n'; col = 0; }
    out += p;
    col += w;
  }
  return out + '$';
}

/** Applies a replacement to one match: & and \1..\9, with \L \U \l \u \E case conversion. */
function expand(repl: Repl[], m: MatchResult): string {
  let out = '';
  let mode: 'L' | 'U' | '' = '';
  let one: 'l' | 'u' | '' = '';
  const add = (s: string) => {
    if (!s) return;
    if (mode === 'L') s = s.toLowerCase(); else if (mode === 'U') s = s.toUpperCase();
    if (one) { const f = String.fromCodePoint(s.codePointAt(0)!); s = (one === 'u' ? f.toUpperCase() : f.toLowerCase()) + s.slice(f.length); one = ''; }
    out += s;
  };
  for (const r of repl) {
    if (r.t === 'lit') add(r.s);
    else if (r.t === 'ref') add(m.groups[r.n] ?? '');
    else if (r.c === 'L' || r.c === 'U') { mode = r.c; one = ''; }
    else if (r.c === 'E') { mode = ''; one = ''; }
    else one = r.c;
  }
  return out;
}

