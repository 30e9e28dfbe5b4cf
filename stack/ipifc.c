/* SPDX-License-Identifier: MIT */
/*
 * Interfaces of the control-plane model (stack/ipifc.h): bind and unbind,
 * adding and removing addresses with their interface routes, self-table
 * entries and proxy registrations, the per-ifc parameters, multicast
 * memberships, and the interface and source-address searches the route
 * and arp files need. Every step follows 9front's ipifc.c so that the
 * route table and self table end up exactly as 9front's would.
 *
 * Control thread only. Owns the lifcs, self links and memberships it
 * allocates. A malloc failure in the middle of an add leaves the routes
 * made so far (the ctl write reports "kernel allocate failed" when the
 * lifc itself cannot be allocated).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/errstr.h"
#include "stack/frag.h"
#include "stack/stack.h"
#include "stack/wire/ipaddr.h"

/*
 * Not 9front (which accepts any mtu in the medium's range): an interface
 * whose MTU leaves less than 68 bytes of IP (RFC 791 §3.1) cannot carry
 * IPv4, the seed's `MTU_too_small.
 */
static const char Emtuip4[] =
    "mtu too small for ipv4: less than 68 bytes of ip";

static const char ipifc_tifc[] = "ifc ";

static const uint8_t v6loopback[16] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};
static const uint8_t v6allnodesN[16] = {
	0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};
static const uint8_t v6allnodesL[16] = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
};
static const uint8_t v6mask16[16] = {
	0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* 9front's media; ether and gbe bind a port, loopback binds nothing.
 * pkt, netdev and null are listed (for arp's medium check) but refused. */
static const struct ipifc_medium ipifc_media[] = {
	{ "ether", IPIFC_ETHER, 14, 60, 1514, 6 },
	{ "gbe", IPIFC_ETHER, 14, 60, 9014, 6 },
	{ "loopback", IPIFC_LOOPBACK, 0, 0, 65536, 0 },
	{ "pkt", IPIFC_LOOPBACK, 0, 0, 4096, 0 },
	{ "netdev", IPIFC_LOOPBACK, 0, 0, 64000, 0 },
	{ "null", IPIFC_LOOPBACK, 0, 0, 65536, 0 },
};

#define IPIFC_NMEDIA (sizeof(ipifc_media) / sizeof(ipifc_media[0]))

/* The stack defaults copied into an ifc at bind (spec §2.6). */
static const struct ipifc_rp ipifc_defrp = {
	.mflag = 0, .oflag = 0, .maxraint = 600000, .minraint = 200000,
	.linkmtu = 0, .reachtime = 0, .rxmitra = 0, .ttl = 255,
	.routerlt = 1800,
};

const struct ipifc_medium *
ipifc_findmedium(const char *name)
{
	size_t i;

	for (i = 0; i < IPIFC_NMEDIA; i++)
		if (strcmp(ipifc_media[i].name, name) == 0)
			return &ipifc_media[i];
	return NULL;
}

static int
ipifc_bindable(const struct ipifc_medium *m)
{
	return m == &ipifc_media[0] || m == &ipifc_media[1] ||
	    m == &ipifc_media[2];
}

/* Plan 9 atoi: strtol base 10 on a 32-bit long (clamped). */
static int
ipifc_atoi(const char *s)
{
	long long v;

	v = strtoll(s, NULL, 10);
	if (v > INT32_MAX)
		return INT32_MAX;
	if (v < INT32_MIN)
		return INT32_MIN;
	return (int)v;
}

/* Plan 9 strtoul on a 32-bit ulong: overflow gives ~0, a minus sign
 * negates modulo 2^32. */
static uint32_t
ipifc_strtoul(const char *s, int base)
{
	unsigned long long v;
	const char *p;
	char *end;
	int neg;

	p = s;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p == '-' || *p == '+')
		return 0;
	errno = 0;
	v = strtoull(p, &end, base);
	if (end == p)
		return 0;
	if (errno == ERANGE || v > UINT32_MAX)
		return UINT32_MAX;
	return neg ? 0u - (uint32_t)v : (uint32_t)v;
}

static int
ipifc_ipcmp(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, IPADDRLEN);
}

static int
ipifc_islinklocal(const uint8_t a[16])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

int
ipifc_v6addrtype(const uint8_t a[16])
{
	if (ip_isv4(a) || ipifc_ipcmp(a, ip_noaddr) == 0)
		return 0;
	if (ipifc_islinklocal(a) || ipifc_ipcmp(a, v6loopback) == 0 ||
	    (a[0] == 0xff && (a[1] & 0xf) <= 2))
		return 2;
	if ((a[0] & 0xfe) == 0xfc)
		return 3;
	return 4;
}

/* The solicited-node group of ip: ff02::1:ffXX:XXXX. */
static void
ipifc_v62smcast(uint8_t a[16], const uint8_t ip[16])
{
	memset(a, 0, 16);
	a[0] = 0xff;
	a[1] = 0x02;
	a[11] = 0x01;
	a[12] = 0xff;
	memcpy(a + 13, ip + 13, 3);
}

/* Leading bits a and b share over n bytes (9front comprefixlen). */
static int
ipifc_comprefix(const uint8_t *a, const uint8_t *b, int n)
{
	int i, c;

	for (i = 0; i < n; i++) {
		if ((c = a[i] ^ b[i]) == 0)
			continue;
		for (i <<= 3; (c & 0x80) == 0; i++)
			c <<= 1;
		return i;
	}
	return i << 3;
}

