/* SPDX-License-Identifier: MIT */
/*
 * struct fib: the immutable snapshot of the control-plane model that
 * workers read (DESIGN.md §3). The control thread builds one with
 * stack_build_fib() after a change, publishes it with RCU and frees the
 * old one with fib_free() once every worker has moved on. Nothing in it
 * changes after the build, so readers need no locks; every lookup is
 * allocation-free.
 *
 * Contents: the generation it was built at, the forwarding flag, a view
 * of each of the 32 interfaces (port, MAC, IP MTU, flags, IPv4
 * addresses), the IPv4 routes behind a 16-8-8 multibit trie, and the IPv4
 * self table. IPv6 routes are not in the snapshot yet. Addresses are host
 * byte order throughout.
 *
 * Routes whose destination mask is not contiguous (accepted by iproute,
 * as in 9front) are left out of the snapshot. Plain C, no DPDK.
 */
#ifndef STACK_FIB_H
#define STACK_FIB_H

#include <stdint.h>

struct fib;

/* Route type bits (the letters of spec §3.2). */
enum {
	FIB_RT_V4 = 1 << 0,
	FIB_RT_IFC = 1 << 1,	/* i: to a directly connected subnet */
	FIB_RT_PTPT = 1 << 2,	/* p */
	FIB_RT_UNI = 1 << 3,	/* u: one of our addresses */
	FIB_RT_BCAST = 1 << 4,	/* b */
	FIB_RT_MULTI = 1 << 5,	/* m */
	FIB_RT_PROXY = 1 << 6,	/* y: proxy ARP */
	FIB_RT_TRANS = 1 << 7,	/* t: source NAT */
};

enum {
	FIB_MAXIFC = 32,
};

/* One IPv4 route. A route with no source restriction has src 0, smask
 * 0. gate is the next hop: the destination's own subnet address for 'i'
 * routes (send to dst directly), the address itself for u/b/m routes. */
struct fib_route {
	uint32_t dst;
	uint32_t dmask;
	uint32_t src;
	uint32_t smask;
	uint32_t gate;
	int16_t ifcno;
	uint16_t type;		/* FIB_RT_* */
	uint8_t dlen;		/* prefix length of dmask, 0..32 */
};

/* One IPv4 address of an interface. */
struct fib_lifc4 {
	uint32_t local;
	uint32_t mask;
	uint32_t remote;	/* the peer for point-to-point, else the net */
	uint32_t net;		/* remote & mask */
	uint32_t bcast;		/* local | ~mask */
	uint16_t type;		/* FIB_RT_PTPT, _PROXY, _TRANS */
};

enum fib_medium {
	FIB_UNBOUND = 0,
	FIB_ETHER,		/* a DPDK port */
	FIB_LOOPBACK,
};

struct fib_ifc {
	uint8_t medium;		/* enum fib_medium */
	uint8_t reflect;
	uint8_t reassemble;
	uint8_t promisc;
	uint16_t port_id;	/* FIB_ETHER only */
	uint8_t mac[6];		/* FIB_ETHER only */
	uint32_t mtu;		/* IP bytes: maxtu less the link header */
	uint32_t ifcid;		/* bind generation */
	uint32_t nlifc4;
	const struct fib_lifc4 *lifc4;	/* in the order added */
};

/* What fib_local4 answers (9front ipforme). */
enum fib_local {
	FIB_NOTLOCAL = 0,
	FIB_LOCAL_UNI,
	FIB_LOCAL_BCAST,
	FIB_LOCAL_MULTI,
	FIB_LOCAL_ANY,		/* not in the table, but the null
				 * address is configured: unicast */
};

void fib_free(struct fib *f);

uint64_t fib_generation(const struct fib *f);
/* The iprouting flag: forward packets not addressed to us. */
int fib_iprouting(const struct fib *f);

/* Interface ifcno (0..31), NULL when out of range; check ->medium. */
const struct fib_ifc *fib_ifc(const struct fib *f, int ifcno);
/* The DPDK port of an interface bound to ether: 0, else -1 (f may be
 * NULL). */
int fib_ifc_port(const struct fib *f, int ifcno, uint16_t *port_id);
/* The interface bound to a port, -1 when none (f may be NULL). */
int fib_port_ifc(const struct fib *f, uint16_t port_id);

/*
 * The route for (dst, src), spec §3.6: the longest destination prefix
 * holding a route whose source range holds src; among the routes of that
 * prefix, the one with the most specific source. NULL when none.
 */
const struct fib_route *fib_lookup4(const struct fib *f, uint32_t dst,
    uint32_t src);

/* enum fib_local for addr. */
int fib_local4(const struct fib *f, uint32_t addr);

/*
 * fib_lookup4 and fib_local4 of dst together, for the input path: the
 * route for (dst, src), NULL when none, and the enum fib_local of dst in
 * *local. One walk of the trie answers both when every address of the
 * self table has its /32 route in the snapshot (9front adds one for each;
 * the build checks it, else the self table is probed as fib_local4 does).
 */
const struct fib_route *fib_lookup4_local(const struct fib *f, uint32_t dst,
    uint32_t src, int *local);

/* Source address for talking to dst (9front findlocalip, spec §3.7);
 * 0 when the stack has no IPv4 address. */
uint32_t fib_srcaddr4(const struct fib *f, uint32_t dst);

/* The address of ours on ifcno closest to remote (9front ipv4local);
 * 0 when ifcno has no IPv4 address. */
uint32_t fib_ifcaddr4(const struct fib *f, int ifcno, uint32_t remote);

/* Is ip one of the addresses configured on ifcno? */
int fib_ifclocal4(const struct fib *f, int ifcno, uint32_t ip);

#endif /* STACK_FIB_H */
