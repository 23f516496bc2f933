/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc.h - the one DCE/RPC call path over a transport (C706 chapter 12).
 *
 * bind once per connection, negotiating fragment sizes; then each call
 * encodes the request into fragments, writes each as one message, reads
 * every response fragment as a 16-byte header followed by exactly
 * frag_len - 16 bytes, reassembles the stub and hands it back.  Three kinds
 * of error stay apart:
 *   - transport: whatever the transport returned (NETSESS_E_TRANSPORT,
 *     NETSESS_E_TIMEOUT, ...);
 *   - malformed reply: NETSESS_E_PROTOCOL (bad header, wrong call_id, wrong
 *     PDU type, oversized fragment or stub);
 *   - the server's refusal at RPC level: NETSESS_E_RPC_FAULT (status kept in
 *     ns_rpc.fault) or NETSESS_E_BIND_REJECTED.
 * The NET_API_STATUS inside a reply stub is the caller's business.
 */
#ifndef NETSESS_RPC_H
#define NETSESS_RPC_H

#include "transport.h"

/*
 * Default cap on the bytes of one reply as they arrive, fragment headers
 * included, and so on its reassembled stub: neither one huge stub nor an
 * endless run of small or empty fragments gets past it.
 */
#define NS_RPC_MAX_REPLY (64u * 1024u * 1024u)

/* Milliseconds since an arbitrary fixed point, never going back. */
typedef uint64_t (*ns_rpc_clock_fn)(void);

struct ns_rpc {
	struct ns_transport *t; /* borrowed; the caller closes it */
	uint32_t call_id;       /* last call_id used */
	size_t xmit_frag;       /* largest fragment we send */
	size_t recv_frag;       /* largest fragment we accept */
	size_t max_reply;       /* cap on one reply; NS_RPC_MAX_REPLY after bind */
	uint8_t *buf;           /* one fragment of either direction */
	uint32_t fault;         /* status of the last fault PDU, else 0 */
	unsigned timeout_ms;    /* bound on one call; 0: none */
	ns_rpc_clock_fn clock;  /* NULL: CLOCK_MONOTONIC */
};

/* Zeroes r; nothing is allocated. */
void ns_rpc_init(struct ns_rpc *r);

/*
 * Binds to srvsvc v3.0 with NDR20 over t, offering max_frag as both
 * max_xmit_frag and max_recv_frag (C706 12.6.3.1).  Fragments we send are
 * then at most min(max_frag, server's max_recv_frag); fragments we accept at
 * most max_frag.  t stays the caller's; r borrows it until ns_rpc_clear().
 */
netsess_status_t ns_rpc_bind(struct ns_rpc *r, struct ns_transport *t, uint16_t max_frag);

/*
 * Bounds the bind and each call to timeout_ms (0: no bound) measured with
 * clock (NULL: ns_transport_now_ms; tests pass their own).  The deadline is
 * handed to every transport read.  Kept by ns_rpc_bind(), cleared by
 * ns_rpc_clear().
 */
void ns_rpc_set_timeout(struct ns_rpc *r, unsigned timeout_ms, ns_rpc_clock_fn clock);

/*
 * One call: opnum with request stub [stub, stub + stub_len).  On success
 * *reply (malloc'd, *reply_len bytes, NULL when empty) is the caller's.
 * *sent tells whether every request fragment was written: a transport
 * failure with *sent false means the server never got the whole request.
 * A reply still incomplete when the call's timeout has passed gives
 * NETSESS_E_TIMEOUT; a wait already begun ends by the transport's own
 * timeout, so a call lasts at most about twice timeout_ms.  A reply over
 * max_reply bytes gives NETSESS_E_PROTOCOL.
 */
netsess_status_t ns_rpc_call(struct ns_rpc *r, uint16_t opnum, const uint8_t *stub, size_t stub_len,
                             uint8_t **reply, size_t *reply_len, bool *sent);

/* Frees what r owns (not the transport) and zeroes it. */
void ns_rpc_clear(struct ns_rpc *r);

#endif
