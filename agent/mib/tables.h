/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tables.h - SMB-SESSION-MIB's two tables, as netsessd's other modules
 * see them: registered once, and a row of smbServerTable per active
 * server.  smbSessionTable's rows belong to core/rows.c.
 */
#ifndef NETSESSD_MIB_TABLES_H
#define NETSESSD_MIB_TABLES_H

#include <stddef.h>

struct nsd_srv;

/* Registers smbServerTable (after init_agent).  Returns 0, or -1.  The
 * registrations last as long as the process (see core/netsessd.c
 * teardown). */
int nsd_srvtab_register(void);
/* Adds or removes srv's row of smbServerTable.  Returns 0, or -1 when
 * out of memory. */
int nsd_srvtab_add(struct nsd_srv *srv);
void nsd_srvtab_remove(struct nsd_srv *srv);

/* Registers smbSessionTable over core/rows.c's table (after
 * nsd_rows_init).  Returns 0, or -1. */
int nsd_sesstab_register(void);

/* SET transactions the master has begun on these tables and not yet
 * finished (netsessd waits for them before it exits). */
size_t nsd_tables_sets_open(void);

#endif
