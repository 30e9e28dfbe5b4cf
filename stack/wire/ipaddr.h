/* SPDX-License-Identifier: MIT */
/*
 * Plan 9 address text: parseip, parseipmask, parseipandmask, defmask and the
 * %I %M %E %V print forms of 9front's libip (spec/plan9-ip.md §1.4, §1.5).
 * Every address is 16 bytes; IPv4 is stored v4-mapped (10 zero bytes, ff ff,
 * then the four octets) and an IPv4 mask has its first 12 bytes set to ff.
 * Pure: no allocation, no DPDK, no clock. Used by the ctl handlers on the
 * control thread and by tests.
 */
#ifndef STACK_WIRE_IPADDR_H
#define STACK_WIRE_IPADDR_H

#include <stddef.h>
#include <stdint.h>

enum {
	IPADDRLEN = 16,		/* bytes in every stored address */
	IPV4ADDRLEN = 4,
	IPV4OFF = 12,		/* offset of the v4 octets in a mapped address */
	IPSTRLEN = 48,		/* enough for any %I or %M text plus NUL */
};

extern const uint8_t ip_v4prefix[IPV4OFF];	/* 00*10 ff ff */
extern const uint8_t ip_noaddr[IPADDRLEN];	/* :: */
extern const uint8_t ip_v4noaddr[IPADDRLEN];	/* ::ffff:0.0.0.0 */
extern const uint8_t ip_allones[IPADDRLEN];	/* ff * 16 */
extern const uint8_t ip_v4bcast[IPADDRLEN];	/* 255.255.255.255 mapped */
extern const uint8_t ip_v4allsys[IPADDRLEN];	/* 224.0.0.1 mapped */

/*
 * parseip: IPv6 text or IPv4 text (classful short forms, strtoul base 0
 * components). Trailing characters that cannot continue an address are
 * allowed. Returns -1 on a syntax error, 6 for IPv6, otherwise the 32-bit
 * IPv4 value (so 0.0.0.0 returns 0).
 */
int64_t ip_parse(uint8_t to[IPADDRLEN], const char *from);

/* parseipmask: "/n" or a mask address; v4 != 0 when the paired address is
 * IPv4 (then /n adds 96 and a result below /96 is an error). Returns -1 on
 * error, 0 otherwise. */
int ip_parsemask(uint8_t to[IPADDRLEN], const char *from, int v4);

/* parseipandmask: mask NULL means all ones. Returns -1 on error, else what
 * ip_parse returned. */
int64_t ip_parseandmask(uint8_t ip[IPADDRLEN], uint8_t mask[IPADDRLEN],
    const char *ipstr, const char *maskstr);

/* defmask: the class mask for IPv4, the §1.5 rules for IPv6. */
void ip_defmask(uint8_t mask[IPADDRLEN], const uint8_t ip[IPADDRLEN]);

/* parsemac: hex pairs with optional ':' separators, at most len bytes.
 * Returns the number of bytes parsed (0 when none). */
int ip_parsemac(uint8_t *to, const char *from, int len);

int ip_isv4(const uint8_t ip[IPADDRLEN]);	/* first 12 bytes are the v4 prefix */
int ip_ismulti(const uint8_t ip[IPADDRLEN]);	/* 224/4 mapped, or ff00::/8 */
int ip_iszero(const uint8_t ip[IPADDRLEN]);	/* :: or 0.0.0.0 mapped */
void ip_v4tov6(uint8_t to[IPADDRLEN], const uint8_t v4[IPV4ADDRLEN]);
void ip_v6tov4(uint8_t v4[IPV4ADDRLEN], const uint8_t from[IPADDRLEN]);
void ip_fromv4(uint8_t to[IPADDRLEN], uint32_t host_order_v4);
uint32_t ip_tov4(const uint8_t from[IPADDRLEN]);	/* host order */
void ip_and(uint8_t to[IPADDRLEN], const uint8_t a[IPADDRLEN],
    const uint8_t mask[IPADDRLEN]);
void ip_or(uint8_t to[IPADDRLEN], const uint8_t a[IPADDRLEN],
    const uint8_t b[IPADDRLEN]);
int ip_cmp(const uint8_t a[IPADDRLEN], const uint8_t b[IPADDRLEN]);
/* Length of a contiguous mask in bits over all 128, -1 when not contiguous. */
int ip_masklen(const uint8_t mask[IPADDRLEN]);
/* Mask of n leading one bits (n over all 128 bits). */
void ip_masklenmask(uint8_t mask[IPADDRLEN], int n);
/* Number of leading bits a and b share (0..128). */
int ip_comprefixlen(const uint8_t a[IPADDRLEN], const uint8_t b[IPADDRLEN]);

/*
 * Print forms. Each writes a NUL-terminated string into buf (n bytes, at
 * least IPSTRLEN) and returns its length. Callers pad with "%-15s" and the
 * like, which is what the 9front width flags do.
 */
int ip_fmt(char *buf, size_t n, const uint8_t ip[IPADDRLEN]);		/* %I */
int ip_fmtmask(char *buf, size_t n, const uint8_t mask[IPADDRLEN]);	/* %M */
int ip_fmtether(char *buf, size_t n, const uint8_t mac[6]);		/* %E */
int ip_fmtv4(char *buf, size_t n, const uint8_t v4[IPV4ADDRLEN]);	/* %V */

#endif /* STACK_WIRE_IPADDR_H */
