/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fakes.c - the stand-ins of fakes.h.
 */
#include "fakes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/requester.h"
#include "core/rows.h"
#include "core/server.h"
#include "mib/lanmgr_table.h"
#include "mib/notify.h"
#include "mib/tables.h"

/* ---- helpers ------------------------------------------------------------- */

struct nsd_helper {
	struct nsd_helper_conf conf;
	char label[128];
	bool closing;
	void (*closed)(void *arg);
	void *closed_arg;
	struct nsd_timer close_timer;
};

struct nsd_call {
	struct fake_call fc;
};

static struct fake_call *fake_head;
static size_t fake_nhelpers;

struct fake_call *fake_calls(void)
{
	return fake_head;
}

size_t fake_ncalls(void)
{
	size_t n = 0;
	struct fake_call *c;

	for (c = fake_head; c; c = c->next)
		n++;
	return n;
}

struct fake_call *fake_call_of(enum nsd_msg_kind kind)
{
	struct fake_call *c;

	for (c = fake_head; c; c = c->next)
		if (c->kind == kind)
			return c;
	return NULL;
}

const struct nsd_helper_conf *fake_helper_conf(const struct nsd_helper *h)
{
	return &h->conf;
}

size_t fake_helpers(void)
{
	return fake_nhelpers;
}

bool fake_helper_closing(const struct nsd_helper *h)
{
	return h->closing;
}

static void fake_unlink(struct fake_call *c)
{
	struct fake_call **pp;

	for (pp = &fake_head; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			return;
		}
	}
}

static void fake_free_call(struct fake_call *c)
{
	free(c->client);
	free(c->user);
	free(c);
}

static void fake_on_closed(void *arg)
{
	struct nsd_helper *h = arg;

	if (h->closed)
		h->closed(h->closed_arg);
	fake_nhelpers--;
	free(h);
}

static bool fake_helper_busy(const struct nsd_helper *h)
{
	struct fake_call *c;

	for (c = fake_head; c; c = c->next)
		if (c->h == h)
			return true;
	return false;
}

static void fake_maybe_closed(struct nsd_helper *h)
{
	if (h->closing && !fake_helper_busy(h) && !nsd_timer_running(&h->close_timer))
		nsd_timer_start(&h->close_timer, 0);
}

static void fake_end(struct fake_call *c, netsess_status_t status, bool cancelled, bool aborted,
                     struct netsess_session_list *list, const char *detail)
{
	struct nsd_call_result res = {status, cancelled, aborted, list, 0, detail};
	struct nsd_helper *h = c->h;

	fake_unlink(c);
	c->fn(c->cookie, &res);
	netsess_session_list_free(res.list);
	fake_free_call(c);
	fake_maybe_closed(h);
}

void fake_call_send(struct fake_call *c)
{
	c->sent = true;
}

void fake_call_finish(struct fake_call *c, netsess_status_t status,
                      struct netsess_session_list *list)
{
	c->sent = true;
	fake_end(c, status, false, false, list, NULL);
}

void fake_call_finish_detail(struct fake_call *c, netsess_status_t status, const char *detail)
{
	c->sent = true;
	fake_end(c, status, false, false, NULL, detail);
}

struct netsess_session_list *fake_list(size_t n)
{
	struct netsess_session_list *l = calloc(1, sizeof(*l));
	size_t i;

	l->items = calloc(n ? n : 1, sizeof(*l->items));
	l->count = n;
	l->level_requested = 502;
	l->level_served = 1;
	for (i = 0; i < n; i++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "10.0.0.%zu", i);
		l->items[i].client = strdup(buf);
		snprintf(buf, sizeof(buf), "u%zu", i);
		l->items[i].user = strdup(buf);
	}
	return l;
}

struct nsd_helper *nsd_helper_new(const struct nsd_helper_conf *conf)
{
	struct nsd_helper *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->conf = *conf;
	snprintf(h->label, sizeof(h->label), "%s", conf->label);
	h->conf.label = h->label;
	nsd_timer_init(&h->close_timer, fake_on_closed, h);
	fake_nhelpers++;
	return h;
}

static struct fake_call *fake_add(struct nsd_helper *h, enum nsd_msg_kind kind, unsigned limit,
                                  nsd_call_fn fn, void *cookie)
{
	struct fake_call *c = calloc(1, sizeof(struct nsd_call)), **pp;

	if (!c || h->closing) {
		free(c);
		return NULL;
	}
	c->h = h;
	c->kind = kind;
	c->limit_ms = limit;
	c->fn = fn;
	c->cookie = cookie;
	for (pp = &fake_head; *pp; pp = &(*pp)->next)
		;
	*pp = c;
	return c;
}

