/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * delete.c - NetrSessionDel ([MS-SRVS] 3.1.4.6) on behalf of a SET.
 *
 * The call is made in the ACTION phase (AgentX CommitSet, RFC 2741 7.2.4.2):
 * an error raised later, in COMMIT, never reaches the manager.  The request
 * is delegated (netsnmp_create_delegated_cache) and the agent thread goes
 * on serving; the worker's answer, or the server's delete timeout,
 * whichever comes first, finishes it:
 *   NERR_Success, NERR_ClientNameNotFound      noError
 *   anything else, or the timeout              commitFailed
 * The master's AgentX timeout (1 s by default) bounds the whole SET, so the
 * delete timeout (0.8 s by default) stays below it.  A call that outlasts
 * it still has its result logged and notified when it comes.
 */
#include <stdlib.h>
#include <string.h>

#include "nsd.h"
#include "worker.h"

struct nsd_pending {
	struct nsd_delreq req; /* first: the worker hands this pointer back */
	char *client;          /* NULL: unspecified */
	char *user;            /* NULL: unspecified */
	struct nsd_srv *srv;
	netsnmp_delegated_cache *cache;
	unsigned int alarm;
	bool answered; /* the SET has its answer (noError or commitFailed) */
	bool timed_out;
	struct nsd_pending *next; /* srv->pending */
};

/* "NetSessionDel(\\client, user)", "*" for an unspecified name. */
static void del_describe(const struct nsd_pending *p, char *buf, size_t cap)
{
	char c[NSD_LOG_NAME_MAX], u[NSD_LOG_NAME_MAX];

	snprintf(buf, cap, "NetSessionDel(%s%s, %s)", p->client ? "\\\\" : "",
	         p->client ? nsd_log_name(p->client, c, sizeof(c)) : "*",
	         p->user ? nsd_log_name(p->user, u, sizeof(u)) : "*");
}

