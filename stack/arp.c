/* SPDX-License-Identifier: MIT */
/*
 * The per-core ARP cache, its hold queues and timers, ARP input and
 * output (stack/arp.h). Worker threads only, each on its own struct core.
 */
#include "stack/arp.h"

#include <errno.h>
#include <string.h>

#include <rte_mbuf.h>

#include "stack/core.h"
#include "stack/icmp.h"
#include "stack/msg.h"
#include "stack/wire/arp.h"
#include "stack/wire/ether.h"
#include "stack/wire/icmp4.h"

const char *const arpstat_names[ARPSTAT_MAX] = {
	[ARPSTAT_IN] = "in",
	[ARPSTAT_BAD] = "bad",
	[ARPSTAT_NOIFC] = "noifc",
	[ARPSTAT_BCASTSHA] = "bcastsha",
	[ARPSTAT_OWNSHA] = "ownsha",
	[ARPSTAT_CONFLICT] = "conflict",
	[ARPSTAT_REPLIED] = "replied",
	[ARPSTAT_LEARNED] = "learned",
	[ARPSTAT_REFRESHED] = "refreshed",
	[ARPSTAT_IGNORED] = "ignored",
	[ARPSTAT_REQUESTS] = "requests",
	[ARPSTAT_GARPS] = "garps",
	[ARPSTAT_HELD] = "held",
	[ARPSTAT_SENTHELD] = "sentheld",
	[ARPSTAT_HOLDCUT] = "holdcut",
	[ARPSTAT_HOLDFULL] = "holdfull",
	[ARPSTAT_TIMEOUT] = "timeout",
	[ARPSTAT_UNREACH] = "unreach",
	[ARPSTAT_EVICTED] = "evicted",
	[ARPSTAT_AGED] = "aged",
	[ARPSTAT_FLUSHED] = "flushed",
	[ARPSTAT_NOMBUF] = "nombuf",
};

enum {
	ARPC_FRAME_PAYLOAD = ETHER_MIN_LEN - ETHER_HLEN,	/* 46: no runts */
};

/* What to do with the packets of an entry that goes away. */
enum arpc_fate {
	ARPC_FATE_FREE,		/* del, flush, unbind: free them */
	ARPC_FATE_UNREACH,	/* timeout, eviction: ICMP host unreachable */
};

#define ARP_STAT(c, s)	STAT_INC((c)->arp.stats, (s))

static void arp_tell_ctl(struct core *c, uint8_t type, int ifcno, uint32_t ip,
    const uint8_t mac[6]);

static unsigned int
arp_hashof(uint32_t ip)
{
	return (ip ^ ip >> 6 ^ ip >> 12 ^ ip >> 18 ^ ip >> 24) % ARPC_NHASH;
}

void
arp_init(struct core *c)
{
	struct arp_cache *a = &c->arp;
	unsigned int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < ARPC_NHASH; i++)
		a->hash[i] = ARPC_NONE;
	for (i = 0; i < ARPC_NCACHE; i++) {
		a->ent[i].hnext = ARPC_NONE;
		a->ent[i].hold_head = ARPC_NONE;
		a->ent[i].hold_tail = ARPC_NONE;
	}
	for (i = 0; i < ARPC_HOLD_CORE; i++)
		a->hold[i].next = (uint16_t)(i + 1 < ARPC_HOLD_CORE ? i + 1 :
		    ARPC_NONE);
	a->hold_free = 0;
}

static struct arp_ent *
arp_find(struct core *c, int ifcno, uint32_t ip)
{
	struct arp_cache *a = &c->arp;
	uint16_t i;

	for (i = a->hash[arp_hashof(ip)]; i != ARPC_NONE; i = a->ent[i].hnext)
		if (a->ent[i].ip == ip && a->ent[i].ifcno == ifcno)
			return &a->ent[i];
	return NULL;
}

