/* SPDX-License-Identifier: MIT */
/*
 * IPv4 input, forwarding, output, and the glue to fragmentation and
 * reassembly (stack/frag.h) on the workers (stack/ip4.h). Worker threads
 * only, each on its own struct core and its own reassembly table; the
 * protocol table is written by the control thread before the workers
 * start and only read afterwards.
 */
#include "stack/ip4.h"

#include <errno.h>
#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>

#include "stack/arp.h"
#include "stack/core.h"
#include "stack/ether.h"
#include "stack/frag.h"
#include "stack/icmp.h"
#include "stack/msg.h"
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
	[IP4STAT_HANDOFF] = "handoff",
	[IP4STAT_MULTISEG] = "multiseg",
};

/* Written before the workers start, read-only afterwards. */
static const struct ip4_proto *ip4_protos[256];

/* The mbuf flags that describe the buffer, not the packet. */
#define IP4_KEEPFLAGS	(RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT)

#define IP4_BCAST	0xffffffffu

/*
 * Pieces one datagram may be cut into: a 65535-byte datagram with a
 * plain header at the smallest MTU (68) makes 1366. Headers with copied
 * options at such MTUs would need more; those fail (FragFails).
 */
#define IP4_FRAG_MAXOUT	1400

static inline __attribute__((always_inline)) void ip4_forward(struct core *c,
    struct rte_mbuf *m, const struct ip4_rx *rx, const struct core_route *rt);
static void ip4_finish(struct core *c, uint16_t pidx, struct rte_mbuf *m);

/*
 * The one's-complement sum of an IPv4 header of hlen bytes (a multiple of
 * 4, at most 60) in 32-bit words of the host's byte order, folded to 16
 * bits: 0xffff over a header whose checksum is right (RFC 1071 §2(B):
 * the sum does not depend on the byte order). The headers of the input
 * and output paths are summed here, inline, instead of byte pair by byte
 * pair.
 */
static inline uint32_t
ip4_hdr_sum(const uint8_t *p, unsigned int hlen)
{
	uint32_t w0, w1, w2, w3, w4;
	uint64_t sum;
	unsigned int i;

	memcpy(&w0, p, sizeof(w0));
	memcpy(&w1, p + 4, sizeof(w1));
	memcpy(&w2, p + 8, sizeof(w2));
	memcpy(&w3, p + 12, sizeof(w3));
	memcpy(&w4, p + 16, sizeof(w4));
	sum = (uint64_t)w0 + w1 + w2 + w3 + w4;
	for (i = IPV4_HLEN_MIN; i < hlen; i += 4) {
		memcpy(&w0, p + i, sizeof(w0));
		sum += w0;
	}
	/* At most 15 words, below 2^36: 33 bits after the first fold,
	 * 16 after three more. */
	sum = (sum & 0xffffffffu) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint32_t)((sum & 0xffff) + (sum >> 16));
}

/* Fill the checksum of the header at p (ipv4_fill_cksum, inline). */
static inline void
ip4_hdr_fill_cksum(uint8_t *p, unsigned int hlen)
{
	uint16_t ck;

	p[IPV4_O_CKSUM] = 0;
	p[IPV4_O_CKSUM + 1] = 0;
	ck = (uint16_t)~ip4_hdr_sum(p, hlen);
	memcpy(p + IPV4_O_CKSUM, &ck, sizeof(ck));
}

/*
 * Forwarding: ipv4_dec_ttl inline. TTL and protocol share one 16-bit
 * word, which drops by exactly 0x100 (the TTL is above 1), so RFC 1624
 * eqn. 3, HC' = ~(~HC + ~m + m'), has ~m + m' = 0xfeff.
 */
static inline void
ip4_dec_ttl(uint8_t *p)
{
	uint32_t sum;

	p[IPV4_O_TTL]--;
	sum = (uint32_t)(uint16_t)~ipv4_cksum(p) + 0xfeffu;
	sum = (sum & 0xffff) + (sum >> 16);
	ipv4_set_cksum(p, (uint16_t)~sum);
}

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
	uint32_t k;

	/*
	 * Core i owns the identifications congruent to i modulo n, 65536 / n
	 * of them, used in turn; the division is redone only when the
	 * number of cores changes.
	 */
	if (unlikely(c->ipid_n != n)) {
		c->ipid_n = n;
		c->ipid_per = 65536u / n;
	}
	k = c->ipid;
	if (unlikely(k >= c->ipid_per))
		k = 0;
	c->ipid = k + 1;
	return (uint16_t)(c->id + n * k);
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
 * Describe the complete datagram at m's data (a reassembled one, or one
 * checked by ip4_input) that arrived on port pidx.
 */
