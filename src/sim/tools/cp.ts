// cp(1) of coreutils: copies files, or into a directory; -r/-R copies directories recursively (symbolic
// links inside are copied as links, as GNU's -R does), -p keeps mode and times, -a is -dR --preserve=all,
// -n never overwrites, -u only when newer, -f removes a destination it cannot open, -v reports each copy.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import type { Stat } from '../fs/inode.ts';
import { O_CREAT, O_RDONLY, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import { UsageError, errText, getopt, shellQuote, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'adfHiLnPprRsTuvlx',
  withArg: 'tS',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    archive: { key: 'a' }, 'no-dereference': { key: 'P' }, dereference: { key: 'L' }, force: { key: 'f' },
    interactive: { key: 'i' }, 'no-clobber': { key: 'n' }, recursive: { key: 'r' }, 'target-directory': { key: 't', arg: true },
    'no-target-directory': { key: 'T' }, update: { key: 'u', arg: 'optional' as const }, verbose: { key: 'v' },
    preserve: { key: 'preserve', arg: 'optional' as const }, 'no-preserve': { key: 'no-preserve', arg: true },
    'one-file-system': { key: 'x' }, 'symbolic-link': { key: 's' }, link: { key: 'l' }, suffix: { key: 'S', arg: true },
    'remove-destination': { key: 'remove-destination' }, parents: { key: 'parents' }, sparse: { key: 'sparse', arg: true },
    'strip-trailing-slashes': { key: 'strip' }, reflink: { key: 'reflink', arg: 'optional' as const },
  },
};

const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFLNK = 0o120000;
const isDir = (st: Stat) => (st.mode & S_IFMT) === S_IFDIR;

function tryStat(sys: Sys, path: string, follow = true): Stat | undefined {
  try { return follow ? sys.stat(path) : sys.lstat(path); } catch (e) { if (e instanceof SysError) return undefined; throw e; }
}

export function joinPath(dir: string, name: string) { return dir.endsWith('/') ? dir + name : `${dir}/${name}`; }
export function baseName(p: string) { const t = p.replace(/\/+$/, ''); return t.slice(t.lastIndexOf('/') + 1) || t || '/'; }

/** Where the operands go: [source, destination] pairs, or a usage error, as cp and mv decide it. */
export function planTargets(sys: Sys, prog: string, operands: string[], targetDir: string | undefined, noTargetDir: boolean): [string, string][] | string {
  if (targetDir !== undefined) {
    const st = tryStat(sys, targetDir);
    if (!st) return `${prog}: target directory ${shellQuote(targetDir)}: No such file or directory`;
    if (!isDir(st)) return `${prog}: target directory ${shellQuote(targetDir)}: Not a directory`;
    if (!operands.length) throw new UsageError(`${prog}: missing file operand`);
    return operands.map((s) => [s, joinPath(targetDir, baseName(s))]);
  }
  if (!operands.length) throw new UsageError(`${prog}: missing file operand`);
  if (operands.length === 1) throw new UsageError(`${prog}: missing destination file operand after ${shellQuote(operands[0]!)}`);
  const dest = operands[operands.length - 1]!;
  const sources = operands.slice(0, -1);
  if (noTargetDir) {
    if (sources.length > 1) throw new UsageError(`${prog}: extra operand ${shellQuote(operands[2]!)}`);
    return [[sources[0]!, dest]];
  }
  const st = tryStat(sys, dest);
  if (sources.length > 1) {
    if (!st) {
      let why = 'No such file or directory';
      try { sys.stat(dest); } catch (e) { why = errText(e); }
      return `${prog}: target ${shellQuote(dest)}: ${why}`;
    }
    if (!isDir(st)) return `${prog}: target ${shellQuote(dest)}: Not a directory`;
  }
  if (st && isDir(st)) return sources.map((s) => [s, joinPath(dest, baseName(s))]);
  return [[sources[0]!, dest]];
}

