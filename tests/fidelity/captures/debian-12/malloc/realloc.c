#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario realloc */
int main(void)
{
	void *p[3];
	p[0] = malloc(100);
	printf("p0=%p\n", p[0]);
	p[0] = realloc(p[0], 200);
	printf("p0=%p\n", p[0]);
	printf("u0=%zu\n", malloc_usable_size(p[0]));
	p[0] = realloc(p[0], 5000);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(50);
	printf("p1=%p\n", p[1]);
	p[0] = realloc(p[0], 6000);
	printf("p0=%p\n", p[0]);
	p[0] = realloc(p[0], 200000);
	printf("p0=%p\n", p[0]);
	printf("u0=%zu\n", malloc_usable_size(p[0]));
	p[0] = realloc(p[0], 300000);
	printf("p0=%p\n", p[0]);
	p[0] = realloc(p[0], 100000);
	printf("p0=%p\n", p[0]);
	p[0] = realloc(p[0], 100);
	printf("p0=%p\n", p[0]);
	printf("u0=%zu\n", malloc_usable_size(p[0]));
	p[1] = realloc(p[1], 40);
	printf("p1=%p\n", p[1]);
	p[1] = realloc(p[1], 0);
	printf("p1=%p\n", p[1]);
	free(p[0]);
	printf("f0\n");
	p[2] = malloc(20);
	printf("p2=%p\n", p[2]);
	return 0;
}
