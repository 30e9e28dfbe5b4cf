/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the whole ctl plane in process: the /net dispatcher
 * (ctl/ns.c) and every file handler behind it (ipifc, iproute, ipselftab,
 * arp, log, ndb, bootp) over the real control-plane model (model_src of stack/),
 * exactly as the socket server drives them. Each input is a session: a
 * fresh stack with one port "port0" (id 0), then the input split at
 * newlines, each line one request. A line starting with '!' goes (without
 * the '!') through a second, unprivileged session. After the lines the
 * FIB is built as the daemon would publish it, and everything is torn
 * down, log and ndb reset, so no state carries over to the next input.
 *
 * Properties: every reply is framed as ns.h states ("ok COUNT\n" or
 * "more COUNT\n" records of at most CTL_CHUNK bytes, or one "error TEXT\n"
 * line), and no crash, leak or sanitizer report. Fuzz builds only.
 */
#include "ctl/ctl.h"
#include "ctl/files.h"
#include "ctl/log.h"
#include "ctl/ns.h"
#include "stack/fib.h"
#include "stack/stack.h"
#include "tests/fuzz/fuzz.h"

/* The reply of one request, checked against the framing of ctl/ns.h. */
static void
check_reply(const char *r, size_t len)
{
	const char *nl, *end = r + len;
	unsigned long count;
	char *num_end;
	int last;

	FUZZ_CHECK(len > 0);
	if (len >= 6 && memcmp(r, "error ", 6) == 0) {
		/* One line: the error text has no newline of its own. */
		FUZZ_CHECK(r[len - 1] == '\n' &&
		    memchr(r, '\n', len) == r + len - 1);
		return;
	}
	for (last = 0; !last;) {
		FUZZ_CHECK(r < end);
		if ((size_t)(end - r) >= 3 && memcmp(r, "ok ", 3) == 0) {
			last = 1;
			r += 3;
		} else {
			FUZZ_CHECK((size_t)(end - r) >= 5 &&
			    memcmp(r, "more ", 5) == 0);
			r += 5;
		}
		FUZZ_CHECK(r < end && *r >= '0' && *r <= '9');
		count = strtoul(r, &num_end, 10);
		nl = memchr(r, '\n', (size_t)(end - r));
		FUZZ_CHECK(nl != NULL && num_end == nl);
		FUZZ_CHECK(count <= CTL_CHUNK);
		/* A "more" record is never empty. */
		FUZZ_CHECK(last || count > 0);
		r = nl + 1;
		FUZZ_CHECK((size_t)(end - r) >= count);
		r += count;
	}
	FUZZ_CHECK(r == end);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct stack_port port0 = {
		.name = "port0",
		.port_id = 0,
		.mac = { 0x5e, 0x2c, 0x0d, 0x1a, 0x7b, 0x33 },
		.maxtu = 1514,
	};
	struct ctl_sess priv, user, *s;
	struct ctl_out reply;
	const char *line, *end, *nl;
	char *copy;
	struct stack *st;
	struct fib *fib;
	size_t len;

	if (size > 64 * 1024)
		return 0;
	netlog_reset();
	ndb_reset();
	st = stack_create(NULL);
	FUZZ_CHECK(st != NULL);
	FUZZ_CHECK(stack_add_port(st, &port0) == 0);
	ctl_sess_init(&priv, st, 1);
	ctl_sess_init(&user, st, 0);
	ctl_out_init(&reply);

	/* The lines point into an exact-size copy, so ASan sees overreads. */
	copy = (char *)fuzz_memdup(data, size);
	line = copy;
	end = line + size;
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		len = (nl != NULL ? nl : end) - line;
		s = &priv;
		if (len > 0 && line[0] == '!') {
			s = &user;
			line++;
			len--;
		}
		ctl_out_reset(&reply);
		ctl_dispatch(s, line, len, &reply);
		FUZZ_CHECK(!reply.failed);
		check_reply(reply.buf, reply.len);
		line += len + (nl != NULL);
	}

	fib = stack_build_fib(st);
	FUZZ_CHECK(fib != NULL);
	fib_free(fib);
	ipifc_sess_release(&user);
	ipifc_sess_release(&priv);
	ctl_out_free(&reply);
	stack_destroy(st);
	netlog_reset();
	ndb_reset();
	free(copy);
	return 0;
}
