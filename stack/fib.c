/* SPDX-License-Identifier: MIT */
/*
 * Building and reading struct fib (stack/fib.h). stack_build_fib runs on
 * the control thread and allocates the snapshot (a handful of arrays owned
 * by struct fib, freed together by fib_free); the lookups run on workers,
 * read only, and never allocate.
 *
 * IPv4 routes are grouped by destination prefix; a group lists its routes
 * most specific source first and carries its fallback, the group of the
 * next shorter prefix that covers it. A 16-8-8 multibit trie maps a
 * destination to the group of its longest prefix: a 65536-entry root
 * table, then 256-entry chunks for prefixes longer than /16 and /24.
 * Groups are painted into the trie shortest prefix first, so the entry a
 * group overwrites at its start is exactly its fallback. A /32 group whose
 * address is in the self table carries that address's local kind, so that
 * the input path learns "is it ours?" from the same trie walk as the route
 * (fib_lookup4_local).
 */
#include <stdlib.h>
#include <string.h>

#include "stack/fib.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

enum {
	FIB_CHUNK = 0x80000000u,	/* entry is a chunk index */
	FIB_ROOTBITS = 16,
	FIB_NROOT = 1 << FIB_ROOTBITS,
	FIB_NCHUNK = 256,
};

struct fib_group {
	uint32_t first;		/* index of its first route */
	uint32_t n;
	int32_t fallback;	/* group of the next shorter prefix, -1 */
	uint8_t self;		/* /32 of a self address: its enum
				 * fib_local, else 0 */
};

struct fib_self {
	uint32_t addr;
	uint8_t kind;		/* enum fib_local; 0: empty slot */
};

struct fib {
	uint64_t gen;
	int iprouting;
	uint32_t primary4;	/* findprimaryipv4 */
	struct fib_ifc ifc[FIB_MAXIFC];
	struct fib_lifc4 *lifc4;
	uint32_t nroutes;
	struct fib_route *routes;
	uint32_t ngroups;
	struct fib_group *groups;
	uint32_t *root;		/* FIB_NROOT entries */
	uint32_t nchunks;
	uint32_t *chunks;	/* nchunks * FIB_NCHUNK entries */
	uint32_t selfmask;	/* self hash slots - 1 */
	struct fib_self *self;
	int acceptall;
	int selfintrie;		/* every self address has a /32 group */
	int notself;		/* fib_local4 of an address not in the
				 * self table: FIB_NOTLOCAL or _ANY */
};

