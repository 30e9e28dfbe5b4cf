/* SPDX-License-Identifier: MIT */
/*
 * The route table: the iproute write grammar of spec §3.3 (every argc
 * form, every error string), replace and discard (§3.4), delete matching
 * (§3.5), flush with and without a tag, per-session tags, the read format
 * of §3.1, and the lookup rule of §3.6 checked on thousands of random
 * routes through both the 9front forest and the worker FIB against a
 * brute-force reference. Ends with a timing of 10,000 routes (printed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ctl/errstr.h"
#include "stack/fib.h"
#include "stack/wire/ipaddr.h"
#include "tests/stack/model_fixture.h"

/* ifc 0 on port0 with 192.0.2.2/24, ifc 1 on port1 with 198.51.100.1/24. */
static int
setup2(void **state)
{
	struct mfx *fx = mfx_new(NULL);

	assert_int_equal(mfx_ifc(fx, "bind ether port0"), 0);
	assert_null(IFC(fx, 0, "add 192.0.2.2 255.255.255.0"));
	assert_int_equal(mfx_ifc(fx, "bind ether port1"), 1);
	assert_null(IFC(fx, 1, "add 198.51.100.1 255.255.255.0"));
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	mfx_free(*state);
	return 0;
}

static const char *
routes(struct mfx *fx)
{
	return mfx_r(fx, 0, iproute_read, -1);
}

/* Does iproute hold exactly this line (without its newline)? */
static int
has_route(struct mfx *fx, const char *line)
{
	const char *t = routes(fx), *p;
	size_t n = strlen(line);

	for (p = t; (p = strstr(p, line)) != NULL; p++)
		if ((p == t || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

static void
test_errors(void **state)
{
	struct mfx *fx = *state;
	char big[CTL_MSGMAX + 2];

	/* Nothing to say. */
	assert_string_equal(RT(fx, ""), Eshortctl);
	assert_string_equal(RT(fx, "  \t "), Eshortctl);
	/* argc < 3, add with 3, more than 9 fields, unknown verbs. */
	assert_string_equal(RT(fx, "add"), Ebadctl);
	assert_string_equal(RT(fx, "del 10.0.0.0"), Ebadctl);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104"), Ebadctl);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 4 none x 0 0.0.0.0 /96"), Ebadctl);
	assert_string_equal(RT(fx, "bogus 10.0.0.0 /104 192.0.2.1"), Ebadctl);
	assert_string_equal(RT(fx, "Add 10.0.0.0 /104 192.0.2.1"), Ebadctl);
	/* Bad flag strings (8 and 9 fields). */
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 4x 0 0.0.0.0 /96"), Ebadctl);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 4ii 0 0.0.0.0 /96"), Ebadctl);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 4ub 0 0.0.0.0 /96"), Ebadctl);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 i4 0 0.0.0.0 /96"), Ebadctl);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 '' 0 0.0.0.0 /96"), Ebadctl);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 4yy x 0 0.0.0.0 /96"), Ebadctl);
	/* Addresses: target, mask, gate, source, smask. */
	assert_string_equal(RT(fx, "add 10.0.0.x /104 192.0.2.1"), Ebadip);
	assert_string_equal(RT(fx, "add 10.0.0.0 /33 192.0.2.1"), Ebadip);
	assert_string_equal(RT(fx, "add 10.0.0.0 1.2.3.x 192.0.2.1"), Ebadip);
	assert_string_equal(RT(fx, "add 10.0.0.0 ffff:: 192.0.2.1"), Ebadip);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.z"), Ebadip);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 junk /128"),
	    Ebadip);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 192.0.2.2 x.y"),
	    Ebadip);
	/* An IPv4 target wants an IPv4 gate and source. */
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 2001:db8::1"), Ebadip);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 2001:db8::5 /128"), Ebadip);
	/* Address errors come before the field count check; with more
	 * than 9 fields the last two are still the source. */
	assert_string_equal(RT(fx,
	    "add 10.0.0.x /104 192.0.2.1 4 none x 0 0.0.0.0 /96"), Ebadip);
	assert_string_equal(RT(fx,
	    "add 10.0.0.0 /104 192.0.2.1 4 none 0 0.0.0.0 /96 extra"), Ebadip);
	/* No interface: gate off every subnet, unknown or unbound ifc. */
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 203.0.113.9"),
	    Eifcnotfound);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 5"),
	    Eifcnotfound);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 -1"),
	    Eifcnotfound);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 nosuchdev"),
	    Eifcnotfound);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 203.0.113.1"),
	    Eifcnotfound);
	assert_int_equal(mfx_ifc(fx, NULL), 2);
	assert_string_equal(RT(fx, "add 10.0.0.0 /104 192.0.2.1 2"),
	    Eifcnotfound);
	/* The bare del: its gate :: is on no subnet. */
	assert_string_equal(RT(fx, "del 192.0.2.2 /128"), Eifcnotfound);
	assert_string_equal(RT(fx, "del 10.0.0.0 /104 192.0.2.2 /128"),
	    Eifcnotfound);
	/* tag needs its argument. */
	assert_string_equal(RT(fx, "tag"), Ebadarg);
	/* The tokenizer's limit. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_string_equal(RT(fx, big), Etoobig);
	/* None of that left a route behind. */
	assert_false(strstr(routes(fx), "10.0.0.0") != NULL);
}

