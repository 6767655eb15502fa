// A lab file's Reset button: the lab's original back in the machine (a new mtime, so `make` rebuilds) and out of
// the scenario. Does not need the editor (an open editor follows through the scenario).
import { labFileInfo, say } from './lab-file-view.ts';
import { pageMachine } from './machine-client.ts';
import { initPageState } from './page-state.ts';
import { scenario, updateScenario } from './scenario.ts';

export async function resetLabFile(el: HTMLElement, ask: (q: string) => boolean = (q) => confirm(q)) {
  await initPageState();
  const f = labFileInfo(el);
  if (scenario().files[f.path] === undefined) { say(el, `${f.name} is already the lab's original.`); return; }
  if (!ask(`Discard your changes to ${f.name} and restore the lab's original?`)) return;
  updateScenario((s) => { delete s.files[f.path]; });
  say(el, `Restoring ${f.name}…`);
  try {
    await pageMachine().writeFile(f.path, f.original);
    say(el, `Restored the lab's original ${f.name}: make rebuilds from it.`);
  } catch (err) {
    console.error('memsim: could not restore the file on the machine', err);
    say(el, `${f.name} could not be written on the simulated machine: reload the page to get the original.`);
  }
}
