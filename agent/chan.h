/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chan.h - the one way worker threads talk to the agent thread: a FIFO of
 * messages behind a mutex, and an eventfd the agent thread watches
 * (register_readfd) so it never waits for a worker.
 */
#ifndef NETSESSD_CHAN_H
#define NETSESSD_CHAN_H

#include <stdint.h>
#include "netsess.h"

struct nsd_delreq;

enum nsd_msg_kind {
	NSD_MSG_POLL,   /* a finished NetrSessionEnum */
	NSD_MSG_DELETE, /* a finished NetrSessionDel */
	NSD_MSG_LOG,    /* a line for the log */
	NSD_MSG_EXIT,   /* the worker has ended: the last message it sends */
};

struct nsd_msg {
	struct nsd_msg *next;
	enum nsd_msg_kind kind;
	void *sender;                      /* the struct nsd_worker */
	netsess_status_t status;           /* POLL, DELETE */
	struct netsess_session_list *list; /* POLL on success; owned by the message */
	unsigned elapsed_ms;               /* POLL, DELETE: time the call took */
	struct nsd_delreq *req;            /* DELETE: not owned by the message */
	int priority;                      /* LOG: a syslog priority */
	char *text;                        /* LOG; owned by the message */
};

struct nsd_chan;

/* Creates a channel; NULL with errno set on failure.  Freed with
 * nsd_chan_free(), which also frees messages never taken. */
struct nsd_chan *nsd_chan_new(void);
void nsd_chan_free(struct nsd_chan *chan);
/* The descriptor that becomes readable when messages are waiting. */
int nsd_chan_fd(const struct nsd_chan *chan);

/* Appends a message and wakes the reader.  Takes ownership of msg.  Safe
 * from any thread. */
void nsd_chan_post(struct nsd_chan *chan, struct nsd_msg *msg);
/* Allocates a zeroed message of a kind; NULL when out of memory. */
struct nsd_msg *nsd_msg_new(enum nsd_msg_kind kind, void *sender);
/* Posts a NSD_MSG_LOG line built with printf formatting (dropped when out
 * of memory). */
void nsd_chan_log(struct nsd_chan *chan, void *sender, int priority, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Takes every waiting message, oldest first, and clears the wake-up.
 * The caller owns the list and frees each with nsd_msg_free(). */
struct nsd_msg *nsd_chan_take(struct nsd_chan *chan);
/* Frees a message and what it owns (list, text).  NULL is fine. */
void nsd_msg_free(struct nsd_msg *msg);

#endif
