// What execve leaves at the top of the new stack (fs/exec.c and create_elf_tables in fs/binfmt_elf.c), byte for
// byte: from the stack's end down, a pointer-sized gap, the file name given to execve (AT_EXECFN), the environment
// strings, the argument strings; then, at an address arch_align_stack moved down by up to 8 KiB when ASLR is on
// and rounded to 16, the platform string "x86_64" and AT_RANDOM's 16 bytes; under them argc, argv[], NULL,
// envp[], NULL and the auxiliary vector, argc's address rounded down to 16 (the program's first stack pointer,
// /proc/PID/stat's startstack). How deep a program's stack reaches, and so the size pmap shows for [stack], depends
// on all of it (checked against this machine: `setarch -R env -i ./probe` puts argc at 0x7fffffffee30 on 6.18).

/** Auxiliary vector entry types (include/uapi/linux/auxvec.h, arch/x86/include/uapi/asm/auxvec.h). */
export const AT = {
  NULL: 0, PHDR: 3, PHENT: 4, PHNUM: 5, PAGESZ: 6, BASE: 7, FLAGS: 8, ENTRY: 9, UID: 11, EUID: 12, GID: 13, EGID: 14,
  PLATFORM: 15, HWCAP: 16, CLKTCK: 17, SECURE: 23, RANDOM: 25, HWCAP2: 26, RSEQ_FEATURE_SIZE: 27, RSEQ_ALIGN: 28,
  EXECFN: 31, SYSINFO_EHDR: 33, MINSIGSTKSZ: 51,
} as const;

export interface InitialStackInput {
  /** The stack VMA's end (page-aligned). */
  stackEnd: number;
  /** bprm->filename: the path as the caller gave it to execve. */
  filename: string;
  argv: string[];
  envp: string[];
  /** arch_align_stack's random subtraction, below 8192 (0 without ASLR). */
  alignOffset: number;
  /** AT_RANDOM's bytes (glibc seeds the stack protector's canary and pointer guard from them). */
  randomBytes: Uint8Array;
  /** The auxiliary vector without AT_NULL; addresses of the strings above are filled in by `auxv`. */
  auxv: (at: { execfn: number; platform: number; random: number }) => Array<[number, number]>;
}

export interface InitialStack {
  /** Where argc is: the first stack pointer. */
  sp: number;
  /** The bytes from `sp` to the stack's end. */
  bytes: Uint8Array;
}

const PLATFORM = 'x86_64';
const enc = new TextEncoder();

/** What execve copies first, from the stack's end down (the span setup_arg_pages sizes the stack by): the gap,
 *  the file name, the environment and the argument strings. */
export function argStringsSize(filename: string, argv: string[], envp: string[]): number {
  return 8 + [filename, ...argv, ...envp].reduce((n, s) => n + enc.encode(s).length + 1, 0);
}

export function initialStack(input: InitialStackInput): InitialStack {
  const end = input.stackEnd;
  // bprm->p starts one pointer below the end; copy_string_kernel and copy_strings then copy downwards, the
  // last environment string first, so argv[0] ends up lowest and the strings read in order upwards.
  let p = end - 8;
  const strings: Array<[number, Uint8Array]> = [];
  const push = (s: string) => { const b = enc.encode(s + '\0'); p -= b.length; strings.push([p, b]); return p; };
  const execfn = push(input.filename);
  const envAt = input.envp.slice().reverse().map(push).reverse();
  const argAt = input.argv.slice().reverse().map(push).reverse();
  // create_elf_tables
  p = Math.floor((p - input.alignOffset) / 16) * 16; // arch_align_stack
  const platform = push(PLATFORM);
  p -= input.randomBytes.length;
  const random = p;
  strings.push([random, input.randomBytes]);
  const aux = [...input.auxv({ execfn, platform, random }), [AT.NULL, 0] as [number, number]];
  const items = input.argv.length + 1 + input.envp.length + 1 + 1;
  const sp = Math.floor((p - aux.length * 16 - items * 8) / 16) * 16; // STACK_ADD, then STACK_ROUND

  const bytes = new Uint8Array(end - sp);
  const view = new DataView(bytes.buffer);
  const u64 = (addr: number, v: number) => view.setBigUint64(addr - sp, BigInt(v), true);
  let at = sp;
  const put = (v: number) => { u64(at, v); at += 8; };
  put(input.argv.length);
  for (const a of argAt) put(a);
  put(0);
  for (const e of envAt) put(e);
  put(0);
  for (const [type, value] of aux) { put(type); put(value); }
  for (const [addr, b] of strings) bytes.set(b, addr - sp);
  return { sp, bytes };
}
