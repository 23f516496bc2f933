/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cli_args_test.c - the netsess command line: argument parsing (the name
 * rule of src/cli/args.h), the password's source, the table, the JSON
 * (parsed back with json-c), and the status messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <json.h>

#include "netsess.h"
#include "cli/args.h"
#include "cli/output.h"
#include "cli/password.h"
#include "cli/utf8.h"

/* ---- helpers ---------------------------------------------------------- */

#define ARGV_MAX 32

/* A writable argv, as main() gets it: one buffer per word. */
struct test_argv {
	int argc;
	char *argv[ARGV_MAX + 1];
	size_t len[ARGV_MAX]; /* strlen of each word before parsing */
};

static void argv_build(struct test_argv *t, const char *const *words)
{
	memset(t, 0, sizeof(*t));
	t->argv[t->argc++] = strdup("netsess");
	for (; *words != NULL; words++) {
		assert_true(t->argc < ARGV_MAX);
		t->len[t->argc] = strlen(*words);
		t->argv[t->argc] = strdup(*words);
		assert_non_null(t->argv[t->argc]);
		t->argc++;
	}
	t->argv[t->argc] = NULL;
}

static void argv_free(struct test_argv *t)
{
	int i;

	for (i = 0; i < t->argc; i++)
		free(t->argv[i]);
}

/* Parses words; returns the parser's result, *a and err filled. */
static int parse(struct test_argv *t, struct cli_args *a, char err[CLI_ERR_LEN],
                 const char *const *words)
{
	argv_build(t, words);
	return cli_args_parse(t->argc, t->argv, a, err);
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Expects success; the struct is left for the caller to inspect. */
#define PARSE_OK(t, a, ...)                                                                        \
	do {                                                                                       \
		char err_[CLI_ERR_LEN];                                                            \
		int rc_ = parse((t), (a), err_, WORDS(__VA_ARGS__));                               \
		if (rc_ != 0)                                                                      \
			fail_msg("unexpected usage error: %s", err_);                              \
	} while (0)

/* Expects a usage error whose message contains needle. */
static void expect_usage(const char *needle, const char *const *words)
{
	struct test_argv t;
	struct cli_args a;
	char err[CLI_ERR_LEN];

	assert_int_equal(parse(&t, &a, err, words), -1);
	if (strstr(err, needle) == NULL)
		fail_msg("error '%s' does not mention '%s'", err, needle);
	cli_args_free(&a);
	argv_free(&t);
}

#define EXPECT_USAGE(needle, ...) expect_usage((needle), WORDS(__VA_ARGS__))

/* Everything written to a memory stream, NUL-terminated; caller frees. */
struct memout {
	FILE *f;
	char *buf;
	size_t len;
};

static void memout_open(struct memout *m)
{
	memset(m, 0, sizeof(*m));
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static char *memout_close(struct memout *m)
{
	assert_int_equal(fclose(m->f), 0);
	return m->buf;
}

/* ---- the name rule ----------------------------------------------------- */

static void test_del_server_client_user(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "del", "\\\\srv", "\\\\10.0.0.5", "bob");
	assert_int_equal(a.cmd, CLI_CMD_DEL);
	assert_string_equal(a.server, "\\\\srv");
	assert_string_equal(a.client, "\\\\10.0.0.5");
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);
}

static void test_del_server_user(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "del", "\\\\srv", "bob");
	assert_string_equal(a.server, "\\\\srv");
	assert_null(a.client);
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);
}

static void test_del_server_client(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "del", "\\\\srv", "\\\\10.0.0.5");
	assert_string_equal(a.server, "\\\\srv");
	assert_string_equal(a.client, "\\\\10.0.0.5");
	assert_null(a.user);
	cli_args_free(&a);
	argv_free(&t);
}

static void test_del_user_only(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "del", "bob");
	assert_null(a.server);
	assert_null(a.client);
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);
}

/* A lone computer name is the server, never the client: so del has no
 * name to end sessions by, a usage error. */
static void test_del_server_only(void **state)
{
	(void)state;
	EXPECT_USAGE("del needs a client name or a user name", "del", "\\\\10.0.0.5");
}

static void test_del_empty_holds_slot(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "del", "", "\\\\10.0.0.5");
	assert_null(a.server);
	assert_string_equal(a.client, "\\\\10.0.0.5");
	assert_null(a.user);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "del", "", "", "bob");
	assert_null(a.server);
	assert_null(a.client);
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);
}

static void test_del_options_for_names(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "del", "--client", "10.0.0.5", "\\\\srv", "--user", "bob");
	assert_string_equal(a.server, "\\\\srv");
	assert_string_equal(a.client, "10.0.0.5");
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);

	/* An empty --client is "unspecified", like NULL. */
	PARSE_OK(&t, &a, "del", "\\\\srv", "--client", "", "--user", "bob");
	assert_null(a.client);
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);
}

/* What a call cannot do without is a usage error, found before anything
 * is asked for or sent: del with neither name would end every session. */
static void test_required_names(void **state)
{
	(void)state;
	EXPECT_USAGE("del needs a client name or a user name", "del");
	EXPECT_USAGE("del needs a client name or a user name", "del", "\\\\srv");
	EXPECT_USAGE("del needs a client name or a user name", "del", "\\\\srv", "");
	EXPECT_USAGE("del needs a client name or a user name", "del", "", "");
	EXPECT_USAGE("del needs a client name or a user name", "del", "\\\\srv", "--client", "",
	             "--user", "");
	EXPECT_USAGE("info needs both a client name and a user name", "info");
	EXPECT_USAGE("info needs both a client name and a user name", "info", "\\\\srv",
	             "\\\\10.0.0.5");
	EXPECT_USAGE("info needs both a client name and a user name", "info", "\\\\srv", "bob");
	EXPECT_USAGE("info needs both a client name and a user name", "info", "\\\\srv", "", "bob");
	EXPECT_USAGE("info needs both a client name and a user name", "info", "\\\\srv", "--user",
	             "bob");
}

