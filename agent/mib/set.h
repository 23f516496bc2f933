/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * set.h - the answer of a SET that ends sessions.
 *
 * In ACTION (AgentX CommitSet, RFC 2741 7.2.4.2) each varbind that ends
 * sessions starts one delete (core/delete.h) through nsd_set_delete(), the
 * one entry point for every table that ends sessions.  The varbinds of one
 * PDU that start deletes belong to one object, the PDU's: each of them is
 * delegated (netsnmp_create_delegated_cache), netsessd goes on serving, and
 * all of them get their answer at once, when the last delete of the PDU has
 * reported.  The answer never claims less effect than happened (RFC 3416
 * 4.2.5: commitFailed says that nothing took effect):
 *
 *   every delete NERR_Success or NERR_ClientNameNotFound     noError
 *   a delete failed, and nothing in the PDU took effect      commitFailed
 *     (every other delete failed too, was never sent, or
 *     found nothing to end)
 *   a delete failed, and another took effect or may have     undoFailed
 *     (NERR_Success; its outcome unknown; an asynchronous
 *     delete, see below)
 *   a delete whose delete-timeout passed with the call       undoFailed
 *     under way: its outcome is unknown, it may have ended
 *     sessions (RFC 3416: undoFailed, "could not guarantee
 *     the state"); the outcome is logged, counted and
 *     notified when it comes
 *
 * The error-index names the first varbind whose delete failed or is
 * unknown.  A
 * line in the log gives the answer and, for each delete of the PDU, whether
 * it took effect, did not, or is not known yet.
 *
 * A server with delete-mode="async" gets its deletes started and its
 * varbinds answered noError as soon as the PDU's ACTION is over: its
 * outcome reaches the manager through smbSessionDeleted, the server's
 * counters and smbServerLastError.  Such a delete counts as "may have taken
 * effect" for the answer of a PDU in which a synchronous one fails.
 *
 * The master's AgentX timeout (1 s by default) bounds the whole SET, so the
 * delete-timeout (0.8 s by default) stays below it.  Deletes on different
 * servers run at the same time (each server has its own helper), so the
 * PDU is answered within one delete-timeout whatever the number of servers
 * it names; deletes on one server run in the order of the PDU.
 */
#ifndef NETSESSD_MIB_SET_H
#define NETSESSD_MIB_SET_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

struct nsd_srv;

/*
 * Starts NetrSessionDel(client, user) on srv for the varbind of request, in
 * ACTION, as part of the answer of request's PDU (above); client and user
 * may each be NULL (unspecified), not both.  srv may be NULL or retired (a
 * reload removed the server since RESERVE1): the varbind then fails with
 * nothing sent.  Returns SNMP_ERR_NOERROR, the request being delegated, or
 * an error for the varbind with nothing started.
 */
int nsd_set_delete(struct nsd_srv *srv, const char *client, const char *user,
                   netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request);

#endif
