// stat(1) of coreutils 9: the default report (File, Size/Blocks/IO Block, Device major,minor, Inode, Links,
// Access/Uid/Gid, the three times with nanoseconds and +0000, Birth: - since the filesystem keeps no birth
// time), -L to follow links, -c/--format and --printf with GNU's directives and printf flags, -t terse,
// -f for the file system.
import type { Sys } from '../kernel/sys.ts';
import type { Stat } from '../fs/inode.ts';
import { SysError } from '../kernel/errno.ts';
import { unescapeC } from './echo.ts';
import { UsageError, UserDb, errText, getopt, modeString, quoteLocale, shellQuote, splitTime, strftime, withUsage, usageText } from './lib.ts';

const OPTIONS = {
  flags: 'Lft',
  withArg: 'c',
  long: {
    help: { key: 'help' }, version: { key: 'version' },
    dereference: { key: 'L' }, 'file-system': { key: 'f' }, format: { key: 'c', arg: true }, printf: { key: 'printf', arg: true },
    terse: { key: 't' }, cached: { key: 'cached', arg: true },
  },
};

const FILE_FORMAT = '  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n';
const DEV_LINE = 'Device: %Hd,%Ld\tInode: %-11i Links: %h\n';
const DEV_LINE_CHR = 'Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n';
const TAIL = 'Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\nChange: %z\n Birth: %w\n';
const TERSE = '%n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o\n';
const FS_FORMAT = '  File: "%n"\n    ID: %-8i Namelen: %-7l Type: %T\nBlock size: %-10s Fundamental block size: %S\nBlocks: Total: %-10b Free: %-10f Available: %a\nInodes: Total: %-10c Free: %d\n';
const FS_TERSE = '%n %i %l %t %s %S %b %f %a %c %d\n';

const major = (dev: number) => (dev >> 8) & 0xfff;
const minor = (dev: number) => (dev & 0xff) | ((dev >> 12) & 0xfff00);

function fileType(st: Stat): string {
  switch (st.mode & 0o170000) {
    case 0o100000: return st.size === 0 ? 'regular empty file' : 'regular file';
    case 0o040000: return 'directory';
    case 0o120000: return 'symbolic link';
    case 0o020000: return 'character special file';
    case 0o060000: return 'block special file';
    case 0o010000: return 'fifo';
    case 0o140000: return 'socket';
    default: return 'weird file';
  }
}

/** printf-style padding of one directive's value: flags "-0 +#'", width, precision. */
function pad(value: string, flags: string, width: number | undefined, precision: number | undefined, numeric: boolean): string {
  let v = value;
  if (numeric) {
    if (precision !== undefined && /^-?\d+$/.test(v)) v = (v.startsWith('-') ? '-' : '') + v.replace('-', '').padStart(precision, '0');
    if (flags.includes('+') && !v.startsWith('-')) v = '+' + v;
    else if (flags.includes(' ') && !v.startsWith('-')) v = ' ' + v;
  } else if (precision !== undefined) v = v.slice(0, precision);
  if (width === undefined || v.length >= width) return v;
  if (flags.includes('-')) return v.padEnd(width);
  if (numeric && flags.includes('0') && precision === undefined) {
    const sign = /^[+\- ]/.test(v) ? v[0] : '';
    return sign + v.slice(sign.length).padStart(width - sign.length, '0');
  }
  return v.padStart(width);
}

/** A time directive: %x human, %X seconds (a precision adds that many digits of the fraction). */
function timeValue(ms: number, human: boolean, precision: number | undefined): string {
  if (human) return strftime('%Y-%m-%d %H:%M:%S.%N %z', ms);
  const { sec, nsec } = splitTime(ms);
  if (precision === undefined || precision === 0) return String(sec) + (precision === 0 ? '' : '');
  return `${sec}.${String(nsec).padStart(9, '0').slice(0, precision).padEnd(precision, '0')}`;
}

