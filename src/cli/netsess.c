/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netsess.c - the netsess command: NetSessionEnum, NetSessionGetInfo and
 * NetSessionDel from the command line, in the manner of the NetSessionDel
 * sample program, over libnetsess; and check, a Nagios/Icinga plugin.
 *
 * Exit status: 0 success, 1 the call (or writing its result) failed,
 * 2 usage error; check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 *
 * Everything that can be found wrong without the server is found before
 * any password is asked for and before any connection: the command line
 * (cli_args_parse) and the authentication file (netsess_auth_file_check).
 */
#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netsess.h"
#include "cli/args.h"
#include "cli/check.h"
#include "cli/help.h"
#include "cli/output.h"
#include "cli/password.h"

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_API = 1,
	CLI_EXIT_USAGE = 2,
};

/* Credentials as they will be handed to netsess_ctx_new(). */
struct cli_creds {
	const char *username;
	char *password; /* owned; wiped with cli_password_free() */
};

/* Longest server label: a DNS name, or this computer's host name. */
#define CLI_SERVER_LABEL_LEN 256

static void cli_usage_error(const char *msg)
{
	fprintf(stderr, "netsess: %s\nTry 'netsess --help' for more information.\n", msg);
}

/* The server as the output names it: the name given without its leading
 * "\\", or this computer's host name when none was given. */
static void cli_server_label(const char *server, char buf[CLI_SERVER_LABEL_LEN])
{
	if (server != NULL && server[0] == '\\' && server[1] == '\\')
		server += 2;
	if (server != NULL && server[0] != '\0') {
		snprintf(buf, CLI_SERVER_LABEL_LEN, "%s", server);
		return;
	}
	if (gethostname(buf, CLI_SERVER_LABEL_LEN) != 0)
		snprintf(buf, CLI_SERVER_LABEL_LEN, "localhost");
	buf[CLI_SERVER_LABEL_LEN - 1] = '\0';
}

static int cli_fail(const struct cli_args *a, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Says what went wrong the way the command's reader expects it: check
 * writes its UNKNOWN status line on stdout (a monitoring system reads only
 * that) and returns 3; the other commands write "netsess: ..." on stderr
 * and return rc.
 */
static int cli_fail(const struct cli_args *a, int rc, const char *fmt, ...)
{
	char text[1024], server[CLI_SERVER_LABEL_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (a->cmd == CLI_CMD_CHECK) {
		cli_server_label(a->server, server);
		cli_check_unknown(stdout, server, text);
		return CLI_CHECK_UNKNOWN;
	}
	fprintf(stderr, "netsess: %s\n", text);
	return rc;
}

/* A failed library call: "<SymbolicName> (<code>): <description>", and
 * the library's explanation in brackets when it has one (the Kerberos
 * library's or the SMB client's words). */
static int cli_fail_status(const struct cli_args *a, netsess_ctx *ctx, netsess_status_t st)
{
	const char *detail = netsess_ctx_detail(ctx);
	char text[512];

	cli_status_text(text, sizeof(text), st, ctx != NULL ? netsess_ctx_fault(ctx) : 0);
	if (detail != NULL)
		return cli_fail(a, CLI_EXIT_API, "%s [%s]", text, detail);
	return cli_fail(a, CLI_EXIT_API, "%s", text);
}

/*
 * -A FILE, read once before anything else happens, so that a missing file
 * and a file others may read get their own messages (the library answers
 * both with NETSESS_E_AUTH_FILE).  The status name stays in front of the
 * reason, as in every other failure.
 */
static int cli_check_auth_file(const struct cli_args *a)
{
	struct netsess_auth_file_report r;
	netsess_status_t st = netsess_auth_file_check(a->auth_file, &r);
	const char *name = netsess_status_name(NETSESS_E_AUTH_FILE);
	const char *why = netsess_auth_file_error_text(r.error);

	if (st == NERR_Success)
		return CLI_EXIT_OK;
	if (st != NETSESS_E_AUTH_FILE)
		return cli_fail_status(a, NULL, st);
	switch (r.error) {
	case NETSESS_AUTH_FILE_NOT_PRIVATE:
		return cli_fail(a, CLI_EXIT_API,
		                "%s (0x%08X): %s: %s (mode %04o; make it private with chmod 600)",
		                name, NETSESS_E_AUTH_FILE, a->auth_file, why, r.mode);
	case NETSESS_AUTH_FILE_MALFORMED:
		return cli_fail(a, CLI_EXIT_API, "%s (0x%08X): %s: line %u %s", name,
		                NETSESS_E_AUTH_FILE, a->auth_file, r.line, why);
	case NETSESS_AUTH_FILE_UNREADABLE:
		return cli_fail(a, CLI_EXIT_API, "%s (0x%08X): %s: %s: %s", name,
		                NETSESS_E_AUTH_FILE, a->auth_file, why, strerror(r.errno_value));
	default:
		return cli_fail(a, CLI_EXIT_API, "%s (0x%08X): %s: %s", name, NETSESS_E_AUTH_FILE,
		                a->auth_file, why);
	}
}

/* The user to connect as when -U is absent: $USER, $LOGNAME, then the
 * account of the effective uid (with -k too: the principal's name).  NULL
 * with -A, whose file names the account. */
static const char *cli_default_user(const struct cli_args *a)
{
	const char *u;
	const struct passwd *pw;

	if (a->auth_user != NULL)
		return a->auth_user;
	if (a->auth_file != NULL)
		return NULL;
	u = getenv("USER");
	if (u == NULL || u[0] == '\0')
		u = getenv("LOGNAME");
	if (u != NULL && u[0] != '\0')
		return u;
	pw = getpwuid(geteuid());
	return pw != NULL ? pw->pw_name : NULL;
}

/* Fills c; returns an exit status, CLI_EXIT_OK when c is ready. */
static int cli_get_creds(const struct cli_args *a, struct cli_creds *c)
{
	const char *env = getenv("PASSWD");
	char prompt[300];

	c->username = cli_default_user(a);
	c->password = NULL;
	switch (cli_password_source(a, env)) {
	case CLI_PW_ARGUMENT:
		c->password = strdup(a->password);
		break;
	case CLI_PW_ENV:
		c->password = strdup(env);
		break;
	case CLI_PW_NONE:
		return CLI_EXIT_OK;
	case CLI_PW_PROMPT:
		snprintf(prompt, sizeof(prompt),
		         "Password for [%s%s%s]: ", a->domain != NULL ? a->domain : "",
		         a->domain != NULL ? "\\" : "", c->username != NULL ? c->username : "");
		if (cli_password_prompt(prompt, &c->password) != 0)
			return cli_fail(a, CLI_EXIT_USAGE,
			                "cannot read a password from the terminal (%s); "
			                "give it with -U USER%%PASSWORD, $PASSWD or -A FILE",
			                strerror(errno));
		return CLI_EXIT_OK;
	}
	if (c->password == NULL)
		return cli_fail(a, CLI_EXIT_API, "%s", strerror(ENOMEM));
	return CLI_EXIT_OK;
}

/* A delete that succeeded and could not say so: the sessions are gone
 * all the same, which the message must not hide. */
static int cli_run_del(netsess_ctx *ctx, const struct cli_args *a)
{
	netsess_status_t st = netsess_session_del(ctx, a->server, a->client, a->user);

	if (st != NERR_Success)
		return cli_fail_status(a, ctx, st);
	puts(CLI_DEL_SUCCESS);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr,
		        "netsess: the session(s) were deleted, but the result could not be "
		        "written: %s\n",
		        strerror(errno));
		return CLI_EXIT_API;
	}
	return CLI_EXIT_OK;
}

