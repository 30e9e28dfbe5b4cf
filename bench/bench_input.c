/* SPDX-License-Identifier: MIT */
/*
 * bench-input: in-process microbenchmark of the worker's input path. It
 * starts EAL (--no-huge), opens one net_null port through pmd_glue exactly
 * as dpnetd does, configures a stack through ctl lines (address, routes,
 * iprouting), builds its worker view (stack_build_fib) and a struct core,
 * and then feeds bursts of pre-built frames to core_input() followed by
 * core_poll() and core_flush(), the calls a worker makes per pass after
 * its RX burst. Modes: echo (ICMP echo requests to our address: ether ->
 * ipv4 -> icmp -> reply out) and fwd (UDP from 203.0.113.0/24 to
 * 198.51.100.0/24 with iprouting on and 300 routes: ether -> ipv4 ->
 * route lookup -> forward out). The frames of a burst are allocated and
 * copied outside the timed region; rte_rdtsc brackets those three calls
 * only. Under valgrind --tool=callgrind (--collect-atstart=no) the same
 * region is toggled on and off with client requests, so the instruction
 * count covers exactly the input path. Single-threaded: the main lcore
 * plays the worker. Owns everything it creates and frees it before exit.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_arp.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_udp.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BI_HAVE_CALLGRIND 1
#endif
#endif
#ifndef BI_HAVE_CALLGRIND
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#endif

#include "conf/conf.h"
#include "ctl/ctl.h"
#include "ctl/files.h"
#include "ctl/ns.h"
#include "pmd_glue/port.h"
#include "stack/core.h"
#include "stack/msg.h"
#include "stack/stack.h"

/* fib_free() lives with the snapshot type; without it the snapshot is
 * left to process exit. */
#if defined(__has_include)
#if __has_include("stack/fib.h")
#include "stack/fib.h"
#define BI_FIB_FREE(f) fib_free(f)
#endif
#endif
#ifndef BI_FIB_FREE
#define BI_FIB_FREE(f) ((void)(f))
#endif

enum {
	BI_BURST = 32,
	BI_FLOWS = 256,
	BI_MAXLEN = 2048,
	BI_FCS = 4,
	BI_NROUTES = 300,
};

enum bi_mode {
	BI_ECHO,
	BI_FWD,
};

/* Addresses, as bench/run.sh uses them on the memif link. */
#define BI_SELF		0xc0000202u	/* 192.0.2.2: the stack */
#define BI_PEER		0xc0000201u	/* 192.0.2.1: the peer, next hop */
#define BI_SRCNET	0xcb007100u	/* 203.0.113.0/24 */
#define BI_DSTNET	0xc6336400u	/* 198.51.100.0/24 */

static const char bi_conf_text[] =
	"eal = { huge = \"no\"; memory = 256; file_prefix = \"bench_input\";"
	"  log_level = \"warning\"; };\n"
	"ports = ( { name = \"null0\"; device = \"net_null0,no-rx=1\";"
	"  rx_desc = 512; tx_desc = 512; } );\n"
	"workers = { count = 1; idle_sleep_us = 0; burst = 32; };\n"
	"mempool = { mbufs = 8191; cache = 256; };\n"
	"ctl = { path = \"/nonexistent/bench-input.ctl\";"
	"  mode = \"0660\"; };\n";

static const struct rte_ether_addr bi_peer_mac = {
	.addr_bytes = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
};

struct bi_opts {
	enum bi_mode mode;
	unsigned int size;		/* frame bytes including the FCS */
	uint64_t iters;			/* bursts to time */
	uint64_t warmup;		/* bursts before timing */
	int callgrind;			/* fixed count, no timing */
};

static struct bi_opts opt = {
	.mode = BI_ECHO,
	.size = 64,
	.iters = 200000,
	.warmup = 2000,
};

static uint8_t bi_frames[BI_FLOWS][BI_MAXLEN];

static void
bi_usage(FILE *f)
{
	fprintf(f,
	    "usage: bench-input [--mode echo|fwd] [--size N] [--iters N]\n"
	    "                   [--warmup N] [--callgrind]\n"
	    "  N bursts of %d frames go through core_input, core_poll and\n"
	    "  core_flush (one worker pass without the RX burst).\n"
	    "  --callgrind: for valgrind --tool=callgrind "
	    "--collect-atstart=no;\n"
	    "  prints the packet count for instructions per packet.\n",
	    BI_BURST);
}

