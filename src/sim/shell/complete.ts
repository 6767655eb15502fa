// Tab completion as bash's default completion does it: the first word of a command completes to aliases,
// keywords, builtins, functions, PATH executables (and directories); other words complete to file names.
// One match is inserted whole (directories get "/", files a space); several insert their longest common
// prefix, and a second Tab lists them in columns (readline's display).
import type { Shell } from './exec.ts';
import { BUILTINS } from './builtins/index.ts';
import { KEYWORDS } from './builtins/misc.ts';

export interface Completion {
  /** Text to insert at the cursor ('' when the candidates share nothing more). */
  insert: string;
  candidates: string[];
  /** How candidates are shown in the listing (file names without their directory, dirs with "/"). */
  display: string[];
}

const SPECIAL = /[\s'"\\$`&|;<>()!*?[\]{}#~=]/g;
const escapeName = (s: string) => s.replace(SPECIAL, '\\$&');

/** The word being completed: from the last unquoted separator before the cursor. */
function currentWord(before: string): { start: number; text: string; raw: string } {
  let start = 0;
  let text = '';
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote) { if (c === quote) quote = undefined; else text += c; continue; }
    if (c === '\\' && i + 1 < before.length) { text += before[i + 1]; i++; continue; }
    if (c === "'" || c === '"') { quote = c; continue; }
    if (/[\s;|&<>()]/.test(c)) { start = i + 1; text = ''; continue; }
    text += c;
  }
  return { start, text, raw: before.slice(start) };
}

function commandPosition(prefix: string): boolean {
  const t = prefix.trimEnd();
  if (t === '') return true;
  if (/(^|[;&|(])$/.test(t) || /(\|\||&&)$/.test(t)) return true;
  return /(^|[\s;&|])(then|do|else|elif|if|while|until|time|!|\{)$/.test(t);
}

export async function complete(sh: Shell, line: string, cursor: number): Promise<Completion> {
  const before = line.slice(0, cursor);
  const w = currentWord(before);
  const isCommand = commandPosition(before.slice(0, w.start)) && !w.text.includes('/');
  let matches: { name: string; dir: boolean; full: string }[] = [];
  if (w.text.startsWith('$') && !w.text.includes('/')) {
    const p = w.text.slice(1).replace(/^\{/, '');
    const names = [...sh.vars.keys()].filter((n) => n.startsWith(p)).sort();
    const brace = w.text.startsWith('${');
    return finish(w.text, names.map((n) => ({ name: n, full: (brace ? '${' : '$') + n + (brace ? '}' : ''), dir: false })), false);
  }
  if (isCommand) {
    const set = new Set<string>();
    for (const n of [...sh.aliases.keys(), ...KEYWORDS, ...Object.keys(BUILTINS), ...sh.funcs.keys()]) if (n.startsWith(w.text)) set.add(n);
    for (const dir of (sh.getVar('PATH') ?? '').split(':')) {
      let names: string[];
      try { names = sh.sys.readdir(dir || '.'); } catch { continue; }
      for (const n of names) if (n.startsWith(w.text) && !set.has(n) && sh.isExecutable(`${dir || '.'}/${n}`)) set.add(n);
    }
    matches = [...set].map((n) => ({ name: n, full: n, dir: false }));
    // directories of the current directory too (bash completes "chap<Tab>" to "chapters/")
    for (const f of await files(sh, w.text)) if (f.dir && !set.has(f.full)) matches.push(f);
  } else {
    matches = await files(sh, w.text);
  }
  matches.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
  return finish(w.text, matches, true);
}

function finish(typed: string, matches: { name: string; dir: boolean; full: string }[], escape: boolean): Completion {
  const candidates = matches.map((m) => m.full);
  const display = matches.map((m) => m.name + (m.dir ? '/' : ''));
  if (!matches.length) return { insert: '', candidates, display };
  const esc = (s: string) => (escape ? escapeName(s) : s);
  if (matches.length === 1) {
    const m = matches[0]!;
    const rest = m.full.slice(typed.length);
    return { insert: esc(rest) + (m.dir ? (m.full.endsWith('/') ? '' : '/') : ' '), candidates, display };
  }
  let lcp = candidates[0]!;
  for (const c of candidates) { let i = 0; while (i < lcp.length && i < c.length && lcp[i] === c[i]) i++; lcp = lcp.slice(0, i); }
  return { insert: esc(lcp.slice(typed.length)), candidates, display };
}

/** File names completing `text` (which may have a directory part and a leading ~). */
async function files(sh: Shell, text: string): Promise<{ name: string; dir: boolean; full: string }[]> {
  const slash = text.lastIndexOf('/');
  const dirPart = slash >= 0 ? text.slice(0, slash + 1) : '';
  const base = slash >= 0 ? text.slice(slash + 1) : text;
  let readFrom = dirPart || '.';
  if (readFrom.startsWith('~')) {
    const s = readFrom.indexOf('/');
    const user = readFrom.slice(1, s < 0 ? undefined : s);
    const home = await sh.homeOf(user);
    if (home !== undefined) readFrom = home + (s < 0 ? '' : readFrom.slice(s));
  }
  let names: string[];
  try { names = sh.sys.readdir(readFrom); } catch { return []; }
  const out: { name: string; dir: boolean; full: string }[] = [];
  for (const n of names) {
    if (!n.startsWith(base)) continue;
    if (n.startsWith('.') && !base.startsWith('.')) continue;
    let dir = false;
    try { dir = (sh.sys.stat(`${readFrom.replace(/\/$/, '')}/${n}`).mode & 0o170000) === 0o040000; } catch { /* dangling */ }
    out.push({ name: n, dir, full: dirPart + n });
  }
  return out;
}

/** readline's listing: column-major, each column as wide as the longest name plus two spaces. */
export function formatColumns(items: string[], cols: number): string {
  if (!items.length) return '';
  const width = Math.max(...items.map((s) => [...s].length)) + 2;
  const perLine = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(items.length / perLine);
  let out = '';
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perLine; c++) {
      const i = c * rows + r;
      if (i >= items.length) break;
      line += items[i]!.padEnd(width);
    }
    out += line + '\n';
  }
  return out;
}
