/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/ipaddr.c against spec/plan9-ip.md §1.4 (print
 * forms) and §1.5 (parsing): every example there, syntax errors, masks,
 * class masks, MAC text and the small address helpers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/ipaddr.h"

/* %I of parsing text, which must parse with result want. */
static const char *
reprint(const char *text, int64_t want)
{
	static char out[IPSTRLEN];
	uint8_t a[IPADDRLEN];

	assert_int_equal(ip_parse(a, text), want);
	ip_fmt(out, sizeof(out), a);
	return out;
}

/* %M of a mask parsed with v4 set or not; -1 in *rc on error. */
static const char *
maskprint(const char *text, int v4, int *rc)
{
	static char out[IPSTRLEN];
	uint8_t m[IPADDRLEN];

	*rc = ip_parsemask(m, text, v4);
	ip_fmtmask(out, sizeof(out), m);
	return out;
}

static void
test_parse_ipv4(void **state)
{
	uint8_t a[IPADDRLEN];
	static const uint8_t want[IPADDRLEN] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1,
	};

	(void)state;
	assert_int_equal(ip_parse(a, "192.0.2.1"), 0xc0000201);
	assert_memory_equal(a, want, IPADDRLEN);
	assert_int_equal(ip_parse(a, "0.0.0.0"), 0);	/* not an error */
	assert_memory_equal(a, ip_v4noaddr, IPADDRLEN);
	assert_int_equal(ip_parse(a, "255.255.255.255"), 0xffffffffLL);
	assert_memory_equal(a, ip_v4bcast, IPADDRLEN);
	assert_string_equal(reprint("224.0.0.1", 0xe0000001), "224.0.0.1");
}

/* §1.5: classful short forms. */
static void
test_parse_short_forms(void **state)
{
	(void)state;
	assert_string_equal(reprint("10.1", 0x0a000001), "10.0.0.1");
	assert_string_equal(reprint("128.1.2", 0x80010002), "128.1.0.2");
	assert_string_equal(reprint("10.1.2", 0x0a000102), "10.0.1.2");
	assert_string_equal(reprint("10", 0x0a000000), "10.0.0.0");
	/* Class B with two parts and class C are not rearranged. */
	assert_string_equal(reprint("128.1", 0x80010000), "128.1.0.0");
	assert_string_equal(reprint("192.0.2", 0xc0000200), "192.0.2.0");
	assert_string_equal(reprint("127.1", 0x7f000001), "127.0.0.1");
}

/* §1.5: components go through strtoul base 0. */
static void
test_parse_hex_and_octal(void **state)
{
	(void)state;
	assert_string_equal(reprint("0x0a.0.0.1", 0x0a000001), "10.0.0.1");
	assert_string_equal(reprint("0xc0.0x00.0x02.0x01", 0xc0000201),
	    "192.0.2.1");
	assert_string_equal(reprint("012.0.0.01", 0x0a000001), "10.0.0.1");
	assert_string_equal(reprint("0300.0.2.1", 0xc0000201), "192.0.2.1");
}

/* §1.5: characters that cannot continue an address end it. */
static void
test_parse_trailing_delimiters(void **state)
{
	(void)state;
	assert_string_equal(reprint("192.0.2.1 rest", 0xc0000201), "192.0.2.1");
	assert_string_equal(reprint("192.0.2.1!80", 0xc0000201), "192.0.2.1");
	assert_string_equal(reprint("192.0.2.1/24", 0xc0000201), "192.0.2.1");
	assert_string_equal(reprint("10.1\n", 0x0a000001), "10.0.0.1");
	assert_string_equal(reprint("2001:db8::1!53", 6), "2001:db8::1");
	assert_string_equal(reprint("::1 ", 6), "::1");
	assert_string_equal(reprint("fe80::1/64", 6), "fe80::1");
}

