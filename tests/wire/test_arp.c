/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/arp.c: parse and emit of a real request, every
 * truncation, and one test per verdict.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/arp.h"

#include "tests/wire/fixtures.h"

#define FX_ARP		(fx_arp_frame + FX_ETHER_HLEN)
#define FX_ARPLEN	(sizeof(fx_arp_frame) - FX_ETHER_HLEN)	/* padded */

static const uint8_t mac1[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t zero6[6];

/* A writable copy of the request, for the verdict tests. */
static void
arp_copy(uint8_t b[ARP_LEN])
{
	memcpy(b, FX_ARP, ARP_LEN);
}

static void
test_parse_fixture(void **state)
{
	struct arp_repr r;

	(void)state;
	/* The frame is padded to 60 bytes: the padding is ignored. */
	assert_int_equal(arp_parse(FX_ARP, FX_ARPLEN, &r), ARP_OK);
	assert_int_equal(r.op, ARP_OP_REQUEST);
	assert_memory_equal(r.sha, mac1, 6);
	assert_int_equal(r.spa, 0xc0000202);
	assert_memory_equal(r.tha, zero6, 6);
	assert_int_equal(r.tpa, 0xc0000201);
	assert_int_equal(arp_htype(FX_ARP), 1);
	assert_int_equal(arp_ptype(FX_ARP), 0x0800);
	assert_int_equal(arp_hlen(FX_ARP), 6);
	assert_int_equal(arp_plen(FX_ARP), 4);
}

static void
test_emit_matches_fixture(void **state)
{
	struct arp_repr r = {
		.op = ARP_OP_REQUEST, .spa = 0xc0000202, .tpa = 0xc0000201,
	};
	uint8_t buf[ARP_LEN + 2];

	(void)state;
	memcpy(r.sha, mac1, 6);
	memset(r.tha, 0, 6);
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(arp_emit(&r, buf, sizeof(buf)), ARP_LEN);
	assert_memory_equal(buf, FX_ARP, ARP_LEN);
	assert_int_equal(buf[ARP_LEN], 0xa5);
}

static void
test_emit_refuses_short_buffer(void **state)
{
	struct arp_repr r = { .op = ARP_OP_REPLY };
	uint8_t buf[ARP_LEN];
	size_t n;

	(void)state;
	for (n = 0; n < ARP_LEN; n++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(arp_emit(&r, buf, n), 0);
		assert_int_equal(buf[0], 0xa5);
	}
}

/* A reply built from the request parses back field by field. */
static void
test_reply_round_trip(void **state)
{
	static const uint8_t mac2[6] = { 0x5e, 0x2c, 0x0d, 0x1a, 0x7b, 0x33 };
	struct arp_repr q, r, back;
	uint8_t buf[ARP_LEN];

	(void)state;
	assert_int_equal(arp_parse(FX_ARP, ARP_LEN, &q), ARP_OK);
	r.op = ARP_OP_REPLY;
	memcpy(r.sha, mac2, 6);
	r.spa = q.tpa;
	memcpy(r.tha, q.sha, 6);
	r.tpa = q.spa;
	assert_int_equal(arp_emit(&r, buf, sizeof(buf)), ARP_LEN);
	assert_int_equal(arp_parse(buf, sizeof(buf), &back), ARP_OK);
	assert_int_equal(back.op, ARP_OP_REPLY);
	assert_memory_equal(back.sha, mac2, 6);
	assert_int_equal(back.spa, 0xc0000201);
	assert_memory_equal(back.tha, mac1, 6);
	assert_int_equal(back.tpa, 0xc0000202);
	assert_int_equal(arp_op(buf), 2);
	assert_memory_equal(arp_tha(buf), mac1, 6);
}

static void
test_setters(void **state)
{
	uint8_t b[ARP_LEN];

	(void)state;
	arp_copy(b);
	arp_set_op(b, ARP_OP_REPLY);
	arp_set_sha(b, zero6);
	arp_set_spa(b, 0xcb007109);
	arp_set_tha(b, mac1);
	arp_set_tpa(b, 0xc6336401);
	assert_int_equal(arp_op(b), ARP_OP_REPLY);
	assert_memory_equal(arp_sha(b), zero6, 6);
	assert_int_equal(arp_spa(b), 0xcb007109);
	assert_memory_equal(arp_tha(b), mac1, 6);
	assert_int_equal(arp_tpa(b), 0xc6336401);
	assert_int_equal(b[ARP_O_TPA], 198);
}

static void
test_check_every_truncation(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; n < ARP_LEN; n++)
		assert_int_equal(arp_check(FX_ARP, n), ARP_SHORT);
	assert_int_equal(arp_check(FX_ARP, ARP_LEN), ARP_OK);
}

static void
test_verdict_short(void **state)
{
	struct arp_repr r;

	(void)state;
	assert_int_equal(arp_parse(FX_ARP, ARP_LEN - 1, &r), ARP_SHORT);
}

static void
test_verdict_badhtype(void **state)
{
	uint8_t b[ARP_LEN];

	(void)state;
	arp_copy(b);
	b[ARP_O_HTYPE + 1] = 6;		/* IEEE 802 */
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADHTYPE);
	b[ARP_O_HTYPE] = 1;		/* 0x0101 */
	b[ARP_O_HTYPE + 1] = 1;
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADHTYPE);
}

static void
test_verdict_badptype(void **state)
{
	uint8_t b[ARP_LEN];

	(void)state;
	arp_copy(b);
	b[ARP_O_PTYPE] = 0x86;
	b[ARP_O_PTYPE + 1] = 0xdd;
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADPTYPE);
}

static void
test_verdict_badhlen(void **state)
{
	uint8_t b[ARP_LEN];

	(void)state;
	arp_copy(b);
	b[ARP_O_HLEN] = 8;
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADHLEN);
}

static void
test_verdict_badplen(void **state)
{
	uint8_t b[ARP_LEN];

	(void)state;
	arp_copy(b);
	b[ARP_O_PLEN] = 16;
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADPLEN);
}

static void
test_verdict_badop(void **state)
{
	uint8_t b[ARP_LEN];
	struct arp_repr r;

	(void)state;
	arp_copy(b);
	b[ARP_O_OP + 1] = 0;
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADOP);
	b[ARP_O_OP + 1] = 3;		/* RARP request */
	assert_int_equal(arp_parse(b, sizeof(b), &r), ARP_BADOP);
	b[ARP_O_OP] = 1;		/* 0x0101 */
	b[ARP_O_OP + 1] = 1;
	assert_int_equal(arp_check(b, sizeof(b)), ARP_BADOP);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_emit_matches_fixture),
		cmocka_unit_test(test_emit_refuses_short_buffer),
		cmocka_unit_test(test_reply_round_trip),
		cmocka_unit_test(test_setters),
		cmocka_unit_test(test_check_every_truncation),
		cmocka_unit_test(test_verdict_short),
		cmocka_unit_test(test_verdict_badhtype),
		cmocka_unit_test(test_verdict_badptype),
		cmocka_unit_test(test_verdict_badhlen),
		cmocka_unit_test(test_verdict_badplen),
		cmocka_unit_test(test_verdict_badop),
	};

	return cmocka_run_group_tests_name("wire_arp", tests, NULL, NULL);
}
