/* SPDX-License-Identifier: MIT */
/*
 * The daemon's data-plane state shared by the control thread and the
 * workers: the ports, one struct core per worker, the published FIB
 * snapshot and its RCU, and the stop flag. Set up by main.c before any
 * worker starts.
 */
#ifndef DAEMON_DP_H
#define DAEMON_DP_H

#include <stdint.h>

#include <rte_rcu_qsbr.h>

#include "conf/conf.h"
#include "pmd_glue/port.h"
#include "stack/core.h"

struct fib;
struct stack;

struct dp {
	const struct conf *conf;
	struct pmd_port ports[CONF_MAXPORTS];
	int nports;
	struct core *cores;		/* nworkers of them, cache aligned */
	unsigned int nworkers;
	unsigned int lcore[CONF_MAXWORKERS];	/* worker i runs on lcore[i] */
	struct rte_rcu_qsbr *qs;	/* workers are RCU threads 0..n-1 */
	struct fib *fib;		/* RCU: readers are workers */
	uint64_t fib_gen;		/* stack generation fib was built at */
	struct stack *st;		/* control thread only */
	int stop;			/* set once to end every loop */
};

extern struct dp dp;

/* Control thread: publish the stack's state to the workers if it changed.
 * Returns once no worker can still see the previous snapshot. */
void dp_commit(void *arg);

/* Worker entry point for rte_eal_remote_launch; arg is the worker index. */
int worker_main(void *arg);

#endif /* DAEMON_DP_H */
