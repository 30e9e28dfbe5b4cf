/* SPDX-License-Identifier: MIT */
/*
 * IPv4 reassembly and fragmentation on mbufs (stack/frag.h). A table is
 * owned by one worker: fragments steered to that worker by frag_steer()
 * are held there, keyed by (src, dst, id, proto) as RFC 791 says, until
 * the datagram is complete, fails or expires. The table owns the entry and
 * fragment-slot arrays (one rte_zmalloc_socket at creation) and every mbuf
 * it holds; the per-packet path allocates nothing and reads no clock.
 * frag_fragment4() owns nothing: it turns one datagram into pieces built
 * from mbufs of the caller's pool.
 *
 * Design of the table:
 * - Entries sit in a hash table (chained through indices, power-of-two
 *   buckets, jhash with a per-table random seed, so a sender cannot aim
 *   at one chain) and on two lists: by age (creation order, which is
 *   expiry order since the lifetime is fixed and time does not go back)
 *   for frag_expire(), and by last use for eviction: when entries, bytes
 *   or fragment slots run out, the least recently touched datagram goes
 *   first (spec mnet-ipv4.md §6.14), counted as ReasmFails.
 * - The fragments of an entry form a list sorted by offset, highest
 *   first. In-order arrival then inserts at the head in O(1); the list is
 *   kept free of overlaps, so a new fragment only needs to be compared
 *   with its two neighbours; and the chain is built from the back, so each
 *   rte_pktmbuf_chain() walks one fragment's own segments and the build is
 *   linear in the number of fragments.
 * - Overlap policy (RFC 5722, erratum 3089): an exact duplicate (same
 *   offset, length and MF) is dropped and the datagram goes on; any other
 *   overlap, a fragment past the known end, a second different end or a
 *   total over 65535 bytes drops the datagram. Its entry then stays as a
 *   "dead" key until it would have expired, so the rest of an attack
 *   datagram is dropped on arrival instead of starting a new entry.
 * - A complete datagram never contains bytes that did not arrive: it is
 *   complete only when a last fragment (MF clear) fixed the length and the
 *   held payload bytes, which never overlap, add up to it.
 * - Expiry is measured from the first fragment and never refreshed.
 *   A fragment whose entry has expired but was not reaped yet is dropped;
 *   frag_expire() then reports the datagram.
 *
 * Segment limit: a reassembled chain needs one segment per fragment
 * segment. RTE_MBUF_MAX_NB_SEGS is 65535 in DPDK 22.11 while a datagram
 * has at most 8190 fragments, so only multi-segment fragments could reach
 * it; such a datagram is dropped and counted (FRAG_DROP_LIMIT) rather
 * than linearized, since it can only come from a hostile sender.
 */
#include "stack/frag.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_jhash.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_random.h>

#include "stack/stats.h"
#include "stack/wire/ipv4.h"

#define NIL UINT32_MAX

enum { LRU, AGE, NLIST };		/* the two entry lists */
enum { ENT_FREE, ENT_LIVE, ENT_DEAD };	/* entry states */

/* One held fragment. */
struct frag_slot {
	struct rte_mbuf	*m;		/* as received, trimmed to its length */
	uint32_t	 next;		/* next lower offset, or free list */
	uint16_t	 off;		/* payload offset, bytes */
	uint16_t	 len;		/* payload bytes */
	uint8_t		 hlen;		/* its IP header, bytes */
	uint8_t		 mf;		/* more fragments */
};

/* One datagram being reassembled, or a dead key. */
struct frag_ent {
	uint32_t	 src;		/* key, host order */
	uint32_t	 dst;
	uint16_t	 id;
	uint8_t		 proto;
	uint8_t		 state;		/* ENT_* */
	uint8_t		 last;		/* the MF=0 fragment was seen */
	uint32_t	 hash;
	uint32_t	 hnext;		/* bucket chain, or free list */
	uint32_t	 prev[NLIST];
	uint32_t	 next[NLIST];
	uint64_t	 expire;	/* TSC: expired when now is past it */
	uint32_t	 frags;		/* slot list, highest offset first */
	uint32_t	 nfrags;
	uint32_t	 nsegs;		/* mbuf segments held */
	uint32_t	 bytes;		/* pkt_len sum held */
	uint32_t	 have;		/* payload bytes held */
	uint32_t	 total;		/* payload length, when last is set */
};

