/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pstate_test.c - smbServerStatus, smbServerLastError and the counters
 * of smbServerTable as polls and deletes come in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mib/mib.h"
#include "core/pstate.h"

static void test_status_mapping(void **state)
{
	static const struct {
		netsess_status_t code;
		int status;
	} cases[] = {
	    {NERR_Success, NSD_STATUS_OK},
	    {NETSESS_E_CONNECTION_REFUSED, NSD_STATUS_UNREACHABLE},
	    {NETSESS_E_HOST_NOT_FOUND, NSD_STATUS_UNREACHABLE},
	    {NETSESS_E_TIMEOUT, NSD_STATUS_UNREACHABLE},
	    {NETSESS_E_TRANSPORT, NSD_STATUS_UNREACHABLE},
	    {NETSESS_E_LOGON_FAILURE, NSD_STATUS_LOGON_FAILURE},
	    {NETSESS_E_NTLM_DISABLED, NSD_STATUS_LOGON_FAILURE},
	    {NETSESS_E_AUTH_FILE, NSD_STATUS_LOGON_FAILURE},
	    {ERROR_ACCESS_DENIED, NSD_STATUS_ACCESS_DENIED},
	    {NETSESS_E_PROTOCOL, NSD_STATUS_PROTOCOL_ERROR},
	    {NETSESS_E_RPC_FAULT, NSD_STATUS_PROTOCOL_ERROR},
	    {NETSESS_E_BIND_REJECTED, NSD_STATUS_PROTOCOL_ERROR},
	    {NETSESS_E_PIPE_UNAVAILABLE, NSD_STATUS_PROTOCOL_ERROR},
	    {ERROR_INVALID_LEVEL, NSD_STATUS_PROTOCOL_ERROR},
	    {NERR_ClientNameNotFound, NSD_STATUS_PROTOCOL_ERROR},
	    {0xFFFFFFFFu, NSD_STATUS_PROTOCOL_ERROR},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(nsd_code2status(cases[i].code), cases[i].status);
	assert_string_equal(nsd_status_name(NSD_STATUS_UNKNOWN), "unknown");
	assert_string_equal(nsd_status_name(NSD_STATUS_LOGON_FAILURE), "logonFailure");
	assert_string_equal(nsd_status_name(NSD_STATUS_PROTOCOL_ERROR), "protocolError");
	assert_string_equal(nsd_status_name(0), "invalid");
}

static void test_first_poll(void **state)
{
	struct nsd_pstate st;
	struct nsd_poll_change chg;

	(void)state;
	nsd_pstate_init(&st);
	assert_int_equal(st.status, NSD_STATUS_UNKNOWN);
	nsd_pstate_poll(&st, NERR_Success, 3, &chg);
	assert_true(chg.status_changed);
	assert_true(chg.log);
	assert_int_equal(chg.old_status, NSD_STATUS_UNKNOWN);
	assert_int_equal(st.status, NSD_STATUS_OK);
	assert_int_equal(st.sessions, 3);
	assert_int_equal(st.polls, 1);
	assert_int_equal(st.poll_failures, 0);
	assert_int_equal(st.last_error, 0);

	/* The same again: nothing to say. */
	nsd_pstate_poll(&st, NERR_Success, 5, &chg);
	assert_false(chg.status_changed);
	assert_false(chg.log);
	assert_int_equal(st.sessions, 5);
	assert_int_equal(st.polls, 2);
}

/* A failing server is logged once per change, not at every poll; its
 * session count stays that of the last successful poll. */
static void test_failures(void **state)
{
	struct nsd_pstate st;
	struct nsd_poll_change chg;

	(void)state;
	nsd_pstate_init(&st);
	nsd_pstate_poll(&st, NERR_Success, 4, &chg);
	nsd_pstate_poll(&st, NETSESS_E_CONNECTION_REFUSED, 0, &chg);
	assert_true(chg.status_changed);
	assert_true(chg.log);
	assert_int_equal(chg.old_status, NSD_STATUS_OK);
	assert_int_equal(st.status, NSD_STATUS_UNREACHABLE);
	assert_int_equal(st.last_error, NETSESS_E_CONNECTION_REFUSED);
	assert_int_equal(st.sessions, 4);
	assert_int_equal(st.poll_failures, 1);

	nsd_pstate_poll(&st, NETSESS_E_CONNECTION_REFUSED, 0, &chg);
	assert_false(chg.status_changed);
	assert_false(chg.log);
	assert_int_equal(st.poll_failures, 2);

	/* Another code, same status: logged, no notification. */
	nsd_pstate_poll(&st, NETSESS_E_TIMEOUT, 0, &chg);
	assert_false(chg.status_changed);
	assert_true(chg.log);
	assert_int_equal(st.last_error, NETSESS_E_TIMEOUT);

	nsd_pstate_poll(&st, NERR_Success, 1, &chg);
	assert_true(chg.status_changed);
	assert_true(chg.log);
	assert_int_equal(st.last_error, 0);
	assert_int_equal(st.polls, 5);
	assert_int_equal(st.poll_failures, 3);
}

static void test_first_poll_fails(void **state)
{
	struct nsd_pstate st;
	struct nsd_poll_change chg;

	(void)state;
	nsd_pstate_init(&st);
	nsd_pstate_poll(&st, NETSESS_E_LOGON_FAILURE, 0, &chg);
	assert_true(chg.status_changed);
	assert_true(chg.log);
	assert_int_equal(st.status, NSD_STATUS_LOGON_FAILURE);
	assert_int_equal(st.last_error, NETSESS_E_LOGON_FAILURE);
	assert_int_equal(st.sessions, 0);
}

/* A delete's status stays in the last error while polls keep working. */
static void test_delete_results(void **state)
{
	struct nsd_pstate st;
	struct nsd_poll_change chg;

	(void)state;
	nsd_pstate_init(&st);
	nsd_pstate_poll(&st, NERR_Success, 2, &chg);
	nsd_pstate_delete(&st, NERR_Success);
	assert_int_equal(st.deletes, 1);
	assert_int_equal(st.delete_failures, 0);
	assert_int_equal(st.last_error, 0);

	nsd_pstate_delete(&st, NERR_ClientNameNotFound);
	assert_int_equal(st.deletes, 1);
	assert_int_equal(st.delete_failures, 1);
	assert_int_equal(st.last_error, NERR_ClientNameNotFound);
	nsd_pstate_poll(&st, NERR_Success, 1, &chg);
	assert_int_equal(st.last_error, NERR_ClientNameNotFound);

	/* The delete-timeout passes with the call under way: nothing is
	 * counted until its outcome is known, then it is counted once, by that
	 * outcome (smbServerDeletes counts calls that returned NERR_Success). */
	nsd_pstate_delete_timeout(&st);
	assert_int_equal(st.deletes, 1);
	assert_int_equal(st.delete_failures, 1);
	assert_int_equal(st.last_error, NETSESS_E_TIMEOUT);
	nsd_pstate_delete(&st, NERR_Success);
	assert_int_equal(st.deletes, 2);
	assert_int_equal(st.delete_failures, 1);
	assert_int_equal(st.last_error, 0);
	nsd_pstate_delete_timeout(&st);
	nsd_pstate_delete(&st, NETSESS_E_TIMEOUT);
	assert_int_equal(st.deletes, 2);
	assert_int_equal(st.delete_failures, 2);
	assert_int_equal(st.last_error, NETSESS_E_TIMEOUT);

	/* What a result says about the sessions: a failure before the
	 * request could reach the server ended nothing; no valid answer to a
	 * request that may have reached it leaves them unknown. */
	assert_int_equal(nsd_pstate_delete_effect(NERR_Success), NSD_DEL_ENDED);
	assert_int_equal(nsd_pstate_delete_effect(NERR_ClientNameNotFound), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(ERROR_ACCESS_DENIED), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(ERROR_INVALID_PARAMETER), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_LOGON_FAILURE), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_CONNECTION_REFUSED), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_PIPE_UNAVAILABLE), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_RPC_FAULT), NSD_DEL_NONE);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_TIMEOUT), NSD_DEL_UNKNOWN);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_TRANSPORT), NSD_DEL_UNKNOWN);
	assert_int_equal(nsd_pstate_delete_effect(NETSESS_E_PROTOCOL), NSD_DEL_UNKNOWN);

	assert_true(nsd_pstate_delete_ok(NERR_Success));
	assert_true(nsd_pstate_delete_ok(NERR_ClientNameNotFound));
	assert_false(nsd_pstate_delete_ok(ERROR_ACCESS_DENIED));
	assert_false(nsd_pstate_delete_ok(NETSESS_E_TIMEOUT));
	assert_false(nsd_pstate_delete_ok(NERR_UserNotFound));
}

