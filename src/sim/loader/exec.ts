// The kernel half of execve for ELF images (fs/binfmt_elf.c): a fresh address space with the executable's
// PT_LOAD segments, its bss, the program break, the stack, the interpreter (ld.so) and the vDSO, placed as
// Linux places them with and without ASLR. The user-space half (ld.so mapping libraries) is ldso.ts.
import { AddressSpace, MAP_GROWSDOWN, MAP_PRIVATE, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, TASK_SIZE, pageAlignDown, pageAlignUp, type FileBacking } from '../kernel/mm.ts';
import type { Random } from '../kernel/random.ts';
import type { ElfInfo, Phdr } from './elf.ts';
import type { ProfileName } from './profiles.ts';
import { AT, argStringsSize, initialStack } from './initial-stack.ts';

/** ELF_ET_DYN_BASE on x86-64: 2/3 of TASK_SIZE, page-aligned (0x555555554000). */
export const ELF_ET_DYN_BASE = pageAlignDown(Math.floor((TASK_SIZE / 3) * 2));
/** Gap kept between the stack top and mmap_base when ASLR is off (MIN_GAP = 128 MiB). */
const MIN_GAP = 128 << 20;
const MAX_GAP = Math.floor(TASK_SIZE / 6) * 5;
/** The initial stack VMA: the argument pages plus the 128 KiB setup_arg_pages expands it by. */
const STACK_EXPAND = 128 << 10;
export const ADDR_NO_RANDOMIZE = 0x0040000;
/** AT_HWCAP: CPUID 1's EDX as the machines here report it (LD_SHOW_AUXV=1 /bin/true). */
const HWCAP = 0x178bfbff;

export interface KernelFlavour {
  /** 4.15 (Ubuntu 18.04) places the vDSO near the stack; 6.x top-down below ld.so. */
  vdsoNearStack: boolean;
  /** [vvar] pages, optional [vvar_vclock] pages (6.18), [vdso] pages. */
  vvarPages: number;
  vclockPages: number;
  vdsoPages: number;
  /** AT_MINSIGSTKSZ (x86 since 5.14; this machine's sigframe size) and AT_RSEQ_* (6.3) in the auxiliary vector. */
  minSigStkSz?: number;
  rseq: boolean;
  /** AT_HWCAP2: FSGSBASE (bit 1) on 6.x; 4.15 reports none. */
  hwcap2: number;
}

export function kernelFlavour(profile: ProfileName): KernelFlavour {
  return profile === 'ubuntu-18.04'
    ? { vdsoNearStack: true, vvarPages: 3, vclockPages: 0, vdsoPages: 1, rseq: false, hwcap2: 0 }
    : { vdsoNearStack: false, vvarPages: 4, vclockPages: 2, vdsoPages: 2, minSigStkSz: 1776, rseq: true, hwcap2: 0x2 };
}

export const protOf = (flags: string) =>
  (flags.includes('R') ? PROT_READ : 0) | (flags.includes('W') ? PROT_WRITE : 0) | (flags.includes('E') ? PROT_EXEC : 0);

export const loads = (elf: ElfInfo) => elf.phdrs.filter((p) => p.type === 'LOAD');

/** Bytes spanned by the PT_LOADs, page-aligned (total_mapping_size). */
export function totalMappingSize(elf: ElfInfo): number {
  const l = loads(elf);
  return pageAlignUp(l[l.length - 1]!.vaddr + l[l.length - 1]!.memsz) - pageAlignDown(l[0]!.vaddr);
}

/**
 * Maps one PT_LOAD as elf_map + set_brk/padzero do: the file part (page-aligned), the zeroed tail of its last
 * page (written, so resident and dirty), and anonymous pages for the rest of .bss.
 */
export function mapSegment(mm: AddressSpace, base: number, ph: Phdr, file: FileBacking, origin: string, anonBss = true) {
  const prot = protOf(ph.flags);
  const start = pageAlignDown(base + ph.vaddr);
  const fileEnd = pageAlignUp(base + ph.vaddr + ph.filesz);
  const memEnd = pageAlignUp(base + ph.vaddr + ph.memsz);
  if (fileEnd > start) {
    mm.mmap(start, fileEnd - start, prot, MAP_PRIVATE | 0x10, file, pageAlignDown(ph.offset), origin);
  }
  if (ph.memsz > ph.filesz && (base + ph.vaddr + ph.filesz) % PAGE_SIZE && prot & PROT_WRITE) {
    mm.touch(base + ph.vaddr + ph.filesz, 1, true); // padzero: clears the rest of the last file page
  }
  if (anonBss && memEnd > fileEnd) mm.mmap(fileEnd, memEnd - fileEnd, prot, MAP_PRIVATE | 0x10 | 0x20, undefined, 0, origin);
}

