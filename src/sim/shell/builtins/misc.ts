// The remaining builtins: true, false, :, exit, return, break, continue, eval, source/., history, help, type,
// command, builtin, umask, alias/unalias, hash, times, trap, shopt, logout.
import type { Shell } from '../exec.ts';
import { errText } from '../exec.ts';
import { ExitSignal, LoopControl, ReturnSignal } from '../errors.ts';
import { SysError } from '../../kernel/errno.ts';
import { sigNum, SIGNAMES } from './jobs.ts';
import { BUILTINS } from './index.ts';

export const KEYWORDS = ['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done',
  'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'];

export const trueBuiltin = async () => 0;
export const falseBuiltin = async () => 1;

export async function exit(sh: Shell, argv: string[]): Promise<number> {
  const a = argv[1];
  let status = sh.status;
  if (a !== undefined) {
    if (!/^\s*[-+]?\d+\s*$/.test(a)) {
      await sh.error(sh.dash ? `exit: Illegal number: ${a}` : `exit: ${a}: numeric argument required`);
      status = 2;
    } else if (argv.length > 2 && !sh.dash) {
      await sh.error('exit: too many arguments');
      return 1;
    } else status = Number(a) & 0xff;
  }
  if (sh.interactive && !sh.inSubshell && !sh.dash) await sh.say(2, 'exit\n');
  throw new ExitSignal(status);
}

export async function returnBuiltin(sh: Shell, argv: string[]): Promise<number> {
  if (!sh.funcDepth && !sh.sourceDepth) {
    await sh.error("return: can only `return' from a function or sourced script");
    return 2;
  }
  const a = argv[1];
  let status = sh.status;
  if (a !== undefined) {
    if (!/^[-+]?\d+$/.test(a)) { await sh.error(`return: ${a}: numeric argument required`); status = 2; }
    else status = Number(a) & 0xff;
  }
  throw new ReturnSignal(status);
}

function loopControl(kind: 'break' | 'continue') {
  return async (sh: Shell, argv: string[]): Promise<number> => {
    let n = 1;
    if (argv[1] !== undefined) {
      if (!/^\d+$/.test(argv[1])) { await sh.error(`${kind}: ${argv[1]}: numeric argument required`); n = 1; }
      else n = Number(argv[1]);
      if (n < 1) { await sh.error(`${kind}: ${argv[1]}: loop count out of range`); return 1; }
    }
    if (!sh.loopDepth) {
      if (!sh.dash) await sh.error(`${kind}: only meaningful in a \`for', \`while', or \`until' loop`);
      return 0;
    }
    throw new LoopControl(kind, Math.min(n, sh.loopDepth));
  };
}
export const breakBuiltin = loopControl('break');
export const continueBuiltin = loopControl('continue');

export async function evalBuiltin(sh: Shell, argv: string[]): Promise<number> {
  const text = argv.slice(1).join(' ');
  if (!text.trim()) return 0;
  const wasInteractive = sh.interactive;
  return sh.runSource(text, { lineBase: sh.lineno }).finally(() => { sh.interactive = wasInteractive; });
}

export async function source(sh: Shell, argv: string[]): Promise<number> {
  const file = argv[1];
  if (file === undefined) {
    await sh.error(`${argv[0]}: filename argument required`);
    await sh.sys.write(2, `${argv[0]}: usage: ${argv[0]} filename [arguments]\n`);
    return 2;
  }
  let path = file;
  if (!file.includes('/')) {
    for (const dir of (sh.getVar('PATH') ?? '').split(':')) {
      const p = `${dir || '.'}/${file}`;
      try { if ((sh.sys.stat(p).mode & 0o170000) === 0o100000) { path = p; break; } } catch { /* next */ }
    }
  }
  let text: string;
  try {
    text = await sh.sys.readText(path);
  } catch (e) {
    if (e instanceof SysError) {
      await sh.error(sh.dash ? `${argv[0]}: cannot open ${file}: ${errText(e)}` : `${file}: ${errText(e)}`);
      if (sh.dash && !sh.interactive) throw new ExitSignal(2);
      return 1;
    }
    throw e;
  }
  const savedArgs = sh.positionalArgs;
  if (argv.length > 2) sh.positionalArgs = argv.slice(2);
  const savedLine = sh.lineno;
  sh.sourceDepth++;
  sh.sourceNames.push(file);
  try {
    return await sh.runSource(text, { where: (n) => `${file}: line ${n}: ` });
  } catch (e) {
    if (e instanceof ReturnSignal) return e.status;
    throw e;
  } finally {
    sh.sourceDepth--;
    sh.sourceNames.pop();
    sh.lineno = savedLine;
    if (argv.length > 2) sh.positionalArgs = savedArgs;
  }
}

