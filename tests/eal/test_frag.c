/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/frag.c: IPv4 reassembly (every case of mnet-ipv4.md §6
 * and each Mnet bug it lists, overlaps, duplicates, tiny fragments, the
 * 65535 limit, expiry, the table bounds under floods) and fragmentation
 * (exact sizes at many MTUs, options, DF, re-fragmenting, copy and attach
 * payloads), with a fake clock (HZ ticks per second) and a check after
 * every test that each mbuf pool is back to its in-use baseline. Runs the
 * EAL in process (--no-huge --no-shconf; DPDK 22.11 refuses --in-memory
 * together with --no-huge); exits 77 when it cannot start.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "stack/frag.h"
#include "stack/stats.h"
#include "stack/wire/cksum.h"
#include "stack/wire/ipv4.h"

#define HZ	1000000000ull		/* fake TSC: one tick per ns */
#define SRC	0xc0000201u		/* 192.0.2.1 */
#define DST	0xc6336402u		/* 198.51.100.2 */
#define MAXOUT	2048
#define HEADROOM 64

static struct rte_mempool *pool;	/* 2 KiB mbufs */
static struct rte_mempool *jpool;	/* 9.5 KiB mbufs */
static struct rte_mempool *spool;	/* 256-byte mbufs for segment floods */
static struct rte_mempool *tpool;	/* four mbufs: exhaustion */
static struct rte_mempool **pools[] = { &pool, &jpool, &spool, &tpool };

struct key {
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
};

struct fx {
	struct frag_table *t;
	uint64_t st[IPSTAT_MAX];
	uint64_t now;
	unsigned int in_use0[4];
	struct rte_mbuf *out[MAXOUT];
	struct rte_mbuf *icmp[64];	/* frag_expire callbacks */
	unsigned int nicmp;		/* callbacks seen */
	uint8_t buf[65536];
	uint8_t buf2[65536];
};

/* Fixed-seed generator for payloads and shuffles. */
static uint64_t rng_state;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static void
fill_rand(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rng();
}

static int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct frag_params prm = { .hz = HZ, .socket_id = SOCKET_ID_ANY };
	unsigned int i;

	if (f == NULL)
		return -1;
	f->t = frag_table_create(&prm);
	if (f->t == NULL)
		return -1;
	f->now = 1000 * HZ;
	for (i = 0; i < 4; i++)
		f->in_use0[i] = rte_mempool_in_use_count(*pools[i]);
	rng_state = 0x9e3779b97f4a7c15ull;
	*state = f;
	return 0;
}

static int
fx_teardown(void **state)
{
	struct fx *f = *state;
	unsigned int i, u;
	int rc = 0;

	frag_table_free(f->t);
	for (i = 0; i < 4; i++) {
		u = rte_mempool_in_use_count(*pools[i]);
		if (u != f->in_use0[i]) {
			fprintf(stderr, "pool %s: %u mbufs in use, %u before\n",
			    (*pools[i])->name, u, f->in_use0[i]);
			rc = -1;
		}
	}
	free(f);
	return rc;
}

/* Replace the fixture's table by one with these limits. */
static void
fx_table(struct fx *f, uint32_t entries, uint32_t bytes, uint32_t mbufs,
    uint32_t frags)
{
	struct frag_params prm = {
		.max_entries = entries, .max_bytes = bytes, .max_mbufs = mbufs,
		.max_frags = frags, .hz = HZ, .socket_id = SOCKET_ID_ANY,
	};

	frag_table_free(f->t);
	f->t = frag_table_create(&prm);
	assert_non_null(f->t);
}

/* Write an IPv4 header for k at p; returns its length. */
static unsigned int
put_hdr(uint8_t *p, const struct key *k, const uint8_t *opts,
    unsigned int optlen, unsigned int plen, unsigned int off, bool mf,
    bool df)
{
	unsigned int hl = IPV4_HLEN_MIN + optlen;

	memset(p, 0, IPV4_HLEN_MIN);
	p[IPV4_O_VHL] = (uint8_t)(0x40 | hl / 4);
	ipv4_set_tos(p, 0x10);
	ipv4_set_tlen(p, (uint16_t)(hl + plen));
	ipv4_set_id(p, k->id);
	ipv4_set_frag(p, (uint16_t)(off / 8 | (mf ? IPV4_MF : 0) |
	    (df ? IPV4_DF : 0)));
	ipv4_set_ttl(p, 63);
	ipv4_set_proto(p, k->proto);
	ipv4_set_src(p, k->src);
	ipv4_set_dst(p, k->dst);
	if (optlen != 0)
		memcpy(p + IPV4_HLEN_MIN, opts, optlen);
	ipv4_fill_cksum(p);
	return hl;
}

/* One-segment mbuf from mp holding len bytes of b. */
static struct rte_mbuf *
mbuf_of(struct rte_mempool *mp, const uint8_t *b, unsigned int len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	char *d;

	assert_non_null(m);
	d = rte_pktmbuf_append(m, (uint16_t)len);
	assert_non_null(d);
	memcpy(d, b, len);
	return m;
}

/*
 * A chain from mp: the first hl bytes in one segment, the rest in
 * segments of seg bytes each (the last shorter).
 */
static struct rte_mbuf *
chain_of(struct rte_mempool *mp, const uint8_t *b, unsigned int len,
    unsigned int hl, unsigned int seg)
{
	struct rte_mbuf *h, *m;
	unsigned int pos, n;

	h = mbuf_of(mp, b, hl);
	for (pos = hl; pos < len; pos += n) {
		n = len - pos < seg ? len - pos : seg;
		m = mbuf_of(mp, b + pos, n);
		assert_int_equal(rte_pktmbuf_chain(h, m), 0);
	}
	return h;
}

/* A fragment of k: payload data (len bytes) at off, no options. */
static struct rte_mbuf *
mkfrag(struct fx *f, const struct key *k, unsigned int off,
    const uint8_t *data, unsigned int len, bool mf)
{
	unsigned int hl = put_hdr(f->buf2, k, NULL, 0, len, off, mf, false);

	memcpy(f->buf2 + hl, data, len);
	return mbuf_of(pool, f->buf2, hl + len);
}

/* A, B, C of mnet-ipv4.md §6: 8 bytes of the letter at (letter-'A')*8,
 * C last. */
static struct rte_mbuf *
abc(struct fx *f, const struct key *k, char c)
{
	uint8_t d[8];

	memset(d, c, sizeof(d));
	return mkfrag(f, k, (unsigned int)(c - 'A') * 8, d, 8, c != 'C');
}

static struct rte_mbuf *
in(struct fx *f, struct rte_mbuf *m)
{
	return frag_reassemble4(f->t, m, f->now, f->st);
}

static struct frag_usage
usage(struct fx *f)
{
	struct frag_usage u;

	frag_table_usage(f->t, &u);
	return u;
}

/*
 * m is the complete datagram of k: a valid header with opts, MF and
 * offset clear, the payload plen bytes; the chain is consistent. Frees m.
 */
