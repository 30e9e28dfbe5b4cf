/* SPDX-License-Identifier: MIT */
/*
 * IPv4, ICMP and Ethernet on the workers (stack/ip4.c, stack/icmp.c,
 * stack/ether.c) through the real input path: echo replies, every
 * malformed header counted under its reason, destination filtering,
 * protocol unreachable, forwarding (TTL, checksum, no route, reflect,
 * iprouting off), the ICMP error rules and rate limit, errors delivered to
 * the protocol that caused them, self-addressed traffic, checksum
 * offload, the seed-style output API and icmp/stats. Suite 'eal'.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <rte_mbuf.h>

#include "pmd_glue/port.h"
#include "stack/core.h"
#include "stack/wire/icmp4.h"
#include "stack/wire/ipv4.h"
#include "tests/dp/dpfix.h"

static const uint8_t peer1[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x01 };
static const uint8_t far7[6] = { 0x02, 0x00, 0x00, 0x00, 0x03, 0x07 };
static const uint8_t other[6] = { 0x02, 0x00, 0x00, 0x00, 0x09, 0x09 };
static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define US	IP4(192, 0, 2, 2)
#define P1	IP4(192, 0, 2, 1)
#define US1	IP4(198, 51, 100, 2)
#define FAR7	IP4(198, 51, 100, 7)

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

/* Input of raw frame bytes on core 0, port pi. */
static void
frame_in(struct dpfix *f, unsigned int pi, const uint8_t *b, size_t len)
{
	dpfix_input(f, 0, pi, dpfix_mbuf(b, len));
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

static uint64_t
ipstat(struct dpfix *f, enum ipstat s)
{
	return f->cores[0].ipstats[s];
}

static uint64_t
ip4stat(struct dpfix *f, enum ip4stat s)
{
	return f->cores[0].ip4stats[s];
}

/* A test protocol (number 253) that counts deliveries and advice. */
static int ndeliver, nadvice;
static uint32_t last_dst;
static struct ip4_advice last_advice;
static uint8_t last_quote[64];

static void
t_input(struct core *c, struct rte_mbuf *m, const struct ip4_rx *rx)
{
	(void)c;
	ndeliver++;
	last_dst = rx->dst;
	assert_int_equal(rx->hlen, 20);
	assert_int_equal(ipv4_hlen(rte_pktmbuf_mtod(m, uint8_t *)), 20);
	rte_pktmbuf_free(m);
}

static void
t_advise(struct core *c, const struct ip4_advice *a)
{
	(void)c;
	nadvice++;
	last_advice = *a;
	memcpy(last_quote, a->ip, a->len < sizeof(last_quote) ? a->len :
	    sizeof(last_quote));
}

static const struct ip4_proto t_proto = {
	.name = "t",
	.input = t_input,
	.advise = t_advise,
};

static int
setup1_proto(void **state)
{
	ndeliver = nadvice = 0;
	assert_int_equal(ip4_proto_register(253, &t_proto), 0);
	assert_int_equal(ip4_proto_register(253, &t_proto), -EEXIST);
	assert_int_equal(ip4_proto_register(1, &t_proto), -EINVAL);
	return setup1(state);
}

static int
teardown_proto(void **state)
{
	ip4_proto_unregister(253);
	return teardown(state);
}

/* Check the IPv4 header at p is valid and return its header length. */
static unsigned int
assert_ip_ok(const uint8_t *p, size_t len)
{
	struct ipv4_repr r;

	assert_int_equal(ipv4_parse(p, len, 0, &r), IPV4_OK);
	return ipv4_hlen(p);
}

static void
test_echo_reply_keeps_id_seq_payload(void **state)
{
	struct dpfix *f = *state;
	uint8_t data[56], icmp[128], buf[256];
	const uint8_t *ip, *ic;
	struct rte_mbuf *m;
	size_t n, il;
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	il = dpfix_echo(icmp, ICMP4_ECHO, 0x1234, 7, data, sizeof(data));
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 99, icmp, il);
	frame_in(f, 0, buf, n);
	m = one_sent(f, 0);
	assert_int_equal(dpfix_len(m), 14 + 20 + 8 + 56);
	assert_memory_equal(dpfix_bytes(m), peer1, 6);
	assert_memory_equal(dpfix_bytes(m) + 6, dpfix_mac[0], 6);
	ip = dpfix_bytes(m) + 14;
	assert_ip_ok(ip, 20 + 64);
	assert_int_equal(ipv4_src(ip), US);
	assert_int_equal(ipv4_dst(ip), P1);
	assert_int_equal(ipv4_proto(ip), 1);
	assert_int_equal(ipv4_ttl(ip), 255);
	assert_int_equal(ipv4_tlen(ip), 84);
	ic = ip + 20;
	assert_int_equal(dpfix_cksum(ic, 64), 0);
	assert_int_equal(icmp4_type(ic), ICMP4_ECHOREPLY);
	assert_int_equal(icmp4_code(ic), 0);
	assert_int_equal(icmp4_id(ic), 0x1234);
	assert_int_equal(icmp4_seq(ic), 7);
	assert_memory_equal(ic + 8, data, sizeof(data));
	assert_int_equal(m->ol_flags & RTE_MBUF_F_TX_IP_CKSUM, 0);
	rte_pktmbuf_free(m);
	assert_int_equal(ipstat(f, IPSTAT_INRECEIVES), 1);
	assert_int_equal(ipstat(f, IPSTAT_INDELIVERS), 1);
	assert_int_equal(ipstat(f, IPSTAT_OUTREQUESTS), 1);
}

