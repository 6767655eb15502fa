#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario k127x3 */
int main(void)
{
	void *p[3];
	p[0] = malloc(130048);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(130048);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(130048);
	printf("p2=%p\n", p[2]);
	return 0;
}
