/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the ctl tokenizer ctl_parsecmd (ctl/ctl.h, ctl/
 * cmd.c) on any bytes. Properties: a message over CTL_MSGMAX bytes is
 * "control message too big", one with a NUL byte "bad arg in system
 * call", more than CTL_MAXFIELDS fields "wrong #args"; otherwise every
 * field lies inside the private copy, and quoting every field rc-style and
 * joining them with spaces tokenizes back to the same fields. Fuzz builds
 * only.
 */
#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "tests/fuzz/fuzz.h"

/* The fields of cb, each quoted ('' for a quote), joined by spaces. */
static char *
requote(const struct cmdbuf *cb, size_t *lenp)
{
	size_t cap = 1, n = 0;
	const char *f;
	char *s;
	int i;

	for (i = 0; i < cb->nf; i++)
		cap += 2 * strlen(cb->f[i]) + 3;
	s = malloc(cap);
	FUZZ_CHECK(s != NULL);
	for (i = 0; i < cb->nf; i++) {
		if (i > 0)
			s[n++] = ' ';
		s[n++] = '\'';
		for (f = cb->f[i]; *f != '\0'; f++) {
			if (*f == '\'')
				s[n++] = '\'';
			s[n++] = *f;
		}
		s[n++] = '\'';
	}
	s[n] = '\0';
	*lenp = n;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cmdbuf cb, cb2;
	const char *err, *msg;
	size_t len;
	char *again;
	int i;

	/* Exact-size copy: the tokenizer must not read past len bytes. */
	msg = (const char *)fuzz_memdup(data, size);
	err = ctl_parsecmd(&cb, msg, size);
	if (size > CTL_MSGMAX) {
		FUZZ_CHECK(err != NULL && strcmp(err, Etoobig) == 0);
		goto out;
	}
	if (memchr(msg, '\0', size) != NULL) {
		FUZZ_CHECK(err != NULL && strcmp(err, Ebadarg) == 0);
		goto out;
	}
	if (err != NULL) {
		FUZZ_CHECK(strcmp(err, Ecmdargs) == 0);
		FUZZ_CHECK(cb.buf == NULL && cb.nf == 0);
		goto out;
	}
	FUZZ_CHECK(cb.nf >= 0 && cb.nf <= CTL_MAXFIELDS);
	FUZZ_CHECK(cb.nf == CTL_MAXFIELDS || cb.f[cb.nf] == NULL);
	for (i = 0; i < cb.nf; i++) {
		FUZZ_CHECK(cb.f[i] >= cb.buf && cb.f[i] <= cb.buf + size);
		FUZZ_CHECK(strlen(cb.f[i]) <= size);
		if (i > 0)
			FUZZ_CHECK(cb.f[i] > cb.f[i - 1]);
	}

	again = requote(&cb, &len);
	if (len <= CTL_MSGMAX) {
		FUZZ_CHECK(ctl_parsecmd(&cb2, again, len) == NULL);
		FUZZ_CHECK(cb2.nf == cb.nf);
		for (i = 0; i < cb.nf; i++)
			FUZZ_CHECK(strcmp(cb.f[i], cb2.f[i]) == 0);
		ctl_freecmd(&cb2);
	}
	free(again);
	ctl_freecmd(&cb);
	FUZZ_CHECK(cb.buf == NULL && cb.nf == 0);
out:
	free((void *)msg);
	return 0;
}
