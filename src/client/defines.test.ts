import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDefine, rewriteDefine } from './defines.ts';

const LAB = readFileSync(new URL('../../labs/process-memory/drills/tasks/alloc_size/support/alloc_size.c', import.meta.url), 'utf8');

describe('readDefine', () => {
  it('reads a numeric define of the lab', () => {
    expect(readDefine(LAB, 'NUM_STEPS')).toBe(Number(/#define\s+NUM_STEPS\s+(\d+)/.exec(LAB)![1]));
  });
  it('ignores defines whose value is an expression, and missing ones', () => {
    expect(readDefine(LAB, 'ALLOC_SIZE')).toBeUndefined(); // (ALLOC_SIZE_KB * 1024)
    expect(readDefine(LAB, 'NOPE')).toBeUndefined();
  });
  it('does not take a longer name for the asked one', () => {
    expect(readDefine('#define SIZE_KB 4\n#define SIZE 8\n', 'SIZE')).toBe(8);
    expect(readDefine('#define SIZE_KB 4\n', 'SIZE')).toBeUndefined();
  });
  it('accepts the spellings cpp accepts: blanks around #, tabs, a trailing comment', () => {
    expect(readDefine('  #  define\tN\t\t12 /* twelve */\n', 'N')).toBe(12);
    expect(readDefine('#define N 12 // twelve\n', 'N')).toBe(12);
  });
  it('refuses a define that appears twice (which one would the knob mean?)', () => {
    expect(readDefine('#define N 1\n#undef N\n#define N 2\n', 'N')).toBeUndefined();
  });
  it('rejects a name that is not a macro name (it becomes a regular expression)', () => {
    expect(() => readDefine(LAB, 'A.*')).toThrow(/not a C macro name/);
  });
});

describe('rewriteDefine', () => {
  it('changes only the value: every other byte of the file stays', () => {
    const r = rewriteDefine(LAB, 'ALLOC_SIZE_KB', 256);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.from).toBe(readDefine(LAB, 'ALLOC_SIZE_KB'));
    expect(readDefine(r.text, 'ALLOC_SIZE_KB')).toBe(256);
    const before = LAB.split('\n');
    const after = r.text.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toEqual([[before.find((l) => /define\s+ALLOC_SIZE_KB/.test(l)), before.find((l) => /define\s+ALLOC_SIZE_KB/.test(l))!.replace(/\d+$/, '256')]]);
  });
  it('keeps spacing and a trailing comment', () => {
    const r = rewriteDefine('x\n#define\tN\t10\t/* steps */\ny', 'N', 3);
    expect(r).toEqual({ ok: true, from: 10, text: 'x\n#define\tN\t3\t/* steps */\ny' });
  });
  it('keeps CRLF line ends', () => {
    const r = rewriteDefine('#define N 10\r\nint x;\r\n', 'N', 7);
    expect(r.ok && r.text).toBe('#define N 7\r\nint x;\r\n');
  });
  it('refuses when the define is gone (edited by hand) or turned into an expression', () => {
    expect(rewriteDefine('int x;\n', 'N', 3)).toEqual({ ok: false, reason: 'the file has no line “#define N <number>”' });
    expect(rewriteDefine('#define N (2 * 5)\n', 'N', 3).ok).toBe(false);
  });
  it('refuses a define that appears twice', () => {
    expect(rewriteDefine('#define N 1\n#define N 2\n', 'N', 3)).toEqual({ ok: false, reason: 'the file defines N 2 times' });
  });
  it('refuses values that are not whole numbers ≥ 0', () => {
    for (const v of [-1, 1.5, Number.NaN, 2 ** 60]) expect(rewriteDefine('#define N 1\n', 'N', v).ok).toBe(false);
  });
});
