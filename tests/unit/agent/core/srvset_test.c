/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvset_test.c - the server set (agent/core/srvset.c) and the polls it
 * starts (agent/core/poll.c), driven without Net-SNMP and without helper
 * processes (fakes.c, testloop.c): configurations applied, reloaded and
 * emptied; what each server's helper is told (paths, never a secret); a
 * poll's deadline, its result in the server's state and the next poll's
 * time; a retired server kept until its delete has ended; stopping;
 * which server LanMgr-Mib-II's objects show as configurations change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/delete.h"
#include "core/loop.h"
#include "core/poll.h"
#include "core/server.h"
#include "core/srvset.h"
#include "fakes.h"
#include "mib/mib.h"
#include "config/nsd_config.h"
#include "testloop.h"

#define POLL_MS 30000u
#define TIMEOUT_MS 5000u

/* A configuration of servers with these indexes, named "fsINDEX";
 * variant changes their host. */
static struct nsd_config *config_of(const unsigned *indexes, size_t n, int variant)
{
	struct nsd_config *cfg = calloc(1, sizeof(*cfg));
	size_t i;

	cfg->path = strdup("/etc/netsessd/netsessd.xml");
	cfg->nservers = n;
	cfg->servers = calloc(n ? n : 1, sizeof(*cfg->servers));
	for (i = 0; i < n; i++) {
		struct nsd_server *s = &cfg->servers[i];
		char buf[64];

		s->index = indexes[i];
		snprintf(buf, sizeof(buf), "fs%u", indexes[i]);
		s->name = strdup(buf);
		snprintf(buf, sizeof(buf), "fs%u-%d.example", indexes[i], variant);
		s->host = strdup(buf);
		s->port = 445;
		s->poll_interval_ms = POLL_MS;
		s->timeout_ms = TIMEOUT_MS;
		s->delete_timeout_ms = 800;
		s->cred_kind = NSD_CRED_PASSWORD_FILE;
		s->username = strdup("svc");
		s->domain = strdup("EXAMPLE");
		snprintf(buf, sizeof(buf), "/etc/netsessd/fs%u.pw", indexes[i]);
		s->password_file = strdup(buf);
		s->signing = NETSESS_SMB_IF_REQUIRED;
	}
	return cfg;
}

struct fx {
	struct nsd_srvset set;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	testloop_init(true);
	fake_rows_reset();
	fake_log_clear();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	nsd_srvset_stop(&f->set);
	nsd_srvset_abort(&f->set);
	testloop_settle();
	assert_false(nsd_srvset_busy(&f->set));
	assert_int_equal(fake_helpers(), 0);
	assert_int_equal(fake_rows.srvtab_rows, 0);
	nsd_srvset_free(&f->set);
	assert_int_equal(testloop_fini(), 0);
	free(f);
	return 0;
}

/* Answers every poll waiting with n sessions. */
static void answer_polls(size_t n)
{
	struct fake_call *c;

	testloop_settle();
	while ((c = fake_call_of(NSD_MSG_ENUM)) != NULL)
		fake_call_finish(c, NERR_Success, fake_list(n));
}

static void test_apply(void **state)
{
	static const unsigned idx[] = {2, 5};
	struct fx *f = *state;
	const struct nsd_helper_conf *hc;
	struct nsd_srv *srv;
	struct fake_call *c;

	assert_int_equal(nsd_srvset_apply(&f->set, config_of(idx, 2, 0)), 0);
	assert_int_equal(f->set.nsrvs, 2);
	assert_int_equal(fake_rows.srvtab_rows, 2);
	assert_null(nsd_srvset_find(&f->set, 3));
	srv = nsd_srvset_find(&f->set, 5);
	assert_non_null(srv);
	assert_string_equal(srv->label, "server fs5 [5]");
	assert_int_equal(srv->st.status, NSD_STATUS_UNKNOWN);
	assert_true(fake_log_has("configuration /etc/netsessd/netsessd.xml: 2 servers (2 started"));

	/* The helper gets the paths and names, never a secret. */
	hc = fake_helper_conf(srv->helper);
	assert_int_equal(hc->index, 5);
	assert_string_equal(hc->host, "fs5-0.example");
	assert_string_equal(hc->open.username, "svc");
	assert_string_equal(hc->open.domain, "EXAMPLE");
	assert_string_equal(hc->open.password_file, "/etc/netsessd/fs5.pw");
	assert_null(hc->open.auth_file);
	assert_false(hc->open.kerberos);
	assert_int_equal(hc->open.timeout_ms, TIMEOUT_MS);

	/* The first polls start at once; each has the server's timeout
	 * plus the grace to answer. */
	assert_int_equal(fake_ncalls(), 0);
	testloop_settle();
	assert_int_equal(fake_ncalls(), 2);
	c = fake_call_of(NSD_MSG_ENUM);
	assert_int_equal(c->limit_ms, TIMEOUT_MS + NSD_POLL_GRACE_MS);
}

