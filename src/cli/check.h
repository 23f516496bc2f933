/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check.h - netsess check, a Nagios/Icinga plugin: threshold ranges, what
 * is counted, the state, and the one status line with its performance data
 * (Monitoring Plugins Development Guidelines: "Plugin return codes",
 * "Threshold and ranges", "Performance data").
 *
 * Pure functions over a session list; the command (netsess.c) makes the
 * call and decides the exit status.
 */
#ifndef NETSESS_CLI_CHECK_H
#define NETSESS_CLI_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "netsess.h"

/*
 * A threshold range, [@]start:end: "10" is 0:10, "10:" has no end, "~:10"
 * no start.  A value outside the range (endpoints included) raises the
 * alert; with a leading '@', a value inside it.
 */
struct cli_range {
	bool inside;    /* '@' */
	bool has_start; /* false: minus infinity ("~") */
	bool has_end;   /* false: plus infinity ("10:") */
	double start;
	double end;
	const char *text; /* as given (borrowed), for the performance data */
};

/* Parses s into *r (r->text = s).  Returns 0, or -1 when s is not a range:
 * numbers are [-]digits[.digits], and start must not exceed end. */
int cli_range_parse(const char *s, struct cli_range *r);

/* True when v raises r's alert. */
bool cli_range_alert(const struct cli_range *r, double v);

/* The plugin return codes, which are also netsess check's exit status. */
enum cli_check_state {
	CLI_CHECK_OK = 0,
	CLI_CHECK_WARNING = 1,
	CLI_CHECK_CRITICAL = 2,
	CLI_CHECK_UNKNOWN = 3,
};

/* "OK", "WARNING", "CRITICAL", "UNKNOWN". */
const char *cli_check_state_name(enum cli_check_state st);

/* What is checked.  Borrowed pointers; NULL when not given. */
struct cli_check_spec {
	const struct cli_range *warn;
	const struct cli_range *crit;
	bool max_idle_set;  /* thresholds apply to the sessions idle longer than */
	uint32_t max_idle;  /* this many seconds */
	const char *client; /* the filters, as given, for the text */
	const char *user;
};

struct cli_check_counts {
	size_t sessions; /* every session listed (the filters applied) */
	size_t users;    /* distinct non-empty user names among them */
	size_t clients;  /* distinct client names among them */
	size_t idle;     /* idle longer than max_idle (with max_idle_set) */
};

/* Counts list (NULL: no session).  Names are told apart by
 * netsess_name_equal.  Returns 0, or -1 when out of memory. */
int cli_check_count(const struct netsess_session_list *list, const struct cli_check_spec *spec,
                    struct cli_check_counts *out);

/* CRITICAL when the measured count raises -c's alert, else WARNING when it
 * raises -w's, else OK.  The measured count is c->idle with max_idle_set,
 * c->sessions otherwise. */
enum cli_check_state cli_check_evaluate(const struct cli_check_spec *spec,
                                        const struct cli_check_counts *c);

/*
 * Writes the status line, e.g.
 *   SMB SESSIONS OK - 12 sessions on fs1 | sessions=12;20;50;0 users=7;;;0 clients=9;;;0
 * with the thresholds on the measured count (idle_sessions with
 * max_idle_set).  Names are written with '|' and control characters
 * replaced by '_', so that they cannot end the text part.  Returns 0, or
 * -1 when writing failed.
 */
int cli_check_report(FILE *out, const char *server, const struct cli_check_spec *spec,
                     const struct cli_check_counts *c, enum cli_check_state st);

/* Writes "SMB SESSIONS UNKNOWN - [SERVER: ]WHAT".  Returns 0, or -1 when
 * writing failed. */
int cli_check_unknown(FILE *out, const char *server, const char *what);

#endif
