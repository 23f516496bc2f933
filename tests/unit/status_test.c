/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * status_test.c - every code of netsess.h has its Windows name and a
 * one-line description; unknown codes say so; is_local sorts them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "netsess.h"

#include <string.h>

struct expect {
	netsess_status_t code;
	const char *name;
	bool local;
};

static const struct expect codes[] = {
    {NERR_Success, "NERR_Success", false},
    {ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", false},
    {ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY", false},
    {ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER", false},
    {ERROR_INVALID_LEVEL, "ERROR_INVALID_LEVEL", false},
    {ERROR_MORE_DATA, "ERROR_MORE_DATA", false},
    {NERR_UserNotFound, "NERR_UserNotFound", false},
    {NERR_ClientNameNotFound, "NERR_ClientNameNotFound", false},
    {NERR_InvalidComputer, "NERR_InvalidComputer", false},
    {NETSESS_E_CONNECTION_REFUSED, "NETSESS_E_CONNECTION_REFUSED", true},
    {NETSESS_E_HOST_NOT_FOUND, "NETSESS_E_HOST_NOT_FOUND", true},
    {NETSESS_E_LOGON_FAILURE, "NETSESS_E_LOGON_FAILURE", true},
    {NETSESS_E_TIMEOUT, "NETSESS_E_TIMEOUT", true},
    {NETSESS_E_PROTOCOL, "NETSESS_E_PROTOCOL", true},
    {NETSESS_E_RPC_FAULT, "NETSESS_E_RPC_FAULT", true},
    {NETSESS_E_BIND_REJECTED, "NETSESS_E_BIND_REJECTED", true},
    {NETSESS_E_TRANSPORT, "NETSESS_E_TRANSPORT", true},
    {NETSESS_E_AUTH_FILE, "NETSESS_E_AUTH_FILE", true},
    {NETSESS_E_PIPE_UNAVAILABLE, "NETSESS_E_PIPE_UNAVAILABLE", true},
    {NETSESS_E_NOT_SUPPORTED, "NETSESS_E_NOT_SUPPORTED", true},
    {NETSESS_E_NTLM_DISABLED, "NETSESS_E_NTLM_DISABLED", true},
};

#define NCODES (sizeof(codes) / sizeof(codes[0]))

static void test_windows_numbers(void **state)
{
	(void)state;
	assert_int_equal(NERR_Success, 0);
	assert_int_equal(ERROR_ACCESS_DENIED, 5);
	assert_int_equal(ERROR_NOT_ENOUGH_MEMORY, 8);
	assert_int_equal(ERROR_INVALID_PARAMETER, 87);
	assert_int_equal(ERROR_INVALID_LEVEL, 124);
	assert_int_equal(ERROR_MORE_DATA, 234);
	assert_int_equal(NERR_UserNotFound, 2221);
	assert_int_equal(NERR_ClientNameNotFound, 2312);
	assert_int_equal(NERR_InvalidComputer, 2351);
}

static void test_every_code_has_name_and_description(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NCODES; i++) {
		const char *d = netsess_status_description(codes[i].code);

		assert_string_equal(netsess_status_name(codes[i].code), codes[i].name);
		assert_non_null(d);
		assert_true(strlen(d) > 10);
		assert_null(strchr(d, '\n'));
	}
}

static void test_descriptions_are_distinct(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < NCODES; i++)
		for (j = i + 1; j < NCODES; j++)
			assert_string_not_equal(netsess_status_description(codes[i].code),
			                        netsess_status_description(codes[j].code));
}

static void test_local_codes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NCODES; i++)
		assert_int_equal(netsess_status_is_local(codes[i].code), codes[i].local);
	assert_false(netsess_status_is_local(NETSESS_E_BASE));
	assert_false(netsess_status_is_local(0x1C010002u));
	assert_false(netsess_status_is_local(0xC0000022u));
}

static void test_unknown_codes(void **state)
{
	netsess_status_t unknown[] = {
	    1, 6, 2222, 0x1C010002u, NETSESS_E_BASE, NETSESS_E_BASE | 99u, 0xFFFFFFFFu};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_string_equal(netsess_status_name(unknown[i]), "UNKNOWN");
		assert_non_null(netsess_status_description(unknown[i]));
	}
}

/* Fault statuses have their C706 / [MS-RPCE] names; unknown ones none. */
static void test_fault_names(void **state)
{
	(void)state;
	assert_string_equal(netsess_fault_name(0x1C010002u), "nca_s_op_rng_error");
	assert_string_equal(netsess_fault_name(0x1C010003u), "nca_s_unk_if");
	assert_string_equal(netsess_fault_name(0x1C01000Bu), "nca_s_proto_error");
	assert_string_equal(netsess_fault_name(0x1C00001Bu), "nca_s_fault_remote_no_memory");
	assert_string_equal(netsess_fault_name(0x000006F7u), "nca_s_fault_ndr");
	assert_string_equal(netsess_fault_name(0x00000005u), "nca_s_fault_access_denied");
	assert_null(netsess_fault_name(0));
	assert_null(netsess_fault_name(0xDEADBEEFu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_windows_numbers),
	    cmocka_unit_test(test_every_code_has_name_and_description),
	    cmocka_unit_test(test_descriptions_are_distinct),
	    cmocka_unit_test(test_local_codes),
	    cmocka_unit_test(test_unknown_codes),
	    cmocka_unit_test(test_fault_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
