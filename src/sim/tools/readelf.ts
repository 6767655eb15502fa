// readelf(1) of GNU binutils 2.40: the ELF file header (-h), section headers (-S, two lines per section, or
// one with -W), program headers with the section-to-segment mapping (-l), and -e for all three, printed from
// the ELF facts the machine has for the file (sys.readElf) with readelf.c's formats. The header fields the
// facts do not carry are those of every x86-64 file the toolchain writes (64-byte header, 56-byte program
// headers at offset 64, 64-byte section headers at the end of the file).
import type { Sys } from '../kernel/sys.ts';
import { SysError, strerror } from '../kernel/errno.ts';
import type { ElfInfo, Phdr, Section } from '../loader/elf.ts';
import { UsageError, getopt } from './lib.ts';

const OPTIONS = {
  flags: 'ahlSgtesnrudVAcDLIWTHvzCU',
  withArg: 'xpRw',
  long: {
    all: { key: 'a' }, 'file-header': { key: 'h' }, 'program-headers': { key: 'l' }, segments: { key: 'l' },
    'section-headers': { key: 'S' }, sections: { key: 'S' }, 'section-groups': { key: 'g' }, 'section-details': { key: 't' },
    headers: { key: 'e' }, syms: { key: 's' }, symbols: { key: 's' }, 'dyn-syms': { key: 'dyn-syms' }, notes: { key: 'n' },
    relocs: { key: 'r' }, unwind: { key: 'u' }, dynamic: { key: 'd' }, 'version-info': { key: 'V' }, 'arch-specific': { key: 'A' },
    'archive-index': { key: 'c' }, 'use-dynamic': { key: 'D' }, lint: { key: 'L' }, 'enable-checks': { key: 'L' },
    'hex-dump': { key: 'x', arg: true }, 'string-dump': { key: 'p', arg: true }, 'relocated-dump': { key: 'R', arg: true },
    decompress: { key: 'z' }, 'debug-dump': { key: 'w', arg: 'optional' as const }, histogram: { key: 'I' }, wide: { key: 'W' },
    'silent-truncation': { key: 'T' }, help: { key: 'H' }, version: { key: 'v' },
  },
};

