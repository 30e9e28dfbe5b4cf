/* SPDX-License-Identifier: MIT */
/*
 * Interfaces (spec §2): clone and free slots, every ctl verb and error
 * string, the exact status/local/remote/ctl/stats texts, the routes and
 * self-table entries an address brings and takes away, the gratuitous ARP
 * hook, and the worker snapshot's view of all that (struct fib).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ctl/errstr.h"
#include "stack/fib.h"
#include "stack/wire/ipaddr.h"
#include "tests/stack/model_fixture.h"

/* What the hooks saw. */
static int ngarp;
static int garp_ifc;
static uint8_t garp_ip[16];

static void
hook_garp(void *arg, int ifcno, const uint8_t ip[16])
{
	(void)arg;
	ngarp++;
	garp_ifc = ifcno;
	memcpy(garp_ip, ip, 16);
}

static void
hook_ifcstats(void *arg, int ifcno, uint64_t *in, uint64_t *out)
{
	(void)arg;
	/* Plan 9 prints these as 32-bit ulongs. */
	*in = ((uint64_t)1 << 32) + 10234 + (uint64_t)ifcno;
	*out = 8811;
}

static void
hook_ipstats(void *arg, uint64_t sum[IPSTAT_MAX])
{
	int i;

	(void)arg;
	for (i = 0; i < IPSTAT_MAX; i++)
		sum[i] = 1000 + (uint64_t)i;
	sum[IPSTAT_INRECEIVES] = 48211ull << 32;
}

static const struct stack_hooks hooks = {
	.garp = hook_garp,
	.ifcstats = hook_ifcstats,
	.ipstats = hook_ipstats,
};

static int
setup(void **state)
{
	ngarp = 0;
	*state = mfx_new(&hooks);
	return 0;
}

static int
teardown(void **state)
{
	mfx_free(*state);
	return 0;
}

static const char *
status(struct mfx *fx, int n)
{
	return mfx_r(fx, 0, ipifc_status_read, n);
}

static void
test_clone_slots(void **state)
{
	struct mfx *fx = *state;
	int n;

	assert_int_equal(ipifc_nconv(fx->st), 0);
	assert_null(ipifc_clone(&fx->s[0], &n));
	assert_int_equal(n, 0);
	assert_null(ipifc_clone(&fx->s[1], &n));
	assert_int_equal(n, 1);
	assert_int_equal(ipifc_nconv(fx->st), 2);
	assert_int_equal(fx->s[0].ifcheld, 1);
	assert_int_equal(fx->s[1].ifcheld, 2);
	assert_string_equal(mfx_r(fx, 0, ipifc_ctl_read, 1), "1");
	/* Session 0 binds its slot and goes away: the slot stays taken. */
	assert_null(IFC(fx, 0, "bind ether port0"));
	ipifc_sess_release(&fx->s[0]);
	assert_int_equal(fx->s[0].ifcheld, 0);
	/* Session 1 goes away unbound: its slot is free again. */
	ipifc_sess_release(&fx->s[1]);
	assert_null(ipifc_clone(&fx->s[0], &n));
	assert_int_equal(n, 1);
	/* The directories stay (high-water mark). */
	ipifc_sess_release(&fx->s[0]);
	assert_int_equal(ipifc_nconv(fx->st), 2);
	/* Unbinding ifc 0 (from any session) frees it too. */
	assert_null(IFC(fx, 0, "unbind"));
	assert_null(ipifc_clone(&fx->s[1], &n));
	assert_int_equal(n, 0);
	/* 32 at most. */
	for (n = 1; n < 32; n++) {
		int k;

		assert_null(ipifc_clone(&fx->s[1], &k));
		assert_int_equal(k, n);
	}
	assert_string_equal(ipifc_clone(&fx->s[0], &n), Enodev);
	assert_int_equal(ipifc_nconv(fx->st), 32);
	assert_int_equal(fx->s[1].ifcheld, 0xffffffffu);
}

