/* SPDX-License-Identifier: MIT */
/*
 * The worker poll loop: burst RX from this worker's queue on every port into
 * the stack, then let the stack apply messages from other cores and the
 * control thread, run its timers and feed looped-back frames (core_poll),
 * flush buffered TX, report RCU quiescence, once per pass. No
 * locks, no allocation, no system calls while packets flow; a worker that
 * has seen idle_polls empty passes sleeps idle_sleep_us (going RCU-offline
 * so the control thread never waits for a sleeper).
 */
#include "daemon/dp.h"

#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_prefetch.h>

enum {
	WORKER_MAXBURST = 512,
};

int
worker_main(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;
	struct core *c = &dp.cores[id];
	const struct conf *cf = dp.conf;
	struct rte_mbuf *pkts[WORKER_MAXBURST];
	uint16_t burst = cf->burst;
	uint32_t idle = 0;
	uint16_t p, n;
	unsigned int got;

	rte_rcu_qsbr_thread_register(dp.qs, id);
	rte_rcu_qsbr_thread_online(dp.qs, id);
	while (!__atomic_load_n(&dp.stop, __ATOMIC_RELAXED)) {
		c->now = rte_rdtsc();
		c->fib = __atomic_load_n(&dp.fib, __ATOMIC_ACQUIRE);
		got = 0;
		for (p = 0; p < c->nports; p++) {
			n = rte_eth_rx_burst(c->ports[p].port_id, c->queue,
			    pkts, burst);
			if (n == 0)
				continue;
			got += n;
			core_input(c, p, pkts, n);
		}
		got += core_poll(c);
		core_flush(c);
		c->loops++;
		rte_rcu_qsbr_quiescent(dp.qs, id);
		if (got != 0 || cf->idle_sleep_us == 0) {
			idle = 0;
			continue;
		}
		if (++idle < cf->idle_polls)
			continue;
		rte_rcu_qsbr_thread_offline(dp.qs, id);
		usleep(cf->idle_sleep_us);
		rte_rcu_qsbr_thread_online(dp.qs, id);
	}
	core_flush(c);
	core_fini(c);
	rte_rcu_qsbr_thread_offline(dp.qs, id);
	rte_rcu_qsbr_thread_unregister(dp.qs, id);
	return 0;
}
