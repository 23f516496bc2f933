/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker.h - one thread per managed server.  It keeps the server's
 * \PIPE\srvsvc open in its own netsess context, held by the server's RPC
 * process (rpcproc.h), polls with NetrSessionEnum every poll interval,
 * carries out NetrSessionDel requests as soon as they are queued (then
 * polls again at once), and reports everything through the channel.  A worker never calls Net-SNMP
 * and never logs by itself.
 */
#ifndef NETSESSD_WORKER_H
#define NETSESSD_WORKER_H

#include <stdbool.h>
#include "config/nsd_config.h"
#include "netsess.h"

struct nsd_chan;

enum nsd_delreq_state {
	NSD_DEL_QUEUED,    /* waiting in the worker's queue */
	NSD_DEL_RUNNING,   /* NetrSessionDel in progress */
	NSD_DEL_DONE,      /* result set, NSD_MSG_DELETE posted */
	NSD_DEL_CANCELLED, /* taken back before it ran; nothing was sent */
};

/*
 * A NetrSessionDel request.  Owned by the agent thread, which usually
 * embeds it in its own bookkeeping; the worker borrows it from
 * nsd_worker_submit() until it posts NSD_MSG_DELETE for it (or the agent
 * cancels it) and touches nothing else.
 */
struct nsd_delreq {
	struct nsd_delreq *next;     /* the worker's queue; under its lock */
	enum nsd_delreq_state state; /* under the worker's lock */
	const char *client;          /* NULL: all clients; no backslashes */
	const char *user;            /* NULL: all users */
	netsess_status_t result;     /* set before NSD_MSG_DELETE is posted */
	unsigned elapsed_ms;         /* likewise */
};

struct nsd_worker;

/*
 * Starts the worker of a server.  srv must stay valid and unchanged until
 * nsd_worker_join(); chan outlives the worker.  owner is the caller's
 * (returned by nsd_worker_owner).  The first poll starts at once.  Returns
 * NULL with errno set when the thread cannot be created.
 */
struct nsd_worker *nsd_worker_start(const struct nsd_server *srv, struct nsd_chan *chan,
                                    void *owner);
void *nsd_worker_owner(const struct nsd_worker *w);

/* Queues a delete; requests run in the order they were submitted, before
 * any further poll. */
void nsd_worker_submit(struct nsd_worker *w, struct nsd_delreq *req);
/* Takes a request back if it has not started: returns true and the request
 * is NSD_DEL_CANCELLED (no message will come for it); false when it is
 * running or done (its NSD_MSG_DELETE comes or has come). */
bool nsd_worker_cancel(struct nsd_worker *w, struct nsd_delreq *req);

/*
 * Asks the worker to end after its current call.  Requests still queued
 * then come back as NSD_MSG_DELETE with state NSD_DEL_CANCELLED, and
 * NSD_MSG_EXIT is the last message; after it, call nsd_worker_join().
 */
void nsd_worker_stop(struct nsd_worker *w);
/* Joins the thread and frees the worker.  Only after stop; blocks until
 * the thread has ended.  NULL is fine. */
void nsd_worker_join(struct nsd_worker *w);

#endif
