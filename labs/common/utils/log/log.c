/*
 * The logging helper (see log.h). Everything it keeps is static: the settings and a table of
 * LOG_MAX_SINKS sinks in .bss, the level names in .data; that is why even a program that never logs
 * shows them in `size` (792 bytes of .bss, 48 of .data).
 */
#include "log.h"

#define LOG_MAX_SINKS	32

struct log_sink {
	log_sink_fn fn;
	void *arg;
	int level;
};

static struct {
	int level;
	bool quiet;
	log_lock_fn lock;
	void *lock_arg;
	struct log_sink sinks[LOG_MAX_SINKS];
} logger;

static const char *level_names[] = {
	"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"
};

const char *log_level_name(int level)
{
	return level_names[level];
}

void log_set_level(int level)
{
	logger.level = level;
}

void log_set_quiet(bool quiet)
{
	logger.quiet = quiet;
}

void log_set_lock(log_lock_fn fn, void *arg)
{
	logger.lock = fn;
	logger.lock_arg = arg;
}

int log_add_sink(log_sink_fn fn, void *arg, int level)
{
	int i;

	for (i = 0; i < LOG_MAX_SINKS; i++) {
		if (logger.sinks[i].fn == NULL) {
			logger.sinks[i].fn = fn;
			logger.sinks[i].arg = arg;
			logger.sinks[i].level = level;
			return 0;
		}
	}
	return -1;
}

/* "STAMP LEVEL file:line: message" */
static void print_record(struct log_record *rec, FILE *fp, const char *stamp)
{
	fprintf(fp, "%s %-5s %s:%d: ", stamp, level_names[rec->level], rec->file, rec->line);
	vfprintf(fp, rec->fmt, rec->args);
	fprintf(fp, "\n");
	fflush(fp);
}

/* stderr gets the time of day only */
static void console_sink(struct log_record *rec)
{
	char stamp[16];

	stamp[strftime(stamp, sizeof(stamp), "%H:%M:%S", rec->when)] = '\0';
	print_record(rec, rec->out, stamp);
}

/* files get the date too */
static void file_sink(struct log_record *rec)
{
	char stamp[64];

	stamp[strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", rec->when)] = '\0';
	print_record(rec, rec->out, stamp);
}

int log_add_file(FILE *fp, int level)
{
	return log_add_sink(file_sink, fp, level);
}

/* The time is taken once per message, when the first sink needs it. */
static void prepare(struct log_record *rec, void *out)
{
	if (rec->when == NULL) {
		time_t now = time(NULL);

		rec->when = localtime(&now);
	}
	rec->out = out;
}

void log_write(int level, const char *file, int line, const char *fmt, ...)
{
	struct log_record rec;
	int i;

	rec.file = file;
	rec.line = line;
	rec.level = level;
	rec.fmt = fmt;
	rec.when = NULL;
	rec.out = NULL;

	if (logger.lock != NULL)
		logger.lock(true, logger.lock_arg);

	/* each sink formats the arguments anew: a va_list is used up once read */
	if (!logger.quiet && level >= logger.level) {
		prepare(&rec, stderr);
		va_start(rec.args, fmt);
		console_sink(&rec);
		va_end(rec.args);
	}
	for (i = 0; i < LOG_MAX_SINKS && logger.sinks[i].fn != NULL; i++) {
		if (level >= logger.sinks[i].level) {
			prepare(&rec, logger.sinks[i].arg);
			va_start(rec.args, fmt);
			logger.sinks[i].fn(&rec);
			va_end(rec.args);
		}
	}

	if (logger.lock != NULL)
		logger.lock(false, logger.lock_arg);
}
