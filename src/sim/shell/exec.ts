// The interpreter: runs parsed commands the way bash does. Builtins, functions and compound commands run in
// the shell process; external programs are spawned (or exec'd at the tail of a subshell); pipelines, ( ),
// $(...) and background jobs run in forked subshells that get a deep copy of the shell's state, so nothing a
// subshell does can change the parent. Interactive shells do job control: each job gets its own process group
// and the terminal while it runs in the foreground.
import { andOrText, pipelineText } from './print.ts';
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { Interrupted } from '../kernel/process.ts';
import { SIG, WCOREDUMP, WIFSIGNALED, WTERMSIG, shellStatus, signalDescription, exitedStatus } from '../kernel/signals.ts';
import type { AndOr, Assign, Command, List, Pipeline, Redir, Word } from './ast.ts';
import { Parser, parseTemplate } from './parser.ts';
import { ParseError } from './lexer.ts';
import { Expander, ExpansionError, globMatch, type ExpandHost } from './expand.ts';
import { ArithError, evalArith } from './arith.ts';
import { AbortLine, ExitSignal, LoopControl, ReturnSignal } from './errors.ts';
import { JobTable, statusColumn, type Job } from './jobs.ts';
import { BUILTINS, SPECIAL_BUILTINS } from './builtins/index.ts';
import { applyRedirs, restoreFds } from './redirect.ts';
import { condExpr } from './cond.ts';

export interface Var { value: string; exported: boolean; readonly: boolean; array?: string[]; }

export interface ShellOptions {
  errexit: boolean; xtrace: boolean; noglob: boolean; nounset: boolean; pipefail: boolean; noclobber: boolean;
  verbose: boolean; allexport: boolean; monitor: boolean; noexec: boolean; hashall: boolean;
}

const dec = new TextDecoder();

export class Shell implements ExpandHost {
  sys: Sys;
  /** dash mode (/bin/sh): dash's messages and prompt. */
  readonly dash: boolean;
  vars = new Map<string, Var>();
  /** Function-local scopes: the bindings each `local` shadowed, restored on return (dynamic scoping). */
  localFrames: Map<string, Var | undefined>[] = [];
  funcs = new Map<string, Extract<Command, { type: 'func' }>>();
  aliases = new Map<string, string>();
  positionalArgs: string[] = [];
  arg0: string;
  opts: ShellOptions = {
    errexit: false, xtrace: false, noglob: false, nounset: false, pipefail: false, noclobber: false,
    verbose: false, allexport: false, monitor: false, noexec: false, hashall: true,
  };
  status = 0;
  lastBg: number | undefined;
  interactive = false;
  /** Whether jobs get their own process groups and the terminal (interactive shells). */
  jobControl = false;
  /** $$: the pid of the top-level shell, also in subshells. */
  rootPid: number;
  jobs = new JobTable();
  history: string[] = [];
  /** Files being sourced, innermost last: their errors read "file: line N: ". */
  sourceNames: string[] = [];
  lineno = 0;
  funcDepth = 0;
  /** Names of the functions being executed, innermost last ($FUNCNAME). */
  funcNames: string[] = [];
  loopDepth = 0;
  sourceDepth = 0;
  /** Set by the SIGINT handler of an interactive shell; checked between commands. */
  interrupted = false;
  inSubshell = false;
  /** Nesting of contexts where set -e does not apply (if/while conditions, && || operands, !). */
  errexitOff = 0;
  /** $PIPESTATUS of the last pipeline. */
  private pipeStatus: number[] = [];
  /** The status of the last command substitution (an assignment-only command's status). */
  private substStatus: number | undefined;
  hash = new Map<string, string>();
  readonly expander: Expander;
  readonly startMs: number;
  /** Shell name for messages and $BASH_VERSION (profile-dependent). */
  readonly version: string;
  traps = new Map<string, string>();
  /** Trap commands of caught signals, run at the next command boundary. */
  pendingTraps: string[] = [];
  /** `export NAME` of an unset variable: exported once assigned. */
  pendingExport = new Set<string>();
  /** Statuses of children reaped by `wait` (for a later `wait PID`). */
  reaped = new Map<number, number>();
  getoptsSub = 1;
  getoptsLastInd = 0;

  constructor(sys: Sys, opts: { dash: boolean; arg0: string }) {
    this.sys = sys;
    this.dash = opts.dash;
    this.arg0 = opts.arg0;
    this.rootPid = sys.pid;
    this.expander = new Expander(this);
    this.startMs = sys.uptime();
    this.version = sys.machine.profile === 'ubuntu-18.04' ? '4.4.20(1)-release' : '5.2.15(1)-release';
  }

  // ---- state ---------------------------------------------------------------------------------------------
  /** Imports the environment (execve's envp) as exported variables. */
  importEnv() {
    for (const e of this.sys.environ) {
      const i = e.indexOf('=');
      if (i <= 0) continue;
      const name = e.slice(0, i);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
      this.vars.set(name, { value: e.slice(i + 1), exported: true, readonly: false });
    }
  }

  /** A deep copy of the state for a forked subshell running under `sys`. */
  cloneFor(sys: Sys): Shell {
    const c = new Shell(sys, { dash: this.dash, arg0: this.arg0 });
    c.rootPid = this.rootPid;
    for (const [k, v] of this.vars) c.vars.set(k, { ...v, ...(v.array ? { array: [...v.array] } : {}) });
    c.localFrames = this.localFrames.map((f) => new Map(f));
    c.funcs = new Map(this.funcs);
    c.aliases = new Map(this.aliases);
    c.positionalArgs = [...this.positionalArgs];
    c.opts = { ...this.opts };
    c.status = this.status;
    c.lastBg = this.lastBg;
    c.history = [...this.history];
    c.sourceNames = [...this.sourceNames];
    c.lineno = this.lineno;
    c.funcDepth = this.funcDepth;
    c.funcNames = [...this.funcNames];
    c.substLevel = this.substLevel;
    c.loopDepth = this.loopDepth;
    c.sourceDepth = this.sourceDepth;
    c.inSubshell = true;
    c.errexitOff = this.errexitOff;
    c.hash = new Map(this.hash);
    // A subshell resets traps, except signals the parent ignores (bash(1) COMMAND EXECUTION ENVIRONMENT).
    for (const [k, v] of this.traps) if (v === '') c.traps.set(k, v);
    return c;
  }

  get nounset() { return this.opts.nounset; }
  get noglob() { return this.opts.noglob; }
  get braceExpansion() { return !this.dash; }

  getVar(name: string): string | undefined { return this.vars.get(name)?.value; }

