/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * agent_chan_test.c - the worker-to-agent channel: FIFO per sender, nothing
 * lost between threads, and the descriptor readable exactly while messages
 * wait.
 */
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <cmocka.h>

#include "chan.h"

#define SENDERS 4
#define PER_SENDER 2000

struct sender {
	struct nsd_chan *chan;
	unsigned id;
};

static bool readable(const struct nsd_chan *chan)
{
	struct pollfd p = {.fd = nsd_chan_fd(chan), .events = POLLIN};

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void test_wakeup(void **state)
{
	struct nsd_chan *chan = nsd_chan_new();
	struct nsd_msg *m, *list;
	int tag = 0;

	(void)state;
	assert_non_null(chan);
	assert_false(readable(chan));
	assert_null(nsd_chan_take(chan));

	m = nsd_msg_new(NSD_MSG_POLL, &tag);
	assert_non_null(m);
	m->status = 5;
	nsd_chan_post(chan, m);
	nsd_chan_post(chan, nsd_msg_new(NSD_MSG_EXIT, &tag));
	assert_true(readable(chan));

	list = nsd_chan_take(chan);
	assert_false(readable(chan));
	assert_non_null(list);
	assert_int_equal(list->kind, NSD_MSG_POLL);
	assert_int_equal(list->status, 5);
	assert_ptr_equal(list->sender, &tag);
	assert_non_null(list->next);
	assert_int_equal(list->next->kind, NSD_MSG_EXIT);
	assert_null(list->next->next);
	nsd_msg_free(list->next);
	nsd_msg_free(list);
	nsd_chan_free(chan);
}

static void test_log(void **state)
{
	struct nsd_chan *chan = nsd_chan_new();
	struct nsd_msg *m;

	(void)state;
	nsd_chan_log(chan, NULL, LOG_WARNING, "poll %u of %s", 3u, "fs1");
	m = nsd_chan_take(chan);
	assert_non_null(m);
	assert_int_equal(m->kind, NSD_MSG_LOG);
	assert_int_equal(m->priority, LOG_WARNING);
	assert_string_equal(m->text, "poll 3 of fs1");
	nsd_msg_free(m);
	nsd_chan_free(chan);
}

/* Messages never taken are freed with the channel. */
static void test_free_pending(void **state)
{
	struct nsd_chan *chan = nsd_chan_new();

	(void)state;
	nsd_chan_log(chan, NULL, LOG_INFO, "left behind");
	nsd_chan_post(chan, nsd_msg_new(NSD_MSG_EXIT, NULL));
	nsd_chan_free(chan);
}

static void *send_many(void *arg)
{
	struct sender *s = arg;
	unsigned i;

	for (i = 0; i < PER_SENDER; i++) {
		struct nsd_msg *m = nsd_msg_new(NSD_MSG_POLL, s);

		if (!m)
			abort(); /* cmocka's asserts belong to the main thread */
		m->status = i;
		nsd_chan_post(s->chan, m);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct nsd_chan *chan = nsd_chan_new();
	struct sender senders[SENDERS];
	pthread_t th[SENDERS];
	unsigned next[SENDERS] = {0};
	unsigned total = 0, i;

	(void)state;
	for (i = 0; i < SENDERS; i++) {
		senders[i].chan = chan;
		senders[i].id = i;
		assert_int_equal(pthread_create(&th[i], NULL, send_many, &senders[i]), 0);
	}
	while (total < SENDERS * PER_SENDER) {
		struct pollfd p = {.fd = nsd_chan_fd(chan), .events = POLLIN};
		struct nsd_msg *m, *n;

		assert_int_equal(poll(&p, 1, 10000), 1);
		for (m = nsd_chan_take(chan); m; m = n) {
			const struct sender *s = m->sender;

			n = m->next;
			assert_int_equal(m->status, next[s->id]);
			next[s->id]++;
			total++;
			nsd_msg_free(m);
		}
	}
	for (i = 0; i < SENDERS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(next[i], PER_SENDER);
	}
	assert_null(nsd_chan_take(chan));
	nsd_chan_free(chan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wakeup),
	    cmocka_unit_test(test_log),
	    cmocka_unit_test(test_free_pending),
	    cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
