/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * testloop.h - the loop of agent/core/loop.h for the unit tests, without
 * Net-SNMP: descriptors on an epoll set of its own, timers in a list,
 * and a clock the tests can move forward (testloop_advance) so that
 * deadlines and delete-timeouts pass without waiting for them.
 */
#ifndef NETSESSD_TESTS_TESTLOOP_H
#define NETSESSD_TESTS_TESTLOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sets the loop up, nothing watched.  With virtual_clock the clock stands
 * still but for testloop_advance() (tests of timers, which then cannot
 * depend on the machine's speed); without it, it is the real clock (tests
 * with real processes). */
void testloop_init(bool virtual_clock);
/* Closes it; every watch must be stopped.  Timers still running are
 * dropped (their count is returned). */
size_t testloop_fini(void);

/* One turn: waits up to wait_ms of real time (less when a timer is due
 * sooner), then runs what is ready and every due timer.  Returns the
 * number of callbacks run. */
size_t testloop_turn(unsigned wait_ms);
/* Turns until cond(arg) is true or limit_ms of real time have passed.
 * Returns cond's last value. */
bool testloop_until(bool (*cond)(void *arg), void *arg, unsigned limit_ms);
/* Moves the clock forward by ms and runs the timers that come due, in
 * order, each at its time. */
void testloop_advance(uint64_t ms);
/* Runs the timers due now and what is ready, without waiting. */
void testloop_settle(void);

size_t testloop_timers(void);
size_t testloop_watches(void);

#endif
