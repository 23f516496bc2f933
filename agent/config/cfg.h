/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cfg.h - inside agent/config/: the messages every step adds, and the
 * steps nsd_config_load() runs:
 *
 *   cfg_read        file -> XML tree with line numbers         read.c
 *   cfg_check       tree -> struct, element by element         check.c
 *   cfg_crosscheck  the rules between elements                 check.c
 */
#ifndef NETSESSD_CFG_H
#define NETSESSD_CFG_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "nsd_config.h"

/* Messages, "FILE:LINE: text", in line order then in the order added. */
#define CFG_MSGS_MAX 50u
struct cfg_msgs {
	struct {
		int line;
		char *text;
	} v[CFG_MSGS_MAX];
	size_t n;
	bool dropped; /* more than CFG_MSGS_MAX: a last message says so */
};

/* Which rules a load applies. */
enum cfg_rules {
	CFG_ALL_RULES,    /* every rule: what netsessd applies */
	CFG_SCHEMA_RULES, /* only those agent/netsessd.rng expresses too: the
	                     shape of the file and its values, not uniqueness,
	                     references or files (the schema's test compares) */
};

/* One load. */
struct cfg_load {
	const char *path; /* the file, as given: messages name it */
	char *dir;        /* its folder, absolute: relative paths start there */
	enum cfg_rules rules;
	struct cfg_msgs errors;
	struct cfg_msgs warnings;
	bool oom;
};

/* config.c: nsd_config_load() with a choice of rules. */
struct nsd_config *cfg_load_file(const char *path, enum cfg_rules rules,
                                 struct nsd_config_errors *errs);
/* config.c: messages at a line of the file (0: the file as a whole). */
void cfg_error(struct cfg_load *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cfg_warning(struct cfg_load *ld, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* strdup that marks ld out of memory on failure. */
char *cfg_strdup(struct cfg_load *ld, const char *s);

/* read.c: the file as a tree with a root element, freed with xmlFreeDoc;
 * NULL when it cannot be read or is not well-formed XML (said in ld). */
xmlDoc *cfg_read(struct cfg_load *ld);

/* check.c: root into cfg, element by element. */
void cfg_check(struct cfg_load *ld, const xmlNode *root, struct nsd_config *cfg);

/* check.c: unique names and indexes, implicit indexes, the
 * <lanmgr-compat> server. */
void cfg_crosscheck(struct cfg_load *ld, struct nsd_config *cfg);

#endif
