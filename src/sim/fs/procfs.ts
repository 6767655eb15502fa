// /proc: generated from the kernel's state at open time, as Linux's seq_file does. Per-process directories
// (cmdline, comm, stat, status, environ, cwd, exe, fd/), /proc/self, and the system files the chapter uses
// (/proc/sys/vm/drop_caches is root-only; randomize_va_space is read by the loader).
import { procLimitsText } from '../kernel/rlimits.ts';
import { SysError } from '../kernel/errno.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import type { DirInode, FileInode, Inode } from './inode.ts';
import { fileMapcounts, mapsText, memTotals, smapsText, statmText, statusMemLines } from './procmem.ts';
import { getProfile, isProfileName } from '../loader/profiles.ts';
import { S_IFDIR } from './inode.ts';

const HZ = 100; // USER_HZ: /proc/PID/stat times are in clock ticks

export interface ProcTunables {
  randomizeVaSpace: number;
  /** Called when root writes to /proc/sys/vm/drop_caches (the machine empties the page cache: kernel/pagecache.ts). */
  dropCaches(level: number): void;
}

export function mountProc(kernel: Kernel, tunables: ProcTunables): DirInode {
  const vfs = kernel.vfs;

  const file = (perm: number, generate: () => string, onWrite?: FileInode['onWrite'], uid = 0, gid = 0): FileInode => {
    const f = vfs.newFile(perm, uid, gid);
    f.generate = generate;
    f.dev = 4;
    if (onWrite) f.onWrite = onWrite;
    return f;
  };
  const dir = (parent: DirInode, entries: Record<string, Inode> | (() => Record<string, Inode>), uid = 0, gid = 0): DirInode => {
    const d = vfs.newDir(parent, 0o555, uid, gid);
    d.dev = 4;
    const get = typeof entries === 'function' ? entries : () => entries;
    d.dynamic = { list: () => Object.keys(get()), get: (n) => get()[n] };
    return d;
  };

  const root = vfs.newDir(vfs.root, 0o555, 0, 0);
  root.dev = 4;
  root.mode = S_IFDIR | 0o555;

  /** What drop_caches has emptied of the reclaimable slab (the page cache keeps its own state): /proc/meminfo shows it. */
  const caches = { slab: true };
  const sysVm = dir(root, {
    drop_caches: file(0o200, () => '', (data, cred) => {
      if (cred.uid !== 0) throw new SysError('EACCES');
      const level = Number(new TextDecoder().decode(data).trim());
      if (![1, 2, 3].includes(level)) throw new SysError('EINVAL');
      tunables.dropCaches(level);
      if (level & 2) caches.slab = false;
    }),
    overcommit_memory: file(0o644, () => '0\n'),
    max_map_count: file(0o644, () => '65530\n'),
  });
  const sysKernel = dir(root, {
    randomize_va_space: file(0o644, () => `${tunables.randomizeVaSpace}\n`, (data, cred) => {
      if (cred.uid !== 0) throw new SysError('EACCES');
      const v = Number(new TextDecoder().decode(data).trim());
      if (![0, 1, 2].includes(v)) throw new SysError('EINVAL');
      tunables.randomizeVaSpace = v;
    }),
    pid_max: file(0o644, () => `${kernel.info.pidMax}\n`),
    hostname: file(0o644, () => `${kernel.info.nodename}\n`),
    osrelease: file(0o444, () => `${kernel.info.release}\n`),
  });
  const sys = dir(root, { vm: sysVm, kernel: sysKernel });

  const pidDirs = new Map<number, DirInode>();
  const pidDir = (p: Process): DirInode => {
    let d = pidDirs.get(p.pid);
    if (d) return d;
    const fdDir = dir(root, () => Object.fromEntries(p.fds.flatMap((f, i) => f ? [[String(i), vfs.newSymlink(() => f.path, p.uid, p.gid)]] : [])), p.uid, p.gid);
    fdDir.mode = S_IFDIR | 0o500;
    const entries: Record<string, Inode> = {
      cmdline: file(0o444, () => (p.dead ? '' : p.argv.map((a) => a + '\0').join('')), undefined, p.uid, p.gid),
      comm: file(0o644, () => `${p.comm}\n`, undefined, p.uid, p.gid),
      environ: file(0o400, () => p.env.map((e) => e + '\0').join(''), undefined, p.uid, p.gid),
      limits: file(0o444, () => procLimitsText(p.rlimits), undefined, p.uid, p.gid),
      stat: file(0o444, () => statLine(kernel, p), undefined, p.uid, p.gid),
      statm: file(0o444, () => statmText(p), undefined, p.uid, p.gid),
      maps: file(0o444, () => { if (!mayRead(kernel, p)) throw new SysError('EACCES'); return mapsText(liveMm(p)); }, undefined, p.uid, p.gid),
      smaps: file(0o444, () => {
        if (!mayRead(kernel, p)) throw new SysError('EACCES');
        return smapsText(kernel, liveMm(p), kernel.info.release.startsWith('4.'));
      }, undefined, p.uid, p.gid),
      status: file(0o444, () => statusText(kernel, p), undefined, p.uid, p.gid),
      cwd: vfs.newSymlink(() => p.cwd, p.uid, p.gid),
      exe: vfs.newSymlink(() => p.exe, p.uid, p.gid),
      fd: fdDir,
    };
    d = dir(root, entries, p.uid, p.gid);
    pidDirs.set(p.pid, d);
    return d;
  };

  const fixed: Record<string, Inode> = {
    self: vfs.newSymlink(() => String(kernel.current?.pid ?? 1)),
    sys,
    uptime: file(0o444, () => { const s = kernel.clock.uptime() / 1000; return `${s.toFixed(2)} ${(s * 1.9).toFixed(2)}\n`; }),
    loadavg: file(0o444, () => `0.00 0.00 0.00 1/${kernel.procs.size} ${kernel.procs.size ? Math.max(...kernel.procs.keys()) : 1}\n`),
    version: file(0o444, () => `Linux version ${kernel.info.release} (${kernel.info.profile}) ${kernel.info.version}\n`),
    meminfo: file(0o444, () => meminfoText(kernel, caches)),
  };
  root.dynamic = {
    list: () => [...Object.keys(fixed), ...[...kernel.procs.keys()].sort((a, b) => a - b).map(String)],
    get: (name) => {
      if (name in fixed) return fixed[name];
      if (!/^\d+$/.test(name)) return undefined;
      const p = kernel.procs.get(Number(name));
      if (!p) { pidDirs.delete(Number(name)); return undefined; }
      return pidDir(p);
    },
  };
  return root;
}

