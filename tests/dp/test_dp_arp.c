/* SPDX-License-Identifier: MIT */
/*
 * Per-core ARP (stack/arp.c) through the real input path: replies to
 * requests for us byte for byte, the learning rules of spec §5.3, the hold
 * queue bounds and the cut-to-newest rule, WAIT expiry into ICMP host
 * unreachable, aging, LRU replacement, cross-core learning and the arp
 * file's add/del/flush/garp reaching the cores. Suite 'eal'.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <rte_mbuf.h>

#include "stack/core.h"
#include "stack/wire/icmp4.h"
#include "stack/wire/ipv4.h"
#include "tests/dp/dpfix.h"

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t zero6[6];
static const uint8_t peer1[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x01 };
static const uint8_t peer5[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x05 };

#define US	IP4(192, 0, 2, 2)
#define P1	IP4(192, 0, 2, 1)
#define P5	IP4(192, 0, 2, 5)

static const char *const one_port[] = {
	"ipifc/clone bind ether port0",
	"ipifc/0/ctl add 192.0.2.2 255.255.255.0",
	NULL,
};

/* Drop whatever every core has sent so far. */

static int
setup1(void **state)
{
	if (dpfix_eal() != 0)
		skip();
	*state = dpfix_ready(1, 1, one_port, 0);
	return 0;
}

static int
setup2(void **state)
{
	if (dpfix_eal() != 0)
		skip();
	*state = dpfix_ready(1, 2, one_port, 0);
	return 0;
}

static int
teardown(void **state)
{
	dpfix_free(*state);
	return 0;
}

/* Feed an ARP frame to core ci. */
static void
arp_in(struct dpfix *f, unsigned int ci, uint16_t op, const uint8_t *eth_dst,
    const uint8_t sha[6], uint32_t spa, const uint8_t tha[6], uint32_t tpa)
{
	uint8_t buf[64];
	size_t n;

	memset(buf, 0, sizeof(buf));
	n = dpfix_arp(buf, op, eth_dst, sha, spa, tha, tpa);
	(void)n;
	dpfix_input(f, ci, 0, dpfix_mbuf(buf, 60));
}

/* An IP payload mbuf with headroom, marked with byte tag. */
static struct rte_mbuf *
payload(uint8_t tag, size_t len)
{
	uint8_t buf[256];

	memset(buf, tag, sizeof(buf));
	return dpfix_mbuf(buf, len);
}

static void
send_to(struct dpfix *f, unsigned int ci, uint32_t dst, uint8_t proto,
    uint8_t tag)
{
	struct ip4_out o;

	memset(&o, 0, sizeof(o));
	o.dst = dst;
	o.proto = proto;
	ip4_write(&f->cores[ci], &o, payload(tag, 16));
	dpfix_poll(f, ci);
}

/* Is m an ARP request from us for tpa (broadcast)? */
static bool
is_request_for(const struct rte_mbuf *m, uint32_t tpa)
{
	const uint8_t *b = dpfix_bytes(m);

	return dpfix_len(m) >= 42 && memcmp(b, bcast, 6) == 0 &&
	    memcmp(b + 6, dpfix_mac[0], 6) == 0 && b[12] == 0x08 &&
	    b[13] == 0x06 && b[20] == 0 && b[21] == 1 &&
	    get_be32(b + 14 + 24) == tpa;
}

