/* SPDX-License-Identifier: MIT */
/*
 * struct core: everything one worker owns (DESIGN.md §3): its TX buffers,
 * counters, ARP cache and hold queues, ICMP state, loopback queue, IPv4
 * reassembly table (stack/frag.h, created by core_frag_setup, expired
 * from the 100 ms tick, freed by core_fini), the rings it talks to
 * other cores through, and a small view of the FIB
 * snapshot it is running with (port <-> interface maps), rebuilt when the
 * snapshot changes. Written only by its worker; the control thread reads
 * the counters (relaxed loads) to answer stats reads. Code in stack/ gets
 * its struct core as an argument and never asks which lcore it runs on.
 *
 * Also the thin shell between the worker loop and the protocols:
 * core_input (a burst of frames), core_poll (messages, timers, looped
 * frames), core_flush (TX), and the FIB accessors the protocols use
 * (core_local4, core_route4, core_classify4, ...), which are the only
 * code that knows the layout of stack/fib.h.
 */
#ifndef STACK_CORE_H
#define STACK_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "conf/conf.h"
#include "pmd_glue/port.h"
#include "stack/arp.h"
#include "stack/ether.h"
#include "stack/frag.h"
#include "stack/icmp.h"
#include "stack/ip4.h"
#include "stack/msg.h"
#include "stack/stats.h"

struct fib;
struct rte_ring;

enum {
	CORE_TXBURST = 32,	/* packets buffered per port before a burst */
	CORE_MAXIFC = 32,	/* interfaces (9front Maxmedia) */
	CORE_LOOPMAX = 256,	/* looped-back frames waiting per core */
	CORE_TICK_MS = 100,	/* timer period */
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

/* One interface as this core sees it in its FIB snapshot. */
struct core_ifc {
	int16_t	 pidx;		/* our port index, -1: not bound to one */
	uint32_t mtu;		/* IP bytes */
	uint32_t ifcid;		/* bind generation */
	bool	 reflect;
	bool	 reassemble;	/* reassemble before forwarding out of it */
	bool	 promisc;
	uint8_t	 mac[6];
};

/*
 * What the telemetry thread may read about a core's tables: copied by
 * the worker at every tick with relaxed stores (core_publish), so that
 * no other thread ever walks the tables themselves.
 */
struct core_tel {
	uint32_t reasm_entries;		/* datagrams in the reassembly table */
	uint32_t reasm_bytes;		/* bytes held there (pkt_len sum) */
	uint32_t reasm_mbufs;		/* fragments held there */
	uint32_t arp_entries;		/* ARP cache slots in use */
	uint32_t arp_held;		/* packets waiting for ARP */
	uint64_t frag_drops[FRAG_DROP_MAX];	/* frag_table_drops() */
};

/* Derived from c->fib; rebuilt by core_view_sync() when it changes. */
struct core_view {
	const struct fib *fib;			/* what this was built from */
	uint64_t gen;				/* and its generation */
	int16_t	 ifc_of_port[CONF_MAXPORTS];	/* -1: none bound */
	struct core_ifc ifc[CORE_MAXIFC];
	bool	 iprouting;
};

/* Frames looped back to our own input (ether.c). */
struct core_loop {
	uint16_t head;
	uint16_t n;
	struct {
		struct rte_mbuf *m;
		uint16_t pidx;
	} q[CORE_LOOPMAX];
};

/* A route as the protocols need it (core_route4). */
struct core_route {
	uint32_t gate;		/* next hop, host order (dst when direct) */
	int16_t	 ifcno;
	int16_t	 pidx;		/* -1 when the ifc has no port of ours */
	uint8_t	 cast;		/* enum ip4_cast of the destination */
	bool	 local;		/* 'u': one of our addresses */
	bool	 proxy;		/* 'y' */
};

struct core {
	/* Per packet. */
	uint64_t now;			/* TSC, read once per loop */
	const struct fib *fib;		/* this pass's snapshot (RCU) */
	const struct pmd_port *ports;	/* immutable while running */
	uint16_t nports;
	uint16_t queue;			/* our RX/TX queue on every port */
	unsigned int id;		/* worker index 0..nworkers-1 */
	unsigned int ncores;		/* workers in all */
	uint64_t hz;			/* TSC ticks per second */
	struct core_view view;
	struct core_txbuf tx[CONF_MAXPORTS];
	uint32_t ipid;			/* IP identification counter */
	uint32_t ipid_n;		/* ncores ipid_per was computed for */
	uint32_t ipid_per;		/* identifications per core */
	uint16_t arp_last;		/* hint: c->arp.ent slot of the last
					 * next hop arp_output found */
	uint64_t arp_hz;		/* hz that arp_maxage was computed for */
	uint64_t arp_maxage;		/* ARP entry lifetime, TSC ticks */

	/* Counters: written by this core only. */
	uint64_t ipstats[IPSTAT_MAX];
	uint64_t ip4stats[IP4STAT_MAX];
	uint64_t ethstats[ETHSTAT_MAX];
	uint64_t msgstats[MSGSTAT_MAX];
	struct core_portstats port[CONF_MAXPORTS];
	uint64_t loops;			/* passes of the poll loop */

