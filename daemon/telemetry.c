/* SPDX-License-Identifier: MIT */
/*
 * DPDK telemetry commands for dpnetd, next to DPDK's own (/ethdev/stats,
 * /mempool/info, ...) on the same socket (dpdk-telemetry.py -f PREFIX):
 *   /dpnet/info     version, workers, ports
 *   /dpnet/stats    per-worker frame counters, packets handed between
 *                   workers, and the summed IP MIB
 *   /dpnet/mempool  per pool: size, in use, available
 *   /dpnet/reasm    per worker: reassembly entries, bytes, fragments held
 *                   and fragment drops by reason; the configured bounds
 *   /dpnet/arp      per worker: ARP cache entries, packets held
 * Callbacks run on DPDK's telemetry thread and only read counters that
 * their single writers update with relaxed stores (the table sizes are
 * what each worker published at its last 100 ms tick, core_publish).
 */
#include <stdio.h>
#include <string.h>

#include <rte_mempool.h>
#include <rte_telemetry.h>
#include <rte_version.h>

#include "daemon/dp.h"
#include "daemon/telemetry.h"

static int
tel_info(const char *cmd, const char *params, struct rte_tel_data *d)
{
	int i;

	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "version", "0.1.0");
	rte_tel_data_add_dict_string(d, "dpdk", rte_version());
	rte_tel_data_add_dict_int(d, "workers", (int)dp.nworkers);
	rte_tel_data_add_dict_int(d, "ports", dp.nports);
	for (i = 0; i < dp.nports; i++)
		rte_tel_data_add_dict_int(d, dp.ports[i].name,
		    dp.ports[i].port_id);
	return 0;
}

static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	uint64_t rx, tx, drops, sum[IPSTAT_MAX];
	char name[32];
	unsigned int w, i;
	int p;

	(void)cmd;
	(void)params;
	memset(sum, 0, sizeof(sum));
	rte_tel_data_start_dict(d);
	for (w = 0; w < dp.nworkers; w++) {
		const struct core *c = &dp.cores[w];

		rx = tx = drops = 0;
		for (p = 0; p < dp.nports; p++) {
			rx += STAT_READ(&c->port[p].rx_pkts, 0);
			tx += STAT_READ(&c->port[p].tx_pkts, 0);
			drops += STAT_READ(&c->port[p].tx_drops, 0);
		}
		snprintf(name, sizeof(name), "worker%u_rx", w);
		rte_tel_data_add_dict_u64(d, name, rx);
		snprintf(name, sizeof(name), "worker%u_tx", w);
		rte_tel_data_add_dict_u64(d, name, tx);
		snprintf(name, sizeof(name), "worker%u_tx_drops", w);
		rte_tel_data_add_dict_u64(d, name, drops);
		snprintf(name, sizeof(name), "worker%u_loops", w);
		rte_tel_data_add_dict_u64(d, name,
		    __atomic_load_n(&c->loops, __ATOMIC_RELAXED));
		/* Packets handed to other cores (fragments) and taken. */
		snprintf(name, sizeof(name), "worker%u_handoff", w);
		rte_tel_data_add_dict_u64(d, name,
		    STAT_READ(c->msgstats, MSGSTAT_PKT_SENT));
		snprintf(name, sizeof(name), "worker%u_handoff_drops", w);
		rte_tel_data_add_dict_u64(d, name,
		    STAT_READ(c->msgstats, MSGSTAT_PKT_DROPPED));
		snprintf(name, sizeof(name), "worker%u_handed", w);
		rte_tel_data_add_dict_u64(d, name,
		    STAT_READ(c->msgstats, MSGSTAT_PKT_RECEIVED));
		for (i = 0; i < IPSTAT_MAX; i++)
			sum[i] += STAT_READ(c->ipstats, i);
	}
	for (i = 0; i < IPSTAT_MAX; i++)
		rte_tel_data_add_dict_u64(d, ipstat_names[i], sum[i]);
	return 0;
}