  getParam(name: string): string | undefined {
    switch (name) {
      case '?': return String(this.status);
      case '$': return String(this.rootPid);
      case '!': return this.lastBg === undefined ? (this.nounset ? undefined : '') : String(this.lastBg);
      case '#': return String(this.positionalArgs.length);
      case '@': case '*': return this.positionalArgs.join(' ');
      case '-': return this.flagString();
      case '0': return this.arg0;
      case 'RANDOM': return String(this.random());
      case 'SECONDS': return String(Math.floor((this.sys.uptime() - this.startMs) / 1000));
      case 'LINENO': return String(this.lineno);
      case 'BASHPID': return String(this.sys.pid);
      case 'FUNCNAME': return this.funcNames[this.funcNames.length - 1];
      case 'PPID': return this.vars.get('PPID')?.value ?? String(this.sys.ppid);
    }
    if (/^\d+$/.test(name)) return this.positionalArgs[Number(name) - 1];
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/.exec(name);
    if (m) {
      const v = this.vars.get(m[1]!);
      if (!v) return undefined;
      const arr = v.array ?? [v.value];
      if (m[2] === '@' || m[2] === '*') return arr.join(' ');
      let i = Number(this.arith(m[2]!));
      if (i < 0) i += arr.length;
      return arr[i];
    }
    return this.vars.get(name)?.value;
  }

  private randState = 0;
  private random(): number {
    if (!this.randState) this.randState = (this.sys.pid * 2654435761 + Math.floor(this.sys.now())) >>> 0 || 1;
    this.randState = (this.randState * 1103515245 + 12345) >>> 0;
    return (this.randState >>> 16) & 0x7fff;
  }

  flagString(): string {
    let s = '';
    if (this.opts.errexit) s += 'e';
    if (this.opts.noglob) s += 'f';
    s += 'h';
    if (this.interactive) s += 'i';
    if (this.jobControl) s += 'm';
    if (this.opts.nounset) s += 'u';
    if (this.opts.xtrace) s += 'x';
    if (!this.dash) s += 'B';
    if (this.interactive && !this.dash) s += 'H';
    if (this.cMode) s += 'c';
    return this.dash ? s.replace(/[hBH]/g, '') : s;
  }
  cMode = false;

  /** Assigns a shell variable (throws AbortLine with bash's message for a readonly one). */
  setVar(name: string, value: string, opts: { export?: boolean } = {}) {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ExpansionError(this.dash ? `${name}: is read only` : `${name}: readonly variable`, this.dash);
    const exp = !!opts.export || this.pendingExport.delete(name);
    if (v) { v.value = value; delete v.array; if (exp) v.exported = true; }
    else this.vars.set(name, { value, exported: exp || this.opts.allexport, readonly: false });
    if (name === 'PATH') this.hash.clear();
  }

  unsetVar(name: string): boolean {
    const v = this.vars.get(name);
    if (v?.readonly) return false;
    this.vars.delete(name);
    if (name === 'PATH') this.hash.clear();
    return true;
  }

  /** `local name`: saves the caller's binding in the current function frame. */
  makeLocal(name: string) {
    const frame = this.localFrames[this.localFrames.length - 1];
    if (!frame) return false;
    if (!frame.has(name)) {
      const old = this.vars.get(name);
      frame.set(name, old ? { ...old } : undefined);
    }
    return true;
  }

  positional() { return this.positionalArgs; }
  getArray(name: string): string[] | undefined {
    const v = this.vars.get(name);
    return v ? v.array ?? [v.value] : undefined;
  }

  async homeOf(user: string): Promise<string | undefined> {
    if (user === '') return this.getVar('HOME');
    try {
      this.passwdCache ??= await this.sys.readText('/etc/passwd');
      for (const line of this.passwdCache.split('\n')) {
        const f = line.split(':');
        if (f[0] === user) return f[5];
      }
    } catch (e) { if (!(e instanceof SysError)) throw e; }
    return undefined;
  }
  private passwdCache: string | undefined;

  arith(expr: string): bigint {
    try {
      return evalArith(expr, { get: (n) => this.getParam(n), set: (n, v) => this.setVar(n, v) });
    } catch (e) {
      if (e instanceof ArithError) {
        if (this.dash) throw new ExpansionError(`arithmetic expression: ${dashArith(e.what)}: "${e.expr}"`);
        throw new ExpansionError(e.message);
      }
      throw e;
    }
  }

  // ---- messages ------------------------------------------------------------------------------------------
  /** The prefix of diagnostics: "bash: ", "script.sh: line 3: ", dash's "sh: 1: ". */
  prefix(): string {
    if (this.dash) return `${this.arg0}: ${this.lineno}: `;
    const src = this.sourceNames[this.sourceNames.length - 1];
    if (src !== undefined) return `${src}: line ${this.lineno}: `;
    if (this.interactive) return `${this.arg0.replace(/^-/, '')}: `;
    return `${this.arg0}: line ${this.lineno}: `;
  }
  async error(msg: string) {
    try { await this.sys.write(2, this.prefix() + msg + '\n'); } catch (e) { if (!(e instanceof SysError)) throw e; }
  }
  /** Writes to an fd, ignoring errors (a closed stderr). */
  async say(fd: number, text: string) {
    try { await this.sys.write(fd, text); } catch (e) { if (!(e instanceof SysError)) throw e; }
  }

  // ---- running source text -----------------------------------------------------------------------------
  /**
   * Parses and runs `src` one complete command at a time (scripts, -c strings, sourced files, eval).
   * A syntax error stops it (status 2); `exitOnSyntax` makes a non-interactive shell exit.
   */
  async runSource(src: string, opts: {
    lineBase?: number; oneShot?: boolean;
    /** Where a syntax error is (bash: "bash: -c: line 1: ", "script.sh: line 3: "); none: just the shell's name. */
    where?: (line: number) => string;
    /** A syntax error ends a non-interactive shell (the script or -c string itself, not eval or source). */
    exitOnSyntax?: boolean;
  } = {}): Promise<number> {
    const parser = new Parser(src, 0, opts.lineBase ?? 1);
    let first = true;
    let queued: List | null | undefined;
    for (;;) {
      let list: List | null;
      try {
        list = queued !== undefined ? queued : parser.next();
        queued = undefined;
        if (parser.lex.heredocEof && list) {
          const e = parser.lex.heredocEof;
          parser.lex.heredocEof = undefined;
          this.lineno = e.line;
          await this.error(`warning: ${e.message}`);
        }
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        await this.syntaxError(e, src, opts.where);
        this.status = 2;
        if (!this.interactive && (opts.exitOnSyntax || this.dash)) throw new ExitSignal(2);
        return 2;
      }
      if (!list) break;
      // bash -c 'cmd': a lone simple command is exec'd in place of the shell (no fork).
      let tail = false;
      if (opts.oneShot && first && this.canTailExec(list)) {
        try { queued = parser.next(); } catch (e) { if (!(e instanceof ParseError)) throw e; queued = undefined; }
        tail = queued === null;
      }
      first = false;
      await this.runTop(list, tail);
      if (tail) break;
    }
    return this.status;
  }

