// The in-memory Unix filesystem: path resolution with symlinks and permission checks as Linux's
// namei does (search permission on every directory, root bypasses rwx but needs one x bit to exec).
import { SysError } from '../kernel/errno.ts';
import {
  type CharDevice, type Credentials, type DirInode, type FileInode, type Inode, type Stat, type SymlinkInode,
  S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, inodeSize,
} from './inode.ts';

export const R_OK = 4, W_OK = 2, X_OK = 1;
const MAX_SYMLINKS = 40;
const enc = new TextEncoder();

export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? enc.encode(data) : data;
}

export interface Lookup { node: Inode; parent: DirInode; name: string; path: string; }

export class Vfs {
  readonly root: DirInode;
  private nextIno = 2;
  /** Clock for timestamps (ms since the epoch), given by the kernel. */
  now: () => number;

  constructor(now: () => number) {
    this.now = now;
    const t = now();
    const root = { kind: 'dir', ino: this.nextIno++, mode: S_IFDIR | 0o755, uid: 0, gid: 0, nlink: 2,
      atimeMs: t, mtimeMs: t, ctimeMs: t, dev: 0x803, entries: new Map() } as unknown as DirInode;
    root.parent = root;
    this.root = root;
  }

  // ---- node construction -------------------------------------------------------------------------------
  private common(mode: number, uid: number, gid: number) {
    const t = this.now();
    return { ino: this.nextIno++, mode, uid, gid, nlink: 1, atimeMs: t, mtimeMs: t, ctimeMs: t, dev: 0x803 };
  }
  newFile(perm: number, uid: number, gid: number, data: Uint8Array = new Uint8Array(0)): FileInode {
    return { kind: 'file', ...this.common(S_IFREG | (perm & 0o7777), uid, gid), data, size: data.length };
  }
  newDir(parent: DirInode, perm: number, uid: number, gid: number): DirInode {
    return { kind: 'dir', ...this.common(S_IFDIR | (perm & 0o7777), uid, gid), nlink: 2, entries: new Map(), parent };
  }
  newSymlink(target: SymlinkInode['target'], uid = 0, gid = 0): SymlinkInode {
    return { kind: 'symlink', ...this.common(S_IFLNK | 0o777, uid, gid), target };
  }
  newDevice(device: CharDevice, perm: number, uid = 0, gid = 0) {
    return { kind: 'chr' as const, ...this.common(S_IFCHR | perm, uid, gid), device, dev: 5 };
  }

  // ---- permission ---------------------------------------------------------------------------------------
  /** access(2) semantics for one inode. */
  permits(node: Inode, cred: Credentials, want: number): boolean {
    const perm = node.mode & 0o777;
    if (cred.uid === 0) {
      if (!(want & X_OK) || node.kind === 'dir') return true;
      return (perm & 0o111) !== 0;
    }
    const bits = cred.uid === node.uid ? (perm >> 6) : cred.gid === node.gid ? (perm >> 3) : perm;
    return (bits & want) === want;
  }
  check(node: Inode, cred: Credentials, want: number, path: string) {
    if (!this.permits(node, cred, want)) throw new SysError('EACCES', path);
  }

