// Permalinks: a scenario survives encode → decode exactly; damaged, hostile or oversized links are refused with
// a ScenarioError (never thrown through as something else, never half-applied).
import { describe, expect, it } from 'vitest';
import { decodeScenario, encodeScenario, fragmentCode, fromBase64Url, LinkTooLongError, MAX_LINK_CHARS, scenarioUrl, toBase64Url } from './permalink.ts';
import { emptyScenario, ScenarioError, type Scenario } from './scenario.ts';

const PAGE = 'https://example.org/process-memory/';
const scenario = (): Scenario => ({
  v: 1,
  profile: 'debian-12',
  files: { '/home/student/chapters/data/process-memory/drills/tasks/alloc_size/support/alloc_size.c': '#define ALLOC_SIZE_KB\t256\n/* ü → ✓ */\n' },
  knobs: { 'alloc_size/ALLOC_SIZE_KB': 256 },
  history: { 'name:run': ['make', "printf '\\n' | ./alloc_size"], 'name:inspect': ['pmap $(pidof alloc_size)'] },
});

async function deflate(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

describe('permalinks', () => {
  it('base64url round-trips every byte value without + / =', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = toBase64Url(bytes);
    expect(text).toMatch(/^[\w-]+$/);
    expect([...fromBase64Url(text)]).toEqual([...bytes]);
  });

  it('a scenario comes back exactly, through the URL fragment', async () => {
    const url = await scenarioUrl(scenario(), PAGE + '#some-heading');
    expect(url.startsWith(PAGE + '#scenario=')).toBe(true);
    const code = fragmentCode(new URL(url).hash)!;
    expect(await decodeScenario(code)).toEqual(scenario());
    expect(await decodeScenario(await encodeScenario(emptyScenario()))).toEqual(emptyScenario());
  });

  it('compresses: an edited lab file fits in a short link', async () => {
    const s = scenario();
    s.files['/home/student/x.c'] = '#include <stdio.h>\n' + 'int main(void) { printf("hello\\n"); return 0; }\n'.repeat(40);
    expect((await scenarioUrl(s, PAGE)).length).toBeLessThan(1000);
  });

  it('refuses a link past the size limit, saying how long it would be', async () => {
    const s = scenario();
    // Incompressible text (a pseudo-random walk over letters) makes a long link.
    let x = 1;
    s.files['/home/student/noise.txt'] = Array.from({ length: 12_000 }, () => String.fromCharCode(97 + ((x = (x * 48271) % 2147483647) % 26))).join('');
    const err = await scenarioUrl(s, PAGE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkTooLongError);
    expect((err as LinkTooLongError).length).toBeGreaterThan(MAX_LINK_CHARS);
  });

  it('refuses damaged and hostile links with a ScenarioError', async () => {
    const cases = [
      'not base64!',
      'AAAA', // base64 of bytes that are not a deflate stream
      await deflate('{"v":1,"files":'), // not JSON
      await deflate('{"v":1,"files":{"/../etc/passwd":"x"},"knobs":{},"history":{}}'), // a path escaping upwards
      await deflate('{"v":1,"files":{},"knobs":{"k":"1; alert(1)"},"history":{}}'), // a knob that is not a number
      await deflate('{"v":1,"files":{},"knobs":{},"history":{"run":[42]}}'),
      await deflate('{"v":1,"profile":"windows","files":{},"knobs":{},"history":{}}'),
      await deflate('{"v":7,"files":{},"knobs":{},"history":{}}'),
      await deflate('"<script>alert(1)</script>"'),
    ];
    for (const code of cases) {
      const err = await decodeScenario(code).catch((e: unknown) => e);
      expect(err, code).toBeInstanceOf(ScenarioError);
    }
  });

  it('refuses a small link that inflates past the limit (a deflate bomb)', async () => {
    const code = await deflate(`{"v":1,"files":{"/a":"${'a'.repeat(5 * 1024 * 1024)}"},"knobs":{},"history":{}}`);
    expect(code.length).toBeLessThan(MAX_LINK_CHARS);
    await expect(decodeScenario(code)).rejects.toThrow(/too large/);
  });

  it('drops unknown fields and keeps only the last lines of a long history', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => `echo ${i}`);
    const s = await decodeScenario(await deflate(JSON.stringify({ v: 1, files: {}, knobs: {}, history: { run: lines }, html: '<img onerror=x>' })));
    expect(Object.keys(s).sort()).toEqual(['files', 'history', 'knobs', 'v']);
    expect(s.history.run).toHaveLength(100);
    expect(s.history.run![0]).toBe('echo 50');
  });

  it('finds the scenario in a location hash, and nothing in other fragments', () => {
    expect(fragmentCode('#scenario=abc_-')).toBe('abc_-');
    expect(fragmentCode('#memory-regions')).toBeUndefined();
    expect(fragmentCode('')).toBeUndefined();
  });
});
