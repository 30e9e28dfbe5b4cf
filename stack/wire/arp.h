/* SPDX-License-Identifier: MIT */
/*
 * ARP packet codec (RFC 826), Ethernet/IPv4 only: hardware type 1,
 * protocol 0x0800, address lengths 6 and 4, operation request or reply.
 * Anything else is refused with a verdict. Pure: any thread, no
 * allocation, no DPDK. Addresses in a repr are host order.
 */
#ifndef STACK_WIRE_ARP_H
#define STACK_WIRE_ARP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stack/wire/bytes.h"

enum {
	ARP_O_HTYPE = 0, ARP_O_PTYPE = 2, ARP_O_HLEN = 4, ARP_O_PLEN = 5,
	ARP_O_OP = 6, ARP_O_SHA = 8, ARP_O_SPA = 14, ARP_O_THA = 18,
	ARP_O_TPA = 24,
	ARP_LEN = 28,			/* bytes in an Ethernet/IPv4 packet */
};

enum {
	ARP_HTYPE_ETHER = 1,
	ARP_PTYPE_IPV4 = 0x0800,
	ARP_HLEN_ETHER = 6,
	ARP_PLEN_IPV4 = 4,
	ARP_OP_REQUEST = 1,
	ARP_OP_REPLY = 2,
};

/* Why a packet was refused; the values are also counter indices. */
enum arp_verdict {
	ARP_OK = 0,
	ARP_SHORT,		/* fewer than 28 bytes */
	ARP_BADHTYPE,		/* hardware type is not Ethernet (1) */
	ARP_BADPTYPE,		/* protocol type is not IPv4 (0x0800) */
	ARP_BADHLEN,		/* hardware address length is not 6 */
	ARP_BADPLEN,		/* protocol address length is not 4 */
	ARP_BADOP,		/* operation is neither request nor reply */
	ARP_NVERDICT
};

struct arp_repr {
	uint32_t	 spa;		/* sender IPv4 address, host order */
	uint32_t	 tpa;		/* target IPv4 address, host order */
	uint16_t	 op;		/* ARP_OP_REQUEST or ARP_OP_REPLY */
	uint8_t		 sha[6];	/* sender MAC */
	uint8_t		 tha[6];	/* target MAC (zero in a request) */
};

/* Accessors: the fixed fields need 8 bytes, the addresses ARP_LEN. */
static inline uint16_t
arp_htype(const uint8_t *p)
{
	return get_be16(p + ARP_O_HTYPE);
}

static inline uint16_t
arp_ptype(const uint8_t *p)
{
	return get_be16(p + ARP_O_PTYPE);
}

static inline uint8_t
arp_hlen(const uint8_t *p)
{
	return p[ARP_O_HLEN];
}

static inline uint8_t
arp_plen(const uint8_t *p)
{
	return p[ARP_O_PLEN];
}

static inline uint16_t
arp_op(const uint8_t *p)
{
	return get_be16(p + ARP_O_OP);
}

static inline const uint8_t *
arp_sha(const uint8_t *p)
{
	return p + ARP_O_SHA;
}

static inline uint32_t
arp_spa(const uint8_t *p)
{
	return get_be32(p + ARP_O_SPA);
}

static inline const uint8_t *
arp_tha(const uint8_t *p)
{
	return p + ARP_O_THA;
}

static inline uint32_t
arp_tpa(const uint8_t *p)
{
	return get_be32(p + ARP_O_TPA);
}

static inline void
arp_set_op(uint8_t *p, uint16_t op)
{
	put_be16(p + ARP_O_OP, op);
}

static inline void
arp_set_sha(uint8_t *p, const uint8_t mac[6])
{
	memcpy(p + ARP_O_SHA, mac, 6);
}

static inline void
arp_set_spa(uint8_t *p, uint32_t a)
{
	put_be32(p + ARP_O_SPA, a);
}

static inline void
arp_set_tha(uint8_t *p, const uint8_t mac[6])
{
	memcpy(p + ARP_O_THA, mac, 6);
}

static inline void
arp_set_tpa(uint8_t *p, uint32_t a)
{
	put_be32(p + ARP_O_TPA, a);
}

/*
 * ARP_OK or why not, checked in this order: length, htype, ptype, hlen,
 * plen, op. Bytes past ARP_LEN (Ethernet padding) are ignored.
 */
enum arp_verdict arp_check(const uint8_t *p, size_t len);

/* Check, then fill r. */
enum arp_verdict arp_parse(const uint8_t *p, size_t len, struct arp_repr *r);

/* Write ARP_LEN bytes at p; returns ARP_LEN, or 0 when len is too short. */
size_t arp_emit(const struct arp_repr *r, uint8_t *p, size_t len);

#endif /* STACK_WIRE_ARP_H */
