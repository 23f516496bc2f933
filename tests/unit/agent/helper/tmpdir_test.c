/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tmpdir_test.c - a helper process's private directory (agent/helper/
 * tmpdir.h): where it is made and with which mode, what happens when it
 * cannot be made, and what its removal takes with it and what it leaves
 * alone (what a symbolic link points to, anything deeper than the
 * library's own layout).  Every test works under a directory of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper/tmpdir.h"

struct fixture {
	char base[64];  /* the test's own directory */
	char *saved;    /* TMPDIR before the test, restored after */
	bool had_saved; /* TMPDIR was set */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *old = getenv("TMPDIR");

	if (!f)
		return -1;
	snprintf(f->base, sizeof(f->base), "/tmp/nsd-tmpdir-test.XXXXXX");
	if (!mkdtemp(f->base)) {
		free(f);
		return -1;
	}
	f->had_saved = old != NULL;
	f->saved = old ? strdup(old) : NULL;
	*state = f;
	return 0;
}

/* Removes what a test left under base (a shell is the independent tool:
 * the code under test must not clean up after itself here). */
static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	int rc;

	if (f->had_saved)
		setenv("TMPDIR", f->saved, 1);
	else
		unsetenv("TMPDIR");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->base);
	rc = system(cmd);
	free(f->saved);
	free(f);
	return rc == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* path is "<dir>/netsessd-rpc.<index>.XXXXXX" with six more characters. */
static void assert_made_under(const char *path, const char *dir, unsigned index)
{
	char prefix[128];
	size_t n;
	struct stat st;

	n = (size_t)snprintf(prefix, sizeof(prefix), "%s/netsessd-rpc.%u.", dir, index);
	assert_int_equal(strncmp(path, prefix, n), 0);
	assert_int_equal(strlen(path), n + 6);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, geteuid());
}

/* ---- making it ---------------------------------------------------------- */

/* Under netsessd's TMPDIR, mode 0700, named after the server; two
 * processes of the same server get two directories. */
static void test_make_under_tmpdir(void **state)
{
	struct fixture *f = *state;
	char *a, *b;

	setenv("TMPDIR", f->base, 1);
	assert_int_equal(nsd_tmpdir_make(12, &a), 0);
	assert_non_null(a);
	assert_made_under(a, f->base, 12);
	assert_int_equal(nsd_tmpdir_make(12, &b), 0);
	assert_made_under(b, f->base, 12);
	assert_string_not_equal(a, b);
	assert_int_equal(nsd_tmpdir_remove(a), 0);
	assert_int_equal(nsd_tmpdir_remove(b), 0);
	assert_false(exists(a));
	assert_false(exists(b));
	free(a);
	free(b);
}

/* Without TMPDIR, or with a relative one (netsessd runs in "/" as a
 * daemon, where a relative name would land), it is made in /tmp. */
static void test_make_default_tmp(void **state)
{
	const char *values[] = {NULL, "", "relative/dir"};
	size_t i;
	char *p;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (values[i])
			setenv("TMPDIR", values[i], 1);
		else
			unsetenv("TMPDIR");
		assert_int_equal(nsd_tmpdir_make(3, &p), 0);
		assert_made_under(p, "/tmp", 3);
		assert_int_equal(nsd_tmpdir_remove(p), 0);
		assert_false(exists(p));
		free(p);
	}
}

/* A TMPDIR that does not exist, or is not a directory: the errno value,
 * no path, nothing made. */
static void test_make_fails(void **state)
{
	struct fixture *f = *state;
	static char untouched[] = "untouched";
	char missing[128], file[128];
	char *p = untouched;

	snprintf(missing, sizeof(missing), "%s/missing", f->base);
	setenv("TMPDIR", missing, 1);
	assert_int_equal(nsd_tmpdir_make(1, &p), ENOENT);
	assert_null(p);
	assert_false(exists(missing));

	snprintf(file, sizeof(file), "%s/file", f->base);
	write_file(file, "not a directory\n");
	setenv("TMPDIR", file, 1);
	p = untouched;
	assert_int_equal(nsd_tmpdir_make(1, &p), ENOTDIR);
	assert_null(p);
}

/* ---- removing it -------------------------------------------------------- */

/*
 * What the library leaves: files, and a directory of files (its
 * credential cache directory); a symbolic link is removed and never
 * followed, whether it points to a file or to a directory.
 */
