/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * client_test.c - netsessd's side of a helper (agent/helper/client.c,
 * zygote.c, spawn.c, procs.c) against a stand-in process (peer.c, built
 * as netsessd-rpc beside this program, forked by the real zygote code)
 * that answers, misbehaves or dies on request, on a loop of the test's
 * own (testloop.c): every call ends exactly once, through its completion,
 * with the right status; every failure ends and reaps the process (on
 * SIGCHLD, as netsessd does) and says why in the log; the process is the
 * test's own child, not dumpable, with only descriptors 0-3 open, no
 * signal blocked and a reduced environment; nothing is left behind.
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/loop.h"
#include "fakes.h"
#include "helper/client.h"
#include "helper/procs.h"
#include "helper/spawn.h"
#include "helper/zygote.h"
#include "testloop.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* The helper's timeout; its OPEN has NSD_HELPER_OPEN_MARGIN_MS more. */
#define TEST_TIMEOUT_MS 100u
/* How long a call may have in these tests. */
#define TEST_LIMIT_MS 1500u
/* The longest any wait here may take (real time). */
#define TEST_WAIT_MS 10000u

/* SIGCHLD reaps, as netsessd's self-pipe does. */
static volatile sig_atomic_t got_sigchld;

static void on_sigchld(int signo)
{
	(void)signo;
	got_sigchld = 1;
}

static int done_seq;

struct done {
	int times;
	int order; /* among the calls of a test */
	struct nsd_call_result res;
	struct netsess_session_list *list;
	char detail[128]; /* res.detail, copied ("" for none) */
};

static void on_done(void *cookie, struct nsd_call_result *res)
{
	struct done *d = cookie;

	d->times++;
	d->order = ++done_seq;
	d->res = *res;
	d->list = res->list;
	res->list = NULL; /* taken */
	snprintf(d->detail, sizeof(d->detail), "%s", res->detail ? res->detail : "");
	d->res.detail = NULL; /* valid during the completion only */
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

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &fx->old);
	fx->fds = count_fds();
	testloop_init(false);
	fake_log_clear();
	*state = fx;
	return 0;
}

/* No process left but the zygote, if it runs. */
static bool no_procs(void *arg)
{
	(void)arg;
	if (got_sigchld) {
		got_sigchld = 0;
		nsd_proc_reap();
	}
	return nsd_proc_count() == (nsd_zygote_pid() ? 1u : 0u);
}

/* Nothing left behind: no process (reaped or not), no descriptor, no
 * timer, no watch. */
static int teardown(void **state)
{
	struct fixture *fx = *state;
	int status;

	nsd_zygote_stop();
	assert_true(testloop_until(no_procs, NULL, TEST_WAIT_MS));
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_int_equal(testloop_watches(), 0);
	assert_int_equal(testloop_fini(), 0);
	assert_int_equal(count_fds(), fx->fds);
	sigaction(SIGCHLD, &fx->old, NULL);
	free(fx);
	return 0;
}

static struct nsd_helper *helper_for(const char *host, const char *user)
{
	struct nsd_helper_conf c;
	struct nsd_helper *h;

	memset(&c, 0, sizeof(c));
	c.index = 7;
	c.label = "server t [7]";
	c.host = host;
	c.open.username = user;
	c.open.password_file = "/nonexistent/secret";
	c.open.timeout_ms = TEST_TIMEOUT_MS;
	h = nsd_helper_new(&c);
	assert_non_null(h);
	return h;
}

static bool is_done(void *arg)
{
	struct done *d = arg;

	if (got_sigchld) {
		got_sigchld = 0;
		nsd_proc_reap();
	}
	return d->times > 0;
}

/* Waits for the call's completion. */
static void wait_done(struct done *d)
{
	assert_true(testloop_until(is_done, d, TEST_WAIT_MS));
	assert_int_equal(d->times, 1);
}

