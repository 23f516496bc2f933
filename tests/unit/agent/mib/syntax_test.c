/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syntax_test.c - what a request must look like to name something in
 * SMB-SESSION-MIB (agent/mib/syntax.c): SnmpAdminString values (UTF-8 as
 * RFC 3629 defines it, agent/core/utf8.c) and the instances of the two
 * tables, every shape of malformed index included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"
#include "mib/syntax.h"

#define OK(s) nsd_admin_string_ok((const unsigned char *)(s), sizeof(s) - 1)

/* RFC 3629 3 and 4: well-formed sequences and their boundaries. */
static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t seq; /* nsd_utf8_seq of the first octets */
	} cases[] = {
	    {"a", 1},
	    {"\x7f", 1},
	    {"\xc2\x80", 2},         /* U+0080 */
	    {"\xdf\xbf", 2},         /* U+07FF */
	    {"\xe0\xa0\x80", 3},     /* U+0800 */
	    {"\xed\x9f\xbf", 3},     /* U+D7FF */
	    {"\xee\x80\x80", 3},     /* U+E000 */
	    {"\xef\xbf\xbf", 3},     /* U+FFFF */
	    {"\xf0\x90\x80\x80", 4}, /* U+10000 */
	    {"\xf4\x8f\xbf\xbf", 4}, /* U+10FFFF */
	    {"\x80", 0},             /* a continuation octet alone */
	    {"\xbf", 0},
	    {"\xc0\xaf", 0},         /* overlong "/" */
	    {"\xc1\xbf", 0},         /* overlong */
	    {"\xe0\x9f\xbf", 0},     /* overlong U+07FF */
	    {"\xf0\x8f\xbf\xbf", 0}, /* overlong U+FFFF */
	    {"\xed\xa0\x80", 0},     /* U+D800, a surrogate */
	    {"\xed\xbf\xbf", 0},     /* U+DFFF */
	    {"\xf4\x90\x80\x80", 0}, /* U+110000 */
	    {"\xf5\x80\x80\x80", 0},
	    {"\xfe", 0},
	    {"\xff", 0},
	    {"\xe2\x82", 0}, /* truncated */
	    {"\xc3", 0},
	    {"\xe2\x28\xa1", 0}, /* a bad continuation */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const unsigned char *s = (const unsigned char *)cases[i].s;

		assert_int_equal(nsd_utf8_seq(s, strlen(cases[i].s)), cases[i].seq);
		assert_int_equal(nsd_utf8_valid(s, strlen(cases[i].s)), cases[i].seq != 0);
	}
	assert_int_equal(nsd_utf8_seq((const unsigned char *)"", 0), 0);
	assert_true(nsd_utf8_valid((const unsigned char *)"", 0));
	/* A sequence cut by the length given. */
	assert_int_equal(nsd_utf8_seq((const unsigned char *)"\xe2\x82\xac", 2), 0);
	assert_int_equal(nsd_utf8_seq((const unsigned char *)"\xe2\x82\xac", 3), 3);
}

static void test_admin_string(void **state)
{
	(void)state;
	assert_true(OK("nstest1"));
	assert_true(OK("*"));
	assert_true(OK("Fran\xc3\xa7ois"));
	assert_true(OK("\xe4\xb8\xad\xe6\x96\x87"));
	assert_true(OK(""));
	/* The value, and its kin. */
	assert_false(OK("\xff\xfe\x80"));
	assert_false(OK("bob\xff"));
	assert_false(OK("\xc0\xaf"));
	assert_false(OK("\xed\xa0\x80"));
	assert_false(OK("\xf4\x90\x80\x80"));
	assert_false(OK("\xe2\x82"));
	/* NUL would cut the name sent. */
	assert_false(OK("a\0b"));
	assert_false(OK("\0"));
}

