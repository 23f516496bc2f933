/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delete.c - NetrSessionDel on a managed server (delete.h).
 *
 * One delete, two events, each handled in one function:
 *   del_on_result    the helper call has ended (its answer, its deadline,
 *                    the helper's death, or the server's removal before
 *                    it was sent): the outcome is recorded, and the asker
 *                    hears it if still waiting;
 *   del_on_timeout   the server's delete-timeout has passed first: a call
 *                    still queued is taken back (nothing was sent), one
 *                    under way is left to end; the asker hears it now.
 * The delete is freed when its call has ended (or been taken back).
 *
 * Samba ends the sessions a NetrSessionDel names after it has answered;
 * the library waits for that (del_settle_ms, set by the helper for each
 * delete from the time left until the delete-timeout, client.h), so a
 * poll made after the result no longer lists them.
 */
#include "delete.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/loop.h"
#include "core/poll.h"
#include "core/requester.h"
#include "core/rows.h"
#include "core/server.h"
#include "helper/client.h"
#include "mib/notify.h"

struct nsd_del {
	struct nsd_srv *srv;
	char *client; /* NULL: every client */
	char *user;   /* NULL: every user */
	struct nsd_requester by;
	bool by_known;         /* by was given */
	struct nsd_call *call; /* the helper call, until it ends */
	struct nsd_timer timeout;
	nsd_del_fn fn; /* NULL once the asker has heard */
	void *cookie;
	bool late; /* the asker heard PENDING */
};

static size_t del_waiting;

size_t nsd_del_waiting(void)
{
	return del_waiting;
}

void nsd_del_describe(const char *client, const char *user, char *buf, size_t cap)
{
	char c[NSD_LOG_QUOTED_MAX], u[NSD_LOG_QUOTED_MAX];

	snprintf(buf, cap, "NetSessionDel(client=%s, user=%s)", nsd_log_quote(client, c, sizeof(c)),
	         nsd_log_quote(user, u, sizeof(u)));
}

static void del_describe(const struct nsd_del *d, char *buf, size_t cap)
{
	nsd_del_describe(d->client, d->user, buf, cap);
}

/* What ends each log line of the delete: " by " and who asked
 * (requester.h), or nothing when nobody is known. */
static const char *del_by(const struct nsd_del *d, char *buf, size_t cap)
{
	char who[NSD_REQ_DESCRIBE_MAX];

	if (!d->by_known || cap == 0)
		return "";
	snprintf(buf, cap, " by %s", nsd_requester_describe(&d->by, who, sizeof(who)));
	return buf;
}
#define DEL_BY_MAX (NSD_REQ_DESCRIBE_MAX + 8)

static void del_free(struct nsd_del *d)
{
	nsd_timer_stop(&d->timeout);
	free(d->client);
	free(d->user);
	free(d);
}

/* The asker hears once. */
static void del_tell(struct nsd_del *d, enum nsd_del_how how, netsess_status_t code)
{
	const struct nsd_del_outcome out = {how, code};
	nsd_del_fn fn = d->fn;

	nsd_timer_stop(&d->timeout);
	if (!fn)
		return;
	d->fn = NULL;
	del_waiting--;
	fn(d->cookie, &out);
}

/* One line per outcome, saying whether sessions ended, so that the log
 * tells which deletes of a SET took effect.  detail: the library's words
 * for a failure, or NULL. */
static void del_log_result(const struct nsd_del *d, netsess_status_t code, unsigned elapsed_ms,
                           const char *detail)
{
	char what[NSD_DEL_DESCRIBE_MAX], why[NSD_LOG_TEXT_MAX], by[DEL_BY_MAX];
	const char *note = ": failed, nothing ended";

	del_describe(d, what, sizeof(what));
	if (code == NERR_ClientNameNotFound)
		note = ": no such session, nothing to end";
	else if (nsd_pstate_delete_effect(code) == NSD_DEL_ENDED)
		note = ": sessions ended";
	else if (nsd_pstate_delete_effect(code) == NSD_DEL_UNKNOWN)
		note =
		    ": failed without a valid answer: sessions may have ended, the next poll shows";
	nsd_log(nsd_pstate_delete_ok(code) ? LOG_NOTICE : LOG_WARNING,
	        "%s: %s: %s%s (%u) after %u ms%s%s%s%s%s", d->srv->label, what,
	        d->late ? "late result: " : "", netsess_status_name(code), code, elapsed_ms, note,
	        detail ? " [" : "", nsd_log_text(detail, why, sizeof(why)), detail ? "]" : "",
	        del_by(d, by, sizeof(by)));
}

/* The outcome is known: counters, log, rows, notification, a new poll.
 * A delete is counted here and only here, by its outcome, whether it came
 * in time or after the delete-timeout. */
