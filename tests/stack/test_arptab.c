/* SPDX-License-Identifier: MIT */
/*
 * /net/arp over the merged view: the write grammar of spec §5.2 (the
 * 256-byte buffer, space-only fields, the add forms, del, flush, garp and
 * every error), the read format of §5.1 (skipped entries included), the
 * hooks each write calls, and the daemon's learn/waiting/forget API with
 * the 256-slot replacement.
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
#include "stack/wire/ipaddr.h"
#include "tests/stack/model_fixture.h"

static int nedit, edit_op, edit_ifc, ngarp, garp_ifc;
static uint8_t edit_ip[16], edit_mac[6], garp_ip[16];

static void
hook_edit(void *arg, int op, int ifcno, const uint8_t ip[16],
    const uint8_t mac[6])
{
	(void)arg;
	nedit++;
	edit_op = op;
	edit_ifc = ifcno;
	memset(edit_ip, 0, 16);
	memset(edit_mac, 0, 6);
	if (ip != NULL)
		memcpy(edit_ip, ip, 16);
	if (mac != NULL)
		memcpy(edit_mac, mac, 6);
}

static void
hook_garp(void *arg, int ifcno, const uint8_t ip[16])
{
	(void)arg;
	ngarp++;
	garp_ifc = ifcno;
	memcpy(garp_ip, ip, 16);
}

static const struct stack_hooks hooks = {
	.arp_edit = hook_edit,
	.garp = hook_garp,
};

/* ifc 0: ether port0, 192.0.2.2/24 and fe80::211:22ff:fe33:4455/64;
 * ifc 1: loopback, 127.0.0.1/8. */
