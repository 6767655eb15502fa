// The lab sources under labs/, read from disk as the machine's `labs` option takes them (paths relative to
// labs/, installed at ~/chapters/data/). The whole tree, not one lab's folder: every lab program includes
// common/utils/utils.h and links common/utils/log, so a lab alone does not build.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const LABS_DIR = fileURLToPath(new URL('../../labs/', import.meta.url));

/** Every file below labs/, keyed by its path relative to labs/. */
export function labFiles(): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p); else out[relative(LABS_DIR, p)] = readFileSync(p);
    }
  };
  walk(LABS_DIR);
  return out;
}
