// Invariants of the profiles' system images (src/sim/loader/images): well-formed ELF facts, resolvable
// interpreters and DT_NEEDED, and, for Ubuntu 18.04, exactly the pages the seed chapter's pmap prints.
import { describe, expect, it } from 'vitest';
import type { ElfInfo, Phdr } from '../../src/sim/loader/elf.ts';
import { debian12Images } from '../../src/sim/loader/images/debian-12.ts';
import type { ProfileImages } from '../../src/sim/loader/images/types.ts';
import { ubuntu1804Images } from '../../src/sim/loader/images/ubuntu-18.04.ts';
import { TOOLS } from '../../src/sim/tools/registry.ts';

const PAGE = 4096;
const up = (n: number) => Math.ceil(n / PAGE) * PAGE;
const down = (n: number) => Math.floor(n / PAGE) * PAGE;
const loads = (e: ElfInfo) => e.phdrs.filter((p) => p.type === 'LOAD');

type Row = [mode: string, kib: number];
const modeOf = (flags: string) => (flags.includes('R') ? 'r' : '-') + (flags.includes('W') ? 'w' : '-') + (flags.includes('E') ? 'x' : '-');

/**
 * The VMAs an object gets, in address order, as pmap shows them: each PT_LOAD's file pages (the RW one split at
 * the end of PT_GNU_RELRO into r-- and rw-), its .bss beyond the file as anonymous pages ('anon'), and, when
 * glibc's loader maps a library (`holes`), the PROT_NONE gap between segments ('---'). The kernel, mapping the
 * executable and ld.so, leaves no gap mapped.
 */
function vmas(e: ElfInfo, holes: boolean): Row[] {
  const rows: Row[] = [];
  const relro = e.phdrs.find((p) => p.type === 'GNU_RELRO');
  let prevEnd: number | undefined;
  for (const p of loads(e)) {
    const start = down(p.vaddr);
    const fileEnd = up(p.vaddr + p.filesz);
    const memEnd = up(p.vaddr + p.memsz);
    if (holes && prevEnd !== undefined && start > prevEnd) rows.push(['---', (start - prevEnd) / 1024]);
    let at = start;
    if (relro && relro.vaddr >= p.vaddr && relro.vaddr < p.vaddr + p.memsz) {
      const rs = down(relro.vaddr);
      const re = down(relro.vaddr + relro.memsz);
      if (rs > at) { rows.push([modeOf(p.flags), (rs - at) / 1024]); }
      if (re > rs) rows.push(['r--', (re - rs) / 1024]);
      at = Math.max(at, re);
    }
    if (fileEnd > at) rows.push([modeOf(p.flags), (fileEnd - at) / 1024]);
    if (memEnd > fileEnd) rows.push(['anon', (memEnd - fileEnd) / 1024]);
    prevEnd = memEnd;
  }
  return rows;
}

function allElfs(img: ProfileImages): [string, ElfInfo][] {
  const out: [string, ElfInfo][] = [['ldso', img.ldso.elf]];
  for (const [n, l] of Object.entries(img.libraries)) out.push([`lib ${n}`, l.elf]);
  for (const [n, p] of Object.entries(img.programs)) if (p.elf) out.push([`prog ${n}`, p.elf]);
  return out;
}

