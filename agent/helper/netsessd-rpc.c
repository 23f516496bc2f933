/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * netsessd-rpc.c - the zygote and the helper processes of netsessd.
 *
 *   netsessd-rpc zygote      (started by netsessd only)
 *
 * netsessd starts it (helper/spawn.c) with its end of a SOCK_SEQPACKET
 * socketpair as descriptor NSD_HELPER_FD.  It loads and initialises
 * libsmbclient and what Samba would load on the first connection
 * (netsess_preload), without connecting anywhere and without any
 * credential, then becomes the zygote (rpc_zygote.h): on each request it
 * forks the helper of one managed server, which serves that server's
 * requests on a socket of its own (rpc_serve.h) and shows as
 * "netsessd-rpc INDEX" in ps.
 *
 * It makes itself non-dumpable before anything else: the kernel then
 * writes no core file of it or of the helpers it forks, and gives their
 * /proc files (their memory, their environment) to root, for processes
 * with CAP_SYS_PTRACE only; a helper holds a password.  It exits when
 * netsessd closes its socket (EOF), and at once on a malformed request;
 * netsessd sees EOF.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netsess.h"
#include "rpc_serve.h"
#include "rpc_zygote.h"
#include "spawn.h"

enum { RPC_EXIT_USAGE = 2 };

/* 0, 1 and 2 open (on /dev/null when they are not), so that nothing the
 * libraries open lands there; every descriptor above ours closed. */
static void rpc_descriptors(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
			_exit(1);
	}
	closefrom(NSD_HELPER_FD + 1);
}

static bool rpc_fd_is_socket(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

int main(int argc, char **argv)
{
	/* First of all: the helpers forked from here will hold passwords. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (argc != 2 || strcmp(argv[1], NSD_ZYGOTE_ARG) != 0 || !rpc_fd_is_socket(NSD_HELPER_FD)) {
		fprintf(stderr, "%s: internal program of netsessd, not to be run by hand\n",
		        NSD_HELPER_PROGRAM);
		return RPC_EXIT_USAGE;
	}
	/* netsessd manages these processes: a write to a closed connection
	 * is an error to return, and the terminal's signals are netsessd's. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	rpc_descriptors();
	/* Out of memory here only means that each helper loads what is
	 * missing itself. */
	(void)netsess_preload();
	return nsd_zygote_run(argv[1], strlen(argv[1]) + 1, nsd_rpc_serve);
}
