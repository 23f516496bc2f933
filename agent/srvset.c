/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvset.c - the managed servers on the agent thread: starting and retiring
 * their workers as the configuration changes, and applying what the
 * workers report (polls, deletes, log lines) to the tables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chan.h"
#include "mib.h"
#include "nsd.h"
#include "worker.h"

static struct nsd_cfgref *srvset_ref_new(struct nsd_config *cfg)
{
	struct nsd_cfgref *ref = calloc(1, sizeof(*ref));

	if (ref) {
		ref->cfg = cfg;
		ref->refs = 1;
	}
	return ref;
}

static void srvset_ref_put(struct nsd_cfgref *ref)
{
	if (!ref || --ref->refs > 0)
		return;
	nsd_config_free(ref->cfg);
	free(ref);
}

struct nsd_srv *nsd_srvset_find(const struct nsd_agent *a, unsigned index)
{
	size_t lo = 0, hi = a->nsrvs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned v = a->srvs[mid]->cfg->index;

		if (v == index)
			return a->srvs[mid];
		if (v < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void nsd_srv_address(const struct nsd_srv *srv, char *buf, size_t cap)
{
	const char *host = srv->cfg->host;

	if (srv->cfg->port == 0 || srv->cfg->port == NSD_DEFAULT_PORT)
		snprintf(buf, cap, "%s", host);
	else if (strchr(host, ':'))
		snprintf(buf, cap, "[%s]:%u", host, srv->cfg->port);
	else
		snprintf(buf, cap, "%s:%u", host, srv->cfg->port);
}

static bool srvset_str_eq(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(x, y) == 0;
}

static void srvset_srv_free(struct nsd_srv *srv)
{
	nsd_del_release(srv);
	free(srv->rows);
	srvset_ref_put(srv->cfgref);
	free(srv);
}

static struct nsd_srv *srvset_start(struct nsd_agent *a, struct nsd_cfgref *ref,
                                    const struct nsd_server *cfg)
{
	struct nsd_srv *srv = calloc(1, sizeof(*srv));
	char addr[300];

	if (!srv) {
		nsd_log(LOG_ERR, "server %s [%u]: out of memory, not started", cfg->name,
		        cfg->index);
		return NULL;
	}
	srv->cfg = cfg;
	srv->cfgref = ref;
	ref->refs++;
	nsd_pstate_init(&srv->st);
	if (nsd_srvtab_add(a, srv) != 0) {
		nsd_log(LOG_ERR, "server %s [%u]: cannot add its smbServerTable row, not started",
		        cfg->name, cfg->index);
		srvset_srv_free(srv);
		return NULL;
	}
	srv->worker = nsd_worker_start(cfg, a->chan, srv);
	if (!srv->worker) {
		nsd_log(LOG_ERR, "server %s [%u]: cannot start its thread: %s", cfg->name,
		        cfg->index, strerror(errno));
		nsd_srvtab_remove(a, srv);
		srvset_srv_free(srv);
		return NULL;
	}
	nsd_srv_address(srv, addr, sizeof(addr));
	nsd_log(LOG_INFO,
	        "server %s [%u]: %s, poll every %u ms, call timeout %u ms, delete timeout %u ms",
	        cfg->name, cfg->index, addr, cfg->poll_interval_ms, cfg->timeout_ms,
	        cfg->delete_timeout_ms);
	return srv;
}

/* Takes a server out of the tables and asks its worker to end; it is freed
 * when the worker's last message (NSD_MSG_EXIT) comes. */
static void srvset_retire(struct nsd_agent *a, struct nsd_srv *srv)
{
	srv->retired = true;
	nsd_srvtab_remove(a, srv);
	nsd_sesstab_remove_server(a, srv);
	nsd_del_abandon(srv);
	nsd_worker_stop(srv->worker);
	srv->next_retired = a->retired;
	a->retired = srv;
}

/* Marks which current servers the new configuration keeps unchanged. */
static bool *srvset_kept(const struct nsd_agent *a, const struct nsd_config *cfg)
{
	bool *kept = calloc(a->nsrvs + 1, sizeof(*kept));
	size_t i, j;

	if (!kept)
		return NULL;
	for (i = 0; i < a->nsrvs; i++) {
		for (j = 0; j < cfg->nservers; j++) {
			if (nsd_server_same(a->srvs[i]->cfg, &cfg->servers[j])) {
				kept[i] = true;
				break;
			}
		}
	}
	return kept;
}

int nsd_srvset_apply(struct nsd_agent *a, struct nsd_config *cfg)
{
	struct nsd_cfgref *ref = srvset_ref_new(cfg);
	struct nsd_srv **next = calloc(cfg->nservers + 1, sizeof(*next));
	bool *kept = srvset_kept(a, cfg);
	size_t i, k = 0, nkept = 0, nretired = 0, nstarted = 0;
	int rc = 0;

	if (!ref || !next || !kept) {
		nsd_log(LOG_ERR, "out of memory: configuration %s not applied", cfg->path);
		free(kept);
		free(next);
		free(ref);
		nsd_config_free(cfg);
		return -1;
	}
	/* Retire first: a changed server reuses its index. */
	for (i = 0; i < a->nsrvs; i++) {
		if (!kept[i]) {
			srvset_retire(a, a->srvs[i]);
			a->srvs[i] = NULL;
			nretired++;
		}
	}
	/* nsd_config.h keeps servers in index order, as nsd_srvset_find needs. */
	for (i = 0; i < cfg->nservers; i++) {
		const struct nsd_server *e = &cfg->servers[i];
		struct nsd_srv *srv = NULL;
		size_t j;

		for (j = 0; j < a->nsrvs && !srv; j++)
			if (a->srvs[j] && a->srvs[j]->cfg->index == e->index)
				srv = a->srvs[j];
		if (srv) {
			nkept++;
		} else {
			srv = srvset_start(a, ref, e);
			if (!srv) {
				rc = -1;
				continue;
			}
			nstarted++;
		}
		next[k++] = srv;
	}
	free(a->srvs);
	a->srvs = next;
	a->nsrvs = k;
	free(kept);
	srvset_ref_put(a->cur);
	a->cur = ref;
	nsd_log(LOG_NOTICE,
	        "configuration %s: %zu servers (%zu started, %zu kept unchanged, %zu removed or "
	        "restarted)",
	        cfg->path, k, nstarted, nkept, nretired);
	return rc;
}

void nsd_srvset_reload(struct nsd_agent *a)
{
	struct nsd_config_errors errs;
	struct nsd_config *cfg;
	const struct nsd_config *old = a->cur ? a->cur->cfg : NULL;
	size_t i;

	memset(&errs, 0, sizeof(errs));
	cfg = nsd_config_load(a->config_path, &errs);
	if (!cfg) {
		nsd_log(LOG_ERR, "reload: %s has errors; the configuration in force is kept",
		        a->config_path);
		for (i = 0; i < errs.count; i++)
			nsd_log(LOG_ERR, "%s", errs.messages[i]);
		nsd_config_errors_clear(&errs);
		return;
	}
	nsd_config_errors_clear(&errs);
	for (i = 0; i < cfg->warnings.count; i++)
		nsd_log(LOG_WARNING, "%s", cfg->warnings.messages[i]);
	if (old && (!srvset_str_eq(old->agentx_address, cfg->agentx_address) ||
	            old->ping_interval != cfg->ping_interval))
		nsd_log(LOG_WARNING,
		        "reload: a new AgentX address or ping interval takes effect when netsessd "
		        "restarts");
	nsd_srvset_apply(a, cfg);
}

void nsd_srvset_stop_all(struct nsd_agent *a)
{
	size_t i;

	for (i = 0; i < a->nsrvs; i++)
		srvset_retire(a, a->srvs[i]);
	free(a->srvs);
	a->srvs = NULL;
	a->nsrvs = 0;
	a->stopping = true;
}

bool nsd_srvset_busy(const struct nsd_agent *a)
{
	return a->retired != NULL;
}

static void srvset_log_omitted(struct nsd_srv *srv, const struct nsd_rowset *set)
{
	char c[NSD_LOG_NAME_MAX], u[NSD_LOG_NAME_MAX];

	if (set->omitted == 0) {
		srv->omitted_logged = false;
		return;
	}
	if (srv->omitted_logged)
		return;
	srv->omitted_logged = true;
	nsd_log(LOG_WARNING,
	        "server %s [%u]: %u sessions have a client name over %u octets or a user name "
	        "over %u octets: counted in smbServerSessions but not listed in smbSessionTable "
	        "(for instance client \"%s\" user \"%s\")",
	        srv->cfg->name, srv->cfg->index, set->omitted, NSD_CLIENT_MAX, NSD_USER_MAX,
	        nsd_log_name(set->omitted_client, c, sizeof(c)),
	        nsd_log_name(set->omitted_user, u, sizeof(u)));
}

static void srvset_log_poll(const struct nsd_srv *srv, const struct nsd_msg *msg,
                            const struct nsd_poll_change *chg)
{
	char addr[300];

	nsd_srv_address(srv, addr, sizeof(addr));
	if (msg->status == NERR_Success) {
		nsd_log(LOG_DEBUG, "server %s [%u]: poll: %u sessions, %zu rows, level %u, %u ms",
		        srv->cfg->name, srv->cfg->index, srv->st.sessions, srv->nrows,
		        msg->list ? msg->list->level_served : 0, msg->elapsed_ms);
		if (chg->log)
			nsd_log(LOG_NOTICE,
			        "server %s [%u] (%s): polling works: %u sessions; status %s",
			        srv->cfg->name, srv->cfg->index, addr, srv->st.sessions,
			        nsd_status_name(srv->st.status));
		return;
	}
	nsd_log(LOG_DEBUG, "server %s [%u]: poll failed: %s (%u), %u ms", srv->cfg->name,
	        srv->cfg->index, netsess_status_name(msg->status), msg->status, msg->elapsed_ms);
	if (chg->log)
		nsd_log(LOG_WARNING, "server %s [%u] (%s): poll failed: %s (%u): %s; status %s",
		        srv->cfg->name, srv->cfg->index, addr, netsess_status_name(msg->status),
		        msg->status, netsess_status_description(msg->status),
		        nsd_status_name(srv->st.status));
}

static void srvset_on_poll(struct nsd_agent *a, struct nsd_srv *srv, struct nsd_msg *msg)
{
	struct nsd_poll_change chg;
	struct nsd_rowset set;
	netsess_status_t code = msg->status;

	memset(&set, 0, sizeof(set));
	if (code == NERR_Success && nsd_rowset_build(msg->list, &set) != 0) {
		nsd_log(LOG_ERR, "server %s [%u]: out of memory: poll result dropped",
		        srv->cfg->name, srv->cfg->index);
		return;
	}
	nsd_pstate_poll(&srv->st, code, set.sessions, &chg);
	if (code == NERR_Success) {
		srv->last_poll = netsnmp_get_agent_uptime();
		if (nsd_sesstab_update(a, srv, &set) != 0)
			nsd_log(LOG_ERR, "server %s [%u]: out of memory: rows not updated",
			        srv->cfg->name, srv->cfg->index);
		srvset_log_omitted(srv, &set);
	}
	srvset_log_poll(srv, msg, &chg);
	if (chg.status_changed)
		nsd_notify_status(srv);
	nsd_rowset_clear(&set);
}

static void srvset_on_exit(struct nsd_agent *a, struct nsd_srv *srv)
{
	struct nsd_srv **pp;

	for (pp = &a->retired; *pp; pp = &(*pp)->next_retired) {
		if (*pp == srv) {
			*pp = srv->next_retired;
			break;
		}
	}
	nsd_worker_join(srv->worker);
	srv->worker = NULL;
	nsd_log(LOG_DEBUG, "server %s [%u]: worker ended", srv->cfg->name, srv->cfg->index);
	srvset_srv_free(srv);
}

static void srvset_dispatch(struct nsd_agent *a, struct nsd_msg *msg)
{
	struct nsd_srv *srv = nsd_worker_owner(msg->sender);

	switch (msg->kind) {
	case NSD_MSG_POLL:
		if (!srv->retired)
			srvset_on_poll(a, srv, msg);
		break;
	case NSD_MSG_DELETE:
		nsd_del_done(a, srv, msg->req);
		break;
	case NSD_MSG_LOG:
		nsd_log(msg->priority, "server %s [%u]: %s", srv->cfg->name, srv->cfg->index,
		        msg->text);
		break;
	case NSD_MSG_EXIT:
		srvset_on_exit(a, srv);
		break;
	}
}

void nsd_srvset_on_chan(int fd, void *arg)
{
	struct nsd_agent *a = arg;
	struct nsd_msg *msg, *next;

	(void)fd;
	for (msg = nsd_chan_take(a->chan); msg; msg = next) {
		next = msg->next;
		srvset_dispatch(a, msg);
		nsd_msg_free(msg);
	}
}

void nsd_srvset_free(struct nsd_agent *a)
{
	free(a->srvs);
	a->srvs = NULL;
	a->nsrvs = 0;
	srvset_ref_put(a->cur);
	a->cur = NULL;
}
