// sudo(8), as Debian 12's sudo 1.9.13 behaves for a member of group sudo with a cached credential: no
// password is asked. Installed set-user-ID root, it starts with euid 0, becomes the target user completely
// (setuid), runs the command found along secure_path in sudo's reset environment (TERM, LANG... kept; HOME,
// USER, LOGNAME, SHELL, MAIL of the target; SUDO_COMMAND/USER/UID/GID added), waits, and exits with the
// command's status (dying of the same signal if it was killed). -u USER, -i/-s shells, -l, -E, -V, -k, -v.
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UserDb } from './lib.ts';

const SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** env_check and env_keep defaults of Debian's sudoers: the variables that survive env_reset. */
const KEEP = /^(COLORS|DISPLAY|HOSTNAME|KRB5CCNAME|LS_COLORS|PATH|PS1|PS2|XAUTHORITY|XAUTHORIZATION|XDG_CURRENT_DESKTOP|COLORTERM|LANG|LANGUAGE|LC_[A-Z_]+|LINGUAS|TERM|TZ)$/;

const USAGE = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
`;

const HELP = `sudo - execute a command as another user

${USAGE}
Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running
                                command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command
                                may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific
                                command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to
                                target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may
                                also be specified
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user
                                name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a
                                command
  --                            stop processing command line arguments
