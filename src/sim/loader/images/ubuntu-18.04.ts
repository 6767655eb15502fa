// Ubuntu 18.04 (glibc 2.27, binutils 2.30): the ELF facts of the system's programs and libraries.
//
// SYNTHESISED — this machine cannot run Ubuntu 18.04, so nothing here was read from a real file. The figures are
// laid out the way binutils 2.30's default x86-64 linker script lays out a PIE or shared object (no
// -z separate-code; max-page-size 0x200000, common-page-size 0x1000; -z relro), from section sizes chosen so that:
//   * every page-granular size the seed chapter prints comes out exactly (its `pmap -p $$` of bash, the
//     hello-* pmaps): bash 1040K r-x / 16K r-- / 36K rw- / 40K anon; libc-2.27.so 1948K r-x, 2048K -----, 16K r--,
//     8K rw-, 16K anon; ld-2.27.so 164K r-x, 4K r--, 4K rw-, 4K anon; libtinfo.so.5.9 148K/2048K/16K/4K;
//     libdl-2.27.so 12K/2044K/4K/4K; libnss_files 44K/2044K/4K/4K + 24K anon; libnsl 92K/2044K/4K/4K + 8K anon;
//     libnss_nis 44K/2044K/4K/4K; libnss_compat 32K/2048K/4K/4K (tests/unit/images.test.ts checks each row);
//   * the well-known figures of the real files hold: libc-2.27.so is 2030544 bytes, its RW PT_LOAD starts at
//     0x3e7620 (offset 0x1e7620) with filesz 0x5240 and memsz 0x94c0, so ld.so's reserving mmap is
//     mmap(NULL, 4131552, PROT_READ|PROT_EXEC, ...) (0x3e7620 + 0x94c0 = 0x3f0ae0); main_arena lies in .data at
//     0x3ebc40; /bin/bash is 1113504 bytes, libtinfo.so.5.9 170784, /bin/cat 35064, /bin/ls 133792,
//     /bin/dash 121432, /usr/bin/sudo 149080.
//     ld-2.27.so: 170960 bytes is the size of the 2.27-3ubuntu1 build, whose text is 156K; the chapter's loader
//     has 164K of text and its data page at file offset 0x2a000, which needs a longer file: 179152 bytes (the
//     later 2.27-3ubuntu1.x size, 170960 + 8K) is used.
//   * build IDs of libc-2.27.so (b417c0ba...), /bin/bash (12f73d7a...) and /bin/ls (9567f9a2...) as `file` prints
//     them in published Ubuntu 18.04 transcripts (recalled, not measured); every other build ID is made up (a hash
//     of the path);
//   * everything else (section sizes, entry points, sh_link/sh_info, DT_NEEDED lists of the other programs, the
//     sizes of the files not named above) is plausible, not real: the other programs and libraries take their
//     section sizes from the Debian 12 builds of the same (or the nearest) packages, scaled. coreutils and dash
//     are laid out as linked with -z now (full RELRO: no .got.plt), which their known file sizes require.
// residentKiB: synthesised too (see RESIDENT below): chosen so that the seed's `ps -o rss` of bash (1968K) is
// reachable with the rest of the process (heap, stack, locale-archive) budgeted as noted there.
import type { ElfInfo, Phdr, Section } from '../elf.ts';
import type { ProfileImages, ProgramImage } from './types.ts';

const PAGE = 0x1000;
const MAXPAGE = 0x200000;
const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;
const pageDown = (n: number) => Math.floor(n / PAGE) * PAGE;

// ---------------------------------------------------------------------------------------------- layout

/** Section kinds as binutils 2.30 emits them: type, flags as readelf prints them, alignment. */
const KINDS: Record<string, [Section['type'], string, number]> = {
  '.interp': ['PROGBITS', 'A', 1],
  '.note.ABI-tag': ['NOTE', 'A', 4],
  '.note.gnu.build-id': ['NOTE', 'A', 4],
  '.hash': ['HASH', 'A', 8],
  '.gnu.hash': ['GNU_HASH', 'A', 8],
  '.dynsym': ['DYNSYM', 'A', 8],
  '.dynstr': ['STRTAB', 'A', 1],
  '.gnu.version': ['VERSYM', 'A', 2],
  '.gnu.version_d': ['VERDEF', 'A', 8],
  '.gnu.version_r': ['VERNEED', 'A', 8],
  '.rela.dyn': ['RELA', 'A', 8],
  '.rela.plt': ['RELA', 'AI', 8],
  '.init': ['PROGBITS', 'AX', 4],
  '.plt': ['PROGBITS', 'AX', 16],
  '.plt.got': ['PROGBITS', 'AX', 8],
  '.text': ['PROGBITS', 'AX', 16],
  __libc_freeres_fn: ['PROGBITS', 'AX', 16],
  __libc_thread_freeres_fn: ['PROGBITS', 'AX', 16],
  '.fini': ['PROGBITS', 'AX', 4],
  '.rodata': ['PROGBITS', 'A', 32],
  '.stapsdt.base': ['PROGBITS', 'A', 1],
  '.eh_frame_hdr': ['PROGBITS', 'A', 4],
  '.eh_frame': ['PROGBITS', 'A', 8],
  '.gcc_except_table': ['PROGBITS', 'A', 1],
  '.tdata': ['PROGBITS', 'WAT', 8],
  '.tbss': ['NOBITS', 'WAT', 8],
  '.init_array': ['INIT_ARRAY', 'WA', 8],
  '.fini_array': ['FINI_ARRAY', 'WA', 8],
  __libc_subfreeres: ['PROGBITS', 'WA', 8],
  __libc_atexit: ['PROGBITS', 'WA', 8],
  __libc_thread_subfreeres: ['PROGBITS', 'WA', 8],
  __libc_IO_vtables: ['PROGBITS', 'WA', 32],
  '.data.rel.ro': ['PROGBITS', 'WA', 32],
  '.dynamic': ['DYNAMIC', 'WA', 8],
  '.got': ['PROGBITS', 'WA', 8],
  '.got.plt': ['PROGBITS', 'WA', 8],
  '.data': ['PROGBITS', 'WA', 32],
  '.bss': ['NOBITS', 'WA', 32],
  __libc_freeres_ptrs: ['NOBITS', 'WA', 8],
  '.note.stapsdt': ['NOTE', '', 4],
  '.gnu_debuglink': ['PROGBITS', '', 4],
  '.shstrtab': ['STRTAB', '', 1],
};
const ENTSIZE: Record<string, number> = {
  '.hash': 4, '.dynsym': 0x18, '.gnu.version': 2, '.rela.dyn': 0x18, '.rela.plt': 0x18, '.plt': 0x10, '.plt.got': 8,
  '.init_array': 8, '.fini_array': 8, '.dynamic': 0x10, '.got': 8, '.got.plt': 8,
};
const kindOf = (name: string): [Section['type'], string, number] =>
  KINDS[name] ?? (name.startsWith('.gnu.warning.') ? ['PROGBITS', '', 32] : (() => { throw new Error(`unknown section ${name}`); })());

