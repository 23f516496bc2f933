/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsd_config.h - netsessd configuration: an XML file validated against the
 * RelaxNG schema agent/netsessd.rng, parsed once into this struct.  Nothing
 * outside config.c sees libxml2.  docs/netsessd.conf.5 describes the file.
 */
#ifndef NETSESSD_CONFIG_H
#define NETSESSD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "netsess.h"

#define NSD_DEFAULT_AGENTX_ADDRESS "unix:/var/agentx/master"
#define NSD_DEFAULT_PING_INTERVAL 15u
#define NSD_DEFAULT_PORT 445u
#define NSD_DEFAULT_POLL_INTERVAL_MS 30000u
#define NSD_DEFAULT_TIMEOUT_MS 10000u
#define NSD_DEFAULT_DELETE_TIMEOUT_MS 800u
#define NSD_DEFAULT_SIGNING NETSESS_SMB_IF_REQUIRED
#define NSD_DEFAULT_ENCRYPTION NETSESS_SMB_OFF

/* Environment variable naming the schema when nsd_config_load() is given
 * none (tests, runs from the build tree). */
#define NSD_SCHEMA_ENV "NETSESSD_SCHEMA"

enum nsd_cred_kind {
	NSD_CRED_PASSWORD_FILE, /* username + optional domain + password-file */
	NSD_CRED_AUTH_FILE,     /* smbclient-format auth-file */
	NSD_CRED_KERBEROS,      /* the process's credential cache */
};

/* Paths are absolute: a relative path in the file is taken from the
 * configuration file's folder. */
struct nsd_server {
	unsigned index; /* 1..65535, unique */
	char *name;     /* unique, 1..63 characters */
	char *host;
	unsigned port;
	unsigned poll_interval_ms;
	unsigned timeout_ms;
	unsigned delete_timeout_ms;
	enum nsd_cred_kind cred_kind;
	char *username;      /* NSD_CRED_PASSWORD_FILE */
	char *domain;        /* may be NULL */
	char *password_file; /* path; the secret is read by the worker */
	char *auth_file;     /* NSD_CRED_AUTH_FILE */
	enum netsess_smb_policy signing;
	enum netsess_smb_policy encryption;
	int line; /* line of <server> in the file */
};

struct nsd_config {
	char *path;                 /* as given to nsd_config_load */
	char *agentx_address;       /* NULL: none in the file (the library default) */
	unsigned ping_interval;     /* seconds */
	size_t nservers;            /* at least 1 */
	struct nsd_server *servers; /* in index order */
};

/* Error list: each message is "FILE:LINE: text" (or "FILE: text" when the
 * file cannot be read at all), in line order.  No message holds a secret. */
struct nsd_config_errors {
	size_t count;
	char **messages;
};

/*
 * The schema nsd_config_load() uses when given none: $NETSESSD_SCHEMA when
 * set and not empty, else the installed one ($(pkgdatadir)/netsessd.rng).
 * Static or environment storage; do not free.
 */
const char *nsd_config_schema_path(void);

/*
 * Loads, validates (schema, then semantics: unique names and indexes, secret
 * files exist and are private) and returns a config, the caller's, freed
 * with nsd_config_free.  schema_path NULL means nsd_config_schema_path().
 * On failure returns NULL and fills errs (when not NULL; *errs is
 * overwritten, so clear it before reuse); count is 0 only when memory ran
 * out.  Never logs or exits; call from one thread at a time.
 */
struct nsd_config *nsd_config_load(const char *path, const char *schema_path,
                                   struct nsd_config_errors *errs);
/* Frees cfg and everything it owns.  NULL is fine. */
void nsd_config_free(struct nsd_config *cfg);
/* Frees the messages and zeroes the list.  NULL is fine. */
void nsd_config_errors_clear(struct nsd_config_errors *errs);

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
 * which wipes the password.  Returns NERR_Success, ERROR_NOT_ENOUGH_MEMORY
 * or NETSESS_E_AUTH_FILE (missing, unreadable or not private); on failure
 * *holder is empty.  Thread-safe for distinct holders.
 */
netsess_status_t nsd_server_options(const struct nsd_server *srv, struct nsd_server_auth *holder,
                                    struct netsess_options *opts);
/* Wipes and frees what *holder owns and zeroes it.  NULL is fine. */
void nsd_server_auth_clear(struct nsd_server_auth *holder);

#endif
