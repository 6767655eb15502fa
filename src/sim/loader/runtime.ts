// What a system program's libc does at start-up that shows in its address space and in strace: the first
// malloc (tcache init: getrandom on glibc ≥ 2.34, then brk(NULL) and a 132 KiB brk), setlocale(LC_ALL, "")
// mapping the locale (glibc 2.36: one file per category from /usr/lib/locale/C.utf8; 2.27 with en_US.UTF-8:
// the whole locale-archive) and gconv-modules.cache, and for bash on Ubuntu 18.04 the NSS modules its
// getpwuid() dlopens. The C programs built in the simulator get these from the libc model instead.
import type { Syscalls } from '../kernel/syscalls.ts';
import { MAP_PRIVATE, MAP_SHARED, PROT_READ, pageAlignUp } from '../kernel/mm.ts';
import { O_CLOEXEC, O_RDONLY } from '../kernel/files.ts';
import { fmt } from '../kernel/trace.ts';
import type { ProfileImages } from './images/types.ts';
import type { ProfileName } from './profiles.ts';
import { protectRelro, touchResident } from './ldso.ts';

export interface ToolRuntime {
  /** Calls setlocale(LC_ALL, "") (every coreutils/procps program does). */
  setlocale?: boolean;
  /** Heap size the program grows to (KiB), beyond the first 132 KiB. */
  heapKiB?: Partial<Record<ProfileName, number>>;
  /** Libraries dlopen'ed at run time (bash's NSS modules on glibc 2.27). */
  dlopen?: Partial<Record<ProfileName, string[]>>;
  /** Stack (KiB) its start-up needs below execve's tables when more than a C program's 5 (load.ts). */
  stackKiB?: number;
}

/** Start-up behaviour of the system's programs that matters for their memory maps. */
export const RUNTIME: Record<string, ToolRuntime> = {
  bash: { setlocale: true, heapKiB: { 'ubuntu-18.04': 1604, 'debian-12': 132 },
    dlopen: { 'ubuntu-18.04': ['libnss_compat.so.2', 'libnss_nis.so.2', 'libnsl.so.1', 'libnss_files.so.2'] } },
  dash: {},
  ls: { setlocale: true, stackKiB: 9 }, // runs at `ulimit -s 12`, not 8 (load.ts)
};
const DEFAULT_RUNTIME: ToolRuntime = { setlocale: true };
/** Of a grown heap (heapKiB), the part written at start-up and so resident (see startTool). */
const HEAP_RESIDENT_SHARE = 0.1322;

export function runtimeOf(tool: string | undefined): ToolRuntime { return (tool && RUNTIME[tool]) || DEFAULT_RUNTIME; }

/** The first malloc of the process: glibc's heap appears (132 KiB + alignment). */
export function mallocInit(sys: Syscalls, profile: ProfileName) {
  if (profile === 'debian-12') sys.note('getrandom', [fmt.str(sys.kernel.random.bytes(8)), '8', 'GRND_NONBLOCK'], '8');
  const cur = sys.brk(0);
  sys.brk(cur + 0x21000);
  sys.mm.touch(cur, 0x1000, true);
}

const C_UTF8_ORDER = ['LC_IDENTIFICATION', 'gconv', 'LC_MEASUREMENT', 'LC_TELEPHONE', 'LC_ADDRESS', 'LC_NAME', 'LC_PAPER',
  'LC_MESSAGES/SYS_LC_MESSAGES', 'LC_MONETARY', 'LC_COLLATE', 'LC_TIME', 'LC_NUMERIC', 'LC_CTYPE'];

function mapWhole(sys: Syscalls, path: string, flags: number, size: number, residentKiB?: number) {
  const fd = sys.tryOpenat(path, O_RDONLY | (flags === MAP_SHARED ? 0 : O_CLOEXEC));
  if (fd < 0) return;
  const st = sys.fstat(fd, 'newfstatat');
  const len = st.size || size;
  const at = sys.mmap(0, len, PROT_READ, flags, fd, 0);
  sys.close(fd);
  sys.mm.touch(at, Math.min(pageAlignUp(len), (residentKiB ?? Infinity) * 1024), false);
}

/** The locale name setlocale(LC_ALL, "") finds in the environment (LC_ALL, then LANG). */
function localeName(env: string[]): string | undefined {
  const get = (n: string) => env.find((e) => e.startsWith(n + '='))?.slice(n.length + 1) || undefined;
  return get('LC_ALL') ?? get('LANG');
}

/** _nl_find_locale reading /usr/share/locale/locale.alias (once, for a name that is not in the archive). */
function readLocaleAlias(sys: Syscalls) {
  const fd = sys.tryOpenat('/usr/share/locale/locale.alias');
  if (fd < 0) return;
  sys.fstat(fd, 'newfstatat');
  while (sys.pread(fd, 4096, undefined).length) { /* read to the end */ }
  sys.close(fd);
}