static void
test_echo_padding_options_and_offload(void **state)
{
	struct dpfix *f = *state;
	struct pmd_port *pp = f->ports;
	uint8_t icmp[64], buf[128], opt[128];
	const uint8_t *ip;
	struct rte_mbuf *m;
	size_t n, il;

	/* A 28-byte echo in a 60-byte frame: the reply has no padding. */
	il = dpfix_echo(icmp, ICMP4_ECHO, 1, 1, NULL, 0);
	memset(buf, 0xee, sizeof(buf));
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
	assert_int_equal(n, 42);
	frame_in(f, 0, buf, 60);
	m = one_sent(f, 0);
	assert_int_equal(dpfix_len(m), 42);
	assert_int_equal(dpfix_cksum(dpfix_bytes(m) + 34, 8), 0);
	rte_pktmbuf_free(m);

	/* With one option word (IHL 6): delivered at byte 24, reply plain. */
	memcpy(opt, buf, 34);
	opt[14] = 0x46;
	put_be16(opt + 16, 20 + 4 + 8);
	memset(opt + 34, IPV4_OPT_NOP, 4);
	memcpy(opt + 38, icmp, 8);
	put_be16(opt + 24, 0);
	ipv4_fill_cksum(opt + 14);
	frame_in(f, 0, opt, 46);
	m = one_sent(f, 0);
	assert_int_equal(dpfix_len(m), 42);
	ip = dpfix_bytes(m) + 14;
	assert_ip_ok(ip, 28);
	assert_int_equal(icmp4_type(ip + 20), ICMP4_ECHOREPLY);
	assert_int_equal(dpfix_cksum(ip + 20, 8), 0);
	rte_pktmbuf_free(m);

	/* A port with IPv4 checksum offload gets the flags, not the sum. */
	pp[0].tx_ip4_cksum = 1;
	frame_in(f, 0, buf, 42);
	m = one_sent(f, 0);
	assert_int_equal(m->ol_flags & (RTE_MBUF_F_TX_IPV4 |
	    RTE_MBUF_F_TX_IP_CKSUM), RTE_MBUF_F_TX_IPV4 |
	    RTE_MBUF_F_TX_IP_CKSUM);
	assert_int_equal(m->l2_len, 14);
	assert_int_equal(m->l3_len, 20);
	assert_int_equal(ipv4_cksum(dpfix_bytes(m) + 14), 0);
	rte_pktmbuf_free(m);
	pp[0].tx_ip4_cksum = 0;
}

/* One malformed case: bytes after the Ethernet header. */
struct badcase {
	const char *name;
	void (*mangle)(uint8_t *ip, size_t *len);
	enum ip4stat why;
	enum ipstat mib;
};

static void
mk_short0(uint8_t *ip, size_t *len)
{
	(void)ip;
	*len = 0;
}

static void
mk_short1(uint8_t *ip, size_t *len)
{
	(void)ip;
	*len = 1;
}

static void
mk_short19(uint8_t *ip, size_t *len)
{
	(void)ip;
	*len = 19;
}

static void
mk_v6(uint8_t *ip, size_t *len)
{
	(void)len;
	ip[0] = 0x65;
	ipv4_fill_cksum(ip);
}

static void
mk_ihl4(uint8_t *ip, size_t *len)
{
	(void)len;
	ip[0] = 0x44;
}

static void
mk_ihl_past(uint8_t *ip, size_t *len)
{
	ip[0] = 0x4f;			/* 60-byte header in 36 bytes */
	*len = 36;
}

static void
mk_tlen_long(uint8_t *ip, size_t *len)
{
	(void)len;
	put_be16(ip + 2, 200);
	ipv4_fill_cksum(ip);
}

static void
mk_tlen_short(uint8_t *ip, size_t *len)
{
	(void)len;
	put_be16(ip + 2, 19);
	ipv4_fill_cksum(ip);
}

static void
mk_cksum(uint8_t *ip, size_t *len)
{
	(void)len;
	ip[10] ^= 0x01;
}

static void
mk_badfrag(uint8_t *ip, size_t *len)
{
	(void)len;
	put_be16(ip + 6, 0x1fff);	/* offset 65528 + data */
	ipv4_fill_cksum(ip);
}

static void
mk_bcast_src(uint8_t *ip, size_t *len)
{
	(void)len;
	put_be32(ip + 12, 0xffffffff);
	ipv4_fill_cksum(ip);
}

static void
mk_mcast_src(uint8_t *ip, size_t *len)
{
	(void)len;
	put_be32(ip + 12, IP4(224, 0, 0, 9));
	ipv4_fill_cksum(ip);
}

