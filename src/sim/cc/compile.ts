// One translation unit from source to object: preprocess, parse and check, generate. Never throws for bad
// input: every failure is a diagnostic.
import { Diags } from './diag.ts';
import { CompileError } from './lex.ts';
import { Preprocessor } from './pp.ts';
import { Parser } from './parse.ts';
import { generate, type CObject, type StackProtector } from './codegen.ts';
import { foldBuiltins } from './builtins.ts';

export interface CompileOptions {
  readFile(path: string): string | undefined;
  includeDirs: string[];
  defines: [string, string][];
  wall: boolean;
  wextra: boolean;
  werror?: boolean;
  /** -fstack-protector*: the toolchain's default unless given (Ubuntu's gcc: strong; Debian's: none). */
  stackProtector?: StackProtector;
}

export interface CompileResult { obj?: CObject; diags: Diags; }

export const SYSTEM_INCLUDE = '/usr/include';

export function compileUnit(file: string, text: string, opts: CompileOptions): CompileResult {
  const diags = new Diags();
  try {
    const pp = new Preprocessor({ readFile: opts.readFile, includeDirs: opts.includeDirs, systemDirs: [SYSTEM_INCLUDE, `${SYSTEM_INCLUDE}/x86_64-linux-gnu`], defines: opts.defines }, diags);
    const toks = pp.run(file, text);
    const lines = text.split('\n');
    let lastInclude = 0;
    lines.forEach((l, i) => { if (/^\s*#\s*include\b/.test(l)) lastInclude = i + 1; });
    const parser = new Parser(toks, diags, file, { wall: opts.wall, wextra: opts.wextra, lastIncludeLine: lastInclude });
    let unit;
    try {
      unit = parser.parseUnit();
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      diags.fromError(e);
    }
    for (const l of parser.late) l();
    if (!unit || diags.errors) return { diags };
    if (opts.werror && diags.warnings) return { diags };
    foldBuiltins(unit);
    return { obj: generate(unit, { stackProtector: opts.stackProtector }), diags };
  } catch (e) {
    if (e instanceof CompileError) {
      const fatal = (e as CompileError & { fatal?: boolean }).fatal;
      diags.add({ sev: fatal ? 'fatal error' : 'error', loc: e.loc, msg: e.message, len: e.len });
      if (fatal) diags.list[diags.list.length - 1]!.extra = ['compilation terminated.'];
      return { diags };
    }
    if (e instanceof RangeError) { // pathological nesting: the parser's recursion ran out
      diags.add({ sev: 'fatal error', loc: undefined, msg: 'program too complex for this simulator (nesting too deep)', len: 1 });
      return { diags };
    }
    throw e;
  }
}
