/* SPDX-License-Identifier: MIT */
/*
 * ICMP for IPv4 on the workers (RFC 792, RFC 1122 §3.2.2, RFC 1812
 * §4.3): echo requests are answered in place (identifier, sequence and
 * data kept); unreachable, time exceeded, parameter problem and source
 * quench are handed to the advise hook of the protocol whose datagram
 * they quote; errors we originate (no route, TTL exceeded, protocol
 * unreachable, host unreachable after ARP gave up, fragmentation needed)
 * quote the offending header and 8 bytes of data, are never sent about
 * ICMP errors, broadcast or multicast packets, non-first fragments or
 * impossible sources, and pass a per-core token bucket first. The
 * counters of /net/icmp/stats (spec/plan9-ip.md §10.1) are per core;
 * the control thread sums them with icmp_stats_sum().
 *
 * Worker threads only (the stats functions: any thread).
 */
#ifndef STACK_ICMP_H
#define STACK_ICMP_H

#include <stddef.h>
#include <stdint.h>

struct core;
struct ip4_rx;
struct rte_mbuf;

enum {
	ICMP_NTYPES = 19,		/* types 0..18 have counters */
	ICMP_RATE = 100,		/* errors per second per core */
	ICMP_BURST = 50,		/* bucket depth */
	ICMP_QUOTE_MAX = 548,		/* bytes quoted at most (576 - 28) */
};

/* The icmp/stats counters, in print order. */
enum icmpstat {
	ICMPSTAT_INMSGS,
	ICMPSTAT_INERRORS,
	ICMPSTAT_OUTMSGS,		/* user writes only (none yet) */
	ICMPSTAT_CSUMERRS,
	ICMPSTAT_LENERRS,
	ICMPSTAT_HLENERRS,
	ICMPSTAT_IN0,			/* + type: received per type */
	ICMPSTAT_OUT0 = ICMPSTAT_IN0 + ICMP_NTYPES,	/* + type: sent */
	ICMPSTAT_MAX = ICMPSTAT_OUT0 + ICMP_NTYPES
};

/* Where ICMP input and error generation went otherwise (not printed). */
enum icmpdrop {
	ICMPDROP_NOCONV,	/* replies and info: no conversation yet */
	ICMPDROP_NOADVISE,	/* error about a protocol with no advise */
	ICMPDROP_ECHOBCAST,	/* echo to broadcast/multicast: not answered */
	ICMPDROP_ERR_RATE,	/* error not sent: token bucket empty */
	ICMPDROP_ERR_ICMPERR,	/* not sent: about an ICMP error */
	ICMPDROP_ERR_BCAST,	/* not sent: about broadcast/multicast */
	ICMPDROP_ERR_FRAG,	/* not sent: about a non-first fragment */
	ICMPDROP_ERR_BADSRC,	/* not sent: source 0, loopback, class D/E */
	ICMPDROP_ERR_NOMBUF,	/* not sent: no mbuf */
	ICMPDROP_MAX
};

/* Per core state; embedded in struct core. */
struct icmp_core {
	uint64_t stats[ICMPSTAT_MAX];
	uint64_t drops[ICMPDROP_MAX];
	uint64_t tokens;		/* bucket level, in TSC ticks of credit */
	uint64_t tlast;			/* TSC of the last refill */
};

/* Names as 9front prints them (index: enum icmpstat below IN0). */
extern const char *const icmpstat_names[ICMPSTAT_IN0];
/* Type names, NULL where 9front prints the number. */
extern const char *const icmp_type_names[ICMP_NTYPES];

void icmp_init(struct core *c);

/*
 * Worker; consumes m. Data at the IPv4 header (options already removed,
 * rx->hlen bytes), the ICMP message follows; rx describes the header.
 */
void icmp_input(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx);

/*
 * Worker: send ICMP type/code about the datagram at ip (len bytes from
 * its IPv4 header, which passed ipv4_check), which arrived as described
 * by rx (NULL when we made it ourselves). nextmtu is the next-hop MTU of
 * "fragmentation needed", else 0. Does not consume anything: the caller
 * still drops the offending packet.
 */
void icmp_error(struct core *c, const uint8_t *ip, size_t len,
    const struct ip4_rx *rx, uint8_t type, uint8_t code, uint16_t nextmtu);

/* The same for an mbuf whose data starts at the IPv4 header. */
void icmp_error_mbuf(struct core *c, const struct rte_mbuf *m,
    const struct ip4_rx *rx, uint8_t type, uint8_t code, uint16_t nextmtu);

/* Any thread: add core c's counters (relaxed loads) into sum. */
void icmp_stats_add(const struct core *c, uint64_t sum[ICMPSTAT_MAX]);

/*
 * Any thread: the text of /net/icmp/stats for counters s, 25 lines of
 * "Name: n" and "Name: in out" (spec/plan9-ip.md §10.1), into buf (n
 * bytes, NUL-terminated when n > 0). Returns the text's length, as
 * snprintf does.
 */
size_t icmp_stats_format(const uint64_t s[ICMPSTAT_MAX], char *buf,
    size_t n);

#endif /* STACK_ICMP_H */
