// Variable and option builtins: export, unset, local, readonly, declare/typeset, set, shift, let, getopts.
import type { Shell, ShellOptions } from '../exec.ts';
import { AbortLine } from '../errors.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** declare -p style value quoting: "..." with \ " $ ` escaped. */
function dquote(v: string) { return `"${v.replace(/([\\"$`])/g, '\\$1')}"`; }

/** `set` listing quoting: plain when safe, else '...'. */
function squote(v: string) {
  if (/^[A-Za-z0-9_@%+=:,./-]*$/.test(v) && v !== '') return v;
  if (/[\x00-\x1f\x7f]/.test(v)) return "$'" + v.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\x1b/g, '\\E') + "'";
  return `'${v.replace(/'/g, "'\\''")}'`;
}

async function badName(sh: Shell, cmd: string, name: string) {
  await sh.error(sh.dash ? `${cmd}: ${name}: bad variable name` : `${cmd}: \`${name}': not a valid identifier`);
  return 1;
}

/** Splits NAME=value / NAME+=value / NAME. */
function splitAssign(a: string): { name: string; value?: string; append: boolean } {
  const m = /^([^=+]*)(\+?)=(.*)$/s.exec(a);
  if (!m) return { name: a, append: false };
  return { name: m[1]!, value: m[3]!, append: m[2] === '+' };
}

export async function exportBuiltin(sh: Shell, argv: string[]): Promise<number> {
  let args = argv.slice(1);
  let unexport = false;
  let print = false;
  while (args[0]?.startsWith('-') && args[0] !== '-') {
    const o = args.shift()!;
    if (o === '--') break;
    if (o.includes('n')) unexport = true;
    if (o.includes('p')) print = true;
  }
  if (!args.length || print) {
    const names = [...sh.vars.keys()].filter((k) => sh.vars.get(k)!.exported).sort();
    let out = '';
    for (const n of names) out += sh.dash ? `export ${n}=${squote(sh.vars.get(n)!.value)}\n` : `declare -x ${n}=${dquote(sh.vars.get(n)!.value)}\n`;
    for (const n of [...sh.pendingExport].sort()) out += sh.dash ? `export ${n}\n` : `declare -x ${n}\n`;
    await sh.sys.write(1, out);
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const { name, value, append } = splitAssign(a);
    if (!NAME.test(name)) { status = await badName(sh, 'export', a); continue; }
    if (unexport) { const v = sh.vars.get(name); if (v) v.exported = false; sh.pendingExport.delete(name); continue; }
    if (value !== undefined) sh.setVar(name, append ? (sh.getVar(name) ?? '') + value : value, { export: true });
    else if (sh.vars.has(name)) sh.vars.get(name)!.exported = true;
    else sh.pendingExport.add(name);
  }
  return status;
}

