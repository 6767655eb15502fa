// Batches machine events into one message per task. A command's output arrives as many small writes (one per
// line on a terminal); the page only needs them once per tick, and consecutive output for the same terminal is
// merged into one chunk so xterm parses one string instead of dozens.
import type { TtyEvent, WorkerEventMessage } from './protocol.ts';

type Post = (message: WorkerEventMessage, transfer: Transferable[]) => void;
type Pending = Exclude<TtyEvent, { type: 'output' }> | { type: 'output'; tty: number; chunks: Uint8Array[] };

export class EventOutbox {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly post: Post;

  constructor(post: Post) {
    this.post = post;
  }

  push(e: TtyEvent) {
    if (e.type === 'output') {
      const last = this.pending.at(-1);
      // The simulator may reuse the buffer it wrote from, so a chunk is copied now, not at flush time.
      if (last?.type === 'output' && last.tty === e.tty) last.chunks.push(e.data.slice());
      else this.pending.push({ type: 'output', tty: e.tty, chunks: [e.data.slice()] });
    } else {
      this.pending.push(e);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => this.flush(), 0);
    }
  }

  flush() {
    this.scheduled = false;
    if (!this.pending.length) return;
    const events: TtyEvent[] = [];
    const transfer: Transferable[] = [];
    for (const p of this.pending) {
      if (p.type === 'output') {
        const data = concat(p.chunks);
        transfer.push(data.buffer);
        events.push({ type: 'output', tty: p.tty, data });
      } else {
        events.push(p);
      }
    }
    this.pending = [];
    this.post({ kind: 'memsim:events', events }, transfer);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}
