#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario k32x10_freeall */
int main(void)
{
	void *p[10];
	p[0] = malloc(32768);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(32768);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(32768);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(32768);
	printf("p3=%p\n", p[3]);
	p[4] = malloc(32768);
	printf("p4=%p\n", p[4]);
	p[5] = malloc(32768);
	printf("p5=%p\n", p[5]);
	p[6] = malloc(32768);
	printf("p6=%p\n", p[6]);
	p[7] = malloc(32768);
	printf("p7=%p\n", p[7]);
	p[8] = malloc(32768);
	printf("p8=%p\n", p[8]);
	p[9] = malloc(32768);
	printf("p9=%p\n", p[9]);
	free(p[0]);
	printf("f0\n");
	free(p[1]);
	printf("f1\n");
	free(p[2]);
	printf("f2\n");
	free(p[3]);
	printf("f3\n");
	free(p[4]);
	printf("f4\n");
	free(p[5]);
	printf("f5\n");
	free(p[6]);
	printf("f6\n");
	free(p[7]);
	printf("f7\n");
	free(p[8]);
	printf("f8\n");
	free(p[9]);
	printf("f9\n");
	return 0;
}
