/* SPDX-License-Identifier: MIT */
/*
 * The control thread's merged ARP/ND view (spec/plan9-ip.md §5): the 256
 * slots that /net/arp prints, fed by the ctl writes of the arp file and by
 * the bindings workers learn (each worker keeps its own cache and reports
 * what it learns; DESIGN.md §3). Entries are per (ifc, ifcid, ip), IPv4
 * stored v4-mapped, in 64 hash chains; a new entry takes an unused slot or
 * else the least recently updated one, as 9front's newarpent does.
 *
 * Control thread only. The slots are a fixed array inside struct stack.
 * Recency is a logical counter (one tick per update), not a clock, so the
 * replacement order does not depend on who supplied the time.
 */
#ifndef STACK_ARPTAB_H
#define STACK_ARPTAB_H

#include <stdint.h>

struct stack;

enum {
	ARPT_NCACHE = 256,
	ARPT_NHASH = 64,
	ARP_UNUSED = 0,
	ARPT_OK = 1,
	ARPT_WAIT = 2,
};

struct arpent {
	uint8_t ip[16];
	uint8_t mac[6];		/* WAIT: whatever the slot held before */
	uint8_t state;		/* ARPT_OK, ARPT_WAIT, 0 unused */
	int ifcno;		/* -1 when unused */
	uint32_t ifcid;		/* the ifc's bind generation then */
	uint64_t utime;		/* logical time of the last update */
	uint64_t ctime;		/* ms (caller's clock), last resolve */
	struct arpent *hash;
};

struct arptab {
	struct arpent cache[ARPT_NCACHE];
	struct arpent *hash[ARPT_NHASH];
	uint64_t tick;
};

void arptab_init(struct arptab *t);

/* The entry for (ifcno, ifcid, ip), NULL when none. */
struct arpent *arptab_lookup(struct arptab *t, int ifcno, uint32_t ifcid,
    const uint8_t ip[16]);

/* A fresh entry for (ifcno, ifcid, ip) in an unused or the least recently
 * updated slot (whatever that slot held is dropped). */
struct arpent *arptab_new(struct arptab *t, int ifcno, uint32_t ifcid,
    const uint8_t ip[16]);

/* Resolve e to mac (state OK) at now_ms. */
void arptab_resolve(struct arptab *t, struct arpent *e, const uint8_t mac[6],
    uint64_t now_ms);

/* Empty one slot, every slot, or every slot holding ip (any ifc). */
void arptab_clean(struct arptab *t, struct arpent *e);
void arptab_flush(struct arptab *t);
void arptab_delip(struct arptab *t, const uint8_t ip[16]);

/*
 * The daemon's side, called when a worker reports: ip (16 bytes,
 * v4-mapped for IPv4) on interface ifcno resolved to mac (learn), is being
 * resolved (waiting: a WAIT entry, the slot's old MAC bytes kept), or was
 * given up (forget: the WAIT entry of that ifc is dropped; OK entries
 * stay). Reports for an unbound ifcno are ignored.
 */
void arptab_learn(struct stack *st, int ifcno, const uint8_t ip[16],
    const uint8_t mac[6], uint64_t now_ms);
void arptab_waiting(struct stack *st, int ifcno, const uint8_t ip[16],
    uint64_t now_ms);
void arptab_forget(struct stack *st, int ifcno, const uint8_t ip[16]);

#endif /* STACK_ARPTAB_H */
