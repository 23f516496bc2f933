/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * set.c - the answer of a SET PDU that ends sessions (set.h).
 *
 * One object per PDU, struct set_pdu, from the first delete its ACTION
 * starts to its answer; one entry per varbind that ends sessions, in the
 * PDU's order.  Two events end the wait, each in one function:
 *   set_on_sealed   the turn of the loop that ran the PDU's ACTION is over:
 *                   no varbind of it can start a delete any more;
 *   set_on_delete   a synchronous delete has reported (core/delete.h).
 * When both have happened for every entry, set_answer takes the answer of
 * the whole PDU (answer.h) and gives it to every delegated varbind at once.
 */
#include "set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/nsd_config.h"
#include "core/delete.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/requester.h"
#include "core/server.h"
#include "mib/agent.h"
#include "mib/answer.h"

struct set_pdu;

struct set_entry {
	struct set_entry *next;
	struct set_pdu *pdu;
	netsnmp_delegated_cache *cache; /* the varbind's request, delegated */
	int varbind;                    /* its index in the PDU */
	char *what;                     /* "server fs1 [1]: NetSessionDel(...)" */
	enum nsd_answer_outcome out;
	netsess_status_t code; /* NSD_OUT_FAILED, NSD_OUT_UNKNOWN: why */
	bool late;             /* NSD_OUT_UNKNOWN: the delete is still under way */
};

struct set_pdu {
	struct set_pdu *next; /* open PDUs */
	netsnmp_agent_session *asp;
	long transid;
	struct set_entry *entries, **tail;
	size_t n;       /* entries */
	size_t waiting; /* entries waiting */
	bool sealed;
	struct nsd_timer seal;
};

/* PDUs whose ACTION is still running (not sealed); one at a time in
 * practice, as the master serialises SETs. */
static struct set_pdu *set_open;

static void set_answer(struct set_pdu *p);

static void set_unlink(struct set_pdu *p)
{
	struct set_pdu **pp;

	for (pp = &set_open; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			return;
		}
	}
}

static void set_on_sealed(void *arg)
{
	struct set_pdu *p = arg;

	p->sealed = true;
	set_unlink(p);
	if (p->waiting == 0)
		set_answer(p);
}

/* The PDU of reqinfo: the one its ACTION has begun, or a new one. */
static struct set_pdu *set_pdu_of(netsnmp_agent_request_info *reqinfo)
{
	long transid = reqinfo->asp->pdu->transid;
	struct set_pdu *p;

	for (p = set_open; p; p = p->next)
		if (p->asp == reqinfo->asp && p->transid == transid)
			return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->asp = reqinfo->asp;
	p->transid = transid;
	p->tail = &p->entries;
	nsd_timer_init(&p->seal, set_on_sealed, p);
	/* At the next turn of the loop: after every handler of this PDU's
	 * ACTION has run (they run in one pass, before the loop turns). */
	if (nsd_timer_start(&p->seal, 0) != 0) {
		free(p);
		return NULL;
	}
	p->next = set_open;
	set_open = p;
	return p;
}

static void set_on_delete(void *cookie, const struct nsd_del_outcome *out)
{
	struct set_entry *e = cookie;
	struct set_pdu *p = e->pdu;

	e->out = nsd_answer_outcome(out);
	e->code = out->code;
	e->late = out->how == NSD_DEL_PENDING;
	p->waiting--;
	if (p->sealed && p->waiting == 0)
		set_answer(p);
}

static const char *set_outcome_text(const struct set_entry *e, char *buf, size_t cap)
{
	switch (e->out) {
	case NSD_OUT_ENDED:
		return "sessions ended";
	case NSD_OUT_NOTHING:
		return "nothing to end";
	case NSD_OUT_FAILED:
		snprintf(buf, cap, "failed, nothing ended (%s)", netsess_status_name(e->code));
		return buf;
	case NSD_OUT_UNKNOWN:
		if (e->late)
			return "outcome unknown, still under way";
		snprintf(buf, cap, "failed without a valid answer (%s), sessions may have ended",
		         netsess_status_name(e->code));
		return buf;
	case NSD_OUT_STARTED:
		return "started (delete-mode async), outcome notified when it comes";
	}
	return "?";
}

/*
 * The answer, then one line per delete of the PDU saying whether it took
 * effect:
 *   SET answered undoFailed (varbind 2): 2 deletes
 *   SET varbind 1: server fs1 [1]: NetSessionDel(...): sessions ended
 *   SET varbind 2: server fs2 [2]: NetSessionDel(...): failed, nothing ended (...)
 * A PDU of one delete answered noError needs none: the delete's own line
 * says it all.
 */
