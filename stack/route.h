/* SPDX-License-Identifier: MIT */
/*
 * The route table of the control-plane model, built the way 9front's
 * iproute.c builds it (spec/plan9-ip.md §3.6) so that reading /net/iproute
 * lists routes in the same order: per family a forest of 1024 trees keyed
 * by bits of the start address; in a tree, left and right hold disjoint
 * lower and higher ranges and mid holds ranges inside the node (or the same
 * destination with another source range). A route spanning several buckets
 * is copied into each. Insertion, removal, re-insertion of displaced
 * subtrees and the depth-based rebalancing follow the same steps as 9front,
 * because the resulting shapes decide the print order.
 *
 * Control thread only. The table owns its nodes (malloc); workers never see
 * it, they get struct fib snapshots (stack/fib.h).
 */
#ifndef STACK_ROUTE_H
#define STACK_ROUTE_H

#include <stddef.h>
#include <stdint.h>

/* Route type bits (9front ip.h). Only Rsrc is never printed. */
enum {
	RT_V4 = 1 << 0,		/* '4' (else '6') */
	RT_IFC = 1 << 1,	/* 'i' route to a directly connected ifc */
	RT_PTPT = 1 << 2,	/* 'p' */
	RT_UNI = 1 << 3,	/* 'u' one of our unicast addresses */
	RT_BCAST = 1 << 4,	/* 'b' */
	RT_MULTI = 1 << 5,	/* 'm' */
	RT_PROXY = 1 << 6,	/* 'y' proxy ARP */
	RT_TRANS = 1 << 7,	/* 't' source NAT */
	RT_SRC = 1 << 8,	/* non-zero source mask (internal) */
};

enum {
	ROUTE_LROOT = 10,
	ROUTE_NHASH = 1 << ROUTE_LROOT,	/* trees per family */
	ROUTE_TAGLEN = 4,
	ROUTE_TYPESTRLEN = 8,		/* flag string plus NUL */
};

/*
 * One route (one copy per bucket it spans). Ranges are inclusive; an IPv4
 * route uses word 0 of each array only. The gateway is kept as 16 bytes,
 * v4-mapped for IPv4.
 */
struct route {
	struct route *left;
	struct route *right;
	struct route *mid;
	struct route *qnext;	/* re-insertion queue link */
	int depth;
	int ref;
	unsigned type;
	int ifcno;
	uint32_t ifcid;
	char tag[ROUTE_TAGLEN];	/* not NUL-terminated when 4 long */
	uint32_t a[4];		/* destination start */
	uint32_t e[4];		/* destination end */
	uint32_t s[4];		/* source start */
	uint32_t es[4];		/* source end */
	uint8_t gate[16];
};

struct route_table {
	struct route *v4root[ROUTE_NHASH];
	struct route *v6root[ROUTE_NHASH];
	struct route *queue;	/* subtrees waiting to be re-inserted */
	uint64_t gen;		/* bumped by every add and delete */
	size_t nnodes;		/* nodes allocated (copies included) */
};

void route_init(struct route_table *t);
void route_free(struct route_table *t);

/*
 * 9front mkroute: a route value from 16-byte addresses (a/mask the
 * destination, s/smask the source, gate the next hop). With RT_V4 in type
 * only bytes 12..15 of each are used. tag may be NULL (empty tag).
 */
void route_mk(struct route *r, const uint8_t a[16], const uint8_t mask[16],
    const uint8_t s[16], const uint8_t smask[16], const uint8_t gate[16],
    unsigned type, int ifcno, uint32_t ifcid, const char *tag);

/* Add r (copied into every bucket it spans) or merge it with an equal
 * route (§3.4). Returns 0, or -1 when out of memory (nothing changed). */
int route_add(struct route_table *t, const struct route *r);

/* Delete the routes equal to r (§3.5) in every bucket; missing is fine. */
void route_del(struct route_table *t, const struct route *r);

/* flush [tag]: every non-'i' route whose tag matches (strncmp over 4
 * bytes), or all non-'i' routes when tag is NULL. */
void route_flush_tag(struct route_table *t, const char *tag);

/* Every route through interface ifcno, 'i' routes included. */
void route_flush_ifc(struct route_table *t, int ifcno);

/* 9front v4lookup/v6lookup: the route for dst from src (16-byte
 * addresses; an IPv4 src with an IPv4 dst goes to the IPv4 table, an IPv4
 * src with an IPv6 dst finds nothing). NULL when there is none. */
const struct route *route_lookup(const struct route_table *t,
    const uint8_t dst[16], const uint8_t src[16]);
const struct route *route_lookup4(const struct route_table *t, uint32_t dst,
    uint32_t src);

/*
 * Visit every route once, in the order /net/iproute prints them: IPv4
 * buckets 0..1023 then IPv6, each tree in order (left, node, mid, right),
 * a node only in the bucket of its own start address.
 */
void route_walk(const struct route_table *t,
    void (*fn)(void *arg, const struct route *r), void *arg);

/*
 * Visit the routes on the lookup path of dst (all routes whose destination
 * range holds dst, least specific first), whatever their source range;
 * this is the walk of 9front v4source/v6source.
 */
void route_path(const struct route_table *t, const uint8_t dst[16],
    void (*fn)(void *arg, const struct route *r), void *arg);

/* 16-byte forms of a route's fields, as convroute prints them. */
void route_fields(const struct route *r, uint8_t addr[16], uint8_t mask[16],
    uint8_t src[16], uint8_t smask[16], uint8_t gate[16]);

/* The flag string of type (§3.2) into p (ROUTE_TYPESTRLEN bytes). */
void route_typestr(unsigned type, char p[ROUTE_TYPESTRLEN]);

/* parseroutetype: a flag string to type bits, -1 when malformed. */
int route_parsetype(const char *p);

/* The bucket of an IPv4 start address (host order). */
static inline unsigned
route_v4hash(uint32_t a)
{
	return (a & 0x07ffffff) >> (32 - ROUTE_LROOT - 5);
}

#endif /* STACK_ROUTE_H */
