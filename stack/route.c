/* SPDX-License-Identifier: MIT */
/*
 * The route forest of the control-plane model (stack/route.h): 9front's
 * table shape and its insert, delete, flush, lookup and print walks, so
 * that /net/iproute reads list routes in 9front's order. Control thread
 * only; owns every node it allocates. No DPDK, no clock.
 */
#include <stdlib.h>
#include <string.h>

#include "stack/route.h"

enum {
	RC_PRECEDES,		/* a is left of b */
	RC_FOLLOWS,		/* a is right of b */
	RC_EQUALS,		/* same destination and source ranges */
	RC_CONTAINS,		/* a contains b */
	RC_OVERLAPS,		/* anything else: a goes into b's mid */
};

static const uint8_t route_v4prefix[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
};

static uint32_t
route_getl(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
route_putl(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Compare two 4-word addresses as 128-bit numbers. */
static int
route_lcmp(const uint32_t *a, const uint32_t *b)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (a[i] > b[i])
			return 1;
		if (a[i] < b[i])
			return -1;
	}
	return 0;
}

static unsigned
route_v6hash(const uint32_t *a)
{
	return (a[0] & 0x80000000u) >> (32 - ROUTE_LROOT) |
	    (a[1] & (0xffffu >> (16 - ROUTE_LROOT)));
}

/* Bucket of r's start (end when end != 0). */
static unsigned
route_hash(const struct route *r, int end)
{
	if (r->type & RT_V4)
		return route_v4hash(end ? r->e[0] : r->a[0]);
	return route_v6hash(end ? r->e : r->a);
}

/* strncpy into a 4-byte tag: stop at a NUL, pad with NULs. */
static void
route_tagcpy(char *dst, const char *src)
{
	int i;

	for (i = 0; i < ROUTE_TAGLEN && src != NULL && src[i] != '\0'; i++)
		dst[i] = src[i];
	for (; i < ROUTE_TAGLEN; i++)
		dst[i] = '\0';
}

static int
route_tagcmp(const char *a, const char *b)
{
	return strncmp(a, b, ROUTE_TAGLEN);
}

void
route_init(struct route_table *t)
{
	memset(t, 0, sizeof(*t));
}

static void
route_freetree(struct route *r)
{
	if (r == NULL)
		return;
	route_freetree(r->left);
	route_freetree(r->mid);
	route_freetree(r->right);
	free(r);
}

void
route_free(struct route_table *t)
{
	int h;

	for (h = 0; h < ROUTE_NHASH; h++) {
		route_freetree(t->v4root[h]);
		route_freetree(t->v6root[h]);
	}
	memset(t, 0, sizeof(*t));
}

void
route_mk(struct route *r, const uint8_t a[16], const uint8_t mask[16],
    const uint8_t s[16], const uint8_t smask[16], const uint8_t gate[16],
    unsigned type, int ifcno, uint32_t ifcid, const char *tag)
{
	uint32_t x, y;
	int h;

	memset(r, 0, sizeof(*r));
	r->type = type;
	r->ifcno = ifcno;
	r->ifcid = ifcid;
	if (type & RT_V4) {
		x = route_getl(a + 12);
		y = route_getl(mask + 12);
		r->a[0] = x & y;
		r->e[0] = x | ~y;
		x = route_getl(s + 12);
		y = route_getl(smask + 12);
		if (y != 0)
			r->type |= RT_SRC;
		r->s[0] = x & y;
		r->es[0] = x | ~y;
		memcpy(r->gate, route_v4prefix, 12);
		memcpy(r->gate + 12, gate + 12, 4);
	} else {
		for (h = 0; h < 4; h++) {
			x = route_getl(a + 4 * h);
			y = route_getl(mask + 4 * h);
			r->a[h] = x & y;
			r->e[h] = x | ~y;
			x = route_getl(s + 4 * h);
			y = route_getl(smask + 4 * h);
			if (y != 0)
				r->type |= RT_SRC;
			r->s[h] = x & y;
			r->es[h] = x | ~y;
		}
		memcpy(r->gate, gate, 16);
	}
	route_tagcpy(r->tag, tag);
}

