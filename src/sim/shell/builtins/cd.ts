// cd and pwd. bash keeps a logical working directory in $PWD (symlinks as the user typed them): `cd` with no
// argument goes $HOME, `cd -` to $OLDPWD (printing it), and errors read "bash: cd: nope: No such file or
// directory" (dash: "sh: 1: cd: can't cd to nope").
import type { Shell } from '../exec.ts';
import { errText } from '../exec.ts';
import { SysError } from '../../kernel/errno.ts';

/** Normalizes an absolute path logically (. and .. removed textually, as bash's cd -L does). */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop(); else out.push(seg);
  }
  return '/' + out.join('/');
}

export async function cd(sh: Shell, argv: string[]): Promise<number> {
  let args = argv.slice(1);
  let physical = false;
  while (args.length && /^-[LPe@]+$/.test(args[0]!)) { if (args[0]!.includes('P')) physical = true; args = args.slice(1); }
  if (args[0] === '--') args = args.slice(1);
  if (args.length > 1 && !sh.dash) { await sh.error('cd: too many arguments'); return 1; }
  let dir: string | undefined = args[0];
  let print = false;
  if (dir === undefined) {
    dir = sh.getVar('HOME');
    if (dir === undefined) { await sh.error('cd: HOME not set'); return 1; }
    if (dir === '') return 0;
  } else if (dir === '-') {
    dir = sh.getVar('OLDPWD');
    if (dir === undefined) { await sh.error('cd: OLDPWD not set'); return 1; }
    print = true;
  }
  const oldPwd = sh.getVar('PWD') ?? sh.sys.getcwd();
  // CDPATH: relative names not starting with . are looked up there first.
  let target = dir;
  const cdpath = sh.getVar('CDPATH');
  if (cdpath && !dir.startsWith('/') && !/^\.\.?(\/|$)/.test(dir)) {
    for (const base of cdpath.split(':')) {
      const cand = `${base || '.'}/${dir}`;
      try {
        if ((sh.sys.stat(cand).mode & 0o170000) === 0o040000) { target = cand; if (base) print = true; break; }
      } catch { /* next */ }
    }
  }
  const logical = normalize(target.startsWith('/') ? target : `${oldPwd}/${target}`);
  try {
    try {
      sh.sys.chdir(physical ? target : logical);
    } catch (e) {
      // The logical path may not exist when .. crossed a symlink: bash retries the path as typed.
      if (physical || !(e instanceof SysError) || e.code !== 'ENOENT') throw e;
      sh.sys.chdir(target);
    }
  } catch (e) {
    if (e instanceof SysError) {
      await sh.error(sh.dash ? `cd: can't cd to ${dir}` : `cd: ${dir}: ${errText(e)}`);
      return sh.dash ? 2 : 1;
    }
    throw e;
  }
  const now = physical ? sh.sys.getcwd() : (exists(sh, logical) ? logical : sh.sys.getcwd());
  setExported(sh, 'OLDPWD', oldPwd);
  setExported(sh, 'PWD', now);
  if (print) await sh.sys.write(1, now + '\n');
  return 0;
}

function exists(sh: Shell, p: string) { try { sh.sys.stat(p); return true; } catch { return false; } }

function setExported(sh: Shell, name: string, value: string) {
  const v = sh.vars.get(name);
  if (v) { if (!v.readonly) v.value = value; } else sh.vars.set(name, { value, exported: true, readonly: false });
}

export async function pwd(sh: Shell, argv: string[]): Promise<number> {
  const physical = argv.slice(1).some((a) => /^-[LP]*P[LP]*$/.test(a));
  const bad = argv.slice(1).find((a) => a.startsWith('-') && !/^-[LP]+$/.test(a));
  if (bad) {
    await sh.error(`pwd: ${bad.slice(0, 2)}: invalid option`);
    await sh.sys.write(2, 'pwd: usage: pwd [-LP]\n');
    return 2;
  }
  let dir: string;
  try { dir = sh.sys.getcwd(); } catch (e) {
    if (e instanceof SysError) { await sh.error(`pwd: error retrieving current directory: ${errText(e)}`); return 1; }
    throw e;
  }
  const logical = sh.getVar('PWD');
  if (!physical && logical && logical.startsWith('/')) {
    try { if (sh.sys.realpath(logical) === sh.sys.realpath(dir)) dir = logical; } catch { /* stale $PWD */ }
  }
  await sh.sys.write(1, dir + '\n');
  return 0;
}
