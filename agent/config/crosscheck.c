/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crosscheck.c - the rules between elements, which no schema of the file
 * states: unique server names and indexes, the index of a server that
 * gives none, and the server <lanmgr-compat> names.
 */
#include <stdlib.h>
#include <string.h>

#include "cfg.h"

#define CFG_INDEX_MAX 65535u /* smbServerIndex (SMB-SESSION-MIB) */

/*
 * Explicit indexes must be unique.  A server without one gets the next
 * index after the previous server's (1 for the first) that no server uses,
 * explicitly or already implicitly: so an index does not change when an
 * unrelated server is added later.
 */
static void cfg_number_servers(struct cfg_load *ld, struct nsd_config *cfg)
{
	int *line_of = calloc(CFG_INDEX_MAX + 1, sizeof(*line_of)); /* 0: unused */
	unsigned prev = 0, index;

	if (line_of == NULL) {
		ld->oom = true;
		return;
	}
	for (struct nsd_server *s = cfg->servers; s < cfg->servers + cfg->nservers; s++) {
		if (s->index != 0 && line_of[s->index] != 0)
			cfg_error(ld, s->line, "<server>: index %u is already used at line %d",
			          s->index, line_of[s->index]);
		else if (s->index != 0)
			line_of[s->index] = s->line;
	}
	for (struct nsd_server *s = cfg->servers; s < cfg->servers + cfg->nservers; s++) {
		if (s->index == 0) {
			for (index = prev + 1; index <= CFG_INDEX_MAX && line_of[index] != 0;
			     index++)
				continue;
			if (index > CFG_INDEX_MAX) {
				cfg_error(ld, s->line, "<server>: no free index after %u", prev);
				continue;
			}
			s->index = index;
			line_of[index] = s->line;
		}
		prev = s->index;
	}
	free(line_of);
}

static int cfg_by_name_then_line(const void *a, const void *b)
{
	const struct nsd_server *x = *(const struct nsd_server *const *)a;
	const struct nsd_server *y = *(const struct nsd_server *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

/* Names must be unique (compared exactly): later uses name the first. */
static void cfg_unique_names(struct cfg_load *ld, struct nsd_config *cfg)
{
	const struct nsd_server **v = calloc(cfg->nservers + 1, sizeof(*v));
	size_t n = 0, first = 0;

	if (v == NULL) {
		ld->oom = true;
		return;
	}
	for (size_t i = 0; i < cfg->nservers; i++)
		if (cfg->servers[i].name != NULL)
			v[n++] = &cfg->servers[i];
	qsort(v, n, sizeof(*v), cfg_by_name_then_line);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i]->name, v[first]->name) != 0)
			first = i;
		else
			cfg_error(ld, v[i]->line,
			          "<server>: name \"%s\" is already used at line %d", v[i]->name,
			          v[first]->line);
	}
	free(v);
}

void cfg_crosscheck(struct cfg_load *ld, struct nsd_config *cfg)
{
	cfg_number_servers(ld, cfg);
	cfg_unique_names(ld, cfg);
	/* <lanmgr-compat server> names a server, exactly as names compare. */
	for (size_t i = 0; i < cfg->nservers && cfg->lanmgr_server != NULL; i++)
		if (cfg->servers[i].name != NULL &&
		    strcmp(cfg->servers[i].name, cfg->lanmgr_server) == 0)
			cfg->lanmgr_index = cfg->servers[i].index;
	if (cfg->lanmgr_server != NULL && cfg->lanmgr_index == 0)
		cfg_error(ld, cfg->lanmgr_line,
		          "<lanmgr-compat>: server \"%s\" is not the name of a <server>",
		          cfg->lanmgr_server);
}
