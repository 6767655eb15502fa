/*
 * The memory-areas greeter, grown in every region: read-only data, data, bss, heap and stack.
 * Compare `size` and `pmap` with ../../memory-areas/support/hello.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define RODATA_SIZE	8192
#define DATA_SIZE	16384
#define BSS_SIZE	32768
#define HEAP_CHUNK	(64 * 1024)
#define HEAP_CHUNKS	4
#define STACK_FRAME	32768
#define STACK_ORDER	5

/* Nothing reads these: they are here for their size. gcc keeps unused statics at -O0; `unused` keeps
 * -Wall quiet about them. */
#define __unused __attribute__((unused))

/* Initialised and const: lands in .rodata. */
static const char __unused ro_buffer[RODATA_SIZE] = "read-only";
/* Initialised and writable: lands in .data. */
static char __unused data_buffer[DATA_SIZE] = "initialised";
/* Not initialised: lands in .bss, zero-filled at load time. */
static char __unused bss_buffer[BSS_SIZE];

static void alloc_heap(void)
{
	int i;

	/* Never freed: the heap keeps its size while the program sleeps. */
	for (i = 0; i < HEAP_CHUNKS; i++)
		if (malloc(HEAP_CHUNK) == NULL)
			break;	/* out of memory: the heap shows what it got */
}

static void alloc_stack(unsigned int order)
{
	char __unused frame[STACK_FRAME];	/* written, never read: -Wall would say so */

	/* Touch both ends so the whole frame is really on the stack. */
	frame[0] = 'a';
	frame[STACK_FRAME - 1] = 'z';

	if (order == 0)
		sleep(3600);
	else
		alloc_stack(order - 1);
}

int main(void)
{
	puts("Hello, world!");

	alloc_heap();
	alloc_stack(STACK_ORDER);	/* 6 frames of 32 KiB on the stack */

	sleep(3600);

	return 0;
}
