/*
 * A small logging helper, linked into every lab program (as the course links its own): a message goes to
 * stderr, stamped with the time of day, unless the helper is quiet or the message is below the chosen level,
 * and to each extra sink (a file, or a function of the program's) whose level it reaches.
 */
#ifndef LOG_H_
#define LOG_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

enum log_level { LOG_TRACE, LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_FATAL };

/* One message on its way to a sink. */
struct log_record {
	const char *file;
	int line;
	int level;
	const char *fmt;	/* printf format of the message ... */
	va_list args;		/* ... and its arguments */
	struct tm *when;
	void *out;		/* the sink's argument: the FILE * of a file sink */
};

typedef void (*log_sink_fn)(struct log_record *rec);
typedef void (*log_lock_fn)(bool lock, void *arg);

void log_set_level(int level);
void log_set_quiet(bool quiet);
void log_set_lock(log_lock_fn fn, void *arg);
int log_add_sink(log_sink_fn fn, void *arg, int level);
int log_add_file(FILE *fp, int level);
const char *log_level_name(int level);
void log_write(int level, const char *file, int line, const char *fmt, ...);

/* printf-style: log_info("mapped %zu bytes at %p", len, addr) */
#define log_trace(...)	log_write(LOG_TRACE, __FILE__, __LINE__, __VA_ARGS__)
#define log_debug(...)	log_write(LOG_DEBUG, __FILE__, __LINE__, __VA_ARGS__)
#define log_info(...)	log_write(LOG_INFO, __FILE__, __LINE__, __VA_ARGS__)
#define log_warn(...)	log_write(LOG_WARN, __FILE__, __LINE__, __VA_ARGS__)
#define log_error(...)	log_write(LOG_ERROR, __FILE__, __LINE__, __VA_ARGS__)
#define log_fatal(...)	log_write(LOG_FATAL, __FILE__, __LINE__, __VA_ARGS__)

#endif /* LOG_H_ */