/* Hold list plumbing. Worker only. */
static struct rte_mbuf *
arp_hold_pop(struct core *c, struct arp_ent *e)
{
	struct arp_cache *a = &c->arp;
	struct rte_mbuf *m;
	uint16_t i = e->hold_head;

	if (i == ARPC_NONE)
		return NULL;
	m = a->hold[i].m;
	e->hold_head = a->hold[i].next;
	if (e->hold_head == ARPC_NONE)
		e->hold_tail = ARPC_NONE;
	e->nhold--;
	a->hold[i].m = NULL;
	a->hold[i].next = a->hold_free;
	a->hold_free = i;
	a->nheld--;
	return m;
}

/* Drop the oldest held packets of e until keep are left, each counted
 * under stat. */
static void
arp_hold_drop(struct core *c, struct arp_ent *e, enum arpstat stat,
    unsigned int keep)
{
	struct rte_mbuf *m;

	while (e->nhold > keep) {
		m = arp_hold_pop(c, e);
		ARP_STAT(c, stat);
		STAT_INC(c->ipstats, IPSTAT_OUTDISCARDS);
		rte_pktmbuf_free(m);
	}
}

/* Put m on e's hold list (consumes m). */
static void
arp_hold_push(struct core *c, struct arp_ent *e, struct rte_mbuf *m)
{
	struct arp_cache *a = &c->arp;
	uint16_t i;

	if (e->nhold >= ARPC_HOLD_ENTRY)
		arp_hold_drop(c, e, ARPSTAT_HOLDFULL, ARPC_HOLD_ENTRY - 1);
	if (a->hold_free == ARPC_NONE) {
		ARP_STAT(c, ARPSTAT_HOLDFULL);
		STAT_INC(c->ipstats, IPSTAT_OUTDISCARDS);
		rte_pktmbuf_free(m);
		return;
	}
	i = a->hold_free;
	a->hold_free = a->hold[i].next;
	a->hold[i].m = m;
	a->hold[i].next = ARPC_NONE;
	if (e->hold_tail == ARPC_NONE)
		e->hold_head = i;
	else
		a->hold[e->hold_tail].next = i;
	e->hold_tail = i;
	e->nhold++;
	a->nheld++;
	ARP_STAT(c, ARPSTAT_HELD);
}

/* e just became OK: send what it held, oldest first. */
static void
arp_hold_send(struct core *c, struct arp_ent *e)
{
	struct rte_mbuf *m;

	while ((m = arp_hold_pop(c, e)) != NULL) {
		ARP_STAT(c, ARPSTAT_SENTHELD);
		ether_output(c, e->pidx, e->mac, ETHERTYPE_IPV4, m);
	}
}

/*
 * Take e out of its chain and free the slot; then its packets meet fate.
 * The hold list is detached first: an ICMP error made here may itself go
 * through arp_output and reuse slots, e's included.
 */
static void
arp_remove(struct core *c, struct arp_ent *e, enum arpc_fate fate)
{
	struct arp_cache *a = &c->arp;
	uint16_t idx = (uint16_t)(e - a->ent), *pp, i, next;
	struct rte_mbuf *m;

	for (pp = &a->hash[arp_hashof(e->ip)]; *pp != ARPC_NONE;
	    pp = &a->ent[*pp].hnext) {
		if (*pp == idx) {
			*pp = e->hnext;
			break;
		}
	}
	i = e->hold_head;
	a->nheld = (uint16_t)(a->nheld - e->nhold);
	e->hold_head = e->hold_tail = ARPC_NONE;
	e->nhold = 0;
	e->state = ARPC_FREE;
	e->hnext = ARPC_NONE;
	e->ifcno = -1;
	e->ip = 0;
	for (; i != ARPC_NONE; i = next) {
		next = a->hold[i].next;
		m = a->hold[i].m;
		a->hold[i].m = NULL;
		a->hold[i].next = a->hold_free;
		a->hold_free = i;
		STAT_INC(c->ipstats, IPSTAT_OUTDISCARDS);
		if (fate == ARPC_FATE_UNREACH) {
			ARP_STAT(c, ARPSTAT_UNREACH);
			icmp_error_mbuf(c, m, NULL, ICMP4_UNREACH,
			    ICMP4_UNREACH_HOST, 0);
		} else {
			ARP_STAT(c, ARPSTAT_FLUSHED);
		}
		rte_pktmbuf_free(m);
	}
}

