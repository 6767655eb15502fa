// The memory-map view's live feed: while a pid is watched, every change of its VMAs or break (the recorded
// history's onMapChange) is batched to at most one `memsim:map` message per ~16 ms tick, carrying the newest
// seq, the step's summary and the live snapshot itself — measured cheaper than a notice followed by a mapAt
// round trip (bench/timeline.ts: a 200-VMA snapshot builds and clones in well under a millisecond).
import type { History } from '../sim/timeline/history.ts';
import type { MapChangedMessage } from '../sim/timeline/types.ts';

const TICK_MS = 16;

export class MapWatch {
  private history: History | undefined;
  private off = () => {};
  private pid: number | null = null;
  private pending: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly post: (m: MapChangedMessage) => void;

  constructor(post: (m: MapChangedMessage) => void) { this.post = post; }

  /** Follows a (new) machine's history; the watched pid stays (a reboot's view re-picks it). */
  attach(history: History | undefined) {
    this.off();
    this.history = history;
    this.off = history ? history.onMapChange((pid, seq) => this.changed(pid, seq)) : () => {};
  }

  /** Watches `pid` (null: nothing). A first message with the current map follows at the next tick. */
  watch(pid: number | null) {
    this.pid = pid;
    this.pending = undefined;
    if (pid !== null && this.history) this.changed(pid, this.history.lastSeq);
  }

  private changed(pid: number, seq: number) {
    if (pid !== this.pid) return;
    this.pending = seq;
    this.timer ??= setTimeout(() => this.flush(), TICK_MS);
  }

  flush() {
    this.timer = undefined;
    const h = this.history, pid = this.pid, seq = this.pending;
    this.pending = undefined;
    if (!h || pid === null || seq === undefined) return;
    const step = h.steps(pid, { from: seq, count: 1, backward: true, filter: 'memory' })[0];
    const message: MapChangedMessage = { kind: 'memsim:map', pid, seq, summary: step?.summary ?? '' };
    const snapshot = h.mapAt(pid);
    if (snapshot) message.snapshot = snapshot;
    this.post(message);
  }
}
