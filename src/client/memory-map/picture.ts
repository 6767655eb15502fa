// The map as a picture: one absolutely placed box per region (a button: hover, focus or click shows its
// details), gaps as thin spacers or break marks, and the brk / mmap_base lines. Boxes are keyed by their start
// address and reused from one snapshot to the next, so a heap that grows slides its neighbours instead of
// redrawing them; the CSS animates top and height unless the reader prefers reduced motion.
import { hex, KIND_LABEL, type GapBox, type MapItem, type MapLayout, type RegionBox } from './layout.ts';

export interface PictureHooks {
  /** A region is pointed at or focused (undefined: nothing is). */
  hover(box: RegionBox | undefined): void;
  /** A region was clicked or chosen with Enter/Space: keep its details shown. */
  pick(box: RegionBox): void;
}

const BREAK_SVG =
  '<svg class="memmap-zigzag" viewBox="0 0 120 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">' +
  '<path d="M0 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 M0 12 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4 l10 -4 l10 4"/></svg>';

export class MapPicture {
  readonly element: HTMLDivElement;
  private readonly hooks: PictureHooks;
  private elements = new Map<string, HTMLElement>();
  private markers = new Map<string, HTMLElement>();
  private boxes = new Map<HTMLElement, RegionBox>();
  /** The region box that takes the Tab stop (roving tabindex: the picture is one stop, arrows move inside). */
  private current: string | undefined;

  constructor(hooks: PictureHooks) {
    this.hooks = hooks;
    this.element = document.createElement('div');
    this.element.className = 'memmap-picture';
    this.element.setAttribute('role', 'group');
    this.element.addEventListener('keydown', (ev) => this.onKey(ev));
    this.element.addEventListener('pointerleave', () => hooks.hover(undefined));
    this.element.addEventListener('focusout', (ev) => {
      if (!(ev.relatedTarget instanceof Node) || !this.element.contains(ev.relatedTarget)) hooks.hover(undefined);
    });
  }

