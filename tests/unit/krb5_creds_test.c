/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * krb5_creds_test.c - the ticket renewal rule, and what a keytab context
 * refuses before it ever asks a KDC (src/krb5_creds.c).  Getting tickets
 * from a real KDC is tested against the AD DC test bed (lib_addc.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "krb5_creds.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_refresh_due(void **state)
{
	static const struct {
		time_t now, start, end;
		bool due;
		const char *why;
	} cases[] = {
	    {1000, 0, 0, true, "no ticket yet"},
	    {1000, 0, 36000, false, "10 h ticket, fresh"},
	    {27000, 0, 36000, false, "10 h ticket, 2.5 h left"},
	    {34199, 0, 36000, false, "10 h ticket, 30 min + 1 s left"},
	    {34200, 0, 36000, true, "10 h ticket, 30 min left (the cap)"},
	    {36000, 0, 36000, true, "expired this second"},
	    {99999, 0, 36000, true, "long expired"},
	    {2600, 0, 3600, false, "1 h ticket, 1000 s left"},
	    {2700, 0, 3600, true, "1 h ticket, a quarter left"},
	    {59, 0, 360, false, "6 min ticket, 301 s left"},
	    {60, 0, 360, true, "6 min ticket, 5 min left (the floor)"},
	    {0, 0, 200, true, "a ticket shorter than the floor is always due"},
	    {1000, 2000, 36000, false, "a start in the future (clock skew)"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = ns_krb5_refresh_due(cases[i].now, cases[i].start, cases[i].end);

		if (got != cases[i].due)
			fail_msg("case %zu (%s): got %d", i, cases[i].why, got);
	}
}

struct dir {
	char path[64];
	char keytab[128];
};

static int dir_setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return -1;
	snprintf(d->path, sizeof(d->path), "/tmp/netsess-krb5-test-XXXXXX");
	if (mkdtemp(d->path) == NULL)
		return -1;
	snprintf(d->keytab, sizeof(d->keytab), "%s/svc.keytab", d->path);
	/* The private caches go here too, so that the test sees them. */
	setenv("TMPDIR", d->path, 1);
	*state = d;
	return 0;
}

static int dir_teardown(void **state)
{
	struct dir *d = *state;

	unlink(d->keytab);
	rmdir(d->path);
	free(d);
	return 0;
}

static void write_file(const char *path, mode_t mode, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

/* Entries in dir other than the keytab. */
static int others(const struct dir *d)
{
	DIR *dh = opendir(d->path);
	struct dirent *e;
	int n = 0;

	assert_non_null(dh);
	while ((e = readdir(dh)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, "svc.keytab") != 0)
			n++;
	closedir(dh);
	return n;
}

static void test_keytab_must_be_private(void **state)
{
	struct dir *d = *state;
	struct ns_krb5 *k = NULL;

	/* Missing. */
	assert_int_equal(ns_krb5_new("svc@EXAMPLE.LAN", d->keytab, &k), NETSESS_E_AUTH_FILE);
	assert_null(k);
	/* Readable by the group, or by others: the rule of every secret. */
	write_file(d->keytab, 0640, "x");
	assert_int_equal(ns_krb5_new("svc@EXAMPLE.LAN", d->keytab, &k), NETSESS_E_AUTH_FILE);
	write_file(d->keytab, 0604, "x");
	assert_int_equal(ns_krb5_new("svc@EXAMPLE.LAN", d->keytab, &k), NETSESS_E_AUTH_FILE);
	/* Private: accepted, and nothing is made before the first ticket. */
	write_file(d->keytab, 0600, "x");
	assert_int_equal(ns_krb5_new("svc@EXAMPLE.LAN", d->keytab, &k), NERR_Success);
	assert_non_null(k);
	assert_null(ns_krb5_ccache(k));
	assert_int_equal(ns_krb5_count(k), 0);
	assert_int_equal(ns_krb5_endtime(k), 0);
	assert_int_equal(others(d), 0);
	ns_krb5_free(k);
}

static void test_principal_checked(void **state)
{
	struct dir *d = *state;
	struct ns_krb5 *k = NULL;

	write_file(d->keytab, 0600, "x");
	assert_int_equal(ns_krb5_new(NULL, d->keytab, &k), ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_krb5_new("", d->keytab, &k), ERROR_INVALID_PARAMETER);
	/* A backslash would quote a character of a Kerberos name. */
	assert_int_equal(ns_krb5_new("EXAMPLE\\svc", d->keytab, &k), ERROR_INVALID_PARAMETER);
	assert_null(k);
	ns_krb5_free(NULL);
}

/* A file that is no keytab: refused as a bad secret file, with the
 * Kerberos library's reason, before any KDC is asked (EXAMPLE.LAN has
 * none), and the private directory is gone after. */
static void test_not_a_keytab(void **state)
{
	struct dir *d = *state;
	struct ns_krb5 *k = NULL;
	char detail[256] = "";
	bool acquired = true;

	write_file(d->keytab, 0600, "this is not a keytab\n");
	assert_int_equal(ns_krb5_new("svc@EXAMPLE.LAN", d->keytab, &k), NERR_Success);
	assert_int_equal(ns_krb5_ensure(k, time(NULL), false, &acquired, detail, sizeof(detail)),
	                 NETSESS_E_AUTH_FILE);
	assert_false(acquired);
	assert_non_null(strstr(detail, "svc@EXAMPLE.LAN"));
	assert_non_null(strstr(detail, d->keytab));
	assert_int_equal(ns_krb5_count(k), 0);
	ns_krb5_free(k);
	assert_int_equal(others(d), 0);
}

/* A keytab made public after the context was made is refused again. */
static void test_rechecked_before_each_ticket(void **state)
{
	struct dir *d = *state;
	struct ns_krb5 *k = NULL;
	char detail[256] = "";
	bool acquired;

	write_file(d->keytab, 0600, "x");
	assert_int_equal(ns_krb5_new("svc@EXAMPLE.LAN", d->keytab, &k), NERR_Success);
	assert_int_equal(chmod(d->keytab, 0644), 0);
	assert_int_equal(ns_krb5_ensure(k, time(NULL), true, &acquired, detail, sizeof(detail)),
	                 NETSESS_E_AUTH_FILE);
	assert_non_null(strstr(detail, "readable by others"));
	ns_krb5_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_refresh_due),
	    cmocka_unit_test_setup_teardown(test_keytab_must_be_private, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_principal_checked, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_not_a_keytab, dir_setup, dir_teardown),
	    cmocka_unit_test_setup_teardown(test_rechecked_before_each_ticket, dir_setup,
	                                    dir_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
