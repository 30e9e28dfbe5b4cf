/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/ipv4.c: parse and emit of real headers (with and
 * without options), every truncation, one test per verdict, fragment
 * fields, the TTL decrement against full recomputation, and the option
 * walk that picks what fragments carry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/ipv4.h"

#include "tests/wire/fixtures.h"

/* A writable copy of the echo datagram (44 bytes + 2 of padding). */
static void
echo_copy(uint8_t b[FX_ECHO_IPLEN + 2])
{
	memcpy(b, FX_ECHO_IP, FX_ECHO_IPLEN + 2);
}

static void
test_parse_fixture(void **state)
{
	struct ipv4_repr r;

	(void)state;
	/* The buffer holds 2 bytes of Ethernet padding past the datagram. */
	assert_int_equal(ipv4_parse(FX_ECHO_IP, FX_ECHO_IPLEN + 2, 0, &r),
	    IPV4_OK);
	assert_int_equal(r.src, 0xc0000202);
	assert_int_equal(r.dst, 0xc0000201);
	assert_int_equal(r.payload_len, 24);
	assert_int_equal(r.id, 0x7a2b);
	assert_int_equal(r.frag_off, 0);
	assert_true(r.df);
	assert_false(r.mf);
	assert_int_equal(r.optlen, 0);
	assert_null(r.opts);
	assert_int_equal(r.tos, 0);
	assert_int_equal(r.ttl, 64);
	assert_int_equal(r.proto, 1);
	assert_int_equal(ipv4_version(FX_ECHO_IP), 4);
	assert_int_equal(ipv4_hlen(FX_ECHO_IP), 20);
	assert_int_equal(ipv4_tlen(FX_ECHO_IP), 44);
	assert_int_equal(ipv4_cksum(FX_ECHO_IP), 0x3ca2);
	assert_false(ipv4_is_fragment(FX_ECHO_IP));
}

/* spec/mnet-ipv4.md §6.2 item 17: payload at 24, total - 24 bytes long. */
static void
test_parse_with_options(void **state)
{
	struct ipv4_repr r;

	(void)state;
	assert_int_equal(ipv4_parse(fx_ip_opts, sizeof(fx_ip_opts), 0, &r),
	    IPV4_OK);
	assert_int_equal(ipv4_hlen(fx_ip_opts), 24);
	assert_int_equal(r.optlen, 4);
	assert_ptr_equal(r.opts, fx_ip_opts + 20);
	assert_int_equal(r.payload_len, 8);
	assert_int_equal(r.proto, 17);
	assert_int_equal(r.id, 1);
	assert_false(r.df);
	assert_int_equal(ipv4_optlen(fx_ip_opts), 4);
}

static void
test_emit_matches_fixture(void **state)
{
	const struct ipv4_repr r = {
		.src = 0xc0000202, .dst = 0xc0000201, .payload_len = 24,
		.id = 0x7a2b, .df = true, .proto = 1, .ttl = 64,
	};
	uint8_t buf[IPV4_HLEN_MIN + 4];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), IPV4_HLEN_MIN);
	assert_memory_equal(buf, FX_ECHO_IP, IPV4_HLEN_MIN);
	assert_int_equal(buf[IPV4_HLEN_MIN], 0xa5);
}

static void
test_emit_with_options_matches_fixture(void **state)
{
	static const uint8_t opts[4] = { 1, 1, 1, 0 };
	const struct ipv4_repr r = {
		.src = 0xc0000201, .dst = 0xc0000202, .payload_len = 8,
		.id = 1, .proto = 17, .ttl = 64, .opts = opts, .optlen = 4,
	};
	uint8_t buf[32];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), 24);
	assert_memory_equal(buf, fx_ip_opts, 24);
	assert_int_equal(buf[24], 0xa5);
}

