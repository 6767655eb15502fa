// ls(1) of coreutils 9: lists files and directory contents. Formats: columns sized to the terminal exactly as
// GNU computes them (tabs every 8 columns when not coloring), one per line when stdout is not a terminal,
// -l long (total, mode with s/t, links, owner and group names from /etc/passwd and /etc/group, size or
// major, minor, date as "Oct  5 09:00" within six months and "Oct  5  2025" otherwise, name -> target),
// -x across, -m commas. Sorting is by code point (LANG=C.UTF-8), or -t / -S / -U / -X, reversed by -r.
// Names are shell-escape quoted on a terminal ('a b', "it's") with the alignment space GNU adds, literal
// otherwise. --color uses LS_COLORS or ls's built-in table (directories, links, executables, devices...).
import type { Sys } from '../kernel/sys.ts';
import type { Stat } from '../fs/inode.ts';
import { SysError } from '../kernel/errno.ts';
import {
  HUMAN_AUTOSCALE, HUMAN_BASE_1024, HUMAN_SI, UsageError, UserDb, compareCodePoints, errText, getopt, humanReadable,
  modeString, needsShellQuote, quoteLocale, shellQuote, strftime, usageText, withUsage,
} from './lib.ts';

const OPTIONS = {
  flags: 'aAbBcCdfFgGhHiklLmnNopqQrRsStuUvxX1Z',
  withArg: 'wTI',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    all: { key: 'a' }, 'almost-all': { key: 'A' }, directory: { key: 'd' }, 'human-readable': { key: 'h' },
    inode: { key: 'i' }, recursive: { key: 'R' }, reverse: { key: 'r' }, size: { key: 's' }, classify: { key: 'F', arg: 'optional' as const },
    'file-type': { key: 'file-type' }, 'indicator-style': { key: 'indicator-style', arg: true }, dereference: { key: 'L' },
    'dereference-command-line': { key: 'H' }, 'dereference-command-line-symlink-to-dir': { key: 'dcl-dir' },
    color: { key: 'color', arg: 'optional' as const }, colour: { key: 'color', arg: 'optional' as const },
    literal: { key: 'N' }, 'quote-name': { key: 'Q' }, 'quoting-style': { key: 'quoting-style', arg: true },
    'hide-control-chars': { key: 'q' }, 'show-control-chars': { key: 'show-control-chars' }, escape: { key: 'b' },
    width: { key: 'w', arg: true }, tabsize: { key: 'T', arg: true }, format: { key: 'format', arg: true },
    sort: { key: 'sort', arg: true }, time: { key: 'time', arg: true }, 'time-style': { key: 'time-style', arg: true },
    'full-time': { key: 'full-time' }, 'group-directories-first': { key: 'gdf' }, 'numeric-uid-gid': { key: 'n' },
    'no-group': { key: 'G' }, si: { key: 'si' }, 'block-size': { key: 'block-size', arg: true }, 'ignore-backups': { key: 'B' },
    ignore: { key: 'I', arg: true }, hide: { key: 'hide', arg: true }, context: { key: 'Z' }, author: { key: 'author' },
    kibibytes: { key: 'k' }, zero: { key: 'zero' }, hyperlink: { key: 'hyperlink', arg: 'optional' as const },
  },
};

const S_IFMT = 0o170000, S_IFDIR = 0o040000, S_IFLNK = 0o120000, S_IFREG = 0o100000, S_IFCHR = 0o020000, S_IFBLK = 0o060000;
const SIX_MONTHS_MS = (31556952 / 2) * 1000;

interface Entry {
  /** The name as shown: the operand for command-line files, the directory entry otherwise. */
  name: string;
  /** The path for system calls. */
  path: string;
  st?: Stat;
  linkName?: string;
  linkSt?: Stat;
  commandLine: boolean;
}

type SortKey = 'name' | 'time' | 'size' | 'none' | 'extension' | 'version';
type Format = 'long' | 'one' | 'columns' | 'across' | 'commas';
type Quoting = 'literal' | 'shell' | 'shell-always' | 'shell-escape' | 'shell-escape-always' | 'c' | 'escape';

/** The built-in colors of ls (used when LS_COLORS is unset): what `dircolors -p` calls di, ln, ex... */
const DEFAULT_COLORS: Record<string, string> = {
  lc: '\x1b[', rc: 'm', rs: '0', di: '01;34', ln: '01;36', pi: '33', so: '01;35', bd: '01;33', cd: '01;33',
  ex: '01;32', do: '01;35', su: '37;41', sg: '30;43', st: '37;44', ow: '34;42', tw: '30;42',
};