static void
test_request_for_us_reply_bytes(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	uint8_t mac[6], want[60];
	unsigned int n;

	arp_in(f, 0, 1, bcast, peer1, P1, zero6, US);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);

	/* Ethernet to the asker, from us; ARP reply, zero padded to 60. */
	memset(want, 0, sizeof(want));
	memcpy(want, peer1, 6);
	memcpy(want + 6, dpfix_mac[0], 6);
	want[12] = 0x08, want[13] = 0x06;
	want[14] = 0x00, want[15] = 0x01;		/* Ethernet */
	want[16] = 0x08, want[17] = 0x00;		/* IPv4 */
	want[18] = 6, want[19] = 4;
	want[20] = 0x00, want[21] = 0x02;		/* reply */
	memcpy(want + 22, dpfix_mac[0], 6);
	want[28] = 192, want[29] = 0, want[30] = 2, want[31] = 2;
	memcpy(want + 32, peer1, 6);
	want[38] = 192, want[39] = 0, want[40] = 2, want[41] = 1;
	assert_int_equal(dpfix_len(out[0]), 60);
	assert_memory_equal(dpfix_bytes(out[0]), want, 60);
	dpfix_free_frames(out, n);

	/* The asker was learned, on this core and in the merged view. */
	assert_int_equal(arp_lookup(&f->cores[0], 0, P1, &b), 0);
	assert_int_equal(b.state, ARPC_OK);
	assert_memory_equal(b.mac, peer1, 6);
	assert_int_equal(dpfix_arptab(f, P1, mac), 1);
	assert_memory_equal(mac, peer1, 6);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_LEARNED], 1);
}

static void
test_request_for_other_is_ignored(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	uint8_t mac[6];

	arp_in(f, 0, 1, bcast, peer1, P1, zero6, IP4(192, 0, 2, 77));
	assert_int_equal(dpfix_sent(f, 0, 0, out, 8), 0);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P1, &b), -ENOENT);
	assert_int_equal(dpfix_arptab(f, P1, mac), 0);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_IGNORED], 1);

	/* A request for our subnet's broadcast address is not for us. */
	arp_in(f, 0, 1, bcast, peer1, P1, zero6, IP4(192, 0, 2, 255));
	assert_int_equal(dpfix_sent(f, 0, 0, out, 8), 0);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P1, &b), -ENOENT);
}

static void
test_unsolicited_reply_not_cached_but_resolves_wait(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	unsigned int n;

	/* A reply (or gratuitous ARP) for an unknown address: not cached. */
	arp_in(f, 0, 2, dpfix_mac[0], peer5, P5, dpfix_mac[0], US);
	arp_in(f, 0, 1, bcast, peer5, P5, zero6, P5);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), -ENOENT);
	assert_int_equal(dpfix_sent(f, 0, 0, out, 8), 0);

	/* Traffic for P5 makes a WAIT entry and a request. */
	send_to(f, 0, P5, 253, 0xa1);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_true(is_request_for(out[0], P5));
	/* The request comes from our address on that interface. */
	assert_int_equal(get_be32(dpfix_bytes(out[0]) + 14 + 14), US);
	dpfix_free_frames(out, n);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), 0);
	assert_int_equal(b.state, ARPC_WAIT);
	assert_int_equal(b.nhold, 1);

	/* Now the reply refreshes the entry, which sends what it held. */
	arp_in(f, 0, 2, dpfix_mac[0], peer5, P5, dpfix_mac[0], US);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), 0);
	assert_int_equal(b.state, ARPC_OK);
	assert_memory_equal(b.mac, peer5, 6);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_memory_equal(dpfix_bytes(out[0]), peer5, 6);
	assert_int_equal(dpfix_bytes(out[0])[14 + 9], 253);
	assert_int_equal(dpfix_bytes(out[0])[14 + 20], 0xa1);
	assert_int_equal(get_be32(dpfix_bytes(out[0]) + 14 + 16), P5);
	dpfix_free_frames(out, n);
}

