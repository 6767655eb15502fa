// The simulated toolchain's output against the real ones.
// debian-12: every figure below was captured on Debian 12 (gcc 12.2.0-14+deb12u1, binutils 2.40, glibc 2.36) with
//   gcc -g -Wall -Wextra -o PROG PROG.c && size PROG && readelf -SW PROG && readelf -lW PROG
//   gcc -g -Wall -Wextra -static -o hello-static hello.c     (the plain hello, without the logging helper)
//   make (the labs: every program links labs/common/utils/log/log.o)
//   setarch -R ./hello-static & pmap $!          setarch -R strace ./hello-static
// The sources are the ones in this file and our labs (labs/); .data and .bss must match exactly, .text within 10%
// (the compiler estimates machine code), every other section exactly.
// ubuntu-18.04: no machine to capture on; the model reproduces the classic Ubuntu 18.04 hello (size 1516/600/8) and
// the chapter's shapes (3 VMAs r-x / r-- / rw- for a PIE, a static program's r-x, rw-, one anon page, 140K heap).
import { describe, expect, test } from 'vitest';
import fs from 'node:fs';
import { run } from './harness.ts';

const lab = (p: string) => fs.readFileSync(new URL(`../../labs/${p}`, import.meta.url), 'utf8');
const LABS = {
  'process-memory/drills/tasks/memory-areas/support/hello.c': lab('process-memory/drills/tasks/memory-areas/support/hello.c'),
  'process-memory/drills/tasks/memory-areas/support/Makefile': lab('process-memory/drills/tasks/memory-areas/support/Makefile'),
  'process-memory/drills/tasks/modify-areas/support/hello.c': lab('process-memory/drills/tasks/modify-areas/support/hello.c'),
  'process-memory/drills/tasks/modify-areas/support/Makefile': lab('process-memory/drills/tasks/modify-areas/support/Makefile'),
  'process-memory/drills/tasks/alloc_size/support/alloc_size.c': lab('process-memory/drills/tasks/alloc_size/support/alloc_size.c'),
  'common/utils/utils.h': lab('common/utils/utils.h'),
  'common/utils/log/log.h': lab('common/utils/log/log.h'),
  'common/utils/log/log.c': lab('common/utils/log/log.c'),
  'process-memory/drills/tasks/alloc_size/support/Makefile': lab('process-memory/drills/tasks/alloc_size/support/Makefile'),
  'working-with-memory/guides/static-dynamic/support/hello.c': lab('working-with-memory/guides/static-dynamic/support/hello.c'),
  'working-with-memory/guides/static-dynamic/support/Makefile': lab('working-with-memory/guides/static-dynamic/support/Makefile'),
};
const TASKS = '~/chapters/data/process-memory/drills/tasks';
const STATIC_DYNAMIC = '~/chapters/data/working-with-memory/guides/static-dynamic/support';

const PROGRAMS: Record<string, string> = {
  'empty.c': 'int main(void)\n{\n\treturn 0;\n}\n',
  'hw.c': '#include <stdio.h>\n\nint main(void)\n{\n\tputs("Hello, World!");\n\treturn 0;\n}\n',
  'so.c': '#include <stdio.h>\n\nint main(void)\n{\n\tfflush(stdout);\n\treturn 0;\n}\n',
  'stderr.c': '#include <stdio.h>\n\nint main(void)\n{\n\tfprintf(stderr, "error: %d\\n", 42);\n\tfflush(stdout);\n\treturn 0;\n}\n',
  'globals.c': `#include <stdio.h>

int counter = 1;
long total;
static const int table[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static char buf[100];
double ratio = 0.5;

static int sum(const int *a, int n)
{
	int s = 0, i;

	for (i = 0; i < n; i++)
		s += a[i];
	return s;
}

int main(void)
{
	total = sum(table, 10);
	snprintf(buf, sizeof(buf), "%d %ld %f", counter, total, ratio);
	puts(buf);
	return 0;
}
`,
  'funcs.c': `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node { int value; struct node *next; };

static struct node *push(struct node *head, int v)
{
	struct node *n = malloc(sizeof(*n));

	if (!n) {
		perror("malloc");
		exit(1);
	}
	n->value = v;
	n->next = head;
	return n;
}

static int length(const struct node *n)
{
	int len = 0;

	for (; n; n = n->next)
		len++;
	return len;
}

static void release(struct node *n)
{
	while (n) {
		struct node *next = n->next;
		free(n);
		n = next;
	}
}

int main(int argc, char **argv)
{
	struct node *list = NULL;
	char name[32];
	int i;

	for (i = 0; i < argc * 10; i++)
		list = push(list, i);
	strncpy(name, argv[0], sizeof(name) - 1);
	name[sizeof(name) - 1] = '\\0';
	printf("%s: %d nodes\\n", name, length(list));
	release(list);
	return 0;
}
`,
  'sm2.c': '#include <stdio.h>\n#include <stdlib.h>\n\nint main(void)\n{\n\tvoid *p = malloc(16);\n\tvoid *q = malloc(100);\n\n\tprintf("%p %p\\n", p, q);\n\treturn 0;\n}\n',
};