function parseLsColors(spec: string | undefined): { keys: Record<string, string>; ext: [string, string][] } {
  const keys = { ...DEFAULT_COLORS };
  const ext: [string, string][] = [];
  if (spec === undefined) return { keys, ext };
  for (const item of spec.split(':')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const k = item.slice(0, eq), v = item.slice(eq + 1);
    if (k.startsWith('*')) ext.push([k.slice(1), v]); else keys[k] = v;
  }
  return { keys, ext };
}

const width = (s: string) => [...s].length;

export default async function ls(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'ls';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'ls')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    const tty = sys.isatty(1);
    let status = 0;
    const fail = async (msg: string, serious: boolean) => {
      await sys.err(`${prog}: ${msg}\n`);
      status = Math.max(status, serious ? 2 : 1);
    };

    // ---- options (later ones override earlier ones, as with getopt_long in ls.c) ----
    let format: Format = tty ? 'columns' : 'one';
    let all: 'none' | 'almost' | 'all' = 'none';
    let sort: SortKey = 'name';
    let timeKind: 'mtime' | 'ctime' | 'atime' = 'mtime';
    let indicator: 'none' | 'slash' | 'file-type' | 'classify' = 'none';
    let quoting: Quoting = tty ? 'shell-escape' : 'literal';
    let hideControl = tty;
    let color = false;
    let human = 0;
    let blockSize = 1024;
    let numeric = false, showOwner = true, showGroup = true;
    let deref: 'never' | 'always' | 'command-line' | 'command-line-dir' | undefined;
    let timeStyle = 'locale';
    let lineLength: number | undefined;
    let tabsize = 8;
    const ignores: string[] = [];
    for (const [k, v] of o.list) {
      const val = v === true ? undefined : v;
      switch (k) {
        case 'a': all = 'all'; break;
        case 'A': all = 'almost'; break;
        case 'f': all = 'all'; sort = 'none'; break;
        case 'l': format = 'long'; break;
        case 'g': format = 'long'; showOwner = false; break;
        case 'o': format = 'long'; showGroup = false; break;
        case 'n': format = 'long'; numeric = true; break;
        case 'G': showGroup = false; break;
        case '1': format = 'one'; break;
        case 'C': format = 'columns'; break;
        case 'x': format = 'across'; break;
        case 'm': format = 'commas'; break;
        case 'format': {
          const f: Record<string, Format> = { long: 'long', verbose: 'long', single: 'one', 'single-column': 'one', vertical: 'columns', horizontal: 'across', across: 'across', commas: 'commas' };
          if (!f[val!]) throw new UsageError(`${prog}: invalid argument ${quoteLocale(val!)} for ${quoteLocale('--format')}`);
          format = f[val!]!;
          break;
        }
        case 't': sort = 'time'; break;
        case 'S': sort = 'size'; break;
        case 'U': sort = 'none'; break;
        case 'X': sort = 'extension'; break;
        case 'v': sort = 'version'; break;
        case 'sort': {
          const s: Record<string, SortKey> = { none: 'none', time: 'time', size: 'size', extension: 'extension', version: 'version', name: 'name' };
          if (!s[val!]) throw new UsageError(`${prog}: invalid argument ${quoteLocale(val!)} for ${quoteLocale('--sort')}`);
          sort = s[val!]!;
          break;
        }
        case 'c': timeKind = 'ctime'; break;
        case 'u': timeKind = 'atime'; break;
        case 'time': timeKind = /^(atime|access|use)$/.test(val!) ? 'atime' : /^(ctime|status)$/.test(val!) ? 'ctime' : 'mtime'; break;
        case 'F': indicator = 'classify'; break;
        case 'p': indicator = 'slash'; break;
        case 'file-type': indicator = 'file-type'; break;
        case 'indicator-style': indicator = val === 'slash' ? 'slash' : val === 'file-type' ? 'file-type' : val === 'classify' ? 'classify' : 'none'; break;
        case 'N': quoting = 'literal'; break;
        case 'Q': quoting = 'c'; break;
        case 'b': quoting = 'escape'; break;
        case 'quoting-style': {
          const q = ['literal', 'shell', 'shell-always', 'shell-escape', 'shell-escape-always', 'c', 'escape', 'locale', 'clocale'];
          if (!q.includes(val!)) throw new UsageError(`${prog}: invalid argument ${quoteLocale(val!)} for ${quoteLocale('--quoting-style')}`);
          quoting = (val === 'locale' || val === 'clocale' ? 'c' : val) as Quoting;
          break;
        }
        case 'q': hideControl = true; break;
        case 'show-control-chars': hideControl = false; break;
        case 'color': {
          const w = val ?? 'always';
          if (['always', 'yes', 'force'].includes(w)) color = true;
          else if (['never', 'no', 'none'].includes(w)) color = false;
          else if (['auto', 'tty', 'if-tty'].includes(w)) color = tty;
          else throw new UsageError(`${prog}: invalid argument ${quoteLocale(w)} for ${quoteLocale('--color')}\nValid arguments are:\n  - ${quoteLocale('always')}, ${quoteLocale('yes')}, ${quoteLocale('force')}\n  - ${quoteLocale('never')}, ${quoteLocale('no')}, ${quoteLocale('none')}\n  - ${quoteLocale('auto')}, ${quoteLocale('tty')}, ${quoteLocale('if-tty')}`);
          break;
        }
        case 'h': human = HUMAN_AUTOSCALE | HUMAN_SI | HUMAN_BASE_1024; break;
        case 'si': human = HUMAN_AUTOSCALE | HUMAN_SI; break;
        case 'k': blockSize = 1024; break;
        case 'block-size': {
          const n = Number(val);
          if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${prog}: invalid --block-size argument ${quoteLocale(val!)}`);
          blockSize = n;
          human = 0;
          break;
        }
        case 'L': deref = 'always'; break;
        case 'H': deref = 'command-line'; break;
        case 'dcl-dir': deref = 'command-line-dir'; break;
        case 'full-time': format = 'long'; timeStyle = 'full-iso'; break;
        case 'time-style': timeStyle = val!.replace(/^posix-/, ''); break;
        case 'w': {
          const n = Number(val);
          if (!/^\d+$/.test(val!)) { await sys.err(`${prog}: invalid line width: ${quoteLocale(val!)}\n`); return 2; }
          lineLength = n;
          break;
        }
        case 'T': tabsize = Number(val); break;
        case 'B': ignores.push('*~', '.*~'); break;
        case 'I': ignores.push(val!); break;
      }
    }
    const reverse = o.has('r');
    const recursive = o.has('R');
    const dirsAsFiles = o.has('d');
    const showInode = o.has('i');
    const showBlocks = o.has('s');
    const groupDirsFirst = o.has('gdf');
    // ls -l sorts by name but shows the -c/-u time; -c/-u alone (without -l) sort by that time.
    if ((o.has('c') || o.has('u')) && format !== 'long' && sort === 'name') sort = 'time';
    deref ??= dirsAsFiles || indicator === 'classify' || format === 'long' ? 'never' : 'command-line-dir';
    if (lineLength === undefined) {
      // COLUMNS, then the terminal's own width, as ls.c reads them.
      const env = sys.getenv('COLUMNS');
      lineLength = 80;
      if (env) {
        if (/^\d+$/.test(env)) lineLength = Number(env);
        else await sys.err(`${prog}: ignoring invalid width in environment variable COLUMNS: ${quoteLocale(env)}\n`);
      }
      if (tty) lineLength = sys.winsize(1).cols;
    }
    if (color) tabsize = 0; // GNU lines colored names up with spaces only
    const colors = color ? parseLsColors(sys.getenv('LS_COLORS')) : undefined;
    const db = format === 'long' ? await UserDb.load(sys) : undefined;
    const nowMs = sys.now();

    // ---- names ----
    const quoteName = (name: string): { text: string; quoted: boolean } => {
      switch (quoting) {
        case 'literal': {
          // eslint-disable-next-line no-control-regex
          const t = hideControl ? name.replace(/[\x00-\x1f\x7f]/g, '?') : name;
          return { text: t, quoted: false };
        }
        case 'shell-escape': return needsShellQuote(name) ? { text: shellQuote(name), quoted: true } : { text: name, quoted: false };
        case 'shell-escape-always': return { text: shellQuote(name), quoted: true };
        case 'shell': case 'shell-always': {
          // eslint-disable-next-line no-control-regex
          const t = name.replace(/[\x00-\x1f\x7f]/g, '?');
          if (quoting === 'shell' && !needsShellQuote(t)) return { text: t, quoted: false };
          return { text: t.includes("'") ? `'${t.replace(/'/g, `'\\''`)}'` : `'${t}'`, quoted: true };
        }
        case 'c': case 'escape': {
          const esc: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\\': '\\\\' };
          // eslint-disable-next-line no-control-regex
          let t = name.replace(/[\x00-\x1f\x7f\\]/g, (c) => esc[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
          if (quoting === 'c') return { text: `"${t.replace(/"/g, '\\"')}"`, quoted: true };
          t = t.replace(/ /g, '\\ ');
          return { text: t, quoted: false };
        }
      }
    };
    // GNU pads unquoted names with a space when some name in the same listing is quoted (not for -1/-m).
    const alignQuotes = (quoting === 'shell' || quoting === 'shell-escape') && format !== 'one' && format !== 'commas';

    const typeOf = (mode: number) => mode & S_IFMT;
    const indicatorChar = (st: Stat | undefined, forLinkTarget: boolean): string => {
      if (!st || indicator === 'none') return '';
      const t = typeOf(st.mode);
      if (t === S_IFDIR) return '/';
      if (indicator === 'slash') return '';
      if (t === S_IFLNK) return forLinkTarget ? '' : '@';
      if (t === 0o010000) return '|';
      if (t === 0o140000) return '=';
      if (t === S_IFREG && indicator === 'classify' && (st.mode & 0o111)) return '*';
      return '';
    };
    const colorOf = (e: Entry, target: boolean): string | undefined => {
      if (!colors) return undefined;
      const k = colors.keys;
      const st = target ? e.linkSt : e.st;
      if (target && !st) return k['mi'] || undefined;
      if (!st) return k['mi'] || undefined;
      const t = typeOf(st.mode);
      let c: string | undefined;
      if (t === S_IFDIR) {
        const ow = st.mode & 0o002, sticky = st.mode & 0o1000;
        c = sticky && ow ? k['tw'] : ow ? k['ow'] : sticky ? k['st'] : k['di'];
      } else if (t === S_IFLNK) c = !e.linkSt && k['or'] ? k['or'] : k['ln'];
      else if (t === S_IFCHR) c = k['cd'];
      else if (t === S_IFBLK) c = k['bd'];
      else if (t === 0o010000) c = k['pi'];
      else if (t === 0o140000) c = k['so'];
      else {
        if (st.mode & 0o4000) c = k['su'];
        else if (st.mode & 0o2000) c = k['sg'];
        else if (st.mode & 0o111) c = k['ex'];
        if (!c) {
          const name = target ? e.linkName! : e.name;
          const hit = colors.ext.find(([suffix]) => name.endsWith(suffix));
          c = hit?.[1] ?? (k['fi'] || undefined);
        }
      }
      return c || undefined;
    };
    let usedColor = false;
    const paint = (text: string, c: string | undefined): string => {
      if (!c || !colors) return text;
      const k = colors.keys;
      let out = '';
      if (!usedColor) { usedColor = true; out += `${k['lc']}${k['rs']}${k['rc']}`; }
      const end = k['ec'] ?? `${k['lc']}${k['rs']}${k['rc']}`;
      return out + `${k['lc']}${c}${k['rc']}${text}${end}`;
    };

    // ---- gathering ----
    const statEntry = (e: Entry, follow: boolean): unknown => {
      try {
        e.st = follow ? sys.stat(e.path) : sys.lstat(e.path);
      } catch (err) {
        if (follow && err instanceof SysError && err.code === 'ENOENT') {
          // A dangling link: list the link itself.
          try { e.st = sys.lstat(e.path); } catch (err2) { return err2; }
        } else return err;
      }
      if (e.st && typeOf(e.st.mode) === S_IFLNK) {
        try { e.linkName = sys.readlink(e.path); } catch { /* unreadable */ }
        try { e.linkSt = sys.stat(e.path); } catch { e.linkSt = undefined; }
      }
      return undefined;
    };
    const needStat = format === 'long' || showInode || showBlocks || indicator !== 'none' || color || sort === 'time' || sort === 'size' || recursive || groupDirsFirst;

    const hidden = (name: string) => {
      if (all === 'none' && name.startsWith('.')) return true;
      return ignores.some((pat) => new RegExp('^' + pat.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$').test(name));
    };

    // ---- sorting ----
    const timeOf = (st: Stat | undefined) => (st ? (timeKind === 'ctime' ? st.ctimeMs : timeKind === 'atime' ? st.atimeMs : st.mtimeMs) : 0);
    const extOf = (n: string) => { const i = n.lastIndexOf('.'); return i > 0 ? n.slice(i) : ''; };
    const sortEntries = (list: Entry[]) => {
      if (sort === 'none' && !groupDirsFirst) return list;
      const byName = (a: Entry, b: Entry) => compareCodePoints(a.name, b.name);
      const cmp = (a: Entry, b: Entry): number => {
        switch (sort) {
          case 'time': return timeOf(b.st) - timeOf(a.st) || byName(a, b);
          case 'size': return (b.st?.size ?? 0) - (a.st?.size ?? 0) || byName(a, b);
          case 'extension': return compareCodePoints(extOf(a.name), extOf(b.name)) || byName(a, b);
          case 'version': return a.name.localeCompare(b.name, 'en', { numeric: true }) || byName(a, b);
          case 'none': return 0;
          default: return byName(a, b);
        }
      };
      const isDirEntry = (e: Entry) => !!e.st && (typeOf(e.st.mode) === S_IFDIR || (typeOf(e.st.mode) === S_IFLNK && !!e.linkSt && typeOf(e.linkSt.mode) === S_IFDIR));
      return list.map((e, i) => [e, i] as const).sort(([a, ia], [b, ib]) => {
        if (groupDirsFirst) { const d = Number(isDirEntry(b)) - Number(isDirEntry(a)); if (d) return d; }
        const c = sort === 'none' ? ia - ib : cmp(a, b);
        return reverse && sort !== 'none' ? -c : c;
      }).map(([e]) => e);
    };

    // ---- printing one group of entries ----
    const dateText = (st: Stat): string => {
      const t = timeOf(st);
      switch (timeStyle) {
        case 'full-iso': return strftime('%Y-%m-%d %H:%M:%S.%N %z', t);
        case 'long-iso': return strftime('%Y-%m-%d %H:%M', t);
        case 'iso': return t > nowMs - SIX_MONTHS_MS && t <= nowMs ? strftime('%m-%d %H:%M', t) : strftime('%Y-%m-%d ', t);
        default:
          if (timeStyle.startsWith('+')) {
            const [recent, old] = timeStyle.slice(1).split('\n');
            return strftime(old !== undefined && !(t > nowMs - SIX_MONTHS_MS && t <= nowMs) ? old : recent!, t);
          }
          // Recent: within the last six months and not in the future.
          return strftime(t > nowMs - SIX_MONTHS_MS && t <= nowMs ? '%b %e %H:%M' : '%b %e  %Y', t);
      }
    };
    const blocksText = (st: Stat | undefined) => (st ? humanReadable(st.blocks, human, 512, human ? 1 : blockSize) : '?');
    const sizeText = (st: Stat) => humanReadable(st.size, human, 1, 1);
    const major = (dev: number) => (dev >> 8) & 0xfff;
    const minor = (dev: number) => (dev & 0xff) | ((dev >> 12) & 0xfff00);

    const printEntries = (list: Entry[], isDirListing: boolean): string => {
      let out = '';
      const quotedNames = list.map((e) => quoteName(e.name));
      const someQuoted = alignQuotes && quotedNames.some((q) => q.quoted);
      const display = list.map((e, i) => {
        const q = quotedNames[i]!;
        const pad = someQuoted && !q.quoted ? ' ' : '';
        const ind = format === 'long' && e.st && typeOf(e.st.mode) === S_IFLNK ? '' : indicatorChar(e.st, false);
        return { pad, text: q.text, ind, color: colorOf(e, false) };
      });
      const inodeW = showInode ? Math.max(0, ...list.map((e) => String(e.st?.ino ?? '?').length)) : 0;
      const blocksW = showBlocks ? Math.max(0, ...list.map((e) => blocksText(e.st).length)) : 0;
      const prefix = (e: Entry) => (showInode ? String(e.st?.ino ?? '?').padStart(inodeW) + ' ' : '') + (showBlocks ? blocksText(e.st).padStart(blocksW) + ' ' : '');
      const nameCell = (i: number) => {
        const d = display[i]!;
        return d.pad + paint(d.text, d.color) + d.ind;
      };
      const cellWidth = (i: number) => {
        const d = display[i]!;
        return (showInode ? inodeW + 1 : 0) + (showBlocks ? blocksW + 1 : 0) + d.pad.length + width(d.text) + d.ind.length;
      };

      if (isDirListing && (format === 'long' || showBlocks)) {
        const total = list.reduce((n, e) => n + (e.st?.blocks ?? 0), 0);
        out += `total ${humanReadable(total, human, 512, human ? 1 : blockSize)}\n`;
      }

      if (format === 'long') {
        const nlinkW = Math.max(0, ...list.map((e) => String(e.st?.nlink ?? '?').length));
        const owner = (e: Entry) => (!e.st ? '?' : numeric ? String(e.st.uid) : db!.userById(e.st.uid)?.name ?? String(e.st.uid));
        const group = (e: Entry) => (!e.st ? '?' : numeric ? String(e.st.gid) : db!.groupById(e.st.gid)?.name ?? String(e.st.gid));
        const isNum = (e: Entry, which: 'u' | 'g') => !!e.st && (numeric || !(which === 'u' ? db!.userById(e.st.uid) : db!.groupById(e.st.gid)));
        const ownerW = Math.max(0, ...list.map((e) => width(owner(e))));
        const groupW = Math.max(0, ...list.map((e) => width(group(e))));
        const isDev = (e: Entry) => !!e.st && (typeOf(e.st.mode) === S_IFCHR || typeOf(e.st.mode) === S_IFBLK);
        const majorW = Math.max(0, ...list.filter(isDev).map((e) => String(major(e.st!.rdev)).length));
        const minorW = Math.max(0, ...list.filter(isDev).map((e) => String(minor(e.st!.rdev)).length));
        let sizeW = Math.max(0, ...list.filter((e) => !isDev(e)).map((e) => (e.st ? sizeText(e.st) : '?').length));
        if (list.some(isDev)) sizeW = Math.max(sizeW, majorW + 2 + minorW);
        list.forEach((e, i) => {
          let line = prefix(e);
          if (!e.st) {
            line += '-?????????' + ' ' + '?'.padStart(nlinkW) + ' ';
            if (showOwner) line += '?'.padEnd(ownerW) + ' ';
            if (showGroup) line += '?'.padEnd(groupW) + ' ';
            line += '?'.padStart(sizeW) + ' ' + '?'.padStart(12) + ' ' + nameCell(i) + '\n';
            out += line;
            return;
          }
          line += modeString(e.st.mode) + ' ' + String(e.st.nlink).padStart(nlinkW) + ' ';
          // Names are left-aligned, numbers (-n, or no passwd entry) right-aligned, as format_user_or_group.
          if (showOwner) line += (isNum(e, 'u') ? owner(e).padStart(ownerW) : owner(e).padEnd(ownerW)) + ' ';
          if (showGroup) line += (isNum(e, 'g') ? group(e).padStart(groupW) : group(e).padEnd(groupW)) + ' ';
          if (isDev(e)) {
            const blanks = sizeW - (majorW + 2 + minorW);
            line += String(major(e.st.rdev)).padStart(majorW + Math.max(0, blanks)) + ', ' + String(minor(e.st.rdev)).padStart(minorW) + ' ';
          } else line += sizeText(e.st).padStart(sizeW) + ' ';
          line += dateText(e.st) + ' ' + nameCell(i);
          if (typeOf(e.st.mode) === S_IFLNK && e.linkName !== undefined) {
            const target = quoteName(e.linkName).text;
            // The target is colored by what it points to only when ls looked at it (-F, or or/mi colors).
            const tc = colors && (indicator !== 'none' || colors.keys['or'] || colors.keys['mi']) ? colorOf(e, true) : undefined;
            line += ' -> ' + paint(target, tc) + indicatorChar(e.linkSt, true);
          }
          out += line + '\n';
        });
        return out;
      }

      if (format === 'one') {
        list.forEach((e, i) => { out += prefix(e) + nameCell(i) + '\n'; });
        return out;
      }
      if (format === 'commas') {
        // Names separated by ", ", wrapping before a name that would pass the line length.
        let pos = 0;
        list.forEach((e, i) => {
          const len = cellWidth(i);
          if (i > 0) {
            const sep = lineLength! > 0 && !(pos + len + 2 < lineLength!) ? ',\n' : ', ';
            out += sep;
            pos = sep === ',\n' ? 0 : pos + 2;
          }
          out += prefix(e) + nameCell(i);
          pos += len;
        });
        if (list.length) out += '\n';
        return out;
      }

      // Columns (-C) or across (-x): GNU's calculate_columns — the most columns whose widths fit.
      const n = list.length;
      if (!n) return out;
      const byColumns = format === 'columns';
      const MIN_COLUMN_WIDTH = 3;
      let maxIdx = Math.floor(lineLength! / MIN_COLUMN_WIDTH) + (lineLength! % MIN_COLUMN_WIDTH !== 0 ? 1 : 0);
      if (lineLength === 0) maxIdx = n;
      const maxCols = maxIdx > 0 && maxIdx < n ? maxIdx : n;
      const lens = list.map((_, i) => cellWidth(i));
      const info = Array.from({ length: maxCols }, (_, i) => ({ valid: true, lineLen: (i + 1) * MIN_COLUMN_WIDTH, cols: new Array<number>(i + 1).fill(MIN_COLUMN_WIDTH) }));
      for (let f = 0; f < n; f++) {
        for (let i = 0; i < maxCols; i++) {
          const ci = info[i]!;
          if (!ci.valid) continue;
          const idx = byColumns ? Math.floor(f / Math.floor((n + i) / (i + 1))) : f % (i + 1);
          const real = lens[f]! + (idx === i ? 0 : 2);
          if (ci.cols[idx]! < real) {
            ci.lineLen += real - ci.cols[idx]!;
            ci.cols[idx] = real;
            ci.valid = lineLength === 0 || ci.lineLen < lineLength!;
          }
        }
      }
      let cols = maxCols;
      for (; cols > 1; cols--) if (info[cols - 1]!.valid) break;
      const colWidths = info[cols - 1]!.cols;
      // indent(): spaces, or tabs when a tab stop is passed (tabsize 8).
      const indent = (from: number, to: number) => {
        let s = '';
        while (from < to) {
          if (tabsize !== 0 && Math.floor(to / tabsize) > Math.floor((from + 1) / tabsize)) { s += '\t'; from += tabsize - (from % tabsize); }
          else { s += ' '; from++; }
        }
        return s;
      };
      if (byColumns) {
        const rows = Math.floor(n / cols) + (n % cols !== 0 ? 1 : 0);
        for (let row = 0; row < rows; row++) {
          let col = 0, f = row, pos = 0;
          for (;;) {
            const maxLen = colWidths[col++]!;
            out += prefix(list[f]!) + nameCell(f);
            const len = lens[f]!;
            f += rows;
            if (f >= n) break;
            out += indent(pos + len, pos + maxLen);
            pos += maxLen;
          }
          out += '\n';
        }
      } else {
        let pos = 0;
        for (let f = 0; f < n; f++) {
          const col = f % cols;
          if (f > 0) {
            if (col === 0) { out += '\n'; pos = 0; } else {
              const maxLen = colWidths[(f - 1) % cols]!;
              out += indent(pos + lens[f - 1]!, pos + maxLen);
              pos += maxLen;
            }
          }
          out += prefix(list[f]!) + nameCell(f);
        }
        out += '\n';
      }
      return out;
    };

    // ---- directories ----
    const isDirSt = (e: Entry) => !!e.st && typeOf(e.st.mode) === S_IFDIR;
    let first = true;
    let printDirName = true;
    const listDir = async (dirPath: string, shownName: string, commandLine: boolean, seen: Set<number>) => {
      let names: string[];
      try {
        names = sys.readdir(dirPath);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await fail(`cannot open directory ${shellQuote(shownName)}: ${errText(e)}`, commandLine);
        return;
      }
      if (recursive || printDirName) {
        await sys.out(`${first ? '' : '\n'}${quoteName(shownName).text}:\n`);
      }
      first = false;
      const entries: Entry[] = [];
      const all2 = all === 'all' ? ['.', '..', ...names] : names;
      for (const name of all2) {
        if (hidden(name) && name !== '.' && name !== '..') continue;
        const path = dirPath.endsWith('/') ? dirPath + name : `${dirPath}/${name}`;
        const e: Entry = { name, path, commandLine: false };
        // Plain listings need no stat (GNU uses d_type), so unreadable entries stay quiet there.
        if (needStat) {
          const err = statEntry(e, deref === 'always');
          if (err) await fail(`cannot access ${shellQuote(path)}: ${errText(err)}`, false);
        }
        entries.push(e);
      }
      const sorted = sortEntries(entries);
      await sys.out(printEntries(sorted, true));
      if (recursive) {
        for (const e of sorted) {
          if (!isDirSt(e) || e.name === '.' || e.name === '..') continue;
          if (seen.has(e.st!.ino)) continue;
          const next = new Set(seen);
          next.add(e.st!.ino);
          await listDir(e.path, e.path, false, next);
        }
      }
    };

    // ---- command line ----
    const operands = o.operands.length ? o.operands : ['.'];
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const arg of operands) {
      const e: Entry = { name: arg, path: arg, commandLine: true };
      const follow = deref === 'always' || deref === 'command-line';
      const err = statEntry(e, follow);
      if (err) {
        await fail(`cannot access ${shellQuote(arg)}: ${errText(err)}`, true);
        continue;
      }
      // By default a command-line link to a directory is listed as that directory (not with -l, -d, -F).
      if (deref === 'command-line-dir' && e.st && typeOf(e.st.mode) === S_IFLNK && e.linkSt && typeOf(e.linkSt.mode) === S_IFDIR) {
        e.st = e.linkSt;
      }
      if (!dirsAsFiles && isDirSt(e)) dirs.push(e); else files.push(e);
    }
    if (files.length) {
      await sys.out(printEntries(sortEntries(files), false));
      first = false;
    } else if (operands.length <= 1 && dirs.length === 1) printDirName = false;
    // The blank line between the files and the first directory comes from `first` being false.
    for (const d of sortEntries(dirs)) await listDir(d.path, d.name, true, new Set([d.st!.ino]));
    return status;
  }, 2);
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: ls [OPTION]... [FILE]...
List information about the FILEs (the current directory by default).
Sort entries alphabetically if none of -cftuvSUX nor --sort is specified.

