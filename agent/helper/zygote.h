/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * zygote.h - the zygote, seen from netsessd: the one process that starts
 * helpers.
 *
 * netsessd-rpc zygote (spawn.h, rpc_zygote.h) loads and initialises
 * libsmbclient once and forks the helper of each managed server from that
 * state, so that the libraries' pages stay shared by all helpers.  Each
 * helper becomes netsessd's child (netsessd is a child subreaper), so that
 * netsessd reaps it and may signal it (procs.h) as if it had started it.
 *
 * A request for a helper is one object, struct nsd_fork: {id, deadline,
 * completion, cookie}, made in nsd_zygote_fork() and finished in one place,
 * which calls the completion once, from the loop: with the new helper's
 * socket and pid, or with an errno value (the zygote cannot be started,
 * the zygote left it unanswered NSD_ZYGOTE_FORK_LIMIT_MS after it was sent:
 * ETIMEDOUT, the zygote died before it was ready or twice while starting
 * it: ECHILD).
 *
 * The zygote is supervised like any helper: started when the first
 * helper is asked for; killed when it sends something malformed or leaves
 * a request unanswered past its deadline; its end is logged with its wait
 * status.  One that dies after it said READY is started again at once, and
 * the requests it had not answered are sent to the new one; one that dies
 * before is started again by the next request.  Helpers already running
 * never depend on it: they speak to netsessd over their own sockets.
 */
#ifndef NETSESSD_HELPER_ZYGOTE_H
#define NETSESSD_HELPER_ZYGOTE_H

#include <sys/types.h>

/* How long the zygote may take to answer a request once it is sent, its
 * own start (exec and loading the libraries) included: a zygote that
 * takes longer is stuck. */
#define NSD_ZYGOTE_FORK_LIMIT_MS 10000u
/* How long a zygote may take to exit once its socket is closed. */
#define NSD_ZYGOTE_EXIT_GRACE_MS 2000u

struct nsd_fork;

/*
 * The completion of a request.  err 0: the helper of the server runs as
 * pid, and fd is netsessd's end of its socket (a non-blocking,
 * close-on-exec stream socket); both are the callee's.  Otherwise err is
 * an errno value, fd is -1 and pid 0.
 */
typedef void (*nsd_fork_fn)(void *cookie, int err, int fd, pid_t pid);

/*
 * Asks for the helper of server index (1..65535, shown in its argv).  The
 * completion never runs inside this call.  Returns the request, or NULL
 * when out of memory (no completion then).
 */
struct nsd_fork *nsd_zygote_fork(unsigned index, nsd_fork_fn fn, void *cookie);

/* Takes a request back: its completion never runs.  A helper started for
 * it all the same is killed and reaped quietly. */
void nsd_fork_cancel(struct nsd_fork *f);

/* SIGHUP: the helpers started from now on come from a new zygote (which
 * reads smb.conf and runs the netsessd-rpc installed now).  Running
 * helpers and requests are unaffected. */
void nsd_zygote_restart(void);

/* Ends the zygote now (netsessd stops); requests still waiting end with
 * ECANCELED.  It is reaped like a helper.  A later request would start a
 * new one. */
void nsd_zygote_stop(void);

/* The zygote's pid, 0 when none runs. */
pid_t nsd_zygote_pid(void);

#endif
