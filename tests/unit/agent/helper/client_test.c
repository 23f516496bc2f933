/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agent_rpcproc_test.c - the parent side of a server's RPC process
 * (rpcproc.h) against a stand-in process (agent_rpcproc_peer.c, built as
 * tests/unit/netsessd-rpc beside this program) that answers, misbehaves
 * or dies on request: every failure ends and reaps the process, returns
 * its status, leaves a line saying what happened, and no descriptor or
 * process is left behind.  The process starts with only descriptors 0-3
 * open and no signal blocked, although the caller blocks them all (as a
 * worker thread does).
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "rpcproc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* The call timeout given to the process: its deadline is twice that
 * plus NSD_RPC_MARGIN_MS. */
#define TEST_TIMEOUT_MS 100u

struct fixture {
	struct nsd_rpc *rpc;
	int fds;
	sigset_t old_mask;
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
	sigset_t all;

	if (!fx)
		return -1;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &fx->old_mask);
	fx->fds = count_fds();
	fx->rpc = nsd_rpc_new(7);
	if (!fx->rpc)
		return -1;
	*state = fx;
	return 0;
}

/* Nothing left behind: no descriptor, no child (reaped or not). */
static int teardown(void **state)
{
	struct fixture *fx = *state;
	int status;

	nsd_rpc_free(fx->rpc);
	assert_int_equal(count_fds(), fx->fds);
	assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	pthread_sigmask(SIG_SETMASK, &fx->old_mask, NULL);
	free(fx);
	return 0;
}

static void open_as(struct nsd_rpc *rpc, const char *user, netsess_status_t want)
{
	struct netsess_options o;

	memset(&o, 0, sizeof(o));
	o.username = user;
	o.password = "not-in-argv";
	o.timeout_ms = TEST_TIMEOUT_MS;
	assert_int_equal(nsd_rpc_ctx_new(rpc, &o), want);
}

static void assert_event(struct nsd_rpc *rpc, const char *part)
{
	char line[256];

	assert_true(nsd_rpc_take_event(rpc, line, sizeof(line)));
	if (!strstr(line, part))
		fail_msg("event \"%s\" does not say \"%s\"", line, part);
	assert_false(nsd_rpc_take_event(rpc, line, sizeof(line)));
}

