// chmod(1) of coreutils: octal or symbolic modes (u+x, go-w, a=r, +x under the umask, X, s, t, u=g copies),
// several files, -R (symbolic links met inside the tree are left alone), -v / -c reports, -f quiet,
// --reference. Like GNU, options such as -w that look like modes are taken as the mode.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, adjustMode, compileMode, errText, getopt, permString, quoteLocale, shellQuote, withUsage, quoteIfNeeded, type CompiledMode, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'cfvR',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    changes: { key: 'c' }, silent: { key: 'f' }, quiet: { key: 'f' }, verbose: { key: 'v' }, recursive: { key: 'R' },
    reference: { key: 'reference', arg: true }, 'no-preserve-root': { key: 'npr' }, 'preserve-root': { key: 'pr' },
  },
};

const octal = (m: number) => (m & 0o7777).toString(8).padStart(4, '0');

export default async function chmod(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'chmod';
  return withUsage(sys, prog, async () => {
    // "-w", "-rwx", "-644"... are modes, not options (chmod's getopt string lists them for this reason).
    const args = sys.argv.slice(1);
    let modeArg: string | undefined;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') { rest.push(...args.slice(i)); break; }
      if (/^-[rwxXstugoa,+=0-7]/.test(a) && !/^-[cfvR]+$/.test(a)) { modeArg = modeArg === undefined ? a : `${modeArg},${a}`; continue; }
      rest.push(a);
    }
    const o = getopt(prog, rest, OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'chmod')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    const operands = [...o.operands];
    const ref = o.get('reference');
    let spec = modeArg;
    if (ref === undefined && spec === undefined) {
      if (!operands.length) throw new UsageError(`${prog}: missing operand`);
      spec = operands.shift();
    }
    if (!operands.length) {
      throw new UsageError(spec !== undefined && ref === undefined ? `${prog}: missing operand after ${quoteLocale(spec)}` : `${prog}: missing operand`);
    }
    let fixed: number | undefined;
    let compiled: CompiledMode | undefined;
    if (ref !== undefined) {
      try { fixed = sys.stat(ref).mode & 0o7777; } catch (e) {
        await sys.err(`${prog}: failed to get attributes of ${shellQuote(ref)}: ${errText(e)}\n`);
        return 1;
      }
    } else {
      compiled = compileMode(spec!);
      if (!compiled) throw new UsageError(`${prog}: invalid mode: ${quoteLocale(spec!)}`);
    }
    const verbose = o.has('v'), changes = o.has('c'), quiet = o.has('f');
    const umask = sys.umask();
    let status = 0;

    const one = async (path: string, top: boolean) => {
      let lst;
      try { lst = sys.lstat(path); } catch (e) {
        if (!quiet) await sys.err(`${prog}: cannot access ${shellQuote(path)}: ${errText(e)}\n`);
        status = 1;
        return;
      }
      if ((lst.mode & 0o170000) === 0o120000) {
        if (!top) {
          // Inside -R, GNU neither follows nor changes symbolic links.
          if (verbose) await sys.out(`neither symbolic link ${shellQuote(path)} nor referent has been changed\n`);
          return;
        }
      }
      let st;
      try { st = sys.stat(path); } catch (e) {
        if (!(e instanceof SysError)) throw e;
        if (e.code === 'ENOENT' && top) {
          if (!quiet) await sys.err(`${prog}: cannot operate on dangling symlink ${shellQuote(path)}\n`);
        } else if (!quiet) await sys.err(`${prog}: cannot access ${shellQuote(path)}: ${errText(e)}\n`);
        if (verbose) await sys.out(`${shellQuote(path)} could not be accessed\n`);
        status = 1;
        return;
      }
      const isDir = (st.mode & 0o170000) === 0o040000;
      const old = st.mode & 0o7777;
      const next = fixed ?? adjustMode(old, isDir, umask, compiled!);
      let failed = false;
      if (next !== old) {
        try { sys.chmod(path, next); } catch (e) {
          if (!quiet) await sys.err(`${prog}: changing permissions of ${shellQuote(path)}: ${errText(e)}\n`);
          status = 1;
          failed = true;
        }
      }
      if (!failed && (verbose || (changes && next !== old))) {
        await sys.out(next !== old
          ? `mode of ${shellQuote(path)} changed from ${octal(old)} (${permString(old)}) to ${octal(next)} (${permString(next)})\n`
          : `mode of ${shellQuote(path)} retained as ${octal(old)} (${permString(old)})\n`);
      }
      if (failed && verbose) {
        await sys.out(`failed to change mode of ${shellQuote(path)} from ${octal(old)} (${permString(old)}) to ${octal(next)} (${permString(next)})\n`);
      }
      // Symbolic modes without "who" obey the umask; say so when that left a bit the user asked to change.
      if (!failed && compiled?.usesUmask) {
        const naive = adjustMode(old, isDir, 0, compiled);
        if (next & ~naive & 0o7777) {
          await sys.err(`${prog}: ${quoteIfNeeded(path)}: new permissions are ${permString(next)}, not ${permString(naive)}\n`);
          status = 1;
        }
      }
      if (o.has('R') && isDir && (lst.mode & 0o170000) !== 0o120000) {
        let names: string[];
        try { names = sys.readdir(path); } catch (e) {
          if (!quiet) await sys.err(`${prog}: cannot read directory ${shellQuote(path)}: ${errText(e)}\n`);
          status = 1;
          return;
        }
        for (const n of names) await one(path.endsWith('/') ? path + n : `${path}/${n}`, false);
      }
    };
    for (const path of operands) await one(path, true);
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: chmod [OPTION]... MODE[,MODE]... FILE...
  or:  chmod [OPTION]... OCTAL-MODE FILE...
  or:  chmod [OPTION]... --reference=RFILE FILE...
Change the mode of each FILE to MODE.
With --reference, change the mode of each FILE to that of RFILE.

  -c, --changes          like verbose but report only when a change is made
  -f, --silent, --quiet  suppress most error messages
  -v, --verbose          output a diagnostic for every file processed
      --no-preserve-root  do not treat '/' specially (the default)
      --preserve-root    fail to operate recursively on '/'
      --reference=RFILE  use RFILE's mode instead of MODE values
  -R, --recursive        change files and directories recursively
      --help        display this help and exit
      --version     output version information and exit

Each MODE is of the form '[ugoa]*([-+=]([rwxXst]*|[ugo]))+|[-+=][0-7]+'.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/chmod>
or available locally via: info '(coreutils) chmod invocation'
`;
const VERSION_TEXT = `chmod (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by David MacKenzie and Jim Meyering.
`;
