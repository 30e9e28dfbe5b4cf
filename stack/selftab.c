/* SPDX-License-Identifier: MIT */
/*
 * The self table's hash chains (stack/selftab.h). Linking entries to lifcs
 * and the routes that go with them is done by stack/ipifc.c. Control
 * thread only.
 */
#include <stdlib.h>
#include <string.h>

#include "stack/route.h"
#include "stack/selftab.h"

void
selftab_init(struct selftab *t)
{
	memset(t, 0, sizeof(*t));
}

void
selftab_free(struct selftab *t)
{
	struct selfent *e, *next;
	struct selflink *l, *ln;
	int h;

	for (h = 0; h < SELF_NHASH; h++)
		for (e = t->hash[h]; e != NULL; e = next) {
			next = e->next;
			for (l = e->link; l != NULL; l = ln) {
				ln = l->selflink;
				free(l);
			}
			free(e);
		}
	memset(t, 0, sizeof(*t));
}

struct selfent *
selftab_find(const struct selftab *t, const uint8_t a[16])
{
	struct selfent *e;

	for (e = t->hash[selftab_hash(a)]; e != NULL; e = e->next)
		if (memcmp(e->a, a, 16) == 0)
			return e;
	return NULL;
}

struct selfent *
selftab_insert(struct selftab *t, const uint8_t a[16], unsigned type)
{
	struct selfent *e;
	unsigned h;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	memcpy(e->a, a, 16);
	e->type = type;
	h = selftab_hash(a);
	e->next = t->hash[h];
	t->hash[h] = e;
	t->n++;
	return e;
}

void
selftab_remove(struct selftab *t, struct selfent *e)
{
	struct selfent **l;

	for (l = &t->hash[selftab_hash(e->a)]; *l != NULL; l = &(*l)->next)
		if (*l == e) {
			*l = e->next;
			t->n--;
			free(e);
			return;
		}
}

unsigned
selftab_forme(const struct selftab *t, const uint8_t a[16])
{
	const struct selfent *e;

	if ((e = selftab_find(t, a)) != NULL)
		return e->type & (RT_UNI | RT_BCAST | RT_MULTI);
	return t->acceptall ? RT_UNI : 0;
}

int
selftab_nlinks(const struct selfent *e)
{
	const struct selflink *l;
	int n;

	n = 0;
	for (l = e->link; l != NULL; l = l->selflink)
		n++;
	return n;
}

void
selftab_walk(const struct selftab *t,
    void (*fn)(void *arg, const struct selfent *e), void *arg)
{
	const struct selfent *e;
	int h;

	for (h = 0; h < SELF_NHASH; h++)
		for (e = t->hash[h]; e != NULL; e = e->next)
			fn(arg, e);
}
