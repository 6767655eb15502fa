// A pseudo-terminal slave with the n_tty line discipline: canonical editing (erase, kill, werase, EOF),
// echo with ECHOCTL (^C), ISIG (^C → SIGINT, ^\ → SIGQUIT to the foreground process group), ICRNL on input
// and ONLCR on output. The host side (xterm, or the CLI's terminal) feeds keys in and receives bytes out.
import type { CharDevice } from '../fs/inode.ts';
import { SysError } from './errno.ts';
import type { Process } from './process.ts';
import { WaitQueue } from './waitqueue.ts';

export interface Termios {
  icanon: boolean; echo: boolean; isig: boolean; echoctl: boolean; onlcr: boolean; icrnl: boolean;
}
export const COOKED: Termios = { icanon: true, echo: true, isig: true, echoctl: true, onlcr: true, icrnl: true };

const enc = new TextEncoder();

export interface TtyHooks {
  /** Bytes for the host terminal. */
  output(bytes: Uint8Array): void;
  /** Send a signal to a process group (the kernel's kill(-pgrp)). */
  signalGroup(pgrp: number, sig: number): void;
  /** A process is about to wait for input on this terminal. */
  waiting(pid: number): void;
}

export class Tty implements CharDevice {
  readonly isTty = true;
  readonly major = 136;
  termios: Termios = { ...COOKED };
  cols: number;
  rows: number;
  fgPgrp = 0;
  sid = 0;
  private line = ''; // canonical mode edit buffer
  private ready: (Uint8Array | 'eof')[] = [];
  private readonly readQ = new WaitQueue();
  private readonly fgQ = new WaitQueue();

  readonly minor: number;
  private readonly hooks: TtyHooks;
  constructor(minor: number, cols: number, rows: number, hooks: TtyHooks) {
    this.minor = minor;
    this.hooks = hooks;
    this.cols = cols;
    this.rows = rows;
  }
  get name() { return `pts/${this.minor}`; }

  setForeground(pgrp: number) { this.fgPgrp = pgrp; this.fgQ.wakeAll(); }

  // ---- host → tty ---------------------------------------------------------------------------------------
  input(data: string) {
    for (const ch of data) this.inputChar(ch);
    this.readQ.wakeAll();
  }

  private inputChar(chIn: string) {
    const t = this.termios;
    let ch = chIn;
    if (t.icrnl && ch === '\r') ch = '\n';
    if (t.isig && (ch === '\x03' || ch === '\x1c')) {
      if (t.echo && t.echoctl) this.echo(ch === '\x03' ? '^C' : '^\\');
      this.line = '';
      this.ready = [];
      if (this.fgPgrp) this.hooks.signalGroup(this.fgPgrp, ch === '\x03' ? 2 : 3);
      return;
    }
    if (!t.icanon) {
      this.ready.push(enc.encode(ch));
      return;
    }
    switch (ch) {
      case '\x7f': case '\b':
        if (this.line.length) {
          this.line = [...this.line].slice(0, -1).join('');
          if (t.echo) this.echo('\b \b');
        }
        return;
      case '\x15': // ^U: kill the line
        if (t.echo) this.echo('\b \b'.repeat([...this.line].length));
        this.line = '';
        return;
      case '\x17': { // ^W: erase the previous word
        const m = /\s*\S*$/.exec(this.line)!;
        if (t.echo) this.echo('\b \b'.repeat([...m[0]].length));
        this.line = this.line.slice(0, m.index);
        return;
      }
      case '\x04': // ^D: push what is typed, or signal EOF on an empty line
        this.ready.push(this.line ? enc.encode(this.line) : 'eof');
        this.line = '';
        return;
      case '\n':
        this.line += '\n';
        if (t.echo) this.echo('\n');
        this.ready.push(enc.encode(this.line));
        this.line = '';
        return;
      default:
        this.line += ch;
        if (t.echo) this.echo(t.echoctl && ch < ' ' && ch !== '\t' ? `^${String.fromCharCode(ch.charCodeAt(0) + 64)}` : ch);
    }
  }

  private echo(s: string) { this.emit(enc.encode(s)); }

  /** Whether a read would return now (used by the shell to know typed-ahead input exists). */
  get hasInput() { return this.ready.length > 0; }

  // ---- tty → process --------------------------------------------------------------------------------------
  async read(max: number, proc?: Process): Promise<Uint8Array> {
    // A background process may not read the terminal (Linux stops it with SIGTTIN): it waits for the foreground.
    while (proc && this.fgPgrp && proc.pgid !== this.fgPgrp) await this.fgQ.wait(proc);
    while (this.ready.length === 0) {
      if (proc) this.hooks.waiting(proc.pid);
      if (this.ready.length) break; // a host may answer the announcement synchronously (the CLI's stdin feeder)
      await this.readQ.wait(proc);
    }
    const head = this.ready[0]!;
    if (head === 'eof') { this.ready.shift(); return new Uint8Array(0); }
    if (head.length <= max) { this.ready.shift(); return head; }
    this.ready[0] = head.subarray(max);
    return head.subarray(0, max);
  }

  write(data: Uint8Array): number {
    this.emit(data);
    return data.length;
  }

  private emit(data: Uint8Array) {
    if (!this.termios.onlcr || !data.includes(10)) { this.hooks.output(data); return; }
    let n = 0;
    for (const b of data) if (b === 10) n++;
    const out = new Uint8Array(data.length + n);
    let j = 0;
    for (const b of data) { if (b === 10) out[j++] = 13; out[j++] = b; }
    this.hooks.output(out);
  }

  setTermios(p: Partial<Termios>) {
    const wasCanon = this.termios.icanon;
    this.termios = { ...this.termios, ...p };
    if (wasCanon && !this.termios.icanon && this.line) { this.ready.push(enc.encode(this.line)); this.line = ''; }
  }

  resize(cols: number, rows: number) {
    if (cols < 1 || rows < 1) throw new SysError('EINVAL');
    this.cols = cols;
    this.rows = rows;
    if (this.fgPgrp) this.hooks.signalGroup(this.fgPgrp, 28);
  }
}
