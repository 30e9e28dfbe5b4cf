/* SPDX-License-Identifier: MIT */
/*
 * Per-core input and output shells (stack/core.h). Worker threads only;
 * no locks, no allocation, no system calls.
 */
#include "stack/core.h"

#include <string.h>

void
core_init(struct core *c, unsigned int id, const struct pmd_port *ports,
    uint16_t nports)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->queue = (uint16_t)id;
	c->ports = ports;
	c->nports = nports;
}

void
core_input(struct core *c, uint16_t pidx, struct rte_mbuf **pkts, uint16_t n)
{
	struct core_portstats *ps = &c->port[pidx];
	uint64_t bytes = 0;
	uint16_t i;

	for (i = 0; i < n; i++) {
		bytes += rte_pktmbuf_pkt_len(pkts[i]);
		rte_pktmbuf_free(pkts[i]);
	}
	STAT_ADD(&ps->rx_pkts, 0, n);
	STAT_ADD(&ps->rx_bytes, 0, bytes);
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
