import type { Process } from '../kernel/process.ts';
// Inodes of the in-memory Unix filesystem. Mode bits follow <sys/stat.h>.
export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;
export const S_IFLNK = 0o120000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

export interface Credentials { uid: number; gid: number; }

/** A character device (/dev/null, /dev/zero, ttys): reads and writes go to the driver. */
export interface CharDevice {
  readonly major: number;
  readonly minor: number;
  read(max: number, proc?: Process): Promise<Uint8Array> | Uint8Array;
  write(data: Uint8Array, proc?: Process): Promise<number> | number;
  readonly isTty?: boolean;
}

interface InodeCommon {
  ino: number;
  mode: number; // type bits | permission bits
  uid: number;
  gid: number;
  nlink: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  /** st_dev of the filesystem holding it (for `stat`, pmap -d). */
  dev: number;
}

export interface FileInode extends InodeCommon {
  kind: 'file';
  data: Uint8Array; // capacity may exceed size
  size: number;
  /** Synthetic files (procfs): content computed at open time; writes go to onWrite. */
  generate?: () => Uint8Array | string;
  onWrite?: (data: Uint8Array, cred: Credentials) => void;
}

export interface DirInode extends InodeCommon {
  kind: 'dir';
  entries: Map<string, Inode>;
  parent: DirInode; // root's parent is itself
  /** Synthetic directories (/proc): children computed on lookup. */
  dynamic?: { list(): string[]; get(name: string): Inode | undefined };
}

export interface SymlinkInode extends InodeCommon {
  kind: 'symlink';
  target: string | (() => string); // /proc/self and /proc/PID/exe resolve at lookup time
}

export interface DeviceInode extends InodeCommon {
  kind: 'chr';
  device: CharDevice;
}

export type Inode = FileInode | DirInode | SymlinkInode | DeviceInode;

export interface Stat {
  ino: number; mode: number; uid: number; gid: number; nlink: number; size: number;
  atimeMs: number; mtimeMs: number; ctimeMs: number; dev: number; rdev: number;
  blksize: number; blocks: number;
}

export function isDir(n: Inode): n is DirInode { return n.kind === 'dir'; }

export function inodeSize(n: Inode): number {
  switch (n.kind) {
    case 'file': return n.generate ? 0 : n.size;
    case 'dir': return 4096;
    case 'symlink': return typeof n.target === 'string' ? n.target.length : 0;
    case 'chr': return 0;
  }
}
