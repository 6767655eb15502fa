// ELF facts of an executable or shared object: what `readelf -h -l -S`, `size` and the loader need. The
// simulated files carry these (see image.ts); the C toolchain computes them for programs it builds, and
// src/sim/loader/images/<profile>.ts holds them for the system's own binaries and libraries.

/** Program header (readelf -l): flags as readelf prints them ('R', 'R E', 'RW', 'RWE'). */
export interface Phdr {
  type: 'PHDR' | 'INTERP' | 'LOAD' | 'DYNAMIC' | 'NOTE' | 'TLS' | 'GNU_PROPERTY' | 'GNU_EH_FRAME' | 'GNU_STACK' | 'GNU_RELRO';
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  flags: string;
  align: number;
}

/** Section header (readelf -S, size). Flags as readelf prints them ('A', 'AX', 'WA', 'MS', ...). */
export interface Section {
  name: string;
  type: 'NULL' | 'PROGBITS' | 'NOBITS' | 'NOTE' | 'GNU_HASH' | 'HASH' | 'DYNSYM' | 'STRTAB' | 'SYMTAB' | 'VERSYM' | 'VERNEED' | 'VERDEF'
    | 'RELA' | 'INIT_ARRAY' | 'FINI_ARRAY' | 'DYNAMIC' | 'GNU_verdef' | 'GNU_verneed' | 'GNU_versym' | 'RELR' | 'PREINIT_ARRAY';
  flags: string;
  addr: number;
  offset: number;
  size: number;
  align: number;
  /** sh_entsize, sh_link, sh_info (readelf -S); absent in data captured before they were recorded. */
  entsize?: number;
  link?: number;
  info?: number;
}

export interface ElfInfo {
  type: 'EXEC' | 'DYN';
  entry: number;
  phdrs: Phdr[];
  sections: Section[];
  /** PT_INTERP path for dynamically linked programs. */
  interp?: string;
  /** DT_NEEDED, in order. */
  needed: string[];
  soname?: string;
  /** The file's size in bytes (ls -l, fstat in the loader's strace). */
  fileSize: number;
  /** e_ident[EI_OSABI] when not 0 (UNIX - System V): 3 is ELFOSABI_GNU (glibc's libc.so.6 and ld.so). */
  osabi?: number;
  /** The NT_GNU_BUILD_ID note as hex (file: BuildID[sha1]=...). */
  buildId?: string;
  /**
   * Resident KiB per PT_LOAD segment after a typical run (what the process has touched): the system's
   * binaries take it from measurements on the real distro; programs built by the simulated gcc fault pages
   * in as they run instead.
   */
  residentKiB?: number[];
  /** Resident KiB of the anonymous .bss pages past the last PT_LOAD's file-backed pages (libc's 52K anon), same source. */
  residentBssKiB?: number;
}