/* With checksum offload the field is left 0 for the NIC. */
static void
test_emit_offload_leaves_cksum_zero(void **state)
{
	const struct ipv4_repr r = {
		.src = 0xc0000202, .dst = 0xc0000201, .payload_len = 24,
		.id = 0x7a2b, .df = true, .proto = 1, .ttl = 64,
	};
	uint8_t buf[IPV4_HLEN_MIN], want[IPV4_HLEN_MIN];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	memcpy(want, FX_ECHO_IP, sizeof(want));
	want[10] = want[11] = 0;
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), WIRE_TX_CSUM_OFFLOAD),
	    IPV4_HLEN_MIN);
	assert_memory_equal(buf, want, sizeof(want));
}

static void
test_emit_refusals(void **state)
{
	static const uint8_t opts[44];
	struct ipv4_repr r = {
		.src = 1, .dst = 2, .payload_len = 10, .proto = 17, .ttl = 1,
	};
	uint8_t buf[64];
	size_t n;

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	for (n = 0; n < IPV4_HLEN_MIN; n++)
		assert_int_equal(ipv4_emit(&r, buf, n, 0), 0);
	r.opts = opts;
	r.optlen = 8;
	assert_int_equal(ipv4_emit(&r, buf, 27, 0), 0);	/* 28 needed */
	r.optlen = 3;				/* not a multiple of 4 */
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), 0);
	r.optlen = 44;				/* above 40 */
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), 0);
	r.optlen = 0;
	r.frag_off = 1484;			/* not a multiple of 8 */
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), 0);
	r.frag_off = 0;
	r.payload_len = IPV4_MAXLEN - IPV4_HLEN_MIN + 1;
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), 0);
	assert_int_equal(buf[0], 0xa5);		/* nothing written */
	r.payload_len = IPV4_MAXLEN - IPV4_HLEN_MIN;
	assert_int_equal(ipv4_emit(&r, buf, sizeof(buf), 0), IPV4_HLEN_MIN);
	assert_int_equal(ipv4_tlen(buf), 65535);
}

/* Every prefix of a valid packet is refused, with the right reason. */
static void
test_check_every_truncation(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; n < IPV4_HLEN_MIN; n++)
		assert_int_equal(ipv4_check(FX_ECHO_IP, n), IPV4_SHORT);
	for (; n < FX_ECHO_IPLEN; n++)
		assert_int_equal(ipv4_check(FX_ECHO_IP, n), IPV4_BADLEN);
	assert_int_equal(ipv4_check(FX_ECHO_IP, n), IPV4_OK);
}

static void
test_check_every_truncation_with_options(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; n < 24; n++)
		assert_int_equal(ipv4_check(fx_ip_opts, n), IPV4_SHORT);
	for (; n < sizeof(fx_ip_opts); n++)
		assert_int_equal(ipv4_check(fx_ip_opts, n), IPV4_BADLEN);
	assert_int_equal(ipv4_check(fx_ip_opts, n), IPV4_OK);
}

static void
test_verdict_short(void **state)
{
	struct ipv4_repr r;

	(void)state;
	assert_int_equal(ipv4_parse(FX_ECHO_IP, 19, 0, &r), IPV4_SHORT);
	assert_int_equal(ipv4_parse(fx_ip_opts, 23, 0, &r), IPV4_SHORT);
}

static void
test_verdict_badver(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];
	unsigned v;

	(void)state;
	for (v = 0; v < 16; v++) {
		if (v == 4)
			continue;
		echo_copy(b);
		b[0] = (uint8_t)(v << 4 | 5);
		assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_BADVER);
	}
}

static void
test_verdict_badhlen(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];
	unsigned ihl;

	(void)state;
	for (ihl = 0; ihl < 5; ihl++) {
		echo_copy(b);
		b[0] = (uint8_t)(0x40 | ihl);
		assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_BADHLEN);
	}
	/* IHL 15: 60 bytes of header in a 46-byte buffer. */
	echo_copy(b);
	b[0] = 0x4f;
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_SHORT);
}

static void
test_verdict_badlen(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];
	struct ipv4_repr r;

	(void)state;
	echo_copy(b);
	ipv4_set_tlen(b, 19);			/* below the header */
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_BADLEN);
	ipv4_set_tlen(b, 0);
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_BADLEN);
	ipv4_set_tlen(b, sizeof(b) + 1);	/* past the buffer */
	assert_int_equal(ipv4_parse(b, sizeof(b), 0, &r), IPV4_BADLEN);
	/* Exactly the header, and exactly the buffer, are both fine. */
	ipv4_set_tlen(b, 20);
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_OK);
	ipv4_set_tlen(b, sizeof(b));
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_OK);
}

