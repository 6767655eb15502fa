// The interpreter through `bash -c` (run()): subshell isolation, processes and pipes, $$, exit statuses,
// scripts, dash mode. Expected texts were checked against bash 5.2 / dash 0.5.12 of Debian 12.
import { describe, expect, it } from 'vitest';
import { run } from './harness.ts';

const deb = { profile: 'debian-12' as const };

describe('shell: subshells never change the parent', () => {
  it('( ) keeps variables, cwd, functions and options', async () => {
    const r = await run('x=1; f() { echo f1; }; (x=2; cd /; f() { echo f2; }; set -e; echo "in $x $PWD"); echo "out $x $PWD"; f; false; echo still', { ...deb, cwd: '/tmp' });
    expect(r.out).toBe('in 2 /\nout 1 /tmp\nf1\nstill\n');
  });
  it('pipeline stages run in subshells', async () => {
    const r = await run('x=1; echo 5 | read x; echo $x; echo a | { read y; echo "got $y"; }; echo "y=$y"', deb);
    expect(r.out).toBe('1\ngot a\ny=\n');
  });
  it('$(...) runs in a subshell and strips trailing newlines', async () => {
    const r = await run('x=1; y=$(x=2; echo $x; echo; echo); echo "[$y] $x"; echo $(echo hi)', deb);
    expect(r.out).toBe('[2] 1\nhi\n');
  });
});

describe('shell: processes', () => {
  it('$$ is the shell pid, also in subshells; $BASHPID is not', async () => {
    const r = await run('echo $$; (echo $$); echo $(echo $$); (echo $BASHPID)', deb);
    const [a, b, c, d] = r.out.trim().split('\n');
    expect(a).toMatch(/^\d+$/);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(d).not.toBe(a);
    expect(Number(a)).toBe(r.machine.shellPid(0));
  });
  it('$! is the pid of the last background job', async () => {
    const r = await run('sleep 1 & echo $!; jobs -p; wait', deb);
    const [pid, listed] = r.out.trim().split('\n');
    expect(listed).toBe(pid);
  });
  it('each pipeline stage is its own process in one group', async () => {
    const r = await run('cat /proc/self/stat | cat; echo ${PIPESTATUS[*]}', deb);
    expect(r.out).toMatch(/^\d+ \(cat\) /);
    expect(r.out.trim().split('\n').pop()).toBe('0 0');
  });
  it('SIGPIPE ends a writer cleanly', async () => {
    const r = await run('yes | head -2; echo "${PIPESTATUS[*]}"', deb);
    expect(r.out).toBe('y\ny\n141 0\n');
  });
  it('exit statuses: exit N, 127 not found, 126 not executable, 128+signal', async () => {
    expect((await run('exit 3', deb)).status).toBe(3);
    expect((await run('(exit 300); echo $?', deb)).out).toBe('44\n');
    const nf = await run('nosuchcmd', deb);
    expect(nf.out).toBe('bash: line 1: nosuchcmd: command not found\n');
    expect(nf.status).toBe(127);
    const perm = await run('touch /tmp/x; /tmp/x', deb);
    expect(perm.out).toBe('bash: line 1: /tmp/x: Permission denied\n');
    expect(perm.status).toBe(126);
    const missing = await run('./x', deb);
    expect(missing.out).toBe('bash: line 1: ./x: No such file or directory\n');
    expect(missing.status).toBe(127);
    expect((await run('sleep 10 & kill -TERM $!; wait $!; echo $?', deb)).out).toBe('143\n');
  });
  it('a file without #! runs as a shell script (ENOEXEC), with #! through the kernel', async () => {
    const r = await run("printf 'echo plain $0 $1\\n' > /tmp/p; chmod +x /tmp/p; /tmp/p a; printf '#!/bin/sh\\necho bang $1\\n' > /tmp/q; chmod +x /tmp/q; /tmp/q b", deb);
    expect(r.out).toBe('plain /tmp/p a\nbang b\n');
  });
  it('PATH search needs the execute bit', async () => {
    const r = await run("mkdir -p /tmp/b1 /tmp/b2; printf 'echo one\\n' > /tmp/b1/tool; printf 'echo two\\n' > /tmp/b2/tool; chmod +x /tmp/b2/tool; PATH=/tmp/b1:/tmp/b2:$PATH; tool; type tool", deb);
    expect(r.out).toBe('two\ntool is hashed (/tmp/b2/tool)\n');
  });
  it('runs a long builtin loop without blocking other processes', async () => {
    const r = await run('i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; echo $i', deb);
    expect(r.out).toBe('2000\n');
  });
});

