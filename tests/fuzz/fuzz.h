/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the libFuzzer targets of tests/fuzz/: a property check
 * that aborts (so libFuzzer records the input as a crash) with the file,
 * line and condition, and a NUL-terminated heap copy of the input, so that
 * AddressSanitizer catches a parser reading past the terminator. Fuzz
 * builds only (scripts/fuzz.sh), one thread.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",	\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* A malloc'd copy of data[0..size) with a NUL after it; abort on ENOMEM. */
static inline char *
fuzz_strdup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_CHECK(s != NULL);
	if (size != 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A malloc'd copy of exactly size bytes (never 0 bytes: 1 then). */
static inline uint8_t *
fuzz_memdup(const uint8_t *data, size_t size)
{
	uint8_t *p = malloc(size != 0 ? size : 1);

	FUZZ_CHECK(p != NULL);
	if (size != 0)
		memcpy(p, data, size);
	return p;
}

#endif /* TESTS_FUZZ_FUZZ_H */
