// Which process "the program in that console" is: the newest process descended from the console's shell that
// is still alive (the foreground program, or the last one started in the background). The process table lists
// processes in creation order (the machine's `processes()`), so a parent always comes before its children.
import type { ProcessInfo } from '../../worker/protocol.ts';

export function programOfShell(procs: ProcessInfo[], shellPid: number): ProcessInfo | undefined {
  const family = new Set([shellPid]);
  let newest: ProcessInfo | undefined;
  for (const p of procs) {
    if (!family.has(p.ppid)) continue;
    family.add(p.pid);
    newest = p;
  }
  return newest;
}