static void
check_dgram(struct fx *f, struct rte_mbuf *m, const struct key *k,
    const uint8_t *opts, unsigned int optlen, const uint8_t *payload,
    unsigned int plen)
{
	unsigned int hl = IPV4_HLEN_MIN + optlen, sum = 0;
	const uint8_t *p;
	struct rte_mbuf *s;
	uint16_t nseg = 0;

	assert_non_null(m);
	assert_int_equal(m->pkt_len, hl + plen);
	for (s = m; s != NULL; s = s->next) {
		sum += s->data_len;
		nseg++;
	}
	assert_int_equal(sum, m->pkt_len);
	assert_int_equal(nseg, m->nb_segs);
	p = rte_pktmbuf_read(m, 0, m->pkt_len, f->buf2);
	assert_non_null(p);
	assert_int_equal(ipv4_check(p, m->pkt_len), IPV4_OK);
	assert_int_equal(ipv4_hlen(p), hl);
	assert_int_equal(ipv4_tlen(p), hl + plen);
	assert_int_equal(ipv4_frag(p), 0);
	assert_int_equal(cksum_inet(p, hl), 0);
	assert_int_equal(ipv4_id(p), k->id);
	assert_int_equal(ipv4_proto(p), k->proto);
	assert_int_equal(ipv4_src(p), k->src);
	assert_int_equal(ipv4_dst(p), k->dst);
	if (optlen != 0)
		assert_memory_equal(p + IPV4_HLEN_MIN, opts, optlen);
	assert_memory_equal(p + hl, payload, plen);
	rte_pktmbuf_free(m);
}

static const struct key K1 = { SRC, DST, 0x1234, 17 };

/* Feed A, B, C of key k in order[]; the datagram must appear exactly at
 * position at, complete and correct, and the table must be empty after. */
static void
run_abc(struct fx *f, const struct key *k, const char *order, int at)
{
	static const char want[] = "AAAAAAAABBBBBBBBCCCCCCCC";
	struct rte_mbuf *r;
	int i;

	for (i = 0; order[i] != '\0'; i++) {
		r = in(f, abc(f, k, order[i]));
		if (i == at)
			check_dgram(f, r, k, NULL, 0, (const uint8_t *)want,
			    24);
		else
			assert_null(r);
	}
	assert_int_equal(usage(f).entries, 0);
	assert_int_equal(usage(f).bytes, 0);
	assert_int_equal(usage(f).mbufs, 0);
}

/* ---- reassembly ---- */

/* An unfragmented packet is returned as itself, trimmed, no counter. */
static void
test_unfragmented_zero_copy(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *m, *r;
	unsigned int hl;

	hl = put_hdr(f->buf, &K1, NULL, 0, 28, 0, false, true);
	memset(f->buf + hl, 'x', 28);
	memset(f->buf + hl + 28, 0, 18);	/* Ethernet padding */
	m = mbuf_of(pool, f->buf, hl + 28 + 18);
	r = in(f, m);
	assert_ptr_equal(r, m);
	assert_int_equal(r->pkt_len, hl + 28);
	assert_int_equal(f->st[IPSTAT_REASMREQDS], 0);
	assert_int_equal(usage(f).entries, 0);
	rte_pktmbuf_free(r);
}

/* §6.6: A,B,C and B,A,C: one delivery of 24 bytes, entry freed. */
static void
test_in_order_and_swapped(void **state)
{
	struct fx *f = *state;
	struct key k = K1;

	run_abc(f, &k, "ABC", 2);
	k.id++;
	run_abc(f, &k, "BAC", 2);
	assert_int_equal(f->st[IPSTAT_REASMREQDS], 6);
	assert_int_equal(f->st[IPSTAT_REASMOKS], 2);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 0);
}

/* §6.7: A,C,B: nothing after C (Mnet delivered 8 zero bytes there). */
static void
test_last_before_middle(void **state)
{
	run_abc(*state, &K1, "ACB", 2);
}

/* §6.8: C,A,B and C,B,A: last first completes (Mnet: never). */
static void
test_last_first(void **state)
{
	struct fx *f = *state;
	struct key k = K1;

	run_abc(f, &k, "CAB", 2);
	k.id++;
	run_abc(f, &k, "CBA", 2);
	assert_int_equal(f->st[IPSTAT_REASMOKS], 2);
}

/* §6.9: B,C,A delivered after A (Mnet: after C, bytes 0-7 zero). */
static void
test_first_last(void **state)
{
	run_abc(*state, &K1, "BCA", 2);
}

/* Every order of A, B, C, on one table, keys interleaved. */
static void
test_all_orders(void **state)
{
	static const char *orders[] = {
		"ABC", "ACB", "BAC", "BCA", "CAB", "CBA",
	};
	struct fx *f = *state;
	struct key k = K1;
	unsigned int i;

	for (i = 0; i < 6; i++) {
		k.id = (uint16_t)(100 + i);
		run_abc(f, &k, orders[i], 2);
	}
	assert_int_equal(f->st[IPSTAT_REASMOKS], 6);
}

/* §6.10: exact duplicates are dropped and the datagram goes on. */
static void
test_duplicates(void **state)
{
	static const char ab[] = "AAAAAAAABBBBBBBB";
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;
	uint8_t d[8];

	/* A, A, B(last). */
	assert_null(in(f, abc(f, &k, 'A')));
	assert_null(in(f, abc(f, &k, 'A')));
	assert_int_equal(usage(f).mbufs, 1);
	memset(d, 'B', 8);
	r = in(f, mkfrag(f, &k, 8, d, 8, false));
	check_dgram(f, r, &k, NULL, 0, (const uint8_t *)ab, 16);

	/* Duplicates of the last and of the middle, out of order. */
	k.id++;
	assert_null(in(f, abc(f, &k, 'C')));
	assert_null(in(f, abc(f, &k, 'C')));
	assert_null(in(f, abc(f, &k, 'B')));
	assert_null(in(f, abc(f, &k, 'C')));
	assert_null(in(f, abc(f, &k, 'B')));
	r = in(f, abc(f, &k, 'A'));
	check_dgram(f, r, &k, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBBCCCCCCCC", 24);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_DUP), 4);
	assert_int_equal(f->st[IPSTAT_REASMOKS], 2);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 0);

	/* A duplicate arriving after completion starts a new entry. */
	assert_null(in(f, abc(f, &k, 'B')));
	assert_int_equal(usage(f).entries, 1);
}

/*
 * §6.10: partial overlap A'(0,16), B(8,8), C → whole datagram dropped;
 * the key is remembered so C and a resent A are dropped too; after
 * expiry the key starts clean.
 */
static void
test_overlap_drops_datagram(void **state)
{
	struct fx *f = *state;
	uint8_t d[16];

	memset(d, 'A', 16);
	assert_null(in(f, mkfrag(f, &K1, 0, d, 16, true)));
	assert_null(in(f, abc(f, &K1, 'B')));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_OVERLAP), 1);
	assert_int_equal(usage(f).mbufs, 0);
	assert_int_equal(usage(f).bytes, 0);
	assert_null(in(f, abc(f, &K1, 'C')));
	assert_null(in(f, abc(f, &K1, 'A')));
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_DEAD), 2);
	assert_int_equal(usage(f).mbufs, 0);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);

	/* The dead key goes at expiry without a timeout count. */
	f->now += FRAG_EXPIRE_S * HZ + 1;
	frag_expire(f->t, f->now, f->st, NULL, NULL);
	assert_int_equal(usage(f).entries, 0);
	assert_int_equal(f->st[IPSTAT_REASMTIMEOUT], 0);
	run_abc(f, &K1, "CBA", 2);
}

/* Teardrop: the second fragment starts inside the first. */
static void
test_teardrop(void **state)
{
	struct fx *f = *state;
	struct key k = K1;
	uint8_t d[32];

	memset(d, 'T', sizeof(d));
	assert_null(in(f, mkfrag(f, &K1, 0, d, 24, true)));
	assert_null(in(f, mkfrag(f, &K1, 16, d, 16, false)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);
	assert_int_equal(usage(f).mbufs, 0);
	/* The rest of the attack is dropped on arrival. */
	assert_null(in(f, mkfrag(f, &K1, 24, d, 8, false)));
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_DEAD), 1);
	assert_int_equal(f->st[IPSTAT_REASMOKS], 0);

	/* Overlap with the fragment above the new one, and a new fragment
	 * covering a held one. */
	k.id = 7;
	assert_null(in(f, abc(f, &k, 'C')));
	assert_null(in(f, mkfrag(f, &k, 8, d, 16, true)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 2);
	k.id = 8;
	assert_null(in(f, abc(f, &k, 'B')));
	assert_null(in(f, mkfrag(f, &k, 0, d, 24, true)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 3);
	/* Same range, different MF: not a duplicate. */
	k.id = 9;
	assert_null(in(f, abc(f, &k, 'A')));
	assert_null(in(f, mkfrag(f, &k, 8, d, 8, true)));
	assert_null(in(f, mkfrag(f, &k, 8, d, 8, false)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 4);
	assert_int_equal(usage(f).mbufs, 0);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_OVERLAP), 4);
}

