/* SPDX-License-Identifier: MIT */
/*
 * Ethernet input demultiplexing, output framing and the per-core loopback
 * queue (stack/ether.h). Worker threads only, each on its own struct core.
 */
#include "stack/ether.h"

#include <string.h>

#include <rte_ip.h>
#include <rte_mbuf.h>

#include "stack/arp.h"
#include "stack/core.h"
#include "stack/ip4.h"
#include "stack/wire/ether.h"
#include "stack/wire/ipv4.h"

const char *const ethstat_names[ETHSTAT_MAX] = {
	[ETHSTAT_SHORT] = "short",
	[ETHSTAT_NOTFORUS] = "notforus",
	[ETHSTAT_UNBOUND] = "unbound",
	[ETHSTAT_IPV6] = "ipv6",
	[ETHSTAT_VLAN] = "vlan",
	[ETHSTAT_UNKNOWN] = "unknowntype",
	[ETHSTAT_NOHEADROOM] = "noheadroom",
	[ETHSTAT_LOOPED] = "looped",
	[ETHSTAT_LOOPFULL] = "loopfull",
	[ETHSTAT_LOOPCOPYFAIL] = "loopcopyfail",
};

/* The mbuf flags that describe the buffer, not the packet. */
#define ETHER_KEEPFLAGS	(RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT)

void
ether_input(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	const struct core_ifc *ifc;
	const uint8_t *p;
	uint16_t type;
	bool mcast;

	if (unlikely(rte_pktmbuf_data_len(m) < ETHER_HLEN)) {
		STAT_INC(c->ethstats, ETHSTAT_SHORT);
		goto drop;
	}
	ifc = core_ifc(c, core_port_ifc(c, pidx));
	if (unlikely(ifc == NULL)) {
		STAT_INC(c->ethstats, ETHSTAT_UNBOUND);
		goto drop;
	}
	p = rte_pktmbuf_mtod(m, const uint8_t *);
	mcast = ether_is_multicast(ether_dst(p));
	if (!mcast && memcmp(ether_dst(p), c->ports[pidx].mac.addr_bytes,
	    ETHER_ADDR_LEN) != 0 && !ifc->promisc) {
		STAT_INC(c->ethstats, ETHSTAT_NOTFORUS);
		goto drop;
	}
	type = ether_type(p);
	rte_pktmbuf_adj(m, ETHER_HLEN);
	switch (type) {
	case ETHERTYPE_IPV4:
		ip4_input(c, pidx, m, mcast);
		return;
	case ETHERTYPE_ARP:
		arp_input(c, pidx, m);
		return;
	case ETHERTYPE_IPV6:
		STAT_INC(c->ethstats, ETHSTAT_IPV6);
		break;
	case ETHERTYPE_VLAN:
	case ETHERTYPE_QINQ:
		STAT_INC(c->ethstats, ETHSTAT_VLAN);
		break;
	default:
		STAT_INC(c->ethstats, ETHSTAT_UNKNOWN);
		break;
	}
drop:
	rte_pktmbuf_free(m);
}

/* Worker; consumes m: queue a frame for our own input. */
static void
ether_loop_put(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	struct core_loop *l = &c->loop;
	uint16_t i;

	if (l->n == CORE_LOOPMAX) {
		STAT_INC(c->ethstats, ETHSTAT_LOOPFULL);
		STAT_INC(c->ipstats, IPSTAT_OUTDISCARDS);
		rte_pktmbuf_free(m);
		return;
	}
	i = (uint16_t)((l->head + l->n) % CORE_LOOPMAX);
	l->q[i].m = m;
	l->q[i].pidx = pidx;
	l->n++;
	STAT_INC(c->ethstats, ETHSTAT_LOOPED);
}

/*
 * A looped frame never meets a NIC: do in software what the TX offload
 * flags asked of it (IPv4 header checksum; TCP/UDP checksum, whose field
 * holds the pseudo-header sum by DPDK's convention), then clear them so
 * input sees a plain received frame.
 */