const USAGE = `Usage: readelf <option(s)> elf-file(s)
 Display information about the contents of ELF format files
 Options are:
  -a --all               Equivalent to: -h -l -S -s -r -d -V -A -I
  -h --file-header       Display the ELF file header
  -l --program-headers   Display the program headers
     --segments          An alias for --program-headers
  -S --section-headers   Display the sections' header
     --sections          An alias for --section-headers
  -g --section-groups    Display the section groups
  -t --section-details   Display the section details
  -e --headers           Equivalent to: -h -l -S
  -s --syms              Display the symbol table
     --symbols           An alias for --syms
     --dyn-syms          Display the dynamic symbol table
     --lto-syms          Display LTO symbol tables
     --sym-base=[0|8|10|16] 
                         Force base for symbol sizes.  The options are 
                         mixed (the default), octal, decimal, hexadecimal.
  -C --demangle[=STYLE]  Decode mangled/processed symbol names
                           STYLE can be "none", "auto", "gnu-v3", "java",
                           "gnat", "dlang", "rust"
     --no-demangle       Do not demangle low-level symbol names.  (default)
     --recurse-limit     Enable a demangling recursion limit.  (default)
     --no-recurse-limit  Disable a demangling recursion limit
     -U[dlexhi] --unicode=[default|locale|escape|hex|highlight|invalid]
                         Display unicode characters as determined by the current locale
                          (default), escape sequences, "<hex sequences>", highlighted
                          escape sequences, or treat them as invalid and display as
                          "{hex sequences}"
  -n --notes             Display the core notes (if present)
  -r --relocs            Display the relocations (if present)
  -u --unwind            Display the unwind info (if present)
  -d --dynamic           Display the dynamic section (if present)
  -V --version-info      Display the version sections (if present)
  -A --arch-specific     Display architecture specific information (if any)
  -c --archive-index     Display the symbol/file index in an archive
  -D --use-dynamic       Use the dynamic section info when displaying symbols
  -L --lint|--enable-checks
                         Display warning messages for possible problems
  -x --hex-dump=<number|name>
                         Dump the contents of section <number|name> as bytes
  -p --string-dump=<number|name>
                         Dump the contents of section <number|name> as strings
  -R --relocated-dump=<number|name>
                         Dump the relocated contents of section <number|name>
  -z --decompress        Decompress section before dumping it
  -w --debug-dump[a/=abbrev, A/=addr, r/=aranges, c/=cu_index, L/=decodedline,
                  f/=frames, F/=frames-interp, g/=gdb_index, i/=info, o/=loc,
                  m/=macro, p/=pubnames, t/=pubtypes, R/=Ranges, l/=rawline,
                  s/=str, O/=str-offsets, u/=trace_abbrev, T/=trace_aranges,
                  U/=trace_info]
                         Display the contents of DWARF debug sections
  -wk --debug-dump=links Display the contents of sections that link to separate
                          debuginfo files
  -P --process-links     Display the contents of non-debug sections in separate
                          debuginfo files.  (Implies -wK)
  -wK --debug-dump=follow-links
                         Follow links to separate debug info files (default)
  -wN --debug-dump=no-follow-links
                         Do not follow links to separate debug info files
  --dwarf-depth=N        Do not display DIEs at depth N or greater
  --dwarf-start=N        Display DIEs starting at offset N
  --ctf=<number|name>    Display CTF info from section <number|name>
  --ctf-parent=<name>    Use CTF archive member <name> as the CTF parent
  --ctf-symbols=<number|name>
                         Use section <number|name> as the CTF external symtab
  --ctf-strings=<number|name>
                         Use section <number|name> as the CTF external strtab
  --sframe[=NAME]        Display SFrame info from section NAME, (default '.sframe')
  -I --histogram         Display histogram of bucket list lengths
  -W --wide              Allow output width to exceed 80 characters
  -T --silent-truncation If a symbol name is truncated, do not add [...] suffix
  @<file>                Read options from <file>
  -H --help              Display this information
  -v --version           Display the version number of readelf
`;

const VERSION = 'GNU readelf (GNU Binutils for Debian) 2.40\n' +
  'Copyright (C) 2023 Free Software Foundation, Inc.\n' +
  'This program is free software; you may redistribute it under the terms of\n' +
  'the GNU General Public License version 3 or (at your option) any later version.\n' +
  'This program has absolutely no warranty.\n';

const EHDR_SIZE = 64, PHDR_SIZE = 56, SHDR_SIZE = 64;
const hex16 = (n: number) => n.toString(16).padStart(16, '0');
const hexw = (n: number, w: number) => n.toString(16).padStart(w, '0');

/** readelf's file type: a DYN with an interpreter and no soname is a PIE (DF_1_PIE set by the linker). */
export function isPie(elf: ElfInfo) { return elf.type === 'DYN' && !!elf.interp && !elf.soname; }

function fileType(elf: ElfInfo): string {
  if (elf.type === 'EXEC') return 'EXEC (Executable file)';
  return isPie(elf) ? 'DYN (Position-Independent Executable file)' : 'DYN (Shared object file)';
}

/** e_shoff: the linker writes the section header table last. */
export function sectionHeaderOffset(elf: ElfInfo) { return elf.fileSize - elf.sections.length * SHDR_SIZE; }
function shstrndx(elf: ElfInfo) { const i = elf.sections.findIndex((s) => s.name === '.shstrtab'); return i < 0 ? 0 : i; }

