/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log_test.c - names as the log shows them (agent/core/log.c,
 * nsd_log_quote): no name can pass for another, nor for an unspecified one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
	assert_string_equal(q("a\tb\nc\r\x1b\x7f"), "\"a\\x09b\\x0Ac\\x0D\\x1B\\x7F\"");
	/* UTF-8 stays; what is not UTF-8 is shown octet by octet. */
	assert_string_equal(q("Fran\xc3\xa7ois"), "\"Fran\xc3\xa7ois\"");
	assert_string_equal(q("\xff\xfe\x80"), "\"\\xFF\\xFE\\x80\"");
	assert_string_equal(q("a\xc3"), "\"a\\xC3\"");
	assert_string_equal(q("\xed\xa0\x80"), "\"\\xED\\xA0\\x80\"");
	/* C1 controls (U+0080..U+009F) are controls too. */
	assert_string_equal(q("\xc2\x85x"), "\"\\xC2\\x85x\"");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_quote_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
