// The memory files of /proc/PID: maps, smaps, statm and the Vm* lines of status, generated from the address
// space as fs/proc/task_mmu.c prints them. Shared vs private pages are counted across all processes mapping
// the same file page (the page's mapcount), as Linux's smaps does.
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import { PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE, type AddressSpace, type Vma } from '../kernel/mm.ts';

/** The gate VMA every x86-64 process shows last ([vsyscall], vsyscall=xonly). */
export const VSYSCALL = { start: 'ffffffffff600000', end: 'ffffffffff601000', perms: '--xp' };

const hex8 = (n: number, w = 8) => n.toString(16).padStart(w, '0');

export function permsOf(v: Vma): string {
  return (v.prot & PROT_READ ? 'r' : '-') + (v.prot & PROT_WRITE ? 'w' : '-') + (v.prot & PROT_EXEC ? 'x' : '-') + (v.shared ? 's' : 'p');
}

/** `major:minor` as maps prints a dev_t (MKDEV(major, minor) with the old 8-bit split). */
export function devString(dev: number) { return `${hex8(dev >> 8, 2)}:${hex8(dev & 0xff, 2)}`; }

/** One maps line; the name starts at column 73 (seq_pad to 25 + 6 * sizeof(void *) - 1, plus a space). */
export function mapsLine(mm: AddressSpace, v: Vma): string {
  return formatMapsLine(v.start, v.end, permsOf(v), v.file ? v.offset : 0, v.file ? devString(v.file.dev) : '00:00', v.file ? v.file.ino : 0, mm.nameOf(v));
}

/** show_map_vma()'s line from its fields (the recorded history formats past VMAs with it). */
export function formatMapsLine(start: number, end: number, perms: string, offset: number, dev: string, ino: number, name: string): string {
  const head = `${hex8(start)}-${hex8(end)} ${perms} ${hex8(offset)} ${dev} ${ino} `;
  return name ? head.padEnd(73) + name : head;
}

export function mapsText(mm: AddressSpace | undefined): string {
  if (!mm) return '';
  const lines: string[] = [];
  for (const v of mm.vmas) lines.push(mapsLine(mm, v));
  const out = lines.length ? lines.join('\n') + '\n' : '';
  const gate = `${VSYSCALL.start}-${VSYSCALL.end} ${VSYSCALL.perms} 00000000 00:00 0 `;
  return out + gate.padEnd(73) + '[vsyscall]\n';
}

