// uniq(1) of coreutils 9.1: merge adjacent matching lines of INPUT (or stdin) to OUTPUT (or stdout).
// -c prefixes counts ("%7d "), -d/-D print repeated lines, -u unique ones; -f/-s/-w choose the compared part.
// Streams: only the current group's first line is kept.
import type { Sys } from '../kernel/sys.ts';
import { O_CREAT, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import { closeInput, getopt, LineReader, openInput, OutBuf, quoteArg, quoteName, sysErrText, UsageError, withUsage } from './lib.ts';

const OPTIONS = {
  flags: 'cdDiuz',
  withArg: 'fsw',
  long: {
    count: { key: 'c' }, repeated: { key: 'd' }, 'all-repeated': { key: 'D', arg: 'optional' },
    group: { key: 'group', arg: 'optional' }, 'ignore-case': { key: 'i' }, unique: { key: 'u' },
    'skip-fields': { key: 'f', arg: true }, 'skip-chars': { key: 's', arg: true }, 'check-chars': { key: 'w', arg: true },
    'zero-terminated': { key: 'z' }, help: { key: 'help' }, version: { key: 'version' },
  },
} as const;

const METHODS = ['none', 'prepend', 'separate'];

class Fatal extends Error {}
function num(v: string, what: string): number {
  if (!/^\d+$/.test(v)) throw new Fatal(`uniq: ${v}: invalid number of ${what}`);
  return Number(v);
}

export default async function uniq(sys: Sys): Promise<number> {
  return withUsage(sys, 'uniq', async () => {
    const o = getopt('uniq', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: uniq [OPTION]... [INPUT [OUTPUT]]\n'); return 0; }
    if (o.has('version')) { await sys.out('uniq (GNU coreutils) 9.1\n'); return 0; }
    if (o.operands.length > 2) throw new UsageError(`uniq: extra operand ${quoteArg(o.operands[2]!)}`);
    let skipFields = 0, skipChars = 0, checkChars = Infinity;
    try {
      skipFields = o.get('f') !== undefined ? num(o.get('f')!, 'fields to skip') : 0;
      skipChars = o.get('s') !== undefined ? num(o.get('s')!, 'bytes to skip') : 0;
      checkChars = o.get('w') !== undefined ? num(o.get('w')!, 'bytes to compare') : Infinity;
    } catch (e) {
      if (e instanceof Fatal) { await sys.err(e.message + '\n'); return 1; }
      throw e;
    }
    const count = o.has('c');
    const allRepeated = o.has('D');
    const dMethod = (o.list.find(([k]) => k === 'D')?.[1]);
    const method = typeof dMethod === 'string' ? dMethod : 'none';
    if (allRepeated && !METHODS.includes(method)) {
      throw new UsageError(`uniq: invalid argument ${quoteArg(method)} for ${quoteArg('--all-repeated')}\nValid arguments are:\n  - ${['none', 'prepend', 'separate'].map(quoteArg).join('\n  - ')}`);
    }
    const group = o.list.find(([k]) => k === 'group');
    const groupMethod = group ? (group[1] === true ? 'separate' : group[1]) : undefined;
    if (groupMethod && !['prepend', 'append', 'separate', 'both'].includes(groupMethod)) {
      throw new UsageError(`uniq: invalid argument ${quoteArg(groupMethod)} for ${quoteArg('--group')}\nValid arguments are:\n  - ${['prepend', 'append', 'separate', 'both'].map(quoteArg).join('\n  - ')}`);
    }
    if (groupMethod && (count || o.has('d') || o.has('u') || allRepeated)) {
      throw new UsageError('uniq: --group is mutually exclusive with -c/-d/-D/-u');
    }
    if (count && allRepeated) {
      throw new UsageError('uniq: printing all duplicated lines and repeat counts is meaningless');
    }
    // uniq.c's output_unique / output_first_repeated: -d drops unique lines, -u drops repeated ones.
    const printUnique = !(o.has('d') || allRepeated);
    const printRepeated = !o.has('u');
    const ignoreCase = o.has('i');
    const sep = o.has('z') ? '\0' : '\n';

    const input = o.operands[0] ?? '-';
    let fd: number;
    try { fd = openInput(sys, input); } catch (e) {
      await sys.err(`uniq: ${quoteName(input)}: ${sysErrText(e)}\n`);
      return 1;
    }
    let outFd = 1;
    if (o.operands[1] !== undefined && o.operands[1] !== '-') {
      try { outFd = sys.open(o.operands[1], O_WRONLY | O_CREAT | O_TRUNC, 0o666); } catch (e) {
        await sys.err(`uniq: ${quoteName(o.operands[1])}: ${sysErrText(e)}\n`);
        return 1;
      }
    }
    const out = new OutBuf(sys, outFd);
    const reader = new LineReader(sys, fd, () => out.flush(), sep);

    /** The compared part of a line: fields and characters skipped, then at most -w characters. */
    const key = (line: string) => {
      let i = 0;
      for (let f = 0; f < skipFields; f++) {
        while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
        while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
      }
      i = Math.min(line.length, i + skipChars);
      let k = checkChars === Infinity ? line.slice(i) : line.slice(i, i + checkChars);
      if (ignoreCase) k = k.replace(/[a-z]/g, (c) => c.toUpperCase());
      return k;
    };

    let status = 0;
    let prev: string | undefined;
    let prevKey = '';
    let n = 0;
    let groups = 0;
    let printedAny = false;
    const flushGroup = async () => {
      if (prev === undefined) return;
      const repeated = n > 1;
      if (groupMethod) return;
      if (allRepeated) return; // -D lines were printed as they came
      if ((repeated && printRepeated) || (!repeated && printUnique)) {
        await out.put((count ? `${String(n).padStart(7)} ` : '') + prev + sep);
      }
    };
    try {
      for (;;) {
        let line = await reader.next();
        if (line === null) break;
        if (line.endsWith(sep)) line = line.slice(0, -1);
        const k = key(line);
        if (prev !== undefined && k === prevKey) {
          n++;
          if (allRepeated) {
            // -D prints every line of a repeated group (with -u: all but the first).
            if (n === 2) {
              if (groups++ > 0 && method === 'separate') await out.put(sep);
              if (method === 'prepend') await out.put(sep);
              if (printRepeated) await out.put(prev + sep);
            }
            await out.put(line + sep);
          } else if (groupMethod) await out.put(line + sep);
          continue;
        }
        await flushGroup();
        if (groupMethod) {
          // One separator between groups; also before the first (prepend, both) and after the last (append, both).
          if (printedAny || groupMethod === 'prepend' || groupMethod === 'both') await out.put(sep);
          await out.put(line + sep);
          printedAny = true;
        }
        prev = line;
        prevKey = k;
        n = 1;
      }
      await flushGroup();
      if (groupMethod && printedAny && (groupMethod === 'append' || groupMethod === 'both')) await out.put(sep);
    } catch (e) {
      await out.flush();
      await sys.err(`uniq: ${quoteName(input)}: ${sysErrText(e)}\n`);
      status = 1;
    }
    await out.flush();
    closeInput(sys, fd);
    if (outFd !== 1) sys.close(outFd);
    return status;
  });
}
