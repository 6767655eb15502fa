// `memsim check CHAPTER.mdx`: runs every console block of a chapter on one simulated machine, as a reader pressing
// each Run in order would (check-run.ts), and prints a unified diff of each block's transcript against what the
// machine printed (transcript-compare.ts). `--update` writes the machine's outputs into the chapter's fences,
// leaving every other byte of the file as it was.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine } from '../sim/machine.ts';
import { DEFAULT_PROFILE, PROFILES, isProfileName, type ProfileName } from '../sim/loader/profiles.ts';
import { loadProfileImages } from '../sim/loader/images/index.ts';
import { ChapterError, chapterBlocks, type ChapterBlock } from './chapter-blocks.ts';
import { ChapterRun, CheckRunError } from './check-run.ts';
import { compareBlock, type BlockComparison } from './transcript-compare.ts';
import { unifiedDiff } from './unified-diff.ts';
import { readTree } from './host-files.ts';

export const CHECK_USAGE = `usage: memsim check CHAPTER.mdx [--profile NAME] [--block N] [--loose] [--update] [--cols N] [--timeout SECONDS]
  Runs the chapter's \`\`\`console blocks in order on one fresh machine (virtual time, seed 1), as a reader
  pressing every Run would: blocks naming the same terminal= share its shell, a step block's advance=NAME
  presses Enter for the program waiting in terminal NAME before each next command, and a program left reading
  its terminal gets Enter when that terminal's next command is due. Prints per block a unified diff of the
  chapter's transcript (-) against the machine's output (+), then a summary.
  In a transcript, [...] stands for any output; blank lines before a prompt are layout.
  --profile NAME     distro profile: ${PROFILES.join(', ')} (default: ${DEFAULT_PROFILE})
  --block N          check block N only (blocks 1..N-1 still run first: N depends on them)
  --loose            also match lines that differ only in pids, hex addresses and dates
  --update           write the machine's outputs into the chapter's fences (keeping its [...] cuts)
  --cols N           the terminals' width (default 80): ps, ls and ltrace's column of \`=\` follow it
  --timeout SECONDS  host time a command may take before it gets Ctrl-C (default 60)
  Exit status: 0 when every checked block matches (or --update rewrote them), 1 when some differ, 2 on a
  usage error or a chapter the site would refuse.
`;

interface CheckArgs {
  file: string;
  profile: ProfileName;
  block: number | undefined;
  loose: boolean;
  update: boolean;
  timeoutMs: number;
  cols: number;
}

export interface CheckIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIO: CheckIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

class UsageError extends Error {}

function parseCheckArgs(argv: readonly string[]): CheckArgs | 'help' {
  let file: string | undefined;
  const args: Omit<CheckArgs, 'file'> = { profile: DEFAULT_PROFILE, block: undefined, loose: false, update: false, timeoutMs: 60_000, cols: 80 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`option '${name}' requires an argument`);
      return v;
    };
    if (name === '-h' || name === '--help') return 'help';
    else if (name === '--profile') {
      const p = value();
      if (!isProfileName(p)) throw new UsageError(`unknown profile '${p}' (known: ${PROFILES.join(', ')})`);
      args.profile = p;
    } else if (name === '--block') {
      const v = value();
      if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--block needs a block number (1, 2, …), not '${v}'`);
      args.block = Number(v);
    } else if (name === '--timeout') {
      const v = Number(value());
      if (!(v > 0)) throw new UsageError('--timeout needs a positive number of seconds');
      args.timeoutMs = v * 1000;
    } else if (name === '--cols') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 20 || Number(v) > 1000) throw new UsageError(`--cols needs a width from 20 to 1000, not '${v}'`);
      args.cols = Number(v);
    } else if (name === '--loose' && eq < 0) args.loose = true;
    else if (name === '--update' && eq < 0) args.update = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else if (file !== undefined) throw new UsageError(`one chapter at a time ('${file}', then '${a}')`);
    else file = a;
  }
  if (file === undefined) throw new UsageError('which chapter? (memsim check content/process-memory.mdx)');
  return { file, ...args };
}

const labsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'labs');

/** The subcommand: returns the exit status. */
export async function check(argv: readonly string[], io: CheckIO = processIO): Promise<number> {
  let args: CheckArgs;
  try {
    const parsed = parseCheckArgs(argv);
    if (parsed === 'help') { io.out(CHECK_USAGE); return 0; }
    args = parsed;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`memsim check: ${err.message}\n${CHECK_USAGE}`);
    return 2;
  }

  let source: string;
  try {
    source = readFileSync(args.file, 'utf8');
  } catch (err) {
    io.err(`memsim check: cannot read '${args.file}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 2;
  }
  let blocks: ChapterBlock[];
  try {
    blocks = chapterBlocks(source);
  } catch (err) {
    if (!(err instanceof ChapterError)) throw err;
    io.err(`memsim check: ${args.file}: ${err.message}\n`);
    return 2;
  }
  if (!blocks.length) { io.err(`memsim check: ${args.file} has no \`\`\`console blocks\n`); return 2; }
  if (args.block !== undefined && args.block > blocks.length) {
    io.err(`memsim check: --block ${args.block}: ${args.file} has ${blocks.length} console block${blocks.length === 1 ? '' : 's'}\n`);
    return 2;
  }

  let labs: Record<string, Uint8Array> = {};
  try { labs = readTree(labsDir); } catch { /* a copy without labs: the chapter's blocks will say what is missing */ }
  await loadProfileImages(args.profile);
  const machine = new Machine({ profile: args.profile, seed: 1, time: 'virtual', labs });
  const toRun = args.block === undefined ? blocks : blocks.slice(0, args.block);
  const runner = new ChapterRun(machine, { commandTimeoutMs: args.timeoutMs, cols: args.cols });
  let runs;
  try {
    runs = await runner.run(toRun);
  } catch (err) {
    if (!(err instanceof CheckRunError)) throw err;
    io.err(`memsim check: ${err.message}\n`);
    return 1;
  } finally {
    machine.dispose();
  }
  const checked = (args.block === undefined ? runs : runs.slice(-1)).map((r) => compareBlock(r, { loose: args.loose, pids: runner.pids }));

  io.out(report(checked, args));
  if (!args.update) return checked.every((c) => c.matches) ? 0 : 1;

  const { text, rewritten, refused } = rewrite(source, checked);
  if (rewritten.length) writeFileSync(args.file, text);
  for (const c of refused) io.err(`memsim check: block ${c.run.block.index} (line ${c.run.block.line}) cannot be rewritten: its fence is indented or not closed\n`);
  io.out(rewritten.length ? `updated ${count(rewritten.length, 'block')} in ${args.file}\n` : `nothing to update in ${args.file}\n`);
  return refused.length ? 1 : 0;
}