function checkElf(name: string, e: ElfInfo) {
  const ls = loads(e);
  expect(ls.length, name).toBeGreaterThan(0);
  for (const [i, p] of ls.entries()) {
    expect(p.filesz, `${name} LOAD ${i} filesz <= memsz`).toBeLessThanOrEqual(p.memsz);
    expect(p.offset + p.filesz, `${name} LOAD ${i} inside the file`).toBeLessThanOrEqual(e.fileSize);
    expect((p.vaddr - p.offset) % PAGE, `${name} LOAD ${i} offset ≡ vaddr (mod page)`).toBe(0);
    expect((p.vaddr - p.offset) % p.align, `${name} LOAD ${i} offset ≡ vaddr (mod align)`).toBe(0);
    if (i > 0) {
      const q = ls[i - 1]!;
      expect(down(p.vaddr), `${name} LOADs sorted and non-overlapping (${i})`).toBeGreaterThanOrEqual(up(q.vaddr + q.memsz));
    }
  }
  const within = (p: Phdr, s: { addr: number; size: number }) => s.addr >= p.vaddr && s.addr + s.size <= p.vaddr + p.memsz;
  for (const s of e.sections) {
    if (s.type === 'NULL') continue;
    if (s.type !== 'NOBITS') expect(s.offset + s.size, `${name} ${s.name} inside the file`).toBeLessThanOrEqual(e.fileSize);
    if (!s.flags.includes('A')) continue;
    const size = s.name === '.tbss' ? 0 : s.size; // .tbss takes no room in the segment
    const seg = ls.find((p) => within(p, { addr: s.addr, size }));
    expect(seg, `${name} ${s.name} inside a PT_LOAD`).toBeDefined();
    if (s.type !== 'NOBITS' && seg) {
      expect(s.offset - seg.offset, `${name} ${s.name} file offset matches its address`).toBe(s.addr - seg.vaddr);
      expect(s.offset + s.size, `${name} ${s.name} inside the segment's file part`).toBeLessThanOrEqual(seg.offset + seg.filesz);
    }
  }
  // Sections with contents don't overlap in the file.
  const inFile = e.sections.filter((s) => s.type !== 'NOBITS' && s.type !== 'NULL' && s.size > 0).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < inFile.length; i++) {
    expect(inFile[i]!.offset, `${name} ${inFile[i]!.name} after ${inFile[i - 1]!.name}`).toBeGreaterThanOrEqual(inFile[i - 1]!.offset + inFile[i - 1]!.size);
  }
  // The other segments lie in the loaded ones.
  for (const p of e.phdrs) {
    if (p.type === 'LOAD' || p.type === 'GNU_STACK' || p.type === 'PHDR' && e.type === 'EXEC') continue;
    expect(ls.some((l) => within(l, { addr: p.vaddr, size: p.type === 'TLS' ? p.filesz : p.memsz })), `${name} ${p.type} inside a PT_LOAD`).toBe(true);
  }
  const relro = e.phdrs.find((p) => p.type === 'GNU_RELRO');
  if (relro) expect((relro.vaddr + relro.memsz) % PAGE, `${name} RELRO ends on a page boundary`).toBe(0);
  if (e.residentKiB) {
    expect(e.residentKiB.length, `${name} residentKiB per PT_LOAD`).toBe(ls.length);
    e.residentKiB.forEach((r, i) => {
      const p = ls[i]!;
      expect(r % 4, `${name} resident pages`).toBe(0);
      expect(r, `${name} resident <= mapped (${i})`).toBeLessThanOrEqual((up(p.vaddr + p.filesz) - down(p.vaddr)) / 1024);
    });
  }
  if (e.residentBssKiB !== undefined) {
    const last = ls[ls.length - 1]!;
    expect(e.residentBssKiB, `${name} resident .bss <= .bss`).toBeLessThanOrEqual((up(last.vaddr + last.memsz) - up(last.vaddr + last.filesz)) / 1024);
  }
}