/* A fragment whose data would end past byte 65535 (ping of death). */
static void
test_verdict_badfrag(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];

	(void)state;
	echo_copy(b);
	ipv4_set_frag(b, 0x1fff);		/* offset 65528, 24 bytes */
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_BADFRAG);
	ipv4_set_frag(b, 8189);			/* 65512 + 24 = 65536 */
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_BADFRAG);
	ipv4_set_frag(b, IPV4_MF | 8188);	/* 65504 + 24 = 65528 */
	assert_int_equal(ipv4_check(b, sizeof(b)), IPV4_OK);
}

static void
test_verdict_badcksum(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];
	struct ipv4_repr r;
	int bit;

	(void)state;
	for (bit = 0; bit < 20 * 8; bit++) {
		echo_copy(b);
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (ipv4_check(b, sizeof(b)) != IPV4_OK)
			continue;	/* a structural field: another verdict */
		assert_int_equal(ipv4_parse(b, sizeof(b), 0, &r),
		    IPV4_BADCKSUM);
		/* The NIC said it verified the sum: the stack believes it. */
		assert_int_equal(ipv4_parse(b, sizeof(b), WIRE_RX_CSUM_OK, &r),
		    IPV4_OK);
	}
	/* The same for a header with options: the sum covers them. */
	{
		uint8_t o[sizeof(fx_ip_opts)];

		memcpy(o, fx_ip_opts, sizeof(o));
		o[21] ^= 0x01;
		assert_int_equal(ipv4_parse(o, sizeof(o), 0, &r),
		    IPV4_BADCKSUM);
	}
}

static void
test_verdict_badopt(void **state)
{
	uint8_t b[24];

	(void)state;
	memcpy(b, fx_ip_opts, 24);
	b[20] = 0x07;		/* record route, length 1 */
	b[21] = 0x01;
	assert_int_equal(ipv4_opts_copied(b, NULL, NULL), IPV4_BADOPT);
}

static void
test_fragment_fields(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];
	struct ipv4_repr r;

	(void)state;
	echo_copy(b);
	assert_false(ipv4_is_fragment(b));		/* DF alone is not */
	ipv4_set_frag(b, IPV4_MF);			/* first fragment */
	assert_true(ipv4_is_fragment(b));
	assert_true(ipv4_mf(b));
	assert_false(ipv4_df(b));
	assert_int_equal(ipv4_frag_off(b), 0);
	ipv4_set_frag(b, 185);				/* last, at 1480 */
	assert_true(ipv4_is_fragment(b));
	assert_false(ipv4_mf(b));
	assert_int_equal(ipv4_frag_off(b), 1480);
	ipv4_set_mf(b, true);
	assert_int_equal(ipv4_frag(b), IPV4_MF | 185);
	ipv4_set_frag_off(b, 2960);
	assert_int_equal(ipv4_frag(b), IPV4_MF | 370);
	ipv4_set_mf(b, false);
	assert_int_equal(ipv4_frag(b), 370);
	ipv4_fill_cksum(b);
	assert_int_equal(ipv4_parse(b, sizeof(b), 0, &r), IPV4_OK);
	assert_int_equal(r.frag_off, 2960);
	assert_false(r.mf);
	assert_false(r.df);

	/* Fragment fields survive emit then parse. */
	r.mf = true;
	r.df = false;
	r.frag_off = 1480;
	assert_int_equal(ipv4_emit(&r, b, sizeof(b), 0), 20);
	assert_int_equal(get_be16(b + IPV4_O_FRAG), 0x2000 | 185);
	assert_int_equal(ipv4_parse(b, sizeof(b), 0, &r), IPV4_OK);
	assert_int_equal(r.frag_off, 1480);
	assert_true(r.mf);
}