/*
 * §6.11: two different ends. A, B(8,8,last) completes at B; a C(16,8,
 * last) afterwards only starts a new entry. A, C(16,8,last), then
 * X(24,8,MF) past the end drops the datagram; so does a second end.
 */
static void
test_two_ends_and_bounds(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;
	uint8_t d[8];

	memset(d, 'B', 8);
	assert_null(in(f, abc(f, &k, 'A')));
	r = in(f, mkfrag(f, &k, 8, d, 8, false));
	check_dgram(f, r, &k, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBB", 16);
	assert_null(in(f, abc(f, &k, 'C')));
	assert_int_equal(usage(f).entries, 1);

	k.id = 2;
	memset(d, 'X', 8);
	assert_null(in(f, abc(f, &k, 'A')));
	assert_null(in(f, abc(f, &k, 'C')));
	assert_null(in(f, mkfrag(f, &k, 24, d, 8, true)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);
	assert_null(in(f, abc(f, &k, 'B')));	/* dead key */

	k.id = 3;
	assert_null(in(f, abc(f, &k, 'C')));
	assert_null(in(f, mkfrag(f, &k, 32, d, 8, false)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 2);

	/* A last fragment below data already held. */
	k.id = 4;
	assert_null(in(f, mkfrag(f, &k, 16, d, 8, true)));
	assert_null(in(f, mkfrag(f, &k, 8, d, 8, false)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 3);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_BOUNDS), 3);
	assert_int_equal(f->st[IPSTAT_REASMOKS], 1);
}

/* Tiny non-last fragments are dropped and counted; a short or empty
 * last fragment is fine. */
static void
test_tiny_fragments(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	uint8_t d[16];
	struct key k = K1;

	memset(d, 't', sizeof(d));
	assert_null(in(f, mkfrag(f, &k, 0, d, 0, true)));
	assert_null(in(f, mkfrag(f, &k, 0, d, 4, true)));
	assert_null(in(f, mkfrag(f, &k, 8, d, 12, true)));
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_TINY), 3);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 3);
	assert_int_equal(f->st[IPSTAT_REASMREQDS], 3);
	assert_int_equal(usage(f).entries, 0);

	/* A, then a 3-byte last: 11 bytes. */
	assert_null(in(f, abc(f, &k, 'A')));
	r = in(f, mkfrag(f, &k, 8, d, 3, false));
	check_dgram(f, r, &k, NULL, 0, (const uint8_t *)"AAAAAAAAttt", 11);

	/* A, then a zero-length last at 8: A alone (Mnet table row). */
	k.id++;
	assert_null(in(f, abc(f, &k, 'A')));
	r = in(f, mkfrag(f, &k, 8, d, 0, false));
	check_dgram(f, r, &k, NULL, 0, (const uint8_t *)"AAAAAAAA", 8);
	/* Zero-length last first. */
	k.id++;
	assert_null(in(f, mkfrag(f, &k, 8, d, 0, false)));
	r = in(f, abc(f, &k, 'A'));
	check_dgram(f, r, &k, NULL, 0, (const uint8_t *)"AAAAAAAA", 8);
}

/*
 * The 65535 limit: a fragment reaching past 65535 - 20 is dropped; a
 * datagram whose fragment 0 carries options so that the total passes
 * 65535 is dropped at completion; the largest valid one completes.
 */
static void
test_max_size(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;
	uint8_t opts[40];
	unsigned int hl, off, n, i;

	fx_table(f, 64, 1u << 20, 256, 0);
	memset(opts, IPV4_OPT_NOP, sizeof(opts));
	fill_rand(f->buf, 65515);

	/* Largest: 65515 payload bytes, 45 fragments of 1480 then 395. */
	k.id = 1;
	for (off = 0, i = 0; off < 65515; off += n, i++) {
		n = 65515 - off > 1480 ? 1480 : 65515 - off;
		r = in(f, mkfrag(f, &k, off, f->buf + off, n,
		    off + n < 65515));
		if (off + n < 65515)
			assert_null(r);
		else
			check_dgram(f, r, &k, NULL, 0, f->buf, 65515);
	}
	assert_int_equal(i, 45);

	/* A fragment at offset 65512 with 8 bytes: past 65535. */
	k.id = 2;
	assert_null(in(f, mkfrag(f, &k, 65512, f->buf, 8, false)));
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_BOUNDS), 1);
	assert_int_equal(usage(f).entries, 0);

	/* 40 bytes of options in fragment 0, 65500 payload: 65540. */
	k.id = 3;
	hl = put_hdr(f->buf2, &k, opts, 40, 1480, 0, true, false);
	memset(f->buf2 + hl, 'o', 1480);
	assert_null(in(f, mbuf_of(pool, f->buf2, hl + 1480)));
	for (off = 1480; off < 65500; off += n) {
		n = 65500 - off > 1480 ? 1480 : 65500 - off;
		assert_null(in(f, mkfrag(f, &k, off, f->buf, n,
		    off + n < 65500)));
	}
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 2);
	assert_int_equal(f->st[IPSTAT_REASMOKS], 1);
	assert_int_equal(usage(f).mbufs, 0);
}

/*
 * §6.12: fragment count limit, both sides: with max_frags 17 a datagram
 * of 17 fragments completes and one of 18 is dropped at the 18th.
 */
static void
test_fragment_count_limit(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;
	unsigned int i, nf;

	fx_table(f, 16, 0, 0, 17);
	fill_rand(f->buf, 18 * 8);
	for (nf = 17; nf <= 18; nf++) {
		k.id = (uint16_t)nf;
		for (i = 0; i < nf; i++) {
			r = in(f, mkfrag(f, &k, i * 8, f->buf + i * 8, 8,
			    i + 1 < nf));
			if (nf == 17 && i == 16)
				check_dgram(f, r, &k, NULL, 0, f->buf, 17 * 8);
			else
				assert_null(r);
		}
	}
	assert_int_equal(f->st[IPSTAT_REASMOKS], 1);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_LIMIT), 1);
	assert_int_equal(usage(f).mbufs, 0);
}

static void
icmp_cb(void *arg, struct rte_mbuf *frag0)
{
	struct fx *f = arg;

	if (f->nicmp < 64)
		f->icmp[f->nicmp] = frag0;
	else
		rte_pktmbuf_free(frag0);
	f->nicmp++;
}

/*
 * §6.13: expiry from the first fragment, not refreshed: last at t+10 s
 * completes; at t+10 s+1 it is dropped, and frag_expire counts the
 * timeout and hands fragment 0 over for ICMP time exceeded.
 */
