/* SPDX-License-Identifier: MIT */
/*
 * Test doubles for the ipifc, iproute and arp handlers of ctl/files.h
 * (see fake_files.h). A ctl write of "bind ..." binds the slot, "fail"
 * fails with "unknown control request", anything else succeeds; iproute
 * and arp writes succeed unless the message is "fail". Test builds only.
 */
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/errstr.h"
#include "ctl/files.h"
#include "tests/support/fake_files.h"

int fake_nconv;
int fake_bound[FAKE_MAXIFC];
int fake_holds[FAKE_MAXIFC];
int fake_released;
char fake_lastmsg[256];
char fake_lastfile[32];
size_t fake_routelen;

void
fake_reset(void)
{
	fake_nconv = 0;
	memset(fake_bound, 0, sizeof(fake_bound));
	memset(fake_holds, 0, sizeof(fake_holds));
	fake_released = 0;
	fake_lastmsg[0] = '\0';
	fake_lastfile[0] = '\0';
	fake_routelen = 0;
}

char
fake_routebyte(size_t i)
{
	return i % 61 == 60 ? '\n' : (char)('a' + (i * 7 + i / 61) % 26);
}

static void
fake_record(const char *file, const char *msg)
{
	snprintf(fake_lastfile, sizeof(fake_lastfile), "%s", file);
	snprintf(fake_lastmsg, sizeof(fake_lastmsg), "%s", msg);
}

const char *
ipifc_clone(struct ctl_sess *s, int *n)
{
	int i;

	for (i = 0; i < FAKE_MAXIFC; i++) {
		if (fake_bound[i] || fake_holds[i] > 0)
			continue;
		fake_holds[i]++;
		s->ifcheld |= UINT32_C(1) << i;
		if (i >= fake_nconv)
			fake_nconv = i + 1;
		*n = i;
		return NULL;
	}
	return Enodev;
}

int
ipifc_nconv(const struct stack *st)
{
	(void)st;
	return fake_nconv;
}

void
ipifc_sess_release(struct ctl_sess *s)
{
	int i;

	fake_released++;
	for (i = 0; i < FAKE_MAXIFC; i++)
		if ((s->ifcheld & (UINT32_C(1) << i)) != 0)
			fake_holds[i]--;
	s->ifcheld = 0;
}

const char *
ipifc_ctl_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	ctl_printf(out, "%d", n);
	return NULL;
}

const char *
ipifc_ctl_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	char file[32];

	(void)s;
	(void)len;
	(void)out;
	snprintf(file, sizeof(file), "ipifc %d", n);
	fake_record(file, msg);
	if (strcmp(msg, "fail") == 0)
		return Eunknownctl;
	if (strncmp(msg, "bind", 4) == 0)
		fake_bound[n] = 1;
	return NULL;
}

const char *
ipifc_status_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	ctl_printf(out, "status of %d\n", n);
	return NULL;
}

const char *
ipifc_local_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	ctl_printf(out, "local of %d\n", n);
	return NULL;
}

const char *
ipifc_remote_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	ctl_printf(out, "::!0\n");
	return NULL;
}

const char *
ipifc_stats_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	ctl_printf(out, "Forwarding: 2\n");
	return NULL;
}

const char *
iproute_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	size_t i;
	char c;

	(void)s;
	(void)n;
	for (i = 0; i < fake_routelen; i++) {
		c = fake_routebyte(i);
		ctl_put(out, &c, 1);
	}
	return NULL;
}

const char *
iproute_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	(void)s;
	(void)n;
	(void)len;
	(void)out;
	fake_record("iproute", msg);
	return strcmp(msg, "fail") == 0 ? Eunknownctl : NULL;
}

const char *
ipselftab_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	(void)out;
	return NULL;
}

const char *
arp_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	(void)out;
	return NULL;
}

const char *
arp_write(struct ctl_sess *s, int n, char *msg, size_t len,
    struct ctl_out *out)
{
	(void)s;
	(void)n;
	(void)len;
	(void)out;
	fake_record("arp", msg);
	return strcmp(msg, "fail") == 0 ? Eunknownctl : NULL;
}

const char *
icmp_stats_read(struct ctl_sess *s, int n, struct ctl_out *out)
{
	(void)s;
	(void)n;
	(void)out;
	return NULL;
}
