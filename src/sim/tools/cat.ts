// cat(1): concatenate files (or stdin) to stdout; -n numbers lines, -A/-E show line ends.
import type { Sys } from '../kernel/sys.ts';
import { errMsg, getopt, quoteName, withUsage } from './lib.ts';

const OPTIONS = {
  flags: 'nbEsAuvT',
  long: { number: { key: 'n' }, 'number-nonblank': { key: 'b' }, 'show-ends': { key: 'E' }, 'squeeze-blank': { key: 's' }, 'show-all': { key: 'A' } },
};

export default async function cat(sys: Sys): Promise<number> {
  return withUsage(sys, 'cat', async () => {
    const o = getopt('cat', sys.argv.slice(1), OPTIONS);
    const number = o.has('n') || o.has('b');
    const ends = o.has('E') || o.has('A');
    const plain = !number && !ends && !o.has('s');
    let status = 0;
    let lineNo = 0;
    let atLineStart = true;
    let lastBlank = false;
    const emit = async (chunk: Uint8Array) => {
      if (plain) { await sys.write(1, chunk); return; }
      let out = '';
      for (const ch of new TextDecoder().decode(chunk, { stream: true })) {
        if (atLineStart) {
          const blank = ch === '\n';
          if (o.has('s') && blank && lastBlank) continue;
          lastBlank = blank;
          if (number && !(o.has('b') && blank)) out += `${String(++lineNo).padStart(6)}\t`;
        }
        if (ch === '\n') { out += ends ? '$\n' : '\n'; atLineStart = true; } else { out += ch; atLineStart = false; }
      }
      await sys.out(out);
    };
    for (const name of o.operands.length ? o.operands : ['-']) {
      let fd = 0;
      try {
        if (name !== '-') {
          fd = sys.open(name);
          if ((sys.fstat(fd).mode & 0o170000) === 0o040000) {
            sys.close(fd);
            await sys.err(`cat: ${quoteName(name)}: Is a directory\n`);
            status = 1;
            continue;
          }
        }
        for (;;) {
          const chunk = await sys.read(fd, 131072);
          if (!chunk.length) break;
          await emit(chunk);
        }
      } catch (e) {
        await sys.err(errMsg('cat', name, e));
        status = 1;
      } finally {
        if (fd !== 0) try { sys.close(fd); } catch { /* already closed */ }
      }
    }
    return status;
  });
}
