/*
 * Map a number of pages of anonymous memory and show how the process's
 * virtual size (VmSize in /proc/self/status) grows.
 *
 * Usage: ./page_mapper [num_pages]   (default: 10)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "utils/utils.h"

#define DEFAULT_NUM_PAGES	10

/* Print the VmSize line of /proc/self/status, prefixed by `when`. */
static void print_vmsize(const char *when)
{
	char line[256];
	FILE *f;

	f = fopen("/proc/self/status", "r");
	DIE(f == NULL, "fopen /proc/self/status");
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "VmSize:", 7) == 0) {
			printf("%s %s", when, line);
			break;
		}
	}
	fclose(f);
}

/* Map num_pages pages of anonymous, private, read-write memory. */
static void *do_map(unsigned int num_pages)
{
	void *p = NULL;

	/*
	 * TODO: get the page size with sysconf(_SC_PAGESIZE), then mmap()
	 * num_pages pages, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS
	 * (fd -1, offset 0). Check for MAP_FAILED with DIE.
	 */
	(void)num_pages;

	return p;
}

int main(int argc, char *argv[])
{
	unsigned int num_pages = DEFAULT_NUM_PAGES;
	void *p;

	if (argc > 1)
		num_pages = atoi(argv[1]);

	print_vmsize("before:");
	p = do_map(num_pages);
	print_vmsize("after: ");
	printf("mapped %u pages at %p\n", num_pages, p);

	return 0;
}