static uint32_t
fib_getl(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
fib_prefixlen(uint32_t mask)
{
	int n;

	for (n = 0; n < 32 && (mask & (0x80000000u >> n)) != 0; n++)
		;
	return n == 32 || (mask << n) == 0 ? n : -1;
}

void
fib_free(struct fib *f)
{
	if (f == NULL)
		return;
	free(f->lifc4);
	free(f->routes);
	free(f->groups);
	free(f->root);
	free(f->chunks);
	free(f->self);
	free(f);
}

/* Build state: routes in iproute listing order (seq), then sorted. */
struct fib_sortent {
	struct fib_route r;
	uint32_t seq;
};

struct fib_build {
	struct fib_sortent *v;
	uint32_t n;
	uint32_t cap;
	uint32_t seq;
	int failed;
};

static void
fib_collect(void *arg, const struct route *r)
{
	struct fib_build *b = arg;
	struct fib_sortent *e;
	uint8_t addr[16], mask[16], src[16], smask[16], gate[16];
	uint32_t dmask;
	int dlen;

	b->seq++;
	if ((r->type & RT_V4) == 0 || b->failed)
		return;
	route_fields(r, addr, mask, src, smask, gate);
	dmask = fib_getl(mask + 12);
	if ((dlen = fib_prefixlen(dmask)) < 0)
		return;
	if (b->n == b->cap) {
		uint32_t ncap = b->cap == 0 ? 64 : b->cap * 2;
		struct fib_sortent *n;

		if ((n = realloc(b->v, ncap * sizeof(*n))) == NULL) {
			b->failed = 1;
			return;
		}
		b->v = n;
		b->cap = ncap;
	}
	e = &b->v[b->n++];
	e->seq = b->seq;
	e->r.dst = r->a[0];
	e->r.dmask = dmask;
	e->r.dlen = (uint8_t)dlen;
	e->r.src = r->s[0];
	e->r.smask = fib_getl(smask + 12);
	e->r.gate = fib_getl(gate + 12);
	e->r.ifcno = (int16_t)r->ifcno;
	e->r.type = (uint16_t)(r->type & 0xff);
}

/*
 * Shortest prefix first, then address; within one destination the route
 * 9front's tree holds deepest comes first. Routes with one destination
 * form a chain of mids in the tree (a wider source above a narrower one,
 * disjoint sources in the order added), which the listing prints top
 * down, so deepest first is the reverse listing order. The first route
 * of a group whose source matches is then exactly the one 9front's
 * lookup remembers last, and the first that yields an address is the
 * one its source selection keeps.
 */
static int
fib_routecmp(const void *va, const void *vb)
{
	const struct fib_sortent *a = va, *b = vb;

	if (a->r.dlen != b->r.dlen)
		return a->r.dlen < b->r.dlen ? -1 : 1;
	if (a->r.dst != b->r.dst)
		return a->r.dst < b->r.dst ? -1 : 1;
	return a->seq > b->seq ? -1 : a->seq < b->seq;
}

static int32_t
fib_entrygroup(uint32_t e)
{
	return (int32_t)e - 1;
}

/* The chunk entry e points at, creating it (filled with e's group) when
 * e is a group. */
static uint32_t *
fib_chunkof(struct fib *f, uint32_t *e)
{
	uint32_t *c;
	int i;

	if ((*e & FIB_CHUNK) == 0) {
		c = &f->chunks[(size_t)f->nchunks * FIB_NCHUNK];
		for (i = 0; i < FIB_NCHUNK; i++)
			c[i] = *e;
		*e = FIB_CHUNK | f->nchunks++;
		return c;
	}
	return &f->chunks[(size_t)(*e & ~FIB_CHUNK) * FIB_NCHUNK];
}

/* Paint group g (prefix dst/len) into the trie; returns what its start
 * held before, as a group index or -1. */
static int32_t
fib_paint(struct fib *f, uint32_t g, uint32_t dst, int len)
{
	uint32_t *t, v, start, n, i;
	int32_t prev;

	v = g + 1;
	if (len <= 16) {
		t = f->root;
		start = dst >> 16;
		n = 1u << (16 - len);
	} else {
		t = fib_chunkof(f, &f->root[dst >> 16]);
		if (len <= 24) {
			start = (dst >> 8) & 0xff;
			n = 1u << (24 - len);
		} else {
			t = fib_chunkof(f, &t[(dst >> 8) & 0xff]);
			start = dst & 0xff;
			n = 1u << (32 - len);
		}
	}
	prev = fib_entrygroup(t[start]);
	for (i = 0; i < n; i++)
		t[start + i] = v;
	return prev;
}

static int
fib_buildtrie(struct fib *f, struct fib_build *b)
{
	struct fib_route *r;
	uint32_t i, j, nl2, nl3, g;

	if (b->n > 0)
		qsort(b->v, b->n, sizeof(*b->v), fib_routecmp);
	f->nroutes = b->n;
	f->routes = malloc((b->n + 1) * sizeof(*f->routes));
	f->groups = malloc((b->n + 1) * sizeof(*f->groups));
	if (f->routes == NULL)
		return -1;
	for (i = 0; i < b->n; i++)
		f->routes[i] = b->v[i].r;
	f->root = calloc(FIB_NROOT, sizeof(*f->root));
	if (f->groups == NULL || f->root == NULL)
		return -1;
	nl2 = nl3 = 0;
	for (i = 0; i < f->nroutes; i = j) {
		r = &f->routes[i];
		for (j = i + 1; j < f->nroutes &&
		    f->routes[j].dlen == r->dlen && f->routes[j].dst == r->dst;
		    j++)
			;
		f->groups[f->ngroups].first = i;
		f->groups[f->ngroups].n = j - i;
		f->groups[f->ngroups].self = 0;
		f->ngroups++;
		nl2 += r->dlen > 16;
		nl3 += r->dlen > 24;
	}
	if (nl2 + nl3 > 0) {
		f->chunks = malloc((size_t)(nl2 + nl3) * FIB_NCHUNK *
		    sizeof(*f->chunks));
		if (f->chunks == NULL)
			return -1;
	}
	for (g = 0; g < f->ngroups; g++) {
		r = &f->routes[f->groups[g].first];
		f->groups[g].fallback = fib_paint(f, g, r->dst, r->dlen);
	}
	return 0;
}

static void fib_markself(struct fib *f);

static uint32_t
fib_hash(uint32_t a)
{
	a ^= a >> 16;
	a *= 0x7feb352du;
	a ^= a >> 15;
	return a;
}

static int
fib_buildself(struct fib *f, const struct selftab *t)
{
	const struct selfent *e;
	uint32_t n, size, a, i;
	int h;
	uint8_t kind;

	n = 0;
	for (h = 0; h < SELF_NHASH; h++)
		for (e = t->hash[h]; e != NULL; e = e->next)
			n += ip_isv4(e->a) != 0;
	for (size = 16; size < 2 * n; size *= 2)
		;
	if ((f->self = calloc(size, sizeof(*f->self))) == NULL)
		return -1;
	f->selfmask = size - 1;
	for (h = 0; h < SELF_NHASH; h++)
		for (e = t->hash[h]; e != NULL; e = e->next) {
			if (!ip_isv4(e->a))
				continue;
			if (e->type & RT_UNI)
				kind = FIB_LOCAL_UNI;
			else if (e->type & RT_BCAST)
				kind = FIB_LOCAL_BCAST;
			else if (e->type & RT_MULTI)
				kind = FIB_LOCAL_MULTI;
			else
				continue;
			a = fib_getl(e->a + 12);
			i = fib_hash(a) & f->selfmask;
			while (f->self[i].kind != 0)
				i = (i + 1) & f->selfmask;
			f->self[i].addr = a;
			f->self[i].kind = kind;
		}
	f->acceptall = t->acceptall;
	return 0;
}

static int
fib_buildifc(struct fib *f, const struct stack *st)
{
	const struct ipifc *ifc;
	const struct lifc *lifc;
	struct fib_lifc4 *l;
	struct fib_ifc *fi;
	uint32_t n, k;
	int i, primary;

	n = 0;
	for (i = 0; i < STACK_MAXIFC; i++)
		for (lifc = st->ifc[i].lifc; lifc != NULL; lifc = lifc->next)
			n++;
	if (n > 0 && (f->lifc4 = calloc(n, sizeof(*f->lifc4))) == NULL)
		return -1;
	k = 0;
	primary = 0;
	for (i = 0; i < STACK_MAXIFC; i++) {
		ifc = &st->ifc[i];
		fi = &f->ifc[i];
		for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
			if ((lifc->type & RT_V4) != 0 && !primary) {
				f->primary4 = ip_isv4(lifc->local) ?
				    fib_getl(lifc->local + 12) : 0;
				primary = 1;
			}
		}
		if (ifc->m == NULL)
			continue;
		fi->medium = ifc->m->kind == IPIFC_ETHER ? FIB_ETHER :
		    FIB_LOOPBACK;
		fi->reflect = ifc->reflect != 0;
		fi->reassemble = ifc->reassemble != 0;
		fi->promisc = ifc->promisc != 0;
		if (ifc->port >= 0) {
			fi->port_id = st->ports[ifc->port].port_id;
			memcpy(fi->mac, ifc->mac, 6);
		}
		fi->mtu = (uint32_t)(ifc->maxtu - ifc->m->hsize);
		fi->ifcid = ifc->ifcid;
		fi->lifc4 = f->lifc4 != NULL ? &f->lifc4[k] : NULL;
		for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
			if ((lifc->type & RT_V4) == 0 || !ip_isv4(lifc->local))
				continue;
			l = &f->lifc4[k++];
			l->local = fib_getl(lifc->local + 12);
			l->mask = fib_getl(lifc->mask + 12);
			l->remote = fib_getl(lifc->remote + 12);
			l->net = fib_getl(lifc->net + 12);
			l->bcast = l->local | ~l->mask;
			l->type = (uint16_t)(lifc->type &
			    (RT_PTPT | RT_PROXY | RT_TRANS));
			fi->nlifc4++;
		}
	}
	return 0;
}