/* How range a relates to range b (9front rangecompare). */
static int
route_rangecmp(const struct route *a, const struct route *b)
{
	if (a->type & RT_V4) {
		if (a->e[0] < b->a[0])
			return RC_PRECEDES;
		if (a->a[0] > b->e[0])
			return RC_FOLLOWS;
		if (a->a[0] <= b->a[0] && a->e[0] >= b->e[0]) {
			if (a->a[0] == b->a[0] && a->e[0] == b->e[0]) {
				if (a->s[0] <= b->s[0] &&
				    a->es[0] >= b->es[0]) {
					if (a->s[0] == b->s[0] &&
					    a->es[0] == b->es[0])
						return RC_EQUALS;
					return RC_CONTAINS;
				}
				return RC_OVERLAPS;
			}
			return RC_CONTAINS;
		}
		return RC_OVERLAPS;
	}
	if (route_lcmp(a->e, b->a) < 0)
		return RC_PRECEDES;
	if (route_lcmp(a->a, b->e) > 0)
		return RC_FOLLOWS;
	if (route_lcmp(a->a, b->a) <= 0 && route_lcmp(a->e, b->e) >= 0) {
		if (route_lcmp(a->a, b->a) == 0 &&
		    route_lcmp(a->e, b->e) == 0) {
			if (route_lcmp(a->s, b->s) <= 0 &&
			    route_lcmp(a->es, b->es) >= 0) {
				if (route_lcmp(a->s, b->s) == 0 &&
				    route_lcmp(a->es, b->es) == 0)
					return RC_EQUALS;
				return RC_CONTAINS;
			}
			return RC_OVERLAPS;
		}
		return RC_CONTAINS;
	}
	return RC_OVERLAPS;
}

/* Does request a select node b for deletion (9front matchroute)? */
static int
route_match(const struct route *a, const struct route *b)
{
	static const uint8_t zero[16];

	if (a == b)
		return 1;
	if ((a->type ^ b->type) & (RT_IFC | RT_UNI | RT_MULTI | RT_BCAST))
		return 0;
	if (a->type & RT_V4) {
		if (memcmp(a->gate + 12, zero, 4) != 0 &&
		    memcmp(a->gate + 12, b->gate + 12, 4) != 0)
			return 0;
	} else {
		if (memcmp(a->gate, zero, 16) != 0 &&
		    memcmp(a->gate, b->gate, 16) != 0)
			return 0;
	}
	if (a->ifcno != b->ifcno)
		return 0;
	if (a->tag[0] != '\0' && route_tagcmp(a->tag, b->tag) != 0)
		return 0;
	return 1;
}

/* Replace: the new route's next hop, ifc, type and tag (copygate). */
static void
route_copygate(struct route *old, const struct route *new)
{
	old->type = new->type;
	old->ifcno = new->ifcno;
	old->ifcid = new->ifcid;
	memcpy(old->gate, new->gate, 16);
	route_tagcpy(old->tag, new->tag);
}

static void
route_addqueue(struct route_table *t, struct route *r)
{
	if (r == NULL)
		return;
	r->qnext = t->queue;
	t->queue = r;
}

static void route_addnode(struct route_table *, struct route **,
    struct route *);

/* Re-insert p and its left and right subtrees (p keeps its mid). */
static void
route_walkadd(struct route_table *t, struct route **root, struct route *p)
{
	struct route *l, *r;

	l = p->left;
	r = p->right;
	p->left = NULL;
	p->right = NULL;
	route_addnode(t, root, p);
	if (l != NULL)
		route_walkadd(t, root, l);
	if (r != NULL)
		route_walkadd(t, root, r);
}

static void
route_calcd(struct route *p)
{
	struct route *q;
	int d;

	if (p == NULL)
		return;
	d = 0;
	if ((q = p->left) != NULL)
		d = q->depth;
	if ((q = p->right) != NULL && q->depth > d)
		d = q->depth;
	if ((q = p->mid) != NULL && q->depth > d)
		d = q->depth;
	p->depth = d + 1;
}

/* Rotate at *cur when left and right depths differ by more than one. */
static void
route_balance(struct route **cur)
{
	struct route *p, *l, *r;
	int dl, dr;

	p = *cur;
	dl = (l = p->left) != NULL ? l->depth : 0;
	dr = (r = p->right) != NULL ? r->depth : 0;
	if (dl > dr + 1) {
		p->left = l->right;
		l->right = p;
		*cur = l;
		route_calcd(p);
		route_calcd(l);
	} else if (dr > dl + 1) {
		p->right = r->left;
		r->left = p;
		*cur = r;
		route_calcd(p);
		route_calcd(r);
	} else {
		route_calcd(p);
	}
}

