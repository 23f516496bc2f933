/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * password.h - where the password comes from, and asking for it on the
 * terminal without echo.
 */
#ifndef NETSESS_CLI_PASSWORD_H
#define NETSESS_CLI_PASSWORD_H

#include "cli/args.h"

enum cli_pw_source {
	CLI_PW_ARGUMENT, /* -U user%password */
	CLI_PW_ENV,      /* $PASSWD */
	CLI_PW_NONE,     /* -k or -A: the credential cache or the file has it */
	CLI_PW_PROMPT,   /* ask on /dev/tty */
};

/* Longest password accepted from the terminal, in bytes. */
#define CLI_PW_MAX 1024

/* The rule, in order: -U's password; -k or -A need none; $PASSWD
 * (env_passwd, may be NULL); else ask. */
enum cli_pw_source cli_password_source(const struct cli_args *a, const char *env_passwd);

/*
 * Writes prompt to /dev/tty and reads one line from it with echo off; the
 * terminal settings are restored before returning, also when a signal
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT) interrupts the read, which is then
 * re-raised.  On success returns 0 and *out is the caller's, to be released
 * with cli_password_free().  Returns -1 with errno set when there is no
 * terminal (ENXIO and the like), on end of input (ENODATA) or when the
 * line is longer than CLI_PW_MAX (EMSGSIZE).
 */
int cli_password_prompt(const char *prompt, char **out);

/* The same on the terminal open on fd (which it does not close): the
 * prompt is written to fd and the line read from it.  Errors as above;
 * ENOTTY when fd is not a terminal. */
int cli_password_read(int fd, const char *prompt, char **out);

/* Wipes and frees; NULL is fine. */
void cli_password_free(char *pw);

#endif
