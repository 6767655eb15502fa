// Console fences in the chapter's MDX become <Console> blocks:
//
//   ```console cwd=/home/student/chapters/data/... terminal=run step
//   student@os:~/.../support$ make
//   ```
//
// A fence keeps the transcript byte for byte (MDX strips the leading blanks of lines inside a JSX expression,
// which would break the columns of `ps` and `size`), and the chapter reads like the course's Markdown.
import { defineMdastPlugin } from 'satteri';

/** The fence options a console takes (see Console.astro's Props). */
const OPTIONS = { cwd: 'value', terminal: 'value', step: 'flag', knobs: 'value', set: 'value', advance: 'value', restart: 'value' } as const;

/** `cwd=/path terminal="a name" step` → { cwd: '/path', terminal: 'a name', step: true }. */
export function parseFenceMeta(meta: string): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const m of meta.matchAll(/([\w-]+)(?:=(?:"([^"]*)"|(\S+)))?/g)) {
    const [, key, quoted, bare] = m;
    out[key!] = quoted ?? bare ?? true;
  }
  return out;
}

/**
 * A fence's options, checked: known names only, flags without a value, the others with one. The site's build and
 * `memsim check` (src/cli/chapter-blocks.ts) read fences through this one function.
 */
export function consoleFenceOptions(meta: string): Record<string, string | true> {
  const options = parseFenceMeta(meta);
  for (const [key, value] of Object.entries(options)) {
    const kind = OPTIONS[key as keyof typeof OPTIONS];
    if (!kind) throw new Error(`console fence: unknown option "${key}" (known: ${Object.keys(OPTIONS).join(', ')})`);
    if ((kind === 'flag') !== (value === true)) throw new Error(`console fence: "${key}" ${kind === 'flag' ? 'takes no value' : 'needs a value'}`);
  }
  return options;
}

export const consoleFences = defineMdastPlugin({
  name: 'memsim:console-fences',
  code(node, ctx) {
    if (node.lang !== 'console') return;
    const options = consoleFenceOptions(node.meta ?? '');
    const attributes: { type: 'mdxJsxAttribute'; name: string; value: string | null }[] = [
      { type: 'mdxJsxAttribute', name: 'transcript', value: node.value },
    ];
    for (const [key, value] of Object.entries(options)) {
      // A null value is a bare JSX attribute: `step` means step={true}.
      attributes.push({ type: 'mdxJsxAttribute', name: key, value: value === true ? null : value });
    }
    ctx.replaceNode(node, { type: 'mdxJsxFlowElement', name: 'Console', attributes, children: [] });
  },
});
