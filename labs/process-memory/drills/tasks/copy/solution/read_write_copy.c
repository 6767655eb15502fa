/*
 * Copy in.dat to out.dat with read() and write() through a small static
 * buffer, and print how long the copy loop took.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "utils/utils.h"

#define IN_FILE		"in.dat"
#define OUT_FILE	"out.dat"
#define BUFSIZE		8192

static char buf[BUFSIZE];

/* The interval in nanoseconds first, then microseconds: dividing the nanosecond difference alone would round
 * toward zero when it is negative (the interval crossed a second), 1 us off. */
static long elapsed_us(const struct timespec *start, const struct timespec *end)
{
	long ns = (end->tv_sec - start->tv_sec) * 1000000000L + (end->tv_nsec - start->tv_nsec);

	return ns / 1000L;
}

int main(void)
{
	struct timespec start, end;
	ssize_t n, written, w;
	int fd_in, fd_out;

	fd_in = open(IN_FILE, O_RDONLY);
	DIE(fd_in < 0, "open " IN_FILE);
	fd_out = open(OUT_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);
	DIE(fd_out < 0, "open " OUT_FILE);

	clock_gettime(CLOCK_MONOTONIC, &start);

	for (;;) {
		n = read(fd_in, buf, BUFSIZE);
		DIE(n < 0, "read");
		if (n == 0)
			break;
		/* write() may write less than asked: loop until the chunk is out. */
		for (written = 0; written < n; written += w) {
			w = write(fd_out, buf + written, n - written);
			DIE(w < 0, "write");
		}
	}

	clock_gettime(CLOCK_MONOTONIC, &end);
	printf("time passed %ld microseconds\n", elapsed_us(&start, &end));

	close(fd_in);
	close(fd_out);

	return 0;
}
