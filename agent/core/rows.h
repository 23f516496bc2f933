/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rows.h - the rows of smbSessionTable: the sessions of every managed
 * server, one row per (client, user), kept in a Net-SNMP tdata table
 * (sorted array, binary search: O(log n) per lookup) that the table's
 * handler (mib/session_table.c) serves.  This module is the one owner of
 * those rows: polls replace a server's rows, a delete drops the rows it
 * ended, a retired server's rows go.
 *
 * The rows of one server, the one <lanmgr-compat> names, are also listed
 * in a second tdata table under LanMgr-Mib-II's index (mib/lanmgr.h):
 * the same row data, so both tables change together.  Rows whose names
 * do not fit that index's SIZE bounds are in smbSessionTable only.
 */
#ifndef NETSESSD_CORE_ROWS_H
#define NETSESSD_CORE_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/rowset.h"

struct nsd_srv;
struct netsnmp_tdata_s;
struct netsnmp_tdata_row_s;

/* The data of one smbSessionTable row. */
struct nsd_srow {
	struct nsd_row r;                  /* strings owned here */
	struct nsd_srv *srv;               /* its server */
	struct netsnmp_tdata_row_s *trow;  /* its entry (oid_index owned by it) */
	struct netsnmp_tdata_row_s *lmrow; /* its svSessionTable entry, or NULL */
};

/* Creates the table (empty).  Returns 0, or -1 when out of memory. */
int nsd_rows_init(void);
/* The table, for the handler's registration. */
struct netsnmp_tdata_s *nsd_rows_table(void);

/* Replaces srv's rows with those of set (whose rows are taken).  Rows
 * present before and after keep their entry.  Returns 0, or -1 when out
 * of memory (the rows then stay as they were). */
int nsd_rows_update(struct nsd_srv *srv, struct nsd_rowset *set);
/* Drops the rows of srv that NetrSessionDel(client, user) ended
 * (nsd_row_matches) and returns how many sessions they held. */
uint32_t nsd_rows_prune(struct nsd_srv *srv, const char *client, const char *user);
/* Drops every row of srv. */
void nsd_rows_remove_server(struct nsd_srv *srv);

/* svSessionTable's rows (empty until nsd_rows_lanmgr names a server), for
 * the handler's registration; the table stays this module's. */
struct netsnmp_tdata_s *nsd_rows_lanmgr_table(void);
/* Lists the rows of the server of smbServerIndex index (0: none) in
 * svSessionTable, now and as its rows change, in place of the server
 * listed so far.  Returns 0, or -1 when out of memory (rows are then
 * missing there until they change). */
int nsd_rows_lanmgr(unsigned index);

#endif
