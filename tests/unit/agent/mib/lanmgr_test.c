/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanmgr_test.c - how a row reads in LanMgr-Mib-II's svSessionTable
 * (agent/mib/lanmgr.c): the index SIZE bounds, the index sub-identifiers
 * and their order, decoding a request's index (every malformed shape
 * refused), svSesClientType from the reported client type, the INTEGER
 * columns' saturation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oid_order.h"

#include "core/rowset.h"
#include "mib/lanmgr.h"
#include "mib/mib.h"

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* DisplayString (SIZE (1..15)) and (SIZE (1..20)), in octets. */
static void test_key_fits(void **state)
{
	char *c15 = repeat('c', 15), *c16 = repeat('c', 16);
	char *u20 = repeat('u', 20), *u21 = repeat('u', 21);

	(void)state;
	assert_true(nsd_lm_key_fits("a", "b"));
	assert_true(nsd_lm_key_fits(c15, u20));
	assert_true(nsd_lm_key_fits("255.255.255.255", "bob"));
	assert_false(nsd_lm_key_fits(c16, "bob"));
	assert_true(nsd_lm_key_fits("fe80::1:2:3:4:5", "bob"));
	assert_false(nsd_lm_key_fits("fe80::a00:27ff:fe4e:66a1", "bob"));
	assert_false(nsd_lm_key_fits("10.0.0.5", u21));
	/* No user name (an anonymous session, one still logging on): no row. */
	assert_false(nsd_lm_key_fits("10.0.0.5", ""));
	assert_false(nsd_lm_key_fits("", "bob"));
	assert_false(nsd_lm_key_fits(NULL, "bob"));
	assert_false(nsd_lm_key_fits("10.0.0.5", NULL));
	/* Octets, not characters: 8 two-octet characters are 16 octets. */
	assert_false(nsd_lm_key_fits("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                             "\xc3\xa9",
	                             "bob"));
	free(c15);
	free(c16);
	free(u20);
	free(u21);
}

static void test_index(void **state)
{
	/* "10.0.0.5", "bob": the lengths first (RFC 1212 4.1.6), no server. */
	static const uint32_t want[] = {8, 49, 48, 46, 48, 46, 48, 46, 53, 3, 98, 111, 98};
	uint32_t buf[NSD_LM_INDEX_MAX];
	char *c15 = repeat('c', 15), *u20 = repeat('u', 20);
	size_t n;

	(void)state;
	n = nsd_lm_index("10.0.0.5", "bob", buf, NSD_LM_INDEX_MAX);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	assert_memory_equal(buf, want, sizeof(want));

	/* The longest names take exactly NSD_LM_INDEX_MAX = 37. */
	assert_int_equal(NSD_LM_INDEX_MAX, 37);
	assert_int_equal(nsd_lm_index(c15, u20, buf, NSD_LM_INDEX_MAX), 37);
	assert_int_equal(buf[0], 15);
	assert_int_equal(buf[16], 20);
	assert_int_equal(buf[36], 'u');
	assert_int_equal(nsd_lm_index(c15, u20, buf, 36), 0);
	assert_int_equal(nsd_lm_index("a", "b", buf, 4), 4);
	assert_int_equal(nsd_lm_index("a", "b", buf, 3), 0);
	assert_int_equal(nsd_lm_index("a", "b", buf, 0), 0);
	/* Names beyond the bounds have no index. */
	assert_int_equal(nsd_lm_index("a", "", buf, NSD_LM_INDEX_MAX), 0);
	assert_int_equal(nsd_lm_index("0123456789abcdef", "b", buf, NSD_LM_INDEX_MAX), 0);
	/* High octets are unsigned sub-identifiers. */
	assert_int_equal(nsd_lm_index("\xff", "\x80", buf, NSD_LM_INDEX_MAX), 4);
	assert_int_equal(buf[1], 255);
	assert_int_equal(buf[3], 128);
	free(c15);
	free(u20);
}

/* A server's rows come in the same order in svSessionTable as in
 * smbSessionTable: nsd_row_key_cmp orders as the LanMgr indexes do. */