static void enum_on(struct nsd_helper *h, uint32_t level, struct done *d)
{
	memset(d, 0, sizeof(*d));
	assert_non_null(nsd_helper_enum(h, level, TEST_LIMIT_MS, on_done, d));
	assert_int_equal(d->times, 0); /* never from inside the call */
	wait_done(d);
}

static bool closed_flag;

static void on_closed(void *arg)
{
	(void)arg;
	closed_flag = true;
}

static bool is_closed(void *arg)
{
	(void)arg;
	return closed_flag;
}

static void close_helper(struct nsd_helper *h)
{
	closed_flag = false;
	nsd_helper_close(h, on_closed, NULL);
	assert_true(testloop_until(is_closed, NULL, TEST_WAIT_MS));
}

static bool logged(void *arg)
{
	const char *text = arg;

	if (got_sigchld) {
		got_sigchld = 0;
		nsd_proc_reap();
	}
	return fake_log_has(text);
}

static void test_calls(void **state)
{
	struct nsd_helper *h = helper_for("ok", "user");
	struct done d;
	pid_t pid;

	(void)state;
	enum_on(h, 3, &d);
	assert_int_equal(d.res.status, NERR_Success);
	assert_false(d.res.cancelled);
	assert_non_null(d.list);
	assert_int_equal(d.list->count, 3);
	assert_string_equal(d.list->items[2].user, "u2");
	netsess_session_list_free(d.list);
	pid = nsd_helper_pid(h);
	assert_true(pid > 0);

	/* A delete on the same process. */
	memset(&d, 0, sizeof(d));
	assert_non_null(nsd_helper_del(h, "c", "u", 0, TEST_LIMIT_MS, on_done, &d));
	wait_done(&d);
	assert_int_equal(d.res.status, NERR_ClientNameNotFound);
	assert_int_equal(nsd_helper_pid(h), pid);
	/* A status of the library's own leaves the process running. */
	enum_on(h, 0, &d);
	assert_int_equal(d.res.status, NERR_Success);
	netsess_session_list_free(d.list);
	assert_int_equal(nsd_helper_pid(h), pid);
	/* Neither name: nothing is made. */
	assert_null(nsd_helper_del(h, NULL, NULL, 0, TEST_LIMIT_MS, on_done, &d));

	close_helper(h);
	assert_false(fake_log_has("RPC process"));
}

/* A status from below the RPC layer drops the context: the process ends
 * (quietly) and the next call starts a new one. */
static void test_local_failure_restarts(void **state)
{
	struct nsd_helper *h = helper_for("local", "user");
	struct done d;
	pid_t pid;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_non_null(nsd_helper_del(h, "c", "u", 0, TEST_LIMIT_MS, on_done, &d));
	wait_done(&d);
	pid = nsd_helper_pid(h);
	assert_true(pid > 0);
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NETSESS_E_TRANSPORT);
	assert_int_equal(nsd_helper_pid(h), 0);
	assert_true(testloop_until(no_procs, NULL, TEST_WAIT_MS));
	memset(&d, 0, sizeof(d));
	assert_non_null(nsd_helper_del(h, "c", "u", 0, TEST_LIMIT_MS, on_done, &d));
	wait_done(&d);
	assert_int_equal(d.res.status, NERR_ClientNameNotFound);
	assert_true(nsd_helper_pid(h) > 0);
	assert_true(nsd_helper_pid(h) != pid);
	close_helper(h);
	assert_false(fake_log_has("RPC process"));
}

/* What the process was started with: a descriptor of ours that is not
 * close-on-exec (as Net-SNMP's sockets are not) does not reach it, no
 * signal is blocked, the server index is its argument; it is our child
 * (adopted from the zygote) and not dumpable. */