/* "\\\\" alone names no computer: refused wherever a computer name goes. */
static void test_backslashes_alone(void **state)
{
	(void)state;
	EXPECT_USAGE("'\\\\' names no server", "enum", "\\\\");
	EXPECT_USAGE("'\\\\' names no server", "check", "\\\\");
	EXPECT_USAGE("'\\\\' names no server", "del", "\\\\", "bob");
	EXPECT_USAGE("'\\\\' names no server", "info", "\\\\", "\\\\c", "bob");
	EXPECT_USAGE("'\\\\' names no client", "del", "\\\\srv", "\\\\");
	EXPECT_USAGE("'\\\\' names no client", "del", "--client", "\\\\", "bob");
	EXPECT_USAGE("'\\\\' names no client", "enum", "srv", "--client", "\\\\");
}

/* One leading backslash: the shell ate the other (netsess del \\srv
 * unquoted).  Refused with the fix, never taken as a user name. */
static void test_one_backslash(void **state)
{
	(void)state;
	EXPECT_USAGE("'\\fs1' starts with one backslash: the shell removed the other "
	             "(write '\\\\fs1' in single quotes, or \\\\\\\\fs1)",
	             "del", "\\fs1", "bob");
	EXPECT_USAGE("'\\10.0.0.5' starts with one backslash", "del", "\\\\fs1", "\\10.0.0.5");
	EXPECT_USAGE("'\\10.0.0.5' starts with one backslash", "del", "\\\\fs1", "bob",
	             "\\10.0.0.5");
	EXPECT_USAGE("'\\fs1' starts with one backslash", "enum", "\\fs1");
	EXPECT_USAGE("'\\fs1' starts with one backslash", "check", "\\fs1");
	EXPECT_USAGE("'\\c' starts with one backslash", "enum", "--client", "\\c");
}

static void test_short_timeout(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "check", "-t", "30");
	assert_int_equal(a.timeout_ms, 30000);
	cli_args_free(&a);
	argv_free(&t);
	EXPECT_USAGE("invalid timeout '0'", "enum", "-t", "0");
}

/* A usage error still tells which command was meant, wherever the error
 * stands: check answers it as UNKNOWN. */
static void test_usage_error_keeps_command(void **state)
{
	struct test_argv t;
	struct cli_args a;
	char err[CLI_ERR_LEN];

	(void)state;
	assert_int_equal(parse(&t, &a, err, WORDS("-w", "x", "check", "\\\\srv")), -1);
	assert_int_equal(a.cmd, CLI_CMD_CHECK);
	assert_non_null(strstr(err, "invalid -w range 'x'"));
	cli_args_free(&a);
	argv_free(&t);

	assert_int_equal(parse(&t, &a, err, WORDS("--bogus", "-U", "check", "enum")), -1);
	assert_int_equal(a.cmd, CLI_CMD_ENUM); /* "check" was -U's argument */
	assert_non_null(strstr(err, "unknown option '--bogus'"));
	cli_args_free(&a);
	argv_free(&t);

	assert_int_equal(parse(&t, &a, err, WORDS("check", "--level", "1")), -1);
	assert_int_equal(a.cmd, CLI_CMD_CHECK);
	cli_args_free(&a);
	argv_free(&t);

	assert_int_equal(parse(&t, &a, err, WORDS("--timeout", "0", "--", "check")), -1);
	assert_int_equal(a.cmd, CLI_CMD_CHECK);
	assert_non_null(strstr(err, "invalid timeout '0'"));
	cli_args_free(&a);
	argv_free(&t);
}

static void test_check_options(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "check", "\\\\fs1", "-w", "20", "-c", "@10:50", "--user", "bob",
	         "--client", "10.0.0.5", "--max-idle", "3600");
	assert_int_equal(a.cmd, CLI_CMD_CHECK);
	assert_string_equal(a.server, "\\\\fs1");
	assert_true(a.warn_set);
	assert_string_equal(a.warn.text, "20");
	assert_true(a.warn.has_end);
	assert_true(a.crit_set);
	assert_true(a.crit.inside);
	assert_string_equal(a.user, "bob");
	assert_string_equal(a.client, "10.0.0.5");
	assert_true(a.max_idle_set);
	assert_int_equal(a.max_idle, 3600);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "--warning=5:", "--critical", "~:100", "check", "fs1");
	assert_string_equal(a.warn.text, "5:");
	assert_string_equal(a.crit.text, "~:100");
	assert_string_equal(a.server, "fs1");
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "check");
	assert_false(a.warn_set);
	assert_false(a.crit_set);
	assert_false(a.max_idle_set);
	assert_null(a.server);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "check", "--max-idle", "0", "-U", "root%pw");
	assert_true(a.max_idle_set);
	assert_int_equal(a.max_idle, 0);
	cli_args_free(&a);
	argv_free(&t);

	EXPECT_USAGE("check takes only [\\\\ServerName]", "check", "\\\\a", "\\\\b");
	EXPECT_USAGE("-w given twice", "check", "-w", "1", "-w", "2");
	EXPECT_USAGE("-c given twice", "check", "-c", "1", "--critical", "2");
	EXPECT_USAGE("invalid -w range '10:5'", "check", "-w", "10:5");
	EXPECT_USAGE("invalid -c range 'many'", "check", "-c", "many");
	EXPECT_USAGE("invalid --max-idle '-1'", "check", "--max-idle", "-1");
	EXPECT_USAGE("invalid --max-idle '4294967296'", "check", "--max-idle", "4294967296");
	EXPECT_USAGE("option '-w' requires an argument", "check", "-w");
	EXPECT_USAGE("option --level is not valid for check", "check", "--level", "1");
	EXPECT_USAGE("option --json is not valid for check", "check", "--json");
	EXPECT_USAGE("option -w is valid only for check", "enum", "-w", "1");
	EXPECT_USAGE("option -c is valid only for check", "del", "bob", "-c", "1");
	EXPECT_USAGE("option --max-idle is valid only for check", "enum", "--max-idle", "1");
}

