/* SPDX-License-Identifier: MIT */
/*
 * The ctl socket (DESIGN.md §4): a Unix stream socket served from the
 * control thread with epoll, every request line going through ctl_dispatch
 * (ctl/ns.h). Control thread only.
 */
#ifndef CTL_SERVER_H
#define CTL_SERVER_H

#include <stddef.h>

struct stack;
struct ctl_server;

enum {
	CTL_SERVER_MAXCLIENTS = 4096,	/* beyond: accepted and closed */
	CTL_SERVER_OUTHIGH = 1 << 20,	/* pending reply bytes: stop reading */
	CTL_SERVER_OUTCAP = 8 << 20,	/* pending reply bytes: cut off */
};

struct ctl_server_ops {
	void *arg;
	/* Called once per round that handled requests, after all of them
	 * ran and before any of their replies is sent: the daemon publishes
	 * the new state to the workers here. May be NULL. */
	void (*commit)(void *arg);
};

/*
 * Listen on path (parent directories created, a stale socket replaced, a
 * live one or a non-socket refused) with file mode 'mode'. Every connection
 * gets its own privileged session on st. Returns NULL with *err set to a
 * static text on failure.
 */
struct ctl_server *ctl_server_open(const char *path, unsigned mode,
    struct stack *st, const struct ctl_server_ops *ops, const char **err);

/* An epoll fd that is readable when ctl_server_poll has work. */
int ctl_server_fd(const struct ctl_server *srv);

/*
 * One round: wait up to timeout_ms (0: do not wait, -1: forever) for
 * events, accept, read and run the complete request lines, commit, then
 * write replies as far as each socket takes them. Returns the number of
 * requests handled, or -errno when epoll fails.
 */
int ctl_server_poll(struct ctl_server *srv, int timeout_ms);

/* Close every client (their sessions are released), stop listening and
 * unlink the socket path. */
void ctl_server_close(struct ctl_server *srv);

/* Connected clients right now. */
unsigned ctl_server_nclients(const struct ctl_server *srv);

#endif /* CTL_SERVER_H */
