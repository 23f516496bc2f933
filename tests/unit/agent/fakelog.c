/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fakelog.c - Net-SNMP's snmp_log() for the unit tests, under the real
 * agent/core/log.c: the lines are kept for the tests to look at
 * (fakes.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakes.h"

/* ---- the log ------------------------------------------------------------- */

#define FAKE_LOG_LINES 256
static char *fake_lines[FAKE_LOG_LINES];
static size_t fake_nlines;

/* Net-SNMP's, as agent/core/log.c calls it. */
int snmp_log(int priority, const char *fmt, ...);

int snmp_log(int priority, const char *fmt, ...)
{
	va_list ap;
	char *line = NULL;

	(void)priority;
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) < 0)
		line = NULL;
	va_end(ap);
	if (!line)
		return 0;
	if (fake_nlines == FAKE_LOG_LINES) {
		free(fake_lines[0]);
		memmove(fake_lines, fake_lines + 1, (FAKE_LOG_LINES - 1) * sizeof(char *));
		fake_nlines--;
	}
	fake_lines[fake_nlines++] = line;
	return 0;
}

bool fake_log_has(const char *text)
{
	size_t i;

	for (i = 0; i < fake_nlines; i++)
		if (strstr(fake_lines[i], text))
			return true;
	return false;
}

size_t fake_log_count(const char *text)
{
	size_t i, n = 0;

	for (i = 0; i < fake_nlines; i++)
		if (strstr(fake_lines[i], text))
			n++;
	return n;
}

void fake_log_clear(void)
{
	while (fake_nlines > 0)
		free(fake_lines[--fake_nlines]);
}

void fake_log_dump(void)
{
	size_t i;

	for (i = 0; i < fake_nlines; i++)
		fprintf(stderr, "log: %s", fake_lines[i]);
}
