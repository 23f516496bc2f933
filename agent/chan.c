/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * chan.c - worker-to-agent message queue woken through an eventfd.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "chan.h"

struct nsd_chan {
	pthread_mutex_t lock;
	struct nsd_msg *head; /* under lock */
	struct nsd_msg *tail; /* under lock */
	int efd;
};

struct nsd_chan *nsd_chan_new(void)
{
	struct nsd_chan *chan = calloc(1, sizeof(*chan));

	if (!chan)
		return NULL;
	chan->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (chan->efd < 0)
		goto out_free_chan;
	if (pthread_mutex_init(&chan->lock, NULL) != 0)
		goto out_close_efd;
	return chan;

out_close_efd:
	close(chan->efd);
out_free_chan:
	free(chan);
	return NULL;
}

void nsd_chan_free(struct nsd_chan *chan)
{
	struct nsd_msg *m, *next;

	if (!chan)
		return;
	for (m = chan->head; m; m = next) {
		next = m->next;
		nsd_msg_free(m);
	}
	pthread_mutex_destroy(&chan->lock);
	close(chan->efd);
	free(chan);
}

int nsd_chan_fd(const struct nsd_chan *chan)
{
	return chan->efd;
}

void nsd_chan_post(struct nsd_chan *chan, struct nsd_msg *msg)
{
	uint64_t one = 1;
	ssize_t n;

	msg->next = NULL;
	pthread_mutex_lock(&chan->lock);
	if (chan->tail)
		chan->tail->next = msg;
	else
		chan->head = msg;
	chan->tail = msg;
	pthread_mutex_unlock(&chan->lock);
	/* Only fails with EAGAIN when the counter is already huge, in which
	 * case the reader is awake anyway. */
	do {
		n = write(chan->efd, &one, sizeof(one));
	} while (n < 0 && errno == EINTR);
}

struct nsd_msg *nsd_msg_new(enum nsd_msg_kind kind, void *sender)
{
	struct nsd_msg *msg = calloc(1, sizeof(*msg));

	if (msg) {
		msg->kind = kind;
		msg->sender = sender;
	}
	return msg;
}

void nsd_chan_log(struct nsd_chan *chan, void *sender, int priority, const char *fmt, ...)
{
	struct nsd_msg *msg = nsd_msg_new(NSD_MSG_LOG, sender);
	va_list ap;
	int n;

	if (!msg)
		return;
	va_start(ap, fmt);
	n = vasprintf(&msg->text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		msg->text = NULL;
		nsd_msg_free(msg);
		return;
	}
	msg->priority = priority;
	nsd_chan_post(chan, msg);
}

struct nsd_msg *nsd_chan_take(struct nsd_chan *chan)
{
	struct nsd_msg *list;
	uint64_t count;
	ssize_t n;

	/* Clear the wake-up first: a message posted after this read wakes
	 * the reader again, so none is left behind unseen. */
	do {
		n = read(chan->efd, &count, sizeof(count));
	} while (n < 0 && errno == EINTR);
	pthread_mutex_lock(&chan->lock);
	list = chan->head;
	chan->head = chan->tail = NULL;
	pthread_mutex_unlock(&chan->lock);
	return list;
}

void nsd_msg_free(struct nsd_msg *msg)
{
	if (!msg)
		return;
	if (msg->list)
		netsess_session_list_free(msg->list);
	free(msg->text);
	free(msg);
}
