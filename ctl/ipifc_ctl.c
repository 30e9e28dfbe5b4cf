/* SPDX-License-Identifier: MIT */
/*
 * The ipifc files (ctl/files.h): clone and the per-session holds on
 * interface conversations, the ctl writes (devip's generic conversation
 * messages first, then ipifcctl, spec §2.3 and §7.3) and the reads of
 * ctl, status, local, remote and ipifc/stats in 9front's exact formats
 * (§2.2, §11.1). Control thread only; the state is the model's
 * (stack/ipifc.h), this file keeps none of its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

static struct ipifc *
ipifc_conv(struct ctl_sess *s, int n)
{
	if (n < 0 || n >= s->st->nconv)
		return NULL;
	return &s->st->ifc[n];
}

const char *
ipifc_clone(struct ctl_sess *s, int *n)
{
	struct stack *st = s->st;
	struct ipifc *ifc;
	int i;

	for (i = 0; i < STACK_MAXIFC; i++) {
		ifc = &st->ifc[i];
		if (ifc->m != NULL || ifc->holds > 0)
			continue;
		/* A reset conversation (devip Fsprotoclone). */
		ifc->holds++;
		ifc->state = IPIFC_IDLE;
		ifc->ttl = 255;
		ifc->tos = 0;
		ifc->ignoreadvice = 0;
		s->ifcheld |= UINT32_C(1) << i;
		if (i >= st->nconv)
			st->nconv = i + 1;
		*n = i;
		return NULL;
	}
	return Enodev;
}

int
ipifc_nconv(const struct stack *st)
{
	return st->nconv;
}

void
ipifc_sess_release(struct ctl_sess *s)
{
	struct ipifc *ifc;
	int i;

	for (i = 0; i < STACK_MAXIFC; i++) {
		if ((s->ifcheld & (UINT32_C(1) << i)) == 0)
			continue;
		ifc = &s->st->ifc[i];
		if (ifc->holds > 0)
			ifc->holds--;
		ipifc_closed(s->st, ifc);
	}
	s->ifcheld = 0;
}

const char *
ipifc_ctl_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	if (ipifc_conv(s, n) == NULL)
		return Enonexist;
	ctl_printf(out, "%d", n);
	return NULL;
}

/* Plan 9 atoi (strtol base 10, 32-bit). */
static int
ipifc_atoi(const char *p)
{
	long long v = strtoll(p, NULL, 10);

	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int)v;
}

/* devip ipwrite for an ipifc conversation. */
static const char *
ipifc_write1(struct stack *st, struct ipifc *ifc, int nf, char **f)
{
	uint8_t ia[IPADDRLEN], ma[IPADDRLEN];
	const char *err;

	if (nf < 1)
		return Eshortctl;
	if (strcmp(f[0], "connect") == 0) {
		if (ifc->state != IPIFC_IDLE)
			return Econinuse;
		ifc->state = IPIFC_CONNECTING;
		if ((err = ipifc_connect(st, ifc, nf, f)) != NULL)
			return err;
		ifc->state = IPIFC_CONNECTED;
		return NULL;
	}
	if (strcmp(f[0], "announce") == 0) {
		if (ifc->state != IPIFC_IDLE)
			return Econinuse;
		ifc->state = IPIFC_ANNOUNCING;
		return Enoannounce;
	}
	if (strcmp(f[0], "bind") == 0)
		return ipifc_bind(st, ifc, nf, f);
	if (strcmp(f[0], "ttl") == 0) {
		ifc->ttl = nf < 2 ? 255 : ipifc_atoi(f[1]);
		return NULL;
	}
	if (strcmp(f[0], "tos") == 0) {
		ifc->tos = nf < 2 ? 0 : ipifc_atoi(f[1]);
		return NULL;
	}
	if (strcmp(f[0], "ignoreadvice") == 0) {
		ifc->ignoreadvice = 1;
		return NULL;
	}
	/* An ipifc conversation's laddr and raddr are always ::, so the
	 * one-argument forms name the group ::. */
	if (strcmp(f[0], "addmulti") == 0) {
		if (nf < 2)
			return Eaddmultiarg;
		if (nf == 2) {
			if (ip_parse(ia, f[1]) == -1)
				return Ebadip;
			return ipifc_addmulti(st, ifc, ip_noaddr, ia);
		}
		if (ip_parse(ia, f[1]) == -1 || ip_parse(ma, f[2]) == -1)
			return Ebadip;
		return ipifc_addmulti(st, ifc, ma, ia);
	}
	if (strcmp(f[0], "delmulti") == 0 || strcmp(f[0], "remmulti") == 0) {
		if (nf < 2)
			return Edelmultiarg;
		if (ip_parse(ia, f[1]) == -1)
			return Ebadip;
		ipifc_delmulti(st, ifc, ip_noaddr, ia);
		return NULL;
	}
	return ipifc_ctl(st, ifc, nf, f);
}