static int
setup(void **state)
{
	struct mfx *fx = mfx_new(&hooks);

	assert_int_equal(mfx_ifc(fx, "bind ether port0"), 0);
	assert_null(IFC(fx, 0, "add 192.0.2.2 255.255.255.0"));
	assert_null(IFC(fx, 0, "add fe80::211:22ff:fe33:4455 /64"));
	assert_int_equal(mfx_ifc(fx, "bind loopback"), 1);
	assert_null(IFC(fx, 1, "add 127.0.0.1 /104"));
	nedit = ngarp = 0;
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
arp(struct mfx *fx)
{
	return mfx_r(fx, 0, arp_read, -1);
}

static void
ip6(uint8_t a[16], const char *s)
{
	assert_int_not_equal(ip_parse(a, s), -1);
}

static void
test_errors(void **state)
{
	struct mfx *fx = *state;
	char buf[400];

	/* Empty, unknown, or split on anything but spaces. */
	assert_string_equal(mfx_w(fx, 0, arp_write, -1, ""), Ebadarp);
	assert_string_equal(ARP(fx, " "), Ebadarp);
	assert_string_equal(ARP(fx, "bogus"), Ebadarp);
	assert_string_equal(ARP(fx, "FLUSH"), Ebadarp);
	assert_string_equal(ARP(fx, "\tflush"), Ebadarp);
	assert_string_equal(ARP(fx, "add\t192.0.2.1 001122334455"), Ebadarp);
	/* add: field counts. */
	assert_string_equal(ARP(fx, "add"), Ebadarg);
	assert_string_equal(ARP(fx, "add 192.0.2.1"), Ebadarg);
	/* add ip mac */
	assert_string_equal(ARP(fx, "add 192.0.2.x 001122334455"), Ebadip);
	assert_string_equal(ARP(fx, "add 192.0.2.1 zz"), Ebadarp);
	assert_string_equal(ARP(fx, "add 192.0.2.1 -"), Ebadarp);
	/* A MAC shorter than the medium's cannot be entered. */
	assert_string_equal(ARP(fx, "add 192.0.2.1 0011"), Eunreach);
	/* add type ip mac */
	assert_string_equal(ARP(fx, "add fddi 192.0.2.1 001122334455"),
	    Ebadarp);
	assert_string_equal(ARP(fx, "add loopback 127.0.0.9 00"), Ebadarp);
	assert_string_equal(ARP(fx, "add pkt 192.0.2.1 001122334455"), Ebadarp);
	assert_string_equal(ARP(fx, "add ether 192.0.2.x 001122334455"),
	    Ebadip);
	assert_string_equal(ARP(fx, "add ether 192.0.2.1 0011223344"), Ebadarp);
	assert_string_equal(ARP(fx, "add ether 192.0.2.1 00112233445566"),
	    Ebadarp);
	assert_string_equal(ARP(fx, "add ether 192.0.2.1 nothex"), Ebadarp);
	/* add type ip mac ifcip */
	assert_string_equal(ARP(fx, "add ether 192.0.2.1 001122334455 x"),
	    Ebadip);
	assert_string_equal(ARP(fx, "add ether 192.0.2.1 001122334455 "
	    "203.0.113.1"), Enoifc);
	/* No route on that ifc, or a broadcast one, or no MAC medium. */
	assert_string_equal(ARP(fx, "add 203.0.113.5 001122334455"), Eunreach);
	assert_string_equal(ARP(fx, "add ether 192.0.2.255 ffffffffffff "
	    "192.0.2.2"), Eunreach);
	assert_string_equal(ARP(fx, "add ether 224.0.0.1 01005e000001 "
	    "192.0.2.2"), Eunreach);
	assert_string_equal(ARP(fx, "add ether 127.0.0.9 001122334455 "
	    "127.0.0.1"), Eunreach);
	assert_string_equal(ARP(fx, "add ether 2001:db8::1 001122334455 "
	    "192.0.2.2"), Eunreach);
	/* del and garp take exactly one address. */
	assert_string_equal(ARP(fx, "del"), Ebadarg);
	assert_string_equal(ARP(fx, "del 192.0.2.1 192.0.2.3"), Ebadarg);
	assert_string_equal(ARP(fx, "del 192.0.2.x"), Ebadip);
	assert_string_equal(ARP(fx, "garp"), Ebadarg);
	assert_string_equal(ARP(fx, "garp 192.0.2.2 x"), Ebadarg);
	assert_string_equal(ARP(fx, "garp x"), Ebadip);
	assert_string_equal(ARP(fx, "garp 203.0.113.1"), Enoifc);
	/* Only the first 255 bytes count: the extra field is cut off. */
	snprintf(buf, sizeof(buf), "del 192.0.2.1%*s", 300, "x");
	assert_null(ARP(fx, buf));
	snprintf(buf, sizeof(buf), "del 192.0.2.1%*s", 200, "x");
	assert_string_equal(ARP(fx, buf), Ebadarg);
	/* Nothing failed left an entry or called a hook. */
	assert_string_equal(arp(fx), "");
	assert_int_equal(nedit, 1);	/* the del above */
	assert_int_equal(ngarp, 0);
}

static void
test_add_read(void **state)
{
	struct mfx *fx = *state;
	uint8_t ip[16];

	/* add ip mac: the ifc and local address come from the route. */
	assert_null(ARP(fx, "add 192.0.2.1 00:11:22:33:44:aa"));
	assert_int_equal(nedit, 1);
	assert_int_equal(edit_op, 'a');
	assert_int_equal(edit_ifc, 0);
	assert_memory_equal(edit_mac, "\x00\x11\x22\x33\x44\xaa", 6);
	ip6(ip, "192.0.2.1");
	assert_memory_equal(edit_ip, ip, 16);
	/* add type ip mac, longer MACs in the 3-field form use 6 bytes. */
	assert_null(ARP(fx, "add ether 192.0.2.7 0011223344bb"));
	assert_null(ARP(fx, "add 192.0.2.8 0011223344cc0102"));
	/* add type ip mac ifcip, for IPv6 link-local; the rest of the line
	 * stays in the last field and is ignored by the parser. */
	assert_null(ARP(fx, "add ether fe80::1 0011223344dd "
	    "fe80::211:22ff:fe33:4455"));
	assert_null(ARP(fx, "add  ether  192.0.2.9  0011223344ee  192.0.2.2 "
	    "extra words"));
	assert_string_equal(arp(fx),
	    "ether  OK   192.0.2.1                                0011223344aa     192.0.2.2\n"
	    "ether  OK   192.0.2.7                                0011223344bb     192.0.2.2\n"
	    "ether  OK   192.0.2.8                                0011223344cc     192.0.2.2\n"
	    "ether  OK   fe80::1                                  0011223344dd     fe80::211:22ff:fe33:4455\n"
	    "ether  OK   192.0.2.9                                0011223344ee     192.0.2.2\n");
	/* Replacing keeps the slot. */
	assert_null(ARP(fx, "add 192.0.2.1 0011223344ff"));
	assert_non_null(strstr(arp(fx), "ether  OK   192.0.2.1          "
	    "                      0011223344ff     192.0.2.2\n"
	    "ether  OK   192.0.2.7"));
	/* del: every entry for the address; missing is fine. */
	nedit = 0;
	assert_null(ARP(fx, "del 192.0.2.7"));
	assert_int_equal(nedit, 1);
	assert_int_equal(edit_op, 'd');
	assert_int_equal(edit_ifc, -1);
	assert_null(strstr(arp(fx), "192.0.2.7"));
	assert_null(ARP(fx, "del  192.0.2.99"));
	/* flush: everything; extra fields ignored. */
	assert_null(ARP(fx, "flush all of it"));
	assert_int_equal(edit_op, 'f');
	assert_string_equal(arp(fx), "");
}

static void
test_garp(void **state)
{
	struct mfx *fx = *state;
	uint8_t ip[16];

	assert_null(ARP(fx, "garp 192.0.2.2"));
	assert_int_equal(ngarp, 1);
	assert_int_equal(garp_ifc, 0);
	ip6(ip, "192.0.2.2");
	assert_memory_equal(garp_ip, ip, 16);
	/* On the subnet but not ours: accepted, nothing sent. */
	assert_null(ARP(fx, "garp 192.0.2.77"));
	/* IPv6 and loopback addresses: no gratuitous ARP. */
	assert_null(ARP(fx, "garp fe80::211:22ff:fe33:4455"));
	assert_null(ARP(fx, "garp 127.0.0.1"));
	assert_int_equal(ngarp, 1);
}

static void
test_learn_api(void **state)
{
	struct mfx *fx = *state;
	uint8_t ip[16], mac[6] = { 2, 0, 0, 0, 0, 1 };
	char want[200];
	int i;

	/* A binding a worker learned, a pending one, one given up. */
	ip6(ip, "192.0.2.1");
	arptab_learn(fx->st, 0, ip, mac, 5000);
	ip6(ip, "192.0.2.77");
	arptab_waiting(fx->st, 0, ip, 5001);
	ip6(ip, "192.0.2.78");
	arptab_waiting(fx->st, 0, ip, 5002);
	arptab_forget(fx->st, 0, ip);
	/* Unbound ifc, or an address with no fitting local address. */
	arptab_learn(fx->st, 9, ip, mac, 1);
	ip6(ip, "2001:db8::9");
	arptab_learn(fx->st, 0, ip, mac, 1);
	assert_string_equal(arp(fx),
	    "ether  OK   192.0.2.1                                020000000001     192.0.2.2\n"
	    "ether  WAIT 192.0.2.77                               000000000000     192.0.2.2\n");
	/* forget leaves OK entries alone; waiting keeps the old MAC. */
	ip6(ip, "192.0.2.1");
	arptab_forget(fx->st, 0, ip);
	arptab_waiting(fx->st, 0, ip, 6000);
	assert_non_null(strstr(arp(fx), "ether  WAIT 192.0.2.1         "
	    "                       020000000001     192.0.2.2\n"));
	/* 256 slots: the least recently updated goes first. */
	assert_null(ARP(fx, "flush"));
	for (i = 0; i < ARPT_NCACHE + 1; i++) {
		ip_fromv4(ip, 0xc0000000u + (uint32_t)i);
		arptab_learn(fx->st, 0, ip, mac, (uint64_t)i);
		if (i == 10) {
			/* refresh the first one: it is now recent */
			ip_fromv4(ip, 0xc0000000u);
			arptab_learn(fx->st, 0, ip, mac, 20);
		}
	}
	assert_int_equal(mfx_nlines(arp(fx)), ARPT_NCACHE);
	snprintf(want, sizeof(want), "ether  OK   %-40s ", "192.0.0.1");
	assert_null(strstr(arp(fx), want));
	snprintf(want, sizeof(want), "ether  OK   %-40s ", "192.0.0.0");
	assert_non_null(strstr(arp(fx), want));
	/* Entries made before a rebind are stale and do not show. */
	assert_null(IFC(fx, 0, "unbind"));
	assert_null(IFC(fx, 0, "bind ether port0"));
	assert_null(IFC(fx, 0, "add 192.0.2.2 /120"));
	assert_string_equal(arp(fx), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_add_read, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_garp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learn_api, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("stack_arptab", tests, NULL, NULL);
}