static void
test_malformed_ipv4_counted(void **state)
{
	static const struct badcase cases[] = {
		{ "empty", mk_short0, IP4STAT_SHORT, IPSTAT_INHDRERRORS },
		{ "1 byte", mk_short1, IP4STAT_SHORT, IPSTAT_INHDRERRORS },
		{ "19 bytes", mk_short19, IP4STAT_SHORT, IPSTAT_INHDRERRORS },
		{ "version 6", mk_v6, IP4STAT_BADVER, IPSTAT_INHDRERRORS },
		{ "IHL 4", mk_ihl4, IP4STAT_BADHLEN, IPSTAT_INHDRERRORS },
		{ "IHL past end", mk_ihl_past, IP4STAT_SHORT,
		    IPSTAT_INHDRERRORS },
		{ "tlen > frame", mk_tlen_long, IP4STAT_BADLEN,
		    IPSTAT_INHDRERRORS },
		{ "tlen < IHL", mk_tlen_short, IP4STAT_BADLEN,
		    IPSTAT_INHDRERRORS },
		{ "checksum", mk_cksum, IP4STAT_BADCKSUM, IPSTAT_INHDRERRORS },
		{ "frag past 64k", mk_badfrag, IP4STAT_BADFRAG,
		    IPSTAT_INHDRERRORS },
		{ "bcast src", mk_bcast_src, IP4STAT_BADSRC,
		    IPSTAT_INADDRERRORS },
		{ "mcast src", mk_mcast_src, IP4STAT_BADSRC,
		    IPSTAT_INADDRERRORS },
	};
	struct dpfix *f = *state;
	uint8_t icmp[64], buf[128];
	unsigned int i;
	size_t il, len;

	il = dpfix_echo(icmp, ICMP4_ECHO, 1, 1, "abcdefgh", 8);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t before = ip4stat(f, cases[i].why);
		uint64_t mib = ipstat(f, cases[i].mib);
		uint64_t rcv = ipstat(f, IPSTAT_INRECEIVES);

		dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
		len = 20 + il;
		cases[i].mangle(buf + 14, &len);
		frame_in(f, 0, buf, 14 + len);
		if (ip4stat(f, cases[i].why) != before + 1)
			fail_msg("case %s: reason not counted", cases[i].name);
		assert_int_equal(ipstat(f, cases[i].mib), mib + 1);
		assert_int_equal(ipstat(f, IPSTAT_INRECEIVES), rcv + 1);
		assert_none_sent(f);
	}
	assert_int_equal(ipstat(f, IPSTAT_INDELIVERS), 0);
	/* Every IP header error lands in InHdrErrors, nothing else. */
	assert_int_equal(ipstat(f, IPSTAT_INHDRERRORS), 10);
	assert_int_equal(ipstat(f, IPSTAT_INADDRERRORS), 2);

	/* A 13-byte frame never reaches IP. */
	frame_in(f, 0, buf, 13);
	assert_int_equal(f->cores[0].ethstats[ETHSTAT_SHORT], 1);
}

static void
test_rx_checksum_flags_trusted_when_offered(void **state)
{
	struct dpfix *f = *state;
	struct pmd_port *pp = f->ports;
	uint8_t icmp[64], buf[128];
	struct rte_mbuf *m;
	size_t n, il;

	pp[0].rx_ip4_cksum = 1;
	il = dpfix_echo(icmp, ICMP4_ECHO, 1, 1, NULL, 0);
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
	/* A correct header the NIC calls bad is dropped. */
	m = dpfix_mbuf(buf, n);
	m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_BAD;
	dpfix_input(f, 0, 0, m);
	assert_int_equal(ip4stat(f, IP4STAT_BADCKSUM), 1);
	assert_none_sent(f);
	/* A wrong sum the NIC vouches for is not checked again. */
	buf[14 + 10] ^= 0xff;
	m = dpfix_mbuf(buf, n);
	m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	dpfix_input(f, 0, 0, m);
	m = one_sent(f, 0);
	rte_pktmbuf_free(m);
	/* Unknown: software decides. */
	m = dpfix_mbuf(buf, n);
	dpfix_input(f, 0, 0, m);
	assert_int_equal(ip4stat(f, IP4STAT_BADCKSUM), 2);
	assert_none_sent(f);
	pp[0].rx_ip4_cksum = 0;
}

