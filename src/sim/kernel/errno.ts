// Linux errno numbers and their glibc strerror() texts (the ones the simulator returns).
export const ERRNO = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, ENXIO: 6, E2BIG: 7, ENOEXEC: 8, EBADF: 9, ECHILD: 10,
  EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENODEV: 19, ENOTDIR: 20,
  EISDIR: 21, EINVAL: 22, ENFILE: 23, EMFILE: 24, ENOTTY: 25, ETXTBSY: 26, EFBIG: 27, ENOSPC: 28, ESPIPE: 29,
  EROFS: 30, EMLINK: 31, EPIPE: 32, ERANGE: 34, ENAMETOOLONG: 36, ENOSYS: 38, ENOTEMPTY: 39, ELOOP: 40,
} as const;
export type ErrnoName = keyof typeof ERRNO;

const MESSAGES: Record<ErrnoName, string> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EINTR: 'Interrupted system call', EIO: 'Input/output error', ENXIO: 'No such device or address',
  E2BIG: 'Argument list too long', ENOEXEC: 'Exec format error', EBADF: 'Bad file descriptor',
  ECHILD: 'No child processes', EAGAIN: 'Resource temporarily unavailable', ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied', EFAULT: 'Bad address', EBUSY: 'Device or resource busy', EEXIST: 'File exists',
  EXDEV: 'Invalid cross-device link', ENODEV: 'No such device', ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory', EINVAL: 'Invalid argument', ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files', ENOTTY: 'Inappropriate ioctl for device', ETXTBSY: 'Text file busy',
  EFBIG: 'File too large', ENOSPC: 'No space left on device', ESPIPE: 'Illegal seek',
  EROFS: 'Read-only file system', EMLINK: 'Too many links', EPIPE: 'Broken pipe',
  ERANGE: 'Numerical result out of range', ENAMETOOLONG: 'File name too long',
  ENOSYS: 'Function not implemented', ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
};

/** A failed system call: carries the errno name, like a -1 return with errno set. */
export class SysError extends Error {
  readonly code: ErrnoName;
  constructor(code: ErrnoName, detail?: string) {
    // A SysError is a return value (ENOENT from every stat of make's implicit-rule search), not a bug: capturing
    // the deep stack of the simulated call chain for each one cost ~10 ms per `make`.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail ? `${detail}: ${MESSAGES[code]}` : MESSAGES[code]);
    Error.stackTraceLimit = limit;
    this.code = code;
  }
  get errno(): number { return ERRNO[this.code]; }
}

export function strerror(code: ErrnoName | number): string {
  if (typeof code === 'number') {
    const name = (Object.keys(ERRNO) as ErrnoName[]).find((k) => ERRNO[k] === code);
    return name ? MESSAGES[name] : `Unknown error ${code}`;
  }
  return MESSAGES[code];
}

export function errnoName(n: number): ErrnoName | undefined {
  return (Object.keys(ERRNO) as ErrnoName[]).find((k) => ERRNO[k] === n);
}
