/* SPDX-License-Identifier: MIT */
/*
 * The Internet checksum (RFC 1071) with a running-sum API, so that a pseudo
 * header and a payload in several pieces can be summed in turn, and the
 * incremental update of RFC 1624 for one changed 16-bit field (TTL
 * decrement when forwarding). Pure: any thread, no state.
 *
 * Values are numbers in host order whose big-endian encoding is the field:
 * store a result with put_be16(). A running sum is a partial
 * one's-complement sum, always folded to 16 bits, so it never overflows.
 */
#ifndef STACK_WIRE_CKSUM_H
#define STACK_WIRE_CKSUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Add len bytes at p to the running sum (start with 0). Every piece but
 * the last must have an even length, since the sum is over 16-bit words
 * counted from the start of the first piece. Returns the new sum.
 */
uint32_t cksum_add(uint32_t sum, const uint8_t *p, size_t len);

/* Add one 16-bit word (host order) to the running sum. */
uint32_t cksum_add16(uint32_t sum, uint16_t v);

/* Sum of the IPv4 pseudo header (RFC 768, RFC 9293 §3.1): addresses in
 * host order, protocol, and the upper-layer length in bytes. */
uint32_t cksum_pseudo4(uint32_t src, uint32_t dst, uint8_t proto,
    uint16_t len);

/* The checksum field value for a running sum: its one's complement. */
uint16_t cksum_finish(uint32_t sum);

/*
 * The checksum of len bytes at p. Over a message that already holds its
 * correct checksum the result is 0: that is how a receiver verifies.
 */
uint16_t cksum_inet(const uint8_t *p, size_t len);

/*
 * RFC 1624 eqn. 3: the new checksum field after a 16-bit word covered by
 * it changed from old to new (all host order): HC' = ~(~HC + ~m + m').
 */
uint16_t cksum_update16(uint16_t cksum, uint16_t old, uint16_t new);

#endif /* STACK_WIRE_CKSUM_H */