/* A filtered listing that matched nothing: enum with --client or --user,
 * or info (NERR_ClientNameNotFound, NERR_UserNotFound). */
static bool cli_none_matched(const struct cli_args *a, netsess_status_t st)
{
	if (st != NERR_ClientNameNotFound && st != NERR_UserNotFound)
		return false;
	return a->cmd == CLI_CMD_INFO || a->client != NULL || a->user != NULL;
}

/* list NULL: nothing matched. */
static int cli_print_list(const struct cli_args *a, const struct netsess_session_list *list,
                          time_t when)
{
	struct netsess_session_list none;
	char server[CLI_SERVER_LABEL_LEN];

	if (a->json == CLI_JSON_OBJECT) {
		cli_server_label(a->server, server);
		return cli_output_json_object(stdout, server, when, a->level, list);
	}
	if (list == NULL) {
		memset(&none, 0, sizeof(none));
		none.level_requested = none.level_served = a->level;
		list = &none;
	}
	return a->json == CLI_JSON_ARRAY ? cli_output_json(stdout, list)
	                                 : cli_output_table(stdout, list);
}

/*
 * enum and info: the same list, printed as a table or as JSON.  With JSON
 * a listing that matched nothing is still written, empty, before the
 * status and exit status 1, so that a script can always parse stdout.
 */
static int cli_run_list(netsess_ctx *ctx, const struct cli_args *a)
{
	struct netsess_session_list *list = NULL;
	netsess_status_t st;
	time_t when;
	int rc;

	if (a->cmd == CLI_CMD_INFO)
		st = netsess_session_get_info(ctx, a->server, a->client, a->user, a->level, &list);
	else
		st = netsess_session_enum(ctx, a->server, a->client, a->user, a->level, &list);
	when = time(NULL);
	if (st != NERR_Success && !(a->json != CLI_JSON_NONE && cli_none_matched(a, st)))
		return cli_fail_status(a, ctx, st);
	if (list != NULL)
		cli_output_level_note(stderr, list);
	rc = cli_print_list(a, list, when);
	netsess_session_list_free(list);
	if (rc != 0) {
		fprintf(stderr, "netsess: cannot write the result: %s\n", strerror(errno));
		return CLI_EXIT_API;
	}
	return st == NERR_Success ? CLI_EXIT_OK : cli_fail_status(a, ctx, st);
}

