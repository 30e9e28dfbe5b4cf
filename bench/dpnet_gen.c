/* SPDX-License-Identifier: MIT */
/*
 * dpnet-gen: the benchmark traffic generator. One DPDK process, one lcore
 * (the main one), one port (normally a net_memif client facing the system
 * under test, the memif server). It sends pre-built IPv4 frames as fast as
 * the port takes them, or at a given rate, for a warm-up period and then a
 * measured window, and counts what comes back: ICMP echo replies (mode
 * echo), forwarded UDP datagrams (mode fwd, TTL one lower than sent), or
 * every frame (--count any, for dpdk-testpmd in io/macswap mode, which
 * bounces frames unchanged). Every frame carries a magic word, a sequence
 * number and the TSC at transmission, so the round trip of each returned
 * frame goes into a log-linear histogram (p50/p90/p99/p99.9). It answers
 * ARP requests for its own addresses so the SUT can resolve it. It prints
 * one JSON line (also appended to --json FILE) and one human line. It owns
 * all its state; nothing here is shared with the daemon.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_udp.h>

enum {
	GEN_MAXBURST = 256,
	GEN_MAXQ = 16,
	GEN_MAXFLOWS = 65536,
	GEN_HDRLEN = 42,		/* Ethernet + IPv4 + ICMP/UDP header */
	GEN_PAYLEN = 16,		/* magic, seq, tsc */
	GEN_MINSIZE = 64,		/* frame bytes including the FCS */
	GEN_FCS = 4,
	GEN_HIST = 976,			/* buckets of gen_hist_index() */
	GEN_NB_DESC = 1024,
	GEN_TTL = 64,
};

#define GEN_MAGIC 0x64706e47u		/* "dpnG" */

enum gen_mode {
	GEN_ECHO,
	GEN_FWD,
};

struct gen_opts {
	enum gen_mode mode;
	int count_any;
	unsigned int size;
	double duration;
	double warmup;
	double drain;
	double rate_mpps;		/* 0 = as fast as the port takes */
	unsigned int flows;
	unsigned int queues;
	unsigned int burst;
	uint16_t port;
	uint32_t local_ip;		/* host order */
	uint32_t sut_ip;
	uint32_t src_net;		/* /24 the sources come from */
	uint32_t dst_net;		/* /24 the fwd destinations go to */
	struct rte_ether_addr sut_mac;
	const char *label;
	const char *json;
	int linger;			/* after the report, await link down */
};

/* The payload every generated frame carries right after its L4 header. */
struct gen_payload {
	uint32_t magic;
	uint32_t seq;
	uint64_t tsc;
} __rte_packed;

struct gen_stats {
	uint64_t tx;			/* frames the port accepted */
	uint64_t rx;			/* frames counted as returned */
	uint64_t rx_all;		/* every frame received */
	uint64_t rx_arp;
	uint64_t rx_other;		/* neither counted nor ARP */
	uint64_t bounced;		/* our frame came back unprocessed */
	uint64_t arp_replies;		/* ARP replies we sent */
	uint64_t lat_n;
	uint64_t lat_max;
	uint64_t hist[GEN_HIST];
};

static volatile sig_atomic_t gen_stop;

static struct gen_opts opt;
static uint8_t gen_tmpl[GEN_MAXFLOWS][GEN_HDRLEN];
static struct rte_ether_addr gen_mac;
static struct rte_mempool *gen_txpool;

static void
gen_on_signal(int sig)
{
	(void)sig;
	gen_stop = 1;
}

