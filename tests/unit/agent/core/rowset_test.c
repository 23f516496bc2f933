/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rowset_test.c - the rows of smbSessionTable built from a session
 * list: merging by (client, user), index order, SIZE bounds, index OIDs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oid_order.h"

#include "mib/mib.h"
#include "core/rowset.h"

#define MAX_ITEMS 64

struct fixture {
	struct netsess_session items[MAX_ITEMS];
	struct netsess_session_list list;
	struct nsd_rowset set;
};

static struct netsess_session *add(struct fixture *f, const char *client, const char *user)
{
	struct netsess_session *s = &f->items[f->list.count++];

	memset(s, 0, sizeof(*s));
	s->client = (char *)(uintptr_t)client;
	s->user = (char *)(uintptr_t)user;
	return s;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->list.items = f->items;
	f->list.level_requested = 502;
	f->list.level_served = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	nsd_rowset_clear(&f->set);
	free(f);
	return 0;
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_empty(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(nsd_rowset_build(&f->list, &f->set), 0);
	assert_int_equal(f->set.count, 0);
	assert_int_equal(f->set.sessions, 0);
	assert_int_equal(f->set.omitted, 0);
	assert_null(f->set.omitted_client);
}

/* Three sessions of one pair make one row: count, sum, max, min, OR. */
static void test_merge(void **state)
{
	struct fixture *f = *state;
	struct netsess_session *s;
	const struct nsd_row *r;

	s = add(f, "10.0.0.5", "bob");
	s->opens = 2;
	s->time = 100;
	s->idle_time = 50;
	s = add(f, "10.0.0.6", "bob");
	s->opens = 7;
	s = add(f, "10.0.0.5", "bob");
	s->opens = 3;
	s->time = 300;
	s->idle_time = 5;
	s->user_flags = NETSESS_SESS_GUEST;
	s->client_type = (char *)(uintptr_t) "Windows 10";
	s = add(f, "10.0.0.5", "bob");
	s->opens = 4;
	s->time = 200;
	s->idle_time = 20;
	s->user_flags = NETSESS_SESS_NOENCRYPTION;
	s->client_type = (char *)(uintptr_t) "other";
	s->transport = (char *)(uintptr_t) "\\Device\\NetbiosSmb";

	assert_int_equal(nsd_rowset_build(&f->list, &f->set), 0);
	assert_int_equal(f->set.sessions, 4);
	assert_int_equal(f->set.count, 2);
	r = &f->set.rows[0];
	assert_string_equal(r->client, "10.0.0.5");
	assert_string_equal(r->user, "bob");
	assert_int_equal(r->count, 3);
	assert_int_equal(r->opens, 9);
	assert_int_equal(r->time, 300);
	assert_int_equal(r->idle_time, 5);
	assert_int_equal(r->flags, NETSESS_SESS_GUEST | NETSESS_SESS_NOENCRYPTION);
	assert_string_equal(r->client_type, "Windows 10"); /* first one that has one */
	assert_string_equal(r->transport, "\\Device\\NetbiosSmb");
	r = &f->set.rows[1];
	assert_string_equal(r->client, "10.0.0.6");
	assert_int_equal(r->count, 1);
	assert_int_equal(r->opens, 7);
	assert_string_equal(r->client_type, "");
	assert_string_equal(r->transport, "");
}

/* smbSessionClientType and smbSessionTransport are SnmpAdminStrings: at
 * most 255 octets, cut at a UTF-8 character boundary; up to 255 they are
 * kept whole. */
static void test_text_bound(void **state)
{
	struct fixture *f = *state;
	char *exact = repeat('t', NSD_ADMIN_STRING_MAX);
	char *ascii = repeat('a', 4000);
	char *utf8 = repeat('x', 300);
	struct netsess_session *s;

	/* "\xe2\x82\xac" (3 octets) at 253..255 straddles the bound. */
	memcpy(utf8 + 253, "\xe2\x82\xac", 3);
	s = add(f, "10.0.0.1", "a");
	s->client_type = ascii;
	s->transport = exact;
	s = add(f, "10.0.0.2", "b");
	s->client_type = utf8;
	s = add(f, "10.0.0.2", "b"); /* merged: the first one's is kept */
	s->client_type = (char *)(uintptr_t) "short";
	s = add(f, "10.0.0.3", "c");
	s = add(f, "10.0.0.3", "c"); /* merged: the first that has one */
	s->transport = ascii;

	assert_int_equal(nsd_rowset_build(&f->list, &f->set), 0);
	assert_int_equal(f->set.count, 3);
	assert_int_equal(strlen(f->set.rows[0].client_type), NSD_ADMIN_STRING_MAX);
	assert_memory_equal(f->set.rows[0].client_type, ascii, NSD_ADMIN_STRING_MAX);
	assert_string_equal(f->set.rows[0].transport, exact);
	assert_int_equal(strlen(f->set.rows[1].client_type), 253);
	assert_memory_equal(f->set.rows[1].client_type, utf8, 253);
	assert_int_equal(strlen(f->set.rows[2].transport), NSD_ADMIN_STRING_MAX);
	free(exact);
	free(ascii);
	free(utf8);
}

/* Non-IMPLIED strings sort by length first (RFC 2578 7.7). */
static void test_index_order(void **state)
{
	struct fixture *f = *state;

	add(f, "10.0.40.0", "a");
	add(f, "10.0.0.1", "zz");
	add(f, "10.0.0.1", "b");
	add(f, "10.0.0.1", NULL);
	add(f, "9.9.9.9", "b");
	add(f, "\xc3\xa9t\xc3\xa9", "x"); /* UTF-8: five octets */
	add(f, "abcdef", "x");

	assert_int_equal(nsd_rowset_build(&f->list, &f->set), 0);
	assert_int_equal(f->set.count, 7);
	assert_string_equal(f->set.rows[0].client, "\xc3\xa9t\xc3\xa9"); /* 5 octets */
	assert_string_equal(f->set.rows[1].client, "abcdef");
	assert_string_equal(f->set.rows[2].client, "9.9.9.9");
	assert_string_equal(f->set.rows[3].client, "10.0.0.1");
	assert_string_equal(f->set.rows[3].user, ""); /* NULL user is "" */
	assert_string_equal(f->set.rows[4].user, "b");
	assert_string_equal(f->set.rows[5].user, "zz");
	assert_string_equal(f->set.rows[6].client, "10.0.40.0");
}

/* Names beyond SIZE (1..63) and (0..48) get no row but are counted. */
static void test_size_bounds(void **state)
{
	struct fixture *f = *state;
	char *c63 = repeat('c', 63), *c64 = repeat('d', 64);
	char *u48 = repeat('u', 48), *u49 = repeat('v', 49);

	add(f, c63, u48);
	add(f, c64, "bob");
	add(f, "10.0.0.1", u49);
	add(f, "", "bob");
	add(f, NULL, "bob");
	add(f, "10.0.0.1", "");

	assert_int_equal(nsd_rowset_build(&f->list, &f->set), 0);
	assert_int_equal(f->set.sessions, 6);
	assert_int_equal(f->set.omitted, 4);
	assert_int_equal(f->set.count, 2);
	assert_string_equal(f->set.rows[0].client, "10.0.0.1");
	assert_string_equal(f->set.rows[0].user, "");
	assert_string_equal(f->set.rows[1].client, c63);
	assert_string_equal(f->set.omitted_client, c64);
	assert_string_equal(f->set.omitted_user, "bob");
	free(c63);
	free(c64);
	free(u48);
	free(u49);
}

static void test_opens_saturate(void **state)
{
	struct fixture *f = *state;

	add(f, "h", "u")->opens = UINT32_MAX - 1;
	add(f, "h", "u")->opens = 5;
	assert_int_equal(nsd_rowset_build(&f->list, &f->set), 0);
	assert_int_equal(f->set.rows[0].opens, UINT32_MAX);
}

/* The instance of the MIB's example: 1.8.49.48.46.48.46.48.46.53.3.98.111.98 */
static void test_index_encoding(void **state)
{
	static const uint32_t want[] = {1, 8, 49, 48, 46, 48, 46, 48, 46, 53, 3, 98, 111, 98};
	uint32_t buf[NSD_SESSION_INDEX_MAX];
	char *c63 = repeat('c', 63), *u48 = repeat('u', 48);
	size_t n;

	(void)state;
	n = nsd_row_index(1, "10.0.0.5", "bob", buf, NSD_SESSION_INDEX_MAX);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	assert_memory_equal(buf, want, sizeof(want));

	/* The longest names take exactly NSD_SESSION_INDEX_MAX = 114. */
	assert_int_equal(nsd_row_index(65535, c63, u48, buf, NSD_SESSION_INDEX_MAX), 114);
	assert_int_equal(buf[0], 65535);
	assert_int_equal(buf[1], 63);
	assert_int_equal(buf[65], 48);
	assert_int_equal(nsd_row_index(1, c63, u48, buf, 113), 0);
	assert_int_equal(nsd_row_index(1, "a", "", buf, 4), 4);
	assert_int_equal(nsd_row_index(1, "a", "", buf, 3), 0);
	assert_int_equal(nsd_row_index(1, "", "x", buf, NSD_SESSION_INDEX_MAX), 0);
	assert_int_equal(nsd_row_index(1, NULL, "x", buf, NSD_SESSION_INDEX_MAX), 0);
	/* High octets are unsigned sub-identifiers. */
	assert_int_equal(nsd_row_index(2, "\xff", "", buf, NSD_SESSION_INDEX_MAX), 4);
	assert_int_equal(buf[2], 255);
	free(c63);
	free(u48);
}

/* nsd_row_key_cmp orders exactly as the encoded indexes compare. */
static void test_cmp_matches_oid_order(void **state)
{
	char names[40][ORDER_NAME_MAX];
	size_t i, j;

	(void)state;
	order_names(names, 40, 4, 7);
	for (i = 0; i < 40; i++) {
		for (j = 0; j < 40; j++) {
			uint32_t a[NSD_SESSION_INDEX_MAX], b[NSD_SESSION_INDEX_MAX];
			const char *ua = names[(i + 3) % 40], *ub = names[(j + 5) % 40];
			size_t na = nsd_row_index(1, names[i], ua, a, NSD_SESSION_INDEX_MAX);
			size_t nb = nsd_row_index(1, names[j], ub, b, NSD_SESSION_INDEX_MAX);

			assert_int_equal(order_sign(nsd_row_key_cmp(names[i], ua, names[j], ub)),
			                 order_oid_cmp(a, na, b, nb));
		}
	}
}

static void test_matches(void **state)
{
	struct nsd_row r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.client = (char *)(uintptr_t) "10.0.0.5";
	r.user = (char *)(uintptr_t) "bob";
	assert_true(nsd_row_matches(&r, "10.0.0.5", "bob"));
	assert_true(nsd_row_matches(&r, "10.0.0.5", NULL));
	assert_true(nsd_row_matches(&r, NULL, "bob"));
	assert_false(nsd_row_matches(&r, "10.0.0.6", "bob"));
	assert_true(nsd_row_matches(&r, NULL, "BOB")); /* SMB names ignore case */
	assert_false(nsd_row_matches(&r, NULL, "bo"));
	assert_false(nsd_row_matches(&r, "10.0.0.5", ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_index_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_size_bounds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_opens_saturate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_text_bound, setup, teardown),
	    cmocka_unit_test(test_index_encoding),
	    cmocka_unit_test(test_cmp_matches_oid_order),
	    cmocka_unit_test(test_matches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
