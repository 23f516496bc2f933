/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * msg.h - the messages between netsessd and a server's helper process
 * (netsessd-rpc): pure encoders and decoders over bounded buffers, no I/O.
 *
 * Every request carries an id that its reply repeats, so a reply always
 * names the request it finishes.  Integers are little-endian.
 *
 *   frame    = length:u32 body          length: octets of body,
 *                                       1..NSD_MSG_FRAME_MAX
 *   body     = kind:u8 id:u32 payload   the payload fills the body exactly
 *   str      = n:u32 octet[n]           n = NSD_MSG_NULL: no string;
 *                                       else n <= NSD_MSG_STR_MAX, no NUL
 *
 * Requests (netsessd to the helper):
 *   OPEN  version:u32 username:str domain:str password_file:str
 *         auth_file:str keytab:str kerberos:u8 signing:u8 encryption:u8
 *         port:u16 timeout_ms:u32 pref_max_len:u32 max_frag:u16
 *         tmpdir:str                        netsess_ctx_new()
 *   ENUM  server:str client:str user:str level:u32
 *                                           netsess_session_enum()
 *   DEL   server:str client:str user:str settle_ms:u32
 *                                           netsess_session_del()
 *
 * Replies (the helper to netsessd), kind and id of their request:
 *   OPEN  status:u32 version:u32
 *   ENUM  status:u32 context, and when status is NERR_Success:
 *         level_requested:u32 level_served:u32 total:u32 count:u32
 *         session[count]
 *   DEL   status:u32 context
 *   session = client:str user:str opens:u32 time:u32 idle_time:u32
 *             user_flags:u32 client_type:str transport:str
 *   context = tickets:u32 ticket_end:u64 detail:str
 *             what the call left in the helper's context:
 *             netsess_ctx_tickets(), netsess_ctx_ticket_end() (seconds
 *             since the Epoch, at most INT64_MAX) and netsess_ctx_detail()
 *             (at most NSD_MSG_DETAIL_MAX octets)
 *
 * OPEN names the secret files, never a secret: the helper reads the
 * password file itself (and the library the auth file and the keytab), so
 * no password crosses the socket and netsessd never holds one.  kerberos is 0 or 1;
 * signing and encryption are enum netsess_smb_policy values; settle_ms is
 * the del_settle_ms of that one delete (netsess_ctx_set_del_settle).
 * tmpdir is a private directory netsessd made for this one process: the
 * helper's TMPDIR, where the library keeps its credential cache, removed
 * by netsessd when the process has ended however it ended.
 * version is NSD_MSG_VERSION on both sides.
 */
#ifndef NETSESSD_HELPER_MSG_H
#define NETSESSD_HELPER_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "netsess.h"

#define NSD_MSG_VERSION 3u
/* Octets of the length prefix. */
#define NSD_MSG_HEADER 4u
/* The largest body: the library's own cap on a reply stub (64 MiB). */
#define NSD_MSG_FRAME_MAX (64u * 1024u * 1024u)
/* The longest string: 4096 UTF-16 units (the NDR cap) as UTF-8, and a
 * path of PATH_MAX octets, both fit. */
#define NSD_MSG_STR_MAX 16384u
#define NSD_MSG_NULL 0xFFFFFFFFu
/* The longest detail of a reply: the library's are under 256 octets. */
#define NSD_MSG_DETAIL_MAX 1024u
/* The most sessions in one reply, as the library caps a NetrSessionEnum
 * result. */
#define NSD_MSG_SESSIONS_MAX 1000000u
/* The largest request: an OPEN of six strings at their cap, and room for
 * its integers. */
#define NSD_MSG_REQUEST_MAX (8u * (4u + NSD_MSG_STR_MAX))

enum nsd_msg_kind {
	NSD_MSG_OPEN = 1,
	NSD_MSG_ENUM = 2,
	NSD_MSG_DEL = 3,
};

/* An encoded frame, length prefix included.  Owned by the caller; free
 * with nsd_msg_frame_free(). */
struct nsd_msg_frame {
	uint8_t *data;
	size_t len;
};
void nsd_msg_frame_free(struct nsd_msg_frame *f);

/* What a helper needs to create its context: names and paths only. */
struct nsd_msg_open {
	const char *username;      /* may be NULL */
	const char *domain;        /* may be NULL */
	const char *password_file; /* its first line is the password; may be NULL */
	const char *auth_file;     /* smbclient format, read by the library; may be NULL */
	const char *keytab;        /* Kerberos keytab of username; may be NULL */
	const char *tmpdir;        /* the helper's TMPDIR; may be NULL */
	bool kerberos;
	enum netsess_smb_policy signing;
	enum netsess_smb_policy encryption;
	uint16_t port;
	uint32_t timeout_ms;
	uint32_t pref_max_len;
	uint16_t max_frag;
};

