// gcc's stdio builtin folding (gimple_fold_builtin_printf/_fprintf/_fputs), which gcc does even at -O0: the imports,
// .rodata and .text of small programs against the real compiler. Every figure below was captured on Debian 12
// (gcc 12.2.0-14+deb12u1, binutils 2.40) with
//   gcc -g -Wall -Wextra -o PROG PROG.c && size PROG && readelf -SW PROG && nm -D PROG && ltrace ./PROG (objdump -d PROG for the calls)
// .rodata, .plt, .rela.plt, .got.plt, .dynstr, data and bss must match exactly; .text (estimated) within 10%.
import { describe, expect, test } from 'vitest';
import { run } from './harness.ts';

const FILES: Record<string, string> = {
  'p1.c': '#include <stdio.h>\n\nint main(void)\n{\n\tprintf("Hello, World!\\n");\n\treturn 0;\n}\n',
  'p2.c': `#include <stdio.h>

int main(int argc, char **argv)
{
	int c = 'x';

	printf("%s\\n", argv[0]);
	printf("%c", c);
	printf("\\n");
	printf("");
	printf("no newline");
	fprintf(stderr, "warn");
	fprintf(stderr, "%s", argv[0]);
	fprintf(stdout, "!");
	printf("%s", "lit\\n");
	return printf("used\\n") < 0;
}
`,
  'p3.c': '#include <stdio.h>\n\nint main(void)\n{\n\tprintf("%d\\n", 42);\n\tprintf("text");\n\treturn 0;\n}\n',
  // the contexts where a value is unused, literals kept by another use, extra arguments (no fold)
  'p4.c': `#include <stdio.h>
int main(void)
{
	const char *s = "str";
	char *p = "hello\\n";
	int c = 'y';
	printf("hello\\n");
	printf("%s", s);
	printf("%c\\n", c);
	(void)printf("void\\n");
	fprintf(stderr, "%c", c);
	fprintf(stderr, "%s\\n", s);
	printf("%s\\n", "lit");
	printf("two\\n");
	printf("two\\n");
	if (c) printf("cond\\n");
	for (;;) { printf("loop\\n"); break; }
	c ? printf("a\\n") : printf("b\\n");
	printf("x\\n"), printf("y\\n");
	printf("hi\\n", 1);
	fputs("direct", stdout);
	fputs("d", stdout);
	printf("\\xe9");
	return p[0] == 'x';
}
`,
};

const d12 = { profile: 'debian-12', files: FILES } as const;

