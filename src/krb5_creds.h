/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * krb5_creds.h - Kerberos tickets from a keytab, in a credential cache of
 * the context's own.
 *
 * A context given a keytab gets its ticket-granting ticket from it (an AS
 * exchange with the keytab's key, RFC 4120 3.1) into a FILE: credential
 * cache in a private 0700 directory, replaces it before it expires and
 * after a Kerberos failure, and removes the directory when it is freed.
 * The SMB client is pointed at that cache for each connection (see
 * transport_smbc.c); the caller's own credential cache is never touched.
 *
 * FILE:, not MEMORY:, because the cache is written here with MIT Kerberos
 * and read by libsmbclient, which carries Samba's own Kerberos library: the
 * two share the file format but no memory.
 */
#ifndef NETSESS_KRB5_CREDS_H
#define NETSESS_KRB5_CREDS_H

#include "netsess.h"

#include <time.h>

struct ns_krb5;

/*
 * Checks that keytab is a private file (the rule of every secret file:
 * NETSESS_E_AUTH_FILE otherwise) and that principal parses ("svc@REALM",
 * or "svc" in the default realm; a "DOMAIN\user" name is refused with
 * ERROR_INVALID_PARAMETER).  No network I/O and no ticket yet.  On success
 * *out is the caller's, freed with ns_krb5_free().
 */
netsess_status_t ns_krb5_new(const char *principal, const char *keytab, struct ns_krb5 **out);

/* Removes the credential cache and its directory; frees k.  NULL is fine. */
void ns_krb5_free(struct ns_krb5 *k);

/*
 * Whether a ticket valid from start to end must be replaced at time now:
 * when there is none (end == 0), when it has expired, or once less than a
 * quarter of its lifetime is left (at most 30 minutes, at least 5: the SMB
 * client refuses a ticket with 2 minutes left), so that a connection made
 * with it is not cut by the server's session expiry (the session ends
 * with the ticket: [MS-SMB2] Session.ExpirationTime).  Pure.
 */
bool ns_krb5_refresh_due(time_t now, time_t start, time_t end);

/*
 * Makes the cache hold a usable ticket: acquires one from the keytab when
 * ns_krb5_refresh_due() says so for now, or when force is set (after a
 * Kerberos failure).  *acquired tells whether a new ticket was obtained.
 * On failure the Kerberos library's explanation is written to detail
 * (detail_len bytes, NUL-terminated).  Returns NETSESS_E_AUTH_FILE for a
 * keytab that is missing, not private or holds no key for the principal,
 * NETSESS_E_LOGON_FAILURE when the KDC gives no ticket (wrong key, clock
 * skew, unknown principal, KDC unreachable), ERROR_NOT_ENOUGH_MEMORY.
 */
netsess_status_t ns_krb5_ensure(struct ns_krb5 *k, time_t now, bool force, bool *acquired,
                                char *detail, size_t detail_len);

/* "FILE:<private directory>/ccache", or NULL before the first ticket. */
const char *ns_krb5_ccache(const struct ns_krb5 *k);
/* Tickets obtained so far, the first one included. */
unsigned ns_krb5_count(const struct ns_krb5 *k);
/* End time of the current ticket; 0 when there is none. */
time_t ns_krb5_endtime(const struct ns_krb5 *k);

#endif
