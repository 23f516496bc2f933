/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rows_test.c - the rows of smbSessionTable and svSessionTable
 * (agent/core/rows.c) in Net-SNMP's own table data containers, with no
 * agent running: a poll's rows go to both tables (svSessionTable: the
 * named server's rows that fit its index, with its index), a few changes
 * one by one and many by a refill, a delete's and a removal's rows leave
 * both, and naming another server moves svSessionTable to its rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/rows.h"
#include "core/server.h"
#include "mib/lanmgr.h"
#include "mib/mib.h"

struct fx {
	struct nsd_server cfg[3];
	struct nsd_srv srv[3]; /* indexes 1, 2, 3 */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	size_t i;

	assert_non_null(f);
	for (i = 0; i < 3; i++) {
		f->cfg[i].index = (unsigned)i + 1;
		f->srv[i].cfg = &f->cfg[i];
	}
	assert_int_equal(nsd_rows_init(), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	size_t i;

	for (i = 0; i < 3; i++)
		nsd_rows_remove_server(&f->srv[i]);
	nsd_rows_lanmgr(0);
	assert_int_equal(CONTAINER_SIZE(nsd_rows_table()->container), 0);
	assert_int_equal(CONTAINER_SIZE(nsd_rows_lanmgr_table()->container), 0);
	netsnmp_tdata_delete_table(nsd_rows_table());
	netsnmp_tdata_delete_table(nsd_rows_lanmgr_table());
	free(f);
	return 0;
}

/* A row set of n (client, user) pairs, given as "client/user" strings,
 * in index order as nsd_rowset_build makes them; count is the position
 * + 1. */
static void set_of(struct nsd_rowset *set, const char *const *pairs, size_t n)
{
	size_t i;

	memset(set, 0, sizeof(*set));
	set->rows = calloc(n ? n : 1, sizeof(*set->rows));
	assert_non_null(set->rows);
	for (i = 0; i < n; i++) {
		const char *slash = strchr(pairs[i], '/');

		set->rows[i].client = strndup(pairs[i], (size_t)(slash - pairs[i]));
		set->rows[i].user = strdup(slash + 1);
		set->rows[i].client_type = strdup("");
		set->rows[i].transport = strdup("");
		set->rows[i].count = (uint32_t)i + 1;
	}
	set->count = n;
}

static int row_cmp(const void *a, const void *b)
{
	const struct nsd_row *ra = a, *rb = b;

	return nsd_row_key_cmp(ra->client, ra->user, rb->client, rb->user);
}

/* Replaces srv's rows with pairs (sorted here). */
static void update(struct nsd_srv *srv, const char *const *pairs, size_t n)
{
	struct nsd_rowset set;

	set_of(&set, pairs, n);
	qsort(set.rows, set.count, sizeof(*set.rows), row_cmp);
	assert_int_equal(nsd_rows_update(srv, &set), 0);
	nsd_rowset_clear(&set);
}

/* svSessionTable as "client/user" lines in its order (the container's:
 * the index's), checking each entry on the way: its index is the
 * LanMgr index of its names, its data a row of server index whose
 * smbSessionTable entry is in that table. */
static char *lm_listing(unsigned index)
{
	netsnmp_tdata *lm = nsd_rows_lanmgr_table();
	netsnmp_tdata_row *t;
	size_t cap = 1 << 16, len = 0;
	char *out = calloc(1, cap);

	assert_non_null(out);
	for (t = netsnmp_tdata_row_first(lm); t; t = netsnmp_tdata_row_next(lm, t)) {
		const struct nsd_srow *s = t->data;
		uint32_t sub[NSD_LM_INDEX_MAX];
		size_t n = nsd_lm_index(s->r.client, s->r.user, sub, NSD_LM_INDEX_MAX), i;

		assert_ptr_equal(s->lmrow, t);
		assert_int_equal(s->srv->cfg->index, index);
		assert_int_equal(t->oid_index.len, n);
		for (i = 0; i < n; i++)
			assert_int_equal(t->oid_index.oids[i], sub[i]);
		assert_ptr_equal(netsnmp_tdata_row_get_byoid(nsd_rows_table(),
		                                             s->trow->oid_index.oids,
		                                             s->trow->oid_index.len),
		                 s->trow);
		len += (size_t)snprintf(out + len, cap - len, "%s/%s\n", s->r.client, s->r.user);
		assert_true(len < cap);
	}
	return out;
}

static void assert_lm(unsigned index, const char *want)
{
	char *got = lm_listing(index);

	assert_string_equal(got, want);
	free(got);
}

static size_t main_rows(void)
{
	return CONTAINER_SIZE(nsd_rows_table()->container);
}

/* Only the named server's rows that fit (client 1..15, user 1..20). */
static void test_fit_and_order(void **state)
{
	static const char *const one[] = {"10.0.0.1/a", "10.0.0.2/b"};
	static const char *const two[] = {
	    "10.0.0.5/bob",
	    "9.9.9.9/bob",
	    "10.0.0.5/",                      /* no user name */
	    "0123456789abcdef/bob",           /* a 16-octet client */
	    "10.0.0.6/nstest_twentyone_char", /* a 21-octet user */
	    "255.255.255.255/nstest_twenty_chars0",
	};
	struct fx *f = *state;

	assert_int_equal(nsd_rows_lanmgr(2), 0);
	update(&f->srv[0], one, 2);
	update(&f->srv[1], two, 6);
	assert_int_equal(main_rows(), 8);
	/* Index order: the client's length first. */
	assert_lm(2, "9.9.9.9/bob\n10.0.0.5/bob\n255.255.255.255/nstest_twenty_chars0\n");
}

/* A few changes go in one by one, many by a refill: the same result. */
static void test_changes(void **state)
{
	struct fx *f = *state;
	char names[200][32];
	const char *pairs[200];
	char *want;
	size_t i, len = 0;

	assert_int_equal(nsd_rows_lanmgr(3), 0);
	for (i = 0; i < 200; i++) {
		snprintf(names[i], sizeof(names[i]), "10.0.%zu.%zu/u%zu", i / 100, i % 100, i);
		pairs[i] = names[i];
	}
	update(&f->srv[2], pairs, 3); /* one by one */
	assert_lm(3, "10.0.0.0/u0\n10.0.0.1/u1\n10.0.0.2/u2\n");
	update(&f->srv[2], pairs + 1, 3); /* 0 goes, 3 comes */
	assert_lm(3, "10.0.0.1/u1\n10.0.0.2/u2\n10.0.0.3/u3\n");
	update(&f->srv[2], pairs, 200); /* a refill */
	assert_int_equal(main_rows(), 200);
	want = lm_listing(3);
	for (i = 0; want[i]; i++)
		len += want[i] == '\n';
	assert_int_equal(len, 200);
	free(want);
	update(&f->srv[2], pairs + 150, 50); /* 150 go: a refill */
	assert_int_equal(main_rows(), 50);
	want = lm_listing(3);
	assert_non_null(strstr(want, "10.0.1.50/u150\n"));
	assert_null(strstr(want, "/u149\n"));
	free(want);
	update(&f->srv[2], pairs, 0);
	assert_lm(3, "");
	assert_int_equal(main_rows(), 0);
}

/* A delete's rows leave both tables; so do a removed server's. */
static void test_prune_and_remove(void **state)
{
	static const char *const two[] = {"10.0.0.5/bob", "10.0.0.5/eve", "10.0.0.7/bob"};
	struct fx *f = *state;

	assert_int_equal(nsd_rows_lanmgr(2), 0);
	update(&f->srv[1], two, 3);
	assert_int_equal(nsd_rows_prune(&f->srv[1], "10.0.0.5", "bob"), 1);
	assert_lm(2, "10.0.0.5/eve\n10.0.0.7/bob\n");
	assert_int_equal(nsd_rows_prune(&f->srv[1], NULL, "bob"), 3);
	assert_lm(2, "10.0.0.5/eve\n");
	assert_int_equal(main_rows(), 1);
	nsd_rows_remove_server(&f->srv[1]);
	assert_lm(2, "");
	assert_int_equal(main_rows(), 0);
	/* The same index comes back (a server restarted): its rows are
	 * listed again. */
	update(&f->srv[1], two, 3);
	assert_lm(2, "10.0.0.5/bob\n10.0.0.5/eve\n10.0.0.7/bob\n");
}

/* Naming another server moves svSessionTable; none empties it. */
static void test_switch(void **state)
{
	static const char *const one[] = {"10.0.0.1/a", "10.0.0.2/b"};
	static const char *const two[] = {"10.0.0.5/bob"};
	struct fx *f = *state;

	update(&f->srv[0], one, 2);
	update(&f->srv[1], two, 1);
	assert_lm(0, "");
	assert_int_equal(nsd_rows_lanmgr(1), 0);
	assert_lm(1, "10.0.0.1/a\n10.0.0.2/b\n");
	assert_int_equal(nsd_rows_lanmgr(2), 0);
	assert_lm(2, "10.0.0.5/bob\n");
	assert_null(((struct nsd_srow *)netsnmp_tdata_row_first(nsd_rows_table())->data)->lmrow);
	/* A poll of the other server changes nothing there. */
	update(&f->srv[0], two, 1);
	assert_lm(2, "10.0.0.5/bob\n");
	assert_int_equal(nsd_rows_lanmgr(0), 0);
	assert_lm(0, "");
	update(&f->srv[1], one, 2);
	assert_lm(0, "");
	assert_int_equal(main_rows(), 3);
}

/* Net-SNMP's container types, which init_snmp() registers in netsessd. */
static int group_setup(void **state)
{
	(void)state;
	netsnmp_container_init_list();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	netsnmp_container_free_list();
	return 0;
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_fit_and_order),
	    T(test_changes),
	    T(test_prune_and_remove),
	    T(test_switch),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