static void
tel_pool(struct rte_mempool *mp, void *arg)
{
	struct rte_tel_data *d = arg;
	char name[RTE_MEMPOOL_NAMESIZE + 16];

	snprintf(name, sizeof(name), "%s_size", mp->name);
	rte_tel_data_add_dict_u64(d, name, mp->size);
	snprintf(name, sizeof(name), "%s_in_use", mp->name);
	rte_tel_data_add_dict_u64(d, name, rte_mempool_in_use_count(mp));
	snprintf(name, sizeof(name), "%s_avail", mp->name);
	rte_tel_data_add_dict_u64(d, name, rte_mempool_avail_count(mp));
}

static int
tel_mempool(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	rte_mempool_walk(tel_pool, d);
	return 0;
}

/* Names of enum frag_drop, for /dpnet/reasm. */
static const char *const tel_frag_drop[FRAG_DROP_MAX] = {
	[FRAG_DROP_TINY] = "tiny",
	[FRAG_DROP_DUP] = "dup",
	[FRAG_DROP_OVERLAP] = "overlap",
	[FRAG_DROP_BOUNDS] = "bounds",
	[FRAG_DROP_DEAD] = "dead",
	[FRAG_DROP_LATE] = "late",
	[FRAG_DROP_EVICT] = "evict",
	[FRAG_DROP_LIMIT] = "limit",
	[FRAG_DROP_MALFORMED] = "malformed",
};

/* Add "worker<w>_<what>" = v to d. */
static void
tel_worker_u64(struct rte_tel_data *d, unsigned int w, const char *what,
    uint64_t v)
{
	char name[64];

	snprintf(name, sizeof(name), "worker%u_%s", w, what);
	rte_tel_data_add_dict_u64(d, name, v);
}

static int
tel_reasm(const char *cmd, const char *params, struct rte_tel_data *d)
{
	char what[32];
	unsigned int w, i;

	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "timeout_ms", dp.conf->frag_timeout_ms);
	rte_tel_data_add_dict_u64(d, "max_entries", dp.conf->frag_max_entries);
	rte_tel_data_add_dict_u64(d, "max_bytes", dp.conf->frag_max_bytes);
	for (w = 0; dp.cores != NULL && w < dp.nworkers; w++) {
		const struct core_tel *t = &dp.cores[w].tel;

		tel_worker_u64(d, w, "entries",
		    __atomic_load_n(&t->reasm_entries, __ATOMIC_RELAXED));
		tel_worker_u64(d, w, "bytes",
		    __atomic_load_n(&t->reasm_bytes, __ATOMIC_RELAXED));
		tel_worker_u64(d, w, "mbufs",
		    __atomic_load_n(&t->reasm_mbufs, __ATOMIC_RELAXED));
		for (i = 0; i < FRAG_DROP_MAX; i++) {
			snprintf(what, sizeof(what), "drop_%s",
			    tel_frag_drop[i]);
			tel_worker_u64(d, w, what, STAT_READ(t->frag_drops, i));
		}
	}
	return 0;
}

static int
tel_arp(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int w;

	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	for (w = 0; dp.cores != NULL && w < dp.nworkers; w++) {
		const struct core_tel *t = &dp.cores[w].tel;

		tel_worker_u64(d, w, "entries",
		    __atomic_load_n(&t->arp_entries, __ATOMIC_RELAXED));
		tel_worker_u64(d, w, "held",
		    __atomic_load_n(&t->arp_held, __ATOMIC_RELAXED));
	}
	return 0;
}

void
telemetry_register(void)
{
	rte_telemetry_register_cmd("/dpnet/info", tel_info,
	    "dpnetd version, workers and ports");
	rte_telemetry_register_cmd("/dpnet/stats", tel_stats,
	    "dpnetd per-worker frame counters and the IP MIB");
	rte_telemetry_register_cmd("/dpnet/mempool", tel_mempool,
	    "dpnetd mbuf pools: size, in use, available");
	rte_telemetry_register_cmd("/dpnet/reasm", tel_reasm,
	    "dpnetd per-worker IPv4 reassembly: entries, bytes, fragments, "
	    "drops");
	rte_telemetry_register_cmd("/dpnet/arp", tel_arp,
	    "dpnetd per-worker ARP cache: entries, packets held");
}
