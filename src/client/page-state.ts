// The page's scenario at load and the chapter's state controls: opening a shared scenario from the link's
// fragment (as data only: files go to the editor views and the machine, commands to the shells' history, nothing
// runs until the reader presses Run), "Copy link to this scenario" and "Reset everything".
import { labFileElements, renderLabFiles } from './lab-file-view.ts';
import { showNotice } from './notices.ts';
import { clearSaved, localStore, memoryStore } from './persistence.ts';
import { decodeScenario, fragmentCode, LinkTooLongError, MAX_LINK_CHARS, scenarioUrl } from './permalink.ts';
import { onScenario, replaceScenario, scenario, settleFirst, useStore } from './scenario.ts';

let init: Promise<void> | undefined;
let viewingShared = false;

/** Loads the page's scenario (a shared one from the link, else the saved one) and shows it; once per page. */
export function initPageState(): Promise<void> {
  if (!init) {
    init = start();
    settleFirst(init);
  }
  return init;
}

async function start() {
  const code = fragmentCode(location.hash);
  if (code !== undefined) await openShared(code);
  const s = scenario(); // the saved one, unless a link replaced it (a discarded one shows its notice here)
  if (labFileElements().length) {
    renderLabFiles(s);
    onScenario(renderLabFiles);
  }
}

async function openShared(code: string) {
  try {
    const shared = await decodeScenario(code);
    useStore(memoryStore(shared));
    replaceScenario(shared);
    viewingShared = true;
    showNotice('Opened a shared scenario: its edited files and terminal history are loaded (nothing has run). ' +
      'Your own saved work is untouched while you look at it.', [
      { label: 'Back to my saved work', run: backToMine },
      { label: 'Keep this as my work', run: keepShared },
    ], 'shared');
  } catch (err) {
    dropFragment();
    showNotice(`This link's scenario could not be opened (${err instanceof Error ? err.message : 'damaged'}): the page shows your own saved work.`, [], 'shared');
  }
}

function dropFragment() { history.replaceState(history.state, '', location.pathname + location.search); }

/** Leaves the shared scenario: the machine has its files, so the page reloads without the link's fragment. */
function backToMine() { location.replace(location.pathname + location.search); }

/** Makes the shared scenario the reader's saved work (it replaces what was saved). */
function keepShared() {
  const s = scenario();
  useStore(localStore(localStorage, (text) => showNotice(text, [], 'storage')));
  replaceScenario(s);
  viewingShared = false;
  dropFragment();
  showNotice('The shared scenario is now your saved work.', [], 'shared');
}

/** "Copy link to this scenario": the link goes to the clipboard and is shown for copying by hand. */
export async function copyLink() {
  await initPageState();
  let url: string;
  try {
    url = await scenarioUrl(scenario(), location.href);
  } catch (err) {
    if (!(err instanceof LinkTooLongError)) throw err;
    showNotice(`This scenario is too large for a link (${err.length} characters, at most ${MAX_LINK_CHARS}): ` +
      'reset some edited files and try again.', [], 'link');
    return;
  }
  let copied = false;
  try { await navigator.clipboard.writeText(url); copied = true; } catch { /* no permission: shown below */ }
  showLink(url, copied);
}

function showLink(url: string, copied: boolean) {
  showNotice(copied ? 'Link to this scenario copied to the clipboard.' : 'Copy this link to share the scenario:', [], 'link');
  const p = document.querySelector<HTMLElement>('[data-notice="link"]');
  if (!p) return;
  const input = document.createElement('input');
  input.type = 'text';
  input.readOnly = true;
  input.value = url;
  input.className = 'scenario-link';
  input.setAttribute('aria-label', 'Link to this scenario');
  input.dataset.scenarioLink = '';
  p.querySelector('span')!.after(' ', input);
  if (!copied) input.select();
}

/** "Reset everything": forgets the saved work and reloads the page with the labs as shipped. */
export function resetEverything() {
  const what = viewingShared ? 'This closes the shared scenario and also clears your own saved work' : 'This clears your edited files, settings and terminal history';
  if (!confirm(`${what}, and reloads the page with the labs as they were. Reset everything?`)) return;
  try { clearSaved(localStorage); } catch { /* storage unavailable: nothing was saved */ }
  location.replace(location.pathname + location.search);
}
