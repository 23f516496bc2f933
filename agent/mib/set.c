/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * set.c - delegated SET requests answered by their deletes (set.h).
 */
#include "set.h"

#include "core/delete.h"
#include "core/pstate.h"
#include "core/requester.h"
#include "core/server.h"
#include "mib/agent.h"

/* The delete's report: the delegated request gets its answer. */
static void set_answer(void *cookie, const struct nsd_del_outcome *out)
{
	netsnmp_delegated_cache *cache = cookie;
	netsnmp_delegated_cache *live = netsnmp_handler_check_cache(cache);
	int err = SNMP_ERR_COMMITFAILED;

	if (out->how == NSD_DEL_DONE && nsd_pstate_delete_ok(out->code))
		err = SNMP_ERR_NOERROR;
	if (live) {
		if (err != SNMP_ERR_NOERROR)
			netsnmp_set_request_error(live->reqinfo, live->requests, err);
		live->requests->delegated = 0;
	}
	/* When the transaction is gone (the master dropped the session), the
	 * cache is only memory. */
	netsnmp_free_delegated_cache(cache);
}

int nsd_set_delete(struct nsd_srv *srv, const char *client, const char *user,
                   netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request)
{
	netsnmp_delegated_cache *cache;
	struct nsd_requester by;

	/* Never both unspecified: Samba would end every session. */
	if ((!client || !*client) && (!user || !*user))
		return SNMP_ERR_WRONGVALUE;
	if (!srv || srv->retired)
		return SNMP_ERR_COMMITFAILED;
	cache = netsnmp_create_delegated_cache(handler, reginfo, reqinfo, request, NULL);
	if (!cache)
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	nsd_agent_requester(reqinfo, &by);
	if (nsd_del_start(srv, client, user, &by, set_answer, cache) != 0) {
		netsnmp_free_delegated_cache(cache);
		return SNMP_ERR_RESOURCEUNAVAILABLE;
	}
	request->delegated = 1;
	return SNMP_ERR_NOERROR;
}
