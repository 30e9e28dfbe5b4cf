/* SPDX-License-Identifier: MIT */
/*
 * IPv4 header check, parse, emit and option walk (RFC 791). Called on
 * workers for every IPv4 packet in and out, and by tests; owns no state.
 */
#include "stack/wire/ipv4.h"

#include <string.h>

enum ipv4_verdict
ipv4_check(const uint8_t *p, size_t len)
{
	unsigned hlen, tlen;

	if (len < IPV4_HLEN_MIN)
		return IPV4_SHORT;
	if (ipv4_version(p) != 4)
		return IPV4_BADVER;
	hlen = ipv4_hlen(p);
	if (hlen < IPV4_HLEN_MIN)
		return IPV4_BADHLEN;
	if (hlen > len)
		return IPV4_SHORT;
	tlen = ipv4_tlen(p);
	if (tlen < hlen || tlen > len)
		return IPV4_BADLEN;
	/* RFC 791 caps a datagram at 65535 bytes; a fragment past it is forged. */
	if (ipv4_frag_off(p) + (tlen - hlen) > IPV4_MAXLEN)
		return IPV4_BADFRAG;
	return IPV4_OK;
}

enum ipv4_verdict
ipv4_parse(const uint8_t *p, size_t len, unsigned rxflags,
    struct ipv4_repr *r)
{
	enum ipv4_verdict v;
	unsigned hlen;

	if ((v = ipv4_check(p, len)) != IPV4_OK)
		return v;
	hlen = ipv4_hlen(p);
	if ((rxflags & WIRE_RX_CSUM_OK) == 0 && cksum_inet(p, hlen) != 0)
		return IPV4_BADCKSUM;
	r->src = ipv4_src(p);
	r->dst = ipv4_dst(p);
	r->optlen = (uint8_t)(hlen - IPV4_HLEN_MIN);
	r->opts = r->optlen != 0 ? ipv4_opts(p) : NULL;
	r->payload_len = (uint16_t)(ipv4_tlen(p) - hlen);
	r->id = ipv4_id(p);
	r->frag_off = (uint16_t)ipv4_frag_off(p);
	r->tos = ipv4_tos(p);
	r->ttl = ipv4_ttl(p);
	r->proto = ipv4_proto(p);
	r->df = ipv4_df(p);
	r->mf = ipv4_mf(p);
	return IPV4_OK;
}

size_t
ipv4_emit(const struct ipv4_repr *r, uint8_t *p, size_t len,
    unsigned txflags)
{
	unsigned hlen, frag;

	if (r->optlen > IPV4_OPTLEN_MAX || r->optlen % 4 != 0 ||
	    r->frag_off % 8 != 0)
		return 0;
	hlen = IPV4_HLEN_MIN + r->optlen;
	if (len < hlen || hlen + r->payload_len > IPV4_MAXLEN)
		return 0;
	frag = r->frag_off / 8u;
	if (r->df)
		frag |= IPV4_DF;
	if (r->mf)
		frag |= IPV4_MF;
	p[IPV4_O_VHL] = (uint8_t)(0x40 | hlen / 4);
	ipv4_set_tos(p, r->tos);
	ipv4_set_tlen(p, (uint16_t)(hlen + r->payload_len));
	ipv4_set_id(p, r->id);
	ipv4_set_frag(p, (uint16_t)frag);
	ipv4_set_ttl(p, r->ttl);
	ipv4_set_proto(p, r->proto);
	ipv4_set_cksum(p, 0);
	ipv4_set_src(p, r->src);
	ipv4_set_dst(p, r->dst);
	if (r->optlen != 0)
		memmove(p + IPV4_O_OPTS, r->opts, r->optlen);
	if ((txflags & WIRE_TX_CSUM_OFFLOAD) == 0)
		ipv4_set_cksum(p, cksum_inet(p, hlen));
	return hlen;
}

enum ipv4_verdict
ipv4_opts_copied(const uint8_t *p, uint8_t *out, size_t *outlen)
{
	const uint8_t *o = ipv4_opts(p);
	size_t i, n, optlen = ipv4_optlen(p), olen;

	n = 0;
	for (i = 0; i < optlen; i += olen) {
		if (o[i] == IPV4_OPT_EOL)
			break;
		if (o[i] == IPV4_OPT_NOP) {
			olen = 1;
			continue;
		}
		if (i + 1 >= optlen)
			return IPV4_BADOPT;	/* no room for the length */
		olen = o[i + 1];
		if (olen < 2 || olen > optlen - i)
			return IPV4_BADOPT;
		if (out != NULL && (o[i] & IPV4_OPT_COPIED) != 0) {
			memcpy(out + n, o + i, olen);
			n += olen;
		}
	}
	if (out != NULL) {
		/* n <= optlen, a multiple of 4 not above 40: the pad fits. */
		while (n % 4 != 0)
			out[n++] = IPV4_OPT_EOL;
		*outlen = n;
	}
	return IPV4_OK;
}
