// The DOM side of one <Console> block (markup from src/components/Console.astro): its buttons, its status
// line, and switching between the static transcript and the live terminal.

export interface BlockData {
  id: string;
  /** Where the block's commands run (absolute path on the machine). */
  cwd: string;
  /** Blocks with the same key share one terminal; a block without a `terminal` name gets its own. */
  terminalKey: string;
  terminalName: string | undefined;
  commands: string[];
  /** Pause after each command until the reader asks for the next one. */
  step: boolean;
  /** With step: the terminal whose waiting program gets an Enter before each next command (Console.astro). */
  advance: string | undefined;
  rows: number;
}

export type ButtonMode =
  | { kind: 'run'; again?: boolean }
  | { kind: 'busy'; text: string }
  | { kind: 'next'; index: number; of?: number } // `of`: when the feed is not the block's own commands
  | { kind: 'restart' };

export class ConsoleBlock {
  readonly el: HTMLElement;
  readonly data: BlockData;
  readonly live: HTMLElement;
  private readonly pre: HTMLElement;
  private readonly status: HTMLElement;
  private readonly runButton: HTMLButtonElement;
  private readonly transcriptButton: HTMLButtonElement | null;
  private readonly readerButton: HTMLButtonElement | null;
  mode: ButtonMode = { kind: 'run' };

  constructor(el: HTMLElement) {
    this.el = el;
    const d = el.dataset;
    this.data = {
      id: el.id,
      cwd: d.cwd ?? '/home/student',
      terminalKey: d.terminal ? `name:${d.terminal}` : `block:${el.id}`,
      terminalName: d.terminal || undefined,
      commands: JSON.parse(d.commands ?? '[]') as string[],
      step: d.step !== undefined,
      advance: d.advance || undefined,
      rows: Number(d.rows) || 12,
    };
    this.live = el.querySelector<HTMLElement>('[data-live]')!;
    this.pre = el.querySelector<HTMLElement>('.console-transcript')!;
    this.status = el.querySelector<HTMLElement>('[data-status]')!;
    this.runButton = el.querySelector<HTMLButtonElement>('[data-action="run"]')!;
    this.transcriptButton = el.querySelector<HTMLButtonElement>('[data-action="transcript"]');
    this.readerButton = el.querySelector<HTMLButtonElement>('[data-action="screen-reader"]');
    this.transcriptButton?.addEventListener('click', () => this.toggleTranscript());
  }

  /** The run button is aria-disabled, not disabled, while busy: a disabled button would drop the focus. */
  get busy() { return this.mode.kind === 'busy'; }

  setMode(mode: ButtonMode) {
    this.mode = mode;
    const n = this.data.commands.length;
    const [visible, hidden] =
      mode.kind === 'run' ? [mode.again ? 'Run again' : 'Run', n === 1 ? ' this command' : ' these commands']
      : mode.kind === 'busy' ? [mode.text, '']
      : mode.kind === 'next' ? ['Run next', ` command (${mode.index + 1} of ${mode.of ?? n})`]
      : ['Restart', ' the terminal'];
    this.runButton.replaceChildren(visible);
    if (hidden) {
      const span = document.createElement('span');
      span.className = 'sr-only';
      span.textContent = hidden;
      this.runButton.append(span);
    }
    this.runButton.toggleAttribute('aria-disabled', mode.kind === 'busy');
  }

  say(text: string, link?: { href: string; text: string }) {
    this.status.replaceChildren(text);
    if (link) {
      const a = document.createElement('a');
      a.href = link.href;
      a.textContent = link.text;
      this.status.append(' ', a);
    }
  }

  /** Swaps the transcript for the live terminal area (the terminal itself is mounted by its view). */
  showLive() {
    this.live.hidden = false;
    this.setTranscriptVisible(false);
    if (this.transcriptButton) this.transcriptButton.hidden = false;
    if (this.readerButton) this.readerButton.hidden = false;
  }

  /** Back to the static transcript: this block's terminal moved to another block. */
  showTranscript() {
    this.live.hidden = true;
    this.setTranscriptVisible(true);
    if (this.transcriptButton) this.transcriptButton.hidden = true;
    if (this.readerButton) this.readerButton.hidden = true;
  }

  /** Whether the keyboard focus is in this block (then moving it into the terminal does not surprise anyone). */
  hasFocus() { return this.el.contains(document.activeElement) || document.activeElement === document.body; }

  private toggleTranscript() {
    this.setTranscriptVisible(this.pre.hidden);
  }

  private setTranscriptVisible(on: boolean) {
    this.pre.hidden = !on;
    this.transcriptButton?.setAttribute('aria-expanded', String(on));
  }
}
