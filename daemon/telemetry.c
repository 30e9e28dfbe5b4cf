/* SPDX-License-Identifier: MIT */
/*
 * DPDK telemetry commands for dpnetd, next to DPDK's own (/ethdev/stats,
 * /mempool/info, ...) on the same socket (dpdk-telemetry.py -f PREFIX):
 *   /dpnet/info     version, workers, ports
 *   /dpnet/stats    per-worker frame counters and the summed IP MIB
 *   /dpnet/mempool  per pool: size, in use, available
 * Callbacks run on DPDK's telemetry thread and only read counters that
 * their single writers update with relaxed stores.
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

void
telemetry_register(void)
{
	rte_telemetry_register_cmd("/dpnet/info", tel_info,
	    "dpnetd version, workers and ports");
	rte_telemetry_register_cmd("/dpnet/stats", tel_stats,
	    "dpnetd per-worker frame counters and the IP MIB");
	rte_telemetry_register_cmd("/dpnet/mempool", tel_mempool,
	    "dpnetd mbuf pools: size, in use, available");
}
