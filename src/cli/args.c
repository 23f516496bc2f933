/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * args.c - parsing of the netsess command line (see args.h for the rules).
 *
 * getopt_long runs in "return in order" mode (optstring starts with '-'),
 * so that options may stand anywhere, the order of the words is kept, and
 * POSIXLY_CORRECT does not change the meaning of a command line.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/password.h"

/* Longest --timeout accepted, in seconds (one day). */
#define CLI_TIMEOUT_MAX_S 86400ul

enum {
	OPT_LEVEL = 0x100,
	OPT_CLIENT,
	OPT_USER,
	OPT_JSON,
	OPT_TIMEOUT,
	OPT_SIGNING,
	OPT_ENCRYPT,
	OPT_KEYTAB,
	OPT_MAX_IDLE,
};

static const char cli_short_opts[] = "-:U:W:A:kp:t:hVw:c:";

static const struct option cli_long_opts[] = {
    {"level", required_argument, NULL, OPT_LEVEL},
    {"client", required_argument, NULL, OPT_CLIENT},
    {"user", required_argument, NULL, OPT_USER},
    {"json", optional_argument, NULL, OPT_JSON},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"signing", required_argument, NULL, OPT_SIGNING},
    {"encrypt", optional_argument, NULL, OPT_ENCRYPT},
    {"workgroup", required_argument, NULL, 'W'},
    {"authentication-file", required_argument, NULL, 'A'},
    {"kerberos", no_argument, NULL, 'k'},
    {"keytab", required_argument, NULL, OPT_KEYTAB},
    {"port", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"warning", required_argument, NULL, 'w'},
    {"critical", required_argument, NULL, 'c'},
    {"max-idle", required_argument, NULL, OPT_MAX_IDLE},
    {NULL, 0, NULL, 0},
};

/* Parser state beyond what ends up in struct cli_args. */
struct cli_parse {
	struct cli_args *a;
	char *err;
	bool help_word;      /* the command word was "help" */
	bool client_opt;     /* --client was given */
	bool user_opt;       /* --user was given */
	bool level_opt;      /* --level was given */
	bool failed;         /* a usage error is recorded in err */
	unsigned comp_slots; /* computer names taken: 0 server, 1 client */
	const char *user_word;
	size_t nwords; /* positional words after the command */
};

static int cli_fail(struct cli_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Records a usage error; always returns -1. */
static int cli_fail(struct cli_parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->err, CLI_ERR_LEN, fmt, ap);
	va_end(ap);
	return -1;
}

const char *cli_command_name(enum cli_command cmd)
{
	switch (cmd) {
	case CLI_CMD_DEL:
		return "del";
	case CLI_CMD_ENUM:
		return "enum";
	case CLI_CMD_INFO:
		return "info";
	case CLI_CMD_CHECK:
		return "check";
	case CLI_CMD_NONE:
		break;
	}
	return NULL;
}

static enum cli_command cli_command_from_name(const char *s)
{
	if (strcmp(s, "del") == 0)
		return CLI_CMD_DEL;
	if (strcmp(s, "enum") == 0)
		return CLI_CMD_ENUM;
	if (strcmp(s, "info") == 0)
		return CLI_CMD_INFO;
	if (strcmp(s, "check") == 0)
		return CLI_CMD_CHECK;
	return CLI_CMD_NONE;
}

/* Decimal number in [min, max], the whole string, no sign. */
static int cli_parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end = NULL;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * A word with one leading backslash is a computer name whose other
 * backslash the shell removed (netsess del \\srv ... unquoted): refused
 * with the fix, rather than taken as a user name or sent to the server.
 */
static int cli_check_backslash(struct cli_parse *p, const char *w)
{
	if (w[0] != '\\' || w[1] == '\\')
		return 0;
	return cli_fail(p,
	                "'%s' starts with one backslash: the shell removed the other "
	                "(write '\\%s' in single quotes, or \\\\\\%s)",
	                w, w, w);
}

/* -U user[%password]: the password is copied, then wiped inside argv. */
static int cli_take_user(struct cli_parse *p, char *arg)
{
	char *pct = strchr(arg, '%');
	size_t ulen = pct != NULL ? (size_t)(pct - arg) : strlen(arg);

	free(p->a->auth_user);
	p->a->auth_user = strndup(arg, ulen);
	if (p->a->auth_user == NULL)
		return cli_fail(p, "out of memory");
	if (pct == NULL)
		return 0;
	cli_password_free(p->a->password);
	p->a->password = strdup(pct + 1);
	explicit_bzero(pct + 1, strlen(pct + 1));
	if (p->a->password == NULL)
		return cli_fail(p, "out of memory");
	return 0;
}

