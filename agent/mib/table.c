/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.c - the registration and request handling smbServerTable and
 * smbSessionTable share (table.h): a tdata table (rows in a sorted array,
 * binary search: O(log n) per lookup, never the iterator helper) and one
 * handler.
 */
#include "table.h"

#include "mib/tables.h"

#include <string.h>

/*
 * The SET transactions under way: from RESERVE1 (AgentX TestSet) until
 * COMMIT or FREE (CleanupSet) or UNDO (UndoSet; Net-SNMP's subagent drops
 * the CleanupSet that follows an UndoSet before any handler sees it).  A
 * subagent that leaves in the middle of one makes the master answer the
 * manager genErr whatever the subagent answered, so netsessd waits for
 * them before it exits.  Keyed by the AgentX transaction id; a few at a
 * time at most (the master serialises SETs).
 */
#define TABLE_SETS_MAX 16
static long table_sets[TABLE_SETS_MAX];
static size_t table_nsets;

static void table_set_begin(long transid)
{
	size_t i;

	for (i = 0; i < table_nsets; i++)
		if (table_sets[i] == transid)
			return;
	if (table_nsets < TABLE_SETS_MAX)
		table_sets[table_nsets++] = transid;
}

static void table_set_end(long transid)
{
	size_t i;

	for (i = 0; i < table_nsets; i++) {
		if (table_sets[i] == transid) {
			table_sets[i] = table_sets[--table_nsets];
			return;
		}
	}
}

size_t nsd_tables_sets_open(void)
{
	return table_nsets;
}

/* Follows a PDU's SET phases (see table_sets). */
static void table_track_set(const netsnmp_agent_request_info *reqinfo)
{
	long transid;

	if (!reqinfo->asp || !reqinfo->asp->pdu)
		return;
	transid = reqinfo->asp->pdu->transid;
	switch (reqinfo->mode) {
	case MODE_SET_RESERVE1:
		table_set_begin(transid);
		break;
	case MODE_SET_COMMIT:
	case MODE_SET_FREE:
	case MODE_SET_UNDO:
		table_set_end(transid);
		break;
	default:
		break;
	}
}

void nsd_table_set_str(netsnmp_variable_list *var, const char *s)
{
	snmp_set_var_typed_value(var, ASN_OCTET_STR, s, strlen(s));
}

/* One varbind in one mode; an error goes on the request. */
static void table_request(struct nsd_table *t, netsnmp_mib_handler *handler,
                          netsnmp_handler_registration *reginfo,
                          netsnmp_agent_request_info *reqinfo, netsnmp_request_info *r,
                          const netsnmp_table_request_info *ti)
{
	void *entry;
	int err = SNMP_ERR_NOERROR;

	switch (reqinfo->mode) {
	case MODE_GET:
		entry = netsnmp_tdata_extract_entry(r);
		if (entry)
			t->ops->get(entry, ti->colnum, r->requestvb);
		else
			err = SNMP_NOSUCHINSTANCE;
		break;
	case MODE_SET_RESERVE1:
		if (!t->ops->index_ok(ti->index_oid, ti->index_oid_len))
			err = SNMP_ERR_NOCREATION;
		else
			err = t->ops->check(r->requestvb, ti->colnum,
			                    netsnmp_tdata_extract_row(r) != NULL);
		break;
	case MODE_SET_ACTION:
		err = t->ops->action(netsnmp_tdata_extract_entry(r), handler, reginfo, reqinfo, r,
		                     ti);
		break;
	default:
		break;
	}
	if (err != SNMP_ERR_NOERROR)
		netsnmp_set_request_error(reqinfo, r, err);
}

static int table_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                         netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct nsd_table *t = reginfo->my_reg_void;
	netsnmp_request_info *r;

	table_track_set(reqinfo);
	/* Requests come in the order of the PDU's varbinds, so several
	 * deletes reach a helper's queue in that order. */
	for (r = requests; r; r = r->next) {
		netsnmp_table_request_info *ti;

		if (r->processed)
			continue;
		ti = netsnmp_extract_table_info(r);
		if (ti)
			table_request(t, handler, reginfo, reqinfo, r, ti);
	}
	return SNMP_ERR_NOERROR;
}

int nsd_table_register(struct nsd_table *t, netsnmp_tdata *data, const char *name, const oid *root,
                       size_t root_len, const u_char *index_types, unsigned min_column,
                       unsigned max_column, const struct nsd_table_ops *ops)
{
	netsnmp_handler_registration *reg;
	size_t i;

	t->ops = ops;
	t->data = data;
	t->ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (!t->data || !t->ti)
		goto out_free;
	for (i = 0; index_types[i] != 0; i++)
		netsnmp_table_helper_add_index(t->ti, index_types[i]);
	t->ti->min_column = min_column;
	t->ti->max_column = max_column;
	reg = netsnmp_create_handler_registration(name, table_handler, root, root_len,
	                                          HANDLER_CAN_RWRITE);
	if (!reg)
		goto out_free;
	reg->my_reg_void = t;
	/* On failure the registration is freed by the helper. */
	if (netsnmp_tdata_register(reg, t->data, t->ti) != SNMPERR_SUCCESS)
		goto out_free;
	t->reg = reg;
	return 0;

out_free:
	netsnmp_table_registration_info_free(t->ti);
	t->ti = NULL;
	return -1;
}

void nsd_table_unregister(struct nsd_table *t)
{
	if (!t->reg)
		return;
	/* Frees the registration and its handlers, not the table's data:
	 * netsnmp_tdata_unregister() would free the rows' container. */
	netsnmp_unregister_handler(t->reg);
	t->reg = NULL;
	netsnmp_table_registration_info_free(t->ti);
	t->ti = NULL;
}
