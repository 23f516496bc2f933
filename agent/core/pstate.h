/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pstate.h - the health of one managed server as smbServerTable shows it:
 * status, last error and counters, and what each poll or delete result
 * changes (which decides the log lines and smbServerStatusChanged).
 * Pure: no I/O, no Net-SNMP.
 */
#ifndef NETSESSD_CORE_PSTATE_H
#define NETSESSD_CORE_PSTATE_H

#include <stdbool.h>
#include <stdint.h>
#include "netsess.h"

struct nsd_pstate {
	int status;          /* enum nsd_server_status, NSD_STATUS_UNKNOWN at first */
	uint32_t last_error; /* smbServerLastError */
	uint32_t sessions;   /* smbServerSessions */
	uint32_t polls;      /* Counter32s: wrap modulo 2^32 */
	uint32_t poll_failures;
	uint32_t deletes;
	uint32_t delete_failures;
	netsess_status_t poll_code; /* result of the latest poll */
	bool polled;                /* a poll has finished */
};

/* What a poll result changed. */
struct nsd_poll_change {
	bool status_changed; /* send smbServerStatusChanged */
	bool log;            /* worth a log line: first poll, status or code changed */
	int old_status;
};

/* The state of a server that has not been polled yet. */
void nsd_pstate_init(struct nsd_pstate *st);

/* smbServerStatus for the result of a poll. */
int nsd_code2status(netsess_status_t code);
/* "ok", "unreachable", ...: the MIB's label of a status. */
const char *nsd_status_name(int status);

/*
 * Records a finished poll.  sessions is used on success only.  The last
 * error follows the polls' health: a failed poll stores its code, the first
 * successful poll after a failure (or ever) stores 0, and further successful
 * polls leave it alone, so a NetrSessionDel status stays visible until
 * polling changes state.
 */
void nsd_pstate_poll(struct nsd_pstate *st, netsess_status_t code, uint32_t sessions,
                     struct nsd_poll_change *chg);

/* True when a NetrSessionDel result means the sessions are gone:
 * NERR_Success, or NERR_ClientNameNotFound (already gone). */
bool nsd_pstate_delete_ok(netsess_status_t code);

/* What a NetrSessionDel result says about the sessions it names. */
enum nsd_del_effect {
	NSD_DEL_ENDED,   /* NERR_Success: they ended */
	NSD_DEL_NONE,    /* nothing ended: the server's refusal or "no such
	                    session", or a failure before the request could
	                    reach the server (no connection, logon refused, no
	                    pipe, bind rejected) or a fault the server answered */
	NSD_DEL_UNKNOWN, /* the request may have reached the server and no
	                    valid answer came (NETSESS_E_TIMEOUT,
	                    NETSESS_E_TRANSPORT, NETSESS_E_PROTOCOL): they may
	                    have ended; the next poll shows */
};
enum nsd_del_effect nsd_pstate_delete_effect(netsess_status_t code);

/*
 * Records the outcome of a NetrSessionDel call once it is known, whether it
 * came within the delete-timeout or after it: the code goes to the last
 * error, NERR_Success counts in deletes, anything else in delete_failures
 * (NERR_ClientNameNotFound included, as the MIB says).  Each call is
 * counted here once, by its outcome.
 */
void nsd_pstate_delete(struct nsd_pstate *st, netsess_status_t code);
/* Records a call that outlasted the delete-timeout: the last error is
 * NETSESS_E_TIMEOUT until the outcome is known; no counter moves, since
 * the call may yet succeed (nsd_pstate_delete counts it then). */
void nsd_pstate_delete_timeout(struct nsd_pstate *st);
/* Records a request the delete timeout took back before it was sent (the
 * helper was still busy with another call): no call was made, so no
 * counter moves, but the last error says why the SET got commitFailed
 * (NETSESS_E_TIMEOUT). */
void nsd_pstate_delete_unsent(struct nsd_pstate *st);
/* A delete ended n sessions the last poll counted: smbServerSessions
 * drops by n (never below 0) until the next poll counts again. */
void nsd_pstate_sessions_ended(struct nsd_pstate *st, uint32_t n);

#endif
