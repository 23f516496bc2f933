/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * server.h - one managed server: the parts that the modules working on it
 * own, side by side.  Each part is changed by its owner only; the others
 * read it through the owner's functions, or ask the owner (for instance a
 * delete asks pstate to lower the session count and rows.c to drop the
 * rows it ended).  The parts other modules keep are opaque here, so that
 * this header depends on none of them.
 */
#ifndef NETSESSD_CORE_SERVER_H
#define NETSESSD_CORE_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/pstate.h"
#include "config/nsd_config.h"

struct nsd_cfgref;
struct nsd_helper;
struct nsd_poll;
struct nsd_srvrows;
struct nsd_srvset;

struct nsd_srv {
	/* srvset.c */
	const struct nsd_server *cfg; /* an entry of cfgref's configuration */
	struct nsd_cfgref *cfgref;    /* one reference held */
	char label[96];               /* "server NAME [INDEX]": starts its log lines */
	struct nsd_srvset *set;       /* the set it belongs to */
	bool retired;                 /* out of the tables, its helper closing */
	struct nsd_srv *next;         /* the set's list of retired servers */
	/* pstate.c: smbServerStatus, smbServerLastError, the counters */
	struct nsd_pstate st;
	/* helper/client.c: the helper process and its calls */
	struct nsd_helper *helper;
	/* poll.c: its polls */
	struct nsd_poll *poll;
	/* rows.c: its rows of smbSessionTable; NULL while it has none */
	struct nsd_srvrows *rows;
	/* mib/server_table.c: its row of smbServerTable (a netsnmp_tdata_row) */
	void *table_row;
};

/* "host" or "host:port" (a port other than 445), IPv6 in brackets. */
void nsd_srv_address(const struct nsd_srv *srv, char *buf, size_t cap);

#endif