/*
 * A slot for (ifcno, ip): a free one, else the least recently used (a
 * WAIT victim's packets become ICMP host unreachable, as in 9front).
 */
static struct arp_ent *
arp_alloc(struct core *c, int ifcno, uint16_t pidx, uint32_t ip)
{
	struct arp_cache *a = &c->arp;
	struct arp_ent *e, *victim = NULL;
	unsigned int i, h;

	for (i = 0; i < ARPC_NCACHE; i++) {
		e = &a->ent[i];
		if (e->state == ARPC_FREE) {
			victim = e;
			break;
		}
		if (victim == NULL || e->utime < victim->utime)
			victim = e;
	}
	if (victim->state != ARPC_FREE) {
		ARP_STAT(c, ARPSTAT_EVICTED);
		arp_remove(c, victim, ARPC_FATE_UNREACH);
	}
	e = victim;
	memset(e->mac, 0, sizeof(e->mac));
	e->ip = ip;
	e->ifcno = (int16_t)ifcno;
	e->pidx = pidx;
	e->state = ARPC_WAIT;
	e->asked = 0;
	e->ctime = 0;
	e->rtime = 0;
	e->utime = c->now;
	h = arp_hashof(ip);
	e->hnext = a->hash[h];
	a->hash[h] = (uint16_t)(e - a->ent);
	return e;
}

/*
 * Send an ARP packet r out of port pidx to dst, in m when given (its data
 * is reused) or in a fresh mbuf. Padded to the Ethernet minimum.
 */
static void
arp_send(struct core *c, uint16_t pidx, const uint8_t dst[6],
    const struct arp_repr *r, struct rte_mbuf *m)
{
	uint8_t *p;

	if (m == NULL) {
		m = rte_pktmbuf_alloc(c->ports[pidx].pool);
		if (m == NULL) {
			ARP_STAT(c, ARPSTAT_NOMBUF);
			return;
		}
	} else {
		rte_pktmbuf_trim(m, (uint16_t)(rte_pktmbuf_pkt_len(m) -
		    rte_pktmbuf_data_len(m)));
		if (m->nb_segs > 1 || rte_pktmbuf_data_len(m) >
		    ARPC_FRAME_PAYLOAD) {
			rte_pktmbuf_free(m);
			m = rte_pktmbuf_alloc(c->ports[pidx].pool);
			if (m == NULL) {
				ARP_STAT(c, ARPSTAT_NOMBUF);
				return;
			}
		}
		rte_pktmbuf_trim(m, rte_pktmbuf_data_len(m));
	}
	m->ol_flags &= RTE_MBUF_F_EXTERNAL | RTE_MBUF_F_INDIRECT;
	p = (uint8_t *)rte_pktmbuf_append(m, ARPC_FRAME_PAYLOAD);
	if (p == NULL) {
		ARP_STAT(c, ARPSTAT_NOMBUF);
		rte_pktmbuf_free(m);
		return;
	}
	memset(p, 0, ARPC_FRAME_PAYLOAD);
	arp_emit(r, p, ARPC_FRAME_PAYLOAD);
	ether_output(c, pidx, dst, ETHERTYPE_ARP, m);
}

/* Broadcast a request for e's address. */
static void
arp_request(struct core *c, struct arp_ent *e)
{
	struct arp_repr r;

	memset(&r, 0, sizeof(r));
	r.op = ARP_OP_REQUEST;
	memcpy(r.sha, c->ports[e->pidx].mac.addr_bytes, 6);
	r.spa = core_ifcaddr4(c, e->ifcno, e->ip);
	r.tpa = e->ip;
	ARP_STAT(c, ARPSTAT_REQUESTS);
	arp_send(c, e->pidx, ether_bcast, &r, NULL);
}

