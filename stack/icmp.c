/* SPDX-License-Identifier: MIT */
/*
 * ICMPv4 input, echo replies, error generation with its rate limit, and
 * the per-core counters of icmp/stats (stack/icmp.h). Worker threads
 * only, except icmp_stats_add and icmp_stats_format (any thread).
 */
#include "stack/icmp.h"

#include <stdio.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>

#include "stack/core.h"
#include "stack/ip4.h"
#include "stack/wire/cksum.h"
#include "stack/wire/icmp4.h"
#include "stack/wire/ipv4.h"

const char *const icmpstat_names[ICMPSTAT_IN0] = {
	[ICMPSTAT_INMSGS] = "InMsgs",
	[ICMPSTAT_INERRORS] = "InErrors",
	[ICMPSTAT_OUTMSGS] = "OutMsgs",
	[ICMPSTAT_CSUMERRS] = "CsumErrs",
	[ICMPSTAT_LENERRS] = "LenErrs",
	[ICMPSTAT_HLENERRS] = "HlenErrs",
};

/* 9front's icmpnames[]; the last one really has two trailing spaces. */
const char *const icmp_type_names[ICMP_NTYPES] = {
	[0] = "EchoReply",
	[3] = "Unreachable",
	[4] = "SrcQuench",
	[5] = "Redirect",
	[8] = "EchoRequest",
	[11] = "TimeExceed",
	[12] = "InParmProblem",
	[13] = "Timestamp",
	[14] = "TimestampReply",
	[15] = "InfoRequest",
	[16] = "InfoReply",
	[17] = "AddrMaskRequest",
	[18] = "AddrMaskReply  ",
};

#define ICMP_STAT(c, s)	STAT_INC((c)->icmp.stats, (s))
#define ICMP_DROP(c, s)	STAT_INC((c)->icmp.drops, (s))

void
icmp_init(struct core *c)
{
	memset(&c->icmp, 0, sizeof(c->icmp));
}

/* Count one message of type sent by us (the per-type "out" column). */
static void
icmp_count_out(struct core *c, uint8_t type)
{
	if (type < ICMP_NTYPES)
		ICMP_STAT(c, ICMPSTAT_OUT0 + type);
}

/*
 * The error rate limit: a token bucket of ICMP_BURST errors refilled at
 * ICMP_RATE per second, kept as TSC credit so that no division happens
 * per packet. Returns whether an error may go out now.
 */
static bool
icmp_ratelimit_ok(struct core *c)
{
	uint64_t cost = c->hz / ICMP_RATE, cap = cost * ICMP_BURST;
	struct icmp_core *ic = &c->icmp;

	if (ic->tlast == 0 || c->now < ic->tlast) {
		ic->tokens = cap;
	} else {
		ic->tokens += c->now - ic->tlast;
		if (ic->tokens > cap)
			ic->tokens = cap;
	}
	ic->tlast = c->now != 0 ? c->now : 1;
	if (ic->tokens < cost)
		return false;
	ic->tokens -= cost;
	return true;
}

/*
 * An address no error (nor echo reply) may be sent to (RFC 1812
 * §4.3.2.7); cast is core_local4(src).
 */
static bool
icmp_bad_source_cast(uint32_t src, int cast)
{
	uint8_t hi = (uint8_t)(src >> 24);

	return src == 0 || hi == 0 || hi == 127 || hi >= 224 ||
	    cast == IP4_CAST_BROADCAST || cast == IP4_CAST_MULTICAST;
}

static bool
icmp_bad_source(const struct core *c, uint32_t src)
{
	return icmp_bad_source_cast(src, core_local4(c, src));
}

