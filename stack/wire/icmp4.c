/* SPDX-License-Identifier: MIT */
/*
 * ICMPv4 check, parse and emit (RFC 792). Called on workers that answer
 * echoes, send errors or take in errors for the transports, and by tests;
 * owns no state.
 */
#include "stack/wire/icmp4.h"

#include <string.h>

#include "stack/wire/cksum.h"

/* The second header word carries id and sequence for these types. */
static bool
icmp4_has_idseq(uint8_t type)
{
	return type == ICMP4_ECHO || type == ICMP4_ECHOREPLY ||
	    type == ICMP4_TSTAMP || type == ICMP4_TSTAMPREPLY ||
	    type == ICMP4_IREQ || type == ICMP4_IREQREPLY;
}

enum icmp4_verdict
icmp4_check(const uint8_t *p, size_t len)
{
	const uint8_t *q;
	size_t qlen, qhlen;

	if (len < ICMP4_HLEN)
		return ICMP4_SHORT;
	if (cksum_inet(p, len) != 0)
		return ICMP4_BADCKSUM;
	if (icmp4_is_error(icmp4_type(p))) {
		q = p + ICMP4_O_DATA;
		qlen = len - ICMP4_HLEN;
		if (qlen < 20 || q[0] >> 4 != 4)
			return ICMP4_BADQUOTE;
		qhlen = (q[0] & 0x0fu) * 4u;
		if (qhlen < 20 || qlen < qhlen + ICMP4_QUOTE_DATA)
			return ICMP4_BADQUOTE;
	}
	return ICMP4_OK;
}

enum icmp4_verdict
icmp4_parse(const uint8_t *p, size_t len, struct icmp4_repr *r)
{
	enum icmp4_verdict v;
	uint8_t type;

	if ((v = icmp4_check(p, len)) != ICMP4_OK)
		return v;
	type = icmp4_type(p);
	r->type = type;
	r->code = icmp4_code(p);
	r->id = 0;
	r->seq = 0;
	r->mtu = 0;
	r->pointer = 0;
	r->gateway = 0;
	if (icmp4_has_idseq(type)) {
		r->id = icmp4_id(p);
		r->seq = icmp4_seq(p);
	} else if (type == ICMP4_UNREACH) {
		r->mtu = icmp4_mtu(p);
	} else if (type == ICMP4_PARAMPROB) {
		r->pointer = icmp4_pointer(p);
	} else if (type == ICMP4_REDIRECT) {
		r->gateway = icmp4_gateway(p);
	}
	r->data = p + ICMP4_O_DATA;
	r->data_len = len - ICMP4_HLEN;
	return ICMP4_OK;
}

size_t
icmp4_emit(const struct icmp4_repr *r, uint8_t *p, size_t len)
{
	size_t n;

	if (len < ICMP4_HLEN || r->data_len > len - ICMP4_HLEN)
		return 0;
	n = ICMP4_HLEN + r->data_len;
	/* The body first: it may be the quoted datagram sitting at p. */
	if (r->data_len != 0)
		memmove(p + ICMP4_O_DATA, r->data, r->data_len);
	icmp4_set_type(p, r->type);
	icmp4_set_code(p, r->code);
	icmp4_set_cksum(p, 0);
	put_be32(p + 4, 0);
	if (icmp4_has_idseq(r->type)) {
		icmp4_set_id(p, r->id);
		icmp4_set_seq(p, r->seq);
	} else if (r->type == ICMP4_UNREACH) {
		icmp4_set_mtu(p, r->mtu);
	} else if (r->type == ICMP4_PARAMPROB) {
		p[ICMP4_O_PTR] = r->pointer;
	} else if (r->type == ICMP4_REDIRECT) {
		put_be32(p + ICMP4_O_GW, r->gateway);
	}
	icmp4_set_cksum(p, cksum_inet(p, n));
	return n;
}

size_t
icmp4_quote_len(const uint8_t *ip, size_t len)
{
	size_t want = (ip[0] & 0x0fu) * 4u + ICMP4_QUOTE_DATA;

	return want < len ? want : len;
}
