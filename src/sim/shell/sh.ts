// /bin/dash (and /bin/sh): the same interpreter with dash's messages ("sh: 1: foo: not found"), its echo
// (escapes always on), its prompt "$ " and without bash-only builtins.
import type { Sys } from '../kernel/sys.ts';
import { shellMain } from './main.ts';

export default function sh(sys: Sys): Promise<number> {
  return shellMain(sys, true);
}
