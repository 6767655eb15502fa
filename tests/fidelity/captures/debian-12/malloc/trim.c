#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario trim */
int main(void)
{
	void *p[7];
	p[0] = malloc(100000);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(100000);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(100000);
	printf("p2=%p\n", p[2]);
	free(p[2]);
	printf("f2\n");
	free(p[1]);
	printf("f1\n");
	p[3] = malloc(2000);
	printf("p3=%p\n", p[3]);
	free(p[0]);
	printf("f0\n");
	p[4] = malloc(300000);
	printf("p4=%p\n", p[4]);
	free(p[4]);
	printf("f4\n");
	p[5] = malloc(400000);
	printf("p5=%p\n", p[5]);
	p[6] = malloc(500000);
	printf("p6=%p\n", p[6]);
	free(p[5]);
	printf("f5\n");
	free(p[6]);
	printf("f6\n");
	free(p[3]);
	printf("f3\n");
	return 0;
}
