// The chapter's world (ubuntu-18.04): `pmap -p $$` of the login bash has the rows the seed prints (bash's
// 1040K of text, each library with its 2 MiB PROT_NONE hole, the stack, the vsyscall page) and about its total.
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import { loadProfileImages } from '../../src/sim/loader/images/index.ts';
import { terminal } from './harness.ts';

// The seed's transcript of `pmap -p $$` (tests/fidelity/captures/ubuntu-18.04/, copied from the chapter).
const seedRows = fs.readFileSync(new URL('../fidelity/captures/ubuntu-18.04/pmap-p-bash.txt', import.meta.url), 'utf8')
  .split('\n').filter((l) => /^[0-9a-f]{16} /.test(l)).map((l) => l.slice(17));
const seedTotal = Number(/ total +(\d+)K/.exec(fs.readFileSync(new URL('../fidelity/captures/ubuntu-18.04/pmap-p-bash.txt', import.meta.url), 'utf8'))![1]);

describe('ubuntu-18.04: pmap -p $$ of the login shell', () => {
  it('has the seed\'s rows and total', async () => {
    await loadProfileImages('ubuntu-18.04');
    const t = await terminal({ profile: 'ubuntu-18.04' });
    try {
      await t.waitFor('$ ');
      t.type('pmap -p $$\n');
      const screen = await t.waitFor(/ total +\d+K\n/);
      const out = screen.slice(screen.indexOf('pmap -p $$\n') + 11);
      const lines = out.split('\n');
      expect(lines[0]).toBe('1127:   /bin/bash');
      const rows = lines.slice(1).filter((l) => /^[0-9a-f]{16} /.test(l)).map((l) => l.slice(17));
      const size = (l: string) => Number(/^ *(\d+)K/.exec(l)![1]);
      // The executable: text, RELRO, data, .bss, then the heap (procps prints the kernel's [heap] as [ anon ]).
      expect(rows.slice(0, 5)).toEqual(['  1040K r-x-- /bin/bash', '    16K r---- /bin/bash', '    36K rw--- /bin/bash',
        '    40K rw---   [ anon ]', '  1604K rw---   [ anon ]']);
      // Every library: text, then its PROT_NONE hole shown with the library's name, then data.
      for (const [lib, text, hole] of [['libc-2.27.so', 1948, 2048], ['libtinfo.so.5.9', 148, 2048], ['libdl-2.27.so', 12, 2044],
        ['libnss_files-2.27.so', 44, 2044], ['libnsl-2.27.so', 92, 2044], ['libnss_nis-2.27.so', 44, 2044], ['libnss_compat-2.27.so', 32, 2048]] as const) {
        const i = rows.findIndex((r) => r.endsWith(`/lib/x86_64-linux-gnu/${lib}`));
        expect(rows[i], lib).toBe(`${String(text).padStart(6)}K r-x-- /lib/x86_64-linux-gnu/${lib}`);
        expect(rows[i + 1], lib).toBe(`${String(hole).padStart(6)}K ----- /lib/x86_64-linux-gnu/${lib}`);
      }
      expect(rows).toContain('  4480K r---- /usr/lib/locale/locale-archive');
      expect(rows).toContain('   164K r-x-- /lib/x86_64-linux-gnu/ld-2.27.so');
      expect(rows).toContain('    28K r--s- /usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache');
      expect(rows.slice(-4)).toEqual(['   132K rw---   [ stack ]', '    12K r----   [ anon ]', '     4K r-x--   [ anon ]', '     4K --x--   [ anon ]']);
      expect(lines.find((l) => l.startsWith('ffffffffff600000'))).toBe('ffffffffff600000      4K --x--   [ anon ]');
      const total = Number(/ total +(\d+)K/.exec(out)![1]);
      expect(total).toBe(rows.reduce((s, r) => s + size(r), 0));
      // Row for row (sizes, modes, names, order) and the same total as the chapter's bash; only ASLR addresses differ.
      expect(rows).toEqual(seedRows);
      expect(total).toBe(seedTotal);
      // ps's VSZ is the same total less the vsyscall page.
      const from = t.screen.length;
      t.type('ps -o pid,rss,vsz -p $$\n');
      const ps = await t.waitFor(/VSZ\n.*\n/, 3000, from);
      expect(ps).toContain(` 1127 `);
      const [, rss, vsz] = /VSZ\n +\d+ +(\d+) +(\d+)/.exec(ps)!.map(Number);
      expect(vsz).toBe(total - 4);
      // The seed's RSS: the resident figures of the 18.04 images and bash's heap are budgeted to it.
      expect(rss).toBe(1968);
    } finally { t.machine.dispose(); }
  }, 60_000);
});
