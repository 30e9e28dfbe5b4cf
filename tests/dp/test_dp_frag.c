/* SPDX-License-Identifier: MIT */
/*
 * Fragmentation and reassembly in the running data plane (stack/ip4.c
 * with stack/frag.c, stack/core.c, stack/msg.c) through the real input
 * path: fragmented echo requests reassembled and answered with fragmented
 * replies at several MTUs (jumbo chains too), zero-copy delivery of
 * unfragmented datagrams and chains for reassembled ones, forwarding with
 * fragmentation and ICMP 3/4 on DF, the per-interface `reassemble` for
 * forwarded traffic, expiry with ICMP 11/1 only when fragment 0 was seen,
 * steering to one core with two cores, and the table's bounds with every
 * mbuf returned. Suite 'eal'.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "pmd_glue/port.h"
#include "stack/core.h"
#include "stack/frag.h"
#include "stack/wire/icmp4.h"
#include "stack/wire/ipv4.h"
#include "tests/dp/dpfix.h"

static const uint8_t peer1[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x01 };

#define US	IP4(192, 0, 2, 2)
#define P1	IP4(192, 0, 2, 1)
#define FAR7	IP4(198, 51, 100, 7)

#define MAXFRAMES	1024
#define BIG		65536

static const char *const one_port[] = {
	"ipifc/clone bind ether port0",
	"ipifc/0/ctl add 192.0.2.2 255.255.255.0",
	"arp add 192.0.2.1 020000000201",
	NULL,
};

static const char *const router[] = {
	"ipifc/clone bind ether port0",
	"ipifc/0/ctl add 192.0.2.2 255.255.255.0",
	"ipifc/clone bind ether port1",
	"ipifc/1/ctl add 198.51.100.2 255.255.255.0",
	"ipifc/0/ctl iprouting 1",
	"arp add 192.0.2.1 020000000201",
	"arp add 198.51.100.7 020000000307",
	NULL,
};

/* Per test: the fixture and the pool's in-use count after setup. */
struct fx {
	struct dpfix *f;
	unsigned int baseline;
	struct rte_mbuf *out[MAXFRAMES];
	uint8_t frame[BIG];
	uint8_t dgram[BIG];
	uint8_t hdr[60];
};

static unsigned int
in_use(void)
{
	return rte_mempool_in_use_count(dpfix_pool());
}


static int
setup_with(void **state, unsigned int nports, unsigned int ncores,
    const char *const *lines, unsigned int maxtu)
{
	struct fx *x;

	if (dpfix_eal() != 0)
		skip();
	x = calloc(1, sizeof(*x));
	assert_non_null(x);
	x->f = dpfix_ready(nports, ncores, lines, maxtu);
	x->baseline = in_use();
	*state = x;
	return 0;
}

static int
setup1(void **state)
{
	return setup_with(state, 1, 1, one_port, 1514);
}

static int
setup1_jumbo(void **state)
{
	return setup_with(state, 1, 1, one_port, 9014);
}

static int
setup2c(void **state)
{
	return setup_with(state, 1, 2, one_port, 1514);
}

static int
setup_router(void **state)
{
	return setup_with(state, 2, 1, router, 1514);
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	dpfix_free(x->f);
	free(x);
	return 0;
}

static uint64_t
ipstat(const struct dpfix *f, unsigned int ci, enum ipstat s)
{
	return f->cores[ci].ipstats[s];
}

/*
 * Send the datagram with payload pl (plen bytes) from P1 to dst as
 * fragments of fragsz payload bytes (a multiple of 8) on core ci, port pi,
 * in the order given (indices into the fragment list; NULL: in order).
 * Frames larger than 2000 bytes arrive as chains. flags is OR-ed into
 * every fragment's flags field (IPV4_DF). Returns the fragment count.
 */