static void
test_add_forms(void **state)
{
	struct mfx *fx = *state;

	/* 4: the ifc comes from the gate's subnet. */
	assert_null(RT(fx, "add 203.0.113.0 255.255.255.0 192.0.2.1"));
	assert_true(has_route(fx, "203.0.113.0     /120 192.0.2.1       4    "
	    "none   0 0.0.0.0         /96 "));
	/* 5: ifc by number, by owned IP, by subnet IP, by device, by -. */
	assert_null(RT(fx, "add 10.0.0.0 /104 192.0.2.1 1"));
	assert_true(has_route(fx, "10.0.0.0        /104 192.0.2.1       4    "
	    "none   1 0.0.0.0         /96 "));
	assert_null(RT(fx, "add 10.1.0.0 /112 192.0.2.1 198.51.100.1"));
	assert_true(has_route(fx, "10.1.0.0        /112 192.0.2.1       4    "
	    "none   1 0.0.0.0         /96 "));
	assert_null(RT(fx, "add 10.2.0.0 255.255.0.0 192.0.2.1 198.51.100.77"));
	assert_true(has_route(fx, "10.2.0.0        /112 192.0.2.1       4    "
	    "none   1 0.0.0.0         /96 "));
	assert_null(RT(fx, "add 10.3.0.0 /16 192.0.2.1 port1"));
	assert_true(has_route(fx, "10.3.0.0        /112 192.0.2.1       4    "
	    "none   1 0.0.0.0         /96 "));
	assert_null(RT(fx, "add 10.4.0.0 /16 198.51.100.254 -"));
	assert_true(has_route(fx, "10.4.0.0        /112 198.51.100.254  4    "
	    "none   1 0.0.0.0         /96 "));
	/* 6: gate source smask. */
	assert_null(RT(fx, "add 10.5.0.0 /16 192.0.2.1 192.0.2.2 /128"));
	assert_true(has_route(fx, "10.5.0.0        /112 192.0.2.1       4    "
	    "none   0 192.0.2.2       /128"));
	/* 7: gate ifc source smask; an IPv6 :: /0 source means any. */
	assert_null(RT(fx, "add 10.6.0.0 /16 192.0.2.1 0 192.0.2.0 /120"));
	assert_true(has_route(fx, "10.6.0.0        /112 192.0.2.1       4    "
	    "none   0 192.0.2.0       /120"));
	assert_null(RT(fx, "add 10.7.0.0 /16 192.0.2.1 0 :: /0"));
	assert_true(has_route(fx, "10.7.0.0        /112 192.0.2.1       4    "
	    "none   0 0.0.0.0         /96 "));
	/* 8: flags (an IPv4 target forces 4). */
	assert_null(RT(fx, "add 10.8.0.0 /16 192.0.2.1 6yt 0 0.0.0.0 /96"));
	assert_true(has_route(fx, "10.8.0.0        /112 192.0.2.1       4yt  "
	    "none   0 0.0.0.0         /96 "));
	/* 9: flags and an explicit tag (right-justified, 4 columns). */
	assert_null(RT(fx, "add 10.9.0.0 /16 192.0.2.1 4p ra 0 0.0.0.0 /96"));
	assert_true(has_route(fx, "10.9.0.0        /112 192.0.2.1       4p   "
	    "  ra   0 0.0.0.0         /96 "));
	assert_null(RT(fx, "add 10.10.0.0 /16 192.0.2.1 4 toolong 0 0.0.0.0 "
	    "/96"));
	assert_true(has_route(fx, "10.10.0.0       /112 192.0.2.1       4    "
	    "tool   0 0.0.0.0         /96 "));
	/* Classful short forms and a 0 mask. */
	assert_null(RT(fx, "add 0 0 192.0.2.1"));
	assert_true(has_route(fx, "0.0.0.0         /96  192.0.2.1       4    "
	    "none   0 0.0.0.0         /96 "));
	/* IPv6: a route through an IPv4 ifc number is fine. */
	assert_null(RT(fx, "add 2001:db8:: /32 fe80::1 1"));
	assert_true(has_route(fx, "2001:db8::      /32  fe80::1         6    "
	    "none   1 ::              /0  "));
}