static void test_json_option(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "enum", "--json");
	assert_int_equal(a.json, CLI_JSON_ARRAY);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "enum", "--json=v1");
	assert_int_equal(a.json, CLI_JSON_ARRAY);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "info", "--json=v2", "", "\\\\c", "bob");
	assert_int_equal(a.json, CLI_JSON_OBJECT);
	cli_args_free(&a);
	argv_free(&t);

	/* The version is attached: a following word is the server. */
	PARSE_OK(&t, &a, "enum", "--json", "v2");
	assert_int_equal(a.json, CLI_JSON_ARRAY);
	assert_string_equal(a.server, "v2");
	cli_args_free(&a);
	argv_free(&t);

	EXPECT_USAGE("invalid --json 'v3'", "enum", "--json=v3");
	EXPECT_USAGE("invalid --json ''", "enum", "--json=");
}

static void test_del_name_errors(void **state)
{
	(void)state;
	EXPECT_USAGE("at most two computer names", "del", "\\\\a", "\\\\b", "\\\\c");
	EXPECT_USAGE("after the user name", "del", "\\\\srv", "bob", "\\\\10.0.0.5");
	EXPECT_USAGE("after the user name", "del", "bob", "alice");
	EXPECT_USAGE("client name given twice", "del", "\\\\s", "\\\\c", "--client", "x");
	EXPECT_USAGE("client name given twice", "del", "--client", "x", "\\\\s", "\\\\c");
	EXPECT_USAGE("client name given twice", "del", "\\\\s", "", "--client", "x");
	EXPECT_USAGE("user name given twice", "del", "--user", "x", "bob");
	EXPECT_USAGE("user name given twice", "del", "bob", "--user", "x");
	EXPECT_USAGE("--client given twice", "del", "--client", "a", "--client", "b");
	EXPECT_USAGE("--user given twice", "del", "--user", "a", "--user", "b");
	EXPECT_USAGE("--level is not valid for del", "del", "bob", "--level", "1");
	/* A server name without its backslashes reads as a user name: the
	 * message says how to write it. */
	EXPECT_USAGE("unexpected 'bob' after the user name 'fs1' (a computer name starts with "
	             "\\\\: '\\\\fs1')",
	             "del", "fs1", "bob");
	EXPECT_USAGE("--json is not valid for del", "del", "bob", "--json");
}

static void test_info_names(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "info", "\\\\srv", "\\\\10.0.0.5", "bob", "--level", "2", "--json");
	assert_int_equal(a.cmd, CLI_CMD_INFO);
	assert_string_equal(a.server, "\\\\srv");
	assert_string_equal(a.client, "\\\\10.0.0.5");
	assert_string_equal(a.user, "bob");
	assert_int_equal(a.level, 2);
	assert_true(a.json);
	cli_args_free(&a);
	argv_free(&t);
}

static void test_enum_words(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "enum");
	assert_int_equal(a.cmd, CLI_CMD_ENUM);
	assert_null(a.server);
	assert_int_equal(a.level, 1); /* the default */
	assert_false(a.json);
	cli_args_free(&a);
	argv_free(&t);

	/* enum's one word is the server, backslashes or not. */
	PARSE_OK(&t, &a, "enum", "fileserver", "--client", "\\\\10.0.0.5", "--user", "bob");
	assert_string_equal(a.server, "fileserver");
	assert_string_equal(a.client, "\\\\10.0.0.5");
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);

	EXPECT_USAGE("enum takes only", "enum", "\\\\srv", "\\\\10.0.0.5");
}

static void test_levels(void **state)
{
	static const char *const good[] = {"0", "1", "2", "10", "502"};
	static const uint32_t val[] = {0, 1, 2, 10, 502};
	struct test_argv t;
	struct cli_args a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		PARSE_OK(&t, &a, "enum", "--level", good[i]);
		assert_int_equal(a.level, val[i]);
		cli_args_free(&a);
		argv_free(&t);
	}
	PARSE_OK(&t, &a, "enum", "--level=502");
	assert_int_equal(a.level, 502);
	cli_args_free(&a);
	argv_free(&t);

	EXPECT_USAGE("invalid level '3'", "enum", "--level", "3");
	EXPECT_USAGE("invalid level '501'", "enum", "--level", "501");
	EXPECT_USAGE("invalid level '-1'", "enum", "--level", "-1");
	EXPECT_USAGE("invalid level '1x'", "enum", "--level", "1x");
	EXPECT_USAGE("invalid level ''", "enum", "--level", "");
	EXPECT_USAGE("invalid level '4294967298'", "enum", "--level", "4294967298");
	EXPECT_USAGE("option '--level' requires an argument", "enum", "--level");
}

