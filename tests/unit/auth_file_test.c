/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth_file_test.c - smbclient-style authentication files and password
 * files: what they hold, and that secrets others may read are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "auth_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tmp {
	char dir[64];
	char path[128];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/netsess-auth-test-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/auth", t->dir);
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char p[160];

	unlink(t->path);
	snprintf(p, sizeof(p), "%s/link", t->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/fifo", t->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/sub", t->dir);
	rmdir(p);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void put(const struct tmp *t, const void *text, size_t n, mode_t mode)
{
	int fd;

	unlink(t->path);
	fd = open(t->path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void put_str(const struct tmp *t, const char *text, mode_t mode)
{
	put(t, text, strlen(text), mode);
}

static void test_reads_all_three(void **state)
{
	struct tmp *t = *state;
	struct ns_auth a;

	put_str(t, "username = alice\npassword = s3cr3t\ndomain = CORP\n", 0600);
	assert_int_equal(ns_auth_file_read(t->path, &a), NERR_Success);
	assert_string_equal(a.username, "alice");
	assert_string_equal(a.password, "s3cr3t");
	assert_string_equal(a.domain, "CORP");
	ns_auth_clear(&a);
	assert_null(a.username);
	assert_null(a.password);
	assert_null(a.domain);
}

static void test_layout_variations(void **state)
{
	struct tmp *t = *state;
	struct ns_auth a;

	/* comments, blank lines, CRLF, tabs, no spaces, mixed case keys,
	 * a password with inner spaces and '=' signs, no final newline */
	put_str(t,
	        "# made by hand\r\n; another comment\n\n\tUserName=bob\r\n"
	        "PASSWORD =  a b=c  \r\n   ",
	        0400);
	assert_int_equal(ns_auth_file_read(t->path, &a), NERR_Success);
	assert_string_equal(a.username, "bob");
	assert_string_equal(a.password, "a b=c");
	assert_null(a.domain);
	ns_auth_clear(&a);

	put_str(t, "password =\n", 0600);
	assert_int_equal(ns_auth_file_read(t->path, &a), NERR_Success);
	assert_null(a.username);
	assert_string_equal(a.password, "");
	ns_auth_clear(&a);

	put_str(t, "", 0600);
	assert_int_equal(ns_auth_file_read(t->path, &a), NERR_Success);
	assert_null(a.username);
	ns_auth_clear(&a);
}

static void test_malformed_files(void **state)
{
	const char *bad[] = {
	    "username alice\n",             /* no '=' */
	    "user = alice\n",               /* unknown key */
	    "username = a\nusername = b\n", /* twice */
	    "password = x\npassword = y\n",
	};
	struct tmp *t = *state;
	struct ns_auth a = {NULL, NULL, NULL};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_str(t, bad[i], 0600);
		assert_int_equal(ns_auth_file_read(t->path, &a), NETSESS_E_AUTH_FILE);
		assert_null(a.username);
		assert_null(a.password);
	}
	put(t, "username = a\0b\n", 15, 0600); /* a NUL byte */
	assert_int_equal(ns_auth_file_read(t->path, &a), NETSESS_E_AUTH_FILE);
}

/* Any group or other permission bit refuses the file. */
static void test_refuses_shared_files(void **state)
{
	mode_t modes[] = {0644, 0640, 0604, 0610, 0601, 0620, 0602, 0660, 0666, 0700 | 0004};
	struct tmp *t = *state;
	struct ns_auth a;
	char *pw = NULL;
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		put_str(t, "username = u\npassword = p\n", modes[i]);
		assert_int_equal(ns_auth_file_read(t->path, &a), NETSESS_E_AUTH_FILE);
		assert_int_equal(ns_password_file_read(t->path, &pw), NETSESS_E_AUTH_FILE);
		assert_null(pw);
	}
	put_str(t, "username = u\n", 0700);
	assert_int_equal(ns_auth_file_read(t->path, &a), NERR_Success);
	ns_auth_clear(&a);
}

