/* SPDX-License-Identifier: MIT */
/*
 * struct stack (stack/stack.h): creation, the port registry, the model's
 * clock and generation counter. The interfaces, routes, self table and ARP
 * view have their own files. Control thread only; owns the whole model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stack/stack.h"

struct stack *
stack_create(const struct stack_hooks *hooks)
{
	struct stack *st;
	int i;

	if ((st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	if (hooks != NULL)
		st->hooks = *hooks;
	for (i = 0; i < STACK_MAXIFC; i++) {
		st->ifc[i].no = i;
		st->ifc[i].port = -1;
	}
	route_init(&st->rt);
	selftab_init(&st->self);
	arptab_init(&st->arp);
	st->gen = 1;
	return st;
}

void
stack_destroy(struct stack *st)
{
	int i;

	if (st == NULL)
		return;
	for (i = 0; i < STACK_MAXIFC; i++)
		ipifc_release(&st->ifc[i]);
	selftab_free(&st->self);
	route_free(&st->rt);
	free(st);
}

int
stack_add_port(struct stack *st, const struct stack_port *port)
{
	struct stack_port *p;

	if (st->nports == STACK_MAXPORTS)
		return -ENOSPC;
	if (port->name[0] == '\0' ||
	    memchr(port->name, '\0', sizeof(port->name)) == NULL)
		return -EINVAL;
	if (port->maxtu < 60 || port->maxtu > 65536)
		return -EINVAL;
	if (stack_find_port(st, port->name, NULL) != NULL)
		return -EEXIST;
	p = &st->ports[st->nports++];
	*p = *port;
	return 0;
}

const struct stack_port *
stack_find_port(const struct stack *st, const char *name, int *index)
{
	unsigned long id;
	char *end;
	int i;

	for (i = 0; i < st->nports; i++)
		if (strcmp(st->ports[i].name, name) == 0)
			goto found;
	if (name[0] < '0' || name[0] > '9')
		return NULL;
	errno = 0;
	id = strtoul(name, &end, 10);
	if (*end != '\0' || errno != 0)
		return NULL;
	for (i = 0; i < st->nports; i++)
		if (st->ports[i].port_id == id)
			goto found;
	return NULL;
found:
	if (index != NULL)
		*index = i;
	return &st->ports[i];
}

uint64_t
stack_generation(const struct stack *st)
{
	return st->gen + st->rt.gen;
}

void
stack_changed(struct stack *st)
{
	st->gen++;
}

uint64_t
stack_now_ms(const struct stack *st)
{
	if (st->hooks.now_ms != NULL)
		return st->hooks.now_ms(st->hooks.arg);
	return st->now_ms;
}

void
stack_set_now(struct stack *st, uint64_t ms)
{
	st->now_ms = ms;
}

int
stack_ifc_bound(const struct stack *st, int ifcno, uint32_t *ifcid)
{
	if (ifcno < 0 || ifcno >= STACK_MAXIFC || st->ifc[ifcno].m == NULL)
		return -1;
	if (ifcid != NULL)
		*ifcid = st->ifc[ifcno].ifcid;
	return 0;
}