static void test_commands_and_unknown(void **state)
{
	(void)state;
	EXPECT_USAGE("no command given (use del, enum, info or check)", "-U", "root%x");
	EXPECT_USAGE("unknown command 'list'", "list");
	EXPECT_USAGE("unknown option '--bogus'", "enum", "--bogus");
	EXPECT_USAGE("unknown option '-x'", "enum", "-x");
	EXPECT_USAGE("option '-U' requires an argument", "enum", "-U");
	EXPECT_USAGE("unknown command 'x'", "help", "x");
}

static void test_help_and_version(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "--help");
	assert_true(a.help);
	assert_int_equal(a.cmd, CLI_CMD_NONE);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "del", "-h");
	assert_true(a.help);
	assert_int_equal(a.cmd, CLI_CMD_DEL);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "help", "enum");
	assert_true(a.help);
	assert_int_equal(a.cmd, CLI_CMD_ENUM);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "--version");
	assert_true(a.version);
	cli_args_free(&a);
	argv_free(&t);
}

/* ---- connection options ------------------------------------------------ */

static void test_connection_options(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "-W", "DOM", "-A", "/x/auth", "-k", "-p", "4450", "--timeout", "7",
	         "--signing", "required", "--encrypt", "enum");
	assert_string_equal(a.domain, "DOM");
	assert_string_equal(a.auth_file, "/x/auth");
	assert_true(a.kerberos);
	assert_int_equal(a.port, 4450);
	assert_int_equal(a.timeout_ms, 7000);
	assert_int_equal(a.signing, NETSESS_SMB_REQUIRED);
	assert_int_equal(a.encryption, NETSESS_SMB_REQUIRED);
	cli_args_free(&a);
	argv_free(&t);

	/* Defaults. */
	PARSE_OK(&t, &a, "enum");
	assert_int_equal(a.port, 0);
	assert_int_equal(a.timeout_ms, 0);
	assert_int_equal(a.signing, NETSESS_SMB_IF_REQUIRED);
	assert_int_equal(a.encryption, NETSESS_SMB_OFF);
	assert_false(a.kerberos);
	assert_null(a.auth_user);
	assert_null(a.password);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "--signing", "off", "enum");
	assert_int_equal(a.signing, NETSESS_SMB_OFF);
	cli_args_free(&a);
	argv_free(&t);

	PARSE_OK(&t, &a, "--encrypt=if_required", "enum");
	assert_int_equal(a.encryption, NETSESS_SMB_IF_REQUIRED);
	cli_args_free(&a);
	argv_free(&t);

	/* The value must be attached: a following word is not taken. */
	PARSE_OK(&t, &a, "--encrypt", "enum", "off");
	assert_int_equal(a.encryption, NETSESS_SMB_REQUIRED);
	assert_string_equal(a.server, "off");
	cli_args_free(&a);
	argv_free(&t);

	EXPECT_USAGE("invalid port '0'", "-p", "0", "enum");
	EXPECT_USAGE("invalid port '65536'", "-p", "65536", "enum");
	EXPECT_USAGE("invalid port '44x'", "-p", "44x", "enum");
	EXPECT_USAGE("invalid timeout '0'", "--timeout", "0", "enum");
	EXPECT_USAGE("invalid timeout '86401'", "--timeout", "86401", "enum");
	EXPECT_USAGE("invalid --signing 'auto'", "--signing", "auto", "enum");
	EXPECT_USAGE("invalid --encrypt 'yes'", "--encrypt=yes", "enum");
}

/* Options anywhere, "--" ends them, and POSIXLY_CORRECT changes nothing. */
static void test_option_placement(void **state)
{
	struct test_argv t;
	struct cli_args a;

	(void)state;
	PARSE_OK(&t, &a, "enum", "\\\\srv", "-p", "139", "--json");
	assert_string_equal(a.server, "\\\\srv");
	assert_int_equal(a.port, 139);
	assert_true(a.json);
	cli_args_free(&a);
	argv_free(&t);

	setenv("POSIXLY_CORRECT", "1", 1);
	PARSE_OK(&t, &a, "del", "\\\\srv", "-p", "139", "bob");
	unsetenv("POSIXLY_CORRECT");
	assert_int_equal(a.port, 139);
	assert_string_equal(a.user, "bob");
	cli_args_free(&a);
	argv_free(&t);

	/* After "--" a word that looks like an option is a user name. */
	PARSE_OK(&t, &a, "del", "\\\\srv", "--", "-odd-user");
	assert_string_equal(a.user, "-odd-user");
	cli_args_free(&a);
	argv_free(&t);
}

/* The -U password is copied and wiped in argv (NUL bytes, as ps shows). */
static void test_user_password_wiped(void **state)
{
	struct test_argv t;
	struct cli_args a;
	size_t i;

	(void)state;
	PARSE_OK(&t, &a, "-U", "admin%s3cr%et", "enum");
	assert_string_equal(a.auth_user, "admin");
	assert_string_equal(a.password, "s3cr%et");
	assert_string_equal(t.argv[2], "admin%");
	for (i = strlen("admin%"); i < t.len[2]; i++)
		assert_int_equal(t.argv[2][i], '\0');
	cli_args_free(&a);
	assert_null(a.password);
	argv_free(&t);

	/* Attached form: -Uuser%pw */
	PARSE_OK(&t, &a, "enum", "-Uroot%pw");
	assert_string_equal(a.auth_user, "root");
	assert_string_equal(a.password, "pw");
	assert_string_equal(t.argv[2], "-Uroot%");
	assert_int_equal(t.argv[2][8], '\0');
	cli_args_free(&a);
	argv_free(&t);

	/* No % : no password, argv untouched. */
	PARSE_OK(&t, &a, "-U", "root", "enum");
	assert_string_equal(a.auth_user, "root");
	assert_null(a.password);
	assert_string_equal(t.argv[2], "root");
	cli_args_free(&a);
	argv_free(&t);

	/* An empty password is a password. */
	PARSE_OK(&t, &a, "-U", "guest%", "enum");
	assert_string_equal(a.password, "");
	cli_args_free(&a);
	argv_free(&t);

	/* Wiped even when the command line then fails. */
	{
		char err[CLI_ERR_LEN];

		assert_int_equal(parse(&t, &a, err, WORDS("-U", "root%topsecret", "bogus")), -1);
		assert_null(strstr(t.argv[2], "topsecret"));
		assert_null(strstr(err, "topsecret"));
		cli_args_free(&a);
		argv_free(&t);

		/* ... and when the error comes first. */
		assert_int_equal(
		    parse(&t, &a, err, WORDS("--bogus", "-U", "root%topsecret", "enum")), -1);
		assert_string_equal(t.argv[3], "root%");
		assert_null(strstr(err, "topsecret"));
		cli_args_free(&a);
		argv_free(&t);
	}
}

