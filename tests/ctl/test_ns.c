/* SPDX-License-Identifier: MIT */
/*
 * ctl/ns.c: path resolution, directory listings, permissions, reply
 * framing (ok/more/error), ipifc clone (and its release when the first ctl
 * write fails) and ctl_run_line, against test doubles for the ipifc,
 * iproute and arp handlers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/log.h"
#include "ctl/ns.h"
#include "tests/support/fake_files.h"

static struct ctl_sess sess;
static struct ctl_out reply;

static int
setup(void **state)
{
	(void)state;
	fake_reset();
	ndb_reset();
	netlog_reset();
	ctl_sess_init(&sess, NULL, 1);
	ctl_out_init(&reply);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ctl_out_free(&reply);
	ndb_reset();
	return 0;
}

/* The raw reply to one request, as a NUL-terminated string. */
static const char *
req(const char *line)
{
	ctl_out_reset(&reply);
	ctl_dispatch(&sess, line, strlen(line), &reply);
	assert_int_equal(reply.failed, 0);
	ctl_put(&reply, "", 0);
	return reply.buf;
}

static void
test_top_listing(void **state)
{
	const char *top = "ok 47\nipifc\nicmp\narp\nbootp\nndb\niproute\nipselftab\nlog\n";

	(void)state;
	assert_string_equal(req(""), top);
	assert_string_equal(req("/net"), top);
	assert_string_equal(req("/net/"), top);
}

static void
test_ipifc_listing(void **state)
{
	(void)state;
	assert_string_equal(req("ipifc"), "ok 12\nclone\nstats\n");
	fake_nconv = 3;
	assert_string_equal(req("/net/ipifc/"),
	    "ok 18\n0\n1\n2\nclone\nstats\n");
	assert_string_equal(req("ipifc/2"),
	    "ok 24\nctl\nlocal\nremote\nstatus\n");
	assert_string_equal(req("ipifc/3"), "error file does not exist\n");
	assert_string_equal(req("ipifc/02"), "error file does not exist\n");
	assert_string_equal(req("ipifc/-1"), "error file does not exist\n");
	assert_string_equal(req("ipifc/3/ctl"), "error file does not exist\n");
}

static void
test_file_reads(void **state)
{
	(void)state;
	fake_nconv = 2;
	assert_string_equal(req("ipifc/1/ctl"), "ok 1\n1");
	assert_string_equal(req("/net/ipifc/0/status"), "ok 12\nstatus of 0\n");
	assert_string_equal(req("ipifc/1/local"), "ok 11\nlocal of 1\n");
	assert_string_equal(req("ipifc/1/remote"), "ok 5\n::!0\n");
	assert_string_equal(req("ipifc/stats"), "ok 14\nForwarding: 2\n");
	assert_string_equal(req("bootp"), "ok 0\n");
	assert_string_equal(req("ipselftab"), "ok 0\n");
	assert_string_equal(req("log"), "ok 0\n");
	assert_string_equal(req("ndb"), "ok 0\n");
}

static void
test_unknown_paths(void **state)
{
	static const char *const bad[] = {
		"foo", "ipifc/clonex", "net/arp", "/netarp", "/arp",
		"ipifc//0", "ipifc/0", "ipifc/0/ctl/x", "arp/x", "tcp/clone",
		"ipifc/0/data", "ARP", "/net/foo bar",
	};
	size_t i;

	(void)state;
	fake_nconv = 0;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_equal(req(bad[i]), "error file does not exist\n");
}

static void
test_readonly_refused(void **state)
{
	static const char *const ro[] = {
		"ipifc/stats x", "ipifc/0/status x", "ipifc/0/local x",
		"ipifc/0/remote x", "bootp x", "ipselftab x", "ipifc x",
		"ipifc/0 x", "/net x", " x", "/net/ x",
	};
	size_t i;

	(void)state;
	fake_nconv = 1;
	for (i = 0; i < sizeof(ro) / sizeof(ro[0]); i++)
		assert_string_equal(req(ro[i]), "error permission denied\n");
}

static void
test_privilege(void **state)
{
	(void)state;
	sess.priv = 0;
	assert_string_equal(req("arp flush"), "error permission denied\n");
	assert_string_equal(req("iproute flush"), "error permission denied\n");
	assert_string_equal(req("ndb sys=x"), "error permission denied\n");
	assert_string_equal(fake_lastfile, "");
	assert_string_equal(req("ndb"), "ok 0\n");
	/* log is 0666 */
	assert_string_equal(req("log set ip"), "ok 0\n");
	sess.priv = 1;
	assert_string_equal(req("arp flush"), "ok 0\n");
	assert_string_equal(fake_lastfile, "arp");
	assert_string_equal(fake_lastmsg, "flush");
	assert_string_equal(req("/net/iproute add 0 0 192.0.2.1"), "ok 0\n");
	assert_string_equal(fake_lastfile, "iproute");
	assert_string_equal(fake_lastmsg, "add 0 0 192.0.2.1");
	assert_string_equal(req("iproute fail"),
	    "error unknown control request\n");
}

