// One process's C library: dispatches the VM's calls by name, keeps errno, the atexit list, rand's state,
// the stdio streams and the malloc arena; reports each outermost call to ltrace (host.traceLibcall).
import type { CValue, LibcHost, LibcInstance, LibcResult } from './abi.ts';
import { VaLists, VA_HANDLE, VA_INDEX } from './va.ts';
import { RESOURCE_ORDER, limitText, type Limit } from '../kernel/rlimits.ts';
import { Malloc, MallocError } from './malloc.ts';
import { Stdio, Stream, EOF, _IONBF } from './stdio.ts';
import { formatPrintf } from './format.ts';
import { ERRNO, SysError, strerror, type ErrnoName } from '../kernel/errno.ts';
import { ExitRequest } from '../kernel/process.ts';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../kernel/mm.ts';
import { O_ACCMODE, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_CLOEXEC } from '../kernel/files.ts';
import { breakDown, strftime, tmBytes, tmFrom, TM_SIZE } from './time.ts';
import { fmt } from '../kernel/trace.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const I = (v: number | bigint): CValue => ({ t: 'i', v });
const P = (v: number): CValue => ({ t: 'p', v });
const num = (a: CValue | undefined): number => (a ? (typeof a.v === 'bigint' ? Number(a.v) : a.v) : 0);
const int32 = (a: CValue | undefined) => num(a) | 0;
const hex = (n: number) => (n === 0 ? '0' : '0x' + n.toString(16));

/** ltrace 0.7.3's rendering of a string argument: quoted, C escapes, cut at 32 with "...". */
export function ltraceString(b: Uint8Array): string {
  let s = '"';
  const n = Math.min(b.length, 32);
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 10) s += '\\n'; else if (c === 9) s += '\\t'; else if (c === 13) s += '\\r'; else if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += '\\\\'; else if (c < 32 || c >= 127) s += '\\' + c.toString(8).padStart(3, '0'); else s += String.fromCharCode(c);
  }
  return s + '"' + (b.length > 32 ? '...' : '');
}

export class Libc implements LibcInstance {
  readonly host: LibcHost;
  readonly va = new VaLists();
  readonly malloc: Malloc;
  readonly stdio: Stdio;
  readonly stdin: Stream;
  readonly stdout: Stream;
  readonly stderr: Stream;
  private depth = 0;
  private atexitFns: number[] = [];
  private errnoValue = 0;
  private randState: number[] = [];
  private randF = 3;
  private randR = 0;
  private readonly symbols = new Map<string, number>();
  /** Runs a function pointer of the program (atexit handlers, qsort comparators): set by the VM. */
  callPointer: ((addr: number, args: CValue[]) => Promise<CValue | undefined>) | undefined;

  constructor(host: LibcHost) {
    this.host = host;
    this.malloc = new Malloc(host, { setErrno: (n) => this.setErrno(n) });
    this.stdio = new Stdio(host, this.malloc, (c) => this.setErrno(c as ErrnoName));
    // libc's .data: the three FILE objects, errno (TLS) and environ next to each other
    const base = this.dataBase();
    this.stdin = this.stdio.add(new Stream(0, base, true, false));
    this.stdout = this.stdio.add(new Stream(1, base + 0x100, false, true));
    this.stderr = this.stdio.add(new Stream(2, base + 0x200, false, true, _IONBF));
    this.symbols.set('stdin', base + 0x300).set('stdout', base + 0x308).set('stderr', base + 0x310).set('errno', base + 0x320)
      .set('environ', base + 0x328);
    for (const [sym, st] of [['stdin', this.stdin], ['stdout', this.stdout], ['stderr', this.stderr]] as const) {
      try { this.wr64(this.symbols.get(sym)!, st.addr); } catch { /* a bare address space in a test */ }
    }
    this.srand(1);
  }

  /** The arguments a va_list still holds, from its next one on (vprintf and its siblings; see va.ts). */
  private vaArgs(ap: CValue | undefined): CValue[] {
    const raw = this.host.mm.read(num(ap ?? { t: 'p', v: 0 }), 16);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const index = dv.getUint32(VA_INDEX, true);
    const list = this.va.get(Number(dv.getBigUint64(VA_HANDLE, true)));
    if (!list) return [];
    return list.vals.slice(index).map((v, i): CValue => {
      const k = list.kinds[index + i];
      return k === 'p' ? { t: 'p', v: v as number } : k === 'f' || k === 'g' ? { t: 'f', v: v as number } : { t: 'i', v: v as number | bigint };
    });
  }

  private dataBase(): number {
    if (this.host.dataBase !== undefined) return this.host.dataBase;
    const mm = this.host.mm;
    const libc = mm.vmas.find((v) => v.file && /\/libc[.-]/.test(v.file.path) && v.prot === 3);
    return libc ? libc.start + 0x7c0 : 0x7ffff7fa37c0;
  }

  symbol(name: string) { return this.symbols.get(name); }
  get errno() { return this.errnoValue; }
  setErrno(name: ErrnoName | number) {
    this.errnoValue = typeof name === 'number' ? name : ERRNO[name];
    try { this.wr32(this.symbols.get('errno')!, this.errnoValue); } catch { /* unmapped in a bare test space */ }
  }

