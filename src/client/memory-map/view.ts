// One <MemoryMap> figure, live: follows "the program in that console" (the newest process of the named
// terminal's shell, or the one the reader picks), draws its map (picture + table twin), announces each change
// politely, and travels back through its history with the scrubber. Every fact shown comes from the machine
// (MapSnapshot / HistoryStep, computed in the worker); this file only arranges them.
import type { HistoryStep, MapSnapshot } from '../../sim/timeline/types.ts';
import type { ProcessInfo } from '../../worker/protocol.ts';
import type { TerminalSession } from '../session.ts';
import { hex, itemsTouching, KIND_LABEL, KIND_ORDER, layoutMap, SCALE_TEXT, type MapLayout, type RegionBox } from './layout.ts';
import { MapPicture } from './picture.ts';
import { programOfShell } from './process-pick.ts';
import { Scrubber } from './scrubber.ts';
import type { MapChange, MapSource } from './source.ts';
import { MapTable } from './table.ts';

const REPLAY_MS = 900;
/** Steps fetched per process: a lab program makes a few hundred system calls. */
const MAX_STEPS = 20_000;
const BUSY_POLL_MS = 400;
const ANNOUNCE_MS = 400;
/** How many other processes of the terminal a clicked strace line is looked up in. */
const LINK_SEARCH = 6;
const PMAP_HEADER = 'Address           Kbytes     RSS   Dirty Mode  Mapping';

export interface FollowedTerminal {
  session: TerminalSession;
}

export class MemoryMapView {
  readonly figure: HTMLElement;
  private readonly source: MapSource;
  private readonly id: string;
  private readonly picture: MapPicture;
  private readonly table: MapTable;
  private readonly scrubber: Scrubber;
  private readonly title: HTMLElement;
  private readonly picker: HTMLSelectElement;
  private readonly details: HTMLElement;
  private readonly legend: HTMLElement;
  /** The break and the mmap base as text (the picture's dashed lines). */
  private readonly lines: HTMLElement;
  private readonly output: HTMLPreElement;
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private readonly placeholder: HTMLElement | null;

  /** The process shown, and whether the reader picked it (then the console's new programs do not replace it). */
  pid: number | undefined;
  private pinnedByReader = false;
  /** The figure is in (or near) the viewport. */
  private visible = false;
  /** `pid` changed while out of view: its map is drawn when the figure comes into view. */
  private unshown = false;
  /** The console's newest program at the last look (see findProgram). */
  private candidate: number | undefined;
  /** Every process seen in the process list (ended ones too: their terminal is still known). */
  private procs: ProcessInfo[] = [];
  private snapshot: MapSnapshot | undefined;
  private layout: MapLayout | undefined;
  private touched: HistoryStep['touched'] = [];
  private selected: string | undefined;
  /** The region pointed at or focused now (its details stay shown while the map redraws). */
  private hovered: string | undefined;
  private detailsShown: string | undefined;
  private legendShown: string | undefined;
  private session: TerminalSession | undefined;
  private offActivity = () => {};
  private offChange: () => void;
  private busyTimer: ReturnType<typeof setInterval> | undefined;
  private replayTimer: ReturnType<typeof setTimeout> | undefined;
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private pending: string[] = [];
  /** Steps loaded so far, with the machine's memory steps among them; new ones are fetched from the last seq on. */
  private loaded: { pid: number; steps: HistoryStep[]; memory: Set<number> } | undefined;
  private loadingSteps: Promise<HistoryStep[]> | undefined;
  private staleSteps = false;
  /** A map fetch is in flight; another change arrived meanwhile (fetch again when it lands). */
  private fetching = false;
  private stale = false;
  private version = 0;
  /** performance.now() of the change being drawn (the bench reads `memsim:map-update` measures). */
  private changeAt = 0;

