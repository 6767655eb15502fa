// Test helpers: a fresh machine in virtual time, a command line run through bash -c (as the CLI's -c),
// a tool run directly with given stdin, and an interactive terminal driven by keys.
import { Machine, type MachineOptions } from '../../src/sim/machine.ts';
import { O_RDWR } from '../../src/sim/kernel/files.ts';
import { STUDENT } from '../../src/sim/boot.ts';
import { WEXITSTATUS } from '../../src/sim/kernel/signals.ts';
import { SysError } from '../../src/sim/kernel/errno.ts';
import { loadProfileImages } from '../../src/sim/loader/images/index.ts';

const dec = new TextDecoder();

// The profiles' ELF data (the memory model needs it); loaded once per test file.
await Promise.allSettled([loadProfileImages('ubuntu-18.04'), loadProfileImages('debian-12')]);

export function newMachine(opts: MachineOptions = {}) {
  return new Machine({ time: 'virtual', ...opts });
}

/** Runs `bash -c line` on a fresh terminal; output is what the terminal shows (\r\n → \n). */
export async function run(line: string, opts: MachineOptions & { machine?: Machine; cwd?: string } = {}) {
  const m = opts.machine ?? newMachine(opts);
  let out = '';
  const off = m.subscribe((e) => { if (e.type === 'output') out += dec.decode(e.data, { stream: true }); });
  const { status } = await m.runCommand(line, { cwd: opts.cwd, cols: 120 });
  off();
  await new Promise((r) => setTimeout(r, 0));
  return { out: out.replace(/\r\n/g, '\n'), status, machine: m };
}

/** A fresh machine with `files` (paths relative to ~) runs `line`, then goes away: its terminal output. */
export async function runWithFiles(files: Record<string, string>, line: string, opts: MachineOptions = {}): Promise<string> {
  const m = newMachine(opts);
  try {
    for (const [path, text] of Object.entries(files)) m.writeFile(path, text);
    return (await run(line, { machine: m })).out;
  } finally { m.dispose(); }
}

/**
 * Runs one program directly (no shell) with `stdin` as its input through a pipe and stdout/stderr captured
 * separately through pipes. Useful for tool tests before/without the shell.
 */
export async function runTool(argv: string[], opts: { stdin?: string; machine?: Machine; cwd?: string; uid?: number } = {}) {
  const m = opts.machine ?? newMachine();
  const k = m.kernel;
  const parent = k.createProcess(k.init, { uid: 0, gid: 0, argv: ['harness'], env: [], cwd: opts.cwd ?? STUDENT.home, exe: '/harness' });
  const uid = opts.uid ?? STUDENT.uid;
  parent.uid = parent.euid = uid;
  parent.gid = parent.egid = uid === 0 ? 0 : STUDENT.gid;
  const result = await new Promise<{ stdout: string; stderr: string; status: number }>((resolve, reject) => {
    k.run(parent, async (sys) => {
      try {
        const [inR, inW] = sys.pipe();
        const [outR, outW] = sys.pipe();
        const [errR, errW] = sys.pipe();
        const env = [`HOME=${STUDENT.home}`, 'PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', 'LANG=C.UTF-8', `USER=${STUDENT.name}`];
        const path = argv[0]!.includes('/') ? argv[0]! : ['/bin', '/usr/bin', '/sbin', '/usr/sbin'].map((d) => `${d}/${argv[0]}`).find((p) => sys.exists(p)) ?? argv[0]!;
        const pid = await sys.spawn(path, { argv, env, fds: { 0: inR, 1: outW, 2: errW } });
        sys.close(inR); sys.close(outW); sys.close(errW);
        // A tool may exit without reading its input (`uniq nope`): as a shell feeding a pipe would, the harness
        // ignores SIGPIPE and takes EPIPE as the end of the input.
        sys.sigaction(13, 'ignore');
        const writer = (async () => {
          try { if (opts.stdin) await sys.write(inW, opts.stdin); } catch (e) { if (!(e instanceof SysError && e.code === 'EPIPE')) throw e; }
          sys.close(inW);
        })();
        const [o, e] = await Promise.all([sys.readAll(outR), sys.readAll(errR), writer]);
        const w = await sys.waitpid(pid);
        resolve({ stdout: dec.decode(o), stderr: dec.decode(e), status: WEXITSTATUS(w!.status) | (w!.status & 0x7f ? 128 + (w!.status & 0x7f) : 0) });
      } catch (err) { reject(err); }
      return 0;
    });
  });
  return { ...result, machine: m };
}

/** An interactive terminal: type keys, wait for text to appear on screen. */
export async function terminal(opts: MachineOptions & { machine?: Machine; cols?: number } = {}) {
  const m = opts.machine ?? new Machine({ time: 'real', ...opts });
  let screen = '';
  const tty = await m.openTerminal({ cols: opts.cols ?? 120 });
  m.subscribe((e) => { if (e.type === 'output' && e.tty === tty) screen += dec.decode(e.data, { stream: true }); });
  const t = {
    machine: m,
    tty,
    get screen() { return screen.replace(/\r\n/g, '\n'); },
    type(keys: string) { m.input(tty, keys); },
    /** Waits until `pattern` appears in the output after position `from`. */
    async waitFor(pattern: string | RegExp, timeoutMs = 3000, from = 0) {
      const t0 = Date.now();
      for (;;) {
        const s = t.screen.slice(from);
        if (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s)) return s;
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${pattern}; screen:\n${t.screen}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
  return t;
}

export { O_RDWR };