static uint32_t
ipifc_nowsec(const struct stack *st)
{
	return (uint32_t)(stack_now_ms(st) / 1000);
}

static void
ipifc_addroute(struct stack *st, const uint8_t *a, const uint8_t *mask,
    const uint8_t *s, const uint8_t *smask, const uint8_t *gate,
    unsigned type, const struct ipifc *ifc, const char *tag)
{
	struct route r;

	route_mk(&r, a, mask, s, smask, gate, type, ifc->no, ifc->ifcid, tag);
	(void)route_add(&st->rt, &r);
}

static void
ipifc_delroute(struct stack *st, const uint8_t *a, const uint8_t *mask,
    const uint8_t *s, const uint8_t *smask, const uint8_t *gate,
    unsigned type, const struct ipifc *ifc, const char *tag)
{
	struct route r;

	route_mk(&r, a, mask, s, smask, gate, type, ifc->no, ifc->ifcid, tag);
	route_del(&st->rt, &r);
}

/* The source mask of a self route: /128 for broadcast, multicast and
 * link-local entries, any otherwise. */
static const uint8_t *
ipifc_selfsmask(const uint8_t a[16], unsigned type)
{
	if ((type & (RT_BCAST | RT_MULTI)) != 0 || ipifc_v6addrtype(a) == 2)
		return ip_allones;
	return ip_noaddr;
}

static int
ipifc_isnull(const uint8_t a[16])
{
	return ipifc_ipcmp(a, ip_v4noaddr) == 0 ||
	    ipifc_ipcmp(a, ip_noaddr) == 0;
}

/* Link a to lifc in the self table (9front addselfcache). */
static void
ipifc_addself(struct stack *st, struct ipifc *ifc, struct lifc *lifc,
    const uint8_t a[16], unsigned type)
{
	struct selflink *lp;
	struct selfent *p;

	if (type == RT_UNI)
		type |= lifc->type & RT_PROXY;
	type |= lifc->type & RT_V4;
	if ((p = selftab_find(&st->self, a)) == NULL) {
		if ((p = selftab_insert(&st->self, a, type)) == NULL)
			return;
		if (ipifc_isnull(a))
			st->self.acceptall = 1;
	}
	for (lp = p->link; lp != NULL; lp = lp->selflink)
		if (lp->lifc == lifc)
			break;
	if (lp != NULL) {
		lp->ref++;
		return;
	}
	if ((lp = calloc(1, sizeof(*lp))) == NULL) {
		if (p->link == NULL) {
			if (ipifc_isnull(a))
				st->self.acceptall = 0;
			selftab_remove(&st->self, p);
		}
		return;
	}
	lp->ref = 1;
	lp->lifc = lifc;
	lp->self = p;
	lp->selflink = p->link;
	p->link = lp;
	lp->lifclink = lifc->link;
	lifc->link = lp;
	ipifc_addroute(st, a, ip_allones, lifc->local, ipifc_selfsmask(a, type),
	    a, type, ifc, ipifc_tifc);
}

/* Drop one reference of lifc to a (9front delselfcache). Returns 0 when
 * lifc has no link to a. */
static int
ipifc_delself(struct stack *st, struct ipifc *ifc, struct lifc *lifc,
    const uint8_t a[16])
{
	struct selflink *link, **l_self, **l_lifc;
	struct selfent *p;

	if ((p = selftab_find(&st->self, a)) == NULL)
		return 0;
	for (l_lifc = &lifc->link; (link = *l_lifc) != NULL;
	    l_lifc = &link->lifclink)
		if (link->self == p)
			break;
	if (link == NULL)
		return 0;
	for (l_self = &p->link; *l_self != NULL; l_self = &(*l_self)->selflink)
		if (*l_self == link)
			break;
	if (*l_self == NULL)
		return 0;
	if (--link->ref != 0)
		return 1;
	*l_lifc = link->lifclink;
	*l_self = link->selflink;
	free(link);
	ipifc_delroute(st, a, ip_allones, lifc->local,
	    ipifc_selfsmask(a, p->type), a, p->type, ifc, ipifc_tifc);
	if (p->link != NULL)
		return 1;
	if (ipifc_isnull(a))
		st->self.acceptall = 0;
	selftab_remove(&st->self, p);
	return 1;
}

/* Announce ip on ifc (9front ipifcregisteraddr, ether areg): a
 * gratuitous ARP for IPv4. IPv6 announcements (unsolicited NA, DAD) are
 * the data plane's business and have no hook. */
static void
ipifc_registeraddr(struct stack *st, struct ipifc *ifc, const uint8_t ip[16])
{
	if (ifc->m == NULL || ifc->m->kind != IPIFC_ETHER)
		return;
	if (ipifc_isnull(ip) || !ip_isv4(ip))
		return;
	if (st->hooks.garp != NULL)
		st->hooks.garp(st->hooks.arg, ifc->no, ip);
}

/* The lifc of ifc whose subnet holds ip (9front ipremoteonifc). */
static struct lifc *
ipifc_remoteonifc(const struct ipifc *ifc, const uint8_t ip[16])
{
	uint8_t net[16];
	struct lifc *lifc;

	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
		ip_and(net, ip, lifc->mask);
		if (ipifc_ipcmp(net, lifc->remote) == 0)
			return lifc;
	}
	return NULL;
}

