// A console transcript as the chapter prints it: prompt lines (`student@os:~$ make`) followed by what the
// command printed. Parsed at build time into lines for the static HTML and the list of commands the live
// terminal types.

export type TranscriptLine =
  | { kind: 'command'; prompt: string; command: string }
  | { kind: 'output'; text: string }
  /** The chapter's `[...]`: output left out on purpose. */
  | { kind: 'elided'; text: string };

/**
 * A bash prompt: `user@host:dir$ ` (or `# ` for root). The directory part cannot contain `$`/`#`, so a `$` in
 * the command itself (`pmap -p $$`) stays in the command.
 */
const PROMPT = /^([\w.-]+@[\w.-]+:[^$#\n]*[$#] )(.*)$/;

export function parseTranscript(text: string): TranscriptLine[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // Template literals in MDX start and end with a newline; those are layout, not output.
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((line): TranscriptLine => {
    const m = PROMPT.exec(line);
    if (m) return { kind: 'command', prompt: m[1]!, command: m[2]! };
    if (line.trim() === '[...]') return { kind: 'elided', text: line };
    return { kind: 'output', text: line };
  });
}

/** The command lines to type, in order (prompts with nothing after them are skipped). */
export function commandsOf(lines: TranscriptLine[]): string[] {
  return lines.flatMap((l) => (l.kind === 'command' && l.command.trim() ? [l.command] : []));
}

/** The prompt bash prints for `cwd` with PROMPT_DIRTRIM=4, as the course machine's student sees it. */
export function promptFor(cwd: string, { user = 'student', host = 'os', home = '/home/student', dirtrim = 4 } = {}) {
  let dir = cwd === home || cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
  const parts = dir.split('/');
  // bash keeps the first component (`~` or empty for `/`) and the last `dirtrim` ones, replacing the rest.
  if (parts.length - 1 > dirtrim) dir = [parts[0], '...', ...parts.slice(-dirtrim)].join('/');
  return `${user}@${host}:${dir}$ `;
}

/**
 * The argument `cd` gets to reach `cwd`, as a reader types it: under ~ as `~/…`; a path that needs quoting is
 * quoted whole and absolute (bash does not expand a quoted `~`).
 */
export function cdPath(cwd: string, home = '/home/student'): string {
  const path = cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
  return /^[\w~/.+-]+$/.test(path) ? path : `'${cwd.replaceAll("'", `'\\''`)}'`;
}

/**
 * A stable, readable element id for a console block (`console-pmap-p-1a2b3c`): the first command, and a hash of
 * the block so that two blocks running the same command elsewhere differ. Links to a block survive rebuilds.
 */
export function blockId(cwd: string, transcript: string, firstCommand: string): string {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (const ch of cwd + '\n' + transcript) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  const slug = firstCommand.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24).replace(/-$/, '');
  return `console-${slug ? slug + '-' : ''}${(h >>> 0).toString(16).padStart(8, '0').slice(0, 6)}`;
}
