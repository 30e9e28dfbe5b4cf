/* SPDX-License-Identifier: MIT */
/*
 * IPv4 header codec (RFC 791): structural check, parse with header
 * checksum verification (skipped when the NIC already did it), emit with
 * options and checksum, raw field accessors and setters, fragment fields,
 * the TTL decrement with incremental checksum update (RFC 1624) used when
 * forwarding, and the option walk that picks the options every fragment
 * must carry. Pure: any thread, no allocation, no DPDK. Addresses in a
 * repr and from the accessors are host order.
 */
#ifndef STACK_WIRE_IPV4_H
#define STACK_WIRE_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stack/wire/bytes.h"
#include "stack/wire/cksum.h"

/* Byte offsets of the fixed IPv4 header (RFC 791 §3.1). */
enum {
	IPV4_O_VHL = 0, IPV4_O_TOS = 1, IPV4_O_LEN = 2, IPV4_O_ID = 4,
	IPV4_O_FRAG = 6, IPV4_O_TTL = 8, IPV4_O_PROTO = 9, IPV4_O_CKSUM = 10,
	IPV4_O_SRC = 12, IPV4_O_DST = 16, IPV4_O_OPTS = 20,
	IPV4_HLEN_MIN = 20,		/* bytes, no options */
	IPV4_HLEN_MAX = 60,		/* bytes, IHL 15 */
	IPV4_OPTLEN_MAX = 40,		/* bytes of options at most */
	IPV4_MAXLEN = 65535,		/* largest total length */
};

/* The fragment field: flags and offset in 8-byte units. */
#define IPV4_RF		0x8000u		/* reserved, must be zero */
#define IPV4_DF		0x4000u		/* don't fragment */
#define IPV4_MF		0x2000u		/* more fragments */
#define IPV4_OFFMASK	0x1fffu		/* offset, in 8-byte units */

/* Option types (RFC 791 §3.1). */
enum {
	IPV4_OPT_EOL = 0,		/* end of option list, one byte */
	IPV4_OPT_NOP = 1,		/* no operation, one byte */
	IPV4_OPT_COPIED = 0x80,		/* flag: copy into every fragment */
};

/* Why a header was refused; the values are also counter indices. */
enum ipv4_verdict {
	IPV4_OK = 0,
	IPV4_SHORT,		/* buffer shorter than the header (20 or IHL*4) */
	IPV4_BADVER,		/* version is not 4 */
	IPV4_BADHLEN,		/* IHL < 5 */
	IPV4_BADLEN,		/* total length < IHL*4, or past the buffer */
	IPV4_BADFRAG,		/* fragment offset + data runs past 65535 */
	IPV4_BADCKSUM,		/* header checksum wrong (ipv4_parse) */
	IPV4_BADOPT,		/* malformed option (ipv4_opts_copied) */
	IPV4_NVERDICT
};

struct ipv4_repr {
	uint32_t	 src;		/* host order */
	uint32_t	 dst;		/* host order */
	const uint8_t	*opts;		/* optlen bytes of options, or NULL */
	uint16_t	 payload_len;	/* bytes after the header */
	uint16_t	 id;
	uint16_t	 frag_off;	/* fragment offset in bytes, multiple of 8 */
	uint8_t		 optlen;	/* bytes, multiple of 4, at most 40 */
	uint8_t		 tos;
	uint8_t		 ttl;
	uint8_t		 proto;
	bool		 df;
	bool		 mf;
};

/*
 * Accessors. After ipv4_check() returns IPV4_OK every accessor stays
 * inside the buffer; the fixed fields need only IPV4_HLEN_MIN bytes.
 */
static inline unsigned
ipv4_version(const uint8_t *p)
{
	return p[IPV4_O_VHL] >> 4;
}

/* Header length in bytes, options included. */
static inline unsigned
ipv4_hlen(const uint8_t *p)
{
	return (p[IPV4_O_VHL] & 0x0fu) * 4u;
}

static inline unsigned
ipv4_optlen(const uint8_t *p)
{
	return ipv4_hlen(p) - IPV4_HLEN_MIN;
}

static inline const uint8_t *
ipv4_opts(const uint8_t *p)
{
	return p + IPV4_O_OPTS;
}

static inline uint8_t
ipv4_tos(const uint8_t *p)
{
	return p[IPV4_O_TOS];
}

/* Total length in bytes, header included. */
static inline uint16_t
ipv4_tlen(const uint8_t *p)
{
	return get_be16(p + IPV4_O_LEN);
}

static inline uint16_t
ipv4_id(const uint8_t *p)
{
	return get_be16(p + IPV4_O_ID);
}

/* The raw fragment field: IPV4_DF | IPV4_MF | offset/8. */
static inline uint16_t
ipv4_frag(const uint8_t *p)
{
	return get_be16(p + IPV4_O_FRAG);
}

static inline bool
ipv4_df(const uint8_t *p)
{
	return (ipv4_frag(p) & IPV4_DF) != 0;
}

static inline bool
ipv4_mf(const uint8_t *p)
{
	return (ipv4_frag(p) & IPV4_MF) != 0;
}

/* Fragment offset in bytes. */
static inline unsigned
ipv4_frag_off(const uint8_t *p)
{
	return (ipv4_frag(p) & IPV4_OFFMASK) * 8u;
}

/* A fragment: MF set or a non-zero offset. */
static inline bool
ipv4_is_fragment(const uint8_t *p)
{
	return (ipv4_frag(p) & (IPV4_MF | IPV4_OFFMASK)) != 0;
}

static inline uint8_t
ipv4_ttl(const uint8_t *p)
{
	return p[IPV4_O_TTL];
}

