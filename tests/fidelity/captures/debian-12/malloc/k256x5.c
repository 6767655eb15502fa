#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario k256x5 */
int main(void)
{
	void *p[5];
	p[0] = malloc(262144);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(262144);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(262144);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(262144);
	printf("p3=%p\n", p[3]);
	p[4] = malloc(262144);
	printf("p4=%p\n", p[4]);
	return 0;
}
