/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delete_test.c - the delete module (agent/core/delete.c) driven without
 * Net-SNMP and without a helper process: the helper's calls are finished
 * by the test (fakes.c), the delete-timeout passes on the test loop's
 * clock (testloop.c).  For each way a delete can end: what the asker
 * hears, and once only; the counters and smbServerLastError; the log
 * line; smbSessionDeleted; the rows dropped; the poll that follows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/delete.h"
#include "core/loop.h"
#include "core/poll.h"
#include "core/requester.h"
#include "core/server.h"
#include "fakes.h"
#include "mib/mib.h"
#include "testloop.h"

#define TIMEOUT_MS 5000u
#define DELETE_TIMEOUT_MS 800u

struct heard {
	int times;
	struct nsd_del_outcome out;
};

struct fx {
	char name[8], host[16];
	struct nsd_server cfg;
	struct nsd_srv srv;
	struct heard heard;
};

static void on_outcome(void *cookie, const struct nsd_del_outcome *out)
{
	struct heard *h = cookie;

	h->times++;
	h->out = *out;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nsd_helper_conf hc;

	testloop_init(true);
	fake_rows_reset();
	fake_log_clear();
	f->cfg.index = 3;
	strcpy(f->name, "fs1");
	strcpy(f->host, "fs1.example");
	f->cfg.name = f->name;
	f->cfg.host = f->host;
	f->cfg.poll_interval_ms = 30000;
	f->cfg.timeout_ms = TIMEOUT_MS;
	f->cfg.delete_timeout_ms = DELETE_TIMEOUT_MS;
	f->srv.cfg = &f->cfg;
	strcpy(f->srv.label, "server fs1 [3]");
	nsd_pstate_init(&f->srv.st);
	memset(&hc, 0, sizeof(hc));
	hc.label = f->srv.label;
	hc.host = f->cfg.host;
	f->srv.helper = nsd_helper_new(&hc);
	/* The first poll, answered: the server is ok(2) with 4 sessions. */
	assert_int_equal(nsd_poll_start(&f->srv), 0);
	testloop_settle();
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, fake_list(4));
	assert_int_equal(f->srv.st.sessions, 4);
	assert_int_equal(fake_ncalls(), 0);
	fake_log_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	nsd_poll_stop(&f->srv);
	nsd_helper_abort(f->srv.helper);
	nsd_helper_close(f->srv.helper, NULL, NULL);
	testloop_settle();
	nsd_poll_free(&f->srv);
	assert_int_equal(fake_helpers(), 0);
	assert_int_equal(nsd_del_waiting(), 0);
	testloop_fini();
	free(f);
	return 0;
}

/* The delete's call, sent to the helper. */
static struct fake_call *sent_del(void)
{
	struct fake_call *c = fake_call_of(NSD_MSG_DEL);

	assert_non_null(c);
	fake_call_send(c);
	return c;
}

