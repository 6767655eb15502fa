// Test fixtures for the memory-map views: a machine with its history recorded (src/sim/timeline, as the worker
// records it), a lab program started in the background of a terminal, and `pmap -x` of it to compare with.
import type { Machine } from '../../src/sim/machine.ts';
import { recordHistory, type History } from '../../src/sim/timeline/history.ts';
import { newMachine, run, terminal } from './harness.ts';
import { labFiles } from './lab-files.ts';

export const STATIC_DYNAMIC = 'chapters/data/working-with-memory/guides/static-dynamic/support';

/** Starts `./prog` of `dir` in the background of an interactive terminal (after make) and returns its pid. */
export async function startInBackground(m: Machine, dir: string, prog: string): Promise<number> {
  const t = await terminal({ machine: m });
  await t.waitFor('$ ');
  t.type(`cd ${dir} && make >/dev/null; echo built\r`);
  await t.waitFor('\nbuilt\n', 20_000);
  t.type(`./${prog} >/dev/null &\r`);
  const pid = Number((await t.waitFor(/\[1\] (\d+)/, 20_000)).match(/\[1\] (\d+)/)![1]);
  // Until it has exec'd (the job's pid is bash's fork first) and run main: its address space is then complete
  // (the libraries mapped, the first malloc's heap there).
  const ready = async () => m.processes().some((p) => p.pid === pid && p.comm === prog) &&
    /^[0-9a-f]{16} +\d+ +\d+ +\d+ rw--- +\[ anon \]$/m.test((await run(`pmap -x ${pid}`, { machine: m })).out);
  for (let i = 0; !(await ready()); i++) {
    if (i > 300) throw new Error(`${prog} (pid ${pid}) never got its heap`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return pid;
}

export async function pmapRows(m: Machine, pid: number): Promise<string[]> {
  const { out } = await run(`pmap -x ${pid}`, { machine: m });
  return out.split('\n').filter((l) => /^[0-9a-f]{16} /.test(l));
}

/**
 * A machine whose history is recorded (as the worker's is), with the lab sources installed. In real time, as the
 * page's: with virtual time a program's hour-long sleep would end as soon as every process waits.
 */
export function recordedMachine(): { machine: Machine; history: History } {
  const machine = newMachine({ labs: labFiles(), time: 'real' });
  return { machine, history: recordHistory(machine) };
}
