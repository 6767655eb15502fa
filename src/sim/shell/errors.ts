// Control-flow signals of the interpreter, thrown through the JS stack the way bash longjmps.

/** break N / continue N. */
export class LoopControl extends Error {
  readonly kind: 'break' | 'continue';
  levels: number;
  constructor(kind: 'break' | 'continue', levels: number) { super(kind); this.kind = kind; this.levels = levels; }
}
/** return [N] from a function or sourced file. */
export class ReturnSignal extends Error {
  readonly status: number;
  constructor(status: number) { super('return'); this.status = status; }
}
/** exit [N], set -e, fatal errors: the shell (or subshell) ends. */
export class ExitSignal extends Error {
  readonly status: number;
  constructor(status: number) { super('exit'); this.status = status; }
}
/**
 * Abandons the current complete command and goes back to the top level (bash's throw_to_top_level):
 * expansion errors, readonly assignments, and Ctrl-C in an interactive shell.
 */
export class AbortLine extends Error {
  readonly status: number;
  readonly sigint: boolean;
  constructor(status: number, sigint = false) { super('abort'); this.status = status; this.sigint = sigint; }
}