static void set_log(const struct set_pdu *p, int err, int first_failed)
{
	const struct set_entry *e;
	char state[128];
	size_t count = p->n;
	int prio = err == SNMP_ERR_NOERROR ? LOG_NOTICE : LOG_WARNING;

	if (err == SNMP_ERR_NOERROR && count == 1)
		return;
	if (err == SNMP_ERR_NOERROR)
		nsd_log(prio, "SET answered noError: %zu deletes", count);
	else
		nsd_log(prio, "SET answered %s (varbind %d): %zu delete%s",
		        err == SNMP_ERR_UNDOFAILED ? "undoFailed" : "commitFailed", first_failed,
		        count, count == 1 ? "" : "s");
	for (e = p->entries; e; e = e->next)
		nsd_log(prio, "SET varbind %d: %s: %s", e->varbind, e->what,
		        set_outcome_text(e, state, sizeof(state)));
}

/* Every entry has reported: the answer of the whole PDU (answer.h). */
static void set_answer(struct set_pdu *p)
{
	enum nsd_answer_outcome *outs = calloc(p->n ? p->n : 1, sizeof(*outs));
	int err = SNMP_ERR_UNDOFAILED, first_failed = 0;
	struct set_entry *e, *next;
	size_t i = 0;

	for (e = p->entries; e; e = e->next) {
		if (outs)
			outs[i++] = e->out;
		if (nsd_answer_failed(e->out) && (first_failed == 0 || e->varbind < first_failed))
			first_failed = e->varbind;
	}
	/* Out of memory, claim no less than may have happened. */
	if (outs)
		err = nsd_answer_status(outs, p->n);
	free(outs);
	set_log(p, err, first_failed);
	for (e = p->entries; e; e = next) {
		netsnmp_delegated_cache *live = netsnmp_handler_check_cache(e->cache);

		next = e->next;
		/* When the transaction is gone (the master dropped the session),
		 * the cache is only memory. */
		if (live) {
			/* On the first failed varbind only: Net-SNMP answers an
			 * UndoSet with the last varbind holding undoFailed, not the
			 * first, and the error-index must name the first. */
			if (e->varbind == first_failed)
				netsnmp_set_request_error(live->reqinfo, live->requests, err);
			live->requests->delegated = 0;
		}
		netsnmp_free_delegated_cache(e->cache);
		free(e->what);
		free(e);
	}
	free(p);
}

/* "server fs1 [1]: NetSessionDel(client=..., user=...)" */
static char *set_what(const struct nsd_srv *srv, const char *client, const char *user)
{
	char call[NSD_DEL_DESCRIBE_MAX], *s;

	nsd_del_describe(client, user, call, sizeof(call));
	if (asprintf(&s, "%s: %s", srv ? srv->label : "removed server", call) < 0)
		return NULL;
	return s;
}

int nsd_set_delete(struct nsd_srv *srv, const char *client, const char *user,
                   netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request)
{
	struct set_pdu *p;
	struct set_entry *e;
	struct nsd_requester by;

	if (client && !*client)
		client = NULL;
	if (user && !*user)
		user = NULL;
	/* Never both unspecified: Samba would end every session. */
	if (!client && !user)
		return SNMP_ERR_WRONGVALUE;
	p = set_pdu_of(reqinfo);
	e = p ? calloc(1, sizeof(*e)) : NULL;
	if (e)
		e->what = set_what(srv, client, user);
	if (e && e->what)
		e->cache = netsnmp_create_delegated_cache(handler, reginfo, reqinfo, request, NULL);
	if (!e || !e->cache) {
		/* Out of memory: nothing is started for this varbind. */
		if (e)
			free(e->what);
		free(e);
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	}
	e->pdu = p;
	e->varbind = request->index;
	*p->tail = e;
	p->tail = &e->next;
	p->n++;
	request->delegated = 1;
	e->out = NSD_OUT_FAILED;
	e->code = ERROR_NOT_ENOUGH_MEMORY;
	if (!srv || srv->retired) {
		nsd_log(LOG_WARNING, "%s: not sent: the server has been removed", e->what);
		e->code = NETSESS_E_TRANSPORT;
		return SNMP_ERR_NOERROR;
	}
	/* Who asked, for the delete's log lines and smbSessionDeleted. */
	nsd_agent_requester(reqinfo, &by);
	if (srv->cfg->delete_mode == NSD_DELETE_ASYNC) {
		if (nsd_del_start(srv, client, user, &by, NULL, NULL) == 0)
			e->out = NSD_OUT_STARTED;
	} else if (nsd_del_start(srv, client, user, &by, set_on_delete, e) == 0) {
		p->waiting++;
	}
	return SNMP_ERR_NOERROR;
}

_Static_assert(NSD_ERR_COMMITFAILED == SNMP_ERR_COMMITFAILED &&
                   NSD_ERR_UNDOFAILED == SNMP_ERR_UNDOFAILED && NSD_ERR_NOERROR == SNMP_ERR_NOERROR,
               "RFC 3416 error-status values");
