/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * answer_test.c - the answer of a SET PDU from the outcomes of its deletes
 * (agent/mib/answer.c): never less effect than happened (RFC 3416 4.2.5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mib/answer.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static enum nsd_answer_outcome out(enum nsd_del_how how, netsess_status_t code)
{
	const struct nsd_del_outcome o = {how, code};

	return nsd_answer_outcome(&o);
}

/* What a delete's report means. */
static void test_outcome(void **state)
{
	(void)state;
	assert_int_equal(out(NSD_DEL_DONE, NERR_Success), NSD_OUT_ENDED);
	assert_int_equal(out(NSD_DEL_DONE, NERR_ClientNameNotFound), NSD_OUT_NOTHING);
	assert_int_equal(out(NSD_DEL_DONE, ERROR_ACCESS_DENIED), NSD_OUT_FAILED);
	assert_int_equal(out(NSD_DEL_DONE, NERR_UserNotFound), NSD_OUT_FAILED);
	assert_int_equal(out(NSD_DEL_DONE, NETSESS_E_LOGON_FAILURE), NSD_OUT_FAILED);
	assert_int_equal(out(NSD_DEL_DONE, NETSESS_E_CONNECTION_REFUSED), NSD_OUT_FAILED);
	/* Sent, and no valid answer: it may have ended sessions. */
	assert_int_equal(out(NSD_DEL_DONE, NETSESS_E_TIMEOUT), NSD_OUT_UNKNOWN);
	assert_int_equal(out(NSD_DEL_DONE, NETSESS_E_TRANSPORT), NSD_OUT_UNKNOWN);
	assert_int_equal(out(NSD_DEL_DONE, NETSESS_E_PROTOCOL), NSD_OUT_UNKNOWN);
	assert_int_equal(out(NSD_DEL_NOT_SENT, NETSESS_E_TIMEOUT), NSD_OUT_FAILED);
	assert_int_equal(out(NSD_DEL_PENDING, NETSESS_E_TIMEOUT), NSD_OUT_UNKNOWN);

	assert_false(nsd_answer_failed(NSD_OUT_ENDED));
	assert_false(nsd_answer_failed(NSD_OUT_NOTHING));
	assert_false(nsd_answer_failed(NSD_OUT_STARTED));
	assert_true(nsd_answer_failed(NSD_OUT_FAILED));
	assert_true(nsd_answer_failed(NSD_OUT_UNKNOWN));
}

static void test_status(void **state)
{
	static const enum nsd_answer_outcome ended[] = {NSD_OUT_ENDED},
	                                     nothing[] = {NSD_OUT_NOTHING},
	                                     all_ok[] = {NSD_OUT_ENDED, NSD_OUT_NOTHING,
	                                                 NSD_OUT_STARTED},
	                                     failed[] = {NSD_OUT_FAILED},
	                                     two_failed[] = {NSD_OUT_FAILED, NSD_OUT_FAILED},
	                                     /* the case: one ended, one failed */
	    partial[] = {NSD_OUT_ENDED, NSD_OUT_FAILED},
	                                     partial_rev[] = {NSD_OUT_FAILED, NSD_OUT_ENDED},
	                                     unknown[] = {NSD_OUT_UNKNOWN},
	                                     unknown_failed[] = {NSD_OUT_FAILED, NSD_OUT_UNKNOWN},
	                                     nothing_failed[] = {NSD_OUT_NOTHING, NSD_OUT_FAILED},
	                                     async_failed[] = {NSD_OUT_STARTED, NSD_OUT_FAILED},
	                                     async[] = {NSD_OUT_STARTED};

	(void)state;
	assert_int_equal(nsd_answer_status(ended, N(ended)), NSD_ERR_NOERROR);
	assert_int_equal(nsd_answer_status(nothing, N(nothing)), NSD_ERR_NOERROR);
	assert_int_equal(nsd_answer_status(all_ok, N(all_ok)), NSD_ERR_NOERROR);
	assert_int_equal(nsd_answer_status(async, N(async)), NSD_ERR_NOERROR);
	/* Nothing took effect: commitFailed. */
	assert_int_equal(nsd_answer_status(failed, N(failed)), NSD_ERR_COMMITFAILED);
	assert_int_equal(nsd_answer_status(two_failed, N(two_failed)), NSD_ERR_COMMITFAILED);
	/* "No such session" ended nothing either. */
	assert_int_equal(nsd_answer_status(nothing_failed, N(nothing_failed)),
	                 NSD_ERR_COMMITFAILED);
	/* Something took effect, or may have: undoFailed. */
	assert_int_equal(nsd_answer_status(partial, N(partial)), NSD_ERR_UNDOFAILED);
	assert_int_equal(nsd_answer_status(partial_rev, N(partial_rev)), NSD_ERR_UNDOFAILED);
	assert_int_equal(nsd_answer_status(unknown, N(unknown)), NSD_ERR_UNDOFAILED);
	assert_int_equal(nsd_answer_status(unknown_failed, N(unknown_failed)), NSD_ERR_UNDOFAILED);
	assert_int_equal(nsd_answer_status(async_failed, N(async_failed)), NSD_ERR_UNDOFAILED);
	assert_int_equal(nsd_answer_status(NULL, 0), NSD_ERR_NOERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_outcome),
	    cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
