/* SPDX-License-Identifier: MIT */
/*
 * The /net name space: resolves the path of a request line the way devip
 * walks its tree, calls the file's read or write handler (ctl/files.h) and
 * frames the reply (DESIGN.md §4). Control thread only. The only state here
 * is the const file table; each request's private copy of the line is freed
 * before returning.
 *
 * Directories are not stored: a path names a directory when it is a
 * leading part of some file's path, and listing it gives the next path
 * components in table order, so the table order is the `ls` order of
 * spec/plan9-ip.md §1.1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "ctl/ns.h"

enum {
	NS_PRIV = 0x1,		/* writing needs a privileged session */
};

/* One file. A '#' component is a conversation number below nconv(). */
struct ns_file {
	const char *path;
	int (*nconv)(const struct stack *);
	ctl_read_fn read;		/* NULL: none (never, so far) */
	ctl_write_fn write;		/* NULL: read-only, "permission denied" */
	unsigned flags;
};

enum ns_match {
	NS_NOMATCH,
	NS_FILE,		/* the path is the file */
	NS_DIR,			/* the path is a directory above the file */
};

static const char *ns_clone_read(struct ctl_sess *, int, struct ctl_out *);
static const char *ns_clone_write(struct ctl_sess *, int, char *, size_t,
    struct ctl_out *);

static const struct ns_file ns_files[] = {
	{ "ipifc/#/ctl", ipifc_nconv, ipifc_ctl_read, ipifc_ctl_write, 0 },
	{ "ipifc/#/local", ipifc_nconv, ipifc_local_read, NULL, 0 },
	{ "ipifc/#/remote", ipifc_nconv, ipifc_remote_read, NULL, 0 },
	{ "ipifc/#/status", ipifc_nconv, ipifc_status_read, NULL, 0 },
	{ "ipifc/clone", NULL, ns_clone_read, ns_clone_write, 0 },
	{ "ipifc/stats", NULL, ipifc_stats_read, NULL, 0 },
	{ "icmp/stats", NULL, icmp_stats_read, NULL, 0 },
	{ "arp", NULL, arp_read, arp_write, NS_PRIV },
	{ "bootp", NULL, bootp_read, NULL, 0 },
	{ "ndb", NULL, ndb_read, ndb_write, NS_PRIV },
	{ "iproute", NULL, iproute_read, iproute_write, NS_PRIV },
	{ "ipselftab", NULL, ipselftab_read, NULL, 0 },
	{ "log", NULL, log_read, log_write, 0 },
};

#define NS_NFILES	(sizeof(ns_files) / sizeof(ns_files[0]))

/* ipifc/clone read: a new interface conversation, held by the session. */
static const char *
ns_clone_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	const char *err;

	if ((err = ipifc_clone(s, &n)) != NULL)
		return err;
	ctl_printf(out, "%d\n", n);
	return NULL;
}

/*
 * ipifc/clone write: clone, then the message goes to the new ctl. When that
 * fails the clone is given back (through ipifc_sess_release on a copy of
 * the session holding only the new slot) and the ctl error is returned.
 */
static const char *
ns_clone_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	struct ctl_out scratch;
	struct ctl_sess one;
	const char *err;
	uint32_t bit;

	if ((err = ipifc_clone(s, &n)) != NULL)
		return err;
	ctl_out_init(&scratch);
	err = ipifc_ctl_write(s, n, msg, len, &scratch);
	ctl_out_free(&scratch);
	if (err != NULL) {
		bit = n >= 0 && n < 32 ? UINT32_C(1) << n : 0;
		one = *s;
		one.ifcheld = bit;
		ipifc_sess_release(&one);
		s->ifcheld &= ~bit;
		return err;
	}
	ctl_printf(out, "%d\n", n);
	return NULL;
}

/* A conversation number as devip's directory gen names it: decimal with
 * no leading zero, below nconv. */
static int
ns_convnum(const char *p, size_t len, int nconv, int *n)
{
	size_t i;
	int v;

	if (len == 0 || len > 5 || (p[0] == '0' && len > 1))
		return 0;
	v = 0;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		v = v * 10 + (p[i] - '0');
	}
	if (v >= nconv)
		return 0;
	*n = v;
	return 1;
}

/*
 * Compare path (normalised: no leading "/net", no trailing '/') with f's
 * path. For NS_DIR *next is the component of f->path after the directory.
 */
static enum ns_match
ns_match(const struct ns_file *f, const struct stack *st, const char *path,
    int *n, const char **next)
{
	const char *p, *q;
	size_t pl, ql;

	*n = -1;
	p = f->path;
	q = path;
	if (*q == '\0') {
		*next = p;
		return NS_DIR;
	}
	for (;;) {
		pl = strcspn(p, "/");
		ql = strcspn(q, "/");
		if (pl == 1 && p[0] == '#') {
			if (!ns_convnum(q, ql, f->nconv(st), n))
				return NS_NOMATCH;
		} else if (pl != ql || memcmp(p, q, pl) != 0) {
			return NS_NOMATCH;
		}
		p += pl;
		q += ql;
		if (*q == '\0') {
			if (*p == '\0')
				return NS_FILE;
			*next = p + 1;
			return NS_DIR;
		}
		if (*p == '\0')
			return NS_NOMATCH;
		p++;
		q++;
	}
}

