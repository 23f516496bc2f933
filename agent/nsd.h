/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * nsd.h - the agent thread's state: the managed servers, their tables and
 * pending deletes.  Everything declared here lives on the agent thread
 * (the one running Net-SNMP); workers only see struct nsd_worker and the
 * channel.
 */
#ifndef NETSESSD_NSD_H
#define NETSESSD_NSD_H

#include <stdbool.h>
#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "config/nsd_config.h"
#include "pstate.h"
#include "rowset.h"

struct nsd_chan;
struct nsd_delreq;
struct nsd_pending;
struct nsd_worker;

/* A loaded configuration shared by the servers started from it; freed
 * when the last one is gone.  Agent thread only, so a plain count. */
struct nsd_cfgref {
	struct nsd_config *cfg;
	unsigned refs;
};

/* The data of one smbSessionTable row. */
struct nsd_srow {
	struct nsd_row r;        /* strings owned here */
	netsnmp_tdata_row *trow; /* the row in the table (oid_index owned by it) */
};

/* One managed server. */
struct nsd_srv {
	const struct nsd_server *cfg; /* entry in cfgref->cfg */
	struct nsd_cfgref *cfgref;    /* one reference held */
	struct nsd_worker *worker;
	struct nsd_pstate st;
	u_long last_poll;           /* sysUpTime of the last successful poll, 0: none */
	netsnmp_tdata_row *srv_row; /* smbServerTable row; NULL once retired */
	struct nsd_srow **rows;     /* smbSessionTable rows of this server, index order */
	size_t nrows;
	bool omitted_logged; /* the rows left out have been logged */
	bool retired;        /* removed from the tables, worker stopping */
	struct nsd_srv *next_retired;
	struct nsd_pending *pending; /* deletes not yet finished */
};

struct nsd_agent;

/* What one table does with a request (table.c calls these on the agent
 * thread, in the SET phases its comment gives). */
struct nsd_table_ops {
	/* GET of a column of an existing row; entry is the row's data. */
	void (*get)(const void *entry, unsigned column, netsnmp_variable_list *var);
	/* RESERVE1: SNMP_ERR_NOERROR or the error of the varbind. */
	int (*check)(const netsnmp_variable_list *var, unsigned column, bool exists);
	/* ACTION: SNMP_ERR_NOERROR (the request may then be delegated) or an
	 * error. */
	int (*action)(struct nsd_agent *a, netsnmp_mib_handler *handler,
	              netsnmp_handler_registration *reginfo, netsnmp_agent_request_info *reqinfo,
	              netsnmp_request_info *request, const netsnmp_table_request_info *ti);
};

/* A registered table: its rows (tdata) and its registration. */
struct nsd_table {
	netsnmp_tdata *data;
	netsnmp_table_registration_info *ti;
	netsnmp_handler_registration *reg;
	const struct nsd_table_ops *ops;
	struct nsd_agent *agent;
};

struct nsd_agent {
	const char *config_path;
	struct nsd_cfgref *cur;  /* the configuration in force */
	struct nsd_srv **srvs;   /* active servers, by smbServerIndex */
	size_t nsrvs;
	struct nsd_srv *retired; /* servers whose worker is ending */
	struct nsd_chan *chan;
	struct nsd_table srv_tab;  /* smbServerTable */
	struct nsd_table sess_tab; /* smbSessionTable */
	bool stopping;
};

/* log.c: every line goes through Net-SNMP's logging, on the agent thread. */
extern bool nsd_debug;
void nsd_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A name made safe for a log line: control octets become '?'.  Returns
 * buf; truncates to cap - 1 octets. */
const char *nsd_log_name(const char *name, char *buf, size_t cap);
#define NSD_LOG_NAME_MAX 80

/* srvset.c */
struct nsd_srv *nsd_srvset_find(const struct nsd_agent *a, unsigned index);
/* Takes cfg; starts, keeps or retires servers to match it.  Returns 0, or
 * -1 when nothing could be started for a server (logged). */
int nsd_srvset_apply(struct nsd_agent *a, struct nsd_config *cfg);
/* SIGHUP: reads the file again; a bad file is logged and ignored. */
void nsd_srvset_reload(struct nsd_agent *a);
/* SIGTERM: retires every server; the agent ends once all have gone. */
void nsd_srvset_stop_all(struct nsd_agent *a);
/* True while some worker is still ending. */
bool nsd_srvset_busy(const struct nsd_agent *a);
/* register_readfd callback of the channel. */
void nsd_srvset_on_chan(int fd, void *arg);
/* Frees what is left at exit (after the workers have ended). */
void nsd_srvset_free(struct nsd_agent *a);
/* "host" or "host:port" (port other than 445), IPv6 in brackets. */
void nsd_srv_address(const struct nsd_srv *srv, char *buf, size_t cap);

/* table.c: the registration and request handling both tables share. */
/* Creates the table and registers it at root with one index per entry of
 * index_types (0-terminated).  Returns 0, or -1 (what was made is freed by
 * nsd_table_unregister). */
int nsd_table_register(struct nsd_table *t, struct nsd_agent *a, const char *name, const oid *root,
                       size_t root_len, const u_char *index_types, unsigned min_column,
                       unsigned max_column, const struct nsd_table_ops *ops);
/* Unregisters the table and frees its rows' container (not the rows'
 * data, which their owners free).  Safe after a failed register. */
void nsd_table_unregister(struct nsd_table *t);
/* Sets var to the OCTET STRING s. */
void nsd_table_set_str(netsnmp_variable_list *var, const char *s);

/* server_table.c: smbServerTable. */
int nsd_srvtab_register(struct nsd_agent *a);
int nsd_srvtab_add(struct nsd_agent *a, struct nsd_srv *srv);
void nsd_srvtab_remove(struct nsd_agent *a, struct nsd_srv *srv);
void nsd_srvtab_unregister(struct nsd_agent *a);

/* session_table.c: smbSessionTable. */
int nsd_sesstab_register(struct nsd_agent *a);
/* Replaces the rows of srv with those of set (whose rows are taken). */
int nsd_sesstab_update(struct nsd_agent *a, struct nsd_srv *srv, struct nsd_rowset *set);
/* Removes the rows a successful NetrSessionDel(client, user) ended and
 * subtracts their sessions from smbServerSessions. */
void nsd_sesstab_prune(struct nsd_agent *a, struct nsd_srv *srv, const char *client,
                       const char *user);
void nsd_sesstab_remove_server(struct nsd_agent *a, struct nsd_srv *srv);
void nsd_sesstab_unregister(struct nsd_agent *a);

/* delete.c: NetrSessionDel requests from SETs, delegated until the worker
 * answers or the server's delete timeout passes. */
int nsd_del_start(struct nsd_srv *srv, const char *client, const char *user,
                  netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
                  netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request);
/* NSD_MSG_DELETE for one of srv's requests. */
void nsd_del_done(struct nsd_agent *a, struct nsd_srv *srv, struct nsd_delreq *req);
/* Answers srv's unanswered requests with commitFailed (the server is being
 * removed); running ones still get their result logged later. */
void nsd_del_abandon(struct nsd_srv *srv);
/* Frees what is left of srv's requests once its worker has ended. */
void nsd_del_release(struct nsd_srv *srv);

/* notify.c: SMB-SESSION-MIB notifications (send_v2trap). */
void nsd_notify_deleted(const struct nsd_srv *srv, const char *client, const char *user,
                        netsess_status_t code);
void nsd_notify_status(const struct nsd_srv *srv);

#endif