/* Register (or drop) ip for proxy ARP on every other interface whose
 * subnet holds it (9front ipifcregisterproxy). */
static void
ipifc_registerproxy(struct stack *st, struct ipifc *ifc, const uint8_t ip[16],
    int add)
{
	struct ipifc *nifc;
	struct lifc *lifc;
	uint8_t a[16];
	int i;

	for (i = 0; i < st->nconv; i++) {
		nifc = &st->ifc[i];
		if (nifc == ifc || nifc->m == NULL)
			continue;
		if ((lifc = ipifc_remoteonifc(nifc, ip)) == NULL ||
		    (lifc->type & RT_PTPT) != 0)
			continue;
		if ((lifc->type & RT_V4) == 0) {
			ipifc_v62smcast(a, ip);
			if (add)
				ipifc_addself(st, nifc, lifc, a, RT_MULTI);
			else
				ipifc_delself(st, nifc, lifc, a);
		}
		if (add)
			ipifc_registeraddr(st, nifc, ip);
	}
}

struct lifc *
ipifc_localonifc(const struct ipifc *ifc, const uint8_t ip[16])
{
	struct lifc *lifc;

	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next)
		if (ipifc_ipcmp(ip, lifc->local) == 0)
			return lifc;
	return NULL;
}

static struct lifc *
ipifc_linklocalifc(const struct ipifc *ifc)
{
	struct lifc *lifc;

	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next)
		if (ipifc_islinklocal(lifc->local))
			return lifc;
	return NULL;
}

const char *
ipifc_bind(struct stack *st, struct ipifc *ifc, int argc, char **argv)
{
	const struct ipifc_medium *m;
	const struct stack_port *port;
	int i, pidx;

	if (argc < 2)
		return Ebadarg;
	if ((m = ipifc_findmedium(argv[1])) == NULL || !ipifc_bindable(m))
		return Eunkmedium;
	if (ifc->m != NULL)
		return Ebound;
	/* As in 9front, the name and parameters are set before the medium
	 * bind runs, and stay when it fails. */
	if (argc > 2)
		snprintf(ifc->dev, sizeof(ifc->dev), "%s", argv[2]);
	else
		snprintf(ifc->dev, sizeof(ifc->dev), "%s%d", m->name, ifc->no);
	ifc->maxtu = m->maxtu;
	ifc->mtumax = m->maxtu;
	ifc->delay = 40;
	ifc->speed = 0;
	ifc->rp = ipifc_defrp;
	port = NULL;
	pidx = -1;
	if (m->kind == IPIFC_ETHER) {
		/* 9front dereferences argv[2] here; we refuse instead. */
		if (argc < 3)
			return Ebadarg;
		if ((port = stack_find_port(st, argv[2], &pidx)) == NULL)
			return Enonexist;
		for (i = 0; i < st->nconv; i++)
			if (st->ifc[i].m != NULL && st->ifc[i].port == pidx)
				return Eportbound;
		ifc->maxtu = (int)port->maxtu;
		ifc->mtumax = (int)port->maxtu;
		memcpy(ifc->mac, port->mac, 6);
	} else {
		memset(ifc->mac, 0, 6);
	}
	ifc->port = pidx;
	ifc->m = m;
	route_flush_ifc(&st->rt, ifc->no);
	ifc->ifcid++;
	stack_changed(st);
	return NULL;
}

/* Remove *l from its list with everything it brought (9front
 * ipifcdellifc). */
static void
ipifc_dellifc(struct stack *st, struct ipifc *ifc, struct lifc **l)
{
	struct lifc *lifc = *l;

	*l = lifc->next;
	while (lifc->link != NULL)
		if (!ipifc_delself(st, ifc, lifc, lifc->link->self->a))
			break;	/* cannot happen: the link is ours */
	if (lifc->onlink) {
		ipifc_delroute(st, lifc->remote, lifc->mask, lifc->local,
		    ip_allones, lifc->remote, lifc->type & ~(unsigned)RT_TRANS,
		    ifc, ipifc_tifc);
		if (ipifc_v6addrtype(lifc->local) != 2)
			ipifc_delroute(st, lifc->remote, lifc->mask,
			    lifc->local, ip_noaddr, lifc->remote, lifc->type,
			    ifc, ipifc_tifc);
	}
	if (lifc->type & RT_PTPT) {
		if (lifc->type & RT_PROXY)
			ipifc_registerproxy(st, ifc, lifc->remote, 0);
		goto done;
	}
	if (lifc->type & RT_PROXY)
		ipifc_registerproxy(st, ifc, lifc->local, 0);
	if ((lifc->type & RT_V4) == 0) {
		if (ipifc_ipcmp(lifc->local, v6loopback) == 0)
			ipifc_delroute(st, v6allnodesN, v6mask16, lifc->local,
			    ip_allones, v6allnodesN, RT_MULTI, ifc, ipifc_tifc);
		ipifc_delroute(st, v6allnodesL, v6mask16, lifc->local,
		    ip_allones, v6allnodesL, RT_MULTI, ifc, ipifc_tifc);
	}
done:
	while (lifc->link != NULL) {
		/* Only reached after an inconsistency; do not leak. */
		struct selflink *x = lifc->link;

		lifc->link = x->lifclink;
		free(x);
	}
	free(lifc);
	stack_changed(st);
}

