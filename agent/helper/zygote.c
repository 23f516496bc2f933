/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * zygote.c - netsessd's side of the zygote (zygote.h): the requests, the
 * socket, the process's life.
 *
 * Requests wait in a queue and go out in order, at most ZY_WINDOW at a
 * time, each as one FORK packet carrying the helper's end of a new
 * socketpair; the zygote answers them in the same order.  Nothing blocks:
 * the socket is non-blocking and watched on the loop.
 */
#include "zygote.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/log.h"
#include "core/loop.h"
#include "helper/procs.h"
#include "helper/spawn.h"
#include "helper/zmsg.h"

/* Requests sent and not answered yet, at most: the zygote serves them one
 * after the other, this keeps it busy without filling its socket. */
#define ZY_WINDOW 32u
/* A request is sent to at most this many zygotes. */
#define ZY_TRIES 2u

struct nsd_fork {
	struct nsd_fork *next;
	uint32_t id;
	unsigned index;
	unsigned tries; /* zygotes that ended with it unanswered */
	int fd;         /* our end of the helper's socket, while sent */
	struct nsd_timer deadline; /* runs while sent */
	nsd_fork_fn fn; /* NULL: cancelled */
	void *cookie;
};

/* One zygote process, until it is reaped. */
struct zy_proc {
	struct nsd_proc *proc;
	pid_t pid;
	bool ended_by_us; /* nothing to log when it exits */
};

static struct {
	bool init;
	struct zy_proc *cur; /* the running zygote; NULL: none */
	int fd;              /* socket to cur; -1: none */
	struct nsd_watch watch;
	bool ready; /* cur has said READY */
	bool subreaper;
	struct nsd_fork *queue; /* not sent, in order */
	struct nsd_fork *sent;  /* sent, in order */
	unsigned nsent;
	uint32_t next_id;
	struct nsd_timer kick; /* works the queue from the loop */
} zy;

static void zy_pump(void);
static void zy_on_event(void *arg, uint32_t events);

static void zy_on_kick(void *arg)
{
	(void)arg;
	zy_pump();
}

static void zy_init(void)
{
	if (zy.init)
		return;
	zy.init = true;
	zy.fd = -1;
	zy.watch.fd = -1;
	nsd_timer_init(&zy.kick, zy_on_kick, NULL);
}

/* ---- requests ----------------------------------------------------------- */

static void fork_append(struct nsd_fork **list, struct nsd_fork *f)
{
	while (*list)
		list = &(*list)->next;
	f->next = NULL;
	*list = f;
}

static bool fork_unlink(struct nsd_fork **list, struct nsd_fork *f)
{
	for (; *list; list = &(*list)->next) {
		if (*list == f) {
			*list = f->next;
			f->next = NULL;
			return true;
		}
	}
	return false;
}

/*
 * The one place a request ends: the completion runs once (unless it was
 * cancelled: then a helper started for it is killed).  f has left both
 * lists.
 */
static void fork_finish(struct nsd_fork *f, int err, int fd, pid_t pid)
{
	struct nsd_proc *p;

	nsd_timer_stop(&f->deadline);
	if (f->fn) {
		f->fn(f->cookie, err, fd, pid);
	} else {
		if (fd >= 0)
			close(fd);
		if (pid > 0) {
			p = nsd_proc_add(pid, NULL, NULL);
			if (p)
				nsd_proc_end(p, 0);
		}
	}
	free(f);
}

/* A request that was sent: its socket is closed, so that a helper the
 * zygote may have started for it sees EOF and exits. */