static void test_refuses_non_regular(void **state)
{
	struct tmp *t = *state;
	struct ns_auth a;
	char p[160];

	/* a symlink to a private file: not followed */
	put_str(t, "username = u\n", 0600);
	snprintf(p, sizeof(p), "%s/link", t->dir);
	assert_int_equal(symlink(t->path, p), 0);
	assert_int_equal(ns_auth_file_read(p, &a), NETSESS_E_AUTH_FILE);
	/* a FIFO: refused without waiting for a writer */
	snprintf(p, sizeof(p), "%s/fifo", t->dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(ns_auth_file_read(p, &a), NETSESS_E_AUTH_FILE);
	/* a directory */
	snprintf(p, sizeof(p), "%s/sub", t->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(ns_auth_file_read(p, &a), NETSESS_E_AUTH_FILE);
	/* missing, and no path at all */
	snprintf(p, sizeof(p), "%s/missing", t->dir);
	assert_int_equal(ns_auth_file_read(p, &a), NETSESS_E_AUTH_FILE);
	assert_int_equal(ns_auth_file_read(NULL, &a), ERROR_INVALID_PARAMETER);
	assert_int_equal(ns_auth_file_read(t->path, NULL), ERROR_INVALID_PARAMETER);
}

static void test_refuses_huge_file(void **state)
{
	struct tmp *t = *state;
	size_t n = 70000;
	char *big = malloc(n);
	struct ns_auth a;

	assert_non_null(big);
	memset(big, '#', n);
	put(t, big, n, 0600);
	free(big);
	assert_int_equal(ns_auth_file_read(t->path, &a), NETSESS_E_AUTH_FILE);
}

static void test_secret_file_check(void **state)
{
	struct tmp *t = *state;
	int fd;

	put_str(t, "x", 0600);
	fd = open(t->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(ns_secret_file_check(fd), NERR_Success);
	assert_int_equal(fchmod(fd, 0640), 0);
	assert_int_equal(ns_secret_file_check(fd), NETSESS_E_AUTH_FILE);
	close(fd);
	fd = open(t->dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(ns_secret_file_check(fd), NETSESS_E_AUTH_FILE);
	close(fd);
	assert_int_equal(ns_secret_file_check(-1), NETSESS_E_AUTH_FILE);
}

static void test_password_file(void **state)
{
	struct tmp *t = *state;
	char *pw = NULL;

	put_str(t, "first line secret\nsecond line\n", 0600);
	assert_int_equal(ns_password_file_read(t->path, &pw), NERR_Success);
	assert_string_equal(pw, "first line secret");
	ns_secret_free(pw);

	put_str(t, "crlf\r\n", 0600);
	assert_int_equal(ns_password_file_read(t->path, &pw), NERR_Success);
	assert_string_equal(pw, "crlf");
	ns_secret_free(pw);

	put_str(t, "no newline", 0400);
	assert_int_equal(ns_password_file_read(t->path, &pw), NERR_Success);
	assert_string_equal(pw, "no newline");
	ns_secret_free(pw);

	put_str(t, "", 0600);
	assert_int_equal(ns_password_file_read(t->path, &pw), NERR_Success);
	assert_string_equal(pw, "");
	ns_secret_free(pw);

	ns_secret_free(NULL);
	ns_auth_clear(NULL);
	assert_int_equal(ns_password_file_read(t->path, NULL), ERROR_INVALID_PARAMETER);
}

/* netsess_auth_file_check: the reason behind NETSESS_E_AUTH_FILE. */
static void expect_report(const char *path, enum netsess_auth_file_error error, unsigned line)
{
	struct netsess_auth_file_report r;

	memset(&r, 0xA5, sizeof(r));
	assert_int_equal(netsess_auth_file_check(path, &r),
	                 error == NETSESS_AUTH_FILE_OK ? NERR_Success : NETSESS_E_AUTH_FILE);
	assert_int_equal(r.error, error);
	assert_int_equal(r.line, line);
}

static void test_check_reports_why(void **state)
{
	struct tmp *t = *state;
	struct netsess_auth_file_report r;
	char p[160], *longname;

	put_str(t, "username = u\npassword = p\n", 0600);
	expect_report(t->path, NETSESS_AUTH_FILE_OK, 0);

	put_str(t, "username = u\npassword = p\n", 0644);
	assert_int_equal(netsess_auth_file_check(t->path, &r), NETSESS_E_AUTH_FILE);
	assert_int_equal(r.error, NETSESS_AUTH_FILE_NOT_PRIVATE);
	assert_int_equal(r.mode, 0644);

	/* The number of the bad line, comments and blank lines counted. */
	put_str(t, "# c\n\nusername = u\nuser = x\n", 0600);
	expect_report(t->path, NETSESS_AUTH_FILE_MALFORMED, 4);
	put_str(t, "username = a\nusername = b\n", 0600);
	expect_report(t->path, NETSESS_AUTH_FILE_MALFORMED, 2);
	put(t, "username = u\npass\0word = p\n", 27, 0600);
	expect_report(t->path, NETSESS_AUTH_FILE_MALFORMED, 2);

	snprintf(p, sizeof(p), "%s/missing", t->dir);
	expect_report(p, NETSESS_AUTH_FILE_NOT_FOUND, 0);
	snprintf(p, sizeof(p), "%s/auth/below-a-file", t->dir);
	expect_report(p, NETSESS_AUTH_FILE_NOT_FOUND, 0);
	snprintf(p, sizeof(p), "%s/link", t->dir);
	assert_int_equal(symlink(t->path, p), 0);
	expect_report(p, NETSESS_AUTH_FILE_SYMLINK, 0);
	snprintf(p, sizeof(p), "%s/fifo", t->dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	expect_report(p, NETSESS_AUTH_FILE_NOT_REGULAR, 0);
	snprintf(p, sizeof(p), "%s/sub", t->dir);
	assert_int_equal(mkdir(p, 0700), 0);
	expect_report(p, NETSESS_AUTH_FILE_NOT_REGULAR, 0);

	/* A name the system cannot open: the errno is kept. */
	longname = malloc(5000);
	assert_non_null(longname);
	memset(longname, 'x', 4999);
	longname[4999] = '\0';
	assert_int_equal(netsess_auth_file_check(longname, &r), NETSESS_E_AUTH_FILE);
	assert_int_equal(r.error, NETSESS_AUTH_FILE_UNREADABLE);
	assert_int_equal(r.errno_value, ENAMETOOLONG);
	free(longname);

	{
		size_t n = 70000;
		char *big = malloc(n);

		assert_non_null(big);
		memset(big, '#', n);
		put(t, big, n, 0600);
		free(big);
		expect_report(t->path, NETSESS_AUTH_FILE_TOO_LARGE, 0);
	}

	assert_int_equal(netsess_auth_file_check(NULL, &r), ERROR_INVALID_PARAMETER);
	assert_int_equal(netsess_auth_file_check(t->path, NULL), ERROR_INVALID_PARAMETER);
}

/* Every error has its own phrase; the two an administrator meets most
 * often say exactly what is wrong. */
static void test_check_texts(void **state)
{
	enum netsess_auth_file_error e, f;

	(void)state;
	assert_string_equal(netsess_auth_file_error_text(NETSESS_AUTH_FILE_NOT_FOUND), "not found");
	assert_string_equal(netsess_auth_file_error_text(NETSESS_AUTH_FILE_NOT_PRIVATE),
	                    "must not be group- or world-readable");
	for (e = NETSESS_AUTH_FILE_OK; e <= NETSESS_AUTH_FILE_MALFORMED; e++)
		for (f = e + 1; f <= NETSESS_AUTH_FILE_MALFORMED; f++)
			assert_string_not_equal(netsess_auth_file_error_text(e),
			                        netsess_auth_file_error_text(f));
	assert_non_null(netsess_auth_file_error_text((enum netsess_auth_file_error)99));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, tmp_setup, tmp_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_reads_all_three),      T(test_layout_variations),   T(test_malformed_files),
	    T(test_refuses_shared_files), T(test_refuses_non_regular), T(test_refuses_huge_file),
	    T(test_secret_file_check),    T(test_password_file),       T(test_check_reports_why),
	    T(test_check_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
