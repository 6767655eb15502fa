// Resource limits: bash's `ulimit` and what the limits do, against this machine's real bash 5.2, glibc 2.36 and
// kernel: RUN below ran with `bash run2.sh` here (big.c mallocs 100 MiB; deep.c recurses through 100 frames of
// 4 KiB) and printed REAL_RUN; `ulimit -a` printed REAL_A (this machine's open-files and RAM-derived figures are
// its own: the simulated login has a session's 1024 open files and the profile's RAM).
import { describe, expect, test } from 'vitest';
import { runWithFiles } from './harness.ts';

const BIG_C = "#include <stdio.h>\n#include <stdlib.h>\n\nint main(void)\n{\n\tvoid *p = malloc(100 << 20);\n\n\tprintf(\"%s\\n\", p ? \"got it\" : \"NULL\");\n\treturn 0;\n}\n";
const DEEP_C = "#include <stdio.h>\n\nstatic int down(int n)\n{\n\tchar frame[4096];\n\n\tframe[0] = (char)n;\n\treturn n ? down(n - 1) + frame[0] : 0;\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", down(100));\n\treturn 0;\n}\n";
const RUN = "(ulimit -v 50000; ./big; strace ./big 2>&1 | grep -E \"^(mmap\\(NULL, 1048|brk)\" | tail -3)\n(ulimit -s 200; ./deep; echo rc=$?)\n(ulimit -s 1000; ./deep; strace ./deep 2>&1 | grep prlimit)\n(ulimit -c unlimited; ulimit -s 200; ./deep; echo rc=$?)\n(ulimit -n 3; cat /etc/hostname; ls > /dev/null; echo rc=$?)\n(ulimit -v 3000; ls; echo rc=$?)\n";
const REAL_RUN = "NULL\nbrk(0x56326485d000)                     = 0x56326485d000\nmmap(NULL, 104861696, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)\nbrk(0x56326ac5d000)                     = 0x56326485d000\nrun2.sh: line 2:  5197 Segmentation fault      ./deep\nrc=139\n5050\nprlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=1000*1024, rlim_max=1000*1024}) = 0\nrun2.sh: line 4:  5206 Segmentation fault      (core dumped) ./deep\nrc=139\ncat: error while loading shared libraries: libc.so.6: cannot open shared object file: Error 24\nrun2.sh: line 5: /dev/null: Too many open files\nrc=1\nls: error while loading shared libraries: libpcre2-8.so.0: failed to map segment from shared object\nrc=127\n";
const REAL_A = "real-time non-blocking time  (microseconds, -R) unlimited\ncore file size              (blocks, -c) 0\ndata seg size               (kbytes, -d) unlimited\nscheduling priority                 (-e) 0\nfile size                   (blocks, -f) unlimited\npending signals                     (-i) 96365\nmax locked memory           (kbytes, -l) 8192\nmax memory size             (kbytes, -m) unlimited\nopen files                          (-n) 20000\npipe size                (512 bytes, -p) 8\nPOSIX message queues         (bytes, -q) 819200\nreal-time priority                  (-r) 0\nstack size                  (kbytes, -s) 8192\ncpu time                   (seconds, -t) unlimited\nmax user processes                  (-u) 96365\nvirtual memory              (kbytes, -v) unlimited\nfile locks                          (-x) unlimited\n";

/** Pids and brk addresses aside. */
const plain = (s: string) => s.replace(/(line \d+:) +\d+/g, '$1 PID').replace(/run5\.sh/g, 'SCRIPT').replace(/0x[0-9a-f]{12}/g, 'ADDR').replace(/run2\.sh/g, 'SCRIPT');