/* smbSessionTable: server, then client and user as length and octets. */
static void test_session_index(void **state)
{
	/* 1."127.0.0.2"."nstest1" */
	static const oid good[] = {1,  9, 49,  50,  55,  46,  48,  46,  48, 46,
	                           50, 7, 110, 115, 116, 101, 115, 116, 49};
	static const oid anon[] = {65535, 1, 97, 0}; /* user empty */
	struct nsd_session_index ix;
	oid big[1 + 1 + 63 + 1 + 48];
	size_t i;

	(void)state;
	assert_true(nsd_session_index_parse(good, sizeof(good) / sizeof(oid), &ix));
	assert_int_equal(ix.server, 1);
	assert_string_equal(ix.client, "127.0.0.2");
	assert_string_equal(ix.user, "nstest1");
	assert_true(nsd_session_index_parse(anon, 4, &ix));
	assert_int_equal(ix.server, 65535);
	assert_string_equal(ix.client, "a");
	assert_string_equal(ix.user, "");
	assert_true(nsd_session_index_parse(good, sizeof(good) / sizeof(oid), NULL));

	/* The largest instance: 63 and 48 octets. */
	big[0] = 7;
	big[1] = 63;
	for (i = 0; i < 63; i++)
		big[2 + i] = 'c';
	big[65] = 48;
	for (i = 0; i < 48; i++)
		big[66 + i] = 'u';
	assert_true(nsd_session_index_parse(big, 114, &ix));
	assert_int_equal(strlen(ix.client), 63);
	assert_int_equal(strlen(ix.user), 48);
}

/* Every shape of an index that cannot name a row. */
static void test_session_index_malformed(void **state)
{
	static const struct {
		const char *what;
		oid idx[16];
		size_t len;
	} cases[] = {
	    {"octets over 255 (the issue's)", {1, 3, 300, 301, 302, 1, 97}, 7},
	    {"one octet over 255", {1, 1, 97, 1, 356}, 5},
	    {"user length longer than what follows", {1, 1, 97, 5, 98}, 5},
	    {"client length longer than what follows", {1, 5, 49, 50}, 4},
	    {"no user part", {1, 1, 97}, 3},
	    {"server index alone", {1}, 1},
	    {"nothing", {0}, 0},
	    {"extra sub-identifiers", {1, 1, 97, 1, 97, 5}, 6},
	    {"server index 0", {0, 1, 97, 1, 97}, 5},
	    {"server index 65536", {65536, 1, 97, 1, 97}, 5},
	    {"server index 2^32 - 1", {4294967295u, 1, 97, 1, 97}, 5},
	    {"empty client (SIZE 1..63)", {1, 0, 1, 97}, 4},
	    {"client of 64", {1, 64, 97}, 3},
	    {"user of 49", {1, 1, 97, 49, 98}, 5},
	    {"client not UTF-8", {1, 3, 0xff, 0xfe, 0x80, 1, 97}, 7},
	    {"user not UTF-8", {1, 1, 97, 2, 0xc0, 0xaf}, 6},
	    {"NUL in the client", {1, 3, 97, 0, 98, 1, 97}, 7},
	    {"NUL in the user", {1, 1, 97, 1, 0}, 5},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct nsd_session_index ix;

		if (nsd_session_index_parse(cases[i].idx, cases[i].len, &ix))
			fail_msg("accepted: %s", cases[i].what);
	}
}

static void test_server_index(void **state)
{
	static const oid one[] = {1}, max[] = {65535}, zero[] = {0}, over[] = {65536},
	                 two[] = {1, 5};
	unsigned srv = 0;

	(void)state;
	assert_true(nsd_server_index_parse(one, 1, &srv));
	assert_int_equal(srv, 1);
	assert_true(nsd_server_index_parse(max, 1, &srv));
	assert_int_equal(srv, 65535);
	assert_true(nsd_server_index_parse(one, 1, NULL));
	assert_false(nsd_server_index_parse(zero, 1, &srv));
	assert_false(nsd_server_index_parse(over, 1, &srv));
	assert_false(nsd_server_index_parse(two, 2, &srv));
	assert_false(nsd_server_index_parse(one, 0, &srv));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8),          cmocka_unit_test(test_admin_string),
	    cmocka_unit_test(test_session_index), cmocka_unit_test(test_session_index_malformed),
	    cmocka_unit_test(test_server_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
