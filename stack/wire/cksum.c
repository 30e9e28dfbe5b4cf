/* SPDX-License-Identifier: MIT */
/*
 * RFC 1071 Internet checksum and RFC 1624 incremental update. Called by
 * the wire codecs and by protocol code on any thread; owns no state.
 */
#include "stack/wire/cksum.h"

#include <string.h>

/* Fold a wide one's-complement sum into 16 bits with end-around carry. */
static uint32_t
cksum_fold(uint64_t sum)
{
	while (sum >> 16 != 0)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

/* a + b in 64-bit one's complement: the carry out comes back in. */
static inline uint64_t
cksum_adc64(uint64_t a, uint64_t b)
{
	uint64_t s = a + b;

	return s + (s < b);
}

static inline uint64_t
cksum_load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * The sum is taken over machine words in the host's byte order and
 * turned into the big-endian word sum only at the end (RFC 1071 §2(B):
 * the one's-complement sum is byte-order independent, up to swapping
 * the two bytes of the result). Every load is at an even offset from p,
 * so its 16-bit lanes are exactly the words counted from p; memcpy makes
 * the loads safe at any address, odd ones included. A 64-bit word adds
 * four 16-bit words at once, and 2^16 = 1 modulo 2^16 - 1, so folding the
 * 64-bit one's-complement sum gives the 16-bit one. The main loop keeps
 * the carries out of two 64-bit sums in separate counters (add, then
 * add-with-carry to the counter: two instructions per 8 bytes, two
 * independent chains) and adds them back once at the end; a counter
 * cannot overflow before 2^64 words.
 */
uint32_t
cksum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t a = 0, b = 0, ca = 0, cb = 0, t = 0, x;
	uint32_t w32;
	uint16_t w16;
	uint8_t last[2];
	uint32_t s;

	while (len >= 64) {
		x = cksum_load64(p);
		a += x;
		ca += a < x;
		x = cksum_load64(p + 8);
		b += x;
		cb += b < x;
		x = cksum_load64(p + 16);
		a += x;
		ca += a < x;
		x = cksum_load64(p + 24);
		b += x;
		cb += b < x;
		x = cksum_load64(p + 32);
		a += x;
		ca += a < x;
		x = cksum_load64(p + 40);
		b += x;
		cb += b < x;
		x = cksum_load64(p + 48);
		a += x;
		ca += a < x;
		x = cksum_load64(p + 56);
		b += x;
		cb += b < x;
		p += 64;
		len -= 64;
	}
	while (len >= 8) {
		x = cksum_load64(p);
		a += x;
		ca += a < x;
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		memcpy(&w32, p, sizeof(w32));
		t += w32;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		memcpy(&w16, p, sizeof(w16));
		t += w16;
		p += 2;
		len -= 2;
	}
	if (len != 0) {
		/* The odd byte is the first of a word padded with zero. */
		last[0] = p[0];
		last[1] = 0;
		memcpy(&w16, last, sizeof(w16));
		t += w16;
	}
	/* t holds at most three words and cannot carry. */
	a = cksum_adc64(cksum_adc64(cksum_adc64(a, b), ca + cb), t);
	s = cksum_fold((a & 0xffffffffu) + (a >> 32));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	s = (uint32_t)(((s & 0xff) << 8) | (s >> 8));
#endif
	return cksum_fold((uint64_t)sum + s);
}

uint32_t
cksum_add16(uint32_t sum, uint16_t v)
{
	return cksum_fold((uint64_t)sum + v);
}

uint32_t
cksum_pseudo4(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint64_t acc;

	acc = (uint64_t)(src >> 16) + (src & 0xffff) + (dst >> 16) +
	    (dst & 0xffff) + proto + len;
	return cksum_fold(acc);
}

uint16_t
cksum_finish(uint32_t sum)
{
	return (uint16_t)~cksum_fold(sum);
}

uint16_t
cksum_inet(const uint8_t *p, size_t len)
{
	return cksum_finish(cksum_add(0, p, len));
}

uint16_t
cksum_update16(uint16_t cksum, uint16_t old, uint16_t new)
{
	uint64_t acc;

	acc = (uint64_t)(uint16_t)~cksum + (uint16_t)~old + new;
	return (uint16_t)~cksum_fold(acc);
}