static void fork_unsend(struct nsd_fork *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

/* Every queued request ends with err. */
static void zy_fail_queue(int err)
{
	struct nsd_fork *f;

	while ((f = zy.queue) != NULL) {
		zy.queue = f->next;
		fork_finish(f, err, -1, 0);
	}
}

static void fork_on_deadline(void *arg);

/* ---- the process -------------------------------------------------------- */

static void zy_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void zy_log(int priority, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	nsd_log(priority, "helper zygote: %s", line);
}

static void zy_lost(void);

/* A zygote has been reaped (SIGCHLD). */
static void zy_on_exit(void *arg, int status)
{
	struct zy_proc *rec = arg;
	char how[64];

	rec->proc = NULL;
	if (rec == zy.cur) {
		/* Reaped before its socket said so. */
		zy_lost();
	}
	if (!rec->ended_by_us) {
		nsd_proc_describe(status, how, sizeof(how));
		zy_log(LOG_WARNING, "process %ld %s", (long)rec->pid, how);
	}
	free(rec);
}

/*
 * Lets the current zygote go: its socket is closed (it exits at EOF) and
 * it is killed after grace_ms (0: now).  The requests it has not answered
 * go back to the head of the queue, with new sockets when they are sent
 * again, unless ZY_TRIES zygotes have ended with them.  Returns whether it
 * had said READY.
 */
static bool zy_end(unsigned grace_ms, bool by_us)
{
	struct zy_proc *rec = zy.cur;
	bool was_ready = zy.ready;
	struct nsd_fork *f, *back = NULL, **tail = &back;

	nsd_watch_stop(&zy.watch);
	if (zy.fd >= 0)
		close(zy.fd);
	zy.fd = -1;
	zy.cur = NULL;
	zy.ready = false;
	if (rec) {
		rec->ended_by_us = by_us;
		if (rec->proc)
			nsd_proc_end(rec->proc, grace_ms);
	}
	while ((f = zy.sent) != NULL) {
		zy.sent = f->next;
		nsd_timer_stop(&f->deadline);
		fork_unsend(f);
		if (++f->tries >= ZY_TRIES) {
			fork_finish(f, ECHILD, -1, 0);
			continue;
		}
		*tail = f;
		tail = &f->next;
	}
	zy.nsent = 0;
	*tail = zy.queue;
	zy.queue = back;
	return was_ready;
}

static int zy_start(void);

/*
 * After a zygote has gone: one that had said READY is replaced at once;
 * one that had not failed to start, so the requests waiting for it fail
 * and the next request starts another.
 */
static void zy_replace(bool was_ready)
{
	int rc;

	if (!was_ready) {
		zy_fail_queue(ECHILD);
		return;
	}
	rc = zy_start();
	if (rc != 0) {
		zy_fail_queue(rc);
		return;
	}
	zy_pump();
}

/* The zygote closed its socket or was reaped: it is ending by itself (its
 * wait status is logged when it is reaped). */
static void zy_lost(void)
{
	zy_replace(zy_end(NSD_ZYGOTE_EXIT_GRACE_MS, false));
}

/* Kills the zygote for misbehaving; the log says why. */
static void zy_kill(const char *why)
{
	long pid = zy.cur ? (long)zy.cur->pid : 0;

	zy_log(LOG_WARNING, "process %ld %s: killed", pid, why);
	zy_replace(zy_end(0, true));
}

/* The helpers are adopted by netsessd when their intermediate process
 * exits (rpc_zygote.h). */
static int zy_be_subreaper(void)
{
	if (zy.subreaper)
		return 0;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		return errno;
	zy.subreaper = true;
	return 0;
}

/* Starts a zygote.  Returns 0, or an errno value (logged). */
static int zy_start(void)
{
	struct zy_proc *rec;
	pid_t pid;
	int fd, rc;

	rc = zy_be_subreaper();
	if (rc != 0) {
		zy_log(LOG_ERR, "netsessd cannot adopt its helpers (PR_SET_CHILD_SUBREAPER): %s",
		       strerrordesc_np(rc));
		return rc;
	}
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return ENOMEM;
	rc = nsd_spawn_zygote(&fd, &pid);
	if (rc != 0) {
		zy_log(LOG_ERR, "cannot start %s: %s", nsd_spawn_program(), strerrordesc_np(rc));
		free(rec);
		return rc;
	}
	rec->pid = pid;
	rec->proc = nsd_proc_add(pid, zy_on_exit, rec);
	if (!rec->proc) {
		close(fd);
		free(rec);
		return ENOMEM;
	}
	zy.cur = rec;
	zy.fd = fd;
	zy.ready = false;
	if (nsd_watch_start(&zy.watch, fd, EPOLLIN, zy_on_event, NULL) != 0) {
		rc = errno;
		zy_end(0, true);
		return rc;
	}
	zy_log(LOG_DEBUG, "process %ld started", (long)pid);
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

/*
 * Sends the first queued request.  1: sent; 0: the socket is full (wait
 * for EPOLLOUT); -1: the zygote is gone (ended here).
 */
static int zy_send_one(void)
{
	struct nsd_fork *f = zy.queue;
	struct nsd_zmsg m = {.kind = NSD_ZMSG_FORK, .id = f->id, .index = f->index};
	union {
		struct cmsghdr align;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	uint8_t buf[NSD_ZMSG_SIZE];
	struct iovec iov = {buf, sizeof(buf)};
	struct msghdr mh;
	struct cmsghdr *c;
	int sv[2];
	ssize_t n;

	/* Ours non-blocking; the helper's blocks: it serves one request at a
	 * time. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, sv) != 0)
		goto out_fail;
	if (fcntl(sv[1], F_SETFL, 0) != 0) {
		close(sv[0]);
		close(sv[1]);
		goto out_fail;
	}
	nsd_zmsg_encode(&m, buf);
	memset(&mh, 0, sizeof(mh));
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl.space;
	mh.msg_controllen = sizeof(ctl.space);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &sv[1], sizeof(int));
	do {
		n = sendmsg(zy.fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	close(sv[1]);
	if (n == (ssize_t)sizeof(buf)) {
		zy.queue = f->next;
		f->fd = sv[0];
		fork_append(&zy.sent, f);
		zy.nsent++;
		if (nsd_timer_start(&f->deadline, NSD_ZYGOTE_FORK_LIMIT_MS) != 0) {
			zy_kill("cannot be given a deadline");
			return -1;
		}
		return 1;
	}
	close(sv[0]);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		nsd_watch_events(&zy.watch, EPOLLIN | EPOLLOUT);
		return 0;
	}
	zy_lost(); /* EPIPE, ECONNRESET: it is gone */
	return -1;

out_fail:
	n = errno;
	zy.queue = f->next;
	fork_finish(f, (int)n, -1, 0);
	return 1;
}

/* Sends what the window allows, starting a zygote first when none runs. */
static void zy_pump(void)
{
	int rc;

	while (zy.queue && zy.nsent < ZY_WINDOW) {
		if (!zy.cur) {
			rc = zy_start();
			if (rc != 0) {
				zy_fail_queue(rc);
				return;
			}
		}
		if (zy_send_one() <= 0)
			return;
	}
	if (zy.cur && zy.watch.fd >= 0)
		nsd_watch_events(&zy.watch, EPOLLIN);
}

/* ---- reading ------------------------------------------------------------ */

/* One message from the zygote; false when it has been killed for it. */
static bool zy_on_message(const struct nsd_zmsg *m)
{
	char why[96];
	struct nsd_fork *f = zy.sent;

	if (m->kind == NSD_ZMSG_READY && !zy.ready) {
		if (m->version != NSD_ZMSG_VERSION) {
			snprintf(why, sizeof(why), "speaks version %u of the messages, not %u",
			         m->version, NSD_ZMSG_VERSION);
			zy_kill(why);
			return false;
		}
		zy.ready = true;
		zy_log(LOG_INFO, "process %ld ready", (long)zy.cur->pid);
		return true;
	}
	if (m->kind != NSD_ZMSG_FORKED || !zy.ready || !f || m->id != f->id) {
		zy_kill("sent a malformed message");
		return false;
	}
	zy.sent = f->next;
	zy.nsent--;
	if (m->err != 0) {
		fork_unsend(f);
		fork_finish(f, (int)m->err, -1, 0);
	} else {
		int fd = f->fd;

		f->fd = -1;
		fork_finish(f, 0, fd, (pid_t)m->pid);
	}
	return true;
}

static void zy_read(void)
{
	while (zy.fd >= 0) {
		uint8_t buf[NSD_ZMSG_SIZE + 1];
		struct nsd_zmsg m;
		ssize_t n;

		do {
			n = recv(zy.fd, buf, sizeof(buf), MSG_DONTWAIT);
		} while (n < 0 && errno == EINTR);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			zy_lost();
			return;
		}
		if (!nsd_zmsg_decode(buf, (size_t)n, &m)) {
			zy_kill("sent a malformed message");
			return;
		}
		if (!zy_on_message(&m))
			return;
	}
}

static void zy_on_event(void *arg, uint32_t events)
{
	(void)arg;
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		zy_read();
	if (zy.fd >= 0)
		zy_pump();
}

static void fork_on_deadline(void *arg)
{
	struct nsd_fork *f = arg;
	char why[64];

	/* Sent and unanswered: the zygote is stuck. */
	if (fork_unlink(&zy.sent, f)) {
		zy.nsent--;
		fork_unsend(f);
		fork_finish(f, ETIMEDOUT, -1, 0);
	}
	snprintf(why, sizeof(why), "gave no answer within %u ms", NSD_ZYGOTE_FORK_LIMIT_MS);
	zy_kill(why);
}

/* ---- the interface ------------------------------------------------------ */

struct nsd_fork *nsd_zygote_fork(unsigned index, nsd_fork_fn fn, void *cookie)
{
	struct nsd_fork *f;

	zy_init();
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->id = ++zy.next_id;
	f->index = index;
	f->fd = -1;
	f->fn = fn;
	f->cookie = cookie;
	nsd_timer_init(&f->deadline, fork_on_deadline, f);
	if (!nsd_timer_running(&zy.kick) && nsd_timer_start(&zy.kick, 0) != 0) {
		free(f);
		return NULL;
	}
	fork_append(&zy.queue, f);
	return f;
}

void nsd_fork_cancel(struct nsd_fork *f)
{
	if (fork_unlink(&zy.queue, f)) {
		nsd_timer_stop(&f->deadline);
		free(f);
		return;
	}
	/* Sent: the answer still comes, and ends a helper started for it. */
	f->fn = NULL;
	f->cookie = NULL;
}

void nsd_zygote_restart(void)
{
	zy_init();
	if (!zy.cur)
		return;
	zy_log(LOG_INFO, "process %ld ends; the next helper comes from a new one",
	       (long)zy.cur->pid);
	zy_end(NSD_ZYGOTE_EXIT_GRACE_MS, true);
	if (zy.queue && !nsd_timer_running(&zy.kick))
		nsd_timer_start(&zy.kick, 0);
}

void nsd_zygote_stop(void)
{
	struct nsd_fork *f;

	zy_init();
	zy_end(0, true);
	while ((f = zy.queue) != NULL) {
		zy.queue = f->next;
		fork_unsend(f);
		fork_finish(f, ECANCELED, -1, 0);
	}
	nsd_timer_stop(&zy.kick);
}

pid_t nsd_zygote_pid(void)
{
	return zy.cur ? zy.cur->pid : 0;
}