void
icmp_error(struct core *c, const uint8_t *ip, size_t len,
    const struct ip4_rx *rx, uint8_t type, uint8_t code, uint16_t nextmtu)
{
	struct icmp4_repr r;
	struct rte_mbuf *m;
	struct ip4_out o;
	uint32_t src, dst;
	size_t hl, qlen;
	uint16_t pidx;
	uint8_t *p;

	if (len < IPV4_HLEN_MIN || (hl = ipv4_hlen(ip)) < IPV4_HLEN_MIN ||
	    hl > len)
		return;
	src = ipv4_src(ip);
	dst = ipv4_dst(ip);
	/* RFC 1122 §3.2.2: never about these. */
	if (ipv4_frag_off(ip) != 0) {
		ICMP_DROP(c, ICMPDROP_ERR_FRAG);
		return;
	}
	if ((rx != NULL && (rx->l2mcast || rx->cast == IP4_CAST_BROADCAST ||
	    rx->cast == IP4_CAST_MULTICAST)) || dst == 0xffffffffu ||
	    (dst >> 28) == 0xe) {
		ICMP_DROP(c, ICMPDROP_ERR_BCAST);
		return;
	}
	if (icmp_bad_source(c, src)) {
		ICMP_DROP(c, ICMPDROP_ERR_BADSRC);
		return;
	}
	if (ipv4_proto(ip) == IPPROTO_ICMP &&
	    (len < hl + 1 || icmp4_is_error(ip[hl]))) {
		ICMP_DROP(c, ICMPDROP_ERR_ICMPERR);
		return;
	}
	if (!icmp_ratelimit_ok(c)) {
		ICMP_DROP(c, ICMPDROP_ERR_RATE);
		return;
	}
	if (c->nports == 0)
		return;
	pidx = rx != NULL ? rx->pidx : 0;
	m = rte_pktmbuf_alloc(c->ports[pidx].pool);
	if (m == NULL) {
		ICMP_DROP(c, ICMPDROP_ERR_NOMBUF);
		return;
	}
	qlen = icmp4_quote_len(ip, len);
	if (qlen > ICMP_QUOTE_MAX)
		qlen = ICMP_QUOTE_MAX;
	p = (uint8_t *)rte_pktmbuf_append(m, (uint16_t)(ICMP4_HLEN + qlen));
	if (p == NULL || rte_pktmbuf_headroom(m) < IP4_HEADROOM) {
		ICMP_DROP(c, ICMPDROP_ERR_NOMBUF);
		rte_pktmbuf_free(m);
		return;
	}
	/* Quote the header with a valid checksum (ours may be offloaded). */
	memcpy(p + ICMP4_HLEN, ip, qlen);
	ipv4_fill_cksum(p + ICMP4_HLEN);
	memset(&r, 0, sizeof(r));
	r.type = type;
	r.code = code;
	r.mtu = nextmtu;
	r.data = p + ICMP4_HLEN;
	r.data_len = qlen;
	icmp4_emit(&r, p, ICMP4_HLEN + qlen);

	/* From the address the datagram was sent to when it is ours, else
	 * from our address on the interface it came in on. */
	memset(&o, 0, sizeof(o));
	if (core_local4(c, dst) == IP4_CAST_UNICAST)
		o.src = dst;
	else if (rx != NULL)
		o.src = core_ifcaddr4(c, rx->ifcno, src);
	o.dst = src;
	o.proto = IPPROTO_ICMP;
	icmp_count_out(c, type);
	ip4_write(c, &o, m);
}

void
icmp_error_mbuf(struct core *c, const struct rte_mbuf *m,
    const struct ip4_rx *rx, uint8_t type, uint8_t code, uint16_t nextmtu)
{
	icmp_error(c, rte_pktmbuf_mtod(m, const uint8_t *),
	    rte_pktmbuf_data_len(m), rx, type, code, nextmtu);
}

/*
 * Worker; consumes m (data at the 20-byte IPv4 header of an echo request
 * for one of our unicast addresses): turn it into the reply and send it
 * by rt, the route back to the sender (NULL: none). Only the type
 * changes in the ICMP message, so its checksum is patched (RFC 1624),
 * not summed again.
 */
static void
icmp_echo_reply(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx,
    const struct core_route *rt)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *), *icmp = p + rx->hlen;
	uint16_t old = get_be16(icmp);
	uint32_t sum;

	icmp4_set_type(icmp, ICMP4_ECHOREPLY);
	icmp4_set_code(icmp, 0);
	/* RFC 1624 eqn. 3 (cksum_update16, inline); the new word is 0. */
	sum = (uint32_t)(uint16_t)~icmp4_cksum(icmp) + (uint16_t)~old;
	sum = (sum & 0xffff) + (sum >> 16);
	icmp4_set_cksum(icmp, (uint16_t)~sum);
	ipv4_set_src(p, rx->dst);
	ipv4_set_dst(p, rx->src);
	ipv4_set_id(p, ip4_next_id(c));
	ipv4_set_frag(p, 0);
	ipv4_set_ttl(p, IP4_DEFTTL);
	m->ol_flags &= RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT;
	icmp_count_out(c, ICMP4_ECHOREPLY);
	ip4_output_route(c, m, rt);
}

/* Worker: an error message quoting one of our datagrams: tell the
 * protocol that sent it. q is the quote, qlen bytes. */
static void
icmp_advise(struct core *c, const uint8_t *icmp, const uint8_t *q,
    size_t qlen, const struct ip4_rx *rx)
{
	const struct ip4_proto *pr;
	struct ip4_advice a;

	memset(&a, 0, sizeof(a));
	a.from = rx->src;
	a.type = icmp4_type(icmp);
	a.code = icmp4_code(icmp);
	if (a.type == ICMP4_UNREACH && a.code == ICMP4_UNREACH_NEEDFRAG)
		a.mtu = icmp4_mtu(icmp);
	a.ip = q;
	a.len = qlen;
	pr = ip4_proto_find(ipv4_proto(q));
	if (pr == NULL || pr->advise == NULL) {
		/* ICMP itself: no conversations yet, nothing to hang up. */
		ICMP_DROP(c, ICMPDROP_NOADVISE);
		return;
	}
	pr->advise(c, &a);
}

