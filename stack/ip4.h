/* SPDX-License-Identifier: MIT */
/*
 * IPv4 on the workers: input (RFC 791, RFC 1122 §3.2.1, 9front ipiput4 of
 * spec/plan9-ip.md §11.2), forwarding when iprouting is on (RFC 1812
 * §5.2/§5.3), and the seed's output API (spec/mnet-ipv4.md §2.4) in C.
 *
 * Input checks version, header length, total length against the frame
 * and the header checksum (the NIC's verdict when the port has the
 * offload, else in software), trims link padding, and then delivers to
 * the protocol registered for the header's protocol number when the
 * destination is ours (unicast, broadcast, a joined group, or anything
 * while the stack accepts all), removing IP options first; a protocol
 * nobody handles gets ICMP protocol unreachable. Other destinations are
 * forwarded when iprouting is on: TTL decremented with an incremental
 * checksum update, ICMP time exceeded at TTL <= 1, ICMP net unreachable
 * without a route, back out of the arrival interface only with reflect.
 * Every drop is counted once in c->ipstats (the ipifc/stats MIB) and
 * under its precise reason in c->ip4stats.
 *
 * Output looks the route up by (destination, source), picks the source
 * (9front findlocalip) when the caller gave none, fills the header (IP
 * ID unique per core, TTL, TOS, DF), lets the NIC compute the header
 * checksum when the port offers it, and hands the packet to ARP, to the
 * broadcast or multicast MAC, or back to our own input when the
 * destination is one of our addresses.
 *
 * Fragments (stack/frag.h): a fragment for us, or one being forwarded
 * out of an interface with `reassemble` set, is steered by frag_steer()
 * to one core, handed over through that core's packet ring when it
 * arrived elsewhere (stack/msg.h), and reassembled there in the core's
 * table; the complete datagram is then delivered (or forwarded) on that
 * core. An unfragmented datagram is delivered in the mbuf it arrived in
 * (zero copy); a reassembled one is an mbuf chain: protocols must treat
 * both alike (checksums over chains). The table expires from the core's
 * 100 ms tick; a datagram that timed out with its fragment 0 held gets
 * ICMP time exceeded, reassembly (11/1). A datagram larger than the MTU
 * of its way out is cut by frag_fragment4() and each piece goes through
 * the normal ARP/Ethernet output; with DF set it gets ICMP 3/4 with the
 * next-hop MTU instead (when forwarded, or when a local sender's
 * datagram comes back to it). A chain to a port that cannot send chains
 * is copied into one mbuf first.
 *
 * Worker threads only, except ip4_proto_register (control thread,
 * before any worker starts).
 */
#ifndef STACK_IP4_H
#define STACK_IP4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct core;
struct core_route;
struct rte_mbuf;

enum {
	IP4_DEFTTL = 255,		/* 9front MAXTTL; DefaultTTL prints 255 */
	IP4_HEADROOM = 14 + 60,		/* Ethernet + largest IP header */
};

/* How the destination of an input datagram was ours (ip4_rx.cast). */
enum ip4_cast {
	IP4_CAST_NONE,			/* not ours: forwarded */
	IP4_CAST_UNICAST,
	IP4_CAST_BROADCAST,
	IP4_CAST_MULTICAST,
};

/* Precise input and output drop reasons (c->ip4stats). */
enum ip4stat {
	IP4STAT_SHORT,		/* shorter than the header (ipv4_check) */
	IP4STAT_BADVER,		/* version is not 4 */
	IP4STAT_BADHLEN,	/* IHL < 5 */
	IP4STAT_BADLEN,		/* total length < header or > frame */
	IP4STAT_BADFRAG,	/* offset + data past 65535 */
	IP4STAT_BADCKSUM,	/* header checksum (software or NIC) */
	IP4STAT_NOTCONTIG,	/* header split across mbuf segments */
	IP4STAT_BADSRC,		/* source broadcast or multicast */
	IP4STAT_NOTFORUS,	/* not ours and not routing */
	IP4STAT_NOPROTO,	/* no protocol for this number */
	IP4STAT_REASM,		/* a fragment: no reassembly table */
	IP4STAT_TTL,		/* forwarding: TTL <= 1 */
	IP4STAT_NOROUTE,	/* forwarding or output: no route */
	IP4STAT_NOREFLECT,	/* would leave by the arrival interface */
	IP4STAT_FWDBCAST,	/* forwarding: link broadcast or multicast */
	IP4STAT_TOOBIG,		/* larger than the MTU: fragmenting failed */
	IP4STAT_NEEDFRAG,	/* larger than the MTU with DF: ICMP 3/4 */
	IP4STAT_NOIFC,		/* route to an interface with no port */
	IP4STAT_NOHEADROOM,	/* output: no room for the IP header */
	IP4STAT_BADOUT,		/* output: unusable request (length, MAC) */
	IP4STAT_HANDOFF,	/* fragment: the reassembling core's ring full */
	IP4STAT_MULTISEG,	/* chain for a port without multi-segment TX,
				 * too large to copy into one mbuf */
	IP4STAT_MAX
};

extern const char *const ip4stat_names[IP4STAT_MAX];

/* What the IP layer tells a protocol about a datagram it delivers. */
struct ip4_rx {
	uint32_t src;			/* host order */
	uint32_t dst;			/* host order */
	uint16_t len;			/* payload bytes after the header */
	uint16_t id;
	uint16_t pidx;			/* port it arrived on */
	int16_t	 ifcno;			/* interface it arrived on */
	uint8_t	 proto;
	uint8_t	 ttl;
	uint8_t	 tos;
	uint8_t	 hlen;			/* header bytes at m's data: 20 */
	uint8_t	 cast;			/* enum ip4_cast */
	bool	 l2mcast;		/* came in a link broadcast/multicast */
	bool	 frag;			/* a fragment (not the first or MF);
					 * on delivery: was reassembled */
	bool	 first;			/* offset 0 */
};

