// The chapter as a student reads it: every console block run in page order (the "run" terminal starts the lab
// programs, the "inspect" terminal looks at them "from another terminal"), each checked against what the text
// around it says. Every figure the chapter prints is asserted exactly: the chapter's own where the ubuntu-18.04
// model gives it (tests/unit/chapter-figures.test.ts), else the model's with the README "Known gaps" entry that
// says why they differ. Only what truly varies (pids, ASLR addresses) is checked by shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { consoles, openSite, type Site } from './site.ts';
import { openTappedChapter, outputOf, tapMark, tapSince, ttyOf } from './terminal-tap.ts';

interface Region { addr: bigint; kb: number; perm: string; name: string }
interface Pmap { pid: number; regions: Region[]; total: number }

/** The pmap listings (`PID:   cmd`, the regions, ` total  NK`) in a terminal's text. */
function pmapsIn(text: string): Pmap[] {
  const out: Pmap[] = [];
  for (const m of text.matchAll(/^(\d+): +\S.*\n((?:[0-9a-f]{16} +\d+K [-rwxsp]{5} .*\n)+) total +(\d+)K$/gm)) {
    const regions = m[2]!.trimEnd().split('\n').map((l) => {
      const r = /^([0-9a-f]{16}) +(\d+)K ([-rwxsp]{5}) +(.*)$/.exec(l)!;
      return { addr: BigInt('0x' + r[1]), kb: Number(r[2]), perm: r[3]!, name: r[4]!.trim() };
    });
    out.push({ pid: Number(m[1]), regions, total: Number(m[3]) });
  }
  return out;
}

/** The heap in a pmap listing: the first anonymous region after the program's, not adjacent to it (.bss is). */
function heapOf(p: Pmap, program: string): Region {
  const last = p.regions.findLastIndex((r) => r.name === program);
  const before = p.regions[last]!;
  let end = before.addr + BigInt(before.kb * 1024);
  for (const r of p.regions.slice(last + 1)) {
    if (r.name !== '[ anon ]') break;
    if (r.addr !== end) return r;
    end = r.addr + BigInt(r.kb * 1024);
  }
  throw new Error(`no heap after ${program} in\n${p.regions.map((r) => `${r.kb}K ${r.perm} ${r.name}`).join('\n')}`);
}

/** Checks every listing adds up: sizes in whole pages, total = their sum. */
function expectConsistent(p: Pmap) {
  for (const r of p.regions) expect(r.kb % 4, `${r.name} ${r.kb}K`).toBe(0);
  expect(p.regions.reduce((s, r) => s + r.kb, 0)).toBe(p.total);
}

