// The page's terminals: an xterm view bound to a shell on the machine. Blocks that share a terminal name share
// one of these, and it moves to whichever block last ran. One terminal is prepared ahead of the first Run.
import type { ConsoleBlock } from './console-block.ts';
import { pageMachine } from './machine-client.ts';
import { keepHistory } from './restore.ts';
import { TerminalSession } from './session.ts';
import { estimateSize, XtermView } from './xterm-view.ts';

export interface PageTerminal {
  view: XtermView;
  session: TerminalSession;
  /** The block showing the terminal (none while it is the standby). */
  owner: ConsoleBlock | undefined;
  /** Resolves once the shell is started (or rejects with why it could not be). */
  started: Promise<void>;
}

export interface TerminalHooks {
  /** `from` no longer shows the terminal: another block took it. */
  released(from: ConsoleBlock, to: ConsoleBlock): void;
  /** The terminal's shell exited (`owner` shows it). */
  exited(owner: ConsoleBlock): void;
}

const HOME = '/home/student';
const byKey = new Map<string, PageTerminal>();

/**
 * A terminal made ahead of the first Run: its xterm opened off-screen, at the width of the page's consoles, while
 * the reader reads; its shell started as soon as the reader shows intent (a pointer over a console, the focus in
 * one). Opening xterm and starting a shell (the simulated exec and loader) are the slow parts of Run: with the
 * standby, the first Run only moves a ready terminal into its block. The shell waits for intent because its
 * code (~37 KB gzip) would otherwise be downloaded for every reader, past the page's budget. One standby only,
 * never replenished: a spare shell would show up in the reader's `ps`.
 */
let standby: { terminal: PageTerminal; dock: HTMLElement; shell: boolean } | undefined;

/** Opens the standby's xterm (idle-time work: xterm is loaded by now anyway). */
export function prepareStandby() {
  const first = document.querySelector<HTMLElement>('[data-console]');
  if (standby || byKey.size || !first) return;
  const dock = document.createElement('div');
  dock.className = 'console-live console-standby';
  dock.inert = true; // nothing in it is focusable or read out until it moves into a block
  dock.style.width = `${first.clientWidth}px`;
  document.body.append(dock);
  standby = { terminal: create(dock, Number(first.dataset.rows) || 12, 'Terminal', HOME, false), dock, shell: false };
}

/** Starts the standby's shell (in ~: the first Run's feed `cd`s where it needs). */
export function warmStandby() {
  prepareStandby();
  if (!standby || standby.shell) return;
  const { session, view } = standby.terminal;
  standby.terminal.started = session.start(session.open(view.term));
  standby.terminal.started.catch(() => {}); // reported by the Run that takes it
  standby.shell = true;
}

/** The block's terminal: its named one (taken over from the block showing it), the standby, or a new one. */
export function terminalFor(block: ConsoleBlock, hooks: TerminalHooks): PageTerminal {
  const key = block.data.terminalKey;
  const existing = byKey.get(key);
  if (existing) {
    const from = existing.owner;
    if (from !== block) {
      existing.owner = block;
      if (from) hooks.released(from, block);
      block.showLive();
      existing.view.mount(block.live);
    }
    return existing;
  }

  const label = block.data.terminalName ? `Terminal “${block.data.terminalName}”` : 'Terminal';
  let t: PageTerminal;
  if (standby) {
    t = standby.terminal;
    t.session.cwd = block.data.cwd; // where its shell starts, or restarts after an exit
    // A cold standby's shell is asked for before the view moves (mounting xterm takes a while): at the standby's
    // width (the consoles' width) and the block's rows, the size it is about to get.
    if (!standby.shell) t.started = t.session.start(t.session.open({ cols: t.view.term.cols, rows: block.data.rows }));
    block.showLive();
    t.view.setLabel(label);
    t.view.setRows(block.data.rows);
    t.view.mount(block.live);
    standby.dock.remove();
    standby = undefined;
  } else {
    block.showLive();
    t = create(block.live, block.data.rows, label, block.data.cwd);
  }
  t.owner = block;
  // Whichever block shows the terminal offers the restart, whether or not it is typing into it.
  t.session.onActivity((a) => { if (a === 'exited' && t.owner) hooks.exited(t.owner); });
  byKey.set(key, t);
  t.started.catch(() => byKey.delete(key));
  // The terminal's command history survives reloads: saved at each prompt, given back to each new shell.
  keepHistory(key, t.session, pageMachine());
  return t;
}

/** The page's terminal of that name (`terminal=run`), if a block has started it. */
export function terminalNamed(name: string): PageTerminal | undefined {
  return byKey.get(`name:${name}`);
}

/** Every terminal of the page, the standby's included (it has no owner). */
export function pageTerminals(): PageTerminal[] {
  return [...byKey.values(), ...(standby ? [standby.terminal] : [])];
}

/**
 * After the machine restarted: every terminal whose shell had started gets a new one (in the directory its
 * session starts in), below `banner`. The old shells are gone with the old machine, without an exit event.
 */
export function reopenTerminals(banner: string) {
  for (const t of pageTerminals()) {
    if (standby?.terminal === t && !standby.shell) continue;
    t.view.term.write(banner);
    t.started = t.session.start();
    t.started.catch(() => {}); // reported by the Run that uses it
  }
}

export function terminalOf(block: ConsoleBlock): PageTerminal | undefined {
  return byKey.get(block.data.terminalKey);
}

/** A terminal in `container`, with its shell started unless `shell` is false (then `started` is a placeholder). */
function create(container: HTMLElement, rows: number, label: string, cwd: string, shell = true): PageTerminal {
  const view = new XtermView({ rows, label });
  const session = new TerminalSession(pageMachine(), view.term, cwd);
  // The shell starts first, at about the size the view is about to get: the machine boots it while xterm opens.
  const started = shell ? session.start(session.open(estimateSize(container, rows))) : Promise.resolve();
  view.mount(container);
  view.onResize((cols, r) => session.resize(cols, r));
  return { view, session, owner: undefined, started };
}