/** sh_entsize / sh_link / sh_info: from the facts, or what the GNU linker writes for each kind of section. */
function sectionExtras(elf: ElfInfo, s: Section) {
  const idx = (name: string) => Math.max(0, elf.sections.findIndex((x) => x.name === name));
  const kindEntsize: Record<string, number> = { DYNSYM: 0x18, SYMTAB: 0x18, RELA: 0x18, DYNAMIC: 0x10, VERSYM: 2, HASH: 4, INIT_ARRAY: 8, FINI_ARRAY: 8, PREINIT_ARRAY: 8, RELR: 8 };
  const nameEntsize: Record<string, number> = { '.got': 8, '.got.plt': 8, '.plt': 0x10, '.plt.got': 8, '.plt.sec': 0x10, '.comment': 1 };
  const entsize = s.entsize ?? kindEntsize[s.type] ?? nameEntsize[s.name] ?? 0;
  let link = 0, info = 0;
  switch (s.type) {
    case 'DYNSYM': link = idx('.dynstr'); info = 1; break;
    case 'SYMTAB': link = idx('.strtab'); break;
    case 'HASH': case 'GNU_HASH': case 'VERSYM': link = idx('.dynsym'); break;
    case 'RELA': link = idx('.dynsym'); if (s.flags.includes('I')) info = elf.sections.some((x) => x.name === '.got.plt') ? idx('.got.plt') : idx('.got'); break;
    case 'VERNEED': case 'VERDEF': case 'DYNAMIC': link = idx('.dynstr'); if (s.type !== 'DYNAMIC') info = 1; break;
  }
  return { entsize, link: s.link ?? link, info: s.info ?? info };
}

/** ELF_SECTION_IN_SEGMENT_STRICT and ELF_TBSS_SPECIAL from include/elf/internal.h. */
function sectionInSegment(s: Section, p: Phdr): boolean {
  const tls = s.flags.includes('T');
  const alloc = s.flags.includes('A');
  const nobits = s.type === 'NOBITS';
  if (tls && nobits && p.type !== 'TLS') return false; // ELF_TBSS_SPECIAL
  if (!((tls && (p.type === 'TLS' || p.type === 'GNU_RELRO' || p.type === 'LOAD')) || (!tls && p.type !== 'TLS' && p.type !== 'PHDR'))) return false;
  if (!alloc && ['LOAD', 'DYNAMIC', 'GNU_EH_FRAME', 'GNU_STACK', 'GNU_RELRO'].includes(p.type)) return false;
  const size = !tls || !nobits || p.type === 'TLS' ? s.size : 0;
  if (!nobits) {
    if (s.offset < p.offset) return false;
    if (s.offset - p.offset > p.filesz - 1) return false;
    if (s.offset - p.offset + size > p.filesz) return false;
  }
  if (alloc) {
    if (s.addr < p.vaddr) return false;
    if (s.addr - p.vaddr > p.memsz - 1) return false;
    if (s.addr - p.vaddr + size > p.memsz) return false;
  }
  if ((p.type === 'DYNAMIC' || p.type === 'NOTE') && s.size === 0 && p.memsz !== 0) {
    const offOk = nobits || (s.offset > p.offset && s.offset - p.offset < p.filesz);
    const addrOk = !alloc || (s.addr > p.vaddr && s.addr - p.vaddr < p.memsz);
    if (!(offOk && addrOk)) return false;
  }
  return true;
}

