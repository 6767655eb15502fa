// Reading and rewriting one numeric `#define NAME value` line of a C file: what a knob does to a lab's source.
// Used at build time (Knob.astro reads the lab's value) and in the browser (a knob change rewrites the file on
// the machine). Only the value's digits change: the directive's spacing, a trailing comment and every other byte
// of the file stay as they were, so the editor shows the reader's file with one number changed.

/**
 * `#define NAME 123` at the start of a line (blanks allowed around `#`, as cpp allows), then the rest of the
 * line. The value must be a plain decimal integer: a define whose value is an expression (`(64 * 1024)`) is no
 * knob. Capture groups: 1 = everything up to the value, 2 = the value, 3 = the rest of the line.
 */
function definePattern(name: string): RegExp {
  if (!/^[A-Za-z_]\w*$/.test(name)) throw new Error(`"${name}" is not a C macro name`);
  return new RegExp(`^([ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+)(\\d+)((?:[ \\t]*(?:/\\*.*|//.*))?[ \\t]*)$`, 'gm');
}

/** The value of `#define NAME <integer>` in `source`, or undefined when there is no such line (or several). */
export function readDefine(source: string, name: string): number | undefined {
  const matches = [...source.matchAll(definePattern(name))];
  return matches.length === 1 ? Number(matches[0]![2]) : undefined;
}

export type RewriteResult =
  | { ok: true; text: string; from: number }
  | { ok: false; reason: string };

/**
 * `source` with `#define NAME <integer>` set to `value`. Refuses (with a reason to show the reader) when the file
 * no longer has exactly one such line — the reader may have edited it by hand — rather than guessing.
 */
export function rewriteDefine(source: string, name: string, value: number): RewriteResult {
  if (!Number.isSafeInteger(value) || value < 0) return { ok: false, reason: `${value} is not a whole number ≥ 0` };
  const matches = [...source.matchAll(definePattern(name))];
  if (matches.length === 0) return { ok: false, reason: `the file has no line “#define ${name} <number>”` };
  if (matches.length > 1) return { ok: false, reason: `the file defines ${name} ${matches.length} times` };
  const m = matches[0]!;
  const start = m.index + m[1]!.length;
  return { ok: true, from: Number(m[2]), text: source.slice(0, start) + String(value) + source.slice(start + m[2]!.length) };
}
