#ifndef UTILS_H_
#define UTILS_H_

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* If `assertion` holds, print `call_description` with errno's text and exit. */
#define DIE(assertion, call_description)				\
	do {								\
		if (assertion) {					\
			fprintf(stderr, "(%s, %d): %s: %s\n",		\
				__FILE__, __LINE__, call_description,	\
				strerror(errno));			\
			exit(EXIT_FAILURE);				\
		}							\
	} while (0)

#endif /* UTILS_H_ */