function ticks(ms: number) { return Math.floor((ms / 1000) * HZ); }

/**
 * ptrace_may_access(PTRACE_MODE_READ) for the process reading /proc (kernel.current): root, or the same user.
 * maps and smaps refuse to open otherwise (EACCES); stat shows the code/stack addresses as 1/0 instead.
 */
function mayRead(kernel: Kernel, p: Process): boolean {
  const reader = kernel.current;
  if (!reader || reader.euid === 0 || reader === p) return true;
  return reader.euid === p.uid && reader.euid === p.euid && reader.uid === p.uid;
}

/** A zombie's address space is gone (exit_mm ran): its maps, smaps and status memory lines are empty. */
function liveMm(p: Process) { return p.dead ? undefined : p.mm; }

/** The executable's code and data bounds as binfmt_elf records them (mm->start_code, end_code, start_data, end_data). */
function exeBounds(kernel: Kernel, p: Process) {
  const b = { startCode: 0, endCode: 0, startData: 0, endData: 0 };
  const mm = p.mm;
  const first = mm?.vmas.find((v) => v.file && v.file.path === p.exe);
  if (!mm || !first?.file) return b;
  const elf = kernel.opts.elfOf?.(first.file.node, first.file.path);
  const loads = elf?.phdrs.filter((ph) => ph.type === 'LOAD') ?? [];
  if (!loads.length) return b;
  const bias = first.start - (loads[0]!.vaddr - (loads[0]!.vaddr % 4096)); // the load bias
  // Linux 6.x counts only the executable segments for start_code; 4.15 took the lowest PT_LOAD.
  const oldKernel = kernel.info.release.startsWith('4.');
  let startCode = Infinity, endCode = 0, startData = 0, endData = 0;
  for (const ph of loads) {
    const exec = ph.flags.includes('E');
    if ((exec || oldKernel) && ph.vaddr < startCode) startCode = ph.vaddr;
    if (ph.vaddr > startData) startData = ph.vaddr;
    const end = ph.vaddr + ph.filesz;
    if (exec && end > endCode) endCode = end;
    if (end > endData) endData = end;
  }
  if (startCode === Infinity) startCode = 0;
  return { startCode: bias + startCode, endCode: bias + endCode, startData: bias + startData, endData: bias + endData };
}

