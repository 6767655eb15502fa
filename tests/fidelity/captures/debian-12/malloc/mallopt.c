#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario mallopt */
int main(void)
{
	void *p[5];
	printf("o=%d\n", mallopt(-3, 65536));
	p[0] = malloc(100000);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(60000);
	printf("p1=%p\n", p[1]);
	printf("o=%d\n", mallopt(-2, 0));
	p[2] = malloc(200);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(50000);
	printf("p3=%p\n", p[3]);
	printf("o=%d\n", mallopt(-1, 4096));
	free(p[3]);
	printf("f3\n");
	printf("o=%d\n", mallopt(-4, 0));
	p[4] = malloc(200000);
	printf("p4=%p\n", p[4]);
	free(p[0]);
	printf("f0\n");
	free(p[4]);
	printf("f4\n");
	return 0;
}
