// bash's `ulimit` (builtins/ulimit.def): shows or sets the shell's resource limits, which its children inherit.
// `-a` lists them all; one option shows one value; options may each take a value ("unlimited", "soft", "hard"
// or a number in the unit `ulimit -a` names); without -H or -S a new value sets both limits.
import type { Shell } from '../exec.ts';
import { SysError, strerror } from '../../kernel/errno.ts';
import { RLIM_INFINITY, ULIMIT_OPTIONS, type Limit, type UlimitOption } from '../../kernel/rlimits.ts';

export async function ulimit(sh: Shell, argv: string[]): Promise<number> {
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
