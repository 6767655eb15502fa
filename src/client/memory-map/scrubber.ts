// The time-travel scrubber under the map: a slider over the process's history steps, buttons for the previous /
// next system call and the previous / next call that changed the address space (brk, mmap, munmap...), "Live"
// to follow the process again, and "Replay" to step through its memory changes on a timer.
// Keys (anywhere in the map's figure except a text field): [ and ] previous/next system call, { and } previous/
// next memory change, Home and End first step and live; the slider also takes the arrow keys.
import type { HistoryStep } from '../../sim/timeline/types.ts';

export interface ScrubberHooks {
  /** Show history position `index` (into the steps), or live (undefined). */
  go(index: number | undefined): void;
  replay(on: boolean): void;
}

export const KEYS_HELP =
  'Keys: [ and ] step to the previous or next system call, { and } to the previous or next brk, mmap or munmap, ' +
  'Home to the first step, End back to live. The slider also moves with the arrow keys.';

/** The step a key or button moves to from `at` (undefined = live). Pure, for the tests. */
export function target(
  steps: HistoryStep[], at: number | undefined, move: 'prev' | 'next' | 'prev-mem' | 'next-mem' | 'first' | 'live',
  /** The seqs of the steps the machine counts as memory steps (steps(pid, { filter: 'memory' })). */
  memory: ReadonlySet<number>,
): number | undefined {
  const last = steps.length - 1;
  const here = at ?? last + 1; // live is just past the last step
  const isMem = (s: HistoryStep) => memory.has(s.seq);
  switch (move) {
    case 'first': return steps.length ? 0 : undefined;
    case 'live': return undefined;
    case 'prev': return steps.length ? Math.max(0, here - 1) : undefined;
    case 'next': return here + 1 > last ? undefined : here + 1;
    case 'prev-mem': {
      for (let i = Math.min(here, last + 1) - 1; i >= 0; i--) if (isMem(steps[i]!)) return i;
      return at;
    }
    case 'next-mem': {
      for (let i = here + 1; i <= last; i++) if (isMem(steps[i]!)) return i;
      return undefined;
    }
  }
}

export class Scrubber {
  readonly element: HTMLDivElement;
  private readonly hooks: ScrubberHooks;
  private readonly slider: HTMLInputElement;
  private readonly liveButton: HTMLButtonElement;
  private readonly replayButton: HTMLButtonElement;
  private readonly position: HTMLElement;
  private steps: HistoryStep[] = [];
  private memory: ReadonlySet<number> = new Set();
  private at: number | undefined;

  constructor(id: string, hooks: ScrubberHooks) {
    this.hooks = hooks;
    this.element = document.createElement('div');
    this.element.className = 'memmap-scrub';
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', 'History');
    this.element.setAttribute('aria-describedby', `${id}-keys`);
    const button = (move: Parameters<typeof target>[2], text: string, key: string, title: string) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'console-btn';
      b.textContent = text;
      b.title = `${title} (${key})`;
      b.setAttribute('aria-label', title);
      b.setAttribute('aria-keyshortcuts', key === '{' ? 'Shift+BracketLeft' : key === '}' ? 'Shift+BracketRight' : key === '[' ? 'BracketLeft' : 'BracketRight');
      b.addEventListener('click', () => this.move(move));
      return b;
    };
    this.slider = document.createElement('input');
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.className = 'memmap-slider';
    this.slider.setAttribute('aria-label', 'Step in the history');
    this.slider.addEventListener('input', () => {
      const i = Number(this.slider.value);
      this.goto(i >= this.steps.length ? undefined : i);
    });
    this.liveButton = document.createElement('button');
    this.liveButton.type = 'button';
    this.liveButton.className = 'console-btn';
    this.liveButton.textContent = 'Live';
    this.liveButton.title = 'Follow the process as it runs (End)';
    this.liveButton.addEventListener('click', () => this.move('live'));
    this.replayButton = document.createElement('button');
    this.replayButton.type = 'button';
    this.replayButton.className = 'console-btn';
    this.replayButton.textContent = 'Replay';
    this.replayButton.setAttribute('aria-pressed', 'false');
    this.replayButton.title = 'Step through every change of the address space from the start';
    this.replayButton.addEventListener('click', () => this.hooks.replay(this.replayButton.getAttribute('aria-pressed') !== 'true'));
    const row = document.createElement('div');
    row.className = 'memmap-scrub-row';
    row.append(
      button('prev-mem', '{', '{', 'Previous brk, mmap or munmap'),
      button('prev', '[', '[', 'Previous system call'),
      this.slider,
      button('next', ']', ']', 'Next system call'),
      button('next-mem', '}', '}', 'Next brk, mmap or munmap'),
      this.liveButton,
      this.replayButton,
    );
    this.position = document.createElement('p');
    this.position.className = 'memmap-position';
    const help = document.createElement('p');
    help.className = 'memmap-keys';
    help.id = `${id}-keys`;
    help.textContent = KEYS_HELP;
    this.element.append(row, this.position, help);
  }

  get index() { return this.at; }
  get history() { return this.steps; }
  /** Whether step `i` changed the address space (or is a memory call). */
  isMemoryStep(i: number) { const s = this.steps[i]; return !!s && this.memory.has(s.seq); }

  /** New history (the process ran on, or another process is shown). Keeps the position unless it is gone. */
  setSteps(steps: HistoryStep[], memory: ReadonlySet<number>) {
    this.steps = steps;
    this.memory = memory;
    if (this.at !== undefined && this.at >= steps.length) this.at = undefined;
    this.sync();
  }

  /** Keyboard shortcuts, for the whole figure: returns whether the key was one. */
  handleKey(ev: KeyboardEvent): boolean {
    const move = ({ '[': 'prev', ']': 'next', '{': 'prev-mem', '}': 'next-mem' } as const)[ev.key as '['];
    const scoped = ev.target === this.slider || this.element.contains(ev.target as Node);
    const nav = move ?? (scoped && ev.key === 'End' ? 'live' : scoped && ev.key === 'Home' ? 'first' : undefined);
    if (!nav || ev.ctrlKey || ev.metaKey || ev.altKey) return false;
    ev.preventDefault();
    this.move(nav);
    return true;
  }

  move(move: Parameters<typeof target>[2]) { this.goto(target(this.steps, this.at, move, this.memory)); }

  goto(index: number | undefined) {
    this.at = index;
    this.sync();
    this.hooks.go(index);
  }

  setReplaying(on: boolean) {
    this.replayButton.setAttribute('aria-pressed', String(on));
    this.replayButton.textContent = on ? 'Stop replay' : 'Replay';
  }

  private sync() {
    const n = this.steps.length;
    this.slider.max = String(n); // the last position (n) is "live"
    this.slider.value = String(this.at ?? n);
    this.slider.disabled = n === 0;
    const step = this.at === undefined ? undefined : this.steps[this.at];
    const where = step ? `Step ${this.at! + 1} of ${n}: ${step.line}` : `Live, after ${n} recorded step${n === 1 ? '' : 's'}`;
    this.slider.setAttribute('aria-valuetext', where);
    this.liveButton.setAttribute('aria-pressed', String(this.at === undefined));
    this.position.replaceChildren();
    const label = document.createElement('span');
    label.textContent = step ? `Step ${this.at! + 1} of ${n}` : 'Live';
    this.position.append(label);
    if (step) {
      const code = document.createElement('code');
      code.textContent = step.line;
      this.position.append(' ', code);
    }
  }
}