static void
test_bind_unbind(void **state)
{
	struct mfx *fx = *state;
	int a, b;

	a = mfx_ifc(fx, NULL);
	b = mfx_ifc(fx, NULL);
	/* A never-bound ifc: empty device name, zero parameters. */
	assert_string_equal(status(fx, a), "device  maxtu 0 sendra 0 recvra 0 "
	    "mflag 0 oflag 0 maxraint 0 minraint 0 linkmtu 0 reachtime 0 "
	    "rxmitra 0 ttl 0 routerlt 0 pktin 10234 pktout 8811 errin 0 "
	    "errout 0 speed 0 delay 0\n\n");
	assert_string_equal(IFC(fx, a, ""), Eshortctl);
	assert_string_equal(IFC(fx, a, "bind"), Ebadarg);
	assert_string_equal(IFC(fx, a, "bind token ring"), Eunkmedium);
	assert_string_equal(IFC(fx, a, "bind pkt"), Eunkmedium);
	assert_string_equal(IFC(fx, a, "bind netdev /dev/x"), Eunkmedium);
	assert_string_equal(IFC(fx, a, "unbind"), Eunbound);
	/* A failed medium bind leaves the name and parameters, as 9front. */
	assert_string_equal(IFC(fx, a, "bind ether nosuchport"), Enonexist);
	assert_string_equal(status(fx, a), "device nosuchport maxtu 1514 "
	    "sendra 0 recvra 0 mflag 0 oflag 0 maxraint 600000 minraint "
	    "200000 linkmtu 0 reachtime 0 rxmitra 0 ttl 255 routerlt 1800 "
	    "pktin 10234 pktout 8811 errin 0 errout 0 speed 0 delay 40\n\n");
	assert_string_equal(IFC(fx, a, "add 192.0.2.2"), Eunbound);
	assert_string_equal(IFC(fx, a, "bind ether"), Ebadarg);
	/* By port id; the jumbo port gives its own maxtu. */
	assert_null(IFC(fx, a, "bind ether 7"));
	assert_non_null(strstr(status(fx, a), "device 7 maxtu 9014 "));
	assert_string_equal(IFC(fx, a, "bind ether port0"), Ebound);
	/* One interface per port. */
	assert_string_equal(IFC(fx, b, "bind ether port1"), Eportbound);
	assert_null(IFC(fx, b, "bind gbe port0 extra args"));
	assert_non_null(strstr(status(fx, b), "device port0 maxtu 1514 "));
	/* Unbind: name cleared, maxtu kept, addresses and routes gone. */
	assert_null(IFC(fx, a, "add 192.0.2.2 /120"));
	assert_null(IFC(fx, a, "mtu 9000"));
	assert_null(RT(fx, "add 0 0 192.0.2.1"));
	assert_null(IFC(fx, a, "reflect"));
	assert_null(IFC(fx, a, "unbind"));
	assert_string_equal(status(fx, a), "device  maxtu 9000 sendra 0 recvra 0 "
	    "mflag 0 oflag 0 maxraint 600000 minraint 200000 linkmtu 0 "
	    "reachtime 0 rxmitra 0 ttl 255 routerlt 1800 pktin 10234 pktout "
	    "8811 errin 0 errout 0 speed 0 delay 40\n\n");
	assert_string_equal(mfx_r(fx, 0, iproute_read, -1), "");
	assert_string_equal(mfx_r(fx, 0, ipselftab_read, -1), "");
	assert_string_equal(IFC(fx, a, "unbind"), Eunbound);
	/* Loopback binds without a device; its name is medium+number. */
	assert_null(IFC(fx, a, "bind loopback"));
	assert_non_null(strstr(status(fx, a), "device loopback0 maxtu 65536 "));
}

/* The status example of spec §2.2 and the routes and self entries of
 * one IPv4 address. */