struct frag_list {
	uint32_t	 head;		/* oldest */
	uint32_t	 tail;		/* newest */
};

/* Written only by the owning worker. */
struct frag_table {
	struct frag_ent	*ent;
	struct frag_slot *slot;
	uint32_t	*bucket;
	uint32_t	 bmask;		/* buckets - 1 */
	uint32_t	 seed;		/* hash seed */
	uint32_t	 free_ent;
	uint32_t	 free_slot;
	struct frag_list list[NLIST];
	uint32_t	 nent;
	uint32_t	 bytes;
	uint32_t	 mbufs;
	/* Limits, fixed at creation. */
	uint32_t	 max_entries;
	uint32_t	 max_bytes;
	uint32_t	 max_mbufs;
	uint32_t	 max_frags;
	uint64_t	 expire_tsc;
	uint64_t	 drops[FRAG_DROP_MAX];
};

struct frag_table *
frag_table_create(const struct frag_params *p)
{
	struct frag_table *t;
	uint32_t nent, nslot, nbucket, i;
	size_t sz, off_ent, off_slot, off_bucket;
	uint64_t expire;

	expire = p->expire_tsc;
	if (expire == 0) {
		if (p->hz == 0) {
			rte_errno = EINVAL;
			return NULL;
		}
		expire = p->hz * FRAG_EXPIRE_S;
	}
	nent = p->max_entries != 0 ? p->max_entries : FRAG_DEF_ENTRIES;
	nslot = p->max_mbufs != 0 ? p->max_mbufs : FRAG_DEF_MBUFS;
	if (nent > (1u << 24) || nslot > (1u << 24)) {
		rte_errno = EINVAL;
		return NULL;
	}
	nbucket = rte_align32pow2(nent);

	off_ent = RTE_ALIGN_CEIL(sizeof(*t), RTE_CACHE_LINE_SIZE);
	off_slot = off_ent + RTE_ALIGN_CEIL((size_t)nent * sizeof(t->ent[0]),
	    RTE_CACHE_LINE_SIZE);
	off_bucket = off_slot + RTE_ALIGN_CEIL(
	    (size_t)nslot * sizeof(t->slot[0]), RTE_CACHE_LINE_SIZE);
	sz = off_bucket + (size_t)nbucket * sizeof(t->bucket[0]);
	t = rte_zmalloc_socket("frag_table", sz, RTE_CACHE_LINE_SIZE,
	    p->socket_id);
	if (t == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	t->ent = (struct frag_ent *)((char *)t + off_ent);
	t->slot = (struct frag_slot *)((char *)t + off_slot);
	t->bucket = (uint32_t *)((char *)t + off_bucket);
	t->bmask = nbucket - 1;
	t->seed = (uint32_t)rte_rand();
	t->max_entries = nent;
	t->max_bytes = p->max_bytes != 0 ? p->max_bytes : FRAG_DEF_BYTES;
	t->max_mbufs = nslot;
	t->max_frags = p->max_frags;
	t->expire_tsc = expire;
	for (i = 0; i < nbucket; i++)
		t->bucket[i] = NIL;
	for (i = 0; i < nent; i++)
		t->ent[i].hnext = i + 1 < nent ? i + 1 : NIL;
	for (i = 0; i < nslot; i++)
		t->slot[i].next = i + 1 < nslot ? i + 1 : NIL;
	t->free_ent = 0;
	t->free_slot = 0;
	for (i = 0; i < NLIST; i++)
		t->list[i].head = t->list[i].tail = NIL;
	return t;
}

void
frag_table_free(struct frag_table *t)
{
	uint32_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->max_mbufs; i++)
		if (t->slot[i].m != NULL)
			rte_pktmbuf_free(t->slot[i].m);
	rte_free(t);
}

void
frag_table_usage(const struct frag_table *t, struct frag_usage *u)
{
	u->entries = t->nent;
	u->bytes = t->bytes;
	u->mbufs = t->mbufs;
}

uint64_t
frag_table_drops(const struct frag_table *t, unsigned int r)
{
	return r < FRAG_DROP_MAX ? t->drops[r] : 0;
}

