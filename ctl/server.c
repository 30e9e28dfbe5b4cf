/* SPDX-License-Identifier: MIT */
/*
 * The ctl socket server: one non-blocking Unix stream listener and its
 * clients on one epoll set, driven by ctl_server_poll() from the control
 * thread. Each client has a session (struct ctl_sess, privileged), a
 * partial-line buffer of at most CTL_MSGMAX bytes and a queue of reply
 * bytes. This file owns the sockets, the clients and their buffers; the
 * sessions' interface holds are given back through ipifc_sess_release().
 *
 * A round reads at most one chunk from each readable client and runs every
 * complete line in it, in order. After all requests of the round ran, the
 * daemon's commit hook publishes the new state; only then are replies
 * written, so an "ok" means the workers see the change. A client with more
 * than CTL_SERVER_OUTHIGH reply bytes unsent is not read from; one whose
 * unsent replies pass CTL_SERVER_OUTCAP is disconnected. A line that does
 * not end with LF before EOF is not run: the client went away mid-request.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "ctl/ns.h"
#include "ctl/server.h"

enum {
	SRV_READ = 64 * 1024,	/* bytes read from one client per round */
	SRV_EVENTS = 256,	/* epoll events per round */
	SRV_ACCEPTS = 256,	/* connections accepted per round */
	SRV_KEEPBUF = 64 * 1024,	/* an idle reply buffer above this is freed */
	SRV_ERRLEN = 160,
};

struct ctl_client {
	struct ctl_server *srv;
	int fd;
	struct ctl_sess sess;
	char *in;			/* partial line, no LF yet */
	size_t inlen;
	size_t incap;
	int discard;			/* dropping the rest of a too-long line */
	struct ctl_out out;		/* replies; out.buf[outoff..len) unsent */
	size_t outoff;
	uint32_t events;		/* epoll interest now */
	int eof;			/* the client shut its sending side */
	int dead;
	int dirty;			/* on srv->dirty */
	struct ctl_client *dnext;	/* srv->dirty or srv->dead list */
	struct ctl_client *prev, *next;	/* srv->clients */
};

struct ctl_server {
	char *path;
	int lfd;
	int epfd;
	struct stack *st;
	struct ctl_server_ops ops;
	struct ctl_client *clients;
	unsigned nclients;
	struct ctl_client *dirty;	/* have output to flush or closing */
	struct ctl_client *dead;	/* closed this round, freed at its end */
	char rbuf[SRV_READ];
};

static char srv_errbuf[SRV_ERRLEN];

static const char *
srv_syserr(const char *what)
{
	snprintf(srv_errbuf, sizeof(srv_errbuf), "ctl socket: %s: %s", what,
	    strerror(errno));
	return srv_errbuf;
}

/* mkdir -p of the directory part of path. */
static int
srv_mkparent(const char *path)
{
	char *dir, *p;
	int rc, last;

	if ((dir = strdup(path)) == NULL)
		return -1;
	rc = 0;
	p = strrchr(dir, '/');
	if (p != NULL && p != dir) {
		*p = '\0';
		for (p = dir + 1; rc == 0; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			last = *p == '\0';
			*p = '\0';
			if (mkdir(dir, 0755) < 0 && errno != EEXIST)
				rc = -1;
			if (last)
				break;
			*p = '/';
		}
	}
	free(dir);
	return rc;
}

/* Refuse a live socket or a non-socket at path; remove a stale socket. */
static const char *
srv_clear(const char *path, const struct sockaddr_un *sa)
{
	struct stat sb;
	int fd, rc;

	if (lstat(path, &sb) < 0)
		return errno == ENOENT ? NULL : srv_syserr(path);
	if (!S_ISSOCK(sb.st_mode))
		return "ctl socket: path exists and is not a socket";
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return srv_syserr("socket");
	rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	if (rc == 0 || errno == EAGAIN || errno == EINPROGRESS) {
		close(fd);
		return "ctl socket: in use by another process";
	}
	close(fd);
	if (unlink(path) < 0 && errno != ENOENT)
		return srv_syserr(path);
	return NULL;
}

