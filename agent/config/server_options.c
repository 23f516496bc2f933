/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server_options.c - see server_options.h: the part of netsessd that reads
 * a server's password, which its RPC helper takes over.
 */
#include <stdlib.h>
#include <string.h>

#include "auth_file.h"
#include "server_options.h"

void nsd_server_auth_clear(struct nsd_server_auth *holder)
{
	if (holder == NULL)
		return;
	free(holder->username);
	ns_secret_free(holder->password);
	free(holder->domain);
	*holder = (struct nsd_server_auth){NULL, NULL, NULL, NULL};
}

/* Owned copies of the user name and domain, and the password file read. */
static netsess_status_t cfg_password_options(const struct nsd_server *srv,
                                             struct nsd_server_auth *holder)
{
	holder->username = strdup(srv->username);
	if (holder->username == NULL)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (srv->domain != NULL) {
		holder->domain = strdup(srv->domain);
		if (holder->domain == NULL)
			return ERROR_NOT_ENOUGH_MEMORY;
	}
	return ns_password_file_read(srv->password_file, &holder->password);
}

netsess_status_t nsd_server_options(const struct nsd_server *srv, struct nsd_server_auth *holder,
                                    struct netsess_options *opts)
{
	netsess_status_t st = NERR_Success;

	if (srv == NULL || holder == NULL || opts == NULL)
		return ERROR_INVALID_PARAMETER;
	*holder = (struct nsd_server_auth){NULL, NULL, NULL, NULL};
	memset(opts, 0, sizeof(*opts));
	switch (srv->cred_kind) {
	case NSD_CRED_PASSWORD_FILE:
		st = cfg_password_options(srv, holder);
		break;
	case NSD_CRED_AUTH_FILE:
		holder->auth_file = srv->auth_file;
		break;
	case NSD_CRED_KERBEROS:
		opts->kerberos = true;
		break;
	case NSD_CRED_KEYTAB:
		/* The library takes no keytab yet: the helper will get tickets. */
		st = NETSESS_E_NOT_SUPPORTED;
		break;
	}
	if (st != NERR_Success) {
		nsd_server_auth_clear(holder);
		return st;
	}
	opts->username = holder->username;
	opts->password = holder->password;
	opts->domain = holder->domain;
	opts->auth_file = holder->auth_file;
	opts->signing = srv->signing;
	opts->encryption = srv->encryption;
	opts->port = (uint16_t)srv->port;
	opts->timeout_ms = srv->timeout_ms;
	return NERR_Success;
}
