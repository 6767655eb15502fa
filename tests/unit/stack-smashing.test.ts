// Overrunning a stack buffer, against the real thing. Captured here on Debian 12 (gcc 12, glibc 2.36, strace 6.1):
//   gcc -o smash smash.c && strace ./smash AAAA…(38)                  → the saved return address is overwritten
//   gcc -fstack-protector-strong -o smashp smash.c && strace ./smashp AAAA…(30)   → the canary catches it
//   gcc -o df df.c && strace ./df                                      → malloc_printerr, the same abort path
// (pids and addresses aside). Ubuntu 18.04's gcc protects by default; its glibc 2.27 message names no program.
import { describe, expect, test } from 'vitest';
import { newMachine, run } from './harness.ts';

const SMASH_C = `#include <stdio.h>
#include <string.h>

static void copy(const char *s)
{
	char buf[8];

	strcpy(buf, s);
	printf("copied %s\\n", buf);
}

int main(int argc, char **argv)
{
	copy(argc > 1 ? argv[1] : "short");
	return 0;
}
`;
const DF_C = '#include <stdlib.h>\nint main(void) { void *p = malloc(16); free(p); free(p); return 0; }\n';
const A = (n: number) => 'A'.repeat(n);
/** The last `n` lines, pids, addresses and strace's column padding (which follows the pid's width) left out. */
const tail = (out: string, n: number) => out.trimEnd().split('\n').slice(-n).map((l) => l
  .replace(/^(gettid|getpid)\(\)\s+= \d+$/, '$1() = PID').replace(/^tgkill\(\d+, \d+, /, 'tgkill(PID, PID, ')
  .replace(/si_pid=\d+, si_uid=\d+/, 'si_pid=PID, si_uid=UID').replace(/= 0x[0-9a-f]+$/, '= ADDR').replace(/\s+= /, ' = '));

const REAL_ABORT_2_36 = [
  'rt_sigprocmask(SIG_UNBLOCK, [ABRT], NULL, 8) = 0',
  'gettid() = PID',
  'getpid() = PID',
  'tgkill(PID, PID, SIGABRT) = 0',
  '--- SIGABRT {si_signo=SIGABRT, si_code=SI_TKILL, si_pid=PID, si_uid=UID} ---',
  '+++ killed by SIGABRT +++',
];

async function machineWith(profile: 'debian-12' | 'ubuntu-18.04') {
  const m = newMachine({ profile });
  m.writeFile('smash.c', SMASH_C);
  m.writeFile('df.c', DF_C);
  return m;
}

describe('stack smashing', () => {
  test('debian-12, no protector (Debian’s default): `ret` to 0x4141414141414141 is a general-protection SIGSEGV', { timeout: 60_000 }, async () => {
    const m = await machineWith('debian-12');
    const r = await run(`gcc -o smash smash.c && ./smash short; ./smash ${A(38)} > out.txt; echo $?; cat out.txt; strace ./smash ${A(38)} 2>&1 >/dev/null | tail -2`, { machine: m });
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('copied short');
    expect(lines[1]).toMatch(/^bash: line 1: +\d+ Segmentation fault {6}\.\/smash A+ > out\.txt$/);
    expect(lines[2]).toBe('139');
    // the program's line was in stdout's buffer (a file: fully buffered) when it died: lost, as on Linux
    expect(tail(r.out, 2)).toEqual(['--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL} ---', '+++ killed by SIGSEGV +++']);
    m.dispose();
  });

  test('debian-12, -fstack-protector-strong: __stack_chk_fail’s message, then abort — the real system calls', { timeout: 60_000 }, async () => {
    const m = await machineWith('debian-12');
    const r = await run(`gcc -fstack-protector-strong -o smashp smash.c && ./smashp ${A(8)} && strace ./smashp ${A(30)} 2>&1 >/dev/null | tail -9`, { machine: m });
    // eight characters and the NUL: the NUL lands on the canary's low byte, which glibc keeps 0 for this reason
    expect(r.out.split('\n')[0]).toBe(`copied ${A(8)}`);
    expect(tail(r.out, 9)).toEqual([
      'writev(2, [{iov_base="*** ", iov_len=4}, {iov_base="stack smashing detected", iov_len=23}, {iov_base=" ***: terminated\\n", iov_len=17}], 3*** stack smashing detected ***: terminated',
      ') = 44',
      'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = ADDR',
      ...REAL_ABORT_2_36,
    ]);
    const b = await run(`./smashp ${A(30)}; echo $?`, { machine: m });
    expect(b.out).toMatch(/^copied A{30}\n\*\*\* stack smashing detected \*\*\*: terminated\nbash: line 1: +\d+ Aborted {17}\.\/smashp A{30}\n134\n$/);
    m.dispose();
  });

  test('debian-12: a double free ends the same way (malloc_printerr)', { timeout: 60_000 }, async () => {
    const m = await machineWith('debian-12');
    const r = await run('gcc -o df df.c && strace ./df 2>&1 | tail -9', { machine: m });
    expect(tail(r.out, 9)).toEqual([
      'writev(2, [{iov_base="free(): double free detected in "..., iov_len=40}, {iov_base="\\n", iov_len=1}], 2free(): double free detected in tcache 2',
      ') = 41',
      'mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = ADDR',
      ...REAL_ABORT_2_36,
    ]);
    m.dispose();
  });

  test('ubuntu-18.04: gcc protects by default; glibc 2.27 says "<unknown> terminated"; apport takes the core', { timeout: 60_000 }, async () => {
    const m = await machineWith('ubuntu-18.04');
    const r = await run(`gcc -o smash smash.c && ./smash ${A(24)}; echo $?`, { machine: m });
    expect(r.out).toMatch(/^copied A{24}\n\*\*\* stack smashing detected \*\*\*: <unknown> terminated\nbash: line 1: +\d+ Aborted {17}\(core dumped\) \.\/smash A{24}\n134\n$/);
    m.dispose();
  });
});
