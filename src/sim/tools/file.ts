// file(1) 5.44: the type of each file, from lstat (directories, links, devices, fifos, empty files), the ELF
// facts the machine has for object files (class, type, machine, OS/ABI, linking, interpreter, build ID, ABI
// note, stripped) and, for text, a small part of the magic database (script interpreters, C, make) plus the
// character-set and line-terminator analysis of ascmagic.c, in file's order and wording.
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import type { ElfInfo } from '../loader/elf.ts';
import { UsageError, getopt } from './lib.ts';
import { isPie } from './readelf.ts';

const OPTIONS = {
  flags: 'bcCdEhikLlNnprsSvzZ0',
  withArg: 'emfFP',
  long: {
    brief: { key: 'b' }, dereference: { key: 'L' }, 'no-dereference': { key: 'h' }, 'no-pad': { key: 'N' },
    'no-buffer': { key: 'n' }, separator: { key: 'F', arg: true }, 'files-from': { key: 'f', arg: true }, mime: { key: 'i' },
    'mime-type': { key: 'mime-type' }, 'mime-encoding': { key: 'mime-encoding' }, version: { key: 'v' }, help: { key: 'help' },
    'print0': { key: '0' }, 'special-files': { key: 's' }, 'uncompress': { key: 'z' }, 'keep-going': { key: 'k' },
    raw: { key: 'r' }, 'preserve-date': { key: 'p' },
  },
};

const USAGE = 'Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n' +
  '            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n' +
  '            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n' +
  '            <file> ...\n' +
  '       file -C [-m <magicfiles>]\n' +
  '       file [--help]\n';

const S_IFMT = 0o170000;

/** The description of an ELF object from its facts (magic/elf + readelf.c of libmagic). */
export function describeElf(elf: ElfInfo): string {
  const kind = elf.type === 'EXEC' ? 'executable' : isPie(elf) ? 'pie executable' : 'shared object';
  let s = `ELF 64-bit LSB ${kind}, x86-64, version 1 (${elf.osabi === 3 ? 'GNU/Linux' : 'SYSV'})`;
  const hasDynamic = elf.phdrs.some((p) => p.type === 'DYNAMIC');
  if (elf.interp) s += ', dynamically linked';
  else if (hasDynamic) s += elf.type === 'DYN' && !elf.soname && elf.entry ? ', static-pie linked' : ', dynamically linked';
  else s += ', statically linked';
  if (elf.interp) s += `, interpreter ${elf.interp}`;
  if (elf.buildId) s += `, BuildID[${elf.buildId.length === 40 ? 'sha1' : elf.buildId.length === 32 ? 'md5/uuid' : 'xxHash'}]=${elf.buildId}`;
  if (elf.sections.some((x) => x.name === '.note.ABI-tag')) s += ', for GNU/Linux 3.2.0';
  if (elf.sections.some((x) => x.name === '.debug_info')) s += ', with debug_info';
  s += elf.sections.some((x) => x.type === 'SYMTAB') ? ', not stripped' : ', stripped';
  return s;
}