static unsigned int
send_frags(struct fx *x, unsigned int ci, unsigned int pi, uint32_t dst,
    uint8_t proto, uint16_t id, uint8_t ttl, uint16_t flags,
    const uint8_t *pl, size_t plen, size_t fragsz,
    const unsigned int *order, unsigned int norder)
{
	unsigned int nf = (unsigned int)((plen + fragsz - 1) / fragsz), i, k;
	size_t off, len, n;

	if (order == NULL)
		norder = nf;
	for (i = 0; i < norder; i++) {
		k = order != NULL ? order[i] : i;
		assert_true(k < nf);
		off = (size_t)k * fragsz;
		len = plen - off < fragsz ? plen - off : fragsz;
		n = dpfix_ip4_frag(x->frame, dpfix_mac[pi], peer1, P1, dst,
		    proto, ttl, id, (uint16_t)(flags | (off / 8) |
		    (k + 1 < nf ? IPV4_MF : 0)), pl + off, len);
		dpfix_input(x->f, ci, pi, dpfix_mbuf_segs(x->frame, n, 2000));
	}
	return nf;
}

/* Every frame core ci sent on port pi, into x->out. */
static unsigned int
collect(struct fx *x, unsigned int pi, unsigned int ci)
{
	unsigned int n = 0, k;

	while ((k = dpfix_sent(x->f, pi, ci, x->out + n,
	    MAXFRAMES - n)) > 0)
		n += k;
	return n;
}

/*
 * Join the IPv4 fragments (Ethernet frames) x->out[0..n) into x->dgram,
 * checking each: at most mtu bytes of IP, a valid header checksum, one
 * identification, source, destination and protocol, offsets contiguous
 * from 0, every non-last piece a multiple of 8 bytes with MF, the last
 * without. The first piece's header goes to x->hdr. Frees the frames.
 * Returns the datagram's payload length.
 */
static size_t
join(struct fx *x, unsigned int n, uint32_t mtu)
{
	uint32_t pos = 0, tlen, hl;
	const uint8_t *ip;
	unsigned int i;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		tlen = rte_pktmbuf_pkt_len(x->out[i]) - 14;
		assert_true(tlen <= mtu);
		ip = rte_pktmbuf_read(x->out[i], 0, tlen + 14, x->frame);
		assert_non_null(ip);
		ip += 14;
		hl = ipv4_hlen(ip);
		assert_int_equal(ipv4_tlen(ip), tlen);
		assert_int_equal(dpfix_cksum(ip, hl), 0);
		if (i == 0)
			memcpy(x->hdr, ip, hl);
		assert_int_equal(ipv4_id(ip), ipv4_id(x->hdr));
		assert_int_equal(ipv4_src(ip), ipv4_src(x->hdr));
		assert_int_equal(ipv4_dst(ip), ipv4_dst(x->hdr));
		assert_int_equal(ipv4_proto(ip), ipv4_proto(x->hdr));
		assert_int_equal(ipv4_frag_off(ip), pos);
		assert_int_equal(ipv4_mf(ip), i + 1 < n);
		if (i + 1 < n)
			assert_int_equal((tlen - hl) % 8, 0);
		memcpy(x->dgram + pos, ip + hl, tlen - hl);
		pos += tlen - hl;
	}
	dpfix_free_frames(x->out, n);
	return pos;
}

static void
fill(uint8_t *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

/*
 * One echo request of dlen data bytes, sent as fragments of the MTU's
 * size in the given order; the reply is checked piece by piece and as a
 * whole (type, checksum over all of it, identifier, sequence, data).
 */
static void
echo_round(struct fx *x, uint32_t mtu, size_t dlen, uint16_t id,
    const unsigned int *order, unsigned int norder)
{
	static uint8_t data[BIG], req[BIG];
	size_t il, fragsz = (mtu - 20) & ~7u, got;
	unsigned int n;

	fill(data, dlen, id);
	il = dpfix_echo(req, ICMP4_ECHO, 0x4242, id, data, dlen);
	send_frags(x, 0, 0, US, 1, id, 64, 0, req, il, fragsz, order, norder);
	n = collect(x, 0, 0);
	assert_int_equal(n, (il + fragsz - 1) / fragsz);
	got = join(x, n, mtu);
	assert_int_equal(got, il);
	assert_int_equal(ipv4_src(x->hdr), US);
	assert_int_equal(ipv4_dst(x->hdr), P1);
	assert_int_equal(ipv4_proto(x->hdr), 1);
	assert_int_equal(x->dgram[0], ICMP4_ECHOREPLY);
	assert_int_equal(x->dgram[1], 0);
	assert_int_equal(dpfix_cksum(x->dgram, got), 0);
	assert_int_equal(get_be16(x->dgram + 4), 0x4242);
	assert_int_equal(get_be16(x->dgram + 6), id);
	assert_memory_equal(x->dgram + 8, data, dlen);
}

static void
test_echo_fragmented_both_ways(void **state)
{
	static const unsigned int order[] = { 2, 0, 0, 1 };
	struct fx *x = *state;
	struct dpfix *f = x->f;

	/* 3008 bytes of ICMP: out of order, fragment 0 twice. */
	echo_round(x, 1500, 3000, 1, order, 4);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMREQDS), 4);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMOKS), 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMFAILS), 0);
	assert_int_equal(ipstat(f, 0, IPSTAT_INDELIVERS), 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_FRAGOKS), 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_FRAGCREATES), 3);
	assert_int_equal(ipstat(f, 0, IPSTAT_FRAGFAILS), 0);
	assert_int_equal(frag_table_drops(f->cores[0].frag, FRAG_DROP_DUP), 1);
	core_publish(&f->cores[0]);
	assert_int_equal(f->cores[0].tel.reasm_entries, 0);
	assert_int_equal(f->cores[0].tel.reasm_mbufs, 0);
	assert_int_equal(in_use(), x->baseline);
}

