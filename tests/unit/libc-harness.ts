// A process with a real address space for testing the C library model directly from TypeScript: a small PIE
// (the facts of a real gcc 12 -O0 build) loaded by the simulated kernel and ld.so with ASLR off, stdout on a
// terminal, a pipe or a file; the library's calls are then made as the VM would make them. Syscall records
// after the loader's part come back formatted as strace 6.1 prints them.
import { Machine } from '../../src/sim/machine.ts';
import { loadProfileImages } from '../../src/sim/loader/images/index.ts';
import type { ProfileName } from '../../src/sim/loader/profiles.ts';
import { encodeImage } from '../../src/sim/loader/image.ts';
import { Syscalls } from '../../src/sim/kernel/syscalls.ts';
import type { Sys } from '../../src/sim/kernel/sys.ts';
import type { TraceArg } from '../../src/sim/kernel/trace.ts';
import type { ElfInfo } from '../../src/sim/loader/elf.ts';
import { createLibc, type Libc } from '../../src/sim/libc/index.ts';
import type { CValue, LibcHost } from '../../src/sim/libc/abi.ts';
import { STUDENT } from '../../src/sim/boot.ts';

export const SMALL_PIE: ElfInfo = {
  type: 'DYN', entry: 0x1060, interp: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'], fileSize: 16016, sections: [],
  phdrs: [
    { type: 'PHDR', offset: 0x40, vaddr: 0x40, filesz: 0x2d8, memsz: 0x2d8, flags: 'R', align: 8 },
    { type: 'INTERP', offset: 0x318, vaddr: 0x318, filesz: 0x1c, memsz: 0x1c, flags: 'R', align: 1 },
    { type: 'LOAD', offset: 0, vaddr: 0, filesz: 0x650, memsz: 0x650, flags: 'R', align: 0x1000 },
    { type: 'LOAD', offset: 0x1000, vaddr: 0x1000, filesz: 0x18d, memsz: 0x18d, flags: 'R E', align: 0x1000 },
    { type: 'LOAD', offset: 0x2000, vaddr: 0x2000, filesz: 0xe4, memsz: 0xe4, flags: 'R', align: 0x1000 },
    { type: 'LOAD', offset: 0x2dd0, vaddr: 0x3dd0, filesz: 0x250, memsz: 0x258, flags: 'RW', align: 0x1000 },
    { type: 'DYNAMIC', offset: 0x2de0, vaddr: 0x3de0, filesz: 0x1e0, memsz: 0x1e0, flags: 'RW', align: 8 },
    { type: 'GNU_STACK', offset: 0, vaddr: 0, filesz: 0, memsz: 0, flags: 'RW', align: 0x10 },
    { type: 'GNU_RELRO', offset: 0x2dd0, vaddr: 0x3dd0, filesz: 0x230, memsz: 0x230, flags: 'R', align: 1 },
  ],
};

const enc = new TextEncoder();

/** strace 6.1's line for a record: strings cut at 32 bytes with C escapes, `%-39s = %s`. */
export function straceLine(name: string, args: TraceArg[], ret: string): string {
  const a = args.map((x) => (typeof x === 'string' ? x : 'bytes' in x ? quote(x.bytes) : `[${x.iov.map((b) => `{iov_base=${quote(b)}, iov_len=${b.length}}`).join(', ')}]`)).join(', ');
  return `${`${name}(${a})`.padEnd(39)} = ${ret}`;
}
function quote(b: Uint8Array): string {
  let s = '"';
  for (const c of b.subarray(0, 32)) {
    if (c === 10) s += '\\n'; else if (c === 9) s += '\\t'; else if (c === 13) s += '\\r'; else if (c === 0x22) s += '\\"'; else if (c === 0x5c) s += '\\\\';
    else if (c < 32 || c >= 127) s += '\\' + c.toString(8); else s += String.fromCharCode(c);
  }
  return s + '"' + (b.length > 32 ? '...' : '');
}

export interface LibcRun {
  libc: Libc;
  sys: Sys;
  strace: string[];
  ltrace: string[];
  /** What the program wrote to its stdout (terminal, pipe or file). */
  output(): string;
  /** Calls a function the way the VM does. */
  call(name: string, ...args: (number | string | CValue)[]): Promise<CValue | undefined>;
  /** A string literal in the program's .rodata (here: in a scratch mapping). */
  lit(s: string): number;
}

let machines: Machine[] = [];
export function disposeMachines() { for (const m of machines) m.dispose(); machines = []; }