struct nsd_call *nsd_helper_enum(struct nsd_helper *h, uint32_t level, unsigned limit_ms,
                                 nsd_call_fn fn, void *cookie)
{
	(void)level;
	return (struct nsd_call *)fake_add(h, NSD_MSG_ENUM, limit_ms, fn, cookie);
}

struct nsd_call *nsd_helper_del(struct nsd_helper *h, const char *client, const char *user,
                                uint64_t answer_by, unsigned limit_ms, nsd_call_fn fn, void *cookie)
{
	struct fake_call *c;

	if (!client && !user)
		return NULL;
	c = fake_add(h, NSD_MSG_DEL, limit_ms, fn, cookie);
	if (!c)
		return NULL;
	c->client = client ? strdup(client) : NULL;
	c->user = user ? strdup(user) : NULL;
	c->answer_by = answer_by;
	return (struct nsd_call *)c;
}

bool nsd_call_withdraw(struct nsd_call *call)
{
	struct fake_call *c = &call->fc;
	struct nsd_helper *h = c->h;

	if (c->sent)
		return false;
	fake_unlink(c);
	fake_free_call(c);
	fake_maybe_closed(h);
	return true;
}

void nsd_helper_close(struct nsd_helper *h, void (*closed)(void *arg), void *arg)
{
	struct fake_call *c, *next;

	h->closing = true;
	h->closed = closed;
	h->closed_arg = arg;
	for (c = fake_head; c; c = next) {
		next = c->next;
		if (c->h == h && !c->sent)
			fake_end(c, NETSESS_E_TRANSPORT, true, false, NULL, NULL);
	}
	fake_maybe_closed(h);
}

void nsd_helper_abort(struct nsd_helper *h)
{
	struct fake_call *c, *next;

	for (c = fake_head; c; c = next) {
		next = c->next;
		if (c->h == h)
			fake_end(c, NETSESS_E_TRANSPORT, !c->sent, c->sent, NULL, NULL);
	}
	fake_maybe_closed(h);
}

pid_t nsd_helper_pid(const struct nsd_helper *h)
{
	(void)h;
	return 0;
}

/* ---- rows, tables, notifications ------------------------------------------ */

struct fake_rows_state fake_rows;

void fake_rows_reset(void)
{
	memset(&fake_rows, 0, sizeof(fake_rows));
}

int nsd_rows_update(struct nsd_srv *srv, struct nsd_rowset *set)
{
	(void)srv;
	fake_rows.updates++;
	fake_rows.last_count = set->count;
	return 0;
}

uint32_t nsd_rows_prune(struct nsd_srv *srv, const char *client, const char *user)
{
	(void)srv;
	fake_rows.prunes++;
	snprintf(fake_rows.last_prune, sizeof(fake_rows.last_prune), "%s|%s", client ? client : "*",
	         user ? user : "*");
	return fake_rows.prune_result;
}

void nsd_rows_remove_server(struct nsd_srv *srv)
{
	(void)srv;
	fake_rows.removed++;
}

int nsd_srvtab_add(struct nsd_srv *srv)
{
	srv->table_row = &fake_rows;
	fake_rows.srvtab_rows++;
	return 0;
}

void nsd_srvtab_remove(struct nsd_srv *srv)
{
	if (!srv->table_row)
		return;
	srv->table_row = NULL;
	fake_rows.srvtab_rows--;
}

void nsd_notify_deleted(const struct nsd_srv *srv, const char *client, const char *user,
                        const struct nsd_requester *by, netsess_status_t code)
{
	(void)srv;
	fake_rows.notify_deleted++;
	if (by)
		nsd_requester_describe(by, fake_rows.last_deleted_by,
		                       sizeof(fake_rows.last_deleted_by));
	else
		fake_rows.last_deleted_by[0] = '\0';
	fake_rows.last_deleted_code = code;
	snprintf(fake_rows.last_deleted, sizeof(fake_rows.last_deleted), "%s|%s",
	         client ? client : "", user ? user : "");
}

void nsd_notify_status(const struct nsd_srv *srv)
{
	fake_rows.notify_status++;
	fake_rows.last_status = srv->st.status;
}

int nsd_rows_lanmgr(unsigned index)
{
	fake_rows.lanmgr_index = index;
	return 0;
}

int nsd_lmtab_serve(struct nsd_srv *srv)
{
	fake_rows.lm_serves++;
	fake_rows.lm_srv = srv;
	fake_rows.lm_registered = srv != NULL;
	return 0;
}

void nsd_lmtab_forget(const struct nsd_srv *srv)
{
	if (fake_rows.lm_srv == srv)
		fake_rows.lm_srv = NULL;
}
