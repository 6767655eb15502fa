/*
 * Copy in.dat to out.dat by mapping both files and calling memcpy(), and
 * print how long the memcpy() took.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "utils/utils.h"

#define IN_FILE		"in.dat"
#define OUT_FILE	"out.dat"

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
	struct stat st;
	void *src, *dst;
	size_t size;
	int fd_in, fd_out, rc;

	fd_in = open(IN_FILE, O_RDONLY);
	DIE(fd_in < 0, "open " IN_FILE);
	fd_out = open(OUT_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644);
	DIE(fd_out < 0, "open " OUT_FILE);

	rc = fstat(fd_in, &st);
	DIE(rc < 0, "fstat");
	size = st.st_size;

	/* The destination must be as large as the source before it is mapped. */
	rc = ftruncate(fd_out, st.st_size);
	DIE(rc < 0, "ftruncate");

	/* mmap() refuses a length of 0: an empty file needs no copying. */
	if (size > 0) {
		src = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd_in, 0);
		DIE(src == MAP_FAILED, "mmap " IN_FILE);
		dst = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_out, 0);
		DIE(dst == MAP_FAILED, "mmap " OUT_FILE);

		clock_gettime(CLOCK_MONOTONIC, &start);
		memcpy(dst, src, size);
		clock_gettime(CLOCK_MONOTONIC, &end);

		rc = munmap(src, size);
		DIE(rc < 0, "munmap " IN_FILE);
		rc = munmap(dst, size);
		DIE(rc < 0, "munmap " OUT_FILE);
	} else {
		clock_gettime(CLOCK_MONOTONIC, &start);
		end = start;
	}

	printf("time passed %ld microseconds\n", elapsed_us(&start, &end));

	close(fd_in);
	close(fd_out);

	return 0;
}