struct ctl_server *
ctl_server_open(const char *path, unsigned mode, struct stack *st,
    const struct ctl_server_ops *ops, const char **err)
{
	struct ctl_server *srv;
	struct sockaddr_un sa, tmp;
	struct epoll_event ev;

	*err = NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0' ||
	    strlen(path) + 16 >= sizeof(sa.sun_path)) {
		*err = "ctl socket: path empty or too long";
		return NULL;
	}
	strcpy(sa.sun_path, path);
	tmp = sa;
	snprintf(tmp.sun_path, sizeof(tmp.sun_path), "%s.%ld", path,
	    (long)getpid());
	if ((srv = calloc(1, sizeof(*srv))) == NULL ||
	    (srv->path = strdup(path)) == NULL) {
		free(srv);
		*err = "ctl socket: out of memory";
		return NULL;
	}
	srv->lfd = -1;
	srv->epfd = -1;
	srv->st = st;
	if (ops != NULL)
		srv->ops = *ops;
	if (srv_mkparent(path) < 0) {
		*err = srv_syserr("creating the directory");
		goto fail;
	}
	if ((*err = srv_clear(path, &sa)) != NULL)
		goto fail;
	/* Bound and chmod'ed under a private name, then renamed into place:
	 * nobody can connect before the mode is right. */
	unlink(tmp.sun_path);
	srv->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (srv->lfd < 0) {
		*err = srv_syserr("socket");
		goto fail;
	}
	if (bind(srv->lfd, (struct sockaddr *)&tmp, sizeof(tmp)) < 0) {
		*err = srv_syserr("bind");
		goto fail;
	}
	if (chmod(tmp.sun_path, mode & 07777) < 0 ||
	    listen(srv->lfd, SOMAXCONN) < 0 ||
	    rename(tmp.sun_path, path) < 0) {
		*err = srv_syserr("chmod/listen/rename");
		unlink(tmp.sun_path);
		goto fail;
	}
	if ((srv->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		*err = srv_syserr("epoll");
		unlink(path);
		goto fail;
	}
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = NULL;		/* the listener */
	if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, srv->lfd, &ev) < 0) {
		*err = srv_syserr("epoll_ctl");
		unlink(path);
		goto fail;
	}
	return srv;
fail:
	if (srv->lfd >= 0)
		close(srv->lfd);
	if (srv->epfd >= 0)
		close(srv->epfd);
	free(srv->path);
	free(srv);
	return NULL;
}

int
ctl_server_fd(const struct ctl_server *srv)
{
	return srv->epfd;
}

unsigned
ctl_server_nclients(const struct ctl_server *srv)
{
	return srv->nclients;
}

static size_t
srv_pending(const struct ctl_client *c)
{
	return c->out.len - c->outoff;
}

static void
srv_mark(struct ctl_client *c)
{
	if (c->dirty || c->dead)
		return;
	c->dirty = 1;
	c->dnext = c->srv->dirty;
	c->srv->dirty = c;
}

