/* SPDX-License-Identifier: MIT */
/*
 * Byte-order access on unaligned byte pointers, shared by every wire codec,
 * and the offload flags that the mbuf layer (stack/mbuf.h) passes down into
 * the codecs. Pure inline code: any thread, no state, no DPDK.
 */
#ifndef STACK_WIRE_BYTES_H
#define STACK_WIRE_BYTES_H

#include <stdint.h>

/* Receive flags for <p>_parse(): what the NIC already verified. */
#define WIRE_RX_CSUM_OK		0x1u	/* header checksum verified */

/* Transmit flags for <p>_emit(): what the NIC will fill in. */
#define WIRE_TX_CSUM_OFFLOAD	0x1u	/* leave the header checksum 0 */

/* Big-endian 16-bit load; no alignment assumed (Plan 9 nhgets). */
static inline uint16_t
get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Big-endian 32-bit load; no alignment assumed (Plan 9 nhgetl). */
static inline uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Big-endian 16-bit store. */
static inline void
put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Big-endian 32-bit store. */
static inline void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif /* STACK_WIRE_BYTES_H */
