// make(1): GNU make — 4.3 on Debian 12, 4.1 on Ubuntu 18.04 (the wording of failed recipes differs). Reads
// GNUmakefile/makefile/Makefile (or -f), with recursive and simple variables, the common text functions,
// conditionals, include, explicit, static-pattern and pattern rules and make's built-in implicit rules for C;
// remakes targets older than their prerequisites (mtime), echoing each recipe line and running it with
// /bin/sh -c, one shell per line. -j is accepted; jobs run one at a time.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { Interrupted } from '../kernel/process.ts';
import { WEXITSTATUS, WIFSIGNALED, WTERMSIG, WCOREDUMP, signalDescription } from '../kernel/signals.ts';
import { textDecoder } from './lib.ts';

type Origin = 'default' | 'environment' | 'file' | 'command line' | 'override' | 'automatic';
interface Var { value: string; recursive: boolean; origin: Origin; exported?: boolean }
interface Cmd { text: string; line: number }
interface Recipe { lines: Cmd[]; file?: string } // file undefined: a built-in rule (<builtin>)
interface PatternRule { targets: string[]; deps: string[]; recipe: Recipe; builtin: boolean }
interface Target {
  name: string;
  deps: string[];
  orderOnly: string[];
  recipe?: Recipe;
  stem?: string;
  isTarget: boolean; // appears before a colon somewhere
  mentioned: boolean; // named anywhere in the makefiles (target or prerequisite)
  state: 'new' | 'busy' | 'done';
  failed: boolean;
  mtime?: number; // undefined: missing
  remade: boolean;
  searched: boolean;
  vars?: Map<string, Var>; // target-specific variables
}

class Fatal extends Error {}
class StopMake extends Error {}

const BUILTIN_VARS: [string, string][] = [
  ['AR', 'ar'], ['ARFLAGS', 'rv'], ['AS', 'as'], ['CC', 'cc'], ['CXX', 'g++'], ['CPP', '$(CC) -E'], ['LD', 'ld'],
  ['FC', 'f77'], ['LEX', 'lex'], ['YACC', 'yacc'], ['RM', 'rm -f'], ['MAKEINFO', 'makeinfo'], ['TEX', 'tex'],
  ['OUTPUT_OPTION', '-o $@'],
  ['COMPILE.c', '$(CC) $(CFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c'],
  ['LINK.c', '$(CC) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)'],
  ['LINK.o', '$(CC) $(LDFLAGS) $(TARGET_ARCH)'],
  ['PREPROCESS.S', '$(CC) -E $(CPPFLAGS)'],
  ['COMPILE.S', '$(CC) $(ASFLAGS) $(CPPFLAGS) $(TARGET_MACH) -c'],
  ['COMPILE.s', '$(AS) $(ASFLAGS) $(TARGET_MACH)'],
  ['LINK.S', '$(CC) $(ASFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_MACH)'],
  ['LINK.s', '$(CC) $(ASFLAGS) $(LDFLAGS) $(TARGET_MACH)'],
  ['COMPILE.cc', '$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(TARGET_ARCH) -c'],
  ['LINK.cc', '$(CXX) $(CXXFLAGS) $(CPPFLAGS) $(LDFLAGS) $(TARGET_ARCH)'],
  ['COMPILE.cpp', '$(COMPILE.cc)'], ['LINK.cpp', '$(LINK.cc)'], ['CXX', 'g++'],
  ['MAKE', '$(MAKE_COMMAND)'], ['SHELL', '/bin/sh'], ['.SHELLFLAGS', '-c'], ['.RECIPEPREFIX', ''],
  ['.LIBPATTERNS', 'lib%.so lib%.a'], ['MAKEFILES', ''], ['SUFFIXES', '.out .a .ln .o .c .cc .C .cpp .p .f .F .m .r .y .l .ym .yl .s .S .mod .sym .def .h .info .dvi .tex .texinfo .texi .txinfo .w .ch .web .sh .elc .el'],
];

// make -p's built-in pattern rules for C, C++ and assembly, in the order make tries them.
const BUILTIN_RULES: [string, string, string[]][] = [
  ['%', '%.o', ['$(LINK.o) $^ $(LOADLIBES) $(LDLIBS) -o $@']],
  ['%', '%.c', ['$(LINK.c) $^ $(LOADLIBES) $(LDLIBS) -o $@']],
  ['%', '%.cc', ['$(LINK.cc) $^ $(LOADLIBES) $(LDLIBS) -o $@']],
  ['%', '%.cpp', ['$(LINK.cpp) $^ $(LOADLIBES) $(LDLIBS) -o $@']],
  ['%', '%.s', ['$(LINK.s) $^ $(LOADLIBES) $(LDLIBS) -o $@']],
  ['%', '%.S', ['$(LINK.S) $^ $(LOADLIBES) $(LDLIBS) -o $@']],
  ['%.o', '%.c', ['$(COMPILE.c) $(OUTPUT_OPTION) $<']],
  ['%.o', '%.cc', ['$(COMPILE.cc) $(OUTPUT_OPTION) $<']],
  ['%.o', '%.cpp', ['$(COMPILE.cpp) $(OUTPUT_OPTION) $<']],
  ['%.o', '%.s', ['$(COMPILE.s) -o $@ $<']],
  ['%.o', '%.S', ['$(COMPILE.S) -o $@ $<']],
  ['%.s', '%.S', ['$(PREPROCESS.S) $< > $@']],
];

const SUFFIXES = ['.o', '.c', '.cc', '.C', '.cpp', '.s', '.S', '.h', '.a', '.sh', '.y', '.l'];

const USAGE = (v41: boolean) => `Usage: make [options] [target] ...
Options:
  -b, -m                      Ignored for compatibility.
  -B, --always-make           Unconditionally make all targets.
  -C DIRECTORY, --directory=DIRECTORY
                              Change to DIRECTORY before doing anything.
  -d                          Print lots of debugging information.
  --debug[=FLAGS]             Print various types of debugging information.
  -e, --environment-overrides
                              Environment variables override makefiles.
${v41 ? '  --eval=STRING               Evaluate STRING as a makefile statement.' : '  -E STRING, --eval=STRING    Evaluate STRING as a makefile statement.'}
  -f FILE, --file=FILE, --makefile=FILE
                              Read FILE as a makefile.
  -h, --help                  Print this message and exit.
  -i, --ignore-errors         Ignore errors from recipes.
  -I DIRECTORY, --include-dir=DIRECTORY
                              Search DIRECTORY for included makefiles.
  -j [N], --jobs[=N]          Allow N jobs at once; infinite jobs with no arg.
  -k, --keep-going            Keep going when some targets can't be made.
  -l [N], --load-average[=N], --max-load[=N]
                              Don't start multiple jobs unless load is below N.
  -L, --check-symlink-times   Use the latest mtime between symlinks and target.
  -n, --just-print, --dry-run, --recon
                              Don't actually run any recipe; just print them.
  -o FILE, --old-file=FILE, --assume-old=FILE
                              Consider FILE to be very old and don't remake it.
  -O[TYPE], --output-sync[=TYPE]
                              Synchronize output of parallel jobs by TYPE.
  -p, --print-data-base       Print make's internal database.
  -q, --question              Run no recipe; exit status says if up to date.
  -r, --no-builtin-rules      Disable the built-in implicit rules.
  -R, --no-builtin-variables  Disable the built-in variable settings.
  -s, --silent, --quiet       Don't echo recipes.
${v41 ? '' : '  --no-silent                 Echo recipes (disable --silent mode).\n'}  -S, --no-keep-going, --stop
                              Turns off -k.
  -t, --touch                 Touch targets instead of remaking them.
  --trace                     Print tracing information.
  -v, --version               Print the version number of make and exit.
  -w, --print-directory       Print the current directory.
  --no-print-directory        Turn off -w, even if it was turned on implicitly.
  -W FILE, --what-if=FILE, --new-file=FILE, --assume-new=FILE
                              Consider FILE to be infinitely new.
  --warn-undefined-variables  Warn when an undefined variable is referenced.

This program built for x86_64-pc-linux-gnu
Report bugs to <bug-make@gnu.org>
`;

