/* SPDX-License-Identifier: MIT */
/*
 * The ctl transcript driver: every *.t file in the directory given as
 * argv[1] is one cmocka test, run in name order against a fresh stack
 * (stack_create(NULL)) through ctl_dispatch, exactly as the socket would.
 *
 * Transcript format, one directive per line:
 *	# text			comment; blank lines are ignored too
 *	% port NAME ID MAC MAXTU	stack_add_port() (before the first request)
 *	@ K			later requests come from session K (0..7); each
 *				session keeps its own state (routetag, clones)
 *	> REQUEST		one request line, sent as is (no LF)
 *	< TEXT			one line of the raw reply of the last request;
 *				"<" alone is an empty line
 * The expected reply of a request is its "<" lines joined with "\n" plus a
 * final "\n"; the actual reply gets a "\n" appended when it does not end in
 * one. Every request must have at least one "<" line. Mismatches are
 * printed as file:line with a line diff (' ' same, '-' expected, '+' got).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl/ctl.h"
#include "ctl/files.h"
#include "ctl/log.h"
#include "ctl/ns.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

enum {
	TR_NSESS = 8,
};

struct tr {
	const char *file;
	struct stack *st;
	struct ctl_sess sess[TR_NSESS];
	int used[TR_NSESS];
	int cur;
	int nreq;
	/* The request being checked. */
	char *req;
	int reqline;
	struct ctl_out got;
	struct ctl_out want;
	int nwant;
	int failures;
};

static const char *tr_dir;

/* Split s (len bytes) into at most max lines; v[i] is where line i starts.
 * Returns the number of lines. */
static int
tr_lines(const char *s, size_t len, const char **v, int max)
{
	const char *p, *e, *lf;
	int n;

	n = 0;
	p = s;
	e = s + len;
	while (p < e && n < max) {
		lf = memchr(p, '\n', (size_t)(e - p));
		v[n++] = p;
		if (lf == NULL)
			break;
		p = lf + 1;
	}
	return n;
}

static int
tr_linelen(const char *p, const char *end)
{
	const char *lf;

	lf = memchr(p, '\n', (size_t)(end - p));
	return (int)((lf != NULL ? lf : end) - p);
}

/* A line diff of want and got. */
static void
tr_diff(const struct ctl_out *want, const struct ctl_out *got)
{
	enum { MAXL = 4096 };
	static const char *wv[MAXL], *gv[MAXL];
	const char *we, *ge;
	int nw, ng, i, wl, gl;

	nw = tr_lines(want->buf, want->len, wv, MAXL);
	ng = tr_lines(got->buf, got->len, gv, MAXL);
	we = want->buf + want->len;
	ge = got->buf + got->len;
	fprintf(stderr, "--- expected\n+++ got\n");
	for (i = 0; i < nw || i < ng; i++) {
		wl = i < nw ? tr_linelen(wv[i], we) : -1;
		gl = i < ng ? tr_linelen(gv[i], ge) : -1;
		if (wl >= 0 && wl == gl && memcmp(wv[i], gv[i], (size_t)wl) == 0) {
			fprintf(stderr, " %.*s\n", wl, wv[i]);
			continue;
		}
		if (wl >= 0)
			fprintf(stderr, "-%.*s\n", wl, wv[i]);
		if (gl >= 0)
			fprintf(stderr, "+%.*s\n", gl, gv[i]);
	}
}

/* Compare the pending request's reply with its "<" lines. */
static void
tr_check(struct tr *t)
{
	if (t->req == NULL)
		return;
	if (t->nwant == 0) {
		fprintf(stderr, "%s:%d: request \"%s\" has no expected reply "
		    "(\"<\" lines)\n", t->file, t->reqline, t->req);
		t->failures++;
	} else {
		ctl_put(&t->want, "\n", 1);
		if (t->got.len == 0 || t->got.buf[t->got.len - 1] != '\n')
			ctl_put(&t->got, "\n", 1);
		if (t->got.len != t->want.len ||
		    memcmp(t->got.buf, t->want.buf, t->got.len) != 0) {
			fprintf(stderr, "%s:%d: reply to \"%s\" differs\n",
			    t->file, t->reqline, t->req);
			tr_diff(&t->want, &t->got);
			t->failures++;
		}
	}
	free(t->req);
	t->req = NULL;
	t->nwant = 0;
	ctl_out_reset(&t->want);
	ctl_out_reset(&t->got);
}