/*
 * The lifetime of an OK entry in TSC ticks: core_ms(), without its
 * division on every packet; recomputed when c->hz changes.
 */
static inline uint64_t
arp_maxage(struct core *c)
{
	if (unlikely(c->arp_hz != c->hz)) {
		c->arp_hz = c->hz;
		c->arp_maxage = core_ms(c, ARPC_MAXAGE_S * 1000ull);
	}
	return c->arp_maxage;
}

/*
 * arp_output for e, the entry of (ifcno, nexthop) or NULL, when it is not
 * a fresh OK one: refresh or create it, hold m, and ask. Out of line so
 * that the fast path needs no stack frame.
 */
static __attribute__((noinline)) void
arp_output_slow(struct core *c, struct arp_ent *e, int ifcno, uint16_t pidx,
    uint32_t nexthop, struct rte_mbuf *m)
{
	if (e != NULL && e->state == ARPC_OK) {
		/* Aged out: resolve again, as 9front's arpget does. */
		ARP_STAT(c, ARPSTAT_AGED);
		e->state = ARPC_WAIT;
		e->asked = 0;
	}
	if (e == NULL) {
		e = arp_alloc(c, ifcno, pidx, nexthop);
		arp_tell_ctl(c, MSG_CTL_WAIT, ifcno, nexthop, NULL);
	}
	e->utime = c->now;
	arp_hold_push(c, e, m);
	if (!e->asked || c->now - e->rtime >= core_ms(c, ARPC_RETRANS_MS)) {
		/* Each request cuts the hold list to the newest packet. */
		arp_hold_drop(c, e, ARPSTAT_HOLDCUT, 1);
		arp_request(c, e);
		e->asked = 1;
		e->rtime = c->now;
	}
}

/*
 * The output fast path: frames in a row mostly go to one next hop (the
 * default router), so the slot of the last one found is tried before
 * the hash chain. The slot is only a hint, never invalidated: it is used
 * when it is in use for (ifcno, nexthop), and no two slots ever are.
 */
void
arp_output(struct core *c, int ifcno, uint16_t pidx, uint32_t nexthop,
    struct rte_mbuf *m)
{
	struct arp_ent *e;

	e = &c->arp.ent[c->arp_last];
	if (unlikely(e->ip != nexthop || e->ifcno != ifcno ||
	    e->state == ARPC_FREE)) {
		e = arp_find(c, ifcno, nexthop);
		if (e != NULL)
			c->arp_last = (uint16_t)(e - c->arp.ent);
	}
	if (likely(e != NULL && e->state == ARPC_OK &&
	    c->now - e->ctime < arp_maxage(c))) {
		e->utime = c->now;
		ether_output(c, e->pidx, e->mac, ETHERTYPE_IPV4, m);
		return;
	}
	arp_output_slow(c, e, ifcno, pidx, nexthop, m);
}

int
arp_probe(struct core *c, int ifcno, uint32_t nexthop, uint8_t mac[6])
{
	struct arp_ent *e = arp_find(c, ifcno, nexthop);

	if (e == NULL || e->state != ARPC_OK ||
	    c->now - e->ctime >= arp_maxage(c))
		return -ENOENT;
	memcpy(mac, e->mac, 6);
	return 0;
}

int
arp_lookup(const struct core *c, int ifcno, uint32_t ip,
    struct arp_binding *b)
{
	const struct arp_ent *e;

	e = arp_find((struct core *)(uintptr_t)c, ifcno, ip);
	if (e == NULL)
		return -ENOENT;
	memcpy(b->mac, e->mac, 6);
	b->state = e->state;
	b->nhold = (uint8_t)e->nhold;
	return 0;
}

/*
 * Record ip -> mac on ifcno: create the entry when create is set, else
 * only update one that exists. A resolved entry sends what it held.
 * Returns whether an entry now holds the binding.
 */
