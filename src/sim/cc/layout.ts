// Where ld puts everything: the sections of a linked program and its program headers, laid out as binutils lays
// out a gcc -O0 program of the profile's toolchain. Two toolchains:
//  - debian-12: gcc 12.2, binutils 2.40, glibc 2.36. PIE by default, -z separate-code (R / R E / R / RW PT_LOADs,
//    4 KiB max-page-size), -z relro with lazy binding (.got.plt apart, its first 24 bytes inside RELRO).
//    Every figure measured here with the real gcc, readelf and size (tests/unit/cc-toolchain.test.ts).
//  - ubuntu-18.04: gcc 7.5, binutils 2.30, glibc 2.27. PIE by default, linked -z relro -z now (Ubuntu's
//    default for PIE: .got.plt folded into .got, all of it RELRO, no DT_PLTGOT laziness), no separate-code (one
//    R E PT_LOAD holding headers, code, .rodata and .eh_frame; one RW PT_LOAD), 2 MiB max-page-size. The figures
//    reproduce the well-known Ubuntu 18.04 hello world (size 1516/600/8: .text 0x1a2 with main at +0x10a after
//    _start and crtbeginS, then __libc_csu_init/__libc_csu_fini; .eh_frame_hdr 0x3c, .eh_frame 0x108, .got 0x48).
// -static links libc.a in: the library's own sections are fixed per toolchain (STATIC below) and the program's
// objects are placed among them as ld places them (crt files first, then the program, then libc's members).
import type { ElfInfo, Phdr, Section } from '../loader/elf.ts';
import type { CObject, ObjData } from './codegen.ts';

export type ToolchainProfile = 'debian-12' | 'ubuntu-18.04';
const PAGE = 0x1000;
const align = (n: number, a: number) => Math.ceil(n / a) * a;
const floor32 = (n: number) => Math.floor(n / 32) * 32;

/** Data objects glibc defines that a program may reference: size and the alignment ld gives their copy
 * (R_X86_64_COPY into .dynbss; the alignment is what the symbol's offset in libc's section allows, capped by the
 * section's). Measured from libc.so.6 2.36 (stdout 8, stdin 16, stderr 32); assumed the same for 2.27. */
export const LIBC_DATA_OBJECTS: Record<string, { size: number; align: number }> = {
  stdin: { size: 8, align: 16 }, stdout: { size: 8, align: 8 }, stderr: { size: 8, align: 32 },
  environ: { size: 8, align: 32 }, optarg: { size: 8, align: 32 }, optind: { size: 4, align: 4 },
};

interface DynToolchain {
  nPhdr: number;
  maxPage: number;
  separateCode: boolean;
  bindNow: boolean;
  /** .text: crt code before the program's functions (Scrt1 _start, crtbeginS), and what follows them. */
  textBefore: number;
  textAfter: (end: number) => number;
  ehHdrBase: number; ehBase: number;
  /** .dynamic with the PLT entries (DT_PLTGOT, DT_PLTRELSZ, DT_PLTREL, DT_JMPREL: 3 of them go without imports). */
  dynamic: number;
  /** .gnu.hash with k defined symbols (the copies of libc's data). */
  gnuHash: (k: number) => number;
  /** The version names .dynstr holds besides the symbols' and libc.so.6. */
  versions: string[];
  verneed: number;
  comment: number;
  crtData: number;
  crtRodata: number;
  /** -no-pie: crt1.o/crtbegin.o instead of Scrt1.o/crtbeginS.o. */
  noPie: { dynsyms: string[]; got: number; dynamicLess: number; textBefore: number; ehLess: number; gnuHash: (k: number) => number };
}

const ELF_BUCKETS = [1, 3, 17, 37, 67, 97, 131, 197, 263, 521, 1031];
const buckets = (n: number, min: number) => Math.max(min, ELF_BUCKETS.filter((b) => b <= Math.max(n, 1)).pop()!);

const DYN: Record<ToolchainProfile, DynToolchain> = {
  'debian-12': {
    nPhdr: 13, maxPage: PAGE, separateCode: true, bindNow: false,
    textBefore: 0xe9, textAfter: (end) => end,
    ehHdrBase: 0x24, ehBase: 0x8c, dynamic: 0x1e0,
    // binutils 2.40 hashes one more symbol than the defined ones and keeps at least 2 buckets
    gnuHash: (k) => 24 + 4 * buckets(k + 1, 2) + 4 * (k + 1),
    versions: ['GLIBC_2.34', 'GLIBC_2.2.5'], verneed: 0x30, comment: 0x27, crtData: 16, crtRodata: 4,
    // gcc 12's crtbegin.o takes no TM-clone symbols from ld.so: 2 GLOB_DAT, no DT_FLAGS_1 PIE, main at +0xe6
    noPie: { dynsyms: ['__libc_start_main', '__gmon_start__'], got: 0x10, dynamicLess: 0x10, textBefore: 0xe6, ehLess: 8,
      gnuHash: (k) => 24 + 4 * buckets(k, 1) + 4 * k },
  },
  'ubuntu-18.04': {
    nPhdr: 9, maxPage: 0x200000, separateCode: false, bindNow: true,
    // main at 0x63a in the classic 18.04 hello: _start 0x530, crtbeginS's four functions, frame_dummy ends at +0x10a;
    // __libc_csu_init (0x65 bytes) and __libc_csu_fini (2) follow, each 16-aligned
    textBefore: 0x10a, textAfter: (end) => align(align(end, 16) + 0x65, 16) + 2,
    ehHdrBase: 0x34, ehBase: 0xe8, dynamic: 0x1f0,
    gnuHash: (k) => 24 + 4 * buckets(k, 1) + 4 * k,
    versions: ['GLIBC_2.2.5'], verneed: 0x20, comment: 0x29, crtData: 16, crtRodata: 4,
    // not measured: gcc 7's crtbegin.o still asks for the TM-clone symbols; _start is 7 bytes shorter
    noPie: { dynsyms: ['__libc_start_main', '_ITM_deregisterTMCloneTable', '__gmon_start__', '_ITM_registerTMCloneTable'],
      got: 0x20, dynamicLess: 0x10, textBefore: 0x10a - 7, ehLess: 0, gnuHash: (k) => 24 + 4 * buckets(k, 1) + 4 * k },
  },
};

