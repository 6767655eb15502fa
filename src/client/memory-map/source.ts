// What the memory map needs from the machine: snapshots and history steps computed in the worker (the
// timeline, src/sim/timeline), and a notification when the watched process's map changes. The page's
// MachineClient provides it; a test can provide its own over a Machine in Node.
import type { HistoryStep, MapChangedMessage, MapSnapshot, TerminalOutput } from '../../sim/timeline/types.ts';
import type { ProcessInfo } from '../../worker/protocol.ts';

/** The worker's notice of a change of the watched process's map (with the live map, while the process lives). */
export type MapChange = Omit<MapChangedMessage, 'kind'>;

export type StepFilter = 'all' | 'memory';

export interface MapSource {
  /** The process's map now (no seq) or just after history step `seq`; undefined when the machine has none. */
  mapAt(pid: number, seq?: number): Promise<MapSnapshot | undefined>;
  /** The process's history steps, oldest first ('memory': only those that change the map or are memory calls). */
  steps(pid: number, query: { from?: number; count?: number; filter?: StepFilter }): Promise<HistoryStep[]>;
  /** What terminal `tty` showed just after event `seq` (its last `maxBytes`). */
  outputAt(tty: number, seq: number, opts?: { maxBytes?: number }): Promise<TerminalOutput>;
  /** Only this process's map changes are reported from now on (null: none). */
  watchMap(pid: number | null): void;
  onMapChange(listener: (c: MapChange) => void): () => void;
  processes(): Promise<ProcessInfo[]>;
}
