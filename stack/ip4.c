/* SPDX-License-Identifier: MIT */
/*
 * IPv4 input, forwarding and output on the workers (stack/ip4.h). Worker
 * threads only, each on its own struct core; the protocol table is
 * written by the control thread before the workers start and only read
 * afterwards.
 */
#include "stack/ip4.h"

#include <errno.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>

#include "stack/arp.h"
#include "stack/core.h"
#include "stack/ether.h"
#include "stack/icmp.h"
#include "stack/wire/ether.h"
#include "stack/wire/icmp4.h"
#include "stack/wire/ipv4.h"

const char *const ip4stat_names[IP4STAT_MAX] = {
	[IP4STAT_SHORT] = "short",
	[IP4STAT_BADVER] = "badversion",
	[IP4STAT_BADHLEN] = "badhlen",
	[IP4STAT_BADLEN] = "badlen",
	[IP4STAT_BADFRAG] = "badfrag",
	[IP4STAT_BADCKSUM] = "badcksum",
	[IP4STAT_NOTCONTIG] = "notcontig",
	[IP4STAT_BADSRC] = "badsrc",
	[IP4STAT_NOTFORUS] = "notforus",
	[IP4STAT_NOPROTO] = "noproto",
	[IP4STAT_REASM] = "reasm",
	[IP4STAT_TTL] = "ttl",
	[IP4STAT_NOROUTE] = "noroute",
	[IP4STAT_NOREFLECT] = "noreflect",
	[IP4STAT_FWDBCAST] = "fwdbcast",
	[IP4STAT_TOOBIG] = "toobig",
	[IP4STAT_NEEDFRAG] = "needfrag",
	[IP4STAT_NOIFC] = "noifc",
	[IP4STAT_NOHEADROOM] = "noheadroom",
	[IP4STAT_BADOUT] = "badout",
};

/* Written before the workers start, read-only afterwards. */
static const struct ip4_proto *ip4_protos[256];

/* The mbuf flags that describe the buffer, not the packet. */
#define IP4_KEEPFLAGS	(RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT)

#define IP4_BCAST	0xffffffffu

static bool
ip4_is_multicast(uint32_t a)
{
	return (a & 0xf0000000u) == 0xe0000000u;
}

int
ip4_proto_register(uint8_t proto, const struct ip4_proto *p)
{
	if (proto == IPPROTO_ICMP || p == NULL)
		return -EINVAL;
	if (ip4_protos[proto] != NULL)
		return -EEXIST;
	ip4_protos[proto] = p;
	return 0;
}

void
ip4_proto_unregister(uint8_t proto)
{
	ip4_protos[proto] = NULL;
}

const struct ip4_proto *
ip4_proto_find(uint8_t proto)
{
	return ip4_protos[proto];
}

uint16_t
ip4_next_id(struct core *c)
{
	unsigned int n = c->ncores != 0 ? c->ncores : 1;
	uint32_t per = 65536u / n;

	/* Core i owns the identifications congruent to i modulo n. */
	return (uint16_t)(c->id + n * (c->ipid++ % per));
}

/* Count a drop under its precise reason and its MIB counter; free m. */
static void
ip4_drop(struct core *c, struct rte_mbuf *m, enum ip4stat why,
    enum ipstat mib)
{
	STAT_INC(c->ip4stats, why);
	STAT_INC(c->ipstats, mib);
	rte_pktmbuf_free(m);
}

/*
 * Cut m to len bytes (len <= pkt_len): Ethernet pads short frames, and
 * the IP total length is the truth. Works on chains, freeing segments
 * that fall entirely past the end.
 */
static void
ip4_trim(struct rte_mbuf *m, uint32_t len)
{
	struct rte_mbuf *s, *rest;
	uint32_t left = len;
	uint16_t nseg = 0;

	if (rte_pktmbuf_pkt_len(m) == len)
		return;
	for (s = m; s != NULL; s = s->next) {
		nseg++;
		if (s->data_len >= left) {
			s->data_len = (uint16_t)left;
			rest = s->next;
			s->next = NULL;
			if (rest != NULL)
				rte_pktmbuf_free(rest);
			break;
		}
		left -= s->data_len;
	}
	m->nb_segs = nseg;
	m->pkt_len = len;
}

/*
 * Reassembly call point. stack/frag is not wired in yet (issue 5): a
 * fragment for us is counted (ReasmReqds) and dropped (ReasmFails).
 */
