/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dcerpc.h - DCE/RPC connection-oriented PDUs (C706 chapter 12,
 * [MS-RPCE] 2.2.2) for one presentation context with NDR20, no auth.
 *
 * Pure functions over bounded buffers; no I/O.  Encoders write into a
 * caller buffer and return the PDU length; decoders validate the whole PDU
 * before returning anything.  Return values: NERR_Success,
 * NETSESS_E_PROTOCOL (malformed), NETSESS_E_BIND_REJECTED,
 * NETSESS_E_RPC_FAULT (fault PDU; status in *fault), ERROR_NOT_ENOUGH_MEMORY,
 * ERROR_INVALID_PARAMETER (caller buffer too small).
 */
#ifndef NETSESS_DCERPC_H
#define NETSESS_DCERPC_H

#include "netsess.h"

#define DCERPC_HDR_LEN 16u
#define DCERPC_REQUEST_HDR_LEN 24u /* common header + alloc_hint, ctx, opnum */
#define DCERPC_RESPONSE_HDR_LEN 24u
#define DCERPC_DEFAULT_FRAG 4280u /* usual on named pipes */
#define DCERPC_MIN_FRAG 1432u     /* C706 12.6.3.1 must_recv_frag_size */

enum ns_dcerpc_ptype {
	DCERPC_PT_REQUEST = 0,
	DCERPC_PT_RESPONSE = 2,
	DCERPC_PT_FAULT = 3,
	DCERPC_PT_BIND = 11,
	DCERPC_PT_BIND_ACK = 12,
	DCERPC_PT_BIND_NAK = 13,
};

#define DCERPC_PFC_FIRST_FRAG 0x01u
#define DCERPC_PFC_LAST_FRAG 0x02u

/* A 16-byte UUID as it appears on the wire plus version (major, minor). */
struct ns_dcerpc_syntax {
	uint8_t uuid[16];
	uint16_t major;
	uint16_t minor;
};

extern const struct ns_dcerpc_syntax ns_dcerpc_srvsvc_syntax; /* 4b324fc8-...v3.0 */
extern const struct ns_dcerpc_syntax ns_dcerpc_ndr20_syntax;  /* 8a885d04-...v2.0 */

struct ns_dcerpc_hdr {
	uint8_t ptype;
	uint8_t flags;
	uint16_t frag_len;
	uint16_t auth_len;
	uint32_t call_id;
};

/* Decodes and validates the 16-byte common header: version 5.0, little
 * endian integer drep, frag_len >= 16 and <= max_frag. */
netsess_status_t ns_dcerpc_hdr_decode(const uint8_t *buf, size_t len, size_t max_frag,
                                      struct ns_dcerpc_hdr *out);

/* bind with one context (id 0): abstract, transfer NDR20.  Returns the PDU
 * length in *len. */
netsess_status_t ns_dcerpc_bind_encode(uint8_t *buf, size_t cap, uint32_t call_id,
                                       uint16_t max_xmit, uint16_t max_recv,
                                       const struct ns_dcerpc_syntax *abstract, size_t *len);

struct ns_dcerpc_bind_result {
	uint16_t max_xmit; /* what the server will send at most */
	uint16_t max_recv; /* what the server accepts at most */
	uint32_t assoc_group;
	uint16_t nak_reason; /* set with NETSESS_E_BIND_REJECTED from bind_nak */
	uint16_t result;     /* first context result (0 = acceptance) */
	uint16_t reason;
};

/* Decodes a bind_ack or bind_nak for call_id.  bind_ack whose first result
 * is not acceptance, or bind_nak, gives NETSESS_E_BIND_REJECTED.  An
 * accepted context with another transfer syntax than NDR20, or fragment
 * sizes below DCERPC_MIN_FRAG, give NETSESS_E_PROTOCOL.  The values are the
 * server's; the caller takes the minimum with what it offered. */
netsess_status_t ns_dcerpc_bind_reply_decode(const uint8_t *pdu, size_t len, uint32_t call_id,
                                             struct ns_dcerpc_bind_result *out);

/* Encodes one request fragment carrying stub[off .. off+n) where n is as
 * much as fits in max_frag (a multiple of 8 unless it is the last);
 * FIRST/LAST flags from the position.  *consumed is n; *len the PDU length.
 * alloc_hint is the whole stub length.  max_frag is 32 .. 65535. */
netsess_status_t ns_dcerpc_request_encode(uint8_t *buf, size_t cap, uint32_t call_id,
                                          uint16_t opnum, const uint8_t *stub, size_t stub_len,
                                          size_t off, size_t max_frag, size_t *consumed,
                                          size_t *len);

/* One decoded response fragment; stub points into the PDU. */
struct ns_dcerpc_frag {
	uint8_t flags;
	const uint8_t *stub;
	size_t stub_len;
};

/* Decodes a response (or fault) PDU for call_id.  A fault gives
 * NETSESS_E_RPC_FAULT with its status in *fault (fault may be NULL).  A
 * call_id mismatch or another ptype gives NETSESS_E_PROTOCOL.  As for
 * bind replies, len must be the PDU's frag_length. */
netsess_status_t ns_dcerpc_response_decode(const uint8_t *pdu, size_t len, uint32_t call_id,
                                           struct ns_dcerpc_frag *out, uint32_t *fault);

/* Reassembly of a multi-fragment response stub, with a size cap. */
struct ns_dcerpc_reasm {
	uint8_t *data;
	size_t len;
	size_t cap;
	size_t limit;
	bool first_seen;
	bool done;
};
void ns_dcerpc_reasm_init(struct ns_dcerpc_reasm *r, size_t limit);
/* Appends a fragment: the first must carry FIRST_FRAG, later ones must not;
 * LAST_FRAG sets done.  Exceeding limit gives NETSESS_E_PROTOCOL. */
netsess_status_t ns_dcerpc_reasm_add(struct ns_dcerpc_reasm *r, const struct ns_dcerpc_frag *f);
/* Frees the buffer; safe to call twice. */
void ns_dcerpc_reasm_free(struct ns_dcerpc_reasm *r);

#endif