static void test_process_setup(void **state)
{
	struct nsd_helper *h = helper_for("args", "user");
	int tmp = open("/dev/null", O_RDONLY);
	int stray = fcntl(tmp, F_DUPFD, 10); /* no FD_CLOEXEC */
	sigset_t all, old;
	struct done d;

	(void)state;
	close(tmp);
	assert_true(stray >= 10);
	sigfillset(&all);
	sigdelset(&all, SIGCHLD);
	sigprocmask(SIG_BLOCK, &all, &old);
	enum_on(h, 0, &d);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(stray);
	assert_int_equal(d.res.status, NERR_Success);
	assert_int_equal(d.list->count, 1);
	assert_string_equal(d.list->items[0].client, "7");                     /* argv[1] */
	assert_string_equal(d.list->items[0].user, "0,1,2,3");                 /* descriptors */
	assert_string_equal(d.list->items[0].client_type, "0000000000000000"); /* SigBlk */
	assert_string_equal(d.list->items[0].transport, "/dev/null");          /* stdin */
	assert_int_equal(d.list->items[0].opens, getpid());                    /* PPid */
	assert_int_equal(d.list->items[0].idle_time, 0);                       /* dumpable */
	netsess_session_list_free(d.list);
	close_helper(h);
}

/* The environment is reduced to what libsmbclient and Kerberos read. */
static void test_environment(void **state)
{
	static const char *const kept[] = {"PATH", "HOME", "KRB5CCNAME", "LC_ALL",
	                                   "NSS_WRAPPER_PASSWD"};
	static const char *const dropped[] = {"SNMPCONFPATH", "NETSESSD_TEST_SECRET",
	                                      "LD_PRELOAD_X", "MIBS"};
	struct nsd_helper *h = helper_for("env", "user");
	struct done d;
	size_t i, j;

	(void)state;
	for (i = 0; i < N(kept); i++)
		setenv(kept[i], "/x", 0);
	for (i = 0; i < N(dropped); i++)
		setenv(dropped[i], "x", 1);
	enum_on(h, 0, &d);
	assert_int_equal(d.res.status, NERR_Success);
	for (i = 0; i < N(kept); i++) {
		bool found = false;

		for (j = 0; j < d.list->count; j++)
			found |= strcmp(d.list->items[j].user, kept[i]) == 0;
		if (!found)
			fail_msg("%s did not reach the helper", kept[i]);
	}
	for (j = 0; j < d.list->count; j++) {
		char entry[256];

		snprintf(entry, sizeof(entry), "%s=x", d.list->items[j].user);
		if (!nsd_spawn_env_kept(entry))
			fail_msg("%s reached the helper", d.list->items[j].user);
	}
	for (i = 0; i < N(dropped); i++)
		unsetenv(dropped[i]);
	netsess_session_list_free(d.list);
	close_helper(h);
}

static void test_env_allow_list(void **state)
{
	(void)state;
	assert_true(nsd_spawn_env_kept("KRB5CCNAME=FILE:/tmp/krb5cc_0"));
	assert_true(nsd_spawn_env_kept("KRB5_CONFIG=/etc/krb5.conf"));
	assert_true(nsd_spawn_env_kept("KRB5_KTNAME=/etc/krb5.keytab"));
	assert_true(nsd_spawn_env_kept("HOME=/root"));
	assert_true(nsd_spawn_env_kept("PATH=/usr/bin"));
	assert_true(nsd_spawn_env_kept("LANG=C.UTF-8"));
	assert_true(nsd_spawn_env_kept("LC_CTYPE=C.UTF-8"));
	assert_true(nsd_spawn_env_kept("TZ=UTC"));
	assert_true(nsd_spawn_env_kept("NSS_WRAPPER_HOSTS=/tmp/hosts"));
	assert_true(nsd_spawn_env_kept("SOCKET_WRAPPER_DIR=/tmp/sw"));
	assert_true(nsd_spawn_env_kept("HOME="));
	assert_false(nsd_spawn_env_kept("HOMEX=/root"));
	assert_false(nsd_spawn_env_kept("HOM=/root"));
	assert_false(nsd_spawn_env_kept("PASSWD=secret"));
	assert_false(nsd_spawn_env_kept("SNMP_PERSISTENT_DIR=/var/lib/snmp"));
	assert_false(nsd_spawn_env_kept("LD_PRELOAD=/x.so"));
	assert_false(nsd_spawn_env_kept("KRB5CCNAME"));
	assert_false(nsd_spawn_env_kept(""));
}

