/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop.h - netsessd's one event loop: descriptors and timers.
 *
 * Net-SNMP's agent_check_and_process() is the loop.  Descriptors are
 * watched through one epoll set that is itself the only descriptor given
 * to Net-SNMP's register_readfd() (which holds at most NUM_EXTERNAL_FDS,
 * 32, and selects on them: far too few for a helper socket per server);
 * timers are snmp_alarm timers.  Callbacks run on the loop, one at a time,
 * and may start and stop any watch or timer, their own included.
 *
 * Watches and timers are small structs embedded in their owner: nothing
 * here allocates, and an owner stops its watches and timers before it is
 * freed.  The unit tests link a loop of their own behind this header
 * (tests/unit/agent/testloop.c).
 */
#ifndef NETSESSD_CORE_LOOP_H
#define NETSESSD_CORE_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/epoll.h>

/* Creates the epoll set and registers it with Net-SNMP (after init_agent),
 * and raises the soft RLIMIT_NOFILE to the hard limit: every managed
 * server has a helper socket.  Returns 0, or -1 with errno set. */
int nsd_loop_open(void);
/* Unregisters and closes the set.  Every watch must be stopped first. */
void nsd_loop_close(void);

/* ---- descriptors ------------------------------------------------------- */

struct nsd_watch {
	int fd; /* -1: not watched */
	uint32_t events;
	void (*fn)(void *arg, uint32_t events); /* EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR */
	void *arg;
};

/* Watches fd for events (EPOLLIN and/or EPOLLOUT; hang-ups and errors are
 * always reported), level-triggered.  Returns 0, or -1 with errno set. */
int nsd_watch_start(struct nsd_watch *w, int fd, uint32_t events,
                    void (*fn)(void *arg, uint32_t events), void *arg);
/* Changes the events of a running watch.  Returns 0, or -1. */
int nsd_watch_events(struct nsd_watch *w, uint32_t events);
/* Stops watching (before the descriptor is closed).  Safe when stopped. */
void nsd_watch_stop(struct nsd_watch *w);

/* ---- timers ------------------------------------------------------------ */

struct nsd_timer {
	unsigned id; /* 0: not running */
	void (*fn)(void *arg);
	void *arg;
};

/* Sets up a stopped timer. */
void nsd_timer_init(struct nsd_timer *t, void (*fn)(void *arg), void *arg);
/* Runs fn(arg) once, ms from now (0: at the next turn of the loop); a
 * running timer is started again.  Returns 0, or -1 when out of memory. */
int nsd_timer_start(struct nsd_timer *t, unsigned ms);
/* Stops the timer; safe when it is not running. */
void nsd_timer_stop(struct nsd_timer *t);
static inline bool nsd_timer_running(const struct nsd_timer *t)
{
	return t->id != 0;
}

/* The loop's clock: netsess_monotonic_ms(), the library's. */
uint64_t nsd_now_ms(void);

#endif
