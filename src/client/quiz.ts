// Checks a quiz of the chapter (markup from src/components/Quiz.astro; loaded on the first Check by
// quiz-loader.ts). A plain question is checked against its answer. A prediction is checked against the machine:
// the quiz watches the program's system calls and says what it really called when the reader runs it.
import type { WatchedSyscall } from '../worker/protocol.ts';

interface Prediction {
  program: string;
  /**
   * Calls before the process's first `after` do not answer: `read 0` (name, then the first argument) is
   * alloc_size's read of the key that starts its allocations; before it, ld.so and stdio make calls of their own.
   */
  after: string;
  /** The system call each option predicts. */
  calls: string[];
}

/** Ends the watch of a prediction still waiting for its program. */
const watches = new WeakMap<HTMLFormElement, () => void>();

export async function check(form: HTMLFormElement) {
  const right = JSON.parse(form.dataset.answer ?? '[]') as number[];
  const chosen = [...form.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => Number(i.value));
  if (!chosen.length) {
    say(form, form.dataset.predict ? 'Choose your prediction first.' : 'Choose an answer first.');
    return;
  }
  if (form.dataset.predict) {
    await predict(form, JSON.parse(form.dataset.predict) as Prediction, chosen[0]!, right[0]!);
    return;
  }
  const ok = chosen.length === right.length && right.every((i) => chosen.includes(i));
  const answers = right.map((i) => optionText(form, i)).join('; ');
  const verdict = ok ? 'Right.'
    : right.length > 1 ? `Not quite: the right answers are ${answers}.`
    : `Not quite: the right answer is ${answers}.`;
  say(form, verdict, true);
}

async function predict(form: HTMLFormElement, p: Prediction, chosen: number, right: number) {
  watches.get(form)?.(); // a new prediction replaces a pending one
  watches.delete(form);
  const predicted = p.calls[chosen]!;
  say(form, `Noted: you predict ${predicted}. Now run the program: this question will show what ${p.program} calls.`);
  // The answer without running is there for those who cannot or will not run it.
  const answer = form.querySelector<HTMLElement>('[data-quiz-answer]');
  if (answer) answer.hidden = false;

  const { pageMachine } = await import('./machine-client.ts');
  const [afterName, afterArg] = p.after.split(' ');
  const armed = new Set<number>(); // pids past their `after` call
  let stop: (() => void) | undefined;
  let answered = false;
  const listener = (c: WatchedSyscall) => {
    if (answered || c.comm !== p.program) return;
    if (c.name === afterName && (afterArg === undefined || c.args[0] === afterArg)) { armed.add(c.pid); return; }
    if (!armed.has(c.pid) || !givesMemory(c)) return;
    answered = true;
    stop?.();
    watches.delete(form);
    const call = `${c.name}(${c.args.join(', ')}) = ${c.ret}`;
    const verdict = c.name === predicted
      ? `You predicted ${predicted}; the program called ${call}. Right.`
      : `You predicted ${predicted}; the program called ${call} instead.`;
    // The machine decides, but the question's answer should agree with it; if the model ever changes, say so.
    const expected = c.name === p.calls[right] ? '' : ` (The question expected ${p.calls[right]}.)`;
    say(form, verdict + expected, true);
  };
  try {
    stop = await pageMachine().watchSyscalls([afterName!, ...p.calls], listener);
  } catch (err) {
    console.error('memsim: could not watch the machine', err);
    say(form, 'The simulated machine did not start, so the prediction cannot be checked: open the answer below.');
    return;
  }
  if (answered) stop();
  else watches.set(form, stop);
}

/**
 * A call that gives the program memory: brk moving the break (brk(NULL) only asks where it is) or an anonymous
 * mmap (fd -1; file mappings are ld.so loading libraries). That is what malloc does when its free memory is short.
 */
function givesMemory(c: WatchedSyscall): boolean {
  if (c.name === 'brk') return c.args[0] !== 'NULL' && c.args[0] !== '0';
  if (c.name === 'mmap') return c.args[4] === '-1';
  return true;
}

function optionText(form: HTMLFormElement, i: number): string {
  return form.querySelector(`input[value="${i}"]`)?.closest('label')?.textContent?.trim() ?? String(i);
}

/** The verdict in the live region, with the question's explanation when `explain`. */
function say(form: HTMLFormElement, text: string, explain = false) {
  const feedback = form.querySelector<HTMLElement>('[data-quiz-feedback]');
  if (!feedback) return;
  const verdict = document.createElement('strong');
  verdict.textContent = text;
  const parts: Node[] = [verdict];
  const why = form.querySelector('[data-quiz-explain]');
  if (explain && why) parts.push(document.createTextNode(' '), ...[...why.childNodes].map((n) => n.cloneNode(true)));
  feedback.replaceChildren(...parts);
}
