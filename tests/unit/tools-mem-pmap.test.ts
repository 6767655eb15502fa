// pmap (procps-ng 4.0.2) against the real one: `setarch -R sleep 1000` on Debian 12, every mode, compared
// with tests/fidelity/captures/debian-12/pmap*.txt. Addresses, sizes, modes, offsets, names, flags and layout
// must be identical. Resident figures (RSS, Dirty, Pss...) must be "within reason": each row within 25% or
// 8 KiB, the totals within 10%. Device and inode numbers are the simulated filesystem's own (the capture's
// root is fe:00, an LVM volume), so file rows are compared without them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { background, capture, capturedRuns, memMachine } from './tools-mem-helpers.ts';
import { runTool, terminal } from './harness.ts';
import type { Machine } from '../../src/sim/machine.ts';

const T = 60_000;
let m: Machine;
let pid: number;

beforeAll(async () => {
  m = await memMachine('debian-12', true); // ASLR on: setarch -R must switch it off for sleep
  pid = await background(m, ['setarch', '-R', 'sleep', '1000']);
}, T);
afterAll(() => m?.dispose());

const pmap = async (...args: string[]) => {
  const r = await runTool(['pmap', ...args], { machine: m, uid: 0 });
  return { ...r, stdout: r.stdout.replace(new RegExp(`^${pid}:`, 'gm'), '8728:') };
};

/** "within reason": 25% or 8 KiB for a row. */
const near = (got: number, want: number, what: string) => {
  const ok = Math.abs(got - want) <= 8 || Math.abs(got - want) <= 0.25 * want;
  expect(ok, `${what}: ${got} vs real ${want}`).toBe(true);
};
const nearTotal = (got: number, want: number, what: string) =>
  expect(Math.abs(got - want) <= 0.1 * want, `${what} total: ${got} vs real ${want}`).toBe(true);