  /** Runs one complete command, catching the errors that abandon it. */
  async runTop(list: List, tail = false): Promise<void> {
    try {
      await this.execList(list, tail);
      this.checkInterrupt();
    } catch (e) {
      if (e instanceof AbortLine) {
        this.status = e.status;
        if (e.sigint) {
          this.interrupted = false;
          if (this.selfInterrupted && this.interactive) await this.say(2, '\n');
          this.selfInterrupted = false;
        }
        if (!this.interactive && e.sigint) throw new ExitSignal(130);
        return;
      }
      if (e instanceof ExpansionError) {
        await this.error(e.message);
        this.status = 1;
        if (e.fatal && !this.interactive) throw new ExitSignal(this.dash ? 2 : 127);
        if (this.dash && !this.interactive) throw new ExitSignal(2);
        return;
      }
      // break/continue from eval'd text inside a loop reach the loop; at the top level they end nothing
      if (e instanceof LoopControl) { if (this.loopDepth > 0) throw e; this.status = 0; return; }
      throw e;
    }
    await this.reportJobs();
  }

  async syntaxError(e: ParseError, src: string, whereFn?: (line: number) => string) {
    this.lineno = e.line;
    if (this.dash) {
      this.lineno = e.dashLine ?? e.line;
      let msg: string;
      if (e.kind === 'token') msg = `Syntax error: ${e.token === 'newline' ? 'newline' : `"${e.token}"`} unexpected`;
      else if (e.kind === 'quote') msg = e.token === '`' ? 'Syntax error: EOF in backquote substitution' : 'Syntax error: Unterminated quoted string';
      else if (e.kind === 'eof') msg = `Syntax error: end of file unexpected${e.expecting ? ` (expecting "${e.expecting}")` : ''}`;
      else msg = e.message;
      await this.error(msg);
      return;
    }
    if (this.interactive && !whereFn) { await this.say(2, `${this.arg0.replace(/^-/, '')}: ${e.message}\n`); return; }
    const where = whereFn ? whereFn(e.line) : `${this.arg0.replace(/^-/, '')}: `;
    let text = where + e.message + '\n';
    if (e.kind === 'token' && !this.interactive) {
      const line = src.split('\n')[e.line - 1] ?? '';
      text += `${where}\`${line}'\n`;
    }
    await this.say(2, text);
  }

  private canTailExec(list: List): boolean {
    if (list.items.length !== 1 || list.items[0]!.async) return false;
    const ao = list.items[0]!.andor;
    if (ao.rest.length || ao.first.cmds.length !== 1 || ao.first.bang || ao.first.time) return false;
    const c = ao.first.cmds[0]!;
    return c.type === 'simple' && c.words.length > 0 && !this.traps.has('EXIT');
  }

  // ---- lists -----------------------------------------------------------------------------------------------
  async execList(list: List, tail = false): Promise<number> {
    const n = list.items.length;
    for (let i = 0; i < n; i++) {
      const { andor, async } = list.items[i]!;
      this.checkInterrupt();
      if (this.pendingTraps.length) await this.runPendingTraps();
      if (async) await this.background(andor);
      else await this.execAndOr(andor, tail && i === n - 1);
    }
    return this.status;
  }

  checkInterrupt() {
    if (this.interrupted) { this.interrupted = false; throw new AbortLine(130, true); }
  }

  private async execAndOr(ao: AndOr, tail: boolean): Promise<number> {
    const chain = [{ op: '' as string, pipe: ao.first }, ...ao.rest];
    let status = 0;
    for (let i = 0; i < chain.length; i++) {
      const { op, pipe } = chain[i]!;
      if (op === '&&' && status !== 0) continue;
      if (op === '||' && status === 0) continue;
      const last = i === chain.length - 1;
      // set -e ignores failures of commands in && / || lists except the last (bash(1) "set -e").
      if (!last) this.errexitOff++;
      try { status = await this.execPipeline(pipe, tail && last && i === chain.length - 1 && chain.length === 1); }
      finally { if (!last) this.errexitOff--; }
      this.status = status;
      if (last && status !== 0 && !pipe.bang) this.maybeErrexit(status);
    }
    return status;
  }

  maybeErrexit(status: number) {
    if (this.opts.errexit && this.errexitOff === 0 && status !== 0) throw new ExitSignal(status);
  }

  // ---- pipelines and jobs --------------------------------------------------------------------------------
  async execPipeline(p: Pipeline, tail = false): Promise<number> {
    const t0 = p.time ? this.sys.uptime() : 0;
    const times0 = p.time ? this.cpuTimes() : undefined;
    let status: number;
    if (p.bang) this.errexitOff++;
    try {
      if (p.cmds.length === 0) status = 0;
      else if (p.cmds.length === 1 && p.cmds[0]!.type !== 'subshell') {
        this.currentText = pipelineText(p) ?? p.src; // bash's text for the job (print.ts)
        status = await this.execCommand(p.cmds[0]!, tail);
        this.pipeStatus = [status];
      } else status = await this.forkedPipeline(p);
    } finally {
      if (p.bang) this.errexitOff--;
    }
    this.vars.set('PIPESTATUS', { value: String(this.pipeStatus[0] ?? status), exported: false, readonly: false, array: this.pipeStatus.map(String) });
    if (p.bang) status = status === 0 ? 1 : 0;
    if (p.time) await this.reportTime(p.time, this.sys.uptime() - t0, times0!);
    this.status = status;
    return status;
  }

  /** getrusage(RUSAGE_SELF) + getrusage(RUSAGE_CHILDREN), as bash's time_command adds them. */
  private cpuTimes() { const p = this.sys.proc; return { u: p.utimeMs + p.cutimeMs, s: p.stimeMs + p.cstimeMs }; }

