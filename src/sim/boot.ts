// Builds the machine's filesystem at boot: the FHS tree, /etc files, devices, /proc, the system programs
// (as executable images) for the chosen profile, the student's home, and the chapter's labs.
import type { Kernel } from './kernel/kernel.ts';
import { controllingTty, fullDevice, nullDevice, randomDevice, zeroDevice } from './fs/devices.ts';
import { mountProc, type ProcTunables } from './fs/procfs.ts';
import { encodeImage } from './loader/image.ts';
import type { Profile } from './loader/profiles.ts';
import { TOOLS } from './tools/registry.ts';
import { HEADERS } from './cc/headers.ts';
import type { ProfileImages } from './loader/images/types.ts';
import type { Vfs } from './fs/vfs.ts';
import { LOCALE_ALIAS } from './loader/images/locale-alias.ts';
import type { ElfInfo } from './loader/elf.ts';

export const STUDENT = { uid: 1000, gid: 1000, name: 'student', home: '/home/student' };
const ROOT = { uid: 0, gid: 0 };

/** Where the chapter's lab folders live: labs/<path> → ~/chapters/data/<path>. */
export const LABS_ROOT = `${STUDENT.home}/chapters/data`;

export function bootFilesystem(kernel: Kernel, profile: Profile, tunables: ProcTunables, images?: ProfileImages) {
  const vfs = kernel.vfs;
  for (const d of ['etc', 'home', 'root', 'tmp', 'usr/bin', 'usr/sbin', 'usr/lib', 'usr/share', 'usr/local/bin', 'var/tmp', 'opt', 'mnt', 'srv', 'run'])
    vfs.ensureDir('/' + d);
  vfs.ensureDir('/root').mode = 0o040700;
  vfs.ensureDir('/tmp').mode = 0o041777;
  vfs.ensureDir('/var/tmp').mode = 0o041777;
  if (profile.mergedUsr) {
    vfs.putNode('/bin', vfs.newSymlink('usr/bin'));
    vfs.putNode('/sbin', vfs.newSymlink('usr/sbin'));
    vfs.putNode('/lib', vfs.newSymlink('usr/lib'));
    vfs.putNode('/lib64', vfs.newSymlink('usr/lib64'));
    vfs.ensureDir('/usr/lib/x86_64-linux-gnu');
  } else {
    vfs.ensureDir('/bin');
    vfs.ensureDir('/sbin');
    vfs.ensureDir('/lib/x86_64-linux-gnu');
    vfs.ensureDir('/lib64');
  }

  // /etc
  vfs.put('/etc/passwd', 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' +
    `${STUDENT.name}:x:${STUDENT.uid}:${STUDENT.gid}:Student,,,:${STUDENT.home}:/bin/bash\n`);
  vfs.put('/etc/group', `root:x:0:\nadm:x:4:${STUDENT.name}\nsudo:x:27:${STUDENT.name}\n${STUDENT.name}:x:${STUDENT.gid}:\n`);
  vfs.put('/etc/hostname', `${kernel.info.nodename}\n`);
  vfs.put('/etc/hosts', `127.0.0.1\tlocalhost\n127.0.1.1\t${kernel.info.nodename}\n`);
  vfs.put('/etc/os-release', profile.osRelease);
  vfs.put('/etc/shells', '/bin/sh\n/bin/bash\n/bin/dash\n');
  vfs.put('/etc/profile', '# system-wide .profile for sh(1)\n');

  // /dev
  vfs.ensureDir('/dev/pts');
  vfs.putNode('/dev/null', vfs.newDevice(nullDevice(), 0o666));
  vfs.putNode('/dev/zero', vfs.newDevice(zeroDevice(), 0o666));
  vfs.putNode('/dev/full', vfs.newDevice(fullDevice(), 0o666));
  vfs.putNode('/dev/random', vfs.newDevice(randomDevice(kernel.random, 8), 0o666));
  vfs.putNode('/dev/urandom', vfs.newDevice(randomDevice(kernel.random, 9), 0o666));
  vfs.putNode('/dev/tty', vfs.newDevice(controllingTty(), 0o666));
  vfs.putNode('/dev/stdin', vfs.newSymlink('/proc/self/fd/0'));
  vfs.putNode('/dev/stdout', vfs.newSymlink('/proc/self/fd/1'));
  vfs.putNode('/dev/stderr', vfs.newSymlink('/proc/self/fd/2'));
  vfs.putNode('/dev/fd', vfs.newSymlink('/proc/self/fd'));

  // /proc
  vfs.putNode('/proc', mountProc(kernel, tunables));

  // programs (an image file whose size is the real binary's: the tail past the image header reads as zeros)
  for (const [name, entry] of Object.entries(TOOLS)) {
    const dir = profile.mergedUsr ? (entry.dir.includes('sbin') ? '/usr/sbin' : '/usr/bin') : entry.dir;
    const known = images?.programs[name];
    const path = known ? known.path.replace(/^\/(bin|sbin|lib)\//, profile.mergedUsr ? '/usr/$1/' : '/$1/') : `${dir}/${name}`;
    const f = vfs.put(path, encodeImage({ kind: 'tool', tool: name, elfType: known?.elf?.type ?? 'DYN' }), entry.setuid ? 0o4755 : 0o755);
    f.size = Math.max(f.size, known?.elf?.fileSize ?? (known && 'fileSize' in known ? known.fileSize ?? 0 : 0));
    const linkDir = path.slice(0, path.lastIndexOf('/'));
    for (const link of entry.links ?? []) vfs.putNode(`${linkDir}/${link}`, vfs.newSymlink(path.slice(linkDir.length + 1)));
  }
  if (images) installLibraries(vfs, profile, images);
  // the C headers gcc includes
  vfs.ensureDir('/usr/include/sys');
  for (const [name, text] of Object.entries(HEADERS)) vfs.put(`/usr/include/${name}`, text, 0o644);

  // the student's home
  const home = vfs.ensureDir(STUDENT.home, STUDENT);
  home.mode = 0o040755;
  vfs.put(`${STUDENT.home}/.bashrc`, "# ~/.bashrc: executed by bash(1) for non-login shells.\nPS1='\\[\\e[01;32m\\]\\u@\\h\\[\\e[00m\\]:\\[\\e[01;34m\\]\\w\\[\\e[00m\\]\\$ '\nPROMPT_DIRTRIM=4\n", 0o644, STUDENT);
  vfs.put(`${STUDENT.home}/.profile`, '# ~/.profile: executed by the command interpreter for login shells.\n', 0o644, STUDENT);
}

/** Copies host files into the machine, owned by the student (the labs, the CLI's --files). */
export function installFiles(kernel: Kernel, base: string, files: Record<string, string | Uint8Array>) {
  const vfs = kernel.vfs;
  for (const [rel, data] of Object.entries(files)) {
    const path = rel.startsWith('/') ? rel : `${base}/${rel}`;
    const parts = path.split('/').filter(Boolean);
    let dir = '';
    for (const p of parts.slice(0, -1)) { dir += '/' + p; vfs.ensureDir(dir, STUDENT); }
    const executable = /\.sh$/.test(rel) || (typeof data === 'string' && data.startsWith('#!'));
    vfs.put(path, data, executable ? 0o755 : 0o644, STUDENT);
  }
}

export { ROOT };

const ELF_MAGIC = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);