static void
gen_usage(FILE *f)
{
	fprintf(f,
	    "usage: dpnet-gen EAL-ARGS -- [options]\n"
	    "  --mode echo|fwd     ICMP echo requests to the SUT, or UDP to\n"
	    "                      be forwarded back (default fwd)\n"
	    "  --count reply|any   count echo replies / forwarded frames only\n"
	    "                      (default), or every frame but ARP\n"
	    "  --size N            frame bytes including FCS (default 64)\n"
	    "  --duration S        measured seconds (default 5)\n"
	    "  --warmup S          seconds sent before measuring (default 1)\n"
	    "  --rate MPPS         offered rate, 0 = as fast as possible\n"
	    "  --flows N           source addresses/ids/ports (default 256)\n"
	    "  --queues N          port queue pairs, one per SUT worker (1)\n"
	    "  --burst N           frames per tx burst (default 32)\n"
	    "  --port N            ethdev port id (default 0)\n"
	    "  --local-ip A        our address on the link (192.0.2.1)\n"
	    "  --sut-ip A          the SUT's address (192.0.2.2)\n"
	    "  --sut-mac M         the SUT's MAC (02:00:00:00:00:02)\n"
	    "  --src-net A         sources, a /24 (203.0.113.0)\n"
	    "  --dst-net A         fwd destinations, a /24 (198.51.100.0)\n"
	    "  --label TEXT        name of the test in the result\n"
	    "  --json FILE         append the JSON result line to FILE\n"
	    "  --linger            after the result, stop polling and wait\n"
	    "                      until the SUT closes the link (or a\n"
	    "                      signal) before leaving: the memif server\n"
	    "                      then never sees its peer vanish while it\n"
	    "                      polls\n");
}

static int
gen_parse_ip(const char *s, uint32_t *ip)
{
	unsigned int a, b, c, d;
	char tail;

	if (sscanf(s, "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4 ||
	    a > 255 || b > 255 || c > 255 || d > 255)
		return -1;
	*ip = a << 24 | b << 16 | c << 8 | d;
	return 0;
}

static int
gen_parse_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(s, &end, 0);
	if (errno != 0 || *s == '\0' || *end != '\0' || *v < min || *v > max)
		return -1;
	return 0;
}

static int
gen_parse_double(const char *s, double min, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (errno != 0 || *s == '\0' || *end != '\0' || !(*v >= min))
		return -1;
	return 0;
}