/* off | if_required | required, for --signing and --encrypt. */
static int cli_take_policy(struct cli_parse *p, const char *opt, const char *arg,
                           enum netsess_smb_policy *out)
{
	if (strcmp(arg, "off") == 0)
		*out = NETSESS_SMB_OFF;
	else if (strcmp(arg, "if_required") == 0)
		*out = NETSESS_SMB_IF_REQUIRED;
	else if (strcmp(arg, "required") == 0)
		*out = NETSESS_SMB_REQUIRED;
	else
		return cli_fail(p, "invalid %s '%s' (use off, if_required or required)", opt, arg);
	return 0;
}

/* -w and -c: a threshold range, given once. */
static int cli_take_range(struct cli_parse *p, const char *opt, const char *arg,
                          struct cli_range *r, bool *set)
{
	if (*set)
		return cli_fail(p, "%s given twice", opt);
	if (cli_range_parse(arg, r) != 0)
		return cli_fail(p, "invalid %s range '%s' (use N, N:, ~:N, N:M or @N:M)", opt, arg);
	*set = true;
	return 0;
}

static int cli_take_option(struct cli_parse *p, int c, char *arg)
{
	unsigned long v;

	switch (c) {
	case 'U':
		return cli_take_user(p, arg);
	case 'W':
		p->a->domain = arg;
		return 0;
	case 'A':
		p->a->auth_file = arg;
		return 0;
	case 'k':
		p->a->kerberos = true;
		return 0;
	case 'p':
		if (cli_parse_ulong(arg, 1, 65535, &v) != 0)
			return cli_fail(p, "invalid port '%s' (use 1 to 65535)", arg);
		p->a->port = (uint16_t)v;
		return 0;
	case 'h':
		p->a->help = true;
		return 0;
	case 'V':
		p->a->version = true;
		return 0;
	case OPT_LEVEL:
		if (cli_parse_ulong(arg, 0, UINT32_MAX, &v) != 0 ||
		    !netsess_level_valid((uint32_t)v))
			return cli_fail(p, "invalid level '%s' (use 0, 1, 2, 10 or 502)", arg);
		p->a->level = (uint32_t)v;
		p->level_opt = true;
		return 0;
	case OPT_CLIENT:
		if (p->client_opt)
			return cli_fail(p, "--client given twice");
		if (cli_check_backslash(p, arg) != 0)
			return -1;
		if (p->comp_slots > 1)
			return cli_fail(p, "client name given twice ('%s' and --client)", arg);
		p->client_opt = true;
		p->a->client = arg[0] != '\0' ? arg : NULL;
		return 0;
	case OPT_USER:
		if (p->user_opt)
			return cli_fail(p, "--user given twice");
		if (p->user_word != NULL)
			return cli_fail(p, "user name given twice ('%s' and --user)", arg);
		p->user_opt = true;
		p->a->user = arg[0] != '\0' ? arg : NULL;
		return 0;
	case OPT_JSON:
		if (arg == NULL || strcmp(arg, "v1") == 0)
			p->a->json = CLI_JSON_ARRAY;
		else if (strcmp(arg, "v2") == 0)
			p->a->json = CLI_JSON_OBJECT;
		else
			return cli_fail(
			    p, "invalid --json '%s' (use --json, --json=v1 or --json=v2)", arg);
		return 0;
	case 'w':
		return cli_take_range(p, "-w", arg, &p->a->warn, &p->a->warn_set);
	case 'c':
		return cli_take_range(p, "-c", arg, &p->a->crit, &p->a->crit_set);
	case OPT_MAX_IDLE:
		if (cli_parse_ulong(arg, 0, UINT32_MAX, &v) != 0)
			return cli_fail(p, "invalid --max-idle '%s' (use 0 to %lu seconds)", arg,
			                (unsigned long)UINT32_MAX);
		p->a->max_idle = (uint32_t)v;
		p->a->max_idle_set = true;
		return 0;
	case 't': /* -t: the monitoring-plugins name of --timeout */
	case OPT_TIMEOUT:
		if (cli_parse_ulong(arg, 1, CLI_TIMEOUT_MAX_S, &v) != 0)
			return cli_fail(p, "invalid timeout '%s' (use 1 to %lu seconds)", arg,
			                CLI_TIMEOUT_MAX_S);
		p->a->timeout_ms = (unsigned)(v * 1000ul);
		return 0;
	case OPT_SIGNING:
		return cli_take_policy(p, "--signing", arg, &p->a->signing);
	case OPT_KEYTAB:
		if (arg[0] == '\0')
			return cli_fail(p, "option '--keytab' requires a file name");
		p->a->keytab = arg;
		return 0;
	case OPT_ENCRYPT:
		if (arg == NULL) {
			p->a->encryption = NETSESS_SMB_REQUIRED;
			return 0;
		}
		return cli_take_policy(p, "--encrypt", arg, &p->a->encryption);
	}
	return cli_fail(p, "internal error: option %d", c);
}

