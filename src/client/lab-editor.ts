// The lab-file editor, loaded on the first Edit or Diff: Monaco's editor core with C highlighting only (no
// language workers: the editor worker alone does diffs and word ranges). Save (button, Ctrl/Cmd-S) writes the
// file on the machine with a new mtime — `make` in a console rebuilds — and into the scenario; Escape closes.
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import * as monaco from 'monaco-editor/editor/editor.api.js';
import 'monaco-editor/languages/definitions/cpp/register.js';
import 'monaco-editor/features/codicon/register.js';
import 'monaco-editor/features/find/register.js';
import 'monaco-editor/features/diffEditor/register.js';
import 'monaco-editor/features/comment/register.js';
import 'monaco-editor/features/bracketMatching/register.js';
import 'monaco-editor/features/clipboard/register.js';
import 'monaco-editor/features/wordOperations/register.js';
import 'monaco-editor/features/toggleTabFocusMode/register.js';
import { labFileInfo, say, type LabFileInfo } from './lab-file-view.ts';
import { pageMachine } from './machine-client.ts';
import { initPageState } from './page-state.ts';
import { onScenario, scenario, updateScenario } from './scenario.ts';

declare global {
  interface Window { MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker } }
}
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

// Monaco's themes with comments darkened/lightened to pass WCAG AA contrast (axe flags vs-dark's green
// comments), on the page's own backgrounds (site.css).
monaco.editor.defineTheme('memsim-light', { base: 'vs', inherit: true, rules: [{ token: 'comment', foreground: '57606a' }], colors: {} });
monaco.editor.defineTheme('memsim-dark', {
  base: 'vs-dark', inherit: true,
  rules: [{ token: 'comment', foreground: '9198a1' }, { token: 'keyword', foreground: '79c0ff' }],
  colors: { 'editor.background': '#0d1117' },
});
const dark = matchMedia('(prefers-color-scheme: dark)');
const theme = () => (dark.matches ? 'memsim-dark' : 'memsim-light');
dark.addEventListener('change', () => monaco.editor.setTheme(theme()));

/** Monaco's commands that must keep Escape (closing their own widget) before it closes the editor. */
const ESCAPE_FREE = '!findWidgetVisible && !suggestWidgetVisible && !parameterHintsVisible && !inSnippetMode && !markersNavigationVisible';

interface OpenEditor {
  /** Closes it (asking first about unsaved changes); false if the reader kept it open. */
  close(): boolean;
  /** The text in the editor, saved or not. */
  text(): string;
  focus(): void;
}
const editors = new Map<HTMLElement, OpenEditor>();
/** Open diffs (shown over the editor when one is open): closing one. */
const diffs = new Map<HTMLElement, () => void>();

/** The text the reader has for a file: the scenario's edit, else the lab's original. */
const currentText = (f: LabFileInfo) => scenario().files[f.path] ?? f.original;

function panel(el: HTMLElement): HTMLElement { return el.querySelector<HTMLElement>('[data-editor]')!; }
function codeView(el: HTMLElement): HTMLElement { return el.querySelector<HTMLElement>('[data-code]')!; }
function button(el: HTMLElement, action: string) { return el.querySelector<HTMLButtonElement>(`[data-lab-action="${action}"]`); }

/** A button whose name is its visible text, then `more` for screen readers (WCAG 2.5.3: label in name). */
function toolbarButton(text: string, more = ''): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'console-btn';
  b.textContent = text;
  if (more) {
    const span = document.createElement('span');
    span.className = 'sr-only';
    span.textContent = more;
    b.append(span);
  }
  return b;
}

/** Editor height: the file's lines, within reason (Monaco needs a sized box). */
function heightFor(text: string) {
  const lines = text.split('\n').length;
  return `${Math.min(32, Math.max(10, lines + 1)) * 19 + 8}px`;
}

function mount(el: HTMLElement, ...nodes: HTMLElement[]) {
  const p = panel(el);
  p.append(...nodes);
  p.hidden = false;
  codeView(el).hidden = true;
}

function unmount(el: HTMLElement, ...nodes: HTMLElement[]) {
  for (const n of nodes) n.remove();
  const p = panel(el);
  if (p.childElementCount) return;
  p.hidden = true;
  codeView(el).hidden = false;
}