const VERSION = (v41: boolean) => `GNU Make ${v41 ? '4.1' : '4.3'}
Built for x86_64-pc-linux-gnu
Copyright (C) 1988-${v41 ? '2014' : '2020'} Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.
`;

const WS = /[ \t\n]+/;
const words = (s: string) => s.split(WS).filter(Boolean);

/** Index of the `close` matching the `open` at s[i] (same kind of bracket counted), or -1. */
function matchParen(s: string, i: number): number {
  const open = s[i]!, close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === open) depth++;
    else if (s[j] === close && --depth === 0) return j;
  }
  return -1;
}

/** Splits function arguments on top-level commas (parentheses of either kind nest). */
function splitArgs(s: string, max: number): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0 && out.length < max - 1) { out.push(s.slice(start, i)); start = i + 1; }
  }
  out.push(s.slice(start));
  return out;
}

/** make's % pattern match: the stem, or undefined. */
function patMatch(pat: string, word: string): string | undefined {
  const p = pat.indexOf('%');
  if (p < 0) return pat === word ? '' : undefined;
  const pre = pat.slice(0, p), suf = pat.slice(p + 1);
  if (word.length < pre.length + suf.length || !word.startsWith(pre) || !word.endsWith(suf)) return undefined;
  return word.slice(pre.length, word.length - suf.length);
}
function patSubst(pat: string, repl: string, word: string): string {
  const stem = patMatch(pat, word);
  if (stem === undefined) return word;
  return repl.includes('%') ? repl.replace('%', stem) : repl;
}

