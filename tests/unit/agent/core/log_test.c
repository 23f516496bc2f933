/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log_test.c - the log's words for names and texts (agent/core/log.c):
 * nsd_log_quote, so that no name can pass for another nor for an
 * unspecified one; nsd_log_text, texts from elsewhere with control octets
 * escaped, the length bounded, a cut never in the middle of a UTF-8
 * character or an escape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/log.h"

static const char *q(const char *name)
{
	static char buf[NSD_LOG_QUOTED_MAX];

	return nsd_log_quote(name, buf, sizeof(buf));
}

static void test_quote(void **state)
{
	(void)state;
	assert_string_equal(q(NULL), "any");
	assert_string_equal(q("*"), "\"*\"");
	assert_string_equal(q("any"), "\"any\"");
	assert_string_equal(q(""), "\"\"");
	assert_string_equal(q("10.0.0.5"), "\"10.0.0.5\"");
	assert_string_equal(q("a\"b"), "\"a\\\"b\"");
	assert_string_equal(q("a\\b"), "\"a\\\\b\"");
	assert_string_equal(q("\\\\fs1"), "\"\\\\\\\\fs1\"");
	assert_string_equal(q("a\tb\nc\r\x1b\x7f"), "\"a\\x09b\\x0ac\\x0d\\x1b\\x7f\"");
	/* UTF-8 stays; what is not UTF-8 is shown octet by octet. */
	assert_string_equal(q("Fran\xc3\xa7ois"), "\"Fran\xc3\xa7ois\"");
	assert_string_equal(q("\xff\xfe\x80"), "\"\\xff\\xfe\\x80\"");
	assert_string_equal(q("a\xc3"), "\"a\\xc3\"");
	assert_string_equal(q("\xed\xa0\x80"), "\"\\xed\\xa0\\x80\"");
	/* C1 controls (U+0080..U+009F) are controls too. */
	assert_string_equal(q("\xc2\x85x"), "\"\\xc2\\x85x\"");
	assert_string_equal(q("\xc2\xa0"), "\"\xc2\xa0\"");
}

/* 64 octets, each escaped, fit; longer is cut at a whole escape and says
 * so after the quote. */
static void test_quote_long(void **state)
{
	char name[200], want[NSD_LOG_QUOTED_MAX], buf[40];
	size_t i;

	(void)state;
	memset(name, 0x01, 64);
	name[64] = '\0';
	strcpy(want, "\"");
	for (i = 0; i < 64; i++)
		strcat(want, "\\x01");
	strcat(want, "\"");
	assert_string_equal(q(name), want);

	memset(name, 'a', 100);
	name[100] = '\0';
	nsd_log_quote(name, buf, sizeof(buf));
	assert_true(strlen(buf) < sizeof(buf));
	assert_memory_equal(buf, "\"aaaa", 5);
	assert_string_equal(buf + strlen(buf) - 4, "\"...");
	nsd_log_quote("\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01", buf, 16);
	assert_string_equal(buf, "\"\\x01\\x01\"...");
}

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
	    cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_quote_long),
	    cmocka_unit_test(test_log_text),
	    cmocka_unit_test(test_log_text_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
