// The chapter's lab folders as the machine worker installs them: /labs/x/y.c → x/y.c (at ~/chapters/data/x/y.c).
// Not part of the worker's entry: ~8 KB gzip of C sources and Makefiles that come with the first terminal, in
// use-kit.ts's chunk, rather than with the worker's boot (see `ready` in machine.worker.ts).
const globbed: Record<string, string> = import.meta.glob('/labs/**/*', { query: '?raw', import: 'default', eager: true });

export const labs: Record<string, string> = {};
for (const [path, text] of Object.entries(globbed)) labs[path.replace(/^\/labs\//, '')] = text;
