/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server_table.c - smbServerTable: one row per configured server, served
 * from the agent thread's state (never from the network).
 *
 * smbServerDisconnectUser and smbServerDisconnectClient are the writable
 * columns: a write calls NetrSessionDel(server, NULL, user) or
 * NetrSessionDel(server, \\client, NULL) in the ACTION phase (delete.c).
 * table.c registers the table and hands each request to the functions
 * below.
 */
#include <string.h>

#include "mib.h"
#include "nsd.h"

static const oid srvtab_oid[] = {NSD_OID_SERVER_TABLE};

/* TimeStamp (RFC 2579): a value from before the current sysUpTime epoch
 * (the master restarted since) reads 0. */
static u_long srvtab_last_poll(const struct nsd_srv *srv)
{
	u_long now = netsnmp_get_agent_uptime();

	return srv->last_poll <= now ? srv->last_poll : 0;
}

/* smbServerLastPollAge: whole seconds since the last successful poll, on the
 * same clock as smbServerLastPoll (the agent's uptime, in hundredths). */
static u_long srvtab_last_poll_age(const struct nsd_srv *srv)
{
	u_long now = netsnmp_get_agent_uptime();
	u_long age;

	if (srv->last_poll == 0)
		return NSD_POLL_AGE_NEVER;
	age = srv->last_poll <= now ? (now - srv->last_poll) / 100 : 0;
	return age < NSD_POLL_AGE_NEVER ? age : NSD_POLL_AGE_NEVER;
}

static void srvtab_get(const void *entry, unsigned column, netsnmp_variable_list *var)
{
	const struct nsd_srv *srv = entry;
	char addr[300];

	switch (column) {
	case NSD_SRVCOL_NAME:
		nsd_table_set_str(var, srv->cfg->name);
		break;
	case NSD_SRVCOL_ADDRESS:
		nsd_srv_address(srv, addr, sizeof(addr));
		nsd_table_set_str(var, addr);
		break;
	case NSD_SRVCOL_STATUS:
		snmp_set_var_typed_integer(var, ASN_INTEGER, srv->st.status);
		break;
	case NSD_SRVCOL_LAST_POLL:
		snmp_set_var_typed_integer(var, ASN_TIMETICKS, (long)srvtab_last_poll(srv));
		break;
	case NSD_SRVCOL_LAST_ERROR:
		snmp_set_var_typed_integer(var, ASN_UNSIGNED, (long)srv->st.last_error);
		break;
	case NSD_SRVCOL_SESSIONS:
		snmp_set_var_typed_integer(var, ASN_GAUGE, (long)srv->st.sessions);
		break;
	case NSD_SRVCOL_POLLS:
		snmp_set_var_typed_integer(var, ASN_COUNTER, (long)srv->st.polls);
		break;
	case NSD_SRVCOL_POLL_FAILURES:
		snmp_set_var_typed_integer(var, ASN_COUNTER, (long)srv->st.poll_failures);
		break;
	case NSD_SRVCOL_DELETES:
		snmp_set_var_typed_integer(var, ASN_COUNTER, (long)srv->st.deletes);
		break;
	case NSD_SRVCOL_DELETE_FAILURES:
		snmp_set_var_typed_integer(var, ASN_COUNTER, (long)srv->st.delete_failures);
		break;
	case NSD_SRVCOL_DISCONNECT_USER:
	case NSD_SRVCOL_DISCONNECT_CLIENT:
		nsd_table_set_str(var, ""); /* write-only in effect: reads are "" */
		break;
	case NSD_SRVCOL_LAST_POLL_AGE:
		snmp_set_var_typed_integer(var, ASN_GAUGE, (long)srvtab_last_poll_age(srv));
		break;
	default:
		break;
	}
}

/* The octets of a written smbServerDisconnectClient after its leading
 * backslashes, which the agent adds itself ([MS-SRVS] 3.1.4.6 UNC name). */
