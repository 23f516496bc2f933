/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanmgr_table.c - svSessionNumber and svSessionTable of LanMgr-Mib-II
 * for one server (lanmgr_table.h).  table.c registers the table and hands
 * each request to the functions below, as for SMB-SESSION-MIB's tables;
 * svSessionNumber is a read-only scalar.
 *
 * How a row of the server reads (mib/lanmgr.h):
 *   svSesClientName, svSesUserName   the index, as in smbSessionTable
 *   svSesNumConns     the sessions merged into the row (smbSessionCount):
 *                     NetrSessionEnum reports no connection count
 *   svSesNumOpens     open files, summed (smbSessionOpens)
 *   svSesTime         seconds, of the oldest session (smbSessionTime)
 *   svSesIdleTime     seconds, of the most recently used one
 *   svSesClientType   nsd_lm_client_type() of the reported client type
 *   svSesState        active(1)
 * INTEGER columns saturate at 2147483647.
 */
#include "lanmgr_table.h"

#include <stdbool.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "core/delete.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/rows.h"
#include "core/server.h"
#include "mib/lanmgr.h"
#include "mib/set.h"
#include "mib/table.h"
#include "mib/tables.h"

/* While an unregistration waits: how often it looks again, and for how
 * many looks SET transactions still open (their answers all given) hold
 * it back: about one second, for the master to end them. */
#define LMTAB_RETRY_MS 100u
#define LMTAB_SETS_TRIES 10u

static const oid lmtab_table_oid[] = {NSD_LM_OID_SESSION_TABLE};
static const oid lmtab_number_oid[] = {NSD_LM_OID_SESSION_NUMBER};

static struct {
	struct nsd_table table;
	netsnmp_handler_registration *number; /* svSessionNumber's, or NULL */
	struct nsd_srv *srv;                  /* the server served, or NULL */
	struct nsd_timer later;               /* an unregistration waiting */
	unsigned sets_tries;
	bool timer_ready;
} lm;

/* ---- svSessionNumber ----------------------------------------------------- */

/* The scalar helper answers GETNEXT and refuses SETs (notWritable). */
static int lmtab_number_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                                netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	netsnmp_request_info *r;

	(void)handler;
	(void)reginfo;
	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (r = requests; r; r = r->next) {
		/* Every session the last poll counted, those without a row
		 * included (smbServerSessions). */
		if (lm.srv)
			snmp_set_var_typed_integer(r->requestvb, ASN_INTEGER,
			                           nsd_lm_integer(lm.srv->st.sessions));
		else
			netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
	}
	return SNMP_ERR_NOERROR;
}

/* ---- svSessionTable ------------------------------------------------------ */

static void lmtab_get(const void *entry, unsigned column, netsnmp_variable_list *var)
{
	const struct nsd_srow *s = entry;

	switch (column) {
	case NSD_LMCOL_CLIENT_NAME:
		nsd_table_set_str(var, s->r.client);
		break;
	case NSD_LMCOL_USER_NAME:
		nsd_table_set_str(var, s->r.user);
		break;
	case NSD_LMCOL_NUM_CONNS:
		snmp_set_var_typed_integer(var, ASN_INTEGER, nsd_lm_integer(s->r.count));
		break;
	case NSD_LMCOL_NUM_OPENS:
		snmp_set_var_typed_integer(var, ASN_INTEGER, nsd_lm_integer(s->r.opens));
		break;
	case NSD_LMCOL_TIME:
		snmp_set_var_typed_integer(var, ASN_COUNTER, (long)s->r.time);
		break;
	case NSD_LMCOL_IDLE_TIME:
		snmp_set_var_typed_integer(var, ASN_COUNTER, (long)s->r.idle_time);
		break;
	case NSD_LMCOL_CLIENT_TYPE:
		snmp_set_var_typed_integer(var, ASN_INTEGER, nsd_lm_client_type(s->r.client_type));
		break;
	case NSD_LMCOL_STATE:
		snmp_set_var_typed_integer(var, ASN_INTEGER, NSD_LM_STATE_ACTIVE);
		break;
	default:
		break;
	}
}

/*
 * RESERVE1, in the order of RFC 3416 4.2.5 (the master maps the answers
 * for SNMPv1 managers, RFC 3584 4.4):
 *   any column but svSesState                 notWritable
 *   not an INTEGER                            wrongType (or wrongLength)
 *   a row that does not exist                 noCreation (v1: noSuchName):
 *                                             the agent never creates one
 *   active(1), deleted(2)                     noError
 *   any other value                           wrongValue (v1: badValue)
 */
static int lmtab_check(const netsnmp_variable_list *var, unsigned column, bool exists)
{
	long v;
	int err;

	if (column != NSD_LMCOL_STATE)
		return SNMP_ERR_NOTWRITABLE;
	err = netsnmp_check_vb_type_and_size(var, ASN_INTEGER, sizeof(long));
	if (err != SNMP_ERR_NOERROR)
		return err;
	if (!exists)
		return SNMP_ERR_NOCREATION;
	v = *var->val.integer;
	if (v != NSD_LM_STATE_ACTIVE && v != NSD_LM_STATE_DELETED)
		return SNMP_ERR_WRONGVALUE;
	return SNMP_ERR_NOERROR;
}

