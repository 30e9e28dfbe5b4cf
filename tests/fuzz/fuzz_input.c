/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the whole input path of the data plane: raw frames
 * on a test port through core_input (stack/core.h) and everything behind
 * it (Ethernet demux, ARP, IPv4 checks, reassembly, ICMP, forwarding, the
 * replies on TX). Once per process (LLVMFuzzerInitialize): the DPDK EAL
 * with --no-huge --no-shconf --file-prefix dpnet_fuzz (DPDK 22.11 refuses
 * --in-memory with --no-huge; without shared files, processes do not
 * meet, so several may run at once), one net_null port opened by the real
 * pmd_glue code from a configuration text, then a stack built by the real
 * ctl lines (bind port0, add 192.0.2.2/24, forwarding on, a default route
 * via 192.0.2.1) and its FIB.
 * Per input: a fresh core on that FIB, the input cut into frames, all of
 * them given to core_input as one burst, then core_poll and core_flush,
 * then core_fini.
 *
 * The input is a sequence of records, each a 16-bit big-endian length and
 * that many frame bytes (the last one cut at the end of the input); a
 * frame longer than one mbuf is passed as a chain. Properties: no crash,
 * leak or sanitizer report, and every mbuf is back in the pool after
 * core_fini. Fuzz builds only; needs root for the EAL.
 */
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "conf/conf.h"
#include "ctl/ctl.h"
#include "ctl/ns.h"
#include "pmd_glue/port.h"
#include "stack/core.h"
#include "stack/fib.h"
#include "stack/msg.h"
#include "stack/stack.h"
#include "stack/wire/bytes.h"
#include "tests/fuzz/fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

enum {
	FUZZ_MAXFRAMES = 64,		/* frames in one burst */
	FUZZ_MAXFRAME = 9614,		/* jumbo MTU 9600 + Ethernet header */
};

static const char fuzz_conf_text[] =
	"ports = ( { name = \"port0\"; device = \"net_null0\"; } );\n"
	"mempool = { mbufs = 4095; cache = 0; };\n";

/* Every line must succeed: the stack the frames meet. */
static const char *const fuzz_lines[] = {
	"ipifc/clone bind ether port0",
	"ipifc/0/ctl add 192.0.2.2 255.255.255.0",
	"ipifc/0/ctl iprouting 1",
	"iproute add 0.0.0.0 /96 192.0.2.1",
};

static const uint8_t fuzz_mac[6] = { 0x5e, 0x2c, 0x0d, 0x1a, 0x7b, 0x33 };

static struct {
	struct conf conf;
	struct pmd_port ports[CONF_MAXPORTS];
	struct stack *st;
	struct fib *fib;
	struct core *core;
	struct rte_mempool *pool;
	unsigned int pool_free;		/* mbufs available between inputs */
} F;

