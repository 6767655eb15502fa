// pipe(7): a 64 KiB buffer; writers block when it is full, readers when it is empty; EOF once all writers
// closed; EPIPE (and SIGPIPE, sent by the syscall layer) once all readers closed.
import { SysError } from './errno.ts';
import { WaitQueue } from './waitqueue.ts';
import type { Process } from './process.ts';

export const PIPE_BUF_CAPACITY = 65536;

export class Pipe {
  readers = 0;
  writers = 0;
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private readonly readQ = new WaitQueue();
  private readonly writeQ = new WaitQueue();
  readonly ino: number;
  constructor(ino: number) { this.ino = ino; }

  async read(max: number, proc?: Process): Promise<Uint8Array> {
    while (this.buffered === 0) {
      if (this.writers === 0) return new Uint8Array(0);
      await this.readQ.wait(proc);
    }
    const out = new Uint8Array(Math.min(max, this.buffered));
    let off = 0;
    while (off < out.length) {
      const c = this.chunks[0]!;
      const n = Math.min(c.length, out.length - off);
      out.set(c.subarray(0, n), off);
      off += n;
      if (n === c.length) this.chunks.shift(); else this.chunks[0] = c.subarray(n);
    }
    this.buffered -= out.length;
    this.writeQ.wakeAll();
    return out;
  }

  async write(data: Uint8Array, proc?: Process): Promise<number> {
    let off = 0;
    while (off < data.length) {
      if (this.readers === 0) throw new SysError('EPIPE');
      const room = PIPE_BUF_CAPACITY - this.buffered;
      if (room === 0) { await this.writeQ.wait(proc); continue; }
      const n = Math.min(room, data.length - off);
      this.chunks.push(data.slice(off, off + n));
      this.buffered += n;
      off += n;
      this.readQ.wakeAll();
    }
    return data.length;
  }

  closeReader() { this.readers--; this.writeQ.wakeAll(); }
  closeWriter() { this.writers--; this.readQ.wakeAll(); }
}
