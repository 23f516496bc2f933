/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lanmgr.h - the session objects of the LAN Manager MIB II
 * (LanMgr-Mib-II-MIB, enterprise 77), which consoles built for Windows
 * servers address: their numbers, and how a row of smbSessionTable
 * (core/rowset.h) reads there.  The module is SMIv1: INTEGER, Counter and
 * DisplayString, index columns read-only rather than not-accessible.
 * Pure: no I/O; of Net-SNMP only its type of sub-identifiers.
 *
 * netsessd writes no module text for it: consoles already have theirs.
 */
#ifndef NETSESSD_MIB_LANMGR_H
#define NETSESSD_MIB_LANMGR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/types.h>

/* lanmanager ::= { enterprises 77 }, lanmgr-2 ::= { lanmanager 1 },
 * server ::= { lanmgr-2 2 } */
#define NSD_LM_OID_ROOT 1, 3, 6, 1, 4, 1, 77
#define NSD_LM_OID_SERVER NSD_LM_OID_ROOT, 1, 2
/* svSessionNumber ::= { server 19 }; its one instance is .0 */
#define NSD_LM_OID_SESSION_NUMBER NSD_LM_OID_SERVER, 19
/* svSessionTable ::= { server 20 }, svSessionEntry ::= { svSessionTable 1 } */
#define NSD_LM_OID_SESSION_TABLE NSD_LM_OID_SERVER, 20

/* svSessionEntry columns, INDEX { svSesClientName, svSesUserName }. */
enum nsd_lm_column {
	NSD_LMCOL_CLIENT_NAME = 1, /* DisplayString (SIZE (1..15)), read-only */
	NSD_LMCOL_USER_NAME = 2,   /* DisplayString (SIZE (1..20)), read-only */
	NSD_LMCOL_NUM_CONNS = 3,   /* INTEGER */
	NSD_LMCOL_NUM_OPENS = 4,   /* INTEGER */
	NSD_LMCOL_TIME = 5,        /* Counter, seconds */
	NSD_LMCOL_IDLE_TIME = 6,   /* Counter, seconds */
	NSD_LMCOL_CLIENT_TYPE = 7, /* INTEGER, enum nsd_lm_client_type */
	NSD_LMCOL_STATE = 8,       /* INTEGER { active(1), deleted(2) }, read-write */
};

/* svSesClientType. */
enum nsd_lm_client_type {
	NSD_LM_CLTYPE_DOWN_LEVEL = 1,
	NSD_LM_CLTYPE_DOS_LM = 2,
	NSD_LM_CLTYPE_DOS_LM_2 = 3,
	NSD_LM_CLTYPE_OS2_LM_1 = 4,
	NSD_LM_CLTYPE_OS2_LM_2 = 5,
	NSD_LM_CLTYPE_DOS_LM_2_1 = 6,
	NSD_LM_CLTYPE_OS2_LM_2_1 = 7,
	NSD_LM_CLTYPE_AFP_1_1 = 8,
	NSD_LM_CLTYPE_AFP_2_0 = 9,
	NSD_LM_CLTYPE_NT_3_1 = 10,
};

/* svSesState. */
enum nsd_lm_state {
	NSD_LM_STATE_ACTIVE = 1,
	NSD_LM_STATE_DELETED = 2,
};

/* The SIZE bounds of the index strings, in octets. */
#define NSD_LM_CLIENT_MAX 15u
#define NSD_LM_USER_MAX 20u
/* The index of a row: each name as its length and its octets
 * (non-IMPLIED strings, RFC 1212 4.1.6). */
#define NSD_LM_INDEX_MAX (1u + NSD_LM_CLIENT_MAX + 1u + NSD_LM_USER_MAX)

/* True when the names fit the index SIZE bounds: client 1..15 octets, user
 * 1..20 (an anonymous session, or one still logging on, has no user name
 * and so no row). */
int nsd_lm_key_fits(const char *client, const char *user);

/*
 * Writes the index of the row (client, user) as sub-identifiers:
 * strlen(client), client octets, strlen(user), user octets.  Returns the
 * number written, or 0 when cap is too small or the names do not fit the
 * SIZE bounds.  NSD_LM_INDEX_MAX is always enough.
 */
size_t nsd_lm_index(const char *client, const char *user, uint32_t *buf, size_t cap);

/* The names a row's index gives. */
struct nsd_lm_key {
	char client[NSD_LM_CLIENT_MAX + 1];
	char user[NSD_LM_USER_MAX + 1];
};

/*
 * Decodes idx[0 .. len), the sub-identifiers after the column: each name
 * as its length and its octets, and nothing more.  True, with *out filled
 * (may be NULL), when it can name a row: client 1..15 octets, user 1..20,
 * each octet 1..255 (the names are C strings: a NUL would cut one).
 */
bool nsd_lm_index_parse(const oid *idx, size_t len, struct nsd_lm_key *out);

/*
 * svSesClientType for the client type a server reports (SESSION_INFO_2
 * sesi2_cltype_name, [MS-SRVS] 2.2.4.14): the LAN Manager names ("DOS LM
 * 2.0", "OS/2 LM 2.1", "AFP 2.0", ...; case and surrounding blanks do not
 * matter) map to their value; anything else is nt-3-1(10): a client of the
 * NT family ("Windows 10 ...", "NT"), or no type at all (Windows reports
 * none for Vista and later, Samba serves level 1, which has no type).
 */
int nsd_lm_client_type(const char *cltype_name);

/* An unsigned count as an INTEGER column (-2^31..2^31-1, RFC 2578
 * 7.1.1): saturates at 2147483647. */
long nsd_lm_integer(uint32_t v);

#endif
