// pmap(1) of procps-ng 4.0.2 (Ubuntu 18.04's 3.3.12 prints the same): the memory map of processes, read from /proc/PID/maps (default, -d, -q) and
// /proc/PID/smaps (-x, -X, -XX, -c), following pmap.c line by line: the same sscanf-shaped parsing, the
// same column widths (-X measures every smaps field in a first pass, then prints), the same totals (which
// count [vsyscall]: pmap's total is ps's VSZ + 4K) and the same exit statuses (42 when a pid is missing,
// 1 when a process's maps cannot be read).
import type { Sys } from '../kernel/sys.ts';
import { SysError } from '../kernel/errno.ts';
import { UsageError, getopt } from './lib.ts';
import { pmapExtendedRow, pmapMappingName, pmapMode } from './pmap-format.ts';


const OPTIONS = {
  flags: 'xXrdqhVcnp',
  withArg: 'ACN',
  long: {
    extended: { key: 'x' }, device: { key: 'd' }, quiet: { key: 'q' }, range: { key: 'A', arg: true },
    help: { key: 'h' }, version: { key: 'V' }, 'read-rc': { key: 'c' }, 'read-rc-from': { key: 'C', arg: true },
    'create-rc': { key: 'n' }, 'create-rc-to': { key: 'N', arg: true }, 'show-path': { key: 'p' },
  },
};

function usageText(prog: string): string {
  return '\nUsage:\n' +
    ` ${prog} [options] PID [PID ...]\n` +
    '\nOptions:\n' +
    ' -x, --extended              show details\n' +
    ' -X                          show even more details\n' +
    '            WARNING: format changes according to /proc/PID/smaps\n' +
    ' -XX                         show everything the kernel provides\n' +
    ' -c, --read-rc               read the default rc\n' +
    ' -C, --read-rc-from=<file>   read the rc from file\n' +
    ' -n, --create-rc             create new default rc\n' +
    ' -N, --create-rc-to=<file>   create new rc to file\n' +
    '            NOTE: pid arguments are not allowed with -n, -N\n' +
    ' -d, --device                show the device format\n' +
    ' -q, --quiet                 do not display header and footer\n' +
    ' -p, --show-path             show path in the mapping\n' +
    ' -A, --range=<low>[,<high>]  limit results to the given range\n' +
    '\n' +
    ' -h, --help     display this help and exit\n' +
    ' -V, --version  output version information and exit\n' +
    '\nFor more details see pmap(1).\n';
}

/** err(3)-style exit: the message was already queued on stderr. */
class Exit extends Error {
  readonly status: number;
  constructor(status: number) { super(`exit ${status}`); this.status = status; }
}

// ---- printf helpers -----------------------------------------------------------------------------------------
const right = (s: string | number, w: number) => String(s).padStart(w);
const left = (s: string | number, w: number) => String(s).padEnd(w);
const hex = (n: bigint, w: number) => n.toString(16).padStart(w, '0');
/** justify_print(): "%*.*s " (right) or "%-*.*s " (left), or puts() when width < 1; returns the width used. */
function justify(out: string[], str: string, width: number, rightAlign: boolean): number {
  if (width < 1) { out.push(str + '\n'); return width; }
  const w = Math.max(width, str.length);
  out.push((rightAlign ? right(str, w) : left(str, w)) + ' ');
  return w;
}
function integerWidth(n: bigint): number { let r = n > 0n ? 0 : 1; while (n) { r++; n /= 10n; } return r; }

/** strtoul(s, &end, base) in C: leading blanks, optional sign, base 0 takes 0x / 0 prefixes. Returns the value and the rest. */
function strtoul(s: string, base: number): { value: bigint; rest: string } {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  let b = base;
  if ((b === 0 || b === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) { i += 2; b = 16; }
  else if (b === 0) b = s[i] === '0' ? 8 : 10;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b);
  const start = i;
  let v = 0n;
  while (i < s.length && digits.includes(s[i]!.toLowerCase())) { v = v * BigInt(b) + BigInt(digits.indexOf(s[i]!.toLowerCase())); i++; }
  if (i === start) return { value: 0n, rest: s };
  const max = (1n << 64n) - 1n;
  if (v > max) v = max;
  if (neg) v = ((1n << 64n) - v) & max;
  return { value: v, rest: s.slice(i) };
}

