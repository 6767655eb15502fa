// Eager and tiny: reveals the Edit / Diff / Reset buttons of <LabFile> blocks (shipped hidden: they need
// JavaScript) and loads the code behind them — Monaco only for Edit and Diff. Monaco is large (~0.75 MB gzip,
// most of a second to evaluate on a slow machine), so it starts loading when the reader reaches for those buttons
// (pointer over them, focus on them), never for a reader who only scrolls past.
type Editor = typeof import('./lab-editor.ts');
let editor: Promise<Editor> | undefined;

function loadEditor(): Promise<Editor> {
  editor ??= import('./lab-editor.ts').catch((err: unknown) => { editor = undefined; throw err; });
  return editor;
}

export function installLabFiles() {
  const figures = document.querySelectorAll<HTMLElement>('[data-lab-file]');
  for (const el of figures) {
    for (const b of el.querySelectorAll<HTMLButtonElement>('[data-lab-action]')) {
      b.hidden = false;
      b.addEventListener('click', () => {
        const action = b.dataset.labAction;
        const work = action === 'reset' ? import('./lab-reset.ts').then((m) => m.resetLabFile(el))
          : loadEditor().then((m) => (action === 'diff' ? m.openDiff(el) : m.openEditor(el)));
        work.catch((err: unknown) => {
          console.error('memsim: the editor did not load', err);
          const status = el.querySelector('[data-status]');
          if (status) status.textContent = 'The editor could not be loaded. Check your connection and reload the page.';
        });
      });
    }
  }
  if (!figures.length) return;
  const intent = (ev: Event) => {
    if (!(ev.target instanceof Element) || !ev.target.closest('[data-lab-action="edit"], [data-lab-action="diff"]')) return;
    document.removeEventListener('pointerover', intent);
    document.removeEventListener('focusin', intent);
    void loadEditor().catch(() => {}); // a click retries, and reports
  };
  document.addEventListener('pointerover', intent, { passive: true });
  document.addEventListener('focusin', intent);
}
