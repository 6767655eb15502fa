// A block's transcript in the chapter against what the machine printed, command by command. Two conventions of
// the chapter's transcripts are kept, not "normalised":
//   - `[...]` is output the author left out on purpose: it stands for any number of the machine's lines (the
//     machine's side shows `[...]` there too, so --update keeps the author's cuts);
//   - blank lines between a command's output and the next prompt are layout (the chapter separates commands with
//     one); the machine's side gets the chapter's.
// Everything else must be equal, byte for byte, unless `loose` (--loose): then a line also matches when it
// differs only in pids (of processes this machine started), hex addresses and dates, and on such a line also in
// its spacing (columns shift when a pid has another width, ltrace pads to a column that follows the terminal's).
import type { TranscriptLine } from '../components/transcript.ts';
import type { BlockRun } from './check-run.ts';

export interface BlockComparison {
  run: BlockRun;
  matches: boolean;
  /** The chapter's lines (its transcript without leading and trailing blank lines, as the site shows it). */
  chapter: string[];
  /** The machine's output laid out as the chapter's: what --update writes. */
  machine: string[];
  /** 0-based index of chapter[0] among the transcript's lines. */
  offset: number;
}

export interface CompareOptions {
  loose?: boolean;
  /** Pids the machine started (for loose matching). */
  pids?: ReadonlySet<number>;
}

export function compareBlock(run: BlockRun, opts: CompareOptions = {}): BlockComparison {
  const { lines } = run.block;
  const chapter = lines.map(textOf);
  const same = lineMatcher(opts);
  // Groups: the lines before the first command (none in a well-formed transcript), then one per command typed.
  const groups: { header: TranscriptLine | undefined; body: TranscriptLine[] }[] = [{ header: undefined, body: [] }];
  for (const l of lines) {
    if (l.kind === 'command' && l.command.trim()) groups.push({ header: l, body: [] });
    else groups[groups.length - 1]!.body.push(l);
  }
  const machine: string[] = [];
  for (const [g, group] of groups.entries()) {
    const out = g === 0 ? undefined : run.commands[g - 1];
    if (group.header) {
      const line = out ? out.prompt + out.command : '';
      machine.push(out && same(textOf(group.header), line) ? textOf(group.header) : line);
    }
    let body = group.body;
    let separator = 0;
    if (g < groups.length - 1) while (body.length && body[body.length - 1]!.kind === 'output' && textOf(body[body.length - 1]!).trim() === '') { body = body.slice(0, -1); separator++; }
    const produced = [...(out?.output ?? [])];
    while (produced.length && produced[produced.length - 1]!.trim() === '') produced.pop();
    machine.push(...align(body, produced, same), ...Array<string>(separator).fill(''));
  }
  return { run, matches: chapter.length === machine.length && chapter.every((l, i) => l === machine[i]), chapter, machine, offset: leadingBlanks(run.block.transcript) };
}

function textOf(l: TranscriptLine): string {
  return l.kind === 'command' ? l.prompt + l.command : l.text;
}

function leadingBlanks(transcript: string): number {
  const lines = transcript.replace(/\r\n?/g, '\n').split('\n');
  let n = 0;
  while (n < lines.length && lines[n]!.trim() === '') n++;
  return n;
}

// Costs of the alignment. A chapter line pairs with a machine line of the same shape (the same text but for its
// numbers: `malloc(32768) = 0x55e3…` and `malloc(32768) = 0x55b5…`) for less than leaving either out; a line
// under `[...]` costs less than an added one, so the elision takes what nothing else matches; pairing lines of
// different shapes costs as much as leaving the chapter's out and eliding the machine's.
const SIMILAR = 1, DISSIMILAR = 3, LEAVE = 2, ELIDE = 1;