const char *
ipifc_unbind(struct stack *st, struct ipifc *ifc)
{
	if (ifc->m == NULL)
		return Eunbound;
	while (ifc->lifc != NULL)
		ipifc_dellifc(st, ifc, &ifc->lifc);
	memset(ifc->dev, 0, sizeof(ifc->dev));
	ifc->reflect = 0;
	ifc->reassemble = 0;
	ifc->promisc = 0;
	route_flush_ifc(&st->rt, ifc->no);
	ifc->ifcid++;
	ifc->m = NULL;
	ifc->port = -1;
	stack_changed(st);
	ipifc_closed(st, ifc);
	return NULL;
}

static const char *
ipifc_setmtu(struct ipifc *ifc, int mtu)
{
	if (mtu < ifc->m->mintu || mtu > ifc->mtumax)
		return Ebadarg;
	/* Above 65535 (loopback's 65536) only the upper bound is moot. */
	if (!ip4_mtu_ok(mtu - ifc->m->hsize > IP4_MTU_MAX ? IP4_MTU_MAX :
	    (uint32_t)(mtu - ifc->m->hsize)))
		return Emtuip4;
	ifc->maxtu = mtu;
	return NULL;
}

const char *
ipifc_add(struct stack *st, struct ipifc *ifc, int argc, char **argv,
    int tentative, const struct lifc *lifcp)
{
	uint8_t ip[16], mask[16], rem[16], bcast[16], net[16];
	struct lifc *lifc, **l;
	unsigned type;
	int i, mtu;

	mtu = 0;
	type = RT_IFC;
	memset(ip, 0, sizeof(ip));
	memset(mask, 0, sizeof(mask));
	memset(rem, 0, sizeof(rem));
	switch (argc) {
	case 6:
		if (strstr(argv[5], "proxy") != NULL)
			type |= RT_PROXY;
		if (strstr(argv[5], "trans") != NULL)
			type |= RT_TRANS;
		/* FALLTHROUGH */
	case 5:
		mtu = (int)ipifc_strtoul(argv[4], 0);
		/* FALLTHROUGH */
	case 4:
		if (ip_parseandmask(ip, mask, argv[1], argv[2]) == -1 ||
		    ip_parse(rem, argv[3]) == -1)
			return Ebadip;
		ip_and(net, rem, mask);
		break;
	case 3:
		if (ip_parseandmask(ip, mask, argv[1], argv[2]) == -1)
			return Ebadip;
		ip_and(rem, ip, mask);
		ip_and(net, rem, mask);
		break;
	case 2:
		if (ip_parse(ip, argv[1]) == -1)
			return Ebadip;
		ip_defmask(mask, ip);
		ip_and(rem, ip, mask);
		ip_and(net, rem, mask);
		break;
	default:
		return Ebadarg;
	}
	if (ipifc_ipcmp(ip, v6loopback) != 0 &&
	    ipifc_ipcmp(mask, ip_allones) == 0)
		type |= RT_PTPT;
	if (ip_isv4(ip) || ipifc_ipcmp(ip, ip_noaddr) == 0) {
		type |= RT_V4;
		tentative = 0;
	}
	if (ifc->m == NULL)
		return Eunbound;
	/* 9front ignores an mtu out of the medium's range; one in range
	 * that cannot carry IPv4 refuses the add. */
	if (mtu > 0 && ipifc_setmtu(ifc, mtu) == Emtuip4)
		return Emtuip4;

	/* Already ours: only the tentative flag (and add6 data) change. */
	if ((lifc = ipifc_localonifc(ifc, ip)) != NULL) {
		if (lifcp != NULL) {
			if (!lifc->onlink && lifcp->onlink) {
				lifc->onlink = 1;
				ipifc_addroute(st, lifc->remote, lifc->mask, ip,
				    ip_allones, lifc->remote,
				    lifc->type & ~(unsigned)RT_TRANS, ifc,
				    ipifc_tifc);
				if (ipifc_v6addrtype(ip) != 2)
					ipifc_addroute(st, lifc->remote,
					    lifc->mask, ip, ip_noaddr,
					    lifc->remote, lifc->type, ifc,
					    ipifc_tifc);
			}
			lifc->autoflag = lifcp->autoflag;
			lifc->validlt = lifcp->validlt;
			lifc->preflt = lifcp->preflt;
			lifc->origint = lifcp->origint;
		}
		stack_changed(st);
		if (lifc->tentative != tentative) {
			lifc->tentative = tentative;
			goto done;
		}
		return NULL;
	}

	if ((lifc = calloc(1, sizeof(*lifc))) == NULL)
		return Enomem;
	memcpy(lifc->local, ip, 16);
	memcpy(lifc->mask, mask, 16);
	memcpy(lifc->remote, rem, 16);
	memcpy(lifc->net, net, 16);
	lifc->type = type;
	lifc->tentative = tentative;
	if (lifcp != NULL) {
		lifc->onlink = lifcp->onlink;
		lifc->autoflag = lifcp->autoflag;
		lifc->validlt = lifcp->validlt;
		lifc->preflt = lifcp->preflt;
		lifc->origint = lifcp->origint;
	} else {
		lifc->onlink = lifc->autoflag = 1;
		lifc->validlt = lifc->preflt = UINT32_MAX;
		lifc->origint = ipifc_nowsec(st);
	}
	for (l = &ifc->lifc; *l != NULL; l = &(*l)->next)
		;
	*l = lifc;
	stack_changed(st);

	if (lifc->onlink) {
		ipifc_addroute(st, rem, mask, ip, ip_allones, rem,
		    type & ~(unsigned)RT_TRANS, ifc, ipifc_tifc);
		if (ipifc_v6addrtype(ip) != 2)
			ipifc_addroute(st, rem, mask, ip, ip_noaddr, rem, type,
			    ifc, ipifc_tifc);
	}
	ipifc_addself(st, ifc, lifc, ip, RT_UNI);
	if (type & RT_PTPT) {
		if (type & RT_PROXY)
			ipifc_registerproxy(st, ifc, rem, 1);
		goto done;
	}
	if (type & RT_PROXY)
		ipifc_registerproxy(st, ifc, ip, 1);
	if (type & RT_V4) {
		/* Subnet broadcast, subnet network address, 255.255.255.255
		 * and the all-systems group. */
		for (i = 0; i < 16; i++)
			bcast[i] = (ip[i] & mask[i]) | (uint8_t)~mask[i];
		ipifc_addself(st, ifc, lifc, bcast, RT_BCAST);
		for (i = 0; i < 16; i++)
			bcast[i] = ip[i] & mask[i];
		ipifc_addself(st, ifc, lifc, bcast, RT_BCAST);
		ipifc_addself(st, ifc, lifc, ip_v4bcast, RT_BCAST);
		ipifc_addself(st, ifc, lifc, ip_v4allsys, RT_MULTI);
	} else {
		if (ipifc_ipcmp(ip, v6loopback) == 0) {
			ipifc_addself(st, ifc, lifc, v6allnodesN, RT_MULTI);
			ipifc_addroute(st, v6allnodesN, v6mask16, ip,
			    ip_allones, v6allnodesN, RT_MULTI, ifc,
			    ipifc_tifc);
		}
		ipifc_addself(st, ifc, lifc, v6allnodesL, RT_MULTI);
		ipifc_addroute(st, v6allnodesL, v6mask16, ip, ip_allones,
		    v6allnodesL, RT_MULTI, ifc, ipifc_tifc);
		ipifc_v62smcast(bcast, ip);
		ipifc_addself(st, ifc, lifc, bcast, RT_MULTI);
	}
done:
	ipifc_registeraddr(st, ifc, ip);
	return NULL;
}

