// User variadic functions (<stdarg.h>) against the real gcc 12 / glibc 2.36 here: VA_C below, built with
// `gcc -Wall -Wextra -o va va.c && ./va > out 2>&1` on Debian 12, printed REAL (stdout and stderr in one file, so
// the order also shows stdio's buffering: stderr unbuffered, stdout a full buffer flushed at exit).
import { describe, expect, test } from 'vitest';
import { runWithFiles } from './harness.ts';

const VA_C = "#include <stdarg.h>\n#include <stdio.h>\n#include <string.h>\n\n/* The sum of `n` ints. */\nstatic int sum(int n, ...)\n{\n\tva_list ap;\n\tint total = 0;\n\n\tva_start(ap, n);\n\twhile (n-- > 0)\n\t\ttotal += va_arg(ap, int);\n\tva_end(ap);\n\treturn total;\n}\n\n/* A logger in the usual shape: a level, then a printf format and its arguments. */\nstatic void logf_(const char *level, const char *fmt, ...)\n{\n\tva_list ap, again;\n\tchar buf[64];\n\tint len;\n\n\tva_start(ap, fmt);\n\tva_copy(again, ap);\n\tfprintf(stderr, \"[%s] \", level);\n\tvfprintf(stderr, fmt, ap);\n\tlen = vsnprintf(buf, sizeof(buf), fmt, again);\n\tva_end(again);\n\tva_end(ap);\n\tprintf(\"(%d bytes: %s)\\n\", len, buf);\n}\n\nstatic double mean(int n, ...)\n{\n\tva_list ap;\n\tdouble s = 0;\n\tint i;\n\n\tva_start(ap, n);\n\tfor (i = 0; i < n; i++)\n\t\ts += va_arg(ap, double);\n\tva_end(ap);\n\treturn s / n;\n}\n\nstatic void both(const char *fmt, ...)\n{\n\tva_list ap;\n\tlong l;\n\tchar *s;\n\n\tva_start(ap, fmt);\n\tl = va_arg(ap, long);\n\ts = va_arg(ap, char *);\n\tva_end(ap);\n\tprintf(fmt, l, s);\n}\n\nint main(void)\n{\n\tvoid (*lp)(const char *, const char *, ...) = logf_;\n\tprintf(\"%d %d %d\\n\", sum(0), sum(3, 1, 2, 3), sum(4, -1, -2, -3, 100000));\n\tlogf_(\"info\", \"%s has %d bytes\\n\", \"page\", 4096);\n\tlp(\"warn\", \"%5.2f%%\\n\", 99.5);\n\tprintf(\"%.3f\\n\", mean(3, 1.0, 2.5, 4.0));\n\tboth(\"%ld %s\\n\", 1234567890123L, \"tail\");\n\tprintf(\"%zu\\n\", sizeof(va_list));\n\treturn 0;\n}\n";
const REAL = "[info] page has 4096 bytes\n[warn] 99.50%\n0 6 99994\n(20 bytes: page has 4096 bytes\n)\n(7 bytes: 99.50%\n)\n2.500\n1234567890123 tail\n24\n";

// `gcc -c fixed.c` (real): va_start in a function without `...` is an error gcc reports once the file is parsed.
const FIXED_C = '#include <stdarg.h>\n\nint f(int n)\n{\n\tva_list ap;\n\tint x;\n\n\tva_start(ap, n);\n\tx = va_arg(ap, int);\n\tva_end(ap);\n\treturn x;\n}\n';
const FIXED_REAL = 'In file included from fixed.c:1:\nfixed.c: In function ‘f’:\nfixed.c:8:9: error: ‘va_start’ used in function with fixed arguments\n' +
  '    8 |         va_start(ap, n);\n      |         ^~~~~~~~\n';

