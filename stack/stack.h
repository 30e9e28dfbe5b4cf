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

#include "stack/stats.h"

struct stack;
struct fib;

enum {
	STACK_MAXPORTS = 32,
	STACK_PORTNAMELEN = 32,
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

#endif /* STACK_STACK_H */
