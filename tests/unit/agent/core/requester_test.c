/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * requester_test.c - who asked for a delete, in words
 * (agent/core/requester.c): what ends a delete's log lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/requester.h"

static const char *describe(const struct nsd_requester *r)
{
	static char buf[NSD_REQ_DESCRIBE_MAX];

	return nsd_requester_describe(r, buf, sizeof(buf));
}

static void test_models(void **state)
{
	struct nsd_requester r = {false, NSD_REQ_MODEL_USM, "udp:127.0.0.1:4711", "ops"};

	(void)state;
	assert_string_equal(describe(&r), "udp:127.0.0.1:4711 usm user=\"ops\"");
	r.model = NSD_REQ_MODEL_TSM;
	assert_string_equal(describe(&r), "udp:127.0.0.1:4711 tsm user=\"ops\"");
	/* SNMPv1 and v2c: no name (the community is never there). */
	r = (struct nsd_requester){false, NSD_REQ_MODEL_V2C, "udp6:[::1]:50000", ""};
	assert_string_equal(describe(&r), "udp6:[::1]:50000 v2c");
	r.model = NSD_REQ_MODEL_V1;
	assert_string_equal(describe(&r), "udp6:[::1]:50000 v1");
	r.model = 7;
	assert_string_equal(describe(&r), "udp6:[::1]:50000 model 7");
	/* Through an AgentX master nothing else is known. */
	r = (struct nsd_requester){true, 0, "", ""};
	assert_string_equal(describe(&r), "agentx");
	r = (struct nsd_requester){false, NSD_REQ_MODEL_V2C, "", ""};
	assert_string_equal(describe(&r), "(address unknown) v2c");
}

/* A user name is quoted, its quotes and backslashes escaped, its control
 * octets made '?': a name cannot forge the rest of a line. */
static void test_quoting(void **state)
{
	struct nsd_requester r = {false, NSD_REQ_MODEL_USM, "tcp:10.0.0.1:1", "a\"b\\c\nd"};

	(void)state;
	assert_string_equal(describe(&r), "tcp:10.0.0.1:1 usm user=\"a\\\"b\\\\c?d\"");
	strcpy(r.address, "Local IPC: /x\ty");
	r.name[0] = '\0';
	assert_string_equal(describe(&r), "Local IPC: /x?y usm");
}

/* Cut to the buffer, always terminated; the longest fits the bound. */
static void test_bounds(void **state)
{
	struct nsd_requester r = {false, NSD_REQ_MODEL_USM, "", ""};
	char small[12], buf[NSD_REQ_DESCRIBE_MAX];
	size_t i;

	(void)state;
	memset(r.address, 'a', NSD_REQ_ADDRESS_MAX);
	memset(r.name, '"', NSD_REQ_NAME_MAX);
	assert_int_equal(strlen(nsd_requester_describe(&r, buf, sizeof(buf))),
	                 NSD_REQ_ADDRESS_MAX + strlen(" usm user=") + 2 + 2 * NSD_REQ_NAME_MAX);
	for (i = 1; i <= sizeof(small); i++) {
		memset(small, 'x', sizeof(small));
		nsd_requester_describe(&r, small, i);
		assert_true(strlen(small) < i);
	}
	assert_string_equal(nsd_requester_describe(&r, small, 0), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_models),
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