static bool cli_is_computer_word(const char *w)
{
	return w[0] == '\0' || (w[0] == '\\' && w[1] == '\\');
}

/* A word of del or info: see the rule in args.h. */
static int cli_take_name_word(struct cli_parse *p, const char *w)
{
	const char *val = w[0] != '\0' ? w : NULL;

	if (cli_check_backslash(p, w) != 0)
		return -1;
	if (p->user_word != NULL && p->comp_slots == 0)
		return cli_fail(p,
		                "unexpected '%s' after the user name '%s' (a computer name starts "
		                "with \\\\: '\\\\%s')",
		                w, p->user_word, p->user_word);
	if (p->user_word != NULL)
		return cli_fail(p, "unexpected '%s' after the user name '%s'", w, p->user_word);
	if (!cli_is_computer_word(w)) {
		if (p->user_opt)
			return cli_fail(p, "user name given twice ('%s' and --user)", w);
		p->user_word = w;
		p->a->user = w;
		return 0;
	}
	if (p->comp_slots == 0) {
		p->a->server = val;
		p->comp_slots = 1;
		return 0;
	}
	if (p->comp_slots == 1) {
		if (p->client_opt)
			return cli_fail(p, "client name given twice ('%s' and --client)", w);
		p->a->client = val;
		p->comp_slots = 2;
		return 0;
	}
	return cli_fail(p,
	                "unexpected '%s': at most two computer names (\\\\ServerName "
	                "\\\\ClientName)",
	                w);
}

/* A word after the command: enum takes only [\\ServerName]. */
static int cli_take_word(struct cli_parse *p, const char *w)
{
	p->nwords++;
	if (p->help_word) {
		if (p->nwords > 1 || p->a->cmd != CLI_CMD_NONE)
			return cli_fail(p, "unexpected '%s' after 'help COMMAND'", w);
		p->a->cmd = cli_command_from_name(w);
		if (p->a->cmd == CLI_CMD_NONE)
			return cli_fail(p, "unknown command '%s'", w);
		return 0;
	}
	if (p->a->cmd == CLI_CMD_ENUM || p->a->cmd == CLI_CMD_CHECK) {
		if (cli_check_backslash(p, w) != 0)
			return -1;
		if (p->nwords > 1)
			return cli_fail(p,
			                "unexpected '%s': %s takes only [\\\\ServerName] "
			                "(filter with --client and --user)",
			                w, cli_command_name(p->a->cmd));
		p->a->server = w[0] != '\0' ? w : NULL;
		return 0;
	}
	return cli_take_name_word(p, w);
}

/* The first word is the command; the others are names. */
static int cli_take_nonopt(struct cli_parse *p, const char *w, bool *have_cmd)
{
	if (*have_cmd)
		return cli_take_word(p, w);
	*have_cmd = true;
	if (strcmp(w, "help") == 0) {
		p->help_word = true;
		p->a->help = true;
		return 0;
	}
	p->a->cmd = cli_command_from_name(w);
	if (p->a->cmd == CLI_CMD_NONE)
		return cli_fail(p, "unknown command '%s'", w);
	return 0;
}

static int cli_bad_option(struct cli_parse *p, int c, char **argv)
{
	const char *text = argv[optind - 1];
	bool is_long = strncmp(text, "--", 2) == 0;

	if (c == ':') {
		if (!is_long)
			return cli_fail(p, "option '-%c' requires an argument", optopt);
		return cli_fail(p, "option '%s' requires an argument", text);
	}
	if (!is_long)
		return cli_fail(p, "unknown option '-%c'", optopt);
	return cli_fail(p, "unknown option '%s'", text);
}

/* --keytab names the secret: it takes -U PRINCIPAL and no other secret. */
static int cli_check_keytab(struct cli_parse *p)
{
	if (p->a->keytab == NULL)
		return 0;
	if (p->a->auth_user == NULL || p->a->auth_user[0] == '\0')
		return cli_fail(p, "--keytab needs -U PRINCIPAL (the keytab's principal)");
	if (p->a->password != NULL)
		return cli_fail(p, "--keytab and a password in -U exclude each other");
	if (p->a->auth_file != NULL)
		return cli_fail(p, "--keytab and -A exclude each other");
	return 0;
}

