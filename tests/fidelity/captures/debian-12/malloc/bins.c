#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

/* scenario bins */
int main(void)
{
	void *p[16];
	p[0] = malloc(5000);
	printf("p0=%p\n", p[0]);
	p[1] = malloc(30);
	printf("p1=%p\n", p[1]);
	p[2] = malloc(70000);
	printf("p2=%p\n", p[2]);
	p[3] = malloc(30);
	printf("p3=%p\n", p[3]);
	p[4] = malloc(9000);
	printf("p4=%p\n", p[4]);
	p[5] = malloc(30);
	printf("p5=%p\n", p[5]);
	p[6] = malloc(2000);
	printf("p6=%p\n", p[6]);
	p[7] = malloc(30);
	printf("p7=%p\n", p[7]);
	free(p[0]);
	printf("f0\n");
	free(p[2]);
	printf("f2\n");
	free(p[4]);
	printf("f4\n");
	free(p[6]);
	printf("f6\n");
	p[8] = malloc(1200);
	printf("p8=%p\n", p[8]);
	p[9] = malloc(3000);
	printf("p9=%p\n", p[9]);
	p[10] = malloc(60000);
	printf("p10=%p\n", p[10]);
	p[11] = malloc(8000);
	printf("p11=%p\n", p[11]);
	p[12] = malloc(100000);
	printf("p12=%p\n", p[12]);
	free(p[1]);
	printf("f1\n");
	free(p[3]);
	printf("f3\n");
	free(p[9]);
	printf("f9\n");
	free(p[10]);
	printf("f10\n");
	p[13] = malloc(20000);
	printf("p13=%p\n", p[13]);
	p[14] = malloc(5000);
	printf("p14=%p\n", p[14]);
	free(p[12]);
	printf("f12\n");
	free(p[11]);
	printf("f11\n");
	p[15] = malloc(40);
	printf("p15=%p\n", p[15]);
	return 0;
}
