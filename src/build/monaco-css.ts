// Monaco imports its CSS from its JS modules. Left to Vite/Astro, that CSS is hoisted into the page's <head>
// (render-blocking, ~28 KB gzip) although the editor only loads when a reader presses Edit. This plugin turns
// each of monaco's CSS imports into a module that injects the stylesheet when the editor's chunk runs.
import type { Plugin } from 'vite';

const PREFIX = '\0memsim-monaco-css:';

export function monacoCssOnDemand(): Plugin {
  return {
    name: 'memsim:monaco-css-on-demand',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer?.includes('/node_modules/monaco-editor/') || !/\.css$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      // `.js` at the end: Vite's CSS plugin must not take the wrapper for a stylesheet.
      return resolved ? `${PREFIX}${resolved.id}.js` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      return `import css from ${JSON.stringify(`${file}?inline`)};
const style = document.createElement('style');
style.dataset.monaco = '';
style.textContent = css;
document.head.append(style);
`;
    },
  };
}