/* An ICMP error about a datagram a protocol sent (its advise hook). */
struct ip4_advice {
	uint32_t from;			/* sender of the ICMP message */
	uint8_t	 type;			/* ICMP type, code */
	uint8_t	 code;
	uint16_t mtu;			/* next-hop MTU of 3/4, else 0 */
	const uint8_t *ip;		/* the quoted IPv4 header ... */
	size_t	 len;			/* ... and the bytes after it */
};

/*
 * A protocol above IP (9front's Proto, as far as IP needs it). input
 * consumes m, whose data starts at the IPv4 header (options removed, so
 * rx->hlen is 20); m is the received mbuf itself, or for a reassembled
 * datagram an mbuf chain (rx->frag set, pkt_len is the whole datagram);
 * advise gets the ICMP errors quoting its datagrams. Either may be NULL.
 */
struct ip4_proto {
	const char *name;
	void (*input)(struct core *c, struct rte_mbuf *m,
	    const struct ip4_rx *rx);
	void (*advise)(struct core *c, const struct ip4_advice *a);
};

/*
 * Control thread, before workers start (or tests): deliver protocol
 * number proto to p (ICMP, 1, is built in). Returns 0, -EINVAL for
 * proto 1, -EEXIST when taken. ip4_proto_unregister undoes it.
 */
int ip4_proto_register(uint8_t proto, const struct ip4_proto *p);
void ip4_proto_unregister(uint8_t proto);
const struct ip4_proto *ip4_proto_find(uint8_t proto);

/* Worker; consumes m, data at the IPv4 header, from port pidx. */
void ip4_input(struct core *c, uint16_t pidx, struct rte_mbuf *m,
    bool l2mcast);

/* What a sender asks for (the seed's optional arguments). */
struct ip4_out {
	uint32_t src;			/* host order; 0: ip4_src(dst) */
	uint32_t dst;			/* host order */
	uint8_t	 proto;
	uint8_t	 ttl;			/* 0: IP4_DEFTTL */
	uint8_t	 tos;
	bool	 df;			/* don't fragment */
};

/*
 * The seed's write: send m (data at the payload, at least IP4_HEADROOM
 * bytes of headroom) to o->dst. Routed by (dst, src); waits for ARP on
 * this core when the next hop is not resolved (the packet is held, not
 * the caller); our own destinations come back through input. A
 * datagram larger than the interface MTU is fragmented (m may be a
 * chain). Always consumes m; a packet that cannot be sent is counted: no
 * route (OutNoRoutes), no source address (OutNoRoutes), too large with
 * DF set or not fragmentable (FragFails).
 */
void ip4_write(struct core *c, const struct ip4_out *o, struct rte_mbuf *m);

/*
 * The seed's write_directly: as ip4_write, but out of interface ifcno
 * to the given MAC, with no route lookup and no ARP. o->src must be set
 * or is chosen as for ip4_write. Always consumes m.
 */
void ip4_write_directly(struct core *c, const struct ip4_out *o, int ifcno,
    const uint8_t mac[6], struct rte_mbuf *m);

/* The seed's "src ~dst": the source address for dst, 0 when none. */
uint32_t ip4_src(struct core *c, uint32_t dst);

/*
 * The seed's attempt_to_discover_destination: the next hop's MAC for
 * dst from this core's cache only (no request is sent). 0 with mac
 * filled; -ENETUNREACH without a route; -ENOENT when not resolved (or
 * pending). Broadcast and multicast destinations give their MAC.
 */
int ip4_attempt_to_discover(struct core *c, uint32_t dst, uint8_t mac[6]);

/*
 * Worker; consumes m, a complete IPv4 datagram we originate (data at the
 * header; checksum not needed): route it by (dst, src) and send it. The
 * common tail of ip4_write, echo replies and ICMP errors.
 */
void ip4_output(struct core *c, struct rte_mbuf *m);

/*
 * Worker; consumes m: ip4_output with the route already looked up (rt is
 * what core_route4 gives for the header's destination and source, NULL
 * when it found none), for a caller that needed the route first.
 */
void ip4_output_route(struct core *c, struct rte_mbuf *m,
    const struct core_route *rt);

/*
 * Worker; consumes m (data at the IPv4 header, 20 bytes, filled but the
 * checksum): finish the header checksum (offload or software) for port
 * pidx and send it to nexthop on ifcno through ARP. Larger than the
 * MTU: fragmented, or with DF an ICMP 3/4 to ourselves and a drop.
 */
void ip4_send_ifc(struct core *c, int ifcno, uint16_t pidx,
    uint32_t nexthop, struct rte_mbuf *m);

/*
 * Worker; consumes m: a fragment another core handed over (data at its
 * IPv4 header, already checked there), which arrived on port pidx.
 * Reassembles it here and delivers or forwards the datagram it completes.
 */
void ip4_frag_input(struct core *c, struct rte_mbuf *m, uint16_t pidx,
    bool l2mcast);

/*
 * Worker, every tick: expire c's reassembly table (ReasmTimeout, and
 * ICMP 11/1 to the sender of a datagram whose fragment 0 was held).
 */
void ip4_frag_timer(struct core *c);

/* Worker: the next IP identification of this core. */
uint16_t ip4_next_id(struct core *c);

#endif /* STACK_IP4_H */