/** /proc/PID/stat, fields as proc(5) lists them (vsize and rss come from the memory model). */
function statLine(kernel: Kernel, p: Process): string {
  const ttyNr = p.tty ? (136 << 8) | p.tty.minor : 0;
  const tpgid = p.tty ? p.tty.fgPgrp || -1 : -1;
  const t = memTotals(p.mm);
  const vsize = p.dead ? 0 : t.vmSize * 1024;
  const rss = p.dead ? 0 : t.rss / 4;
  const mm = p.dead ? undefined : p.mm;
  const permitted = mayRead(kernel, p);
  const b = mm && permitted ? exeBounds(kernel, p) : undefined;
  // Fields 26-28: startcode, endcode (1 when not permitted), startstack.
  const code = [mm ? (b ? b.startCode : 1) : 0, mm ? (b ? b.endCode : 1) : 0, mm && permitted ? mm.startStack : 0];
  // Fields 45-51: start_data end_data start_brk arg_start arg_end env_start env_end.
  const data = mm && b ? [b.startData, b.endData, mm.startBrk, 0, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0];
  const f = [p.pid, `(${p.comm})`, p.state, p.ppid, p.pgid, p.sid, ttyNr, tpgid, 4194304, p.mm?.minflt ?? 0, 0, p.mm?.majflt ?? 0, 0,
    ticks(p.utimeMs), ticks(p.stimeMs), ticks(p.cutimeMs), ticks(p.cstimeMs), 20, 0, 1, 0, ticks(p.startMs), vsize, rss, '18446744073709551615', ...code,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0, 0, 0, 0, 0, ...data, 0];
  return f.join(' ') + '\n';
}

const STATE_NAMES: Record<string, string> = { R: 'R (running)', S: 'S (sleeping)', T: 'T (stopped)', Z: 'Z (zombie)' };

function statusText(_kernel: Kernel, p: Process): string {
  return [
    `Name:\t${p.comm}`, `Umask:\t${p.umask.toString(8).padStart(4, '0')}`, `State:\t${STATE_NAMES[p.state]}`,
    `Tgid:\t${p.pid}`, `Ngid:\t0`, `Pid:\t${p.pid}`, `PPid:\t${p.ppid}`, `TracerPid:\t0`,
    `Uid:\t${p.uid}\t${p.euid}\t${p.euid}\t${p.euid}`, `Gid:\t${p.gid}\t${p.egid}\t${p.egid}\t${p.egid}`,
    `FDSize:\t64`, ...statusMemLines(liveMm(p)), `Threads:\t1`, '',
  ].join('\n');
}

/**
 * /proc/meminfo (fs/proc/meminfo.c). The simulated processes' pages are counted from the memory model: their
 * anonymous resident pages are AnonPages, the file pages resident in any of them (each page once) are Mapped
 * and part of Cached; the rest of the machine (the distro's own services, the kernel's slab, the boot-time page
 * cache) is a fixed background of an idle VM of the profile, whose caches drop_caches empties. MemFree and
 * MemAvailable are what remains, so a program that touches memory moves `free`.
 */
