// Captures the ELF facts of Debian 12's system programs and libraries from this machine and prints
// src/sim/loader/images/debian-12.ts:
//
//   node scripts/capture-images-debian12.ts > src/sim/loader/images/debian-12.ts
//
// (Node 24: `npx node ...` here, where the system node is 20.) Needs readelf, ldd, setarch and script (binutils,
// libc-bin, util-linux), and the programs themselves: `apt-get install -y sudo ltrace file strace` if missing.
// Run as root so `ldd /usr/bin/sudo` works. Everything except the resident-set figures is deterministic for a
// given set of installed packages; the resident figures depend on the page cache (fault-around maps what is
// cached), so they move a little from run to run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ElfInfo, Phdr, Section } from '../src/sim/loader/elf.ts';
import { TOOLS } from '../src/sim/tools/registry.ts';

const PAGE = 4096;
/** Programs the chapter and the labs use besides the registry's tools. */
const EXTRA = ['pmap', 'size', 'readelf', 'file', 'free', 'getconf', 'setarch', 'strace', 'ltrace', 'gcc', 'make', 'ldd', 'python3'];
/** The programs whose resident set is measured by running them; the others take proportions from these. */
const MEASURED = ['sleep', 'cat', 'bash'] as const;
type Measured = (typeof MEASURED)[number];
/** The measured program closest to each other program (by what it does: shells, filters, run-and-exit). */
const SHELL_LIKE = new Set(['dash', 'bash']);
const TRIVIAL = new Set(['true', 'false', 'echo', 'printf', 'pwd', 'yes', 'sleep', 'uname', 'hostname', 'whoami', 'id',
  'basename', 'dirname', 'env', 'seq', 'kill', 'getconf', 'setarch', 'clear']);
const closest = (name: string): Measured => (SHELL_LIKE.has(name) ? 'bash' : TRIVIAL.has(name) ? 'sleep' : 'cat');
/** Libraries that were measured (in bash), and the one whose proportions other libraries take. */
const REFERENCE_LIB = 'libtinfo.so.6';

const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'xterm-256color', SHELL: '/bin/sh', USER: 'root', LOGNAME: 'root' };

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', env: { ...ENV, LC_ALL: 'C' } });
const hex = (n: number) => '0x' + n.toString(16);
const pageUp = (n: number) => Math.ceil(n / PAGE) * PAGE;
const pageDown = (n: number) => Math.floor(n / PAGE) * PAGE;
const fail = (msg: string): never => { throw new Error(msg); };

// ---------------------------------------------------------------------------------------------- readelf

/** readelf's OS/ABI names → e_ident[EI_OSABI]. */
const OSABI: Record<string, number> = { 'UNIX - GNU': 3, 'UNIX - FreeBSD': 9 };

