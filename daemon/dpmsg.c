/* SPDX-License-Identifier: MIT */
/*
 * Control-thread side of the worker messages (daemon/dpmsg.h): ring
 * setup (message rings and packet rings), the garp and arp_edit hooks,
 * the drain of learned bindings into the merged ARP view, and the ICMP
 * counter sums. Control thread only; the rings are rte_ring elem rings,
 * multi-producer, single-consumer.
 */
#include "daemon/dpmsg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include "stack/arptab.h"
#include "stack/core.h"
#include "stack/msg.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

enum {
	DPMSG_PENDMAX = 256,		/* messages waiting for a poll */
	DPMSG_DRAIN = 256,		/* records drained per poll, at most */
	DPMSG_RETRIES = 1000,		/* 10 us waits for a full worker ring */
};

struct dpmsg {
	struct core *cores;
	unsigned int ncores;
	struct rte_ring **in;		/* ncores inbound rings */
	struct rte_ring **pkt;		/* ncores packet rings */
	struct rte_ring *toctl;
	unsigned int npend;
	struct {
		struct msg m;
		int all;		/* every core, else core 0 only */
	} pend[DPMSG_PENDMAX];
	uint64_t dropped;		/* control messages lost (ring full) */
};

/* A unique ring name per process: rings outlive nothing but their dpmsg. */
static unsigned int dpmsg_serial;

struct dpmsg *
dpmsg_create(struct core *cores, unsigned int ncores, int socket)
{
	char name[RTE_RING_NAMESIZE];
	struct dpmsg *d;
	unsigned int i, serial = dpmsg_serial++;

	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return NULL;
	d->cores = cores;
	d->ncores = ncores;
	d->in = calloc(ncores != 0 ? ncores : 1, sizeof(*d->in));
	d->pkt = calloc(ncores != 0 ? ncores : 1, sizeof(*d->pkt));
	if (d->in == NULL || d->pkt == NULL)
		goto fail;
	for (i = 0; i < ncores; i++) {
		snprintf(name, sizeof(name), "dpmsg%u_in%u", serial, i);
		d->in[i] = rte_ring_create_elem(name, sizeof(struct msg),
		    MSG_RING_SIZE, socket, RING_F_SC_DEQ);
		if (d->in[i] == NULL)
			goto fail;
		snprintf(name, sizeof(name), "dpmsg%u_pk%u", serial, i);
		d->pkt[i] = rte_ring_create_elem(name, sizeof(struct msg_pkt),
		    MSG_PKT_RING_SIZE, socket, RING_F_SC_DEQ);
		if (d->pkt[i] == NULL)
			goto fail;
	}
	snprintf(name, sizeof(name), "dpmsg%u_ctl", serial);
	d->toctl = rte_ring_create_elem(name, sizeof(struct msg),
	    MSG_CTL_RING_SIZE, socket, RING_F_SC_DEQ);
	if (d->toctl == NULL)
		goto fail;
	for (i = 0; i < ncores; i++) {
		msg_attach(&cores[i], ncores, d->in, d->toctl);
		msg_attach_pkt(&cores[i], d->pkt);
	}
	return d;
fail:
	dpmsg_free(d);
	return NULL;
}

/* Free the packets waiting in ring r (the workers are stopped). */
static void
dpmsg_drain_pkt(struct rte_ring *r)
{
	struct msg_pkt v[32];
	unsigned int i, n;

	if (r == NULL)
		return;
	while ((n = rte_ring_sc_dequeue_burst_elem(r, v, sizeof(v[0]),
	    RTE_DIM(v), NULL)) > 0)
		for (i = 0; i < n; i++)
			rte_pktmbuf_free(v[i].m);
}

void
dpmsg_drain(struct dpmsg *d)
{
	unsigned int i;

	if (d == NULL || d->pkt == NULL)
		return;
	for (i = 0; i < d->ncores; i++)
		dpmsg_drain_pkt(d->pkt[i]);
}

void
dpmsg_free(struct dpmsg *d)
{
	unsigned int i;

	if (d == NULL)
		return;
	dpmsg_drain(d);
	for (i = 0; i < d->ncores; i++) {
		if (d->in != NULL)
			rte_ring_free(d->in[i]);
		if (d->pkt != NULL)
			rte_ring_free(d->pkt[i]);
	}
	rte_ring_free(d->toctl);
	free(d->in);
	free(d->pkt);
	free(d);
}

/*
 * Post m to core i. A control message must not be lost while a worker
 * is merely busy: wait a little for room, then give up and count it.
 */