function globToRegex(g: string): RegExp {
  let r = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') r += '[^/]*';
    else if (c === '?') r += '[^/]';
    else if (c === '[') {
      const j = g.indexOf(']', i + 2);
      if (j < 0) { r += '\\['; continue; }
      let body = g.slice(i + 1, j);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      r += `[${body.replace(/\\/g, '\\\\')}]`;
      i = j;
    } else if (c === '\\' && i + 1 < g.length) r += '\\' + g[++i];
    else r += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${r}$`);
}
const hasGlob = (s: string) => /[*?[]/.test(s);

export default async function make(sys: Sys): Promise<number> {
  const m = new Make(sys);
  try {
    return await m.main();
  } catch (e) {
    if (e instanceof StopMake) { await m.flush(); return 2; }
    throw e;
  }
}

class Make {
  readonly sys: Sys;
  readonly v41: boolean;
  prog = 'make';
  level = 0;
  vars = new Map<string, Var>();
  targets = new Map<string, Target>();
  patterns: PatternRule[] = [];
  phony = new Set<string>();
  precious = new Set<string>();
  defaultGoal: string | undefined;
  makefileList: string[] = [];
  // options
  dryRun = false; silent = false; keepGoing = false; alwaysMake = false; ignoreErrors = false;
  envOverrides = false; question = false; noBuiltinRules = false; printDir = false; noPrintDir = false;
  deleteOnError = false;
  commandsStarted = 0;
  fatalSignal = 0;
  // reading state
  curFile = ''; curLine = 0;

  constructor(sys: Sys) {
    this.sys = sys;
    this.v41 = sys.profile === 'ubuntu-18.04';
  }

  async flush() { /* output is written as it is produced */ }
  async out(s: string) { await this.sys.out(s); }
  async err(s: string) { await this.sys.err(s); }
  /** "make: msg" / "make[1]: msg" on stderr. */
  pfx() { return this.level > 0 ? `${this.prog}[${this.level}]` : this.prog; }
  async fatal(msg: string, floc = true): Promise<never> {
    const where = floc && this.curFile ? `${this.curFile}:${this.curLine}: ` : `${this.pfx()}: `;
    await this.err(`${where}*** ${msg}.  Stop.\n`);
    throw new StopMake();
  }

  // ---- variables ---------------------------------------------------------------------------------------------
  setVar(name: string, value: string, recursive: boolean, origin: Origin, scope = this.vars) {
    const old = scope.get(name);
    if (old && scope === this.vars) {
      const rank = (o: Origin) => (o === 'override' ? 5 : o === 'command line' ? 4 : o === 'environment' && this.envOverrides ? 3 : o === 'automatic' ? 3 : 1);
      if (origin !== 'override' && rank(old.origin) > rank(origin) && old.origin !== 'environment') return;
      if (origin === 'file' && old.origin === 'environment' && this.envOverrides) return;
    }
    scope.set(name, { value, recursive, origin, exported: old?.exported });
  }

  lookup(name: string, ctx?: Ctx): Var | undefined {
    if (ctx) {
      const a = ctx.auto.get(name);
      if (a !== undefined) return { value: a, recursive: false, origin: 'automatic' };
      if (name.length === 2 && '@<^+?*|%'.includes(name[0]!) && (name[1] === 'D' || name[1] === 'F')) {
        const base = ctx.auto.get(name[0]!);
        if (base !== undefined) {
          const f = name[1] === 'D' ? (w: string) => { const i = w.lastIndexOf('/'); return i < 0 ? '.' : w.slice(0, i) || '/'; } : (w: string) => w.slice(w.lastIndexOf('/') + 1);
          return { value: words(base).map(f).join(' '), recursive: false, origin: 'automatic' };
        }
      }
      for (const scope of ctx.scopes) { const v = scope.get(name); if (v) return v; }
    }
    return this.vars.get(name);
  }

  expanding = new Set<string>();
  async expandVar(name: string, ctx?: Ctx): Promise<string> {
    const v = this.lookup(name, ctx);
    if (!v) return '';
    if (!v.recursive) return v.value;
    if (this.expanding.has(name)) await this.fatal(`Recursive variable '${name}' references itself (eventually)`);
    this.expanding.add(name);
    try { return await this.expand(v.value, ctx); } finally { this.expanding.delete(name); }
  }

  async expand(s: string, ctx?: Ctx): Promise<string> {
    if (!s.includes('$')) return s;
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c !== '$') { out += c; continue; }
      const n = s[i + 1];
      if (n === undefined) break;
      if (n === '$') { out += '$'; i++; continue; }
      if (n === '(' || n === '{') {
        const end = matchParen(s, i + 1);
        if (end < 0) await this.fatal(`unterminated variable reference`);
        const body = s.slice(i + 2, end);
        i = end;
        out += await this.reference(body, n === '(' ? ')' : '}', ctx);
        continue;
      }
      out += await this.expandVar(n, ctx);
      i++;
    }
    return out;
  }

  async reference(body: string, close: string, ctx?: Ctx): Promise<string> {
    const fm = /^([a-z-]+)[ \t]/.exec(body);
    if (fm && FUNCTIONS.has(fm[1]!)) return this.call(fm[1]!, body.slice(fm[0].length), ctx);
    // substitution reference $(VAR:a=b)
    let depth = 0, colon = -1;
    for (let j = 0; j < body.length; j++) {
      const ch = body[j];
      if (ch === '(' || ch === '{') depth++;
      else if (ch === ')' || ch === '}') depth--;
      else if (ch === ':' && depth === 0) { colon = j; break; }
    }
    void close;
    if (colon >= 0) {
      const rest = body.slice(colon + 1);
      const eq = rest.indexOf('=');
      if (eq >= 0) {
        const name = await this.expand(body.slice(0, colon), ctx);
        const from = await this.expand(rest.slice(0, eq), ctx), to = await this.expand(rest.slice(eq + 1), ctx);
        const val = await this.expandVar(name, ctx);
        const pat = from.includes('%') ? from : '%' + from, rep = from.includes('%') ? to : '%' + to;
        return words(val).map((w) => patSubst(pat, rep, w)).join(' ');
      }
    }
    return this.expandVar(await this.expand(body, ctx), ctx);
  }

  async call(fn: string, argText: string, ctx?: Ctx): Promise<string> {
    const max: Record<string, number> = {
      subst: 3, patsubst: 3, strip: 1, findstring: 2, filter: 2, 'filter-out': 2, sort: 1, word: 2, wordlist: 3,
      words: 1, firstword: 1, lastword: 1, dir: 1, notdir: 1, suffix: 1, basename: 1, addsuffix: 2, addprefix: 2,
      join: 2, wildcard: 1, realpath: 1, abspath: 1, foreach: 3, if: 3, or: 9999, and: 9999, call: 9999, value: 1,
      origin: 1, flavor: 1, shell: 1, error: 1, warning: 1, info: 1, eval: 1, file: 2,
    };
    const raw = splitArgs(argText, max[fn] ?? 9999);
    const x = (i: number) => this.expand(raw[i] ?? '', ctx);
    const eachWord = async (f: (w: string) => string) => words(await x(0)).map(f).filter((w) => w !== '').join(' ');
    switch (fn) {
      case 'subst': { const [a, b, t] = [await x(0), await x(1), await x(2)]; return a === '' ? t : t.split(a).join(b); }
      case 'patsubst': { const [p, r, t] = [await x(0), await x(1), await x(2)]; return words(t).map((w) => patSubst(p, r, w)).join(' '); }
      case 'strip': return words(await x(0)).join(' ');
      case 'findstring': { const [a, t] = [await x(0), await x(1)]; return t.includes(a) ? a : ''; }
      case 'filter': case 'filter-out': {
        const pats = words(await x(0)), t = words(await x(1));
        const keep = fn === 'filter';
        return t.filter((w) => pats.some((p) => patMatch(p, w) !== undefined) === keep).join(' ');
      }
      case 'sort': return [...new Set(words(await x(0)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(' ');
      case 'word': { const n = Number((await x(0)).trim()); if (!(n > 0)) await this.fatal(`first argument to 'word' function must be greater than 0`); return words(await x(1))[n - 1] ?? ''; }
      case 'wordlist': { const s = Number((await x(0)).trim()), e = Number((await x(1)).trim()); return words(await x(2)).slice(s - 1, e).join(' '); }
      case 'words': return String(words(await x(0)).length);
      case 'firstword': return words(await x(0))[0] ?? '';
      case 'lastword': { const w = words(await x(0)); return w[w.length - 1] ?? ''; }
      case 'dir': return eachWord((w) => { const i = w.lastIndexOf('/'); return i < 0 ? './' : w.slice(0, i + 1); });
      case 'notdir': return eachWord((w) => w.slice(w.lastIndexOf('/') + 1));
      case 'suffix': return eachWord((w) => { const b = w.slice(w.lastIndexOf('/') + 1); const i = b.lastIndexOf('.'); return i < 0 ? '' : b.slice(i); });
      case 'basename': return eachWord((w) => { const s = w.lastIndexOf('/'); const i = w.lastIndexOf('.'); return i > s ? w.slice(0, i) : w; });
      case 'addsuffix': { const s = await x(0); return words(await x(1)).map((w) => w + s).join(' '); }
      case 'addprefix': { const s = await x(0); return words(await x(1)).map((w) => s + w).join(' '); }
      case 'join': { const a = words(await x(0)), b = words(await x(1)); return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? '') + (b[i] ?? '')).join(' '); }
      case 'wildcard': { const out: string[] = []; for (const p of words(await x(0))) out.push(...this.glob(p)); return out.join(' '); }
      case 'abspath': case 'realpath': return eachWord((w) => {
        const abs = w.startsWith('/') ? w : `${this.sys.getcwd()}/${w}`;
        if (fn === 'realpath') { try { return this.sys.realpath(abs); } catch { return ''; } }
        const parts: string[] = [];
        for (const p of abs.split('/')) { if (p === '' || p === '.') continue; if (p === '..') parts.pop(); else parts.push(p); }
        return '/' + parts.join('/');
      });
      case 'foreach': {
        const name = (await x(0)).trim(), list = words(await x(1));
        const saved = this.vars.get(name);
        const res: string[] = [];
        for (const w of list) {
          this.vars.set(name, { value: w, recursive: false, origin: 'automatic' });
          res.push(await this.expand(raw[2] ?? '', ctx));
        }
        if (saved) this.vars.set(name, saved); else this.vars.delete(name);
        return res.join(' ');
      }
      case 'if': { const c = (await x(0)).trim(); return c ? x(1) : x(2); }
      case 'or': { for (let i = 0; i < raw.length; i++) { const v = (await x(i)).trim(); if (v) return v; } return ''; }
      case 'and': { let v = ''; for (let i = 0; i < raw.length; i++) { v = (await x(i)).trim(); if (!v) return ''; } return v; }
      case 'call': {
        const name = (await x(0)).trim();
        const args: string[] = [];
        for (let i = 1; i < raw.length; i++) args.push(await x(i));
        const saved = new Map<string, Var | undefined>();
        for (let i = 0; i <= Math.max(args.length, 9); i++) { const k = String(i); saved.set(k, this.vars.get(k)); this.vars.set(k, { value: i === 0 ? name : args[i - 1] ?? '', recursive: false, origin: 'automatic' }); }
        try { return await this.expandVar(name, ctx); } finally { for (const [k, v] of saved) if (v) this.vars.set(k, v); else this.vars.delete(k); }
      }
      case 'value': return this.lookup((await x(0)).trim(), ctx)?.value ?? '';
      case 'origin': { const v = this.lookup((await x(0)).trim(), ctx); return v ? v.origin : 'undefined'; }
      case 'flavor': { const v = this.lookup((await x(0)).trim(), ctx); return v ? (v.recursive ? 'recursive' : 'simple') : 'undefined'; }
      case 'shell': return this.shell(await x(0));
      case 'info': await this.out((await x(0)) + '\n'); return '';
      case 'warning': await this.err(`${this.curFile}:${this.curLine}: ${await x(0)}\n`); return '';
      case 'error': { const msg = await x(0); await this.err(`${this.curFile}:${this.curLine}: *** ${msg}.  Stop.\n`); throw new StopMake(); }
      case 'eval': await this.parse(await x(0), this.curFile, true); return '';
    }
    return '';
  }

  glob(pattern: string): string[] {
    if (!hasGlob(pattern)) { return this.sys.exists(pattern) ? [pattern] : []; }
    const abs = pattern.startsWith('/');
    const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
    let found: string[] = [abs ? '' : '.'];
    const start = abs ? 1 : 0;
    for (let k = start; k < parts.length; k++) {
      const part = parts[k]!;
      const next: string[] = [];
      for (const base of found) {
        const dirPath = base === '' ? '/' : base;
        if (!hasGlob(part)) { const p = base === '.' && !abs ? part : `${base}/${part}`; if (this.sys.exists(p)) next.push(p); continue; }
        let names: string[];
        try { names = this.sys.readdir(dirPath); } catch { continue; }
        const re = globToRegex(part);
        for (const n of names.sort()) {
          if (n.startsWith('.') && !part.startsWith('.')) continue;
          if (re.test(n)) next.push(base === '.' && !abs ? n : `${base}/${n}`);
        }
      }
      found = next;
    }
    return found.filter((f) => f !== '.');
  }

  /** $(shell cmd): sh -c with stdout captured; newlines become spaces, trailing ones dropped. */
  async shell(cmd: string): Promise<string> {
    const sys = this.sys;
    const [r, w] = sys.pipe();
    let pid: number;
    try {
      pid = await sys.spawn('/bin/sh', { argv: ['/bin/sh', '-c', cmd], env: await this.childEnv(), fds: { 0: 0, 1: w, 2: 2 } });
    } catch { sys.close(r); sys.close(w); return ''; }
    sys.close(w);
    const data = await sys.readAll(r);
    sys.close(r);
    await this.reap(pid);
    return textDecoder.decode(data).replace(/\n+$/, '').replace(/\n/g, ' ');
  }

  async reap(pid: number): Promise<number> {
    for (;;) {
      try { const st = await this.sys.waitpid(pid); return st!.status; }
      catch (e) { if (e instanceof Interrupted) continue; throw e; }
    }
  }

  async childEnv(): Promise<string[]> {
    const env = new Map<string, string>();
    for (const e of this.sys.environ) { const i = e.indexOf('='); env.set(e.slice(0, i), e.slice(i + 1)); }
    for (const [name, v] of this.vars) {
      if (v.exported === false) { env.delete(name); continue; }
      if (v.exported || v.origin === 'environment' || v.origin === 'command line' || (this.exportAll && v.origin === 'file')) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        env.set(name, v.recursive ? await this.expand(v.value) : v.value);
      }
    }
    env.set('MAKELEVEL', String(this.level + 1));
    const flags = this.makeflags();
    if (flags) env.set('MAKEFLAGS', flags); else env.delete('MAKEFLAGS');
    if (env.has('MFLAGS') || flags) env.set('MFLAGS', flags ? '-' + flags.split(' ')[0] : '');
    return [...env].map(([k, v]) => `${k}=${v}`);
  }
  exportAll = false;
  cmdVars: string[] = [];
  makeflags(): string {
    let f = '';
    if (this.alwaysMake) f += 'B';
    if (this.envOverrides) f += 'e';
    if (this.ignoreErrors) f += 'i';
    if (this.keepGoing) f += 'k';
    if (this.dryRun) f += 'n';
    if (this.question) f += 'q';
    if (this.noBuiltinRules) f += 'r';
    if (this.silent) f += 's';
    const vs = this.cmdVars.map((a) => a.replace(/([\\ ])/g, '\\$1'));
    return [f, ...(vs.length ? ['--', ...vs] : [])].filter(Boolean).join(' ');
  }

  // ---- reading makefiles -------------------------------------------------------------------------------------
  target(name: string): Target {
    let t = this.targets.get(name);
    if (!t) {
      t = { name, deps: [], orderOnly: [], isTarget: false, mentioned: false, state: 'new', failed: false, remade: false, searched: false };
      this.targets.set(name, t);
    }
    return t;
  }

  /** Logical lines: continuations joined (recipe lines keep the backslash-newline), with their first line numbers. */
  async parse(text: string, file: string, evalMode = false) {
    const phys = text.split('\n');
    if (phys.length && phys[phys.length - 1] === '') phys.pop();
    const savedFile = this.curFile, savedLine = this.curLine;
    this.curFile = file;
    type Cond = { active: boolean; taken: boolean; seenElse: boolean; parentActive: boolean; line: number };
    const conds: Cond[] = [];
    const active = () => conds.every((c) => c.active);
    let rule: Target[] | undefined; // targets of the rule whose recipe lines follow
    let ruleRecipe: Recipe | undefined;
    let patternRule: PatternRule | undefined;
    const endRule = () => { rule = undefined; ruleRecipe = undefined; patternRule = undefined; };
    for (let i = 0; i < phys.length; i++) {
      const lineNo = i + 1;
      this.curLine = lineNo;
      let line = phys[i]!;
      // recipe line
      if (line.startsWith('\t') && (rule || patternRule) && active()) {
        let cmd = line.slice(1);
        while (/(^|[^\\])(\\\\)*\\$/.test(cmd) && i + 1 < phys.length) {
          const nxt = phys[++i]!;
          cmd += '\n' + (nxt.startsWith('\t') ? nxt.slice(1) : nxt);
        }
        if (!ruleRecipe) {
          ruleRecipe = { lines: [], file };
          await this.attachRecipe(rule, patternRule, ruleRecipe, lineNo);
        }
        ruleRecipe.lines.push({ text: cmd, line: lineNo });
        continue;
      }
      // join continuations
      while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < phys.length) {
        line = line.slice(0, -1).replace(/[ \t]+$/, '') + ' ' + phys[++i]!.replace(/^[ \t]+/, '');
      }
      // strip comments
      const stripped = stripComment(line);
      const trimmed = stripped.replace(/^[ \t]+/, '');
      // conditionals
      const kw = /^(ifeq|ifneq|ifdef|ifndef|else|endif)(?=[ \t(]|$)/.exec(trimmed);
      if (kw && !line.startsWith('\t')) {
        const k = kw[1]!;
        const rest = trimmed.slice(k.length).trim();
        if (k === 'endif') {
          if (!conds.length) await this.fatal(`extraneous 'endif'`);
          conds.pop();
          continue;
        }
        if (k === 'else') {
          const c = conds[conds.length - 1];
          if (!c) await this.fatal(`extraneous 'else'`);
          if (c!.seenElse) await this.fatal(`only one 'else' per conditional`);
          if (!rest) { c!.seenElse = true; c!.active = !c!.taken; c!.taken = true; continue; }
          const sub = /^(ifeq|ifneq|ifdef|ifndef)(?=[ \t(]|$)/.exec(rest);
          if (!sub) await this.fatal(`extraneous text after 'else' directive`);
          if (c!.taken) { c!.active = false; continue; }
          const v = await this.evalCond(sub![1]!, rest.slice(sub![1]!.length).trim());
          c!.active = v; c!.taken = v;
          continue;
        }
        const parentActive = active();
        const v = parentActive ? await this.evalCond(k, rest) : false;
        conds.push({ active: v, taken: v, seenElse: false, parentActive, line: lineNo });
        continue;
      }
      if (!active()) continue;
      if (trimmed === '') continue; // blank and comment lines do not end a rule
      // define ... endef
      const def = /^(override[ \t]+|export[ \t]+)*define[ \t]+(.*)$/.exec(trimmed);
      if (def) {
        let spec = def[2]!.trim();
        let op = '=';
        const om = /^(.*?)[ \t]*(::=|:=|\+=|\?=|!=|=)$/.exec(spec);
        if (om) { spec = om[1]!; op = om[2]!; }
        const body: string[] = [];
        let depth = 1;
        while (++i < phys.length) {
          const l = phys[i]!;
          if (/^[ \t]*define([ \t]|$)/.test(l)) depth++;
          if (/^[ \t]*endef([ \t]|$)/.test(l) && --depth === 0) break;
          body.push(l);
        }
        if (i >= phys.length) { this.curLine = lineNo; await this.fatal(`missing 'endef', unterminated 'define'`); }
        await this.assign(await this.expand(spec), op, body.join('\n'), def[1]?.includes('override') ? 'override' : 'file', !!def[1]?.includes('export'));
        endRule();
        continue;
      }
      // include
      const inc = /^(-include|sinclude|include)(?:[ \t]+(.*))?$/.exec(trimmed);
      if (inc && !line.startsWith('\t')) {
        endRule();
        const names = words(await this.expand(inc[2] ?? ''));
        for (const n of names) {
          let text: string | undefined;
          try { text = await this.sys.readText(n); } catch (e) {
            if (!(e instanceof SysError)) throw e;
            if (inc[1] !== 'include') continue;
            await this.err(`${file}:${lineNo}: ${n}: ${errMessage(e)}\n`);
            await this.err(`${this.pfx()}: *** No rule to make target '${n}'.  Stop.\n`);
            throw new StopMake();
          }
          this.makefileList.push(n);
          await this.parse(text, n);
          this.curFile = file; this.curLine = lineNo;
        }
        continue;
      }
      // export / unexport / override prefixes
      let body = trimmed;
      let override = false, exportIt: boolean | undefined;
      for (;;) {
        const pm = /^(override|export|unexport)(?:[ \t]+|$)/.exec(body);
        if (!pm) break;
        if (pm[1] === 'override') override = true; else exportIt = pm[1] === 'export';
        body = body.slice(pm[0].length);
      }
      if (exportIt !== undefined && !override) {
        // "export" alone, "export NAME..." (no assignment)
        if (body === '') { if (exportIt) this.exportAll = true; endRule(); continue; }
        if (!findAssign(body)) {
          for (const n of words(await this.expand(body))) {
            const v = this.vars.get(n);
            if (v) v.exported = exportIt; else this.vars.set(n, { value: '', recursive: true, origin: 'file', exported: exportIt });
          }
          endRule();
          continue;
        }
      }
      const asg = findAssign(body);
      if (asg && !line.startsWith('\t')) {
        endRule();
        const name = (await this.expand(body.slice(0, asg.at))).trim();
        if (name === '') await this.fatal('empty variable name');
        const value = body.slice(asg.at + asg.op.length).replace(/^[ \t]+/, '');
        await this.assign(name, asg.op, value, override ? 'override' : 'file', exportIt);
        continue;
      }
      if (line.startsWith('\t')) {
        if (trimmed === '') continue;
        await this.fatal('recipe commences before first target');
      }
      // a rule
      const r = await this.parseRule(body, file, lineNo);
      if (!r) {
        const expanded = (await this.expand(body)).trim();
        if (expanded === '') continue;
        endRule();
        await this.fatal(/^ {8}/.test(line) ? 'missing separator (did you mean TAB instead of 8 spaces?)' : 'missing separator');
      }
      rule = r!.targets; patternRule = r!.pattern; ruleRecipe = undefined;
      if (r!.inline !== undefined) {
        ruleRecipe = { lines: [{ text: r!.inline, line: lineNo }], file };
        await this.attachRecipe(rule, patternRule, ruleRecipe, lineNo);
      }
      if (r!.none) endRule();
    }
    if (conds.length && !evalMode) { this.curLine = phys.length + 1; await this.fatal(`missing 'endif'`); }
    this.curFile = savedFile; this.curLine = savedLine;
  }

  async attachRecipe(rule: Target[] | undefined, pattern: PatternRule | undefined, recipe: Recipe, lineNo: number) {
    if (pattern) { pattern.recipe = recipe; return; }
    for (const t of rule ?? []) {
      if (t.recipe && t.recipe.lines.length && !this.phony.has(t.name) && t.recipe.file !== undefined) {
        await this.err(`${recipe.file}:${lineNo}: warning: overriding recipe for target '${t.name}'\n`);
        await this.err(`${t.recipe.file}:${t.recipe.lines[0]!.line}: warning: ignoring old recipe for target '${t.name}'\n`);
      }
      t.recipe = recipe;
    }
  }

  async evalCond(kind: string, rest: string): Promise<boolean> {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const name = (await this.expand(rest)).trim();
      const v = this.vars.get(name);
      const defined = !!v && v.value !== '';
      return kind === 'ifdef' ? defined : !defined;
    }
    let a: string, b: string;
    if (rest.startsWith('(')) {
      const end = matchParen(rest, 0);
      if (end < 0) await this.fatal('invalid syntax in conditional');
      const args = splitArgs(rest.slice(1, end), 2);
      if (args.length < 2) await this.fatal('invalid syntax in conditional');
      a = (await this.expand(args[0]!.replace(/^[ \t]+/, ''))).replace(/[ \t]+$/, '');
      b = (await this.expand(args[1]!.replace(/^[ \t]+/, ''))).replace(/[ \t]+$/, '');
      a = a.trim(); b = b.trim();
    } else {
      const qm = /^(["'])(.*?)\1[ \t]+(["'])(.*?)\3[ \t]*$/.exec(rest);
      if (!qm) { await this.fatal('invalid syntax in conditional'); }
      a = await this.expand(qm![2]!); b = await this.expand(qm![4]!);
    }
    return (a === b) === (kind === 'ifeq');
  }

  async assign(name: string, op: string, value: string, origin: Origin, exportIt?: boolean) {
    const old = this.vars.get(name);
    if (old && origin !== 'override' && (old.origin === 'command line' || old.origin === 'override')) return;
    if (old && origin === 'file' && old.origin === 'environment' && this.envOverrides) return;
    let v: Var;
    switch (op) {
      case ':=': case '::=': v = { value: await this.expand(value), recursive: false, origin }; break;
      case '?=': if (old) { if (exportIt !== undefined) old.exported = exportIt; return; } v = { value, recursive: true, origin }; break;
      case '+=':
        if (!old) v = { value, recursive: true, origin };
        else if (old.recursive) v = { value: old.value === '' ? value : `${old.value} ${value}`, recursive: true, origin: old.origin === 'environment' ? origin : old.origin };
        else { const e = await this.expand(value); v = { value: old.value === '' ? e : `${old.value} ${e}`, recursive: false, origin: old.origin === 'environment' ? origin : old.origin }; }
        if (origin === 'override') v.origin = 'override';
        break;
      case '!=': v = { value: await this.shell(await this.expand(value)), recursive: true, origin }; break;
      default: v = { value, recursive: true, origin };
    }
    v.exported = exportIt ?? old?.exported;
    this.vars.set(name, v);
  }

  /** A rule line; undefined when the line has no colon (missing separator). */
  async parseRule(text: string, file: string, lineNo: number): Promise<{ targets: Target[]; pattern?: PatternRule; inline?: string; none?: boolean } | undefined> {
    // the recipe after an unquoted ; (outside variable references)
    let semi = -1, depth = 0;
    for (let j = 0; j < text.length; j++) {
      const c = text[j];
      if (c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) { depth++; j++; continue; }
      if ((c === ')' || c === '}') && depth) { depth--; continue; }
      if (c === ';' && !depth) { semi = j; break; }
    }
    let inline: string | undefined;
    let head = text;
    if (semi >= 0) { inline = text.slice(semi + 1).replace(/^[ \t]+/, ''); head = text.slice(0, semi); }
    const expanded = await this.expand(head);
    const colon = findColon(expanded);
    if (colon < 0) return undefined;
    const doubleColon = expanded[colon + 1] === ':';
    const tnames = words(expanded.slice(0, colon)).flatMap((w) => (hasGlob(w) ? (this.glob(w).length ? this.glob(w) : [w]) : [w]));
    let rest = expanded.slice(colon + (doubleColon ? 2 : 1));
    if (tnames.length === 0) {
      if (words(rest).length === 0 && inline === undefined) return { targets: [], none: true };
      return { targets: [], none: true };
    }
    // target-specific variable: targets: VAR = value (look for the assignment in the unexpanded text)
    const headColon = findColon(head);
    const afterColon = headColon >= 0 ? head.slice(headColon + (head[headColon + 1] === ':' ? 2 : 1)) : '';
    const tsv = findAssign(afterColon.replace(/^[ \t]*(override[ \t]+|export[ \t]+)*/, ''));
    if (tsv && findColon(afterColon.slice(0, tsv.at)) < 0) {
      const b = afterColon.replace(/^[ \t]*/, '');
      const ov = /^(override[ \t]+|export[ \t]+)*/.exec(b)![0];
      const s = b.slice(ov.length);
      const a = findAssign(s)!;
      const name = (await this.expand(s.slice(0, a.at))).trim();
      const value = s.slice(a.at + a.op.length).replace(/^[ \t]+/, '') + (inline !== undefined ? ';' + inline : '');
      for (const tn of tnames) {
        const t = this.target(tn);
        t.vars ??= new Map();
        const saved = this.vars;
        const old = t.vars.get(name) ?? this.vars.get(name);
        if (a.op === ':=' || a.op === '::=') t.vars.set(name, { value: await this.expand(value), recursive: false, origin: 'file' });
        else if (a.op === '+=' && old) t.vars.set(name, { value: `${old.recursive ? old.value : old.value} ${value}`, recursive: old.recursive, origin: 'file' });
        else if (a.op === '?=' && old) { /* keep */ } else t.vars.set(name, { value, recursive: true, origin: 'file' });
        void saved;
      }
      return { targets: [], none: true };
    }
    // static pattern rule: targets: target-pattern: prereq-patterns
    const colon2 = findColon(rest);
    let staticPat: string | undefined;
    if (colon2 >= 0) {
      staticPat = rest.slice(0, colon2).trim();
      rest = rest.slice(colon2 + 1);
    }
    const [normal, order] = splitOrderOnly(rest);
    const expandGlobs = (ws: string[]) => ws.flatMap((w) => (hasGlob(w) ? (this.glob(w).length ? this.glob(w) : [w]) : [w]));
    const deps = expandGlobs(words(normal)), orderOnly = expandGlobs(words(order));
    // pattern rule
    if (staticPat === undefined && tnames.some((t) => t.includes('%'))) {
      const pr: PatternRule = { targets: tnames, deps: [...deps, ...orderOnly], recipe: { lines: [], file }, builtin: false };
      // a pattern rule without a recipe cancels a built-in one
      this.patterns = this.patterns.filter((p) => !(p.targets.join(' ') === pr.targets.join(' ') && p.deps.join(' ') === pr.deps.join(' ')));
      this.patterns.splice(this.patterns.findIndex((p) => p.builtin) < 0 ? this.patterns.length : this.patterns.findIndex((p) => p.builtin), 0, pr);
      return { targets: [], pattern: pr, inline };
    }
    const ts: Target[] = [];
    for (const tn of tnames) {
      const t = this.target(tn);
      t.isTarget = true; t.mentioned = true;
      let myDeps = deps, myOrder = orderOnly;
      if (staticPat !== undefined) {
        const stem = patMatch(staticPat, tn);
        if (stem === undefined) {
          await this.err(`${file}:${lineNo}: target '${tn}' doesn't match the target pattern\n`);
          myDeps = []; myOrder = [];
        } else {
          t.stem = stem;
          myDeps = deps.map((d) => d.replace('%', stem));
          myOrder = orderOnly.map((d) => d.replace('%', stem));
        }
      }
      for (const d of [...myDeps, ...myOrder]) this.target(d).mentioned = true;
      t.deps = [...t.deps, ...myDeps];
      t.orderOnly.push(...myOrder);
      ts.push(t);
      if (tn === '.PHONY') for (const d of myDeps) this.phony.add(d);
      else if (tn === '.PRECIOUS' || tn === '.SECONDARY') for (const d of myDeps) this.precious.add(d);
      else if (tn === '.DELETE_ON_ERROR') this.deleteOnError = true;
      else if (tn === '.SILENT' && !myDeps.length) this.silent = true;
      else if (tn === '.IGNORE' && !myDeps.length) this.ignoreErrors = true;
      else if (tn === '.EXPORT_ALL_VARIABLES') this.exportAll = true;
      else if (tn === '.SUFFIXES' && !myDeps.length) this.noBuiltinRules = this.noBuiltinRules || false;
      if (this.defaultGoal === undefined && (!tn.startsWith('.') || tn.includes('/')) && !this.vars.get('.DEFAULT_GOAL')?.value) this.defaultGoal = tn;
    }
    return { targets: ts, inline };
  }

  // ---- running -----------------------------------------------------------------------------------------------
  mtimeOf(name: string): number | undefined {
    try { return this.sys.stat(name).mtimeMs; } catch { return undefined; }
  }

  /** Implicit rule search: a pattern rule whose prerequisites exist or ought to exist (one chained level). */
  findImplicit(t: Target, depth = 0): { rule: PatternRule; stem: string; deps: string[] } | undefined {
    const rules = this.patterns.filter((p) => p.recipe.lines.length && (!p.builtin || !this.noBuiltinRules));
    const candidates: { rule: PatternRule; stem: string; deps: string[] }[] = [];
    for (const rule of rules) {
      for (const tp of rule.targets) {
        let stem: string | undefined, dir = '';
        if (!tp.includes('/') && t.name.includes('/')) {
          const k = t.name.lastIndexOf('/');
          dir = t.name.slice(0, k + 1);
          stem = patMatch(tp, t.name.slice(k + 1));
        } else stem = patMatch(tp, t.name);
        if (stem === undefined) continue;
        if (tp === '%' && rule.deps.length === 0) continue;
        const deps = rule.deps.map((d) => (d.includes('%') ? (d.includes('/') ? d.replace('%', dir + stem) : dir + d.replace('%', stem!)) : d));
        candidates.push({ rule, stem: dir + stem, deps });
        break;
      }
    }
    const ought = (d: string) => this.sys.exists(d) || !!this.targets.get(d)?.isTarget || (this.targets.get(d)?.mentioned ?? false);
    for (const c of candidates) if (c.deps.every(ought)) return c;
    if (depth > 0) return undefined;
    for (const c of candidates) {
      if (c.deps.every((d) => ought(d) || (d !== t.name && this.findImplicit(this.peek(d), depth + 1)))) return c;
    }
    return undefined;
  }
  peek(name: string): Target { return this.targets.get(name) ?? { name, deps: [], orderOnly: [], isTarget: false, mentioned: false, state: 'new', failed: false, remade: false, searched: false }; }

  /** Brings a target up to date; false when it (or a prerequisite) failed. */
  async update(name: string, parent: Target | undefined): Promise<boolean> {
    const t = this.target(name);
    if (t.state === 'done') return !t.failed;
    if (t.state === 'busy') {
      await this.err(`${this.pfx()}: Circular ${parent!.name} <- ${name} dependency dropped.\n`);
      return true;
    }
    t.state = 'busy';
    const phony = this.phony.has(name);
    t.mtime = phony ? undefined : this.mtimeOf(name);
    if (!t.recipe?.lines.length && !phony && !t.searched) {
      t.searched = true;
      const imp = this.findImplicit(t);
      if (imp) {
        t.recipe = imp.rule.recipe;
        t.stem = imp.stem;
        t.deps = [...imp.deps, ...t.deps.filter((d) => !imp.deps.includes(d))];
        for (const d of imp.deps) this.target(d);
      }
    }
    if (!t.recipe?.lines.length && !t.isTarget && t.deps.length === 0 && t.mtime === undefined && !phony) {
      t.state = 'done';
      t.failed = true;
      const msg = parent ? `No rule to make target '${name}', needed by '${parent.name}'` : `No rule to make target '${name}'`;
      if (this.keepGoing) { await this.err(`${this.pfx()}: *** ${msg}.\n`); return false; }
      await this.err(`${this.pfx()}: *** ${msg}.  Stop.\n`);
      throw new StopMake();
    }
    let ok = true;
    for (const d of [...t.deps, ...t.orderOnly]) {
      if (!(await this.update(d, t))) { ok = false; if (!this.keepGoing) break; }
    }
    if (!ok) {
      t.state = 'done';
      t.failed = true;
      if (!parent && this.keepGoing && !this.dryRun && !this.question) await this.err(`${this.pfx()}: Target '${name}' not remade because of errors.\n`);
      return false;
    }
    let must = phony || t.mtime === undefined || this.alwaysMake;
    const newer: string[] = [];
    for (const d of t.deps) {
      const dt = this.targets.get(d)!;
      if (t.mtime === undefined || dt.mtime === undefined || dt.mtime > t.mtime || this.phony.has(d)) {
        must = true;
        if (!newer.includes(d)) newer.push(d);
      }
    }
    if (this.alwaysMake) for (const d of t.deps) if (!newer.includes(d)) newer.push(d);
    if (!must) { t.state = 'done'; return true; }
    if (t.recipe?.lines.length) {
      const good = await this.runRecipe(t, newer);
      t.state = 'done';
      if (!good) { t.failed = true; return false; }
      t.remade = true;
      t.mtime = this.dryRun ? Infinity : phony ? undefined : this.mtimeOf(name) ?? Infinity;
      if (this.dryRun) t.mtime = Infinity;
      return true;
    }
    t.state = 'done';
    t.remade = true;
    if (t.mtime === undefined && !phony) t.mtime = Infinity;
    return true;
  }

  async runRecipe(t: Target, newer: string[]): Promise<boolean> {
    const recipe = t.recipe!;
    const uniq = [...new Set(t.deps)];
    const stem = t.stem ?? (() => { const s = SUFFIXES.find((x) => t.name.endsWith(x) && t.name.length > x.length); return s ? t.name.slice(0, -s.length) : ''; })();
    const ctx: Ctx = {
      auto: new Map([['@', t.name], ['<', t.deps[0] ?? ''], ['^', uniq.join(' ')], ['+', t.deps.join(' ')], ['?', newer.join(' ')], ['*', stem], ['|', [...new Set(t.orderOnly)].join(' ')], ['%', '']]),
      scopes: t.vars ? [t.vars] : [],
    };
    // make expands every line of a recipe before running the first
    const lines: { cmd: string; line: number }[] = [];
    for (const c of recipe.lines) {
      this.curFile = recipe.file ?? ''; this.curLine = c.line;
      lines.push({ cmd: await this.expand(c.text, ctx), line: c.line });
    }
    const before = this.mtimeOf(t.name);
    for (const { cmd: full, line } of lines) {
      let cmd = full, quiet = this.silent, ignore = this.ignoreErrors, force = false;
      for (;;) {
        const m = /^[ \t@+-]/.exec(cmd);
        if (!m) break;
        if (m[0] === '@') quiet = true; else if (m[0] === '-') ignore = true; else if (m[0] === '+') force = true;
        cmd = cmd.slice(1);
      }
      if (cmd.trim() === '') continue;
      this.commandsStarted++;
      if (!quiet || (this.dryRun && !force)) await this.out(cmd + '\n');
      if (this.dryRun && !force) continue;
      let status: number;
      try {
        const pid = await this.sys.spawn('/bin/sh', { argv: ['/bin/sh', '-c', cmd], env: await this.childEnv() });
        status = await this.reap(pid);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await this.err(`${this.pfx()}: /bin/sh: ${errMessage(e)}\n`);
        status = 127 << 8;
      }
      if (status === 0) {
        if (this.fatalSignal) { await this.delTarget(t, before); await this.die(); }
        continue;
      }
      const sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      const where = recipe.file === undefined ? '<builtin>' : `${recipe.file}:${this.v41 ? recipe.lines[0]!.line : line}`;
      const what = sig ? `${signalDescription(sig)}${WCOREDUMP(status) ? ' (core dumped)' : ''}` : `Error ${WEXITSTATUS(status)}`;
      const ignored = ignore;
      const delTarget = () => this.delTarget(t, before);
      if (this.fatalSignal) await delTarget();
      if (ignored && this.silent) continue;
      if (this.v41) await this.out(`${where}: recipe for target '${t.name}' failed\n`);
      const label = this.v41 ? t.name : `${where}: ${t.name}`;
      await this.err(`${this.pfx()}: ${ignored ? '' : '*** '}[${label}] ${what}${ignored ? ' (ignored)' : ''}\n`);
      if (ignored) continue;
      if (this.fatalSignal) await this.die();
      if (sig || this.deleteOnError) await delTarget();
      if (!this.keepGoing) throw new StopMake();
      return false;
    }
    return true;
  }

  /** Removes a target a killed recipe had started writing (its mtime changed), as make does. */
  async delTarget(t: Target, before: number | undefined) {
    if (this.phony.has(t.name) || this.precious.has(t.name) || this.dryRun) return;
    const now = this.mtimeOf(t.name);
    try {
      if (now !== undefined && now !== before && (this.sys.stat(t.name).mode & 0o170000) === 0o100000) {
        await this.err(`${this.pfx()}: *** Deleting file '${t.name}'\n`);
        this.sys.unlink(t.name);
      }
    } catch { /* gone */ }
  }

  async die(): Promise<never> {
    const sig = this.fatalSignal;
    this.sys.sigaction(sig, 'default');
    this.sys.kill(this.sys.pid, sig);
    throw new StopMake();
  }

  // ---- main --------------------------------------------------------------------------------------------------
  async main(): Promise<number> {
    const sys = this.sys;
    this.prog = (sys.argv[0] ?? 'make').replace(/.*\//, '') || 'make';
    this.level = Number(sys.getenv('MAKELEVEL') ?? '0') || 0;
    const files: string[] = [];
    const dirs: string[] = [];
    const goals: string[] = [];
    const cmdVars: string[] = [];
    const args = sys.argv.slice(1);
    const usage = async (msg: string) => { await this.err(`${this.prog}: ${msg}\n${USAGE(this.v41)}`); return 2; };
    const longOpts: Record<string, string> = {
      file: 'f', makefile: 'f', directory: 'C', 'just-print': 'n', 'dry-run': 'n', recon: 'n', silent: 's', quiet: 's',
      'keep-going': 'k', 'always-make': 'B', jobs: 'j', 'ignore-errors': 'i', 'environment-overrides': 'e', question: 'q',
      'no-builtin-rules': 'r', 'no-builtin-variables': 'R', 'print-directory': 'w', 'no-print-directory': 'NPD',
      version: 'v', help: 'h', stop: 'S', 'no-keep-going': 'S', touch: 't', 'include-dir': 'I', 'load-average': 'l', 'max-load': 'l',
      'no-silent': 'NS', debug: 'd', trace: 'TRACE', 'warn-undefined-variables': 'WUV', 'output-sync': 'O', eval: 'E',
    };
    const withArg = 'fCIoWE';
    const opts: [string, string | undefined][] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') { goals.push(...args.slice(i + 1)); break; }
      if (a.startsWith('--')) {
        const [n, v] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
        const ms = Object.keys(longOpts).filter((k) => k.startsWith(n));
        const key = longOpts[n] !== undefined ? n : ms.length === 1 ? ms[0] : undefined;
        if (!key) return usage(ms.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'`);
        const k = longOpts[key]!;
        if (withArg.includes(k) && k.length === 1) {
          const val = v ?? args[++i];
          if (val === undefined) return usage(`option '--${key}' requires an argument`);
          opts.push([k, val]);
        } else opts.push([k, v]);
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j]!;
          if (withArg.includes(c)) {
            const val = j + 1 < a.length ? a.slice(j + 1) : args[++i];
            if (val === undefined) return usage(`option requires an argument -- '${c}'`);
            opts.push([c, val]);
            break;
          }
          if (c === 'j' || c === 'l' || c === 'O') {
            const rest = a.slice(j + 1);
            if (rest) { opts.push([c, rest]); break; }
            if (c !== 'O' && /^\d+$/.test(args[i + 1] ?? '')) opts.push([c, args[++i]]); else opts.push([c, undefined]);
            break;
          }
          if (!'bmBdehiknpqrRsStvwL'.includes(c)) return usage(`invalid option -- '${c}'`);
          opts.push([c, undefined]);
        }
        continue;
      }
      if (/^[^=:\s]+(\s*(::|:|\+|\?|!)?=)/.test(a) && /^[^=]*[^=\s:+?!]\s*(::|:|\+|\?|!)?=/.test(a)) cmdVars.push(a);
      else goals.push(a);
    }
    // MAKEFLAGS from a parent make: its variable overrides
    const inherited = sys.getenv('MAKEFLAGS');
    if (inherited) {
      const parts = inherited.split(/(?<!\\) /);
      const dd = parts.indexOf('--');
      if (dd >= 0) cmdVars.unshift(...parts.slice(dd + 1).map((p) => p.replace(/\\(.)/g, '$1')));
      const flags = dd === 0 ? '' : parts[0]!.replace(/^-/, '');
      if (!/=/.test(flags)) {
        if (flags.includes('n')) this.dryRun = true;
        if (flags.includes('s')) this.silent = true;
        if (flags.includes('k')) this.keepGoing = true;
        if (flags.includes('i')) this.ignoreErrors = true;
        if (flags.includes('B')) this.alwaysMake = true;
        if (flags.includes('r')) this.noBuiltinRules = true;
      }
    }
    let printVersion = false;
    for (const [k, v] of opts) {
      switch (k) {
        case 'f': files.push(v!); break;
        case 'C': dirs.push(v!); break;
        case 'n': this.dryRun = true; break;
        case 's': this.silent = true; break;
        case 'NS': this.silent = false; break;
        case 'k': this.keepGoing = true; break;
        case 'S': this.keepGoing = false; break;
        case 'B': this.alwaysMake = true; break;
        case 'i': this.ignoreErrors = true; break;
        case 'e': this.envOverrides = true; break;
        case 'q': this.question = true; break;
        case 'r': this.noBuiltinRules = true; break;
        case 'R': this.noBuiltinRules = true; break;
        case 'w': this.printDir = true; break;
        case 'NPD': this.noPrintDir = true; break;
        case 'v': printVersion = true; break;
        case 'h': await this.out(USAGE(this.v41)); return 0;
        case 'j': if (v !== undefined && !/^\d+$/.test(v)) { await this.err(`${this.prog}: the '-j' option requires a positive integer argument\n${USAGE(this.v41)}`); return 2; } break;
        default: break;
      }
    }
    if (printVersion) { await this.out(VERSION(this.v41)); return 0; }
    for (const d of dirs) {
      try { sys.chdir(d); } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await this.err(`${this.pfx()}: *** ${d}: ${errMessage(e)}.  Stop.\n`);
        return 2;
      }
    }
    const cwd = sys.getcwd();
    const showDir = !this.noPrintDir && (this.printDir || (!this.silent && (dirs.length > 0 || this.level > 0)));
    if (showDir) await this.out(`${this.pfx()}: Entering directory '${cwd}'\n`);
    let status: number;
    try {
      status = await this.run(files, goals, cmdVars, cwd);
    } catch (e) {
      if (e instanceof StopMake) status = 2; else throw e;
    }
    if (showDir) await this.out(`${this.pfx()}: Leaving directory '${cwd}'\n`);
    return status;
  }

  async run(files: string[], goals: string[], cmdVars: string[], cwd: string): Promise<number> {
    const sys = this.sys;
    sys.sigaction(2, () => { this.fatalSignal = 2; });
    sys.sigaction(15, () => { this.fatalSignal = 15; });
    sys.sigaction(1, () => { this.fatalSignal = 1; });
    for (const [n, v] of BUILTIN_VARS) this.vars.set(n, { value: v, recursive: true, origin: 'default' });
    for (const [t, d, cmds] of BUILTIN_RULES) this.patterns.push({ targets: [t], deps: [d], recipe: { lines: cmds.map((text) => ({ text, line: 0 })) }, builtin: true });
    for (const e of sys.environ) {
      const i = e.indexOf('=');
      const n = e.slice(0, i);
      if (n === 'SHELL' || n === 'MAKEFLAGS' || n === 'MFLAGS' || n === 'MAKELEVEL') continue;
      this.vars.set(n, { value: e.slice(i + 1), recursive: true, origin: 'environment', exported: true });
    }
    this.vars.set('MAKE_COMMAND', { value: this.prog, recursive: false, origin: 'default' });
    this.vars.set('MAKE_VERSION', { value: this.v41 ? '4.1' : '4.3', recursive: false, origin: 'default' });
    this.vars.set('CURDIR', { value: cwd, recursive: false, origin: 'file' });
    this.vars.set('MAKELEVEL', { value: String(this.level), recursive: false, origin: 'environment' });
    this.vars.set('MAKEFLAGS', { value: '', recursive: false, origin: 'file' });
    this.cmdVars = cmdVars;
    for (const a of cmdVars) {
      const asg = findAssign(a)!;
      const name = a.slice(0, asg.at).trim();
      const value = a.slice(asg.at + asg.op.length);
      this.vars.delete(name);
      await this.assign(name, asg.op === '+=' || asg.op === '?=' ? '=' : asg.op, value, 'command line');
    }
    this.vars.set('MAKEFLAGS', { value: this.makeflags(), recursive: false, origin: 'file' });
    // the makefile
    let names = files;
    if (!names.length) {
      const found = ['GNUmakefile', 'makefile', 'Makefile'].find((f) => sys.exists(f));
      names = found ? [found] : [];
    }
    for (const f of names) {
      let text: string;
      try { text = await sys.readText(f === '-' ? '/dev/stdin' : f); } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await this.err(`${this.pfx()}: ${f}: ${errMessage(e)}\n`);
        await this.err(`${this.pfx()}: *** No rule to make target '${f}'.  Stop.\n`);
        return 2;
      }
      this.makefileList.push(f);
      this.vars.set('MAKEFILE_LIST', { value: ' ' + this.makefileList.join(' '), recursive: false, origin: 'file' });
      await this.parse(text, f);
    }
    this.curFile = '';
    if (!goals.length) {
      const dg = this.vars.get('.DEFAULT_GOAL');
      const g = dg?.value ? (await this.expand(dg.value)).trim() : this.defaultGoal;
      if (!g) {
        await this.err(names.length ? `${this.pfx()}: *** No targets.  Stop.\n` : `${this.pfx()}: *** No targets specified and no makefile found.  Stop.\n`);
        return 2;
      }
      goals = [g];
    }
    let failed = false;
    for (const g of goals) {
      const before = this.commandsStarted;
      let ok: boolean;
      try {
        ok = await this.update(g, undefined);
      } catch (e) {
        if (e instanceof StopMake) { if (this.fatalSignal) await this.die(); return 2; }
        throw e;
      }
      if (this.fatalSignal) await this.die();
      if (!ok) {
        failed = true;
        continue;
      }
      if (this.commandsStarted === before && !this.silent && !this.question) {
        const t = this.targets.get(g)!;
        await this.out(`${this.pfx()}: ${this.phony.has(g) || !t.recipe?.lines.length ? `Nothing to be done for '${g}'.` : `'${g}' is up to date.`}\n`);
      }
    }
    return failed ? 2 : 0;
  }
}

