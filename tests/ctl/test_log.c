/* SPDX-License-Identifier: MIT */
/*
 * ctl/log_ctl.c and ctl/ndb_ctl.c: netlog items and their implications,
 * the ctl grammar and its exact errors, the 16 KiB ring (cut, overwrite,
 * consume), the log-file mirror, concurrent loggers, and the ndb size
 * limit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "ctl/log.h"
#include "ctl/ns.h"
#include "stack/wire/ipaddr.h"
#include "tests/support/fake_files.h"

static struct ctl_sess sess;
static struct ctl_out reply;

static int
setup(void **state)
{
	(void)state;
	fake_reset();
	netlog_reset();
	ndb_reset();
	ctl_sess_init(&sess, NULL, 1);
	ctl_out_init(&reply);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	netlog_set_file(NULL);
	netlog_reset();
	ndb_reset();
	ctl_out_free(&reply);
	return 0;
}

/* Write msg to the log file: NULL or the error. */
static const char *
logw(const char *msg)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", msg);
	return log_write(&sess, -1, buf, strlen(buf), &reply);
}

/* Read (and consume) the log. */
static const char *
logr(void)
{
	ctl_out_reset(&reply);
	assert_null(log_read(&sess, -1, &reply));
	ctl_put(&reply, "", 0);
	return reply.buf;
}

static void
test_set_clear(void **state)
{
	(void)state;
	assert_false(netlog_enabled(NETLOG_IP));
	assert_null(logw("set ip udp nosuchitem"));
	assert_true(netlog_enabled(NETLOG_IP));
	assert_true(netlog_enabled(NETLOG_UDP));
	assert_false(netlog_enabled(NETLOG_TCP));
	assert_null(logw("clear ip bogus"));
	assert_false(netlog_enabled(NETLOG_IP));
	assert_true(netlog_enabled(NETLOG_UDP));
	/* Unknown names alone are fine and change nothing. */
	assert_null(logw("set ilmsg"));
	assert_false(netlog_enabled(NETLOG_ILMSG));
	assert_null(logw("set logilmsg esp trans igmp gre compress fs ppp"));
	assert_true(netlog_enabled(NETLOG_ILMSG));
	assert_true(netlog_enabled(NETLOG_ESP | NETLOG_TRANS));
	assert_true(netlog_enabled(NETLOG_IGMP));
}

static void
test_implied_items(void **state)
{
	(void)state;
	assert_null(logw("set tcpwin"));
	assert_true(netlog_enabled(NETLOG_TCPWIN));
	assert_true(netlog_enabled(NETLOG_TCP));
	assert_null(logw("clear tcp"));
	assert_false(netlog_enabled(NETLOG_TCP));
	assert_true(netlog_enabled(NETLOG_TCPWIN));
	assert_null(logw("clear tcpwin"));
	assert_false(netlog_enabled(NETLOG_TCPWIN));
	assert_null(logw("set tcprxmt udpmsg ipmsg"));
	assert_true(netlog_enabled(NETLOG_TCPRXMT));
	assert_true(netlog_enabled(NETLOG_TCP));
	assert_true(netlog_enabled(NETLOG_UDPMSG));
	assert_true(netlog_enabled(NETLOG_UDP));
	assert_true(netlog_enabled(NETLOG_IPMSG));
	assert_true(netlog_enabled(NETLOG_IP));
}

static void
test_errors(void **state)
{
	const char *few = "too few arguments for netlog control message";

	(void)state;
	assert_string_equal(logw("set"), few);
	assert_string_equal(logw("only"), few);
	assert_string_equal(logw("clear"), few);
	assert_string_equal(logw(""), few);
	assert_string_equal(logw("bogus"), few);
	assert_string_equal(logw("bogus ip"),
	    "unknown control message \"bogus ip\"");
	assert_string_equal(logw("SET ip"),
	    "unknown control message \"SET ip\"");
	assert_string_equal(logw("x 'a b' '' 'it''s' tab'\t'"),
	    "unknown control message \"x 'a b' '' 'it''s' 'tab\t'\"");
	assert_string_equal(logw("only 1::2::3"), Ebadip);
	assert_string_equal(logw("only zzz"), Ebadip);
}

/* Like the kernel, the error text is cut at ERRMAX-10 bytes, then '"'. */
static void
test_error_cut(void **state)
{
	char msg[400];
	const char *err;

	(void)state;
	memset(msg, 'w', 300);
	memcpy(msg, "verb ", 5);
	msg[300] = '\0';
	err = logw(msg);
	assert_int_equal(strlen(err), 128 - 10);
	assert_memory_equal(err, "unknown control message \"verb www", 33);
	assert_int_equal(err[strlen(err) - 1], '"');
	assert_int_equal(err[strlen(err) - 2], 'w');
}

static void
test_only(void **state)
{
	uint8_t ip[IPADDRLEN], want[IPADDRLEN];

	(void)state;
	assert_int_equal(netlog_only(ip), 0);
	assert_null(logw("only 192.0.2.7"));
	assert_int_equal(netlog_only(ip), 1);
	ip_parse(want, "192.0.2.7");
	assert_memory_equal(ip, want, IPADDRLEN);
	assert_null(logw("only 2001:db8::1"));
	assert_int_equal(netlog_only(ip), 1);
	ip_parse(want, "2001:db8::1");
	assert_memory_equal(ip, want, IPADDRLEN);
}