const char *
ipifc_del(struct stack *st, struct ipifc *ifc, int argc, char **argv)
{
	uint8_t ip[16], mask[16], rem[16];
	struct lifc *lifc, **l;

	if (argc < 3)
		return Ebadarg;
	if (ip_parseandmask(ip, mask, argv[1], argv[2]) == -1)
		return Ebadip;
	if (argc < 4)
		ip_and(rem, ip, mask);
	else if (ip_parse(rem, argv[3]) == -1)
		return Ebadip;
	for (l = &ifc->lifc; (lifc = *l) != NULL; l = &lifc->next)
		if (ipifc_ipcmp(ip, lifc->local) == 0 &&
		    ipifc_ipcmp(mask, lifc->mask) == 0 &&
		    ipifc_ipcmp(rem, lifc->remote) == 0)
			break;
	if (lifc == NULL)
		return Enotonifc;
	ipifc_dellifc(st, ifc, l);
	return NULL;
}

const char *
ipifc_connect(struct stack *st, struct ipifc *ifc, int argc, char **argv)
{
	while (ifc->lifc != NULL)
		ipifc_dellifc(st, ifc, &ifc->lifc);
	/* 9front binds pkt here when unbound; pkt is refused, so an unbound
	 * ifc fails in add with "interface not bound". */
	return ipifc_add(st, ifc, argc, argv, 0, NULL);
}

const char *
ipifc_ra6(struct ipifc *ifc, int argc, char **argv)
{
	struct ipifc_rp rp;
	int i, left, sendra, recvra, v;

	left = argc - 1;
	if (left % 2 != 0)
		return Ebadarg;
	sendra = ifc->sendra6;
	recvra = ifc->recvra6;
	rp = ifc->rp;
	for (i = 1; left > 1; i += 2, left -= 2) {
		v = ipifc_atoi(argv[i + 1]);
		if (strcmp(argv[i], "recvra") == 0)
			recvra = v != 0;
		else if (strcmp(argv[i], "sendra") == 0)
			sendra = v != 0;
		else if (strcmp(argv[i], "mflag") == 0)
			rp.mflag = v != 0;
		else if (strcmp(argv[i], "oflag") == 0)
			rp.oflag = v != 0;
		else if (strcmp(argv[i], "maxraint") == 0)
			rp.maxraint = v;
		else if (strcmp(argv[i], "minraint") == 0)
			rp.minraint = v;
		else if (strcmp(argv[i], "linkmtu") == 0)
			rp.linkmtu = v;
		else if (strcmp(argv[i], "reachtime") == 0)
			rp.reachtime = v;
		else if (strcmp(argv[i], "rxmitra") == 0)
			rp.rxmitra = v;
		else if (strcmp(argv[i], "ttl") == 0)
			rp.ttl = v;
		else if (strcmp(argv[i], "routerlt") == 0)
			rp.routerlt = v;
		else
			return Ebadarg;
	}
	if (rp.maxraint < rp.minraint)
		return Ebadarg;
	ifc->rp = rp;
	ifc->sendra6 = sendra;
	ifc->recvra6 = recvra;
	return NULL;
}

