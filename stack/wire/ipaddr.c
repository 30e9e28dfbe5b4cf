/* SPDX-License-Identifier: MIT */
/*
 * Plan 9 address text (spec/plan9-ip.md §1.4, §1.5): parse IPv4, IPv6,
 * masks and MACs into 16-byte (or 6-byte) addresses and print them back
 * in the forms of 9front's %I %M %E %V. Called by the ctl handlers on the
 * control thread and by tests; owns only the constant addresses below.
 *
 * The parser follows 9front's libip where it is well defined and is
 * stricter where 9front's result depends on accidents of its loop: an
 * IPv4 component above 255, an empty component, IPv6 text with a stray
 * ':' at either end, or fewer than 8 groups without "::" are syntax
 * errors here, and a delimiter after a short IPv4 form does not change
 * its classful expansion.
 */
#include "stack/wire/ipaddr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const uint8_t ip_v4prefix[IPV4OFF] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
};
const uint8_t ip_noaddr[IPADDRLEN];
const uint8_t ip_v4noaddr[IPADDRLEN] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0,
};
const uint8_t ip_allones[IPADDRLEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
const uint8_t ip_v4bcast[IPADDRLEN] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
const uint8_t ip_v4allsys[IPADDRLEN] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 224, 0, 0, 1,
};

/* IPv6 prefixes that have their own default mask (§1.5). */
static const uint8_t ip_v6linklocal[8] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0 };
static const uint8_t ip_v6solicited[13] = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff,
};

/* ASCII classes, independent of the locale. */
static int
ip_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static int
ip_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A character that cannot continue an address ends it (libip delimchar). */
static int
ip_isdelim(int c)
{
	if (c == '.' || c == ':' || ip_isdigit(c))
		return 0;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 0;
	return 1;
}

/*
 * Dotted IPv4 text at s into to[4]: one to four components, each read by
 * strtoul base 0 (so 0x hex and leading-0 octal), each at most 255, then
 * the classful expansion of short forms: class A a.b -> a.0.0.b and
 * a.b.c -> a.0.b.c, class B a.b.c -> a.b.0.c, one component -> a.0.0.0.
 * Returns the first character after the text, or NULL on a syntax error.
 */
static const char *
ip_parsev4(uint8_t to[IPV4ADDRLEN], const char *s)
{
	unsigned long v;
	char *end;
	int n;

	memset(to, 0, IPV4ADDRLEN);
	for (n = 0; n < IPV4ADDRLEN; n++) {
		if (!ip_isdigit((unsigned char)*s))
			return NULL;
		v = strtoul(s, &end, 0);
		if (v > 255)
			return NULL;
		to[n] = (uint8_t)v;
		s = end;
		if (*s != '.' || n == IPV4ADDRLEN - 1)
			break;
		s++;
	}
	n++;
	switch (to[0] >> 6) {
	case 0:
	case 1:
		if (n == 3) {
			to[3] = to[2];
			to[2] = to[1];
			to[1] = 0;
		} else if (n == 2) {
			to[3] = to[1];
			to[1] = 0;
		}
		break;
	case 2:
		if (n == 3) {
			to[3] = to[2];
			to[2] = 0;
		}
		break;
	}
	return s;
}

/*
 * IPv6 text at s into to: hex groups of at most 16 bits separated by
 * ':', at most one "::", and optionally dotted IPv4 text as the last 32
 * bits. Returns the first character after the text, or NULL.
 */