static void
test_del_forms(void **state)
{
	struct mfx *fx = *state;
	const char *add[] = {
		"add 10.2.0.0 /16 192.0.2.1 port1",
		"add 10.3.0.0 /16 198.51.100.1",
		"add 10.4.0.0 /16 192.0.2.1 192.0.2.2 /128",
		"add 10.5.0.0 /16 192.0.2.1 0 192.0.2.0 /120",
		"add 10.6.0.0 /16 192.0.2.1 4y 0 0.0.0.0 /96",
		"add 10.7.0.0 /16 192.0.2.1 4t dhcp 0 0.0.0.0 /96",
	};
	size_t i;

	for (i = 0; i < sizeof(add) / sizeof(add[0]); i++)
		assert_null(RT(fx, add[i]));
	/* 4: the ifc found from the gate must be the route's. */
	assert_null(RT(fx, "del 10.2.0.0 /16 192.0.2.1"));
	assert_non_null(strstr(routes(fx), "10.2.0.0 "));
	assert_null(RT(fx, "del 10.3.0.0 /16 198.51.100.1"));
	assert_null(strstr(routes(fx), "10.3.0.0 "));
	/* 6: gate source smask. A different gate does not match. */
	assert_null(RT(fx, "del 10.4.0.0 /16 192.0.2.9 192.0.2.2 /128"));
	assert_non_null(strstr(routes(fx), "10.4.0.0 "));
	assert_null(RT(fx, "del 10.4.0.0 /16 192.0.2.1 192.0.2.2 /128"));
	assert_null(strstr(routes(fx), "10.4.0.0 "));
	/* 7: the source range is part of the identity. */
	assert_null(RT(fx, "del 10.5.0.0 /16 192.0.2.1 0 192.0.2.0 /112"));
	assert_non_null(strstr(routes(fx), "10.5.0.0 "));
	assert_null(RT(fx, "del 10.5.0.0 /16 0.0.0.0 0 192.0.2.0 /120"));
	assert_null(strstr(routes(fx), "10.5.0.0 "));
	/* 8: the kind must match (u is not what was added); y is not kind. */
	assert_null(RT(fx, "del 10.6.0.0 /16 192.0.2.1 4u 0 0.0.0.0 /96"));
	assert_non_null(strstr(routes(fx), "10.6.0.0 "));
	assert_null(RT(fx, "del 10.6.0.0 /16 192.0.2.1 4 0 0.0.0.0 /96"));
	assert_null(strstr(routes(fx), "10.6.0.0 "));
	/* 9: an explicit tag must match; the session tag "none" does not. */
	assert_null(RT(fx, "del 10.7.0.0 /16 192.0.2.1 4 xxxx 0 0.0.0.0 /96"));
	assert_null(RT(fx, "del 10.7.0.0 /16 192.0.2.1 0 0.0.0.0 /96"));
	assert_non_null(strstr(routes(fx), "10.7.0.0 "));
	assert_null(RT(fx, "remove 10.7.0.0 /16 192.0.2.1 4 dhcp 0 0.0.0.0 "
	    "/96"));
	assert_null(strstr(routes(fx), "10.7.0.0 "));
	/* 5 with an IPv6 source and gate ::: no subnet, no ifc. */
	assert_string_equal(RT(fx, "del 2001:db8:: /32 2001:db8::1 /128"),
	    Eifcnotfound);
	/* Deleting what is not there is no error. */
	assert_null(RT(fx, "del 10.99.0.0 /16 192.0.2.1"));
	/* Quirk: an 'i' route matches on ranges alone, so del drops it. */
	assert_true(has_route(fx, "192.0.2.0       /120 192.0.2.0       4i   "
	    "ifc    0 0.0.0.0         /96 "));
	assert_null(RT(fx, "del 192.0.2.0 /120 192.0.2.1 0 0.0.0.0 /96"));
	assert_false(has_route(fx, "192.0.2.0       /120 192.0.2.0       4i   "
	    "ifc    0 0.0.0.0         /96 "));
}