/* check: count at level 1 (user and idle time), compare, one line. */
static int cli_run_check(netsess_ctx *ctx, const struct cli_args *a)
{
	struct cli_check_spec spec = {
	    .warn = a->warn_set ? &a->warn : NULL,
	    .crit = a->crit_set ? &a->crit : NULL,
	    .max_idle_set = a->max_idle_set,
	    .max_idle = a->max_idle,
	    .client = a->client,
	    .user = a->user,
	};
	struct netsess_session_list *list = NULL;
	struct cli_check_counts counts;
	char server[CLI_SERVER_LABEL_LEN];
	enum cli_check_state state;
	netsess_status_t st;
	int rc;

	st = netsess_session_enum(ctx, a->server, a->client, a->user, 1, &list);
	if (st != NERR_Success && !cli_none_matched(a, st))
		return cli_fail_status(a, ctx, st);
	rc = cli_check_count(list, &spec, &counts);
	netsess_session_list_free(list);
	if (rc != 0)
		return cli_fail(a, CLI_CHECK_UNKNOWN, "%s", strerror(errno));
	state = cli_check_evaluate(&spec, &counts);
	cli_server_label(a->server, server);
	if (cli_check_report(stdout, server, &spec, &counts, state) != 0) {
		fprintf(stderr, "netsess: cannot write the result: %s\n", strerror(errno));
		return CLI_CHECK_UNKNOWN;
	}
	return (int)state;
}

static int cli_run_command(netsess_ctx *ctx, const struct cli_args *a)
{
	switch (a->cmd) {
	case CLI_CMD_DEL:
		return cli_run_del(ctx, a);
	case CLI_CMD_CHECK:
		return cli_run_check(ctx, a);
	case CLI_CMD_ENUM:
	case CLI_CMD_INFO:
	case CLI_CMD_NONE:
		break;
	}
	return cli_run_list(ctx, a);
}

/* Connects (lazily: the first call opens the pipe) and runs the command. */
static int cli_run(const struct cli_args *a)
{
	struct netsess_options opts;
	struct cli_creds creds;
	netsess_ctx *ctx = NULL;
	netsess_status_t st;
	int rc;

	if (a->auth_file != NULL) {
		rc = cli_check_auth_file(a);
		if (rc != CLI_EXIT_OK)
			return rc;
	}
	rc = cli_get_creds(a, &creds);
	if (rc != CLI_EXIT_OK)
		return rc;
	memset(&opts, 0, sizeof(opts));
	opts.username = creds.username;
	opts.password = creds.password;
	opts.domain = a->domain;
	opts.auth_file = a->auth_file;
	opts.kerberos = a->kerberos;
	opts.keytab = a->keytab;
	opts.signing = a->signing;
	opts.encryption = a->encryption;
	opts.port = a->port;
	opts.timeout_ms = a->timeout_ms;
	st = netsess_ctx_new(&opts, &ctx);
	if (st != NERR_Success) {
		rc = cli_fail_status(a, NULL, st);
		goto out_free_creds;
	}
	rc = cli_run_command(ctx, a);
	netsess_ctx_free(ctx);
out_free_creds:
	cli_password_free(creds.password);
	return rc;
}

/* A failed write to stdout (a full disk, a closed pipe) is a failure; one
 * already reported (rc not a success) is not reported twice. */
static int cli_close_stdout(const struct cli_args *a, int rc)
{
	bool check = a->cmd == CLI_CMD_CHECK && !a->help && !a->version;

	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (check && rc == CLI_CHECK_UNKNOWN)
		return rc;
	if (!check && rc != CLI_EXIT_OK)
		return rc;
	fprintf(stderr, "netsess: cannot write the result: %s\n", strerror(errno));
	return check ? CLI_CHECK_UNKNOWN : CLI_EXIT_API;
}

/* A usage error: check answers UNKNOWN on stdout, as plugins do. */
static int cli_usage(const struct cli_args *a, const char *msg)
{
	char text[CLI_ERR_LEN + 64];

	if (a->cmd == CLI_CMD_CHECK) {
		snprintf(text, sizeof(text), "usage: %s (see netsess check --help)", msg);
		cli_check_unknown(stdout, NULL, text);
		return CLI_CHECK_UNKNOWN;
	}
	cli_usage_error(msg);
	return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct cli_args a;
	char err[CLI_ERR_LEN];
	int rc;

	if (cli_args_parse(argc, argv, &a, err) != 0)
		rc = cli_usage(&a, err);
	else if (a.help) {
		cli_help_print(stdout, a.cmd);
		rc = CLI_EXIT_OK;
	} else if (a.version) {
		cli_version_print(stdout);
		rc = CLI_EXIT_OK;
	} else
		rc = cli_run(&a);
	rc = cli_close_stdout(&a, rc);
	cli_args_free(&a);
	return rc;
}