static bool
arp_set(struct core *c, int ifcno, uint32_t ip, const uint8_t mac[6],
    bool create)
{
	const struct core_ifc *ifc = core_ifc(c, ifcno);
	struct arp_ent *e;

	if (ifc == NULL)
		return false;
	e = arp_find(c, ifcno, ip);
	if (e == NULL) {
		if (!create)
			return false;
		e = arp_alloc(c, ifcno, (uint16_t)ifc->pidx, ip);
	}
	memcpy(e->mac, mac, 6);
	e->state = ARPC_OK;
	e->ctime = c->now;
	e->asked = 0;
	arp_hold_send(c, e);
	return true;
}

/* Tell the control thread about ip on ifcno: MSG_CTL_LEARN (mac valid),
 * MSG_CTL_WAIT or MSG_CTL_FORGET. */
static void
arp_tell_ctl(struct core *c, uint8_t type, int ifcno, uint32_t ip,
    const uint8_t mac[6])
{
	struct msg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.from = (uint16_t)c->id;
	m.ifcno = (int16_t)ifcno;
	m.ip = ip;
	if (mac != NULL)
		memcpy(m.mac, mac, 6);
	msg_send_ctl(c, &m);
}

/* Tell the other cores what we saw; type LEARN or REFRESH. */
static void
arp_tell_peers(struct core *c, uint8_t type, uint8_t flags, int ifcno,
    uint32_t ip, const uint8_t mac[6])
{
	struct msg m;

	if (c->ncores < 2)
		return;
	memset(&m, 0, sizeof(m));
	m.type = type;
	m.flags = flags;
	m.from = (uint16_t)c->id;
	m.ifcno = (int16_t)ifcno;
	m.ip = ip;
	memcpy(m.mac, mac, 6);
	msg_send_peers(c, &m);
}

void
arp_input(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	const uint8_t *own = c->ports[pidx].mac.addr_bytes;
	struct arp_repr r, rep;
	bool forus, updated;
	int ifcno;

	ARP_STAT(c, ARPSTAT_IN);
	ifcno = core_port_ifc(c, pidx);
	if (core_ifc(c, ifcno) == NULL) {
		ARP_STAT(c, ARPSTAT_NOIFC);
		goto drop;
	}
	if (arp_parse(rte_pktmbuf_mtod(m, const uint8_t *),
	    rte_pktmbuf_data_len(m), &r) != ARP_OK) {
		ARP_STAT(c, ARPSTAT_BAD);
		goto drop;
	}
	if (ether_is_multicast(r.sha)) {
		ARP_STAT(c, ARPSTAT_BCASTSHA);
		goto drop;
	}
	if (memcmp(r.sha, own, 6) == 0) {
		ARP_STAT(c, ARPSTAT_OWNSHA);
		goto drop;
	}
	if (r.spa != 0 && core_ifclocal4(c, ifcno, r.spa)) {
		/* Someone else uses one of our addresses. */
		ARP_STAT(c, ARPSTAT_CONFLICT);
		goto drop;
	}
	forus = r.op == ARP_OP_REQUEST && (core_ifclocal4(c, ifcno, r.tpa) ||
	    core_proxy4(c, ifcno, r.tpa));
	if (forus) {
		if (r.spa != 0) {
			arp_set(c, ifcno, r.spa, r.sha, true);
			ARP_STAT(c, ARPSTAT_LEARNED);
			arp_tell_peers(c, MSG_ARP_LEARN, MSG_F_TOLD, ifcno,
			    r.spa, r.sha);
			arp_tell_ctl(c, MSG_CTL_LEARN, ifcno, r.spa, r.sha);
		}
		memset(&rep, 0, sizeof(rep));
		rep.op = ARP_OP_REPLY;
		memcpy(rep.sha, own, 6);
		rep.spa = r.tpa;
		memcpy(rep.tha, r.sha, 6);
		rep.tpa = r.spa;
		ARP_STAT(c, ARPSTAT_REPLIED);
		arp_send(c, pidx, r.sha, &rep, m);
		return;
	}
	if (r.spa == 0) {
		ARP_STAT(c, ARPSTAT_IGNORED);
		goto drop;
	}
	updated = arp_set(c, ifcno, r.spa, r.sha, false);
	ARP_STAT(c, updated ? ARPSTAT_REFRESHED : ARPSTAT_IGNORED);
	if (updated)
		arp_tell_ctl(c, MSG_CTL_LEARN, ifcno, r.spa, r.sha);
	/* Another core may be waiting for this address. */
	arp_tell_peers(c, MSG_ARP_REFRESH, updated ? MSG_F_TOLD : 0, ifcno,
	    r.spa, r.sha);
drop:
	rte_pktmbuf_free(m);
}

