/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * zmsg_test.c - the netsessd / zygote messages (agent/helper/zmsg.h):
 * each kind byte for byte, round trips, every field at and past its
 * bounds, every other length refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helper/zmsg.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Decodes from a buffer of exactly len octets, so that valgrind sees a
 * read past its end. */
static bool decode_exact(const uint8_t *p, size_t len, struct nsd_zmsg *m)
{
	uint8_t *c = malloc(len ? len : 1);
	bool ok;

	assert_non_null(c);
	if (len)
		memcpy(c, p, len);
	ok = nsd_zmsg_decode(c, len, m);
	free(c);
	return ok;
}

static void test_bytes(void **state)
{
	static const uint8_t ready[] = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
	static const uint8_t fork_[] = {2,    0,    0, 0, 0x78, 0x56, 0x34, 0x12,
	                                0xff, 0xff, 0, 0, 0,    0,    0,    0};
	static const uint8_t forked[] = {3, 0, 0, 0, 7, 0, 0, 0, 0x39, 0x30, 0, 0, 0, 0, 0, 0};
	static const uint8_t failed[] = {3, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 11, 0, 0, 0};
	struct nsd_zmsg m = {.kind = NSD_ZMSG_READY, .version = NSD_ZMSG_VERSION};
	uint8_t out[NSD_ZMSG_SIZE];

	(void)state;
	assert_int_equal(NSD_ZMSG_SIZE, sizeof(ready));
	nsd_zmsg_encode(&m, out);
	assert_memory_equal(out, ready, sizeof(ready));
	m = (struct nsd_zmsg){.kind = NSD_ZMSG_FORK, .id = 0x12345678, .index = 65535};
	nsd_zmsg_encode(&m, out);
	assert_memory_equal(out, fork_, sizeof(fork_));
	m = (struct nsd_zmsg){.kind = NSD_ZMSG_FORKED, .id = 7, .pid = 12345};
	nsd_zmsg_encode(&m, out);
	assert_memory_equal(out, forked, sizeof(forked));
	m = (struct nsd_zmsg){.kind = NSD_ZMSG_FORKED, .id = 8, .err = 11};
	nsd_zmsg_encode(&m, out);
	assert_memory_equal(out, failed, sizeof(failed));

	assert_true(decode_exact(fork_, sizeof(fork_), &m));
	assert_int_equal(m.kind, NSD_ZMSG_FORK);
	assert_int_equal(m.id, 0x12345678);
	assert_int_equal(m.index, 65535);
	assert_true(decode_exact(failed, sizeof(failed), &m));
	assert_int_equal(m.kind, NSD_ZMSG_FORKED);
	assert_int_equal(m.id, 8);
	assert_int_equal(m.pid, 0);
	assert_int_equal(m.err, 11);
	assert_true(decode_exact(ready, sizeof(ready), &m));
	assert_int_equal(m.kind, NSD_ZMSG_READY);
	assert_int_equal(m.version, NSD_ZMSG_VERSION);
}

/* Every valid message survives encode and decode unchanged. */
static void test_round_trips(void **state)
{
	static const struct nsd_zmsg ok[] = {
	    {.kind = NSD_ZMSG_READY, .version = 0},
	    {.kind = NSD_ZMSG_READY, .version = 0xFFFFFFFFu},
	    {.kind = NSD_ZMSG_FORK, .id = 0, .index = 1},
	    {.kind = NSD_ZMSG_FORK, .id = 0xFFFFFFFFu, .index = NSD_ZMSG_INDEX_MAX},
	    {.kind = NSD_ZMSG_FORKED, .id = 1, .pid = 1},
	    {.kind = NSD_ZMSG_FORKED, .id = 2, .pid = 0x7FFFFFFFu},
	    {.kind = NSD_ZMSG_FORKED, .id = 3, .err = 1},
	    {.kind = NSD_ZMSG_FORKED, .id = 4, .err = NSD_ZMSG_ERRNO_MAX},
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(ok); i++) {
		uint8_t out[NSD_ZMSG_SIZE];
		struct nsd_zmsg back;

		assert_true(nsd_zmsg_valid(&ok[i]));
		nsd_zmsg_encode(&ok[i], out);
		assert_true(decode_exact(out, sizeof(out), &back));
		assert_memory_equal(&back, &ok[i], sizeof(back));
	}
}

/* Fields out of range, or set where the kind has none. */
static void test_invalid(void **state)
{
	static const uint32_t bad[][4] = {
	    {0, 0, 0, 0},                      /* no kind */
	    {4, 0, 0, 0},                      /* unknown kind */
	    {1, 1, 1, 0},                      /* READY with an id */
	    {1, 0, 1, 1},                      /* READY with b */
	    {2, 1, 0, 0},                      /* FORK of index 0 */
	    {2, 1, NSD_ZMSG_INDEX_MAX + 1, 0}, /* FORK past the index range */
	    {2, 1, 5, 1},                      /* FORK with b */
	    {3, 1, 0, 0},                      /* FORKED: no pid, no errno */
	    {3, 1, 5, 4},                      /* FORKED: a pid and an errno */
	    {3, 1, 0x80000000u, 0},            /* FORKED: pid past pid_t */
	    {3, 1, 0, NSD_ZMSG_ERRNO_MAX + 1}, /* FORKED: errno out of range */
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < N(bad); i++) {
		uint8_t buf[NSD_ZMSG_SIZE];
		struct nsd_zmsg m;

		for (k = 0; k < 4; k++) {
			buf[4 * k] = (uint8_t)bad[i][k];
			buf[4 * k + 1] = (uint8_t)(bad[i][k] >> 8);
			buf[4 * k + 2] = (uint8_t)(bad[i][k] >> 16);
			buf[4 * k + 3] = (uint8_t)(bad[i][k] >> 24);
		}
		if (decode_exact(buf, sizeof(buf), &m))
			fail_msg("row %zu decoded", i);
		assert_int_equal(m.kind, 0);
	}
}

/* Only a packet of exactly NSD_ZMSG_SIZE octets is a message: every
 * shorter prefix and a longer packet are refused, and leave *m empty. */
static void test_lengths(void **state)
{
	struct nsd_zmsg m = {.kind = NSD_ZMSG_FORKED, .id = 9, .pid = 77}, back;
	uint8_t buf[NSD_ZMSG_SIZE + 1];
	size_t len;

	(void)state;
	nsd_zmsg_encode(&m, buf);
	buf[NSD_ZMSG_SIZE] = 0;
	for (len = 0; len <= sizeof(buf); len++) {
		memset(&back, 0xAA, sizeof(back));
		if (len == NSD_ZMSG_SIZE) {
			assert_true(decode_exact(buf, len, &back));
			continue;
		}
		assert_false(decode_exact(buf, len, &back));
		assert_int_equal(back.kind, 0);
		assert_int_equal(back.pid, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_round_trips),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