static void
test_echo_at_small_and_odd_mtus(void **state)
{
	static const uint32_t mtus[] = { 576, 1280, 1001, 68 };
	struct fx *x = *state;
	char line[64];
	unsigned int i;

	for (i = 0; i < sizeof(mtus) / sizeof(mtus[0]); i++) {
		snprintf(line, sizeof(line), "ipifc/0/ctl mtu %u",
		    mtus[i] + 14);
		assert_null(dpfix_ctl(x->f, line));
		echo_round(x, mtus[i], 30000, (uint16_t)(10 + i), NULL, 0);
	}
	assert_int_equal(ipstat(x->f, 0, IPSTAT_REASMOKS), 4);
	assert_int_equal(ipstat(x->f, 0, IPSTAT_FRAGOKS), 4);
	assert_int_equal(ipstat(x->f, 0, IPSTAT_REASMFAILS), 0);
	assert_int_equal(in_use(), x->baseline);
	/* An MTU that cannot carry IPv4 is refused. */
	assert_string_equal(dpfix_ctl(x->f, "ipifc/0/ctl mtu 81"),
	    "mtu too small for ipv4: less than 68 bytes of ip");
}

static void
test_jumbo_chains(void **state)
{
	struct fx *x = *state;
	struct pmd_port *pp = x->f->ports;
	static uint8_t req[BIG];
	size_t il;
	unsigned int n;

	assert_null(dpfix_ctl(x->f, "ipifc/0/ctl mtu 9014"));
	/* Fragments arrive as chains; the 9000-byte pieces of the reply do
	 * not fit one 2 KB mbuf, so they are chains as well. */
	echo_round(x, 9000, 30000, 20, NULL, 0);
	assert_int_equal(ipstat(x->f, 0, IPSTAT_FRAGCREATES), 4);
	assert_int_equal(in_use(), x->baseline);

	/* A port that cannot send chains: the reply cannot be cut. */
	pp[0].tx_multiseg = 0;
	il = dpfix_echo(req, ICMP4_ECHO, 1, 2, x->dgram, 20000);
	send_frags(x, 0, 0, US, 1, 21, 64, 0, req, il, 8976, NULL, 0);
	n = collect(x, 0, 0);
	dpfix_free_frames(x->out, n);
	assert_int_equal(n, 0);
	assert_int_equal(ipstat(x->f, 0, IPSTAT_FRAGFAILS), 1);
	assert_int_equal(x->f->cores[0].ip4stats[IP4STAT_TOOBIG], 1);
	pp[0].tx_multiseg = 1;
	assert_int_equal(in_use(), x->baseline);
}

/* A test protocol (253): what it was given. */
static struct rte_mbuf *got_m;
static struct ip4_rx got_rx;
static uint16_t got_segs;
static uint32_t got_len;
static uint8_t got_bytes[4096];

