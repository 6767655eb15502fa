// The link step: objects → one program. Symbols are resolved by name (static ones stay per object); functions
// the objects do not define come from the C library (an import: a PLT slot, a .got.plt entry, a .dynsym and
// .dynstr entry, a .rela.plt relocation) or are undefined references as ld reports them. The sections are
// laid out as binutils lays out a gcc -O0 program of the profile's toolchain, which gives the addresses the
// program's objects live at and the ELF facts (program headers, sections) for the loader, size and readelf.
import type { ElfInfo } from '../loader/elf.ts';
import type { CObject, ObjData } from './codegen.ts';
import { layout } from './layout.ts';

export interface LinkOptions {
  profile: 'debian-12' | 'ubuntu-18.04';
  static: boolean;
  pie: boolean;
  /** -g */
  debug?: boolean;
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
  /** Static programs: where the C library's own data lives (inside the executable's .bss). */
  libcData?: number;
}

export interface LinkResult { prog?: CProgram; elf?: ElfInfo; errors: string[]; }

export function link(objs: CObject[], opts: LinkOptions): LinkResult {
  const errors: string[] = [];
  // ---- symbol resolution --------------------------------------------------------------------------------
  const fnDefs = new Map<string, { js: string; obj: CObject; fixed?: number }>();
  const dataDefs = new Map<string, ObjData>();
  for (const o of objs) {
    for (const f of o.fns) {
      if (!f.global) continue;
      if (fnDefs.has(f.name)) errors.push(`/usr/bin/ld: ${tmpName(o)}: in function \`${f.name}':\n${o.file}:(.text+0x0): multiple definition of \`${f.name}'; ${tmpName(fnDefs.get(f.name)!.obj)}:${fnDefs.get(f.name)!.obj.file}:(.text+0x0): first defined here`);
      else fnDefs.set(f.name, { js: f.js, obj: o, fixed: f.fixed });
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
  const libcData: string[] = [];
  for (const o of objs) for (const name of o.undefinedData) if (!dataDefs.has(name) && !libcData.includes(name)) libcData.push(name);
  const lay = layout({
    profile: opts.profile, static: opts.static, debug: opts.debug, pie: opts.pie && !opts.static, interp: opts.interp, objs, imports, libcData,
    isBssDef: (d) => !d.global || dataDefs.get(d.name) === d,
  });
  const { elf, fnOff, dataOff } = lay;
  const fnList = objs.flatMap((o) => o.fns);
  const allData = objs.flatMap((o) => o.data);
  // common symbols referenced by several objects
  for (const o of objs) for (const d of o.data) if (d.section === 'bss' && d.global && !dataOff.has(d.js)) dataOff.set(d.js, dataOff.get(dataDefs.get(d.name)!.js) ?? 0);

  // ---- the module --------------------------------------------------------------------------------------
  let js = '"use strict";\n';
  js += 'const {r8u, r8s, r16s, r16u, r32s, r32u, r64s, r64u, rp, rf32, rf64, w8, w16, w32, w64, wf32, wf64, cpy, zero, wbytes,\n';
  js += '  add64s, add64u, sub64s, sub64u, mul64s, mul64u, div64s, div64u, mod64s, mod64u, and64s, and64u, or64s, or64u, xor64s, xor64u,\n';
  js += '  shl64s, shl64u, shr64s, shr64u, neg64s, neg64u, not64s, not64u, lo32, f2i32, f2i64, f2u64, div32, mod32, divu32, modu32, pn, padd, pdiff, s64, u64,\n';
  js += '  Q, Y, LC, CP, EPI, RA, CG0, CG1, VS, VA, TRAP, base: B, dataSym, byAddr} = R;\nlet SP = 0;\n';
  const addrs: Record<string, string> = {};
  for (const [k, off] of dataOff) { js += `const ${k} = B + ${off};\n`; addrs[k] = k; }
  for (const o of objs) for (const name of o.undefinedData) if (!dataDefs.has(name)) js += `const G_${name} = dataSym(${JSON.stringify(name)});\n`;
  for (const o of objs) for (const d of o.data) if (d.global && !dataOff.has(d.js)) { const def = dataDefs.get(d.name); if (def && def.js !== d.js && !js.includes(`const ${d.js} `)) js += `const ${d.js} = ${def.js};\n`; }
  for (const f of fnList) js += `const A_${f.js} = B + ${fnOff.get(f.js)};\n`;
  imports.forEach((name, k) => {
    js += `const A_F_${name} = B + ${lay.importAddr(k)};\nbyAddr.set(A_F_${name}, { lib: ${JSON.stringify(name)} });\n`;
    js += `const X_${name} = (k, a, r) => LC(${JSON.stringify(name)}, k, a, r);\n`;
  });
  const declaredX = new Set(imports);
  for (const o of objs) for (const name of o.undefinedFns) if (!declaredX.has(name) && fnDefs.has(name)) {
    declaredX.add(name);
    const def = fnDefs.get(name)!;
    // a variadic definition takes its extra arguments' kinds after the named ones (codegen's va())
    js += def.fixed === undefined ? `const X_${name} = (k, a, r) => ${def.js}(...a);\n`
      : `const X_${name} = (k, a, r) => ${def.js}(...a.slice(0, ${def.fixed}), k.slice(${def.fixed}), ...a.slice(${def.fixed}));\n`;
  }
  for (const o of objs) js += o.src;
  for (const f of fnList) js += `byAddr.set(A_${f.js}, { fn: ${f.js}${f.fixed === undefined ? '' : `, fixed: ${f.fixed}`} });\n`;
  const mainJs = fnDefs.get('main')!.js;
  js += `const ADDR = { ${[...dataOff.keys(), ...fnList.map((f) => 'A_' + f.js)].map((k) => `${JSON.stringify(k)}: ${k}`).join(', ')} };\n`;
  js += `return { main: ${mainJs}, setSP(v) { SP = v; }, addrOf(k) { return ADDR[k] ?? ADDR['A_' + k] ?? 0; } };\n`;

  const prog: CProgram = {
    js,
    fns: fnList.map((f) => ({ name: f.name, js: f.js, off: fnOff.get(f.js)! })),
    data: allData.filter((d) => d.section !== 'bss').map((d) => ({ js: d.js, off: dataOff.get(d.js)!, size: d.size, bytes: d.bytes, relocs: d.relocs })),
    imports,
    fileRanges: lay.fileRanges,
    libcData: lay.libcDataAt,
  };
  return { prog, elf, errors };
}

function tmpName(o: CObject) { return o.file.endsWith('.o') ? o.file : `/tmp/cc${hash(o.file)}.o`; }
function hash(s: string) { let h = 7; for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0; return h.toString(36).slice(0, 6).padEnd(6, 'x'); }
