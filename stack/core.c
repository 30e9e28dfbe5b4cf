/* SPDX-License-Identifier: MIT */
/*
 * Per-core input, poll and output shells and the FIB accessors
 * (stack/core.h). Worker threads only, each on its own struct core
 * (core_init, core_frag_setup and core_fini: before the worker starts
 * and as it stops); no locks, no allocation, no system calls.
 */
#include "stack/core.h"

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_mempool.h>
#include <rte_prefetch.h>

#include "stack/fib.h"

enum {
	CORE_PREFETCH = 4,	/* frames prefetched ahead of input */
};

static void
core_view_reset(struct core_view *v)
{
	unsigned int i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < CONF_MAXPORTS; i++)
		v->ifc_of_port[i] = -1;
	for (i = 0; i < CORE_MAXIFC; i++)
		v->ifc[i].pidx = -1;
}

void
core_init(struct core *c, unsigned int id, const struct pmd_port *ports,
    uint16_t nports)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->queue = (uint16_t)id;
	c->ports = ports;
	c->nports = nports;
	c->ncores = 1;
	c->hz = rte_get_tsc_hz();
	core_view_reset(&c->view);
	arp_init(c);
	icmp_init(c);
}

int
core_frag_setup(struct core *c, uint32_t timeout_ms, uint32_t max_entries,
    uint32_t max_bytes)
{
	struct frag_params p;
	uint32_t mbufs = FRAG_DEF_MBUFS;
	unsigned int n = c->ncores != 0 ? c->ncores : 1;

	if (c->hz == 0)
		return -EINVAL;
	memset(&p, 0, sizeof(p));
	if (c->nports > 0 && c->ports[0].pool != NULL) {
		mbufs = c->ports[0].pool->size / 4 / n;
		if (mbufs < 64)
			mbufs = 64;
		if (mbufs > FRAG_DEF_MBUFS)
			mbufs = FRAG_DEF_MBUFS;
	}
	p.max_entries = max_entries;
	p.max_bytes = max_bytes;
	p.max_mbufs = mbufs;
	p.hz = c->hz;
	p.expire_tsc = timeout_ms != 0 ? core_ms(c, timeout_ms) : 0;
	p.socket_id = c->nports > 0 && c->ports[0].socket >= 0 ?
	    c->ports[0].socket : SOCKET_ID_ANY;
	frag_table_free(c->frag);
	c->frag = frag_table_create(&p);
	if (c->frag == NULL)
		return -rte_errno;
	core_publish(c);
	return 0;
}

void
core_publish_reasm(struct core *c)
{
	struct core_tel *t = &c->tel;
	struct frag_usage u;

	memset(&u, 0, sizeof(u));
	if (c->frag != NULL)
		frag_table_usage(c->frag, &u);
	__atomic_store_n(&t->reasm_entries, u.entries, __ATOMIC_RELAXED);
	__atomic_store_n(&t->reasm_bytes, u.bytes, __ATOMIC_RELAXED);
	__atomic_store_n(&t->reasm_mbufs, u.mbufs, __ATOMIC_RELAXED);
}

void
core_publish(struct core *c)
{
	struct core_tel *t = &c->tel;
	unsigned int i, n = 0;

	core_publish_reasm(c);
	for (i = 0; i < FRAG_DROP_MAX; i++)
		__atomic_store_n(&t->frag_drops[i], c->frag != NULL ?
		    frag_table_drops(c->frag, i) : 0, __ATOMIC_RELAXED);
	for (i = 0; i < ARPC_NCACHE; i++)
		if (c->arp.ent[i].state != ARPC_FREE)
			n++;
	__atomic_store_n(&t->arp_entries, n, __ATOMIC_RELAXED);
	__atomic_store_n(&t->arp_held, c->arp.nheld, __ATOMIC_RELAXED);
}