static void
t_input(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx)
{
	const void *p;

	(void)c;
	got_m = m;
	got_rx = *rx;
	got_segs = m->nb_segs;
	got_len = rte_pktmbuf_pkt_len(m);
	assert_true(got_len <= sizeof(got_bytes));
	p = rte_pktmbuf_read(m, 0, got_len, got_bytes);
	assert_non_null(p);
	if (p != got_bytes)
		memcpy(got_bytes, p, got_len);
	rte_pktmbuf_free(m);
}

static const struct ip4_proto t_proto = {
	.name = "t",
	.input = t_input,
};

static void
test_delivery_zero_copy_and_chain(void **state)
{
	struct fx *x = *state;
	uint8_t pl[2000];
	struct rte_mbuf *m;
	size_t n;

	assert_int_equal(ip4_proto_register(253, &t_proto), 0);
	fill(pl, sizeof(pl), 3);

	/* Unfragmented: the protocol gets the very mbuf that came in. */
	n = dpfix_ip4(x->frame, dpfix_mac[0], peer1, P1, US, 253, 64, 5, pl,
	    100);
	m = dpfix_mbuf(x->frame, n);
	got_m = NULL;
	dpfix_input(x->f, 0, 0, m);
	assert_ptr_equal(got_m, m);
	assert_int_equal(got_segs, 1);
	assert_false(got_rx.frag);
	assert_int_equal(got_rx.len, 100);

	/* Fragmented: one chain of the fragments' own mbufs. */
	got_m = NULL;
	send_frags(x, 0, 0, US, 253, 6, 64, 0, pl, 2000, 800, NULL, 0);
	assert_non_null(got_m);
	assert_int_equal(got_segs, 3);
	assert_true(got_rx.frag);
	assert_int_equal(got_rx.len, 2000);
	assert_int_equal(got_rx.src, P1);
	assert_int_equal(got_len, 20 + 2000);
	assert_int_equal(ipv4_tlen(got_bytes), 2020);
	assert_int_equal(ipv4_frag(got_bytes), 0);
	assert_int_equal(dpfix_cksum(got_bytes, 20), 0);
	assert_memory_equal(got_bytes + 20, pl, 2000);

	/* Overlapping fragments (teardrop): nothing is delivered. */
	got_m = NULL;
	n = dpfix_ip4_frag(x->frame, dpfix_mac[0], peer1, P1, US, 253, 64, 7,
	    IPV4_MF, pl, 48);
	dpfix_input(x->f, 0, 0, dpfix_mbuf(x->frame, n));
	n = dpfix_ip4_frag(x->frame, dpfix_mac[0], peer1, P1, US, 253, 64, 7,
	    3, pl, 16);
	dpfix_input(x->f, 0, 0, dpfix_mbuf(x->frame, n));
	assert_null(got_m);
	assert_int_equal(ipstat(x->f, 0, IPSTAT_REASMFAILS), 1);
	ip4_proto_unregister(253);
	assert_int_equal(in_use(), x->baseline);
}

