/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpcproc.h - a managed server's RPC process, seen from its worker thread.
 *
 * The netsess context of a server lives in a process of its own,
 * netsessd-rpc (agent/rpcchild.c), started with posix_spawn and spoken to
 * over a socketpair in the messages of rpcmsg.h.  There libsmbclient runs
 * single-threaded: a server that hangs holds up only its own process, and
 * a crash (a hostile server's reply) ends only that process.  The calls
 * below mirror the library's (netsess_ctx_new, netsess_session_enum,
 * netsess_session_del, netsess_ctx_free); the process lives exactly as
 * long as the context it holds.
 *
 * Every call has a deadline: twice the context's call timeout plus
 * NSD_RPC_MARGIN_MS (a library call may wait out one exchange and then
 * reconnect; the margin covers starting the process).  A process that
 * misses it is killed and the call returns NETSESS_E_TIMEOUT; one that
 * ends or closes the connection gives NETSESS_E_TRANSPORT; one that sends
 * a malformed message is killed and gives NETSESS_E_PROTOCOL.  After any
 * of these the context is gone (nsd_rpc_ready() is false) and a line
 * saying what happened waits in nsd_rpc_take_event().
 *
 * An nsd_rpc belongs to one thread at a time (its worker's).  Nothing here
 * logs or calls Net-SNMP.
 */
#ifndef NETSESSD_RPCPROC_H
#define NETSESSD_RPCPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "netsess.h"

/* The name of the program, installed in $(libexecdir)/netsessd. */
#define NSD_RPC_PROGRAM "netsessd-rpc"
/* The descriptor of its end of the socketpair in the RPC process. */
#define NSD_RPC_CHILD_FD 3
#define NSD_RPC_MARGIN_MS 2000u
/* How long a process may take to end once its connection is closed
 * before it is killed. */
#define NSD_RPC_EXIT_GRACE_MS 2000u

struct nsd_rpc;

/*
 * The RPC slot of one server; no process runs yet.  server_index appears
 * in the process's argv ("netsessd-rpc 3"), for ps.  Returns NULL with
 * errno set when out of memory.  Free with nsd_rpc_free().
 */
struct nsd_rpc *nsd_rpc_new(unsigned server_index);
/* Ends the process, if any (nsd_rpc_ctx_free), and frees rpc.  NULL is
 * fine. */
void nsd_rpc_free(struct nsd_rpc *rpc);

/*
 * True when a process holding a context is there.  A process found ended
 * (or talking out of turn) while idle is reaped first, with an event, and
 * false is returned: the caller opens a new one.
 */
bool nsd_rpc_ready(struct nsd_rpc *rpc);

/*
 * Starts the process and has it create its context from opts
 * (netsess_ctx_new); the options, the password included, travel over the
 * socketpair only, and nothing of them is kept here.  Ends a process
 * already running first.  Returns netsess_ctx_new()'s status, or the
 * process failures above (NETSESS_E_TRANSPORT when the program cannot be
 * started).
 */
netsess_status_t nsd_rpc_ctx_new(struct nsd_rpc *rpc, const struct netsess_options *opts);
/* Closes the connection: the process frees its context and exits; after
 * NSD_RPC_EXIT_GRACE_MS it is killed.  Always reaped.  No process is fine. */
void nsd_rpc_ctx_free(struct nsd_rpc *rpc);

/* netsess_session_enum() in the process; same arguments and results (on
 * NERR_Success *out is the caller's).  NETSESS_E_TRANSPORT without a
 * context. */
netsess_status_t nsd_rpc_session_enum(struct nsd_rpc *rpc, const char *servername,
                                      const char *unc_client_name, const char *username,
                                      uint32_t level, struct netsess_session_list **out);
/* netsess_session_del() in the process; same arguments and results. */
netsess_status_t nsd_rpc_session_del(struct nsd_rpc *rpc, const char *servername,
                                     const char *unc_client_name, const char *username);

/*
 * Copies the line describing how the last process ended abnormally or
 * could not start ("RPC process 1234 ended by signal SIGSEGV during a
 * call"), if one is waiting, into buf (truncated to cap - 1 octets) and
 * clears it.  Returns false when nothing happened since the last take.
 */
bool nsd_rpc_take_event(struct nsd_rpc *rpc, char *buf, size_t cap);

/* The pid of the running process, 0 when none. */
long nsd_rpc_pid(const struct nsd_rpc *rpc);

#endif