/* Unlink entry i from list l. */
static void
list_del(struct frag_table *t, int l, uint32_t i)
{
	struct frag_ent *e = &t->ent[i];

	if (e->prev[l] != NIL)
		t->ent[e->prev[l]].next[l] = e->next[l];
	else
		t->list[l].head = e->next[l];
	if (e->next[l] != NIL)
		t->ent[e->next[l]].prev[l] = e->prev[l];
	else
		t->list[l].tail = e->prev[l];
}

/* Append entry i to list l (newest end). */
static void
list_add(struct frag_table *t, int l, uint32_t i)
{
	struct frag_ent *e = &t->ent[i];

	e->next[l] = NIL;
	e->prev[l] = t->list[l].tail;
	if (t->list[l].tail != NIL)
		t->ent[t->list[l].tail].next[l] = i;
	else
		t->list[l].head = i;
	t->list[l].tail = i;
}

static inline uint32_t
key_hash(const struct frag_table *t, uint32_t src, uint32_t dst, uint16_t id,
    uint8_t proto)
{
	return rte_jhash_3words(src, dst, (uint32_t)id << 16 | proto, t->seed);
}

static uint32_t
ent_lookup(const struct frag_table *t, uint32_t h, uint32_t src,
    uint32_t dst, uint16_t id, uint8_t proto)
{
	uint32_t i;
	const struct frag_ent *e;

	for (i = t->bucket[h & t->bmask]; i != NIL; i = e->hnext) {
		e = &t->ent[i];
		if (e->hash == h && e->src == src && e->dst == dst &&
		    e->id == id && e->proto == proto)
			return i;
	}
	return NIL;
}

/* Free the mbufs and slots of entry e. */
static void
ent_drop_frags(struct frag_table *t, struct frag_ent *e)
{
	uint32_t s, next;

	for (s = e->frags; s != NIL; s = next) {
		next = t->slot[s].next;
		if (t->slot[s].m != NULL)
			rte_pktmbuf_free(t->slot[s].m);
		t->slot[s].m = NULL;
		t->slot[s].next = t->free_slot;
		t->free_slot = s;
	}
	t->bytes -= e->bytes;
	t->mbufs -= e->nfrags;
	e->frags = NIL;
	e->nfrags = e->nsegs = e->bytes = e->have = e->total = 0;
	e->last = 0;
}

/* Remove entry i from the table altogether. */
static void
ent_free(struct frag_table *t, uint32_t i)
{
	struct frag_ent *e = &t->ent[i];
	uint32_t *pp;

	ent_drop_frags(t, e);
	for (pp = &t->bucket[e->hash & t->bmask]; *pp != i;
	    pp = &t->ent[*pp].hnext)
		;
	*pp = e->hnext;
	list_del(t, LRU, i);
	list_del(t, AGE, i);
	e->state = ENT_FREE;
	e->hnext = t->free_ent;
	t->free_ent = i;
	t->nent--;
}

/*
 * The datagram of entry e failed: count it, free what it holds, and keep
 * its key as a dead entry until its expiry so that its later fragments
 * are dropped on arrival.
 */
static void
ent_kill(struct frag_table *t, struct frag_ent *e, uint64_t *ipstats)
{
	STAT_INC(ipstats, IPSTAT_REASMFAILS);
	ent_drop_frags(t, e);
	e->state = ENT_DEAD;
}

/* Evict the least recently touched entry. */
static void
ent_evict(struct frag_table *t, uint64_t *ipstats)
{
	uint32_t i = t->list[LRU].head;
	struct frag_ent *e = &t->ent[i];

	if (e->state == ENT_LIVE) {
		STAT_INC(ipstats, IPSTAT_REASMFAILS);
		t->drops[FRAG_DROP_EVICT] += e->nfrags;
	}
	ent_free(t, i);
}

