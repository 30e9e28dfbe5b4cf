/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the ARP codec (stack/wire/arp.h): check and parse
 * any bytes, then the properties a caller relies on: the verdict follows
 * the documented order, a packet that passed re-emits to the same 28
 * bytes (every fixed field was validated, so nothing is lost), and the
 * emitted packet parses back to the same repr. Fuzz builds only.
 */
#include "stack/wire/arp.h"
#include "tests/fuzz/fuzz.h"

/* The verdict recomputed from the fields, in the order arp.h states. */
static enum arp_verdict
expect(const uint8_t *p, size_t len)
{
	if (len < ARP_LEN)
		return ARP_SHORT;
	if (get_be16(p) != 1)
		return ARP_BADHTYPE;
	if (get_be16(p + 2) != 0x0800)
		return ARP_BADPTYPE;
	if (p[4] != 6)
		return ARP_BADHLEN;
	if (p[5] != 4)
		return ARP_BADPLEN;
	if (get_be16(p + 6) != 1 && get_be16(p + 6) != 2)
		return ARP_BADOP;
	return ARP_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arp_repr r, r2;
	uint8_t *p, out[ARP_LEN];
	enum arp_verdict v;

	p = fuzz_memdup(data, size);
	v = arp_check(p, size);
	FUZZ_CHECK(v < ARP_NVERDICT);
	FUZZ_CHECK(v == expect(p, size));
	memset(&r, 0, sizeof(r));
	FUZZ_CHECK(arp_parse(p, size, &r) == v);
	if (v == ARP_OK) {
		FUZZ_CHECK(r.op == arp_op(p) && r.spa == arp_spa(p) &&
		    r.tpa == arp_tpa(p));
		FUZZ_CHECK(memcmp(r.sha, arp_sha(p), 6) == 0 &&
		    memcmp(r.tha, arp_tha(p), 6) == 0);
		FUZZ_CHECK(arp_emit(&r, out, ARP_LEN - 1) == 0);
		FUZZ_CHECK(arp_emit(&r, out, sizeof(out)) == ARP_LEN);
		FUZZ_CHECK(memcmp(out, p, ARP_LEN) == 0);
		memset(&r2, 0, sizeof(r2));
		FUZZ_CHECK(arp_parse(out, sizeof(out), &r2) == ARP_OK);
		FUZZ_CHECK(memcmp(&r, &r2, sizeof(r)) == 0);
	}
	free(p);
	return 0;
}
