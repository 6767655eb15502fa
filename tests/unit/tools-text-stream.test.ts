// Text tools in pipelines: producers that never end (yes, seq 1 inf) must stop when the reader goes away,
// consumers must stream (head, grep -m, sed q end early), and big inputs must work. Expected values were
// checked against the real tools on this machine; the commands are in the comments.
import { describe, expect, it } from 'vitest';
import { newMachine, runTool } from './harness.ts';
import { STUDENT } from '../../src/sim/boot.ts';
import { WEXITSTATUS } from '../../src/sim/kernel/signals.ts';
import type { Machine } from '../../src/sim/machine.ts';

const dec = new TextDecoder();

/** Runs `a | b | ...` without a shell: each stage's stdout feeds the next; returns the last stage's output
 *  and every stage's status (128+signal when killed, like $PIPESTATUS). */
async function pipeline(stages: string[][], opts: { stdin?: string; machine?: Machine } = {}) {
  const m = opts.machine ?? newMachine();
  const k = m.kernel;
  const parent = k.createProcess(k.init, { uid: 0, gid: 0, argv: ['harness'], env: [], cwd: STUDENT.home, exe: '/harness' });
  parent.uid = parent.euid = STUDENT.uid;
  parent.gid = parent.egid = STUDENT.gid;
  return new Promise<{ stdout: string; stderr: string; statuses: number[] }>((resolve, reject) => {
    k.run(parent, async (sys) => {
      try {
        const env = [`HOME=${STUDENT.home}`, 'PATH=/usr/bin:/bin', 'LANG=C.UTF-8'];
        const [inR, inW] = sys.pipe();
        const [errR, errW] = sys.pipe();
        let prev = inR;
        const pids: number[] = [];
        let outR = -1;
        for (let i = 0; i < stages.length; i++) {
          const [r, w] = sys.pipe();
          const argv = stages[i]!;
          const path = ['/bin', '/usr/bin'].map((d) => `${d}/${argv[0]}`).find((p) => sys.exists(p))!;
          pids.push(await sys.spawn(path, { argv, env, fds: { 0: prev, 1: w, 2: errW } }));
          sys.close(prev);
          sys.close(w);
          prev = r;
          outR = r;
        }
        sys.close(errW);
        const writer = (async () => { try { if (opts.stdin) await sys.write(inW, opts.stdin); } catch { /* reader gone */ } sys.close(inW); })();
        const [o, e] = await Promise.all([sys.readAll(outR), sys.readAll(errR), writer]);
        const statuses: number[] = [];
        for (const pid of pids) {
          const w = (await sys.waitpid(pid))!;
          statuses.push(w.status & 0x7f ? 128 + (w.status & 0x7f) : WEXITSTATUS(w.status));
        }
        resolve({ stdout: dec.decode(o), stderr: dec.decode(e), statuses });
      } catch (err) { reject(err); }
      return 0;
    });
  });
}

describe('producers stop when the reader goes away', () => {
  it('yes | head -1 ends; yes dies of SIGPIPE', async () => {
    // bash: yes | head -1; echo "${PIPESTATUS[@]}"  →  y / 141 0
    const r = await pipeline([['yes'], ['head', '-1']]);
    expect(r.stdout).toBe('y\n');
    expect(r.statuses).toEqual([141, 0]);
  });
  it('yes a b | head -n 3', async () => {
    const r = await pipeline([['yes', 'a', 'b'], ['head', '-n', '3']]);
    expect(r.stdout).toBe('a b\na b\na b\n');
  });
  it('yes | sed 3q, yes | grep -m2 y, yes | head -c 5', async () => {
    expect((await pipeline([['yes'], ['sed', '3q']])).stdout).toBe('y\ny\ny\n');
    expect((await pipeline([['yes'], ['grep', '-m2', 'y']])).stdout).toBe('y\ny\n');
    expect((await pipeline([['yes'], ['head', '-c', '5']])).stdout).toBe('y\ny\ny');
  });
  it('seq 1 inf | head -3, seq 1000000000 | head -2', async () => {
    expect((await pipeline([['seq', '1', 'inf'], ['head', '-3']])).stdout).toBe('1\n2\n3\n');
    const r = await pipeline([['seq', '1000000000'], ['head', '-2']]);
    expect(r.stdout).toBe('1\n2\n');
    expect(r.statuses).toEqual([141, 0]);
  });
  it('yes | tee x | head -2: tee dies of SIGPIPE too', async () => {
    const r = await pipeline([['yes'], ['tee', 'x'], ['head', '-2']]);
    expect(r.stdout).toBe('y\ny\n');
    expect(r.statuses).toEqual([141, 141, 0]);
  });
});