/* Close c now; the memory goes at the end of the round. */
static void
srv_kill(struct ctl_client *c)
{
	struct ctl_server *srv;

	if (c->dead)
		return;
	srv = c->srv;
	c->dead = 1;
	epoll_ctl(srv->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	ipifc_sess_release(&c->sess);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		srv->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	srv->nclients--;
	/* Off the dirty list lazily: the flush loop skips dead clients. */
	if (!c->dirty) {
		c->dnext = srv->dead;
		srv->dead = c;
	}
}

static void
srv_free(struct ctl_client *c)
{
	free(c->in);
	ctl_out_free(&c->out);
	free(c);
}

static void
srv_accept(struct ctl_server *srv)
{
	struct ctl_client *c;
	struct epoll_event ev;
	int fd, i;

	for (i = 0; i < SRV_ACCEPTS; i++) {
		fd = accept4(srv->lfd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;		/* EAGAIN, or out of fds: next round */
		if (srv->nclients >= CTL_SERVER_MAXCLIENTS ||
		    (c = calloc(1, sizeof(*c))) == NULL) {
			close(fd);
			continue;
		}
		c->srv = srv;
		c->fd = fd;
		ctl_sess_init(&c->sess, srv->st, 1);
		c->sess.srv = c;
		ctl_out_init(&c->out);
		c->events = EPOLLIN;
		memset(&ev, 0, sizeof(ev));
		ev.events = c->events;
		ev.data.ptr = c;
		if (epoll_ctl(srv->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			free(c);
			continue;
		}
		c->next = srv->clients;
		if (c->next != NULL)
			c->next->prev = c;
		srv->clients = c;
		srv->nclients++;
	}
}

/* Run one request line; the reply goes to c's queue. */
static void
srv_request(struct ctl_client *c, const char *line, size_t len)
{
	ctl_dispatch(&c->sess, line, len, &c->out);
	if (c->out.failed || srv_pending(c) > CTL_SERVER_OUTCAP)
		srv_kill(c);
}

/* A line passed CTL_MSGMAX bytes: say so once, drop it up to its LF. */
static void
srv_toobig(struct ctl_client *c)
{
	ctl_printf(&c->out, "error %s\n", Etoobig);
	c->inlen = 0;
	c->discard = 1;
	if (c->out.failed || srv_pending(c) > CTL_SERVER_OUTCAP)
		srv_kill(c);
}

/* Keep an unterminated tail of at most CTL_MSGMAX bytes. */
static int
srv_keep(struct ctl_client *c, const char *p, size_t n)
{
	size_t cap;
	char *b;

	if (c->inlen + n > c->incap) {
		cap = c->incap == 0 ? 256 : c->incap;
		while (cap < c->inlen + n)
			cap *= 2;
		if ((b = realloc(c->in, cap)) == NULL)
			return -1;
		c->in = b;
		c->incap = cap;
	}
	memcpy(c->in + c->inlen, p, n);
	c->inlen += n;
	return 0;
}

/* Read one chunk from c and run its complete lines. Returns how many
 * requests got a reply. */
static int
srv_read(struct ctl_server *srv, struct ctl_client *c)
{
	char *p, *end, *lf;
	ssize_t r;
	size_t n;
	int nreq;

	r = recv(c->fd, srv->rbuf, sizeof(srv->rbuf), 0);
	if (r < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			srv_kill(c);
		return 0;
	}
	if (r == 0) {
		/* An unterminated line at EOF is an interrupted request. */
		c->eof = 1;
		c->inlen = 0;
		srv_mark(c);
		return 0;
	}
	nreq = 0;
	p = srv->rbuf;
	end = p + r;
	while (p < end && !c->dead) {
		lf = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((lf != NULL ? lf : end) - p);
		if (c->discard) {
			if (lf != NULL)
				c->discard = 0;
		} else if (c->inlen + n > CTL_MSGMAX) {
			srv_toobig(c);
			nreq++;
			if (lf != NULL)
				c->discard = 0;
		} else if (lf == NULL) {
			if (srv_keep(c, p, n) < 0)
				srv_kill(c);
		} else if (c->inlen > 0) {
			if (srv_keep(c, p, n) < 0) {
				srv_kill(c);
				break;
			}
			srv_request(c, c->in, c->inlen);
			c->inlen = 0;
			nreq++;
		} else {
			srv_request(c, p, n);
			nreq++;
		}
		if (lf == NULL)
			break;
		p = lf + 1;
	}
	srv_mark(c);
	return nreq;
}

static void
srv_interest(struct ctl_client *c)
{
	struct epoll_event ev;
	uint32_t want;

	want = 0;
	if (!c->eof && srv_pending(c) <= CTL_SERVER_OUTHIGH)
		want |= EPOLLIN;
	if (srv_pending(c) > 0)
		want |= EPOLLOUT;
	if (want == c->events)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.events = want;
	ev.data.ptr = c;
	if (epoll_ctl(c->srv->epfd, EPOLL_CTL_MOD, c->fd, &ev) < 0) {
		srv_kill(c);
		return;
	}
	c->events = want;
}

/* Send what the socket takes; close a client that is done or gone. */
static void
srv_flush(struct ctl_client *c)
{
	ssize_t r;

	while (srv_pending(c) > 0) {
		r = send(c->fd, c->out.buf + c->outoff, srv_pending(c),
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			srv_kill(c);
			return;
		}
		c->outoff += (size_t)r;
	}
	if (srv_pending(c) == 0) {
		c->outoff = 0;
		if (c->out.cap > SRV_KEEPBUF)
			ctl_out_free(&c->out);
		else
			ctl_out_reset(&c->out);
		if (c->eof) {
			srv_kill(c);
			return;
		}
	} else if (c->outoff >= c->out.len / 2) {
		memmove(c->out.buf, c->out.buf + c->outoff, srv_pending(c));
		c->out.len -= c->outoff;
		c->outoff = 0;
	}
	srv_interest(c);
}

int
ctl_server_poll(struct ctl_server *srv, int timeout_ms)
{
	struct epoll_event ev[SRV_EVENTS];
	struct ctl_client *c, *next;
	int i, n, nreq;

	n = epoll_wait(srv->epfd, ev, SRV_EVENTS, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	nreq = 0;
	for (i = 0; i < n; i++) {
		c = ev[i].data.ptr;
		if (c == NULL) {
			srv_accept(srv);
			continue;
		}
		if (c->dead)
			continue;
		if ((ev[i].events & EPOLLOUT) != 0)
			srv_mark(c);
		if ((ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0 &&
		    !c->eof && srv_pending(c) <= CTL_SERVER_OUTHIGH)
			nreq += srv_read(srv, c);
		else if ((ev[i].events & (EPOLLHUP | EPOLLERR)) != 0)
			srv_mark(c);
	}
	if (nreq > 0 && srv->ops.commit != NULL)
		srv->ops.commit(srv->ops.arg);
	for (c = srv->dirty, srv->dirty = NULL; c != NULL; c = next) {
		next = c->dnext;
		/* Still marked dirty while flushing: srv_kill leaves c here. */
		if (!c->dead)
			srv_flush(c);
		c->dirty = 0;
		if (c->dead) {
			c->dnext = srv->dead;
			srv->dead = c;
		}
	}
	for (c = srv->dead, srv->dead = NULL; c != NULL; c = next) {
		next = c->dnext;
		srv_free(c);
	}
	return nreq;
}

void
ctl_server_close(struct ctl_server *srv)
{
	struct ctl_client *c, *next;

	if (srv == NULL)
		return;
	while (srv->clients != NULL)
		srv_kill(srv->clients);
	for (c = srv->dirty; c != NULL; c = next) {
		next = c->dnext;
		if (c->dead)
			srv_free(c);
	}
	for (c = srv->dead; c != NULL; c = next) {
		next = c->dnext;
		srv_free(c);
	}
	close(srv->lfd);
	close(srv->epfd);
	unlink(srv->path);
	free(srv->path);
	free(srv);
}