static void
test_unknown_protocol_gives_icmp_3_2(void **state)
{
	struct dpfix *f = *state;
	uint8_t buf[128], pl[12] = "0123456789a";
	const uint8_t *ip, *ic;
	struct rte_mbuf *m;
	size_t n;

	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 200, 64, 0x4242, pl,
	    sizeof(pl));
	frame_in(f, 0, buf, n);
	assert_int_equal(ipstat(f, IPSTAT_INUNKNOWNPROTOS), 1);
	m = one_sent(f, 0);
	ip = dpfix_bytes(m) + 14;
	assert_ip_ok(ip, dpfix_len(m) - 14);
	assert_int_equal(ipv4_src(ip), US);
	assert_int_equal(ipv4_dst(ip), P1);
	assert_int_equal(ipv4_proto(ip), 1);
	ic = ip + 20;
	assert_int_equal(icmp4_type(ic), ICMP4_UNREACH);
	assert_int_equal(icmp4_code(ic), ICMP4_UNREACH_PROTO);
	assert_int_equal(dpfix_cksum(ic, ipv4_tlen(ip) - 20), 0);
	/* The quote: the offending header and 8 bytes of its data. */
	assert_int_equal(ipv4_tlen(ip), 20 + 8 + 20 + 8);
	assert_memory_equal(ic + 8, buf + 14, 28);
	rte_pktmbuf_free(m);

	/* Not for a broadcast destination. */
	n = dpfix_ip4(buf, bcast, peer1, P1, IP4(192, 0, 2, 255), 200, 64, 1,
	    pl, sizeof(pl));
	frame_in(f, 0, buf, n);
	assert_int_equal(ipstat(f, IPSTAT_INUNKNOWNPROTOS), 2);
	assert_none_sent(f);
}

static void
test_destinations_we_accept(void **state)
{
	static const struct {
		uint32_t dst;
		const uint8_t *mac;
		int ours;
	} cases[] = {
		{ IP4(192, 0, 2, 2), NULL, 1 },
		{ IP4(192, 0, 2, 255), bcast, 1 },
		{ IP4(255, 255, 255, 255), bcast, 1 },
		{ IP4(224, 0, 0, 1), NULL, 1 },
		{ IP4(192, 0, 2, 3), NULL, 0 },
		{ IP4(224, 0, 0, 2), NULL, 0 },
	};
	struct dpfix *f = *state;
	uint8_t buf[128], mac[6], pl[8] = "payload";
	unsigned int i;
	size_t n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int before = ndeliver;

		if (cases[i].mac != NULL)
			memcpy(mac, cases[i].mac, 6);
		else if ((cases[i].dst >> 28) == 0xe)
			memcpy(mac, (uint8_t[6]){ 0x01, 0x00, 0x5e, 0, 0,
			    (uint8_t)cases[i].dst }, 6);
		else
			memcpy(mac, dpfix_mac[0], 6);
		n = dpfix_ip4(buf, mac, peer1, P1, cases[i].dst, 253, 64, 1,
		    pl, sizeof(pl));
		frame_in(f, 0, buf, n);
		assert_int_equal(ndeliver - before, cases[i].ours);
		if (cases[i].ours)
			assert_int_equal(last_dst, cases[i].dst);
		assert_none_sent(f);
	}
	/* Not ours and not routing: counted as address errors. */
	assert_int_equal(ipstat(f, IPSTAT_INADDRERRORS), 2);
	assert_int_equal(ip4stat(f, IP4STAT_NOTFORUS), 2);

	/* A frame for another MAC is not ours unless promiscuous. */
	n = dpfix_ip4(buf, other, peer1, P1, US, 253, 64, 1, pl, sizeof(pl));
	frame_in(f, 0, buf, n);
	assert_int_equal(f->cores[0].ethstats[ETHSTAT_NOTFORUS], 1);
	assert_null(dpfix_ctl(f, "ipifc/0/ctl promiscuous 1"));
	i = (unsigned int)ndeliver;
	frame_in(f, 0, buf, n);
	assert_int_equal(ndeliver, (int)i + 1);

	/* A fragment for us waits for the rest in the reassembly table. */
	i = (unsigned int)ndeliver;
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 253, 64, 1, pl,
	    sizeof(pl));
	put_be16(buf + 14 + 6, IPV4_MF);
	ipv4_fill_cksum(buf + 14);
	frame_in(f, 0, buf, n);
	assert_int_equal(ipstat(f, IPSTAT_REASMREQDS), 1);
	assert_int_equal(ipstat(f, IPSTAT_REASMFAILS), 0);
	assert_int_equal(ndeliver, (int)i);
	core_publish(&f->cores[0]);
	assert_int_equal(f->cores[0].tel.reasm_entries, 1);
	assert_none_sent(f);

	/* Other ethertypes are counted. */
	buf[12] = 0x86, buf[13] = 0xdd;
	frame_in(f, 0, buf, n);
	buf[12] = 0x81, buf[13] = 0x00;
	frame_in(f, 0, buf, n);
	buf[12] = 0x12, buf[13] = 0x34;
	frame_in(f, 0, buf, n);
	assert_int_equal(f->cores[0].ethstats[ETHSTAT_IPV6], 1);
	assert_int_equal(f->cores[0].ethstats[ETHSTAT_VLAN], 1);
	assert_int_equal(f->cores[0].ethstats[ETHSTAT_UNKNOWN], 1);
}

