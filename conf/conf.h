/* SPDX-License-Identifier: MIT */
/*
 * The daemon's configuration: a libconfig file turned into a validated,
 * immutable struct conf (DESIGN.md §5). conf_load reports the first problem
 * as "FILE:LINE: message" and leaves nothing half-built. Called once by
 * daemon/main.c before EAL starts; read-only afterwards.
 */
#ifndef CONF_CONF_H
#define CONF_CONF_H

#include <stddef.h>
#include <stdint.h>

enum {
	CONF_MAXPORTS = 32,
	CONF_MAXWORKERS = 64,
	CONF_MAXEALARGS = 64,
	CONF_MAXSTARTUP = 1024,
	CONF_ERRLEN = 512,
};

enum conf_huge {
	CONF_HUGE_AUTO,		/* hugepages when mounted and free, else --no-huge */
	CONF_HUGE_YES,
	CONF_HUGE_NO,
};

struct conf_port {
	char *name;		/* "port0": what "bind ether NAME" names */
	char *device;		/* vdev args ("net_tap0,iface=dpnet0") or PCI address */
	uint16_t rx_desc;
	uint16_t tx_desc;
	uint16_t mtu;		/* IP MTU in bytes; 0 = the device default */
	int promiscuous;
	int allmulti;
	int rss;		/* use RSS when the device has it and workers > 1 */
};

struct conf_startup {
	char *line;		/* a ctl request line, run at start */
	int lineno;		/* where it stands in the file, for errors */
};

struct conf {
	char *file;		/* the file name as given, or "(embedded)" */

	/* EAL */
	enum conf_huge huge;
	uint32_t memory_mb;	/* -m */
	char *file_prefix;	/* --file-prefix */
	char *lcores;		/* --lcores, NULL = derived from workers */
	char *eal_args[CONF_MAXEALARGS];	/* extra EAL arguments */
	int neal_args;
	char *log_level;	/* --log-level, NULL = DPDK's default */

	/* ports */
	struct conf_port ports[CONF_MAXPORTS];
	int nports;

	/* workers */
	int nworkers;
	uint32_t idle_sleep_us;	/* 0 = busy poll always */
	uint32_t idle_polls;	/* empty polls before a worker sleeps */
	uint16_t burst;

	/* mbuf pool, per NUMA socket */
	uint32_t pool_mbufs;
	uint32_t pool_cache;
	uint16_t pool_data_room;

	/* control */
	char *ctl_path;
	uint32_t ctl_mode;
	char *log_file;		/* NULL = stderr */
	uint32_t stats_interval_s;	/* periodic stats line, 0 = off */

	/* IPv4 reassembly per core */
	uint32_t frag_timeout_ms;
	uint32_t frag_max_entries;
	uint32_t frag_max_bytes;

	struct conf_startup startup[CONF_MAXSTARTUP];
	int nstartup;
};

/* The embedded default configuration (conf/dpnet.conf at build time). */
extern const char conf_default_text[];

/*
 * Load and validate. text != NULL parses that string (name used in errors),
 * else reads the file 'name'. Returns 0, or -1 with "FILE:LINE: message"
 * (or "FILE: message") in err.
 */
int conf_load(struct conf *c, const char *name, const char *text,
    char err[CONF_ERRLEN]);
void conf_free(struct conf *c);

#endif /* CONF_CONF_H */