describe('pmap of setarch -R sleep 1000 (debian-12)', () => {
  it('default, -q and -p are identical to the real pmap', async () => {
    for (const [args, file] of [[[], 'pmap.txt'], [['-q'], 'pmap-q.txt'], [['-p'], 'pmap-p.txt']] as const) {
      const r = await pmap(...args, String(pid));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout, `pmap ${args.join(' ')}`).toBe(capture(file));
    }
  }, T);

  it('-d: offsets, modes and the mapped/writeable/shared line are identical; devices are the machine\'s', async () => {
    const r = await pmap('-d', String(pid));
    const dev = (s: string) => s.replace(/ (?!000:00000)[0-9a-f]{3}:[0-9a-f]{5} /g, ' DEV:DEVIC ');
    expect(dev(r.stdout)).toBe(dev(capture('pmap-d.txt')));
    expect(r.stdout).toMatch(/^mapped: 2924K    writeable\/private: 356K    shared: 28K\n$/m);
  }, T);

  it('-x: rows identical but for RSS and Dirty, which are within reason', async () => {
    const r = await pmap('-x', String(pid));
    const got = r.stdout.split('\n'), want = capture('pmap-x.txt').split('\n');
    expect(got.length).toBe(want.length);
    const row = /^([0-9a-f]{16}) +(\d+) +(\d+) +(\d+) (.{5}) (.*)$/;
    let rows = 0;
    for (let i = 0; i < want.length; i++) {
      const w = row.exec(want[i]!), g = row.exec(got[i]!);
      if (!w) {
        if (want[i]!.startsWith('total kB')) {
          const [, , kb, rss, dirty] = /^(total kB) +(\d+) +(\d+) +(\d+)$/.exec(want[i]!)!;
          const [, , gkb, grss, gdirty] = /^(total kB) +(\d+) +(\d+) +(\d+)$/.exec(got[i]!)!;
          expect(gkb).toBe(kb);
          nearTotal(Number(grss), Number(rss), 'RSS');
          nearTotal(Number(gdirty), Number(dirty), 'Dirty');
        } else expect(got[i]).toBe(want[i]);
        continue;
      }
      expect(g, got[i]).not.toBeNull();
      rows++;
      expect([g![1], g![2], g![5], g![6]]).toEqual([w[1], w[2], w[5], w[6]]);
      // Column widths as pmap prints them: the row has the same shape.
      expect(got[i]!.length - g![6]!.length).toBe(want[i]!.length - w[6]!.length);
      near(Number(g![3]), Number(w[3]), `RSS of ${w[1]} ${w[6]}`);
      near(Number(g![4]), Number(w[4]), `Dirty of ${w[1]} ${w[6]}`);
    }
    expect(rows).toBe(37);
  }, T);

  /** A -X/-XX table: columns located by the right edge of each header word, Mapping being the rest. */
  const table = (text: string) => {
    const lines = text.split('\n');
    const header = lines[1]!;
    const cols: { name: string; end: number }[] = [];
    for (const mt of header.matchAll(/\S+/g)) cols.push({ name: mt[0], end: mt.index! + mt[0].length });
    const mapping = cols.pop()!;
    expect(mapping.name).toBe('Mapping');
    const cell = (line: string, i: number) => line.slice(i ? cols[i - 1]!.end : 0, cols[i]!.end).trim();
    const rows = lines.slice(2).filter((l) => /^ *[0-9a-f]+ [r-][w-][x-][ps] /.test(l)).map((l) => {
      const o: Record<string, string> = {};
      cols.forEach((c, i) => { o[c.name] = cell(l, i); });
      o.Mapping = l.slice(cols[cols.length - 1]!.end + 1);
      return o;
    });
    const footer = lines.slice(2 + rows.length);
    return { names: cols.map((c) => c.name), rows, footer, cols };
  };

  const RESIDENT = ['Rss', 'Referenced', 'Anonymous', 'Pss_Dirty'];
  const SHARING = ['Pss', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty']; // depend on who else maps the page

  for (const [flag, file] of [['-X', 'pmap-X.txt'], ['-XX', 'pmap-XX.txt']] as const) {
    it(`${flag}: the same columns, rows and VmFlags; resident figures within reason`, async () => {
      const r = await pmap(flag, String(pid));
      expect(r.status).toBe(0);
      const got = table(r.stdout), want = table(capture(file));
      expect(r.stdout.split('\n')[0]).toBe(capture(file).split('\n')[0]);
      expect(got.names).toEqual(want.names);
      expect(got.rows.length).toBe(want.rows.length);
      got.rows.forEach((g, i) => {
        const w = want.rows[i]!;
        for (const name of want.names) {
          const what = `${flag} ${name} of ${w.Address} ${w.Mapping}`;
          if (name === 'Device' || name === 'Inode') {
            if (w.Inode === '0') expect(g[name], what).toBe(w[name]); // anonymous: 00:00 0
            continue;
          }
          if (RESIDENT.includes(name)) near(Number(g[name]), Number(w[name]), what);
          else if (SHARING.includes(name)) {
            // Clean and dirty sums do not depend on sharing; Pss is at most Rss and at least the private part.
            expect(Number(g[name]), what).toBeLessThanOrEqual(Number(g.Rss));
          } else expect(g[name], what).toBe(w[name]);
        }
        expect(g.Mapping).toBe(w.Mapping);
        if (g.Private_Clean !== undefined) {
          near(Number(g.Private_Clean) + Number(g.Shared_Clean), Number(w.Private_Clean) + Number(w.Shared_Clean), `clean of ${w.Address}`);
          near(Number(g.Private_Dirty) + Number(g.Shared_Dirty), Number(w.Private_Dirty) + Number(w.Shared_Dirty), `dirty of ${w.Address}`);
        }
        if (Number(w.Pss) === Number(w.Rss)) near(Number(g.Pss), Number(w.Pss), `private Pss of ${w.Address}`);
      });
      // Footer: a ==== rule as wide as each column, then the totals and "KB ".
      expect(got.footer.length).toBe(3);
      const [rule, totals] = got.footer;
      const gap = got.cols[got.cols.findIndex((c) => c.name === 'Size') - 1]!.end + 1; // footer_gap: past the Inode column
      expect(rule!.slice(0, gap).trim()).toBe('');
      expect(totals!.endsWith('KB ')).toBe(true);
      const gt = totals!.trim().split(/\s+/), wt = want.footer[1]!.trim().split(/\s+/);
      expect(gt.length).toBe(wt.length);
      const numeric = want.names.slice(want.names.indexOf('Size')).filter((n) => n !== 'VmFlags');
      numeric.forEach((n, i) => {
        if (RESIDENT.includes(n) || ['Private_Clean', 'Private_Dirty', 'Shared_Clean', 'Shared_Dirty'].includes(n)) {
          if (n === 'Rss' || n === 'Anonymous' || n === 'Referenced') nearTotal(Number(gt[i]), Number(wt[i]), `${flag} ${n}`);
        } else if (n !== 'Pss') expect(gt[i], `${flag} total ${n}`).toBe(wt[i]);
      });
      // Each column's ==== run is exactly as wide as the column.
      for (const c of got.cols.slice(got.cols.findIndex((x) => x.name === 'Size'))) {
        if (c.name === 'VmFlags') continue;
        const width = c.end - (got.cols[got.cols.indexOf(c) - 1]!.end + 1);
        expect(rule!.slice(c.end - width, c.end), c.name).toBe('='.repeat(width));
      }
    }, T);
  }

  it('ps -o pid,rss,vsz: VSZ is pmap\'s total less the [vsyscall] page, RSS is pmap -x\'s', async () => {
    if (!fs.existsSync(new URL('../../src/sim/tools/ps.ts', import.meta.url))) return;
    const ps = await runTool(['ps', '-o', 'pid,rss,vsz', '-p', String(pid)], { machine: m, uid: 0 });
    expect(ps.status).toBe(0);
    const [head, line] = ps.stdout.split('\n');
    expect(head!.trim().split(/\s+/)).toEqual(['PID', 'RSS', 'VSZ']); // the PID width follows the profile's pid_max
    const [p, rss, vsz] = line!.trim().split(/\s+/).map(Number);
    expect(p).toBe(pid);
    expect(vsz).toBe(2920);
    const total = Number(/ total +(\d+)K/.exec((await pmap(String(pid))).stdout)![1]);
    expect(total).toBe(vsz! + 4);
    const x = /^total kB +\d+ +(\d+)/m.exec((await pmap('-x', String(pid))).stdout)!;
    expect(rss).toBe(Number(x[1]));
    nearTotal(rss!, 1668, 'ps RSS');
  }, T);
});

