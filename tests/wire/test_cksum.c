/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/cksum.c: RFC 1071 known answers, IPv4 header and
 * TCP pseudo-header vectors (spec/mnet-ipv4.md §6.2 item 24), running
 * sums in pieces, and the RFC 1624 update against full recomputation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/cksum.h"

#include "stack/wire/bytes.h"
#include "tests/wire/fixtures.h"

/* RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2. */
static void
test_rfc1071_example(void **state)
{
	static const uint8_t b[] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7,
	};

	(void)state;
	assert_int_equal(cksum_add(0, b, sizeof(b)), 0xddf2);
	assert_int_equal(cksum_inet(b, sizeof(b)), 0x220d);
}

static void
test_empty_and_odd(void **state)
{
	static const uint8_t one = 0x01;

	(void)state;
	assert_int_equal(cksum_inet(NULL, 0), 0xffff);
	/* An odd byte is the high half of a word padded with zero. */
	assert_int_equal(cksum_inet(&one, 1), 0xfeff);
}

/* Known IPv4 headers, checksum field zeroed, and their verification. */
static void
test_ipv4_header_known_answers(void **state)
{
	uint8_t h1[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
		0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01,
		0xc0, 0xa8, 0x00, 0xc7,
	};
	uint8_t h2[20];

	(void)state;
	assert_int_equal(cksum_inet(h1, 20), 0xb861);
	put_be16(h1 + 10, 0xb861);
	assert_int_equal(cksum_inet(h1, 20), 0);

	memcpy(h2, FX_ECHO_IP, 20);
	assert_int_equal(cksum_inet(h2, 20), 0);
	put_be16(h2 + 10, 0);
	assert_int_equal(cksum_inet(h2, 20), 0x3ca2);
}

/* TCP checksum of seg with the IPv4 pseudo header. */
static uint16_t
tcp_cksum(uint32_t src, uint32_t dst, const uint8_t *seg, size_t len)
{
	uint32_t sum;

	sum = cksum_pseudo4(src, dst, 6, (uint16_t)len);
	return cksum_finish(cksum_add(sum, seg, len));
}

static void
test_tcp_pseudo_header_vectors(void **state)
{
	/* 10 -> 100, seq 0, ack 0, offset 5, no flags, window 10. */
	uint8_t seg[25] = {
		0x00, 0x0a, 0x00, 0x64, 0, 0, 0, 0, 0, 0, 0, 0,
		0x50, 0x00, 0x00, 0x0a, 0, 0, 0, 0,
		0x01, 0x02, 0x03, 0x04, 0x05,
	};
	static const uint16_t want[6] = {
		39786, 39529, 39526, 38757, 38752, 37471,
	};
	size_t n;

	(void)state;
	for (n = 0; n <= 5; n++)
		assert_int_equal(tcp_cksum(0x0a000001, 0x0a000002, seg,
		    20 + n), want[n]);
}

static void
test_tcp_captured_segments(void **state)
{
	static const uint8_t synack[28] = {
		0x00, 0x50, 0xd0, 0xc5, 0x90, 0x3b, 0x6f, 0xb9,
		0x31, 0x8e, 0x90, 0xda, 0x70, 0x12, 0xff, 0xff,
		0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
		0x03, 0x03, 0x06, 0x00,
	};
	static const uint8_t syn[43] = {
		0x95, 0xfa, 0x00, 0x50, 0x37, 0x46, 0x1d, 0x2e,
		0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xff, 0xff,
		0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
		0x01, 0x03, 0x03, 0x06, 0x04, 0x02, 0x08, 0x0a,
		0x89, 0x8e, 0x28, 0xbe, 0x00, 0x00, 0x00, 0x00,
		0x02, 0x02, 0x02,
	};
	uint8_t odd[1 + sizeof(syn)];

	(void)state;
	assert_int_equal(tcp_cksum(0x0a002a02, 0x0a002a01, synack, 28), 0x8399);
	assert_int_equal(tcp_cksum(0x0a002a01, 0x0a002a02, syn, 40), 0x42f3);
	assert_int_equal(tcp_cksum(0x0a002a01, 0x0a002a02, syn, 43), 16110);
	assert_int_equal(tcp_cksum(0x0a002a01, 0x0a002a02, syn, 42), 16623);
	/* The same bytes at an odd address give the same sums. */
	memcpy(odd + 1, syn, sizeof(syn));
	assert_int_equal(tcp_cksum(0x0a002a01, 0x0a002a02, odd + 1, 43), 16110);
	assert_int_equal(tcp_cksum(0x0a002a01, 0x0a002a02, odd + 1, 42), 16623);
}

/* Even-length pieces and single words add up like one buffer. */
static void
test_running_sum_in_pieces(void **state)
{
	uint8_t buf[1501];
	uint32_t s, seed = 1;
	size_t i, cut;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)fx_rand(&seed);
	for (cut = 0; cut <= 1500; cut += 2) {
		s = cksum_add(0, buf, cut);
		s = cksum_add(s, buf + cut, sizeof(buf) - cut);
		assert_int_equal(cksum_finish(s), cksum_inet(buf, sizeof(buf)));
	}
	s = 0;
	for (i = 0; i + 1 < sizeof(buf); i += 2)
		s = cksum_add16(s, get_be16(buf + i));
	s = cksum_add(s, buf + 1500, 1);
	assert_int_equal(cksum_finish(s), cksum_inet(buf, sizeof(buf)));
}

/* Sums of 64 KiB of 0xff stay folded and never overflow. */
static void
test_large_buffer_all_ones(void **state)
{
	static uint8_t big[65536];

	(void)state;
	memset(big, 0xff, sizeof(big));
	assert_int_equal(cksum_add(0, big, sizeof(big)), 0xffff);
	assert_int_equal(cksum_inet(big, sizeof(big)), 0);
}

/*
 * RFC 1624: changing one 16-bit word of a random 20-byte header and
 * patching the checksum gives what recomputing it from scratch gives.
 */
static void
test_incremental_equals_full(void **state)
{
	uint8_t h[20];
	uint32_t seed = 0x1624;
	uint16_t ck, old, new;
	int iter, i, w;

	(void)state;
	for (iter = 0; iter < 100000; iter++) {
		for (i = 0; i < 20; i++)
			h[i] = (uint8_t)fx_rand(&seed);
		put_be16(h + 10, 0);
		put_be16(h + 10, cksum_inet(h, 20));
		do
			w = (int)(fx_rand(&seed) % 10) * 2;
		while (w == 10);
		old = get_be16(h + w);
		new = (uint16_t)fx_rand(&seed);
		if (iter % 7 == 0)
			new = (uint16_t)(old - 0x100);	/* a TTL decrement */
		put_be16(h + w, new);
		ck = cksum_update16(get_be16(h + 10), old, new);
		put_be16(h + 10, 0);
		assert_int_equal(ck, cksum_inet(h, 20));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc1071_example),
		cmocka_unit_test(test_empty_and_odd),
		cmocka_unit_test(test_ipv4_header_known_answers),
		cmocka_unit_test(test_tcp_pseudo_header_vectors),
		cmocka_unit_test(test_tcp_captured_segments),
		cmocka_unit_test(test_running_sum_in_pieces),
		cmocka_unit_test(test_large_buffer_all_ones),
		cmocka_unit_test(test_incremental_equals_full),
	};

	return cmocka_run_group_tests_name("wire_cksum", tests, NULL, NULL);
}