static void
ip4_rx_fill(struct core *c, const struct rte_mbuf *m, uint16_t pidx,
    bool l2mcast, struct ip4_rx *rx)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);

	rx->src = ipv4_src(p);
	rx->dst = ipv4_dst(p);
	rx->hlen = (uint8_t)ipv4_hlen(p);
	rx->len = (uint16_t)(ipv4_tlen(p) - rx->hlen);
	rx->id = ipv4_id(p);
	rx->pidx = pidx;
	rx->ifcno = (int16_t)core_port_ifc(c, pidx);
	rx->proto = ipv4_proto(p);
	rx->ttl = ipv4_ttl(p);
	rx->tos = ipv4_tos(p);
	rx->l2mcast = l2mcast;
	rx->frag = ipv4_is_fragment(p);
	rx->first = ipv4_frag_off(p) == 0;
	rx->cast = (uint8_t)core_local4(c, rx->dst);
}

/* Our index of the port with DPDK id port_id, 0 when none is. */
static uint16_t
ip4_pidx_of(const struct core *c, uint16_t port_id)
{
	uint16_t i;

	for (i = 0; i < c->nports; i++)
		if (c->ports[i].port_id == port_id)
			return i;
	return 0;
}

static void ip4_deliver(struct core *c, struct rte_mbuf *m,
    struct ip4_rx *rx);

/*
 * Worker; consumes m, a fragment (header checked) steered to this core:
 * add it to the table, and deliver or forward the datagram it completes.
 */
static void
ip4_reasm_here(struct core *c, struct rte_mbuf *m, uint16_t pidx,
    bool l2mcast)
{
	struct ip4_rx rx;

	if (c->frag == NULL) {
		STAT_INC(c->ipstats, IPSTAT_REASMREQDS);
		ip4_drop(c, m, IP4STAT_REASM, IPSTAT_REASMFAILS);
		return;
	}
	/* Where it came from, for the ICMP error if it times out. */
	if (pidx < c->nports)
		m->port = c->ports[pidx].port_id;
	m = frag_reassemble4(c->frag, m, c->now, c->ipstats);
	core_publish_reasm(c);
	if (m == NULL)
		return;
	ip4_rx_fill(c, m, pidx, l2mcast, &rx);
	if (rx.cast == IP4_CAST_NONE) {
		/* Forwarded through an interface with reassemble set. */
		struct core_route rt;

		ip4_forward(c, m, &rx, core_route4(c, rx.dst, rx.src,
		    &rt) == 0 ? &rt : NULL);
		return;
	}
	rx.frag = true;
	ip4_deliver(c, m, &rx);
}

/*
 * Reassembly call point: m (a checked fragment, described by rx) is
 * reassembled on the core frag_steer() names for its key, so that all
 * fragments of one datagram meet in one table whichever queue RSS (or
 * the tap) gave them to. Another core's fragment goes through its packet
 * ring; a full ring drops it (InDiscards). Consumes m.
 */
static void
ip4_reassemble(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx)
{
	struct msg_pkt mp;
	unsigned int dst;

	if (c->ncores > 1) {
		dst = frag_steer(rx->src, rx->dst, rx->id, rx->proto,
		    c->ncores);
		if (dst != c->id) {
			memset(&mp, 0, sizeof(mp));
			mp.m = m;
			mp.pidx = rx->pidx;
			mp.kind = MSG_PKT_FRAG;
			mp.flags = rx->l2mcast ? MSG_PKT_F_L2MCAST : 0;
			mp.from = (uint16_t)c->id;
			if (msg_send_pkt(c, dst, &mp) != 0)
				ip4_drop(c, m, IP4STAT_HANDOFF,
				    IPSTAT_INDISCARDS);
			return;
		}
	}
	ip4_reasm_here(c, m, rx->pidx, rx->l2mcast);
}