function count(n: number, what: string) { return `${n} ${what}${n === 1 ? '' : 's'}`; }

function where(b: ChapterBlock) { return `block ${b.index}, line ${b.line}${b.heading ? ` (${b.heading})` : ''}`; }

/** Each block's verdict and diff, the notes of what the check did for differing ones, then the summary. */
function report(checked: BlockComparison[], args: CheckArgs): string {
  const out: string[] = [];
  let delta = 0; // lines the machine's side added above: the + side's line numbers follow the rewritten file
  for (const c of checked) {
    const b = c.run.block;
    out.push(`${where(b)}: ${c.matches ? 'matches' : 'differs'}`);
    if (c.matches) continue;
    const first = (b.body ? b.body.start : b.line) + 1 + c.offset;
    out.push(unifiedDiff(c.chapter, c.machine, {
      from: `${args.file}\tchapter`, to: `${args.file}\tmemsim ${args.profile}${args.loose ? ' --loose' : ''}`,
      fromLine: first, toLine: first + delta,
    }).trimEnd());
    delta += c.machine.length - c.chapter.length;
    for (const n of c.run.notes) out.push(`  note: ${n}`);
    for (const cmd of c.run.commands) for (const n of cmd.notes) out.push(`  note: ${cmd.command}: ${n}`);
  }
  const differing = checked.filter((c) => !c.matches);
  const matching = checked.length - differing.length;
  out.push('');
  out.push(`${count(checked.length, 'block')}: ${matching} match${matching === 1 ? 'es' : ''}, ${differing.length} differ${differing.length === 1 ? 's' : ''}`);
  for (const c of differing) out.push(`  ${where(c.run.block)}: ${c.chapter[0] ?? ''}`);
  return out.join('\n') + '\n';
}

/** The chapter with each differing block's transcript replaced by the machine's; every other line as it was. */
function rewrite(source: string, checked: BlockComparison[]) {
  const lines = source.split('\n');
  const rewritten: BlockComparison[] = [], refused: BlockComparison[] = [];
  // From the end, so that earlier blocks' line numbers stay valid.
  for (const c of [...checked].reverse()) {
    if (c.matches) continue;
    const body = c.run.block.body;
    if (!body) { refused.push(c); continue; }
    const old = lines.slice(body.start, body.end);
    const cr = old.length > 0 && old.every((l) => l.endsWith('\r')) ? '\r' : '';
    const bare = old.map((l) => l.replace(/\r$/, ''));
    const lead = c.offset;
    let trail = 0;
    while (trail < bare.length - lead && bare[bare.length - 1 - trail]!.trim() === '') trail++;
    const next = [...bare.slice(0, lead), ...c.machine, ...bare.slice(bare.length - trail)].map((l) => l + cr);
    lines.splice(body.start, body.end - body.start, ...next);
    rewritten.push(c);
  }
  return { text: lines.join('\n'), rewritten: rewritten.reverse(), refused: refused.reverse() };
}