static void
test_add_texts(void **state)
{
	struct mfx *fx = *state;
	int n;

	n = mfx_ifc(fx, "bind ether port0");
	assert_null(IFC(fx, n, "add 192.168.1.10 /120 192.168.1.0 0"));
	assert_string_equal(status(fx, n),
	    "device port0 maxtu 1514 sendra 0 recvra 0 mflag 0 oflag 0 "
	    "maxraint 600000 minraint 200000 linkmtu 0 reachtime 0 rxmitra 0 "
	    "ttl 255 routerlt 1800 pktin 10234 pktout 8811 errin 0 errout 0 "
	    "speed 0 delay 40\n"
	    "\t192.168.1.10                             /120       "
	    "192.168.1.0                              4294967295   "
	    "4294967295  \n");
	assert_null(IFC(fx, n, "del 192.168.1.10 /120"));
	assert_string_equal(mfx_r(fx, 0, iproute_read, -1), "");
	ngarp = 0;

	assert_null(IFC(fx, n, "add 192.0.2.2 255.255.255.0"));
	assert_string_equal(mfx_r(fx, 0, iproute_read, -1),
	    "192.0.2.0       /120 192.0.2.0       4i   ifc    0 0.0.0.0         /96 \n"
	    "192.0.2.0       /120 192.0.2.0       4i   ifc    0 192.0.2.2       /128\n"
	    "192.0.2.0       /128 192.0.2.0       4b   ifc    0 192.0.2.2       /128\n"
	    "192.0.2.2       /128 192.0.2.2       4u   ifc    0 0.0.0.0         /96 \n"
	    "192.0.2.255     /128 192.0.2.255     4b   ifc    0 192.0.2.2       /128\n"
	    "224.0.0.1       /128 224.0.0.1       4m   ifc    0 192.0.2.2       /128\n"
	    "255.255.255.255 /128 255.255.255.255 4b   ifc    0 192.0.2.2       /128\n");
	assert_string_equal(mfx_r(fx, 0, ipselftab_read, -1),
	    "224.0.0.1                                    01   4m\n"
	    "192.0.2.255                                  01   4b\n"
	    "192.0.2.0                                    01   4b\n"
	    "192.0.2.2                                    01   4u\n"
	    "255.255.255.255                              01   4b\n");
	assert_string_equal(mfx_r(fx, 0, ipifc_local_read, n),
	    "192.0.2.2                                -> "
	    "224.0.0.1                                "
	    "255.255.255.255                          "
	    "192.0.2.0                                "
	    "192.0.2.255                              "
	    "192.0.2.2                               \n");
	assert_string_equal(mfx_r(fx, 0, ipifc_remote_read, n), "::!0\n");
	assert_string_equal(mfx_r(fx, 0, ipifc_ctl_read, n), "0");
	/* The gratuitous ARP went out for the new address. */
	assert_int_equal(ngarp, 1);
	assert_int_equal(garp_ifc, n);
	assert_memory_equal(garp_ip + 12, "\xc0\x00\x02\x02", 4);

	/* A second address shares the broadcast and multicast entries. */
	assert_null(IFC(fx, n, "add 198.51.100.1 /120"));
	assert_non_null(strstr(mfx_r(fx, 0, ipselftab_read, -1),
	    "255.255.255.255                              02   4b\n"));
	/* del takes back exactly what add brought. */
	assert_null(IFC(fx, n, "remove 198.51.100.1 /120 198.51.100.0"));
	assert_string_equal(mfx_r(fx, 0, ipselftab_read, -1),
	    "224.0.0.1                                    01   4m\n"
	    "192.0.2.255                                  01   4b\n"
	    "192.0.2.0                                    01   4b\n"
	    "192.0.2.2                                    01   4u\n"
	    "255.255.255.255                              01   4b\n");
	assert_int_equal(mfx_nlines(mfx_r(fx, 0, iproute_read, -1)), 7);
	assert_null(IFC(fx, n, "del 192.0.2.2 255.255.255.0"));
	assert_string_equal(mfx_r(fx, 0, iproute_read, -1), "");
	assert_string_equal(mfx_r(fx, 0, ipselftab_read, -1), "");
	assert_string_equal(mfx_r(fx, 0, ipifc_local_read, n), "");
	assert_non_null(strstr(status(fx, n), "delay 40\n\n"));
}

