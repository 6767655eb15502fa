// Open file descriptions (what a file descriptor points to): regular files, pipes, character devices.
// Several fds (after dup or fork) share one description and its offset, as in Linux.
import { SysError } from './errno.ts';
import { Vfs } from '../fs/vfs.ts';
import type { CharDevice, DirInode, FileInode, Inode, Stat } from '../fs/inode.ts';
import type { Pipe } from './pipe.ts';
import type { Process } from './process.ts';

export const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3;
export const O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000, O_DIRECTORY = 0o200000, O_CLOEXEC = 0o2000000;

export abstract class OpenFile {
  refs = 1;
  pos = 0;
  readonly flags: number;
  readonly path: string;
  constructor(flags: number, path: string) { this.flags = flags; this.path = path; }
  get readable() { return (this.flags & O_ACCMODE) !== O_WRONLY; }
  get writable() { return (this.flags & O_ACCMODE) !== O_RDONLY; }
  abstract read(max: number, proc?: Process): Promise<Uint8Array> | Uint8Array;
  abstract write(data: Uint8Array, proc?: Process): Promise<number> | number;
  abstract stat(): Stat;
  /** Called when the last reference goes away. */
  release(): void {}
  get isTty(): boolean { return false; }
  seek(_off: number, _whence: number): number { throw new SysError('ESPIPE'); }
  get inode(): Inode | undefined { return undefined; }
}

export class InodeFile extends OpenFile {
  private snapshot?: Uint8Array; // synthetic (procfs) files are generated once per open, like seq_file
  readonly node: FileInode;
  readonly vfs: Vfs;
  readonly onWriteCred: { uid: number; gid: number } | undefined;
  constructor(node: FileInode, flags: number, path: string, vfs: Vfs, onWriteCred?: { uid: number; gid: number }) {
    super(flags, path);
    this.node = node;
    this.vfs = vfs;
    this.onWriteCred = onWriteCred;
  }
  override get inode() { return this.node; }
  private bytes(): Uint8Array {
    if (this.node.generate) return (this.snapshot ??= Vfs.contents(this.node));
    return Vfs.contents(this.node);
  }
  read(max: number) {
    const all = this.bytes();
    const out = all.slice(this.pos, Math.min(all.length, this.pos + max));
    this.pos += out.length;
    this.node.atimeMs = this.vfs.now();
    return out;
  }
  write(data: Uint8Array) {
    if (this.node.onWrite) {
      this.node.onWrite(data, this.onWriteCred ?? { uid: 0, gid: 0 });
      return data.length;
    }
    if (this.flags & O_APPEND) this.pos = this.node.size;
    this.vfs.writeAt(this.node, this.pos, data);
    this.pos += data.length;
    return data.length;
  }
  override seek(off: number, whence: number) {
    const base = whence === 0 ? 0 : whence === 1 ? this.pos : this.bytes().length;
    const next = base + off;
    if (next < 0) throw new SysError('EINVAL');
    this.pos = next;
    return next;
  }
  stat() { return this.vfs.stat(this.node); }
}

export class DeviceFile extends OpenFile {
  readonly node: Inode & { kind: 'chr'; device: CharDevice };
  readonly vfs: Vfs;
  constructor(node: Inode & { kind: 'chr'; device: CharDevice }, flags: number, path: string, vfs: Vfs) {
    super(flags, path);
    this.node = node;
    this.vfs = vfs;
  }
  override get inode() { return this.node; }
  read(max: number, proc?: Process) { return this.node.device.read(max, proc); }
  write(data: Uint8Array, proc?: Process) { return this.node.device.write(data, proc); }
  stat() { return this.vfs.stat(this.node); }
  override get isTty() { return !!this.node.device.isTty; }
  override seek() { return 0; }
}

export class PipeEnd extends OpenFile {
  readonly pipe: Pipe;
  readonly end: 'r' | 'w';
  constructor(pipe: Pipe, end: 'r' | 'w') {
    super(end === 'r' ? O_RDONLY : O_WRONLY, `pipe:[${pipe.ino}]`);
    this.pipe = pipe;
    this.end = end;
    if (end === 'r') pipe.readers++; else pipe.writers++;
  }
  read(max: number, proc?: Process) {
    if (this.end !== 'r') throw new SysError('EBADF');
    return this.pipe.read(max, proc);
  }
  write(data: Uint8Array, proc?: Process) {
    if (this.end !== 'w') throw new SysError('EBADF');
    return this.pipe.write(data, proc);
  }
  stat(): Stat {
    return { ino: this.pipe.ino, mode: 0o010600, uid: 0, gid: 0, nlink: 1, size: 0, atimeMs: 0, mtimeMs: 0,
      ctimeMs: 0, dev: 0xc, rdev: 0, blksize: 4096, blocks: 0 };
  }
  override release() {
    if (this.end === 'r') this.pipe.closeReader(); else this.pipe.closeWriter();
  }
}

/** An open directory: read(2) fails with EISDIR; listing goes through getdents (Sys.readdir). */
export class DirFile extends OpenFile {
  readonly node: DirInode;
  readonly vfs: Vfs;
  constructor(node: DirInode, flags: number, path: string, vfs: Vfs) { super(flags, path); this.node = node; this.vfs = vfs; }
  override get inode() { return this.node; }
  read(): Uint8Array { throw new SysError('EISDIR'); }
  write(): number { throw new SysError('EISDIR'); }
  stat() { return this.vfs.stat(this.node); }
}
