// Character devices under /dev: null, zero, full, random/urandom (seeded: the machine stays deterministic),
// and /dev/tty (the caller's controlling terminal).
import type { CharDevice } from './inode.ts';
import { SysError } from '../kernel/errno.ts';
import type { Random } from '../kernel/random.ts';
import type { Process } from '../kernel/process.ts';
import type { Tty } from '../kernel/tty.ts';

export function nullDevice(): CharDevice {
  return { major: 1, minor: 3, read: () => new Uint8Array(0), write: (d) => d.length };
}
export function zeroDevice(): CharDevice {
  return { major: 1, minor: 5, read: (n) => new Uint8Array(Math.min(n, 1 << 20)), write: (d) => d.length };
}
export function fullDevice(): CharDevice {
  return { major: 1, minor: 7, read: (n) => new Uint8Array(Math.min(n, 1 << 20)), write: () => { throw new SysError('ENOSPC'); } };
}
export function randomDevice(rng: Random, minor: 8 | 9): CharDevice {
  return { major: 1, minor, read: (n) => rng.bytes(Math.min(n, 1 << 20)), write: (d) => d.length };
}
/** /dev/tty: forwards to the calling process's controlling terminal (ENXIO without one). */
export function controllingTty(): CharDevice {
  const tty = (proc?: Process): Tty => {
    if (!proc?.tty) throw new SysError('ENXIO');
    return proc.tty;
  };
  return {
    major: 5, minor: 0, isTty: true,
    read: (n, proc) => tty(proc).read(n, proc),
    write: (d, proc) => tty(proc).write(d),
  };
}
