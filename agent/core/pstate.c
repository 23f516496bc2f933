/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pstate.c - smbServerStatus, smbServerLastError and the counters of
 * smbServerTable (mibs/SMB-SESSION-MIB.txt).
 */
#include <string.h>

#include "mib/mib.h"
#include "pstate.h"

void nsd_pstate_init(struct nsd_pstate *st)
{
	memset(st, 0, sizeof(*st));
	st->status = NSD_STATUS_UNKNOWN;
}

int nsd_code2status(netsess_status_t code)
{
	switch (code) {
	case NERR_Success:
		return NSD_STATUS_OK;
	case NETSESS_E_CONNECTION_REFUSED:
	case NETSESS_E_HOST_NOT_FOUND:
	case NETSESS_E_TIMEOUT:
	case NETSESS_E_TRANSPORT:
		return NSD_STATUS_UNREACHABLE;
	case NETSESS_E_LOGON_FAILURE:
	case NETSESS_E_NTLM_DISABLED:
	case NETSESS_E_AUTH_FILE:
		return NSD_STATUS_LOGON_FAILURE;
	case ERROR_ACCESS_DENIED:
		return NSD_STATUS_ACCESS_DENIED;
	default:
		/* A malformed reply, an RPC fault, a rejected bind, a pipe that
		 * cannot be opened, or a NET_API_STATUS NetrSessionEnum should
		 * not return. */
		return NSD_STATUS_PROTOCOL_ERROR;
	}
}

const char *nsd_status_name(int status)
{
	switch (status) {
	case NSD_STATUS_UNKNOWN:
		return "unknown";
	case NSD_STATUS_OK:
		return "ok";
	case NSD_STATUS_UNREACHABLE:
		return "unreachable";
	case NSD_STATUS_LOGON_FAILURE:
		return "logonFailure";
	case NSD_STATUS_ACCESS_DENIED:
		return "accessDenied";
	case NSD_STATUS_PROTOCOL_ERROR:
		return "protocolError";
	default:
		return "invalid";
	}
}

void nsd_pstate_poll(struct nsd_pstate *st, netsess_status_t code, uint32_t sessions,
                     struct nsd_poll_change *chg)
{
	int status = nsd_code2status(code);
	bool first = !st->polled;
	bool code_changed = first || code != st->poll_code;

	chg->old_status = st->status;
	chg->status_changed = status != st->status;
	chg->log = chg->status_changed || code_changed;

	st->polls++;
	if (code != NERR_Success) {
		st->poll_failures++;
		st->last_error = code;
	} else {
		if (code_changed)
			st->last_error = 0;
		st->sessions = sessions;
	}
	st->status = status;
	st->poll_code = code;
	st->polled = true;
}

bool nsd_pstate_delete_ok(netsess_status_t code)
{
	return code == NERR_Success || code == NERR_ClientNameNotFound;
}

enum nsd_del_effect nsd_pstate_delete_effect(netsess_status_t code)
{
	switch (code) {
	case NERR_Success:
		return NSD_DEL_ENDED;
	case NETSESS_E_TIMEOUT:
	case NETSESS_E_TRANSPORT:
	case NETSESS_E_PROTOCOL:
		return NSD_DEL_UNKNOWN;
	default:
		return NSD_DEL_NONE;
	}
}

void nsd_pstate_delete(struct nsd_pstate *st, netsess_status_t code)
{
	st->last_error = code;
	if (code == NERR_Success)
		st->deletes++;
	else
		st->delete_failures++;
}

void nsd_pstate_delete_timeout(struct nsd_pstate *st)
{
	st->last_error = NETSESS_E_TIMEOUT;
}

void nsd_pstate_delete_unsent(struct nsd_pstate *st)
{
	st->last_error = NETSESS_E_TIMEOUT;
}

void nsd_pstate_sessions_ended(struct nsd_pstate *st, uint32_t n)
{
	st->sessions -= n < st->sessions ? n : st->sessions;
}