// ---- /proc parsing -------------------------------------------------------------------------------------------
interface MapsLine {
  start: bigint; end: bigint; perms: string; offset: bigint; major: number; minor: number; inode: bigint;
  /** The whole line without its newline (mapping_name looks for '/' in it). */
  line: string;
}

/** sscanf(mapbuf, "%lx-%lx %31s %llx %x:%x %llu", ...) */
function parseMapsLine(line: string): MapsLine | undefined {
  const m = /^([0-9a-fA-F]+)-([0-9a-fA-F]+)\s+(\S{1,31})\s+([0-9a-fA-F]+)\s+([0-9a-fA-F]+):([0-9a-fA-F]+)\s+(\d+)/.exec(line);
  if (!m) return undefined;
  return {
    start: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), perms: m[3]!, offset: BigInt('0x' + m[4]),
    major: parseInt(m[5]!, 16), minor: parseInt(m[6]!, 16), inode: BigInt(m[7]!), line,
  };
}

interface ProcInfo { tgid: number; cmdline: string; startStack: bigint; }

const U64 = (1n << 64n) - 1n;

export default async function pmap(sys: Sys): Promise<number> {
  const prog = (sys.argv[0] ?? 'pmap').replace(/.*\//, '');
  const out: string[] = [];
  const err: string[] = [];
  /** The -X field list: kept across pids, as pmap.c's static list is. */
  const list: ListNode[] = [];
  const flush = async () => {
    if (out.length) { await sys.write(1, out.join('')); out.length = 0; }
    if (err.length) { await sys.write(2, err.join('')); err.length = 0; }
  };
  const warnx = (msg: string) => err.push(`${prog}: ${msg}\n`);
  const errx = (msg: string): never => { warnx(msg); throw new Exit(1); };
  const usage = (toStdout = false): never => {
    if (toStdout) { out.push(usageText(prog)); throw new Exit(0); }
    err.push(usageText(prog));
    throw new Exit(1);
  };

  try {
    const status = await main();
    await flush();
    return status;
  } catch (e) {
    if (e instanceof Exit) { await flush(); return e.status; }
    throw e;
  }

  async function main(): Promise<number> {
    const args = sys.argv.slice(1);
    if (!args.length) usage();
    let o;
    try { o = getopt(prog, args, OPTIONS); } catch (e) {
      if (e instanceof UsageError) { err.push(e.message + '\n'); usage(); }
      throw e;
    }
    let xOpt = false, XOpt = 0, dOpt = false, qOpt = false, cOpt = false, COpt = false, nOpt = false, NOpt = false;
    let showPath = false;
    let rangeLow = 0n, rangeHigh = U64;
    let rcFile: string | undefined;
    for (const [k, v] of o.list) {
      switch (k) {
        case 'x': xOpt = true; break;
        case 'X': XOpt++; break;
        case 'r': warnx('option -r is ignored as SunOS compatibility'); break;
        case 'd': dOpt = true; break;
        case 'q': qOpt = true; break;
        case 'A': {
          const arg = v as string;
          const comma = arg.indexOf(',');
          const a1 = comma >= 0 ? arg.slice(0, comma) : arg;
          const a2 = comma >= 0 ? arg.slice(comma + 1) : arg;
          let rest1 = a1, rest2 = a2;
          if (a1 !== '') { const r = strtoul(a1, 16); rangeLow = r.value; rest1 = r.rest; }
          if (a2 !== '') { const r = strtoul(a2, 16); rangeHigh = r.value; rest2 = r.rest; }
          if (rest1 || rest2) errx(`failed to parse argument: '${arg}'`);
          break;
        }
        case 'h': usage(true); break;
        case 'V': out.push(`pmap from procps-ng ${sys.profile === 'ubuntu-18.04' ? '3.3.12' : '4.0.2'}\n`); return 0;
        case 'c': cOpt = true; break;
        case 'C': COpt = true; rcFile = v as string; break;
        case 'n': nOpt = true; break;
        case 'N': NOpt = true; rcFile = v as string; break;
        case 'p': showPath = true; break;
      }
    }
    const operands = o.operands;
    if (+cOpt + +COpt + +dOpt + +nOpt + +NOpt + +xOpt + +!!XOpt > 1) errx('options -c, -C, -d, -n, -N, -x, -X are mutually exclusive');
    if ((nOpt || NOpt) && (qOpt || showPath)) errx('options -p, -q are mutually exclusive with -n, -N');
    if ((nOpt || NOpt) && operands.length > 0) errx('too many arguments');
    const home = sys.getenv('HOME');
    const defaultRc = () => {
      if (home === undefined) { warnx('HOME variable undefined'); return undefined; }
      return `${home}/.${prog}rc`;
    };
    if (NOpt) {
      if (await configCreate(rcFile!)) { warnx('rc file successfully created, feel free to edit the content'); return 0; }
      errx("couldn't create the rc file");
    }
    if (nOpt) {
      const f = defaultRc();
      if (!f) return 1;
      if (await configCreate(f)) { warnx(`~/.${prog}rc file successfully created, feel free to edit the content`); return 0; }
      errx(`couldn't create ~/.${prog}rc`);
    }
    if (operands.length < 1) errx('argument missing');
    if (COpt) cOpt = true;
    const enabledFields: string[] = [];
    if (cOpt) {
      if (!COpt) rcFile = defaultRc();
      if (!rcFile) return 1;
      if (!(await configRead(rcFile))) {
        if (COpt) errx("couldn't read the rc file");
        warnx(`couldn't read ~/.${prog}rc`);
        return 1;
      }
    }

    const pids: number[] = [];
    for (const arg of operands) {
      let walk = arg;
      if (walk.startsWith('/proc/')) {
        walk = walk.slice(6);
        if (!/^[0-9]/.test(walk)) continue;
      }
      if (!/^[0-9]/.test(walk)) usage();
      const { value, rest } = strtoul(walk, 0);
      if (value < 1n || value > 0x7fffffffn || rest) usage();
      pids.push(Number(value));
    }
    if (!pids.length) errx('library failed pids statistics');

    // procps_pids_select(PIDS_SELECT_PID): the listed pids that exist, in the order given.
    const procs: ProcInfo[] = [];
    for (const pid of pids) {
      const info = await procInfo(pid);
      if (info) procs.push(info);
    }
    let ret = 0;
    for (const p of procs) ret |= await oneProc(p);
    if (procs.length < pids.length) ret |= 42;
    return ret;

    // ---- one process ------------------------------------------------------------------------------------
    async function oneProc(p: ProcInfo): Promise<number> {
      out.push(`${p.tgid}:   ${p.cmdline}\n`);
      let text: string;
      try {
        text = await sys.readText(`/proc/${p.tgid}/${xOpt || XOpt || cOpt ? 'smaps' : 'maps'}`);
      } catch (e) {
        if (e instanceof SysError) return 1;
        throw e;
      }
      if (XOpt || cOpt) { printExtendedMaps(text); return 0; }

      let totalShared = 0n, totalPrivateReadonly = 0n, totalPrivateWriteable = 0n;
      let diff = 0n;
      let perms = '';
      let cp2: string | undefined;
      let rss = 0n, privateDirty = 0n, sharedDirty = 0n;
      let totalRss = 0n, totalPrivateDirty = 0n, totalSharedDirty = 0n;
      let start = 0n;
      let maxw1 = 0, maxw2 = 0, maxw3 = 0, maxw4 = 0, maxw5 = 0;
      if (xOpt) {
        maxw1 = 16; maxw2 = maxw3 = maxw4 = 7; maxw5 = 5;
        if (!qOpt) {
          maxw1 = justify(out, 'Address', maxw1, false);
          maxw2 = justify(out, 'Kbytes', maxw2, true);
          maxw3 = justify(out, 'RSS', maxw3, true);
          maxw4 = justify(out, 'Dirty', maxw4, true);
          maxw5 = justify(out, 'Mode', maxw5, false);
          justify(out, 'Mapping', 0, false);
        }
      }
      if (dOpt) {
        maxw1 = 16; maxw2 = 7; maxw3 = 5; maxw4 = 16; maxw5 = 9;
        if (!qOpt) {
          maxw1 = justify(out, 'Address', maxw1, false);
          maxw2 = justify(out, 'Kbytes', maxw2, true);
          maxw3 = justify(out, 'Mode', maxw3, false);
          maxw4 = justify(out, 'Offset', maxw4, false);
          maxw5 = justify(out, 'Device', maxw5, false);
          justify(out, 'Mapping', 0, false);
        }
      }
      for (const raw of lines(text)) {
        const c0 = raw[0] ?? '';
        if (c0 >= 'A' && c0 <= 'Z') {
          const kv = /^([^:]{1,20}):\s*(\d+)/.exec(raw);
          if (kv) {
            const key = kv[1]!;
            const value = BigInt(kv[2]!);
            if (key === 'Rss') { rss = value; totalRss += value; continue; }
            if (key === 'Shared_Dirty') { sharedDirty = value; totalSharedDirty += value; continue; }
            if (key === 'Private_Dirty') { privateDirty = value; totalPrivateDirty += value; continue; }
            if (key === 'Swap') {
              if (cp2 !== undefined) {
                out.push(pmapExtendedRow(start, diff >> 10n, rss, privateDirty + sharedDirty, perms, cp2) + '\n');
              }
              rss = sharedDirty = privateDirty = 0n;
              diff = 0n;
              perms = '';
              cp2 = undefined;
              continue;
            }
          }
          continue;
        }
        const m = parseMapsLine(raw);
        if (!m) continue;
        start = m.start;
        if (((m.end - 1n) & U64) < rangeLow) continue;
        if (rangeHigh < m.start) break;
        diff = m.end - m.start;
        const pm = m.perms;
        if (pm[3] === 's') totalShared += diff;
        if (pm[3] === 'p') { if (pm[1] === 'w') totalPrivateWriteable += diff; else totalPrivateReadonly += diff; }
        perms = pmapMode(pm);
        const name = mappingName(p, m, diff);
        if (xOpt) { cp2 = name; continue; }
        if (dOpt) {
          out.push(`${hex(m.start, maxw1)} ${right((diff >> 10n).toString(), maxw2)} ${right(perms, maxw3)} ${hex(m.offset, maxw4)} ` +
            `${m.major.toString(16).padStart(3, '0')}:${m.minor.toString(16).padStart(5, '0')} ${name}\n`);
        } else {
          out.push(`${hex(m.start, 16)} ${right((diff >> 10n).toString(), 6)}K ${perms} ${name}\n`);
        }
      }
      const total = (totalShared + totalPrivateWriteable + totalPrivateReadonly) >> 10n;
      if (!qOpt) {
        if (xOpt) {
          justify(out, '----------------', maxw1, false);
          justify(out, '-------', maxw2, true);
          justify(out, '-------', maxw3, true);
          justify(out, '-------', maxw4, true);
          out.push('\n');
          out.push(`${left('total kB', maxw1)} ${right(total.toString(), maxw2)} ${right(totalRss.toString(), maxw3)} ` +
            `${right((totalSharedDirty + totalPrivateDirty).toString(), maxw4)}\n`);
        }
        if (dOpt) {
          out.push(`mapped: ${total}K    writeable/private: ${totalPrivateWriteable >> 10n}K    shared: ${totalShared >> 10n}K\n`);
        }
        if (!xOpt && !dOpt) out.push(` total ${right(total.toString(), 16)}K\n`);
      }
      return 0;
    }

    /** mapping_name(): basename (or path from the first '/' with -p), else [ anon ] / [ stack ]. */
    function mappingName(p: ProcInfo, m: MapsLine, len: bigint): string {
      return pmapMappingName(m.line, p.startStack, m.start, len, showPath);
    }

    // ---- -X, -XX, -c: every smaps field in auto-width columns ----------------------------------------------
    function isUnimportant(s: string) {
      return ['AnonHugePages', 'KernelPageSize', 'MMUPageSize', 'Shared_Dirty', 'Private_Dirty', 'Shared_Clean', 'Private_Clean', 'VmFlags'].includes(s);
    }
    function isEnabled(s: string) {
      if (XOpt === 1) return !isUnimportant(s);
      if (cOpt) return enabledFields.includes(s);
      return true;
    }

    function printExtendedMaps(text: string) {
      const all = lines(text);
      let idx = 0;
      const fgets = () => (idx < all.length ? all[idx++]! : undefined);
      let maxw1 = 0, maxw2 = 0, maxw3 = 0, maxw4 = 0, maxw5 = 0, maxwv = 0;
      let hasVmflags = false;
      let firstmapping = 2;
      let ret = fgets();
      const detailRe = /^([^:]{1,31}):\s*(\d{1,20})/;
      while (ret !== undefined) {
        const h = /^([0-9a-f]{1,20})-([0-9a-f]{1,20})\s+(\S{1,31})\s+([0-9a-f]{1,20})\s+([0-9a-f:]{1,63})\s+(\S{1,20})\s*([^\n]{0,127})/.exec(ret);
        if (!h) errx('Unknown format in smaps file!');
        const [, start, , perms, offset, dev, inode, mapDesc] = h as unknown as string[];
        maxw1 = Math.max(maxw1, start!.length);
        maxw2 = Math.max(maxw2, perms!.length);
        maxw3 = Math.max(maxw3, offset!.length);
        maxw4 = Math.max(maxw4, dev!.length);
        maxw5 = Math.max(maxw5, inode!.length);
        ret = fgets();
        let d = ret !== undefined ? detailRe.exec(ret) : null;
        let node = 0;
        const values: string[] = [];
        while (ret !== undefined && d) {
          const desc = d[1]!, valueStr = d[2]!;
          if (isEnabled(desc)) {
            let ln = list[node];
            if (!ln) {
              ln = { description: desc, valueStr: '', total: 0n, maxWidth: qOpt ? 0 : desc.length };
              list.push(ln);
            } else if (ln.description !== desc) {
              errx(`ERROR: inconsistent detail field in smaps file, line:\n ${ret}\n`);
            }
            ln.valueStr = valueStr;
            values[node] = valueStr;
            if (firstmapping === 2) {
              ln.total += BigInt(valueStr);
              if (qOpt) ln.maxWidth = Math.max(ln.maxWidth, valueStr.length);
            }
            node++;
          }
          ret = fgets();
          d = ret !== undefined ? detailRe.exec(ret) : null;
        }
        let vmflags = '';
        const vf = ret !== undefined ? /^VmFlags: ?\s*([a-z ]{1,127})/.exec(ret) : null;
        if (vf) {
          vmflags = vf[1]!;
          if (vmflags.endsWith(' ')) vmflags = vmflags.slice(0, -1);
          maxwv = Math.max(maxwv, vmflags.length);
          hasVmflags = true;
          ret = fgets();
        }
        if (firstmapping === 2) {
          if (ret === undefined) {
            firstmapping = 1;
            idx = 0;
            ret = fgets();
            if (!qOpt) for (const ln of list) ln.maxWidth = Math.max(ln.maxWidth, integerWidth(ln.total));
          }
        } else {
          if (firstmapping && !qOpt) {
            maxw1 = justify(out, 'Address', maxw1, true);
            if (isEnabled('Perm')) maxw2 = justify(out, 'Perm', maxw2, true);
            if (isEnabled('Offset')) maxw3 = justify(out, 'Offset', maxw3, true);
            if (isEnabled('Device')) maxw4 = justify(out, 'Device', maxw4, true);
            if (isEnabled('Inode')) maxw5 = justify(out, 'Inode', maxw5, true);
            for (const ln of list) justify(out, ln.description, ln.maxWidth, true);
            if (hasVmflags && isEnabled('VmFlags')) maxwv = justify(out, 'VmFlags', maxwv, true);
            if (isEnabled('Mapping')) justify(out, 'Mapping', 0, false);
            else out.push('\n');
          }
          let row = right(start!, maxw1);
          if (isEnabled('Perm')) row += ' ' + right(perms!, maxw2);
          if (isEnabled('Offset')) row += ' ' + right(offset!, maxw3);
          if (isEnabled('Device')) row += ' ' + right(dev!, maxw4);
          if (isEnabled('Inode')) row += ' ' + right(inode!, maxw5);
          list.forEach((ln, i) => { row += ' ' + right(values[i] ?? ln.valueStr, ln.maxWidth); });
          if (hasVmflags && isEnabled('VmFlags')) row += ' ' + right(vmflags, maxwv);
          if (isEnabled('Mapping')) {
            const desc = mapDesc ?? '';
            const slash = desc.lastIndexOf('/');
            row += ' ' + (showPath || slash < 0 ? desc : desc.slice(slash + 1));
          }
          out.push(row + '\n');
          firstmapping = 0;
        }
      }
      if (!qOpt && list.length) {
        let gap = maxw1 + 1;
        if (isEnabled('Perm')) gap += maxw2 + 1;
        if (isEnabled('Offset')) gap += maxw3 + 1;
        if (isEnabled('Device')) gap += maxw4 + 1;
        if (isEnabled('Inode')) gap += maxw5 + 1;
        out.push(' '.repeat(gap) + list.map((ln) => '='.repeat(ln.maxWidth) + ' ').join('') + '\n');
        out.push(' '.repeat(gap) + list.map((ln) => right(ln.total.toString(), ln.maxWidth) + ' ').join('') + 'KB \n');
        for (const ln of list) ln.total = 0n;
      }
    }

    // ---- the rc file ------------------------------------------------------------------------------------------
    async function configCreate(file: string): Promise<boolean> {
      if (sys.exists(file)) { warnx('the file already exists - delete or rename it first'); return false; }
      const body = "# pmap's Config File\n\n# All the entries are case sensitive.\n# Unsupported entries are ignored!\n\n" +
        '[Fields Display]\n\n# To enable a field uncomment its entry\n\n' +
        ['Perm', 'Offset', 'Device', 'Inode', 'Size', 'Rss', 'Pss', 'Shared_Clean', 'Shared_Dirty', 'Private_Clean', 'Private_Dirty',
          'Referenced', 'Anonymous', 'AnonHugePages', 'Swap', 'KernelPageSize', 'MMUPageSize', 'Locked', 'VmFlags', 'Mapping']
          .map((f) => `#${f}\n`).join('') +
        '\n\n[Mapping]\n\n# to show paths in the mapping column uncomment the following line\n#ShowPath\n\n';
      try { await sys.writeFile(file, body); return true; } catch (e) { if (e instanceof SysError) return false; throw e; }
    }

    async function configRead(file: string): Promise<boolean> {
      let text: string;
      try { text = await sys.readText(file); } catch (e) { if (e instanceof SysError) return false; throw e; }
      let section = 0; // 0 none, 1 unsupported, 2 fields, 3 mapping
      let lineNo = 0;
      for (const raw of lines(text)) {
        lineNo++;
        let t = raw.replace(/^[ \t]+/, '');
        if (t.startsWith('#') || t === '') continue;
        if (t.startsWith('[')) {
          if (t.startsWith('[Fields Display]')) { t = t.slice(16); section = 2; }
          else if (t.startsWith('[Mapping]')) { t = t.slice(9); section = 3; }
          else {
            const close = t.indexOf(']');
            if (close >= 0) { section = 1; warnx(`unsupported section found in the config - line ${lineNo}`); t = t.slice(close + 1); }
            else { warnx(`syntax error found in the config - line ${lineNo}`); t = ''; }
          }
          t = t.replace(/^[ \t]+/, '');
          if (t.startsWith('#') || t === '') continue;
          warnx(`syntax error found in the config - line ${lineNo}`);
        }
        const tokens = t.split(/[ \t]+/).filter(Boolean);
        switch (section) {
          case 2:
            if (tokens[0]) {
              if (tokens[1] && !tokens[1].startsWith('#')) warnx(`syntax error found in the config - line ${lineNo}`);
              enabledFields.push(tokens[0]);
            }
            break;
          case 3:
            if (tokens[0]) {
              if (tokens[1] && !tokens[1].startsWith('#')) warnx(`syntax error found in the config - line ${lineNo}`);
              if (tokens[0] === 'ShowPath') showPath = !showPath;
            }
            break;
          case 1: break;
          default: warnx(`syntax error found in the config - line ${lineNo}`);
        }
      }
      return true;
    }
  }

  /** What procps reads for one pid: the tgid, the command line and stat's start_stack; undefined when gone. */
  async function procInfo(pid: number): Promise<ProcInfo | undefined> {
    let stat: string;
    try { stat = await sys.readText(`/proc/${pid}/stat`); } catch (e) { if (e instanceof SysError) return undefined; throw e; }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' '); // fields[0] is field 3 (state)
    const state = fields[0] ?? '';
    const startStack = BigInt(fields[25] ?? '0');
    let tgid = pid;
    try {
      const status = await sys.readText(`/proc/${pid}/status`);
      const m = /^Tgid:\s*(\d+)/m.exec(status);
      if (m) tgid = Number(m[1]);
    } catch (e) { if (!(e instanceof SysError)) throw e; }
    let cmdline = '';
    try {
      const raw = await sys.readText(`/proc/${pid}/cmdline`);
      cmdline = raw.replace(/\0+$/, '').replace(/\0/g, ' ');
    } catch (e) { if (!(e instanceof SysError)) throw e; }
    if (!cmdline) cmdline = `[${comm}]${state === 'Z' ? ' <defunct>' : ''}`;
    return { tgid, cmdline, startStack };
  }
}

interface ListNode { description: string; valueStr: string; total: bigint; maxWidth: number; }

/** fgets over a text: lines without their newline. */
function lines(text: string): string[] {
  if (!text) return [];
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}
