/*
 * Allocate NUM_STEPS blocks of ALLOC_SIZE_KB each, pausing before and after,
 * so the heap (or the memory-mapping area) can be watched with pmap, ltrace
 * and strace. Only the last block is freed: the others leak on purpose.
 */
#include <stdio.h>
#include <stdlib.h>

#include "utils/utils.h"

#define NUM_STEPS	10
#define ALLOC_SIZE_KB	32
#define ALLOC_SIZE	(ALLOC_SIZE_KB * 1024)

static void wait_for_key(const char *msg)
{
	char line[128];

	/* no fflush: reading a terminal's stdin flushes the line-buffered stdout first */
	printf("%s", msg);
	fgets(line, sizeof(line), stdin);
}

int main(void)
{
	void *p = NULL;
	int i;

	wait_for_key("Press key to allocate ...");

	for (i = 0; i < NUM_STEPS; i++) {
		p = malloc(ALLOC_SIZE);
		DIE(p == NULL, "malloc");
		printf("New allocation at %p\n", p);
	}

	wait_for_key("Press key to deallocate ...");
	free(p);

	wait_for_key("Press key to close the program ...");

	return 0;
}