/* Everything after the first space is the message, verbatim. */
static void
test_message_verbatim(void **state)
{
	(void)state;
	assert_string_equal(req("ndb  two  spaces\t"), "ok 0\n");
	assert_string_equal(req("ndb"), "ok 14\n two  spaces\t\n");
	assert_string_equal(req("ndb "), "ok 0\n");
	assert_string_equal(req("ndb"), "ok 15\n two  spaces\t\n\n");
}

static void
test_clone(void **state)
{
	(void)state;
	assert_string_equal(req("ipifc/clone"), "ok 2\n0\n");
	assert_int_equal(sess.ifcheld, 1);
	assert_string_equal(req("/net/ipifc/clone"), "ok 2\n1\n");
	assert_int_equal(sess.ifcheld, 3);
	assert_string_equal(req("ipifc/clone bind ether port0"), "ok 2\n2\n");
	assert_string_equal(fake_lastfile, "ipifc 2");
	assert_string_equal(fake_lastmsg, "bind ether port0");
	assert_int_equal(fake_bound[2], 1);
	assert_int_equal(fake_nconv, 3);
	assert_string_equal(req("ipifc/2/ctl unbind"), "ok 0\n");
	assert_string_equal(fake_lastmsg, "unbind");
}

static void
test_clone_failed_write_releases(void **state)
{
	(void)state;
	assert_string_equal(req("ipifc/clone"), "ok 2\n0\n");
	assert_string_equal(req("ipifc/clone fail"),
	    "error unknown control request\n");
	assert_string_equal(fake_lastfile, "ipifc 1");
	assert_int_equal(fake_holds[1], 0);
	assert_int_equal(fake_holds[0], 1);
	assert_int_equal(sess.ifcheld, 1);
	/* The slot is free again. */
	assert_string_equal(req("ipifc/clone bind pkt"), "ok 2\n1\n");
	assert_int_equal(sess.ifcheld, 3);
}

static void
test_more_records(void **state)
{
	const char *p;
	size_t off, len, i, k;
	int nmore;

	(void)state;
	for (k = 0; k < 4; k++) {
		static const size_t sizes[] = { 65536, 65537, 150000, 131072 };

		fake_routelen = sizes[k];
		req("iproute");
		p = reply.buf;
		off = 0;
		nmore = 0;
		while (strncmp(p, "more ", 5) == 0) {
			assert_int_equal(strtoul(p + 5, NULL, 10), CTL_CHUNK);
			p = strchr(p, '\n') + 1;
			for (i = 0; i < CTL_CHUNK; i++)
				assert_int_equal(p[i], fake_routebyte(off + i));
			p += CTL_CHUNK;
			off += CTL_CHUNK;
			nmore++;
		}
		assert_int_equal(nmore, (sizes[k] - 1) / CTL_CHUNK);
		assert_memory_equal(p, "ok ", 3);
		len = strtoul(p + 3, NULL, 10);
		assert_int_equal(off + len, sizes[k]);
		assert_true(len > 0 && len <= CTL_CHUNK);
		p = strchr(p, '\n') + 1;
		for (i = 0; i < len; i++)
			assert_int_equal(p[i], fake_routebyte(off + i));
		assert_int_equal((size_t)(p + len - reply.buf), reply.len);
	}
}

static void
test_too_big_and_nul(void **state)
{
	char *line;

	(void)state;
	line = malloc(CTL_MSGMAX + 2);
	assert_non_null(line);
	memcpy(line, "ndb ", 4);
	memset(line + 4, 'x', CTL_MSGMAX - 4);
	line[CTL_MSGMAX] = '\0';
	assert_string_equal(req(line), "ok 0\n");
	line[CTL_MSGMAX] = 'x';
	line[CTL_MSGMAX + 1] = '\0';
	assert_string_equal(req(line), "error control message too big\n");
	free(line);
	ctl_out_reset(&reply);
	ctl_dispatch(&sess, "ndb a\0b", 7, &reply);
	assert_int_equal(reply.len, strlen("error bad arg in system call\n"));
	assert_memory_equal(reply.buf, "error bad arg in system call\n",
	    reply.len);
	assert_memory_equal(req("ndb"), "ok 7997\nxxx", 11);
}

/* A newline inside an error text cannot break the framing. */
static void
test_error_newline(void **state)
{
	(void)state;
	assert_string_equal(req("log x 'a\nb'"),
	    "error unknown control message \"x 'a b'\"\n");
}

static void
test_run_line(void **state)
{
	const char *err;

	(void)state;
	assert_int_equal(ctl_run_line(&sess, "ndb sys=a\n", &err), 0);
	assert_null(err);
	assert_string_equal(req("ndb"), "ok 6\nsys=a\n");
	assert_int_equal(ctl_run_line(&sess, "nope", &err), -1);
	assert_string_equal(err, "file does not exist");
	assert_int_equal(ctl_run_line(&sess, "log bogus x", &err), -1);
	assert_string_equal(err, "unknown control message \"bogus x\"");
	assert_int_equal(ctl_run_line(&sess, "ipifc/clone bind ether p0",
	    &err), 0);
	assert_int_equal(fake_bound[0], 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_top_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ipifc_listing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_privilege, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_verbatim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clone_failed_write_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_more_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_big_and_nul, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_newline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_line, setup, teardown),
	};

	return cmocka_run_group_tests_name("ctl_ns", tests, NULL, NULL);
}
