// The lazy half of the consoles: loaded when a console nears the viewport or is clicked (see loader.ts). It
// runs a block: takes its terminal (terminals.ts), types its commands (feeder.ts) and keeps its button and
// status line in step.
import { ConsoleBlock } from './console-block.ts';
import { cdPath } from '../components/transcript.ts';
import { CommandFeeder, type FeedState } from './feeder.ts';
import { pageMachine } from './machine-client.ts';
import type { TerminalSession } from './session.ts';
import { prepareStandby, terminalFor, terminalNamed, terminalOf, warmStandby, type PageTerminal, type TerminalHooks } from './terminals.ts';
import { screenReaderMode, setScreenReaderMode } from './xterm-view.ts';

const HOME = '/home/student';
const blocks = new WeakMap<HTMLElement, ConsoleBlock>();
const feeders = new WeakMap<ConsoleBlock, CommandFeeder>();

/**
 * Boots the machine ahead of the first Run, prepares a terminal for it when the page is idle, and starts that
 * terminal's shell when the reader reaches for a console (pointer over it, focus in it).
 */
export function prefetch() {
  pageMachine();
  const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200));
  idle(() => prepareStandby(), { timeout: 1000 });
  const intent = (ev: Event) => {
    if (!(ev.target instanceof Element) || !ev.target.closest('[data-console]')) return;
    document.removeEventListener('pointerover', intent);
    document.removeEventListener('focusin', intent);
    warmStandby();
  };
  document.addEventListener('pointerover', intent, { passive: true });
  document.addEventListener('focusin', intent);
}

const hooks: TerminalHooks = {
  released(from, to) {
    feeders.get(from)?.cancel();
    from.showTranscript();
    from.setMode({ kind: 'run' });
    from.say(`Terminal “${to.data.terminalName}” moved to another console.`, { href: `#${to.data.id}`, text: 'Go to it' });
  },
  exited(owner) {
    owner.setMode({ kind: 'restart' });
    owner.say('The shell exited. Restart gives this console a new one.');
  },
};

/** The Run button: runs the block's commands, continues a paused block, or restarts an exited shell. */
export async function activate(el: HTMLElement) {
  const block = blockFor(el);
  if (block.busy) return;
  const mode = block.mode;
  if (mode.kind === 'next') { await advance(block); feeders.get(block)?.next(); return; }
  if (mode.kind === 'restart') { await restart(block); return; }
  await run(block);
}

function blockFor(el: HTMLElement): ConsoleBlock {
  let block = blocks.get(el);
  if (!block) {
    block = new ConsoleBlock(el);
    blocks.set(el, block);
    el.querySelector('[data-action="screen-reader"]')?.addEventListener('click', toggleScreenReader);
    syncScreenReaderButtons();
  }
  return block;
}

/**
 * Runs `commands` (the block's own unless given: a knob's rebuild and rerun) in the block's terminal. `note`, if
 * any, is said first. Resolves with the feed once it is under way (undefined if no terminal could start).
 */
async function run(block: ConsoleBlock, commands: readonly string[] = block.data.commands, note?: string): Promise<CommandFeeder | undefined> {
  block.setMode({ kind: 'busy', text: 'Starting…' });
  block.say(note ?? 'Starting the terminal…');
  let t: PageTerminal;
  try {
    t = terminalFor(block, hooks);
    await t.started;
  } catch (err) {
    console.error('memsim: could not start a terminal', err);
    block.setMode({ kind: 'run' });
    block.say('The simulated machine could not start a terminal. Reload the page to try again.');
    return undefined;
  }
  if (t.session.activity === 'exited') { hooks.exited(block); return undefined; }
  const prelude = await cdIfElsewhere(t.session, block.data.cwd);
  const feeder = new CommandFeeder(t.session, [...prelude, ...commands], {
    pauseAfter: (i) => block.data.step && i >= prelude.length,
  });
  feeders.get(block)?.cancel();
  feeders.set(block, feeder);
  feeder.onChange((s) => show(block, t, feeder, s, prelude.length));
  feeder.start();
  return feeder;
}

