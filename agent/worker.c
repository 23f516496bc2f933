/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * worker.c - the per-server thread: NetrSessionEnum polls and NetrSessionDel
 * calls ([MS-SRVS] 3.1.4.5, 3.1.4.6) over one kept-open netsess context.
 *
 * The context itself lives in the server's RPC process (rpcproc.h): this
 * thread decides what to call and when, the process makes the library
 * call and sends the result back.  libsmbclient is not thread-safe in
 * every build, and within one process its calls are serialised; with a
 * process per server, a server that hangs until the call timeout holds up
 * only its own worker, and a crash ends only its own process.  The
 * process lives as long as the context: it is started when a context is
 * needed, and ended after a failure below the RPC layer (the next call
 * starts afresh), when its process has ended while idle, and when the
 * worker ends.  What became of a process that ended abnormally goes to
 * the log through the channel.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include "chan.h"
#include "config/server_options.h"
#include "rpcproc.h"
#include "worker.h"

/* The richest level; the library answers from a lower one when the server
 * lacks it (Samba serves 1) and says so in level_served. */
#define WORKER_ENUM_LEVEL 502u

/*
 * NetrSessionDel returns before the server has torn the sessions down (Samba
 * tells each session's process to exit and answers at once), so a poll made
 * right after can still list them.  After a successful delete the worker
 * polls again, with growing pauses, until the ended sessions are gone or
 * WORKER_SETTLE_MS has passed (a client that reconnects at once shows up
 * then), and only that snapshot is reported.
 */
#define WORKER_SETTLE_MS 2000u
#define WORKER_SETTLE_FIRST_MS 20u
#define WORKER_SETTLE_MAX_PAUSE_MS 400u

/* The names of a successful delete whose sessions may still be listed. */
struct worker_settle {
	struct worker_settle *next;
	char *client; /* NULL: any */
	char *user;   /* NULL: any */
	uint64_t deadline;
};

struct nsd_worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	const struct nsd_server *srv;
	struct nsd_chan *chan;
	void *owner;

	/* Under lock. */
	bool stop;
	bool poll_now;
	struct nsd_delreq *head;
	struct nsd_delreq *tail;

	/* The worker thread's own. */
	struct nsd_rpc *rpc; /* the server's RPC process, holding the context */
	struct worker_settle *settle;
};

static uint64_t worker_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static struct timespec worker_deadline(uint64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000u);
	ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
	return ts;
}

/* Logs what became of an RPC process that ended abnormally, if anything. */
static void worker_rpc_event(struct nsd_worker *w)
{
	char line[256];

	if (nsd_rpc_take_event(w->rpc, line, sizeof(line)))
		nsd_chan_log(w->chan, w, LOG_WARNING, "%s", line);
}

/* Opens a context with fresh options: the secret is read again each time,
 * so a corrected password file is picked up at the next attempt. */
static netsess_status_t worker_ctx(struct nsd_worker *w)
{
	struct nsd_server_auth holder;
	struct netsess_options opts;
	netsess_status_t rc;

	if (nsd_rpc_ready(w->rpc))
		return NERR_Success;
	worker_rpc_event(w);
	memset(&holder, 0, sizeof(holder));
	memset(&opts, 0, sizeof(opts));
	rc = nsd_server_options(w->srv, &holder, &opts);
	if (rc == NERR_Success)
		rc = nsd_rpc_ctx_new(w->rpc, &opts);
	nsd_server_auth_clear(&holder);
	return rc;
}

/* After a failure the context is dropped; the next call starts afresh. */
static void worker_ctx_drop(struct nsd_worker *w, netsess_status_t rc)
{
	if (rc != NERR_Success && netsess_status_is_local(rc))
		nsd_rpc_ctx_free(w->rpc);
	worker_rpc_event(w);
}

static void worker_settle_free(struct worker_settle *st)
{
	free(st->client);
	free(st->user);
	free(st);
}

/* Remembers a successful delete (dropped silently when out of memory: the
 * snapshot is then merely reported earlier). */
static void worker_settle_add(struct nsd_worker *w, const struct nsd_delreq *req)
{
	struct worker_settle *st = calloc(1, sizeof(*st));

	if (!st)
		return;
	if ((req->client && !(st->client = strdup(req->client))) ||
	    (req->user && !(st->user = strdup(req->user)))) {
		worker_settle_free(st);
		return;
	}
	st->deadline = worker_now_ms() + WORKER_SETTLE_MS;
	st->next = w->settle;
	w->settle = st;
}

/* SMB user and computer names compare without regard to (ASCII) case. */
static bool worker_name_match(const char *want, const char *have)
{
	return !want || (have && strcasecmp(want, have) == 0);
}