/** setlocale(LC_ALL, "") with the profile's locale: the files glibc maps. */
export function setlocale(sys: Syscalls, profile: ProfileName, images: ProfileImages) {
  if (profile === 'debian-12') {
    sys.tryOpenat('/usr/lib/locale/locale-archive');
    // With LANG=C.UTF-8 glibc reads the alias file, then tries each category under the name as written
    // (C.UTF-8, absent) before the normalized one (C.utf8).
    const name = localeName(sys.proc.env);
    const asWritten = name && name !== 'C.utf8' && /^C\.utf-?8$/i.test(name) ? name : undefined;
    if (asWritten) readLocaleAlias(sys);
    for (const cat of C_UTF8_ORDER) {
      if (cat === 'gconv') {
        mapWhole(sys, '/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', MAP_SHARED, 0);
        // pthread_once of the gconv cache wakes no one: libc's once-word (in its .data, 0x1d4a4c into libc).
        const libc = sys.mm.vmas.find((v) => v.file?.path.endsWith('/libc.so.6') && v.offset === 0);
        if (libc) sys.note('futex', [`0x${(libc.start + 0x1d4a4c).toString(16)}`, 'FUTEX_WAKE_PRIVATE', '2147483647'], '0');
        continue;
      }
      const dir = cat.replace(/\/.*/, '');
      if (asWritten) sys.tryOpenat(`/usr/lib/locale/${asWritten}/${dir}`);
      if (dir !== cat) {
        // LC_MESSAGES is a directory holding SYS_LC_MESSAGES: opened, found to be a directory, closed.
        const dfd = sys.tryOpenat(`/usr/lib/locale/C.utf8/${dir}`);
        if (dfd >= 0) { sys.fstat(dfd, 'newfstatat'); sys.close(dfd); }
      }
      const path = `/usr/lib/locale/C.utf8/${cat}`;
      mapWhole(sys, path, MAP_PRIVATE, images.dataFiles[path] ?? 0, cat === 'LC_CTYPE' ? 128 : undefined);
    }
    // The locale objects setlocale mallocs: 12K more of the heap resident (sleep in C.UTF-8: 16K, in C: 4K).
    if (sys.mm.heap) sys.mm.touch(sys.mm.startBrk + 0x1000, 0x3000, true);
    return;
  }
  // Ubuntu 18.04 with LANG=en_US.UTF-8: the compiled archive, mapped whole, then the gconv cache.
  mapWhole(sys, '/usr/lib/locale/locale-archive', MAP_PRIVATE, images.dataFiles['/usr/lib/locale/locale-archive'] ?? 0, 96);
  mapWhole(sys, '/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', MAP_SHARED, 0);
}

/** dlopen of a library at run time: the same mapping steps ld.so takes at start-up. */
export function dlopen(sys: Syscalls, profile: ProfileName, images: ProfileImages, name: string,
  mapObject: (sys: Syscalls, fd: number, elf: ProfileImages['libraries'][string]['elf']) => number) {
  const lib = images.libraries[name];
  if (!lib) return;
  const fd = sys.tryOpenat(lib.path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  sys.pread(fd, 832, undefined);
  sys.fstat(fd, profile === 'debian-12' ? 'newfstatat' : 'fstat');
  const base = mapObject(sys, fd, lib.elf);
  sys.close(fd);
  touchResident(sys, base, lib.elf);
  protectRelro(sys, base, lib.elf); // dlopen relocates, then makes RELRO read-only like start-up does
}

/** Runs a system program's start-up model after ld.so has finished. */
export function startTool(sys: Syscalls, profile: ProfileName, images: ProfileImages, tool: string | undefined,
  mapObject: (sys: Syscalls, fd: number, elf: ProfileImages['libraries'][string]['elf']) => number) {
  const rt = runtimeOf(tool);
  mallocInit(sys, profile);
  // bash resolves the user (getpwuid → NSS modules dlopen'ed) before its locale data is mapped: the chapter's
  // pmap shows locale-archive below the libnss_* libraries.
  for (const name of rt.dlopen?.[profile] ?? []) dlopen(sys, profile, images, name, mapObject);
  if (rt.setlocale) setlocale(sys, profile, images);
  const heap = rt.heapKiB?.[profile];
  if (heap && heap > 132) {
    const cur = sys.brk(0);
    sys.brk(cur + (heap - 132) * 1024);
    // The share of its heap a long-lived interactive bash has written: synthesised, like the libraries' resident
    // figures (images/ubuntu-18.04.ts, RESIDENT), as what the seed's `ps -o rss` of bash (1968K) leaves once the
    // files, stack (12K: execve's strings and tables cross into a third page for the seed's login shell),
    // locale-archive (96K), gconv cache and ld.so's pages are counted: 212K of the 1604K.
    sys.mm.touch(sys.mm.startBrk, Math.floor(heap * HEAP_RESIDENT_SHARE) * 1024, true);
  }
}
