/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server_options.h - the library options of one configured server, with
 * its password read from its file.  Not part of the configuration module:
 * this is what the server's RPC helper takes over (it reads its own
 * password file), kept here until the worker stops calling it.
 */
#ifndef NETSESSD_SERVER_OPTIONS_H
#define NETSESSD_SERVER_OPTIONS_H

#include "nsd_config.h"

/* Holds the credentials nsd_server_options() hands out: username, password
 * and domain are owned copies; auth_file is borrowed from the server. */
struct nsd_server_auth {
	char *username;
	char *password;
	char *domain;
	const char *auth_file;
};

/*
 * Fills *opts (zeroed first) for one server, reading its password file into
 * *holder.  opts points into *holder and *srv: keep both until
 * netsess_ctx_new() has copied them, then call nsd_server_auth_clear(),
 * which wipes the password.  Returns NERR_Success, ERROR_NOT_ENOUGH_MEMORY,
 * NETSESS_E_AUTH_FILE (missing, unreadable or not private) or, for a
 * keytab, NETSESS_E_NOT_SUPPORTED; on failure *holder is empty.
 * Thread-safe for distinct holders.
 */
netsess_status_t nsd_server_options(const struct nsd_server *srv, struct nsd_server_auth *holder,
                                    struct netsess_options *opts);
/* Wipes and frees what *holder owns and zeroes it.  NULL is fine. */
void nsd_server_auth_clear(struct nsd_server_auth *holder);

#endif
