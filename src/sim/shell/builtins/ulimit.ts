// bash's `ulimit` (builtins/ulimit.def), and dash's (miscbltin.c) when the shell is sh: shows or sets the shell's resource limits, which its children inherit.
// `-a` lists them all; one option shows one value; options may each take a value ("unlimited", "soft", "hard"
// or a number in the unit `ulimit -a` names); without -H or -S a new value sets both limits.
import type { Shell } from '../exec.ts';
import { SysError, strerror } from '../../kernel/errno.ts';
import { RLIM_INFINITY, ULIMIT_OPTIONS, type Limit, type Resource, type UlimitOption } from '../../kernel/rlimits.ts';

export async function ulimit(sh: Shell, argv: string[]): Promise<number> {
  if (sh.dash) return dashUlimit(sh, argv);
  const bash5 = !sh.version.startsWith('4.');
  const options = ULIMIT_OPTIONS.filter((o) => bash5 || !o.bash5);
  const usage = `ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvx${bash5 ? 'PRT' : 'T'}] [limit]`;
  let hard = false, soft = false, all = false;
  const cmds: { o: UlimitOption; value?: string }[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { if (args[i + 1] !== undefined) cmds.push({ o: byLetter(options, 'f')!, value: args[i + 1] }); break; }
    if (!a.startsWith('-') || a === '-') {
      // a value without an option is for -f, bash's default
      cmds.push({ o: byLetter(options, 'f')!, value: a });
      continue;
    }
    for (const c of a.slice(1)) {
      if (c === 'H') { hard = true; continue; }
      if (c === 'S') { soft = true; continue; }
      if (c === 'a') { all = true; continue; }
      const o = byLetter(options, c);
      if (!o) {
        await sh.error(`ulimit: -${c}: invalid option`);
        await sh.sys.write(2, usage + '\n');
        return 2;
      }
      // an option's value is the next word, unless that is another option
      const next = args[i + 1];
      const value = c === a.at(-1) && next !== undefined && !next.startsWith('-') ? (i++, next) : undefined;
      cmds.push({ o, value });
    }
  }
  const showHard = hard && !soft;
  const shown = (o: UlimitOption) => {
    const l = sh.sys.getrlimit(o.resource);
    const v = showHard ? l.max : l.cur;
    return v === RLIM_INFINITY ? 'unlimited' : String(Math.floor(v / o.factor));
  };
  const described = (o: UlimitOption) => {
    const unit = o.units ? `(${o.units}, -${o.option}) ` : `(-${o.option}) `;
    return bash5 ? `${o.description.padEnd(20)} ${unit.padStart(20)}` : `${o.description.padEnd(20)} ${unit.padStart(16)}`;
  };
  if (all) {
    let out = '';
    for (const o of options) out += `${described(o)}${shown(o)}\n`;
    await sh.sys.write(1, out);
    return 0;
  }
  if (!cmds.length) cmds.push({ o: byLetter(options, 'f')! });
  const printing = cmds.filter((c) => c.value === undefined);
  let status = 0;
  for (const { o, value } of cmds) {
    if (value === undefined) {
      await sh.sys.write(1, printing.length > 1 ? `${described(o)}${shown(o)}\n` : `${shown(o)}\n`);
      continue;
    }
    const cur = sh.sys.getrlimit(o.resource);
    let n: number;
    if (value === 'unlimited') n = RLIM_INFINITY;
    else if (value === 'hard') n = cur.max;
    else if (value === 'soft') n = cur.cur;
    else if (/^\d+$/.test(value)) n = Number(value) * o.factor;
    else { await sh.error(`ulimit: ${value}: invalid number`); status = 1; continue; }
    if (o.resource === 'PIPE') { await sh.error(`ulimit: ${o.description}: cannot modify limit: ${strerror('EINVAL')}`); status = 1; continue; }
    const next: Limit = { cur: hard && !soft ? cur.cur : n, max: soft && !hard ? cur.max : n };
    try {
      sh.sys.setrlimit(o.resource, next);
    } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sh.error(`ulimit: ${o.description}: cannot modify limit: ${strerror(e.code)}`);
      status = 1;
    }
  }
  return status;
}

const byLetter = (options: UlimitOption[], c: string) => options.find((o) => o.option === c);

/** dash's table (miscbltin.c): its own names and units (file and core sizes in 512-byte blocks). */
const DASH_LIMITS: { option: string; name: string; resource: Resource; factor: number }[] = [
  { option: 't', name: 'time(seconds)', resource: 'CPU', factor: 1 },
  { option: 'f', name: 'file(blocks)', resource: 'FSIZE', factor: 512 },
  { option: 'd', name: 'data(kbytes)', resource: 'DATA', factor: 1024 },
  { option: 's', name: 'stack(kbytes)', resource: 'STACK', factor: 1024 },
  { option: 'c', name: 'coredump(blocks)', resource: 'CORE', factor: 512 },
  { option: 'm', name: 'memory(kbytes)', resource: 'RSS', factor: 1024 },
  { option: 'l', name: 'locked memory(kbytes)', resource: 'MEMLOCK', factor: 1024 },
  { option: 'p', name: 'process', resource: 'NPROC', factor: 1 },
  { option: 'n', name: 'nofiles', resource: 'NOFILE', factor: 1 },
  { option: 'v', name: 'vmemory(kbytes)', resource: 'AS', factor: 1024 },
  { option: 'w', name: 'locks', resource: 'LOCKS', factor: 1 },
  { option: 'r', name: 'rtprio', resource: 'RTPRIO', factor: 1 },
];

/** dash's ulimit: one resource per call (the last option given), -a lists them; a new value sets both limits. */
async function dashUlimit(sh: Shell, argv: string[]): Promise<number> {
  let hard = false, soft = false, all = false;
  let which = DASH_LIMITS.find((l) => l.option === 'f')!;
  let i = 1;
  for (; i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-'; i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'H') hard = true;
      else if (c === 'S') soft = true;
      else if (c === 'a') all = true;
      else {
        const l = DASH_LIMITS.find((x) => x.option === c);
        if (!l) { await sh.error(`ulimit: Illegal option -${c}`); return 2; }
        which = l;
      }
    }
  }
  const value = (l: (typeof DASH_LIMITS)[number]) => {
    const r = sh.sys.getrlimit(l.resource);
    const v = hard && !soft ? r.max : r.cur;
    return v === RLIM_INFINITY ? 'unlimited' : String(Math.floor(v / l.factor));
  };
  const arg = argv[i];
  if (all) {
    await sh.sys.write(1, DASH_LIMITS.map((l) => `${l.name.padEnd(20)} ${value(l)}\n`).join(''));
    return 0;
  }
  if (arg === undefined) { await sh.sys.write(1, value(which) + '\n'); return 0; }
  let n: number;
  if (arg === 'unlimited') n = RLIM_INFINITY;
  else if (/^\d+$/.test(arg)) n = Number(arg) * which.factor;
  else { await sh.error('ulimit: bad number'); return 2; }
  const cur = sh.sys.getrlimit(which.resource);
  try {
    sh.sys.setrlimit(which.resource, { cur: hard && !soft ? cur.cur : n, max: soft && !hard ? cur.max : n });
  } catch (e) {
    if (!(e instanceof SysError)) throw e;
    await sh.error(`ulimit: error setting limit (${strerror(e.code)})`);
    return 2;
  }
  return 0;
}