static void test_success_in_time(void **state)
{
	struct fx *f = *state;
	struct fake_call *c;
	uint64_t t0 = nsd_now_ms();

	fake_rows.prune_result = 2;
	assert_int_equal(nsd_del_start(&f->srv, "10.0.0.5", "bob", NULL, on_outcome, &f->heard), 0);
	assert_int_equal(nsd_del_waiting(), 1);
	assert_int_equal(f->heard.times, 0); /* never from inside nsd_del_start */
	c = sent_del();
	assert_string_equal(c->client, "10.0.0.5");
	assert_string_equal(c->user, "bob");
	/* The answer is due at the delete-timeout; the helper itself has
	 * twice the call timeout and a margin. */
	assert_true(c->answer_by >= t0 + DELETE_TIMEOUT_MS);
	assert_true(c->answer_by <= nsd_now_ms() + DELETE_TIMEOUT_MS);
	assert_int_equal(c->limit_ms, 2 * TIMEOUT_MS + NSD_DEL_MARGIN_MS);

	testloop_advance(100);
	fake_call_finish(c, NERR_Success, NULL);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(f->heard.out.how, NSD_DEL_DONE);
	assert_int_equal(f->heard.out.code, NERR_Success);
	assert_int_equal(nsd_del_waiting(), 0);
	/* Counted, last error 0, the ended rows dropped and their sessions
	 * taken off smbServerSessions, notified, logged. */
	assert_int_equal(f->srv.st.deletes, 1);
	assert_int_equal(f->srv.st.delete_failures, 0);
	assert_int_equal(f->srv.st.last_error, 0);
	assert_int_equal(fake_rows.prunes, 1);
	assert_string_equal(fake_rows.last_prune, "10.0.0.5|bob");
	assert_int_equal(f->srv.st.sessions, 2);
	assert_int_equal(fake_rows.notify_deleted, 1);
	assert_int_equal(fake_rows.last_deleted_code, 0);
	assert_string_equal(fake_rows.last_deleted, "10.0.0.5|bob");
	assert_true(
	    fake_log_has("server fs1 [3]: NetSessionDel(client=\"10.0.0.5\", user=\"bob\"): "
	                 "NERR_Success (0) after "));
	assert_true(fake_log_has(" ms: sessions ended"));
	/* A poll follows at once, and the delete-timeout never fires. */
	testloop_settle();
	assert_non_null(fake_call_of(NSD_MSG_ENUM));
	testloop_advance(DELETE_TIMEOUT_MS);
	assert_int_equal(f->heard.times, 1);
}

/* "No such session" is noError for the asker, counted as a failure (as
 * the MIB says) and notified with 2312; the rows are dropped all the
 * same. */
static void test_client_name_not_found(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, NULL, "nobody", NULL, on_outcome, &f->heard), 0);
	fake_call_finish(sent_del(), NERR_ClientNameNotFound, NULL);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(f->heard.out.how, NSD_DEL_DONE);
	assert_int_equal(f->heard.out.code, NERR_ClientNameNotFound);
	assert_int_equal(f->srv.st.deletes, 0);
	assert_int_equal(f->srv.st.delete_failures, 1);
	assert_int_equal(f->srv.st.last_error, NERR_ClientNameNotFound);
	assert_int_equal(fake_rows.prunes, 1);
	assert_string_equal(fake_rows.last_prune, "*|nobody");
	assert_int_equal(fake_rows.last_deleted_code, NERR_ClientNameNotFound);
	assert_true(fake_log_has("NetSessionDel(client=any, user=\"nobody\"): "
	                         "NERR_ClientNameNotFound (2312)"));
	assert_true(fake_log_has("no such session, nothing to end"));
}

/* A refusal: nothing ended, nothing dropped. */
static void test_failure(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, "c", NULL, NULL, on_outcome, &f->heard), 0);
	fake_call_finish(sent_del(), ERROR_ACCESS_DENIED, NULL);
	assert_int_equal(f->heard.out.how, NSD_DEL_DONE);
	assert_int_equal(f->heard.out.code, ERROR_ACCESS_DENIED);
	assert_int_equal(f->srv.st.delete_failures, 1);
	assert_int_equal(f->srv.st.last_error, ERROR_ACCESS_DENIED);
	assert_int_equal(fake_rows.prunes, 0);
	assert_int_equal(f->srv.st.sessions, 4);
	assert_int_equal(fake_rows.notify_deleted, 1);
	assert_int_equal(fake_rows.last_deleted_code, ERROR_ACCESS_DENIED);
	assert_true(fake_log_has("NetSessionDel(client=\"c\", user=any): ERROR_ACCESS_DENIED (5)"));
	assert_true(fake_log_has("failed, nothing ended"));
	assert_false(fake_log_has("ended ["));

	/* A failure with the library's words: they end the line. */
	memset(&f->heard, 0, sizeof(f->heard));
	fake_log_clear();
	assert_int_equal(nsd_del_start(&f->srv, "c", NULL, NULL, on_outcome, &f->heard), 0);
	fake_call_finish_detail(sent_del(), NETSESS_E_LOGON_FAILURE,
	                        "Server principal cifs/fs1@EX not found");
	assert_int_equal(f->heard.out.code, NETSESS_E_LOGON_FAILURE);
	assert_true(fake_log_has("server fs1 [3]: NetSessionDel(client=\"c\", user=any): "
	                         "NETSESS_E_LOGON_FAILURE (536870915) after 0 ms: failed, nothing "
	                         "ended [Server principal cifs/fs1@EX not found]"));
}

