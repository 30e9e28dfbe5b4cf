/* SPDX-License-Identifier: MIT */
/*
 * /net/ndb and /net/bootp (spec/plan9-ip.md §6.2, §6.3). ndb is a growable
 * byte file the stack never interprets (ipconfig writes what it learnt for
 * other programs to read); bootp always reads empty. Control thread only.
 * This file owns the ndb bytes.
 *
 * The socket carries no file offsets, so a write always lands at the end:
 * the message plus the newline the request line ended with (what
 * `echo msg >>/net/ndb` writes). As in 9front a write that would take the
 * file to NDB_MAX (32768) bytes or more fails with "i/o error" and writes
 * nothing. There is no way to truncate it through the socket.
 */
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "ctl/log.h"

static char *ndb_buf;
static size_t ndb_len;

void
ndb_reset(void)
{
	free(ndb_buf);
	ndb_buf = NULL;
	ndb_len = 0;
}

const char *
ndb_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	if (ctl_put(out, ndb_buf, ndb_len) < 0)
		return Enomem;
	return NULL;
}

const char *
ndb_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	char *p;

	(void)s;
	(void)n;
	(void)out;
	if (len >= NDB_MAX || ndb_len + len + 1 >= NDB_MAX)
		return Eio;
	p = realloc(ndb_buf, ndb_len + len + 1);
	if (p == NULL)
		return Enomem;
	ndb_buf = p;
	memcpy(ndb_buf + ndb_len, msg, len);
	ndb_buf[ndb_len + len] = '\n';
	ndb_len += len + 1;
	return NULL;
}

const char *
bootp_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	(void)out;
	return NULL;
}
