// rm(1) of coreutils: unlink files; -r/-R removes directories depth first, -d empty directories, -f ignores
// missing files and never prompts, -v reports each removal. Refuses "/" with -r (--preserve-root) and "."
// or ".." as operands. Without -f, removing a write-protected file from a terminal asks first, as GNU does.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { LineReader, UsageError, errText, getopt, shellQuote, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'dfiIrRv',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    force: { key: 'f' }, recursive: { key: 'r' }, dir: { key: 'd' }, verbose: { key: 'v' },
    interactive: { key: 'interactive', arg: 'optional' as const }, 'one-file-system': { key: 'one-file-system' },
    'no-preserve-root': { key: 'no-preserve-root' }, 'preserve-root': { key: 'preserve-root', arg: 'optional' as const },
  },
};

const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFLNK = 0o120000;

function kindName(mode: number, size: number): string {
  switch (mode & S_IFMT) {
    case S_IFDIR: return 'directory';
    case S_IFLNK: return 'symbolic link';
    case 0o020000: return 'character special file';
    case 0o010000: return 'fifo';
    default: return size === 0 ? 'regular empty file' : 'regular file';
  }
}

export default async function rm(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'rm';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'rm')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    // The last of -f / -i / -I wins.
    let force = false, interactive = false;
    for (const [k] of o.list) {
      if (k === 'f') { force = true; interactive = false; }
      if (k === 'i' || k === 'interactive') { interactive = true; force = false; }
    }
    const recursive = o.has('r') || o.has('R');
    const verbose = o.has('v');
    if (!o.operands.length) {
      if (force) return 0;
      throw new UsageError(`${prog}: missing operand`);
    }
    const tty = sys.isatty(0);
    let answers: LineReader | undefined;
    const ask = async (question: string): Promise<boolean> => {
      await sys.err(`${prog}: ${question}? `);
      answers ??= new LineReader(sys, 0);
      const line = (await answers.next()) ?? '';
      return /^[yY]/.test(line);
    };
    let status = 0;
    const fail = async (path: string, e: unknown) => {
      await sys.err(`${prog}: cannot remove ${shellQuote(path)}: ${errText(e)}\n`);
      status = 1;
    };
    const writable = (path: string) => { try { sys.access(path, 2); return true; } catch { return false; } };

    /** Removes one path; returns false when something under it failed (its parent then stays). */
    const remove = async (path: string): Promise<boolean> => {
      let st;
      try { st = sys.lstat(path); } catch (e) {
        if (force && e instanceof SysError && e.code === 'ENOENT') return true;
        await fail(path, e);
        return false;
      }
      const isDir = (st.mode & S_IFMT) === S_IFDIR;
      if (isDir) {
        if (!recursive && !o.has('d')) { await fail(path, new SysError('EISDIR')); return false; }
        if (recursive) {
          let names: string[];
          try { names = sys.readdir(path); } catch (e) {
            // An unreadable directory may still be removable when empty.
            try { sys.rmdir(path); if (verbose) await sys.out(`removed directory ${shellQuote(path)}\n`); return true; } catch { /* report the read error */ }
            await fail(path, e);
            return false;
          }
          if (interactive && names.length && !(await ask(`descend into directory ${shellQuote(path)}`))) return false;
          let ok = true;
          for (const n of names) if (!(await remove(path.endsWith('/') ? path + n : `${path}/${n}`))) ok = false;
          if (!ok) return false;
        }
        if (interactive && !(await ask(`remove directory ${shellQuote(path)}`))) return true;
        try { sys.rmdir(path); } catch (e) { await fail(path, e); return false; }
        if (verbose) await sys.out(`removed directory ${shellQuote(path)}\n`);
        return true;
      }
      const isLink = (st.mode & S_IFMT) === S_IFLNK;
      if (interactive || (!force && tty && !isLink && !writable(path))) {
        const what = !interactive || !writable(path) && !isLink ? `write-protected ${kindName(st.mode, st.size)}` : kindName(st.mode, st.size);
        if (!(await ask(`remove ${what} ${shellQuote(path)}`))) return true;
      }
      try { sys.unlink(path); } catch (e) { await fail(path, e); return false; }
      if (verbose) await sys.out(`removed ${shellQuote(path)}\n`);
      return true;
    };

    for (const path of o.operands) {
      const base = path.replace(/\/+$/, '').split('/').pop();
      if (base === '.' || base === '..') {
        await sys.err(`${prog}: refusing to remove '.' or '..' directory: skipping ${shellQuote(path)}\n`);
        status = 1;
        continue;
      }
      if (recursive && !o.has('no-preserve-root')) {
        let isRoot = false;
        try { isRoot = sys.realpath(path) === '/'; } catch { /* missing: not the root */ }
        if (isRoot) {
          await sys.err(path === '/' ? `${prog}: it is dangerous to operate recursively on '/'\n${prog}: use --no-preserve-root to override this failsafe\n`
            : `${prog}: it is dangerous to operate recursively on ${shellQuote(path)} (same as '/')\n${prog}: use --no-preserve-root to override this failsafe\n`);
          status = 1;
          continue;
        }
      }
      await remove(path);
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: rm [OPTION]... [FILE]...
Remove (unlink) the FILE(s).

  -f, --force           ignore nonexistent files and arguments, never prompt
  -i                    prompt before every removal
  -I                    prompt once before removing more than three files, or
                          when removing recursively; less intrusive than -i,
                          while still giving protection against most mistakes
      --interactive[=WHEN]  prompt according to WHEN: never, once (-I), or
                          always (-i); without WHEN, prompt always
      --one-file-system  when removing a hierarchy recursively, skip any
                          directory that is on a file system different from
                          that of the corresponding command line argument
      --no-preserve-root  do not treat '/' specially
      --preserve-root[=all]  do not remove '/' (default);
                              with 'all', reject any command line argument
                              on a separate device from its parent
  -r, -R, --recursive   remove directories and their contents recursively
  -d, --dir             remove empty directories
  -v, --verbose         explain what is being done
      --help        display this help and exit
      --version     output version information and exit

By default, rm does not remove directories.  Use the --recursive (-r or -R)
option to remove each listed directory, too, along with all of its contents.

To remove a file whose name starts with a '-', for example '-foo',
use one of these commands:
  rm -- -foo

  rm ./-foo

Note that if you use rm to remove a file, it might be possible to recover
some of its contents, given sufficient expertise and/or time.  For greater
assurance that the contents are truly unrecoverable, consider using shred(1).

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/rm>
or available locally via: info '(coreutils) rm invocation'
`;
const VERSION_TEXT = `rm (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Paul Rubin, David MacKenzie, Richard M. Stallman,
and Jim Meyering.
`;
