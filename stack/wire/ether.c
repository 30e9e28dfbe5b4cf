/* SPDX-License-Identifier: MIT */
/*
 * Ethernet II header check, parse and emit, and the IP multicast to MAC
 * mappings. Called on workers (input demux, output framing) and by tests;
 * owns no state.
 */
#include "stack/wire/ether.h"

const uint8_t ether_bcast[ETHER_ADDR_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

enum ether_verdict
ether_check(const uint8_t *p, size_t len)
{
	(void)p;
	if (len < ETHER_HLEN)
		return ETHER_SHORT;
	return ETHER_OK;
}

enum ether_verdict
ether_parse(const uint8_t *p, size_t len, struct ether_repr *r)
{
	enum ether_verdict v;

	if ((v = ether_check(p, len)) != ETHER_OK)
		return v;
	memcpy(r->dst, ether_dst(p), ETHER_ADDR_LEN);
	memcpy(r->src, ether_src(p), ETHER_ADDR_LEN);
	r->type = ether_type(p);
	return ETHER_OK;
}

size_t
ether_emit(const struct ether_repr *r, uint8_t *p, size_t len)
{
	if (len < ETHER_HLEN)
		return 0;
	ether_set_dst(p, r->dst);
	ether_set_src(p, r->src);
	ether_set_type(p, r->type);
	return ETHER_HLEN;
}

/* RFC 1112 §6.4: the group's low 23 bits under 01:00:5e (high bit 0). */
void
ether_multicast_ipv4(uint8_t mac[ETHER_ADDR_LEN], uint32_t group)
{
	mac[0] = 0x01;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = (uint8_t)(group >> 16) & 0x7f;
	mac[4] = (uint8_t)(group >> 8);
	mac[5] = (uint8_t)group;
}

/* RFC 2464 §7: 33:33 and the group's last 32 bits. */
void
ether_multicast_ipv6(uint8_t mac[ETHER_ADDR_LEN], const uint8_t group[16])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, group + 12, 4);
}
