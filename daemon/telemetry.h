/* SPDX-License-Identifier: MIT */
/* dpnetd's DPDK telemetry commands (daemon/telemetry.c). Main thread. */
#ifndef DAEMON_TELEMETRY_H
#define DAEMON_TELEMETRY_H

void telemetry_register(void);

#endif /* DAEMON_TELEMETRY_H */