export default async function cp(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'cp';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'cp')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    const archive = o.has('a');
    const recursive = archive || o.has('r') || o.has('R');
    // Symbolic links: -L follows all, -P none, -H command-line ones; -R and -d default to -P, plain cp to -L.
    let deref: 'always' | 'never' | 'command-line' = recursive || o.has('d') ? 'never' : 'always';
    for (const [k] of o.list) {
      if (k === 'L') deref = 'always';
      else if (k === 'P' || k === 'd' || k === 'a') deref = 'never';
      else if (k === 'H') deref = 'command-line';
    }
    const pres = o.get('preserve');
    const preserve = archive || o.has('p') || (o.has('preserve') && (pres === undefined || /mode|timestamps|all/.test(pres)));
    const verbose = o.has('v');
    let noClobber = false;
    for (const [k] of o.list) { if (k === 'n') noClobber = true; else if (k === 'f' || k === 'i') noClobber = false; }
    const umask = sys.umask();

    const plan = planTargets(sys, prog, o.operands, o.get('t'), o.has('T'));
    if (typeof plan === 'string') { await sys.err(plan + '\n'); return 1; }
    let status = 0;
    const report = async (msg: string) => { await sys.err(`${prog}: ${msg}\n`); status = 1; };

    const keepAttributes = (dst: string, st: Stat) => {
      try { sys.chmod(dst, st.mode & 0o7777); } catch { /* as GNU: not fatal for ownership-like failures */ }
      try { sys.utimes(dst, st.atimeMs, st.mtimeMs); } catch { /* idem */ }
    };

    const copyFile = async (src: string, dst: string, st: Stat) => {
      const dstSt = tryStat(sys, dst);
      if (dstSt) {
        if (dstSt.ino === st.ino && dstSt.dev === st.dev) { await report(`${shellQuote(src)} and ${shellQuote(dst)} are the same file`); return; }
        if (isDir(dstSt)) { await report(`cannot overwrite directory ${shellQuote(dst)} with non-directory`); return; }
        if (noClobber) return;
        if (o.has('u') && dstSt.mtimeMs >= st.mtimeMs) return;
      } else if (dst.endsWith('/')) {
        await report(`cannot create regular file ${shellQuote(dst)}: Not a directory`);
        return;
      }
      let inFd: number;
      try { inFd = sys.open(src, O_RDONLY); } catch (e) { await report(`cannot open ${shellQuote(src)} for reading: ${errText(e)}`); return; }
      try {
        let outFd: number;
        const open = () => sys.open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.mode & 0o777);
        try { outFd = open(); } catch (e) {
          if (!(e instanceof SysError) || !dstSt || !(o.has('f') || o.has('remove-destination'))) {
            await report(`cannot create regular file ${shellQuote(dst)}: ${errText(e)}`);
            return;
          }
          // -f: remove the destination it could not open and try again.
          try { sys.unlink(dst); outFd = open(); } catch (e2) { await report(`cannot create regular file ${shellQuote(dst)}: ${errText(e2)}`); return; }
        }
        try {
          for (;;) {
            const chunk = await sys.read(inFd, 1 << 20);
            if (!chunk.length) break;
            await sys.write(outFd, chunk);
          }
        } catch (e) {
          if (!(e instanceof SysError)) throw e;
          await report(`error reading ${shellQuote(src)}: ${errText(e)}`);
          return;
        } finally { sys.close(outFd); }
        if (verbose) await sys.out(`${shellQuote(src)} -> ${shellQuote(dst)}\n`);
        if (preserve) keepAttributes(dst, st);
      } finally { sys.close(inFd); }
    };

    const copy = async (src: string, dst: string, top: boolean) => {
      const follow = deref === 'always' || (deref === 'command-line' && top);
      let st: Stat;
      try { st = follow ? sys.stat(src) : sys.lstat(src); } catch (e) { await report(`cannot stat ${shellQuote(src)}: ${errText(e)}`); return; }
      if (isDir(st)) {
        if (!recursive) { await report(`-r not specified; omitting directory ${shellQuote(src)}`); return; }
        // No copying a directory into itself (GNU compares the resolved names).
        const real = sys.realpath(src);
        let dstReal: string;
        try { dstReal = sys.realpath(dst); } catch {
          const parent = dst.replace(/\/+$/, '').replace(/[^/]*$/, '') || '.';
          try { dstReal = joinPath(sys.realpath(parent), baseName(dst)); } catch { dstReal = dst; }
        }
        if (dstReal === real || dstReal.startsWith(real === '/' ? '/' : real + '/')) {
          await report(`cannot copy a directory, ${shellQuote(src)}, into itself, ${shellQuote(dst)}`);
          return;
        }
        const dstSt = tryStat(sys, dst);
        if (dstSt && !isDir(dstSt)) { await report(`cannot overwrite non-directory ${shellQuote(dst)} with directory ${shellQuote(src)}`); return; }
        if (!dstSt) {
          try { sys.mkdir(dst, (st.mode & 0o777) | 0o700); } catch (e) { await report(`cannot create directory ${shellQuote(dst)}: ${errText(e)}`); return; }
          if (verbose) await sys.out(`${shellQuote(src)} -> ${shellQuote(dst)}\n`);
        }
        let names: string[];
        try { names = sys.readdir(src); } catch (e) { await report(`cannot access ${shellQuote(src)}: ${errText(e)}`); return; }
        for (const n of names) await copy(joinPath(src, n), joinPath(dst, n), false);
        // A new directory ends with the source's permissions less the umask (exactly them with -p).
        if (preserve) keepAttributes(dst, st);
        else if (!dstSt) try { sys.chmod(dst, st.mode & 0o777 & ~umask); } catch { /* not ours */ }
        return;
      }
      if ((st.mode & S_IFMT) === S_IFLNK) {
        const dstSt = tryStat(sys, dst, false);
        if (dstSt) {
          if (noClobber) return;
          if (isDir(dstSt)) { await report(`cannot overwrite directory ${shellQuote(dst)} with non-directory`); return; }
          try { sys.unlink(dst); } catch (e) { await report(`cannot remove ${shellQuote(dst)}: ${errText(e)}`); return; }
        }
        try { sys.symlink(sys.readlink(src), dst); } catch (e) { await report(`cannot create symbolic link ${shellQuote(dst)}: ${errText(e)}`); return; }
        if (verbose) await sys.out(`${shellQuote(src)} -> ${shellQuote(dst)}\n`);
        return;
      }
      await copyFile(src, dst, st);
    };

    for (const [src, dst] of plan) await copy(src, dst, true);
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: cp [OPTION]... [-T] SOURCE DEST
  or:  cp [OPTION]... SOURCE... DIRECTORY
  or:  cp [OPTION]... -t DIRECTORY SOURCE...