static int
gen_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "count", required_argument, NULL, 'c' },
		{ "size", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "rate", required_argument, NULL, 'r' },
		{ "flows", required_argument, NULL, 'f' },
		{ "queues", required_argument, NULL, 'q' },
		{ "burst", required_argument, NULL, 'b' },
		{ "port", required_argument, NULL, 'p' },
		{ "local-ip", required_argument, NULL, 'L' },
		{ "sut-ip", required_argument, NULL, 'S' },
		{ "sut-mac", required_argument, NULL, 'M' },
		{ "src-net", required_argument, NULL, 'A' },
		{ "dst-net", required_argument, NULL, 'B' },
		{ "label", required_argument, NULL, 'l' },
		{ "json", required_argument, NULL, 'j' },
		{ "linger", no_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c, bad, i;

	opt.mode = GEN_FWD;
	opt.size = 64;
	opt.duration = 5;
	opt.warmup = 1;
	opt.drain = 0.1;
	opt.flows = 256;
	opt.queues = 1;
	opt.burst = 32;
	opt.local_ip = 0xc0000201;
	opt.sut_ip = 0xc0000202;
	opt.src_net = 0xcb007100;
	opt.dst_net = 0xc6336400;
	rte_ether_unformat_addr("02:00:00:00:00:02", &opt.sut_mac);
	opt.label = "gen";
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		bad = 0;
		switch (c) {
		case 'm':
			if (strcmp(optarg, "echo") == 0)
				opt.mode = GEN_ECHO;
			else if (strcmp(optarg, "fwd") == 0)
				opt.mode = GEN_FWD;
			else
				bad = 1;
			break;
		case 'c':
			if (strcmp(optarg, "any") == 0)
				opt.count_any = 1;
			else if (strcmp(optarg, "reply") == 0)
				opt.count_any = 0;
			else
				bad = 1;
			break;
		case 's':
			bad = gen_parse_uint(optarg, GEN_MINSIZE, 9000, &v);
			opt.size = (unsigned int)v;
			break;
		case 'd':
			bad = gen_parse_double(optarg, 0.01, &opt.duration);
			break;
		case 'w':
			bad = gen_parse_double(optarg, 0, &opt.warmup);
			break;
		case 'r':
			bad = gen_parse_double(optarg, 0, &opt.rate_mpps);
			break;
		case 'f':
			bad = gen_parse_uint(optarg, 1, GEN_MAXFLOWS, &v);
			opt.flows = (unsigned int)v;
			break;
		case 'q':
			bad = gen_parse_uint(optarg, 1, GEN_MAXQ, &v);
			opt.queues = (unsigned int)v;
			break;
		case 'b':
			bad = gen_parse_uint(optarg, 1, GEN_MAXBURST, &v);
			opt.burst = (unsigned int)v;
			break;
		case 'p':
			bad = gen_parse_uint(optarg, 0, RTE_MAX_ETHPORTS - 1,
			    &v);
			opt.port = (uint16_t)v;
			break;
		case 'L':
			bad = gen_parse_ip(optarg, &opt.local_ip);
			break;
		case 'S':
			bad = gen_parse_ip(optarg, &opt.sut_ip);
			break;
		case 'A':
			bad = gen_parse_ip(optarg, &opt.src_net);
			opt.src_net &= 0xffffff00;
			break;
		case 'B':
			bad = gen_parse_ip(optarg, &opt.dst_net);
			opt.dst_net &= 0xffffff00;
			break;
		case 'M':
			bad = rte_ether_unformat_addr(optarg,
			    &opt.sut_mac) != 0;
			break;
		case 'l':
			opt.label = optarg;
			break;
		case 'j':
			opt.json = optarg;
			break;
		case 'g':
			opt.linger = 1;
			break;
		case 'h':
			gen_usage(stdout);
			exit(0);
		default:
			gen_usage(stderr);
			return -1;
		}
		if (bad) {
			for (i = 0; lo[i].name != NULL; i++)
				if (lo[i].val == c)
					break;
			fprintf(stderr, "dpnet-gen: bad value '%s' for --%s\n",
			    optarg, lo[i].name != NULL ? lo[i].name : "?");
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "dpnet-gen: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	if (opt.size - GEN_FCS > RTE_MBUF_DEFAULT_DATAROOM) {
		fprintf(stderr, "dpnet-gen: --size %u does not fit one mbuf "
		    "(at most %d)\n", opt.size, RTE_MBUF_DEFAULT_DATAROOM +
		    GEN_FCS);
		return -1;
	}
	return 0;
}

/* Source address of flow f: host 1..254 of the source /24. */
static uint32_t
gen_flow_src(unsigned int f)
{
	return opt.src_net | (1 + f % 254);
}

static uint32_t
gen_flow_dst(unsigned int f)
{
	if (opt.mode == GEN_ECHO)
		return opt.sut_ip;
	return opt.dst_net | (1 + (f * 37 + f / 254) % 254);
}

/* The 42 header bytes of flow f, IPv4 checksum included. */
static void
gen_build_templates(void)
{
	uint16_t l3len = (uint16_t)(opt.size - GEN_FCS - RTE_ETHER_HDR_LEN);
	unsigned int f;

	for (f = 0; f < opt.flows; f++) {
		uint8_t *b = gen_tmpl[f];
		struct rte_ether_hdr *eh = (struct rte_ether_hdr *)b;
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);

		memset(b, 0, GEN_HDRLEN);
		rte_ether_addr_copy(&opt.sut_mac, &eh->dst_addr);
		rte_ether_addr_copy(&gen_mac, &eh->src_addr);
		eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
		ip->version_ihl = RTE_IPV4_VHL_DEF;
		ip->total_length = rte_cpu_to_be_16(l3len);
		ip->time_to_live = GEN_TTL;
		ip->src_addr = rte_cpu_to_be_32(gen_flow_src(f));
		ip->dst_addr = rte_cpu_to_be_32(gen_flow_dst(f));
		if (opt.mode == GEN_ECHO) {
			struct rte_icmp_hdr *ic;

			ic = (struct rte_icmp_hdr *)(ip + 1);
			ip->next_proto_id = IPPROTO_ICMP;
			ic->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
			ic->icmp_ident = rte_cpu_to_be_16((uint16_t)f);
		} else {
			struct rte_udp_hdr *uh = (struct rte_udp_hdr *)(ip + 1);

			ip->next_proto_id = IPPROTO_UDP;
			uh->src_port = rte_cpu_to_be_16((uint16_t)(1024 + f));
			uh->dst_port = rte_cpu_to_be_16(9);
			uh->dgram_len = rte_cpu_to_be_16((uint16_t)(l3len -
			    sizeof(*ip)));
			uh->dgram_cksum = 0;	/* none: payload changes */
		}
		ip->hdr_checksum = rte_ipv4_cksum(ip);
	}
}

