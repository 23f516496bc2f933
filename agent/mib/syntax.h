/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * syntax.h - what a manager's request must look like to name something in
 * SMB-SESSION-MIB: SnmpAdminString values, and the instances (indexes) of
 * the two tables.  Pure: the instance is given as Net-SNMP's sub-identifiers,
 * nothing is looked up.
 *
 * One rule for every index that cannot name a row, whatever its shape (a
 * sub-identifier out of range, a wrong length, missing parts, extra
 * sub-identifiers, a name that is not UTF-8): a SET answers noCreation, a
 * GET noSuchInstance, a GETNEXT the next instance in OID order.  An index
 * that is well formed but names no row is another case (RFC 2579: destroy
 * of an absent row is noError).
 */
#ifndef NETSESSD_MIB_SYNTAX_H
#define NETSESSD_MIB_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/types.h>

#include "mib/mib.h"

/*
 * SnmpAdminString (RFC 3411): UTF-8 (RFC 3629).  NUL is refused as well:
 * the names go to NetrSessionDel as NUL-terminated strings ([MS-SRVS]
 * 3.1.4.6), where a NUL would cut the name.
 */
bool nsd_admin_string_ok(const unsigned char *s, size_t len);

/* The instance of a row of smbSessionTable. */
struct nsd_session_index {
	unsigned server;                 /* smbServerIndex, 1..65535 */
	char client[NSD_CLIENT_MAX + 1]; /* smbSessionClient, 1..63 octets */
	char user[NSD_USER_MAX + 1];     /* smbSessionUser, 0..48 octets */
};

/*
 * Decodes idx[0 .. len), the sub-identifiers after the column: the server
 * index, then each name as its length and its octets (non-IMPLIED strings,
 * RFC 2578 7.7), and nothing more.  True, with *out filled (may be NULL),
 * when it can name a row: each part within its SIZE and range, each octet
 * sub-identifier 0..255, each name an SnmpAdminString.
 */
bool nsd_session_index_parse(const oid *idx, size_t len, struct nsd_session_index *out);

/* The instance of a row of smbServerTable: exactly one sub-identifier,
 * 1..65535.  *server (may be NULL) gets it. */
bool nsd_server_index_parse(const oid *idx, size_t len, unsigned *server);

#endif