static const char *
ip_parsev6(uint8_t to[IPADDRLEN], const char *s)
{
	uint16_t g[8];
	const char *start;
	uint8_t v4[IPV4ADDRLEN];
	unsigned long v;
	int d, i, ng, ell;

	ng = 0;
	ell = -1;
	if (s[0] == ':') {
		if (s[1] != ':')
			return NULL;
		ell = 0;
		s += 2;
	}
	while (!ip_isdelim((unsigned char)*s)) {
		start = s;
		for (v = 0; (d = ip_hexval((unsigned char)*s)) >= 0; s++) {
			v = v << 4 | (unsigned long)d;
			if (v > 0xffff)
				return NULL;
		}
		if (*s == '.') {
			/* Dotted IPv4 tail: the last two groups. */
			if (ng > 6 || (s = ip_parsev4(v4, start)) == NULL)
				return NULL;
			g[ng++] = (uint16_t)(v4[0] << 8 | v4[1]);
			g[ng++] = (uint16_t)(v4[2] << 8 | v4[3]);
			break;
		}
		if (s == start || ng == 8)
			return NULL;
		g[ng++] = (uint16_t)v;
		if (*s != ':')
			break;
		if (s[1] == ':') {
			if (ell >= 0)
				return NULL;		/* a second "::" */
			ell = ng;
			s += 2;
		} else {
			s++;
			if (ip_hexval((unsigned char)*s) < 0)
				return NULL;		/* a stray ':' */
		}
	}
	if (ell < 0 ? ng != 8 : ng > 7)
		return NULL;
	memset(to, 0, IPADDRLEN);
	for (i = 0; i < ng; i++) {
		/* Groups after "::" move to the end. */
		d = (ell < 0 || i < ell) ? i : i + 8 - ng;
		to[2 * d] = (uint8_t)(g[i] >> 8);
		to[2 * d + 1] = (uint8_t)g[i];
	}
	return s;
}

int64_t
ip_parse(uint8_t to[IPADDRLEN], const char *from)
{
	const char *s, *end;
	uint8_t v4[IPV4ADDRLEN];

	/* Text without ':' before the first delimiter is IPv4. */
	for (s = from; !ip_isdelim((unsigned char)*s) && *s != ':'; s++)
		;
	if (*s == ':') {
		end = ip_parsev6(to, from);
		if (end == NULL || !ip_isdelim((unsigned char)*end))
			goto bad;
		return 6;
	}
	end = ip_parsev4(v4, from);
	if (end == NULL || !ip_isdelim((unsigned char)*end))
		goto bad;
	ip_v4tov6(to, v4);
	return ip_tov4(to);
bad:
	memset(to, 0, IPADDRLEN);
	return -1;
}

int
ip_parsemask(uint8_t to[IPADDRLEN], const char *from, int v4)
{
	long n;

	if (from[0] == '/') {
		/* atoi() semantics: junk reads as 0; clamp before narrowing. */
		n = strtol(from + 1, NULL, 10);
		if (n < 0)
			n = 0;
		if (v4 && n <= 32)
			n += 96;
		if (n > 128)
			n = 128;
		ip_masklenmask(to, (int)n);
		if (v4 && n < 96)
			return -1;
		return 0;
	}
	if (ip_parse(to, from) == -1)
		return -1;
	if (memcmp(to, ip_v4prefix, IPV4OFF) == 0)
		memset(to, 0xff, IPV4OFF);
	else if (v4 && memcmp(to, ip_allones, IPV4OFF) != 0)
		return -1;
	return 0;
}

int64_t
ip_parseandmask(uint8_t ip[IPADDRLEN], uint8_t mask[IPADDRLEN],
    const char *ipstr, const char *maskstr)
{
	int64_t x;

	x = ip_parse(ip, ipstr);
	if (maskstr == NULL)
		memset(mask, 0xff, IPADDRLEN);
	else if (ip_parsemask(mask, maskstr, ip_isv4(ip)) == -1)
		x = -1;
	return x;
}