type Part = [name: string, size: number][];

interface Layout {
  /** exe: PIE (or, with `exec`, a non-PIE at 0x400000) with PT_PHDR/PT_INTERP; lib: shared object; libc has both. */
  kind: 'exe' | 'lib' | 'libc' | 'ldso';
  exec?: boolean;
  /** The R E segment from the ELF header on: headers, code, read-only data. */
  text: Part;
  /** The start of the RW segment that is read-only after relocation (PT_GNU_RELRO). */
  relro: Part;
  /** The rest of the RW segment (.got.plt, .data, .bss...). */
  data: Part;
  /** Non-allocated sections after the data; a size of -1 fills the file up to `fileSize`. */
  nonAlloc: Part;
  /** Entry point relative to the start of .text (programs, libc, ld.so); shared libraries have 0. */
  entry?: number;
  needed: string[];
  soname?: string;
  fileSize?: number;
  residentKiB?: number[];
  residentBssKiB?: number;
  osabi?: number;
  buildId?: string;
}

/** Lays the sections out as GNU ld 2.30 does (DATA_SEGMENT_ALIGN / DATA_SEGMENT_RELRO_END) and derives the phdrs. */
function build(l: Layout): ElfInfo {
  const isExe = l.kind === 'exe' || l.kind === 'libc';
  const hasTls = l.relro.some(([n]) => n === '.tdata');
  const nph = l.kind === 'exe' ? 9 : l.kind === 'libc' ? 10 : 7;
  const base = l.exec ? 0x400000 : 0;
  const sections: Section[] = [{ name: '', type: 'NULL', flags: '', addr: 0, offset: 0, size: 0, align: 0 }];
  const add = (name: string, addr: number, offset: number, size: number) => {
    const [type, flags, align] = kindOf(name);
    const s: Section = { name, type, flags, addr, offset, size, align };
    sections.push(s);
    return s;
  };

  // The R E segment: file offset == vaddr - base.
  let off = 0x40 + nph * 0x38;
  for (const [name, size] of l.text) {
    off = alignUp(off, kindOf(name)[2]);
    add(name, base + off, off, size);
    off += size;
  }
  const textEnd = off;

  // The RW segment. DATA_SEGMENT_ALIGN: the next 2 MiB boundary plus the same offset within it; then
  // DATA_SEGMENT_RELRO_END moves the segment up so that the RELRO region ends on a page boundary (with partial
  // RELRO the first 24 bytes of .got.plt are inside it), placing each RELRO section as high as its alignment lets.
  const guess = alignUp(base + textEnd, MAXPAGE) + ((base + textEnd) % MAXPAGE);
  const relroOffset = l.data[0]?.[0] === '.got.plt' && l.data[0][1] >= 24 ? 24 : 0;
  let v = guess;
  for (const [name, size] of l.relro) v = alignUp(v, kindOf(name)[2]) + (name === '.tbss' ? 0 : size);
  const relroEnd = alignUp(v + relroOffset, PAGE);
  const starts: number[] = [];
  let desired = relroEnd - relroOffset;
  for (let i = l.relro.length - 1; i >= 0; i--) {
    const [name, size] = l.relro[i]!;
    const a = kindOf(name)[2];
    starts[i] = Math.floor((desired - (name === '.tbss' ? 0 : size)) / a) * a;
    desired = starts[i]!;
  }
  const dataStart = l.relro.length ? starts[0]! : relroEnd;
  // File offset of the RW segment: congruent to its vaddr modulo the maximum page size, right after the text.
  const dataOff = textEnd + ((dataStart - base - textEnd) % MAXPAGE);
  const toOff = (addr: number) => dataOff + addr - dataStart;
  let fileOff = 0;
  const rw: Section[] = [];
  l.relro.forEach(([name, size], i) => {
    const s = add(name, starts[i]!, toOff(starts[i]!), size);
    rw.push(s);
    if (name !== '.tbss') fileOff = s.offset + size;
  });
  v = relroEnd - relroOffset;
  for (const [name, size] of l.data) {
    v = alignUp(v, kindOf(name)[2]);
    const nobits = kindOf(name)[0] === 'NOBITS';
    const s = add(name, v, nobits ? fileOff : toOff(v), size);
    rw.push(s);
    v += size;
    if (!nobits) fileOff = s.offset + size;
  }
  const fileEndAddr = Math.max(...rw.filter((s) => s.type !== 'NOBITS').map((s) => s.addr + s.size));
  const memEndAddr = Math.max(...rw.filter((s) => s.name !== '.tbss').map((s) => s.addr + s.size));

  // Non-allocated sections and the section header table at the end of the file.
  const nsec = sections.length + l.nonAlloc.length;
  off = fileOff;
  const fillAt = l.nonAlloc.findIndex(([, size]) => size < 0);
  for (const [i, [name, size0]] of l.nonAlloc.entries()) {
    off = alignUp(off, kindOf(name)[2]);
    let size = size0;
    if (i === fillAt) {
      // Fill so that the rest (and the 8-aligned section headers) end exactly at fileSize.
      const rest = l.nonAlloc.slice(i + 1).reduce((sum, [, s]) => sum + s, 0);
      size = l.fileSize! - nsec * 64 - rest - off;
      while (alignUp(off + size + rest, 8) + nsec * 64 > l.fileSize!) size--;
    }
    add(name, 0, off, size);
    off += size;
  }
  const fileSize = l.fileSize ?? alignUp(off, 8) + nsec * 64;

  // sh_entsize, sh_link, sh_info as ld fills them in.
  const idx = (name: string) => Math.max(0, sections.findIndex((s) => s.name === name));
  for (const s of sections) {
    s.entsize = ENTSIZE[s.name] ?? 0;
    s.link = ['.hash', '.gnu.hash', '.gnu.version', '.rela.dyn', '.rela.plt'].includes(s.name) ? idx('.dynsym')
      : ['.dynsym', '.gnu.version_d', '.gnu.version_r', '.dynamic'].includes(s.name) ? idx('.dynstr') : 0;
    s.info = s.name === '.dynsym' ? 1 : s.name === '.gnu.version_r' ? Math.max(1, l.needed.length)
      : s.name === '.gnu.version_d' ? (l.kind === 'libc' ? 36 : l.kind === 'ldso' ? 7 : 2)
      : s.name === '.rela.plt' ? idx(sections.some((x) => x.name === '.got.plt') ? '.got.plt' : '.got') : 0;
  }

  // Program headers.
  const sec = (name: string) => sections.find((s) => s.name === name);
  const ph = (type: Phdr['type'], s0: Section, filesz: number, memsz: number, flags: string, align: number): Phdr =>
    ({ type, offset: s0.offset, vaddr: s0.addr, filesz, memsz, flags, align });
  const phdrs: Phdr[] = [];
  if (isExe) {
    phdrs.push({ type: 'PHDR', offset: 0x40, vaddr: base + 0x40, filesz: nph * 0x38, memsz: nph * 0x38, flags: 'R', align: 8 });
    const interp = sec('.interp')!;
    phdrs.push(ph('INTERP', interp, interp.size, interp.size, 'R', 1));
  }
  phdrs.push({ type: 'LOAD', offset: 0, vaddr: base, filesz: textEnd, memsz: textEnd, flags: 'R E', align: MAXPAGE });
  phdrs.push({ type: 'LOAD', offset: toOff(dataStart), vaddr: dataStart, filesz: fileEndAddr - dataStart, memsz: memEndAddr - dataStart, flags: 'RW', align: MAXPAGE });
  const dyn = sec('.dynamic')!;
  phdrs.push(ph('DYNAMIC', dyn, dyn.size, dyn.size, 'RW', 8));
  const notes = sections.filter((s) => s.type === 'NOTE' && s.flags === 'A');
  phdrs.push(ph('NOTE', notes[0]!, notes[notes.length - 1]!.addr + notes[notes.length - 1]!.size - notes[0]!.addr,
    notes[notes.length - 1]!.addr + notes[notes.length - 1]!.size - notes[0]!.addr, 'R', 4));
  if (hasTls) {
    const td = sec('.tdata')!;
    const tb = sec('.tbss');
    phdrs.push(ph('TLS', td, td.size, (tb ? tb.addr + tb.size : td.addr + td.size) - td.addr, 'R', 8));
  }
  const ehh = sec('.eh_frame_hdr')!;
  phdrs.push(ph('GNU_EH_FRAME', ehh, ehh.size, ehh.size, 'R', 4));
  phdrs.push({ type: 'GNU_STACK', offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: 'RW', align: 0x10 });
  phdrs.push({ type: 'GNU_RELRO', offset: toOff(dataStart), vaddr: dataStart, filesz: relroEnd - dataStart, memsz: relroEnd - dataStart, flags: 'R', align: 1 });

  const elf: ElfInfo = {
    type: l.exec ? 'EXEC' : 'DYN',
    entry: l.entry === undefined ? 0 : sec('.text')!.addr + l.entry,
    phdrs, sections, needed: l.needed, fileSize,
  };
  if (isExe) elf.interp = INTERP;
  if (l.soname) elf.soname = l.soname;
  if (l.osabi) elf.osabi = l.osabi;
  if (l.buildId) elf.buildId = l.buildId;
  if (l.residentKiB) elf.residentKiB = l.residentKiB;
  if (l.residentBssKiB !== undefined) elf.residentBssKiB = l.residentBssKiB;
  return elf;
}