static int
bi_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "size", required_argument, NULL, 's' },
		{ "iters", required_argument, NULL, 'i' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "callgrind", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (strcmp(optarg, "echo") == 0)
				opt.mode = BI_ECHO;
			else if (strcmp(optarg, "fwd") == 0)
				opt.mode = BI_FWD;
			else
				goto bad;
			break;
		case 's':
		case 'i':
		case 'w':
			errno = 0;
			v = strtoull(optarg, &end, 0);
			if (errno != 0 || *optarg == '\0' || *end != '\0')
				goto bad;
			if (c == 's') {
				if (v < 64 || v > BI_MAXLEN)
					goto bad;
				opt.size = (unsigned int)v;
			} else if (c == 'i') {
				if (v == 0)
					goto bad;
				opt.iters = v;
			} else {
				opt.warmup = v;
			}
			break;
		case 'c':
			opt.callgrind = 1;
			break;
		case 'h':
			bi_usage(stdout);
			exit(0);
		default:
			bi_usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "bench-input: unexpected argument '%s'\n",
		    argv[optind]);
		return -1;
	}
	return 0;
bad:
	fprintf(stderr, "bench-input: bad value '%s'\n", optarg);
	bi_usage(stderr);
	return -1;
}

/* Frame f of the run: echo request or UDP datagram, checksums correct. */
static void
bi_build(uint8_t *b, unsigned int f, const struct rte_ether_addr *self_mac)
{
	uint16_t len = (uint16_t)(opt.size - BI_FCS);
	uint16_t l3len = (uint16_t)(len - RTE_ETHER_HDR_LEN);
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)b;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eh + 1);
	unsigned int i;

	memset(b, 0, BI_MAXLEN);
	rte_ether_addr_copy(self_mac, &eh->dst_addr);
	rte_ether_addr_copy(&bi_peer_mac, &eh->src_addr);
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16(l3len);
	ip->packet_id = rte_cpu_to_be_16((uint16_t)f);
	ip->time_to_live = 64;
	if (opt.mode == BI_ECHO) {
		struct rte_icmp_hdr *ic = (struct rte_icmp_hdr *)(ip + 1);
		uint8_t *pl = (uint8_t *)(ic + 1);

		ip->next_proto_id = IPPROTO_ICMP;
		ip->src_addr = rte_cpu_to_be_32(BI_PEER);
		ip->dst_addr = rte_cpu_to_be_32(BI_SELF);
		ic->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
		ic->icmp_ident = rte_cpu_to_be_16(0x6270);
		ic->icmp_seq_nb = rte_cpu_to_be_16((uint16_t)f);
		for (i = 0; i < (unsigned int)l3len - sizeof(*ip) -
		    sizeof(*ic); i++)
			pl[i] = (uint8_t)i;
		ic->icmp_cksum = (uint16_t)~rte_raw_cksum(ic, l3len -
		    sizeof(*ip));
	} else {
		struct rte_udp_hdr *uh = (struct rte_udp_hdr *)(ip + 1);

		ip->next_proto_id = IPPROTO_UDP;
		ip->src_addr = rte_cpu_to_be_32(BI_SRCNET | (1 + f % 254));
		ip->dst_addr = rte_cpu_to_be_32(BI_DSTNET |
		    (1 + (f * 37) % 254));
		uh->src_port = rte_cpu_to_be_16((uint16_t)(1024 + f));
		uh->dst_port = rte_cpu_to_be_16(9);
		uh->dgram_len = rte_cpu_to_be_16((uint16_t)(l3len -
		    sizeof(*ip)));
	}
	ip->hdr_checksum = rte_ipv4_cksum(ip);
}