/** libc.a and the crt files of a static link: the sections the program's objects join or sit beside. */
interface StaticToolchain {
  nPhdr: number;
  maxPage: number;
  separateCode: boolean;
  notes: [string, number, number][];
  relaPlt: number; init: number; plt: number;
  /** .text without the program: crt and libc code; the program's functions start `userText` bytes into it. */
  text: number; textAlign: number; userText: number; entry: number;
  afterText: [string, number, number, string][];
  /** .rodata: _IO_stdin_used (4 bytes), the program's, then libc's (which absorbs up to 32 bytes of phase). */
  rodata: number;
  afterRodata: [string, number, number, string][];
  ehFrame: number;
  gccExcept: number;
  tdata: number; tbss: number; initArray: number; finiArray: number; dataRelRo: number; got: number; gotPlt: number;
  /** .data: 16 bytes of crt1/crtbeginT, the program's, then libc's: size = floor32(end of the program's) + dataLibc. */
  dataLibc: number;
  afterData: [string, number, number, string][];
  /** .bss: crtbeginT's (completed.1 and its 48-byte frame object), the program's, then libc's. */
  bssCrt: number; bssLibc: number;
  freeresPtrs: number;
  /** libc.a's symbols in .symtab. */
  libcSyms: number;
}

const STATIC: Record<ToolchainProfile, StaticToolchain> = {
  // gcc 12 -static of `int main(void) { return 0; }` on Debian 12 (readelf -SW), the empty main taken out.
  'debian-12': {
    nPhdr: 10, maxPage: PAGE, separateCode: true,
    notes: [['.note.gnu.property', 0x20, 8], ['.note.gnu.build-id', 0x24, 4], ['.note.ABI-tag', 0x20, 4]],
    relaPlt: 0x240, init: 0x17, plt: 0xc0,
    text: 0x76fbf - 0xb, textAlign: 64, userText: 0x515, entry: 0x3f0,
    afterText: [['__libc_freeres_fn', 0xa38, 16, 'AX']],
    rodata: 0x1bc74,
    afterRodata: [],
    ehFrame: 0xb1d8 - 0x20, gccExcept: 0xf6,
    tdata: 0x18, tbss: 0x48, initArray: 8, finiArray: 8, dataRelRo: 0x3848, got: 0x98, gotPlt: 0xd8,
    dataLibc: 0x19f8,
    afterData: [['__libc_subfreeres', 0x48, 8, 'WAR'], ['__libc_IO_vtables', 0x768, 32, 'WA'], ['__libc_atexit', 8, 8, 'WAR']],
    bssCrt: 0x50, bssLibc: 0x5800 - 0x60, freeresPtrs: 0x20,
    libcSyms: 2000,
  },
  // glibc 2.27 / binutils 2.30: no machine to measure on. The totals are the chapter's hello-static
  // (893333 / 20996 / 7128) less what our labs' hello + logging helper adds to them in this model (its objects,
  // and what its libc calls pull out of libc.a, STATIC_PULLS: strftime/localtime's time-zone code above all).
  // The split into sections follows a 2.27 static link (no separate-code, __libc_* sets read-only in the text
  // segment); it is chosen so the chapter's pmap shape comes out: 876K r-x, a 24K rw- data segment, one
  // anonymous .bss page.
  'ubuntu-18.04': {
    nPhdr: 6, maxPage: 0x200000, separateCode: false,
    notes: [['.note.ABI-tag', 0x20, 4], ['.note.gnu.build-id', 0x24, 4]],
    relaPlt: 0x228, init: 0x17, plt: 0x170,
    text: 0xae484 - 0xb - 768 - 150916 - 138, textAlign: 16, userText: 0x4d0, entry: 0x3a0,
    afterText: [['__libc_freeres_fn', 0x1523, 16, 'AX'], ['__libc_thread_freeres_fn', 0x10d3, 16, 'AX']],
    rodata: 0x1e3a0,
    afterRodata: [['__libc_subfreeres', 0x50, 8, 'A'], ['__libc_IO_vtables', 0xd68, 32, 'A'], ['__libc_atexit', 8, 8, 'A'],
      ['__libc_thread_subfreeres', 8, 8, 'A'], ['.stapsdt.base', 1, 1, 'A']],
    ehFrame: 0xa5c8 - 0x10d3 - 0x20 - 200, gccExcept: 0x111 - 30,
    tdata: 0x20, tbss: 0x40, initArray: 0x10, finiArray: 0x10, dataRelRo: 0x2d74, got: 0xf8, gotPlt: 0xd0,
    dataLibc: 0x1fc4 + 580 + 8,
    afterData: [],
    bssCrt: 0x50, bssLibc: 0x1840 - 0x60 - 312, freeresPtrs: 0x28,
    libcSyms: 2100,
  },
};

