/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * zygote_test.c - netsessd's side of the zygote (agent/helper/zygote.c,
 * with spawn.c and procs.c) against the real zygote code running in the
 * stand-in netsessd-rpc (peer.c), on a loop of the test's own: every
 * request ends once, through its completion; each helper is the test's
 * own child (it adopts them), named by its index; a zygote that is killed
 * is replaced at once and the helpers already running are unaffected; one
 * that misbehaves (a message out of place, no answer, a death before it is
 * ready) is killed or given up as it should, and the log says why; a
 * cancelled request leaves nothing behind.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/loop.h"
#include "fakes.h"
#include "helper/msg.h"
#include "helper/procs.h"
#include "helper/zygote.h"
#include "testloop.h"

#define TEST_WAIT_MS 10000u

static volatile sig_atomic_t got_sigchld;

static void on_sigchld(int signo)
{
	(void)signo;
	got_sigchld = 1;
}

static void reap(void)
{
	if (got_sigchld) {
		got_sigchld = 0;
		nsd_proc_reap();
	}
}

struct started {
	int times;
	int err;
	int fd;
	pid_t pid;
	struct nsd_proc *proc;
	bool exited;
	int status;
};

static void on_exit_seen(void *arg, int status)
{
	struct started *s = arg;

	s->exited = true;
	s->status = status;
}

static void on_forked(void *cookie, int err, int fd, pid_t pid)
{
	struct started *s = cookie;

	s->times++;
	s->err = err;
	s->fd = fd;
	s->pid = pid;
	if (err == 0) {
		/* As client.c does: supervised from now on. */
		s->proc = nsd_proc_add(pid, on_exit_seen, s);
		assert_non_null(s->proc);
	}
}

static bool is_started(void *arg)
{
	reap();
	return ((struct started *)arg)->times > 0;
}

static bool has_exited(void *arg)
{
	reap();
	return ((struct started *)arg)->exited;
}

static bool only_zygote_left(void *arg)
{
	(void)arg;
	reap();
	return nsd_proc_count() == (nsd_zygote_pid() ? 1u : 0u);
}

static bool nothing_left(void *arg)
{
	(void)arg;
	reap();
	return nsd_proc_count() == 0;
}

static bool logged(void *arg)
{
	reap();
	return fake_log_has(arg);
}

/* Waits until a log line holds text. */
static bool wait_logged(const char *text)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", text);
	return testloop_until(logged, buf, TEST_WAIT_MS);
}

static char zpeer_path[64];

/* The zygote stand-in's behaviour (peer.c); NULL: the real zygote. */
static void zygote_mode(const char *mode)
{
	FILE *f;

	if (!mode) {
		unlink(zpeer_path);
		return;
	}
	f = fopen(zpeer_path, "w");
	assert_non_null(f);
	fprintf(f, "%s\n", mode);
	fclose(f);
}

struct fixture {
	int fds;
	struct sigaction old;
};

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

static int setup_with(void **state, bool virtual_clock)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &fx->old);
	snprintf(zpeer_path, sizeof(zpeer_path), "/tmp/nsd-zpeer.%ld", (long)getpid());
	zygote_mode(NULL);
	fx->fds = count_fds();
	testloop_init(virtual_clock);
	fake_log_clear();
	*state = fx;
	return 0;
}

static int setup(void **state)
{
	return setup_with(state, false);
}

static int setup_virtual(void **state)
{
	return setup_with(state, true);
}

/* The zygote stopped; no process, descriptor, timer or watch left. */
static int teardown(void **state)
{
	struct fixture *fx = *state;
	int status;

	zygote_mode(NULL);
	nsd_zygote_stop();
	assert_true(testloop_until(nothing_left, NULL, TEST_WAIT_MS));
	assert_int_equal(nsd_zygote_pid(), 0);
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_int_equal(testloop_watches(), 0);
	assert_int_equal(testloop_fini(), 0);
	assert_int_equal(count_fds(), fx->fds);
	sigaction(SIGCHLD, &fx->old, NULL);
	free(fx);
	return 0;
}

