/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log_test.c - texts from elsewhere made safe for a log line
 * (nsd_log_text, agent/core/log.c): control octets escaped, the length
 * bounded, a cut never in the middle of a UTF-8 character or an escape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_log_text(void **state)
{
	static const struct {
		const char *in;
		size_t cap;
		const char *out;
	} cases[] = {
	    {NULL, 16, ""},
	    {"", 16, ""},
	    {"Clock skew too great", 64, "Clock skew too great"},
	    {"NETSESS\\svc-netsess", 64, "NETSESS\\svc-netsess"},
	    {"a\nb", 64, "a\\x0ab"},
	    {"\r\n\t\x1b[31m\x7f", 64, "\\x0d\\x0a\\x09\\x1b[31m\\x7f"},
	    {"\xc3\xa9t\xc3\xa9", 64, "\xc3\xa9t\xc3\xa9"}, /* UTF-8 kept */
	    /* Exactly fits: cap 6 holds 5 octets. */
	    {"abcde", 6, "abcde"},
	    /* One more: cut, with the dots. */
	    {"abcdef", 6, "ab..."},
	    /* An escape is never cut in half. */
	    {"ab\ncdef", 9, "ab..."},
	    {"ab\ncdef", 10, "ab\\x0a..."},
	    /* Nor a UTF-8 character: "é" is two octets. */
	    {"a\xc3\xa9zzzz", 6, "a..."},
	    {"ab\xc3\xa9zzzz", 8, "ab\xc3\xa9..."},
	    {"ab\xc3\xa9zzzz", 7, "ab..."},
	    /* Caps smaller than the dots. */
	    {"abcdef", 4, "..."},
	    {"abcdef", 3, ".."},
	    {"abcdef", 1, ""},
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		const char *got = nsd_log_text(cases[i].in, buf, cases[i].cap);

		assert_ptr_equal(got, buf);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: \"%s\", not \"%s\"", i, got, cases[i].out);
		assert_true(strlen(got) < cases[i].cap);
	}
	assert_string_equal(nsd_log_text("x", buf, 0), "");
}

/* A long text from a hostile server: bounded by the buffer, whatever it
 * holds. */
static void test_log_text_bound(void **state)
{
	char in[4096], buf[NSD_LOG_TEXT_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in) - 1; i++)
		in[i] = (char)(1 + i % 255);
	in[sizeof(in) - 1] = '\0';
	nsd_log_text(in, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
	assert_string_equal(buf + strlen(buf) - 3, "...");
	for (i = 0; buf[i] != '\0'; i++)
		assert_false((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_log_text),
	    cmocka_unit_test(test_log_text_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
