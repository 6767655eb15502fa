// The only quiz code in the initial page: shows the Check buttons (with JavaScript off they would do nothing,
// so they ship hidden, and the answer is in a <details>), and loads the checking code on the first Check.

type Quiz = typeof import('./quiz.ts');
let quiz: Promise<Quiz> | undefined;

export function installQuizzes() {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-quiz]')) {
    const check = form.querySelector<HTMLButtonElement>('.quiz-check');
    if (!check || form.dataset.quizReady !== undefined) continue;
    form.dataset.quizReady = '';
    check.hidden = false;
    // The verdict comes with the explanation; a prediction's answer comes from the machine (quiz.ts shows it).
    const answer = form.querySelector<HTMLElement>('[data-quiz-answer]');
    if (answer) answer.hidden = true;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      quiz ??= import('./quiz.ts');
      quiz.then((m) => m.check(form)).catch((err: unknown) => {
        quiz = undefined; // the next Check fetches again
        console.error('memsim: the quiz code did not load', err);
        const feedback = form.querySelector('[data-quiz-feedback]');
        if (feedback) feedback.textContent = 'The quiz could not be checked. Check your connection and try again.';
        if (answer) answer.hidden = false;
      });
    });
  }
}
