/* SPDX-License-Identifier: MIT */
/*
 * struct stack: the control thread's model of one IP stack (9front's Fs):
 * the ports the daemon configured, the 32 interfaces and their addresses,
 * the route table, the self table and the merged ARP view. Only the control
 * thread touches it. Workers never see it: they read immutable snapshots
 * (struct fib, stack/fib.h) that the daemon publishes after every change.
 *
 * The data plane is reached through hooks the daemon installs (all may be
 * NULL, as in unit tests).
 */
#ifndef STACK_STACK_H
#define STACK_STACK_H

#include <stdint.h>

#include "stack/arptab.h"
#include "stack/ipifc.h"
#include "stack/route.h"
#include "stack/selftab.h"
#include "stack/stats.h"

struct stack;
struct fib;

enum {
	STACK_MAXPORTS = 32,
	STACK_PORTNAMELEN = 32,
	STACK_MAXIFC = IPIFC_MAX,
	STACK_DEFAULTTTL = 255,
};

/* A DPDK port as the config named it; "bind ether NAME|ID" finds it here. */
struct stack_port {
	char name[STACK_PORTNAMELEN];
	uint16_t port_id;
	uint8_t mac[6];
	uint32_t maxtu;		/* bytes including the 14-byte Ethernet header */
};

struct stack_hooks {
	void *arg;
	/* Send a gratuitous ARP for ip (v4-mapped) out of interface ifcno. */
	void (*garp)(void *arg, int ifcno, const uint8_t ip[16]);
	/* ARP table edits from the arp file, to be fanned out to every core.
	 * op: 'a' add (mac valid), 'd' delete, 'f' flush. */
	void (*arp_edit)(void *arg, int op, int ifcno, const uint8_t ip[16],
	    const uint8_t mac[6]);
	/* Sum the per-core IP MIB counters into sum[IPSTAT_MAX]. */
	void (*ipstats)(void *arg, uint64_t sum[IPSTAT_MAX]);
	/* Per-interface frame counters for ipifc/N/status. */
	void (*ifcstats)(void *arg, int ifcno, uint64_t *pktin,
	    uint64_t *pktout);
	/* Milliseconds of a monotonic clock (address lifetimes, del6).
	 * NULL: the time set by stack_set_now (0 at start). */
	uint64_t (*now_ms)(void *arg);
	/* The text of icmp/stats (spec §10.1), summed over the cores, into
	 * buf; returns its length. NULL: the file reads as empty. */
	size_t (*icmpstats)(void *arg, char *buf, size_t n);
};

struct stack *stack_create(const struct stack_hooks *hooks);
void stack_destroy(struct stack *st);

/* Register a port before any ctl line runs. Returns 0 or -errno. */
int stack_add_port(struct stack *st, const struct stack_port *port);

/* Bumped by every successful change that workers must see. */
uint64_t stack_generation(const struct stack *st);

/* Build the immutable worker view of the current state (stack/fib.h).
 * Returns NULL when out of memory. */
struct fib *stack_build_fib(const struct stack *st);

/*
 * Additions for the model's own files and the ctl handlers.
 *
 * The arp_edit hook is called with ifcno -1 for 'd' (the address on every
 * interface) and with ifcno -1, ip and mac NULL for 'f'.
 */

/* The model's clock: hooks->now_ms, else the value of stack_set_now. */
uint64_t stack_now_ms(const struct stack *st);
void stack_set_now(struct stack *st, uint64_t ms);

/* 0 and *ifcid when ifcno is a bound interface, else -1. */
int stack_ifc_bound(const struct stack *st, int ifcno, uint32_t *ifcid);

/* A port by config name or decimal port id; NULL when none. */
const struct stack_port *stack_find_port(const struct stack *st,
    const char *name, int *index);

/* Record a change workers must see (bumps the generation). */
void stack_changed(struct stack *st);

/* Everything the model holds; only the model files and the ctl handlers
 * use it. */
struct stack {
	struct stack_hooks hooks;
	struct stack_port ports[STACK_MAXPORTS];
	int nports;
	struct ipifc ifc[STACK_MAXIFC];
	int nconv;		/* ipifc conversations ever allocated */
	struct route_table rt;
	struct selftab self;
	struct arptab arp;
	int iprouting;		/* forwarding on */
	uint64_t forwarding;	/* MIB Forwarding: 0 at boot, then 1 or 2 */
	uint64_t gen;
	uint64_t now_ms;
};

#endif /* STACK_STACK_H */
