/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for Plan 9 address text (stack/wire/ipaddr.h). The
 * input, as a NUL-terminated string, goes through ip_parse, ip_parsemask
 * (IPv4 and IPv6 pairing), ip_parsemac, and, split at its first space,
 * ip_parseandmask. Properties: what parses prints (%I %M %E) to text that
 * parses back to the same bytes; ip_parse's value is 6 or the IPv4
 * address; ip_parseandmask agrees with the separate calls; the default
 * mask is contiguous and survives masklen -> masklenmask. Fuzz builds only.
 */
#include "stack/wire/ipaddr.h"
#include "tests/fuzz/fuzz.h"

static void
check_ip(const char *s)
{
	uint8_t a[IPADDRLEN], b[IPADDRLEN], m[IPADDRLEN], m2[IPADDRLEN];
	char t[IPSTRLEN];
	int64_t x;
	int n, len;

	x = ip_parse(a, s);
	if (x == -1) {
		FUZZ_CHECK(ip_iszero(a) && !ip_isv4(a));
		return;
	}
	FUZZ_CHECK(x == 6 || (ip_isv4(a) && x == ip_tov4(a)));
	len = ip_fmt(t, sizeof(t), a);
	FUZZ_CHECK(len > 0 && (size_t)len < sizeof(t) && t[len] == '\0' &&
	    strlen(t) == (size_t)len);
	FUZZ_CHECK(ip_parse(b, t) != -1);
	FUZZ_CHECK(ip_cmp(a, b) == 0);
	FUZZ_CHECK(ip_comprefixlen(a, b) == 128);
	if (ip_isv4(a)) {
		len = ip_fmtv4(t, sizeof(t), a + IPV4OFF);
		FUZZ_CHECK(len >= 7 && len <= 15);
		FUZZ_CHECK(ip_parse(b, t) == ip_tov4(a) && ip_cmp(a, b) == 0);
	}

	ip_defmask(m, a);
	n = ip_masklen(m);
	FUZZ_CHECK(n >= 0 && n <= 128);
	if (ip_isv4(a))
		FUZZ_CHECK(n >= 96 + 8 && n <= 96 + 24);
	ip_masklenmask(m2, n);
	FUZZ_CHECK(memcmp(m, m2, IPADDRLEN) == 0);
	ip_and(b, a, m);
	FUZZ_CHECK(ip_comprefixlen(a, b) >= n);
}

static void
check_mask(const char *s, int v4)
{
	uint8_t m[IPADDRLEN], m2[IPADDRLEN];
	char t[IPSTRLEN];
	int len;

	if (ip_parsemask(m, s, v4) != 0)
		return;
	if (v4)
		FUZZ_CHECK(memcmp(m, ip_allones, IPV4OFF) == 0);
	len = ip_fmtmask(t, sizeof(t), m);
	FUZZ_CHECK(len > 0 && (size_t)len < sizeof(t));
	FUZZ_CHECK(ip_parsemask(m2, t, v4) == 0);
	FUZZ_CHECK(memcmp(m, m2, IPADDRLEN) == 0);
}

static void
check_mac(const char *s)
{
	uint8_t mac[6], mac2[6];
	char t[IPSTRLEN];
	int n;

	n = ip_parsemac(mac, s, 6);
	FUZZ_CHECK(n >= 0 && n <= 6);
	FUZZ_CHECK(ip_fmtether(t, sizeof(t), mac) == 12);
	FUZZ_CHECK(ip_parsemac(mac2, t, 6) == 6);
	FUZZ_CHECK(memcmp(mac, mac2, 6) == 0);
	FUZZ_CHECK(ip_parsemac(mac2, s, 0) == 0);
}

static void
check_pair(char *s)
{
	uint8_t a[IPADDRLEN], m[IPADDRLEN], a2[IPADDRLEN], m2[IPADDRLEN];
	char *sp, *maskstr;
	int64_t x, y;
	int mv;

	sp = strchr(s, ' ');
	maskstr = NULL;
	if (sp != NULL) {
		*sp = '\0';
		maskstr = sp + 1;
	}
	x = ip_parseandmask(a, m, s, maskstr);
	y = ip_parse(a2, s);
	FUZZ_CHECK(ip_cmp(a, a2) == 0);
	if (maskstr == NULL) {
		FUZZ_CHECK(x == y && memcmp(m, ip_allones, IPADDRLEN) == 0);
		return;
	}
	mv = ip_parsemask(m2, maskstr, ip_isv4(a2));
	FUZZ_CHECK(x == (mv == -1 ? -1 : y));
	if (mv == 0)
		FUZZ_CHECK(memcmp(m, m2, IPADDRLEN) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;	/* address text is short; keep runs fast */
	s = fuzz_strdup(data, size);
	check_ip(s);
	check_mask(s, 0);
	check_mask(s, 1);
	check_mac(s);
	check_pair(s);		/* last: cuts s at its first space */
	free(s);
	return 0;
}
