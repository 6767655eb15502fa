// size (binutils 2.40), readelf (binutils 2.40) and file (5.44) against the real tools on the same files:
// byte-identical outputs for /usr/bin/sleep, /usr/bin/bash and libc.so.6 (and the other captured objects),
// the same errors and exit statuses, and file's verdicts on text (the labs, small samples).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { capture, capturedRuns, errorCaseFiles, memMachine } from './tools-mem-helpers.ts';
import { runTool } from './harness.ts';
import type { Machine } from '../../src/sim/machine.ts';

const T = 60_000;
let m: Machine;
beforeAll(async () => {
  m = await memMachine('debian-12', true, { files: errorCaseFiles('/tmp/t') });
  m.kernel.vfs.ensureDir('/tmp/t/dir');
}, T);
afterAll(() => m?.dispose());

const run = (argv: string[], cwd?: string) => runTool(argv, { machine: m, cwd });
const BINS: Record<string, string> = { sleep: '/usr/bin/sleep', bash: '/usr/bin/bash', 'libc.so.6': '/usr/lib/x86_64-linux-gnu/libc.so.6' };
const MORE: Record<string, string> = {
  cat: '/usr/bin/cat', 'libtinfo.so.6': '/usr/lib/x86_64-linux-gnu/libtinfo.so.6', 'ld-linux-x86-64.so.2': '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
};

describe('byte-identical to the real tools', () => {
  for (const [name, file] of Object.entries(BINS)) {
    const cases: [string, string[]][] = [
      [`size-${name}.txt`, ['size', file]], [`size-A-${name}.txt`, ['size', '-A', file]], [`size-G-${name}.txt`, ['size', '-G', file]],
      [`size-x-${name}.txt`, ['size', '-x', file]], [`size-A-x-${name}.txt`, ['size', '-A', '-x', file]],
      [`readelf-h-${name}.txt`, ['readelf', '-h', file]], [`readelf-S-${name}.txt`, ['readelf', '-S', file]],
      [`readelf-SW-${name}.txt`, ['readelf', '-SW', file]], [`readelf-lW-${name}.txt`, ['readelf', '-lW', file]],
      [`readelf-l-${name}.txt`, ['readelf', '--program-headers', '--wide', file]], [`readelf-e-${name}.txt`, ['readelf', '-e', file]],
      [`file-${name}.txt`, ['file', file]],
    ];
    it(`size, readelf and file of ${file}`, async () => {
      for (const [cap, argv] of cases) {
        const r = await run(argv);
        expect(r.stderr, argv.join(' ')).toBe('');
        expect(r.status, argv.join(' ')).toBe(0);
        expect(r.stdout, argv.join(' ')).toBe(capture(cap));
      }
    }, T);
  }

  it('size and readelf -lW of cat, libtinfo and ld.so', async () => {
    for (const [name, file] of Object.entries(MORE)) {
      expect((await run(['size', file])).stdout).toBe(capture(`size-${name}.txt`));
      expect((await run(['size', '-A', file])).stdout).toBe(capture(`size-A-${name}.txt`));
      expect((await run(['readelf', '-lW', file])).stdout).toBe(capture(`readelf-l-${name}.txt`));
    }
  }, T);

  it('size -t, -o -t and -G -t over two files', async () => {
    const two = ['/usr/bin/sleep', '/usr/bin/bash'];
    expect((await run(['size', '-t', ...two])).stdout).toBe(capture('size-t-sleep-bash.txt'));
    expect((await run(['size', '-o', '-t', ...two])).stdout).toBe(capture('size-o-t-sleep-bash.txt'));
    expect((await run(['size', '--format=gnu', '--totals', ...two])).stdout).toBe(capture('size-G-t-sleep-bash.txt'));
  }, T);

  it('file on ELF objects, devices and directories', async () => {
    // The machine's /lib64 link and /usr/bin/size are laid out by boot.ts, not as on Debian: compare the rest.
    const names = ['/usr/bin/sleep', '/usr/bin/bash', '/usr/lib/x86_64-linux-gnu/libc.so.6', '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      '/lib64/ld-linux-x86-64.so.2', '/usr/bin/size', '/dev/null', '/tmp', '/etc'];
    const r = await run(['file', ...names]);
    const got = r.stdout.split('\n'), want = capture('file-many.txt').split('\n');
    for (const i of [0, 1, 2, 3, 6, 7, 8]) expect(got[i]).toBe(want[i]);
    expect(got[4]).toMatch(/^\/lib64\/ld-linux-x86-64\.so\.2: +symbolic link to /);
  }, T);
});

describe('file on text', () => {
  it('the chapter\'s lab files', async () => {
    const labs = path.join(import.meta.dirname, '../../labs');
    const want = capture('file-labs.txt').trim().split('\n').map((l) => l.split('\t') as [string, string]);
    const files: Record<string, string> = {};
    for (const [rel] of want) files[`/tmp/labs/${rel}`] = fs.readFileSync(path.join(labs, rel), 'utf8');
    const mm = await memMachine('debian-12', true, { files });
    try {
      for (const [rel, desc] of want) expect((await runTool(['file', '-b', `/tmp/labs/${rel}`], { machine: mm })).stdout, rel).toBe(desc + '\n');
    } finally { mm.dispose(); }
  }, T);

  it('scripts, C, make, encodings and line terminators as file 5.44 names them', async () => {
    const samples: Record<string, string | Uint8Array> = {
      s1: '#!/bin/bash\necho hi\n', s2: '#!/bin/sh\necho hi\n', s3: '#!/usr/bin/env bash\necho\n', s4: '#!/usr/bin/env python3\nprint(1)\n',
      s5: '#!/usr/bin/foo\nx\n', 'c1.c': '#include <stdio.h>\nint main(void) { return 0; }\n', 'c2.c': 'int main(void)\n{\n\treturn 0;\n}\n',
      mk1: 'CFLAGS = -Wall\n\nall: hello\n', mk2: 'all: hello\n\nclean:\n\trm -f hello\n', u8: 'h\u00e9llo\n', crlf: 'a\r\nb\r\n', nonl: 'abc',
      mixed: 'a\nb\r\nc\n', long: 'a'.repeat(400), bin: new Uint8Array([0, 1, 2, 0xff]), empty: '', esc: 'hello\x1b[1m\n',
      latin1: new Uint8Array([0xe9, 0x74, 0xe9, 0x0a]),
    };
    const files: Record<string, string | Uint8Array> = {};
    for (const [k, v] of Object.entries(samples)) files[`/tmp/s/${k}`] = v;
    const mm = await memMachine('debian-12', true, { files });
    try {
      for (const line of capture('file-samples.txt').trim().split('\n')) {
        const [name, desc] = line.split('\t');
        expect((await runTool(['file', '-b', `/tmp/s/${name}`], { machine: mm })).stdout, name).toBe(desc + '\n');
      }
    } finally { mm.dispose(); }
  }, T);
});

describe('errors and exit statuses as the real tools', () => {
  const runs = capturedRuns();
  const cmds = [...runs.keys()].filter((c) => /^(size|readelf|file) /.test(c) || c === 'size');
  for (const cmd of cmds) {
    it(cmd, async () => {
      const want = runs.get(cmd)!;
      const r = await run(cmd.split(' '), '/tmp/t');
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: want.status, stdout: want.stdout, stderr: want.stderr });
    }, T);
  }
});