static uint32_t
ent_new(struct frag_table *t, uint32_t h, uint32_t src, uint32_t dst,
    uint16_t id, uint8_t proto, uint64_t now, uint64_t *ipstats)
{
	struct frag_ent *e;
	uint32_t i;

	if (t->nent >= t->max_entries)
		ent_evict(t, ipstats);
	i = t->free_ent;
	e = &t->ent[i];
	t->free_ent = e->hnext;
	memset(e, 0, sizeof(*e));
	e->src = src;
	e->dst = dst;
	e->id = id;
	e->proto = proto;
	e->state = ENT_LIVE;
	e->hash = h;
	e->expire = now + t->expire_tsc;
	e->frags = NIL;
	e->hnext = t->bucket[h & t->bmask];
	t->bucket[h & t->bmask] = i;
	list_add(t, LRU, i);
	list_add(t, AGE, i);
	t->nent++;
	return i;
}

/* A and b (payload ranges) share at least one byte. */
static inline bool
overlaps(uint32_t aoff, uint32_t alen, uint32_t boff, uint32_t blen)
{
	return alen != 0 && blen != 0 && aoff < boff + blen &&
	    boff < aoff + alen;
}

/*
 * Entry i is complete: build the datagram chain, free the entry and
 * return the chain, or NULL when it cannot be delivered (counted).
 */
static struct rte_mbuf *
ent_deliver(struct frag_table *t, uint32_t i, uint64_t *ipstats)
{
	struct frag_ent *e = &t->ent[i];
	struct frag_slot *s;
	struct rte_mbuf *rest, *m;
	uint32_t si, hlen0, tlen;
	uint8_t *p;

	/* The lowest slot is fragment 0: complete means it is there. */
	for (si = e->frags; t->slot[si].next != NIL; si = t->slot[si].next)
		;
	hlen0 = t->slot[si].hlen;
	tlen = hlen0 + e->total;
	if (tlen > IPV4_MAXLEN || e->nsegs > RTE_MBUF_MAX_NB_SEGS) {
		t->drops[tlen > IPV4_MAXLEN ? FRAG_DROP_BOUNDS :
		    FRAG_DROP_LIMIT]++;
		ent_kill(t, e, ipstats);
		return NULL;
	}

	/* From the highest offset down: each chain walks one fragment. */
	rest = NULL;
	for (si = e->frags; si != NIL; si = s->next) {
		s = &t->slot[si];
		m = s->m;
		s->m = NULL;
		if (s->off != 0) {
			/* The header is in the first segment (checked). */
			rte_pktmbuf_adj(m, s->hlen);
			if (m->pkt_len == 0) {
				rte_pktmbuf_free(m);	/* empty last */
				continue;
			}
		}
		if (rest != NULL && rte_pktmbuf_chain(m, rest) != 0) {
			/* Not reached: nsegs was checked above. */
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(rest);
			t->drops[FRAG_DROP_LIMIT]++;
			ent_kill(t, e, ipstats);
			return NULL;
		}
		rest = m;
	}
	ent_free(t, i);

	p = rte_pktmbuf_mtod(rest, uint8_t *);
	ipv4_set_tlen(p, (uint16_t)tlen);
	ipv4_set_frag(p, ipv4_frag(p) & IPV4_DF);
	ipv4_fill_cksum(p);
	rest->ol_flags &= ~RTE_MBUF_F_RX_L4_CKSUM_MASK;
	rest->packet_type &= ~RTE_PTYPE_L4_MASK;
	STAT_INC(ipstats, IPSTAT_REASMOKS);
	return rest;
}

/*
 * Add fragment m (payload off, len; header hlen; mf) to live entry i.
 * Consumes m. Returns the datagram when m completed it, else NULL.
 */