struct fib *
stack_build_fib(const struct stack *st)
{
	struct fib_build b;
	struct fib *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->gen = stack_generation(st);
	f->iprouting = st->iprouting != 0;
	memset(&b, 0, sizeof(b));
	route_walk(&st->rt, fib_collect, &b);
	if (b.failed || fib_buildtrie(f, &b) < 0 ||
	    fib_buildself(f, &st->self) < 0 || fib_buildifc(f, st) < 0) {
		free(b.v);
		fib_free(f);
		return NULL;
	}
	free(b.v);
	fib_markself(f);
	return f;
}

uint64_t
fib_generation(const struct fib *f)
{
	return f->gen;
}

int
fib_iprouting(const struct fib *f)
{
	return f->iprouting;
}

const struct fib_ifc *
fib_ifc(const struct fib *f, int ifcno)
{
	if (f == NULL || ifcno < 0 || ifcno >= FIB_MAXIFC)
		return NULL;
	return &f->ifc[ifcno];
}

int
fib_ifc_port(const struct fib *f, int ifcno, uint16_t *port_id)
{
	const struct fib_ifc *fi;

	if ((fi = fib_ifc(f, ifcno)) == NULL || fi->medium != FIB_ETHER)
		return -1;
	*port_id = fi->port_id;
	return 0;
}