static void test_poll_results(void **state)
{
	static const unsigned idx[] = {1};
	struct fx *f = *state;
	struct nsd_srv *srv;
	struct fake_call *c;

	nsd_srvset_apply(&f->set, config_of(idx, 1, 0));
	srv = nsd_srvset_find(&f->set, 1);
	answer_polls(3);
	assert_int_equal(srv->st.status, NSD_STATUS_OK);
	assert_int_equal(srv->st.sessions, 3);
	assert_int_equal(srv->st.polls, 1);
	assert_int_equal(fake_rows.updates, 1);
	assert_int_equal(fake_rows.last_count, 3);
	assert_true(nsd_poll_last_ok_ms(srv) > 0);
	assert_int_equal(fake_rows.notify_status, 1);
	assert_int_equal(fake_rows.last_status, NSD_STATUS_OK);
	assert_true(
	    fake_log_has("server fs1 [1] (fs1-0.example): polling works: 3 sessions; status ok"));

	/* The next poll is due poll-interval after this one ended. */
	testloop_advance(POLL_MS - 1);
	assert_int_equal(fake_ncalls(), 0);
	testloop_advance(1);
	c = fake_call_of(NSD_MSG_ENUM);
	assert_non_null(c);

	/* A poll that fails: the status follows, notified once. */
	fake_call_finish(c, NETSESS_E_TIMEOUT, NULL);
	assert_int_equal(srv->st.status, NSD_STATUS_UNREACHABLE);
	assert_int_equal(srv->st.last_error, NETSESS_E_TIMEOUT);
	assert_int_equal(srv->st.poll_failures, 1);
	assert_int_equal(srv->st.sessions, 3);  /* the last known count stays */
	assert_int_equal(fake_rows.updates, 1); /* rows untouched */
	assert_int_equal(fake_rows.notify_status, 2);
	assert_true(fake_log_has("poll failed: NETSESS_E_TIMEOUT"));
	testloop_advance(POLL_MS);
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NETSESS_E_TIMEOUT, NULL);
	assert_int_equal(fake_rows.notify_status, 2);
	assert_int_equal(srv->st.poll_failures, 2);

	/* The server refuses NTLM: logonFailure(4), and the log line says so,
	 * with the library's words, made safe for the log. */
	fake_log_clear();
	testloop_advance(POLL_MS);
	fake_call_finish_detail(fake_call_of(NSD_MSG_ENUM), NETSESS_E_NTLM_DISABLED,
	                        "The authentication failed because NTLM was blocked.\n");
	assert_int_equal(srv->st.status, NSD_STATUS_LOGON_FAILURE);
	assert_int_equal(srv->st.last_error, NETSESS_E_NTLM_DISABLED);
	assert_true(fake_log_has(
	    "server fs1 [1] (fs1-0.example): poll failed: NETSESS_E_NTLM_DISABLED (536870924): "
	    "The server refuses NTLM logons: log on with Kerberos (a keytab or a ticket) "
	    "[The authentication failed because NTLM was blocked.\\x0a]; status logonFailure"));
}

/* n sessions as fake_list() makes them, the first of which has a client
 * name one octet over what smbSessionTable's index takes. */
