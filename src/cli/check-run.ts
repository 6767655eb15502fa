// Runs a chapter's console blocks on one machine, in order, as a reader pressing every Run would, and records
// what each command printed. The page's rules (src/client/live.ts, feeder.ts, session.ts):
//   - blocks naming the same `terminal=` share one shell; a block without a name gets a terminal of its own;
//   - a terminal opens in its first block's directory; a later block whose directory differs gets a `cd` first;
//   - each command is typed when the shell is back at its prompt (a `tty-wait` event for the shell's pid);
//   - a `step` block with `advance=NAME` presses Enter for the program waiting in terminal NAME before each next
//     command, and waits until that program reads the terminal again (or ends).
// Where the page would hand the keyboard to the reader (a program reading the terminal) the check does what the
// chapter's transcripts show the reader doing: it leaves the program waiting, and presses Enter for it only when
// its terminal is needed for a next command (as `strace ./alloc_size`'s `read(0, "\n", 1024)` shows).
//
// Time is virtual, and held between commands (Machine.holdTime): a reader's pause does not finish the chapter's
// hour-long `sleep`s. Before each command the machine settles (every process waits), so a background program's
// late output ("Hello, world!" after `./hello-static &`) belongs to the command that started it.
import type { Machine } from '../sim/machine.ts';
import { cdPath, promptFor } from '../components/transcript.ts';
import type { ChapterBlock } from './chapter-blocks.ts';
import { terminalLines } from './terminal-text.ts';

export interface CommandOutput {
  command: string;
  /** The prompt the shell printed before the command line (colours dropped). */
  prompt: string;
  /** What the terminal showed after the command line, up to the next prompt (or the end of the run). */
  output: string[];
  /** What the check did besides typing the command (Enter presses, Ctrl-C), for the report. */
  notes: string[];
}

export interface BlockRun {
  block: ChapterBlock;
  commands: CommandOutput[];
  /** Steps taken before the block's commands (a `cd`), for the report. */
  notes: string[];
}

export interface RunOptions {
  cols?: number;
  rows?: number;
  /** Host time a command (or a program answering Enter) may take before the check presses Ctrl-C. */
  commandTimeoutMs?: number;
  /** Enter presses a program reading the terminal gets before the check gives up and presses Ctrl-C. */
  maxEnters?: number;
}

export class CheckRunError extends Error {}

type Activity = 'starting' | 'prompt' | 'busy' | 'input' | 'exited';

/** Whose output the terminal's bytes are: a typed command, the `cd` before a block, or the login. */
interface Owner {
  kind: 'command' | 'prelude' | 'login';
  out: CommandOutput;
  /** Where in the terminal's text its bytes start. */
  start: number;
  /** Whether the shell printed a prompt since (it then ended and the prompt must be cut out). */
  prompted: boolean;
}

interface Terminal {
  name: string;
  tty: number;
  shellPid: number;
  raw: string;
  decoder: TextDecoder;
  activity: Activity;
  /** The prompt the shell prints in its directory at its last prompt. */
  expectedPrompt: string | undefined;
  /** The prompt found at the end of the last finished output. */
  lastPrompt: string;
  owner: Owner | undefined;
}

export class ChapterRun {
  private readonly machine: Machine;
  private readonly cols: number;
  private readonly rows: number;
  private readonly timeoutMs: number;
  private readonly maxEnters: number;
  private readonly byTty = new Map<number, Terminal>();
  private readonly byKey = new Map<string, Terminal>();
  /** Events for a tty whose openTerminal() has not resolved yet. */
  private readonly early = new Map<number, { raw: Uint8Array[]; waits: number[] }>();
  private waiter: { tty: number; resolve: () => void } | undefined;
  /** Every pid the machine started (for --loose). */
  readonly pids = new Set<number>();
  private readonly off: () => void;

  constructor(machine: Machine, opts: RunOptions = {}) {
    this.machine = machine;
    this.cols = opts.cols ?? 80;
    this.rows = opts.rows ?? 24;
    this.timeoutMs = opts.commandTimeoutMs ?? 60_000;
    this.maxEnters = opts.maxEnters ?? 20;
    this.off = machine.subscribe((e) => {
      if (e.type === 'spawn') this.pids.add(e.pid);
      else if (e.type === 'output') {
        const t = this.byTty.get(e.tty);
        if (t) t.raw += t.decoder.decode(e.data, { stream: true });
        else this.earlyOf(e.tty).raw.push(e.data.slice());
      } else if (e.type === 'tty-wait') {
        const t = this.byTty.get(e.tty);
        if (t) this.waited(t, e.pid);
        else this.earlyOf(e.tty).waits.push(e.pid);
        this.wake(e.tty);
      } else if (e.type === 'tty-exit') {
        const t = this.byTty.get(e.tty);
        if (t) t.activity = 'exited';
        this.wake(e.tty);
      }
    });
    machine.holdTime(true);
  }

