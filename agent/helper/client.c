/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * client.c - netsessd's side of a server's helper process (client.h):
 * the call queue, one request in flight, its deadline, the socket, and
 * the process's life.
 *
 * Reading and writing never block: the socket is non-blocking and watched
 * on the loop, a reply is gathered as its octets arrive (its buffer grows
 * as they do, so a process cannot make us allocate more than twice what
 * it sent), and a request that does not fit the socket's buffer at once is
 * finished when the socket is writable again.
 */
#include "client.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "helper/procs.h"
#include "helper/tmpdir.h"
#include "helper/zygote.h"

/* A reply buffer starts this large and doubles as octets arrive. */
#define CLIENT_READ_CHUNK (64u * 1024u)

struct nsd_call {
	struct nsd_call *next; /* the queue */
	struct nsd_helper *h;
	uint32_t id;
	enum nsd_msg_kind kind;
	char *client;       /* DEL: without backslashes; NULL: unspecified */
	char *user;         /* DEL: NULL: unspecified */
	uint32_t level;     /* ENUM */
	uint64_t answer_by; /* DEL */
	unsigned limit_ms;
	bool urgent; /* a delete: ahead of queued enumerations */
	uint64_t sent_at;
	struct nsd_timer deadline;
	nsd_call_fn fn;
	void *cookie;
};

/* One process of the helper, until it is reaped. */
struct client_proc {
	struct client_proc *next;
	struct nsd_helper *h; /* NULL once the helper is gone */
	struct nsd_proc *proc;
	pid_t pid;
	char *tmpdir;     /* its TMPDIR, removed when it is reaped */
	bool ended_by_us; /* nothing to log when it exits */
	bool during_call; /* it went away while a call was in flight */
};

struct nsd_helper {
	unsigned index;
	char label[128];
	const char *host;
	struct nsd_msg_open open;

	struct nsd_fork *starting; /* a process is asked of the zygote */
	struct client_proc *cur;   /* the running process; NULL: none */
	struct client_proc *procs; /* ours, not reaped yet */
	int64_t ticket_end;        /* of the last ticket logged; 0: none yet */
	int fd;                    /* socket to cur; -1: none */
	struct nsd_watch watch;
	bool ready; /* cur has its context */

	uint8_t hdr[NSD_MSG_HEADER];
	size_t hdr_got;
	uint8_t *body;
	size_t body_want, body_got, body_cap;
	struct nsd_msg_frame out;
	size_t out_off;

	struct nsd_call *inflight;
	struct nsd_call *queue;
	uint32_t next_id;

	struct nsd_timer kick; /* sends from the loop, not from the caller */
	bool closing;
	void (*closed)(void *arg);
	void *closed_arg;
	struct nsd_timer close_timer;
};

static void client_pump(struct nsd_helper *h);

