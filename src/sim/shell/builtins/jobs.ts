// Job builtins: jobs, wait, kill (pids, %job specs, -SIG / -s SIG / -n N / -l), fg, bg, disown.
import type { Shell } from '../exec.ts';
import type { Job } from '../jobs.ts';
import { SysError } from '../../kernel/errno.ts';
import { Interrupted } from '../../kernel/process.ts';
import { WEXITSTATUS, WIFSIGNALED, WTERMSIG, shellStatus } from '../../kernel/signals.ts';

/** bash's signal names 1-64 (kill -l), realtime signals included. */
export const SIGNAMES: string[] = (() => {
  const base = ['', 'HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE',
    'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF',
    'WINCH', 'IO', 'PWR', 'SYS'];
  for (let i = 34; i <= 64; i++) base[i] = i <= 49 ? (i === 34 ? 'RTMIN' : `RTMIN+${i - 34}`) : (i === 64 ? 'RTMAX' : `RTMAX-${64 - i}`);
  return base;
})();

export function sigNum(spec: string): number | undefined {
  if (/^\d+$/.test(spec)) { const n = Number(spec); return n <= 64 ? n : undefined; }
  let s = spec.toUpperCase();
  if (s.startsWith('SIG')) s = s.slice(3);
  if (s === 'IOT') return 6;
  if (s === 'POLL') return 29;
  const i = SIGNAMES.indexOf(s);
  return i > 0 ? i : undefined;
}

export async function jobsBuiltin(sh: Shell, argv: string[]): Promise<number> {
  const opts = argv.slice(1).filter((a) => a.startsWith('-')).join('');
  const specs = argv.slice(1).filter((a) => !a.startsWith('-'));
  await sh.pollJobs();
  let list = sh.jobs.jobs;
  if (specs.length) {
    const sel: Job[] = [];
    for (const s of specs) {
      const j = sh.jobs.find(s);
      if (typeof j === 'string') { await sh.error(`jobs: ${j}`); return 1; }
      sel.push(j);
    }
    list = sel;
  }
  let out = '';
  for (const j of list) {
    if (opts.includes('p')) { out += j.pids.join('\n') + '\n'; continue; }
    if (opts.includes('r') && sh.jobs.done(j)) continue;
    if (opts.includes('s')) continue;
    out += sh.jobs.format(j, opts.includes('l')) + '\n';
  }
  await sh.sys.write(1, out);
  // Jobs reported as done are removed, as bash does after telling the user.
  for (const j of [...sh.jobs.jobs]) if (sh.jobs.done(j) && !opts.includes('p')) sh.jobs.remove(j);
  return 0;
}

async function waitJob(sh: Shell, job: Job): Promise<number> {
  for (let i = 0; i < job.pids.length; i++) {
    if (job.statuses[i] !== undefined) continue;
    job.statuses[i] = await sh.waitPidInterruptible(job.pids[i]!);
  }
  return sh.jobs.status(job);
}

export async function wait(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1).filter((a) => a !== '-n' && a !== '-f');
  const anyOne = argv.includes('-n');
  if (anyOne && !args.length) {
    const running = sh.jobs.jobs.filter((j) => !sh.jobs.done(j));
    if (!running.length) return 127;
    for (;;) {
      await sh.pollJobs();
      const done = running.find((j) => sh.jobs.done(j));
      if (done) { sh.jobs.remove(done); return shellStatus(sh.jobs.status(done)); }
      await sh.sys.sleep(10).catch((e) => { if (!(e instanceof Interrupted)) throw e; });
      sh.checkInterrupt();
    }
  }
  if (!args.length) {
    for (const job of [...sh.jobs.jobs]) await waitJob(sh, job);
    await sh.reportJobs();
    return 0;
  }
  let status = 0;
  for (const a of args) {
    if (a.startsWith('%')) {
      const job = sh.jobs.find(a);
      if (typeof job === 'string') { await sh.error(`wait: ${job}`); status = 127; continue; }
      status = shellStatus(await waitJob(sh, job));
      continue;
    }
    if (!/^\d+$/.test(a)) { await sh.error(`wait: \`${a}': not a pid or valid job spec`); status = 2; continue; }
    const pid = Number(a);
    const job = sh.jobs.byPid(pid);
    if (job) {
      const i = job.pids.indexOf(pid);
      if (job.statuses[i] === undefined) job.statuses[i] = await sh.waitPidInterruptible(pid);
      status = shellStatus(job.statuses[i]!);
      continue;
    }
    const remembered = sh.reaped.get(pid);
    if (remembered !== undefined) { status = shellStatus(remembered); continue; }
    await sh.error(`wait: pid ${pid} is not a child of this shell`);
    status = 127;
  }
  await sh.reportJobs();
  return status;
}