static void
test_parse_syntax_errors(void **state)
{
	static const char *const bad[] = {
		"", " 192.0.2.1", "192.0.2.1x", "192.0.2.1.5", "192.0.2.",
		"256.0.0.1", "1..2", ".1.2.3", "abc", "delete", "-1.2.3.4",
		"1.2.3.4:80", "0x.1.2.3", "08.1.2.3", "99999999999999999999.1",
		":", ":::", ":1::", "1:", "::1:", "1::2::3", "1:2:3",
		"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
		"::1:2:3:4:5:6:7:8", "12345::", "::g", "fe80::1x", "2001:db8:::1",
		"1:2:3:4:5:6:7:8:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
		"::1.2.3.4.5", "::1.2.3.4:5", "::300.1.1.1",
	};
	uint8_t a[IPADDRLEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(a, 0xa5, sizeof(a));
		if (ip_parse(a, bad[i]) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
		/* Callers that ignore the result see a distinctive ::. */
		assert_memory_equal(a, ip_noaddr, IPADDRLEN);
	}
}

static void
test_parse_ipv6(void **state)
{
	uint8_t a[IPADDRLEN];
	static const uint8_t doc[IPADDRLEN] = {
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	};

	(void)state;
	assert_int_equal(ip_parse(a, "2001:db8::1"), 6);
	assert_memory_equal(a, doc, IPADDRLEN);
	assert_int_equal(ip_parse(a, "2001:DB8:0:0:0:0:0:1"), 6);
	assert_memory_equal(a, doc, IPADDRLEN);
	assert_int_equal(ip_parse(a, "::"), 6);
	assert_memory_equal(a, ip_noaddr, IPADDRLEN);
	assert_string_equal(reprint("::1", 6), "::1");
	assert_string_equal(reprint("1::", 6), "1::");
	assert_string_equal(reprint("1:2:3:4:5:6:7:8", 6), "1:2:3:4:5:6:7:8");
	assert_string_equal(reprint("1:2:3:4:5:6::8", 6), "1:2:3:4:5:6::8");
	assert_string_equal(reprint("::2:3:4:5:6:7:8", 6), "::2:3:4:5:6:7:8");
	assert_string_equal(reprint("0001:0002::000f", 6), "1:2::f");
	assert_string_equal(reprint("ff02::1:ff00:1", 6), "ff02::1:ff00:1");
	assert_string_equal(reprint("1:2:3:4:5:6:1.2.3.4", 6),
	    "1:2:3:4:5:6:102:304");
}

/* The v4-mapped form is IPv6 text but prints dotted (§1.4). */
static void
test_v4_mapped(void **state)
{
	uint8_t a[IPADDRLEN], b[IPADDRLEN];

	(void)state;
	assert_int_equal(ip_parse(a, "::ffff:1.2.3.4"), 6);
	assert_int_equal(ip_parse(b, "1.2.3.4"), 0x01020304);
	assert_memory_equal(a, b, IPADDRLEN);
	assert_true(ip_isv4(a));
	assert_string_equal(reprint("::ffff:1.2.3.4", 6), "1.2.3.4");
	assert_string_equal(reprint("::ffff:0.0.0.0", 6), "0.0.0.0");
	assert_string_equal(reprint("::ffff:c000:201", 6), "192.0.2.1");
	/* Not mapped: no embedded dotted form on output. */
	assert_string_equal(reprint("::1.2.3.4", 6), "::102:304");
	assert_string_equal(reprint("64:ff9b::1.2.3.4", 6), "64:ff9b::102:304");
}

/* §1.4: the longest zero run becomes ::, leftmost on a tie, even one. */
static void
test_print_zero_runs(void **state)
{
	(void)state;
	assert_string_equal(reprint("2001:db8:0:1:1:1:1:1", 6),
	    "2001:db8::1:1:1:1:1");
	assert_string_equal(reprint("1:0:0:2:0:0:3:4", 6), "1::2:0:0:3:4");
	assert_string_equal(reprint("1:0:0:2:0:0:0:4", 6), "1:0:0:2::4");
	assert_string_equal(reprint("1:0:2:0:3:0:4:0", 6), "1::2:0:3:0:4:0");
	assert_string_equal(reprint("0:0:0:0:0:0:0:0", 6), "::");
	assert_string_equal(reprint("0:0:0:0:0:0:0:1", 6), "::1");
	assert_string_equal(reprint("1:0:0:0:0:0:0:0", 6), "1::");
	assert_string_equal(reprint("fe80::0:1", 6), "fe80::1");
	assert_string_equal(reprint("ABCD:EF01::", 6), "abcd:ef01::");
}

static void
test_print_buffer_limits(void **state)
{
	char small[5];
	uint8_t a[IPADDRLEN];

	(void)state;
	assert_int_equal(ip_parse(a, "2001:db8::1"), 6);
	assert_int_equal(ip_fmt(small, sizeof(small), a), 4);
	assert_string_equal(small, "2001");
	assert_int_equal(ip_fmt(small, 0, a), 0);
	{
		char full[IPSTRLEN];
		static const uint8_t wide[IPADDRLEN] = {
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
		};

		assert_int_equal(ip_fmt(full, sizeof(full), wide), 39);
		assert_string_equal(full,
		    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe");
	}
}

/* §1.4 %M: /n counted over 128 bits, or %I when not contiguous. */
static void
test_print_masks(void **state)
{
	char out[IPSTRLEN];
	uint8_t m[IPADDRLEN];

	(void)state;
	ip_masklenmask(m, 120);
	assert_int_equal(ip_fmtmask(out, sizeof(out), m), 4);
	assert_string_equal(out, "/120");
	ip_masklenmask(m, 96);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/96");
	ip_masklenmask(m, 128);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/128");
	ip_masklenmask(m, 64);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/64");
	ip_masklenmask(m, 0);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/0");
	ip_masklenmask(m, 125);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/125");
	/* Not contiguous: printed as an address. */
	memset(m, 0xff, IPADDRLEN);
	m[13] = 0;
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "ffff:ffff:ffff:ffff:ffff:ffff:ff00:ffff");
}

static void
test_parse_masks(void **state)
{
	int rc;

	(void)state;
	/* For an IPv4 address, /24, /120 and 255.255.255.0 are one mask. */
	assert_string_equal(maskprint("/24", 1, &rc), "/120");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/120", 1, &rc), "/120");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("255.255.255.0", 1, &rc), "/120");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/32", 1, &rc), "/128");
	assert_string_equal(maskprint("/0", 1, &rc), "/96");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/96", 1, &rc), "/96");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/-5", 1, &rc), "/96");	/* -> 0 */
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("0.0.0.0", 1, &rc), "/96");
	assert_int_equal(rc, 0);
	/* /33 to /95 cannot be an IPv4 mask. */
	maskprint("/33", 1, &rc);
	assert_int_equal(rc, -1);
	maskprint("/95", 1, &rc);
	assert_int_equal(rc, -1);
	maskprint("/64", 1, &rc);
	assert_int_equal(rc, -1);
	/* IPv6: anything from 0 to 128, capped. */
	assert_string_equal(maskprint("/64", 0, &rc), "/64");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/0", 0, &rc), "/0");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/-5", 0, &rc), "/0");
	assert_string_equal(maskprint("/33", 0, &rc), "/33");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/200", 0, &rc), "/128");
	assert_int_equal(rc, 0);
	assert_string_equal(maskprint("/99999999999999999999", 0, &rc),
	    "/128");
	assert_string_equal(maskprint("ffff:ffff:ffff:ffff::", 0, &rc), "/64");
	assert_int_equal(rc, 0);
	/* Address masks with v4: mapped text or twelve ff bytes only. */
	maskprint("ffff:ffff:ffff:ffff::", 1, &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(maskprint(
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00", 1, &rc), "/120");
	assert_int_equal(rc, 0);
	/* A non-contiguous v4 mask is kept and prints as an address. */
	assert_string_equal(maskprint("255.0.255.0", 1, &rc),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ff00:ff00");
	assert_int_equal(rc, 0);
	maskprint("junk", 1, &rc);
	assert_int_equal(rc, -1);
	maskprint("junk", 0, &rc);
	assert_int_equal(rc, -1);
	maskprint("", 0, &rc);
	assert_int_equal(rc, -1);
}

static void
test_parse_ip_and_mask(void **state)
{
	uint8_t a[IPADDRLEN], m[IPADDRLEN], m2[IPADDRLEN];
	char out[IPSTRLEN];

	(void)state;
	assert_int_equal(ip_parseandmask(a, m, "192.0.2.2", "255.255.255.0"),
	    0xc0000202);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/120");
	assert_int_equal(ip_parseandmask(a, m2, "192.0.2.2", "/24"),
	    0xc0000202);
	assert_memory_equal(m, m2, IPADDRLEN);
	assert_int_equal(ip_parseandmask(a, m2, "192.0.2.2", "/120"),
	    0xc0000202);
	assert_memory_equal(m, m2, IPADDRLEN);
	assert_int_equal(ip_parseandmask(a, m, "192.0.2.2", NULL), 0xc0000202);
	assert_memory_equal(m, ip_allones, IPADDRLEN);
	assert_int_equal(ip_parseandmask(a, m, "192.0.2.2", "/33"), -1);
	assert_int_equal(ip_parseandmask(a, m, "192.0.2.", "/24"), -1);
	assert_int_equal(ip_parseandmask(a, m, "2001:db8::1", "/64"), 6);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/64");
	/* An IPv6 address takes /24 as 24 bits. */
	assert_int_equal(ip_parseandmask(a, m, "2001:db8::1", "/24"), 6);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/24");
	/* 0.0.0.0 with mask 0.0.0.0: the default route, not an error. */
	assert_int_equal(ip_parseandmask(a, m, "0", "0"), 0);
	ip_fmtmask(out, sizeof(out), m);
	assert_string_equal(out, "/96");
}

static const char *
defmask_of(const char *text)
{
	static char out[IPSTRLEN];
	uint8_t a[IPADDRLEN], m[IPADDRLEN];

	assert_int_not_equal(ip_parse(a, text), -1);
	ip_defmask(m, a);
	ip_fmtmask(out, sizeof(out), m);
	return out;
}

/* §1.5 defmask: classes for IPv4, the listed prefixes for IPv6. */
static void
test_defmask(void **state)
{
	(void)state;
	assert_string_equal(defmask_of("10.1.2.3"), "/104");
	assert_string_equal(defmask_of("127.0.0.1"), "/104");
	assert_string_equal(defmask_of("0.0.0.0"), "/104");
	assert_string_equal(defmask_of("128.0.0.1"), "/112");
	assert_string_equal(defmask_of("172.16.0.1"), "/112");
	assert_string_equal(defmask_of("191.255.0.1"), "/112");
	assert_string_equal(defmask_of("192.0.2.1"), "/120");
	assert_string_equal(defmask_of("224.0.0.1"), "/120");
	assert_string_equal(defmask_of("240.0.0.1"), "/120");
	assert_string_equal(defmask_of("255.255.255.255"), "/120");
	assert_string_equal(defmask_of("::1"), "/128");
	assert_string_equal(defmask_of("fe80::1"), "/64");
	assert_string_equal(defmask_of("fe80::1:2:3:4"), "/64");
	assert_string_equal(defmask_of("fe80:0:0:1::1"), "/128");
	assert_string_equal(defmask_of("ff02::1:ff00:1"), "/104");
	assert_string_equal(defmask_of("ff02::1:ffab:cdef"), "/104");
	assert_string_equal(defmask_of("ff02::1"), "/8");
	assert_string_equal(defmask_of("ff05::1:3"), "/8");
	assert_string_equal(defmask_of("2001:db8::1"), "/128");
	assert_string_equal(defmask_of("::"), "/128");
}

static void
test_parsemac(void **state)
{
	static const uint8_t want[6] = { 0x5e, 0x2c, 0x0d, 0x1a, 0x7b, 0x33 };
	uint8_t m[8];

	(void)state;
	memset(m, 0xa5, sizeof(m));
	assert_int_equal(ip_parsemac(m, "5e2c0d1a7b33", 6), 6);
	assert_memory_equal(m, want, 6);
	assert_int_equal(m[6], 0xa5);
	assert_int_equal(ip_parsemac(m, "5e:2c:0d:1a:7b:33", 6), 6);
	assert_memory_equal(m, want, 6);
	assert_int_equal(ip_parsemac(m, "5E2C0D1A7B33", 6), 6);
	assert_memory_equal(m, want, 6);
	/* Stops at the limit, at a non-hex pair, or at an odd digit. */
	assert_int_equal(ip_parsemac(m, "5e2c0d1a7b33", 3), 3);
	assert_memory_equal(m, want, 3);
	assert_int_equal(ip_parsemac(m, "5e2c", 6), 2);
	assert_memory_equal(m, want, 2);
	assert_int_equal(m[2] | m[3] | m[4] | m[5], 0);
	assert_int_equal(ip_parsemac(m, "5e2c0", 6), 2);
	assert_int_equal(ip_parsemac(m, "5e:zz:0d", 6), 1);
	assert_int_equal(ip_parsemac(m, "zz", 6), 0);
	assert_int_equal(ip_parsemac(m, "", 6), 0);
	assert_int_equal(m[0], 0);
	assert_int_equal(ip_parsemac(m, "5e", 0), 0);
}

static void
test_print_ether_and_v4(void **state)
{
	static const uint8_t mac[6] = { 0x5e, 0x2c, 0x0d, 0x1a, 0x7b, 0x33 };
	static const uint8_t v4[4] = { 203, 0, 113, 9 };
	char out[IPSTRLEN];

	(void)state;
	assert_int_equal(ip_fmtether(out, sizeof(out), mac), 12);
	assert_string_equal(out, "5e2c0d1a7b33");
	assert_int_equal(ip_fmtv4(out, sizeof(out), v4), 11);
	assert_string_equal(out, "203.0.113.9");
}

static void
test_predicates(void **state)
{
	uint8_t a[IPADDRLEN];

	(void)state;
	ip_parse(a, "192.0.2.1");
	assert_true(ip_isv4(a));
	assert_false(ip_ismulti(a));
	assert_false(ip_iszero(a));
	ip_parse(a, "224.0.0.1");
	assert_true(ip_ismulti(a));
	assert_memory_equal(a, ip_v4allsys, IPADDRLEN);
	ip_parse(a, "239.255.255.250");
	assert_true(ip_ismulti(a));
	ip_parse(a, "240.0.0.1");
	assert_false(ip_ismulti(a));
	ip_parse(a, "ff02::1");
	assert_false(ip_isv4(a));
	assert_true(ip_ismulti(a));
	ip_parse(a, "2001:db8::1");
	assert_false(ip_ismulti(a));
	ip_parse(a, "::");
	assert_true(ip_iszero(a));
	assert_false(ip_isv4(a));
	ip_parse(a, "0.0.0.0");
	assert_true(ip_iszero(a));
	/* ::e000:1 is not 224.0.0.1: only the mapped form is IPv4. */
	ip_parse(a, "::e000:1");
	assert_false(ip_ismulti(a));
}

static void
test_conversions(void **state)
{
	static const uint8_t v4[4] = { 198, 51, 100, 7 };
	uint8_t a[IPADDRLEN], b[IPADDRLEN], back[4];

	(void)state;
	ip_v4tov6(a, v4);
	ip_parse(b, "198.51.100.7");
	assert_memory_equal(a, b, IPADDRLEN);
	ip_v6tov4(back, a);
	assert_memory_equal(back, v4, 4);
	assert_int_equal(ip_tov4(a), 0xc6336407);
	ip_fromv4(b, 0xc6336407);
	assert_memory_equal(a, b, IPADDRLEN);
}

static void
test_and_or_cmp(void **state)
{
	uint8_t a[IPADDRLEN], m[IPADDRLEN], net[IPADDRLEN], want[IPADDRLEN];
	uint8_t b[IPADDRLEN], host[IPADDRLEN];

	(void)state;
	ip_parse(a, "192.0.2.77");
	ip_parsemask(m, "/24", 1);
	ip_and(net, a, m);
	ip_parse(want, "192.0.2.0");
	assert_memory_equal(net, want, IPADDRLEN);
	ip_parse(host, "::4d");
	ip_or(b, net, host);
	assert_memory_equal(b, a, IPADDRLEN);
	assert_int_equal(ip_cmp(a, b), 0);
	ip_parse(b, "192.0.2.78");
	assert_true(ip_cmp(a, b) < 0);
	assert_true(ip_cmp(b, a) > 0);
}

static void
test_masklen(void **state)
{
	uint8_t m[IPADDRLEN];
	int n;

	(void)state;
	for (n = 0; n <= 128; n++) {
		ip_masklenmask(m, n);
		assert_int_equal(ip_masklen(m), n);
	}
	ip_masklenmask(m, -1);
	assert_int_equal(ip_masklen(m), 0);
	ip_masklenmask(m, 200);
	assert_int_equal(ip_masklen(m), 128);
	ip_masklenmask(m, 13);
	assert_int_equal(m[0], 0xff);
	assert_int_equal(m[1], 0xf8);
	assert_int_equal(m[2], 0);
	/* Holes make a mask non-contiguous. */
	ip_masklenmask(m, 120);
	m[13] = 0xfe;
	assert_int_equal(ip_masklen(m), -1);
	ip_masklenmask(m, 64);
	m[15] = 1;
	assert_int_equal(ip_masklen(m), -1);
	ip_masklenmask(m, 0);
	m[0] = 0x7f;
	assert_int_equal(ip_masklen(m), -1);
}

static void
test_comprefixlen(void **state)
{
	uint8_t a[IPADDRLEN], b[IPADDRLEN];

	(void)state;
	ip_parse(a, "2001:db8::1");
	assert_int_equal(ip_comprefixlen(a, a), 128);
	ip_parse(b, "2001:db8::2");
	assert_int_equal(ip_comprefixlen(a, b), 126);
	ip_parse(b, "8001:db8::1");
	assert_int_equal(ip_comprefixlen(a, b), 0);
	ip_parse(a, "192.0.2.1");
	ip_parse(b, "192.0.2.129");
	assert_int_equal(ip_comprefixlen(a, b), 120);
	ip_parse(b, "198.51.100.1");
	assert_int_equal(ip_comprefixlen(a, b), 101);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ipv4),
		cmocka_unit_test(test_parse_short_forms),
		cmocka_unit_test(test_parse_hex_and_octal),
		cmocka_unit_test(test_parse_trailing_delimiters),
		cmocka_unit_test(test_parse_syntax_errors),
		cmocka_unit_test(test_parse_ipv6),
		cmocka_unit_test(test_v4_mapped),
		cmocka_unit_test(test_print_zero_runs),
		cmocka_unit_test(test_print_buffer_limits),
		cmocka_unit_test(test_print_masks),
		cmocka_unit_test(test_parse_masks),
		cmocka_unit_test(test_parse_ip_and_mask),
		cmocka_unit_test(test_defmask),
		cmocka_unit_test(test_parsemac),
		cmocka_unit_test(test_print_ether_and_v4),
		cmocka_unit_test(test_predicates),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_and_or_cmp),
		cmocka_unit_test(test_masklen),
		cmocka_unit_test(test_comprefixlen),
	};

	return cmocka_run_group_tests_name("wire_ipaddr", tests, NULL, NULL);
}