static void
test_add_forms(void **state)
{
	struct mfx *fx = *state;
	uint8_t ll[16];
	const char *t;
	int n;

	n = mfx_ifc(fx, NULL);
	/* Parse errors come before the bound check. */
	assert_string_equal(IFC(fx, n, "add"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add 1 2 3 4 5 6"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add 192.0.2.x"), Ebadip);
	assert_string_equal(IFC(fx, n, "add 192.0.2.2 /40"), Ebadip);
	assert_string_equal(IFC(fx, n, "add 192.0.2.2 /120 x"), Ebadip);
	assert_string_equal(IFC(fx, n, "try 192.0.2.2"), Eunbound);
	assert_null(IFC(fx, n, "bind ether port0"));
	/* Defaults: the class mask, remote = local & mask. */
	assert_null(IFC(fx, n, "add 10.1.2.3"));
	assert_non_null(strstr(status(fx, n), "\t10.1.2.3                 "
	    "                /104       10.0.0.0    "));
	/* Adding it again changes nothing, whatever the mask. */
	assert_null(IFC(fx, n, "add 10.1.2.3 /128 10.1.2.4"));
	assert_int_equal(mfx_nlines(status(fx, n)), 2);
	/* mtu field: in range applies, out of range is ignored. */
	assert_null(IFC(fx, n, "add 192.0.2.2 /120 192.0.2.0 1400"));
	assert_non_null(strstr(status(fx, n), "maxtu 1400 "));
	assert_null(IFC(fx, n, "add 192.0.2.3 /120 192.0.2.0 99999"));
	assert_non_null(strstr(status(fx, n), "maxtu 1400 "));
	assert_null(IFC(fx, n, "add 192.0.2.4 /120 192.0.2.0 0"));
	assert_non_null(strstr(status(fx, n), "maxtu 1400 "));
	/* Point-to-point with proxy: the p and y flags, no broadcasts. */
	assert_null(IFC(fx, n, "add 203.0.113.1 255.255.255.255 203.0.113.9 "
	    "0 proxy"));
	t = mfx_r(fx, 0, iproute_read, -1);
	assert_non_null(strstr(t, "203.0.113.9     /128 203.0.113.9     4ipy "
	    "ifc    0 203.0.113.1     /128\n"));
	assert_non_null(strstr(t, "203.0.113.1     /128 203.0.113.1     4uy  "
	    "ifc    0 0.0.0.0         /96 \n"));
	assert_null(strstr(mfx_r(fx, 0, ipselftab_read, -1), "203.0.113.255"));
	/* trans: t on the any-source interface route only. */
	assert_null(IFC(fx, n, "add 198.51.100.7 /120 198.51.100.0 0 "
	    "proxy,trans"));
	t = mfx_r(fx, 0, iproute_read, -1);
	assert_non_null(strstr(t, "198.51.100.0    /120 198.51.100.0    4iyt "
	    "ifc    0 0.0.0.0         /96 \n"));
	assert_non_null(strstr(t, "198.51.100.0    /120 198.51.100.0    4iy  "
	    "ifc    0 198.51.100.7    /128\n"));
	/* The null address: accept all; removing it stops that. */
	assert_null(IFC(fx, n, "add 0.0.0.0"));
	assert_non_null(strstr(mfx_r(fx, 0, ipselftab_read, -1),
	    "0.0.0.0                                      01   4u\n"));
	assert_int_equal(fx->st->self.acceptall, 1);
	assert_null(IFC(fx, n, "del 0.0.0.0 /104"));
	assert_int_equal(fx->st->self.acceptall, 0);
	assert_null(IFC(fx, n, "add :: /0"));
	assert_int_equal(fx->st->self.acceptall, 1);
	assert_null(IFC(fx, n, "remove :: /0"));
	assert_int_equal(fx->st->self.acceptall, 0);
	/* try: IPv6 tentative; add finishes it. IPv6 self entries. */
	assert_null(IFC(fx, n, "try fe80::211:22ff:fe33:4455 /64 fe80:: 0"));
	assert_int_equal(ip_parse(ll, "fe80::211:22ff:fe33:4455"), 6);
	assert_non_null(ipifc_localonifc(&fx->st->ifc[n], ll));
	assert_int_equal(ipifc_localonifc(&fx->st->ifc[n], ll)->tentative, 1);
	t = mfx_r(fx, 0, ipselftab_read, -1);
	assert_non_null(strstr(t, "fe80::211:22ff:fe33:4455                     "
	    "01   6u\n"));
	assert_non_null(strstr(t, "ff02::1:ff33:4455                            "
	    "01   6m\n"));
	assert_non_null(strstr(t, "ff02::1                                      "
	    "01   6m\n"));
	assert_null(IFC(fx, n, "add fe80::211:22ff:fe33:4455 /64 fe80:: 0"));
	assert_int_equal(ipifc_localonifc(&fx->st->ifc[n], ll)->tentative, 0);
	/* IPv4 is never tentative. */
	assert_null(IFC(fx, n, "try 192.0.2.77 /120"));
	assert_int_equal(ip_parse(ll, "192.0.2.77"), 0xc000024d);
	assert_int_equal(ipifc_localonifc(&fx->st->ifc[n], ll)->tentative, 0);
	/* del needs local, mask and the exact remote. */
	assert_string_equal(IFC(fx, n, "del"), Ebadarg);
	assert_string_equal(IFC(fx, n, "del 10.1.2.3"), Ebadarg);
	assert_string_equal(IFC(fx, n, "del 10.1.2.x /104"), Ebadip);
	assert_string_equal(IFC(fx, n, "del 10.1.2.3 /104 x"), Ebadip);
	assert_string_equal(IFC(fx, n, "del 10.1.2.3 /112"), Enotonifc);
	assert_string_equal(IFC(fx, n, "del 10.1.2.3 /104 10.1.2.0"), Enotonifc);
	assert_null(IFC(fx, n, "del 10.1.2.3 /104 10.0.0.0"));
	assert_string_equal(IFC(fx, n, "del 10.1.2.3 /104"), Enotonifc);
}