static void
test_icmp_error_reaches_protocol(void **state)
{
	struct dpfix *f = *state;
	uint8_t inner[28], icmp[64], buf[128];
	size_t n, il;
	struct icmp4_repr r;

	/* Port unreachable from P1 about a datagram proto 253 sent it. */
	memset(inner, 0, sizeof(inner));
	inner[0] = 0x45;
	put_be16(inner + 2, 28);
	inner[8] = 64;
	inner[9] = 253;
	put_be32(inner + 12, US);
	put_be32(inner + 16, P1);
	inner[20] = 0xab;
	ipv4_fill_cksum(inner);
	memset(&r, 0, sizeof(r));
	r.type = ICMP4_UNREACH;
	r.code = ICMP4_UNREACH_NEEDFRAG;
	r.mtu = 1280;
	r.data = inner;
	r.data_len = sizeof(inner);
	il = icmp4_emit(&r, icmp, sizeof(icmp));
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
	frame_in(f, 0, buf, n);
	assert_int_equal(nadvice, 1);
	assert_int_equal(last_advice.type, ICMP4_UNREACH);
	assert_int_equal(last_advice.code, ICMP4_UNREACH_NEEDFRAG);
	assert_int_equal(last_advice.mtu, 1280);
	assert_int_equal(last_advice.from, P1);
	assert_int_equal(last_advice.len, 28);
	assert_int_equal(last_quote[20], 0xab);
	assert_none_sent(f);

	/* A quote too short for a header and 8 bytes: LenErrs. */
	r.data_len = 24;
	il = icmp4_emit(&r, icmp, sizeof(icmp));
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
	frame_in(f, 0, buf, n);
	assert_int_equal(nadvice, 1);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_LENERRS], 1);

	/* Bad ICMP checksum and a 4-byte message. */
	icmp[2] ^= 0x10;
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
	frame_in(f, 0, buf, n);
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, 4);
	frame_in(f, 0, buf, n);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_CSUMERRS], 1);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_HLENERRS], 1);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_INERRORS], 3);
	assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_INMSGS], 4);
	assert_none_sent(f);
}

static void
test_self_addressed_comes_back(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *m;
	struct ip4_out o;
	uint8_t *p;

	memset(&o, 0, sizeof(o));
	o.dst = US;
	o.proto = 253;
	m = dpfix_mbuf("hello", 5);
	ip4_write(&f->cores[0], &o, m);
	assert_int_equal(ndeliver, 0);
	dpfix_poll(f, 0);
	assert_int_equal(ndeliver, 1);
	assert_int_equal(last_dst, US);
	assert_none_sent(f);

	/* Also with checksum offload: the loop fills in the checksum. */
	((struct pmd_port *)f->ports)[0].tx_ip4_cksum = 1;
	ip4_write(&f->cores[0], &o, dpfix_mbuf("again", 5));
	dpfix_poll(f, 0);
	assert_int_equal(ndeliver, 2);
	assert_int_equal(ip4stat(f, IP4STAT_BADCKSUM), 0);
	((struct pmd_port *)f->ports)[0].tx_ip4_cksum = 0;

	/* An echo request to ourselves is answered to ourselves. */
	{
		uint8_t icmp[16];
		size_t il = dpfix_echo(icmp, ICMP4_ECHO, 9, 9, NULL, 0);

		o.proto = 1;
		m = dpfix_mbuf(icmp, il);
		ip4_write(&f->cores[0], &o, m);
		dpfix_poll(f, 0);
		dpfix_poll(f, 0);
		assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_IN0 +
		    ICMP4_ECHO], 1);
		assert_int_equal(f->cores[0].icmp.stats[ICMPSTAT_IN0 +
		    ICMP4_ECHOREPLY], 1);
		assert_none_sent(f);
	}

	/* A frame to our own MAC from write_directly loops too. */
	p = NULL;
	(void)p;
	ip4_write_directly(&f->cores[0], &(struct ip4_out){ .dst = US,
	    .proto = 253 }, 0, dpfix_mac[0], dpfix_mbuf("x", 1));
	dpfix_poll(f, 0);
	assert_int_equal(ndeliver, 3);
	assert_none_sent(f);
}

