// The seam between compiled C programs (src/sim/cc: the compiler and its VM) and the C library model
// (src/sim/libc: ptmalloc2, stdio, string, unistd...). The VM calls library functions by name with typed
// arguments, exactly as the x86-64 calling convention would pass them; the library works on the process's
// memory (its AddressSpace) and makes traced system calls (Syscalls), so strace and ltrace see them.
import type { VaLists } from './va.ts';
import type { AddressSpace } from '../kernel/mm.ts';
import type { Syscalls } from '../kernel/syscalls.ts';
import type { Sys } from '../kernel/sys.ts';
import type { ProfileName } from '../loader/profiles.ts';

/** A value passed to or returned from a library function. Integers and pointers are numbers (addresses fit in
 * 47 bits); 64-bit integers that do not fit a double are bigint; doubles are tagged 'f'. */
export type CValue =
  | { t: 'i'; v: number | bigint }   // char/short/int/long/long long, signed or unsigned (already converted)
  | { t: 'p'; v: number }            // pointers
  | { t: 'f'; v: number };           // float (promoted to double in varargs) and double

/** What the library needs from the process running it. */
export interface LibcHost {
  readonly mm: AddressSpace;
  /** Traced system calls of this process (brk, mmap, write, read, openat, ...). */
  readonly syscalls: Syscalls;
  /** The process's Sys (fds, blocking reads and writes, sleep, exit). */
  readonly sys: Sys;
  readonly profile: ProfileName;
  /** Where the library's own data (FILE objects, stdin/stdout/stderr, errno) lives: in libc.so.6's data segment
   * when absent; a statically linked program has it in its own .bss (the linker says where). */
  readonly dataBase?: number;
  /** Reports a library call for ltrace: name, arguments as ltrace prints them, and the return value. */
  traceLibcall(name: string, args: string[], ret: string): void;
  /** Reports a call's start (ltrace prints it then); the returned function reports its return value. */
  traceLibcallEnter?(name: string, args: string[]): (ret: string) => void;
}

/** A C library function: may suspend (read from a terminal, sleep). */
export type LibcResult = CValue | undefined;

/** One process's C library: its malloc arena, stdio streams, atexit list, errno. */
export interface LibcInstance {
  /** Calls a function by name (the VM only calls names that `LIBC_FUNCTIONS` lists). */
  call(name: string, args: CValue[]): LibcResult | Promise<LibcResult>;
  /** The argument lists of the program's variadic calls (va_start registers them; vprintf reads them). */
  readonly va: VaLists;
  /** __stack_chk_fail: a protected function's canary was overwritten (the message, then SIGABRT). */
  stackChkFail(): Promise<never>;
  /** Address of a data symbol the library defines (stdin, stdout, stderr, environ, optarg ...), if any. */
  symbol(name: string): number | undefined;
  /** exit(): atexit handlers, stdio flushed; then the caller ends the process with `code`. */
  exit(code: number): Promise<void>;
}

/** Creates the library state of a process (at its start, before main). */
export type LibcFactory = (host: LibcHost) => LibcInstance;
