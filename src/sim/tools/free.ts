// free(1) of procps-ng: memory and swap totals from /proc/meminfo, in KiB by default, -b/-k/-m/-g (and the SI
// --kilo...), -h (human, --si), -w (buffers and cache apart), -t (a Total line), -l (low/high), -v (commit),
// -s/-c (repeat). The profile's procps decides the details: Debian 12's 4.0.2 (used = total - available,
// "Gi" suffixes, wider first column) or Ubuntu 18.04's 3.3.12 (used = total - free - buff/cache, "G").
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, getopt } from './lib.ts';

const OPTIONS = {
  flags: 'bkmghltvwV',
  withArg: 'cs',
  long: {
    bytes: { key: 'b' }, kilo: { key: 'kilo' }, mega: { key: 'mega' }, giga: { key: 'giga' }, tera: { key: 'tera' }, peta: { key: 'peta' },
    kibi: { key: 'k' }, mebi: { key: 'm' }, gibi: { key: 'g' }, tebi: { key: 'tebi' }, pebi: { key: 'pebi' },
    human: { key: 'h' }, si: { key: 'si' }, lohi: { key: 'l' }, total: { key: 't' }, committed: { key: 'v' },
    seconds: { key: 's', arg: true }, count: { key: 'c', arg: true }, wide: { key: 'w' }, help: { key: 'help' }, version: { key: 'V' },
  },
};

function usage(v4: boolean): string {
  const units = v4
    ? ' -b, --bytes         show output in bytes\n' +
      '     --kilo          show output in kilobytes\n' +
      '     --mega          show output in megabytes\n' +
      '     --giga          show output in gigabytes\n' +
      '     --tera          show output in terabytes\n' +
      '     --peta          show output in petabytes\n' +
      ' -k, --kibi          show output in kibibytes\n' +
      ' -m, --mebi          show output in mebibytes\n' +
      ' -g, --gibi          show output in gibibytes\n' +
      '     --tebi          show output in tebibytes\n' +
      '     --pebi          show output in pebibytes\n'
    : ' -b, --bytes         show output in bytes\n' +
      ' -k, --kilo          show output in kilobytes\n' +
      ' -m, --mega          show output in megabytes\n' +
      ' -g, --giga          show output in gigabytes\n' +
      '     --tera          show output in terabytes\n' +
      '     --peta          show output in petabytes\n';
  return '\nUsage:\n free [options]\n\nOptions:\n' + units +
    ' -h, --human         show human-readable output\n' +
    '     --si            use powers of 1000 not 1024\n' +
    ' -l, --lohi          show detailed low and high memory statistics\n' +
    ' -t, --total         show total for RAM + swap\n' +
    (v4 ? ' -v, --committed     show committed memory and commit limit\n' : '') +
    ' -s N, --seconds N   repeat printing every N seconds\n' +
    ' -c N, --count N     repeat printing N times, then exit\n' +
    ' -w, --wide          wide output\n' +
    '\n     --help     display this help and exit\n' +
    ' -V, --version  output version information and exit\n' +
    '\nFor more details see free(1).\n';
}

/** scale_size(): KiB figures in the unit asked for, or human-readable. */
function scale(kib: number, human: boolean, si: boolean, exponent: number, v4: boolean): string {
  const base = si ? 1000 : 1024;
  const bytes = kib * 1024;
  if (!human) {
    if (exponent === 0) return String(Math.trunc(bytes / base));
    if (exponent === 1) return String(bytes);
    return String(Math.trunc(bytes / base ** (exponent - 1)));
  }
  if (`${bytes}B`.length <= 4) return `${bytes}B`;
  const up = ['B', 'K', 'M', 'G', 'T', 'P'];
  let buf = '';
  for (let i = 1; i < up.length; i++) {
    const f = Math.fround(bytes / base ** i);
    if (si || !v4) {
      buf = `${f.toFixed(1)}${up[i]}`;
      if (buf.length <= 4) return buf;
      buf = `${Math.trunc(bytes / base ** i)}${up[i]}`;
      if (buf.length <= 4) return buf;
    } else {
      buf = `${f.toFixed(1)}${up[i]}i`;
      if (buf.length <= 5) return buf;
      buf = `${Math.trunc(bytes / base ** i)}${up[i]}i`;
      if (buf.length <= 5) return buf;
    }
  }
  return buf;
}

