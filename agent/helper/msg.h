/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * rpcmsg.h - the messages between netsessd and a server's RPC process
 * (netsessd-rpc): pure encoders and decoders over bounded buffers, no I/O.
 *
 * One request at a time, each answered by one reply of the same kind.
 * Integers are little-endian.
 *
 *   frame    = length:u32 body          length: octets of body,
 *                                       1..NSD_RPCMSG_FRAME_MAX
 *   body     = kind:u8 payload          the payload fills the body exactly
 *   str      = n:u32 octet[n]           n = NSD_RPCMSG_NULL: no string;
 *                                       else n <= NSD_RPCMSG_STR_MAX, no NUL
 *
 * Requests (netsessd to the RPC process):
 *   OPEN  version:u32 username:str password:str domain:str auth_file:str
 *         kerberos:u8 signing:u8 encryption:u8 port:u16 timeout_ms:u32
 *         pref_max_len:u32 max_frag:u16           netsess_ctx_new()
 *   ENUM  server:str client:str user:str level:u32 netsess_session_enum()
 *   DEL   server:str client:str user:str          netsess_session_del()
 *
 * Replies (the RPC process to netsessd):
 *   OPEN  status:u32 version:u32
 *   ENUM  status:u32, and when status is NERR_Success:
 *         level_requested:u32 level_served:u32 total:u32 count:u32
 *         session[count]
 *   DEL   status:u32
 *   session = client:str user:str opens:u32 time:u32 idle_time:u32
 *             user_flags:u32 client_type:str transport:str
 *
 * kerberos is 0 or 1; signing and encryption are enum netsess_smb_policy
 * values.  version is NSD_RPCMSG_VERSION on both sides.
 */
#ifndef NETSESSD_RPCMSG_H
#define NETSESSD_RPCMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "netsess.h"

#define NSD_RPCMSG_VERSION 1u
/* Octets of the length prefix. */
#define NSD_RPCMSG_HEADER 4u
/* The largest body: the library's own cap on a reply stub (64 MiB). */
#define NSD_RPCMSG_FRAME_MAX (64u * 1024u * 1024u)
/* The longest string: 4096 UTF-16 units (the NDR cap) as UTF-8, and a
 * path of PATH_MAX octets, both fit. */
#define NSD_RPCMSG_STR_MAX 16384u
#define NSD_RPCMSG_NULL 0xFFFFFFFFu
/* The most sessions in one reply, as the library caps a NetrSessionEnum
 * result. */
#define NSD_RPCMSG_SESSIONS_MAX 1000000u

enum nsd_rpcmsg_kind {
	NSD_RPCMSG_OPEN = 1,
	NSD_RPCMSG_ENUM = 2,
	NSD_RPCMSG_DEL = 3,
};

/* An encoded frame, length prefix included.  Owned by the caller; free
 * with nsd_rpcmsg_frame_free(), which wipes it (an OPEN request holds a
 * password). */
struct nsd_rpcmsg_frame {
	uint8_t *data;
	size_t len;
};
void nsd_rpcmsg_frame_free(struct nsd_rpcmsg_frame *f);

/*
 * A decoded request.  Strings are owned (NULL when absent); free with
 * nsd_rpcmsg_request_clear(), which wipes the password.
 */
struct nsd_rpcmsg_request {
	enum nsd_rpcmsg_kind kind;
	/* OPEN */
	uint32_t version;
	char *username;
	char *password;
	char *domain;
	char *auth_file;
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
	uint32_t level; /* ENUM */
};
void nsd_rpcmsg_request_clear(struct nsd_rpcmsg_request *req);
/* Fills *opts from an OPEN request; opts points into req. */
void nsd_rpcmsg_request_options(const struct nsd_rpcmsg_request *req, struct netsess_options *opts);

/* A decoded reply.  list (ENUM with NERR_Success only) is owned: take it
 * or free it with netsess_session_list_free(). */
struct nsd_rpcmsg_reply {
	enum nsd_rpcmsg_kind kind;
	netsess_status_t status;
	uint32_t version; /* OPEN */
	struct netsess_session_list *list;
};

/*
 * The length a frame header announces.  Returns NERR_Success, or
 * NETSESS_E_PROTOCOL when it is 0 or over NSD_RPCMSG_FRAME_MAX.
 */
netsess_status_t nsd_rpcmsg_frame_length(const uint8_t hdr[NSD_RPCMSG_HEADER], size_t *len);

/*
 * Encoders: each fills *out (the caller's on success, empty on failure)
 * with one whole frame.  Strings may be NULL.  Return NERR_Success,
 * ERROR_NOT_ENOUGH_MEMORY, or ERROR_INVALID_PARAMETER when a string is
 * longer than NSD_RPCMSG_STR_MAX, a value does not fit its field or the
 * frame would exceed NSD_RPCMSG_FRAME_MAX.
 */
netsess_status_t nsd_rpcmsg_encode_open(const struct netsess_options *opts,
                                        struct nsd_rpcmsg_frame *out);
netsess_status_t nsd_rpcmsg_encode_enum(const char *server, const char *client, const char *user,
                                        uint32_t level, struct nsd_rpcmsg_frame *out);
netsess_status_t nsd_rpcmsg_encode_del(const char *server, const char *client, const char *user,
                                       struct nsd_rpcmsg_frame *out);
/* status is netsess_ctx_new()'s; the reply carries NSD_RPCMSG_VERSION. */
netsess_status_t nsd_rpcmsg_encode_open_reply(netsess_status_t status,
                                              struct nsd_rpcmsg_frame *out);
/* list is required when status is NERR_Success and ignored otherwise. */
netsess_status_t nsd_rpcmsg_encode_enum_reply(netsess_status_t status,
                                              const struct netsess_session_list *list,
                                              struct nsd_rpcmsg_frame *out);
netsess_status_t nsd_rpcmsg_encode_del_reply(netsess_status_t status, struct nsd_rpcmsg_frame *out);

/*
 * Decoders of a body (the octets after the length prefix).  On
 * NERR_Success *out is filled and owns what it points to; on failure it is
 * empty.  Return NETSESS_E_PROTOCOL for anything malformed (unknown kind,
 * truncation, trailing octets, a string too long or holding a NUL, a value
 * out of range, a count over its cap or over what the body can hold) and
 * ERROR_NOT_ENOUGH_MEMORY.
 */
netsess_status_t nsd_rpcmsg_decode_request(const uint8_t *body, size_t len,
                                           struct nsd_rpcmsg_request *out);
/* A reply must be of the kind that was asked. */
netsess_status_t nsd_rpcmsg_decode_reply(const uint8_t *body, size_t len, enum nsd_rpcmsg_kind want,
                                         struct nsd_rpcmsg_reply *out);

#endif