static void
test_output_api(void **state)
{
	struct dpfix *f = *state;
	struct core *c = &f->cores[0];
	struct ip4_out o;
	struct rte_mbuf *m;
	uint8_t mac[6];
	const uint8_t *ip;

	assert_int_equal(ip4_src(c, P1), US);
	/* No route: 9front's fallback, the first address of the stack. */
	assert_int_equal(ip4_src(c, IP4(203, 0, 113, 1)), US);
	assert_int_equal(ip4_attempt_to_discover(c, P1, mac), 0);
	assert_memory_equal(mac, peer1, 6);
	assert_int_equal(ip4_attempt_to_discover(c, IP4(192, 0, 2, 9), mac),
	    -ENOENT);
	assert_int_equal(ip4_attempt_to_discover(c, IP4(203, 0, 113, 1), mac),
	    -ENETUNREACH);
	assert_int_equal(ip4_attempt_to_discover(c, IP4(192, 0, 2, 255), mac),
	    0);
	assert_memory_equal(mac, bcast, 6);
	assert_int_equal(ip4_attempt_to_discover(c, IP4(224, 0, 0, 1), mac),
	    0);
	assert_int_equal(mac[0], 0x01);
	assert_int_equal(mac[5], 0x01);
	assert_none_sent(f);	/* discovery never asks */

	/* write with TTL, TOS and DF. */
	memset(&o, 0, sizeof(o));
	o.dst = P1;
	o.proto = 253;
	o.ttl = 7;
	o.tos = 0x10;
	o.df = true;
	ip4_write(c, &o, dpfix_mbuf("abcd", 4));
	core_flush(c);
	m = one_sent(f, 0);
	ip = dpfix_bytes(m) + 14;
	assert_ip_ok(ip, 24);
	assert_int_equal(ipv4_ttl(ip), 7);
	assert_int_equal(ipv4_tos(ip), 0x10);
	assert_true(ipv4_df(ip));
	assert_int_equal(ipv4_src(ip), US);
	assert_int_equal(ipv4_proto(ip), 253);
	assert_memory_equal(ip + 20, "abcd", 4);
	rte_pktmbuf_free(m);

	/* write_directly: given MAC, no ARP, no route. */
	o.ttl = 0;
	o.dst = IP4(192, 0, 2, 9);
	ip4_write_directly(c, &o, 0, other, dpfix_mbuf("efgh", 4));
	core_flush(c);
	m = one_sent(f, 0);
	assert_memory_equal(dpfix_bytes(m), other, 6);
	ip = dpfix_bytes(m) + 14;
	assert_ip_ok(ip, 24);
	assert_int_equal(ipv4_ttl(ip), 255);
	assert_int_equal(ipv4_dst(ip), IP4(192, 0, 2, 9));
	rte_pktmbuf_free(m);

	/* No route: counted, nothing sent. */
	o.dst = IP4(203, 0, 113, 1);
	ip4_write(c, &o, dpfix_mbuf("ijkl", 4));
	core_flush(c);
	assert_int_equal(ipstat(f, IPSTAT_OUTNOROUTES), 1);
	assert_none_sent(f);

	/* Broadcast goes to ff:ff:ff:ff:ff:ff and a copy comes back. */
	o.dst = IP4(192, 0, 2, 255);
	o.df = false;
	ip4_write(c, &o, dpfix_mbuf("mnop", 4));
	dpfix_poll(f, 0);
	m = one_sent(f, 0);
	assert_memory_equal(dpfix_bytes(m), bcast, 6);
	rte_pktmbuf_free(m);
	assert_int_equal(ndeliver, 1);

	/* One byte larger than the MTU: two fragments, 1480 + 1 bytes. */
	m = rte_pktmbuf_alloc(dpfix_pool());
	assert_non_null(rte_pktmbuf_append(m, 1481));
	o.dst = P1;
	ip4_write(c, &o, m);
	core_flush(c);
	{
		struct rte_mbuf *out[4];

		assert_int_equal(dpfix_sent(f, 0, 0, out, 4), 2);
		ip = dpfix_bytes(out[0]) + 14;
		assert_ip_ok(ip, 1500);
		assert_true(ipv4_mf(ip));
		assert_int_equal(ipv4_frag_off(ip), 0);
		ip = dpfix_bytes(out[1]) + 14;
		assert_ip_ok(ip, 21);
		assert_false(ipv4_mf(ip));
		assert_int_equal(ipv4_frag_off(ip), 1480);
		assert_int_equal(ipv4_id(ip),
		    ipv4_id(dpfix_bytes(out[0]) + 14));
		dpfix_free_frames(out, 2);
	}
	assert_int_equal(ipstat(f, IPSTAT_FRAGOKS), 1);
	assert_int_equal(ipstat(f, IPSTAT_FRAGCREATES), 2);
	assert_int_equal(ipstat(f, IPSTAT_FRAGFAILS), 0);

	/* The same with DF: refused, counted. */
	o.df = true;
	m = rte_pktmbuf_alloc(dpfix_pool());
	assert_non_null(rte_pktmbuf_append(m, 1481));
	ip4_write(c, &o, m);
	core_flush(c);
	assert_int_equal(ipstat(f, IPSTAT_FRAGFAILS), 1);
}

static void
test_ip_id_unique_across_cores(void **state)
{
	struct dpfix *f = *state;
	static uint8_t seen[65536];
	unsigned int i, k;
	uint16_t id;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 30000; i++) {
		for (k = 0; k < f->ncores; k++) {
			id = ip4_next_id(&f->cores[k]);
			assert_int_equal(id % f->ncores, k);
			assert_int_equal(seen[id], 0);
			seen[id] = 1;
		}
	}
}

