// which(1) of Debian's debianutils (a shell script there): the first executable regular file named by each
// argument along $PATH (every one with -a). Exit 1 if any is missing or no argument was given.
import type { Sys } from '../kernel/sys.ts';

export default async function which(sys: Sys): Promise<number> {
  const args = sys.argv.slice(1);
  let all = false;
  let i = 0;
  // getopts "a": clustered flags, "--" ends them, anything else is an error.
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    for (const c of a.slice(1)) {
      if (c === 'a') all = true;
      else {
        await sys.err(`Illegal option -${c}\n`);
        // $0 of the script is the path the kernel ran, whatever name was typed.
        await sys.out(`Usage: ${sys.proc.exe} [-a] args\n`);
        return 2;
      }
    }
  }
  const names = args.slice(i);
  let status = names.length ? 0 : 1;
  let path = sys.getenv('PATH') ?? '';
  if (/[^:]:$/.test(path)) path += ':';
  const isExec = (p: string) => {
    try {
      if ((sys.stat(p).mode & 0o170000) !== 0o100000) return false;
      sys.access(p, 1);
      return true;
    } catch { return false; }
  };
  for (const name of names) {
    let found = false;
    if (name.includes('/')) {
      if (isExec(name)) { await sys.out(name + '\n'); found = true; }
    } else {
      for (const dir of path.split(':')) {
        const p = `${dir || '.'}/${name}`;
        if (isExec(p)) {
          await sys.out(p + '\n');
          found = true;
          if (!all) break;
        }
      }
    }
    if (!found) status = 1;
  }
  return status;
}