  constructor(figure: HTMLElement, source: MapSource) {
    this.figure = figure;
    this.source = source;
    this.id = figure.id || `memmap-${Math.random().toString(36).slice(2, 8)}`;
    this.placeholder = figure.querySelector('[data-placeholder]');
    this.title = figure.querySelector('[data-title]') ?? document.createElement('span');
    this.picker = document.createElement('select');
    this.picker.className = 'memmap-picker';
    this.picker.id = `${this.id}-pid`;
    this.picker.addEventListener('change', () => this.onPick());
    this.picker.addEventListener('focus', () => void this.refreshPicker());

    this.picture = new MapPicture({
      hover: (b) => { this.hovered = b?.key; this.showDetails(b ?? this.selectedBox()); },
      pick: (b) => { this.selected = b.key; this.picture.select(b.key); this.showDetails(b); },
    });
    this.table = new MapTable(this.id);
    this.scrubber = new Scrubber(this.id, {
      go: (i) => void this.travel(i),
      replay: (on) => this.replay(on),
    });
    this.details = el('div', 'memmap-details');
    this.lines = el('p', 'memmap-lines');
    this.legend = el('ul', 'memmap-legend');
    this.legend.setAttribute('aria-label', 'Colours of the region kinds');
    this.output = el('pre', 'memmap-output') as HTMLPreElement;
    this.output.tabIndex = 0;
    this.output.setAttribute('aria-label', 'The program’s output up to this step');
    this.output.hidden = true;
    this.status = el('p', 'memmap-status');
    this.status.setAttribute('role', 'status'); // aria-live polite
    this.body = el('div', 'memmap-body');
    this.body.hidden = true;

    const pickerLabel = el('label', 'memmap-picker-label');
    pickerLabel.htmlFor = this.picker.id;
    pickerLabel.textContent = 'Process ';
    pickerLabel.append(this.picker);
    const scale = el('p', 'memmap-scale');
    scale.textContent = SCALE_TEXT;
    const side = el('div', 'memmap-side');
    side.append(this.details, this.lines, this.legend, scale);
    const main = el('div', 'memmap-main');
    main.append(this.picture.element);
    this.body.append(main, side, this.scrubber.element, this.output, this.table.element);
    figure.querySelector('[data-tools]')?.append(pickerLabel);
    figure.append(this.body, this.status);
    figure.addEventListener('keydown', (ev) => {
      if (isTextField(ev.target)) return;
      if (this.body.hidden) return;
      this.scrubber.handleKey(ev);
    });
    this.offChange = source.onMapChange((c) => this.onChange(c));
    // The page's maps share one watch of the machine (source-machine.ts): the map the reader turns to takes it.
    const claim = () => this.claim();
    figure.addEventListener('pointerenter', claim);
    figure.addEventListener('focusin', claim);
    // A map out of view does not redraw: its height would change and shift the page under the reader (and the
    // terminal they are watching). It catches up when it comes back into view.
    new IntersectionObserver((entries) => {
      this.visible = entries.some((e) => e.isIntersecting);
      if (this.visible) claim();
    }, { rootMargin: '200px 0px' }).observe(figure);
    this.showDetails(undefined);
  }

  dispose() {
    this.offChange();
    this.offActivity();
    this.replay(false);
    if (this.busyTimer) clearInterval(this.busyTimer);
    if (this.announceTimer) clearTimeout(this.announceTimer);
  }

  /** Follows the program of a console's terminal (its session; a new shell after a restart is picked up). */
  follow(t: FollowedTerminal) {
    if (this.session === t.session) return;
    this.offActivity();
    this.session = t.session;
    this.offActivity = t.session.onActivity((a) => {
      if (this.busyTimer) { clearInterval(this.busyTimer); this.busyTimer = undefined; }
      // While a command runs its programs come and go: look again now and then (a program that waits for a key
      // or the prompt's return settles it).
      if (a === 'busy') this.busyTimer = setInterval(() => void this.findProgram(), BUSY_POLL_MS);
      void this.findProgram();
    });
    void this.findProgram();
  }