static void
test_expiry(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;
	uint64_t t0 = f->now;
	const uint8_t *p;

	/* Completes at exactly t + 10 s. */
	assert_null(in(f, abc(f, &k, 'A')));
	f->now = t0 + 5 * HZ;
	assert_null(in(f, abc(f, &k, 'B')));
	f->now = t0 + 10 * HZ;
	frag_expire(f->t, f->now, f->st, icmp_cb, f);
	assert_int_equal(f->nicmp, 0);
	r = in(f, abc(f, &k, 'C'));
	check_dgram(f, r, &k, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBBCCCCCCCC", 24);

	/* Touched at t+5 s, still expires at t+10 s+1. */
	k.id = 2;
	f->now = t0;
	assert_null(in(f, abc(f, &k, 'A')));
	f->now = t0 + 5 * HZ;
	assert_null(in(f, abc(f, &k, 'B')));
	f->now = t0 + 10 * HZ + 1;
	assert_null(in(f, abc(f, &k, 'C')));
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_LATE), 1);
	frag_expire(f->t, f->now, f->st, icmp_cb, f);
	assert_int_equal(f->st[IPSTAT_REASMTIMEOUT], 1);
	assert_int_equal(f->nicmp, 1);
	assert_int_equal(usage(f).entries, 0);
	assert_int_equal(usage(f).mbufs, 0);
	/* Fragment 0 as received: its header and at least 8 bytes. */
	assert_true(f->icmp[0]->pkt_len >= 28);
	p = rte_pktmbuf_mtod(f->icmp[0], const uint8_t *);
	assert_int_equal(ipv4_id(p), 2);
	assert_int_equal(ipv4_frag_off(p), 0);
	assert_true(ipv4_mf(p));
	assert_int_equal(cksum_inet(p, ipv4_hlen(p)), 0);
	assert_int_equal(p[20], 'A');
	rte_pktmbuf_free(f->icmp[0]);

	/* Fragment 0 never seen: timeout counted, no ICMP. */
	k.id = 3;
	assert_null(in(f, abc(f, &k, 'B')));
	assert_null(in(f, abc(f, &k, 'C')));
	f->now += 10 * HZ + 1;
	frag_expire(f->t, f->now, f->st, icmp_cb, f);
	assert_int_equal(f->st[IPSTAT_REASMTIMEOUT], 2);
	assert_int_equal(f->nicmp, 1);
	/* Without a callback fragment 0 is freed. */
	k.id = 4;
	assert_null(in(f, abc(f, &k, 'A')));
	f->now += 10 * HZ + 1;
	frag_expire(f->t, f->now, f->st, NULL, NULL);
	assert_int_equal(f->st[IPSTAT_REASMTIMEOUT], 3);
	/* RFC 4293: a timeout is also a reassembly failure. */
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 3);
	assert_int_equal(usage(f).entries, 0);
}

/* to_expire is configurable. */
static void
test_expiry_configurable(void **state)
{
	struct fx *f = *state;
	struct frag_params prm = {
		.expire_tsc = 30 * HZ, .socket_id = SOCKET_ID_ANY,
	};
	uint64_t t0 = f->now;

	frag_table_free(f->t);
	f->t = frag_table_create(&prm);
	assert_non_null(f->t);
	assert_null(in(f, abc(f, &K1, 'A')));
	frag_expire(f->t, t0 + 30 * HZ, f->st, icmp_cb, f);
	assert_int_equal(usage(f).entries, 1);
	frag_expire(f->t, t0 + 30 * HZ + 1, f->st, icmp_cb, f);
	assert_int_equal(usage(f).entries, 0);
	assert_int_equal(f->nicmp, 1);
	rte_pktmbuf_free(f->icmp[0]);

	/* Neither a lifetime nor hz: refused. */
	prm.expire_tsc = 0;
	prm.hz = 0;
	assert_null(frag_table_create(&prm));
	assert_int_equal(rte_errno, EINVAL);
}

/*
 * §6.14: entries bound: the least recently touched datagram goes first;
 * one touched recently survives and completes.
 */
static void
test_entries_bound_lru(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;
	uint16_t i;

	fx_table(f, 8, 0, 0, 0);
	for (i = 0; i < 8; i++) {
		k.id = i;
		assert_null(in(f, abc(f, &k, 'A')));
	}
	k.id = 0;
	assert_null(in(f, abc(f, &k, 'B')));	/* touch D0 */
	k.id = 8;
	assert_null(in(f, abc(f, &k, 'A')));	/* evicts D1 */
	assert_int_equal(usage(f).entries, 8);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_EVICT), 1);
	k.id = 0;
	r = in(f, abc(f, &k, 'C'));
	check_dgram(f, r, &k, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBBCCCCCCCC", 24);
	k.id = 1;
	assert_null(in(f, abc(f, &k, 'B')));
	assert_null(in(f, abc(f, &k, 'C')));
	assert_int_equal(f->st[IPSTAT_REASMOKS], 1);
}

/*
 * Flood of thousands of distinct incomplete datagrams against byte,
 * entry and mbuf bounds: the bounds hold after every fragment, the
 * oldest go, the newest survive, and full expiry empties the table and
 * gives every mbuf back to the pool.
 */
static void
test_flood_bounds(void **state)
{
	struct fx *f = *state;
	struct frag_usage u;
	struct rte_mbuf *r;
	struct key k = K1;
	unsigned int i, held, maxm, n = 5000;

	fx_table(f, 256, 256 * 1024, 512, 0);
	fill_rand(f->buf, 1480);
	for (i = 0; i < n; i++) {
		k.src = SRC + (i >> 16);
		k.id = (uint16_t)i;
		assert_null(in(f, mkfrag(f, &k, 0, f->buf, 1480, true)));
		u = usage(f);
		assert_true(u.bytes <= 256 * 1024);
		assert_true(u.entries <= 256);
		assert_true(u.mbufs <= 512);
	}
	held = usage(f).entries;
	assert_int_equal(held, 256 * 1024 / 1500);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], n - held);
	assert_true(rte_mempool_in_use_count(pool) ==
	    f->in_use0[0] + held);

	/* The newest completes; the oldest was evicted. */
	k.id = (uint16_t)(n - 1);
	r = in(f, mkfrag(f, &k, 1480, f->buf, 8, false));
	memcpy(f->buf + 1480, f->buf, 8);
	check_dgram(f, r, &k, NULL, 0, f->buf, 1488);
	k.id = 0;
	assert_null(in(f, mkfrag(f, &k, 1480, f->buf, 8, false)));

	/* Small fragments of 30 interleaved datagrams against the mbuf
	 * bound. */
	maxm = 0;
	for (i = 0; i < 3000; i++) {
		k.src = SRC + 100;
		k.id = (uint16_t)(20000 + i % 30);
		assert_null(in(f, mkfrag(f, &k, i / 30 * 8, f->buf, 8, true)));
		u = usage(f);
		assert_true(u.mbufs <= 512);
		assert_true(u.entries <= 256);
		if (u.mbufs > maxm)
			maxm = u.mbufs;
	}
	assert_true(maxm >= 500);

	/* Full expiry returns every mbuf. */
	f->now += FRAG_EXPIRE_S * HZ + 1;
	frag_expire(f->t, f->now, f->st, icmp_cb, f);
	u = usage(f);
	assert_int_equal(u.entries, 0);
	assert_int_equal(u.bytes, 0);
	assert_int_equal(u.mbufs, 0);
	assert_int_equal(rte_mempool_in_use_count(pool), f->in_use0[0] +
	    (f->nicmp < 64 ? f->nicmp : 64));
	for (i = 0; i < f->nicmp && i < 64; i++)
		rte_pktmbuf_free(f->icmp[i]);
}

/* §6.15: key isolation; an unfragmented packet with a pending key is
 * delivered on its own and the pending datagram still completes. */
