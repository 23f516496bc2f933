/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.c - netsess check: threshold ranges, counts, state and the status
 * line (Monitoring Plugins Development Guidelines).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/check.h"

/* Longest number accepted in a range, in characters. */
#define CLI_RANGE_NUM_MAX 32

/* [-]digits[.digits], the whole of [s, s + n); strtod does the rest. */
static int cli_range_number(const char *s, size_t n, double *out)
{
	char buf[CLI_RANGE_NUM_MAX + 1];
	size_t i = 0, digits = 0;
	char *end = NULL;

	if (n == 0 || n > CLI_RANGE_NUM_MAX)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (buf[i] == '-')
		i++;
	for (; buf[i] >= '0' && buf[i] <= '9'; i++)
		digits++;
	if (buf[i] == '.')
		for (i++; buf[i] >= '0' && buf[i] <= '9'; i++)
			digits++;
	if (buf[i] != '\0' || digits == 0)
		return -1;
	errno = 0;
	*out = strtod(buf, &end);
	return errno == 0 && *end == '\0' ? 0 : -1;
}

int cli_range_parse(const char *s, struct cli_range *r)
{
	const char *p = s, *colon;

	memset(r, 0, sizeof(*r));
	r->text = s;
	if (*p == '@') {
		r->inside = true;
		p++;
	}
	colon = strchr(p, ':');
	if (colon == NULL) {
		/* "N": from 0 to N */
		r->has_start = r->has_end = true;
		if (cli_range_number(p, strlen(p), &r->end) != 0)
			return -1;
	} else {
		if (strcmp(colon + 1, "") != 0) {
			r->has_end = true;
			if (cli_range_number(colon + 1, strlen(colon + 1), &r->end) != 0)
				return -1;
		}
		if (colon - p == 1 && p[0] == '~') {
			r->has_start = false;
		} else {
			r->has_start = true; /* ":N" starts at 0, as "N" does */
			if (colon > p && cli_range_number(p, (size_t)(colon - p), &r->start) != 0)
				return -1;
		}
	}
	if (r->has_start && r->has_end && r->start > r->end)
		return -1;
	return 0;
}

bool cli_range_alert(const struct cli_range *r, double v)
{
	bool in = (!r->has_start || v >= r->start) && (!r->has_end || v <= r->end);

	return r->inside ? in : !in;
}

const char *cli_check_state_name(enum cli_check_state st)
{
	switch (st) {
	case CLI_CHECK_OK:
		return "OK";
	case CLI_CHECK_WARNING:
		return "WARNING";
	case CLI_CHECK_CRITICAL:
		return "CRITICAL";
	case CLI_CHECK_UNKNOWN:
		break;
	}
	return "UNKNOWN";
}

static int cli_name_cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

/* The number of distinct names among names[0..n), which it sorts.
 * strcasecmp orders them so that netsess_name_equal names are adjacent. */
static size_t cli_distinct(const char **names, size_t n)
{
	size_t i, k = 0;

	qsort(names, n, sizeof(*names), cli_name_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || !netsess_name_equal(names[i - 1], names[i]))
			k++;
	return k;
}

int cli_check_count(const struct netsess_session_list *list, const struct cli_check_spec *spec,
                    struct cli_check_counts *out)
{
	const char **users, **clients;
	size_t i, nu = 0, nc = 0, n = list != NULL ? list->count : 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;
	users = calloc(n, sizeof(*users));
	clients = calloc(n, sizeof(*clients));
	if (users == NULL || clients == NULL) {
		free(users);
		free(clients);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct netsess_session *s = &list->items[i];

		if (s->user != NULL && s->user[0] != '\0')
			users[nu++] = s->user;
		if (s->client != NULL && s->client[0] != '\0')
			clients[nc++] = s->client;
		if (spec->max_idle_set && s->idle_time > spec->max_idle)
			out->idle++;
	}
	out->sessions = n;
	out->users = cli_distinct(users, nu);
	out->clients = cli_distinct(clients, nc);
	free(users);
	free(clients);
	return 0;
}

enum cli_check_state cli_check_evaluate(const struct cli_check_spec *spec,
                                        const struct cli_check_counts *c)
{
	double v = (double)(spec->max_idle_set ? c->idle : c->sessions);

	if (spec->crit != NULL && cli_range_alert(spec->crit, v))
		return CLI_CHECK_CRITICAL;
	if (spec->warn != NULL && cli_range_alert(spec->warn, v))
		return CLI_CHECK_WARNING;
	return CLI_CHECK_OK;
}

/* A name in the text part: '|' would start the performance data and a
 * newline the long output, so both (and every control character) become
 * '_'. */
static void cli_put_name(FILE *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		fputc(ch == '|' || ch < 0x20 || ch == 0x7F ? '_' : ch, out);
	}
}

/* A computer name as the server reports it: without a leading "\\\\". */
static const char *cli_skip_unc(const char *name)
{
	return name[0] == '\\' && name[1] == '\\' ? name + 2 : name;
}

static const char *cli_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* label=value;warn;crit;0 (Performance data: 'label'=value[UOM];[warn];
 * [crit];[min];[max]); the thresholds as they were given. */
static void cli_perf(FILE *out, const char *label, size_t v, const struct cli_range *warn,
                     const struct cli_range *crit)
{
	fprintf(out, " %s=%zu;%s;%s;0", label, v, warn != NULL ? warn->text : "",
	        crit != NULL ? crit->text : "");
}

int cli_check_report(FILE *out, const char *server, const struct cli_check_spec *spec,
                     const struct cli_check_counts *c, enum cli_check_state st)
{
	bool idle = spec->max_idle_set;

	fprintf(out, "SMB SESSIONS %s - ", cli_check_state_name(st));
	if (idle)
		fprintf(out, "%zu of ", c->idle);
	fprintf(out, "%zu session%s", c->sessions, cli_plural(c->sessions));
	if (spec->user != NULL) {
		fputs(" of ", out);
		cli_put_name(out, spec->user);
	}
	if (spec->client != NULL) {
		fputs(" from ", out);
		cli_put_name(out, cli_skip_unc(spec->client));
	}
	fputs(" on ", out);
	cli_put_name(out, server);
	if (idle)
		fprintf(out, " idle longer than %lu s", (unsigned long)spec->max_idle);
	fputs(" |", out);
	cli_perf(out, "sessions", c->sessions, idle ? NULL : spec->warn, idle ? NULL : spec->crit);
	cli_perf(out, "users", c->users, NULL, NULL);
	cli_perf(out, "clients", c->clients, NULL, NULL);
	if (idle)
		cli_perf(out, "idle_sessions", c->idle, spec->warn, spec->crit);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

int cli_check_unknown(FILE *out, const char *server, const char *what)
{
	fputs("SMB SESSIONS UNKNOWN - ", out);
	if (server != NULL) {
		cli_put_name(out, server);
		fputs(": ", out);
	}
	cli_put_name(out, what);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
