// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { consoleFences } from './src/components/console-fences.ts';
import { monacoCssOnDemand } from './src/build/monaco-css.ts';

export default defineConfig({
  output: 'static',
  trailingSlash: 'ignore',
  // ```console fences in MDX become <Console> blocks (src/components/console-fences.ts).
  integrations: [mdx({ processor: satteri({ mdastPlugins: [consoleFences] }) })],
  markdown: { shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } } },
  // Pages are small; inlining their one stylesheet saves a render-blocking request.
  build: { inlineStylesheets: 'always' },
  vite: {
    // The machine worker code-splits (each simulated program is its own chunk, loaded on first exec), which the
    // default 'iife' worker format cannot do.
    worker: { format: 'es' },
    // The lab-file editor (Monaco) loads on Edit only: its CSS must come with it, not in the page's <head>.
    plugins: [monacoCssOnDemand()],
  },
});
