/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop.c - descriptors and timers on Net-SNMP's loop (loop.h).
 *
 * One epoll descriptor is registered with register_readfd(); when select()
 * finds it readable, loop_dispatch() takes the ready descriptors one at a
 * time (epoll_wait with room for one event and no wait), so that a
 * callback that stops another watch can never be followed by a stale event
 * of it.  A bounded number per turn keeps SNMP requests and timers served
 * while helpers are busy talking; level-triggered epoll keeps the rest for
 * the next turn.
 */
#include "loop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "netsess.h"

/* Events taken in one turn of Net-SNMP's loop. */
#define LOOP_BATCH 64

static int loop_epfd = -1;

uint64_t nsd_now_ms(void)
{
	return netsess_monotonic_ms();
}

static void loop_dispatch(int fd, void *arg)
{
	struct epoll_event ev;
	int i;

	(void)fd;
	(void)arg;
	for (i = 0; i < LOOP_BATCH; i++) {
		struct nsd_watch *w;
		int n = epoll_wait(loop_epfd, &ev, 1, 0);

		if (n <= 0)
			return;
		w = ev.data.ptr;
		w->fn(w->arg, ev.events);
	}
}

/* Every server's helper holds a descriptor here; the default soft limit
 * (1024) would stop well short of a large estate. */
static void loop_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int nsd_loop_open(void)
{
	loop_raise_nofile();
	loop_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop_epfd < 0)
		return -1;
	if (register_readfd(loop_epfd, loop_dispatch, NULL) != FD_REGISTERED_OK) {
		close(loop_epfd);
		loop_epfd = -1;
		errno = EMFILE;
		return -1;
	}
	return 0;
}

void nsd_loop_close(void)
{
	if (loop_epfd < 0)
		return;
	unregister_readfd(loop_epfd);
	close(loop_epfd);
	loop_epfd = -1;
}

int nsd_watch_start(struct nsd_watch *w, int fd, uint32_t events,
                    void (*fn)(void *arg, uint32_t events), void *arg)
{
	struct epoll_event ev = {.events = events, .data.ptr = w};

	w->fd = -1;
	w->fn = fn;
	w->arg = arg;
	if (epoll_ctl(loop_epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return -1;
	w->fd = fd;
	w->events = events;
	return 0;
}

int nsd_watch_events(struct nsd_watch *w, uint32_t events)
{
	struct epoll_event ev = {.events = events, .data.ptr = w};

	if (w->fd < 0 || w->events == events)
		return 0;
	if (epoll_ctl(loop_epfd, EPOLL_CTL_MOD, w->fd, &ev) != 0)
		return -1;
	w->events = events;
	return 0;
}

void nsd_watch_stop(struct nsd_watch *w)
{
	if (w->fd < 0)
		return;
	epoll_ctl(loop_epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
}

/* ---- timers: one-shot snmp_alarms ---------------------------------------- */

static void loop_alarm(unsigned int reg, void *arg)
{
	struct nsd_timer *t = arg;

	(void)reg;
	/* A one-shot alarm unregisters itself once this returns; the
	 * callback may start the timer again under a new id. */
	t->id = 0;
	t->fn(t->arg);
}

void nsd_timer_init(struct nsd_timer *t, void (*fn)(void *arg), void *arg)
{
	t->id = 0;
	t->fn = fn;
	t->arg = arg;
}

int nsd_timer_start(struct nsd_timer *t, unsigned ms)
{
	struct timeval tv = {(time_t)(ms / 1000u), (suseconds_t)(ms % 1000u) * 1000};

	nsd_timer_stop(t);
	t->id = snmp_alarm_register_hr(tv, 0, loop_alarm, t);
	return t->id != 0 ? 0 : -1;
}

void nsd_timer_stop(struct nsd_timer *t)
{
	if (t->id == 0)
		return;
	snmp_alarm_unregister(t->id);
	t->id = 0;
}
