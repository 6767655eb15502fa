// The knobs the chapter offers: numeric `#define`s of the lab sources that a reader may change from the page
// (a console fence names them: `knobs=alloc_size/ALLOC_SIZE_KB,alloc_size/NUM_STEPS`). This table says what a
// define means to a reader; its value is never written here — Knob.astro reads it from the lab file at build
// time, so a lab whose numbers change keeps correct knobs.

/** Where the worker installs /labs/X (src/worker/machine.worker.ts, src/sim/boot.ts's LABS_ROOT). */
export const LABS_ON_MACHINE = '/home/student/chapters/data';

export interface KnobSpec {
  /** The lab file, relative to labs/ (and to ~/chapters/data on the machine). */
  file: string;
  /** The macro name in that file. */
  define: string;
  /** What the number is, for the label (the define's name is shown too). */
  label: string;
  unit: string;
  /** What changing it shows: read out as the control's description. */
  description: string;
  /** The values offered (the lab's own is added if missing). */
  choices: readonly number[];
}

const ALLOC = 'process-memory/drills/tasks/alloc_size/support/alloc_size.c';
const MODIFY = 'process-memory/drills/tasks/modify-areas/support/hello.c';
const powersOfTwo = (from: number, to: number) => {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
};

export const KNOBS: Record<string, KnobSpec> = {
  'alloc_size/ALLOC_SIZE_KB': {
    file: ALLOC, define: 'ALLOC_SIZE_KB', label: 'size of each allocation', unit: 'KiB',
    // glibc's M_MMAP_THRESHOLD starts at 128 KiB: a request of at least that (plus the chunk header) is mmap'ed.
    description: 'Each malloc() asks for this much. Below 128 KiB (glibc’s mmap threshold) the blocks come from the heap, grown with brk; from 128 KiB on, each block is its own mmap.',
    choices: [4, 8, 16, 32, 64, 120, 128, 256, 512, 1024],
  },
  'alloc_size/NUM_STEPS': {
    file: ALLOC, define: 'NUM_STEPS', label: 'number of allocations', unit: 'malloc() calls',
    description: 'How many blocks the program allocates before it waits; only the last one is freed.',
    choices: [1, 2, 3, 5, 10, 20, 50],
  },
  'modify-areas/RODATA_SIZE': {
    file: MODIFY, define: 'RODATA_SIZE', label: 'read-only array', unit: 'bytes',
    description: 'Size of a const initialised array: it lands in .rodata, counted in size’s text column.',
    choices: powersOfTwo(1024, 262144),
  },
  'modify-areas/DATA_SIZE': {
    file: MODIFY, define: 'DATA_SIZE', label: 'initialised array', unit: 'bytes',
    description: 'Size of an initialised writable array: it lands in .data (size’s data column) and takes room in the file.',
    choices: powersOfTwo(1024, 262144),
  },
  'modify-areas/BSS_SIZE': {
    file: MODIFY, define: 'BSS_SIZE', label: 'uninitialised array', unit: 'bytes',
    description: 'Size of an uninitialised array: it lands in .bss (size’s bss column), zero-filled at load time and not stored in the file.',
    choices: powersOfTwo(1024, 1048576),
  },
  'modify-areas/HEAP_CHUNKS': {
    file: MODIFY, define: 'HEAP_CHUNKS', label: 'heap blocks of 64 KiB', unit: 'blocks',
    description: 'How many 64 KiB blocks the program mallocs and keeps: the heap grows with them.',
    choices: [0, 1, 2, 4, 8, 16],
  },
  'modify-areas/STACK_ORDER': {
    file: MODIFY, define: 'STACK_ORDER', label: 'recursion depth', unit: 'calls',
    description: 'How deep alloc_stack() recurses, each call with a 32 KiB frame: the stack grows with it.',
    choices: [0, 1, 2, 5, 10, 20],
  },
};

export function knobSpec(id: string): KnobSpec {
  const spec = KNOBS[id];
  if (!spec) throw new Error(`unknown knob "${id}" (known: ${Object.keys(KNOBS).join(', ')})`);
  return spec;
}

/** `a/B,c/D` or `a/B c/D` → the knob ids, each checked against the table. */
export function knobIds(list: string): string[] {
  const ids = list.split(/[\s,]+/).filter(Boolean);
  for (const id of ids) knobSpec(id);
  return ids;
}

/** The values a knob offers: its choices and the lab's own value, in order. */
export function knobChoices(spec: KnobSpec, original: number): number[] {
  return [...new Set([...spec.choices, original])].sort((a, b) => a - b);
}