static void
test_icmp_stats_text(void **state)
{
	struct dpfix *f = *state;
	uint8_t icmp[64], buf[128];
	uint64_t s[ICMPSTAT_MAX];
	char text[2048], *line;
	size_t n, il;
	int lines = 0;

	il = dpfix_echo(icmp, ICMP4_ECHO, 1, 1, NULL, 0);
	n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, US, 1, 64, 1, icmp, il);
	frame_in(f, 0, buf, n);
	frame_in(f, 0, buf, n);
	dpfix_drain(f);
	memset(s, 0, sizeof(s));
	icmp_stats_add(&f->cores[0], s);
	n = icmp_stats_format(s, text, sizeof(text));
	assert_int_equal(n, strlen(text));
	for (line = text; (line = strchr(line, '\n')) != NULL; line++)
		lines++;
	assert_int_equal(lines, 25);
	assert_non_null(strstr(text, "InMsgs: 2\nInErrors: 0\nOutMsgs: 0\n"
	    "CsumErrs: 0\nLenErrs: 0\nHlenErrs: 0\nEchoReply: 0 2\n"
	    "1: 0 0\n2: 0 0\nUnreachable: 0 0\n"));
	assert_non_null(strstr(text, "EchoRequest: 2 0\n"));
	assert_non_null(strstr(text, "\nAddrMaskReply  : 0 0\n"));
	assert_int_equal(text[n - 1], '\n');
	/* Truncation reports the full length, as snprintf does. */
	assert_int_equal(icmp_stats_format(s, text, 10), n);
	assert_int_equal(strlen(text), 9);
}

/* ---- router tests: port0 192.0.2.2/24, port1 198.51.100.2/24 ---- */

static size_t
fwd_frame(uint8_t *buf, uint32_t dst, uint8_t ttl, uint8_t proto)
{
	uint8_t pl[16] = "forward me pls";

	return dpfix_ip4(buf, dpfix_mac[0], peer1, P1, dst, proto, ttl,
	    0x0101, pl, sizeof(pl));
}

/* The ICMP error core 0 sent back on port 0: type, code, quote check. */
static void
assert_icmp_back(struct dpfix *f, uint8_t type, uint8_t code,
    const uint8_t *orig)
{
	struct rte_mbuf *m = one_sent(f, 0);
	const uint8_t *ip = dpfix_bytes(m) + 14, *ic = ip + 20;

	assert_memory_equal(dpfix_bytes(m), peer1, 6);
	assert_ip_ok(ip, dpfix_len(m) - 14);
	assert_int_equal(ipv4_dst(ip), P1);
	assert_int_equal(ipv4_src(ip), US);	/* our address on that ifc */
	assert_int_equal(icmp4_type(ic), type);
	assert_int_equal(icmp4_code(ic), code);
	assert_int_equal(dpfix_cksum(ic, ipv4_tlen(ip) - 20), 0);
	assert_memory_equal(ic + 8, orig, 28);
	rte_pktmbuf_free(m);
}

static void
test_forward_decrements_ttl(void **state)
{
	struct dpfix *f = *state;
	uint8_t buf[128];
	const uint8_t *ip;
	struct rte_mbuf *m;
	size_t n;

	n = fwd_frame(buf, FAR7, 64, 17);
	frame_in(f, 0, buf, n);
	m = one_sent(f, 1);
	assert_int_equal(dpfix_len(m), n);
	assert_memory_equal(dpfix_bytes(m), far7, 6);
	assert_memory_equal(dpfix_bytes(m) + 6, dpfix_mac[1], 6);
	ip = dpfix_bytes(m) + 14;
	assert_int_equal(ipv4_ttl(ip), 63);
	assert_int_equal(dpfix_cksum(ip, 20), 0);	/* fixed incrementally */
	assert_int_equal(ipv4_src(ip), P1);
	assert_int_equal(ipv4_id(ip), 0x0101);		/* not rewritten */
	assert_memory_equal(ip + 20, buf + 34, 16);
	rte_pktmbuf_free(m);
	assert_int_equal(ipstat(f, IPSTAT_FORWDATAGRAMS), 1);
	assert_none_sent(f);
}

static void
test_forward_ttl_expired(void **state)
{
	struct dpfix *f = *state;
	uint8_t buf[128];
	size_t n;
	uint8_t ttl;

	for (ttl = 0; ttl <= 1; ttl++) {
		n = fwd_frame(buf, FAR7, ttl, 17);
		frame_in(f, 0, buf, n);
		assert_icmp_back(f, ICMP4_TIMXCEED, ICMP4_TIMXCEED_INTRANS,
		    buf + 14);
		assert_none_sent(f);
	}
	assert_int_equal(ipstat(f, IPSTAT_INHDRERRORS), 2);
	assert_int_equal(ip4stat(f, IP4STAT_TTL), 2);
	assert_int_equal(ipstat(f, IPSTAT_FORWDATAGRAMS), 0);

	/* Never an error about an ICMP error, or a non-first fragment. */
	{
		uint8_t icmp[64], inner[28];
		struct icmp4_repr r;
		size_t il;

		memset(inner, 0, sizeof(inner));
		inner[0] = 0x45;
		put_be16(inner + 2, 28);
		memset(&r, 0, sizeof(r));
		r.type = ICMP4_UNREACH;
		r.data = inner;
		r.data_len = sizeof(inner);
		il = icmp4_emit(&r, icmp, sizeof(icmp));
		n = dpfix_ip4(buf, dpfix_mac[0], peer1, P1, FAR7, 1, 1, 1,
		    icmp, il);
		frame_in(f, 0, buf, n);
		assert_none_sent(f);
		assert_int_equal(f->cores[0].icmp.drops[ICMPDROP_ERR_ICMPERR],
		    1);
	}
	n = fwd_frame(buf, FAR7, 1, 17);
	put_be16(buf + 14 + 6, 185);
	ipv4_fill_cksum(buf + 14);
	frame_in(f, 0, buf, n);
	assert_none_sent(f);
	assert_int_equal(f->cores[0].icmp.drops[ICMPDROP_ERR_FRAG], 1);
	/* Nor about a link-layer broadcast. */
	n = fwd_frame(buf, FAR7, 1, 17);
	memcpy(buf, bcast, 6);
	frame_in(f, 0, buf, n);
	assert_none_sent(f);
}