export async function history(sh: Shell, argv: string[]): Promise<number> {
  const a = argv[1];
  if (a === '-c') { sh.history.length = 0; return 0; }
  if (a === '-d' && argv[2]) { sh.history.splice(Number(argv[2]) - 1, 1); return 0; }
  let start = 0;
  if (a !== undefined) {
    if (!/^\d+$/.test(a)) { await sh.error(`history: ${a}: numeric argument required`); return 1; }
    start = Math.max(0, sh.history.length - Number(a));
  }
  let out = '';
  for (let i = start; i < sh.history.length; i++) out += `${String(i + 1).padStart(5)}  ${sh.history[i]}\n`;
  await sh.sys.write(1, out);
  return 0;
}

const HELP: Record<string, string> = {
  cd: 'cd [-L|[-P [-e]] [-@]] [dir]\n    Change the shell working directory.',
  pwd: 'pwd [-LP]\n    Print the name of the current working directory.',
  echo: 'echo [-neE] [arg ...]\n    Write arguments to the standard output.',
  exit: 'exit [n]\n    Exit the shell.',
  export: 'export [-fn] [name[=value] ...] or export -p\n    Set export attribute for shell variables.',
  jobs: 'jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n    Display status of jobs.',
  kill: 'kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n    Send a signal to a job.',
  wait: 'wait [-fn] [-p var] [id ...]\n    Wait for job completion and return exit status.',
  history: 'history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n    Display or manipulate the history list.',
  type: 'type [-afptP] name [name ...]\n    Display information about command type.',
  read: 'read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n    Read a line from the standard input and split it into fields.',
  test: 'test [expr]\n    Evaluate conditional expression.',
  set: 'set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n    Set or unset values of shell options and positional parameters.',
  source: 'source filename [arguments]\n    Execute commands from a file in the current shell.',
  printf: 'printf [-v var] format [arguments]\n    Formats and prints ARGUMENTS under control of the FORMAT.',
  umask: 'umask [-p] [-S] [mode]\n    Display or set file mode mask.',
  ulimit: 'ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n    Modify shell resource limits.',
};

export async function help(sh: Shell, argv: string[]): Promise<number> {
  const topics = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (!topics.length) {
    const names = Object.keys(BUILTINS).sort();
    let out = `GNU bash, version ${sh.version} (x86_64-pc-linux-gnu)\nThese shell commands are defined internally.  Type \`help' to see this list.\n` +
      'Type `help name\' to find out more about the function `name\'.\n\n';
    for (let i = 0; i < names.length; i += 4) out += names.slice(i, i + 4).map((n) => ` ${n}`.padEnd(20)).join('').trimEnd() + '\n';
    await sh.sys.write(1, out);
    return 0;
  }
  let status = 0;
  for (const t of topics) {
    const h = HELP[t] ?? (BUILTINS[t] ? `${t}\n    Shell builtin.` : undefined);
    if (!h) { await sh.error(`help: no help topics match \`${t}'.  Try \`help help' or \`man -k ${t}' or \`info ${t}'.`); status = 1; continue; }
    await sh.sys.write(1, `${t}: ${h}\n`);
  }
  return status;
}

