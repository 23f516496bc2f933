/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rowset.h - one server's NetrSessionEnum result turned into the rows of
 * smbSessionTable: one row per distinct (client, user) pair, in the order
 * of the table's index.  Pure: no I/O, no Net-SNMP.
 */
#ifndef NETSESSD_CORE_ROWSET_H
#define NETSESSD_CORE_ROWSET_H

#include <stddef.h>
#include <stdint.h>
#include "netsess.h"

/*
 * One row: the sessions of one user from one client, merged.
 *   count      how many sessions the row merges
 *   opens      sum of their open files (saturates at UINT32_MAX)
 *   time       the longest session time, seconds
 *   idle_time  the shortest idle time, seconds
 *              (times of 2^31 s or more, which Samba reports for a session
 *              younger than a second, count as 0)
 *   flags      NETSESS_SESS_* of any merged session (bitwise OR)
 *   client_type, transport  from the first merged session that has one,
 *              "" when none does (Samba serves level 1, which has neither);
 *              cut to NSD_ADMIN_STRING_MAX octets at a UTF-8 character
 *              boundary (SnmpAdminString)
 * All strings are owned by the row set.
 */
struct nsd_row {
	char *client; /* NSD_CLIENT_MIN..NSD_CLIENT_MAX octets, no backslashes */
	char *user;   /* 0..NSD_USER_MAX octets */
	uint32_t count;
	uint32_t opens;
	uint32_t time;
	uint32_t idle_time;
	uint32_t flags;
	char *client_type;
	char *transport;
};

struct nsd_rowset {
	size_t count;
	struct nsd_row *rows; /* sorted by nsd_row_key_cmp, keys unique */
	uint32_t sessions;    /* every session of the list (smbServerSessions) */
	uint32_t omitted;     /* sessions left out: names beyond the SIZE bounds */
	char *omitted_client; /* the first one left out, for the log; or NULL */
	char *omitted_user;
};

/*
 * Builds the rows of a session list (which stays the caller's).  Sessions
 * whose client name is empty or longer than NSD_CLIENT_MAX octets, or whose
 * user name is longer than NSD_USER_MAX, are counted in sessions and
 * omitted but get no row.  A NULL user is "".  Returns 0, or -1 when out of
 * memory (out is then empty).  The caller frees out with
 * nsd_rowset_clear().
 */
int nsd_rowset_build(const struct netsess_session_list *list, struct nsd_rowset *out);
/* Frees what a row set owns and empties it.  NULL is fine. */
void nsd_rowset_clear(struct nsd_rowset *set);
/* Frees the strings of one row and empties it. */
void nsd_row_clear(struct nsd_row *row);

/*
 * Orders two (client, user) keys as their index sub-identifiers order:
 * length of the client, its octets (unsigned), length of the user, its
 * octets.  Returns <0, 0 or >0.
 */
int nsd_row_key_cmp(const char *client_a, const char *user_a, const char *client_b,
                    const char *user_b);

/* True when the names fit the index SIZE bounds of smbSessionTable. */
int nsd_row_key_fits(const char *client, const char *user);

/*
 * Writes the index of the row (server, client, user) as sub-identifiers:
 * server, strlen(client), client octets, strlen(user), user octets.
 * Returns the number written, or 0 when cap is too small or the names do
 * not fit the SIZE bounds.  NSD_SESSION_INDEX_MAX (mib.h) is always enough.
 */
size_t nsd_row_index(uint32_t server, const char *client, const char *user, uint32_t *buf,
                     size_t cap);

/*
 * True when a NetrSessionDel with these names ends the sessions of the row:
 * client NULL matches every client, user NULL every user ([MS-SRVS]
 * 3.1.4.6), names compared by netsess_name_equal().
 */
int nsd_row_matches(const struct nsd_row *row, const char *client, const char *user);

#endif
