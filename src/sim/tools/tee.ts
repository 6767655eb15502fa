// tee(1) of coreutils 9.1: copy stdin to stdout and to each FILE (-a appends). A file that cannot be opened
// or written is reported and dropped; the rest go on, and the exit status is 1.
import type { Sys } from '../kernel/sys.ts';
import { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } from '../kernel/files.ts';
import { getopt, quoteName, sysErrText, withUsage } from './lib.ts';

const OPTIONS = {
  flags: 'aip',
  long: {
    append: { key: 'a' }, 'ignore-interrupts': { key: 'i' }, 'output-error': { key: 'p', arg: 'optional' },
    help: { key: 'help' }, version: { key: 'version' },
  },
} as const;

export default async function tee(sys: Sys): Promise<number> {
  return withUsage(sys, 'tee', async () => {
    const o = getopt('tee', sys.argv.slice(1), OPTIONS);
    if (o.has('help')) { await sys.out('Usage: tee [OPTION]... [FILE]...\nCopy standard input to each FILE, and also to standard output.\n'); return 0; }
    if (o.has('version')) { await sys.out('tee (GNU coreutils) 9.1\n'); return 0; }
    // -i: SIGINT is ignored, so a Ctrl-C meant for the producer leaves tee to finish the copy.
    if (o.has('i')) sys.sigaction(2, 'ignore');
    let status = 0;
    const outs: { fd: number; name: string }[] = [{ fd: 1, name: 'standard output' }];
    const flags = O_WRONLY | O_CREAT | (o.has('a') ? O_APPEND : O_TRUNC);
    for (const name of o.operands) {
      try { outs.push({ fd: sys.open(name, flags, 0o666), name }); } catch (e) {
        await sys.err(`tee: ${quoteName(name)}: ${sysErrText(e)}\n`);
        status = 1;
      }
    }
    for (;;) {
      const chunk = await sys.read(0, 65536);
      if (!chunk.length) break;
      for (let i = 0; i < outs.length; i++) {
        const out = outs[i]!;
        try { await sys.write(out.fd, chunk); } catch (e) {
          await sys.err(`tee: ${out.fd === 1 ? out.name : quoteName(out.name)}: ${sysErrText(e)}\n`);
          status = 1;
          outs.splice(i--, 1);
        }
      }
    }
    for (const out of outs) if (out.fd !== 1) try { sys.close(out.fd); } catch { /* gone */ }
    return status;
  });
}
