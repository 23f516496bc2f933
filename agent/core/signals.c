/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signals.c - the self-pipe: the handler only writes the signal number.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "signals.h"

static int sig_pipe[2] = {-1, -1};
static const int sig_caught[] = {SIGHUP, SIGTERM, SIGINT, SIGCHLD};

static void sig_handler(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;
	ssize_t n;

	/* A full pipe drops the byte: enough of them are already waiting
	 * (and one SIGCHLD reaps every child that has ended). */
	n = write(sig_pipe[1], &b, 1);
	(void)n;
	errno = saved;
}

int nsd_sig_init(void)
{
	struct sigaction sa;
	size_t i;

	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		return -1;
	sa.sa_handler = sig_handler;
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sig_caught) / sizeof(sig_caught[0]); i++)
		if (sigaction(sig_caught[i], &sa, NULL) != 0)
			return -1;
	return 0;
}

int nsd_sig_fd(void)
{
	return sig_pipe[0];
}

int nsd_sig_take(void)
{
	unsigned char b;
	ssize_t n;

	do {
		n = read(sig_pipe[0], &b, 1);
	} while (n < 0 && errno == EINTR);
	return n == 1 ? b : 0;
}

void nsd_sig_close(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sig_caught) / sizeof(sig_caught[0]); i++)
		sigaction(sig_caught[i], &sa, NULL);
	for (i = 0; i < 2; i++) {
		if (sig_pipe[i] >= 0)
			close(sig_pipe[i]);
		sig_pipe[i] = -1;
	}
}