const char *
ipifc_add6(struct stack *st, struct ipifc *ifc, int argc, char **argv)
{
	char addr[IPSTRLEN], preflen[16];
	char *params[3];
	uint8_t prefix[16];
	struct lifc lifc, *ll;
	int plen;

	plen = 64;
	memset(&lifc, 0, sizeof(lifc));
	lifc.onlink = 1;
	lifc.autoflag = 1;
	lifc.validlt = lifc.preflt = UINT32_MAX;
	lifc.origint = ipifc_nowsec(st);
	switch (argc) {
	case 7:
		lifc.preflt = ipifc_strtoul(argv[6], 10);
		/* FALLTHROUGH */
	case 6:
		lifc.validlt = ipifc_strtoul(argv[5], 10);
		/* FALLTHROUGH */
	case 5:
		lifc.autoflag = ipifc_atoi(argv[4]) != 0;
		/* FALLTHROUGH */
	case 4:
		lifc.onlink = ipifc_atoi(argv[3]) != 0;
		/* FALLTHROUGH */
	case 3:
		plen = ipifc_atoi(argv[2]);
		/* FALLTHROUGH */
	case 2:
		break;
	default:
		return Ebadarg;
	}
	if (ip_parse(prefix, argv[1]) != 6 || lifc.validlt < lifc.preflt ||
	    plen < 0 || plen > 64 || ipifc_islinklocal(prefix))
		return Ebadarg;
	if (ifc->m == NULL)
		return Eunbound;
	if (ifc->m->maclen > 0) {
		/* EUI-64 interface identifier from the MAC. */
		prefix[8] = ifc->mac[0] ^ 2;
		prefix[9] = ifc->mac[1];
		prefix[10] = ifc->mac[2];
		prefix[11] = 0xff;
		prefix[12] = 0xfe;
		prefix[13] = ifc->mac[3];
		prefix[14] = ifc->mac[4];
		prefix[15] = ifc->mac[5];
	} else {
		if ((ll = ipifc_linklocalifc(ifc)) == NULL)
			return Eunbound;
		memcpy(prefix + 8, ll->local + 8, 8);
	}
	ip_fmt(addr, sizeof(addr), prefix);
	snprintf(preflen, sizeof(preflen), "/%d", plen);
	params[0] = "add";
	params[1] = addr;
	params[2] = preflen;
	return ipifc_add(st, ifc, 3, params, 0, &lifc);
}

const char *
ipifc_del6(struct stack *st, struct ipifc *ifc, int argc)
{
	struct lifc *lifc, **l;
	uint32_t now;

	if (argc != 1)
		return Ebadarg;
	now = ipifc_nowsec(st);
	for (l = &ifc->lifc; (lifc = *l) != NULL;) {
		if ((lifc->type & RT_V4) == 0 && lifc->validlt != UINT32_MAX &&
		    lifc->validlt < now - lifc->origint) {
			ipifc_dellifc(st, ifc, l);
			continue;
		}
		l = &lifc->next;
	}
	return NULL;
}

const char *
ipifc_ctl(struct stack *st, struct ipifc *ifc, int argc, char **argv)
{
	const char *err;
	int v;

	if (strcmp(argv[0], "iprouting") == 0) {
		st->iprouting = argc > 1 ? ipifc_atoi(argv[1]) : 1;
		st->forwarding = st->iprouting != 0 ? 1 : 2;
		stack_changed(st);
		return NULL;
	}
	if (strcmp(argv[0], "add") == 0)
		return ipifc_add(st, ifc, argc, argv, 0, NULL);
	if (strcmp(argv[0], "try") == 0)
		return ipifc_add(st, ifc, argc, argv, 1, NULL);
	if (strcmp(argv[0], "del") == 0 || strcmp(argv[0], "remove") == 0)
		return ipifc_del(st, ifc, argc, argv);
	if (strcmp(argv[0], "unbind") == 0)
		return ipifc_unbind(st, ifc);
	if (strcmp(argv[0], "add6") == 0)
		return ipifc_add6(st, ifc, argc, argv);
	if (strcmp(argv[0], "del6") == 0 || strcmp(argv[0], "remove6") == 0)
		return ipifc_del6(st, ifc, argc);
	if (ifc->m == NULL)
		return Eunbound;
	err = NULL;
	if (strcmp(argv[0], "mtu") == 0) {
		err = ipifc_setmtu(ifc,
		    argc > 1 ? (int)ipifc_strtoul(argv[1], 0) : 0);
	} else if (strcmp(argv[0], "speed") == 0) {
		v = argc > 1 ? ipifc_atoi(argv[1]) : 0;
		ifc->speed = v < 0 ? 0 : v;
	} else if (strcmp(argv[0], "delay") == 0) {
		v = argc > 1 ? ipifc_atoi(argv[1]) : 0;
		ifc->delay = v < 0 ? 0 : v > 1000 ? 1000 : v;
	} else if (strcmp(argv[0], "reflect") == 0) {
		ifc->reflect = argc > 1 ? ipifc_atoi(argv[1]) : 1;
	} else if (strcmp(argv[0], "reassemble") == 0) {
		ifc->reassemble = argc > 1 ? ipifc_atoi(argv[1]) : 1;
	} else if (strcmp(argv[0], "promiscuous") == 0) {
		/* From the ip(3) page; 9front leaves it to the ether ctl. */
		ifc->promisc = argc > 1 ? ipifc_atoi(argv[1]) : 1;
	} else if (strcmp(argv[0], "ra6") == 0) {
		err = ipifc_ra6(ifc, argc, argv);
	} else {
		return Eunsupported;
	}
	if (err == NULL)
		stack_changed(st);
	return err;
}

