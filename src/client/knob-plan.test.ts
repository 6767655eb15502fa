import { describe, expect, it } from 'vitest';
import { editsDefine, knobRerun } from './knob-plan.ts';

describe('knobRerun', () => {
  it('builds first, then reruns the block', () => {
    expect(knobRerun(['size hello', 'size ../../memory-areas/support/hello'], 'BSS_SIZE'))
      .toEqual(['make', 'size hello', 'size ../../memory-areas/support/hello']);
  });
  it('does not build twice when the block runs make itself', () => {
    expect(knobRerun(['make', 'make -C ../x', './hello &'], 'STACK_ORDER')).toEqual(['make', 'make -C ../x', './hello &']);
  });
  it("drops the chapter's sed that edits the same define (the knob made the edit)", () => {
    const block = ["sed -i '/define ALLOC_SIZE_KB/s/32/256/' alloc_size.c", 'make', 'ltrace ./alloc_size', 'strace ./alloc_size'];
    expect(knobRerun(block, 'ALLOC_SIZE_KB')).toEqual(['make', 'ltrace ./alloc_size', 'strace ./alloc_size']);
    // …but keeps one editing another define: it is part of what the block shows.
    expect(knobRerun(block, 'NUM_STEPS')).toEqual(block);
  });
});

describe('editsDefine', () => {
  it('matches sed -i naming the define as a word, not a longer name or a plain sed', () => {
    expect(editsDefine("sed -i 's/N 1/N 2/' a.c", 'N')).toBe(true);
    expect(editsDefine("sed -E -i 's/X/Y/' a.c", 'X')).toBe(true);
    expect(editsDefine("sed -i '/ALLOC_SIZE_KB/d' a.c", 'ALLOC_SIZE')).toBe(false);
    expect(editsDefine("sed 's/ALLOC_SIZE_KB/X/' a.c", 'ALLOC_SIZE_KB')).toBe(false);
    expect(editsDefine('grep ALLOC_SIZE_KB a.c', 'ALLOC_SIZE_KB')).toBe(false);
  });
});