/** `size` rows → [text, data, bss] per file name. */
function sizes(out: string): Record<string, [number, number, number]> {
  const rows: Record<string, [number, number, number]> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+[0-9a-f]+\s+(\S+)$/.exec(line);
    if (m) rows[m[4]!] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  return rows;
}

function expectSize(got: [number, number, number] | undefined, real: [number, number, number]) {
  expect(got, 'size row').toBeDefined();
  const [text, data, bss] = got!;
  expect(Math.abs(text - real[0]) / real[0], `text ${text} vs ${real[0]}`).toBeLessThan(0.1);
  expect([data, bss]).toEqual([real[1], real[2]]);
}

/** `readelf -SW` → section name → [addr, size] (allocated sections). */
function sections(out: string): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>();
  for (const line of out.split('\n')) {
    const r = /^\s+\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]{16})\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(line);
    if (r) m.set(r[1]!, [parseInt(r[2]!, 16), parseInt(r[3]!, 16)]);
  }
  return m;
}

/** pmap rows of the program → "ADDRESS SIZE MODE NAME" without the pid line and total. */
const pmapRows = (out: string) => out.split('\n').filter((l) => /^[0-9a-f]{16} /.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());

describe('debian-12: size of the labs and of small programs as gcc 12 + binutils 2.40 give them', () => {
  test('labs', { timeout: 30_000 }, async () => {
    const r = await run(`cd ${TASKS}/memory-areas/support && make -s && size hello && cd ../../modify-areas/support && make -s && size hello | tail -1 | sed s/hello/modify/ ` +
      `&& cd ../../alloc_size/support && make -s && size alloc_size | tail -1 && cd ${STATIC_DYNAMIC} && make -s && size hello-dynamic hello-static | tail -2`,
    { profile: 'debian-12', labs: LABS });
    const s = sizes(r.out);
    expectSize(s.hello, [3998, 712, 824]);
    expectSize(s.modify, [12502, 17104, 33592]);
    expectSize(s.alloc_size, [4871, 752, 856]);
    expectSize(s['hello-dynamic'], [3998, 712, 824]);
    expectSize(s['hello-static'], [805459, 23560, 23760]);
  });

  test('small programs: imports, copies of stdout/stdin/stderr in .bss, globals in .data/.bss/.rodata', { timeout: 30_000 }, async () => {
    const names = ['empty', 'hw', 'so', 'stderr', 'globals', 'funcs'];
    const r = await run(names.map((n) => `gcc -g -Wall -Wextra -o ${n} ${n}.c`).join(' && ') + ` && size ${names.join(' ')}`,
      { profile: 'debian-12', files: PROGRAMS });
    const s = sizes(r.out);
    expectSize(s.empty, [1216, 528, 8]);
    expectSize(s.hw, [1316, 584, 8]);
    expectSize(s.so, [1365, 584, 16]);
    expectSize(s.stderr, [1550, 592, 48]);
    expectSize(s.globals, [1658, 608, 168]);
    expectSize(s.funcs, [2136, 624, 8]);
  });

  test('-no-pie: crt1.o and crtbegin.o, the executable at 0x400000', { timeout: 30_000 }, async () => {
    const r = await run(`cd ${TASKS}/alloc_size/support && gcc -no-pie -I../../../../../common -o alloc.np alloc_size.c ../../../../../common/utils/log/log.c ` +
      '&& size alloc.np && readelf -lW alloc.np ' +
      `&& cd ../../memory-areas/support && gcc -no-pie -o hello.np hello.c && size hello.np | tail -1`, { profile: 'debian-12', labs: LABS });
    const s = sizes(r.out);
    expectSize(s['alloc.np'], [4219, 712, 856]);
    expectSize(s['hello.np'], [1080, 552, 8]);
    expect(r.out).toMatch(/Elf file type is EXEC/);
    expect(r.out).toMatch(/LOAD +0x000000 0x0000000000400000 0x0000000000400000 0x000[0-9a-f]{3} 0x000[0-9a-f]{3} R   0x1000/);
  });

  test('alloc_size: every section but the code where ld puts it', { timeout: 30_000 }, async () => {
    const r = await run(`cd ${TASKS}/alloc_size/support && make -s && readelf -SW alloc_size && readelf -lW alloc_size`, { profile: 'debian-12', labs: LABS });
    const secs = sections(r.out);
    // readelf -SW alloc_size (real): name, address, size
    const real: [string, number, number][] = [
      ['.interp', 0x318, 0x1c], ['.note.gnu.property', 0x338, 0x20], ['.note.gnu.build-id', 0x358, 0x24], ['.note.ABI-tag', 0x37c, 0x20],
      ['.gnu.hash', 0x3a0, 0x30], ['.dynsym', 0x3d0, 0x210], ['.dynstr', 0x5e0, 0xef], ['.gnu.version', 0x6d0, 0x2c],
      ['.gnu.version_r', 0x700, 0x30], ['.rela.dyn', 0x730, 0x180], ['.rela.plt', 0x8b0, 0x150], ['.init', 0x1000, 0x17],
      ['.plt', 0x1020, 0xf0], ['.plt.got', 0x1110, 0x8], ['.rodata', 0x2000, 0xe8], ['.eh_frame_hdr', 0x20e8, 0x8c],
      ['.eh_frame', 0x2178, 0x22c], ['.init_array', 0x3dd0, 0x8], ['.fini_array', 0x3dd8, 0x8], ['.dynamic', 0x3de0, 0x1e0],
      ['.got', 0x3fc0, 0x28], ['.got.plt', 0x3fe8, 0x88], ['.data', 0x4080, 0x50], ['.bss', 0x40e0, 0x358],
    ];
    for (const [name, addr, size] of real) expect(secs.get(name), name).toEqual([addr, size]);
    // the RW segment and RELRO: LOAD 0x2dd0 0x3dd0 filesz 0x300 memsz 0x668; GNU_RELRO 0x3dd0 0x230
    expect(r.out).toMatch(/LOAD +0x002dd0 0x0000000000003dd0 0x0000000000003dd0 0x000300 0x000668 RW  0x1000/);
    expect(r.out).toMatch(/GNU_RELRO +0x002dd0 0x0000000000003dd0 0x0000000000003dd0 0x000230 0x000230 R   0x1/);
  });
});