// ---------------------------------------------------------------------------------------------- compact specs

/** Section sizes of an ordinary program or library, from which the full section list is derived. */
interface Sizes {
  syms: number; strs: number; relocs: number; plt: number; text: number; rodata: number; eh: number;
  relro: number; got: number; data: number; bss: number;
}

/** bindNow: linked with -z now (full RELRO): no .got.plt, the PLT's slots are in .got inside the RELRO region. */
function compact(kind: 'exe' | 'lib', z: Sizes, needed: string[], extra: Partial<Layout> & { bindNow?: boolean } = {}): ElfInfo {
  const { bindNow, ...rest } = extra;
  const a8 = (n: number) => alignUp(n, 8);
  const text: Part = [
    ...(kind === 'exe' ? [['.interp', 0x1c] as [string, number]] : []),
    ['.note.ABI-tag', 0x20], ['.note.gnu.build-id', 0x24],
    ['.gnu.hash', kind === 'exe' ? 0x1c + 8 * Math.ceil(z.syms / 32) + 4 : a8(0x30 + 4 * z.syms)],
    ['.dynsym', 24 * z.syms], ['.dynstr', z.strs], ['.gnu.version', 2 * z.syms],
    ...(kind === 'lib' ? [['.gnu.version_d', 0x38] as [string, number]] : []),
    ['.gnu.version_r', kind === 'exe' ? 0x70 : 0x30],
    ['.rela.dyn', 24 * z.relocs],
    ...(z.plt ? [['.rela.plt', 24 * z.plt] as [string, number]] : []),
    ['.init', 0x17],
    ...(z.plt ? [['.plt', 16 * (z.plt + 1)] as [string, number]] : []),
    ['.plt.got', 8], ['.text', z.text], ['.fini', 9], ['.rodata', z.rodata],
    ['.eh_frame_hdr', alignUp(Math.round(z.eh / 6), 4) + 4], ['.eh_frame', z.eh],
  ];
  const relro: Part = [['.init_array', 8], ['.fini_array', 8], ...(z.relro ? [['.data.rel.ro', z.relro] as [string, number]] : []),
    ['.dynamic', kind === 'exe' ? 0x1f0 : 0x1c0], ['.got', 8 * (bindNow ? z.got + z.plt + 3 : z.got)]];
  const data: Part = [...(z.plt && !bindNow ? [['.got.plt', 0x18 + 8 * z.plt] as [string, number]] : []), ['.data', z.data], ['.bss', z.bss]];
  return build({
    kind, text, relro, data,
    // With a known file size, .shstrtab takes up what is left (the sizes are tuned so that it stays plausible).
    nonAlloc: [['.gnu_debuglink', 0x34], ['.shstrtab', rest.fileSize ? -1 : kind === 'exe' ? 0x10c : 0xfa]],
    entry: kind === 'exe' ? Math.min(0x1320, alignUp(Math.floor(z.text / 9), 16)) : undefined,
    needed, ...rest,
  });
}
const exe = (z: Sizes, needed: string[], extra?: Partial<Layout> & { bindNow?: boolean }) => compact('exe', z, needed, extra);
const lib = (soname: string, z: Sizes, needed: string[], extra?: Partial<Layout>) => compact('lib', z, needed, { soname, ...extra });

// ---------------------------------------------------------------------------------------------- the loader, libc, bash

const INTERP = '/lib64/ld-linux-x86-64.so.2';
const L = '/lib/x86_64-linux-gnu';
const UL = '/usr/lib/x86_64-linux-gnu';

/** ld-2.27.so: text to 0x28d08 (164K r-x), RW from 0x229280 (RELRO to 0x22a000), data to 0x22aeb0, .bss into 0x22b000. */
const ldso = build({
  kind: 'ldso',
  text: [
    ['.note.gnu.build-id', 0x24], ['.hash', 0x140], ['.gnu.hash', 0x168], ['.dynsym', 0x3c0], ['.dynstr', 0x238],
    ['.gnu.version', 0x50], ['.gnu.version_d', 0x104], ['.rela.dyn', 0xb58], ['.rela.plt', 0x78], ['.plt', 0x60],
    ['.plt.got', 0x8], ['.text', 0x1f1e0], ['.rodata', 0x4f20], ['.stapsdt.base', 0x1], ['.eh_frame_hdr', 0x7a4],
    ['.eh_frame', 0x2c20],
  ],
  relro: [['.data.rel.ro', 0xa30], ['.dynamic', 0x1d0], ['.got', 0x158]],
  data: [['.got.plt', 0x40], ['.data', 0xe70], ['.bss', 0x1f0]],
  nonAlloc: [['.note.stapsdt', -1], ['.gnu_debuglink', 0x34], ['.shstrtab', 0xfc]],
  entry: 0x10, needed: [], soname: 'ld-linux-x86-64.so.2', fileSize: 179152,
  residentKiB: [148, 8], residentBssKiB: 4,
});

