// Append-only columns of numbers and bytes for the recorded history, in typed arrays: a run of 100 000 system
// calls must fit in a few megabytes (README: Budgets), which rules out an object per event. Bytes (strace
// lines, terminal output) go in fixed-size chunks, so the oldest can be dropped without copying the rest.

const enc = new TextEncoder();

type Typed = Float64Array | Int32Array | Uint8Array;
type Ctor<T extends Typed> = new (n: number) => T;

/**
 * A column of numbers indexed from `first` (entries below it were dropped) to `length` - 1: one typed array
 * grown by half again when full (a process's few entries stay a few bytes), compacted when the dropped front
 * is most of it.
 */
export class Column<T extends Typed> {
  private a: T;
  /** Index of a[0]. */
  private off = 0;
  private readonly make: Ctor<T>;
  /** Number of entries ever pushed (the next index). */
  length = 0;
  /** The lowest index still stored. */
  first = 0;

  constructor(make: Ctor<T>) {
    this.make = make;
    this.a = new make(8);
  }

  push(v: number): number {
    let j = this.length - this.off;
    if (j === this.a.length) { this.resize(Math.ceil(this.a.length * 1.5)); j = this.length - this.off; }
    this.a[j] = v;
    return this.length++;
  }

  get(i: number): number { return this.a[i - this.off]!; }
  set(i: number, v: number) { this.a[i - this.off] = v; }
  get last(): number { return this.get(this.length - 1); }

  /** Moves the live entries [first, length) to a fresh array of `cap` (>= their count) slots. */
  private resize(cap: number) {
    const live = this.a.subarray(this.first - this.off, this.length - this.off);
    const next = new this.make(Math.max(8, cap, live.length));
    next.set(live as never);
    this.a = next;
    this.off = this.first;
  }

  /** Forgets entries below index `i`; the memory is given back once they are most of the array. */
  dropBelow(i: number) {
    this.first = Math.min(Math.max(this.first, i), this.length);
    const live = this.length - this.first;
    if (this.first - this.off > this.a.length / 2) this.resize(Math.ceil(live * 1.5));
  }

  /** Index of the first entry in [lo, hi) whose value is >= v (the column is sorted ascending there). */
  lowerBound(v: number, lo = this.first, hi = this.length): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.get(mid) < v) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /** Bytes held. */
  get bytes(): number { return this.a.byteLength; }
}

export const f64 = () => new Column(Float64Array);
export const i32 = () => new Column(Int32Array);
export const u8 = () => new Column(Uint8Array);

/**
 * Bytes appended in chunks (strace lines, terminal output), addressed by a global offset that never changes.
 * A piece never straddles two chunks when it fits in one, so reading it back is one subarray.
 */
export class ByteLog {
  private chunks: (Uint8Array | undefined)[] = [];
  private readonly size: number;
  /** Global offset of the next byte. */
  end = 0;
  /** Lowest offset still stored. */
  start = 0;

  constructor(chunkSize = 64 << 10) { this.size = chunkSize; }

  /** Appends `bytes` kept whole in one chunk (when they fit) and returns their global offset. */
  append(bytes: Uint8Array): number {
    if (bytes.length <= this.size) {
      const room = this.size - (this.end % this.size);
      if (bytes.length > room) this.end += room; // start a fresh chunk rather than split the piece
    }
    const at = this.end;
    let off = 0;
    while (off < bytes.length) {
      const c = Math.floor((at + off) / this.size);
      const inChunk = (at + off) % this.size;
      const n = Math.min(this.size - inChunk, bytes.length - off);
      (this.chunks[c] ??= new Uint8Array(this.size)).set(bytes.subarray(off, off + n), inChunk);
      off += n;
    }
    this.end = at + bytes.length;
    return at;
  }

  /** Appends a string's UTF-8 (kept whole in one chunk when it fits); returns its offset and byte length. */
  appendString(text: string): [number, number] {
    const most = text.length * 3;
    if (most > this.size) { const b = enc.encode(text); return [this.append(b), b.length]; }
    if (most > this.size - (this.end % this.size)) this.end += this.size - (this.end % this.size);
    const c = Math.floor(this.end / this.size);
    const chunk = (this.chunks[c] ??= new Uint8Array(this.size));
    const at = this.end;
    const { written } = enc.encodeInto(text, chunk.subarray(at % this.size));
    this.end += written;
    return [at, written];
  }

  /** Appends a stream's bytes contiguously (terminal output: offsets must be consecutive). */
  appendStream(bytes: Uint8Array): number {
    const at = this.end;
    let off = 0;
    while (off < bytes.length) {
      const c = Math.floor(this.end / this.size);
      const inChunk = this.end % this.size;
      const n = Math.min(this.size - inChunk, bytes.length - off);
      (this.chunks[c] ??= new Uint8Array(this.size)).set(bytes.subarray(off, off + n), inChunk);
      off += n;
      this.end += n;
    }
    return at;
  }

  /** Bytes [from, to) (clamped to what is still stored). */
  read(from: number, to: number): Uint8Array {
    from = Math.max(from, this.start);
    if (to <= from) return new Uint8Array(0);
    const c0 = Math.floor(from / this.size);
    if (Math.floor((to - 1) / this.size) === c0) return this.chunks[c0]!.subarray(from % this.size, from % this.size + (to - from));
    const out = new Uint8Array(to - from);
    let at = from;
    while (at < to) {
      const c = Math.floor(at / this.size), inChunk = at % this.size;
      const n = Math.min(this.size - inChunk, to - at);
      out.set(this.chunks[c]!.subarray(inChunk, inChunk + n), at - from);
      at += n;
    }
    return out;
  }

  /** Drops whole chunks below offset `off`. */
  dropBelow(off: number) {
    const c = Math.floor(Math.min(off, this.end) / this.size);
    for (let k = 0; k < c; k++) this.chunks[k] = undefined;
    this.start = Math.max(this.start, c * this.size);
  }

  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) if (c) n += c.byteLength;
    return n;
  }
}