describe('debian-12: -static', () => {
  test('hello-static: program headers, pmap and the start-up system calls as the real one', { timeout: 120_000 }, async () => {
    const r = await run(`cd ${STATIC_DYNAMIC} && gcc -g -Wall -Wextra -static -o hello-static hello.c && readelf -lW hello-static && (setarch -R ./hello-static > /dev/null & sleep 1; pmap $!) ` +
      '&& setarch -R strace ./hello-static 2>&1 >/dev/null | head -14', { profile: 'debian-12', labs: LABS });
    // readelf -lW hello-static (real); the R E segment's size depends on the code the compiler estimates
    expect(r.out).toMatch(/LOAD +0x000000 0x0000000000400000 0x0000000000400000 0x000518 0x000518 R   0x1000/);
    expect(r.out).toMatch(/LOAD +0x001000 0x0000000000401000 0x0000000000401000 0x077e[0-9a-f]{2} 0x077e[0-9a-f]{2} R E 0x1000/);
    expect(r.out).toMatch(/LOAD +0x079000 0x0000000000479000 0x0000000000479000 0x02702c 0x02702c R   0x1000/);
    expect(r.out).toMatch(/LOAD +0x0a06d8 0x00000000004a16d8 0x00000000004a16d8 0x005b98 0x00b3c8 RW  0x1000/);
    expect(r.out).toMatch(/TLS +0x0a06d8 0x00000000004a16d8 0x00000000004a16d8 0x000018 0x000060 R   0x8/);
    expect(r.out).toMatch(/GNU_RELRO +0x0a06d8 0x00000000004a16d8 0x00000000004a16d8 0x003928 0x003928 R   0x1/);
    expect(r.out).not.toMatch(/INTERP/);
    // setarch -R ./hello-static & pmap $! (real, kernel 6.x: [vvar_vclock] between vvar and vdso)
    expect(pmapRows(r.out)).toEqual([
      '0000000000400000 4K r---- hello-static',
      '0000000000401000 480K r-x-- hello-static',
      '0000000000479000 160K r---- hello-static',
      '00000000004a1000 16K r---- hello-static',
      '00000000004a5000 12K rw--- hello-static',
      '00000000004a8000 20K rw--- [ anon ]',
      '00000000004ad000 136K rw--- [ anon ]',
      '00007ffff7ff7000 16K r---- [ anon ]',
      '00007ffff7ffb000 8K r---- [ anon ]',
      '00007ffff7ffd000 8K r-x-- [ anon ]',
      '00007ffffffde000 132K rw--- [ stack ]',
      'ffffffffff600000 4K --x-- [ anon ]',
    ]);
    // setarch -R strace ./hello-static (real), pid, path and random bytes aside
    const trace = r.out.slice(r.out.indexOf('execve(')).split('\n').slice(1, 14)
      .map((l) => l.replace(/^(set_tid_address.*= )\d+$/, '$1PID').replace(/"\/home\/student\/[^"]*"(\.\.\.)?, 4096\) = \d+/, 'PATH, 4096) = N')
        .replace(/getrandom\("[^"]*"/, 'getrandom(BYTES'));
    expect(trace).toEqual([
      'brk(NULL)                               = 0x4ad000',
      'brk(0x4add00)                           = 0x4add00',
      'arch_prctl(ARCH_SET_FS, 0x4ad380)       = 0',
      'set_tid_address(0x4ad650)               = PID',
      'set_robust_list(0x4ad660, 24)           = 0',
      'rseq(0x4adca0, 0x20, 0, 0x53053053)     = 0',
      'prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0',
      'readlink("/proc/self/exe", PATH, 4096) = N',
      'getrandom(BYTES, 8, GRND_NONBLOCK) = 8',
      'brk(NULL)                               = 0x4add00',
      'brk(0x4ced00)                           = 0x4ced00',
      'brk(0x4cf000)                           = 0x4cf000',
      'mprotect(0x4a1000, 16384, PROT_READ)    = 0',
    ]);
  });

  test('the start-up mallocs come first: a static program\'s first malloc lands where the real one does', { timeout: 30_000 }, async () => {
    // real: setarch -R ./sm2 run from a directory of the same name length class → 0x4ad6d0 0x4ad6f0
    const r = await run('gcc -static -o sm2 sm2.c && setarch -R ./sm2', { profile: 'debian-12', files: PROGRAMS });
    expect(r.out).toContain('0x4ad6d0 0x4ad6f0\n');
  });

  test('ltrace sees no library calls in a static program', { timeout: 30_000 }, async () => {
    const r = await run('gcc -static -o hw hw.c && ltrace ./hw', { profile: 'debian-12', files: PROGRAMS });
    expect(r.out).toContain('Hello, World!');
    expect(r.out).not.toMatch(/puts\(/);
  });
});

describe('ubuntu-18.04: gcc 7.5, binutils 2.30 (-z now, 2 MiB pages), glibc 2.27', () => {
  test('the classic hello world: size 1516/600/8, sections where 18.04 puts them', { timeout: 30_000 }, async () => {
    const r = await run('gcc -o hw hw.c && size hw && readelf -SW hw && readelf -lW hw', { profile: 'ubuntu-18.04', files: PROGRAMS });
    expect(sizes(r.out).hw).toEqual([1516, 600, 8]);
    const secs = sections(r.out);
    expect(secs.get('.text')).toEqual([expect.any(Number), 0x1a2]);
    expect(secs.get('.eh_frame')?.[1]).toBe(0x108);
    expect(secs.get('.got')).toEqual([0x200fb8, 0x48]);
    expect(secs.get('.data')).toEqual([0x201000, 0x10]);
    expect(secs.has('.got.plt')).toBe(false);
    expect(r.out).toMatch(/LOAD +0x000000 0x0000000000000000 0x0000000000000000 0x000838 0x000838 R E 0x200000/);
    expect(r.out).toMatch(/LOAD +0x000db8 0x0000000000200db8 0x0000000000200db8 0x000258 0x000260 RW  0x200000/);
  });

  test('the labs: three executable VMAs (r-x, r-- RELRO, rw-); what our sources give against the chapter', { timeout: 30_000 }, async () => {
    const r = await run(`cd ${TASKS}/memory-areas/support && make -s && size hello && (./hello > /dev/null & sleep 1; pmap $! | head -4) ` +
      `&& cd ../../modify-areas/support && make -s && size hello | tail -1 | sed s/hello/modify/ && (./hello > /dev/null & sleep 1; pmap $! | head -6) ` +
      `&& cd ${STATIC_DYNAMIC} && make -s && size hello-dynamic hello-static | tail -2`, { profile: 'ubuntu-18.04', labs: LABS });
    const rows = pmapRows(r.out).map((l) => l.split(' ').slice(1).join(' '));
    // the chapter's hello-dynamic is 8K r-x: with the logging helper linked in, the code passes one page
    expect(rows.slice(0, 3)).toEqual(['8K r-x-- hello', '4K r---- hello', '4K rw--- hello']);
    // modify-areas: the chapter shows 16K r-x, 4K r--, 20K rw-, 32K anon (.bss)
    expect(rows.slice(3, 7)).toEqual(['16K r-x-- hello', '4K r---- hello', '20K rw--- hello', '32K rw--- [ anon ]']);
    // the chapter's (tests/unit/chapter-figures.test.ts): 4598 736 824 and 13131 17128 33592; .text is an estimate
    const s = sizes(r.out);
    expect(s.hello).toEqual([expect.any(Number), 736, 824]);
    expect(s.modify).toEqual([expect.any(Number), 17128, 33592]);
    expect(s['hello-dynamic']).toEqual(s.hello);
  });

  test('hello-static: the chapter\'s shape (r-x, 24K rw-, one anon page, a 140K heap) and 2.27\'s start-up', { timeout: 30_000 }, async () => {
    const r = await run(`cd ${STATIC_DYNAMIC} && make -s hello-static && size hello-static && (./hello-static > /dev/null & sleep 1; pmap $!) ` +
      '&& strace ./hello-static 2>&1 >/dev/null | head -8', { profile: 'ubuntu-18.04', labs: LABS });
    const s = sizes(r.out)['hello-static']!;
    // the chapter's (course's) hello-static: 893333 20996 7128
    expect(s).toEqual([893333, 20996, 7128]);
    const rows = pmapRows(r.out);
    expect(rows[0]).toMatch(/^0000000000400000 876K r-x-- hello-static$/);
    expect(rows[1]).toMatch(/^00000000006db000 24K rw--- hello-static$/);
    expect(rows[2]).toMatch(/^00000000006e1000 4K rw--- \[ anon \]$/);
    expect(rows[3]).toMatch(/ 140K rw--- \[ anon \]$/);
    expect(rows[4]).toMatch(/ 132K rw--- \[ stack \]$/);
    expect(rows.length).toBe(8);
    // addresses (and so strace's padding before " = ") depend on the random brk offset
    const trace = r.out.slice(r.out.indexOf('execve(')).split('\n').slice(1, 8).map((l) => l.replace(/0x[0-9a-f]+/g, 'X').replace(/ +=/, ' ='));
    expect(trace).toEqual([
      'brk(NULL) = X',
      'brk(X) = X',
      'arch_prctl(ARCH_SET_FS, X) = 0',
      'uname({sysname="Linux", nodename="os", ...}) = 0',
      'readlink("/proc/self/exe", "/home/student/chapters/data/work"..., 4096) = 90',
      'brk(X) = X',
      'brk(X) = X',
    ]);
    const nums = r.out.slice(r.out.indexOf('execve(')).split('\n').slice(1, 8).join('\n');
    const brk0 = parseInt(/= (0x[0-9a-f]+)/.exec(nums)![1]!, 16);
    expect(nums).toContain(`brk(0x${(brk0 + 0x11c0).toString(16)})`);
    expect(nums).toContain(`ARCH_SET_FS, 0x${(brk0 + 0x880).toString(16)})`);
    expect(nums).toContain(`brk(0x${(brk0 + 0x11c0 + 0x21000).toString(16)})`);
  });
});
