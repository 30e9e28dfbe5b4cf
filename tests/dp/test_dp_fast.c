/* SPDX-License-Identifier: MIT */
/*
 * The IPv4 fast paths on the workers (stack/ip4.c, stack/icmp.c,
 * stack/arp.c, stack/core.c) through the real input path: the one FIB
 * walk of input (core_classify4) against core_local4 and core_route4;
 * echo replies to full-size and odd-sized requests (the word-at-a-time
 * checksum and the patched reply checksum) and a corrupted one refused;
 * forwarding with a header checksum checked inline and patched for the
 * TTL, with and without options, and a bad one dropped; the next hop's
 * remembered ARP slot following the cache as next hops alternate and
 * bindings change; and the IP identifications of each core, used in turn
 * without a division per datagram. Suite 'eal'.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <rte_mbuf.h>

#include "stack/core.h"
#include "stack/wire/icmp4.h"
#include "stack/wire/ipv4.h"
#include "tests/dp/dpfix.h"

static const uint8_t peer1[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x01 };
static const uint8_t far7[6] = { 0x02, 0x00, 0x00, 0x00, 0x03, 0x07 };
static const uint8_t far8[6] = { 0x02, 0x00, 0x00, 0x00, 0x03, 0x08 };
static const uint8_t new7[6] = { 0x02, 0x00, 0x00, 0x00, 0x03, 0x99 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define US	IP4(192, 0, 2, 2)
#define P1	IP4(192, 0, 2, 1)
#define FAR7	IP4(198, 51, 100, 7)
#define FAR8	IP4(198, 51, 100, 8)

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
	"ipifc/1/ctl addmulti 198.51.100.2 239.1.2.3",
	"iproute add 203.0.113.0 255.255.255.0 198.51.100.7",
	"iproute add 203.0.113.128 255.255.255.128 198.51.100.8",
	"iproute add 203.0.113.64 255.255.255.192 198.51.100.7 "
	    "192.0.2.2 255.255.255.255",
	"arp add 192.0.2.1 020000000201",
	"arp add 198.51.100.7 020000000307",
	"arp add 198.51.100.8 020000000308",
	NULL,
};


static int
setup_with(void **state, unsigned int nports, unsigned int ncores,
    const char *const *lines)
{
	if (dpfix_eal() != 0)
		skip();
	*state = dpfix_ready(nports, ncores, lines, 0);
	return 0;
}

static int
setup1(void **state)
{
	return setup_with(state, 1, 1, one_port);
}

static int
setup2c(void **state)
{
	return setup_with(state, 1, 2, one_port);
}

static int
setup_router(void **state)
{
	return setup_with(state, 2, 1, router);
}

static int
teardown(void **state)
{
	dpfix_free(*state);
	return 0;
}

/* The single frame core 0 sent on port pi (asserts there is exactly one). */
static struct rte_mbuf *
one_sent(struct dpfix *f, unsigned int pi)
{
	struct rte_mbuf *out[8];
	unsigned int n;

	n = dpfix_sent(f, pi, 0, out, 8);
	if (n != 1)
		dpfix_free_frames(out, n);
	assert_int_equal(n, 1);
	return out[0];
}

static void
assert_none_sent(struct dpfix *f)
{
	struct rte_mbuf *out[8];
	unsigned int p, n;

	for (p = 0; p < f->nports; p++) {
		n = dpfix_sent(f, p, 0, out, 8);
		dpfix_free_frames(out, n);
		assert_int_equal(n, 0);
	}
}

/* core_classify4(dst, src) says what core_local4 and core_route4 say. */
static void
assert_classify(const struct core *c, uint32_t dst, uint32_t src)
{
	struct core_route a, b;
	bool routed = true;
	int cast, rc;

	memset(&a, 0x5a, sizeof(a));
	memset(&b, 0x5a, sizeof(b));
	cast = core_classify4(c, dst, src, &a, &routed);
	assert_int_equal(cast, core_local4(c, dst));
	rc = core_route4(c, dst, src, &b);
	if (cast != IP4_CAST_NONE) {
		assert_false(routed);		/* ours: not routed */
		return;
	}
	assert_int_equal(routed, rc == 0);
	if (!routed)
		return;
	assert_int_equal(a.gate, b.gate);
	assert_int_equal(a.ifcno, b.ifcno);
	assert_int_equal(a.pidx, b.pidx);
	assert_int_equal(a.cast, b.cast);
	assert_int_equal(a.local, b.local);
	assert_int_equal(a.proxy, b.proxy);
}

