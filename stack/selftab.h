/* SPDX-License-Identifier: MIT */
/*
 * The self table of the control-plane model (9front Ipselftab,
 * spec/plan9-ip.md §4): every address the stack answers to (its unicast
 * addresses, subnet and limited broadcasts, joined multicast groups), each
 * linked to the logical interfaces (lifcs) that reference it. 64 hash
 * chains by (a[14] + a[15]) % 64, newest entry first, which is the
 * /net/ipselftab print order.
 *
 * Control thread only; owns the entries and links (malloc). 9front keeps a
 * removed entry on a free list for 5 s so that readers still using it do
 * not crash; the model has no concurrent readers, so entries are freed at
 * once (they no longer show either way).
 */
#ifndef STACK_SELFTAB_H
#define STACK_SELFTAB_H

#include <stddef.h>
#include <stdint.h>

struct lifc;

enum {
	SELF_NHASH = 64,
};

struct selflink;

struct selfent {
	uint8_t a[16];
	unsigned type;		/* RT_UNI/BCAST/MULTI, RT_V4, RT_PROXY */
	struct selflink *link;	/* lifcs using it, newest first */
	struct selfent *next;	/* hash chain */
};

/* One (address, lifc) pair, on two lists at once. */
struct selflink {
	struct selfent *self;
	struct lifc *lifc;
	int ref;
	struct selflink *selflink;	/* next link of the same address */
	struct selflink *lifclink;	/* next link of the same lifc */
};

struct selftab {
	struct selfent *hash[SELF_NHASH];
	int acceptall;		/* the null address is configured */
	size_t n;		/* entries */
};

static inline unsigned
selftab_hash(const uint8_t a[16])
{
	return (unsigned)(a[14] + a[15]) % SELF_NHASH;
}

void selftab_init(struct selftab *t);
void selftab_free(struct selftab *t);

struct selfent *selftab_find(const struct selftab *t, const uint8_t a[16]);

/* A new entry at the head of its chain; NULL when out of memory. */
struct selfent *selftab_insert(struct selftab *t, const uint8_t a[16],
    unsigned type);

/* Unlink e from its chain and free it (its link list must be empty). */
void selftab_remove(struct selftab *t, struct selfent *e);

/* 9front ipforme: the kind bits of a, RT_UNI for anything when accept-all
 * is set, 0 when not ours. */
unsigned selftab_forme(const struct selftab *t, const uint8_t a[16]);

/* Number of lifcs linked to e. */
int selftab_nlinks(const struct selfent *e);

/* Visit entries in print order. */
void selftab_walk(const struct selftab *t,
    void (*fn)(void *arg, const struct selfent *e), void *arg);

#endif /* STACK_SELFTAB_H */