export default async function readelf(sys: Sys): Promise<number> {
  const prog = 'readelf';
  let o;
  try { o = getopt(prog, sys.argv.slice(1), OPTIONS); } catch (e) {
    if (e instanceof UsageError) { await sys.write(2, `${e.message}\n${USAGE}`); return 1; }
    throw e;
  }
  if (o.has('H')) { await sys.write(1, USAGE); return 0; }
  if (o.has('v')) { await sys.write(1, VERSION); return 0; }
  const all = o.has('a');
  const doHeader = all || o.has('h') || o.has('e');
  const doSections = all || o.has('S') || o.has('e') || o.has('t');
  const doSegments = all || o.has('l') || o.has('e');
  const wide = o.has('W');
  const modelled = doHeader || doSections || doSegments;
  const others = o.list.map(([k]) => k).filter((k) => !'hlSeWTaL'.includes(k));
  if (!modelled && !others.length) { await sys.write(2, USAGE); return 1; }
  const files = o.operands;
  if (!files.length) { await sys.write(2, `${prog}: Warning: Nothing to do.\n${USAGE}`); return 1; }
  // The machine knows headers, sections and segments, not the contents of sections (symbols, relocations,
  // the dynamic section, notes...): say so rather than print nothing.
  const unmodelled = [...new Set(others.filter((k) => !'WTLCUz'.includes(k)))];
  if (unmodelled.length) {
    await sys.write(2, `${prog}: Warning: this machine's readelf shows only the file, section and program headers (-h, -S, -l, -e); ` +
      `ignoring ${unmodelled.map((k) => (k.length === 1 ? `-${k}` : `--${k}`)).join(' ')}\n`);
    if (!modelled) return 1;
  }

  let status = 0;
  const err = async (msg: string) => { await sys.write(2, `${prog}: Error: ${msg}\n`); status = 1; };
  for (const file of files) {
    let st;
    try { st = sys.stat(file); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      if (e.code === 'ENOENT') await err(`'${file}': No such file`);
      else await err(`Could not locate '${file}'.  System error message: ${strerror(e.code)}`);
      continue;
    }
    if ((st.mode & 0o170000) !== 0o100000) { await err(`'${file}' is not an ordinary file`); continue; }
    let elf: ElfInfo | undefined;
    try { elf = sys.readElf(file); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await err(`Input file '${file}' is not readable.`);
      continue;
    }
    if (!elf) {
      const head = await readHead(sys, file);
      if (head.length < 16) await err(`${file}: Failed to read file's magic number`);
      else if (!(head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46)) await err('Not an ELF file - it has the wrong magic bytes at the start');
      else await err(`${file}: Failed to read file header`);
      continue;
    }
    let out = files.length > 1 ? `\nFile: ${file}\n` : '';
    if (doHeader) out += header(elf);
    if (doSections) out += sectionHeaders(elf, doHeader, wide);
    if (doSegments) out += programHeaders(elf, doHeader, wide);
    await sys.write(1, out);
  }
  return status;
}

async function readHead(sys: Sys, file: string): Promise<Uint8Array> {
  try {
    const fd = sys.open(file);
    try { return await sys.read(fd, 64); } finally { sys.close(fd); }
  } catch (e) {
    if (e instanceof SysError) return new Uint8Array(0);
    throw e;
  }
}

function header(elf: ElfInfo): string {
  const osabi = elf.osabi ?? 0;
  const ident = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, osabi, 0, 0, 0, 0, 0, 0, 0, 0];
  const row = (k: string, v: string | number) => `  ${(k + ':').padEnd(35)}${v}\n`;
  const osabiName: Record<number, string> = { 0: 'UNIX - System V', 3: 'UNIX - GNU', 9: 'UNIX - FreeBSD' };
  return 'ELF Header:\n' +
    `  Magic:   ${ident.map((b) => hexw(b, 2) + ' ').join('')}\n` +
    row('Class', 'ELF64') +
    row('Data', "2's complement, little endian") +
    row('Version', '1 (current)') +
    row('OS/ABI', osabiName[osabi] ?? `<unknown: ${osabi.toString(16)}>`) +
    row('ABI Version', 0) +
    row('Type', fileType(elf)) +
    row('Machine', 'Advanced Micro Devices X86-64') +
    row('Version', '0x1') +
    row('Entry point address', `0x${elf.entry.toString(16)}`) +
    row('Start of program headers', `${elf.phdrs.length ? EHDR_SIZE : 0} (bytes into file)`) +
    row('Start of section headers', `${sectionHeaderOffset(elf)} (bytes into file)`) +
    row('Flags', '0x0') +
    row('Size of this header', `${EHDR_SIZE} (bytes)`) +
    row('Size of program headers', `${elf.phdrs.length ? PHDR_SIZE : 0} (bytes)`) +
    row('Number of program headers', elf.phdrs.length) +
    row('Size of section headers', `${SHDR_SIZE} (bytes)`) +
    row('Number of section headers', elf.sections.length) +
    row('Section header string table index', shstrndx(elf));
}

function sectionName(name: string, wide: boolean): string {
  if (!wide && name.length > 17) return name.slice(0, 12) + '[...]';
  return name.padEnd(17);
}