  private async reportTime(fmt: 'bash' | 'posix', ms: number, t0: { u: number; s: number }) {
    const now = this.cpuTimes();
    const u = Math.max(0, now.u - t0.u), s = Math.max(0, now.s - t0.s);
    const f = (x: number) => `${Math.floor(x / 60000)}m${((x % 60000) / 1000).toFixed(3)}s`;
    const text = fmt === 'posix'
      ? `real ${(ms / 1000).toFixed(2)}\nuser ${(u / 1000).toFixed(2)}\nsys ${(s / 1000).toFixed(2)}\n`
      : `\nreal\t${f(ms)}\nuser\t${f(u)}\nsys\t${f(s)}\n`;
    await this.say(2, text);
  }

  /** Forks one subshell per stage, connected by pipes, all in one process group; waits in the foreground. */
  private async forkedPipeline(p: Pipeline, bg = false, text = pipelineText(p) ?? p.src): Promise<number> {
    const pids = await this.startPipeline(p.cmds, bg);
    if (bg) return 0;
    return this.waitForeground(pids, text);
  }

  /** Starts the stages; returns their pids (the first is the process group leader under job control). */
  async startPipeline(cmds: Command[], bg: boolean): Promise<number[]> {
    const pids: number[] = [];
    let prevRead: number | undefined;
    let pgid: number | undefined;
    for (let i = 0; i < cmds.length; i++) {
      const last = i === cmds.length - 1;
      let r: number | undefined, w: number | undefined;
      if (!last) [r, w] = this.sys.pipe();
      const inFd = prevRead, outFd = w, closeFd = r;
      const cmd = cmds[i]!;
      const pid = this.forkSubshell(async (sub) => {
        if (inFd !== undefined) { sub.sys.dup2(inFd, 0); sub.sys.close(inFd); }
        if (outFd !== undefined) { sub.sys.dup2(outFd, 1); sub.sys.close(outFd); }
        if (closeFd !== undefined) sub.sys.close(closeFd);
        return sub.execCommand(cmd.type === 'subshell' ? { type: 'group', body: cmd.body, redirs: cmd.redirs, line: cmd.line } : cmd, true);
      }, this.jobControl ? (pgid ?? 0) : undefined, bg);
      if (pgid === undefined) {
        pgid = pid;
        // The foreground job gets the terminal so that ^C reaches it, not the shell.
        if (this.jobControl && !bg) this.giveTerminal(pgid);
      }
      pids.push(pid);
      if (w !== undefined) this.sys.close(w);
      if (prevRead !== undefined) this.sys.close(prevRead);
      prevRead = r;
    }
    return pids;
  }

  /**
   * fork(2) running `fn` on a copy of this shell. Signals the interactive shell catches are reset to their
   * defaults in the child; background jobs of a shell without job control ignore SIGINT and SIGQUIT (POSIX).
   */
  forkSubshell(fn: (sub: Shell) => Promise<number>, pgid: number | undefined, bg = false): number {
    return this.sys.fork(async (csys) => {
      const sub = this.cloneFor(csys);
      for (const sig of [SIG.SIGINT, SIG.SIGQUIT, SIG.SIGTERM, SIG.SIGTTOU, SIG.SIGTSTP, SIG.SIGTTIN, SIG.SIGHUP, SIG.SIGUSR1, SIG.SIGUSR2]) {
        // caught signals go back to their defaults; ignored ones (trap '' SIG) stay ignored
        if (csys.sigaction(sig, 'default') === 'ignore') csys.sigaction(sig, 'ignore');
      }
      if (bg && !this.jobControl) { csys.sigaction(SIG.SIGINT, 'ignore'); csys.sigaction(SIG.SIGQUIT, 'ignore'); }
      let status: number;
      try {
        status = await fn(sub);
      } catch (e) {
        status = await sub.subshellEnd(e);
      }
      await sub.runExitTrap();
      return status;
    }, pgid === undefined ? {} : { pgid });
  }

  /** How an exception ends a subshell: exit/abort statuses; anything else propagates (Killed, bugs). */
  async subshellEnd(e: unknown): Promise<number> {
    if (e instanceof ExitSignal) return e.status;
    if (e instanceof AbortLine) return e.status;
    if (e instanceof ReturnSignal) return e.status;
    if (e instanceof LoopControl) return 0;
    if (e instanceof ExpansionError) { await this.error(e.message); return 1; }
    throw e;
  }

  async runExitTrap() {
    const t = this.traps.get('EXIT');
    if (t === undefined) return;
    this.traps.delete('EXIT');
    try { await this.runSource(t); } catch (e) { if (!(e instanceof ExitSignal)) throw e; }
  }

  giveTerminal(pgid: number) {
    try { this.sys.tcsetpgrp(0, pgid); } catch { /* not a terminal */ }
  }
  takeTerminal() {
    if (!this.jobControl) return;
    try {
      this.sys.tcsetpgrp(0, this.sys.pgid);
      // bash restores the terminal's modes after a job (a program may have left it raw).
      this.sys.tcsetattr(0, { icanon: true, echo: true, isig: true });
    } catch { /* not a terminal */ }
  }

  /** Waits for a child, retrying when a caught signal interrupts the wait. */
  async waitPid(pid: number): Promise<number> {
    for (;;) {
      try {
        const r = await this.sys.waitpid(pid);
        return r!.status;
      } catch (e) {
        if (e instanceof Interrupted) continue;
        if (e instanceof SysError && e.code === 'ECHILD') return exitedStatus(127);
        throw e;
      }
    }
  }

  /** Waits for a foreground job; reports a death by signal as bash does; returns $?. */
  async waitForeground(pids: number[], text: string): Promise<number> {
    const statuses: number[] = [];
    for (const pid of pids) statuses.push(await this.waitPid(pid));
    this.pipeStatus = statuses.map(shellStatus);
    this.takeTerminal();
    const last = statuses[statuses.length - 1]!;
    await this.reportSignal(last, pids[pids.length - 1]!, text);
    if (statuses.some((s) => WIFSIGNALED(s) && WTERMSIG(s) === SIG.SIGINT) && this.interactive) {
      // bash acts as if it got the SIGINT itself when the foreground job died of it (a loop stops).
      this.interrupted = true;
    }
    if (this.opts.pipefail) {
      const failed = [...statuses].reverse().find((s) => shellStatus(s) !== 0);
      if (failed !== undefined) return shellStatus(failed);
    }
    return shellStatus(last);
  }