static void
ip4_reassemble(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx)
{
	(void)rx;
	STAT_INC(c->ipstats, IPSTAT_REASMREQDS);
	ip4_drop(c, m, IP4STAT_REASM, IPSTAT_REASMFAILS);
}

/*
 * Fragmentation call point: m (data at its header) is larger than the MTU
 * of its way out and may be fragmented. Not wired in yet (issue 5): it is
 * counted (FragFails) and dropped.
 */
static void
ip4_fragment(struct core *c, struct rte_mbuf *m, int ifcno, uint16_t pidx,
    uint32_t nexthop, uint16_t mtu)
{
	(void)ifcno;
	(void)pidx;
	(void)nexthop;
	(void)mtu;
	ip4_drop(c, m, IP4STAT_TOOBIG, IPSTAT_FRAGFAILS);
}

/*
 * Remove the options of a datagram for us (9front does so before
 * delivery), so that protocols always see a 20-byte header.
 */
static void
ip4_strip_options(struct rte_mbuf *m, struct ip4_rx *rx)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	unsigned int optlen = ipv4_hlen(p) - IPV4_HLEN_MIN;

	if (optlen == 0)
		return;
	memmove(p + optlen, p, IPV4_HLEN_MIN);
	p = (uint8_t *)rte_pktmbuf_adj(m, (uint16_t)optlen);
	p[IPV4_O_VHL] = 0x45;
	ipv4_set_tlen(p, (uint16_t)(ipv4_tlen(p) - optlen));
	ipv4_fill_cksum(p);
	rx->hlen = IPV4_HLEN_MIN;
}

/* Worker; consumes m (a datagram not for us, header intact). */
static void
ip4_forward(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx)
{
	const struct core_ifc *ifc;
	struct core_route rt;
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	if (!c->view.iprouting) {
		ip4_drop(c, m, IP4STAT_NOTFORUS, IPSTAT_INADDRERRORS);
		return;
	}
	/* RFC 1812 §5.3.4, §4.2.2.11: no link broadcasts, no martians. */
	if (rx->l2mcast || rx->dst == IP4_BCAST || ip4_is_multicast(rx->dst) ||
	    rx->src == 0 || (rx->src >> 24) == 127 || (rx->dst >> 24) == 127 ||
	    (rx->dst >> 24) == 0) {
		ip4_drop(c, m, IP4STAT_FWDBCAST, IPSTAT_INADDRERRORS);
		return;
	}
	if (rx->ttl <= 1) {
		icmp_error_mbuf(c, m, rx, ICMP4_TIMXCEED,
		    ICMP4_TIMXCEED_INTRANS, 0);
		ip4_drop(c, m, IP4STAT_TTL, IPSTAT_INHDRERRORS);
		return;
	}
	if (core_route4(c, rx->dst, rx->src, &rt) != 0 || rt.local) {
		icmp_error_mbuf(c, m, rx, ICMP4_UNREACH, ICMP4_UNREACH_NET, 0);
		ip4_drop(c, m, IP4STAT_NOROUTE, IPSTAT_OUTNOROUTES);
		return;
	}
	ifc = core_ifc(c, rt.ifcno);
	if (ifc == NULL) {
		ip4_drop(c, m, IP4STAT_NOIFC, IPSTAT_OUTDISCARDS);
		return;
	}
	if (rt.ifcno == rx->ifcno && !ifc->reflect) {
		ip4_drop(c, m, IP4STAT_NOREFLECT, IPSTAT_OUTDISCARDS);
		return;
	}
	if (rte_pktmbuf_pkt_len(m) > ifc->mtu) {
		if (ipv4_df(p)) {
			icmp_error_mbuf(c, m, rx, ICMP4_UNREACH,
			    ICMP4_UNREACH_NEEDFRAG, ifc->mtu);
			ip4_drop(c, m, IP4STAT_NEEDFRAG, IPSTAT_FRAGFAILS);
			return;
		}
		ipv4_dec_ttl(p);
		STAT_INC(c->ipstats, IPSTAT_FORWDATAGRAMS);
		m->ol_flags &= IP4_KEEPFLAGS;
		ip4_fragment(c, m, rt.ifcno, (uint16_t)rt.pidx, rt.gate,
		    ifc->mtu);
		return;
	}
	ipv4_dec_ttl(p);
	STAT_INC(c->ipstats, IPSTAT_FORWDATAGRAMS);
	m->ol_flags &= IP4_KEEPFLAGS;
	if (rt.cast == IP4_CAST_BROADCAST) {
		ether_output(c, (uint16_t)rt.pidx, ether_bcast, ETHERTYPE_IPV4,
		    m);
		return;
	}
	arp_output(c, rt.ifcno, (uint16_t)rt.pidx, rt.gate, m);
}

