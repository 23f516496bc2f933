/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * notify.c - smbSessionDeleted and smbServerStatusChanged
 * (mibs/SMB-SESSION-MIB.txt).  Each object's instance is the smbServerIndex.
 * From a subagent they travel to the master as AgentX Notify PDUs; the
 * master sends them to its own trap sinks (RFC 2741 6.2.10).
 */
#include "notify.h"

#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/log.h"
#include "core/requester.h"
#include "core/server.h"
#include "mib/mib.h"

/* snmpTrapOID.0 (SNMPv2-MIB), the first varbind after sysUpTime.0, which
 * send_v2trap adds itself (RFC 3416 4.2.6). */
static const oid notify_trap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};

static const oid notify_server_entry[] = {NSD_OID_SERVER_ENTRY};
static const oid notify_objects[] = {NSD_OID_NOTIFY_OBJECTS};
static const oid notify_base[] = {NSD_OID_NOTIFICATIONS};

#define NOTIFY_OID_MAX 32

/* Appends base.column.index with a value to the list. */
static void notify_add(netsnmp_variable_list **vars, const oid *base, size_t base_len, oid column,
                       unsigned index, u_char type, const void *val, size_t len)
{
	oid name[NOTIFY_OID_MAX];

	if (!*vars)
		return; /* snmpTrapOID.0 could not be added: send nothing */
	memcpy(name, base, base_len * sizeof(oid));
	name[base_len] = column;
	name[base_len + 1] = index;
	snmp_varlist_add_variable(vars, name, base_len + 2, type, val, len);
}

static void notify_add_str(netsnmp_variable_list **vars, const oid *base, size_t base_len,
                           oid column, unsigned index, const char *s)
{
	notify_add(vars, base, base_len, column, index, ASN_OCTET_STR, s, strlen(s));
}

static void notify_add_u32(netsnmp_variable_list **vars, const oid *base, size_t base_len,
                           oid column, unsigned index, u_char type, u_long v)
{
	notify_add(vars, base, base_len, column, index, type, &v, sizeof(v));
}

/* Starts the list with snmpTrapOID.0 = smbSessionNotifications.which. */
static netsnmp_variable_list *notify_start(oid which)
{
	netsnmp_variable_list *vars = NULL;
	oid trap[NOTIFY_OID_MAX];
	size_t n = OID_LENGTH(notify_base);

	memcpy(trap, notify_base, sizeof(notify_base));
	trap[n] = which;
	snmp_varlist_add_variable(&vars, notify_trap_oid, OID_LENGTH(notify_trap_oid),
	                          ASN_OBJECT_ID, trap, (n + 1) * sizeof(oid));
	return vars;
}

static void notify_send(netsnmp_variable_list *vars, const char *what)
{
	if (!vars) {
		nsd_log(LOG_ERR, "out of memory: %s notification not sent", what);
		return;
	}
	send_v2trap(vars);
	snmp_free_varbind(vars);
}

/* smbNotifyManagerAddress, smbNotifySecurityModel, smbNotifySecurityName:
 * "", 0 and "" when the agent does not know who asked (an AgentX
 * subagent is not told, RFC 2741). */
static void notify_add_requester(netsnmp_variable_list **vars, unsigned idx,
                                 const struct nsd_requester *by)
{
	bool known = by && !by->agentx;

	notify_add_str(vars, notify_objects, OID_LENGTH(notify_objects), NSD_NOTIFY_MANAGER_ADDRESS,
	               idx, known ? by->address : "");
	notify_add_u32(vars, notify_objects, OID_LENGTH(notify_objects), NSD_NOTIFY_SECURITY_MODEL,
	               idx, ASN_INTEGER, known ? (u_long)by->model : 0);
	notify_add_str(vars, notify_objects, OID_LENGTH(notify_objects), NSD_NOTIFY_SECURITY_NAME,
	               idx, known ? by->name : "");
}

void nsd_notify_deleted(const struct nsd_srv *srv, const char *client, const char *user,
                        const struct nsd_requester *by, netsess_status_t code)
{
	netsnmp_variable_list *vars = notify_start(NSD_TRAP_SESSION_DELETED);
	unsigned idx = srv->cfg->index;

	notify_add_str(&vars, notify_server_entry, OID_LENGTH(notify_server_entry), NSD_SRVCOL_NAME,
	               idx, srv->cfg->name);
	notify_add_str(&vars, notify_objects, OID_LENGTH(notify_objects), NSD_NOTIFY_CLIENT, idx,
	               client ? client : "");
	notify_add_str(&vars, notify_objects, OID_LENGTH(notify_objects), NSD_NOTIFY_USER, idx,
	               user ? user : "");
	notify_add_u32(&vars, notify_objects, OID_LENGTH(notify_objects), NSD_NOTIFY_RESULT, idx,
	               ASN_UNSIGNED, code);
	notify_add_requester(&vars, idx, by);
	notify_send(vars, "smbSessionDeleted");
}

void nsd_notify_status(const struct nsd_srv *srv)
{
	netsnmp_variable_list *vars = notify_start(NSD_TRAP_SERVER_STATUS_CHANGED);
	unsigned idx = srv->cfg->index;
	long status = srv->st.status;

	notify_add_str(&vars, notify_server_entry, OID_LENGTH(notify_server_entry), NSD_SRVCOL_NAME,
	               idx, srv->cfg->name);
	notify_add(&vars, notify_server_entry, OID_LENGTH(notify_server_entry), NSD_SRVCOL_STATUS,
	           idx, ASN_INTEGER, &status, sizeof(status));
	notify_add_u32(&vars, notify_server_entry, OID_LENGTH(notify_server_entry),
	               NSD_SRVCOL_LAST_ERROR, idx, ASN_UNSIGNED, srv->st.last_error);
	notify_send(vars, "smbServerStatusChanged");
}
