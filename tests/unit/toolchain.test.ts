// The pinned Node (the `node` npm package) must be the one running: with install scripts skipped, npm
// scripts silently fall back to the machine's Node 20 and Astro/Vitest 5 misbehave (toolchain notes, 1).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

describe('toolchain', () => {
  it('runs on the Node major pinned in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const pinned = Number(/\d+/.exec(pkg.devDependencies.node)![0]);
    expect(Number(process.versions.node.split('.')[0])).toBe(pinned);
  });
  it('pins the install-script approvals of node and esbuild', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const approved = Object.keys(pkg.allowScripts ?? {});
    expect(approved.some((k) => k.startsWith('node@'))).toBe(true);
    expect(approved.some((k) => k.startsWith('esbuild@'))).toBe(true);
  });
});
