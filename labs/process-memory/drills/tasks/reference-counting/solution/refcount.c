/*
 * A reference-counted int array, in the style of the Linux kernel's kref:
 * whoever keeps a pointer to the array takes a reference with array_get()
 * and gives it back with array_put(); the last put frees the array.
 */
#include <stdio.h>
#include <stdlib.h>

#include "utils/utils.h"

struct ref_array {
	int *data;		/* the elements */
	unsigned int size;	/* number of elements */
	unsigned int count;	/* number of references held */
	unsigned int instance;	/* which array this is, for the messages */
};

static unsigned int num_instances;

/* Create an array of `size` zeroed ints, holding one reference. */
static struct ref_array *array_create(unsigned int size)
{
	struct ref_array *a;

	a = malloc(sizeof(*a));
	DIE(a == NULL, "malloc");
	a->data = calloc(size, sizeof(*a->data));
	DIE(a->data == NULL, "calloc");
	a->size = size;
	a->count = 1;
	a->instance = ++num_instances;
	printf("---calling create: instance %u, count %u\n", a->instance, a->count);

	return a;
}

static void array_free(struct ref_array *a)
{
	printf("Freeing instance %u\n", a->instance);
	free(a->data);
	free(a);
}

/* Take one more reference to `a`; return `a`, to store in the new holder. */
static struct ref_array *array_get(struct ref_array *a)
{
	a->count++;
	printf("---calling get: instance %u, count %u\n", a->instance, a->count);

	return a;
}

/* Give back one reference to `a`; free it when it was the last one. */
static void array_put(struct ref_array *a)
{
	a->count--;
	printf("---calling put: instance %u, count %u\n", a->instance, a->count);
	if (a->count == 0)
		array_free(a);
}

int main(void)
{
	struct ref_array *a, *b, *c;
	unsigned int i;

	a = array_create(4);
	for (i = 0; i < a->size; i++)
		a->data[i] = i * i;

	/* b shares a's array: same data, one more reference. */
	b = array_get(a);
	b->data[0] = 42;
	printf("a->data[0] = %d (changed through b)\n", a->data[0]);

	/* c is a second, independent array. */
	c = array_create(2);

	/* a lets go; the array lives on because b still holds it. */
	array_put(a);
	printf("b->data[3] = %d\n", b->data[3]);

	/* b, then c, let go: both arrays are freed. */
	array_put(b);
	array_put(c);

	return 0;
}
