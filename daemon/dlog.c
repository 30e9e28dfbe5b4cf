/* SPDX-License-Identifier: MIT */
/* The daemon log stream (daemon/dlog.h). Main and control thread. */
#include "daemon/dlog.h"

#include <stdarg.h>
#include <sys/time.h>
#include <time.h>

static FILE *dlog_fp;

void
dlog_set_stream(FILE *f)
{
	dlog_fp = f;
}

FILE *
dlog_stream(void)
{
	return dlog_fp != NULL ? dlog_fp : stderr;
}

void
dlog(const char *fmt, ...)
{
	FILE *f = dlog_stream();
	struct timeval tv;
	struct tm tm;
	char ts[32];
	va_list ap;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(f, "%s.%03ldZ dpnetd: ", ts, (long)(tv.tv_usec / 1000));
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}
