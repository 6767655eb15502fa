// id(1) of coreutils: real and effective user and group ids, and the supplementary groups. A process here
// has no group list of its own, so the groups are what login's initgroups() would give the real user: its
// primary group, then every /etc/group entry naming it.
import type { Sys } from '../kernel/sys.ts';
import { UsageError, UserDb, getopt, quoteLocale, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'agGnruzZ',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    context: { key: 'Z' }, group: { key: 'g' }, groups: { key: 'G' }, name: { key: 'n' }, real: { key: 'r' },
    user: { key: 'u' }, zero: { key: 'z' },
  },
};

export default async function id(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'id';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'id')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    const db = await UserDb.load(sys);
    const only = ['u', 'g', 'G'].filter((k) => o.has(k));
    if (o.has('Z')) { await sys.err(`${prog}: --context (-Z) works only on an SELinux-enabled kernel\n`); return 1; }
    if (only.length > 1) { await sys.err(`${prog}: cannot print "only" of more than one choice\n`); return 1; }
    if (!only.length && (o.has('n') || o.has('r'))) {
      await sys.err(`${prog}: cannot print only names or real IDs in default format\n`);
      return 1;
    }
    if (!only.length && o.has('z')) { await sys.err(`${prog}: option --zero not permitted in default format\n`); return 1; }
    const names = o.has('n');
    const end = o.has('z') ? '\0' : '\n';
    const uname = (uid: number) => (names ? db.userById(uid)?.name ?? String(uid) : String(uid));
    const gname = (gid: number) => (names ? db.groupById(gid)?.name ?? String(gid) : String(gid));
    const withName = (n: number, name: string | undefined) => (name === undefined ? String(n) : `${n}(${name})`);

    const show = async (ids: { ruid: number; euid: number; rgid: number; egid: number; groups: number[] }) => {
      if (o.has('u')) { await sys.out(uname(o.has('r') ? ids.ruid : ids.euid) + end); return; }
      if (o.has('g')) { await sys.out(gname(o.has('r') ? ids.rgid : ids.egid) + end); return; }
      if (o.has('G')) {
        const list = [ids.rgid, ...(ids.egid !== ids.rgid ? [ids.egid] : []), ...ids.groups.filter((g) => g !== ids.rgid && g !== ids.egid)];
        await sys.out(list.map(gname).join(o.has('z') ? '\0' : ' ') + end);
        return;
      }
      let line = `uid=${withName(ids.ruid, db.userById(ids.ruid)?.name)} gid=${withName(ids.rgid, db.groupById(ids.rgid)?.name)}`;
      if (ids.euid !== ids.ruid) line += ` euid=${withName(ids.euid, db.userById(ids.euid)?.name)}`;
      if (ids.egid !== ids.rgid) line += ` egid=${withName(ids.egid, db.groupById(ids.egid)?.name)}`;
      if (ids.groups.length) line += ` groups=${ids.groups.map((g) => withName(g, db.groupById(g)?.name)).join(',')}`;
      await sys.out(line + '\n');
    };

    if (!o.operands.length) {
      const me = db.userById(sys.uid);
      const groups = me ? db.groupList(me.name, sys.gid) : [sys.gid];
      if (!groups.includes(sys.proc.egid)) groups.unshift(sys.proc.egid);
      await show({ ruid: sys.uid, euid: sys.euid, rgid: sys.gid, egid: sys.proc.egid, groups });
      return 0;
    }
    let status = 0;
    for (const name of o.operands) {
      const u = db.userByName(name) ?? (/^\+?\d+$/.test(name) ? db.userById(Number(name)) : undefined);
      if (!u) { await sys.err(`${prog}: ${quoteLocale(name)}: no such user\n`); status = 1; continue; }
      await show({ ruid: u.uid, euid: u.uid, rgid: u.gid, egid: u.gid, groups: db.groupList(u.name, u.gid) });
    }
    return status;
  });
}

export { UsageError };

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: id [OPTION]... [USER]...
Print user and group information for each specified USER,
or (when USER omitted) for the current process.

  -a             ignore, for compatibility with other versions
  -Z, --context  print only the security context of the process
  -g, --group    print only the effective group ID
  -G, --groups   print all group IDs
  -n, --name     print a name instead of a number, for -ugG
  -r, --real     print the real ID instead of the effective ID, with -ugG
  -u, --user     print only the effective user ID
  -z, --zero     delimit entries with NUL characters, not whitespace;
                   not permitted in default format
      --help        display this help and exit
      --version     output version information and exit

Without any OPTION, print some useful set of identified information.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/id>
or available locally via: info '(coreutils) id invocation'
`;
const VERSION_TEXT = `id (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Arnold Robbins and David MacKenzie.
`;
