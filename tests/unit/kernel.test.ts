import { describe, expect, it } from 'vitest';
import { newMachine, runTool } from './harness.ts';
import { STUDENT } from '../../src/sim/boot.ts';
import { WEXITSTATUS, WIFSIGNALED, WTERMSIG } from '../../src/sim/kernel/signals.ts';
import type { Sys } from '../../src/sim/kernel/sys.ts';
import { AddressSpace } from '../../src/sim/kernel/mm.ts';

/** Runs `fn` as a process of the student on a fresh machine. */
async function asProcess<T>(fn: (sys: Sys) => Promise<T>, m = newMachine()): Promise<T> {
  const k = m.kernel;
  const p = k.createProcess(k.init, { uid: STUDENT.uid, gid: STUDENT.gid, argv: ['t'], env: [], cwd: STUDENT.home, exe: '/t' });
  p.uid = p.euid = STUDENT.uid; p.gid = p.egid = STUDENT.gid;
  return new Promise<T>((resolve, reject) => k.run(p, async (sys) => { try { resolve(await fn(sys)); } catch (e) { reject(e); } return 0; }));
}

describe('kernel', () => {
  it('fork gives the child its own pid and the parent waits for its status', async () => {
    const r = await asProcess(async (sys) => {
      const pid = sys.fork(async (c) => { await c.yield(); return c.pid === sys.pid ? 1 : 7; });
      const w = await sys.waitpid(pid);
      return { pid, status: WEXITSTATUS(w!.status), same: pid === sys.pid };
    });
    expect(r.same).toBe(false);
    expect(r.status).toBe(7);
  });
  it('waitpid without children fails with ECHILD', async () => {
    await expect(asProcess((sys) => sys.waitpid(-1))).rejects.toMatchObject({ code: 'ECHILD' });
  });
  it('a pipe carries bytes and gives EOF when the writer closes', async () => {
    const text = await asProcess(async (sys) => {
      const [r, w] = sys.pipe();
      const pid = sys.fork(async (c) => { c.close(r); await c.write(w, 'through the pipe'); return 0; });
      sys.close(w);
      const data = await sys.readAll(r);
      await sys.waitpid(pid);
      return new TextDecoder().decode(data);
    });
    expect(text).toBe('through the pipe');
  });
  it('writing to a pipe with no reader raises SIGPIPE', async () => {
    const status = await asProcess(async (sys) => {
      const [r, w] = sys.pipe();
      sys.close(r);
      const pid = sys.fork(async (c) => { await c.write(w, 'x'); return 0; });
      sys.close(w);
      return (await sys.waitpid(pid))!.status;
    });
    expect(WIFSIGNALED(status) && WTERMSIG(status)).toBe(13);
  });
  it('SIGKILL ends a sleeping child; its status says so', async () => {
    const status = await asProcess(async (sys) => {
      const pid = sys.fork(async (c) => { await c.sleep(1e9); return 0; });
      await sys.yield();
      sys.kill(pid, 9);
      return (await sys.waitpid(pid))!.status;
    });
    expect(WTERMSIG(status)).toBe(9);
  });
  it('a bad memory access ends the process with SIGSEGV and a core-dump status (139 in the shell)', async () => {
    const m = newMachine();
    const signals: string[] = [];
    m.subscribe((e) => { if (e.type === 'signal') signals.push(e.info); });
    const status = await asProcess(async (sys) => {
      sys.proc.mm = new AddressSpace(); // an empty address space: address 0 is not mapped
      const pid = sys.fork(async (c) => { c.proc.mm!.write(0, new Uint8Array([1])); return 0; });
      return (await sys.waitpid(pid))!.status;
    }, m);
    expect(WTERMSIG(status)).toBe(11);
    expect(status & 0x80).toBe(0x80);
    expect(128 + WTERMSIG(status)).toBe(139);
    expect(signals).toEqual(['{si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL}']);
  });
  it('a student may not signal root processes', async () => {
    const m = newMachine();
    await expect(asProcess(async (sys) => sys.kill(1, 15), m)).rejects.toMatchObject({ code: 'EPERM' });
    await expect(asProcess(async (sys) => sys.kill(99999, 15), m)).rejects.toMatchObject({ code: 'ESRCH' });
    const k = m.kernel;
    const rootProc = k.createProcess(k.init, { uid: 0, gid: 0, argv: ['r'], env: [], cwd: '/', exe: '/r' });
    await expect(asProcess(async (sys) => sys.kill(rootProc.pid, 15), m)).rejects.toMatchObject({ code: 'EPERM' });
  });
  it('orphans are re-parented to init', async () => {
    const m = newMachine();
    const grandchild = await asProcess(async (sys) => {
      const [r, w] = sys.pipe();
      const pid = sys.fork(async (c) => {
        const gc = c.fork(async (g) => { await g.sleep(1e9); return 0; });
        await c.write(w, String(gc));
        return 0;
      });
      const gc = Number(new TextDecoder().decode(await sys.read(r)));
      await sys.waitpid(pid);
      return gc;
    }, m);
    expect(m.kernel.procs.get(grandchild)?.ppid).toBe(1);
  });
  it('/proc/PID shows the process, /proc/self the caller', async () => {
    const r = await asProcess(async (sys) => ({
      self: sys.readlink('/proc/self'),
      cmdline: await sys.readText(`/proc/${sys.pid}/cmdline`),
      status: await sys.readText('/proc/self/status'),
    }));
    expect(r.cmdline).toBe('t\0');
    expect(r.status).toContain(`Pid:\t${r.self}`);
    expect(r.status).toContain('Uid:\t1000');
  });
  it('drop_caches is root-only', async () => {
    const denied = await runTool(['cat', '/proc/sys/vm/drop_caches']);
    expect(denied.stderr).toBe('cat: /proc/sys/vm/drop_caches: Permission denied\n');
  });
  it('is deterministic given a seed: /dev/urandom bytes repeat', async () => {
    const read = (seed: number) => asProcess(async (sys) => {
      const fd = sys.open('/dev/urandom');
      return [...await sys.read(fd, 8)];
    }, newMachine({ seed }));
    expect(await read(5)).toEqual(await read(5));
    expect(await read(5)).not.toEqual(await read(6));
  });
});
