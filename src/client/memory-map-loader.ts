// The only memory-map code in the initial page (a few lines): when a <MemoryMap> figure comes near the
// viewport, load the map's code (./memory-map/mount.ts, with the terminal code it shares) and start it. With
// JavaScript off the figure keeps its static explanation.
export function installMemoryMaps() {
  const figures = document.querySelectorAll<HTMLElement>('[data-memory-map]');
  if (!figures.length) return;
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      io.unobserve(e.target);
      const figure = e.target as HTMLElement;
      import('./memory-map/mount.ts').then((m) => m.mountMap(figure)).catch((err: unknown) => {
        console.error('memsim: the memory map code did not load', err);
        const p = figure.querySelector('[data-placeholder]');
        if (p) p.textContent = 'The memory map could not be loaded. Check your connection and reload the page.';
      });
    }
  }, { rootMargin: '400px 0px' });
  for (const f of figures) io.observe(f);
}