describe('ulimit', () => {
  test('debian-12: ulimit -a as bash 5.2 prints it', async () => {
    const out = await runWithFiles({}, 'ulimit -a', { profile: 'debian-12' });
    const shape = (s: string) => s.split('\n').map((l) => l.replace(/ \S+$/, ''));
    expect(shape(out)).toEqual(shape(REAL_A));
    expect(out).toContain('stack size                  (kbytes, -s) 8192\n');
    expect(out).toContain('open files                          (-n) 1024\n');
  });

  test('debian-12: the limits act — ENOMEM, SIGSEGV on stack growth, prlimit64, a core dump, EMFILE, ld.so\'s errors', { timeout: 60_000 }, async () => {
    const out = await runWithFiles({ 'big.c': BIG_C, 'deep.c': DEEP_C, 'run2.sh': RUN }, 'gcc -o big big.c && gcc -o deep deep.c && bash run2.sh 2>&1', { profile: 'debian-12' });
    expect(plain(out)).toBe(plain(REAL_RUN));
  });

  test('limits pass to children; the hard limit cannot go back up; -p is fixed', async () => {
    const out = await runWithFiles({}, "ulimit -s 4096; bash -c 'ulimit -s; ulimit -Hs'; ulimit -s 8192; echo $?; ulimit -S -n 10; ulimit -n; ulimit -Hn; ulimit -p 16", { profile: 'debian-12' });
    expect(out).toBe('4096\n4096\nbash: line 1: ulimit: stack size: cannot modify limit: Operation not permitted\n1\n10\n524288\n' +
      'bash: line 1: ulimit: pipe size: cannot modify limit: Invalid argument\n');
  });

  test('debian-12: an unlimited stack puts the mmap area under the 5/6 cap, top-down (setarch -R, the real addresses)', async () => {
    const out = await runWithFiles({}, 'ulimit -s unlimited; setarch -R cat /proc/self/maps', { profile: 'debian-12' });
    // bash -c 'ulimit -s unlimited; setarch -R cat /proc/self/maps' here: ld.so's text at 0x155555522000, [vdso] below it
    expect(out).toMatch(/^155555522000-155555548000 r-xp 00001000 \S+ \d+ +\/usr\/lib\/x86_64-linux-gnu\/ld-linux-x86-64\.so\.2$/m);
    expect(out).toMatch(/^15555551f000-155555521000 r-xp 00000000 00:00 0 +\[vdso\]$/m);
  });

  test('debian-12: how little stack a program starts in, and an exec with no address space left (the real thresholds)', { timeout: 60_000 }, async () => {
    // run4.sh / run5.sh ran here (`bash run4.sh`, `bash run5.sh`): RUN4 raises the limit until each program starts
    const RUN4 = "for p in ./big ./e-static /bin/true \"/bin/ls /\" \"/bin/ps -p 1\" \"/bin/sleep 0\"; do for s in 4 8 12 16 20 24; do if setarch -R env -i bash -c \"ulimit -s $s; $p >/dev/null 2>&1; test \\$? -lt 128\" 2>/dev/null; then echo \"$p: ok at $s\"; break; fi; done; done\n";
    const REAL4 = "./big: ok at 8\n./e-static: ok at 4\n/bin/true: ok at 8\n/bin/ls /: ok at 12\n/bin/ps -p 1: ok at 8\n/bin/sleep 0: ok at 8\n";
    const RUN5 = "(ulimit -v 1; ls; echo rc=$?)\n(ulimit -v 200; ls; echo rc=$?)\n";
    const REAL5 = "run5.sh: line 1: 16114 Segmentation fault      ls\nrc=139\nrun5.sh: line 2: 16116 Segmentation fault      ls\nrc=139\n";
    const E_C = 'int main(void){return 0;}\n';
    const out = await runWithFiles({ 'big.c': BIG_C, 'e.c': E_C, 'run4.sh': RUN4, 'run5.sh': RUN5 },
      'gcc -o big big.c && gcc -static -o e-static e.c && bash run4.sh 2>&1 && bash run5.sh 2>&1', { profile: 'debian-12' });
    expect(plain(out)).toBe(plain(REAL4 + REAL5));
  });

  test('/proc/PID/limits: the kernel\'s table, and what ulimit set', async () => {
    const REAL_LIMITS = "Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax file size             unlimited            unlimited            bytes     \nMax data size             unlimited            unlimited            bytes     \nMax stack size            8388608              unlimited            bytes     \nMax core file size        0                    unlimited            bytes     \nMax resident set          unlimited            unlimited            bytes     \nMax processes             96365                96365                processes \nMax open files            20000                20000                files     \nMax locked memory         8388608              8388608              bytes     \nMax address space         unlimited            unlimited            bytes     \nMax file locks            unlimited            unlimited            locks     \nMax pending signals       96365                96365                signals   \nMax msgqueue size         819200               819200               bytes     \nMax nice priority         0                    0                    \nMax realtime priority     0                    0                    \nMax realtime timeout      unlimited            unlimited            us        \n"; // cat /proc/self/limits here
    // this machine's processes, open files and pending signals are its own; the columns and the rest are the kernel's
    const mask = (s: string) => s.replace(/^(Max (processes|open files|pending signals) +)\d+ +\d+ +/gm, (_m, a: string) => `${a}N N `);
    const out = await runWithFiles({}, "cat /proc/self/limits; ulimit -s 100; grep stack /proc/self/limits", { profile: 'debian-12' });
    const [table, stack] = [out.split('\n').slice(0, 17).join('\n') + '\n', out.split('\n')[17]];
    expect(mask(table)).toBe(mask(REAL_LIMITS));
    expect(stack).toBe('Max stack size            102400               102400               bytes     ');
  });

  test('getrlimit/setrlimit from C: the values, EPERM, and glibc\'s prlimit64 calls (the real build and strace here)', { timeout: 60_000 }, async () => {
    const RL_C = "#include <stdio.h>\n#include <sys/resource.h>\n\nint main(void)\n{\n\tstruct rlimit r;\n\n\tif (getrlimit(RLIMIT_STACK, &r) == 0)\n\t\tprintf(\"stack %lu %lu\\n\", (unsigned long)r.rlim_cur, (unsigned long)r.rlim_max);\n\tr.rlim_cur = 64 * 1024;\n\tif (setrlimit(RLIMIT_STACK, &r) != 0)\n\t\tperror(\"setrlimit\");\n\tr.rlim_max = r.rlim_cur = RLIM_INFINITY;\n\tif (setrlimit(RLIMIT_NOFILE, &r) != 0)\n\t\tperror(\"setrlimit\");\n\tgetrlimit(RLIMIT_STACK, &r);\n\tprintf(\"stack %lu %s\\n\", (unsigned long)r.rlim_cur, r.rlim_max == RLIM_INFINITY ? \"unlimited\" : \"limited\");\n\treturn 0;\n}\n";
    const REAL_OUT = "setrlimit: Operation not permitted\nstack 8388608 18446744073709551615\nstack 65536 unlimited\n"; // ./rl > out 2>&1; cat out
    const REAL_TRACE = "prlimit64(0, RLIMIT_NOFILE, {rlim_cur=RLIM64_INFINITY, rlim_max=RLIM64_INFINITY}, NULL) = -1 EPERM (Operation not permitted)\nsetrlimit: Operation not permitted\nprlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=64*1024, rlim_max=RLIM64_INFINITY}) = 0\n+++ exited with 0 +++\n"; // strace -e trace=prlimit64 ./rl 2>&1 >/dev/null | tail -4
    const out = await runWithFiles({ 'rl.c': RL_C }, 'gcc -Wall -o rl rl.c && ./rl > out 2>&1; cat out; strace -e trace=prlimit64 ./rl 2>&1 >/dev/null | tail -4', { profile: 'debian-12' });
    expect(out).toBe(REAL_OUT + REAL_TRACE);
  });

  test('dash (sh): its own table and messages', async () => {
    const REAL_DASH_A = "time(seconds)        unlimited\nfile(blocks)         unlimited\ndata(kbytes)         unlimited\nstack(kbytes)        8192\ncoredump(blocks)     0\nmemory(kbytes)       unlimited\nlocked memory(kbytes) 8192\nprocess              96365\nnofiles              20000\nvmemory(kbytes)      unlimited\nlocks                unlimited\nrtprio               0\n"; // sh -c 'ulimit -a' here (dash 0.5.12)
    const out = await runWithFiles({}, "sh -c 'ulimit -a; ulimit -s abc; echo rc=$?; ulimit -s 100; ulimit -s; ulimit -s 200; echo rc=$?'", { profile: 'debian-12' });
    const names = (s: string) => s.split('\n').slice(0, 12).map((l) => l.replace(/ \S+$/, ''));
    expect(names(out)).toEqual(names(REAL_DASH_A));
    expect(out.split('\n').slice(12).join('\n')).toBe('sh: 1: ulimit: bad number\nrc=2\n100\nsh: 1: ulimit: error setting limit (Operation not permitted)\nrc=2\n');
  });

  test('ubuntu-18.04: bash 4.4\'s narrower list without -R; apport reports a core whatever `ulimit -c` says', { timeout: 60_000 }, async () => {
    const files = { 'deep.c': DEEP_C, 'deep.sh': 'ulimit -s 200\n./deep\necho rc=$?\n' };
    const out = await runWithFiles(files, 'ulimit -a | head -2; gcc -o deep deep.c && bash deep.sh', { profile: 'ubuntu-18.04' });
    expect(out).toMatch(/^core file size {10}\(blocks, -c\) 0\ndata seg size {11}\(kbytes, -d\) unlimited\ndeep\.sh: line 2: +\d+ Segmentation fault {6}\(core dumped\) \.\/deep\nrc=139\n$/);
  });
});
