/* SPDX-License-Identifier: MIT */
/*
 * ctl/cmd.c: the 9front tokenizer (quotes, separators, the trailing
 * newline, size and field limits), the growable reply buffer and session
 * defaults.
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

/* Tokenize s (strlen bytes), expect success and exactly the n fields. */
static void
expect_fields(const char *s, int n, ...)
{
	struct cmdbuf cb;
	va_list ap;
	int i;

	assert_null(ctl_parsecmd(&cb, s, strlen(s)));
	assert_int_equal(cb.nf, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(cb.f[i], va_arg(ap, const char *));
	va_end(ap);
	if (n < CTL_MAXFIELDS)
		assert_null(cb.f[n]);
	ctl_freecmd(&cb);
}

static void
test_plain_fields(void **state)
{
	(void)state;
	expect_fields("add 192.0.2.2 255.255.255.0", 3,
	    "add", "192.0.2.2", "255.255.255.0");
	expect_fields("unbind", 1, "unbind");
	expect_fields("x", 1, "x");
}

static void
test_separators(void **state)
{
	(void)state;
	expect_fields("a\tb\rc\nd e", 5, "a", "b", "c", "d", "e");
	expect_fields("  \t lead  trail \t ", 2, "lead", "trail");
	expect_fields("a \t\r\n b", 2, "a", "b");
	expect_fields("add 1\r\n", 2, "add", "1");
}

static void
test_empty(void **state)
{
	(void)state;
	expect_fields("", 0);
	expect_fields("\n", 0);
	expect_fields(" \t\r\n ", 0);
}

static void
test_quotes(void **state)
{
	(void)state;
	expect_fields("'a b' c", 2, "a b", "c");
	expect_fields("'it''s'", 1, "it's");
	expect_fields("''", 1, "");
	expect_fields("a '' b", 3, "a", "", "b");
	expect_fields("a'b c'd e", 2, "ab cd", "e");
	expect_fields("'tab\there' x", 2, "tab\there", "x");
	/* A quote that never closes takes the rest, separators included. */
	expect_fields("x 'abc def", 2, "x", "abc def");
	expect_fields("'a''", 1, "a'");
	expect_fields("'''", 1, "'");
	expect_fields("''''", 1, "'");
}

/* Only one trailing newline goes; inside an open quote the second stays. */
static void
test_trailing_newline(void **state)
{
	(void)state;
	expect_fields("'a\n", 1, "a");
	expect_fields("'a\n\n", 1, "a\n");
	expect_fields("set ip\n", 2, "set", "ip");
}

static void
test_size_limit(void **state)
{
	struct cmdbuf cb;
	char *s;

	(void)state;
	s = malloc(CTL_MSGMAX + 2);
	assert_non_null(s);
	memset(s, 'a', CTL_MSGMAX + 1);
	s[CTL_MSGMAX + 1] = '\0';
	assert_string_equal(ctl_parsecmd(&cb, s, CTL_MSGMAX + 1), Etoobig);
	assert_null(cb.buf);
	assert_null(ctl_parsecmd(&cb, s, CTL_MSGMAX));
	assert_int_equal(cb.nf, 1);
	assert_int_equal(strlen(cb.f[0]), CTL_MSGMAX);
	ctl_freecmd(&cb);
	/* The newline counts towards the limit before it is dropped. */
	s[CTL_MSGMAX] = '\n';
	assert_string_equal(ctl_parsecmd(&cb, s, CTL_MSGMAX + 1), Etoobig);
	s[CTL_MSGMAX - 1] = '\n';
	assert_null(ctl_parsecmd(&cb, s, CTL_MSGMAX));
	assert_int_equal(strlen(cb.f[0]), CTL_MSGMAX - 1);
	ctl_freecmd(&cb);
	free(s);
}

/* len is honoured: bytes past it are not read. */
static void
test_length_not_nul(void **state)
{
	struct cmdbuf cb;

	(void)state;
	assert_null(ctl_parsecmd(&cb, "add 1 2 3", 5));
	assert_int_equal(cb.nf, 2);
	assert_string_equal(cb.f[1], "1");
	ctl_freecmd(&cb);
	assert_string_equal(ctl_parsecmd(&cb, "add\0 1", 6), Ebadarg);
	assert_null(cb.buf);
}

static void
test_field_limit(void **state)
{
	struct cmdbuf cb;
	char s[CTL_MAXFIELDS * 4 + 8];
	size_t len;
	int i;

	(void)state;
	len = 0;
	for (i = 0; i < CTL_MAXFIELDS; i++)
		len += (size_t)sprintf(s + len, "%d ", i);
	assert_null(ctl_parsecmd(&cb, s, len));
	assert_int_equal(cb.nf, CTL_MAXFIELDS);
	assert_string_equal(cb.f[0], "0");
	assert_string_equal(cb.f[CTL_MAXFIELDS - 1], "127");
	ctl_freecmd(&cb);
	len += (size_t)sprintf(s + len, "x");
	assert_string_equal(ctl_parsecmd(&cb, s, len), Ecmdargs);
	assert_null(cb.buf);
	assert_int_equal(cb.nf, 0);
}

static void
test_out_grows(void **state)
{
	struct ctl_out o;
	char big[3000];
	int i;

	(void)state;
	ctl_out_init(&o);
	assert_int_equal(o.len, 0);
	assert_int_equal(ctl_printf(&o, "%d %s", 42, "x"), 4);
	assert_int_equal(ctl_put(&o, "yz", 2), 0);
	assert_int_equal(o.len, 6);
	assert_memory_equal(o.buf, "42 xyz", 6);
	memset(big, 'q', sizeof(big));
	for (i = 0; i < 100; i++)
		assert_int_equal(ctl_put(&o, big, sizeof(big)), 0);
	assert_int_equal(o.len, 6 + 100 * sizeof(big));
	assert_true(o.cap > o.len);
	assert_int_equal(o.buf[o.len - 1], 'q');
	assert_int_equal(o.failed, 0);
	ctl_out_reset(&o);
	assert_int_equal(o.len, 0);
	assert_int_equal(ctl_printf(&o, "%s", ""), 0);
	assert_int_equal(ctl_put(&o, "", 0), 0);
	assert_int_equal(o.len, 0);
	ctl_out_free(&o);
	assert_null(o.buf);
}

static void
test_sess_init(void **state)
{
	struct ctl_sess s;

	(void)state;
	memset(&s, 0x5a, sizeof(s));
	ctl_sess_init(&s, NULL, 1);
	assert_string_equal(s.routetag, "none");
	assert_int_equal(s.priv, 1);
	assert_int_equal(s.ifcheld, 0);
	assert_null(s.srv);
	ctl_sess_init(&s, NULL, 0);
	assert_int_equal(s.priv, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_fields),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_trailing_newline),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_length_not_nul),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_out_grows),
		cmocka_unit_test(test_sess_init),
	};

	return cmocka_run_group_tests_name("ctl_cmd", tests, NULL, NULL);
}
