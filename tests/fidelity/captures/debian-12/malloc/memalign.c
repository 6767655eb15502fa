#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario memalign */
int main(void)
{
	void *p[9];
	if (posix_memalign(&p[0], 4096, 100)) return 1;
	printf("p0=%p\n", p[0]);
	p[1] = aligned_alloc(64, 200);
	printf("p1=%p\n", p[1]);
	p[2] = memalign(256, 1000);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(24);
	printf("p3=%p\n", p[3]);
	if (posix_memalign(&p[4], 65536, 100000)) return 1;
	printf("p4=%p\n", p[4]);
	if (posix_memalign(&p[5], 32, 10)) return 1;
	printf("p5=%p\n", p[5]);
	free(p[2]);
	printf("f2\n");
	p[6] = aligned_alloc(1024, 3000);
	printf("p6=%p\n", p[6]);
	printf("u6=%zu\n", malloc_usable_size(p[6]));
	free(p[0]);
	printf("f0\n");
	free(p[1]);
	printf("f1\n");
	free(p[4]);
	printf("f4\n");
	free(p[6]);
	printf("f6\n");
	p[7] = malloc(300000);
	printf("p7=%p\n", p[7]);
	if (posix_memalign(&p[8], 4096, 300000)) return 1;
	printf("p8=%p\n", p[8]);
	return 0;
}