static struct rte_mbuf *
ent_insert(struct frag_table *t, uint32_t i, struct rte_mbuf *m,
    uint32_t off, uint32_t len, uint32_t hlen, bool mf, uint64_t *ipstats)
{
	struct frag_ent *e = &t->ent[i];
	struct frag_slot *s;
	uint32_t end = off + len, above, cur, si, b = m->pkt_len;

	/* Bounds: one end, nothing past it (RFC 791 §3.2). */
	if (e->last ? (mf ? end > e->total : end != e->total) :
	    (!mf && e->frags != NIL &&
	    t->slot[e->frags].off + t->slot[e->frags].len > end)) {
		t->drops[FRAG_DROP_BOUNDS]++;
		goto kill;
	}

	/* cur: highest slot at or below off; above: the one after it. */
	above = NIL;
	for (cur = e->frags; cur != NIL && t->slot[cur].off > off;
	    cur = t->slot[cur].next)
		above = cur;
	if (cur != NIL && t->slot[cur].off == off &&
	    t->slot[cur].len == len && t->slot[cur].mf == mf) {
		t->drops[FRAG_DROP_DUP]++;
		rte_pktmbuf_free(m);
		return NULL;
	}
	if ((cur != NIL && overlaps(t->slot[cur].off, t->slot[cur].len,
	    off, len)) || (above != NIL && overlaps(t->slot[above].off,
	    t->slot[above].len, off, len))) {
		t->drops[FRAG_DROP_OVERLAP]++;
		goto kill;
	}
	if ((t->max_frags != 0 && e->nfrags >= t->max_frags) ||
	    e->nsegs + m->nb_segs > RTE_MBUF_MAX_NB_SEGS ||
	    e->bytes + b > t->max_bytes || e->nfrags >= t->max_mbufs) {
		t->drops[FRAG_DROP_LIMIT]++;
		goto kill;
	}

	/* Room: evict the least recently touched other datagrams. */
	list_del(t, LRU, i);
	list_add(t, LRU, i);
	while (t->bytes + b > t->max_bytes || t->free_slot == NIL) {
		if (t->list[LRU].head == i) {
			/* Not reached: e alone fits both bounds. */
			t->drops[FRAG_DROP_LIMIT]++;
			goto kill;
		}
		ent_evict(t, ipstats);
	}

	si = t->free_slot;
	s = &t->slot[si];
	t->free_slot = s->next;
	s->m = m;
	s->off = (uint16_t)off;
	s->len = (uint16_t)len;
	s->hlen = (uint8_t)hlen;
	s->mf = mf;
	s->next = cur;
	if (above == NIL)
		e->frags = si;
	else
		t->slot[above].next = si;
	e->nfrags++;
	e->nsegs += m->nb_segs;
	e->bytes += b;
	e->have += len;
	t->bytes += b;
	t->mbufs++;
	if (!mf) {
		e->last = 1;
		e->total = end;
	}
	if (e->last && e->have == e->total)
		return ent_deliver(t, i, ipstats);
	return NULL;

kill:
	rte_pktmbuf_free(m);
	ent_kill(t, e, ipstats);
	return NULL;
}

struct rte_mbuf *
frag_reassemble4(struct frag_table *t, struct rte_mbuf *m, uint64_t now,
    uint64_t *ipstats)
{
	const uint8_t *p;
	uint32_t hlen, tlen, off, len, h, i;
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	bool mf;

	p = rte_pktmbuf_mtod(m, const uint8_t *);
	if (unlikely(m->data_len < IPV4_HLEN_MIN))
		goto malformed;
	hlen = ipv4_hlen(p);
	tlen = ipv4_tlen(p);
	if (unlikely(hlen < IPV4_HLEN_MIN || hlen > m->data_len ||
	    tlen < hlen || tlen > m->pkt_len))
		goto malformed;
	if (unlikely(m->pkt_len > tlen) &&
	    rte_pktmbuf_trim(m, (uint16_t)(m->pkt_len - tlen)) != 0)
		goto malformed;	/* padding spans segments */
	if (likely(!ipv4_is_fragment(p)))
		return m;

	STAT_INC(ipstats, IPSTAT_REASMREQDS);
	off = ipv4_frag_off(p);
	len = tlen - hlen;
	mf = ipv4_mf(p);
	if (mf && (len < 8 || len % 8 != 0)) {
		/* Tiny or misaligned non-last fragment. */
		t->drops[FRAG_DROP_TINY]++;
		STAT_INC(ipstats, IPSTAT_REASMFAILS);
		rte_pktmbuf_free(m);
		return NULL;
	}
	if (off + len > IPV4_MAXLEN - IPV4_HLEN_MIN) {
		t->drops[FRAG_DROP_BOUNDS]++;
		STAT_INC(ipstats, IPSTAT_REASMFAILS);
		rte_pktmbuf_free(m);
		return NULL;
	}

	src = ipv4_src(p);
	dst = ipv4_dst(p);
	id = ipv4_id(p);
	proto = ipv4_proto(p);
	h = key_hash(t, src, dst, id, proto);
	i = ent_lookup(t, h, src, dst, id, proto);
	if (i != NIL) {
		if (now > t->ent[i].expire) {
			t->drops[FRAG_DROP_LATE]++;
			rte_pktmbuf_free(m);
			return NULL;
		}
		if (t->ent[i].state == ENT_DEAD) {
			t->drops[FRAG_DROP_DEAD]++;
			rte_pktmbuf_free(m);
			return NULL;
		}
	} else
		i = ent_new(t, h, src, dst, id, proto, now, ipstats);
	return ent_insert(t, i, m, off, len, hlen, mf, ipstats);

malformed:
	t->drops[FRAG_DROP_MALFORMED]++;
	rte_pktmbuf_free(m);
	return NULL;
}