static void
test_replace_discard(void **state)
{
	struct mfx *fx = *state;
	const char *t;

	/* Same target and source: the new gate, ifc and tag win. */
	assert_null(RT(fx, "add 203.0.113.0 /120 192.0.2.1"));
	assert_null(RT(fx, "add 203.0.113.0 /120 198.51.100.9 4 ra6 1 0.0.0.0 "
	    "/96"));
	t = routes(fx);
	assert_non_null(strstr(t, "203.0.113.0     /120 198.51.100.9    4    "
	    " ra6   1 0.0.0.0         /96 \n"));
	assert_null(strstr(t, "203.0.113.0     /120 192.0.2.1"));
	/* Same target, another source: a second route. */
	assert_null(RT(fx, "add 203.0.113.0 /120 192.0.2.1 192.0.2.2 /128"));
	t = routes(fx);
	assert_non_null(strstr(t, "203.0.113.0     /120 198.51.100.9"));
	assert_non_null(strstr(t, "203.0.113.0     /120 192.0.2.1       4    "
	    "none   0 192.0.2.2       /128"));
	/* A user route over an interface route is dropped silently. */
	assert_null(RT(fx, "add 192.0.2.0 /120 192.0.2.9"));
	assert_true(has_route(fx, "192.0.2.0       /120 192.0.2.0       4i   "
	    "ifc    0 0.0.0.0         /96 "));
	assert_null(strstr(routes(fx), "192.0.2.9"));
	/* A self (u) route is not an 'i' route: it is replaced. */
	assert_null(RT(fx, "add 192.0.2.2 /128 192.0.2.1"));
	assert_true(has_route(fx, "192.0.2.2       /128 192.0.2.1       4    "
	    "none   0 0.0.0.0         /96 "));
}

