// glibc's stdio (libio) buffering: a FILE's buffer is malloc'ed at its first I/O (_IO_file_doallocate: fstat,
// then st_blksize bytes — 1024 on a terminal, 4096 on a pipe or file), a terminal stream is line-buffered,
// stderr unbuffered; writes leave as glibc's write(2) calls would (one per line on a terminal, one per full
// buffer otherwise), reads fill the buffer with one read(2) of the buffer's size.
import type { LibcHost } from './abi.ts';
import type { Malloc } from './malloc.ts';
import { SysError } from '../kernel/errno.ts';
import { fmt } from '../kernel/trace.ts';

export const _IOFBF = 0, _IOLBF = 1, _IONBF = 2;
export const EOF = -1;

export class Stream {
  readonly fd: number;
  /** The FILE's address in the process (stdin/stdout/stderr: libc's data; fopen: malloc'ed). */
  readonly addr: number;
  readable: boolean;
  writable: boolean;
  append = false;
  mode: number | undefined; // buffering mode once decided
  buf = 0; // malloc'ed buffer (0: none yet)
  bufSize = 0;
  userBuf = false;
  out: number[] = [];
  inBuf: Uint8Array = new Uint8Array(0);
  inPos = 0;
  eof = false;
  error = false;
  ungot: number[] = [];
  constructor(fd: number, addr: number, readable: boolean, writable: boolean, mode?: number) {
    this.fd = fd; this.addr = addr; this.readable = readable; this.writable = writable; this.mode = mode;
  }
}

export class Stdio {
  private readonly host: LibcHost;
  private readonly malloc: Malloc;
  readonly streams: Stream[] = [];
  private readonly setErrno: (code: string) => void;
  constructor(host: LibcHost, malloc: Malloc, setErrno: (code: string) => void) {
    this.host = host; this.malloc = malloc; this.setErrno = setErrno;
  }

  add(s: Stream) { this.streams.push(s); return s; }
  byAddr(addr: number) { return this.streams.find((s) => s.addr === addr); }

  /** _IO_file_doallocate: fstat (traced as the profile's glibc does), mode from the file type, malloc. */
  private allocate(s: Stream) {
    if (s.buf || s.mode === _IONBF) { if (s.mode === _IONBF && !s.bufSize) s.bufSize = 1; return; }
    let size = 8192;
    let tty = false;
    try {
      const st = this.host.syscalls.fstat(s.fd, this.host.profile === 'ubuntu-18.04' ? 'fstat' : 'newfstatat');
      if ((st.mode & 0o170000) === 0o020000) tty = this.host.sys.isatty(s.fd);
      const blk = tty ? 1024 : st.blksize || 4096;
      if (blk > 0 && blk < 8192) size = blk;
    } catch (e) { if (!(e instanceof SysError)) throw e; }
    if (s.mode === undefined) s.mode = tty ? _IOLBF : _IOFBF;
    s.buf = this.malloc.malloc(size);
    s.bufSize = size;
  }

  private async rawWrite(s: Stream, data: Uint8Array): Promise<boolean> {
    let off = 0;
    while (off < data.length) {
      const chunk = data.subarray(off);
      try {
        const n = await this.host.syscalls.write(this.host.sys, s.fd, chunk);
        off += n;
        if (n === 0) break;
      } catch (e) {
        if (e instanceof SysError) {
          this.setErrno(e.code);
          s.error = true;
          return false;
        }
        throw e;
      }
    }
    return true;
  }

  /** fflush of one stream's pending output. */
  async flush(s: Stream): Promise<number> {
    if (!s.out.length) return 0;
    const data = new Uint8Array(s.out);
    s.out = [];
    return (await this.rawWrite(s, data)) ? 0 : EOF;
  }

  /** _IO_sputn: buffered output of `data` with the stream's mode. Returns false on a write error. */
  async put(s: Stream, data: Uint8Array): Promise<boolean> {
    if (!s.writable) { s.error = true; this.setErrno('EBADF'); return false; }
    if (!data.length) return true;
    // an input stream switching to output drops its read-ahead (simplified)
    this.allocate(s);
    if (s.mode === _IONBF) {
      if (s.out.length && !(await this.flush(s) === 0)) return false;
      return this.rawWrite(s, data);
    }
    let d = data;
    if (s.mode === _IOLBF) {
      const nl = d.lastIndexOf(10);
      if (nl >= 0 && s.out.length + nl + 1 <= s.bufSize) {
        for (let k = 0; k <= nl; k++) s.out.push(d[k]!);
        if ((await this.flush(s)) !== 0) return false;
        d = d.subarray(nl + 1);
        for (const b of d) s.out.push(b);
        return true;
      }
    }
    // fill the buffer, flush when full; whole blocks beyond go straight out (new_do_write)
    const space = s.bufSize - s.out.length;
    if (d.length < space || (d.length === space && s.mode !== _IOLBF && false)) { for (const b of d) s.out.push(b); return true; }
    for (let k = 0; k < space; k++) s.out.push(d[k]!);
    d = d.subarray(space);
    if ((await this.flush(s)) !== 0) return false;
    const whole = d.length - (d.length % s.bufSize);
    if (whole) { if (!(await this.rawWrite(s, d.subarray(0, whole)))) return false; d = d.subarray(whole); }
    for (const b of d) s.out.push(b);
    if (s.mode === _IOLBF && d.includes(10)) return (await this.flush(s)) === 0;
    return true;
  }