/** libc-2.27.so: text to 0x1e6xxx (1948K r-x), RW 0x3e7620 + 0x5240/0x94c0 (16K RELRO, 8K rw-, 16K .bss). */
const libc = build({
  kind: 'libc',
  text: [
    ['.note.gnu.build-id', 0x24], ['.note.ABI-tag', 0x20], ['.gnu.hash', 0x3c9c], ['.dynsym', 0xd3c0], ['.dynstr', 0x5b87],
    ['.gnu.version', 0x11a0], ['.gnu.version_d', 0x41c], ['.gnu.version_r', 0x30], ['.rela.dyn', 0x14e18],
    ['.rela.plt', 0x1b0], ['.plt', 0x130], ['.plt.got', 0x10], ['.text', 0x17469c], ['__libc_freeres_fn', 0x10f3],
    ['__libc_thread_freeres_fn', 0x10a], ['.rodata', 0x1ed10], ['.stapsdt.base', 0x1], ['.interp', 0x1c],
    ['.eh_frame_hdr', 0x5b54], ['.eh_frame', 0x1f1c0], ['.gcc_except_table', 0x3c9],
  ],
  relro: [
    ['.tdata', 0x10], ['.tbss', 0x70], ['.init_array', 0x10], ['__libc_subfreeres', 0x100], ['__libc_atexit', 0x8],
    ['__libc_thread_subfreeres', 0x18], ['__libc_IO_vtables', 0xd68], ['.data.rel.ro', 0x2660], ['.dynamic', 0x1e0],
    ['.got', 0x2c8],
  ],
  data: [['.got.plt', 0xb8], ['.data', 0x17c0], ['.bss', 0x4258], ['__libc_freeres_ptrs', 0x28]],
  nonAlloc: [
    ['.note.stapsdt', -1],
    ['.gnu.warning.sigstack', 0x4d], ['.gnu.warning.sigreturn', 0x32], ['.gnu.warning.siggetmask', 0x39],
    ['.gnu.warning.tempnam', 0x38], ['.gnu.warning.tmpnam', 0x37], ['.gnu.warning.tmpnam_r', 0x39],
    ['.gnu.warning.gets', 0x39], ['.gnu.warning.getpw', 0x3a], ['.gnu.warning.getwd', 0x7a],
    ['.gnu.warning.mktemp', 0x44], ['.gnu.warning.gtty', 0x2d], ['.gnu.warning.stty', 0x2d],
    ['.gnu_debuglink', 0x34], ['.shstrtab', 0x2d4],
  ],
  entry: 0x590, needed: ['ld-linux-x86-64.so.2'], soname: 'libc.so.6', fileSize: 2030544, osabi: 3,
  buildId: 'b417c0ba7cc5cf06d1d1bed6652cedb9253c60d0',
  residentKiB: [520, 24], residentBssKiB: 12,
});

/** /bin/bash (bash 4.4.18): text to 0x103xxx (1040K r-x), RELRO 0x303xxx-0x307000, .data to 0x30fxxx, .bss to 0x319xxx. */
const bash = build({
  kind: 'exe',
  text: [
    ['.interp', 0x1c], ['.note.ABI-tag', 0x20], ['.note.gnu.build-id', 0x24], ['.gnu.hash', 0x4aa0], ['.dynsym', 0xe3d0],
    ['.dynstr', 0x9523], ['.gnu.version', 0x12fe], ['.gnu.version_r', 0xb0], ['.rela.dyn', 0xdc50], ['.rela.plt', 0x1470],
    ['.init', 0x17], ['.plt', 0xdb0], ['.plt.got', 0x18], ['.text', 0xa13ca], ['.fini', 0x9], ['.rodata', 0x18c00],
    ['.eh_frame_hdr', 0x4264], ['.eh_frame', 0x17f40],
  ],
  relro: [['.init_array', 0x8], ['.fini_array', 0x8], ['.data.rel.ro', 0x2d40], ['.dynamic', 0x200], ['.got', 0x3a0]],
  data: [['.got.plt', 0x6e8], ['.data', 0x7e40], ['.bss', 0xa760]],
  nonAlloc: [['.gnu_debuglink', 0x34], ['.shstrtab', -1]],
  entry: 0x1fa0, needed: ['libtinfo.so.5', 'libdl.so.2', 'libc.so.6'], fileSize: 1113504,
  buildId: '12f73d7a8e226c663034529c8dd20efec22dde54',
  residentKiB: [620, 52], residentBssKiB: 28,
});

// ---------------------------------------------------------------------------------------------- libraries

const glibcLib = (soname: string, z: Sizes, needed: string[], extra?: Partial<Layout>) =>
  lib(soname, z, needed, { nonAlloc: [['.gnu_debuglink', 0x34], ['.shstrtab', 0x108]], ...extra });


// The libraries whose pages the chapter prints (sizes chosen to give exactly those pages).
const libtinfo = lib('libtinfo.so.5', { syms: 300, strs: 0xf00, relocs: 1300, plt: 40, text: 0x10800, rodata: 0x6200, eh: 0x2200, relro: 0x3700, got: 172, data: 0x160, bss: 0x40d },
  ['libc.so.6'], { fileSize: 170784, nonAlloc: [['.gnu_debuglink', 0x34], ['.shstrtab', -1]], residentKiB: [64, 20] });
const libdl = glibcLib('libdl.so.2', { syms: 55, strs: 0x2f0, relocs: 16, plt: 12, text: 0xd00, rodata: 0x1d0, eh: 0x5a0, relro: 0, got: 5, data: 0x10, bss: 0x10 },
  ['libc.so.6', 'ld-linux-x86-64.so.2'], { residentKiB: [8, 8] });
const libnssFiles = glibcLib('libnss_files.so.2', { syms: 150, strs: 0x9c0, relocs: 30, plt: 60, text: 0x6800, rodata: 0x5a0, eh: 0x1200, relro: 0x40, got: 15, data: 0x20, bss: 0x6700 },
  ['libc.so.6'], { residentKiB: [12, 8], residentBssKiB: 4 });
const libnsl = glibcLib('libnsl.so.1', { syms: 250, strs: 0x1600, relocs: 80, plt: 70, text: 0xe200, rodata: 0x1200, eh: 0x2600, relro: 0x200, got: 40, data: 0x60, bss: 0x1e00 },
  ['libc.so.6'], { residentKiB: [16, 8], residentBssKiB: 4 });
