/* SPDX-License-Identifier: MIT */
/*
 * /net/iproute and /net/ipselftab (ctl/files.h): the route write grammar
 * of 9front's routewrite/parseroute with its exact errors (spec §3.3),
 * the per-session tag, and the read formats of §3.1 and §4. The table
 * itself is stack/route.c. Control thread only; no state of its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

static void
route_ctl_print(void *arg, const struct route *r)
{
	struct ctl_out *out = arg;
	uint8_t addr[16], mask[16], src[16], smask[16], gate[16];
	char a[IPSTRLEN], m[IPSTRLEN], g[IPSTRLEN], s[IPSTRLEN], sm[IPSTRLEN];
	char type[ROUTE_TYPESTRLEN], tag[ROUTE_TAGLEN + 1], ifbuf[4];

	route_fields(r, addr, mask, src, smask, gate);
	ip_fmt(a, sizeof(a), addr);
	ip_fmtmask(m, sizeof(m), mask);
	ip_fmt(g, sizeof(g), gate);
	ip_fmt(s, sizeof(s), src);
	ip_fmtmask(sm, sizeof(sm), smask);
	route_typestr(r->type, type);
	memcpy(tag, r->tag, ROUTE_TAGLEN);
	tag[ROUTE_TAGLEN] = '\0';
	snprintf(ifbuf, sizeof(ifbuf), "%d", r->ifcno);
	ctl_printf(out, "%-15s %-4s %-15s %-4s %4.4s %3s %-15s %-4s\n",
	    a, m, g, type, tag, ifbuf, s, sm);
}

const char *
iproute_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)n;
	route_walk(&s->st->rt, route_ctl_print, out);
	return NULL;
}

/* 9front parseroute: argv as in the table of spec §3.3. */
static const char *
route_ctl_parse(struct stack *st, char **argv, int argc, struct route *r)
{
	uint8_t addr[16], mask[16], src[16], smask[16], gate[16];
	const char *ifcstr, *tag;
	int add, ifcno, t;
	unsigned type;

	type = 0;
	tag = NULL;
	ifcstr = NULL;
	memset(gate, 0, sizeof(gate));
	memset(src, 0, sizeof(src));
	memset(smask, 0, sizeof(smask));
	add = strcmp(argv[0], "add") == 0;
	if (argc < 3)
		return Ebadctl;
	if (ip_parseandmask(addr, mask, argv[1], argv[2]) == -1)
		return Ebadip;
	if (add || (argc > 3 && argc != 5)) {
		if (argc < 4)
			return Ebadctl;
		if (ip_parse(gate, argv[3]) == -1)
			return Ebadip;
	}
	if (argc > 4 && (!add || argc != 5)) {
		if (ip_parseandmask(src, smask, argv[argc - 2],
		    argv[argc - 1]) == -1)
			return Ebadip;
	}
	if (argc == 5 && add)
		ifcstr = argv[4];
	else if (argc > 6)
		ifcstr = argv[argc - 3];
	if (argc > 7) {
		if ((t = route_parsetype(argv[4])) < 0)
			return Ebadctl;
		type = (unsigned)t;
	}
	if (ip_isv4(addr))
		type |= RT_V4;
	if (argc > 8)
		tag = argv[5];
	if (argc > 9)
		return Ebadctl;
	if (type & RT_V4) {
		if (memcmp(smask, ip_noaddr, 16) != 0 && !ip_isv4(src))
			return Ebadip;
		if (memcmp(gate, ip_noaddr, 16) != 0 && !ip_isv4(gate))
			return Ebadip;
	} else if (ip_isv4(addr)) {
		return Ebadip;
	}
	if (ifcstr != NULL && strcmp(ifcstr, "-") != 0)
		ifcno = ipifc_findstr(st, ifcstr);
	else
		ifcno = ipifc_find(st, src, gate, type);
	if (ifcno < 0)
		return Eifcnotfound;
	route_mk(r, addr, mask, src, smask, gate, type, ifcno,
	    st->ifc[ifcno].ifcid, tag);
	return NULL;
}

const char *
iproute_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	struct stack *st = s->st;
	struct cmdbuf cb;
	struct route r;
	const char *err;
	size_t k;

	(void)n;
	(void)out;
	if ((err = ctl_parsecmd(&cb, msg, len)) != NULL)
		return err;
	if (cb.nf < 1) {
		err = Eshortctl;
	} else if (strcmp(cb.f[0], "flush") == 0) {
		route_flush_tag(&st->rt, cb.nf < 2 ? NULL : cb.f[1]);
	} else if (strcmp(cb.f[0], "add") == 0 ||
	    strcmp(cb.f[0], "del") == 0 || strcmp(cb.f[0], "remove") == 0) {
		if ((err = route_ctl_parse(st, cb.f, cb.nf, &r)) == NULL) {
			if (r.tag[0] == '\0')
				memcpy(r.tag, s->routetag, ROUTE_TAGLEN);
			if (strcmp(cb.f[0], "add") == 0) {
				if (route_add(&st->rt, &r) < 0)
					err = Enomem;
			} else {
				route_del(&st->rt, &r);
			}
		}
	} else if (strcmp(cb.f[0], "tag") == 0) {
		if (cb.nf < 2) {
			err = Ebadarg;
		} else {
			/* devip newipaux: 4 bytes, padded with spaces. */
			memset(s->routetag, ' ', ROUTE_TAGLEN);
			k = strlen(cb.f[1]);
			memcpy(s->routetag, cb.f[1],
			    k < ROUTE_TAGLEN ? k : ROUTE_TAGLEN);
			s->routetag[ROUTE_TAGLEN] = '\0';
		}
	} else {
		err = Ebadctl;
	}
	ctl_freecmd(&cb);
	return err;
}

static void
selftab_ctl_print(void *arg, const struct selfent *e)
{
	struct ctl_out *out = arg;
	char a[IPSTRLEN], type[ROUTE_TYPESTRLEN];

	ip_fmt(a, sizeof(a), e->a);
	route_typestr(e->type, type);
	ctl_printf(out, "%-44.44s %2.2d %4.4s\n", a, selftab_nlinks(e), type);
}

const char *
ipselftab_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)n;
	selftab_walk(&s->st->self, selftab_ctl_print, out);
	return NULL;
}

/* icmp/stats: the workers' counters, formatted by the data plane. */
const char *
icmp_stats_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	const struct stack_hooks *h = &s->st->hooks;
	char buf[4096];
	size_t len;

	(void)n;
	if (h->icmpstats == NULL)
		return NULL;
	len = h->icmpstats(h->arg, buf, sizeof(buf));
	ctl_put(out, buf, len < sizeof(buf) ? len : sizeof(buf));
	return NULL;
}