/* An ARP frame from the peer: op 1 asks for our address, op 2 answers. */
static void
bi_build_arp(uint8_t *b, uint16_t op, const struct rte_ether_addr *self_mac)
{
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)b;
	struct rte_arp_hdr *ah = (struct rte_arp_hdr *)(eh + 1);

	memset(b, 0, RTE_ETHER_MIN_LEN);
	if (op == RTE_ARP_OP_REQUEST)
		memset(&eh->dst_addr, 0xff, RTE_ETHER_ADDR_LEN);
	else
		rte_ether_addr_copy(self_mac, &eh->dst_addr);
	rte_ether_addr_copy(&bi_peer_mac, &eh->src_addr);
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_ARP);
	ah->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	ah->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ah->arp_hlen = RTE_ETHER_ADDR_LEN;
	ah->arp_plen = 4;
	ah->arp_opcode = rte_cpu_to_be_16(op);
	rte_ether_addr_copy(&bi_peer_mac, &ah->arp_data.arp_sha);
	ah->arp_data.arp_sip = rte_cpu_to_be_32(BI_PEER);
	if (op == RTE_ARP_OP_REPLY)
		rte_ether_addr_copy(self_mac, &ah->arp_data.arp_tha);
	ah->arp_data.arp_tip = rte_cpu_to_be_32(BI_SELF);
}

static int
bi_fill(struct rte_mempool *mp, struct rte_mbuf **pkts, unsigned int n,
    const uint8_t *frame, uint16_t len)
{
	unsigned int i;

	if (rte_pktmbuf_alloc_bulk(mp, pkts, n) != 0)
		return -ENOBUFS;
	for (i = 0; i < n; i++) {
		rte_memcpy(rte_pktmbuf_mtod(pkts[i], void *), frame, len);
		pkts[i]->data_len = len;
		pkts[i]->pkt_len = len;
	}
	return 0;
}

/* One frame through the path, untimed (priming ARP). */
static int
bi_feed_one(struct core *c, struct rte_mempool *mp, const uint8_t *frame,
    uint16_t len)
{
	struct rte_mbuf *m;

	if (bi_fill(mp, &m, 1, frame, len) != 0)
		return -ENOBUFS;
	c->now = rte_rdtsc();
	core_input(c, 0, &m, 1);
	core_poll(c);
	core_flush(c);
	return 0;
}

static int
bi_configure(struct stack *st)
{
	static const char *const base[] = {
		"ipifc/clone bind ether null0",
		"ipifc/0/ctl add 192.0.2.2 255.255.255.0",
		"ipifc/0/ctl iprouting 1",
		"ipifc/0/ctl reflect 1",
		"iproute add 203.0.113.0 255.255.255.0 192.0.2.1",
		"iproute add 198.51.100.0 255.255.255.0 192.0.2.1",
	};
	struct ctl_sess s;
	const char *err;
	char line[128];
	int i, n = 0, rc = 0;

	ctl_sess_init(&s, st, 1);
	for (i = 0; i < (int)(sizeof(base) / sizeof(base[0])); i++, n++) {
		if (ctl_run_line(&s, base[i], &err) != 0) {
			fprintf(stderr, "bench-input: '%s': %s\n", base[i],
			    err);
			rc = -1;
			goto out;
		}
	}
	/* 64 more-specific /30s over the destinations, then filler /24s
	 * that no frame hits, up to BI_NROUTES routes in all. */
	for (i = 0; i < 256 && n < BI_NROUTES; i += 4, n++) {
		snprintf(line, sizeof(line),
		    "iproute add 198.51.100.%d 255.255.255.252 192.0.2.1", i);
		if (ctl_run_line(&s, line, &err) != 0) {
			fprintf(stderr, "bench-input: '%s': %s\n", line, err);
			rc = -1;
			goto out;
		}
	}
	for (i = 0; n < BI_NROUTES; i++, n++) {
		snprintf(line, sizeof(line),
		    "iproute add 10.%d.%d.0 255.255.255.0 192.0.2.%d",
		    i / 256, i % 256, 10 + i % 16);
		if (ctl_run_line(&s, line, &err) != 0) {
			fprintf(stderr, "bench-input: '%s': %s\n", line, err);
			rc = -1;
			goto out;
		}
	}
	/* A static neighbour entry when the arp file takes one; priming
	 * with ARP frames below covers a stack that only learns. */
	if (ctl_run_line(&s, "arp add ether 192.0.2.1 020000000001",
	    &err) != 0)
		fprintf(stderr, "bench-input: note: 'arp add' refused (%s); "
		    "relying on ARP frames\n", err);
out:
	ipifc_sess_release(&s);
	return rc;
}

