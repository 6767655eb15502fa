import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDefine } from '../client/defines.ts';
import { parseFenceMeta } from './console-fences.ts';
import { KNOBS, knobChoices, knobIds } from './knobs.ts';

const lab = (file: string) => readFileSync(new URL(`../../labs/${file}`, import.meta.url), 'utf8');

describe('the knob table', () => {
  it('names a single numeric #define in each lab file (Knob.astro reads its value there at build time)', () => {
    for (const [id, spec] of Object.entries(KNOBS)) {
      expect(readDefine(lab(spec.file), spec.define), id).toBeTypeOf('number');
      expect(id.endsWith(`/${spec.define}`), id).toBe(true);
    }
  });
  it('offers the lab’s own value among the choices, in order', () => {
    expect(knobChoices(KNOBS['alloc_size/ALLOC_SIZE_KB']!, 24)).toContain(24);
    const c = knobChoices(KNOBS['alloc_size/ALLOC_SIZE_KB']!, 24);
    expect([...c].sort((a, b) => a - b)).toEqual(c);
  });
  it('refuses an unknown knob id with the known ones in the message', () => {
    expect(() => knobIds('alloc_size/NOPE')).toThrow(/unknown knob "alloc_size\/NOPE" \(known: alloc_size\/ALLOC_SIZE_KB/);
  });
  it('knows every knob the chapter’s consoles name, and the chapter offers the 256 KiB step', () => {
    const mdx = readFileSync(new URL('../../content/process-memory.mdx', import.meta.url), 'utf8');
    const metas = [...mdx.matchAll(/^```console (.*)$/gm)].map((m) => parseFenceMeta(m[1]!));
    const named = metas.flatMap((m) => (typeof m.knobs === 'string' ? knobIds(m.knobs) : []));
    expect(named).toContain('alloc_size/ALLOC_SIZE_KB');
    expect(metas.some((m) => m.set === 'alloc_size/ALLOC_SIZE_KB=256')).toBe(true);
  });
});