static void
test_key_isolation(void **state)
{
	struct fx *f = *state;
	struct key k2 = K1, k3 = K1;
	struct rte_mbuf *m, *r;
	unsigned int hl;

	k2.proto = 6;
	k3.src = SRC + 1;
	assert_null(in(f, abc(f, &K1, 'A')));
	assert_null(in(f, abc(f, &k2, 'C')));
	assert_null(in(f, abc(f, &k3, 'B')));
	assert_null(in(f, abc(f, &k2, 'A')));
	assert_int_equal(usage(f).entries, 3);

	hl = put_hdr(f->buf, &K1, NULL, 0, 4, 0, false, false);
	memcpy(f->buf + hl, "solo", 4);
	m = mbuf_of(pool, f->buf, hl + 4);
	r = in(f, m);
	assert_ptr_equal(r, m);
	rte_pktmbuf_free(r);

	assert_null(in(f, abc(f, &K1, 'B')));
	r = in(f, abc(f, &k2, 'B'));
	check_dgram(f, r, &k2, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBBCCCCCCCC", 24);
	r = in(f, abc(f, &K1, 'C'));
	check_dgram(f, r, &K1, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBBCCCCCCCC", 24);
	assert_int_equal(usage(f).entries, 1);	/* k3 still waits */
}

/* Record route (not copied), NOP, router alert (copied). */
static const uint8_t opts12[12] = {
	0x07, 0x07, 0x04, 0, 0, 0, 0, IPV4_OPT_NOP, 0x94, 0x04, 0x00, 0x00,
};
static const uint8_t copts4[4] = { 0x94, 0x04, 0x00, 0x00 };

/* §6.17: options: the datagram keeps fragment 0's options and its
 * payload length is total - IHL*4 (Mnet used total - 20). */
static void
test_reassemble_options(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	unsigned int hl;
	uint8_t pl[24];

	fill_rand(pl, sizeof(pl));
	hl = put_hdr(f->buf, &K1, copts4, 4, 8, 8, true, false);
	memcpy(f->buf + hl, pl + 8, 8);
	assert_null(in(f, mbuf_of(pool, f->buf, hl + 8)));
	hl = put_hdr(f->buf, &K1, copts4, 4, 8, 16, false, false);
	memcpy(f->buf + hl, pl + 16, 8);
	assert_null(in(f, mbuf_of(pool, f->buf, hl + 8)));
	hl = put_hdr(f->buf, &K1, opts12, 12, 8, 0, true, false);
	memcpy(f->buf + hl, pl, 8);
	r = in(f, mbuf_of(pool, f->buf, hl + 8));
	check_dgram(f, r, &K1, opts12, 12, pl, 24);
}

/* Malformed input is dropped and counted, never delivered. */
static void
test_malformed(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *m;
	unsigned int hl;

	/* Shorter than a header. */
	hl = put_hdr(f->buf, &K1, NULL, 0, 8, 8, true, false);
	assert_null(in(f, mbuf_of(pool, f->buf, 10)));
	/* Total length past the buffer. */
	assert_null(in(f, mbuf_of(pool, f->buf, hl + 4)));
	/* Header split over two segments. */
	memset(f->buf + hl, 'm', 8);
	m = chain_of(pool, f->buf, hl + 8, 12, 100);
	assert_null(in(f, m));
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_MALFORMED), 3);
	assert_int_equal(usage(f).entries, 0);
}

/*
 * Segment limit: two fragments whose chains hold 40000 and 30000
 * segments would exceed RTE_MBUF_MAX_NB_SEGS: the datagram is dropped
 * and counted, not chained.
 */
static struct rte_mbuf *
many_segs(struct fx *f, const struct key *k, unsigned int off, char c,
    bool mf, unsigned int nseg)
{
	struct rte_mbuf *h, *tail, *s;
	unsigned int hl, i;
	uint8_t d[8];

	memset(d, c, 8);
	hl = put_hdr(f->buf2, k, NULL, 0, 8, off, mf, false);
	h = mbuf_of(spool, f->buf2, hl);
	tail = mbuf_of(spool, d, 8);
	h->next = tail;
	h->nb_segs = 2;
	h->pkt_len += 8;
	for (i = 2; i < nseg; i++) {
		s = rte_pktmbuf_alloc(spool);
		assert_non_null(s);
		tail->next = s;
		tail = s;
		h->nb_segs++;
	}
	return h;
}

static void
test_segment_limit(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *r;
	struct key k = K1;

	fx_table(f, 16, 1u << 24, 16, 0);
	/* Below the limit: a 300-segment fragment chains fine. */
	k.id = 1;
	assert_null(in(f, many_segs(f, &k, 0, 'A', true, 300)));
	r = in(f, mkfrag(f, &k, 8, (const uint8_t *)"BBBBBBBB", 8, false));
	assert_non_null(r);
	assert_int_equal(r->nb_segs, 301);
	check_dgram(f, r, &k, NULL, 0,
	    (const uint8_t *)"AAAAAAAABBBBBBBB", 16);
	k.id = 2;
	assert_null(in(f, many_segs(f, &k, 0, 'A', true, 40000)));
	assert_null(in(f, many_segs(f, &k, 8, 'B', false, 30000)));
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 1);
	assert_int_equal(frag_table_drops(f->t, FRAG_DROP_LIMIT), 1);
	assert_int_equal(usage(f).mbufs, 0);
	assert_int_equal(rte_mempool_in_use_count(spool), f->in_use0[2]);
}

/* Expected fragment count for plen payload bytes, header hl0 then hlk. */
static unsigned int
expect_n(unsigned int plen, unsigned int hl0, unsigned int hlk,
    unsigned int mtu)
{
	unsigned int pos, n;

	if (hl0 + plen <= mtu)
		return 1;
	pos = (mtu - hl0) / 8 * 8;
	for (n = 1; pos < plen; n++)
		pos += (mtu - hlk) / 8 * 8;
	return n;
}

/*
 * Check out[0..n-1], fragments of the datagram orig (tlen bytes) at mtu:
 * each at most mtu, same ID/TTL/TOS/proto/addresses, valid checksum,
 * options (all in the first, copied ones after), offsets continuing from
 * orig's in multiples of 8, MF on all but the last which keeps orig's,
 * headroom kept, and the payloads concatenate to orig's.
 */
static void
check_frags(struct fx *f, struct rte_mbuf **out, unsigned int n,
    const uint8_t *orig, unsigned int mtu, const uint8_t *copts,
    unsigned int coptlen)
{
	unsigned int hl0 = ipv4_hlen(orig), tlen = ipv4_tlen(orig);
	unsigned int off0 = ipv4_frag_off(orig), pos = 0, i, hl, pl;
	const uint8_t *p;

	for (i = 0; i < n; i++) {
		assert_true(out[i]->pkt_len <= mtu);
		assert_int_equal(rte_pktmbuf_headroom(out[i]), HEADROOM);
		p = rte_pktmbuf_read(out[i], 0, out[i]->pkt_len, f->buf2);
		assert_non_null(p);
		assert_int_equal(ipv4_check(p, out[i]->pkt_len), IPV4_OK);
		hl = ipv4_hlen(p);
		pl = ipv4_tlen(p) - hl;
		assert_int_equal(ipv4_tlen(p), out[i]->pkt_len);
		assert_int_equal(cksum_inet(p, hl), 0);
		if (i == 0) {
			assert_int_equal(hl, hl0);
			assert_memory_equal(p + 20, orig + 20, hl0 - 20);
		} else {
			assert_int_equal(hl, 20 + coptlen);
			if (coptlen != 0)
				assert_memory_equal(p + 20, copts, coptlen);
		}
		assert_int_equal(ipv4_tos(p), ipv4_tos(orig));
		assert_int_equal(ipv4_id(p), ipv4_id(orig));
		assert_int_equal(ipv4_ttl(p), ipv4_ttl(orig));
		assert_int_equal(ipv4_proto(p), ipv4_proto(orig));
		assert_int_equal(ipv4_src(p), ipv4_src(orig));
		assert_int_equal(ipv4_dst(p), ipv4_dst(orig));
		assert_false(ipv4_df(p));
		assert_int_equal(ipv4_frag_off(p), off0 + pos);
		if (i + 1 < n) {
			assert_true(ipv4_mf(p));
			assert_true(pl >= 8);
			assert_int_equal(pl % 8, 0);
			assert_true(out[i]->pkt_len > mtu - 8);
		} else
			assert_int_equal(ipv4_mf(p), ipv4_mf(orig));
		assert_memory_equal(p + hl, orig + hl0 + pos, pl);
		pos += pl;
	}
	assert_int_equal(pos, tlen - hl0);
}

