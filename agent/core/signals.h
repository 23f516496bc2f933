/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * signals.h - signals turned into bytes on a pipe (the self-pipe trick), so
 * that SIGHUP, SIGTERM, SIGINT and SIGCHLD are handled by netsessd's loop
 * (loop.h) and no library call ever runs in a signal handler.
 */
#ifndef NETSESSD_CORE_SIGNALS_H
#define NETSESSD_CORE_SIGNALS_H

/* Installs the handlers of SIGHUP, SIGTERM, SIGINT and SIGCHLD and ignores
 * SIGPIPE (a write to a closed AgentX socket must not kill the daemon).
 * Returns 0, or -1 with errno set. */
int nsd_sig_init(void);
/* The pipe's read end, readable when a signal has arrived. */
int nsd_sig_fd(void);
/* The next signal that arrived, or 0 when none is waiting. */
int nsd_sig_take(void);
/* Restores the default handlers and closes the pipe. */
void nsd_sig_close(void);

#endif