  // ---- path resolution ------------------------------------------------------------------------------------
  /**
   * Resolves `path` relative to `cwd`. With `follow` false the last component is not followed if it is a
   * symlink (lstat, unlink). With `parentOnly`, returns the parent even if the last name does not exist.
   */
  resolve(path: string, cwd: string, cred: Credentials, follow = true, depth = 0): Lookup {
    if (path === '') throw new SysError('ENOENT', path);
    if (depth > MAX_SYMLINKS) throw new SysError('ELOOP', path);
    const abs = path.startsWith('/') ? path : `${cwd}/${path}`;
    const parts = abs.split('/').filter((p) => p !== '' && p !== '.');
    let dir = this.root;
    let node: Inode = this.root;
    let name = '/';
    let parent = this.root;
    const trail: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (node.kind !== 'dir') throw new SysError('ENOTDIR', path);
      dir = node;
      this.check(dir, cred, X_OK, path);
      if (part === '..') {
        node = dir.parent;
        parent = node.kind === 'dir' ? node.parent : this.root;
        trail.pop();
        name = trail[trail.length - 1] ?? '/';
        continue;
      }
      const child = this.child(dir, part);
      if (!child) throw new SysError('ENOENT', path);
      const last = i === parts.length - 1;
      if (child.kind === 'symlink' && (!last || follow)) {
        const target = typeof child.target === 'string' ? child.target : child.target();
        const base = '/' + trail.join('/');
        const rest = parts.slice(i + 1).join('/');
        const next = rest ? `${target}/${rest}` : target;
        return this.resolve(next, base, cred, follow, depth + 1);
      }
      parent = dir;
      node = child;
      name = part;
      trail.push(part);
    }
    return { node, parent, name, path: '/' + trail.join('/') };
  }

  /** Resolves the directory that would hold `path`'s last component, and that name. */
  resolveParent(path: string, cwd: string, cred: Credentials): { dir: DirInode; name: string } {
    const abs = path.startsWith('/') ? path : `${cwd}/${path}`;
    const trimmed = abs.replace(/\/+$/, '');
    const idx = trimmed.lastIndexOf('/');
    const dirPath = idx <= 0 ? '/' : trimmed.slice(0, idx);
    const name = trimmed.slice(idx + 1);
    const { node } = this.resolve(dirPath, '/', cred);
    if (node.kind !== 'dir') throw new SysError('ENOTDIR', path);
    if (name === '' || name === '.' || name === '..') return { dir: node, name: name || '.' };
    return { dir: node, name };
  }

  child(dir: DirInode, name: string): Inode | undefined {
    if (name === '.') return dir;
    if (name === '..') return dir.parent;
    return dir.entries.get(name) ?? dir.dynamic?.get(name);
  }

  list(dir: DirInode): string[] {
    const names = [...dir.entries.keys()];
    if (dir.dynamic) for (const n of dir.dynamic.list()) if (!dir.entries.has(n)) names.push(n);
    return names;
  }

  // ---- operations (each is one system call's worth of semantics) -------------------------------------
  stat(node: Inode): Stat {
    const size = inodeSize(node);
    return {
      ino: node.ino, mode: node.mode, uid: node.uid, gid: node.gid, nlink: node.nlink, size,
      atimeMs: node.atimeMs, mtimeMs: node.mtimeMs, ctimeMs: node.ctimeMs, dev: node.dev,
      rdev: node.kind === 'chr' ? (node.device.major << 8) | node.device.minor : 0,
      // Short symlinks live in the inode (no data blocks), as on ext4.
      blksize: 4096, blocks: node.kind === 'symlink' || node.kind === 'chr' ? 0 : Math.ceil(size / 4096) * 8,
    };
  }

  link(dir: DirInode, name: string, node: Inode, cred: Credentials, path: string) {
    this.check(dir, cred, W_OK | X_OK, path);
    if (this.child(dir, name)) throw new SysError('EEXIST', path);
    dir.entries.set(name, node);
    if (node.kind === 'dir') { node.parent = dir; dir.nlink++; }
    dir.mtimeMs = dir.ctimeMs = this.now();
  }

  create(path: string, cwd: string, cred: Credentials, perm: number): FileInode {
    const { dir, name } = this.resolveParent(path, cwd, cred);
    const file = this.newFile(perm, cred.uid, cred.gid);
    this.link(dir, name, file, cred, path);
    return file;
  }

  mkdir(path: string, cwd: string, cred: Credentials, perm = 0o755): DirInode {
    const { dir, name } = this.resolveParent(path, cwd, cred);
    if (this.child(dir, name)) throw new SysError('EEXIST', path);
    const d = this.newDir(dir, perm, cred.uid, cred.gid);
    this.link(dir, name, d, cred, path);
    return d;
  }

  unlink(path: string, cwd: string, cred: Credentials) {
    const { dir, name } = this.resolveParent(path, cwd, cred);
    const node = dir.entries.get(name);
    if (!node) throw new SysError(dir.dynamic?.get(name) ? 'EACCES' : 'ENOENT', path);
    if (node.kind === 'dir') throw new SysError('EISDIR', path);
    this.check(dir, cred, W_OK | X_OK, path);
    dir.entries.delete(name);
    node.nlink--;
    dir.mtimeMs = dir.ctimeMs = this.now();
  }

  rmdir(path: string, cwd: string, cred: Credentials) {
    const { dir, name } = this.resolveParent(path, cwd, cred);
    if (name === '.') throw new SysError('EINVAL', path);
    const node = dir.entries.get(name);
    if (!node) throw new SysError('ENOENT', path);
    if (node.kind !== 'dir') throw new SysError('ENOTDIR', path);
    this.check(dir, cred, W_OK | X_OK, path); // may_delete comes before the emptiness check
    if (node.entries.size > 0 || node.dynamic) throw new SysError('ENOTEMPTY', path);
    dir.entries.delete(name);
    dir.nlink--;
    dir.mtimeMs = dir.ctimeMs = this.now();
  }

  rename(from: string, to: string, cwd: string, cred: Credentials) {
    const src = this.resolveParent(from, cwd, cred);
    const node = src.dir.entries.get(src.name);
    if (!node) throw new SysError('ENOENT', from);
    const dst = this.resolveParent(to, cwd, cred);
    this.check(src.dir, cred, W_OK | X_OK, from);
    this.check(dst.dir, cred, W_OK | X_OK, to);
    if (node.kind === 'dir') {
      for (let d: DirInode = dst.dir; ; d = d.parent) { // no moving a directory into itself
        if (d === node) throw new SysError('EINVAL', to);
        if (d === d.parent) break;
      }
    }
    const existing = dst.dir.entries.get(dst.name);
    if (existing === node) return;
    if (existing) {
      if (existing.kind === 'dir' && node.kind !== 'dir') throw new SysError('EISDIR', to);
      if (existing.kind !== 'dir' && node.kind === 'dir') throw new SysError('ENOTDIR', to);
      if (existing.kind === 'dir' && existing.entries.size > 0) throw new SysError('ENOTEMPTY', to);
    }
    src.dir.entries.delete(src.name);
    if (node.kind === 'dir') { src.dir.nlink--; dst.dir.nlink++; node.parent = dst.dir; }
    dst.dir.entries.set(dst.name, node);
    const t = this.now();
    src.dir.mtimeMs = dst.dir.mtimeMs = node.ctimeMs = t;
  }

  chmod(node: Inode, perm: number, cred: Credentials, path: string) {
    if (cred.uid !== 0 && cred.uid !== node.uid) throw new SysError('EPERM', path);
    node.mode = (node.mode & S_IFMT) | (perm & 0o7777);
    node.ctimeMs = this.now();
  }

  // ---- file content ------------------------------------------------------------------------------------
  /** The file's bytes. `data` may be shorter than `size` (a sparse tail reads as zeros, as for holes). */
  static contents(f: FileInode): Uint8Array {
    if (f.generate) return toBytes(f.generate());
    if (f.data.length < f.size) {
      const full = new Uint8Array(f.size);
      full.set(f.data);
      f.data = full;
    }
    return f.data.subarray(0, f.size);
  }

  writeAt(f: FileInode, pos: number, data: Uint8Array) {
    const end = pos + data.length;
    if (end > f.data.length) {
      const grown = new Uint8Array(Math.max(end, Math.min(f.data.length * 2, end + (1 << 24))));
      grown.set(f.data.subarray(0, f.size));
      f.data = grown;
    }
    if (pos > f.size) f.data.fill(0, f.size, pos);
    f.data.set(data, pos);
    f.size = Math.max(f.size, end);
    f.mtimeMs = f.ctimeMs = this.now();
  }

  truncate(f: FileInode, len: number) {
    if (len > f.data.length) {
      const grown = new Uint8Array(len);
      grown.set(f.data.subarray(0, f.size));
      f.data = grown;
    } else if (len > f.size) f.data.fill(0, f.size, len);
    f.size = len;
    f.mtimeMs = f.ctimeMs = this.now();
  }

  // ---- conveniences for building the tree (boot, labs, tests) -----------------------------------------------
  /** mkdir -p as root-owned or as `owner`; returns the directory. */
  ensureDir(path: string, owner: Credentials = { uid: 0, gid: 0 }, perm = 0o755): DirInode {
    let dir = this.root;
    for (const part of path.split('/').filter(Boolean)) {
      let next = dir.entries.get(part);
      if (!next) {
        next = this.newDir(dir, perm, owner.uid, owner.gid);
        dir.entries.set(part, next);
        dir.nlink++;
      }
      if (next.kind !== 'dir') throw new SysError('ENOTDIR', path);
      dir = next;
    }
    return dir;
  }

  /** Writes a whole file at boot time (parents created with the same owner). */
  put(path: string, data: Uint8Array | string, perm = 0o644, owner: Credentials = { uid: 0, gid: 0 }): FileInode {
    const idx = path.lastIndexOf('/');
    const dir = this.ensureDir(path.slice(0, idx), owner);
    const bytes = toBytes(data);
    const f = this.newFile(perm, owner.uid, owner.gid, bytes);
    dir.entries.set(path.slice(idx + 1), f);
    return f;
  }

  putNode(path: string, node: Inode) {
    const idx = path.lastIndexOf('/');
    const dir = this.ensureDir(path.slice(0, idx));
    dir.entries.set(path.slice(idx + 1), node);
    if (node.kind === 'dir') { node.parent = dir; dir.nlink++; }
  }
}