/* A reply far larger than the first read buffer. */
static void test_big_reply(void **state)
{
	struct nsd_helper *h = helper_for("ok", "user");
	struct done d;

	(void)state;
	enum_on(h, 200000, &d);
	assert_int_equal(d.res.status, NERR_Success);
	assert_int_equal(d.list->count, 200000);
	assert_string_equal(d.list->items[199999].user, "u199999");
	assert_string_equal(d.list->items[199999].client, "10.3.13.63");
	netsess_session_list_free(d.list);
	close_helper(h);
}

/* A process that misbehaves or dies during a call: the call ends with the
 * status that says so, the process is ended and reaped, the log says
 * why, and the next call starts a new process. */
static void test_failures(void **state)
{
	static const struct {
		const char *server;
		netsess_status_t status;
		const char *event;
	} cases[] = {
	    {"hang", NETSESS_E_TIMEOUT, "gave no answer within 1500 ms: killed"},
	    {"trickle", NETSESS_E_TIMEOUT, "gave no answer within 1500 ms: killed"},
	    {"garbage", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"zerolen", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"huge", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"wrongkind", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"wrongid", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"crash", NETSESS_E_TRANSPORT, "ended by signal SIGABRT during a call"},
	    {"exit", NETSESS_E_TRANSPORT, "exited with status 7 during a call"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		struct nsd_helper *h = helper_for(cases[i].server, "user");
		struct done d;
		pid_t pid;
		char text[256];

		fake_log_clear();
		/* The OPEN first, alone, to know the pid. */
		memset(&d, 0, sizeof(d));
		assert_non_null(nsd_helper_del(h, "c", "u", 0, TEST_LIMIT_MS, on_done, &d));
		wait_done(&d);
		pid = nsd_helper_pid(h);
		assert_true(pid > 0);
		enum_on(h, 1, &d);
		if (d.res.status != cases[i].status)
			fail_msg("%s: status 0x%x", cases[i].server, (unsigned)d.res.status);
		assert_null(d.list);
		assert_int_equal(nsd_helper_pid(h), 0);
		snprintf(text, sizeof(text), "server t [7]: RPC process %ld %s", (long)pid,
		         cases[i].event);
		if (!testloop_until(logged, text, TEST_WAIT_MS)) {
			fake_log_dump();
			fail_msg("%s: no log line \"%s\"", cases[i].server, text);
		}
		assert_true(testloop_until(no_procs, NULL, TEST_WAIT_MS));
		/* The next call gets a new process. */
		memset(&d, 0, sizeof(d));
		assert_non_null(nsd_helper_del(h, "c", "u", 0, TEST_LIMIT_MS, on_done, &d));
		wait_done(&d);
		assert_int_equal(d.res.status, NERR_ClientNameNotFound);
		assert_true(nsd_helper_pid(h) != pid);
		close_helper(h);
	}
}

/* A process that ends, or talks out of turn, between calls: ended and
 * reaped at once, the log says why; the next call starts a new one. */
static void test_idle(void **state)
{
	char nobody_asked[] = "sent a message nobody asked for: killed";
	char idle_exit[] = "exited with status 0 while idle";
	struct nsd_helper *h;
	struct done d;

	(void)state;
	h = helper_for("extra", "user");
	enum_on(h, 2, &d);
	assert_int_equal(d.res.status, NERR_Success);
	netsess_session_list_free(d.list);
	assert_true(testloop_until(logged, nobody_asked, TEST_WAIT_MS));
	assert_true(fake_log_has("server t [7]: RPC process "));
	assert_int_equal(nsd_helper_pid(h), 0);
	assert_true(testloop_until(no_procs, NULL, TEST_WAIT_MS));
	close_helper(h);

	h = helper_for("idle-exit", "user");
	enum_on(h, 2, &d);
	netsess_session_list_free(d.list);
	assert_true(testloop_until(logged, idle_exit, TEST_WAIT_MS));
	assert_int_equal(nsd_helper_pid(h), 0);
	enum_on(h, 2, &d);
	assert_int_equal(d.res.status, NERR_Success);
	netsess_session_list_free(d.list);
	close_helper(h);
}

static void test_open_failures(void **state)
{
	struct nsd_helper *h;
	struct done d;

	(void)state;
	h = helper_for("ok", "badversion");
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NETSESS_E_PROTOCOL);
	assert_true(fake_log_has("speaks version 99 of the messages, not 3: killed"));
	close_helper(h);

	/* netsess_ctx_new's own failure: the call fails with it and the
	 * process is ended quietly. */
	fake_log_clear();
	h = helper_for("ok", "openfail");
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NETSESS_E_AUTH_FILE);
	assert_false(d.res.cancelled);
	assert_int_equal(nsd_helper_pid(h), 0);
	close_helper(h);
	assert_false(fake_log_has("RPC process"));
}

