/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * session_table.c - smbSessionTable's handler: the rows are core/rows.c's
 * (the merged sessions of every server, replaced as polls come in).
 *
 * smbSessionRowStatus follows RFC 2579; destroy(6) on an existing row calls
 * NetrSessionDel(server, \\client, user) in the ACTION phase (set.c).
 * table.c registers the table and hands each request to the functions
 * below.
 */
#include <string.h>

#include "core/rows.h"
#include "mib/mib.h"
#include "mib/set.h"
#include "mib/syntax.h"
#include "mib/table.h"
#include "mib/tables.h"

static const oid sesstab_oid[] = {NSD_OID_SESSION_TABLE};

static struct nsd_table sesstab;

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
 * RESERVE1, for an index that can name a row (table.c answers noCreation
 * for one that cannot): RFC 2579 RowStatus rules for rows the agent never
 * creates.
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

static bool sesstab_index_ok(const oid *idx, size_t len)
{
	return nsd_session_index_parse(idx, len, NULL);
}

/*
 * ACTION: destroy(6) on a row, entry, that is there now (a row gone since
 * RESERVE1 is destroyed already: noError, nothing sent).  The names come
 * from the request's index (checked in RESERVE1), the server from the row.
 */
static int sesstab_action(void *entry, netsnmp_mib_handler *handler,
                          netsnmp_handler_registration *reginfo,
                          netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request,
                          const netsnmp_table_request_info *ti)
{
	struct nsd_session_index ix;
	const struct nsd_srow *s = entry;

	if (ti->colnum != NSD_SESSCOL_ROW_STATUS ||
	    *request->requestvb->val.integer != NSD_RS_DESTROY || !s)
		return SNMP_ERR_NOERROR;
	if (!nsd_session_index_parse(ti->index_oid, ti->index_oid_len, &ix))
		return SNMP_ERR_GENERR;
	/* An empty user is "unspecified" in [MS-SRVS] 3.1.4.6: every session
	 * of the client ends, as the MIB says for anonymous rows.  The client
	 * of a row is never empty (SIZE (1..63)), so the two names are never
	 * both unspecified. */
	return nsd_set_delete(s->srv, ix.client, ix.user[0] ? ix.user : NULL, handler, reginfo,
	                      reqinfo, request);
}

static const struct nsd_table_ops sesstab_ops = {sesstab_index_ok, sesstab_get, sesstab_check,
                                                 sesstab_action};

int nsd_sesstab_register(void)
{
	static const u_char index_types[] = {ASN_UNSIGNED, ASN_OCTET_STR, ASN_OCTET_STR, 0};

	return nsd_table_register(&sesstab, nsd_rows_table(), "smbSessionTable", sesstab_oid,
	                          OID_LENGTH(sesstab_oid), index_types, NSD_SESSCOL_COUNT,
	                          NSD_SESSCOL_ROW_STATUS, &sesstab_ops);
}