/* The delete-timeout passes with the call under way: the asker hears
 * PENDING then, and nothing is counted yet (the call may still succeed);
 * the late result is counted once, by what it is, logged, notified and
 * its rows dropped. */
static void test_late_result(void **state)
{
	struct fx *f = *state;
	struct fake_call *c;

	fake_rows.prune_result = 1;
	assert_int_equal(nsd_del_start(&f->srv, "10.0.0.5", "bob", NULL, on_outcome, &f->heard), 0);
	c = sent_del();
	testloop_advance(DELETE_TIMEOUT_MS - 1);
	assert_int_equal(f->heard.times, 0);
	testloop_advance(1);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(f->heard.out.how, NSD_DEL_PENDING);
	assert_int_equal(nsd_del_waiting(), 0);
	assert_int_equal(f->srv.st.deletes, 0);
	assert_int_equal(f->srv.st.delete_failures, 0);
	assert_int_equal(f->srv.st.last_error, NETSESS_E_TIMEOUT);
	assert_true(fake_log_has("no answer within 800 ms: outcome unknown"));
	assert_int_equal(fake_rows.notify_deleted, 0);

	testloop_advance(3000);
	fake_call_finish(c, NERR_Success, NULL);
	assert_int_equal(f->heard.times, 1); /* once */
	assert_int_equal(f->srv.st.deletes, 1);
	assert_int_equal(f->srv.st.delete_failures, 0);
	assert_int_equal(f->srv.st.last_error, 0);
	assert_int_equal(fake_rows.prunes, 1);
	assert_int_equal(f->srv.st.sessions, 3);
	assert_int_equal(fake_rows.notify_deleted, 1);
	assert_int_equal(fake_rows.last_deleted_code, 0);
	assert_true(fake_log_has("NetSessionDel(client=\"10.0.0.5\", user=\"bob\"): late result: "
	                         "NERR_Success (0)"));
}

/* A late outcome that is a failure (the helper's own deadline passed:
 * NETSESS_E_TIMEOUT) is counted once, as a failure, when it comes. */
static void test_late_failure(void **state)
{
	struct fx *f = *state;
	struct fake_call *c;

	assert_int_equal(nsd_del_start(&f->srv, "c", "u", NULL, on_outcome, &f->heard), 0);
	c = sent_del();
	testloop_advance(DELETE_TIMEOUT_MS);
	assert_int_equal(f->heard.out.how, NSD_DEL_PENDING);
	assert_int_equal(f->srv.st.delete_failures, 0);
	testloop_advance(2 * TIMEOUT_MS);
	fake_call_finish(c, NETSESS_E_TIMEOUT, NULL);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(f->srv.st.deletes, 0);
	assert_int_equal(f->srv.st.delete_failures, 1);
	assert_int_equal(f->srv.st.last_error, NETSESS_E_TIMEOUT);
	assert_int_equal(fake_rows.prunes, 0);
	assert_int_equal(fake_rows.notify_deleted, 1);
	assert_int_equal(fake_rows.last_deleted_code, NETSESS_E_TIMEOUT);
	assert_true(fake_log_has("late result: NETSESS_E_TIMEOUT"));
	/* Sent, and no valid answer: the log claims nothing either way. */
	assert_true(fake_log_has("failed without a valid answer: sessions may have ended"));
}

/* A name is quoted in the log so that no name passes for another or for
 * "unspecified": a literal "*", a quote, a backslash, control octets and
 * octets that are not UTF-8 are told apart. */
static void test_log_quotes_names(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, NULL, "*", NULL, on_outcome, &f->heard), 0);
	fake_call_finish(sent_del(), NERR_ClientNameNotFound, NULL);
	assert_true(fake_log_has("NetSessionDel(client=any, user=\"*\"): NERR_ClientNameNotFound"));
	assert_int_equal(
	    nsd_del_start(&f->srv, "a\"b\\c\td\x7f\xff", "\xc3\xa9", NULL, on_outcome, &f->heard), 0);
	fake_call_finish(sent_del(), NERR_Success, NULL);
	assert_true(fake_log_has("NetSessionDel(client=\"a\\\"b\\\\c\\x09d\\x7f\\xff\", "
	                         "user=\"\xc3\xa9\"): NERR_Success"));
}