async function build(p: string) {
  const r = await run(`gcc -g -Wall -Wextra -o ${p} ${p}.c && size ${p} && readelf -SW ${p} && ltrace ./${p} 2>&1 >/dev/null`, d12);
  const sec = (name: string) => {
    const m = new RegExp(`\\] \\${name} +\\S+ +\\S+ +\\S+ +(\\S+)`).exec(r.out);
    return m ? parseInt(m[1]!, 16) : undefined;
  };
  const sz = /^ +(\d+)\t +(\d+)\t +(\d+)\t/m.exec(r.out);
  // (this ltrace also shows main's return into exit(): not a call the program makes, left out)
  const ltrace = r.out.split('\n').filter((l) => /^\w+\(/.test(l) && !l.startsWith('exit(')).map((l) => l.replace(/ +=.*/, '').replace(/0x[0-9a-f]+/g, 'ADDR'));
  // the imports (nm -D's U lines): every one is called here, and each has its .rela.plt entry (24 bytes)
  const imports = [...new Set(ltrace.map((l) => l.replace(/\(.*/s, '')))].sort();
  expect(sec('.rela.plt')).toBe(24 * imports.length);
  return { out: r.out, status: r.status, sec, text: Number(sz?.[1]), data: Number(sz?.[2]), bss: Number(sz?.[3]), imports, ltrace };
}

const near = (sim: number, real: number) => expect(Math.abs(sim - real) / real).toBeLessThan(0.10);

describe('gcc -O0 folds unused stdio calls as gcc 12 does', () => {
  test('printf("text\\n") → puts("text"): the literal without its newline', { timeout: 30_000 }, async () => {
    const b = await build('p1');
    expect(b.imports).toEqual(['puts']); // nm -D: U puts (no printf)
    expect(b.ltrace[0]).toBe('puts("Hello, World!")');
    expect(b.sec('.rodata')).toBe(0x12); // 4 (_IO_stdin_used) + "Hello, World!\0" 14
    expect(b.sec('.plt')).toBe(0x20);
    expect(b.sec('.dynstr')).toBe(0x8d);
    near(b.text, 1316); expect([b.data, b.bss]).toEqual([584, 8]);
  });

  test('every rule: puts, putchar, fwrite, fputs, fputc; printf stays without a newline or when its value is used', { timeout: 30_000 }, async () => {
    const b = await build('p2');
    expect(b.imports).toEqual(['fputc', 'fputs', 'fwrite', 'printf', 'putchar', 'puts']);
    // real ltrace: puts putchar putchar printf fwrite fputs fputc puts printf
    expect(b.ltrace).toEqual([
      'puts("./p2")', 'putchar(120)', 'putchar(10)', 'printf("no newline")',
      expect.stringMatching(/^fwrite\(ADDR, 1, 4, ADDR(warn)?\)$/), expect.stringMatching(/^fputs\("\.\/p2", ADDR/), 'fputc(33, ADDR)',
      'puts("lit")', 'printf("used\\n")',
    ]);
    expect(b.sec('.rodata')).toBe(0x1e); // "%s\n" "%c" "" gone; "no newline" "warn" "lit" "used\n" (+4)
    expect(b.sec('.plt')).toBe(0x70);
    expect(b.sec('.rela.plt')).toBe(0x90);
    expect(b.sec('.got.plt')).toBe(0x48);
    expect(b.sec('.dynstr')).toBe(0xb8);
    near(b.text, 1987); expect([b.data, b.bss]).toEqual([624, 48]);
  });

  test('a format with a conversion, or no newline, stays printf', { timeout: 30_000 }, async () => {
    const b = await build('p3');
    expect(b.imports).toEqual(['printf']);
    expect(b.ltrace).toEqual(['printf("%d\\n", 42)', 'printf("text")']);
    expect(b.sec('.rodata')).toBe(0xd);
    expect(b.sec('.dynstr')).toBe(0x8f);
    near(b.text, 1343); expect([b.data, b.bss]).toEqual([584, 8]);
  });

  test('unused-value contexts, shared literals, extra arguments, fputs of a literal', { timeout: 30_000 }, async () => {
    const b = await build('p4');
    // real (objdump -d): puts printf printf puts fputc fprintf puts puts puts puts puts printf printf puts puts printf fwrite fputc putchar
    // (both arms of the ?: stay printf: their value is the ?:'s)
    expect(b.ltrace).toEqual([
      'puts("hello")', 'printf("%s", ADDR)', 'printf("%c\\n", 121)', 'puts("void")', expect.stringMatching(/^fputc\(121, ADDR/),
      expect.stringMatching(/^fprintf\(ADDR, "%s\\n", ADDR/), 'puts("lit")', 'puts("two")', 'puts("two")', 'puts("cond")', 'puts("loop")',
      'printf("a\\n")', 'puts("x")', 'puts("y")', 'printf("hi\\n", 1)', 'fwrite(ADDR, 1, 6, ADDR)', 'fputc(100, ADDR)', 'putchar(-23)',
    ]);
    expect(b.imports).toEqual(['fprintf', 'fputc', 'fwrite', 'printf', 'putchar', 'puts']);
    // "hello\n" stays (p uses it) beside the new "hello"; "two" once; "%s\n" stays for fprintf; "lit\n"-style formats go
    expect(b.sec('.rodata')).toBe(0x4c);
    expect(b.sec('.plt')).toBe(0x70);
    near(b.text, 2273); expect([b.data, b.bss]).toEqual([624, 48]);
  });
});