Mandatory arguments to long options are mandatory for short options too.
  -a, --all                  do not ignore entries starting with .
  -A, --almost-all           do not list implied . and ..
      --author               with -l, print the author of each file
  -b, --escape               print C-style escapes for nongraphic characters
      --block-size=SIZE      with -l, scale sizes by SIZE when printing them;
                             e.g., '--block-size=M'; see SIZE format below

  -B, --ignore-backups       do not list implied entries ending with ~
  -c                         with -lt: sort by, and show, ctime (time of last
                             modification of file status information);
                             with -l: show ctime and sort by name;
                             otherwise: sort by ctime, newest first

  -C                         list entries by columns
      --color[=WHEN]         color the output WHEN; more info below
  -d, --directory            list directories themselves, not their contents
  -D, --dired                generate output designed for Emacs' dired mode
  -f                         list all entries in directory order
  -F, --classify[=WHEN]      append indicator (one of */=>@|) to entries WHEN
      --file-type            likewise, except do not append '*'
      --format=WORD          across -x, commas -m, horizontal -x, long -l,
                             single-column -1, verbose -l, vertical -C

      --full-time            like -l --time-style=full-iso
  -g                         like -l, but do not list owner
      --group-directories-first
                             group directories before files;
                             can be augmented with a --sort option, but any
                             use of --sort=none (-U) disables grouping

  -G, --no-group             in a long listing, don't print group names
  -h, --human-readable       with -l and -s, print sizes like 1K 234M 2G etc.
      --si                   likewise, but use powers of 1000 not 1024
  -H, --dereference-command-line
                             follow symbolic links listed on the command line
      --dereference-command-line-symlink-to-dir
                             follow each command line symbolic link
                             that points to a directory

      --hide=PATTERN         do not list implied entries matching shell PATTERN
                             (overridden by -a or -A)

      --hyperlink[=WHEN]     hyperlink file names WHEN
      --indicator-style=WORD
                             append indicator with style WORD to entry names:
                             none (default), slash (-p),
                             file-type (--file-type), classify (-F)

  -i, --inode                print the index number of each file
  -I, --ignore=PATTERN       do not list implied entries matching shell PATTERN
  -k, --kibibytes            default to 1024-byte blocks for file system usage;
                             used only with -s and per directory totals

  -l                         use a long listing format
  -L, --dereference          when showing file information for a symbolic
                             link, show information for the file the link
                             references rather than for the link itself

  -m                         fill width with a comma separated list of entries
  -n, --numeric-uid-gid      like -l, but list numeric user and group IDs
  -N, --literal              print entry names without quoting
  -o                         like -l, but do not list group information
  -p, --indicator-style=slash
                             append / indicator to directories
  -q, --hide-control-chars   print ? instead of nongraphic characters
      --show-control-chars   show nongraphic characters as-is (the default,
                             unless program is 'ls' and output is a terminal)

  -Q, --quote-name           enclose entry names in double quotes
      --quoting-style=WORD   use quoting style WORD for entry names:
                             literal, locale, shell, shell-always,
                             shell-escape, shell-escape-always, c, escape
                             (overrides QUOTING_STYLE environment variable)

  -r, --reverse              reverse order while sorting
  -R, --recursive            list subdirectories recursively
  -s, --size                 print the allocated size of each file, in blocks
  -S                         sort by file size, largest first
      --sort=WORD            sort by WORD instead of name: none (-U), size (-S),
                             time (-t), version (-v), extension (-X), width

      --time=WORD            change the default of using modification times;
                               access time (-u): atime, access, use;
                               change time (-c): ctime, status;
                               birth time: birth, creation;
                             with -l, WORD determines which time to show;
                             with --sort=time, sort by WORD (newest first)

      --time-style=TIME_STYLE
                             time/date format with -l; see TIME_STYLE below
  -t                         sort by time, newest first; see --time
  -T, --tabsize=COLS         assume tab stops at each COLS instead of 8
  -u                         with -lt: sort by, and show, access time;
                             with -l: show access time and sort by name;
                             otherwise: sort by access time, newest first

  -U                         do not sort; list entries in directory order
  -v                         natural sort of (version) numbers within text
  -w, --width=COLS           set output width to COLS.  0 means no limit
  -x                         list entries by lines instead of by columns
  -X                         sort alphabetically by entry extension
  -Z, --context              print any security context of each file
      --zero                 end each output line with NUL, not newline
  -1                         list one file per line
      --help        display this help and exit
      --version     output version information and exit

