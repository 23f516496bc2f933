/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * context.h - netsess_ctx internals shared by session.c and the tests.
 *
 * A context owns its options (copied), at most one open transport to one
 * host with a bound DCE/RPC association on it, and what it learnt about
 * that host.  ns_ctx_call() is the only way requests reach a server.
 */
#ifndef NETSESS_CONTEXT_H
#define NETSESS_CONTEXT_H

#include "netsess.h"
#include "transport.h"

/*
 * Replaces the transport constructor (default ns_transport_smbc_open), for
 * tests that put an in-memory peer behind the transport interface.  Closes
 * the open pipe, if any.  arg is borrowed and passed to fn on every open.
 */
void ns_ctx_set_transport(netsess_ctx *ctx, ns_transport_open_fn fn, void *arg);

/* How a call may be repeated after the connection broke. */
enum ns_call_retry {
	/* Safe to send twice: reconnect, rebind and resend once. */
	NS_CALL_IDEMPOTENT,
	/* Never resent once the whole request was written (NetrSessionDel). */
	NS_CALL_AT_MOST_ONCE,
};

/*
 * Sends opnum with request stub [stub, stub + len) to \PIPE\srvsvc on host
 * (no backslashes), opening and binding a pipe when none is open to that
 * host.  When the pipe was already open and breaks (NETSESS_E_TRANSPORT)
 * before the request was fully written, or at any point for an idempotent
 * call, the context reconnects, rebinds and sends once more.
 *
 * On NERR_Success *reply (malloc'd, *reply_len bytes) is the caller's.
 * *reply_lost is set when an at-most-once request was fully written but
 * the connection broke before the reply arrived: its outcome is unknown.
 * After any error other than an RPC fault the pipe is closed.
 */
netsess_status_t ns_ctx_call(netsess_ctx *ctx, const char *host, uint16_t opnum,
                             const uint8_t *stub, size_t len, enum ns_call_retry retry,
                             uint8_t **reply, size_t *reply_len, bool *reply_lost);

/* Clears the fault status; called at the start of each public call. */
void ns_ctx_begin(netsess_ctx *ctx);

/* NetrSessionEnum PreferedMaximumLength for this context. */
uint32_t ns_ctx_pref_max_len(const netsess_ctx *ctx);

/*
 * Cap on the reply bytes of one whole enumeration, every page together: a
 * server that keeps answering ERROR_MORE_DATA cannot make the caller hold
 * more than this.  Each reply alone is capped by NS_RPC_MAX_REPLY.
 */
#define NS_ENUM_MAX_BYTES (256u * 1024u * 1024u)
size_t ns_ctx_enum_budget(const netsess_ctx *ctx);
/* Changes the cap (tests lower it). */
void ns_ctx_set_enum_budget(netsess_ctx *ctx, size_t bytes);

/* The account name the context logs on with (no domain part), or NULL
 * when it has none of its own (Kerberos from the credential cache). */
const char *ns_ctx_account(const netsess_ctx *ctx);

/* netsess_options.del_settle_ms of the context (0: no wait). */
unsigned ns_ctx_del_settle_ms(const netsess_ctx *ctx);

/* Whether host was seen to serve only levels 0 and 1 (as Samba does). */
bool ns_ctx_host_lacks_levels(const netsess_ctx *ctx, const char *host);
/* Remembers that host answered ERROR_INVALID_LEVEL for level 2, 10 or 502;
 * forgotten when the context connects to another host. */
void ns_ctx_note_host_lacks_levels(netsess_ctx *ctx, const char *host);

#endif
