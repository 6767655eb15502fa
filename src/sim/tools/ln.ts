// ln(1) of coreutils: hard links (link(2)) or, with -s, symbolic links; into a directory when the last
// operand is one (or -t DIR); -f replaces an existing name, -n treats a link to a directory as a file,
// -r makes a symbolic link's target relative, -v reports ('l' -> 'target', 'h' => 'file').
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, errText, getopt, quoteIfNeeded, shellQuote, withUsage, usageText } from './lib.ts';
import { baseName, joinPath } from './cp.ts';

const OPTIONS = {
  flags: 'bdfFinLPrsTv',
  withArg: 'tS',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    force: { key: 'f' }, interactive: { key: 'i' }, 'no-dereference': { key: 'n' }, logical: { key: 'L' }, physical: { key: 'P' },
    relative: { key: 'r' }, symbolic: { key: 's' }, 'target-directory': { key: 't', arg: true }, 'no-target-directory': { key: 'T' },
    verbose: { key: 'v' }, backup: { key: 'b', arg: 'optional' as const }, suffix: { key: 'S', arg: true }, directory: { key: 'd' },
  },
};

/** The path from directory `fromDir` to `to` (both absolute and canonical). */
function relativePath(fromDir: string, to: string): string {
  const a = fromDir.split('/').filter(Boolean), b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

export default async function ln(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'ln';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'ln')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    const symbolic = o.has('s');
    const ops = o.operands;
    const targetDir = o.get('t');
    if (!ops.length) throw new UsageError(`${prog}: missing file operand`);
    const isDirFollow = (p: string) => {
      try {
        if (o.has('n') && (sys.lstat(p).mode & 0o170000) === 0o120000) return false;
        return (sys.stat(p).mode & 0o170000) === 0o040000;
      } catch { return false; }
    };
    let pairs: [string, string][];
    if (targetDir !== undefined) {
      if (!isDirFollow(targetDir)) {
        let why = 'Not a directory';
        try { sys.stat(targetDir); } catch (e) { why = errText(e); }
        await sys.err(`${prog}: target directory ${shellQuote(targetDir)}: ${why}\n`);
        return 1;
      }
      pairs = ops.map((s) => [s, joinPath(targetDir, baseName(s))]);
    } else if (ops.length === 1) {
      pairs = [[ops[0]!, joinPath('.', baseName(ops[0]!))]];
    } else if (o.has('T')) {
      if (ops.length > 2) throw new UsageError(`${prog}: extra operand ${shellQuote(ops[2]!)}`);
      pairs = [[ops[0]!, ops[1]!]];
    } else {
      const dest = ops[ops.length - 1]!;
      const dir = isDirFollow(dest);
      if (ops.length > 2 && !dir) {
        let why = 'Not a directory';
        try { sys.stat(dest); } catch (e) { why = errText(e); }
        await sys.err(`${prog}: target ${shellQuote(dest)}: ${why}\n`);
        return 1;
      }
      pairs = ops.slice(0, -1).map((s) => [s, dir ? joinPath(dest, baseName(s)) : dest]);
    }
    let status = 0;
    for (const [source, dest] of pairs) {
      let target = source;
      if (!symbolic) {
        let st;
        try { st = sys.stat(source); } catch (e) {
          await sys.err(`${prog}: failed to access ${shellQuote(source)}: ${errText(e)}\n`);
          status = 1;
          continue;
        }
        if ((st.mode & 0o170000) === 0o040000) {
          await sys.err(`${prog}: ${quoteIfNeeded(source)}: hard link not allowed for directory\n`);
          status = 1;
          continue;
        }
      } else if (o.has('r')) {
        try {
          const destDir = sys.realpath(dest.replace(/\/+$/, '').replace(/[^/]*$/, '') || '.');
          const abs = source.startsWith('/') ? source : joinPath(sys.getcwd(), source);
          let real = abs;
          try { real = sys.realpath(abs); } catch { /* dangling: keep the name */ }
          target = relativePath(destDir, real);
        } catch { /* leave the target as given */ }
      }
      const make = () => (symbolic ? sys.symlink(target, dest) : sys.link(source, dest));
      try {
        try { make(); } catch (e) {
          if (!(e instanceof SysError) || e.code !== 'EEXIST' || !o.has('f')) throw e;
          const dst = sys.lstat(dest);
          if ((dst.mode & 0o170000) === 0o040000) throw new SysError('EISDIR');
          if (!symbolic) {
            const src = sys.stat(source);
            if (src.ino === dst.ino && src.dev === dst.dev) {
              await sys.err(`${prog}: ${shellQuote(source)} and ${shellQuote(dest)} are the same file\n`);
              status = 1;
              continue;
            }
          }
          sys.unlink(dest);
          make();
        }
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        let msg: string;
        if (symbolic) msg = source ? `failed to create symbolic link ${shellQuote(dest)}` : `failed to create symbolic link ${shellQuote(dest)} -> ${shellQuote(source)}`;
        else msg = ['EEXIST', 'ENOSPC', 'EROFS'].includes(e.code) ? `failed to create hard link ${shellQuote(dest)}` : `failed to create hard link ${shellQuote(dest)} => ${shellQuote(source)}`;
        await sys.err(`${prog}: ${msg}: ${errText(symbolic && !source ? new SysError('ENOENT') : e)}\n`);
        status = 1;
        continue;
      }
      if (o.has('v')) await sys.out(`${shellQuote(dest)} ${symbolic ? '->' : '=>'} ${shellQuote(symbolic ? target : source)}\n`);
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: ln [OPTION]... [-T] TARGET LINK_NAME
  or:  ln [OPTION]... TARGET
  or:  ln [OPTION]... TARGET... DIRECTORY
  or:  ln [OPTION]... -t DIRECTORY TARGET...
In the 1st form, create a link to TARGET with the name LINK_NAME.
In the 2nd form, create a link to TARGET in the current directory.
In the 3rd and 4th forms, create links to each TARGET in DIRECTORY.
Create hard links by default, symbolic links with --symbolic.
By default, each destination (name of new link) should not already exist.
When creating hard links, each TARGET must exist.  Symbolic links
can hold arbitrary text; if later resolved, a relative link is
interpreted in relation to its parent directory.

Mandatory arguments to long options are mandatory for short options too.
      --backup[=CONTROL]      make a backup of each existing destination file
  -b                          like --backup but does not accept an argument
  -d, -F, --directory         allow the superuser to attempt to hard link
                                directories (note: will probably fail due to
                                system restrictions, even for the superuser)
  -f, --force                 remove existing destination files
  -i, --interactive           prompt whether to remove destinations
  -L, --logical               dereference TARGETs that are symbolic links
  -n, --no-dereference        treat LINK_NAME as a normal file if
                                it is a symbolic link to a directory
  -P, --physical              make hard links directly to symbolic links
  -r, --relative              with -s, create links relative to link location
  -s, --symbolic              make symbolic links instead of hard links
  -S, --suffix=SUFFIX         override the usual backup suffix
  -t, --target-directory=DIRECTORY  specify the DIRECTORY in which to create
                                the links
  -T, --no-target-directory   treat LINK_NAME as a normal file always
  -v, --verbose               print name of each linked file
      --help        display this help and exit
      --version     output version information and exit

The backup suffix is '~', unless set with --suffix or SIMPLE_BACKUP_SUFFIX.
The version control method may be selected via the --backup option or through
the VERSION_CONTROL environment variable.  Here are the values:

  none, off       never make backups (even if --backup is given)
  numbered, t     make numbered backups
  existing, nil   numbered if numbered backups exist, simple otherwise
  simple, never   always make simple backups

Using -s ignores -L and -P.  Otherwise, the last option specified controls
behavior when a TARGET is a symbolic link, defaulting to -P.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/ln>
or available locally via: info '(coreutils) ln invocation'
`;
const VERSION_TEXT = `ln (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Mike Parker and David MacKenzie.
`;
