/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvset.h - the set of managed servers, as the configuration in force
 * describes them: servers are started, kept (with their counters, open
 * connection and rows) or retired as configurations are applied.  A
 * retired server leaves the tables at once and is freed once its helper
 * has closed: a call under way (a delete) runs to its end first.
 */
#ifndef NETSESSD_CORE_SRVSET_H
#define NETSESSD_CORE_SRVSET_H

#include <stdbool.h>
#include <stddef.h>

struct nsd_config;
struct nsd_srv;

/* A loaded configuration shared by the servers started from it; freed
 * when the last one is gone. */
struct nsd_cfgref {
	struct nsd_config *cfg;
	unsigned refs;
};

struct nsd_srvset {
	struct nsd_cfgref *cur; /* the configuration in force */
	struct nsd_srv **srvs;  /* active servers, by smbServerIndex */
	size_t nsrvs;
	struct nsd_srv *retired; /* servers whose helper is closing */
};

/*
 * Takes cfg and starts, keeps or retires servers to match it; a
 * configuration without servers is applied too (the tables are then
 * empty), with a warning.  Returns 0, or -1 when a server could not be
 * started (logged; the others run).
 */
int nsd_srvset_apply(struct nsd_srvset *set, struct nsd_config *cfg);
/* The active server of an index, or NULL. */
struct nsd_srv *nsd_srvset_find(const struct nsd_srvset *set, unsigned index);
/* Retires every server (netsessd is stopping). */
void nsd_srvset_stop(struct nsd_srvset *set);
/* Kills the helpers of the retired servers: their calls end now. */
void nsd_srvset_abort(struct nsd_srvset *set);
/* True while a retired server waits for its helper. */
bool nsd_srvset_busy(const struct nsd_srvset *set);
/* Frees what is left (after stop, once nothing is busy). */
void nsd_srvset_free(struct nsd_srvset *set);

#endif
