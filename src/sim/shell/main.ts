// The shell program: option parsing (-c, -i, -s, -e, -x, --norc, --version), the startup variables, and the
// three ways of running: a -c string, a script file (or stdin), or an interactive session on a terminal with
// job control, ~/.bashrc, the line editor, PS1/PS2 prompts and "[1]+  Done" notifications.
import type { Sys } from '../kernel/sys.ts';
import { Killed } from '../kernel/process.ts';
import { SysError } from '../kernel/errno.ts';
import { SIG } from '../kernel/signals.ts';
import { Shell, errText } from './exec.ts';
import { Parser } from './parser.ts';
import { ParseError } from './lexer.ts';
import { AbortLine, ExitSignal } from './errors.ts';
import { Readline } from './readline.ts';
import { expandPrompt } from './prompt.ts';
import type { List } from './ast.ts';

export async function shellMain(sys: Sys, dash: boolean): Promise<number> {
  const argv = sys.argv;
  // $0 and the name in messages: a path to the shell itself reads as its name ("bash", not "/bin/bash").
  const self = (argv[0] ?? (dash ? 'sh' : 'bash'));
  let arg0 = self.includes('/') ? self.slice(self.lastIndexOf('/') + 1) : self;
  if (dash && arg0 === 'dash' && self.includes('/')) arg0 = 'sh';
  let command: string | undefined;
  let forceInteractive = false;
  let readStdin = false;
  let norc = false;
  const setFlags: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { i++; break; }
    if (a === '--norc' || a === '--noprofile' || a === '--noediting' || a === '--posix') { if (a === '--norc') norc = true; continue; }
    if (a === '--login') continue;
    if (a === '--version' && !dash) {
      const v = dash ? '' : `GNU bash, version ${sys.machine.profile === 'ubuntu-18.04' ? '4.4.20(1)-release' : '5.2.15(1)-release'} (x86_64-pc-linux-gnu)\n`;
      await sys.write(1, v + 'Copyright (C) 2022 Free Software Foundation, Inc.\nLicense GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n\nThis is free software; you are free to change and redistribute it.\nThere is NO WARRANTY, to the extent permitted by law.\n');
      return 0;
    }
    if (a === '--help' && !dash) {
      await sys.write(1, `GNU bash, version 5.2.15(1)-release-(x86_64-pc-linux-gnu)\nUsage:\tbash [GNU long option] [option] ...\n\tbash [GNU long option] [option] script-file ...\n`);
      return 0;
    }
    if (/^--./.test(a)) {
      await sys.write(2, `${arg0}: ${a}: invalid option\n`);
      return 2;
    }
    if (/^[-+][a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 'c') command = '';
        else if (c === 'i') forceInteractive = true;
        else if (c === 's') readStdin = true;
        else if (c === 'l') continue;
        else if (c === 'o') { i++; setFlags.push(`${a[0]}o`, argv[i] ?? ''); }
        else setFlags.push(a[0] + c);
      }
      continue;
    }
    break;
  }
  let rest = argv.slice(i);
  const sh = new Shell(sys, { dash, arg0 });
  sh.importEnv();
  await initVariables(sh, sys);
  for (let k = 0; k < setFlags.length; k++) {
    const f = setFlags[k]!;
    if (f.endsWith('o')) { await sh.runCommandWords(['set', f, setFlags[++k]!], { skipFunctions: true }); continue; }
    await sh.runCommandWords(['set', f], { skipFunctions: true });
  }

  let status: number;
  try {
    if (command !== undefined) {
      if (!rest.length) { await sys.write(2, `${arg0}: -c: option requires an argument\n`); return 2; }
      command = rest[0]!;
      rest = rest.slice(1);
      sh.cMode = true;
      if (rest.length) sh.arg0 = rest[0]!;
      sh.positionalArgs = rest.slice(1);
      if (forceInteractive) await startInteractive(sh, norc);
      status = await sh.runSource(command, { oneShot: true, exitOnSyntax: true, where: (n) => `${sh.arg0}: -c: line ${n}: ` });
    } else if (rest.length && !readStdin) {
      const file = rest[0]!;
      sh.positionalArgs = rest.slice(1);
      let text: string;
      try {
        text = await sys.readText(file);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        const what = (() => { try { return (sys.stat(file).mode & 0o170000) === 0o040000; } catch { return false; } })();
        await sys.write(2, dash ? `${arg0}: 0: cannot open ${file}: ${e.code === 'ENOENT' ? 'No such file' : errText(e)}\n`
          : `${arg0}: ${file}: ${what ? 'Is a directory' : errText(e)}\n`);
        return dash ? 2 : what ? 126 : 127;
      }
      sh.arg0 = file;
      if (!dash && text.includes('\0')) { await sys.write(2, `${arg0}: ${file}: cannot execute binary file\n`); return 126; }
      status = await sh.runSource(text, { exitOnSyntax: true, where: (n) => `${file}: line ${n}: ` });
    } else {
      sh.positionalArgs = rest;
      const tty = sys.isOpen(0) && sys.isatty(0) && sys.isOpen(2) && sys.isatty(2);
      if (forceInteractive || tty) {
        status = await interactive(sh, norc);
      } else {
        const text = new TextDecoder().decode(await sys.readAll(0));
        status = await sh.runSource(text, { exitOnSyntax: true, where: (n) => `${sh.arg0}: line ${n}: ` });
      }
    }
  } catch (e) {
    if (e instanceof ExitSignal) status = e.status;
    else if (e instanceof AbortLine) status = e.status;
    else throw e;
  }
  try { await sh.runExitTrap(); } catch (e) { if (e instanceof ExitSignal) status = e.status; else throw e; }
  return status;
}