  /** Runs the blocks in order; each block's outputs are complete once run() resolves. */
  async run(blocks: readonly ChapterBlock[]): Promise<BlockRun[]> {
    const runs: BlockRun[] = [];
    for (const block of blocks) runs.push(await this.runBlock(block));
    // A program still reading its terminal gets its Enters now, as it would from a later block: a block's output
    // does not depend on whether the check stops after it (--block N).
    for (const t of this.byKey.values()) await this.needPrompt(t, [], 'the check could end');
    for (const t of this.byKey.values()) this.finish(t);
    this.off();
    return runs;
  }

  private async runBlock(block: ChapterBlock): Promise<BlockRun> {
    const run: BlockRun = { block, commands: [], notes: [] };
    const key = block.terminal !== undefined ? `name:${block.terminal}` : `block:${block.index}`;
    const label = block.terminal !== undefined ? `terminal “${block.terminal}”` : 'its terminal';
    let t = this.byKey.get(key);
    if (t) await this.needPrompt(t, run.notes, `${label} could take the next command`);
    if (!t || t.activity === 'exited') {
      if (t) run.notes.push(`the shell of ${label} had exited: opened a new one`);
      t = await this.open(key, block);
    }
    // The page's cdIfElsewhere (live.ts): a shared shell somewhere else first goes to the block's directory.
    const here = this.machine.processes().find((p) => p.pid === t.shellPid)?.cwd;
    if (here !== block.cwd) {
      const cd = `cd ${cdPath(block.cwd)}`;
      const out = await this.type(t, cd, 'prelude');
      run.notes.push(`typed \`${cd}\` first${out.output.length ? `, which printed: ${out.output.join(' / ')}` : ''}`);
    }
    for (const [i, command] of block.commands.entries()) {
      const notes: string[] = [];
      if (i > 0 && block.step && block.advance !== undefined) await this.advance(block.advance, notes);
      await this.needPrompt(t, notes, `${label} could take the next command`);
      const out = await this.type(t, command, 'command');
      out.notes.unshift(...notes);
      run.commands.push(out);
    }
    return run;
  }

  /** Opens the block's terminal in its directory and waits for the shell's first prompt. */
  private async open(key: string, block: ChapterBlock): Promise<Terminal> {
    // Time stays held: a login shell starts without waiting for a timer, and a jump now would end the background
    // programs of other terminals.
    const tty = await this.machine.openTerminal({ cols: this.cols, rows: this.rows, cwd: block.cwd });
    const t: Terminal = {
      name: block.terminal ?? `block ${block.index}`, tty, shellPid: this.machine.shellPid(tty) ?? -1, raw: '',
      decoder: new TextDecoder(), activity: 'starting', expectedPrompt: undefined, lastPrompt: '', owner: undefined,
    };
    t.owner = { kind: 'login', out: { command: '', prompt: '', output: [], notes: [] }, start: 0, prompted: false };
    this.byTty.set(tty, t);
    this.byKey.set(key, t);
    const early = this.early.get(tty);
    this.early.delete(tty);
    for (const bytes of early?.raw ?? []) t.raw += t.decoder.decode(bytes, { stream: true });
    for (const pid of early?.waits ?? []) this.waited(t, pid);
    if (t.activity === 'starting') await this.until(t, () => {}, [], false);
    await this.settle();
    if (t.activity !== 'prompt') throw new CheckRunError(`block ${block.index}: the shell of ${t.name} did not reach its prompt`);
    return t;
  }

  /** Types `line` at the shell's prompt and waits until it has finished (or a program reads the terminal). */
  private async type(t: Terminal, line: string, kind: 'command' | 'prelude'): Promise<CommandOutput> {
    this.finish(t);
    const out: CommandOutput = { command: line, prompt: t.lastPrompt, output: [], notes: [] };
    t.owner = { kind, out, start: t.raw.length, prompted: false };
    t.activity = 'busy';
    await this.until(t, () => this.machine.input(t.tty, line + '\r'), out.notes);
    return out;
  }