void
arp_garp(struct core *c, int ifcno, uint32_t ip)
{
	const struct core_ifc *ifc = core_ifc(c, ifcno);
	struct arp_repr r;

	if (ifc == NULL)
		return;
	memset(&r, 0, sizeof(r));
	r.op = ARP_OP_REQUEST;
	memcpy(r.sha, c->ports[ifc->pidx].mac.addr_bytes, 6);
	r.spa = ip;
	r.tpa = ip;
	ARP_STAT(c, ARPSTAT_GARPS);
	arp_send(c, (uint16_t)ifc->pidx, ether_bcast, &r, NULL);
}

void
arp_msg(struct core *c, const struct msg *m)
{
	struct arp_ent *e;
	unsigned int i;

	switch (m->type) {
	case MSG_ARP_LEARN:
	case MSG_ARP_ADD:
		arp_set(c, m->ifcno, m->ip, m->mac, true);
		break;
	case MSG_ARP_REFRESH:
		if (arp_set(c, m->ifcno, m->ip, m->mac, false) &&
		    (m->flags & MSG_F_TOLD) == 0)
			arp_tell_ctl(c, MSG_CTL_LEARN, m->ifcno, m->ip,
			    m->mac);
		break;
	case MSG_ARP_DEL:
		for (i = 0; i < ARPC_NCACHE; i++) {
			e = &c->arp.ent[i];
			if (e->state != ARPC_FREE && e->ip == m->ip &&
			    (m->ifcno < 0 || e->ifcno == m->ifcno))
				arp_remove(c, e, ARPC_FATE_FREE);
		}
		break;
	case MSG_ARP_FLUSH:
		for (i = 0; i < ARPC_NCACHE; i++)
			if (c->arp.ent[i].state != ARPC_FREE)
				arp_remove(c, &c->arp.ent[i], ARPC_FATE_FREE);
		break;
	case MSG_GARP:
		arp_garp(c, m->ifcno, m->ip);
		break;
	default:
		break;
	}
}

void
arp_timer(struct core *c)
{
	uint64_t wait = core_ms(c, ARPC_WAIT_MS);
	struct arp_ent *e;
	unsigned int i;

	for (i = 0; i < ARPC_NCACHE; i++) {
		e = &c->arp.ent[i];
		if (e->state != ARPC_WAIT || !e->asked ||
		    c->now - e->rtime < wait)
			continue;
		ARP_STAT(c, ARPSTAT_TIMEOUT);
		arp_tell_ctl(c, MSG_CTL_FORGET, e->ifcno, e->ip, NULL);
		arp_remove(c, e, ARPC_FATE_UNREACH);
	}
}

void
arp_flush_ifc(struct core *c, int ifcno)
{
	unsigned int i;

	for (i = 0; i < ARPC_NCACHE; i++)
		if (c->arp.ent[i].state != ARPC_FREE &&
		    c->arp.ent[i].ifcno == ifcno)
			arp_remove(c, &c->arp.ent[i], ARPC_FATE_FREE);
}

void
arp_fini(struct core *c)
{
	unsigned int i;

	for (i = 0; i < ARPC_NCACHE; i++)
		if (c->arp.ent[i].state != ARPC_FREE)
			arp_remove(c, &c->arp.ent[i], ARPC_FATE_FREE);
}
