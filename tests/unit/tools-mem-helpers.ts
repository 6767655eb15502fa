// Helpers for the memory-tool tests: a debian-12 (or ubuntu-18.04) machine with its image data loaded, a
// background process (sleep 1000 with ASLR off, as `setarch -R sleep 1000 &`), and the real captures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Machine, type MachineOptions } from '../../src/sim/machine.ts';
import { loadProfileImages } from '../../src/sim/loader/images/index.ts';
import type { ProfileName } from '../../src/sim/loader/profiles.ts';
import { STUDENT } from '../../src/sim/boot.ts';

export const CAPTURES = path.join(import.meta.dirname, '../fidelity/captures/debian-12');
export const capture = (name: string) => fs.readFileSync(path.join(CAPTURES, name), 'utf8');

/** A machine of `profile` in real time (a background `sleep 1000` must not end while we look at it). */
export async function memMachine(profile: ProfileName = 'debian-12', aslr = false, opts: Omit<MachineOptions, 'profile' | 'time'> = {}): Promise<Machine> {
  await loadProfileImages(profile);
  const m = new Machine({ profile, time: 'real', ...opts });
  if (!aslr) m.tunables.randomizeVaSpace = 0;
  return m;
}

/** Starts argv in the background (stdio on /dev/null) as `uid`, returns its pid once the loader has run. */
export async function background(m: Machine, argv: string[], opts: { uid?: number; env?: string[] } = {}): Promise<number> {
  const k = m.kernel;
  const parent = k.createProcess(k.init, { uid: 0, gid: 0, argv: ['harness'], env: [], cwd: STUDENT.home, exe: '/harness' });
  const uid = opts.uid ?? 0;
  parent.uid = parent.euid = uid;
  parent.gid = parent.egid = uid === 0 ? 0 : STUDENT.gid;
  return new Promise<number>((resolve, reject) => {
    k.run(parent, async (sys) => {
      try {
        const fd = sys.open('/dev/null', 2);
        const env = opts.env ?? ['PATH=/usr/local/bin:/usr/bin:/bin', 'LANG=C.UTF-8'];
        const file = argv[0]!.includes('/') ? argv[0]! : ['/usr/bin', '/bin'].map((d) => `${d}/${argv[0]}`).find((p) => sys.exists(p))!;
        const pid = await sys.spawn(file, { argv, env, fds: { 0: fd, 1: fd, 2: fd } });
        resolve(pid);
        await sys.waitpid(pid);
      } catch (e) { reject(e); }
      return 0;
    });
  });
}

export interface CapturedRun { cmd: string; status: number; stdout: string; stderr: string }

/** errors.txt of capture-memtools.sh: `$ cmd`, `status N`, `--- stdout`, ..., `--- stderr`, ..., `--- end`. */
export function capturedRuns(): Map<string, CapturedRun> {
  const runs = new Map<string, CapturedRun>();
  const text = capture('errors.txt');
  const re = /^\$ (.*)\nstatus (\d+)\n--- stdout\n([\s\S]*?)--- stderr\n([\s\S]*?)--- end\n/gm;
  for (let m; (m = re.exec(text));) runs.set(m[1]!, { cmd: m[1]!, status: Number(m[2]), stdout: m[3]!, stderr: m[4]! });
  return runs;
}

/** The files capture-memtools.sh's error cases run among (its temporary directory), under `dir` in the machine. */
export function errorCaseFiles(dir: string): Record<string, string> {
  return { [`${dir}/empty`]: '', [`${dir}/text.txt`]: 'hello\n', [`${dir}/big.txt`]: '# Network services, Internet style\n#\n# Updated from https://www.iana.org/assignments/service-names-port-numbers/se' };
}
