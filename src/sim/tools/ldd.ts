// ldd(1), glibc 2.36's script: for each file, ask the dynamic loader. A dynamically linked program is run as
// `ld.so PROGRAM` with LD_TRACE_LOADED_OBJECTS=1, so the machine's loader maps it and its libraries exactly
// as it would to run it, lists them with their load addresses and exits before the program starts
// (src/sim/loader/load.ts); its output (stdout and stderr together) is copied out. Anything ld.so --verify
// refuses (static programs, scripts, data) is "not a dynamic executable".
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import { WEXITSTATUS } from '../kernel/signals.ts';

const VERSION = 'ldd (Debian GLIBC 2.36-9+deb12u14) 2.36\n' +
  'Copyright (C) 2022 Free Software Foundation, Inc.\n' +
  'This is free software; see the source for copying conditions.  There is NO\n' +
  'warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n' +
  'Written by Roland McGrath and Ulrich Drepper.\n';

const HELP = 'Usage: ldd [OPTION]... FILE...\n' +
  '      --help              print this help and exit\n' +
  '      --version           print version information and exit\n' +
  '  -d, --data-relocs       process data relocations\n' +
  '  -r, --function-relocs   process data and function relocations\n' +
  '  -u, --unused            print unused direct dependencies\n' +
  '  -v, --verbose           print all information\n' +
  '\n' +
  'For bug reporting instructions, please see:\n<http://www.debian.org/Bugs/>.\n';

const TRY = "Try `ldd --help' for more information.\n";

export default async function ldd(sys: Sys): Promise<number> {
  const args = sys.argv.slice(1);
  let warn = '', bindNow = '', verbose = '';
  while (args.length) {
    const a = args[0]!;
    const long = (full: string, min: number) => a.startsWith('--') && a.length >= min && full.startsWith(a);
    if (long('--version', 6)) { await sys.write(1, VERSION); return 0; }
    if (long('--help', 3)) { await sys.write(1, HELP); return 0; }
    if (a === '-d' || long('--data-relocs', 3)) { warn = 'yes'; args.shift(); continue; }
    if (a === '-r' || long('--function-relocs', 3)) { warn = 'yes'; bindNow = 'yes'; args.shift(); continue; }
    if (a === '-v' || long('--verbose', 6)) { verbose = 'yes'; args.shift(); continue; }
    if (a === '-u' || long('--unused', 3)) { args.shift(); continue; }
    if (a === '--v' || a === '--ve' || a === '--ver') { await sys.write(2, `ldd: option \`${a}' is ambiguous\n`); return 1; }
    if (a === '--') { args.shift(); break; }
    if (a.startsWith('-')) { await sys.write(2, `ldd: unrecognized option \`${a}'\n${TRY}`); return 1; }
    break;
  }
  if (!args.length) { await sys.write(2, `ldd: missing file arguments\n${TRY}`); return 1; }
  const single = args.length === 1;
  const rtld = '/lib64/ld-linux-x86-64.so.2';
  let result = 0;
  for (const arg of args) {
    if (!single) await sys.write(1, `${arg}:\n`);
    const file = arg.includes('/') ? arg : `./${arg}`;
    let st;
    try { st = sys.stat(file); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sys.write(2, `ldd: ${file}: No such file or directory\n`);
      result = 1;
      continue;
    }
    if ((st.mode & 0o170000) !== 0o100000) { await sys.write(2, `ldd: ${file}: not regular file\n`); result = 1; continue; }
    try { sys.access(file, 4); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sys.write(2, `ldd: error: you do not have read permission for \`${file}'\n`);
      result = 1;
      continue;
    }
    // ld.so --verify: 0 for a dynamically linked ELF program, 1 for anything it cannot load.
    let elf;
    try { elf = sys.readElf(file); } catch (e) { if (!(e instanceof SysError)) throw e; }
    if (!elf || (!elf.interp && !elf.soname)) { await sys.write(2, '\tnot a dynamic executable\n'); result = 1; continue; }
    if (elf.soname) {
      // ld.so would load the library as its main program; the machine's loader only starts programs.
      await sys.write(2, `ldd: ${file}: listing the dependencies of a shared library is not supported on this machine\n`);
      result = 1;
      continue;
    }
    const env = [...sys.environ.filter((e) => !/^LD_(TRACE_LOADED_OBJECTS|WARN|BIND_NOW|LIBRARY_VERSION|VERBOSE)=/.test(e)),
      'LD_TRACE_LOADED_OBJECTS=1', `LD_WARN=${warn}`, `LD_BIND_NOW=${bindNow}`, 'LD_LIBRARY_VERSION=', `LD_VERBOSE=${verbose}`];
    const [r, w] = sys.pipe();
    let pid: number;
    try {
      pid = await sys.spawn(file, { argv: [rtld, file], env, fds: { 0: 0, 1: w, 2: w } });
    } catch (e) {
      sys.close(r); sys.close(w);
      if (!(e instanceof SysError)) throw e;
      await sys.write(2, `ldd: ${file}: ${strerror(e.code)}\n`);
      result = 1;
      continue;
    }
    sys.close(w);
    const out = await sys.readAll(r);
    sys.close(r);
    const status = await sys.waitpid(pid);
    if (out.length) await sys.write(1, out);
    if (!status || WEXITSTATUS(status.status) !== 0 || (status.status & 0x7f)) result = 1;
  }
  return result;
}