void
core_view_sync(struct core *c)
{
	struct core_view nv;
	const struct fib_ifc *fi;
	uint64_t gen;
	unsigned int i;
	uint16_t p;

	if (c->fib == NULL) {
		if (c->view.fib == NULL)
			return;
		gen = 0;
	} else {
		gen = fib_generation(c->fib);
		if (c->view.fib != NULL && gen == c->view.gen)
			return;
	}
	core_view_reset(&nv);
	nv.fib = c->fib;
	nv.gen = gen;
	if (c->fib != NULL) {
		nv.iprouting = fib_iprouting(c->fib) != 0;
		for (i = 0; i < CORE_MAXIFC; i++) {
			fi = fib_ifc(c->fib, (int)i);
			if (fi == NULL || fi->medium != FIB_ETHER)
				continue;
			for (p = 0; p < c->nports && p < CONF_MAXPORTS; p++)
				if (c->ports[p].port_id == fi->port_id)
					break;
			if (p == c->nports || p == CONF_MAXPORTS)
				continue;
			nv.ifc[i].pidx = (int16_t)p;
			nv.ifc[i].mtu = fi->mtu;
			nv.ifc[i].ifcid = fi->ifcid;
			nv.ifc[i].reflect = fi->reflect != 0;
			nv.ifc[i].reassemble = fi->reassemble != 0;
			nv.ifc[i].promisc = fi->promisc != 0;
			memcpy(nv.ifc[i].mac, c->ports[p].mac.addr_bytes, 6);
			if (nv.ifc_of_port[p] < 0)
				nv.ifc_of_port[p] = (int16_t)i;
		}
	}
	/* An interface rebound or moved: what the cache knew is stale. */
	for (i = 0; i < CORE_MAXIFC; i++)
		if (c->view.ifc[i].pidx >= 0 &&
		    (nv.ifc[i].pidx != c->view.ifc[i].pidx ||
		    nv.ifc[i].ifcid != c->view.ifc[i].ifcid))
			arp_flush_ifc(c, (int)i);
	c->view = nv;
}

void
core_input(struct core *c, uint16_t pidx, struct rte_mbuf **pkts, uint16_t n)
{
	struct core_portstats *ps = &c->port[pidx];
	uint64_t bytes = 0;
	uint16_t i;

	core_view_sync(c);
	for (i = 0; i < n && i < CORE_PREFETCH; i++)
		rte_prefetch0(rte_pktmbuf_mtod(pkts[i], void *));
	for (i = 0; i < n; i++)
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
	STAT_ADD(&ps->rx_pkts, 0, n);
	STAT_ADD(&ps->rx_bytes, 0, bytes);
	for (i = 0; i < n; i++) {
		if (i + CORE_PREFETCH < n)
			rte_prefetch0(rte_pktmbuf_mtod(pkts[i + CORE_PREFETCH],
			    void *));
		ether_input(c, pidx, pkts[i]);
	}
}

unsigned int
core_poll(struct core *c)
{
	unsigned int work;

	core_view_sync(c);
	work = msg_poll(c);
	if (c->now >= c->next_tick) {
		arp_timer(c);
		ip4_frag_timer(c);
		core_publish(c);
		c->next_tick = c->now + core_ms(c, CORE_TICK_MS);
	}
	work += ether_loop_run(c);
	return work;
}

void
core_flush(struct core *c)
{
	uint16_t p, sent, i;

	for (p = 0; p < c->nports; p++) {
		struct core_txbuf *b = &c->tx[p];
		struct core_portstats *ps = &c->port[p];
		uint64_t bytes = 0;

		if (b->n == 0)
			continue;
		sent = rte_eth_tx_burst(c->ports[p].port_id, c->queue,
		    b->pkts, b->n);
		for (i = 0; i < sent; i++)
			bytes += rte_pktmbuf_pkt_len(b->pkts[i]);
		STAT_ADD(&ps->tx_pkts, 0, sent);
		STAT_ADD(&ps->tx_bytes, 0, bytes);
		if (sent < b->n) {
			STAT_ADD(&ps->tx_drops, 0, b->n - sent);
			rte_pktmbuf_free_bulk(&b->pkts[sent], b->n - sent);
		}
		b->n = 0;
	}
}

void
core_fini(struct core *c)
{
	uint16_t p;

	arp_fini(c);
	frag_table_free(c->frag);
	c->frag = NULL;
	core_publish(c);
	while (c->loop.n > 0) {
		rte_pktmbuf_free(c->loop.q[c->loop.head].m);
		c->loop.head = (uint16_t)((c->loop.head + 1) % CORE_LOOPMAX);
		c->loop.n--;
	}
	for (p = 0; p < c->nports; p++) {
		if (c->tx[p].n > 0)
			rte_pktmbuf_free_bulk(c->tx[p].pkts, c->tx[p].n);
		c->tx[p].n = 0;
	}
}

/* enum ip4_cast of an enum fib_local. */
static int
core_cast_of(int lk)
{
	switch (lk) {
	case FIB_LOCAL_UNI:
	case FIB_LOCAL_ANY:
		return IP4_CAST_UNICAST;
	case FIB_LOCAL_BCAST:
		return IP4_CAST_BROADCAST;
	case FIB_LOCAL_MULTI:
		return IP4_CAST_MULTICAST;
	default:
		return IP4_CAST_NONE;
	}
}

int
core_local4(const struct core *c, uint32_t addr)
{
	if (c->fib == NULL)
		return IP4_CAST_NONE;
	return core_cast_of(fib_local4(c->fib, addr));
}

