/* SPDX-License-Identifier: MIT */
/*
 * Ethernet on the workers: input demultiplexes by ethertype (IPv4, ARP;
 * the rest is counted and dropped) after the destination filter (our
 * MAC, broadcast, multicast; any frame when the interface is
 * promiscuous); output prepends the header and buffers the frame for the
 * port. As 9front's ether driver does, a frame sent to our own MAC comes
 * back to us as input instead of going out, and an IPv4 broadcast or
 * multicast frame we send is also delivered to us (a copy), so the
 * stack's own broadcasts reach its local listeners (spec/plan9-ip.md
 * §2.1). Looped frames wait in a bounded per-core queue drained by
 * core_poll(), never recursively.
 *
 * Worker threads only; no locks, no allocation beyond mbufs.
 */
#ifndef STACK_ETHER_H
#define STACK_ETHER_H

#include <stdint.h>

struct core;
struct rte_mbuf;

/* Why frames were dropped or where they went (c->ethstats). */
enum ethstat {
	ETHSTAT_SHORT,		/* under 14 bytes */
	ETHSTAT_NOTFORUS,	/* unicast to another MAC, not promiscuous */
	ETHSTAT_UNBOUND,	/* port has no interface bound */
	ETHSTAT_IPV6,		/* IPv6: not handled yet */
	ETHSTAT_VLAN,		/* tagged frames: not handled */
	ETHSTAT_UNKNOWN,	/* other ethertypes */
	ETHSTAT_NOHEADROOM,	/* output: no room to prepend the header */
	ETHSTAT_LOOPED,		/* frames looped back to ourselves */
	ETHSTAT_LOOPFULL,	/* dropped: loopback queue full */
	ETHSTAT_LOOPCOPYFAIL,	/* broadcast copy: no mbuf */
	ETHSTAT_MAX
};

extern const char *const ethstat_names[ETHSTAT_MAX];

/* Worker; consumes m, a frame from port pidx (or looped back). */
void ether_input(struct core *c, uint16_t pidx, struct rte_mbuf *m);

/*
 * Worker; consumes m (data at the payload): prepend an Ethernet header
 * from port pidx's MAC to dst with ethertype type and buffer it for
 * sending, or loop it back (see the file comment).
 */
void ether_output(struct core *c, uint16_t pidx, const uint8_t dst[6],
    uint16_t type, struct rte_mbuf *m);

/* Worker: run the looped frames queued so far (at most a queue's worth).
 * Returns how many. */
unsigned int ether_loop_run(struct core *c);

#endif /* STACK_ETHER_H */