/* Zero every buffer once: frames only ever write their first bytes, so
 * the padding of every frame stays zero and checksums can skip it. */
static void
gen_zero_obj(struct rte_mempool *mp, void *arg, void *obj, unsigned int i)
{
	struct rte_mbuf *m = obj;

	(void)mp;
	(void)arg;
	(void)i;
	memset(m->buf_addr, 0, m->buf_len);
}

static void
gen_fill(struct rte_mbuf *m, unsigned int f, uint32_t seq)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct gen_payload *pl = (struct gen_payload *)(p + GEN_HDRLEN);
	uint16_t len = (uint16_t)(opt.size - GEN_FCS);

	memcpy(p, gen_tmpl[f], GEN_HDRLEN);
	pl->magic = rte_cpu_to_be_32(GEN_MAGIC);
	pl->seq = seq;
	m->data_len = len;
	m->pkt_len = len;
	if (opt.mode == GEN_ECHO) {
		struct rte_icmp_hdr *ic = (struct rte_icmp_hdr *)(p +
		    RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr));

		ic->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)seq);
	}
}

/* Write the transmit time; for ICMP, fix the checksum over the nonzero
 * part (header and payload fields; the padding is zero). */
static void
gen_stamp(struct rte_mbuf *m, uint64_t tsc)
{
	uint8_t *p = rte_pktmbuf_mtod(m, uint8_t *);
	struct gen_payload *pl = (struct gen_payload *)(p + GEN_HDRLEN);

	pl->tsc = tsc;
	if (opt.mode == GEN_ECHO) {
		struct rte_icmp_hdr *ic = (struct rte_icmp_hdr *)(p +
		    RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr));
		uint16_t ck;

		ic->icmp_cksum = 0;
		ck = rte_raw_cksum(ic, sizeof(*ic) + sizeof(*pl));
		ic->icmp_cksum = (uint16_t)~ck;
	}
}

static unsigned int
gen_hist_index(uint64_t v)
{
	unsigned int msb;

	if (v < 32)
		return (unsigned int)v;
	msb = 63 - (unsigned int)__builtin_clzll(v);
	return (msb - 4) * 16 + (unsigned int)((v >> (msb - 4)) & 31);
}

/* Middle of bucket i, in cycles. */
static double
gen_hist_value(unsigned int i)
{
	unsigned int msb, top;

	if (i < 32)
		return i;
	msb = i / 16 + 3;
	top = i % 16 + 16;
	return ((double)top + 0.5) * (double)(1ull << (msb - 4));
}

static double
gen_percentile(const struct gen_stats *st, double q)
{
	uint64_t want, seen = 0;
	unsigned int i;

	if (st->lat_n == 0)
		return 0;
	want = (uint64_t)ceil(q * (double)st->lat_n);
	if (want == 0)
		want = 1;
	for (i = 0; i < GEN_HIST; i++) {
		seen += st->hist[i];
		if (seen >= want)
			return gen_hist_value(i);
	}
	return (double)st->lat_max;
}