export default async function free(sys: Sys): Promise<number> {
  const v4 = sys.profile !== 'ubuntu-18.04';
  let o;
  try { o = getopt('free', sys.argv.slice(1), OPTIONS); } catch (e) {
    if (e instanceof UsageError) { await sys.write(2, `${e.message}\n${usage(v4)}`); return 1; }
    throw e;
  }
  let exponent = 0, si = false, human = false, lohi = false, total = false, committed = false, wide = false;
  let unitSet = false;
  let interval: number | undefined, count: number | undefined;
  for (const [k, v] of o.list) {
    const unit = async (exp: number, siUnit = false) => {
      if (unitSet) { await sys.write(2, "free: Multiple unit options don't make sense.\n"); throw new ExitStatus(1); }
      unitSet = true;
      exponent = exp;
      if (siUnit) si = true;
    };
    try {
      switch (k) {
        case 'b': await unit(1); break;
        case 'k': await unit(2); break;
        case 'm': await unit(3); break;
        case 'g': await unit(4); break;
        case 'tebi': await unit(5); break;
        case 'pebi': await unit(6); break;
        case 'kilo': await unit(2, true); break;
        case 'mega': await unit(3, true); break;
        case 'giga': await unit(4, true); break;
        case 'tera': await unit(5, true); break;
        case 'peta': await unit(6, true); break;
        case 'h': human = true; break;
        case 'si': si = true; break;
        case 'l': lohi = true; break;
        case 't': total = true; break;
        case 'v': if (v4) committed = true; else { await sys.write(2, `free: invalid option -- 'v'\n${usage(v4)}`); return 1; } break;
        case 'w': wide = true; break;
        case 's': {
          const n = Number(v);
          if (!/^\s*[0-9.]+\s*$/.test(v as string) || Number.isNaN(n)) { await sys.write(2, `free: seconds argument failed: '${v as string}'\n`); return 1; }
          if (n * 1000000 < 1) { await sys.write(2, `free: seconds argument \`${v as string}' is not positive number\n`); return 1; }
          interval = n;
          break;
        }
        case 'c': {
          const n = Number(v);
          if (!/^\s*[+-]?\d+\s*$/.test(v as string)) { await sys.write(2, `free: failed to parse count argument: '${v as string}'\n`); return 1; }
          if (n < 1) { await sys.write(2, `free: failed to parse count argument: '${v as string}': Numerical result out of range\n`); return 1; }
          count = n;
          break;
        }
        case 'help': await sys.write(1, usage(v4)); return 0;
        case 'V': await sys.write(1, `free from procps-ng ${v4 ? '4.0.2' : '3.3.12'}\n`); return 0;
      }
    } catch (e) {
      if (e instanceof ExitStatus) return e.status;
      throw e;
    }
  }
  if (o.operands.length) { await sys.write(2, usage(v4)); return 1; }

  const repeat = interval !== undefined || count !== undefined;
  for (let i = 0; ; i++) {
    let text: string;
    try { text = await sys.readText('/proc/meminfo'); } catch (e) {
      if (!(e instanceof SysError)) throw e;
      await sys.write(2, 'free: Memory information file /proc/meminfo does not exist\n');
      return 1;
    }
    const mi = new Map<string, number>();
    for (const line of text.split('\n')) {
      const m = /^([^:]+):\s+(\d+)/.exec(line);
      if (m) mi.set(m[1]!, Number(m[2]));
    }
    const g = (k: string) => mi.get(k) ?? 0;
    const memTotal = g('MemTotal'), memFree = g('MemFree'), buffers = g('Buffers');
    const cached = g('Cached') + g('SReclaimable');
    const available = mi.has('MemAvailable') ? g('MemAvailable') : memFree;
    let used = v4 ? memTotal - available : memTotal - memFree - buffers - cached;
    if (used < 0) used = memTotal - memFree;
    const swapTotal = g('SwapTotal'), swapFree = g('SwapFree'), swapUsed = swapTotal - swapFree;
    const fmt = (n: number) => ' ' + scale(n, human, si, exponent, v4).padStart(11);
    const label = (s: string) => s.padEnd(v4 ? 8 : 7);
    let out = label('') + ['total', 'used', 'free', 'shared'].map((h) => h.padStart(12)).join('') +
      (wide ? 'buffers'.padStart(12) + 'cache'.padStart(12) : 'buff/cache'.padStart(12)) + 'available'.padStart(12) + '\n';
    out += label('Mem:') + fmt(memTotal) + fmt(used) + fmt(memFree) + fmt(g('Shmem')) +
      (wide ? fmt(buffers) + fmt(cached) : fmt(buffers + cached)) + fmt(available) + '\n';
    if (lohi) {
      const lowTotal = mi.has('LowTotal') ? g('LowTotal') : memTotal;
      const lowFree = mi.has('LowFree') ? g('LowFree') : memFree;
      out += label('Low:') + fmt(lowTotal) + fmt(lowTotal - lowFree) + fmt(lowFree) + '\n';
      out += label('High:') + fmt(g('HighTotal')) + fmt(g('HighTotal') - g('HighFree')) + fmt(g('HighFree')) + '\n';
    }
    out += label('Swap:') + fmt(swapTotal) + fmt(swapUsed) + fmt(swapFree) + '\n';
    if (total) out += label('Total:') + fmt(memTotal + swapTotal) + fmt(used + swapUsed) + fmt(memFree + swapFree) + '\n';
    if (committed) {
      const limit = g('CommitLimit'), as = g('Committed_AS');
      out += label('Comm:') + fmt(limit) + fmt(as) + fmt(limit - as) + '\n';
    }
    if (repeat) out += '\n';
    await sys.write(1, out);
    if (!repeat || (count !== undefined && i + 1 >= count)) break;
    await sys.sleep((interval ?? 1) * 1000);
  }
  return 0;
}

class ExitStatus extends Error {
  readonly status: number;
  constructor(status: number) { super(`exit ${status}`); this.status = status; }
}
