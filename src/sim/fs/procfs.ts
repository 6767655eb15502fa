// /proc: generated from the kernel's state at open time, as Linux's seq_file does. Per-process directories
// (cmdline, comm, stat, status, environ, cwd, exe, fd/), /proc/self, and the system files the chapter uses
// (/proc/sys/vm/drop_caches is root-only; randomize_va_space is read by the loader).
import { SysError } from '../kernel/errno.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Process } from '../kernel/process.ts';
import type { DirInode, FileInode, Inode } from './inode.ts';
import { mapsText, memTotals, smapsText, statmText, statusMemLines } from './procmem.ts';
import { S_IFDIR } from './inode.ts';

const HZ = 100; // USER_HZ: /proc/PID/stat times are in clock ticks

export interface ProcTunables {
  randomizeVaSpace: number;
  /** Called when root writes to /proc/sys/vm/drop_caches (the page cache model listens, from issue 5). */
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

  const sysVm = dir(root, {
    drop_caches: file(0o200, () => '', (data, cred) => {
      if (cred.uid !== 0) throw new SysError('EACCES');
      const level = Number(new TextDecoder().decode(data).trim());
      if (![1, 2, 3].includes(level)) throw new SysError('EINVAL');
      tunables.dropCaches(level);
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
      stat: file(0o444, () => statLine(kernel, p), undefined, p.uid, p.gid),
      statm: file(0o444, () => statmText(p), undefined, p.uid, p.gid),
      maps: file(0o444, () => mapsText(p.mm), undefined, p.uid, p.gid),
      smaps: file(0o444, () => smapsText(kernel, p.mm, kernel.info.release.startsWith('4.')), undefined, p.uid, p.gid),
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

/** /proc/PID/stat, fields as proc(5) lists them (vsize and rss come from the memory model). */
function statLine(kernel: Kernel, p: Process): string {
  const ttyNr = p.tty ? (136 << 8) | p.tty.minor : 0;
  const tpgid = p.tty ? p.tty.fgPgrp || -1 : -1;
  const t = memTotals(p.mm);
  const vsize = p.dead ? 0 : t.vmSize * 1024;
  const rss = p.dead ? 0 : t.rss / 4;
  const f = [p.pid, `(${p.comm})`, p.state, p.ppid, p.pgid, p.sid, ttyNr, tpgid, 4194304, p.mm?.minflt ?? 0, 0, 0, 0,
    ticks(p.utimeMs), ticks(p.stimeMs), 0, 0, 20, 0, 1, 0, ticks(p.startMs), vsize, rss];
  void kernel;
  return f.join(' ') + ' 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
}

const STATE_NAMES: Record<string, string> = { R: 'R (running)', S: 'S (sleeping)', T: 'T (stopped)', Z: 'Z (zombie)' };

function statusText(_kernel: Kernel, p: Process): string {
  return [
    `Name:\t${p.comm}`, `Umask:\t${p.umask.toString(8).padStart(4, '0')}`, `State:\t${STATE_NAMES[p.state]}`,
    `Tgid:\t${p.pid}`, `Ngid:\t0`, `Pid:\t${p.pid}`, `PPid:\t${p.ppid}`, `TracerPid:\t0`,
    `Uid:\t${p.uid}\t${p.euid}\t${p.euid}\t${p.euid}`, `Gid:\t${p.gid}\t${p.egid}\t${p.egid}\t${p.egid}`,
    `FDSize:\t64`, ...statusMemLines(p.mm), `Threads:\t1`, '',
  ].join('\n');
}