/* Build a datagram of plen random bytes (options optional) in f->buf
 * and return it as an mbuf: one segment when it fits, else a chain. */
static struct rte_mbuf *
mkdgram(struct fx *f, const struct key *k, const uint8_t *opts,
    unsigned int optlen, unsigned int plen, unsigned int off, bool mf,
    bool df)
{
	unsigned int hl = put_hdr(f->buf, k, opts, optlen, plen, off, mf, df);

	fill_rand(f->buf + hl, plen);
	if (hl + plen <= 2000)
		return mbuf_of(pool, f->buf, hl + plen);
	return chain_of(pool, f->buf, hl + plen, hl, 1800);
}

/* Reassemble out[0..n-1] (fed last first) and compare with f->buf. */
static void
reassemble_back(struct fx *f, struct rte_mbuf **out, unsigned int n,
    const struct key *k)
{
	unsigned int hl = ipv4_hlen(f->buf), tlen = ipv4_tlen(f->buf), i;
	struct rte_mbuf *r = NULL;

	for (i = n; i-- > 0;) {
		r = in(f, out[i]);
		if (i != 0)
			assert_null(r);
	}
	check_dgram(f, r, k, f->buf + 20, hl - 20, f->buf + hl, tlen - hl);
}

/* §6.1, §6.2, §6.4: exact sizes and offset fields. */
static void
test_fragment_exact(void **state)
{
	static const struct {
		unsigned int mtu, plen, n;
		unsigned int len[3], offf[3];
	} c[] = {
		{ 1500, 1481, 2, { 1500, 21 }, { 0, 185 } },
		{ 1500, 4000, 3, { 1500, 1500, 1060 }, { 0, 185, 370 } },
		{ 9000, 20000, 3, { 8996, 8996, 2068 }, { 0, 1122, 2244 } },
		{ 576, 1000, 2, { 572, 468 }, { 0, 69 } },
	};
	struct fx *f = *state;
	struct rte_mbuf *m;
	unsigned int i, j;
	int n;
	const uint8_t *p;

	/* 1480 bytes: one packet, m itself, untouched. */
	m = mkdgram(f, &K1, NULL, 0, 1480, 0, false, false);
	n = frag_fragment4(m, 1500, pool, HEADROOM, f->out, MAXOUT, f->st);
	assert_int_equal(n, 1);
	assert_ptr_equal(f->out[0], m);
	assert_int_equal(m->pkt_len, 1500);
	assert_int_equal(f->st[IPSTAT_FRAGOKS], 0);
	rte_pktmbuf_free(m);

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		m = mkdgram(f, &K1, NULL, 0, c[i].plen, 0, false, false);
		n = frag_fragment4(m, c[i].mtu, c[i].mtu > 2000 ? jpool : pool,
		    HEADROOM, f->out, MAXOUT, f->st);
		assert_int_equal(n, c[i].n);
		for (j = 0; j < c[i].n; j++) {
			p = rte_pktmbuf_mtod(f->out[j], const uint8_t *);
			assert_int_equal(f->out[j]->pkt_len, c[i].len[j]);
			assert_int_equal(ipv4_tlen(p), c[i].len[j]);
			assert_int_equal(ipv4_frag(p) & IPV4_OFFMASK,
			    c[i].offf[j]);
		}
		check_frags(f, f->out, (unsigned int)n, f->buf, c[i].mtu,
		    NULL, 0);
		reassemble_back(f, f->out, (unsigned int)n, &K1);
	}
	assert_int_equal(f->st[IPSTAT_FRAGOKS], 4);
	assert_int_equal(f->st[IPSTAT_FRAGCREATES], 10);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 0);
}

/*
 * Every MTU (1500, 1280, 576, 68, 9000 and the odd 1499, 577) times
 * sizes times copy/attach: the rules of check_frags hold and reassembly
 * of our own fragments gives the original back.
 */
static void
test_fragment_matrix(void **state)
{
	static const unsigned int mtus[] = {
		1500, 1280, 576, 68, 9000, 1499, 577, 1006,
	};
	static const unsigned int sizes[] = {
		1, 48, 100, 1472, 1480, 1481, 4000, 8981, 20000,
	};
	static const enum frag_mode modes[] = {
		FRAG_MODE_AUTO, FRAG_MODE_COPY, FRAG_MODE_ATTACH,
	};
	struct fx *f = *state;
	struct rte_mempool *mp;
	struct rte_mbuf *m;
	struct key k = K1;
	unsigned int a, b, c, want, oks = 0, creates = 0;
	int n;

	fx_table(f, 64, 1u << 22, 4096, 0);
	for (a = 0; a < sizeof(mtus) / sizeof(mtus[0]); a++)
	for (b = 0; b < sizeof(sizes) / sizeof(sizes[0]); b++)
	for (c = 0; c < 3; c++) {
		k.id++;
		m = mkdgram(f, &k, NULL, 0, sizes[b], 0, false, false);
		mp = mtus[a] > 2000 && modes[c] == FRAG_MODE_COPY ? jpool :
		    pool;
		n = frag_fragment4_mode(m, mtus[a], mp, HEADROOM, f->out,
		    MAXOUT, f->st, modes[c]);
		want = expect_n(sizes[b], 20, 20, mtus[a]);
		assert_int_equal(n, want);
		if (want == 1) {
			assert_ptr_equal(f->out[0], m);
			rte_pktmbuf_free(m);
			continue;
		}
		oks++;
		creates += want;
		if (modes[c] == FRAG_MODE_ATTACH ||
		    (modes[c] == FRAG_MODE_AUTO && mtus[a] > 2000))
			assert_true(f->out[0]->nb_segs >= 2);
		else
			assert_int_equal(f->out[0]->nb_segs, 1);
		check_frags(f, f->out, (unsigned int)n, f->buf, mtus[a],
		    NULL, 0);
		reassemble_back(f, f->out, (unsigned int)n, &k);
	}
	assert_int_equal(f->st[IPSTAT_FRAGOKS], oks);
	assert_int_equal(f->st[IPSTAT_FRAGCREATES], creates);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 0);
	assert_int_equal(f->st[IPSTAT_REASMOKS], oks);
}

/* Options: all in the first piece, copied ones only after; MTU 68 with
 * a full 60-byte header gives 8 bytes in the first piece. */
static void
test_fragment_options(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *m;
	uint8_t nops[40];
	unsigned int i;
	int n;

	for (i = 0; i < 2; i++) {
		m = mkdgram(f, &K1, opts12, 12, 3000, 0, false, false);
		n = frag_fragment4_mode(m, 576, pool, HEADROOM, f->out, MAXOUT,
		    f->st, i == 0 ? FRAG_MODE_COPY : FRAG_MODE_ATTACH);
		assert_int_equal(n, expect_n(3000, 32, 24, 576));
		check_frags(f, f->out, (unsigned int)n, f->buf, 576, copts4, 4);
		reassemble_back(f, f->out, (unsigned int)n, &K1);
	}

	memset(nops, IPV4_OPT_NOP, sizeof(nops));
	m = mkdgram(f, &K1, nops, 40, 200, 0, false, false);
	n = frag_fragment4(m, 68, pool, HEADROOM, f->out, MAXOUT, f->st);
	assert_int_equal(n, expect_n(200, 60, 20, 68));
	assert_int_equal(f->out[0]->pkt_len, 68);
	assert_int_equal(f->out[1]->pkt_len, 68);
	assert_int_equal(rte_pktmbuf_mtod(f->out[1], uint8_t *)[0], 0x45);
	check_frags(f, f->out, (unsigned int)n, f->buf, 68, NULL, 0);
	reassemble_back(f, f->out, (unsigned int)n, &K1);

	/* Malformed options: dropped, FragFails. */
	nops[0] = 0x44;
	nops[1] = 50;
	m = mkdgram(f, &K1, nops, 40, 200, 0, false, false);
	assert_int_equal(frag_fragment4(m, 68, pool, HEADROOM, f->out,
	    MAXOUT, f->st), 0);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 1);
}