/* Insert new below *cur; new is consumed (freed when merged). */
static void
route_addnode(struct route_table *t, struct route **cur, struct route *new)
{
	struct route *p;

	p = *cur;
	if (p == NULL) {
		*cur = new;
		new->depth = 1;
		return;
	}
	switch (route_rangecmp(new, p)) {
	case RC_PRECEDES:
		route_addnode(t, &p->left, new);
		break;
	case RC_FOLLOWS:
		route_addnode(t, &p->right, new);
		break;
	case RC_CONTAINS:
		/* new takes p's place; p's subtree goes back in from the
		 * root later. */
		*cur = new;
		new->depth = 1;
		route_addqueue(t, p);
		break;
	case RC_EQUALS:
		if ((p->type & RT_IFC) == 0) {
			route_copygate(p, new);
		} else if (new->type & RT_IFC) {
			p->type = (p->type & ~(unsigned)(RT_PROXY | RT_TRANS)) |
			    (new->type & (RT_PROXY | RT_TRANS));
			p->ref++;
		}
		free(new);
		t->nnodes--;
		break;
	case RC_OVERLAPS:
		route_addnode(t, &p->mid, new);
		break;
	}
	route_balance(cur);
}

static void
route_drain(struct route_table *t, struct route **root)
{
	struct route *p;

	while ((p = t->queue) != NULL) {
		t->queue = p->qnext;
		p->qnext = NULL;
		route_walkadd(t, root, p);
	}
}

static struct route **
route_root(struct route_table *t, const struct route *r, unsigned h)
{
	return (r->type & RT_V4) ? &t->v4root[h] : &t->v6root[h];
}

int
route_add(struct route_table *t, const struct route *r)
{
	struct route *copies, *p;
	unsigned h, eh, i, n;

	h = route_hash(r, 0);
	eh = route_hash(r, 1);
	n = eh - h + 1;
	/* Allocate every copy first, so that a failure changes nothing. */
	copies = NULL;
	for (i = 0; i < n; i++) {
		if ((p = malloc(sizeof(*p))) == NULL) {
			while ((p = copies) != NULL) {
				copies = p->qnext;
				free(p);
			}
			return -1;
		}
		p->qnext = copies;
		copies = p;
	}
	for (; h <= eh; h++) {
		p = copies;
		copies = p->qnext;
		*p = *r;
		p->left = p->right = p->mid = p->qnext = NULL;
		p->depth = 0;
		p->ref = 1;
		t->nnodes++;
		route_addnode(t, route_root(t, r, h), p);
		route_drain(t, route_root(t, r, h));
	}
	t->gen++;
	return 0;
}

/* Find the node equal to r (9front looknode); NULL when none matches. */
static struct route **
route_looknode(struct route **cur, const struct route *r)
{
	struct route *p;

	for (;;) {
		p = *cur;
		if (p == NULL)
			return NULL;
		switch (route_rangecmp(r, p)) {
		case RC_CONTAINS:
			return NULL;
		case RC_PRECEDES:
			cur = &p->left;
			break;
		case RC_FOLLOWS:
			cur = &p->right;
			break;
		case RC_OVERLAPS:
			cur = &p->mid;
			break;
		case RC_EQUALS:
			if ((p->type & RT_IFC) == 0 && !route_match(r, p))
				return NULL;
			return cur;
		}
	}
}

/* Delete in every bucket; returns how many nodes were found. */
static int
route_del1(struct route_table *t, const struct route *r)
{
	struct route **l, *p;
	unsigned h, eh;
	int found;

	found = 0;
	h = route_hash(r, 0);
	eh = route_hash(r, 1);
	for (; h <= eh; h++) {
		if ((l = route_looknode(route_root(t, r, h), r)) == NULL)
			continue;
		found++;
		p = *l;
		if (--p->ref != 0)
			continue;
		*l = NULL;
		route_addqueue(t, p->left);
		route_addqueue(t, p->mid);
		route_addqueue(t, p->right);
		free(p);
		t->nnodes--;
		route_drain(t, route_root(t, r, h));
	}
	t->gen++;
	return found;
}