static void
test_classify_matches_local_and_route(void **state)
{
	static const uint32_t addrs[] = {
		US, P1, IP4(192, 0, 2, 0), IP4(192, 0, 2, 255),
		IP4(192, 0, 2, 77), IP4(198, 51, 100, 2), FAR7, FAR8,
		IP4(198, 51, 100, 255), IP4(203, 0, 113, 5),
		IP4(203, 0, 113, 70), IP4(203, 0, 113, 203), IP4(11, 0, 0, 1),
		IP4(239, 1, 2, 3), IP4(224, 0, 0, 1), 0xffffffffu, 0,
		IP4(127, 0, 0, 1),
	};
	struct dpfix *f = *state;
	const struct core *c = &f->cores[0];
	size_t i, j;
	uint32_t x = 99;
	int n, ours = 0, routed = 0;

	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		for (j = 0; j < sizeof(addrs) / sizeof(addrs[0]); j++) {
			assert_classify(c, addrs[i], addrs[j]);
			assert_classify(c, addrs[i] + 1, addrs[j]);
		}
		ours += core_local4(c, addrs[i]) != IP4_CAST_NONE;
	}
	for (n = 0; n < 100000; n++) {
		x = x * 1103515245u + 12345u;
		assert_classify(c, x ^ (x << 13), addrs[n % 6]);
		assert_classify(c, addrs[n % 18] ^ (x & 0xff), x);
	}
	{
		struct core_route r;
		bool rt;

		routed = core_classify4(c, IP4(203, 0, 113, 70), US, &r,
		    &rt) == IP4_CAST_NONE && rt && r.gate == FAR7;
	}
	/* Both sides came up: addresses of ours, routes that forward. */
	assert_true(ours >= 5);
	assert_true(routed);
	/* What core_route4 answers for our own kinds of address, from a
	 * source the broadcast self routes do not list: the self table
	 * has the last word on how the destination is ours. */
	{
		struct core_route r;

		assert_int_equal(core_route4(c, IP4(192, 0, 2, 255),
		    IP4(198, 51, 100, 2), &r), 0);
		assert_int_equal(r.cast, IP4_CAST_BROADCAST);
		assert_false(r.local);
		assert_int_equal(r.gate, IP4(192, 0, 2, 255));
		assert_int_equal(core_route4(c, IP4(239, 1, 2, 3),
		    IP4(198, 51, 100, 2), &r), 0);
		assert_int_equal(r.cast, IP4_CAST_MULTICAST);
		assert_false(r.local);
		assert_int_equal(core_route4(c, US, FAR7, &r), 0);
		assert_int_equal(r.cast, IP4_CAST_UNICAST);
		assert_true(r.local);
		assert_int_equal(r.gate, US);
		assert_int_equal(core_route4(c, IP4(203, 0, 113, 5), P1, &r),
		    0);
		assert_int_equal(r.cast, IP4_CAST_NONE);
		assert_false(r.local);
		assert_int_equal(r.gate, FAR7);
		assert_int_equal(r.ifcno, 1);
		assert_int_equal(r.pidx, 1);
		assert_int_equal(core_route4(c, IP4(198, 51, 100, 9), P1, &r),
		    0);
		assert_int_equal(r.gate, IP4(198, 51, 100, 9));	/* on-link */
	}
}

/* An echo request of dlen data bytes; returns the frame length. */
static size_t
echo_frame(uint8_t *buf, size_t dlen, uint16_t seq)
{
	static uint8_t data[1600], icmp[1700];
	size_t i, il;

	for (i = 0; i < dlen; i++)
		data[i] = (uint8_t)(i * 13 + seq);
	il = dpfix_echo(icmp, ICMP4_ECHO, 0x4242, seq, data, dlen);
	return dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, seq, icmp,
	    il);
}