/** A file of `size` bytes that reads as an ELF header then zeros (libraries are mapped, never executed). */
function sparseFile(vfs: Vfs, path: string, size: number, perm: number, magic = true) {
  const f = vfs.put(path, magic ? ELF_MAGIC : new Uint8Array(0), perm);
  f.size = size;
}

const PT: Record<string, number> = { LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4, PHDR: 6, TLS: 7, GNU_EH_FRAME: 0x6474e550,
  GNU_STACK: 0x6474e551, GNU_RELRO: 0x6474e552, GNU_PROPERTY: 0x6474e553 };

/** The ELF header and program headers of a shared object as its file starts (what ld.so's first read and
 *  pread64 of the phdrs show in strace); section headers assumed at the end of the file, as ld writes them. */
export function elfFileHead(elf: ElfInfo): Uint8Array {
  const b = new Uint8Array(64 + elf.phdrs.length * 56);
  const v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, elf.osabi ?? 0]);
  v.setUint16(16, elf.type === 'EXEC' ? 2 : 3, true);
  v.setUint16(18, 62, true);
  v.setUint32(20, 1, true);
  v.setBigUint64(24, BigInt(elf.entry), true);
  v.setBigUint64(32, 64n, true);
  const shnum = elf.sections.length;
  v.setBigUint64(40, BigInt(Math.max(0, elf.fileSize - shnum * 64)), true);
  v.setUint16(52, 64, true);
  v.setUint16(54, 56, true);
  v.setUint16(56, elf.phdrs.length, true);
  v.setUint16(58, 64, true);
  v.setUint16(60, shnum, true);
  v.setUint16(62, Math.max(0, elf.sections.findIndex((x) => x.name === '.shstrtab')), true);
  elf.phdrs.forEach((ph, i) => {
    const o = 64 + i * 56;
    v.setUint32(o, PT[ph.type] ?? 0, true);
    v.setUint32(o + 4, (ph.flags.includes('R') ? 4 : 0) | (ph.flags.includes('W') ? 2 : 0) | (ph.flags.includes('E') ? 1 : 0), true);
    v.setBigUint64(o + 8, BigInt(ph.offset), true);
    v.setBigUint64(o + 16, BigInt(ph.vaddr), true);
    v.setBigUint64(o + 24, BigInt(ph.vaddr), true);
    v.setBigUint64(o + 32, BigInt(ph.filesz), true);
    v.setBigUint64(o + 40, BigInt(ph.memsz), true);
    v.setBigUint64(o + 48, BigInt(ph.align), true);
  });
  return b;
}

