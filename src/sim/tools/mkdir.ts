// mkdir(1) of coreutils: creates directories with mode 0777 less the umask, or exactly -m MODE; -p makes
// missing parents (u+wx so the rest can be made) and accepts existing directories; -v reports each one.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, adjustMode, compileMode, errText, getopt, quoteLocale, shellQuote, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'pv',
  withArg: 'm',
  long: { help: { key: 'help' }, version: { key: 'version' }, mode: { key: 'm', arg: true }, parents: { key: 'p' }, verbose: { key: 'v' } },
};

export default async function mkdir(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'mkdir';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'mkdir')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (!o.operands.length) throw new UsageError(`${prog}: missing operand`);
    const umask = sys.umask();
    let mode = 0o777 & ~umask;
    const spec = o.get('m');
    if (spec !== undefined) {
      const m = compileMode(spec);
      if (!m) { await sys.err(`${prog}: invalid mode ${quoteLocale(spec)}\n`); return 1; }
      mode = adjustMode(0o777, true, umask, m);
    }
    let status = 0;
    const announce = async (dir: string) => { if (o.has('v')) await sys.out(`${prog}: created directory ${shellQuote(dir)}\n`); };
    const make = async (dir: string, perm: number, exact: boolean) => {
      sys.mkdir(dir, perm);
      // -m is the final mode whatever the umask (GNU chmods after mkdir when it differs).
      if (exact) sys.chmod(dir, perm);
      await announce(dir);
    };
    for (const dir of o.operands) {
      try {
        if (dir === '') throw new SysError('ENOENT');
        if (!o.has('p')) { await make(dir, mode, spec !== undefined); continue; }
        // Each missing ancestor, from the top; an existing non-directory fails with ENOTDIR at that name.
        const parts = dir.split('/');
        let prefix = dir.startsWith('/') ? '/' : '';
        const steps: string[] = [];
        for (const p of parts) {
          if (!p) continue;
          prefix = prefix && !prefix.endsWith('/') ? `${prefix}/${p}` : prefix + p;
          steps.push(prefix);
        }
        if (!steps.length) { sys.stat(dir); continue; }
        for (let i = 0; i < steps.length; i++) {
          const step = steps[i]!;
          const last = i === steps.length - 1;
          let st;
          try { st = sys.stat(step); } catch (e) { if (!(e instanceof SysError) || e.code !== 'ENOENT') throw Object.assign(e as object, { at: step }); }
          if (st) {
            if ((st.mode & 0o170000) !== 0o040000) throw Object.assign(new SysError(last ? 'EEXIST' : 'ENOTDIR'), { at: step });
            continue;
          }
          try {
            if (last) await make(step, mode, spec !== undefined);
            else await make(step, (0o777 & ~umask) | 0o300, false);
          } catch (e) { throw Object.assign(e as object, { at: step }); }
        }
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        const at = (e as SysError & { at?: string }).at ?? dir;
        await sys.err(`${prog}: cannot create directory ${quoteLocale(at)}: ${errText(e)}\n`);
        status = 1;
      }
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: mkdir [OPTION]... DIRECTORY...
Create the DIRECTORY(ies), if they do not already exist.

Mandatory arguments to long options are mandatory for short options too.
  -m, --mode=MODE   set file mode (as in chmod), not a=rwx - umask
  -p, --parents     no error if existing, make parent directories as needed,
                    with their file modes unaffected by any -m option.
  -v, --verbose     print a message for each created directory
  -Z                   set SELinux security context of each created directory
                         to the default type
      --context[=CTX]  like -Z, or if CTX is specified then set the SELinux
                         or SMACK security context to CTX
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/mkdir>
or available locally via: info '(coreutils) mkdir invocation'
`;
const VERSION_TEXT = `mkdir (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie.
`;