function readElf(file: string): ElfInfo {
  const out = run('readelf', ['-hlSdnW', file]);
  const type = /^\s*Type:\s+(EXEC|DYN)\b/m.exec(out)?.[1] as ElfInfo['type'] | undefined ?? fail(`${file}: no ELF type`);
  const entry = parseInt(/^\s*Entry point address:\s+0x([0-9a-f]+)/m.exec(out)?.[1] ?? fail(`${file}: no entry`), 16);
  const sections: Section[] = [];
  const phdrs: Phdr[] = [];
  const needed: string[] = [];
  let soname: string | undefined;
  let interp: string | undefined;
  const secRe = /^\s*\[\s*\d+\]\s+(.*?)\s+(\S+)\s+([0-9a-f]{16})\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;
  const phRe = /^\s+([A-Z_]+|LOOS\+0x[0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+([RWE ]+?)\s+0x([0-9a-f]+)\s*$/;
  let part = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('Section Headers:')) part = 'S';
    else if (line.startsWith('Program Headers:')) part = 'P';
    else if (line.startsWith(' Section to Segment mapping:')) part = '';
    else if (line.startsWith('Dynamic section')) part = 'D';
    let m: RegExpExecArray | null;
    if (part === 'S' && (m = secRe.exec(line))) {
      sections.push({
        name: m[1]!, type: m[2] as Section['type'], flags: m[7]!, addr: parseInt(m[3]!, 16),
        offset: parseInt(m[4]!, 16), size: parseInt(m[5]!, 16), align: parseInt(m[10]!, 10),
        entsize: parseInt(m[6]!, 16), link: parseInt(m[8]!, 10), info: parseInt(m[9]!, 10),
      });
    } else if (part === 'P' && (m = phRe.exec(line))) {
      phdrs.push({
        type: m[1] as Phdr['type'], offset: parseInt(m[2]!, 16), vaddr: parseInt(m[3]!, 16),
        filesz: parseInt(m[5]!, 16), memsz: parseInt(m[6]!, 16), flags: m[7]!.trim(), align: parseInt(m[8]!, 16),
      });
    } else if (part === 'P' && (m = /\[Requesting program interpreter: (.*)\]/.exec(line))) {
      interp = m[1];
    } else if (part === 'D' && (m = /\(NEEDED\)\s+Shared library: \[(.*)\]/.exec(line))) {
      needed.push(m[1]!);
    } else if (part === 'D' && (m = /\(SONAME\)\s+Library soname: \[(.*)\]/.exec(line))) {
      soname = m[1];
    }
  }
  if (!phdrs.some((p) => p.type === 'LOAD')) fail(`${file}: no PT_LOAD parsed`);
  const shnum = parseInt(/Number of section headers:\s+(\d+)/.exec(out)?.[1] ?? '0', 10);
  if (sections.length !== shnum) fail(`${file}: parsed ${sections.length} of ${shnum} sections`);
  const elf: ElfInfo = { type, entry, phdrs, sections, needed, fileSize: fs.statSync(file).size };
  const osabi = /^\s*OS\/ABI:\s+(.*)$/m.exec(out)?.[1];
  if (osabi && osabi !== 'UNIX - System V') elf.osabi = OSABI[osabi] ?? fail(`${file}: OS/ABI ${osabi}`);
  const buildId = /Build ID: ([0-9a-f]+)/.exec(out)?.[1];
  if (buildId) elf.buildId = buildId;
  if (interp) elf.interp = interp;
  if (soname) elf.soname = soname;
  return elf;
}

/** The DT_NEEDED closure as the loader resolves it (ldd: name => path). */
function lddResolve(file: string): Map<string, string> {
  const res = new Map<string, string>();
  for (const line of run('ldd', [file]).split('\n')) {
    const m = /^\s*(\S+) => (\/\S+) \(0x[0-9a-f]+\)/.exec(line);
    if (m) res.set(m[1]!, m[2]!);
  }
  return res;
}

// ---------------------------------------------------------------------------------------------- programs

type ProgramOut = { path: string; realPath: string; elf?: string; script?: string; fileSize?: number };

function findProgram(name: string): string {
  for (const dir of ['/usr/bin', '/usr/sbin']) {
    const p = `${dir}/${name}`;
    if (fs.existsSync(p)) return p;
  }
  return fail(`${name}: not installed (apt-get install -y the package that has it)`);
}

// ---------------------------------------------------------------------------------------------- resident sets

interface Vma { start: number; end: number; pgoff: number; path: string; rssKiB: number }

function smaps(pid: number): Vma[] {
  const vmas: Vma[] = [];
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const h = /^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ \d+\s*(.*)$/.exec(line);
    if (h) vmas.push({ start: parseInt(h[1]!, 16), end: parseInt(h[2]!, 16), pgoff: parseInt(h[3]!, 16), path: h[4]!, rssKiB: 0 });
    const r = /^Rss:\s+(\d+) kB/.exec(line);
    if (r) vmas[vmas.length - 1]!.rssKiB = parseInt(r[1]!, 10);
  }
  return vmas;
}

interface Resident { residentKiB: number[]; residentBssKiB?: number }

