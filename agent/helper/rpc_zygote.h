/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpc_zygote.h - netsessd-rpc as the zygote: the process that has loaded
 * and initialised the libraries once and forks the helper of each managed
 * server on netsessd's request (zmsg.h), so that the pages of the
 * libraries (their relocated data, libsmbclient's global state, the
 * modules Samba loads on demand) stay shared by every helper, copy on
 * write, instead of being made again in each.
 *
 * Each helper is forked twice: the zygote takes the FORKs waiting in its
 * socket as one batch (up to 16) and forks an intermediate process for
 * it, which forks the batch's helpers one after the other and exits.  The
 * helpers, orphaned, are adopted by the nearest ancestor that is a child
 * subreaper: netsessd (zygote.h).  So every helper is netsessd's child,
 * reaped and signalled by it as if it had started it, while every fork is
 * the C library's own fork(): its fork handlers run (the random generator
 * of GnuTLS, which Samba uses, reseeds in each child).  The zygote answers
 * the batch's FORKs, in order, only after the intermediate process has
 * exited: by then netsessd is the parent of each helper.  (An
 * intermediate process per helper made two forks and an exit of this
 * large process per helper, one after the other: with hundreds of
 * servers, the time to start the last one.)
 *
 * The zygote holds no secret and no server's state: a FORK names only the
 * server index, and the helper reads its password file once it runs.  A
 * new helper
 *   - gets its socket as NSD_HELPER_FD, which closes the zygote's own,
 *     and closes the sockets of the other helpers of its batch; every
 *     other descriptor of the zygote's was close-on-exec or closed,
 *     the libraries hold none (netsess_preload opens nothing);
 *   - writes its server index over the zygote's argument, so that ps
 *     shows "netsessd-rpc INDEX";
 *   - is not dumpable (prctl), as the zygote is;
 *   - reseeds random() (libroken, the Kerberos library Samba carries, and
 *     Samba's socket code use it) from getrandom();
 *   - fixes malloc's mmap threshold, so that a large reply buffer goes
 *     back to the kernel when it is freed instead of staying in the heap;
 *   - then serves its server's requests (serve) and exits with what that
 *     returns.
 */
#ifndef NETSESSD_HELPER_RPC_ZYGOTE_H
#define NETSESSD_HELPER_RPC_ZYGOTE_H

#include <stddef.h>

/*
 * Runs the zygote on its socket, NSD_HELPER_FD (a SOCK_SEQPACKET
 * socket): sends READY, then answers each FORK with FORKED, until
 * netsessd closes the socket.  label is the storage of the zygote's
 * argument (cap octets, its NUL included), which each helper overwrites
 * with its index.  Returns the zygote's exit status: EXIT_SUCCESS at EOF,
 * EXIT_FAILURE when a message is malformed or the socket breaks.  Each
 * helper ends with exit(serve(NSD_HELPER_FD)).
 */
int nsd_zygote_run(char *label, size_t cap, int (*serve)(int fd));

#endif
