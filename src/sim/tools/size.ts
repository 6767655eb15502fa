// size(1) of GNU binutils 2.40: section sizes of object files, from the ELF section headers the machine
// knows for each file (sys.readElf). Berkeley format by default (text = allocated code or read-only
// sections, data = other allocated sections with contents, bss = allocated without contents), -A/--format=sysv
// (every BFD section with its size and address), -G/--format=gnu (read-only data counted as data), -t totals,
// -d/-o/-x/--radix. Sections are taken as BFD sees them: the symbol table, its string table and the
// section-name string table are not sections to BFD.
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import type { ElfInfo, Section } from '../loader/elf.ts';
import { UsageError, getopt } from './lib.ts';

const OPTIONS = {
  flags: 'ABGHhVvdfotx?',
  long: {
    common: { key: 'common' }, format: { key: 'format', arg: true }, radix: { key: 'radix', arg: true },
    target: { key: 'target', arg: true }, totals: { key: 't' }, version: { key: 'version' }, help: { key: 'help' },
  },
};

type Format = 'berkeley' | 'sysv' | 'gnu';
type Radix = 8 | 10 | 16;

const TARGETS = 'elf64-x86-64 elf32-i386 elf32-iamcu elf32-x86-64 pei-i386 pe-x86-64 pei-x86-64 elf64-little elf64-big elf32-little ' +
  'elf32-big pe-bigobj-x86-64 pe-i386 pdb srec symbolsrec verilog tekhex binary ihex plugin';

function usageText(prog: string, status: number): string {
  return `Usage: ${prog} [option(s)] [file(s)]\n` +
    ' Displays the sizes of sections inside binary files\n' +
    ' If no input file(s) are specified, a.out is assumed\n' +
    ' The options are:\n' +
    '  -A|-B|-G  --format={sysv|berkeley|gnu}  Select output style (default is berkeley)\n' +
    '  -o|-d|-x  --radix={8|10|16}         Display numbers in octal, decimal or hex\n' +
    '  -t        --totals                  Display the total sizes (Berkeley only)\n' +
    '  -f                                  Ignored.\n' +
    '            --common                  Display total size for *COM* syms\n' +
    '            --target=<bfdname>        Set the binary file format\n' +
    '            @<file>                   Read options from <file>\n' +
    '  -h|-H|-?  --help                    Display this information\n' +
    '  -v|-V     --version                 Display the program\'s version\n' +
    '\n' +
    `${prog}: supported targets: ${TARGETS}\n` +
    (status === 0 ? 'Report bugs to <https://sourceware.org/bugzilla/>\n' : '');
}

const VERSION = 'GNU size (GNU Binutils for Debian) 2.40\n' +
  'Copyright (C) 2023 Free Software Foundation, Inc.\n' +
  'This program is free software; you may redistribute it under the terms of\n' +
  'the GNU General Public License version 3 or (at your option) any later version.\n' +
  'This program has absolutely no warranty.\n';

/** The sections BFD makes from an ELF file's section headers (no NULL, .symtab, .strtab, .shstrtab). */
export function bfdSections(elf: ElfInfo): Section[] {
  return elf.sections.filter((s, i) => i > 0 && s.type !== 'NULL' && s.type !== 'SYMTAB' && !(s.type === 'STRTAB' && !s.flags.includes('A')));
}

/** BFD's section flags from the ELF ones (_bfd_elf_make_section_from_shdr). */
export function bfdFlags(s: Section) {
  const alloc = s.flags.includes('A');
  const contents = s.type !== 'NOBITS';
  return { alloc, contents, code: s.flags.includes('X'), readonly: !s.flags.includes('W'), none: false };
}