static int
bi_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static struct conf conf;
	static struct pmd_port ports[CONF_MAXPORTS];
	static struct core core;
	char err[CONF_ERRLEN], *eal[64], lcores[32];
	cpu_set_t cpus;
	int cpu = 0;
	struct rte_mbuf *pkts[BI_BURST];
	struct stack_port sp;
	struct stack *st = NULL;
	struct fib *fib = NULL;
	struct rte_ring *msgring = NULL;
	uint64_t i, t0, t1, cyc = 0, rdtsc_cost = UINT64_MAX, *per = NULL;
	uint64_t tx0, rx0, npkts, nout;
	uint16_t len;
	unsigned int f = 0, k;
	int neal = 0, rc = 1, eal_up = 0, ports_up = 0, core_up = 0;
	double cpp, hz;

	if (bi_args(argc, argv) != 0)
		return 2;
	if (conf_load(&conf, "(bench-input)", bi_conf_text, err) != 0) {
		fprintf(stderr, "bench-input: %s\n", err);
		return 1;
	}
	eal[neal++] = argv[0];
	eal[neal++] = (char *)"--no-huge";
	eal[neal++] = (char *)"--no-shconf";
	eal[neal++] = (char *)"-m";
	eal[neal++] = (char *)"256";
	eal[neal++] = (char *)"--file-prefix";
	eal[neal++] = conf.file_prefix;
	/* The one lcore on the first CPU we may run on (taskset -c N). */
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0)
		for (cpu = 0; cpu < CPU_SETSIZE - 1 && !CPU_ISSET(cpu, &cpus);
		    cpu++)
			;
	snprintf(lcores, sizeof(lcores), "0@%d", cpu);
	eal[neal++] = (char *)"--lcores";
	eal[neal++] = lcores;
	eal[neal++] = (char *)"--log-level=warning";
	neal = pmd_eal_args(&conf, eal, neal, 60);
	if (neal < 0)
		goto out;
	eal[neal] = NULL;
	if (rte_eal_init(neal, eal) < 0) {
		fprintf(stderr, "bench-input: EAL: %s\n",
		    rte_strerror(rte_errno));
		goto out;
	}
	eal_up = 1;
	len = (uint16_t)(opt.size - BI_FCS);
	if (pmd_ports_open(&conf, 1, ports, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench-input: %s\n", err);
		goto out;
	}
	ports_up = 1;

	st = stack_create(NULL);
	if (st == NULL)
		goto out;
	memset(&sp, 0, sizeof(sp));
	snprintf(sp.name, sizeof(sp.name), "%s", ports[0].name);
	sp.port_id = ports[0].port_id;
	memcpy(sp.mac, ports[0].mac.addr_bytes, 6);
	sp.maxtu = ports[0].mtu + RTE_ETHER_HDR_LEN;
	if (stack_add_port(st, &sp) != 0 || bi_configure(st) != 0)
		goto out;
	fib = stack_build_fib(st);
	if (fib == NULL) {
		fprintf(stderr, "bench-input: stack_build_fib failed\n");
		goto out;
	}
	core_init(&core, 0, ports, 1);
	msgring = rte_ring_create_elem("bench_input_msg", sizeof(struct msg),
	    MSG_RING_SIZE, rte_socket_id(), RING_F_SC_DEQ);
	if (msgring == NULL) {
		fprintf(stderr, "bench-input: message ring: %s\n",
		    rte_strerror(rte_errno));
		goto out;
	}
	msg_attach(&core, 1, &msgring, NULL);
	core.fib = fib;
	core_up = 1;

	/* Let the stack learn the peer's MAC the way a worker would. */
	bi_build_arp(bi_frames[0], RTE_ARP_OP_REQUEST, &ports[0].mac);
	bi_feed_one(&core, ports[0].pool, bi_frames[0], RTE_ETHER_MIN_LEN -
	    BI_FCS);
	bi_build_arp(bi_frames[0], RTE_ARP_OP_REPLY, &ports[0].mac);
	bi_feed_one(&core, ports[0].pool, bi_frames[0], RTE_ETHER_MIN_LEN -
	    BI_FCS);
	for (k = 0; k < BI_FLOWS; k++)
		bi_build(bi_frames[k], k, &ports[0].mac);

	for (i = 0; i < opt.warmup; i++) {
		for (k = 0; k < BI_BURST; k++, f = (f + 1) % BI_FLOWS)
			if (bi_fill(ports[0].pool, &pkts[k], 1, bi_frames[f],
			    len) != 0)
				goto nobufs;
		core.now = rte_rdtsc();
		core_input(&core, 0, pkts, BI_BURST);
		core_poll(&core);
		core_flush(&core);
	}
	for (i = 0; i < 1000; i++) {
		t0 = rte_rdtsc_precise();
		t1 = rte_rdtsc_precise();
		if (t1 - t0 < rdtsc_cost)
			rdtsc_cost = t1 - t0;
	}
	if (!opt.callgrind) {
		per = malloc(opt.iters * sizeof(*per));
		if (per == NULL)
			goto out;
	}
	rx0 = core.port[0].rx_pkts;
	tx0 = core.port[0].tx_pkts;
	for (i = 0; i < opt.iters; i++) {
		for (k = 0; k < BI_BURST; k++, f = (f + 1) % BI_FLOWS)
			if (bi_fill(ports[0].pool, &pkts[k], 1, bi_frames[f],
			    len) != 0)
				goto nobufs;
		CALLGRIND_TOGGLE_COLLECT;
		t0 = rte_rdtsc_precise();
		core.now = t0;
		core_input(&core, 0, pkts, BI_BURST);
		core_poll(&core);
		core_flush(&core);
		t1 = rte_rdtsc_precise();
		CALLGRIND_TOGGLE_COLLECT;
		if (per != NULL) {
			per[i] = t1 - t0 > rdtsc_cost ? t1 - t0 - rdtsc_cost :
			    0;
			cyc += per[i];
		}
	}
	npkts = opt.iters * BI_BURST;
	nout = core.port[0].tx_pkts - tx0;
	hz = (double)rte_get_tsc_hz();
	if (opt.callgrind) {
		printf("{\"micro\":\"%s\",\"size\":%u,\"packets\":%" PRIu64
		    ",\"frames_in\":%" PRIu64 ",\"frames_out\":%" PRIu64
		    ",\"callgrind\":%d}\n", opt.mode == BI_ECHO ? "echo" :
		    "fwd", opt.size, npkts, core.port[0].rx_pkts - rx0, nout,
#ifdef BI_HAVE_CALLGRIND
		    RUNNING_ON_VALGRIND ? 1 : 0
#else
		    0
#endif
		    );
	} else {
		qsort(per, opt.iters, sizeof(*per), bi_cmp_u64);
		cpp = (double)cyc / (double)npkts;
		printf("{\"micro\":\"%s\",\"size\":%u,\"packets\":%" PRIu64
		    ",\"frames_in\":%" PRIu64 ",\"frames_out\":%" PRIu64
		    ",\"cycles_per_pkt\":%.1f,\"cycles_per_pkt_p50\":%.1f,"
		    "\"ns_per_pkt\":%.2f,\"mpps_per_core\":%.2f,"
		    "\"tsc_hz\":%.0f}\n", opt.mode == BI_ECHO ? "echo" : "fwd",
		    opt.size, npkts, core.port[0].rx_pkts - rx0, nout, cpp,
		    (double)per[opt.iters / 2] / BI_BURST, cpp * 1e9 / hz,
		    cpp > 0 ? hz / cpp / 1e6 : 0.0, hz);
		printf("bench-input: %s %u-byte: %.1f cycles/packet (median "
		    "burst %.1f), %.1f ns, %.2f Mpps per core; %" PRIu64
		    " of %" PRIu64 " frames went out%s\n",
		    opt.mode == BI_ECHO ? "echo" : "fwd", opt.size, cpp,
		    (double)per[opt.iters / 2] / BI_BURST, cpp * 1e9 / hz,
		    cpp > 0 ? hz / cpp / 1e6 : 0.0, nout, npkts,
		    nout < npkts ? " (the path drops: this figure is a drop "
		    "path, not the input path)" : "");
	}
	rc = 0;
	goto out;
nobufs:
	fprintf(stderr, "bench-input: out of mbufs: the path keeps frames "
	    "(%u in pool)\n", conf.pool_mbufs);
out:
	free(per);
	if (core_up)
		core_fini(&core);
	rte_ring_free(msgring);
	if (ports_up)
		pmd_ports_close(ports, conf.nports);
	if (st != NULL)
		stack_destroy(st);
	if (eal_up)
		rte_eal_cleanup();
	if (fib != NULL)
		BI_FIB_FREE(fib);
	conf_free(&conf);
	return rc;
}