  /**
   * The terminal must be at its prompt for a next command: a program still reading it gets Enter (the reader
   * would press it to let the program finish), up to maxEnters times, then Ctrl-C.
   */
  private async needPrompt(t: Terminal, notes: string[], why: string) {
    let enters = 0;
    while (t.activity === 'input' && enters < this.maxEnters) {
      enters++;
      await this.until(t, () => this.machine.input(t.tty, '\r'), notes);
    }
    const owner = t.owner?.out;
    if (enters && owner) owner.notes.push(`pressed Enter ${enters === 1 ? 'once' : `${enters} times`} for it, so that ${why}`);
    if (t.activity === 'input' || t.activity === 'busy') {
      owner?.notes.push(`still running after ${enters} Enter presses: pressed Ctrl-C, so that ${why}`);
      await this.until(t, () => this.machine.input(t.tty, '\x03'), notes);
    }
  }

  /** A step block's advance=NAME: Enter for the program waiting in terminal NAME, and its answer awaited. */
  private async advance(name: string, notes: string[]) {
    const other = this.byKey.get(`name:${name}`);
    if (!other || other.activity !== 'input') return;
    notes.push(`pressed Enter in terminal “${name}” first (advance=${name})`);
    await this.until(other, () => this.machine.input(other.tty, '\r'), notes);
  }

  /**
   * Does `act` with time flowing and waits for terminal `t` to be read again (its shell's prompt or a program's
   * read) or its shell to exit; then holds time and lets the machine settle. A command that takes longer than the
   * timeout gets Ctrl-C (noted), and a machine that still does not answer is an error.
   */
  private async until(t: Terminal, act: () => void, notes: string[] = [], flow = true) {
    for (const key of ['go', '\x03'] as const) {
      const answered = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => { this.waiter = undefined; resolve(false); }, this.timeoutMs);
        this.waiter = { tty: t.tty, resolve: () => { clearTimeout(timer); resolve(true); } };
      });
      if (flow) this.machine.holdTime(false);
      if (key === 'go') act();
      else {
        notes.push(`no answer within ${this.timeoutMs / 1000} s: pressed Ctrl-C`);
        this.machine.input(t.tty, key);
      }
      if (await answered) { await this.settle(); return; }
    }
    this.machine.holdTime(true);
    throw new CheckRunError(`${t.name}: the machine did not answer, even to Ctrl-C`);
  }

  /** Waits (host time) until every process of the machine waits. */
  private async settle() {
    const t0 = Date.now();
    while (!this.machine.idle()) {
      if (Date.now() - t0 > this.timeoutMs) return; // a busy background program: the command gets what it printed
      await new Promise((r) => setTimeout(r, 0));
    }
  }

  private waited(t: Terminal, pid: number) {
    if (pid === t.shellPid) {
      t.activity = 'prompt';
      const cwd = this.machine.processes().find((p) => p.pid === pid)?.cwd;
      t.expectedPrompt = cwd === undefined ? undefined : promptFor(cwd);
      if (t.owner) t.owner.prompted = true;
    } else t.activity = 'input';
  }

  private wake(tty: number) {
    if (this.waiter?.tty !== tty) return;
    // Held at once, inside the event: the kernel's idle check (a task later) must not jump the clock.
    this.machine.holdTime(true);
    const w = this.waiter;
    this.waiter = undefined;
    w.resolve();
  }

  /** Ends the current owner's output: the terminal's text since it started, its echo and the prompt cut out. */
  private finish(t: Terminal) {
    const owner = t.owner;
    if (!owner) return;
    t.owner = undefined;
    let raw = t.raw.slice(owner.start);
    if (owner.kind !== 'login') { // the command line's echo, up to its newline
      const nl = raw.indexOf('\n');
      raw = nl < 0 ? '' : raw.slice(nl + 1);
    }
    let text = terminalLines(raw).join('\n');
    if (owner.prompted) {
      const at = t.expectedPrompt === undefined ? -1 : text.lastIndexOf(t.expectedPrompt);
      if (at >= 0) {
        t.lastPrompt = t.expectedPrompt!;
        text = text.slice(0, at) + text.slice(at + t.lastPrompt.length);
      } else { // a prompt of another shape: the last line, where the shell left it
        const nl = text.lastIndexOf('\n');
        t.lastPrompt = text.slice(nl + 1);
        text = text.slice(0, nl + 1);
      }
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop(); // the newline ending the last line starts no line
    owner.out.output = lines;
  }

  private earlyOf(tty: number) {
    let e = this.early.get(tty);
    if (!e) this.early.set(tty, (e = { raw: [], waits: [] }));
    return e;
  }
}

