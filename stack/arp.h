/* SPDX-License-Identifier: MIT */
/*
 * ARP (RFC 826) on the workers, with 9front's cache rules
 * (spec/plan9-ip.md §5.3): each worker keeps its own cache of 256
 * entries in 64 hash chains (DESIGN.md §3), replaced least recently used
 * first; states OK and WAIT; an OK entry is trusted for 15 minutes after
 * it was resolved or refreshed; output to a WAIT entry holds the packet
 * (bounded per entry and per core), sends a request at most once a second
 * and cuts the hold list to the newest packet each time one goes out; a
 * WAIT entry dies 3 s after its last request and its held packets become
 * ICMP host unreachable. A request for one of our addresses (or one we
 * proxy) creates the sender's entry and is answered; any other ARP only
 * refreshes an entry that exists. What a core learns is posted to every
 * other core and to the control thread (stack/msg.h), which keeps the
 * merged view the arp file prints.
 *
 * Worker threads only, each on its own struct core; no locks, no
 * allocation beyond mbufs from the port's pool, no clock (time is c->now).
 */
#ifndef STACK_ARP_H
#define STACK_ARP_H

#include <stdbool.h>
#include <stdint.h>

struct core;
struct msg;
struct rte_mbuf;

enum {
	ARPC_NCACHE = 256,		/* entries per core (9front NCACHE) */
	ARPC_NHASH = 64,			/* hash chains */
	ARPC_HOLD_ENTRY = 16,		/* packets held per WAIT entry */
	ARPC_HOLD_CORE = 512,		/* packets held per core */
	ARPC_MAXAGE_S = 15 * 60,		/* OK entry lifetime, seconds */
	ARPC_RETRANS_MS = 1000,		/* between requests, ms */
	ARPC_WAIT_MS = 3000,		/* WAIT lifetime after a request, ms */
	ARPC_NONE = 0xffff,		/* end of an index list */
};

enum arp_state {
	ARPC_FREE = 0,
	ARPC_OK = 1,
	ARPC_WAIT = 2,
};

/* Why ARP frames or held packets went where they did (c->arp.stats). */
enum arpstat {
	ARPSTAT_IN,		/* ARP packets received */
	ARPSTAT_BAD,		/* refused by arp_check */
	ARPSTAT_NOIFC,		/* port not bound to an interface */
	ARPSTAT_BCASTSHA,	/* sender MAC broadcast/multicast: ignored */
	ARPSTAT_OWNSHA,		/* sender MAC is ours: ignored */
	ARPSTAT_CONFLICT,	/* another MAC claims one of our addresses */
	ARPSTAT_REPLIED,	/* replies we sent */
	ARPSTAT_LEARNED,	/* entries created from a request for us */
	ARPSTAT_REFRESHED,	/* entries updated by other ARP */
	ARPSTAT_IGNORED,	/* not for us, no entry to refresh */
	ARPSTAT_REQUESTS,	/* requests we sent */
	ARPSTAT_GARPS,		/* gratuitous requests we sent */
	ARPSTAT_HELD,		/* packets put on a hold list */
	ARPSTAT_SENTHELD,	/* held packets sent on resolution */
	ARPSTAT_HOLDCUT,	/* held packets dropped by the cut rule */
	ARPSTAT_HOLDFULL,	/* dropped: entry or core hold limit */
	ARPSTAT_TIMEOUT,	/* WAIT entries removed after 3 s */
	ARPSTAT_UNREACH,	/* held packets turned into ICMP unreachable */
	ARPSTAT_EVICTED,	/* entries replaced (LRU) */
	ARPSTAT_AGED,		/* OK entries older than 15 min re-resolved */
	ARPSTAT_FLUSHED,	/* held packets freed by del/flush/unbind */
	ARPSTAT_NOMBUF,		/* no mbuf for a request or reply */
	ARPSTAT_MAX
};

extern const char *const arpstat_names[ARPSTAT_MAX];

/* One cache slot. Times are TSC; 0 means never. */
struct arp_ent {
	uint32_t ip;			/* host order */
	int16_t	 ifcno;
	uint16_t pidx;			/* port of ifcno when made */
	uint16_t hnext;			/* hash chain, ARPC_NONE ends */
	uint16_t hold_head;		/* oldest held packet, ARPC_NONE */
	uint16_t hold_tail;		/* newest held packet */
	uint16_t nhold;
	uint8_t	 state;			/* enum arp_state */
	uint8_t	 asked;			/* a request went out (rtime valid) */
	uint8_t	 mac[6];
	uint64_t ctime;			/* resolved or refreshed */
	uint64_t utime;			/* last use (LRU) */
	uint64_t rtime;			/* last request sent (WAIT) */
};

/* A held packet: data starts at its IPv4 header. */
struct arp_hold {
	struct rte_mbuf *m;
	uint16_t next;			/* same entry, or the free list */
};

/* Everything ARP on one core; embedded in struct core. */
struct arp_cache {
	uint16_t hash[ARPC_NHASH];	/* first slot of each chain */
	uint16_t hold_free;		/* free hold slots */
	uint16_t nheld;			/* packets held on this core */
	struct arp_ent ent[ARPC_NCACHE];
	struct arp_hold hold[ARPC_HOLD_CORE];
	uint64_t stats[ARPSTAT_MAX];
};

/* What arp_lookup reports about one binding. */
struct arp_binding {
	uint8_t mac[6];
	uint8_t state;			/* ARPC_OK or ARPC_WAIT */
	uint8_t nhold;
};

/* Empty c's cache (core_init). */
void arp_init(struct core *c);

/*
 * Worker; consumes m (data at the ARP packet, Ethernet header removed)
 * that arrived on port pidx.
 */
void arp_input(struct core *c, uint16_t pidx, struct rte_mbuf *m);

/*
 * Worker; consumes m (data at an IPv4 header that is complete: checksum
 * filled or offload flags set) and sends it to nexthop (host order) on
 * interface ifcno, port pidx: at once when the cache has an OK entry,
 * else held while a request is made (see the file comment).
 */
void arp_output(struct core *c, int ifcno, uint16_t pidx, uint32_t nexthop,
    struct rte_mbuf *m);

/*
 * Worker: the cached MAC of nexthop on ifcno without sending anything
 * (the seed's attempt_to_discover_destination). 0 and mac filled for a
 * fresh OK entry; -ENOENT when absent, pending or aged.
 */
int arp_probe(struct core *c, int ifcno, uint32_t nexthop, uint8_t mac[6]);

/* Tests and debugging: 0 and *b filled when c has an entry. */
int arp_lookup(const struct core *c, int ifcno, uint32_t ip,
    struct arp_binding *b);

/*
 * Worker: send a gratuitous ARP request (sender = target = ip) on
 * interface ifcno from its port's MAC.
 */
void arp_garp(struct core *c, int ifcno, uint32_t ip);

/* Worker: apply one ARP message (MSG_ARP_*, MSG_GARP). */
void arp_msg(struct core *c, const struct msg *m);

/* Worker, every tick: remove WAIT entries 3 s after their last request. */
void arp_timer(struct core *c);

/* Worker: forget every entry of ifcno (unbound or moved to another port). */
void arp_flush_ifc(struct core *c, int ifcno);

/* Worker, at stop: free every held packet. */
void arp_fini(struct core *c);

#endif /* STACK_ARP_H */