	/* Protocol state. */
	struct icmp_core icmp;
	struct core_loop loop;
	struct arp_cache arp;
	struct frag_table *frag;	/* IPv4 reassembly; NULL: none */

	/* Messages (stack/msg.h), set by msg_attach before the worker runs. */
	struct rte_ring *msg_in;	/* peers and control -> this core */
	struct rte_ring *const *peers;	/* every core's msg_in */
	struct rte_ring *msg_ctl;	/* cores -> control */
	struct rte_ring *pkt_in;	/* packets handed to this core */
	struct rte_ring *const *pkt_peers;	/* every core's pkt_in */
	uint64_t next_tick;		/* TSC of the next timer run */

	struct core_tel tel;		/* for telemetry (core_publish) */
} __rte_cache_aligned;

void core_init(struct core *c, unsigned int id, const struct pmd_port *ports,
    uint16_t nports);

/*
 * Before the worker starts, after core_init (and msg_attach, whose core
 * count sizes the bound below): create c's reassembly table on its
 * ports' NUMA socket. timeout_ms is the seed's to_expire (0: 10 s);
 * max_entries and max_bytes bound what it holds (0: the defaults of
 * stack/frag.h). The fragments it may hold are also bounded, to a
 * quarter of the first port's mbuf pool shared among the cores (at
 * least 64), so that reassembly cannot starve reception. Returns 0,
 * -EINVAL (c->hz is 0) or -ENOMEM. Without a table, fragments for us
 * are counted and dropped (ReasmFails).
 */
int core_frag_setup(struct core *c, uint32_t timeout_ms,
    uint32_t max_entries, uint32_t max_bytes);

/* Worker: copy the table sizes telemetry reports into c->tel (every
 * tick; core_publish_reasm after each fragment). */
void core_publish(struct core *c);
void core_publish_reasm(struct core *c);

/* Worker only; consumes every mbuf in pkts (n frames from port pidx). */
void core_input(struct core *c, uint16_t pidx, struct rte_mbuf **pkts,
    uint16_t n);

/*
 * Worker, once per pass after the RX bursts: apply messages, run the
 * timers when due, feed looped-back frames to input. Returns the work
 * done (0 when idle).
 */
unsigned int core_poll(struct core *c);

/* Send every buffered frame; what the NIC refuses is freed and counted. */
void core_flush(struct core *c);

/* Worker, at stop: free everything the core still holds, the reassembly
 * table and its fragments included. Packets other cores handed over and
 * not yet taken stay in the ring (daemon/dpmsg.c frees them). */
void core_fini(struct core *c);

/* Worker only; consumes m: buffer it for port pidx, bursting when full. */
static inline void
core_tx(struct core *c, uint16_t pidx, struct rte_mbuf *m)
{
	struct core_txbuf *b = &c->tx[pidx];

	b->pkts[b->n++] = m;
	if (unlikely(b->n == CORE_TXBURST))
		core_flush(c);
}

/* TSC ticks in ms milliseconds. */
static inline uint64_t
core_ms(const struct core *c, uint64_t ms)
{
	return c->hz / 1000 * ms;
}

/* Rebuild c->view when c->fib is not what it was built from. */
void core_view_sync(struct core *c);

/* The interface on port pidx, -1 when none. */
static inline int
core_port_ifc(const struct core *c, uint16_t pidx)
{
	return pidx < CONF_MAXPORTS ? c->view.ifc_of_port[pidx] : -1;
}

/* Interface ifcno, or NULL when out of range or not on one of our ports. */
static inline const struct core_ifc *
core_ifc(const struct core *c, int ifcno)
{
	if (ifcno < 0 || ifcno >= CORE_MAXIFC || c->view.ifc[ifcno].pidx < 0)
		return NULL;
	return &c->view.ifc[ifcno];
}

/*
 * FIB accessors (the only users of stack/fib.h). All addresses host
 * order; with no snapshot they answer "nothing".
 */
/* How addr is ours (enum ip4_cast), IP4_CAST_NONE when not. */
int core_local4(const struct core *c, uint32_t addr);
/* Route for (dst, src); 0, or -ENETUNREACH. */
int core_route4(const struct core *c, uint32_t dst, uint32_t src,
    struct core_route *r);
/*
 * The input path's question in one FIB walk: returns how dst is ours
 * (what core_local4(dst) answers). When it is not ours (IP4_CAST_NONE),
 * *routed says whether core_route4(dst, src) finds a route, and r holds
 * it; a destination of ours is not routed (*routed false).
 */
int core_classify4(const struct core *c, uint32_t dst, uint32_t src,
    struct core_route *r, bool *routed);
/* Source address for dst (9front findlocalip), 0 when none. */
uint32_t core_src4(const struct core *c, uint32_t dst);
/* The best address of ours on ifcno to talk to ip from, 0 when none. */
uint32_t core_ifcaddr4(const struct core *c, int ifcno, uint32_t ip);
/* Is ip one of our unicast addresses on interface ifcno? */
bool core_ifclocal4(const struct core *c, int ifcno, uint32_t ip);
/* Do we answer ARP for ip on ifcno as a proxy? */
bool core_proxy4(const struct core *c, int ifcno, uint32_t ip);

#endif /* STACK_CORE_H */