export function meminfoText(kernel: Kernel, caches: { slab: boolean }): string {
  const name = kernel.info.profile;
  const total = isProfileName(name) ? getProfile(name).memTotalKiB : 4015756;
  const old = kernel.info.release.startsWith('4.');
  const bg = old
    ? { anon: 96200, cache: 362400, mapped: 61800, shmem: 1064, buffers: 24900, sRecl: 41700, sUnrecl: 27800, kstack: 2240, ptables: 3010, other: 38400, swap: 2097148, committed: 612000 }
    : { anon: 121700, cache: 421300, mapped: 88400, shmem: 1236, buffers: 21900, sRecl: 52400, sUnrecl: 42700, kstack: 2860, ptables: 3540, other: 44100, swap: 0, committed: 688000 };
  let anon = 0, procs = 0, committed = 0;
  for (const p of kernel.procs.values()) {
    if (p.dead || !p.mm) continue;
    procs++;
    for (const v of p.mm.vmas) for (const page of v.pages.values()) if (!page.file) anon += 4;
    const t = memTotals(p.mm);
    committed += t.data + t.stk;
  }
  // The simulated files' pages: those the page cache holds and those processes map (each page once).
  const mapped = fileMapcounts(kernel);
  const tracked = kernel.pageCache.tracked();
  let own = mapped.size;
  for (const k of tracked.keys) if (!mapped.has(k)) own++;
  const mappedOwn = mapped.size * 4;
  const warm = kernel.pageCache.bootWarm;
  const pageCache = warm ? bg.cache : bg.mapped + bg.shmem + 2400; // mapped pages and tmpfs cannot be dropped
  const cached = pageCache + own * 4;
  const buffers = warm ? bg.buffers : 1200;
  const sRecl = caches.slab ? bg.sRecl : Math.round(bg.sRecl / 4);
  const slab = sRecl + bg.sUnrecl;
  const kstack = bg.kstack + 16 * procs;
  const ptables = bg.ptables + 32 * procs;
  const anonPages = bg.anon + anon;
  const used = anonPages + cached + buffers + slab + kstack + ptables + bg.other;
  const free = Math.max(0, total - used);
  const wmarkLow = Math.round(total / 620);
  const reserve = Math.round(total / 85);
  const fileLru = cached - bg.shmem + buffers;
  const available = Math.max(0, free - reserve + fileLru - Math.min(Math.floor(fileLru / 2), wmarkLow) + sRecl - Math.min(Math.floor(sRecl / 2), wmarkLow));
  const activeAnon = Math.round(anonPages / 24), inactiveAnon = anonPages + bg.shmem - activeAnon;
  const activeFile = Math.round(fileLru * 0.58), inactiveFile = fileLru - activeFile;
  const rows: [string, number | string, boolean?][] = [
    ['MemTotal', total], ['MemFree', free], ['MemAvailable', available], ['Buffers', buffers], ['Cached', cached], ['SwapCached', 0],
    ['Active', activeAnon + activeFile], ['Inactive', inactiveAnon + inactiveFile], ['Active(anon)', activeAnon], ['Inactive(anon)', inactiveAnon],
    ['Active(file)', activeFile], ['Inactive(file)', inactiveFile], ['Unevictable', 0], ['Mlocked', 0], ['SwapTotal', bg.swap], ['SwapFree', bg.swap],
    ...(old ? [] : [['Zswap', 0], ['Zswapped', 0]] as [string, number][]),
    ['Dirty', 48 + tracked.dirty * 4], ['Writeback', 0], ['AnonPages', anonPages], ['Mapped', bg.mapped + mappedOwn], ['Shmem', bg.shmem],
    ...(old ? [] : [['KReclaimable', sRecl]] as [string, number][]),
    ['Slab', slab], ['SReclaimable', sRecl], ['SUnreclaim', bg.sUnrecl], ['KernelStack', kstack], ['PageTables', ptables],
    ['NFS_Unstable', 0], ['Bounce', 0], ['WritebackTmp', 0], ['CommitLimit', Math.floor(total / 2) + bg.swap], ['Committed_AS', bg.committed + committed],
    ['VmallocTotal', 34359738367], ['VmallocUsed', old ? 0 : 14720], ['VmallocChunk', 0], ...(old ? [] : [['Percpu', 1344]] as [string, number][]),
    ['HardwareCorrupted', 0], ['AnonHugePages', 0], ['ShmemHugePages', 0], ['ShmemPmdMapped', 0],
    ...(old ? [['CmaTotal', 0], ['CmaFree', 0]] as [string, number][] : [['FileHugePages', 0], ['FilePmdMapped', 0]] as [string, number][]),
    ['HugePages_Total', 0, true], ['HugePages_Free', 0, true], ['HugePages_Rsvd', 0, true], ['HugePages_Surp', 0, true], ['Hugepagesize', 2048],
    ...(old ? [] : [['Hugetlb', 0]] as [string, number][]),
    ['DirectMap4k', old ? 98240 : 141184], ['DirectMap2M', Math.max(0, Math.ceil(total / 2048) * 2048 + 2048 * 24 - (old ? 98240 : 141184))], ['DirectMap1G', 0],
  ];
  return rows.map(([k, v, count]) => count ? `${(k + ':').padEnd(16)}${String(v).padStart(8)}\n` : `${(k + ':').padEnd(16)}${String(v).padStart(8)} kB\n`).join('');
}