  /** "Segmentation fault (core dumped)" (interactive) or "bash: line 1:  1234 Killed   cmd" (scripts). */
  async reportSignal(st: number, pid: number, text: string) {
    if (!WIFSIGNALED(st)) return;
    const sig = WTERMSIG(st);
    if (sig === SIG.SIGPIPE) return;
    if (sig === SIG.SIGINT) {
      if (this.interactive) await this.say(2, '\n');
      return;
    }
    if (this.interactive || sig === SIG.SIGTERM) {
      await this.say(2, `${signalDescription(sig)}${WCOREDUMP(st) ? ' (core dumped)' : ''}\n`);
      return;
    }
    if (this.dash) {
      await this.say(2, `${signalDescription(sig)}${WCOREDUMP(st) ? ' (core dumped)' : ''}\n`);
      return;
    }
    await this.say(2, `${this.prefix()}${String(pid).padStart(5)} ${statusColumn(st)}${text}\n`);
  }

  /** cmd &: a job in its own group (interactive: "[1] 1234"). */
  private async background(ao: AndOr) {
    const single = ao.rest.length === 0 && !ao.first.bang && !ao.first.time;
    const cmds: Command[] = single ? ao.first.cmds
      : [{ type: 'group', body: { items: [{ andor: ao, async: false }] }, redirs: [], line: this.lineno }];
    const pids = await this.startPipeline(cmds, true);
    const job = this.jobs.add(this.jobControl ? pids[0]! : this.sys.pgid, pids, andOrText(ao) ?? ao.src.trim());
    this.lastBg = pids[pids.length - 1];
    if (this.interactive) await this.say(2, `[${job.id}] ${this.lastBg}\n`);
    this.status = 0;
  }

  /** Collects ended background jobs; interactive shells print "[1]+  Done   sleep 1" (before the prompt). */
  async reportJobs() {
    for (const job of [...this.jobs.jobs]) {
      await this.pollJob(job);
      if (!this.jobs.done(job)) continue;
      const st = this.jobs.status(job);
      if (this.interactive) await this.say(2, this.jobs.format(job) + '\n');
      else if (WIFSIGNALED(st) && ![SIG.SIGINT, SIG.SIGTERM, SIG.SIGPIPE].includes(WTERMSIG(st) as 2)) {
        await this.say(2, `${this.prefix()}${String(job.pids[job.pids.length - 1]).padStart(5)} ${statusColumn(st)}${job.text}\n`);
      }
      this.jobs.remove(job);
    }
  }

  /** waitpid(WNOHANG) on each process of a job still running. */
  async pollJob(job: Job) {
    for (let i = 0; i < job.pids.length; i++) {
      if (job.statuses[i] !== undefined) continue;
      try {
        const r = await this.sys.waitpid(job.pids[i]!, true);
        if (r) job.statuses[i] = r.status;
      } catch (e) {
        if (e instanceof SysError && e.code === 'ECHILD') job.statuses[i] = this.reaped.get(job.pids[i]!) ?? exitedStatus(0);
        else if (!(e instanceof Interrupted)) throw e;
      }
    }
  }
  async pollJobs() { for (const j of this.jobs.jobs) await this.pollJob(j); }

  /** waitpid for the `wait` builtin: ^C (interactive) abandons it. */
  async waitPidInterruptible(pid: number): Promise<number> {
    for (;;) {
      try {
        const r = await this.sys.waitpid(pid);
        this.reaped.set(pid, r!.status);
        return r!.status;
      } catch (e) {
        if (e instanceof Interrupted) { this.checkInterrupt(); await this.runPendingTraps(); continue; }
        if (e instanceof SysError && e.code === 'ECHILD') return this.reaped.get(pid) ?? exitedStatus(127);
        throw e;
      }
    }
  }

  /** trap: installs a handler (or ignore/default) for a signal name. */
  installTrap(name: string) {
    const n = SIG[`SIG${name}` as keyof typeof SIG];
    if (n === undefined) return;
    const action = this.traps.get(name);
    if (action === undefined) {
      this.sys.sigaction(n, this.interactive && [SIG.SIGINT, SIG.SIGQUIT, SIG.SIGTERM].includes(n as 2) ? this.interactiveHandler(n) : 'default');
    } else if (action === '') this.sys.sigaction(n, 'ignore');
    else this.sys.sigaction(n, () => { this.pendingTraps.push(action); });
  }
  /** The handler an interactive shell keeps for SIGINT (abandon the command line) and SIGQUIT/SIGTERM (none). */
  interactiveHandler(sig: number) {
    return sig === SIG.SIGINT ? () => { this.interrupted = true; this.selfInterrupted = true; } : () => {};
  }
  /** The SIGINT came to the shell itself (a builtin loop), not to a job it waited for. */
  selfInterrupted = false;

  async runPendingTraps() {
    while (this.pendingTraps.length) {
      const cmd = this.pendingTraps.shift()!;
      const st = this.status;
      await this.runSource(cmd);
      this.status = st;
    }
  }

  // ---- commands ------------------------------------------------------------------------------------------
  async execCommand(cmd: Command, tail = false): Promise<number> {
    this.lineno = cmd.line;
    switch (cmd.type) {
      case 'simple': return this.simple(cmd, tail);
      case 'func': {
        this.funcs.set(cmd.name, cmd);
        return (this.status = 0);
      }
      case 'subshell': {
        // ( list ) as a job: a forked copy of the shell.
        const pids = await this.startPipeline([cmd], false);
        return this.waitForeground(pids, this.currentText);
      }
    }
    return this.withRedirs(cmd.redirs, () => this.compound(cmd, tail));
  }

  private async compound(cmd: Command, tail: boolean): Promise<number> {
    switch (cmd.type) {
      case 'group': return this.execList(cmd.body, tail);
      case 'if': {
        for (const c of cmd.clauses) {
          this.errexitOff++;
          let st: number;
          try { st = await this.execList(c.cond); } finally { this.errexitOff--; }
          if (st === 0) return this.execList(c.body, tail);
        }
        if (cmd.elseBody) return this.execList(cmd.elseBody, tail);
        return (this.status = 0);
      }
      case 'loop': return this.loop(cmd);
      case 'for': return this.forLoop(cmd);
      case 'arithfor': return this.arithFor(cmd);
      case 'case': {
        const word = await this.expander.string(cmd.word);
        for (let i = 0; i < cmd.items.length; i++) {
          const item = cmd.items[i]!;
          let hit = false;
          for (const pw of item.patterns) if (globMatch(await this.expander.pattern(pw), word)) { hit = true; break; }
          if (!hit) continue;
          let st = await this.execList(item.body);
          let term = item.term;
          while (term === ';&' && i + 1 < cmd.items.length) { i++; st = await this.execList(cmd.items[i]!.body); term = cmd.items[i]!.term; }
          if (term !== ';;&') return (this.status = st);
        }
        return (this.status = 0);
      }
      case 'arith': {
        const text = await this.expander.string(cmd.expr);
        if (this.opts.xtrace) await this.say(2, `${this.ps4()}(( ${text} ))\n`);
        const v = this.arith(text);
        return (this.status = v !== 0n ? 0 : 1);
      }
      case 'cond': {
        const r = await condExpr(this, cmd.expr);
        return (this.status = r);
      }
    }
    throw new Error(`unexpected command ${cmd.type}`);
  }

