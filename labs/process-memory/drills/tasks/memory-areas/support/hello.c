/* Print a greeting, then stay alive long enough to be inspected with pmap. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	puts("Hello, world!");
	sleep(3600);

	return 0;
}