static void
test_setters_and_fill_cksum(void **state)
{
	uint8_t b[FX_ECHO_IPLEN + 2];

	(void)state;
	echo_copy(b);
	ipv4_set_tos(b, 0xb8);
	ipv4_set_id(b, 0xbeef);
	ipv4_set_ttl(b, 1);
	ipv4_set_proto(b, 17);
	ipv4_set_src(b, 0xcb007101);
	ipv4_set_dst(b, 0xc6336402);
	ipv4_fill_cksum(b);
	assert_int_equal(ipv4_tos(b), 0xb8);
	assert_int_equal(ipv4_id(b), 0xbeef);
	assert_int_equal(ipv4_ttl(b), 1);
	assert_int_equal(ipv4_proto(b), 17);
	assert_int_equal(ipv4_src(b), 0xcb007101);
	assert_int_equal(ipv4_dst(b), 0xc6336402);
	assert_int_equal(b[IPV4_O_SRC], 203);
	assert_int_equal(cksum_inet(b, 20), 0);
	assert_int_not_equal(ipv4_cksum(b), 0x3ca2);
}

/* Forwarding: the incremental TTL decrement equals recomputing. */
static void
test_dec_ttl_equals_full(void **state)
{
	uint8_t b[60], c[60];
	uint32_t seed = 791;
	unsigned hlen;
	int iter, i;

	(void)state;
	echo_copy(b);
	assert_int_equal(ipv4_dec_ttl(b), 63);
	assert_int_equal(cksum_inet(b, 20), 0);
	assert_int_equal(ipv4_cksum(b), 0x3da2);

	for (iter = 0; iter < 50000; iter++) {
		for (i = 0; i < 60; i++)
			b[i] = (uint8_t)fx_rand(&seed);
		hlen = 20 + 4 * (fx_rand(&seed) % 11);
		b[0] = (uint8_t)(0x40 | hlen / 4);
		if (b[IPV4_O_TTL] < 2)
			b[IPV4_O_TTL] = 2;
		ipv4_fill_cksum(b);
		memcpy(c, b, sizeof(c));
		assert_int_equal(ipv4_dec_ttl(b), c[IPV4_O_TTL] - 1);
		c[IPV4_O_TTL]--;
		ipv4_fill_cksum(c);
		assert_memory_equal(b, c, hlen);
		assert_int_equal(cksum_inet(b, hlen), 0);
	}
}

/* A header with the given options (a multiple of 4 bytes). */
static void
opts_header(uint8_t b[60], const uint8_t *opts, size_t n)
{
	memcpy(b, FX_ECHO_IP, 20);
	b[0] = (uint8_t)(0x40 | (20 + n) / 4);
	memcpy(b + 20, opts, n);
}

static void
test_opts_copied(void **state)
{
	/* NOP, record route (not copied), router alert (copied). */
	static const uint8_t o1[12] = {
		0x01, 0x07, 0x07, 0x04, 0, 0, 0, 0, 0x94, 0x04, 0x00, 0x00,
	};
	static const uint8_t want1[4] = { 0x94, 0x04, 0x00, 0x00 };
	/* Loose source route (copied, 7 bytes), then NOP: pad with EOL. */
	static const uint8_t o2[8] = {
		0x83, 0x07, 0x04, 0xc0, 0x00, 0x02, 0x01, 0x01,
	};
	static const uint8_t want2[8] = {
		0x83, 0x07, 0x04, 0xc0, 0x00, 0x02, 0x01, 0x00,
	};
	/* Timestamp (not copied) then security (copied, 11 bytes). */
	static const uint8_t o3[16] = {
		0x44, 0x04, 0x05, 0x00,
		0x82, 0x0b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x00,
	};
	/* Two empty source routes (copied, 3 bytes each): 6 pad to 8. */
	static const uint8_t o4[8] = {
		0x89, 0x03, 0x04, 0x83, 0x03, 0x04, 0x00, 0x00,
	};
	uint8_t b[60], out[IPV4_OPTLEN_MAX];
	size_t n;

	(void)state;
	opts_header(b, o4, sizeof(o4));
	memset(out, 0xa5, sizeof(out));
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_OK);
	assert_int_equal(n, 8);
	assert_memory_equal(out, o4, 8);

	opts_header(b, o1, sizeof(o1));
	memset(out, 0xa5, sizeof(out));
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_OK);
	assert_int_equal(n, 4);
	assert_memory_equal(out, want1, 4);

	opts_header(b, o2, sizeof(o2));
	memset(out, 0xa5, sizeof(out));
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_OK);
	assert_int_equal(n, 8);
	assert_memory_equal(out, want2, 8);

	opts_header(b, o3, sizeof(o3));
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_OK);
	assert_int_equal(n, 12);
	assert_memory_equal(out, o3 + 4, 11);
	assert_int_equal(out[11], IPV4_OPT_EOL);
	assert_int_equal(ipv4_opts_copied(b, NULL, NULL), IPV4_OK);

	/* The options fixture: NOPs and EOL only, nothing to copy. */
	n = 99;
	assert_int_equal(ipv4_opts_copied(fx_ip_opts, out, &n), IPV4_OK);
	assert_int_equal(n, 0);
	/* No options at all. */
	n = 99;
	assert_int_equal(ipv4_opts_copied(FX_ECHO_IP, out, &n), IPV4_OK);
	assert_int_equal(n, 0);
}

