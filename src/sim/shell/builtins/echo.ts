// echo and printf as bash builtins. bash's echo takes -n -e -E (dash's echo always interprets escapes and
// knows only -n); printf reuses its format until the arguments run out, like the C library's with the shell
// additions %b and %q.
import type { Shell } from '../exec.ts';

/** Backslash escapes of echo -e / printf %b. Returns the text and whether \c cut it short. */
export function echoEscapes(s: string, printfB = false): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const n = s[++i]!;
    switch (n) {
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'c': return { text: out, stop: true };
      case 'e': case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        // echo: \0nnn (up to 3 digits after the 0); printf %b: \0nnn or \nnn
        if (n !== '0' && !printfB) { out += '\\' + n; break; }
        const m = (n === '0' ? /^[0-7]{0,3}/ : /^[0-7]{0,2}/).exec(s.slice(i + 1))!;
        const digits = n === '0' ? m[0] : n + m[0];
        out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
        i += m[0].length;
        break;
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (!m) { out += '\\x'; break; }
        out += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
        break;
      }
      case 'u': case 'U': {
        const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(s.slice(i + 1));
        if (!m) { out += '\\' + n; break; }
        out += String.fromCodePoint(parseInt(m[0], 16));
        i += m[0].length;
        break;
      }
      default: out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}

export async function echo(sh: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  let newline = true;
  let escapes = sh.dash; // dash's echo always interprets backslash escapes
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (sh.dash ? a !== '-n' : !/^-[neE]+$/.test(a)) break;
    for (const c of a.slice(1)) { if (c === 'n') newline = false; else if (c === 'e') escapes = true; else escapes = false; }
  }
  let text = args.slice(i).join(' ');
  if (escapes) {
    const r = echoEscapes(text, sh.dash); // dash's echo also takes \NNN octal without the leading 0
    text = r.text;
    if (r.stop) newline = false;
  }
  await sh.sys.write(1, newline ? text + '\n' : text);
  return 0;
}

class PrintfError extends Error {}