static struct netsess_session_list *list_with_long_client(size_t n)
{
	struct netsess_session_list *l = fake_list(n);

	free(l->items[0].client);
	l->items[0].client = malloc(NSD_CLIENT_MAX + 2);
	memset(l->items[0].client, 'c', NSD_CLIENT_MAX + 1);
	l->items[0].client[NSD_CLIENT_MAX + 1] = '\0';
	return l;
}

/*
 * A session whose name does not fit the table's index is counted in
 * smbServerSessions but gets no row; the log says so once while it lasts
 * (not at every poll), and again when it comes back after a poll without
 * one.
 */
static void test_poll_omitted(void **state)
{
	static const unsigned idx[] = {1};
	static const char said[] = "server fs1 [1]: 1 sessions have a client name over 63 octets "
	                           "or a user name over 48 octets: counted in smbServerSessions "
	                           "but not listed in smbSessionTable (for instance client=\"ccc";
	struct fx *f = *state;
	struct nsd_srv *srv;

	nsd_srvset_apply(&f->set, config_of(idx, 1, 0));
	srv = nsd_srvset_find(&f->set, 1);
	testloop_settle();
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, list_with_long_client(3));
	assert_int_equal(srv->st.sessions, 3);
	assert_int_equal(fake_rows.last_count, 2);
	assert_int_equal(fake_log_count(said), 1);
	assert_true(fake_log_has("user=\"u0\")"));

	/* Still there at the next poll: not said again. */
	testloop_advance(POLL_MS);
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, list_with_long_client(3));
	assert_int_equal(srv->st.polls, 2);
	assert_int_equal(fake_log_count(said), 1);

	/* Gone, then back: said again. */
	testloop_advance(POLL_MS);
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, fake_list(3));
	assert_int_equal(fake_rows.last_count, 3);
	testloop_advance(POLL_MS);
	fake_call_finish(fake_call_of(NSD_MSG_ENUM), NERR_Success, list_with_long_client(2));
	assert_int_equal(srv->st.sessions, 2);
	assert_int_equal(fake_rows.last_count, 1);
	assert_int_equal(fake_log_count(said), 2);
}

/* A delete asks for a poll at once; one asked during a poll comes right
 * after it. */
static void test_poll_now(void **state)
{
	static const unsigned idx[] = {1};
	struct fx *f = *state;
	struct nsd_srv *srv;
	struct fake_call *c;

	nsd_srvset_apply(&f->set, config_of(idx, 1, 0));
	srv = nsd_srvset_find(&f->set, 1);
	answer_polls(1);
	nsd_poll_now(srv);
	testloop_settle();
	c = fake_call_of(NSD_MSG_ENUM);
	assert_non_null(c);
	nsd_poll_now(srv); /* during that poll */
	fake_call_finish(c, NERR_Success, fake_list(1));
	testloop_settle();
	assert_non_null(fake_call_of(NSD_MSG_ENUM));
	answer_polls(1);
	assert_int_equal(srv->st.polls, 3);
}

/* A reload keeps unchanged servers as they are (counters, rows, helper),
 * restarts changed ones and adds and removes the others. */
static void test_reload(void **state)
{
	static const unsigned first[] = {1, 2, 3};
	static const unsigned second[] = {1, 2, 4};
	struct fx *f = *state;
	struct nsd_srv *one, *two;
	struct nsd_config *cfg;

	nsd_srvset_apply(&f->set, config_of(first, 3, 0));
	answer_polls(2);
	one = nsd_srvset_find(&f->set, 1);
	two = nsd_srvset_find(&f->set, 2);
	assert_int_equal(one->st.polls, 1);

	cfg = config_of(second, 3, 0);
	free(cfg->servers[1].host);
	cfg->servers[1].host = strdup("elsewhere.example"); /* server 2 changed */
	fake_log_clear();
	assert_int_equal(nsd_srvset_apply(&f->set, cfg), 0);
	assert_true(
	    fake_log_has("3 servers (2 started, 1 kept unchanged, 2 removed or restarted)"));
	assert_ptr_equal(nsd_srvset_find(&f->set, 1), one);
	assert_int_equal(one->st.polls, 1);
	assert_ptr_not_equal(nsd_srvset_find(&f->set, 2), two);
	assert_null(nsd_srvset_find(&f->set, 3));
	assert_non_null(nsd_srvset_find(&f->set, 4));
	assert_int_equal(fake_rows.srvtab_rows, 3);
	assert_int_equal(fake_rows.removed, 2); /* the rows of 2 and 3 */
	/* The retired ones go once their helpers have closed. */
	testloop_settle();
	assert_false(nsd_srvset_busy(&f->set));
	assert_int_equal(fake_helpers(), 3);
}