/**
 * Runs `commands` in place of the block's own, now: a knob changed what they build. A feed still typing in the
 * block's terminal is cancelled, and a program still running in its foreground gets Ctrl-C, as a reader would
 * do before retyping the commands (the block says so).
 */
export async function runInstead(el: HTMLElement, commands: readonly string[], note: string): Promise<CommandFeeder | undefined> {
  const block = blockFor(el);
  feeders.get(block)?.cancel();
  const t = terminalOf(block);
  const running = t?.session.activity === 'busy' || t?.session.activity === 'input';
  if (running) t.session.interrupt();
  return run(block, commands, running ? `${note} A program was still running in this terminal: stopped it with Ctrl-C.` : note);
}

/** The command an earlier console started in the background (`./hello &` → `./hello`), if its last one does. */
const backgrounded = (commands: readonly string[]) => /^(.*\S)\s*&$/.exec(commands.at(-1) ?? '')?.[1];

/** Resolves once the feed has ended (its last command done, or the shell gone, or the feed cancelled). */
function ended(feeder: CommandFeeder): Promise<FeedState['kind']> {
  const over = (k: FeedState['kind']) => k === 'done' || k === 'exited' || k === 'cancelled';
  return new Promise((resolve) => {
    if (over(feeder.state.kind)) { resolve(feeder.state.kind); return; }
    const off = feeder.onChange((s) => { if (over(s.kind)) { off(); resolve(s.kind); } });
  });
}

/**
 * A knob changed what a program another console started is built from (fence option `restart`, Console.astro):
 * the console before `el` that ran `PROGRAM &` in terminal `terminalName` gets `kill %PROGRAM` (when that job still
 * runs there), then its own commands again (`rerunOf`: its make rebuilds); once the new program has settled (every
 * process on that terminal asleep, as `./hello` is in its sleep), `el` runs its own commands again — what a reader
 * does by hand in the two terminals. Returns whether it found the starting console.
 */
export async function restartThenRun(el: HTMLElement, terminalName: string, rerunOf: (commands: readonly string[]) => string[], note: string): Promise<boolean> {
  const all = [...document.querySelectorAll<HTMLElement>('[data-console]')];
  const starterEl = all.slice(0, all.indexOf(el)).reverse().find((e) => e.dataset.terminal === terminalName && backgrounded(JSON.parse(e.dataset.commands ?? '[]') as string[]));
  if (!starterEl) return false;
  const starter = blockFor(starterEl);
  const program = backgrounded(starter.data.commands)!;
  const machine = pageMachine();
  /** The processes on the starter's terminal other than its shell (the terminal may have been replaced since). */
  const programs = async () => {
    const t = terminalOf(starter);
    return t ? (await machine.processes()).filter((p) => p.tty === t.session.tty && p.pid !== t.session.shellPid) : [];
  };
  const running = (await programs()).some((p) => p.argv.join(' ') === program);
  const target = blockFor(el);
  target.setMode({ kind: 'busy', text: 'Restarting…' });
  target.say(`${note} Restarting ${program} in terminal “${terminalName}” first.`);
  const feed = await runInstead(starterEl, [...(running ? [`kill %${program}`] : []), ...rerunOf(starter.data.commands)], note);
  if (!feed || (await ended(feed)) !== 'done') { target.setMode({ kind: 'run' }); target.say(`${program} could not be restarted in terminal “${terminalName}”: see there.`); return true; }
  for (const t0 = Date.now(); Date.now() - t0 < 10_000; await new Promise((r) => setTimeout(r, 50))) {
    const procs = await programs();
    if (procs.some((p) => p.argv.join(' ') === program) && procs.every((p) => p.state !== 'R')) break;
  }
  await runInstead(el, target.data.commands, `${note} ${program} restarted in terminal “${terminalName}”: running this console again.`);
  return true;
}

/** Stops the block's feed, if one is typing (the machine is going away under it). */
export function stopFeed(block: ConsoleBlock) { feeders.get(block)?.cancel(); }

