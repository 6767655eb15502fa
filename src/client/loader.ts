// The only console code in the initial page: reveal the Run buttons (with JavaScript off they would do
// nothing, so they ship hidden) and load the terminal code — xterm, Comlink, the machine worker — when a
// console comes near the viewport, or at the latest when Run is pressed.

type Live = typeof import('./live.ts');
let live: Promise<Live> | undefined;

function loadLive(): Promise<Live> {
  live ??= import('./live.ts').then(
    (m) => { m.prefetch(); return m; },
    (err: unknown) => { live = undefined; throw err; }, // the next attempt fetches again
  );
  return live;
}

export function installConsoles() {
  const consoles = document.querySelectorAll<HTMLElement>('[data-console]');
  if (!consoles.length) return;
  for (const el of consoles) {
    const run = el.querySelector<HTMLButtonElement>('[data-action="run"]');
    if (!run) continue;
    run.hidden = false;
    run.addEventListener('click', () => {
      loadLive().then((m) => m.activate(el)).catch((err: unknown) => {
        console.error('memsim: the terminal code did not load', err);
        const status = el.querySelector('[data-status]');
        if (status) status.textContent = 'The terminal could not be loaded. Check your connection and reload the page.';
      });
    });
  }
  // Well before a console scrolls into view, so the machine is booted by the time the reader gets there.
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    void loadLive().catch(() => {}); // a click retries, and reports
  }, { rootMargin: '600px 0px' });
  for (const el of consoles) io.observe(el);
}