static bool worker_settle_listed(const struct worker_settle *st,
                                 const struct netsess_session_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (worker_name_match(st->client, list->items[i].client) &&
		    worker_name_match(st->user, list->items[i].user))
			return true;
	return false;
}

/* True when the list still shows sessions a recent delete ended; drops the
 * deletes whose sessions are gone or whose time is up. */
static bool worker_settling(struct nsd_worker *w, const struct netsess_session_list *list)
{
	struct worker_settle **pp = &w->settle;
	uint64_t now = worker_now_ms();
	bool settling = false;

	while (*pp) {
		struct worker_settle *st = *pp;

		if (now < st->deadline && worker_settle_listed(st, list)) {
			settling = true;
			pp = &st->next;
			continue;
		}
		*pp = st->next;
		worker_settle_free(st);
	}
	return settling;
}

/* Sleeps ms unless a delete or a stop comes first; false if one did. */
static bool worker_pause(struct nsd_worker *w, unsigned ms)
{
	uint64_t until = worker_now_ms() + ms;
	bool quiet;

	pthread_mutex_lock(&w->lock);
	while (!w->stop && !w->head && worker_now_ms() < until) {
		struct timespec dl = worker_deadline(until);

		pthread_cond_timedwait(&w->cond, &w->lock, &dl);
	}
	quiet = !w->stop && !w->head;
	pthread_mutex_unlock(&w->lock);
	return quiet;
}

static netsess_status_t worker_enum(struct nsd_worker *w, struct netsess_session_list **list)
{
	netsess_status_t rc;

	*list = NULL;
	rc = worker_ctx(w);
	if (rc == NERR_Success)
		rc =
		    nsd_rpc_session_enum(w->rpc, w->srv->host, NULL, NULL, WORKER_ENUM_LEVEL, list);
	worker_ctx_drop(w, rc);
	return rc;
}

/* One poll, reported as NSD_MSG_POLL (see WORKER_SETTLE_MS). */
static void worker_poll(struct nsd_worker *w)
{
	struct netsess_session_list *list;
	struct nsd_msg *msg;
	unsigned pause = WORKER_SETTLE_FIRST_MS;
	uint64_t t0;
	netsess_status_t rc;

	for (;;) {
		t0 = worker_now_ms();
		rc = worker_enum(w, &list);
		if (rc != NERR_Success || !worker_settling(w, list))
			break;
		netsess_session_list_free(list);
		if (!worker_pause(w, pause))
			return; /* a delete first; it polls again afterwards */
		pause =
		    pause * 2 > WORKER_SETTLE_MAX_PAUSE_MS ? WORKER_SETTLE_MAX_PAUSE_MS : pause * 2;
	}
	msg = nsd_msg_new(NSD_MSG_POLL, w);
	if (!msg) {
		netsess_session_list_free(list);
		return;
	}
	msg->status = rc;
	msg->list = rc == NERR_Success ? list : NULL;
	msg->elapsed_ms = (unsigned)(worker_now_ms() - t0);
	nsd_chan_post(w->chan, msg);
}

/* NetrSessionDel(server, "\\" client, user); the client goes with the
 * backslashes the UNC form wants ([MS-SRVS] 3.1.4.6). */
static netsess_status_t worker_del_call(struct nsd_worker *w, const struct nsd_delreq *req)
{
	char *unc = NULL;
	netsess_status_t rc;

	if (req->client && asprintf(&unc, "\\\\%s", req->client) < 0)
		return ERROR_NOT_ENOUGH_MEMORY;
	rc = worker_ctx(w);
	if (rc == NERR_Success)
		rc = nsd_rpc_session_del(w->rpc, w->srv->host, unc, req->user);
	free(unc);
	worker_ctx_drop(w, rc);
	return rc;
}

static void worker_delete(struct nsd_worker *w, struct nsd_delreq *req)
{
	struct nsd_msg *msg = nsd_msg_new(NSD_MSG_DELETE, w);
	uint64_t t0 = worker_now_ms();
	netsess_status_t rc;

	rc = worker_del_call(w, req);
	if (rc == NERR_Success)
		worker_settle_add(w, req);
	pthread_mutex_lock(&w->lock);
	req->result = rc;
	req->elapsed_ms = (unsigned)(worker_now_ms() - t0);
	req->state = NSD_DEL_DONE;
	w->poll_now = true;
	pthread_mutex_unlock(&w->lock);
	if (!msg) {
		/* Out of memory: the agent's timeout answers the request; the
		 * request itself stays the agent's. */
		return;
	}
	msg->status = rc;
	msg->req = req;
	msg->elapsed_ms = req->elapsed_ms;
	nsd_chan_post(w->chan, msg);
}