export async function openEditor(el: HTMLElement) {
  await initPageState();
  const f = labFileInfo(el);
  diffs.get(el)?.();
  const already = editors.get(el);
  if (already) { already.focus(); return; }
  const text = currentText(f);

  const bar = document.createElement('div');
  bar.className = 'lab-editor-bar';
  const save = toolbarButton('Save', ` ${f.name}`);
  const close = toolbarButton('Close editor', ` of ${f.name}`);
  const hint = document.createElement('span');
  hint.className = 'lab-editor-hint';
  hint.textContent = 'Ctrl+S saves · Escape closes · Ctrl+M: Tab moves focus';
  bar.append(save, close, hint);
  const box = document.createElement('div');
  box.className = 'lab-editor-box';
  box.style.height = heightFor(text);
  mount(el, bar, box);

  const model = monaco.editor.createModel(text, 'c');
  const editor = monaco.editor.create(box, {
    model, theme: theme(), automaticLayout: true, minimap: { enabled: false }, scrollBeyondLastLine: false,
    fontSize: 14, lineNumbersMinChars: 3, ariaLabel: `${f.name}, editor. Ctrl+S saves, Escape closes.`,
    renderLineHighlight: 'none', tabSize: 4, detectIndentation: true,
  });
  let savedVersion = model.getAlternativeVersionId();
  const dirty = () => model.getAlternativeVersionId() !== savedVersion;

  const doSave = async () => {
    const value = model.getValue();
    savedVersion = model.getAlternativeVersionId();
    updateScenario((s) => {
      if (value === f.original) delete s.files[f.path];
      else s.files[f.path] = value;
    });
    say(el, `Saving ${f.name}…`);
    try {
      await pageMachine().writeFile(f.path, value);
      say(el, `Saved ${f.name}: make in a console rebuilds from it.`);
    } catch (err) {
      console.error('memsim: could not save the file on the machine', err);
      say(el, `${f.name} could not be written on the simulated machine (your edit is kept on this page).`);
    }
  };

  // The scenario changed under the editor (Reset, a shared scenario kept): follow it unless the reader has
  // unsaved changes of their own.
  const off = onScenario((s) => {
    const now = s.files[f.path] ?? f.original;
    if (!dirty() && now !== model.getValue()) {
      model.setValue(now);
      savedVersion = model.getAlternativeVersionId();
    }
  });

  const doClose = (): boolean => {
    if (dirty() && !confirm(`Close the editor and discard your unsaved changes to ${f.name}?`)) return false;
    off();
    editor.dispose();
    model.dispose();
    unmount(el, bar, box);
    editors.delete(el);
    say(el, `Closed the editor of ${f.name}.`);
    return true;
  };
  editors.set(el, { close: doClose, text: () => model.getValue(), focus: () => editor.focus() });

  save.addEventListener('click', () => { void doSave(); });
  close.addEventListener('click', () => { if (doClose()) button(el, 'edit')?.focus(); });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => { void doSave(); });
  editor.addCommand(monaco.KeyCode.Escape, () => { if (doClose()) button(el, 'edit')?.focus(); }, ESCAPE_FREE);
  bar.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && doClose()) { ev.preventDefault(); button(el, 'edit')?.focus(); }
  });
  editor.focus();
  say(el, `Editing ${f.name}. Save writes it on the simulated machine; Escape closes the editor.`);
}

export async function openDiff(el: HTMLElement) {
  await initPageState();
  const f = labFileInfo(el);
  // With the editor open, the diff is of what the reader has typed so far (saved or not), shown over the editor.
  const editing = editors.get(el);
  const text = editing?.text() ?? currentText(f);
  if (text === f.original) { say(el, `No changes: ${f.name} is the lab's original.`); return; }
  diffs.get(el)?.();
  const under = [...panel(el).children] as HTMLElement[];
  for (const n of under) n.hidden = true;

  const bar = document.createElement('div');
  bar.className = 'lab-editor-bar';
  const close = toolbarButton('Close diff', ` of ${f.name}`);
  const hint = document.createElement('span');
  hint.className = 'lab-editor-hint';
  hint.textContent = 'The lab\u2019s original, then your version · Escape closes';
  bar.append(close, hint);
  const box = document.createElement('div');
  box.className = 'lab-editor-box';
  box.style.height = heightFor(text);
  mount(el, bar, box);

  const original = monaco.editor.createModel(f.original, 'c');
  const modified = monaco.editor.createModel(text, 'c');
  const diff = monaco.editor.createDiffEditor(box, {
    theme: theme(), automaticLayout: true, readOnly: true, originalEditable: false, renderSideBySide: false,
    minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 14, renderOverviewRuler: false,
    originalAriaLabel: `${f.name}, the lab's original`, modifiedAriaLabel: `${f.name}, your version`,
  });
  diff.setModel({ original, modified });
  // Monaco rejects a diff computation whose editor went away ("no diff result available", an unhandled error):
  // a diff closed at once (Escape right after Diff) is taken off the page now and torn down once computed.
  let computed = false;
  const computedOnce = diff.onDidUpdateDiff(() => { computed = true; });
  let tornDown = false;
  const teardown = () => {
    if (tornDown) return;
    tornDown = true;
    computedOnce.dispose();
    diff.setModel(null);
    diff.dispose();
    original.dispose();
    modified.dispose();
  };

  const doClose = () => {
    if (computed) teardown();
    else {
      const later = diff.onDidUpdateDiff(() => { later.dispose(); teardown(); });
      setTimeout(teardown, 10_000);
    }
    unmount(el, bar, box);
    for (const n of under) n.hidden = false;
    diffs.delete(el);
  };
  diffs.set(el, doClose);
  const closeAndFocus = () => {
    doClose();
    if (editing) editing.focus(); else button(el, 'diff')?.focus();
    say(el, `Closed the diff of ${f.name}.`);
  };
  close.addEventListener('click', closeAndFocus);
  diff.getModifiedEditor().addCommand(monaco.KeyCode.Escape, closeAndFocus, ESCAPE_FREE);
  diff.getOriginalEditor().addCommand(monaco.KeyCode.Escape, closeAndFocus, ESCAPE_FREE);
  bar.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.preventDefault(); closeAndFocus(); } });
  diff.getModifiedEditor().focus();
  const changes = countLines(f.original, text);
  say(el, `Diff of ${f.name} against the lab's original: ${changes}. Escape closes it.`);
}

/** "2 lines changed"-style summary for the status line (the diff editor's own summary is visual). */
function countLines(a: string, b: string): string {
  const x = a.split('\n'), y = b.split('\n');
  let same = 0;
  while (same < x.length && same < y.length && x[same] === y[same]) same++;
  let end = 0;
  while (end < x.length - same && end < y.length - same && x[x.length - 1 - end] === y[y.length - 1 - end]) end++;
  const removed = x.length - same - end, added = y.length - same - end;
  return `${removed} line${removed === 1 ? '' : 's'} of the original replaced by ${added}`;
}