/*
 * ACTION: deleted(2) on a row, entry, that is there now calls
 * NetrSessionDel(server, \\client, user) as smbSessionRowStatus destroy(6)
 * does, with its timeouts, answers, log lines and smbSessionDeleted.  A
 * row gone since RESERVE1 is ended already: noError, nothing sent.
 * active(1) changes nothing.  The names come from the request's index,
 * the server from the row; they are never empty (SIZE (1..15), (1..20)),
 * so both are always specified.
 */
static int lmtab_action(void *entry, netsnmp_mib_handler *handler,
                        netsnmp_handler_registration *reginfo, netsnmp_agent_request_info *reqinfo,
                        netsnmp_request_info *request, const netsnmp_table_request_info *ti)
{
	const struct nsd_srow *s = entry;
	struct nsd_lm_key k;

	if (ti->colnum != NSD_LMCOL_STATE ||
	    *request->requestvb->val.integer != NSD_LM_STATE_DELETED || !s)
		return SNMP_ERR_NOERROR;
	/* The index of an existing row always decodes. */
	if (!nsd_lm_index_parse(ti->index_oid, ti->index_oid_len, &k))
		return SNMP_ERR_GENERR;
	return nsd_set_delete(s->srv, k.client, k.user, handler, reginfo, reqinfo, request);
}

/* An index that cannot name a row is refused alike in every table
 * (table.h: noCreation for a SET). */
static bool lmtab_index_ok(const oid *idx, size_t len)
{
	return nsd_lm_index_parse(idx, len, NULL);
}

static const struct nsd_table_ops lmtab_ops = {lmtab_index_ok, lmtab_get, lmtab_check,
                                               lmtab_action};

/* ---- registration -------------------------------------------------------- */

static bool lmtab_registered(void)
{
	return lm.number != NULL;
}

static int lmtab_register(void)
{
	static const u_char index_types[] = {ASN_OCTET_STR, ASN_OCTET_STR, 0};
	netsnmp_handler_registration *reg;

	if (nsd_table_register(&lm.table, nsd_rows_lanmgr_table(), "svSessionTable",
	                       lmtab_table_oid, OID_LENGTH(lmtab_table_oid), index_types,
	                       NSD_LMCOL_CLIENT_NAME, NSD_LMCOL_STATE, &lmtab_ops) != 0)
		return -1;
	reg = netsnmp_create_handler_registration("svSessionNumber", lmtab_number_handler,
	                                          lmtab_number_oid, OID_LENGTH(lmtab_number_oid),
	                                          HANDLER_CAN_RONLY);
	/* On failure the registration is freed by the helper. */
	if (!reg || netsnmp_register_read_only_scalar(reg) != MIB_REGISTERED_OK) {
		nsd_table_unregister(&lm.table);
		return -1;
	}
	lm.number = reg;
	return 0;
}

static void lmtab_unregister(void)
{
	nsd_timer_stop(&lm.later);
	if (!lmtab_registered())
		return;
	netsnmp_unregister_handler(lm.number);
	lm.number = NULL;
	nsd_table_unregister(&lm.table);
	nsd_log(LOG_NOTICE, "LanMgr-Mib-II: svSessionNumber and svSessionTable unregistered: "
	                    "nothing is served under 1.3.6.1.4.1.77");
}

/* A SET being carried out may still use the registration (a request
 * delegated to a delete goes on through the handlers once answered):
 * the unregistration waits for its answer, and then a little for the
 * master to end its transaction. */
static void lmtab_on_later(void *arg)
{
	(void)arg;
	if (lm.srv || !lmtab_registered())
		return;
	if (nsd_del_waiting() > 0 ||
	    (nsd_tables_sets_open() > 0 && lm.sets_tries++ < LMTAB_SETS_TRIES)) {
		nsd_timer_start(&lm.later, LMTAB_RETRY_MS);
		return;
	}
	lmtab_unregister();
}

int nsd_lmtab_serve(struct nsd_srv *srv)
{
	if (!lm.timer_ready) {
		nsd_timer_init(&lm.later, lmtab_on_later, NULL);
		lm.timer_ready = true;
	}
	if (srv && srv == lm.srv)
		return 0;
	lm.srv = srv;
	if (!srv) {
		if (lmtab_registered() && !nsd_timer_running(&lm.later)) {
			lm.sets_tries = 0;
			lmtab_on_later(NULL);
			if (lmtab_registered())
				nsd_log(LOG_INFO,
				        "LanMgr-Mib-II: svSessionNumber and svSessionTable "
				        "are unregistered once the SETs under way have their "
				        "answer");
		}
		return 0;
	}
	nsd_timer_stop(&lm.later);
	if (!lmtab_registered() && lmtab_register() != 0) {
		lm.srv = NULL;
		nsd_log(LOG_ERR,
		        "%s: cannot register LanMgr-Mib-II's svSessionNumber and "
		        "svSessionTable: not served",
		        srv->label);
		return -1;
	}
	nsd_log(LOG_NOTICE,
	        "%s: served as LanMgr-Mib-II's svSessionNumber and svSessionTable "
	        "(1.3.6.1.4.1.77.1.2.19, .20)",
	        srv->label);
	return 0;
}

void nsd_lmtab_forget(const struct nsd_srv *srv)
{
	if (srv && lm.srv == srv)
		lm.srv = NULL;
}
