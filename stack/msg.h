/* SPDX-License-Identifier: MIT */
/*
 * Cross-core messages (DESIGN.md §3: every cross-core effect is a
 * message). Each worker has one inbound ring (multi-producer: the other
 * workers and the control thread; single consumer: the worker), and all
 * workers share one ring towards the control thread (multi-producer; the
 * control thread is its only consumer). Messages are fixed 20-byte
 * records copied into rte_ring elem rings, so nothing is allocated per
 * message. A full ring drops the message and counts it; nothing waits.
 *
 * Packets cross cores on a second ring per worker (multi-producer,
 * single-consumer) of struct msg_pkt records: an mbuf pointer and the
 * little input state that goes with it. Today only IPv4 fragments use
 * it (DESIGN.md §3: fragments are steered by (src, dst, id, proto) to
 * the core that reassembles them); the handoff of TCP and UDP segments
 * to a flow's owner core will use the same ring. The sender gives the
 * mbuf away when the enqueue succeeds and keeps it when the ring is
 * full.
 *
 * Worker side here (msg_send, msg_poll); the control side (ring creation,
 * the stack hooks that post ARP edits, draining the control ring) is
 * daemon/dpmsg.c. Workers call msg_* on their own struct core only.
 */
#ifndef STACK_MSG_H
#define STACK_MSG_H

#include <stdint.h>

struct core;
struct rte_mbuf;
struct rte_ring;

enum msg_type {
	MSG_NONE,
	/* Worker -> workers. */
	MSG_ARP_LEARN,		/* create or update (a request for us) */
	MSG_ARP_REFRESH,	/* update only an entry that exists */
	/* Control -> workers. */
	MSG_ARP_ADD,		/* arp add: create or update, send held */
	MSG_ARP_DEL,		/* arp del: every entry for ip */
	MSG_ARP_FLUSH,		/* arp flush: everything */
	MSG_GARP,		/* send a gratuitous ARP for ip on ifcno */
	/* Worker -> control. */
	MSG_CTL_LEARN,		/* a core holds ip -> mac on ifcno now */
	MSG_CTL_WAIT,		/* a core is resolving ip on ifcno */
	MSG_CTL_FORGET,		/* a core gave up resolving ip on ifcno */
	MSG_NTYPES
};

/* Flags. */
#define MSG_F_TOLD	0x01	/* the control thread has been told */

enum {
	MSG_FROM_CTL = 0xffff,	/* msg.from of control messages */
	MSG_RING_SIZE = 1024,	/* records per worker's inbound ring */
	MSG_CTL_RING_SIZE = 4096,	/* records in the ring to control */
	MSG_BUDGET = 64,	/* records a worker applies per pass */
	MSG_PKT_RING_SIZE = 2048,	/* packets per worker's inbound ring */
	MSG_PKT_BUDGET = 128,	/* packets a worker takes per pass */
};

/* What a handed-over packet is (struct msg_pkt kind). */
enum msg_pkt_kind {
	MSG_PKT_FRAG = 1,	/* IPv4 fragment to reassemble here */
};

#define MSG_PKT_F_L2MCAST	0x01	/* came in a link broadcast */

/* One packet handed to another core; copied by value through its ring. */
struct msg_pkt {
	struct rte_mbuf *m;	/* data at the IPv4 header */
	uint16_t pidx;		/* port index it arrived on */
	uint8_t	 kind;		/* enum msg_pkt_kind */
	uint8_t	 flags;		/* MSG_PKT_F_* */
	uint16_t from;		/* sending core id */
	uint16_t pad;
};
_Static_assert(sizeof(struct msg_pkt) % 4 == 0, "rte_ring elem size");

/* One message; copied by value through the rings (multiple of 4 bytes). */
struct msg {
	uint8_t	 type;		/* enum msg_type */
	uint8_t	 flags;		/* MSG_F_* */
	uint16_t from;		/* sending core id, or MSG_FROM_CTL */
	int16_t	 ifcno;		/* interface, -1 for any */
	uint8_t	 mac[6];	/* ARP: the hardware address */
	uint32_t ip;		/* IPv4, host order */
	uint32_t pad;
};
_Static_assert(sizeof(struct msg) % 4 == 0, "rte_ring elem size");

/* Counters of one core's messaging (struct core msgstats[]). */
enum msgstat {
	MSGSTAT_SENT,		/* records enqueued */
	MSGSTAT_DROPPED,	/* a ring was full */
	MSGSTAT_RECEIVED,	/* records applied */
	MSGSTAT_BADTYPE,	/* unknown type: ignored */
	MSGSTAT_PKT_SENT,	/* packets handed to another core */
	MSGSTAT_PKT_DROPPED,	/* its ring was full: the sender dropped it */
	MSGSTAT_PKT_RECEIVED,	/* packets taken from our ring */
	MSGSTAT_MAX
};

/*
 * Give core c its rings: in[i] is core i's inbound ring (ncores of
 * them; in[c->id] is c's own), toctl the ring to the control thread
 * (may be NULL: then nothing is reported). Before the worker starts.
 */
void msg_attach(struct core *c, unsigned int ncores,
    struct rte_ring *const *in, struct rte_ring *toctl);

/*
 * Give core c its packet rings: pkt_in[i] is core i's (as for
 * msg_attach; after it, so that c->ncores is known). Before the worker
 * starts. NULL: packets are not handed over.
 */
void msg_attach_pkt(struct core *c, struct rte_ring *const *pkt_in);

/*
 * Worker: hand p->m to core dst (dst != c->id). Returns 0 when the ring
 * took it (the mbuf is dst's now), -ENOBUFS when full or when there is
 * no such ring (the caller still owns the mbuf and drops it). Counted.
 */
int msg_send_pkt(struct core *c, unsigned int dst, const struct msg_pkt *p);

/* Worker: post m to core dst (dst != c->id). Counted; never waits. */
void msg_send(struct core *c, unsigned int dst, const struct msg *m);

/* Worker: post m to every other core. */
void msg_send_peers(struct core *c, const struct msg *m);

/* Worker: post m to the control thread. */
void msg_send_ctl(struct core *c, const struct msg *m);

/*
 * Worker: apply up to MSG_BUDGET waiting messages, then take up to
 * MSG_PKT_BUDGET handed-over packets into the stack. Returns how many.
 */
unsigned int msg_poll(struct core *c);

#endif /* STACK_MSG_H */