static void test_remove_layout(void **state)
{
	struct fixture *f = *state;
	char outside[128], outside_dir[128], outside_file[160], path[256];
	char *dir;

	snprintf(outside, sizeof(outside), "%s/outside", f->base);
	write_file(outside, "keep me\n");
	snprintf(outside_dir, sizeof(outside_dir), "%s/outside.d", f->base);
	assert_int_equal(mkdir(outside_dir, 0700), 0);
	snprintf(outside_file, sizeof(outside_file), "%s/inner", outside_dir);
	write_file(outside_file, "keep me too\n");

	setenv("TMPDIR", f->base, 1);
	assert_int_equal(nsd_tmpdir_make(5, &dir), 0);
	snprintf(path, sizeof(path), "%s/smb.conf", dir);
	write_file(path, "[global]\n");
	snprintf(path, sizeof(path), "%s/netsess-krb5-x", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/netsess-krb5-x/ccache", dir);
	write_file(path, "ticket\n");
	snprintf(path, sizeof(path), "%s/netsess-krb5-x/to-file", dir);
	assert_int_equal(symlink(outside, path), 0);
	snprintf(path, sizeof(path), "%s/to-dir", dir);
	assert_int_equal(symlink(outside_dir, path), 0);
	snprintf(path, sizeof(path), "%s/dangling", dir);
	assert_int_equal(symlink("/nonexistent/nsd-tmpdir-test", path), 0);

	assert_int_equal(nsd_tmpdir_remove(dir), 0);
	assert_false(exists(dir));
	assert_true(exists(outside));
	assert_true(exists(outside_dir));
	assert_true(exists(outside_file));
	free(dir);
}

/* A directory that is gone already is fine (a second removal too). */
static void test_remove_missing(void **state)
{
	struct fixture *f = *state;
	char path[128];
	char *dir;

	snprintf(path, sizeof(path), "%s/never-made", f->base);
	assert_int_equal(nsd_tmpdir_remove(path), 0);
	setenv("TMPDIR", f->base, 1);
	assert_int_equal(nsd_tmpdir_make(2, &dir), 0);
	assert_int_equal(nsd_tmpdir_remove(dir), 0);
	assert_int_equal(nsd_tmpdir_remove(dir), 0);
	free(dir);
}

/* The path itself a symbolic link to a directory: refused (open with
 * O_DIRECTORY | O_NOFOLLOW: Linux says ENOTDIR, POSIX allows ELOOP), and
 * neither the link, nor its target, nor what it holds is touched. */
static void test_remove_link_itself(void **state)
{
	struct fixture *f = *state;
	char target[128], inner[160], link_path[128];
	int err;

	snprintf(target, sizeof(target), "%s/target", f->base);
	assert_int_equal(mkdir(target, 0700), 0);
	snprintf(inner, sizeof(inner), "%s/file", target);
	write_file(inner, "keep\n");
	snprintf(link_path, sizeof(link_path), "%s/link", f->base);
	assert_int_equal(symlink(target, link_path), 0);

	err = nsd_tmpdir_remove(link_path);
	assert_true(err == ENOTDIR || err == ELOOP);
	assert_true(exists(inner));
	assert_true(exists(link_path));
}

/*
 * Deeper than the library's layout (a directory inside its directory):
 * the removal takes what it may, leaves the rest and the directory itself,
 * and says so with the first error (EISDIR: a directory where only files
 * belong), so that netsessd logs that it could not remove it.
 */
static void test_remove_too_deep(void **state)
{
	struct fixture *f = *state;
	char path[256], deep_file[256], top_file[256], lib_file[256];
	char *dir;

	setenv("TMPDIR", f->base, 1);
	assert_int_equal(nsd_tmpdir_make(9, &dir), 0);
	snprintf(top_file, sizeof(top_file), "%s/top", dir);
	write_file(top_file, "x\n");
	snprintf(path, sizeof(path), "%s/lib", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(lib_file, sizeof(lib_file), "%s/lib/file", dir);
	write_file(lib_file, "x\n");
	snprintf(path, sizeof(path), "%s/lib/deeper", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(deep_file, sizeof(deep_file), "%s/lib/deeper/file", dir);
	write_file(deep_file, "x\n");

	assert_int_equal(nsd_tmpdir_remove(dir), EISDIR);
	assert_false(exists(top_file));
	assert_false(exists(lib_file));
	assert_true(exists(deep_file));
	assert_true(exists(dir));
	free(dir);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_make_under_tmpdir), T(test_make_default_tmp), T(test_make_fails),
	    T(test_remove_layout),     T(test_remove_missing),   T(test_remove_link_itself),
	    T(test_remove_too_deep),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