static void
test_params(void **state)
{
	struct mfx *fx = *state;
	struct fib *f;
	const struct fib_ifc *fi;
	int n, lo;

	n = mfx_ifc(fx, NULL);
	/* Unbound: the parameter verbs refuse, iprouting works. */
	assert_string_equal(IFC(fx, n, "mtu 1500"), Eunbound);
	assert_string_equal(IFC(fx, n, "speed 1"), Eunbound);
	assert_string_equal(IFC(fx, n, "delay 1"), Eunbound);
	assert_string_equal(IFC(fx, n, "reflect"), Eunbound);
	assert_string_equal(IFC(fx, n, "reassemble"), Eunbound);
	assert_string_equal(IFC(fx, n, "promiscuous"), Eunbound);
	assert_string_equal(IFC(fx, n, "ra6 sendra 1"), Eunbound);
	assert_string_equal(IFC(fx, n, "frobnicate"), Eunbound);
	assert_non_null(strstr(mfx_r(fx, 0, ipifc_stats_read, -1),
	    "Forwarding: 0\n"));
	assert_null(IFC(fx, n, "iprouting"));
	assert_non_null(strstr(mfx_r(fx, 0, ipifc_stats_read, -1),
	    "Forwarding: 1\n"));
	assert_null(IFC(fx, n, "iprouting 0"));
	assert_non_null(strstr(mfx_r(fx, 0, ipifc_stats_read, -1),
	    "Forwarding: 2\n"));

	assert_null(IFC(fx, n, "bind ether port0"));
	assert_string_equal(IFC(fx, n, "frobnicate"), Eunsupported);
	/* mtu: [60, port maxtu], base auto-detected, missing means 0. */
	assert_string_equal(IFC(fx, n, "mtu"), Ebadarg);
	assert_string_equal(IFC(fx, n, "mtu 59"), Ebadarg);
	assert_string_equal(IFC(fx, n, "mtu 1515"), Ebadarg);
	assert_null(IFC(fx, n, "mtu 0x500"));
	assert_non_null(strstr(status(fx, n), "maxtu 1280 "));
	/* In range, but under 68 bytes of IP: cannot carry IPv4. */
	assert_string_equal(IFC(fx, n, "mtu 0100"),		/* 64 */
	    "mtu too small for ipv4: less than 68 bytes of ip");
	assert_non_null(strstr(status(fx, n), "maxtu 1280 "));
	assert_null(IFC(fx, n, "mtu 0122"));			/* 82 */
	assert_non_null(strstr(status(fx, n), "maxtu 82 "));
	assert_string_equal(IFC(fx, n, "mtu 060x"), Ebadarg);	/* 48 */
	assert_null(IFC(fx, n, "mtu 1514"));
	/* speed: negative is 0; delay clamps to 0..1000. */
	assert_null(IFC(fx, n, "speed 100000000"));
	assert_null(IFC(fx, n, "delay 5000"));
	assert_non_null(strstr(status(fx, n), "speed 100000000 delay 1000\n"));
	assert_null(IFC(fx, n, "speed -5"));
	assert_null(IFC(fx, n, "delay -5"));
	assert_non_null(strstr(status(fx, n), "speed 0 delay 0\n"));
	assert_null(IFC(fx, n, "delay"));
	assert_null(IFC(fx, n, "speed"));
	assert_non_null(strstr(status(fx, n), "speed 0 delay 0\n"));
	/* ra6: pairs of known keys, maxraint >= minraint. */
	assert_string_equal(IFC(fx, n, "ra6 sendra"), Ebadarg);
	assert_string_equal(IFC(fx, n, "ra6 bogus 1"), Ebadarg);
	assert_string_equal(IFC(fx, n, "ra6 maxraint 10 minraint 20"),
	    Ebadarg);
	assert_null(IFC(fx, n, "ra6 sendra 7 recvra 1 mflag 2 oflag 0 "
	    "maxraint 30000 minraint 20000 linkmtu 1400 reachtime 5 "
	    "rxmitra 6 ttl 64 routerlt 90"));
	assert_non_null(strstr(status(fx, n), "sendra 1 recvra 1 mflag 1 "
	    "oflag 0 maxraint 30000 minraint 20000 linkmtu 1400 reachtime 5 "
	    "rxmitra 6 ttl 64 routerlt 90 "));
	assert_null(IFC(fx, n, "ra6"));
	/* The flags the data plane sees. */
	assert_null(IFC(fx, n, "reflect"));
	assert_null(IFC(fx, n, "reassemble 0"));
	assert_null(IFC(fx, n, "promiscuous"));
	lo = mfx_ifc(fx, "bind loopback");
	assert_string_equal(IFC(fx, lo, "mtu 0"),
	    "mtu too small for ipv4: less than 68 bytes of ip");
	assert_null(IFC(fx, lo, "mtu 68"));
	assert_null(IFC(fx, lo, "mtu 65536"));
	assert_string_equal(IFC(fx, lo, "mtu 65537"), Ebadarg);
	f = stack_build_fib(fx->st);
	assert_non_null(f);
	assert_int_equal(fib_iprouting(f), 0);
	fi = fib_ifc(f, n);
	assert_int_equal(fi->medium, FIB_ETHER);
	assert_int_equal(fi->mtu, 1500);
	assert_int_equal(fi->reflect, 1);
	assert_int_equal(fi->reassemble, 0);
	assert_int_equal(fi->promisc, 1);
	assert_memory_equal(fi->mac, "\x00\x11\x22\x33\x44\x55", 6);
	assert_int_equal(fib_ifc(f, lo)->medium, FIB_LOOPBACK);
	assert_int_equal(fib_ifc(f, lo)->mtu, 65536);
	assert_int_equal(fib_ifc(f, 5)->medium, FIB_UNBOUND);
	assert_null(fib_ifc(f, 32));
	fib_free(f);
	/* unbind resets reflect, reassemble and promiscuous. */
	assert_null(IFC(fx, n, "unbind"));
	assert_null(IFC(fx, n, "bind ether port0"));
	f = stack_build_fib(fx->st);
	assert_int_equal(fib_ifc(f, n)->reflect, 0);
	assert_int_equal(fib_ifc(f, n)->promisc, 0);
	fib_free(f);
}

