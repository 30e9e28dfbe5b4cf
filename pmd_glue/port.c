/* SPDX-License-Identifier: MIT */
/*
 * Port set-up from the config (pmd_glue/port.h). Main thread only.
 */
#include "pmd_glue/port.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "daemon/dlog.h"

/*
 * A symmetric Toeplitz key: the 16-bit pattern 0x6d5a repeated makes the hash
 * of (src, dst) equal that of (dst, src), so both directions of a flow land
 * on the same queue and thus the same worker (DESIGN.md §3).
 */
static uint8_t pmd_rss_key[40] = {
	0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
	0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
	0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
	0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a, 0x6d, 0x5a,
};

static struct rte_mempool *pmd_pools[RTE_MAX_NUMA_NODES];

int
pmd_is_pci(const char *d)
{
	unsigned int a, b, c, f;
	char tail;

	if (sscanf(d, "%x:%x:%x.%x%c", &a, &b, &c, &f, &tail) == 4)
		return 1;
	return sscanf(d, "%x:%x.%x%c", &b, &c, &f, &tail) == 3;
}

int
pmd_eal_args(const struct conf *c, char **argv, int argc, int max)
{
	int i, npci = 0;

	for (i = 0; i < c->nports; i++) {
		if (argc + 2 > max)
			return -1;
		if (pmd_is_pci(c->ports[i].device)) {
			argv[argc++] = (char *)"-a";
			npci++;
		} else {
			argv[argc++] = (char *)"--vdev";
		}
		argv[argc++] = c->ports[i].device;
	}
	if (npci == 0) {
		if (argc + 1 > max)
			return -1;
		argv[argc++] = (char *)"--no-pci";
	}
	return argc;
}

/* The DPDK device name a config device string makes: the vdev driver
 * instance before the first ',', or the PCI address as given. */
static void
pmd_devname(const char *device, char *out, size_t n)
{
	size_t len = strcspn(device, ",");

	if (len >= n)
		len = n - 1;
	memcpy(out, device, len);
	out[len] = '\0';
}

static struct rte_mempool *
pmd_pool(const struct conf *c, int socket, char *err, size_t errlen)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	int idx = socket < 0 ? 0 : socket;

	if (pmd_pools[idx] != NULL)
		return pmd_pools[idx];
	snprintf(name, sizeof(name), "dpnet_mbuf_%d", idx);
	pmd_pools[idx] = rte_pktmbuf_pool_create(name, c->pool_mbufs,
	    c->pool_cache, 0, c->pool_data_room, socket);
	if (pmd_pools[idx] == NULL)
		snprintf(err, errlen, "cannot create mbuf pool of %u mbufs on "
		    "socket %d: %s (raise eal.memory or lower mempool.mbufs)",
		    c->pool_mbufs, socket, rte_strerror(rte_errno));
	return pmd_pools[idx];
}

