// The memory maps' MapSource over the page's machine: the timeline calls of the worker (mapAt, steps, outputAt)
// through the MachineClient, and its map watch. The worker watches one process at a time; the page may have
// several maps (each section has one, all following terminal "run"): they share the watch, which follows the
// process the map that asked last shows — the one the reader is using. Maps showing that process all get its
// changes; a map showing another one asks again when the reader comes back to it (see view.ts).
import type { MachineClient } from '../machine-client.ts';
import type { MapChange, MapSource } from './source.ts';

const listeners = new Set<(c: MapChange) => void>();
let watched: number | null = null;
let stop: Promise<() => void> | undefined;

function watch(client: MachineClient, pid: number | null) {
  if (pid === watched) return;
  watched = pid;
  const previous = stop;
  stop = undefined;
  void previous?.then((end) => { if (watched === null) end(); }).catch(() => {});
  if (pid === null) return;
  stop = client.watchMap(pid, (m) => { for (const l of listeners) l(m); });
  stop.catch((err: unknown) => console.warn('memsim: the memory map could not follow the process', err));
}

export function machineSource(client: MachineClient): MapSource {
  return {
    mapAt: (pid, seq) => client.mapAt(pid, seq),
    steps: (pid, q) => client.steps(pid, q),
    outputAt: (tty, seq, opts) => client.outputAt(tty, seq, opts),
    watchMap: (pid) => watch(client, pid),
    onMapChange: (l) => { listeners.add(l); return () => { listeners.delete(l); }; },
    processes: () => client.processes(),
  };
}