void
frag_expire(struct frag_table *t, uint64_t now, uint64_t *ipstats,
    void (*cb)(void *arg, struct rte_mbuf *frag0), void *arg)
{
	struct frag_ent *e;
	struct frag_slot *s;
	struct rte_mbuf *frag0;
	uint32_t i, si;

	while ((i = t->list[AGE].head) != NIL && now > t->ent[i].expire) {
		e = &t->ent[i];
		frag0 = NULL;
		if (e->state == ENT_LIVE) {
			STAT_INC(ipstats, IPSTAT_REASMTIMEOUT);
			STAT_INC(ipstats, IPSTAT_REASMFAILS);
			/* Fragment 0, if held, is the lowest slot. */
			for (si = e->frags; si != NIL && t->slot[si].next != NIL;
			    si = t->slot[si].next)
				;
			if (si != NIL && t->slot[si].off == 0) {
				s = &t->slot[si];
				frag0 = s->m;
				s->m = NULL;
			}
		}
		ent_free(t, i);
		if (frag0 != NULL) {
			if (cb != NULL)
				cb(arg, frag0);
			else
				rte_pktmbuf_free(frag0);
		}
	}
}

/* Copy len bytes of the chain at cursor (*seg, *segoff) to dst; advance. */
static void
chain_copy(struct rte_mbuf **seg, uint32_t *segoff, uint8_t *dst,
    uint32_t len)
{
	uint32_t n;

	while (len > 0) {
		n = (*seg)->data_len - *segoff;
		if (n == 0) {
			*seg = (*seg)->next;
			*segoff = 0;
			continue;
		}
		if (n > len)
			n = len;
		memcpy(dst, rte_pktmbuf_mtod_offset(*seg, uint8_t *, *segoff),
		    n);
		dst += n;
		len -= n;
		*segoff += n;
	}
}

/*
 * Chain indirect mbufs covering len bytes of the chain at the cursor to
 * h; advance. Returns 0 or -ENOMEM (h keeps what was chained).
 */
static int
chain_attach(struct rte_mbuf *h, struct rte_mbuf **tail,
    struct rte_mempool *pool, struct rte_mbuf **seg, uint32_t *segoff,
    uint32_t len)
{
	struct rte_mbuf *mi;
	uint32_t n;

	while (len > 0) {
		n = (*seg)->data_len - *segoff;
		if (n == 0) {
			*seg = (*seg)->next;
			*segoff = 0;
			continue;
		}
		if (n > len)
			n = len;
		mi = rte_pktmbuf_alloc(pool);
		if (mi == NULL)
			return -ENOMEM;
		rte_pktmbuf_attach(mi, *seg);
		mi->data_off = (uint16_t)(mi->data_off + *segoff);
		mi->data_len = (uint16_t)n;
		mi->pkt_len = n;
		/* Linked by hand to keep one tail pointer: rte_pktmbuf_chain
		 * would walk the whole chain for every piece. */
		(*tail)->next = mi;
		*tail = mi;
		h->nb_segs++;
		h->pkt_len += n;
		len -= n;
		*segoff += n;
	}
	return 0;
}

