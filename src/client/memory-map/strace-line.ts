// Which terminal lines are system calls that changed an address space, as strace prints them: these become
// links to the map. The map then looks the line up in the process's recorded history (it parses nothing else).

/** `brk(0x55…) = 0x55…`, `mmap(NULL, 266240, …) = 0x7f…`, `munmap(0x7f…, 266240) = 0` (strace -f's `[pid N]` too). */
export const MEMORY_CALL = /^(?:\[pid +\d+\] )?(?:brk|mmap|munmap|mremap|mprotect)\((?:NULL|0x[0-9a-f]+)[^)]*\)\s+=\s+(?:0x[0-9a-f]+|0)\b/;

export const isMemoryCall = (line: string) => MEMORY_CALL.test(line);
