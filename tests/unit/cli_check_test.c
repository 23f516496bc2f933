/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_check_test.c - netsess check: threshold ranges as the Monitoring
 * Plugins Development Guidelines define them, what is counted, the state,
 * and the status line with its performance data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "netsess.h"
#include "cli/check.h"

/* ---- ranges ------------------------------------------------------------- */

static struct cli_range range_of(const char *s)
{
	struct cli_range r;

	if (cli_range_parse(s, &r) != 0)
		fail_msg("'%s' should parse", s);
	assert_ptr_equal(r.text, s);
	return r;
}

/* The guidelines' table of examples, "generate an alert if x ...". */
static void test_range_examples(void **state)
{
	static const struct {
		const char *range;
		double value;
		bool alert;
	} cases[] = {
	    /* 10: < 0 or > 10 */
	    {"10", -1, true},
	    {"10", 0, false},
	    {"10", 10, false},
	    {"10", 11, true},
	    /* 10: < 10 */
	    {"10:", 9, true},
	    {"10:", 10, false},
	    {"10:", 1e12, false},
	    /* ~:10 > 10 */
	    {"~:10", -1e12, false},
	    {"~:10", 10, false},
	    {"~:10", 10.5, true},
	    /* 10:20 < 10 or > 20 */
	    {"10:20", 9.99, true},
	    {"10:20", 10, false},
	    {"10:20", 20, false},
	    {"10:20", 21, true},
	    /* @10:20 >= 10 and <= 20 */
	    {"@10:20", 9, false},
	    {"@10:20", 10, true},
	    {"@10:20", 20, true},
	    {"@10:20", 21, false},
	    /* 0: nothing but zero is fine, the usual "any" threshold */
	    {"0", 0, false},
	    {"0", 1, true},
	    /* :N starts at 0, as N does */
	    {":5", -1, true},
	    {":5", 5, false},
	    /* decimals and negative numbers */
	    {"-2.5:2.5", -2.5, false},
	    {"-2.5:2.5", -2.6, true},
	    {"@~:3", 3, true},
	    {"@~:3", 4, false},
	    {"~:", 1e12, false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cli_range r = range_of(cases[i].range);

		if (cli_range_alert(&r, cases[i].value) != cases[i].alert)
			fail_msg("range '%s', value %g: alert should be %d", cases[i].range,
			         cases[i].value, cases[i].alert);
	}
}

static void test_range_fields(void **state)
{
	struct cli_range r;

	(void)state;
	r = range_of("@~:7");
	assert_true(r.inside);
	assert_false(r.has_start);
	assert_true(r.has_end);
	assert_true(r.end == 7.0);
	r = range_of("3:");
	assert_false(r.inside);
	assert_true(r.has_start);
	assert_false(r.has_end);
	assert_true(r.start == 3.0);
}

static void test_range_rejects(void **state)
{
	static const char *const bad[] = {
	    "",     "@",     "x",
	    "10x",  "1e3",   "0x10",
	    "10:5", "~",     "~:~",
	    "@@1",  "1:2:3", "- 1",
	    "--1",  ".",     "-",
	    "1..2", " 1",    "1 ",
	    "inf",  "nan",   "12345678901234567890123456789012345", /* longer than any count */
	};
	struct cli_range r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cli_range_parse(bad[i], &r) == 0)
			fail_msg("'%s' should not parse", bad[i]);
}

/* ---- counting and the state ----------------------------------------------- */

#define S(c, u, idle)                                                                              \
	{                                                                                          \
		.client = (char *)(uintptr_t)(c), .user = (char *)(uintptr_t)(u),                  \
		.idle_time = (idle)                                                                \
	}

static struct netsess_session sessions[] = {
    S("10.0.0.5", "bob", 10),     S("10.0.0.5", "alice", 4000), S("10.0.0.6", "BOB", 3601),
    S("10.0.0.7", "carol", 3600), S("10.0.0.6", "", 0),         S("10.0.0.8", NULL, 99999),
};

static struct netsess_session_list list_of(struct netsess_session *items, size_t n)
{
	struct netsess_session_list l;

	memset(&l, 0, sizeof(l));
	l.level_requested = l.level_served = 1;
	l.count = n;
	l.total = (uint32_t)n;
	l.items = items;
	return l;
}

static void test_count(void **state)
{
	struct netsess_session_list l = list_of(sessions, 6);
	struct cli_check_spec spec;
	struct cli_check_counts c;

	(void)state;
	memset(&spec, 0, sizeof(spec));
	assert_int_equal(cli_check_count(&l, &spec, &c), 0);
	assert_int_equal(c.sessions, 6);
	/* bob and BOB are one user; "" and NULL are none */
	assert_int_equal(c.users, 3);
	assert_int_equal(c.clients, 4);
	assert_int_equal(c.idle, 0);

	/* Idle longer than 3600 s: 3601, 4000 and 99999, not 3600 itself. */
	spec.max_idle_set = true;
	spec.max_idle = 3600;
	assert_int_equal(cli_check_count(&l, &spec, &c), 0);
	assert_int_equal(c.idle, 3);
	spec.max_idle = 0;
	assert_int_equal(cli_check_count(&l, &spec, &c), 0);
	assert_int_equal(c.idle, 5);

	/* No list at all (a filter matched nothing): all zero. */
	assert_int_equal(cli_check_count(NULL, &spec, &c), 0);
	assert_int_equal(c.sessions, 0);
	assert_int_equal(c.users, 0);
	assert_int_equal(c.clients, 0);
	assert_int_equal(c.idle, 0);
}

