/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - the daemon's log lines, written through Net-SNMP's logging (which
 * -f, -L and syslog configure).
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

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