const libnssNis = glibcLib('libnss_nis.so.2', { syms: 120, strs: 0x900, relocs: 40, plt: 75, text: 0x6700, rodata: 0x600, eh: 0x1300, relro: 0x60, got: 20, data: 0x30, bss: 0x38 },
  ['libnsl.so.1', 'libnss_files.so.2', 'libc.so.6'], { residentKiB: [12, 8] });
const libnssCompat = glibcLib('libnss_compat.so.2', { syms: 110, strs: 0x800, relocs: 30, plt: 70, text: 0x4760, rodata: 0x280, eh: 0xd00, relro: 0x0, got: 20, data: 0x10, bss: 0xc0 },
  ['libc.so.6'], { residentKiB: [12, 8] });

// The other libraries: sizes from the Debian 12 builds of the same libraries (or of their successors: libpcre2 for
// libpcre3, libproc2 for libprocps), scaled; glibc's from the 2.27 layout of the others. Not real figures.
const Z = (syms: number, strs: number, relocs: number, plt: number, text: number, rodata: number, eh: number, relro: number,
  got: number, data: number, bss: number): Sizes => ({ syms, strs, relocs, plt, text, rodata, eh, relro, got, data, bss });
const LIBS: [name: string, path: string, realPath: string, elf: ElfInfo][] = [
  ['ld-linux-x86-64.so.2', INTERP, `${L}/ld-2.27.so`, ldso],
  ['libc.so.6', `${L}/libc.so.6`, `${L}/libc-2.27.so`, libc],
  ['libtinfo.so.5', `${L}/libtinfo.so.5`, `${L}/libtinfo.so.5.9`, libtinfo],
  ['libdl.so.2', `${L}/libdl.so.2`, `${L}/libdl-2.27.so`, libdl],
  ['libnss_files.so.2', `${L}/libnss_files.so.2`, `${L}/libnss_files-2.27.so`, libnssFiles],
  ['libnsl.so.1', `${L}/libnsl.so.1`, `${L}/libnsl-2.27.so`, libnsl],
  ['libnss_nis.so.2', `${L}/libnss_nis.so.2`, `${L}/libnss_nis-2.27.so`, libnssNis],
  ['libnss_compat.so.2', `${L}/libnss_compat.so.2`, `${L}/libnss_compat-2.27.so`, libnssCompat],
  ['libpthread.so.0', `${L}/libpthread.so.0`, `${L}/libpthread-2.27.so`,
    glibcLib('libpthread.so.0', Z(330, 0x1500, 60, 40, 0xfd00, 0x1200, 0x3600, 0x60, 30, 0x90, 0x3500), ['libc.so.6', 'ld-linux-x86-64.so.2'])],
  ['librt.so.1', `${L}/librt.so.1`, `${L}/librt-2.27.so`,
    glibcLib('librt.so.1', Z(100, 0x900, 20, 45, 0x3a00, 0x200, 0xa00, 0, 10, 0x10, 0x50), ['libpthread.so.0', 'libc.so.6'])],
  ['libutil.so.1', `${L}/libutil.so.1`, `${L}/libutil-2.27.so`,
    glibcLib('libutil.so.1', Z(30, 0x200, 8, 20, 0x900, 0x60, 0x200, 0, 5, 0x10, 0x8), ['libc.so.6'])],
  ['libm.so.6', `${L}/libm.so.6`, `${L}/libm-2.27.so`,
    glibcLib('libm.so.6', Z(2182, 0x4877, 61, 31, 0xcf2fb, 0x8ee3a, 0xf6cc, 0, 10, 0x16, 0x16), ['libc.so.6'])],
  ['libselinux.so.1', `${L}/libselinux.so.1`, `${L}/libselinux.so.1`,
    lib('libselinux.so.1', Z(348, 0x183a, 41, 190, 0x170c3, 0x1e4a, 0x40ed, 0x2b, 216, 0x5e, 0x227b), ['libpcre.so.3', 'libdl.so.2', 'libc.so.6'])],
  ['libpcre.so.3', `${L}/libpcre.so.3`, `${L}/libpcre.so.3.13.3`,
    lib('libpcre.so.3', Z(73, 0x6b0, 29, 26, 0x4ecb6, 0x1aacc, 0x4a8e, 0x94, 5, 0x11c, 0xac), ['libc.so.6'])],
  ['libacl.so.1', `${L}/libacl.so.1`, `${L}/libacl.so.1.1.0`,
    lib('libacl.so.1', Z(78, 0x3af, 8, 47, 0x38eb, 0x25d, 0xae6, 0, 55, 0x7, 0x24), ['libattr.so.1', 'libc.so.6'])],
  ['libattr.so.1', `${L}/libattr.so.1`, `${L}/libattr.so.1.1.0`,
    lib('libattr.so.1', Z(61, 0x22a, 9, 34, 0x1cc7, 0xa8, 0x571, 0, 43, 0x7, 0xe), ['libc.so.6'])],
  ['libprocps.so.6', `${L}/libprocps.so.6`, `${L}/libprocps.so.6.0.0`,
    lib('libprocps.so.6', Z(60, 0x36d, 710, 38, 0x77e6, 0xeb3, 0x2580, 0x1fcd, 42, 0x9e, 0x16), ['libsystemd.so.0', 'libc.so.6'])],
  ['libsystemd.so.0', `${L}/libsystemd.so.0`, `${L}/libsystemd.so.0.21.0`,
    lib('libsystemd.so.0', Z(544, 0x2c72, 749, 268, 0x4d604, 0x10a0f, 0x9dac, 0x60f4, 281, 0x56, 0x6a0),
      ['librt.so.1', 'liblzma.so.5', 'liblz4.so.1', 'libgcrypt.so.20', 'libpthread.so.0', 'libc.so.6'])],
  ['liblzma.so.5', `${L}/liblzma.so.5`, `${L}/liblzma.so.5.2.2`,
    lib('liblzma.so.5', Z(139, 0xa6d, 83, 77, 0x19b23, 0x618a, 0x3f19, 0x5f6, 85, 0x7, 0xe), ['libpthread.so.0', 'libc.so.6'])],
  ['liblz4.so.1', `${UL}/liblz4.so.1`, `${UL}/liblz4.so.1.7.1`,
    lib('liblz4.so.1', Z(92, 0x7c7, 23, 44, 0x15c41, 0x450, 0x16bc, 0x8a, 3, 0x6, 0x6), ['libc.so.6'])],
  ['libgcrypt.so.20', `${L}/libgcrypt.so.20`, `${L}/libgcrypt.so.20.2.1`,
    lib('libgcrypt.so.20', Z(258, 0x1026, 1505, 71, 0xc5e62, 0x264af, 0x100d5, 0x37c1, 146, 0x33e7, 0x4f1), ['libgpg-error.so.0', 'libc.so.6'])],
  ['libgpg-error.so.0', `${L}/libgpg-error.so.0`, `${L}/libgpg-error.so.0.22.0`,
    lib('libgpg-error.so.0', Z(161, 0x862, 47, 62, 0xcb6f, 0x35d5, 0x2430, 0x1ea, 68, 0x32, 0xdd), ['libc.so.6'])],
  ['libaudit.so.1', `${L}/libaudit.so.1`, `${L}/libaudit.so.1.0.0`,
    lib('libaudit.so.1', Z(139, 0x905, 52, 83, 0x5f50, 0x112d7, 0x101a, 0x27a, 95, 0x16, 0xe705), ['libcap-ng.so.0', 'libc.so.6'])],
  ['libcap-ng.so.0', `${L}/libcap-ng.so.0`, `${L}/libcap-ng.so.0.0.0`,
    lib('libcap-ng.so.0', Z(59, 0x38a, 11, 41, 0x2573, 0x54e, 0x5bd, 0x16, 50, 0x7, 0x32), ['libc.so.6'])],
  ['libsudo_util.so.0', '/usr/lib/sudo/libsudo_util.so.0', '/usr/lib/sudo/libsudo_util.so.0.0.0',
    lib('libsudo_util.so.0', Z(165, 0xaec, 53, 90, 0x9269, 0x13ba, 0x19ac, 0x140, 97, 0x1a0, 0x4d8), ['libc.so.6'])],
  ['libbfd-2.30-system.so', `${UL}/libbfd-2.30-system.so`, `${UL}/libbfd-2.30-system.so`,
    lib('libbfd-2.30-system.so', Z(790, 0x45db, 6128, 433, 0xb4480, 0x19c80, 0x1130d, 0xf47a, 51, 0xf06, 0x2ba), ['libz.so.1', 'libc.so.6'])],
  ['libz.so.1', `${L}/libz.so.1`, `${L}/libz.so.1.2.11`,
    lib('libz.so.1', Z(113, 0x543, 29, 43, 0x10049, 0x4117, 0x1535, 0x12e, 4, 0x7, 0x7), ['libc.so.6'])],
  ['libmagic.so.1', `${UL}/libmagic.so.1`, `${UL}/libmagic.so.1.0.0`,
    lib('libmagic.so.1', Z(112, 0x50b, 179, 94, 0x15632, 0x437f, 0x221a, 0x89a, 102, 0x11d, 0x266), ['libz.so.1', 'libc.so.6'])],
  ['libelf.so.1', `${UL}/libelf.so.1`, `${UL}/libelf-0.170.so`,
    lib('libelf.so.1', Z(151, 0x7cb, 56, 46, 0xf4a6, 0x1552, 0x1e06, 0x185, 5, 0x7, 0xe), ['libz.so.1', 'libc.so.6'])],
  ['libexpat.so.1', `${L}/libexpat.so.1`, `${L}/libexpat.so.1.6.7`,
    lib('libexpat.so.1', Z(82, 0x6e1, 275, 13, 0x1884c, 0x3d16, 0x29ec, 0x1933, 7, 0x7, 0x7), ['libc.so.6'])],
];