static void
test_echo_full_size_and_odd(void **state)
{
	static const size_t sizes[] = { 1472, 1001, 1, 0, 63, 64, 1471 };
	static uint8_t buf[1600];
	struct dpfix *f = *state;
	const uint8_t *ip, *ic;
	struct rte_mbuf *m;
	size_t i, n;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = echo_frame(buf, sizes[i], (uint16_t)i);
		dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
		m = one_sent(f, 0);
		ip = dpfix_bytes(m) + 14;
		assert_int_equal(ipv4_tlen(ip), 20 + 8 + sizes[i]);
		assert_int_equal(dpfix_cksum(ip, 20), 0);
		assert_int_equal(ipv4_src(ip), US);
		assert_int_equal(ipv4_dst(ip), P1);
		ic = ip + 20;
		assert_int_equal(icmp4_type(ic), ICMP4_ECHOREPLY);
		assert_int_equal(dpfix_cksum(ic, 8 + sizes[i]), 0);
		assert_int_equal(icmp4_seq(ic), i);
		assert_memory_equal(ic + 8, buf + 14 + 20 + 8, sizes[i]);
		rte_pktmbuf_free(m);
	}
	/* One flipped bit in the last byte of an odd-sized request, then
	 * in the middle of a full-size one: refused and counted. */
	n = echo_frame(buf, 1001, 9);
	buf[n - 1] ^= 0x10;
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	assert_none_sent(f);
	n = echo_frame(buf, 1472, 10);
	buf[14 + 20 + 8 + 700] ^= 0x01;
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	assert_none_sent(f);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_CSUMERRS], 2);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_INERRORS], 2);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_OUT0 +
	    ICMP4_ECHOREPLY], sizeof(sizes) / sizeof(sizes[0]));
}

/* A UDP-ish datagram from P1 to dst through port 0; frame length. */
static size_t
fwd_frame(uint8_t *buf, uint32_t dst, uint16_t id)
{
	uint8_t pl[18] = "forward me please";

	return dpfix_ip4(buf, dpfix_mac[0], peer1, P1, dst, 17, 64, id, pl,
	    sizeof(pl));
}

/* The one frame forwarded out of port 1: to mac, TTL 63, checksum right. */
static void
assert_forwarded(struct dpfix *f, const uint8_t mac[6], uint32_t dst,
    size_t len)
{
	struct rte_mbuf *m = one_sent(f, 1);
	const uint8_t *ip = dpfix_bytes(m) + 14;

	assert_int_equal(dpfix_len(m), len);
	assert_memory_equal(dpfix_bytes(m), mac, 6);
	assert_memory_equal(dpfix_bytes(m) + 6, dpfix_mac[1], 6);
	assert_int_equal(ipv4_dst(ip), dst);
	assert_int_equal(ipv4_ttl(ip), 63);
	assert_int_equal(dpfix_cksum(ip, ipv4_hlen(ip)), 0);
	rte_pktmbuf_free(m);
}

static void
test_forward_checksums(void **state)
{
	struct dpfix *f = *state;
	uint8_t buf[128], opt[128];
	size_t n;

	n = fwd_frame(buf, IP4(203, 0, 113, 5), 1);
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	assert_forwarded(f, far7, IP4(203, 0, 113, 5), n);

	/* With options (IHL 7): checked by ipv4_check, summed over 28
	 * bytes, forwarded with its options. */
	memcpy(opt, buf, 14 + 20);
	memset(opt + 34, IPV4_OPT_NOP, 8);
	memcpy(opt + 42, buf + 34, n - 34);
	opt[14] = 0x47;
	put_be16(opt + 14 + 2, (uint16_t)(n - 14 + 8));
	ipv4_fill_cksum(opt + 14);
	dpfix_input(f, 0, 0, dpfix_mbuf(opt, n + 8));
	assert_forwarded(f, far7, IP4(203, 0, 113, 5), n + 8);

	/* A bad header checksum, with and without options: dropped. */
	buf[14 + 10] ^= 0x80;
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	opt[14 + 25] ^= 0x01;
	dpfix_input(f, 0, 0, dpfix_mbuf(opt, n + 8));
	assert_none_sent(f);
	assert_int_equal(f->cores[0].ip4stats[IP4STAT_BADCKSUM], 2);
	assert_int_equal(f->cores[0].ipstats[IPSTAT_INHDRERRORS], 2);
	assert_int_equal(f->cores[0].ipstats[IPSTAT_FORWDATAGRAMS], 2);

	/* Ethernet padding is cut to the IP length before going on. */
	n = fwd_frame(buf, IP4(203, 0, 113, 209), 2);
	memset(buf + n, 0xee, 20);
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n + 20));
	assert_forwarded(f, far8, IP4(203, 0, 113, 209), n);
}