static void
test_flush_and_tags(void **state)
{
	struct mfx *fx = *state;
	const char *t;

	/* Session 1 tags its routes dhcp; session 0 keeps "none". */
	assert_null(mfx_w(fx, 1, iproute_write, -1, "tag dhcp"));
	assert_null(mfx_w(fx, 1, iproute_write, -1,
	    "add 0 0 192.0.2.1"));
	assert_null(RT(fx, "add 203.0.113.0 /120 192.0.2.1"));
	assert_null(RT(fx, "add 10.0.0.0 /104 192.0.2.1 4 ab 0 0.0.0.0 /96"));
	assert_string_equal(fx->s[0].routetag, "none");
	assert_string_equal(fx->s[1].routetag, "dhcp");
	t = routes(fx);
	assert_non_null(strstr(t, "0.0.0.0         /96  192.0.2.1       4    "
	    "dhcp   0 0.0.0.0         /96 \n"));
	assert_non_null(strstr(t, "203.0.113.0     /120 192.0.2.1       4    "
	    "none"));
	/* A session tag is padded with spaces to 4 bytes (newipaux): it
	 * prints as "ab  " and "flush ab" does not match it. */
	assert_null(mfx_w(fx, 1, iproute_write, -1, "tag ab"));
	assert_string_equal(fx->s[1].routetag, "ab  ");
	assert_null(mfx_w(fx, 1, iproute_write, -1, "add 10.1.0.0 /112 "
	    "192.0.2.1"));
	assert_true(has_route(fx, "10.1.0.0        /112 192.0.2.1       4    "
	    "ab     0 0.0.0.0         /96 "));
	/* flush dhcp: only that tag. */
	assert_null(RT(fx, "flush dhcp"));
	t = routes(fx);
	assert_null(strstr(t, "dhcp"));
	assert_non_null(strstr(t, "203.0.113.0 "));
	/* flush ab: the explicit "ab" tag only. */
	assert_null(RT(fx, "flush ab"));
	assert_null(strstr(routes(fx), "10.0.0.0 "));
	assert_non_null(strstr(routes(fx), "10.1.0.0 "));
	assert_null(RT(fx, "flush 'ab  '"));
	assert_null(strstr(routes(fx), "10.1.0.0 "));
	/* A tag never matches an interface route. */
	assert_null(RT(fx, "flush 'ifc '"));
	t = routes(fx);
	assert_null(strstr(t, "4b   ifc"));
	assert_non_null(strstr(t, "4i   ifc"));
	/* Bare flush: everything but i routes, self routes included. */
	assert_null(RT(fx, "add 10.2.0.0 /112 192.0.2.1"));
	assert_null(RT(fx, "flush"));
	t = routes(fx);
	assert_string_equal(t,
	    "192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 \n"
	    "192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128\n"
	    "198.51.100.0    /120 198.51.100.0    4i   ifc    1 0.0.0.0         /96 \n"
	    "198.51.100.0    /120 198.51.100.0    4i   ifc    1 198.51.100.1    /128\n");
	/* The self table itself is untouched. */
	assert_int_equal(mfx_nlines(mfx_r(fx, 0, ipselftab_read, -1)), 8);
}

/*
 * The configuration behind the example of spec §3.1, as ipconfig writes
 * it, and the listing in 9front's order. Hand check: an IPv4 bucket is
 * bits 26..17 of the start address, so 224.0.0.1 is in bucket 0,
 * 192.168.1.x in 84, 127.x in 896 and 255.255.255.255 in 1023; the
 * default routes are copied into all 1024 and print in bucket 0. There
 * the any-source default was added first and the /128-source one went
 * into its mid (same target, smaller source); the two 224.0.0.1 routes
 * (sources 192.168.1.10 and 127.0.0.1, disjoint) chain through mids
 * below. In bucket 84 the any-source /24 contains the other /24 (added
 * first and displaced into its mid), whose mid holds the /32s in address
 * order. IPv6: 2000::/3 spans buckets 0..1023 and prints first; the rest
 * share bucket 512 with fe80::/64 at the root, its /128 in its mid, and
 * ff02::/16 to its right holding ff02::1 and the solicited-node group.
 * The fd tag "ra6" is padded to "ra6 " (devip newipaux).
 */
