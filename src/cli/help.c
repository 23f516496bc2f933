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
    "  -U USER[%PASSWORD]   user to connect as (default: $USER)\n"
    "  -W DOMAIN            domain or workgroup of USER\n"
    "  -A FILE              authentication file (username =, password =,\n"
    "                       domain = lines); must not be group/world-readable\n"
    "  -k, --kerberos       use the Kerberos credential cache\n"
    "  --keytab FILE        Kerberos with a ticket from the keytab FILE, as the\n"
    "                       principal given with -U (e.g. -U svc@EXAMPLE.LAN);\n"
    "                       must not be group/world-readable\n"
    "  -p, --port PORT      SMB port (default 445)\n"
    "  --timeout SECONDS    timeout of each call (default 10)\n"
    "  --signing off|if_required|required   SMB signing (default if_required)\n"
    "  --encrypt[=off|if_required|required]  SMB encryption (bare: required:\n"
    "                       an encrypted SMB3 session, or NETSESS_E_NOT_SUPPORTED\n"
    "                       from a server that cannot encrypt)\n"
    "The password comes from -U, else $PASSWD, else it is asked for on the\n"
    "terminal without echo (not with -k, --keytab or -A).\n";

static const char cli_help_exit[] =
    "Exit status: 0 success, 1 the call failed (the message names the\n"
    "NET_API_STATUS), 2 usage error.\n";

static void cli_help_main(FILE *out)
{
	fputs("Usage: netsess [options] COMMAND [names] [command options]\n"
	      "List, inspect and end the SMB sessions of a server\n"
	      "(NetSessionEnum, NetSessionGetInfo and NetSessionDel over MS-SRVS).\n"
	      "\n"
	      "Commands:\n"
	      "  del  [\\\\ServerName] [\\\\ClientName] [UserName]  end sessions\n"
	      "  enum [\\\\ServerName]                           list sessions\n"
	      "  info \\\\ServerName \\\\ClientName UserName       a user's sessions from a "
	      "client\n"
	      "  help [COMMAND]                                this text, or a command's\n"
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
}

static void cli_help_del(FILE *out)
{
	fputs("Usage: netsess [options] del [\\\\ServerName] [\\\\ClientName] [UserName]\n"
	      "                           [--client NAME] [--user NAME]\n"
	      "End the sessions (NetSessionDel) of UserName from ClientName on ServerName\n"
	      "(default: this computer).  Without ClientName every session of UserName\n"
	      "ends; without UserName every session from ClientName ends.  With neither,\n"
	      "nothing is sent and the call fails with ERROR_INVALID_PARAMETER (87),\n"
	      "exit status 1.\n"
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
	      "                            [--client NAME] [--user NAME] [--json]\n"
	      "List the sessions (NetSessionEnum) of ServerName (default: this computer).\n"
	      "The single word is ServerName; the leading \\\\ is optional.\n"
	      "\n"
	      "  --level N     information level (default 1); a server that lacks it\n"
	      "                answers from a lower one, which is noted on stderr\n"
	      "  --client NAME only sessions from this client\n"
	      "  --user NAME   only sessions of this user\n"
	      "  --json        one JSON array of objects, with the keys the served level\n"
	      "                provides: client, user, opens, time, idle_time,\n"
	      "                user_flags, client_type, transport\n"
	      "\n",
	      out);
	fputs(cli_help_connection, out);
	fputs("\n", out);
	fputs(cli_help_exit, out);
}

static void cli_help_info(FILE *out)
{
	fputs("Usage: netsess [options] info \\\\ServerName \\\\ClientName UserName\n"
	      "                            [--level 0|1|2|10|502] [--json]\n"
	      "Show the sessions of UserName from ClientName (NetSessionGetInfo).\n"
	      "For this computer give \"\" as ServerName: a single \\\\ word is the\n"
	      "server, as for del.\n"
	      "Both names are required: without them the call fails with\n"
	      "ERROR_INVALID_PARAMETER (87), exit status 1.  --level and --json work as\n"
	      "for enum.\n"
	      "\n",
	      out);
	fputs(cli_help_names, out);
	fputs("\n", out);
	fputs(cli_help_connection, out);
	fputs("\n", out);
	fputs(cli_help_exit, out);
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
	case CLI_CMD_NONE:
		break;
	}
	cli_help_main(out);
}

void cli_version_print(FILE *out)
{
	fprintf(out, "netsess (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
}
