// The C VM's fast paths (codegen.ts, vm.ts): loops compiled as synchronous regions that run in chunks,
// functions compiled as plain JS, the inlined TLB hit path. Outputs match gcc -O0 on x86-64 (Debian 12,
// captured); faults stay exact SIGSEGVs; Ctrl-C still stops a runaway loop at once.
import { afterEach, describe, expect, test } from 'vitest';
import { run, terminal } from './harness.ts';

const LOOPS = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct pair { long a; int b; };
static unsigned mix(unsigned x) { return x * 2654435761u ^ (x >> 13); }
static int sq(int v) { return v * v; }
static int sumsq(int a, int b) { return sq(a) + sq(b); }
static int find(const int *v, int n, int key)
{
	for (int i = 0; i < n; i++)
		if (v[i] == key) return i;
	return -1;
}
static struct pair first_big(const long *v, int n)
{
	struct pair p = { -1, -1 };
	for (int i = 0; i < n; i++)
		if (v[i] > 1000) { p.a = v[i]; p.b = i; return p; }
	return p;
}
static int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
int main(void)
{
	int v[100];
	long w[50];
	unsigned h = 0, u = 4000000000u;
	unsigned long long big = 1;
	long long acc = 0;
	double d = 0.5;
	int i, j, k = 0, odd = 0;
	short sh = 0;
	unsigned char uc = 250;
	for (i = 0; i < 100; i++) v[i] = sq(i) - 7 * i;
	for (i = 0; i < 50; i++) w[i] = (long)i * i * i;
	for (i = 0; i < 100000; i++) { h = mix(h + i); if (i % 7 == 0) continue; u += h; }
	i = 0;
	do { k += i; if (k > 500) break; i++; if (i & 1) continue; odd++; } while (i < 60);
	for (j = 0; j < 70; j++) big = big * 3 + (unsigned long long)j;
	for (j = 0; j < 200000; j++) { acc += (long long)j * j - (j >> 3); sh += 1000; uc++; d = d * 1.0000001 + 1e-9; }
	for (i = 0; i < 30; i++) for (j = 0; j < 30; j++) k += sumsq(i, j) & 15;
	printf("%u %u %d %d %d\\n", h, u, k, odd, find(v, 100, sq(42) - 7 * 42));
	printf("%llu %lld %d %u %.6f\\n", big, acc, sh, uc, d);
	struct pair p = first_big(w, 50);
	printf("%ld %d %d %d\\n", p.a, p.b, find(v, 100, 12345), fact(10));
	char *s = malloc(10000);
	memset(s, 'a', 9999); s[9999] = 0;
	unsigned long n = 0;
	for (char *q = s; *q; q++) n += (unsigned long)*q;
	long m = 0;
	while (m < 10) m++;
	printf("%lu %ld %zu\\n", n, m, strlen(s));
	return 0;
}
`;

const FAULTS = `#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
int main(int argc, char **argv)
{
	char *p = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;
	(void)argv;
	/* an int and a long that straddle the page boundary */
	*(int *)(p + 4094) = 0x11223344;
	*(long *)(p + 4092) = 0x0102030405060708L;
	printf("%x %lx %d\\n", *(int *)(p + 4094), *(long *)(p + 4092), p[4096]);
	if (argc == 2) { mprotect(p + 4096, 4096, PROT_READ); for (i = 0; i < 8192; i++) p[i] = 1; }
	if (argc == 3) { munmap(p + 4096, 4096); for (i = 0; i < 8192; i++) p[i] = 2; }
	if (argc == 4) { for (i = 0; i < 100000; i++) p[i] = 3; }
	printf("survived\\n");
	return 0;
}
`;

const DEEP = `#include <stdio.h>
static long down(int n) { char buf[200]; buf[n % 200] = (char)n; return n ? down(n - 1) + buf[n % 200] : 0; }
static int four(void) { char b[4 << 20]; int i; for (i = 0; i < (4 << 20); i += 4096) b[i] = (char)i; return b[0] + b[4096]; }
static int sixteen(void) { char b[16 << 20]; b[0] = 1; return b[0]; }
int main(int argc, char **argv)
{
	(void)argv;
	printf("%ld %d\\n", down(3000), four());
	if (argc > 1) printf("%d\\n", sixteen());
	return 0;
}
`;

describe('cc vm: loop regions and plain functions compute what gcc -O0 computes', () => {
  test('break, continue, return from loops (scalar and struct), do-while, nested loops, wrap-around, 64-bit past 2^53, doubles', async () => {
    const r = await run('gcc -o loops loops.c && ./loops', { files: { 'loops.c': LOOPS } });
    expect(r.out).toBe('4259860975 1831061905 5924 16 42\n2866337510376752556 2666644166800000 -15872 58 0.510303\n1331 11 -1 3628800\n969903 10 9999\n');
  });
  test('page-straddling accesses are exact; writes into a page made read-only, an unmapped page or past a mapping are SIGSEGV', async () => {
    const r = await run('gcc -o f f.c; ./f; echo $?; ./f a; echo $?; ./f a b; echo $?; ./f a b c; echo $?', { files: { 'f.c': FAULTS } });
    const head = '3040506 102030405060708 4\n';
    expect(r.out).toMatch(new RegExp(`^${head}survived\\n0\\n${head}.*Segmentation fault.*\\n139\\n${head}.*Segmentation fault.*\\n139\\n${head}.*Segmentation fault.*\\n139\\n$`));
  });
  test('the stack grows for recursion and a 4 MiB frame (its loop is a region); a 16 MiB frame is SIGSEGV', async () => {
    const r = await run('gcc -o deep deep.c; ./deep; echo $?; ./deep x; echo $?', { files: { 'deep.c': DEEP } });
    expect(r.out).toMatch(/^1020 0\n0\n1020 0\n.*Segmentation fault.*\n139\n$/);
  });
});

describe('cc vm: time slicing', () => {
  type Term = Awaited<ReturnType<typeof terminal>>;
  let open: Term[] = [];
  afterEach(() => { for (const t of open) t.machine.dispose(); open = []; });
  const runaway: Record<string, string> = {
    'while (1);': 'int main(void)\n{\n\twhile (1);\n}\n',
    'nested loops': 'int main(void)\n{\n\tvolatile int x = 0;\n\tfor (;;) for (int i = 0; i < 1000; i++) x += i;\n}\n',
    'a loop calling plain functions': 'static int f(int v) { return v * 3 + 1; }\nint main(void)\n{\n\tunsigned s = 0;\n\tfor (;;) s += f((int)s);\n}\n',
  };
  for (const [name, src] of Object.entries(runaway)) {
    test(`Ctrl-C stops ${name} within 100 ms`, async () => {
      const t = await terminal({ profile: 'debian-12', files: { 'spin.c': src } });
      open.push(t);
      await t.waitFor('$ ');
      let from = t.screen.length;
      t.type('gcc -o spin spin.c\r');
      await t.waitFor(/\$ $/, 5000, from + 10);
      t.type('./spin\r');
      await new Promise((r) => setTimeout(r, 300));
      from = t.screen.length;
      const t0 = Date.now();
      t.type('\x03');
      await t.waitFor(/\^C\n.*\$ $/, 2000, from);
      const ms = Date.now() - t0;
      expect(ms).toBeLessThan(100);
    });
  }
});