/* The helper is busy with another call until the delete-timeout: the
 * delete is taken back, nothing was sent, no counter moves. */
static void test_not_sent(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, "c", "u", NULL, on_outcome, &f->heard), 0);
	testloop_advance(DELETE_TIMEOUT_MS);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(f->heard.out.how, NSD_DEL_NOT_SENT);
	assert_null(fake_call_of(NSD_MSG_DEL));
	assert_int_equal(f->srv.st.deletes, 0);
	assert_int_equal(f->srv.st.delete_failures, 0);
	assert_int_equal(f->srv.st.last_error, NETSESS_E_TIMEOUT);
	assert_int_equal(fake_rows.notify_deleted, 0);
	assert_true(fake_log_has(": not sent: the helper was still busy after 800 ms"));
}

/* The server is removed (its helper closes) with the delete still
 * queued: nothing sent, the asker told so at once. */
static void test_server_removed(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, "c", "u", NULL, on_outcome, &f->heard), 0);
	f->srv.retired = true;
	nsd_poll_stop(&f->srv);
	nsd_helper_close(f->srv.helper, NULL, NULL);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(f->heard.out.how, NSD_DEL_NOT_SENT);
	assert_int_equal(fake_rows.notify_deleted, 0);
	assert_true(fake_log_has("not sent: the server is being removed"));
	/* A retired server takes no new delete. */
	assert_int_equal(nsd_del_start(&f->srv, "c", "u", NULL, on_outcome, &f->heard), -1);
	testloop_settle();
	f->srv.helper = nsd_helper_new(&(struct nsd_helper_conf){.label = "x"}); /* for teardown */
}

/* netsessd stops with a late delete under way: its outcome is unknown and
 * nothing claims one. */
static void test_aborted(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, "c", "u", NULL, on_outcome, &f->heard), 0);
	sent_del();
	testloop_advance(DELETE_TIMEOUT_MS);
	assert_int_equal(f->heard.out.how, NSD_DEL_PENDING);
	nsd_helper_abort(f->srv.helper);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(fake_rows.notify_deleted, 0);
	assert_int_equal(f->srv.st.deletes, 0);
	assert_int_equal(f->srv.st.delete_failures, 0);
	assert_true(fake_log_has("outcome unknown: netsessd is stopping (not counted)"));
}

/* Deletes of one PDU reach the helper in order, and the asker hears each
 * once: two waiting, then none. */
static void test_two_deletes(void **state)
{
	struct fx *f = *state;
	struct heard second = {0};
	struct fake_call *c;

	assert_int_equal(nsd_del_start(&f->srv, "a", "u", NULL, on_outcome, &f->heard), 0);
	assert_int_equal(nsd_del_start(&f->srv, "b", "u", NULL, on_outcome, &second), 0);
	assert_int_equal(nsd_del_waiting(), 2);
	c = sent_del();
	assert_string_equal(c->client, "a");
	fake_call_finish(c, NERR_Success, NULL);
	c = sent_del();
	assert_string_equal(c->client, "b");
	fake_call_finish(c, NERR_Success, NULL);
	assert_int_equal(f->heard.times, 1);
	assert_int_equal(second.times, 1);
	assert_int_equal(nsd_del_waiting(), 0);
	assert_int_equal(f->srv.st.deletes, 2);
}

/* Nobody waiting (no callback): no delete-timeout, the outcome is still
 * recorded when it comes. */
static void test_nobody_waits(void **state)
{
	struct fx *f = *state;
	struct fake_call *c;

	assert_int_equal(nsd_del_start(&f->srv, "c", NULL, NULL, NULL, NULL), 0);
	assert_int_equal(nsd_del_waiting(), 0);
	c = sent_del();
	testloop_advance(5 * DELETE_TIMEOUT_MS);
	assert_int_equal(f->srv.st.delete_failures, 0);
	fake_call_finish(c, NERR_Success, NULL);
	assert_int_equal(f->srv.st.deletes, 1);
	assert_int_equal(fake_rows.notify_deleted, 1);
}