static void
test_forward_no_route_and_off(void **state)
{
	struct dpfix *f = *state;
	uint8_t buf[128];
	size_t n;

	n = fwd_frame(buf, IP4(203, 0, 113, 5), 64, 17);
	frame_in(f, 0, buf, n);
	assert_icmp_back(f, ICMP4_UNREACH, ICMP4_UNREACH_NET, buf + 14);
	assert_int_equal(ipstat(f, IPSTAT_OUTNOROUTES), 1);
	assert_none_sent(f);

	assert_null(dpfix_ctl(f, "ipifc/0/ctl iprouting 0"));
	n = fwd_frame(buf, FAR7, 64, 17);
	frame_in(f, 0, buf, n);
	assert_none_sent(f);
	assert_int_equal(ipstat(f, IPSTAT_INADDRERRORS), 1);
	assert_int_equal(ipstat(f, IPSTAT_FORWDATAGRAMS), 0);
}

static void
test_forward_reflect(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *m;
	uint8_t buf[128];
	size_t n;

	/* Back out of the arrival interface: only with reflect. */
	n = fwd_frame(buf, IP4(192, 0, 2, 77), 64, 17);
	frame_in(f, 0, buf, n);
	assert_none_sent(f);
	assert_int_equal(ip4stat(f, IP4STAT_NOREFLECT), 1);
	assert_null(dpfix_ctl(f, "ipifc/0/ctl reflect"));
	frame_in(f, 0, buf, n);
	m = one_sent(f, 0);	/* an ARP request for .77, packet held */
	assert_memory_equal(dpfix_bytes(m), bcast, 6);
	assert_int_equal(dpfix_bytes(m)[13], 0x06);
	rte_pktmbuf_free(m);
	assert_int_equal(ipstat(f, IPSTAT_FORWDATAGRAMS), 1);
	assert_int_equal(f->cores[0].arp.nheld, 1);
}

static void
test_icmp_error_rate_limit(void **state)
{
	struct dpfix *f = *state;
	struct rte_mbuf *out[DPFIX_CAPMAX];
	uint8_t buf[128];
	unsigned int i, n, sent = 0;
	size_t len;

	len = fwd_frame(buf, IP4(203, 0, 113, 5), 64, 17);
	for (i = 0; i < 60; i++) {
		frame_in(f, 0, buf, len);
		while ((n = dpfix_sent(f, 0, 0, out, DPFIX_CAPMAX)) > 0) {
			sent += n;
			dpfix_free_frames(out, n);
		}
	}
	assert_int_equal(sent, ICMP_BURST);
	assert_int_equal(f->cores[0].icmp.drops[ICMPDROP_ERR_RATE], 10);
	assert_int_equal(ipstat(f, IPSTAT_OUTNOROUTES), 60);
	/* 100 ms later, 10 more tokens. */
	dpfix_at(f, DPFIX_T0 + DPFIX_MS(100));
	sent = 0;
	for (i = 0; i < 20; i++) {
		frame_in(f, 0, buf, len);
		while ((n = dpfix_sent(f, 0, 0, out, DPFIX_CAPMAX)) > 0) {
			sent += n;
			dpfix_free_frames(out, n);
		}
	}
	assert_int_equal(sent, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_echo_reply_keeps_id_seq_payload, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_echo_padding_options_and_offload, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_malformed_ipv4_counted, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rx_checksum_flags_trusted_when_offered, setup1,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_protocol_gives_icmp_3_2, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_destinations_we_accept, setup1_proto,
		    teardown_proto),
		cmocka_unit_test_setup_teardown(
		    test_icmp_error_reaches_protocol, setup1_proto,
		    teardown_proto),
		cmocka_unit_test_setup_teardown(
		    test_self_addressed_comes_back, setup1_proto,
		    teardown_proto),
		cmocka_unit_test_setup_teardown(
		    test_output_api, setup1_proto, teardown_proto),
		cmocka_unit_test_setup_teardown(
		    test_ip_id_unique_across_cores, setup2c, teardown),
		cmocka_unit_test_setup_teardown(
		    test_icmp_stats_text, setup1, teardown),
		cmocka_unit_test_setup_teardown(
		    test_forward_decrements_ttl, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_forward_ttl_expired, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_forward_no_route_and_off, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_forward_reflect, setup_router, teardown),
		cmocka_unit_test_setup_teardown(
		    test_icmp_error_rate_limit, setup_router, teardown),
	};

	return cmocka_run_group_tests_name("dp_ip4", tests, NULL, NULL);
}
