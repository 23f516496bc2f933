/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - the daemon's log lines, written through Net-SNMP's logging (which
 * -f, -L and syslog configure).
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

bool nsd_debug;

void nsd_log(int priority, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (priority == LOG_DEBUG && !nsd_debug)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	snmp_log(priority, "%s\n", line);
}

const char *nsd_log_name(const char *name, char *buf, size_t cap)
{
	size_t i;

	if (cap == 0)
		return "";
	for (i = 0; name && name[i] != '\0' && i < cap - 1; i++) {
		unsigned char c = (unsigned char)name[i];

		buf[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	buf[i] = '\0';
	return buf;
}

/* The octets c takes in a log line: 4 for "\xNN", else 1. */
static size_t log_width(unsigned char c)
{
	return c < 0x20 || c == 0x7f ? 4 : 1;
}

const char *nsd_log_text(const char *text, char *buf, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	static const char dots[] = "...";
	size_t i, len = 0, need = 0, budget;

	if (cap == 0)
		return "";
	buf[0] = '\0';
	if (!text)
		return buf;
	for (i = 0; text[i] != '\0'; i++)
		need += log_width((unsigned char)text[i]);
	budget = need <= cap - 1 ? need : cap - 1 > strlen(dots) ? cap - 1 - strlen(dots) : 0;
	for (i = 0; text[i] != '\0'; i++) {
		unsigned char c = (unsigned char)text[i];

		if (len + log_width(c) > budget)
			break;
		if (log_width(c) == 4) {
			buf[len++] = '\\';
			buf[len++] = 'x';
			buf[len++] = hex[c >> 4];
			buf[len++] = hex[c & 15];
		} else {
			buf[len++] = (char)c;
		}
	}
	if (text[i] != '\0') {
		/* Cut in the middle of a UTF-8 character: drop its start. */
		if (((unsigned char)text[i] & 0xC0) == 0x80) {
			while (len > 0 && ((unsigned char)buf[len - 1] & 0xC0) == 0x80)
				len--;
			if (len > 0 && (unsigned char)buf[len - 1] >= 0xC0)
				len--;
		}
		snprintf(buf + len, cap - len, "%s", dots);
		return buf;
	}
	buf[len] = '\0';
	return buf;
}