// ---------------------------------------------------------------------------------------------- programs

const C = ['libc.so.6'];
const SEL = ['libselinux.so.1', 'libc.so.6'];
/** Programs by the registry's name: [install path, real file if a symlink, sizes (from Debian 12's build), needed, extras]. */
const PROGS: [name: string, path: string, realPath: string | undefined, z: Sizes, needed: string[], extra?: Partial<Layout> & { bindNow?: boolean }][] = [
  ['dash', '/bin/dash', undefined, Z(100, 0x399, 285, 80, 0x11f78, 0x1d93, 0x2ecd, 0xc43, 88, 0x223, 0x2aee), C, { fileSize: 121432 }],
  ['cat', '/bin/cat', undefined, Z(52, 0x27c, 29, 42, 0x3d77, 0xba5, 0xb88, 0x13e, 4, 0xc2, 0x13e), C, { fileSize: 35064 }],
  ['chmod', '/bin/chmod', undefined, Z(68, 0x2f0, 34, 54, 0x7d60, 0x11ba, 0x17bd, 0x18c, 5, 0x90, 0x1b0), C],
  ['cp', '/bin/cp', undefined, Z(140, 0x67c, 77, 125, 0x14f3e, 0x2df5, 0x2ddf, 0x4b2, 5, 0x90, 0x5cb), ['libselinux.so.1', 'libacl.so.1', 'libattr.so.1', 'libc.so.6']],
  ['date', '/bin/date', undefined, Z(75, 0x36f, 167, 59, 0x10053, 0x372e, 0x1702, 0xa8c, 6, 0x90, 0x19a), C],
  ['dd', '/bin/dd', undefined, Z(81, 0x3c6, 29, 68, 0xb7a6, 0x2456, 0x1751, 0xc2, 5, 0xb4, 0x406), C],
  ['echo', '/bin/echo', undefined, Z(50, 0x278, 23, 40, 0x3a45, 0xe39, 0xc43, 0x4f, 5, 0x73, 0x16f), C],
  ['false', '/bin/false', undefined, Z(48, 0x25b, 23, 37, 0x34a5, 0x9f3, 0xc0a, 0x4f, 5, 0x73, 0x16f), C],
  ['grep', '/bin/grep', undefined, Z(152, 0x750, 150, 120, 0x20f6c, 0x2c09, 0x3c62, 0x9b5, 129, 0xf7, 0xfe11), ['libpcre.so.3', 'libc.so.6']],
  ['hostname', '/bin/hostname', undefined, Z(45, 0x206, 23, 36, 0xba6, 0x782, 0x24e, 0x1b0, 43, 0xe, 0x414), C],
  ['kill', '/bin/kill', undefined, Z(43, 0x206, 47, 31, 0xf05, 0x4ab, 0x31c, 0x288, 38, 0xe, 0x73), ['libprocps.so.6', 'libc.so.6']],
  ['ln', '/bin/ln', undefined, Z(81, 0x380, 50, 68, 0x7f83, 0x17c4, 0x1adc, 0x28f, 5, 0x97, 0x1b0), C],
  ['ls', '/bin/ls', undefined, Z(109, 0x507, 196, 87, 0x133fe, 0x445a, 0x2de0, 0x953, 9, 0x26a, 0x1042), SEL, { fileSize: 133792, buildId: '9567f9a28e66f4d7ec4baf31cfbf68d0410f0ae6' }],
  ['mkdir', '/bin/mkdir', undefined, Z(103, 0x483, 31, 89, 0xc7cb, 0x12d8, 0x1e92, 0x119, 5, 0x73, 0x193), SEL],
  ['mv', '/bin/mv', undefined, Z(140, 0x67c, 50, 125, 0x14f13, 0x2465, 0x2e27, 0x272, 5, 0x97, 0x575), ['libselinux.so.1', 'libacl.so.1', 'libattr.so.1', 'libc.so.6']],
  ['pidof', '/bin/pidof', '/sbin/killall5', Z(61, 0x27c, 16, 52, 0x1ee0, 0x563, 0x36b, 0x32, 59, 0xe, 0x73), C],
  ['ps', '/bin/ps', undefined, Z(101, 0x488, 1055, 92, 0xdecd, 0x3afa, 0x1792, 0x3258, 99, 0x24e, 0x1cf2a), ['libprocps.so.6', 'libsystemd.so.0', 'libdl.so.2', 'libc.so.6']],
  ['pwd', '/bin/pwd', undefined, Z(61, 0x2ba, 27, 50, 0x3c2e, 0xb69, 0xcf0, 0xdf, 5, 0x73, 0x16f), C],
  ['readlink', '/bin/readlink', undefined, Z(58, 0x2ba, 32, 46, 0x534d, 0xe56, 0x12ad, 0x18c, 5, 0x73, 0x16f), C],
  ['rm', '/bin/rm', undefined, Z(74, 0x333, 42, 59, 0x86b6, 0x173d, 0x1abf, 0x1e2, 5, 0x90, 0x193), C],
  ['rmdir', '/bin/rmdir', undefined, Z(59, 0x2c5, 29, 48, 0x6b09, 0xe92, 0xdcf, 0x119, 5, 0x73, 0x16f), C],
  ['sed', '/bin/sed', undefined, Z(130, 0x5ec, 73, 98, 0x11365, 0x25e2, 0x24bb, 0x392, 5, 0x15d, 0x886), ['libacl.so.1', 'libselinux.so.1', 'libc.so.6']],
  ['sleep', '/bin/sleep', undefined, Z(55, 0x298, 26, 42, 0x3c20, 0xa81, 0xdcf, 0xa6, 5, 0x73, 0x193), C],
  ['sync', '/bin/sync', undefined, Z(56, 0x28b, 27, 44, 0x39a6, 0xad9, 0xc60, 0xdf, 5, 0x73, 0x16f), C],
  ['touch', '/bin/touch', undefined, Z(76, 0x367, 158, 61, 0xe2e8, 0x27c5, 0x16a4, 0x989, 6, 0x90, 0x1d4), C],
  ['true', '/bin/true', undefined, Z(48, 0x25b, 23, 37, 0x34a5, 0x9f3, 0xc0a, 0x4f, 5, 0x73, 0x16f), C],
  ['uname', '/bin/uname', undefined, Z(51, 0x27b, 37, 40, 0x37ae, 0xc89, 0xc52, 0x239, 5, 0x90, 0x16f), C],
  ['basename', '/usr/bin/basename', undefined, Z(51, 0x27c, 29, 39, 0x3805, 0xb69, 0xccc, 0xfc, 5, 0x73, 0x18c), C],
  ['clear', '/usr/bin/clear', undefined, Z(30, 0x1a3, 13, 20, 0x43c, 0xd7, 0x16f, 0, 32, 0x16, 0x73), ['libtinfo.so.5', 'libc.so.6']],
  ['cmp', '/usr/bin/cmp', undefined, Z(77, 0x338, 29, 64, 0x58b9, 0xd1e, 0xfb5, 0x176, 5, 0x24, 0xe8a6), C],
  ['diff', '/usr/bin/diff', undefined, Z(122, 0x4eb, 158, 108, 0x14765, 0x3071, 0x3072, 0x9ad, 5, 0x103, 0xee46), C],
  ['dirname', '/usr/bin/dirname', undefined, Z(51, 0x284, 26, 40, 0x372d, 0xa66, 0xca8, 0xc2, 5, 0x73, 0x16f), C],
  ['env', '/usr/bin/env', undefined, Z(73, 0x347, 36, 58, 0x4e03, 0x13f6, 0xe66, 0x1c6, 5, 0x1ed, 0x2e6), C],
  ['head', '/usr/bin/head', undefined, Z(61, 0x2d5, 33, 49, 0x5171, 0x101f, 0xf22, 0x18c, 5, 0x90, 0x18c), C],
  ['id', '/usr/bin/id', undefined, Z(67, 0x32b, 32, 55, 0x4ef8, 0x101d, 0xeae, 0x16f, 5, 0x90, 0x1c6), SEL],
  ['printf', '/usr/bin/printf', undefined, Z(59, 0x2c2, 23, 49, 0x7e55, 0x1518, 0x103a, 0x4f, 5, 0x73, 0x185), C],
  ['seq', '/usr/bin/seq', undefined, Z(63, 0x2f3, 29, 50, 0x7b03, 0x122b, 0xf0c, 0xfc, 5, 0x73, 0x1b0), C],
  ['sort', '/usr/bin/sort', undefined, Z(123, 0x5d2, 76, 102, 0xf848, 0x2853, 0x256f, 0x422, 6, 0x17e, 0x76d), ['libpthread.so.0', 'libc.so.6']],
  ['stat', '/usr/bin/stat', undefined, Z(93, 0x42b, 38, 78, 0xd606, 0x26ed, 0x18dd, 0x16f, 6, 0x90, 0x232), SEL],
  ['sudo', '/usr/bin/sudo', undefined, Z(144, 0x7df, 105, 132, 0x16f5c, 0x4296, 0x297f, 0x569, 137, 0x9c1, 0x1006),
    ['libaudit.so.1', 'libselinux.so.1', 'libutil.so.1', 'libsudo_util.so.0', 'libc.so.6'], { fileSize: 149080 }],
  ['tail', '/usr/bin/tail', undefined, Z(79, 0x372, 41, 67, 0x93d1, 0x1bcd, 0x1813, 0x239, 5, 0xad, 0x193), C],
  ['tee', '/usr/bin/tee', undefined, Z(61, 0x2d0, 34, 48, 0x403b, 0xcfd, 0xea7, 0x136, 5, 0x90, 0x193), C],
  ['uniq', '/usr/bin/uniq', undefined, Z(64, 0x2ea, 44, 50, 0x4dad, 0x12b5, 0x1025, 0x239, 5, 0x90, 0x1a9), C],
  ['wc', '/usr/bin/wc', undefined, Z(80, 0x39b, 37, 59, 0x5768, 0x1033, 0x106d, 0x16f, 6, 0x97, 0x1c6), C],
  ['whoami', '/usr/bin/whoami', undefined, Z(53, 0x286, 26, 41, 0x3758, 0x99d, 0xc92, 0xa6, 5, 0x73, 0x18c), C],
  ['yes', '/usr/bin/yes', undefined, Z(51, 0x272, 26, 39, 0x38f9, 0x963, 0xd2a, 0xa6, 5, 0x73, 0x18c), C],
  ['pmap', '/usr/bin/pmap', undefined, Z(59, 0x2b2, 23, 47, 0x2dab, 0xcb8, 0x3e2, 0x15a, 54, 0x2b, 0x4de), ['libprocps.so.6', 'libc.so.6']],
  ['size', '/usr/bin/size', '/usr/bin/x86_64-linux-gnu-size', Z(56, 0x2a5, 23, 45, 0x1782, 0x9f8, 0x3c1, 0, 10, 0x103, 0x89), ['libbfd-2.30-system.so', 'libdl.so.2', 'libc.so.6']],
  ['readelf', '/usr/bin/readelf', '/usr/bin/x86_64-linux-gnu-readelf', Z(74, 0x306, 1095, 64, 0x50ba9, 0x293a0, 0x4e09, 0x2748, 8, 0x1950, 0x294c), C],
  ['file', '/usr/bin/file', undefined, Z(47, 0x217, 65, 37, 0x17da, 0xf4c, 0x2fb, 0x42a, 44, 0x144, 0x65), ['libmagic.so.1', 'libc.so.6']],
  ['free', '/usr/bin/free', undefined, Z(38, 0x20a, 32, 25, 0x1700, 0x7d1, 0x281, 0x27a, 32, 0xe, 0x1d23), ['libprocps.so.6', 'libc.so.6']],
  ['getconf', '/usr/bin/getconf', undefined, Z(25, 0x142, 101, 16, 0x64b, 0x1685, 0x10e, 0x1213, 5, 0xe, 0x2b), C],
  ['setarch', '/usr/bin/setarch', undefined, Z(36, 0x190, 39, 26, 0xcee, 0x84c, 0x16f, 0x1ea, 33, 0x10a, 0x19a), C],
  ['strace', '/usr/bin/strace', undefined, Z(51, 0x220, 7457, 45, 0x32742, 0x16e7b, 0x7208, 0x1f80a, 51, 0x61, 0xda61), C],
  ['ltrace', '/usr/bin/ltrace', undefined, Z(94, 0x3bd, 856, 83, 0x20698, 0x5e1d, 0x56d3, 0xcc0, 10, 0x1673, 0xfed), ['libelf.so.1', 'libselinux.so.1', 'libc.so.6']],
  ['gcc', '/usr/bin/gcc', '/usr/bin/x86_64-linux-gnu-gcc-7', Z(125, 0x493, 11, 108, 0x79a32, 0x69473, 0x114c0, 0x2146, 7, 0xa3a, 0x2f4d), C, { exec: true }],
  ['make', '/usr/bin/make', undefined, Z(391, 0x1476, 470, 114, 0x1f5c0, 0x4dc9, 0x3e0b, 0x965, 5, 0xc8f, 0x3329), C],
  ['python3', '/usr/bin/python3', '/usr/bin/python3.6', Z(1457, 0x663c, 15, 326, 0x1c638b, 0x14e313, 0x422d9, 0, 1, 0xb67ad, 0x2d777),
    ['libc.so.6', 'libpthread.so.0', 'libdl.so.2', 'libutil.so.1', 'libexpat.so.1', 'libz.so.1', 'libm.so.6'], { exec: true }],
];
const SCRIPTS: [name: string, path: string, script: string, fileSize: number][] = [
  ['which', '/bin/which', '#! /bin/sh', 946],
  ['ldd', '/usr/bin/ldd', '#! /bin/bash', 5424],
];