void
ip_defmask(uint8_t mask[IPADDRLEN], const uint8_t ip[IPADDRLEN])
{
	static const uint8_t v6loopback[IPADDRLEN] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	};

	if (ip_isv4(ip)) {
		/* Class A /8, B /16, C, D and E /24, over 128 bits. */
		switch (ip[IPV4OFF] >> 6) {
		case 0:
		case 1:
			ip_masklenmask(mask, 96 + 8);
			break;
		case 2:
			ip_masklenmask(mask, 96 + 16);
			break;
		default:
			ip_masklenmask(mask, 96 + 24);
			break;
		}
	} else if (memcmp(ip, v6loopback, IPADDRLEN) == 0)
		ip_masklenmask(mask, 128);
	else if (memcmp(ip, ip_v6linklocal, sizeof(ip_v6linklocal)) == 0)
		ip_masklenmask(mask, 64);
	else if (memcmp(ip, ip_v6solicited, sizeof(ip_v6solicited)) == 0)
		ip_masklenmask(mask, 104);
	else if (ip[0] == 0xff)
		ip_masklenmask(mask, 8);
	else
		ip_masklenmask(mask, 128);
}

int
ip_parsemac(uint8_t *to, const char *from, int len)
{
	int hi, lo, i;

	if (len <= 0)
		return 0;
	memset(to, 0, (size_t)len);
	for (i = 0; i < len; i++) {
		if ((hi = ip_hexval((unsigned char)from[0])) < 0 ||
		    (lo = ip_hexval((unsigned char)from[1])) < 0)
			break;
		to[i] = (uint8_t)(hi << 4 | lo);
		from += 2;
		if (*from == ':')
			from++;
	}
	return i;
}

int
ip_isv4(const uint8_t ip[IPADDRLEN])
{
	return memcmp(ip, ip_v4prefix, IPV4OFF) == 0;
}

int
ip_ismulti(const uint8_t ip[IPADDRLEN])
{
	if (ip_isv4(ip))
		return (ip[IPV4OFF] & 0xf0) == 0xe0;
	return ip[0] == 0xff;
}

int
ip_iszero(const uint8_t ip[IPADDRLEN])
{
	return memcmp(ip, ip_noaddr, IPADDRLEN) == 0 ||
	    memcmp(ip, ip_v4noaddr, IPADDRLEN) == 0;
}

void
ip_v4tov6(uint8_t to[IPADDRLEN], const uint8_t v4[IPV4ADDRLEN])
{
	memcpy(to, ip_v4prefix, IPV4OFF);
	memcpy(to + IPV4OFF, v4, IPV4ADDRLEN);
}

void
ip_v6tov4(uint8_t v4[IPV4ADDRLEN], const uint8_t from[IPADDRLEN])
{
	memcpy(v4, from + IPV4OFF, IPV4ADDRLEN);
}

void
ip_fromv4(uint8_t to[IPADDRLEN], uint32_t host_order_v4)
{
	memcpy(to, ip_v4prefix, IPV4OFF);
	to[12] = (uint8_t)(host_order_v4 >> 24);
	to[13] = (uint8_t)(host_order_v4 >> 16);
	to[14] = (uint8_t)(host_order_v4 >> 8);
	to[15] = (uint8_t)host_order_v4;
}

uint32_t
ip_tov4(const uint8_t from[IPADDRLEN])
{
	return (uint32_t)from[12] << 24 | (uint32_t)from[13] << 16 |
	    (uint32_t)from[14] << 8 | from[15];
}

void
ip_and(uint8_t to[IPADDRLEN], const uint8_t a[IPADDRLEN],
    const uint8_t mask[IPADDRLEN])
{
	int i;

	for (i = 0; i < IPADDRLEN; i++)
		to[i] = a[i] & mask[i];
}

void
ip_or(uint8_t to[IPADDRLEN], const uint8_t a[IPADDRLEN],
    const uint8_t b[IPADDRLEN])
{
	int i;

	for (i = 0; i < IPADDRLEN; i++)
		to[i] = a[i] | b[i];
}

int
ip_cmp(const uint8_t a[IPADDRLEN], const uint8_t b[IPADDRLEN])
{
	return memcmp(a, b, IPADDRLEN);
}

