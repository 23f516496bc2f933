/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * procs_test.c - the supervision of processes (agent/helper/procs.c) with
 * real children on the test loop: an exit reaped before the process was
 * taken under supervision (a helper the zygote started that died before
 * netsessd heard its pid) reaches its owner from the loop, once, and no
 * signal is sent to its pid; wait statuses in words.  The owner hears
 * each wait status once, when the process is reaped; a process that does
 * not exit within its grace is killed when the grace runs out, not before
 * (on a clock moved by hand); a shorter grace wins; a process whose owner
 * went away is still ended and reaped.  The children stand in for
 * netsessd-rpc: one exits by itself, one waits for a signal as a helper
 * that ignores EOF would.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/loop.h"
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

/* The longest a child takes to exit or die: bounded, not timed. */
#define WAIT_MS 20000u

/* What the owners heard; outside any test's stack, so that a process left
 * by a failed test can still be reaped by the next teardown. */
static struct seen heard[2];

/* A child that exits at once with code, or (code < 0) waits until a
 * signal ends it. */
static pid_t child(int code)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (code >= 0)
			_exit(code);
		for (;;)
			pause();
	}
	return pid;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {0, (long)ms * 1000000L};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Reaps, as SIGCHLD would have netsessd do, until fewer than n processes
 * are left under supervision or WAIT_MS have passed. */
static size_t reap_until_below(size_t n)
{
	unsigned waited;

	for (waited = 0; waited < WAIT_MS; waited += 10) {
		nsd_proc_reap();
		if (nsd_proc_count() < n)
			break;
		sleep_ms(10);
	}
	return nsd_proc_count();
}

/* What pid is, looked at without reaping it (WNOWAIT): 'r' running,
 * 'z' ended and not reaped yet, 'g' gone (reaped). */
static char state_of(pid_t pid)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno == ECHILD ? 'g' : '?';
	return info.si_pid == pid ? 'z' : 'r';
}

static int setup(void **state)
{
	(void)state;
	memset(heard, 0, sizeof(heard));
	testloop_init(true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nsd_proc_kill_all();
	reap_until_below(1);
	assert_int_equal(nsd_proc_count(), 0);
	assert_int_equal(testloop_fini(), 0);
	return 0;
}

/* A process that exits by itself: its owner gets the wait status once. */
static void test_exit_status(void **state)
{
	struct seen *s = &heard[0];
	pid_t pid = child(3);
	struct nsd_proc *p;

	(void)state;
	p = nsd_proc_add(pid, on_exit_seen, s);
	assert_non_null(p);
	assert_int_equal(nsd_proc_pid(p), pid);
	assert_int_equal(nsd_proc_count(), 1);
	assert_int_equal(reap_until_below(1), 0);
	assert_int_equal(s->times, 1);
	assert_true(WIFEXITED(s->status));
	assert_int_equal(WEXITSTATUS(s->status), 3);
	nsd_proc_reap(); /* nothing left: no second word */
	assert_int_equal(s->times, 1);
}

/* Ended with a grace: it runs on until the grace is over, then SIGKILL. */
static void test_grace(void **state)
{
	struct seen *s = &heard[0];
	pid_t pid = child(-1);
	struct nsd_proc *p = nsd_proc_add(pid, on_exit_seen, s);

	(void)state;
	assert_non_null(p);
	nsd_proc_end(p, 2000);
	testloop_advance(1999);
	sleep_ms(50);
	nsd_proc_reap();
	assert_int_equal(state_of(pid), 'r');
	assert_int_equal(s->times, 0);
	testloop_advance(1);
	assert_int_equal(reap_until_below(1), 0);
	assert_int_equal(s->times, 1);
	assert_true(WIFSIGNALED(s->status));
	assert_int_equal(WTERMSIG(s->status), SIGKILL);
}

/* Grace 0: killed at once, no timer left behind. */
static void test_at_once(void **state)
{
	struct seen *s = &heard[0];
	struct nsd_proc *p = nsd_proc_add(child(-1), on_exit_seen, s);

	(void)state;
	assert_non_null(p);
	nsd_proc_end(p, 0);
	assert_int_equal(testloop_timers(), 0);
	assert_int_equal(reap_until_below(1), 0);
	assert_int_equal(s->times, 1);
	assert_int_equal(WTERMSIG(s->status), SIGKILL);
}

/* Of two graces, the shorter wins, whichever was set first. */
static void test_shorter_grace_wins(void **state)
{
	struct seen *a = &heard[0], *b = &heard[1];
	struct nsd_proc *pa = nsd_proc_add(child(-1), on_exit_seen, a);
	struct nsd_proc *pb = nsd_proc_add(child(-1), on_exit_seen, b);

	(void)state;
	assert_non_null(pa);
	assert_non_null(pb);
	nsd_proc_end(pa, 100);
	nsd_proc_end(pa, 5000);
	nsd_proc_end(pb, 5000);
	nsd_proc_end(pb, 100);
	testloop_advance(100);
	assert_int_equal(reap_until_below(1), 0);
	assert_int_equal(a->times, 1);
	assert_int_equal(WTERMSIG(a->status), SIGKILL);
	assert_int_equal(b->times, 1);
	assert_int_equal(WTERMSIG(b->status), SIGKILL);
}

/* The owner went away: no call any more, and the process is still ended
 * and reaped. */
static void test_forget(void **state)
{
	struct seen *s = &heard[0];
	struct nsd_proc *p = nsd_proc_add(child(-1), on_exit_seen, s);

	(void)state;
	assert_non_null(p);
	nsd_proc_forget(p);
	nsd_proc_end(p, 10);
	testloop_advance(10);
	assert_int_equal(reap_until_below(1), 0);
	assert_int_equal(s->times, 0);
}

/* netsessd exiting: every process is killed at once. */
static void test_kill_all(void **state)
{
	struct seen *a = &heard[0], *b = &heard[1];

	(void)state;
	assert_non_null(nsd_proc_add(child(-1), on_exit_seen, a));
	assert_non_null(nsd_proc_add(child(-1), on_exit_seen, b));
	assert_int_equal(nsd_proc_count(), 2);
	nsd_proc_kill_all();
	assert_int_equal(reap_until_below(1), 0);
	assert_int_equal(a->times, 1);
	assert_int_equal(b->times, 1);
	assert_int_equal(WTERMSIG(a->status), SIGKILL);
	assert_int_equal(WTERMSIG(b->status), SIGKILL);
}

/* A child nobody put under supervision is reaped (no zombie is left)
 * without a word to anybody, and those under supervision are untouched. */
static void test_stranger(void **state)
{
	struct seen *s = &heard[0];
	pid_t kept = child(-1), stranger = child(0);
	struct nsd_proc *p = nsd_proc_add(kept, on_exit_seen, s);
	unsigned waited;

	(void)state;
	assert_non_null(p);
	for (waited = 0; waited < WAIT_MS && state_of(stranger) != 'g'; waited += 10) {
		nsd_proc_reap();
		sleep_ms(10);
	}
	assert_int_equal(state_of(stranger), 'g');
	assert_int_equal(s->times, 0);
	assert_int_equal(nsd_proc_count(), 1);
	assert_int_equal(state_of(kept), 'r');
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_before_add),
	    cmocka_unit_test(test_other_pid),
	    cmocka_unit_test(test_describe),
	    T(test_exit_status),
	    T(test_grace),
	    T(test_at_once),
	    T(test_shorter_grace_wins),
	    T(test_forget),
	    T(test_kill_all),
	    T(test_stranger),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
