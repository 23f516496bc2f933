/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spawn.h - starting the zygote: netsessd-rpc in the mode where it loads
 * and initialises the libraries once and then forks the helper of each
 * managed server (zygote.h, rpc_zygote.h).  This is the one place that
 * knows how a program is started: "start the zygote" gives a connected
 * socket and a pid; everything else (the messages, ending and reaping it)
 * is the caller's.
 */
#ifndef NETSESSD_HELPER_SPAWN_H
#define NETSESSD_HELPER_SPAWN_H

#include <sys/types.h>

/* The name of the program, installed in $(libexecdir)/netsessd. */
#define NSD_HELPER_PROGRAM "netsessd-rpc"
/* The descriptor of its end of the socketpair: in the zygote, and in each
 * helper it forks (there the helper's own socket). */
#define NSD_HELPER_FD 3
/* The zygote's argument.  Each helper writes its server index over it,
 * so that ps shows "netsessd-rpc INDEX". */
#define NSD_ZYGOTE_ARG "zygote"

/*
 * Starts "netsessd-rpc zygote".  It runs with descriptors 0 and 1 on
 * /dev/null, netsessd's stderr as 2, its end of a SOCK_SEQPACKET
 * socketpair as NSD_HELPER_FD and nothing else open; no signal blocked,
 * every signal at its default action; and an environment reduced to what
 * libsmbclient and Kerberos read (nsd_spawn_env_kept), which the helpers
 * it forks inherit.  On success returns 0, *fd is our end (non-blocking,
 * close-on-exec) and *pid the process; both the caller's.  Otherwise
 * returns an errno value.
 */
int nsd_spawn_zygote(int *fd, pid_t *pid);

/* The program nsd_spawn_zygote() runs (for log lines).  Static storage. */
const char *nsd_spawn_program(void);

/* True for a NAME=value entry of netsessd's environment that the zygote
 * and the helpers keep.  Pure. */
int nsd_spawn_env_kept(const char *entry);

#endif