static void
dpmsg_post(struct dpmsg *d, unsigned int i, const struct msg *m)
{
	int tries;

	for (tries = 0; tries < DPMSG_RETRIES; tries++) {
		if (rte_ring_mp_enqueue_elem(d->in[i], (void *)(uintptr_t)m,
		    sizeof(*m)) == 0)
			return;
		usleep(10);
	}
	d->dropped++;
}

/* Post what the hooks queued, in order. */
static void
dpmsg_flush(struct dpmsg *d)
{
	unsigned int i, k;

	for (i = 0; i < d->npend; i++) {
		if (d->pend[i].all) {
			for (k = 0; k < d->ncores; k++)
				dpmsg_post(d, k, &d->pend[i].m);
		} else if (d->ncores > 0) {
			dpmsg_post(d, 0, &d->pend[i].m);
		}
	}
	d->npend = 0;
}

/*
 * Queue m for the next dpmsg_poll, which runs after the ctl round has
 * been published: a message may name an interface the workers cannot
 * see before that.
 */
static void
dpmsg_queue(struct dpmsg *d, const struct msg *m, int all)
{
	if (d->npend == DPMSG_PENDMAX)
		dpmsg_flush(d);
	d->pend[d->npend].m = *m;
	d->pend[d->npend].all = all;
	d->npend++;
}

/* One core announces; every core could, but once is enough. */
static void
dpmsg_hook_garp(void *arg, int ifcno, const uint8_t ip[16])
{
	struct dpmsg *d = arg;
	struct msg m;

	if (ip == NULL || !ip_isv4(ip))
		return;
	memset(&m, 0, sizeof(m));
	m.type = MSG_GARP;
	m.from = MSG_FROM_CTL;
	m.ifcno = (int16_t)ifcno;
	m.ip = ip_tov4(ip);
	dpmsg_queue(d, &m, 0);
}

/* Every core keeps its own cache: every core gets the edit. */
static void
dpmsg_hook_arp_edit(void *arg, int op, int ifcno, const uint8_t ip[16],
    const uint8_t mac[6])
{
	struct dpmsg *d = arg;
	struct msg m;

	memset(&m, 0, sizeof(m));
	m.from = MSG_FROM_CTL;
	m.ifcno = (int16_t)ifcno;
	switch (op) {
	case 'a':
		if (ip == NULL || mac == NULL || !ip_isv4(ip))
			return;
		m.type = MSG_ARP_ADD;
		m.ip = ip_tov4(ip);
		memcpy(m.mac, mac, 6);
		break;
	case 'd':
		if (ip == NULL || !ip_isv4(ip))
			return;
		m.type = MSG_ARP_DEL;
		m.ip = ip_tov4(ip);
		break;
	case 'f':
		m.type = MSG_ARP_FLUSH;
		m.ifcno = -1;
		break;
	default:
		return;
	}
	dpmsg_queue(d, &m, 1);
}

void
dpmsg_hooks(struct dpmsg *d, struct stack_hooks *hooks)
{
	hooks->arg = d;
	hooks->garp = dpmsg_hook_garp;
	hooks->arp_edit = dpmsg_hook_arp_edit;
}

unsigned int
dpmsg_poll(struct dpmsg *d, struct stack *st, uint64_t now_ms)
{
	struct msg v[32];
	uint8_t ip[IPADDRLEN];
	unsigned int i, n, done = 0;

	done += d->npend;
	dpmsg_flush(d);

	while (done < DPMSG_DRAIN) {
		n = rte_ring_sc_dequeue_burst_elem(d->toctl, v, sizeof(v[0]),
		    RTE_DIM(v), NULL);
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			ip_fromv4(ip, v[i].ip);
			switch (v[i].type) {
			case MSG_CTL_LEARN:
				arptab_learn(st, v[i].ifcno, ip, v[i].mac,
				    now_ms);
				break;
			case MSG_CTL_WAIT:
				arptab_waiting(st, v[i].ifcno, ip, now_ms);
				break;
			case MSG_CTL_FORGET:
				arptab_forget(st, v[i].ifcno, ip);
				break;
			default:
				break;
			}
		}
		done += n;
	}
	return done;
}

void
dpmsg_icmp_sum(const struct dpmsg *d, uint64_t sum[ICMPSTAT_MAX])
{
	unsigned int i;

	memset(sum, 0, sizeof(uint64_t) * ICMPSTAT_MAX);
	for (i = 0; i < d->ncores; i++)
		icmp_stats_add(&d->cores[i], sum);
}

size_t
dpmsg_icmpstats(void *arg, char *buf, size_t n)
{
	uint64_t sum[ICMPSTAT_MAX];

	dpmsg_icmp_sum(arg, sum);
	return icmp_stats_format(sum, buf, n);
}

uint64_t
dpmsg_dropped(const struct dpmsg *d)
{
	return d->dropped;
}
