// Signal numbers (x86-64 Linux) and the texts bash prints for a job killed by one (strsignal()).
export const SIG = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18,
  SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGWINCH: 28,
} as const;
export type SignalName = keyof typeof SIG;

const DESCRIPTIONS: Record<number, string> = {
  1: 'Hangup', 2: 'Interrupt', 3: 'Quit', 4: 'Illegal instruction', 5: 'Trace/breakpoint trap', 6: 'Aborted',
  7: 'Bus error', 8: 'Floating point exception', 9: 'Killed', 10: 'User defined signal 1',
  11: 'Segmentation fault', 12: 'User defined signal 2', 13: 'Broken pipe', 14: 'Alarm clock', 15: 'Terminated',
  17: 'Child exited', 18: 'Continued', 19: 'Stopped (signal)', 20: 'Stopped', 21: 'Stopped (tty input)',
  22: 'Stopped (tty output)', 28: 'Window changed',
};

/** Signals whose default action dumps core (signal(7)): bash appends " (core dumped)". */
const CORE = new Set([3, 4, 5, 6, 7, 8, 11]);
/** Signals whose default action is to ignore. */
const IGNORED_BY_DEFAULT = new Set([17, 18, 28]);

export function signalDescription(sig: number): string { return DESCRIPTIONS[sig] ?? `Unknown signal ${sig}`; }
export function dumpsCore(sig: number): boolean { return CORE.has(sig); }
export function ignoredByDefault(sig: number): boolean { return IGNORED_BY_DEFAULT.has(sig); }

export function signalNumber(nameOrNumber: string): number | undefined {
  if (/^\d+$/.test(nameOrNumber)) {
    const n = Number(nameOrNumber);
    return n >= 0 && n < 65 ? n : undefined;
  }
  const up = nameOrNumber.toUpperCase();
  const key = (up.startsWith('SIG') ? up : `SIG${up}`) as SignalName;
  return SIG[key];
}

export function signalName(sig: number): string | undefined {
  return (Object.keys(SIG) as SignalName[]).find((k) => SIG[k] === sig);
}

// wait(2) status words, as <sys/wait.h> encodes them.
export const exitedStatus = (code: number) => (code & 0xff) << 8;
export const WIFEXITED = (s: number) => (s & 0x7f) === 0;
export const WEXITSTATUS = (s: number) => (s >> 8) & 0xff;
export const WIFSIGNALED = (s: number) => (s & 0x7f) !== 0 && (s & 0x7f) !== 0x7f;
export const WTERMSIG = (s: number) => s & 0x7f;
export const WCOREDUMP = (s: number) => (s & 0x80) !== 0;
/** The shell's $? for a wait status: the exit code, or 128 + signal. */
export const shellStatus = (s: number) => (WIFSIGNALED(s) ? 128 + WTERMSIG(s) : WEXITSTATUS(s));