/**
 * What a libc function pulls out of libc.a beyond what every static program has (csu, stdio's vfprintf, malloc, the
 * string functions' IFUNC variants...): [.text, .rodata, .eh_frame, .gcc_except_table, .data/.got] bytes, measured
 * on Debian 12 as `gcc -static` of a main taking the function's address against one taking its own. Functions that
 * share their members form one group (counted once, the largest). A sixth figure, when given, is .bss (the
 * time-zone state). Taken as the same for glibc 2.27.
 */
const STATIC_PULLS: Record<string, [number, number, number, number, number, number?]> = {
  reallocarray: [0, 0, 24, 0, 0], printf: [174, 32, 32, 0, 0], fprintf: [0, 32, 0, 0, 0], dprintf: [576, 0, 128, 0, 0],
  sprintf: [576, 0, 192, 0, 192], vprintf: [0, 0, 24, 0, 0], vfprintf: [0, 32, 24, 0, 0], vsprintf: [384, 0, 160, 0, 192],
  puts: [448, 0, 96, 30, 0], putchar: [320, 0, 88, 28, 0], fputc: [384, 0, 120, 29, 0], putc: [384, 0, 120, 29, 0],
  fread: [320, 0, 120, 28, 0], fgets: [384, 0, 120, 29, 0], getchar: [384, 0, 104, 29, 0], getc: [320, 0, 104, 29, 0],
  fgetc: [320, 0, 104, 29, 0], ungetc: [256, 0, 120, 23, 0], setvbuf: [512, 0, 104, 29, 0], setbuf: [384, 0, 144, 29, 0],
  feof: [192, 0, 56, 0, 0], ferror: [192, 0, 56, 0, 0], clearerr: [128, 0, 56, 0, 0], fileno: [0, 0, 24, 0, 0],
  fseek: [832, 0, 296, 56, 0], ftell: [1024, 0, 280, 57, 0], rewind: [768, 0, 288, 56, 0], perror: [1408, 0, 312, 0, 0],
  scanf: [113776, 3224, 2752, 0, 8], fscanf: [113776, 3224, 2776, 0, 8], sscanf: [113904, 3224, 2776, 0, 8],
  strnlen: [0, 0, 0, 0, 8], strncpy: [11584, 352, 120, 0, 8], strcat: [8000, 128, 144, 0, 8], strncat: [12096, 256, 120, 0, 8],
  strerror: [704, 0, 128, 0, 0], atexit: [0, 0, 24, 0, 0], atoi: [0, 32, 24, 0, 0], atol: [0, 32, 24, 0, 0],
  atoll: [0, 32, 24, 0, 0], strtol: [0, 32, 0, 0, 0], strtoll: [0, 32, 0, 0, 0], abs: [0, 0, 24, 0, 0], labs: [0, 0, 24, 0, 0],
  llabs: [0, 0, 24, 0, 0], rand: [1664, 32, 296, 0, 192], srand: [1664, 32, 272, 0, 192], close: [128, 0, 32, 0, 0],
  getppid: [0, 0, 24, 0, 0], sleep: [320, 0, 104, 0, 0], usleep: [272, 0, 88, 0, 0], ftruncate: [64, 0, 24, 0, 0],
  time: [128, 0, 32, 0, 0], __errno_location: [0, 0, 24, 0, 0], fflush: [64, 0, 0, 0, 0],
  // localtime/gmtime/strftime share glibc's time-zone code (tzset, tzfile, the locale's time names): measured together.
  // Their data and bss include what they add to .got.plt (16), __libc_subfreeres (8) and __libc_freeres_ptrs (8).
  strftime: [141280, 4696, 5384, 85, 56, 328], localtime: [128416, 3672, 4648, 85, 48, 328], gmtime: [128416, 3672, 4648, 85, 48, 328],
};
const PULL_GROUP: Record<string, string> = {
  fscanf: 'scanf', sscanf: 'scanf', srand: 'rand', fgetc: 'getc', getchar: 'getc', fputc: 'putc', putchar: 'putc',
  vprintf: 'printf', vfprintf: 'printf', fprintf: 'printf', vsprintf: 'sprintf', localtime: 'strftime', gmtime: 'strftime',
};

function staticPulls(imports: string[]) {
  const groups = new Map<string, number[]>();
  for (const f of imports) {
    const p = STATIC_PULLS[f];
    if (!p) continue;
    const g = PULL_GROUP[f] ?? f;
    const cur = groups.get(g) ?? [0, 0, 0, 0, 0, 0];
    groups.set(g, cur.map((v, i) => Math.max(v, p[i] ?? 0)));
  }
  const sum = [0, 0, 0, 0, 0, 0];
  for (const v of groups.values()) v.forEach((x, i) => { sum[i]! += x; });
  const [text, rodata, eh, except, data, bss] = sum as [number, number, number, number, number, number];
  return { text, rodata, eh, except, data, bss };
}

export interface LayoutInput {
  profile: ToolchainProfile;
  static: boolean;
  /** -g: DWARF sections (file says "with debug_info"). */
  debug?: boolean;
  pie: boolean;
  interp: string;
  objs: CObject[];
  /** libc functions the program calls, in order of first reference. */
  imports: string[];
  /** libc data objects it references (stdout, stdin...), in order of first reference. */
  libcData: string[];
  /** Which of the objects' .bss entries are the definitions (common symbols referenced by several objects). */
  isBssDef: (d: ObjData) => boolean;
}

