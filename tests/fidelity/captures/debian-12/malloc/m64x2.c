#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario m64x2 */
int main(void)
{
	void *p[4];
	p[0] = malloc(67108864);
	printf("p0=%p\n", p[0]);
	free(p[0]);
	printf("f0\n");
	p[1] = malloc(67108864);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(1048576);
	printf("p2=%p\n", p[2]);
	free(p[2]);
	printf("f2\n");
	p[3] = malloc(1048576);
	printf("p3=%p\n", p[3]);
	return 0;
}