/* Never both names unspecified: Samba would end every session. */
static void test_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(nsd_del_start(&f->srv, NULL, NULL, NULL, on_outcome, &f->heard), -1);
	assert_int_equal(nsd_del_start(&f->srv, "", "", NULL, on_outcome, &f->heard), -1);
	assert_int_equal(nsd_del_start(&f->srv, "", NULL, NULL, on_outcome, &f->heard), -1);
	assert_int_equal(fake_ncalls(), 0);
	assert_int_equal(nsd_del_waiting(), 0);
	/* An empty name is an unspecified one. */
	assert_int_equal(nsd_del_start(&f->srv, "c", "", NULL, on_outcome, &f->heard), 0);
	assert_null(fake_call_of(NSD_MSG_DEL)->user);
	fake_call_finish(sent_del(), NERR_Success, NULL);
}

/* Who asked ends every log line of the delete and goes with
 * smbSessionDeleted; without a requester the lines end as before. */
static void test_requester(void **state)
{
	struct fx *f = *state;
	struct nsd_requester by = {false, NSD_REQ_MODEL_USM, "udp:127.0.0.1:4711", "ops"};
	struct nsd_requester agentx = {true, 0, "", ""};

	assert_int_equal(nsd_del_start(&f->srv, "10.0.0.5", "bob", &by, on_outcome, &f->heard), 0);
	/* The caller's copy may go at once. */
	memset(&by, 0, sizeof(by));
	fake_call_finish(sent_del(), NERR_Success, NULL);
	assert_true(
	    fake_log_has("server fs1 [3]: NetSessionDel(client=\"10.0.0.5\", user=\"bob\"): "
	                 "NERR_Success (0) after 0 ms: sessions ended by udp:127.0.0.1:4711 usm "
	                 "user=\"ops\""));
	assert_string_equal(fake_rows.last_deleted_by, "udp:127.0.0.1:4711 usm user=\"ops\"");

	/* Through an AgentX master: only that. */
	testloop_settle();
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, fake_list(4));
	fake_log_clear();
	assert_int_equal(nsd_del_start(&f->srv, NULL, "bob", &agentx, NULL, NULL), 0);
	testloop_advance(DELETE_TIMEOUT_MS);
	fake_call_finish(sent_del(), NERR_ClientNameNotFound, NULL);
	assert_true(fake_log_has(": no such session, nothing to end by agentx"));
	assert_string_equal(fake_rows.last_deleted_by, "agentx");

	/* A delete not sent at its delete-timeout names the asker too. */
	testloop_settle();
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, fake_list(4));
	by = (struct nsd_requester){false, NSD_REQ_MODEL_V2C, "udp:192.0.2.20:161", ""};
	fake_log_clear();
	assert_int_equal(nsd_del_start(&f->srv, "c", "u", &by, on_outcome, &f->heard), 0);
	testloop_advance(DELETE_TIMEOUT_MS);
	assert_int_equal(f->heard.times, 2);
	assert_true(fake_log_has("not sent: the helper was still busy after 800 ms by "
	                         "udp:192.0.2.20:161 v2c"));

	/* No requester: nothing after the result. */
	fake_log_clear();
	assert_int_equal(nsd_del_start(&f->srv, "c", "u", NULL, NULL, NULL), 0);
	fake_call_finish(sent_del(), NERR_Success, NULL);
	assert_true(fake_log_has("NetSessionDel(client=\"c\", user=\"u\"): NERR_Success (0) after 0 "
	                         "ms: sessions ended"));
	assert_false(fake_log_has(" by "));
	assert_string_equal(fake_rows.last_deleted_by, "");
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_success_in_time), T(test_client_name_not_found), T(test_failure),
	    T(test_late_result),     T(test_late_failure),          T(test_log_quotes_names),
	    T(test_not_sent),        T(test_server_removed),        T(test_aborted),
	    T(test_two_deletes),     T(test_nobody_waits),          T(test_refused),
	    T(test_requester),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