interface Ctx { auto: Map<string, string>; scopes: Map<string, Var>[] }

const FUNCTIONS = new Set(['subst', 'patsubst', 'strip', 'findstring', 'filter', 'filter-out', 'sort', 'word', 'wordlist', 'words',
  'firstword', 'lastword', 'dir', 'notdir', 'suffix', 'basename', 'addsuffix', 'addprefix', 'join', 'wildcard', 'realpath',
  'abspath', 'foreach', 'if', 'or', 'and', 'call', 'value', 'origin', 'flavor', 'shell', 'error', 'warning', 'info', 'eval']);

function errMessage(e: SysError): string { const m = e.message; const i = m.lastIndexOf(': '); return i >= 0 ? m.slice(i + 2) : m; }

/** Removes a # comment (not inside a variable reference, not escaped). */
function stripComment(line: string): string {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && line[i + 1] === '#') { line = line.slice(0, i) + line.slice(i + 1); continue; }
    if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) { depth++; i++; continue; }
    if ((c === ')' || c === '}') && depth) { depth--; continue; }
    if (c === '#' && !depth) return line.slice(0, i);
  }
  return line;
}

/** The first top-level assignment operator, when it comes before any rule colon. */
function findAssign(s: string): { at: number; op: string } | undefined {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) { depth++; i++; continue; }
    if ((c === ')' || c === '}') && depth) { depth--; continue; }
    if (depth) continue;
    if (c === '=') {
      const p = s[i - 1];
      if (p === '+' || p === '?' || p === '!') return { at: i - 1, op: p + '=' };
      return { at: i, op: '=' };
    }
    if (c === ':') {
      if (s.startsWith('::=', i)) return { at: i, op: '::=' };
      if (s[i + 1] === '=') return { at: i, op: ':=' };
      return undefined;
    }
    if (c === ';') return undefined;
  }
  return undefined;
}

/** The rule colon in an expanded line (not a drive-letter style a:b inside words is not special on Linux). */
function findColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) { depth++; i++; continue; }
    if ((c === ')' || c === '}') && depth) { depth--; continue; }
    if (c === ':' && !depth) return i;
  }
  return -1;
}

function splitOrderOnly(s: string): [string, string] {
  const i = s.indexOf('|');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}