/*
 * Fill r from route fr to dst, lk being fib_local4(dst). The first test
 * is the forwarding case: a route that is neither a self route nor a
 * broadcast or multicast one, to a destination not ours; the general
 * rules below give the same answer for it.
 */
static inline void
core_route_fill(const struct core *c, const struct fib_route *fr, int lk,
    uint32_t dst, struct core_route *r)
{
	r->ifcno = fr->ifcno;
	r->pidx = fr->ifcno >= 0 && fr->ifcno < CORE_MAXIFC ?
	    c->view.ifc[fr->ifcno].pidx : -1;
	r->proxy = (fr->type & FIB_RT_PROXY) != 0;
	if (likely(lk == FIB_NOTLOCAL && (fr->type & (FIB_RT_UNI |
	    FIB_RT_BCAST | FIB_RT_MULTI)) == 0 && dst != 0xffffffffu &&
	    (dst >> 28) != 0xe)) {
		r->local = false;
		r->cast = IP4_CAST_NONE;
		r->gate = (fr->type & FIB_RT_IFC) != 0 ? dst : fr->gate;
		return;
	}
	/*
	 * The self routes of broadcast and multicast addresses carry a
	 * source restriction, so a lookup from another source may land on
	 * the subnet's route instead: the self table has the last word.
	 */
	r->local = (fr->type & FIB_RT_UNI) != 0 || lk == FIB_LOCAL_UNI;
	if ((fr->type & FIB_RT_BCAST) != 0 || lk == FIB_LOCAL_BCAST ||
	    dst == 0xffffffffu)
		r->cast = IP4_CAST_BROADCAST;
	else if ((fr->type & FIB_RT_MULTI) != 0 || lk == FIB_LOCAL_MULTI ||
	    (dst >> 28) == 0xe)
		r->cast = IP4_CAST_MULTICAST;
	else
		r->cast = r->local ? IP4_CAST_UNICAST : IP4_CAST_NONE;
	if (r->cast == IP4_CAST_BROADCAST || r->cast == IP4_CAST_MULTICAST)
		r->local = false;
	/* Interface routes reach dst itself; the others name the hop. */
	r->gate = (fr->type & (FIB_RT_IFC | FIB_RT_UNI | FIB_RT_BCAST |
	    FIB_RT_MULTI)) != 0 || r->local || r->cast != IP4_CAST_NONE ?
	    dst : fr->gate;
}

int
core_route4(const struct core *c, uint32_t dst, uint32_t src,
    struct core_route *r)
{
	const struct fib_route *fr;

	if (c->fib == NULL || (fr = fib_lookup4(c->fib, dst, src)) == NULL)
		return -ENETUNREACH;
	core_route_fill(c, fr, fib_local4(c->fib, dst), dst, r);
	return 0;
}

int
core_classify4(const struct core *c, uint32_t dst, uint32_t src,
    struct core_route *r, bool *routed)
{
	const struct fib_route *fr;
	int lk, cast;

	*routed = false;
	if (c->fib == NULL)
		return IP4_CAST_NONE;
	fr = fib_lookup4_local(c->fib, dst, src, &lk);
	cast = core_cast_of(lk);
	if (cast == IP4_CAST_NONE && fr != NULL) {
		core_route_fill(c, fr, lk, dst, r);
		*routed = true;
	}
	return cast;
}

uint32_t
core_src4(const struct core *c, uint32_t dst)
{
	return c->fib != NULL ? fib_srcaddr4(c->fib, dst) : 0;
}

uint32_t
core_ifcaddr4(const struct core *c, int ifcno, uint32_t ip)
{
	return c->fib != NULL ? fib_ifcaddr4(c->fib, ifcno, ip) : 0;
}

bool
core_ifclocal4(const struct core *c, int ifcno, uint32_t ip)
{
	return c->fib != NULL && fib_ifclocal4(c->fib, ifcno, ip) != 0;
}

/*
 * 9front ipproxyifc: ip is reached through a proxied interface route
 * ('i' and 'y') on another interface, and lies in a subnet of ifcno.
 */
bool
core_proxy4(const struct core *c, int ifcno, uint32_t ip)
{
	const struct fib_route *fr;
	const struct fib_ifc *fi;
	uint32_t i;

	if (c->fib == NULL || (fr = fib_lookup4(c->fib, ip, ip)) == NULL)
		return false;
	if ((fr->type & (FIB_RT_IFC | FIB_RT_PROXY)) !=
	    (FIB_RT_IFC | FIB_RT_PROXY) || fr->ifcno == ifcno)
		return false;
	if ((fi = fib_ifc(c->fib, ifcno)) == NULL)
		return false;
	for (i = 0; i < fi->nlifc4; i++)
		if ((ip & fi->lifc4[i].mask) == fi->lifc4[i].net)
			return true;
	return false;
}
