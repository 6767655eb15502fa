#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario k1x1 */
int main(void)
{
	void *p[1];
	p[0] = malloc(1024);
	printf("p0=%p\n", p[0]);
	return 0;
}
