/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the IPv4 header codec (stack/wire/ipv4.h): check,
 * parse (with and without a NIC-verified checksum), the option walk, emit,
 * and the TTL decrement, on any bytes. Properties: the verdict follows the
 * documented order; parse fails on the checksum exactly when it is wrong;
 * the option walk agrees with an independent walk; emit(parse(x)) parses
 * back to the same repr and, when the reserved flag is clear and the
 * checksum was right, gives back the same header bytes; a TTL decrement
 * keeps the checksum right. Fuzz builds only.
 */
#include "stack/wire/ipv4.h"
#include "tests/fuzz/fuzz.h"

/* The verdict of ipv4_check recomputed in the order ipv4.h states. */
static enum ipv4_verdict
expect(const uint8_t *p, size_t len)
{
	size_t hlen, tlen, off;

	if (len < 20)
		return IPV4_SHORT;
	if (p[0] >> 4 != 4)
		return IPV4_BADVER;
	hlen = (p[0] & 15u) * 4u;
	if (hlen < 20)
		return IPV4_BADHLEN;
	if (hlen > len)
		return IPV4_SHORT;
	tlen = get_be16(p + 2);
	if (tlen < hlen || tlen > len)
		return IPV4_BADLEN;
	off = (get_be16(p + 6) & 0x1fffu) * 8u;
	if (off + tlen - hlen > 65535)
		return IPV4_BADFRAG;
	return IPV4_OK;
}

/*
 * The options to copy into later fragments, walked independently of
 * ipv4.c: returns -1 when malformed, else their length padded to 4.
 */
static int
copied(const uint8_t *o, size_t optlen, uint8_t *out)
{
	size_t i = 0, n = 0, olen;

	while (i < optlen && o[i] != 0) {
		if (o[i] == 1) {
			i++;
			continue;
		}
		if (optlen - i < 2 || o[i + 1] < 2 || o[i + 1] > optlen - i)
			return -1;
		olen = o[i + 1];
		if (o[i] & 0x80) {
			memcpy(out + n, o + i, olen);
			n += olen;
		}
		i += olen;
	}
	while (n % 4 != 0)
		out[n++] = 0;
	return (int)n;
}

static void
same_repr(const struct ipv4_repr *a, const struct ipv4_repr *b)
{
	FUZZ_CHECK(a->src == b->src && a->dst == b->dst);
	FUZZ_CHECK(a->payload_len == b->payload_len && a->id == b->id);
	FUZZ_CHECK(a->frag_off == b->frag_off && a->optlen == b->optlen);
	FUZZ_CHECK(a->tos == b->tos && a->ttl == b->ttl &&
	    a->proto == b->proto);
	FUZZ_CHECK(a->df == b->df && a->mf == b->mf);
	FUZZ_CHECK((a->opts == NULL) == (a->optlen == 0));
	FUZZ_CHECK((b->opts == NULL) == (b->optlen == 0));
	if (a->optlen != 0)
		FUZZ_CHECK(memcmp(a->opts, b->opts, a->optlen) == 0);
}

