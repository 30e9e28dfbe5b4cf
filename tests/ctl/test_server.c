/* SPDX-License-Identifier: MIT */
/*
 * ctl/server.c over real Unix sockets: the server runs in a thread of the
 * test, polled in a loop, and clients are plain blocking sockets. Checks
 * the socket file (mode, parent directory, stale and live sockets, unlink),
 * pipelined requests answered in order, over-long lines, binary garbage,
 * clients vanishing mid-request, a client that never reads (others keep
 * being served, it is cut off), backpressure without loss, 1000 clients at
 * once, the client cap, commit before replies, and session release.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ctl/ctl.h"
#include "ctl/log.h"
#include "ctl/server.h"
#include "tests/support/fake_files.h"

struct cli {
	int fd;
	char *b;
	size_t len;
	size_t cap;
};

static char tmpdir[64];
static char sockpath[128];
static struct ctl_server *srv;
static pthread_t srv_tid;
static int srv_stop;
static int commits;
static int commit_delay_ms;

static void
commit_hook(void *arg)
{
	struct timespec ts;

	(void)arg;
	if (__atomic_load_n(&commit_delay_ms, __ATOMIC_RELAXED) > 0) {
		ts.tv_sec = 0;
		ts.tv_nsec = commit_delay_ms * 1000000L;
		nanosleep(&ts, NULL);
	}
	__atomic_add_fetch(&commits, 1, __ATOMIC_SEQ_CST);
}

static void *
srv_loop(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&srv_stop, __ATOMIC_RELAXED))
		assert_true(ctl_server_poll(srv, 20) >= 0);
	return NULL;
}

static int
setup(void **state)
{
	const struct ctl_server_ops ops = { NULL, commit_hook };
	const char *err;

	(void)state;
	fake_reset();
	ndb_reset();
	netlog_reset();
	commits = 0;
	commit_delay_ms = 0;
	strcpy(tmpdir, "/tmp/dpnet-ctl-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(sockpath, sizeof(sockpath), "%s/run/dpnet/ctl", tmpdir);
	srv = ctl_server_open(sockpath, 0660, NULL, &ops, &err);
	if (srv == NULL)
		fail_msg("ctl_server_open: %s", err);
	srv_stop = 0;
	assert_int_equal(pthread_create(&srv_tid, NULL, srv_loop, NULL), 0);
	return 0;
}

static void
stop_server(void)
{
	if (srv == NULL)
		return;
	__atomic_store_n(&srv_stop, 1, __ATOMIC_RELAXED);
	pthread_join(srv_tid, NULL);
	ctl_server_close(srv);
	srv = NULL;
}

static int
teardown(void **state)
{
	char p[160];

	(void)state;
	stop_server();
	snprintf(p, sizeof(p), "%s/run/dpnet", tmpdir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/run", tmpdir);
	rmdir(p);
	rmdir(tmpdir);
	ndb_reset();
	return 0;
}

static void
cli_timeout(int fd, int ms)
{
	struct timeval tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int
cli_connect_fd(void)
{
	struct sockaddr_un sa;
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, sockpath);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		fail_msg("connect: %s", strerror(errno));
	cli_timeout(fd, 10000);
	return fd;
}

static void
cli_open(struct cli *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = cli_connect_fd();
}

static void
cli_close(struct cli *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->b);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void
cli_send(struct cli *c, const void *p, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = send(c->fd, p, n, MSG_NOSIGNAL);
		if (r < 0)
			fail_msg("send: %s", strerror(errno));
		p = (const char *)p + r;
		n -= (size_t)r;
	}
}

static void
cli_sends(struct cli *c, const char *s)
{
	cli_send(c, s, strlen(s));
}

/* More bytes into c->b. Returns the recv result (0: EOF, -1: error). */
static ssize_t
cli_fill(struct cli *c)
{
	ssize_t r;

	if (c->cap - c->len < 65536) {
		c->cap = c->cap * 2 + 65536;
		c->b = realloc(c->b, c->cap);
		assert_non_null(c->b);
	}
	r = recv(c->fd, c->b + c->len, c->cap - c->len, 0);
	if (r > 0)
		c->len += (size_t)r;
	return r;
}

static void
cli_consume(struct cli *c, size_t n)
{
	memmove(c->b, c->b + n, c->len - n);
	c->len -= n;
}