static void
test_add6_del6(void **state)
{
	struct mfx *fx = *state;
	int n, lo;

	n = mfx_ifc(fx, NULL);
	assert_string_equal(IFC(fx, n, "add6"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 2001:db8:1:: 64 1 1 10 5 x"),
	    Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 192.0.2.0"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 2001:db8:1:: 65"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 2001:db8:1:: -1"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 fe80:: 64"), Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 2001:db8:1:: 64 1 1 10 20"),
	    Ebadarg);
	assert_string_equal(IFC(fx, n, "add6 2001:db8:1:: 64"), Eunbound);
	assert_null(IFC(fx, n, "bind ether port0"));
	/* EUI-64 from 00:11:22:33:44:55. */
	stack_set_now(fx->st, 1000000);
	assert_null(IFC(fx, n, "add6 2001:db8:1:: 64 1 1 86400 14400"));
	assert_string_equal(strchr(status(fx, n), '\t'),
	    "\t2001:db8:1::211:22ff:fe33:4455           /64        "
	    "2001:db8:1::                             86400        14400       "
	    "\n");
	/* Again: lifetimes refreshed, still one address. */
	assert_null(IFC(fx, n, "add6 2001:db8:1:: 64 1 1 100 50"));
	assert_non_null(strstr(status(fx, n), " 100          50          \n"));
	assert_int_equal(mfx_nlines(status(fx, n)), 2);
	/* del6 takes no argument and drops expired addresses only. */
	assert_string_equal(IFC(fx, n, "del6 now"), Ebadarg);
	assert_null(IFC(fx, n, "del6"));
	assert_int_equal(mfx_nlines(status(fx, n)), 2);
	stack_set_now(fx->st, 1000000 + 101 * 1000);
	assert_null(IFC(fx, n, "remove6"));
	assert_int_equal(mfx_nlines(status(fx, n)), 2);	/* first + "" */
	assert_non_null(strstr(status(fx, n), "delay 40\n\n"));
	/* No MAC (loopback): the link-local address's identifier. */
	lo = mfx_ifc(fx, "bind loopback");
	assert_string_equal(IFC(fx, lo, "add6 2001:db8:2:: 64"), Eunbound);
	assert_null(IFC(fx, lo, "add fe80::abcd:1 /64"));
	assert_null(IFC(fx, lo, "add6 2001:db8:2:: 48"));
	assert_non_null(strstr(status(fx, lo), "\t2001:db8:2::abcd:1 "));
}

static void
test_generic_verbs(void **state)
{
	struct mfx *fx = *state;
	int n, m;

	n = mfx_ifc(fx, "bind ether port0");
	assert_null(IFC(fx, n, "add 192.0.2.2 /120"));
	assert_null(IFC(fx, n, "ttl 7"));
	assert_int_equal(fx->st->ifc[n].ttl, 7);
	assert_null(IFC(fx, n, "ttl"));
	assert_int_equal(fx->st->ifc[n].ttl, 255);
	assert_null(IFC(fx, n, "tos 3"));
	assert_null(IFC(fx, n, "ignoreadvice"));
	/* addmulti: arguments, syntax, kind, family. */
	assert_string_equal(IFC(fx, n, "addmulti"), Eaddmultiarg);
	assert_string_equal(IFC(fx, n, "addmulti x"), Ebadip);
	assert_string_equal(IFC(fx, n, "addmulti 192.0.2.2"), Enotmulti);
	assert_string_equal(IFC(fx, n, "addmulti 192.0.2.2 x"), Ebadip);
	assert_string_equal(IFC(fx, n, "addmulti 192.0.2.2 192.0.2.9"),
	    Enotmulti);
	assert_string_equal(IFC(fx, n, "addmulti 192.0.2.2 ff02::5"),
	    Emultiifc);
	assert_null(IFC(fx, n, "addmulti 192.0.2.2 239.1.2.3"));
	assert_null(IFC(fx, n, "addmulti 192.0.2.2 239.1.2.3"));
	assert_non_null(strstr(mfx_r(fx, 0, ipselftab_read, -1),
	    "239.1.2.3                                    01   4m\n"));
	assert_non_null(strstr(mfx_r(fx, 0, iproute_read, -1),
	    "239.1.2.3       /128 239.1.2.3       4m   ifc    0 192.0.2.2"));
	/* No ifc owns the address: recorded, no error, no entry. */
	assert_null(IFC(fx, n, "addmulti 203.0.113.1 239.9.9.9"));
	assert_null(strstr(mfx_r(fx, 0, ipselftab_read, -1), "239.9.9.9"));
	/* delmulti names the conversation's own group (::): a no-op. */
	assert_string_equal(IFC(fx, n, "delmulti"), Edelmultiarg);
	assert_string_equal(IFC(fx, n, "remmulti x"), Ebadip);
	assert_null(IFC(fx, n, "delmulti 192.0.2.2"));
	assert_non_null(strstr(mfx_r(fx, 0, ipselftab_read, -1), "239.1.2.3"));
	/* The membership lives with the conversation: it goes when the
	 * interface is unbound and nobody holds it. */
	ipifc_sess_release(&fx->s[0]);
	assert_non_null(strstr(mfx_r(fx, 0, ipselftab_read, -1), "239.1.2.3"));
	assert_non_null(fx->st->ifc[n].multi);
	assert_null(IFC(fx, n, "unbind"));
	assert_null(strstr(mfx_r(fx, 0, ipselftab_read, -1), "239.1.2.3"));
	assert_null(fx->st->ifc[n].multi);
	/* connect: drop every address, then add; once only. */
	m = mfx_ifc(fx, "bind ether port0");
	assert_null(IFC(fx, m, "add 192.0.2.2 /120"));
	assert_null(IFC(fx, m, "connect 198.51.100.5 /120"));
	assert_null(strstr(status(fx, m), "192.0.2.2"));
	assert_non_null(strstr(status(fx, m), "198.51.100.5"));
	assert_string_equal(IFC(fx, m, "connect 198.51.100.6 /120"),
	    Econinuse);
	assert_string_equal(IFC(fx, m, "announce 1"), Econinuse);
	n = mfx_ifc(fx, NULL);
	assert_string_equal(IFC(fx, n, "connect 192.0.2.9"), Eunbound);
	n = mfx_ifc(fx, NULL);
	assert_string_equal(IFC(fx, n, "announce 1"), Enoannounce);
	assert_string_equal(IFC(fx, n, "connect 192.0.2.9"), Econinuse);
}