static void assert_reaped(long pid)
{
	int status;

	assert_true(pid > 0);
	assert_int_equal(waitpid((pid_t)pid, &status, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void test_calls(void **state)
{
	struct fixture *fx = *state;
	struct netsess_session_list *list = NULL;
	char line[64];
	long pid;

	open_as(fx->rpc, "user", NERR_Success);
	pid = nsd_rpc_pid(fx->rpc);
	assert_true(pid > 0);
	assert_true(nsd_rpc_ready(fx->rpc));
	assert_int_equal(nsd_rpc_session_enum(fx->rpc, "ok", NULL, NULL, 3, &list), NERR_Success);
	assert_non_null(list);
	assert_int_equal(list->count, 3);
	assert_string_equal(list->items[2].user, "u2");
	netsess_session_list_free(list);
	assert_int_equal(nsd_rpc_session_del(fx->rpc, "ok", "\\\\c", "u"), NERR_ClientNameNotFound);
	assert_int_equal(nsd_rpc_session_enum(fx->rpc, "other", NULL, NULL, 3, &list),
	                 ERROR_INVALID_PARAMETER);
	assert_null(list);
	/* A status from the library leaves the process running. */
	assert_int_equal(nsd_rpc_pid(fx->rpc), pid);
	assert_true(nsd_rpc_ready(fx->rpc));
	nsd_rpc_ctx_free(fx->rpc);
	assert_int_equal(nsd_rpc_pid(fx->rpc), 0);
	assert_false(nsd_rpc_ready(fx->rpc));
	assert_reaped(pid);
	assert_false(nsd_rpc_take_event(fx->rpc, line, sizeof(line)));
	/* No process: the calls fail without one. */
	assert_int_equal(nsd_rpc_session_enum(fx->rpc, "ok", NULL, NULL, 3, &list),
	                 NETSESS_E_TRANSPORT);
	assert_int_equal(nsd_rpc_session_del(fx->rpc, "ok", NULL, "u"), NETSESS_E_TRANSPORT);
	nsd_rpc_ctx_free(fx->rpc);
	/* A second context replaces the first process. */
	open_as(fx->rpc, "user", NERR_Success);
	pid = nsd_rpc_pid(fx->rpc);
	open_as(fx->rpc, "user", NERR_Success);
	assert_true(nsd_rpc_pid(fx->rpc) != pid);
	assert_reaped(pid);
	nsd_rpc_free(NULL);
}

/* What the process was started with: a descriptor of ours that is not
 * close-on-exec (as Net-SNMP's sockets are not) does not reach it. */
static void test_process_setup(void **state)
{
	struct fixture *fx = *state;
	struct netsess_session_list *list = NULL;
	int tmp = open("/dev/null", O_RDONLY);
	int stray = fcntl(tmp, F_DUPFD, 10); /* no FD_CLOEXEC */

	close(tmp);
	assert_true(stray >= 10);
	open_as(fx->rpc, "user", NERR_Success);
	close(stray);
	assert_int_equal(nsd_rpc_session_enum(fx->rpc, "args", NULL, NULL, 0, &list), NERR_Success);
	assert_int_equal(list->count, 1);
	assert_string_equal(list->items[0].client, "7");                     /* argv[1] */
	assert_string_equal(list->items[0].user, "0,1,2,3");                 /* descriptors */
	assert_string_equal(list->items[0].client_type, "0000000000000000"); /* SigBlk */
	assert_string_equal(list->items[0].transport, "/dev/null");          /* stdin */
	netsess_session_list_free(list);
}

/* A reply far larger than the first read buffer. */
static void test_big_reply(void **state)
{
	struct fixture *fx = *state;
	struct netsess_session_list *list = NULL;

	open_as(fx->rpc, "user", NERR_Success);
	assert_int_equal(nsd_rpc_session_enum(fx->rpc, "ok", NULL, NULL, 200000, &list),
	                 NERR_Success);
	assert_int_equal(list->count, 200000);
	assert_string_equal(list->items[199999].user, "u199999");
	assert_string_equal(list->items[199999].client, "10.3.13.63");
	netsess_session_list_free(list);
}

static void test_failures(void **state)
{
	static const struct {
		const char *server;
		netsess_status_t status;
		const char *event;
	} cases[] = {
	    {"hang", NETSESS_E_TIMEOUT, "gave no answer within 2200 ms: killed"},
	    {"trickle", NETSESS_E_TIMEOUT, "gave no answer within 2200 ms: killed"},
	    {"garbage", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"zerolen", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"huge", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"wrongkind", NETSESS_E_PROTOCOL, "sent a malformed message: killed"},
	    {"crash", NETSESS_E_TRANSPORT, "ended by signal SIGABRT during a call"},
	    {"exit", NETSESS_E_TRANSPORT, "exited with status 7 during a call"},
	};
	struct fixture *fx = *state;
	struct netsess_session_list *list;
	size_t i;

	for (i = 0; i < N(cases); i++) {
		long pid;
		char pidstr[32];

		open_as(fx->rpc, "user", NERR_Success);
		pid = nsd_rpc_pid(fx->rpc);
		list = NULL;
		assert_int_equal(
		    nsd_rpc_session_enum(fx->rpc, cases[i].server, NULL, NULL, 1, &list),
		    cases[i].status);
		assert_null(list);
		assert_int_equal(nsd_rpc_pid(fx->rpc), 0);
		assert_reaped(pid);
		snprintf(pidstr, sizeof(pidstr), "RPC process %ld ", pid);
		{
			char line[256];

			assert_true(nsd_rpc_take_event(fx->rpc, line, sizeof(line)));
			if (!strstr(line, pidstr) || !strstr(line, cases[i].event))
				fail_msg("%s: event \"%s\"", cases[i].server, line);
		}
		assert_false(nsd_rpc_ready(fx->rpc));
		assert_int_equal(nsd_rpc_session_del(fx->rpc, "ok", NULL, "u"),
		                 NETSESS_E_TRANSPORT);
	}
}

/* After one enumeration of server, the process is found gone between
 * calls, reaped, and event says why. */
static void assert_ends_idle(struct nsd_rpc *rpc, const char *server, const char *event)
{
	struct netsess_session_list *list = NULL;
	struct timespec pause = {0, 10 * 1000 * 1000};
	long pid;
	int i;

	open_as(rpc, "user", NERR_Success);
	pid = nsd_rpc_pid(rpc);
	assert_int_equal(nsd_rpc_session_enum(rpc, server, NULL, NULL, 2, &list), NERR_Success);
	netsess_session_list_free(list);
	for (i = 0; i < 200 && nsd_rpc_ready(rpc); i++)
		nanosleep(&pause, NULL);
	assert_false(nsd_rpc_ready(rpc));
	assert_reaped(pid);
	assert_event(rpc, event);
}

/* A process found ended, or talking out of turn, between calls. */
static void test_idle(void **state)
{
	struct fixture *fx = *state;

	assert_ends_idle(fx->rpc, "extra", "sent a message nobody asked for: killed");
	assert_ends_idle(fx->rpc, "idle-exit", "exited with status 0 while idle");
}

static void test_open_failures(void **state)
{
	struct fixture *fx = *state;
	char line[64];

	open_as(fx->rpc, "badversion", NETSESS_E_PROTOCOL);
	assert_int_equal(nsd_rpc_pid(fx->rpc), 0);
	assert_event(fx->rpc, "speaks version 99 of the messages, not 1: killed");
	/* netsess_ctx_new's own failure: the process is ended quietly. */
	open_as(fx->rpc, "openfail", NETSESS_E_AUTH_FILE);
	assert_int_equal(nsd_rpc_pid(fx->rpc), 0);
	assert_false(nsd_rpc_take_event(fx->rpc, line, sizeof(line)));
	/* Options the messages cannot carry: nothing is started. */
	{
		struct netsess_options o;

		memset(&o, 0, sizeof(o));
		o.signing = (enum netsess_smb_policy)9;
		assert_int_equal(nsd_rpc_ctx_new(fx->rpc, &o), ERROR_INVALID_PARAMETER);
		assert_int_equal(nsd_rpc_pid(fx->rpc), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_calls, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_process_setup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_big_reply, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_idle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_open_failures, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