static void
test_forward_fragments_to_smaller_mtu(void **state)
{
	struct fx *x = *state;
	struct dpfix *f = x->f;
	uint8_t pl[1400];
	const uint8_t *ip, *ic;
	unsigned int n;
	size_t got;

	fill(pl, sizeof(pl), 9);
	assert_null(dpfix_ctl(f, "ipifc/1/ctl mtu 590"));

	/* A whole datagram, DF clear: three pieces, TTL 63, same ID. */
	send_frags(x, 0, 0, FAR7, 17, 77, 64, 0, pl, sizeof(pl),
	    sizeof(pl), NULL, 0);
	n = collect(x, 1, 0);
	assert_int_equal(n, 3);
	got = join(x, n, 576);
	assert_int_equal(got, sizeof(pl));
	assert_memory_equal(x->dgram, pl, sizeof(pl));
	assert_int_equal(ipv4_ttl(x->hdr), 63);
	assert_int_equal(ipv4_id(x->hdr), 77);
	assert_int_equal(ipv4_src(x->hdr), P1);
	assert_int_equal(ipstat(f, 0, IPSTAT_FORWDATAGRAMS), 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_FRAGOKS), 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_FRAGCREATES), 3);

	/* DF set: ICMP 3/4 with the next-hop MTU back to the sender. */
	send_frags(x, 0, 0, FAR7, 17, 78, 64, IPV4_DF, pl, sizeof(pl),
	    sizeof(pl), NULL, 0);
	assert_int_equal(collect(x, 1, 0), 0);
	n = collect(x, 0, 0);
	assert_int_equal(n, 1);
	ip = dpfix_bytes(x->out[0]) + 14;
	ic = ip + ipv4_hlen(ip);
	assert_int_equal(ipv4_dst(ip), P1);
	assert_int_equal(icmp4_type(ic), ICMP4_UNREACH);
	assert_int_equal(icmp4_code(ic), ICMP4_UNREACH_NEEDFRAG);
	assert_int_equal(icmp4_mtu(ic), 576);
	assert_int_equal(ipv4_id(ic + 8), 78);
	dpfix_free_frames(x->out, n);
	assert_int_equal(ipstat(f, 0, IPSTAT_FRAGFAILS), 1);

	/* A fragment (offset 1000, MF set) is cut again: offsets go on from
	 * its own and every piece keeps MF. */
	n = (unsigned int)dpfix_ip4_frag(x->frame, dpfix_mac[0], peer1, P1,
	    FAR7, 17, 64, 79, IPV4_MF | 125, pl, 800);
	dpfix_input(f, 0, 0, dpfix_mbuf(x->frame, n));
	n = collect(x, 1, 0);
	assert_int_equal(n, 2);
	ip = dpfix_bytes(x->out[0]) + 14;
	assert_int_equal(ipv4_frag_off(ip), 1000);
	assert_true(ipv4_mf(ip));
	assert_int_equal(ipv4_tlen(ip), 20 + 552);
	ip = dpfix_bytes(x->out[1]) + 14;
	assert_int_equal(ipv4_frag_off(ip), 1552);
	assert_true(ipv4_mf(ip));
	assert_int_equal(ipv4_tlen(ip), 20 + 248);
	assert_memory_equal(ip + 20, pl + 552, 248);
	dpfix_free_frames(x->out, n);
	assert_int_equal(in_use(), x->baseline);
}

static void
test_reassemble_before_forwarding(void **state)
{
	struct fx *x = *state;
	struct dpfix *f = x->f;
	uint8_t pl[1200];
	const uint8_t *ip;
	unsigned int n;
	size_t got;

	fill(pl, sizeof(pl), 11);
	/* Without reassemble: each fragment is forwarded as it is. */
	send_frags(x, 0, 0, FAR7, 17, 90, 64, 0, pl, sizeof(pl), 800, NULL,
	    0);
	n = collect(x, 1, 0);
	assert_int_equal(n, 2);
	dpfix_free_frames(x->out, n);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMREQDS), 0);

	/* With it on the way out: held, then one whole datagram. */
	assert_null(dpfix_ctl(f, "ipifc/1/ctl reassemble"));
	send_frags(x, 0, 0, FAR7, 17, 91, 64, 0, pl, sizeof(pl), 800,
	    (const unsigned int[]){ 1 }, 1);
	assert_int_equal(collect(x, 1, 0), 0);
	send_frags(x, 0, 0, FAR7, 17, 91, 64, 0, pl, sizeof(pl), 800,
	    (const unsigned int[]){ 0 }, 1);
	n = collect(x, 1, 0);
	assert_int_equal(n, 1);
	ip = dpfix_bytes(x->out[0]) + 14;
	assert_int_equal(ipv4_tlen(ip), 20 + sizeof(pl));
	assert_int_equal(ipv4_frag(ip), 0);
	assert_int_equal(ipv4_ttl(ip), 63);
	assert_int_equal(ipv4_id(ip), 91);
	assert_int_equal(dpfix_cksum(ip, 20), 0);
	assert_non_null(rte_pktmbuf_read(x->out[0], 0,
	    14 + 20 + sizeof(pl), x->frame));
	dpfix_free_frames(x->out, n);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMOKS), 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_FORWDATAGRAMS), 3);

	/* Reassembled, then too big for the way out: cut to its MTU. */
	assert_null(dpfix_ctl(f, "ipifc/1/ctl mtu 590"));
	send_frags(x, 0, 0, FAR7, 17, 92, 64, 0, pl, sizeof(pl), 800, NULL,
	    0);
	n = collect(x, 1, 0);
	assert_int_equal(n, 3);
	got = join(x, n, 576);
	assert_int_equal(got, sizeof(pl));
	assert_memory_equal(x->dgram, pl, sizeof(pl));
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMOKS), 2);

	/* A port that cannot send chains gets the datagram in one mbuf. */
	assert_null(dpfix_ctl(f, "ipifc/1/ctl mtu 1514"));
	((struct pmd_port *)f->ports)[1].tx_multiseg = 0;
	send_frags(x, 0, 0, FAR7, 17, 93, 64, 0, pl, sizeof(pl), 800, NULL,
	    0);
	n = collect(x, 1, 0);
	assert_int_equal(n, 1);
	assert_int_equal(x->out[0]->nb_segs, 1);
	assert_int_equal(dpfix_len(x->out[0]), 14 + 20 + sizeof(pl));
	assert_memory_equal(dpfix_bytes(x->out[0]) + 34, pl, sizeof(pl));
	dpfix_free_frames(x->out, n);
	((struct pmd_port *)f->ports)[1].tx_multiseg = 1;
	assert_int_equal(in_use(), x->baseline);
}