  /** Shows process `pid` (the reader's pick or the console's program). */
  async show(pid: number, byReader = false) {
    this.pinnedByReader = byReader;
    if (pid === this.pid) return;
    this.replay(false);
    this.pid = pid;
    this.loaded = undefined;
    this.unshown = true;
    if (this.visible || byReader) this.claim();
    await this.refreshPicker();
  }

  /** Makes the shared watch follow this map's process (and catches up on what it missed meanwhile). */
  private claim() {
    if (this.pid === undefined) return;
    this.source.watchMap(this.pid);
    if (this.unshown) {
      this.unshown = false;
      this.scrubber.setSteps([], new Set());
      this.scrubber.goto(undefined);
      return;
    }
    if (this.scrubber.index === undefined) void this.fetchLive().then(() => this.loadSteps());
  }

  /** An strace line of the followed terminal was clicked: go to that step of the shown process's history. */
  async focusLine(text: string): Promise<boolean> {
    if (this.pid === undefined) return false;
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    const want = norm(text);
    const find = (steps: HistoryStep[]) => {
      for (let i = steps.length - 1; i >= 0; i--) {
        const line = norm(steps[i]!.line);
        if (line === want || (want.length > 20 && line.startsWith(want))) return i;
      }
      return -1;
    };
    // The process shown first; else the newest others seen on its terminal (a traced program that has ended).
    let at = find(await this.loadSteps());
    if (at < 0) {
      const tty = this.ttyOf(this.pid);
      const others = this.procs.filter((p) => p.tty === tty && p.pid !== this.pid).slice(-LINK_SEARCH).reverse();
      for (const p of others) {
        const memory = await this.source.steps(p.pid, { filter: 'memory', count: MAX_STEPS }).catch(() => []);
        if (find(memory) < 0) continue;
        await this.show(p.pid, true);
        at = find(await this.loadSteps());
        break;
      }
    }
    if (at < 0) { this.say('That system call is not in the history of the processes shown here.'); return false; }
    this.scrubber.goto(at);
    this.figure.scrollIntoView({ block: 'nearest', behavior: reducedMotion() ? 'auto' : 'smooth' });
    return true;
  }

  /** The terminal of process `pid` (from the last process list), else the followed console's. */
  private ttyOf(pid: number): number | undefined {
    return this.procs.find((p) => p.pid === pid)?.tty ?? (this.session && this.session.tty >= 0 ? this.session.tty : undefined);
  }

  private async findProgram() {
    const s = this.session;
    if (!s || s.shellPid < 0) return;
    let procs: ProcessInfo[];
    try { procs = await this.source.processes(); } catch { return; }
    this.fillPicker(procs);
    if (this.pinnedByReader && procs.some((p) => p.pid === this.pid)) return;
    const program = programOfShell(procs, s.shellPid);
    // While a command line runs, a program must still be there at the next look before the map switches to it:
    // make's compilers and a pipeline's grep come and go faster than a reader could look at their maps.
    const candidate = program?.pid;
    const settled = s.activity !== 'busy' || candidate === this.candidate;
    this.candidate = candidate;
    if (program && program.pid !== this.pid && settled) await this.show(program.pid);
  }

  private async refreshPicker() {
    try { this.fillPicker(await this.source.processes()); } catch { /* the machine is rebooting */ }
  }

  private fillPicker(procs: ProcessInfo[]) {
    for (const p of procs) { const i = this.procs.findIndex((q) => q.pid === p.pid); if (i >= 0) this.procs[i] = p; else this.procs.push(p); }
    const options = procs.map((p) => [String(p.pid), `${p.pid} ${p.comm}${p.tty !== undefined ? ` (pts/${p.tty})` : ''}`] as const);
    if (this.pid !== undefined && !procs.some((p) => p.pid === this.pid)) options.push([String(this.pid), `${this.pid} ${this.snapshot?.comm ?? ''} (ended)`]);
    const follow = ['follow', `The program in terminal “${this.figure.dataset.terminal}”`] as const;
    const all = [follow, ...options];
    const same = all.length === this.picker.options.length && all.every(([v, t], i) => this.picker.options[i]!.value === v && this.picker.options[i]!.text === t);
    if (!same) this.picker.replaceChildren(...all.map(([v, t]) => new Option(t, v)));
    this.picker.value = this.pinnedByReader && this.pid !== undefined ? String(this.pid) : 'follow';
  }