static void
test_ring_basic(void **state)
{
	(void)state;
	netlog(NETLOG_IP, "dropped %d\n", 1);
	assert_string_equal(logr(), "");
	assert_null(logw("set ip"));
	netlog(NETLOG_IP, "dropped %d\n", 2);
	netlog(NETLOG_TCP, "not me\n");
	netlog(NETLOG_TCP | NETLOG_IP, "either %s\n", "ok");
	assert_string_equal(logr(), "dropped 2\neither ok\n");
	assert_string_equal(logr(), "");
}

static void
test_ring_cut_and_overwrite(void **state)
{
	char big[600], *all;
	const char *r;
	size_t n;
	int i;

	(void)state;
	assert_null(logw("set udp"));
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	netlog(NETLOG_UDP, "%s\n", big);
	r = logr();
	assert_int_equal(strlen(r), NETLOG_MSGMAX);
	assert_int_equal(strspn(r, "b"), NETLOG_MSGMAX);
	/* 1000 numbered lines (19000 bytes): the newest 16384 bytes stay. */
	all = malloc(1000 * 19 + 1);
	assert_non_null(all);
	n = 0;
	for (i = 0; i < 1000; i++) {
		netlog(NETLOG_UDP, "line %013d\n", i);
		n += (size_t)sprintf(all + n, "line %013d\n", i);
	}
	r = logr();
	assert_int_equal(strlen(r), NETLOG_RING);
	assert_memory_equal(r, all + n - NETLOG_RING, NETLOG_RING);
	assert_memory_equal(r + NETLOG_RING - 19, "line 0000000000999\n", 19);
	free(all);
	assert_string_equal(logr(), "");
	/* And through the dispatcher. */
	netlog(NETLOG_UDP, "via socket\n");
	ctl_out_reset(&reply);
	ctl_dispatch(&sess, "/net/log", 8, &reply);
	ctl_put(&reply, "", 0);
	assert_string_equal(reply.buf, "ok 11\nvia socket\n");
}

static void
test_file_mirror(void **state)
{
	char buf[256];
	FILE *f;
	size_t n;

	(void)state;
	f = tmpfile();
	assert_non_null(f);
	netlog_set_file(f);
	assert_null(logw("set icmp"));
	netlog(NETLOG_ICMP, "echo from %s\n", "192.0.2.1");
	netlog(NETLOG_ICMP, "no newline");
	netlog(NETLOG_IP, "not set\n");
	netlog_set_file(NULL);
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	assert_string_equal(buf, "echo from 192.0.2.1\nno newline\n");
	fclose(f);
	assert_string_equal(logr(), "echo from 192.0.2.1\nno newline");
}

static void *
logger(void *arg)
{
	int i;

	for (i = 0; i < 20000; i++)
		netlog(NETLOG_TCP, "t%d %08d\n", (int)(intptr_t)arg, i);
	return NULL;
}

/* Four threads log at once: every line in the ring is whole. */
static void
test_concurrent(void **state)
{
	pthread_t t[4];
	const char *r;
	size_t len;
	int i;

	(void)state;
	assert_null(logw("set tcp"));
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, logger,
		    (void *)(intptr_t)i), 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	r = logr();
	len = strlen(r);
	assert_int_equal(len, NETLOG_RING);
	/* Lines are 12 bytes; 16384 % 12 = 4, so skip the first partial. */
	r += 4;
	for (; *r != '\0'; r += 12) {
		assert_int_equal(r[0], 't');
		assert_int_equal(r[11], '\n');
	}
}

static void
test_ndb_limit(void **state)
{
	char *msg;
	size_t total;

	(void)state;
	msg = malloc(NDB_MAX + 1);
	assert_non_null(msg);
	memset(msg, 'n', NDB_MAX);
	msg[NDB_MAX] = '\0';
	assert_string_equal(ndb_write(&sess, -1, msg, NDB_MAX, &reply), Eio);
	assert_string_equal(ndb_write(&sess, -1, msg, NDB_MAX - 1, &reply),
	    Eio);
	/* 32766 + '\n' = 32767 < 32768: fits exactly. */
	assert_null(ndb_write(&sess, -1, msg, NDB_MAX - 2, &reply));
	assert_string_equal(ndb_write(&sess, -1, msg, 0, &reply), Eio);
	ndb_reset();
	assert_null(ndb_write(&sess, -1, msg, 100, &reply));
	assert_string_equal(ndb_write(&sess, -1, msg, NDB_MAX - 102, &reply),
	    Eio);
	assert_null(ndb_write(&sess, -1, msg, NDB_MAX - 103, &reply));
	ctl_out_reset(&reply);
	assert_null(ndb_read(&sess, -1, &reply));
	total = reply.len;
	assert_int_equal(total, NDB_MAX - 1);
	assert_int_equal(reply.buf[100], '\n');
	assert_int_equal(reply.buf[total - 1], '\n');
	free(msg);
	ctl_out_reset(&reply);
	assert_null(bootp_read(&sess, -1, &reply));
	assert_int_equal(reply.len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_set_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_implied_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_cut_and_overwrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_mirror, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ndb_limit, setup, teardown),
	};

	return cmocka_run_group_tests_name("ctl_log", tests, NULL, NULL);
}
