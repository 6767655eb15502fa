// The DOM side of a <LabFile> block (markup from src/components/LabFile.astro): which machine file it shows, the
// original text, and showing the reader's edited version in place of the original.
import type { Scenario } from './scenario.ts';

export interface LabFileInfo {
  el: HTMLElement;
  /** Absolute path on the machine. */
  path: string;
  /** The file's name, for buttons and messages. */
  name: string;
  /** The lab's text, as shipped. */
  original: string;
}

export function labFileElements(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-lab-file]')];
}

export function labFileInfo(el: HTMLElement): LabFileInfo {
  const path = el.dataset.path!;
  return { el, path, name: path.slice(path.lastIndexOf('/') + 1), original: el.dataset.original ?? '' };
}

/** The highlighted original, kept aside while an edited version is shown. */
const highlighted = new WeakMap<HTMLElement, Element>();

/** Shows `text` (plain, never parsed as HTML) in the block, or the highlighted original for undefined. */
export function showText(el: HTMLElement, text: string | undefined) {
  const code = el.querySelector<HTMLElement>('[data-code]')!;
  const badge = el.querySelector<HTMLElement>('[data-edited]');
  const edited = text !== undefined && text !== labFileInfo(el).original;
  if (badge) badge.hidden = !edited;
  el.toggleAttribute('data-is-edited', edited);
  if (!edited) {
    const orig = highlighted.get(el);
    if (orig) code.replaceChildren(orig);
    return;
  }
  if (!highlighted.has(el) && code.firstElementChild) highlighted.set(el, code.firstElementChild);
  const pre = document.createElement('pre');
  pre.className = 'astro-code lab-file-plain';
  pre.tabIndex = 0;
  const c = document.createElement('code');
  c.textContent = text;
  pre.append(c);
  code.replaceChildren(pre);
}

/** Every lab file on the page as the scenario has it. */
export function renderLabFiles(s: Scenario) {
  for (const el of labFileElements()) showText(el, s.files[labFileInfo(el).path]);
}

export function say(el: HTMLElement, text: string) {
  const status = el.querySelector('[data-status]');
  if (status) status.textContent = text;
}