/* An ARP request for one of our addresses: turn it into the reply. */
static int
gen_arp(struct rte_mbuf *m, uint16_t q)
{
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_hdr *ah = (struct rte_arp_hdr *)(eh + 1);
	struct rte_mbuf *r;
	struct rte_ether_hdr *reh;
	struct rte_arp_hdr *rah;
	uint32_t tip;

	if (m->data_len < sizeof(*eh) + sizeof(*ah) ||
	    ah->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST) ||
	    ah->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
		return 0;
	tip = rte_be_to_cpu_32(ah->arp_data.arp_tip);
	if (tip != opt.local_ip && (tip & 0xffffff00) != opt.src_net)
		return 0;
	r = rte_pktmbuf_alloc(gen_txpool);
	if (r == NULL)
		return 0;
	reh = rte_pktmbuf_mtod(r, struct rte_ether_hdr *);
	rah = (struct rte_arp_hdr *)(reh + 1);
	memset(reh, 0, RTE_ETHER_MIN_LEN - GEN_FCS);
	rte_ether_addr_copy(&eh->src_addr, &reh->dst_addr);
	rte_ether_addr_copy(&gen_mac, &reh->src_addr);
	reh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);
	rah->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	rah->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	rah->arp_hlen = RTE_ETHER_ADDR_LEN;
	rah->arp_plen = 4;
	rah->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
	rte_ether_addr_copy(&gen_mac, &rah->arp_data.arp_sha);
	rah->arp_data.arp_sip = ah->arp_data.arp_tip;
	rte_ether_addr_copy(&ah->arp_data.arp_sha, &rah->arp_data.arp_tha);
	rah->arp_data.arp_tip = ah->arp_data.arp_sip;
	r->data_len = r->pkt_len = RTE_ETHER_MIN_LEN - GEN_FCS;
	if (rte_eth_tx_burst(opt.port, q, &r, 1) != 1) {
		rte_pktmbuf_free(r);
		return 0;
	}
	return 1;
}

/* Ask who the SUT is: lets it learn our address (RFC 826 merge). */
static void
gen_arp_probe(void)
{
	struct rte_mbuf *r = rte_pktmbuf_alloc(gen_txpool);
	struct rte_ether_hdr *eh;
	struct rte_arp_hdr *ah;

	if (r == NULL)
		return;
	eh = rte_pktmbuf_mtod(r, struct rte_ether_hdr *);
	ah = (struct rte_arp_hdr *)(eh + 1);
	memset(eh, 0, RTE_ETHER_MIN_LEN - GEN_FCS);
	memset(&eh->dst_addr, 0xff, RTE_ETHER_ADDR_LEN);
	rte_ether_addr_copy(&gen_mac, &eh->src_addr);
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);
	ah->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	ah->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ah->arp_hlen = RTE_ETHER_ADDR_LEN;
	ah->arp_plen = 4;
	ah->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REQUEST);
	rte_ether_addr_copy(&gen_mac, &ah->arp_data.arp_sha);
	ah->arp_data.arp_sip = rte_cpu_to_be_32(opt.local_ip);
	ah->arp_data.arp_tip = rte_cpu_to_be_32(opt.sut_ip);
	r->data_len = r->pkt_len = RTE_ETHER_MIN_LEN - GEN_FCS;
	if (rte_eth_tx_burst(opt.port, 0, &r, 1) != 1)
		rte_pktmbuf_free(r);
}