async function initVariables(sh: Shell, sys: Sys) {
  const set = (n: string, v: string, exported = false) => { if (!sh.vars.has(n)) sh.vars.set(n, { value: v, exported, readonly: false }); };
  let cwd = '/';
  try { cwd = sys.getcwd(); } catch { /* removed */ }
  const pwd = sh.getVar('PWD');
  let samePwd = false;
  try { samePwd = !!pwd && pwd.startsWith('/') && sys.realpath(pwd) === sys.realpath(cwd); } catch { /* stale */ }
  if (!samePwd) sh.vars.set('PWD', { value: cwd, exported: true, readonly: false });
  else sh.vars.get('PWD')!.exported = true;
  set('IFS', ' \t\n');
  set('PS2', '> ');
  set('PS4', '+ ');
  set('OPTIND', '1');
  sh.vars.set('PPID', { value: String(sys.ppid), exported: false, readonly: true });
  if (!sh.dash) {
    set('PS1', '\\s-\\v\\$ ');
    set('HOSTNAME', sys.machine.nodename);
    set('BASH', '/bin/bash');
    set('BASH_VERSION', sh.version);
    set('HISTFILE', `${sh.getVar('HOME') ?? '/'}/.bash_history`);
    set('HISTSIZE', '500');
    set('MACHTYPE', 'x86_64-pc-linux-gnu');
    set('OSTYPE', 'linux-gnu');
    set('UID', String(sys.uid));
    set('EUID', String(sys.euid));
    const lvl = Number(sh.getVar('SHLVL') ?? '0');
    sh.vars.set('SHLVL', { value: String((Number.isFinite(lvl) ? lvl : 0) + 1), exported: true, readonly: false });
  } else {
    set('PS1', sys.euid === 0 ? '# ' : '$ ');
  }
  if (!sh.vars.has('HOME')) {
    // bash takes HOME from the password file when the environment has none
    const home = await passwdHome(sys);
    if (home) sh.vars.set('HOME', { value: home, exported: false, readonly: false });
  }
}

async function passwdHome(sys: Sys): Promise<string | undefined> {
  try {
    for (const line of (await sys.readText('/etc/passwd')).split('\n')) {
      const f = line.split(':');
      if (f[2] === String(sys.uid)) return f[5];
    }
  } catch (e) { if (!(e instanceof SysError)) throw e; }
  return undefined;
}

/** Interactive setup: signals, the terminal's foreground group, ~/.bashrc. */
async function startInteractive(sh: Shell, norc: boolean) {
  const sys = sh.sys;
  sh.interactive = true;
  sh.jobControl = true;
  sh.opts.monitor = true;
  // bash ignores SIGTERM and SIGQUIT and catches SIGINT while interactive; handlers (not SIG_IGN) so that
  // the programs it starts get the default dispositions back at exec.
  sys.sigaction(SIG.SIGINT, sh.interactiveHandler(SIG.SIGINT));
  sys.sigaction(SIG.SIGQUIT, () => {});
  sys.sigaction(SIG.SIGTERM, () => {});
  sys.sigaction(SIG.SIGTTOU, () => {});
  sys.sigaction(SIG.SIGTTIN, () => {});
  sys.sigaction(SIG.SIGTSTP, () => {});
  try {
    if (sys.pgid !== sys.pid) sys.setpgid(0, 0);
    sys.tcsetpgrp(0, sys.pgid);
  } catch { /* no terminal */ }
  if (!sh.dash && !norc) {
    const rc = `${sh.getVar('HOME') ?? ''}/.bashrc`;
    if (sys.exists(rc)) {
      await runStartupFile(sh, rc);
    }
  } else if (sh.dash && sh.getVar('ENV')) {
    await runStartupFile(sh, sh.getVar('ENV')!);
  }
}