/* A status field of /proc/PID/status, as a number. */
static long proc_field(pid_t pid, const char *name)
{
	char path[64], line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/* argv[1] of pid, as /proc/PID/cmdline has it. */
static void proc_arg1(pid_t pid, char *buf, size_t cap)
{
	char path[64], all[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, all, sizeof(all) - 1);
	close(fd);
	assert_true(n > 0);
	all[n] = '\0';
	snprintf(buf, cap, "%s", all + strlen(all) + 1);
}

/* The helper answers an OPEN on its socket: it is alive and serving. */
static void helper_answers(int fd)
{
	struct nsd_msg_open o;
	struct nsd_msg_frame fr;
	struct nsd_msg_reply r;
	uint8_t hdr[NSD_MSG_HEADER], body[64];
	size_t len, got = 0;
	ssize_t n;

	memset(&o, 0, sizeof(o));
	o.username = "user";
	assert_int_equal(fcntl(fd, F_SETFL, 0), 0);
	assert_int_equal(nsd_msg_encode_open(41, &o, &fr), NERR_Success);
	assert_int_equal(write(fd, fr.data, fr.len), (ssize_t)fr.len);
	nsd_msg_frame_free(&fr);
	assert_int_equal(read(fd, hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
	assert_int_equal(nsd_msg_frame_length(hdr, &len), NERR_Success);
	assert_true(len <= sizeof(body));
	while (got < len) {
		n = read(fd, body + got, len - got);
		assert_true(n > 0);
		got += (size_t)n;
	}
	assert_int_equal(nsd_msg_decode_reply(body, len, &r), NERR_Success);
	assert_int_equal(r.id, 41);
	assert_int_equal(r.status, NERR_Success);
	assert_int_equal(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
}

/* Closes our end: the helper exits at EOF, and is reaped. */
static void helper_close(struct started *s)
{
	close(s->fd);
	s->fd = -1;
	assert_true(testloop_until(has_exited, s, TEST_WAIT_MS));
	assert_true(WIFEXITED(s->status));
	assert_int_equal(WEXITSTATUS(s->status), 0);
}

static void start(unsigned index, struct started *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	assert_non_null(nsd_zygote_fork(index, on_forked, s));
	assert_int_equal(s->times, 0); /* never inside the call */
	assert_true(testloop_until(is_started, s, TEST_WAIT_MS));
	assert_int_equal(s->times, 1);
}

/* Helpers of one zygote: the test's children, named by their index. */
static void test_forks(void **state)
{
	enum { MANY = 70 }; /* more than the requests sent at a time */
	static struct started many[MANY];
	struct started a;
	char arg[32];
	pid_t zygote;
	size_t i, j;

	(void)state;
	start(7, &a);
	assert_int_equal(a.err, 0);
	assert_true(a.fd >= 0);
	assert_true(a.pid > 0);
	zygote = nsd_zygote_pid();
	assert_true(zygote > 0);
	assert_true(a.pid != zygote);
	assert_int_equal(proc_field(a.pid, "PPid"), getpid());
	assert_int_equal(proc_field(zygote, "PPid"), getpid());
	proc_arg1(a.pid, arg, sizeof(arg));
	assert_string_equal(arg, "7");
	proc_arg1(zygote, arg, sizeof(arg));
	assert_string_equal(arg, "zygote");
	assert_true(fake_log_has("helper zygote: process "));
	helper_answers(a.fd);
	helper_close(&a);

	for (i = 0; i < MANY; i++) {
		memset(&many[i], 0, sizeof(many[i]));
		assert_non_null(nsd_zygote_fork((unsigned)(i + 1), on_forked, &many[i]));
	}
	for (i = 0; i < MANY; i++) {
		assert_true(testloop_until(is_started, &many[i], TEST_WAIT_MS));
		assert_int_equal(many[i].err, 0);
		for (j = 0; j < i; j++)
			assert_true(many[j].pid != many[i].pid);
	}
	assert_int_equal(nsd_zygote_pid(), zygote); /* one zygote for all */
	helper_answers(many[MANY - 1].fd);
	for (i = 0; i < MANY; i++)
		helper_close(&many[i]);
	assert_false(fake_log_has("killed"));
}

/* kill -9 of the zygote: logged, replaced at once; a helper it started
 * goes on serving; the next request is answered by the new one. */
static void test_zygote_killed(void **state)
{
	struct started a, b;
	pid_t old, now;
	char line[128];

	(void)state;
	start(1, &a);
	old = nsd_zygote_pid();
	fake_log_clear();
	assert_int_equal(kill(old, SIGKILL), 0);
	snprintf(line, sizeof(line), "helper zygote: process %ld ended by signal SIGKILL",
	         (long)old);
	assert_true(wait_logged(line));
	now = nsd_zygote_pid();
	assert_true(now > 0);
	assert_true(now != old);
	snprintf(line, sizeof(line), "helper zygote: process %ld ready", (long)now);
	assert_true(wait_logged(line));
	assert_false(a.exited);
	helper_answers(a.fd);
	start(2, &b);
	assert_int_equal(b.err, 0);
	assert_int_equal(nsd_zygote_pid(), now);
	helper_close(&a);
	helper_close(&b);
}

/* A request taken back before it is sent ends without a completion; one
 * taken back after: the helper started for it is killed and reaped. */
static void test_cancel(void **state)
{
	struct started a, b, c;
	struct nsd_fork *f;

	(void)state;
	start(1, &a); /* the zygote runs */
	memset(&b, 0, sizeof(b));
	f = nsd_zygote_fork(2, on_forked, &b);
	assert_non_null(f);
	nsd_fork_cancel(f);
	memset(&c, 0, sizeof(c));
	f = nsd_zygote_fork(3, on_forked, &c);
	assert_non_null(f);
	testloop_turn(0); /* sent */
	nsd_fork_cancel(f);
	helper_close(&a);
	assert_true(testloop_until(only_zygote_left, NULL, TEST_WAIT_MS));
	testloop_turn(50);
	assert_int_equal(b.times, 0);
	assert_int_equal(c.times, 0);
}

/* SIGHUP's restart: the old zygote leaves quietly, the next helper comes
 * from a new one, the running helper goes on. */
static void test_restart(void **state)
{
	struct started a, b;
	pid_t old;

	(void)state;
	start(1, &a);
	old = nsd_zygote_pid();
	fake_log_clear();
	nsd_zygote_restart();
	assert_int_equal(nsd_zygote_pid(), 0);
	start(2, &b);
	assert_int_equal(b.err, 0);
	assert_true(nsd_zygote_pid() != old);
	helper_answers(a.fd);
	helper_close(&a);
	helper_close(&b);
	assert_true(testloop_until(only_zygote_left, NULL, TEST_WAIT_MS));
	assert_false(fake_log_has("exited with"));
	assert_false(fake_log_has("ended by"));
}

/* Stopping: what still waits ends with ECANCELED. */
static void test_stop(void **state)
{
	struct started a;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_non_null(nsd_zygote_fork(1, on_forked, &a));
	nsd_zygote_stop();
	assert_int_equal(a.times, 1);
	assert_int_equal(a.err, ECANCELED);
	assert_int_equal(a.fd, -1);
}

/* A zygote that dies before READY: the requests waiting for it fail, it
 * is not started again until the next request. */
static void test_dies_at_start(void **state)
{
	struct started a;

	(void)state;
	zygote_mode("exit");
	start(1, &a);
	assert_int_equal(a.err, ECHILD);
	assert_true(wait_logged("exited with status 3"));
	assert_int_equal(nsd_zygote_pid(), 0);
	assert_true(testloop_until(nothing_left, NULL, TEST_WAIT_MS));
	testloop_turn(50);
	assert_int_equal(nsd_zygote_pid(), 0);
	zygote_mode(NULL);
	start(2, &a);
	assert_int_equal(a.err, 0);
	helper_close(&a);
}

static void test_bad_version(void **state)
{
	struct started a;

	(void)state;
	zygote_mode("badversion");
	start(1, &a);
	assert_int_equal(a.err, ECHILD);
	assert_true(fake_log_has("speaks version 99 of the messages, not 1: killed"));
}

/* Malformed answers: killed each time; a request goes to two zygotes at
 * most, then fails; the replacement keeps running. */
static void test_malformed(void **state)
{
	static const char *const modes[] = {"garbage", "wrongid"};
	struct started a;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		fake_log_clear();
		zygote_mode(modes[i]);
		start(1, &a);
		assert_int_equal(a.err, ECHILD);
		assert_true(fake_log_has("sent a malformed message: killed"));
		assert_true(nsd_zygote_pid() > 0);
		nsd_zygote_stop();
		assert_true(testloop_until(nothing_left, NULL, TEST_WAIT_MS));
	}
	zygote_mode(NULL);
	start(2, &a);
	assert_int_equal(a.err, 0);
	helper_close(&a);
}

/* No answer within NSD_ZYGOTE_FORK_LIMIT_MS (the clock moved by the
 * test): ETIMEDOUT, the zygote killed and replaced. */
static void test_no_answer(void **state)
{
	struct started a;
	pid_t old;

	(void)state;
	zygote_mode("hang");
	memset(&a, 0, sizeof(a));
	assert_non_null(nsd_zygote_fork(1, on_forked, &a));
	testloop_turn(0);
	old = nsd_zygote_pid();
	assert_true(old > 0);
	assert_true(wait_logged("ready"));
	testloop_advance(NSD_ZYGOTE_FORK_LIMIT_MS);
	assert_int_equal(a.times, 1);
	assert_int_equal(a.err, ETIMEDOUT);
	assert_true(fake_log_has("gave no answer within 10000 ms: killed"));
	assert_true(nsd_zygote_pid() != old);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_forks),
	    T(test_zygote_killed),
	    T(test_cancel),
	    T(test_restart),
	    T(test_stop),
	    T(test_dies_at_start),
	    T(test_bad_version),
	    T(test_malformed),
	    cmocka_unit_test_setup_teardown(test_no_answer, setup_virtual, teardown),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
