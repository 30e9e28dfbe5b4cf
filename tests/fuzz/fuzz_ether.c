/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the Ethernet II codec (stack/wire/ether.h): check
 * and parse any bytes, then the properties a caller relies on: only frames
 * shorter than the header are refused, emit(parse(x)) gives back the 14
 * header bytes exactly, the accessors agree with the repr, and the group
 * address tests and multicast mappings are consistent. Fuzz builds only.
 */
#include "stack/wire/ether.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ether_repr r, r2;
	uint8_t *p, out[ETHER_HLEN], mac[ETHER_ADDR_LEN];
	enum ether_verdict v;
	uint32_t group;

	/* An exact-size heap copy: any read past the frame is an ASan report. */
	p = fuzz_memdup(data, size);
	v = ether_check(p, size);
	FUZZ_CHECK(v == (size < ETHER_HLEN ? ETHER_SHORT : ETHER_OK));
	FUZZ_CHECK(ether_parse(p, size, &r) == v);
	if (v != ETHER_OK) {
		memset(&r, 0, sizeof(r));
		FUZZ_CHECK(ether_emit(&r, out, size) == 0);
		free(p);
		return 0;
	}
	FUZZ_CHECK(memcmp(r.dst, ether_dst(p), ETHER_ADDR_LEN) == 0);
	FUZZ_CHECK(memcmp(r.src, ether_src(p), ETHER_ADDR_LEN) == 0);
	FUZZ_CHECK(r.type == ether_type(p));
	FUZZ_CHECK(ether_emit(&r, out, ETHER_HLEN - 1) == 0);
	FUZZ_CHECK(ether_emit(&r, out, sizeof(out)) == ETHER_HLEN);
	FUZZ_CHECK(memcmp(out, p, ETHER_HLEN) == 0);
	FUZZ_CHECK(ether_parse(out, sizeof(out), &r2) == ETHER_OK);
	FUZZ_CHECK(memcmp(&r, &r2, sizeof(r)) == 0);

	/* Broadcast is a group address; the mappings set the group bit. */
	if (ether_is_broadcast(r.dst))
		FUZZ_CHECK(ether_is_multicast(r.dst) &&
		    memcmp(r.dst, ether_bcast, ETHER_ADDR_LEN) == 0);
	else
		FUZZ_CHECK(memcmp(r.dst, ether_bcast, ETHER_ADDR_LEN) != 0);
	group = get_be32(p + 2);
	ether_multicast_ipv4(mac, group);
	FUZZ_CHECK(mac[0] == 0x01 && mac[1] == 0x00 && mac[2] == 0x5e);
	FUZZ_CHECK((mac[3] & 0x80) == 0 &&
	    (get_be32(mac + 2) & 0x7fffff) == (group & 0x7fffff));
	FUZZ_CHECK(ether_is_multicast(mac) && !ether_is_broadcast(mac));
	if (size >= 16) {
		ether_multicast_ipv6(mac, p);
		FUZZ_CHECK(mac[0] == 0x33 && mac[1] == 0x33 &&
		    memcmp(mac + 2, p + 12, 4) == 0);
	}
	free(p);
	return 0;
}
