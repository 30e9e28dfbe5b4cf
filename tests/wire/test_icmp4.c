/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/icmp4.c: parse and emit of a real echo request and
 * a real "fragmentation needed", the echo reply, every truncation, one
 * test per verdict, and the second header word of each error type.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/icmp4.h"

#include "stack/wire/cksum.h"
#include "stack/wire/ipv4.h"
#include "tests/wire/fixtures.h"

static void
test_parse_echo_fixture(void **state)
{
	struct icmp4_repr r;

	(void)state;
	assert_int_equal(icmp4_parse(FX_ECHO_ICMP, FX_ECHO_ICMPLEN, &r),
	    ICMP4_OK);
	assert_int_equal(r.type, ICMP4_ECHO);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.id, 0x1c46);
	assert_int_equal(r.seq, 1);
	assert_int_equal(r.mtu, 0);
	assert_int_equal(r.data_len, 16);
	assert_ptr_equal(r.data, FX_ECHO_ICMP + 8);
	assert_int_equal(r.data[0], 0x10);
	assert_int_equal(icmp4_cksum(FX_ECHO_ICMP), 0x22f8);
	assert_false(icmp4_is_error(r.type));
}

static void
test_emit_echo_matches_fixture(void **state)
{
	struct icmp4_repr r = {
		.type = ICMP4_ECHO, .id = 0x1c46, .seq = 1,
		.data = FX_ECHO_ICMP + 8, .data_len = 16,
	};
	uint8_t buf[FX_ECHO_ICMPLEN + 4];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), FX_ECHO_ICMPLEN);
	assert_memory_equal(buf, FX_ECHO_ICMP, FX_ECHO_ICMPLEN);
	assert_int_equal(buf[FX_ECHO_ICMPLEN], 0xa5);
}

/* The reply is the request with type 0, built in place. */
static void
test_echo_reply_in_place(void **state)
{
	struct icmp4_repr r;
	uint8_t buf[FX_ECHO_ICMPLEN];

	(void)state;
	memcpy(buf, FX_ECHO_ICMP, sizeof(buf));
	assert_int_equal(icmp4_parse(buf, sizeof(buf), &r), ICMP4_OK);
	r.type = ICMP4_ECHOREPLY;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(buf[0], 0);
	/* Type word 0800 -> 0000: the sum moves by 0800 (RFC 1624). */
	assert_int_equal(icmp4_cksum(buf), 0x2af8);
	assert_memory_equal(buf + 4, FX_ECHO_ICMP + 4, FX_ECHO_ICMPLEN - 4);
	assert_int_equal(icmp4_check(buf, sizeof(buf)), ICMP4_OK);
}

static void
test_parse_needfrag_fixture(void **state)
{
	struct icmp4_repr r;

	(void)state;
	assert_int_equal(icmp4_parse(fx_needfrag, sizeof(fx_needfrag), &r),
	    ICMP4_OK);
	assert_int_equal(r.type, ICMP4_UNREACH);
	assert_int_equal(r.code, ICMP4_UNREACH_NEEDFRAG);
	assert_int_equal(r.mtu, 1400);
	assert_int_equal(icmp4_mtu(fx_needfrag), 1400);
	assert_int_equal(r.id, 0);
	assert_int_equal(r.data_len, 28);
	assert_true(icmp4_is_error(r.type));
	/* The quote is the original header and the TCP ports. */
	assert_int_equal(ipv4_check(r.data, r.data_len), IPV4_BADLEN);
	assert_int_equal(ipv4_dst(r.data), 0xcb007109);
	assert_int_equal(ipv4_proto(r.data), 6);
	assert_int_equal(cksum_inet(r.data, 20), 0);
	assert_int_equal(get_be16(r.data + 20), 50000);
	assert_int_equal(get_be16(r.data + 22), 80);
}

/* Build 3/4 from the offending datagram, as the forwarder does. */
static void
test_emit_needfrag_matches_fixture(void **state)
{
	uint8_t dgram[1500], buf[64];
	struct icmp4_repr r = {
		.type = ICMP4_UNREACH, .code = ICMP4_UNREACH_NEEDFRAG,
		.mtu = 1400,
	};

	(void)state;
	memset(dgram, 0x5a, sizeof(dgram));
	memcpy(dgram, fx_needfrag + 8, 28);
	assert_int_equal(ipv4_check(dgram, sizeof(dgram)), IPV4_OK);
	r.data = dgram;
	r.data_len = icmp4_quote_len(dgram, sizeof(dgram));
	assert_int_equal(r.data_len, 28);
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), sizeof(fx_needfrag));
	assert_memory_equal(buf, fx_needfrag, sizeof(fx_needfrag));
	assert_int_equal(buf[sizeof(fx_needfrag)], 0xa5);
}