void
route_del(struct route_table *t, const struct route *r)
{
	route_del1(t, r);
}

/* First node in (mid, left, right, self) order that match accepts. */
static struct route *
route_looknodematch(struct route *r, int (*match)(const struct route *,
    const void *), const void *arg)
{
	struct route *x;

	if (r == NULL)
		return NULL;
	if ((x = route_looknodematch(r->mid, match, arg)) != NULL)
		return x;
	if ((x = route_looknodematch(r->left, match, arg)) != NULL)
		return x;
	if ((x = route_looknodematch(r->right, match, arg)) != NULL)
		return x;
	if (match(r, arg))
		return r;
	return NULL;
}

static void
route_flushmatch(struct route_table *t, int (*match)(const struct route *,
    const void *), const void *arg)
{
	struct route r, *x;
	int h;

	for (h = 0; h < ROUTE_NHASH; h++)
		while ((x = route_looknodematch(t->v4root[h], match, arg)) !=
		    NULL) {
			r = *x;
			if (route_del1(t, &r) == 0)
				break;	/* not in a sound tree */
		}
	for (h = 0; h < ROUTE_NHASH; h++)
		while ((x = route_looknodematch(t->v6root[h], match, arg)) !=
		    NULL) {
			r = *x;
			if (route_del1(t, &r) == 0)
				break;
		}
	t->gen++;
}

static int
route_matchtag(const struct route *r, const void *arg)
{
	const char *tag = arg;

	if (r->type & RT_IFC)
		return 0;
	return tag == NULL || route_tagcmp(tag, r->tag) == 0;
}

static int
route_matchifc(const struct route *r, const void *arg)
{
	return r->ifcno == *(const int *)arg;
}

void
route_flush_tag(struct route_table *t, const char *tag)
{
	route_flushmatch(t, route_matchtag, tag);
}

void
route_flush_ifc(struct route_table *t, int ifcno)
{
	route_flushmatch(t, route_matchifc, &ifcno);
}

const struct route *
route_lookup4(const struct route_table *t, uint32_t la, uint32_t ls)
{
	const struct route *p, *q;

	q = NULL;
	for (p = t->v4root[route_v4hash(la)]; p != NULL;) {
		if (la < p->a[0]) {
			p = p->left;
			continue;
		}
		if (la > p->e[0]) {
			p = p->right;
			continue;
		}
		if ((p->type & RT_SRC) && (ls < p->s[0] || ls > p->es[0])) {
			p = p->mid;
			continue;
		}
		q = p;
		p = p->mid;
	}
	return q;
}

static int
route_isv4(const uint8_t a[16])
{
	return memcmp(a, route_v4prefix, 12) == 0;
}

const struct route *
route_lookup(const struct route_table *t, const uint8_t dst[16],
    const uint8_t src[16])
{
	const struct route *p, *q;
	uint32_t la[4], ls[4];
	int h;

	if (route_isv4(src)) {
		if (route_isv4(dst))
			return route_lookup4(t, route_getl(dst + 12),
			    route_getl(src + 12));
		return NULL;
	}
	for (h = 0; h < 4; h++) {
		la[h] = route_getl(dst + 4 * h);
		ls[h] = route_getl(src + 4 * h);
	}
	q = NULL;
	for (p = t->v6root[route_v6hash(la)]; p != NULL;) {
		if (route_lcmp(la, p->a) < 0) {
			p = p->left;
			continue;
		}
		if (route_lcmp(la, p->e) > 0) {
			p = p->right;
			continue;
		}
		if ((p->type & RT_SRC) && (route_lcmp(ls, p->s) < 0 ||
		    route_lcmp(ls, p->es) > 0)) {
			p = p->mid;
			continue;
		}
		q = p;
		p = p->mid;
	}
	return q;
}

static void
route_rr(const struct route *r, unsigned h,
    void (*fn)(void *, const struct route *), void *arg)
{
	if (r == NULL)
		return;
	route_rr(r->left, h, fn, arg);
	if (route_hash(r, 0) == h)
		fn(arg, r);
	route_rr(r->mid, h, fn, arg);
	route_rr(r->right, h, fn, arg);
}

void
route_walk(const struct route_table *t,
    void (*fn)(void *arg, const struct route *r), void *arg)
{
	unsigned h;

	for (h = 0; h < ROUTE_NHASH; h++)
		route_rr(t->v4root[h], h, fn, arg);
	for (h = 0; h < ROUTE_NHASH; h++)
		route_rr(t->v6root[h], h, fn, arg);
}