/* No server at all: applied, with a warning; a later configuration adds
 * servers. */
static void test_zero_servers(void **state)
{
	static const unsigned idx[] = {7};
	struct fx *f = *state;

	assert_int_equal(nsd_srvset_apply(&f->set, config_of(NULL, 0, 0)), 0);
	assert_int_equal(f->set.nsrvs, 0);
	assert_int_equal(fake_rows.srvtab_rows, 0);
	assert_true(fake_log_has("has no <server>: smbServerTable and smbSessionTable stay empty"));
	testloop_settle();
	assert_int_equal(fake_ncalls(), 0);

	assert_int_equal(nsd_srvset_apply(&f->set, config_of(idx, 1, 0)), 0);
	assert_non_null(nsd_srvset_find(&f->set, 7));
	testloop_settle();
	assert_int_equal(fake_ncalls(), 1);

	/* And back to none: the server is retired. */
	fake_log_clear();
	assert_int_equal(nsd_srvset_apply(&f->set, config_of(NULL, 0, 0)), 0);
	assert_int_equal(fake_rows.srvtab_rows, 0);
	testloop_settle();
	assert_int_equal(fake_helpers(), 0);
}

static void on_outcome(void *cookie, const struct nsd_del_outcome *out)
{
	*(struct nsd_del_outcome *)cookie = *out;
}

/* A server removed while a delete of it is under way stays until the
 * delete has ended: its result is still counted and logged; a poll under
 * way is dropped. */
static void test_retire_waits_for_delete(void **state)
{
	static const unsigned idx[] = {1};
	struct fx *f = *state;
	struct nsd_del_outcome out = {NSD_DEL_PENDING, 1};
	struct nsd_srv *srv;
	struct fake_call *c;

	nsd_srvset_apply(&f->set, config_of(idx, 1, 0));
	srv = nsd_srvset_find(&f->set, 1);
	answer_polls(2);
	assert_int_equal(nsd_del_start(srv, "c", "u", NULL, on_outcome, &out), 0);
	c = fake_call_of(NSD_MSG_DEL);
	fake_call_send(c);

	nsd_srvset_apply(&f->set, config_of(NULL, 0, 0));
	testloop_settle();
	assert_true(nsd_srvset_busy(&f->set));
	assert_int_equal(fake_rows.srvtab_rows, 0);
	assert_true(fake_helper_closing(srv->helper));
	fake_log_clear();
	fake_call_finish(c, NERR_Success, NULL);
	assert_int_equal(out.how, NSD_DEL_DONE);
	assert_int_equal(out.code, NERR_Success);
	assert_true(
	    fake_log_has("server fs1 [1]: NetSessionDel(client=\"c\", user=\"u\"): NERR_Success"));
	assert_int_equal(fake_rows.prunes, 0); /* its rows are gone already */
	testloop_settle();
	assert_false(nsd_srvset_busy(&f->set));
	assert_int_equal(fake_helpers(), 0);
}

/* Stopping: every server retired; what is still under way ends when the
 * helpers are aborted. */