static void test_order_matches_rows(void **state)
{
	char names[40][ORDER_NAME_MAX];
	size_t i, j;

	(void)state;
	order_names(names, 40, 5, 11);
	for (i = 0; i < 40; i++) {
		for (j = 0; j < 40; j++) {
			uint32_t a[NSD_LM_INDEX_MAX], b[NSD_LM_INDEX_MAX];
			const char *ua = names[(i * 7) % 40], *ub = names[(j * 3) % 40];
			size_t na = nsd_lm_index(names[i], ua, a, NSD_LM_INDEX_MAX);
			size_t nb = nsd_lm_index(names[j], ub, b, NSD_LM_INDEX_MAX);

			assert_true(na > 0 && nb > 0);
			assert_int_equal(order_sign(nsd_row_key_cmp(names[i], ua, names[j], ub)),
			                 order_oid_cmp(a, na, b, nb));
		}
	}
}

/* idx as Net-SNMP's sub-identifiers. */
static size_t to_oids(const uint32_t *sub, size_t n, oid *idx)
{
	size_t i;

	for (i = 0; i < n; i++)
		idx[i] = sub[i];
	return n;
}

/* An index decodes to the names it was made of, whole and only whole. */
static void test_parse_round_trip(void **state)
{
	static const char *const pairs[][2] = {
	    {"10.0.0.5", "bob"},
	    {"a", "b"},
	    {"255.255.255.255", "nstest_twenty_chars0"},
	    {"\xff\x01", "\xc3\xa9t\xc3\xa9"},
	};
	uint32_t sub[NSD_LM_INDEX_MAX];
	oid idx[NSD_LM_INDEX_MAX + 1];
	struct nsd_lm_key k;
	size_t p, n, cut;

	(void)state;
	for (p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
		n = to_oids(sub, nsd_lm_index(pairs[p][0], pairs[p][1], sub, NSD_LM_INDEX_MAX),
		            idx);
		assert_true(n > 0);
		memset(&k, 'x', sizeof(k));
		assert_true(nsd_lm_index_parse(idx, n, &k));
		assert_string_equal(k.client, pairs[p][0]);
		assert_string_equal(k.user, pairs[p][1]);
		assert_true(nsd_lm_index_parse(idx, n, NULL));
		/* Every truncation, and one sub-identifier more, name nothing. */
		for (cut = 0; cut < n; cut++)
			assert_false(nsd_lm_index_parse(idx, cut, &k));
		idx[n] = 1;
		assert_false(nsd_lm_index_parse(idx, n + 1, &k));
	}
}

/* Every shape that cannot name a row. */
static void test_parse_refused(void **state)
{
	static const struct {
		oid idx[24];
		size_t len;
	} bad[] = {
	    {{0}, 0},               /* no index */
	    {{0, 1, 98}, 3},        /* an empty client */
	    {{1, 97, 0}, 3},        /* an empty user */
	    {{1, 0, 1, 98}, 4},     /* a NUL octet */
	    {{1, 97, 1, 256}, 4},   /* an octet above 255 */
	    {{1, 300, 1, 98}, 4},   /* one that would wrap to ',' */
	    {{5, 97, 98}, 3},       /* a length beyond the octets */
	    {{1, 97, 2, 98}, 4},    /* the user's too */
	    {{3, 97, 98, 99}, 4},   /* no user at all */
	    {{1, 97, 1, 98, 7}, 5}, /* one sub-identifier too many */
	    {{4294967295u, 97}, 2}, /* a huge length */
	    /* a 16-octet client */
	    {{16, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102, 1, 98}, 19},
	};
	uint32_t sub[NSD_LM_INDEX_MAX + 1];
	oid idx[NSD_LM_INDEX_MAX + 1];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (nsd_lm_index_parse(bad[i].idx, bad[i].len, NULL))
			fail_msg("malformed index %zu was accepted", i);
	/* A 21-octet user, encoded as an index would be. */
	sub[n++] = 1;
	sub[n++] = 'a';
	sub[n++] = 21;
	for (i = 0; i < 21; i++)
		sub[n++] = 'u';
	assert_false(nsd_lm_index_parse(idx, to_oids(sub, n, idx), NULL));
	/* The same with 20 is a row's. */
	sub[2] = 20;
	assert_true(nsd_lm_index_parse(idx, to_oids(sub, n - 1, idx), NULL));
}

