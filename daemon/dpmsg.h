/* SPDX-License-Identifier: MIT */
/*
 * The control thread's side of the worker messages (stack/msg.h): creates
 * one inbound message ring and one packet ring per worker and the ring
 * from the workers to the control thread, implements the stack hooks
 * that reach the workers (garp, arp_edit) by posting messages, drains
 * what the workers learned into the merged ARP view (arptab_learn),
 * frees the packets left in the rings at stop, and sums the per-core ICMP
 * counters for icmp/stats. Control thread only.
 *
 * What the hooks post waits in a control-side queue until dpmsg_poll():
 * the ctl round that caused it must first be published (dp_commit) so
 * that the workers see the interface it names.
 */
#ifndef DAEMON_DPMSG_H
#define DAEMON_DPMSG_H

#include <stddef.h>
#include <stdint.h>

#include "stack/icmp.h"

struct core;
struct stack;
struct stack_hooks;
struct dpmsg;

/*
 * Create the rings for ncores cores (NUMA socket socket, or
 * SOCKET_ID_ANY): a message ring and a packet ring per core and the ring
 * to the control thread, and attach them to cores[0..ncores-1]
 * (msg_attach, msg_attach_pkt). Before the workers start. NULL when out
 * of memory.
 */
struct dpmsg *dpmsg_create(struct core *cores, unsigned int ncores,
    int socket);

/*
 * After the workers stopped, before the mbuf pools go: free the packets
 * still waiting in the packet rings. NULL is a no-op.
 */
void dpmsg_drain(struct dpmsg *d);

/* After the workers stopped: free the rings (dpmsg_drain first) and d.
 * NULL is a no-op. */
void dpmsg_free(struct dpmsg *d);

/* Point hooks->garp, hooks->arp_edit and hooks->arg at d. */
void dpmsg_hooks(struct dpmsg *d, struct stack_hooks *hooks);

/*
 * Main loop, after each ctl round and its commit: post the queued
 * gratuitous ARPs, then feed the bindings the workers reported into st's
 * ARP view. now_ms is the control thread's clock. Returns the number of
 * records handled.
 */
unsigned int dpmsg_poll(struct dpmsg *d, struct stack *st, uint64_t now_ms);

/* Sum every core's ICMP counters (relaxed loads) into sum. */
void dpmsg_icmp_sum(const struct dpmsg *d, uint64_t sum[ICMPSTAT_MAX]);

/*
 * A hook-shaped reader for icmp/stats: arg is the dpmsg; writes the
 * whole text (spec/plan9-ip.md §10.1) into buf (n bytes, NUL-terminated)
 * and returns its length.
 */
size_t dpmsg_icmpstats(void *arg, char *buf, size_t n);

/* Tests: messages dropped because a ring was full (control side). */
uint64_t dpmsg_dropped(const struct dpmsg *d);

#endif /* DAEMON_DPMSG_H */
