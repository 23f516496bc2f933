/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_help_test.c - netsess --help and --version: each command's help
 * names that command's usage, its options and its exit status, the main
 * help lists every command, and every line fits a terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"

#include "cli/args.h"
#include "cli/help.h"

static char *help_of(enum cli_command cmd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	cli_help_print(f, cmd);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void assert_has(const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL)
		fail_msg("help lacks '%s':\n%s", needle, text);
}

/* No line wider than 80 columns (the help is ASCII), none with trailing
 * blanks. */
static void assert_lines_fit(const char *text)
{
	const char *line = text;

	while (*line != '\0') {
		size_t n = strcspn(line, "\n");

		if (n > 80)
			fail_msg("help line of %zu columns: %.*s", n, (int)n, line);
		if (n > 0 && line[n - 1] == ' ')
			fail_msg("trailing blank: %.*s", (int)n, line);
		line += n + (line[n] == '\n');
	}
}

/* The options every command that connects takes. */
static void assert_connection_options(const char *text)
{
	static const char *const opts[] = {"-U USER[%PASSWORD]", "-W DOMAIN",  "-A FILE",
	                                   "-k, --kerberos",     "-p, --port", "-t, --timeout SECS",
	                                   "--signing",          "--encrypt"};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		assert_has(text, opts[i]);
	assert_has(text, "$PASSWD");
}

static void test_main_help(void **state)
{
	char *h = help_of(CLI_CMD_NONE);

	(void)state;
	assert_true(strncmp(h, "Usage: netsess [options] COMMAND", 32) == 0);
	assert_has(h, "  del   [\\\\ServerName] [\\\\ClientName] [UserName]");
	assert_has(h, "  enum  [\\\\ServerName]");
	assert_has(h, "  info  \\\\ServerName \\\\ClientName UserName");
	assert_has(h, "  check [\\\\ServerName] [-w RANGE] [-c RANGE]");
	assert_has(h, "  help  [COMMAND]");
	assert_has(h, "Names:");
	assert_has(h, "-V, --version");
	assert_has(h, "Exit status: 0 success, 1 the call failed");
	assert_has(h, "2 usage error");
	assert_has(h, "0 OK, 1 WARNING, 2 CRITICAL or 3 UNKNOWN");
	assert_connection_options(h);
	assert_lines_fit(h);
	free(h);
}

static void test_del_help(void **state)
{
	char *h = help_of(CLI_CMD_DEL);

	(void)state;
	assert_true(strncmp(h, "Usage: netsess [options] del [\\\\ServerName]", 43) == 0);
	assert_has(h, "[--client NAME] [--user NAME]");
	/* the rule an administrator must know before ending sessions */
	assert_has(h, "One of the\ntwo is required");
	assert_has(h, "usage error (exit status 2) and nothing is sent");
	assert_has(h, "netsess del '\\\\srv' bob");
	assert_has(h, "Names:");
	assert_connection_options(h);
	assert_has(h, "Exit status: 0 success");
	assert_lines_fit(h);
	free(h);
}

static void test_enum_help(void **state)
{
	char *h = help_of(CLI_CMD_ENUM);

	(void)state;
	assert_true(strncmp(h, "Usage: netsess [options] enum [\\\\ServerName]", 44) == 0);
	assert_has(h, "--level N");
	assert_has(h, "--json[=v1]");
	assert_has(h, "--json=v2");
	assert_has(h, "server, timestamp (UTC, ISO 8601)");
	assert_has(h, "[] or \"sessions\": []");
	assert_has(h, "--client NAME");
	assert_has(h, "--user NAME");
	assert_connection_options(h);
	assert_has(h, "Exit status: 0 success");
	assert_lines_fit(h);
	free(h);
}

static void test_info_help(void **state)
{
	char *h = help_of(CLI_CMD_INFO);

	(void)state;
	assert_true(strncmp(h, "Usage: netsess [options] info \\\\ServerName", 42) == 0);
	assert_has(h, "Both names are required");
	assert_has(h, "--json[=v1|v2]");
	assert_has(h, "Names:");
	assert_connection_options(h);
	assert_lines_fit(h);
	free(h);
}

static void test_check_help(void **state)
{
	char *h = help_of(CLI_CMD_CHECK);

	(void)state;
	assert_true(strncmp(h, "Usage: netsess [options] check [\\\\ServerName]", 45) == 0);
	assert_has(h, "-w, --warning RANGE");
	assert_has(h, "-c, --critical RANGE");
	assert_has(h, "--max-idle SECONDS");
	assert_has(h, "SMB SESSIONS OK - 12 sessions on fs1 | sessions=12;20;50;0");
	assert_has(h, "@N:M");
	assert_has(h, "idle_sessions");
	assert_has(h, "0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
	assert_connection_options(h);
	assert_lines_fit(h);
	free(h);
}

static void test_version(void **state)
{
	char *buf = NULL, want[128];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	cli_version_print(f);
	assert_int_equal(fclose(f), 0);
	snprintf(want, sizeof(want), "netsess (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	assert_string_equal(buf, want);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_main_help),  cmocka_unit_test(test_del_help),
	    cmocka_unit_test(test_enum_help),  cmocka_unit_test(test_info_help),
	    cmocka_unit_test(test_check_help), cmocka_unit_test(test_version),
	};

	return cmocka_run_group_tests_name("cli_help", tests, NULL, NULL);
}