static void
test_broadcast_sender_and_conflicts_ignored(void **state)
{
	struct dpfix *f = *state;
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	static const uint8_t thief[6] = { 0x02, 0x00, 0x00, 0x00, 0x0b, 0xad };
	struct rte_mbuf *out[8];
	struct arp_binding b;

	arp_in(f, 0, 1, bcast, bcast, P1, zero6, US);
	arp_in(f, 0, 1, bcast, mcast, P1, zero6, US);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_BCASTSHA], 2);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P1, &b), -ENOENT);
	/* Someone else claiming our address is not answered or learned. */
	arp_in(f, 0, 1, bcast, thief, US, zero6, US);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_CONFLICT], 1);
	assert_int_equal(arp_lookup(&f->cores[0], 0, US, &b), -ENOENT);
	/* Malformed ARP (hardware length 7) is counted. */
	{
		uint8_t buf[60];

		memset(buf, 0, sizeof(buf));
		dpfix_arp(buf, 1, bcast, peer1, P1, zero6, US);
		buf[14 + 4] = 7;
		dpfix_input(f, 0, 0, dpfix_mbuf(buf, 60));
		dpfix_input(f, 0, 0, dpfix_mbuf(buf, 14 + 20));
	}
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_BAD], 2);
	assert_int_equal(dpfix_sent(f, 0, 0, out, 8), 0);
}

static void
test_hold_bound_and_cut_to_newest(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[32];
	struct arp_binding b;
	unsigned int n, i;

	/* 20 packets within a second: one request, 16 held at most. */
	for (i = 0; i < 20; i++)
		send_to(f, 0, P5, 253, (uint8_t)i);
	n = dpfix_sent(f, 0, 0, out, 32);
	assert_int_equal(n, 1);
	assert_true(is_request_for(out[0], P5));
	dpfix_free_frames(out, n);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), 0);
	assert_int_equal(b.state, ARPC_WAIT);
	assert_int_equal(b.nhold, ARPC_HOLD_ENTRY);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_HOLDFULL],
	    20 - ARPC_HOLD_ENTRY);

	/* 999 ms later: still no second request. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(999));
	send_to(f, 0, P5, 253, 20);
	assert_int_equal(dpfix_sent(f, 0, 0, out, 32), 0);

	/* A second later the next packet sends a request and the hold list
	 * is cut to that newest packet. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(1000));
	send_to(f, 0, P5, 253, 21);
	n = dpfix_sent(f, 0, 0, out, 32);
	assert_int_equal(n, 1);
	assert_true(is_request_for(out[0], P5));
	dpfix_free_frames(out, n);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), 0);
	assert_int_equal(b.nhold, 1);

	/* The reply releases exactly that packet. */
	arp_in(f, 0, 2, dpfix_mac[0], peer5, P5, dpfix_mac[0], US);
	n = dpfix_sent(f, 0, 0, out, 32);
	assert_int_equal(n, 1);
	assert_int_equal(dpfix_bytes(out[0])[14 + 20], 21);
	dpfix_free_frames(out, n);
	assert_int_equal(f->cores[0].arp.nheld, 0);
}

static void
test_hold_bound_per_core(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[DPFIX_CAPMAX];
	unsigned int i, n, sent = 0;

	/* Many destinations each holding up to 16 packets: the core never
	 * holds more than ARPC_HOLD_CORE. */
	for (i = 0; i < ARPC_HOLD_CORE / ARPC_HOLD_ENTRY + 8; i++) {
		unsigned int k;

		for (k = 0; k < ARPC_HOLD_ENTRY; k++) {
			struct ip4_out o;

			memset(&o, 0, sizeof(o));
			o.dst = IP4(192, 0, 2, 10 + i);
			o.proto = 253;
			ip4_write(&f->cores[0], &o, payload(1, 16));
		}
		dpfix_poll(f, 0);
		while ((n = dpfix_sent(f, 0, 0, out, DPFIX_CAPMAX)) > 0) {
			sent += n;
			dpfix_free_frames(out, n);
		}
	}
	assert_int_equal(f->cores[0].arp.nheld, ARPC_HOLD_CORE);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_HOLDFULL],
	    8 * ARPC_HOLD_ENTRY);
	assert_int_equal(sent, ARPC_HOLD_CORE / ARPC_HOLD_ENTRY + 8);
}

/* Proto 253 records the ICMP errors about it. */
static struct ip4_advice got_advice;
static uint8_t got_quote[64];
static int nadvice;

