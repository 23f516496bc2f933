/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * password.c - the password's source and the no-echo prompt (POSIX
 * termios, General Terminal Interface: ECHO in c_lflag).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/password.h"

enum cli_pw_source cli_password_source(const struct cli_args *a, const char *env_passwd)
{
	if (a->password != NULL)
		return CLI_PW_ARGUMENT;
	if (a->kerberos || a->auth_file != NULL || a->keytab != NULL)
		return CLI_PW_NONE;
	if (env_passwd != NULL)
		return CLI_PW_ENV;
	return CLI_PW_PROMPT;
}

void cli_password_free(char *pw)
{
	if (pw == NULL)
		return;
	explicit_bzero(pw, strlen(pw));
	free(pw);
}

/* Signals that would otherwise leave the terminal without echo. */
static const int cli_pw_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define CLI_PW_NSIG (sizeof(cli_pw_signals) / sizeof(cli_pw_signals[0]))

static volatile sig_atomic_t cli_pw_caught;

static void cli_pw_on_signal(int sig)
{
	cli_pw_caught = sig;
}

/* Handlers without SA_RESTART, so that read() returns EINTR. */
static void cli_pw_catch(struct sigaction old[CLI_PW_NSIG])
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cli_pw_on_signal;
	sigemptyset(&sa.sa_mask);
	cli_pw_caught = 0;
	for (i = 0; i < CLI_PW_NSIG; i++)
		sigaction(cli_pw_signals[i], &sa, &old[i]);
}

static void cli_pw_release(const struct sigaction old[CLI_PW_NSIG])
{
	size_t i;

	for (i = 0; i < CLI_PW_NSIG; i++)
		sigaction(cli_pw_signals[i], &old[i], NULL);
}

/* Reads up to '\n' into buf (CLI_PW_MAX + 1 bytes); the newline is dropped. */
static int cli_pw_read_line(int fd, char *buf)
{
	size_t n = 0;
	bool too_long = false;

	for (;;) {
		char ch;
		ssize_t r = read(fd, &ch, 1);

		if (r < 0)
			return -1;
		if (r == 0) {
			errno = ENODATA;
			return -1;
		}
		if (ch == '\n')
			break;
		if (n == CLI_PW_MAX)
			too_long = true;
		else
			buf[n++] = ch;
	}
	buf[n] = '\0';
	if (too_long) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/* Echo off, prompt, read, echo back on.  The prompt is written only once
 * echo is off: TCSAFLUSH discards what was typed before, so a prompt shown
 * earlier could lose an answer typed right after it. */
static int cli_pw_read_noecho(int fd, const char *prompt, char *buf)
{
	struct termios old, quiet;
	struct sigaction oldsa[CLI_PW_NSIG];
	int rc, saved;

	if (tcgetattr(fd, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	cli_pw_catch(oldsa);
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		saved = errno;
		cli_pw_release(oldsa);
		errno = saved;
		return -1;
	}
	rc = -1;
	if (write(fd, prompt, strlen(prompt)) >= 0)
		rc = cli_pw_read_line(fd, buf);
	saved = errno;
	tcsetattr(fd, TCSAFLUSH, &old);
	cli_pw_release(oldsa);
	if (cli_pw_caught != 0)
		raise(cli_pw_caught);
	errno = saved;
	return rc;
}

int cli_password_read(int fd, const char *prompt, char **out)
{
	char *buf = malloc(CLI_PW_MAX + 1);
	int saved;

	if (buf == NULL)
		return -1;
	if (cli_pw_read_noecho(fd, prompt, buf) != 0) {
		saved = errno;
		explicit_bzero(buf, CLI_PW_MAX + 1);
		free(buf);
		errno = saved;
		return -1;
	}
	*out = buf;
	return 0;
}

int cli_password_prompt(const char *prompt, char **out)
{
	int fd, rc, saved;

	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = cli_password_read(fd, prompt, out);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}