void
ip4_frag_input(struct core *c, struct rte_mbuf *m, uint16_t pidx,
    bool l2mcast)
{
	ip4_reasm_here(c, m, pidx, l2mcast);
}

/*
 * frag_expire callback: the datagram of frag0 (data at its header, as
 * received) timed out. RFC 792, RFC 1122 §3.3.2: tell its sender with
 * time exceeded, reassembly, quoting fragment 0; icmp_error applies the
 * usual rules (never about broadcasts or ICMP errors, rate limit). The
 * table does not remember whether fragment 0 came in a link broadcast:
 * only its IP destination is judged.
 */
static void
ip4_reasm_timeout(void *arg, struct rte_mbuf *frag0)
{
	struct core *c = arg;
	struct ip4_rx rx;

	ip4_rx_fill(c, frag0, ip4_pidx_of(c, frag0->port), false, &rx);
	icmp_error_mbuf(c, frag0, &rx, ICMP4_TIMXCEED, ICMP4_TIMXCEED_REASS,
	    0);
	rte_pktmbuf_free(frag0);
}

void
ip4_frag_timer(struct core *c)
{
	if (c->frag != NULL)
		frag_expire(c->frag, c->now, c->ipstats, ip4_reasm_timeout, c);
	core_publish_reasm(c);
}

/*
 * Worker; consumes m, a chain (data at the IPv4 header) for port pidx,
 * which cannot send chains: copy it into one mbuf of the port's pool.
 * Returns the copy, or NULL when it does not fit one mbuf or none is
 * left (counted).
 */
static struct rte_mbuf *
ip4_linearize(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	struct rte_mempool *pool = c->ports[pidx].pool;
	struct rte_mbuf *n;
	uint32_t len = rte_pktmbuf_pkt_len(m);
	const void *src;
	char *d;

	if (RTE_PKTMBUF_HEADROOM + len > rte_pktmbuf_data_room_size(pool) ||
	    (n = rte_pktmbuf_alloc(pool)) == NULL) {
		ip4_drop(c, m, IP4STAT_MULTISEG, IPSTAT_OUTDISCARDS);
		return NULL;
	}
	d = rte_pktmbuf_append(n, (uint16_t)len);
	src = rte_pktmbuf_read(m, 0, len, d);
	if (src != d)
		memcpy(d, src, len);
	n->ol_flags = m->ol_flags & ~(uint64_t)IP4_KEEPFLAGS;
	n->l2_len = m->l2_len;
	n->l3_len = m->l3_len;
	n->l4_len = m->l4_len;
	rte_pktmbuf_free(m);
	return n;
}

/*
 * Worker; consumes m (data at a header that fits the MTU of ifcno):
 * finish the header for port pidx and send it, to mac when given, else
 * to nexthop through ARP.
 */
static void
ip4_xmit(struct core *c, int ifcno, uint16_t pidx, uint32_t nexthop,
    const uint8_t *mac, struct rte_mbuf *m)
{
	if (m->nb_segs > 1 && !c->ports[pidx].tx_multiseg &&
	    (m = ip4_linearize(c, pidx, m)) == NULL)
		return;
	ip4_finish(c, pidx, m);
	if (mac != NULL)
		ether_output(c, pidx, mac, ETHERTYPE_IPV4, m);
	else
		arp_output(c, ifcno, pidx, nexthop, m);
}

/*
 * Worker; consumes m (data at its header, DF clear), larger than mtu:
 * cut it into pieces of at most mtu bytes of IP (stack/frag.h counts
 * FragOKs, FragCreates and FragFails) and send each as ip4_xmit does.
 * Pieces are copied into fresh mbufs when one mbuf holds a piece, else
 * they are a header mbuf chained to indirect mbufs on m's data, which
 * only a port with multi-segment TX can send.
 */
