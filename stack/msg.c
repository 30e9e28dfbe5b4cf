/* SPDX-License-Identifier: MIT */
/*
 * Worker side of the cross-core messages (stack/msg.h): post a record to
 * another core or to the control thread, hand a packet to another core,
 * and apply what arrived. Runs on the worker that owns the struct core;
 * the rings are created by the control thread (daemon/dpmsg.c) before
 * the workers start.
 */
#include "stack/msg.h"

#include <errno.h>

#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "stack/arp.h"
#include "stack/core.h"

void
msg_attach(struct core *c, unsigned int ncores, struct rte_ring *const *in,
    struct rte_ring *toctl)
{
	c->ncores = ncores;
	c->peers = in;
	c->msg_in = in != NULL ? in[c->id] : NULL;
	c->msg_ctl = toctl;
}

void
msg_attach_pkt(struct core *c, struct rte_ring *const *pkt_in)
{
	c->pkt_peers = pkt_in;
	c->pkt_in = pkt_in != NULL ? pkt_in[c->id] : NULL;
}

int
msg_send_pkt(struct core *c, unsigned int dst, const struct msg_pkt *p)
{
	if (c->pkt_peers == NULL || dst >= c->ncores || dst == c->id ||
	    rte_ring_mp_enqueue_elem(c->pkt_peers[dst], (void *)(uintptr_t)p,
	    sizeof(*p)) != 0) {
		STAT_INC(c->msgstats, MSGSTAT_PKT_DROPPED);
		return -ENOBUFS;
	}
	STAT_INC(c->msgstats, MSGSTAT_PKT_SENT);
	return 0;
}

/* Worker: take up to MSG_PKT_BUDGET packets other cores handed us. */
static unsigned int
msg_poll_pkt(struct core *c)
{
	struct msg_pkt v[MSG_PKT_BUDGET];
	unsigned int i, n;

	if (c->pkt_in == NULL)
		return 0;
	n = rte_ring_sc_dequeue_burst_elem(c->pkt_in, v, sizeof(v[0]),
	    MSG_PKT_BUDGET, NULL);
	for (i = 0; i < n; i++) {
		STAT_INC(c->msgstats, MSGSTAT_PKT_RECEIVED);
		switch (v[i].kind) {
		case MSG_PKT_FRAG:
			ip4_frag_input(c, v[i].m, v[i].pidx,
			    (v[i].flags & MSG_PKT_F_L2MCAST) != 0);
			break;
		default:
			STAT_INC(c->msgstats, MSGSTAT_BADTYPE);
			rte_pktmbuf_free(v[i].m);
			break;
		}
	}
	return n;
}

/* Worker: enqueue one record on r, counting the outcome. */
static void
msg_put(struct core *c, struct rte_ring *r, const struct msg *m)
{
	if (r == NULL)
		return;
	if (rte_ring_mp_enqueue_elem(r, (void *)(uintptr_t)m,
	    sizeof(*m)) == 0)
		STAT_INC(c->msgstats, MSGSTAT_SENT);
	else
		STAT_INC(c->msgstats, MSGSTAT_DROPPED);
}

void
msg_send(struct core *c, unsigned int dst, const struct msg *m)
{
	if (c->peers == NULL || dst >= c->ncores || dst == c->id)
		return;
	msg_put(c, c->peers[dst], m);
}

void
msg_send_peers(struct core *c, const struct msg *m)
{
	unsigned int i;

	for (i = 0; i < c->ncores; i++)
		if (i != c->id)
			msg_send(c, i, m);
}

void
msg_send_ctl(struct core *c, const struct msg *m)
{
	msg_put(c, c->msg_ctl, m);
}

unsigned int
msg_poll(struct core *c)
{
	struct msg v[MSG_BUDGET];
	unsigned int i, n;

	if (c->msg_in == NULL)
		return msg_poll_pkt(c);
	n = rte_ring_sc_dequeue_burst_elem(c->msg_in, v, sizeof(v[0]),
	    MSG_BUDGET, NULL);
	for (i = 0; i < n; i++) {
		STAT_INC(c->msgstats, MSGSTAT_RECEIVED);
		switch (v[i].type) {
		case MSG_ARP_LEARN:
		case MSG_ARP_REFRESH:
		case MSG_ARP_ADD:
		case MSG_ARP_DEL:
		case MSG_ARP_FLUSH:
		case MSG_GARP:
			arp_msg(c, &v[i]);
			break;
		default:
			STAT_INC(c->msgstats, MSGSTAT_BADTYPE);
			break;
		}
	}
	return n + msg_poll_pkt(c);
}
