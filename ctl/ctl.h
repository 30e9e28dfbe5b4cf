/* SPDX-License-Identifier: MIT */
/*
 * The contract between the ctl server/dispatcher (ctl/server.c, ctl/ns.c)
 * and the file handlers (ctl/ipifc_ctl.c, ctl/route_ctl.c, ...): a growable
 * reply buffer, the 9front tokenizer, the per-connection session, and the
 * handler signatures. Everything here runs on the control thread only.
 *
 * Handlers return NULL on success or a 9front error string (ctl/errstr.h).
 * A write that fails must change nothing.
 */
#ifndef CTL_CTL_H
#define CTL_CTL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct stack;

/* Reply data: bytes a read produces, or a clone's "N\n". Grows with malloc;
 * on allocation failure 'failed' is set and further output is dropped. */
struct ctl_out {
	char *buf;
	size_t len;
	size_t cap;
	int failed;
};

void ctl_out_init(struct ctl_out *o);
void ctl_out_reset(struct ctl_out *o);		/* len = 0, keep the memory */
void ctl_out_free(struct ctl_out *o);
int ctl_put(struct ctl_out *o, const void *p, size_t n);
int ctl_printf(struct ctl_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ctl_vprintf(struct ctl_out *o, const char *fmt, va_list ap);

/*
 * 9front parsecmd(): at most CTL_MSGMAX bytes (else "control message too
 * big"), one trailing newline dropped, fields split on space, tab, CR and NL
 * with rc-style single quotes ('' inside quotes is one quote).
 */
enum {
	CTL_MSGMAX = 8000,	/* bytes in one ctl message (READSTR) */
	CTL_MAXFIELDS = 128,
};

struct cmdbuf {
	char *buf;			/* private copy the fields point into */
	char *f[CTL_MAXFIELDS];
	int nf;
};

/* Returns NULL or an error string; on success cb must be freed with
 * ctl_freecmd. */
const char *ctl_parsecmd(struct cmdbuf *cb, const char *msg, size_t len);
void ctl_freecmd(struct cmdbuf *cb);

/* One client connection (or the internal startup session). */
struct ctl_sess {
	struct stack *st;
	char routetag[5];	/* this connection's iproute tag, "none" */
	int priv;		/* may write arp, iproute, ndb */
	uint32_t ifcheld;	/* ipifc conversations this session cloned */
	void *srv;		/* the server's own per-connection state */
};

void ctl_sess_init(struct ctl_sess *s, struct stack *st, int priv);

/*
 * Handler signatures. 'n' is the conversation (interface) number where the
 * path has one, else -1. A read appends the whole text of the file to out.
 * A write receives the message text (NUL-terminated, len bytes, trailing
 * newline already removed) and may append reply data (clone answers).
 */
typedef const char *(*ctl_read_fn)(struct ctl_sess *s, int n,
    struct ctl_out *out);
typedef const char *(*ctl_write_fn)(struct ctl_sess *s, int n, char *msg,
    size_t len, struct ctl_out *out);

#endif /* CTL_CTL_H */