static void
ip4_fragment(struct core *c, struct rte_mbuf *m, int ifcno, uint16_t pidx,
    uint32_t nexthop, const uint8_t *mac, uint32_t mtu)
{
	const struct pmd_port *pp = &c->ports[pidx];
	struct rte_mbuf *out[IP4_FRAG_MAXOUT];
	uint32_t room = rte_pktmbuf_data_room_size(pp->pool);
	uint16_t headroom = RTE_PKTMBUF_HEADROOM;
	int n, i;

	/* Room for the link header at least; more when a piece still fits. */
	if (headroom + mtu > room)
		headroom = room >= mtu + ETHER_HLEN ?
		    (uint16_t)(room - mtu) : ETHER_HLEN;
	n = frag_fragment4_mode(m, mtu, pp->pool, headroom, out,
	    IP4_FRAG_MAXOUT, c->ipstats,
	    pp->tx_multiseg ? FRAG_MODE_AUTO : FRAG_MODE_COPY);
	if (n == -EMSGSIZE) {
		/* DF: the callers check it first; count it all the same. */
		ip4_drop(c, m, IP4STAT_NEEDFRAG, IPSTAT_OUTDISCARDS);
		return;
	}
	if (n <= 0) {
		STAT_INC(c->ip4stats, IP4STAT_TOOBIG);
		return;
	}
	for (i = 0; i < n; i++)
		ip4_xmit(c, ifcno, pidx, nexthop, mac, out[i]);
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

/*
 * Worker; consumes m (a datagram not for us, header intact). rt is the
 * route for (rx->dst, rx->src), NULL when there is none. Inlined into
 * ip4_input, the forwarding fast path, and into the reassembly path.
 */
static inline __attribute__((always_inline)) void
ip4_forward(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx,
    const struct core_route *rt)
{
	const struct core_ifc *ifc;
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
	if (rt == NULL || rt->local) {
		icmp_error_mbuf(c, m, rx, ICMP4_UNREACH, ICMP4_UNREACH_NET, 0);
		ip4_drop(c, m, IP4STAT_NOROUTE, IPSTAT_OUTNOROUTES);
		return;
	}
	ifc = core_ifc(c, rt->ifcno);
	if (ifc == NULL) {
		ip4_drop(c, m, IP4STAT_NOIFC, IPSTAT_OUTDISCARDS);
		return;
	}
	if (rt->ifcno == rx->ifcno && !ifc->reflect) {
		ip4_drop(c, m, IP4STAT_NOREFLECT, IPSTAT_OUTDISCARDS);
		return;
	}
	/* 9front ipiput4: reassemble first when the way out asks for it. */
	if (rx->frag && ifc->reassemble) {
		ip4_reassemble(c, m, rx);
		return;
	}
	if (rte_pktmbuf_pkt_len(m) > ifc->mtu) {
		if (ipv4_df(p)) {
			icmp_error_mbuf(c, m, rx, ICMP4_UNREACH,
			    ICMP4_UNREACH_NEEDFRAG, ifc->mtu);
			ip4_drop(c, m, IP4STAT_NEEDFRAG, IPSTAT_FRAGFAILS);
			return;
		}
		ip4_dec_ttl(p);
		STAT_INC(c->ipstats, IPSTAT_FORWDATAGRAMS);
		m->ol_flags &= IP4_KEEPFLAGS;
		ip4_fragment(c, m, rt->ifcno, (uint16_t)rt->pidx, rt->gate,
		    rt->cast == IP4_CAST_BROADCAST ? ether_bcast : NULL,
		    ifc->mtu);
		return;
	}
	ip4_dec_ttl(p);
	STAT_INC(c->ipstats, IPSTAT_FORWDATAGRAMS);
	m->ol_flags &= IP4_KEEPFLAGS;
	if (m->nb_segs > 1 && !c->ports[rt->pidx].tx_multiseg &&
	    (m = ip4_linearize(c, (uint16_t)rt->pidx, m)) == NULL)
		return;
	if (rt->cast == IP4_CAST_BROADCAST) {
		ether_output(c, (uint16_t)rt->pidx, ether_bcast, ETHERTYPE_IPV4,
		    m);
		return;
	}
	arp_output(c, rt->ifcno, (uint16_t)rt->pidx, rt->gate, m);
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

/*
 * The input fast path. A header without options whose total length fits
 * the frame and whose fragment stays below 65535 bytes passes every test
 * of ipv4_check, so ipv4_check runs only for the others (to validate
 * options or to name the reason of a refusal, in its order); the
 * checksum is the NIC's verdict when the port offers one, else summed
 * inline; the fields are read once, straight into rx. One FIB walk then
 * says whether the datagram is ours and, when it is not, how to forward
 * it (core_classify4).
 */
void
ip4_input(struct core *c, uint16_t pidx, struct rte_mbuf *m, bool l2mcast)
{
	struct core_route rt;
	struct ip4_rx rx;
	enum ipv4_verdict v;
	const uint8_t *p;
	uint32_t len, dlen, tlen, hlen;
	uint16_t frag;
	uint64_t f;
	bool routed;

	STAT_INC(c->ipstats, IPSTAT_INRECEIVES);
	len = rte_pktmbuf_pkt_len(m);
	dlen = rte_pktmbuf_data_len(m);
	p = rte_pktmbuf_mtod(m, const uint8_t *);

	/*
	 * The header must sit in the first segment; ipv4_check reads only
	 * header bytes and compares the total length with the whole packet.
	 */
	if (unlikely(dlen < IPV4_HLEN_MIN)) {
		ip4_drop(c, m, len < IPV4_HLEN_MIN ? IP4STAT_SHORT :
		    IP4STAT_NOTCONTIG, IPSTAT_INHDRERRORS);
		return;
	}
	tlen = ipv4_tlen(p);
	frag = ipv4_frag(p);
	if (likely(p[IPV4_O_VHL] == 0x45 && tlen >= IPV4_HLEN_MIN &&
	    tlen <= len && (frag & IPV4_OFFMASK) * 8u + tlen - IPV4_HLEN_MIN <=
	    IPV4_MAXLEN)) {
		hlen = IPV4_HLEN_MIN;
	} else {
		v = ipv4_check(p, len);
		if (v != IPV4_OK) {
			ip4_drop(c, m, ip4_verdict_stat(v), IPSTAT_INHDRERRORS);
			return;
		}
		hlen = ipv4_hlen(p);
		if (hlen > dlen) {
			ip4_drop(c, m, IP4STAT_NOTCONTIG, IPSTAT_INHDRERRORS);
			return;
		}
	}
	f = RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN;
	if (c->ports[pidx].rx_ip4_cksum)
		f = m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
	if (f == RTE_MBUF_F_RX_IP_CKSUM_BAD ||
	    (f != RTE_MBUF_F_RX_IP_CKSUM_GOOD &&
	    f != RTE_MBUF_F_RX_IP_CKSUM_NONE &&
	    ip4_hdr_sum(p, hlen) != 0xffff)) {
		ip4_drop(c, m, IP4STAT_BADCKSUM, IPSTAT_INHDRERRORS);
		return;
	}
	if (unlikely(len != tlen))
		ip4_trim(m, tlen);

	rx.src = ipv4_src(p);
	rx.dst = ipv4_dst(p);
	/* RFC 1122 §3.2.1.3: a broadcast or multicast source is bogus. */
	if (unlikely(rx.src == IP4_BCAST || ip4_is_multicast(rx.src))) {
		ip4_drop(c, m, IP4STAT_BADSRC, IPSTAT_INADDRERRORS);
		return;
	}
	rx.len = (uint16_t)(tlen - hlen);
	rx.id = ipv4_id(p);
	rx.pidx = pidx;
	rx.ifcno = (int16_t)core_port_ifc(c, pidx);
	rx.proto = ipv4_proto(p);
	rx.ttl = ipv4_ttl(p);
	rx.tos = ipv4_tos(p);
	rx.hlen = (uint8_t)hlen;
	rx.l2mcast = l2mcast;
	rx.frag = (frag & (IPV4_MF | IPV4_OFFMASK)) != 0;
	rx.first = (frag & IPV4_OFFMASK) == 0;
	rx.cast = (uint8_t)core_classify4(c, rx.dst, rx.src, &rt, &routed);
	if (rx.cast == IP4_CAST_NONE) {
		ip4_forward(c, m, &rx, routed ? &rt : NULL);
		return;
	}
	if (rx.frag) {
		ip4_reassemble(c, m, &rx);
		return;
	}
	ip4_deliver(c, m, &rx);
}

/*
 * Worker; consumes m, a complete datagram for us (the received mbuf, or
 * a reassembled chain on the core that reassembled it): remove its
 * options and give it to its protocol. ICMP has no flow owner, so it is
 * answered on this core. When TCP and UDP arrive, this is where a
 * datagram whose flow is owned by another core (DESIGN.md §3,
 * owner(5-tuple)) is handed to that core's packet ring (stack/msg.h),
 * as ip4_reassemble() does with fragments; a reassembled datagram is
 * the usual case, since its fragments were steered without ports.
 */
static void
ip4_deliver(struct core *c, struct rte_mbuf *m, struct ip4_rx *rx)
{
	const struct ip4_proto *pr;

	ip4_strip_options(m, rx);
	if (rx->proto == IPPROTO_ICMP) {
		STAT_INC(c->ipstats, IPSTAT_INDELIVERS);
		icmp_input(c, m, rx);
		return;
	}
	pr = ip4_protos[rx->proto];
	if (pr == NULL || pr->input == NULL) {
		if (rx->cast == IP4_CAST_UNICAST)
			icmp_error_mbuf(c, m, rx, ICMP4_UNREACH,
			    ICMP4_UNREACH_PROTO, 0);
		ip4_drop(c, m, IP4STAT_NOPROTO, IPSTAT_INUNKNOWNPROTOS);
		return;
	}
	STAT_INC(c->ipstats, IPSTAT_INDELIVERS);
	pr->input(c, m, rx);
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
		ip4_hdr_fill_cksum(p, ipv4_hlen(p));
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
		ip4_fragment(c, m, ifcno, pidx, nexthop, NULL, ifc->mtu);
		return;
	}
	ip4_xmit(c, ifcno, pidx, nexthop, NULL, m);
}

void
ip4_output(struct core *c, struct rte_mbuf *m)
{
	const uint8_t *p = rte_pktmbuf_mtod(m, const uint8_t *);
	struct core_route rt;

	ip4_output_route(c, m, core_route4(c, ipv4_dst(p), ipv4_src(p),
	    &rt) == 0 ? &rt : NULL);
}

void
ip4_output_route(struct core *c, struct rte_mbuf *m,
    const struct core_route *r)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	const struct core_ifc *ifc;
	uint8_t mac[6];

	STAT_INC(c->ipstats, IPSTAT_OUTREQUESTS);
	if (r == NULL) {
		ip4_drop(c, m, IP4STAT_NOROUTE, IPSTAT_OUTNOROUTES);
		return;
	}
	ifc = core_ifc(c, r->ifcno);
	if (ifc == NULL) {
		ip4_drop(c, m, IP4STAT_NOIFC, IPSTAT_OUTDISCARDS);
		return;
	}
	if (r->local) {
		/* Ours: back through our own input (ether_output loops it). */
		ip4_finish(c, (uint16_t)r->pidx, m);
		ether_output(c, (uint16_t)r->pidx,
		    c->ports[r->pidx].mac.addr_bytes, ETHERTYPE_IPV4, m);
		return;
	}
	if (r->cast == IP4_CAST_BROADCAST || r->cast == IP4_CAST_MULTICAST) {
		if (r->cast == IP4_CAST_BROADCAST)
			memcpy(mac, ether_bcast, 6);
		else
			ether_multicast_ipv4(mac, ipv4_dst(p));
		if (rte_pktmbuf_pkt_len(m) > ifc->mtu) {
			if (ipv4_df(p)) {
				ip4_drop(c, m, IP4STAT_NEEDFRAG,
				    IPSTAT_FRAGFAILS);
				return;
			}
			ip4_fragment(c, m, r->ifcno, (uint16_t)r->pidx,
			    r->gate, mac, ifc->mtu);
			return;
		}
		ip4_xmit(c, r->ifcno, (uint16_t)r->pidx, r->gate, mac, m);
		return;
	}
	/* ip4_send_ifc and ip4_xmit, for a datagram that needs neither
	 * fragmenting nor copying. */
	if (likely(rte_pktmbuf_pkt_len(m) <= ifc->mtu && m->nb_segs == 1)) {
		ip4_finish(c, (uint16_t)r->pidx, m);
		arp_output(c, r->ifcno, (uint16_t)r->pidx, r->gate, m);
		return;
	}
	ip4_send_ifc(c, r->ifcno, (uint16_t)r->pidx, r->gate, m);
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
		ip4_fragment(c, m, ifcno, (uint16_t)ifc->pidx, o->dst, mac,
		    ifc->mtu);
		return;
	}
	ip4_xmit(c, ifcno, (uint16_t)ifc->pidx, o->dst, mac, m);
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