  /** A loop iteration boundary: lets the machine breathe, and notices ^C (interactive) within ~10 ms. */
  async tick() {
    await this.sys.yield();
    this.checkInterrupt();
  }

  private async loopBody<T>(body: () => Promise<T>): Promise<'break' | 'continue' | T> {
    try { return await body(); } catch (e) {
      if (e instanceof LoopControl) {
        if (e.levels > 1) { e.levels--; throw e; }
        return e.kind;
      }
      throw e;
    }
  }

  private async loop(cmd: Extract<Command, { type: 'loop' }>): Promise<number> {
    let status = 0;
    this.loopDepth++;
    try {
      for (;;) {
        await this.tick();
        this.errexitOff++;
        let c: number;
        try { c = await this.execList(cmd.cond); } finally { this.errexitOff--; }
        if ((c === 0) === cmd.until) break;
        const r = await this.loopBody(() => this.execList(cmd.body));
        status = this.status;
        if (r === 'break') break;
      }
    } finally { this.loopDepth--; }
    return (this.status = status);
  }

  private async forLoop(cmd: Extract<Command, { type: 'for' }>): Promise<number> {
    const items = cmd.words ? await this.expander.words(cmd.words) : [...this.positionalArgs];
    let status = 0;
    this.loopDepth++;
    try {
      for (const it of items) {
        await this.tick();
        this.setVar(cmd.name, it);
        const r = await this.loopBody(() => this.execList(cmd.body));
        status = this.status;
        if (r === 'break') break;
      }
    } finally { this.loopDepth--; }
    return (this.status = status);
  }

  private async arithFor(cmd: Extract<Command, { type: 'arithfor' }>): Promise<number> {
    const ev = async (w: Word, dflt: bigint) => {
      const t = (await this.expander.string(w)).trim();
      return t === '' ? dflt : this.arith(t);
    };
    let status = 0;
    this.loopDepth++;
    try {
      await ev(cmd.init, 0n);
      for (;;) {
        await this.tick();
        if ((await ev(cmd.cond, 1n)) === 0n) break;
        const r = await this.loopBody(() => this.execList(cmd.body));
        status = this.status;
        if (r === 'break') break;
        await ev(cmd.step, 0n);
      }
    } finally { this.loopDepth--; }
    return (this.status = status);
  }

  // ---- simple commands -------------------------------------------------------------------------------------
  private async expandAssign(a: Assign): Promise<string> {
    const v = await this.expander.string(a.value, true);
    if (a.append) return (this.getVar(a.name) ?? '') + v;
    return v;
  }

  /** PS4, its first character repeated once per level of command substitution ("++ echo b"). */
  private ps4() {
    const ps4 = this.getVar('PS4') ?? '+ ';
    return ps4.slice(0, 1).repeat(this.substLevel) + ps4;
  }
  substLevel = 0;
  /** Source text of the pipeline being run (for "Killed   cmd" reports). */
  currentText = '';

  private async simple(cmd: Extract<Command, { type: 'simple' }>, tail: boolean): Promise<number> {
    this.substStatus = undefined;
    let argv = await this.expander.words(cmd.words);
    // Alias expansion of the first word (bash does it while reading; an interactive-only feature).
    if (argv.length && this.aliases.has(argv[0]!) && cmd.words[0]!.raw === argv[0] && this.interactive) {
      const text = this.aliases.get(argv[0]!)! + ' ' + cmd.words.slice(1).map((w) => w.raw).join(' ') +
        cmd.redirs.map((r) => ` ${r.fd ?? ''}${r.op}${r.target.raw}`).join('');
      const saved = new Map(this.aliases);
      this.aliases.delete(argv[0]!); // no recursive expansion of the same alias
      try { return await this.runSource(text); } finally { this.aliases = saved; }
    }
    if (argv.length === 0) return this.assignmentsOnly(cmd);

    const assigns: [string, string][] = [];
    for (const a of cmd.assigns) assigns.push([a.name, await this.expandAssign(a)]);
    if (this.opts.xtrace) {
      const parts = [...assigns.map(([n, v]) => `${n}=${shellQuote(v)}`), ...argv.map(shellQuote)];
      await this.say(2, `${this.ps4()}${parts.join(' ')}\n`);
    }
    return this.dispatch(argv, cmd.redirs, assigns, tail, false);
  }

  /** Runs expanded words: a function, a builtin or a program (`command` skips functions). */
  async dispatch(argv: string[], redirs: Redir[], assigns: [string, string][], tail: boolean, skipFunctions: boolean): Promise<number> {
    const name = argv[0]!;
    if (name === 'exec') return this.execBuiltin(argv, redirs, assigns);
    const fn = !name.includes('/') && !skipFunctions ? this.funcs.get(name) : undefined;
    if (fn) {
      return this.withTempVars(assigns, true, () => this.withRedirs(redirs, () => this.callFunction(fn, argv)));
    }
    const builtin = BUILTINS[name];
    if (builtin && !(this.dash && DASH_MISSING.has(name))) {
      const special = SPECIAL_BUILTINS.has(name) && this.dash;
      const run = () => this.withRedirs(redirs, async () => {
        try { return await builtin(this, argv); } catch (e) {
          if (e instanceof SysError && e.code !== 'EINTR') { await this.error(`${name}: write error: ${errText(e)}`); return 1; }
          throw e;
        }
      });
      const st = special ? await (async () => { for (const [n, v] of assigns) this.setVar(n, v); return run(); })()
        : await this.withTempVars(assigns, false, run);
      return (this.status = st);
    }
    return this.external(argv, redirs, assigns, tail);
  }

  /** `command name args`: no function lookup. */
  runCommandWords(argv: string[], opts: { skipFunctions: boolean }): Promise<number> {
    return this.dispatch(argv, [], [], false, opts.skipFunctions);
  }