static int
pmd_port_open(const struct conf *c, const struct conf_port *cp,
    uint16_t nq, struct pmd_port *p, char *err, size_t errlen)
{
	struct rte_eth_conf ec;
	struct rte_eth_dev_info info;
	struct rte_eth_rxconf rxc;
	struct rte_eth_txconf txc;
	uint16_t nrx, ntx, q;
	int rc;

	(void)c;
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", cp->name);
	pmd_devname(cp->device, p->devname, sizeof(p->devname));
	if (rte_eth_dev_get_port_by_name(p->devname, &p->port_id) != 0) {
		snprintf(err, errlen, "port %s: device '%s' did not appear "
		    "(is the driver available and the device bound?)",
		    cp->name, cp->device);
		return -1;
	}
	rc = rte_eth_dev_info_get(p->port_id, &info);
	if (rc != 0) {
		snprintf(err, errlen, "port %s: cannot read device info: %s",
		    cp->name, rte_strerror(-rc));
		return -1;
	}
	if (info.max_rx_queues < nq || info.max_tx_queues < nq) {
		snprintf(err, errlen, "port %s: %s has %u RX / %u TX queues, "
		    "%u workers need %u of each (net_af_packet: qpairs=%u)",
		    cp->name, info.driver_name, info.max_rx_queues,
		    info.max_tx_queues, nq, nq, nq);
		return -1;
	}
	p->socket = rte_eth_dev_socket_id(p->port_id);
	p->pool = pmd_pool(c, p->socket, err, errlen);
	if (p->pool == NULL)
		return -1;
	p->nqueues = nq;

	memset(&ec, 0, sizeof(ec));
	if (cp->rss && nq > 1 && info.flow_type_rss_offloads != 0) {
		ec.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		ec.rx_adv_conf.rss_conf.rss_key = pmd_rss_key;
		ec.rx_adv_conf.rss_conf.rss_key_len = sizeof(pmd_rss_key);
		ec.rx_adv_conf.rss_conf.rss_hf = (RTE_ETH_RSS_IP |
		    RTE_ETH_RSS_TCP | RTE_ETH_RSS_UDP) &
		    info.flow_type_rss_offloads;
		p->rss = 1;
	}
	if (info.rx_offload_capa & RTE_ETH_RX_OFFLOAD_IPV4_CKSUM) {
		ec.rxmode.offloads |= RTE_ETH_RX_OFFLOAD_IPV4_CKSUM;
		p->rx_ip4_cksum = 1;
	}
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_IPV4_CKSUM) {
		ec.txmode.offloads |= RTE_ETH_TX_OFFLOAD_IPV4_CKSUM;
		p->tx_ip4_cksum = 1;
	}
	if ((info.tx_offload_capa & (RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
	    RTE_ETH_TX_OFFLOAD_TCP_CKSUM)) == (RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
	    RTE_ETH_TX_OFFLOAD_TCP_CKSUM)) {
		ec.txmode.offloads |= RTE_ETH_TX_OFFLOAD_UDP_CKSUM |
		    RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
		p->tx_l4_cksum = 1;
	}
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS) {
		ec.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
		p->tx_multiseg = 1;
	}
	rc = rte_eth_dev_configure(p->port_id, nq, nq, &ec);
	if (rc != 0) {
		snprintf(err, errlen, "port %s: configure failed: %s",
		    cp->name, rte_strerror(-rc));
		return -1;
	}
	if (cp->mtu != 0) {
		rc = rte_eth_dev_set_mtu(p->port_id, cp->mtu);
		if (rc != 0) {
			snprintf(err, errlen, "port %s: MTU %u refused by %s: "
			    "%s", cp->name, cp->mtu, info.driver_name,
			    rte_strerror(-rc));
			return -1;
		}
	}
	nrx = cp->rx_desc;
	ntx = cp->tx_desc;
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(p->port_id, &nrx, &ntx);
	if (rc != 0) {
		snprintf(err, errlen, "port %s: descriptor counts %u/%u "
		    "refused: %s", cp->name, cp->rx_desc, cp->tx_desc,
		    rte_strerror(-rc));
		return -1;
	}
	rxc = info.default_rxconf;
	rxc.offloads = ec.rxmode.offloads;
	txc = info.default_txconf;
	txc.offloads = ec.txmode.offloads;
	for (q = 0; q < nq; q++) {
		rc = rte_eth_rx_queue_setup(p->port_id, q, nrx, p->socket,
		    &rxc, p->pool);
		if (rc == 0)
			rc = rte_eth_tx_queue_setup(p->port_id, q, ntx,
			    p->socket, &txc);
		if (rc != 0) {
			snprintf(err, errlen, "port %s: queue %u set-up "
			    "failed: %s", cp->name, q, rte_strerror(-rc));
			return -1;
		}
	}
	rc = rte_eth_dev_start(p->port_id);
	if (rc != 0) {
		snprintf(err, errlen, "port %s: start failed: %s", cp->name,
		    rte_strerror(-rc));
		return -1;
	}
	p->started = 1;
	if (cp->promiscuous)
		rte_eth_promiscuous_enable(p->port_id);
	if (cp->allmulti)
		rte_eth_allmulticast_enable(p->port_id);
	rte_eth_macaddr_get(p->port_id, &p->mac);
	if (rte_eth_dev_get_mtu(p->port_id, &p->mtu) != 0)
		p->mtu = RTE_ETHER_MTU;
	return 0;
}

int
pmd_ports_open(const struct conf *c, uint16_t nqueues, struct pmd_port *ports,
    char *err, size_t errlen)
{
	int i;

	for (i = 0; i < c->nports; i++)
		if (pmd_port_open(c, &c->ports[i], nqueues, &ports[i], err,
		    errlen) != 0)
			return -1;
	return 0;
}

void
pmd_ports_close(struct pmd_port *ports, int nports)
{
	int i;

	for (i = 0; i < nports; i++) {
		if (ports[i].started) {
			rte_eth_dev_stop(ports[i].port_id);
			ports[i].started = 0;
		}
		if (ports[i].devname[0] != '\0' &&
		    rte_eth_dev_is_valid_port(ports[i].port_id))
			rte_eth_dev_close(ports[i].port_id);
	}
	for (i = 0; i < RTE_MAX_NUMA_NODES; i++) {
		rte_mempool_free(pmd_pools[i]);
		pmd_pools[i] = NULL;
	}
}

void
pmd_ports_log(const struct pmd_port *ports, int nports)
{
	struct rte_eth_link link;
	char ls[RTE_ETH_LINK_MAX_STR_LEN];
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	int i;

	for (i = 0; i < nports; i++) {
		const struct pmd_port *p = &ports[i];

		memset(&link, 0, sizeof(link));
		rte_eth_link_get_nowait(p->port_id, &link);
		rte_eth_link_to_str(ls, sizeof(ls), &link);
		rte_ether_format_addr(mac, sizeof(mac), &p->mac);
		dlog("port %s: id %u %s mac %s mtu %u queues %u socket %d "
		    "rss %s csum rx-ip4 %s tx-ip4 %s tx-l4 %s multiseg %s; %s",
		    p->name, p->port_id, p->devname, mac, p->mtu, p->nqueues,
		    p->socket, p->rss ? "on" : "off",
		    p->rx_ip4_cksum ? "hw" : "sw", p->tx_ip4_cksum ? "hw" : "sw",
		    p->tx_l4_cksum ? "hw" : "sw", p->tx_multiseg ? "yes" : "no",
		    ls);
	}
}