static void
test_quote_len(void **state)
{
	uint8_t d[64];

	(void)state;
	memset(d, 0, sizeof(d));
	d[0] = 0x45;
	assert_int_equal(icmp4_quote_len(d, 64), 28);
	assert_int_equal(icmp4_quote_len(d, 24), 24);	/* short datagram */
	d[0] = 0x46;					/* one option word */
	assert_int_equal(icmp4_quote_len(d, 64), 32);
	d[0] = 0x4f;
	assert_int_equal(icmp4_quote_len(d, 64), 64);	/* 68 wanted */
}

static void
test_emit_refuses_short_buffer(void **state)
{
	struct icmp4_repr r = {
		.type = ICMP4_ECHO, .data = FX_ECHO_ICMP + 8, .data_len = 16,
	};
	uint8_t buf[FX_ECHO_ICMPLEN];
	size_t n;

	(void)state;
	for (n = 0; n < FX_ECHO_ICMPLEN; n++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(icmp4_emit(&r, buf, n), 0);
		assert_int_equal(buf[0], 0xa5);
	}
}

static void
test_check_every_truncation(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; n < ICMP4_HLEN; n++)
		assert_int_equal(icmp4_check(FX_ECHO_ICMP, n), ICMP4_SHORT);
	for (; n < FX_ECHO_ICMPLEN; n++)
		assert_int_equal(icmp4_check(FX_ECHO_ICMP, n), ICMP4_BADCKSUM);
	assert_int_equal(icmp4_check(FX_ECHO_ICMP, n), ICMP4_OK);

	for (n = 0; n < ICMP4_HLEN; n++)
		assert_int_equal(icmp4_check(fx_needfrag, n), ICMP4_SHORT);
	for (; n < sizeof(fx_needfrag); n++)
		assert_int_equal(icmp4_check(fx_needfrag, n), ICMP4_BADCKSUM);
	assert_int_equal(icmp4_check(fx_needfrag, n), ICMP4_OK);
}

static void
test_verdict_short(void **state)
{
	struct icmp4_repr r;

	(void)state;
	assert_int_equal(icmp4_parse(FX_ECHO_ICMP, 7, &r), ICMP4_SHORT);
	assert_int_equal(icmp4_parse(FX_ECHO_ICMP, 0, &r), ICMP4_SHORT);
}

static void
test_verdict_badcksum(void **state)
{
	uint8_t b[FX_ECHO_ICMPLEN];
	struct icmp4_repr r;
	int bit;

	(void)state;
	for (bit = 0; bit < FX_ECHO_ICMPLEN * 8; bit++) {
		memcpy(b, FX_ECHO_ICMP, sizeof(b));
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(icmp4_parse(b, sizeof(b), &r), ICMP4_BADCKSUM);
	}
}

/* An error message must quote an IPv4 header and 8 more bytes. */
static void
test_verdict_badquote(void **state)
{
	uint8_t q[40], buf[64];
	struct icmp4_repr r = {
		.type = ICMP4_TIMXCEED, .code = ICMP4_TIMXCEED_INTRANS,
		.data = q,
	};

	(void)state;
	memset(q, 0, sizeof(q));
	memcpy(q, fx_needfrag + 8, 28);

	r.data_len = 28;			/* the full quote: fine */
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(icmp4_check(buf, 36), ICMP4_OK);

	r.data_len = 27;			/* 7 bytes after the header */
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 35);
	assert_int_equal(icmp4_check(buf, 35), ICMP4_BADQUOTE);

	r.data_len = 0;				/* nothing quoted */
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 8);
	assert_int_equal(icmp4_check(buf, 8), ICMP4_BADQUOTE);

	r.data_len = 28;
	q[0] = 0x65;				/* IPv6 version nibble */
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(icmp4_check(buf, 36), ICMP4_BADQUOTE);

	q[0] = 0x44;				/* IHL 4 */
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(icmp4_check(buf, 36), ICMP4_BADQUOTE);

	q[0] = 0x46;				/* IHL 6: 32 bytes wanted */
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(icmp4_check(buf, 36), ICMP4_BADQUOTE);
	r.data_len = 32;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 40);
	assert_int_equal(icmp4_check(buf, 40), ICMP4_OK);

	/* Echo carries no quote: a short body is fine there. */
	r.type = ICMP4_ECHO;
	r.data_len = 0;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 8);
	assert_int_equal(icmp4_check(buf, 8), ICMP4_OK);
}

