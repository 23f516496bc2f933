/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * answer.h - the SNMP answer of a SET PDU from what became of its deletes
 * (the rule set.h states).  Pure: no Net-SNMP, no state.
 *
 * RFC 3416 4.2.5: commitFailed says that nothing the PDU asked for took
 * effect; undoFailed that the agent could not leave things as they were.
 * An answer never claims less effect than happened, so a delete that ended
 * sessions, or may have, turns the failure of another into undoFailed.
 */
#ifndef NETSESSD_MIB_ANSWER_H
#define NETSESSD_MIB_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/delete.h"

/* RFC 3416 error-status values (Net-SNMP's SNMP_ERR_* have the same). */
#define NSD_ERR_NOERROR 0
#define NSD_ERR_COMMITFAILED 14
#define NSD_ERR_UNDOFAILED 15

/* What became of one varbind's delete. */
enum nsd_answer_outcome {
	NSD_OUT_ENDED,   /* NERR_Success: sessions ended */
	NSD_OUT_NOTHING, /* NERR_ClientNameNotFound: nothing there to end */
	NSD_OUT_FAILED,  /* failed, or never sent: nothing ended */
	NSD_OUT_UNKNOWN, /* may have ended sessions: its delete-timeout passed
	                    with the call under way, or it failed without a
	                    valid answer */
	NSD_OUT_STARTED, /* delete-mode="async": started, answered noError,
	                    its outcome notified when it comes */
};

/* The outcome of a synchronous delete as core/delete.h reports it. */
enum nsd_answer_outcome nsd_answer_outcome(const struct nsd_del_outcome *out);

/* True when the varbind of outcome o carries the PDU's error. */
bool nsd_answer_failed(enum nsd_answer_outcome o);

/*
 * The error-status of a PDU whose deletes had the outcomes o[0 .. n):
 * NSD_ERR_NOERROR when none failed; otherwise NSD_ERR_UNDOFAILED when one
 * ended sessions or may have (ENDED, UNKNOWN, STARTED), NSD_ERR_COMMITFAILED
 * when none did.  The PDU's error-index is the first varbind that failed
 * (nsd_answer_failed).
 */
int nsd_answer_status(const enum nsd_answer_outcome *o, size_t n);

#endif