describe('big inputs stream through', () => {
  const big = Array.from({ length: 200000 }, (_, i) => `${i + 1}`).join('\n') + '\n';
  it('seq 200000 | grep -c 7 / wc -l / tail -2 / head -n -199998 / sed -n $p', async () => {
    // seq 200000 | grep -c 7  →  81902
    expect((await runTool(['grep', '-c', '7'], { stdin: big })).stdout).toBe('81902\n');
    expect((await runTool(['wc', '-l'], { stdin: big })).stdout).toBe('200000\n');
    expect((await runTool(['tail', '-2'], { stdin: big })).stdout).toBe('199999\n200000\n');
    expect((await runTool(['head', '-n', '-199998'], { stdin: big })).stdout).toBe('1\n2\n');
    expect((await runTool(['sed', '-n', '$p'], { stdin: big })).stdout).toBe('200000\n');
  });
  it('seq 200000 | sort -rn | head -1 and uniq -c of sorted digits', async () => {
    expect((await pipeline([['sort', '-rn'], ['head', '-1']], { stdin: big })).stdout).toBe('200000\n');
    // seq 200000 | cut -c1 | sort | uniq -c | head -2  →  " 111111 1" / "  11112 2"
    const firsts = big.split('\n').filter(Boolean).map((l) => l[0]).join('\n') + '\n';
    expect((await pipeline([['sort'], ['uniq', '-c'], ['head', '-2']], { stdin: firsts })).stdout).toBe(' 111111 1\n  11112 2\n');
  });
  it('seq 100000 | wc; seq 3 | tac-like sed', async () => {
    // seq 100000 | wc  →  " 100000  100000  588895"
    expect((await pipeline([['seq', '100000'], ['wc']])).stdout).toBe(' 100000  100000  588895\n');
    // seq 3 | sed -n '1!G;h;$p'  →  3 2 1
    expect((await pipeline([['seq', '3'], ['sed', '-n', '1!G;h;$p']])).stdout).toBe('3\n2\n1\n');
  });
});

describe('files, dates and errors', () => {
  it('diff -u/-c headers carry the file mtimes in GNU format', async () => {
    // touch -d '2026-10-05 09:00:01 UTC' x y; diff -u x y   (the machine boots at 09:00:01 with seed 1)
    const machine = newMachine({ files: { x: 'a\nb\nc\n', y: 'a\nB\nc\nd\n' } });
    const u = await runTool(['diff', '-u', 'x', 'y'], { machine });
    expect(u.stdout).toBe('--- x\t2026-10-05 09:00:01.000000000 +0000\n+++ y\t2026-10-05 09:00:01.000000000 +0000\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n');
    expect(u.status).toBe(1);
    const c = await runTool(['diff', '-c', 'x', 'y'], { machine });
    expect(c.stdout).toBe('*** x\t2026-10-05 09:00:01.000000000 +0000\n--- y\t2026-10-05 09:00:01.000000000 +0000\n***************\n*** 1,3 ****\n  a\n! b\n  c\n--- 1,4 ----\n  a\n! B\n  c\n+ d\n');
  });
  it('sed -i edits in place and keeps a backup with a suffix', async () => {
    // printf 'abc\na\n' > f1; sed -i.bak 's/a/A/' f1; cat f1 f1.bak  →  Abc A / abc a
    const machine = newMachine({ files: { f1: 'abc\na\n', f2: 'x\ny' } });
    expect((await runTool(['sed', '-i.bak', 's/a/A/', 'f1'], { machine })).status).toBe(0);
    expect((await runTool(['cat', 'f1', 'f1.bak'], { machine })).stdout).toBe('Abc\nA\nabc\na\n');
    // sed -i '$d' f1 f2: $ is each file's last line
    await runTool(['sed', '-i', '$d', 'f1', 'f2'], { machine });
    expect((await runTool(['cat', 'f1', 'f2'], { machine })).stdout).toBe('Abc\nx\n');
  });
  it('tee writes every file, reports the ones it cannot open, and goes on', async () => {
    // echo hi | tee a /nonexist/x b; echo $?  →  hi, "tee: /nonexist/x: No such file or directory", 1
    const machine = newMachine();
    const r = await runTool(['tee', 'a', '/nonexist/x', 'b'], { machine, stdin: 'hi\n' });
    expect(r).toMatchObject({ stdout: 'hi\n', stderr: 'tee: /nonexist/x: No such file or directory\n', status: 1 });
    expect((await runTool(['cat', 'a', 'b'], { machine })).stdout).toBe('hi\nhi\n');
  });
  it('tail -f prints the tail, then says following is not supported', async () => {
    const r = await runTool(['tail', '-f', '-n', '1', 'b.txt'], { machine: newMachine({ files: { 'b.txt': 'x\ny\n' } }) });
    expect(r.stdout).toBe('y\n');
    expect(r.stderr).toBe('tail: following files (-f, -F) is not supported on this machine\n');
    expect(r.status).toBe(1);
  });
  it('sort -o may name an input file; uniq writes its OUTPUT operand', async () => {
    const machine = newMachine({ files: { f: 'b\na\nb\n' } });
    await runTool(['sort', '-o', 'f', 'f'], { machine });
    expect((await runTool(['cat', 'f'], { machine })).stdout).toBe('a\nb\nb\n');
    await runTool(['uniq', 'f', 'g'], { machine });
    expect((await runTool(['cat', 'g'], { machine })).stdout).toBe('a\nb\n');
  });
  it('sed w writes its file; r reads one after the line', async () => {
    // printf 'abc\na\nb\n' | sed -n 's/a/X/w out'; cat out  →  Xbc / X
    const machine = newMachine({ files: { s2: 'c\nd\n' } });
    await runTool(['sed', '-n', 's/a/X/w out'], { machine, stdin: 'abc\na\nb\n' });
    expect((await runTool(['cat', 'out'], { machine })).stdout).toBe('Xbc\nX\n');
    // printf 'a\nb\n' | sed '1r s2'  →  a c d b
    expect((await runTool(['sed', '1r s2'], { machine, stdin: 'a\nb\n' })).stdout).toBe('a\nc\nd\nb\n');
  });
});
