/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * auth_file.h - private secret files: smbclient-style authentication files
 * and single-secret password files.
 *
 * A secret file must be a regular file that neither group nor others may
 * read (the same rule ssh and ntpd apply); otherwise NETSESS_E_AUTH_FILE.
 */
#ifndef NETSESS_AUTH_FILE_H
#define NETSESS_AUTH_FILE_H

#include "netsess.h"

struct ns_auth {
	char *username;
	char *password;
	char *domain;
};

/* Checks that the open file fd is a regular file with mode & 077 == 0
 * (fstat on the descriptor, so the file checked is the file read).  The
 * readers below open their path with O_NOFOLLOW. */
netsess_status_t ns_secret_file_check(int fd);

/* The same rule for a secret file that others read (a Kerberos keytab):
 * opens path as the readers below do, checks it, closes it. */
netsess_status_t ns_secret_path_check(const char *path);

/* Parses an smbclient authentication file ("username = x", "password = y",
 * "domain = z"; blank lines and lines starting with # or ; ignored).
 * On success *out holds caller-owned strings (NULL when absent), released
 * with ns_auth_clear().  The password is never copied elsewhere. */
netsess_status_t ns_auth_file_read(const char *path, struct ns_auth *out);

/* Reads a file whose first line is a password (trailing newline dropped).
 * *out is the caller's; wipe and free it with ns_secret_free(). */
netsess_status_t ns_password_file_read(const char *path, char **out);

/* Wipes (explicit_bzero) and frees. */
void ns_secret_free(char *secret);
void ns_auth_clear(struct ns_auth *a);

#endif
