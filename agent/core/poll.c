/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * poll.c - a server's polls (poll.h).
 */
#include "poll.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"

#include "core/log.h"
#include "core/rows.h"
#include "core/server.h"
#include "helper/client.h"
#include "mib/mib.h"
#include "mib/notify.h"

/* A server's polls: srv->poll, changed here only. */
struct nsd_poll {
	struct nsd_timer timer;
	struct nsd_call *call; /* the poll under way */
	bool again;            /* poll once more as soon as it ends */
	bool stopped;
	bool omitted_logged; /* the rows left out have been logged */
	uint64_t last_ok_ms; /* nsd_now_ms() of the last successful poll; 0: none */
};

static void poll_done(void *cookie, struct nsd_call_result *res);

/* The timer: time for the next poll. */
static void poll_on_timer(void *arg)
{
	struct nsd_srv *srv = arg;
	struct nsd_poll *p = srv->poll;

	if (p->stopped || p->call)
		return;
	p->again = false;
	p->call = nsd_helper_enum(srv->helper, NSD_POLL_LEVEL,
	                          srv->cfg->timeout_ms + NSD_POLL_GRACE_MS, poll_done, srv);
	if (!p->call) {
		nsd_log(LOG_ERR, "%s: out of memory: poll skipped", srv->label);
		nsd_timer_start(&p->timer, srv->cfg->poll_interval_ms);
	}
}

int nsd_poll_start(struct nsd_srv *srv)
{
	struct nsd_poll *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	nsd_timer_init(&p->timer, poll_on_timer, srv);
	if (nsd_timer_start(&p->timer, 0) != 0) {
		free(p);
		return -1;
	}
	srv->poll = p;
	return 0;
}

void nsd_poll_free(struct nsd_srv *srv)
{
	if (!srv->poll)
		return;
	nsd_timer_stop(&srv->poll->timer);
	free(srv->poll);
	srv->poll = NULL;
}

uint64_t nsd_poll_last_ok_ms(const struct nsd_srv *srv)
{
	return srv->poll ? srv->poll->last_ok_ms : 0;
}

void nsd_poll_now(struct nsd_srv *srv)
{
	struct nsd_poll *p = srv->poll;

	if (!p || p->stopped)
		return;
	if (p->call)
		p->again = true;
	else
		nsd_timer_start(&p->timer, 0);
}

void nsd_poll_stop(struct nsd_srv *srv)
{
	struct nsd_poll *p = srv->poll;

	if (!p)
		return;
	p->stopped = true;
	nsd_timer_stop(&p->timer);
	if (p->call && nsd_call_withdraw(p->call))
		p->call = NULL;
	/* One in flight ends in poll_done, which drops it. */
}

/* Sessions whose names do not fit the table's index are counted but get
 * no row; said once while it lasts. */
static void poll_log_omitted(struct nsd_srv *srv, const struct nsd_rowset *set)
{
	struct nsd_poll *p = srv->poll;
	char c[NSD_LOG_QUOTED_MAX], u[NSD_LOG_QUOTED_MAX];

	if (set->omitted == 0) {
		p->omitted_logged = false;
		return;
	}
	if (p->omitted_logged)
		return;
	p->omitted_logged = true;
	nsd_log(LOG_WARNING,
	        "%s: %u sessions have a client name over %u octets or a user name over %u "
	        "octets: counted in smbServerSessions but not listed in smbSessionTable "
	        "(for instance client=%s user=%s)",
	        srv->label, set->omitted, NSD_CLIENT_MAX, NSD_USER_MAX,
	        nsd_log_quote(set->omitted_client, c, sizeof(c)),
	        nsd_log_quote(set->omitted_user, u, sizeof(u)));
}

static void poll_log(const struct nsd_srv *srv, const struct nsd_call_result *res, size_t rows,
                     const struct nsd_poll_change *chg)
{
	netsess_status_t code = res->status;
	char addr[300], detail[NSD_LOG_TEXT_MAX];

	nsd_srv_address(srv, addr, sizeof(addr));
	if (code == NERR_Success) {
		nsd_log(LOG_DEBUG, "%s: poll: %u sessions, %zu rows, level %u, %u ms", srv->label,
		        srv->st.sessions, rows, res->list ? res->list->level_served : 0,
		        res->elapsed_ms);
		if (chg->log)
			nsd_log(LOG_NOTICE,
			        "server %s [%u] (%s): polling works: %u sessions; status %s",
			        srv->cfg->name, srv->cfg->index, addr, srv->st.sessions,
			        nsd_status_name(srv->st.status));
		return;
	}
	nsd_log(LOG_DEBUG, "%s: poll failed: %s (%u), %u ms", srv->label, netsess_status_name(code),
	        code, res->elapsed_ms);
	if (chg->log)
		nsd_log(LOG_WARNING,
		        "server %s [%u] (%s): poll failed: %s (%u): %s%s%s%s; status %s",
		        srv->cfg->name, srv->cfg->index, addr, netsess_status_name(code), code,
		        netsess_status_description(code), res->detail ? " [" : "",
		        nsd_log_text(res->detail, detail, sizeof(detail)), res->detail ? "]" : "",
		        nsd_status_name(srv->st.status));
}

/* A poll has ended: its result goes to the rows and the server's state. */
static void poll_take(struct nsd_srv *srv, struct nsd_call_result *res)
{
	struct nsd_poll_change chg;
	struct nsd_rowset set;
	netsess_status_t code = res->status;

	memset(&set, 0, sizeof(set));
	if (code == NERR_Success && nsd_rowset_build(res->list, &set) != 0) {
		nsd_log(LOG_ERR, "%s: out of memory: poll result dropped", srv->label);
		return;
	}
	nsd_pstate_poll(&srv->st, code, set.sessions, &chg);
	if (code == NERR_Success) {
		srv->poll->last_ok_ms = nsd_now_ms();
		if (nsd_rows_update(srv, &set) != 0)
			nsd_log(LOG_ERR, "%s: out of memory: rows not updated", srv->label);
		poll_log_omitted(srv, &set);
	}
	poll_log(srv, res, set.count, &chg);
	if (chg.status_changed)
		nsd_notify_status(srv);
	nsd_rowset_clear(&set);
}

/* The completion of a poll's helper call. */
static void poll_done(void *cookie, struct nsd_call_result *res)
{
	struct nsd_srv *srv = cookie;
	struct nsd_poll *p = srv->poll;

	p->call = NULL;
	if (p->stopped || res->cancelled || res->aborted)
		return;
	poll_take(srv, res);
	nsd_timer_start(&p->timer, p->again ? 0 : srv->cfg->poll_interval_ms);
}
