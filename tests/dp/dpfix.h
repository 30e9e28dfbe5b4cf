/* SPDX-License-Identifier: MIT */
/*
 * Fixture of the data-plane EAL tests: EAL with --no-huge and no PCI, a
 * mempool, net_ring ports (one TX ring per queue, read back to capture
 * what a core sent), the control-plane model configured through the real
 * ctl dispatcher, its FIB snapshot, N struct core wired with the real
 * message and packet rings (daemon/dpmsg.c) and reassembly tables, and
 * frame builders. Time is injected:
 * every core runs at DPFIX_HZ ticks per second from DPFIX_T0.
 *
 * This file includes no stack/ or wire/ header so that tests may include
 * any of them (stack/stack.h and stack/wire/arp.h cannot meet in one
 * translation unit: both define ARP_OK).
 */
#ifndef TESTS_DP_DPFIX_H
#define TESTS_DP_DPFIX_H

#include <stddef.h>
#include <stdint.h>

struct core;
struct dpmsg;
struct fib;
struct rte_mbuf;
struct rte_mempool;
struct rte_ring;
struct stack;

enum {
	DPFIX_MAXPORTS = 2,
	DPFIX_MAXCORES = 2,
	DPFIX_CAPMAX = 256,
};

#define DPFIX_HZ	1000000000ull	/* ticks per second: 1 tick = 1 ns */
#define DPFIX_T0	(5ull * DPFIX_HZ)
#define DPFIX_MS(n)	((uint64_t)(n) * (DPFIX_HZ / 1000))

struct dpfix {
	unsigned int nports;
	unsigned int ncores;
	uint16_t port_id[DPFIX_MAXPORTS];
	struct rte_ring *rx[DPFIX_MAXPORTS][DPFIX_MAXCORES];
	struct rte_ring *tx[DPFIX_MAXPORTS][DPFIX_MAXCORES];
	void *ports;			/* struct pmd_port[DPFIX_MAXPORTS] */
	struct core *cores;		/* ncores, cache aligned */
	struct stack *st;
	void *sess;			/* struct ctl_sess */
	struct fib *fib;
	struct dpmsg *dm;
	uint64_t now;
};

/* MAC of our port i: 02:00:00:00:00:(i+1). */
extern const uint8_t dpfix_mac[DPFIX_MAXPORTS][6];

/* EAL, once per process. Returns 0, or -1 (the test then skips). */
int dpfix_eal(void);
struct rte_mempool *dpfix_pool(void);

/*
 * A fixture with nports ports ("port0", "port1") and ncores cores; the
 * ctl lines (NULL-terminated) are run through the dispatcher, then the
 * FIB is built and given to every core. Aborts the test on failure.
 */
struct dpfix *dpfix_new(unsigned int nports, unsigned int ncores,
    const char *const *lines);
/* The same with every port's maxtu (MTU + 14) given: 1514 above. Ports
 * can send chains (tx_multiseg). */
struct dpfix *dpfix_new_maxtu(unsigned int nports, unsigned int ncores,
    const char *const *lines, unsigned int maxtu);
void dpfix_free(struct dpfix *f);
/* A fixture at rest: dpfix_new (dpfix_new_maxtu when maxtu != 0), one
 * pass of every core, and whatever they sent on the way dropped. */
struct dpfix *dpfix_ready(unsigned int nports, unsigned int ncores,
    const char *const *lines, unsigned int maxtu);
/* Drop every frame any core has sent on any port. */
void dpfix_drain(struct dpfix *f);

/* Run one ctl line; returns NULL or the error text. Publishes the FIB and
 * posts queued gratuitous ARPs (as the daemon's main loop does). */
const char *dpfix_ctl(struct dpfix *f, const char *line);

/* The model's merged ARP view after draining the workers' reports: the
 * state (1 OK, 2 WAIT, 0 none) of ip (host order), its MAC into mac. */
int dpfix_arptab(struct dpfix *f, uint32_t ip, uint8_t mac[6]);

/* Give every core a new reassembly table (core_frag_setup; dpfix_new
 * makes ones with the defaults). */
void dpfix_frag(struct dpfix *f, uint32_t timeout_ms, uint32_t max_entries,
    uint32_t max_bytes);

/* Set every core's clock to now (TSC ticks). */
void dpfix_at(struct dpfix *f, uint64_t now);

/* One worker pass of core ci: input m (a frame from port pi, may be
 * NULL), then core_poll and core_flush. */
void dpfix_input(struct dpfix *f, unsigned int ci, unsigned int pi,
    struct rte_mbuf *m);
/* core_poll and core_flush of core ci (messages, timers, loopback). */
void dpfix_poll(struct dpfix *f, unsigned int ci);

/* Frames core ci sent on port pi since the last call (each caller frees
 * them with dpfix_free_frames). Returns how many. */
unsigned int dpfix_sent(struct dpfix *f, unsigned int pi, unsigned int ci,
    struct rte_mbuf **out, unsigned int max);
void dpfix_free_frames(struct rte_mbuf **m, unsigned int n);

/* An mbuf holding len bytes. */
struct rte_mbuf *dpfix_mbuf(const void *bytes, size_t len);
/* A chain holding len bytes in segments of at most seglen bytes (as a
 * NIC that scatters a large frame would deliver it). */
struct rte_mbuf *dpfix_mbuf_segs(const void *bytes, size_t len,
    size_t seglen);

/* Frame builders; return the frame length written into buf. */
size_t dpfix_eth(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
    uint16_t type);
size_t dpfix_arp(uint8_t *buf, uint16_t op, const uint8_t eth_dst[6],
    const uint8_t sha[6], uint32_t spa, const uint8_t tha[6], uint32_t tpa);
/* Ethernet + 20-byte IPv4 header (valid checksum) + payload. */
size_t dpfix_ip4(uint8_t *buf, const uint8_t eth_dst[6],
    const uint8_t eth_src[6], uint32_t src, uint32_t dst, uint8_t proto,
    uint8_t ttl, uint16_t id, const void *payload, size_t plen);
/* As dpfix_ip4 with the flags and offset field given (IPV4_MF | off/8). */
size_t dpfix_ip4_frag(uint8_t *buf, const uint8_t eth_dst[6],
    const uint8_t eth_src[6], uint32_t src, uint32_t dst, uint8_t proto,
    uint8_t ttl, uint16_t id, uint16_t frag, const void *payload,
    size_t plen);
/* An ICMP echo request payload (header + data) with a valid checksum. */
size_t dpfix_echo(uint8_t *buf, uint8_t type, uint16_t id, uint16_t seq,
    const void *data, size_t dlen);

/* Internet checksum of len bytes (0 over a correct header). */
uint16_t dpfix_cksum(const void *p, size_t len);

/* The i-th byte view of a captured frame (first segment). */
const uint8_t *dpfix_bytes(const struct rte_mbuf *m);
uint32_t dpfix_len(const struct rte_mbuf *m);

#define IP4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

#endif /* TESTS_DP_DPFIX_H */
