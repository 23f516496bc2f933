/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * poll.h - the polls of one managed server: NetrSessionEnum ([MS-SRVS]
 * 3.1.4.5) every poll-interval through the server's helper, the result
 * turned into smbSessionTable rows (rows.c) and smbServerTable state
 * (pstate.c), a log line and smbServerStatusChanged when the status
 * changes.
 *
 * A poll is one helper call whose deadline is the server's timeout plus
 * NSD_POLL_GRACE_MS: a server that stops answering on an open connection
 * (an smbd stopped with SIGSTOP, a dead link) is unreachable(3) within
 * that time, whatever the library's own waits, and its helper is killed
 * and replaced at the next poll.  The next poll is due poll-interval after
 * one ends, or at once when a delete asks for it (nsd_poll_now).
 */
#ifndef NETSESSD_CORE_POLL_H
#define NETSESSD_CORE_POLL_H

#include <stdint.h>

/* Beyond the server's timeout: the time to take the answer in. */
#define NSD_POLL_GRACE_MS 500u
/* The richest level; the library answers from a lower one when the server
 * lacks it (Samba serves 1) and says so in level_served. */
#define NSD_POLL_LEVEL 502u

struct nsd_srv;

/* Starts polling srv (its helper, config and state set up): the first
 * poll at once.  Returns 0, or -1 when out of memory. */
int nsd_poll_start(struct nsd_srv *srv);
/* Polls as soon as the helper is free (after a delete). */
void nsd_poll_now(struct nsd_srv *srv);
/* No more polls; one under way ends without effect. */
void nsd_poll_stop(struct nsd_srv *srv);
/* Frees what polling srv took, once its helper has closed.  Safe when
 * polling never started. */
void nsd_poll_free(struct nsd_srv *srv);
/* nsd_now_ms() when the last successful poll ended; 0: none yet. */
uint64_t nsd_poll_last_ok_ms(const struct nsd_srv *srv);

#endif