/* A decoded request.  Strings are owned (NULL when absent); free with
 * nsd_msg_request_clear(). */
struct nsd_msg_request {
	enum nsd_msg_kind kind;
	uint32_t id;
	/* OPEN */
	uint32_t version;
	char *username;
	char *domain;
	char *password_file;
	char *auth_file;
	char *keytab;
	char *tmpdir;
	bool kerberos;
	enum netsess_smb_policy signing;
	enum netsess_smb_policy encryption;
	uint16_t port;
	uint32_t timeout_ms;
	uint32_t pref_max_len;
	uint16_t max_frag;
	/* ENUM, DEL */
	char *server;
	char *client;
	char *user;
	uint32_t level;     /* ENUM */
	uint32_t settle_ms; /* DEL */
};
void nsd_msg_request_clear(struct nsd_msg_request *req);

/* What a call left in the helper's context, sent with its ENUM or DEL
 * reply. */
struct nsd_msg_context {
	uint32_t tickets;   /* netsess_ctx_tickets() */
	int64_t ticket_end; /* netsess_ctx_ticket_end(), 0..INT64_MAX */
	const char *detail; /* netsess_ctx_detail(); may be NULL */
};

/* A decoded reply.  list (ENUM with NERR_Success only) and detail are
 * owned: take them (set the fields to NULL) or free them with
 * nsd_msg_reply_clear(). */
struct nsd_msg_reply {
	enum nsd_msg_kind kind;
	uint32_t id;
	netsess_status_t status;
	uint32_t version; /* OPEN */
	/* ENUM, DEL: the context after the call */
	uint32_t tickets;
	int64_t ticket_end;
	char *detail; /* NULL: none */
	struct netsess_session_list *list;
};
void nsd_msg_reply_clear(struct nsd_msg_reply *rep);

/*
 * The length a frame header announces.  Returns NERR_Success, or
 * NETSESS_E_PROTOCOL when it is 0 or over NSD_MSG_FRAME_MAX.
 */
netsess_status_t nsd_msg_frame_length(const uint8_t hdr[NSD_MSG_HEADER], size_t *len);

/*
 * Encoders: each fills *out (the caller's on success, empty on failure)
 * with one whole frame.  Strings may be NULL.  Return NERR_Success,
 * ERROR_NOT_ENOUGH_MEMORY, or ERROR_INVALID_PARAMETER when a string is
 * longer than NSD_MSG_STR_MAX, a value does not fit its field or the
 * frame would exceed NSD_MSG_FRAME_MAX.
 */
netsess_status_t nsd_msg_encode_open(uint32_t id, const struct nsd_msg_open *open,
                                     struct nsd_msg_frame *out);
netsess_status_t nsd_msg_encode_enum(uint32_t id, const char *server, const char *client,
                                     const char *user, uint32_t level, struct nsd_msg_frame *out);
netsess_status_t nsd_msg_encode_del(uint32_t id, const char *server, const char *client,
                                    const char *user, uint32_t settle_ms,
                                    struct nsd_msg_frame *out);
/* status is netsess_ctx_new()'s; the reply carries NSD_MSG_VERSION. */
netsess_status_t nsd_msg_encode_open_reply(uint32_t id, netsess_status_t status,
                                           struct nsd_msg_frame *out);
/* list is required when status is NERR_Success and ignored otherwise.
 * ctx may be NULL (no ticket, no detail); a detail over
 * NSD_MSG_DETAIL_MAX octets is ERROR_INVALID_PARAMETER. */
netsess_status_t nsd_msg_encode_enum_reply(uint32_t id, netsess_status_t status,
                                           const struct netsess_session_list *list,
                                           const struct nsd_msg_context *ctx,
                                           struct nsd_msg_frame *out);
netsess_status_t nsd_msg_encode_del_reply(uint32_t id, netsess_status_t status,
                                          const struct nsd_msg_context *ctx,
                                          struct nsd_msg_frame *out);

/*
 * Decoders of a body (the octets after the length prefix).  On
 * NERR_Success *out is filled and owns what it points to; on failure it is
 * empty.  Return NETSESS_E_PROTOCOL for anything malformed (unknown kind,
 * truncation, trailing octets, a string too long or holding a NUL, a value
 * out of range, a count over its cap or over what the body can hold) and
 * ERROR_NOT_ENOUGH_MEMORY.
 */
netsess_status_t nsd_msg_decode_request(const uint8_t *body, size_t len,
                                        struct nsd_msg_request *out);
/* A reply of any kind; the caller checks kind and id against its request.
 * A detail over NSD_MSG_DETAIL_MAX octets, or a ticket_end over
 * INT64_MAX, is malformed. */
netsess_status_t nsd_msg_decode_reply(const uint8_t *body, size_t len, struct nsd_msg_reply *out);

#endif
