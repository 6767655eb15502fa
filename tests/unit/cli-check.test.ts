// `memsim check`: a chapter's console blocks run on one machine and compared with their transcripts.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cli/check.ts';
import { compareBlock } from '../../src/cli/transcript-compare.ts';
import { terminalLines } from '../../src/cli/terminal-text.ts';
import { unifiedDiff } from '../../src/cli/unified-diff.ts';
import { chapterBlocks } from '../../src/cli/chapter-blocks.ts';
import type { BlockRun } from '../../src/cli/check-run.ts';
import { Machine } from '../../src/sim/machine.ts';
import { loadProfileImages } from '../../src/sim/loader/images/index.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/check-chapter.mdx');
const fixture = readFileSync(FIXTURE, 'utf8');

async function runCheck(...argv: string[]) {
  let out = '', err = '';
  const status = await check(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

function tempChapter(text: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'memsim-check-')), 'chapter.mdx');
  writeFileSync(file, text);
  return file;
}

describe('memsim check on a chapter', () => {
  it('reports the matching block, diffs the other one, and exits 1', async () => {
    const { status, out, err } = await runCheck(FIXTURE);
    expect(err).toBe('');
    expect(status).toBe(1);
    expect(out).toBe([
      'block 1, line 13 (Starting a program): matches',
      'block 2, line 24 (Finding it again): differs',
      `--- ${FIXTURE}\tchapter`,
      `+++ ${FIXTURE}\tmemsim ubuntu-18.04`,
      '@@ -26,4 +26,4 @@',
      ' 1128', // the sleep started in block 1 is still there for block 2, in the same terminal
      ' ',
      " student@os:~$ echo 'as the machine says'",
      '-as the chapter says',
      '+as the machine says',
      '',
      '2 blocks: 1 matches, 1 differs',
      '  block 2, line 24 (Finding it again): student@os:~$ pidof sleep',
      '',
    ].join('\n'));
  }, 60_000);

  it('--update rewrites the differing transcript and leaves every other byte as it was', async () => {
    const file = tempChapter(fixture);
    const { status, out } = await runCheck(file, '--update');
    expect(status).toBe(0);
    expect(out).toContain(`updated 1 block in ${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe(fixture.replace('as the chapter says\n', 'as the machine says\n'));
    const again = await runCheck(file);
    expect(again.status).toBe(0);
    expect(again.out).toContain('2 blocks: 2 match, 0 differ\n');
  }, 60_000);

  it('matches pids only with --loose, and --update then keeps the chapter’s', async () => {
    const text = fixture.replace('[1] 1128', '[1] 4242').replace('as the chapter says', 'as the machine says');
    const file = tempChapter(text);
    const exact = await runCheck(file);
    expect(exact.status).toBe(1);
    expect(exact.out).toContain('-[1] 4242\n+[1] 1128\n');
    const loose = await runCheck(file, '--loose');
    expect(loose.status).toBe(0);
    expect(loose.out).toContain('2 blocks: 2 match, 0 differ\n');
    // Other differences still count; --update rewrites the lines that differ and keeps the loosely equal ones.
    const both = text.replace('\nas the machine says\n', '\nas the chapter says\n');
    const file2 = tempChapter(both);
    expect((await runCheck(file2, '--loose')).status).toBe(1);
    expect((await runCheck(file2, '--loose', '--update')).status).toBe(0);
    expect(readFileSync(file2, 'utf8')).toBe(text);
  }, 60_000);

  it('holds time between commands: a program that printed and went to sleep is there for the next block', async () => {
    // Without Machine.holdTime, virtual time jumps to the sleep's end as soon as every process waits (the shell
    // at its prompt): the chapter's hello-static, sleeping an hour, was gone before the next console's pmap.
    const chapter = [
      '```console terminal=run',
      "student@os:~$ printf '#include <stdio.h>\\n#include <unistd.h>\\nint main(void) { puts(\"hi\"); return sleep(3600); }\\n' > nap.c",
      'student@os:~$ gcc -o nap nap.c',
      'student@os:~$ ./nap &', '[1] 1129', 'hi', // its late "hi" belongs to the command that started it
      '```', '',
      '```console terminal=other', 'student@os:~$ pidof nap', '1129', '```', '',
    ].join('\n');
    const r = await runCheck(tempChapter(chapter));
    expect(r.out).toContain('2 blocks: 2 match, 0 differ\n');
    expect(r.status).toBe(0);
  }, 60_000);

  it('--block N checks block N after running the ones before it', async () => {
    const { status, out } = await runCheck(FIXTURE, '--block', '2');
    expect(status).toBe(1);
    expect(out).not.toContain('block 1,');
    expect(out).toContain(' 1128\n');
    expect(out).toContain('1 block: 0 match, 1 differs\n');
    expect((await runCheck(FIXTURE, '--block=1')).status).toBe(0);
  }, 60_000);

  it('a step block with advance= presses Enter for the program waiting in the other terminal', async () => {
    const chapter = (advance: string) => [
      '```console terminal=run', 'student@os:~$ head -n 1', '```', '',
      `\`\`\`console terminal=inspect step${advance}`,
      'student@os:~$ pidof head', '1128',
      'student@os:~$ pidof head', // head read its line and ended before this one
      'student@os:~$ echo after', 'after', '```', '',
    ].join('\n');
    expect((await runCheck(tempChapter(chapter(' advance=run')))).status).toBe(0);
    const without = await runCheck(tempChapter(chapter('')));
    expect(without.status).toBe(1);
    expect(without.out).toContain(' student@os:~$ pidof head\n+1128\n');
  }, 60_000);

  it('exits 2 on usage errors and on a fence the site would refuse', async () => {
    for (const argv of [[], ['--bogus', FIXTURE], [FIXTURE, FIXTURE], [FIXTURE, '--profile', 'fedora'], [FIXTURE, '--block', '0'], [FIXTURE, '--block', '3'], ['/nonexistent.mdx']]) {
      const r = await runCheck(...argv);
      expect(r.status, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(/^memsim check: /);
    }
    const bad = tempChapter('```console terminal=run colour=red\nstudent@os:~$ true\n```\n');
    expect(await runCheck(bad)).toMatchObject({ status: 2, err: expect.stringContaining('unknown option "colour"') });
    const noStep = tempChapter('```console advance=run\nstudent@os:~$ true\n```\n');
    expect((await runCheck(noStep)).err).toContain('advance=run needs step');
  }, 60_000);

  it('runs from bin/memsim: --help documents it, a usage error exits 2', async () => {
    const run = promisify(execFile);
    const bin = resolve(import.meta.dirname, '../../bin/memsim');
    const help = await run(process.execPath, [bin, 'check', '--help']);
    expect(help.stdout).toContain('usage: memsim check CHAPTER.mdx');
    expect(help.stdout).toContain('--update');
    const err = await run(process.execPath, [bin, 'check', '--bogus']).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--bogus'") });
  }, 60_000);
});

describe('Machine.holdTime', () => {
  it('keeps virtual time still while every process waits, and lets it jump again once released', async () => {
    await loadProfileImages('ubuntu-18.04');
    const m = new Machine({ time: 'virtual' });
    const prompts: number[] = [];
    m.subscribe((e) => { if (e.type === 'tty-wait') prompts.push(e.pid); });
    const tty = await m.openTerminal();
    const shell = m.shellPid(tty)!;
    const settled = async () => { while (!m.idle()) await new Promise((r) => setTimeout(r, 0)); };
    const sleeping = () => m.processes().some((p) => p.comm === 'sleep');
    while (!prompts.includes(shell)) await new Promise((r) => setTimeout(r, 0));
    m.holdTime(true);
    prompts.length = 0;
    m.input(tty, 'sleep 100 &\r');
    while (!prompts.includes(shell)) await new Promise((r) => setTimeout(r, 0));
    await settled();
    m.kernel.scheduleIdleCheck(); // every process waits: without the hold, the clock would jump 100 s now
    await new Promise((r) => setTimeout(r, 20));
    expect(sleeping()).toBe(true);
    m.holdTime(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(sleeping()).toBe(false);
    m.dispose();
  });
});

/** A block and what the machine printed for its commands, without a machine. */
function ran(transcript: string, outputs: string[][], prompt = 'student@os:~$ '): BlockRun {
  const [block] = chapterBlocks('```console\n' + transcript + '\n```\n');
  return {
    block: block!, notes: [],
    commands: block!.commands.map((command, i) => ({ command, prompt, output: outputs[i] ?? [], notes: [] })),
  };
}

describe('comparing a transcript with the machine’s output', () => {
  it('lets [...] stand for any lines, and keeps it in the machine’s side', () => {
    const r = compareBlock(ran('student@os:~$ ltrace ./a\nmalloc(8) = 0x1\n[...]\nfree(0x1) = <void>', [['puts(x) = 2', 'malloc(8) = 0x1', 'a', 'b', 'free(0x1) = <void>']]));
    expect(r.matches).toBe(false); // puts comes before the first line and no [...] covers it
    expect(r.machine).toEqual(['student@os:~$ ltrace ./a', 'puts(x) = 2', 'malloc(8) = 0x1', '[...]', 'free(0x1) = <void>']);
    expect(compareBlock(ran('student@os:~$ ltrace ./a\n[...]\nfree(0x1) = <void>', [['puts(x) = 2', 'malloc(8) = 0x1', 'free(0x1) = <void>']])).matches).toBe(true);
  });

  it('pairs lines of the same shape under an elision (the malloc line, not the first line)', () => {
    const r = compareBlock(ran('student@os:~$ ./a\nmalloc(8) = 0x55aa\n[...]', [['printf("%s") = 3', 'malloc(8) = 0x55bb', 'exit']]));
    expect(r.machine).toEqual(['student@os:~$ ./a', 'printf("%s") = 3', 'malloc(8) = 0x55bb', '[...]']);
  });

  it('treats blank lines before a prompt as layout, not output', () => {
    const r = compareBlock(ran('student@os:~$ echo a\na\n\nstudent@os:~$ echo b\nb', [['a'], ['b', '']]));
    expect(r.matches).toBe(true);
    expect(compareBlock(ran('student@os:~$ echo a\na\nstudent@os:~$ echo b\nb', [['a', '', ''], ['b']])).matches).toBe(true);
    // A blank line inside the output is output.
    expect(compareBlock(ran('student@os:~$ echo a\na\nb', [['a', '', 'b']])).matches).toBe(false);
  });

  it('compares exactly by default: a pid, an address or a column that differ are a difference', () => {
    const run = ran('student@os:~$ pmap 1\n1127:   bash\n000055fb4d77d000   1040K r-x-- bash', [['1200:   bash', '000055aa00000000   1040K r-x-- bash']]);
    expect(compareBlock(run).matches).toBe(false);
    expect(compareBlock(run, { loose: true, pids: new Set([1200]) }).matches).toBe(true);
    expect(compareBlock(run, { loose: true, pids: new Set() }).matches).toBe(false); // 1200 is no pid of the machine
    const sizes = ran('student@os:~$ size a\n4598 a', [['4101 a']]);
    expect(compareBlock(sizes, { loose: true, pids: new Set([4101]) }).matches).toBe(true);
    expect(compareBlock(sizes, { loose: true, pids: new Set([1]) }).matches).toBe(false);
    const dates = ran('student@os:~$ date\nMon Oct  5 09:00:00 UTC 2026', [['Tue Oct  6 10:11:12 UTC 2026']]);
    expect(compareBlock(dates).matches).toBe(false);
    expect(compareBlock(dates, { loose: true }).matches).toBe(true);
  });
});

describe('terminal text', () => {
  it('applies carriage returns, backspaces and erase-line, drops colours, expands tabs, trims line ends', () => {
    expect(terminalLines('\x1b[01;32mstudent@os\x1b[00m:~$ ')).toEqual(['student@os:~$ ']);
    expect(terminalLines('10%\r50%\r100%\r\ndone\r\n')).toEqual(['100%', 'done', '']);
    expect(terminalLines('abc\b\bX\r\n')).toEqual(['aXc', '']);
    expect(terminalLines('long line\r\x1b[Kshort\r\n')).toEqual(['short', '']);
    expect(terminalLines('   text\t   data\n')).toEqual(['   text    data', '']);
    expect(terminalLines('read(0, \r\n')).toEqual(['read(0,', '']);
    expect(terminalLines('\x1b]0;title\x07x')).toEqual(['x']);
  });
});

describe('unified diff', () => {
  it('prints hunks with context and file line numbers', () => {
    const a = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const b = [...a.slice(0, 4), 'five', ...a.slice(5), '13'];
    // Line 1 of the lists is line 21 of the file; changes 7 unchanged lines apart make two hunks.
    expect(unifiedDiff(a, b, { from: 'a', to: 'b', fromLine: 21, toLine: 21 })).toBe([
      '--- a', '+++ b',
      '@@ -22,7 +22,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8',
      '@@ -30,3 +30,4 @@', ' 10', ' 11', ' 12', '+13', '',
    ].join('\n'));
    // 6 lines apart: one hunk, as diff -u merges hunks whose contexts touch.
    expect(unifiedDiff(a.slice(0, 11), [...b.slice(0, 11), '13'], { from: 'a', to: 'b' }).match(/^@@/gm)).toHaveLength(1);
    expect(unifiedDiff(a, a, { from: 'a', to: 'b' })).toBe('');
    expect(unifiedDiff([], ['x'], { from: 'a', to: 'b' })).toBe('--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n');
  });
});