export async function type(sh: Shell, argv: string[]): Promise<number> {
  let flags = '';
  const names: string[] = [];
  for (const a of argv.slice(1)) { if (/^-[afptP]+$/.test(a) && !names.length) flags += a.slice(1); else names.push(a); }
  let status = 0;
  let out = '';
  for (const n of names) {
    const found: string[] = [];
    const kind: string[] = [];
    if (!flags.includes('P')) {
      if (sh.aliases.has(n) && sh.interactive) { found.push(`${n} is aliased to \`${sh.aliases.get(n)}'`); kind.push('alias'); }
      if (KEYWORDS.includes(n)) { found.push(`${n} is a shell keyword`); kind.push('keyword'); }
      if (sh.funcs.has(n)) { found.push(`${n} is a function\n${sh.funcs.get(n)!.src}`); kind.push('function'); }
      if (BUILTINS[n]) { found.push(`${n} is a shell builtin`); kind.push('builtin'); }
    }
    const paths: string[] = [];
    if (n.includes('/')) { if (sh.isExecutable(n)) paths.push(n); }
    else if (flags.includes('a')) {
      for (const dir of (sh.getVar('PATH') ?? '').split(':')) { const p = `${dir || '.'}/${n}`; if (sh.isExecutable(p)) paths.push(p); }
    } else {
      const hashed = sh.hash.get(n);
      const p = sh.findCommand(n);
      if (p && sh.isExecutable(p)) paths.push(hashed && !flags.includes('p') && !flags.includes('P') && !flags.includes('t') ? `hashed (${p})` : p);
    }
    for (const p of paths) { found.push(`${n} is ${p}`); kind.push('file'); }
    if (!found.length) {
      if (!flags.includes('t') && !flags.includes('p') && !flags.includes('P')) {
        if (sh.dash) out += `${n}: not found\n`; else await sh.error(`type: ${n}: not found`);
      }
      status = 1;
      continue;
    }
    const count = flags.includes('a') ? found.length : 1;
    for (let i = 0; i < count; i++) {
      if (flags.includes('t')) out += kind[i] + '\n';
      else if (flags.includes('p') || flags.includes('P')) { if (kind[i] === 'file') out += paths[i - (kind.length - paths.length)]!.replace(/^hashed \((.*)\)$/, '$1') + '\n'; }
      else out += found[i] + '\n';
    }
  }
  await sh.sys.write(1, out);
  return status;
}

export async function command(sh: Shell, argv: string[]): Promise<number> {
  let i = 1;
  let v = false, V = false;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    if (argv[i] === '--') { i++; break; }
    if (argv[i]!.includes('v')) v = true;
    if (argv[i]!.includes('V')) V = true;
  }
  const args = argv.slice(i);
  if (!args.length) return 0;
  if (v || V) {
    let status = 0;
    for (const n of args) {
      if (sh.aliases.has(n)) { await sh.sys.write(1, V ? `${n} is aliased to \`${sh.aliases.get(n)}'\n` : `alias ${n}='${sh.aliases.get(n)}'\n`); continue; }
      if (sh.funcs.has(n) || BUILTINS[n] || KEYWORDS.includes(n)) {
        const what = KEYWORDS.includes(n) ? 'a shell keyword' : sh.funcs.has(n) ? 'a function' : 'a shell builtin';
        await sh.sys.write(1, V ? `${n} is ${what}\n` : `${n}\n`);
        continue;
      }
      const p = sh.findCommand(n);
      if (p && sh.isExecutable(p)) { await sh.sys.write(1, V ? `${n} is ${p}\n` : `${p}\n`); continue; }
      if (V) await sh.error(`command: ${n}: not found`);
      status = 1;
    }
    return status;
  }
  return sh.runCommandWords(args, { skipFunctions: true });
}

export async function builtin(sh: Shell, argv: string[]): Promise<number> {
  const name = argv[1];
  if (name === undefined) return 0;
  const b = BUILTINS[name];
  if (!b) { await sh.error(`builtin: ${name}: not a shell builtin`); return 1; }
  return b(sh, argv.slice(1));
}

export async function umask(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  const symbolic = args.includes('-S');
  const p = args.includes('-p');
  const mode = args.find((a) => !a.startsWith('-'));
  const cur = sh.sys.umask();
  if (mode === undefined) {
    if (symbolic) {
      const perm = (shift: number) => { const bits = (~cur >> shift) & 7; return (bits & 4 ? 'r' : '') + (bits & 2 ? 'w' : '') + (bits & 1 ? 'x' : ''); };
      await sh.sys.write(1, `u=${perm(6)},g=${perm(3)},o=${perm(0)}\n`);
    } else await sh.sys.write(1, `${p ? 'umask ' : ''}${cur.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  if (/^[0-7]+$/.test(mode)) { sh.sys.umask(parseInt(mode, 8)); return 0; }
  // symbolic: u=rwx,g=rx,o= (sets the complement)
  let mask = cur;
  for (const clause of mode.split(',')) {
    const m = /^([ugoa]*)([=+-])([rwx]*)$/.exec(clause);
    if (!m) { await sh.error(`umask: \`${clause.slice(-1)}': invalid symbolic mode operator`); return 1; }
    const who = m[1] || 'a';
    const bits = (m[3]!.includes('r') ? 4 : 0) | (m[3]!.includes('w') ? 2 : 0) | (m[3]!.includes('x') ? 1 : 0);
    for (const [w, shift] of [['u', 6], ['g', 3], ['o', 0]] as const) {
      if (!who.includes(w) && !who.includes('a')) continue;
      const allowed = (~mask >> shift) & 7;
      const next = m[2] === '=' ? bits : m[2] === '+' ? allowed | bits : allowed & ~bits;
      mask = (mask & ~(7 << shift)) | ((~next & 7) << shift);
    }
  }
  sh.sys.umask(mask & 0o777);
  return 0;
}