static void
fuzz_die(const char *what, const char *why)
{
	fprintf(stderr, "fuzz_input: %s: %s\n", what, why);
	exit(1);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char *eal[32];
	struct rte_ether_addr mac;
	struct stack_port sp;
	struct ctl_sess s;
	char err[CONF_ERRLEN];
	const char *cerr;
	int n = 0;
	size_t i;

	(void)argc;
	if (conf_load(&F.conf, "fuzz_input.conf", fuzz_conf_text, err) != 0)
		fuzz_die("config", err);
	eal[n++] = (*argv)[0];
	eal[n++] = (char *)"--no-huge";
	eal[n++] = (char *)"-m";
	eal[n++] = (char *)"256";
	eal[n++] = (char *)"--no-shconf";
	eal[n++] = (char *)"--file-prefix";
	eal[n++] = (char *)"dpnet_fuzz";
	eal[n++] = (char *)"--no-telemetry";
	eal[n++] = (char *)"--lcores";
	eal[n++] = (char *)"0";
	eal[n++] = (char *)"--log-level";
	eal[n++] = (char *)"error";
	n = pmd_eal_args(&F.conf, eal, n, 30);
	if (n < 0)
		fuzz_die("EAL", "too many arguments");
	eal[n] = NULL;
	if (rte_eal_init(n, eal) < 0)
		fuzz_die("rte_eal_init", rte_strerror(rte_errno));
	if (pmd_ports_open(&F.conf, 1, F.ports, err, sizeof(err)) != 0)
		fuzz_die("ports", err);
	/* A fixed MAC, so the seed frames are addressed to us. */
	memcpy(mac.addr_bytes, fuzz_mac, 6);
	if (rte_eth_dev_default_mac_addr_set(F.ports[0].port_id, &mac) == 0)
		F.ports[0].mac = mac;
	F.pool = F.ports[0].pool;

	F.st = stack_create(NULL);
	if (F.st == NULL)
		fuzz_die("stack_create", "out of memory");
	memset(&sp, 0, sizeof(sp));
	snprintf(sp.name, sizeof(sp.name), "%s", F.ports[0].name);
	sp.port_id = F.ports[0].port_id;
	memcpy(sp.mac, F.ports[0].mac.addr_bytes, 6);
	sp.maxtu = F.ports[0].mtu + RTE_ETHER_HDR_LEN;
	if (stack_add_port(F.st, &sp) != 0)
		fuzz_die("stack_add_port", "refused");
	ctl_sess_init(&s, F.st, 1);
	for (i = 0; i < sizeof(fuzz_lines) / sizeof(fuzz_lines[0]); i++)
		if (ctl_run_line(&s, fuzz_lines[i], &cerr) != 0)
			fuzz_die(fuzz_lines[i], cerr);
	F.fib = stack_build_fib(F.st);
	if (F.fib == NULL)
		fuzz_die("stack_build_fib", "out of memory");
	F.core = rte_zmalloc("fuzz_core", sizeof(*F.core),
	    RTE_CACHE_LINE_SIZE);
	if (F.core == NULL)
		fuzz_die("rte_zmalloc", "out of memory");
	F.pool_free = rte_mempool_avail_count(F.pool);
	return 0;
}

/* One frame as an mbuf (a chain when it does not fit one); NULL: none. */
static struct rte_mbuf *
fuzz_mbuf(const uint8_t *p, size_t len)
{
	struct rte_mbuf *head = NULL, *m;
	size_t k;
	char *d;

	do {
		m = rte_pktmbuf_alloc(F.pool);
		FUZZ_CHECK(m != NULL);
		k = rte_pktmbuf_tailroom(m);
		if (k > len)
			k = len;
		d = rte_pktmbuf_append(m, (uint16_t)k);
		FUZZ_CHECK(d != NULL || k == 0);
		if (k != 0)
			memcpy(d, p, k);
		p += k;
		len -= k;
		if (head == NULL)
			head = m;
		else
			FUZZ_CHECK(rte_pktmbuf_chain(head, m) == 0);
	} while (len > 0);
	return head;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rte_mbuf *pkts[FUZZ_MAXFRAMES];
	struct core *c = F.core;
	uint16_t n = 0;
	size_t len;

	core_init(c, 0, F.ports, 1);
	msg_attach(c, 1, NULL, NULL);
	c->hz = rte_get_tsc_hz();
	c->now = rte_rdtsc();
	c->fib = F.fib;
	core_view_sync(c);
	/* A small reassembly table, so fragments reach frag_reassemble4. */
	if (core_frag_setup(c, 10000, 64, 1 << 20) != 0)
		abort();

	while (size >= 2 && n < FUZZ_MAXFRAMES) {
		len = get_be16(data);
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (len > FUZZ_MAXFRAME)
			len = FUZZ_MAXFRAME;
		pkts[n++] = fuzz_mbuf(data, len);
		data += len;
		size -= len;
	}
	if (n > 0)
		core_input(c, 0, pkts, n);
	core_poll(c);
	core_flush(c);
	core_fini(c);
	FUZZ_CHECK(rte_mempool_avail_count(F.pool) == F.pool_free);
	return 0;
}
