/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * help.h - the text of --help, per command, and of --version.
 */
#ifndef NETSESS_CLI_HELP_H
#define NETSESS_CLI_HELP_H

#include <stdio.h>

#include "cli/args.h"

/* Writes the help for cmd (CLI_CMD_NONE: the whole program) to out. */
void cli_help_print(FILE *out, enum cli_command cmd);
/* Writes "netsess (PACKAGE) VERSION" to out. */
void cli_version_print(FILE *out);

#endif
