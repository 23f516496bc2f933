/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * table.h - what smbServerTable and smbSessionTable share: a tdata table
 * registered with one handler that serves the modes the tables use.
 *
 *   GET (GETNEXT and GETBULK arrive as GET from the table helper)
 *             answered from the row's entry, never from the network; an
 *             index that names no row is noSuchInstance (no row has a
 *             malformed index, so those are too), and a GETNEXT goes to the
 *             next row in OID order (the tdata helper compares the raw
 *             sub-identifiers);
 *   RESERVE1  every check of RFC 3416 4.2.5, so that a refused varbind
 *             fails the PDU before anything is carried out; first of all
 *             the index: one that cannot name a row (syntax.h) is
 *             noCreation whatever the column and the value, the answer
 *             Net-SNMP's table helper gives to the indexes it cannot
 *             parse itself;
 *   ACTION    the work (AgentX CommitSet, RFC 2741 7.2.4.2): an error
 *             raised later, in COMMIT, would never reach the manager.
 * RESERVE2, COMMIT, FREE and UNDO do nothing: nothing is held between
 * phases, and an ended session cannot be brought back.
 */
#ifndef NETSESSD_MIB_TABLE_H
#define NETSESSD_MIB_TABLE_H

#include <stdbool.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

/* What one table does with a request. */
struct nsd_table_ops {
	/* True when idx[0 .. len), the instance after the column, can name
	 * a row of the table (syntax.h). */
	bool (*index_ok)(const oid *idx, size_t len);
	/* GET of a column of an existing row; entry is the row's data. */
	void (*get)(const void *entry, unsigned column, netsnmp_variable_list *var);
	/* RESERVE1: SNMP_ERR_NOERROR or the error of the varbind.  Only
	 * whether the row exists: a poll or a reload may replace it before
	 * ACTION, which looks again. */
	int (*check)(const netsnmp_variable_list *var, unsigned column, bool exists);
	/* ACTION: entry is the row's data now, NULL when the row has gone
	 * since RESERVE1.  SNMP_ERR_NOERROR (the request may then be
	 * delegated) or an error. */
	int (*action)(void *entry, netsnmp_mib_handler *handler,
	              netsnmp_handler_registration *reginfo, netsnmp_agent_request_info *reqinfo,
	              netsnmp_request_info *request, const netsnmp_table_request_info *ti);
};

struct nsd_table {
	netsnmp_tdata *data;
	netsnmp_table_registration_info *ti;
	netsnmp_handler_registration *reg;
	const struct nsd_table_ops *ops;
};

/* Registers data (the caller's until then; the registration's after) at
 * root with one index per entry of index_types (0-terminated).  Returns 0,
 * or -1. */
int nsd_table_register(struct nsd_table *t, netsnmp_tdata *data, const char *name, const oid *root,
                       size_t root_len, const u_char *index_types, unsigned min_column,
                       unsigned max_column, const struct nsd_table_ops *ops);
/* Unregisters t (for an AgentX subagent, an Unregister exchange with the
 * master, RFC 2741 7.1.6); data stays as it is, its owner's again.  Never
 * from inside a request to t, nor while a SET it delegated is waiting.
 * Safe when t is not registered. */
void nsd_table_unregister(struct nsd_table *t);
/* Sets var to the OCTET STRING s. */
void nsd_table_set_str(netsnmp_variable_list *var, const char *s);

#endif
