// setarch(8) of util-linux 2.38.1 (also installed as linux64 and x86_64): sets personality(2) flags — -R,
// ADDR_NO_RANDOMIZE, is the one the chapter uses to switch ASLR off for one program — then executes the
// program (execvp's PATH search), or /bin/sh as "-sh" when none is given. The flags are inherited by the
// program's children, as Linux keeps the personality across fork and exec.
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import { findInPath } from './lib.ts';

const ARCHES = ['uname26', 'linux32', 'linux64', 'i386', 'i486', 'i586', 'i686', 'athlon', 'x86_64'];
const PER_LINUX32 = 0x0008, UNAME26 = 0x0020000;

/** Options that turn a flag on: short, long, flag value, flag name (as -v prints it). */
const FLAGS: [string, string, number, string][] = [
  ['B', '32bit', 0x0800000, 'ADDR_LIMIT_32BIT'],
  ['F', 'fdpic-funcptrs', 0x0080000, 'FDPIC_FUNCPTRS'],
  ['I', 'short-inode', 0x1000000, 'SHORT_INODE'],
  ['L', 'addr-compat-layout', 0x0200000, 'ADDR_COMPAT_LAYOUT'],
  ['R', 'addr-no-randomize', 0x0040000, 'ADDR_NO_RANDOMIZE'],
  ['S', 'whole-seconds', 0x2000000, 'WHOLE_SECONDS'],
  ['T', 'sticky-timeouts', 0x4000000, 'STICKY_TIMEOUTS'],
  ['X', 'read-implies-exec', 0x0400000, 'READ_IMPLIES_EXEC'],
  ['Z', 'mmap-page-zero', 0x0100000, 'MMAP_PAGE_ZERO'],
  ['3', '3gb', 0x8000000, 'ADDR_LIMIT_3GB'],
  ['', 'uname-2.6', UNAME26, 'UNAME26'],
];

const USAGE = `
Usage:
 setarch [<arch>] [options] [<program> [<argument>...]]

Change the reported architecture and set personality flags.

Options:
 -B, --32bit              turns on ADDR_LIMIT_32BIT
 -F, --fdpic-funcptrs     makes function pointers point to descriptors
 -I, --short-inode        turns on SHORT_INODE
 -L, --addr-compat-layout changes the way virtual memory is allocated
 -R, --addr-no-randomize  disables randomization of the virtual address space
 -S, --whole-seconds      turns on WHOLE_SECONDS
 -T, --sticky-timeouts    turns on STICKY_TIMEOUTS
 -X, --read-implies-exec  turns on READ_IMPLIES_EXEC
 -Z, --mmap-page-zero     turns on MMAP_PAGE_ZERO
 -3, --3gb                limits the used address space to a maximum of 3 GB
     --4gb                ignored (for backward compatibility only)
     --uname-2.6          turns on UNAME26
 -v, --verbose            say what options are being switched on
     --list               list settable architectures, and exit

 -h, --help               display this help
 -V, --version            display version

For more details see setarch(8).
`;

export default async function setarch(sys: Sys): Promise<number> {
  const prog = 'setarch';
  const invoked = (sys.argv[0] ?? 'setarch').replace(/.*\//, '');
  let args = sys.argv.slice(1);
  let arch: string | undefined;
  let out = '';
  const fail = async (msg: string, status = 1) => { if (out) await sys.write(1, out); await sys.write(2, `${prog}: ${msg}\n`); return status; };
  const tryHelp = async (msg: string) => { await sys.write(2, `${prog}: ${msg}\nTry '${prog} --help' for more information.\n`); return 1; };

  if (invoked !== 'setarch') arch = invoked;
  else if (args.length && !args[0]!.startsWith('-')) { arch = args[0]; args = args.slice(1); }
  else if (args[0] === '--list') { await sys.write(1, ARCHES.join('\n') + '\n'); return 0; }
  else if (args[0] === '-h' || args[0] === '--help') { await sys.write(1, USAGE); return 0; }
  else if (args[0] === '-V' || args[0] === '--version') { await sys.write(1, 'setarch from util-linux 2.38.1\n'); return 0; }

  let options = 0;
  let verbose = false;
  let anyFlag = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      const name = a.slice(2);
      const matches = [...FLAGS.map((f) => f[1]), '4gb', 'verbose', 'list', 'help', 'version'].filter((n) => n.startsWith(name));
      const exact = matches.includes(name) ? name : matches.length === 1 ? matches[0] : undefined;
      if (!exact) return tryHelp(matches.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'`);
      if (exact === 'list') { await sys.write(1, ARCHES.join('\n') + '\n'); return 0; }
      if (exact === 'help') { await sys.write(1, USAGE); return 0; }
      if (exact === 'version') { await sys.write(1, 'setarch from util-linux 2.38.1\n'); return 0; }
      if (exact === 'verbose') { verbose = true; continue; }
      if (exact === '4gb') { anyFlag = true; continue; }
      const f = FLAGS.find((x) => x[1] === exact)!;
      options |= f[2];
      anyFlag = true;
      if (verbose) out += `Switching on ${f[3]}.\n`;
      continue;
    }
    for (const c of a.slice(1)) {
      if (c === 'v') { verbose = true; continue; }
      if (c === 'h') { await sys.write(1, USAGE); return 0; }
      if (c === 'V') { await sys.write(1, 'setarch from util-linux 2.38.1\n'); return 0; }
      const f = FLAGS.find((x) => x[0] === c && c !== '');
      if (!f) return tryHelp(`invalid option -- '${c}'`);
      options |= f[2];
      anyFlag = true;
      if (verbose) out += `Switching on ${f[3]}.\n`;
    }
  }
  const cmd = args.slice(i);
  if (!arch && !anyFlag) return fail('no architecture argument or personality flags specified');
  let persona = 0;
  if (arch) {
    if (!ARCHES.includes(arch)) return fail(`${arch}: Unrecognized architecture`);
    if (['linux32', 'i386', 'i486', 'i586', 'i686', 'athlon'].includes(arch)) persona = PER_LINUX32;
    if (arch === 'uname26') options |= UNAME26;
  }
  sys.personality(persona | options);

  const argv = cmd.length ? cmd : ['-sh'];
  const name = cmd.length ? cmd[0]! : '/bin/sh';
  if (verbose) out += `Execute command \`${name}'.\n`;
  if (out) { await sys.write(1, out); out = ''; }
  const path = findInPath(sys, name);
  if (!path) return fail(`failed to execute ${name}: No such file or directory`, 127);
  try {
    await sys.exec(path, argv);
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    const text = strerror(e.code);
    return fail(`failed to execute ${name}: ${text}`, e.code === 'ENOENT' ? 127 : 126);
  }
  return 0;
}