int
ip_masklen(const uint8_t mask[IPADDRLEN])
{
	int i, n;
	uint8_t b;

	for (i = 0; i < IPADDRLEN && mask[i] == 0xff; i++)
		;
	n = i * 8;
	if (i == IPADDRLEN)
		return n;
	/* A partial byte must be ones then zeros: ~b + 1 is a power of 2. */
	b = (uint8_t)~mask[i];
	if ((b & (b + 1)) != 0)
		return -1;
	for (; b != 0; b >>= 1)
		n--;
	n += 8;
	for (i++; i < IPADDRLEN; i++)
		if (mask[i] != 0)
			return -1;
	return n;
}

void
ip_masklenmask(uint8_t mask[IPADDRLEN], int n)
{
	int i;

	if (n < 0)
		n = 0;
	if (n > 128)
		n = 128;
	memset(mask, 0, IPADDRLEN);
	for (i = 0; n >= 8; n -= 8)
		mask[i++] = 0xff;
	if (n > 0)
		mask[i] = (uint8_t)(0xff << (8 - n));
}

int
ip_comprefixlen(const uint8_t a[IPADDRLEN], const uint8_t b[IPADDRLEN])
{
	int i, n;
	uint8_t x;

	for (i = 0; i < IPADDRLEN; i++) {
		x = a[i] ^ b[i];
		if (x == 0)
			continue;
		for (n = i * 8; (x & 0x80) == 0; x <<= 1)
			n++;
		return n;
	}
	return 128;
}

/* Copy a finished text into the caller's buffer; the length written. */
static int
ip_out(char *buf, size_t n, const char *text)
{
	int r;

	if (n == 0)
		return 0;
	r = snprintf(buf, n, "%s", text);
	if (r < 0)
		return 0;
	return (size_t)r < n ? r : (int)n - 1;
}

int
ip_fmt(char *buf, size_t n, const uint8_t ip[IPADDRLEN])
{
	char t[IPSTRLEN];
	uint16_t g[8];
	int i, len, best, bestlen, run;

	if (ip_isv4(ip))
		return ip_fmtv4(buf, n, ip + IPV4OFF);
	for (i = 0; i < 8; i++)
		g[i] = (uint16_t)(ip[2 * i] << 8 | ip[2 * i + 1]);
	/* Longest run of zero groups, leftmost on a tie, even of one. */
	best = -1;
	bestlen = 0;
	for (i = 0; i < 8; i += run > 0 ? run : 1) {
		for (run = 0; i + run < 8 && g[i + run] == 0; run++)
			;
		if (run > bestlen) {
			best = i;
			bestlen = run;
		}
	}
	len = 0;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			len += snprintf(t + len, sizeof(t) - (size_t)len, "::");
			i += bestlen - 1;
			continue;
		}
		if (i != 0 && i != best + bestlen)
			t[len++] = ':';
		len += snprintf(t + len, sizeof(t) - (size_t)len, "%x", g[i]);
	}
	t[len] = '\0';
	return ip_out(buf, n, t);
}

int
ip_fmtmask(char *buf, size_t n, const uint8_t mask[IPADDRLEN])
{
	char t[IPSTRLEN];
	int bits;

	bits = ip_masklen(mask);
	if (bits < 0)
		return ip_fmt(buf, n, mask);
	snprintf(t, sizeof(t), "/%d", bits);
	return ip_out(buf, n, t);
}

int
ip_fmtether(char *buf, size_t n, const uint8_t mac[6])
{
	char t[13];

	snprintf(t, sizeof(t), "%02x%02x%02x%02x%02x%02x",
	    mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return ip_out(buf, n, t);
}

int
ip_fmtv4(char *buf, size_t n, const uint8_t v4[IPV4ADDRLEN])
{
	char t[16];

	snprintf(t, sizeof(t), "%u.%u.%u.%u", v4[0], v4[1], v4[2], v4[3]);
	return ip_out(buf, n, t);
}
