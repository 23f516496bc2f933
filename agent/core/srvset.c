/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvset.c - starting, keeping and retiring managed servers as
 * configurations are applied (srvset.h).
 */
#include "srvset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/poll.h"
#include "core/rows.h"
#include "core/server.h"
#include "helper/client.h"
#include "mib/lanmgr_table.h"
#include "mib/tables.h"
#include "config/nsd_config.h"

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

struct nsd_srv *nsd_srvset_find(const struct nsd_srvset *set, unsigned index)
{
	size_t lo = 0, hi = set->nsrvs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned v = set->srvs[mid]->cfg->index;

		if (v == index)
			return set->srvs[mid];
		if (v < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* What the helper needs to open its context: names and paths, never a
 * secret (the helper reads the password file itself). */
static void srvset_helper_conf(const struct nsd_srv *srv, struct nsd_helper_conf *hc)
{
	const struct nsd_server *cfg = srv->cfg;

	memset(hc, 0, sizeof(*hc));
	hc->index = cfg->index;
	hc->label = srv->label;
	hc->host = cfg->host;
	switch (cfg->cred_kind) {
	case NSD_CRED_PASSWORD_FILE:
		hc->open.username = cfg->username;
		hc->open.domain = cfg->domain;
		hc->open.password_file = cfg->password_file;
		break;
	case NSD_CRED_AUTH_FILE:
		hc->open.auth_file = cfg->auth_file;
		break;
	case NSD_CRED_KEYTAB:
		hc->open.username = cfg->principal;
		hc->open.keytab = cfg->keytab;
		break;
	case NSD_CRED_KERBEROS:
		hc->open.kerberos = true;
		break;
	}
	hc->open.signing = cfg->signing;
	hc->open.encryption = cfg->encryption;
	hc->open.port = (uint16_t)cfg->port;
	hc->open.timeout_ms = cfg->timeout_ms;
}

static void srvset_srv_free(struct nsd_srv *srv)
{
	nsd_poll_free(srv);
	srvset_ref_put(srv->cfgref);
	free(srv);
}

static struct nsd_srv *srvset_start(struct nsd_srvset *set, struct nsd_cfgref *ref,
                                    const struct nsd_server *cfg)
{
	struct nsd_srv *srv = calloc(1, sizeof(*srv));
	struct nsd_helper_conf hc;
	char addr[300];

	if (!srv) {
		nsd_log(LOG_ERR, "server %s [%u]: out of memory, not started", cfg->name,
		        cfg->index);
		return NULL;
	}
	srv->set = set;
	srv->cfg = cfg;
	srv->cfgref = ref;
	ref->refs++;
	snprintf(srv->label, sizeof(srv->label), "server %s [%u]", cfg->name, cfg->index);
	nsd_pstate_init(&srv->st);
	srvset_helper_conf(srv, &hc);
	srv->helper = nsd_helper_new(&hc);
	if (!srv->helper || nsd_srvtab_add(srv) != 0) {
		nsd_log(LOG_ERR, "%s: out of memory, not started", srv->label);
		if (srv->helper)
			nsd_helper_close(srv->helper, NULL, NULL);
		srvset_srv_free(srv);
		return NULL;
	}
	if (nsd_poll_start(srv) != 0) {
		nsd_log(LOG_ERR, "%s: out of memory, not started", srv->label);
		nsd_srvtab_remove(srv);
		nsd_helper_close(srv->helper, NULL, NULL);
		srvset_srv_free(srv);
		return NULL;
	}
	nsd_srv_address(srv, addr, sizeof(addr));
	nsd_log(LOG_INFO, "%s: %s, poll every %u ms, call timeout %u ms, delete timeout %u ms",
	        srv->label, addr, cfg->poll_interval_ms, cfg->timeout_ms, cfg->delete_timeout_ms);
	return srv;
}

/* The helper of a retired server has closed: nothing refers to it now. */
static void srvset_on_closed(void *arg)
{
	struct nsd_srv *srv = arg;
	struct nsd_srv **pp;

	for (pp = &srv->set->retired; *pp; pp = &(*pp)->next) {
		if (*pp == srv) {
			*pp = srv->next;
			break;
		}
	}
	nsd_log(LOG_DEBUG, "%s: helper closed", srv->label);
	srvset_srv_free(srv);
}

/* Takes a server out of the tables and closes its helper; it is freed
 * when the helper has closed.  Queued deletes end unsent; one under way
 * runs to its end. */
static void srvset_retire(struct nsd_srvset *set, struct nsd_srv *srv)
{
	srv->retired = true;
	nsd_lmtab_forget(srv);
	nsd_srvtab_remove(srv);
	nsd_rows_remove_server(srv);
	nsd_poll_stop(srv);
	srv->next = set->retired;
	set->retired = srv;
	nsd_helper_close(srv->helper, srvset_on_closed, srv);
}

/* Marks which current servers the new configuration keeps unchanged. */
static bool *srvset_kept(const struct nsd_srvset *set, const struct nsd_config *cfg)
{
	bool *kept = calloc(set->nsrvs + 1, sizeof(*kept));
	size_t i, j;

	if (!kept)
		return NULL;
	for (i = 0; i < set->nsrvs; i++) {
		for (j = 0; j < cfg->nservers; j++) {
			if (nsd_server_same(set->srvs[i]->cfg, &cfg->servers[j])) {
				kept[i] = true;
				break;
			}
		}
	}
	return kept;
}

/* The server of index among the kept ones, or NULL. */
static struct nsd_srv *srvset_kept_srv(const struct nsd_srvset *set, unsigned index)
{
	size_t j;

	for (j = 0; j < set->nsrvs; j++)
		if (set->srvs[j] && set->srvs[j]->cfg->index == index)
			return set->srvs[j];
	return NULL;
}

/* LanMgr-Mib-II's session objects show the server <lanmgr-compat> names,
 * when there is one and it runs; nothing is served under
 * 1.3.6.1.4.1.77 otherwise. */
static void srvset_lanmgr(const struct nsd_srvset *set, const struct nsd_config *cfg)
{
	struct nsd_srv *srv = cfg->lanmgr_index ? nsd_srvset_find(set, cfg->lanmgr_index) : NULL;

	if (cfg->lanmgr_index && !srv)
		nsd_log(LOG_WARNING,
		        "<lanmgr-compat>: server %s [%u] is not running: nothing is served under "
		        "1.3.6.1.4.1.77",
		        cfg->lanmgr_server, cfg->lanmgr_index);
	if (nsd_rows_lanmgr(srv ? cfg->lanmgr_index : 0) != 0)
		nsd_log(LOG_ERR, "out of memory: rows are missing from svSessionTable");
	nsd_lmtab_serve(srv);
}

int nsd_srvset_apply(struct nsd_srvset *set, struct nsd_config *cfg)
{
	struct nsd_cfgref *ref = srvset_ref_new(cfg);
	struct nsd_srv **next = calloc(cfg->nservers + 1, sizeof(*next));
	bool *kept = srvset_kept(set, cfg);
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
	for (i = 0; i < set->nsrvs; i++) {
		if (!kept[i]) {
			srvset_retire(set, set->srvs[i]);
			set->srvs[i] = NULL;
			nretired++;
		}
	}
	/* nsd_config.h keeps servers in index order, as nsd_srvset_find needs. */
	for (i = 0; i < cfg->nservers; i++) {
		const struct nsd_server *e = &cfg->servers[i];
		struct nsd_srv *srv = srvset_kept_srv(set, e->index);

		if (srv) {
			nkept++;
		} else {
			srv = srvset_start(set, ref, e);
			if (!srv) {
				rc = -1;
				continue;
			}
			nstarted++;
		}
		next[k++] = srv;
	}
	free(set->srvs);
	set->srvs = next;
	set->nsrvs = k;
	free(kept);
	srvset_lanmgr(set, cfg);
	srvset_ref_put(set->cur);
	set->cur = ref;
	nsd_log(LOG_NOTICE,
	        "configuration %s: %zu servers (%zu started, %zu kept unchanged, %zu removed or "
	        "restarted)",
	        cfg->path, k, nstarted, nkept, nretired);
	if (cfg->nservers == 0)
		nsd_log(LOG_WARNING,
		        "configuration %s has no <server>: smbServerTable and smbSessionTable stay "
		        "empty until a reload (SIGHUP) adds one",
		        cfg->path);
	return rc;
}

void nsd_srvset_stop(struct nsd_srvset *set)
{
	size_t i;

	for (i = 0; i < set->nsrvs; i++)
		srvset_retire(set, set->srvs[i]);
	free(set->srvs);
	set->srvs = NULL;
	set->nsrvs = 0;
}

void nsd_srvset_abort(struct nsd_srvset *set)
{
	struct nsd_srv *srv, *next;

	for (srv = set->retired; srv; srv = next) {
		next = srv->next;
		nsd_helper_abort(srv->helper);
	}
}

bool nsd_srvset_busy(const struct nsd_srvset *set)
{
	return set->retired != NULL;
}

void nsd_srvset_free(struct nsd_srvset *set)
{
	free(set->srvs);
	set->srvs = NULL;
	set->nsrvs = 0;
	srvset_ref_put(set->cur);
	set->cur = NULL;
}