export default async function stat(sys: Sys): Promise<number> {
  const prog = sys.argv[0] ?? 'stat';
  return withUsage(sys, prog, async () => {
    const o = getopt(prog, sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out(usageText(HELP_TEXT, prog, 'stat')); return 0; }
    if (o.has('version')) { await sys.out(VERSION_TEXT); return 0; }
    if (!o.operands.length) throw new UsageError(`${prog}: missing operand`);
    const db = await UserDb.load(sys);
    const printf = o.get('printf');
    const userFormat = printf !== undefined ? unescapeC(printf) : o.has('c') ? o.get('c')! + '\n' : undefined;
    let status = 0;

    /** Expands one format for one file; returns undefined after reporting an invalid directive. */
    const expand = async (format: string, name: string, st: Stat, defaultFormat: boolean, fs: boolean): Promise<string | undefined> => {
      let out = '';
      for (let i = 0; i < format.length; i++) {
        const c = format[i]!;
        if (c !== '%') { out += c; continue; }
        const m = /^%([-#+ 0']*)(\d*)(?:\.(\d*))?([HL]?)(.?)/.exec(format.slice(i))!;
        const [all, flags, w, prec, mod, conv] = m as unknown as [string, string, string, string | undefined, string, string];
        if (!conv) {
          if (all === '%') { out += '%'; continue; }
          await sys.err(`${prog}: ${quoteLocale(all)}: invalid directive\n`);
          return undefined;
        }
        i += all.length - 1;
        const width = w ? Number(w) : undefined;
        const precision = prec !== undefined ? Number(prec || '0') : undefined;
        const num = (v: number | string) => pad(String(v), flags, width, precision, true);
        const str = (v: string) => pad(v, flags, width, precision, false);
        if (fs) {
          // stat -f: a plain in-memory filesystem (proc for /proc).
          const isProc = st.dev === 4;
          const vals: Record<string, string> = {
            n: name, i: isProc ? '0' : '803', l: '255', t: isProc ? '9fa0' : 'ef53', T: isProc ? 'proc' : 'ext2/ext3',
            s: '4096', S: '4096', b: isProc ? '0' : '2621440', f: isProc ? '0' : '2359296', a: isProc ? '0' : '2228224',
            c: isProc ? '0' : '655360', d: isProc ? '0' : '600000', '%': '%',
          };
          const v = vals[conv];
          if (v === undefined) { out += '?'; continue; }
          out += /^\d+$/.test(v) ? num(v) : str(v);
          continue;
        }
        switch (conv) {
          case '%': out += '%'; break;
          case 'a': out += flags.includes('#') ? pad('0' + (st.mode & 0o7777).toString(8), flags.replace('#', ''), width, precision, true) : num((st.mode & 0o7777).toString(8)); break;
          case 'A': out += str(modeString(st.mode)); break;
          case 'b': out += num(st.blocks); break;
          case 'B': out += num(512); break;
          case 'C': out += str('?'); break;
          case 'd':
            out += num(mod === 'H' ? major(st.dev) : mod === 'L' ? minor(st.dev) : st.dev);
            break;
          case 'D': out += str(st.dev.toString(16)); break;
          case 'f': out += str(st.mode.toString(16)); break;
          case 'F': out += str(fileType(st)); break;
          case 'g': out += num(st.gid); break;
          case 'G': out += str(db.groupName(st.gid)); break;
          case 'h': out += num(st.nlink); break;
          case 'i': out += num(st.ino); break;
          case 'm': out += str(st.dev === 4 ? '/proc' : st.dev === 5 ? '/dev' : '/'); break;
          case 'n': out += str(name); break;
          case 'N': {
            const q = defaultFormat ? (s: string) => s : shellQuote;
            let v = q(name);
            if ((st.mode & 0o170000) === 0o120000) {
              try { v += ` -> ${q(sys.readlink(name))}`; } catch { /* unreadable link */ }
            }
            out += str(v);
            break;
          }
          case 'o': out += num(st.blksize); break;
          case 's': out += num(st.size); break;
          case 'r':
            out += num(mod === 'H' ? major(st.rdev) : mod === 'L' ? minor(st.rdev) : st.rdev);
            break;
          case 'R': out += str(st.rdev.toString(16)); break;
          case 't': out += str(major(st.rdev).toString(16)); break;
          case 'T': out += str(minor(st.rdev).toString(16)); break;
          case 'u': out += num(st.uid); break;
          case 'U': out += str(db.userName(st.uid)); break;
          case 'w': out += str('-'); break;
          case 'W': out += num('0'); break;
          case 'x': out += str(timeValue(st.atimeMs, true, undefined)); break;
          case 'y': out += str(timeValue(st.mtimeMs, true, undefined)); break;
          case 'z': out += str(timeValue(st.ctimeMs, true, undefined)); break;
          case 'X': out += pad(timeValue(st.atimeMs, false, precision), flags, width, undefined, true); break;
          case 'Y': out += pad(timeValue(st.mtimeMs, false, precision), flags, width, undefined, true); break;
          case 'Z': out += pad(timeValue(st.ctimeMs, false, precision), flags, width, undefined, true); break;
          default: out += all;
        }
      }
      return out;
    };

    for (const name of o.operands) {
      let st: Stat;
      try {
        st = o.has('L') || o.has('f') ? sys.stat(name) : sys.lstat(name);
      } catch (e) {
        if (!(e instanceof SysError)) throw e;
        await sys.err(o.has('f') ? `${prog}: cannot read file system information for ${shellQuote(name)}: ${errText(e)}\n`
          : `${prog}: cannot statx ${shellQuote(name)}: ${errText(e)}\n`);
        status = 1;
        continue;
      }
      let format: string;
      const isDefault = userFormat === undefined && !o.has('t');
      if (o.has('f')) format = userFormat ?? (o.has('t') ? FS_TERSE : FS_FORMAT);
      else if (userFormat !== undefined) format = userFormat;
      else if (o.has('t')) format = TERSE;
      else {
        const chr = (st.mode & 0o170000) === 0o020000 || (st.mode & 0o170000) === 0o060000;
        format = FILE_FORMAT + (chr ? DEV_LINE_CHR : DEV_LINE) + TAIL;
      }
      const text = await expand(format, name, st, isDefault, o.has('f'));
      if (text === undefined) return 1;
      await sys.out(text);
    }
    return status;
  });
}

// --help and --version as coreutils 9.1 prints them ("Usage:" names the program as invoked).
const HELP_TEXT = `Usage: stat [OPTION]... FILE...
Display file or file system status.

Mandatory arguments to long options are mandatory for short options too.
  -L, --dereference     follow links
  -f, --file-system     display file system status instead of file status
      --cached=MODE     specify how to use cached attributes;
                          useful on remote file systems. See MODE below
  -c  --format=FORMAT   use the specified FORMAT instead of the default;
                          output a newline after each use of FORMAT
      --printf=FORMAT   like --format, but interpret backslash escapes,
                          and do not output a mandatory trailing newline;
                          if you want a newline, include \\n in FORMAT
  -t, --terse           print the information in terse form
      --help        display this help and exit
      --version     output version information and exit

The MODE argument of --cached can be: always, never, or default.
'always' will use cached attributes if available, while
'never' will try to synchronize with the latest attributes, and
'default' will leave it up to the underlying file system.

The valid format sequences for files (without --file-system):

  %a   permission bits in octal (note '#' and '0' printf flags)
  %A   permission bits and file type in human readable form
  %b   number of blocks allocated (see %B)
  %B   the size in bytes of each block reported by %b
  %C   SELinux security context string
  %d   device number in decimal (st_dev)
  %D   device number in hex (st_dev)
  %Hd  major device number in decimal
  %Ld  minor device number in decimal
  %f   raw mode in hex
  %F   file type
  %g   group ID of owner
  %G   group name of owner
  %h   number of hard links
  %i   inode number
  %m   mount point
  %n   file name
  %N   quoted file name with dereference if symbolic link
  %o   optimal I/O transfer size hint
  %s   total size, in bytes
  %r   device type in decimal (st_rdev)
  %R   device type in hex (st_rdev)
  %Hr  major device type in decimal, for character/block device special files
  %Lr  minor device type in decimal, for character/block device special files
  %t   major device type in hex, for character/block device special files
  %T   minor device type in hex, for character/block device special files
  %u   user ID of owner
  %U   user name of owner
  %w   time of file birth, human-readable; - if unknown
  %W   time of file birth, seconds since Epoch; 0 if unknown
  %x   time of last access, human-readable
  %X   time of last access, seconds since Epoch
  %y   time of last data modification, human-readable
  %Y   time of last data modification, seconds since Epoch
  %z   time of last status change, human-readable
  %Z   time of last status change, seconds since Epoch

Valid format sequences for file systems:

  %a   free blocks available to non-superuser
  %b   total data blocks in file system
  %c   total file nodes in file system
  %d   free file nodes in file system
  %f   free blocks in file system
  %i   file system ID in hex
  %l   maximum length of filenames
  %n   file name
  %s   block size (for faster transfers)
  %S   fundamental block size (for block counts)
  %t   file system type in hex
  %T   file system type in human readable form

--terse is equivalent to the following FORMAT:
    %n %s %b %f %u %g %D %i %h %t %T %X %Y %Z %W %o %C
--terse --file-system is equivalent to the following FORMAT:
    %n %i %l %t %s %S %b %f %a %c %d

NOTE: your shell may have its own version of stat, which usually supersedes
the version described here.  Please refer to your shell's documentation
for details about the options it supports.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/stat>
or available locally via: info '(coreutils) stat invocation'
`;
const VERSION_TEXT = `stat (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Michael Meskes.
`;