/* svSesClientType from sesi2_cltype_name. */
static void test_client_type(void **state)
{
	static const struct {
		const char *name;
		int want;
	} cases[] = {
	    {"DOWN LEVEL", NSD_LM_CLTYPE_DOWN_LEVEL},
	    {"DOS LM 1.0", NSD_LM_CLTYPE_DOS_LM},
	    {"DOS LM 2.0", NSD_LM_CLTYPE_DOS_LM_2},
	    {"OS/2 LM 1.0", NSD_LM_CLTYPE_OS2_LM_1},
	    {"OS/2 LM 2.0", NSD_LM_CLTYPE_OS2_LM_2},
	    {"DOS LM 2.1", NSD_LM_CLTYPE_DOS_LM_2_1},
	    {"OS/2 LM 2.1", NSD_LM_CLTYPE_OS2_LM_2_1},
	    {"AFP 1.1", NSD_LM_CLTYPE_AFP_1_1},
	    {"AFP 2.0", NSD_LM_CLTYPE_AFP_2_0},
	    {"NT", NSD_LM_CLTYPE_NT_3_1},
	    /* Case and surrounding blanks do not matter. */
	    {"os/2 lm 2.0", NSD_LM_CLTYPE_OS2_LM_2},
	    {"  DOS LM 2.1\t", NSD_LM_CLTYPE_DOS_LM_2_1},
	    {"afp 2.0 ", NSD_LM_CLTYPE_AFP_2_0},
	    /* The NT family, as Windows names it. */
	    {"Windows NT 1381", NSD_LM_CLTYPE_NT_3_1},
	    {"Windows 2002 Service Pack 2 2600", NSD_LM_CLTYPE_NT_3_1},
	    {"Windows 10 Enterprise 19045", NSD_LM_CLTYPE_NT_3_1},
	    /* No type reported: Vista and later on Windows, any Samba. */
	    {"", NSD_LM_CLTYPE_NT_3_1},
	    {"   ", NSD_LM_CLTYPE_NT_3_1},
	    /* Near misses are not LAN Manager names. */
	    {"DOS LM 2.0 ", NSD_LM_CLTYPE_DOS_LM_2},
	    {"DOS LM 2.01", NSD_LM_CLTYPE_NT_3_1},
	    {"DOS LM", NSD_LM_CLTYPE_NT_3_1},
	    {"OS/2 LM 2", NSD_LM_CLTYPE_NT_3_1},
	    {"DOS  LM 2.0", NSD_LM_CLTYPE_NT_3_1},
	    {"Unix", NSD_LM_CLTYPE_NT_3_1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (nsd_lm_client_type(cases[i].name) != cases[i].want)
			fail_msg("\"%s\": %d, want %d", cases[i].name,
			         nsd_lm_client_type(cases[i].name), cases[i].want);
	}
	assert_int_equal(nsd_lm_client_type(NULL), NSD_LM_CLTYPE_NT_3_1);
}

/* An INTEGER column is -2^31..2^31-1 (RFC 2578 7.1.1): counts saturate. */
static void test_integer(void **state)
{
	(void)state;
	assert_int_equal(nsd_lm_integer(0), 0);
	assert_int_equal(nsd_lm_integer(7), 7);
	assert_int_equal(nsd_lm_integer(2147483647u), 2147483647L);
	assert_int_equal(nsd_lm_integer(2147483648u), 2147483647L);
	assert_int_equal(nsd_lm_integer(UINT32_MAX), 2147483647L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_fits),
	    cmocka_unit_test(test_index),
	    cmocka_unit_test(test_order_matches_rows),
	    cmocka_unit_test(test_parse_round_trip),
	    cmocka_unit_test(test_parse_refused),
	    cmocka_unit_test(test_client_type),
	    cmocka_unit_test(test_integer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
