// Diagnostics as gcc 12 prints them: "file:line:col: error: message", the source line with its number, and a
// caret with a ~~~ range; "file: In function ‘f’:" before the first one in each function. Messages are written
// with typographic quotes; in a non-UTF-8 locale they become plain apostrophes, as gcc does.
import { CompileError, type Loc } from './lex.ts';

export type Severity = 'error' | 'warning' | 'note' | 'fatal error';

export interface Diagnostic {
  sev: Severity;
  loc: Loc | undefined;
  msg: string;
  len: number;
  /** -W option shown at the end: [-Wunused-variable]. */
  opt?: string;
  /** Function the diagnostic is in ('' at top level). */
  fn?: string;
  /** Extra lines printed after the caret line (labels, fix-its), already formatted. */
  extra?: string[];
  /** No source line (notes without location snippet). */
  noSource?: boolean;
  /**
   * The diagnostic comes from a macro of a header (va_start from <stdarg.h>): gcc first says where that header was
   * included ("In file included from t.c:1:"), once.
   */
  includedFrom?: string;
}

export class Diags {
  readonly list: Diagnostic[] = [];
  errors = 0;
  warnings = 0;
  /** Source texts by file name, for the quoted lines. */
  readonly sources = new Map<string, string[]>();
  currentFn = '';
  werror = false;

  add(d: Diagnostic) {
    if (d.fn === undefined) d.fn = this.currentFn;
    if (d.sev === 'error' || d.sev === 'fatal error') this.errors++;
    if (d.sev === 'warning') this.warnings++;
    this.list.push(d);
  }
  error(loc: Loc | undefined, msg: string, len = 1, extra?: string[]) { this.add({ sev: 'error', loc, msg, len, extra }); }
  warning(loc: Loc | undefined, msg: string, opt: string, len = 1, extra?: string[]) { this.add({ sev: 'warning', loc, msg, len, opt, extra }); }
  note(loc: Loc | undefined, msg: string, len = 1, extra?: string[], noSource = false) { this.add({ sev: 'note', loc, msg, len, extra, noSource }); }
  fromError(e: CompileError) { this.error(e.loc, e.message, e.len); }

  sourceLine(file: string, line: number): string | undefined { return this.sources.get(file)?.[line - 1]; }

  /** Everything as gcc writes it to stderr. */
  format(utf8: boolean): string {
    let out = '';
    let lastFn: string | undefined = undefined;
    let lastFile = '';
    const includes = new Set<string>();
    for (const d of this.list) {
      const file = d.loc?.file ?? '';
      if (d.includedFrom && !includes.has(d.includedFrom)) {
        includes.add(d.includedFrom);
        out += `In file included from ${d.includedFrom}:\n`;
        lastFn = undefined; // the function line follows again
      }
      if (d.sev !== 'note' && (d.fn !== lastFn || file !== lastFile) && d.loc) {
        if (d.fn) out += `${file}: In function ‘${d.fn}’:\n`;
        else if (lastFn) out += `${file}: At top level:\n`;
        lastFn = d.fn; lastFile = file;
      }
      const where = d.loc ? `${d.loc.file}:${d.loc.line}:${d.loc.col}: ` : 'cc1: ';
      out += `${where}${d.sev}: ${d.msg}${d.opt ? ` [${d.opt}]` : ''}\n`;
      if (d.loc && !d.noSource) {
        const src = this.sourceLine(d.loc.file, d.loc.line);
        if (src !== undefined) {
          out += `${String(d.loc.line).padStart(5)} | ${expandTabs(src)}\n`;
          const rs = (d as { rangeStart?: number }).rangeStart;
          if (!(d as { customCaret?: boolean }).customCaret) {
            if (rs !== undefined && rs < d.loc.col) out += `      | ${' '.repeat(rs - 1)}${'~'.repeat(d.loc.col - rs)}^${'~'.repeat(Math.max(0, d.len - 1))}\n`;
            else out += `      | ${' '.repeat(Math.max(0, d.loc.col - 1))}^${'~'.repeat(Math.max(0, d.len - 1))}\n`;
          }
        }
      }
      for (const x of d.extra ?? []) out += x + '\n';
    }
    return utf8 ? out : out.replace(/[‘’]/g, "'");
  }
}

export function expandTabs(s: string): string {
  let out = '';
  for (const c of s) {
    if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
    else if (c !== '\r') out += c;
  }
  return out.replace(/\s+$/, '');
}

export type { Loc };