describe('variadic functions', () => {
  test('va_start/va_arg/va_copy/va_end, vfprintf and vsnprintf, a call through a pointer: what the real program prints', { timeout: 60_000 }, async () => {
    expect(await runWithFiles({ 'va.c': VA_C }, 'gcc -Wall -Wextra -o va va.c && ./va > out 2>&1; cat out', { profile: 'debian-12' })).toBe(REAL);
  });

  test('a variadic function in another file (the labs\' logger shape): cc -c twice, then link', { timeout: 60_000 }, async () => {
    const files = {
      'log.h': 'void log_msg(const char *fmt, ...);\n',
      'log.c': '#include <stdarg.h>\n#include <stdio.h>\n#include "log.h"\n\nvoid log_msg(const char *fmt, ...)\n{\n\tva_list ap;\n\n\tva_start(ap, fmt);\n\tfputs("log: ", stdout);\n\tvprintf(fmt, ap);\n\tva_end(ap);\n}\n',
      'main.c': '#include "log.h"\n\nint main(void)\n{\n\tlog_msg("%s %d %c\\n", "ok", 42, \'!\');\n\treturn 0;\n}\n',
    };
    const out = await runWithFiles(files, 'gcc -Wall -c log.c && gcc -Wall -c main.c && gcc -o prog main.o log.o && ./prog', { profile: 'debian-12' });
    expect(out).toBe('log: ok 42 !\n');
  });

  test('misused builtins, gcc 12 byte for byte: a non-va_list to va_start, va_arg of a promoted type (then SIGILL)', { timeout: 60_000 }, async () => {
    const BAD_C = "#include <stdarg.h>\n\nint f(int n)\n{\n\tva_list ap;\n\tint x;\n\n\tva_start(ap, n);\n\tx = va_arg(ap, int);\n\tva_end(ap);\n\treturn x;\n}\n\nint g(int n, ...)\n{\n\tint ap = 0;\n\n\tva_start(ap, n);\n\treturn ap;\n}\n\nint main(void) { return f(1) + g(1); }\n";
    const BAD_REAL = "In file included from bad.c:1:\nbad.c: In function \u2018g\u2019:\nbad.c:18:18: warning: passing argument 1 of \u2018__builtin_va_start\u2019 makes pointer from integer without a cast [-Wint-conversion]\n   18 |         va_start(ap, n);\n      |                  ^~\n      |                  |\n      |                  int\nbad.c:18:18: note: expected \u2018__va_list_tag *\u2019 but argument is of type \u2018int\u2019\nbad.c: In function \u2018f\u2019:\nbad.c:8:9: error: \u2018va_start\u2019 used in function with fixed arguments\n    8 |         va_start(ap, n);\n      |         ^~~~~~~~\n"; // gcc -c bad.c
    const P_C = "#include <stdarg.h>\n#include <stdio.h>\n\nstatic int first(int n, ...)\n{\n\tva_list ap;\n\tchar c;\n\n\tva_start(ap, n);\n\tc = va_arg(ap, char);\n\tva_end(ap);\n\treturn c;\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", first(1, 'x'));\n\treturn 0;\n}\n";
    const P_REAL = "In file included from p.c:1:\np.c: In function \u2018first\u2019:\np.c:10:24: warning: \u2018char\u2019 is promoted to \u2018int\u2019 when passed through \u2018...\u2019\n   10 |         c = va_arg(ap, char);\n      |                        ^\np.c:10:24: note: (so you should pass \u2018int\u2019 not \u2018char\u2019 to \u2018va_arg\u2019)\np.c:10:24: note: if this code is reached, the program will abort\n"; // gcc -c p.c
    expect(await runWithFiles({ 'bad.c': BAD_C }, 'gcc -c bad.c', { profile: 'debian-12' })).toBe(BAD_REAL);
    const out = await runWithFiles({ 'p.c': P_C }, "gcc -c p.c; gcc -o p p.c 2>/dev/null; bash -c './p; echo rc=$?'; strace ./p 2>&1 | tail -2", { profile: 'debian-12' });
    expect(out.startsWith(P_REAL)).toBe(true);
    // the real run: "bash: line 1: PID Illegal instruction ./p", rc=132, --- SIGILL {…, si_code=ILL_ILLOPN, …} ---
    expect(out.slice(P_REAL.length)).toMatch(/^bash: line 1: +\d+ Illegal instruction {5}\.\/p\nrc=132\n--- SIGILL \{si_signo=SIGILL, si_code=ILL_ILLOPN, si_addr=0x[0-9a-f]+\} ---\n\+\+\+ killed by SIGILL \+\+\+\n$/);
  });

  test('va_start in a function with fixed arguments: gcc\'s error', { timeout: 60_000 }, async () => {
    expect(await runWithFiles({ 'fixed.c': FIXED_C }, 'gcc -c fixed.c; echo $?', { profile: 'debian-12' })).toBe(FIXED_REAL + '1\n');
  });
});
