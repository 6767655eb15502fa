/* What every lab program includes: the logging helper and DIE. */
#ifndef UTILS_H_
#define UTILS_H_

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"

/* If `assertion` holds, log `call_description` with errno's text and exit. */
#define DIE(assertion, call_description)				\
	do {								\
		if (assertion) {					\
			log_fatal("%s: %s", call_description, strerror(errno));	\
			exit(EXIT_FAILURE);				\
		}							\
	} while (0)

#endif /* UTILS_H_ */