/* Queued deletes go ahead of queued enumerations, in the order they were
 * made; a queued call can be withdrawn and never completes. */
static void test_queue(void **state)
{
	struct nsd_helper *h = helper_for("ok", "slowopen");
	struct done e1, e2, d1, d2;
	struct nsd_call *c;

	(void)state;
	memset(&e1, 0, sizeof(e1));
	memset(&e2, 0, sizeof(e2));
	memset(&d1, 0, sizeof(d1));
	memset(&d2, 0, sizeof(d2));
	done_seq = 0;
	assert_non_null(nsd_helper_enum(h, 1, TEST_LIMIT_MS, on_done, &e1));
	c = nsd_helper_enum(h, 2, TEST_LIMIT_MS, on_done, &e2);
	assert_non_null(c);
	assert_non_null(nsd_helper_del(h, "a", NULL, 0, TEST_LIMIT_MS, on_done, &d1));
	assert_non_null(nsd_helper_del(h, "b", NULL, 0, TEST_LIMIT_MS, on_done, &d2));
	assert_true(nsd_call_withdraw(c));
	wait_done(&e1);
	wait_done(&d1);
	wait_done(&d2);
	assert_int_equal(d1.order, 1);
	assert_int_equal(d2.order, 2);
	assert_int_equal(e1.order, 3);
	testloop_turn(50);
	assert_int_equal(e2.times, 0);
	netsess_session_list_free(e1.list);
	close_helper(h);
}

/* The wait a delete may spend on Samba's teardown (del_settle_ms) is half
 * of what is left until its answer is due, measured when it is sent: the
 * stand-in answers with the value it was given. */
static void test_settle(void **state)
{
	struct nsd_helper *h = helper_for("ok", "user");
	struct done d;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_non_null(
	    nsd_helper_del(h, NULL, "settle", nsd_now_ms() + 60000, TEST_LIMIT_MS, on_done, &d));
	wait_done(&d);
	assert_true(d.res.status >= 25000); /* the process started within 10 s */
	assert_true(d.res.status <= 30000);
	/* Past its answer time: no wait at all. */
	memset(&d, 0, sizeof(d));
	assert_non_null(
	    nsd_helper_del(h, NULL, "settle", nsd_now_ms() - 1, TEST_LIMIT_MS, on_done, &d));
	wait_done(&d);
	assert_int_equal(d.res.status, 0);
	close_helper(h);
}

/* Closing: queued calls end cancelled at once, the one in flight runs to
 * its end, then the process ends.  Aborting: everything ends now. */
