// The link step: objects → one program. Symbols are resolved by name (static ones stay per object); functions
// the objects do not define come from the C library (an import: a PLT slot, a .got.plt entry, a .dynsym and
// .dynstr entry, a .rela.plt relocation) or are undefined references as ld reports them. The sections are
// laid out as binutils lays out a gcc -O0 program of the profile's toolchain, which gives the addresses the
// program's objects live at and the ELF facts (program headers, sections) for the loader, size and readelf.
import type { ElfInfo, Phdr, Section } from '../loader/elf.ts';
import type { CObject, ObjData } from './codegen.ts';

export interface LinkOptions {
  profile: 'debian-12' | 'ubuntu-18.04';
  static: boolean;
  pie: boolean;
  /** Names the C library provides. */
  libcFunctions: Set<string>;
  libcData: Set<string>;
  interp: string;
}

export interface CProgram {
  /** The module: function (R) → { main, setSP, addrOf }. */
  js: string;
  fns: { name: string; js: string; off: number }[];
  data: { js: string; off: number; size: number; bytes?: number[]; relocs: { off: number; target: string; add: number }[] }[];
  imports: string[];
  /** [start, end) vaddr ranges whose file bytes must be loaded (.rodata, .data pages). */
  fileRanges: [number, number][];
}

export interface LinkResult { prog?: CProgram; elf?: ElfInfo; errors: string[]; }

const align = (n: number, a: number) => Math.ceil(n / a) * a;
const PAGE = 0x1000;

/** crt1.o, crti.o, crtbegin.o... code and data around the program's own, per toolchain (gcc -O0, measured). */
const CRT = {
  'debian-12': { text: 233, rodataBase: 4, ehBase: 140, ehPerFn: 32, ehHdrBase: 36, ehHdrPerFn: 8, dataBase: 16, dynamic: 0x1e0, got: 0x28 },
  'ubuntu-18.04': { text: 0x1a2 - 0x12, rodataBase: 4, ehBase: 204, ehPerFn: 32, ehHdrBase: 52, ehHdrPerFn: 8, dataBase: 16, dynamic: 0x1f0, got: 0x28 },
};