static size_t srvtab_client_skip(const netsnmp_variable_list *var)
{
	size_t i = 0;

	while (i < var->val_len && var->val.string[i] == '\\')
		i++;
	return i;
}

/* RESERVE1: the checks of RFC 3416 4.2.5 for one varbind. */
static int srvtab_check(const netsnmp_variable_list *var, unsigned column, bool exists)
{
	if (column != NSD_SRVCOL_DISCONNECT_USER && column != NSD_SRVCOL_DISCONNECT_CLIENT)
		return SNMP_ERR_NOTWRITABLE;
	if (var->type != ASN_OCTET_STR)
		return SNMP_ERR_WRONGTYPE;
	if (var->val_len > NSD_DISCONNECT_MAX)
		return SNMP_ERR_WRONGLENGTH;
	/* An empty name would leave both names unspecified, and so would a
	 * client name of backslashes only; an embedded NUL cannot be sent.
	 * Refused here, so that nothing else in the PDU is carried out. */
	if (var->val_len == 0 || memchr(var->val.string, '\0', var->val_len))
		return SNMP_ERR_WRONGVALUE;
	if (column == NSD_SRVCOL_DISCONNECT_CLIENT && srvtab_client_skip(var) == var->val_len)
		return SNMP_ERR_WRONGVALUE;
	if (!exists)
		return SNMP_ERR_NOCREATION;
	return SNMP_ERR_NOERROR;
}

/* ACTION: starts NetrSessionDel for one write. */
static int srvtab_action(struct nsd_agent *a, netsnmp_mib_handler *handler,
                         netsnmp_handler_registration *reginfo, netsnmp_agent_request_info *reqinfo,
                         netsnmp_request_info *request, const netsnmp_table_request_info *ti)
{
	const netsnmp_variable_list *var = request->requestvb;
	struct nsd_srv *srv = nsd_srvset_find(a, (unsigned)*ti->indexes->val.integer);
	char name[NSD_DISCONNECT_MAX + 1];

	memcpy(name, var->val.string, var->val_len);
	name[var->val_len] = '\0';
	if (ti->colnum == NSD_SRVCOL_DISCONNECT_USER)
		return nsd_del_start(srv, NULL, name, handler, reginfo, reqinfo, request);
	return nsd_del_start(srv, name + srvtab_client_skip(var), NULL, handler, reginfo, reqinfo,
	                     request);
}

static const struct nsd_table_ops srvtab_ops = {srvtab_get, srvtab_check, srvtab_action};

int nsd_srvtab_register(struct nsd_agent *a)
{
	static const u_char index_types[] = {ASN_UNSIGNED, 0};

	return nsd_table_register(&a->srv_tab, a, "smbServerTable", srvtab_oid,
	                          OID_LENGTH(srvtab_oid), index_types, NSD_SRVCOL_NAME,
	                          NSD_SRVCOL_LAST, &srvtab_ops);
}

int nsd_srvtab_add(struct nsd_agent *a, struct nsd_srv *srv)
{
	netsnmp_tdata_row *row = netsnmp_tdata_create_row();
	oid *idx = malloc(sizeof(oid));

	if (!row || !idx) {
		free(idx);
		free(row);
		return -1;
	}
	idx[0] = srv->cfg->index;
	row->oid_index.oids = idx;
	row->oid_index.len = 1;
	row->data = srv;
	if (netsnmp_tdata_add_row(a->srv_tab.data, row) != SNMPERR_SUCCESS) {
		netsnmp_tdata_delete_row(row);
		return -1;
	}
	srv->srv_row = row;
	return 0;
}

void nsd_srvtab_remove(struct nsd_agent *a, struct nsd_srv *srv)
{
	if (!srv->srv_row)
		return;
	netsnmp_tdata_remove_and_delete_row(a->srv_tab.data, srv->srv_row);
	srv->srv_row = NULL;
}

void nsd_srvtab_unregister(struct nsd_agent *a)
{
	nsd_table_unregister(&a->srv_tab);
}