const char *
ipifc_ctl_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	struct ipifc *ifc;
	struct cmdbuf cb;
	const char *err;

	(void)out;
	if ((ifc = ipifc_conv(s, n)) == NULL)
		return Enonexist;
	if ((err = ctl_parsecmd(&cb, msg, len)) != NULL)
		return err;
	err = ipifc_write1(s->st, ifc, cb.nf, cb.f);
	ctl_freecmd(&cb);
	return err;
}

/* %-wI: an address padded to w columns (and cut to w when trunc). */
static void
ipifc_putip(struct ctl_out *out, const char *pre, const uint8_t *ip, int w,
    int trunc)
{
	char buf[IPSTRLEN];

	ip_fmt(buf, sizeof(buf), ip);
	if (trunc)
		ctl_printf(out, "%s%-*.*s", pre, w, w, buf);
	else
		ctl_printf(out, "%s%-*s", pre, w, buf);
}

const char *
ipifc_status_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	struct stack *st = s->st;
	const struct lifc *lifc;
	struct ipifc *ifc;
	uint64_t in, outp;
	char mask[IPSTRLEN];

	if ((ifc = ipifc_conv(s, n)) == NULL)
		return Enonexist;
	in = outp = 0;
	if (st->hooks.ifcstats != NULL)
		st->hooks.ifcstats(st->hooks.arg, n, &in, &outp);
	/* Plan 9 ulong counters are 32 bits. */
	ctl_printf(out, "device %s maxtu %d sendra %d recvra %d mflag %d "
	    "oflag %d maxraint %d minraint %d linkmtu %d reachtime %d "
	    "rxmitra %d ttl %d routerlt %d pktin %u pktout %u errin %u "
	    "errout %u speed %d delay %d\n",
	    ifc->dev, ifc->maxtu, ifc->sendra6, ifc->recvra6, ifc->rp.mflag,
	    ifc->rp.oflag, ifc->rp.maxraint, ifc->rp.minraint,
	    ifc->rp.linkmtu, ifc->rp.reachtime, ifc->rp.rxmitra, ifc->rp.ttl,
	    ifc->rp.routerlt, (uint32_t)in, (uint32_t)outp, 0u, 0u,
	    ifc->speed, ifc->delay);
	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
		ipifc_putip(out, "\t", lifc->local, 40, 0);
		ip_fmtmask(mask, sizeof(mask), lifc->mask);
		ctl_printf(out, " %-10s", mask);
		ipifc_putip(out, " ", lifc->remote, 40, 0);
		ctl_printf(out, " %-12u %-12u\n", lifc->validlt, lifc->preflt);
	}
	if (ifc->lifc == NULL)
		ctl_printf(out, "\n");
	return NULL;
}

const char *
ipifc_local_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	const struct selflink *link;
	const struct lifc *lifc;
	struct ipifc *ifc;

	if ((ifc = ipifc_conv(s, n)) == NULL)
		return Enonexist;
	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
		ipifc_putip(out, "", lifc->local, 40, 1);
		ctl_printf(out, " ->");
		for (link = lifc->link; link != NULL; link = link->lifclink)
			ipifc_putip(out, " ", link->self->a, 40, 1);
		ctl_printf(out, "\n");
	}
	return NULL;
}

const char *
ipifc_remote_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	if (ipifc_conv(s, n) == NULL)
		return Enonexist;
	ctl_printf(out, "::!0\n");
	return NULL;
}

const char *
ipifc_stats_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	struct stack *st = s->st;
	uint64_t sum[IPSTAT_MAX];
	int i;

	(void)n;
	memset(sum, 0, sizeof(sum));
	if (st->hooks.ipstats != NULL)
		st->hooks.ipstats(st->hooks.arg, sum);
	sum[IPSTAT_FORWARDING] = st->forwarding;
	sum[IPSTAT_DEFAULTTTL] = STACK_DEFAULTTTL;
	for (i = 0; i < IPSTAT_MAX; i++)
		ctl_printf(out, "%s: %llu\n", ipstat_names[i],
		    (unsigned long long)sum[i]);
	return NULL;
}
