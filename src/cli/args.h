/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * args.h - the netsess command line, parsed once into a validated struct.
 *
 *   netsess [options] del   [\\ServerName] [\\ClientName] [UserName]
 *   netsess [options] enum  [\\ServerName]
 *   netsess [options] info  \\ServerName \\ClientName UserName
 *   netsess [options] check [\\ServerName] [-w RANGE] [-c RANGE] [--max-idle S]
 *   netsess help [COMMAND]
 *
 * Positional names follow the NetSessionDel sample's order (ServerName,
 * ClientName, UserName) with one rule on top, so that a name is never
 * guessed from how many words there are:
 *
 *   - a word starting with "\\" is a computer name: the first one is
 *     ServerName, the second ClientName;
 *   - an empty word ("") holds the next computer slot open (ServerName,
 *     then ClientName) and leaves that name unspecified;
 *   - any other word is UserName, and nothing may follow it.
 *
 * A name given both as a word and as --client/--user is a usage error, and
 * so is a computer name that is "\\" alone (it names nothing).
 *
 * What a call cannot do without is refused here, before any password is
 * asked for or any connection made: del with neither a client nor a user
 * (NetSessionDel would end every session; the library refuses it too, with
 * ERROR_INVALID_PARAMETER), and info without a client or a user.
 */
#ifndef NETSESS_CLI_ARGS_H
#define NETSESS_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netsess.h"
#include "cli/check.h"

enum cli_command {
	CLI_CMD_NONE = 0,
	CLI_CMD_DEL,
	CLI_CMD_ENUM,
	CLI_CMD_INFO,
	CLI_CMD_CHECK,
};

/* --json: the array of sessions (v1, the default), or an object carrying
 * the server, the levels and a timestamp beside that array (v2). */
enum cli_json_format {
	CLI_JSON_NONE = 0,
	CLI_JSON_ARRAY,  /* --json, --json=v1 */
	CLI_JSON_OBJECT, /* --json=v2 */
};

struct cli_args {
	enum cli_command cmd;
	bool help;    /* --help, -h or "help [COMMAND]" */
	bool version; /* --version, -V */

	/* Session names; borrowed from argv, NULL when unspecified. */
	const char *server;
	const char *client;
	const char *user;

	uint32_t level; /* enum/info; default 1 */
	enum cli_json_format json;

	/* check: thresholds on the count of sessions, and which sessions count */
	bool warn_set;
	bool crit_set;
	struct cli_range warn; /* -w, --warning */
	struct cli_range crit; /* -c, --critical */
	bool max_idle_set;
	uint32_t max_idle; /* --max-idle: count only sessions idle longer (s) */

	/* Connection; strings borrowed from argv except where noted. */
	char *auth_user;                    /* -U user part; owned, NULL when -U absent */
	char *password;                     /* -U %password part; owned, wiped on free */
	const char *domain;                 /* -W */
	const char *auth_file;              /* -A */
	bool kerberos;                      /* -k */
	const char *keytab;                 /* --keytab; with -U PRINCIPAL */
	uint16_t port;                      /* -p; 0 when absent */
	unsigned timeout_ms;                /* --timeout seconds * 1000; 0 when absent */
	enum netsess_smb_policy signing;    /* --signing; default if_required */
	enum netsess_smb_policy encryption; /* --encrypt[=POLICY]; default off,
	                                       bare --encrypt: required */
};

/* Room for one usage error message. */
#define CLI_ERR_LEN 256

/*
 * Parses argv into *out (zeroed first).  Returns 0, or -1 for a usage error
 * with a one-line message in err (no "netsess: " prefix, no newline).  On a
 * usage error out->cmd still names the command when the command line has
 * one, so that check can answer in its own way (UNKNOWN).
 *
 * The password part of a -U argument is copied to out->password and then
 * overwritten with NUL bytes inside argv, so that it no longer shows in
 * /proc/PID/cmdline.  On both success and failure the caller releases
 * *out with cli_args_free().
 */
int cli_args_parse(int argc, char **argv, struct cli_args *out, char err[CLI_ERR_LEN]);

/* Wipes the password and frees what *a owns.  Safe on a zeroed struct. */
void cli_args_free(struct cli_args *a);

/* "del", "enum", "info", "check"; NULL for CLI_CMD_NONE. */
const char *cli_command_name(enum cli_command cmd);

#endif
