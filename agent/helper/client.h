/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * client.h - a managed server's helper process, seen from netsessd: calls
 * that carry their own completion.
 *
 * The netsess context of a server lives in a process of its own,
 * netsessd-rpc, spoken to over a socketpair in the messages of msg.h.
 * There libsmbclient runs single-threaded: a server that hangs holds up
 * only its own process, and a crash (a hostile server's reply) ends only
 * that process.
 *
 * A call is one object, struct nsd_call: {id, deadline timer, completion
 * callback, cookie}.  It is made where the request is sent
 * (nsd_helper_enum, nsd_helper_del), waits in the helper's queue while
 * another call is in flight, and is finished in exactly one place, which
 * calls the completion once: when its reply arrives, when its deadline
 * passes (the process is then killed: NETSESS_E_TIMEOUT), when the process
 * dies or sends something malformed (NETSESS_E_TRANSPORT,
 * NETSESS_E_PROTOCOL), or when it is cancelled before it was sent
 * (nsd_helper_close).  One call is in flight at a time: the helper serves
 * one request after the other, and a queued call can still be taken back
 * with nothing sent.
 *
 * The process is started when a call needs it (forked by the zygote,
 * zygote.h), and opens the context first (OPEN, which names the secret
 * files: the helper reads them itself, and a private directory made for
 * it, its TMPDIR, which is removed when the process has been reaped: a
 * ticket from a keytab lives there).  The Kerberos ticket its context
 * reports with each reply is followed here: a new one that a call logged
 * on with is logged ("Kerberos ticket renewed (valid until ...)").  It
 * lives as long as its context: it is ended after a call that failed
 * below the RPC layer (a NETSESS_E_* status; the next call starts a new
 * one), when it is killed at a deadline, and when the helper is closed.
 * What became of a process that ended abnormally is logged with the
 * helper's label.
 *
 * Everything here runs on netsessd's loop (loop.h); nothing blocks.
 */
#ifndef NETSESSD_HELPER_CLIENT_H
#define NETSESSD_HELPER_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "helper/msg.h"
#include "netsess.h"

/* How long a new process has to open its context, beyond its timeout
 * (reading its password file). */
#define NSD_HELPER_OPEN_MARGIN_MS 2000u
/* How long a process may take to exit once its socket is closed before
 * it is killed. */
#define NSD_HELPER_EXIT_GRACE_MS 2000u

struct nsd_helper_conf {
	unsigned index;           /* smbServerIndex: in the process's argv */
	const char *label;        /* "server fs1 [1]": starts its log lines (copied) */
	const char *host;         /* the server every call names (borrowed) */
	struct nsd_msg_open open; /* what OPEN sends (strings borrowed) */
};

/* How a call ended. */
struct nsd_call_result {
	/* The library call's status; or, when the call was lost,
	 * NETSESS_E_TIMEOUT (no answer in time: the process was killed),
	 * NETSESS_E_TRANSPORT (the process ended or could not be started),
	 * NETSESS_E_PROTOCOL (it sent something malformed: killed); or the
	 * status of an OPEN that failed (NETSESS_E_AUTH_FILE: the secret
	 * file cannot be read), in which case the request was not sent. */
	netsess_status_t status;
	/* Taken back before it was sent (nsd_helper_close): nothing reached
	 * the server; status is NETSESS_E_TRANSPORT. */
	bool cancelled;
	/* In flight when nsd_helper_abort() killed the process: what became
	 * of it is unknown; status is NETSESS_E_TRANSPORT. */
	bool aborted;
	/* ENUM with NERR_Success: the session list, the callee's to take
	 * (set it to NULL) or leave, in which case it is freed. */
	struct netsess_session_list *list;
	/* From sending the request to its end. */
	unsigned elapsed_ms;
	/* The library's words for the failure (netsess_ctx_detail()), as
	 * the helper sent them: NULL when there are none; not sanitised for a
	 * log line.  Valid during the completion only. */
	const char *detail;
};

/* The completion of a call: called once, from the loop. */
typedef void (*nsd_call_fn)(void *cookie, struct nsd_call_result *res);

struct nsd_helper;
struct nsd_call;

/*
 * The helper of one server; no process runs yet.  conf's strings other
 * than label must stay valid until the helper is gone.  Returns NULL when
 * out of memory.
 */
struct nsd_helper *nsd_helper_new(const struct nsd_helper_conf *conf);

/*
 * netsess_session_enum(host, NULL, NULL, level) in the helper.  The helper
 * has limit_ms to answer once the request is sent.  Returns the call, or
 * NULL when out of memory or the helper is closing (no completion then).
 */
struct nsd_call *nsd_helper_enum(struct nsd_helper *h, uint32_t level, unsigned limit_ms,
                                 nsd_call_fn fn, void *cookie);

/*
 * netsess_session_del(host, "\\" client, user) in the helper; client and
 * user may each be NULL (unspecified), not both.  Deletes go ahead of
 * queued enumerations, in the order they were made.
 *
 * answer_by (nsd_now_ms() time) is when the caller needs the answer.  The
 * library's wait for Samba to end the sessions (del_settle_ms) is set when
 * the request is sent, to half of what is left until answer_by: the other
 * half is for NetrSessionDel itself.  A successful delete is then answered
 * in time whenever the call takes less than that half, and the wait never
 * turns a delete that took effect into a late one.  The helper has
 * limit_ms plus that wait to answer.  Returns the call, or NULL (no
 * completion then).
 */
struct nsd_call *nsd_helper_del(struct nsd_helper *h, const char *client, const char *user,
                                uint64_t answer_by, unsigned limit_ms, nsd_call_fn fn,
                                void *cookie);

/*
 * Takes back a call that has not been sent: it is freed, its completion
 * is never called, and true is returned.  False when it is in flight: the
 * completion comes.
 */
bool nsd_call_withdraw(struct nsd_call *c);

/*
 * Closes the helper: queued calls finish at once, cancelled; the call in
 * flight, if any, runs to its end; then the process is ended, closed(arg)
 * is called from the loop and the helper is freed.  No call may be made
 * after this.
 */
void nsd_helper_close(struct nsd_helper *h, void (*closed)(void *arg), void *arg);

/* Kills the process now: the call in flight finishes with
 * NETSESS_E_TRANSPORT, queued ones cancelled.  For netsessd's exit. */
void nsd_helper_abort(struct nsd_helper *h);

/* The pid of the running process, 0 when none. */
pid_t nsd_helper_pid(const struct nsd_helper *h);

#endif
