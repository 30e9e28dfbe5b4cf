/* SPDX-License-Identifier: MIT */
/*
 * ICMP for IPv4 (RFC 792, RFC 1191 for "fragmentation needed"): type,
 * code, checksum over the whole message, the second header word by type
 * (echo id and sequence, next-hop MTU, parameter-problem pointer,
 * redirect gateway), and the quoted datagram of error messages (the
 * original IP header and at least 8 bytes, RFC 1122 §3.2.2). Pure: any
 * thread, no allocation, no DPDK. The message length is the IP payload
 * length, so callers pass len = total length - header length.
 */
#ifndef STACK_WIRE_ICMP4_H
#define STACK_WIRE_ICMP4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stack/wire/bytes.h"

enum {
	ICMP4_O_TYPE = 0, ICMP4_O_CODE = 1, ICMP4_O_CKSUM = 2,
	ICMP4_O_ID = 4, ICMP4_O_SEQ = 6,	/* echo, timestamp, info */
	ICMP4_O_MTU = 6,			/* unreach / needfrag */
	ICMP4_O_PTR = 4,			/* paramprob */
	ICMP4_O_GW = 4,				/* redirect */
	ICMP4_O_DATA = 8,
	ICMP4_HLEN = 8,				/* bytes before the body */
	ICMP4_QUOTE_DATA = 8,			/* datagram bytes quoted */
};

/* Types (RFC 792). */
enum {
	ICMP4_ECHOREPLY = 0,
	ICMP4_UNREACH = 3,
	ICMP4_SOURCEQUENCH = 4,
	ICMP4_REDIRECT = 5,
	ICMP4_ECHO = 8,
	ICMP4_TIMXCEED = 11,
	ICMP4_PARAMPROB = 12,
	ICMP4_TSTAMP = 13,
	ICMP4_TSTAMPREPLY = 14,
	ICMP4_IREQ = 15,
	ICMP4_IREQREPLY = 16,
};

/* Codes of ICMP4_UNREACH (RFC 792, RFC 1122, RFC 1812). */
enum {
	ICMP4_UNREACH_NET = 0,
	ICMP4_UNREACH_HOST = 1,
	ICMP4_UNREACH_PROTO = 2,
	ICMP4_UNREACH_PORT = 3,
	ICMP4_UNREACH_NEEDFRAG = 4,	/* carries the next-hop MTU */
	ICMP4_UNREACH_SRCFAIL = 5,
	ICMP4_UNREACH_ADMIN = 13,
};

/* Codes of ICMP4_TIMXCEED. */
enum {
	ICMP4_TIMXCEED_INTRANS = 0,	/* TTL reached 0 in transit */
	ICMP4_TIMXCEED_REASS = 1,	/* reassembly timed out */
};

/* Why a message was refused; the values are also counter indices. */
enum icmp4_verdict {
	ICMP4_OK = 0,
	ICMP4_SHORT,		/* fewer than 8 bytes */
	ICMP4_BADCKSUM,
	ICMP4_BADQUOTE,		/* error message without IPv4 header + 8 */
	ICMP4_NVERDICT
};

/*
 * The meaning of a message. Which of id/seq, mtu, pointer or gateway is
 * used depends on the type (see icmp4_emit); the others are 0 after parse.
 */
struct icmp4_repr {
	const uint8_t	*data;		/* body: echo data or quoted datagram */
	size_t		 data_len;	/* bytes */
	uint32_t	 gateway;	/* REDIRECT, host order */
	uint16_t	 id;		/* ECHO, ECHOREPLY, TSTAMP*, IREQ* */
	uint16_t	 seq;		/* same types */
	uint16_t	 mtu;		/* UNREACH (NEEDFRAG: next-hop MTU) */
	uint8_t		 type;
	uint8_t		 code;
	uint8_t		 pointer;	/* PARAMPROB: offending byte */
};

/* Accessors: the header needs ICMP4_HLEN bytes. */
static inline uint8_t
icmp4_type(const uint8_t *p)
{
	return p[ICMP4_O_TYPE];
}

static inline uint8_t
icmp4_code(const uint8_t *p)
{
	return p[ICMP4_O_CODE];
}

static inline uint16_t
icmp4_cksum(const uint8_t *p)
{
	return get_be16(p + ICMP4_O_CKSUM);
}

static inline uint16_t
icmp4_id(const uint8_t *p)
{
	return get_be16(p + ICMP4_O_ID);
}

static inline uint16_t
icmp4_seq(const uint8_t *p)
{
	return get_be16(p + ICMP4_O_SEQ);
}

static inline uint16_t
icmp4_mtu(const uint8_t *p)
{
	return get_be16(p + ICMP4_O_MTU);
}

static inline uint8_t
icmp4_pointer(const uint8_t *p)
{
	return p[ICMP4_O_PTR];
}

static inline uint32_t
icmp4_gateway(const uint8_t *p)
{
	return get_be32(p + ICMP4_O_GW);
}

static inline void
icmp4_set_type(uint8_t *p, uint8_t type)
{
	p[ICMP4_O_TYPE] = type;
}

static inline void
icmp4_set_code(uint8_t *p, uint8_t code)
{
	p[ICMP4_O_CODE] = code;
}

static inline void
icmp4_set_cksum(uint8_t *p, uint16_t cksum)
{
	put_be16(p + ICMP4_O_CKSUM, cksum);
}

static inline void
icmp4_set_id(uint8_t *p, uint16_t id)
{
	put_be16(p + ICMP4_O_ID, id);
}

static inline void
icmp4_set_seq(uint8_t *p, uint16_t seq)
{
	put_be16(p + ICMP4_O_SEQ, seq);
}

static inline void
icmp4_set_mtu(uint8_t *p, uint16_t mtu)
{
	put_be16(p + ICMP4_O_MTU, mtu);
}

/* The error types, which quote the offending datagram. */
static inline bool
icmp4_is_error(uint8_t type)
{
	return type == ICMP4_UNREACH || type == ICMP4_SOURCEQUENCH ||
	    type == ICMP4_REDIRECT || type == ICMP4_TIMXCEED ||
	    type == ICMP4_PARAMPROB;
}

/*
 * The message in len bytes at p: length (SHORT), checksum over all len
 * bytes (BADCKSUM), and for error types a quoted IPv4 header (version 4,
 * IHL >= 5) followed by at least 8 bytes (BADQUOTE).
 */
enum icmp4_verdict icmp4_check(const uint8_t *p, size_t len);

/* Check, then fill r; r->data points into p. */
enum icmp4_verdict icmp4_parse(const uint8_t *p, size_t len,
    struct icmp4_repr *r);

/*
 * Write type, code, the second word by type (ECHO, ECHOREPLY, TSTAMP*,
 * IREQ*: id, seq; UNREACH: 0, mtu; PARAMPROB: pointer, 0; REDIRECT:
 * gateway; others: 0), the body (r->data may overlap p) and the checksum.
 * Returns ICMP4_HLEN + r->data_len, or 0 when that exceeds len.
 */
size_t icmp4_emit(const struct icmp4_repr *r, uint8_t *p, size_t len);

/*
 * How many bytes of an offending IPv4 datagram (len bytes at ip, past
 * ipv4_check) an error message quotes: its header and 8 bytes of data
 * (RFC 792), or less when the datagram is shorter.
 */
size_t icmp4_quote_len(const uint8_t *ip, size_t len);

#endif /* STACK_WIRE_ICMP4_H */