static int
ns_samecomp(const char *a, const char *b)
{
	size_t al, bl;

	al = strcspn(a, "/");
	bl = strcspn(b, "/");
	return al == bl && memcmp(a, b, al) == 0;
}

/* ls of a directory: each next component once, in table order. */
static void
ns_list(struct ctl_sess *s, const char *path, struct ctl_out *out)
{
	const char *next, *prev;
	size_t i, j;
	int k, n, nc, seen;

	for (i = 0; i < NS_NFILES; i++) {
		if (ns_match(&ns_files[i], s->st, path, &n, &next) != NS_DIR)
			continue;
		seen = 0;
		for (j = 0; j < i && !seen; j++)
			if (ns_match(&ns_files[j], s->st, path, &n, &prev) ==
			    NS_DIR && ns_samecomp(prev, next))
				seen = 1;
		if (seen)
			continue;
		if (next[0] == '#' && (next[1] == '/' || next[1] == '\0')) {
			nc = ns_files[i].nconv(s->st);
			for (k = 0; k < nc; k++)
				ctl_printf(out, "%d\n", k);
		} else {
			ctl_printf(out, "%.*s\n", (int)strcspn(next, "/"), next);
		}
	}
}

/* Strip an optional leading "/net/" or "/net" and trailing slashes. */
static char *
ns_path(char *p)
{
	size_t len;

	if (strncmp(p, "/net/", 5) == 0)
		p += 5;
	else if (strcmp(p, "/net") == 0)
		p += 4;
	len = strlen(p);
	while (len > 0 && p[len - 1] == '/')
		p[--len] = '\0';
	return p;
}

/* One request; reply data goes to data. NULL or the error text. */
static const char *
ns_request(struct ctl_sess *s, const char *line, size_t len,
    struct ctl_out *data)
{
	const struct ns_file *f;
	const char *err, *next;
	char *copy, *path, *msg;
	size_t i, msglen;
	int isdir, n, fn;

	if (len > CTL_MSGMAX)
		return Etoobig;
	if (memchr(line, '\0', len) != NULL)
		return Ebadarg;
	if ((copy = malloc(len + 1)) == NULL)
		return Enomem;
	memcpy(copy, line, len);
	copy[len] = '\0';
	msg = memchr(copy, ' ', len);
	msglen = 0;
	if (msg != NULL) {
		*msg++ = '\0';
		msglen = len - (size_t)(msg - copy);
	}
	path = ns_path(copy);

	f = NULL;
	fn = -1;
	isdir = *path == '\0';
	for (i = 0; i < NS_NFILES && f == NULL; i++) {
		switch (ns_match(&ns_files[i], s->st, path, &n, &next)) {
		case NS_FILE:
			f = &ns_files[i];
			fn = n;
			break;
		case NS_DIR:
			isdir = 1;
			break;
		case NS_NOMATCH:
			break;
		}
	}

	err = NULL;
	if (f != NULL && msg != NULL) {
		if (f->write == NULL ||
		    ((f->flags & NS_PRIV) != 0 && !s->priv))
			err = Eperm;
		else
			err = f->write(s, fn, msg, msglen, data);
	} else if (f != NULL) {
		err = f->read != NULL ? f->read(s, fn, data) : Eperm;
	} else if (isdir && msg != NULL) {
		err = Eperm;
	} else if (isdir) {
		ns_list(s, path, data);
	} else {
		err = Enonexist;
	}
	free(copy);
	if (err == NULL && data->failed)
		err = Enomem;
	return err;
}

/* "error TEXT\n" with any newline in TEXT sent as a space. */
static void
ns_put_error(struct ctl_out *reply, const char *err)
{
	size_t i, start;

	ctl_put(reply, "error ", 6);
	start = reply->len;
	ctl_printf(reply, "%s\n", err);
	if (reply->failed)
		return;
	for (i = start; i + 1 < reply->len; i++)
		if (reply->buf[i] == '\n')
			reply->buf[i] = ' ';
}

void
ctl_dispatch(struct ctl_sess *s, const char *line, size_t len,
    struct ctl_out *reply)
{
	struct ctl_out data;
	const char *err;
	size_t off, k;

	ctl_out_init(&data);
	err = ns_request(s, line, len, &data);
	if (err != NULL) {
		ns_put_error(reply, err);
	} else {
		for (off = 0; data.len - off > CTL_CHUNK; off += CTL_CHUNK) {
			ctl_printf(reply, "more %d\n", CTL_CHUNK);
			ctl_put(reply, data.buf + off, CTL_CHUNK);
		}
		k = data.len - off;
		ctl_printf(reply, "ok %zu\n", k);
		if (k != 0)
			ctl_put(reply, data.buf + off, k);
	}
	ctl_out_free(&data);
}

int
ctl_run_line(struct ctl_sess *s, const char *line, const char **err)
{
	struct ctl_out data;
	size_t len;

	len = strlen(line);
	if (len > 0 && line[len - 1] == '\n')
		len--;
	ctl_out_init(&data);
	*err = ns_request(s, line, len, &data);
	ctl_out_free(&data);
	return *err == NULL ? 0 : -1;
}