Copy SOURCE to DEST, or multiple SOURCE(s) to DIRECTORY.

Mandatory arguments to long options are mandatory for short options too.
  -a, --archive                same as -dR --preserve=all
      --attributes-only        don't copy the file data, just the attributes
      --backup[=CONTROL]       make a backup of each existing destination file
  -b                           like --backup but does not accept an argument
      --copy-contents          copy contents of special files when recursive
  -d                           same as --no-dereference --preserve=links
  -f, --force                  if an existing destination file cannot be
                                 opened, remove it and try again (this option
                                 is ignored when the -n option is also used)
  -i, --interactive            prompt before overwrite (overrides a previous -n
                                  option)
  -H                           follow command-line symbolic links in SOURCE
  -l, --link                   hard link files instead of copying
  -L, --dereference            always follow symbolic links in SOURCE
  -n, --no-clobber             do not overwrite an existing file (overrides
                                 a previous -i option)
  -P, --no-dereference         never follow symbolic links in SOURCE
  -p                           same as --preserve=mode,ownership,timestamps
      --preserve[=ATTR_LIST]   preserve the specified attributes (default:
                                 mode,ownership,timestamps), if possible
                                 additional attributes: context, links, xattr,
                                 all
      --no-preserve=ATTR_LIST  don't preserve the specified attributes
      --parents                use full source file name under DIRECTORY
  -R, -r, --recursive          copy directories recursively
      --reflink[=WHEN]         control clone/CoW copies. See below
      --remove-destination     remove each existing destination file before
                                 attempting to open it (contrast with --force)
      --sparse=WHEN            control creation of sparse files. See below
      --strip-trailing-slashes  remove any trailing slashes from each SOURCE
                                 argument
  -s, --symbolic-link          make symbolic links instead of copying
  -S, --suffix=SUFFIX          override the usual backup suffix
  -t, --target-directory=DIRECTORY  copy all SOURCE arguments into DIRECTORY
  -T, --no-target-directory    treat DEST as a normal file
  -u, --update                 copy only when the SOURCE file is newer
                                 than the destination file or when the
                                 destination file is missing
  -v, --verbose                explain what is being done
  -x, --one-file-system        stay on this file system
  -Z                           set SELinux security context of destination
                                 file to default type
      --context[=CTX]          like -Z, or if CTX is specified then set the
                                 SELinux or SMACK security context to CTX
      --help        display this help and exit
      --version     output version information and exit

By default, sparse SOURCE files are detected by a crude heuristic and the
corresponding DEST file is made sparse as well.  That is the behavior
selected by --sparse=auto.  Specify --sparse=always to create a sparse DEST
file whenever the SOURCE file contains a long enough sequence of zero bytes.
Use --sparse=never to inhibit creation of sparse files.

When --reflink[=always] is specified, perform a lightweight copy, where the
data blocks are copied only when modified.  If this is not possible the copy
fails, or if --reflink=auto is specified, fall back to a standard copy.
Use --reflink=never to ensure a standard copy is performed.

The backup suffix is '~', unless set with --suffix or SIMPLE_BACKUP_SUFFIX.
The version control method may be selected via the --backup option or through
the VERSION_CONTROL environment variable.  Here are the values:

  none, off       never make backups (even if --backup is given)
  numbered, t     make numbered backups
  existing, nil   numbered if numbered backups exist, simple otherwise
  simple, never   always make simple backups

As a special case, cp makes a backup of SOURCE when the force and backup
options are given and SOURCE and DEST are the same name for an existing,
regular file.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/cp>
or available locally via: info '(coreutils) cp invocation'
`;
const VERSION_TEXT = `cp (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Torbjorn Granlund, David MacKenzie, and Jim Meyering.
`;