/** A line's shape: numbers and addresses as `#`, runs of spaces as one. */
function shape(line: string): string {
  return line.replace(/0x[0-9a-fA-F]+|[0-9a-f]{12,16}|\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * The machine's lines in the chapter's shape: each `[...]` of `expected` replaces the run of machine lines it
 * stands for, and a line that matches only loosely is shown as the chapter has it.
 */
function align(expected: TranscriptLine[], actual: string[], same: (a: string, b: string) => boolean): string[] {
  const n = expected.length, m = actual.length;
  if (!expected.some((l) => l.kind === 'elided') && n === m && expected.every((l, i) => same(textOf(l), actual[i]!))) {
    return expected.map(textOf); // the common case, without the table
  }
  if (n * m > 2_000_000) return actual; // too big to align: the diff shows it all
  // cost[i][j]: the cheapest alignment of expected[i..] with actual[j..].
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  const eq = (i: number, j: number) => same(textOf(expected[i]!), actual[j]!);
  const shapes = actual.map(shape);
  const pair = (i: number, j: number) => (eq(i, j) ? 0 : shape(textOf(expected[i]!)) === shapes[j] ? SIMILAR : DISSIMILAR);
  for (let j = m - 1; j >= 0; j--) cost[n]![j] = cost[n]![j + 1]! + LEAVE;
  for (let i = n - 1; i >= 0; i--) {
    const wild = expected[i]!.kind === 'elided';
    cost[i]![m] = wild ? cost[i + 1]![m]! : cost[i + 1]![m]! + LEAVE;
    for (let j = m - 1; j >= 0; j--) {
      cost[i]![j] = wild
        ? Math.min(cost[i + 1]![j]!, cost[i]![j + 1]! + ELIDE)
        : Math.min(pair(i, j) + cost[i + 1]![j + 1]!, cost[i + 1]![j]! + LEAVE, cost[i]![j + 1]! + LEAVE);
    }
  }
  const out: string[] = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    const here = cost[i]![j]!;
    if (i < n && expected[i]!.kind === 'elided') {
      // The elision is shown once, for however many lines (even none) it stands for.
      if (j < m && here === cost[i]![j + 1]! + ELIDE) { j++; continue; }
      out.push(textOf(expected[i]!));
      i++;
    } else if (i < n && j < m && here === pair(i, j) + cost[i + 1]![j + 1]!) {
      out.push(eq(i, j) ? textOf(expected[i]!) : actual[j]!);
      i++; j++;
    } else if (i < n && here === cost[i + 1]![j]! + LEAVE) i++; // a chapter line the machine did not print
    else { out.push(actual[j]!); j++; } // a line the chapter does not have
  }
  return out;
}

/** Equality of a chapter line and a machine line: exact, or with --loose as described at the top. */
function lineMatcher(opts: CompareOptions): (chapter: string, machine: string) => boolean {
  if (!opts.loose) return (a, b) => a === b;
  const pids = opts.pids ?? new Set<number>();
  return (a, b) => a === b || looseEqual(a, b, pids);
}

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
/** Tokens: dates and times, hex addresses, words, spaces, single punctuation characters. */
const TOKEN = new RegExp([
  `(?<date>\\d{4}-\\d{2}-\\d{2}(?:[ T]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?` + // 2026-10-05 09:00:00
    `|${DAY} +${MONTH} +\\d{1,2} +\\d{2}:\\d{2}:\\d{2}(?: +[A-Z]{2,5})? +\\d{4}` + // date(1)
    `|${MONTH} +\\d{1,2} +(?:\\d{2}:\\d{2}|\\d{4})` + // ls -l
    `|\\d{2}:\\d{2}:\\d{2})`, // a time of day
  '(?<space>\\s+)',
  '(?<hex>0x[0-9a-fA-F]+)',
  '(?<word>[A-Za-z0-9_]+)',
  '(?<other>.)',
].join('|'), 'gu');

interface Token { kind: string; text: string; }

function tokens(line: string): Token[] {
  return [...line.matchAll(TOKEN)].map((m) => {
    const kind = Object.entries(m.groups!).find(([, v]) => v !== undefined)![0];
    return { kind, text: m[0] };
  });
}

const BARE_ADDRESS = /^[0-9a-f]{12,16}$/; // pmap's 16-digit addresses

function looseEqual(chapter: string, machine: string, pids: ReadonlySet<number>): boolean {
  const a = tokens(chapter).filter((t) => t.kind !== 'space'), b = tokens(machine).filter((t) => t.kind !== 'space');
  if (a.length !== b.length) return false;
  let loosened = false;
  for (const [i, x] of a.entries()) {
    const y = b[i]!;
    if (x.text === y.text) continue;
    const variable =
      (x.kind === 'date' && y.kind === 'date') ||
      (x.kind === 'hex' && y.kind === 'hex') ||
      (x.kind === 'word' && y.kind === 'word' && BARE_ADDRESS.test(x.text) && BARE_ADDRESS.test(y.text)) ||
      (x.kind === 'word' && y.kind === 'word' && /^\d+$/.test(x.text) && /^\d+$/.test(y.text) && pids.has(Number(y.text)));
    if (!variable) return false;
    loosened = true;
  }
  return loosened; // with nothing loosened, the lines differ only in spaces: not a match
}