static void
test_read_spec_example(void **state)
{
	struct mfx *fx = mfx_new(NULL);
	const char *want =
	    "0.0.0.0         /96  192.168.1.1     4    none   0 0.0.0.0         /96 \n"
	    "0.0.0.0         /96  192.168.1.1     4    none   0 192.168.1.10    /128\n"
	    "224.0.0.1       /128 224.0.0.1       4m   ifc    0 192.168.1.10    /128\n"
	    "224.0.0.1       /128 224.0.0.1       4m   ifc    1 127.0.0.1       /128\n"
	    "192.168.1.0     /120 192.168.1.0     4i   ifc    0 0.0.0.0         /96 \n"
	    "192.168.1.0     /120 192.168.1.0     4i   ifc    0 192.168.1.10    /128\n"
	    "192.168.1.0     /128 192.168.1.0     4b   ifc    0 192.168.1.10    /128\n"
	    "192.168.1.10    /128 192.168.1.10    4u   ifc    0 0.0.0.0         /96 \n"
	    "192.168.1.255   /128 192.168.1.255   4b   ifc    0 192.168.1.10    /128\n"
	    "127.0.0.0       /104 127.0.0.0       4i   ifc    1 0.0.0.0         /96 \n"
	    "127.0.0.0       /104 127.0.0.0       4i   ifc    1 127.0.0.1       /128\n"
	    "127.0.0.0       /128 127.0.0.0       4b   ifc    1 127.0.0.1       /128\n"
	    "127.0.0.1       /128 127.0.0.1       4u   ifc    1 0.0.0.0         /96 \n"
	    "127.255.255.255 /128 127.255.255.255 4b   ifc    1 127.0.0.1       /128\n"
	    "255.255.255.255 /128 255.255.255.255 4b   ifc    0 192.168.1.10    /128\n"
	    "255.255.255.255 /128 255.255.255.255 4b   ifc    1 127.0.0.1       /128\n"
	    "2000::          /3   fe80::1         6    ra6    0 ::              /0  \n"
	    "2000::          /3   fe80::1         6    ra6    0 2001:db8:1::5   /128\n"
	    "fe80::          /64  fe80::          6i   ifc    0 fe80::211:22ff:fe33:4455 /128\n"
	    "fe80::211:22ff:fe33:4455 /128 fe80::211:22ff:fe33:4455 6u   ifc    0 fe80::211:22ff:fe33:4455 /128\n"
	    "ff02::          /16  ff02::1         6m   ifc    0 fe80::211:22ff:fe33:4455 /128\n"
	    "ff02::1         /128 ff02::1         6m   ifc    0 fe80::211:22ff:fe33:4455 /128\n"
	    "ff02::1:ff33:4455 /128 ff02::1:ff33:4455 6m   ifc    0 fe80::211:22ff:fe33:4455 /128\n";

	(void)state;
	assert_int_equal(mfx_ifc(fx, "bind ether port0"), 0);
	assert_null(IFC(fx, 0, "add 192.168.1.10 /120 192.168.1.0 0"));
	assert_null(RT(fx, "add 0.0.0.0 /96 192.168.1.1 192.168.1.10 0.0.0.0 "
	    "/96"));
	assert_null(RT(fx, "add 0.0.0.0 /96 192.168.1.1 192.168.1.10 "
	    "192.168.1.10 /128"));
	assert_int_equal(mfx_ifc(fx, "bind loopback"), 1);
	assert_null(IFC(fx, 1, "add 127.0.0.1 /104 127.0.0.0 0"));
	assert_null(IFC(fx, 0, "add fe80::211:22ff:fe33:4455 /64 fe80:: 0"));
	assert_null(RT(fx, "tag ra6"));
	assert_null(RT(fx, "add 2000:: /3 fe80::1 fe80::211:22ff:fe33:4455 "
	    ":: /0"));
	assert_null(RT(fx, "add 2000:: /3 fe80::1 fe80::211:22ff:fe33:4455 "
	    "2001:db8:1::5 /128"));
	assert_string_equal(routes(fx), want);
	mfx_free(fx);
}

