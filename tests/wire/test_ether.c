/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/ether.c: parse and emit against real frames, every
 * truncation, VLAN reporting, address predicates and the IP multicast
 * MAC mappings (RFC 1112 §6.4, RFC 2464 §7).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/ether.h"

#include "tests/wire/fixtures.h"

static void
test_parse_arp_frame(void **state)
{
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct ether_repr r;

	(void)state;
	assert_int_equal(ether_parse(fx_arp_frame, sizeof(fx_arp_frame), &r),
	    ETHER_OK);
	assert_memory_equal(r.dst, ether_bcast, 6);
	assert_memory_equal(r.src, src, 6);
	assert_int_equal(r.type, ETHERTYPE_ARP);
	assert_true(ether_is_broadcast(ether_dst(fx_arp_frame)));
	assert_false(ether_is_multicast(ether_src(fx_arp_frame)));
}

static void
test_parse_echo_frame(void **state)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	struct ether_repr r;

	(void)state;
	assert_int_equal(ether_parse(fx_echo_frame, sizeof(fx_echo_frame), &r),
	    ETHER_OK);
	assert_memory_equal(r.dst, dst, 6);
	assert_memory_equal(r.src, src, 6);
	assert_int_equal(r.type, ETHERTYPE_IPV4);
	assert_int_equal(ether_type(fx_echo_frame), 0x0800);
}

/* Emit into a dirty buffer, so any byte emit forgets shows up. */
static void
test_emit_matches_fixture(void **state)
{
	struct ether_repr r = { .type = ETHERTYPE_IPV4 };
	uint8_t buf[FX_ETHER_HLEN + 4];

	(void)state;
	memcpy(r.dst, fx_echo_frame, 6);
	memcpy(r.src, fx_echo_frame + 6, 6);
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(ether_emit(&r, buf, sizeof(buf)), ETHER_HLEN);
	assert_memory_equal(buf, fx_echo_frame, ETHER_HLEN);
	assert_int_equal(buf[ETHER_HLEN], 0xa5);	/* nothing past it */
}

static void
test_emit_refuses_short_buffer(void **state)
{
	struct ether_repr r = { .type = ETHERTYPE_ARP };
	uint8_t buf[ETHER_HLEN];
	size_t n;

	(void)state;
	for (n = 0; n < ETHER_HLEN; n++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(ether_emit(&r, buf, n), 0);
		assert_int_equal(buf[0], 0xa5);
	}
}

static void
test_check_every_truncation(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; n < ETHER_HLEN; n++)
		assert_int_equal(ether_check(fx_echo_frame, n), ETHER_SHORT);
	assert_int_equal(ether_check(fx_echo_frame, ETHER_HLEN), ETHER_OK);
}

static void
test_verdict_short(void **state)
{
	struct ether_repr r;

	(void)state;
	assert_int_equal(ether_parse(fx_arp_frame, 13, &r), ETHER_SHORT);
}

/* An 802.1Q tag is reported as its own ethertype, not looked through. */
static void
test_vlan_is_reported(void **state)
{
	uint8_t f[18];
	struct ether_repr r;

	(void)state;
	memcpy(f, fx_echo_frame, 12);
	f[12] = 0x81;
	f[13] = 0x00;
	f[14] = 0x00;
	f[15] = 0x64;		/* VID 100 */
	f[16] = 0x08;
	f[17] = 0x00;
	assert_int_equal(ether_parse(f, sizeof(f), &r), ETHER_OK);
	assert_int_equal(r.type, ETHERTYPE_VLAN);
}

static void
test_setters(void **state)
{
	uint8_t f[ETHER_HLEN];
	static const uint8_t a[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t b[6] = { 7, 8, 9, 10, 11, 12 };

	(void)state;
	memset(f, 0xa5, sizeof(f));
	ether_set_dst(f, a);
	ether_set_src(f, b);
	ether_set_type(f, ETHERTYPE_IPV6);
	assert_memory_equal(ether_dst(f), a, 6);
	assert_memory_equal(ether_src(f), b, 6);
	assert_int_equal(f[12], 0x86);
	assert_int_equal(f[13], 0xdd);
}

static void
test_address_predicates(void **state)
{
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t almost[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };
	static const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
	static const uint8_t uc[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

	(void)state;
	assert_true(ether_is_broadcast(bc));
	assert_true(ether_is_multicast(bc));
	assert_false(ether_is_broadcast(almost));
	assert_true(ether_is_multicast(almost));
	assert_false(ether_is_broadcast(mc));
	assert_true(ether_is_multicast(mc));
	assert_false(ether_is_broadcast(uc));
	assert_false(ether_is_multicast(uc));
}

static void
test_multicast_ipv4(void **state)
{
	static const uint8_t mdns[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
	static const uint8_t ssdp[6] = { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa };
	static const uint8_t low[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	uint8_t m[6];

	(void)state;
	ether_multicast_ipv4(m, 0xe00000fb);		/* 224.0.0.251 */
	assert_memory_equal(m, mdns, 6);
	ether_multicast_ipv4(m, 0xeffffffa);		/* 239.255.255.250 */
	assert_memory_equal(m, ssdp, 6);
	/* Bit 23 of the group is dropped: 224.128.0.1 maps like 224.0.0.1. */
	ether_multicast_ipv4(m, 0xe0800001);
	assert_memory_equal(m, low, 6);
	assert_true(ether_is_multicast(m));
}

static void
test_multicast_ipv6(void **state)
{
	static const uint8_t sn[16] = {		/* ff02::1:ff00:1 */
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0x00, 0x00,
		0x01,
	};
	static const uint8_t all[16] = {	/* ff02::1 */
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	};
	static const uint8_t want_sn[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 };
	static const uint8_t want_all[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
	uint8_t m[6];

	(void)state;
	ether_multicast_ipv6(m, sn);
	assert_memory_equal(m, want_sn, 6);
	ether_multicast_ipv6(m, all);
	assert_memory_equal(m, want_all, 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_arp_frame),
		cmocka_unit_test(test_parse_echo_frame),
		cmocka_unit_test(test_emit_matches_fixture),
		cmocka_unit_test(test_emit_refuses_short_buffer),
		cmocka_unit_test(test_check_every_truncation),
		cmocka_unit_test(test_verdict_short),
		cmocka_unit_test(test_vlan_is_reported),
		cmocka_unit_test(test_setters),
		cmocka_unit_test(test_address_predicates),
		cmocka_unit_test(test_multicast_ipv4),
		cmocka_unit_test(test_multicast_ipv6),
	};

	return cmocka_run_group_tests_name("wire_ether", tests, NULL, NULL);
}