// ---------------------------------------------------------------------------------------------- resident sets

// RESIDENT: bash, libc, ld.so, libtinfo, libdl and the NSS modules carry explicit figures (above), chosen with this
// budget for the seed's bash (ps RSS 1968K): bash 620+16+36 + 28 bss; libc 520+16+8 + 12; ld.so 148+4+4 + 4;
// libtinfo 64+16+4; libdl 8+4+4; NSS modules and libnsl 12-16 + 8 each (+ 4 bss for files and nsl); leaving
// 360K for the heap (216K: loader/runtime.ts), stack (8K), locale-archive (96K), gconv-modules.cache (28K), the
// 8K of ld.so's minimal-malloc region and the vDSO (4K): 1608K + 360K = 1968K.
// Everything else: the R E segment at 60% of its pages (bash's proportion), the RW segment's file pages all,
// .bss up to 8K.
/** A made-up but stable NT_GNU_BUILD_ID (40 hex digits) for the files whose real one is not known. */
function fakeBuildId(path: string): string {
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    let h = 0x811c9dc5 ^ round;
    for (const ch of path) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

function withResident(e: ElfInfo, path: string): ElfInfo {
  e.buildId ??= fakeBuildId(path);
  if (e.residentKiB) return e;
  const [t, d] = e.phdrs.filter((p) => p.type === 'LOAD') as [Phdr, Phdr];
  const kib = (a: number, b: number) => (b - a) / 1024;
  const textKiB = kib(pageDown(t.vaddr), alignUp(t.vaddr + t.filesz, PAGE));
  const dataKiB = kib(pageDown(d.vaddr), alignUp(d.vaddr + d.filesz, PAGE));
  const bssKiB = kib(alignUp(d.vaddr + d.filesz, PAGE), alignUp(d.vaddr + d.memsz, PAGE));
  e.residentKiB = [Math.max(4, Math.round((textKiB * 0.6) / 4) * 4), dataKiB];
  if (bssKiB > 0) e.residentBssKiB = Math.min(bssKiB, 8);
  return e;
}

// ---------------------------------------------------------------------------------------------- the profile

const programs: Record<string, ProgramImage> = { bash: { path: '/bin/bash', elf: withResident(bash, '/bin/bash') } };
// coreutils and dash are linked with -z now on Ubuntu 18.04 (their file sizes leave no room for a .got.plt).
const BIND_NOW = new Set(['dash', 'cat', 'chmod', 'cp', 'date', 'dd', 'echo', 'false', 'ln', 'ls', 'mkdir', 'mv', 'pwd', 'readlink',
  'rm', 'rmdir', 'sleep', 'sync', 'touch', 'true', 'uname', 'basename', 'dirname', 'env', 'head', 'id', 'printf', 'seq', 'sort',
  'stat', 'tail', 'tee', 'uniq', 'wc', 'whoami', 'yes']);
for (const [name, path, realPath, z, needed, extra] of PROGS) {
  const elf = withResident(exe(z, needed, { bindNow: BIND_NOW.has(name), ...extra }), realPath ?? path);
  programs[name] = realPath ? { path, realPath, elf } : { path, elf };
}
for (const [name, path, script, fileSize] of SCRIPTS) programs[name] = { path, script, fileSize };

export const ubuntu1804Images: ProfileImages = {
  interp: INTERP,
  ldso: { path: `${L}/ld-2.27.so`, elf: ldso },
  // Synthesised: the chapter's hello-dynamic and bash both show a 196K gap below ld.so's data page where the
  // loader's ld.so.cache mapping was (the 8K/20K anonymous mappings were made below it while it was mapped), so
  // the cache was 49 pages: between 196609 and 200704 bytes.
  ldSoCacheSize: 198617,
  libraries: Object.fromEntries(LIBS.map(([name, path, realPath, elf]) => [name, { path, realPath, elf: withResident(elf, realPath) }])),
  programs,
  dataFiles: {
    // 4480K mapping in the seed's pmap: the whole archive is mapped, so its size is in (4480K - 4K, 4480K].
    '/usr/lib/locale/locale-archive': 4586352,
    // 28K r--s- mapping in the seed's pmap.
    '/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache': 26376,
  },
};