/* Classify one received frame; counts it and its latency when measuring. */
static void
gen_rx_one(struct gen_stats *st, struct rte_mbuf *m, uint16_t q,
    uint64_t now, int measuring)
{
	struct rte_ether_hdr *eh = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	const struct rte_ipv4_hdr *ip;
	const struct gen_payload *pl;
	unsigned int ihl;
	int ours = 0, counted = 0;
	uint64_t d;

	if (measuring)
		st->rx_all++;
	if (m->data_len < sizeof(*eh))
		goto other;
	if (eh->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP)) {
		st->arp_replies += (uint64_t)gen_arp(m, q);
		if (measuring)
			st->rx_arp++;
		return;
	}
	if (eh->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
		goto other;
	ip = (const struct rte_ipv4_hdr *)(eh + 1);
	ihl = (ip->version_ihl & 0xf) * 4u;
	if (ihl < sizeof(*ip) ||
	    m->data_len < sizeof(*eh) + ihl + 8 + sizeof(*pl))
		goto other;
	pl = (const struct gen_payload *)((const uint8_t *)ip + ihl + 8);
	ours = pl->magic == rte_cpu_to_be_32(GEN_MAGIC);
	if (ours && ip->next_proto_id == IPPROTO_ICMP) {
		const struct rte_icmp_hdr *ic =
		    (const struct rte_icmp_hdr *)((const uint8_t *)ip + ihl);

		if (ic->icmp_type == RTE_IP_ICMP_ECHO_REPLY &&
		    opt.mode == GEN_ECHO)
			counted = 1;
		else if (ic->icmp_type == RTE_IP_ICMP_ECHO_REQUEST)
			st->bounced += measuring;
	} else if (ours && ip->next_proto_id == IPPROTO_UDP) {
		if (ip->time_to_live == GEN_TTL - 1 && opt.mode == GEN_FWD)
			counted = 1;
		else if (ip->time_to_live == GEN_TTL)
			st->bounced += measuring;
	}
	if (opt.count_any)
		counted = 1;
	if (!measuring)
		return;
	if (!counted)
		goto other;
	st->rx++;
	if (ours && pl->tsc != 0 && pl->tsc <= now) {
		d = now - pl->tsc;
		st->hist[gen_hist_index(d)]++;
		st->lat_n++;
		if (d > st->lat_max)
			st->lat_max = d;
	}
	return;
other:
	if (measuring)
		st->rx_other++;
}

static void
gen_rx(struct gen_stats *st, uint64_t now, int measuring)
{
	struct rte_mbuf *pkts[GEN_MAXBURST];
	uint16_t q, n, i;

	for (q = 0; q < opt.queues; q++) {
		n = rte_eth_rx_burst(opt.port, q, pkts, GEN_MAXBURST);
		for (i = 0; i < n; i++)
			gen_rx_one(st, pkts[i], q, now, measuring);
		if (n != 0)
			rte_pktmbuf_free_bulk(pkts, n);
	}
}

static int
gen_port_init(struct rte_mempool *rxpool)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	uint64_t deadline;
	int socket, rc;
	uint16_t q;

	if (!rte_eth_dev_is_valid_port(opt.port)) {
		fprintf(stderr, "dpnet-gen: no port %u (give a --vdev)\n",
		    opt.port);
		return -1;
	}
	rc = rte_eth_dev_info_get(opt.port, &info);
	if (rc != 0)
		return rc;
	if (opt.queues > info.max_rx_queues ||
	    opt.queues > info.max_tx_queues) {
		fprintf(stderr, "dpnet-gen: port %u has at most %u queues\n",
		    opt.port, RTE_MIN(info.max_rx_queues,
		    info.max_tx_queues));
		return -1;
	}
	socket = rte_eth_dev_socket_id(opt.port);
	if (socket < 0)
		socket = 0;
	memset(&conf, 0, sizeof(conf));
	rc = rte_eth_dev_configure(opt.port, (uint16_t)opt.queues,
	    (uint16_t)opt.queues, &conf);
	if (rc != 0)
		return rc;
	for (q = 0; q < opt.queues; q++) {
		rc = rte_eth_rx_queue_setup(opt.port, q, GEN_NB_DESC,
		    (unsigned int)socket, NULL, rxpool);
		if (rc != 0)
			return rc;
		rc = rte_eth_tx_queue_setup(opt.port, q, GEN_NB_DESC,
		    (unsigned int)socket, NULL);
		if (rc != 0)
			return rc;
	}
	rc = rte_eth_dev_start(opt.port);
	if (rc != 0)
		return rc;
	rte_eth_macaddr_get(opt.port, &gen_mac);
	deadline = rte_get_tsc_cycles() + 10 * rte_get_tsc_hz();
	for (;;) {
		memset(&link, 0, sizeof(link));
		rte_eth_link_get_nowait(opt.port, &link);
		if (link.link_status == RTE_ETH_LINK_UP)
			return 0;
		if (gen_stop || rte_get_tsc_cycles() > deadline) {
			fprintf(stderr, "dpnet-gen: port %u link is down "
			    "(is the SUT's memif server up?)\n", opt.port);
			return -EIO;
		}
		rte_delay_ms(10);
	}
}