static void
test_expiry_icmp_only_with_fragment_zero(void **state)
{
	struct fx *x = *state;
	struct dpfix *f = x->f;
	uint8_t pl[1480 + 8];
	const uint8_t *ip, *ic;
	unsigned int n;

	dpfix_frag(f, 1000, 0, 0);
	fill(pl, sizeof(pl), 1);
	/* id 1: fragment 0 only. id 2: the last fragment only. */
	send_frags(x, 0, 0, US, 17, 1, 64, 0, pl, sizeof(pl), 1480,
	    (const unsigned int[]){ 0 }, 1);
	send_frags(x, 0, 0, US, 17, 2, 64, 0, pl, sizeof(pl), 1480,
	    (const unsigned int[]){ 1 }, 1);
	assert_int_equal(collect(x, 0, 0), 0);

	/* Not yet: 900 ms. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(900));
	dpfix_poll(f, 0);
	assert_int_equal(collect(x, 0, 0), 0);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMTIMEOUT), 0);

	dpfix_at(f, DPFIX_T0 + DPFIX_MS(1200));
	dpfix_poll(f, 0);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMTIMEOUT), 2);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMFAILS), 2);
	n = collect(x, 0, 0);
	assert_int_equal(n, 1);
	ip = dpfix_bytes(x->out[0]) + 14;
	ic = ip + ipv4_hlen(ip);
	assert_int_equal(ipv4_dst(ip), P1);
	assert_int_equal(ipv4_src(ip), US);
	assert_int_equal(icmp4_type(ic), ICMP4_TIMXCEED);
	assert_int_equal(icmp4_code(ic), ICMP4_TIMXCEED_REASS);
	/* The quote: fragment 0's header and its first 8 bytes. */
	assert_int_equal(ipv4_id(ic + 8), 1);
	assert_true(ipv4_mf(ic + 8));
	assert_memory_equal(ic + 8 + 20, pl, 8);
	dpfix_free_frames(x->out, n);
	core_publish(&f->cores[0]);
	assert_int_equal(f->cores[0].tel.reasm_entries, 0);
	assert_int_equal(in_use(), x->baseline);
}

/* An IP identification whose datagram P1 -> US (ICMP) frag_steer() gives
 * to core want of two. */
static uint16_t
id_for_core(unsigned int want, uint16_t from)
{
	uint16_t id;

	for (id = from; frag_steer(P1, US, id, 1, 2) != want; id++)
		;
	return id;
}