static void
rec_advise(struct core *c, const struct ip4_advice *a)
{
	(void)c;
	got_advice = *a;
	memcpy(got_quote, a->ip, a->len < sizeof(got_quote) ? a->len :
	    sizeof(got_quote));
	nadvice++;
}

static const struct ip4_proto rec_proto = {
	.name = "rec",
	.advise = rec_advise,
};

static void
test_wait_expiry_gives_host_unreachable(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	uint64_t s[ICMPSTAT_MAX];
	unsigned int n;
	uint8_t mac[6];

	assert_int_equal(ip4_proto_register(253, &rec_proto), 0);
	nadvice = 0;
	send_to(f, 0, P5, 253, 0x5a);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	dpfix_free_frames(out, n);
	assert_int_equal(dpfix_arptab(f, P5, mac), 2);	/* WAIT shown */

	dpfix_at(f, DPFIX_T0 + DPFIX_MS(2999));
	dpfix_poll(f, 0);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), 0);
	assert_int_equal(nadvice, 0);

	/* 3 s after the request (at the next 100 ms timer tick) the entry
	 * goes; its packet turns into ICMP host unreachable, which comes back
	 * to us (the source) and reaches the protocol that sent it. Nothing
	 * goes on the wire. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(2999 + CORE_TICK_MS));
	dpfix_poll(f, 0);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), -ENOENT);
	assert_int_equal(nadvice, 1);
	assert_int_equal(got_advice.type, ICMP4_UNREACH);
	assert_int_equal(got_advice.code, ICMP4_UNREACH_HOST);
	assert_int_equal(got_advice.from, US);
	assert_true(got_advice.len >= 28);
	assert_int_equal(ipv4_dst(got_quote), P5);
	assert_int_equal(ipv4_proto(got_quote), 253);
	assert_int_equal(got_quote[20], 0x5a);
	assert_int_equal(dpfix_sent(f, 0, 0, out, 8), 0);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_TIMEOUT], 1);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_UNREACH], 1);
	memset(s, 0, sizeof(s));
	icmp_stats_add(&f->cores[0], s);
	assert_int_equal(s[ICMPSTAT_OUT0 + ICMP4_UNREACH], 1);
	assert_int_equal(s[ICMPSTAT_IN0 + ICMP4_UNREACH], 1);
	assert_int_equal(dpfix_arptab(f, P5, mac), 0);	/* forgotten */
	ip4_proto_unregister(253);
}

static void
test_aged_entry_is_resolved_again(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	unsigned int n;

	arp_in(f, 0, 1, bcast, peer1, P1, zero6, US);
	dpfix_drain(f);
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(15 * 60 * 1000 - 1));
	send_to(f, 0, P1, 253, 1);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_memory_equal(dpfix_bytes(out[0]), peer1, 6);	/* direct */
	dpfix_free_frames(out, n);

	dpfix_at(f, DPFIX_T0 + DPFIX_MS(15 * 60 * 1000));
	send_to(f, 0, P1, 253, 2);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_true(is_request_for(out[0], P1));
	dpfix_free_frames(out, n);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P1, &b), 0);
	assert_int_equal(b.state, ARPC_WAIT);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_AGED], 1);
}

/* A minimal IPv4 packet (data at the header) for arp_output. */
static struct rte_mbuf *
ip_packet(uint32_t dst)
{
	uint8_t buf[28];

	memset(buf, 0, sizeof(buf));
	buf[0] = 0x45;
	put_be16(buf + 2, sizeof(buf));
	buf[8] = 64;
	buf[9] = 253;
	put_be32(buf + 12, US);
	put_be32(buf + 16, dst);
	ipv4_fill_cksum(buf);
	return dpfix_mbuf(buf, sizeof(buf));
}

