/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * output.h - what netsess prints: the session table, the JSON array or
 * object, and the one-line messages for a status.
 *
 * Columns and JSON keys follow list->level_served: only the fields that
 * level carries are shown ([MS-SRVS] 2.2.4.11 to 2.2.4.15).  Every function
 * returns 0, or -1 when out of memory or when writing failed (errno set).
 */
#ifndef NETSESS_CLI_OUTPUT_H
#define NETSESS_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "netsess.h"

/* The message printed on stdout when NetSessionDel succeeds. */
#define CLI_DEL_SUCCESS "The specified session(s) has been successfully deleted"

/* A table with a header line and one line per session.  Text from the
 * server is shown with control characters and malformed UTF-8 escaped as
 * \xHH, so it cannot act on the terminal. */
int cli_output_table(FILE *out, const struct netsess_session_list *list);

/* One JSON array of objects with the keys client, user, opens, time,
 * idle_time, user_flags, client_type, transport (only those the served
 * level carries), written by json-c, followed by a newline.  Malformed
 * UTF-8 becomes U+FFFD; a NULL string becomes null. */
int cli_output_json(FILE *out, const struct netsess_session_list *list);

/* One JSON object: server, timestamp (when, as UTC ISO 8601),
 * level_requested, level_served and sessions, the array cli_output_json
 * writes.  list NULL: no session was listed (a filter matched nothing);
 * sessions is then [] and level_served null. */
int cli_output_json_object(FILE *out, const char *server, time_t when, uint32_t level_requested,
                           const struct netsess_session_list *list);

/* "netsess: level N served from level M" when the two differ. */
int cli_output_level_note(FILE *err, const struct netsess_session_list *list);

/* "netsess: <SymbolicName> (<code>): <description>", the code in decimal
 * for NET_API_STATUS values and in hex for NETSESS_E_* codes; for
 * NETSESS_E_RPC_FAULT the fault status follows, with its name when
 * netsess_fault_name() knows it. */
int cli_output_status(FILE *err, netsess_status_t status, uint32_t fault);

/* The same text without "netsess: " and the newline, into buf (always
 * NUL-terminated, truncated to len). */
void cli_status_text(char *buf, size_t len, netsess_status_t status, uint32_t fault);

#endif