export default async function size(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'size';
  let out = '';
  const flushOut = async () => { if (out) { await sys.write(1, out); out = ''; } };
  const nonFatal = async (msg: string) => { await flushOut(); await sys.write(2, `${prog}: ${msg}\n`); };

  let format: Format = 'berkeley';
  let radix: Radix = 10;
  let totals = false, common = false, showVersion = false, showHelp = false;
  let files: string[];
  try {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    for (const [k, v] of o.list) {
      switch (k) {
        case 'format': {
          const c = (v as string)[0];
          if (c === 'B' || c === 'b') format = 'berkeley';
          else if (c === 'S' || c === 's') format = 'sysv';
          else if (c === 'G' || c === 'g') format = 'gnu';
          else { await nonFatal(`invalid argument to --format: ${v as string}`); await sys.write(2, usageText(prog, 1)); return 1; }
          break;
        }
        case 'radix': {
          const n = parseInt(v as string, 10);
          if (n === 10 || n === 8 || n === 16) radix = n;
          else { await nonFatal(`Invalid radix: ${v as string}\n`); await sys.write(2, usageText(prog, 1)); return 1; }
          break;
        }
        case 'target': break;
        case 'A': format = 'sysv'; break;
        case 'B': format = 'berkeley'; break;
        case 'G': format = 'gnu'; break;
        case 'v': case 'V': case 'version': showVersion = true; break;
        case 'd': radix = 10; break;
        case 'x': radix = 16; break;
        case 'o': radix = 8; break;
        case 't': totals = true; break;
        case 'f': break;
        case 'common': common = true; break;
        case 'help': showHelp = true; break;
        case 'h': case 'H': case '?': await sys.write(2, usageText(prog, 1)); return 1;
      }
    }
    files = o.operands;
  } catch (e) {
    if (e instanceof UsageError) { await sys.write(2, e.message + '\n' + usageText(prog, 1)); return 1; }
    throw e;
  }
  if (showVersion) { await sys.write(1, VERSION); return 0; }
  if (showHelp) { await sys.write(1, usageText(prog, 0)); return 0; }

  const num = (n: number) => (radix === 10 ? String(n) : radix === 8 ? '0' + n.toString(8) : '0x' + n.toString(16));
  const rprint = (w: number, n: number) => num(n).padStart(w);
  let status = 0;
  let filesSeen = 0;
  const total = { text: 0, data: 0, bss: 0 };

  const berkeleyOrGnu = (elf: ElfInfo, name: string) => {
    let text = 0, data = 0, bss = 0;
    for (const s of bfdSections(elf)) {
      const f = bfdFlags(s);
      if (!f.alloc) continue;
      if (f.code || (format === 'berkeley' && f.readonly)) text += s.size;
      else if (f.contents) data += s.size;
      else bss += s.size;
    }
    const width = format === 'berkeley' ? 7 : 10;
    const sep = format === 'berkeley' ? '\t' : ' ';
    if (filesSeen++ === 0) {
      out += format === 'berkeley'
        ? (radix === 8 ? '   text\t   data\t    bss\t    oct\t    hex\tfilename\n' : '   text\t   data\t    bss\t    dec\t    hex\tfilename\n')
        : '      text       data        bss      total filename\n';
    }
    const sum = text + data + bss;
    if (totals) { total.text += text; total.data += data; total.bss += bss; }
    out += rprint(width, text) + sep + rprint(width, data) + sep + rprint(width, bss) + sep;
    if (format === 'berkeley') out += (radix === 8 ? sum.toString(8) : String(sum)).padStart(7) + '\t' + sum.toString(16).padStart(7);
    else out += rprint(width, sum);
    out += sep + name + '\n';
  };

  const sysv = (elf: ElfInfo, name: string) => {
    const secs = bfdSections(elf);
    let namelen = 0, totalSize = 0, maxvma = 0;
    for (const s of secs) {
      namelen = Math.max(namelen, s.name.length);
      totalSize += s.size;
      maxvma = Math.max(maxvma, s.addr);
    }
    if (common) { namelen = Math.max(namelen, 5); }
    const vmalen = Math.max(num(maxvma).length, 4);
    const sizelen = Math.max(num(totalSize).length, 4);
    out += `${name}  :\n${'section'.padEnd(namelen)}   ${'size'.padStart(sizelen)}   ${'addr'.padStart(vmalen)}\n`;
    for (const s of secs) out += `${s.name.padEnd(namelen)}   ${rprint(sizelen, s.size)}   ${rprint(vmalen, s.addr)}\n`;
    if (common) out += `${'*COM*'.padEnd(namelen)}   ${rprint(sizelen, 0)}   ${rprint(vmalen, 0)}\n`;
    out += `${'Total'.padEnd(namelen)}   ${rprint(sizelen, totalSize)}\n\n\n`;
  };

  for (const file of files.length ? files : ['a.out']) {
    // get_file_size(): stat first, with binutils' own wording.
    let st;
    try { st = sys.stat(file); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      if (e.code === 'ENOENT') await nonFatal(`'${file}': No such file`);
      else await nonFatal(`Warning: could not locate '${file}'.  reason: ${strerror(e.code)}`);
      status = 1;
      continue;
    }
    const type = st.mode & 0o170000;
    if (type === 0o040000) { await nonFatal(`Warning: '${file}' is a directory`); status = 1; continue; }
    if (type !== 0o100000) { await nonFatal(`Warning: '${file}' is not an ordinary file`); status = 1; continue; }
    if (st.size < 1) { status = 1; continue; }
    let elf: ElfInfo | undefined;
    try { elf = sys.readElf(file); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await nonFatal(`${file}: ${strerror(e.code)}`);
      status = 1;
      continue;
    }
    if (!elf) { await nonFatal(`${file}: file format not recognized`); status = 3; continue; }
    if (format === 'sysv') sysv(elf, file); else berkeleyOrGnu(elf, file);
    await flushOut();
  }
  if (totals && format !== 'sysv') {
    const width = format === 'berkeley' ? 7 : 10;
    const sep = format === 'berkeley' ? '\t' : ' ';
    const sum = total.text + total.data + total.bss;
    out += rprint(width, total.text) + sep + rprint(width, total.data) + sep + rprint(width, total.bss) + sep;
    if (format === 'berkeley') out += (radix === 8 ? sum.toString(8) : String(sum)).padStart(7) + '\t' + sum.toString(16).padStart(7);
    else out += rprint(width, sum);
    out += sep + '(TOTALS)\n';
  }
  await flushOut();
  return status;
}