static void
test_lru_replacement(void **state)
{
	struct dpfix *f = *state;
	struct core *c = &f->cores[0];
	struct arp_binding b;
	uint8_t sha[6] = { 0x02, 0, 0, 0, 0x10, 0 };
	unsigned int i;

	/* 256 neighbours learned one millisecond apart fill the cache. */
	for (i = 0; i < ARPC_NCACHE; i++) {
		dpfix_at(f, DPFIX_T0 + DPFIX_MS(i));
		sha[5] = (uint8_t)i;
		arp_in(f, 0, 1, bcast, sha, IP4(198, 51, 100, 0) + i, zero6,
		    US);
	}
	dpfix_drain(f);
	for (i = 0; i < ARPC_NCACHE; i++)
		assert_int_equal(arp_lookup(c, 0, IP4(198, 51, 100, 0) + i,
		    &b), 0);
	/* Use the oldest one: it becomes the most recent. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(1000));
	arp_output(c, 0, 0, IP4(198, 51, 100, 0), ip_packet(IP4(198, 51,
	    100, 0)));
	core_flush(c);
	dpfix_drain(f);
	/* A 257th neighbour replaces the least recently used: .1. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(1001));
	arp_in(f, 0, 1, bcast, peer1, P1, zero6, US);
	assert_int_equal(arp_lookup(c, 0, P1, &b), 0);
	assert_int_equal(arp_lookup(c, 0, IP4(198, 51, 100, 0), &b), 0);
	assert_int_equal(arp_lookup(c, 0, IP4(198, 51, 100, 1), &b), -ENOENT);
	assert_int_equal(arp_lookup(c, 0, IP4(198, 51, 100, 2), &b), 0);
	assert_int_equal(c->arp.stats[ARPSTAT_EVICTED], 1);
}

static void
test_learned_binding_reaches_every_core(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	unsigned int n;
	uint8_t mac[6];

	/* A request for us on core 0: core 1 learns it by message. */
	arp_in(f, 0, 1, bcast, peer1, P1, zero6, US);
	assert_int_equal(arp_lookup(&f->cores[1], 0, P1, &b), -ENOENT);
	dpfix_poll(f, 1);
	assert_int_equal(arp_lookup(&f->cores[1], 0, P1, &b), 0);
	assert_int_equal(b.state, ARPC_OK);
	assert_memory_equal(b.mac, peer1, 6);
	dpfix_drain(f);

	/* Core 1 waits for P5; the reply lands on core 0, which has no
	 * entry: the refresh message resolves core 1's and core 1 sends
	 * the held packet from its own queue. */
	send_to(f, 1, P5, 253, 0x77);
	n = dpfix_sent(f, 0, 1, out, 8);
	assert_int_equal(n, 1);
	assert_true(is_request_for(out[0], P5));
	dpfix_free_frames(out, n);
	arp_in(f, 0, 2, dpfix_mac[0], peer5, P5, dpfix_mac[0], US);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), -ENOENT);
	dpfix_poll(f, 1);
	assert_int_equal(arp_lookup(&f->cores[1], 0, P5, &b), 0);
	assert_int_equal(b.state, ARPC_OK);
	n = dpfix_sent(f, 0, 1, out, 8);
	assert_int_equal(n, 1);
	assert_memory_equal(dpfix_bytes(out[0]), peer5, 6);
	assert_int_equal(dpfix_bytes(out[0])[14 + 20], 0x77);
	dpfix_free_frames(out, n);
	/* Core 1 told the control thread, which prints it. */
	assert_int_equal(dpfix_arptab(f, P5, mac), 1);
	assert_memory_equal(mac, peer5, 6);
	assert_int_equal(f->cores[0].msgstats[MSGSTAT_DROPPED], 0);
}

