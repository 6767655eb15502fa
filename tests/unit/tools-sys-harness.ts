// Helpers for the system-tool tests: run a program with a terminal as stdin/stdout/stderr (ls columns,
// ps's own tty, rm's prompts), and start long-running processes (sleep) to look at with ps, pidof, kill.
import { Machine } from '../../src/sim/machine.ts';
import { O_RDWR } from '../../src/sim/kernel/files.ts';
import { STUDENT } from '../../src/sim/boot.ts';
import { WEXITSTATUS } from '../../src/sim/kernel/signals.ts';
import type { Sys } from '../../src/sim/kernel/sys.ts';
import { newMachine } from './harness.ts';

const dec = new TextDecoder();
const ENV = [`HOME=${STUDENT.home}`, 'PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', 'LANG=C.UTF-8', `USER=${STUDENT.name}`, 'TERM=xterm-256color'];

export function toolPath(sys: Sys, name: string) {
  return name.includes('/') ? name : ['/bin', '/usr/bin', '/sbin', '/usr/sbin'].map((d) => `${d}/${name}`).find((p) => sys.exists(p)) ?? name;
}

/**
 * A login-like session on a new terminal: a session leader (uid `uid`) owning pts/N, in the foreground.
 * `body` runs as that leader's program and gets its Sys; what the terminal shows is returned (\r\n → \n).
 */
export async function onTerminal<T>(body: (sys: Sys) => Promise<T>, opts: { machine?: Machine; cols?: number; rows?: number; uid?: number; cwd?: string; input?: string } = {}) {
  const m = opts.machine ?? newMachine();
  const k = m.kernel;
  const uid = opts.uid ?? STUDENT.uid;
  const tty = k.newTty(opts.cols ?? 80, opts.rows ?? 24);
  k.vfs.putNode(`/dev/pts/${tty.minor}`, k.vfs.newDevice(tty, 0o620, uid, 5));
  let screen = '';
  const off = m.subscribe((e) => { if (e.type === 'output' && e.tty === tty.minor) screen += dec.decode(e.data, { stream: true }); });
  const leader = k.createProcess(k.init, { uid, gid: uid === 0 ? 0 : STUDENT.gid, argv: ['-bash'], env: ENV, cwd: opts.cwd ?? STUDENT.home, exe: '/bin/bash' });
  leader.uid = leader.euid = uid;
  leader.gid = leader.egid = uid === 0 ? 0 : STUDENT.gid;
  leader.tty = tty;
  leader.comm = 'bash';
  const f = k.openFile(leader, `/dev/pts/${tty.minor}`, O_RDWR);
  leader.fds = [f, f, f];
  f.refs = 3;
  tty.sid = leader.pid;
  tty.setForeground(leader.pgid);
  if (opts.input) tty.input(opts.input);
  const result = await new Promise<T>((resolve, reject) => {
    k.run(leader, async (sys) => {
      try { resolve(await body(sys)); } catch (e) { reject(e); }
      return 0;
    });
  });
  await new Promise((r) => setTimeout(r, 0));
  off();
  return { result, screen: screen.replace(/\r\n/g, '\n'), machine: m, tty: tty.minor };
}

/** Runs one program on a terminal (stdout is a tty): its output as the screen shows it, and its status. */
export async function runOnTty(argv: string[], opts: { machine?: Machine; cols?: number; uid?: number; cwd?: string; input?: string; env?: string[] } = {}) {
  const r = await onTerminal(async (sys) => {
    const pid = await sys.spawn(toolPath(sys, argv[0]!), { argv, env: opts.env ?? ENV });
    const w = await sys.waitpid(pid);
    return WEXITSTATUS(w!.status) | (w!.status & 0x7f ? 128 + (w!.status & 0x7f) : 0);
  }, opts);
  return { out: r.screen, status: r.result, machine: r.machine };
}

/** Starts `argv` in the background of a fresh session (as a shell's `sleep 100 &` would) and returns its pid. */
export async function startBackground(m: Machine, argv: string[], uid = STUDENT.uid): Promise<number> {
  const r = await onTerminal(async (sys) => sys.spawn(toolPath(sys, argv[0]!), { argv, env: ENV, pgid: 0 }), { machine: m, uid });
  return r.result;
}

export { ENV };