/* Bytes after EOL are not options, whatever they hold. */
static void
test_opts_stop_at_eol(void **state)
{
	static const uint8_t o[8] = { 0x00, 0x83, 0xff, 0x01, 0, 0, 0, 0 };
	uint8_t b[60], out[IPV4_OPTLEN_MAX];
	size_t n;

	(void)state;
	opts_header(b, o, sizeof(o));
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_OK);
	assert_int_equal(n, 0);
}

static void
test_opts_malformed(void **state)
{
	static const uint8_t len0[4] = { 0x83, 0x00, 0x00, 0x00 };
	static const uint8_t len1[4] = { 0x94, 0x01, 0x00, 0x00 };
	static const uint8_t past[4] = { 0x94, 0x05, 0x00, 0x00 };
	static const uint8_t past2[8] = { 0x01, 0x07, 0x08, 0, 0, 0, 0, 0 };
	static const uint8_t nolen[4] = { 0x01, 0x01, 0x01, 0x94 };
	uint8_t b[60], out[IPV4_OPTLEN_MAX];
	size_t n;

	(void)state;
	opts_header(b, len0, 4);
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_BADOPT);
	opts_header(b, len1, 4);
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_BADOPT);
	opts_header(b, past, 4);
	assert_int_equal(ipv4_opts_copied(b, NULL, NULL), IPV4_BADOPT);
	opts_header(b, past2, 8);
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_BADOPT);
	opts_header(b, nolen, 4);
	assert_int_equal(ipv4_opts_copied(b, out, &n), IPV4_BADOPT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fixture),
		cmocka_unit_test(test_parse_with_options),
		cmocka_unit_test(test_emit_matches_fixture),
		cmocka_unit_test(test_emit_with_options_matches_fixture),
		cmocka_unit_test(test_emit_offload_leaves_cksum_zero),
		cmocka_unit_test(test_emit_refusals),
		cmocka_unit_test(test_check_every_truncation),
		cmocka_unit_test(test_check_every_truncation_with_options),
		cmocka_unit_test(test_verdict_short),
		cmocka_unit_test(test_verdict_badver),
		cmocka_unit_test(test_verdict_badhlen),
		cmocka_unit_test(test_verdict_badlen),
		cmocka_unit_test(test_verdict_badfrag),
		cmocka_unit_test(test_verdict_badcksum),
		cmocka_unit_test(test_verdict_badopt),
		cmocka_unit_test(test_fragment_fields),
		cmocka_unit_test(test_setters_and_fill_cksum),
		cmocka_unit_test(test_dec_ttl_equals_full),
		cmocka_unit_test(test_opts_copied),
		cmocka_unit_test(test_opts_stop_at_eol),
		cmocka_unit_test(test_opts_malformed),
	};

	return cmocka_run_group_tests_name("wire_ipv4", tests, NULL, NULL);
}
