/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * help.c - the text of --help and --version.  Keep in step with
 * docs/netsess.1.
 */
#include "config.h"

#include "cli/help.h"

static const char cli_help_names[] =
    "Names:\n"
    "  A word starting with \\\\ is a computer name: the first is ServerName,\n"
    "  the second ClientName.  An empty word (\"\") holds a computer slot open\n"
    "  and leaves that name unspecified.  Any other word is UserName and must\n"
    "  come last.  Quote the backslashes for the shell: '\\\\srv'.\n"
    "  --client NAME and --user NAME set the same names explicitly.\n";

static const char cli_help_connection[] =
    "Connection options:\n"
    "  -U USER[%PASSWORD]   user to connect as (default: $USER, else $LOGNAME)\n"
    "  -W DOMAIN            domain or workgroup of USER\n"
    "  -A FILE              authentication file (username =, password =,\n"
    "                       domain = lines); must not be group/world-readable\n"
    "  -k, --kerberos       use the Kerberos credential cache\n"
    "  --keytab FILE        Kerberos with a ticket from the keytab FILE, as the\n"
    "                       principal given with -U (e.g. -U svc@EXAMPLE.LAN);\n"
    "                       must not be group/world-readable\n"
    "  -p, --port PORT      SMB port (default 445)\n"
    "  -t, --timeout SECS   timeout of each call, in seconds (default 10)\n"
    "  --signing off|if_required|required   SMB signing (default if_required)\n"
    "  --encrypt[=off|if_required|required]  SMB encryption (bare: required:\n"
    "                       an encrypted SMB3 session, or NETSESS_E_NOT_SUPPORTED\n"
    "                       from a server that cannot encrypt)\n"
    "The password comes from -U, else $PASSWD, else it is asked for on the\n"
    "terminal without echo (not with -k, --keytab or -A).\n";

static const char cli_help_exit[] =
    "Exit status: 0 success, 1 the call failed (the message names the\n"
    "NET_API_STATUS) or its result could not be written, 2 usage error.\n";

static const char cli_help_check_exit[] =
    "Exit status (plugin return codes): 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN:\n"
    "the server could not be asked (connection, logon, rights, timeout, a bad\n"
    "-A file) or the command line is wrong.\n";

static const char cli_help_json[] =
    "  --json[=v1]   one JSON array of objects, with the keys the served level\n"
    "                provides: client, user, opens, time, idle_time,\n"
    "                user_flags, client_type, transport\n"
    "  --json=v2     one JSON object: server, timestamp (UTC, ISO 8601),\n"
    "                level_requested, level_served, and sessions, that array\n"
    "  With --json, a result without sessions (NERR_ClientNameNotFound,\n"
    "  NERR_UserNotFound) is still written, empty: [] or \"sessions\": [].\n";

static void cli_help_main(FILE *out)
{
	fputs("Usage: netsess [options] COMMAND [names] [command options]\n"
	      "List, inspect and end the SMB sessions of a server\n"
	      "(NetSessionEnum, NetSessionGetInfo and NetSessionDel over MS-SRVS).\n"
	      "\n"
	      "Commands:\n"
	      "  del   [\\\\ServerName] [\\\\ClientName] [UserName]  end sessions\n"
	      "  enum  [\\\\ServerName]                           list sessions\n"
	      "  info  \\\\ServerName \\\\ClientName UserName       a user's sessions from "
	      "a client\n"
	      "  check [\\\\ServerName] [-w RANGE] [-c RANGE]     Nagios/Icinga plugin\n"
	      "  help  [COMMAND]                                this text, or a command's\n"
	      "\n",
	      out);
	fputs(cli_help_names, out);
	fputs("\n", out);
	fputs(cli_help_connection, out);
	fputs("\n"
	      "Other options:\n"
	      "  -h, --help           show help (after a command: that command's)\n"
	      "  -V, --version        show the version\n"
	      "\n",
	      out);
	fputs(cli_help_exit, out);
	fputs("The check command exits 0 OK, 1 WARNING, 2 CRITICAL or 3 UNKNOWN.\n", out);
}

static void cli_help_del(FILE *out)
{
	fputs("Usage: netsess [options] del [\\\\ServerName] [\\\\ClientName] [UserName]\n"
	      "                           [--client NAME] [--user NAME]\n"
	      "End the sessions (NetSessionDel) of UserName from ClientName on ServerName\n"
	      "(default: this computer).  Without ClientName every session of UserName\n"
	      "ends; without UserName every session from ClientName ends.  One of the\n"
	      "two is required: with neither, every session of the server would end,\n"
	      "so that is a usage error (exit status 2) and nothing is sent.\n"
	      "\n"
	      "Examples:\n"
	      "  netsess del '\\\\srv' '\\\\10.0.0.5' bob   bob's sessions from 10.0.0.5\n"
	      "  netsess del '\\\\srv' bob               all of bob's sessions\n"
	      "  netsess del '\\\\srv' '\\\\10.0.0.5'      all sessions from 10.0.0.5\n"
	      "  netsess del --client 10.0.0.5         the same on this computer\n"
	      "\n",
	      out);
	fputs(cli_help_names, out);
	fputs("\n", out);
	fputs(cli_help_connection, out);
	fputs("\n", out);
	fputs(cli_help_exit, out);
}

