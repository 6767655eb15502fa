// The picture's accessible twin: the same items as a table, in the same order (highest address first), with
// the columns of `pmap -x` plus the region's kind and the system call that last changed it. Gaps are rows too,
// so the table and the picture read alike.
import { hex, KIND_LABEL, type MapItem, type MapLayout } from './layout.ts';

const COLUMNS = ['Address', 'Kbytes', 'RSS', 'Dirty', 'Mode', 'Mapping', 'Kind', 'Created or last changed by'];

export class MapTable {
  readonly element: HTMLDetailsElement;
  private readonly caption: HTMLTableCaptionElement;
  private readonly body: HTMLTableSectionElement;
  private pending: { layout: MapLayout; caption: string; touched: Set<string> } | undefined;

  constructor(id: string) {
    this.element = document.createElement('details');
    this.element.className = 'memmap-table';
    const summary = document.createElement('summary');
    summary.textContent = 'The same map as a table';
    const scroller = document.createElement('div');
    scroller.className = 'memmap-table-scroll';
    scroller.tabIndex = 0; // a wide table scrolls sideways on a phone: the keyboard must reach it
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-labelledby', `${id}-caption`);
    const table = document.createElement('table');
    this.caption = table.createCaption();
    this.caption.id = `${id}-caption`;
    const head = table.createTHead().insertRow();
    for (const c of COLUMNS) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = c;
      head.append(th);
    }
    this.body = table.createTBody();
    scroller.append(table);
    this.element.append(summary, scroller);
    this.element.addEventListener('toggle', () => { if (this.element.open) this.flush(); });
  }

  /** What to show; the rows are built when the table is open (now, or when the reader opens it). */
  render(layout: MapLayout, caption: string, touched: Set<string>) {
    this.pending = { layout, caption, touched };
    if (this.element.open) this.flush();
  }

  private flush() {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.caption.textContent = p.caption;
    this.body.replaceChildren(...p.layout.items.map((item) => row(item, p.touched.has(item.key))));
  }
}

function row(item: MapItem, touched: boolean): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.dataset.key = item.key;
  if (touched) tr.className = 'is-touched';
  const cell = (text: string, header = false) => {
    const td = document.createElement(header ? 'th' : 'td');
    if (header) (td as HTMLTableCellElement).scope = 'row';
    td.textContent = text;
    tr.append(td);
    return td;
  };
  if (item.type === 'gap') {
    tr.classList.add('memmap-table-gap');
    cell(hex(item.start).padStart(16, '0'), true);
    const td = cell(`${item.label} (0x${hex(item.start)}–0x${hex(item.end)})`);
    td.colSpan = COLUMNS.length - 1;
    return tr;
  }
  const r = item.region;
  cell(hex(r.start).padStart(16, '0'), true);
  cell(String(r.kbytes));
  cell(String(r.rssKb));
  cell(String(r.dirtyKb));
  cell(r.mode);
  cell(r.name.trim());
  cell(KIND_LABEL[r.kind]);
  cell(r.cause?.line ?? '');
  if (touched) {
    const note = document.createElement('span');
    note.className = 'sr-only';
    note.textContent = ' (changed by this step)';
    tr.cells[0]!.append(note);
  }
  return tr;
}