/* Map an ipv4_check/ipv4_parse verdict to its precise counter. */
static enum ip4stat
ip4_verdict_stat(enum ipv4_verdict v)
{
	switch (v) {
	case IPV4_SHORT:
		return IP4STAT_SHORT;
	case IPV4_BADVER:
		return IP4STAT_BADVER;
	case IPV4_BADHLEN:
		return IP4STAT_BADHLEN;
	case IPV4_BADLEN:
		return IP4STAT_BADLEN;
	case IPV4_BADFRAG:
		return IP4STAT_BADFRAG;
	case IPV4_BADCKSUM:
	default:
		return IP4STAT_BADCKSUM;
	}
}

void
ip4_input(struct core *c, uint16_t pidx, struct rte_mbuf *m, bool l2mcast)
{
	const struct ip4_proto *pr;
	struct ipv4_repr r;
	struct ip4_rx rx;
	enum ipv4_verdict v;
	const uint8_t *p;
	uint32_t len, dlen;
	unsigned int rxflags = 0;
	uint64_t f;

	STAT_INC(c->ipstats, IPSTAT_INRECEIVES);
	len = rte_pktmbuf_pkt_len(m);
	dlen = rte_pktmbuf_data_len(m);
	p = rte_pktmbuf_mtod(m, const uint8_t *);

	/*
	 * The header must sit in the first segment; ipv4_check reads only
	 * header bytes and compares the total length with the whole packet.
	 */
	if (dlen < IPV4_HLEN_MIN) {
		ip4_drop(c, m, len < IPV4_HLEN_MIN ? IP4STAT_SHORT :
		    IP4STAT_NOTCONTIG, IPSTAT_INHDRERRORS);
		return;
	}
	v = ipv4_check(p, len);
	if (v == IPV4_OK && ipv4_hlen(p) > dlen) {
		ip4_drop(c, m, IP4STAT_NOTCONTIG, IPSTAT_INHDRERRORS);
		return;
	}
	if (v == IPV4_OK && c->ports[pidx].rx_ip4_cksum) {
		f = m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
		if (f == RTE_MBUF_F_RX_IP_CKSUM_BAD)
			v = IPV4_BADCKSUM;
		else if (f == RTE_MBUF_F_RX_IP_CKSUM_GOOD ||
		    f == RTE_MBUF_F_RX_IP_CKSUM_NONE)
			rxflags = WIRE_RX_CSUM_OK;
	}
	if (v == IPV4_OK)
		v = ipv4_parse(p, len, rxflags, &r);
	if (v != IPV4_OK) {
		ip4_drop(c, m, ip4_verdict_stat(v), IPSTAT_INHDRERRORS);
		return;
	}
	ip4_trim(m, ipv4_tlen(p));

	/* RFC 1122 §3.2.1.3: a broadcast or multicast source is bogus. */
	if (r.src == IP4_BCAST || ip4_is_multicast(r.src)) {
		ip4_drop(c, m, IP4STAT_BADSRC, IPSTAT_INADDRERRORS);
		return;
	}
	rx.src = r.src;
	rx.dst = r.dst;
	rx.len = r.payload_len;
	rx.id = r.id;
	rx.pidx = pidx;
	rx.ifcno = (int16_t)core_port_ifc(c, pidx);
	rx.proto = r.proto;
	rx.ttl = r.ttl;
	rx.tos = r.tos;
	rx.hlen = (uint8_t)ipv4_hlen(p);
	rx.l2mcast = l2mcast;
	rx.frag = r.mf || r.frag_off != 0;
	rx.first = r.frag_off == 0;
	rx.cast = (uint8_t)core_local4(c, r.dst);
	if (rx.cast == IP4_CAST_NONE) {
		ip4_forward(c, m, &rx);
		return;
	}
	if (rx.frag) {
		ip4_reassemble(c, m, &rx);
		return;
	}
	ip4_strip_options(m, &rx);
	if (rx.proto == IPPROTO_ICMP) {
		STAT_INC(c->ipstats, IPSTAT_INDELIVERS);
		icmp_input(c, m, &rx);
		return;
	}
	pr = ip4_protos[rx.proto];
	if (pr == NULL || pr->input == NULL) {
		if (rx.cast == IP4_CAST_UNICAST)
			icmp_error_mbuf(c, m, &rx, ICMP4_UNREACH,
			    ICMP4_UNREACH_PROTO, 0);
		ip4_drop(c, m, IP4STAT_NOPROTO, IPSTAT_INUNKNOWNPROTOS);
		return;
	}
	STAT_INC(c->ipstats, IPSTAT_INDELIVERS);
	pr->input(c, m, &rx);
}

