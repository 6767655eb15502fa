// PS1/PS2 decoding as bash does it: backslash escapes (\u \h \w \W \$ \[ \] \e \033 \n \s \v \t \d \j ...)
// first, then parameter expansion and command substitution of the result (shopt promptvars). \w honours
// PROMPT_DIRTRIM: "~/.../drills/tasks/alloc_size/support". \[ and \] become \x01 / \x02, readline's markers of
// invisible text; the line editor uses them to know the prompt's width and strips them from the output.
import type { Shell } from './exec.ts';

/** PROMPT_DIRTRIM: keep the last `n` components, replacing the ones before with "..." (bash's trim_pathname). */
export function trimPath(path: string, n: number): string {
  if (!(n > 0)) return path;
  let head = '';
  let rest = path;
  if (path.startsWith('~/')) { head = '~/'; rest = path.slice(2); } else if (path === '~') return path;
  const parts = rest.split('/');
  // an absolute path has an empty first element
  const comps = parts.filter((p, i) => !(i === 0 && p === ''));
  if (comps.length <= n) return path;
  return `${head}.../${comps.slice(-n).join('/')}`;
}

export function tildePath(dir: string, home: string | undefined): string {
  if (home && home !== '/' && (dir === home || dir.startsWith(home.replace(/\/$/, '') + '/'))) return '~' + dir.slice(home.replace(/\/$/, '').length);
  return dir;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Decodes the backslash escapes of a prompt string. */
export function decodePrompt(sh: Shell, ps: string, commandNumber: number): string {
  const sys = sh.sys;
  const home = sh.getVar('HOME');
  const pwd = sh.getVar('PWD') ?? safeCwd(sh);
  const quote = (s: string) => s.replace(/[\\$`]/g, '\\$&');
  let out = '';
  for (let i = 0; i < ps.length; i++) {
    const c = ps[i]!;
    if (c !== '\\' || i + 1 >= ps.length) { out += c; continue; }
    const n = ps[++i]!;
    const d = new Date(sys.now());
    switch (n) {
      case 'u': out += quote(sh.getVar('USER') ?? userName(sh)); break;
      case 'h': out += quote(sys.machine.nodename.split('.')[0]!); break;
      case 'H': out += quote(sys.machine.nodename); break;
      case 'w': out += quote(trimPath(tildePath(pwd, home), Number(sh.getVar('PROMPT_DIRTRIM') ?? 0))); break;
      case 'W': {
        const t = tildePath(pwd, home);
        out += quote(t === '~' || pwd === '/' ? t : pwd.slice(pwd.lastIndexOf('/') + 1));
        break;
      }
      case '$': out += sys.euid === 0 ? '#' : '\\$'; break;
      case '[': out += '\x01'; break;
      case ']': out += '\x02'; break;
      case 'e': out += '\x1b'; break;
      case 'a': out += '\x07'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 's': out += sh.dash ? 'sh' : 'bash'; break;
      case 'v': out += sh.version.split('.').slice(0, 2).join('.'); break;
      case 'V': out += sh.version.replace(/\(.*$/, ''); break;
      case 'j': out += String(sh.jobs.jobs.length); break;
      case 'l': { let t = 'tty'; try { t = sys.ttyName(0).replace(/^\/dev\//, '').replace(/^pts\//, ''); } catch { /* none */ } out += t; break; }
      case '!': out += String(sh.history.length + 1); break;
      case '#': out += String(commandNumber); break;
      case 't': out += `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; break;
      case 'T': out += `${pad(d.getUTCHours() % 12 || 12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; break;
      case '@': out += `${pad(d.getUTCHours() % 12 || 12)}:${pad(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`; break;
      case 'A': out += `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`; break;
      case 'd': {
        const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
        const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
        out += `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())}`;
        break;
      }
      case '\\': out += '\\\\'; break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        const m = /^[0-7]{1,3}/.exec(ps.slice(i))!;
        out += String.fromCharCode(parseInt(m[0], 8));
        i += m[0].length - 1;
        break;
      }
      default: out += '\\' + n;
    }
  }
  return out;
}

function safeCwd(sh: Shell) { try { return sh.sys.getcwd(); } catch { return '/'; } }
function userName(sh: Shell) { return sh.sys.uid === 0 ? 'root' : sh.sys.uid === 1000 ? 'student' : String(sh.sys.uid); }

/** The prompt text for PS1/PS2, fully expanded. */
export async function expandPrompt(sh: Shell, which: 'PS1' | 'PS2', commandNumber: number): Promise<string> {
  const ps = sh.getVar(which);
  if (ps === undefined) return '';
  if (sh.dash) return ps; // dash does not decode backslash escapes in prompts
  const decoded = decodePrompt(sh, ps, commandNumber);
  const status = sh.status;
  try {
    return await sh.expandPromptVars(decoded);
  } catch {
    return decoded;
  } finally {
    sh.status = status;
  }
}

/** Visible width of a prompt: text between \x01 and \x02 (and escape sequences) does not count. */
export function visibleWidth(s: string): number {
  const t = s.replace(/\x01[^\x02]*\x02/g, '').replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\x01\x02]/g, '');
  const last = t.slice(t.lastIndexOf('\n') + 1);
  return [...last].length;
}
