// Eager and tiny: reveals the Edit / Diff / Reset buttons of <LabFile> blocks (shipped hidden: they need
// JavaScript) and loads the code behind them on the first press — Monaco only for Edit and Diff.
export function installLabFiles() {
  for (const el of document.querySelectorAll<HTMLElement>('[data-lab-file]')) {
    for (const b of el.querySelectorAll<HTMLButtonElement>('[data-lab-action]')) {
      b.hidden = false;
      b.addEventListener('click', () => {
        const action = b.dataset.labAction;
        const work = action === 'reset' ? import('./lab-reset.ts').then((m) => m.resetLabFile(el))
          : import('./lab-editor.ts').then((m) => (action === 'diff' ? m.openDiff(el) : m.openEditor(el)));
        work.catch((err: unknown) => {
          console.error('memsim: the editor did not load', err);
          const status = el.querySelector('[data-status]');
          if (status) status.textContent = 'The editor could not be loaded. Check your connection and reload the page.';
        });
      });
    }
  }
}
