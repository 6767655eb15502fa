// A wait queue: blocked system calls park here until woken, or until a signal interrupts them.
import type { Process } from './process.ts';

export interface Waiter { proc: Process | undefined; wake: () => void; }

export class WaitQueue {
  private waiters = new Set<Waiter>();
  /** Blocks `proc` until `wakeAll()` (or a signal, which rejects through proc.block). */
  wait(proc: Process | undefined): Promise<void> {
    if (!proc) return new Promise((resolve) => { this.waiters.add({ proc, wake: resolve }); });
    return proc.block((wake) => {
      const w: Waiter = { proc, wake };
      this.waiters.add(w);
      return () => this.waiters.delete(w);
    });
  }
  wakeAll() {
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w.wake();
  }
  get size() { return this.waiters.size; }
}
