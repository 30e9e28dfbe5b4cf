/* SPDX-License-Identifier: MIT */
/*
 * The /net name space over the ctl socket (DESIGN.md §4): one request line
 * in, one framed reply out. The server (ctl/server.c) and the daemon's
 * startup lines both come through here. Control thread only.
 */
#ifndef CTL_NS_H
#define CTL_NS_H

#include <stddef.h>

#include "ctl/ctl.h"

enum {
	CTL_CHUNK = 64 * 1024,	/* data bytes in one "more" or "ok" record */
};

/*
 * One request line (without its LF, len bytes, may hold any byte) to one
 * reply appended to 'reply':
 *	"ok COUNT\n" DATA			success, COUNT <= CTL_CHUNK
 *	("more COUNT\n" DATA)... "ok COUNT\n" DATA	longer data, in chunks
 *	"error ERRSTR\n"			failure (a newline in ERRSTR
 *						is sent as a space)
 * The request is "path" (read the file) or "path SP message" (write the
 * message); path is relative to /net, an optional leading "/net/" or "/net"
 * is accepted, reading a directory lists its entries one per line. A line
 * longer than CTL_MSGMAX bytes is "control message too big", one with a
 * NUL byte "bad arg in system call".
 */
void ctl_dispatch(struct ctl_sess *s, const char *line, size_t len,
    struct ctl_out *reply);

/*
 * The same for a NUL-terminated line (one trailing newline allowed), as the
 * daemon runs its startup lines. Returns 0, or -1 with *err set to the error
 * text; that text is static or stays valid until the next request.
 */
int ctl_run_line(struct ctl_sess *s, const char *line, const char **err);

#endif /* CTL_NS_H */