/** Runs `body` in a fresh process of `profile` whose stdout is a terminal, a pipe or a file. */
export async function withLibc(profile: ProfileName, stdout: 'tty' | 'pipe' | 'file', body: (r: LibcRun) => Promise<void>, stdin?: string | { keys: string }) {
  const images = await loadProfileImages(profile);
  const m = new Machine({ profile, time: 'virtual' });
  machines.push(m);
  m.tunables.randomizeVaSpace = 0;
  const k = m.kernel;
  const exe = `${STUDENT.home}/prog`;
  k.vfs.put(exe, encodeImage({ kind: 'c', elf: SMALL_PIE }), 0o755, { uid: STUDENT.uid, gid: STUDENT.gid });
  const parent = k.createProcess(k.init, { uid: STUDENT.uid, gid: STUDENT.gid, argv: ['harness'], env: [], cwd: STUDENT.home, exe: '/harness' });
  let screen = '';
  const dec = new TextDecoder();
  let ttyPath = '';
  let ttyObj: ReturnType<typeof k.newTty> | undefined;
  if (stdout === 'tty') {
    ttyObj = k.newTty(200, 24);
    ttyPath = `/dev/pts/${ttyObj.minor}`;
    k.vfs.putNode(ttyPath, k.vfs.newDevice(ttyObj, 0o620, STUDENT.uid, 5));
    m.subscribe((e) => { if (e.type === 'output') screen += dec.decode(e.data, { stream: true }); });
  }
  const strace: string[] = [];
  const ltrace: string[] = [];
  let pid = -1;
  m.subscribe((e) => { if (e.type === 'syscall' && e.record.pid === pid) strace.push(straceLine(e.record.name, e.record.args, e.record.ret)); });
  await new Promise<void>((resolve, reject) => {
    k.run(parent, async (psys) => {
      try {
        let outFd: number;
        let readBack: () => Promise<string>;
        if (stdout === 'tty') { outFd = psys.open(ttyPath, 2); readBack = async () => screen.replace(/\r\n/g, '\n'); }
        else if (stdout === 'file') { outFd = psys.open('/tmp/out.txt', 0o1101); readBack = async () => psys.readText('/tmp/out.txt'); }
        else {
          const [r, w] = psys.pipe();
          outFd = w;
          const chunks: string[] = [];
          const reader = (async () => { for (;;) { const d = await psys.read(r, 65536); if (!d.length) break; chunks.push(dec.decode(d)); } })().catch(() => undefined);
          readBack = async () => { await Promise.race([reader, new Promise((r2) => setTimeout(r2, 10))]); return chunks.join(''); };
        }
        let inFd = outFd;
        if (typeof stdin === 'object') inFd = outFd;
        else if (stdin !== undefined) {
          const [r, w] = psys.pipe();
          await psys.write(w, stdin); psys.close(w); inFd = r;
        }
        const proc = k.createProcess(parent, { uid: STUDENT.uid, gid: STUDENT.gid, argv: ['./prog'], env: ['LANG=C.UTF-8'], cwd: STUDENT.home, exe });
        for (const [to, from] of [[0, inFd], [1, outFd], [2, outFd]] as const) { const f = parent.fds[from]!; f.refs++; proc.fds[to] = f; }
        if (ttyObj) {
          proc.tty = ttyObj; ttyObj.sid = proc.sid; ttyObj.setForeground(proc.pgid);
          if (typeof stdin === 'object') ttyObj.input(stdin.keys);
        }
        const node = k.vfs.resolve(exe, '/', proc.cred).node;
        k.opts.loadImage!(proc, { program: async () => 0, argv: ['./prog'], exe, filename: './prog', image: { kind: 'c', elf: SMALL_PIE }, node: node as never });
        pid = proc.pid;
        await new Promise<void>((done, fail) => {
          k.run(proc, async (sys) => {
            try {
              const host: LibcHost = {
                mm: proc.mm!, syscalls: new Syscalls(k, proc), sys, profile,
                traceLibcall: (name, args, ret) => ltrace.push(`${name}(${args.join(', ')})`.padEnd(48) + ` = ${ret}`),
              };
              const libc = createLibc(host) as Libc;
              let scratch = 0, used = 0;
              const run: LibcRun = {
                libc, sys, strace, ltrace,
                output: () => '',
                async call(name, ...args) {
                  const cv = args.map((x): CValue => (typeof x === 'number' ? { t: 'i', v: x } : typeof x === 'string' ? { t: 'p', v: run.lit(x) } : x));
                  return libc.call(name, cv);
                },
                lit(s) {
                  if (!scratch) scratch = proc.mm!.mmap(0x7ff000000000, 1 << 20, 3, 0x22 | 0x100000);
                  const b = enc.encode(s + '\0');
                  const at = scratch + used;
                  proc.mm!.write(at, b);
                  used += b.length;
                  return at;
                },
              };
              let out = '';
              run.output = () => out;
              strace.length = 0; // the loader's part is done
              await body(run);
              await libc.exit(0);
              out = await readBack();
              (run as { output: () => string }).output = () => out;
              lastOutput = out;
              done();
            } catch (e) { fail(e); }
            return 0;
          });
        });
        resolve();
      } catch (e) { reject(e); }
      return 0;
    });
  });
  return { strace, ltrace, output: lastOutput };
}
let lastOutput = '';
