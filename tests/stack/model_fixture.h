/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the model tests (tests/stack/test_*.c): a stack with
 * registered ports, sessions, and one-line wrappers that write a ctl
 * message to a file handler or read a file into a NUL-terminated string.
 * Test builds only; single-threaded.
 */
#ifndef TESTS_STACK_MODEL_FIXTURE_H
#define TESTS_STACK_MODEL_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/files.h"
#include "stack/stack.h"

struct mfx {
	struct stack *st;
	struct ctl_sess s[2];
	struct ctl_out out;
};

static inline void
mfx_port(struct mfx *fx, const char *name, uint16_t id, uint8_t last,
    uint32_t maxtu)
{
	struct stack_port p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.port_id = id;
	p.mac[0] = 0x00;
	p.mac[1] = 0x11;
	p.mac[2] = 0x22;
	p.mac[3] = 0x33;
	p.mac[4] = 0x44;
	p.mac[5] = last;
	p.maxtu = maxtu;
	if (stack_add_port(fx->st, &p) != 0)
		abort();
}

/* A stack with ports port0 (id 0, ...:55) and port1 (id 7, ...:66). */
static inline struct mfx *
mfx_new(const struct stack_hooks *hooks)
{
	struct mfx *fx;

	fx = calloc(1, sizeof(*fx));
	fx->st = stack_create(hooks);
	mfx_port(fx, "port0", 0, 0x55, 1514);
	mfx_port(fx, "port1", 7, 0x66, 9014);
	ctl_sess_init(&fx->s[0], fx->st, 1);
	ctl_sess_init(&fx->s[1], fx->st, 1);
	ctl_out_init(&fx->out);
	return fx;
}

static inline void
mfx_free(struct mfx *fx)
{
	ipifc_sess_release(&fx->s[0]);
	ipifc_sess_release(&fx->s[1]);
	ctl_out_free(&fx->out);
	stack_destroy(fx->st);
	free(fx);
}

/* Write msg with a write handler; NULL or the error string. */
static inline const char *
mfx_w(struct mfx *fx, int sess, ctl_write_fn fn, int n, const char *msg)
{
	char *copy;
	const char *err;

	copy = strdup(msg);
	ctl_out_reset(&fx->out);
	err = fn(&fx->s[sess], n, copy, strlen(copy), &fx->out);
	free(copy);
	return err;
}

/* Read a file; returns its text (valid until the next call). */
static inline const char *
mfx_r(struct mfx *fx, int sess, ctl_read_fn fn, int n)
{
	const char *err;

	ctl_out_reset(&fx->out);
	err = fn(&fx->s[sess], n, &fx->out);
	if (err != NULL)
		return err;
	return fx->out.len > 0 ? fx->out.buf : "";
}

#define IFC(fx, n, msg)	mfx_w((fx), 0, ipifc_ctl_write, (n), (msg))
#define RT(fx, msg)	mfx_w((fx), 0, iproute_write, -1, (msg))
#define ARP(fx, msg)	mfx_w((fx), 0, arp_write, -1, (msg))

/* Clone an interface in session 0 and bind it; returns its number. */
static inline int
mfx_ifc(struct mfx *fx, const char *bind)
{
	int n;

	if (ipifc_clone(&fx->s[0], &n) != NULL)
		abort();
	if (bind != NULL && IFC(fx, n, bind) != NULL)
		abort();
	return n;
}

/* Lines in a text. */
static inline int
mfx_nlines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

#endif /* TESTS_STACK_MODEL_FIXTURE_H */