/* A delete the timeout took back before it was sent: nothing is counted,
 * but the last error tells why the SET failed, and a poll that
 * keeps working leaves it there. */
static void test_delete_unsent(void **state)
{
	struct nsd_pstate st;
	struct nsd_poll_change chg;

	(void)state;
	nsd_pstate_init(&st);
	nsd_pstate_poll(&st, NERR_Success, 2, &chg);
	nsd_pstate_delete(&st, NERR_Success);
	assert_int_equal(st.last_error, 0);
	nsd_pstate_delete_unsent(&st);
	assert_int_equal(st.last_error, NETSESS_E_TIMEOUT);
	assert_int_equal(st.deletes, 1);
	assert_int_equal(st.delete_failures, 0);
	nsd_pstate_poll(&st, NERR_Success, 2, &chg);
	assert_int_equal(st.last_error, NETSESS_E_TIMEOUT);
	assert_int_equal(st.status, NSD_STATUS_OK);
}

/* Counter32 wraps modulo 2^32 (RFC 2578 7.1.6). */
static void test_counter_wrap(void **state)
{
	struct nsd_pstate st;
	struct nsd_poll_change chg;

	(void)state;
	nsd_pstate_init(&st);
	st.polls = UINT32_MAX;
	st.poll_failures = UINT32_MAX;
	st.deletes = UINT32_MAX;
	nsd_pstate_poll(&st, NETSESS_E_TIMEOUT, 0, &chg);
	nsd_pstate_delete(&st, NERR_Success);
	assert_int_equal(st.polls, 0);
	assert_int_equal(st.poll_failures, 0);
	assert_int_equal(st.deletes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_status_mapping), cmocka_unit_test(test_first_poll),
	    cmocka_unit_test(test_failures),       cmocka_unit_test(test_first_poll_fails),
	    cmocka_unit_test(test_delete_results), cmocka_unit_test(test_delete_unsent),
	    cmocka_unit_test(test_counter_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
