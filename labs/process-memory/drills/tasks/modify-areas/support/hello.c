/*
 * The memory-areas greeter, grown in every region: read-only data, data,
 * bss, heap and stack. Compare `size` and `pmap` with ../memory-areas/hello.
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

/* Initialised and const: lands in .rodata. */
static const char ro_buffer[RODATA_SIZE] = "read-only";
/* Initialised and writable: lands in .data. */
static char data_buffer[DATA_SIZE] = "initialised";
/* Not initialised: lands in .bss, zero-filled at load time. */
static char bss_buffer[BSS_SIZE];

static void alloc_heap(void)
{
	int i;

	/* Never freed: the heap keeps its size while the program sleeps. */
	for (i = 0; i < HEAP_CHUNKS; i++)
		if (malloc(HEAP_CHUNK) == NULL)
			exit(EXIT_FAILURE);
}

static void alloc_stack(int order)
{
	char frame[STACK_FRAME];

	/* Touch both ends so the whole frame is really on the stack. */
	frame[0] = 'a';
	frame[STACK_FRAME - 1] = 'z';
	(void)frame;

	if (order == 0) {
		sleep(3600);
		return;
	}
	alloc_stack(order - 1);
}

int main(void)
{
	puts("Hello, world!");
	printf("%c %c %c\n", ro_buffer[0], data_buffer[0], bss_buffer[0] + '0');

	alloc_heap();
	alloc_stack(STACK_ORDER);

	return 0;
}
