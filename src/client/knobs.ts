// The knobs' behaviour (markup: src/components/Knob.astro; loaded on the first change, or with the terminals).
// A change rewrites the `#define` in the machine's copy of the lab file, records the edit in the scenario (so it
// persists and the editor shows the same text), then rebuilds and reruns the knob's console in its terminal.
import { readDefine, rewriteDefine } from './defines.ts';
import { knobRerun } from './knob-plan.ts';
import { restartThenRun, runInstead } from './live.ts';
import { pageMachine } from './machine-client.ts';
import { onScenario, scenario, updateScenario, type Scenario } from './scenario.ts';

interface KnobEl {
  el: HTMLElement;
  id: string;
  file: string;
  define: string;
  original: number;
  select: HTMLSelectElement;
}

function knobOf(el: HTMLElement): KnobEl {
  const d = el.dataset;
  return {
    el, id: d.knob!, file: d.file!, define: d.define!, original: Number(d.original),
    select: el.querySelector<HTMLSelectElement>('[data-knob-value]')!,
  };
}

const allKnobs = () => [...document.querySelectorAll<HTMLElement>('[data-knob]')].map(knobOf);
const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The latest change per console: an older one still reading the file gives way (keyboard arrows on a select). */
const latest = new WeakMap<HTMLElement, number>();
let changes = 0;

/** A knob's select changed. */
export function knobChanged(select: HTMLSelectElement) {
  const el = select.closest<HTMLElement>('[data-knob]');
  if (el) void setKnob(knobOf(el), Number(select.value));
}

/** A one-click step of the text: "Set ALLOC_SIZE_KB to 256". */
export function presetClicked(button: HTMLButtonElement) {
  const el = button.closest('[data-console]')?.querySelector<HTMLElement>(`[data-knob="${CSS.escape(button.dataset.knobPreset ?? '')}"]`);
  if (el) void setKnob(knobOf(el), Number(button.dataset.value));
}

async function setKnob(k: KnobEl, value: number) {
  const fig = k.el.closest<HTMLElement>('[data-console]')!;
  const status = fig.querySelector('[data-status]');
  const say = (text: string) => { if (status) status.textContent = text; };
  const mine = ++changes;
  latest.set(fig, mine);
  const name = fileName(k.file);
  const machine = pageMachine();
  let text: string | undefined;
  try {
    text = await machine.readFile(k.file);
  } catch (err) {
    console.error('memsim: could not read', k.file, err);
    say(`Could not read ${name} on the machine. Reload the page to try again.`);
    return;
  }
  if (latest.get(fig) !== mine) return;
  if (text === undefined) {
    say(`${name} is not on the machine any more (removed?): the knob changed nothing.`);
    syncKnob(k, undefined);
    return;
  }
  const r = rewriteDefine(text, k.define, value);
  if (!r.ok) {
    // The reader may have edited the file by hand: say so rather than guess where the number went.
    say(`Could not set ${k.define} in ${name}: ${r.reason}. The file was left as it is.`);
    syncKnob(k, text);
    return;
  }
  await machine.writeFile(k.file, r.text);
  updateScenario((s) => { s.knobs[k.id] = value; s.files[k.file] = r.text; });
  if (latest.get(fig) !== mine) return;
  const note = `${k.define} is now ${value} (was ${r.from}) in ${name}: rebuilding and running again.`;
  // A console that inspects a program another one started (`pmap $(pidof hello)`): that program is rebuilt and
  // restarted first, in its own terminal.
  const restart = fig.dataset.restart;
  if (restart && await restartThenRun(fig, restart, (commands) => knobRerun(commands, k.define), note)) return;
  const commands = knobRerun(JSON.parse(fig.dataset.commands ?? '[]') as string[], k.define);
  await runInstead(fig, commands, note);
}

/** Shows the value the file has now (`text`; undefined = the lab's own file), or that the define is gone. */
function syncKnob(k: KnobEl, text: string | undefined) {
  const value = text === undefined ? k.original : readDefine(text, k.define);
  k.select.toggleAttribute('aria-invalid', value === undefined);
  if (value === undefined) {
    k.select.title = `${fileName(k.file)} no longer has “#define ${k.define} <number>”`;
    return;
  }
  k.select.removeAttribute('title');
  if (![...k.select.options].some((o) => Number(o.value) === value)) {
    const o = new Option(String(value), String(value));
    const after = [...k.select.options].find((x) => Number(x.value) > value);
    k.select.add(o, after ?? null);
  }
  k.select.value = String(value);
}

function syncAll(s: Scenario) {
  for (const k of allKnobs()) syncKnob(k, s.files[k.file]);
}

let installed = false;

/** Puts the knobs in step with the scenario (its edited files), now and whenever it changes. */
export function syncKnobs() {
  if (installed) return;
  installed = true;
  syncAll(scenario());
  onScenario(syncAll);
}
syncKnobs();
