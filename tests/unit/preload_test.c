/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * preload_test.c - netsess_preload(): it succeeds, again as well; it loads
 * now what Samba would load on the first connection (the process maps
 * more files after it than before); it leaves no descriptor open and
 * connects nowhere (no socket).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "netsess.h"

/* The open descriptors, the one reading them aside. */
static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d))
			n++;
	closedir(d);
	return n;
}

/* The files mapped into the process (distinct paths). */
static int count_mapped_files(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[1024], last[1024] = "";
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *path = strchr(line, '/');

		if (!path || strcmp(path, last) == 0)
			continue;
		snprintf(last, sizeof(last), "%s", path);
		n++;
	}
	fclose(f);
	return n;
}

static void test_preload(void **state)
{
	int fds = count_fds(), files = count_mapped_files();

	(void)state;
	assert_int_equal(netsess_preload(), NERR_Success);
	assert_int_equal(count_fds(), fds);
	assert_true(count_mapped_files() > files);
	files = count_mapped_files();
	assert_int_equal(netsess_preload(), NERR_Success);
	assert_int_equal(count_fds(), fds);
	assert_int_equal(count_mapped_files(), files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_preload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
