/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rows.c - the rows of smbSessionTable (rows.h), replaced server by server
 * as polls come in, and those of the <lanmgr-compat> server listed in
 * svSessionTable too.
 */
#include "rows.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/server.h"
#include "mib/lanmgr.h"
#include "mib/mib.h"

/* Up to this many rows added or removed at once are inserted and removed
 * one by one (each O(n) in the sorted array); more, and the whole table is
 * refilled in index order, which costs O(n log n) once. */
#define ROWS_REBUILD_MIN 64

/* A server's rows: srv->rows, changed here only. */
struct nsd_srvrows {
	struct nsd_srow **rows; /* index order */
	size_t n;
	unsigned index;           /* the server's smbServerIndex */
	struct nsd_srvrows *next; /* servers with rows, by index */
};

static netsnmp_tdata *rows_table;
static struct nsd_srvrows *rows_listed; /* servers with rows, by index */

/* svSessionTable: the rows of the server of index rows_lm_index (0:
 * none) whose names fit its index. */
static netsnmp_tdata *rows_lm_table;
static unsigned rows_lm_index;

int nsd_rows_init(void)
{
	rows_table = netsnmp_tdata_create_table("smbSessionTable", 0);
	rows_lm_table = netsnmp_tdata_create_table("svSessionTable", 0);
	return rows_table && rows_table->container && rows_lm_table && rows_lm_table->container
	           ? 0
	           : -1;
}

struct netsnmp_tdata_s *nsd_rows_table(void)
{
	return rows_table;
}

struct netsnmp_tdata_s *nsd_rows_lanmgr_table(void)
{
	return rows_lm_table;
}

