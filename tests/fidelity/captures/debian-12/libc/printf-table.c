/* printf conversions on real glibc 2.36; the model replays the same calls (tests/unit/libc-stdio.test.ts). */
#include <stdio.h>
int main(void)
{
	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%i]\n", 42, 42, 42, 42, 42, 42, 7, -17);
	printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%08.3x]\n", 4000000000u, 255, 255, 255, 8, 8, 255);
	printf("[%ld] [%lu] [%lld] [%hhd] [%hd] [%zu] [%lx]\n", -9000000000L, 18446744073709551615UL, 123456789012LL, 300, 70000, (size_t)12, 0x7fffffffe000L);
	printf("[%c] [%3c] [%-3c] [%s] [%10s] [%-10s] [%.2s] [%%]\n", 'A', 'B', 'C', "hello", "hi", "hi", "hello");
	printf("[%p] [%p] [%20p] [%-20p]\n", (void *)0x555555559000, (void *)0, (void *)0x1234, (void *)0x1234);
	printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%.3E] [%g] [%g] [%g] [%G]\n", 3.14159, 2.675, -1.5, 0.25, 123456.789, 0.000123, 100000.0, 1000000.0, 0.0001, 1e-10);
	printf("[%.0f] [%.0f] [%#.0f] [%+.1e] [%g] [%.3g] [%#g] [%f]\n", 0.5, 1.5, 2.0, 12345.0, 0.0, 3.14159, 1.0, -0.0);
	printf("[%*d] [%-*d] [%.*f] [%s]\n", 6, 1, 6, 2, 2, 1.005, (char *)0);
	return 0;
}