/* Options that only some commands take. */
static int cli_check_command_options(struct cli_parse *p)
{
	const struct cli_args *a = p->a;
	const char *name = cli_command_name(a->cmd);
	bool listing = a->cmd == CLI_CMD_ENUM || a->cmd == CLI_CMD_INFO;

	if (a->cmd == CLI_CMD_NONE)
		return cli_fail(p, "no command given (use del, enum, info or check)");
	if (p->level_opt && !listing)
		return cli_fail(p, "option --level is not valid for %s", name);
	if (a->json != CLI_JSON_NONE && !listing)
		return cli_fail(p, "option --json is not valid for %s", name);
	if (a->cmd != CLI_CMD_CHECK && a->warn_set)
		return cli_fail(p, "option -w is valid only for check");
	if (a->cmd != CLI_CMD_CHECK && a->crit_set)
		return cli_fail(p, "option -c is valid only for check");
	if (a->cmd != CLI_CMD_CHECK && a->max_idle_set)
		return cli_fail(p, "option --max-idle is valid only for check");
	return cli_check_keytab(p);
}

/* "\\" alone: a computer name with nothing after the backslashes. */
static bool cli_names_nothing(const char *name)
{
	return name != NULL && strcmp(name, "\\\\") == 0;
}

/* The names each command needs, checked before anything is asked for or
 * sent.  del with neither name would end every session of the server. */
static int cli_check_names(struct cli_parse *p)
{
	const struct cli_args *a = p->a;

	if (cli_names_nothing(a->server))
		return cli_fail(p, "'\\\\' names no server (give \\\\NAME, or \"\" for this "
		                   "computer)");
	if (cli_names_nothing(a->client))
		return cli_fail(p, "'\\\\' names no client (give \\\\NAME, or \"\" to leave "
		                   "it unspecified)");
	if (a->cmd == CLI_CMD_DEL && a->client == NULL && a->user == NULL)
		return cli_fail(p, "del needs a client name or a user name (with neither, "
		                   "every session of the server would end)");
	if (a->cmd == CLI_CMD_INFO && (a->client == NULL || a->user == NULL))
		return cli_fail(p, "info needs both a client name and a user name "
		                   "(\\\\ServerName \\\\ClientName UserName)");
	return 0;
}

/* After a usage error: still learn which command was meant (check answers
 * a usage error as UNKNOWN), without recording anything else. */
static void cli_note_command(struct cli_parse *p, const char *w, bool *have_cmd)
{
	if (*have_cmd)
		return;
	*have_cmd = true;
	p->a->cmd = cli_command_from_name(w);
}

/* One element of the command line, unless an earlier one was wrong. */
static void cli_take(struct cli_parse *p, int c, char **argv, char *arg, bool *have_cmd)
{
	char *pct;
	int rc;

	if (p->failed) {
		if (c == 1)
			cli_note_command(p, arg, have_cmd);
		pct = c == 'U' ? strchr(arg, '%') : NULL;
		if (pct != NULL) /* a password still leaves /proc/PID/cmdline */
			explicit_bzero(pct + 1, strlen(pct + 1));
		return;
	}
	if (c == 1)
		rc = cli_take_nonopt(p, arg, have_cmd);
	else if (c == '?' || c == ':')
		rc = cli_bad_option(p, c, argv);
	else
		rc = cli_take_option(p, c, arg);
	p->failed = rc != 0;
}

int cli_args_parse(int argc, char **argv, struct cli_args *out, char err[CLI_ERR_LEN])
{
	struct cli_parse p;
	bool have_cmd = false;
	int c;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	out->level = 1;
	out->signing = NETSESS_SMB_IF_REQUIRED;
	p.a = out;
	p.err = err;
	err[0] = '\0';

	optind = 0; /* glibc: start a fresh scan */
	opterr = 0;
	while ((c = getopt_long(argc, argv, cli_short_opts, cli_long_opts, NULL)) != -1)
		cli_take(&p, c, argv, optarg, &have_cmd);
	for (; optind < argc; optind++) /* words after "--" */
		cli_take(&p, 1, argv, argv[optind], &have_cmd);
	if (p.failed)
		return -1;
	if (out->help || out->version)
		return 0;
	if (cli_check_command_options(&p) != 0 || cli_check_names(&p) != 0)
		return -1;
	return 0;
}

void cli_args_free(struct cli_args *a)
{
	cli_password_free(a->password);
	a->password = NULL;
	free(a->auth_user);
	a->auth_user = NULL;
}