export async function kill(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  const usage = async () => {
    await sh.sys.write(2, sh.dash ? 'kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\nkill -l [exitstatus]\n'
      : 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n');
    return 2;
  };
  if (!args.length) return usage();
  let sig = 15;
  let i = 0;
  const a0 = args[0]!;
  if (a0 === '-l' || a0 === '-L') {
    if (args.length === 1) { await sh.sys.write(1, killTable()); return 0; }
    let status = 0;
    for (const s of args.slice(1)) {
      if (/^\d+$/.test(s)) {
        let n = Number(s);
        if (n > 128) n -= 128;
        const name = SIGNAMES[n];
        if (!name) { await sh.error(`kill: ${s}: invalid signal specification`); status = 1; continue; }
        await sh.sys.write(1, name + '\n');
      } else {
        const n = sigNum(s);
        if (n === undefined) { await sh.error(`kill: ${s}: invalid signal specification`); status = 1; continue; }
        await sh.sys.write(1, n + '\n');
      }
    }
    return status;
  }
  if (a0 === '-s' || a0 === '-n') {
    const s = args[1];
    if (s === undefined) { await sh.error(`kill: ${a0}: option requires an argument`); return 2; }
    const n = sigNum(s);
    if (n === undefined) { await sh.error(`kill: ${s}: invalid signal specification`); return 1; }
    sig = n;
    i = 2;
  } else if (a0.startsWith('-') && a0 !== '-' && a0 !== '--') {
    const n = sigNum(a0.slice(1));
    if (n === undefined) { await sh.error(`kill: ${a0.slice(1)}: invalid signal specification`); return 1; }
    sig = n;
    i = 1;
  }
  if (args[i] === '--') i++;
  const targets = args.slice(i);
  if (!targets.length) return usage();
  let status = 0;
  for (const t of targets) {
    let pid: number;
    if (t.startsWith('%')) {
      const job = sh.jobs.find(t);
      if (typeof job === 'string') { await sh.error(`kill: ${job}`); status = 1; continue; }
      pid = sh.jobControl ? -job.pgid : job.pids[0]!;
      if (!sh.jobControl) {
        for (const p of job.pids) try { sh.sys.kill(p, sig); } catch { /* gone */ }
        continue;
      }
    } else if (/^-?\d+$/.test(t)) pid = Number(t);
    else { await sh.error(`kill: ${t}: arguments must be process or job IDs`); status = 1; continue; }
    try {
      sh.sys.kill(pid, sig);
    } catch (e) {
      if (e instanceof SysError) {
        await sh.error(e.code === 'ESRCH' ? `kill: (${t.startsWith('%') ? -pid : pid}) - No such process` : `kill: (${pid}) - ${e.message.replace(/^.*: /, '')}`);
        status = 1;
        continue;
      }
      throw e;
    }
  }
  // A killed job is noticed right away (bash reports it before the next prompt).
  await sh.sys.yield();
  return status;
}

function killTable(): string {
  let out = '';
  for (let n = 1; n <= 64; n++) {
    if (n === 32 || n === 33) continue;
    out += `${String(n).padStart(2)}) SIG${SIGNAMES[n]}`;
    // five per row, counting only the signals listed (32 and 33 are glibc's)
    const idx = n <= 31 ? n : n - 2;
    out += idx % 5 === 0 ? '\n' : '\t';
  }
  return out.endsWith('\t') ? out + '\n' : out;
}

export async function fg(sh: Shell, argv: string[]): Promise<number> {
  if (!sh.jobControl) { await sh.error('fg: no job control'); return 1; }
  await sh.pollJobs();
  const job = sh.jobs.find(argv[1] ?? '%+');
  if (typeof job === 'string') { await sh.error(`fg: ${argv[1] ? job : 'current: no such job'}`); return 1; }
  await sh.sys.write(1, job.text + '\n');
  sh.giveTerminal(job.pgid);
  const pids = job.pids.filter((_, i) => job.statuses[i] === undefined);
  sh.jobs.remove(job);
  const st = await sh.waitForeground(pids, job.text);
  return st;
}

export async function bg(sh: Shell, argv: string[]): Promise<number> {
  if (!sh.jobControl) { await sh.error('bg: no job control'); return 1; }
  const job = sh.jobs.find(argv[1] ?? '%+');
  if (typeof job === 'string') { await sh.error(`bg: ${argv[1] ? job : 'current: no such job'}`); return 1; }
  await sh.error(`bg: job ${job.id} already in background`);
  return 0;
}

export async function disown(sh: Shell, argv: string[]): Promise<number> {
  const specs = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (!specs.length) {
    if (argv.includes('-a')) { for (const j of [...sh.jobs.jobs]) sh.jobs.remove(j); return 0; }
    const j = sh.jobs.current;
    if (!j) { await sh.error('disown: current: no such job'); return 1; }
    sh.jobs.remove(j);
    return 0;
  }
  let status = 0;
  for (const s of specs) {
    const j = sh.jobs.find(s);
    if (typeof j === 'string') { await sh.error(`disown: ${j}`); status = 1; continue; }
    sh.jobs.remove(j);
  }
  return status;
}

export { WEXITSTATUS, WIFSIGNALED, WTERMSIG };
