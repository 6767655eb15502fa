// Redirections: applied to the shell's own fds in order (>, >>, <, <>, 2>&1, >&2, &>, &>>, N>&-, here-documents
// and here-strings), each displaced fd saved above 10 (close-on-exec) so the shell can put it back after a
// builtin, a function or a compound command, as bash does. Messages follow bash ("bash: f: No such file or
// directory", "$x: ambiguous redirect") or dash ("cannot create f: Directory nonexistent").
import type { Shell } from './exec.ts';
import { errText } from './exec.ts';
import type { Redir } from './ast.ts';
import { SysError } from '../kernel/errno.ts';
import { O_APPEND, O_CREAT, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } from '../kernel/files.ts';

/** An fd the redirections displaced: its saved copy (-1 when it was closed before). */
export interface SavedFd { fd: number; copy: number; }

class RedirError extends Error {}

const enc = new TextEncoder();

export function restoreFds(sh: Shell, saved: SavedFd[]) {
  for (const s of [...saved].reverse()) {
    try {
      if (s.copy >= 0) { sh.sys.dup2(s.copy, s.fd); sh.sys.close(s.copy); }
      else if (sh.sys.isOpen(s.fd)) sh.sys.close(s.fd);
    } catch { /* already gone */ }
  }
}

/** Applies redirections in order; returns how to undo them, or undefined after reporting an error. */
export async function applyRedirs(sh: Shell, redirs: Redir[]): Promise<SavedFd[] | undefined> {
  const saved: SavedFd[] = [];
  const save = (fd: number) => {
    if (saved.some((s) => s.fd === fd)) return;
    let copy = -1;
    if (sh.sys.isOpen(fd)) { copy = sh.sys.dup(fd, 10); sh.sys.setCloexec(copy); }
    saved.push({ fd, copy });
  };
  const install = (nfd: number, fd: number) => {
    save(fd);
    if (nfd !== fd) { sh.sys.dup2(nfd, fd); sh.sys.close(nfd); }
  };
  for (const r of redirs) {
    try {
      const dfl = r.op.startsWith('<') ? 0 : 1;
      const fd = r.fd ?? dfl;
      switch (r.op) {
        case '<<': case '<<-': install(await heredocFd(sh, await heredocText(sh, r)), fd); break;
        case '<<<': install(await heredocFd(sh, (await sh.expander.string(r.target)) + '\n'), fd); break;
        case '<&': case '>&': {
          const t = await target(sh, r);
          if (t === undefined) { restoreFds(sh, saved); return undefined; }
          if (r.op === '>&' && r.fd === undefined && !/^\d+-?$|^-$/.test(t)) {
            // >&file is &>file
            const nfd = openFile(sh, t, O_WRONLY | O_CREAT | O_TRUNC);
            install(nfd, 1);
            save(2);
            sh.sys.dup2(1, 2);
            break;
          }
          if (t === '-') { save(fd); if (sh.sys.isOpen(fd)) sh.sys.close(fd); break; }
          const m = /^(\d+)(-?)$/.exec(t);
          if (!m) { await sh.error(`${t}: ambiguous redirect`); restoreFds(sh, saved); return undefined; }
          const src = Number(m[1]);
          if (!sh.sys.isOpen(src)) { await sh.error(`${src}: Bad file descriptor`); restoreFds(sh, saved); return undefined; }
          if (src !== fd) { save(fd); sh.sys.dup2(src, fd); }
          if (m[2]) { save(src); sh.sys.close(src); }
          break;
        }
        case '&>': case '&>>': {
          const t = await target(sh, r);
          if (t === undefined) { restoreFds(sh, saved); return undefined; }
          const nfd = openFile(sh, t, O_WRONLY | O_CREAT | (r.op === '&>' ? O_TRUNC : O_APPEND));
          install(nfd, 1);
          save(2);
          sh.sys.dup2(1, 2);
          break;
        }
        default: {
          const t = await target(sh, r);
          if (t === undefined) { restoreFds(sh, saved); return undefined; }
          const flags = r.op === '<' ? O_RDONLY : r.op === '<>' ? O_RDWR | O_CREAT
            : r.op === '>>' ? O_WRONLY | O_CREAT | O_APPEND : O_WRONLY | O_CREAT | O_TRUNC;
          if (r.op === '>' && sh.opts.noclobber) {
            let exists = false;
            try { exists = (sh.sys.stat(t).mode & 0o170000) === 0o100000; } catch { /* new file */ }
            if (exists) { await sh.error(`${t}: cannot overwrite existing file`); restoreFds(sh, saved); return undefined; }
          }
          install(openFile(sh, t, flags), fd);
        }
      }
    } catch (e) {
      if (e instanceof RedirError) {
        await sh.error(e.message);
        restoreFds(sh, saved);
        return undefined;
      }
      if (e instanceof SysError) {
        await sh.error(`${e.message}`);
        restoreFds(sh, saved);
        return undefined;
      }
      throw e;
    }
  }
  return saved;
}

function openFile(sh: Shell, path: string, flags: number): number {
  try { return sh.sys.open(path, flags, 0o666); } catch (e) {
    if (e instanceof SysError) {
      if (sh.dash) {
        // dash's wording: "cannot open /x: No such file", "cannot create /d/x: Directory nonexistent"
        const create = (flags & (O_WRONLY | O_RDWR)) !== 0;
        const why = e.code === 'ENOENT' ? (create ? 'Directory nonexistent' : 'No such file') : errText(e);
        throw new RedirError(`${create ? 'cannot create' : 'cannot open'} ${path}: ${why}`);
      }
      throw new RedirError(`${path}: ${errText(e)}`);
    }
    throw e;
  }
}

/** The target file of a redirection: one field, or "ambiguous redirect". */
async function target(sh: Shell, r: Redir): Promise<string | undefined> {
  const fields = await sh.expander.word(r.target);
  if (fields.length !== 1) { await sh.error(`${r.target.raw}: ambiguous redirect`); return undefined; }
  return fields[0]!;
}

async function heredocText(sh: Shell, r: Redir): Promise<string> {
  const body = r.heredoc?.body;
  if (!body) return '';
  return sh.expander.string(body);
}

/** A readable fd with `text`: a pipe when it fits (as bash 5.1+ does), else an unlinked temp file. */
async function heredocFd(sh: Shell, text: string): Promise<number> {
  const bytes = enc.encode(text);
  if (bytes.length < 65536) {
    const [r, w] = sh.sys.pipe();
    await sh.sys.write(w, bytes);
    sh.sys.close(w);
    return r;
  }
  const path = `/tmp/sh-thd.${sh.sys.pid}.${Math.floor(sh.sys.uptime())}`;
  await sh.sys.writeFile(path, bytes, false, 0o600);
  const fd = sh.sys.open(path, O_RDONLY);
  sh.sys.unlink(path);
  return fd;
}