  /** Draws `layout` (reusing the boxes of regions that were there before). */
  render(layout: MapLayout, label: string) {
    setAttr(this.element, 'aria-label', label);
    // The box's height changes in steps: a map that grows by a region then usually keeps its height, and the
    // page below it (long, with terminals) needs no new layout. The picture is laid out on its own (contain).
    setStyle(this.element, 'height', `${Math.ceil(layout.height / HEIGHT_STEP) * HEIGHT_STEP}px`);
    const seen = new Set<string>();
    for (const item of layout.items) {
      seen.add(item.key);
      let el = this.elements.get(item.key);
      const fresh = !el;
      el ??= item.type === 'region' ? this.regionElement() : document.createElement('div');
      if (item.type === 'region') this.updateRegion(el, item);
      else updateGap(el, item);
      setStyle(el, 'top', `${item.y.toFixed(1)}px`);
      setStyle(el, 'height', `${item.height.toFixed(1)}px`);
      if (fresh) {
        el.classList.add('is-new');
        this.elements.set(item.key, el);
        this.element.append(el);
      }
    }
    for (const [key, el] of this.elements) {
      if (seen.has(key)) continue;
      el.remove();
      this.elements.delete(key);
      this.boxes.delete(el);
    }
    // Elements are kept in picture order, so the reading and Tab order is top to bottom. Only those out of place
    // move: a moved element would restart its transitions.
    let prev: Element | null = null;
    for (const item of layout.items) {
      const el = this.elements.get(item.key)!;
      const want: Element | null = prev ? prev.nextElementSibling : this.element.firstElementChild;
      if (want !== el) this.element.insertBefore(el, want);
      prev = el;
    }
    this.renderMarkers(layout);
    this.syncTabStop();
    // New boxes fade in once: the class is dropped after the first frame has been painted.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      for (const el of this.element.querySelectorAll('.is-new')) el.classList.remove('is-new');
    }));
  }

  /** Outlines the given items (a step's touched ranges). */
  highlight(items: MapItem[]) {
    const keys = new Set(items.map((i) => i.key));
    for (const [key, el] of this.elements) el.classList.toggle('is-touched', keys.has(key));
  }

  /** Marks one region as the one whose details are shown. */
  select(key: string | undefined) {
    for (const [k, el] of this.elements) el.classList.toggle('is-selected', k === key);
    if (key && this.elements.has(key)) { this.current = key; this.syncTabStop(); }
  }

  regionElements(): HTMLElement[] { return [...this.element.querySelectorAll<HTMLElement>('.memmap-region')]; }

  private regionElement(): HTMLElement {
    const el = document.createElement('button');
    el.type = 'button';
    el.className = 'memmap-region';
    el.innerHTML = '<span class="memmap-addr"></span><span class="memmap-bar"><span class="memmap-rss"></span></span><span class="memmap-text"></span><span class="sr-only"></span>';
    const box = () => this.boxes.get(el);
    el.addEventListener('pointerenter', () => { const b = box(); if (b) this.hooks.hover(b); });
    el.addEventListener('focus', () => { const b = box(); if (b) { this.current = b.key; this.syncTabStop(); this.hooks.hover(b); } });
    el.addEventListener('click', () => { const b = box(); if (b) this.hooks.pick(b); });
    return el;
  }

  /** Writes only what changed: a redraw of 200 regions where one grew touches one box. */
  private updateRegion(el: HTMLElement, box: RegionBox) {
    const r = box.region;
    this.boxes.set(el, box);
    el.dataset.key = box.key;
    if (el.dataset.kind !== r.kind) {
      if (el.dataset.kind) el.classList.remove(`k-${el.dataset.kind}`);
      el.classList.add(`k-${r.kind}`);
      el.dataset.kind = r.kind;
    }
    const [addr, bar, text, sr] = el.children as unknown as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    // The accessible name is the visible text (address, label, kind) plus the resident size, which the fill shows.
    setText(addr, hex(r.start).padStart(16, '0'));
    setStyle(bar.firstElementChild as HTMLElement, 'width', `${(box.resident * 100).toFixed(1)}%`);
    setText(text, `${box.label} (${KIND_LABEL[r.kind]})`);
    setText(sr, `, ${r.rssKb}K resident`);
    if (el.title !== r.pmapRow) el.title = r.pmapRow;
  }

  private renderMarkers(layout: MapLayout) {
    const seen = new Set<string>();
    for (const m of layout.markers) {
      seen.add(m.name);
      let el = this.markers.get(m.name);
      if (!el) {
        el = document.createElement('div');
        el.className = `memmap-marker m-${m.name}`;
        el.innerHTML = '<span></span>';
        this.markers.set(m.name, el);
        this.element.append(el);
      }
      setStyle(el, 'top', `${m.y.toFixed(1)}px`);
      setText(el.firstElementChild!, m.label);
      const title = `${m.label} = 0x${hex(m.address)}`;
      if (el.title !== title) el.title = title;
    }
    for (const [name, el] of this.markers) if (!seen.has(name)) { el.remove(); this.markers.delete(name); }
  }

  private syncTabStop() {
    if (!this.current || !this.elements.has(this.current) || !this.elements.get(this.current)!.classList.contains('memmap-region')) {
      this.current = this.regionElements()[0]?.dataset.key;
    }
    for (const el of this.boxes.keys()) {
      const t = el.dataset.key === this.current ? 0 : -1;
      if (el.tabIndex !== t) el.tabIndex = t;
    }
  }

  private onKey(ev: KeyboardEvent) {
    const regions = this.regionElements();
    const at = regions.findIndex((el) => el === document.activeElement);
    if (at < 0) return;
    const to =
      ev.key === 'ArrowUp' ? at - 1 : ev.key === 'ArrowDown' ? at + 1
      : ev.key === 'Home' ? 0 : ev.key === 'End' ? regions.length - 1 : undefined;
    if (to === undefined) return;
    ev.preventDefault();
    ev.stopPropagation(); // not a scrubber shortcut
    regions[Math.max(0, Math.min(regions.length - 1, to))]!.focus();
  }
}

function updateGap(el: HTMLElement, gap: GapBox) {
  el.classList.add('memmap-gap');
  el.classList.toggle('is-collapsed', gap.collapsed);
  el.dataset.key = gap.key;
  if (gap.collapsed) {
    if (!el.querySelector('svg')) el.innerHTML = `${BREAK_SVG}<span class="memmap-gap-text"></span>`;
    setText(el.querySelector('.memmap-gap-text')!, gap.label);
  } else {
    if (el.firstChild) el.replaceChildren();
    if (el.title !== gap.label) el.title = gap.label;
  }
}

const HEIGHT_STEP = 160;

function setStyle(el: HTMLElement, prop: 'top' | 'height' | 'width', value: string) {
  if (el.style[prop] !== value) el.style[prop] = value;
}
function setText(el: Element, text: string) {
  if (el.textContent !== text) el.textContent = text;
}
function setAttr(el: Element, name: string, value: string) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}