/* Random routes against a brute-force reference of the §3.6 rule. */
struct ref {
	uint32_t dst, src, gate;
	int dlen, slen;
	int live;
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static uint32_t
lenmask(int n)
{
	return n == 0 ? 0 : 0xffffffffu << (32 - n);
}

static int
randlen(void)
{
	uint32_t x = rnd() % 100;

	if (x < 3)
		return (int)(rnd() % 8);	/* a few very short ones */
	if (x < 25)
		return 8 + (int)(rnd() % 9);
	return 16 + (int)(rnd() % 17);
}

static const struct ref *
ref_lookup(const struct ref *r, int n, uint32_t dst, uint32_t src)
{
	const struct ref *best = NULL;
	int i;

	for (i = 0; i < n; i++) {
		if (!r[i].live || (dst & lenmask(r[i].dlen)) != r[i].dst ||
		    (src & lenmask(r[i].slen)) != r[i].src)
			continue;
		if (best == NULL || r[i].dlen > best->dlen ||
		    (r[i].dlen == best->dlen && r[i].slen > best->slen))
			best = &r[i];
	}
	return best;
}

static void
mkv4(uint8_t a[16], uint32_t v)
{
	ip_fromv4(a, v);
}

static void
mkmask(uint8_t m[16], int n)
{
	ip_masklenmask(m, 96 + n);
}

static struct route
ref_route(const struct ref *r, int ifcno)
{
	uint8_t a[16], m[16], s[16], sm[16], g[16];
	struct route rt;

	mkv4(a, r->dst);
	mkmask(m, r->dlen);
	mkv4(s, r->src);
	mkmask(sm, r->slen);
	mkv4(g, r->gate);
	route_mk(&rt, a, m, s, sm, g, RT_V4, ifcno, 1, "test");
	return rt;
}

static uint32_t
probe(const struct ref *r, int n, int src)
{
	const struct ref *x;

	if (rnd() % 4 == 0)
		return rnd();
	x = &r[rnd() % (uint32_t)n];
	if (src)
		return x->src | (rnd() & ~lenmask(x->slen));
	return x->dst | (rnd() & ~lenmask(x->dlen));
}

static void
check_lookups(struct mfx *fx, const struct ref *r, int n, int count)
{
	const struct route *fr;
	const struct fib_route *br;
	const struct ref *want;
	struct fib *fib;
	uint32_t dst, src;
	int i, hits;

	fib = stack_build_fib(fx->st);
	assert_non_null(fib);
	hits = 0;
	for (i = 0; i < count; i++) {
		dst = probe(r, n, 0);
		src = probe(r, n, 1);
		want = ref_lookup(r, n, dst, src);
		fr = route_lookup4(&fx->st->rt, dst, src);
		br = fib_lookup4(fib, dst, src);
		if (want == NULL) {
			assert_null(fr);
			assert_null(br);
			continue;
		}
		hits++;
		assert_non_null(fr);
		assert_non_null(br);
		assert_int_equal(fr->a[0], want->dst);
		assert_int_equal(fr->e[0], want->dst | ~lenmask(want->dlen));
		assert_int_equal(fr->s[0], want->src);
		assert_int_equal(fr->es[0], want->src | ~lenmask(want->slen));
		assert_int_equal(br->dst, want->dst);
		assert_int_equal(br->dlen, want->dlen);
		assert_int_equal(br->src, want->src);
		assert_int_equal(br->smask, lenmask(want->slen));
		assert_int_equal(br->gate, want->gate);
		assert_int_equal(fr->gate[15], want->gate & 0xff);
	}
	/* The probes must exercise real matches, not just misses. */
	assert_true(hits > count / 2);
	fib_free(fib);
}

static void
test_random_lookup(void **state)
{
	enum { NROUTES = 2500, NPROBE = 200000 };
	struct mfx *fx = mfx_new(NULL);
	struct ref *r;
	struct route rt;
	int i, j, n;

	(void)state;
	assert_int_equal(mfx_ifc(fx, "bind ether port0"), 0);
	r = calloc(NROUTES, sizeof(*r));
	n = 0;
	for (i = 0; i < NROUTES; i++) {
		struct ref x;

		x.dlen = randlen();
		x.dst = rnd() & lenmask(x.dlen);
		x.slen = rnd() % 10 < 3 ? 8 + (int)(rnd() % 25) : 0;
		x.src = rnd() & lenmask(x.slen);
		x.gate = rnd();
		x.live = 1;
		/* Some routes share a destination, with other sources. */
		if (n > 0 && rnd() % 5 == 0) {
			j = (int)(rnd() % (uint32_t)n);
			x.dst = r[j].dst;
			x.dlen = r[j].dlen;
		}
		/* An equal route replaces the old one's gate. */
		for (j = 0; j < n; j++)
			if (r[j].dst == x.dst && r[j].dlen == x.dlen &&
			    r[j].src == x.src && r[j].slen == x.slen)
				break;
		r[j] = x;
		if (j == n)
			n++;
		rt = ref_route(&x, 0);
		assert_int_equal(route_add(&fx->st->rt, &rt), 0);
	}
	check_lookups(fx, r, n, NPROBE);
	/* Delete a third of them, then look again. */
	for (i = 0; i < n; i++) {
		if (rnd() % 3 != 0)
			continue;
		rt = ref_route(&r[i], 0);
		memset(rt.gate, 0, sizeof(rt.gate));	/* any gate */
		route_del(&fx->st->rt, &rt);
		r[i].live = 0;
	}
	check_lookups(fx, r, n, NPROBE);
	/* Every live route is printed once, and nothing else. */
	j = 0;
	for (i = 0; i < n; i++)
		j += r[i].live;
	assert_int_equal(mfx_nlines(routes(fx)), j);
	free(r);
	mfx_free(fx);
}

static double
ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* A measurement, printed: 10,000 routes through iproute, read back, and
 * a FIB built from them. */
static void
test_measure_10k(void **state)
{
	struct mfx *fx = mfx_new(NULL);
	struct timespec t0;
	struct fib *fib;
	char msg[96];
	double add_ms, read_ms, fib_ms, look_ms;
	int i, hits;

	(void)state;
	assert_int_equal(mfx_ifc(fx, "bind ether port0"), 0);
	assert_null(IFC(fx, 0, "add 192.0.2.2 255.255.255.0"));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 10000; i++) {
		snprintf(msg, sizeof(msg), "add %d.%d.%d.0 255.255.255.0 "
		    "192.0.2.1", 11 + i / 65536 % 100, i / 256 % 256, i % 256);
		assert_null(RT(fx, msg));
	}
	add_ms = ms_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(mfx_nlines(routes(fx)), 10000 + 7);
	read_ms = ms_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fib = stack_build_fib(fx->st);
	fib_ms = ms_since(&t0);
	assert_non_null(fib);
	assert_non_null(fib_lookup4(fib, 0x0b0a0b05u, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	hits = 0;
	for (i = 0; i < 1000000; i++)
		hits += fib_lookup4(fib, 0x0b000000u + (uint32_t)i * 2654435761u %
		    0x00280000u, 0) != NULL;
	look_ms = ms_since(&t0);
	assert_true(hits > 0);
	printf("measure: 10000 iproute adds %.1f ms, iproute read %.1f ms, "
	    "stack_build_fib %.2f ms, 1M fib_lookup4 %.1f ms\n", add_ms,
	    read_ms, fib_ms, look_ms);
	fib_free(fib);
	mfx_free(fx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_errors, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_add_forms, setup2,
		    teardown),
		cmocka_unit_test_setup_teardown(test_del_forms, setup2,
		    teardown),
		cmocka_unit_test_setup_teardown(test_replace_discard, setup2,
		    teardown),
		cmocka_unit_test_setup_teardown(test_flush_and_tags, setup2,
		    teardown),
		cmocka_unit_test(test_read_spec_example),
		cmocka_unit_test(test_random_lookup),
		cmocka_unit_test(test_measure_10k),
	};

	return cmocka_run_group_tests_name("stack_route", tests, NULL, NULL);
}