static void client_log(const struct nsd_helper *h, int priority, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void client_log(const struct nsd_helper *h, int priority, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	nsd_log(priority, "%s: %s", h->label, line);
}

/* ---- calls ------------------------------------------------------------- */

static void call_free(struct nsd_call *c)
{
	free(c->client);
	free(c->user);
	free(c);
}

/* How a call ended, beyond its status (struct nsd_call_result). */
enum { CALL_CANCELLED = 1, CALL_ABORTED = 2 };

/*
 * The one place a call ends: its completion runs once, with the result.
 * The call has already left the queue or the in-flight slot.
 */

static void call_finish(struct nsd_call *c, netsess_status_t status, unsigned how,
                        struct nsd_msg_reply *rep)
{
	struct nsd_call_result res = {status, how == CALL_CANCELLED, how == CALL_ABORTED, NULL, 0,
	                              NULL};

	nsd_timer_stop(&c->deadline);
	if (rep) {
		res.list = rep->list;
		rep->list = NULL;
		res.detail = rep->detail;
	}
	if (c->sent_at)
		res.elapsed_ms = (unsigned)(nsd_now_ms() - c->sent_at);
	c->fn(c->cookie, &res);
	netsess_session_list_free(res.list);
	call_free(c);
}

static void client_on_deadline(void *arg);

static struct nsd_call *call_new(struct nsd_helper *h, enum nsd_msg_kind kind, unsigned limit_ms,
                                 nsd_call_fn fn, void *cookie)
{
	struct nsd_call *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->h = h;
	c->kind = kind;
	c->limit_ms = limit_ms;
	c->fn = fn;
	c->cookie = cookie;
	nsd_timer_init(&c->deadline, client_on_deadline, c);
	return c;
}

/* Appends c; an urgent call goes after the urgent ones already waiting. */
static void queue_add(struct nsd_helper *h, struct nsd_call *c)
{
	struct nsd_call **pp = &h->queue;

	while (*pp && (!c->urgent || (*pp)->urgent))
		pp = &(*pp)->next;
	c->next = *pp;
	*pp = c;
}

static struct nsd_call *queue_pop(struct nsd_helper *h)
{
	struct nsd_call *c = h->queue;

	if (c) {
		h->queue = c->next;
		c->next = NULL;
	}
	return c;
}

/* ---- the process -------------------------------------------------------- */

static void client_read(struct nsd_helper *h);
static void client_lost(struct nsd_helper *h);

/* What is left of a process that has been reaped (or never started):
 * its directory, with any ticket in it, goes. */
static void client_proc_free(struct client_proc *rec)
{
	int err;

	if (rec->tmpdir) {
		err = nsd_tmpdir_remove(rec->tmpdir);
		if (err)
			nsd_log(LOG_WARNING, "cannot remove %s: %s", rec->tmpdir,
			        strerrordesc_np(err));
	}
	free(rec->tmpdir);
	free(rec);
}

/* A process has been reaped (SIGCHLD). */
static void client_on_exit(void *arg, int status)
{
	struct client_proc *rec = arg, **pp;
	struct nsd_helper *h = rec->h;
	char how[64];

	rec->proc = NULL; /* reaped: procs.c has let it go */
	if (h && rec == h->cur) {
		/* Reaped before its socket said so: what it wrote first still
		 * counts. */
		client_read(h);
		if (rec == h->cur)
			client_lost(h);
	}
	if (h) {
		for (pp = &h->procs; *pp; pp = &(*pp)->next) {
			if (*pp == rec) {
				*pp = rec->next;
				break;
			}
		}
		if (!rec->ended_by_us) {
			nsd_proc_describe(status, how, sizeof(how));
			client_log(h, LOG_WARNING, "RPC process %ld %s %s", (long)rec->pid, how,
			           rec->during_call ? "during a call" : "while idle");
		}
	}
	client_proc_free(rec);
}

/* Stops talking to the current process and has it end: at once when
 * grace_ms is 0, else once it has seen EOF (killed after grace_ms). */
static void client_end(struct nsd_helper *h, unsigned grace_ms, bool by_us)
{
	struct client_proc *rec = h->cur;

	nsd_watch_stop(&h->watch);
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
	free(h->body);
	h->body = NULL;
	h->hdr_got = h->body_want = h->body_got = h->body_cap = 0;
	nsd_msg_frame_free(&h->out);
	h->out_off = 0;
	h->ready = false;
	h->cur = NULL;
	if (!rec)
		return;
	rec->ended_by_us = by_us;
	rec->during_call = h->inflight != NULL;
	if (rec->proc)
		nsd_proc_end(rec->proc, grace_ms);
}

/* The call in flight, if any, is lost with the process. */
static void client_fail_inflight(struct nsd_helper *h, netsess_status_t status, unsigned how)
{
	struct nsd_call *c = h->inflight;

	if (!c)
		return;
	h->inflight = NULL;
	call_finish(c, status, how, NULL);
}

/* Kills the process for misbehaving; the log says why. */
static void client_kill(struct nsd_helper *h, netsess_status_t status, const char *why)
{
	long pid = h->cur ? (long)h->cur->pid : 0;

	client_log(h, LOG_WARNING, "RPC process %ld %s: killed", pid, why);
	client_end(h, 0, true);
	client_fail_inflight(h, status, 0);
	client_pump(h);
}

/* The process closed its socket or it broke: it is ending by itself (its
 * wait status is logged when it is reaped). */
static void client_lost(struct nsd_helper *h)
{
	client_end(h, NSD_HELPER_EXIT_GRACE_MS, false);
	client_fail_inflight(h, NETSESS_E_TRANSPORT, 0);
	client_pump(h);
}

static void client_on_event(void *arg, uint32_t events);
static void client_on_open(void *cookie, struct nsd_call_result *res);
static void client_send(struct nsd_helper *h, struct nsd_call *c);

/* The process the zygote started, or why it could not: it gets its
 * private directory and takes its OPEN, or the call that needed it
 * fails. */
static void client_on_forked(void *cookie, int err, int fd, pid_t pid)
{
	struct nsd_helper *h = cookie;
	struct client_proc *rec = NULL;
	struct nsd_call *open = NULL;
	struct nsd_proc *p;

	h->starting = NULL;
	if (err == 0) {
		rec = calloc(1, sizeof(*rec));
		open = call_new(h, NSD_MSG_OPEN, h->open.timeout_ms + NSD_HELPER_OPEN_MARGIN_MS,
		                client_on_open, h);
		err = rec && open ? nsd_tmpdir_make(h->index, &rec->tmpdir) : ENOMEM;
		if (err == 0 && !(rec->proc = nsd_proc_add(pid, client_on_exit, rec))) {
			err = ENOMEM;
			pid = 0; /* procs.c has killed and reaped it */
		}
		if (err != 0) {
			/* The process is ended and reaped quietly. */
			if (pid > 0 && (p = nsd_proc_add(pid, NULL, NULL)) != NULL)
				nsd_proc_end(p, 0);
			close(fd);
		}
	}
	if (err != 0) {
		struct nsd_call *c = queue_pop(h);

		if (rec)
			client_proc_free(rec);
		free(open);
		client_log(h, LOG_WARNING, "cannot start an RPC process: %s", strerrordesc_np(err));
		if (c)
			call_finish(c,
			            err == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : NETSESS_E_TRANSPORT,
			            0, NULL);
		client_pump(h);
		return;
	}
	rec->h = h;
	rec->pid = pid;
	rec->next = h->procs;
	h->procs = rec;
	h->cur = rec;
	h->fd = fd;
	if (nsd_watch_start(&h->watch, fd, EPOLLIN, client_on_event, h) != 0) {
		struct nsd_call *c = queue_pop(h);

		free(open);
		client_log(h, LOG_WARNING, "RPC process %ld cannot be watched: killed", (long)pid);
		client_end(h, 0, true);
		if (c)
			call_finish(c, NETSESS_E_TRANSPORT, 0, NULL);
		client_pump(h);
		return;
	}
	client_send(h, open);
}

/* Asks the zygote for a process; client_on_forked goes on.  Returns 0,
 * or a status. */
static netsess_status_t client_start(struct nsd_helper *h)
{
	h->starting = nsd_zygote_fork(h->index, client_on_forked, h);
	return h->starting ? NERR_Success : ERROR_NOT_ENOUGH_MEMORY;
}

/* The OPEN of a new process has finished. */
static void client_on_open(void *cookie, struct nsd_call_result *res)
{
	struct nsd_helper *h = cookie;
	struct nsd_call *c;

	if (res->status == NERR_Success) {
		h->ready = true;
		return; /* the caller of call_finish pumps */
	}
	/* No context: the call that needed one fails with the reason. */
	if (h->cur)
		client_end(h, NSD_HELPER_EXIT_GRACE_MS, true);
	c = queue_pop(h);
	if (c)
		call_finish(c, res->status, 0, NULL);
}

/* ---- writing ------------------------------------------------------------ */

static void client_flush(struct nsd_helper *h)
{
	while (h->out_off < h->out.len) {
		ssize_t n =
		    send(h->fd, h->out.data + h->out_off, h->out.len - h->out_off, MSG_NOSIGNAL);

		if (n > 0) {
			h->out_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			nsd_watch_events(&h->watch, EPOLLIN | EPOLLOUT);
			return;
		}
		client_lost(h); /* EPIPE, ECONNRESET: it is gone */
		return;
	}
	nsd_msg_frame_free(&h->out);
	h->out_off = 0;
	nsd_watch_events(&h->watch, EPOLLIN);
}

/* "\\client": the UNC form NetrSessionDel wants ([MS-SRVS] 3.1.4.6). */
static netsess_status_t client_encode(struct nsd_helper *h, struct nsd_call *c,
                                      struct nsd_msg_frame *out)
{
	uint64_t now = nsd_now_ms();
	unsigned settle = 0;
	netsess_status_t st;
	char *unc = NULL;

	struct nsd_msg_open open;

	switch (c->kind) {
	case NSD_MSG_OPEN:
		open = h->open;
		open.tmpdir = h->cur ? h->cur->tmpdir : NULL;
		return nsd_msg_encode_open(c->id, &open, out);
	case NSD_MSG_ENUM:
		return nsd_msg_encode_enum(c->id, h->host, NULL, NULL, c->level, out);
	case NSD_MSG_DEL:
		if (c->answer_by > now)
			settle = (unsigned)((c->answer_by - now) / 2);
		c->limit_ms += settle;
		if (c->client && asprintf(&unc, "\\\\%s", c->client) < 0)
			return ERROR_NOT_ENOUGH_MEMORY;
		st = nsd_msg_encode_del(c->id, h->host, unc, c->user, settle, out);
		free(unc);
		return st;
	}
	return ERROR_INVALID_PARAMETER;
}

/* Puts c in flight: its request goes out and its deadline starts. */
static void client_send(struct nsd_helper *h, struct nsd_call *c)
{
	netsess_status_t st;

	c->id = ++h->next_id;
	st = client_encode(h, c, &h->out);
	if (st != NERR_Success) {
		call_finish(c, st, 0, NULL);
		return;
	}
	h->out_off = 0;
	h->inflight = c;
	c->sent_at = nsd_now_ms();
	if (c->sent_at == 0)
		c->sent_at = 1;
	if (nsd_timer_start(&c->deadline, c->limit_ms) != 0) {
		client_kill(h, ERROR_NOT_ENOUGH_MEMORY, "cannot be given a deadline");
		return;
	}
	client_flush(h);
}

/* Sends the next queued call when nothing is in flight, starting a
 * process first when none runs; finishes a close once nothing is left. */
static void client_pump(struct nsd_helper *h)
{
	while (!h->inflight && h->queue) {
		netsess_status_t st;

		if (h->cur && h->ready) {
			client_send(h, queue_pop(h));
			continue;
		}
		if (h->cur || h->starting)
			return; /* its OPEN is in flight, or it is being started */
		st = client_start(h);
		if (st != NERR_Success) {
			struct nsd_call *c = queue_pop(h);

			call_finish(c, st, 0, NULL);
			continue;
		}
		return;
	}
	if (h->closing && !h->inflight && !h->queue && !nsd_timer_running(&h->close_timer)) {
		client_end(h, NSD_HELPER_EXIT_GRACE_MS, true);
		nsd_timer_start(&h->close_timer, 0);
	}
}

/* ---- reading ------------------------------------------------------------ */

/* "2025-03-01 14:05:09 +0100": a ticket's end, in local time. */
static void client_format_time(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) || strftime(buf, cap, "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
		snprintf(buf, cap, "%lld", (long long)t);
}

/*
 * The ticket the context reports with a reply (netsess_ctx_tickets() > 0:
 * it holds one from its keytab).  A ticket that a call got past the logon
 * with, other than the last one logged, is logged: the helper's first at
 * INFO, each later one at NOTICE, whether the library replaced it before
 * its end or after a logon it refused, or a new process got it.  A call
 * that failed below the RPC layer logs none: its own line says why, and a
 * ticket got for a logon that keeps failing (a wrong server name) would
 * otherwise be logged at each poll.
 */
static void client_note_ticket(struct nsd_helper *h, const struct nsd_msg_reply *rep)
{
	char until[64];

	if (rep->tickets == 0 || rep->ticket_end == h->ticket_end ||
	    (rep->status != NERR_Success && netsess_status_is_local(rep->status)))
		return;
	client_format_time(rep->ticket_end, until, sizeof(until));
	if (h->ticket_end != 0)
		client_log(h, LOG_NOTICE, "Kerberos ticket renewed (valid until %s)", until);
	else
		client_log(h, LOG_INFO, "Kerberos ticket obtained from the keytab (valid until %s)",
		           until);
	h->ticket_end = rep->ticket_end;
}

static void client_on_frame(struct nsd_helper *h, const uint8_t *body, size_t len)
{
	struct nsd_call *c = h->inflight;
	struct nsd_msg_reply rep;
	char why[96];

	if (!c) {
		client_kill(h, NETSESS_E_PROTOCOL, "sent a message nobody asked for");
		return;
	}
	if (nsd_msg_decode_reply(body, len, &rep) != NERR_Success || rep.id != c->id ||
	    rep.kind != c->kind) {
		nsd_msg_reply_clear(&rep);
		client_kill(h, NETSESS_E_PROTOCOL, "sent a malformed message");
		return;
	}
	if (rep.kind == NSD_MSG_OPEN && rep.version != NSD_MSG_VERSION) {
		snprintf(why, sizeof(why), "speaks version %u of the messages, not %u", rep.version,
		         NSD_MSG_VERSION);
		client_kill(h, NETSESS_E_PROTOCOL, why);
		return;
	}
	h->inflight = NULL;
	client_note_ticket(h, &rep);
	/* After a failure below the RPC layer the context is gone: the next
	 * call starts a new process. */
	if (rep.status != NERR_Success && netsess_status_is_local(rep.status))
		client_end(h, NSD_HELPER_EXIT_GRACE_MS, true);
	call_finish(c, rep.status, 0, &rep);
	nsd_msg_reply_clear(&rep);
	client_pump(h);
}

/* Reads what is there: 1 to go on, 0 when it would block, -1 at EOF or on
 * an error (the process is then lost). */
static int client_read_some(struct nsd_helper *h, uint8_t *buf, size_t n, size_t *got)
{
	ssize_t r;

	do {
		r = recv(h->fd, buf, n, 0);
	} while (r < 0 && errno == EINTR);
	if (r > 0) {
		*got += (size_t)r;
		return 1;
	}
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	return -1;
}

/* Makes room for more of the body: doubling, up to what was announced. */
static int client_body_room(struct nsd_helper *h)
{
	size_t cap;
	uint8_t *bigger;

	if (h->body_got < h->body_cap)
		return 0;
	if (h->body_cap == 0)
		cap = h->body_want < CLIENT_READ_CHUNK ? h->body_want : CLIENT_READ_CHUNK;
	else
		cap = h->body_cap > h->body_want - h->body_cap ? h->body_want : h->body_cap * 2;
	bigger = realloc(h->body, cap);
	if (!bigger)
		return -1;
	h->body = bigger;
	h->body_cap = cap;
	return 0;
}

static void client_read(struct nsd_helper *h)
{
	int fd = h->fd;

	while (h->fd == fd && fd >= 0) {
		int rc;

		if (h->hdr_got < NSD_MSG_HEADER) {
			rc = client_read_some(h, h->hdr + h->hdr_got, NSD_MSG_HEADER - h->hdr_got,
			                      &h->hdr_got);
			if (rc > 0 && h->hdr_got == NSD_MSG_HEADER &&
			    nsd_msg_frame_length(h->hdr, &h->body_want) != NERR_Success) {
				client_kill(h, NETSESS_E_PROTOCOL, "sent a malformed message");
				return;
			}
		} else {
			if (client_body_room(h) != 0) {
				client_kill(h, ERROR_NOT_ENOUGH_MEMORY,
				            "sent more than fits in memory");
				return;
			}
			rc = client_read_some(h, h->body + h->body_got, h->body_cap - h->body_got,
			                      &h->body_got);
		}
		if (rc == 0)
			return;
		if (rc < 0) {
			client_lost(h);
			return;
		}
		if (h->hdr_got == NSD_MSG_HEADER && h->body_got == h->body_want) {
			uint8_t *body = h->body;
			size_t len = h->body_got;

			h->body = NULL;
			h->hdr_got = h->body_want = h->body_got = h->body_cap = 0;
			client_on_frame(h, body, len);
			free(body);
		}
	}
}

static void client_on_event(void *arg, uint32_t events)
{
	struct nsd_helper *h = arg;
	int fd = h->fd;

	if ((events & EPOLLOUT) && h->out.data)
		client_flush(h);
	if (h->fd == fd && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		client_read(h);
}

static void client_on_deadline(void *arg)
{
	struct nsd_call *c = arg;
	struct nsd_helper *h = c->h;
	char why[64];

	snprintf(why, sizeof(why), "gave no answer within %u ms", c->limit_ms);
	client_kill(h, NETSESS_E_TIMEOUT, why);
}

/* ---- the interface ------------------------------------------------------ */

static void client_on_kick(void *arg)
{
	client_pump(arg);
}

/* Queues c; it is sent from the loop, so that its completion never runs
 * inside the caller's call.  False when out of memory (c is not queued). */
static bool client_queue(struct nsd_helper *h, struct nsd_call *c)
{
	if (!nsd_timer_running(&h->kick) && nsd_timer_start(&h->kick, 0) != 0)
		return false;
	queue_add(h, c);
	return true;
}

static void client_on_closed(void *arg)
{
	struct nsd_helper *h = arg;
	struct client_proc *rec;

	nsd_timer_stop(&h->kick);
	if (h->closed)
		h->closed(h->closed_arg);
	for (rec = h->procs; rec; rec = rec->next)
		rec->h = NULL; /* still ended and reaped, quietly */
	free(h);
}

struct nsd_helper *nsd_helper_new(const struct nsd_helper_conf *conf)
{
	struct nsd_helper *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->index = conf->index;
	snprintf(h->label, sizeof(h->label), "%s", conf->label);
	h->host = conf->host;
	h->open = conf->open;
	h->fd = -1;
	h->watch.fd = -1;
	nsd_timer_init(&h->kick, client_on_kick, h);
	nsd_timer_init(&h->close_timer, client_on_closed, h);
	return h;
}

struct nsd_call *nsd_helper_enum(struct nsd_helper *h, uint32_t level, unsigned limit_ms,
                                 nsd_call_fn fn, void *cookie)
{
	struct nsd_call *c;

	if (h->closing)
		return NULL;
	c = call_new(h, NSD_MSG_ENUM, limit_ms, fn, cookie);
	if (!c)
		return NULL;
	c->level = level;
	if (!client_queue(h, c)) {
		call_free(c);
		return NULL;
	}
	return c;
}

struct nsd_call *nsd_helper_del(struct nsd_helper *h, const char *client, const char *user,
                                uint64_t answer_by, unsigned limit_ms, nsd_call_fn fn, void *cookie)
{
	struct nsd_call *c;

	if (h->closing || (!client && !user))
		return NULL;
	c = call_new(h, NSD_MSG_DEL, limit_ms, fn, cookie);
	if (!c)
		return NULL;
	if ((client && !(c->client = strdup(client))) || (user && !(c->user = strdup(user)))) {
		call_free(c);
		return NULL;
	}
	c->answer_by = answer_by;
	c->urgent = true;
	if (!client_queue(h, c)) {
		call_free(c);
		return NULL;
	}
	return c;
}

bool nsd_call_withdraw(struct nsd_call *c)
{
	struct nsd_helper *h = c->h;
	struct nsd_call **pp;

	for (pp = &h->queue; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			call_free(c);
			return true;
		}
	}
	return false;
}

/* Every queued call ends, cancelled: nothing of it was sent; a process
 * asked of the zygote is not wanted any more. */
static void client_cancel_queue(struct nsd_helper *h)
{
	struct nsd_call *c;

	if (h->starting) {
		nsd_fork_cancel(h->starting);
		h->starting = NULL;
	}

	while ((c = queue_pop(h)) != NULL)
		call_finish(c, NETSESS_E_TRANSPORT, CALL_CANCELLED, NULL);
}

void nsd_helper_close(struct nsd_helper *h, void (*closed)(void *arg), void *arg)
{
	h->closing = true;
	h->closed = closed;
	h->closed_arg = arg;
	client_cancel_queue(h);
	client_pump(h);
}

void nsd_helper_abort(struct nsd_helper *h)
{
	client_cancel_queue(h);
	if (h->cur)
		client_end(h, 0, true);
	client_fail_inflight(h, NETSESS_E_TRANSPORT, CALL_ABORTED);
	client_pump(h);
}

pid_t nsd_helper_pid(const struct nsd_helper *h)
{
	return h->cur ? h->cur->pid : 0;
}
