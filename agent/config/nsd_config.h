/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsd_config.h - netsessd's configuration: one XML file, read once into
 * these structs by agent/config/ (read.c reads, check.c holds every rule,
 * apply.c answers what the daemon asks of a loaded file).
 * Nothing outside agent/config/ sees libxml2.  docs/netsessd.conf.5
 * describes the file; agent/netsessd.rng describes it for other tools.
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
#define NSD_DEFAULT_DELETE_MODE NSD_DELETE_SYNC
#define NSD_DEFAULT_SIGNING NETSESS_SMB_IF_REQUIRED
#define NSD_DEFAULT_ENCRYPTION NETSESS_SMB_OFF

/* How netsessd logs on to a server: <credentials>, exactly one kind. */
enum nsd_cred_kind {
	NSD_CRED_PASSWORD_FILE, /* username, password_file, optional domain */
	NSD_CRED_AUTH_FILE,     /* auth_file, in smbclient -A format */
	NSD_CRED_KERBEROS,      /* kerberos="yes": the process's credential cache */
	NSD_CRED_KEYTAB,        /* principal, keytab: tickets from a keytab */
};

/* What a SET that ends sessions answers: <server delete-mode>. */
enum nsd_delete_mode {
	NSD_DELETE_SYNC,  /* "sync": the result of NetrSessionDel, or commitFailed
	                     once delete_timeout_ms has passed */
	NSD_DELETE_ASYNC, /* "async": noError once the SET is checked; the result
	                     reaches the manager by notification and counters */
};

/* One <server>: one row of smbServerTable.  Paths are absolute (a relative
 * path in the file is taken from the file's folder); secret files existed
 * and were private when the file was loaded, and nothing here holds a
 * secret. */
struct nsd_server {
	unsigned index;                   /* smbServerIndex, 1..65535, unique */
	char *name;                       /* smbServerName, 1..63 characters, unique */
	char *host;                       /* DNS name or IPv4 address */
	unsigned port;                    /* SMB TCP port */
	unsigned poll_interval_ms;        /* between two NetrSessionEnum polls */
	unsigned timeout_ms;              /* one call: connect, session setup, RPC */
	unsigned delete_timeout_ms;       /* how long a sync SET waits */
	enum nsd_delete_mode delete_mode; /* how a SET that ends sessions answers */
	enum nsd_cred_kind cred_kind;
	char *username;      /* NSD_CRED_PASSWORD_FILE; else NULL */
	char *domain;        /* NSD_CRED_PASSWORD_FILE, may be NULL; else NULL */
	char *password_file; /* NSD_CRED_PASSWORD_FILE: first line is the password */
	char *auth_file;     /* NSD_CRED_AUTH_FILE; else NULL */
	char *principal;     /* NSD_CRED_KEYTAB, e.g. "svc@EXAMPLE.LAN"; else NULL */
	char *keytab;        /* NSD_CRED_KEYTAB; else NULL */
	enum netsess_smb_policy signing;
	enum netsess_smb_policy encryption;
	int line; /* of <server>, for messages */
};

/* A list of messages, each "FILE:LINE: text" ("FILE: text" when the file
 * as a whole is at fault), in line order.  No message holds a secret. */
struct nsd_config_errors {
	size_t count;
	char **messages;
};

struct nsd_config {
	char *path;             /* as given to nsd_config_load */
	char *agentx_address;   /* <agentx address>; NULL: Net-SNMP's default */
	unsigned ping_interval; /* <agentx ping-interval>, seconds */
	/* <snmp>: netsessd is a standalone SNMP agent, not an AgentX subagent;
	 * <agentx> is then not used (a warning says so). */
	char *snmp_listen; /* Net-SNMP transport addresses, comma-separated;
	                      NULL: no <snmp>, AgentX subagent mode */
	char *snmp_access; /* absolute path of the access file (Net-SNMP
	                      tokens); NULL: no access is granted */
	/* <lanmgr-compat>: the one server also served as LanMgr-Mib-II's
	 * svSessionTable. */
	char *lanmgr_server;        /* its name; NULL: none */
	unsigned lanmgr_index;      /* its index; 0: none */
	int lanmgr_line;            /* of <lanmgr-compat>, for messages */
	size_t nservers;            /* may be 0: empty tables until a reload */
	struct nsd_server *servers; /* in index order */
	/* What is valid but may not be meant (no server, an unused <agentx>),
	 * "FILE:LINE: warning: text": for netsessd -n and the log. */
	struct nsd_config_errors warnings;
};

/*
 * Reads and checks the file at path, with every rule of netsessd.conf(5):
 * its elements, attributes and values, unique names and indexes, the
 * <lanmgr-compat> server, and that every secret file (password-file,
 * auth-file, keytab, the <snmp> access file) exists and is private.
 * Returns a config, the caller's, freed with nsd_config_free.  On failure
 * returns NULL and fills errs when not NULL (*errs is overwritten: clear it
 * before reuse); a file that cannot be read gives "PATH: strerror".  Never
 * logs or exits; needs no other file; call from one thread at a time.
 */
struct nsd_config *nsd_config_load(const char *path, struct nsd_config_errors *errs);
/* Frees cfg and everything it owns.  NULL is fine. */
void nsd_config_free(struct nsd_config *cfg);
/* Frees the messages and zeroes the list.  NULL is fine. */
void nsd_config_errors_clear(struct nsd_config_errors *errs);

/* True when a and b are the same server in every field but the line: on
 * reload such a server keeps its helper, its rows and its counters. */
bool nsd_server_same(const struct nsd_server *a, const struct nsd_server *b);

#endif