/** Resident KiB per PT_LOAD of one object in a process (RELRO and rw- parts together), and of its anon .bss. */
function residentOf(vmas: Vma[], realPath: string, elf: ElfInfo): Resident | undefined {
  const mine = vmas.filter((v) => v.path === realPath);
  if (!mine.length) return undefined;
  const loads = elf.phdrs.filter((p) => p.type === 'LOAD');
  const bias = mine[0]!.start - pageDown(loads[0]!.vaddr);
  const res = loads.map(() => 0);
  for (const v of mine) {
    const i = loads.findIndex((p) => v.start - bias >= pageDown(p.vaddr) && v.start - bias < pageUp(p.vaddr + p.memsz));
    if (i < 0) fail(`${realPath}: VMA ${hex(v.start)} outside every PT_LOAD`);
    res[i] += v.rssKiB;
  }
  const out: Resident = { residentKiB: res };
  const last = loads[loads.length - 1]!;
  const fileEnd = bias + pageUp(last.vaddr + last.filesz);
  const memEnd = bias + pageUp(last.vaddr + last.memsz);
  if (memEnd > fileEnd) {
    const bss = vmas.find((v) => v.start === fileEnd && v.path === '');
    out.residentBssKiB = bss ? bss.rssKiB : 0;
  }
  return out;
}

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

function children(pid: number): number[] {
  const kids: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!, 10);
      if (ppid === pid) kids.push(parseInt(d, 10));
    } catch { /* gone */ }
  }
  return kids;
}

/** The process in the tree under `root` whose executable is `exe`. */
function findDescendant(root: number, exe: string): number | undefined {
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    try { if (fs.readlinkSync(`/proc/${pid}/exe`) === exe) return pid; } catch { /* gone */ }
    queue.push(...children(pid));
  }
  return undefined;
}

