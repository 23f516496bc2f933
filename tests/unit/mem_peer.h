/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mem_peer.h - an in-memory srvsvc server behind the transport interface.
 *
 * This is a fake, for unit tests only.  It stands in for a real server
 * where a real one cannot serve: to misbehave on purpose (malformed
 * replies, a wrong call_id, fault PDUs, bind_nak, a connection that drops
 * after a delete, responses cut into many fragments) and to answer the
 * way a Windows server does when no Windows server is at hand.  The Samba
 * behaviour it imitates is checked against a real Samba in
 * tests/integration/lib_samba_test.c; where the two differ, the real
 * server is right.
 *
 * It speaks DCE/RPC and NDR with its own small encoder and decoder (not
 * the library's), so a mistake in the library's wire code does not cancel
 * out against the same mistake here.
 *
 * Personalities ([MS-SRVS] 3.1.4.5/3.1.4.6 vs Samba 4.17, see
 * ms-srvs-sessions.md section 5):
 *   WINDOWS: client and user filters honoured (no match: 2312, or 2221
 *            for a user alone; a client without "\\": 2351); levels 0, 1,
 *            2, 10, 502; pages by PreferedMaximumLength with
 *            ERROR_MORE_DATA; a delete that matches nothing: 2312 (2221
 *            for a user alone); both names empty: 87.
 *   SAMBA:   filters ignored; levels 0 and 1 only (124 otherwise); every
 *            entry at once, resume handle = total; a delete that matches
 *            nothing: 5; both names empty: every session ends.
 */
#ifndef MEM_PEER_H
#define MEM_PEER_H

#include "transport.h"

enum mem_peer_personality {
	MEM_PEER_WINDOWS,
	MEM_PEER_SAMBA,
};

/* Misbehaviours, each consumed by the next bind or the next call. */
enum mem_peer_fault {
	MEM_PEER_OK = 0,
	MEM_PEER_BIND_NAK,      /* bind: bind_nak, reason 4 */
	MEM_PEER_BIND_REJECT,   /* bind: bind_ack with provider rejection */
	MEM_PEER_RPC_FAULT,     /* call: fault PDU with mem_peer.fault_status */
	MEM_PEER_WRONG_CALL_ID, /* call: the response carries call_id + 1 */
	MEM_PEER_TRUNCATED,     /* call: the response stub lacks its last 3 bytes */
	MEM_PEER_BAD_VERSION,   /* call: the response header says rpc_vers 4 */
	MEM_PEER_OVERSIZED,     /* call: frag_length above the negotiated size */
	MEM_PEER_DROP_BEFORE,   /* call: the connection is gone when it is sent */
	MEM_PEER_DROP_AFTER,    /* call: carried out, then the connection drops */
	MEM_PEER_DROP_IGNORED,  /* call: received, not carried out, connection drops */
	MEM_PEER_SILENT,        /* call or bind: no answer ever (read times out) */
};

struct mem_peer_session {
	const char *client;
	const char *user;
	uint32_t opens;
	uint32_t time;
	uint32_t idle_time;
	uint32_t user_flags;
	const char *client_type;
	const char *transport;
};

/* Counters and the last request seen, for the tests' assertions. */
struct mem_peer_stats {
	unsigned opens; /* transport constructor calls */
	unsigned binds;
	unsigned enums;              /* complete NetrSessionEnum requests */
	unsigned dels;               /* complete NetrSessionDel requests */
	unsigned dels_unfiltered;    /* deletes with both names empty */
	unsigned request_frags;      /* request fragments received */
	unsigned oversized_requests; /* fragments above the peer's max_recv */
	unsigned response_frags;
	unsigned live_conns;
	uint32_t last_level;
	uint32_t last_pref_max_len;
	char last_host[256];
	char last_server[256]; /* ServerName of the last request */
	char last_client[256]; /* "(null)" when not sent */
	char last_user[256];
	char last_username[256]; /* user name the last connection logged on with */
	uint16_t last_port;
	unsigned last_timeout_ms;
};

struct mem_peer;

/* A new peer with no sessions; abort()s when out of memory. */
struct mem_peer *mem_peer_new(enum mem_peer_personality personality);
/* Frees the peer; every connection must have been closed. */
void mem_peer_free(struct mem_peer *peer);

/* Adds one session (strings copied). */
void mem_peer_add(struct mem_peer *peer, const struct mem_peer_session *s);
void mem_peer_add_simple(struct mem_peer *peer, const char *client, const char *user);
/* How many live sessions (not ending) match client/user (NULL: any). */
size_t mem_peer_count(const struct mem_peer *peer, const char *client, const char *user);

/* Each connection adds its own session ("127.0.0.1", logon user) while
 * it lasts, as a real server does.  Off by default. */
void mem_peer_set_own_sessions(struct mem_peer *peer, bool on);
/* Sessions ended by a delete stay listed for the next n enumerations,
 * as Samba's do while their smbd stops (default 0). */
void mem_peer_set_linger(struct mem_peer *peer, unsigned n);
/* false: enumerating and deleting give ERROR_ACCESS_DENIED. */
void mem_peer_set_admin(struct mem_peer *peer, bool admin);
/* false: deleting gives ERROR_ACCESS_DENIED, enumerating still works (on
 * Samba: BUILTIN\Administrators without uid 0 or Domain Admins). */
void mem_peer_set_can_delete(struct mem_peer *peer, bool can_delete);
/* Stub bytes per response fragment (0: as many as fit). */
void mem_peer_set_response_chunk(struct mem_peer *peer, size_t bytes);
/* max_recv_frag the peer announces in bind_ack (default 4280). */
void mem_peer_set_max_recv(struct mem_peer *peer, uint16_t max_recv);
/* Status carried by MEM_PEER_RPC_FAULT. */
void mem_peer_set_fault_status(struct mem_peer *peer, uint32_t status);

/* The next bind misbehaves as f. */
void mem_peer_fail_bind(struct mem_peer *peer, enum mem_peer_fault f);
/* Queues f for the next call (up to 16 queued, in order). */
void mem_peer_fail_call(struct mem_peer *peer, enum mem_peer_fault f);
/* The next n opens fail with status. */
void mem_peer_fail_open(struct mem_peer *peer, netsess_status_t status, unsigned n);
/* Drops every live connection now (the next write fails). */
void mem_peer_drop_all(struct mem_peer *peer);

const struct mem_peer_stats *mem_peer_stats(const struct mem_peer *peer);

/* ns_transport_open_fn; arg is the struct mem_peer. */
netsess_status_t mem_peer_open(const struct ns_transport_params *params, void *arg,
                               struct ns_transport **out);

#endif