`;

const LONG: Record<string, [string, boolean]> = {
  askpass: ['A', false], background: ['b', false], bell: ['B', false], 'close-from': ['C', true], chdir: ['D', true],
  'preserve-env': ['E', false], edit: ['e', false], group: ['g', true], 'set-home': ['H', false], help: ['h', false],
  host: ['host', true], login: ['i', false], 'remove-timestamp': ['K', false], 'reset-timestamp': ['k', false], list: ['l', false],
  'non-interactive': ['n', false], 'preserve-groups': ['P', false], prompt: ['p', true], chroot: ['R', true], stdin: ['S', false],
  shell: ['s', false], 'command-timeout': ['T', true], 'other-user': ['U', true], user: ['u', true], version: ['V', false], validate: ['v', false],
};

export default async function sudo(sys: Sys): Promise<number> {
  const args = sys.argv.slice(1);
  const opts = new Map<string, string | true>();
  let i = 0;
  const bad = async (msg: string) => { await sys.err(`sudo: ${msg}\n${USAGE}`); return 1; };
  // Options stop at the first operand (sudo's getopt uses "+").
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const hits = Object.keys(LONG).filter((k) => k.startsWith(name));
      const key = LONG[name] ? name : hits.length === 1 ? hits[0] : undefined;
      if (!key) return bad(hits.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'`);
      const [k, takes] = LONG[key]!;
      if (takes) {
        const v = inline ?? args[++i];
        if (v === undefined) return bad(`option '--${key}' requires an argument`);
        opts.set(k, v);
      } else opts.set(k, true);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if ('CDghpRTUu'.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) {
          if (c === 'h') { opts.set('h', true); break; }
          return bad(`option requires an argument -- '${c}'`);
        }
        opts.set(c === 'h' ? 'host' : c, v);
        break;
      }
      if (!'AbBEeHiKklnPSsVv'.includes(c)) return bad(`invalid option -- '${c}'`);
      opts.set(c, true);
    }
  }
  const rest = args.slice(i);
  if (opts.has('h') && !rest.length) { await sys.out(HELP); return 0; }
  if (opts.has('V')) {
    await sys.out('Sudo version 1.9.13p3\nSudoers policy plugin version 1.9.13p3\nSudoers file grammar version 50\nSudoers I/O plugin version 1.9.13p3\nSudoers audit plugin version 1.9.13p3\n');
    return 0;
  }
  if (sys.euid !== 0) {
    await sys.err('sudo: effective uid is not 0, is /usr/bin/sudo on a file system with the \'nosuid\' option set or an NFS file system without root privileges?\n');
    return 1;
  }
  const db = await UserDb.load(sys);
  const invoker = db.userById(sys.uid);
  const invokerName = invoker?.name ?? `#${sys.uid}`;
  // Debian's sudoers: root, and members of group sudo, may run anything.
  const allowed = sys.uid === 0 || (!!invoker && (db.groupByName('sudo')?.members.includes(invoker.name) || db.groupByName('sudo')?.gid === invoker.gid));
  const host = sys.machine.nodename;
  if (opts.has('k') || opts.has('K')) { if (!rest.length || opts.has('K')) return 0; }
  if (!allowed) {
    await sys.err(`${invokerName} is not in the sudoers file.\n`);
    return 1;
  }
  if (opts.has('v')) return 0;
  if (opts.has('l')) {
    await sys.out(`Matching Defaults entries for ${invokerName} on ${host}:\n    env_reset, mail_badpass,\n    secure_path=${SECURE_PATH.replace(/:/g, '\\:')},\n    use_pty\n\nUser ${invokerName} may run the following commands on ${host}:\n    (ALL : ALL) ALL\n`);
    return 0;
  }
  const wantShell = opts.has('s') || opts.has('i');
  if (!rest.length && !wantShell) { await sys.err(USAGE); return 1; }

  const userSpec = opts.get('u');
  let target = db.userById(0)!;
  if (typeof userSpec === 'string') {
    const t = userSpec.startsWith('#') ? db.userById(Number(userSpec.slice(1))) : db.userByName(userSpec);
    if (!t) {
      await sys.err(`sudo: unknown user ${userSpec}\nsudo: error initializing audit plugin sudoers_audit\n`);
      return 1;
    }
    target = t;
  }

  // VAR=value operands before the command join its environment.
  const assigns: string[] = [];
  let cmd = rest;
  while (cmd.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd[0]!)) { assigns.push(cmd[0]!); cmd = cmd.slice(1); }

  // env_reset: keep what sudoers keeps, in its original order, then the target's identity.
  let env: string[];
  if (opts.has('E')) env = sys.environ.filter((e) => !e.startsWith('SUDO_'));
  else env = sys.environ.filter((e) => KEEP.test(e.slice(0, e.indexOf('='))) && !/^[A-Z_]+=\(\)/.test(e));
  const set = (name: string, value: string) => {
    const at = env.findIndex((e) => e.startsWith(name + '='));
    if (at >= 0) env[at] = `${name}=${value}`; else env.push(`${name}=${value}`);
  };
  set('PATH', SECURE_PATH);
  set('MAIL', `/var/mail/${target.name}`);
  set('LOGNAME', target.name);
  set('USER', target.name);
  set('HOME', target.home);
  set('SHELL', target.shell);

  let argv: string[];
  let cwd: string | undefined;
  if (opts.has('i')) {
    // A login shell of the target user, in its home directory.
    const shellName = target.shell.slice(target.shell.lastIndexOf('/') + 1);
    argv = cmd.length ? [target.shell, '-c', cmd.join(' ')] : [`-${shellName}`];
    cwd = target.home;
  } else if (opts.has('s')) {
    const shell = sys.getenv('SHELL') ?? target.shell;
    argv = cmd.length ? [shell, '-c', cmd.join(' ')] : [shell];
  } else argv = cmd;
  const chdir = opts.get('D');
  if (typeof chdir === 'string') cwd = chdir;

  const name = argv[0]!.startsWith('-') ? target.shell : argv[0]!;
  let path: string | undefined;
  if (name.includes('/')) path = name;
  else {
    for (const dir of SECURE_PATH.split(':')) {
      const p = `${dir}/${name}`;
      try { if ((sys.stat(p).mode & 0o170000) === 0o100000 && (sys.stat(p).mode & 0o111)) { path = p; break; } } catch { /* next */ }
    }
  }
  const runnable = (p: string) => { try { const st = sys.stat(p); return (st.mode & 0o170000) === 0o100000 && (st.mode & 0o111) !== 0; } catch { return false; } };
  if (!path || !runnable(path)) {
    await sys.err(`sudo: ${name}: command not found\n`);
    return 1;
  }
  set('SUDO_COMMAND', [path, ...argv.slice(1)].join(' ').slice(0, 4096));
  set('SUDO_USER', invokerName);
  set('SUDO_UID', String(sys.uid));
  set('SUDO_GID', String(sys.gid));
  for (const a of assigns) set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));

  // Become the target user for good, then run the command and wait for it.
  sys.setuid(target.uid, target.gid);
  let pid: number;
  try {
    pid = await sys.spawn(path, { argv, env, ...(cwd !== undefined ? { cwd } : {}) });
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    if (e.code === 'ENOEXEC') {
      try { pid = await sys.spawn('/bin/sh', { argv: ['sh', path, ...argv.slice(1)], env, ...(cwd !== undefined ? { cwd } : {}) }); } catch (e2) {
        if (!(e2 instanceof SysError)) throw e2;
        await sys.err(`sudo: unable to execute ${path}: ${e2.message.replace(/^.*: /, '')}\n`);
        return 1;
      }
    } else {
      await sys.err(`sudo: unable to execute ${path}: ${e.message.replace(/^.*: /, '')}\n`);
      return 1;
    }
  }
  // Signals from the terminal reach the command directly (same process group); sudo just waits.
  for (const sig of [2, 3]) sys.sigaction(sig, 'ignore');
  const w = await sys.waitpid(pid);
  const status = w!.status;
  if ((status & 0x7f) !== 0 && (status & 0x7f) !== 0x7f) {
    const sig = status & 0x7f;
    sys.sigaction(sig, 'default');
    sys.kill(sys.pid, sig);
  }
  return (status >> 8) & 0xff;
}
