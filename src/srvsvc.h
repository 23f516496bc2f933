/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * srvsvc.h - [MS-SRVS] session messages: NetrSessionEnum (opnum 12,
 * 3.1.4.5) and NetrSessionDel (opnum 13, 3.1.4.6) stubs in NDR20.
 *
 * Pure functions; no I/O.  Return values as in ndr.h.
 */
#ifndef NETSESS_SRVSVC_H
#define NETSESS_SRVSVC_H

#include "ndr.h"

#define SRVSVC_OPNUM_SESSION_ENUM 12u
#define SRVSVC_OPNUM_SESSION_DEL 13u

/* Cap on EntriesRead accepted from one response. */
#define SRVSVC_MAX_ENTRIES 1000000u

struct ns_srvsvc_enum_req {
	const char *server; /* NULL: not sent (unique NULL) */
	const char *client; /* NULL: not sent; as given, with "\\" */
	const char *user;   /* NULL: not sent */
	uint32_t level;     /* 0, 1, 2, 10 or 502 */
	uint32_t pref_max_len;
	uint32_t resume_handle; /* always sent as a non-NULL pointer */
};

/* Encodes the request stub into *out (initialised by the caller).  Empty
 * names are sent as NULL ([MS-SRVS] treats them alike).  A level other than
 * 0, 1, 2, 10, 502 gives ERROR_INVALID_LEVEL; invalid UTF-8,
 * ERROR_INVALID_PARAMETER. */
netsess_status_t ns_srvsvc_session_enum_encode(const struct ns_srvsvc_enum_req *req,
                                               struct ns_ndr_push *out);

struct ns_srvsvc_enum_rep {
	uint32_t level;
	size_t count;                    /* EntriesRead */
	struct netsess_session *entries; /* count items, caller-owned */
	uint32_t total_entries;
	bool has_resume;
	uint32_t resume_handle;
	netsess_status_t status; /* the server's NET_API_STATUS */
};

/* Decodes a response stub (strings as the server sent them: a client name
 * may carry a leading "\\").  On NERR_Success *out holds the caller's data,
 * released with ns_srvsvc_enum_rep_clear(); on failure nothing is held.
 * A level in the reply other than the one requested is NETSESS_E_PROTOCOL,
 * except when the server's status is an error (then entries may be absent). */
netsess_status_t ns_srvsvc_session_enum_decode(const uint8_t *stub, size_t len,
                                               uint32_t level_requested,
                                               struct ns_srvsvc_enum_rep *out);
void ns_srvsvc_enum_rep_clear(struct ns_srvsvc_enum_rep *rep);
/* Frees the strings of one entry and zeroes it. */
void ns_srvsvc_session_clear(struct netsess_session *s);

/* NetrSessionDel request stub.  Refuses (ERROR_INVALID_PARAMETER) when both
 * client and user are NULL or empty: Samba would end every session.  An
 * empty name is sent as NULL. */
netsess_status_t ns_srvsvc_session_del_encode(const char *server, const char *client,
                                              const char *user, struct ns_ndr_push *out);
/* The response stub is the NET_API_STATUS alone. */
netsess_status_t ns_srvsvc_session_del_decode(const uint8_t *stub, size_t len,
                                              netsess_status_t *result);

#endif
