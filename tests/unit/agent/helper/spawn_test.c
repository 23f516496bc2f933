/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spawn_test.c - which program netsessd starts as its zygote (netsessd-rpc
 * zygote, which forks the helpers), and a start that fails
 * (agent/helper/spawn.c), as an installed netsessd sees them.
 *
 * This program is built with NSD_SBINDIR naming its own folder, as if it
 * were netsessd installed there, and NSD_RPC_PATH naming a netsessd-rpc
 * that does not exist (a package whose helper is missing).  A
 * netsessd-rpc lies beside it all the same (client_test's stand-in): an
 * installed netsessd must not run whatever lies beside it.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper/spawn.h"

/* The descriptors open in this process. */
static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Installed in NSD_SBINDIR: the program is $(libexecdir)'s netsessd-rpc,
 * even with a netsessd-rpc beside netsessd. */
static void test_installed_program(void **state)
{
	char beside[PATH_MAX];

	(void)state;
	snprintf(beside, sizeof(beside), "%s/%s", NSD_SBINDIR, NSD_HELPER_PROGRAM);
	assert_int_equal(access(beside, X_OK), 0);
	assert_string_equal(nsd_spawn_program(), NSD_RPC_PATH);
}

/*
 * The program is missing.  glibc's posix_spawn reports the failed
 * exec: the errno value (ENOENT, which netsessd logs with the program's
 * name), no descriptor left open, no process.  Where the exec fails only
 * in the child (posix_spawn emulated by fork, as under valgrind), the
 * start succeeds and the process exits at once with 127, which netsessd
 * sees as EOF on the socket and the process's end.
 */
static void test_missing_program(void **state)
{
	size_t before = open_fds();
	int fd = -7, status, rc;
	pid_t pid = -7;
	char byte;

	(void)state;
	assert_int_equal(access(NSD_RPC_PATH, F_OK), -1);
	rc = nsd_spawn_zygote(&fd, &pid);
	if (rc == 0) {
		assert_true(fd >= 0);
		assert_true(pid > 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 127);
		assert_int_equal(read(fd, &byte, 1), 0);
		assert_int_equal(close(fd), 0);
	} else {
		assert_int_equal(rc, ENOENT);
		assert_int_equal(fd, -7);
		assert_int_equal(pid, -7);
	}
	assert_int_equal(open_fds(), before);
	errno = 0;
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_installed_program),
	    cmocka_unit_test(test_missing_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
