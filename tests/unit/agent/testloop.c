/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testloop.c - agent/core/loop.h for the unit tests (testloop.h).
 */
#include "testloop.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "core/loop.h"

struct tl_timer {
	struct tl_timer *next;
	struct nsd_timer *t;
	unsigned id;
	uint64_t due;
	uint64_t seq; /* timers due at the same time run in start order */
};

static int tl_epfd = -1;
static bool tl_virtual;
static uint64_t tl_virtual_now;
static uint64_t tl_offset;
static struct tl_timer *tl_timers;
static unsigned tl_next_id;
static uint64_t tl_seq;
static size_t tl_nwatch;

static uint64_t tl_real_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

uint64_t nsd_now_ms(void)
{
	return tl_virtual ? tl_virtual_now : tl_real_ms() + tl_offset;
}

/* Moves the clock forward by ms. */
static void tl_move(uint64_t ms)
{
	if (tl_virtual)
		tl_virtual_now += ms;
	else
		tl_offset += ms;
}

int nsd_loop_open(void)
{
	return 0;
}

void nsd_loop_close(void)
{
}

void testloop_init(bool virtual_clock)
{
	tl_epfd = epoll_create1(EPOLL_CLOEXEC);
	tl_virtual = virtual_clock;
	tl_virtual_now = 1000000;
	tl_offset = 0;
	tl_timers = NULL;
	tl_nwatch = 0;
}

size_t testloop_fini(void)
{
	size_t n = 0;

	while (tl_timers) {
		struct tl_timer *x = tl_timers;

		tl_timers = x->next;
		x->t->id = 0;
		free(x);
		n++;
	}
	if (tl_epfd >= 0)
		close(tl_epfd);
	tl_epfd = -1;
	return n;
}

int nsd_watch_start(struct nsd_watch *w, int fd, uint32_t events,
                    void (*fn)(void *arg, uint32_t events), void *arg)
{
	struct epoll_event ev = {.events = events, .data.ptr = w};

	w->fd = -1;
	w->fn = fn;
	w->arg = arg;
	if (epoll_ctl(tl_epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return -1;
	w->fd = fd;
	w->events = events;
	tl_nwatch++;
	return 0;
}

int nsd_watch_events(struct nsd_watch *w, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = w};

	if (w->fd < 0 || w->events == events)
		return 0;
	if (epoll_ctl(tl_epfd, EPOLL_CTL_MOD, w->fd, &ev) != 0)
		return -1;
	w->events = events;
	return 0;
}

void nsd_watch_stop(struct nsd_watch *w)
{
	if (w->fd < 0)
		return;
	epoll_ctl(tl_epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
	tl_nwatch--;
}

void nsd_timer_init(struct nsd_timer *t, void (*fn)(void *arg), void *arg)
{
	t->id = 0;
	t->fn = fn;
	t->arg = arg;
}

int nsd_timer_start(struct nsd_timer *t, unsigned ms)
{
	struct tl_timer *x;

	nsd_timer_stop(t);
	x = calloc(1, sizeof(*x));
	if (!x)
		return -1;
	x->t = t;
	x->id = ++tl_next_id;
	x->due = nsd_now_ms() + ms;
	x->seq = ++tl_seq;
	x->next = tl_timers;
	tl_timers = x;
	t->id = x->id;
	return 0;
}

void nsd_timer_stop(struct nsd_timer *t)
{
	struct tl_timer **pp;

	if (t->id == 0)
		return;
	for (pp = &tl_timers; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == t->id) {
			struct tl_timer *x = *pp;

			*pp = x->next;
			free(x);
			break;
		}
	}
	t->id = 0;
}

/* The timer due first, or NULL. */
static struct tl_timer *tl_first(void)
{
	struct tl_timer *x, *best = NULL;

	for (x = tl_timers; x; x = x->next)
		if (!best || x->due < best->due || (x->due == best->due && x->seq < best->seq))
			best = x;
	return best;
}

/* Runs the first timer if it is due by `by`.  True when one ran. */
static bool tl_fire_one(uint64_t by)
{
	struct tl_timer *x = tl_first(), **pp;
	struct nsd_timer *t;

	if (!x || x->due > by)
		return false;
	for (pp = &tl_timers; *pp != x; pp = &(*pp)->next)
		;
	*pp = x->next;
	t = x->t;
	free(x);
	t->id = 0;
	t->fn(t->arg);
	return true;
}

static size_t tl_run_fds(int wait_ms)
{
	struct epoll_event ev;
	size_t n = 0;
	int r;

	for (;;) {
		struct nsd_watch *w;

		r = epoll_wait(tl_epfd, &ev, 1, n == 0 ? wait_ms : 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return n;
		w = ev.data.ptr;
		w->fn(w->arg, ev.events);
		n++;
	}
}

size_t testloop_turn(unsigned wait_ms)
{
	struct tl_timer *x = tl_first();
	uint64_t now = nsd_now_ms();
	size_t n;

	if (x && x->due <= now)
		wait_ms = 0;
	else if (x && x->due - now < wait_ms)
		wait_ms = (unsigned)(x->due - now);
	n = tl_run_fds((int)wait_ms);
	while (tl_fire_one(nsd_now_ms()))
		n++;
	return n;
}

bool testloop_until(bool (*cond)(void *arg), void *arg, unsigned limit_ms)
{
	uint64_t until = tl_real_ms() + limit_ms;

	while (!cond(arg)) {
		uint64_t now = tl_real_ms();

		if (now >= until)
			return false;
		testloop_turn((unsigned)(until - now < 50 ? until - now : 50));
	}
	return true;
}

void testloop_advance(uint64_t ms)
{
	uint64_t target = nsd_now_ms() + ms;

	for (;;) {
		struct tl_timer *x = tl_first();

		if (!x || x->due > target)
			break;
		/* The clock reaches the timer's time, then it runs. */
		if (x->due > nsd_now_ms())
			tl_move(x->due - nsd_now_ms());
		tl_fire_one(x->due);
	}
	if (target > nsd_now_ms())
		tl_move(target - nsd_now_ms());
}

void testloop_settle(void)
{
	tl_run_fds(0);
	while (tl_fire_one(nsd_now_ms()))
		;
}

size_t testloop_timers(void)
{
	size_t n = 0;
	struct tl_timer *x;

	for (x = tl_timers; x; x = x->next)
		n++;
	return n;
}

size_t testloop_watches(void)
{
	return tl_nwatch;
}
