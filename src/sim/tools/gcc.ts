// gcc / cc: the simulated C toolchain driver. Compiles C files (src/sim/cc), writes object files (-c) or links
// them with the C library of the profile into an executable image whose ELF facts the loader, size and
// readelf use. Options: -o -c -static -no-pie -pie -O0..3 -g -Wall -Wextra -Werror -I -D -U -l -L -std= -v --version,
// -f[no-]stack-protector[-strong|-all].
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import { encodeImage, decodeImage } from '../loader/image.ts';
import { compileUnit } from '../cc/compile.ts';
import type { CObject, StackProtector } from '../cc/codegen.ts';
import { link } from '../cc/link.ts';
import { LIBC_FUNCTIONS } from '../libc/index.ts';

const dec = new TextDecoder();
const LIBC_DATA = new Set(['stdin', 'stdout', 'stderr', 'errno', 'environ', 'optarg', 'optind']);

export default async function gcc(sys: Sys): Promise<number> {
  const argv = sys.argv;
  const prog = 'gcc';
  const profile = sys.profile === 'ubuntu-18.04' ? 'ubuntu-18.04' : 'debian-12';
  const utf8 = /UTF-?8/i.test(sys.getenv('LC_ALL') || sys.getenv('LC_MESSAGES') || sys.getenv('LANG') || '');
  const q = (s: string) => (utf8 ? `‘${s}’` : `'${s}'`);
  let out: string | undefined;
  let compileOnly = false, isStatic = false, debug = false, pie = true, wall = false, wextra = false, werror = false, preprocessOnly = false;
  const inputs: string[] = [];
  const includeDirs: string[] = [];
  const defines: [string, string][] = [];
  // Ubuntu builds its gcc with -fstack-protector-strong on by default (Debian's gcc leaves it off)
  let stackProtector: StackProtector = profile === 'ubuntu-18.04' ? 'strong' : 'none';
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    const val = (flag: string) => (a.length > flag.length ? a.slice(flag.length) : argv[++i] ?? '');
    if (a === '-o') { out = argv[++i]; if (out === undefined) { await sys.err(`${prog}: error: missing filename after ${q('-o')}\n${prog}: fatal error: no input files\ncompilation terminated.\n`); return 1; } }
    else if (a.startsWith('-o')) out = a.slice(2);
    else if (a === '-c') compileOnly = true;
    else if (a === '-E') preprocessOnly = true;
    else if (a === '-static') isStatic = true;
    else if (a === '-no-pie' || a === '-fno-pie' || a === '-fno-PIE') pie = a === '-no-pie' ? false : pie;
    else if (a === '-pie') pie = true;
    else if (a === '-fno-stack-protector') stackProtector = 'none';
    else if (a === '-fstack-protector' || a === '-fstack-protector-strong' || a === '-fstack-protector-all')
      stackProtector = a === '-fstack-protector' ? 'basic' : a === '-fstack-protector-all' ? 'all' : 'strong';
    else if (a === '-Wall') wall = true;
    else if (a === '-Wextra' || a === '-W') wextra = true;
    else if (a === '-Werror') werror = true;
    else if (/^-g(gdb)?\d?$/.test(a)) debug = a !== '-g0';
    else if (a.startsWith('-I')) includeDirs.push(val('-I'));
    else if (a.startsWith('-D')) { const d = val('-D'); const eq = d.indexOf('='); defines.push(eq < 0 ? [d, '1'] : [d.slice(0, eq), d.slice(eq + 1)]); }
    else if (a.startsWith('-U') || a.startsWith('-L')) val(a.slice(0, 2));
    else if (a.startsWith('-l')) { const l = val('-l'); if (!['c', 'm', 'pthread', 'dl', 'rt'].includes(l)) { await sys.err(`/usr/bin/ld: cannot find -l${l}: No such file or directory\ncollect2: error: ld returned 1 exit status\n`); return 1; } }
    else if (a === '--version') { await sys.out(profile === 'ubuntu-18.04' ? 'gcc (Ubuntu 7.5.0-3ubuntu1~18.04) 7.5.0\nCopyright (C) 2017 Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n' : 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.\nThis is free software; see the source for copying conditions.  There is NO\nwarranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n'); return 0; }
    else if (/^-(O[0-3sgz]?|g\d?|ggdb|std=.*|Wno-.*|W.*|f.*|m.*|pipe|pedantic|ansi|v|s|rdynamic)$/.test(a)) { /* accepted */ }
    else if (a.startsWith('-')) { await sys.err(`${prog}: error: unrecognized command-line option ${q(a)}\n`); return 1; }
    else inputs.push(a);
  }
  if (!inputs.length) { await sys.err(`${prog}: fatal error: no input files\ncompilation terminated.\n`); return 1; }
  const readFile = (path: string): string | undefined => {
    try {
      const st = sys.stat(path);
      if ((st.mode & 0o170000) !== 0o100000) return undefined;
      return undefined;
    } catch { return undefined; }
  };
  void readFile;
  const cache = new Map<string, string | undefined>();
  const files = new Map<string, string>();
  for (const path of inputs) {
    try { files.set(path, dec.decode(await sys.readFile(path))); } catch (e) {
      if (e instanceof SysError) { await sys.err(`${prog}: error: ${path}: ${strerror(e.code)}\n${prog}: fatal error: no input files\ncompilation terminated.\n`); return 1; }
      throw e;
    }
  }
  // headers are read synchronously by the preprocessor: prefetch what it may ask for
  const syncRead = (path: string): string | undefined => {
    if (cache.has(path)) return cache.get(path);
    let text: string | undefined;
    try {
      const node = sys.kernel.vfs.resolve(path, sys.proc.cwd, sys.proc.cred).node;
      if (node.kind === 'file') text = dec.decode(node.data.subarray(0, node.size));
    } catch { text = undefined; }
    cache.set(path, text);
    return text;
  };
  const objs: CObject[] = [];
  let failed = false;
  let stderr = '';
  for (const path of inputs) {
    const text = files.get(path)!;
    if (path.endsWith('.o')) {
      const img = decodeImage(await sys.readFile(path));
      const obj = img && (img as { object?: CObject }).object;
      if (!obj) { stderr += `/usr/bin/ld: ${path}: file not recognized: file format not recognized\ncollect2: error: ld returned 1 exit status\n`; failed = true; continue; }
      objs.push(obj);
      continue;
    }
    if (!path.endsWith('.c') && !path.endsWith('.h')) {
      stderr += `/usr/bin/ld:${path}: file format not recognized; treating as linker script\n/usr/bin/ld:${path}:1: syntax error\ncollect2: error: ld returned 1 exit status\n`;
      failed = true;
      continue;
    }
    if (preprocessOnly) { await sys.out(text); continue; }
    const r = compileUnit(path, text, { readFile: syncRead, includeDirs, defines, wall, wextra, werror, stackProtector });
    stderr += r.diags.format(utf8);
    if (!r.obj) { failed = true; continue; }
    objs.push(r.obj);
  }
  if (stderr) await sys.err(stderr);
  if (failed || preprocessOnly) return failed ? 1 : 0;
  if (compileOnly) {
    for (let k = 0; k < objs.length; k++) {
      const src = inputs.filter((p) => !p.endsWith('.o'))[k]!;
      const o = out && inputs.length === 1 ? out : src.replace(/^.*\//, '').replace(/\.c$/, '.o');
      await sys.writeFile(o, encodeImage({ kind: 'c', object: { ...objs[k]!, file: objs[k]!.file }, elfType: undefined }), false, 0o666);
    }
    return 0;
  }
  const r = link(objs, {
    profile, static: isStatic, debug, pie: pie && !isStatic, libcFunctions: new Set([...Object.keys(LIBC_FUNCTIONS), '__stack_chk_fail']), libcData: LIBC_DATA,
    interp: '/lib64/ld-linux-x86-64.so.2',
  });
  if (r.errors.length) { await sys.err(r.errors.join('\n') + '\ncollect2: error: ld returned 1 exit status\n'); return 1; }
  const target = out ?? 'a.out';
  const bytes = encodeImage({ kind: 'c', elfType: r.elf!.type, elf: r.elf, program: r.prog });
  await sys.writeFile(target, bytes, false, 0o777);
  try { sys.chmod(target, 0o777 & ~sys.umask()); } catch { /* not ours */ }
  return 0;
}
