/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procs_test.c - the supervision of processes (agent/helper/procs.c) with
 * real children on the test loop: an exit reaped before the process was
 * taken under supervision (a helper the zygote started that died before
 * netsessd heard its pid) reaches its owner from the loop, once, and no
 * signal is sent to its pid; wait statuses in words.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper/procs.h"
#include "testloop.h"

#define TEST_WAIT_MS 10000u

struct seen {
	int times;
	int status;
};

static void on_exit_seen(void *arg, int status)
{
	struct seen *s = arg;

	s->times++;
	s->status = status;
}

/* A child that exits with code, reaped as netsessd reaps: before anybody
 * took it under supervision. */
static pid_t exited_child(int code)
{
	siginfo_t si;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(code);
	/* Wait until it is a zombie, without reaping it. */
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	nsd_proc_reap();
	assert_int_equal(nsd_proc_count(), 0);
	return pid;
}

static bool seen_once(void *arg)
{
	return ((struct seen *)arg)->times > 0;
}

static void test_exit_before_add(void **state)
{
	struct seen s = {0, 0};
	struct nsd_proc *p;
	pid_t pid;

	(void)state;
	testloop_init(false);
	pid = exited_child(5);
	p = nsd_proc_add(pid, on_exit_seen, &s);
	assert_non_null(p);
	assert_int_equal(nsd_proc_count(), 1);
	assert_int_equal(s.times, 0); /* never inside the call */
	/* Ending it sends nothing: it is gone already. */
	nsd_proc_end(p, 0);
	assert_true(testloop_until(seen_once, &s, TEST_WAIT_MS));
	assert_int_equal(s.times, 1);
	assert_true(WIFEXITED(s.status));
	assert_int_equal(WEXITSTATUS(s.status), 5);
	assert_int_equal(nsd_proc_count(), 0);
	testloop_turn(10);
	assert_int_equal(s.times, 1);
	assert_int_equal(testloop_fini(), 0);
}

/* An exit nobody claims does not reach an owner that comes for another
 * pid; a live child is still supervised and reaped as usual. */
static void test_other_pid(void **state)
{
	struct seen dead = {0, 0}, live = {0, 0};
	struct nsd_proc *p;
	pid_t gone, pid;
	int fds[2];
	char c;

	(void)state;
	testloop_init(false);
	gone = exited_child(3);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[1]);
		if (read(fds[0], &c, 1) < 0)
			_exit(1);
		_exit(9);
	}
	close(fds[0]);
	p = nsd_proc_add(pid, on_exit_seen, &live);
	assert_non_null(p);
	testloop_turn(20);
	assert_int_equal(live.times, 0);
	close(fds[1]);
	while (live.times == 0) {
		testloop_turn(10);
		nsd_proc_reap();
	}
	assert_int_equal(WEXITSTATUS(live.status), 9);
	/* The first child's exit is still kept for its pid. */
	p = nsd_proc_add(gone, on_exit_seen, &dead);
	assert_non_null(p);
	assert_true(testloop_until(seen_once, &dead, TEST_WAIT_MS));
	assert_int_equal(WEXITSTATUS(dead.status), 3);
	assert_int_equal(nsd_proc_count(), 0);
	assert_int_equal(testloop_fini(), 0);
}

static void test_describe(void **state)
{
	char buf[64];

	(void)state;
	nsd_proc_describe(W_EXITCODE(1, 0), buf, sizeof(buf));
	assert_string_equal(buf, "exited with status 1");
	nsd_proc_describe(W_EXITCODE(0, SIGKILL), buf, sizeof(buf));
	assert_string_equal(buf, "ended by signal SIGKILL");
	nsd_proc_describe(W_EXITCODE(0, SIGSEGV) | 0x80, buf, sizeof(buf)); /* core dumped */
	assert_string_equal(buf, "ended by signal SIGSEGV");
	nsd_proc_describe(W_STOPCODE(SIGSTOP), buf, sizeof(buf));
	assert_string_equal(buf, "ended");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_before_add),
	    cmocka_unit_test(test_other_pid),
	    cmocka_unit_test(test_describe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
