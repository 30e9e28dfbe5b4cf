/* SPDX-License-Identifier: MIT */
/*
 * ARP (RFC 826) check, parse and emit for Ethernet/IPv4. Called on the
 * worker that receives or sends ARP, and by tests; owns no state.
 */
#include "stack/wire/arp.h"

enum arp_verdict
arp_check(const uint8_t *p, size_t len)
{
	uint16_t op;

	if (len < ARP_LEN)
		return ARP_SHORT;
	if (arp_htype(p) != ARP_HTYPE_ETHER)
		return ARP_BADHTYPE;
	if (arp_ptype(p) != ARP_PTYPE_IPV4)
		return ARP_BADPTYPE;
	if (arp_hlen(p) != ARP_HLEN_ETHER)
		return ARP_BADHLEN;
	if (arp_plen(p) != ARP_PLEN_IPV4)
		return ARP_BADPLEN;
	op = arp_op(p);
	if (op != ARP_OP_REQUEST && op != ARP_OP_REPLY)
		return ARP_BADOP;
	return ARP_OK;
}

enum arp_verdict
arp_parse(const uint8_t *p, size_t len, struct arp_repr *r)
{
	enum arp_verdict v;

	if ((v = arp_check(p, len)) != ARP_OK)
		return v;
	r->op = arp_op(p);
	memcpy(r->sha, arp_sha(p), sizeof(r->sha));
	r->spa = arp_spa(p);
	memcpy(r->tha, arp_tha(p), sizeof(r->tha));
	r->tpa = arp_tpa(p);
	return ARP_OK;
}

size_t
arp_emit(const struct arp_repr *r, uint8_t *p, size_t len)
{
	if (len < ARP_LEN)
		return 0;
	put_be16(p + ARP_O_HTYPE, ARP_HTYPE_ETHER);
	put_be16(p + ARP_O_PTYPE, ARP_PTYPE_IPV4);
	p[ARP_O_HLEN] = ARP_HLEN_ETHER;
	p[ARP_O_PLEN] = ARP_PLEN_IPV4;
	arp_set_op(p, r->op);
	arp_set_sha(p, r->sha);
	arp_set_spa(p, r->spa);
	arp_set_tha(p, r->tha);
	arp_set_tpa(p, r->tpa);
	return ARP_LEN;
}
