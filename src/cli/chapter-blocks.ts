// The console blocks of a chapter's MDX as the site reads them: the same MDX parser (satteri, the site's
// processor), the same fence options (console-fences.ts) and the same transcript parsing (transcript.ts). For
// `memsim check`, each block also knows where its transcript sits in the file, so that `--update` can rewrite
// just those lines.
import { mdxToMdast } from 'satteri';
import { consoleFenceOptions } from '../components/console-fences.ts';
import { commandsOf, parseTranscript, type TranscriptLine } from '../components/transcript.ts';

export interface ChapterBlock {
  /** 1-based, in file order. */
  index: number;
  /** 1-based line of the opening fence. */
  line: number;
  /** The text of the nearest heading above the block. */
  heading: string | undefined;
  cwd: string;
  /** Blocks with the same name share one terminal; a block without one gets its own (Console.astro). */
  terminal: string | undefined;
  step: boolean;
  advance: string | undefined;
  /** The fence's content, as the site hands it to <Console transcript=…>. */
  transcript: string;
  lines: TranscriptLine[];
  commands: string[];
  /**
   * The file's lines (0-based, end exclusive) between the fences, when they are exactly `transcript` (a fence
   * indented in a list item is not: its lines lose their indentation in `transcript`, and is not rewritten).
   */
  body: { start: number; end: number } | undefined;
}

export class ChapterError extends Error {}

const HOME = '/home/student';

interface Node {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  depth?: number;
  children?: Node[];
  position?: { start: { line: number }; end: { line: number } };
}

/** The console blocks of an MDX chapter, in order. Throws ChapterError for a fence the site would refuse. */
export function chapterBlocks(source: string): ChapterBlock[] {
  let tree: Node;
  try {
    tree = mdxToMdast(source) as unknown as Node;
  } catch (err) {
    throw new ChapterError(`cannot parse the MDX: ${(err as Error).message}`);
  }
  const fileLines = source.split('\n');
  const blocks: ChapterBlock[] = [];
  let heading: string | undefined;
  const walk = (node: Node) => {
    if (node.type === 'heading') heading = textOf(node).trim();
    if (node.type === 'code' && node.lang === 'console') blocks.push(blockOf(node, blocks.length + 1, heading, fileLines));
    for (const child of node.children ?? []) walk(child);
  };
  walk(tree);
  return blocks;
}

function blockOf(node: Node, index: number, heading: string | undefined, fileLines: string[]): ChapterBlock {
  const line = node.position?.start.line ?? 0;
  const where = `block ${index} (line ${line})`;
  let options: Record<string, string | true>;
  try {
    options = consoleFenceOptions(node.meta ?? '');
  } catch (err) {
    throw new ChapterError(`${where}: ${(err as Error).message}`);
  }
  const value = (key: string) => (typeof options[key] === 'string' ? options[key] as string : undefined);
  const step = options.step === true;
  const advance = value('advance');
  // The checks Console.astro makes at build time, which stop the site's build too.
  if (advance !== undefined && !step) throw new ChapterError(`${where}: advance=${advance} needs step (it acts between the steps)`);
  const transcript = node.value ?? '';
  const lines = parseTranscript(transcript);
  const commands = commandsOf(lines);
  if (!commands.length) throw new ChapterError(`${where}: the transcript has no prompt line to run`);
  return {
    index, line, heading, cwd: value('cwd') ?? HOME, terminal: value('terminal'), step, advance,
    transcript, lines, commands, body: bodyOf(node, transcript, fileLines),
  };
}

/** The lines between the opening and the closing fence, if they hold `transcript` verbatim. */
function bodyOf(node: Node, transcript: string, fileLines: string[]): ChapterBlock['body'] {
  if (!node.position) return undefined;
  const start = node.position.start.line; // 0-based index of the line after the opening fence
  const end = node.position.end.line - 1; // 0-based index of the closing fence's line
  if (!/^(`{3,}|~{3,})\s*\r?$/.test(fileLines[end] ?? '')) return undefined; // unclosed: runs to the end of the file
  const inner = fileLines.slice(start, end).map((l) => l.replace(/\r$/, '')).join('\n');
  return inner === transcript.replace(/\r\n?/g, '\n') ? { start, end } : undefined;
}

function textOf(node: Node): string {
  if (typeof node.value === 'string') return node.value;
  return (node.children ?? []).map(textOf).join('');
}
