// mv(1) of coreutils: renames, or moves into a directory (rename(2) within the one filesystem); -n never
// overwrites, -f never asks, -u only when newer, -v reports. From a terminal, replacing a file the user may
// not write asks first, as GNU does without -f.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import type { Stat } from '../fs/inode.ts';
import { LineReader, errText, getopt, permString, shellQuote, withUsage, usageText } from './lib.ts';
import { planTargets } from './cp.ts';

const OPTIONS = {
  flags: 'bfinTuvZ',
  withArg: 'tS',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    force: { key: 'f' }, interactive: { key: 'i' }, 'no-clobber': { key: 'n' }, 'target-directory': { key: 't', arg: true },
    'no-target-directory': { key: 'T' }, update: { key: 'u', arg: 'optional' as const }, verbose: { key: 'v' },
    backup: { key: 'b', arg: 'optional' as const }, suffix: { key: 'S', arg: true }, 'strip-trailing-slashes': { key: 'strip' },
  },
};

const isDir = (st: Stat) => (st.mode & 0o170000) === 0o040000;

export default async function mv(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'mv';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'mv')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    // The last of -f, -i, -n decides.
    let mode: 'f' | 'i' | 'n' | '' = '';
    for (const [k] of o.list) if (k === 'f' || k === 'i' || k === 'n') mode = k;
    const plan = planTargets(sys, prog, o.operands, o.get('t'), o.has('T'));
    if (typeof plan === 'string') { await sys.err(plan + '\n'); return 1; }
    let status = 0;
    const report = async (msg: string) => { await sys.err(`${prog}: ${msg}\n`); status = 1; };
    let answers: LineReader | undefined;
    const ask = async (q: string) => {
      await sys.err(`${prog}: ${q}? `);
      answers ??= new LineReader(sys, 0);
      return /^[yY]/.test((await answers.next()) ?? '');
    };
    for (const [src, dst] of plan) {
      let st: Stat;
      try { st = sys.lstat(src); } catch (e) { await report(`cannot stat ${shellQuote(src)}: ${errText(e)}`); continue; }
      let dstSt: Stat | undefined;
      try { dstSt = sys.lstat(dst); } catch { dstSt = undefined; }
      if (dstSt) {
        if (dstSt.ino === st.ino && dstSt.dev === st.dev) { await report(`${shellQuote(src)} and ${shellQuote(dst)} are the same file`); continue; }
        if (mode === 'n') continue;
        if (o.has('u') && !isDir(st) && dstSt.mtimeMs >= st.mtimeMs) continue;
        if (isDir(dstSt) && !isDir(st)) { await report(`cannot overwrite directory ${shellQuote(dst)} with non-directory`); continue; }
        if (!isDir(dstSt) && isDir(st)) { await report(`cannot overwrite non-directory ${shellQuote(dst)} with directory ${shellQuote(src)}`); continue; }
        let writable = true;
        try { sys.access(dst, 2); } catch { writable = false; }
        const isLink = (dstSt.mode & 0o170000) === 0o120000;
        if (mode === 'i' || (mode === '' && !writable && !isLink && sys.isatty(0))) {
          const q = mode !== 'i' || !writable
            ? `replace ${shellQuote(dst)}, overriding mode ${(dstSt.mode & 0o7777).toString(8).padStart(4, '0')} (${permString(dstSt.mode)})`
            : `overwrite ${shellQuote(dst)}`;
          if (!(await ask(q))) continue;
        }
      }
      if (isDir(st)) {
        // A directory cannot go inside itself.
        try {
          const real = sys.realpath(src);
          const parent = dst.replace(/\/+$/, '').replace(/[^/]*$/, '') || '.';
          const target = sys.realpath(parent);
          if (target === real || target.startsWith(real + '/')) {
            await report(`cannot move ${shellQuote(src)} to a subdirectory of itself, ${shellQuote(dst)}`);
            continue;
          }
        } catch { /* let rename report it */ }
      }
      try { sys.rename(src, dst); } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await report(`cannot move ${shellQuote(src)} to ${shellQuote(dst)}: ${errText(e)}`);
        continue;
      }
      if (o.has('v')) await sys.out(`renamed ${shellQuote(src)} -> ${shellQuote(dst)}\n`);
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: mv [OPTION]... [-T] SOURCE DEST
  or:  mv [OPTION]... SOURCE... DIRECTORY
  or:  mv [OPTION]... -t DIRECTORY SOURCE...
Rename SOURCE to DEST, or move SOURCE(s) to DIRECTORY.

Mandatory arguments to long options are mandatory for short options too.
      --backup[=CONTROL]       make a backup of each existing destination file
  -b                           like --backup but does not accept an argument
  -f, --force                  do not prompt before overwriting
  -i, --interactive            prompt before overwrite
  -n, --no-clobber             do not overwrite an existing file
If you specify more than one of -i, -f, -n, only the final one takes effect.
      --strip-trailing-slashes  remove any trailing slashes from each SOURCE
                                 argument
  -S, --suffix=SUFFIX          override the usual backup suffix
  -t, --target-directory=DIRECTORY  move all SOURCE arguments into DIRECTORY
  -T, --no-target-directory    treat DEST as a normal file
  -u, --update                 move only when the SOURCE file is newer
                                 than the destination file or when the
                                 destination file is missing
  -v, --verbose                explain what is being done
  -Z, --context                set SELinux security context of destination
                                 file to default type
      --help        display this help and exit
      --version     output version information and exit

The backup suffix is '~', unless set with --suffix or SIMPLE_BACKUP_SUFFIX.
The version control method may be selected via the --backup option or through
the VERSION_CONTROL environment variable.  Here are the values:

  none, off       never make backups (even if --backup is given)
  numbered, t     make numbered backups
  existing, nil   numbered if numbered backups exist, simple otherwise
  simple, never   always make simple backups

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/mv>
or available locally via: info '(coreutils) mv invocation'
`;
const VERSION_TEXT = `mv (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Mike Parker, David MacKenzie, and Jim Meyering.
`;