function sectionHeaders(elf: ElfInfo, afterHeader: boolean, wide: boolean): string {
  const n = elf.sections.length;
  let out = '';
  if (!afterHeader) out += `There ${n === 1 ? 'is' : 'are'} ${n} section header${n === 1 ? '' : 's'}, starting at offset 0x${sectionHeaderOffset(elf).toString(16)}:\n`;
  out += n > 1 ? '\nSection Headers:\n' : '\nSection Header:\n';
  out += wide
    ? '  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n'
    : '  [Nr] Name              Type             Address           Offset\n       Size              EntSize          Flags  Link  Info  Align\n';
  elf.sections.forEach((s, i) => {
    const x = sectionExtras(elf, s);
    out += `  [${String(i).padStart(2)}] ${sectionName(s.name, wide)}`;
    if (wide) {
      out += ` ${s.type.padEnd(15)} ${hex16(s.addr)} ${hexw(s.offset, 6)} ${hexw(s.size, 6)} ${hexw(x.entsize, 2)} ${s.flags.padStart(3)} ` +
        `${String(x.link).padStart(2)} ${String(x.info).padStart(3)} ${String(s.align).padStart(2)}\n`;
    } else {
      out += ` ${s.type.slice(0, 15).padEnd(15)}  ${hex16(s.addr)}  ${hexw(s.offset, 8)}\n` +
        `       ${hex16(s.size)}  ${hex16(x.entsize)} ${s.flags.padStart(3)}      ${String(x.link).padStart(2)}   ${String(x.info).padStart(3)}     ${s.align}\n`;
    }
  });
  const gnu = elf.osabi === 3 || elf.osabi === 9;
  const sysv = !elf.osabi;
  out += 'Key to Flags:\n' +
    '  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n' +
    '  L (link order), O (extra OS processing required), G (group), T (TLS),\n' +
    '  C (compressed), x (unknown), o (OS specific), E (exclude),\n  ' +
    (gnu ? 'R (retain), ' : '') + (gnu || sysv ? 'D (mbind), ' : '') + 'l (large), p (processor specific)\n';
  return out;
}

function programHeaders(elf: ElfInfo, afterHeader: boolean, wide: boolean): string {
  let out = '';
  const n = elf.phdrs.length;
  if (!n) return '\nThere are no program headers in this file.\n';
  if (!afterHeader) {
    out += `\nElf file type is ${fileType(elf)}\nEntry point 0x${elf.entry.toString(16)}\n` +
      `There ${n === 1 ? 'is' : 'are'} ${n} program header${n === 1 ? '' : 's'}, starting at offset ${EHDR_SIZE}\n`;
  }
  out += n > 1 ? '\nProgram Headers:\n' : '\nProgram Header:\n';
  out += wide
    ? '  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align\n'
    : '  Type           Offset             VirtAddr           PhysAddr\n                 FileSiz            MemSiz              Flags  Align\n';
  const flags = (p: Phdr) => (p.flags.includes('R') ? 'R' : ' ') + (p.flags.includes('W') ? 'W' : ' ') + (p.flags.includes('E') ? 'E' : ' ');
  for (const p of elf.phdrs) {
    if (wide) {
      out += `  ${p.type.padEnd(14)} 0x${hexw(p.offset, 6)} 0x${hex16(p.vaddr)} 0x${hex16(p.vaddr)} 0x${hexw(p.filesz, 6)} 0x${hexw(p.memsz, 6)} ${flags(p)} 0x${p.align.toString(16)}\n`;
    } else {
      out += `  ${p.type.padEnd(14)} 0x${hex16(p.offset)} 0x${hex16(p.vaddr)} 0x${hex16(p.vaddr)}\n` +
        `                 0x${hex16(p.filesz)} 0x${hex16(p.memsz)}  ${flags(p)}    0x${p.align.toString(16)}\n`;
    }
    if (p.type === 'INTERP' && elf.interp) out += `      [Requesting program interpreter: ${elf.interp}]\n`;
  }
  out += '\n Section to Segment mapping:\n  Segment Sections...\n';
  elf.phdrs.forEach((p, i) => {
    out += `   ${String(i).padStart(2, '0')}     `;
    for (const s of elf.sections.slice(1)) if (sectionInSegment(s, p)) out += `${s.name} `;
    out += '\n';
  });
  return out;
}
