/* SPDX-License-Identifier: MIT */
/*
 * The daemon's own log: one timestamped line per event on the log stream
 * (stderr, or the config's log file, which DPDK's own messages share).
 * Never called per packet.
 */
#ifndef DAEMON_DLOG_H
#define DAEMON_DLOG_H

#include <stdio.h>

void dlog_set_stream(FILE *f);
FILE *dlog_stream(void);
void dlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* DAEMON_DLOG_H */