int
fib_port_ifc(const struct fib *f, uint16_t port_id)
{
	int i;

	if (f == NULL)
		return -1;
	for (i = 0; i < FIB_MAXIFC; i++)
		if (f->ifc[i].medium == FIB_ETHER &&
		    f->ifc[i].port_id == port_id)
			return i;
	return -1;
}

static inline int32_t
fib_group4(const struct fib *f, uint32_t dst)
{
	uint32_t e;

	e = f->root[dst >> 16];
	if (e & FIB_CHUNK) {
		e = f->chunks[(size_t)(e & ~FIB_CHUNK) * FIB_NCHUNK +
		    ((dst >> 8) & 0xff)];
		if (e & FIB_CHUNK)
			e = f->chunks[(size_t)(e & ~FIB_CHUNK) * FIB_NCHUNK +
			    (dst & 0xff)];
	}
	return fib_entrygroup(e);
}

const struct fib_route *
fib_lookup4(const struct fib *f, uint32_t dst, uint32_t src)
{
	const struct fib_group *gp;
	const struct fib_route *r, *end;
	int32_t g;

	for (g = fib_group4(f, dst); g >= 0; g = gp->fallback) {
		gp = &f->groups[g];
		r = &f->routes[gp->first];
		/* src within [r->src, r->src + ~smask] in one compare. */
		for (end = r + gp->n; r < end; r++)
			if (src - r->src <= ~r->smask)
				return r;
	}
	return NULL;
}

int
fib_local4(const struct fib *f, uint32_t addr)
{
	uint32_t i;

	for (i = fib_hash(addr) & f->selfmask; f->self[i].kind != 0;
	    i = (i + 1) & f->selfmask)
		if (f->self[i].addr == addr)
			return f->self[i].kind;
	return f->acceptall ? FIB_LOCAL_ANY : FIB_NOTLOCAL;
}

/*
 * After the build: give each self address's /32 group the answer
 * fib_local4 gives for it. When some self address has no /32 route of
 * its own (a self route removed by hand), fib_lookup4_local cannot trust
 * the trie alone and probes the self table instead.
 */
