/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_serve.h - the helper of one managed server: netsessd's requests
 * (msg.h) carried out with libnetsess on the one context it holds.
 *
 * OPEN creates the context (netsess_ctx_new), ENUM and DEL call
 * netsess_session_enum and netsess_session_del; every reply repeats its
 * request's id.  All the semantics (the delete that ends its own pipe, the
 * wait for Samba to end the sessions it was told to end) stay in the
 * library; this only carries calls.  The password file OPEN names is read
 * here, in the helper: no password ever crosses the socket.  With a
 * keytab, the library gets the tickets itself, into a credential cache of
 * its own under TMPDIR: OPEN names a private directory netsessd made for
 * this process, which becomes TMPDIR, so that netsessd can remove what is
 * left there even of a process it had to kill.  Each reply tells what the
 * call left in the context: how many tickets it has obtained, when the
 * current one ends, and the library's words for a failure
 * (netsess_ctx_detail), which netsessd logs.
 *
 * Single-threaded: libsmbclient, which is not thread-safe in every build,
 * has the process to itself.  Nothing is logged: failures go back as
 * status codes.
 */
#ifndef NETSESSD_HELPER_RPC_SERVE_H
#define NETSESSD_HELPER_RPC_SERVE_H

/*
 * Serves the requests read from fd (a blocking stream socket) until
 * netsessd closes it.  Returns the process's exit status: EXIT_SUCCESS at
 * that EOF, EXIT_FAILURE on a malformed or out-of-step request or a
 * broken socket (netsessd then sees EOF).
 */
int nsd_rpc_serve(int fd);

#endif