static void test_close_and_abort(void **state)
{
	struct nsd_helper *h = helper_for("ok", "user");
	struct done d1, d2, e;

	(void)state;
	enum_on(h, 0, &e);
	netsess_session_list_free(e.list);
	memset(&d1, 0, sizeof(d1));
	memset(&d2, 0, sizeof(d2));
	assert_non_null(nsd_helper_del(h, "slow", "u", 0, TEST_LIMIT_MS, on_done, &d1));
	assert_non_null(nsd_helper_del(h, "x", "u", 0, TEST_LIMIT_MS, on_done, &d2));
	testloop_turn(0); /* the first is sent */
	closed_flag = false;
	nsd_helper_close(h, on_closed, NULL);
	assert_int_equal(d2.times, 1);
	assert_true(d2.res.cancelled);
	assert_int_equal(d1.times, 0);
	assert_null(nsd_helper_enum(h, 0, TEST_LIMIT_MS, on_done, &e));
	assert_true(testloop_until(is_closed, NULL, TEST_WAIT_MS));
	assert_int_equal(d1.times, 1);
	assert_int_equal(d1.res.status, NERR_ClientNameNotFound);

	/* A delete first, so that the process has opened its context: the
	 * enumeration is then sent at the loop's next turn. */
	h = helper_for("hang", "user");
	memset(&d1, 0, sizeof(d1));
	assert_non_null(nsd_helper_del(h, "c", "u", 0, TEST_LIMIT_MS, on_done, &d1));
	wait_done(&d1);
	memset(&e, 0, sizeof(e));
	assert_non_null(nsd_helper_enum(h, 0, TEST_LIMIT_MS, on_done, &e));
	testloop_turn(0);
	assert_int_equal(e.times, 0);
	nsd_helper_abort(h);
	assert_int_equal(e.times, 1);
	assert_true(e.res.aborted);
	assert_int_equal(e.res.status, NETSESS_E_TRANSPORT);
	close_helper(h);
}

/* Exactly one line logged since the last fake_log_clear() holds text. */
static bool log_has_once(const char *text)
{
	return fake_log_count(text) == 1;
}

/*
 * The Kerberos ticket the context reports with each reply: the first is
 * logged as obtained, each new one as renewed, with its end; a reply that
 * reports the same one logs nothing, nor does a call that failed to log
 * on (a new process at each poll would log one each time).
 */
static void test_tickets(void **state)
{
	struct nsd_helper *h;
	struct done d;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	h = helper_for("krb", "user");
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NERR_Success);
	netsess_session_list_free(d.list);
	assert_true(log_has_once("server t [7]: Kerberos ticket obtained from the keytab "
	                         "(valid until 2033-05-18 03:33:21 +0000)"));
	assert_false(fake_log_has("renewed"));
	fake_log_clear();
	enum_on(h, 1, &d);
	netsess_session_list_free(d.list);
	assert_true(log_has_once(
	    "server t [7]: Kerberos ticket renewed (valid until 2033-05-18 03:33:22 +0000)"));
	assert_false(fake_log_has("obtained"));
	/* A process that replaces a killed one counts from 1 again: its
	 * first ticket is a renewal of the helper's. */
	memset(&d, 0, sizeof(d));
	assert_non_null(nsd_helper_del(h, "hang", "u", 0, 300, on_done, &d));
	wait_done(&d);
	assert_int_equal(d.res.status, NETSESS_E_TIMEOUT);
	fake_log_clear();
	enum_on(h, 1, &d);
	netsess_session_list_free(d.list);
	assert_true(log_has_once(
	    "server t [7]: Kerberos ticket renewed (valid until 2033-05-18 03:33:21 +0000)"));
	close_helper(h);

	fake_log_clear();
	h = helper_for("krb-same", "user");
	enum_on(h, 1, &d);
	netsess_session_list_free(d.list);
	enum_on(h, 1, &d);
	netsess_session_list_free(d.list);
	assert_true(log_has_once("Kerberos ticket obtained"));
	assert_false(fake_log_has("renewed"));
	close_helper(h);

	/* Logons that fail, each in a new process with a new ticket: only
	 * the failures. */
	fake_log_clear();
	h = helper_for("krb-fail", "user");
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NETSESS_E_LOGON_FAILURE);
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NETSESS_E_LOGON_FAILURE);
	assert_string_equal(d.detail, "Server principal cifs/x@EX not found");
	close_helper(h);
	assert_false(fake_log_has("Kerberos"));

	/* No ticket at all (a password, a lost call): nothing. */
	fake_log_clear();
	h = helper_for("ok", "user");
	enum_on(h, 1, &d);
	netsess_session_list_free(d.list);
	close_helper(h);
	assert_false(fake_log_has("Kerberos"));
	unsetenv("TZ");
	tzset();
}