export function link(objs: CObject[], opts: LinkOptions): LinkResult {
  const errors: string[] = [];
  // ---- symbol resolution --------------------------------------------------------------------------------
  const fnDefs = new Map<string, { js: string; obj: CObject }>();
  const dataDefs = new Map<string, ObjData>();
  for (const o of objs) {
    for (const f of o.fns) {
      if (!f.global) continue;
      if (fnDefs.has(f.name)) errors.push(`/usr/bin/ld: ${tmpName(o)}: in function \`${f.name}':\n${o.file}:(.text+0x0): multiple definition of \`${f.name}'; ${tmpName(fnDefs.get(f.name)!.obj)}:${fnDefs.get(f.name)!.obj.file}:(.text+0x0): first defined here`);
      else fnDefs.set(f.name, { js: f.js, obj: o });
    }
    for (const d of o.data) if (d.global) {
      const prev = dataDefs.get(d.name);
      if (prev && prev.bytes && d.bytes) errors.push(`/usr/bin/ld: ${tmpName(o)}:(.data+0x0): multiple definition of \`${d.name}'`);
      if (!prev || (!prev.bytes && d.bytes)) dataDefs.set(d.name, d);
    }
  }
  const imports: string[] = [];
  for (const o of objs) {
    for (const name of o.undefinedFns) {
      if (fnDefs.has(name)) continue;
      if (opts.libcFunctions.has(name)) { if (!imports.includes(name)) imports.push(name); continue; }
      errors.push(`/usr/bin/ld: ${tmpName(o)}: in function \`main':\n${o.file}:(.text+0x1e): undefined reference to \`${name}'`);
    }
    for (const name of o.undefinedData) {
      if (dataDefs.has(name) || opts.libcData.has(name)) continue;
      errors.push(`/usr/bin/ld: ${tmpName(o)}: in function \`main':\n${o.file}:(.text+0x1e): undefined reference to \`${name}'`);
    }
  }
  if (!objs.some((o) => o.fns.some((f) => f.name === 'main' && f.global))) {
    errors.push(`/usr/bin/ld: /usr/lib/gcc/x86_64-linux-gnu/${opts.profile === 'ubuntu-18.04' ? '7' : '12'}/../../../x86_64-linux-gnu/Scrt1.o: in function \`_start':\n(.text+0x17): undefined reference to \`main'`);
  }
  if (errors.length) return { errors: [...new Set(errors)] };

  // ---- layout -----------------------------------------------------------------------------------------------
  const crt = CRT[opts.profile];
  const nImp = imports.length;
  const allData = objs.flatMap((o) => o.data);
  const rodata = allData.filter((d) => d.section === 'rodata' && !d.js.startsWith('S_'));
  const strings = allData.filter((d) => d.js.startsWith('S_'));
  const dataObjs = allData.filter((d) => d.section === 'data');
  const bssObjs = allData.filter((d) => d.section === 'bss' && (!d.global || dataDefs.get(d.name) === d));
  const fnList = objs.flatMap((o) => o.fns);
  const relocCount = dataObjs.reduce((n, d) => n + d.relocs.length, 0);

  const secs: Section[] = [];
  const sec = (name: string, type: Section['type'], flags: string, addr: number, size: number, al: number, entsize = 0): Section => {
    const s: Section = { name, type, flags, addr, offset: addr, size, align: al, entsize, link: 0, info: 0 };
    secs.push(s);
    return s;
  };
  const base0 = opts.pie ? 0 : 0x400000;
  const dynamic = !opts.static;
  const ubuntu = opts.profile === 'ubuntu-18.04';
  const nPhdr = ubuntu ? 9 : 13;
  let a = base0 + 0x40 + nPhdr * 56;
  sec('', 'NULL', '', 0, 0, 0);
  if (dynamic) { a = align(a, 1); sec('.interp', 'PROGBITS', 'A', a, opts.interp.length + 1, 1); a += opts.interp.length + 1; }
  if (!ubuntu) { a = align(a, 8); sec('.note.gnu.property', 'NOTE', 'A', a, 0x20, 8); a += 0x20; }
  a = align(a, 4);
  if (ubuntu) { sec('.note.ABI-tag', 'NOTE', 'A', a, 0x20, 4); a += 0x20; sec('.note.gnu.build-id', 'NOTE', 'A', a, 0x24, 4); a += 0x24; }
  else { sec('.note.gnu.build-id', 'NOTE', 'A', a, 0x24, 4); a += 0x24; sec('.note.ABI-tag', 'NOTE', 'A', a, 0x20, 4); a += 0x20; }
  const nDyn = (opts.pie ? 6 : 5) + nImp + (ubuntu ? 0 : 0);
  const dynstr = 136 - (opts.pie ? 0 : 15) + imports.reduce((n, s) => n + s.length + 1, 0) - (ubuntu ? 11 : 0);
  if (dynamic) {
    a = align(a, 8); sec('.gnu.hash', 'GNU_HASH', 'A', a, ubuntu ? 0x1c : 0x24, 8); a += ubuntu ? 0x1c : 0x24;
    a = align(a, 8); sec('.dynsym', 'DYNSYM', 'A', a, nDyn * 24, 8, 0x18); a += nDyn * 24;
    sec('.dynstr', 'STRTAB', 'A', a, dynstr, 1); a += dynstr;
    a = align(a, 2); sec('.gnu.version', 'VERSYM', 'A', a, nDyn * 2, 2, 2); a += nDyn * 2;
    a = align(a, 8); const vr = ubuntu ? 0x20 : 0x30; sec('.gnu.version_r', 'VERNEED', 'A', a, vr, 8); a += vr;
    a = align(a, 8); const rd = (opts.pie ? 8 : 2) * 24 + (opts.pie ? relocCount * 24 : 0); sec('.rela.dyn', 'RELA', 'A', a, rd, 8, 0x18); a += rd;
    if (nImp) { a = align(a, 8); sec('.rela.plt', 'RELA', 'AI', a, nImp * 24, 8, 0x18); a += nImp * 24; }
  }
  const seg1End = a;
  // code
  a = ubuntu ? align(a, 4) : align(a, PAGE) + (a % PAGE === 0 ? 0 : 0);
  const textStart0 = a;
  sec('.init', 'PROGBITS', 'AX', a, 0x17, 4); a += 0x17;
  a = align(a, 16); sec('.plt', 'PROGBITS', 'AX', a, 16 * (1 + nImp), 16, 16); const plt = a; a += 16 * (1 + nImp);
  if (opts.pie) { a = align(a, 8); sec('.plt.got', 'PROGBITS', 'AX', a, 8, 8, 8); a += 8; }
  a = align(a, 16);
  const textAddr = a;
  let t = a + crt.text - (opts.pie ? 0 : 7);
  const fnOff = new Map<string, number>();
  for (const f of fnList) { fnOff.set(f.js, t); t += f.textSize; }
  const textSize = t - textAddr;
  sec('.text', 'PROGBITS', 'AX', textAddr, textSize, 16); a = t;
  a = align(a, 4); sec('.fini', 'PROGBITS', 'AX', a, 9, 4); a += 9;
  const seg2End = a;
  // read-only data
  a = ubuntu ? align(a, 8) : align(a, PAGE);
  const rodataStart = align(a, Math.max(4, ...rodata.map((d) => d.align), 1));
  let r = rodataStart + crt.rodataBase;
  const dataOff = new Map<string, number>();
  for (const d of rodata) { r = align(r, d.align); dataOff.set(d.js, r); r += d.size; }
  for (const d of strings) { dataOff.set(d.js, r); r += d.size; }
  sec('.rodata', 'PROGBITS', 'A', rodataStart, r - rodataStart, Math.max(4, ...rodata.map((d) => d.align))); a = r;
  a = align(a, 4); const ehh = crt.ehHdrBase + crt.ehHdrPerFn * fnList.length; sec('.eh_frame_hdr', 'PROGBITS', 'A', a, ehh, 4); a += ehh;
  a = align(a, 8); const eh = crt.ehBase + crt.ehPerFn * fnList.length; sec('.eh_frame', 'PROGBITS', 'A', a, eh, 8); a += eh;
  const seg3End = a;
  // RELRO then data: .got.plt starts on a page boundary
  const relroSize = 16 + crt.dynamic + crt.got;
  const gotPlt = (ubuntu ? align(seg3End, 0x200000) + PAGE : align(seg3End, PAGE) + PAGE) + (relroSize > PAGE - 0x100 ? PAGE : 0);
  let d0 = gotPlt - relroSize;
  const relroStart = d0;
  sec('.init_array', 'INIT_ARRAY', 'WA', d0, 8, 8, 8); d0 += 8;
  sec('.fini_array', 'FINI_ARRAY', 'WA', d0, 8, 8, 8); d0 += 8;
  if (dynamic) { sec('.dynamic', 'DYNAMIC', 'WA', d0, crt.dynamic, 8, 16); d0 += crt.dynamic; }
  sec('.got', 'PROGBITS', 'WA', d0, crt.got, 8, 8); d0 += crt.got;
  const gotPltSize = 8 * (3 + nImp);
  sec('.got.plt', 'PROGBITS', 'WA', gotPlt, gotPltSize, 8, 8);
  let dd = gotPlt + gotPltSize;
  const dataAlign = Math.max(8, ...dataObjs.map((d) => d.align));
  const dataStart = align(dd, dataAlign);
  dd = dataStart + crt.dataBase;
  for (const d of dataObjs) { dd = align(dd, d.align); dataOff.set(d.js, dd); dd += d.size; }
  const dataSize = dd - dataStart;
  sec('.data', 'PROGBITS', 'WA', dataStart, dataSize, dataAlign);
  const bssAlign = Math.max(1, ...bssObjs.map((d) => d.align));
  const bssStart = align(dd, bssAlign);
  let bb = bssStart + 1;
  for (const d of bssObjs) { bb = align(bb, d.align); dataOff.set(d.js, bb); bb += d.size; }
  const bssSize = bssObjs.length ? bb - bssStart : 8;
  sec('.bss', 'NOBITS', 'WA', bssStart, bssSize, bssAlign);
  // common symbols referenced by several objects
  for (const o of objs) for (const d of o.data) if (d.section === 'bss' && d.global && !dataOff.has(d.js)) dataOff.set(d.js, dataOff.get(dataDefs.get(d.name)!.js) ?? 0);
  sec('.comment', 'PROGBITS', 'MS', 0, 0x27, 1, 1);

  // file offsets: the data segment sits one page lower in the file than in memory (Debian), or at its page offset
  const fileDelta = ubuntu ? align(seg3End, PAGE) - (relroStart - (relroStart % PAGE)) : -PAGE;
  for (const s of secs) if (s.addr >= relroStart) s.offset = s.addr - base0 + (ubuntu ? fileDelta : -PAGE + (align(seg3End - base0, PAGE) + PAGE === relroStart - (relroStart % PAGE) - base0 ? 0 : 0));
    else s.offset = s.addr - base0;
  const fileOf = (addr: number) => (addr >= relroStart ? addr - base0 + (ubuntu ? fileDelta : -PAGE) : addr - base0);
  for (const s of secs) if (s.name) s.offset = s.type === 'NOBITS' ? fileOf(s.addr) : fileOf(s.addr);

  const phdrs: Phdr[] = [];
  const ph = (type: Phdr['type'], vaddr: number, filesz: number, memsz: number, flags: string, al: number) => phdrs.push({ type, offset: fileOf(vaddr), vaddr, filesz, memsz, flags, align: al });
  ph('PHDR', base0 + 0x40, nPhdr * 56, nPhdr * 56, 'R', 8);
  if (dynamic) ph('INTERP', secs.find((s) => s.name === '.interp')!.addr, opts.interp.length + 1, opts.interp.length + 1, 'R', 1);
  const dataEnd = dataStart + dataSize;
  if (ubuntu) {
    ph('LOAD', base0, seg3End - base0, seg3End - base0, 'R E', 0x200000);
    ph('LOAD', relroStart, dataEnd - relroStart, bssStart + bssSize - relroStart, 'RW', 0x200000);
  } else {
    ph('LOAD', base0, seg1End - base0, seg1End - base0, 'R', PAGE);
    ph('LOAD', textStart0, seg2End - textStart0, seg2End - textStart0, 'R E', PAGE);
    const roStart = align(seg2End, PAGE);
    ph('LOAD', roStart, seg3End - roStart, seg3End - roStart, 'R', PAGE);
    ph('LOAD', relroStart, dataEnd - relroStart, bssStart + bssSize - relroStart, 'RW', PAGE);
  }
  if (dynamic) { const dy = secs.find((s) => s.name === '.dynamic')!; ph('DYNAMIC', dy.addr, dy.size, dy.size, 'RW', 8); }
  if (!ubuntu) ph('NOTE', base0 + 0x338, 0x20, 0x20, 'R', 8);
  ph('NOTE', secs.find((s) => s.name === '.note.gnu.build-id')!.addr, 0x44, 0x44, 'R', 4);
  if (!ubuntu) ph('GNU_PROPERTY', base0 + 0x338, 0x20, 0x20, 'R', 8);
  const ehs = secs.find((s) => s.name === '.eh_frame_hdr')!;
  ph('GNU_EH_FRAME', ehs.addr, ehs.size, ehs.size, 'R', 4);
  ph('GNU_STACK', 0, 0, 0, 'RW', 0x10);
  phdrs[phdrs.length - 1]!.offset = 0; phdrs[phdrs.length - 1]!.vaddr = 0;
  ph('GNU_RELRO', relroStart, gotPlt - relroStart, gotPlt - relroStart, 'R', 1);

  const elf: ElfInfo = {
    type: opts.pie ? 'DYN' : 'EXEC',
    entry: textAddr,
    phdrs,
    sections: secs,
    interp: dynamic ? opts.interp : undefined,
    needed: dynamic ? ['libc.so.6'] : [],
    fileSize: fileOf(bssStart) + 0x1000 + 0x600 + fnList.length * 0x40,
    buildId: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
  };

  // ---- the module --------------------------------------------------------------------------------------
  let js = '"use strict";\n';
  js += 'const {r8u, r8s, r16s, r16u, r32s, r32u, r64s, r64u, rp, rf32, rf64, w8, w16, w32, w64, wf32, wf64, cpy, zero, wbytes,\n';
  js += '  add64s, add64u, sub64s, sub64u, mul64s, mul64u, div64s, div64u, mod64s, mod64u, and64s, and64u, or64s, or64u, xor64s, xor64u,\n';
  js += '  shl64s, shl64u, shr64s, shr64u, neg64s, neg64u, not64s, not64u, lo32, f2i32, f2i64, f2u64, div32, mod32, divu32, modu32, pn, padd, pdiff, s64, u64,\n';
  js += '  Q, Y, LC, CP, base: B, dataSym, byAddr} = R;\nlet SP = 0;\n';
  const addrs: Record<string, string> = {};
  for (const [k, off] of dataOff) { js += `const ${k} = B + ${off};\n`; addrs[k] = k; }
  for (const o of objs) for (const name of o.undefinedData) if (!dataDefs.has(name)) js += `const G_${name} = dataSym(${JSON.stringify(name)});\n`;
  for (const o of objs) for (const d of o.data) if (d.global && !dataOff.has(d.js)) { const def = dataDefs.get(d.name); if (def && def.js !== d.js && !js.includes(`const ${d.js} `)) js += `const ${d.js} = ${def.js};\n`; }
  for (const f of fnList) js += `const A_${f.js} = B + ${fnOff.get(f.js)};\n`;
  imports.forEach((name, k) => {
    js += `const A_F_${name} = B + ${plt + 16 * (k + 1)};\nbyAddr.set(A_F_${name}, { lib: ${JSON.stringify(name)} });\n`;
    js += `const X_${name} = (k, a, r) => LC(${JSON.stringify(name)}, k, a, r);\n`;
  });
  const declaredX = new Set(imports);
  for (const o of objs) for (const name of o.undefinedFns) if (!declaredX.has(name) && fnDefs.has(name)) {
    declaredX.add(name);
    js += `const X_${name} = (k, a, r) => ${fnDefs.get(name)!.js}(...a);\n`;
  }
  for (const o of objs) js += o.src;
  for (const f of fnList) js += `byAddr.set(A_${f.js}, { fn: ${f.js} });\n`;
  const mainJs = fnDefs.get('main')!.js;
  js += `const ADDR = { ${[...dataOff.keys(), ...fnList.map((f) => 'A_' + f.js)].map((k) => `${JSON.stringify(k)}: ${k}`).join(', ')} };\n`;
  js += `return { main: ${mainJs}, setSP(v) { SP = v; }, addrOf(k) { return ADDR[k] ?? ADDR['A_' + k] ?? 0; } };\n`;

  const prog: CProgram = {
    js,
    fns: fnList.map((f) => ({ name: f.name, js: f.js, off: fnOff.get(f.js)! })),
    data: [...rodata, ...strings, ...dataObjs].map((d) => ({ js: d.js, off: dataOff.get(d.js)!, size: d.size, bytes: d.bytes, relocs: d.relocs })),
    imports,
    fileRanges: [[rodataStart, seg3End], [relroStart, dataEnd]],
  };
  return { prog, elf, errors };
}

function tmpName(o: CObject) { return o.file.endsWith('.o') ? o.file : `/tmp/cc${hash(o.file)}.o`; }
function hash(s: string) { let h = 7; for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0; return h.toString(36).slice(0, 6).padEnd(6, 'x'); }
