/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the ICMPv4 codec (stack/wire/icmp4.h): check and
 * parse any bytes as an ICMP message (the IP payload), then the properties
 * a caller relies on: the verdict follows the documented order, the repr
 * agrees with the accessors, emit(parse(x)) (into a separate buffer and in
 * place, where the body overlaps the output) is a message that checks and
 * parses back to the same meaning, and the quote length of an error stays
 * inside the quoted datagram. Fuzz builds only.
 */
#include "stack/wire/cksum.h"
#include "stack/wire/icmp4.h"
#include "tests/fuzz/fuzz.h"

static enum icmp4_verdict
expect(const uint8_t *p, size_t len)
{
	size_t qh;

	if (len < 8)
		return ICMP4_SHORT;
	if (cksum_inet(p, len) != 0)
		return ICMP4_BADCKSUM;
	if (icmp4_is_error(p[0])) {
		if (len < 8 + 20 || p[8] >> 4 != 4)
			return ICMP4_BADQUOTE;
		qh = (p[8] & 15u) * 4u;
		if (qh < 20 || len < 8 + qh + 8)
			return ICMP4_BADQUOTE;
	}
	return ICMP4_OK;
}

static void
same_meaning(const struct icmp4_repr *a, const struct icmp4_repr *b)
{
	FUZZ_CHECK(a->type == b->type && a->code == b->code);
	FUZZ_CHECK(a->id == b->id && a->seq == b->seq && a->mtu == b->mtu);
	FUZZ_CHECK(a->pointer == b->pointer && a->gateway == b->gateway);
	FUZZ_CHECK(a->data_len == b->data_len);
	if (a->data_len != 0)
		FUZZ_CHECK(memcmp(a->data, b->data, a->data_len) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct icmp4_repr r, r2, r3;
	enum icmp4_verdict v;
	uint8_t *p, *q;
	size_t ql;

	p = fuzz_memdup(data, size);
	v = icmp4_check(p, size);
	FUZZ_CHECK(v == expect(p, size));
	FUZZ_CHECK(icmp4_parse(p, size, &r) == v);
	if (v != ICMP4_OK) {
		free(p);
		return 0;
	}
	FUZZ_CHECK(r.type == icmp4_type(p) && r.code == icmp4_code(p));
	FUZZ_CHECK(r.data == p + ICMP4_HLEN && r.data_len == size - 8);
	if (r.type == ICMP4_ECHO || r.type == ICMP4_ECHOREPLY)
		FUZZ_CHECK(r.id == icmp4_id(p) && r.seq == icmp4_seq(p));
	if (r.type == ICMP4_UNREACH)
		FUZZ_CHECK(r.mtu == icmp4_mtu(p));
	if (r.type == ICMP4_PARAMPROB)
		FUZZ_CHECK(r.pointer == icmp4_pointer(p));
	if (r.type == ICMP4_REDIRECT)
		FUZZ_CHECK(r.gateway == icmp4_gateway(p));
	if (icmp4_is_error(r.type)) {
		ql = icmp4_quote_len(r.data, r.data_len);
		FUZZ_CHECK(ql <= r.data_len);
		FUZZ_CHECK(ql == (r.data[0] & 15u) * 4u + 8);
	}

	/* Into a separate buffer of exactly the right size, then one short. */
	q = malloc(size);
	FUZZ_CHECK(q != NULL);
	FUZZ_CHECK(icmp4_emit(&r, q, size - 1) == 0);
	FUZZ_CHECK(icmp4_emit(&r, q, size) == size);
	FUZZ_CHECK(icmp4_check(q, size) == ICMP4_OK);
	FUZZ_CHECK(icmp4_parse(q, size, &r2) == ICMP4_OK);
	same_meaning(&r, &r2);

	/* In place: the body already sits where emit writes it. */
	memcpy(q, p, size);
	r3 = r;
	r3.data = q + ICMP4_HLEN;
	FUZZ_CHECK(icmp4_emit(&r3, q, size) == size);
	FUZZ_CHECK(icmp4_parse(q, size, &r2) == ICMP4_OK);
	same_meaning(&r, &r2);
	free(q);
	free(p);
	return 0;
}
