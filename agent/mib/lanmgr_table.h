/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanmgr_table.h - LanMgr-Mib-II's svSessionNumber and svSessionTable
 * (mib/lanmgr.h) for the one server <lanmgr-compat> names, for consoles
 * built for Windows servers.  The rows are core/rows.c's; a SET of
 * svSesState to deleted(2) ends that (client, user) pair's sessions
 * through the same delete as smbSessionRowStatus destroy(6) (set.c).
 *
 * The two objects are registered while a server is served, and only
 * then: without <lanmgr-compat> nothing is served under
 * 1.3.6.1.4.1.77.
 */
#ifndef NETSESSD_MIB_LANMGR_TABLE_H
#define NETSESSD_MIB_LANMGR_TABLE_H

struct nsd_srv;

/*
 * Serves srv's sessions (srv NULL: none) from now on.  The objects are
 * registered when they were not (after init_agent); with NULL they are
 * unregistered, at once, or from the loop once no delete asked for by a
 * SET is waiting and the master has ended the SET transactions under way
 * (the registration must outlive them).  Returns 0, or -1 when the
 * registration failed (logged; nothing is served).
 */
int nsd_lmtab_serve(struct nsd_srv *srv);
/* srv is being retired: when it is the one served, svSessionNumber has no
 * instance (and svSessionTable no row) until nsd_lmtab_serve names a
 * server; the objects stay registered meanwhile. */
void nsd_lmtab_forget(const struct nsd_srv *srv);

#endif