static void
test_fib_view(void **state)
{
	struct mfx *fx = *state;
	const struct fib_route *r;
	uint16_t port;
	struct fib *f;
	int n, m;

	n = mfx_ifc(fx, "bind ether port0");
	m = mfx_ifc(fx, "bind ether port1");
	assert_null(IFC(fx, n, "add 192.0.2.2 /120"));
	assert_null(IFC(fx, m, "add 198.51.100.1 /120"));
	assert_null(IFC(fx, m, "add 198.51.100.2 /120"));
	assert_null(RT(fx, "add 0 0 192.0.2.1"));
	assert_null(RT(fx, "add 203.0.113.0 /120 198.51.100.254 "
	    "198.51.100.2 /128"));
	assert_null(IFC(fx, n, "iprouting 1"));
	f = stack_build_fib(fx->st);
	assert_non_null(f);
	assert_int_equal(fib_generation(f), stack_generation(fx->st));
	assert_int_equal(fib_iprouting(f), 1);
	assert_int_equal(fib_ifc_port(f, m, &port), 0);
	assert_int_equal(port, 7);
	assert_int_equal(fib_ifc_port(f, 9, &port), -1);
	assert_int_equal(fib_ifc_port(NULL, 0, &port), -1);
	assert_int_equal(fib_port_ifc(f, 7), m);
	assert_int_equal(fib_port_ifc(f, 3), -1);
	assert_int_equal(fib_ifc(f, m)->nlifc4, 2);
	assert_int_equal(fib_ifc(f, m)->lifc4[1].local, 0xc6336402u);
	assert_int_equal(fib_ifc(f, m)->lifc4[1].bcast, 0xc63364ffu);
	/* Local kinds. */
	assert_int_equal(fib_local4(f, 0xc0000202u), FIB_LOCAL_UNI);
	assert_int_equal(fib_local4(f, 0xc00002ffu), FIB_LOCAL_BCAST);
	assert_int_equal(fib_local4(f, 0xc0000200u), FIB_LOCAL_BCAST);
	assert_int_equal(fib_local4(f, 0xffffffffu), FIB_LOCAL_BCAST);
	assert_int_equal(fib_local4(f, 0xe0000001u), FIB_LOCAL_MULTI);
	assert_int_equal(fib_local4(f, 0xc0000203u), FIB_NOTLOCAL);
	/* Routes: on-link, default, source-specific. */
	r = fib_lookup4(f, 0xc0000209u, 0);
	assert_non_null(r);
	assert_int_equal(r->type, FIB_RT_V4 | FIB_RT_IFC);
	assert_int_equal(r->ifcno, n);
	assert_int_equal(r->gate, 0xc0000200u);
	r = fib_lookup4(f, 0x08080808u, 0);
	assert_int_equal(r->gate, 0xc0000201u);
	assert_int_equal(r->dlen, 0);
	r = fib_lookup4(f, 0xcb007105u, 0xc6336402u);
	assert_int_equal(r->gate, 0xc63364feu);
	assert_int_equal(r->ifcno, m);
	r = fib_lookup4(f, 0xcb007105u, 0xc6336401u);
	assert_int_equal(r->gate, 0xc0000201u);
	r = fib_lookup4(f, 0xc0000202u, 0);
	assert_int_equal(r->type, FIB_RT_V4 | FIB_RT_UNI);
	/* Source selection: the address nearest the next hop; for the
	 * source-specific route one inside its source prefix. */
	assert_int_equal(fib_srcaddr4(f, 0x08080808u), 0xc0000202u);
	/* 198.51.100.0/24 has two interface routes restricted to the
	 * sources .1 and .2; 9front keeps the deepest that yields, .2. */
	assert_int_equal(fib_srcaddr4(f, 0xc6336480u), 0xc6336402u);
	assert_int_equal(fib_srcaddr4(f, 0xcb007105u), 0xc6336402u);
	assert_int_equal(fib_ifcaddr4(f, m, 0xc6336403u), 0xc6336402u);
	assert_int_equal(fib_ifcaddr4(f, 9, 1), 0);
	assert_int_equal(fib_ifclocal4(f, m, 0xc6336402u), 1);
	assert_int_equal(fib_ifclocal4(f, n, 0xc6336402u), 0);
	fib_free(f);
	/* The model agrees (9front findlocalip). */
	{
		uint8_t local[16], remote[16];

		ip_fromv4(remote, 0xcb007105u);
		ipifc_findlocalip(fx->st, local, remote);
		assert_int_equal(ip_tov4(local), 0xc6336402u);
		ip_fromv4(remote, 0xc6336480u);
		ipifc_findlocalip(fx->st, local, remote);
		assert_int_equal(ip_tov4(local), 0xc6336402u);
		ip_fromv4(remote, 0x08080808u);
		ipifc_findlocalip(fx->st, local, remote);
		assert_int_equal(ip_tov4(local), 0xc0000202u);
	}
	/* Accept-all with the null address. */
	assert_null(IFC(fx, n, "add 0.0.0.0 /128"));
	f = stack_build_fib(fx->st);
	assert_int_equal(fib_local4(f, 0x01020304u), FIB_LOCAL_ANY);
	assert_int_equal(fib_local4(f, 0xc00002ffu), FIB_LOCAL_BCAST);
	fib_free(f);
	/* No address at all: source 0. */
	assert_null(IFC(fx, n, "unbind"));
	assert_null(IFC(fx, m, "unbind"));
	f = stack_build_fib(fx->st);
	assert_int_equal(fib_srcaddr4(f, 0x08080808u), 0);
	assert_null(fib_lookup4(f, 0x08080808u, 0));
	assert_int_equal(fib_local4(f, 0xc0000202u), FIB_NOTLOCAL);
	fib_free(f);
}

