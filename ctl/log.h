/* SPDX-License-Identifier: MIT */
/*
 * The daemon-wide text files of /net that belong to no interface: the
 * netlog ring behind /net/log (spec/plan9-ip.md §6.1) and the /net/ndb byte
 * file (§6.2). netlog() may be called from any thread; everything else runs
 * on the control thread.
 */
#ifndef CTL_LOG_H
#define CTL_LOG_H

#include <stdint.h>
#include <stdio.h>

/* Netlog items, one bit each, in the order of 9front's netlog.c table. */
enum netlog_item {
	NETLOG_PPP	= 1 << 0,
	NETLOG_IP	= 1 << 1,
	NETLOG_FS	= 1 << 2,
	NETLOG_IL	= 1 << 3,
	NETLOG_TCP	= 1 << 4,
	NETLOG_ICMP	= 1 << 5,
	NETLOG_IGMP	= 1 << 6,
	NETLOG_UDP	= 1 << 7,
	NETLOG_COMPRESS	= 1 << 8,
	NETLOG_ILMSG	= 1 << 9,	/* written "logilmsg" */
	NETLOG_GRE	= 1 << 10,
	NETLOG_TCPWIN	= 1 << 11,
	NETLOG_TCPRXMT	= 1 << 12,
	NETLOG_UDPMSG	= 1 << 13,
	NETLOG_IPMSG	= 1 << 14,
	NETLOG_ESP	= 1 << 15,
	NETLOG_TRANS	= 1 << 16,
};

enum {
	NETLOG_RING = 16 * 1024,	/* bytes kept for readers of /net/log */
	NETLOG_MSGMAX = 255,		/* bytes of one formatted message */
	NDB_MAX = 32768,		/* /net/ndb stays below this many bytes */
};

/*
 * Append one message (at most NETLOG_MSGMAX bytes, cut there; callers end
 * it with "\n") to the ring when 'item' (one or more NETLOG_* bits) is set,
 * overwriting the oldest bytes when the ring is full, and mirror it to the
 * log file when one is set. Any thread: the check of the item mask is a
 * relaxed load, the append takes a mutex.
 */
void netlog(int item, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int netlog_enabled(int item);

/* The daemon's log file (NULL: none). Each message logged is also written
 * there, ending with a newline. The caller keeps the FILE open. */
void netlog_set_file(FILE *f);

/* The address of the last "only" message; returns 0 when none was set.
 * As in 9front nothing acts on it. */
int netlog_only(uint8_t ip[16]);

/* Back to the start state: no items, empty ring, no "only" address, empty
 * ndb. For tests and for a daemon that rebuilds its stack. */
void netlog_reset(void);
void ndb_reset(void);

#endif /* CTL_LOG_H */