/** #! interpreters as the magic database names them. */
function scriptKind(first: string): { name: string; plain?: string } | undefined {
  const m = /^#!\s*(\S+)(?:[ \t]+(.*))?$/.exec(first);
  if (!m) return undefined;
  const interp = m[1]!;
  const args = (m[2] ?? '').trim();
  let prog = interp;
  let shown = args ? `${interp} ${args}` : interp;
  if (/\/env$/.test(interp) && args) { prog = args.split(/\s+/)[0]!; shown = args; }
  const base = prog.replace(/.*\//, '');
  if (interp === '/bin/sh') return { name: 'POSIX shell script' };
  if (base === 'bash' && (prog === 'bash' || prog === '/bin/bash' || prog === '/usr/bin/bash' || prog === '/usr/local/bin/bash')) return { name: 'Bourne-Again shell script' };
  if (prog === '/bin/zsh' || prog === '/usr/bin/zsh' || prog === 'zsh') return { name: "Paul Falstad's zsh script" };
  if (prog === '/bin/csh' || prog === '/usr/bin/csh') return { name: 'C shell script' };
  if (prog === '/bin/ksh' || prog === '/usr/bin/ksh') return { name: 'Korn shell script' };
  if (/^python[0-9.]*$/.test(base)) return { name: 'Python script' };
  if (base === 'perl') return { name: 'Perl script', plain: 'Perl script text executable' };
  if (/^[gn]?awk$/.test(base)) return { name: 'awk script' };
  if (base === 'node' || base === 'nodejs') return { name: 'Node.js script', plain: 'Node.js script executable, ASCII text' };
  return { name: `a ${shown} script` };
}

function cSource(text: string): boolean {
  const head = text.slice(0, 8192);
  if (/^#include/m.test(head)) return true;
  if (/^#[ \t]*pragma/m.test(head)) return true;
  if (/^#[ \t]*(if|ifn)def/m.test(head) && (/^#[ \t]*endif$/m.test(head) || /^#[ \t]*define/m.test(head))) return true;
  if (/^[ \t]*(char|double|float)( \*|\*)(.+)(=.*)?;[ \t]*$/m.test(head)) return true;
  if (/^[ \t]*extern[ \t]+(.+)(=.*)?;[ \t]*$/m.test(head)) return true;
  if (/^(struct|union)[ \t]+/m.test(head)) return true;
  const i = head.indexOf('main(');
  return i >= 0 && /\)\s*\{/.test(head.slice(i));
}

function makefile(text: string): string | undefined {
  const lines = text.split('\n').slice(0, 100);
  for (const l of lines) {
    if (/^(CFLAGS|VPATH|LDFLAGS|all:|\.PRECIOUS)/.test(l)) return 'makefile script';
    if (/^(\.BEGIN|\.include)/.test(l)) return 'BSD makefile script';
    if (/^SUBDIRS/.test(l)) return 'automake makefile script';
  }
  return undefined;
}

/** ascmagic: character set and line analysis of what looks like text; undefined for binary data. */
export function describeText(bytes: Uint8Array): string | undefined {
  const textChar = (b: number) => (b >= 7 && b <= 13) || b === 27 || (b >= 32 && b <= 126);
  let encoding: string | undefined;
  if (bytes.every(textChar)) encoding = 'ASCII';
  else {
    let utf8 = true;
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { utf8 = false; }
    const ctrlOk = bytes.every((b) => b >= 0x80 || textChar(b));
    if (utf8 && ctrlOk) encoding = 'Unicode text, UTF-8';
    else if (ctrlOk && bytes.every((b) => b < 0x80 || b >= 0xa0)) encoding = 'ISO-8859';
    else if (ctrlOk) encoding = 'Non-ISO extended-ASCII';
  }
  if (!encoding) return undefined;
  const text = new TextDecoder('latin1').decode(bytes);
  const first = text.split(/\r?\n/)[0]!;
  const script = first.startsWith('#!') ? scriptKind(first) : undefined;
  let nCrlf = 0, nCr = 0, nLf = 0, maxline = 0, cur = 0, escapes = false, backspace = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 13 && bytes[i + 1] === 10) { nCrlf++; i++; maxline = Math.max(maxline, cur); cur = 0; continue; }
    if (b === 13) { nCr++; maxline = Math.max(maxline, cur); cur = 0; continue; }
    if (b === 10) { nLf++; maxline = Math.max(maxline, cur); cur = 0; continue; }
    if (b === 27) escapes = true;
    if (b === 8) backspace = true;
    cur++;
  }
  maxline = Math.max(maxline, cur);
  if (script?.plain && encoding === 'ASCII') return script.plain;
  let kind = script?.name;
  if (!kind) kind = cSource(text) ? 'C source' : makefile(text);
  let s = kind ? `${kind}, ${encoding} text` : `${encoding} text`;
  if (script) s += ' executable';
  if (maxline > 300) s += `, with very long lines (${maxline})`;
  if ((nCrlf === 0 && nCr === 0 && nLf === 0) || nCrlf || nCr) {
    s += ', with';
    if (nCrlf === 0 && nCr === 0 && nLf === 0) s += ' no';
    else {
      const kinds = [nCrlf ? 'CRLF' : '', nCr ? 'CR' : '', nLf ? 'LF' : ''].filter(Boolean);
      s += ' ' + kinds.join(', ');
    }
    s += ' line terminators';
  }
  if (escapes) s += ', with escape sequences';
  if (backspace) s += ', with overstriking';
  return s;
}

export default async function file(sys: Sys): Promise<number> {
  let o;
  try { o = getopt('file', sys.argv.slice(1), OPTIONS); } catch (e) {
    if (e instanceof UsageError) { await sys.write(2, `${e.message}\n${USAGE}`); return 1; }
    throw e;
  }
  if (o.has('v')) { await sys.write(1, 'file-5.44\nmagic file from /etc/magic:/usr/share/misc/magic\n'); return 0; }
  if (o.has('help')) { await sys.write(1, USAGE); return 0; }
  const names = [...o.operands];
  const from = o.get('f');
  if (from !== undefined) {
    try { names.push(...(await sys.readText(from)).split('\n').filter(Boolean)); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sys.write(2, `file: Cannot open \`${from}' (${strerror(e.code)})\n`);
      return 1;
    }
  }
  if (!names.length) { await sys.write(2, USAGE); return 1; }
  const brief = o.has('b');
  const follow = o.has('L') && !o.list.some(([k], i) => k === 'h' && i > o.list.findIndex(([x]) => x === 'L'));
  const sep = o.get('F') ?? ':';
  const width = o.has('N') ? 0 : Math.max(...names.map((n) => [...n].length));
  let out = '';
  for (const name of names) {
    const desc = await describe(sys, name, follow);
    if (brief) out += desc + '\n';
    else out += `${name}${sep}${' '.repeat(width ? width - [...name].length : 0)} ${desc}\n`;
  }
  await sys.write(1, out);
  return 0;
}

async function describe(sys: Sys, name: string, follow: boolean): Promise<string> {
  let st;
  try { st = follow ? sys.stat(name) : sys.lstat(name); } catch (e) {
    if (!(e instanceof SysError)) throw e;
    return `cannot open \`${name}' (${strerror(e.code)})`;
  }
  const type = st.mode & S_IFMT;
  if (type === 0o120000) {
    const target = sys.readlink(name);
    return sys.exists(name) ? `symbolic link to ${target}` : `broken symbolic link to ${target}`;
  }
  const prefix = (st.mode & 0o4000 ? 'setuid ' : '') + (st.mode & 0o2000 ? 'setgid ' : '') + (st.mode & 0o1000 ? 'sticky, ' : '');
  if (type === 0o040000) return `${prefix}directory`;
  if (type === 0o020000) return `${prefix}character special (${st.rdev >> 8}/${st.rdev & 0xff})`;
  if (type === 0o060000) return `${prefix}block special (${st.rdev >> 8}/${st.rdev & 0xff})`;
  if (type === 0o010000) return `${prefix}fifo (named pipe)`;
  if (type === 0o140000) return `${prefix}socket`;
  if (st.size === 0) return `${prefix}empty`;
  let bytes: Uint8Array;
  try {
    const fd = sys.open(name);
    try { bytes = await sys.read(fd, 1 << 20); } finally { sys.close(fd); }
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    return `${prefix}regular file, no read permission`;
  }
  if (bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) {
    let elf: ElfInfo | undefined;
    try { elf = sys.readElf(name); } catch (e) { if (!(e instanceof SysError)) throw e; }
    if (elf) return prefix + describeElf(elf);
    return `${prefix}ELF 64-bit LSB executable, x86-64, version 1 (SYSV)`;
  }
  const text = describeText(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  if (text) return prefix ? `${prefix}, ${text}` : text;
  return `${prefix}data`;
}