static void test_password_source(void **state)
{
	struct cli_args a;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_int_equal(cli_password_source(&a, NULL), CLI_PW_PROMPT);
	assert_int_equal(cli_password_source(&a, "envpw"), CLI_PW_ENV);
	assert_int_equal(cli_password_source(&a, ""), CLI_PW_ENV);
	a.kerberos = true;
	assert_int_equal(cli_password_source(&a, "envpw"), CLI_PW_NONE);
	a.kerberos = false;
	a.auth_file = "/x";
	assert_int_equal(cli_password_source(&a, NULL), CLI_PW_NONE);
	a.password = (char *)(uintptr_t) "given";
	assert_int_equal(cli_password_source(&a, "envpw"), CLI_PW_ARGUMENT);
}

/* ---- output ------------------------------------------------------------ */

static struct netsess_session two_sessions[] = {
    {.client = (char *)(uintptr_t) "127.0.0.2",
     .user = (char *)(uintptr_t) "alice",
     .opens = 3,
     .time = 3661,
     .idle_time = 59,
     .user_flags = NETSESS_SESS_GUEST | NETSESS_SESS_NOENCRYPTION,
     .client_type = (char *)(uintptr_t) "Windows 10",
     .transport = (char *)(uintptr_t) "\\Device\\NetbiosSmb"},
    {.client = (char *)(uintptr_t) "10.11.12.13",
     .user = (char *)(uintptr_t) "bob",
     .opens = 12,
     .time = 360000,
     .idle_time = 0,
     .user_flags = 0,
     .client_type = NULL,
     .transport = (char *)(uintptr_t) ""},
};

static struct netsess_session_list make_list(uint32_t requested, uint32_t served,
                                             struct netsess_session *items, size_t n)
{
	struct netsess_session_list l;

	memset(&l, 0, sizeof(l));
	l.level_requested = requested;
	l.level_served = served;
	l.total = (uint32_t)n;
	l.count = n;
	l.items = items;
	return l;
}

static char *table_of(const struct netsess_session_list *l)
{
	struct memout m;

	memout_open(&m);
	assert_int_equal(cli_output_table(m.f, l), 0);
	return memout_close(&m);
}

static void test_table_level1(void **state)
{
	struct netsess_session_list l = make_list(1, 1, two_sessions, 2);
	char *out = table_of(&l);

	(void)state;
	assert_string_equal(out, "Client       User   Opens       Time     Idle  Flags\n"
	                         "127.0.0.2    alice      3    1:01:01  0:00:59  guest,noencrypt\n"
	                         "10.11.12.13  bob       12  100:00:00  0:00:00  -\n");
	free(out);
}

static void test_table_columns_per_level(void **state)
{
	struct netsess_session_list l;
	char *out;

	(void)state;
	l = make_list(0, 0, two_sessions, 2);
	out = table_of(&l);
	assert_string_equal(out, "Client\n127.0.0.2\n10.11.12.13\n");
	free(out);

	l = make_list(10, 10, two_sessions, 2);
	out = table_of(&l);
	assert_string_equal(out, "Client       User        Time     Idle\n"
	                         "127.0.0.2    alice    1:01:01  0:00:59\n"
	                         "10.11.12.13  bob    100:00:00  0:00:00\n");
	free(out);

	l = make_list(502, 502, two_sessions, 2);
	out = table_of(&l);
	assert_non_null(strstr(out, "Client       User   Opens       Time     Idle  Flags"
	                            "            Type        Transport\n"));
	assert_non_null(strstr(out, "Windows 10  \\Device\\NetbiosSmb\n"));
	/* NULL client type and empty transport show as "-". */
	assert_non_null(strstr(out, "-                -           -\n"));
	free(out);

	/* Requested 502, served 1: level 1 columns only. */
	l = make_list(502, 1, two_sessions, 2);
	out = table_of(&l);
	assert_null(strstr(out, "Type"));
	assert_null(strstr(out, "Transport"));
	assert_non_null(strstr(out, "Flags"));
	free(out);

	l = make_list(1, 1, NULL, 0);
	out = table_of(&l);
	assert_string_equal(out, "Client  User  Opens  Time  Idle  Flags\n");
	free(out);
}