  private onPick() {
    const v = this.picker.value;
    if (v === 'follow') { this.pinnedByReader = false; void this.findProgram(); return; }
    void this.show(Number(v), true);
  }

  private onChange(c: MapChange) {
    if (c.pid !== this.pid || !this.visible || this.unshown) return;
    this.changeAt ||= performance.now();
    if (c.summary) this.announce(c.summary);
    // The map first (the reader sees it), the new history steps after it (the worker answers in order). The
    // notice carries the live map while the process lives; after its end, ask for its last one.
    if (this.scrubber.index !== undefined) { void this.loadSteps(); return; }
    if (c.snapshot) {
      this.version++; // a fetch still in flight is older than this
      this.draw(c.snapshot, []);
      void this.loadSteps();
    } else {
      void this.fetchLive().then(() => this.loadSteps());
    }
  }

  /**
   * Change summaries for screen readers, politely: a burst (a loop of mallocs) becomes one sentence with the
   * count and the last change, instead of a queue of ten.
   */
  private announce(summary: string) {
    this.pending.push(summary);
    if (this.announceTimer) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      const n = this.pending.length;
      this.say(n === 1 ? this.pending[0]! : `${n} changes; the last: ${this.pending.at(-1)}`);
      this.pending = [];
    }, ANNOUNCE_MS);
  }

  /** The live map, one request at a time: changes that arrive meanwhile are folded into one more request. */
  private async fetchLive() {
    if (this.fetching) { this.stale = true; return; }
    this.fetching = true;
    try {
      do {
        this.stale = false;
        const pid = this.pid!;
        const v = ++this.version;
        const snap = await this.source.mapAt(pid);
        if (v !== this.version || pid !== this.pid || this.scrubber.index !== undefined) continue;
        this.draw(snap, []);
      } while (this.stale);
    } finally {
      this.fetching = false;
    }
  }

  /** The shown process's history, fetched incrementally (only steps newer than those already here). */
  private loadSteps(): Promise<HistoryStep[]> {
    if (this.loadingSteps) { this.staleSteps = true; return this.loadingSteps; }
    const run = async (): Promise<HistoryStep[]> => {
      let steps: HistoryStep[] = [];
      do {
        this.staleSteps = false;
        const pid = this.pid;
        if (pid === undefined) return [];
        if (this.loaded?.pid !== pid) this.loaded = { pid, steps: [], memory: new Set() };
        const have = this.loaded;
        const from = (have.steps.at(-1)?.seq ?? 0) + 1;
        const none = () => [] as HistoryStep[];
        const [more, memory] = await Promise.all([
          this.source.steps(pid, { from, filter: 'all', count: MAX_STEPS }).catch(none),
          this.source.steps(pid, { from, filter: 'memory', count: MAX_STEPS }).catch(none),
        ]);
        if (this.loaded !== have) continue; // another process meanwhile
        have.steps.push(...more);
        for (const m of memory) have.memory.add(m.seq);
        steps = have.steps;
        if (more.length) this.scrubber.setSteps(have.steps, have.memory);
      } while (this.staleSteps);
      return steps;
    };
    this.loadingSteps = run().finally(() => { this.loadingSteps = undefined; });
    return this.loadingSteps;
  }

  /** The scrubber moved: the map just after that step (or live), its touched regions, the output so far. */
  private async travel(index: number | undefined) {
    const pid = this.pid;
    if (pid === undefined) return;
    const v = ++this.version;
    if (index === undefined) {
      this.output.hidden = true;
      const [snap] = await Promise.all([this.source.mapAt(pid), this.scrubber.history.length ? undefined : this.loadSteps()]);
      if (v === this.version) this.draw(snap, []);
      return;
    }
    const step = this.scrubber.history[index]!;
    const t0 = performance.now();
    const tty = this.ttyOf(pid);
    const [snap, out] = await Promise.all([
      this.source.mapAt(pid, step.seq),
      tty === undefined ? undefined : this.source.outputAt(tty, step.seq, { maxBytes: 4096 }).catch(() => undefined),
    ]);
    if (v !== this.version) return;
    this.draw(snap, step.touched);
    // For the bench: a scrubber step → the past map rebuilt in the worker, sent, and drawn (layout included).
    void this.body.offsetHeight;
    performance.measure('memsim:map-travel', { start: t0, end: performance.now(), detail: { regions: snap?.regions.length ?? 0 } });
    this.output.hidden = out === undefined;
    this.output.textContent = lastLines(plainText(out?.text ?? ''), 12) || '(nothing on the terminal yet)';
    this.say(step.summary ? `Step ${index + 1}: ${step.summary}` : `Step ${index + 1}: ${step.line}`);
  }

  private draw(snap: MapSnapshot | undefined, touched: HistoryStep['touched']) {
    if (!snap) {
      this.body.hidden = true;
      if (this.placeholder) { this.placeholder.hidden = false; this.placeholder.textContent = `Process ${this.pid} has no address space to show (it has ended and left no history).`; }
      return;
    }
    let layout: MapLayout;
    try {
      layout = layoutMap(snap);
    } catch (err) {
      console.error('memsim: the memory map could not be drawn', err);
      this.say('This map could not be drawn (the machine sent regions that overlap).');
      return;
    }
    this.snapshot = snap;
    this.layout = layout;
    this.touched = touched;
    if (this.placeholder) this.placeholder.hidden = true;
    this.body.hidden = false;
    const name = `${snap.comm} (pid ${snap.pid}${snap.exited ? ', ended' : ''})`;
    this.title.textContent = `Memory map of ${name}`;
    const when = this.scrubber.index === undefined ? 'now' : `after step ${this.scrubber.index + 1}`;
    this.picture.render(layout, `Address space of ${name} ${when}, highest address at the top: ${layout.items.filter((i) => i.type === 'region').length} regions, ${snap.totalKb}K in total`);
    const hit = itemsTouching(layout, touched);
    this.picture.highlight(hit);
    this.table.render(layout, `Regions of ${name} ${when}, highest address first (total ${snap.totalKb}K)`, new Set(hit.map((i) => i.key)));
    this.renderLegend(snap);
    const lines = `brk 0x${hex(snap.brk)} (heap from start_brk 0x${hex(snap.startBrk)}) · mmap_base 0x${hex(snap.mmapBase)}`;
    if (this.lines.textContent !== lines) this.lines.textContent = lines;
    if (this.selected && !layout.items.some((i) => i.key === this.selected)) this.selected = undefined;
    this.picture.select(this.selected);
    const hovered = layout.items.find((i): i is RegionBox => i.type === 'region' && i.key === this.hovered);
    this.showDetails(hovered ?? this.selectedBox() ?? hit.find((i): i is RegionBox => i.type === 'region'));
    if (this.changeAt) {
      // For the bench: change notice received → map drawn, the browser's style and layout of it included (read
      // back a size to force them now rather than at the next frame).
      void this.body.offsetHeight;
      performance.measure('memsim:map-update', { start: this.changeAt, end: performance.now(), detail: { regions: snap.regions.length } });
      this.changeAt = 0;
    }
  }

  private selectedBox(): RegionBox | undefined {
    return this.layout?.items.find((i): i is RegionBox => i.type === 'region' && i.key === this.selected);
  }

  private showDetails(box: RegionBox | undefined) {
    // Unchanged details stay as they are (a redraw would relayout the side panel for nothing).
    const r0 = box?.region;
    const shown = r0 ? `${box.key}\n${r0.pmapRow}\n${r0.mapsLine}\n${r0.cause?.line ?? ''}\n${this.snapshot?.pid}` : '';
    if (this.detailsShown === shown && this.details.firstChild) return;
    this.detailsShown = shown;
    this.details.replaceChildren();
    if (!box) {
      const hint = el('p', 'memmap-hint');
      hint.textContent = 'Point at a region, or focus it (Tab into the map, then the arrow keys), to see its pmap -x row, its /proc line and the system call that made it.';
      this.details.append(hint);
      return;
    }
    const r = box.region;
    const head = el('p', 'memmap-details-title');
    const strong = el('strong', '');
    strong.textContent = r.name.trim();
    head.append(strong, ` — ${KIND_LABEL[r.kind]}, ${r.kbytes}K, ${r.rssKb}K resident`);
    const pid = this.snapshot?.pid ?? '';
    this.details.append(
      head,
      caption(`pmap -x ${pid}`), pre(`${PMAP_HEADER}\n${r.pmapRow}`),
      caption(`/proc/${pid}/maps`), pre(r.mapsLine),
      caption('Created or last changed by'),
      r.cause ? pre(r.cause.line) : Object.assign(el('p', 'memmap-none'), { textContent: 'a system call before the history began (exec’s loading).' }),
    );
  }

  private renderLegend(snap: MapSnapshot) {
    const kinds = new Set(snap.regions.map((r) => r.kind));
    const key = KIND_ORDER.filter((k) => kinds.has(k)).join();
    if (key === this.legendShown) return;
    this.legendShown = key;
    this.legend.replaceChildren(...KIND_ORDER.filter((k) => kinds.has(k)).map((k) => {
      const li = el('li', `k-${k}`);
      const sw = el('span', 'memmap-swatch');
      sw.setAttribute('aria-hidden', 'true');
      li.append(sw, KIND_LABEL[k]);
      return li;
    }));
  }

  private replay(on: boolean) {
    if (this.replayTimer) { clearTimeout(this.replayTimer); this.replayTimer = undefined; }
    this.scrubber.setReplaying(on);
    if (!on) return;
    const tick = (first: boolean) => {
      const steps = this.scrubber.history;
      const at = this.scrubber.index;
      const from = first ? 0 : (at ?? steps.length) + 1;
      let next = -1;
      for (let i = from; i < steps.length && next < 0; i++) if (this.scrubber.isMemoryStep(i)) next = i;
      if (next < 0) { this.scrubber.goto(undefined); this.replay(false); this.say('Replay finished: back to live.'); return; }
      this.scrubber.goto(next);
      this.replayTimer = setTimeout(() => tick(false), REPLAY_MS);
    };
    void this.loadSteps().then(() => tick(true));
  }

  private say(text: string) { this.status.textContent = text; }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}

function caption(text: string) { const p = el('p', 'memmap-caption'); p.textContent = text; return p; }
function pre(text: string) { const p = el('pre', 'memmap-pre'); p.textContent = text; return p; }

function lastLines(text: string, n: number) { return text.split('\n').slice(-n).join('\n'); }

/** Terminal bytes as text to read: escape sequences (colours, cursor moves) dropped, carriage returns applied. */
function plainText(raw: string): string {
  return raw
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g, '')
    .replace(/\r\n/g, '\n')
    .split('\n').map((l) => l.slice(l.lastIndexOf('\r') + 1)).join('\n');
}

function isTextField(t: EventTarget | null) {
  return t instanceof HTMLElement && (t.isContentEditable || t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && t.type !== 'range') || t instanceof HTMLSelectElement);
}

export function reducedMotion() { return matchMedia('(prefers-reduced-motion: reduce)').matches; }