export interface Layout {
  elf: ElfInfo;
  fnOff: Map<string, number>;
  dataOff: Map<string, number>;
  /** Address a call to an imported function goes to (its PLT slot, or its code in a static link). */
  importAddr: (k: number) => number;
  fileRanges: [number, number][];
  /** Where the C library model keeps its own data (FILE objects...) in a static program: libc's .bss. */
  libcDataAt?: number;
}

/** A string table as ld builds it: a leading NUL, each string once, a string that ends another (printf in
 * fprintf) stored as that one's tail. */
function strtabSize(strs: string[]): number {
  const uniq = [...new Set(strs)];
  return 1 + uniq.filter((x) => !uniq.some((y) => y !== x && y.endsWith(x))).reduce((n, x) => n + x.length + 1, 0);
}

/** String literals of 31 bytes or more (with the NUL) are 8-aligned (ix86_constant_alignment). */
const strAlign = (d: ObjData) => (d.size >= 31 ? 8 : 1);

/** One object's part of .rodata, .data or .bss: its entries in order, the part aligned to the largest of them. */
function place(objs: CObject[], pick: (o: CObject) => ObjData[], alignOf: (d: ObjData) => number, at: number, out: Map<string, number>): number {
  for (const o of objs) {
    const list = pick(o);
    if (!list.length) continue;
    at = align(at, Math.max(...list.map(alignOf)));
    for (const d of list) { at = align(at, alignOf(d)); out.set(d.js, at); at += d.size; }
  }
  return at;
}

const rodataOf = (o: CObject) => [...o.data.filter((d) => d.section === 'rodata' && !d.js.startsWith('S_')), ...o.data.filter((d) => d.js.startsWith('S_'))];
const rodataAlign = (d: ObjData) => (d.js.startsWith('S_') ? strAlign(d) : d.align);

export function layout(inp: LayoutInput): Layout {
  return inp.static ? layoutStatic(inp) : layoutDynamic(inp);
}

class Sections {
  list: Section[] = [];
  add(name: string, type: Section['type'], flags: string, addr: number, size: number, al: number, entsize = 0): Section {
    const s: Section = { name, type, flags, addr, offset: addr, size, align: al, entsize, link: 0, info: 0 };
    this.list.push(s);
    return s;
  }
  get(name: string) { return this.list.find((s) => s.name === name); }
}

/**
 * The RW segment's start (DATA_SEGMENT_ALIGN then DATA_SEGMENT_RELRO_END). With a 2 MiB max-page (binutils 2.30
 * on Ubuntu) the segment follows the previous one's end at the same offset into the next max-page; with 4 KiB
 * (2.40) it starts on the next page. Then it moves up so that RELRO ends on a page boundary: ld places the RELRO
 * sections backwards from that end, each as high as its alignment allows. In the file the segment continues where
 * the previous one ended, at the next offset congruent to its address modulo the max-page.
 */
function relroPlacement(prevEnd: number, maxPage: number, relro: { size: number; align: number }[], relroTail: number) {
  const start0 = maxPage > PAGE ? align(prevEnd, maxPage) + (prevEnd % maxPage) : align(prevEnd, PAGE);
  let a = start0;
  for (const s of relro) a = align(a, s.align) + s.size;
  const relroEnd = align(a + relroTail, PAGE);
  let end = relroEnd - relroTail;
  for (let i = relro.length - 1; i >= 0; i--) {
    const s = relro[i]!;
    end = Math.floor((end - s.size) / s.align) * s.align;
  }
  const relroStart = end;
  const fileStart = prevEnd + (((relroStart - prevEnd) % maxPage) + maxPage) % maxPage;
  return { relroStart, relroEnd, fileDelta: relroStart - fileStart };
}

/**
 * The sections no segment loads, after .comment: -g's DWARF, then .symtab, .strtab, .shstrtab (gcc never strips:
 * file says "not stripped"), then the section headers. Sizes are estimates from the programs' real counterparts.
 */
function tailSections(S: Sections, inp: LayoutInput, at: number, libcSyms: number): number {
  const nFn = inp.objs.reduce((n, o) => n + o.fns.length, 0);
  const nData = inp.objs.reduce((n, o) => n + o.data.filter((d) => !d.js.startsWith('S_')).length, 0);
  const add = (name: string, type: Section['type'], size: number, al: number, flags = '', entsize = 0) => {
    at = align(at, al);
    const x = S.add(name, type, flags, 0, size, al, entsize);
    x.offset = at;
    at += size;
    return x;
  };
  if (inp.debug) {
    const units = inp.objs.length;
    add('.debug_aranges', 'PROGBITS', 0x30 * units, 1);
    add('.debug_info', 'PROGBITS', 0x60 + 0x40 * (nFn + nData), 1);
    add('.debug_abbrev', 'PROGBITS', 0x60 + 0x10 * nFn, 1);
    add('.debug_line', 'PROGBITS', 0x40 + 0x20 * nFn, 1);
    add('.debug_str', 'PROGBITS', 0x80 + 0x10 * (nFn + nData), 1, 'MS', 1);
    if (inp.profile === 'debian-12') add('.debug_line_str', 'PROGBITS', 0x30 * units, 1, 'MS', 1);
  }
  const nSyms = libcSyms + 34 + nFn + nData + inp.imports.length;
  const symtab = add('.symtab', 'SYMTAB', 24 * nSyms, 8, '', 0x18);
  const strtab = add('.strtab', 'STRTAB', 0x1c0 + 12 * (nSyms - 34), 1);
  const sh = add('.shstrtab', 'STRTAB', inp.debug ? 0x16a : 0x11a, 1);
  symtab.link = S.list.indexOf(strtab);
  symtab.info = 20;
  void sh;
  return align(at, 8) + S.list.length * 64;
}

