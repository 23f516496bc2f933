/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * set.h - the answer of a SET that ends sessions.
 *
 * In ACTION (AgentX CommitSet, RFC 2741 7.2.4.2) the varbind's request is
 * delegated (netsnmp_create_delegated_cache) and a delete started
 * (core/delete.h); netsessd goes on serving, and the request gets its
 * answer when the delete reports:
 *   the result came in time, NERR_Success or
 *   NERR_ClientNameNotFound                     noError
 *   any other result, nothing sent, or the
 *   server's delete-timeout passed first        commitFailed
 * The master's AgentX timeout (1 s by default) bounds the whole SET, so
 * the delete-timeout (0.8 s by default) stays below it.
 */
#ifndef NETSESSD_MIB_SET_H
#define NETSESSD_MIB_SET_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

struct nsd_srv;

/* Starts NetrSessionDel(client, user) on srv for the varbind of request
 * and delegates it.  Returns SNMP_ERR_NOERROR, or the varbind's error
 * (nothing started). */
int nsd_set_delete(struct nsd_srv *srv, const char *client, const char *user,
                   netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request);

#endif
