#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario k64x10 */
int main(void)
{
	void *p[10];
	p[0] = malloc(65536);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(65536);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(65536);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(65536);
	printf("p3=%p\n", p[3]);
	p[4] = malloc(65536);
	printf("p4=%p\n", p[4]);
	p[5] = malloc(65536);
	printf("p5=%p\n", p[5]);
	p[6] = malloc(65536);
	printf("p6=%p\n", p[6]);
	p[7] = malloc(65536);
	printf("p7=%p\n", p[7]);
	p[8] = malloc(65536);
	printf("p8=%p\n", p[8]);
	p[9] = malloc(65536);
	printf("p9=%p\n", p[9]);
	return 0;
}