int
frag_fragment4_mode(struct rte_mbuf *m, uint32_t mtu,
    struct rte_mempool *pool, uint16_t headroom, struct rte_mbuf **out,
    unsigned int max_out, uint64_t *ipstats, enum frag_mode mode)
{
	const uint8_t *p;
	uint8_t copts[IPV4_OPTLEN_MAX], *hdr;
	size_t coptlen;
	struct rte_mbuf *h, *seg, *tail;
	uint32_t hlen0, hlenk, tlen, plen, p0, pk, n, k, pos, piece, hl;
	uint32_t segoff, off0, room;
	uint16_t frag0;
	bool copy;

	p = rte_pktmbuf_mtod(m, const uint8_t *);
	n = 0;
	if (m->data_len < IPV4_HLEN_MIN)
		goto fail;
	hlen0 = ipv4_hlen(p);
	tlen = ipv4_tlen(p);
	if (hlen0 < IPV4_HLEN_MIN || hlen0 > m->data_len || tlen < hlen0 ||
	    tlen > m->pkt_len || max_out == 0)
		goto fail;
	if (tlen <= mtu) {
		out[0] = m;
		return 1;
	}
	if (ipv4_df(p)) {
		STAT_INC(ipstats, IPSTAT_FRAGFAILS);
		return -EMSGSIZE;
	}
	if (ipv4_opts_copied(p, copts, &coptlen) != IPV4_OK)
		goto fail;
	hlenk = IPV4_HLEN_MIN + (uint32_t)coptlen;
	if (mtu < hlen0 + 8)
		goto fail;
	p0 = (mtu - hlen0) & ~7u;
	pk = (mtu - hlenk) & ~7u;
	plen = tlen - hlen0;
	n = 1 + (plen - p0 + pk - 1) / pk;
	if (n > max_out)
		goto fail;

	room = rte_pktmbuf_data_room_size(pool);
	copy = mode == FRAG_MODE_COPY ||
	    (mode == FRAG_MODE_AUTO && headroom + mtu <= room);
	if ((copy && headroom + mtu > room) || headroom + hlen0 > room)
		goto fail;

	frag0 = ipv4_frag(p);
	off0 = (frag0 & IPV4_OFFMASK) * 8u;
	seg = m;
	segoff = hlen0;
	pos = 0;
	for (k = 0; k < n; k++) {
		hl = k == 0 ? hlen0 : hlenk;
		piece = (k == 0 ? p0 : pk);
		if (piece > plen - pos)
			piece = plen - pos;
		h = rte_pktmbuf_alloc(pool);
		if (h == NULL)
			goto fail_free;
		out[k] = h;
		h->data_off = headroom;
		hdr = (uint8_t *)rte_pktmbuf_append(h, (uint16_t)hl);
		memcpy(hdr, p, IPV4_HLEN_MIN);
		if (k == 0)
			memcpy(hdr + IPV4_HLEN_MIN, p + IPV4_HLEN_MIN,
			    hlen0 - IPV4_HLEN_MIN);
		else
			memcpy(hdr + IPV4_HLEN_MIN, copts, coptlen);
		hdr[IPV4_O_VHL] = (uint8_t)(0x40 | hl / 4);
		ipv4_set_tlen(hdr, (uint16_t)(hl + piece));
		ipv4_set_frag(hdr, (uint16_t)(((off0 + pos) / 8) |
		    (k + 1 < n || (frag0 & IPV4_MF) ? IPV4_MF : 0)));
		ipv4_fill_cksum(hdr);
		h->l3_len = hl;
		if (copy) {
			chain_copy(&seg, &segoff,
			    (uint8_t *)rte_pktmbuf_append(h, (uint16_t)piece),
			    piece);
		} else {
			tail = h;
			if (chain_attach(h, &tail, pool, &seg, &segoff,
			    piece) != 0) {
				k++;
				goto fail_free;
			}
		}
		pos += piece;
	}
	rte_pktmbuf_free(m);
	STAT_INC(ipstats, IPSTAT_FRAGOKS);
	STAT_ADD(ipstats, IPSTAT_FRAGCREATES, n);
	return (int)n;

fail_free:
	rte_pktmbuf_free_bulk(out, k);
fail:
	rte_pktmbuf_free(m);
	STAT_INC(ipstats, IPSTAT_FRAGFAILS);
	return 0;
}

int
frag_fragment4(struct rte_mbuf *m, uint32_t mtu, struct rte_mempool *pool,
    uint16_t headroom, struct rte_mbuf **out, unsigned int max_out,
    uint64_t *ipstats)
{
	return frag_fragment4_mode(m, mtu, pool, headroom, out, max_out,
	    ipstats, FRAG_MODE_AUTO);
}