static void del_unlink(struct nsd_pending *p)
{
	struct nsd_pending **pp;

	for (pp = &p->srv->pending; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
}

static void del_free(struct nsd_pending *p)
{
	if (!p)
		return;
	free(p->client);
	free(p->user);
	free(p);
}

/* Gives the delegated SET request its answer (once). */
static void del_answer(struct nsd_pending *p, int err)
{
	netsnmp_delegated_cache *cache;

	if (p->answered)
		return;
	p->answered = true;
	if (p->alarm) {
		snmp_alarm_unregister(p->alarm);
		p->alarm = 0;
	}
	cache = netsnmp_handler_check_cache(p->cache);
	if (cache) {
		if (err != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(cache->reqinfo, cache->requests, err);
		cache->requests->delegated = 0;
	}
	/* When the transaction is gone (the master dropped the session), the
	 * cache is only memory. */
	netsnmp_free_delegated_cache(p->cache);
	p->cache = NULL;
}

static void del_timeout(unsigned int reg, void *arg)
{
	struct nsd_pending *p = arg;
	struct nsd_srv *srv = p->srv;
	char what[2 * NSD_LOG_NAME_MAX + 32];

	(void)reg;
	p->alarm = 0; /* a one-shot alarm unregisters itself */
	del_describe(p, what, sizeof(what));
	if (nsd_worker_cancel(srv->worker, &p->req)) {
		nsd_pstate_delete_unsent(&srv->st);
		nsd_log(LOG_WARNING,
		        "server %s [%u]: %s not sent: the worker was still busy after %u ms; "
		        "the SET got commitFailed",
		        srv->cfg->name, srv->cfg->index, what, srv->cfg->delete_timeout_ms);
		del_answer(p, SNMP_ERR_COMMITFAILED);
		del_unlink(p);
		del_free(p);
		return;
	}
	p->timed_out = true;
	nsd_pstate_delete_timeout(&srv->st);
	nsd_log(LOG_WARNING,
	        "server %s [%u]: %s: no answer within %u ms; the SET got commitFailed, "
	        "the result is logged when it comes",
	        srv->cfg->name, srv->cfg->index, what, srv->cfg->delete_timeout_ms);
	del_answer(p, SNMP_ERR_COMMITFAILED);
}

static struct nsd_pending *del_new(struct nsd_srv *srv, const char *client, const char *user)
{
	struct nsd_pending *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	if ((client && !(p->client = strdup(client))) || (user && !(p->user = strdup(user)))) {
		del_free(p);
		return NULL;
	}
	p->req.client = p->client;
	p->req.user = p->user;
	p->srv = srv;
	return p;
}

int nsd_del_start(struct nsd_srv *srv, const char *client, const char *user,
                  netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request)
{
	struct nsd_pending *p;
	struct timeval tv;
	char what[2 * NSD_LOG_NAME_MAX + 32];

	/* Never both unspecified: Samba would end every session. */
	if ((!client || !*client) && (!user || !*user))
		return SNMP_ERR_WRONGVALUE;
	if (!srv || srv->retired || !srv->worker)
		return SNMP_ERR_COMMITFAILED;
	p = del_new(srv, client, user);
	if (!p)
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	p->cache = netsnmp_create_delegated_cache(handler, reginfo, reqinfo, request, p);
	if (!p->cache) {
		del_free(p);
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	}
	tv.tv_sec = srv->cfg->delete_timeout_ms / 1000u;
	tv.tv_usec = (srv->cfg->delete_timeout_ms % 1000u) * 1000;
	p->alarm = snmp_alarm_register_hr(tv, 0, del_timeout, p);
	if (!p->alarm) {
		netsnmp_free_delegated_cache(p->cache);
		del_free(p);
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	}
	request->delegated = 1;
	p->next = srv->pending;
	srv->pending = p;
	del_describe(p, what, sizeof(what));
	nsd_log(LOG_DEBUG, "server %s [%u]: %s queued", srv->cfg->name, srv->cfg->index, what);
	nsd_worker_submit(srv->worker, &p->req);
	return SNMP_ERR_NOERROR;
}

static void del_log_result(const struct nsd_pending *p, netsess_status_t code)
{
	const struct nsd_srv *srv = p->srv;
	char what[2 * NSD_LOG_NAME_MAX + 32];
	const char *note = "";

	del_describe(p, what, sizeof(what));
	if (code == NERR_ClientNameNotFound)
		note = ": no such session (already gone)";
	else if (code != NERR_Success)
		note = ": failed";
	nsd_log(code == NERR_Success || code == NERR_ClientNameNotFound ? LOG_NOTICE : LOG_WARNING,
	        "server %s [%u]: %s%s: %s (%u) after %u ms%s", srv->cfg->name, srv->cfg->index,
	        what, p->timed_out ? " late result" : "", netsess_status_name(code), code,
	        p->req.elapsed_ms, note);
}

void nsd_del_done(struct nsd_agent *a, struct nsd_srv *srv, struct nsd_delreq *req)
{
	struct nsd_pending *p = (struct nsd_pending *)req;
	netsess_status_t code = req->result;
	char what[2 * NSD_LOG_NAME_MAX + 32];

	del_unlink(p);
	if (req->state == NSD_DEL_CANCELLED) {
		/* The worker ended before running it: nothing was sent. */
		del_describe(p, what, sizeof(what));
		nsd_log(LOG_WARNING, "server %s [%u]: %s not sent: the server is being removed",
		        srv->cfg->name, srv->cfg->index, what);
		del_answer(p, SNMP_ERR_COMMITFAILED);
		del_free(p);
		return;
	}
	if (p->timed_out)
		nsd_pstate_delete_late(&srv->st, code);
	else
		nsd_pstate_delete(&srv->st, code);
	del_log_result(p, code);
	del_answer(p, nsd_pstate_delete_ok(code) ? SNMP_ERR_NOERROR : SNMP_ERR_COMMITFAILED);
	if (nsd_pstate_delete_ok(code) && !srv->retired)
		nsd_sesstab_prune(a, srv, p->client, p->user);
	nsd_notify_deleted(srv, p->client, p->user, code);
	del_free(p);
}

void nsd_del_abandon(struct nsd_srv *srv)
{
	struct nsd_pending *p, *next;

	for (p = srv->pending; p; p = next) {
		next = p->next;
		if (srv->worker && nsd_worker_cancel(srv->worker, &p->req)) {
			del_answer(p, SNMP_ERR_COMMITFAILED);
			del_unlink(p);
			del_free(p);
			continue;
		}
		del_answer(p, SNMP_ERR_COMMITFAILED);
	}
}

void nsd_del_release(struct nsd_srv *srv)
{
	struct nsd_pending *p, *next;

	for (p = srv->pending; p; p = next) {
		next = p->next;
		del_answer(p, SNMP_ERR_COMMITFAILED);
		del_free(p);
	}
	srv->pending = NULL;
}
