/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * spawn.h - starting the helper process of one managed server
 * (netsessd-rpc).  This is the whole interface between netsessd and how a
 * helper comes to be: "start a helper for server N" gives a connected
 * socket and a pid; everything else (the messages, the deadlines, ending
 * and reaping it) is the caller's.
 */
#ifndef NETSESSD_HELPER_SPAWN_H
#define NETSESSD_HELPER_SPAWN_H

#include <sys/types.h>

/* The name of the program, installed in $(libexecdir)/netsessd. */
#define NSD_HELPER_PROGRAM "netsessd-rpc"
/* The descriptor of its end of the socketpair in the helper. */
#define NSD_HELPER_FD 3

/*
 * Starts a helper for server server_index (which appears in its argv, for
 * ps).  It runs with descriptors 0 and 1 on /dev/null, netsessd's stderr
 * as 2, its end of a socketpair as NSD_HELPER_FD and nothing else open; no
 * signal blocked, every signal at its default action; and an environment
 * reduced to what libsmbclient and Kerberos read (nsd_spawn_env_kept).
 * On success returns 0, *fd is our end (non-blocking, close-on-exec) and
 * *pid the process; both the caller's.  Otherwise returns an errno value.
 */
int nsd_spawn_helper(unsigned server_index, int *fd, pid_t *pid);

/* The program nsd_spawn_helper() runs (for log lines).  Static storage. */
const char *nsd_spawn_program(void);

/* True for a NAME=value entry of netsessd's environment that a helper
 * keeps.  Pure. */
int nsd_spawn_env_kept(const char *entry);

#endif