/* §6.3: gather: payload in segments "abc", "defghij", "klmnop" at MTU
 * 28 gives abcdefgh and ijklmnop; an empty segment changes nothing. */
static void
test_fragment_gather(void **state)
{
	static const char *parts[2][4] = {
		{ "abc", "defghij", "klmnop", NULL },
		{ "abc", "", "defghij", "klmnop" },
	};
	struct fx *f = *state;
	struct rte_mbuf *m, *s;
	unsigned int v, i, c, hl;
	const uint8_t *p;
	int n;

	for (v = 0; v < 2; v++)
	for (c = 0; c < 2; c++) {
		hl = put_hdr(f->buf, &K1, NULL, 0, 16, 0, false, false);
		m = mbuf_of(pool, f->buf, hl);
		for (i = 0; i < 4 && parts[v][i] != NULL; i++) {
			s = rte_pktmbuf_alloc(pool);
			assert_non_null(s);
			memcpy(rte_pktmbuf_append(s,
			    (uint16_t)strlen(parts[v][i])), parts[v][i],
			    strlen(parts[v][i]));
			assert_int_equal(rte_pktmbuf_chain(m, s), 0);
		}
		n = frag_fragment4_mode(m, 28, pool, HEADROOM, f->out, MAXOUT,
		    f->st, c == 0 ? FRAG_MODE_COPY : FRAG_MODE_ATTACH);
		assert_int_equal(n, 2);
		p = rte_pktmbuf_read(f->out[0], 20, 8, f->buf2);
		assert_memory_equal(p, "abcdefgh", 8);
		p = rte_pktmbuf_read(f->out[1], 20, 8, f->buf2);
		assert_memory_equal(p, "ijklmnop", 8);
		assert_int_equal(f->out[1]->pkt_len, 28);
		rte_pktmbuf_free_bulk(f->out, 2);
	}
}

/* DF: -EMSGSIZE, m not consumed; too small an MTU, too few out slots or
 * an empty pool: 0 and dropped; FragFails each time, nothing leaks. */
static void
test_fragment_failures(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *m;
	uint8_t nops[40];
	int n;

	m = mkdgram(f, &K1, NULL, 0, 2000, 0, false, true);
	n = frag_fragment4(m, 1500, pool, HEADROOM, f->out, MAXOUT, f->st);
	assert_int_equal(n, -EMSGSIZE);
	assert_int_equal(m->pkt_len, 2020);
	assert_true(ipv4_df(rte_pktmbuf_mtod(m, uint8_t *)));
	assert_int_equal(rte_mbuf_refcnt_read(m), 1);
	rte_pktmbuf_free(m);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 1);

	/* DF but it fits: sent as is. */
	m = mkdgram(f, &K1, NULL, 0, 1000, 0, false, true);
	assert_int_equal(frag_fragment4(m, 1500, pool, HEADROOM, f->out,
	    MAXOUT, f->st), 1);
	assert_ptr_equal(f->out[0], m);
	rte_pktmbuf_free(m);

	memset(nops, IPV4_OPT_NOP, sizeof(nops));
	m = mkdgram(f, &K1, nops, 40, 200, 0, false, false);
	assert_int_equal(frag_fragment4(m, 67, pool, HEADROOM, f->out,
	    MAXOUT, f->st), 0);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 2);

	m = mkdgram(f, &K1, NULL, 0, 4000, 0, false, false);
	assert_int_equal(frag_fragment4(m, 1500, pool, HEADROOM, f->out, 2,
	    f->st), 0);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 3);

	/* The four-mbuf pool runs dry half-way, in both modes. */
	m = mkdgram(f, &K1, NULL, 0, 10000, 0, false, false);
	assert_int_equal(frag_fragment4_mode(m, 1500, tpool, HEADROOM,
	    f->out, MAXOUT, f->st, FRAG_MODE_COPY), 0);
	m = mkdgram(f, &K1, NULL, 0, 10000, 0, false, false);
	assert_int_equal(frag_fragment4_mode(m, 1500, tpool, HEADROOM,
	    f->out, MAXOUT, f->st, FRAG_MODE_ATTACH), 0);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 5);
	/* Copy forced with a pool too small for the MTU. */
	m = mkdgram(f, &K1, NULL, 0, 10000, 0, false, false);
	assert_int_equal(frag_fragment4_mode(m, 9000, pool, HEADROOM,
	    f->out, MAXOUT, f->st, FRAG_MODE_COPY), 0);
	assert_int_equal(f->st[IPSTAT_FRAGFAILS], 6);
	assert_int_equal(f->st[IPSTAT_FRAGOKS], 0);
	assert_int_equal(f->st[IPSTAT_FRAGCREATES], 0);
	assert_int_equal(rte_mempool_in_use_count(tpool), f->in_use0[3]);
}

/*
 * Forwarding: a fragment is cut again. Offsets continue from its own,
 * the last piece keeps its MF, and the original datagram reassembles
 * from the first fragment plus the pieces of the other two.
 */
static void
test_refragment_forwarded(void **state)
{
	struct fx *f = *state;
	struct rte_mbuf *first[3], *m, *r = NULL;
	uint8_t orig[4020], fr[1500];
	unsigned int i, j, mode;
	int n;

	for (mode = 0; mode < 2; mode++) {
		m = mkdgram(f, &K1, NULL, 0, 4000, 0, false, false);
		memcpy(orig, f->buf, 4020);
		assert_int_equal(frag_fragment4_mode(m, 1500, pool, HEADROOM,
		    first, 3, f->st, FRAG_MODE_COPY), 3);
		assert_null(in(f, first[0]));
		for (i = 1; i < 3; i++) {
			memcpy(fr, rte_pktmbuf_read(first[i], 0,
			    first[i]->pkt_len, f->buf2), first[i]->pkt_len);
			n = frag_fragment4_mode(first[i], 576, pool, HEADROOM,
			    f->out, MAXOUT, f->st,
			    mode == 0 ? FRAG_MODE_COPY : FRAG_MODE_ATTACH);
			assert_true(n >= 2);
			check_frags(f, f->out, (unsigned int)n, fr, 576, NULL,
			    0);
			for (j = 0; j < (unsigned int)n; j++) {
				r = in(f, f->out[j]);
				if (!(i == 2 && j + 1 == (unsigned int)n))
					assert_null(r);
			}
		}
		check_dgram(f, r, &K1, NULL, 0, orig + 20, 4000);
	}
}

/*
 * Many datagrams, random sizes and MTUs, all fragments shuffled together
 * with random duplicates: each reassembles to its exact bytes. A
 * duplicate arriving after its datagram completed starts a new entry;
 * when every fragment was duplicated late the datagram is delivered a
 * second time, byte-identical, as a duplicated datagram would be.
 */