describe('pmap: arguments and failures as the real one', () => {
  const runs = capturedRuns();
  for (const cmd of ['pmap', 'pmap 999999', 'pmap -x -d 1', 'pmap -A zz 1', 'pmap abc', 'pmap -V']) {
    it(cmd, async () => {
      const want = runs.get(cmd)!;
      const r = await runTool(cmd.split(' '), { machine: m, uid: 0 });
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: want.status, stdout: want.stdout, stderr: want.stderr });
    }, T);
  }

  it('a process whose maps cannot be read: the header, then status 1 (and 43 with a missing pid too)', async () => {
    const r = await runTool(['pmap', '1'], { machine: m }); // the student may not read init's maps
    expect(r).toMatchObject({ status: 1, stdout: '1:   /sbin/init\n', stderr: '' });
    const r2 = await runTool(['pmap', '1', '999999'], { machine: m });
    expect(r2.status).toBe(43);
  }, T);

  it('several pids, /proc/PID operands, and -A limits the rows and the total', async () => {
    const r = await pmap('-q', String(pid), `/proc/${pid}`);
    expect(r.stdout).toBe(capture('pmap-q.txt').repeat(2));
    const a = await pmap('-A', '7ffff7fc0000,7ffff7fd0000', String(pid));
    expect(a.stdout).toBe('8728:   sleep 1000\n' +
      '00007ffff7fc0000      8K rw---   [ anon ]\n00007ffff7fc2000     16K r----   [ anon ]\n00007ffff7fc6000      8K r----   [ anon ]\n' +
      '00007ffff7fc8000      8K r-x--   [ anon ]\n00007ffff7fca000      4K r---- ld-linux-x86-64.so.2\n00007ffff7fcb000    152K r-x-- ld-linux-x86-64.so.2\n' +
      ' total              196K\n');
  }, T);
});

describe('pmap of an interactive bash (debian-12)', () => {
  it('setarch -R bash --norc -i: the rows of the real one (bash-interactive-pmap.txt)', async () => {
    const t = await terminal({ profile: 'debian-12' });
    try {
      await t.waitFor('$ ');
      t.type('setarch -R bash --norc -i\n');
      await t.waitFor('bash-5.2$ ');
      const from = t.screen.length;
      t.type('pmap $$\n');
      const out = await t.waitFor(/ total +\d+K\n/, 3000, from);
      const body = out.slice(out.indexOf('\n') + 1);
      const got = body.slice(body.indexOf('\n') + 1, body.indexOf(' total') + ' total             4364K\n'.length);
      const want = capture('bash-interactive-pmap.txt');
      expect(body.split('\n')[0]).toMatch(/^\d+:   bash --norc -i$/);
      expect(got).toBe(want.slice(want.indexOf('\n') + 1));
    } finally { t.machine.dispose(); }
  }, T);
});