/** Runs a program the way a student would (ASLR off, C.UTF-8 locale) and snapshots its smaps. */
async function measure(name: Measured, exe: string): Promise<Vma[]> {
  let child: ChildProcess;
  let home: string | undefined;
  if (name === 'sleep') {
    child = spawn('setarch', ['-R', 'sleep', '1000'], { env: ENV, stdio: 'ignore' });
  } else if (name === 'cat') {
    // cat copying a line from a pipe to a pipe, then blocked in read(2).
    child = spawn('setarch', ['-R', 'cat'], { env: ENV, stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdin!.write('hello\n');
    await new Promise((r) => child.stdout!.once('data', r));
  } else {
    // An interactive login-less bash on a terminal, with Debian's default ~/.bashrc, after running a command.
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-home-'));
    fs.copyFileSync('/etc/skel/.bashrc', path.join(home, '.bashrc'));
    child = spawn('script', ['-qfc', 'setarch -R bash -i', '/dev/null'], { env: { ...ENV, HOME: home }, stdio: ['pipe', 'pipe', 'ignore'] });
    child.stdout!.resume();
    await sleepMs(500);
    child.stdin!.write('echo hello\n');
  }
  await sleepMs(1000);
  const pid = findDescendant(child.pid!, exe);
  try {
    return smaps(pid ?? fail(`${name}: process not found`));
  } finally {
    if (pid !== undefined && pid !== child.pid) process.kill(pid, 'SIGKILL');
    child.kill('SIGKILL');
    if (home) fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Page proportions of a measured object, per PT_LOAD role ('hdr' R before text, 'text', 'rodata', 'data'). */
type Role = 'hdr' | 'text' | 'rodata' | 'data' | 'other';
function roles(elf: ElfInfo): Role[] {
  const loads = elf.phdrs.filter((p) => p.type === 'LOAD');
  const textAt = loads.findIndex((p) => p.flags.includes('E'));
  return loads.map((p, i) => (p.flags.includes('W') ? 'data' : p.flags.includes('E') ? 'text' : textAt < 0 || i < textAt ? 'hdr' : i > textAt ? 'rodata' : 'other'));
}
interface Proportions { byRole: Partial<Record<Role, number>>; bss?: number }
function proportions(elf: ElfInfo, r: Resident): Proportions {
  const loads = elf.phdrs.filter((p) => p.type === 'LOAD');
  const byRole: Partial<Record<Role, number>> = {};
  roles(elf).forEach((role, i) => {
    const p = loads[i]!;
    byRole[role] = r.residentKiB[i]! / ((pageUp(p.vaddr + p.filesz) - pageDown(p.vaddr)) / 1024);
  });
  const out: Proportions = { byRole };
  const last = loads[loads.length - 1]!;
  const bssKiB = (pageUp(last.vaddr + last.memsz) - pageUp(last.vaddr + last.filesz)) / 1024;
  if (r.residentBssKiB !== undefined && bssKiB > 0) out.bss = r.residentBssKiB / bssKiB;
  return out;
}
function derive(elf: ElfInfo, prop: Proportions): Resident {
  const loads = elf.phdrs.filter((p) => p.type === 'LOAD');
  const pagesOf = (kib: number, ratio: number) => Math.min(kib / 4, Math.max(1, Math.round((kib / 4) * ratio))) * 4;
  const residentKiB = roles(elf).map((role, i) => {
    const p = loads[i]!;
    const kib = (pageUp(p.vaddr + p.filesz) - pageDown(p.vaddr)) / 1024;
    return pagesOf(kib, prop.byRole[role] ?? prop.byRole.rodata ?? 0.5);
  });
  const out: Resident = { residentKiB };
  const last = loads[loads.length - 1]!;
  const bssKiB = (pageUp(last.vaddr + last.memsz) - pageUp(last.vaddr + last.filesz)) / 1024;
  if (bssKiB > 0) out.residentBssKiB = pagesOf(bssKiB, prop.bss ?? 0.5);
  return out;
}

// ---------------------------------------------------------------------------------------------- output

function elfLiteral(e: ElfInfo, indent: string): string {
  const i2 = indent + '  ';
  const ph = e.phdrs.map((p) =>
    `${i2}  { type: '${p.type}', offset: ${hex(p.offset)}, vaddr: ${hex(p.vaddr)}, filesz: ${hex(p.filesz)}, memsz: ${hex(p.memsz)}, flags: '${p.flags}', align: ${hex(p.align)} },`);
  const sh = e.sections.map((s) =>
    `${i2}  { name: '${s.name}', type: '${s.type}', flags: '${s.flags}', addr: ${hex(s.addr)}, offset: ${hex(s.offset)}, size: ${hex(s.size)}, ` +
    `entsize: ${hex(s.entsize ?? 0)}, link: ${s.link ?? 0}, info: ${s.info ?? 0}, align: ${s.align} },`);
  const lines = [
    `{`,
    `${i2}type: '${e.type}', entry: ${hex(e.entry)}, fileSize: ${e.fileSize},`,
    ...(e.osabi ? [`${i2}osabi: ${e.osabi},`] : []),
    ...(e.buildId ? [`${i2}buildId: '${e.buildId}',`] : []),
    ...(e.interp ? [`${i2}interp: '${e.interp}',`] : []),
    ...(e.soname ? [`${i2}soname: '${e.soname}',`] : []),
    `${i2}needed: [${e.needed.map((n) => `'${n}'`).join(', ')}],`,
    ...(e.residentKiB ? [`${i2}residentKiB: [${e.residentKiB.join(', ')}],`] : []),
    ...(e.residentBssKiB !== undefined ? [`${i2}residentBssKiB: ${e.residentBssKiB},`] : []),
    `${i2}phdrs: [`, ...ph, `${i2}],`,
    `${i2}sections: [`, ...sh, `${i2}],`,
    `${indent}}`,
  ];
  return lines.join('\n');
}

const ident = (prefix: string, name: string) => prefix + name.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '');
const q = (s: string) => `'${s}'`;
const key = (s: string) => (/^[A-Za-z_$][\w$]*$/.test(s) ? s : q(s));

async function main() {
  const names = [...Object.keys(TOOLS), ...EXTRA.filter((n) => !(n in TOOLS))];

  // The loader.
  const interp = '/lib64/ld-linux-x86-64.so.2';
  const ldsoPath = fs.realpathSync(interp);
  const ldso = readElf(ldsoPath);

  // Programs.
  const programs = new Map<string, ProgramOut>();
  const elfs = new Map<string, ElfInfo>(); // realPath → facts
  const libPaths = new Map<string, string>(); // DT_NEEDED name → the path the loader opens
  for (const name of names) {
    const p = findProgram(name);
    const real = fs.realpathSync(p);
    const head = fs.readFileSync(real).subarray(0, 256);
    if (head[0] === 0x23 && head[1] === 0x21) {
      programs.set(name, { path: p, realPath: real, script: head.toString('latin1').split('\n')[0]!, fileSize: fs.statSync(real).size });
      continue;
    }
    if (!elfs.has(real)) elfs.set(real, readElf(real));
    programs.set(name, { path: p, realPath: real, elf: real });
    for (const [n, lp] of lddResolve(real)) libPaths.set(n, lp);
  }
  libPaths.set('ld-linux-x86-64.so.2', interp);

  // Libraries (ldd gives the transitive closure; check it against the DT_NEEDED entries).
  const libraries = new Map<string, { path: string; realPath: string }>();
  for (const [n, lp] of [...libPaths].sort((a, b) => a[0].localeCompare(b[0]))) {
    const real = fs.realpathSync(lp);
    if (real !== ldsoPath && !elfs.has(real)) elfs.set(real, readElf(real));
    libraries.set(n, { path: lp, realPath: real });
  }
  elfs.set(ldsoPath, ldso);
  for (const [real, e] of elfs) for (const n of e.needed) if (!libraries.has(n)) fail(`${real}: DT_NEEDED ${n} unresolved`);

  // Resident sets: measured for sleep, cat, bash; proportions for the rest.
  const measured: Record<string, Record<string, Resident>> = {};
  for (const m of MEASURED) {
    const real = programs.get(m)!.realPath;
    const vmas = await measure(m, real);
    const objs: Record<string, Resident> = {};
    for (const [rp, e] of elfs) {
      const r = residentOf(vmas, rp, e);
      if (r) objs[rp] = r;
    }
    measured[m] = objs;
  }
  const resident = new Map<string, { r: Resident; how: string }>();
  for (const m of MEASURED) resident.set(programs.get(m)!.realPath, { r: measured[m]![programs.get(m)!.realPath]!, how: `measured (${m})` });
  // Libraries seen in bash take bash's figures (the chapter's flagship process), else sleep's, else cat's.
  for (const m of ['bash', 'sleep', 'cat'] as const) {
    for (const [rp, r] of Object.entries(measured[m]!)) if (!resident.has(rp)) resident.set(rp, { r, how: `measured (in ${m})` });
  }
  const refLib = libraries.get(REFERENCE_LIB)!.realPath;
  const libProp = proportions(elfs.get(refLib)!, resident.get(refLib)?.r ?? fail(`${REFERENCE_LIB} not measured`));
  const libcReal = libraries.get('libc.so.6')!.realPath;
  const libcProp = proportions(elfs.get(libcReal)!, resident.get(libcReal)!.r);
  if (libcProp.bss !== undefined) libProp.bss = libcProp.bss;
  for (const [name, prog] of programs) {
    if (!prog.elf || resident.has(prog.realPath)) continue;
    const ref = closest(name);
    const refReal = programs.get(ref)!.realPath;
    const prop = proportions(elfs.get(refReal)!, resident.get(refReal)!.r);
    resident.set(prog.realPath, { r: derive(elfs.get(prog.realPath)!, prop), how: `derived (proportions of ${ref})` });
  }
  for (const [rp, e] of elfs) {
    if (!resident.has(rp)) resident.set(rp, { r: derive(e, libProp), how: `derived (proportions of ${REFERENCE_LIB} in bash)` });
  }
  for (const [rp, e] of elfs) {
    const { r } = resident.get(rp)!;
    e.residentKiB = r.residentKiB;
    if (r.residentBssKiB !== undefined) e.residentBssKiB = r.residentBssKiB;
  }

  // Data files.
  const dataFiles: [string, number][] = [];
  const walk = (d: string) => {
    for (const ent of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile()) dataFiles.push([p, fs.statSync(p).size]);
    }
  };
  walk('/usr/lib/locale');
  dataFiles.push(['/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', fs.statSync('/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache').size]);
  const ldSoCacheSize = fs.statSync('/etc/ld.so.cache').size;

  // Provenance.
  const pkgs = run('dpkg-query', ['-W', '-f', '${Package} ${Version}\n', 'libc6', 'libc-bin', 'bash', 'dash', 'coreutils',
    'procps', 'binutils', 'libtinfo6', 'sudo', 'debianutils', 'util-linux', 'grep', 'sed', 'diffutils', 'gcc-12', 'make',
    'strace', 'ltrace', 'file', 'python3.11-minimal']).trim().split('\n');

  // Emit.
  const o: string[] = [];
  o.push(
    '// GENERATED by scripts/capture-images-debian12.ts on a Debian 12 machine — do not edit by hand; rerun:',
    '//   node scripts/capture-images-debian12.ts > src/sim/loader/images/debian-12.ts',
    '// Everything here is read from the real files (readelf -hlSdnW, ldd, stat), except residentKiB/residentBssKiB:',
    `//   measured: ${MEASURED.join(', ')} run under setarch -R with LANG=C.UTF-8 (sleep 1000; cat between two pipes after`,
    '//   copying one line; `bash -i` on a pty via script(1) with /etc/skel/.bashrc, after `echo hello`), from',
    '//   /proc/PID/smaps Rss per VMA. Libraries mapped by these processes take bash\'s figures (else sleep\'s, else',
    '//   cat\'s). Per-process figures of every object they map are in `residentByProgram`.',
    `//   derived: other programs use the per-segment page proportions of the closest measured program (shells: bash;`,
    `//   run-and-exit tools: sleep; the rest: cat); other libraries those of ${REFERENCE_LIB} in bash (and libc's for`,
    '//   .bss). residentKiB[i] is PT_LOAD i\'s file-backed pages (for the RW segment: its RELRO r-- VMA plus its rw- VMA;',
    '//   the RELRO pages were always all resident); residentBssKiB the anonymous .bss pages past the file.',
    `// Kernel ${os.release()}; ld.so.cache ${ldSoCacheSize} bytes. Packages:`,
    ...pkgs.map((l) => `//   ${l}`),
    `import type { ElfInfo } from '../elf.ts';`,
    `import type { ProfileImages } from './types.ts';`,
    '',
  );
  const names2 = new Map<string, string>();
  for (const [rp, e] of elfs) {
    const id = ident('elf_', path.basename(rp));
    names2.set(rp, id);
    o.push(`/** ${rp}: resident ${resident.get(rp)!.how}. */`, `const ${id}: ElfInfo = ${elfLiteral(e, '')};`, '');
  }
  o.push('export const debian12Images: ProfileImages = {');
  o.push(`  interp: ${q(interp)},`);
  o.push(`  ldso: { path: ${q(ldsoPath)}, elf: ${names2.get(ldsoPath)} },`);
  o.push(`  ldSoCacheSize: ${ldSoCacheSize},`);
  o.push('  libraries: {');
  for (const [n, l] of libraries) o.push(`    ${key(n)}: { path: ${q(l.path)}, realPath: ${q(l.realPath)}, elf: ${names2.get(l.realPath)} },`);
  o.push('  },');
  o.push('  programs: {');
  for (const [n, p] of programs) {
    const rp = p.realPath !== p.path ? `, realPath: ${q(p.realPath)}` : '';
    if (p.elf) o.push(`    ${key(n)}: { path: ${q(p.path)}${rp}, elf: ${names2.get(p.elf)} },`);
    else o.push(`    ${key(n)}: { path: ${q(p.path)}${rp}, script: ${q(p.script!)}, fileSize: ${p.fileSize} },`);
  }
  o.push('  },');
  o.push('  dataFiles: {');
  for (const [p, s] of dataFiles) o.push(`    ${q(p)}: ${s},`);
  o.push('  },');
  o.push('  residentByProgram: {');
  for (const m of MEASURED) {
    o.push(`    ${m}: {`);
    for (const [rp, r] of Object.entries(measured[m]!)) {
      const bss = r.residentBssKiB !== undefined ? `, residentBssKiB: ${r.residentBssKiB}` : '';
      o.push(`      ${q(rp)}: { residentKiB: [${r.residentKiB.join(', ')}]${bss} },`);
    }
    o.push('    },');
  }
  o.push('  },');
  o.push('};', '');
  process.stdout.write(o.join('\n'));
}

await main();