  /** Output of one printf call on an unbuffered stream goes out in one write (buffered_vfprintf). */
  async putFormatted(s: Stream, data: Uint8Array): Promise<boolean> {
    if (s.mode === _IONBF || (s.mode === undefined && s.fd === 2)) {
      this.allocate(s);
      if (s.mode === _IONBF) return data.length ? this.rawWrite(s, data) : true;
    }
    return this.put(s, data);
  }

  async flushAll() {
    for (const s of this.streams) if (s.out.length) await this.flush(s);
  }
  /** Flushes line-buffered output streams (before reading from a line-buffered or unbuffered input). */
  private async flushLineBuffered() {
    for (const s of this.streams) if (s.mode === _IOLBF && s.writable && s.out.length) await this.flush(s);
  }

  /** Refills the input buffer: one read(2) of the buffer's size. False at end of file or on an error. */
  private async fill(s: Stream): Promise<boolean> {
    this.allocate(s);
    if (s.mode === _IOLBF || s.mode === _IONBF) await this.flushLineBuffered();
    if (s.out.length) await this.flush(s);
    const size = s.mode === _IONBF ? 1 : s.bufSize;
    try {
      const data = await this.host.syscalls.read(this.host.sys, s.fd, size, s.buf);
      if (!data.length) { s.eof = true; return false; }
      if (s.buf) this.host.mm.write(s.buf, data);
      s.inBuf = data;
      s.inPos = 0;
      return true;
    } catch (e) {
      if (e instanceof SysError) {
        this.setErrno(e.code);
        s.error = true;
        return false;
      }
      throw e;
    }
  }

  async getc(s: Stream): Promise<number> {
    if (!s.readable) { s.error = true; this.setErrno('EBADF'); return EOF; }
    if (s.ungot.length) return s.ungot.pop()!;
    if (s.inPos >= s.inBuf.length && !(await this.fill(s))) return EOF;
    return s.inBuf[s.inPos++]!;
  }
  ungetc(s: Stream, c: number) { if (c === EOF) return EOF; s.ungot.push(c & 0xff); s.eof = false; return c & 0xff; }

  /** fgets: up to n-1 bytes, stopping after a newline. Undefined at EOF with nothing read. */
  async gets(s: Stream, n: number): Promise<Uint8Array | undefined> {
    const out: number[] = [];
    while (out.length < n - 1) {
      const c = await this.getc(s);
      if (c === EOF) break;
      out.push(c);
      if (c === 10) break;
    }
    if (!out.length && n > 1) return undefined;
    return new Uint8Array(out);
  }

  async read(s: Stream, n: number): Promise<Uint8Array> {
    const out: number[] = [];
    while (out.length < n) {
      if (s.ungot.length) { out.push(s.ungot.pop()!); continue; }
      if (s.inPos < s.inBuf.length) {
        const take = Math.min(n - out.length, s.inBuf.length - s.inPos);
        for (let k = 0; k < take; k++) out.push(s.inBuf[s.inPos + k]!);
        s.inPos += take;
        continue;
      }
      if (!(await this.fill(s))) break;
    }
    return new Uint8Array(out);
  }

  setvbuf(s: Stream, buf: number, mode: number, size: number): number {
    if (mode !== _IOFBF && mode !== _IOLBF && mode !== _IONBF) return EOF;
    s.mode = mode;
    if (mode === _IONBF) { s.bufSize = 1; return 0; }
    if (buf) { s.buf = buf; s.bufSize = size; s.userBuf = true; }
    return 0;
  }

  /** fclose's part: flush, release the buffer. */
  async close(s: Stream): Promise<number> {
    const r = s.writable ? await this.flush(s) : 0;
    if (s.buf && !s.userBuf) this.malloc.free(s.buf);
    s.buf = 0;
    const i = this.streams.indexOf(s);
    if (i >= 0) this.streams.splice(i, 1);
    return r;
  }

  /** Discards read-ahead and pending output before a seek; returns the logical position adjustment. */
  async sync(s: Stream): Promise<number> {
    if (s.out.length) await this.flush(s);
    const ahead = s.inBuf.length - s.inPos + 0;
    s.inBuf = new Uint8Array(0); s.inPos = 0; s.ungot = []; s.eof = false;
    return ahead;
  }
}