void
icmp_input(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	const uint8_t *icmp = p + rx->hlen, *q;
	uint32_t ilen = rx->len, dlen = rte_pktmbuf_data_len(m);
	struct core_route rt;
	size_t qlen, qhl;
	uint16_t sum;
	uint8_t type;
	bool routed;
	int cast;

	ICMP_STAT(c, ICMPSTAT_INMSGS);
	if (ilen < ICMP4_HLEN || dlen < (uint32_t)rx->hlen + ICMP4_HLEN) {
		ICMP_STAT(c, ICMPSTAT_HLENERRS);
		goto error;
	}
	if (dlen >= rx->hlen + ilen) {
		if (cksum_inet(icmp, ilen) != 0)
			goto badsum;
	} else if (rte_raw_cksum_mbuf(m, rx->hlen, ilen, &sum) != 0 ||
	    sum != 0xffff) {
		goto badsum;
	}
	type = icmp4_type(icmp);
	if (type < ICMP_NTYPES)
		ICMP_STAT(c, ICMPSTAT_IN0 + type);
	switch (type) {
	case ICMP4_ECHO:
		if (rx->cast != IP4_CAST_UNICAST) {
			ICMP_DROP(c, ICMPDROP_ECHOBCAST);
			break;
		}
		/* One FIB walk: is the sender a broadcast address of
		 * ours, and the route of the reply back to it (looked up
		 * again only when the sender is one of our addresses). */
		cast = core_classify4(c, rx->src, rx->dst, &rt, &routed);
		if (icmp_bad_source_cast(rx->src, cast)) {
			ICMP_DROP(c, ICMPDROP_ERR_BADSRC);
			break;
		}
		if (cast != IP4_CAST_NONE)
			routed = core_route4(c, rx->src, rx->dst, &rt) == 0;
		icmp_echo_reply(c, m, rx, routed ? &rt : NULL);
		return;
	case ICMP4_UNREACH:
	case ICMP4_TIMXCEED:
	case ICMP4_PARAMPROB:
	case ICMP4_SOURCEQUENCH:
		/* RFC 1122 §3.2.2: the quoted header and 8 bytes, at least. */
		q = icmp + ICMP4_HLEN;
		qlen = ilen - ICMP4_HLEN;
		if (dlen - rx->hlen < ilen)
			qlen = dlen - rx->hlen - ICMP4_HLEN;
		if (qlen < IPV4_HLEN_MIN || ipv4_version(q) != 4 ||
		    (qhl = ipv4_hlen(q)) < IPV4_HLEN_MIN ||
		    qlen < qhl + ICMP4_QUOTE_DATA) {
			ICMP_STAT(c, ICMPSTAT_LENERRS);
			goto error;
		}
		icmp_advise(c, icmp, q, qlen, rx);
		break;
	default:
		/* Replies and the rest go to conversations (not yet). */
		ICMP_DROP(c, ICMPDROP_NOCONV);
		break;
	}
	rte_pktmbuf_free(m);
	return;
badsum:
	ICMP_STAT(c, ICMPSTAT_CSUMERRS);
error:
	ICMP_STAT(c, ICMPSTAT_INERRORS);
	rte_pktmbuf_free(m);
}

void
icmp_stats_add(const struct core *c, uint64_t sum[ICMPSTAT_MAX])
{
	unsigned int i;

	for (i = 0; i < ICMPSTAT_MAX; i++)
		sum[i] += STAT_READ(c->icmp.stats, i);
}

size_t
icmp_stats_format(const uint64_t s[ICMPSTAT_MAX], char *buf, size_t n)
{
	size_t len = 0;
	unsigned int i;
	int w;

	if (n > 0)
		buf[0] = '\0';
	for (i = 0; i < ICMPSTAT_IN0; i++) {
		w = snprintf(buf + (len < n ? len : n), len < n ? n - len : 0,
		    "%s: %llu\n", icmpstat_names[i], (unsigned long long)s[i]);
		len += (size_t)(w > 0 ? w : 0);
	}
	for (i = 0; i < ICMP_NTYPES; i++) {
		if (icmp_type_names[i] != NULL)
			w = snprintf(buf + (len < n ? len : n),
			    len < n ? n - len : 0, "%s: %llu %llu\n",
			    icmp_type_names[i],
			    (unsigned long long)s[ICMPSTAT_IN0 + i],
			    (unsigned long long)s[ICMPSTAT_OUT0 + i]);
		else
			w = snprintf(buf + (len < n ? len : n),
			    len < n ? n - len : 0, "%u: %llu %llu\n", i,
			    (unsigned long long)s[ICMPSTAT_IN0 + i],
			    (unsigned long long)s[ICMPSTAT_OUT0 + i]);
		len += (size_t)(w > 0 ? w : 0);
	}
	return len;
}
