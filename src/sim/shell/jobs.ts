// The job table: background (and waited-for) pipelines, their process group, and how bash lists them:
// "[1]+  Running                 sleep 100 &", "[1]+  Done                    sleep 1", "Exit 3", "Killed".
// The current job is marked +, the previous one -.
import { WCOREDUMP, WEXITSTATUS, WIFSIGNALED, WTERMSIG, signalDescription } from '../kernel/signals.ts';

export interface Job {
  id: number;
  pgid: number;
  pids: number[];
  /** wait statuses, per process, once each has ended. */
  statuses: (number | undefined)[];
  text: string;
}

/** bash's LONGEST_SIGNAL_DESC: the status column is padded to 24. */
const STATUS_WIDTH = 24;

export class JobTable {
  jobs: Job[] = [];
  /** Job ids, most recently made current last. */
  private order: number[] = [];

  add(pgid: number, pids: number[], text: string): Job {
    const id = this.jobs.length ? Math.max(...this.jobs.map((j) => j.id)) + 1 : 1;
    const job: Job = { id, pgid, pids, statuses: pids.map(() => undefined), text };
    this.jobs.push(job);
    this.order.push(id);
    return job;
  }

  remove(job: Job) {
    this.jobs = this.jobs.filter((j) => j !== job);
    this.order = this.order.filter((id) => id !== job.id);
  }

  done(job: Job) { return job.statuses.every((s) => s !== undefined); }
  /** The wait status that describes the job: its last process's. */
  status(job: Job) { return job.statuses[job.statuses.length - 1]!; }

  get current(): Job | undefined { return this.byId(this.order[this.order.length - 1]); }
  get previous(): Job | undefined { return this.byId(this.order[this.order.length - 2]); }
  byId(id: number | undefined) { return id === undefined ? undefined : this.jobs.find((j) => j.id === id); }
  byPid(pid: number) { return this.jobs.find((j) => j.pids.includes(pid)); }

  mark(job: Job): string { return job === this.current ? '+' : job === this.previous ? '-' : ' '; }

  /**
   * A job spec (%1, %+, %%, %-, %name, %?text). Returns the job or an error text
   * ("%5: no such job").
   */
  find(spec: string): Job | string {
    const s = spec.startsWith('%') ? spec.slice(1) : spec;
    let job: Job | undefined;
    if (s === '' || s === '+' || s === '%') job = this.current;
    else if (s === '-') job = this.previous;
    else if (/^\d+$/.test(s)) job = this.byId(Number(s));
    else if (s.startsWith('?')) {
      const m = this.jobs.filter((j) => j.text.includes(s.slice(1)));
      if (m.length > 1) return `${spec}: ambiguous job spec`;
      job = m[0];
    } else {
      const m = this.jobs.filter((j) => j.text.startsWith(s));
      if (m.length > 1) return `${spec}: ambiguous job spec`;
      job = m[0];
    }
    return job ?? `${spec}: no such job`;
  }

  /** "[1]+  Running                 sleep 100 &" (jobs) or the Done/Exit/Killed notification. */
  format(job: Job, withPid = false): string {
    const running = !this.done(job);
    let state: string;
    let core = '';
    if (running) state = 'Running';
    else {
      const st = this.status(job);
      if (WIFSIGNALED(st)) {
        state = signalDescription(WTERMSIG(st));
        if (WCOREDUMP(st)) core = '(core dumped) ';
      } else state = WEXITSTATUS(st) === 0 ? 'Done' : `Exit ${WEXITSTATUS(st)}`;
    }
    const pid = withPid ? ` ${job.pids[job.pids.length - 1]}` : '';
    return `[${job.id}]${this.mark(job)}${pid}  ${state.padEnd(STATUS_WIDTH - 2)}  ${core}${job.text}${running ? ' &' : ''}`;
  }
}

/** bash's status text for a process that ended, padded like its reports ("Killed                  "). */
export function statusColumn(st: number): string {
  const text = WIFSIGNALED(st) ? signalDescription(WTERMSIG(st)) : WEXITSTATUS(st) === 0 ? 'Done' : `Exit ${WEXITSTATUS(st)}`;
  return text.padEnd(STATUS_WIDTH) + (WIFSIGNALED(st) && WCOREDUMP(st) ? '(core dumped) ' : '');
}
