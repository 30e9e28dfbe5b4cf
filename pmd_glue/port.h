/* SPDX-License-Identifier: MIT */
/*
 * Ports: everything that touches rte_ethdev. Turns the config's port list
 * into EAL device arguments, then configures each port with one RX and one
 * TX queue per worker, RSS with a symmetric Toeplitz key where the device
 * has it, the checksum offloads it offers, MTU, promiscuous and allmulti,
 * and one mbuf pool per NUMA socket. Main thread, at start and stop only;
 * the resulting struct pmd_port array is read-only while workers run.
 */
#ifndef PMD_GLUE_PORT_H
#define PMD_GLUE_PORT_H

#include <stddef.h>
#include <stdint.h>

#include <rte_ethdev.h>
#include <rte_ether.h>
#include <rte_mempool.h>

#include "conf/conf.h"

/* What a worker needs to know about a port; immutable once started. */
struct pmd_port {
	uint16_t port_id;
	uint16_t nqueues;		/* RX and TX queues, one per worker */
	int socket;			/* NUMA socket of the device */
	struct rte_mempool *pool;	/* mbufs for this port's RX and our TX */
	struct rte_ether_addr mac;
	uint16_t mtu;			/* IP bytes */
	unsigned int rx_ip4_cksum : 1;	/* the NIC checks IPv4 header checksums */
	unsigned int tx_ip4_cksum : 1;	/* the NIC fills IPv4 header checksums */
	unsigned int tx_l4_cksum : 1;	/* the NIC fills TCP and UDP checksums */
	unsigned int tx_multiseg : 1;	/* chains can be sent */
	unsigned int rss : 1;		/* RSS spreads RX over the queues */
	unsigned int started : 1;
	char name[32];			/* the config's name: "port0" */
	char devname[RTE_ETH_NAME_MAX_LEN];	/* DPDK's name: "net_tap0" */
};

/* 1 if device looks like a PCI address (DDDD:BB:DD.F or BB:DD.F). */
int pmd_is_pci(const char *device);

/*
 * Append the EAL arguments that make the configured devices appear:
 * "--vdev DEV" for virtual devices, "-a ADDR" for PCI ones, "--no-pci" when
 * there are none (so no NIC of the machine is ever probed). Returns the new
 * argc or -1 when argv is full.
 */
int pmd_eal_args(const struct conf *c, char **argv, int argc, int max);

/*
 * After rte_eal_init: create pools and configure and start every port with
 * nqueues queues. On failure writes a message to err and returns -1; ports
 * already started are left for pmd_ports_close().
 */
int pmd_ports_open(const struct conf *c, uint16_t nqueues,
    struct pmd_port *ports, char *err, size_t errlen);

/* Stop and close every started port (taps disappear), free the pools. */
void pmd_ports_close(struct pmd_port *ports, int nports);

/* Log each port's link state and capabilities (one line per port). */
void pmd_ports_log(const struct pmd_port *ports, int nports);

#endif /* PMD_GLUE_PORT_H */
