/*
 * server_table.c - smbServerTable: one row per configured server, served
 * from the agent thread's state (never from the network).
 *
 * smbServerDisconnectUser and smbServerDisconnectClient are the writable
 * columns: a write calls NetrSessionDel(server, NULL, user) or
 * NetrSessionDel(server, \\client, NULL) in the ACTION phase (delete.c).
 */
#include <string.h>

#include "mib.h"
#include "nsd.h"

static const oid srvtab_oid[] = {NSD_OID_SERVER_TABLE};

static void srvtab_set_str(netsnmp_variable_list *var, const char *s)
{
	snmp_set_var_typed_value(var, ASN_OCTET_STR, s, strlen(s));
}

/* TimeStamp (RFC 2579): a value from before the current sysUpTime epoch
 * (the master restarted since) reads 0. */
static u_long srvtab_last_poll(const struct nsd_srv *srv)
{
	u_long now = netsnmp_get_agent_uptime();

	return srv->last_poll <= now ? srv->last_poll : 0;
}

static void srvtab_get(const struct nsd_srv *srv, unsigned column, netsnmp_variable_list *var)
{
	char addr[300];

	switch (column) {
	case NSD_SRVCOL_NAME:
		srvtab_set_str(var, srv->cfg->name);
		break;
	case NSD_SRVCOL_ADDRESS:
		nsd_srv_address(srv, addr, sizeof(addr));
		srvtab_set_str(var, addr);
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
		srvtab_set_str(var, ""); /* write-only in effect: reads are "" */
		break;
	default:
		break;
	}
}

/* RESERVE1: the checks of RFC 3416 4.2.5 for one varbind. */
static int srvtab_check(netsnmp_request_info *request, unsigned column, bool exists)
{
	const netsnmp_variable_list *var = request->requestvb;

	if (column != NSD_SRVCOL_DISCONNECT_USER && column != NSD_SRVCOL_DISCONNECT_CLIENT)
		return SNMP_ERR_NOTWRITABLE;
	if (var->type != ASN_OCTET_STR)
		return SNMP_ERR_WRONGTYPE;
	if (var->val_len > NSD_DISCONNECT_MAX)
		return SNMP_ERR_WRONGLENGTH;
	/* An empty name would leave both names unspecified; an embedded NUL
	 * cannot be sent. */
	if (var->val_len == 0 || memchr(var->val.string, '\0', var->val_len))
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
	const char *n = name;

	memcpy(name, var->val.string, var->val_len);
	name[var->val_len] = '\0';
	if (ti->colnum == NSD_SRVCOL_DISCONNECT_USER)
		return nsd_del_start(srv, NULL, name, handler, reginfo, reqinfo, request);
	while (*n == '\\')
		n++; /* the agent adds the backslashes itself */
	return nsd_del_start(srv, n, NULL, handler, reginfo, reqinfo, request);
}

static int srvtab_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                          netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	struct nsd_agent *a = reginfo->my_reg_void;
	netsnmp_request_info *r;

	for (r = requests; r; r = r->next) {
		netsnmp_table_request_info *ti;
		struct nsd_srv *srv;
		int err;

		if (r->processed)
			continue;
		ti = netsnmp_extract_table_info(r);
		if (!ti)
			continue;
		switch (reqinfo->mode) {
		case MODE_GET:
			srv = netsnmp_tdata_extract_entry(r);
			if (srv)
				srvtab_get(srv, ti->colnum, r->requestvb);
			else
				netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
			break;
		case MODE_SET_RESERVE1:
			/* Only whether the row exists: it may be freed by a
			 * reload before ACTION, which looks the server up again. */
			err = srvtab_check(r, ti->colnum, netsnmp_tdata_extract_row(r) != NULL);
			if (err != SNMP_ERR_NOERROR)
				netsnmp_set_request_error(reqinfo, r, err);
			break;
		case MODE_SET_ACTION:
			err = srvtab_action(a, handler, reginfo, reqinfo, r, ti);
			if (err != SNMP_ERR_NOERROR)
				netsnmp_set_request_error(reqinfo, r, err);
			break;
		default:
			/* RESERVE2, COMMIT, FREE, UNDO: a delete cannot be undone;
			 * nothing is held between phases. */
			break;
		}
	}
	return SNMP_ERR_NOERROR;
}

int nsd_srvtab_register(struct nsd_agent *a)
{
	netsnmp_handler_registration *reg;

	a->srv_table = netsnmp_tdata_create_table("smbServerTable", 0);
	a->srv_ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (!a->srv_table || !a->srv_ti)
		return -1;
	netsnmp_table_helper_add_indexes(a->srv_ti, ASN_UNSIGNED, 0);
	a->srv_ti->min_column = NSD_SRVCOL_NAME;
	a->srv_ti->max_column = NSD_SRVCOL_DISCONNECT_CLIENT;
	reg = netsnmp_create_handler_registration("smbServerTable", srvtab_handler, srvtab_oid,
	                                          OID_LENGTH(srvtab_oid), HANDLER_CAN_RWRITE);
	if (!reg)
		return -1;
	reg->my_reg_void = a;
	/* On failure the registration is freed by the helper. */
	if (netsnmp_tdata_register(reg, a->srv_table, a->srv_ti) != SNMPERR_SUCCESS)
		return -1;
	a->srv_reg = reg;
	return 0;
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
	if (netsnmp_tdata_add_row(a->srv_table, row) != SNMPERR_SUCCESS) {
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
	netsnmp_tdata_remove_and_delete_row(a->srv_table, srv->srv_row);
	srv->srv_row = NULL;
}

void nsd_srvtab_unregister(struct nsd_agent *a)
{
	if (a->srv_reg) {
		/* Frees the container the table shares with the helper. */
		netsnmp_tdata_unregister(a->srv_reg);
		a->srv_reg = NULL;
		if (a->srv_table)
			a->srv_table->container = NULL;
	}
	netsnmp_tdata_delete_table(a->srv_table);
	a->srv_table = NULL;
	if (a->srv_ti) {
		netsnmp_table_registration_info_free(a->srv_ti);
		a->srv_ti = NULL;
	}
}
