/* stdout buffering: run on a terminal, into a pipe and into a file under strace -e trace=write */
#include <stdio.h>
int main(void)
{
	int i;
	for (i = 0; i < 5; i++)
		printf("line %d\n", i);
	fputs("partial", stdout);
	fprintf(stderr, "err %d\n", 1);
	puts(" end");
	return 0;
}
