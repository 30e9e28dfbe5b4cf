/* SPDX-License-Identifier: MIT */
/*
 * The input path's combined FIB walk (stack/fib.c fib_lookup4_local)
 * against the two lookups it replaces, fib_lookup4 and fib_local4, on
 * snapshots built from the real model through ctl writes: our unicast,
 * broadcast and multicast addresses and their neighbours, every route's
 * edges, and random destinations and sources; with source-specific
 * routes, host routes over our own addresses, the accept-all null
 * address, and a self route removed from the model (the snapshot can
 * then no longer answer from the trie and must probe the self table). Suite
 * 'stack': the control-plane model only, no DPDK.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stack/fib.h"
#include "stack/route.h"
#include "tests/stack/model_fixture.h"

#define IP4(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static uint32_t seed = 4242;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) ^ (seed << 20);
}

/* Addresses the configurations below make interesting. */
static const uint32_t probes[] = {
	IP4(192, 0, 2, 2), IP4(192, 0, 2, 0), IP4(192, 0, 2, 255),
	IP4(192, 0, 2, 1), IP4(192, 0, 2, 3), IP4(192, 0, 2, 254),
	IP4(198, 51, 100, 1), IP4(198, 51, 100, 2), IP4(198, 51, 100, 0),
	IP4(198, 51, 100, 255), IP4(198, 51, 100, 7), IP4(198, 51, 100, 254),
	IP4(203, 0, 113, 0), IP4(203, 0, 113, 5), IP4(203, 0, 113, 255),
	IP4(203, 0, 113, 128), IP4(203, 0, 113, 129), IP4(203, 0, 113, 131),
	0xffffffffu, 0, IP4(224, 0, 0, 1), IP4(239, 1, 2, 3),
	IP4(239, 1, 2, 4), IP4(127, 0, 0, 1), IP4(10, 1, 2, 3),
	IP4(10, 9, 0, 1), IP4(255, 255, 255, 254), IP4(8, 8, 8, 8),
};

/*
 * For dst and src: the combined walk gives what the two lookups give.
 * Returns whether dst is ours, to show that the probes hit both ways.
 */
static int
same(const struct fib *f, uint32_t dst, uint32_t src)
{
	const struct fib_route *r;
	int local = -1;

	r = fib_lookup4_local(f, dst, src, &local);
	assert_ptr_equal(r, fib_lookup4(f, dst, src));
	assert_int_equal(local, fib_local4(f, dst));
	return local != FIB_NOTLOCAL;
}

/* Every probe and its neighbours against every probe as source, then
 * random pairs; ours must have come up, and not ours when both is set. */
static void
check(struct mfx *fx, int both)
{
	struct fib *f = stack_build_fib(fx->st);
	size_t i, j;
	int ours = 0, other = 0, k, d;
	uint32_t dst;

	assert_non_null(f);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		for (d = -1; d <= 1; d++)
			for (j = 0; j < sizeof(probes) / sizeof(probes[0]);
			    j++) {
				dst = probes[i] + (uint32_t)d;
				if (same(f, dst, probes[j]))
					ours++;
				else
					other++;
			}
	for (k = 0; k < 200000; k++) {
		dst = (k & 1) != 0 ? rnd() :
		    probes[rnd() % (sizeof(probes) / sizeof(probes[0]))] ^
		    (rnd() & 0xff);
		same(f, dst, (k & 2) != 0 ? rnd() : probes[rnd() % 6]);
	}
	assert_true(ours > 0);
	if (both)
		assert_true(other > 0);
	fib_free(f);
}

static int
setup(void **state)
{
	*state = mfx_new(NULL);
	return 0;
}

static int
teardown(void **state)
{
	mfx_free(*state);
	return 0;
}

/* Two interfaces, a default route, a source-specific route, host and
 * subnet routes over our own prefixes, many random routes. */