static void test_evaluate(void **state)
{
	struct cli_range w = range_of("3"), c = range_of("5");
	struct cli_check_spec spec = {.warn = &w, .crit = &c};
	struct cli_check_counts n = {0, 0, 0, 0};

	(void)state;
	n.sessions = 3;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_OK);
	n.sessions = 4;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_WARNING);
	n.sessions = 6;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_CRITICAL);

	/* With --max-idle the thresholds look at the idle count only. */
	spec.max_idle_set = true;
	n.sessions = 100;
	n.idle = 0;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_OK);
	n.idle = 4;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_WARNING);

	/* No thresholds: OK whatever the count. */
	spec.warn = spec.crit = NULL;
	n.idle = 1000000;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_OK);

	/* Only -c, as "at least one": CRITICAL on none. */
	c = range_of("1:");
	spec.crit = &c;
	spec.max_idle_set = false;
	n.sessions = 0;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_CRITICAL);
	n.sessions = 1;
	assert_int_equal(cli_check_evaluate(&spec, &n), CLI_CHECK_OK);

	assert_string_equal(cli_check_state_name(CLI_CHECK_OK), "OK");
	assert_string_equal(cli_check_state_name(CLI_CHECK_WARNING), "WARNING");
	assert_string_equal(cli_check_state_name(CLI_CHECK_CRITICAL), "CRITICAL");
	assert_string_equal(cli_check_state_name(CLI_CHECK_UNKNOWN), "UNKNOWN");
	assert_string_equal(cli_check_state_name((enum cli_check_state)42), "UNKNOWN");
}

/* ---- the status line ------------------------------------------------------ */

static char *report_of(const struct cli_check_spec *spec, const struct cli_check_counts *c,
                       enum cli_check_state st, const char *server)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(cli_check_report(f, server, spec, c, st), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_report(void **state)
{
	struct cli_range w = range_of("20"), c = range_of("50");
	struct cli_check_spec spec = {.warn = &w, .crit = &c};
	struct cli_check_counts n = {12, 7, 9, 0};
	char *out;

	(void)state;
	out = report_of(&spec, &n, CLI_CHECK_OK, "fs1");
	assert_string_equal(out, "SMB SESSIONS OK - 12 sessions on fs1 | sessions=12;20;50;0 "
	                         "users=7;;;0 clients=9;;;0\n");
	free(out);

	/* One session; no thresholds; the filters named. */
	spec.warn = spec.crit = NULL;
	spec.user = "bob";
	spec.client = "10.0.0.5";
	n = (struct cli_check_counts){1, 1, 1, 0};
	out = report_of(&spec, &n, CLI_CHECK_OK, "fs1");
	assert_string_equal(out, "SMB SESSIONS OK - 1 session of bob from 10.0.0.5 on fs1 | "
	                         "sessions=1;;;0 users=1;;;0 clients=1;;;0\n");
	free(out);

	/* --max-idle: the thresholds go with idle_sessions. */
	w = range_of("0");
	c = range_of("10");
	spec =
	    (struct cli_check_spec){.warn = &w, .crit = &c, .max_idle_set = true, .max_idle = 3600};
	n = (struct cli_check_counts){12, 7, 9, 3};
	out = report_of(&spec, &n, CLI_CHECK_WARNING, "fs1");
	assert_string_equal(out, "SMB SESSIONS WARNING - 3 of 12 sessions on fs1 idle longer "
	                         "than 3600 s | sessions=12;;;0 users=7;;;0 clients=9;;;0 "
	                         "idle_sessions=3;0;10;0\n");
	free(out);

	/* Only -c given: an empty warn field. */
	spec = (struct cli_check_spec){.crit = &c};
	n = (struct cli_check_counts){0, 0, 0, 0};
	out = report_of(&spec, &n, CLI_CHECK_OK, "fs1");
	assert_string_equal(out, "SMB SESSIONS OK - 0 sessions on fs1 | sessions=0;;10;0 "
	                         "users=0;;;0 clients=0;;;0\n");
	free(out);
}

/* A name cannot start the performance data or a second line. */
static void test_report_names_sanitised(void **state)
{
	struct cli_check_spec spec = {.user = "a|b\nc"};
	struct cli_check_counts n = {2, 1, 1, 0};
	char *out = report_of(&spec, &n, CLI_CHECK_CRITICAL, "s\x01|x");

	(void)state;
	assert_string_equal(out, "SMB SESSIONS CRITICAL - 2 sessions of a_b_c on s__x | "
	                         "sessions=2;;;0 users=1;;;0 clients=1;;;0\n");
	free(out);
}

static void test_unknown(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(cli_check_unknown(f, "fs1", "NETSESS_E_LOGON_FAILURE (0x20000003): x"), 0);
	assert_int_equal(cli_check_unknown(f, NULL, "usage: bad | thing"), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "SMB SESSIONS UNKNOWN - fs1: NETSESS_E_LOGON_FAILURE "
	                         "(0x20000003): x\n"
	                         "SMB SESSIONS UNKNOWN - usage: bad _ thing\n");
	free(buf);
}

static void test_write_failure(void **state)
{
	struct cli_check_spec spec = {.warn = NULL};
	struct cli_check_counts n = {1, 1, 1, 0};
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	assert_int_equal(cli_check_report(full, "fs1", &spec, &n, CLI_CHECK_OK), -1);
	assert_int_equal(cli_check_unknown(full, "fs1", "x"), -1);
	fclose(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_range_examples),
	    cmocka_unit_test(test_range_fields),
	    cmocka_unit_test(test_range_rejects),
	    cmocka_unit_test(test_count),
	    cmocka_unit_test(test_evaluate),
	    cmocka_unit_test(test_report),
	    cmocka_unit_test(test_report_names_sanitised),
	    cmocka_unit_test(test_unknown),
	    cmocka_unit_test(test_write_failure),
	};

	return cmocka_run_group_tests_name("cli_check", tests, NULL, NULL);
}
