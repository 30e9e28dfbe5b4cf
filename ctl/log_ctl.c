/* SPDX-License-Identifier: MIT */
/*
 * /net/log (spec/plan9-ip.md §6.1): the netlog item mask, the "only"
 * address and a 16 KiB ring of log messages, with the netlog() call the rest
 * of the daemon logs through. netlog() runs on any thread; log_read and
 * log_write on the control thread. This file owns the ring (static), the
 * mask and the mirror FILE pointer (the caller owns the FILE).
 *
 * Differences from 9front forced by the socket: there is no open/close, so
 * the ring exists from the start and messages are kept whether or not
 * anybody reads; a read does not block but returns (and consumes) whatever
 * is queued, possibly nothing.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "ctl/log.h"
#include "stack/wire/ipaddr.h"

enum {
	LOG_ERRMAX = 128,	/* 9front ERRMAX: the longest error text */
};

static const char Elogfew[] = "too few arguments for netlog control message";
static const char Elogbadctl[] = "unknown control message";

struct log_name {
	const char *name;
	int mask;
};

/* What "set" and "clear" accept; some items switch on their parent too. */
static const struct log_name log_names[] = {
	{ "ppp",	NETLOG_PPP },
	{ "ip",		NETLOG_IP },
	{ "fs",		NETLOG_FS },
	{ "il",		NETLOG_IL },
	{ "tcp",	NETLOG_TCP },
	{ "icmp",	NETLOG_ICMP },
	{ "igmp",	NETLOG_IGMP },
	{ "udp",	NETLOG_UDP },
	{ "compress",	NETLOG_COMPRESS },
	{ "logilmsg",	NETLOG_ILMSG | NETLOG_IL },
	{ "gre",	NETLOG_GRE },
	{ "tcpwin",	NETLOG_TCPWIN | NETLOG_TCP },
	{ "tcprxmt",	NETLOG_TCPRXMT | NETLOG_TCP },
	{ "udpmsg",	NETLOG_UDPMSG | NETLOG_UDP },
	{ "ipmsg",	NETLOG_IPMSG | NETLOG_IP },
	{ "esp",	NETLOG_ESP },
	{ "trans",	NETLOG_TRANS },
};

static int log_mask;			/* atomic: read by every netlog() */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
/* Under log_lock: */
static char log_ring[NETLOG_RING];
static size_t log_head;			/* index of the oldest byte */
static size_t log_len;			/* bytes queued */
static FILE *log_file;
/* Control thread: */
static uint8_t log_onlyip[IPADDRLEN];
static int log_onlyset;
static char log_err[LOG_ERRMAX];

int
netlog_enabled(int item)
{
	return (__atomic_load_n(&log_mask, __ATOMIC_RELAXED) & item) != 0;
}

/* Called with log_lock held: queue n bytes, dropping the oldest. */
static void
log_ring_put(const char *p, size_t n)
{
	size_t tail, k;

	if (n >= NETLOG_RING) {
		p += n - NETLOG_RING;
		n = NETLOG_RING;
	}
	if (log_len + n > NETLOG_RING) {
		k = log_len + n - NETLOG_RING;
		log_head = (log_head + k) % NETLOG_RING;
		log_len -= k;
	}
	tail = (log_head + log_len) % NETLOG_RING;
	k = NETLOG_RING - tail;
	if (k > n)
		k = n;
	memcpy(log_ring + tail, p, k);
	memcpy(log_ring, p + k, n - k);
	log_len += n;
}

void
netlog(int item, const char *fmt, ...)
{
	char msg[NETLOG_MSGMAX + 1];
	va_list ap;
	int n;

	if (!netlog_enabled(item))
		return;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > NETLOG_MSGMAX)
		n = NETLOG_MSGMAX;
	pthread_mutex_lock(&log_lock);
	log_ring_put(msg, (size_t)n);
	if (log_file != NULL) {
		fwrite(msg, 1, (size_t)n, log_file);
		if (n == 0 || msg[n - 1] != '\n')
			fputc('\n', log_file);
		fflush(log_file);
	}
	pthread_mutex_unlock(&log_lock);
}

void
netlog_set_file(FILE *f)
{
	pthread_mutex_lock(&log_lock);
	log_file = f;
	pthread_mutex_unlock(&log_lock);
}

int
netlog_only(uint8_t ip[16])
{
	if (log_onlyset)
		memcpy(ip, log_onlyip, IPADDRLEN);
	return log_onlyset;
}