The SIZE argument is an integer and optional unit (example: 10K is 10*1024).
Units are K,M,G,T,P,E,Z,Y (powers of 1024) or KB,MB,... (powers of 1000).
Binary prefixes can be used, too: KiB=K, MiB=M, and so on.

The TIME_STYLE argument can be full-iso, long-iso, iso, locale, or +FORMAT.
FORMAT is interpreted like in date(1).  If FORMAT is FORMAT1<newline>FORMAT2,
then FORMAT1 applies to non-recent files and FORMAT2 to recent files.
TIME_STYLE prefixed with 'posix-' takes effect only outside the POSIX locale.
Also the TIME_STYLE environment variable sets the default style to use.

The WHEN argument defaults to 'always' and can also be 'auto' or 'never'.

Using color to distinguish file types is disabled both by default and
with --color=never.  With --color=auto, ls emits color codes only when
standard output is connected to a terminal.  The LS_COLORS environment
variable can change the settings.  Use the dircolors(1) command to set it.

Exit status:
 0  if OK,
 1  if minor problems (e.g., cannot access subdirectory),
 2  if serious trouble (e.g., cannot access command-line argument).

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/ls>
or available locally via: info '(coreutils) ls invocation'
`;
const VERSION_TEXT = `ls (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Richard M. Stallman and David MacKenzie.
`;
