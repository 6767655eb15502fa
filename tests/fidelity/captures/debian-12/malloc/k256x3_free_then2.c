#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario k256x3_free_then2 */
int main(void)
{
	void *p[5];
	p[0] = malloc(262144);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(262144);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(262144);
	printf("p2=%p\n", p[2]);
	free(p[0]);
	printf("f0\n");
	free(p[1]);
	printf("f1\n");
	free(p[2]);
	printf("f2\n");
	p[3] = malloc(262144);
	printf("p3=%p\n", p[3]);
	p[4] = malloc(262144);
	printf("p4=%p\n", p[4]);
	return 0;
}
