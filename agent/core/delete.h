/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delete.h - NetrSessionDel ([MS-SRVS] 3.1.4.6) on a managed server, on
 * behalf of whoever asked (a SET, through mib/set.c).
 *
 * A delete is one object from nsd_del_start() to its end.  It sends one
 * call to the server's helper and waits for the result up to the server's
 * delete-timeout.  The asker hears once, through the callback it passed:
 *   - NSD_DEL_DONE      the result came in time: code is NetrSessionDel's;
 *   - NSD_DEL_NOT_SENT  nothing reached the server (the helper was still
 *                       busy at the delete-timeout, or the server was
 *                       removed by a reload): nothing took effect;
 *   - NSD_DEL_PENDING   the delete-timeout passed with the call under way:
 *                       the outcome is not known yet.
 * Whatever the asker heard, the delete module itself records the outcome
 * when it is known, in time or late, and only then: the server's counters
 * and smbServerLastError (pstate.c; a delete is counted once, by its
 * outcome), a log line saying whether sessions ended, smbSessionDeleted,
 * the rows it ended (rows.c), and a new poll.  A delete whose outcome never
 * becomes known (netsessd stops first) is logged as such and not counted.
 *
 * What the asker makes of it is its own affair: mib/set.c gives every
 * delete of one SET PDU the same cookie, a per-PDU object that answers
 * once each has reported (DONE with NERR_Success took effect, NOT_SENT and
 * DONE with a failure did not, PENDING may have); with delete-mode="async"
 * it answers first and passes no callback.
 */
#ifndef NETSESSD_CORE_DELETE_H
#define NETSESSD_CORE_DELETE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/log.h"
#include "netsess.h"

struct nsd_requester;
struct nsd_srv;

/* Beyond twice the server's timeout (a call may wait out one exchange and
 * then reconnect once), how long the helper has for a delete before it is
 * killed and the outcome recorded as NETSESS_E_TIMEOUT. */
#define NSD_DEL_MARGIN_MS 2000u

enum nsd_del_how {
	NSD_DEL_DONE,
	NSD_DEL_NOT_SENT,
	NSD_DEL_PENDING,
};

struct nsd_del_outcome {
	enum nsd_del_how how;
	netsess_status_t code; /* DONE: NetrSessionDel's status */
};

typedef void (*nsd_del_fn)(void *cookie, const struct nsd_del_outcome *out);

/*
 * Starts NetrSessionDel(client, user) on srv: client NULL is every client,
 * user NULL every user ([MS-SRVS] 3.1.4.6), never both.  by is who asked
 * (copied; NULL: nobody to name), named in the delete's log lines and in
 * smbSessionDeleted.  fn (may be NULL:
 * nobody waits) is called once, from the loop, never from here.  Returns
 * 0, or -1 when nothing was started (both names NULL, the server is being
 * removed, or no memory): fn is then never called.
 */
int nsd_del_start(struct nsd_srv *srv, const char *client, const char *user,
                  const struct nsd_requester *by, nsd_del_fn fn, void *cookie);

/* "NetSessionDel(client=\"10.0.0.5\", user=any)": the call as the log
 * shows it (core/log.h, nsd_log_quote), NULL being unspecified. */
void nsd_del_describe(const char *client, const char *user, char *buf, size_t cap);
#define NSD_DEL_DESCRIBE_MAX (2 * NSD_LOG_QUOTED_MAX + 40)

/* Deletes whose asker is still waiting for them (netsessd waits for these
 * before it exits). */
size_t nsd_del_waiting(void);

#endif