static void
test_stats_and_generation(void **state)
{
	struct mfx *fx = *state;
	uint64_t g;
	int n;

	assert_string_equal(mfx_r(fx, 0, ipifc_stats_read, -1),
	    "Forwarding: 0\nDefaultTTL: 255\nInReceives: 207064668307456\n"
	    "InHdrErrors: 1003\nInAddrErrors: 1004\nForwDatagrams: 1005\n"
	    "InUnknownProtos: 1006\nInDiscards: 1007\nInDelivers: 1008\n"
	    "OutRequests: 1009\nOutDiscards: 1010\nOutNoRoutes: 1011\n"
	    "ReasmTimeout: 1012\nReasmReqds: 1013\nReasmOKs: 1014\n"
	    "ReasmFails: 1015\nFragOKs: 1016\nFragFails: 1017\n"
	    "FragCreates: 1018\n");
	n = mfx_ifc(fx, NULL);
	g = stack_generation(fx->st);
	assert_string_equal(IFC(fx, n, "add 192.0.2.2"), Eunbound);
	assert_int_equal(stack_generation(fx->st), g);
	assert_null(IFC(fx, n, "bind ether port0"));
	assert_true(stack_generation(fx->st) > g);
	g = stack_generation(fx->st);
	assert_null(IFC(fx, n, "add 192.0.2.2"));
	assert_true(stack_generation(fx->st) > g);
	g = stack_generation(fx->st);
	assert_null(RT(fx, "add 0 0 192.0.2.1"));
	assert_true(stack_generation(fx->st) > g);
	g = stack_generation(fx->st);
	assert_null(IFC(fx, n, "mtu 1500"));
	assert_true(stack_generation(fx->st) > g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clone_slots, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bind_unbind, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_add_texts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_add_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add6_del6, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_generic_verbs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fib_view, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stats_and_generation,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("stack_ipifc", tests, NULL, NULL);
}