function layoutDynamic(inp: LayoutInput): Layout {
  const tc = DYN[inp.profile];
  const ubuntu = inp.profile === 'ubuntu-18.04';
  const { objs, imports } = inp;
  const nImp = imports.length;
  // ld's order for .dynbss is its hash table's; ascending alignment reproduces the measured layouts (stdout, stdin,
  // stderr; stdout, optind, environ, optarg), sizes included
  const copies = inp.libcData.filter((n) => LIBC_DATA_OBJECTS[n]).sort((x, y) => LIBC_DATA_OBJECTS[x]!.align - LIBC_DATA_OBJECTS[y]!.align);
  const nCopy = copies.length;
  const fnList = objs.flatMap((o) => o.fns);
  const dataObjs = objs.flatMap((o) => o.data.filter((d) => d.section === 'data'));
  const relocCount = dataObjs.reduce((n, d) => n + d.relocs.length, 0);
  const base0 = inp.pie ? 0 : 0x400000;
  const S = new Sections();
  const dataOff = new Map<string, number>();
  const fnOff = new Map<string, number>();

  let a = base0 + 0x40 + tc.nPhdr * 56;
  S.add('', 'NULL', '', 0, 0, 0);
  S.add('.interp', 'PROGBITS', 'A', a, inp.interp.length + 1, 1); a += inp.interp.length + 1;
  if (!ubuntu) { a = align(a, 8); S.add('.note.gnu.property', 'NOTE', 'A', a, 0x20, 8); a += 0x20; }
  a = align(a, 4);
  const notes: [string, number][] = ubuntu ? [['.note.ABI-tag', 0x20], ['.note.gnu.build-id', 0x24]] : [['.note.gnu.build-id', 0x24], ['.note.ABI-tag', 0x20]];
  for (const [n, sz] of notes) { S.add(n, 'NOTE', 'A', a, sz, 4); a += sz; }
  // .dynsym: the null symbol, __libc_start_main, _ITM_deregisterTMCloneTable, __gmon_start__,
  // _ITM_registerTMCloneTable, __cxa_finalize (PIE only), the imports and the copied data objects
  const baseSyms = inp.pie ? ['__libc_start_main', '_ITM_deregisterTMCloneTable', '__gmon_start__', '_ITM_registerTMCloneTable', '__cxa_finalize']
    : tc.noPie.dynsyms;
  const nDyn = 1 + baseSyms.length + nImp + nCopy;
  const dynstr = strtabSize([...baseSyms, ...imports, ...copies, 'libc.so.6', ...tc.versions]);
  const gnuHash = inp.pie ? tc.gnuHash(nCopy) : tc.noPie.gnuHash(nCopy);
  a = align(a, 8); S.add('.gnu.hash', 'GNU_HASH', 'A', a, gnuHash, 8); a += gnuHash;
  a = align(a, 8); S.add('.dynsym', 'DYNSYM', 'A', a, nDyn * 24, 8, 0x18); a += nDyn * 24;
  S.add('.dynstr', 'STRTAB', 'A', a, dynstr, 1); a += dynstr;
  a = align(a, 2); S.add('.gnu.version', 'VERSYM', 'A', a, nDyn * 2, 2, 2); a += nDyn * 2;
  a = align(a, 8); S.add('.gnu.version_r', 'VERNEED', 'A', a, tc.verneed, 8); a += tc.verneed;
  // .rela.dyn: .init_array, .fini_array and __dso_handle RELATIVE, 5 GLOB_DAT (PIE); pointers in .data; COPY
  const rd = ((inp.pie ? 8 + relocCount : tc.noPie.got / 8) + nCopy) * 24;
  a = align(a, 8); S.add('.rela.dyn', 'RELA', 'A', a, rd, 8, 0x18); a += rd;
  if (nImp) { a = align(a, 8); S.add('.rela.plt', 'RELA', 'AI', a, nImp * 24, 8, 0x18); a += nImp * 24; }
  const seg1End = a;
  // code
  a = tc.separateCode ? align(a, PAGE) : align(a, 4);
  const textSeg = a;
  S.add('.init', 'PROGBITS', 'AX', a, 0x17, 4); a += 0x17;
  a = align(a, 16); const plt = a; S.add('.plt', 'PROGBITS', 'AX', a, 16 * (1 + nImp), 16, 16); a += 16 * (1 + nImp);
  if (inp.pie) { a = align(a, 8); S.add('.plt.got', 'PROGBITS', 'AX', a, 8, 8, 8); a += 8; }
  a = align(a, 16);
  const textAddr = a;
  let t = textAddr + (inp.pie ? tc.textBefore : tc.noPie.textBefore);
  for (const f of fnList) { fnOff.set(f.js, t); t += f.textSize; }
  const textEnd = textAddr + tc.textAfter(t - textAddr);
  S.add('.text', 'PROGBITS', 'AX', textAddr, textEnd - textAddr, 16); a = textEnd;
  a = align(a, 4); S.add('.fini', 'PROGBITS', 'AX', a, 9, 4); a += 9;
  const seg2End = a;
  // read-only data: _IO_stdin_used, then each object's constants and strings
  a = tc.separateCode ? align(a, PAGE) : a;
  const roAlign = Math.max(4, ...objs.flatMap(rodataOf).map(rodataAlign));
  const rodataStart = align(a, roAlign);
  const r = place(objs, rodataOf, rodataAlign, rodataStart + tc.crtRodata, dataOff);
  S.add('.rodata', 'PROGBITS', 'A', rodataStart, r - rodataStart, roAlign); a = r;
  a = align(a, 4); const ehh = tc.ehHdrBase + 8 * fnList.length; const ehs = S.add('.eh_frame_hdr', 'PROGBITS', 'A', a, ehh, 4); a += ehh;
  a = align(a, 8); const eh = tc.ehBase - (inp.pie ? 0 : tc.noPie.ehLess) + 0x20 * fnList.length; S.add('.eh_frame', 'PROGBITS', 'A', a, eh, 8); a += eh;
  const seg3End = a;

  // RW: RELRO (.init_array .fini_array .dynamic .got [+ the first 24 bytes of .got.plt]), then .got.plt, .data, .bss
  const dyn = tc.dynamic - (nImp ? 0 : 0x30) - (inp.pie ? 0 : tc.noPie.dynamicLess);
  const got = (inp.pie ? 0x28 : tc.noPie.got) + (tc.bindNow ? 8 * (3 + nImp) : 0);
  const relroSecs = [{ size: 8, align: 8 }, { size: 8, align: 8 }, { size: dyn, align: 8 }, { size: got, align: 8 }];
  const gotPltTail = tc.bindNow ? 0 : 0x18;
  const { relroStart, relroEnd, fileDelta } = relroPlacement(seg3End - base0, tc.maxPage, relroSecs, gotPltTail);
  let d = base0 + relroStart;
  const relroAddr = d;
  S.add('.init_array', 'INIT_ARRAY', 'WA', d, 8, 8, 8); d += 8;
  S.add('.fini_array', 'FINI_ARRAY', 'WA', d, 8, 8, 8); d += 8;
  const dynSec = S.add('.dynamic', 'DYNAMIC', 'WA', d, dyn, 8, 16); d += dyn;
  S.add('.got', 'PROGBITS', 'WA', d, got, 8, 8); d += got;
  if (!tc.bindNow) { d = base0 + relroEnd - 0x18; S.add('.got.plt', 'PROGBITS', 'WA', d, 8 * (3 + nImp), 8, 8); d += 8 * (3 + nImp); }
  const dataAlign = Math.max(8, ...dataObjs.map((o) => o.align));
  const dataStart = align(d, dataAlign);
  const dd = place(objs, (o) => o.data.filter((x) => x.section === 'data'), (x) => x.align, dataStart + tc.crtData, dataOff);
  S.add('.data', 'PROGBITS', 'WA', dataStart, dd - dataStart, dataAlign);
  // .bss: .dynbss (copies of libc's data) first, crtbeginS's completed.0, the objects', then ALIGN(8)
  const bssLists = (o: CObject) => o.data.filter((x) => x.section === 'bss' && inp.isBssDef(x));
  const bssAlign = Math.max(1, ...copies.map((n) => LIBC_DATA_OBJECTS[n]!.align), ...objs.flatMap(bssLists).map((x) => x.align));
  const bssStart = align(dd, bssAlign);
  let b = bssStart;
  for (const n of copies) { const c = LIBC_DATA_OBJECTS[n]!; b = align(b, c.align) + c.size; }
  b = place(objs, bssLists, (x) => x.align, b + 1, dataOff);
  b = align(b, 8);
  S.add('.bss', 'NOBITS', 'WA', bssStart, b - bssStart, bssAlign);
  S.add('.comment', 'PROGBITS', 'MS', 0, tc.comment, 1, 1);

  const fileOf = (v: number) => (v >= relroAddr ? v - base0 - fileDelta : v - base0);
  for (const s of S.list) if (s.name && s.addr) s.offset = fileOf(s.addr);
  const lastFile = fileOf(dd);
  S.get('.comment')!.offset = lastFile;
  S.get('.bss')!.offset = lastFile;
  // sh_link / sh_info as ld sets them
  const idx = (n: string) => S.list.findIndex((x) => x.name === n);
  const setLink = (n: string, link: string, info = 0) => { const x = S.get(n); if (x) { x.link = idx(link); x.info = info; } };
  setLink('.gnu.hash', '.dynsym'); setLink('.dynsym', '.dynstr', 1); setLink('.gnu.version', '.dynsym');
  setLink('.gnu.version_r', '.dynstr', 1); setLink('.rela.dyn', '.dynsym'); setLink('.dynamic', '.dynstr');
  setLink('.rela.plt', '.dynsym', idx(tc.bindNow ? '.got' : '.got.plt'));

  const phdrs: Phdr[] = [];
  const ph = (type: Phdr['type'], vaddr: number, filesz: number, memsz: number, flags: string, al: number) =>
    phdrs.push({ type, offset: type === 'GNU_STACK' ? 0 : fileOf(vaddr), vaddr, filesz, memsz, flags, align: al });
  ph('PHDR', base0 + 0x40, tc.nPhdr * 56, tc.nPhdr * 56, 'R', 8);
  ph('INTERP', S.get('.interp')!.addr, inp.interp.length + 1, inp.interp.length + 1, 'R', 1);
  if (tc.separateCode) {
    ph('LOAD', base0, seg1End - base0, seg1End - base0, 'R', PAGE);
    ph('LOAD', textSeg, seg2End - textSeg, seg2End - textSeg, 'R E', PAGE);
    const ro = align(seg2End, PAGE);
    ph('LOAD', ro, seg3End - ro, seg3End - ro, 'R', PAGE);
  } else {
    ph('LOAD', base0, seg3End - base0, seg3End - base0, 'R E', tc.maxPage);
  }
  ph('LOAD', relroAddr, dd - relroAddr, b - relroAddr, 'RW', tc.maxPage);
  ph('DYNAMIC', dynSec.addr, dyn, dyn, 'RW', 8);
  if (!ubuntu) ph('NOTE', base0 + 0x338, 0x20, 0x20, 'R', 8);
  ph('NOTE', S.get(notes[0]![0])!.addr, 0x44, 0x44, 'R', 4);
  if (!ubuntu) ph('GNU_PROPERTY', base0 + 0x338, 0x20, 0x20, 'R', 8);
  ph('GNU_EH_FRAME', ehs.addr, ehh, ehh, 'R', 4);
  phdrs.push({ type: 'GNU_STACK', offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: 'RW', align: 0x10 });
  ph('GNU_RELRO', relroAddr, base0 + relroEnd - relroAddr, base0 + relroEnd - relroAddr, 'R', 1);

  const elf: ElfInfo = {
    type: inp.pie ? 'DYN' : 'EXEC', entry: textAddr, phdrs, sections: S.list, interp: inp.interp, needed: ['libc.so.6'],
    fileSize: tailSections(S, inp, lastFile + DYN[inp.profile].comment, 0),
    buildId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  };
  return {
    elf, fnOff, dataOff,
    importAddr: (k) => plt + 16 * (k + 1),
    fileRanges: [[rodataStart, seg3End], [relroAddr, dd]],
  };
}

