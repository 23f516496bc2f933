/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_table.c - smbSessionTable: the merged sessions of every server,
 * kept in a tdata table (sorted array, binary search: O(log n) per lookup)
 * and replaced server by server as polls come in.
 *
 * smbSessionRowStatus follows RFC 2579; destroy(6) on an existing row calls
 * NetrSessionDel(server, \\client, user) in the ACTION phase (delete.c).
 * table.c registers the table and hands each request to the functions
 * below.
 */
#include <stdlib.h>
#include <string.h>

#include "mib.h"
#include "nsd.h"

static const oid sesstab_oid[] = {NSD_OID_SESSION_TABLE};

/* Up to this many rows added or removed at once are inserted and removed
 * one by one (each O(n) in the sorted array); more, and the whole table is
 * refilled in index order, which costs O(n log n) once. */
#define SESSTAB_REBUILD_MIN 64

/* Moves the strings and values of src into dst (src is left empty). */
static void sesstab_row_move(struct nsd_row *dst, struct nsd_row *src)
{
	nsd_row_clear(dst);
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

static void sesstab_srow_free(struct nsd_srow *s)
{
	if (!s)
		return;
	netsnmp_tdata_delete_row(s->trow); /* frees oid_index too */
	nsd_row_clear(&s->r);
	free(s);
}

/* A new row for server index idx, taking the contents of r. */
static struct nsd_srow *sesstab_srow_new(unsigned idx, struct nsd_row *r)
{
	uint32_t sub[NSD_SESSION_INDEX_MAX];
	struct nsd_srow *s = calloc(1, sizeof(*s));
	size_t n, i;

	if (!s)
		return NULL;
	n = nsd_row_index(idx, r->client, r->user, sub, NSD_SESSION_INDEX_MAX);
	s->trow = netsnmp_tdata_create_row();
	if (n == 0 || !s->trow)
		goto out_free;
	s->trow->oid_index.oids = malloc(n * sizeof(oid));
	if (!s->trow->oid_index.oids)
		goto out_free;
	for (i = 0; i < n; i++)
		s->trow->oid_index.oids[i] = sub[i];
	s->trow->oid_index.len = n;
	s->trow->data = s;
	sesstab_row_move(&s->r, r);
	return s;

out_free:
	sesstab_srow_free(s);
	return NULL;
}

/* Refills the container with the rows of every active server, in order. */
static void sesstab_refill(struct nsd_agent *a)
{
	netsnmp_container *c = a->sess_tab.data->container;
	size_t i, j;

	CONTAINER_CLEAR(c, NULL, NULL);
	for (i = 0; i < a->nsrvs; i++) {
		const struct nsd_srv *srv = a->srvs[i];

		if (!srv)
			continue; /* a slot emptied during a reload */
		for (j = 0; j < srv->nrows; j++)
			CONTAINER_INSERT(c, srv->rows[j]->trow);
	}
}

/* Takes rows out of the table and frees them, and puts new ones in.  The
 * servers' row arrays already reflect the change. */
static void sesstab_apply(struct nsd_agent *a, struct nsd_srow **gone, size_t ngone,
                          struct nsd_srow **added, size_t nadded)
{
	size_t i;

	if (ngone + nadded == 0)
		return;
	if (ngone + nadded < SESSTAB_REBUILD_MIN) {
		for (i = 0; i < ngone; i++) {
			netsnmp_tdata_remove_row(a->sess_tab.data, gone[i]->trow);
			sesstab_srow_free(gone[i]);
		}
		for (i = 0; i < nadded; i++)
			netsnmp_tdata_add_row(a->sess_tab.data, added[i]->trow);
		return;
	}
	for (i = 0; i < ngone; i++)
		sesstab_srow_free(gone[i]);
	sesstab_refill(a);
}

/* Merges the old rows (sorted) with the new ones (sorted): rows present in
 * both keep their table entry and take the new values. */
static size_t sesstab_merge(struct nsd_srv *srv, struct nsd_rowset *set, struct nsd_srow **next,
                            struct nsd_srow **gone, size_t *ngone, struct nsd_srow **added,
                            size_t *nadded)
{
	size_t i = 0, j = 0, k = 0;

	while (i < srv->nrows || j < set->count) {
		struct nsd_row *nr = j < set->count ? &set->rows[j] : NULL;
		int c;

		if (i == srv->nrows)
			c = 1;
		else if (!nr)
			c = -1;
		else
			c = nsd_row_key_cmp(srv->rows[i]->r.client, srv->rows[i]->r.user,
			                    nr->client, nr->user);
		if (c == 0) {
			sesstab_row_move(&srv->rows[i]->r, nr);
			next[k++] = srv->rows[i++];
			j++;
		} else if (c < 0) {
			gone[(*ngone)++] = srv->rows[i++];
		} else {
			struct nsd_srow *s = sesstab_srow_new(srv->cfg->index, nr);

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

int nsd_sesstab_update(struct nsd_agent *a, struct nsd_srv *srv, struct nsd_rowset *set)
{
	size_t cap = srv->nrows + set->count + 1;
	struct nsd_srow **next = calloc(cap, sizeof(*next));
	struct nsd_srow **gone = calloc(cap, sizeof(*gone));
	struct nsd_srow **added = calloc(cap, sizeof(*added));
	size_t ngone = 0, nadded = 0, k;
	int rc = -1;

	if (!next || !gone || !added)
		goto out_free;
	k = sesstab_merge(srv, set, next, gone, &ngone, added, &nadded);
	free(srv->rows);
	srv->rows = next;
	srv->nrows = k;
	next = NULL;
	sesstab_apply(a, gone, ngone, added, nadded);
	rc = 0;
out_free:
	free(next);
	free(gone);
	free(added);
	return rc;
}

void nsd_sesstab_prune(struct nsd_agent *a, struct nsd_srv *srv, const char *client,
                       const char *user)
{
	struct nsd_srow **gone;
	size_t i, k = 0, ngone = 0;

	if (srv->nrows == 0)
		return;
	gone = calloc(srv->nrows, sizeof(*gone));
	if (!gone)
		return; /* the next poll removes them */
	for (i = 0; i < srv->nrows; i++) {
		struct nsd_srow *s = srv->rows[i];

		if (!nsd_row_matches(&s->r, client, user)) {
			srv->rows[k++] = s;
			continue;
		}
		srv->st.sessions -= s->r.count < srv->st.sessions ? s->r.count : srv->st.sessions;
		gone[ngone++] = s;
	}
	srv->nrows = k;
	sesstab_apply(a, gone, ngone, NULL, 0);
	free(gone);
}

void nsd_sesstab_remove_server(struct nsd_agent *a, struct nsd_srv *srv)
{
	struct nsd_srow **rows = srv->rows;
	size_t n = srv->nrows;

	srv->rows = NULL;
	srv->nrows = 0;
	sesstab_apply(a, rows, n, NULL, 0);
	free(rows);
}

static void sesstab_get(const void *entry, unsigned column, netsnmp_variable_list *var)
{
	const struct nsd_srow *s = entry;
	u_char bits;

	switch (column) {
	case NSD_SESSCOL_COUNT:
		snmp_set_var_typed_integer(var, ASN_GAUGE, (long)s->r.count);
		break;
	case NSD_SESSCOL_OPENS:
		snmp_set_var_typed_integer(var, ASN_GAUGE, (long)s->r.opens);
		break;
	case NSD_SESSCOL_TIME:
		snmp_set_var_typed_integer(var, ASN_UNSIGNED, (long)s->r.time);
		break;
	case NSD_SESSCOL_IDLE_TIME:
		snmp_set_var_typed_integer(var, ASN_UNSIGNED, (long)s->r.idle_time);
		break;
	case NSD_SESSCOL_FLAGS:
		/* BITS { guest(0), noEncryption(1) } (RFC 2578 7.1.4). */
		bits = 0;
		if (s->r.flags & NETSESS_SESS_GUEST)
			bits |= NSD_FLAGS_GUEST;
		if (s->r.flags & NETSESS_SESS_NOENCRYPTION)
			bits |= NSD_FLAGS_NO_ENCRYPTION;
		snmp_set_var_typed_value(var, ASN_OCTET_STR, &bits, 1);
		break;
	case NSD_SESSCOL_CLIENT_TYPE:
		nsd_table_set_str(var, s->r.client_type);
		break;
	case NSD_SESSCOL_TRANSPORT:
		nsd_table_set_str(var, s->r.transport);
		break;
	case NSD_SESSCOL_ROW_STATUS:
		snmp_set_var_typed_integer(var, ASN_INTEGER, NSD_RS_ACTIVE);
		break;
	default:
		break;
	}
}

/*
 * RESERVE1: RFC 2579 RowStatus rules for rows the agent never creates.
 *   notReady(3), or outside 1..6            wrongValue
 *   destroy(6) on an absent row             noError, nothing happens
 *   anything else on an absent row          noCreation
 *   active(1), destroy(6) on an existing    noError
 *   notInService(2), createAndGo(4),
 *   createAndWait(5) on an existing row     inconsistentValue
 */
static int sesstab_check(const netsnmp_variable_list *var, unsigned column, bool exists)
{
	long v;
	int err;

	if (column != NSD_SESSCOL_ROW_STATUS)
		return SNMP_ERR_NOTWRITABLE;
	err = netsnmp_check_vb_type_and_size(var, ASN_INTEGER, sizeof(long));
	if (err != SNMP_ERR_NOERROR)
		return err;
	v = *var->val.integer;
	if (v < NSD_RS_ACTIVE || v > NSD_RS_DESTROY || v == NSD_RS_NOT_READY)
		return SNMP_ERR_WRONGVALUE;
	if (!exists)
		return v == NSD_RS_DESTROY ? SNMP_ERR_NOERROR : SNMP_ERR_NOCREATION;
	if (v == NSD_RS_ACTIVE || v == NSD_RS_DESTROY)
		return SNMP_ERR_NOERROR;
	return SNMP_ERR_INCONSISTENTVALUE;
}

/* Copies an OCTET STRING index into a C string (bounded by the MIB). */
static void sesstab_index_str(const netsnmp_variable_list *v, char *buf, size_t cap)
{
	size_t n = v->val_len < cap - 1 ? v->val_len : cap - 1;

	memcpy(buf, v->val.string, n);
	buf[n] = '\0';
}

/*
 * ACTION: destroy(6) on a row that existed at RESERVE1.  The row itself is
 * not read: a poll may have replaced it since; the names come from the
 * request's index.
 */
static int sesstab_action(struct nsd_agent *a, netsnmp_mib_handler *handler,
                          netsnmp_handler_registration *reginfo,
                          netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request,
                          const netsnmp_table_request_info *ti)
{
	const netsnmp_variable_list *vs = ti->indexes, *vc, *vu;
	char client[NSD_CLIENT_MAX + 1], user[NSD_USER_MAX + 1];
	struct nsd_srv *srv;

	if (ti->colnum != NSD_SESSCOL_ROW_STATUS ||
	    *request->requestvb->val.integer != NSD_RS_DESTROY ||
	    !netsnmp_tdata_extract_row(request))
		return SNMP_ERR_NOERROR;
	vc = vs ? vs->next_variable : NULL;
	vu = vc ? vc->next_variable : NULL;
	if (!vu)
		return SNMP_ERR_GENERR;
	sesstab_index_str(vc, client, sizeof(client));
	sesstab_index_str(vu, user, sizeof(user));
	srv = nsd_srvset_find(a, (unsigned)*vs->val.integer);
	/* An empty user is "unspecified" in [MS-SRVS] 3.1.4.6: every session
	 * of the client ends, as the MIB says for anonymous rows.  The client
	 * of a row is never empty (SIZE (1..63)), so the two names are never
	 * both unspecified. */
	return nsd_del_start(srv, client, user[0] ? user : NULL, handler, reginfo, reqinfo,
	                     request);
}

static const struct nsd_table_ops sesstab_ops = {sesstab_get, sesstab_check, sesstab_action};

int nsd_sesstab_register(struct nsd_agent *a)
{
	static const u_char index_types[] = {ASN_UNSIGNED, ASN_OCTET_STR, ASN_OCTET_STR, 0};

	return nsd_table_register(&a->sess_tab, a, "smbSessionTable", sesstab_oid,
	                          OID_LENGTH(sesstab_oid), index_types, NSD_SESSCOL_COUNT,
	                          NSD_SESSCOL_ROW_STATUS, &sesstab_ops);
}

void nsd_sesstab_unregister(struct nsd_agent *a)
{
	nsd_table_unregister(&a->sess_tab);
}