static void
gen_report(const struct gen_stats *st, double secs, uint64_t hz)
{
	double ns = 1e9 / (double)hz;
	double tx_mpps = (double)st->tx / secs / 1e6;
	double rx_mpps = (double)st->rx / secs / 1e6;
	double p50 = gen_percentile(st, 0.50) * ns;
	double p90 = gen_percentile(st, 0.90) * ns;
	double p99 = gen_percentile(st, 0.99) * ns;
	double p999 = gen_percentile(st, 0.999) * ns;
	double mx = (double)st->lat_max * ns;
	char line[1024];
	FILE *f;

	snprintf(line, sizeof(line),
	    "{\"label\":\"%s\",\"mode\":\"%s\",\"count\":\"%s\","
	    "\"size\":%u,\"queues\":%u,\"flows\":%u,\"burst\":%u,"
	    "\"rate_req_mpps\":%.3f,\"duration_s\":%.3f,"
	    "\"tx_pkts\":%" PRIu64 ",\"rx_pkts\":%" PRIu64 ","
	    "\"rx_all\":%" PRIu64 ",\"rx_arp\":%" PRIu64 ","
	    "\"rx_other\":%" PRIu64 ",\"bounced\":%" PRIu64 ","
	    "\"arp_replies\":%" PRIu64 ","
	    "\"tx_mpps\":%.4f,\"rx_mpps\":%.4f,"
	    "\"lat_samples\":%" PRIu64 ",\"lat_ns\":{\"p50\":%.0f,"
	    "\"p90\":%.0f,\"p99\":%.0f,\"p999\":%.0f,\"max\":%.0f},"
	    "\"tsc_hz\":%" PRIu64 "}",
	    opt.label, opt.mode == GEN_ECHO ? "echo" : "fwd",
	    opt.count_any ? "any" : "reply", opt.size, opt.queues,
	    opt.flows, opt.burst, opt.rate_mpps, secs, st->tx, st->rx,
	    st->rx_all, st->rx_arp, st->rx_other, st->bounced,
	    st->arp_replies, tx_mpps, rx_mpps, st->lat_n, p50, p90, p99,
	    p999, mx, hz);
	/* The file first: bench/run.sh waits for the human line. */
	if (opt.json != NULL) {
		f = fopen(opt.json, "a");
		if (f == NULL) {
			fprintf(stderr, "dpnet-gen: %s: %s\n", opt.json,
			    strerror(errno));
		} else {
			fprintf(f, "%s\n", line);
			fclose(f);
		}
	}
	printf("%s\n", line);
	printf("dpnet-gen: %s: %u-byte %s: offered %.3f Mpps, returned "
	    "%.3f Mpps (%.1f%%), latency p50 %.1f us p99 %.1f us "
	    "p99.9 %.1f us%s\n", opt.label, opt.size,
	    opt.mode == GEN_ECHO ? "echo" : "fwd", tx_mpps, rx_mpps,
	    st->tx ? 100.0 * (double)st->rx / (double)st->tx : 0.0,
	    p50 / 1e3, p99 / 1e3, p999 / 1e3,
	    st->rx == 0 ? " (nothing came back)" : "");
	fflush(stdout);
}

/* Idle until the peer goes away: no polling, link status only. */
static void
gen_linger(void)
{
	struct rte_eth_link link;

	while (!gen_stop) {
		memset(&link, 0, sizeof(link));
		rte_eth_link_get_nowait(opt.port, &link);
		if (link.link_status != RTE_ETH_LINK_UP)
			break;
		rte_delay_us_sleep(10000);
	}
}

