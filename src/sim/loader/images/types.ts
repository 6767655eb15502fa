// The ELF facts of a profile's own binaries and libraries (see debian-12.ts, ubuntu-18.04.ts).
import type { ElfInfo } from '../elf.ts';

/** An installed program: an ELF executable, or a `#!` script (Debian's `which` and both profiles' `ldd`). */
export type ProgramImage =
  | {
    /** Where it is installed under its command name (/usr/bin/pidof, /bin/cat). */
    path: string;
    /** The file after symlinks when it differs (pidof → /usr/sbin/killall5, gcc → x86_64-linux-gnu-gcc-12). */
    realPath?: string;
    elf: ElfInfo;
    script?: undefined;
  }
  | {
    path: string;
    realPath?: string;
    elf?: undefined;
    /** The `#!` line exactly as in the file ('#! /bin/sh', '#!/bin/bash'). */
    script: string;
    fileSize: number;
  };

/** Resident KiB of one object in one measured process (same meaning as ElfInfo.residentKiB/residentBssKiB). */
export interface ResidentFigures {
  residentKiB: number[];
  residentBssKiB?: number;
}

export interface ProfileImages {
  /** PT_INTERP of programs ('/lib64/ld-linux-x86-64.so.2'). */
  interp: string;
  /** The dynamic loader's real file and ELF facts. */
  ldso: { path: string; elf: ElfInfo };
  /** Size of /etc/ld.so.cache in bytes (the loader maps it; its size moves every later mmap). */
  ldSoCacheSize: number;
  /**
   * Libraries by DT_NEEDED name → the path the loader opens, the real file (after symlinks) and ELF facts.
   * 'ld-linux-x86-64.so.2' (libc's DT_NEEDED) is the loader itself: same ElfInfo object as `ldso.elf`.
   */
  libraries: Record<string, { path: string; realPath: string; elf: ElfInfo }>;
  /** Programs by registry tool name (plus the chapter's other programs: pmap, size, gcc...) → install path and ELF facts. */
  programs: Record<string, ProgramImage>;
  /** Other files programs map at run time, with their sizes (locale data, gconv-modules.cache). */
  dataFiles: Record<string, number>;
  /**
   * Resident figures as measured in particular processes, by program name then real path of each object it
   * maps; they take precedence over the objects' own residentKiB (a library's figures differ per process).
   */
  residentByProgram?: Record<string, Record<string, ResidentFigures>>;
}
