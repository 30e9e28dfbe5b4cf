/* SPDX-License-Identifier: MIT */
/*
 * struct core: everything one worker owns (DESIGN.md §3): its TX buffers,
 * counters and, as the protocols land, its ARP cache, hold queues and
 * reassembly table. Written only by its worker; the control thread reads
 * the counters (relaxed loads) to answer stats reads. Code in stack/ gets
 * its struct core as an argument and never asks which lcore it runs on.
 */
#ifndef STACK_CORE_H
#define STACK_CORE_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "conf/conf.h"
#include "pmd_glue/port.h"
#include "stack/stats.h"

struct fib;

enum {
	CORE_TXBURST = 32,	/* packets buffered per port before a burst */
};

/* Per-port frame counters of one core (ipifc/N/status pktin/pktout). */
struct core_portstats {
	uint64_t rx_pkts;
	uint64_t rx_bytes;
	uint64_t tx_pkts;
	uint64_t tx_bytes;
	uint64_t tx_drops;	/* the NIC queue was full */
};

struct core_txbuf {
	uint16_t n;
	struct rte_mbuf *pkts[CORE_TXBURST];
};

struct core {
	/* Per packet. */
	uint64_t now;			/* TSC, read once per loop */
	const struct fib *fib;		/* this pass's snapshot (RCU) */
	const struct pmd_port *ports;	/* immutable while running */
	uint16_t nports;
	uint16_t queue;			/* our RX/TX queue on every port */
	unsigned int id;		/* worker index 0..nworkers-1 */
	struct core_txbuf tx[CONF_MAXPORTS];

	/* Counters: written by this core only. */
	uint64_t ipstats[IPSTAT_MAX];
	struct core_portstats port[CONF_MAXPORTS];
	uint64_t loops;			/* passes of the poll loop */
} __rte_cache_aligned;

void core_init(struct core *c, unsigned int id, const struct pmd_port *ports,
    uint16_t nports);

/* Worker only; consumes every mbuf in pkts (n frames from port pidx). */
void core_input(struct core *c, uint16_t pidx, struct rte_mbuf **pkts,
    uint16_t n);

/* Send every buffered frame; what the NIC refuses is freed and counted. */
void core_flush(struct core *c);

/* Worker only; consumes m: buffer it for port pidx, bursting when full. */
static inline void
core_tx(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	struct core_txbuf *b = &c->tx[pidx];

	b->pkts[b->n++] = m;
	if (unlikely(b->n == CORE_TXBURST))
		core_flush(c);
}

#endif /* STACK_CORE_H */
