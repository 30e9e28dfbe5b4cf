/* SPDX-License-Identifier: MIT */
/*
 * RFC 1071 Internet checksum and RFC 1624 incremental update. Called by
 * the wire codecs and by protocol code on any thread; owns no state.
 */
#include "stack/wire/cksum.h"

#include "stack/wire/bytes.h"

/* Fold a wide one's-complement sum into 16 bits with end-around carry. */
static uint32_t
cksum_fold(uint64_t sum)
{
	while (sum >> 16 != 0)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)sum;
}

uint32_t
cksum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	uint64_t acc = sum;
	size_t i;

	/*
	 * A 64-bit accumulator takes 2^48 words before it can overflow, far
	 * more than any buffer, so one fold at the end is enough.
	 */
	for (i = 0; i + 1 < len; i += 2)
		acc += get_be16(p + i);
	if ((len & 1) != 0)
		acc += (uint32_t)p[len - 1] << 8;	/* pad with a zero byte */
	return cksum_fold(acc);
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