describe('shell: builtins', () => {
  it('kill -l prints the signal table', async () => {
    const r = await run('kill -l', deb);
    expect(r.out.split('\n')[0]).toBe(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP');
    expect(r.out.split('\n')[6]).toBe('31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3');
    expect(r.out.endsWith('63) SIGRTMAX-1\t64) SIGRTMAX\t\n')).toBe(true);
  });
  it('traps: EXIT runs once at the end, subshells reset traps but keep ignored signals', async () => {
    expect((await run("trap 'echo bye' EXIT; (echo sub); x=$(echo cs); echo main $x", deb)).out).toBe('sub\nmain cs\nbye\n');
    expect((await run('trap "" INT; (trap); trap', deb)).out).toBe("trap -- '' SIGINT\ntrap -- '' SIGINT\n");
  });
  it('eval break reaches the enclosing loop', async () => {
    expect((await run('for i in 1 2 3; do eval break; done; echo $i', deb)).out).toBe('1\n');
  });
  it('functions run in pipeline stages', async () => {
    expect((await run('f() { echo f; }; echo | f; f | cat', deb)).out).toBe('f\nf\n');
  });
  it('cd keeps a logical $PWD through symlinks; pwd -P resolves', async () => {
    expect((await run('cd /bin; pwd; pwd -P; echo $PWD; cd ..; pwd', deb)).out).toBe('/bin\n/usr/bin\n/bin\n/\n');
  });
  it('HOME comes from /etc/passwd when the environment has none', async () => {
    expect((await run('env -i /bin/bash -c "cd; pwd"', deb)).out).toBe('/home/student\n');
  });
});

describe('shell: scripts', () => {
  it('bash file args, $0 and set -e', async () => {
    const r = await run("printf 'echo $0 $# $1\\nset -e\\nfalse\\necho no\\n' > /tmp/s.sh; bash /tmp/s.sh x y; echo $?", deb);
    expect(r.out).toBe('/tmp/s.sh 2 x\n1\n');
  });
  it('bash -c with a name and arguments', async () => {
    const r = await run("bash -c 'echo $0 $1 $#; foo' myname a b", deb);
    expect(r.out).toBe('myname a 2\nmyname: line 1: foo: command not found\n');
  });
  it('errors in scripts carry the file and line', async () => {
    const r = await run("printf 'true\\nfoo\\ncd /nope\\n' > /tmp/e.sh; bash /tmp/e.sh", deb);
    expect(r.out).toBe('/tmp/e.sh: line 2: foo: command not found\n/tmp/e.sh: line 3: cd: /nope: No such file or directory\n');
    expect(r.status).toBe(1);
  });
  it('a missing script', async () => {
    const r = await run('bash /tmp/none.sh', deb);
    expect(r.out).toBe('bash: /tmp/none.sh: No such file or directory\n');
    expect(r.status).toBe(127);
  });
  it('source runs in the current shell with return', async () => {
    const r = await run("printf 'v=set\\nreturn 3\\necho no\\n' > /tmp/lib.sh; . /tmp/lib.sh; echo $? $v", deb);
    expect(r.out).toBe('3 set\n');
  });
  it('reads a script from stdin', async () => {
    const r = await run("echo 'echo from stdin; foo' | bash", deb);
    expect(r.out).toBe('from stdin\nbash: line 1: foo: command not found\n');
  });
});

describe('sh (dash)', () => {
  it("uses dash's messages", async () => {
    const r = await run("sh -c 'foo'; sh -c 'cd /nope'; sh -c 'echo )'; sh -c 'if true; then'; sh -c 'exit 4'; echo $?", deb);
    expect(r.out).toBe('sh: 1: foo: not found\nsh: 1: cd: can\'t cd to /nope\nsh: 1: Syntax error: ")" unexpected\n' +
      'sh: 1: Syntax error: end of file unexpected (expecting "fi")\n4\n');
  });
  it('has no brace expansion', async () => {
    expect((await run("sh -c 'echo {a,b}'", deb)).out).toBe('{a,b}\n');
  });
  it("has dash's echo", async () => {
    expect((await run("sh -c 'echo \"a\\tb\"; echo -e x; echo -n y'", deb)).out).toBe('a\tb\n-e x\ny');
  });
  it('is the same interpreter for scripts', async () => {
    const r = await run("printf 'x=1\\nfor i in a b; do echo $i$x; done\\nnope\\n' > /tmp/d.sh; sh /tmp/d.sh", deb);
    expect(r.out).toBe('a1\nb1\n/tmp/d.sh: 3: nope: not found\n');
  });
});

describe('shell: time and job reports', () => {
  it('time prints real/user/sys on stderr', async () => {
    const r = await run('time sleep 1', deb);
    expect(r.out).toMatch(/^\nreal\t0m1\.0\d\ds\nuser\t0m0\.\d{3}s\nsys\t0m0\.\d{3}s\n$/);
  });
  it('a background job killed by a signal is reported', async () => {
    const r = await run('sleep 100 & kill -9 $!; wait; echo after', deb);
    expect(r.out).toMatch(/^bash: line 1: +\d+ Killed {18}sleep 100\nafter\n$/);
  });
  it('job texts in bash\'s canonical form (make_command_string): spaced redirections, subshells, groups, pipes', async () => {
    // the `jobs` lines of `bash --norc -i -c '…'` run here (script -qc), for the same four jobs
    const r = await run('sleep 1 >/dev/null 2>&1 & (cd /tmp;sleep 1)& { sleep 1;}&sleep 1|cat>/dev/null& jobs; wait', deb);
    expect(r.out).toBe('[1]   Running                 sleep 1 > /dev/null 2>&1 &\n[2]   Running                 ( cd /tmp; sleep 1 ) &\n' +
      '[3]-  Running                 { sleep 1; } &\n[4]+  Running                 sleep 1 | cat > /dev/null &\n');
  });
  it('a foreground program killed by a signal is reported with its command', async () => {
    // Debian writes no core (core_pattern "core", ulimit -c 0): no "(core dumped)", as bash prints here
    const r = await run("sh -c 'kill -SEGV $$'; echo $?", deb);
    expect(r.out).toMatch(/^bash: line 1: +\d+ Segmentation fault {6}sh -c 'kill -SEGV \$\$'\n139\n$/);
    // Ubuntu 18.04 pipes cores to apport, which a soft limit of 0 does not stop
    const u = await run("sh -c 'kill -SEGV $$'; echo $?", { profile: 'ubuntu-18.04' });
    expect(u.out).toMatch(/^bash: line 1: +\d+ Segmentation fault {6}\(core dumped\) sh -c 'kill -SEGV \$\$'\n139\n$/);
  });
});