static void
ether_loop_fixup(struct rte_mbuf *m)
{
	uint64_t f = m->ol_flags;
	uint16_t sum, l4len;
	uint8_t *ip, *field;
	unsigned int hl;

	if ((f & (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK)) == 0 ||
	    rte_pktmbuf_data_len(m) < ETHER_HLEN + IPV4_HLEN_MIN)
		goto out;
	ip = rte_pktmbuf_mtod_offset(m, uint8_t *, ETHER_HLEN);
	hl = ipv4_hlen(ip);
	if (hl < IPV4_HLEN_MIN || rte_pktmbuf_data_len(m) < ETHER_HLEN + hl)
		goto out;
	if ((f & RTE_MBUF_F_TX_IP_CKSUM) != 0)
		ipv4_fill_cksum(ip);
	if ((f & RTE_MBUF_F_TX_L4_MASK) != 0 && ipv4_tlen(ip) > hl) {
		l4len = (uint16_t)(ipv4_tlen(ip) - hl);
		field = NULL;
		if ((f & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_UDP_CKSUM &&
		    l4len >= 8 && rte_pktmbuf_data_len(m) >= ETHER_HLEN + hl + 8)
			field = ip + hl + 6;
		else if ((f & RTE_MBUF_F_TX_L4_MASK) ==
		    RTE_MBUF_F_TX_TCP_CKSUM && l4len >= 20 &&
		    rte_pktmbuf_data_len(m) >= ETHER_HLEN + hl + 20)
			field = ip + hl + 16;
		if (field != NULL && rte_raw_cksum_mbuf(m, ETHER_HLEN + hl,
		    l4len, &sum) == 0) {
			sum = (uint16_t)~sum;
			if (sum == 0 && (f & RTE_MBUF_F_TX_L4_MASK) ==
			    RTE_MBUF_F_TX_UDP_CKSUM)
				sum = 0xffff;
			put_be16(field, sum);
		}
	}
out:
	m->ol_flags &= ETHER_KEEPFLAGS;
}

/* Worker: should a copy of the broadcast/multicast IPv4 frame m come back
 * to us? Only when its destination is one of our broadcast addresses or a
 * group we joined. */
static bool
ether_loop_wanted(const struct core *c, const struct rte_mbuf *m)
{
	const uint8_t *ip;

	if (rte_pktmbuf_data_len(m) < ETHER_HLEN + IPV4_HLEN_MIN)
		return false;
	ip = rte_pktmbuf_mtod_offset(m, const uint8_t *, ETHER_HLEN);
	return core_local4(c, ipv4_dst(ip)) != IP4_CAST_NONE;
}

void
ether_output(struct core *c, uint16_t pidx, const uint8_t dst[6],
    uint16_t type, struct rte_mbuf *m)
{
	const uint8_t *own = c->ports[pidx].mac.addr_bytes;
	struct rte_mbuf *copy;
	uint8_t *p;

	p = (uint8_t *)rte_pktmbuf_prepend(m, ETHER_HLEN);
	if (unlikely(p == NULL)) {
		STAT_INC(c->ethstats, ETHSTAT_NOHEADROOM);
		STAT_INC(c->ipstats, IPSTAT_OUTDISCARDS);
		rte_pktmbuf_free(m);
		return;
	}
	ether_set_dst(p, dst);
	ether_set_src(p, own);
	ether_set_type(p, type);
	m->l2_len = ETHER_HLEN;
	if (unlikely(memcmp(dst, own, ETHER_ADDR_LEN) == 0)) {
		ether_loop_put(c, pidx, m);
		return;
	}
	if (unlikely(ether_is_multicast(dst)) && type == ETHERTYPE_IPV4 &&
	    ether_loop_wanted(c, m)) {
		copy = rte_pktmbuf_copy(m, c->ports[pidx].pool, 0, UINT32_MAX);
		if (copy != NULL)
			ether_loop_put(c, pidx, copy);
		else
			STAT_INC(c->ethstats, ETHSTAT_LOOPCOPYFAIL);
	}
	core_tx(c, pidx, m);
}

unsigned int
ether_loop_run(struct core *c)
{
	struct core_loop *l = &c->loop;
	struct rte_mbuf *m;
	unsigned int n, i;
	uint16_t pidx;

	n = l->n;
	for (i = 0; i < n; i++) {
		m = l->q[l->head].m;
		pidx = l->q[l->head].pidx;
		l->head = (uint16_t)((l->head + 1) % CORE_LOOPMAX);
		l->n--;
		ether_loop_fixup(m);
		ether_input(c, pidx, m);
	}
	return n;
}
