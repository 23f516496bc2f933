/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server_table.c - smbServerTable: one row per active server, served from
 * the servers' state (never from the network).
 *
 * smbServerDisconnectUser and smbServerDisconnectClient are the writable
 * columns: a write calls NetrSessionDel(server, NULL, user) or
 * NetrSessionDel(server, \\client, NULL) in the ACTION phase (set.c).
 * table.c registers the table and hands each request to the functions
 * below.
 */
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/poll.h"
#include "core/server.h"
#include "mib/mib.h"
#include "mib/set.h"
#include "mib/syntax.h"
#include "mib/table.h"
#include "mib/tables.h"

static const oid srvtab_oid[] = {NSD_OID_SERVER_TABLE};

static struct nsd_table srvtab;

/* A server's row: its tdata entry, and smbServerLastPoll as a TimeStamp
 * (RFC 2579: sysUpTime when the last successful poll ended). */
struct srvtab_row {
	netsnmp_tdata_row *row;
	uint64_t stamp_of; /* the poll's nsd_now_ms() the stamp was taken for */
	u_long stamp;
};

/* The stamp is taken once per poll, on the first read after it, so that
 * it does not move between reads; a value from before the current
 * sysUpTime epoch (the master restarted since) reads 0. */
static u_long srvtab_last_poll(const struct nsd_srv *srv)
{
	struct srvtab_row *tr = srv->table_row;
	uint64_t last_ok = nsd_poll_last_ok_ms(srv), ago;
	u_long now = netsnmp_get_agent_uptime();

	if (last_ok == 0)
		return 0;
	if (tr->stamp_of != last_ok) {
		ago = (nsd_now_ms() - last_ok) / 10u;
		tr->stamp = ago < now ? now - (u_long)ago : 0;
		tr->stamp_of = last_ok;
	}
	return tr->stamp <= now ? tr->stamp : 0;
}

/* smbServerLastPollAge: whole seconds since the last successful poll, on
 * the loop's monotonic clock (not moved by a master's restart). */
static u_long srvtab_last_poll_age(const struct nsd_srv *srv)
{
	uint64_t last_ok = nsd_poll_last_ok_ms(srv), age;

	if (last_ok == 0)
		return NSD_POLL_AGE_NEVER;
	age = (nsd_now_ms() - last_ok) / 1000u;
	return age < NSD_POLL_AGE_NEVER ? (u_long)age : NSD_POLL_AGE_NEVER;
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

static bool srvtab_index_ok(const oid *idx, size_t len)
{
	return nsd_server_index_parse(idx, len, NULL);
}

/* RESERVE1, for an index that can name a row (table.c answers noCreation
 * for one that cannot): the checks of RFC 3416 4.2.5 for one varbind. */
static int srvtab_check(const netsnmp_variable_list *var, unsigned column, bool exists)
{
	if (column != NSD_SRVCOL_DISCONNECT_USER && column != NSD_SRVCOL_DISCONNECT_CLIENT)
		return SNMP_ERR_NOTWRITABLE;
	if (var->type != ASN_OCTET_STR)
		return SNMP_ERR_WRONGTYPE;
	if (var->val_len > NSD_DISCONNECT_MAX)
		return SNMP_ERR_WRONGLENGTH;
	/* An empty name would leave both names unspecified, and so would a
	 * client name of backslashes only.  SnmpAdminString is UTF-8 (RFC
	 * 3411), and a NUL cannot be sent (syntax.h).  Refused here, before
	 * anything is sent, counted, logged or notified, and so that nothing
	 * else in the PDU is carried out. */
	if (var->val_len == 0 || !nsd_admin_string_ok(var->val.string, var->val_len))
		return SNMP_ERR_WRONGVALUE;
	if (column == NSD_SRVCOL_DISCONNECT_CLIENT && srvtab_client_skip(var) == var->val_len)
		return SNMP_ERR_WRONGVALUE;
	if (!exists)
		return SNMP_ERR_NOCREATION;
	return SNMP_ERR_NOERROR;
}

/* ACTION: starts NetrSessionDel for one write; entry is the server, NULL
 * when it has been removed since RESERVE1. */
static int srvtab_action(void *entry, netsnmp_mib_handler *handler,
                         netsnmp_handler_registration *reginfo, netsnmp_agent_request_info *reqinfo,
                         netsnmp_request_info *request, const netsnmp_table_request_info *ti)
{
	const netsnmp_variable_list *var = request->requestvb;
	struct nsd_srv *srv = entry;
	char name[NSD_DISCONNECT_MAX + 1];

	memcpy(name, var->val.string, var->val_len);
	name[var->val_len] = '\0';
	if (ti->colnum == NSD_SRVCOL_DISCONNECT_USER)
		return nsd_set_delete(srv, NULL, name, handler, reginfo, reqinfo, request);
	return nsd_set_delete(srv, name + srvtab_client_skip(var), NULL, handler, reginfo, reqinfo,
	                      request);
}

static const struct nsd_table_ops srvtab_ops = {srvtab_index_ok, srvtab_get, srvtab_check,
                                                srvtab_action};

int nsd_srvtab_register(void)
{
	static const u_char index_types[] = {ASN_UNSIGNED, 0};

	return nsd_table_register(&srvtab, netsnmp_tdata_create_table("smbServerTable", 0),
	                          "smbServerTable", srvtab_oid, OID_LENGTH(srvtab_oid), index_types,
	                          NSD_SRVCOL_NAME, NSD_SRVCOL_LAST, &srvtab_ops);
}

int nsd_srvtab_add(struct nsd_srv *srv)
{
	struct srvtab_row *tr = calloc(1, sizeof(*tr));
	netsnmp_tdata_row *row = netsnmp_tdata_create_row();
	oid *idx = malloc(sizeof(oid));

	if (!tr || !row || !idx) {
		free(idx);
		free(row);
		free(tr);
		return -1;
	}
	idx[0] = srv->cfg->index;
	row->oid_index.oids = idx;
	row->oid_index.len = 1;
	row->data = srv;
	if (netsnmp_tdata_add_row(srvtab.data, row) != SNMPERR_SUCCESS) {
		netsnmp_tdata_delete_row(row);
		free(tr);
		return -1;
	}
	tr->row = row;
	srv->table_row = tr;
	return 0;
}

void nsd_srvtab_remove(struct nsd_srv *srv)
{
	struct srvtab_row *tr = srv->table_row;

	if (!tr)
		return;
	if (srvtab.data)
		netsnmp_tdata_remove_and_delete_row(srvtab.data, tr->row);
	else
		netsnmp_tdata_delete_row(tr->row);
	free(tr);
	srv->table_row = NULL;
}