const char *
ipifc_addmulti(struct stack *st, struct ipifc *ifc, const uint8_t ma[16],
    const uint8_t ia[16])
{
	struct ipifc_multi *multi, **l;
	struct ipifc *x;
	struct lifc *lifc;
	int n;

	if (!ip_ismulti(ma))
		return Enotmulti;
	if (ip_isv4(ma) != ip_isv4(ia))
		return Emultiifc;
	for (l = &ifc->multi; *l != NULL; l = &(*l)->next)
		if (ipifc_ipcmp(ma, (*l)->ma) == 0 &&
		    ipifc_ipcmp(ia, (*l)->ia) == 0)
			return NULL;
	if ((multi = calloc(1, sizeof(*multi))) == NULL)
		return Enomem;
	if ((n = ipifc_find(st, ia, ma, RT_MULTI)) >= 0) {
		x = &st->ifc[n];
		if ((lifc = ipifc_localonifc(x, ia)) != NULL)
			ipifc_addself(st, x, lifc, ma, RT_MULTI);
		if (!ip_isv4(ia) && !ipifc_islinklocal(ia) &&
		    (lifc = ipifc_linklocalifc(x)) != NULL)
			ipifc_addself(st, x, lifc, ma, RT_MULTI);
		stack_changed(st);
	}
	memcpy(multi->ma, ma, 16);
	memcpy(multi->ia, ia, 16);
	*l = multi;
	return NULL;
}

void
ipifc_delmulti(struct stack *st, struct ipifc *ifc, const uint8_t ma[16],
    const uint8_t ia[16])
{
	struct ipifc_multi *multi, **l;
	struct ipifc *x;
	struct lifc *lifc;
	int n;

	for (l = &ifc->multi; (multi = *l) != NULL; l = &multi->next)
		if (ipifc_ipcmp(ma, multi->ma) == 0 &&
		    ipifc_ipcmp(ia, multi->ia) == 0)
			break;
	if (multi == NULL)
		return;
	*l = multi->next;
	if ((n = ipifc_find(st, ia, ma, RT_MULTI)) >= 0) {
		x = &st->ifc[n];
		if ((lifc = ipifc_localonifc(x, ia)) != NULL)
			ipifc_delself(st, x, lifc, ma);
		if (!ip_isv4(ia) && !ipifc_islinklocal(ia) &&
		    (lifc = ipifc_linklocalifc(x)) != NULL)
			ipifc_delself(st, x, lifc, ma);
		stack_changed(st);
	}
	free(multi);
}

void
ipifc_closed(struct stack *st, struct ipifc *ifc)
{
	struct ipifc_multi *mp;

	if (ifc->holds > 0 || ifc->m != NULL)
		return;
	while ((mp = ifc->multi) != NULL)
		ipifc_delmulti(st, ifc, mp->ma, mp->ia);
}

int
ipifc_find(const struct stack *st, const uint8_t local[16],
    const uint8_t remote[16], unsigned type)
{
	const struct ipifc *ifc;
	const struct lifc *lifc;
	uint8_t gnet[16];
	int i, x, spec, xspec;

	x = -1;
	xspec = 0;
	for (i = 0; i < st->nconv; i++) {
		ifc = &st->ifc[i];
		for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
			if (type & RT_UNI) {
				if (ipifc_ipcmp(remote, lifc->local) == 0)
					return i;
			} else if (type & (RT_BCAST | RT_MULTI)) {
				if (ipifc_ipcmp(local, lifc->local) == 0)
					return i;
			}
			ip_and(gnet, remote, lifc->mask);
			if (ipifc_ipcmp(gnet, lifc->net) == 0) {
				spec = ipifc_comprefix(remote, lifc->local,
				    16) << 8;
				spec += ipifc_comprefix(local, lifc->local, 16);
				if (spec > xspec) {
					x = i;
					xspec = spec;
				}
			}
		}
	}
	return x;
}

int
ipifc_findstr(const struct stack *st, const char *s)
{
	uint8_t ip[16];
	char *p;
	long x;
	int i;

	x = strtol(s, &p, 10);
	if (p > s && *p == '\0') {
		if (x < 0 || x >= st->nconv || st->ifc[x].m == NULL)
			return -1;
		return (int)x;
	}
	if (ip_parse(ip, s) != -1)
		return ipifc_find(st, ip, ip, RT_UNI);
	for (i = 0; i < st->nconv; i++)
		if (st->ifc[i].m != NULL && strcmp(st->ifc[i].dev, s) == 0)
			return i;
	return -1;
}

/* 9front ipv4local; local and remote are 4-byte addresses. */
static int
ipifc_v4local(const struct ipifc *ifc, uint8_t *local, int prefixlen,
    const uint8_t *remote)
{
	const struct lifc *lifc;
	int a, b;

	b = -1;
	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
		if ((lifc->type & RT_V4) == 0 ||
		    ipifc_ipcmp(lifc->local, ip_noaddr) == 0)
			continue;
		if (prefixlen != 0 && ipifc_comprefix(lifc->local + IPV4OFF,
		    local, 4) < prefixlen)
			continue;
		a = ipifc_comprefix(lifc->local + IPV4OFF, remote, 4);
		if (a > b) {
			b = a;
			memcpy(local, lifc->local + IPV4OFF, 4);
		}
	}
	return b >= 0;
}