/*
 * Finish the header at m's data for port pidx: the NIC fills the
 * checksum when it can, else we do.
 */
static void
ip4_finish(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	if (c->ports[pidx].tx_ip4_cksum) {
		ipv4_set_cksum(p, 0);
		m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
		m->l2_len = ETHER_HLEN;
		m->l3_len = ipv4_hlen(p);
	} else {
		ipv4_fill_cksum(p);
	}
}

void
ip4_send_ifc(struct core *c, int ifcno, uint16_t pidx, uint32_t nexthop,
    struct rte_mbuf *m)
{
	const struct core_ifc *ifc = core_ifc(c, ifcno);
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);

	if (ifc == NULL) {
		ip4_drop(c, m, IP4STAT_NOIFC, IPSTAT_OUTDISCARDS);
		return;
	}
	if (rte_pktmbuf_pkt_len(m) > ifc->mtu) {
		if (ipv4_df(p)) {
			/* As 9front: the sender hears it through ICMP. */
			ipv4_fill_cksum(p);
			icmp_error_mbuf(c, m, NULL, ICMP4_UNREACH,
			    ICMP4_UNREACH_NEEDFRAG, ifc->mtu);
			ip4_drop(c, m, IP4STAT_NEEDFRAG, IPSTAT_FRAGFAILS);
			return;
		}
		ip4_fragment(c, m, ifcno, pidx, nexthop, ifc->mtu);
		return;
	}
	ip4_finish(c, pidx, m);
	arp_output(c, ifcno, pidx, nexthop, m);
}

void
ip4_output(struct core *c, struct rte_mbuf *m)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	const struct core_ifc *ifc;
	struct core_route rt;
	uint8_t mac[6];

	STAT_INC(c->ipstats, IPSTAT_OUTREQUESTS);
	if (core_route4(c, ipv4_dst(p), ipv4_src(p), &rt) != 0) {
		ip4_drop(c, m, IP4STAT_NOROUTE, IPSTAT_OUTNOROUTES);
		return;
	}
	ifc = core_ifc(c, rt.ifcno);
	if (ifc == NULL) {
		ip4_drop(c, m, IP4STAT_NOIFC, IPSTAT_OUTDISCARDS);
		return;
	}
	if (rt.local) {
		/* Ours: back through our own input (ether_output loops it). */
		ip4_finish(c, (uint16_t)rt.pidx, m);
		ether_output(c, (uint16_t)rt.pidx,
		    c->ports[rt.pidx].mac.addr_bytes, ETHERTYPE_IPV4, m);
		return;
	}
	if (rt.cast == IP4_CAST_BROADCAST || rt.cast == IP4_CAST_MULTICAST) {
		if (rte_pktmbuf_pkt_len(m) > ifc->mtu) {
			if (ipv4_df(p)) {
				ip4_drop(c, m, IP4STAT_NEEDFRAG,
				    IPSTAT_FRAGFAILS);
				return;
			}
			ip4_fragment(c, m, rt.ifcno, (uint16_t)rt.pidx,
			    rt.gate, ifc->mtu);
			return;
		}
		if (rt.cast == IP4_CAST_BROADCAST)
			memcpy(mac, ether_bcast, 6);
		else
			ether_multicast_ipv4(mac, ipv4_dst(p));
		ip4_finish(c, (uint16_t)rt.pidx, m);
		ether_output(c, (uint16_t)rt.pidx, mac, ETHERTYPE_IPV4, m);
		return;
	}
	ip4_send_ifc(c, rt.ifcno, (uint16_t)rt.pidx, rt.gate, m);
}

