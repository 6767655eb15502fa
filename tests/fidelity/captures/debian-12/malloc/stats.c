#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario stats */
int main(void)
{
	void *p[4];
	p[0] = malloc(1000);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(200000);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(50000);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(20);
	printf("p3=%p\n", p[3]);
	free(p[0]);
	printf("f0\n");
	free(p[2]);
	printf("f2\n");
	malloc_stats();
	free(p[1]);
	printf("f1\n");
	malloc_stats();
	return 0;
}
