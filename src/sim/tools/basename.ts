// basename(1) of coreutils 9.1: the last component of each NAME, optionally without SUFFIX
// ("basename NAME [SUFFIX]", or -a / -s SUFFIX for several names).
import type { Sys } from '../kernel/sys.ts';
import { getopt, quoteArg, UsageError, withUsage } from './lib.ts';

const OPTIONS = {
  flags: 'az',
  withArg: 's',
  long: { multiple: { key: 'a' }, suffix: { key: 's', arg: true }, zero: { key: 'z' }, help: { key: 'help' }, version: { key: 'version' } },
} as const;

/** gnulib's base_name + strip_trailing_slashes: "a/b/" → "b", "/" and "//" → "/". */
export function baseName(path: string): string {
  if (path === '') return '';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function removeSuffix(name: string, suffix: string): string {
  // Only a proper suffix of a relative result is removed ("basename .txt .txt" stays ".txt").
  if (!suffix || name.startsWith('/') || name.length <= suffix.length || !name.endsWith(suffix)) return name;
  return name.slice(0, -suffix.length);
}

export default async function basename(sys: Sys): Promise<number> {
  return withUsage(sys, 'basename', async () => {
    const o = getopt('basename', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: basename NAME [SUFFIX]\n  or:  basename OPTION... NAME...\n'); return 0; }
    if (o.has('version')) { await sys.out('basename (GNU coreutils) 9.1\n'); return 0; }
    const ops = o.operands;
    if (!ops.length) throw new UsageError('basename: missing operand');
    const suffixOpt = o.get('s');
    const multiple = o.has('a') || suffixOpt !== undefined;
    let names = ops;
    let suffix = suffixOpt ?? '';
    if (!multiple) {
      if (ops.length > 2) throw new UsageError(`basename: extra operand ${quoteArg(ops[2]!)}`);
      names = [ops[0]!];
      suffix = ops[1] ?? '';
    }
    const end = o.has('z') ? '\0' : '\n';
    await sys.out(names.map((n) => removeSuffix(baseName(n), suffix) + end).join(''));
    return 0;
  });
}