/* Moves the strings and values of src into dst (src is left empty). */
static void rows_row_move(struct nsd_row *dst, struct nsd_row *src)
{
	nsd_row_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

/* A tdata row for s with the given index; NULL when out of memory. */
static netsnmp_tdata_row *rows_trow_new(struct nsd_srow *s, const uint32_t *sub, size_t n)
{
	netsnmp_tdata_row *t = netsnmp_tdata_create_row();
	size_t i;

	if (!t)
		return NULL;
	t->oid_index.oids = malloc(n * sizeof(oid));
	if (!t->oid_index.oids) {
		netsnmp_tdata_delete_row(t);
		return NULL;
	}
	for (i = 0; i < n; i++)
		t->oid_index.oids[i] = sub[i];
	t->oid_index.len = n;
	t->data = s;
	return t;
}

/* True when s belongs in svSessionTable and has no entry there yet. */
static bool rows_lm_missing(const struct nsd_srow *s)
{
	return !s->lmrow && rows_lm_index != 0 && s->srv->cfg->index == rows_lm_index &&
	       nsd_lm_key_fits(s->r.client, s->r.user);
}

/* Gives s its svSessionTable entry, not yet in the table.  Returns 0, or
 * -1 when out of memory. */
static int rows_lm_attach(struct nsd_srow *s)
{
	uint32_t sub[NSD_LM_INDEX_MAX];
	size_t n = nsd_lm_index(s->r.client, s->r.user, sub, NSD_LM_INDEX_MAX);

	if (n == 0)
		return 0;
	s->lmrow = rows_trow_new(s, sub, n);
	return s->lmrow ? 0 : -1;
}

/* Takes s out of svSessionTable, when it is there, and frees its entry. */
static void rows_lm_detach(struct nsd_srow *s)
{
	if (!s->lmrow)
		return;
	netsnmp_tdata_remove_row(rows_lm_table, s->lmrow);
	netsnmp_tdata_delete_row(s->lmrow);
	s->lmrow = NULL;
}

static void rows_srow_free(struct nsd_srow *s)
{
	if (!s)
		return;
	netsnmp_tdata_delete_row(s->trow); /* frees oid_index too */
	netsnmp_tdata_delete_row(s->lmrow);
	nsd_row_clear(&s->r);
	free(s);
}

/* A new row of srv, taking the contents of r, with its svSessionTable
 * entry when it belongs there.  Neither entry is in its table yet. */
static struct nsd_srow *rows_srow_new(struct nsd_srv *srv, struct nsd_row *r)
{
	uint32_t sub[NSD_SESSION_INDEX_MAX];
	struct nsd_srow *s = calloc(1, sizeof(*s));
	size_t n;

	if (!s)
		return NULL;
	n = nsd_row_index(srv->cfg->index, r->client, r->user, sub, NSD_SESSION_INDEX_MAX);
	if (n == 0 || !(s->trow = rows_trow_new(s, sub, n)))
		goto out_free;
	s->srv = srv;
	rows_row_move(&s->r, r);
	if (rows_lm_missing(s) && rows_lm_attach(s) != 0)
		goto out_free;
	return s;

out_free:
	rows_srow_free(s);
	return NULL;
}

/* srv's rows, made when it gets its first; NULL when out of memory. */
static struct nsd_srvrows *rows_of(struct nsd_srv *srv)
{
	struct nsd_srvrows *sr = srv->rows, **pp;

	if (sr)
		return sr;
	sr = calloc(1, sizeof(*sr));
	if (!sr)
		return NULL;
	sr->index = srv->cfg->index;
	for (pp = &rows_listed; *pp && (*pp)->index < sr->index; pp = &(*pp)->next)
		;
	sr->next = *pp;
	*pp = sr;
	srv->rows = sr;
	return sr;
}

/* srv has no row any more: its bookkeeping goes. */
static void rows_forget(struct nsd_srv *srv)
{
	struct nsd_srvrows *sr = srv->rows, **pp;

	if (!sr)
		return;
	for (pp = &rows_listed; *pp; pp = &(*pp)->next) {
		if (*pp == sr) {
			*pp = sr->next;
			break;
		}
	}
	free(sr->rows);
	free(sr);
	srv->rows = NULL;
}

/* The rows of the server of an index, or NULL when it has none. */
static struct nsd_srvrows *rows_of_index(unsigned index)
{
	struct nsd_srvrows *sr;

	for (sr = rows_listed; sr && sr->index <= index; sr = sr->next)
		if (sr->index == index)
			return sr;
	return NULL;
}

/* Refills svSessionTable's container with the entries of its server's
 * rows, in order. */
static void rows_lm_refill(void)
{
	netsnmp_container *c = rows_lm_table->container;
	const struct nsd_srvrows *sr = rows_lm_index ? rows_of_index(rows_lm_index) : NULL;
	size_t j;

	CONTAINER_CLEAR(c, NULL, NULL);
	for (j = 0; sr && j < sr->n; j++)
		if (sr->rows[j]->lmrow)
			CONTAINER_INSERT(c, sr->rows[j]->lmrow);
}

/* Refills the containers with the rows of every server, in order. */
static void rows_refill(void)
{
	netsnmp_container *c = rows_table->container;
	const struct nsd_srvrows *sr;
	size_t j;

	CONTAINER_CLEAR(c, NULL, NULL);
	for (sr = rows_listed; sr; sr = sr->next)
		for (j = 0; j < sr->n; j++)
			CONTAINER_INSERT(c, sr->rows[j]->trow);
	rows_lm_refill();
}

/* Takes rows out of the table and frees them, and puts new ones in.  The
 * servers' row arrays already reflect the change. */
static void rows_apply(struct nsd_srow **gone, size_t ngone, struct nsd_srow **added, size_t nadded)
{
	size_t i;

	if (ngone + nadded == 0)
		return;
	if (ngone + nadded < ROWS_REBUILD_MIN) {
		for (i = 0; i < ngone; i++) {
			netsnmp_tdata_remove_row(rows_table, gone[i]->trow);
			rows_lm_detach(gone[i]);
			rows_srow_free(gone[i]);
		}
		for (i = 0; i < nadded; i++) {
			netsnmp_tdata_add_row(rows_table, added[i]->trow);
			if (added[i]->lmrow)
				netsnmp_tdata_add_row(rows_lm_table, added[i]->lmrow);
		}
		return;
	}
	for (i = 0; i < ngone; i++)
		rows_srow_free(gone[i]);
	rows_refill();
}

/* Merges the old rows (sorted) with the new ones (sorted): rows present in
 * both keep their table entry and take the new values. */
static size_t rows_merge(struct nsd_srv *srv, struct nsd_srvrows *sr, struct nsd_rowset *set,
                         struct nsd_srow **next, struct nsd_srow **gone, size_t *ngone,
                         struct nsd_srow **added, size_t *nadded)
{
	size_t i = 0, j = 0, k = 0;

	while (i < sr->n || j < set->count) {
		struct nsd_row *nr = j < set->count ? &set->rows[j] : NULL;
		int c;

		if (i == sr->n)
			c = 1;
		else if (!nr)
			c = -1;
		else
			c = nsd_row_key_cmp(sr->rows[i]->r.client, sr->rows[i]->r.user, nr->client,
			                    nr->user);
		if (c == 0) {
			rows_row_move(&sr->rows[i]->r, nr);
			/* One that missed its svSessionTable entry for want of
			 * memory gets it now. */
			if (rows_lm_missing(sr->rows[i]) && rows_lm_attach(sr->rows[i]) == 0)
				netsnmp_tdata_add_row(rows_lm_table, sr->rows[i]->lmrow);
			next[k++] = sr->rows[i++];
			j++;
		} else if (c < 0) {
			gone[(*ngone)++] = sr->rows[i++];
		} else {
			struct nsd_srow *s = rows_srow_new(srv, nr);

			/* Out of memory: the row is missing until the next poll. */
			if (s) {
				next[k++] = s;
				added[(*nadded)++] = s;
			}
			j++;
		}
	}
	return k;
}

int nsd_rows_update(struct nsd_srv *srv, struct nsd_rowset *set)
{
	struct nsd_srvrows *sr;
	size_t cap, ngone = 0, nadded = 0, k;
	struct nsd_srow **next = NULL, **gone = NULL, **added = NULL;
	int rc = -1;

	if (!srv->rows && set->count == 0)
		return 0;
	sr = rows_of(srv);
	if (!sr)
		return -1;
	cap = sr->n + set->count + 1;
	next = calloc(cap, sizeof(*next));
	gone = calloc(cap, sizeof(*gone));
	added = calloc(cap, sizeof(*added));
	if (!next || !gone || !added)
		goto out_free;
	k = rows_merge(srv, sr, set, next, gone, &ngone, added, &nadded);
	free(sr->rows);
	sr->rows = next;
	sr->n = k;
	next = NULL;
	rows_apply(gone, ngone, added, nadded);
	rc = 0;
out_free:
	free(next);
	free(gone);
	free(added);
	return rc;
}

uint32_t nsd_rows_prune(struct nsd_srv *srv, const char *client, const char *user)
{
	struct nsd_srvrows *sr = srv->rows;
	struct nsd_srow **gone;
	size_t i, k = 0, ngone = 0;
	uint32_t sessions = 0;

	if (!sr || sr->n == 0)
		return 0;
	gone = calloc(sr->n, sizeof(*gone));
	if (!gone)
		return 0; /* the next poll removes them */
	for (i = 0; i < sr->n; i++) {
		struct nsd_srow *s = sr->rows[i];

		if (!nsd_row_matches(&s->r, client, user)) {
			sr->rows[k++] = s;
			continue;
		}
		sessions += s->r.count < UINT32_MAX - sessions ? s->r.count : UINT32_MAX - sessions;
		gone[ngone++] = s;
	}
	sr->n = k;
	rows_apply(gone, ngone, NULL, 0);
	free(gone);
	return sessions;
}

void nsd_rows_remove_server(struct nsd_srv *srv)
{
	struct nsd_srvrows *sr = srv->rows;
	struct nsd_srow **rows;
	size_t n;

	if (!sr)
		return;
	rows = sr->rows;
	n = sr->n;
	sr->rows = NULL;
	sr->n = 0;
	rows_forget(srv);
	rows_apply(rows, n, NULL, 0);
	free(rows);
}

int nsd_rows_lanmgr(unsigned index)
{
	struct nsd_srvrows *sr;
	size_t j;
	int rc = 0;

	if (index == rows_lm_index)
		return 0;
	sr = rows_lm_index ? rows_of_index(rows_lm_index) : NULL;
	for (j = 0; sr && j < sr->n; j++) {
		netsnmp_tdata_delete_row(sr->rows[j]->lmrow);
		sr->rows[j]->lmrow = NULL;
	}
	rows_lm_index = index;
	sr = index ? rows_of_index(index) : NULL;
	for (j = 0; sr && j < sr->n; j++)
		if (rows_lm_missing(sr->rows[j]) && rows_lm_attach(sr->rows[j]) != 0)
			rc = -1;
	rows_lm_refill();
	return rc;
}
