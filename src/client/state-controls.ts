// Eager and tiny (the chapter layout's script): the lab files' buttons (lab-files.ts), the chapter's "Copy link to this scenario" and "Reset everything" buttons (shipped hidden: they
// need JavaScript), and loading the page's saved or shared scenario at once when there is one — so edited lab
// files show as edited and a discarded or shared scenario is announced. Everything else loads on demand.

import { installLabFiles } from './lab-files.ts';

type PageState = typeof import('./page-state.ts');
const load = (): Promise<PageState> => import('./page-state.ts');

function hasState(): boolean {
  if (/^#scenario=/.test(location.hash)) return true;
  try {
    for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)?.startsWith('memsim:scenario:')) return true;
  } catch { /* storage disabled */ }
  return false;
}

export function installStateControls() {
  const fail = (err: unknown) => console.error('memsim: the page state code did not load', err);
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-state-action]')) {
    b.hidden = false;
    b.addEventListener('click', () => {
      load().then((m) => (b.dataset.stateAction === 'reset' ? m.resetEverything() : m.copyLink())).catch(fail);
    });
  }
  if (hasState()) load().then((m) => m.initPageState()).catch(fail);
  installLabFiles();
}
