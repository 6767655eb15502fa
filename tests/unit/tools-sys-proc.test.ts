// Process and system tools (ps, pidof, kill, sudo, sleep, env, id, whoami, uname, hostname, pwd, which,
// date, clear, sync) against procps-ng 4.0.2, coreutils 9.1, sudo 1.9.13 and debianutils on Debian 12.
// Each expectation names the real command; pids, users and times are the simulated machine's.
import { afterEach, describe, expect, it } from 'vitest';
import type { Machine } from '../../src/sim/machine.ts';
import { newMachine, run, runTool } from './harness.ts';
import { runOnTty, startBackground } from './tools-sys-harness.ts';

const machines: Machine[] = [];
/** A machine in real time, so a background `sleep 100` is still there when ps looks. */
function liveMachine(opts: Parameters<typeof newMachine>[0] = {}) {
  const m = newMachine({ time: 'real', ...opts });
  machines.push(m);
  return m;
}
afterEach(() => { for (const m of machines.splice(0)) m.dispose(); });

const PS_USAGE = "\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

describe('ps', () => {
  it('default: processes of this terminal and user, PID as wide as pid_max has digits', async () => {
    // ps (on a terminal; ubuntu-18.04 pid_max 32768 → 5 columns)
    const r = await runOnTty(['ps']);
    expect(r.out).toMatch(/^ {2}PID TTY {10}TIME CMD\n {1}\d{4} pts\/0 {4}00:00:00 bash\n {1}\d{4} pts\/0 {4}00:00:00 ps\n$/);
    // pid_max 4194304 (a stock Debian 12 kernel) → 7 columns: "    PID TTY          TIME CMD"
    const d = newMachine({ profile: 'debian-12' });
    d.kernel.info.pidMax = 4194304;
    expect((await runOnTty(['ps'], { machine: d })).out).toMatch(/^ {4}PID TTY {10}TIME CMD\n {3}\d{4} pts\/0 {4}00:00:00 bash\n/);
    expect((await runTool(['ps', '-f'], { machine: d })).stdout.split('\n')[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    expect((await runTool(['ps', 'aux'], { machine: d })).stdout.split('\n')[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
  });

  it('lists a running sleep; -f, aux, -o and -C show it in procps formats', async () => {
    const m = liveMachine();
    const pid = await startBackground(m, ['sleep', '100']);
    // ps -C sleep
    expect((await runTool(['ps', '-C', 'sleep'], { machine: m })).stdout).toBe(`  PID TTY          TIME CMD\n ${pid} pts/0    00:00:00 sleep\n`);
    // ps -ef | grep sleep
    const ef = (await runTool(['ps', '-ef'], { machine: m })).stdout.split('\n');
    expect(ef[0]).toBe('UID        PID  PPID  C STIME TTY          TIME CMD');
    expect(ef).toContain(`student   ${pid}     1  0 09:00 pts/0    00:00:00 sleep 100`);
    expect(ef[1]).toBe('root         1     0  0 09:00 ?        00:00:00 /sbin/init');
    // ps aux
    const aux = (await runTool(['ps', 'aux'], { machine: m })).stdout.split('\n');
    expect(aux[0]).toBe('USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(aux.find((l) => l.includes('sleep 100'))).toMatch(new RegExp(`^student   ${pid}  0\\.0  0\\.0 +\\d+ +\\d+ pts/0    S    09:00   0:00 sleep 100$`));
    // ps -o pid,ppid,comm,stat,etime -p PID ; ps -p PID -o pid=,comm=
    // (real time passes here, so the elapsed seconds may have ticked)
    expect((await runTool(['ps', '-o', 'pid,ppid,comm,stat,etime', '-p', String(pid)], { machine: m })).stdout)
      .toMatch(new RegExp(`^  PID  PPID COMMAND         STAT     ELAPSED\\n ${pid}     1 sleep           S          00:0\\d\\n$`));
    expect((await runTool(['ps', '-p', String(pid), '-o', 'pid=,comm='], { machine: m })).stdout).toBe(` ${pid} sleep\n`);
    expect((await runTool(['ps', '--no-headers', '-o', 'user,uid,tty,time,args', '-p', String(pid)], { machine: m })).stdout)
      .toBe(`student   1000 pts/0    00:00:00 sleep 100\n`);
    // pidof sleep
    expect(await runTool(['pidof', 'sleep'], { machine: m })).toMatchObject({ stdout: `${pid}\n`, status: 0 });
    expect(await runTool(['pidof', '/bin/sleep'], { machine: m })).toMatchObject({ stdout: `${pid}\n`, status: 0 });
    // kill PID ; then it is gone
    expect(await runTool(['kill', String(pid)], { machine: m })).toMatchObject({ stdout: '', stderr: '', status: 0 });
    expect(await runTool(['pidof', 'sleep'], { machine: m })).toMatchObject({ stdout: '', status: 1 });
    expect(await runTool(['kill', String(pid)], { machine: m })).toMatchObject({ stderr: `kill: (${pid}): No such process\n`, status: 1 });
  });

  it('pidof prints the highest pid first', async () => {
    const m = liveMachine();
    const a = await startBackground(m, ['sleep', '100']);
    const b = await startBackground(m, ['sleep', '200']);
    expect((await runTool(['pidof', 'sleep'], { machine: m })).stdout).toBe(`${b} ${a}\n`);
    expect((await runTool(['pidof', '-s', 'sleep'], { machine: m })).stdout).toBe(`${b}\n`);
    expect((await runTool(['pidof', '-o', String(b), 'sleep'], { machine: m })).stdout).toBe(`${a}\n`);
    expect(await runTool(['pidof', '-q', 'sleep'], { machine: m })).toMatchObject({ stdout: '', status: 0 });
    expect((await runTool(['kill', '-9', String(a), String(b)], { machine: m })).status).toBe(0);
  });

  it('errors print the message and the short usage', async () => {
    // ps -o x ; ps zzz ; ps -p ; ps -p abc ; ps -b ; ps --foo ; ps -u nosuchuser
    for (const [args, msg] of [
      [['-o', 'x'], 'unknown user-defined format specifier "x"'], [['zzz'], 'unsupported option (BSD syntax)'],
      [['-p'], 'list of process IDs must follow -p'], [['-p', 'abc'], 'process ID list syntax error'], [['-p', '0'], 'process ID out of range'],
      [['-b'], 'unsupported SysV option'], [['--foo'], 'unknown gnu long option'], [['-u', 'nosuchuser'], 'user name does not exist'],
      [['-o'], 'format specification must follow -o'], [['--sort=foo'], 'unknown sort specifier'], [['-'], 'garbage option'],
    ] as [string[], string][]) {
      expect(await runTool(['ps', ...args]), args.join(' ')).toMatchObject({ stdout: '', stderr: `error: ${msg}\n${PS_USAGE}`, status: 1 });
    }
    // ps -p 99999: only the header, status 1
    expect(await runTool(['ps', '-p', '99999'])).toMatchObject({ stdout: '  PID TTY          TIME CMD\n', status: 1 });
  });

  it('BSD and SysV format headers', async () => {
    const m = newMachine();
    const head = async (...a: string[]) => (await runTool(['ps', ...a], { machine: m })).stdout.split('\n')[0];
    // ps x ; ps -j ; ps -l ; ps j ; ps -o pid,tty,tt,tname ; ps -o pid:10,comm
    expect(await head('x')).toBe('  PID TTY      STAT   TIME COMMAND');
    expect(await head('-j')).toBe('  PID  PGID   SID TTY          TIME CMD');
    expect(await head('-l')).toBe('F S   UID   PID  PPID  C PRI  NI ADDR SZ WCHAN  TTY          TIME CMD');
    expect(await head('j')).toBe(' PPID   PID  PGID   SID TTY      TPGID STAT   UID   TIME COMMAND');
    expect(await head('-F')).toBe('UID        PID  PPID  C    SZ   RSS PSR STIME TTY          TIME CMD');
    expect(await head('-o', 'pid,tty,tt,tname')).toBe('  PID TT       TT       TTY');
    expect(await head('-o', 'pid:10,comm')).toBe('       PID COMMAND');
    expect(await head('-o', 'pid=P,comm=COMMAND_NAME_LONG')).toBe('    P COMMAND_NAME_LONG');
    expect((await runTool(['ps', '-o', 'cmd,pid', '-p', '1'], { machine: m })).stdout).toBe('CMD                           PID\n/sbin/init                      1\n');
  });

  it('a long command line is cut at the terminal width', async () => {
    const m = liveMachine();
    const pid = await startBackground(m, ['sleep', '100', ...Array.from({ length: 30 }, (_, i) => `${i}s`)]);
    const r = await runOnTty(['ps', '-o', 'pid,args', '-p', String(pid)], { machine: m, cols: 40 });
    // script -qc "stty rows 24 cols 40; ps -o pid,args -p PID"
    expect(r.out).toBe(`  PID COMMAND\n ${pid} sleep 100 0s 1s 2s 3s 4s 5s 6s 7s \n`);
    await runTool(['kill', String(pid)], { machine: m });
  });
});

describe('kill', () => {
  it('-l and -L list signals as procps does', async () => {
    // /bin/kill -l ; /bin/kill -L ; kill -l 9 ; kill -l KILL ; kill -l 200
    expect((await runTool(['kill', '-l'])).stdout).toBe(
      'HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\nCHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n');
    expect((await runTool(['kill', '-L'])).stdout).toBe([
      ' 1 HUP      2 INT      3 QUIT     4 ILL      5 TRAP     6 ABRT     7 BUS',
      ' 8 FPE      9 KILL    10 USR1    11 SEGV    12 USR2    13 PIPE    14 ALRM',
      '15 TERM    16 STKFLT  17 CHLD    18 CONT    19 STOP    20 TSTP    21 TTIN',
      '22 TTOU    23 URG     24 XCPU    25 XFSZ    26 VTALRM  27 PROF    28 WINCH',
      '29 POLL    30 PWR     31 SYS     ', ''].join('\n'));
    expect((await runTool(['kill', '-l', '9'])).stdout).toBe('KILL\n');
    expect((await runTool(['kill', '-l', 'KILL'])).stdout).toBe('9\n');
    expect(await runTool(['kill', '-l', '200'])).toMatchObject({ stderr: 'kill: unknown signal name 200\n', status: 0 });
  });
  it('errors', async () => {
    // /bin/kill 999999 ; kill abc ; kill -s FOO 1 ; kill -z ; kill (no args)
    expect(await runTool(['kill', '99999', '99998'])).toMatchObject({ stderr: 'kill: (99999): No such process\nkill: (99998): No such process\n', status: 1 });
    expect(await runTool(['kill', 'abc'])).toMatchObject({ stderr: "kill: failed to parse argument: 'abc'\n", status: 1 });
    expect(await runTool(['kill', '-s', 'FOO', '1'])).toMatchObject({ stderr: 'kill: (1): Invalid argument\n', status: 1 });
    const usage = (await runTool(['kill', '-z']));
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(/^kill: invalid argument z\n\nUsage:\n kill \[options\] <pid> \[\.\.\.\]\n/);
    expect((await runTool(['kill'])).stderr).toMatch(/^\nUsage:\n kill \[options\] <pid>/);
    // the student may not signal root's processes
    expect(await runTool(['kill', '-9', '1'])).toMatchObject({ stderr: 'kill: (1): Operation not permitted\n', status: 1 });
  });
  it('-SIGNAL forms and signal 0', async () => {
    const m = liveMachine();
    const pid = await startBackground(m, ['sleep', '100']);
    expect((await runTool(['kill', '-0', String(pid)], { machine: m })).status).toBe(0);
    expect((await runTool(['kill', '-s', 'CONT', String(pid)], { machine: m })).status).toBe(0);
    expect((await runTool(['kill', '-0', String(pid)], { machine: m })).status).toBe(0);
    expect((await runTool(['kill', '-SIGKILL', String(pid)], { machine: m })).status).toBe(0);
    expect((await runTool(['kill', '-0', String(pid)], { machine: m })).status).toBe(1);
  });
});

describe('sudo', () => {
  it('runs the command as root in a reset environment', async () => {
    const m = newMachine();
    // sudo id ; sudo env (sudo 1.9.13, env_reset, secure_path)
    expect(await runTool(['sudo', 'id'], { machine: m })).toMatchObject({ stdout: 'uid=0(root) gid=0(root) groups=0(root)\n', status: 0 });
    expect((await runTool(['sudo', 'env'], { machine: m })).stdout).toBe([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C.UTF-8', 'MAIL=/var/mail/root', 'LOGNAME=root',
      'USER=root', 'HOME=/root', 'SHELL=/bin/bash', 'SUDO_COMMAND=/usr/bin/env', 'SUDO_USER=student', 'SUDO_UID=1000', 'SUDO_GID=1000', ''].join('\n'));
    expect((await runTool(['sudo', '-u', 'student', 'id', '-un'], { machine: m })).stdout).toBe('student\n');
    expect((await runTool(['sudo', 'FOO=1', 'env'], { machine: m })).stdout).toContain('FOO=1\n');
  });
  it('passes the exit status through and reports errors like sudo', async () => {
    const m = newMachine();
    expect(await runTool(['sudo', 'false'], { machine: m })).toMatchObject({ status: 1 });
    expect(await runTool(['sudo', 'ls', '/nosuch'], { machine: m })).toMatchObject({ status: 2, stderr: "ls: cannot access '/nosuch': No such file or directory\n" });
    // sudo nosuchcmd ; sudo /etc/passwd ; sudo -u nosuch id ; sudo ; sudo -z
    expect(await runTool(['sudo', 'nosuchcmd'], { machine: m })).toMatchObject({ stderr: 'sudo: nosuchcmd: command not found\n', status: 1 });
    expect(await runTool(['sudo', '/etc/passwd'], { machine: m })).toMatchObject({ stderr: 'sudo: /etc/passwd: command not found\n', status: 1 });
    expect(await runTool(['sudo', '-u', 'nosuch', 'id'], { machine: m })).toMatchObject({ stderr: 'sudo: unknown user nosuch\nsudo: error initializing audit plugin sudoers_audit\n', status: 1 });
    const usage = await runTool(['sudo'], { machine: m });
    expect(usage.status).toBe(1);
    expect(usage.stderr.split('\n')[0]).toBe('usage: sudo -h | -K | -k | -V');
    expect((await runTool(['sudo', '-z'], { machine: m })).stderr.split('\n')[0]).toBe("sudo: invalid option -- 'z'");
  });
  it('echo 3 > /proc/sys/vm/drop_caches: denied for the student, allowed through sudo sh -c', async () => {
    const m = newMachine();
    const levels: number[] = [];
    m.tunables.dropCaches = (l) => levels.push(l);
    // bash: echo 3 > /proc/sys/vm/drop_caches → "Permission denied"
    const denied = await run('echo 3 > /proc/sys/vm/drop_caches', { machine: m });
    expect(denied.status).toBe(1);
    expect(denied.out).toContain('/proc/sys/vm/drop_caches: Permission denied');
    expect(levels).toEqual([]);
    const ok = await run('sudo sh -c "sync; echo 3 > /proc/sys/vm/drop_caches"; echo status=$?', { machine: m });
    expect(ok.out).toBe('status=0\n');
    expect(levels).toEqual([3]);
  });
});

describe('small tools', () => {
  it('--help and --version of the coreutils tools', async () => {
    // ls --help | head -1 ; /bin/ls --help | head -1 ; cp --version | head -1 ; whoami --help
    expect((await runTool(['ls', '--help'])).stdout.split('\n')[0]).toBe('Usage: ls [OPTION]... [FILE]...');
    expect((await runTool(['/bin/ls', '--help'])).stdout.split('\n')[0]).toBe('Usage: /bin/ls [OPTION]... [FILE]...');
    expect((await runTool(['cp', '--help'])).stdout.split('\n').slice(0, 3)).toEqual(['Usage: cp [OPTION]... [-T] SOURCE DEST', '  or:  cp [OPTION]... SOURCE... DIRECTORY', '  or:  cp [OPTION]... -t DIRECTORY SOURCE...']);
    expect((await runTool(['cp', '--version'])).stdout.split('\n')[0]).toBe('cp (GNU coreutils) 9.1');
    expect((await runTool(['dd', '--help'])).stdout.split('\n')[0]).toBe('Usage: dd [OPERAND]...');
    expect(await runTool(['whoami', '--help'])).toMatchObject({ status: 0, stdout: [
      'Usage: whoami [OPTION]...', 'Print the user name associated with the current effective user ID.', 'Same as id -un.', '',
      '      --help        display this help and exit', '      --version     output version information and exit', '',
      'GNU coreutils online help: <https://www.gnu.org/software/coreutils/>', 'Report any translation bugs to <https://translationproject.org/team/>',
      'Full documentation <https://www.gnu.org/software/coreutils/whoami>', "or available locally via: info '(coreutils) whoami invocation'", ''].join('\n') });
  });
  it('whoami, id', async () => {
    const m = newMachine();
    expect((await runTool(['whoami'], { machine: m })).stdout).toBe('student\n');
    expect((await runTool(['whoami'], { machine: m, uid: 0 })).stdout).toBe('root\n');
    // whoami x
    expect(await runTool(['whoami', 'x'], { machine: m })).toMatchObject({ stderr: "whoami: extra operand ‘x’\nTry 'whoami --help' for more information.\n", status: 1 });
    expect((await runTool(['id'], { machine: m })).stdout).toBe('uid=1000(student) gid=1000(student) groups=1000(student),4(adm),27(sudo)\n');
    expect((await runTool(['id', '-u'], { machine: m })).stdout).toBe('1000\n');
    expect((await runTool(['id', '-G'], { machine: m })).stdout).toBe('1000 4 27\n');
    expect((await runTool(['id', '-Gn'], { machine: m })).stdout).toBe('student adm sudo\n');
    expect((await runTool(['id', '-un'], { machine: m })).stdout).toBe('student\n');
    expect((await runTool(['id', 'root'], { machine: m })).stdout).toBe('uid=0(root) gid=0(root) groups=0(root)\n');
    // id -u -g ; id nosuch ; id -n
    expect(await runTool(['id', '-u', '-g'], { machine: m })).toMatchObject({ stderr: 'id: cannot print "only" of more than one choice\n', status: 1 });
    expect(await runTool(['id', 'nosuch'], { machine: m })).toMatchObject({ stderr: 'id: ‘nosuch’: no such user\n', status: 1 });
    expect(await runTool(['id', '-n'], { machine: m })).toMatchObject({ stderr: 'id: cannot print only names or real IDs in default format\n', status: 1 });
  });
  it('uname, hostname', async () => {
    const m = newMachine();
    expect((await runTool(['uname'], { machine: m })).stdout).toBe('Linux\n');
    expect((await runTool(['uname', '-a'], { machine: m })).stdout).toBe('Linux os 4.15.0-213-generic #224-Ubuntu SMP Mon Jun 19 13:30:12 UTC 2023 x86_64 GNU/Linux\n');
    // uname -snrvmpio (p and i print "unknown" only when asked)
    expect((await runTool(['uname', '-snrvmpio'], { machine: m })).stdout).toBe('Linux os 4.15.0-213-generic #224-Ubuntu SMP Mon Jun 19 13:30:12 UTC 2023 x86_64 unknown unknown GNU/Linux\n');
    expect((await runTool(['uname', '-o', '-s'], { machine: m })).stdout).toBe('Linux GNU/Linux\n');
    expect((await runTool(['uname', '-r'], { machine: newMachine({ profile: 'debian-12' }) })).stdout).toBe('6.1.0-28-amd64\n');
    expect(await runTool(['uname', 'x'], { machine: m })).toMatchObject({ stderr: "uname: extra operand ‘x’\nTry 'uname --help' for more information.\n", status: 1 });
    expect((await runTool(['hostname'], { machine: m })).stdout).toBe('os\n');
    expect((await runTool(['hostname', '-s'], { machine: m })).stdout).toBe('os\n');
    expect((await runTool(['hostname', '-i'], { machine: m })).stdout).toBe('127.0.1.1\n');
    expect(await runTool(['hostname', 'x'], { machine: m })).toMatchObject({ stderr: 'hostname: you must be root to change the host name\n', status: 1 });
    expect((await runTool(['hostname', '-z'], { machine: m })).status).toBe(255);
  });
  it('pwd, which, clear, sync', async () => {
    const m = newMachine();
    expect((await runTool(['pwd'], { machine: m, cwd: '/tmp' })).stdout).toBe('/tmp\n');
    // /bin/pwd x ; /bin/pwd -z
    expect(await runTool(['pwd', 'x'], { machine: m })).toMatchObject({ stdout: '/home/student\n', stderr: 'pwd: ignoring non-option arguments\n', status: 0 });
    expect(await runTool(['pwd', '-z'], { machine: m })).toMatchObject({ stderr: "pwd: invalid option -- 'z'\nTry 'pwd --help' for more information.\n", status: 1 });
    // which ls nosuch cat ; which -a sh ; which ; which -z
    expect(await runTool(['which', 'ls', 'nosuch', 'cat'], { machine: m })).toMatchObject({ stdout: '/bin/ls\n/bin/cat\n', status: 1 });
    expect(await runTool(['which', 'sudo'], { machine: m })).toMatchObject({ stdout: '/usr/bin/sudo\n', status: 0 });
    expect(await runTool(['which'], { machine: m })).toMatchObject({ stdout: '', status: 1 });
    expect(await runTool(['which', '-z', 'ls'], { machine: m })).toMatchObject({ stdout: 'Usage: /bin/which [-a] args\n', stderr: 'Illegal option -z\n', status: 2 });
    expect(await runTool(['which', '/bin/ls', './nosuch'], { machine: m })).toMatchObject({ stdout: '/bin/ls\n', status: 1 });
    // TERM=xterm-256color clear | od -c
    expect((await runOnTty(['clear'], { machine: m })).out).toBe('\x1b[H\x1b[2J\x1b[3J');
    expect((await runTool(['clear'], { machine: m })).stderr).toBe('TERM environment variable not set.\n');
    expect(await runTool(['sync'], { machine: m })).toMatchObject({ stdout: '', stderr: '', status: 0 });
    expect((await runTool(['sync', 'nosuch'], { machine: m })).stderr).toBe("sync: error opening 'nosuch': No such file or directory\n");
  });
  it('sleep sums its operands and is ended by a signal', async () => {
    const m = newMachine();
    const t0 = m.kernel.clock.now();
    expect(await runTool(['sleep', '1', '0.5m', '.5'], { machine: m })).toMatchObject({ stderr: '', status: 0 });
    // 31.5 s of sleep, plus the modelled cost of starting sleep (kernel/cost.ts: well under a millisecond)
    expect(m.kernel.clock.now() - t0).toBeGreaterThanOrEqual(31500);
    expect(m.kernel.clock.now() - t0).toBeLessThan(31501);
    // sleep ; sleep x ; sleep 1x 2y ; sleep -1
    expect(await runTool(['sleep'], { machine: m })).toMatchObject({ stderr: "sleep: missing operand\nTry 'sleep --help' for more information.\n", status: 1 });
    expect((await runTool(['sleep', '1x', '2y'], { machine: m })).stderr).toBe("sleep: invalid time interval ‘1x’\nsleep: invalid time interval ‘2y’\nTry 'sleep --help' for more information.\n");
    expect((await runTool(['sleep', '-1'], { machine: m })).stderr).toBe("sleep: invalid option -- '1'\nTry 'sleep --help' for more information.\n");
    const live = liveMachine();
    const pid = await startBackground(live, ['sleep', 'infinity']);
    expect((await runTool(['kill', '-INT', String(pid)], { machine: live })).status).toBe(0);
    expect((await runTool(['kill', '-0', String(pid)], { machine: live })).status).toBe(1);
  });
  it('env', async () => {
    const m = newMachine();
    expect((await runTool(['env'], { machine: m })).stdout).toBe('HOME=/home/student\nPATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\nLANG=C.UTF-8\nUSER=student\n');
    // env -i A=1 B=2 ; env -u PATH -i C=3 ; env -i A=1 env ; env -u HOME
    expect((await runTool(['env', '-i', 'A=1', 'B=2'], { machine: m })).stdout).toBe('A=1\nB=2\n');
    expect((await runTool(['env', '-i', 'A=1', '/usr/bin/env'], { machine: m })).stdout).toBe('A=1\n');
    expect((await runTool(['env', '-u', 'HOME', '-u', 'PATH', 'LANG=C'], { machine: m })).stdout).toBe('LANG=C\nUSER=student\n');
    expect((await runTool(['env', 'USER=x', 'whoami'], { machine: m })).stdout).toBe('student\n');
    // env nosuchcmd ; env -z ; env -u ; env -C /nosuch ls
    expect(await runTool(['env', 'nosuchcmd'], { machine: m })).toMatchObject({ stderr: 'env: ‘nosuchcmd’: No such file or directory\n', status: 127 });
    expect(await runTool(['env', '/etc/passwd'], { machine: m })).toMatchObject({ stderr: 'env: ‘/etc/passwd’: Permission denied\n', status: 126 });
    expect(await runTool(['env', '-z'], { machine: m })).toMatchObject({ stderr: "env: invalid option -- 'z'\nTry 'env --help' for more information.\n", status: 125 });
    expect(await runTool(['env', '-C', '/nosuch', 'ls'], { machine: m })).toMatchObject({ stderr: "env: cannot change directory to '/nosuch': No such file or directory\n", status: 125 });
    expect((await runTool(['env', '-C', '/tmp', 'pwd'], { machine: m })).stdout).toBe('/tmp\n');
  });
  it('date', async () => {
    const m = newMachine();
    // date (the machine boots at 2026-10-05 09:00:01 UTC)
    expect((await runTool(['date'], { machine: m })).stdout).toBe('Mon Oct  5 09:00:01 UTC 2026\n');
    expect((await runTool(['date', '-u', '+%F %T %Z %s'], { machine: m })).stdout).toBe('2026-10-05 09:00:01 UTC 1791190801\n');
    // date -d @0 ; date -d @1700000000 -R ; -I ; -Iseconds ; --rfc-3339=ns
    expect((await runTool(['date', '-d', '@0'], { machine: m })).stdout).toBe('Thu Jan  1 00:00:00 UTC 1970\n');
    expect((await runTool(['date', '-d', '@1700000000', '-R'], { machine: m })).stdout).toBe('Tue, 14 Nov 2023 22:13:20 +0000\n');
    expect((await runTool(['date', '-d', '@1700000000', '-I'], { machine: m })).stdout).toBe('2023-11-14\n');
    expect((await runTool(['date', '-d', '@1700000000', '-Iseconds'], { machine: m })).stdout).toBe('2023-11-14T22:13:20+00:00\n');
    expect((await runTool(['date', '-d', '@0', '-Ins'], { machine: m })).stdout).toBe('1970-01-01T00:00:00,000000000+00:00\n');
    expect((await runTool(['date', '--rfc-3339=ns', '-d', '@0'], { machine: m })).stdout).toBe('1970-01-01 00:00:00.000000000+00:00\n');
    expect((await runTool(['date', '-d', 'tomorrow', '+%A'], { machine: m })).stdout).toBe('Tuesday\n');
    // date x ; date -z ; date 1 2 ; date -R -I ; date -Ifoo
    expect(await runTool(['date', '-d', 'x y'], { machine: m })).toMatchObject({ stderr: 'date: invalid date ‘x y’\n', status: 1 });
    expect(await runTool(['date', '-z'], { machine: m })).toMatchObject({ stderr: "date: invalid option -- 'z'\nTry 'date --help' for more information.\n", status: 1 });
    expect((await runTool(['date', '1', '2'], { machine: m })).stderr).toBe("date: extra operand ‘2’\nTry 'date --help' for more information.\n");
    expect((await runTool(['date', '-R', '-I'], { machine: m })).stderr).toBe('date: multiple output formats specified\n');
    expect((await runTool(['date', '-Ifoo'], { machine: m })).stderr).toBe(
      "date: invalid argument ‘foo’ for ‘--iso-8601’\nValid arguments are:\n  - ‘hours’\n  - ‘minutes’\n  - ‘date’\n  - ‘seconds’\n  - ‘ns’\nTry 'date --help' for more information.\n");
    expect(await runTool(['date', '-s', '2020-01-01'], { machine: m })).toMatchObject({
      stdout: 'Wed Jan  1 00:00:00 UTC 2020\n', stderr: 'date: cannot set date: Operation not permitted\n', status: 1,
    });
  });
});