export async function alias(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1).filter((a) => a !== '-p');
  const q = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;
  if (!args.length) {
    await sh.sys.write(1, [...sh.aliases].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${sh.dash ? '' : 'alias '}${k}=${q(v)}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const i = a.indexOf('=');
    if (i > 0) { sh.aliases.set(a.slice(0, i), a.slice(i + 1)); continue; }
    const v = sh.aliases.get(a);
    if (v === undefined) { await sh.error(`alias: ${a}: not found`); status = 1; continue; }
    await sh.sys.write(1, `${sh.dash ? '' : 'alias '}${a}=${q(v)}\n`);
  }
  return status;
}

export async function unalias(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (args[0] === '-a') { sh.aliases.clear(); return 0; }
  if (!args.length) { await sh.error('unalias: usage: unalias [-a] name [name ...]'); return 2; }
  let status = 0;
  for (const a of args) {
    if (!sh.aliases.delete(a)) { await sh.error(`unalias: ${a}: not found`); status = 1; }
  }
  return status;
}

export async function hash(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (args[0] === '-r') { sh.hash.clear(); return 0; }
  if (!args.length) {
    if (!sh.hash.size) { await sh.sys.write(1, sh.dash ? '' : 'hash: hash table empty\n'); return 0; }
    let out = 'hits\tcommand\n';
    for (const [, p] of sh.hash) out += `   1\t${p}\n`;
    await sh.sys.write(1, out);
    return 0;
  }
  let status = 0;
  for (const n of args) {
    if (BUILTINS[n]) continue;
    const p = sh.findCommand(n);
    if (!p) { await sh.error(`hash: ${n}: not found`); status = 1; }
  }
  return status;
}

export async function times(sh: Shell): Promise<number> {
  const f = (ms: number) => `${Math.floor(ms / 60000)}m${((ms % 60000) / 1000).toFixed(3)}s`;
  const p = sh.sys.proc;
  await sh.sys.write(1, `${f(p.utimeMs)} ${f(p.stimeMs)}\n${f(p.cutimeMs)} ${f(p.cstimeMs)}\n`);
  return 0;
}

export async function trap(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1).filter((a) => a !== '--');
  if (!args.length || args[0] === '-p') {
    let out = '';
    for (const [sig, cmd] of sh.traps) {
      const name = ['EXIT', 'ERR', 'DEBUG', 'RETURN'].includes(sig) ? sig : `SIG${sig}`;
      out += `trap -- '${cmd.replace(/'/g, "'\\''")}' ${name}\n`;
    }
    await sh.sys.write(1, out);
    return 0;
  }
  if (args[0] === '-l') {
    await sh.sys.write(1, SIGNAMES.slice(1).map((n, i) => `${String(i + 1).padStart(2)}) SIG${n}`).join('\n') + '\n');
    return 0;
  }
  let action: string | undefined = args[0];
  let sigs = args.slice(1);
  if (/^\d+$/.test(action!) || (sigs.length === 0)) { sigs = args; action = '-'; }
  let status = 0;
  for (const s of sigs) {
    const up = s.toUpperCase().replace(/^SIG/, '');
    const name = up === '0' || up === 'EXIT' ? 'EXIT' : up === 'ERR' || up === 'DEBUG' || up === 'RETURN' ? up : (() => {
      const n = sigNum(s);
      return n === undefined ? undefined : SIGNAMES[n];
    })();
    if (!name) { await sh.error(`trap: ${s}: invalid signal specification`); status = 1; continue; }
    if (action === '-') sh.traps.delete(name); else sh.traps.set(name, action!);
    sh.installTrap(name);
  }
  return status;
}

export async function shopt(sh: Shell, argv: string[]): Promise<number> {
  void sh; void argv;
  return 0;
}

export async function logout(sh: Shell): Promise<number> {
  await sh.error("logout: not login shell: use `exit'");
  return 1;
}
