/* SPDX-License-Identifier: MIT */
/*
 * The word-at-a-time Internet checksum of the data plane
 * (stack/wire/cksum.c cksum_add) against a plain RFC 1071 reference that
 * adds big-endian byte pairs one at a time: every length up to two
 * Ethernet frames at every start address modulo 16, odd lengths and odd
 * addresses included, on random, all-ones and all-zero data, with any
 * running sum coming in, and split into pieces as protocols sum a pseudo
 * header and a payload. Pure: suite 'wire', no DPDK.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/cksum.h"

enum {
	BUFLEN = 3100,
	MAXLEN = 3000,		/* two 1500-byte frames */
	OFFSETS = 16,
};

static uint8_t buf[BUFLEN];
static uint32_t seed = 12345;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

/* RFC 1071 as written: big-endian 16-bit words, a zero pad byte. */
static uint32_t
ref_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if ((len & 1) != 0)
		acc += (uint32_t)p[len - 1] << 8;
	while (acc >> 16 != 0)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

static void
fill(int kind)
{
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = kind == 0 ? (uint8_t)rnd() : kind == 1 ? 0xff : 0;
}

/* Every length and start address, from a zero and from a random sum. */
static void
test_every_length_and_address(void **state)
{
	size_t off, len;
	uint32_t s0;
	int kind;

	(void)state;
	for (kind = 0; kind < 3; kind++) {
		fill(kind);
		for (off = 0; off < OFFSETS; off++) {
			for (len = 0; len <= MAXLEN; len++) {
				assert_int_equal(cksum_add(0, buf + off, len),
				    ref_add(0, buf + off, len));
				s0 = rnd() & 0xffff;
				assert_int_equal(cksum_add(s0, buf + off, len),
				    ref_add(s0, buf + off, len));
			}
		}
	}
}

/* The running sum may come in unfolded: any 32-bit value. */
static void
test_any_incoming_sum(void **state)
{
	static const uint32_t sums[] = {
		0, 1, 0xfffe, 0xffff, 0x10000, 0x1ffff, 0xfffeffffu,
		0xffffffffu,
	};
	size_t i, len;

	(void)state;
	fill(0);
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		for (len = 0; len < 200; len++)
			assert_int_equal(cksum_add(sums[i], buf + 3, len),
			    ref_add(sums[i], buf + 3, len));
	fill(1);
	assert_int_equal(cksum_add(0xffffffffu, buf, MAXLEN),
	    ref_add(0xffffffffu, buf, MAXLEN));
}

/* Pieces of even length, then the rest: the same sum as in one go. */
static void
test_pieces(void **state)
{
	size_t total, cut1, cut2, off;
	uint32_t s;
	int i;

	(void)state;
	fill(0);
	for (i = 0; i < 20000; i++) {
		total = rnd() % MAXLEN;
		off = rnd() % OFFSETS;
		cut1 = (rnd() % (total + 1)) & ~(size_t)1;
		cut2 = cut1 + ((rnd() % (total - cut1 + 1)) & ~(size_t)1);
		s = cksum_add(0, buf + off, cut1);
		s = cksum_add(s, buf + off + cut1, cut2 - cut1);
		s = cksum_add(s, buf + off + cut2, total - cut2);
		assert_int_equal(s, ref_add(0, buf + off, total));
	}
}

/* A message carrying its checksum verifies to 0 at any address. */
static void
test_verify_at_odd_address(void **state)
{
	uint16_t ck;
	size_t off, len;
	uint8_t *p;

	(void)state;
	fill(0);
	for (off = 0; off < OFFSETS; off++) {
		for (len = 4; len < 1600; len += 37) {
			p = buf + off;
			p[2] = p[3] = 0;
			ck = cksum_inet(p, len);
			p[2] = (uint8_t)(ck >> 8);
			p[3] = (uint8_t)ck;
			assert_int_equal(cksum_inet(p, len), 0);
			p[len - 1] ^= 0x40;	/* one bit anywhere shows */
			assert_int_not_equal(cksum_inet(p, len), 0);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_length_and_address),
		cmocka_unit_test(test_any_incoming_sum),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_verify_at_odd_address),
	};

	return cmocka_run_group_tests_name("dp_cksum", tests, NULL, NULL);
}