/* Names cannot drive the terminal: control bytes and bad UTF-8 escaped. */
static void test_table_escapes(void **state)
{
	struct netsess_session s[] = {
	    {.client = (char *)(uintptr_t) "evil\x1b[2J\n",
	     .user = (char *)(uintptr_t) "Zo\xc3\xab"},
	    {.client = (char *)(uintptr_t) "bad\xff", .user = (char *)(uintptr_t) "c1\xc2\x9b"},
	};
	struct netsess_session_list l = make_list(10, 10, s, 2);
	char *out = table_of(&l);

	(void)state;
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, "evil\\x1B[2J\\x0A"));
	assert_non_null(strstr(out, "bad\\xFF"));
	assert_non_null(strstr(out, "c1\\xC2\\x9B"));
	assert_non_null(strstr(out, "Zo\xc3\xab"));
	/* Three lines: the newline in the name did not add one. */
	assert_int_equal(strchr(strchr(strchr(out, '\n') + 1, '\n') + 1, '\n')[1], '\0');
	free(out);
}

static json_object *json_of(const struct netsess_session_list *l)
{
	struct memout m;
	json_object *j;
	char *text;
	size_t len;

	memout_open(&m);
	assert_int_equal(cli_output_json(m.f, l), 0);
	text = memout_close(&m);
	len = strlen(text);
	assert_true(len > 0 && text[len - 1] == '\n');
	j = json_tokener_parse(text);
	if (j == NULL)
		fail_msg("not JSON: %s", text);
	free(text);
	assert_true(json_object_is_type(j, json_type_array));
	return j;
}

/* The object's keys, in order, joined by ",". */
static void keys_of(json_object *obj, char *buf, size_t len)
{
	struct json_object_iterator it = json_object_iter_begin(obj);
	struct json_object_iterator end = json_object_iter_end(obj);
	size_t o = 0;

	buf[0] = '\0';
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it))
		o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? "," : "",
		                      json_object_iter_peek_name(&it));
}

static void test_json_keys_per_level(void **state)
{
	static const struct {
		uint32_t requested, served;
		const char *keys;
	} cases[] = {
	    {0, 0, "client"},
	    {1, 1, "client,user,opens,time,idle_time,user_flags"},
	    {2, 2, "client,user,opens,time,idle_time,user_flags,client_type"},
	    {10, 10, "client,user,time,idle_time"},
	    {502, 502, "client,user,opens,time,idle_time,user_flags,client_type,transport"},
	    {502, 1, "client,user,opens,time,idle_time,user_flags"},
	    {2, 1, "client,user,opens,time,idle_time,user_flags"},
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct netsess_session_list l =
		    make_list(cases[i].requested, cases[i].served, two_sessions, 2);
		json_object *j = json_of(&l);

		assert_int_equal(json_object_array_length(j), 2);
		for (k = 0; k < 2; k++) {
			char keys[256];

			keys_of(json_object_array_get_idx(j, k), keys, sizeof(keys));
			assert_string_equal(keys, cases[i].keys);
		}
		json_object_put(j);
	}
}

static void test_json_values(void **state)
{
	struct netsess_session_list l = make_list(502, 502, two_sessions, 2);
	json_object *j = json_of(&l), *o, *v;

	(void)state;
	o = json_object_array_get_idx(j, 0);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "client")),
	                    "127.0.0.2");
	assert_string_equal(json_object_get_string(json_object_object_get(o, "user")), "alice");
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "opens")), 3);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "time")), 3661);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "idle_time")), 59);
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "user_flags")), 3);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "transport")),
	                    "\\Device\\NetbiosSmb");
	o = json_object_array_get_idx(j, 1);
	/* A NULL string is null; an empty one stays "". */
	assert_true(json_object_object_get_ex(o, "client_type", &v));
	assert_null(v);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "transport")), "");
	assert_int_equal(json_object_get_int64(json_object_object_get(o, "time")), 360000);
	json_object_put(j);

	/* uint32 values above INT32_MAX stay exact. */
	{
		struct netsess_session big = {.client = (char *)(uintptr_t) "x",
		                              .user = (char *)(uintptr_t) "y",
		                              .time = UINT32_MAX,
		                              .user_flags = 0x80000000u};
		struct netsess_session_list lb = make_list(1, 1, &big, 1);

		j = json_of(&lb);
		o = json_object_array_get_idx(j, 0);
		assert_int_equal(json_object_get_int64(json_object_object_get(o, "time")),
		                 (int64_t)UINT32_MAX);
		assert_int_equal(json_object_get_int64(json_object_object_get(o, "user_flags")),
		                 (int64_t)0x80000000u);
		json_object_put(j);
	}
}