/** Path as installed: Debian 12's merged /usr keeps /lib → usr/lib, so real files live under /usr. */
function realLocation(profile: Profile, path: string) {
  return profile.mergedUsr ? path.replace(/^\/(lib|lib64|bin|sbin)\//, '/usr/$1/') : path;
}

/** ld.so, the libraries (real files and their soname symlinks), the loader cache and run-time data files. */
function installLibraries(vfs: Vfs, profile: Profile, images: ProfileImages) {
  const ld = realLocation(profile, images.ldso.path);
  sparseFile(vfs, ld, images.ldso.elf.fileSize, 0o755);
  const interp = realLocation(profile, images.interp);
  if (interp !== ld) vfs.putNode(interp, vfs.newSymlink(ld));
  for (const lib of Object.values(images.libraries)) {
    const real = realLocation(profile, lib.realPath);
    if (!exists(vfs, real)) {
      // libc is installed executable (it runs: /lib/x86_64-linux-gnu/libc.so.6 prints its version).
      const f = vfs.put(real, elfFileHead(lib.elf), /^libc[.-]/.test(real.replace(/.*\//, '')) ? 0o755 : 0o644);
      f.size = lib.elf.fileSize;
    }
    const link = realLocation(profile, lib.path);
    if (link !== real && !exists(vfs, link)) {
      const rel = link.slice(0, link.lastIndexOf('/')) === real.slice(0, real.lastIndexOf('/')) ? real.slice(real.lastIndexOf('/') + 1) : real;
      vfs.putNode(link, vfs.newSymlink(rel));
    }
  }
  sparseFile(vfs, '/etc/ld.so.cache', images.ldSoCacheSize, 0o644, false);
  for (const [path, size] of Object.entries(images.dataFiles)) if (!exists(vfs, path)) sparseFile(vfs, path, size, 0o644, false);
  if (!exists(vfs, '/usr/share/locale/locale.alias')) vfs.put('/usr/share/locale/locale.alias', LOCALE_ALIAS, 0o644);
}

function exists(vfs: Vfs, path: string) {
  try { vfs.resolve(path, '/', ROOT_CRED); return true; } catch { return false; }
}
const ROOT_CRED = { uid: 0, gid: 0 };