static void
test_arp_file_add_del_flush_reach_cores(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	struct arp_binding b;
	unsigned int i, n;
	uint8_t mac[6];

	assert_null(dpfix_ctl(f, "arp add 192.0.2.9 020000000209"));
	for (i = 0; i < f->ncores; i++) {
		dpfix_poll(f, i);
		assert_int_equal(arp_lookup(&f->cores[i], 0, IP4(192, 0, 2, 9),
		    &b), 0);
		assert_int_equal(b.state, ARPC_OK);
		assert_int_equal(b.mac[5], 0x09);
	}
	assert_int_equal(ip4_attempt_to_discover(&f->cores[1],
	    IP4(192, 0, 2, 9), mac), 0);
	assert_int_equal(mac[5], 0x09);
	send_to(f, 1, IP4(192, 0, 2, 9), 253, 3);
	n = dpfix_sent(f, 0, 1, out, 8);
	assert_int_equal(n, 1);		/* straight out, no request */
	assert_int_equal(dpfix_bytes(out[0])[5], 0x09);
	dpfix_free_frames(out, n);

	assert_null(dpfix_ctl(f, "arp del 192.0.2.9"));
	for (i = 0; i < f->ncores; i++) {
		dpfix_poll(f, i);
		assert_int_equal(arp_lookup(&f->cores[i], 0, IP4(192, 0, 2, 9),
		    &b), -ENOENT);
	}

	/* flush also frees held packets. */
	send_to(f, 0, P5, 253, 4);
	dpfix_drain(f);
	assert_int_equal(f->cores[0].arp.nheld, 1);
	assert_null(dpfix_ctl(f, "arp flush"));
	for (i = 0; i < f->ncores; i++)
		dpfix_poll(f, i);
	assert_int_equal(arp_lookup(&f->cores[0], 0, P5, &b), -ENOENT);
	assert_int_equal(f->cores[0].arp.nheld, 0);
	assert_int_equal(f->cores[0].arp.stats[ARPSTAT_FLUSHED], 1);
}

/* Is m a gratuitous ARP from us for ip? */
static void
assert_garp(const struct rte_mbuf *m, uint32_t ip)
{
	const uint8_t *a = dpfix_bytes(m) + 14;

	assert_int_equal(dpfix_len(m), 60);
	assert_memory_equal(dpfix_bytes(m), bcast, 6);
	assert_memory_equal(dpfix_bytes(m) + 6, dpfix_mac[0], 6);
	assert_int_equal(get_be16(a + 6), 1);
	assert_memory_equal(a + 8, dpfix_mac[0], 6);
	assert_int_equal(get_be32(a + 14), ip);
	assert_memory_equal(a + 18, zero6, 6);
	assert_int_equal(get_be32(a + 24), ip);
}

static void
test_garp_on_add_and_on_request(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[8];
	unsigned int n;

	assert_null(dpfix_ctl(f, "ipifc/0/ctl add 192.0.2.44 255.255.255.0"));
	dpfix_poll(f, 0);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_garp(out[0], IP4(192, 0, 2, 44));
	dpfix_free_frames(out, n);

	assert_null(dpfix_ctl(f, "arp garp 192.0.2.2"));
	dpfix_poll(f, 0);
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_garp(out[0], US);
	dpfix_free_frames(out, n);

	/* And the new address is answered. */
	arp_in(f, 0, 1, bcast, peer1, P1, zero6, IP4(192, 0, 2, 44));
	n = dpfix_sent(f, 0, 0, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(get_be32(dpfix_bytes(out[0]) + 14 + 14),
	    IP4(192, 0, 2, 44));
	dpfix_free_frames(out, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_request_for_us_reply_bytes, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_request_for_other_is_ignored, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unsolicited_reply_not_cached_but_resolves_wait,
		    setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_broadcast_sender_and_conflicts_ignored, setup1,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_hold_bound_and_cut_to_newest, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_hold_bound_per_core, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_wait_expiry_gives_host_unreachable, setup1,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_aged_entry_is_resolved_again, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_lru_replacement, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_learned_binding_reaches_every_core, setup2,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_arp_file_add_del_flush_reach_cores, setup2,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_garp_on_add_and_on_request, setup1, teardown),
	};

	return cmocka_run_group_tests_name("dp_arp", tests, NULL, NULL);
}