/* Odd names survive the round trip exactly; bad UTF-8 becomes U+FFFD. */
static void test_json_odd_names(void **state)
{
	static const char *const names[] = {
	    "quote\"d",           "back\\slash",
	    "new\nline\ttab\rcr", "ctl\x01\x1f\x7f",
	    "slash/and</script>", "Zo\xc3\xab \xe5\x90\x8d\xe5\x89\x8d \xf0\x9f\x98\x80",
	    "\\\\10.0.0.5",       "",
	};
	struct netsess_session s[sizeof(names) / sizeof(names[0])];
	struct netsess_session_list l;
	json_object *j;
	size_t i, n = sizeof(names) / sizeof(names[0]);

	(void)state;
	memset(s, 0, sizeof(s));
	for (i = 0; i < n; i++) {
		s[i].client = (char *)(uintptr_t)names[i];
		s[i].user = (char *)(uintptr_t)names[n - 1 - i];
	}
	l = make_list(1, 1, s, n);
	j = json_of(&l);
	assert_int_equal(json_object_array_length(j), n);
	for (i = 0; i < n; i++) {
		json_object *o = json_object_array_get_idx(j, i);

		assert_string_equal(json_object_get_string(json_object_object_get(o, "client")),
		                    names[i]);
		assert_string_equal(json_object_get_string(json_object_object_get(o, "user")),
		                    names[n - 1 - i]);
	}
	json_object_put(j);

	{
		struct netsess_session bad = {.client = (char *)(uintptr_t) "a\xff"
		                                                            "b\xc0\x80",
		                              .user = (char *)(uintptr_t) "\xed\xa0\x80"};
		struct netsess_session_list lb = make_list(10, 10, &bad, 1);
		json_object *o;

		j = json_of(&lb);
		o = json_object_array_get_idx(j, 0);
		assert_string_equal(json_object_get_string(json_object_object_get(o, "client")),
		                    "a\xef\xbf\xbd"
		                    "b\xef\xbf\xbd\xef\xbf\xbd");
		assert_string_equal(json_object_get_string(json_object_object_get(o, "user")),
		                    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
		json_object_put(j);
	}
}

static void test_json_empty(void **state)
{
	struct netsess_session_list l = make_list(1, 1, NULL, 0);
	json_object *j = json_of(&l);

	(void)state;
	assert_int_equal(json_object_array_length(j), 0);
	json_object_put(j);
}

static void test_level_note(void **state)
{
	struct netsess_session_list l = make_list(502, 1, NULL, 0);
	struct memout m;
	char *out;

	(void)state;
	memout_open(&m);
	assert_int_equal(cli_output_level_note(m.f, &l), 0);
	out = memout_close(&m);
	assert_string_equal(out, "netsess: level 502 served from level 1\n");
	free(out);

	l = make_list(1, 1, NULL, 0);
	memout_open(&m);
	assert_int_equal(cli_output_level_note(m.f, &l), 0);
	out = memout_close(&m);
	assert_string_equal(out, "");
	free(out);
}

static char *status_of(netsess_status_t st, uint32_t fault)
{
	struct memout m;

	memout_open(&m);
	assert_int_equal(cli_output_status(m.f, st, fault), 0);
	return memout_close(&m);
}

static void test_status_messages(void **state)
{
	char expect[512];
	char *out;

	(void)state;
	out = status_of(NERR_ClientNameNotFound, 0);
	snprintf(expect, sizeof(expect), "netsess: NERR_ClientNameNotFound (2312): %s\n",
	         netsess_status_description(NERR_ClientNameNotFound));
	assert_string_equal(out, expect);
	free(out);

	out = status_of(ERROR_INVALID_PARAMETER, 0);
	assert_true(strncmp(out, "netsess: ERROR_INVALID_PARAMETER (87): ", 39) == 0);
	free(out);

	out = status_of(NETSESS_E_LOGON_FAILURE, 0);
	snprintf(expect, sizeof(expect), "netsess: NETSESS_E_LOGON_FAILURE (0x20000003): %s\n",
	         netsess_status_description(NETSESS_E_LOGON_FAILURE));
	assert_string_equal(out, expect);
	free(out);

	out = status_of(NETSESS_E_RPC_FAULT, 0x1C010002u);
	assert_true(strncmp(out, "netsess: NETSESS_E_RPC_FAULT (0x20000006): ", 43) == 0);
	assert_non_null(strstr(out, " (fault status 0x1C010002 nca_s_op_rng_error)\n"));
	free(out);

	/* Every fault the library can name is named, not only a few. */
	out = status_of(NETSESS_E_RPC_FAULT, 0x1C00001Bu);
	assert_non_null(strstr(out, " (fault status 0x1C00001B nca_s_fault_remote_no_memory)\n"));
	free(out);
	out = status_of(NETSESS_E_RPC_FAULT, 0x000006F7u);
	assert_non_null(strstr(out, " (fault status 0x000006F7 nca_s_fault_ndr)\n"));
	free(out);

	out = status_of(NETSESS_E_RPC_FAULT, 0x12345678u);
	assert_non_null(strstr(out, " (fault status 0x12345678)\n"));
	free(out);

	/* The fault status is shown only with NETSESS_E_RPC_FAULT. */
	out = status_of(ERROR_ACCESS_DENIED, 0x1C010002u);
	assert_null(strstr(out, "fault"));
	free(out);

	assert_string_equal(CLI_DEL_SUCCESS,
	                    "The specified session(s) has been successfully deleted");
}

/* --json=v2: the array inside an object that says what it is. */
static json_object *json_object_of(const char *server, time_t when, uint32_t requested,
                                   const struct netsess_session_list *l)
{
	struct memout m;
	json_object *j;
	char *text;

	memout_open(&m);
	assert_int_equal(cli_output_json_object(m.f, server, when, requested, l), 0);
	text = memout_close(&m);
	j = json_tokener_parse(text);
	if (j == NULL)
		fail_msg("not JSON: %s", text);
	free(text);
	assert_true(json_object_is_type(j, json_type_object));
	return j;
}

static void test_json_object(void **state)
{
	struct netsess_session_list l = make_list(502, 1, two_sessions, 2);
	json_object *j, *arr, *v;
	char keys[256];

	(void)state;
	/* 2025-01-02 03:04:05 UTC */
	j = json_object_of("fs1", (time_t)1735787045, 502, &l);
	keys_of(j, keys, sizeof(keys));
	assert_string_equal(keys, "server,timestamp,level_requested,level_served,sessions");
	assert_string_equal(json_object_get_string(json_object_object_get(j, "server")), "fs1");
	assert_string_equal(json_object_get_string(json_object_object_get(j, "timestamp")),
	                    "2025-01-02T03:04:05Z");
	assert_int_equal(json_object_get_int64(json_object_object_get(j, "level_requested")), 502);
	assert_int_equal(json_object_get_int64(json_object_object_get(j, "level_served")), 1);
	arr = json_object_object_get(j, "sessions");
	assert_true(json_object_is_type(arr, json_type_array));
	assert_int_equal(json_object_array_length(arr), 2);
	/* The same objects as v1, with the served level's keys. */
	keys_of(json_object_array_get_idx(arr, 1), keys, sizeof(keys));
	assert_string_equal(keys, "client,user,opens,time,idle_time,user_flags");
	assert_string_equal(json_object_get_string(
	                        json_object_object_get(json_object_array_get_idx(arr, 1), "user")),
	                    "bob");
	json_object_put(j);

	/* Nothing matched: no list, sessions [] and level_served null. */
	j = json_object_of("127.0.0.1", (time_t)0, 1, NULL);
	assert_string_equal(json_object_get_string(json_object_object_get(j, "timestamp")),
	                    "1970-01-01T00:00:00Z");
	assert_true(json_object_object_get_ex(j, "level_served", &v));
	assert_null(v);
	assert_int_equal(json_object_array_length(json_object_object_get(j, "sessions")), 0);
	json_object_put(j);
}

/* A failed write is reported, not hidden. */
static void test_output_write_failure(void **state)
{
	struct netsess_session_list l = make_list(1, 1, two_sessions, 2);
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	assert_int_equal(cli_output_table(full, &l), -1);
	assert_int_equal(cli_output_json(full, &l), -1);
	assert_int_equal(cli_output_json_object(full, "s", 0, 1, &l), -1);
	assert_int_equal(cli_output_status(full, ERROR_ACCESS_DENIED, 0), -1);
	fclose(full);
}

/* The status text alone, as netsess check puts it in its UNKNOWN line;
 * a short buffer truncates and stays a string. */
static void test_status_text(void **state)
{
	char buf[512], small[16];

	(void)state;
	cli_status_text(buf, sizeof(buf), NETSESS_E_HOST_NOT_FOUND, 0);
	assert_string_equal(buf, "NETSESS_E_HOST_NOT_FOUND (0x20000002): The server name does not "
	                         "resolve");
	cli_status_text(buf, sizeof(buf), NETSESS_E_RPC_FAULT, 0x1C010002u);
	assert_non_null(strstr(buf, "(fault status 0x1C010002 nca_s_op_rng_error)"));
	cli_status_text(small, sizeof(small), NETSESS_E_RPC_FAULT, 0x1C010002u);
	assert_string_equal(small, "NETSESS_E_RPC_F");
}

static void test_utf8(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(cli_utf8_seq("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(cli_utf8_seq("\xc3\xab", 2, &cp), 2);
	assert_int_equal(cp, 0xEB);
	assert_int_equal(cli_utf8_seq("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(cli_utf8_seq("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(cli_utf8_seq("\xc0\x80", 2, &cp), 0);         /* overlong */
	assert_int_equal(cli_utf8_seq("\xe0\x80\x80", 3, &cp), 0);     /* overlong */
	assert_int_equal(cli_utf8_seq("\xed\xa0\x80", 3, &cp), 0);     /* surrogate */
	assert_int_equal(cli_utf8_seq("\xf4\x90\x80\x80", 4, &cp), 0); /* > U+10FFFF */
	assert_int_equal(cli_utf8_seq("\xe2\x82", 2, &cp), 0);         /* truncated */
	assert_int_equal(cli_utf8_seq("\xc3\xab", 1, &cp), 0);         /* n too small */
	assert_int_equal(cli_utf8_seq("\x80", 1, &cp), 0);             /* continuation */
	assert_int_equal(cli_utf8_seq("", 0, &cp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_del_server_client_user),
	    cmocka_unit_test(test_del_server_user),
	    cmocka_unit_test(test_del_server_client),
	    cmocka_unit_test(test_del_user_only),
	    cmocka_unit_test(test_del_server_only),
	    cmocka_unit_test(test_del_empty_holds_slot),
	    cmocka_unit_test(test_del_options_for_names),
	    cmocka_unit_test(test_required_names),
	    cmocka_unit_test(test_backslashes_alone),
	    cmocka_unit_test(test_one_backslash),
	    cmocka_unit_test(test_short_timeout),
	    cmocka_unit_test(test_usage_error_keeps_command),
	    cmocka_unit_test(test_check_options),
	    cmocka_unit_test(test_json_option),
	    cmocka_unit_test(test_del_name_errors),
	    cmocka_unit_test(test_info_names),
	    cmocka_unit_test(test_enum_words),
	    cmocka_unit_test(test_levels),
	    cmocka_unit_test(test_commands_and_unknown),
	    cmocka_unit_test(test_help_and_version),
	    cmocka_unit_test(test_connection_options),
	    cmocka_unit_test(test_option_placement),
	    cmocka_unit_test(test_user_password_wiped),
	    cmocka_unit_test(test_password_source),
	    cmocka_unit_test(test_table_level1),
	    cmocka_unit_test(test_table_columns_per_level),
	    cmocka_unit_test(test_table_escapes),
	    cmocka_unit_test(test_json_keys_per_level),
	    cmocka_unit_test(test_json_values),
	    cmocka_unit_test(test_json_odd_names),
	    cmocka_unit_test(test_json_empty),
	    cmocka_unit_test(test_level_note),
	    cmocka_unit_test(test_status_messages),
	    cmocka_unit_test(test_json_object),
	    cmocka_unit_test(test_output_write_failure),
	    cmocka_unit_test(test_status_text),
	    cmocka_unit_test(test_utf8),
	};

	return cmocka_run_group_tests_name("cli_args", tests, NULL, NULL);
}