static int
gen_run(void)
{
	static struct gen_stats st;
	struct rte_mbuf *pend[GEN_MAXBURST];
	uint64_t hz = rte_get_tsc_hz();
	uint64_t t0, t1, t2, t3, now, sent = 0, want;
	uint32_t seq = 1;
	unsigned int npend = 0, flow = 0, i;
	uint16_t q = 0, n;
	double rate_per_cycle = opt.rate_mpps * 1e6 / (double)hz;

	gen_arp_probe();
	t0 = rte_rdtsc();
	t1 = t0 + (uint64_t)(opt.warmup * (double)hz);
	t2 = t1 + (uint64_t)(opt.duration * (double)hz);
	t3 = t2 + (uint64_t)(opt.drain * (double)hz);
	while (!gen_stop) {
		now = rte_rdtsc();
		if (now >= t3)
			break;
		gen_rx(&st, now, now >= t1 && now < t2);
		if (now >= t2)
			continue;
		want = opt.burst;
		if (rate_per_cycle > 0) {
			uint64_t due = (uint64_t)((double)(now - t0) *
			    rate_per_cycle);

			want = due > sent ? RTE_MIN(due - sent,
			    (uint64_t)opt.burst) : 0;
			if (want == 0 && npend == 0)
				continue;
		}
		if (npend < want) {
			unsigned int k = (unsigned int)want - npend;

			if (rte_pktmbuf_alloc_bulk(gen_txpool, pend + npend,
			    k) == 0) {
				for (i = 0; i < k; i++) {
					gen_fill(pend[npend + i], flow, seq++);
					if (++flow == opt.flows)
						flow = 0;
				}
				npend += k;
			}
		}
		if (npend == 0)
			continue;
		now = rte_rdtsc();
		for (i = 0; i < npend; i++)
			gen_stamp(pend[i], now);
		n = rte_eth_tx_burst(opt.port, q, pend, (uint16_t)npend);
		if (now >= t1)
			st.tx += n;
		sent += n;
		if (n < npend)
			memmove(pend, pend + n, (npend - n) * sizeof(pend[0]));
		npend -= n;
		if (++q == opt.queues)
			q = 0;
	}
	if (npend != 0)
		rte_pktmbuf_free_bulk(pend, npend);
	now = rte_rdtsc();
	if (gen_stop && now < t2)
		t2 = RTE_MAX(now, t1 + 1);
	gen_report(&st, (double)(t2 - t1) / (double)hz, hz);
	if (opt.linger)
		gen_linger();
	return 0;
}

int
main(int argc, char **argv)
{
	struct rte_mempool *rxpool;
	unsigned int nmbufs;
	int n, rc;

	signal(SIGINT, gen_on_signal);
	signal(SIGTERM, gen_on_signal);
	n = rte_eal_init(argc, argv);
	if (n < 0) {
		fprintf(stderr, "dpnet-gen: EAL: %s\n",
		    rte_strerror(rte_errno));
		return 1;
	}
	argv[n] = argv[0];
	if (gen_args(argc - n, argv + n) != 0) {
		rte_eal_cleanup();
		return 2;
	}
	nmbufs = 8191 + opt.queues * (GEN_NB_DESC + GEN_MAXBURST);
	rxpool = rte_pktmbuf_pool_create("gen_rx", nmbufs, 256, 0,
	    RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	gen_txpool = rte_pktmbuf_pool_create("gen_tx", nmbufs, 256, 0,
	    RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
	if (rxpool == NULL || gen_txpool == NULL) {
		fprintf(stderr, "dpnet-gen: mbuf pools: %s\n",
		    rte_strerror(rte_errno));
		rte_eal_cleanup();
		return 1;
	}
	rte_mempool_obj_iter(gen_txpool, gen_zero_obj, NULL);
	rc = gen_port_init(rxpool);
	if (rc != 0) {
		if (rc != -EIO)
			fprintf(stderr, "dpnet-gen: port %u: %s\n", opt.port,
			    rte_strerror(-rc));
		rte_eth_dev_close(opt.port);
		rte_eal_cleanup();
		return 1;
	}
	gen_build_templates();
	rc = gen_run();
	rte_eth_dev_stop(opt.port);
	rte_eth_dev_close(opt.port);
	rte_eal_cleanup();
	return rc;
}