static int
tr_port(struct tr *t, int lineno, char *args)
{
	struct stack_port port;
	char name[64], mac[64];
	unsigned long id, maxtu;
	int rc;

	memset(&port, 0, sizeof(port));
	if (sscanf(args, "port %63s %lu %63s %lu", name, &id, mac,
	    &maxtu) != 4 || strlen(name) >= sizeof(port.name) ||
	    ip_parsemac(port.mac, mac, 6) != 6) {
		fprintf(stderr, "%s:%d: bad port line (want "
		    "\"%% port NAME ID MAC MAXTU\")\n", t->file, lineno);
		return -1;
	}
	if (t->nreq > 0) {
		fprintf(stderr, "%s:%d: ports go before the first request\n",
		    t->file, lineno);
		return -1;
	}
	strcpy(port.name, name);
	port.port_id = (uint16_t)id;
	port.maxtu = (uint32_t)maxtu;
	if ((rc = stack_add_port(t->st, &port)) != 0) {
		fprintf(stderr, "%s:%d: stack_add_port: %d\n", t->file,
		    lineno, rc);
		return -1;
	}
	return 0;
}

/* One directive. Returns -1 on a malformed transcript. */
static int
tr_line(struct tr *t, int lineno, char *line)
{
	struct ctl_sess *s;
	char *arg;
	int k;

	if (line[0] == '\0' || line[0] == '#')
		return 0;
	arg = line + 1;
	if (*arg == ' ')
		arg++;
	else if (*arg != '\0')
		goto bad;
	switch (line[0]) {
	case '<':
		if (t->req == NULL) {
			fprintf(stderr, "%s:%d: \"<\" without a request\n",
			    t->file, lineno);
			return -1;
		}
		if (t->nwant++ > 0)
			ctl_put(&t->want, "\n", 1);
		ctl_put(&t->want, arg, strlen(arg));
		return 0;
	case '>':
		tr_check(t);
		s = &t->sess[t->cur];
		if (!t->used[t->cur]) {
			ctl_sess_init(s, t->st, 1);
			t->used[t->cur] = 1;
		}
		t->req = strdup(arg);
		t->reqline = lineno;
		t->nreq++;
		ctl_dispatch(s, arg, strlen(arg), &t->got);
		return 0;
	case '@':
		tr_check(t);
		k = atoi(arg);
		if (arg[0] < '0' || arg[0] > '7' || arg[1] != '\0')
			goto bad;
		t->cur = k;
		return 0;
	case '%':
		tr_check(t);
		return tr_port(t, lineno, arg);
	}
bad:
	fprintf(stderr, "%s:%d: cannot read \"%s\"\n", t->file, lineno, line);
	return -1;
}

static void
tr_run(void **state)
{
	const char *name = *state;
	struct tr t;
	char path[4096], *line;
	size_t cap;
	ssize_t n;
	FILE *f;
	int lineno, bad, k;

	memset(&t, 0, sizeof(t));
	snprintf(path, sizeof(path), "%s/%s", tr_dir, name);
	t.file = path;
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s: cannot open", path);
	netlog_reset();
	ndb_reset();
	t.st = stack_create(NULL);
	assert_non_null(t.st);
	ctl_out_init(&t.got);
	ctl_out_init(&t.want);
	line = NULL;
	cap = 0;
	lineno = 0;
	bad = 0;
	while (!bad && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		bad = tr_line(&t, lineno, line) < 0;
	}
	if (!bad)
		tr_check(&t);
	free(line);
	fclose(f);
	free(t.req);
	for (k = 0; k < TR_NSESS; k++)
		if (t.used[k])
			ipifc_sess_release(&t.sess[k]);
	stack_destroy(t.st);
	ctl_out_free(&t.got);
	ctl_out_free(&t.want);
	netlog_reset();
	ndb_reset();
	if (bad)
		fail_msg("%s: malformed transcript", path);
	if (t.failures > 0)
		fail_msg("%s: %d failed checks", path, t.failures);
	if (t.nreq == 0)
		fail_msg("%s: no requests", path);
}

static int
tr_select(const struct dirent *d)
{
	size_t n;

	n = strlen(d->d_name);
	return n > 2 && d->d_name[0] != '.' &&
	    strcmp(d->d_name + n - 2, ".t") == 0;
}

int
main(int argc, char **argv)
{
	struct dirent **ent;
	int i, n, rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s transcript-dir\n", argv[0]);
		return 2;
	}
	tr_dir = argv[1];
	n = scandir(tr_dir, &ent, tr_select, alphasort);
	if (n <= 0) {
		fprintf(stderr, "%s: no *.t transcripts\n", tr_dir);
		return 1;
	}
	{
		struct CMUnitTest tests[n];

		for (i = 0; i < n; i++) {
			memset(&tests[i], 0, sizeof(tests[i]));
			tests[i].name = ent[i]->d_name;
			tests[i].test_func = tr_run;
			tests[i].initial_state = ent[i]->d_name;
		}
		rc = cmocka_run_group_tests_name("ctl_transcripts", tests,
		    NULL, NULL);
	}
	for (i = 0; i < n; i++)
		free(ent[i]);
	free(ent);
	return rc;
}
