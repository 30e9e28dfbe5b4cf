/* SPDX-License-Identifier: MIT */
/*
 * /net/arp (ctl/files.h): 9front's arpwrite grammar (256-byte buffer,
 * fields split on spaces only, spec §5.2) and arpread format (§5.1) over
 * the control thread's merged view (stack/arptab.h). Edits are applied to
 * the view and handed to the data plane through the arp_edit and garp
 * hooks. Control thread only; no state of its own.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

enum {
	ARP_BUFLEN = 256,
	ARP_MAXFIELDS = 5,
	ARP_MACLEN = 8,		/* longest MAC the parser takes */
};

static const char *const arp_statename[] = { "UNUSED", "OK", "WAIT" };

const char *
arp_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	struct stack *st = s->st;
	const struct arpent *a;
	const struct ipifc *ifc;
	uint8_t ia[16];
	char ip[IPSTRLEN], ias[IPSTRLEN], mac[2 * ARP_MACLEN + 1];
	int i, k;

	(void)n;
	for (i = 0; i < ARPT_NCACHE; i++) {
		a = &st->arp.cache[i];
		if (a->state == ARP_UNUSED || a->ifcno < 0 ||
		    a->ifcno >= STACK_MAXIFC)
			continue;
		ifc = &st->ifc[a->ifcno];
		if (ifc->m == NULL || a->ifcid != ifc->ifcid ||
		    !ipifc_v6local(st, ifc, ia, 0, a->ip))
			continue;
		for (k = 0; k < ifc->m->maclen && k < 6; k++)
			snprintf(mac + 2 * k, 3, "%2.2x", a->mac[k]);
		mac[2 * k] = '\0';
		ip_fmt(ip, sizeof(ip), a->ip);
		ip_fmt(ias, sizeof(ias), ia);
		ctl_printf(out, "%-6.6s %-4.4s %-40.40s %-16.16s %s\n",
		    ifc->m->name, arp_statename[a->state], ip, mac, ias);
	}
	return NULL;
}

/* Plan 9 getfields(buf, f, max, 1, " "): runs of spaces separate fields;
 * after max fields the last one keeps the rest of the text. */
static int
arp_getfields(char *p, char **f, int max)
{
	int n, intok;

	n = 0;
	f[0] = p;
	intok = 0;
	for (; *p != '\0'; p++) {
		if (*p == ' ') {
			if (n >= max)
				break;
			*p = '\0';
			intok = 0;
			f[n] = p + 1;
		} else {
			if (!intok)
				n++;
			intok = 1;
		}
	}
	return n;
}

/* 9front arpenter for a ctl add: the entry goes in when a route to ip
 * through ifc exists and is neither broadcast nor multicast. */
static int
arp_enter(struct stack *st, const uint8_t ip[16], const uint8_t *mac,
    int maclen, const uint8_t ia[16], struct ipifc *ifc)
{
	const struct route *r;
	struct arpent *e;

	if (ifc->m == NULL || ifc->m->maclen == 0 || maclen < ifc->m->maclen)
		return -1;
	r = route_lookup(&st->rt, ip, ia);
	if (r == NULL || r->ifcno != ifc->no ||
	    (r->type & (RT_BCAST | RT_MULTI)) != 0)
		return -1;
	if ((e = arptab_lookup(&st->arp, ifc->no, ifc->ifcid, ip)) == NULL)
		e = arptab_new(&st->arp, ifc->no, ifc->ifcid, ip);
	arptab_resolve(&st->arp, e, mac, stack_now_ms(st));
	if (st->hooks.arp_edit != NULL)
		st->hooks.arp_edit(st->hooks.arg, 'a', ifc->no, ip, mac);
	return 0;
}

static const char *
arp_add(struct stack *st, char **f, int n)
{
	const struct ipifc_medium *m;
	uint8_t ip[16], ia[16], mac[ARP_MACLEN];
	struct ipifc *ifc;
	int k, maclen;

	switch (n) {
	case 3:
		if (ip_parse(ip, f[1]) == -1)
			return Ebadip;
		if ((maclen = ip_parsemac(mac, f[2], ARP_MACLEN)) <= 0)
			return Ebadarp;
		ipifc_findlocalip(st, ia, ip);
		break;
	case 4:
	case 5:
		m = ipifc_findmedium(f[1]);
		if (m == NULL || m->maclen == 0)
			return Ebadarp;
		if (ip_parse(ip, f[2]) == -1)
			return Ebadip;
		if ((maclen = ip_parsemac(mac, f[3], ARP_MACLEN)) !=
		    m->maclen)
			return Ebadarp;
		if (n == 4)
			ipifc_findlocalip(st, ia, ip);
		else if (ip_parse(ia, f[4]) == -1)
			return Ebadip;
		break;
	default:
		return Ebadarg;
	}
	if ((k = ipifc_find(st, ia, ia, RT_UNI)) < 0)
		return Enoifc;
	ifc = &st->ifc[k];
	if (!ipifc_v6local(st, ifc, ia, 0, ip) ||
	    arp_enter(st, ip, mac, maclen, ia, ifc) < 0)
		return Eunreach;
	return NULL;
}

const char *
arp_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	struct stack *st = s->st;
	char buf[ARP_BUFLEN], *f[ARP_MAXFIELDS];
	uint8_t ip[16];
	struct ipifc *ifc;
	int nf, k;

	(void)n;
	(void)out;
	if (len == 0)
		return Ebadarp;
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, msg, len);
	buf[len] = '\0';
	/* strncpy stops at a NUL byte, as 9front's copy does. */
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	nf = arp_getfields(buf, f, ARP_MAXFIELDS);
	if (strcmp(f[0], "flush") == 0) {
		arptab_flush(&st->arp);
		if (st->hooks.arp_edit != NULL)
			st->hooks.arp_edit(st->hooks.arg, 'f', -1, NULL, NULL);
		return NULL;
	}
	if (strcmp(f[0], "add") == 0)
		return arp_add(st, f, nf);
	if (strcmp(f[0], "del") == 0) {
		if (nf != 2)
			return Ebadarg;
		if (ip_parse(ip, f[1]) == -1)
			return Ebadip;
		arptab_delip(&st->arp, ip);
		if (st->hooks.arp_edit != NULL)
			st->hooks.arp_edit(st->hooks.arg, 'd', -1, ip, NULL);
		return NULL;
	}
	if (strcmp(f[0], "garp") == 0) {
		if (nf != 2)
			return Ebadarg;
		if (ip_parse(ip, f[1]) == -1)
			return Ebadip;
		if ((k = ipifc_find(st, ip, ip, RT_UNI)) < 0)
			return Enoifc;
		ifc = &st->ifc[k];
		/* Ethernet announces its own addresses only (areg); IPv6
		 * announcements have no hook. */
		if (ifc->m != NULL && ifc->m->kind == IPIFC_ETHER &&
		    ipifc_localonifc(ifc, ip) != NULL && ip_isv4(ip) &&
		    memcmp(ip, ip_v4noaddr, 16) != 0 &&
		    st->hooks.garp != NULL)
			st->hooks.garp(st->hooks.arg, k, ip);
		return NULL;
	}
	return Ebadarp;
}
