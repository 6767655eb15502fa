// The builtin table: name → implementation. Each builtin gets the shell and its argv and returns a status.
import type { Shell } from '../exec.ts';
import { cd, pwd } from './cd.ts';
import { echo, printf } from './echo.ts';
import { declare, exportBuiltin, getopts, letBuiltin, local, readonlyBuiltin, set, shift, unset } from './vars.ts';
import { bg, disown, fg, jobsBuiltin, kill, wait } from './jobs.ts';
import { read } from './read.ts';
import { testBuiltin } from './test.ts';
import { ulimit } from './ulimit.ts';
import {
  alias, breakBuiltin, builtin, command, continueBuiltin, evalBuiltin, exit, falseBuiltin, hash, help, history,
  logout, returnBuiltin, shopt, source, times, trap, trueBuiltin, type, umask, unalias,
} from './misc.ts';

export type Builtin = (sh: Shell, argv: string[]) => Promise<number>;

export const BUILTINS: Record<string, Builtin> = {
  ':': trueBuiltin, true: trueBuiltin, false: falseBuiltin,
  cd, pwd, echo, printf,
  export: exportBuiltin, readonly: readonlyBuiltin, unset, local, declare, typeset: declare, set, shift, let: letBuiltin,
  getopts, read, test: testBuiltin, '[': testBuiltin,
  jobs: jobsBuiltin, wait, kill, fg, bg, disown,
  exit, return: returnBuiltin, break: breakBuiltin, continue: continueBuiltin, eval: evalBuiltin,
  source, '.': source, history, help, type, command, builtin, umask, ulimit, alias, unalias, hash, times, trap, shopt, logout,
  exec: async () => 0, // handled by the interpreter (it needs the command's redirections)
};

/** POSIX special builtins: in dash, their prefix assignments persist. */
export const SPECIAL_BUILTINS = new Set([':', '.', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly',
  'return', 'set', 'shift', 'times', 'trap', 'unset']);
