// Page-level notices (saved work discarded, a shared scenario opened, a link copied): short messages in a live
// region at the top of the chapter, each with a Dismiss button and, sometimes, an action.

export interface NoticeAction { label: string; run(): void }

function region(): HTMLElement {
  let el = document.querySelector<HTMLElement>('[data-memsim-notices]');
  if (!el) {
    // Pages without the chapter layout's region (tests, the index) get one at the top of <main>.
    el = document.createElement('div');
    el.className = 'page-notices';
    el.dataset.memsimNotices = '';
    el.setAttribute('role', 'status');
    (document.querySelector('main') ?? document.body).prepend(el);
  }
  return el;
}

/** Shows `text` (plain text only: never HTML) with optional actions; returns a function that removes it. */
export function showNotice(text: string, actions: NoticeAction[] = [], id?: string): () => void {
  const where = region();
  if (id) where.querySelector(`[data-notice="${CSS.escape(id)}"]`)?.remove();
  const p = document.createElement('p');
  p.className = 'page-notice';
  if (id) p.dataset.notice = id;
  const span = document.createElement('span');
  span.textContent = text;
  p.append(span);
  const remove = () => p.remove();
  for (const a of actions) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'console-btn';
    b.textContent = a.label;
    b.addEventListener('click', () => { remove(); a.run(); });
    p.append(' ', b);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'console-btn';
  close.textContent = 'Dismiss';
  close.setAttribute('aria-label', 'Dismiss this notice');
  close.addEventListener('click', remove);
  p.append(' ', close);
  where.append(p);
  return remove;
}