static void
fib_markself(struct fib *f)
{
	const struct fib_route *r;
	uint32_t i, a;
	int32_t g;

	f->selfintrie = 1;
	f->notself = f->acceptall ? FIB_LOCAL_ANY : FIB_NOTLOCAL;
	for (i = 0; i <= f->selfmask; i++) {
		if (f->self[i].kind == 0)
			continue;
		a = f->self[i].addr;
		g = fib_group4(f, a);
		r = g >= 0 ? &f->routes[f->groups[g].first] : NULL;
		if (r == NULL || r->dlen != 32 || r->dst != a) {
			f->selfintrie = 0;
			continue;
		}
		f->groups[g].self = (uint8_t)fib_local4(f, a);
	}
}

/* fib_lookup4_local when the trie cannot say what is ours. Kept out of
 * line so that the usual case needs no stack frame. */
static __attribute__((noinline)) const struct fib_route *
fib_lookup4_local_slow(const struct fib *f, uint32_t dst, uint32_t src,
    int *local)
{
	*local = fib_local4(f, dst);
	return fib_lookup4(f, dst, src);
}

const struct fib_route *
fib_lookup4_local(const struct fib *f, uint32_t dst, uint32_t src,
    int *local)
{
	const struct fib_group *gp;
	const struct fib_route *r, *end;
	int32_t g;

	if (!f->selfintrie)
		return fib_lookup4_local_slow(f, dst, src, local);
	if ((g = fib_group4(f, dst)) < 0) {
		*local = f->notself;
		return NULL;
	}
	gp = &f->groups[g];
	*local = gp->self != 0 ? gp->self : f->notself;
	for (;;) {
		r = &f->routes[gp->first];
		for (end = r + gp->n; r < end; r++)
			if (src - r->src <= ~r->smask)
				return r;
		if (gp->fallback < 0)
			return NULL;
		gp = &f->groups[gp->fallback];
	}
}

static int
fib_comprefix(uint32_t a, uint32_t b)
{
	uint32_t x = a ^ b;

	return x == 0 ? 32 : __builtin_clz(x);
}

static int
fib_leadones(uint32_t m)
{
	return m == 0xffffffffu ? 32 : __builtin_clz(~m);
}

/* 9front ipv4local over an interface's addresses; -1 when none fits. */
static int
fib_v4local(const struct fib_ifc *fi, uint32_t *local, int prefixlen,
    uint32_t remote)
{
	const struct fib_lifc4 *l;
	uint32_t i;
	int a, b;

	b = -1;
	for (i = 0; i < fi->nlifc4; i++) {
		l = &fi->lifc4[i];
		if (prefixlen != 0 && fib_comprefix(l->local, *local) <
		    prefixlen)
			continue;
		a = fib_comprefix(l->local, remote);
		if (a > b) {
			b = a;
			*local = l->local;
		}
	}
	return b;
}

uint32_t
fib_srcaddr4(const struct fib *f, uint32_t dst)
{
	const struct fib_group *gp;
	const struct fib_route *r;
	const struct fib_ifc *fi;
	uint32_t i, src;
	int32_t g;

	for (g = fib_group4(f, dst); g >= 0; g = gp->fallback) {
		gp = &f->groups[g];
		for (i = 0; i < gp->n; i++) {
			r = &f->routes[gp->first + i];
			if ((fi = fib_ifc(f, r->ifcno)) == NULL)
				continue;
			src = r->src;
			if (fib_v4local(fi, &src, fib_leadones(r->smask),
			    (r->type & (FIB_RT_IFC | FIB_RT_BCAST |
			    FIB_RT_MULTI)) == 0 ? r->gate : dst) >= 0)
				return src;
		}
	}
	return f->primary4;
}

uint32_t
fib_ifcaddr4(const struct fib *f, int ifcno, uint32_t remote)
{
	const struct fib_ifc *fi;
	uint32_t local;

	if ((fi = fib_ifc(f, ifcno)) == NULL)
		return 0;
	local = 0;
	if (fib_v4local(fi, &local, 0, remote) < 0)
		return 0;
	return local;
}

int
fib_ifclocal4(const struct fib *f, int ifcno, uint32_t ip)
{
	const struct fib_ifc *fi;
	uint32_t i;

	if ((fi = fib_ifc(f, ifcno)) == NULL)
		return 0;
	for (i = 0; i < fi->nlifc4; i++)
		if (fi->lifc4[i].local == ip)
			return 1;
	return 0;
}
