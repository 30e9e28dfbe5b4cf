/* SPDX-License-Identifier: MIT */
/*
 * The merged ARP/ND view (stack/arptab.h): slot allocation, hash chains,
 * and the entry points the daemon calls with what workers learn. The arp
 * file's grammar lives in ctl/arp_ctl.c. Control thread only.
 */
#include <string.h>

#include "stack/arptab.h"
#include "stack/stack.h"

static unsigned
arptab_hash(const uint8_t ip[16])
{
	return (unsigned)(ip[14] + ip[15]) % ARPT_NHASH;
}

void
arptab_init(struct arptab *t)
{
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < ARPT_NCACHE; i++)
		t->cache[i].ifcno = -1;
}

struct arpent *
arptab_lookup(struct arptab *t, int ifcno, uint32_t ifcid,
    const uint8_t ip[16])
{
	struct arpent *e;

	for (e = t->hash[arptab_hash(ip)]; e != NULL; e = e->hash)
		if (e->ifcno == ifcno && e->ifcid == ifcid &&
		    memcmp(e->ip, ip, 16) == 0)
			return e;
	return NULL;
}

void
arptab_clean(struct arptab *t, struct arpent *e)
{
	struct arpent **l;

	for (l = &t->hash[arptab_hash(e->ip)]; *l != NULL; l = &(*l)->hash)
		if (*l == e) {
			*l = e->hash;
			break;
		}
	e->hash = NULL;
	e->ifcno = -1;
	e->ifcid = 0;
	e->state = ARP_UNUSED;
	e->utime = 0;
	e->ctime = 0;
}

struct arpent *
arptab_new(struct arptab *t, int ifcno, uint32_t ifcid, const uint8_t ip[16])
{
	struct arpent *e, *f, *end;
	uint64_t u;
	unsigned h;

	/* An unused slot (utime 0) wins at once, else the oldest. */
	end = &t->cache[ARPT_NCACHE];
	e = t->cache;
	u = e->utime;
	for (f = e + 1; u > 0 && f < end; f++)
		if (f->utime < u) {
			u = f->utime;
			e = f;
		}
	arptab_clean(t, e);
	memcpy(e->ip, ip, 16);
	e->ifcno = ifcno;
	e->ifcid = ifcid;
	e->utime = ++t->tick;
	h = arptab_hash(ip);
	e->hash = t->hash[h];
	t->hash[h] = e;
	return e;
}

void
arptab_resolve(struct arptab *t, struct arpent *e, const uint8_t mac[6],
    uint64_t now_ms)
{
	memcpy(e->mac, mac, 6);
	e->state = ARPT_OK;
	e->utime = ++t->tick;
	e->ctime = now_ms;
}

void
arptab_flush(struct arptab *t)
{
	arptab_init(t);
}

void
arptab_delip(struct arptab *t, const uint8_t ip[16])
{
	struct arpent *e, *x;

	for (e = t->hash[arptab_hash(ip)]; e != NULL; e = x) {
		x = e->hash;
		if (memcmp(e->ip, ip, 16) == 0)
			arptab_clean(t, e);
	}
}

void
arptab_learn(struct stack *st, int ifcno, const uint8_t ip[16],
    const uint8_t mac[6], uint64_t now_ms)
{
	struct arpent *e;
	uint32_t ifcid;

	if (stack_ifc_bound(st, ifcno, &ifcid) != 0)
		return;
	if ((e = arptab_lookup(&st->arp, ifcno, ifcid, ip)) == NULL)
		e = arptab_new(&st->arp, ifcno, ifcid, ip);
	arptab_resolve(&st->arp, e, mac, now_ms);
}

void
arptab_waiting(struct stack *st, int ifcno, const uint8_t ip[16],
    uint64_t now_ms)
{
	struct arpent *e;
	uint32_t ifcid;

	if (stack_ifc_bound(st, ifcno, &ifcid) != 0)
		return;
	if ((e = arptab_lookup(&st->arp, ifcno, ifcid, ip)) == NULL)
		e = arptab_new(&st->arp, ifcno, ifcid, ip);
	e->state = ARPT_WAIT;
	e->utime = ++st->arp.tick;
	e->ctime = now_ms;
}

void
arptab_forget(struct stack *st, int ifcno, const uint8_t ip[16])
{
	struct arpent *e;
	uint32_t ifcid;

	if (stack_ifc_bound(st, ifcno, &ifcid) != 0)
		return;
	e = arptab_lookup(&st->arp, ifcno, ifcid, ip);
	if (e != NULL && e->state == ARPT_WAIT)
		arptab_clean(&st->arp, e);
}