/* The library's words for a failure reach the completion as they were
 * sent; nothing else is logged by the client for them. */
static void test_detail(void **state)
{
	struct nsd_helper *h = helper_for("detail", "user");
	struct done d;

	(void)state;
	enum_on(h, 1, &d);
	assert_int_equal(d.res.status, NETSESS_E_NTLM_DISABLED);
	assert_string_equal(d.detail, "NTLM was\nblocked");
	/* A failure below the RPC layer: a new process for the next call,
	 * and a call without a detail has none. */
	close_helper(h);
	h = helper_for("ok", "user");
	enum_on(h, 1, &d);
	assert_string_equal(d.detail, "");
	netsess_session_list_free(d.list);
	close_helper(h);
}

static bool path_gone(void *arg)
{
	if (got_sigchld) {
		got_sigchld = 0;
		nsd_proc_reap();
	}
	return access(arg, F_OK) != 0 && errno == ENOENT;
}

/*
 * Each process has a private directory as its TMPDIR (mode 0700, under
 * netsessd's TMPDIR), where the library would keep its ticket; it is
 * removed, with what the process wrote there, once the process has been
 * reaped: after a normal end and after it was killed at a deadline.
 */
static void test_tmpdir(void **state)
{
	char base[] = "/tmp/nsd-client-test.XXXXXX", dir[256], file[300];
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	struct nsd_helper *h;
	struct stat st;
	struct done d;
	int round;

	(void)state;
	assert_non_null(mkdtemp(base));
	setenv("TMPDIR", base, 1);
	for (round = 0; round < 2; round++) {
		h = helper_for("tmpdir", "user");
		enum_on(h, 1, &d);
		assert_int_equal(d.res.status, NERR_Success);
		snprintf(dir, sizeof(dir), "%s", d.list->items[0].client);
		netsess_session_list_free(d.list);
		assert_memory_equal(dir, base, strlen(base));
		assert_non_null(strstr(dir, "/netsessd-rpc.7."));
		assert_int_equal(lstat(dir, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
		assert_int_equal(st.st_mode & 07777, 0700);
		snprintf(file, sizeof(file), "%s/netsess-krb5-t/ccache", dir);
		assert_int_equal(access(file, F_OK), 0);
		if (round == 0) {
			/* Ends normally: closed, it exits at EOF. */
			close_helper(h);
		} else {
			/* Killed: a delete it never answers. */
			memset(&d, 0, sizeof(d));
			assert_non_null(nsd_helper_del(h, "hang", "u", 0, 300, on_done, &d));
			wait_done(&d);
			assert_int_equal(d.res.status, NETSESS_E_TIMEOUT);
			close_helper(h);
		}
		assert_true(testloop_until(path_gone, dir, TEST_WAIT_MS));
	}
	assert_int_equal(rmdir(base), 0); /* empty: nothing left behind */
	if (saved)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_calls),          T(test_local_failure_restarts),
	    T(test_process_setup),  T(test_environment),
	    T(test_env_allow_list), T(test_big_reply),
	    T(test_failures),       T(test_idle),
	    T(test_open_failures),  T(test_queue),
	    T(test_settle),         T(test_close_and_abort),
	    T(test_tickets),        T(test_detail),
	    T(test_tmpdir),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