export async function printf(sh: Shell, argv: string[]): Promise<number> {
  let args = argv.slice(1);
  let varName: string | undefined;
  if (args[0] === '-v' && !sh.dash) { varName = args[1]; args = args.slice(2); }
  if (args[0] === '--') args = args.slice(1);
  if (!args.length) { await sh.error('printf: usage: printf [-v var] format [arguments]'); return 2; }
  const fmt = args[0]!;
  const rest = args.slice(1);
  let status = 0;
  const warn = async (m: string) => { await sh.error(`printf: ${m}`); status = 1; };
  let out = '';
  let ai = 0;
  const next = () => (ai < rest.length ? rest[ai++] : undefined);
  const num = async (s: string | undefined): Promise<number> => {
    if (s === undefined || s === '') return 0;
    if (/^['"]/.test(s)) return s.length > 1 ? s.codePointAt(1)! : 0;
    const t = s.trim();
    if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16);
    if (/^[-+]?0[0-7]+$/.test(t)) return Number.parseInt(t, 8);
    if (/^[-+]?\d+$/.test(t)) return Number(t);
    const m = /^[-+]?\d+/.exec(t);
    await warn(`${s}: invalid number`);
    return m ? Number(m[0]) : 0;
  };
  const fnum = async (s: string | undefined): Promise<number> => {
    if (s === undefined || s === '') return 0;
    if (/^['"]/.test(s)) return s.length > 1 ? s.codePointAt(1)! : 0;
    const t = s.trim();
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || /^[-+]?(inf|infinity|nan)$/i.test(t)) return Number(t.replace(/^([-+]?)inf(inity)?$/i, '$1Infinity'));
    if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t, 16);
    await warn(`${s}: invalid number`);
    const m = /^[-+]?\d+(\.\d*)?/.exec(t);
    return m ? Number(m[0]) : 0;
  };
  try {
    for (let pass = 0; ; pass++) {
      const startAi = ai;
      let stopAll = false;
      for (let i = 0; i < fmt.length; i++) {
        const c = fmt[i]!;
        if (c === '\\') {
          const r = formatEscape(fmt, i);
          out += r.text;
          i = r.end - 1;
          continue;
        }
        if (c !== '%') { out += c; continue; }
        if (fmt[i + 1] === '%') { out += '%'; i++; continue; }
        const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXfFeEgGcsbqaA])/.exec(fmt.slice(i));
        if (!m) {
          const bad = fmt.slice(i + 1).match(/^[-+ #0]*(\*|\d+)?(\.(\*|\d*))?(.)?/)!;
          throw new PrintfError(bad[4] ? `%${bad[4]}: invalid format character` : `\`%': missing format character`);
        }
        i += m[0].length - 1;
        const flags = m[1]!;
        let width = m[2] === '*' ? await num(next()) : m[2] ? Number(m[2]) : undefined;
        let left = flags.includes('-');
        if (width !== undefined && width < 0) { left = true; width = -width; }
        const precision = m[3] === '*' ? await num(next()) : m[3] !== undefined ? Number(m[3] || '0') : undefined;
        const conv = m[4]!;
        const arg = next();
        let s: string;
        switch (conv) {
          case 's': s = arg ?? ''; if (precision !== undefined) s = s.slice(0, precision); break;
          case 'b': {
            const r = echoEscapes(arg ?? '', true);
            s = r.text;
            if (precision !== undefined) s = s.slice(0, precision);
            if (r.stop) { stopAll = true; }
            break;
          }
          case 'q': s = quoteQ(arg ?? ''); break;
          case 'c': s = (arg ?? '').slice(0, 1); break;
          case 'd': case 'i': s = intFmt(BigInt(Math.trunc(await num(arg))), flags, precision, 10); break;
          case 'u': case 'o': case 'x': case 'X': {
            let v = BigInt(Math.trunc(await num(arg)));
            if (v < 0n) v = BigInt.asUintN(64, v);
            s = intFmt(v, flags, precision, conv === 'o' ? 8 : conv === 'u' ? 10 : 16);
            if (conv === 'X') s = s.toUpperCase();
            if (flags.includes('#') && conv !== 'u' && v !== 0n) s = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + s;
            break;
          }
          default: s = floatFmt(await fnum(arg), conv, flags, precision);
        }
        if (width !== undefined && s.length < width) {
          const zero = flags.includes('0') && !left && !'sbqc'.includes(conv) && !(precision !== undefined && 'diouxX'.includes(conv));
          if (left) s = s.padEnd(width);
          else if (zero) {
            const sign = /^[-+ ]/.test(s) ? s[0]! : '';
            const prefix = /^[-+ ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
            const body = s.slice(sign.length + prefix.length);
            s = sign + prefix + body.padStart(width - sign.length - prefix.length, '0');
          } else s = s.padStart(width);
        }
        out += s;
        if (stopAll) break;
      }
      if (stopAll || ai >= rest.length || ai === startAi) break;
    }
  } catch (e) {
    if (e instanceof PrintfError) { await sh.sys.write(1, out); await sh.error(`printf: ${e.message}`); return 1; }
    throw e;
  }
  if (varName !== undefined) { sh.setVar(varName, out); return status; }
  await sh.sys.write(1, out);
  return status;
}

function formatEscape(fmt: string, i: number): { text: string; end: number } {
  const n = fmt[i + 1];
  if (n === undefined) return { text: '\\', end: i + 1 };
  const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", '?': '?' };
  if (simple[n] !== undefined) return { text: simple[n]!, end: i + 2 };
  if (/[0-7]/.test(n)) {
    const m = /^[0-7]{1,3}/.exec(fmt.slice(i + 1))!;
    return { text: String.fromCharCode(parseInt(m[0], 8) & 0xff), end: i + 1 + m[0].length };
  }
  if (n === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(fmt.slice(i + 2));
    if (m) return { text: String.fromCharCode(parseInt(m[0], 16)), end: i + 2 + m[0].length };
  }
  if (n === 'u' || n === 'U') {
    const m = (n === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(fmt.slice(i + 2));
    if (m) return { text: String.fromCodePoint(parseInt(m[0], 16)), end: i + 2 + m[0].length };
  }
  return { text: '\\' + n, end: i + 2 };
}

function intFmt(v: bigint, flags: string, precision: number | undefined, base: number): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString(base);
  if (precision !== undefined) digits = precision === 0 && v === 0n ? '' : digits.padStart(precision, '0');
  const sign = neg ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  return sign + digits;
}

function floatFmt(v: number, conv: string, flags: string, precision: number | undefined): string {
  const p = precision ?? 6;
  const upper = conv === conv.toUpperCase();
  let s: string;
  if (!Number.isFinite(v)) s = Number.isNaN(v) ? 'nan' : v < 0 ? '-inf' : 'inf';
  else {
    const c = conv.toLowerCase();
    if (c === 'f') s = v.toFixed(p);
    else if (c === 'e') s = expFmt(v, p);
    else if (c === 'a') s = v.toString(16);
    else {
      // %g: %e if the exponent is < -4 or >= precision, else %f; trailing zeros removed (unless #).
      const P = p === 0 ? 1 : p;
      const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(v.toExponential(P - 1)))));
      s = exp < -4 || exp >= P ? expFmt(v, P - 1) : v.toFixed(Math.max(0, P - 1 - exp));
      if (!flags.includes('#')) {
        s = s.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
      }
    }
  }
  if (upper) s = s.toUpperCase();
  if (!s.startsWith('-')) s = (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
  return s;
}

function expFmt(v: number, p: number): string {
  const s = v.toExponential(p);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

/** printf %q: backslash-quoting as bash does ('' for the empty string, $'...' for control characters). */
export function quoteQ(s: string): string {
  if (s === '') return "''";
  if (/[\x00-\x1f\x7f]/.test(s)) {
    return "$'" + s.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (c) => {
      const m: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\x1b': '\\E', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\v': '\\v' };
      return m[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`;
    }) + "'";
  }
  return s.replace(/[^A-Za-z0-9_@%+=:,./-]/g, (c) => (c === '~' && s.indexOf(c) > 0 ? c : '\\' + c));
}