  private async assignmentsOnly(cmd: Extract<Command, { type: 'simple' }>): Promise<number> {
    const traced: string[] = [];
    for (const a of cmd.assigns) {
      const v = await this.expandAssign(a);
      if (/^\(.*\)$/s.test(a.value.raw) && !a.value.raw.startsWith('$(')) {
        // name=(a b c): an indexed array
        const inner = a.value.raw.slice(1, -1);
        const items = await this.expander.words(new Parser(inner).all().flatMap((l) => l.items.flatMap((i) => [i.andor.first.cmds[0]]))
          .flatMap((c) => (c && c.type === 'simple' ? [...c.assigns.map((x) => ({ parts: [{ t: 'lit' as const, v: `${x.name}=` }, ...x.value.parts], raw: '' })), ...c.words] : [])));
        const old = this.vars.get(a.name);
        if (old?.readonly) { await this.error(`${a.name}: readonly variable`); throw new AbortLine(1); }
        const arr = a.append ? [...(old?.array ?? (old ? [old.value] : [])), ...items] : items;
        this.vars.set(a.name, { value: arr[0] ?? '', exported: old?.exported ?? false, readonly: false, array: arr });
        continue;
      }
      const am = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/.exec(a.name);
      if (am) {
        const old = this.vars.get(am[1]!);
        const arr = old?.array ?? (old ? [old.value] : []);
        const idx = Number(this.arith(am[2]!));
        arr[idx] = a.append ? (arr[idx] ?? '') + v : v;
        for (let i = 0; i < arr.length; i++) arr[i] ??= '';
        this.vars.set(am[1]!, { value: arr[0] ?? '', exported: old?.exported ?? false, readonly: false, array: arr });
        continue;
      }
      traced.push(`${a.name}=${shellQuote(v)}`);
      if (this.opts.xtrace) await this.say(2, `${this.ps4()}${a.name}${a.append ? '+' : ''}=${shellQuote(v)}\n`);
      this.setVar(a.name, v);
    }
    let status = this.substStatus ?? 0;
    if (cmd.redirs.length) status = (await this.withRedirs(cmd.redirs, async () => status));
    return (this.status = status);
  }

  /** Prefix assignments (VAR=x cmd) for a builtin or function: visible, exported, then restored. */
  private async withTempVars(assigns: [string, string][], exportThem: boolean, fn: () => Promise<number>): Promise<number> {
    if (!assigns.length) return fn();
    const saved = assigns.map(([n]) => [n, this.vars.get(n)] as const);
    for (const [n, v] of assigns) {
      const old = this.vars.get(n);
      if (old?.readonly) { await this.error(`${n}: readonly variable`); return 1; }
      this.vars.set(n, { value: v, exported: exportThem || !!old?.exported, readonly: false });
    }
    try { return await fn(); } finally {
      for (const [n, old] of saved.reverse()) { if (old) this.vars.set(n, old); else this.vars.delete(n); }
    }
  }

  async callFunction(fn: Extract<Command, { type: 'func' }>, argv: string[]): Promise<number> {
    if (this.funcDepth > 1000) { await this.error(`${fn.name}: maximum function nesting level exceeded (1000)`); throw new AbortLine(1); }
    const savedArgs = this.positionalArgs;
    this.positionalArgs = argv.slice(1);
    this.localFrames.push(new Map());
    this.funcDepth++;
    this.funcNames.push(fn.name);
    try {
      return (this.status = await this.execCommand(fn.body));
    } catch (e) {
      if (e instanceof ReturnSignal) return (this.status = e.status);
      throw e;
    } finally {
      this.funcDepth--;
      this.funcNames.pop();
      const frame = this.localFrames.pop()!;
      for (const [n, old] of frame) { if (old) this.vars.set(n, old); else this.vars.delete(n); }
      this.positionalArgs = savedArgs;
    }
  }

  /**
   * The environment for a program: the command's prefix assignments first (bash's temporary environment), then
   * the exported variables. bash also passes `_` as the path it runs (`_=/usr/bin/env` ends `env`'s output), except
   * for the `exec` builtin; dash passes an inherited `_` through like any variable.
   */
  environ(assigns: [string, string][], path?: string): string[] {
    const env = new Map<string, string>();
    for (const [k, v] of assigns) env.set(k, v);
    for (const [k, v] of this.vars) if (v.exported && !env.has(k)) env.set(k, v.value);
    if (!this.dash) {
      env.delete('_');
      if (path !== undefined) env.set('_', path);
    }
    return [...env].map(([k, v]) => `${k}=${v}`);
  }

  /** PATH search as bash does it: the first executable regular file; else the first match (→ EACCES). */
  findCommand(name: string): string | undefined {
    if (name.includes('/')) return name;
    const cached = this.hash.get(name);
    if (cached && this.isExecutable(cached)) return cached;
    const path = this.getVar('PATH') ?? '/usr/local/bin:/usr/bin:/bin';
    let fallback: string | undefined;
    for (const dir of path.split(':')) {
      const p = `${dir || '.'}/${name}`;
      let st;
      try { st = this.sys.stat(p); } catch { continue; }
      if ((st.mode & 0o170000) === 0o040000) continue;
      if (this.isExecutable(p)) { this.hash.set(name, p); return p; }
      fallback ??= p;
    }
    return fallback;
  }
  isExecutable(p: string): boolean {
    try {
      const st = this.sys.stat(p);
      if ((st.mode & 0o170000) !== 0o100000) return false;
      this.sys.access(p, 1);
      return true;
    } catch { return false; }
  }

  private async external(argv: string[], redirs: Redir[], assigns: [string, string][], tail: boolean): Promise<number> {
    const name = argv[0]!;
    const path = this.findCommand(name);
    if (path === undefined) {
      const st = await this.withRedirs(redirs, async () => {
        await this.error(this.dash ? `${name}: not found` : `${name}: command not found`);
        return 127;
      });
      return (this.status = st === 1 ? 1 : 127);
    }
    const env = this.environ(assigns, path);
    if (tail) {
      // At the end of a subshell (or bash -c 'cmd'): exec in place, as bash does.
      const saved = await this.redirect(redirs);
      if (!saved) return (this.status = 1);
      try {
        await this.sys.exec(path, argv, env);
      } catch (e) {
        if (e instanceof SysError) return (this.status = await this.execFailed(name, path, e, argv, env));
        throw e;
      }
    }
    return this.withRedirs(redirs, async () => {
      let pid: number;
      try {
        pid = await this.sys.spawn(path, { argv, env, ...(this.jobControl ? { pgid: 0 } : {}) });
      } catch (e) {
        if (e instanceof SysError) return (this.status = await this.execFailed(name, path, e, argv, env));
        throw e;
      }
      if (this.jobControl) this.giveTerminal(pid);
      return (this.status = await this.waitForeground([pid], this.currentText || argv.join(' ')));
    });
  }