function layoutStatic(inp: LayoutInput): Layout {
  const tc = STATIC[inp.profile];
  const { objs } = inp;
  const fnList = objs.flatMap((o) => o.fns);
  const S = new Sections();
  const dataOff = new Map<string, number>();
  const fnOff = new Map<string, number>();
  const base0 = 0x400000;
  const pulls = staticPulls(inp.imports);

  let a = base0 + 0x40 + tc.nPhdr * 56;
  S.add('', 'NULL', '', 0, 0, 0);
  for (const [n, sz, al] of tc.notes) { a = align(a, al); S.add(n, 'NOTE', 'A', a, sz, al); a += sz; }
  a = align(a, 8); S.add('.rela.plt', 'RELA', 'AI', a, tc.relaPlt, 8, 0x18); a += tc.relaPlt;
  const seg1End = a;
  a = tc.separateCode ? align(a, PAGE) : align(a, 4);
  const textSeg = a;
  S.add('.init', 'PROGBITS', 'AX', a, tc.init, 4); a += tc.init;
  a = align(a, 8); S.add('.plt', 'PROGBITS', 'AX', a, tc.plt, 8); a += tc.plt;
  a = align(a, tc.textAlign);
  const textAddr = a;
  let t = textAddr + tc.userText;
  for (const f of fnList) { fnOff.set(f.js, t); t += f.textSize; }
  const userText = t - textAddr - tc.userText;
  const textSize = tc.text + userText + pulls.text;
  S.add('.text', 'PROGBITS', 'AX', textAddr, textSize, tc.textAlign); a = textAddr + textSize;
  const libcText = t + 0x40;
  for (const [n, sz, al, fl] of tc.afterText) { a = align(a, al); S.add(n, 'PROGBITS', fl, a, sz, al); a += sz; }
  a = align(a, 4); S.add('.fini', 'PROGBITS', 'AX', a, 9, 4); a += 9;
  const seg2End = a;
  a = tc.separateCode ? align(a, PAGE) : align(a, 32);
  const rodataStart = a;
  const userRo = place(objs, rodataOf, rodataAlign, rodataStart + 4, dataOff);
  const rodataSize = floor32(userRo - rodataStart) + tc.rodata + pulls.rodata;
  S.add('.rodata', 'PROGBITS', 'A', rodataStart, rodataSize, 32); a = rodataStart + rodataSize;
  for (const [n, sz, al, fl] of tc.afterRodata) { a = align(a, al); S.add(n, 'PROGBITS', fl, a, sz, al); a += sz; }
  a = align(a, 8); const eh = tc.ehFrame + 0x20 * fnList.length + pulls.eh; S.add('.eh_frame', 'PROGBITS', 'A', a, eh, 8); a += eh;
  S.add('.gcc_except_table', 'PROGBITS', 'A', a, tc.gccExcept + pulls.except, 1); a += tc.gccExcept + pulls.except;
  const seg3End = a;

  const relroSecs = [{ size: tc.tdata, align: 8 }, { size: tc.initArray, align: 8 }, { size: tc.finiArray, align: 8 },
    { size: tc.dataRelRo, align: 32 }, { size: tc.got, align: 8 }];
  const { relroStart, relroEnd, fileDelta } = relroPlacement(seg3End - base0, tc.maxPage, relroSecs, 0x18);
  let d = base0 + relroStart;
  const rwStart = d;
  const tdata = S.add('.tdata', 'PROGBITS', 'WAT', d, tc.tdata, 8); d += tc.tdata;
  S.add('.tbss', 'NOBITS', 'WAT', d, tc.tbss, 8);
  S.add('.init_array', 'INIT_ARRAY', 'WA', d, tc.initArray, 8, 8); d += tc.initArray;
  S.add('.fini_array', 'FINI_ARRAY', 'WA', d, tc.finiArray, 8, 8); d += tc.finiArray;
  d = align(d, 32); S.add('.data.rel.ro', 'PROGBITS', 'WA', d, tc.dataRelRo, 32); d += tc.dataRelRo;
  S.add('.got', 'PROGBITS', 'WA', d, tc.got, 8, 8);
  d = base0 + relroEnd - 0x18; S.add('.got.plt', 'PROGBITS', 'WA', d, tc.gotPlt, 8, 8); d += tc.gotPlt;
  d = align(d, 32);
  const dataStart = d;
  const userData = place(objs, (o) => o.data.filter((x) => x.section === 'data'), (x) => x.align, dataStart + 16, dataOff);
  const dataSize = floor32(userData - dataStart) + tc.dataLibc + pulls.data;
  S.add('.data', 'PROGBITS', 'WA', dataStart, dataSize, 32); d = dataStart + dataSize;
  for (const [n, sz, al, fl] of tc.afterData) { d = align(d, al); S.add(n, 'PROGBITS', fl, d, sz, al); d += sz; }
  const fileEnd = d;
  const bssStart = align(d, 32);
  const bssLists = (o: CObject) => o.data.filter((x) => x.section === 'bss' && inp.isBssDef(x));
  const userBss = place(objs, bssLists, (x) => x.align, bssStart + tc.bssCrt, dataOff);
  const bssSize = floor32(userBss - bssStart + 0x10) + tc.bssLibc + pulls.bss;
  S.add('.bss', 'NOBITS', 'WA', bssStart, bssSize, 32);
  const fp = align(bssStart + bssSize, 8);
  S.add('__libc_freeres_ptrs', 'NOBITS', 'WA', fp, tc.freeresPtrs, 8);
  const memEnd = fp + tc.freeresPtrs;
  S.add('.comment', 'PROGBITS', 'MS', 0, DYN[inp.profile].comment, 1, 1);

  const fileOf = (v: number) => (v >= rwStart ? v - base0 - fileDelta : v - base0);
  for (const s of S.list) if (s.name && s.addr) s.offset = fileOf(Math.min(s.addr, fileEnd));
  const lastFile = fileOf(fileEnd);
  S.get('.comment')!.offset = lastFile;
  S.get('.bss')!.offset = S.get('__libc_freeres_ptrs')!.offset = lastFile;
  S.get('.rela.plt')!.info = S.list.findIndex((x) => x.name === '.got.plt');

  const phdrs: Phdr[] = [];
  const ph = (type: Phdr['type'], vaddr: number, filesz: number, memsz: number, flags: string, al: number) =>
    phdrs.push({ type, offset: fileOf(vaddr), vaddr, filesz, memsz, flags, align: al });
  if (tc.separateCode) {
    ph('LOAD', base0, seg1End - base0, seg1End - base0, 'R', PAGE);
    ph('LOAD', textSeg, seg2End - textSeg, seg2End - textSeg, 'R E', PAGE);
    ph('LOAD', rodataStart, seg3End - rodataStart, seg3End - rodataStart, 'R', PAGE);
  } else {
    ph('LOAD', base0, seg3End - base0, seg3End - base0, 'R E', tc.maxPage);
  }
  ph('LOAD', rwStart, fileEnd - rwStart, memEnd - rwStart, 'RW', tc.maxPage);
  const notes = S.list.filter((s) => s.type === 'NOTE');
  if (tc.separateCode) ph('NOTE', notes[0]!.addr, notes[0]!.size, notes[0]!.size, 'R', 8);
  const n4 = notes.filter((s) => s.align === 4);
  ph('NOTE', n4[0]!.addr, n4.reduce((x, s) => x + s.size, 0), n4.reduce((x, s) => x + s.size, 0), 'R', 4);
  ph('TLS', tdata.addr, tc.tdata, tc.tdata + tc.tbss, 'R', 8);
  if (tc.separateCode) ph('GNU_PROPERTY', notes[0]!.addr, notes[0]!.size, notes[0]!.size, 'R', 8);
  phdrs.push({ type: 'GNU_STACK', offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: 'RW', align: 0x10 });
  ph('GNU_RELRO', rwStart, base0 + relroEnd - rwStart, base0 + relroEnd - rwStart, 'R', 1);

  const elf: ElfInfo = {
    type: 'EXEC', entry: textAddr + tc.entry, phdrs, sections: S.list, needed: [], osabi: 3,
    fileSize: tailSections(S, inp, lastFile + DYN[inp.profile].comment, tc.libcSyms),
    buildId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  };
  // libc's own objects (FILE structs, stdin/stdout/stderr, errno, strerror's buffer) in libc's part of .bss,
  // on a page no object of the program shares (the program's file pages are loaded over whole pages)
  const libcDataAt = Math.max(align(fileEnd, PAGE), align(userBss, 64));
  return {
    elf, fnOff, dataOff,
    importAddr: (k) => libcText + 0x100 * k,
    fileRanges: [[rodataStart, userRo], [dataStart, userData]],
    libcDataAt: libcDataAt + 0x800 <= bssStart + bssSize ? libcDataAt : align(userBss, 64),
  };
}