for (const [profile, img] of [['debian-12', debian12Images], ['ubuntu-18.04', ubuntu1804Images]] as const) {
  describe(`system images: ${profile}`, () => {
    it('has every registry tool and the chapter\'s other programs', () => {
      for (const name of [...Object.keys(TOOLS), 'pmap', 'size', 'readelf', 'file', 'free', 'getconf', 'setarch', 'strace',
        'ltrace', 'gcc', 'make', 'ldd', 'python3']) {
        expect(img.programs[name], name).toBeDefined();
      }
    });

    it('installs programs where the profile puts them', () => {
      for (const [name, p] of Object.entries(img.programs)) {
        const dir = p.path.slice(0, p.path.lastIndexOf('/'));
        if (profile === 'debian-12') expect(['/usr/bin', '/usr/sbin'], name).toContain(dir);
        else if (TOOLS[name]) expect(dir, name).toBe(TOOLS[name]!.dir);
        if (!p.elf) {
          expect(p.script, name).toMatch(/^#! ?\//);
          expect(p.fileSize, name).toBeGreaterThan(0);
        }
      }
    });

    it('has well-formed ELF facts: sorted PT_LOADs, sections inside their segments', () => {
      for (const [name, e] of allElfs(img)) checkElf(name, e);
    });

    it('gives every program an interpreter that exists, and resolves every DT_NEEDED', () => {
      expect(img.ldso.elf.type).toBe('DYN');
      expect(img.libraries['ld-linux-x86-64.so.2']?.elf).toBe(img.ldso.elf);
      for (const [name, p] of Object.entries(img.programs)) {
        if (!p.elf) continue;
        expect(p.elf.interp, name).toBe(img.interp);
      }
      for (const [name, e] of allElfs(img)) {
        for (const n of e.needed) expect(img.libraries[n], `${name} needs ${n}`).toBeDefined();
      }
      for (const [n, l] of Object.entries(img.libraries)) {
        expect(l.elf.soname, n).toBe(n);
        expect(l.elf.type, n).toBe('DYN');
      }
    });

    it('records the sizes of the files the loader and libc map', () => {
      expect(img.ldSoCacheSize).toBeGreaterThan(4096);
      expect(Object.keys(img.dataFiles).some((f) => f.endsWith('gconv-modules.cache'))).toBe(true);
    });
  });
}

describe('debian-12 images (measured)', () => {
  const lib = (n: string) => debian12Images.libraries[n]!.elf;
  it('lays out libc.so.6 and ld.so as the facts page and pmap show them', () => {
    expect(vmas(lib('libc.so.6'), true)).toEqual([['r--', 152], ['r-x', 1368], ['r--', 332], ['r--', 16], ['rw-', 8], ['anon', 52]]);
    expect(vmas(debian12Images.ldso.elf, false)).toEqual([['r--', 4], ['r-x', 152], ['r--', 40], ['r--', 8], ['rw-', 8]]);
    expect(debian12Images.ldso.path).toBe('/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
    expect(debian12Images.libraries['libc.so.6']!.realPath).toBe('/usr/lib/x86_64-linux-gnu/libc.so.6');
  });
  it('has 5 VMAs of 4 PT_LOADs for a small program (sleep)', () => {
    expect(vmas(debian12Images.programs.sleep!.elf!, false).map(([m]) => m)).toEqual(['r--', 'r-x', 'r--', 'r--', 'rw-']);
  });
  it('marks Debian\'s shell-script programs', () => {
    expect(debian12Images.programs.which).toMatchObject({ script: '#! /bin/sh' });
    expect(debian12Images.programs.ldd).toMatchObject({ script: '#!/bin/bash' });
  });
  it('has measured resident figures for sleep, cat and bash', () => {
    for (const m of ['sleep', 'cat', 'bash']) {
      const p = debian12Images.programs[m]!;
      expect(debian12Images.residentByProgram?.[m]?.[p.realPath ?? p.path], m).toBeDefined();
    }
  });
});

describe('ubuntu-18.04 images (synthesised to the seed chapter)', () => {
  const U = ubuntu1804Images;
  const lib = (n: string) => U.libraries[n]!;

  // Rows of the seed's `pmap -p $$` (bash) and of the hello-* pmaps, per object.
  it('reproduces bash\'s own rows: 1040K r-x, 16K r--, 36K rw-, 40K anon', () => {
    expect(U.programs.bash!.path).toBe('/bin/bash');
    expect(vmas(U.programs.bash!.elf!, false)).toEqual([['r-x', 1040], ['r--', 16], ['rw-', 36], ['anon', 40]]);
    expect(U.programs.bash!.elf!.fileSize).toBe(1113504);
  });

  it('reproduces libc-2.27.so: 1948K r-x, 2048K -----, 16K r--, 8K rw-, 16K anon', () => {
    const libc = lib('libc.so.6');
    expect(libc.realPath).toBe('/lib/x86_64-linux-gnu/libc-2.27.so');
    expect(vmas(libc.elf, true)).toEqual([['r-x', 1948], ['---', 2048], ['r--', 16], ['rw-', 8], ['anon', 16]]);
    expect(libc.elf.fileSize).toBe(2030544);
    // ld.so reserves the whole span first: mmap(NULL, 4131552, PROT_READ|PROT_EXEC, ...).
    const ls = loads(libc.elf);
    expect(ls[ls.length - 1]!.vaddr + ls[ls.length - 1]!.memsz - down(ls[0]!.vaddr)).toBe(4131552);
    expect(ls[1]).toMatchObject({ offset: 0x1e7620, vaddr: 0x3e7620, filesz: 0x5240, memsz: 0x94c0, align: 0x200000 });
    const data = libc.elf.sections.find((s) => s.name === '.data')!;
    expect(0x3ebc40).toBeGreaterThanOrEqual(data.addr); // main_arena
    expect(0x3ebc40).toBeLessThan(data.addr + data.size);
  });

  it('reproduces ld-2.27.so (mapped by the kernel): 164K r-x, 4K r--, 4K rw-, 4K anon', () => {
    expect(U.ldso.path).toBe('/lib/x86_64-linux-gnu/ld-2.27.so');
    expect(vmas(U.ldso.elf, false)).toEqual([['r-x', 164], ['r--', 4], ['rw-', 4], ['anon', 4]]);
    // Its data page is 0x229000 past the text, as the chapter's addresses show (0x7f8fd0d5a000 - 0x7f8fd0b31000).
    expect(down(loads(U.ldso.elf)[1]!.vaddr)).toBe(0x229000);
  });

  it('reproduces the other libraries of the seed\'s bash', () => {
    const cases: [string, string, Row[]][] = [
      ['libtinfo.so.5', 'libtinfo.so.5.9', [['r-x', 148], ['---', 2048], ['r--', 16], ['rw-', 4]]],
      ['libdl.so.2', 'libdl-2.27.so', [['r-x', 12], ['---', 2044], ['r--', 4], ['rw-', 4]]],
      ['libnss_files.so.2', 'libnss_files-2.27.so', [['r-x', 44], ['---', 2044], ['r--', 4], ['rw-', 4], ['anon', 24]]],
      ['libnsl.so.1', 'libnsl-2.27.so', [['r-x', 92], ['---', 2044], ['r--', 4], ['rw-', 4], ['anon', 8]]],
      ['libnss_nis.so.2', 'libnss_nis-2.27.so', [['r-x', 44], ['---', 2044], ['r--', 4], ['rw-', 4]]],
      ['libnss_compat.so.2', 'libnss_compat-2.27.so', [['r-x', 32], ['---', 2048], ['r--', 4], ['rw-', 4]]],
    ];
    for (const [name, real, rows] of cases) {
      expect(lib(name).realPath, name).toBe(`/lib/x86_64-linux-gnu/${real}`);
      expect(vmas(lib(name).elf, true), name).toEqual(rows);
    }
    expect(lib('libtinfo.so.5').elf.fileSize).toBe(170784);
    expect(U.programs.bash!.elf!.needed).toEqual(['libtinfo.so.5', 'libdl.so.2', 'libc.so.6']);
  });

  it('uses the old two-segment layout with 2 MiB alignment everywhere', () => {
    for (const [name, e] of allElfs(U)) {
      const ls = loads(e);
      expect(ls.map((p) => p.flags), name).toEqual(['R E', 'RW']);
      expect(ls.every((p) => p.align === 0x200000), name).toBe(true);
    }
  });

  it('maps the locale archive and gconv cache the seed\'s pmap shows', () => {
    expect(up(U.dataFiles['/usr/lib/locale/locale-archive']!) / 1024).toBe(4480);
    expect(up(U.dataFiles['/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache']!) / 1024).toBe(28);
  });
});