void
netlog_reset(void)
{
	__atomic_store_n(&log_mask, 0, __ATOMIC_RELAXED);
	pthread_mutex_lock(&log_lock);
	log_head = 0;
	log_len = 0;
	pthread_mutex_unlock(&log_lock);
	memset(log_onlyip, 0, sizeof(log_onlyip));
	log_onlyset = 0;
}

/* Everything queued, oldest first; the ring is empty afterwards. */
const char *
log_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	size_t k;

	(void)s;
	(void)n;
	pthread_mutex_lock(&log_lock);
	k = NETLOG_RING - log_head;
	if (k > log_len)
		k = log_len;
	ctl_put(out, log_ring + log_head, k);
	ctl_put(out, log_ring, log_len - k);
	if (!out->failed) {
		log_head = 0;
		log_len = 0;
	}
	pthread_mutex_unlock(&log_lock);
	return out->failed ? Enomem : NULL;
}

/*
 * Plan 9's %q: a field is written bare unless it is empty or holds a quote
 * or a byte at or below space (blank, control); then it is wrapped in single
 * quotes with every quote doubled. Appends to b (size e - b, NUL-terminated)
 * and returns the new end, cut short like seprint when it does not fit.
 */
static char *
log_putq(char *b, char *e, const char *f)
{
	const unsigned char *u;
	int quote;

	quote = *f == '\0';
	for (u = (const unsigned char *)f; *u != '\0'; u++)
		if (*u <= ' ' || *u == '\'')
			quote = 1;
	if (!quote) {
		b += snprintf(b, (size_t)(e - b), "%s", f);
		return b < e ? b : e - 1;
	}
	if (b < e - 1)
		*b++ = '\'';
	for (; *f != '\0' && b < e - 1; f++) {
		if (*f == '\'') {
			*b++ = '\'';
			if (b == e - 1)
				break;
		}
		*b++ = *f;
	}
	if (b < e - 1)
		*b++ = '\'';
	*b = '\0';
	return b;
}

/*
 * 9front cmderror(): msg, a space, the fields %q-quoted between double
 * quotes. Like the kernel, the text before the closing quote is cut at
 * ERRMAX-10 bytes.
 */
static const char *
log_cmderror(const char *msg, const struct cmdbuf *cb)
{
	char *b, *e;
	int i;

	b = log_err;
	e = log_err + LOG_ERRMAX - 10;
	b += snprintf(b, (size_t)(e - b), "%s \"", msg);
	for (i = 0; i < cb->nf && b < e - 1; i++) {
		if (i > 0) {
			*b++ = ' ';
			*b = '\0';
		}
		b = log_putq(b, e, cb->f[i]);
	}
	strcpy(b, "\"");
	return log_err;
}

static int
log_items(const struct cmdbuf *cb)
{
	int i, mask;
	size_t k;

	mask = 0;
	for (i = 1; i < cb->nf; i++)
		for (k = 0; k < sizeof(log_names) / sizeof(log_names[0]); k++)
			if (strcmp(cb->f[i], log_names[k].name) == 0)
				mask |= log_names[k].mask;
	return mask;
}

/*
 * set item..., clear item..., only addr. Unknown item names are ignored.
 * "only" with bad address text is refused with "bad ip address syntax"
 * (9front does not check; the filter has no effect there or here).
 */
const char *
log_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	struct cmdbuf cb;
	const char *err;
	uint8_t ip[IPADDRLEN];

	(void)s;
	(void)n;
	(void)out;
	if ((err = ctl_parsecmd(&cb, msg, len)) != NULL)
		return err;
	if (cb.nf < 2) {
		err = Elogfew;
	} else if (strcmp(cb.f[0], "set") == 0) {
		__atomic_fetch_or(&log_mask, log_items(&cb), __ATOMIC_RELAXED);
	} else if (strcmp(cb.f[0], "clear") == 0) {
		__atomic_fetch_and(&log_mask, ~log_items(&cb),
		    __ATOMIC_RELAXED);
	} else if (strcmp(cb.f[0], "only") == 0) {
		if (ip_parse(ip, cb.f[1]) == -1) {
			err = Ebadip;
		} else {
			memcpy(log_onlyip, ip, IPADDRLEN);
			log_onlyset = 1;
		}
	} else {
		err = log_cmderror(Elogbadctl, &cb);
	}
	ctl_freecmd(&cb);
	return err;
}