static void test_stop(void **state)
{
	static const unsigned idx[] = {1, 2};
	struct fx *f = *state;
	struct nsd_del_outcome out = {NSD_DEL_DONE, 1};
	struct nsd_srv *srv;

	nsd_srvset_apply(&f->set, config_of(idx, 2, 0));
	answer_polls(1);
	srv = nsd_srvset_find(&f->set, 2);
	assert_int_equal(nsd_del_start(srv, NULL, "u", NULL, on_outcome, &out), 0);
	fake_call_send(fake_call_of(NSD_MSG_DEL));
	nsd_poll_now(nsd_srvset_find(&f->set, 1));
	testloop_settle();
	fake_call_send(fake_call_of(NSD_MSG_ENUM));

	nsd_srvset_stop(&f->set);
	assert_int_equal(f->set.nsrvs, 0);
	assert_int_equal(fake_rows.srvtab_rows, 0);
	assert_true(nsd_srvset_busy(&f->set));
	assert_int_equal(nsd_del_waiting(), 1);
	/* The delete-timeout answers the SET; then the helpers are aborted. */
	testloop_advance(800);
	assert_int_equal(out.how, NSD_DEL_PENDING);
	assert_int_equal(nsd_del_waiting(), 0);
	nsd_srvset_abort(&f->set);
	testloop_settle();
	assert_false(nsd_srvset_busy(&f->set));
	assert_int_equal(fake_helpers(), 0);
	assert_int_equal(fake_ncalls(), 0);
}

/* <lanmgr-compat server="fsINDEX"> in cfg. */
static struct nsd_config *with_lanmgr(struct nsd_config *cfg, unsigned index)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "fs%u", index);
	cfg->lanmgr_server = strdup(buf);
	cfg->lanmgr_index = index;
	return cfg;
}

/* LanMgr-Mib-II's objects show the server <lanmgr-compat> names, follow
 * it when it is restarted or another one is named, and are unregistered
 * when the element goes; stopping forgets the server and leaves the
 * registration alone. */
static void test_lanmgr(void **state)
{
	static const unsigned idx[] = {1, 2};
	struct fx *f = *state;
	struct nsd_srv *two, *two_again;
	struct nsd_config *cfg;

	/* Without the element: nothing registered. */
	nsd_srvset_apply(&f->set, config_of(idx, 2, 0));
	assert_false(fake_rows.lm_registered);
	assert_int_equal(fake_rows.lanmgr_index, 0);

	/* Added by a reload. */
	nsd_srvset_apply(&f->set, with_lanmgr(config_of(idx, 2, 0), 2));
	two = nsd_srvset_find(&f->set, 2);
	assert_true(fake_rows.lm_registered);
	assert_ptr_equal(fake_rows.lm_srv, two);
	assert_int_equal(fake_rows.lanmgr_index, 2);

	/* The named server changed: restarted, and the new one is shown. */
	cfg = with_lanmgr(config_of(idx, 2, 0), 2);
	free(cfg->servers[1].host);
	cfg->servers[1].host = strdup("elsewhere.example");
	nsd_srvset_apply(&f->set, cfg);
	two_again = nsd_srvset_find(&f->set, 2);
	assert_ptr_not_equal(two_again, two);
	assert_ptr_equal(fake_rows.lm_srv, two_again);
	assert_int_equal(fake_rows.lanmgr_index, 2);

	/* Another server named. */
	nsd_srvset_apply(&f->set, with_lanmgr(config_of(idx, 2, 0), 1));
	assert_ptr_equal(fake_rows.lm_srv, nsd_srvset_find(&f->set, 1));
	assert_int_equal(fake_rows.lanmgr_index, 1);

	/* The element removed: unregistered. */
	nsd_srvset_apply(&f->set, config_of(idx, 2, 0));
	assert_false(fake_rows.lm_registered);
	assert_null(fake_rows.lm_srv);
	assert_int_equal(fake_rows.lanmgr_index, 0);

	/* Stopping forgets the server, registered or not. */
	nsd_srvset_apply(&f->set, with_lanmgr(config_of(idx, 2, 0), 1));
	assert_non_null(fake_rows.lm_srv);
	nsd_srvset_stop(&f->set);
	assert_null(fake_rows.lm_srv);
	assert_true(fake_rows.lm_registered);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_apply),  T(test_poll_results), T(test_poll_omitted), T(test_poll_now),
	    T(test_reload), T(test_zero_servers), T(test_retire_waits_for_delete),
	    T(test_stop),   T(test_lanmgr),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