/*
 * Prepend and fill the 20-byte header of a datagram we send (checksum
 * left for ip4_finish). Returns the header, or NULL when m was dropped.
 */
static uint8_t *
ip4_header(struct core *c, const struct ip4_out *o, uint32_t src,
    struct rte_mbuf *m)
{
	struct ipv4_repr r;
	uint8_t *p;

	if (rte_pktmbuf_pkt_len(m) > IPV4_MAXLEN - IPV4_HLEN_MIN) {
		ip4_drop(c, m, IP4STAT_BADOUT, IPSTAT_OUTDISCARDS);
		return NULL;
	}
	memset(&r, 0, sizeof(r));
	r.src = src;
	r.dst = o->dst;
	r.payload_len = (uint16_t)rte_pktmbuf_pkt_len(m);
	r.id = ip4_next_id(c);
	r.tos = o->tos;
	r.ttl = o->ttl != 0 ? o->ttl : IP4_DEFTTL;
	r.proto = o->proto;
	r.df = o->df;
	p = (uint8_t *)rte_pktmbuf_prepend(m, IPV4_HLEN_MIN);
	if (p == NULL) {
		ip4_drop(c, m, IP4STAT_NOHEADROOM, IPSTAT_OUTDISCARDS);
		return NULL;
	}
	m->ol_flags &= IP4_KEEPFLAGS | RTE_MBUF_F_TX_L4_MASK;
	ipv4_emit(&r, p, IPV4_HLEN_MIN, WIRE_TX_CSUM_OFFLOAD);
	return p;
}

void
ip4_write(struct core *c, const struct ip4_out *o, struct rte_mbuf *m)
{
	uint32_t src = o->src;

	if (src == 0)
		src = core_src4(c, o->dst);
	if (src == 0 && o->dst != IP4_BCAST) {
		STAT_INC(c->ipstats, IPSTAT_OUTREQUESTS);
		ip4_drop(c, m, IP4STAT_NOROUTE, IPSTAT_OUTNOROUTES);
		return;
	}
	if (ip4_header(c, o, src, m) == NULL)
		return;
	ip4_output(c, m);
}

void
ip4_write_directly(struct core *c, const struct ip4_out *o, int ifcno,
    const uint8_t mac[6], struct rte_mbuf *m)
{
	const struct core_ifc *ifc = core_ifc(c, ifcno);
	uint32_t src = o->src;
	uint8_t *p;

	STAT_INC(c->ipstats, IPSTAT_OUTREQUESTS);
	if (ifc == NULL) {
		ip4_drop(c, m, IP4STAT_NOIFC, IPSTAT_OUTDISCARDS);
		return;
	}
	if (src == 0)
		src = core_ifcaddr4(c, ifcno, o->dst);
	if ((p = ip4_header(c, o, src, m)) == NULL)
		return;
	if (rte_pktmbuf_pkt_len(m) > ifc->mtu) {
		if (ipv4_df(p)) {
			ip4_drop(c, m, IP4STAT_NEEDFRAG, IPSTAT_FRAGFAILS);
			return;
		}
		ip4_fragment(c, m, ifcno, (uint16_t)ifc->pidx, o->dst,
		    ifc->mtu);
		return;
	}
	ip4_finish(c, (uint16_t)ifc->pidx, m);
	ether_output(c, (uint16_t)ifc->pidx, mac, ETHERTYPE_IPV4, m);
}

uint32_t
ip4_src(struct core *c, uint32_t dst)
{
	return core_src4(c, dst);
}

int
ip4_attempt_to_discover(struct core *c, uint32_t dst, uint8_t mac[6])
{
	struct core_route rt;

	if (core_route4(c, dst, core_src4(c, dst), &rt) != 0 ||
	    core_ifc(c, rt.ifcno) == NULL)
		return -ENETUNREACH;
	if (rt.local) {
		memcpy(mac, c->ports[rt.pidx].mac.addr_bytes, 6);
		return 0;
	}
	if (rt.cast == IP4_CAST_BROADCAST) {
		memcpy(mac, ether_bcast, 6);
		return 0;
	}
	if (rt.cast == IP4_CAST_MULTICAST) {
		ether_multicast_ipv4(mac, dst);
		return 0;
	}
	return arp_probe(c, rt.ifcno, rt.gate, mac);
}