  // ---- memory helpers ------------------------------------------------------------------------------
  readString(addr: number, max = 1 << 20): Uint8Array {
    const mm = this.host.mm;
    const out: number[] = [];
    while (out.length < max) {
      const chunk = mm.read(addr + out.length, Math.min(256, 4096 - ((addr + out.length) % 4096)));
      const z = chunk.indexOf(0);
      const take = z < 0 ? chunk.length : z;
      for (let k = 0; k < take && out.length < max; k++) out.push(chunk[k]!);
      if (z >= 0) break;
    }
    return new Uint8Array(out);
  }
  str(addr: number) { return dec.decode(this.readString(addr)); }
  writeString(addr: number, s: Uint8Array | string) {
    const b = typeof s === 'string' ? enc.encode(s) : s;
    const z = new Uint8Array(b.length + 1);
    z.set(b);
    this.host.mm.write(addr, z);
  }
  wr32(addr: number, v: number) { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, v | 0, true); this.host.mm.write(addr, b); }
  wr64(addr: number, v: number | bigint) { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, BigInt(v), true); this.host.mm.write(addr, b); }
  rd64(addr: number) { return Number(new DataView(this.host.mm.read(addr, 8).buffer).getBigInt64(0, true)); }

  private stream(a: CValue | undefined): Stream {
    const addr = num(a);
    if (addr === this.symbols.get('stdin')) return this.stdin; // the variable's address instead of its value
    if (addr === this.symbols.get('stdout')) return this.stdout;
    if (addr === this.symbols.get('stderr')) return this.stderr;
    const s = this.stdio.byAddr(addr);
    if (!s) throw new SysError('EBADF');
    return s;
  }

  // ---- rand: glibc's TYPE_3 additive feedback generator -------------------------------------------
  srand(seed: number) {
    const r = new Array<number>(34);
    r[0] = (seed | 0) || 1;
    for (let i = 1; i < 31; i++) {
      const hi = Math.trunc(r[i - 1]! / 127773), lo = r[i - 1]! % 127773;
      let word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      r[i] = word;
    }
    this.randState = r.slice(0, 31);
    this.randF = 3; this.randR = 0;
    for (let i = 0; i < 310; i++) this.rand();
  }
  rand(): number {
    const st = this.randState;
    st[this.randF] = (st[this.randF]! + st[this.randR]!) | 0;
    const result = (st[this.randF]! >>> 1) & 0x7fffffff;
    this.randF = (this.randF + 1) % 31;
    this.randR = (this.randR + 1) % 31;
    return result;
  }

  // ---- the dispatcher ------------------------------------------------------------------------------
  call(name: string, args: CValue[]): LibcResult | Promise<LibcResult> {
    return this.traced(name, args);
  }

  private async traced(name: string, args: CValue[]): Promise<LibcResult> {
    const outer = this.depth === 0;
    const shown = outer ? this.showArgs(name, args) : [];
    // ltrace prints the call when it starts, so what printf writes lands inside its line (as in the chapter).
    const finish = outer && this.host.traceLibcallEnter ? this.host.traceLibcallEnter(name, shown) : undefined;
    this.depth++;
    let r: LibcResult;
    try {
      r = await this.invoke(name, args);
    } catch (e) {
      if (e instanceof MallocError) { this.depth = 0; await this.abortWith(e.text); }
      throw e;
    } finally {
      this.depth--;
    }
    if (finish) finish(this.showRet(name, r));
    else if (outer) this.host.traceLibcall(name, shown, this.showRet(name, r));
    return r;
  }

  private showArgs(name: string, args: CValue[]): string[] {
    const proto = LIBC_PROTOS[name];
    return args.map((a, i) => {
      const type = proto?.[i] ?? (a.t === 'p' ? 'p' : a.t === 'f' ? 'f' : 'i');
      if (a.t === 'f') return String(a.v);
      if (type === 's') { const v = num(a); if (!v) return 'nil'; try { return ltraceString(this.readString(v, 33)); } catch { return hex(v); } }
      if (type === 'p') { const v = num(a); return v ? hex(v) : 'nil'; }
      return String(a.v);
    });
  }
  private showRet(name: string, r: LibcResult): string {
    const proto = LIBC_PROTOS[name];
    const t = proto?.ret ?? 'i';
    if (t === 'v' || !r) return '<void>';
    if (t === 'p' || t === 's') { const v = num(r); return v ? hex(v) : 'nil'; }
    return String(r.v);
  }

  /** malloc_printerr → __libc_message("%s\n") → abort. */
  private abortWith(text: string): Promise<never> {
    return this.fatal([text, '\n']);
  }

  /** __stack_chk_fail → __fortify_fail: 2.27 names no program ("<unknown>"), 2.30 and later say only "terminated". */
  stackChkFail(): Promise<never> {
    const what = 'stack smashing detected';
    return this.fatal(this.host.profile === 'ubuntu-18.04' ? ['*** ', what, ' ***: ', '<unknown>', ' terminated\n'] : ['*** ', what, ' ***: terminated\n']);
  }

  /**
   * __libc_message with do_abort: the pieces in one writev on stderr, the message kept in an mmap'ed page for
   * the core file (__abort_msg), then abort().
   */
  private async fatal(parts: string[]): Promise<never> {
    const bytes = parts.map((p) => enc.encode(p));
    const sc = this.host.syscalls;
    try { await sc.writev(this.host.sys, 2, bytes); } catch { /* stderr gone */ }
    sc.mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return this.abort();
  }

  /**
   * abort() → raise(SIGABRT) on itself: glibc 2.36 through pthread_kill (gettid, getpid, tgkill); 2.27's raise
   * blocks the application's signals around getpid, gettid and tgkill, so the signal arrives as it restores them.
   */
  private abort(): never {
    const sc = this.host.syscalls, pid = String(this.host.sys.pid);
    sc.note('rt_sigprocmask', ['SIG_UNBLOCK', '[ABRT]', 'NULL', '8'], '0');
    if (this.host.profile === 'ubuntu-18.04') {
      sc.note('rt_sigprocmask', ['SIG_BLOCK', '~[RTMIN RT_1]', '[]', '8'], '0');
      sc.note('getpid', [], pid);
      sc.note('gettid', [], pid);
      sc.note('tgkill', [pid, pid, 'SIGABRT'], '0');
      sc.note('rt_sigprocmask', ['SIG_SETMASK', '[]', 'NULL', '8'], '0');
    } else {
      sc.note('gettid', [], pid);
      sc.note('getpid', [], pid);
      sc.note('tgkill', [pid, pid, 'SIGABRT'], '0');
    }
    this.host.sys.tgkill(this.host.sys.pid, this.host.sys.pid, 6);
    throw new ExitRequest(134);
  }

  async exit(code: number): Promise<void> {
    while (this.atexitFns.length) {
      const fn = this.atexitFns.pop()!;
      if (this.callPointer) await this.callPointer(fn, []);
    }
    await this.stdio.flushAll();
  }

  /** getrlimit/setrlimit: glibc calls prlimit64 on itself (pid 0); RLIM_INFINITY is all ones in a struct rlimit. */
  private rlimit(set: boolean, resource: number, addr: number): CValue {
    const res = RESOURCE_ORDER[resource];
    const sc = this.host.syscalls, name = res ? `RLIMIT_${res}` : String(resource);
    if (!res) { sc.note('prlimit64', ['0', name, set ? fmt.hex(addr) : 'NULL', set ? 'NULL' : fmt.hex(addr)], sc.errnoOf('EINVAL')); this.setErrno('EINVAL'); return I(-1); }
    if (!set) {
      const l = this.host.sys.getrlimit(res);
      const put = (at: number, v: number) => this.wr64(at, v === Infinity ? -1n : v);
      put(addr, l.cur); put(addr + 8, l.max);
      sc.note('prlimit64', ['0', name, 'NULL', limitText(l)], '0');
      return I(0);
    }
    const get = (at: number) => { const v = BigInt.asUintN(64, BigInt(this.rd64(at))); return v === (1n << 64n) - 1n ? Infinity : Number(v); };
    const l: Limit = { cur: get(addr), max: get(addr + 8) };
    try {
      this.host.sys.setrlimit(res, l);
      sc.note('prlimit64', ['0', name, limitText(l), 'NULL'], '0');
      return I(0);
    } catch (e) {
      if (e instanceof SysError) sc.note('prlimit64', ['0', name, limitText(l), 'NULL'], sc.errnoOf(e.code));
      return this.fail(e);
    }
  }

  private fail(e: unknown, ret: CValue = I(-1)): CValue {
    if (e instanceof SysError) { this.setErrno(e.code); return ret; }
    throw e;
  }

  private async printfTo(s: Stream, fmtAddr: number, args: CValue[]): Promise<CValue> {
    const bytes = this.format(fmtAddr, args);
    const ok = await this.stdio.putFormatted(s, bytes);
    return I(ok ? bytes.length : -1);
  }
  format(fmtAddr: number, args: CValue[]): Uint8Array {
    return formatPrintf(this.readString(fmtAddr), args, {
      readString: (a, max) => this.readString(a, max ?? 1 << 20),
      storeCount: (a, c, size) => { if (size === 8) this.wr64(a, c); else this.wr32(a, c); },
    });
  }

  private async sysWrite(fd: number, data: Uint8Array): Promise<number> {
    try {
      return await this.host.syscalls.write(this.host.sys, fd, data);
    } catch (e) {
      if (e instanceof SysError) {
        this.setErrno(e.code);
        return -1;
      }
      throw e;
    }
  }

  private async invoke(name: string, a: CValue[]): Promise<LibcResult> {
    const m = this.malloc;
    const mm = this.host.mm;
    switch (name) {
      // ---- malloc.h -------------------------------------------------------------------------------
      case 'malloc': return P(m.malloc(num(a[0])));
      case 'free': m.free(num(a[0])); return undefined;
      case 'calloc': return P(m.calloc(num(a[0]), num(a[1])));
      case 'realloc': return P(m.realloc(num(a[0]), num(a[1])));
      case 'reallocarray': return P(m.realloc(num(a[0]), num(a[1]) * num(a[2])));
      case 'memalign': case 'aligned_alloc': return P(m.memalign(num(a[0]), num(a[1])));
      case 'valloc': return P(m.memalign(4096, num(a[0])));
      case 'posix_memalign': {
        const r = m.posixMemalign(num(a[1]), num(a[2]));
        if (!r.err) this.wr64(num(a[0]), r.mem);
        return I(r.err);
      }
      case 'malloc_usable_size': return I(m.usableSize(num(a[0])));
      case 'mallopt': return I(m.mallopt(int32(a[0]), int32(a[1])));
      case 'malloc_trim': return I(m.trim(num(a[0])));
      case 'malloc_stats': {
        this.stdio.streams.includes(this.stderr);
        for (const line of m.statsLines()) await this.stdio.putFormatted(this.stderr, enc.encode(line));
        return undefined;
      }
      // ---- stdio --------------------------------------------------------------------------------------
      case 'printf': return this.printfTo(this.stdout, num(a[0]), a.slice(1));
      case 'vprintf': return this.printfTo(this.stdout, num(a[0]), this.vaArgs(a[1]));
      case 'fprintf': return this.printfTo(this.stream(a[0]), num(a[1]), a.slice(2));
      case 'vfprintf': return this.printfTo(this.stream(a[0]), num(a[1]), this.vaArgs(a[2]));
      case 'dprintf': case 'vdprintf': {
        const b = this.format(num(a[1]), name === 'dprintf' ? a.slice(2) : this.vaArgs(a[2]));
        return I(await this.sysWrite(int32(a[0]), b));
      }
      case 'sprintf': case 'vsprintf': {
        const b = this.format(num(a[1]), name === 'sprintf' ? a.slice(2) : this.vaArgs(a[2]));
        this.writeString(num(a[0]), b);
        return I(b.length);
      }
      case 'snprintf': case 'vsnprintf': {
        const b = this.format(num(a[2]), name === 'snprintf' ? a.slice(3) : this.vaArgs(a[3]));
        const n = num(a[1]);
        if (n > 0) this.writeString(num(a[0]), b.subarray(0, n - 1));
        return I(b.length);
      }
      case 'puts': {
        const b = this.readString(num(a[0]));
        const z = new Uint8Array(b.length + 1); z.set(b); z[b.length] = 10;
        return I((await this.stdio.put(this.stdout, z)) ? z.length : EOF);
      }
      case 'fputs': { const b = this.readString(num(a[0])); return I((await this.stdio.put(this.stream(a[1]), b)) ? 1 : EOF); }
      case 'putchar': { const c = num(a[0]) & 0xff; return I((await this.stdio.put(this.stdout, new Uint8Array([c]))) ? c : EOF); }
      case 'fputc': case 'putc': { const c = num(a[0]) & 0xff; return I((await this.stdio.put(this.stream(a[1]), new Uint8Array([c]))) ? c : EOF); }
      case 'fwrite': {
        const size = num(a[1]), n = num(a[2]);
        const b = mm.read(num(a[0]), size * n);
        return I((await this.stdio.put(this.stream(a[3]), b)) ? n : 0);
      }
      case 'fread': {
        const size = num(a[1]), n = num(a[2]);
        if (!size || !n) return I(0);
        const s = this.stream(a[3]);
        const b = await this.stdio.read(s, size * n);
        mm.write(num(a[0]), b);
        return I(Math.floor(b.length / size));
      }
      case 'fgets': {
        const s = this.stream(a[2]);
        const b = await this.stdio.gets(s, int32(a[1]));
        if (!b) return P(0);
        this.writeString(num(a[0]), b);
        return P(num(a[0]));
      }
      case 'getchar': return I(await this.stdio.getc(this.stdin));
      case 'getc': case 'fgetc': return I(await this.stdio.getc(this.stream(a[0])));
      case 'ungetc': return I(this.stdio.ungetc(this.stream(a[1]), int32(a[0])));
      case 'fflush': {
        if (!num(a[0])) { await this.stdio.flushAll(); return I(0); }
        return I(await this.stdio.flush(this.stream(a[0])));
      }
      case 'setvbuf': return I(this.stdio.setvbuf(this.stream(a[0]), num(a[1]), int32(a[2]), num(a[3])));
      case 'setbuf': return I(this.stdio.setvbuf(this.stream(a[0]), num(a[1]), num(a[1]) ? 0 : 2, 8192)), undefined;
      case 'feof': return I(this.stream(a[0]).eof ? 1 : 0);
      case 'ferror': return I(this.stream(a[0]).error ? 1 : 0);
      case 'clearerr': { const s = this.stream(a[0]); s.eof = s.error = false; return undefined; }
      case 'fileno': return I(this.stream(a[0]).fd);
      case 'fopen': return P(await this.fopen(this.str(num(a[0])), this.str(num(a[1]))));
      case 'fclose': {
        const s = this.stream(a[0]);
        const r = await this.stdio.close(s);
        try { this.host.syscalls.close(s.fd); } catch (e) { this.fail(e); }
        if (s.addr !== this.stdout.addr && s.addr !== this.stderr.addr && s.addr !== this.stdin.addr) m.free(s.addr);
        return I(r);
      }
      case 'fseek': {
        const s = this.stream(a[0]);
        await this.stdio.sync(s);
        try { this.lseek(s.fd, num(a[1]), int32(a[2])); return I(0); } catch (e) { return this.fail(e); }
      }
      case 'rewind': { const s = this.stream(a[0]); await this.stdio.sync(s); this.lseek(s.fd, 0, 0); s.error = false; return undefined; }
      case 'ftell': {
        const s = this.stream(a[0]);
        const pos = this.host.sys.lseek(s.fd, 0, 1);
        return I(pos - (s.inBuf.length - s.inPos) - s.ungot.length + s.out.length);
      }
      case 'perror': {
        const p = num(a[0]);
        const pre = p ? this.str(p) : '';
        const msg = (pre ? pre + ': ' : '') + strerror(this.errnoValue) + '\n';
        await this.stdio.putFormatted(this.stderr, enc.encode(msg));
        return undefined;
      }
      case 'scanf': return this.scanf(this.stdin, num(a[0]), a.slice(1));
      case 'fscanf': return this.scanf(this.stream(a[0]), num(a[1]), a.slice(2));
      case 'sscanf': return this.sscanf(this.readString(num(a[0])), num(a[1]), a.slice(2));
      // ---- string.h --------------------------------------------------------------------------------
      case 'strlen': return I(this.readString(num(a[0])).length);
      case 'strnlen': return I(this.readString(num(a[0]), num(a[1])).length);
      case 'strcpy': { this.writeString(num(a[0]), this.readString(num(a[1]))); return P(num(a[0])); }
      case 'strncpy': {
        const n = num(a[2]);
        const src = this.readString(num(a[1]), n);
        const out = new Uint8Array(n); out.set(src);
        if (n) mm.write(num(a[0]), out);
        return P(num(a[0]));
      }
      case 'strcat': { const d = num(a[0]); this.writeString(d + this.readString(d).length, this.readString(num(a[1]))); return P(d); }
      case 'strncat': { const d = num(a[0]); this.writeString(d + this.readString(d).length, this.readString(num(a[1]), num(a[2]))); return P(d); }
      case 'strcmp': return I(cmp(this.readString(num(a[0])), this.readString(num(a[1])), Infinity));
      case 'strncmp': return I(cmp(this.readString(num(a[0]), num(a[2])), this.readString(num(a[1]), num(a[2])), num(a[2])));
      case 'strchr': case 'strrchr': {
        const p = num(a[0]);
        const s = this.readString(p);
        const c = num(a[1]) & 0xff;
        if (c === 0) return P(p + s.length);
        const k = name === 'strchr' ? s.indexOf(c) : s.lastIndexOf(c);
        return P(k < 0 ? 0 : p + k);
      }
      case 'strstr': {
        const p = num(a[0]);
        const hay = dec.decode(this.readString(p)), needle = this.str(num(a[1]));
        const k = Buffer.from(hay).indexOf(Buffer.from(needle));
        return P(k < 0 ? 0 : p + k);
      }
      case 'strdup': case 'strndup': {
        const s = this.readString(num(a[0]), name === 'strndup' ? num(a[1]) : undefined);
        const d = m.malloc(s.length + 1);
        if (d) this.writeString(d, s);
        return P(d);
      }
      case 'memcpy': case 'memmove': {
        const n = num(a[2]);
        if (n) { mm.write(num(a[0]), mm.read(num(a[1]), n)); this.host.sys.kernel.cost.memcpy(this.host.sys.proc, n); }
        return P(num(a[0]));
      }
      case 'memset': {
        const n = num(a[2]);
        if (n) { mm.fill(num(a[0]), num(a[1]) & 0xff, n); this.host.sys.kernel.cost.memcpy(this.host.sys.proc, n / 2); } // a store per byte, no load
        return P(num(a[0]));
      }
      case 'memcmp': { const n = num(a[2]); return I(n ? cmp(mm.read(num(a[0]), n), mm.read(num(a[1]), n), n, true) : 0); }
      case 'memchr': {
        const n = num(a[2]);
        const k = n ? mm.read(num(a[0]), n).indexOf(num(a[1]) & 0xff) : -1;
        return P(k < 0 ? 0 : num(a[0]) + k);
      }
      case 'strerror': return P(this.staticString('strerror', strerror(int32(a[0]))));
      // ---- stdlib --------------------------------------------------------------------------------------
      case 'exit': await this.exit(int32(a[0])); this.host.syscalls.exitGroup(int32(a[0])); throw new ExitRequest(int32(a[0]) & 0xff);
      case '_exit': case '_Exit': this.host.syscalls.exitGroup(int32(a[0])); throw new ExitRequest(int32(a[0]) & 0xff);
      case 'atexit': this.atexitFns.push(num(a[0])); return I(0);
      case 'abort': return this.abort();
      case 'atoi': return I(Number(BigInt.asIntN(32, parseIntC(this.str(num(a[0])), 10).value)));
      case 'atol': case 'atoll': return I(BigInt.asIntN(64, parseIntC(this.str(num(a[0])), 10).value));
      case 'strtol': case 'strtoll': case 'strtoul': case 'strtoull': {
        const p = num(a[0]);
        const r = parseIntC(this.str(p), int32(a[2]));
        if (num(a[1])) this.wr64(num(a[1]), r.used ? p + r.used : p);
        const unsigned = name.startsWith('strtou');
        let v = r.value;
        if (!unsigned && (v > 2n ** 63n - 1n || v < -(2n ** 63n))) { this.setErrno('ERANGE'); v = v < 0n ? -(2n ** 63n) : 2n ** 63n - 1n; }
        if (unsigned) { if (v >= 2n ** 64n || v <= -(2n ** 64n)) { this.setErrno('ERANGE'); v = 2n ** 64n - 1n; } else v = BigInt.asUintN(64, v); }
        return I(Number.isSafeInteger(Number(v)) ? Number(v) : v);
      }
      case 'abs': return I(Math.abs(int32(a[0])) | 0);
      case 'labs': case 'llabs': { const v = BigInt(a[0]?.v ?? 0); return I(v < 0n ? -v : v); }
      case 'rand': return I(this.rand());
      case 'srand': this.srand(num(a[0]) >>> 0); return undefined;
      case 'getenv': return P(this.getenv(this.str(num(a[0]))));
      case 'qsort': return this.qsort(num(a[0]), num(a[1]), num(a[2]), num(a[3]));
      // ---- unistd, fcntl, mman, stat, time ------------------------------------------------------------
      case 'write': return I(await this.sysWrite(int32(a[0]), mm.read(num(a[1]), num(a[2]))));
      case 'read': {
        const fd = int32(a[0]), n = num(a[2]);
        try {
          const data = await this.host.syscalls.read(this.host.sys, fd, n, num(a[1]));
          mm.write(num(a[1]), data);
          return I(data.length);
        } catch (e) {
          return this.fail(e);
        }
      }
      case 'open': {
        const flags = int32(a[1]);
        return I(this.openFd(this.str(num(a[0])), flags, num(a[2]) || 0o666));
      }
      case 'close': try { this.host.syscalls.close(int32(a[0])); return I(0); } catch (e) { return this.fail(e); }
      case 'lseek': try { return I(this.lseek(int32(a[0]), num(a[1]), int32(a[2]))); } catch (e) { return this.fail(e); }
      case 'getpid': this.host.syscalls.note('getpid', [], String(this.host.sys.pid)); return I(this.host.sys.pid);
      case 'getrlimit': case 'setrlimit': return this.rlimit(name === 'setrlimit', int32(a[0]), num(a[1]));
      case 'getppid': this.host.syscalls.note('getppid', [], String(this.host.sys.ppid)); return I(this.host.sys.ppid);
      case 'sysconf': return I(int32(a[0]) === 30 ? 4096 : int32(a[0]) === 84 ? 2 : -1);
      case 'getpagesize': return I(4096);
      case 'sleep': {
        const s = num(a[0]);
        // glibc 2.27's nanosleep is the nanosleep syscall; 2.31 and later go through clock_nanosleep
        if (this.host.profile === 'ubuntu-18.04') this.host.syscalls.note('nanosleep', [`{tv_sec=${s}, tv_nsec=0}`, '0x7fffffffe390'], '0');
        else this.host.syscalls.note('clock_nanosleep', ['CLOCK_REALTIME', '0', `{tv_sec=${s}, tv_nsec=0}`, '0x7fffffffe390'], '0');
        await this.host.sys.sleep(s * 1000);
        return I(0);
      }
      case 'usleep': {
        const us = num(a[0]);
        const ts = `{tv_sec=${Math.floor(us / 1e6)}, tv_nsec=${(us % 1e6) * 1000}}`;
        if (this.host.profile === 'ubuntu-18.04') this.host.syscalls.note('nanosleep', [ts, 'NULL'], '0');
        else this.host.syscalls.note('clock_nanosleep', ['CLOCK_REALTIME', '0', ts, 'NULL'], '0');
        await this.host.sys.sleep(us / 1000);
        return I(0);
      }
      case 'mmap': try {
        return P(this.host.syscalls.mmap(num(a[0]), num(a[1]), int32(a[2]), int32(a[3]), int32(a[4]), num(a[5])));
      } catch (e) { this.fail(e); return P(2 ** 64 - 1); }
      case 'munmap': try { this.host.syscalls.munmap(num(a[0]), num(a[1])); return I(0); } catch (e) { return this.fail(e); }
      case 'mprotect': try { this.host.syscalls.mprotect(num(a[0]), num(a[1]), int32(a[2])); return I(0); } catch (e) { return this.fail(e); }
      case 'madvise': try {
        mm.madvise(num(a[0]), num(a[1]), int32(a[2]));
        this.host.syscalls.note('madvise', [hex(num(a[0])), String(num(a[1])), int32(a[2]) === 4 ? 'MADV_DONTNEED' : String(int32(a[2]))], '0');
        return I(0);
      } catch (e) { return this.fail(e); }
      case 'fstat': try {
        const st = this.host.syscalls.fstat(int32(a[0]), this.host.profile === 'ubuntu-18.04' ? 'fstat' : 'newfstatat');
        this.writeStat(num(a[1]), st);
        return I(0);
      } catch (e) { return this.fail(e); }
      case 'stat': try {
        const path = this.str(num(a[0]));
        const st = this.host.sys.stat(path);
        this.host.syscalls.note(this.host.profile === 'ubuntu-18.04' ? 'stat' : 'newfstatat',
          this.host.profile === 'ubuntu-18.04' ? [JSON.stringify(path), `{st_mode=0${st.mode.toString(8)}, st_size=${st.size}, ...}`]
            : ['AT_FDCWD', JSON.stringify(path), `{st_mode=0${st.mode.toString(8)}, st_size=${st.size}, ...}`, '0'], '0');
        this.writeStat(num(a[1]), st);
        return I(0);
      } catch (e) { return this.fail(e); }
      case 'ftruncate': try {
        this.host.sys.ftruncate(int32(a[0]), num(a[1]));
        this.host.syscalls.note('ftruncate', [String(int32(a[0])), String(num(a[1]))], '0');
        return I(0);
      } catch (e) { return this.fail(e); }
      case 'clock_gettime': {
        this.host.sys.kernel.cost.vdso(this.host.sys.proc); // through the vDSO: no system call
        const clk = int32(a[0]);
        const ms = clk === 1 ? this.host.sys.uptime() : this.host.sys.now();
        const ns = BigInt(Math.round(ms * 1e6));
        this.wr64(num(a[1]), ns / 1000000000n);
        this.wr64(num(a[1]) + 8, ns % 1000000000n);
        return I(0);
      }
      case 'time': {
        this.host.sys.kernel.cost.vdso(this.host.sys.proc);
        const t = Math.floor(this.host.sys.now() / 1000);
        if (num(a[0])) this.wr64(num(a[0]), t);
        return I(t);
      }
      case 'localtime': case 'gmtime': return P(this.brokenDown(num(a[0]), name === 'localtime'));
      case 'strftime': return I(this.strftime(num(a[0]), num(a[1]), num(a[2]), num(a[3])));
      case '__errno_location': return P(this.symbols.get('errno')!);
      default:
        throw new Error(`libc: ${name} is not implemented`);
    }
  }

  private staticBufs = new Map<string, number>();
  /** A string in a buffer of libc's own (strerror's), allocated once per name from the heap's view: data. */
  private staticString(key: string, s: string): number {
    const at = this.staticBuf(key);
    this.writeString(at, s.slice(0, 0xff));
    return at;
  }

  /** A 256-byte buffer of libc's own, one per name (strerror's string, localtime's struct tm). */
  private staticBuf(key: string): number {
    let at = this.staticBufs.get(key);
    if (!at) { at = this.symbols.get('errno')! + 0x40 + this.staticBufs.size * 0x100; this.staticBufs.set(key, at); }
    return at;
  }

  private tzRead = false;
  /** gmtime/localtime: the broken-down time in libc's static struct tm. localtime's first call runs tzset,
   * which (TZ unset) opens /etc/localtime; the machine has none, so the zone is UTC. */
  private brokenDown(tp: number, local: boolean): number {
    if (local && !this.tzRead) {
      this.tzRead = true;
      const fd = this.openFd('/etc/localtime', O_RDONLY | O_CLOEXEC, 0);
      if (fd >= 0) this.host.syscalls.close(fd);
    }
    const tm = breakDown(this.rd64(tp));
    const at = this.staticBuf(local ? 'localtime' : 'gmtime');
    const v = tmBytes(tm);
    this.host.mm.write(at, new Uint8Array(v.buffer));
    this.wr64(at + 48, this.staticString('tzname', tm.zone));
    return at;
  }

  private strftime(s: number, max: number, format: number, tp: number): number {
    const b = this.host.mm.read(tp, TM_SIZE);
    const zp = this.rd64(tp + 48);
    const out = strftime(this.str(format), tmFrom(new DataView(b.buffer, b.byteOffset, b.byteLength), zp ? this.str(zp) : 'GMT'), max);
    if (out === undefined) return 0;
    this.writeString(s, out);
    return enc.encode(out).length;
  }

  private getenv(name: string): number {
    const v = this.host.sys.getenv(name);
    if (v === undefined) return 0;
    return this.staticString('env:' + name, v);
  }

  private lseek(fd: number, off: number, whence: number): number {
    try {
      const r = this.host.sys.lseek(fd, off, whence as 0 | 1 | 2);
      this.host.syscalls.note('lseek', [String(fd), String(off), ['SEEK_SET', 'SEEK_CUR', 'SEEK_END'][whence] ?? String(whence)], String(r));
      return r;
    } catch (e) {
      if (e instanceof SysError) this.host.syscalls.note('lseek', [String(fd), String(off), ['SEEK_SET', 'SEEK_CUR', 'SEEK_END'][whence] ?? String(whence)], fmt.err(e.code, strerror(e.code)));
      throw e;
    }
  }

  private openFd(path: string, flags: number, mode: number): number {
    try {
      const fd = this.host.sys.open(path, flags, mode);
      const fl = openFlagsText(flags);
      this.host.syscalls.note('openat', ['AT_FDCWD', JSON.stringify(path), fl, ...(flags & O_CREAT ? ['0' + mode.toString(8)] : [])], String(fd));
      return fd;
    } catch (e) {
      if (e instanceof SysError) {
        this.host.syscalls.note('openat', ['AT_FDCWD', JSON.stringify(path), openFlagsText(flags), ...(flags & O_CREAT ? ['0' + mode.toString(8)] : [])], fmt.err(e.code, strerror(e.code)));
        this.setErrno(e.code);
        return -1;
      }
      throw e;
    }
  }

  private async fopen(path: string, mode: string): Promise<number> {
    const plus = mode.includes('+');
    let flags: number;
    switch (mode[0]) {
      case 'r': flags = plus ? O_RDWR : O_RDONLY; break;
      case 'w': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
      case 'a': flags = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
      default: this.setErrno('EINVAL'); return 0;
    }
    const file = this.malloc.malloc(472); // sizeof (struct locked_FILE)
    if (!file) return 0;
    const fd = this.openFd(path, flags | (mode.includes('e') ? 0o2000000 : 0), 0o666);
    if (fd < 0) { this.malloc.free(file); return 0; }
    const acc = flags & O_ACCMODE;
    const s = new Stream(fd, file, acc !== O_WRONLY, acc !== O_RDONLY);
    s.append = (flags & O_APPEND) !== 0;
    this.stdio.add(s);
    return file;
  }

  private writeStat(addr: number, st: { dev: number; ino: number; nlink: number; mode: number; uid: number; gid: number; rdev: number; size: number; blksize: number; blocks: number; atimeMs: number; mtimeMs: number; ctimeMs: number }) {
    const b = new Uint8Array(144);
    const dv = new DataView(b.buffer);
    const q = (o: number, v: number) => dv.setBigInt64(o, BigInt(Math.floor(v)), true);
    q(0, st.dev); q(8, st.ino); q(16, st.nlink); dv.setUint32(24, st.mode, true); dv.setUint32(28, st.uid, true); dv.setUint32(32, st.gid, true);
    q(40, st.rdev); q(48, st.size); q(56, st.blksize); q(64, st.blocks);
    q(72, st.atimeMs / 1000); q(80, (st.atimeMs % 1000) * 1e6); q(88, st.mtimeMs / 1000); q(96, (st.mtimeMs % 1000) * 1e6);
    q(104, st.ctimeMs / 1000); q(112, (st.ctimeMs % 1000) * 1e6);
    this.host.mm.write(addr, b);
  }

  private async qsort(base: number, n: number, size: number, cmpFn: number): Promise<LibcResult> {
    if (n < 2 || !size) return undefined;
    const mm = this.host.mm;
    const items: Uint8Array[] = [];
    for (let k = 0; k < n; k++) items.push(mm.read(base + k * size, size));
    // merge sort (glibc's qsort is a merge sort when memory allows), comparing through the program's function
    const tmpA = this.malloc.malloc(size), tmpB = this.malloc.malloc(size);
    const compare = async (x: Uint8Array, y: Uint8Array) => {
      mm.write(tmpA, x); mm.write(tmpB, y);
      const r = this.callPointer ? await this.callPointer(cmpFn, [P(tmpA), P(tmpB)]) : I(cmp(x, y, size, true));
      return num(r) | 0;
    };
    const sort = async (arr: Uint8Array[]): Promise<Uint8Array[]> => {
      if (arr.length < 2) return arr;
      const mid = arr.length >> 1;
      const l = await sort(arr.slice(0, mid)), r = await sort(arr.slice(mid));
      const out: Uint8Array[] = [];
      let i = 0, j = 0;
      while (i < l.length && j < r.length) out.push((await compare(l[i]!, r[j]!)) <= 0 ? l[i++]! : r[j++]!);
      return out.concat(l.slice(i), r.slice(j));
    };
    const sorted = await sort(items);
    this.malloc.free(tmpB); this.malloc.free(tmpA);
    sorted.forEach((it, k) => mm.write(base + k * size, it));
    return undefined;
  }

  // ---- scanf basics: %d %i %u %x %s %c %lf %f %ld %% and literal/space matching ------------------------------
  private async scanf(s: Stream, fmtAddr: number, args: CValue[]): Promise<CValue> {
    const peek = async () => { const c = await this.stdio.getc(s); if (c !== EOF) this.stdio.ungetc(s, c); return c; };
    const get = () => this.stdio.getc(s);
    return this.scanCore(this.readString(fmtAddr), args, peek, get);
  }
  private async sscanf(input: Uint8Array, fmtAddr: number, args: CValue[]): Promise<CValue> {
    let pos = 0;
    return this.scanCore(this.readString(fmtAddr), args, async () => (pos < input.length ? input[pos]! : EOF), async () => (pos < input.length ? input[pos++]! : EOF));
  }
  private async scanCore(f: Uint8Array, args: CValue[], peek: () => Promise<number>, get: () => Promise<number>): Promise<CValue> {
    let ai = 0, assigned = 0, i = 0, sawInput = false;
    const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
    const skipWs = async () => { while (isSpace(await peek())) await get(); };
    while (i < f.length) {
      const c = f[i]!;
      if (isSpace(c)) { await skipWs(); i++; continue; }
      if (c !== 0x25) { if ((await peek()) !== c) break; await get(); i++; continue; }
      i++;
      let width = 0;
      while (f[i]! >= 0x30 && f[i]! <= 0x39) width = width * 10 + f[i++]! - 0x30;
      let len = '';
      while ('hlLqjzt'.includes(String.fromCharCode(f[i] ?? 0)) && f[i]) len += String.fromCharCode(f[i++]!);
      const conv = String.fromCharCode(f[i++] ?? 0);
      if (conv === '%') { await skipWs(); if ((await peek()) !== 0x25) break; await get(); continue; }
      const dst = num(args[ai++]);
      if (conv === 'c') {
        const n = width || 1;
        const out: number[] = [];
        for (let k = 0; k < n; k++) { const ch = await get(); if (ch === EOF) break; out.push(ch); }
        if (!out.length) return I(assigned || (sawInput ? assigned : -1));
        this.host.mm.write(dst, new Uint8Array(out));
        assigned++; sawInput = true; continue;
      }
      await skipWs();
      if ((await peek()) === EOF) return I(sawInput || assigned ? assigned : -1);
      sawInput = true;
      const max = width || Infinity;
      if (conv === 's') {
        const out: number[] = [];
        while (out.length < max) { const ch = await peek(); if (ch === EOF || isSpace(ch)) break; out.push(await get()); }
        this.writeString(dst, new Uint8Array(out));
        assigned++; continue;
      }
      let text = '';
      const accept = conv === 'x' || conv === 'X' ? /^[+-]?(0[xX])?[0-9a-fA-F]*$/ : 'feEgGaA'.includes(conv) ? /^[+-]?(\d*\.?\d*([eE][+-]?\d*)?|inf|nan)$/i
        : conv === 'i' ? /^[+-]?(0[xX]?)?[0-9a-fA-F]*$/ : /^[+-]?\d*$/;
      while (text.length < max) {
        const ch = await peek();
        if (ch === EOF || !accept.test(text + String.fromCharCode(ch))) break;
        text += String.fromCharCode(await get());
      }
      if (!/[0-9a-fA-F]|inf|nan/i.test(text)) break;
      if ('feEgGaA'.includes(conv)) {
        const v = Number.parseFloat(text);
        const b = new Uint8Array(len === 'l' || len === 'L' ? 8 : 4);
        const dv = new DataView(b.buffer);
        if (b.length === 8) dv.setFloat64(0, v, true); else dv.setFloat32(0, v, true);
        this.host.mm.write(dst, b);
      } else {
        const base = conv === 'x' || conv === 'X' ? 16 : conv === 'o' ? 8 : conv === 'i' ? 0 : 10;
        const v = parseIntC(text, base).value;
        const size = len === 'hh' ? 1 : len === 'h' ? 2 : len === '' ? 4 : 8;
        const b = new Uint8Array(size);
        const dv = new DataView(b.buffer);
        if (size === 1) dv.setUint8(0, Number(BigInt.asUintN(8, v))); else if (size === 2) dv.setUint16(0, Number(BigInt.asUintN(16, v)), true);
        else if (size === 4) dv.setUint32(0, Number(BigInt.asUintN(32, v)), true); else dv.setBigUint64(0, BigInt.asUintN(64, v), true);
        this.host.mm.write(dst, b);
      }
      assigned++;
    }
    return I(assigned);
  }
}