static void cli_help_enum(FILE *out)
{
	fputs("Usage: netsess [options] enum [\\\\ServerName] [--level 0|1|2|10|502]\n"
	      "                            [--client NAME] [--user NAME] [--json[=v1|v2]]\n"
	      "List the sessions (NetSessionEnum) of ServerName (default: this computer).\n"
	      "The single word is ServerName; the leading \\\\ is optional.\n"
	      "\n"
	      "  --level N     information level (default 1); a server that lacks it\n"
	      "                answers from a lower one, which is noted on stderr\n"
	      "  --client NAME only sessions from this client\n"
	      "  --user NAME   only sessions of this user\n",
	      out);
	fputs(cli_help_json, out);
	fputs("\n", out);
	fputs(cli_help_connection, out);
	fputs("\n", out);
	fputs(cli_help_exit, out);
}

static void cli_help_info(FILE *out)
{
	fputs("Usage: netsess [options] info \\\\ServerName \\\\ClientName UserName\n"
	      "                            [--level 0|1|2|10|502] [--json[=v1|v2]]\n"
	      "Show the sessions of UserName from ClientName (NetSessionGetInfo).\n"
	      "For this computer give \"\" as ServerName: a single \\\\ word is the\n"
	      "server, as for del.\n"
	      "Both names are required: without either it is a usage error (exit\n"
	      "status 2) and nothing is sent.  --level and --json work as for enum.\n"
	      "\n",
	      out);
	fputs(cli_help_names, out);
	fputs("\n", out);
	fputs(cli_help_connection, out);
	fputs("\n", out);
	fputs(cli_help_exit, out);
}

static void cli_help_check(FILE *out)
{
	fputs("Usage: netsess [options] check [\\\\ServerName] [-w RANGE] [-c RANGE]\n"
	      "              [--user NAME] [--client NAME] [--max-idle SECONDS]\n"
	      "A Nagios/Icinga plugin (monitoring-plugins conventions): count the\n"
	      "sessions of ServerName (default: this computer) and print one status\n"
	      "line with performance data, for example\n"
	      "  SMB SESSIONS OK - 12 sessions on fs1 | sessions=12;20;50;0 users=7;;;0 ...\n"
	      "\n"
	      "  -w, --warning RANGE   WARNING when the count raises RANGE's alert\n"
	      "  -c, --critical RANGE  CRITICAL when the count raises RANGE's alert\n"
	      "  --user NAME           count only the sessions of this user\n"
	      "  --client NAME         count only the sessions from this client\n"
	      "  --max-idle SECONDS    count only the sessions idle longer than SECONDS:\n"
	      "                        -w and -c then apply to that count (perfdata\n"
	      "                        idle_sessions)\n"
	      "Without -w and -c the state is OK whatever the count.\n"
	      "\n"
	      "RANGE: N alerts above N (and below 0); N: below N; ~:N above N;\n"
	      "N:M outside N..M; @N:M inside N..M (endpoints included).\n"
	      "  netsess check '\\\\fs1' -w 100 -c 200         over 100 / 200 sessions\n"
	      "  netsess check '\\\\fs1' --user backup -c 1:   CRITICAL: backup has none\n"
	      "  netsess check '\\\\fs1' --max-idle 3600 -w 0 -c 10\n"
	      "                     WARNING from 1, CRITICAL from 11 sessions idle > 1 h\n"
	      "\n"
	      "Performance data: sessions, users (distinct user names), clients\n"
	      "(distinct client names), and idle_sessions with --max-idle; the\n"
	      "thresholds go with the count they apply to.\n"
	      "\n",
	      out);
	fputs(cli_help_connection, out);
	fputs("\n", out);
	fputs(cli_help_check_exit, out);
}

void cli_help_print(FILE *out, enum cli_command cmd)
{
	switch (cmd) {
	case CLI_CMD_DEL:
		cli_help_del(out);
		return;
	case CLI_CMD_ENUM:
		cli_help_enum(out);
		return;
	case CLI_CMD_INFO:
		cli_help_info(out);
		return;
	case CLI_CMD_CHECK:
		cli_help_check(out);
		return;
	case CLI_CMD_NONE:
		break;
	}
	cli_help_main(out);
}

void cli_version_print(FILE *out)
{
	fprintf(out, "netsess (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
}