/*
 * One whole reply. Returns 0 for ok (the data of all its records in
 * *data), 1 for error (the text in *data), -1 when the connection ended or
 * timed out first.
 */
static int
cli_reply(struct cli *c, struct ctl_out *data)
{
	char *lf, *end;
	unsigned long n;
	int more;

	ctl_out_reset(data);
	for (;;) {
		for (;;) {
			lf = c->len > 0 ? memchr(c->b, '\n', c->len) : NULL;
			if (lf != NULL)
				break;
			if (cli_fill(c) <= 0)
				return -1;
		}
		*lf = '\0';
		if (strncmp(c->b, "error ", 6) == 0) {
			ctl_put(data, c->b + 6, strlen(c->b + 6));
			cli_consume(c, (size_t)(lf - c->b) + 1);
			return 1;
		}
		if (strncmp(c->b, "ok ", 3) == 0)
			more = 0;
		else if (strncmp(c->b, "more ", 5) == 0)
			more = 1;
		else
			fail_msg("bad reply record \"%s\"", c->b);
		n = strtoul(c->b + (more ? 5 : 3), &end, 10);
		assert_true(*end == '\0');
		cli_consume(c, (size_t)(lf - c->b) + 1);
		while (c->len < n)
			if (cli_fill(c) <= 0)
				return -1;
		ctl_put(data, c->b, n);
		cli_consume(c, n);
		if (!more)
			return 0;
	}
}

/* One request, one reply, checked against want (prefix "error " for an
 * error). */
static void
rt(struct cli *c, const char *req, const char *want)
{
	struct ctl_out d;
	int r;

	ctl_out_init(&d);
	cli_sends(c, req);
	r = cli_reply(c, &d);
	assert_true(r >= 0);
	ctl_put(&d, "", 0);
	if (r == 1) {
		assert_memory_equal(want, "error ", 6);
		assert_string_equal(d.buf, want + 6);
	} else {
		assert_string_equal(d.buf, want);
	}
	ctl_out_free(&d);
}

/* One read request; the length of its data. */
static size_t
rt_len(struct cli *c, const char *req)
{
	struct ctl_out d;
	size_t n;

	ctl_out_init(&d);
	cli_sends(c, req);
	assert_int_equal(cli_reply(c, &d), 0);
	n = d.len;
	ctl_out_free(&d);
	return n;
}