/** How many processes have each file page resident: key `${ino}:${pageIndex}`. */
export function fileMapcounts(kernel: Kernel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of kernel.procs.values()) {
    if (p.dead || !p.mm) continue;
    for (const v of p.mm.vmas) {
      if (!v.file) continue;
      for (const [vpn, page] of v.pages) {
        if (!page.file) continue;
        const key = `${v.file.ino}:${(v.offset + vpn * PAGE_SIZE - v.start) / PAGE_SIZE}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

export interface VmaUsage {
  rss: number; pss: number; pssDirty: number; sharedClean: number; sharedDirty: number; privateClean: number; privateDirty: number;
  anonymous: number; referenced: number;
}

/** Page counts of one VMA in KiB, as smaps computes them (smaps_account). */
export function usage(v: Vma, mapcounts: Map<string, number>): VmaUsage {
  const u: VmaUsage = { rss: 0, pss: 0, pssDirty: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, anonymous: 0, referenced: 0 };
  for (const [vpn, page] of v.pages) {
    const count = page.file && v.file ? mapcounts.get(`${v.file.ino}:${(v.offset + vpn * PAGE_SIZE - v.start) / PAGE_SIZE}`) ?? 1 : 1;
    u.rss += 4;
    u.referenced += 4;
    u.pss += 4 / count;
    if (page.dirty) u.pssDirty += 4 / count;
    if (!page.file) u.anonymous += 4;
    if (count > 1) { if (page.dirty) u.sharedDirty += 4; else u.sharedClean += 4; }
    else if (page.dirty) u.privateDirty += 4; else u.privateClean += 4;
  }
  return u;
}

/** smaps VmFlags (show_smap_vma_flags). Ubuntu 18.04's 4.15 kernel also shows dw and sd. */
export function vmFlags(mm: AddressSpace, v: Vma, oldKernel: boolean): string {
  if (v.special === '[vvar]' || v.special === '[vvar_vclock]') return oldKernel ? 'rd mr pf io de dd sd' : 'rd mr pf io de dd';
  if (v.special === '[vdso]') return oldKernel ? 'rd ex mr mw me de sd' : 'rd ex mr mw me de';
  const f: string[] = [];
  if (v.prot & PROT_READ) f.push('rd');
  if (v.prot & PROT_WRITE) f.push('wr');
  if (v.prot & PROT_EXEC) f.push('ex');
  // VM_SHARED only when the file was opened for writing (a read-only MAP_SHARED mapping has just VM_MAYSHARE, "ms").
  if (v.shared && v.prot & PROT_WRITE) f.push('sh');
  f.push('mr');
  const fileWritable = !v.file || !v.shared || !!(v.file.node.mode & 0o222);
  if (fileWritable && !(v.shared && !(v.prot & PROT_WRITE))) f.push('mw');
  f.push('me');
  if (v.shared) f.push('ms');
  if (oldKernel && v.denywrite) f.push('dw');
  if (mm.nameOf(v) === '[stack]') f.push('gd');
  if (v.account) f.push('ac');
  if (oldKernel) f.push('sd');
  return f.join(' ');
}

const FIELDS_6 = ['Size', 'KernelPageSize', 'MMUPageSize', 'Rss', 'Pss', 'Pss_Dirty', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean',
  'Private_Dirty', 'Referenced', 'Anonymous', 'KSM', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'FilePmdMapped', 'Shared_Hugetlb',
  'Private_Hugetlb', 'Swap', 'SwapPss', 'Locked'];
const FIELDS_4_15 = ['Size', 'KernelPageSize', 'MMUPageSize', 'Rss', 'Pss', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean',
  'Private_Dirty', 'Referenced', 'Anonymous', 'LazyFree', 'AnonHugePages', 'ShmemPmdMapped', 'Shared_Hugetlb', 'Private_Hugetlb',
  'Swap', 'SwapPss', 'Locked'];

export function smapsFields(oldKernel: boolean) { return oldKernel ? FIELDS_4_15 : FIELDS_6; }

function fieldValues(v: Vma | 'gate', u: VmaUsage): Record<string, number> {
  const size = v === 'gate' ? 4 : v.size / 1024;
  return {
    Size: size, KernelPageSize: 4, MMUPageSize: 4, Rss: u.rss, Pss: Math.floor(u.pss), Pss_Dirty: Math.floor(u.pssDirty),
    Shared_Clean: u.sharedClean, Shared_Dirty: u.sharedDirty, Private_Clean: u.privateClean, Private_Dirty: u.privateDirty,
    Referenced: u.referenced, Anonymous: u.anonymous, KSM: 0, LazyFree: 0, AnonHugePages: 0, ShmemPmdMapped: 0, FilePmdMapped: 0,
    Shared_Hugetlb: 0, Private_Hugetlb: 0, Swap: 0, SwapPss: 0, Locked: 0,
  };
}

const EMPTY: VmaUsage = { rss: 0, pss: 0, pssDirty: 0, sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, anonymous: 0, referenced: 0 };

export function smapsText(kernel: Kernel, mm: AddressSpace | undefined, oldKernel: boolean): string {
  if (!mm) return '';
  const counts = fileMapcounts(kernel);
  const fields = smapsFields(oldKernel);
  const block = (header: string, vals: Record<string, number>, flags: string) => {
    let s = header + '\n';
    for (const f of fields) s += `${(f + ':').padEnd(16)}${String(vals[f]).padStart(8)} kB\n`;
    if (!oldKernel) s += `THPeligible:           0\n`;
    return s + `VmFlags: ${flags} \n`;
  };
  let out = '';
  for (const v of mm.vmas) out += block(mapsLine(mm, v), fieldValues(v, usage(v, counts)), vmFlags(mm, v, oldKernel));
  const gate = `${VSYSCALL.start}-${VSYSCALL.end} ${VSYSCALL.perms} 00000000 00:00 0 `.padEnd(73) + '[vsyscall]';
  return out + block(gate, fieldValues('gate', EMPTY), 'ex');
}

/** Totals for status, statm and stat (task_mem, task_statm). */
export function memTotals(mm: AddressSpace | undefined) {
  const t = { vmSize: 0, rss: 0, rssAnon: 0, rssFile: 0, rssShmem: 0, data: 0, stk: 0, exe: 0, lib: 0, text: 0 };
  if (!mm) return t;
  for (const v of mm.vmas) {
    const kib = v.size / 1024;
    t.vmSize += kib;
    const r = v.residency();
    t.rss += r.rss * 4;
    t.rssFile += (r.rss - r.anon) * 4;
    t.rssAnon += r.anon * 4;
    const stack = mm.nameOf(v) === '[stack]';
    if (stack) t.stk += kib;
    else if (v.prot & PROT_WRITE && !v.shared) t.data += kib;
    // VmExe is the program's code; VmLib every other executable mapping (libraries, ld.so, the vDSO).
    if (v.prot & PROT_EXEC) { if (v.file && v.file.path === mm.vmas[0]?.file?.path) t.exe += kib; else t.lib += kib; }
  }
  return t;
}

export function statusMemLines(mm: AddressSpace | undefined): string[] {
  if (!mm) return [];
  const t = memTotals(mm);
  const kb = (n: number) => `${String(Math.round(n)).padStart(8)} kB`;
  return [`VmPeak:\t${kb(t.vmSize)}`, `VmSize:\t${kb(t.vmSize)}`, `VmLck:\t${kb(0)}`, `VmPin:\t${kb(0)}`, `VmHWM:\t${kb(t.rss)}`,
    `VmRSS:\t${kb(t.rss)}`, `RssAnon:\t${kb(t.rssAnon)}`, `RssFile:\t${kb(t.rssFile)}`, `RssShmem:\t${kb(t.rssShmem)}`,
    `VmData:\t${kb(t.data)}`, `VmStk:\t${kb(t.stk)}`, `VmExe:\t${kb(t.exe)}`, `VmLib:\t${kb(t.lib)}`, `VmPTE:\t${kb(32)}`, `VmSwap:\t${kb(0)}`];
}

/** /proc/PID/statm: size resident shared text lib data dt, in pages. */
export function statmText(proc: Process): string {
  const t = memTotals(proc.mm);
  const pages = (kib: number) => Math.round(kib / 4);
  return `${pages(t.vmSize)} ${pages(t.rss)} ${pages(t.rssFile)} ${pages(t.exe)} 0 ${pages(t.data + t.stk)} 0\n`;
}
