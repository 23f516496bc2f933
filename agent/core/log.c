/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - the daemon's log lines, written through Net-SNMP's logging (which
 * -f, -L and syslog configure).
 */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

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

/* Appends the escaped form of one UTF-8 sequence (or one stray octet),
 * s[0 .. n), to buf at *o when it fits before end; false when not. */
static bool log_put(char *buf, size_t *o, size_t end, const unsigned char *s, size_t n)
{
	char tmp[16];
	size_t len;

	if (n == 1 && (s[0] == '"' || s[0] == '\\')) {
		tmp[0] = '\\';
		tmp[1] = (char)s[0];
		len = 2;
	} else if (n == 1 && (s[0] < 0x20 || s[0] >= 0x7f)) {
		/* A control octet, or an octet that begins no well-formed
		 * sequence. */
		len = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x", s[0]);
	} else if (n == 2 && s[0] == 0xC2 && s[1] < 0xA0) {
		/* U+0080..U+009F, the C1 controls. */
		len = (size_t)snprintf(tmp, sizeof(tmp), "\\x%02x\\x%02x", s[0], s[1]);
	} else {
		memcpy(tmp, s, n);
		len = n;
	}
	if (*o + len > end)
		return false;
	memcpy(buf + *o, tmp, len);
	*o += len;
	return true;
}

const char *nsd_log_quote(const char *name, char *buf, size_t cap)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len, i = 0, o = 0, n;

	if (cap < 8) {
		if (cap > 0)
			buf[0] = '\0';
		return buf;
	}
	if (!name) {
		snprintf(buf, cap, "any");
		return buf;
	}
	len = strlen(name);
	buf[o++] = '"';
	/* Room is kept for the closing quote, "..." and the NUL. */
	while (i < len) {
		n = nsd_utf8_seq(s + i, len - i);
		if (n == 0)
			n = 1;
		if (!log_put(buf, &o, cap - 5, s + i, n))
			break;
		i += n;
	}
	buf[o++] = '"';
	if (i < len) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
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
