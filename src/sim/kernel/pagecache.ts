// The page cache (mm/filemap.c): which 4 KiB pages of which regular files are held in memory, which of them
// are dirty (written but not yet on disk), and which pages of a file have data on disk at all (a page past
// what was ever written is a hole: faulting it in needs no disk read). It is bookkeeping only: file bytes live
// in the inodes; the cache decides whether an access is a hit (minor fault, memory copy) or a miss that waits
// for the disk (major fault), which the cost model (cost.ts) prices, and what /proc/meminfo's Cached, Dirty
// and `free`'s buff/cache show.
//
// Simplifications (README "Known gaps"): no eviction under memory pressure (the cache only shrinks by
// drop_caches, truncation and deletion); no readahead state beyond "this read continues the previous one";
// dirty pages are written back only by sync(2) and never by a flusher thread; a deleted file's pages go at
// once, even while it is still open. Files the boot installed count as cached until the first drop_caches
// (the idle machine's cache, a fixed figure in meminfo), so the first commands do not pay for disk reads.
import type { FileInode } from '../fs/inode.ts';

export const CACHE_PAGE = 4096;

interface FilePages {
  cached: Set<number>;
  dirty: Set<number>;
  /** Pages with data on disk; undefined: all of the file (it existed before this cache first saw a write). */
  stored: Set<number> | undefined;
  /** The page after the last one a read() took, to tell a sequential stream (readahead keeps up) from a seek. */
  nextRead: number;
}

/** What looking a page up found: in memory, on disk (a read must wait for it), or a hole (zero-filled). */
export type Lookup = 'hit' | 'disk' | 'hole';

export class PageCache {
  private readonly files = new Map<FileInode, FilePages>();
  /** Until the first drop_caches, files nobody wrote here count as cached (the boot-time cache). */
  bootWarm = true;

  /** Only regular files with real contents are cached (procfs files are generated, devices have no pages). */
  static caches(node: FileInode): boolean { return !node.generate && !node.onWrite; }

  private state(node: FileInode): FilePages {
    let s = this.files.get(node);
    if (!s) this.files.set(node, (s = { cached: new Set(), dirty: new Set(), stored: undefined, nextRead: -1 }));
    return s;
  }

  /** A file created empty by open(O_CREAT): none of its pages are on disk yet. */
  created(node: FileInode) { const s = this.state(node); s.stored = new Set(); s.cached.clear(); s.dirty.clear(); }

  /** Looks up page `index` of `node` and makes it resident (filemap_fault / filemap_read). */
  lookup(node: FileInode, index: number): Lookup {
    const s = this.files.get(node);
    if (s?.cached.has(index)) return 'hit';
    if (this.bootWarm && (!s || s.stored === undefined)) return 'hit';
    const st = this.state(node);
    st.cached.add(index);
    return st.stored === undefined || st.stored.has(index) ? 'disk' : 'hole';
  }

  /** A page fault on page `index` of a file mapping: what the lookup found, and whether it continues a stream. */
  fault(node: FileInode, index: number): { found: Lookup; sequential: boolean } {
    const found = this.lookup(node, index);
    const s = this.files.get(node);
    const sequential = !s || s.nextRead === index;
    if (s) s.nextRead = index + 1;
    return { found, sequential };
  }

  /**
   * read(2) of [offset, offset+len): the pages it found missing and whether the read continued the previous one
   * (sequential: the kernel's readahead has the next pages in flight, so only the first miss waits a latency).
   */
  read(node: FileInode, offset: number, len: number): { disk: number; sequential: boolean } {
    if (len <= 0) return { disk: 0, sequential: true };
    const first = Math.floor(offset / CACHE_PAGE), last = Math.floor((offset + len - 1) / CACHE_PAGE);
    let disk = 0;
    for (let i = first; i <= last; i++) if (this.lookup(node, i) === 'disk') disk++;
    const s = this.files.get(node);
    const sequential = !s || s.nextRead === first || s.nextRead === first + 1;
    if (s) s.nextRead = last + 1;
    return { disk, sequential };
  }

  /** write(2) of [offset, offset+len): pages become cached and dirty. Returns how many were new to the cache. */
  write(node: FileInode, offset: number, len: number): number {
    if (len <= 0) return 0;
    const s = this.state(node);
    let fresh = 0;
    for (let i = Math.floor(offset / CACHE_PAGE); i <= Math.floor((offset + len - 1) / CACHE_PAGE); i++) {
      if (!s.cached.has(i) && !(this.bootWarm && s.stored === undefined)) fresh++;
      this.markDirty(s, i);
    }
    return fresh;
  }

  /** A dirty MAP_SHARED page written back into its file's page (munmap, exit): dirty in the cache until sync. */
  wroteBack(node: FileInode, index: number) { this.markDirty(this.state(node), index); }

  private markDirty(s: FilePages, index: number) {
    s.cached.add(index);
    s.dirty.add(index);
    s.stored?.add(index); // the block is allocated now (ext4 delalloc reserves it); sync puts the data there
  }

  /** ftruncate / O_TRUNC: pages past the new end leave the cache and the disk (truncate_inode_pages). */
  truncate(node: FileInode, size: number) {
    const s = this.files.get(node);
    if (!s) { if (size === 0) this.created(node); return; }
    const keep = Math.ceil(size / CACHE_PAGE);
    for (const set of [s.cached, s.dirty, s.stored]) if (set) for (const i of set) if (i >= keep) set.delete(i);
    if (size === 0) s.stored = new Set();
  }

  /** sync(2): every dirty page is written to disk. Returns how many. */
  sync(): number {
    let n = 0;
    for (const s of this.files.values()) { n += s.dirty.size; s.dirty.clear(); }
    return n;
  }

  /**
   * echo 1 (or 3) > /proc/sys/vm/drop_caches: clean pages leave the cache, except pages some process has
   * mapped (`mapped(node, index)`), which drop_caches cannot free; dirty pages stay (hence `sync` first).
   */
  drop(mapped: (node: FileInode, index: number) => boolean) {
    this.bootWarm = false;
    this.prune();
    for (const [node, s] of this.files) {
      for (const i of s.cached) if (!s.dirty.has(i) && !mapped(node, i)) s.cached.delete(i);
      s.nextRead = -1;
    }
  }

  /** Deleted files (no names left) lose their pages. */
  private prune() { for (const node of [...this.files.keys()]) if (node.nlink <= 0) this.files.delete(node); }

  /** Whether page `index` of `node` is in the cache (tests, fincore-like checks). */
  has(node: FileInode, index: number): boolean {
    const s = this.files.get(node);
    return !!s?.cached.has(index) || (this.bootWarm && (!s || s.stored === undefined));
  }

  /** The pages this cache tracks, as `ino:index` keys (meminfo joins them with the mapped pages), and the dirty count. */
  tracked(): { keys: Set<string>; dirty: number } {
    this.prune();
    const keys = new Set<string>();
    let dirty = 0;
    for (const [node, s] of this.files) {
      for (const i of s.cached) keys.add(`${node.ino}:${i}`);
      dirty += s.dirty.size;
    }
    return { keys, dirty };
  }
}
