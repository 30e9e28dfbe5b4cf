/* SPDX-License-Identifier: MIT */
/*
 * Counter indices and their names as /net prints them. Each worker keeps its
 * own array (written only by that worker, relaxed stores); the control thread
 * sums the arrays for a read. Names match spec/plan9-ip.md §10.1 and §11.1.
 */
#ifndef STACK_STATS_H
#define STACK_STATS_H

#include <stdint.h>

/* The IP MIB block of /net/ipifc/stats, in print order. */
enum ipstat {
	IPSTAT_FORWARDING,
	IPSTAT_DEFAULTTTL,
	IPSTAT_INRECEIVES,
	IPSTAT_INHDRERRORS,
	IPSTAT_INADDRERRORS,
	IPSTAT_FORWDATAGRAMS,
	IPSTAT_INUNKNOWNPROTOS,
	IPSTAT_INDISCARDS,
	IPSTAT_INDELIVERS,
	IPSTAT_OUTREQUESTS,
	IPSTAT_OUTDISCARDS,
	IPSTAT_OUTNOROUTES,
	IPSTAT_REASMTIMEOUT,
	IPSTAT_REASMREQDS,
	IPSTAT_REASMOKS,
	IPSTAT_REASMFAILS,
	IPSTAT_FRAGOKS,
	IPSTAT_FRAGFAILS,
	IPSTAT_FRAGCREATES,
	IPSTAT_MAX
};

extern const char *const ipstat_names[IPSTAT_MAX];

/* Relaxed single-writer counter update: the owning worker only. */
#define STAT_ADD(arr, idx, n) \
	__atomic_store_n(&(arr)[idx], (arr)[idx] + (n), __ATOMIC_RELAXED)
#define STAT_INC(arr, idx) STAT_ADD(arr, idx, 1)
#define STAT_READ(arr, idx) __atomic_load_n(&(arr)[idx], __ATOMIC_RELAXED)

#endif /* STACK_STATS_H */