static void
check_options(const uint8_t *p)
{
	uint8_t out[IPV4_OPTLEN_MAX], ref[IPV4_OPTLEN_MAX + 3];
	enum ipv4_verdict ov;
	size_t outlen = 999;
	int n;

	ov = ipv4_opts_copied(p, NULL, NULL);
	FUZZ_CHECK(ov == IPV4_OK || ov == IPV4_BADOPT);
	FUZZ_CHECK(ipv4_opts_copied(p, out, &outlen) == ov);
	n = copied(ipv4_opts(p), ipv4_optlen(p), ref);
	FUZZ_CHECK((n < 0) == (ov == IPV4_BADOPT));
	if (ov != IPV4_OK)
		return;
	FUZZ_CHECK(outlen == (size_t)n);
	FUZZ_CHECK(outlen <= ipv4_optlen(p) && outlen % 4 == 0);
	FUZZ_CHECK(memcmp(out, ref, outlen) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipv4_repr r, r2;
	enum ipv4_verdict v, pv;
	uint8_t *p, *q;
	unsigned hlen, tlen;
	int goodsum;

	p = fuzz_memdup(data, size);
	v = ipv4_check(p, size);
	FUZZ_CHECK(v == expect(p, size));
	FUZZ_CHECK(ipv4_parse(p, size, WIRE_RX_CSUM_OK, &r) == v);
	if (v != IPV4_OK) {
		FUZZ_CHECK(ipv4_parse(p, size, 0, &r2) == v);
		free(p);
		return 0;
	}
	hlen = ipv4_hlen(p);
	tlen = ipv4_tlen(p);
	goodsum = cksum_inet(p, hlen) == 0;
	pv = ipv4_parse(p, size, 0, &r2);
	FUZZ_CHECK(pv == (goodsum ? IPV4_OK : IPV4_BADCKSUM));
	if (goodsum)
		same_repr(&r, &r2);

	/* The repr against the accessors. */
	FUZZ_CHECK(r.optlen == hlen - 20 && r.payload_len == tlen - hlen);
	FUZZ_CHECK(r.src == ipv4_src(p) && r.dst == ipv4_dst(p));
	FUZZ_CHECK(r.frag_off == ipv4_frag_off(p) && r.frag_off % 8 == 0);
	FUZZ_CHECK(ipv4_is_fragment(p) == (r.mf || r.frag_off != 0));
	if (r.optlen != 0)
		FUZZ_CHECK(r.opts == p + 20);

	check_options(p);

	/* emit(parse(x)): header from the repr, payload copied after it. */
	q = malloc(tlen);
	FUZZ_CHECK(q != NULL);
	FUZZ_CHECK(ipv4_emit(&r, q, hlen - 1, 0) == 0);
	FUZZ_CHECK(ipv4_emit(&r, q, tlen, 0) == hlen);
	memcpy(q + hlen, p + hlen, tlen - hlen);
	FUZZ_CHECK(ipv4_check(q, tlen) == IPV4_OK);
	FUZZ_CHECK(ipv4_parse(q, tlen, 0, &r2) == IPV4_OK);
	same_repr(&r, &r2);
	if (goodsum && (ipv4_frag(p) & IPV4_RF) == 0) {
		/*
		 * The same bytes, but for the checksum when the input wrote
		 * zero as 0xffff: both verify (RFC 1624 §3), emit writes
		 * 0x0000 as RFC 1071's computation gives.
		 */
		FUZZ_CHECK(memcmp(q, p, IPV4_O_CKSUM) == 0);
		FUZZ_CHECK(memcmp(q + 12, p + 12, hlen - 12) == 0);
		FUZZ_CHECK(ipv4_cksum(q) == ipv4_cksum(p) ||
		    (ipv4_cksum(q) == 0 && ipv4_cksum(p) == 0xffff));
	}
	/* Offload: the same header with the checksum left 0. */
	FUZZ_CHECK(ipv4_emit(&r, q, tlen, WIRE_TX_CSUM_OFFLOAD) == hlen);
	FUZZ_CHECK(ipv4_cksum(q) == 0);
	FUZZ_CHECK(ipv4_parse(q, tlen, WIRE_RX_CSUM_OK, &r2) == IPV4_OK);
	same_repr(&r, &r2);

	/* Forwarding: the incremental update keeps a right checksum right. */
	memcpy(q, p, tlen);
	if (goodsum && ipv4_ttl(q) > 1) {
		FUZZ_CHECK(ipv4_dec_ttl(q) == ipv4_ttl(p) - 1);
		FUZZ_CHECK(cksum_inet(q, hlen) == 0);
		FUZZ_CHECK(memcmp(q, p, 8) == 0 && q[9] == p[9] &&
		    memcmp(q + 12, p + 12, hlen - 12) == 0);
	}

	/* Setters: the fragment offset and MF leave the other bits alone. */
	ipv4_set_frag_off(q, r.frag_off);
	FUZZ_CHECK(ipv4_frag(q) == ipv4_frag(p));
	ipv4_set_mf(q, !r.mf);
	FUZZ_CHECK(ipv4_mf(q) == !r.mf && ipv4_frag_off(q) == r.frag_off &&
	    ipv4_df(q) == r.df);
	ipv4_fill_cksum(q);
	FUZZ_CHECK(cksum_inet(q, hlen) == 0);
	free(q);
	free(p);
	return 0;
}