async function runStartupFile(sh: Shell, path: string) {
  try {
    const text = await sh.sys.readText(path);
    sh.sourceNames.push(path);
    try { await sh.runSource(text, { where: (n) => `${path}: line ${n}: ` }); } catch (e) {
      if (e instanceof ExitSignal) throw e;
      if (!(e instanceof AbortLine)) throw e;
    } finally { sh.sourceNames.pop(); }
  } catch (e) {
    if (e instanceof ExitSignal) throw e;
    if (!(e instanceof SysError)) throw e;
  }
}

/** bash's cmdhist: a multi-line command is one history entry, lines joined with "; " (or a space). */
function joinHistory(lines: string[]): string {
  let out = lines[0]!;
  for (const l of lines.slice(1)) {
    if (inQuote(out)) { out += '\n' + l; continue; }
    const prev = out.trimEnd();
    const glue = /(\b(then|do|else|in)|[{(|&;]|\|\||&&)$/.test(prev) || prev === '' ? ' ' : '; ';
    out = prev + glue + l.trim();
  }
  return out;
}

/** Whether text ends inside a quoted string (a newline there is part of the word). */
function inQuote(text: string): boolean {
  let q: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) { if (c === q) q = undefined; else if (c === '\\' && q === '"') i++; continue; }
    if (c === '\\') { i++; continue; }
    if (c === "'" || c === '"') q = c;
  }
  return q !== undefined;
}

async function interactive(sh: Shell, norc: boolean): Promise<number> {
  await startInteractive(sh, norc);
  // Lines the machine gave this login shell's process (a terminal reopened after a reload) come first, as the
  // lines bash reads from $HISTFILE at start would; from now on the process shares this shell's list.
  const proc = sh.sys.proc;
  if (proc.shellHistory) sh.history.unshift(...proc.shellHistory);
  proc.shellHistory = sh.history;
  const rl = new Readline(sh);
  let commandNumber = 1;
  for (;;) {
    await sh.reportJobs();
    // checkwinsize: $COLUMNS and $LINES follow the terminal after each command
    try {
      const ws = sh.sys.winsize(0);
      for (const [n, v] of [['COLUMNS', ws.cols], ['LINES', ws.rows]] as const) {
        const cur = sh.vars.get(n);
        if (cur) cur.value = String(v); else sh.vars.set(n, { value: String(v), exported: false, readonly: false });
      }
    } catch { /* not a terminal */ }
    // PROMPT_COMMAND runs before each primary prompt (its status does not change $?).
    const pc = sh.dash ? undefined : sh.getVar('PROMPT_COMMAND');
    if (pc) {
      const st = sh.status;
      try { await sh.runSource(pc); } catch (e) { if (e instanceof ExitSignal) return e.status; throw e; }
      sh.status = st;
    }
    const lines: string[] = [];
    let lists: List[] | undefined;
    let eof = false;
    for (;;) {
      const prompt = await expandPrompt(sh, lines.length ? 'PS2' : 'PS1', commandNumber);
      if (lines.length === 0 && sh.dash) sh.lineno++;
      const r = await rl.readLine(prompt, sh.history);
      if ('eof' in r) { eof = true; break; }
      if ('interrupted' in r) { sh.status = 130; lines.length = 0; lists = undefined; break; }
      let line = r.line;
      // !! (history expansion of the previous command), echoed as bash does.
      if (!sh.dash && /!!/.test(line) && sh.history.length && !/'[^']*!![^']*'/.test(line)) {
        line = line.replace(/!!/g, sh.history[sh.history.length - 1]!);
        await sh.say(2, line + '\n');
      }
      lines.push(line);
      const src = lines.join('\n') + '\n';
      try {
        const p = new Parser(src);
        lists = p.all();
        if (p.lex.heredocEof) { p.lex.heredocEof = undefined; continue; }
        break;
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        if (e.incomplete && e.kind !== 'token') continue;
        if (lines.join('').trim()) sh.history.push(joinHistory(lines));
        await sh.syntaxError(e, src);
        sh.status = 2;
        lists = undefined;
        lines.length = 0;
        break;
      }
    }
    if (eof) {
      if (lines.length) {
        // end of file inside an unfinished command
        await sh.say(2, `${sh.arg0.replace(/^-/, '')}: syntax error: unexpected end of file\n`);
      }
      return sh.status;
    }
    if (!lists) continue;
    const text = lines.join('\n');
    if (text.trim()) { sh.history.push(joinHistory(lines)); commandNumber++; }
    try {
      for (const list of lists) {
        await sh.runTop(list);
      }
    } catch (e) {
      if (e instanceof ExitSignal) return e.status;
      if (e instanceof Killed || !(e instanceof Error)) throw e;
      // A bug in the interpreter must not take the student's terminal down: report it, keep the session.
      await sh.say(2, `bash: internal error: ${e.message}\n`);
      sh.status = 1;
    }
  }
}