/* Next hops alternating, then a binding replaced, then removed. */
static void
test_arp_slot_follows_cache(void **state)
{
	struct dpfix *f = *state;
	struct arp_binding b;
	struct rte_mbuf *m;
	uint8_t buf[128];
	size_t n;
	int i;

	for (i = 0; i < 3; i++) {
		n = fwd_frame(buf, IP4(203, 0, 113, 9), 1);
		dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
		assert_forwarded(f, far7, IP4(203, 0, 113, 9), n);
		n = fwd_frame(buf, IP4(203, 0, 113, 201), 2);
		dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
		assert_forwarded(f, far8, IP4(203, 0, 113, 201), n);
	}
	/* The remembered slot must not outlive the binding it held. */
	n = fwd_frame(buf, IP4(203, 0, 113, 9), 3);
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	assert_forwarded(f, far7, IP4(203, 0, 113, 9), n);
	assert_null(dpfix_ctl(f, "arp del 198.51.100.7"));
	assert_null(dpfix_ctl(f, "arp add 198.51.100.7 020000000399"));
	dpfix_poll(f, 0);
	dpfix_drain(f);
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	assert_forwarded(f, new7, IP4(203, 0, 113, 9), n);
	assert_null(dpfix_ctl(f, "arp del 198.51.100.7"));
	dpfix_poll(f, 0);
	dpfix_drain(f);
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	m = one_sent(f, 1);		/* a request; the datagram waits */
	assert_memory_equal(dpfix_bytes(m), bcast, 6);
	assert_int_equal(get_be16(dpfix_bytes(m) + 12), 0x0806);
	assert_int_equal(get_be32(dpfix_bytes(m) + 14 + 24), FAR7);
	rte_pktmbuf_free(m);
	assert_int_equal(f->cores[0].arp.nheld, 1);
	assert_int_equal(arp_lookup(&f->cores[0], 1, FAR7, &b), 0);
	assert_int_equal(b.state, ARPC_WAIT);
	assert_int_equal(b.nhold, 1);
	/* The other next hop is still found, from its own slot. */
	n = fwd_frame(buf, IP4(203, 0, 113, 201), 4);
	dpfix_input(f, 0, 0, dpfix_mbuf(buf, n));
	assert_forwarded(f, far8, IP4(203, 0, 113, 201), n);
	/* The answer sends what waited, to the MAC it names. */
	n = dpfix_arp(buf, 2, dpfix_mac[1], new7, FAR7, dpfix_mac[1],
	    IP4(198, 51, 100, 2));
	dpfix_input(f, 0, 1, dpfix_mbuf(buf, n));
	n = fwd_frame(buf, IP4(203, 0, 113, 9), 3);
	assert_forwarded(f, new7, IP4(203, 0, 113, 9), n);
	assert_int_equal(f->cores[0].arp.nheld, 0);
}

/*
 * Core i of n uses the identifications congruent to i modulo n in turn,
 * 65536 / n of them, and then the same again.
 */
static void
test_ip_id_turns(void **state)
{
	struct dpfix *f = *state;
	struct core *c;
	uint16_t first, id, prev;
	unsigned int k, i;

	for (k = 0; k < f->ncores; k++) {
		c = &f->cores[k];
		first = prev = ip4_next_id(c);
		assert_int_equal(first % 2, k);
		for (i = 1; i < 32768; i++) {
			id = ip4_next_id(c);
			assert_int_equal((uint16_t)(id - prev), 2);
			assert_int_not_equal(id, first);
			prev = id;
		}
		assert_int_equal(ip4_next_id(c), first);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_classify_matches_local_and_route, setup_router,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_echo_full_size_and_odd, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_forward_checksums, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_arp_slot_follows_cache, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_ip_id_turns, setup2c, teardown),
	};

	return cmocka_run_group_tests_name("dp_fast", tests, NULL, NULL);
}