void
route_path(const struct route_table *t, const uint8_t dst[16],
    void (*fn)(void *arg, const struct route *r), void *arg)
{
	const struct route *p;
	uint32_t la[4];
	int h;

	if (route_isv4(dst)) {
		la[0] = route_getl(dst + 12);
		for (p = t->v4root[route_v4hash(la[0])]; p != NULL;) {
			if (la[0] < p->a[0]) {
				p = p->left;
			} else if (la[0] > p->e[0]) {
				p = p->right;
			} else {
				fn(arg, p);
				p = p->mid;
			}
		}
		return;
	}
	for (h = 0; h < 4; h++)
		la[h] = route_getl(dst + 4 * h);
	for (p = t->v6root[route_v6hash(la)]; p != NULL;) {
		if (route_lcmp(la, p->a) < 0) {
			p = p->left;
		} else if (route_lcmp(la, p->e) > 0) {
			p = p->right;
		} else {
			fn(arg, p);
			p = p->mid;
		}
	}
}

void
route_fields(const struct route *r, uint8_t addr[16], uint8_t mask[16],
    uint8_t src[16], uint8_t smask[16], uint8_t gate[16])
{
	int i;

	if (r->type & RT_V4) {
		memcpy(addr, route_v4prefix, 12);
		route_putl(addr + 12, r->a[0]);
		memset(mask, 0xff, 12);
		route_putl(mask + 12, ~(r->e[0] ^ r->a[0]));
		memcpy(src, route_v4prefix, 12);
		route_putl(src + 12, r->s[0]);
		memset(smask, 0xff, 12);
		route_putl(smask + 12, ~(r->es[0] ^ r->s[0]));
	} else {
		for (i = 0; i < 4; i++) {
			route_putl(addr + 4 * i, r->a[i]);
			route_putl(mask + 4 * i, ~(r->e[i] ^ r->a[i]));
			route_putl(src + 4 * i, r->s[i]);
			route_putl(smask + 4 * i, ~(r->es[i] ^ r->s[i]));
		}
	}
	memcpy(gate, r->gate, 16);
}

void
route_typestr(unsigned type, char p[ROUTE_TYPESTRLEN])
{
	*p++ = (type & RT_V4) ? '4' : '6';
	if (type & RT_IFC)
		*p++ = 'i';
	if (type & RT_UNI)
		*p++ = 'u';
	else if (type & RT_BCAST)
		*p++ = 'b';
	else if (type & RT_MULTI)
		*p++ = 'm';
	if (type & RT_PTPT)
		*p++ = 'p';
	if (type & RT_PROXY)
		*p++ = 'y';
	if (type & RT_TRANS)
		*p++ = 't';
	*p = '\0';
}

/* Toggle bit in *type; fail when it was set already or when kind (the
 * u/b/m bits that may be set afterwards) is not just bit. */
static int
route_flag(unsigned *type, unsigned bit, unsigned kind)
{
	*type ^= bit;
	return (*type & kind) == bit ? 0 : -1;
}

int
route_parsetype(const char *p)
{
	const unsigned ubm = RT_UNI | RT_BCAST | RT_MULTI;
	unsigned type;
	int rc;

	type = 0;
	switch (*p++) {
	case '4':
		type |= RT_V4;
		break;
	case '6':
		break;
	default:
		return -1;
	}
	for (;;) {
		switch (*p++) {
		case 'i':
			rc = route_flag(&type, RT_IFC, RT_IFC);
			break;
		case 'u':
			rc = route_flag(&type, RT_UNI, ubm);
			break;
		case 'b':
			rc = route_flag(&type, RT_BCAST, ubm);
			break;
		case 'm':
			rc = route_flag(&type, RT_MULTI, ubm);
			break;
		case 'p':
			rc = route_flag(&type, RT_PTPT, RT_PTPT);
			break;
		case 'y':
			rc = route_flag(&type, RT_PROXY, RT_PROXY);
			break;
		case 't':
			rc = route_flag(&type, RT_TRANS, RT_TRANS);
			break;
		case '\0':
			return (int)type;
		default:
			return -1;
		}
		if (rc < 0)
			return -1;
	}
}
