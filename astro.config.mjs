// @ts-check
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { consoleFences } from './src/components/console-fences.ts';

const simDir = fileURLToPath(new URL('./src/sim/', import.meta.url));

/**
 * The simulator's tool registry imports one module per program (`import('./ls.ts')`), and those modules are
 * written concurrently with the site. A dynamic import of a file that does not exist yet would fail the whole
 * build, so until it lands it resolves to a stub program that says so (exit 127, like a missing command).
 * Only relative imports from inside src/sim/ are stubbed, and each one is reported, so nothing hides for long.
 * @returns {import('vite').Plugin}
 */
function stubMissingSimModules() {
  const PREFIX = '\0memsim-missing:';
  return {
    name: 'memsim:stub-missing-sim-modules',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !importer.startsWith(simDir)) return null;
      const target = resolve(dirname(importer), source);
      if (existsSync(target)) return null;
      this.warn(`src/sim module not written yet, stubbed: ${target.slice(simDir.length)}`);
      return PREFIX + target.slice(simDir.length);
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = JSON.stringify(id.slice(PREFIX.length));
      return `export default async function missing(sys) {
  const msg = 'memsim: ' + ${name} + ' is not part of this build yet\\n';
  try { await sys.write(2, msg); } catch {}
  return 127;
}`;
    },
  };
}

export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  // ```console fences in MDX become <Console> blocks (src/components/console-fences.ts).
  integrations: [mdx({ processor: satteri({ mdastPlugins: [consoleFences] }) })],
  markdown: { shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } } },
  // Pages are small; inlining their one stylesheet saves a render-blocking request.
  build: { inlineStylesheets: 'always' },
  vite: {
    plugins: [stubMissingSimModules()],
    // The machine worker code-splits (each simulated program is its own chunk, loaded on first exec), which the
    // default 'iife' worker format cannot do. Workers are bundled with their own plugin list.
    worker: { format: 'es', plugins: () => [stubMissingSimModules()] },
  },
});