int
ipifc_v6local(const struct stack *st, const struct ipifc *ifc,
    uint8_t local[16], int prefixlen, const uint8_t remote[16])
{
	struct {
		int atype;
		int deprecated;
		int comprefixlen;
	} a, b;
	const struct lifc *lifc;
	uint32_t now;
	int atype;

	if (ip_isv4(remote)) {
		memcpy(local, ip_v4prefix, IPV4OFF);
		if ((prefixlen -= IPV4OFF * 8) < 0)
			prefixlen = 0;
		return ipifc_v4local(ifc, local + IPV4OFF, prefixlen,
		    remote + IPV4OFF);
	}
	atype = ipifc_v6addrtype(remote);
	b.atype = 0;
	b.deprecated = 1;
	b.comprefixlen = 0;
	now = ipifc_nowsec(st);
	for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
		if (lifc->tentative)
			continue;
		if (prefixlen != 0 &&
		    ipifc_comprefix(lifc->local, local, 16) < prefixlen)
			continue;
		a.atype = ipifc_v6addrtype(lifc->local);
		a.deprecated = lifc->preflt != UINT32_MAX &&
		    lifc->preflt < now - lifc->origint;
		a.comprefixlen = ipifc_comprefix(lifc->local, remote, 16);
		if (a.atype != b.atype) {
			if ((a.atype > b.atype && b.atype < atype) ||
			    (a.atype < b.atype && b.atype > atype))
				goto good;
			continue;
		}
		if (a.deprecated != b.deprecated) {
			if (b.deprecated)
				goto good;
			continue;
		}
		if (a.comprefixlen > b.comprefixlen)
			goto good;
		continue;
good:
		b = a;
		memcpy(local, lifc->local, 16);
	}
	return b.atype >= atype;
}

struct ipifc_srcwalk {
	const struct stack *st;
	const uint8_t *remote;
	uint8_t src[16];
	uint8_t best[16];
	int found;
};

/* One route on the v4source/v6source path. */
static void
ipifc_srcstep(void *arg, const struct route *p)
{
	struct ipifc_srcwalk *w = arg;
	const struct ipifc *ifc;
	uint8_t addr[16], mask[16], s[16], smask[16], gate[16];
	int splen, ok;

	if (p->ifcno < 0 || p->ifcno >= STACK_MAXIFC)
		return;
	ifc = &w->st->ifc[p->ifcno];
	route_fields(p, addr, mask, s, smask, gate);
	splen = 0;
	if (p->type & RT_SRC) {
		splen = ip_masklen(smask);
		if (splen < 0)
			splen = ipifc_comprefix(smask, ip_allones, 16);
		memcpy(w->src, s, 16);
	}
	if (p->type & RT_V4) {
		splen = (p->type & RT_SRC) ? splen - 96 : 0;
		ok = ipifc_v4local(ifc, w->src + IPV4OFF, splen,
		    (p->type & (RT_IFC | RT_BCAST | RT_MULTI | RT_V4)) ==
		    RT_V4 ? gate + IPV4OFF : w->remote + IPV4OFF);
		if (ok) {
			memcpy(w->src, ip_v4prefix, IPV4OFF);
			memcpy(w->best, w->src, 16);
			w->found = 1;
		}
		return;
	}
	if (ipifc_v6local(w->st, ifc, w->src, splen, w->remote)) {
		memcpy(w->best, w->src, 16);
		w->found = 1;
	}
}

void
ipifc_findlocalip(const struct stack *st, uint8_t local[16],
    const uint8_t remote[16])
{
	const struct ipifc *ifc;
	const struct lifc *lifc;
	struct ipifc_srcwalk w;
	int i, atype, t;
	uint32_t now;

	memset(&w, 0, sizeof(w));
	w.st = st;
	w.remote = remote;
	route_path(&st->rt, remote, ipifc_srcstep, &w);
	if (w.found) {
		memcpy(local, w.best, 16);
		return;
	}
	if (ip_isv4(remote)) {
		/* The first IPv4 address of the lowest-numbered ifc. */
		for (i = 0; i < st->nconv; i++)
			for (lifc = st->ifc[i].lifc; lifc != NULL;
			    lifc = lifc->next)
				if (lifc->type & RT_V4) {
					memcpy(local, lifc->local, 16);
					return;
				}
		memcpy(local, ip_noaddr, 16);
		return;
	}
	/* The best current address: global > ULA > link-local. */
	memcpy(local, ip_noaddr, 16);
	atype = 1;
	now = ipifc_nowsec(st);
	for (i = 0; i < st->nconv; i++) {
		ifc = &st->ifc[i];
		for (lifc = ifc->lifc; lifc != NULL; lifc = lifc->next) {
			t = ipifc_v6addrtype(lifc->local);
			if (t > atype && (lifc->preflt == UINT32_MAX ||
			    lifc->preflt >= now - lifc->origint)) {
				memcpy(local, lifc->local, 16);
				atype = t;
				if (atype == 4)
					return;
			}
		}
	}
}

void
ipifc_release(struct ipifc *ifc)
{
	struct ipifc_multi *mp;
	struct selflink *l;
	struct lifc *lifc;

	while ((lifc = ifc->lifc) != NULL) {
		ifc->lifc = lifc->next;
		while ((l = lifc->link) != NULL) {
			lifc->link = l->lifclink;
			l->lifc = NULL;
		}
		free(lifc);
	}
	while ((mp = ifc->multi) != NULL) {
		ifc->multi = mp->next;
		free(mp);
	}
}