static void
router(struct mfx *fx)
{
	char line[128];
	int n, m, i;

	n = mfx_ifc(fx, "bind ether port0");
	m = mfx_ifc(fx, "bind ether port1");
	assert_null(IFC(fx, n, "add 192.0.2.2 255.255.255.0"));
	assert_null(IFC(fx, m, "add 198.51.100.1 255.255.255.0"));
	assert_null(IFC(fx, m, "add 198.51.100.2 255.255.255.0"));
	assert_null(IFC(fx, n, "iprouting 1"));
	assert_null(RT(fx, "add 0 0 192.0.2.1"));
	assert_null(RT(fx, "add 203.0.113.0 255.255.255.0 198.51.100.254 "
	    "198.51.100.2 255.255.255.255"));
	assert_null(RT(fx, "add 203.0.113.128 255.255.255.252 192.0.2.9"));
	assert_null(RT(fx, "add 192.0.2.128 255.255.255.128 198.51.100.7"));
	assert_null(RT(fx, "add 198.51.100.7 255.255.255.255 192.0.2.1"));
	for (i = 0; i < 300; i++) {
		snprintf(line, sizeof(line), "add %u.%u.%u.0 255.255.%u.0 "
		    "192.0.2.%u", 10 + i % 7, i % 256, (i * 7) % 256,
		    i % 3 == 0 ? 255 : 0, 1 + i % 200);
		assert_null(RT(fx, line));
	}
}

static void
test_router(void **state)
{
	struct mfx *fx = *state;

	router(fx);
	check(fx, 1);
}

/* Joined groups are ours (multicast) only on the trie's word. */
static void
test_multicast_groups(void **state)
{
	struct mfx *fx = *state;

	router(fx);
	assert_null(IFC(fx, 0, "addmulti 192.0.2.2 239.1.2.3"));
	assert_null(IFC(fx, 0, "addmulti 192.0.2.2 224.0.0.1"));
	check(fx, 1);
}

/* With the null address every destination is ours ("any"). */
static void
test_accept_all(void **state)
{
	struct mfx *fx = *state;

	router(fx);
	assert_null(IFC(fx, 0, "add 0.0.0.0 /128"));
	check(fx, 0);
}

/* The self route of addr (route type bit kind), removed from the model
 * directly: the route file will not remove the routes of the self table. */
static struct route gone;
static int ngone;

static void
find_self_route(void *arg, const struct route *r)
{
	const uint32_t *want = arg;

	if ((r->type & RT_V4) != 0 && r->a[0] == want[0] &&
	    (r->type & want[1]) != 0) {
		gone = *r;
		ngone++;
	}
}

static void
drop_self_route(struct mfx *fx, uint32_t addr, unsigned int kind)
{
	uint32_t want[2] = { addr, kind };

	ngone = 0;
	route_walk(&fx->st->rt, find_self_route, want);
	assert_int_equal(ngone, 1);
	route_del(&fx->st->rt, &gone);
	ngone = 0;
	route_walk(&fx->st->rt, find_self_route, want);
	assert_int_equal(ngone, 0);
}

/* A self route removed: the address is still ours, though the trie no
 * longer has its /32 (the snapshot then probes the self table). */
static void
test_self_route_removed(void **state)
{
	struct mfx *fx = *state;
	struct fib *f;
	int local = -1;

	router(fx);
	drop_self_route(fx, IP4(192, 0, 2, 2), RT_UNI);
	f = stack_build_fib(fx->st);
	assert_non_null(f);
	assert_int_equal(fib_local4(f, IP4(192, 0, 2, 2)), FIB_LOCAL_UNI);
	assert_non_null(fib_lookup4_local(f, IP4(192, 0, 2, 2), 0, &local));
	assert_int_equal(local, FIB_LOCAL_UNI);
	fib_free(f);
	check(fx, 1);
	drop_self_route(fx, IP4(192, 0, 2, 255), RT_BCAST);
	check(fx, 1);
}

/* No address at all: nothing is ours, nothing is routed. */
static void
test_empty(void **state)
{
	struct mfx *fx = *state;

	(void)mfx_ifc(fx, "bind ether port0");
	{
		struct fib *f = stack_build_fib(fx->st);
		int local = -1;

		assert_non_null(f);
		assert_null(fib_lookup4_local(f, IP4(192, 0, 2, 2), 0,
		    &local));
		assert_int_equal(local, FIB_NOTLOCAL);
		fib_free(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_router, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multicast_groups, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_accept_all, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_self_route_removed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};

	return cmocka_run_group_tests_name("dp_lookup", tests, NULL, NULL);
}