static void
test_random_orders(void **state)
{
	enum { ND = 200 };
	static const unsigned int mtus[] = {
		1500, 1280, 576, 1499, 577, 9000, 68,
	};
	struct fx *f = *state;
	static uint8_t data[ND][8020];
	static struct rte_mbuf *all[16384];
	struct rte_mbuf *m, *r;
	unsigned int i, j, na = 0, plen[ND], got = 0, ndup = 0;
	int n;
	uint8_t seen[ND] = { 0 };
	struct key k = K1;

	fx_table(f, 1024, 1u << 23, 16384, 0);
	for (i = 0; i < ND; i++) {
		unsigned int mtu = mtus[rng() % 7];

		plen[i] = 1 + rng() % (mtu == 68 ? 1000 : 8000);
		k.id = (uint16_t)(5000 + i);
		k.proto = (uint8_t)(i % 2 ? 17 : 6);
		m = mkdgram(f, &k, NULL, 0, plen[i], 0, false, false);
		memcpy(data[i], f->buf, 20 + plen[i]);
		n = frag_fragment4_mode(m, mtu, mtu > 2000 ? jpool : pool,
		    HEADROOM, f->out, MAXOUT, f->st,
		    rng() % 2 ? FRAG_MODE_ATTACH : FRAG_MODE_AUTO);
		assert_true(n >= 1);
		for (j = 0; j < (unsigned int)n; j++) {
			all[na++] = f->out[j];
			if (n > 1 && rng() % 10 == 0) {
				all[na++] = rte_pktmbuf_copy(f->out[j], pool, 0,
				    UINT32_MAX);
				assert_non_null(all[na - 1]);
				ndup++;
			}
		}
		assert_true(na < 16000);
	}
	for (i = na; i > 1; i--) {
		j = rng() % i;
		m = all[i - 1];
		all[i - 1] = all[j];
		all[j] = m;
	}
	for (i = 0; i < na; i++) {
		r = in(f, all[i]);
		if (r == NULL)
			continue;
		j = ipv4_id(rte_pktmbuf_mtod(r, uint8_t *)) - 5000u;
		assert_true(j < ND);
		if (!seen[j])
			got++;
		seen[j] = 1;
		k.id = (uint16_t)(5000 + j);
		k.proto = (uint8_t)(j % 2 ? 17 : 6);
		check_dgram(f, r, &k, NULL, 0, data[j] + 20, plen[j]);
	}
	assert_int_equal(got, ND);
	assert_int_equal(f->st[IPSTAT_REASMFAILS], 0);
	assert_true(ndup > 0);
	assert_true(frag_table_drops(f->t, FRAG_DROP_DUP) > 0);
	assert_true(frag_table_drops(f->t, FRAG_DROP_DUP) +
	    usage(f).mbufs <= ndup);
	f->now += FRAG_EXPIRE_S * HZ + 1;
	frag_expire(f->t, f->now, f->st, NULL, NULL);
	assert_int_equal(usage(f).mbufs, 0);
	assert_int_equal(usage(f).entries, 0);
}

/* frag_steer: deterministic, in range, spread; ip4_mtu_ok bounds. */
static void
test_steer_and_mtu(void **state)
{
	unsigned int cnt[4] = { 0 }, i, c;

	(void)state;
	for (i = 0; i < 40000; i++) {
		c = frag_steer(SRC + (i % 7), DST, (uint16_t)i, 17, 4);
		assert_true(c < 4);
		assert_int_equal(c, frag_steer(SRC + (i % 7), DST, (uint16_t)i,
		    17, 4));
		cnt[c]++;
	}
	for (i = 0; i < 4; i++)
		assert_true(cnt[i] > 9000 && cnt[i] < 11000);
	assert_int_equal(frag_steer(SRC, DST, 1, 6, 1), 0);

	assert_int_equal(ip4_mtu_ok(0), 0);
	assert_int_equal(ip4_mtu_ok(67), 0);
	assert_int_equal(ip4_mtu_ok(68), 1);
	assert_int_equal(ip4_mtu_ok(1500), 1);
	assert_int_equal(ip4_mtu_ok(65535), 1);
	assert_int_equal(ip4_mtu_ok(65536), 0);
}

/*
 * Copy against attach: cycles to cut a 8000-byte datagram at MTU 1500
 * and free the pieces (printed, not asserted beyond correctness).
 */
static void
test_measure_copy_attach(void **state)
{
	static const char *name[] = { "", "copy", "attach" };
	struct fx *f = *state;
	struct rte_mbuf *m;
	uint64_t t0, best;
	unsigned int mode, i, plen, s;
	static const unsigned int plens[] = { 1600, 8000, 60000 };
	int n;

	for (s = 0; s < 3; s++)
	for (mode = FRAG_MODE_COPY; mode <= FRAG_MODE_ATTACH; mode++) {
		plen = plens[s];
		best = UINT64_MAX;
		for (i = 0; i < 200; i++) {
			m = mkdgram(f, &K1, NULL, 0, plen, 0, false, false);
			t0 = rte_rdtsc();
			n = frag_fragment4_mode(m, 1500, pool, HEADROOM, f->out,
			    MAXOUT, f->st, (enum frag_mode)mode);
			rte_pktmbuf_free_bulk(f->out, (unsigned int)n);
			t0 = rte_rdtsc() - t0;
			assert_int_equal(n, expect_n(plen, 20, 20, 1500));
			if (t0 < best)
				best = t0;
		}
		printf("frag %u bytes at MTU 1500, %s: %" PRIu64
		    " TSC cycles (best of 200, incl. free)\n", plen,
		    name[mode], best);
	}
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *eal[] = {
		argv[0], "--no-huge", "-m", "256", "--no-pci", "--no-shconf",
		prefix, "-l", "0", "--log-level=error",
	};
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
		T(test_unfragmented_zero_copy),
		T(test_in_order_and_swapped),
		T(test_last_before_middle),
		T(test_last_first),
		T(test_first_last),
		T(test_all_orders),
		T(test_duplicates),
		T(test_overlap_drops_datagram),
		T(test_teardrop),
		T(test_two_ends_and_bounds),
		T(test_tiny_fragments),
		T(test_max_size),
		T(test_fragment_count_limit),
		T(test_expiry),
		T(test_expiry_configurable),
		T(test_entries_bound_lru),
		T(test_flood_bounds),
		T(test_key_isolation),
		T(test_reassemble_options),
		T(test_malformed),
		T(test_segment_limit),
		T(test_fragment_exact),
		T(test_fragment_matrix),
		T(test_fragment_options),
		T(test_fragment_gather),
		T(test_fragment_failures),
		T(test_refragment_forwarded),
		T(test_random_orders),
		T(test_steer_and_mtu),
		T(test_measure_copy_attach),
#undef T
	};

	(void)argc;
	snprintf(prefix, sizeof(prefix), "--file-prefix=test_frag_%d",
	    (int)getpid());
	if (rte_eal_init((int)(sizeof(eal) / sizeof(eal[0])), eal) < 0) {
		fprintf(stderr, "EAL unavailable: %s; skipped\n",
		    rte_strerror(rte_errno));
		return 77;
	}
	pool = rte_pktmbuf_pool_create("frag_pool", 16383, 256, 0,
	    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	jpool = rte_pktmbuf_pool_create("frag_jpool", 511, 32, 0,
	    9216 + RTE_PKTMBUF_HEADROOM, SOCKET_ID_ANY);
	spool = rte_pktmbuf_pool_create("frag_spool", 72000, 256, 0,
	    256, SOCKET_ID_ANY);
	tpool = rte_pktmbuf_pool_create("frag_tpool", 4, 0, 0,
	    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (pool == NULL || jpool == NULL || spool == NULL || tpool == NULL) {
		fprintf(stderr, "mbuf pools: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	return cmocka_run_group_tests_name("frag", tests, NULL, NULL);
}
