// readlink(1) of coreutils: a symbolic link's target; -f canonicalizes (every component but the last must
// exist), -e (all must exist), -m (none need to); -n no newline, -z NUL ends, -v explains failures, -q/-s
// stay quiet. Fails silently (status 1) on a non-link, as GNU does without -v.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, errText, getopt, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'femnqsvz',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    canonicalize: { key: 'f' }, 'canonicalize-existing': { key: 'e' }, 'canonicalize-missing': { key: 'm' },
    'no-newline': { key: 'n' }, quiet: { key: 'q' }, silent: { key: 's' }, verbose: { key: 'v' }, zero: { key: 'z' },
  },
};

/** canonicalize_filename_mode(): resolves every symbolic link, '.' and '..' by walking the name. */
export function canonicalize(sys: Sys, path: string, mode: 'e' | 'f' | 'm'): string {
  const queue = (path.startsWith('/') ? path : `${sys.getcwd()}/${path}`).split('/');
  const out: string[] = [];
  let links = 0;
  while (queue.length) {
    const c = queue.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') { out.pop(); continue; }
    const cand = '/' + [...out, c].join('/');
    let st;
    try { st = sys.lstat(cand); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      const last = queue.every((q) => q === '' || q === '.');
      if (mode === 'm' || (mode === 'f' && last && e.code === 'ENOENT')) { out.push(c); continue; }
      throw e;
    }
    if ((st.mode & 0o170000) === 0o120000) {
      if (++links > 40) throw new SysError('ELOOP');
      const target = sys.readlink(cand);
      if (target.startsWith('/')) out.length = 0;
      queue.unshift(...target.split('/'));
      continue;
    }
    if ((st.mode & 0o170000) !== 0o040000 && queue.some((q) => q !== '' && q !== '.') && mode !== 'm') throw new SysError('ENOTDIR');
    out.push(c);
  }
  return '/' + out.join('/');
}

export default async function readlink(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'readlink';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'readlink')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (!o.operands.length) throw new UsageError(`${prog}: missing operand`);
    let mode: 'e' | 'f' | 'm' | undefined;
    for (const [k] of o.list) if (k === 'e' || k === 'f' || k === 'm') mode = k;
    let verbose = false;
    for (const [k] of o.list) { if (k === 'v') verbose = true; else if (k === 'q' || k === 's') verbose = false; }
    const noNewline = o.has('n') && o.operands.length === 1;
    if (o.has('n') && o.operands.length > 1 && verbose) await sys.err(`${prog}: ignoring --no-newline with multiple arguments\n`);
    const end = o.has('z') ? '\0' : noNewline ? '' : '\n';
    let status = 0;
    for (const name of o.operands) {
      try {
        const v = mode ? canonicalize(sys, name, mode) : sys.readlink(name);
        await sys.out(v + end);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (verbose) await sys.err(`${prog}: ${name}: ${errText(e)}\n`);
        status = 1;
      }
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: readlink [OPTION]... FILE...
Print value of a symbolic link or canonical file name

  -f, --canonicalize            canonicalize by following every symlink in
                                every component of the given name recursively;
                                all but the last component must exist
  -e, --canonicalize-existing   canonicalize by following every symlink in
                                every component of the given name recursively,
                                all components must exist
  -m, --canonicalize-missing    canonicalize by following every symlink in
                                every component of the given name recursively,
                                without requirements on components existence
  -n, --no-newline              do not output the trailing delimiter
  -q, --quiet
  -s, --silent                  suppress most error messages (on by default)
  -v, --verbose                 report error messages
  -z, --zero                    end each output line with NUL, not newline
      --help        display this help and exit
      --version     output version information and exit

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/readlink>
or available locally via: info '(coreutils) readlink invocation'
`;
const VERSION_TEXT = `readlink (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Dmitry V. Levin.
`;