static void
test_socket_file(void **state)
{
	const struct ctl_server_ops ops = { NULL, NULL };
	struct ctl_server *other;
	struct sockaddr_un sa;
	const char *err;
	struct stat sb;
	int fd;

	(void)state;
	assert_int_equal(stat(sockpath, &sb), 0);
	assert_true(S_ISSOCK(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0660);
	/* A live socket is not stolen. */
	other = ctl_server_open(sockpath, 0600, NULL, &ops, &err);
	assert_null(other);
	assert_non_null(strstr(err, "in use"));
	stop_server();
	assert_int_equal(stat(sockpath, &sb), -1);
	assert_int_equal(errno, ENOENT);

	/* A stale socket (nobody listening) is replaced; mode as asked. */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, sockpath);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	other = ctl_server_open(sockpath, 0600, NULL, &ops, &err);
	assert_non_null(other);
	assert_int_equal(stat(sockpath, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0600);
	assert_int_equal(ctl_server_fd(other) >= 0, 1);
	ctl_server_close(other);
	assert_int_equal(stat(sockpath, &sb), -1);

	/* A regular file is not ours to remove. */
	fd = open(sockpath, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	other = ctl_server_open(sockpath, 0600, NULL, &ops, &err);
	assert_null(other);
	assert_non_null(strstr(err, "not a socket"));
	assert_int_equal(stat(sockpath, &sb), 0);
	unlink(sockpath);
}

static void
test_pipelined_in_order(void **state)
{
	struct ctl_out d, want;
	struct cli c;
	char line[64];
	int i;

	(void)state;
	ctl_out_init(&d);
	ctl_out_init(&want);
	cli_open(&c);
	for (i = 0; i < 200; i++) {
		snprintf(line, sizeof(line), "ndb sys=n%d\n", i);
		ctl_put(&d, line, strlen(line));
		snprintf(line, sizeof(line), "sys=n%d\n", i);
		ctl_put(&want, line, strlen(line));
		if (i % 50 == 49)
			ctl_printf(&d, "nosuchfile\nndb\narp flush\n");
	}
	cli_send(&c, d.buf, d.len);
	for (i = 0; i < 200; i++) {
		assert_int_equal(cli_reply(&c, &d), 0);
		assert_int_equal(d.len, 0);
		if (i % 50 == 49) {
			assert_int_equal(cli_reply(&c, &d), 1);
			ctl_put(&d, "", 0);
			assert_string_equal(d.buf, "file does not exist");
			assert_int_equal(cli_reply(&c, &d), 0);
			/* ndb holds exactly the writes before it. */
			assert_true(d.len <= want.len);
			assert_memory_equal(d.buf, want.buf, d.len);
			assert_int_equal(d.buf[d.len - 1], '\n');
			snprintf(line, sizeof(line), "sys=n%d\n", i);
			assert_int_equal(memcmp(d.buf + d.len - strlen(line),
			    line, strlen(line)), 0);
			/* Sessions on the socket are privileged. */
			assert_int_equal(cli_reply(&c, &d), 0);
		}
	}
	ctl_out_free(&d);
	ctl_out_free(&want);
	cli_close(&c);
}

static void
test_too_big_line(void **state)
{
	struct cli c;
	char *big;
	size_t n;

	(void)state;
	cli_open(&c);
	n = 100 * 1000;
	big = malloc(n);
	assert_non_null(big);
	memcpy(big, "ndb ", 4);
	memset(big + 4, 'A', n - 4);
	cli_send(&c, big, n);
	cli_sends(&c, "\nndb ok\nndb\n");
	rt(&c, "", "error control message too big");
	rt(&c, "", "");
	rt(&c, "", "ok\n");
	/* Exactly CTL_MSGMAX bytes is allowed; one more is not. */
	big[CTL_MSGMAX] = '\n';
	cli_send(&c, big, CTL_MSGMAX + 1);
	rt(&c, "", "");
	big[CTL_MSGMAX] = 'A';
	big[CTL_MSGMAX + 1] = '\n';
	cli_send(&c, big, CTL_MSGMAX + 2);
	rt(&c, "", "error control message too big");
	/* Sent in small pieces, the limit still holds. */
	for (n = 0; n < 9000; n += 100)
		cli_send(&c, big + 4, 100);
	cli_sends(&c, "\nndb\n");
	rt(&c, "", "error control message too big");
	/* ndb: "ok\n" and the 7996 bytes of the CTL_MSGMAX line + "\n". */
	assert_int_equal(rt_len(&c, ""), 3 + CTL_MSGMAX - 4 + 1);
	free(big);
	cli_close(&c);
}

static void
test_binary_garbage(void **state)
{
	struct ctl_out d;
	struct cli c, other;
	unsigned char g[50000];
	size_t i;
	int lines, r, nerr, nul;

	(void)state;
	ctl_out_init(&d);
	cli_open(&c);
	cli_open(&other);
	srand(7);
	lines = 0;
	nul = 0;
	for (i = 0; i < sizeof(g); i++) {
		g[i] = (unsigned char)(rand() & 0xff);
		if (g[i] == '\n')
			lines++;
		if (g[i] == 0)
			nul++;
	}
	assert_true(lines > 100 && nul > 100);
	cli_send(&c, g, sizeof(g));
	cli_sends(&c, "\n");
	lines++;
	nerr = 0;
	for (i = 0; i < (size_t)lines; i++) {
		r = cli_reply(&c, &d);
		assert_true(r >= 0);
		nerr += r;
	}
	assert_true(nerr > lines / 2);
	rt(&c, "ndb after garbage\n", "");
	rt(&c, "ndb\n", "after garbage\n");
	rt(&other, "ndb\n", "after garbage\n");
	/* A NUL inside a line is refused, not cut short. */
	cli_send(&c, "ndb x\0y\n", 8);
	rt(&c, "", "error bad arg in system call");
	rt(&c, "ndb\n", "after garbage\n");
	ctl_out_free(&d);
	cli_close(&c);
	cli_close(&other);
}

static void
test_disconnect_mid_request(void **state)
{
	struct cli a, b, c;
	int i;

	(void)state;
	cli_open(&b);
	rt(&b, "ndb first\n", "");
	/* a: half a line, then gone. The half request is not run. */
	cli_open(&a);
	cli_sends(&a, "ndb half");
	cli_close(&a);
	/* c: many requests, then gone before reading any reply. */
	cli_open(&c);
	for (i = 0; i < 1000; i++)
		cli_sends(&c, "ndb\n");
	cli_close(&c);
	/* a shut down mid-line but still reading: nothing runs either. */
	cli_open(&a);
	cli_sends(&a, "ndb other half");
	shutdown(a.fd, SHUT_WR);
	assert_int_equal(cli_fill(&a), 0);
	cli_close(&a);
	rt(&b, "ndb\n", "first\n");
	rt(&b, "ndb\n", "first\n");
	cli_close(&b);
}

/* Fill ndb with 4 lines of 7990 bytes: 31964 bytes per read. */
static size_t
fill_ndb(struct cli *c)
{
	char line[8000];
	int i;

	memcpy(line, "ndb ", 4);
	for (i = 0; i < 4; i++) {
		memset(line + 4, 'a' + i, 7990);
		line[7994] = '\n';
		cli_send(c, line, 7995);
		rt(c, "", "");
	}
	return 4 * 7991;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_stuck_client_cut_off(void **state)
{
	struct cli s, b;
	size_t filesz, got, nreq;
	char *reqs;
	double t0;
	ssize_t r;
	int i;

	(void)state;
	cli_open(&b);
	filesz = fill_ndb(&b);
	cli_open(&s);
	nreq = 10000;
	reqs = malloc(nreq * 4);
	assert_non_null(reqs);
	for (i = 0; i < (int)nreq; i++)
		memcpy(reqs + i * 4, "ndb\n", 4);
	cli_send(&s, reqs, nreq * 4);
	free(reqs);
	/* b is answered at once, several times over. */
	for (i = 0; i < 20; i++) {
		t0 = now_s();
		cli_sends(&b, "log\n");
		rt(&b, "", "");
		assert_true(now_s() - t0 < 1.0);
	}
	/* s gets some replies, then the server hangs up on it. */
	got = 0;
	for (;;) {
		r = cli_fill(&s);
		if (r <= 0)
			break;
		got += (size_t)r;
		s.len = 0;
	}
	assert_true(r == 0 || errno == ECONNRESET || errno == EPIPE);
	assert_true(got < nreq * (filesz + 12));
	assert_true(got <= CTL_SERVER_OUTCAP + 4 * 1024 * 1024);
	cli_close(&s);
	assert_int_equal(rt_len(&b, "ndb\n"), filesz);
	cli_close(&b);
}

/* A client that reads late loses nothing: replies past the backpressure
 * mark wait, other clients go on, then everything arrives in order. */
static void
test_backpressure_no_loss(void **state)
{
	struct ctl_out d;
	struct cli s, b;
	size_t filesz;
	int i;

	(void)state;
	ctl_out_init(&d);
	cli_open(&b);
	filesz = fill_ndb(&b);
	cli_open(&s);
	for (i = 0; i < 60; i++)
		cli_sends(&s, "ndb\n");
	usleep(200 * 1000);
	for (i = 0; i < 60; i++)
		cli_sends(&s, i == 30 ? "nosuch\n" : "ndb\n");
	usleep(200 * 1000);
	for (i = 0; i < 10; i++)
		assert_int_equal(rt_len(&b, "ndb\n"), filesz);
	for (i = 0; i < 120; i++) {
		if (i == 90) {
			assert_int_equal(cli_reply(&s, &d), 1);
			continue;
		}
		assert_int_equal(cli_reply(&s, &d), 0);
		assert_int_equal(d.len, filesz);
		assert_int_equal(d.buf[0], 'a');
		assert_int_equal(d.buf[filesz - 2], 'd');
	}
	rt(&s, "log\n", "");
	ctl_out_free(&d);
	cli_close(&s);
	cli_close(&b);
}

static void
test_thousand_clients(void **state)
{
	struct cli *c;
	char req[64];
	size_t total;
	int i, n;

	(void)state;
	n = 1000;
	c = calloc((size_t)n, sizeof(*c));
	assert_non_null(c);
	for (i = 0; i < n; i++)
		cli_open(&c[i]);
	total = 0;
	for (i = 0; i < n; i++) {
		snprintf(req, sizeof(req), "log set ip\nndb c%d\n", i);
		cli_sends(&c[i], req);
		total += strlen(req) - strlen("log set ip\nndb ");
	}
	for (i = 0; i < n; i++) {
		rt(&c[i], "", "");
		rt(&c[i], "", "");
	}
	for (i = 0; i < n; i++)
		assert_int_equal(rt_len(&c[i], "ndb\n"), total);
	for (i = 0; i < n; i++)
		cli_close(&c[i]);
	free(c);
}

/* The cap: one more connection is accepted and closed at once; a place
 * freed is usable again. */
static void
test_client_cap(void **state)
{
	struct cli *c, extra;
	int i, n;

	(void)state;
	n = CTL_SERVER_MAXCLIENTS;
	c = calloc((size_t)n, sizeof(*c));
	assert_non_null(c);
	for (i = 0; i < n; i++) {
		cli_open(&c[i]);
		cli_sends(&c[i], "log\n");
	}
	for (i = 0; i < n; i++)
		rt(&c[i], "", "");
	cli_open(&extra);
	(void)send(extra.fd, "log\n", 4, MSG_NOSIGNAL);
	errno = 0;
	assert_true(cli_fill(&extra) <= 0);
	assert_true(errno != EAGAIN);
	cli_close(&extra);
	cli_close(&c[0]);
	usleep(100 * 1000);
	cli_open(&extra);
	rt(&extra, "log\n", "");
	cli_close(&extra);
	for (i = 1; i < n; i++)
		cli_close(&c[i]);
	free(c);
}

/* The commit hook runs (once per round) before a reply leaves. */
static void
test_commit_before_reply(void **state)
{
	struct ctl_out d;
	struct cli c;
	int before, i;

	(void)state;
	ctl_out_init(&d);
	cli_open(&c);
	__atomic_store_n(&commit_delay_ms, 50, __ATOMIC_RELAXED);
	for (i = 0; i < 3; i++) {
		before = __atomic_load_n(&commits, __ATOMIC_SEQ_CST);
		rt(&c, "ndb x\n", "");
		assert_int_equal(__atomic_load_n(&commits, __ATOMIC_SEQ_CST),
		    before + 1);
	}
	/* 100 requests in one write: one round, one commit. */
	before = __atomic_load_n(&commits, __ATOMIC_SEQ_CST);
	for (i = 0; i < 100; i++)
		ctl_printf(&d, "ndb y%d\n", i);
	cli_send(&c, d.buf, d.len);
	for (i = 0; i < 100; i++)
		assert_int_equal(cli_reply(&c, &d), 0);
	assert_int_equal(__atomic_load_n(&commits, __ATOMIC_SEQ_CST),
	    before + 1);
	/* No requests, no commit. */
	before = __atomic_load_n(&commits, __ATOMIC_SEQ_CST);
	cli_close(&c);
	usleep(100 * 1000);
	assert_int_equal(__atomic_load_n(&commits, __ATOMIC_SEQ_CST), before);
	ctl_out_free(&d);
}

/* Closing a connection gives back the interfaces its session cloned. */
static void
test_session_release(void **state)
{
	struct cli a, b;

	(void)state;
	cli_open(&a);
	cli_open(&b);
	rt(&a, "ipifc/clone\n", "0\n");
	rt(&b, "ipifc/clone\n", "1\n");
	rt(&a, "ipifc/clone\n", "2\n");
	cli_close(&a);
	usleep(50 * 1000);
	rt(&b, "ipifc/clone\n", "0\n");
	rt(&b, "ipifc/clone\n", "2\n");
	rt(&b, "ipifc\n", "0\n1\n2\nclone\nstats\n");
	cli_close(&b);
}

/* ctl_server_close hangs up on every client and removes the socket. */
static void
test_close_with_clients(void **state)
{
	struct cli c[3];
	struct stat sb;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		cli_open(&c[i]);
		rt(&c[i], "log\n", "");
	}
	stop_server();
	for (i = 0; i < 3; i++) {
		assert_int_equal(cli_fill(&c[i]), 0);
		cli_close(&c[i]);
	}
	assert_int_equal(stat(sockpath, &sb), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_socket_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pipelined_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_big_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disconnect_mid_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stuck_client_cut_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backpressure_no_loss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thousand_clients, setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_before_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close_with_clients, setup, teardown),
	};
	struct rlimit rl;

	/* Clients and server share this process: two fds per connection. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	return cmocka_run_group_tests_name("ctl_server", tests, NULL, NULL);
}
