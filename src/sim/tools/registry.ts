// The system's programs: name → where it is installed and the module implementing it. Modules load on first
// exec (a dynamic import, so the browser fetches a tool's code only when someone runs it).
import type { Program } from '../kernel/kernel.ts';

type Loader = () => Promise<{ default: Program }>;

export interface ToolEntry {
  /** Directory on Ubuntu 18.04 (unmerged /usr); Debian 12 puts everything in /usr/bin or /usr/sbin. */
  dir: '/bin' | '/usr/bin' | '/sbin' | '/usr/sbin';
  load: Loader;
  /** Other names (symlinks) for the same program. */
  links?: string[];
  /** Installed set-user-ID root (mode 4755), like sudo. */
  setuid?: boolean;
}

export const TOOLS: Record<string, ToolEntry> = {
  bash: { dir: '/bin', load: () => import('../shell/bash.ts') },
  dash: { dir: '/bin', load: () => import('../shell/sh.ts'), links: ['sh'] },
  cat: { dir: '/bin', load: () => import('./cat.ts') },
  chmod: { dir: '/bin', load: () => import('./chmod.ts') },
  cp: { dir: '/bin', load: () => import('./cp.ts') },
  date: { dir: '/bin', load: () => import('./date.ts') },
  dd: { dir: '/bin', load: () => import('./dd.ts') },
  echo: { dir: '/bin', load: () => import('./echo.ts') },
  false: { dir: '/bin', load: () => import('./false.ts') },
  grep: { dir: '/bin', load: () => import('./grep.ts') },
  hostname: { dir: '/bin', load: () => import('./hostname.ts') },
  kill: { dir: '/bin', load: () => import('./kill.ts') },
  ln: { dir: '/bin', load: () => import('./ln.ts') },
  ls: { dir: '/bin', load: () => import('./ls.ts') },
  mkdir: { dir: '/bin', load: () => import('./mkdir.ts') },
  mv: { dir: '/bin', load: () => import('./mv.ts') },
  pidof: { dir: '/bin', load: () => import('./pidof.ts') },
  ps: { dir: '/bin', load: () => import('./ps.ts') },
  pwd: { dir: '/bin', load: () => import('./pwd.ts') },
  readlink: { dir: '/bin', load: () => import('./readlink.ts') },
  rm: { dir: '/bin', load: () => import('./rm.ts') },
  rmdir: { dir: '/bin', load: () => import('./rmdir.ts') },
  sed: { dir: '/bin', load: () => import('./sed.ts') },
  sleep: { dir: '/bin', load: () => import('./sleep.ts') },
  sync: { dir: '/bin', load: () => import('./sync.ts') },
  touch: { dir: '/bin', load: () => import('./touch.ts') },
  true: { dir: '/bin', load: () => import('./true.ts') },
  uname: { dir: '/bin', load: () => import('./uname.ts') },
  which: { dir: '/bin', load: () => import('./which.ts') },
  basename: { dir: '/usr/bin', load: () => import('./basename.ts') },
  clear: { dir: '/usr/bin', load: () => import('./clear.ts') },
  cmp: { dir: '/usr/bin', load: () => import('./cmp.ts') },
  diff: { dir: '/usr/bin', load: () => import('./diff.ts') },
  dirname: { dir: '/usr/bin', load: () => import('./dirname.ts') },
  env: { dir: '/usr/bin', load: () => import('./env.ts') },
  head: { dir: '/usr/bin', load: () => import('./head.ts') },
  id: { dir: '/usr/bin', load: () => import('./id.ts') },
  printf: { dir: '/usr/bin', load: () => import('./printf.ts') },
  seq: { dir: '/usr/bin', load: () => import('./seq.ts') },
  sort: { dir: '/usr/bin', load: () => import('./sort.ts') },
  stat: { dir: '/usr/bin', load: () => import('./stat.ts') },
  sudo: { dir: '/usr/bin', load: () => import('./sudo.ts'), setuid: true },
  make: { dir: '/usr/bin', load: () => import('./make.ts') },
  tail: { dir: '/usr/bin', load: () => import('./tail.ts') },
  tee: { dir: '/usr/bin', load: () => import('./tee.ts') },
  uniq: { dir: '/usr/bin', load: () => import('./uniq.ts') },
  wc: { dir: '/usr/bin', load: () => import('./wc.ts') },
  whoami: { dir: '/usr/bin', load: () => import('./whoami.ts') },
  yes: { dir: '/usr/bin', load: () => import('./yes.ts') },
  // the memory chapter's tools
  pmap: { dir: '/usr/bin', load: () => import('./pmap.ts') },
  size: { dir: '/usr/bin', load: () => import('./size.ts') },
  gcc: { dir: '/usr/bin', load: () => import('./gcc.ts'), links: ['cc'] },
  readelf: { dir: '/usr/bin', load: () => import('./readelf.ts') },
  file: { dir: '/usr/bin', load: () => import('./file.ts') },
  ldd: { dir: '/usr/bin', load: () => import('./ldd.ts') },
  free: { dir: '/usr/bin', load: () => import('./free.ts') },
  getconf: { dir: '/usr/bin', load: () => import('./getconf.ts') },
  strace: { dir: '/usr/bin', load: () => import('./strace.ts') },
  ltrace: { dir: '/usr/bin', load: () => import('./ltrace.ts') },
  setarch: { dir: '/usr/bin', load: () => import('./setarch.ts'), links: ['linux64', 'x86_64'] },
};