export interface ExecLayoutInput {
  profile: ProfileName;
  randomize: boolean;
  random: Random;
  exe: { elf: ElfInfo; file: FileBacking };
  interp?: { elf: ElfInfo; file: FileBacking };
  /** RLIMIT_STACK's soft limit: how far the stack may grow, and the gap mmap_base keeps below it. */
  stackLimit: number;
  /** RLIMIT_AS's soft limit: the kernel's own mappings count against it (a failure is SIGSEGV: too late to fail). */
  asLimit: number;
  /** What execve copies onto the new stack: the file name as given (AT_EXECFN), argv and envp. */
  args: { filename: string; argv: string[]; envp: string[] };
  cred: { uid: number; euid: number; gid: number; egid: number };
}

export interface ExecResult {
  mm: AddressSpace;
  /** Where the executable and the interpreter were loaded (load bias). */
  exeBase: number;
  interpBase: number | undefined;
}

/** Builds the address space execve leaves behind before the first user instruction runs. */
export function execLayout(input: ExecLayoutInput): ExecResult {
  const { randomize, random } = input;
  const flavour = kernelFlavour(input.profile);
  const mm = new AddressSpace();
  mm.asLimit = input.asLimit;
  const rndPages = (bits: number) => (randomize ? random.int(2 ** bits) * PAGE_SIZE : 0);

  // Stack top (randomize_stack_top: 22 bits of pages) and mmap_base (mmap_base(): gap + 28 bits of pages).
  const stackTop = TASK_SIZE - rndPages(22);
  const rlimit = input.stackLimit;
  // mmap_base(): the stack's limit plus the guard gap and the stack's random range, clamped to [128 MiB, 5/6 of
  // the address space] (an unlimited stack: the cap, still top-down on 6.x; older kernels went bottom-up).
  const gap = Math.min(MAX_GAP, Math.max(MIN_GAP, rlimit + 256 * PAGE_SIZE + (randomize ? 2 ** 22 * PAGE_SIZE : 0)));
  const mmapBase = pageAlignUp(TASK_SIZE - gap - rndPages(28)); // PAGE_ALIGN (up): only the 5/6 cap is not page-aligned

  // The executable: ET_DYN at ELF_ET_DYN_BASE (+ arch_mmap_rnd), ET_EXEC where it was linked.
  const exe = input.exe.elf;
  const exeBase = exe.type === 'DYN' ? ELF_ET_DYN_BASE + rndPages(28) : 0;
  mm.mmapBase = mmapBase;
  for (const ph of loads(exe)) mapSegment(mm, exeBase, ph, input.exe.file, 'execve', false);
  const l = loads(exe);
  const last = l[l.length - 1]!;
  // .bss beyond the file: set_brk maps it as anonymous memory (vm_brk_flags), then brk starts after it.
  const bssStart = pageAlignUp(exeBase + last.vaddr + last.filesz);
  const bssEnd = pageAlignUp(exeBase + last.vaddr + last.memsz);
  if (bssEnd > bssStart) mm.mmap(bssStart, bssEnd - bssStart, PROT_READ | PROT_WRITE, MAP_PRIVATE | 0x10 | 0x20, undefined, 0, 'execve');
  const startBrk = randomize ? bssEnd + random.int(0x2000) * PAGE_SIZE : bssEnd; // arch_randomize_brk: 32 MiB

  // The stack: the pages the argument strings were copied to + 128 KiB (setup_arg_pages), growing down.
  const stackEnd = pageAlignDown(stackTop);
  const { filename, argv, envp } = input.args;
  const argBytes = argStringsSize(filename, argv, envp);
  // setup_arg_pages: 128 KiB below the argument pages, or only down to RLIMIT_STACK when that is smaller
  const stackStart = Math.max(pageAlignDown(stackEnd - argBytes) - STACK_EXPAND, stackEnd - Math.floor(rlimit / PAGE_SIZE) * PAGE_SIZE);
  mm.mmap(stackStart, stackEnd - stackStart, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_GROWSDOWN | 0x10 | 0x20, undefined, 0, 'execve');
  // startStack becomes argc's address once the initial stack is written (below).
  mm.setLayout({ mmapBase, startBrk, startStack: stackEnd - 8, stackRlimit: rlimit });
  const touched = Math.max(stackEnd - 2 * PAGE_SIZE, stackStart); // (one page when RLIMIT_STACK allows no more)
  mm.touch(touched, stackEnd - touched, true); // argv, envp, auxv are written there

  // The interpreter: its whole span top-down below mmap_base (load_elf_interp with total_mapping_size).
  let interpBase: number | undefined;
  if (input.interp) {
    const ie = input.interp.elf;
    const span = totalMappingSize(ie);
    interpBase = mm.unmappedArea(span) - pageAlignDown(loads(ie)[0]!.vaddr);
    for (const ph of loads(ie)) mapSegment(mm, interpBase, ph, input.interp.file, 'execve');
  }

  // The vDSO and its data pages.
  const vlen = (flavour.vvarPages + flavour.vclockPages + flavour.vdsoPages) * PAGE_SIZE;
  let vaddr: number;
  if (flavour.vdsoNearStack && randomize) {
    // vdso_addr(): a random page between the stack and the next 2 MiB boundary above it.
    const endLimit = Math.min(TASK_SIZE, Math.ceil((stackEnd + vlen) / 0x200000) * 0x200000) - vlen;
    vaddr = endLimit > stackEnd ? stackEnd + random.int((endLimit - stackEnd) / PAGE_SIZE + 1) * PAGE_SIZE : stackEnd;
  } else vaddr = mm.unmappedArea(vlen);
  mm.mapSpecial(vaddr, flavour.vvarPages * PAGE_SIZE, PROT_READ, '[vvar]');
  if (flavour.vclockPages) mm.mapSpecial(vaddr + flavour.vvarPages * PAGE_SIZE, flavour.vclockPages * PAGE_SIZE, PROT_READ, '[vvar_vclock]');
  const vdsoAt = vaddr + (flavour.vvarPages + flavour.vclockPages) * PAGE_SIZE;
  mm.mapSpecial(vdsoAt, flavour.vdsoPages * PAGE_SIZE, PROT_READ | PROT_EXEC, '[vdso]');
  mm.touch(vdsoAt, PAGE_SIZE, false);

  // create_elf_tables: the strings, AT_RANDOM, the auxiliary vector and argc, under the stack's end. Drawn last so
  // that the placements above keep the random draws they had before the initial stack was modelled.
  const randomBytes = random.bytes(16);
  const alignOffset = randomize ? random.int(8192) : 0;
  const phdr = exe.phdrs.find((ph) => ph.type === 'PHDR');
  const { sp, bytes } = initialStack({
    stackEnd, ...input.args, alignOffset, randomBytes,
    auxv: (at) => [
      [AT.SYSINFO_EHDR, vdsoAt],
      ...(flavour.minSigStkSz ? [[AT.MINSIGSTKSZ, flavour.minSigStkSz] as [number, number]] : []),
      [AT.HWCAP, HWCAP], [AT.PAGESZ, PAGE_SIZE], [AT.CLKTCK, 100],
      [AT.PHDR, exeBase + (phdr ? phdr.vaddr : pageAlignDown(loads(exe)[0]!.vaddr) + 64)], [AT.PHENT, 56], [AT.PHNUM, exe.phdrs.length],
      [AT.BASE, interpBase ?? 0], [AT.FLAGS, 0], [AT.ENTRY, exeBase + exe.entry],
      [AT.UID, input.cred.uid], [AT.EUID, input.cred.euid], [AT.GID, input.cred.gid], [AT.EGID, input.cred.egid],
      [AT.SECURE, input.cred.euid !== input.cred.uid ? 1 : 0], [AT.RANDOM, at.random], [AT.HWCAP2, flavour.hwcap2],
      [AT.EXECFN, at.execfn], [AT.PLATFORM, at.platform],
      ...(flavour.rseq ? [[AT.RSEQ_FEATURE_SIZE, 0x1c], [AT.RSEQ_ALIGN, 0x20]] as Array<[number, number]> : []),
    ],
  });
  mm.write(sp, bytes);
  mm.startStack = sp;

  return { mm, exeBase, interpBase };
}
