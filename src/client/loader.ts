// The only console code in the initial page: reveal the Run buttons (with JavaScript off they would do
// nothing, so they ship hidden) and load the terminal code — xterm, Comlink, the machine worker — when a
// console comes near the viewport, or at the latest when Run is pressed.

type Live = typeof import('./live.ts');
let live: Promise<Live> | undefined;

function loadLive(): Promise<Live> {
  live ??= import('./live.ts').then(
    (m) => {
      m.prefetch();
      if (document.querySelector('[data-profile-switch]')) watchProfile();
      return m;
    },
    (err: unknown) => { live = undefined; throw err; }, // the next attempt fetches again
  );
  return live;
}

/** A lazy module, fetched again on the next use if it failed to load. */
function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load().catch((err: unknown) => { p = undefined; throw err; }));
}
const loadKnobs = lazy(() => import('./knobs.ts'));
const loadProfileSwitch = lazy(() => import('./profile-switch.ts'));

function failed(what: string, status: Element | null | undefined) {
  return (err: unknown) => {
    console.error(`memsim: the ${what} code did not load`, err);
    if (status) status.textContent = `The ${what} could not be loaded. Check your connection and reload the page.`;
  };
}

/**
 * Knobs (Knob.astro) are text without JavaScript: show their selects and the one-click steps, and load what they
 * do on first use.
 */
function installKnobs() {
  const knobs = document.querySelectorAll<HTMLElement>('[data-knob]');
  for (const el of knobs) {
    el.querySelector<HTMLElement>('[data-knob-static]')!.hidden = true;
    el.querySelector<HTMLElement>('[data-knob-control]')!.hidden = false;
  }
  // Near a knob, its code comes (it shows the value the reader left it at, from the saved scenario).
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    void loadKnobs().catch(() => {}); // a change retries, and reports
  }, { rootMargin: '600px 0px' });
  for (const el of knobs) io.observe(el);
  for (const b of document.querySelectorAll<HTMLElement>('[data-knob-preset]')) b.hidden = false;
  const statusOf = (el: Element) => el.closest('[data-console]')?.querySelector('[data-status]');
  document.addEventListener('change', (ev) => {
    const select = ev.target instanceof HTMLSelectElement && ev.target.matches('[data-knob-value]') ? ev.target : undefined;
    if (select) loadKnobs().then((m) => m.knobChanged(select)).catch(failed('knob', statusOf(select)));
  });
  document.addEventListener('click', (ev) => {
    const button = ev.target instanceof Element ? ev.target.closest<HTMLButtonElement>('[data-knob-preset]') : null;
    if (button) loadKnobs().then((m) => m.presetClicked(button)).catch(failed('knob', statusOf(button)));
  });
}

/**
 * The switch's code is needed once the machine runs another profile than the page's (a saved choice, read at
 * boot) or the scenario asks for one (a shared link): until then the select rightly shows the page's profile.
 */
function watchProfile() {
  void Promise.all([import('./machine-client.ts'), import('./scenario.ts')]).then(([client, sc]) => {
    const page = document.documentElement.dataset.memsimProfile;
    const check = (s: { profile?: string }) => {
      const running = client.pageMachine().profile;
      if (running !== page || (s.profile ?? page) !== running) void loadProfileSwitch().catch(() => {});
    };
    check(sc.scenario());
    sc.onScenario(check);
  });
}

/** The header's machine switch (ProfileSwitch.astro): hidden without JavaScript, loaded on first use. */
function installProfileSwitch() {
  const box = document.querySelector<HTMLElement>('[data-profile-switch]');
  const select = box?.querySelector('select');
  if (!box || !select) return;
  box.hidden = false;
  select.addEventListener('change', () => {
    const wanted = select.value; // read now: the module shows the running profile when it loads
    loadProfileSwitch().then((m) => m.profileChanged(wanted)).catch(failed('machine switch', box.querySelector('[data-profile-status]')));
  });
}

export function installConsoles() {
  const consoles = document.querySelectorAll<HTMLElement>('[data-console]');
  if (!consoles.length) return;
  installKnobs();
  installProfileSwitch();
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