static void
test_steering_two_cores(void **state)
{
	struct fx *x = *state;
	struct dpfix *f = x->f;
	static uint8_t data[3000], req[3100];
	unsigned int want, other, n;
	uint64_t before;
	uint16_t id;
	size_t il;

	fill(data, sizeof(data), 5);
	for (want = 0; want < 2; want++) {
		other = 1 - want;
		before = ipstat(f, other, IPSTAT_REASMREQDS);
		id = id_for_core(want, (uint16_t)(100 + 50 * want));
		il = dpfix_echo(req, ICMP4_ECHO, 9, id, data, sizeof(data));
		/* Fragment 0 lands on the other core, the rest on ours. */
		send_frags(x, other, 0, US, 1, id, 64, 0, req, il, 1480,
		    (const unsigned int[]){ 0 }, 1);
		assert_int_equal(f->cores[other].msgstats[MSGSTAT_PKT_SENT],
		    1);
		send_frags(x, want, 0, US, 1, id, 64, 0, req, il, 1480,
		    (const unsigned int[]){ 2, 1 }, 2);
		dpfix_poll(f, want);
		/* Reassembled and answered on core want only. */
		assert_int_equal(collect(x, 0, other), 0);
		n = collect(x, 0, want);
		assert_int_equal(n, 3);
		assert_int_equal(join(x, n, 1500), il);
		assert_int_equal(x->dgram[0], ICMP4_ECHOREPLY);
		assert_int_equal(dpfix_cksum(x->dgram, il), 0);
		assert_int_equal(ipstat(f, want, IPSTAT_REASMOKS), 1);
		assert_int_equal(ipstat(f, want, IPSTAT_REASMREQDS), 3);
		assert_int_equal(ipstat(f, other, IPSTAT_REASMREQDS), before);
		assert_int_equal(
		    f->cores[want].msgstats[MSGSTAT_PKT_RECEIVED], 1);
		f->cores[other].msgstats[MSGSTAT_PKT_SENT] = 0;
	}
	assert_int_equal(in_use(), x->baseline);
}

static void
test_table_bounds(void **state)
{
	struct fx *x = *state;
	struct dpfix *f = x->f;
	struct core *c = &f->cores[0];
	uint8_t pl[2960];
	unsigned int i;

	fill(pl, sizeof(pl), 2);
	/* At most 4 datagrams: the oldest go first. */
	dpfix_frag(f, 1000, 4, 0);
	for (i = 0; i < 10; i++)
		send_frags(x, 0, 0, US, 17, (uint16_t)(200 + i), 64, 0, pl,
		    sizeof(pl), 1480, (const unsigned int[]){ 0 }, 1);
	core_publish(c);
	assert_int_equal(c->tel.reasm_entries, 4);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMFAILS), 6);
	assert_int_equal(frag_table_drops(c->frag, FRAG_DROP_EVICT), 6);
	/* The newest four are still there: completing one delivers it. */
	send_frags(x, 0, 0, US, 17, 209, 64, 0, pl, sizeof(pl), 1480,
	    (const unsigned int[]){ 1 }, 1);
	assert_int_equal(ipstat(f, 0, IPSTAT_REASMOKS), 1);

	/* At most 3100 bytes held: two 1500-byte fragments, then eviction. */
	dpfix_frag(f, 1000, 0, 3100);
	dpfix_drain(f);	/* the protocol unreachable about id 209 */
	assert_int_equal(in_use(), x->baseline);
	for (i = 0; i < 3; i++)
		send_frags(x, 0, 0, US, 17, (uint16_t)(300 + i), 64, 0, pl,
		    sizeof(pl), 1480, (const unsigned int[]){ 0 }, 1);
	core_publish(c);
	assert_int_equal(c->tel.reasm_entries, 2);
	assert_true(c->tel.reasm_bytes <= 3100);
	assert_int_equal(c->tel.reasm_mbufs, 2);

	/* Expired, everything goes back to the pool. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(1500));
	dpfix_poll(f, 0);
	dpfix_drain(f);
	core_publish(c);
	assert_int_equal(c->tel.reasm_entries, 0);
	assert_int_equal(c->tel.reasm_bytes, 0);
	assert_int_equal(in_use(), x->baseline);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_echo_fragmented_both_ways, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_echo_at_small_and_odd_mtus, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_jumbo_chains, setup1_jumbo, teardown),
		cmocka_unit_test_setup_teardown(
		    test_delivery_zero_copy_and_chain, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_forward_fragments_to_smaller_mtu, setup_router,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_reassemble_before_forwarding, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_expiry_icmp_only_with_fragment_zero, setup1,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_steering_two_cores, setup2c, teardown),
		cmocka_unit_test_setup_teardown(
		    test_table_bounds, setup1, teardown),
	};

	return cmocka_run_group_tests_name("dp_frag", tests, NULL, NULL);
}
