/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netsess.c - the netsess command: NetSessionEnum, NetSessionGetInfo and
 * NetSessionDel from the command line, in the manner of the NetSessionDel
 * sample program, over libnetsess.
 *
 * Exit status: 0 success, 1 the call (or writing its result) failed,
 * 2 usage error.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netsess.h"
#include "cli/args.h"
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

static void cli_usage_error(const char *msg)
{
	fprintf(stderr, "netsess: %s\nTry 'netsess --help' for more information.\n", msg);
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
		if (cli_password_prompt(prompt, &c->password) != 0) {
			fprintf(stderr,
			        "netsess: cannot read a password from the terminal (%s); "
			        "give it with -U USER%%PASSWORD, $PASSWD or -A FILE\n",
			        strerror(errno));
			return CLI_EXIT_USAGE;
		}
		return CLI_EXIT_OK;
	}
	if (c->password == NULL) {
		fprintf(stderr, "netsess: %s\n", strerror(ENOMEM));
		return CLI_EXIT_API;
	}
	return CLI_EXIT_OK;
}

/* The status line, with the library's explanation, when it has one, at
 * its end in brackets: "netsess: NAME (code): description [detail]". */
static int cli_fail_status(netsess_ctx *ctx, netsess_status_t st)
{
	uint32_t fault = ctx != NULL ? netsess_ctx_fault(ctx) : 0;
	const char *detail = netsess_ctx_detail(ctx);
	char *line = NULL;
	size_t len = 0;
	FILE *m;

	m = detail != NULL ? open_memstream(&line, &len) : NULL;
	if (m == NULL) {
		cli_output_status(stderr, st, fault);
		return CLI_EXIT_API;
	}
	cli_output_status(m, st, fault);
	fclose(m);
	if (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	fprintf(stderr, "%s [%s]\n", line, detail);
	free(line);
	return CLI_EXIT_API;
}

static int cli_run_del(netsess_ctx *ctx, const struct cli_args *a)
{
	netsess_status_t st = netsess_session_del(ctx, a->server, a->client, a->user);

	if (st != NERR_Success)
		return cli_fail_status(ctx, st);
	puts(CLI_DEL_SUCCESS);
	return CLI_EXIT_OK;
}

/* enum and info: the same list, printed as a table or as JSON. */
static int cli_run_list(netsess_ctx *ctx, const struct cli_args *a)
{
	struct netsess_session_list *list = NULL;
	netsess_status_t st;
	int rc;

	if (a->cmd == CLI_CMD_INFO)
		st = netsess_session_get_info(ctx, a->server, a->client, a->user, a->level, &list);
	else
		st = netsess_session_enum(ctx, a->server, a->client, a->user, a->level, &list);
	if (st != NERR_Success)
		return cli_fail_status(ctx, st);
	cli_output_level_note(stderr, list);
	rc = a->json ? cli_output_json(stdout, list) : cli_output_table(stdout, list);
	netsess_session_list_free(list);
	if (rc != 0) {
		fprintf(stderr, "netsess: cannot write the result: %s\n", strerror(errno));
		return CLI_EXIT_API;
	}
	return CLI_EXIT_OK;
}

/* Connects (lazily: the first call opens the pipe) and runs the command. */
static int cli_run(const struct cli_args *a)
{
	struct netsess_options opts;
	struct cli_creds creds;
	netsess_ctx *ctx = NULL;
	netsess_status_t st;
	int rc;

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
		rc = cli_fail_status(NULL, st);
		goto out_free_creds;
	}
	rc = a->cmd == CLI_CMD_DEL ? cli_run_del(ctx, a) : cli_run_list(ctx, a);
	netsess_ctx_free(ctx);
out_free_creds:
	cli_password_free(creds.password);
	return rc;
}

/* A failed write to stdout (a full disk, a closed pipe) is a failure. */
static int cli_close_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "netsess: cannot write the result: %s\n", strerror(errno));
		return rc == CLI_EXIT_OK ? CLI_EXIT_API : rc;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct cli_args a;
	char err[CLI_ERR_LEN];
	int rc;

	if (cli_args_parse(argc, argv, &a, err) != 0) {
		cli_usage_error(err);
		cli_args_free(&a);
		return CLI_EXIT_USAGE;
	}
	if (a.help)
		cli_help_print(stdout, a.cmd);
	else if (a.version)
		cli_version_print(stdout);
	rc = a.help || a.version ? CLI_EXIT_OK : cli_run(&a);
	cli_args_free(&a);
	return cli_close_stdout(rc);
}
