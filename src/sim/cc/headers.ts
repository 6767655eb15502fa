// The system headers installed under /usr/include: real, reduced C declaration files for the functions and
// types the C library model provides.
const T = `typedef unsigned long size_t;
typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef long time_t;
`;
const guard = (name: string, body: string) => `#ifndef _${name}\n#define _${name} 1\n${body}\n#endif\n`;
/** The va_list type, which <stdio.h> also declares (for vprintf's prototype) without va_start and the others. */
const VA_LIST = `#ifndef __GNUC_VA_LIST\n#define __GNUC_VA_LIST
typedef struct __va_list_tag { unsigned int gp_offset; unsigned int fp_offset; void *overflow_arg_area; void *reg_save_area; } __builtin_va_list[1];
typedef __builtin_va_list __gnuc_va_list;\n#endif\n`;

export const HEADERS: Record<string, string> = {
  'sys/types.h': guard('SYS_TYPES_H', T),
  'stddef.h': guard('STDDEF_H', `typedef unsigned long size_t;\ntypedef long ptrdiff_t;\ntypedef int wchar_t;\n#define NULL ((void *)0)\n#define offsetof(t, m) ((size_t)&((t *)0)->m)\n`),
  'stdbool.h': guard('STDBOOL_H', `#define bool _Bool\n#define true 1\n#define false 0\n#define __bool_true_false_are_defined 1\n`),
  'stdint.h': guard('STDINT_H', `typedef signed char int8_t;\ntypedef short int16_t;\ntypedef int int32_t;\ntypedef long int64_t;
typedef unsigned char uint8_t;\ntypedef unsigned short uint16_t;\ntypedef unsigned int uint32_t;\ntypedef unsigned long uint64_t;
typedef long intptr_t;\ntypedef unsigned long uintptr_t;\ntypedef long intmax_t;\ntypedef unsigned long uintmax_t;
#define INT8_MAX 127\n#define INT16_MAX 32767\n#define INT32_MAX 2147483647\n#define INT64_MAX 9223372036854775807L
#define INT32_MIN (-2147483647-1)\n#define UINT8_MAX 255\n#define UINT16_MAX 65535\n#define UINT32_MAX 4294967295U\n#define UINT64_MAX 18446744073709551615UL
#define SIZE_MAX 18446744073709551615UL\n`),
  'limits.h': guard('LIMITS_H', `#define CHAR_BIT 8\n#define SCHAR_MIN (-128)\n#define SCHAR_MAX 127\n#define UCHAR_MAX 255\n#define CHAR_MIN SCHAR_MIN\n#define CHAR_MAX SCHAR_MAX
#define SHRT_MIN (-32768)\n#define SHRT_MAX 32767\n#define USHRT_MAX 65535\n#define INT_MIN (-INT_MAX - 1)\n#define INT_MAX 2147483647\n#define UINT_MAX 4294967295U
#define LONG_MAX 9223372036854775807L\n#define LONG_MIN (-LONG_MAX - 1L)\n#define ULONG_MAX 18446744073709551615UL\n#define LLONG_MAX 9223372036854775807LL\n#define LLONG_MIN (-LLONG_MAX - 1LL)\n#define ULLONG_MAX 18446744073709551615ULL\n#define PATH_MAX 4096\n`),
  'stdio.h': guard('STDIO_H', `#include <stddef.h>\ntypedef long off_t;\ntypedef long ssize_t;\ntypedef struct _IO_FILE FILE;
extern FILE *stdin;\nextern FILE *stdout;\nextern FILE *stderr;
#define EOF (-1)\n#define BUFSIZ 8192\n#define SEEK_SET 0\n#define SEEK_CUR 1\n#define SEEK_END 2\n#define _IOFBF 0\n#define _IOLBF 1\n#define _IONBF 2
int printf(const char *format, ...);\nint fprintf(FILE *stream, const char *format, ...);\nint dprintf(int fd, const char *format, ...);
int sprintf(char *str, const char *format, ...);\nint snprintf(char *str, size_t size, const char *format, ...);
${VA_LIST}#ifndef _VA_LIST_DEFINED\n#define _VA_LIST_DEFINED\ntypedef __gnuc_va_list va_list;\n#endif
int vprintf(const char *format, __gnuc_va_list ap);\nint vfprintf(FILE *stream, const char *format, __gnuc_va_list ap);
int vdprintf(int fd, const char *format, __gnuc_va_list ap);\nint vsprintf(char *str, const char *format, __gnuc_va_list ap);
int vsnprintf(char *str, size_t size, const char *format, __gnuc_va_list ap);
int puts(const char *s);\nint fputs(const char *s, FILE *stream);\nint putchar(int c);\nint fputc(int c, FILE *stream);\nint putc(int c, FILE *stream);
size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream);\nsize_t fread(void *ptr, size_t size, size_t nmemb, FILE *stream);
char *fgets(char *s, int size, FILE *stream);\nint getchar(void);\nint getc(FILE *stream);\nint fgetc(FILE *stream);\nint ungetc(int c, FILE *stream);
int fflush(FILE *stream);\nint setvbuf(FILE *stream, char *buf, int mode, size_t size);\nvoid setbuf(FILE *stream, char *buf);
int feof(FILE *stream);\nint ferror(FILE *stream);\nvoid clearerr(FILE *stream);\nint fileno(FILE *stream);
FILE *fopen(const char *pathname, const char *mode);\nint fclose(FILE *stream);\nint fseek(FILE *stream, long offset, int whence);\nlong ftell(FILE *stream);\nvoid rewind(FILE *stream);
void perror(const char *s);\nint scanf(const char *format, ...);\nint fscanf(FILE *stream, const char *format, ...);\nint sscanf(const char *str, const char *format, ...);
int remove(const char *pathname);\nint rename(const char *oldpath, const char *newpath);\n`),
  'stdlib.h': guard('STDLIB_H', `#include <stddef.h>\n#define EXIT_SUCCESS 0\n#define EXIT_FAILURE 1\n#define RAND_MAX 2147483647
void *malloc(size_t size);\nvoid free(void *ptr);\nvoid *calloc(size_t nmemb, size_t size);\nvoid *realloc(void *ptr, size_t size);
void *reallocarray(void *ptr, size_t nmemb, size_t size);\nint posix_memalign(void **memptr, size_t alignment, size_t size);\nvoid *aligned_alloc(size_t alignment, size_t size);
void exit(int status);\nvoid _Exit(int status);\nvoid abort(void);\nint atexit(void (*function)(void));
int atoi(const char *nptr);\nlong atol(const char *nptr);\nlong strtol(const char *nptr, char **endptr, int base);\nunsigned long strtoul(const char *nptr, char **endptr, int base);
long long strtoll(const char *nptr, char **endptr, int base);\ndouble atof(const char *nptr);\ndouble strtod(const char *nptr, char **endptr);
int rand(void);\nvoid srand(unsigned int seed);\nint abs(int j);\nlong labs(long j);\nchar *getenv(const char *name);\nint system(const char *command);\n`),
  'malloc.h': guard('MALLOC_H', `#include <stdlib.h>\n#define M_TRIM_THRESHOLD (-1)\n#define M_TOP_PAD (-2)\n#define M_MMAP_THRESHOLD (-3)\n#define M_MMAP_MAX (-4)
int mallopt(int param, int value);\nsize_t malloc_usable_size(void *ptr);\nvoid malloc_stats(void);\nint malloc_trim(size_t pad);\nvoid *memalign(size_t alignment, size_t size);\nvoid *valloc(size_t size);\n`),
  'string.h': guard('STRING_H', `#include <stddef.h>
size_t strlen(const char *s);\nsize_t strnlen(const char *s, size_t maxlen);\nchar *strcpy(char *dest, const char *src);\nchar *strncpy(char *dest, const char *src, size_t n);
char *strcat(char *dest, const char *src);\nchar *strncat(char *dest, const char *src, size_t n);\nint strcmp(const char *s1, const char *s2);\nint strncmp(const char *s1, const char *s2, size_t n);
char *strchr(const char *s, int c);\nchar *strrchr(const char *s, int c);\nchar *strstr(const char *haystack, const char *needle);\nchar *strdup(const char *s);\nchar *strndup(const char *s, size_t n);
void *memcpy(void *dest, const void *src, size_t n);\nvoid *memmove(void *dest, const void *src, size_t n);\nvoid *memset(void *s, int c, size_t n);\nint memcmp(const void *s1, const void *s2, size_t n);
void *memchr(const void *s, int c, size_t n);\nchar *strerror(int errnum);\n`),
  'unistd.h': guard('UNISTD_H', `${T}#define STDIN_FILENO 0\n#define STDOUT_FILENO 1\n#define STDERR_FILENO 2\n#define _SC_PAGESIZE 30\n#define _SC_PAGE_SIZE 30
ssize_t read(int fd, void *buf, size_t count);\nssize_t write(int fd, const void *buf, size_t count);\nint close(int fd);\noff_t lseek(int fd, off_t offset, int whence);
unsigned int sleep(unsigned int seconds);\nint usleep(unsigned int usec);\npid_t getpid(void);\npid_t getppid(void);\nlong sysconf(int name);\nint ftruncate(int fd, off_t length);
int pause(void);\nvoid _exit(int status);\nvoid *sbrk(long increment);\nint brk(void *addr);\nint unlink(const char *pathname);\nint getpagesize(void);\nint dup(int oldfd);\nint dup2(int oldfd, int newfd);\nuid_t getuid(void);\n`),
  'fcntl.h': guard('FCNTL_H', `#include <sys/types.h>\n#define O_RDONLY 00\n#define O_WRONLY 01\n#define O_RDWR 02\n#define O_CREAT 0100\n#define O_EXCL 0200\n#define O_TRUNC 01000\n#define O_APPEND 02000\n#define O_CLOEXEC 02000000
int open(const char *pathname, int flags, ...);\nint creat(const char *pathname, mode_t mode);\n`),
  'errno.h': guard('ERRNO_H', `extern int *__errno_location(void);\n#define errno (*__errno_location ())\n#define EPERM 1\n#define ENOENT 2\n#define EINTR 4\n#define EIO 5\n#define EBADF 9\n#define EAGAIN 11\n#define ENOMEM 12\n#define EACCES 13\n#define EFAULT 14\n#define EEXIST 17\n#define EINVAL 22\n#define ENOSPC 28\n#define ERANGE 34\n`),
  'assert.h': `#undef assert\n#ifdef NDEBUG\n#define assert(e) ((void)0)\n#else\nvoid __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function);\n#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))\n#endif\n`,
  'time.h': guard('TIME_H', `#include <stddef.h>\ntypedef long time_t;\ntypedef long clock_t;\ntypedef int clockid_t;\nstruct timespec { time_t tv_sec; long tv_nsec; };
struct tm { int tm_sec; int tm_min; int tm_hour; int tm_mday; int tm_mon; int tm_year; int tm_wday; int tm_yday; int tm_isdst; long tm_gmtoff; const char *tm_zone; };
struct tm *localtime(const time_t *timep);\nstruct tm *gmtime(const time_t *timep);\nsize_t strftime(char *s, size_t max, const char *format, const struct tm *tm);\n#define CLOCK_REALTIME 0\n#define CLOCK_MONOTONIC 1\n#define CLOCKS_PER_SEC 1000000L\ntime_t time(time_t *tloc);\nclock_t clock(void);\nint clock_gettime(clockid_t clockid, struct timespec *tp);\nint nanosleep(const struct timespec *req, struct timespec *rem);\n`),
  'sys/mman.h': guard('SYS_MMAN_H', `#include <sys/types.h>\n#define PROT_NONE 0\n#define PROT_READ 1\n#define PROT_WRITE 2\n#define PROT_EXEC 4\n#define MAP_SHARED 1\n#define MAP_PRIVATE 2\n#define MAP_FIXED 16\n#define MAP_ANONYMOUS 32\n#define MAP_ANON MAP_ANONYMOUS\n#define MAP_FAILED ((void *)-1)
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);\nint munmap(void *addr, size_t length);\nint mprotect(void *addr, size_t len, int prot);\nint madvise(void *addr, size_t length, int advice);\n`),
  'sys/stat.h': guard('SYS_STAT_H', `#include <sys/types.h>\nstruct stat { unsigned long st_dev; unsigned long st_ino; unsigned long st_nlink; unsigned int st_mode; unsigned int st_uid; unsigned int st_gid; int __pad0; unsigned long st_rdev; long st_size; long st_blksize; long st_blocks; long st_atime; long st_atime_nsec; long st_mtime; long st_mtime_nsec; long st_ctime; long st_ctime_nsec; long __unused[3]; };
int stat(const char *pathname, struct stat *statbuf);\nint fstat(int fd, struct stat *statbuf);\nint mkdir(const char *pathname, mode_t mode);\nint chmod(const char *pathname, mode_t mode);\n`),
  'signal.h': guard('SIGNAL_H', `typedef void (*sighandler_t)(int);\n#define SIGINT 2\n#define SIGKILL 9\n#define SIGSEGV 11\n#define SIGTERM 15\n#define SIG_DFL ((sighandler_t)0)\n#define SIG_IGN ((sighandler_t)1)\nsighandler_t signal(int signum, sighandler_t handler);\nint kill(int pid, int sig);\nint raise(int sig);\n`),
  'math.h': guard('MATH_H', `double sqrt(double x);\ndouble pow(double x, double y);\ndouble fabs(double x);\ndouble floor(double x);\ndouble ceil(double x);\ndouble sin(double x);\ndouble cos(double x);\ndouble exp(double x);\ndouble log(double x);\n#define M_PI 3.14159265358979323846\n`),
  'sys/resource.h': guard('SYS_RESOURCE_H', `typedef unsigned long rlim_t;\nstruct rlimit { rlim_t rlim_cur; rlim_t rlim_max; };
#define RLIMIT_CPU 0\n#define RLIMIT_FSIZE 1\n#define RLIMIT_DATA 2\n#define RLIMIT_STACK 3\n#define RLIMIT_CORE 4\n#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6\n#define RLIMIT_NOFILE 7\n#define RLIMIT_MEMLOCK 8\n#define RLIMIT_AS 9\n#define RLIMIT_LOCKS 10
#define RLIMIT_SIGPENDING 11\n#define RLIMIT_MSGQUEUE 12\n#define RLIMIT_NICE 13\n#define RLIMIT_RTPRIO 14\n#define RLIMIT_RTTIME 15
#define RLIM_INFINITY ((rlim_t)-1)\nint getrlimit(int resource, struct rlimit *rlim);\nint setrlimit(int resource, const struct rlimit *rlim);\n`),
  // gcc's <stdarg.h>: the va_list type of the x86-64 ABI and the builtins (the VM's va_list: libc/va.ts)
  'stdarg.h': guard('STDARG_H', `${VA_LIST}#ifndef _VA_LIST_DEFINED\n#define _VA_LIST_DEFINED\ntypedef __gnuc_va_list va_list;\n#endif
#define va_start(v, l) __builtin_va_start(v, l)\n#define va_end(v) __builtin_va_end(v)\n#define va_arg(v, l) __builtin_va_arg(v, l)
#define va_copy(d, s) __builtin_va_copy(d, s)\n#define __va_copy(d, s) __builtin_va_copy(d, s)\n`),
};
