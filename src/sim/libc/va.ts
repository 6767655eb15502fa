// The argument lists of calls to the program's variadic functions (<stdarg.h>). The VM hands a variadic function
// its extra arguments as values with their kinds; va_start registers them here and writes the handle into the
// va_list, so a va_list is 24 bytes of the process's memory as on x86-64 (`struct __va_list_tag[1]`) and
// va_copy is a plain copy of them. What the simulator keeps in the struct's fields is its own: gp_offset holds
// the index of the next argument, overflow_arg_area the handle. vprintf and its siblings read the list from there.

/** Field offsets inside the 24-byte va_list. */
export const VA_INDEX = 0;
export const VA_HANDLE = 8;

export interface VaArgs {
  /** One kind per argument, as the VM names them: i/I/l/L integers, p pointer, f double. */
  kinds: string;
  vals: unknown[];
}

/** Lists live past their function's return (as the values a stale va_list would read do); the oldest go first. */
const KEEP = 4096;

export class VaLists {
  private lists = new Map<number, VaArgs>();
  private next = 1;

  add(kinds: string, vals: unknown[]): number {
    const id = this.next++;
    this.lists.set(id, { kinds, vals });
    if (this.lists.size > KEEP) this.lists.delete(this.lists.keys().next().value!);
    return id;
  }

  get(id: number): VaArgs | undefined { return this.lists.get(id); }
}