function cmp(x: Uint8Array, y: Uint8Array, n: number, raw = false): number {
  const len = Math.min(n, Math.max(x.length, y.length) + (raw ? 0 : 1));
  for (let i = 0; i < len; i++) {
    const a = x[i] ?? 0, b = y[i] ?? 0;
    if (a !== b) return a - b;
    if (!raw && a === 0) return 0;
  }
  return 0;
}

/** strtol's parsing: leading space, sign, 0x / 0 prefixes for base 0/16/8. */
export function parseIntC(s: string, base: number): { value: bigint; used: number } {
  let i = 0;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  if ((base === 0 || base === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /[0-9a-fA-F]/.test(s[i + 2] ?? '')) { i += 2; base = 16; }
  else if (base === 0) base = s[i] === '0' ? 8 : 10;
  const start = i;
  let v = 0n;
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36);
    if (Number.isNaN(d) || d >= base) break;
    v = v * BigInt(base) + BigInt(d);
  }
  if (i === start) return { value: 0n, used: 0 };
  return { value: neg ? -v : v, used: i };
}

function openFlagsText(f: number): string {
  const acc = ['O_RDONLY', 'O_WRONLY', 'O_RDWR'][f & O_ACCMODE]!;
  const names: [number, string][] = [[0o100, 'O_CREAT'], [0o200, 'O_EXCL'], [0o1000, 'O_TRUNC'], [0o2000, 'O_APPEND'], [0o4000, 'O_NONBLOCK'], [0o2000000, 'O_CLOEXEC']];
  return [acc, ...names.filter(([b]) => f & b).map(([, n]) => n)].join('|');
}