/* Waits for work.  Returns with the lock held. */
static void worker_wait(struct nsd_worker *w, uint64_t next_poll)
{
	while (!w->stop && !w->head && !w->poll_now) {
		struct timespec dl;

		if (worker_now_ms() >= next_poll)
			return;
		dl = worker_deadline(next_poll);
		pthread_cond_timedwait(&w->cond, &w->lock, &dl);
	}
}

/* Hands back the requests that never ran, then says goodbye. */
static void worker_exit(struct nsd_worker *w)
{
	struct nsd_delreq *req, *next;
	struct nsd_msg *msg;

	pthread_mutex_lock(&w->lock);
	req = w->head;
	w->head = w->tail = NULL;
	for (next = req; next; next = next->next)
		next->state = NSD_DEL_CANCELLED;
	pthread_mutex_unlock(&w->lock);
	for (; req; req = next) {
		next = req->next;
		msg = nsd_msg_new(NSD_MSG_DELETE, w);
		if (!msg)
			continue;
		msg->status = NETSESS_E_TIMEOUT;
		msg->req = req;
		nsd_chan_post(w->chan, msg);
	}
	nsd_rpc_free(w->rpc);
	w->rpc = NULL;
	while (w->settle) {
		struct worker_settle *st = w->settle;

		w->settle = st->next;
		worker_settle_free(st);
	}
	msg = nsd_msg_new(NSD_MSG_EXIT, w);
	if (msg)
		nsd_chan_post(w->chan, msg);
}

static void *worker_main(void *arg)
{
	struct nsd_worker *w = arg;
	uint64_t next_poll = 0;

	for (;;) {
		struct nsd_delreq *req;

		pthread_mutex_lock(&w->lock);
		worker_wait(w, next_poll);
		if (w->stop) {
			pthread_mutex_unlock(&w->lock);
			break;
		}
		req = w->head;
		if (req) {
			w->head = req->next;
			if (!w->head)
				w->tail = NULL;
			req->next = NULL;
			req->state = NSD_DEL_RUNNING;
			pthread_mutex_unlock(&w->lock);
			worker_delete(w, req);
			continue;
		}
		w->poll_now = false;
		pthread_mutex_unlock(&w->lock);
		worker_poll(w);
		next_poll = worker_now_ms() + w->srv->poll_interval_ms;
	}
	worker_exit(w);
	return NULL;
}

static int worker_init_sync(struct nsd_worker *w)
{
	pthread_condattr_t attr;
	int rc;

	rc = pthread_condattr_init(&attr);
	if (rc != 0)
		return rc;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (rc != 0)
		return rc;
	rc = pthread_mutex_init(&w->lock, NULL);
	if (rc != 0)
		pthread_cond_destroy(&w->cond);
	return rc;
}

struct nsd_worker *nsd_worker_start(const struct nsd_server *srv, struct nsd_chan *chan,
                                    void *owner)
{
	struct nsd_worker *w = calloc(1, sizeof(*w));
	sigset_t all, old;
	int rc;

	if (!w)
		return NULL;
	w->srv = srv;
	w->chan = chan;
	w->owner = owner;
	w->rpc = nsd_rpc_new(srv->index);
	if (!w->rpc) {
		rc = ENOMEM;
		goto out_free_w;
	}
	rc = worker_init_sync(w);
	if (rc != 0)
		goto out_free_rpc;
	/* Signals belong to the agent thread (its self-pipe). */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		goto out_destroy_sync;
	return w;

out_destroy_sync:
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
out_free_rpc:
	nsd_rpc_free(w->rpc);
out_free_w:
	free(w);
	errno = rc;
	return NULL;
}

void *nsd_worker_owner(const struct nsd_worker *w)
{
	return w->owner;
}

void nsd_worker_submit(struct nsd_worker *w, struct nsd_delreq *req)
{
	req->next = NULL;
	req->state = NSD_DEL_QUEUED;
	pthread_mutex_lock(&w->lock);
	if (w->tail)
		w->tail->next = req;
	else
		w->head = req;
	w->tail = req;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

bool nsd_worker_cancel(struct nsd_worker *w, struct nsd_delreq *req)
{
	struct nsd_delreq **pp, *prev = NULL;
	bool taken = false;

	pthread_mutex_lock(&w->lock);
	if (req->state == NSD_DEL_QUEUED) {
		for (pp = &w->head; *pp; prev = *pp, pp = &(*pp)->next) {
			if (*pp != req)
				continue;
			*pp = req->next;
			if (w->tail == req)
				w->tail = prev;
			req->next = NULL;
			req->state = NSD_DEL_CANCELLED;
			taken = true;
			break;
		}
	}
	pthread_mutex_unlock(&w->lock);
	return taken;
}

void nsd_worker_stop(struct nsd_worker *w)
{
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

void nsd_worker_join(struct nsd_worker *w)
{
	if (!w)
		return;
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	free(w);
}