/** `size` (Berkeley format) rows by file name: text, data, bss, dec, hex, checked to add up. */
function sizesIn(text: string): Map<string, { text: number; data: number; bss: number }> {
  expect(text).toMatch(/^ +text\s+data\s+bss\s+dec\s+hex\s+filename$/m);
  const out = new Map<string, { text: number; data: number; bss: number }>();
  for (const m of text.matchAll(/^ *(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([0-9a-f]+)\s+(\S+)$/gm)) {
    const [t, d, b, dec] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    expect(dec, `dec of ${m[6]}`).toBe(t + d + b);
    expect(parseInt(m[5]!, 16), `hex of ${m[6]}`).toBe(dec);
    out.set(m[6]!, { text: t, data: d, bss: b });
  }
  return out;
}

/** The output of `command` in a terminal's text: from its echo to the next prompt. */
function outputAfter(text: string, command: string): string {
  const at = text.indexOf(`${command}\n`);
  if (at < 0) throw new Error(`"${command}" was not run; the terminal shows:\n${text}`);
  const from = at + command.length + 1;
  const next = text.indexOf('student@os:', from);
  return text.slice(from, next < 0 ? undefined : next);
}

describe('the chapter, run as a student runs it', () => {
  let site: Site;
  let page: Page;
  let errors: string[];
  let blocks: Locator;
  const pids: Record<string, number> = {};

  /** The run button's text and the status line of a block. */
  const stateOf = async (b: Locator) => ({
    button: (await b.locator('[data-action="run"]').textContent()) ?? '',
    status: (await b.locator('[data-status]').textContent()) ?? '',
  });
  async function until(b: Locator, what: 'done' | 'next' | 'reading', timeoutMs = 30_000) {
    const ok = { done: /^Run again/, next: /^Run next/, reading: /^Running/ }[what];
    const t0 = Date.now();
    let s = await stateOf(b);
    while (Date.now() - t0 < timeoutMs) {
      s = await stateOf(b);
      if (ok.test(s.button) && (what !== 'reading' || s.status.includes('is reading the terminal'))) return s;
      await page.waitForTimeout(50);
    }
    throw new Error(`console did not get to "${what}": button "${s.button}", status "${s.status}"`);
  }
  /** Presses the block's Run / Run next button and waits for the state the block should reach. */
  async function press(b: Locator, what: 'done' | 'next' | 'reading') {
    await b.locator('[data-action="run"]').click();
    return until(b, what);
  }
  /** Enter in a block's terminal, as the student presses it for a program waiting there. */
  async function enterIn(b: Locator) {
    await b.locator('.xterm').click();
    await page.keyboard.press('Enter');
  }
  /** The chapter's index-th console (the first test checks which is which). */
  function block(index: number) { return blocks.nth(index); }

  beforeAll(async () => {
    site = await openSite();
    ({ page, errors } = await openTappedChapter(site));
    blocks = consoles(page);
  });
  afterAll(async () => { await site?.close(); });

  it('has the console blocks this test follows, in this order', async () => {
    const firsts = await blocks.evaluateAll((els) => els.map((el) => (JSON.parse((el as HTMLElement).dataset.commands!) as string[])[0]));
    // Blocks added after these (the copy benchmark) are run by their own tests; these must keep their order.
    expect(firsts.slice(0, 13)).toEqual([
      'pmap -p $$', 'ps -o pid,rss,vsz -p $$', 'make', 'pmap $(pidof hello-static)', 'size hello-static',
      'make', 'size hello', 'pmap $(pidof hello)', 'make', './alloc_size', 'pmap $(pidof alloc_size)',
      'ltrace ./alloc_size', "sed -i '/define ALLOC_SIZE_KB/s/32/256/' alloc_size.c",
    ]);
  });

  it('Memory Regions: pmap of the shell shows its code, data, heap, libraries and stack, in pages', async () => {
    const mark = await tapMark(page);
    await press(block(0), 'done');
    const [p] = pmapsIn(await outputOf(page, mark, 'pmap -p $$'));
    expect(p).toBeDefined();
    expectConsistent(p!);
    pids.shell = p!.pid;
    const [text, rodata, data, bss] = p!.regions;
    expect([text, rodata, data].map((r) => `${r!.perm} ${r!.name}`)).toEqual(['r-x-- /bin/bash', 'r---- /bin/bash', 'rw--- /bin/bash']);
    expect(bss!.name).toBe('[ anon ]');
    expect(heapOf(p!, '/bin/bash').perm).toBe('rw---');
    const names = p!.regions.map((r) => r.name);
    expect(names).toContain('/lib/x86_64-linux-gnu/libc-2.27.so');
    expect(names).toContain('/lib/x86_64-linux-gnu/ld-2.27.so');
    expect(p!.regions.find((r) => r.name === '[ stack ]')?.perm).toBe('rw---');
    expect(p!.total).toBe(24364); // the chapter's figure
  });

  it('ps: the same shell, resident size much smaller than its virtual size', async () => {
    const mark = await tapMark(page);
    await press(block(1), 'done');
    const out = outputAfter(await outputOf(page, mark, 'ps -o pid,rss,vsz -p $$'), 'ps -o pid,rss,vsz -p $$');
    const m = /^ +PID +RSS +VSZ\n +(\d+) +(\d+) +(\d+)\n$/.exec(out);
    expect(m, out).not.toBeNull();
    const [pid, rss, vsz] = [m![1], m![2], m![3]].map(Number) as [number, number, number];
    expect(pid).toBe(pids.shell);
    expect(rss).toBe(1968); // the chapter's figure
    // The chapter prints VSZ 24364, pmap's total. procps' VSZ is /proc/PID/stat's vsize (mm->total_vm), which has
    // no [vsyscall] (the gate area is no VMA of the process) while pmap's total, from /proc/PID/maps, has it:
    // real ps prints pmap's total less 4K (README, Known gaps: "ps VSZ of the chapter's shell").
    expect(vsz).toBe(24364 - 4);
  });

  it('static/dynamic: make builds both, and both start in the background', async () => {
    const mark = await tapMark(page);
    await press(block(2), 'done');
    const text = await outputOf(page, mark, './hello-static &');
    // The Makefile's recipes may change; the links must be there: one static, one not.
    const made = outputAfter(text, 'make');
    expect(made).toMatch(/^cc\b.* -static\b.*-o hello-static\b/m);
    expect(made).toMatch(/^cc\b(?!.*-static).*-o hello-dynamic\b/m);
    // (A background program's greeting may come before or after the next job's number: they run concurrently.)
    pids['hello-static'] = Number(/^\[1\] (\d+)$/m.exec(text)?.[1]);
    pids['hello-dynamic'] = Number(/^\[2\] (\d+)$/m.exec(text)?.[1]);
    expect(pids['hello-static']).toBeGreaterThan(0);
    expect(pids['hello-dynamic']).toBeGreaterThan(0);
    await expect.poll(async () => (await outputOf(page, mark, './hello-static &')).match(/Hello, world!/g)?.length).toBe(2);
  });

  it('static/dynamic, from the other terminal: pmap shows no libraries for the static one', async () => {
    const mark = await tapMark(page);
    await press(block(3), 'done');
    const [st, dyn] = pmapsIn(await outputOf(page, mark, 'pmap $(pidof hello-static)'));
    expect(st?.pid).toBe(pids['hello-static']);
    expect(dyn?.pid).toBe(pids['hello-dynamic']);
    expectConsistent(st!);
    expectConsistent(dyn!);
    expect(st!.regions.filter((r) => r.name.includes('.so'))).toEqual([]);
    // .rodata coalesced into the text: no read-only region of the static binary.
    expect(st!.regions.filter((r) => r.name === 'hello-static').map((r) => r.perm)).toEqual(['r-x--', 'rw---']);
    expect(dyn!.regions.filter((r) => r.name === 'hello-dynamic').map((r) => r.perm)).toEqual(['r-x--', 'r----', 'rw---']);
    expect(dyn!.regions.map((r) => r.name)).toEqual(expect.arrayContaining(['libc-2.27.so', 'ld-2.27.so', '[ stack ]']));
    expect(heapOf(st!, 'hello-static').kb).toBe(140); // the chapter's figure: a static binary's heap starts bigger
    expect(heapOf(dyn!, 'hello-dynamic').kb).toBe(132);
    // the chapter's figures: the static binary's 876K of text, the dynamic one's 8K, and the totals
    expect(st!.regions[0]!.kb).toBe(876);
    expect(dyn!.regions[0]!.kb).toBe(8);
    expect(st!.total).toBe(1196);
    expect(dyn!.total).toBe(4520);
  });

  it('static/dynamic: size shows the static binary\'s text over a hundred times larger', async () => {
    const mark = await tapMark(page);
    await press(block(4), 'done');
    const sizes = sizesIn(await outputOf(page, mark, 'size hello-static'));
    const st = sizes.get('hello-static')!;
    const dyn = sizes.get('hello-dynamic')!;
    expect(st.text).toBeGreaterThan(dyn.text * 100); // 194 times in the chapter
    expect(st.data).toBeGreaterThan(dyn.data * 10);
    expect(st).toEqual({ text: 893333, data: 20996, bss: 7128 }); // the chapter's figures
    // The chapter's hello-dynamic is 4598 736 824: .data and .bss exact, .text the compiler's estimate, 342 bytes
    // short (README, Known gaps: "The chapter's Ubuntu 18.04 figures").
    expect(dyn).toEqual({ text: 4256, data: 736, bss: 824 });
  });

  it('modify-areas: builds the new hello and the memory-areas one, and starts the new one', async () => {
    const mark = await tapMark(page);
    await press(block(5), 'done');
    const text = await outputOf(page, mark, 'make -C ../../memory-areas/support');
    expect(outputAfter(text, 'make')).toMatch(/^cc\b.*-o hello\b/m);
    expect(outputAfter(text, 'make -C ../../memory-areas/support')).toMatch(
      /^make: Entering directory '\/home\/student\/chapters\/data\/process-memory\/drills\/tasks\/memory-areas\/support'\n(.*\n)*cc\b.*-o hello\b.*\nmake: Leaving directory/m);
    pids.hello = Number(/^\[3\] (\d+)$/m.exec(text)?.[1]);
    expect(pids.hello).toBeGreaterThan(0);
    await expect.poll(async () => (await outputOf(page, mark, './hello &')).includes('Hello, world!')).toBe(true);
  });

  it('modify-areas: size shows the bigger .data and .bss (and .rodata in text)', async () => {
    const mark = await tapMark(page);
    await press(block(6), 'done');
    const sizes = sizesIn(await outputOf(page, mark, 'size hello'));
    const grown = sizes.get('hello')!;
    const base = sizes.get('../../memory-areas/support/hello')!;
    expect(grown.text - base.text).toBeGreaterThanOrEqual(8192); // the const array
    expect(grown.data - base.data).toBeGreaterThanOrEqual(16384); // the initialised array
    expect(grown.bss - base.bss).toBeGreaterThanOrEqual(32768); // the uninitialised array
    // The chapter's figures are 13131 17128 33592 and 4598 736 824: .data and .bss exact, .text 342 bytes short in
    // both (README, Known gaps: "The chapter's Ubuntu 18.04 figures").
    expect(grown).toEqual({ text: 12789, data: 17128, bss: 33592 });
    expect(base).toEqual({ text: 4256, data: 736, bss: 824 });
  });

  it('modify-areas, from the other terminal: pmap shows the grown data, bss, heap and stack', async () => {
    const mark = await tapMark(page);
    await press(block(7), 'done');
    const [p] = pmapsIn(await outputOf(page, mark, 'pmap $(pidof hello)'));
    expect(p?.pid).toBe(pids.hello);
    expectConsistent(p!);
    const own = p!.regions.filter((r) => r.name === 'hello');
    expect(own.map((r) => r.perm)).toEqual(['r-x--', 'r----', 'rw---']);
    expect(own[2]!.kb).toBe(20); // the chapter's figures from here: .data 20K, .bss 32K, heap 324K
    const bss = p!.regions[p!.regions.indexOf(own[2]!) + 1]!;
    expect(`${bss.kb}K ${bss.name}`).toBe('32K [ anon ]');
    expect(heapOf(p!, 'hello').kb).toBe(324);
    expect(own[0]!.kb).toBe(16); // the chapter's text (the const array pushes .rodata past 8K)
    // The chapter's stack is 204K and its total 4840K. How deep six 32 KiB frames reach depends on arch_align_stack's
    // random offset (up to 8 KiB) above main: real runs give 196K, 200K or 204K, and the total follows the stack
    // (README, Known gaps: "The chapter's Ubuntu 18.04 figures").
    const stack = p!.regions.find((r) => r.name === '[ stack ]')!.kb;
    expect([196, 200, 204]).toContain(stack);
    expect(p!.total).toBe(4840 - (204 - stack));
  });

  it('alloc_size: make builds it', async () => {
    const mark = await tapMark(page);
    await press(block(8), 'done');
    expect(outputAfter(await outputOf(page, mark, 'make'), 'make')).toMatch(/^cc\b.*-o alloc_size\b.*\n$/m);
  });

  let runTty = -1;
  it('alloc_size: the program waits for a key, and the console hands the keyboard to the student', async () => {
    const mark = await tapMark(page);
    const s = await press(block(9), 'reading');
    expect(s.status).toMatch(/^\.\/alloc_size is reading the terminal/);
    runTty = await ttyOf(page, mark, './alloc_size');
    await expect.poll(async () => (await outputOf(page, mark, './alloc_size')).endsWith('Press key to allocate ...')).toBe(true);
  });

  it('alloc_size, from the other terminal: the heap grows 132K → 452K, then shrinks to 420K; Run next presses Enter', async () => {
    const run = block(9);
    const inspect = block(10);
    const mark = await tapMark(page);
    const runSince = async () => (await tapSince(page, mark)).get(runTty) ?? '';
    let s = await press(inspect, 'next');
    expect(s.status).toMatch(/^Next: Enter in terminal “run” \(a program waits there\), then pmap \$\(pidof alloc_size\) \(2 of 3\)$/);
    expect(await runSince()).toBe('');
    s = await press(inspect, 'next'); // Enter for alloc_size (it allocates ten times), then the second pmap
    const allocated = await runSince();
    expect(allocated).toMatch(/^\n(New allocation at 0x[0-9a-f]+\n){10}Press key to deallocate \.\.\.$/);
    expect(s.status).toMatch(/^Next: Enter in terminal “run” .*\(3 of 3\)$/);
    await press(inspect, 'done'); // Enter (it frees the last block), then the third pmap
    expect((await runSince()).slice(allocated.length)).toBe('\nPress key to close the program ...');

    const maps = pmapsIn(await outputOf(page, mark, 'pmap $(pidof alloc_size)'));
    expect(maps).toHaveLength(3);
    for (const p of maps) expectConsistent(p);
    expect(new Set(maps.map((p) => p.pid)).size).toBe(1);
    expect(maps.map((p) => heapOf(p, 'alloc_size').kb)).toEqual([132, 452, 420]);
    // Nothing but the heap changed: the allocations came from brk, not from new mappings.
    expect(maps[1]!.regions.length).toBe(maps[0]!.regions.length);
    expect(maps.map((p) => p.total)).toEqual([4520, 4840, 4808]); // the chapter's figures
    expect(maps[0]!.regions[0]!.kb).toBe(8); // the binary's text: the chapter's 8K

    // The student closes the program in its terminal: the first console is done with it.
    expect((await stateOf(run)).button).toMatch(/^Running/);
    await enterIn(run);
    await until(run, 'done');
  });

  it('alloc_size under ltrace and strace: ten malloc(32768) from one brk-grown heap, the last one freed', async () => {
    const b = block(11);
    const mark = await tapMark(page);
    await press(b, 'reading');
    for (let i = 0; i < 3; i++) { await enterIn(b); await page.waitForTimeout(150); }
    await until(b, 'next'); // after a program the student talked to, the console waits for them
    await press(b, 'reading');
    for (let i = 0; i < 3; i++) { await enterIn(b); await page.waitForTimeout(150); }
    await until(b, 'done');
    const text = await outputOf(page, mark, 'ltrace ./alloc_size');

    const ltrace = outputAfter(text, 'ltrace ./alloc_size');
    const mallocs = [...ltrace.matchAll(/^malloc\(32768\) +?= (0x[0-9a-f]+)$/gm)].map((m) => m[1]!);
    expect(mallocs).toHaveLength(10);
    expect(ltrace).toMatch(/^printf\("New allocation at %p\\n", 0x[0-9a-f]+New allocation at 0x[0-9a-f]+\n\) += 33$/m);
    // Each block 32 KiB + 16 bytes of chunk header after the previous one.
    const addrs = mallocs.map((a) => BigInt(a));
    for (let i = 1; i < 10; i++) expect(addrs[i]! - addrs[i - 1]!).toBe(32768n + 16n);
    expect(ltrace).toMatch(new RegExp(`^free\\(${mallocs[9]}\\) += <void>$`, 'm'));

    const strace = outputAfter(text, 'strace ./alloc_size');
    const writes = strace.split('\n').filter((l) => l.startsWith('write(1, "New allocation at 0x'));
    expect(writes).toHaveLength(10);
    // malloc grows the heap with brk, a few allocations per call: fewer brk calls than mallocs.
    const [, afterAlloc] = strace.split('write(1, "Press key to allocate');
    const [allocating, freeing] = afterAlloc!.split('write(1, "Press key to deallocate');
    const grows = [...allocating!.matchAll(/^brk\((0x[0-9a-f]+)\) += (0x[0-9a-f]+)$/gm)];
    expect(grows.length).toBeGreaterThan(0);
    expect(grows.length).toBeLessThan(10);
    for (const g of grows) expect(g[2]).toBe(g[1]); // each brk succeeded
    expect(allocating).not.toMatch(/^mmap\(NULL, \d+, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS/m);
    // free of the last block gives the top of the heap back: a brk below the last one, after the key.
    // (strace prints read's entry, the terminal echoes the Enter, then the rest of the line: as in the chapter.)
    const shrink = /^read\(0, ?\n"\\n", 1024\) += 1\nbrk\((0x[0-9a-f]+)\) += \1$/m.exec(freeing!);
    expect(shrink, freeing).not.toBeNull();
    expect(BigInt(shrink![1]!)).toBeLessThan(BigInt(grows.at(-1)![1]!));
  });

  it('ALLOC_SIZE_KB=256: make rebuilds; each malloc is its own mmap of 266240 bytes, each free a munmap', async () => {
    const b = block(12);
    const mark = await tapMark(page);
    await press(b, 'reading'); // sed, make, then ltrace reads the terminal
    const built = outputAfter(await outputOf(page, mark, 'make'), 'make');
    expect(built).toMatch(/^cc\b.*-o alloc_size\b.*\n$/m); // not "Nothing to be done": sed changed the source
    for (let i = 0; i < 3; i++) { await enterIn(b); await page.waitForTimeout(150); }
    await until(b, 'next');
    await press(b, 'reading');
    for (let i = 0; i < 3; i++) { await enterIn(b); await page.waitForTimeout(150); }
    await until(b, 'done');
    const text = await outputOf(page, mark, 'ltrace ./alloc_size');

    const ltrace = outputAfter(text, 'ltrace ./alloc_size');
    const mallocs = [...ltrace.matchAll(/^malloc\(262144\) +?= (0x7f[0-9a-f]+)$/gm)].map((m) => m[1]!);
    expect(mallocs).toHaveLength(10);
    for (const a of mallocs) expect(a.endsWith('010')).toBe(true); // 16 bytes into a fresh mapping
    expect(ltrace).toMatch(new RegExp(`^free\\(${mallocs[9]}\\) += <void>$`, 'm'));

    const strace = outputAfter(text, 'strace ./alloc_size');
    const [, afterAlloc] = strace.split('write(1, "Press key to allocate');
    const [allocating, freeing] = afterAlloc!.split('write(1, "Press key to deallocate');
    const maps = [...allocating!.matchAll(/^mmap\(NULL, 266240, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = (0x[0-9a-f]+)\nwrite\(1, "New allocation at (0x[0-9a-f]+)"/gm)];
    expect(maps).toHaveLength(10);
    for (const m of maps) expect(BigInt(m[2]!) - BigInt(m[1]!)).toBe(16n);
    expect(allocating).not.toMatch(/^brk\(0x/m);
    expect(freeing).toMatch(new RegExp(`^read\\(0, ?\\n"\\\\n", 1024\\) += 1\\nmunmap\\(${maps[9]![1]}, 266240\\) += 0$`, 'm'));
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
