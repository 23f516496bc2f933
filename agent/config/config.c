/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * config.c - nsd_config_load(): read the file, check it, and hand over the
 * struct or the messages, "FILE:LINE: text" in line order so that a reader
 * goes through the file once.  The rules are in check.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cfg.h"

char *cfg_strdup(struct cfg_load *ld, const char *s)
{
	char *copy = strdup(s);

	ld->oom |= copy == NULL;
	return copy;
}

/* Adds "FILE:LINE: KIND text" to m, after the messages of earlier lines. */
static void cfg_msg(struct cfg_load *ld, struct cfg_msgs *m, int line, const char *kind,
                    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void cfg_msg(struct cfg_load *ld, struct cfg_msgs *m, int line, const char *kind,
                    const char *fmt, va_list ap)
{
	char *body = NULL, *text = NULL;
	size_t at = m->n;
	int rc = -1;

	if (m->n == CFG_MSGS_MAX) {
		m->dropped = true;
		return;
	}
	if (vasprintf(&body, fmt, ap) < 0)
		body = NULL;
	else if (line > 0)
		rc = asprintf(&text, "%s:%d: %s%s", ld->path, line, kind, body);
	else
		rc = asprintf(&text, "%s: %s%s", ld->path, kind, body);
	free(body);
	if (rc < 0) {
		ld->oom = true;
		return;
	}
	for (; at > 0 && m->v[at - 1].line > line; at--)
		m->v[at] = m->v[at - 1];
	m->v[at].line = line;
	m->v[at].text = text;
	m->n++;
}

void cfg_error(struct cfg_load *ld, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_msg(ld, &ld->errors, line, "", fmt, ap);
	va_end(ap);
}

void cfg_warning(struct cfg_load *ld, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_msg(ld, &ld->warnings, line, "warning: ", fmt, ap);
	va_end(ap);
}

/* Moves m's messages into *out, with a last one when some were left out
 * or memory ran out. */
static void cfg_msgs_give(struct cfg_load *ld, struct cfg_msgs *m, struct nsd_config_errors *out)
{
	const char *last = ld->oom ? "out of memory" : m->dropped ? "more errors not shown" : NULL;
	char **v;
	size_t n;

	if (m->n == 0 && last == NULL)
		return;
	v = calloc(m->n + 2, sizeof(*v));
	if (v == NULL)
		return;
	for (n = 0; n < m->n; n++) {
		v[n] = m->v[n].text;
		m->v[n].text = NULL;
	}
	if (last != NULL && asprintf(&v[n], "%s: %s", ld->path, last) >= 0)
		n++;
	*out = (struct nsd_config_errors){n, v};
}

static void cfg_msgs_free(struct cfg_msgs *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].text);
}

void nsd_config_errors_clear(struct nsd_config_errors *errs)
{
	if (errs == NULL)
		return;
	for (size_t i = 0; i < errs->count; i++)
		free(errs->messages[i]);
	free(errs->messages);
	*errs = (struct nsd_config_errors){0, NULL};
}

/* The absolute folder of path, where relative paths in the file start. */
static char *cfg_folder_of(struct cfg_load *ld, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *real;

	if (slash == NULL)
		dir = cfg_strdup(ld, ".");
	else if ((dir = strndup(path, slash == path ? 1 : (size_t)(slash - path))) == NULL)
		ld->oom = true;
	real = dir != NULL ? realpath(dir, NULL) : NULL;
	if (real == NULL)
		return dir;
	free(dir);
	return real;
}

static int cfg_by_index(const void *a, const void *b)
{
	const struct nsd_server *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

struct nsd_config *cfg_load_file(const char *path, enum cfg_rules rules,
                                 struct nsd_config_errors *errs)
{
	struct cfg_load ld = {.path = path, .rules = rules};
	struct nsd_config *cfg = calloc(1, sizeof(*cfg));
	xmlDoc *doc = NULL;

	if (errs != NULL)
		*errs = (struct nsd_config_errors){0, NULL};
	if (cfg == NULL || path == NULL) {
		free(cfg);
		return NULL;
	}
	xmlInitParser();
	cfg->path = cfg_strdup(&ld, path);
	cfg->ping_interval = NSD_DEFAULT_PING_INTERVAL;
	ld.dir = cfg_folder_of(&ld, path);
	if (ld.dir != NULL)
		doc = cfg_read(&ld);
	if (doc != NULL)
		cfg_check(&ld, xmlDocGetRootElement(doc), cfg);
	if (doc != NULL && rules == CFG_ALL_RULES)
		cfg_crosscheck(&ld, cfg);
	if (doc == NULL || ld.errors.n > 0 || ld.oom) {
		if (errs != NULL)
			cfg_msgs_give(&ld, &ld.errors, errs);
		nsd_config_free(cfg);
		cfg = NULL;
	} else if (cfg->nservers > 0) {
		qsort(cfg->servers, cfg->nservers, sizeof(*cfg->servers), cfg_by_index);
	}
	if (cfg != NULL)
		cfg_msgs_give(&ld, &ld.warnings, &cfg->warnings);
	xmlFreeDoc(doc);
	cfg_msgs_free(&ld.errors);
	cfg_msgs_free(&ld.warnings);
	free(ld.dir);
	return cfg;
}

struct nsd_config *nsd_config_load(const char *path, struct nsd_config_errors *errs)
{
	return cfg_load_file(path, CFG_ALL_RULES, errs);
}

void nsd_config_free(struct nsd_config *cfg)
{
	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->nservers; i++) {
		struct nsd_server *s = &cfg->servers[i];

		free(s->name);
		free(s->host);
		free(s->username);
		free(s->domain);
		free(s->password_file);
		free(s->auth_file);
		free(s->principal);
		free(s->keytab);
	}
	free(cfg->servers);
	free(cfg->path);
	free(cfg->agentx_address);
	free(cfg->snmp_listen);
	free(cfg->snmp_access);
	free(cfg->lanmgr_server);
	nsd_config_errors_clear(&cfg->warnings);
	free(cfg);
}
