// What execve leaves above main (src/sim/loader/initial-stack.ts) against the real kernel: a program that walks
// argv, envp and the auxiliary vector, built and run here on Debian 12 (kernel 6.18, gcc 12) as
//   gcc -Wall -o auxv auxv.c && setarch -R env -i ./auxv one two && setarch -R env -i A=1 BB=22 ./auxv
// printed REAL below; the simulated gcc's build of the same source must print the same bytes (addresses included:
// without ASLR they depend only on the strings and the tables, which is what decides how deep a stack reaches).
import { describe, expect, test } from 'vitest';
import { run, runWithFiles } from './harness.ts';
import { initialStack } from '../../src/sim/loader/initial-stack.ts';

const AUXV_C = `#include <stdio.h>

int main(int argc, char **argv, char **envp)
{
	unsigned long *aux;
	char **e = envp;
	int i;

	printf("argc %d at %p\\n", argc, (void *)(argv - 1));
	for (i = 0; i < argc; i++)
		printf("argv[%d] %p %s\\n", i, (void *)argv[i], argv[i]);
	while (*e)
		e++;
	printf("envp %p, %d strings\\n", (void *)envp, (int)(e - envp));
	for (aux = (unsigned long *)(e + 1); aux[0] != 0; aux += 2) {
		if (aux[0] == 31 || aux[0] == 15)
			printf("%lu %p %s\\n", aux[0], (void *)aux[1], (char *)aux[1]);
		else if (aux[0] == 25 || aux[0] == 6 || aux[0] == 17 || aux[0] == 4 || aux[0] == 23)
			printf("%lu %#lx\\n", aux[0], aux[1]);
		else
			printf("%lu\\n", aux[0]);
	}
	return 0;
}
`;

const TYPES_6_18 = '33\n51\n16\n6 0x1000\n17 0x64\n3\n4 0x38\n5\n7\n8\n9\n11\n12\n13\n14\n23 0\n25 0x7fffffffefc9\n26\n' +
  '31 0x7fffffffeff1 ./auxv\n15 0x7fffffffefd9 x86_64\n27\n28\n';
const REAL = 'argc 3 at 0x7fffffffee20\nargv[0] 0x7fffffffefe2 ./auxv\nargv[1] 0x7fffffffefe9 one\nargv[2] 0x7fffffffefed two\n' +
  'envp 0x7fffffffee48, 0 strings\n' + TYPES_6_18 + '---\n' +
  'argc 1 at 0x7fffffffee20\nargv[0] 0x7fffffffefe0 ./auxv\nenvp 0x7fffffffee38, 2 strings\n' + TYPES_6_18;

describe('the initial stack', () => {
  test('debian-12: argv, envp and the auxiliary vector at the addresses the real kernel uses', { timeout: 60_000 }, async () => {
    const out = await runWithFiles({ 'auxv.c': AUXV_C }, 'gcc -Wall -o auxv auxv.c && setarch -R env -i ./auxv one two && echo --- && setarch -R env -i A=1 BB=22 ./auxv', { profile: 'debian-12' });
    expect(out).toBe(REAL);
  });

  test('ubuntu-18.04: kernel 4.15 has no AT_MINSIGSTKSZ and no AT_RSEQ_*', { timeout: 60_000 }, async () => {
    const out = await runWithFiles({ 'auxv.c': AUXV_C }, 'gcc -o auxv auxv.c && setarch -R env -i ./auxv', { profile: 'ubuntu-18.04' });
    const types = out.split('\n').slice(3).filter(Boolean).map((l) => Number(l.split(' ')[0]));
    expect(types).toEqual([33, 16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23, 25, 26, 31, 15]);
  });

  test('ASLR moves the tables down by arch_align_stack’s offset (below 8 KiB, 16-byte steps); the strings stay at the top', () => {
    const at = (alignOffset: number) => initialStack({
      stackEnd: 0x7ffffffff000, filename: './a', argv: ['./a'], envp: ['X=1'], alignOffset, randomBytes: new Uint8Array(16),
      auxv: () => [[6, 4096]],
    });
    const none = at(0), most = at(8191);
    expect(none.sp % 16).toBe(0);
    expect(most.sp % 16).toBe(0);
    expect(none.sp - most.sp).toBeGreaterThan(8191 - 16);
    expect(none.sp - most.sp).toBeLessThanOrEqual(8192);
    // argv[0]'s string is at the same place in both: only what create_elf_tables writes moves
    const argv0 = (s: { sp: number; bytes: Uint8Array }) => Number(new DataView(s.bytes.buffer).getBigUint64(8, true));
    expect(argv0(none)).toBe(argv0(most));
    expect(argv0(none)).toBe(0x7ffffffff000 - 8 - 4 - 4 - 4); // the gap, "./a", "X=1", then "./a"
  });

  test('bash passes `_` as the path it runs, after the prefix assignments and the exported variables (real bash 5.2)', async () => {
    const r = await run("env -i HOME=/x PATH=/usr/bin:/bin bash --norc -c 'HOME=/y B=2 env; echo ---; exec env'", { profile: 'debian-12' });
    const [first, second] = r.out.split('---\n');
    const lines = first!.trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['HOME=/y', 'B=2']);
    expect(lines.at(-1)).toBe('_=/usr/bin/env');
    expect(lines.filter((l) => l.startsWith('HOME='))).toHaveLength(1);
    expect(second).not.toMatch(/^_=/m); // the exec builtin sets no `_`
  });
});
