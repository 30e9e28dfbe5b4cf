/* SPDX-License-Identifier: MIT */
/*
 * Tests of stack/wire/bytes.h: big-endian loads and stores at every
 * alignment, leaving neighbouring bytes alone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "stack/wire/bytes.h"

static void
test_load_is_big_endian(void **state)
{
	static const uint8_t b[] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc };

	(void)state;
	assert_int_equal(get_be16(b), 0x1234);
	assert_int_equal(get_be16(b + 1), 0x3456);
	assert_int_equal(get_be32(b), 0x12345678u);
	assert_int_equal(get_be32(b + 1), 0x3456789au);
	assert_int_equal(get_be32(b + 2), 0x56789abcu);
}

static void
test_store_every_alignment(void **state)
{
	uint8_t buf[12];
	size_t off;

	(void)state;
	for (off = 0; off < 8; off++) {
		memset(buf, 0xa5, sizeof(buf));
		put_be32(buf + off, 0xdeadbeefu);
		assert_int_equal(buf[off], 0xde);
		assert_int_equal(buf[off + 3], 0xef);
		assert_int_equal(get_be32(buf + off), 0xdeadbeefu);
		if (off > 0)
			assert_int_equal(buf[off - 1], 0xa5);
		assert_int_equal(buf[off + 4], 0xa5);

		memset(buf, 0xa5, sizeof(buf));
		put_be16(buf + off, 0xfe01);
		assert_int_equal(buf[off], 0xfe);
		assert_int_equal(buf[off + 1], 0x01);
		assert_int_equal(get_be16(buf + off), 0xfe01);
		assert_int_equal(buf[off + 2], 0xa5);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_is_big_endian),
		cmocka_unit_test(test_store_every_alignment),
	};

	return cmocka_run_group_tests_name("wire_bytes", tests, NULL, NULL);
}