export async function readonlyBuiltin(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1).filter((a) => !/^-[pf]+$/.test(a));
  if (!args.length) {
    const names = [...sh.vars.keys()].filter((k) => sh.vars.get(k)!.readonly).sort();
    await sh.sys.write(1, names.map((n) => sh.dash ? `readonly ${n}=${squote(sh.vars.get(n)!.value)}\n` : `declare -r ${n}=${dquote(sh.vars.get(n)!.value)}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const { name, value } = splitAssign(a);
    if (!NAME.test(name)) { status = await badName(sh, 'readonly', a); continue; }
    if (value !== undefined) sh.setVar(name, value);
    const v = sh.vars.get(name);
    if (v) v.readonly = true; else sh.vars.set(name, { value: '', exported: false, readonly: true });
  }
  return status;
}

export async function unset(sh: Shell, argv: string[]): Promise<number> {
  let args = argv.slice(1);
  let mode: 'v' | 'f' | 'any' = 'any';
  while (args[0]?.startsWith('-')) {
    const o = args.shift()!;
    if (o === '--') break;
    if (o === '-f') mode = 'f'; else if (o === '-v') mode = 'v';
    else { await sh.error(`unset: ${o}: invalid option`); await sh.sys.write(2, 'unset: usage: unset [-f] [-v] [-n] [name ...]\n'); return 2; }
  }
  let status = 0;
  for (const name of args) {
    if (mode === 'f') { sh.funcs.delete(name); continue; }
    if (!NAME.test(name) && !/^[A-Za-z_][A-Za-z0-9_]*\[.*\]$/.test(name)) {
      // without -v, bash also tries a function of that name and says nothing
      if (mode === 'v') status = await badName(sh, 'unset', name); else status = 1;
      continue;
    }
    const am = /^([A-Za-z_][A-Za-z0-9_]*)\[(.*)\]$/.exec(name);
    if (am) {
      const v = sh.vars.get(am[1]!);
      if (v?.array) { const i = Number(sh.arith(am[2]!)); if (i < v.array.length) v.array[i] = ''; }
      continue;
    }
    if (mode === 'any' && !sh.vars.has(name) && sh.funcs.has(name)) { sh.funcs.delete(name); continue; }
    sh.pendingExport.delete(name);
    if (!sh.unsetVar(name)) {
      await sh.error(sh.dash ? `unset: ${name}: is read only` : `unset: ${name}: cannot unset: readonly variable`);
      status = 1;
    }
  }
  return status;
}

export async function local(sh: Shell, argv: string[]): Promise<number> {
  if (!sh.localFrames.length) {
    if (sh.dash) { await sh.error('local: not in a function'); return 2; }
    await sh.error('local: can only be used in a function');
    return 1;
  }
  let status = 0;
  for (const a of argv.slice(1)) {
    if (a.startsWith('-')) continue;
    const { name, value, append } = splitAssign(a);
    if (!NAME.test(name)) { status = await badName(sh, 'local', a); continue; }
    const before = sh.getVar(name);
    sh.makeLocal(name);
    if (value !== undefined) sh.setVar(name, append ? (before ?? '') + value : value);
    else if (!sh.vars.has(name)) sh.vars.set(name, { value: '', exported: false, readonly: false });
  }
  return status;
}

export async function declare(sh: Shell, argv: string[]): Promise<number> {
  const flags = new Set<string>();
  const args: string[] = [];
  for (const a of argv.slice(1)) {
    if (/^[-+][a-zA-Z]+$/.test(a) && !args.length) { for (const c of a.slice(1)) flags.add((a[0] === '+' ? '+' : '') + c); continue; }
    args.push(a);
  }
  if (flags.has('f') || flags.has('F')) {
    const names = args.length ? args : [...sh.funcs.keys()].sort();
    let status = 0;
    for (const n of names) {
      const f = sh.funcs.get(n);
      if (!f) { status = 1; continue; }
      await sh.sys.write(1, flags.has('F') ? `declare -f ${n}\n` : `${f.src}\n`);
    }
    return status;
  }
  if (!args.length || flags.has('p')) {
    const names = args.length ? args : [...sh.vars.keys()].sort();
    let status = 0;
    let out = '';
    for (const n of names) {
      const v = sh.vars.get(n);
      if (!v) { await sh.error(`declare: ${n}: not found`); status = 1; continue; }
      let f = (v.array ? 'a' : '') + (v.readonly ? 'r' : '') + (v.exported ? 'x' : '');
      if (!f) f = '-';
      out += v.array
        ? `declare -${f} ${n}=(${v.array.map((x, i) => `[${i}]=${dquote(x)}`).join(' ')})\n`
        : `declare -${f} ${n}=${dquote(v.value)}\n`;
    }
    await sh.sys.write(1, out);
    return status;
  }
  let status = 0;
  for (const a of args) {
    const { name, value, append } = splitAssign(a);
    if (!NAME.test(name)) { status = await badName(sh, 'declare', a); continue; }
    if (sh.localFrames.length && !flags.has('g')) sh.makeLocal(name);
    if (value !== undefined) {
      let v = append ? (sh.getVar(name) ?? '') + value : value;
      if (flags.has('i')) v = String(sh.arith(v));
      sh.setVar(name, v);
    } else if (!sh.vars.has(name)) sh.vars.set(name, { value: '', exported: false, readonly: false, ...(flags.has('a') ? { array: [] } : {}) });
    const v = sh.vars.get(name)!;
    if (flags.has('x')) v.exported = true;
    if (flags.has('+x')) v.exported = false;
    if (flags.has('r')) v.readonly = true;
  }
  return status;
}

const LONG_OPTS: [string, keyof ShellOptions | null][] = [
  ['allexport', 'allexport'], ['braceexpand', null], ['emacs', null], ['errexit', 'errexit'], ['errtrace', null],
  ['functrace', null], ['hashall', 'hashall'], ['histexpand', null], ['history', null], ['ignoreeof', null],
  ['interactive-comments', null], ['keyword', null], ['monitor', 'monitor'], ['noclobber', 'noclobber'],
  ['noexec', 'noexec'], ['noglob', 'noglob'], ['nolog', null], ['notify', null], ['nounset', 'nounset'],
  ['onecmd', null], ['physical', null], ['pipefail', 'pipefail'], ['posix', null], ['privileged', null],
  ['verbose', 'verbose'], ['vi', null], ['xtrace', 'xtrace'],
];
const ON_BY_DEFAULT = new Set(['braceexpand', 'emacs', 'hashall', 'histexpand', 'history', 'interactive-comments']);
const SHORT: Record<string, keyof ShellOptions> = {
  e: 'errexit', x: 'xtrace', f: 'noglob', u: 'nounset', C: 'noclobber', v: 'verbose', a: 'allexport', m: 'monitor',
  n: 'noexec', h: 'hashall',
};

export async function set(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (!args.length) {
    const names = [...sh.vars.keys()].sort();
    let out = names.map((n) => `${n}=${squote(sh.vars.get(n)!.value)}\n`).join('');
    if (!sh.dash) for (const [, f] of [...sh.funcs].sort()) out += f.src + '\n';
    await sh.sys.write(1, out);
    return 0;
  }
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { i++; sh.positionalArgs = args.slice(i); return 0; }
    if (a === '-' ) { sh.opts.xtrace = false; sh.opts.verbose = false; i++; break; }
    if (!/^[-+]/.test(a)) break;
    const on = a[0] === '-';
    for (const c of a.slice(1)) {
      if (c === 'o') {
        const name = args[i + 1];
        if (name === undefined) {
          let out = '';
          for (const [n, k] of LONG_OPTS) {
            const v = k ? sh.opts[k] : ON_BY_DEFAULT.has(n) && (n !== 'history' && n !== 'histexpand' || sh.interactive);
            out += on ? `${n.padEnd(15)}\t${v ? 'on' : 'off'}\n` : `set ${v ? '-' : '+'}o ${n}\n`;
          }
          await sh.sys.write(1, out);
          continue;
        }
        i++;
        const ent = LONG_OPTS.find(([n]) => n === name);
        if (!ent) { await sh.error(`set: ${name}: invalid option name`); return 1; }
        if (ent[1]) sh.opts[ent[1]] = on;
        continue;
      }
      const k = SHORT[c];
      if (!k) {
        if ('BHTEPkbit'.includes(c)) continue;
        await sh.error(`set: ${a[0]}${c}: invalid option`);
        await sh.sys.write(2, 'set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n');
        return 2;
      }
      sh.opts[k] = on;
    }
  }
  if (i < args.length) sh.positionalArgs = args.slice(i);
  return 0;
}

export async function shift(sh: Shell, argv: string[]): Promise<number> {
  const a = argv[1];
  let n = 1;
  if (a !== undefined) {
    if (!/^\d+$/.test(a)) { await sh.error(`shift: ${a}: numeric argument required`); return 1; }
    n = Number(a);
  }
  if (n > sh.positionalArgs.length) {
    if (sh.dash) { await sh.error(`shift: can't shift that many`); return 2; }
    return 1;
  }
  sh.positionalArgs = sh.positionalArgs.slice(n);
  return 0;
}

export async function letBuiltin(sh: Shell, argv: string[]): Promise<number> {
  if (argv.length < 2) { await sh.error('let: expression expected'); return 1; }
  let v = 0n;
  for (const e of argv.slice(1)) v = sh.arith(e);
  return v !== 0n ? 0 : 1;
}

export async function getopts(sh: Shell, argv: string[]): Promise<number> {
  const spec = argv[1];
  const name = argv[2];
  if (spec === undefined || name === undefined) { await sh.error('getopts: usage: getopts optstring name [arg ...]'); return 2; }
  const args = argv.length > 3 ? argv.slice(3) : sh.positionalArgs;
  const silent = spec.startsWith(':');
  const optspec = silent ? spec.slice(1) : spec;
  let optind = Number(sh.getVar('OPTIND') ?? '1') || 1;
  let sub = sh.getoptsSub;
  if (sh.getoptsLastInd !== optind) sub = 1;
  const arg = args[optind - 1];
  const finish = () => { sh.setVar(name, '?'); sh.setVar('OPTIND', String(optind)); sh.getoptsLastInd = optind; return 1; };
  if (arg === undefined || !arg.startsWith('-') || arg === '-') return finish();
  if (arg === '--') { optind++; return finish(); }
  const c = arg[sub]!;
  sub++;
  const advance = () => { if (sub >= arg.length) { optind++; sub = 1; } };
  const idx = optspec.indexOf(c);
  if (idx < 0 || c === ':') {
    advance();
    if (silent) { sh.setVar('OPTARG', c); } else { await sh.error(`illegal option -- ${c}`); sh.unsetVar('OPTARG'); }
    sh.setVar(name, '?');
  } else if (optspec[idx + 1] === ':') {
    if (sub < arg.length) { sh.setVar('OPTARG', arg.slice(sub)); optind++; sub = 1; }
    else {
      const v = args[optind];
      if (v === undefined) {
        optind++; sub = 1;
        if (silent) { sh.setVar(name, ':'); sh.setVar('OPTARG', c); }
        else { await sh.error(`option requires an argument -- ${c}`); sh.setVar(name, '?'); sh.unsetVar('OPTARG'); }
        sh.setVar('OPTIND', String(optind));
        sh.getoptsLastInd = optind; sh.getoptsSub = sub;
        return 0;
      }
      sh.setVar('OPTARG', v);
      optind += 2; sub = 1;
    }
    sh.setVar(name, c);
  } else {
    advance();
    sh.setVar(name, c);
    sh.unsetVar('OPTARG');
  }
  sh.setVar('OPTIND', String(optind));
  sh.getoptsLastInd = optind;
  sh.getoptsSub = sub;
  return 0;
}

export { AbortLine };