/** ltrace argument kinds: s = string, p = pointer, i = integer; ret v = void. */
type Proto = Partial<Record<number, 's' | 'p' | 'i'>> & { ret?: 's' | 'p' | 'i' | 'v' };
const LIBC_PROTOS: Record<string, Proto> = {
  malloc: { ret: 'p' }, calloc: { ret: 'p' }, realloc: { 0: 'p', ret: 'p' }, free: { 0: 'p', ret: 'v' },
  memalign: { ret: 'p' }, aligned_alloc: { ret: 'p' }, valloc: { ret: 'p' }, posix_memalign: { 0: 'p' }, malloc_usable_size: { 0: 'p' },
  malloc_stats: { ret: 'v' }, printf: { 0: 's' }, fprintf: { 0: 'p', 1: 's' }, sprintf: { 0: 'p', 1: 's' }, snprintf: { 0: 'p', 2: 's' },
  puts: { 0: 's' }, fputs: { 0: 's', 1: 'p' }, fgets: { 0: 'p', 2: 'p', ret: 'p' }, fopen: { 0: 's', 1: 's', ret: 'p' }, fclose: { 0: 'p' },
  fflush: { 0: 'p' }, fwrite: { 0: 'p', 3: 'p' }, fread: { 0: 'p', 3: 'p' }, perror: { 0: 's', ret: 'v' },
  strlen: { 0: 's' }, strcpy: { 0: 'p', 1: 's', ret: 'p' }, strncpy: { 0: 'p', 1: 's', ret: 'p' }, strcat: { 0: 's', 1: 's', ret: 'p' },
  strcmp: { 0: 's', 1: 's' }, strncmp: { 0: 's', 1: 's' }, strchr: { 0: 's', ret: 'p' }, strrchr: { 0: 's', ret: 'p' }, strstr: { 0: 's', 1: 's', ret: 'p' },
  strdup: { 0: 's', ret: 'p' }, memcpy: { 0: 'p', 1: 'p', ret: 'p' }, memmove: { 0: 'p', 1: 'p', ret: 'p' }, memset: { 0: 'p', ret: 'p' },
  memcmp: { 0: 'p', 1: 'p' }, strerror: { ret: 's' }, atoi: { 0: 's' }, atol: { 0: 's' }, strtol: { 0: 's', 1: 'p' }, strtoul: { 0: 's', 1: 'p' },
  getenv: { 0: 's', ret: 's' }, exit: { ret: 'v' }, srand: { ret: 'v' }, qsort: { 0: 'p', 3: 'p', ret: 'v' }, atexit: { 0: 'p' },
  open: { 0: 's' }, read: { 1: 'p' }, write: { 1: 'p' }, mmap: { 0: 'p', ret: 'p' }, munmap: { 0: 'p' }, mprotect: { 0: 'p' },
  stat: { 0: 's', 1: 'p' }, fstat: { 1: 'p' }, clock_gettime: { 1: 'p' }, time: { 0: 'p' }, localtime: { 0: 'p', ret: 'p' }, gmtime: { 0: 'p', ret: 'p' }, strftime: { 0: 'p', 2: 's', 3: 'p' }, sscanf: { 0: 's', 1: 's' }, scanf: { 0: 's' },
  __errno_location: { ret: 'p' }, setvbuf: { 0: 'p', 1: 'p' }, sleep: {}, usleep: {}, abort: { ret: 'v' },
};