static void del_record(struct nsd_del *d, netsess_status_t code, unsigned elapsed_ms,
                       const char *detail)
{
	struct nsd_srv *srv = d->srv;

	nsd_pstate_delete(&srv->st, code);
	del_log_result(d, code, elapsed_ms, detail);
	if (nsd_pstate_delete_ok(code) && !srv->retired)
		nsd_pstate_sessions_ended(&srv->st, nsd_rows_prune(srv, d->client, d->user));
	nsd_notify_deleted(srv, d->client, d->user, d->by_known ? &d->by : NULL, code);
	if (!srv->retired)
		nsd_poll_now(srv);
}

/* The completion of the delete's helper call. */
static void del_on_result(void *cookie, struct nsd_call_result *res)
{
	struct nsd_del *d = cookie;
	char what[NSD_DEL_DESCRIBE_MAX], by[DEL_BY_MAX];

	d->call = NULL;
	del_describe(d, what, sizeof(what));
	if (res->cancelled) {
		nsd_log(LOG_WARNING, "%s: %s: not sent: the server is being removed%s", d->srv->label,
		        what, del_by(d, by, sizeof(by)));
		del_tell(d, NSD_DEL_NOT_SENT, NETSESS_E_TRANSPORT);
	} else if (res->aborted) {
		nsd_log(LOG_WARNING, "%s: %s: outcome unknown: netsessd is stopping (not counted)%s",
		        d->srv->label, what, del_by(d, by, sizeof(by)));
		del_tell(d, NSD_DEL_PENDING, NETSESS_E_TIMEOUT);
	} else {
		del_record(d, res->status, res->elapsed_ms, res->detail);
		del_tell(d, NSD_DEL_DONE, res->status);
	}
	del_free(d);
}

/* The server's delete-timeout has passed before the result. */
static void del_on_timeout(void *arg)
{
	struct nsd_del *d = arg;
	struct nsd_srv *srv = d->srv;
	char what[NSD_DEL_DESCRIBE_MAX], by[DEL_BY_MAX];

	del_describe(d, what, sizeof(what));
	if (nsd_call_withdraw(d->call)) {
		d->call = NULL;
		nsd_pstate_delete_unsent(&srv->st);
		nsd_log(LOG_WARNING, "%s: %s: not sent: the helper was still busy after %u ms%s",
		        srv->label, what, srv->cfg->delete_timeout_ms, del_by(d, by, sizeof(by)));
		del_tell(d, NSD_DEL_NOT_SENT, NETSESS_E_TIMEOUT);
		del_free(d);
		return;
	}
	/* Sent and not answered: it may have taken effect.  Counted once its
	 * outcome is known (del_record). */
	d->late = true;
	nsd_pstate_delete_timeout(&srv->st);
	nsd_log(LOG_WARNING,
	        "%s: %s: no answer within %u ms: outcome unknown until the server answers; it is "
	        "logged then%s",
	        srv->label, what, srv->cfg->delete_timeout_ms, del_by(d, by, sizeof(by)));
	del_tell(d, NSD_DEL_PENDING, NETSESS_E_TIMEOUT);
}

int nsd_del_start(struct nsd_srv *srv, const char *client, const char *user,
                  const struct nsd_requester *by, nsd_del_fn fn, void *cookie)
{
	unsigned limit = 2 * srv->cfg->timeout_ms + NSD_DEL_MARGIN_MS;
	struct nsd_del *d;
	char what[NSD_DEL_DESCRIBE_MAX], byline[DEL_BY_MAX];

	/* Never both unspecified: Samba would end every session. */
	if ((!client || !*client) && (!user || !*user))
		return -1;
	if (srv->retired)
		return -1;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -1;
	d->srv = srv;
	if (by) {
		d->by = *by;
		d->by_known = true;
	}
	nsd_timer_init(&d->timeout, del_on_timeout, d);
	if ((client && *client && !(d->client = strdup(client))) ||
	    (user && *user && !(d->user = strdup(user))))
		goto out_free;
	if (fn && nsd_timer_start(&d->timeout, srv->cfg->delete_timeout_ms) != 0)
		goto out_free;
	d->call =
	    nsd_helper_del(srv->helper, d->client, d->user,
	                   nsd_now_ms() + srv->cfg->delete_timeout_ms, limit, del_on_result, d);
	if (!d->call)
		goto out_free;
	d->fn = fn;
	d->cookie = cookie;
	if (fn)
		del_waiting++;
	del_describe(d, what, sizeof(what));
	nsd_log(LOG_DEBUG, "%s: %s: queued%s", srv->label, what, del_by(d, byline, sizeof(byline)));
	return 0;

out_free:
	del_free(d);
	return -1;
}