static inline uint8_t
ipv4_proto(const uint8_t *p)
{
	return p[IPV4_O_PROTO];
}

static inline uint16_t
ipv4_cksum(const uint8_t *p)
{
	return get_be16(p + IPV4_O_CKSUM);
}

static inline uint32_t
ipv4_src(const uint8_t *p)
{
	return get_be32(p + IPV4_O_SRC);
}

static inline uint32_t
ipv4_dst(const uint8_t *p)
{
	return get_be32(p + IPV4_O_DST);
}

/*
 * Setters write one field and leave the checksum alone: finish with
 * ipv4_fill_cksum(). Setting the total length voids ipv4_check().
 */
static inline void
ipv4_set_tos(uint8_t *p, uint8_t tos)
{
	p[IPV4_O_TOS] = tos;
}

static inline void
ipv4_set_tlen(uint8_t *p, uint16_t tlen)
{
	put_be16(p + IPV4_O_LEN, tlen);
}

static inline void
ipv4_set_id(uint8_t *p, uint16_t id)
{
	put_be16(p + IPV4_O_ID, id);
}

/* The raw fragment field. */
static inline void
ipv4_set_frag(uint8_t *p, uint16_t frag)
{
	put_be16(p + IPV4_O_FRAG, frag);
}

/* Offset in bytes (a multiple of 8, at most 65528); flags unchanged. */
static inline void
ipv4_set_frag_off(uint8_t *p, unsigned off)
{
	ipv4_set_frag(p, (uint16_t)((ipv4_frag(p) & ~IPV4_OFFMASK) |
	    ((off / 8u) & IPV4_OFFMASK)));
}

static inline void
ipv4_set_mf(uint8_t *p, bool mf)
{
	ipv4_set_frag(p, (uint16_t)(mf ? ipv4_frag(p) | IPV4_MF :
	    ipv4_frag(p) & ~IPV4_MF));
}

static inline void
ipv4_set_ttl(uint8_t *p, uint8_t ttl)
{
	p[IPV4_O_TTL] = ttl;
}

static inline void
ipv4_set_proto(uint8_t *p, uint8_t proto)
{
	p[IPV4_O_PROTO] = proto;
}

static inline void
ipv4_set_cksum(uint8_t *p, uint16_t cksum)
{
	put_be16(p + IPV4_O_CKSUM, cksum);
}

static inline void
ipv4_set_src(uint8_t *p, uint32_t a)
{
	put_be32(p + IPV4_O_SRC, a);
}

static inline void
ipv4_set_dst(uint8_t *p, uint32_t a)
{
	put_be32(p + IPV4_O_DST, a);
}

/* Recompute the header checksum over ipv4_hlen(p) bytes. */
static inline void
ipv4_fill_cksum(uint8_t *p)
{
	ipv4_set_cksum(p, 0);
	ipv4_set_cksum(p, cksum_inet(p, ipv4_hlen(p)));
}

/*
 * Forwarding: decrement the TTL and patch the checksum incrementally
 * (RFC 1624; TTL and protocol share one 16-bit word). The caller has
 * checked that the TTL is above 1. Returns the new TTL.
 */
static inline uint8_t
ipv4_dec_ttl(uint8_t *p)
{
	uint16_t old = get_be16(p + IPV4_O_TTL);

	p[IPV4_O_TTL]--;
	ipv4_set_cksum(p, cksum_update16(ipv4_cksum(p), old,
	    get_be16(p + IPV4_O_TTL)));
	return p[IPV4_O_TTL];
}

/*
 * Structure of the header in len bytes at p, in this order: length for
 * the fixed header (SHORT), version (BADVER), IHL >= 5 (BADHLEN), length
 * for the options (SHORT), total length between IHL*4 and len (BADLEN; a
 * longer buffer is link padding), offset + data <= 65535 (BADFRAG). The
 * checksum and the options are not looked at.
 */
enum ipv4_verdict ipv4_check(const uint8_t *p, size_t len);

/*
 * ipv4_check(), then the header checksum unless rxflags has
 * WIRE_RX_CSUM_OK (BADCKSUM), then fill r; r->opts points into p.
 */
enum ipv4_verdict ipv4_parse(const uint8_t *p, size_t len, unsigned rxflags,
    struct ipv4_repr *r);

/*
 * Write the header (20 bytes + r->optlen) at p, total length
 * header + r->payload_len, and its checksum unless txflags has
 * WIRE_TX_CSUM_OFFLOAD (then the field is 0 for the NIC). The payload is
 * the caller's. Returns the header length, or 0 when len is shorter than
 * the header or r is not expressible: optlen not a multiple of 4 or above
 * 40, frag_off not a multiple of 8, or a total length above 65535.
 */
size_t ipv4_emit(const struct ipv4_repr *r, uint8_t *p, size_t len,
    unsigned txflags);

/*
 * Walk the options of a header that passed ipv4_check() (RFC 791 §3.1):
 * EOL ends the list, NOP is one byte, any other option is type, length
 * (>= 2, within the header), data. With out != NULL (room for
 * IPV4_OPTLEN_MAX bytes) the options with the copied flag set are copied
 * to out in order, padded with EOL to a multiple of 4, and *outlen is
 * their length: the options every fragment after the first carries (RFC
 * 791 §3.2). Returns IPV4_OK or IPV4_BADOPT; with out == NULL it only
 * validates.
 */
enum ipv4_verdict ipv4_opts_copied(const uint8_t *p, uint8_t *out,
    size_t *outlen);

#endif /* STACK_WIRE_IPV4_H */
