/* SPDX-License-Identifier: MIT */
/*
 * The data-plane test fixture (tests/dp/dpfix.h): EAL, ring ports, the
 * model configured through ctl lines, cores with real message rings,
 * frame builders. Test threads only.
 */
#include "tests/dp/dpfix.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "ctl/ctl.h"
#include "ctl/files.h"
#include "ctl/ns.h"
#include "daemon/dpmsg.h"
#include "pmd_glue/port.h"
#include "stack/core.h"
#include "stack/fib.h"
#include "stack/stack.h"

const uint8_t dpfix_mac[DPFIX_MAXPORTS][6] = {
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },
	{ 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
};

static int dpfix_eal_state;		/* 0 not yet, 1 up, -1 failed */
static struct rte_mempool *dpfix_mp;
static unsigned int dpfix_serial;

int
dpfix_eal(void)
{
	char prefix[64];
	char *argv[] = {
		(char *)"dp_test", (char *)"--no-huge", (char *)"-m",
		(char *)"256", (char *)"--no-pci", (char *)"--no-shconf",
		(char *)"--file-prefix", prefix, (char *)"-l", (char *)"0",
		(char *)"--log-level", (char *)"lib.eal:error", NULL,
	};

	snprintf(prefix, sizeof(prefix), "dpdp_test%ld", (long)getpid());

	if (dpfix_eal_state != 0)
		return dpfix_eal_state > 0 ? 0 : -1;
	if (rte_eal_init((int)(sizeof(argv) / sizeof(argv[0])) - 1,
	    argv) < 0) {
		dpfix_eal_state = -1;
		return -1;
	}
	dpfix_mp = rte_pktmbuf_pool_create("dpfix_pool", 8191, 0, 0,
	    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (dpfix_mp == NULL) {
		dpfix_eal_state = -1;
		return -1;
	}
	dpfix_eal_state = 1;
	return 0;
}

struct rte_mempool *
dpfix_pool(void)
{
	return dpfix_mp;
}

/* A net_ring port with ncores queues, configured and started. */
static void
dpfix_port(struct dpfix *f, unsigned int pi, unsigned int serial,
    unsigned int maxtu)
{
	struct pmd_port *pp = &((struct pmd_port *)f->ports)[pi];
	struct rte_eth_conf conf;
	char name[64];
	unsigned int q;
	int pid;

	for (q = 0; q < f->ncores; q++) {
		snprintf(name, sizeof(name), "dpf%u_rx%u_%u", serial, pi, q);
		f->rx[pi][q] = rte_ring_create(name, 1024, SOCKET_ID_ANY,
		    RING_F_SP_ENQ | RING_F_SC_DEQ);
		snprintf(name, sizeof(name), "dpf%u_tx%u_%u", serial, pi, q);
		f->tx[pi][q] = rte_ring_create(name, 1024, SOCKET_ID_ANY,
		    RING_F_SP_ENQ | RING_F_SC_DEQ);
		assert_non_null(f->rx[pi][q]);
		assert_non_null(f->tx[pi][q]);
	}
	snprintf(name, sizeof(name), "net_dpf%u_%u", serial, pi);
	pid = rte_eth_from_rings(name, f->rx[pi], f->ncores, f->tx[pi],
	    f->ncores, SOCKET_ID_ANY);
	assert_true(pid >= 0);
	memset(&conf, 0, sizeof(conf));
	assert_int_equal(rte_eth_dev_configure((uint16_t)pid,
	    (uint16_t)f->ncores, (uint16_t)f->ncores, &conf), 0);
	for (q = 0; q < f->ncores; q++) {
		assert_int_equal(rte_eth_rx_queue_setup((uint16_t)pid,
		    (uint16_t)q, 64, SOCKET_ID_ANY, NULL, dpfix_mp), 0);
		assert_int_equal(rte_eth_tx_queue_setup((uint16_t)pid,
		    (uint16_t)q, 64, SOCKET_ID_ANY, NULL), 0);
	}
	assert_int_equal(rte_eth_dev_start((uint16_t)pid), 0);
	f->port_id[pi] = (uint16_t)pid;

	memset(pp, 0, sizeof(*pp));
	pp->port_id = (uint16_t)pid;
	pp->nqueues = (uint16_t)f->ncores;
	pp->pool = dpfix_mp;
	memcpy(pp->mac.addr_bytes, dpfix_mac[pi], 6);
	pp->mtu = (uint16_t)(maxtu - 14);
	pp->tx_multiseg = 1;		/* a ring carries chains as they are */
	snprintf(pp->name, sizeof(pp->name), "port%u", pi);
	snprintf(pp->devname, sizeof(pp->devname), "%s", name);
}

/* Rebuild the FIB when the model changed and give it to every core. */
static void
dpfix_commit(struct dpfix *f)
{
	struct fib *nf;
	unsigned int i;

	if (f->fib != NULL && stack_generation(f->st) == fib_generation(f->fib))
		return;
	nf = stack_build_fib(f->st);
	assert_non_null(nf);
	for (i = 0; i < f->ncores; i++)
		f->cores[i].fib = nf;
	if (f->fib != NULL)
		fib_free(f->fib);
	f->fib = nf;
}

struct dpfix *
dpfix_new(unsigned int nports, unsigned int ncores, const char *const *lines)
{
	return dpfix_new_maxtu(nports, ncores, lines, 1514);
}

struct dpfix *
dpfix_new_maxtu(unsigned int nports, unsigned int ncores,
    const char *const *lines, unsigned int maxtu)
{
	struct stack_hooks hooks;
	struct stack_port sp;
	struct dpfix *f;
	const char *err;
	unsigned int i, serial = dpfix_serial++;

	assert_true(nports >= 1 && nports <= DPFIX_MAXPORTS);
	assert_true(ncores >= 1 && ncores <= DPFIX_MAXCORES);
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->nports = nports;
	f->ncores = ncores;
	f->ports = calloc(DPFIX_MAXPORTS, sizeof(struct pmd_port));
	f->sess = calloc(1, sizeof(struct ctl_sess));
	assert_non_null(f->ports);
	assert_non_null(f->sess);
	for (i = 0; i < nports; i++)
		dpfix_port(f, i, serial, maxtu);
	f->cores = rte_zmalloc("dpfix_cores", sizeof(struct core) * ncores,
	    RTE_CACHE_LINE_SIZE);
	assert_non_null(f->cores);
	for (i = 0; i < ncores; i++) {
		core_init(&f->cores[i], i, f->ports, (uint16_t)nports);
		f->cores[i].hz = DPFIX_HZ;
	}
	f->dm = dpmsg_create(f->cores, ncores, SOCKET_ID_ANY);
	assert_non_null(f->dm);
	for (i = 0; i < ncores; i++)
		assert_int_equal(core_frag_setup(&f->cores[i], 0, 0, 0), 0);

	memset(&hooks, 0, sizeof(hooks));
	dpmsg_hooks(f->dm, &hooks);
	f->st = stack_create(&hooks);
	assert_non_null(f->st);
	for (i = 0; i < nports; i++) {
		memset(&sp, 0, sizeof(sp));
		snprintf(sp.name, sizeof(sp.name), "port%u", i);
		sp.port_id = f->port_id[i];
		memcpy(sp.mac, dpfix_mac[i], 6);
		sp.maxtu = maxtu;
		assert_int_equal(stack_add_port(f->st, &sp), 0);
	}
	ctl_sess_init(f->sess, f->st, 1);
	for (i = 0; lines != NULL && lines[i] != NULL; i++) {
		if (ctl_run_line(f->sess, lines[i], &err) != 0)
			fail_msg("ctl line '%s': %s", lines[i], err);
	}
	dpfix_commit(f);
	dpmsg_poll(f->dm, f->st, 0);
	dpfix_at(f, DPFIX_T0);
	return f;
}

void
dpfix_free(struct dpfix *f)
{
	struct rte_mbuf *m[DPFIX_CAPMAX];
	unsigned int i, q, n;

	if (f == NULL)
		return;
	for (i = 0; i < f->ncores; i++)
		core_fini(&f->cores[i]);
	dpmsg_drain(f->dm);
	for (i = 0; i < f->nports; i++) {
		for (q = 0; q < f->ncores; q++) {
			while ((n = dpfix_sent(f, i, q, m, DPFIX_CAPMAX)) > 0)
				dpfix_free_frames(m, n);
		}
		rte_eth_dev_stop(f->port_id[i]);
		rte_eth_dev_close(f->port_id[i]);
		for (q = 0; q < f->ncores; q++) {
			rte_ring_free(f->rx[i][q]);
			rte_ring_free(f->tx[i][q]);
		}
	}
	dpmsg_free(f->dm);
	ipifc_sess_release(f->sess);
	if (f->fib != NULL)
		fib_free(f->fib);
	stack_destroy(f->st);
	rte_free(f->cores);
	free(f->ports);
	free(f->sess);
	free(f);
}

const char *
dpfix_ctl(struct dpfix *f, const char *line)
{
	const char *err;

	if (ctl_run_line(f->sess, line, &err) != 0)
		return err;
	dpfix_commit(f);
	dpmsg_poll(f->dm, f->st, f->now / DPFIX_MS(1));
	return NULL;
}

int
dpfix_arptab(struct dpfix *f, uint32_t ip, uint8_t mac[6])
{
	uint8_t a[16];
	int i;

	dpmsg_poll(f->dm, f->st, f->now / DPFIX_MS(1));
	memset(a, 0, sizeof(a));
	a[10] = a[11] = 0xff;
	a[12] = (uint8_t)(ip >> 24);
	a[13] = (uint8_t)(ip >> 16);
	a[14] = (uint8_t)(ip >> 8);
	a[15] = (uint8_t)ip;
	for (i = 0; i < ARPT_NCACHE; i++) {
		const struct arpent *e = &f->st->arp.cache[i];

		if (e->state != 0 && memcmp(e->ip, a, 16) == 0) {
			memcpy(mac, e->mac, 6);
			return e->state;
		}
	}
	return 0;
}

void
dpfix_frag(struct dpfix *f, uint32_t timeout_ms, uint32_t max_entries,
    uint32_t max_bytes)
{
	unsigned int i;

	for (i = 0; i < f->ncores; i++)
		assert_int_equal(core_frag_setup(&f->cores[i], timeout_ms,
		    max_entries, max_bytes), 0);
}

void
dpfix_at(struct dpfix *f, uint64_t now)
{
	unsigned int i;

	f->now = now;
	for (i = 0; i < f->ncores; i++)
		f->cores[i].now = now;
}

void
dpfix_input(struct dpfix *f, unsigned int ci, unsigned int pi,
    struct rte_mbuf *m)
{
	struct core *c = &f->cores[ci];

	if (m != NULL)
		core_input(c, (uint16_t)pi, &m, 1);
	core_poll(c);
	core_flush(c);
}

void
dpfix_poll(struct dpfix *f, unsigned int ci)
{
	dpfix_input(f, ci, 0, NULL);
}

unsigned int
dpfix_sent(struct dpfix *f, unsigned int pi, unsigned int ci,
    struct rte_mbuf **out, unsigned int max)
{
	return rte_ring_dequeue_burst(f->tx[pi][ci], (void **)out, max, NULL);
}

void
dpfix_free_frames(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		rte_pktmbuf_free(m[i]);
}

struct rte_mbuf *
dpfix_mbuf(const void *bytes, size_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(dpfix_mp);
	char *p;

	assert_non_null(m);
	p = rte_pktmbuf_append(m, (uint16_t)len);
	assert_non_null(p);
	memcpy(p, bytes, len);
	return m;
}

struct rte_mbuf *
dpfix_mbuf_segs(const void *bytes, size_t len, size_t seglen)
{
	struct rte_mbuf *head = NULL, *m;
	const uint8_t *b = bytes;
	size_t n;

	do {
		n = len < seglen ? len : seglen;
		m = dpfix_mbuf(b, n);
		if (head == NULL)
			head = m;
		else
			assert_int_equal(rte_pktmbuf_chain(head, m), 0);
		b += n;
		len -= n;
	} while (len > 0);
	return head;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint16_t
dpfix_cksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

size_t
dpfix_eth(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
    uint16_t type)
{
	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	put16(buf + 12, type);
	return 14;
}

size_t
dpfix_arp(uint8_t *buf, uint16_t op, const uint8_t eth_dst[6],
    const uint8_t sha[6], uint32_t spa, const uint8_t tha[6], uint32_t tpa)
{
	uint8_t *a = buf + dpfix_eth(buf, eth_dst, sha, 0x0806);

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	put32(a + 14, spa);
	memcpy(a + 18, tha, 6);
	put32(a + 24, tpa);
	return 14 + 28;
}

size_t
dpfix_ip4(uint8_t *buf, const uint8_t eth_dst[6], const uint8_t eth_src[6],
    uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl, uint16_t id,
    const void *payload, size_t plen)
{
	uint8_t *ip = buf + dpfix_eth(buf, eth_dst, eth_src, 0x0800);

	ip[0] = 0x45;
	ip[1] = 0;
	put16(ip + 2, (uint16_t)(20 + plen));
	put16(ip + 4, id);
	put16(ip + 6, 0);
	ip[8] = ttl;
	ip[9] = proto;
	put16(ip + 10, 0);
	put32(ip + 12, src);
	put32(ip + 16, dst);
	put16(ip + 10, dpfix_cksum(ip, 20));
	memcpy(ip + 20, payload, plen);
	return 14 + 20 + plen;
}

size_t
dpfix_ip4_frag(uint8_t *buf, const uint8_t eth_dst[6],
    const uint8_t eth_src[6], uint32_t src, uint32_t dst, uint8_t proto,
    uint8_t ttl, uint16_t id, uint16_t frag, const void *payload,
    size_t plen)
{
	size_t n = dpfix_ip4(buf, eth_dst, eth_src, src, dst, proto, ttl, id,
	    payload, plen);
	uint8_t *ip = buf + 14;

	put16(ip + 6, frag);
	put16(ip + 10, 0);
	put16(ip + 10, dpfix_cksum(ip, 20));
	return n;
}

size_t
dpfix_echo(uint8_t *buf, uint8_t type, uint16_t id, uint16_t seq,
    const void *data, size_t dlen)
{
	buf[0] = type;
	buf[1] = 0;
	put16(buf + 2, 0);
	put16(buf + 4, id);
	put16(buf + 6, seq);
	if (dlen > 0)
		memcpy(buf + 8, data, dlen);
	put16(buf + 2, dpfix_cksum(buf, 8 + dlen));
	return 8 + dlen;
}

const uint8_t *
dpfix_bytes(const struct rte_mbuf *m)
{
	return rte_pktmbuf_mtod(m, const uint8_t *);
}

uint32_t
dpfix_len(const struct rte_mbuf *m)
{
	return rte_pktmbuf_pkt_len(m);
}

struct dpfix *
dpfix_ready(unsigned int nports, unsigned int ncores,
    const char *const *lines, unsigned int maxtu)
{
	struct dpfix *f;
	unsigned int i;

	f = maxtu != 0 ? dpfix_new_maxtu(nports, ncores, lines, maxtu) :
	    dpfix_new(nports, ncores, lines);
	for (i = 0; i < f->ncores; i++)
		dpfix_poll(f, i);
	dpfix_drain(f);
	return f;
}

void
dpfix_drain(struct dpfix *f)
{
	struct rte_mbuf *m[DPFIX_CAPMAX];
	unsigned int p, q, n;

	for (p = 0; p < f->nports; p++)
		for (q = 0; q < f->ncores; q++)
			while ((n = dpfix_sent(f, p, q, m, DPFIX_CAPMAX)) > 0)
				dpfix_free_frames(m, n);
}
