/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mib.h - the numbers of SMB-SESSION-MIB (mibs/SMB-SESSION-MIB.txt).
 *
 * The module's root is written once, in NSD_OID_ROOT: it sits under
 * Net-SNMP's experimental branch (netSnmpPlaypen 445) until the project
 * has a private enterprise number; replacing that one line moves every
 * object and notification.  Nothing here depends on Net-SNMP, so the
 * pure modules and their tests can use it too.
 */
#ifndef NETSESSD_MIB_MIB_H
#define NETSESSD_MIB_MIB_H

/* smbSessionMIB ::= { netSnmpPlaypen 445 } = 1.3.6.1.4.1.8072.9999.9999.445 */
#define NSD_OID_ROOT 1, 3, 6, 1, 4, 1, 8072, 9999, 9999, 445
#define NSD_OID_ROOT_LEN 10

/* Below smbSessionMIB. */
#define NSD_OID_NOTIFICATIONS NSD_OID_ROOT, 0 /* smbSessionNotifications */
#define NSD_OID_OBJECTS NSD_OID_ROOT, 1       /* smbSessionObjects */

#define NSD_OID_SERVER_ENTRY NSD_OID_OBJECTS, 1, 1  /* smbServerEntry */
#define NSD_OID_SESSION_ENTRY NSD_OID_OBJECTS, 2, 1 /* smbSessionEntry */
#define NSD_OID_NOTIFY_OBJECTS NSD_OID_OBJECTS, 3   /* smbNotifyObjects */

/* smbServerTable ::= { smbSessionObjects 1 }, registered at the table. */
#define NSD_OID_SERVER_TABLE NSD_OID_OBJECTS, 1
/* smbSessionTable ::= { smbSessionObjects 2 } */
#define NSD_OID_SESSION_TABLE NSD_OID_OBJECTS, 2

/* smbServerEntry columns. */
enum nsd_server_column {
	NSD_SRVCOL_INDEX = 1, /* not-accessible */
	NSD_SRVCOL_NAME = 2,
	NSD_SRVCOL_ADDRESS = 3,
	NSD_SRVCOL_STATUS = 4,
	NSD_SRVCOL_LAST_POLL = 5,
	NSD_SRVCOL_LAST_ERROR = 6,
	NSD_SRVCOL_SESSIONS = 7,
	NSD_SRVCOL_POLLS = 8,
	NSD_SRVCOL_POLL_FAILURES = 9,
	NSD_SRVCOL_DELETES = 10,
	NSD_SRVCOL_DELETE_FAILURES = 11,
	NSD_SRVCOL_DISCONNECT_USER = 12,
	NSD_SRVCOL_DISCONNECT_CLIENT = 13,
	NSD_SRVCOL_LAST_POLL_AGE = 14,
	NSD_SRVCOL_LAST = NSD_SRVCOL_LAST_POLL_AGE, /* the highest column */
};

/* smbSessionEntry columns. */
enum nsd_session_column {
	NSD_SESSCOL_CLIENT = 1, /* not-accessible */
	NSD_SESSCOL_USER = 2,   /* not-accessible */
	NSD_SESSCOL_COUNT = 3,
	NSD_SESSCOL_OPENS = 4,
	NSD_SESSCOL_TIME = 5,
	NSD_SESSCOL_IDLE_TIME = 6,
	NSD_SESSCOL_FLAGS = 7,
	NSD_SESSCOL_CLIENT_TYPE = 8,
	NSD_SESSCOL_TRANSPORT = 9,
	NSD_SESSCOL_ROW_STATUS = 10,
};

/* smbNotifyObjects. */
enum nsd_notify_object {
	NSD_NOTIFY_CLIENT = 1,
	NSD_NOTIFY_USER = 2,
	NSD_NOTIFY_RESULT = 3,
	NSD_NOTIFY_MANAGER_ADDRESS = 4,
	NSD_NOTIFY_SECURITY_MODEL = 5,
	NSD_NOTIFY_SECURITY_NAME = 6,
};

/* smbSessionNotifications. */
enum nsd_notification {
	NSD_TRAP_SESSION_DELETED = 1,
	NSD_TRAP_SERVER_STATUS_CHANGED = 2,
};

/* smbServerStatus. */
enum nsd_server_status {
	NSD_STATUS_UNKNOWN = 1,
	NSD_STATUS_OK = 2,
	NSD_STATUS_UNREACHABLE = 3,
	NSD_STATUS_LOGON_FAILURE = 4,
	NSD_STATUS_ACCESS_DENIED = 5,
	NSD_STATUS_PROTOCOL_ERROR = 6,
};

/* RowStatus, RFC 2579. */
enum nsd_row_status {
	NSD_RS_ACTIVE = 1,
	NSD_RS_NOT_IN_SERVICE = 2,
	NSD_RS_NOT_READY = 3,
	NSD_RS_CREATE_AND_GO = 4,
	NSD_RS_CREATE_AND_WAIT = 5,
	NSD_RS_DESTROY = 6,
};

/* SIZE bounds of the index strings and of the disconnect objects (octets). */
#define NSD_CLIENT_MIN 1u
#define NSD_CLIENT_MAX 63u
#define NSD_USER_MAX 48u
#define NSD_DISCONNECT_MAX 64u

/* SnmpAdminString: OCTET STRING (SIZE (0..255)), UTF-8 (RFC 3411). */
#define NSD_ADMIN_STRING_MAX 255u

/* smbServerLastPollAge when no poll has succeeded: the largest Gauge32. */
#define NSD_POLL_AGE_NEVER 4294967295u

/* smbServerIndex (1..65535). */
#define NSD_SERVER_INDEX_MAX 65535u

/* smbSessionFlags BITS: bit 0 is the high-order bit of the first octet
 * (RFC 2578 7.1.4). */
#define NSD_FLAGS_GUEST 0x80u
#define NSD_FLAGS_NO_ENCRYPTION 0x40u

/* The index of a session row: server, then each name as its length and its
 * octets (non-IMPLIED strings, RFC 2578 7.7). */
#define NSD_SESSION_INDEX_MAX (1u + 1u + NSD_CLIENT_MAX + 1u + NSD_USER_MAX)

#endif