/** Runs the block's own commands again (after the machine restarted), with `note` said first. */
export function rerun(block: ConsoleBlock, note: string): Promise<CommandFeeder | undefined> {
  return run(block, block.data.commands, note);
}

/**
 * Before a step block's next command: Enter for the program waiting in the block's `advance` terminal (the
 * chapter's pmap runs between ./alloc_size's "Press key" prompts), and the program's next prompt awaited, so
 * the command sees the program's new state.
 */
async function advance(block: ConsoleBlock) {
  const name = block.data.advance;
  const other = name === undefined ? undefined : terminalNamed(name);
  if (!other || other.session.activity !== 'input') return;
  block.setMode({ kind: 'busy', text: 'Running…' });
  block.say(`Pressing Enter in terminal “${name}”, where a program waits for it…`);
  await other.session.answer();
}

/** `cd` into the block's directory first when the (shared) shell is somewhere else. */
async function cdIfElsewhere(session: TerminalSession, cwd: string): Promise<string[]> {
  const here = await session.shellCwd().catch(() => undefined);
  if (here === cwd) return [];
  return [`cd ${cdPath(cwd, HOME)}`];
}

/** Reflects the feed's state in the block. `prelude` commands (a `cd`) come before the block's own. */
function show(block: ConsoleBlock, t: PageTerminal, feeder: CommandFeeder, s: FeedState, prelude: number) {
  const n = feeder.commands.length - prelude;
  const ordinal = (i: number) => (n > 1 ? ` (${i - prelude + 1} of ${n})` : '');
  switch (s.kind) {
    case 'waiting':
      block.setMode({ kind: 'busy', text: 'Waiting…' });
      block.say('Waiting for the shell prompt: a program is still running in this terminal (Ctrl-C stops it).');
      return;
    case 'typing':
      block.setMode({ kind: 'busy', text: 'Running…' });
      block.say(s.index < prelude ? `Changing to ${block.data.cwd}` : `Running ${feeder.commands[s.index]}${ordinal(s.index)}`);
      return;
    case 'interactive':
      block.setMode({ kind: 'busy', text: 'Running…' });
      block.say(`${feeder.commands[s.index]} is reading the terminal: type in it (Enter to continue, Ctrl-C to stop).`);
      if (block.hasFocus()) t.view.focus();
      return;
    case 'paused': {
      block.setMode({ kind: 'next', index: s.next - prelude, of: n });
      const waiting = block.data.advance !== undefined && terminalNamed(block.data.advance)?.session.activity === 'input';
      const enter = waiting ? `Enter in terminal “${block.data.advance}” (a program waits there), then ` : '';
      block.say(`Next: ${enter}${feeder.commands[s.next]}${ordinal(s.next)}`);
      return;
    }
    case 'done':
      block.setMode({ kind: 'run', again: true });
      block.say('Done. The terminal is yours: type your own commands in it (Escape, then Tab, moves on from it).');
      return;
    case 'exited': // the session's own listener has offered the restart
    case 'cancelled': // the terminal moved away; hooks.released already updated this block
      return;
  }
}

async function restart(block: ConsoleBlock) {
  const t = terminalOf(block);
  if (!t) { await run(block); return; }
  block.setMode({ kind: 'busy', text: 'Starting…' });
  t.view.term.write('\r\n');
  t.started = t.session.start();
  try {
    await t.started;
    block.setMode({ kind: 'run' });
    block.say('A new shell is ready.');
  } catch (err) {
    console.error('memsim: could not restart the terminal', err);
    block.setMode({ kind: 'restart' });
    block.say('The simulated machine could not start a terminal.');
  }
}

function toggleScreenReader() {
  setScreenReaderMode(!screenReaderMode());
  syncScreenReaderButtons();
}

function syncScreenReaderButtons() {
  const on = String(screenReaderMode());
  for (const b of document.querySelectorAll('[data-action="screen-reader"]')) b.setAttribute('aria-pressed', on);
}
