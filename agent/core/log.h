/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.h - netsessd's log lines, written through Net-SNMP's logging (which
 * -f, -L and syslog configure).
 */
#ifndef NETSESSD_CORE_LOG_H
#define NETSESSD_CORE_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <syslog.h>

/* -d: LOG_DEBUG lines are written too. */
extern bool nsd_debug;

void nsd_log(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A name made safe for a log line: control octets become '?'.  Returns
 * buf; truncates to cap - 1 octets.  (Who asked for a delete; the names a
 * delete sends are quoted with nsd_log_quote.) */
const char *nsd_log_name(const char *name, char *buf, size_t cap);

/*
 * A name as the log shows it, so that no name can pass for another or for
 * the absence of a name: NULL (unspecified) is any; a name is quoted, with
 * '"' and '\\' escaped by a backslash and every control octet, every
 * octet that is not part of well-formed UTF-8 and every C1 control as
 * \xHH:  "10.0.0.5", "*", "a\"b", "\x09x".  A name longer than cap
 * allows ends with "..." after its closing quote.  Returns buf.
 */
const char *nsd_log_quote(const char *name, char *buf, size_t cap);
/* Room for a quoted name of 64 octets, each escaped. */
#define NSD_LOG_QUOTED_MAX (4 * 64 + 8)

/*
 * A text from elsewhere (a server, a library) made safe for a log line:
 * control octets become "\xNN", and a text longer than fits in cap is cut
 * at a whole character and ends in "...".  Returns buf ("" for NULL).
 */
const char *nsd_log_text(const char *text, char *buf, size_t cap);
/* Room for a text of about 200 octets. */
#define NSD_LOG_TEXT_MAX 256

#endif