  /** execve failed: bash's messages, and the ENOEXEC fallback of running the file as a shell script. */
  private async execFailed(name: string, path: string, e: SysError, argv: string[], env: string[]): Promise<number> {
    if (e.code === 'ENOEXEC') return this.runAsScript(path, argv, env);
    let isDir = false;
    try { isDir = (this.sys.stat(path).mode & 0o170000) === 0o040000; } catch { /* gone */ }
    if (isDir) { await this.error(this.dash ? `${name}: Permission denied` : `${name}: Is a directory`); return 126; }
    if (e.code === 'ENOENT') {
      await this.error(this.dash ? `${name}: not found` : `${name}: No such file or directory`);
      return 127;
    }
    if (this.dash && e.code === 'EACCES') { await this.error(`${name}: Permission denied`); return 126; }
    await this.error(`${name}: ${errText(e)}`);
    return 126;
  }

  /** A text file without #!: a new shell (reset state, a subshell) reads it as a script. */
  private async runAsScript(path: string, argv: string[], env: string[]): Promise<number> {
    let text: string;
    try { text = await this.sys.readText(path); } catch (e) {
      if (e instanceof SysError) { await this.error(`${argv[0]}: ${errText(e)}`); return 126; }
      throw e;
    }
    if (text.includes('\0')) { await this.error(`${argv[0]}: cannot execute binary file: Exec format error`); return 126; }
    const pid = this.forkSubshell(async (sub) => {
      sub.vars.clear();
      for (const e of env) { const i = e.indexOf('='); sub.vars.set(e.slice(0, i), { value: e.slice(i + 1), exported: true, readonly: false }); }
      sub.funcs.clear();
      sub.aliases.clear();
      sub.localFrames = [];
      sub.funcDepth = sub.loopDepth = sub.sourceDepth = 0;
      sub.arg0 = argv[0]!;
      sub.positionalArgs = argv.slice(1);
      sub.interactive = false;
      sub.opts = { ...sub.opts, errexit: false, xtrace: false };
      return sub.runSource(text, { exitOnSyntax: true, where: (n) => `${argv[0]}: line ${n}: ` });
    }, this.jobControl ? 0 : undefined);
    if (this.jobControl) this.giveTerminal(pid);
    return this.waitForeground([pid], argv.join(' '));
  }

  /** exec [cmd]: replaces the shell; without a command its redirections stay in effect. */
  private async execBuiltin(argv: string[], redirs: Redir[], assigns: [string, string][]): Promise<number> {
    const saved = await this.redirect(redirs);
    if (!saved) {
      if (!this.interactive) throw new ExitSignal(1);
      return (this.status = 1);
    }
    for (const s of saved) if (s.copy >= 0) this.sys.close(s.copy);
    let args = argv.slice(1);
    while (args[0]?.startsWith('-') && args[0] !== '-') { if (args[0] === '--') { args = args.slice(1); break; } args = args.slice(1); }
    if (!args.length) return (this.status = 0);
    const name = args[0]!;
    const path = this.findCommand(name);
    if (!path) {
      await this.error(this.dash ? `exec: ${name}: not found` : `exec: ${name}: not found`);
      throw new ExitSignal(127);
    }
    const env = this.environ(assigns);
    try {
      await this.runExitTrap();
      await this.sys.exec(path, args, env);
    } catch (e) {
      if (e instanceof SysError) {
        const st = await this.execFailed(name, path, e, args, env);
        if (!this.interactive) throw new ExitSignal(st);
        return st;
      }
      throw e;
    }
    return 0;
  }

  // ---- redirections (redirect.ts) -------------------------------------------------------------------------
  /** Runs `fn` with redirections applied, restoring the shell's fds afterwards. Status 1 if they fail. */
  async withRedirs(redirs: Redir[], fn: () => Promise<number>): Promise<number> {
    if (!redirs.length) return fn();
    const saved = await applyRedirs(this, redirs);
    if (!saved) return (this.status = this.dash ? 2 : 1);
    try { return await fn(); } finally { restoreFds(this, saved); }
  }
  redirect(redirs: Redir[]) { return applyRedirs(this, redirs); }

  /** Parameter expansion and command substitution of a decoded prompt string. */
  async expandPromptVars(text: string): Promise<string> {
    if (!/[$`]/.test(text)) return text.replace(/\\(.)/g, '$1');
    return this.expander.string(parseTemplate(text));
  }

  // ---- command substitution ------------------------------------------------------------------------------
  async commandSubst(body: List, _src: string): Promise<string> {
    const [r, w] = this.sys.pipe();
    const pid = this.forkSubshell(async (sub) => {
      sub.substLevel++;
      sub.sys.dup2(w, 1);
      sub.sys.close(w);
      sub.sys.close(r);
      // In $(...) a lone simple command is exec'd directly.
      const tail = body.items.length === 1 && this.canTailExec(body);
      return sub.execList(body, tail);
    }, undefined);
    this.sys.close(w);
    const chunks: Uint8Array[] = [];
    for (;;) {
      let c: Uint8Array;
      try { c = await this.sys.read(r, 65536); } catch (e) {
        if (e instanceof Interrupted) continue;
        throw e;
      }
      if (!c.length) break;
      chunks.push(c);
    }
    this.sys.close(r);
    const st = await this.waitPid(pid);
    this.substStatus = shellStatus(st);
    this.status = this.substStatus;
    this.checkInterrupt();
    let total = 0;
    for (const c of chunks) total += c.length;
    const all = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) { all.set(c, off); off += c.length; }
    return dec.decode(all).replace(/\0/g, '');
  }
}

/** Builtins dash does not have. */
const DASH_MISSING = new Set(['history', 'help', 'source', 'declare', 'typeset', 'let', 'shopt', 'disown', 'dirs', 'pushd', 'popd', 'mapfile', 'readarray', 'caller', 'compgen', 'complete', 'suspend', 'logout']);

export function errText(e: SysError): string {
  const m = e.message;
  const i = m.lastIndexOf(': ');
  return i >= 0 ? m.slice(i + 2) : m;
}

function dashArith(what: string): string {
  if (what === 'division by 0') return 'division by zero';
  if (what.startsWith('syntax error')) return 'expecting primary';
  return what;
}

/** bash's quoting of words in set -x traces: 'a b', plain when safe. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  if (/[\x00-\x1f\x7f]/.test(s)) {
    return "$'" + s.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => {
      const m: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
      return m[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;
    }) + "'";
  }
  return `'${s.replace(/'/g, "'\\''")}'`;
}