/* The second word of each type survives emit then parse. */
static void
test_second_word_by_type(void **state)
{
	uint8_t buf[64];
	struct icmp4_repr r = {
		.data = fx_needfrag + 8, .data_len = 28,
	}, back;

	(void)state;
	r.type = ICMP4_PARAMPROB;
	r.pointer = 9;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(buf[4], 9);
	assert_int_equal(buf[5] | buf[6] | buf[7], 0);
	assert_int_equal(icmp4_parse(buf, 36, &back), ICMP4_OK);
	assert_int_equal(back.pointer, 9);
	assert_int_equal(back.mtu, 0);

	r.type = ICMP4_REDIRECT;
	r.code = 1;
	r.gateway = 0xc0000201;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(icmp4_gateway(buf), 0xc0000201);
	assert_int_equal(icmp4_parse(buf, 36, &back), ICMP4_OK);
	assert_int_equal(back.gateway, 0xc0000201);
	assert_int_equal(back.pointer, 0);

	/* Time exceeded: the word is unused and written as zero. */
	r.type = ICMP4_TIMXCEED;
	r.code = ICMP4_TIMXCEED_REASS;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(get_be32(buf + 4), 0);
	assert_int_equal(icmp4_parse(buf, 36, &back), ICMP4_OK);
	assert_int_equal(back.type, ICMP4_TIMXCEED);
	assert_int_equal(back.code, ICMP4_TIMXCEED_REASS);
	assert_int_equal(back.gateway, 0);

	/* Port unreachable: unused word, MTU 0. */
	r.type = ICMP4_UNREACH;
	r.code = ICMP4_UNREACH_PORT;
	assert_int_equal(icmp4_emit(&r, buf, sizeof(buf)), 36);
	assert_int_equal(get_be32(buf + 4), 0);
	assert_memory_equal(buf + 8, fx_needfrag + 8, 28);
}

static void
test_setters(void **state)
{
	uint8_t b[FX_ECHO_ICMPLEN];

	(void)state;
	memcpy(b, FX_ECHO_ICMP, sizeof(b));
	icmp4_set_type(b, ICMP4_ECHOREPLY);
	icmp4_set_code(b, 0);
	icmp4_set_id(b, 0x0102);
	icmp4_set_seq(b, 0x0304);
	icmp4_set_cksum(b, 0);
	icmp4_set_cksum(b, cksum_inet(b, sizeof(b)));
	assert_int_equal(icmp4_type(b), 0);
	assert_int_equal(icmp4_code(b), 0);
	assert_int_equal(icmp4_id(b), 0x0102);
	assert_int_equal(icmp4_seq(b), 0x0304);
	assert_int_equal(icmp4_check(b, sizeof(b)), ICMP4_OK);
	icmp4_set_mtu(b, 576);
	assert_int_equal(icmp4_mtu(b), 576);
	assert_int_equal(icmp4_seq(b), 576);	/* the same bytes */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_echo_fixture),
		cmocka_unit_test(test_emit_echo_matches_fixture),
		cmocka_unit_test(test_echo_reply_in_place),
		cmocka_unit_test(test_parse_needfrag_fixture),
		cmocka_unit_test(test_emit_needfrag_matches_fixture),
		cmocka_unit_test(test_quote_len),
		cmocka_unit_test(test_emit_refuses_short_buffer),
		cmocka_unit_test(test_check_every_truncation),
		cmocka_unit_test(test_verdict_short),
		cmocka_unit_test(test_verdict_badcksum),
		cmocka_unit_test(test_verdict_badquote),
		cmocka_unit_test(test_second_word_by_type),
		cmocka_unit_test(test_setters),
	};

	return cmocka_run_group_tests_name("wire_icmp4", tests, NULL, NULL);
}
