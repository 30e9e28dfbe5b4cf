/* SPDX-License-Identifier: MIT */
/*
 * The small pieces every ctl handler shares (ctl/ctl.h): the growable reply
 * buffer, printf into it, the per-connection session defaults and the ctl
 * message tokenizer with 9front's parsecmd/tokenize semantics. Control
 * thread only; everything allocated here belongs to the caller's ctl_out or
 * cmdbuf.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"

enum {
	CTL_OUT_MIN = 256,	/* first allocation of a reply buffer */
};

void
ctl_out_init(struct ctl_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->cap = 0;
	o->failed = 0;
}

void
ctl_out_reset(struct ctl_out *o)
{
	o->len = 0;
	o->failed = 0;
}

void
ctl_out_free(struct ctl_out *o)
{
	free(o->buf);
	ctl_out_init(o);
}

/* Make room for n more bytes plus a NUL. Returns 0, or -1 and sets failed. */
static int
ctl_out_reserve(struct ctl_out *o, size_t n)
{
	size_t need, cap;
	char *p;

	if (o->failed)
		return -1;
	if (n > SIZE_MAX / 2 - o->len) {
		o->failed = 1;
		return -1;
	}
	need = o->len + n + 1;
	if (need <= o->cap)
		return 0;
	cap = o->cap < CTL_OUT_MIN ? CTL_OUT_MIN : o->cap;
	while (cap < need)
		cap *= 2;
	p = realloc(o->buf, cap);
	if (p == NULL) {
		o->failed = 1;
		return -1;
	}
	o->buf = p;
	o->cap = cap;
	return 0;
}

/* Append n bytes; the buffer stays NUL-terminated after them. */
int
ctl_put(struct ctl_out *o, const void *p, size_t n)
{
	if (ctl_out_reserve(o, n) < 0)
		return -1;
	if (n > 0)
		memcpy(o->buf + o->len, p, n);
	o->len += n;
	o->buf[o->len] = '\0';
	return 0;
}

int
ctl_vprintf(struct ctl_out *o, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	if (o->failed)
		return -1;
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || ctl_out_reserve(o, (size_t)n) < 0) {
		o->failed = 1;
		return -1;
	}
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	o->len += (size_t)n;
	return n;
}

int
ctl_printf(struct ctl_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = ctl_vprintf(o, fmt, ap);
	va_end(ap);
	return n;
}

void
ctl_sess_init(struct ctl_sess *s, struct stack *st, int priv)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	strcpy(s->routetag, "none");
	s->priv = priv;
}

static int
ctl_issep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * One field starting at *pp (not a separator), unquoted in place. Outside
 * quotes a separator ends the field; a quote opens a quoted run, where ''
 * stands for one quote and a lone quote closes the run. A run never closed
 * takes the rest of the text. The field is NUL-terminated where its output
 * ends; *pp is left on the first byte after what was consumed.
 */
static char *
ctl_field(char **pp)
{
	char *in, *out, *start;
	int quoted;

	start = out = in = *pp;
	quoted = 0;
	while (*in != '\0' && (quoted || !ctl_issep(*in))) {
		if (*in != '\'') {
			*out++ = *in++;
		} else if (!quoted) {
			quoted = 1;
			in++;
		} else if (in[1] == '\'') {
			*out++ = '\'';
			in += 2;
		} else {
			quoted = 0;
			in++;
		}
	}
	/* The separator (if any) is consumed; out never passes in. */
	if (*in != '\0')
		in++;
	*out = '\0';
	*pp = in;
	return start;
}

/*
 * parsecmd: a private copy of msg, one trailing newline dropped, split into
 * fields. More than CTL_MAXFIELDS fields is refused ("wrong #args"), as is a
 * message with a NUL byte in it (it would be cut short silently otherwise).
 */
const char *
ctl_parsecmd(struct cmdbuf *cb, const char *msg, size_t len)
{
	char *p;

	cb->buf = NULL;
	cb->nf = 0;
	if (len > CTL_MSGMAX)
		return Etoobig;
	if (len > 0 && memchr(msg, '\0', len) != NULL)
		return Ebadarg;
	if (len > 0 && msg[len - 1] == '\n')
		len--;
	cb->buf = malloc(len + 1);
	if (cb->buf == NULL)
		return Enomem;
	memcpy(cb->buf, msg, len);
	cb->buf[len] = '\0';
	p = cb->buf;
	for (;;) {
		while (*p != '\0' && ctl_issep(*p))
			p++;
		if (*p == '\0')
			break;
		if (cb->nf == CTL_MAXFIELDS) {
			ctl_freecmd(cb);
			return Ecmdargs;
		}
		cb->f[cb->nf++] = ctl_field(&p);
	}
	if (cb->nf < CTL_MAXFIELDS)
		cb->f[cb->nf] = NULL;
	return NULL;
}

void
ctl_freecmd(struct cmdbuf *cb)
{
	free(cb->buf);
	cb->buf = NULL;
	cb->nf = 0;
}
