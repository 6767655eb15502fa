// /bin/bash: the interpreter in bash mode (bash 5.2's messages; 4.4 on the Ubuntu 18.04 profile).
import type { Sys } from '../kernel/sys.ts';
import { shellMain } from './main.ts';

export default function bash(sys: Sys): Promise<number> {
  return shellMain(sys, false);
}
