/* SPDX-License-Identifier: MIT */
/*
 * Ethernet II header codec (IEEE 802.3 framing as used by IP, RFC 894):
 * destination, source, ethertype. A VLAN or QinQ tag is not decoded here;
 * its TPID is reported as the ethertype so the caller can count or strip
 * it. Also the multicast MAC mappings of RFC 1112 §6.4 and RFC 2464 §7.
 * Pure: any thread, no allocation, no DPDK.
 */
#ifndef STACK_WIRE_ETHER_H
#define STACK_WIRE_ETHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "stack/wire/bytes.h"

enum {
	ETHER_O_DST = 0, ETHER_O_SRC = 6, ETHER_O_TYPE = 12,
	ETHER_HLEN = 14,		/* bytes in the header */
	ETHER_ADDR_LEN = 6,
	ETHER_MIN_LEN = 60,		/* shortest frame, FCS excluded */
};

enum {
	ETHERTYPE_IPV4 = 0x0800,
	ETHERTYPE_ARP = 0x0806,
	ETHERTYPE_VLAN = 0x8100,	/* 802.1Q tag: reported, not decoded */
	ETHERTYPE_IPV6 = 0x86dd,
	ETHERTYPE_QINQ = 0x88a8,	/* 802.1ad tag: reported, not decoded */
};

/* Why a frame was refused; the values are also counter indices. */
enum ether_verdict {
	ETHER_OK = 0,
	ETHER_SHORT,		/* shorter than the 14-byte header */
	ETHER_NVERDICT
};

struct ether_repr {
	uint8_t		 dst[ETHER_ADDR_LEN];
	uint8_t		 src[ETHER_ADDR_LEN];
	uint16_t	 type;		/* ETHERTYPE_*, host order */
};

extern const uint8_t ether_bcast[ETHER_ADDR_LEN];	/* ff:ff:ff:ff:ff:ff */

/* Accessors: p must have passed ether_check(). */
static inline const uint8_t *
ether_dst(const uint8_t *p)
{
	return p + ETHER_O_DST;
}

static inline const uint8_t *
ether_src(const uint8_t *p)
{
	return p + ETHER_O_SRC;
}

static inline uint16_t
ether_type(const uint8_t *p)
{
	return get_be16(p + ETHER_O_TYPE);
}

static inline void
ether_set_dst(uint8_t *p, const uint8_t mac[ETHER_ADDR_LEN])
{
	memcpy(p + ETHER_O_DST, mac, ETHER_ADDR_LEN);
}

static inline void
ether_set_src(uint8_t *p, const uint8_t mac[ETHER_ADDR_LEN])
{
	memcpy(p + ETHER_O_SRC, mac, ETHER_ADDR_LEN);
}

static inline void
ether_set_type(uint8_t *p, uint16_t type)
{
	put_be16(p + ETHER_O_TYPE, type);
}

/* ff:ff:ff:ff:ff:ff. */
static inline bool
ether_is_broadcast(const uint8_t mac[ETHER_ADDR_LEN])
{
	return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

/* The group bit (broadcast included). */
static inline bool
ether_is_multicast(const uint8_t mac[ETHER_ADDR_LEN])
{
	return (mac[0] & 0x01) != 0;
}

/* ETHER_OK, or ETHER_SHORT when len < ETHER_HLEN. */
enum ether_verdict ether_check(const uint8_t *p, size_t len);

/* Check, then fill r. */
enum ether_verdict ether_parse(const uint8_t *p, size_t len,
    struct ether_repr *r);

/* Write the header at p; returns ETHER_HLEN, or 0 when len is too short. */
size_t ether_emit(const struct ether_repr *r, uint8_t *p, size_t len);

/* 01:00:5e and the low 23 bits of an IPv4 group (host order). */
void ether_multicast_ipv4(uint8_t mac[ETHER_ADDR_LEN], uint32_t group);

/* 33:33 and the last 4 bytes of an IPv6 group. */
void ether_multicast_ipv6(uint8_t mac[ETHER_ADDR_LEN], const uint8_t group[16]);

#endif /* STACK_WIRE_ETHER_H */
